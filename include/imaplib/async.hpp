// imaplib-cpp: the async client on Asio (docs/async.md): async_imap4, with TLS
// async_imap4_ssl and the STARTTLS form, with zlib their COMPRESS forms.
//
// The umbrella header includes this one, except with IMAPLIB_SEPARATE_COMPILATION, where
// a TU that uses the async client includes it itself (or, with the single header, defines
// IMAPLIB_ASYNC before the include): its templates are Asio's and are compiled where used,
// so TUs that only use the blocking clients do not pay for them (docs/building.md).
#ifndef IMAPLIB_ASYNC_HPP
#define IMAPLIB_ASYNC_HPP

#include <imaplib/config.hpp>

#ifdef IMAPLIB_USE_ASIO
#include <imaplib/async/concept.hpp>
#include <imaplib/async/tcp.hpp>
#include <imaplib/async/client.hpp>
#include <imaplib/async/imap4.hpp>
#ifdef IMAPLIB_USE_WOLFSSL  // implies IMAPLIB_USE_ASIO (config.hpp)
#include <imaplib/async/tls.hpp>
#endif
#ifdef IMAPLIB_USE_ZLIB
#include <imaplib/async/compress.hpp>
#endif
#endif

#endif  // IMAPLIB_ASYNC_HPP
