// imaplib-cpp: the ready-made clients, named as imaplib names them.
//
//   imaplib::imap4         IMAP4         TCP on standalone Asio (port 143), STARTTLS with wolfSSL
//   imaplib::imap4_ssl     IMAP4_SSL     implicit TLS on wolfSSL (port 993)
//   imaplib::imap4_stream  IMAP4_stream  a command's stdin/stdout (POSIX)
//   imaplib::imap4_compressed, imap4_ssl_compressed: the same with compress() (RFC 4978),
//                          when IMAPLIB_USE_ZLIB is defined
//
// Each exists when its transport is enabled (config.hpp); basic_imap4<T> takes any
// transport of your own (docs/transports.md).
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
#ifdef IMAPLIB_USE_ZLIB
#include <imaplib/transport/compress.hpp>
#endif

IMAPLIB_BEGIN_NAMESPACE

#ifdef IMAPLIB_USE_ASIO
using imap4 = basic_imap4<tcp_transport>;
#ifdef IMAPLIB_USE_WOLFSSL
using imap4_ssl = basic_imap4<tls_transport>;
#endif
#ifdef IMAPLIB_USE_ZLIB
// Pass-through until compress() succeeds.
using imap4_compressed = basic_imap4<basic_compress_transport<tcp_transport>>;
#ifdef IMAPLIB_USE_WOLFSSL
using imap4_ssl_compressed = basic_imap4<basic_compress_transport<tls_transport>>;
#endif
#endif
#endif
#ifdef IMAPLIB_HAS_PIPE
using imap4_stream = basic_imap4<pipe_transport>;
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_IMAP4_HPP
