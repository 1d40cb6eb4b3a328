// imaplib-cpp: configuration shared by every header.
//
// The library lives in `imaplib::IMAPLIB_ABI_NAMESPACE` (an inline namespace named
// after the version) so that two vendored copies of different versions link side by
// side without silently mixing (the nlohmann/json ABI-namespace technique).
#ifndef IMAPLIB_CONFIG_HPP
#define IMAPLIB_CONFIG_HPP

#define IMAPLIB_VERSION_MAJOR 0
#define IMAPLIB_VERSION_MINOR 1
#define IMAPLIB_VERSION_PATCH 0

// Exceptions are used when the compiler has them. A build with -fno-exceptions (or one
// that defines IMAPLIB_NO_EXCEPTIONS) gets only the std::error_code overloads.
#if !defined(IMAPLIB_NO_EXCEPTIONS) && !defined(__cpp_exceptions)
#define IMAPLIB_NO_EXCEPTIONS
#endif

// RTTI, which Asio's typeid needs unless ASIO_NO_TYPEID is defined.
#if defined(__GNUC__) || defined(__clang__)
#if defined(__GXX_RTTI)
#define IMAPLIB_HAS_RTTI
#endif
#elif !defined(_MSC_VER) || defined(_CPPRTTI)
#define IMAPLIB_HAS_RTTI
#endif

// Optional parts. Asio is header-only, so the TCP transport is on whenever <asio.hpp>
// is found, unless IMAPLIB_NO_ASIO is defined. wolfSSL needs a library at link time,
// so TLS is on only when the user asks for it with IMAPLIB_USE_WOLFSSL.
// Without exceptions Asio compiles only with ASIO_NO_EXCEPTIONS (and a user-supplied
// asio::detail::throw_exception), without RTTI only with ASIO_NO_TYPEID, so it is not
// switched on behind such a build's back (imap4.hpp then says what to define).
#if !defined(IMAPLIB_NO_ASIO) && !defined(IMAPLIB_USE_ASIO) && defined(__has_include)
#if __has_include(<asio.hpp>) && (!defined(IMAPLIB_NO_EXCEPTIONS) || defined(ASIO_NO_EXCEPTIONS)) && \
    (defined(IMAPLIB_HAS_RTTI) || defined(ASIO_NO_TYPEID))
#define IMAPLIB_USE_ASIO
#endif
#endif

#if defined(IMAPLIB_USE_ASIO) && !defined(IMAPLIB_HAS_RTTI) && !defined(ASIO_NO_TYPEID)
#error "imaplib: Asio without RTTI (-fno-rtti) needs ASIO_NO_TYPEID: compile with -DASIO_NO_TYPEID"
#endif
#if defined(IMAPLIB_USE_ASIO) && defined(IMAPLIB_NO_EXCEPTIONS) && !defined(ASIO_NO_EXCEPTIONS)
#error "imaplib: Asio without exceptions needs ASIO_NO_EXCEPTIONS and an asio::detail::throw_exception of yours (docs/guide.md)"
#endif

#if defined(IMAPLIB_USE_WOLFSSL) && !defined(IMAPLIB_USE_ASIO)
#error "imaplib: IMAPLIB_USE_WOLFSSL needs the Asio TCP transport (standalone Asio, <asio.hpp>)"
#endif

// The pipe transport (imaplib's IMAP4_stream) needs POSIX fork/exec.
#if !defined(IMAPLIB_NO_PIPE) && (defined(__unix__) || defined(__APPLE__))
#define IMAPLIB_HAS_PIPE
#endif

#endif  // IMAPLIB_CONFIG_HPP

// Internal macros. They sit outside the include guard on purpose: the umbrella header
// #undefs them at its end (detail/macro_unscope.hpp), and any imaplib header included
// after it includes this file again, which must define them again.
#ifndef IMAPLIB_BEGIN_NAMESPACE
#define IMAPLIB_CONCAT_IMPL(a, b, c) v##a##_##b##_##c
#define IMAPLIB_CONCAT(a, b, c) IMAPLIB_CONCAT_IMPL(a, b, c)
#define IMAPLIB_ABI_NAMESPACE \
    IMAPLIB_CONCAT(IMAPLIB_VERSION_MAJOR, IMAPLIB_VERSION_MINOR, IMAPLIB_VERSION_PATCH)

#define IMAPLIB_BEGIN_NAMESPACE \
    namespace imaplib {         \
    inline namespace IMAPLIB_ABI_NAMESPACE {
#define IMAPLIB_END_NAMESPACE \
    }                         \
    }

// For the few steps of a hot loop that cost less than the call around them (a grammar
// rule's glue, a one-byte terminal, an indexed view step).
// And for a slow path kept out of a hot function.
#if defined(__GNUC__) || defined(__clang__)
#define IMAPLIB_ALWAYS_INLINE __attribute__((always_inline)) inline
#define IMAPLIB_NOINLINE __attribute__((noinline)) inline
#else
#define IMAPLIB_ALWAYS_INLINE inline
#define IMAPLIB_NOINLINE inline
#endif

// Out of line with gcc only: a callee that gcc inlines where it costs more than the call,
// and that clang places well by itself (measured at each use).
#if defined(__GNUC__) && !defined(__clang__)
#define IMAPLIB_GCC_NOINLINE __attribute__((noinline)) inline
#else
#define IMAPLIB_GCC_NOINLINE inline
#endif

// A definition out of its class, in an impl/*.ipp file: inline in header-only mode; in
// separate mode only <imaplib/src.hpp> includes the .ipp files and compiles them once
// (Asio's ASIO_DECL).
#ifdef IMAPLIB_SEPARATE_COMPILATION
#define IMAPLIB_DECL
#else
#define IMAPLIB_DECL inline
#endif
#endif  // IMAPLIB_BEGIN_NAMESPACE
