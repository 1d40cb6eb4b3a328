// imaplib-cpp: the ready-made async client over TCP (port 143).
//
//   imaplib::async_imap4   basic_async_imap4<async_tcp_transport>
//
// With TLS, async/tls.hpp adds async_imap4_ssl (implicit TLS) and the STARTTLS form.
#ifndef IMAPLIB_ASYNC_IMAP4_HPP
#define IMAPLIB_ASYNC_IMAP4_HPP

#include <imaplib/config.hpp>
#include <imaplib/async/client.hpp>
#include <imaplib/async/tcp.hpp>

IMAPLIB_BEGIN_NAMESPACE

using async_imap4 = basic_async_imap4<async_tcp_transport>;

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ASYNC_IMAP4_HPP
