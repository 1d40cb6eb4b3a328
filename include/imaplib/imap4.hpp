// imaplib-cpp: the ready-made clients, named as imaplib names them.
//
//   imaplib::imap4         IMAP4         TCP on standalone Asio (port 143), STARTTLS with wolfSSL
//   imaplib::imap4_ssl     IMAP4_SSL     implicit TLS on wolfSSL (port 993)
//   imaplib::imap4_stream  IMAP4_stream  a command's stdin/stdout (POSIX)
//
// Each exists when its transport is enabled (config.hpp); basic_imap4<T> takes any
// transport of your own (docs/transports.md). With IMAPLIB_SEPARATE_COMPILATION the
// clients over the shipped transports are extern templates, compiled once by
// <imaplib/src.hpp> (docs/building.md).
#ifndef IMAPLIB_IMAP4_HPP
#define IMAPLIB_IMAP4_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/basic_imap4.hpp>

#ifdef IMAPLIB_USE_ASIO
#include <imaplib/transport/tcp.hpp>
#ifdef IMAPLIB_USE_WOLFSSL  // implies IMAPLIB_USE_ASIO (config.hpp)
#include <imaplib/transport/tls.hpp>
#endif
#endif
#ifdef IMAPLIB_HAS_PIPE
#include <imaplib/transport/pipe.hpp>
#endif
#ifdef IMAPLIB_SEPARATE_COMPILATION
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/record.hpp>
#endif

IMAPLIB_BEGIN_NAMESPACE

#ifdef IMAPLIB_USE_ASIO
using imap4 = basic_imap4<tcp_transport>;
#ifdef IMAPLIB_USE_WOLFSSL
using imap4_ssl = basic_imap4<tls_transport>;
#endif
#endif
#ifdef IMAPLIB_HAS_PIPE
using imap4_stream = basic_imap4<pipe_transport>;
#endif

#if defined(IMAPLIB_SEPARATE_COMPILATION) && !defined(IMAPLIB_SOURCE)
// Keep this list in step with detail/instantiate.hpp.
extern template class basic_imap4<memory_transport>;
extern template class basic_imap4<replay_transport>;
extern template class basic_imap4<basic_recording_transport<memory_transport>>;
#ifdef IMAPLIB_HAS_PIPE
extern template class basic_imap4<pipe_transport>;
#endif
#ifdef IMAPLIB_USE_ASIO
extern template class basic_imap4<tcp_transport>;
extern template class basic_imap4<basic_recording_transport<tcp_transport>>;
#ifdef IMAPLIB_USE_WOLFSSL
extern template class basic_imap4<tls_transport>;
extern template class basic_imap4<basic_recording_transport<tls_transport>>;
#endif
#endif
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_IMAP4_HPP
