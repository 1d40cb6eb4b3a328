// imaplib-cpp: the ready-made clients, named as imaplib names them.
//
//   imaplib::imap4         IMAP4         TCP on standalone Asio (port 143), STARTTLS with wolfSSL
//   imaplib::imap4_ssl     IMAP4_SSL     implicit TLS on wolfSSL (port 993)
//   imaplib::imap4_stream  IMAP4_stream  a command's stdin/stdout (POSIX)
//   imaplib::imap4_compressed, imap4_ssl_compressed: the same with compress() (RFC 4978),
//                          when IMAPLIB_USE_ZLIB is defined
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
#ifdef IMAPLIB_USE_ZLIB
#include <imaplib/transport/compress.hpp>
#endif

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// What a client this build lacks stands for: naming it compiles, using it stops at a
// static_assert that says what to define ("'imap4' is not a member" says nothing).
#define IMAPLIB_MISSING_CLIENT(name, message)                     \
    template <class Deferred = void>                              \
    struct name {                                                 \
        static_assert(dependent_false<Deferred>, message);        \
        template <class... Args>                                  \
        explicit name(Args&&...) {}                               \
    };
IMAPLIB_MISSING_CLIENT(imap4_needs_asio_no_exceptions,
    "imaplib::imap4 without exceptions: define ASIO_NO_EXCEPTIONS, give Asio an "
    "asio::detail::throw_exception (docs/guide.md, 'Without exceptions or RTTI'), and call the "
    "std::error_code forms")
IMAPLIB_MISSING_CLIENT(imap4_needs_asio_no_typeid,
    "imaplib::imap4 without RTTI (-fno-rtti): define ASIO_NO_TYPEID (-DASIO_NO_TYPEID)")
IMAPLIB_MISSING_CLIENT(imap4_needs_asio,
    "imaplib::imap4 needs standalone Asio: <asio.hpp> on the include path (Debian: libasio-dev), "
    "and IMAPLIB_NO_ASIO not defined")
IMAPLIB_MISSING_CLIENT(imap4_ssl_needs_tls,
    "imaplib::imap4_ssl needs TLS: define IMAPLIB_USE_WOLFSSL and link wolfSSL (CMake: "
    "-DIMAPLIB_TLS=ON and link imaplib::tls; Meson: -Dtls=enabled and dependency('imaplib-tls'))")
#undef IMAPLIB_MISSING_CLIENT

}  // namespace detail

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
#elif defined(IMAPLIB_NO_EXCEPTIONS) && !defined(ASIO_NO_EXCEPTIONS) && !defined(IMAPLIB_NO_ASIO) && \
    defined(__has_include)
#if __has_include(<asio.hpp>)
using imap4 = detail::imap4_needs_asio_no_exceptions<>;
#else
using imap4 = detail::imap4_needs_asio<>;
#endif
#elif !defined(IMAPLIB_HAS_RTTI) && !defined(ASIO_NO_TYPEID) && !defined(IMAPLIB_NO_ASIO) && defined(__has_include)
#if __has_include(<asio.hpp>)
using imap4 = detail::imap4_needs_asio_no_typeid<>;
#else
using imap4 = detail::imap4_needs_asio<>;
#endif
#else
using imap4 = detail::imap4_needs_asio<>;
#endif
#ifndef IMAPLIB_USE_WOLFSSL
using imap4_ssl = detail::imap4_ssl_needs_tls<>;
#endif
#ifdef IMAPLIB_HAS_PIPE
using imap4_stream = basic_imap4<pipe_transport>;
#endif

#if defined(IMAPLIB_SEPARATE_COMPILATION) && !defined(IMAPLIB_SOURCE)
// Keep this list in step with detail/instantiate.hpp (the testing transports'
// clients are in testing.hpp).
#ifdef IMAPLIB_HAS_PIPE
extern template class basic_imap4<pipe_transport>;
#endif
#ifdef IMAPLIB_USE_ASIO
extern template class basic_imap4<tcp_transport>;
#ifdef IMAPLIB_USE_WOLFSSL
extern template class basic_imap4<tls_transport>;
#endif
#endif
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_IMAP4_HPP
