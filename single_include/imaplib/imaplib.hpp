// imaplib-cpp 0.1.0: single-header edition.
//
// GENERATED FILE, DO NOT EDIT. Made by tools/amalgamate.py from
// include/imaplib/imaplib.hpp; edit the headers under include/ and run
// `python3 tools/amalgamate.py` again.

// begin <imaplib/imaplib.hpp>
// imaplib-cpp: the whole library in one include.
//
// Core first (standard library only, in dependency order), then each transport its
// feature macro enables (see config.hpp), then the ready-made clients, then the internal
// macros are removed again. One header per line, so adding a header is adding one line;
// tools/amalgamate.py builds the single header from this file in this order.
//
// Separate compilation (docs/building.md): with IMAPLIB_SEPARATE_COMPILATION a translation
// unit leaves out the grammar and the typed views (include their headers where you use
// them) and takes the clients as extern templates; the one TU that includes
// <imaplib/src.hpp> (or defines IMAPLIB_SOURCE before the single header) compiles them.
#ifndef IMAPLIB_IMAPLIB_HPP
#define IMAPLIB_IMAPLIB_HPP

// begin <imaplib/config.hpp>
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
#if defined(__GNUC__) || defined(__clang__)
#define IMAPLIB_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define IMAPLIB_ALWAYS_INLINE inline
#endif
#endif  // IMAPLIB_BEGIN_NAMESPACE
// end <imaplib/config.hpp>
// begin <imaplib/error.hpp>
// imaplib-cpp: errors.
//
// Every failure has a std::error_code in the `imaplib::errc` enumeration. Each code
// belongs to one of imaplib's three exception classes, and `kind_of(ec)` says which:
//   error    - the command failed or was refused; the connection is still usable.
//   abort    - the connection is dead (EOF, timeout, protocol violation, a limit hit).
//   readonly - the selected mailbox became read-only (imaplib's `readonly`).
// With exceptions enabled the throwing API raises `error`, `abort` or `readonly`
// (readonly derives from abort, abort from error, exactly as in imaplib).
#ifndef IMAPLIB_ERROR_HPP
#define IMAPLIB_ERROR_HPP

// #include <imaplib/config.hpp>: inlined above

#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

enum class errc {
    // --- kind: error (the connection stays usable) ---
    command_failed = 1,   // tagged NO where imaplib raises (login, ...), or BAD
    illegal_state,        // command not allowed in the current state
    invalid_argument,     // e.g. CR, LF or NUL in an argument; a malformed flag
    capability_missing,   // the server did not advertise what the command needs
    logindisabled,        // LOGINDISABLED advertised: LOGIN refused locally
    parse_error,          // the grammar rejected a response handed to it
    not_supported,        // the build lacks what the call needs (e.g. TLS)

    // --- kind: abort (the connection is dead) ---
    connection_closed = 100,  // EOF from the server
    timeout,                  // connect, read or write took longer than allowed
    bye,                      // the server said BYE
    protocol_violation,       // unexpected response, unknown tag, bad continuation
    line_too_long,            // a response line exceeded limits::max_line
    literal_too_large,        // a literal count exceeded limits::max_literal
    response_too_large,       // a whole response exceeded limits::max_response
    nesting_too_deep,         // parentheses deeper than limits::max_depth
    malformed_response,       // framing error: bad literal count, bare CR/LF, NUL
    transport_error,          // the transport failed (socket, pipe)
    resolve_failed,           // host name resolution failed
    tls_handshake_failed,     // TLS handshake failed
    tls_verify_failed,        // certificate chain or host name did not verify
    starttls_injection,       // bytes arrived after STARTTLS OK, before the handshake
    starttls_refused,         // STARTTLS impossible, refused or failed: the connection is
                              // closed so no credentials can follow in clear text
    too_many_literals,        // a response announced more than limits::max_literals
    untagged_too_large,       // untagged responses kept past limits::max_untagged
    keepalive_failed,         // an idler's keepalive got no answer in time: the peer is gone

    // --- kind: readonly ---
    mailbox_readonly = 200,   // the selected mailbox became read-only
};

// imaplib's exception classes, as a value.
enum class error_kind { none, error, abort, readonly };

namespace detail {

class error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "imaplib"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::command_failed: return "command failed";
        case errc::illegal_state: return "command illegal in this state";
        case errc::invalid_argument: return "invalid argument";
        case errc::capability_missing: return "capability not advertised by the server";
        case errc::logindisabled: return "LOGIN is disabled by the server (LOGINDISABLED)";
        case errc::parse_error: return "response does not match the IMAP grammar";
        case errc::not_supported: return "not supported by this build";
        case errc::connection_closed: return "connection closed by the server";
        case errc::timeout: return "timed out";
        case errc::bye: return "server said BYE";
        case errc::protocol_violation: return "protocol violation";
        case errc::line_too_long: return "response line longer than the limit";
        case errc::literal_too_large: return "literal larger than the limit";
        case errc::response_too_large: return "response larger than the limit";
        case errc::nesting_too_deep: return "response nested deeper than the limit";
        case errc::malformed_response: return "malformed response";
        case errc::transport_error: return "transport error";
        case errc::resolve_failed: return "host name resolution failed";
        case errc::tls_handshake_failed: return "TLS handshake failed";
        case errc::tls_verify_failed: return "TLS certificate verification failed";
        case errc::starttls_injection:
            return "data received after STARTTLS before the TLS handshake";
        case errc::starttls_refused: return "STARTTLS failed; the connection was closed";
        case errc::too_many_literals: return "more literals in one response than the limit";
        case errc::untagged_too_large: return "untagged responses kept larger than the limit";
        case errc::keepalive_failed: return "no answer to the IDLE keepalive";
        case errc::mailbox_readonly: return "mailbox is read-only";
        }
        return "unknown imaplib error";
    }
};

}  // namespace detail

inline const std::error_category& error_category() noexcept {
    static const detail::error_category_impl category;
    return category;
}

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

// Which of imaplib's exception classes an error code belongs to. Codes from other
// categories (an OS error from a transport) kill the connection: abort.
inline error_kind kind_of(const std::error_code& ec) noexcept {
    if (!ec) return error_kind::none;
    if (ec.category() != error_category()) return error_kind::abort;
    const int v = ec.value();
    if (v >= static_cast<int>(errc::mailbox_readonly)) return error_kind::readonly;
    if (v >= static_cast<int>(errc::connection_closed)) return error_kind::abort;
    return error_kind::error;
}

#ifndef IMAPLIB_NO_EXCEPTIONS

// imaplib.IMAP4.error
class error : public std::runtime_error {
public:
    error(std::error_code ec, const std::string& what) : std::runtime_error(what), code_(ec) {}
    explicit error(const std::string& what)
        : std::runtime_error(what), code_(make_error_code(errc::command_failed)) {}
    const std::error_code& code() const noexcept { return code_; }

private:
    std::error_code code_;
};

// imaplib.IMAP4.abort: the connection is dead.
class abort : public error {
public:
    using error::error;
};

// imaplib.IMAP4.readonly: the mailbox changed to read-only.
class readonly : public abort {
public:
    using abort::abort;
};

// Throws the exception class that `ec` belongs to, with `what` as its message
// (imaplib puts the command and the server's text there).
[[noreturn]] inline void throw_error(std::error_code ec, const std::string& what) {
    std::string text = what.empty() ? ec.message() : what;
    switch (kind_of(ec)) {
    case error_kind::readonly: throw readonly(ec, text);
    case error_kind::abort: throw abort(ec, text);
    default: throw error(ec, text);
    }
}

#endif  // IMAPLIB_NO_EXCEPTIONS

IMAPLIB_END_NAMESPACE

namespace std {
template <>
struct is_error_code_enum<imaplib::errc> : true_type {};
}  // namespace std

#endif  // IMAPLIB_ERROR_HPP
// end <imaplib/error.hpp>
// begin <imaplib/limits.hpp>
// imaplib-cpp: resource limits for what a server may send.
//
// Every size a server announces or implies is checked against these before memory is
// committed, so the peak memory of one response is bounded by max_response plus one
// read chunk, and what the connection keeps for the caller by max_untagged, whatever the
// server sends. Configurable per connection.
#ifndef IMAPLIB_LIMITS_HPP
#define IMAPLIB_LIMITS_HPP

// #include <imaplib/config.hpp>: inlined above

#include <cstddef>

IMAPLIB_BEGIN_NAMESPACE

struct limits {
    // Longest line (text between CRLFs, literals excluded). imaplib's _MAXLINE.
    std::size_t max_line = 1000000;
    // Largest single literal a server may announce ({N} or ~{N}).
    std::size_t max_literal = std::size_t{128} * 1024 * 1024;
    // Largest whole response: every line and literal of it together.
    std::size_t max_response = std::size_t{256} * 1024 * 1024;
    // Deepest nesting of parenthesised lists (BODYSTRUCTURE, extension data).
    std::size_t max_depth = 64;
    // Most literals in one response. Each costs a few dozen bytes of bookkeeping however
    // small it is, so ` X {0}` repeated could otherwise turn 8 bytes on the wire into
    // hundreds in memory. A message part, envelope string or name per literal: real
    // responses carry a handful, a FETCH of every part of a huge MIME tree a few thousand.
    std::size_t max_literals = 100000;
    // Most bytes the untagged responses kept for the caller may hold (imaplib's
    // untagged_responses, per connection): items, names, index and the responses' bytes.
    // imaplib keeps them until the caller takes them, so a whole-mailbox FETCH lives here
    // until the command returns: 1 GiB lets one command fetch several hundred MB of mail
    // (bench's W2 mailbox is 368 MB) without a literal sink, and stops a flood at 1 GiB.
    std::size_t max_untagged = std::size_t{1} << 30;
};

namespace detail {

// A conversion whose range the caller has checked, between types that are the same on
// some platforms (time_t, size_t vs 64 bits): a template, so -Wuseless-cast stays quiet.
template <class To, class From>
constexpr To narrow_cast(From v) noexcept {
    return static_cast<To>(v);
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_LIMITS_HPP
// end <imaplib/limits.hpp>

// Module functions and codecs.
// begin <imaplib/util/utf8.hpp>
// imaplib-cpp: UTF-8 helpers shared by the modified UTF-7 and RFC 2047 codecs.
#ifndef IMAPLIB_UTIL_UTF8_HPP
#define IMAPLIB_UTIL_UTF8_HPP

// #include <imaplib/config.hpp>: inlined above

#include <cstddef>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline constexpr char32_t utf8_invalid = 0xFFFFFFFF;

// Decodes one scalar value at `pos` and advances `pos`. On ill-formed input returns
// utf8_invalid and skips the maximal ill-formed subpart (Unicode 15 section 3.9, the
// rule Python's "replace" handler follows): overlongs, surrogates and values above
// U+10FFFF are rejected.
inline char32_t utf8_next(std::string_view s, std::size_t& pos) noexcept {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    std::size_t need = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        cp = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        cp = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        ++pos;
        return utf8_invalid;
    }
    std::size_t i = pos + 1;
    for (std::size_t k = 0; k < need; ++k, ++i) {
        if (i >= s.size() || byte(i) < lo || byte(i) > hi) {
            pos = i;
            return utf8_invalid;
        }
        cp = (cp << 6) | (byte(i) & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    pos = i;
    return cp;
}

inline void utf8_append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_UTF8_HPP
// end <imaplib/util/utf8.hpp>
// begin <imaplib/util/base64.hpp>
// imaplib-cpp: base64 (RFC 4648 section 4) as imaplib's AUTHENTICATE uses it.
//
// Encoding is imaplib's _Authenticator.encode: binascii.b2a_base64 of 48-byte chunks
// with the newlines removed, which is plain padded base64 of the whole input.
// Decoding is binascii.a2b_base64, whose default mode skips every character outside
// the alphabet (whitespace, line breaks, garbage) and stops at the padding; the strict
// form is a2b_base64(strict_mode=True).
#ifndef IMAPLIB_UTIL_BASE64_HPP
#define IMAPLIB_UTIL_BASE64_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Value of a base64 digit, or 64 for anything else.
constexpr unsigned base64_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A');
    if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 26);
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0' + 52);
    if (c == '+') return 62;
    if (c == '/') return 63;
    return 64;
}

// binascii.a2b_base64 (CPython 3.11), both modes.
inline std::string base64_decode_impl(std::string_view text, bool strict, std::error_code& ec) {
    std::string out;
    out.reserve(text.size() / 4 * 3 + 3);
    ec = make_error_code(errc::invalid_argument);
    if (strict && !text.empty() && text.front() == '=') return {};  // leading padding
    unsigned quad_pos = 0;
    unsigned left = 0;
    unsigned pads = 0;
    bool padding_started = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=') {
            padding_started = true;
            // A quad with 2 or 3 digits is complete once padded to 4: stop there.
            if (quad_pos >= 2 && quad_pos + ++pads >= 4) {
                if (strict && i + 1 < text.size()) return {};  // data after padding
                ec.clear();
                return out;
            }
            continue;
        }
        const unsigned v = base64_value(c);
        if (v >= 64) {
            if (strict) return {};  // only base64 data is allowed
            continue;
        }
        if (strict && padding_started) return {};  // discontinuous padding
        pads = 0;
        switch (quad_pos) {
        case 0:
            left = v;
            quad_pos = 1;
            break;
        case 1:
            out += static_cast<char>(((left << 2) | (v >> 4)) & 0xFF);
            left = v & 0x0F;
            quad_pos = 2;
            break;
        case 2:
            out += static_cast<char>(((left << 4) | (v >> 2)) & 0xFF);
            left = v & 0x03;
            quad_pos = 3;
            break;
        default:
            out += static_cast<char>(((left << 6) | v) & 0xFF);
            quad_pos = 0;
            break;
        }
    }
    // One digit past a multiple of 4 can encode nothing; two or three need padding.
    if (quad_pos != 0) return {};
    ec.clear();
    return out;
}

}  // namespace detail

// Padded base64 of `data` on one line (imaplib's _Authenticator.encode).
inline std::string base64_encode(std::string_view data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(data[k]));
    };
    for (; i + 3 <= data.size(); i += 3) {
        const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        out += detail::base64_alphabet[(n >> 18) & 63];
        out += detail::base64_alphabet[(n >> 12) & 63];
        out += detail::base64_alphabet[(n >> 6) & 63];
        out += detail::base64_alphabet[n & 63];
    }
    if (i < data.size()) {
        const bool two = i + 1 < data.size();
        const std::uint32_t n = (byte(i) << 16) | (two ? byte(i + 1) << 8 : 0);
        out += detail::base64_alphabet[(n >> 18) & 63];
        out += detail::base64_alphabet[(n >> 12) & 63];
        out += two ? detail::base64_alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// binascii.a2b_base64(text): skips characters outside the alphabet, ends at the
// padding that completes a quad. errc::invalid_argument (binascii.Error) when the
// digits do not end on a complete quad ("Incorrect padding").
inline std::string base64_decode(std::string_view text, std::error_code& ec) {
    return detail::base64_decode_impl(text, false, ec);
}

// binascii.a2b_base64(text, strict_mode=True): only alphabet characters, padding only
// at the end and only where needed.
inline std::string base64_decode_strict(std::string_view text, std::error_code& ec) {
    return detail::base64_decode_impl(text, true, ec);
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument (binascii.Error is a ValueError).
inline std::string base64_decode(std::string_view text) {
    std::error_code ec;
    std::string r = base64_decode(text, ec);
    if (ec) throw std::invalid_argument("base64: incorrect padding");
    return r;
}

inline std::string base64_decode_strict(std::string_view text) {
    std::error_code ec;
    std::string r = base64_decode_strict(text, ec);
    if (ec) throw std::invalid_argument("base64: invalid data");
    return r;
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_BASE64_HPP
// end <imaplib/util/base64.hpp>
// begin <imaplib/util/escape.hpp>
// imaplib-cpp: server text made safe to print on a terminal.
//
// A server chooses every byte of a BYE text, an [ALERT], a mailbox name: written raw to a
// terminal, ESC and CSI sequences can move the cursor, rewrite earlier lines, set the
// window title or (on some terminals) answer back into the input.
#ifndef IMAPLIB_UTIL_ESCAPE_HPP
#define IMAPLIB_UTIL_ESCAPE_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/util/utf8.hpp>: inlined above

#include <cstddef>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline void append_hex_escape(std::string& out, char prefix, unsigned value, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '\\';
    out += prefix;
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += hex[(value >> shift) & 0xF];
}

}  // namespace detail

// `text` with every terminal control written out: C0 controls (CR, LF, TAB and ESC
// included) and DEL as \xNN, C1 controls (U+0080-U+009F, of which U+009B is CSI) as
// \uNNNN, and bytes that are not UTF-8 (a lone 0x9B is CSI to an 8-bit terminal) as
// \xNN. Printable ASCII and all other UTF-8 stay as they are, backslash included.
inline std::string escape_control(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t begin = pos;
        const char32_t cp = detail::utf8_next(text, pos);
        if (cp == detail::utf8_invalid) {
            for (std::size_t i = begin; i < pos; ++i)
                detail::append_hex_escape(out, 'x', static_cast<unsigned char>(text[i]), 2);
        } else if (cp < 0x20 || cp == 0x7F) {
            detail::append_hex_escape(out, 'x', static_cast<unsigned>(cp), 2);
        } else if (cp >= 0x80 && cp <= 0x9F) {
            detail::append_hex_escape(out, 'u', static_cast<unsigned>(cp), 4);
        } else {
            out.append(text.substr(begin, pos - begin));
        }
    }
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_ESCAPE_HPP
// end <imaplib/util/escape.hpp>
// begin <imaplib/util/flags.hpp>
// imaplib-cpp: imaplib.ParseFlags.
#ifndef IMAPLIB_UTIL_FLAGS_HPP
#define IMAPLIB_UTIL_FLAGS_HPP

// #include <imaplib/config.hpp>: inlined above

#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// bytes.split() separators: ASCII whitespace.
constexpr bool is_py_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace detail

// ParseFlags(resp): the flags of the response's "FLAGS (...)" group, split on
// whitespace, as views into `resp` (zero-copy: `resp` must outlive the result).
// Empty when there is no match, like imaplib's ().
//
// Same result as imaplib's match of `.*FLAGS \((?P<flags>[^\)]*)\)`:
// - `.*` is greedy, so the LAST "FLAGS (" that is followed by a ')' wins;
// - `.` does not match '\n', so "FLAGS (" must be on the first line, while the
//   group itself ([^)]*) may run over line ends;
// - "PERMANENTFLAGS (" contains "FLAGS (" and matches too.
inline std::vector<std::string_view> parse_flags(std::string_view resp) {
    constexpr std::string_view opener = "FLAGS (";
    std::vector<std::string_view> flags;
    const std::string_view first_line = resp.substr(0, resp.find('\n'));
    std::size_t pos = first_line.rfind(opener);
    // Openers are tried right to left; the text after the previous one is known to
    // hold no ')', so each search stops there (linear on "FLAGS (FLAGS (...").
    std::size_t searched_from = resp.size();
    while (pos != std::string_view::npos) {
        const std::size_t begin = pos + opener.size();
        const std::size_t end = resp.substr(0, searched_from).find(')', begin);
        searched_from = begin;
        if (end != std::string_view::npos) {
            const std::string_view group = resp.substr(begin, end - begin);
            std::size_t i = 0;
            while (i < group.size()) {
                while (i < group.size() && detail::is_py_space(group[i])) ++i;
                const std::size_t start = i;
                while (i < group.size() && !detail::is_py_space(group[i])) ++i;
                if (i > start) flags.push_back(group.substr(start, i - start));
            }
            return flags;
        }
        if (pos == 0) break;
        pos = first_line.rfind(opener, pos - 1);
    }
    return flags;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_FLAGS_HPP
// end <imaplib/util/flags.hpp>
// begin <imaplib/util/int2ap.hpp>
// imaplib-cpp: imaplib.Int2AP, the tag prefix alphabet.
//
// imaplib writes a number in base 16 with the digits 'A'..'P' (most significant
// first) and uses it as the command tag prefix: Int2AP(random.randint(4096, 65535)).
#ifndef IMAPLIB_UTIL_INT2AP_HPP
#define IMAPLIB_UTIL_INT2AP_HPP

// #include <imaplib/config.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline std::string int_to_ap_magnitude(std::uint64_t num) {
    // imaplib builds the digits right to left; 0 gives the empty string.
    char digits[16];
    std::size_t first = sizeof digits;
    while (num != 0) {
        digits[--first] = static_cast<char>('A' + (num & 0xF));
        num >>= 4;
    }
    return std::string(digits + first, sizeof digits - first);
}

}  // namespace detail

// Int2AP(num): base-16 digits 'A'..'P' of |num|; "" for 0 (as imaplib).
// A template so that int, long and unsigned arguments all pick it without ambiguity;
// negative numbers use their absolute value, like imaplib's int(abs(num)).
template <class Int, std::enable_if_t<std::is_integral_v<Int>, int> = 0>
std::string int_to_ap(Int num) {
    if constexpr (std::is_signed_v<Int>) {
        // -(INT64_MIN) overflows; negate in unsigned arithmetic instead.
        const auto wide = static_cast<std::int64_t>(num);
        const auto magnitude = wide < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(wide)
                                        : static_cast<std::uint64_t>(wide);
        return detail::int_to_ap_magnitude(magnitude);
    } else {
        return detail::int_to_ap_magnitude(static_cast<std::uint64_t>(num));
    }
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_INT2AP_HPP
// end <imaplib/util/int2ap.hpp>
// begin <imaplib/util/md5.hpp>
// imaplib-cpp: MD5 (RFC 1321) and HMAC-MD5 (RFC 2104), for AUTHENTICATE CRAM-MD5
// (RFC 2195). Not for anything that needs collision resistance.
#ifndef IMAPLIB_UTIL_MD5_HPP
#define IMAPLIB_UTIL_MD5_HPP

// #include <imaplib/config.hpp>: inlined above

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

using md5_digest = std::array<unsigned char, 16>;

// Incremental MD5: update() any number of times, then finish() once.
class md5_hasher {
public:
    md5_hasher() noexcept = default;

    void update(std::string_view data) noexcept {
        for (char c : data) {
            block_[fill_++] = static_cast<unsigned char>(c);
            if (fill_ == 64) {
                transform(block_.data());
                fill_ = 0;
            }
        }
        length_ += data.size();
    }

    md5_digest finish() noexcept {
        // RFC 1321 3.1-3.2: 0x80, zeros to 56 mod 64, then the bit length (little endian).
        const std::uint64_t bits = length_ * 8;
        block_[fill_++] = 0x80;
        if (fill_ > 56) {
            while (fill_ < 64) block_[fill_++] = 0;
            transform(block_.data());
            fill_ = 0;
        }
        while (fill_ < 56) block_[fill_++] = 0;
        for (int i = 0; i < 8; ++i) block_[fill_++] = static_cast<unsigned char>(bits >> (8 * i));
        transform(block_.data());
        md5_digest out{};
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 4; ++j)
                out[i * 4 + j] = static_cast<unsigned char>(state_[i] >> (8 * j));
        return out;
    }

private:
    static std::uint32_t rotl(std::uint32_t x, unsigned n) noexcept {
        return (x << n) | (x >> (32 - n));
    }

    void transform(const unsigned char* p) noexcept {
        // RFC 1321 3.4: sine-derived constants T[i] and the per-round shifts.
        static constexpr std::uint32_t k[64] = {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
            0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
            0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
            0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
            0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
            0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
            0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
            0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
            0xeb86d391};
        static constexpr unsigned shift[16] = {7, 12, 17, 22, 5, 9, 14, 20,
                                               4, 11, 16, 23, 6, 10, 15, 21};
        std::uint32_t m[16];
        for (std::size_t i = 0; i < 16; ++i)
            m[i] = std::uint32_t{p[i * 4]} | (std::uint32_t{p[i * 4 + 1]} << 8) |
                   (std::uint32_t{p[i * 4 + 2]} << 16) | (std::uint32_t{p[i * 4 + 3]} << 24);
        std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
        for (unsigned i = 0; i < 64; ++i) {
            std::uint32_t f = 0;
            unsigned g = 0;
            switch (i / 16) {
            case 0: f = (b & c) | (~b & d); g = i; break;
            case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
            case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16; break;
            default: f = c ^ (b | ~d); g = (7 * i) % 16; break;
            }
            const std::uint32_t next = b + rotl(a + f + k[i] + m[g], shift[(i / 16) * 4 + i % 4]);
            a = d;
            d = c;
            c = b;
            b = next;
        }
        state_[0] += a;
        state_[1] += b;
        state_[2] += c;
        state_[3] += d;
    }

    std::array<std::uint32_t, 4> state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    std::array<unsigned char, 64> block_{};
    std::size_t fill_ = 0;
    std::uint64_t length_ = 0;
};

inline md5_digest md5(std::string_view data) noexcept {
    md5_hasher h;
    h.update(data);
    return h.finish();
}

// Lower-case hex, as Python's hexdigest().
template <std::size_t N>
std::string to_hex(const std::array<unsigned char, N>& bytes) {
    constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(N * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

// RFC 2104: H((K ^ opad) || H((K ^ ipad) || text)); keys longer than the 64-byte
// block are hashed first.
inline md5_digest hmac_md5(std::string_view key, std::string_view message) noexcept {
    std::array<unsigned char, 64> k{};
    if (key.size() > k.size()) {
        const md5_digest hk = md5(key);
        for (std::size_t i = 0; i < hk.size(); ++i) k[i] = hk[i];
    } else {
        for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
    }
    char pad[64];
    for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<char>(k[i] ^ 0x36);
    md5_hasher inner;
    inner.update(std::string_view(pad, 64));
    inner.update(message);
    const md5_digest inner_digest = inner.finish();
    for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<char>(k[i] ^ 0x5c);
    md5_hasher outer;
    outer.update(std::string_view(pad, 64));
    outer.update(std::string_view(reinterpret_cast<const char*>(inner_digest.data()),
                                  inner_digest.size()));
    return outer.finish();
}

// The CRAM-MD5 reply before base64 (RFC 2195 section 2; imaplib's _CRAM_MD5_AUTH):
// user + " " + hex(HMAC-MD5(password, challenge)). `challenge` is already decoded.
inline std::string cram_md5_response(std::string_view user, std::string_view password,
                                     std::string_view challenge) {
    std::string out(user);
    out += ' ';
    out += to_hex(hmac_md5(password, challenge));
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_MD5_HPP
// end <imaplib/util/md5.hpp>
// begin <imaplib/util/sha.hpp>
// imaplib-cpp: SHA-1 (RFC 3174), SHA-256 (FIPS 180-4), HMAC (RFC 2104) over them and
// over MD5, and PBKDF2 (RFC 8018 section 5.2), as SCRAM (RFC 5802) and CRAM-MD5 need.
//
// Two backends with the same static members: `builtin_crypto` (below, standard library
// only, so a core-only build can do SCRAM) and, with IMAPLIB_USE_WOLFSSL,
// `wolfssl_crypto` (wolfCrypt's wc_Sha*, wc_Hmac*, wc_PBKDF2). `default_crypto` is the
// second when it exists. Both are types, not one name with two bodies, so a program can
// hold both, the tests check each against the same published vectors, and no inline
// function here changes its body with the configuration.
#ifndef IMAPLIB_UTIL_SHA_HPP
#define IMAPLIB_UTIL_SHA_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/util/md5.hpp>: inlined above

#ifdef IMAPLIB_USE_WOLFSSL
#include <wolfssl/options.h>  // first, as wolfSSL requires
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/md5.h>
#include <wolfssl/wolfcrypt/pwdbased.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha.h>
#include <wolfssl/wolfcrypt/sha256.h>
#endif

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

using sha1_digest = std::array<unsigned char, 20>;
using sha256_digest = std::array<unsigned char, 32>;

namespace detail {

inline std::uint32_t rotl32(std::uint32_t x, unsigned n) noexcept {
    return (x << n) | (x >> (32 - n));
}
inline std::uint32_t rotr32(std::uint32_t x, unsigned n) noexcept {
    return (x >> n) | (x << (32 - n));
}
inline std::uint32_t load_be32(const unsigned char* p) noexcept {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
           (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

// The Merkle-Damgard padding both SHA-1 and SHA-256 use (FIPS 180-4 section 5.1.1):
// 0x80, zeros to 56 mod 64, the bit length big endian. `Derived::transform` eats a block.
template <class Derived>
class sha_block_hasher {
public:
    void update(std::string_view data) noexcept {
        for (char c : data) {
            block_[fill_++] = static_cast<unsigned char>(c);
            if (fill_ == 64) {
                static_cast<Derived*>(this)->transform(block_.data());
                fill_ = 0;
            }
        }
        length_ += data.size();
    }

protected:
    void pad() noexcept {
        const std::uint64_t bits = length_ * 8;
        block_[fill_++] = 0x80;
        if (fill_ > 56) {
            while (fill_ < 64) block_[fill_++] = 0;
            static_cast<Derived*>(this)->transform(block_.data());
            fill_ = 0;
        }
        while (fill_ < 56) block_[fill_++] = 0;
        for (int i = 7; i >= 0; --i) block_[fill_++] = static_cast<unsigned char>(bits >> (8 * i));
        static_cast<Derived*>(this)->transform(block_.data());
    }

    template <std::size_t N, std::size_t Words>
    static std::array<unsigned char, N> store(const std::array<std::uint32_t, Words>& state) noexcept {
        std::array<unsigned char, N> out{};
        for (std::size_t i = 0; i < N; ++i)
            out[i] = static_cast<unsigned char>(state[i / 4] >> (24 - 8 * (i % 4)));
        return out;
    }

private:
    std::array<unsigned char, 64> block_{};
    std::size_t fill_ = 0;
    std::uint64_t length_ = 0;
};

}  // namespace detail

// Incremental SHA-1 (RFC 3174): update() any number of times, then finish() once.
class sha1_hasher : public detail::sha_block_hasher<sha1_hasher> {
public:
    sha1_digest finish() noexcept {
        pad();
        return store<20>(state_);
    }

private:
    friend class detail::sha_block_hasher<sha1_hasher>;

    void transform(const unsigned char* p) noexcept {
        std::uint32_t w[80];
        for (std::size_t i = 0; i < 16; ++i) w[i] = detail::load_be32(p + 4 * i);
        for (std::size_t i = 16; i < 80; ++i)
            w[i] = detail::rotl32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3], e = state_[4];
        for (std::size_t i = 0; i < 80; ++i) {
            std::uint32_t f = 0, k = 0;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
            else { f = b ^ c ^ d; k = 0xca62c1d6; }
            const std::uint32_t t = detail::rotl32(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = detail::rotl32(b, 30);
            b = a;
            a = t;
        }
        state_[0] += a;
        state_[1] += b;
        state_[2] += c;
        state_[3] += d;
        state_[4] += e;
    }

    std::array<std::uint32_t, 5> state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
};

// Incremental SHA-256 (FIPS 180-4 section 6.2).
class sha256_hasher : public detail::sha_block_hasher<sha256_hasher> {
public:
    sha256_digest finish() noexcept {
        pad();
        return store<32>(state_);
    }

private:
    friend class detail::sha_block_hasher<sha256_hasher>;

    void transform(const unsigned char* p) noexcept {
        // FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the
        // cube roots of the first 64 primes.
        static constexpr std::uint32_t k[64] = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
            0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
            0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
            0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
            0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
            0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2};
        std::uint32_t w[64];
        for (std::size_t i = 0; i < 16; ++i) w[i] = detail::load_be32(p + 4 * i);
        for (std::size_t i = 16; i < 64; ++i) {
            const std::uint32_t s0 = detail::rotr32(w[i - 15], 7) ^ detail::rotr32(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = detail::rotr32(w[i - 2], 17) ^ detail::rotr32(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
        std::uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
        for (std::size_t i = 0; i < 64; ++i) {
            const std::uint32_t s1 = detail::rotr32(e, 6) ^ detail::rotr32(e, 11) ^ detail::rotr32(e, 25);
            const std::uint32_t ch = (e & f) ^ (~e & g);
            const std::uint32_t t1 = h + s1 + ch + k[i] + w[i];
            const std::uint32_t s0 = detail::rotr32(a, 2) ^ detail::rotr32(a, 13) ^ detail::rotr32(a, 22);
            const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
            const std::uint32_t t2 = s0 + maj;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state_[0] += a;
        state_[1] += b;
        state_[2] += c;
        state_[3] += d;
        state_[4] += e;
        state_[5] += f;
        state_[6] += g;
        state_[7] += h;
    }

    std::array<std::uint32_t, 8> state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
};

// The hash functions by name, for templates (HMAC, PBKDF2, SCRAM).
struct md5_hash {
    using hasher = md5_hasher;
    using digest = md5_digest;
};
struct sha1_hash {
    using hasher = sha1_hasher;
    using digest = sha1_digest;
};
struct sha256_hash {
    using hasher = sha256_hasher;
    using digest = sha256_digest;
};

inline std::string_view as_bytes(const unsigned char* data, std::size_t size) noexcept {
    return {reinterpret_cast<const char*>(data), size};
}
template <std::size_t N>
std::string_view as_bytes(const std::array<unsigned char, N>& digest) noexcept {
    return as_bytes(digest.data(), N);
}

// The library's own implementations: standard library only.
struct builtin_crypto {
    // Unpredictable bytes (SCRAM's nonce): std::random_device, which glibc's and libc++'s
    // std::random_device read from getrandom(2) / the CPU's RDRAND. Where it is not
    // cryptographic (some MinGW builds) give SCRAM a random_source of your own.
    static void random(unsigned char* data, std::size_t size) {
        std::random_device device;
        for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<unsigned char>(device());
    }

    template <class Hash>
    static typename Hash::digest hash(std::string_view data) noexcept {
        typename Hash::hasher h;
        h.update(data);
        return h.finish();
    }

    // RFC 2104 with the 64-byte block all three share; longer keys are hashed first.
    // Returns the inner and outer hashers primed with the key, so PBKDF2 pays for the
    // key once and not once per iteration.
    template <class Hash>
    static std::array<typename Hash::hasher, 2> hmac_keyed(std::string_view key) noexcept {
        std::array<unsigned char, 64> k{};
        if (key.size() > k.size()) {
            const auto hk = hash<Hash>(key);
            for (std::size_t i = 0; i < hk.size(); ++i) k[i] = hk[i];
        } else {
            for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
        }
        std::array<typename Hash::hasher, 2> keyed{};
        char pad[64];
        for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<char>(k[i] ^ 0x36);
        keyed[0].update(std::string_view(pad, 64));
        for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<char>(k[i] ^ 0x5c);
        keyed[1].update(std::string_view(pad, 64));
        return keyed;
    }

    template <class Hash>
    static typename Hash::digest hmac(std::string_view key, std::string_view message) noexcept {
        return hmac_finish<Hash>(hmac_keyed<Hash>(key), message);
    }

    // PBKDF2 (RFC 8018 section 5.2) with HMAC-Hash as PRF: `size` bytes into `out`.
    // `iterations` is the caller's to bound (SCRAM checks it before calling).
    template <class Hash>
    static void pbkdf2(std::string_view password, std::string_view salt, std::uint32_t iterations,
                       unsigned char* out, std::size_t size) noexcept {
        const auto keyed = hmac_keyed<Hash>(password);
        for (std::uint32_t block = 1; size > 0; ++block) {
            std::string first(salt);
            for (int i = 3; i >= 0; --i) first += static_cast<char>(block >> (8 * i));
            auto u = hmac_finish<Hash>(keyed, first);
            auto t = u;
            for (std::uint32_t i = 1; i < iterations; ++i) {
                u = hmac_finish<Hash>(keyed, as_bytes(u));
                for (std::size_t j = 0; j < t.size(); ++j) t[j] ^= u[j];
            }
            const std::size_t n = size < t.size() ? size : t.size();
            for (std::size_t j = 0; j < n; ++j) *out++ = t[j];
            size -= n;
        }
    }

private:
    template <class Hash>
    static typename Hash::digest hmac_finish(std::array<typename Hash::hasher, 2> keyed,
                                             std::string_view message) noexcept {
        keyed[0].update(message);
        const auto inner = keyed[0].finish();
        keyed[1].update(as_bytes(inner));
        return keyed[1].finish();
    }
};

#ifdef IMAPLIB_USE_WOLFSSL

// wolfCrypt's implementations (hardware acceleration, FIPS builds). A wolfCrypt call
// that fails (a FIPS build refusing a short HMAC key, say) falls back to the builtin
// result, so both backends always agree on the bytes.
struct wolfssl_crypto {
    // wolfCrypt's DRBG; the builtin source if it cannot be seeded.
    static void random(unsigned char* data, std::size_t size) {
        WC_RNG rng;
        if (wc_InitRng(&rng) == 0) {
            const int rc = wc_RNG_GenerateBlock(&rng, data, static_cast<word32>(size));
            wc_FreeRng(&rng);
            if (rc == 0) return;
        }
        builtin_crypto::random(data, size);
    }

    template <class Hash>
    static typename Hash::digest hash(std::string_view data) noexcept {
        typename Hash::digest out{};
        const auto* in = reinterpret_cast<const byte*>(data.data());
        const auto size = static_cast<word32>(data.size());
        int rc = -1;
        if constexpr (std::is_same_v<Hash, sha1_hash>) rc = wc_ShaHash(in, size, out.data());
        else if constexpr (std::is_same_v<Hash, sha256_hash>) rc = wc_Sha256Hash(in, size, out.data());
        else rc = wc_Md5Hash(in, size, out.data());
        return rc == 0 ? out : builtin_crypto::hash<Hash>(data);
    }

    template <class Hash>
    static typename Hash::digest hmac(std::string_view key, std::string_view message) noexcept {
        Hmac h;
        typename Hash::digest out{};
        const bool ok =
            wc_HmacInit(&h, nullptr, INVALID_DEVID) == 0 &&
            wc_HmacSetKey(&h, type<Hash>(), reinterpret_cast<const byte*>(key.data()),
                          static_cast<word32>(key.size())) == 0 &&
            wc_HmacUpdate(&h, reinterpret_cast<const byte*>(message.data()),
                          static_cast<word32>(message.size())) == 0 &&
            wc_HmacFinal(&h, out.data()) == 0;
        wc_HmacFree(&h);
        return ok ? out : builtin_crypto::hmac<Hash>(key, message);
    }

    template <class Hash>
    static void pbkdf2(std::string_view password, std::string_view salt, std::uint32_t iterations,
                       unsigned char* out, std::size_t size) noexcept {
        const bool ok =
            iterations <= 0x7fffffffu && size <= 0x7fffffffu && password.size() <= 0x7fffffffu &&
            salt.size() <= 0x7fffffffu &&
            wc_PBKDF2(out, reinterpret_cast<const byte*>(password.data()),
                      static_cast<int>(password.size()), reinterpret_cast<const byte*>(salt.data()),
                      static_cast<int>(salt.size()), static_cast<int>(iterations),
                      static_cast<int>(size), type<Hash>()) == 0;
        if (!ok) builtin_crypto::pbkdf2<Hash>(password, salt, iterations, out, size);
    }

private:
    template <class Hash>
    static constexpr int type() noexcept {
        if constexpr (std::is_same_v<Hash, sha1_hash>) return WC_SHA;
        else if constexpr (std::is_same_v<Hash, sha256_hash>) return WC_SHA256;
        else return WC_MD5;
    }
};

using default_crypto = wolfssl_crypto;
#else
using default_crypto = builtin_crypto;
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_SHA_HPP
// end <imaplib/util/sha.hpp>
// begin <imaplib/util/mutf7.hpp>
// imaplib-cpp: modified UTF-7 for mailbox names (RFC 3501 section 5.1.3).
//
// Printable US-ASCII (0x20-0x7E) stands for itself except '&', written "&-"; every
// other run of characters is '&' + base64 of its UTF-16BE form, with ',' for '/',
// no padding, then '-'. Example: "~peter/mail/台北/日本語" is
// "~peter/mail/&U,BTFw-/&ZeVnLIqe-".
#ifndef IMAPLIB_UTIL_MUTF7_HPP
#define IMAPLIB_UTIL_MUTF7_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/util/utf8.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline constexpr char mutf7_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

constexpr unsigned mutf7_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A');
    if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 26);
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0' + 52);
    if (c == '+') return 62;
    if (c == ',') return 63;
    return 64;
}

constexpr bool mutf7_direct(char32_t c) noexcept { return c >= 0x20 && c <= 0x7E; }

// Writes the pending UTF-16 units of a shifted run: "&" base64 "-".
inline void mutf7_flush(std::string& out, std::u16string& run) {
    if (run.empty()) return;
    out += '&';
    std::uint32_t bits = 0;
    unsigned nbits = 0;
    for (char16_t unit : run) {
        bits = (bits << 16) | unit;
        nbits += 16;
        while (nbits >= 6) {
            nbits -= 6;
            out += mutf7_alphabet[(bits >> nbits) & 63];
        }
        bits &= (1u << nbits) - 1;
    }
    if (nbits > 0) out += mutf7_alphabet[(bits << (6 - nbits)) & 63];  // zero-filled
    out += '-';
    run.clear();
}

}  // namespace detail

// UTF-8 -> modified UTF-7. errc::invalid_argument (and "") on ill-formed UTF-8.
inline std::string utf8_to_mutf7(std::string_view utf8, std::error_code& ec) {
    std::string out;
    out.reserve(utf8.size());
    std::u16string run;
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const char32_t cp = detail::utf8_next(utf8, pos);
        if (cp == detail::utf8_invalid) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
        if (detail::mutf7_direct(cp)) {
            detail::mutf7_flush(out, run);
            if (cp == '&')
                out += "&-";
            else
                out += static_cast<char>(cp);
        } else if (cp < 0x10000) {
            run += static_cast<char16_t>(cp);
        } else {
            // UTF-16 surrogate pair.
            run += static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
            run += static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
        }
    }
    detail::mutf7_flush(out, run);
    ec.clear();
    return out;
}

namespace detail {

// Modified UTF-7 -> UTF-8; see mutf7_to_utf8 and mutf7_to_utf8_lenient.
inline std::string mutf7_decode(std::string_view mutf7, bool strict, std::error_code& ec) {
    std::string out;
    out.reserve(mutf7.size());
    ec = make_error_code(errc::invalid_argument);
    std::size_t i = 0;
    bool after_run = false;  // the previous character closed a shifted run
    while (i < mutf7.size()) {
        const char c = mutf7[i];
        if (c != '&') {
            if (!mutf7_direct(static_cast<unsigned char>(c))) return {};
            out += c;
            ++i;
            after_run = false;
            continue;
        }
        const std::size_t end = mutf7.find('-', i + 1);
        if (end == std::string_view::npos) return {};
        if (end == i + 1) {  // "&-"
            out += '&';
            i = end + 1;
            after_run = false;
            continue;
        }
        // Two runs in a row are one run split in two: a second spelling of the same name.
        if (strict && after_run) return {};
        std::uint32_t bits = 0;
        unsigned nbits = 0;
        char16_t high = 0;  // pending high surrogate
        for (std::size_t k = i + 1; k < end; ++k) {
            const unsigned v = mutf7_value(mutf7[k]);
            if (v >= 64) return {};
            bits = (bits << 6) | v;
            nbits += 6;
            if (nbits < 16) continue;
            nbits -= 16;
            const auto unit = static_cast<char16_t>((bits >> nbits) & 0xFFFF);
            bits &= (1u << nbits) - 1;
            if (high != 0) {
                if (unit < 0xDC00 || unit > 0xDFFF) return {};
                utf8_append(out, 0x10000 + ((char32_t{high} - 0xD800) << 10) + (char32_t{unit} - 0xDC00));
                high = 0;
            } else if (unit >= 0xD800 && unit <= 0xDBFF) {
                high = unit;
            } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                return {};
            } else if (strict && (mutf7_direct(unit) || unit == 0 || unit == '\r' || unit == '\n')) {
                return {};
            } else {
                utf8_append(out, unit);
            }
        }
        // RFC 2152: at most 5 bits of zero padding may be left over.
        if (high != 0 || nbits >= 6 || bits != 0) return {};
        i = end + 1;
        after_run = true;
    }
    ec.clear();
    return out;
}

}  // namespace detail

// Modified UTF-7 -> UTF-8, strictly as RFC 3501 section 5.1.3 allows (the spelling its
// encoder produces, the only one): errc::invalid_argument (and "") on
//   - a character outside 0x20-0x7E, or a '&' whose shifted run has no '-';
//   - a character outside the modified base64 alphabet, leftover bits that are not zero
//     padding, a run that is not a whole number of UTF-16 units, an unpaired surrogate;
//   - printable US-ASCII (0x20-0x7E) inside a shifted run: "&AEkATgBCAE8AWA-" is not
//     "INBOX", it is a second spelling of it (a spoofing vector);
//   - U+0000, CR and LF inside a shifted run: no mailbox name holds them, and they would
//     cut or split a line wherever the name is used;
//   - two shifted runs in a row ("&ZeU-&Zyw-"), another second spelling.
// Other controls (TAB, ESC, DEL, C1) are legal encoded and decoded; escape them before
// printing (escape_control, util/escape.hpp).
inline std::string mutf7_to_utf8(std::string_view mutf7, std::error_code& ec) {
    return detail::mutf7_decode(mutf7, /*strict=*/true, ec);
}

// The decoder for names from sloppy encoders: as mutf7_to_utf8 but accepting encoded
// ASCII, NUL, CR, LF and adjacent shifted runs (they decode unambiguously). Two different
// server-side names can come out equal, so never use it where a name is compared or shown.
inline std::string mutf7_to_utf8_lenient(std::string_view mutf7, std::error_code& ec) {
    return detail::mutf7_decode(mutf7, /*strict=*/false, ec);
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument on malformed input.
inline std::string utf8_to_mutf7(std::string_view utf8) {
    std::error_code ec;
    std::string r = utf8_to_mutf7(utf8, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: ill-formed UTF-8 input");
    return r;
}

inline std::string mutf7_to_utf8(std::string_view mutf7) {
    std::error_code ec;
    std::string r = mutf7_to_utf8(mutf7, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: malformed mailbox name");
    return r;
}

inline std::string mutf7_to_utf8_lenient(std::string_view mutf7) {
    std::error_code ec;
    std::string r = mutf7_to_utf8_lenient(mutf7, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: malformed mailbox name");
    return r;
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_MUTF7_HPP
// end <imaplib/util/mutf7.hpp>
// begin <imaplib/util/rfc2047.hpp>
// imaplib-cpp: RFC 2047 encoded-word decoding for header text (ENVELOPE subjects and
// address display names).
//
// decode_rfc2047 returns UTF-8 and never fails:
// - "=?charset?Q?text?=" and "=?charset?B?text?=" (any case) are decoded, wherever
//   they appear, like Python's email.header; an RFC 2231 language suffix
//   ("utf-8*en") is ignored.
// - Charsets: UTF-8, US-ASCII, ISO-8859-1, ISO-8859-2, ISO-8859-15, windows-1252 (and
//   their usual aliases). A word in any other charset is left as it is.
// - Q: '_' is a space (section 4.2), "=XX" a byte; any other '=' stays as text.
//   B: padded and decoded like Python's email.base64mime; a word whose base64 cannot
//   be decoded is left as it is.
// - Linear whitespace between adjacent encoded words is dropped (section 6.2), and
//   adjacent words in the same charset are joined before decoding, so a character
//   split across two words survives (as in Python).
// - Bytes the charset does not define (bad UTF-8, 8-bit in US-ASCII, the holes of
//   windows-1252) become U+FFFD.
// - Folded lines are unfolded first (RFC 5322 section 2.2.3); other text is kept
//   byte for byte.
#ifndef IMAPLIB_UTIL_RFC2047_HPP
#define IMAPLIB_UTIL_RFC2047_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/util/base64.hpp>: inlined above
// #include <imaplib/util/utf8.hpp>: inlined above

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

enum class rfc2047_charset {
    unknown,
    utf_8,
    us_ascii,
    iso_8859_1,
    iso_8859_2,
    iso_8859_15,
    windows_1252
};

inline bool ascii_iequal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

inline rfc2047_charset rfc2047_charset_of(std::string_view name) noexcept {
    name = name.substr(0, name.find('*'));  // RFC 2231 section 5 language suffix
    struct alias {
        const char* name;
        rfc2047_charset charset;
    };
    static constexpr alias aliases[] = {
        {"utf-8", rfc2047_charset::utf_8},
        {"utf8", rfc2047_charset::utf_8},
        {"us-ascii", rfc2047_charset::us_ascii},
        {"ascii", rfc2047_charset::us_ascii},
        {"iso-8859-1", rfc2047_charset::iso_8859_1},
        {"iso8859-1", rfc2047_charset::iso_8859_1},
        {"iso_8859-1", rfc2047_charset::iso_8859_1},
        {"latin1", rfc2047_charset::iso_8859_1},
        {"latin-1", rfc2047_charset::iso_8859_1},
        {"iso-8859-2", rfc2047_charset::iso_8859_2},
        {"iso8859-2", rfc2047_charset::iso_8859_2},
        {"iso_8859-2", rfc2047_charset::iso_8859_2},
        {"latin2", rfc2047_charset::iso_8859_2},
        {"latin-2", rfc2047_charset::iso_8859_2},
        {"iso-8859-15", rfc2047_charset::iso_8859_15},
        {"iso8859-15", rfc2047_charset::iso_8859_15},
        {"iso_8859-15", rfc2047_charset::iso_8859_15},
        {"latin-9", rfc2047_charset::iso_8859_15},
        {"latin9", rfc2047_charset::iso_8859_15},
        {"windows-1252", rfc2047_charset::windows_1252},
        {"cp1252", rfc2047_charset::windows_1252},
    };
    for (const alias& a : aliases)
        if (ascii_iequal(name, a.name)) return a.charset;
    return rfc2047_charset::unknown;
}

// windows-1252 0x80-0x9F; 0 marks the five undefined bytes.
inline constexpr char16_t windows_1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// ISO-8859-2 0xA0-0xFF (the charset of RFC 2047 section 8's example).
inline constexpr char16_t iso_8859_2_high[96] = {
    0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7,
    0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
    0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7,
    0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9};

inline char32_t iso_8859_15_char(unsigned char b) noexcept {
    switch (b) {
    case 0xA4: return 0x20AC;
    case 0xA6: return 0x0160;
    case 0xA8: return 0x0161;
    case 0xB4: return 0x017D;
    case 0xB8: return 0x017E;
    case 0xBC: return 0x0152;
    case 0xBD: return 0x0153;
    case 0xBE: return 0x0178;
    default: return b;
    }
}

inline void rfc2047_to_utf8(std::string& out, std::string_view bytes, rfc2047_charset cs) {
    constexpr char32_t replacement = 0xFFFD;
    if (cs == rfc2047_charset::utf_8) {
        std::size_t pos = 0;
        while (pos < bytes.size()) {
            const char32_t cp = utf8_next(bytes, pos);
            utf8_append(out, cp == utf8_invalid ? replacement : cp);
        }
        return;
    }
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        char32_t cp = b;
        if (b >= 0x80) {
            switch (cs) {
            case rfc2047_charset::us_ascii: cp = replacement; break;
            case rfc2047_charset::iso_8859_2:
                if (b >= 0xA0) cp = iso_8859_2_high[b - 0xA0];
                break;
            case rfc2047_charset::iso_8859_15: cp = iso_8859_15_char(b); break;
            case rfc2047_charset::windows_1252:
                if (b < 0xA0) {
                    const char16_t w = windows_1252_high[b - 0x80];
                    cp = w != 0 ? w : replacement;
                }
                break;
            default: break;
            }
        }
        utf8_append(out, cp);
    }
}

constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// RFC 2047 section 4.2, as Python's email.quoprimime.header_decode.
inline std::string rfc2047_q_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            out += ' ';
        } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

constexpr bool rfc2047_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct rfc2047_piece {
    bool encoded;
    rfc2047_charset charset;
    std::string bytes;  // decoded bytes (encoded) or the text as is
};

enum class rfc2047_match { none, decoded, undecodable };

// Finds encoded words left to right in linear time. The searches for "?=" and for a
// line break only move forward (a candidate's text starts after the previous one's),
// so each is cached; a matched word is consumed whole, decoded or not, as Python's
// regex consumes it, so no text is scanned twice.
class rfc2047_scanner {
public:
    explicit rfc2047_scanner(std::string_view s) noexcept : s_(s) {}

    // Tries an encoded word at `p` (which starts with "=?"); on a match sets `end`
    // past its "?=" and, when it decodes, fills `piece`.
    rfc2047_match word(std::size_t p, std::size_t& end, rfc2047_piece& piece) {
        const std::size_t q = s_.find('?', p + 2);
        if (q == std::string_view::npos || q == p + 2 || q + 2 >= s_.size() || s_[q + 2] != '?')
            return rfc2047_match::none;
        const std::string_view charset = s_.substr(p + 2, q - p - 2);
        for (char c : charset)
            if (rfc2047_space(c) || static_cast<unsigned char>(c) < 0x20)
                return rfc2047_match::none;
        const char enc = s_[q + 1];
        if (enc != 'Q' && enc != 'q' && enc != 'B' && enc != 'b') return rfc2047_match::none;
        const std::size_t text_begin = q + 3;
        const std::size_t close = next(close_, text_begin, "?=");
        // Python's `.*?` stops at '\n'; a word never spans a line break.
        if (close == std::string_view::npos || next(break_, text_begin, "\r\n", true) < close)
            return rfc2047_match::none;
        end = close + 2;
        const std::string_view text = s_.substr(text_begin, close - text_begin);
        piece.encoded = true;
        piece.charset = rfc2047_charset_of(charset);
        if (piece.charset == rfc2047_charset::unknown) return rfc2047_match::undecodable;
        if (enc == 'Q' || enc == 'q') {
            piece.bytes = rfc2047_q_decode(text);
        } else {
            // email.base64mime: pad to a multiple of 4, then the tolerant a2b_base64.
            std::string padded(text);
            if (padded.size() % 4 != 0) padded.append(4 - padded.size() % 4, '=');
            std::error_code ec;
            piece.bytes = base64_decode(padded, ec);
            if (ec) return rfc2047_match::undecodable;
        }
        return rfc2047_match::decoded;
    }

private:
    struct cache {
        std::size_t at = 0;
        bool valid = false;
    };

    // First `what` (a string, or any one of its characters) at or after `from`;
    // `from` never decreases between calls.
    std::size_t next(cache& c, std::size_t from, std::string_view what, bool any_of = false) {
        if (!c.valid || (c.at != std::string_view::npos && c.at < from)) {
            c.at = any_of ? s_.find_first_of(what, from) : s_.find(what, from);
            c.valid = true;
        }
        return c.at;
    }

    std::string_view s_;
    cache close_;
    cache break_;
};

}  // namespace detail

// Decodes the encoded words of one header value (unstructured text or a phrase) to
// UTF-8; see the top of this file for the rules.
inline std::string decode_rfc2047(std::string_view header) {
    // Unfold: a line break followed by a space or tab is removed (keeping the blank).
    std::string text;
    text.reserve(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) {
        const char c = header[i];
        if (c == '\r' || c == '\n') {
            std::size_t j = i + 1;
            if (c == '\r' && j < header.size() && header[j] == '\n') ++j;
            if (j < header.size() && (header[j] == ' ' || header[j] == '\t')) {
                i = j - 1;
                continue;
            }
        }
        text += c;
    }

    std::vector<detail::rfc2047_piece> pieces;
    detail::rfc2047_scanner scanner(text);
    std::size_t plain_start = 0;
    std::size_t pos = 0;
    while ((pos = text.find("=?", pos)) != std::string::npos) {
        detail::rfc2047_piece piece{};
        std::size_t end = 0;
        const detail::rfc2047_match m = scanner.word(pos, end, piece);
        if (m == detail::rfc2047_match::none) {
            ++pos;
            continue;
        }
        if (m == detail::rfc2047_match::undecodable) {  // kept as text
            pos = end;
            continue;
        }
        if (pos > plain_start)
            pieces.push_back({false, detail::rfc2047_charset::unknown,
                              text.substr(plain_start, pos - plain_start)});
        pieces.push_back(std::move(piece));
        pos = plain_start = end;
    }
    if (plain_start < text.size())
        pieces.push_back({false, detail::rfc2047_charset::unknown, text.substr(plain_start)});

    std::string out;
    out.reserve(text.size());
    std::string run;  // bytes of adjacent encoded words in one charset
    auto run_charset = detail::rfc2047_charset::unknown;
    auto flush = [&] {
        if (run_charset != detail::rfc2047_charset::unknown)
            detail::rfc2047_to_utf8(out, run, run_charset);
        run.clear();
        run_charset = detail::rfc2047_charset::unknown;
    };
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const detail::rfc2047_piece& p = pieces[i];
        if (!p.encoded) {
            bool blank = true;
            for (char c : p.bytes) blank = blank && detail::rfc2047_space(c);
            // Section 6.2: white space between two encoded words is not displayed.
            if (blank && i > 0 && i + 1 < pieces.size() && pieces[i - 1].encoded &&
                pieces[i + 1].encoded)
                continue;
            flush();
            out += p.bytes;
            continue;
        }
        if (p.charset != run_charset) flush();
        run_charset = p.charset;
        run += p.bytes;
    }
    flush();
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_RFC2047_HPP
// end <imaplib/util/rfc2047.hpp>
// begin <imaplib/util/time.hpp>
// imaplib-cpp: imaplib's date functions, Internaldate2tuple and Time2Internaldate.
//
// Both depend on the process's local time zone (TZ, tzset), exactly as imaplib's do:
// Internaldate2tuple returns time.localtime(), and Time2Internaldate prints epoch
// seconds in local time with the local UTC offset. The UTC variants
// (internaldate_to_time_point, the overloads taking an explicit offset) do not.
//
// RFC 3501 section 9: date-time = DQUOTE date-day-fixed "-" date-month "-" date-year
//                                 SP time SP zone DQUOTE
#ifndef IMAPLIB_UTIL_TIME_HPP
#define IMAPLIB_UTIL_TIME_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/limits.hpp>: inlined above

#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

// Seconds-precision instant on the system clock (wide enough for years 1..9999,
// unlike the nanosecond system_clock::time_point of some standard libraries).
using sys_seconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

namespace detail {

inline constexpr const char* month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12; any year).
constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct civil_date {
    std::int64_t year;
    int month;  // 1..12
    int day;    // 1..31
};

constexpr civil_date civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2), m, d};
}

constexpr bool is_leap(std::int64_t y) noexcept {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr int days_in_month(std::int64_t y, int m) noexcept {
    constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// calendar.timegm of a broken-down UTC time (fields beyond their range roll over
// linearly, as in calendar.timegm).
constexpr std::int64_t timegm_fields(std::int64_t year, int mon, std::int64_t day,
                                     std::int64_t hour, std::int64_t min,
                                     std::int64_t sec) noexcept {
    const std::int64_t days = days_from_civil(year, mon, 1) + day - 1;
    return ((days * 24 + hour) * 60 + min) * 60 + sec;
}

// Python's datetime range: years 1..9999 (datetime raises ValueError/OverflowError).
constexpr std::int64_t min_epoch = -62135596800;   // 0001-01-01T00:00:00Z
constexpr std::int64_t max_epoch = 253402300799;   // 9999-12-31T23:59:59Z

inline bool localtime_of(std::int64_t t, std::tm& out) noexcept {
    if (t < std::numeric_limits<std::time_t>::min() ||
        t > std::numeric_limits<std::time_t>::max())
        return false;
    const auto tt = narrow_cast<std::time_t>(t);
#if defined(_WIN32)
    return localtime_s(&out, &tt) == 0;
#else
    return localtime_r(&tt, &out) != nullptr;
#endif
}

// UTC offset in seconds of local time at `t`: local broken-down fields minus UTC.
// Computed from the fields, so it needs no tm_gmtoff (not standard C++).
inline std::int64_t utc_offset_of(std::int64_t t, const std::tm& local) noexcept {
    return timegm_fields(std::int64_t{local.tm_year} + 1900, local.tm_mon + 1, local.tm_mday,
                         local.tm_hour, local.tm_min, local.tm_sec) -
           t;
}

// time.timezone, time.altzone and time.daylight as CPython computes them with glibc:
// the local offsets at the start of the current year and half a year later.
struct python_zone {
    std::int64_t timezone;  // seconds WEST of UTC, standard time
    std::int64_t altzone;   // seconds WEST of UTC, daylight time
    bool daylight;
};

inline python_zone python_zone_now() noexcept {
    constexpr std::int64_t year = (365 * 24 + 6) * 3600;
    const std::int64_t now = std::time(nullptr);
    const std::int64_t jan = (now / year) * year;
    const std::int64_t jul = jan + year / 2;
    std::tm tm_jan{};
    std::tm tm_jul{};
    std::int64_t janzone = 0;
    std::int64_t julyzone = 0;
    if (localtime_of(jan, tm_jan)) janzone = -utc_offset_of(jan, tm_jan);
    if (localtime_of(jul, tm_jul)) julyzone = -utc_offset_of(jul, tm_jul);
    if (janzone < julyzone) return {julyzone, janzone, true};  // southern hemisphere
    return {janzone, julyzone, janzone != julyzone};
}

inline void append_2digits(std::string& out, std::int64_t v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

// Formats '"DD-Mon-YYYY HH:MM:SS +HHMM"' (Python's %z: +HHMMSS when the offset has
// seconds). Fields are already validated.
inline std::string format_internaldate(std::int64_t year, int mon, int day, int hour, int min,
                                       int sec, std::int64_t offset) {
    std::string out;
    out.reserve(30);
    out += '"';
    append_2digits(out, day);
    out += '-';
    out += month_names[mon - 1];
    out += '-';
    out += static_cast<char>('0' + year / 1000);
    out += static_cast<char>('0' + year / 100 % 10);
    append_2digits(out, year % 100);
    out += ' ';
    append_2digits(out, hour);
    out += ':';
    append_2digits(out, min);
    out += ':';
    append_2digits(out, sec);
    out += ' ';
    out += offset < 0 ? '-' : '+';
    const std::int64_t a = offset < 0 ? -offset : offset;
    append_2digits(out, a / 3600);
    append_2digits(out, a / 60 % 60);
    if (a % 60 != 0) append_2digits(out, a % 60);
    out += '"';
    return out;
}

// Prints the instant `t` shifted by `offset` (seconds east of UTC).
inline std::string format_instant(std::int64_t t, std::int64_t offset, std::error_code& ec) {
    const std::int64_t local = t + offset;
    if (local < min_epoch || local > max_epoch) {
        ec = make_error_code(errc::invalid_argument);  // datetime: year out of range
        return {};
    }
    const std::int64_t days = (local >= 0 ? local : local - 86399) / 86400;
    const std::int64_t secs = local - days * 86400;
    const civil_date d = civil_from_days(days);
    ec.clear();
    return format_internaldate(d.year, d.month, d.day, static_cast<int>(secs / 3600),
                               static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                               offset);
}

// datetime.fromtimestamp(t, timezone.utc).astimezone(): local time, local offset.
inline std::string format_epoch_local(std::int64_t t, std::error_code& ec) {
    std::tm local{};
    if (t < min_epoch || t > max_epoch || !localtime_of(t, local)) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    return format_instant(t, utc_offset_of(t, local), ec);
}

// datetime.fromtimestamp(float): round the fraction to microseconds half-to-even and
// carry into the seconds (CPython's _PyTime_ObjectToTimeval); %S then truncates.
inline bool epoch_seconds_of(double secs, std::int64_t& out) noexcept {
    if (!std::isfinite(secs)) return false;
    double intpart = 0;
    double frac = std::modf(secs, &intpart) * 1e6;
    double rounded = std::round(frac);
    if (std::fabs(frac - rounded) == 0.5) rounded = 2.0 * std::round(frac / 2.0);
    if (rounded >= 1e6)
        intpart += 1.0;
    else if (rounded < 0)
        intpart -= 1.0;
    if (intpart < static_cast<double>(min_epoch) || intpart > static_cast<double>(max_epoch))
        return false;
    out = static_cast<std::int64_t>(intpart);
    return true;
}

inline bool valid_fields(const std::tm& t) noexcept {
    const std::int64_t year = std::int64_t{t.tm_year} + 1900;
    return year >= 1 && year <= 9999 && t.tm_mon >= 0 && t.tm_mon <= 11 && t.tm_mday >= 1 &&
           t.tm_mday <= days_in_month(year, t.tm_mon + 1) && t.tm_hour >= 0 &&
           t.tm_hour <= 23 && t.tm_min >= 0 && t.tm_min <= 59 && t.tm_sec >= 0 &&
           t.tm_sec <= 59;
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// imaplib raises ValueError (or KeyError) here, not IMAP4.error.
[[noreturn]] inline void throw_value_error(const char* what) { throw std::invalid_argument(what); }
#endif

// Parses imaplib's InternalDate regex at the rightmost place it matches on the first
// line (`.*` is greedy and does not cross '\n'). Returns false when nothing matches;
// on a match with an unknown month or a year Python cannot represent sets `ec`.
inline bool match_internaldate(std::string_view resp, std::int64_t& utc, std::error_code& ec) {
    ec.clear();
    constexpr std::string_view key = "INTERNALDATE \"";
    // "INTERNALDATE \"dd-Mon-yyyy hh:mm:ss +zzzz\"": 14 + 26 + 1.
    constexpr std::size_t value_size = 26;
    const std::string_view line = resp.substr(0, resp.find('\n'));
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t pos = line.rfind(key); pos != std::string_view::npos;
         pos = pos == 0 ? std::string_view::npos : line.rfind(key, pos - 1)) {
        const std::string_view v = line.substr(pos + key.size());
        if (v.size() < value_size + 1) continue;
        const bool shape =
            (v[0] == ' ' || (v[0] >= '0' && v[0] <= '3')) && digit(v[1]) && v[2] == '-' &&
            v[3] >= 'A' && v[3] <= 'Z' && v[4] >= 'a' && v[4] <= 'z' && v[5] >= 'a' &&
            v[5] <= 'z' && v[6] == '-' && digit(v[7]) && digit(v[8]) && digit(v[9]) &&
            digit(v[10]) && v[11] == ' ' && digit(v[12]) && digit(v[13]) && v[14] == ':' &&
            digit(v[15]) && digit(v[16]) && v[17] == ':' && digit(v[18]) && digit(v[19]) &&
            v[20] == ' ' && (v[21] == '+' || v[21] == '-') && digit(v[22]) && digit(v[23]) &&
            digit(v[24]) && digit(v[25]) && v[26] == '"';
        if (!shape) continue;
        int mon = 0;
        for (int i = 0; i < 12; ++i)
            if (v.substr(3, 3) == month_names[i]) mon = i + 1;
        auto num = [&](std::size_t at, std::size_t n) {
            std::int64_t x = 0;
            for (std::size_t i = at; i < at + n; ++i) x = x * 10 + (v[i] == ' ' ? 0 : v[i] - '0');
            return x;
        };
        const std::int64_t year = num(7, 4);
        if (mon == 0 || year == 0) {
            // imaplib: Mon2num[...] raises KeyError; calendar.timegm raises
            // ValueError for year 0.
            ec = make_error_code(errc::invalid_argument);
            return true;
        }
        std::int64_t zone = (num(22, 2) * 60 + num(24, 2)) * 60;
        if (v[21] == '-') zone = -zone;
        utc = timegm_fields(year, mon, num(0, 2), num(12, 2), num(15, 2), num(18, 2)) - zone;
        return true;
    }
    return false;
}

}  // namespace detail

// --- Internaldate2tuple ---------------------------------------------------------

// Internaldate2tuple(resp): finds `INTERNALDATE "dd-Mon-yyyy hh:mm:ss +zzzz"` in a
// response and returns that instant as LOCAL broken-down time (localtime_r, so it
// depends on TZ), or nullopt when the response has no INTERNALDATE (imaplib: None).
// A matching date with an unknown month name or year 0000 (imaplib raises KeyError
// or ValueError) gives nullopt and errc::invalid_argument.
inline std::optional<std::tm> internaldate_to_tuple(std::string_view resp, std::error_code& ec) {
    std::int64_t utc = 0;
    if (!detail::match_internaldate(resp, utc, ec) || ec) return std::nullopt;
    std::tm out{};
    if (!detail::localtime_of(utc, out)) {
        ec = make_error_code(errc::invalid_argument);  // time.localtime: OverflowError
        return std::nullopt;
    }
    return out;
}

// The same INTERNALDATE as a UTC instant; no time zone dependency.
inline std::optional<sys_seconds> internaldate_to_time_point(std::string_view resp,
                                                             std::error_code& ec) {
    std::int64_t utc = 0;
    if (!detail::match_internaldate(resp, utc, ec) || ec) return std::nullopt;
    return sys_seconds(std::chrono::seconds(utc));
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument where imaplib raises KeyError/ValueError.
inline std::optional<std::tm> internaldate_to_tuple(std::string_view resp) {
    std::error_code ec;
    auto r = internaldate_to_tuple(resp, ec);
    if (ec) detail::throw_value_error("Internaldate2tuple: invalid INTERNALDATE");
    return r;
}

inline std::optional<sys_seconds> internaldate_to_time_point(std::string_view resp) {
    std::error_code ec;
    auto r = internaldate_to_time_point(resp, ec);
    if (ec) detail::throw_value_error("Internaldate2tuple: invalid INTERNALDATE");
    return r;
}
#endif

// --- Time2Internaldate ----------------------------------------------------------
// Every form returns '"DD-Mmm-YYYY HH:MM:SS +HHMM"' with the double quotes, or "" and
// errc::invalid_argument where imaplib raises ValueError/OverflowError (dates outside
// years 1..9999, NaN, invalid fields, an unquoted string).

// Seconds since the epoch (int or float, as imaplib's number case): printed in local
// time with the local UTC offset of that instant.
template <class Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
std::string time_to_internaldate(Number seconds, std::error_code& ec) {
    std::int64_t t = 0;
    if constexpr (std::is_floating_point_v<Number>) {
        if (!detail::epoch_seconds_of(static_cast<double>(seconds), t)) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
    } else if constexpr (std::is_unsigned_v<Number>) {
        if (static_cast<std::uint64_t>(seconds) > static_cast<std::uint64_t>(detail::max_epoch)) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
        t = static_cast<std::int64_t>(seconds);
    } else {
        t = static_cast<std::int64_t>(seconds);
    }
    return detail::format_epoch_local(t, ec);
}

// An instant: local time with the local offset (as the epoch-seconds form).
template <class Duration>
std::string time_to_internaldate(
    std::chrono::time_point<std::chrono::system_clock, Duration> when, std::error_code& ec) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(when.time_since_epoch()).count();
    return detail::format_epoch_local(static_cast<std::int64_t>(secs), ec);
}

// An instant in a fixed zone `utc_offset` east of UTC (imaplib's aware datetime; a
// zero offset prints UTC "+0000"). The offset must be strictly within +-24 hours.
template <class Duration>
std::string time_to_internaldate(std::chrono::time_point<std::chrono::system_clock, Duration> when,
                                 std::chrono::seconds utc_offset, std::error_code& ec) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(when.time_since_epoch()).count();
    const std::int64_t off = utc_offset.count();
    if (off <= -86400 || off >= 86400) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    return detail::format_instant(static_cast<std::int64_t>(secs), off, ec);
}

// Broken-down time with an explicit offset east of UTC: the fields are printed as
// given (imaplib's struct_time path with tm_gmtoff; pass tm_gmtoff from localtime_r
// here to get exactly that). Fields must form a valid date and time (datetime()).
inline std::string time_to_internaldate(const std::tm& fields, std::chrono::seconds utc_offset,
                                        std::error_code& ec) {
    const std::int64_t off = utc_offset.count();
    if (!detail::valid_fields(fields) || off <= -86400 || off >= 86400) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    ec.clear();
    return detail::format_internaldate(std::int64_t{fields.tm_year} + 1900, fields.tm_mon + 1,
                                       fields.tm_mday, fields.tm_hour, fields.tm_min,
                                       fields.tm_sec, off);
}

// Broken-down LOCAL time (imaplib's 9-tuple path): the fields are printed as given
// with the offset imaplib derives from time.timezone/time.altzone: standard offset
// when tm_isdst == 0, daylight offset when tm_isdst > 0, and when tm_isdst < 0 the
// one mktime() decides. A zone without DST always gets its standard offset.
inline std::string time_to_internaldate(const std::tm& local, std::error_code& ec) {
    if (!detail::valid_fields(local)) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    const detail::python_zone zone = detail::python_zone_now();
    std::int64_t gmtoff = -zone.timezone;
    if (zone.daylight) {
        bool dst = local.tm_isdst > 0;
        if (local.tm_isdst < 0) {
            std::tm probe = local;
            probe.tm_isdst = -1;
            probe.tm_wday = -1;  // mktime sets it on success: tells -1 (error) from 1969
            const std::time_t t = std::mktime(&probe);
            std::tm back{};
            if (t == static_cast<std::time_t>(-1) && probe.tm_wday == -1) {
                ec = make_error_code(errc::invalid_argument);  // time.mktime: OverflowError
                return {};
            }
            dst = detail::localtime_of(static_cast<std::int64_t>(t), back) && back.tm_isdst > 0;
        }
        gmtoff = dst ? -zone.altzone : -zone.timezone;
    }
    return time_to_internaldate(local, std::chrono::seconds(gmtoff), ec);
}

// An already formatted date: a string that starts and ends with '"' is returned
// unchanged (imaplib assumes it is correct); any other string is invalid_argument.
inline std::string time_to_internaldate(std::string_view quoted, std::error_code& ec) {
    if (quoted.empty() || quoted.front() != '"' || quoted.back() != '"') {
        ec = make_error_code(errc::invalid_argument);  // imaplib: ValueError
        return {};
    }
    ec.clear();
    return std::string(quoted);
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument where imaplib raises ValueError.
template <class Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
std::string time_to_internaldate(Number seconds) {
    std::error_code ec;
    std::string r = time_to_internaldate(seconds, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: time out of range");
    return r;
}

template <class Duration>
std::string time_to_internaldate(
    std::chrono::time_point<std::chrono::system_clock, Duration> when) {
    std::error_code ec;
    std::string r = time_to_internaldate(when, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: time out of range");
    return r;
}

template <class Duration>
std::string time_to_internaldate(std::chrono::time_point<std::chrono::system_clock, Duration> when,
                                 std::chrono::seconds utc_offset) {
    std::error_code ec;
    std::string r = time_to_internaldate(when, utc_offset, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: time or offset out of range");
    return r;
}

inline std::string time_to_internaldate(const std::tm& fields, std::chrono::seconds utc_offset) {
    std::error_code ec;
    std::string r = time_to_internaldate(fields, utc_offset, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: invalid date or offset");
    return r;
}

inline std::string time_to_internaldate(const std::tm& local) {
    std::error_code ec;
    std::string r = time_to_internaldate(local, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: invalid date");
    return r;
}

inline std::string time_to_internaldate(std::string_view quoted) {
    std::error_code ec;
    std::string r = time_to_internaldate(quoted, ec);
    if (ec) detail::throw_value_error("date_time not of a known type");
    return r;
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_TIME_HPP
// end <imaplib/util/time.hpp>

// Response framing, then the grammar and its typed views.
// begin <imaplib/framing/reader.hpp>
// imaplib-cpp: framing - finds where one server response ends.
//
// A response is a line plus any number of literals (RFC 3501 section 4.3, RFC 3516
// literal8): a line ending in "{N}" CRLF (or "~{N}" CRLF) is followed by exactly N
// bytes, after which the line goes on to the next CRLF, which may announce another
// literal. The reader finds the end of such a frame without copying it, enforcing
// imaplib::limits before committing memory, and splits exactly where imaplib.py does.
// See docs/framing.md for the rules and the streaming contract.
#ifndef IMAPLIB_FRAMING_READER_HPP
#define IMAPLIB_FRAMING_READER_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/limits.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>
#include <vector>

// SSE2 is part of every x86-64 CPU; elsewhere a portable 8-byte scan is used.
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define IMAPLIB_FRAMING_SSE2 1
#endif

IMAPLIB_BEGIN_NAMESPACE

namespace framing {

enum class status { need_more, complete };

// One literal of a frame. Offsets are into the caller's buffer (the frame starts at 0).
struct literal {
    std::size_t header;    // offset of '{', or of '~' for a literal8
    std::size_t offset;    // offset of the first literal byte kept in the buffer
    std::size_t size;      // N, as announced
    // Bytes of this literal the caller consumed outside its buffer (see
    // response_reader::skip_literal_bytes). The buffer holds the literal's last
    // size - streamed bytes at [offset, offset + size - streamed); 0 unless streamed.
    std::size_t streamed = 0;
};

namespace detail {

inline constexpr std::uint64_t swar_ones = 0x0101010101010101ULL;
inline constexpr std::uint64_t swar_highs = 0x8080808080808080ULL;

// Nonzero iff some byte of v is zero (exact as a yes/no answer).
constexpr std::uint64_t swar_has_zero(std::uint64_t v) noexcept {
    return (v - swar_ones) & ~v & swar_highs;
}

constexpr bool is_line_control(char c) noexcept { return c == '\n' || c == '\r' || c == '\0'; }

// First LF, CR or NUL in [p, e), or e. Several bytes per step: framing must stay close
// to a plain memchr for LF while still catching the bare CR and NUL smuggling vectors.
inline const char* find_line_control(const char* p, const char* e) noexcept {
#ifdef IMAPLIB_FRAMING_SSE2
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i nul = _mm_setzero_si128();
    while (e - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)),
                                          _mm_cmpeq_epi8(v, nul));
        const int mask = _mm_movemask_epi8(hits);
        if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (e - p >= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, sizeof v);
        if (swar_has_zero(v) | swar_has_zero(v ^ (swar_ones * '\r')) |
            swar_has_zero(v ^ (swar_ones * '\n')))
            break;
        p += 8;
    }
    for (; p != e; ++p)
        if (is_line_control(*p)) return p;
    return e;
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// imaplib's Untagged_response type: [A-Z-]+
constexpr bool is_type_char(char c) noexcept { return (c >= 'A' && c <= 'Z') || c == '-'; }

// Whether imaplib.py looks for a literal on this first line at all. It matches
// `\* (?P<type>[A-Z-]+)( (?P<data>.*))?` (else `\* \d+ [A-Z-]+( (?P<data2>.*))?`) and
// applies `.*{(?P<size>\d+)}$` to the data part only; tagged and continuation lines
// never announce a literal. So the line needs "* TYPE " or "* N TYPE " before the data.
inline bool has_untagged_data(std::string_view line) noexcept {
    if (line.size() < 2 || line[0] != '*' || line[1] != ' ') return false;
    std::size_t k = 2;
    const std::size_t n = line.size();
    if (k < n && is_type_char(line[k])) {
        while (k < n && is_type_char(line[k])) ++k;
        return k < n && line[k] == ' ';
    }
    const std::size_t digits = k;
    while (k < n && is_digit(line[k])) ++k;
    if (k == digits || k >= n || line[k] != ' ') return false;
    const std::size_t type = ++k;
    while (k < n && is_type_char(line[k])) ++k;
    return k != type && k < n && line[k] == ' ';
}

}  // namespace detail

// Frames one response at a time. Not thread-safe; one per connection.
//
// Usage: append received bytes to a buffer that starts at the response's first byte and
// call parse() with the whole buffer after each read until it says complete; consume
// buffer[0, size()), erase it, reset(), and go on (the buffer may already hold the next
// response). After an error the connection is dead: parse() keeps returning that error.
class response_reader {
public:
    explicit response_reader(const imaplib::limits& l = {}, bool strict = false)
        : limits_(l), strict_(strict) {}

    // Scans what is new in `buffer` since the last call. `buffer` must be the same bytes
    // as before, possibly with more appended (and, while streaming a literal, as
    // described at skip_literal_bytes). Returns complete when buffer[0, size()) is one
    // whole frame; need_more when more bytes are needed or, with `ec` set, on error:
    //   line_too_long      a line's text (CRLF and literals excluded) > max_line
    //   literal_too_large  an announced N > max_literal (reported at the announcement)
    //   response_too_large the frame (streamed bytes included) would exceed max_response
    //   too_many_literals  the frame announced more than max_literals literals
    //   malformed_response NUL or bare CR in a line; in strict mode also a bare LF, a
    //                      non-numeric "{...}" at the end of a line, or an announcement
    //                      imaplib would not honour
    //   invalid_argument   the caller broke the contract (buffer shorter than before)
    status parse(std::string_view buffer, std::error_code& ec) {
        ec.clear();
        if (state_ == state::failed) {
            ec = error_;
            return status::need_more;
        }
        if (state_ == state::complete) return status::complete;
        if (buffer.size() < pos_) return fail(errc::invalid_argument, ec);

        const char* const base = buffer.data();
        const std::size_t end = buffer.size();
        for (;;) {
            if (state_ == state::in_literal) {
                // Literal bytes are opaque: skipped, never inspected.
                const std::size_t take = end - pos_ < remaining_ ? end - pos_ : remaining_;
                pos_ += take;
                remaining_ -= take;
                if (remaining_ != 0) return status::need_more;
                start_line(pos_);
            }

            // Every error is decided from the first LF, CR or NUL at or after the line
            // start (position i), so it is the same however the bytes were split:
            // the line's text is at least i - line_start_ bytes and the frame at least
            // i + 1. Scanning stops where either limit is already passed.
            const std::size_t window = scan_end(end);
            const char* hit = detail::find_line_control(base + pos_, base + window);
            const std::size_t i = static_cast<std::size_t>(hit - base);
            examined_ += i - pos_ + (i != window);
            if (i - line_start_ > limits_.max_line) return fail(errc::line_too_long, ec);
            if (exceeds_response(i, 1)) return fail(errc::response_too_large, ec);
            if (i == end) {  // no line end yet: all of it is line text
                pos_ = i;
                return status::need_more;
            }

            std::size_t lf = i;
            if (base[i] == '\0') return fail(errc::malformed_response, ec);
            if (base[i] == '\r') {
                if (i + 1 == end) {  // maybe the CR of a CRLF: look again next time
                    pos_ = i;
                    return status::need_more;
                }
                if (base[i + 1] != '\n') return fail(errc::malformed_response, ec);
                lf = i + 1;
            } else if (strict_) {  // bare LF; tolerated for servers that send "}\n"
                return fail(errc::malformed_response, ec);
            }
            const std::size_t next = lf + 1;
            if (exceeds_response(next, 0)) return fail(errc::response_too_large, ec);

            const std::string_view line(base + line_start_, i - line_start_);
            std::size_t count = 0;
            std::size_t header = 0;
            const errc e = announcement(line, count, header);
            if (e != errc{}) return fail(e, ec);
            if (header == npos) {
                size_ = next;
                state_ = state::complete;
                return status::complete;
            }
            // Counted against the limits now (max_literal in announcement()), before a
            // single byte of it is awaited; a line end must still follow the literal.
            if (count > limits_.max_response - next ||
                exceeds_response(next + count, strict_ ? 2 : 1))
                return fail(errc::response_too_large, ec);
            if (literals_.size() >= limits_.max_literals) return fail(errc::too_many_literals, ec);
            literals_.push_back(literal{line_start_ + header, next, count});
            state_ = state::in_literal;
            remaining_ = count;
            pos_ = next;
        }
    }

    // The frame's length through its final line end; 0 until parse() returned complete.
    std::size_t size() const noexcept { return state_ == state::complete ? size_ : 0; }

    // The literals announced so far, in order (all of them once complete).
    const std::vector<literal>& literals() const noexcept { return literals_; }

    // True when parse() stopped inside a literal's bytes (it then consumed the whole
    // buffer: every byte after literals().back().offset is a byte of that literal).
    bool in_literal() const noexcept { return state_ == state::in_literal; }

    // Bytes of the current literal still to come (0 outside a literal).
    std::size_t literal_remaining() const noexcept {
        return state_ == state::in_literal ? remaining_ : 0;
    }

    // Bytes of the current literal that are in the caller's buffer as last parsed:
    // buffer[literals().back().offset, + literal_buffered()) (0 outside a literal).
    std::size_t literal_buffered() const noexcept {
        return state_ == state::in_literal ? pos_ - literals_.back().offset : 0;
    }

    // Streams the current literal past the buffer (bulk downloads). Call only while
    // in_literal(). Contract: the caller has handed the literal_buffered() bytes at
    // literals().back().offset to its sink and erased them, so its buffer now ends at
    // literals().back().offset; `n` (<= literal_remaining()) further bytes of the
    // literal went straight from the transport to the sink, never into the buffer.
    // Afterwards the literal's `streamed` grows by literal_buffered() + n, later bytes
    // are appended at literals().back().offset, and every offset the reader reports
    // (the rest of this line, later literals, size()) is into the compacted buffer.
    // max_response still counts the streamed bytes: it bounds the response on the wire.
    // A call outside a literal, or with n > literal_remaining(), makes the next
    // parse() fail with invalid_argument.
    void skip_literal_bytes(std::size_t n) noexcept {
        if (state_ != state::in_literal || n > remaining_) {
            error_ = make_error_code(errc::invalid_argument);
            state_ = state::failed;
            return;
        }
        literal& current = literals_.back();
        const std::size_t dropped = pos_ - current.offset + n;
        current.streamed += dropped;
        streamed_ += dropped;
        pos_ = current.offset;
        remaining_ -= n;
        if (remaining_ == 0) start_line(pos_);
    }

    // Ready for the next response, whose first byte is at offset 0 of the buffer passed
    // next (erase buffer[0, size()) first). Keeps the literals' storage.
    void reset() noexcept {
        literals_.clear();
        state_ = state::in_line;
        pos_ = line_start_ = remaining_ = size_ = streamed_ = examined_ = 0;
        first_line_ = true;
        error_.clear();
    }

    // Bytes of line text inspected for this frame so far (literal bytes are skipped
    // unseen). Every byte is looked at a bounded number of times, whatever the split
    // into parse() calls: this makes the linear-time property testable.
    std::size_t bytes_examined() const noexcept { return examined_; }

    bool strict() const noexcept { return strict_; }

private:
    enum class state : unsigned char { in_line, in_literal, complete, failed };
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    status fail(errc e, std::error_code& ec) noexcept {
        error_ = make_error_code(e);
        ec = error_;
        state_ = state::failed;
        return status::need_more;
    }

    void start_line(std::size_t at) noexcept {
        state_ = state::in_line;
        line_start_ = pos_ = at;
        first_line_ = false;
    }

    // Where scanning the current line can stop: the end of the buffer, or the first
    // position at which the line or the frame would already be over its limit.
    std::size_t scan_end(std::size_t end) const noexcept {
        std::size_t cap = end;
        if (limits_.max_line < cap - line_start_) cap = line_start_ + limits_.max_line + 1;
        const std::size_t max = limits_.max_response;
        const std::size_t frame_cap = streamed_ < max ? max - streamed_ : 0;
        return frame_cap < cap ? (frame_cap > pos_ ? frame_cap : pos_) : cap;
    }

    // Would a frame of at least `compacted + more` bytes in the buffer (plus what was
    // streamed) exceed max_response? Written so that nothing overflows.
    bool exceeds_response(std::size_t compacted, std::size_t more) const noexcept {
        const std::size_t max = limits_.max_response;
        return compacted > max || streamed_ > max - compacted || more > max - compacted - streamed_;
    }

    // Does `line` (without its line end) announce a literal? Sets `header` to the offset
    // of '{' / '~' in the line, or npos; `count` to N (at most max_literal).
    // Tolerant mode is imaplib's `.*{(?P<size>\d+)}$` on the part of the line imaplib
    // tests; strict mode rejects what that regex would silently treat as text.
    errc announcement(std::string_view line, std::size_t& count, std::size_t& header) {
        header = npos;
        const std::size_t n = line.size();
        // A tagged or "+" first line never announces a literal (text in RFC 3501 too).
        if (first_line_ && !(n >= 2 && line[0] == '*' && line[1] == ' ')) return errc{};
        if (n == 0 || line[n - 1] != '}') return errc{};

        std::size_t j = n - 1;
        while (j > 0 && detail::is_digit(line[j - 1])) --j;
        examined_ += n - j;
        if (j == n - 1 || j == 0 || line[j - 1] != '{') {
            // Not "{digits}": text to imaplib. Strict mode refuses what looks like a
            // broken count ("{}", "{-1}", "{ 5}", "{1a}", LITERAL+ "{5+}").
            if (!strict_) return errc{};
            std::size_t inner = n - 1;  // just after the last '{'
            while (inner > 0 && line[inner - 1] != '{') --inner;
            examined_ += n - 1 - inner;
            if (inner == 0) return errc{};
            const char c = line[inner];
            const bool numeric_looking =
                c == '}' || detail::is_digit(c) || c == '-' || c == '+' || c == ' ';
            return numeric_looking ? errc::malformed_response : errc{};
        }
        // "* OK{5}" or "* 1 {5}": imaplib reads no literal, though a server meant one.
        if (first_line_ && !detail::has_untagged_data(line))
            return strict_ ? errc::malformed_response : errc{};

        // The count: digits only, so never negative; checked before it can wrap.
        std::size_t value = 0;
        const std::size_t cap = limits_.max_literal;
        for (std::size_t k = j; k != n - 1; ++k) {
            const auto d = static_cast<std::size_t>(line[k] - '0');
            if (d > cap || value > (cap - d) / 10) return errc::literal_too_large;
            value = value * 10 + d;
        }
        count = value;
        header = (j >= 2 && line[j - 2] == '~') ? j - 2 : j - 1;
        return errc{};
    }

    imaplib::limits limits_;
    bool strict_;
    state state_ = state::in_line;
    bool first_line_ = true;
    std::size_t pos_ = 0;         // first byte not yet scanned
    std::size_t line_start_ = 0;  // first byte of the line being scanned
    std::size_t remaining_ = 0;   // literal bytes still to come
    std::size_t size_ = 0;        // frame length once complete
    std::size_t streamed_ = 0;    // literal bytes consumed outside the buffer
    std::size_t examined_ = 0;
    std::error_code error_;
    std::vector<literal> literals_;
};

}  // namespace framing

IMAPLIB_END_NAMESPACE

#undef IMAPLIB_FRAMING_SSE2

#endif  // IMAPLIB_FRAMING_READER_HPP
// end <imaplib/framing/reader.hpp>
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
// begin <imaplib/grammar/core.hpp>
// imaplib-cpp: the grammar's combinator core.
//
// A rule is a type with `static constexpr bool match(detail::state&)`. Rules named after
// the ABNF productions derive from the combinators below (PEGTL style:
// `struct nstring : sor<nil, string> {};`), so the compiler composes them into a plain
// recursive-descent parser: no tables, no generator, and everything works in constant
// expressions (the tests `static_assert` over response strings).
//
// Failure bookkeeping follows the usual PEG "furthest failure" rule: the error names the
// outermost named rule that started at the furthest position where something failed.
// Limit violations (nesting, literal size, number overflow) are hard errors: they stop
// the whole parse at once instead of letting another alternative try.
#ifndef IMAPLIB_GRAMMAR_CORE_HPP
#define IMAPLIB_GRAMMAR_CORE_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/limits.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

// SSE2 is part of every x86-64 CPU; elsewhere the scanners below use 8-byte SWAR words.
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define IMAPLIB_GRAMMAR_SSE2 1
#endif
#if defined(__has_builtin)
#if __has_builtin(__builtin_is_constant_evaluated)
#define IMAPLIB_GRAMMAR_CONSTANT_EVALUATED() __builtin_is_constant_evaluated()
#endif
#endif
#ifndef IMAPLIB_GRAMMAR_CONSTANT_EVALUATED
#define IMAPLIB_GRAMMAR_CONSTANT_EVALUATED() true  // unknown compiler: always portable
#endif

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

// Strict follows RFC 3501/9051 to the letter; tolerant (the default) also accepts what
// real servers send (docs/grammar.md lists each tolerance and the server needing it).
enum class mode : unsigned char { tolerant, strict };

struct parse_options {
    mode strictness = mode::tolerant;
    imaplib::limits limits{};
    // Classify `* OK` / `* PREAUTH` / `* BYE` as the server greeting (RFC 9051 7.1).
    bool greeting = false;
};

// Where and why a parse failed. `expected` and `excerpt` point into static storage and
// into the parsed text respectively (no allocation).
struct parse_error {
    std::size_t offset = 0;       // byte offset into the text given to the parser
    std::string_view expected;    // the rule that could not match there (e.g. "envelope")
    std::string_view excerpt;     // up to 24 bytes of the text around `offset`
    errc code = errc::parse_error;

    std::string message() const {
        std::string m = "expected ";
        m.append(expected.data(), expected.size());
        m += " at offset ";
        m += std::to_string(offset);
        m += " near \"";
        m.append(excerpt.data(), excerpt.size());
        m += '"';
        return m;
    }
};

namespace detail {

// The media words a body structure's shape turns on (RFC 9051 body-type-msg and
// body-type-text): the grammar's media_type_* rules and body_view::fields read them here.
inline constexpr std::string_view media_word_text = "TEXT";
inline constexpr std::string_view media_word_message = "MESSAGE";
inline constexpr std::string_view media_word_rfc822 = "RFC822";
inline constexpr std::string_view media_word_global = "GLOBAL";

// Each nesting level costs a handful of stack frames; whatever limits::max_depth says,
// never recurse deeper than this, so no input can exhaust the stack.
inline constexpr std::size_t depth_ceiling = 512;

// The nesting a parse allows: limits::max_depth, at most depth_ceiling.
constexpr std::size_t depth_limit(const parse_options& o) noexcept {
    return o.limits.max_depth < depth_ceiling ? o.limits.max_depth : depth_ceiling;
}

struct state {
    const char* begin;
    const char* cur;
    const char* end;
    const char* line_start;     // for limits::max_line (lines end at literals and CRLF)
    std::size_t depth = 0;
    std::size_t max_depth;
    std::uint64_t max_literal;
    std::size_t max_line;
    bool strict;
    // Whether failures are recorded for the error report. A parse runs without first,
    // and only a frame that fails is parsed again with it (parse_response, parse<>), so
    // the bookkeeping costs nothing on the frames that match.
    bool track = true;
    errc hard{};                // set once: a limit was hit, everything fails fast
    const char* fail_at;
    std::string_view fail_rule;
    int mark = 0;               // which top-level alternative matched (see `mark<>`)

    constexpr state(std::string_view text, const parse_options& o) noexcept
        : begin(text.data()),
          cur(text.data()),
          end(text.data() + text.size()),
          line_start(text.data()),
          max_depth(depth_limit(o)),
          max_literal(o.limits.max_literal),
          max_line(o.limits.max_line),
          strict(o.strictness == mode::strict),
          fail_at(text.data()),
          fail_rule("response") {}

    constexpr bool failed_hard() const noexcept { return hard != errc{}; }
    constexpr bool eof() const noexcept { return cur == end; }
    constexpr std::size_t left() const noexcept { return static_cast<std::size_t>(end - cur); }
    constexpr char peek(std::size_t n = 0) const noexcept { return left() > n ? cur[n] : '\0'; }

    // A hard error overrides any soft failure position.
    constexpr bool fail_hard(errc e, const char* at, std::string_view rule) noexcept {
        if (!failed_hard()) {
            hard = e;
            fail_at = at;
            fail_rule = rule;
        }
        return false;
    }
};

// The unqualified name of a rule type, from the compiler's function signature.
template <class T>
constexpr std::string_view type_name() noexcept {
#if defined(__clang__) || defined(__GNUC__)
    std::string_view p = __PRETTY_FUNCTION__;
    std::size_t b = p.find("T = ");
    if (b == std::string_view::npos) return "rule";
    b += 4;
    std::size_t e = p.find_first_of(";]", b);
    std::string_view n = p.substr(b, e == std::string_view::npos ? p.size() - b : e - b);
    std::size_t c = n.rfind("::");
    return c == std::string_view::npos ? n : n.substr(c + 2);
#else
    return "rule";
#endif
}

// A rule may name itself (`static constexpr std::string_view rule_name = "...";`),
// otherwise the type's own name is used.
template <class R, class = void>
struct name_of {
    static constexpr std::string_view value = type_name<R>();
};
template <class R>
struct name_of<R, std::void_t<decltype(R::rule_name)>> {
    static constexpr std::string_view value = R::rule_name;
};

// Combinator templates say `using combinator_type = <themselves>`; a struct deriving from
// one inherits a different type, so it counts as a named rule and is reported.
template <class R, class = void>
struct is_combinator : std::false_type {};
template <class R>
struct is_combinator<R, std::void_t<typename R::combinator_type>>
    : std::is_same<R, typename R::combinator_type> {};

// Every rule is called through here: restores the position on failure and records the
// outermost named rule failing at the furthest position. This glue is always inlined;
// rules themselves stay calls.
template <class R>
IMAPLIB_ALWAYS_INLINE constexpr bool invoke(state& s) {
    const char* start = s.cur;
    if (R::match(s)) return true;
    s.cur = start;
    if constexpr (!is_combinator<R>::value) {
        if (s.track && !s.failed_hard() && start >= s.fail_at) {
            s.fail_at = start;
            s.fail_rule = name_of<R>::value;
        }
    }
    return false;
}

// True while the compiler evaluates a constant expression (the static_assert tests):
// the scanners then take their portable byte loop instead of SIMD.
constexpr bool constant_evaluated() noexcept { return IMAPLIB_GRAMMAR_CONSTANT_EVALUATED(); }

inline constexpr std::uint64_t swar_ones = 0x0101010101010101ULL;

// Nonzero iff some byte of v is zero.
constexpr std::uint64_t swar_zero_byte(std::uint64_t v) noexcept {
    return (v - swar_ones) & ~v & (swar_ones * 0x80);
}

// Index of the lowest set bit of x (x != 0).
inline unsigned lowest_bit(unsigned x) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<unsigned>(__builtin_ctz(x));
#else
    unsigned i = 0;
    while (((x >> i) & 1u) == 0) ++i;
    return i;
#endif
}

// The first byte in [p, e) that ends a run of plain QUOTED-CHARs: '"', '\\', CR, LF or
// NUL (RFC 9051 section 9), or e. Quoted strings are most of a FETCH response's bytes,
// so this looks at 16 (SSE2) or 8 bytes per step.
inline const char* find_quoted_special(const char* p, const char* e) noexcept {
#ifdef IMAPLIB_GRAMMAR_SSE2
    const __m128i dq = _mm_set1_epi8('"');
    const __m128i bs = _mm_set1_epi8('\\');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i nul = _mm_setzero_si128();
    while (e - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, bs)),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)),
                         _mm_cmpeq_epi8(v, nul)));
        const int mask = _mm_movemask_epi8(hit);
        if (mask != 0) return p + lowest_bit(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (e - p >= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, sizeof v);
        if (swar_zero_byte(v) | swar_zero_byte(v ^ (swar_ones * '"')) |
            swar_zero_byte(v ^ (swar_ones * '\\')) | swar_zero_byte(v ^ (swar_ones * '\r')) |
            swar_zero_byte(v ^ (swar_ones * '\n')))
            break;
        p += 8;
    }
    for (; p != e; ++p) {
        const char c = *p;
        if (c == '"' || c == '\\' || c == '\r' || c == '\n' || c == '\0') return p;
    }
    return e;
}

// Pointer past a quoted string starting at p ('"'), or e, as skip_quoted finds it; and
// `regular` stays true only if the string is closed and holds nothing but QUOTED-CHARs and
// the escapes \" and \\ (RFC 9051 section 9), which every mode of the grammar accepts.
inline const char* scan_quoted(const char* p, const char* e, bool& regular) noexcept {
    ++p;
    for (;;) {
        p = find_quoted_special(p, e);
        if (p == e) break;
        if (*p == '"') return p + 1;
        if (*p == '\\') {
            if (e - p < 2) break;
            regular &= p[1] == '"' || p[1] == '\\';
            p += 2;
        } else {  // CR, LF or NUL: stepped over, as skip_quoted does
            regular = false;
            ++p;
        }
    }
    regular = false;
    return e;
}

// Pointer past a quoted string starting at p ('"'), or e. Only a '"' or a backslash
// matters to where it ends (a backslash takes the next byte with it; CR, LF and NUL,
// which the grammar refuses, are stepped over), so the views and the value index cross
// it 16 bytes a step with two comparisons.
inline const char* skip_quoted(const char* p, const char* e) noexcept {
    ++p;
#ifdef IMAPLIB_GRAMMAR_SSE2
    const __m128i dq = _mm_set1_epi8('"');
    const __m128i bs = _mm_set1_epi8('\\');
    while (e - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, bs)));
        if (mask == 0) {
            p += 16;
            continue;
        }
        p += lowest_bit(static_cast<unsigned>(mask));
        if (*p == '"') return p + 1;
        if (e - p < 2) return e;
        p += 2;  // an escape takes the next byte with it
    }
#endif
    while (p < e) {
        if (*p == '"') return p + 1;
        if (*p == '\\') {
            if (e - p < 2) return e;
            p += 2;
        } else {
            ++p;
        }
    }
    return e;
}

// Whether the scanners below take 16 bytes a step (SSE2): load_list_masks and
// token_in_block are false without it.
inline constexpr bool have_simd =
#ifdef IMAPLIB_GRAMMAR_SSE2
    true;
#else
    false;
#endif

// A set of bytes spelled once, for a table (has) and for SIMD (the 16 bytes of v that
// are in it).
template <char... C>
struct byte_list {
    static constexpr bool has(char c) noexcept { return ((c == C) || ...); }
#ifdef IMAPLIB_GRAMMAR_SSE2
    static __m128i match(__m128i v) noexcept {
        __m128i hit = _mm_setzero_si128();
        ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(C)))), ...);
        return hit;
    }
#endif
};

// The bytes that end a bare token (views.hpp's token table and token_in_block).
using token_stops = byte_list<' ', '(', ')', '\r', '\n', '"', '{'>;

// Where a bare token at p ends, when one of the 16 bytes at p ends it (token_stops) and
// no "[" comes first: sets its length, and clears `digits` unless every byte of it is
// a digit. False, touching nothing, when fewer than 16 bytes are left, without SIMD, or
// when the token needs the byte loop. Most tokens (numbers, NIL, flags, item names) are
// shorter than 16 bytes: one step with no branch that depends on the bytes.
inline bool token_in_block(const char* p, const char* e, std::size_t& len, bool& digits) noexcept {
#ifdef IMAPLIB_GRAMMAR_SSE2
    if (e - p < 16) return false;
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i stop = _mm_or_si128(token_stops::match(v), _mm_cmpeq_epi8(v, _mm_set1_epi8('[')));
    const auto ends = static_cast<unsigned>(_mm_movemask_epi8(stop));
    if (ends == 0) return false;
    const unsigned n = lowest_bit(ends);
    if (p[n] == '[') return false;
    // '0'..'9' shifted by -128 are the signed bytes -128..-119.
    const __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>('0' + 128))),
                                         _mm_set1_epi8(static_cast<char>(10 - 128)));
    const unsigned before = (1u << n) - 1;
    if ((static_cast<unsigned>(_mm_movemask_epi8(digit)) & before) != before) digits = false;
    len = n;
    return true;
#else
    (void)p;
    (void)e;
    (void)len;
    (void)digits;
    return false;
#endif
}

// Where the bytes that matter to a list walk are in the 16 bytes at p: one bit per byte.
struct list_masks {
    unsigned quote, backslash, open, close, brace, bracket;
};

// Fills m from the 16 bytes at p (the caller makes sure they exist); false without SIMD.
inline bool load_list_masks(const char* p, list_masks& m) noexcept {
#ifdef IMAPLIB_GRAMMAR_SSE2
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    auto bits = [&v](char c) {
        return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
    };
    m.quote = bits('"');
    m.backslash = bits('\\');
    m.open = bits('(');
    m.close = bits(')');
    m.brace = bits('{');
    m.bracket = bits('[');
    return true;
#else
    (void)p;
    (void)m;
    return false;
#endif
}

// Bit i set when an odd number of bits 0..i of x are: with x the quotes of a block, the
// bytes inside a quoted string (the opening quote included, the closing one not).
constexpr unsigned prefix_xor16(unsigned x) noexcept {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    return x & 0xffffu;
}

constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// ---- FIRST sets ---------------------------------------------------------------------
//
// FIRST(R) is every byte at which R can consume anything (a superset is fine). A rule
// states it with `static constexpr char_set first_chars()`; the combinators derive theirs
// from their parts; a rule that may match empty, or fail for another reason before
// reading (a depth limit), states nothing and counts as "any byte". `sor`, `opt` and
// `star` skip a part whose FIRST excludes the next byte instead of calling it: a PEG
// dispatch on one byte that leaves the grammar and its results unchanged.

struct char_set {
    std::uint64_t w[4] = {0, 0, 0, 0};

    constexpr bool has(char c) const noexcept {
        const auto u = static_cast<unsigned char>(c);
        return ((w[u >> 6] >> (u & 63)) & 1) != 0;
    }
    constexpr bool full() const noexcept { return (w[0] & w[1] & w[2] & w[3]) == ~std::uint64_t{0}; }
    constexpr char_set& add(char c) noexcept {
        const auto u = static_cast<unsigned char>(c);
        w[u >> 6] |= std::uint64_t{1} << (u & 63);
        return *this;
    }
    // Both cases of a letter: ABNF strings are case-insensitive.
    constexpr char_set& add_nocase(char c) noexcept {
        add(c);
        if (c >= 'a' && c <= 'z') add(static_cast<char>(c - 32));
        if (c >= 'A' && c <= 'Z') add(static_cast<char>(c + 32));
        return *this;
    }
    friend constexpr char_set operator|(char_set a, const char_set& b) noexcept {
        for (int i = 0; i < 4; ++i) a.w[i] |= b.w[i];
        return a;
    }
    static constexpr char_set any() noexcept {
        char_set r;
        for (auto& x : r.w) x = ~std::uint64_t{0};
        return r;
    }
    // Word-wise, so the compiler's constant evaluation stays cheap (one set per rule).
    constexpr int count() const noexcept {
        int n = 0;
        for (std::uint64_t x : w) {
            x = x - ((x >> 1) & 0x5555555555555555ULL);
            x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
            x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
            n += static_cast<int>((x * 0x0101010101010101ULL) >> 56);
        }
        return n;
    }
    constexpr int lowest() const noexcept {
        for (int i = 0; i < 4; ++i) {
            if (w[i] == 0) continue;
            int b = 0;
            while (((w[i] >> b) & 1) == 0) ++b;
            return i * 64 + b;
        }
        return 0;
    }
    constexpr int highest() const noexcept {
        for (int i = 3; i >= 0; --i) {
            if (w[i] == 0) continue;
            int b = 63;
            while (((w[i] >> b) & 1) == 0) --b;
            return i * 64 + b;
        }
        return 0;
    }
};

template <class R, class = void>
struct first_of {
    static constexpr char_set value = char_set::any();
};
template <class R>
struct first_of<R, std::void_t<decltype(R::first_chars())>> {
    static constexpr char_set value = R::first_chars();
};

template <class R>
inline constexpr bool has_first = !first_of<R>::value.full();

// c in FIRST(R), as one comparison when the set is a byte, a range or a letter's cases.
template <class R>
constexpr bool may_start(char c) noexcept {
    constexpr char_set f = first_of<R>::value;
    constexpr int n = f.count(), lo = f.lowest(), hi = f.highest();
    const auto u = static_cast<unsigned char>(c);
    if constexpr (n == hi - lo + 1)
        return static_cast<unsigned>(u - lo) <= static_cast<unsigned>(hi - lo);
    else if constexpr (n == 2)
        return u == lo || u == hi;
    else
        return f.has(c);
}

// The rule name invoke<R> leaves in state::fail_rule when R fails at its first byte
// (empty if it records none): a skipped part reports exactly what a call would have.
template <class R>
constexpr std::string_view fail_name(bool strict) noexcept {
    if constexpr (!is_combinator<R>::value)
        return name_of<R>::value;
    else
        return R::first_fail(strict);
}

// What invoke<R> records when R fails at once at the current position.
template <class R>
IMAPLIB_ALWAYS_INLINE constexpr void note_skipped(state& s) noexcept {
    if (!s.track || s.failed_hard() || s.cur < s.fail_at) return;
    const std::string_view n = fail_name<R>(s.strict);
    if (n.empty()) return;
    s.fail_at = s.cur;
    s.fail_rule = n;
}

// invoke<R>, or R's failure without the call when the next byte is outside FIRST(R).
template <class R>
IMAPLIB_ALWAYS_INLINE constexpr bool invoke_first(state& s) {
    if constexpr (has_first<R>) {
        if (s.cur == s.end || !may_start<R>(*s.cur)) {
            note_skipped<R>(s);
            return false;
        }
    }
    return invoke<R>(s);
}

// A word as two byte tables: its lowercase form, and 0x20 where it has a letter. OR-ing
// the second into input bytes folds their case (ABNF strings are case-insensitive,
// RFC 5234 section 2.3); only 'A'-'Z' and 'a'-'z' map onto the letters that way.
template <std::size_t N>
struct folded_word {
    char lower[N];
    char fold[N];
};

template <std::size_t N>
constexpr folded_word<N> fold_word(const char* w) noexcept {
    folded_word<N> f{};
    for (std::size_t i = 0; i < N; ++i) {
        const bool letter = (w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z');
        f.lower[i] = to_lower(w[i]);
        f.fold[i] = letter ? '\x20' : '\0';
    }
    return f;
}

template <class T>
inline bool folded_chunk(const char* p, const char* lower, const char* fold) noexcept {
    T v, l, f;
    std::memcpy(&v, p, sizeof v);
    std::memcpy(&l, lower, sizeof l);
    std::memcpy(&f, fold, sizeof f);
    return static_cast<T>(v | f) == l;
}

// Whether the N bytes at p spell the word (any case), several bytes per comparison;
// the tables are constants, so each chunk compiles to an OR and a compare.
template <std::size_t N>
inline bool folded_equal(const char* p, const folded_word<N>& w) noexcept {
    if constexpr (N >= 8) {
        for (std::size_t i = 0; i + 8 <= N; i += 8)
            if (!folded_chunk<std::uint64_t>(p + i, w.lower + i, w.fold + i)) return false;
        if constexpr (N % 8 != 0)
            return folded_chunk<std::uint64_t>(p + N - 8, w.lower + N - 8, w.fold + N - 8);
        return true;
    } else if constexpr (N >= 4) {
        return folded_chunk<std::uint32_t>(p, w.lower, w.fold) &&
               folded_chunk<std::uint32_t>(p + N - 4, w.lower + N - 4, w.fold + N - 4);
    } else if constexpr (N >= 2) {
        return folded_chunk<std::uint16_t>(p, w.lower, w.fold) &&
               folded_chunk<std::uint16_t>(p + N - 2, w.lower + N - 2, w.fold + N - 2);
    } else {
        return static_cast<char>(p[0] | w.fold[0]) == w.lower[0];
    }
}

// The same test, usable in constant expressions.
template <std::size_t N>
constexpr bool word_at(const char* p, const folded_word<N>& w) noexcept {
    if (!constant_evaluated()) return folded_equal<N>(p, w);
    for (std::size_t i = 0; i < N; ++i)
        if (static_cast<char>(p[i] | w.fold[i]) != w.lower[i]) return false;
    return true;
}

template <class Self>
inline constexpr auto folded_keyword = fold_word<Self::word.size()>(Self::word.data());

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

}  // namespace detail

// ---- combinators ------------------------------------------------------------------

namespace detail {

template <class R, class... Rest>
constexpr char_set first_of_seq() noexcept {
    return first_of<R>::value;
}
template <class R, class... Rest>
constexpr std::string_view fail_of_seq(bool strict) noexcept {
    return fail_name<R>(strict);
}
// The last alternative that records a name wins (each one fails at the same byte).
template <class... R>
constexpr std::string_view fail_of_sor(bool strict) noexcept {
    std::string_view n;
    ((n = fail_name<R>(strict).empty() ? n : fail_name<R>(strict)), ...);
    return n;
}

}  // namespace detail

template <class... R>
struct seq {
    using combinator_type = seq;
    static constexpr bool match(detail::state& s) { return (detail::invoke<R>(s) && ...); }
    static constexpr detail::char_set first_chars() noexcept {
        if constexpr (sizeof...(R) == 0)
            return detail::char_set::any();
        else
            return detail::first_of_seq<R...>();
    }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        if constexpr (sizeof...(R) == 0)
            return {};
        else
            return detail::fail_of_seq<R...>(strict);
    }
};

// Ordered choice; a hard error stops the remaining alternatives.
template <class... R>
struct sor {
    using combinator_type = sor;
    static constexpr bool match(detail::state& s) {
        bool ok = false;
        (void)(((ok = detail::invoke_first<R>(s)) || s.failed_hard()) || ...);
        return ok;
    }
    static constexpr detail::char_set first_chars() noexcept {
        return (detail::char_set{} | ... | detail::first_of<R>::value);
    }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return detail::fail_of_sor<R...>(strict);
    }
};

template <class... R>
struct opt {
    using combinator_type = opt;
    static constexpr bool match(detail::state& s) {
        (void)detail::invoke_first<seq<R...>>(s);
        return !s.failed_hard();
    }
};

// Zero or more; stops when an iteration consumes nothing, so it always terminates.
template <class... R>
struct star {
    using combinator_type = star;
    static constexpr bool match(detail::state& s) {
        for (;;) {
            const char* p = s.cur;
            if (!detail::invoke_first<seq<R...>>(s) || s.cur == p) break;
        }
        return !s.failed_hard();
    }
};

template <class... R>
struct plus {
    using combinator_type = plus;
    static constexpr bool match(detail::state& s) {
        return detail::invoke<seq<R...>>(s) && detail::invoke<star<R...>>(s);
    }
    static constexpr detail::char_set first_chars() noexcept { return seq<R...>::first_chars(); }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return seq<R...>::first_fail(strict);
    }
};

// R (Sep R)*
template <class R, class Sep>
struct list_of {
    using combinator_type = list_of;
    static constexpr bool match(detail::state& s) {
        return detail::invoke<R>(s) && detail::invoke<star<Sep, R>>(s);
    }
    static constexpr detail::char_set first_chars() noexcept { return detail::first_of<R>::value; }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return detail::fail_name<R>(strict);
    }
};

// Lookahead, consumes nothing.
template <class R>
struct at {
    using combinator_type = at;
    static constexpr bool match(detail::state& s) {
        const char* p = s.cur;
        bool ok = detail::invoke<R>(s);
        s.cur = p;
        return ok;
    }
};

template <class R>
struct not_at {
    using combinator_type = not_at;
    static constexpr bool match(detail::state& s) {
        const char* p = s.cur;
        bool ok = detail::invoke<R>(s);
        s.cur = p;
        return !ok && !s.failed_hard();
    }
};

// One of the characters.
template <char... C>
struct one {
    using combinator_type = one;
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (s.eof()) return false;
        const char c = *s.cur;
        if (((c == C) || ...)) {
            ++s.cur;
            return true;
        }
        return false;
    }
    static constexpr detail::char_set first_chars() noexcept {
        detail::char_set r;
        (r.add(C), ...);
        return r;
    }
    static constexpr std::string_view first_fail(bool) noexcept { return {}; }
};

// A fixed case-insensitive word (ABNF strings are case-insensitive, RFC 5234 2.3).
template <char... C>
struct istr {
    using combinator_type = istr;
    static constexpr char word[sizeof...(C)] = {C...};
    static constexpr detail::folded_word<sizeof...(C)> folded =
        detail::fold_word<sizeof...(C)>(word);
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (s.left() < sizeof...(C) || !detail::word_at(s.cur, folded)) return false;
        s.cur += sizeof...(C);
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::char_set{}.add_nocase(word[0]);
    }
    static constexpr std::string_view first_fail(bool) noexcept { return {}; }
};

// A keyword: `struct kw_FETCH : keyword<kw_FETCH> { static constexpr std::string_view
// word = "FETCH"; };`. It must not run on into a longer word ("UID" vs "UIDNEXT",
// "RFC822" vs "RFC822.SIZE"); '[' and '<' may follow ("BODY[").
template <class Self>
struct keyword {
    static constexpr bool match(detail::state& s) noexcept {
        constexpr std::string_view w = Self::word;
        if (s.left() < w.size() || !detail::word_at(s.cur, detail::folded_keyword<Self>)) return false;
        if (s.left() > w.size()) {
            const char n = s.cur[w.size()];
            if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9') ||
                n == '.' || n == '-' || n == '_')
                return false;
        }
        s.cur += w.size();
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::char_set{}.add_nocase(Self::word[0]);
    }
};

// Only in tolerant mode.
template <class... R>
struct tolerant {
    using combinator_type = tolerant;
    static constexpr bool match(detail::state& s) {
        return !s.strict && detail::invoke<seq<R...>>(s);
    }
    static constexpr detail::char_set first_chars() noexcept { return seq<R...>::first_chars(); }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return strict ? std::string_view() : seq<R...>::first_fail(strict);
    }
};

// Only in strict mode.
template <class... R>
struct strict_only {
    using combinator_type = strict_only;
    static constexpr bool match(detail::state& s) {
        return s.strict && detail::invoke<seq<R...>>(s);
    }
    static constexpr detail::char_set first_chars() noexcept { return seq<R...>::first_chars(); }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return strict ? seq<R...>::first_fail(strict) : std::string_view();
    }
};

// One level of parenthesised nesting, bounded by limits::max_depth.
template <class... R>
struct nested {
    using combinator_type = nested;
    static constexpr bool match(detail::state& s) {
        if (s.depth >= s.max_depth)
            return s.fail_hard(errc::nesting_too_deep, s.cur, "nesting depth limit");
        ++s.depth;
        const bool ok = detail::invoke<seq<R...>>(s);
        --s.depth;
        return ok;
    }
};

// Remembers which alternative of a response matched, for the views.
template <int Mark, class... R>
struct mark {
    using combinator_type = mark;
    static constexpr bool match(detail::state& s) {
        if (!detail::invoke<seq<R...>>(s)) return false;
        s.mark = Mark;
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept { return seq<R...>::first_chars(); }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return seq<R...>::first_fail(strict);
    }
};

struct eof {
    static constexpr bool match(detail::state& s) noexcept { return s.eof(); }
    static constexpr std::string_view rule_name = "end of response";
};

// ---- entry points -------------------------------------------------------------------

namespace detail {

// Runs Rule over the whole text.
template <class Rule>
constexpr bool run(state& s) {
    return invoke<seq<Rule, eof>>(s) && !s.failed_hard();
}

inline parse_error make_error(const state& s, std::string_view text) {
    parse_error e;
    e.offset = static_cast<std::size_t>(s.fail_at - s.begin);
    e.expected = s.fail_rule;
    e.code = s.failed_hard() ? s.hard : errc::parse_error;
    const std::size_t from = e.offset > 8 ? e.offset - 8 : 0;
    e.excerpt = text.substr(from < text.size() ? from : text.size(), 24);
    return e;
}

}  // namespace detail

// True when the whole of `text` matches Rule. Usable in constant expressions.
template <class Rule>
constexpr bool matches(std::string_view text, const parse_options& opts = {}) {
    detail::state s(text, opts);
    s.track = false;
    return detail::run<Rule>(s);
}

// Validates `text` against Rule. On failure sets ec (errc::parse_error or a limit's code)
// and, when given, fills *err; returns false.
template <class Rule>
bool parse(std::string_view text, std::error_code& ec, const parse_options& opts = {},
           parse_error* err = nullptr) {
    detail::state fast(text, opts);
    fast.track = false;
    if (detail::run<Rule>(fast)) {
        ec.clear();
        return true;
    }
    detail::state s(text, opts);  // again, recording where and why it fails
    (void)detail::run<Rule>(s);
    parse_error e = detail::make_error(s, text);
    ec = make_error_code(e.code);
    if (err) *err = e;
    return false;
}

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#undef IMAPLIB_GRAMMAR_CONSTANT_EVALUATED
#undef IMAPLIB_GRAMMAR_SSE2

#endif  // IMAPLIB_GRAMMAR_CORE_HPP
// end <imaplib/grammar/core.hpp>
// begin <imaplib/grammar/lexical.hpp>
// imaplib-cpp: lexical rules of RFC 3501 / RFC 9051 section 9 (atoms, numbers, strings,
// literals, flags, dates, sequence sets) and a generic value for unknown extensions.
//
// The terminals are hand-written loops over a character-class table: they are the hot
// path of every FETCH response.
#ifndef IMAPLIB_GRAMMAR_LEXICAL_HPP
#define IMAPLIB_GRAMMAR_LEXICAL_HPP

// #include <imaplib/grammar/core.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

namespace detail {

enum char_class : unsigned char {
    cc_atom = 1,       // ATOM-CHAR
    cc_astring = 2,    // ASTRING-CHAR = ATOM-CHAR / resp-specials
    cc_text = 4,       // TEXT-CHAR (plus 8-bit UTF-8, RFC 9051), no CR, LF, NUL
    cc_quoted = 8,     // QUOTED-CHAR without escape: TEXT-CHAR except '"' and '\'
    cc_digit = 16,
    cc_list = 32,      // list-char = ATOM-CHAR / list-wildcards / resp-specials
    cc_generic = 64,   // bytes of an unknown bare token (tolerant extension values)
};

struct char_table {
    unsigned char v[256];
};

constexpr char_table make_char_table() noexcept {
    char_table t{};
    for (int c = 0; c < 256; ++c) {
        unsigned char f = 0;
        const bool ctl = c < 0x20 || c == 0x7f;
        const bool eight = c >= 0x80;
        // atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials /
        // resp-specials (RFC 9051 section 9)
        const bool special = c == '(' || c == ')' || c == '{' || c == ' ' || ctl || c == '%' ||
                             c == '*' || c == '"' || c == '\\' || c == ']';
        if (!special && !eight) f |= cc_atom;
        if ((!special || c == ']') && !eight) f |= cc_astring;
        if ((!special || c == '%' || c == '*' || c == ']') && !eight) f |= cc_list;
        if (c != '\r' && c != '\n' && c != 0) f |= cc_text;
        if (c != '\r' && c != '\n' && c != 0 && c != '"' && c != '\\') f |= cc_quoted;
        if (c >= '0' && c <= '9') f |= cc_digit;
        if (!ctl && c != ' ' && c != '(' && c != ')' && c != '"' && c != '{') f |= cc_generic;
        t.v[c] = f;
    }
    return t;
}

inline constexpr char_table chars = make_char_table();

constexpr bool has(char c, unsigned char cls) noexcept {
    return (chars.v[static_cast<unsigned char>(c)] & cls) != 0;
}

// FIRST of a rule that starts with a byte of a class.
template <unsigned char Class>
constexpr char_set class_chars() noexcept {
    char_set r;
    for (int c = 0; c < 256; ++c)
        if (chars.v[c] & Class) r.add(static_cast<char>(c));
    return r;
}

// 1*<chars of class>
template <unsigned char Class>
constexpr bool take_class(state& s) noexcept {
    const char* p = s.cur;
    while (p != s.end && has(*p, Class)) ++p;
    if (p == s.cur) return false;
    s.cur = p;
    return true;
}

// Unsigned decimal with an upper bound; a value above it is a hard error, never a wrap.
constexpr bool take_number(state& s, std::uint64_t max, bool nonzero, std::string_view rule) {
    const char* p = s.cur;
    if (p == s.end || !has(*p, cc_digit)) return false;
    if (nonzero && *p == '0') return false;
    std::uint64_t v = 0;
    while (p != s.end && has(*p, cc_digit)) {
        const auto d = static_cast<std::uint64_t>(*p - '0');
        if (v > (max - d) / 10) return s.fail_hard(errc::parse_error, s.cur, rule);
        v = v * 10 + d;
        ++p;
    }
    s.cur = p;
    return true;
}

}  // namespace detail

// ---- basic tokens -----------------------------------------------------------------------

// SP. Tolerant: a run of spaces (Exchange and Courier double spaces).
struct SP {
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (s.peek() != ' ') return false;
        ++s.cur;
        if (!s.strict)
            while (s.peek() == ' ') ++s.cur;
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept { return detail::char_set{}.add(' '); }
};

// Optional spaces, tolerant mode only: after "(" and before ")" (Exchange, Yahoo).
struct lax_space {
    using combinator_type = lax_space;
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (!s.strict)
            while (s.peek() == ' ') ++s.cur;
        return true;
    }
};

struct lparen : seq<one<'('>, lax_space> {};
struct rparen : seq<lax_space, one<')'>> {};

// A separator between list elements: SP; tolerant mode also accepts none when a
// delimiter makes the boundary obvious (`"a""b"`, `(x)(y)`, Courier and old Cyrus).
struct list_sep {
    static constexpr bool match(detail::state& s) noexcept {
        if (SP::match(s)) return true;
        if (s.strict) return false;
        const char c = s.peek();
        const char prev = s.cur != s.begin ? s.cur[-1] : '\0';
        return c == '(' || c == '"' || prev == ')' || prev == '"';
    }
    static constexpr std::string_view rule_name = "SP";
};

// CRLF. Tolerant: trailing spaces before it (Exchange ends `* SEARCH ` lines so).
struct CRLF {
    static constexpr bool match(detail::state& s) noexcept {
        if (!s.strict)
            while (s.peek() == ' ') ++s.cur;
        if (s.left() < 2 || s.cur[0] != '\r' || s.cur[1] != '\n') return false;
        if (s.cur > s.line_start && static_cast<std::size_t>(s.cur - s.line_start) > s.max_line)
            return s.fail_hard(errc::line_too_long, s.line_start, "line length limit");
        s.cur += 2;
        s.line_start = s.cur;
        return true;
    }
};

// Lookahead for the end of the line (tolerant trailing spaces included), no side effect.
struct at_CRLF {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        if (!s.strict)
            while (p != s.end && *p == ' ') ++p;
        return s.end - p >= 2 && p[0] == '\r' && p[1] == '\n';
    }
    static constexpr std::string_view rule_name = "CRLF";
};

struct atom {
    static constexpr bool match(detail::state& s) noexcept {
        return detail::take_class<detail::cc_atom>(s);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_atom>();
    }
};

// number = 1*DIGIT, an unsigned 32-bit value (RFC 9051 section 9)
struct number {
    static constexpr bool match(detail::state& s) {
        return detail::take_number(s, 0xffffffffu, false, "number (32-bit)");
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

// nz-number = digit-nz *DIGIT, 32-bit
struct nz_number {
    static constexpr bool match(detail::state& s) {
        return detail::take_number(s, 0xffffffffu, true, "nz-number (32-bit)");
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

// number64 = 1*DIGIT, 0 <= n <= 9,223,372,036,854,775,807 (RFC 9051 section 9)
struct number64 {
    static constexpr bool match(detail::state& s) {
        return detail::take_number(s, 0x7fffffffffffffffull, false, "number64 (63-bit)");
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

struct nz_number64 {
    static constexpr bool match(detail::state& s) {
        return detail::take_number(s, 0x7fffffffffffffffull, true, "number64 (63-bit)");
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

// mod-sequence-value = 1*DIGIT, positive 63-bit (RFC 7162 section 7)
struct mod_sequence_value : number64 {};
struct uniqueid : nz_number {};

namespace detail {

// Past the run of plain QUOTED-CHARs at p: SIMD at run time, a byte loop in constant
// expressions.
constexpr const char* skip_quoted_chars(const char* p, const char* e) noexcept {
    if (!constant_evaluated()) return find_quoted_special(p, e);
    while (p != e && has(*p, cc_quoted)) ++p;
    return p;
}

}  // namespace detail

// quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR may be 8-bit UTF-8 (RFC 9051).
struct quoted {
    static constexpr bool match(detail::state& s) noexcept {
        if (s.peek() != '"') return false;
        const char* p = s.cur + 1;
        for (;;) {
            p = detail::skip_quoted_chars(p, s.end);
            if (p == s.end) return false;  // unterminated
            const char c = *p;
            if (c == '"') {
                s.cur = p + 1;
                return true;
            }
            if (c != '\\' || p + 1 == s.end) return false;  // CR, LF or NUL inside
            const char n = p[1];
            // Only \" and \\ are escapes; tolerant mode passes other escaped text bytes.
            if (n != '"' && n != '\\' && (s.strict || !detail::has(n, detail::cc_text)))
                return false;
            p += 2;
        }
    }
    static constexpr detail::char_set first_chars() noexcept { return detail::char_set{}.add('"'); }
};

namespace detail {

// "{" number64 ["+"] "}" CRLF *CHAR8, or with Tilde "~{...}" for literal8 (RFC 3516).
constexpr bool take_literal(state& s, bool eight) {
    const char* start = s.cur;
    const char* p = s.cur;
    if (eight) {
        if (p == s.end || *p != '~') return false;
        ++p;
    }
    if (p == s.end || *p != '{') return false;
    ++p;
    if (p == s.end || !has(*p, cc_digit)) return false;
    std::uint64_t n = 0;
    while (p != s.end && has(*p, cc_digit)) {
        const auto d = static_cast<std::uint64_t>(*p - '0');
        if (n > (0x7fffffffffffffffull - d) / 10)
            return s.fail_hard(errc::literal_too_large, start, "literal size");
        n = n * 10 + d;
        ++p;
    }
    if (p != s.end && *p == '+') ++p;  // non-synchronizing form (RFC 7888) seen echoed
    if (p == s.end || *p != '}') return false;
    ++p;
    if (s.end - p < 2 || p[0] != '\r' || p[1] != '\n') return false;
    if (p > s.line_start && static_cast<std::size_t>(p - s.line_start) > s.max_line)
        return s.fail_hard(errc::line_too_long, s.line_start, "line length limit");
    p += 2;
    if (n > s.max_literal) return s.fail_hard(errc::literal_too_large, start, "literal size");
    if (n > static_cast<std::uint64_t>(s.end - p))
        return s.fail_hard(errc::parse_error, start, "literal data (count beyond the response)");
    const auto len = imaplib::detail::narrow_cast<std::size_t>(n);
    // CHAR8 excludes NUL (RFC 3501 section 9); literal8 may hold any OCTET. Servers do
    // put NUL bytes in message data, so only strict mode checks.
    if (!eight && s.strict && std::char_traits<char>::find(p, len, '\0') != nullptr)
        return s.fail_hard(errc::parse_error, start, "literal without NUL (CHAR8)");
    s.cur = p + len;
    s.line_start = s.cur;
    return true;
}

}  // namespace detail

struct literal {
    static constexpr bool match(detail::state& s) { return detail::take_literal(s, false); }
    static constexpr detail::char_set first_chars() noexcept { return detail::char_set{}.add('{'); }
};

struct literal8 {
    static constexpr bool match(detail::state& s) { return detail::take_literal(s, true); }
    static constexpr detail::char_set first_chars() noexcept { return detail::char_set{}.add('~'); }
};

// The strings are most of a FETCH response's values, so each of their productions has a
// second `match`: one dispatch on the first byte to the only alternative that can start
// there, the same language as the sor it derives from. It records no failures, so it
// serves the parse that runs without them (state::track); the parse that reports an
// error takes the sor, recording exactly what it always has.
struct string : sor<quoted, literal> {
    static constexpr bool match(detail::state& s) {
        if (s.track) return sor<quoted, literal>::match(s);
        if (s.cur == s.end) return false;
        if (*s.cur == '"') return quoted::match(s);
        return *s.cur == '{' && literal::match(s);
    }
};

struct nil : keyword<nil> {
    static constexpr std::string_view word = "NIL";
    static constexpr std::string_view rule_name = "NIL";
};

namespace detail {

// string / NIL in one dispatch (the first parse of nstring and lax_string).
constexpr bool string_or_nil(state& s, bool nil_allowed) {
    if (s.cur == s.end) return false;
    const char c = *s.cur;
    if (c == 'N' || c == 'n') return nil_allowed && nil::match(s);
    return string::match(s);
}

}  // namespace detail

struct nstring : sor<string, nil> {
    static constexpr bool match(detail::state& s) {
        return s.track ? sor<string, nil>::match(s) : detail::string_or_nil(s, true);
    }
};

// astring = 1*ASTRING-CHAR / string
struct astring_chars {
    static constexpr bool match(detail::state& s) noexcept {
        return detail::take_class<detail::cc_astring>(s);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_astring>();
    }
};
struct astring : sor<string, astring_chars> {
    static constexpr bool match(detail::state& s) {
        if (s.track) return sor<string, astring_chars>::match(s);
        if (s.cur == s.end) return false;
        const char c = *s.cur;
        if (c == '"' || c == '{') return string::match(s);
        return astring_chars::match(s);
    }
};

// A string where the RFC requires one; tolerant mode also takes NIL (Exchange and
// Domino send NIL for body-fld-enc and media subtypes).
struct lax_string : sor<string, tolerant<nil>> {
    static constexpr bool match(detail::state& s) {
        return s.track ? sor<string, tolerant<nil>>::match(s) : detail::string_or_nil(s, !s.strict);
    }
};

// text = 1*TEXT-CHAR (RFC 9051 also allows UTF-8)
struct text {
    static constexpr bool match(detail::state& s) noexcept {
        return detail::take_class<detail::cc_text>(s);
    }
};

// tag = 1*<any ASTRING-CHAR except "+">
struct tag {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && detail::has(*p, detail::cc_astring) && *p != '+') ++p;
        if (p == s.cur) return false;
        s.cur = p;
        return true;
    }
};

// base64 = *(4base64-char) [base64-terminal]; it is a subset of text, so the
// continuation request takes text (see continue_req).

// mailbox = "INBOX" / astring
struct mailbox : astring {};

// ---- flags ------------------------------------------------------------------------------

// flag-keyword = atom; tolerant: also "]" inside (Gmail's `[Gmail]/Sent` style keywords).
struct flag_keyword {
    static constexpr bool match(detail::state& s) noexcept {
        return s.strict ? detail::take_class<detail::cc_atom>(s)
                        : detail::take_class<detail::cc_astring>(s);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_astring>();  // cc_atom is a subset
    }
};

// flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
//        flag-extension;  flag-extension = "\" atom
struct flag : sor<seq<one<'\\'>, flag_keyword>, flag_keyword> {};
// flag-perm = flag / "\*"
struct flag_perm : sor<istr<'\\', '*'>, flag> {};
// flag-fetch = flag / "\Recent"
struct flag_fetch : flag {};

struct flag_list : seq<lparen, opt<list_of<flag, list_sep>>, rparen> {};

// ---- dates ------------------------------------------------------------------------------

struct date_month
    : sor<istr<'J', 'a', 'n'>, istr<'F', 'e', 'b'>, istr<'M', 'a', 'r'>, istr<'A', 'p', 'r'>,
          istr<'M', 'a', 'y'>, istr<'J', 'u', 'n'>, istr<'J', 'u', 'l'>, istr<'A', 'u', 'g'>,
          istr<'S', 'e', 'p'>, istr<'O', 'c', 't'>, istr<'N', 'o', 'v'>, istr<'D', 'e', 'c'>> {};

struct DIGIT {
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (!detail::has(s.peek(), detail::cc_digit)) return false;
        ++s.cur;
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

// date-day-fixed = (SP DIGIT) / 2DIGIT; tolerant: a single digit (Domino).
struct date_day_fixed : sor<seq<one<' '>, DIGIT>, seq<DIGIT, DIGIT>, tolerant<DIGIT>> {};
struct date_year : seq<DIGIT, DIGIT, DIGIT, DIGIT> {};
struct time : seq<DIGIT, DIGIT, one<':'>, DIGIT, DIGIT, one<':'>, DIGIT, DIGIT> {};
struct zone : seq<one<'+', '-'>, DIGIT, DIGIT, DIGIT, DIGIT> {};
// date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
struct date_time : seq<one<'"'>, date_day_fixed, one<'-'>, date_month, one<'-'>, date_year,
                       one<' '>, time, one<' '>, zone, one<'"'>> {};

// ---- sets ---------------------------------------------------------------------------------

// seq-number = nz-number / "*"; "$" is the saved search result (RFC 5182, RFC 9051).
struct seq_number : sor<nz_number, one<'*'>> {};
struct seq_range : seq<seq_number, one<':'>, seq_number> {};
struct sequence_set : sor<one<'$'>, list_of<sor<seq_range, seq_number>, one<','>>> {};
// uid-set = (uniqueid / uid-range) *("," uid-set)   (RFC 4315 section 4)
struct uid_range : seq<uniqueid, one<':'>, uniqueid> {};
struct uid_set : list_of<sor<uid_range, uniqueid>, one<','>> {};

// objectid = 1*255(ALPHA / DIGIT / "_" / "-")   (RFC 8474 section 7)
struct objectid {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && p - s.cur < 255) {
            const char c = *p;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-'))
                break;
            ++p;
        }
        if (p == s.cur) return false;
        s.cur = p;
        return true;
    }
};

// ---- generic values -------------------------------------------------------------------

// A bare token of an unknown extension: atoms, numbers, `\Flags`, `$Label`, `a]b`.
struct generic_token {
    static constexpr bool match(detail::state& s) noexcept {
        return detail::take_class<detail::cc_generic>(s);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_generic>();
    }
};

// Any value an unknown FETCH item, STATUS item or extension may carry:
// string, literal8, bare token, or a parenthesised list of values (depth-bounded).
struct generic_value;
struct generic_list : nested<lparen, opt<list_of<generic_value, list_sep>>, rparen> {};
struct generic_value : sor<quoted, literal, literal8, generic_list, generic_token> {};

// tagged-ext-val (RFC 4466 section 2.1) is a subset of generic_value; extensions use it.
struct tagged_ext_val : generic_value {};

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_LEXICAL_HPP
// end <imaplib/grammar/lexical.hpp>
// begin <imaplib/grammar/views.hpp>
// imaplib-cpp: typed, zero-copy, lazy views over a validated response.
//
// The grammar validates a frame once; these views then read it on demand. Every string is
// a std::string_view into the frame (keep the frame alive), and no view allocates. Views
// of a response parsed with a value_index (grammar/index.hpp) step through the index, so
// every value is found in constant time; others walk the validated bytes, re-reading a
// nested list to find its end. Both give the same values. Unescaping a quoted string
// writes into a caller's buffer or returns a std::string, only when asked.
//
// The walkers are defensive (bounded by the view's bytes) so a view over bytes the
// grammar did not validate can return odd values, never read out of bounds.
#ifndef IMAPLIB_GRAMMAR_VIEWS_HPP
#define IMAPLIB_GRAMMAR_VIEWS_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/grammar/core.hpp>: inlined above

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <new>
#include <optional>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

enum class value_kind : unsigned char { none, nil, number, atom, quoted, literal, literal8, list };

class value;
class value_range;

namespace detail {

// One value of a frame as a value_index records it (grammar/index.hpp): where its bytes
// are, and how many entries it covers (itself plus, for a list, every value inside it),
// so the next sibling is `this + span`.
struct index_entry {
    std::uint32_t begin;       // the value's first byte, as an offset into the frame
    std::uint32_t end;         // past its last byte
    std::uint32_t span;        // entries covered, itself included
    value_kind kind;
    std::uint8_t data_begin;   // data() starts this many bytes after begin
    std::uint8_t data_trim;    // and ends this many bytes before end
};

struct cursor;
cursor items_cursor(const value& list) noexcept;

constexpr bool view_iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
        if (x != y) return false;
    }
    return true;
}

// Digits to an integer; nullopt when not all digits or above 2^64-1.
inline std::optional<std::uint64_t> to_uint(std::string_view s) noexcept {
    if (s.empty() || s.size() > 20) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c < '0' || c > '9') return std::nullopt;
        const auto d = static_cast<std::uint64_t>(c - '0');
        // Only a twentieth digit can overflow: 19 digits stay below 10^19 < 2^64.
        if (i == 19 && v > (UINT64_MAX - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

}  // namespace detail

// One IMAP value: NIL, a number, an atom, a quoted string, a literal, or a list.
//
// 32 bytes, as views make and copy one for every field they read: the raw bytes, and
// how far inside them data() starts and ends (a quote, a literal's "{N}\r\n", a
// parenthesis: never more than 255 bytes).
class value {
public:
    constexpr value() noexcept = default;
    // `data` lies within `raw` as above; an empty `data` with no pointer (NIL) is taken
    // as the empty end of `raw`.
    constexpr value(value_kind k, std::string_view raw, std::string_view data,
                    const detail::index_entry* entry = nullptr) noexcept
        : value(k, raw.data(), raw.size(),
                data.data() ? static_cast<std::size_t>(data.data() - raw.data()) : raw.size(),
                data.data() ? static_cast<std::size_t>(raw.data() + raw.size() - (data.data() + data.size())) : 0,
                entry) {}

    constexpr value_kind kind() const noexcept { return kind_; }
    constexpr bool exists() const noexcept { return kind_ != value_kind::none; }
    constexpr bool is_nil() const noexcept { return kind_ == value_kind::nil; }
    constexpr bool is_list() const noexcept { return kind_ == value_kind::list; }
    constexpr bool is_string() const noexcept {
        return kind_ == value_kind::quoted || kind_ == value_kind::literal ||
               kind_ == value_kind::literal8;
    }
    // The bytes as they stand in the frame, quotes and literal prefix included.
    constexpr std::string_view raw() const noexcept { return std::string_view(p_, n_); }
    // The content: a quoted string without its quotes (still escaped), a literal's bytes,
    // a list without its parentheses, an atom or number as is, NIL as "".
    constexpr std::string_view data() const noexcept {
        return std::string_view(p_ + data_begin_, n_ - data_begin_ - data_trim_);
    }
    // True when data() holds \" or \\ escapes and so differs from the string's value.
    bool has_escapes() const noexcept {
        return kind_ == value_kind::quoted && data().find('\\') != std::string_view::npos;
    }
    // The value without copying: exact whenever !has_escapes().
    constexpr std::string_view text() const noexcept { return data(); }
    // Writes the unescaped value into buf (up to cap bytes); returns its full length.
    std::size_t unquote(char* buf, std::size_t cap) const noexcept {
        std::size_t n = 0;
        const bool esc = kind_ == value_kind::quoted;
        const std::string_view d = data();
        for (std::size_t i = 0; i < d.size(); ++i) {
            char c = d[i];
            if (esc && c == '\\' && i + 1 < d.size()) c = d[++i];
            if (n < cap) buf[n] = c;
            ++n;
        }
        return n;
    }
    std::string str() const {
        std::string s(data().size(), '\0');
        s.resize(unquote(&s[0], s.size()));
        return s;
    }
    // Case-insensitive comparison of the content (atoms, strings).
    bool equals(std::string_view word) const noexcept {
        return !is_nil() && detail::view_iequals(data(), word);
    }
    std::optional<std::uint64_t> number() const noexcept {
        if (kind_ != value_kind::number) return std::nullopt;
        return detail::to_uint(data());
    }
    // The elements of a list (empty for anything else).
    value_range items() const noexcept;

private:
    friend detail::cursor detail::items_cursor(const value& list) noexcept;
    friend struct detail::cursor;

    constexpr value(value_kind k, const char* p, std::size_t n, std::size_t data_begin,
                    std::size_t data_trim, const detail::index_entry* entry) noexcept
        : p_(p), n_(n), entry_(entry), kind_(k), data_begin_(static_cast<std::uint8_t>(data_begin)),
          data_trim_(static_cast<std::uint8_t>(data_trim)) {}

    const char* p_ = nullptr;
    std::size_t n_ = 0;
    const detail::index_entry* entry_ = nullptr;  // set when read through a value_index
    value_kind kind_ = value_kind::none;
    std::uint8_t data_begin_ = 0;  // data() starts this many bytes after p_
    std::uint8_t data_trim_ = 0;   // and ends this many before p_ + n_
};

namespace detail {

// A literal at p ("{" or "~{"): sets data and returns the pointer past it; nullptr when
// p does not start a well-formed literal header.
inline const char* skip_literal(const char* p, const char* e, std::string_view& data) noexcept {
    if (p < e && *p == '~') ++p;
    if (p >= e || *p != '{') return nullptr;
    ++p;
    std::uint64_t n = 0;
    const char* d = p;
    while (p < e && *p >= '0' && *p <= '9') {
        if (n > (UINT64_MAX - 9) / 10) return nullptr;
        n = n * 10 + static_cast<std::uint64_t>(*p - '0');
        ++p;
    }
    if (p == d) return nullptr;
    if (p < e && *p == '+') ++p;
    if (e - p < 3 || p[0] != '}' || p[1] != '\r' || p[2] != '\n') return nullptr;
    p += 3;
    const auto avail = static_cast<std::uint64_t>(e - p);
    const auto len = static_cast<std::size_t>(n < avail ? n : avail);
    data = std::string_view(p, len);
    return p + len;
}

// How a byte stands in a bare token: part of it (a digit or not), the end of it, or
// "[" (BODY[HEADER.FIELDS (A B)] takes the brackets whole).
enum token_class : unsigned char { tok_other, tok_digit, tok_stop, tok_bracket };

struct token_table {
    unsigned char v[256];
};

constexpr token_table make_token_table() noexcept {
    token_table t{};
    for (int c = 0; c < 256; ++c) {
        unsigned char k = tok_other;
        if (c >= '0' && c <= '9') k = tok_digit;
        if (token_stops::has(static_cast<char>(c))) k = tok_stop;
        if (c == '[') k = tok_bracket;
        t.v[c] = k;
    }
    return t;
}

inline constexpr token_table token_chars = make_token_table();

// Where the "[" at p closes: past its "]", or not at all when a CR, an LF or a ")"
// closing an enclosing list comes first (`end` is then there, and the "[" is an
// ordinary byte of a token, as in a generic value `a[b`; every "[" before `end` fails
// the same way, so nobody needs to look again).
struct bracket {
    const char* end;
    bool closed;
};

inline bracket close_bracket(const char* p, const char* e) noexcept {
    std::size_t depth = 0;
    for (++p; p < e; ++p) {
        const char c = *p;
        if (c == ']') return {p + 1, true};
        if (c == '(') ++depth;
        if (c == '\r' || c == '\n' || (c == ')' && depth-- == 0)) return {p, false};
    }
    return {e, false};
}

// Whether p is at or past a bound (nullptr: none yet).
inline bool at_or_past(const char* p, const char* bound) noexcept { return bound == nullptr || p >= bound; }

// Past the bare token at p; `digits` stays true while every byte of it is a digit.
// `open_until` is shared by the tokens of one walk: a "[" before it is known to find no
// "]" (see close_bracket), so no run of "[" is scanned twice and a walk stays linear.
inline const char* skip_token(const char* p, const char* e, bool& digits, const char*& open_until) noexcept {
    std::size_t len;
    if (token_in_block(p, e, len, digits)) return p + len;
    while (p < e) {
        const unsigned char k = token_chars.v[static_cast<unsigned char>(*p)];
        if (k == tok_other) {
            digits = false;
            ++p;
        } else if (k == tok_digit) {
            ++p;
        } else if (k == tok_stop) {
            break;
        } else {  // "["
            digits = false;
            if (at_or_past(p, open_until)) {
                const bracket b = close_bracket(p, e);
                if (b.closed) {
                    p = b.end;
                    continue;
                }
                open_until = b.end;
            }
            ++p;
        }
    }
    return p;
}

// Whether an indexed value is one a cursor's token() reads: a bare token (not a string,
// a literal, a list, or a lone byte that ends tokens, such as a "{" starting no literal).
inline bool is_token_entry(const index_entry& x, const char* base) noexcept {
    if (x.kind != value_kind::atom && x.kind != value_kind::number && x.kind != value_kind::nil)
        return false;
    return x.end - x.begin != 1 || token_chars.v[static_cast<unsigned char>(base[x.begin])] != tok_stop;
}

inline bool is_nil(const char* b, const char* e) noexcept {
    return e - b == 3 && (b[0] | 0x20) == 'n' && (b[1] | 0x20) == 'i' && (b[2] | 0x20) == 'l';
}

// The value at p that is not a list (p < e): a quoted string, a literal, NIL, a number
// or an atom. Moves p past it.
inline value read_scalar(const char*& p, const char* e, const char*& open_until) noexcept {
    const char* b = p;
    const char c = *p;
    if (c == '"') {
        p = skip_quoted(p, e);
        const std::size_t n = static_cast<std::size_t>(p - b);
        const std::size_t inner = n >= 2 && p[-1] == '"' ? n - 2 : n - 1;
        return value(value_kind::quoted, std::string_view(b, n), std::string_view(b + 1, inner));
    }
    if (c == '{' || (c == '~' && p + 1 < e && p[1] == '{')) {
        std::string_view d;
        if (const char* q = skip_literal(p, e, d)) {
            p = q;
            return value(c == '~' ? value_kind::literal8 : value_kind::literal,
                         std::string_view(b, static_cast<std::size_t>(p - b)), d);
        }
    }
    bool digits = true;
    p = skip_token(p, e, digits, open_until);
    if (p == b) {  // a byte no rule expects here: step over it
        ++p;
        digits = false;
    }
    const std::string_view t(b, static_cast<std::size_t>(p - b));
    if (!digits && is_nil(b, p)) return value(value_kind::nil, t, std::string_view());
    return value(digits ? value_kind::number : value_kind::atom, t, t);
}

// Where a list walk stands: parenthesis depth, inside a quoted string, after a backslash.
struct list_walk {
    std::size_t depth = 0;
    bool in_quoted = false;
    bool escaped = false;
    const char* open_until = nullptr;  // a "[" before here found no "]" (skip_token)
};

// Walks [p, limit) a byte at a time (a literal may carry it past limit); returns the
// pointer past the list's closing parenthesis, or where it stopped (>= limit) with w
// updated.
inline const char* walk_list_bytes(const char* p, const char* limit, const char* e, list_walk& w,
                                   bool& closed) noexcept {
    closed = false;
    while (p < limit) {
        const char c = *p;
        if (w.in_quoted) {
            if (w.escaped)
                w.escaped = false;
            else if (c == '\\')
                w.escaped = true;
            else if (c == '"')
                w.in_quoted = false;
            ++p;
        } else if (c == '(') {
            ++w.depth;
            ++p;
        } else if (c == ')') {
            ++p;
            if (w.depth == 0 || --w.depth == 0) {
                closed = true;
                return p;
            }
        } else if (c == '"') {
            w.in_quoted = true;
            ++p;
        } else if (c == '{' || (c == '~' && p + 1 < e && p[1] == '{')) {
            std::string_view d;
            const char* q = skip_literal(p, e, d);
            p = q ? q : p + 1;
        } else if (c == '[' && at_or_past(p, w.open_until)) {
            // A token's "[...]" is taken whole, as skip_token takes it.
            const bracket b = close_bracket(p, e);
            if (b.closed) {
                p = b.end;
            } else {
                w.open_until = b.end;
                ++p;
            }
        } else {
            ++p;
        }
    }
    return p;
}

// Pointer past the list starting at p ('('), or e. Sixteen bytes per step where SIMD is
// available: the quotes give the bytes inside strings (prefix XOR), and only the
// parentheses outside them are visited.
inline const char* skip_list(const char* p, const char* e) noexcept {
    list_walk w;
    bool closed = false;
    if (have_simd) {
        while (e - p >= 16) {
            list_masks m{};
            load_list_masks(p, m);
            const unsigned inside = prefix_xor16(m.quote) ^ (w.in_quoted ? 0xffffu : 0u);
            // A backslash outside strings (\Seen) changes nothing; inside one it may hide
            // a quote, a literal may hold anything, and a token's "[...]" is taken whole:
            // those blocks go byte by byte.
            if (((m.backslash & inside) | ((m.brace | m.bracket) & ~inside)) != 0 || w.escaped) {
                p = walk_list_bytes(p, p + 16, e, w, closed);
                if (closed) return p;
                continue;
            }
            unsigned parens = (m.open | m.close) & ~inside;
            while (parens != 0) {
                const unsigned i = lowest_bit(parens);
                parens &= parens - 1;
                if ((m.open >> i) & 1u)
                    ++w.depth;
                else if (w.depth == 0 || --w.depth == 0)
                    return p + i + 1;
            }
            w.in_quoted = (inside >> 15) & 1u;
            p += 16;
        }
    }
    p = walk_list_bytes(p, e, e, w, closed);
    return closed ? p : e;
}

// Walks the values of a list (or of any run of space-separated values): through a
// value_index when the response has one (t != nullptr: every step is constant time),
// otherwise over the validated bytes [p, e).
struct cursor {
    const char* p;
    const char* e;
    const index_entry* t = nullptr;   // indexed: the next value's entry
    const index_entry* te = nullptr;  // indexed: past the last
    const char* base = nullptr;       // indexed: the frame the entries' offsets are into
    const char* open_until = nullptr; // bytes: see skip_token

    bool indexed() const noexcept { return t != nullptr; }
    void skip_sp() noexcept {
        while (p < e && *p == ' ') ++p;
    }
    bool done() noexcept {
        if (indexed()) return t == te;
        skip_sp();
        return p >= e || *p == ')' || *p == '\r';
    }
    // Whether the next value is a list.
    bool at_list() noexcept {
        if (indexed()) return t != te && t->kind == value_kind::list;
        skip_sp();
        return p < e && *p == '(';
    }

    // A bare token (a FETCH item's name); empty, reading nothing, when a string, a
    // literal, a list or a byte that ends tokens comes next.
    std::string_view token() noexcept {
        if (indexed()) return t != te && is_token_entry(*t, base) ? next().raw() : std::string_view();
        const char* b = p;
        bool digits = true;
        p = skip_token(p, e, digits, open_until);
        return std::string_view(b, static_cast<std::size_t>(p - b));
    }

    // Inlined where views read fields (a few loads and stores); the byte reading is out
    // of line.
    IMAPLIB_ALWAYS_INLINE value next() noexcept {
        if (!indexed()) return next_in_bytes();
        if (t == te) return value();
        const index_entry& x = *t;
        const char* b = base + x.begin;
        const std::size_t n = x.end - x.begin;
        p = base + x.end;
        t += x.span;
        return value(x.kind, b, n, x.data_begin, x.data_trim, &x);
    }

    value next_in_bytes() noexcept {
        if (done()) return value();
        if (*p != '(') return read_scalar(p, e, open_until);
        const char* b = p;
        p = skip_list(p, e);
        const std::size_t n = static_cast<std::size_t>(p - b);
        const std::size_t inner = n >= 2 && p[-1] == ')' ? n - 2 : n - 1;
        return value(value_kind::list, std::string_view(b, n), std::string_view(b + 1, inner));
    }
};

// The elements of a list value; nothing for any other value.
inline cursor items_cursor(const value& list) noexcept {
    if (!list.is_list()) return cursor{nullptr, nullptr};
    const char* b = list.data().data();
    const char* e = b + list.data().size();
    if (const index_entry* x = list.entry_)
        return cursor{b, e, x + 1, x + x->span, list.p_ - x->begin};
    return cursor{b, e};
}

}  // namespace detail

// The values of a list (or any run of space-separated values), read lazily.
class value_range {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = value;
        using difference_type = std::ptrdiff_t;
        using pointer = const value*;
        using reference = const value&;

        iterator() noexcept = default;
        explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
        reference operator*() const noexcept { return v_; }
        pointer operator->() const noexcept { return &v_; }
        iterator& operator++() noexcept {
            v_ = c_.next();
            return *this;
        }
        iterator operator++(int) noexcept {
            iterator t = *this;
            ++*this;
            return t;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return !a.v_.exists() && !b.v_.exists() ? true
                   : a.v_.exists() && b.v_.exists() && a.v_.raw().data() == b.v_.raw().data();
        }
        friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

    private:
        detail::cursor c_{nullptr, nullptr};
        value v_;
    };

    value_range() noexcept = default;
    explicit value_range(std::string_view bytes) noexcept
        : c_{bytes.data(), bytes.data() + bytes.size()} {}
    explicit value_range(const detail::cursor& c) noexcept : c_(c) {}
    iterator begin() const noexcept { return iterator(c_); }
    iterator end() const noexcept { return iterator(); }
    bool empty() const noexcept { return begin() == end(); }
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }
    // The n-th value, or a value of kind none.
    value at(std::size_t n) const noexcept {
        for (const value& v : *this)
            if (n-- == 0) return v;
        return value();
    }
    // Case-insensitive membership (flags, capabilities, attributes).
    bool contains(std::string_view word) const noexcept {
        for (const value& v : *this)
            if (v.equals(word)) return true;
        return false;
    }
    // The bytes the range covers.
    std::string_view bytes() const noexcept {
        return std::string_view(c_.p, static_cast<std::size_t>(c_.e - c_.p));
    }

private:
    detail::cursor c_{nullptr, nullptr};
};

inline value_range value::items() const noexcept { return value_range(detail::items_cursor(*this)); }

// Consecutive groups of N values: (name value) pairs of STATUS, ID, ACL, params.
template <std::size_t N>
class group_range {
public:
    using group = std::array<value, N>;
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = group;
        using difference_type = std::ptrdiff_t;
        using pointer = const group*;
        using reference = const group&;

        iterator() noexcept = default;
        explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
        reference operator*() const noexcept { return g_; }
        pointer operator->() const noexcept { return &g_; }
        iterator& operator++() noexcept {
            for (auto& v : g_) v = c_.next();
            if (!g_[N - 1].exists()) g_[0] = value();  // incomplete group ends the range
            return *this;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return !a.g_[0].exists() && !b.g_[0].exists() ? true
                   : a.g_[0].exists() && b.g_[0].exists() &&
                         a.g_[0].raw().data() == b.g_[0].raw().data();
        }
        friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

    private:
        detail::cursor c_{nullptr, nullptr};
        group g_{};
    };

    group_range() noexcept = default;
    explicit group_range(std::string_view bytes) noexcept
        : c_{bytes.data(), bytes.data() + bytes.size()} {}
    explicit group_range(const detail::cursor& c) noexcept : c_(c) {}
    // The groups of a list's elements (nothing for NIL).
    explicit group_range(const value& list) noexcept : c_(detail::items_cursor(list)) {}
    iterator begin() const noexcept { return iterator(c_); }
    iterator end() const noexcept { return iterator(); }
    bool empty() const noexcept { return begin() == end(); }
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }
    // The second value of the first group whose first value equals `name`.
    value find(std::string_view name) const noexcept {
        for (const group& g : *this)
            if (g[0].equals(name)) return g[1];
        return value();
    }

private:
    detail::cursor c_{nullptr, nullptr};
};

using pair_range = group_range<2>;

// ---- envelope -----------------------------------------------------------------------------

// address = (name adl mailbox host); RFC 9051 section 7.5.2 group syntax: host NIL.
struct address_view {
    value name, adl, mailbox, host;
    bool is_group_start() const noexcept { return host.is_nil() && !mailbox.is_nil(); }
    bool is_group_end() const noexcept { return host.is_nil() && mailbox.is_nil(); }
};

class address_list_view {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = address_view;
        using difference_type = std::ptrdiff_t;
        using pointer = const address_view*;
        using reference = const address_view&;
        iterator() noexcept {}
        explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
        reference operator*() const noexcept { return a_; }
        pointer operator->() const noexcept { return &a_; }
        iterator& operator++() noexcept {
            if (!c_.at_list()) {
                done_ = true;
                return *this;
            }
            ::new (static_cast<void*>(&a_)) address_view(read(c_));
            return *this;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.done_ == b.done_ && (a.done_ || a.c_.p == b.c_.p);
        }
        friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

    private:
        friend class address_list_view;
        struct end_tag {};
        explicit iterator(end_tag) noexcept : done_(true) {}

        // The address at c (a list comes next), its four fields written in place.
        static address_view read(detail::cursor& c) noexcept {
            if (c.indexed()) {
                detail::cursor f = detail::items_cursor(c.next());
                return address_view{f.next(), f.next(), f.next(), f.next()};
            }
            // Read the four fields in place, so the address's bytes are walked once.
            detail::cursor f{c.p + 1, c.e};
            const address_view a{f.next(), f.next(), f.next(), f.next()};
            f.skip_sp();
            if (f.p < f.e && *f.p == ')') {
                c.p = f.p + 1;
                return a;
            }
            // Not the shape the grammar accepts: take the list whole and its first four.
            f = detail::items_cursor(c.next());
            return address_view{f.next(), f.next(), f.next(), f.next()};
        }

        detail::cursor c_{nullptr, nullptr};
        bool done_ = false;
        // The address read last. A union, so that no iterator (an end() above all) clears
        // 128 bytes it never uses; it is set before it is read, and copies as bytes.
        union {
            address_view a_;
        };
    };

    address_list_view() noexcept = default;
    explicit address_list_view(value v) noexcept : v_(v) {}
    bool is_nil() const noexcept { return !v_.is_list(); }
    iterator begin() const noexcept {
        if (!v_.is_list()) return end();
        return iterator(detail::items_cursor(v_));
    }
    iterator end() const noexcept { return iterator(iterator::end_tag{}); }
    bool empty() const noexcept { return begin() == end(); }
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }
    address_view front() const noexcept { return empty() ? address_view{} : *begin(); }
    value raw() const noexcept { return v_; }

private:
    value v_;
};

// ENVELOPE (RFC 9051 section 7.5.2): ten fields, read in one walk.
struct envelope_view {
    value date, subject;
    address_list_view from, sender, reply_to, to, cc, bcc;
    value in_reply_to, message_id;

    static envelope_view from_value(const value& list) noexcept {
        if (!list.is_list()) return envelope_view{};
        detail::cursor c = detail::items_cursor(list);
        // Every field written once, in place (a braced list is read left to right): an
        // envelope cleared first and then filled costs as much again.
        return envelope_view{c.next(),
                             c.next(),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             c.next(),
                             c.next()};
    }
};

// ---- bodystructure -------------------------------------------------------------------------

// body-fld-dsp = "(" string SP body-fld-param ")" / nil
struct disposition_view {
    value type;           // "attachment", "inline"; kind none when NIL
    pair_range params;

    static disposition_view from_value(const value& v) noexcept {
        disposition_view d;
        if (v.is_list()) {
            detail::cursor c = detail::items_cursor(v);
            d.type = c.next();
            d.params = pair_range(c.next());
        } else if (v.is_string()) {
            d.type = v;
        }
        return d;
    }
};

class body_view;

// Children of a multipart body.
class body_range {
public:
    class iterator;
    body_range() noexcept = default;
    explicit body_range(std::string_view bytes) noexcept
        : c_{bytes.data(), bytes.data() + bytes.size()} {}
    explicit body_range(const detail::cursor& c) noexcept : c_(c) {}
    iterator begin() const noexcept;
    iterator end() const noexcept;
    std::size_t size() const noexcept;

private:
    detail::cursor c_{nullptr, nullptr};
};

// All fields of one body (RFC 9051 section 7.5.2 BODYSTRUCTURE), read in one walk.
struct body_info {
    bool multipart = false;
    value type, subtype;       // type is kind none for multipart (implied "MULTIPART")
    pair_range params;         // body-fld-param, or the multipart's extension params
    value id, description, encoding, octets;
    value envelope, body, lines;  // message/rfc822: envelope and body; text and message: lines
    value md5, disposition, language, location;
    value_range extensions;    // body-extension values after the location
    body_range parts;          // multipart children
};

class body_view {
public:
    body_view() noexcept = default;
    explicit body_view(value list) noexcept : v_(list) {}

    bool valid() const noexcept { return v_.is_list(); }
    value raw() const noexcept { return v_; }
    bool is_multipart() const noexcept {
        const std::string_view d = v_.data();
        std::size_t i = 0;
        while (i < d.size() && d[i] == ' ') ++i;
        return v_.is_list() && i < d.size() && d[i] == '(';
    }

    // Every field is written once, in a braced list (read left to right): a body_info
    // cleared first and then filled costs as much again.
    body_info fields() const noexcept {
        if (!v_.is_list()) return body_info{};
        detail::cursor c = detail::items_cursor(v_);
        const auto extensions = [&c] {
            c.skip_sp();
            return value_range(c);
        };
        if (is_multipart()) {
            detail::cursor parts = c;
            parts.e = c.p;
            parts.te = c.t;
            while (c.at_list()) {
                c.next();
                parts.e = c.p;
                parts.te = c.t;
            }
            // multipart, no type; subtype, params; id to md5 absent; disposition, language,
            // location, extensions; parts
            return body_info{true,     value(),  c.next(), pair_range(c.next()),
                             value(),  value(),  value(),  value(),
                             value(),  value(),  value(),  value(),
                             c.next(), c.next(), c.next(), extensions(),
                             body_range(parts)};
        }
        const value type = c.next(), subtype = c.next();
        const pair_range params(c.next());
        const value id = c.next(), description = c.next(), encoding = c.next(), octets = c.next();
        value envelope, body, lines;
        detail::cursor probe = c;
        const value after = probe.next();
        if (type.equals(detail::media_word_message) && after.is_list() &&
            (subtype.equals(detail::media_word_rfc822) || subtype.equals(detail::media_word_global))) {
            envelope = c.next();
            body = c.next();
            probe = c;
            if (probe.next().kind() == value_kind::number) lines = c.next();
        } else if (type.equals(detail::media_word_text) && after.kind() == value_kind::number) {
            lines = c.next();
        }
        // ... md5; disposition, language, location, extensions; no parts
        return body_info{false,    type,     subtype,  params,       id,          description,
                         encoding, octets,   envelope, body,         lines,       c.next(),
                         c.next(), c.next(), c.next(), extensions(), body_range()};
    }

    // Convenience accessors (each walks the body once).
    value type() const noexcept { return fields().type; }
    value subtype() const noexcept { return fields().subtype; }
    pair_range params() const noexcept { return fields().params; }
    value encoding() const noexcept { return fields().encoding; }
    std::optional<std::uint64_t> octets() const noexcept { return fields().octets.number(); }
    std::optional<std::uint64_t> lines() const noexcept { return fields().lines.number(); }
    envelope_view envelope() const noexcept { return envelope_view::from_value(fields().envelope); }
    body_view body() const noexcept { return body_view(fields().body); }
    disposition_view disposition() const noexcept {
        return disposition_view::from_value(fields().disposition);
    }
    body_range parts() const noexcept { return fields().parts; }

private:
    value v_;
};

class body_range::iterator {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = body_view;
    using difference_type = std::ptrdiff_t;
    using pointer = const body_view*;
    using reference = const body_view&;
    iterator() noexcept = default;
    explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
    reference operator*() const noexcept { return b_; }
    pointer operator->() const noexcept { return &b_; }
    iterator& operator++() noexcept {
        const value v = c_.next();
        b_ = v.is_list() ? body_view(v) : body_view();
        return *this;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
        const bool ea = !a.b_.valid(), eb = !b.b_.valid();
        return ea || eb ? ea == eb : a.b_.raw().raw().data() == b.b_.raw().raw().data();
    }
    friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

private:
    detail::cursor c_{nullptr, nullptr};
    body_view b_;
};

inline body_range::iterator body_range::begin() const noexcept { return iterator(c_); }
inline body_range::iterator body_range::end() const noexcept { return iterator(); }
inline std::size_t body_range::size() const noexcept {
    std::size_t n = 0;
    for (auto it = begin(); it != end(); ++it) ++n;
    return n;
}

// ---- FETCH --------------------------------------------------------------------------------

// One FETCH item: its name as sent ("BODY[HEADER.FIELDS (FROM)]<0>") and its value.
struct fetch_item {
    std::string_view name;
    value val;

    // The name before any section: "BODY", "X-GM-LABELS".
    std::string_view key() const noexcept {
        std::size_t n = 0;  // a loop: find_first_of searches the set once per byte
        while (n < name.size() && name[n] != '[' && name[n] != '<') ++n;
        return name.substr(0, n);
    }
    // The section text between the brackets, "" when there is none.
    std::string_view section() const noexcept {
        const std::size_t b = name.find('[');
        if (b == std::string_view::npos) return {};
        const std::size_t e = name.rfind(']');
        return e == std::string_view::npos || e < b ? std::string_view() : name.substr(b + 1, e - b - 1);
    }
    bool has_section() const noexcept { return name.find('[') != std::string_view::npos; }
    // The "<origin>" octet of a partial fetch.
    std::optional<std::uint64_t> origin() const noexcept {
        const std::size_t b = name.rfind('<');
        if (b == std::string_view::npos || name.back() != '>') return std::nullopt;
        return detail::to_uint(name.substr(b + 1, name.size() - b - 2));
    }
};

class fetch_view {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = fetch_item;
        using difference_type = std::ptrdiff_t;
        using pointer = const fetch_item*;
        using reference = const fetch_item&;
        iterator() noexcept = default;
        explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
        reference operator*() const noexcept { return it_; }
        pointer operator->() const noexcept { return &it_; }
        iterator& operator++() noexcept {
            if (c_.done()) {
                it_ = fetch_item{};
                return *this;
            }
            it_.name = c_.token();
            it_.val = c_.next();
            if (it_.name.empty() && !it_.val.exists()) ++c_.p;  // never stall
            return *this;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            const bool ea = a.it_.name.empty(), eb = b.it_.name.empty();
            return ea || eb ? ea == eb : a.it_.name.data() == b.it_.name.data();
        }
        friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

    private:
        detail::cursor c_{nullptr, nullptr};
        fetch_item it_{};
    };

    fetch_view() noexcept = default;
    fetch_view(std::uint32_t seq, std::string_view items) noexcept
        : seq_(seq), items_{items.data(), items.data() + items.size()} {}
    // The items of msg-att, the list after "FETCH".
    fetch_view(std::uint32_t seq, const value& msg_att) noexcept
        : seq_(seq), items_(detail::items_cursor(msg_att)) {}

    // The message sequence number.
    std::uint32_t seq() const noexcept { return seq_; }
    iterator begin() const noexcept { return iterator(items_); }
    iterator end() const noexcept { return iterator(); }
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }
    // The item with this exact name (case-insensitive); val.exists() is false if absent.
    fetch_item find(std::string_view name) const noexcept {
        if (items_.indexed()) {
            // Names and values straight from the index: no value is built until the name
            // matches, and a value of any size is stepped over at once.
            detail::cursor c = items_;
            while (c.t != c.te && detail::is_token_entry(*c.t, c.base)) {
                const std::string_view n(c.base + c.t->begin, c.t->end - c.t->begin);
                ++c.t;
                if (n.size() == name.size() && detail::view_iequals(n, name)) return fetch_item{n, c.next()};
                if (c.t == c.te) break;
                c.t += c.t->span;
            }
            return fetch_item{};
        }
        for (const fetch_item& i : *this)
            if (detail::view_iequals(i.name, name)) return i;
        return fetch_item{};
    }

    std::optional<std::uint32_t> uid() const noexcept {
        const auto n = find("UID").val.number();
        if (!n) return std::nullopt;
        return static_cast<std::uint32_t>(*n);
    }
    value_range flags() const noexcept { return find("FLAGS").val.items(); }
    value internaldate() const noexcept { return find("INTERNALDATE").val; }
    std::optional<std::uint64_t> rfc822_size() const noexcept {
        return find("RFC822.SIZE").val.number();
    }
    std::optional<std::uint64_t> modseq() const noexcept {
        const value v = find("MODSEQ").val;
        return detail::to_uint(v.data());
    }
    std::optional<envelope_view> envelope() const noexcept {
        const value v = find("ENVELOPE").val;
        if (!v.is_list()) return std::nullopt;
        return envelope_view::from_value(v);
    }
    // BODYSTRUCTURE, or the non-extensible BODY form.
    std::optional<body_view> bodystructure() const noexcept {
        value v = find("BODYSTRUCTURE").val;
        if (!v.is_list()) v = find("BODY").val;
        if (!v.is_list()) return std::nullopt;
        return body_view(v);
    }
    // The value of BODY[section] (any origin): body("") is BODY[], body("HEADER") ...
    value body_section(std::string_view section) const noexcept {
        for (const fetch_item& i : *this)
            if (i.has_section() && detail::view_iequals(i.key(), "BODY") &&
                detail::view_iequals(i.section(), section))
                return i.val;
        return value();
    }
    std::string_view raw() const noexcept {
        return std::string_view(items_.p, static_cast<std::size_t>(items_.e - items_.p));
    }

private:
    std::uint32_t seq_ = 0;
    detail::cursor items_{nullptr, nullptr};
};

// ---- other data responses ------------------------------------------------------------------

// LIST / LSUB (RFC 9051 section 7.3.1, RFC 5258 extended data)
struct list_entry_view {
    value_range attributes;  // \HasChildren, \Noselect, ...
    value delimiter;         // quoted one-character string or NIL
    value mailbox;           // astring; modified UTF-7 unless UTF8=ACCEPT
    value extended;          // the mbox-list-extended list, kind none when absent

    char delimiter_char() const noexcept {
        const std::string_view d = delimiter.data();
        if (d.empty() || !delimiter.is_string()) return '\0';
        return d[0] == '\\' && d.size() > 1 ? d[1] : d[0];
    }
    // The CHILDINFO / OLDNAME ... value of an extended item.
    value extended_item(std::string_view name) const noexcept {
        return pair_range(extended).find(name);
    }
};

// STATUS (RFC 9051 section 7.3.2)
struct status_view {
    value mailbox;
    pair_range items;
    std::optional<std::uint64_t> get(std::string_view name) const noexcept {
        return items.find(name).number();
    }
};

// SEARCH / SORT, with the CONDSTORE "(MODSEQ n)" (RFC 7162 section 3.1.5)
struct search_view {
    value_range numbers;
    std::optional<std::uint64_t> modseq;
};

// ESEARCH (RFC 4731, RFC 9051 section 7.3.4)
struct esearch_view {
    value tag;  // the correlator's tag string, kind none when absent
    bool uid = false;
    pair_range items;  // MIN n, MAX n, ALL set, COUNT n, MODSEQ n, extensions
    std::optional<std::uint64_t> count() const noexcept { return items.find("COUNT").number(); }
    std::optional<std::uint64_t> min() const noexcept { return items.find("MIN").number(); }
    std::optional<std::uint64_t> max() const noexcept { return items.find("MAX").number(); }
    std::optional<std::uint64_t> modseq() const noexcept { return items.find("MODSEQ").number(); }
    std::string_view all() const noexcept { return items.find("ALL").data(); }
};

// VANISHED (RFC 7162 section 3.2.10)
struct vanished_view {
    bool earlier = false;
    std::string_view uids;  // a sequence-set
};

// NAMESPACE (RFC 2342): each of the three is NIL or a list of descriptions.
struct namespace_descr_view {
    value prefix, delimiter;
    value_range extensions;  // string (list) pairs of namespace-response-extensions
};

class namespace_list_view {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = namespace_descr_view;
        using difference_type = std::ptrdiff_t;
        using pointer = const namespace_descr_view*;
        using reference = const namespace_descr_view&;
        iterator() noexcept = default;
        explicit iterator(value_range::iterator it) noexcept : it_(it) { load(); }
        reference operator*() const noexcept { return d_; }
        pointer operator->() const noexcept { return &d_; }
        iterator& operator++() noexcept {
            ++it_;
            load();
            return *this;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.it_ == b.it_; }
        friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

    private:
        void load() noexcept {
            d_ = namespace_descr_view{};
            if (!it_->is_list()) return;
            detail::cursor c = detail::items_cursor(*it_);
            d_.prefix = c.next();
            d_.delimiter = c.next();
            c.skip_sp();
            d_.extensions = value_range(c);
        }
        value_range::iterator it_;
        namespace_descr_view d_{};
    };

    namespace_list_view() noexcept = default;
    explicit namespace_list_view(value v) noexcept : v_(v) {}
    bool is_nil() const noexcept { return !v_.is_list(); }
    iterator begin() const noexcept { return iterator(v_.items().begin()); }
    iterator end() const noexcept { return iterator(v_.items().end()); }
    std::size_t size() const noexcept { return v_.items().size(); }

private:
    value v_;
};

struct namespace_view {
    namespace_list_view personal, other_users, shared;
};

struct acl_view {          // ACL mailbox *(identifier rights)   (RFC 4314 3.6)
    value mailbox;
    pair_range entries;
};
struct listrights_view {   // LISTRIGHTS mailbox identifier required *optional (3.7)
    value mailbox, identifier;
    value_range rights;
};
struct myrights_view {     // MYRIGHTS mailbox rights (3.8)
    value mailbox, rights;
};
struct quota_view {        // QUOTA root (name usage limit)*   (RFC 9208 5.1)
    value root;
    group_range<3> resources;
};
struct quotaroot_view {    // QUOTAROOT mailbox *root   (RFC 9208 5.2)
    value mailbox;
    value_range roots;
};
struct metadata_view {     // METADATA mailbox (entry value ...) / entry *entry (RFC 5464)
    value mailbox;
    pair_range entries;    // when the server sent values
    value_range names;     // unsolicited form: entry names only
    bool has_values = false;
};

// ---- response text codes -----------------------------------------------------------------

enum class code_kind {
    none, alert, badcharset, capability, parse, permanentflags, read_only, read_write,
    trycreate, uidnext, uidvalidity, unseen, closed, appenduid, copyuid, uidnotsticky,
    highestmodseq, nomodseq, modified, referral, mailboxid, metadata, other
};

struct appenduid_info {
    std::uint32_t uidvalidity = 0;
    std::string_view uids;  // uid-set
};
struct copyuid_info {
    std::uint32_t uidvalidity = 0;
    std::string_view source, dest;  // uid-sets
};

class code_view {
public:
    code_view() noexcept = default;
    code_view(std::string_view name, std::string_view args) noexcept : name_(name), args_(args) {}

    bool exists() const noexcept { return !name_.empty(); }
    std::string_view name() const noexcept { return name_; }
    // Everything after the name and its SP, up to "]".
    std::string_view args() const noexcept { return args_; }
    value_range values() const noexcept { return value_range(args_); }

    code_kind kind() const noexcept {
        if (name_.empty()) return code_kind::none;
        struct entry {
            std::string_view n;
            code_kind k;
        };
        static constexpr entry table[] = {
            {"ALERT", code_kind::alert}, {"BADCHARSET", code_kind::badcharset},
            {"CAPABILITY", code_kind::capability}, {"PARSE", code_kind::parse},
            {"PERMANENTFLAGS", code_kind::permanentflags}, {"READ-ONLY", code_kind::read_only},
            {"READ-WRITE", code_kind::read_write}, {"TRYCREATE", code_kind::trycreate},
            {"UIDNEXT", code_kind::uidnext}, {"UIDVALIDITY", code_kind::uidvalidity},
            {"UNSEEN", code_kind::unseen}, {"CLOSED", code_kind::closed},
            {"APPENDUID", code_kind::appenduid}, {"COPYUID", code_kind::copyuid},
            {"UIDNOTSTICKY", code_kind::uidnotsticky},
            {"HIGHESTMODSEQ", code_kind::highestmodseq}, {"NOMODSEQ", code_kind::nomodseq},
            {"MODIFIED", code_kind::modified}, {"REFERRAL", code_kind::referral},
            {"MAILBOXID", code_kind::mailboxid}, {"METADATA", code_kind::metadata}};
        for (const entry& e : table)
            if (detail::view_iequals(name_, e.n)) return e.k;
        return code_kind::other;
    }
    // UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ: the number.
    std::optional<std::uint64_t> number() const noexcept { return values().at(0).number(); }
    // PERMANENTFLAGS (flags), BADCHARSET (charsets): the parenthesised list.
    value_range list() const noexcept { return values().at(0).items(); }
    // CAPABILITY: the capabilities.
    value_range capabilities() const noexcept { return values(); }
    std::optional<appenduid_info> appenduid() const noexcept {
        const auto v = values();
        const auto n = v.at(0).number();
        if (!n || *n > 0xffffffffu) return std::nullopt;
        return appenduid_info{static_cast<std::uint32_t>(*n), v.at(1).raw()};
    }
    std::optional<copyuid_info> copyuid() const noexcept {
        const auto v = values();
        const auto n = v.at(0).number();
        if (!n || *n > 0xffffffffu) return std::nullopt;
        return copyuid_info{static_cast<std::uint32_t>(*n), v.at(1).raw(), v.at(2).raw()};
    }

private:
    std::string_view name_, args_;
};

// resp-text = ["[" resp-text-code "]" SP] [text]
struct resp_text_view {
    code_view code;
    std::string_view text;

    static resp_text_view from_bytes(std::string_view s) noexcept {
        resp_text_view r;
        if (!s.empty() && s[0] == '[') {
            // The code ends at the first "]" outside parentheses (Gmail flags may hold "]").
            std::size_t depth = 0, i = 1;
            for (; i < s.size(); ++i) {
                const char c = s[i];
                if (c == '(') ++depth;
                else if (c == ')' && depth) --depth;
                else if (c == ']' && depth == 0) break;
            }
            if (i < s.size()) {
                const std::string_view code = s.substr(1, i - 1);
                const std::size_t sp = code.find(' ');
                std::string_view args;
                if (sp != std::string_view::npos) {
                    args = code.substr(sp + 1);
                    while (!args.empty() && args.front() == ' ') args.remove_prefix(1);
                }
                r.code = code_view(code.substr(0, sp), args);
                s.remove_prefix(i + 1);
                while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
            }
        }
        r.text = s;
        return r;
    }
};

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_VIEWS_HPP
// end <imaplib/grammar/views.hpp>
// begin <imaplib/grammar/response.hpp>
// imaplib-cpp: the response grammar of RFC 3501 and RFC 9051 section 9, with the
// response extensions of UIDPLUS (RFC 4315), CONDSTORE/QRESYNC (RFC 7162), ESEARCH
// (RFC 4731), NAMESPACE (RFC 2342), ID (RFC 2971), ACL (RFC 4314), QUOTA (RFC 9208),
// SORT/THREAD (RFC 5256), METADATA (RFC 5464), ANNOTATE (RFC 5257), BINARY (RFC 3516),
// OBJECTID (RFC 8474), PREVIEW (RFC 8970), LIST-EXTENDED (RFC 5258) and CHILDREN (RFC 3348).
//
// Each struct is one ABNF production; hyphens become underscores.
#ifndef IMAPLIB_GRAMMAR_RESPONSE_HPP
#define IMAPLIB_GRAMMAR_RESPONSE_HPP

// #include <imaplib/grammar/core.hpp>: inlined above
// #include <imaplib/grammar/lexical.hpp>: inlined above

#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

// Which response a frame holds (set by `mark<>` on the matching alternative).
enum class data_kind : int {
    none = 0,       // a status response (OK/NO/BAD/BYE/PREAUTH) or a continuation
    capability, enabled, flags, list, lsub, status, search, esearch, exists, recent,
    expunge, vanished, fetch, namespace_, id, acl, listrights, myrights, quota, quotaroot,
    sort, thread, metadata,
    unknown,        // tolerant mode: `* <atom> ...` no rule knows
};

namespace kw {
#define IMAPLIB_GRAMMAR_KW(name, text)                            \
    struct name : keyword<name> {                                 \
        static constexpr std::string_view word = text;            \
        static constexpr std::string_view rule_name = "\"" text "\""; \
    }
IMAPLIB_GRAMMAR_KW(OK, "OK");
IMAPLIB_GRAMMAR_KW(NO, "NO");
IMAPLIB_GRAMMAR_KW(BAD, "BAD");
IMAPLIB_GRAMMAR_KW(BYE, "BYE");
IMAPLIB_GRAMMAR_KW(PREAUTH, "PREAUTH");
IMAPLIB_GRAMMAR_KW(ALERT, "ALERT");
IMAPLIB_GRAMMAR_KW(BADCHARSET, "BADCHARSET");
IMAPLIB_GRAMMAR_KW(CAPABILITY, "CAPABILITY");
IMAPLIB_GRAMMAR_KW(PARSE, "PARSE");
IMAPLIB_GRAMMAR_KW(PERMANENTFLAGS, "PERMANENTFLAGS");
IMAPLIB_GRAMMAR_KW(READ_ONLY, "READ-ONLY");
IMAPLIB_GRAMMAR_KW(READ_WRITE, "READ-WRITE");
IMAPLIB_GRAMMAR_KW(TRYCREATE, "TRYCREATE");
IMAPLIB_GRAMMAR_KW(UIDNEXT, "UIDNEXT");
IMAPLIB_GRAMMAR_KW(UIDVALIDITY, "UIDVALIDITY");
IMAPLIB_GRAMMAR_KW(UNSEEN, "UNSEEN");
IMAPLIB_GRAMMAR_KW(CLOSED, "CLOSED");
IMAPLIB_GRAMMAR_KW(APPENDUID, "APPENDUID");
IMAPLIB_GRAMMAR_KW(COPYUID, "COPYUID");
IMAPLIB_GRAMMAR_KW(UIDNOTSTICKY, "UIDNOTSTICKY");
IMAPLIB_GRAMMAR_KW(HIGHESTMODSEQ, "HIGHESTMODSEQ");
IMAPLIB_GRAMMAR_KW(NOMODSEQ, "NOMODSEQ");
IMAPLIB_GRAMMAR_KW(MODIFIED, "MODIFIED");
IMAPLIB_GRAMMAR_KW(REFERRAL, "REFERRAL");
IMAPLIB_GRAMMAR_KW(MAILBOXID, "MAILBOXID");
IMAPLIB_GRAMMAR_KW(METADATA, "METADATA");
IMAPLIB_GRAMMAR_KW(LONGENTRIES, "LONGENTRIES");
IMAPLIB_GRAMMAR_KW(MAXSIZE, "MAXSIZE");
IMAPLIB_GRAMMAR_KW(TOOMANY, "TOOMANY");
IMAPLIB_GRAMMAR_KW(NOPRIVATE, "NOPRIVATE");
IMAPLIB_GRAMMAR_KW(ENABLED, "ENABLED");
IMAPLIB_GRAMMAR_KW(FLAGS, "FLAGS");
IMAPLIB_GRAMMAR_KW(LIST, "LIST");
IMAPLIB_GRAMMAR_KW(LSUB, "LSUB");
IMAPLIB_GRAMMAR_KW(STATUS, "STATUS");
IMAPLIB_GRAMMAR_KW(MESSAGES, "MESSAGES");
IMAPLIB_GRAMMAR_KW(DELETED, "DELETED");
IMAPLIB_GRAMMAR_KW(DELETED_STORAGE, "DELETED-STORAGE");
IMAPLIB_GRAMMAR_KW(SIZE, "SIZE");
IMAPLIB_GRAMMAR_KW(RECENT, "RECENT");
IMAPLIB_GRAMMAR_KW(APPENDLIMIT, "APPENDLIMIT");
IMAPLIB_GRAMMAR_KW(SEARCH, "SEARCH");
IMAPLIB_GRAMMAR_KW(MODSEQ, "MODSEQ");
IMAPLIB_GRAMMAR_KW(ESEARCH, "ESEARCH");
IMAPLIB_GRAMMAR_KW(TAG, "TAG");
IMAPLIB_GRAMMAR_KW(UID, "UID");
IMAPLIB_GRAMMAR_KW(MIN, "MIN");
IMAPLIB_GRAMMAR_KW(MAX, "MAX");
IMAPLIB_GRAMMAR_KW(ALL, "ALL");
IMAPLIB_GRAMMAR_KW(COUNT, "COUNT");
IMAPLIB_GRAMMAR_KW(EXISTS, "EXISTS");
IMAPLIB_GRAMMAR_KW(EXPUNGE, "EXPUNGE");
IMAPLIB_GRAMMAR_KW(FETCH, "FETCH");
IMAPLIB_GRAMMAR_KW(VANISHED, "VANISHED");
IMAPLIB_GRAMMAR_KW(EARLIER, "EARLIER");
IMAPLIB_GRAMMAR_KW(NAMESPACE, "NAMESPACE");
IMAPLIB_GRAMMAR_KW(ID, "ID");
IMAPLIB_GRAMMAR_KW(ACL, "ACL");
IMAPLIB_GRAMMAR_KW(LISTRIGHTS, "LISTRIGHTS");
IMAPLIB_GRAMMAR_KW(MYRIGHTS, "MYRIGHTS");
IMAPLIB_GRAMMAR_KW(QUOTA, "QUOTA");
IMAPLIB_GRAMMAR_KW(QUOTAROOT, "QUOTAROOT");
IMAPLIB_GRAMMAR_KW(SORT, "SORT");
IMAPLIB_GRAMMAR_KW(THREAD, "THREAD");
IMAPLIB_GRAMMAR_KW(ENVELOPE, "ENVELOPE");
IMAPLIB_GRAMMAR_KW(INTERNALDATE, "INTERNALDATE");
IMAPLIB_GRAMMAR_KW(RFC822, "RFC822");
IMAPLIB_GRAMMAR_KW(RFC822_HEADER, "RFC822.HEADER");
IMAPLIB_GRAMMAR_KW(RFC822_TEXT, "RFC822.TEXT");
IMAPLIB_GRAMMAR_KW(RFC822_SIZE, "RFC822.SIZE");
IMAPLIB_GRAMMAR_KW(BODY, "BODY");
IMAPLIB_GRAMMAR_KW(BODYSTRUCTURE, "BODYSTRUCTURE");
IMAPLIB_GRAMMAR_KW(BINARY, "BINARY");
IMAPLIB_GRAMMAR_KW(BINARY_SIZE, "BINARY.SIZE");
IMAPLIB_GRAMMAR_KW(EMAILID, "EMAILID");
IMAPLIB_GRAMMAR_KW(THREADID, "THREADID");
IMAPLIB_GRAMMAR_KW(PREVIEW, "PREVIEW");
IMAPLIB_GRAMMAR_KW(ANNOTATION, "ANNOTATION");
IMAPLIB_GRAMMAR_KW(HEADER, "HEADER");
IMAPLIB_GRAMMAR_KW(HEADER_FIELDS, "HEADER.FIELDS");
IMAPLIB_GRAMMAR_KW(HEADER_FIELDS_NOT, "HEADER.FIELDS.NOT");
IMAPLIB_GRAMMAR_KW(TEXT, "TEXT");
IMAPLIB_GRAMMAR_KW(MIME, "MIME");
#undef IMAPLIB_GRAMMAR_KW
}  // namespace kw

// A quoted string whose content equals a word, case-insensitively ("TEXT", "MESSAGE").
template <class Self>
struct quoted_word {
    static constexpr bool match(detail::state& s) noexcept {
        constexpr std::string_view w = Self::word;
        if (s.left() < w.size() + 2 || s.cur[0] != '"' || s.cur[w.size() + 1] != '"') return false;
        if (!detail::iequals(std::string_view(s.cur + 1, w.size()), w)) return false;
        s.cur += w.size() + 2;
        return true;
    }
};

// ---- resp-text-code ------------------------------------------------------------------

struct capability : atom {};
// capability-data = "CAPABILITY" *(SP capability)
struct capability_data : seq<kw::CAPABILITY, star<SP, capability>> {};

struct charset : sor<quoted, atom> {};
struct code_badcharset
    : seq<kw::BADCHARSET, opt<SP, lparen, list_of<charset, SP>, rparen>> {};
struct code_permanentflags
    : seq<kw::PERMANENTFLAGS, SP, lparen, opt<list_of<flag_perm, list_sep>>, rparen> {};
struct code_uidnext : seq<kw::UIDNEXT, SP, nz_number> {};
struct code_uidvalidity : seq<kw::UIDVALIDITY, SP, nz_number> {};
struct code_unseen : seq<kw::UNSEEN, SP, nz_number> {};
// "APPENDUID" SP nz-number SP append-uid  (RFC 4315; uid-set in RFC 9051 MULTIAPPEND)
struct code_appenduid : seq<kw::APPENDUID, SP, nz_number, SP, uid_set> {};
struct code_copyuid : seq<kw::COPYUID, SP, nz_number, SP, uid_set, SP, uid_set> {};
struct code_highestmodseq : seq<kw::HIGHESTMODSEQ, SP, mod_sequence_value> {};
struct code_modified : seq<kw::MODIFIED, SP, sequence_set> {};
// "REFERRAL" SP 1*<imap url>  (RFC 2221 section 4.2)
struct referral_url {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && *p != ']' && *p != ' ' && detail::has(*p, detail::cc_text)) ++p;
        if (p == s.cur) return false;
        s.cur = p;
        return true;
    }
};
struct code_referral : seq<kw::REFERRAL, SP, list_of<referral_url, SP>> {};
struct code_mailboxid : seq<kw::MAILBOXID, SP, one<'('>, objectid, one<')'>> {};
// "METADATA" SP ("LONGENTRIES" SP number / "MAXSIZE" SP number / "TOOMANY" / "NOPRIVATE")
struct code_metadata
    : seq<kw::METADATA, SP,
          sor<seq<kw::LONGENTRIES, SP, number>, seq<kw::MAXSIZE, SP, number>, kw::TOOMANY,
              kw::NOPRIVATE>> {};

// atom [SP 1*<any TEXT-CHAR except "]">]. Strict mode refuses the name of a code that
// has its own syntax (a malformed `UIDNEXT x`); tolerant mode keeps it as generic.
struct code_other_text {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && *p != ']' && detail::has(*p, detail::cc_text)) ++p;
        if (p == s.cur) return false;
        s.cur = p;
        return true;
    }
};
struct code_other_name {
    static constexpr bool match(detail::state& s) noexcept {
        const char* b = s.cur;
        if (!detail::take_class<detail::cc_atom>(s)) return false;
        if (!s.strict) return true;
        const std::string_view n(b, static_cast<std::size_t>(s.cur - b));
        constexpr std::string_view known[] = {
            "BADCHARSET", "CAPABILITY", "PERMANENTFLAGS", "UIDNEXT", "UIDVALIDITY", "UNSEEN",
            "APPENDUID", "COPYUID", "HIGHESTMODSEQ", "MODIFIED", "REFERRAL", "MAILBOXID",
            "METADATA"};
        for (std::string_view k : known)
            if (detail::iequals(n, k)) return false;
        return true;
    }
    static constexpr std::string_view rule_name = "atom";
};
struct code_other : seq<code_other_name, opt<SP, code_other_text>> {};

template <class... R>
struct code_alt : seq<R..., at<one<']'>>> {};

// resp-text-code (RFC 9051 section 9 plus the extensions above)
struct resp_text_code
    : sor<code_alt<kw::ALERT>, code_alt<code_badcharset>, code_alt<capability_data>,
          code_alt<kw::PARSE>, code_alt<code_permanentflags>, code_alt<kw::READ_ONLY>,
          code_alt<kw::READ_WRITE>, code_alt<kw::TRYCREATE>, code_alt<code_uidnext>,
          code_alt<code_uidvalidity>, code_alt<code_unseen>, code_alt<kw::CLOSED>,
          code_alt<code_appenduid>, code_alt<code_copyuid>, code_alt<kw::UIDNOTSTICKY>,
          code_alt<code_highestmodseq>, code_alt<kw::NOMODSEQ>, code_alt<code_modified>,
          code_alt<code_referral>, code_alt<code_mailboxid>, code_alt<code_metadata>,
          code_alt<code_other>> {};

// resp-text = ["[" resp-text-code "]" SP] [text]   (RFC 9051; RFC 3501 requires text).
// Tolerant: no SP after "]" (Exchange sends `[READ-WRITE]` with nothing after it).
struct resp_text
    : seq<opt<one<'['>, resp_text_code, one<']'>, sor<SP, tolerant<at_CRLF>>>, opt<text>> {};

// resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text
// Tolerant: the SP may be missing when there is no text (`a1 OK` from old Courier).
struct resp_sp_text : sor<seq<SP, resp_text>, tolerant<at_CRLF>> {};
struct resp_cond_state : seq<sor<kw::OK, kw::NO, kw::BAD>, resp_sp_text> {};
struct resp_cond_bye : seq<kw::BYE, resp_sp_text> {};
struct resp_cond_auth : seq<sor<kw::OK, kw::PREAUTH>, resp_sp_text> {};

// ---- mailbox data ---------------------------------------------------------------------

// mbx-list-flags: "\" atom flags (RFC 3501, RFC 5258, RFC 3348 \HasChildren...)
struct mbx_list_flag : flag {};
struct mbx_list_flags : list_of<mbx_list_flag, list_sep> {};
// DQUOTE QUOTED-CHAR DQUOTE / nil; tolerant: any quoted string.
struct mailbox_delimiter {
    static constexpr bool match(detail::state& s) noexcept {
        if (s.left() >= 3 && s.cur[0] == '"' && s.cur[2] == '"' &&
            detail::has(s.cur[1], detail::cc_quoted)) {
            s.cur += 3;
            return true;
        }
        if (s.left() >= 4 && s.cur[0] == '"' && s.cur[1] == '\\' &&
            (s.cur[2] == '"' || s.cur[2] == '\\') && s.cur[3] == '"') {
            s.cur += 4;
            return true;
        }
        return !s.strict && quoted::match(s);
    }
};
// mbox-list-extended = "(" [mbox-list-extended-item *(SP mbox-list-extended-item)] ")"
// mbox-list-extended-item = mbox-list-extended-item-tag SP tagged-ext-val  (RFC 5258)
struct mbox_list_extended_item : seq<astring, SP, tagged_ext_val> {};
struct mbox_list_extended
    : seq<lparen, opt<list_of<mbox_list_extended_item, SP>>, rparen> {};
// mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
//                [SP mbox-list-extended]
struct mailbox_list
    : seq<lparen, opt<mbx_list_flags>, rparen, SP, sor<mailbox_delimiter, nil>, SP, mailbox,
          opt<SP, mbox_list_extended>> {};

struct status_att_other {
    static constexpr bool match(detail::state& s) noexcept {
        const char* b = s.cur;
        if (!detail::take_class<detail::cc_atom>(s)) return false;
        const std::string_view n(b, static_cast<std::size_t>(s.cur - b));
        constexpr std::string_view known[] = {
            "MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "RECENT",
            "HIGHESTMODSEQ", "APPENDLIMIT", "MAILBOXID", "DELETED-STORAGE"};
        for (std::string_view k : known)
            if (detail::iequals(n, k)) return false;
        return true;
    }
    static constexpr std::string_view rule_name = "status-att";
};
// status-att-val (RFC 9051, RFC 7162 HIGHESTMODSEQ, RFC 8474 MAILBOXID, RFC 7889
// APPENDLIMIT); tolerant: any `atom SP value` (servers add private items).
struct status_att_val
    : sor<seq<kw::MESSAGES, SP, number>, seq<kw::UIDNEXT, SP, nz_number>,
          seq<kw::UIDVALIDITY, SP, nz_number>, seq<kw::UNSEEN, SP, number>,
          seq<kw::DELETED, SP, number>, seq<kw::SIZE, SP, number64>,
          seq<kw::RECENT, SP, number>, seq<kw::HIGHESTMODSEQ, SP, mod_sequence_value>,
          seq<kw::APPENDLIMIT, SP, sor<number64, nil>>,
          seq<kw::MAILBOXID, SP, one<'('>, objectid, one<')'>>,
          seq<kw::DELETED_STORAGE, SP, number64>, tolerant<status_att_other, SP, generic_value>> {};
struct status_att_list : list_of<status_att_val, SP> {};
struct status_data
    : seq<kw::STATUS, SP, mailbox, SP, lparen, opt<status_att_list>, rparen> {};

// search-sort-mod-seq = "(" "MODSEQ" SP mod-sequence-value ")"   (RFC 7162)
struct search_sort_mod_seq : seq<one<'('>, kw::MODSEQ, SP, mod_sequence_value, one<')'>> {};
// "SEARCH" *(SP nz-number) [SP search-sort-mod-seq]
struct search_data : seq<kw::SEARCH, star<SP, nz_number>, opt<SP, search_sort_mod_seq>> {};
// "SORT" *(SP nz-number) [SP search-sort-mod-seq]   (RFC 5256, RFC 7162)
struct sort_data : seq<kw::SORT, star<SP, nz_number>, opt<SP, search_sort_mod_seq>> {};

// ESEARCH (RFC 4731, RFC 9051 section 7.3.4)
// search-correlator = SP "(" "TAG" SP tag-string ")"
struct search_correlator : seq<SP, one<'('>, kw::TAG, SP, astring, one<')'>> {};
struct search_return_data
    : sor<seq<kw::MIN, SP, nz_number>, seq<kw::MAX, SP, nz_number>,
          seq<kw::ALL, SP, sequence_set>, seq<kw::COUNT, SP, number>,
          seq<kw::MODSEQ, SP, mod_sequence_value>, seq<atom, SP, tagged_ext_val>> {};
struct esearch_response
    : seq<kw::ESEARCH, opt<search_correlator>, opt<SP, kw::UID>, star<SP, search_return_data>> {};

// THREAD (RFC 5256 section 5)
struct thread_list;
struct thread_nested : plus<thread_list> {};
struct thread_members : seq<nz_number, star<SP, nz_number>, opt<SP, thread_nested>> {};
struct thread_list : nested<one<'('>, sor<thread_members, thread_nested>, one<')'>> {};
struct thread_data : seq<kw::THREAD, opt<SP, plus<thread_list>>> {};

// QUOTA (RFC 9208 section 9; RFC 2087 allowed an empty list)
struct quota_root_name : astring {};
struct quota_resource : seq<atom, SP, number64, SP, number64> {};
struct quota_list : seq<lparen, opt<list_of<quota_resource, SP>>, rparen> {};
struct quota_response : seq<kw::QUOTA, SP, quota_root_name, SP, quota_list> {};
struct quotaroot_response : seq<kw::QUOTAROOT, SP, mailbox, star<SP, quota_root_name>> {};

// ACL (RFC 4314 section 3.6 - 3.8)
struct identifier : astring {};
struct rights : astring {};
struct acl_data : seq<kw::ACL, SP, mailbox, star<SP, identifier, SP, rights>> {};
struct listrights_data
    : seq<kw::LISTRIGHTS, SP, mailbox, SP, identifier, SP, rights, star<SP, rights>> {};
struct myrights_data : seq<kw::MYRIGHTS, SP, mailbox, SP, rights> {};

// METADATA (RFC 5464 section 5.3)
struct entry : astring {};
struct entry_value : seq<entry, SP, sor<nstring, literal8>> {};
struct entry_values : seq<lparen, list_of<entry_value, SP>, rparen> {};
struct entry_list : list_of<entry, SP> {};
struct metadata_resp : seq<kw::METADATA, SP, mailbox, SP, sor<entry_values, entry_list>> {};

// NAMESPACE (RFC 2342 section 5, RFC 9051)
struct namespace_response_extension
    : seq<SP, string, SP, lparen, list_of<string, SP>, rparen> {};
struct namespace_descr
    : seq<lparen, string, SP, sor<mailbox_delimiter, nil>, star<namespace_response_extension>,
          rparen> {};
struct namespace_ : sor<nil, seq<lparen, plus<namespace_descr>, rparen>> {};
struct namespace_response : seq<kw::NAMESPACE, SP, namespace_, SP, namespace_, SP, namespace_> {};

// ID (RFC 2971 section 3.2)
struct id_params_list
    : sor<nil, seq<lparen, opt<list_of<seq<string, SP, nstring>, SP>>, rparen>> {};
struct id_response : seq<kw::ID, SP, id_params_list> {};

// "ENABLED" *(SP capability)   (RFC 5161)
struct enable_data : seq<kw::ENABLED, star<SP, capability>> {};

// "VANISHED" [SP "(EARLIER)"] SP known-uids   (RFC 7162 section 7)
struct vanished_response
    : seq<kw::VANISHED, opt<SP, one<'('>, kw::EARLIER, one<')'>>, SP, sequence_set> {};

// ---- message data: envelope and body structure -------------------------------------------

// address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
// (group syntax: addr-host NIL marks a group start or end, RFC 9051 section 7.5.2)
struct addr_name : nstring {};
struct addr_adl : nstring {};
struct addr_mailbox : nstring {};
struct addr_host : nstring {};
struct address
    : seq<lparen, addr_name, SP, addr_adl, SP, addr_mailbox, SP, addr_host, rparen> {};
// "(" 1*address ")" / nil; tolerant: "()" and spaces between addresses (Exchange).
struct address_list
    : sor<nil, seq<lparen, address, star<sor<address, tolerant<SP, address>>>, rparen>,
          tolerant<one<'('>, lax_space, one<')'>>> {};
struct env_date : nstring {};
struct env_subject : nstring {};
struct env_from : address_list {};
struct env_sender : address_list {};
struct env_reply_to : address_list {};
struct env_to : address_list {};
struct env_cc : address_list {};
struct env_bcc : address_list {};
struct env_in_reply_to : nstring {};
struct env_message_id : nstring {};
// envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to
//            SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
struct envelope
    : seq<lparen, env_date, SP, env_subject, SP, env_from, SP, env_sender, SP, env_reply_to, SP,
          env_to, SP, env_cc, SP, env_bcc, SP, env_in_reply_to, SP, env_message_id, rparen> {};

// body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
// Tolerant: "()" (Exchange and Gmail send an empty list).
struct body_fld_param
    : sor<nil, seq<lparen, list_of<seq<string, list_sep, lax_string>, list_sep>, rparen>,
          tolerant<one<'('>, lax_space, one<')'>>> {};
struct body_fld_id : nstring {};
struct body_fld_desc : nstring {};
struct body_fld_enc : lax_string {};
// body-fld-octets = number; tolerant: NIL (Exchange on some attachments) and 64-bit.
struct body_fld_octets : sor<number64, tolerant<nil>> {};
struct body_fld_lines : sor<number64, tolerant<nil>> {};
struct body_fld_md5 : nstring {};
// body-fld-dsp = "(" string SP body-fld-param ")" / nil; tolerant: a bare string (Yahoo).
struct body_fld_dsp
    : sor<nil, seq<lparen, string, SP, body_fld_param, rparen>, tolerant<string>> {};
// body-fld-lang = nstring / "(" string *(SP string) ")"
struct body_fld_lang : sor<nstring, seq<lparen, list_of<string, SP>, rparen>> {};
struct body_fld_loc : nstring {};
// body-extension = nstring / number / number64 / "(" body-extension *(SP body-extension) ")"
struct body_extension;
struct body_extension_list : nested<lparen, opt<list_of<body_extension, list_sep>>, rparen> {};
struct body_extension : sor<nstring, number64, body_extension_list, tolerant<generic_token>> {};
// body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
//               body-fld-octets
struct body_fields
    : seq<body_fld_param, SP, body_fld_id, SP, body_fld_desc, SP, body_fld_enc, SP,
          body_fld_octets> {};
// [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
struct body_ext_tail
    : opt<SP, body_fld_dsp, opt<SP, body_fld_lang, opt<SP, body_fld_loc, star<SP, body_extension>>>> {};
// body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc
//                  *(SP body-extension)]]]
struct body_ext_1part : seq<body_fld_md5, body_ext_tail> {};
// body-ext-mpart = body-fld-param [SP body-fld-dsp [...]]
struct body_ext_mpart : seq<body_fld_param, body_ext_tail> {};

struct media_subtype : lax_string {};
struct media_type_text : quoted_word<media_type_text> {
    static constexpr std::string_view word = detail::media_word_text;
};
struct media_type_message : quoted_word<media_type_message> {
    static constexpr std::string_view word = detail::media_word_message;
};
struct media_subtype_rfc822 : quoted_word<media_subtype_rfc822> {
    static constexpr std::string_view word = detail::media_word_rfc822;
};
struct media_subtype_global : quoted_word<media_subtype_global> {
    static constexpr std::string_view word = detail::media_word_global;
};
// media-message = DQUOTE "MESSAGE" DQUOTE SP DQUOTE ("RFC822" / "GLOBAL") DQUOTE
struct media_message
    : seq<media_type_message, SP, sor<media_subtype_rfc822, media_subtype_global>> {};
// media-text = DQUOTE "TEXT" DQUOTE SP media-subtype
struct media_text : seq<media_type_text, SP, media_subtype> {};
// media-basic = string SP media-subtype (the RFC's list of types is open-ended)
struct media_basic : seq<lax_string, SP, media_subtype> {};

struct body;
// body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
struct body_type_msg
    : seq<media_message, SP, body_fields, SP, envelope, SP, body, sor<seq<SP, body_fld_lines>,
                                                                    tolerant<at<rparen>>>> {};
// body-type-text = media-text SP body-fields SP body-fld-lines
struct body_type_text : seq<media_text, SP, body_fields, SP, body_fld_lines> {};
// body-type-basic = media-basic SP body-fields
struct body_type_basic : seq<media_basic, SP, body_fields> {};
// body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
struct body_type_1part
    : seq<sor<body_type_msg, body_type_text, body_type_basic>, opt<SP, body_ext_1part>> {};
// body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
struct body_type_mpart
    : seq<body, star<sor<body, tolerant<SP, body>>>, SP, media_subtype, opt<SP, body_ext_mpart>> {};
// body = "(" (body-type-1part / body-type-mpart) ")"
struct body : nested<lparen, sor<body_type_mpart, body_type_1part>, rparen> {};

// ---- message data: FETCH ------------------------------------------------------------------

// section-part = nz-number *("." nz-number)
struct section_part : seq<nz_number, star<one<'.'>, nz_number>> {};
struct header_fld_name : astring {};
// header-list = "(" header-fld-name *(SP header-fld-name) ")"
struct header_list : seq<lparen, list_of<header_fld_name, SP>, rparen> {};
// section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
struct section_msgtext
    : sor<seq<sor<kw::HEADER_FIELDS_NOT, kw::HEADER_FIELDS>, SP, header_list>, kw::HEADER,
          kw::TEXT> {};
// section-text = section-msgtext / "MIME"
struct section_text : sor<section_msgtext, kw::MIME> {};
// section-spec = section-msgtext / (section-part ["." section-text])
struct section_spec : sor<section_msgtext, seq<section_part, opt<one<'.'>, section_text>>> {};
// section = "[" [section-spec] "]"
struct section : seq<one<'['>, opt<section_spec>, one<']'>> {};
// section-binary = "[" [section-part] "]"   (RFC 3516)
struct section_binary : seq<one<'['>, opt<section_part>, one<']'>> {};
// "<" number ">"
struct origin_octet : seq<one<'<'>, number, one<'>'>> {};

struct att_flags
    : seq<kw::FLAGS, SP, lparen, opt<list_of<flag_fetch, list_sep>>, rparen> {};
struct att_modseq : seq<kw::MODSEQ, SP, one<'('>, mod_sequence_value, one<')'>> {};
struct att_envelope : seq<kw::ENVELOPE, SP, envelope> {};
struct att_internaldate : seq<kw::INTERNALDATE, SP, date_time> {};
struct att_rfc822 : seq<sor<kw::RFC822_HEADER, kw::RFC822_TEXT, kw::RFC822>, SP, nstring> {};
// RFC822.SIZE is number64 in RFC 9051.
struct att_rfc822_size : seq<kw::RFC822_SIZE, SP, number64> {};
struct att_body_structure : seq<sor<kw::BODYSTRUCTURE, kw::BODY>, SP, body> {};
// "BODY" section ["<" number ">"] SP nstring
struct att_body_section : seq<kw::BODY, section, opt<origin_octet>, SP, nstring> {};
// "BINARY" section-binary SP (nstring / literal8)
struct att_binary
    : seq<kw::BINARY, section_binary, opt<origin_octet>, SP, sor<nstring, literal8>> {};
// "BINARY.SIZE" section-binary SP number
struct att_binary_size : seq<kw::BINARY_SIZE, section_binary, SP, number64> {};
struct att_uid : seq<kw::UID, SP, uniqueid> {};
// "EMAILID" SP "(" objectid ")" / "THREADID" SP ("(" objectid ")" / nil)  (RFC 8474)
struct att_emailid : seq<kw::EMAILID, SP, one<'('>, objectid, one<')'>> {};
struct att_threadid : seq<kw::THREADID, SP, sor<seq<one<'('>, objectid, one<')'>>, nil>> {};
// "PREVIEW" SP nstring   (RFC 8970 section 3)
struct att_preview : seq<kw::PREVIEW, SP, nstring> {};
// "ANNOTATION" SP "(" entry-att *(SP entry-att) ")"   (RFC 5257 section 4.4), kept generic
struct att_annotation : seq<kw::ANNOTATION, SP, generic_list> {};
// Any other item (X-GM-MSGID, X-GM-LABELS, ...): name [section] [<origin>] SP value.
struct fetch_item_name {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && detail::has(*p, detail::cc_atom) && *p != '[') ++p;
        if (p == s.cur) return false;
        if (p != s.end && *p == '[') {
            ++p;
            while (p != s.end && *p != ']' && detail::has(*p, detail::cc_text)) ++p;
            if (p == s.end || *p != ']') return false;
            ++p;
        }
        if (p != s.end && *p == '<') {
            ++p;
            while (p != s.end && detail::has(*p, detail::cc_digit)) ++p;
            if (p == s.end || *p != '>') return false;
            ++p;
        }
        s.cur = p;
        return true;
    }
};
// Refuses the names that have their own rule, so a malformed ENVELOPE is an error rather
// than an unknown item.
struct fetch_item_other_name {
    static constexpr bool match(detail::state& s) noexcept {
        const char* b = s.cur;
        if (!fetch_item_name::match(s)) return false;
        std::string_view key(b, static_cast<std::size_t>(s.cur - b));
        key = key.substr(0, key.find_first_of("[<"));
        constexpr std::string_view known[] = {
            "FLAGS", "MODSEQ", "ANNOTATION", "ENVELOPE", "INTERNALDATE", "RFC822",
            "RFC822.HEADER", "RFC822.TEXT", "RFC822.SIZE", "BODY", "BODYSTRUCTURE", "BINARY",
            "BINARY.SIZE", "UID", "EMAILID", "THREADID", "PREVIEW"};
        for (std::string_view k : known)
            if (detail::iequals(key, k)) return false;
        return true;
    }
    static constexpr std::string_view rule_name = "fetch item name";
};
struct att_other : seq<fetch_item_other_name, SP, generic_value> {};

// msg-att-dynamic = "FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")" / MODSEQ / ANNOTATION
struct msg_att_dynamic : sor<att_flags, att_modseq, att_annotation> {};
// msg-att-static (RFC 9051 section 9 plus BINARY, OBJECTID, PREVIEW)
struct msg_att_static
    : sor<att_uid, att_rfc822_size, att_internaldate, att_envelope, att_body_structure,
          att_body_section, att_rfc822, att_binary_size, att_binary, att_emailid, att_threadid,
          att_preview> {};
struct msg_att_item : sor<msg_att_dynamic, msg_att_static, att_other> {};
// msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
// Tolerant: "()" (Exchange answers some FETCH with nothing).
struct msg_att
    : sor<seq<lparen, list_of<msg_att_item, SP>, rparen>, tolerant<one<'('>, lax_space, one<')'>>> {};

// ---- responses ---------------------------------------------------------------------------

// message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att)); plus EXISTS, RECENT.
struct message_data_fetch : seq<nz_number, SP, kw::FETCH, SP, msg_att> {};
struct message_data_expunge : seq<nz_number, SP, kw::EXPUNGE> {};
struct mailbox_data_exists : seq<number, SP, kw::EXISTS> {};
struct mailbox_data_recent : seq<number, SP, kw::RECENT> {};

// Tolerant: a response no rule knows, `* [number SP] atom [SP anything]` (ignored by
// imaplib the same way: it keeps the bytes under the atom's name).
struct unknown_tail {
    static constexpr bool match(detail::state& s) {
        while (!s.eof() && detail::has(*s.cur, detail::cc_text)) {
            if ((*s.cur == '{' || *s.cur == '~') && invoke_literal(s)) continue;
            if (s.failed_hard()) return false;
            ++s.cur;
        }
        return true;
    }
    static constexpr bool invoke_literal(detail::state& s) {
        return detail::invoke<sor<literal, literal8>>(s);
    }
};
struct unknown_name {
    static constexpr bool match(detail::state& s) noexcept {
        const char* b = s.cur;
        if (!detail::take_class<detail::cc_atom>(s)) return false;
        const std::string_view n(b, static_cast<std::size_t>(s.cur - b));
        constexpr std::string_view known[] = {
            "OK", "NO", "BAD", "BYE", "PREAUTH", "FETCH", "EXPUNGE", "EXISTS", "RECENT",
            "CAPABILITY", "ENABLED", "FLAGS", "LIST", "LSUB", "STATUS", "SEARCH", "ESEARCH",
            "VANISHED", "NAMESPACE", "ID", "ACL", "LISTRIGHTS", "MYRIGHTS", "QUOTAROOT",
            "QUOTA", "SORT", "THREAD", "METADATA"};
        for (std::string_view k : known)
            if (detail::iequals(n, k)) return false;
        return true;
    }
    static constexpr std::string_view rule_name = "response name";
};
struct unknown_response : seq<opt<number, SP>, unknown_name, opt<SP, unknown_tail>> {};

// Marks of the status alternatives (data responses use their data_kind value).
inline constexpr int cond_state = -1;
inline constexpr int cond_bye = -2;
inline constexpr int cond_auth = -3;

template <data_kind K, class... R>
struct data : mark<static_cast<int>(K), R...> {};

// response-data = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data / message-data /
//                 capability-data / enable-data / ...) CRLF
struct response_payload
    : sor<mark<cond_state, resp_cond_state>, mark<cond_bye, resp_cond_bye>,
          mark<cond_auth, kw::PREAUTH, resp_sp_text>,
          data<data_kind::fetch, message_data_fetch>,
          data<data_kind::expunge, message_data_expunge>,
          data<data_kind::exists, mailbox_data_exists>,
          data<data_kind::recent, mailbox_data_recent>,
          data<data_kind::capability, capability_data>,
          data<data_kind::enabled, enable_data>,
          data<data_kind::flags, kw::FLAGS, SP, flag_list>,
          data<data_kind::list, kw::LIST, SP, mailbox_list>,
          data<data_kind::lsub, kw::LSUB, SP, mailbox_list>,
          data<data_kind::status, status_data>, data<data_kind::search, search_data>,
          data<data_kind::esearch, esearch_response>,
          data<data_kind::vanished, vanished_response>,
          data<data_kind::namespace_, namespace_response>, data<data_kind::id, id_response>,
          data<data_kind::acl, acl_data>, data<data_kind::listrights, listrights_data>,
          data<data_kind::myrights, myrights_data>, data<data_kind::quotaroot, quotaroot_response>,
          data<data_kind::quota, quota_response>, data<data_kind::sort, sort_data>,
          data<data_kind::thread, thread_data>, data<data_kind::metadata, metadata_resp>,
          tolerant<data<data_kind::unknown, unknown_response>>> {};

struct response_data : seq<one<'*'>, SP, response_payload, CRLF> {};
// response-tagged = tag SP resp-cond-state CRLF
struct response_tagged : seq<tag, SP, resp_cond_state, CRLF> {};
// continue-req = "+" SP (resp-text / base64) CRLF; tolerant: a bare "+" (imaplib too).
struct continue_req : seq<one<'+'>, sor<seq<SP, resp_text>, tolerant<opt<resp_text>>>, CRLF> {};
// greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF
struct greeting : seq<one<'*'>, SP, sor<mark<cond_auth, resp_cond_auth>, mark<cond_bye, resp_cond_bye>>, CRLF> {};
// One response as the framing layer delivers it.
struct response : sor<continue_req, response_data, response_tagged> {};

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_RESPONSE_HPP
// end <imaplib/grammar/response.hpp>
// begin <imaplib/grammar/parse.hpp>
// imaplib-cpp: parsing one response frame into a typed view.
//
//   grammar::response_view r;
//   std::error_code ec;
//   if (grammar::parse_response(frame, r, ec) && r.data() == grammar::data_kind::fetch)
//       for (const grammar::fetch_item& item : r.as_fetch()) ...
//
// The frame is one response as the framing reader delimits it: the line, each literal
// inline as `{N}\r\n<N bytes>`, ending in CRLF. The views point into it.
#ifndef IMAPLIB_GRAMMAR_PARSE_HPP
#define IMAPLIB_GRAMMAR_PARSE_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/grammar/core.hpp>: inlined above
// begin <imaplib/grammar/fetch_check.hpp>
// imaplib-cpp: FETCH responses checked over their value index.
//
// FETCH responses are most of the bytes a client parses. The grammar (response.hpp)
// matches them byte by byte, through several rule levels for each value. Here the value
// index (index.hpp) is built first and the same productions are checked over its
// entries, one entry a value: its kind, its bytes and where its neighbours start say in
// constant time whether it is the nstring, number or list the production wants, and the
// parts the index does not settle (date-time, flag, an item name's section) are matched
// by the grammar's own rules. Every item of msg-att is known here but ANNOTATION and
// those of unknown extensions (X-GM-LABELS, ...).
//
// It accepts part of the grammar's language: every production in its strict form,
// keywords in upper case, one SP between values, every limit kept. On anything else it
// answers "not mine" and parse_response runs the grammar, which has the last word and
// says what is wrong. The tests hold the two together over every seed and its one-byte
// mutations: what this accepts, the grammar accepts, with the same views.
#ifndef IMAPLIB_GRAMMAR_FETCH_CHECK_HPP
#define IMAPLIB_GRAMMAR_FETCH_CHECK_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/grammar/core.hpp>: inlined above
// begin <imaplib/grammar/index.hpp>
// imaplib-cpp: an index of a response's values, so that typed views find each value in
// constant time.
//
//   grammar::value_index index;           // reuse it: it allocates only while it grows
//   grammar::response_view r;
//   if (grammar::parse_response(frame, r, index, ec))
//       for (const grammar::fetch_item& item : r.as_fetch()) ...
//
// Views store nothing of their own, so without an index a view finds where a nested list
// ends by reading it, and a byte d lists deep is read d + 1 times. The index is one pass
// over the validated frame that records every value (its bytes, its kind, and for a
// list the number of values inside it), in the order the views read them. Views of a
// response parsed with an index step through it instead of the bytes; they stay valid
// while the frame lives and the index is not used for another response.
//
// Memory is bounded: 16 bytes a value, at most max_entries values (1 MiB by default). A
// response with more values than that is parsed as usual and its views read the bytes.
#ifndef IMAPLIB_GRAMMAR_INDEX_HPP
#define IMAPLIB_GRAMMAR_INDEX_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/grammar/views.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <memory>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

class value_index {
public:
    static constexpr std::size_t default_max_entries = 65536;

    explicit value_index(std::size_t max_entries = default_max_entries) noexcept
        : max_entries_(max_entries) {}

    // Records the values of `payload`, a part of the validated `frame`, as detail::cursor
    // reads them. False, with the index left empty, when the frame is over 4 GiB or the
    // values are more than max_entries.
    bool build(std::string_view frame, std::string_view payload) {
        size_ = 0;
        if (frame.size() > UINT32_MAX) return false;
        // Every value takes at least one byte, so this is room enough.
        const std::size_t need = payload.size() < max_entries_ ? payload.size() : max_entries_;
        if (need > capacity_) {
            entries_.reset(new detail::index_entry[need]);
            capacity_ = need;
        }
        if (!record(frame.data(), payload.data(), payload.data() + payload.size(), need)) {
            size_ = 0;
            return false;
        }
        return true;
    }

    void clear() noexcept { size_ = 0; }
    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }
    std::size_t max_entries() const noexcept { return max_entries_; }
    const detail::index_entry* begin() const noexcept { return entries_.get(); }
    const detail::index_entry* end() const noexcept { return entries_.get() + size_; }
    // Whether every quoted string of the last build is closed and holds only QUOTED-CHARs
    // and the escapes \" and \\: then each is valid in any mode without another look.
    bool regular_strings() const noexcept { return regular_strings_; }

private:
    // One pass, no recursion, the same values detail::cursor::next() reads (the
    // differential tests hold the two together). An open list keeps the index of the
    // list around it in its `span` until its ")" comes, which then sets the span.
    bool record(const char* base, const char* p, const char* e, std::size_t room) noexcept {
        using detail::index_entry;
        constexpr std::uint32_t none = UINT32_MAX;
        index_entry* const first = entries_.get();
        index_entry* out = first;
        index_entry* const last = first + room;
        std::uint32_t open = none;  // the innermost list still open
        bool regular = true;        // see regular_strings()
        const char* open_until = nullptr;  // see detail::skip_token
        const auto at = [base](const char* q) { return static_cast<std::uint32_t>(q - base); };
        const auto close = [&](const char* end, std::uint8_t trim) {
            index_entry& list = first[open];
            open = list.span;  // the list around it
            list.end = at(end);
            list.data_trim = trim;
            list.span = static_cast<std::uint32_t>(out - &list);
        };
        for (;;) {
            while (p < e && *p == ' ') ++p;
            if (p == e) break;
            const char* b = p;
            switch (*p) {
            case ')':
                if (open == none) goto stop;  // where a cursor stops
                close(++p, 1);
                continue;
            case '\r':
                if (open == none) goto stop;
                return false;  // not in a validated frame: the views read the bytes
            case '(':
                if (out == last) return false;
                *out = index_entry{at(b), 0, open, value_kind::list, 1, 0};
                open = static_cast<std::uint32_t>(out - first);
                ++out;
                ++p;
                continue;
            case '"': {
                if (out == last) return false;
                p = detail::scan_quoted(p, e, regular);
                const std::uint8_t trim = p - b >= 2 && p[-1] == '"' ? 1 : 0;
                *out++ = index_entry{at(b), at(p), 1, value_kind::quoted, 1, trim};
                continue;
            }
            case '{':
            case '~': {
                std::string_view d;
                if (const char* q = detail::skip_literal(p, e, d)) {
                    if (out == last) return false;
                    const auto head = static_cast<std::size_t>(d.data() - b);
                    if (head > UINT8_MAX) return false;
                    p = q;
                    *out++ = index_entry{at(b), at(p), 1,
                                         *b == '~' ? value_kind::literal8 : value_kind::literal,
                                         static_cast<std::uint8_t>(head), 0};
                    continue;
                }
                break;
            }
            case 'N':
            case 'n':  // NIL is a quarter of a FETCH response's values
                if (e - p >= 3 && detail::is_nil(p, p + 3) &&
                    (e - p == 3 || detail::token_chars.v[static_cast<unsigned char>(p[3])] ==
                                       detail::tok_stop)) {
                    if (out == last) return false;
                    p += 3;
                    *out++ = index_entry{at(b), at(p), 1, value_kind::nil, 3, 0};
                    continue;
                }
                break;
            default: break;
            }
            if (out == last) return false;
            bool digits = true;
            p = detail::skip_token(p, e, digits, open_until);
            if (p == b) {  // a byte no rule expects here: a one-byte atom
                ++p;
                digits = false;
            }
            // A three-byte "NIL" token was taken by the case above: this is a number or
            // an atom.
            *out++ = index_entry{at(b), at(p), 1, digits ? value_kind::number : value_kind::atom, 0, 0};
        }
    stop:
        // A list left open: the grammar closed it, but a token's "[" read it otherwise
        // (`X[a" )...]` in an odd frame). The byte reading cuts such values where the
        // list's bytes end; leave it to that.
        if (open != none) return false;
        size_ = static_cast<std::size_t>(out - first);
        regular_strings_ = regular;
        return true;
    }

    std::unique_ptr<detail::index_entry[]> entries_;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
    std::size_t max_entries_;
    bool regular_strings_ = true;
};

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_INDEX_HPP
// end <imaplib/grammar/index.hpp>
// #include <imaplib/grammar/lexical.hpp>: inlined above
// #include <imaplib/grammar/response.hpp>: inlined above
// #include <imaplib/grammar/views.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {
namespace detail {

class fetch_check {
public:
    fetch_check(std::string_view frame, const parse_options& opts) noexcept
        : base_(frame.data()),
          opts_(opts),
          max_depth_(depth_limit(opts)),
          strict_(opts.strictness == mode::strict) {}

    // Where the payload of `* nz-number FETCH (...)` CRLF starts (at its "("), or 0 when
    // the frame is not one, or too long for the fast path to vouch for its limits.
    static std::size_t payload_start(std::string_view frame, const parse_options& opts) noexcept {
        constexpr std::string_view name = " FETCH (";
        if (opts.greeting || frame.size() > opts.limits.max_line ||
            frame.size() > opts.limits.max_response || frame.size() < 14 ||
            frame.substr(0, 2) != "* " || frame.substr(frame.size() - 3) != ")\r\n")
            return 0;
        std::size_t i = 2;
        while (i < frame.size() && frame[i] >= '0' && frame[i] <= '9') ++i;
        const std::string_view seq = frame.substr(2, i - 2);
        if (seq.empty() || seq.size() > 10 || seq[0] == '0' || *to_uint(seq) > UINT32_MAX ||
            frame.substr(i, name.size()) != name)
            return 0;
        return i + name.size() - 1;
    }

    // msg-att, the bytes [begin, end) of the frame, as `index` recorded them.
    bool response(const value_index& index, std::size_t begin, std::size_t end) {
        if (index.empty() || !index.regular_strings()) return false;
        const index_entry* att = index.begin();
        return att->begin == begin && att->end == end && att->span == index.size() && msg_att(att);
    }

private:
    // The values of one list in order, each where the strict grammar puts it.
    class items {
    public:
        explicit items(const index_entry* list) noexcept
            : next_(list + 1),
              stop_(list + list->span),
              at_(list->begin + 1),
              last_end_(list->begin + 1),
              close_(list->end - 1) {}
        // The next value: after "(" if it is the first, else after one SP. Null if
        // there is none there.
        const index_entry* next() noexcept { return take(at_); }
        // The next value right after the last one (`(...)(...)` in a multipart body).
        const index_entry* adjacent() noexcept { return take(last_end_); }
        const index_entry* peek() const noexcept { return next_ != stop_ ? next_ : nullptr; }
        // Whether the list ends here, its ")" right after the last value.
        bool done() const noexcept { return next_ == stop_ && last_end_ == close_; }

    private:
        const index_entry* take(std::uint32_t where) noexcept {
            if (next_ == stop_ || next_->begin != where) return nullptr;
            const index_entry* v = next_;
            next_ += v->span;
            at_ = v->end + 1;  // the tokens between values are spaces: one byte, one SP
            last_end_ = v->end;
            return v;
        }

        const index_entry* next_;
        const index_entry* stop_;
        std::uint32_t at_, last_end_, close_;
    };

    static constexpr std::uint64_t max_number = UINT32_MAX;
    static constexpr std::uint64_t max_number64 = 0x7fffffffffffffffull;

    std::string_view bytes(const index_entry* v) const noexcept {
        return {base_ + v->begin, static_cast<std::size_t>(v->end - v->begin)};
    }
    static bool is(const index_entry* v, value_kind k) noexcept { return v && v->kind == k; }

    // number / number64 / nz-number
    bool number(const index_entry* v, std::uint64_t max, bool nonzero = false) const noexcept {
        if (!is(v, value_kind::number)) return false;
        const std::string_view d = bytes(v);
        const auto n = to_uint(d);
        return n && *n <= max && !(nonzero && d[0] == '0');
    }
    // literal = "{" number64 ["+"] "}" CRLF *CHAR8, literal8 = "~{" ... *OCTET (RFC
    // 3516); within limits::max_literal
    bool literal(const index_entry* v) const noexcept {
        const std::string_view b = bytes(v);
        const std::string_view data = b.substr(v->data_begin);
        const std::size_t open = v->kind == value_kind::literal8 ? 2 : 1;
        const auto n = to_uint(b.substr(open, b.find_first_of("+}") - open));
        return n && *n == data.size() && *n <= opts_.limits.max_literal &&
               !(strict_ && v->kind == value_kind::literal &&
                 std::memchr(data.data(), '\0', data.size()));
    }
    // string = quoted / literal (regular_strings() vouched for every quoted one)
    bool string(const index_entry* v) const noexcept {
        return v && (v->kind == value_kind::quoted || (v->kind == value_kind::literal && literal(v)));
    }
    bool nstring(const index_entry* v) const noexcept { return is(v, value_kind::nil) || string(v); }
    // Whether v is what the grammar's quoted_word rule Word takes: a quoted string whose
    // content is Word::word in any case.
    template <class Word>
    bool quoted_word(const index_entry* v) const noexcept {
        return v->kind == value_kind::quoted && iequals(bytes(v).substr(1, bytes(v).size() - 2), Word::word);
    }

    // msg-att = "(" msg-att-item *(SP msg-att-item) ")"
    bool msg_att(const index_entry* list) {
        items it(list);
        do {
            const index_entry* name = it.next();
            if (!is(name, value_kind::atom) || !msg_att_item(bytes(name), it.next())) return false;
        } while (!it.done());
        return true;
    }

    bool msg_att_item(std::string_view name, const index_entry* v) {
        if (name == "UID") return number(v, max_number, true);  // uniqueid
        if (name == "FLAGS") return flag_list(v);
        if (name == "INTERNALDATE") return is(v, value_kind::quoted) && matches<date_time>(bytes(v), opts_);
        if (name == "RFC822.SIZE") return number(v, max_number64);
        if (name == "ENVELOPE") return envelope(v);
        if (name == "BODYSTRUCTURE" || name == "BODY") return body(v);
        if (name == "MODSEQ") return parenthesized(v) && number(v + 1, max_number64);
        if (name == "RFC822" || name == "RFC822.HEADER" || name == "RFC822.TEXT" || name == "PREVIEW")
            return nstring(v);
        // The names with a section, as att_body_section, att_binary and att_binary_size
        // read them; a name is one token, its brackets taken whole.
        if (starts_with(name, "BODY["))
            return nstring(v) && matches<seq<kw::BODY, section, opt<origin_octet>>>(name, opts_);
        if (starts_with(name, "BINARY["))
            return (nstring(v) || is_literal8(v)) &&
                   matches<seq<kw::BINARY, section_binary, opt<origin_octet>>>(name, opts_);
        if (starts_with(name, "BINARY.SIZE["))
            return number(v, max_number64) && matches<seq<kw::BINARY_SIZE, section_binary>>(name, opts_);
        // "(" objectid ")", THREADID also NIL (RFC 8474)
        if (name == "THREADID" && is(v, value_kind::nil)) return true;
        if (name == "EMAILID" || name == "THREADID")
            return parenthesized(v) && (is(v + 1, value_kind::atom) || is(v + 1, value_kind::number)) &&
                   matches<objectid>(bytes(v + 1), opts_);
        return false;
    }

    static bool starts_with(std::string_view s, std::string_view prefix) noexcept {
        return s.substr(0, prefix.size()) == prefix;
    }
    bool is_literal8(const index_entry* v) const noexcept {
        return is(v, value_kind::literal8) && literal(v);
    }
    // "(" value ")" without spaces: the one value is at v + 1
    static bool parenthesized(const index_entry* v) noexcept {
        if (!is(v, value_kind::list) || v->span != 2) return false;
        items it(v);
        return it.next() && it.done();
    }

    // "(" [flag-fetch *(SP flag-fetch)] ")"
    bool flag_list(const index_entry* v) {
        if (!is(v, value_kind::list)) return false;
        items it(v);
        while (!it.done()) {
            const index_entry* f = it.next();
            if (!(is(f, value_kind::atom) || is(f, value_kind::number) || is(f, value_kind::nil)) ||
                !matches<flag_fetch>(bytes(f), opts_))
                return false;
        }
        return true;
    }

    // envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP
    //            env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
    bool envelope(const index_entry* v) {
        if (!is(v, value_kind::list)) return false;
        items it(v);
        return nstring(it.next()) && nstring(it.next()) && address_list(it.next()) &&
               address_list(it.next()) && address_list(it.next()) && address_list(it.next()) &&
               address_list(it.next()) && address_list(it.next()) && nstring(it.next()) &&
               nstring(it.next()) && it.done();
    }

    // "(" 1*address ")" / nil
    bool address_list(const index_entry* v) {
        if (is(v, value_kind::nil)) return true;
        if (!is(v, value_kind::list)) return false;
        items it(v);
        if (!address(it.next())) return false;
        while (!it.done())
            if (!address(it.adjacent())) return false;
        return true;
    }

    // address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
    bool address(const index_entry* v) {
        if (!is(v, value_kind::list)) return false;
        items it(v);
        return nstring(it.next()) && nstring(it.next()) && nstring(it.next()) &&
               nstring(it.next()) && it.done();
    }

    // body = "(" (body-type-1part / body-type-mpart) ")", nested within limits::max_depth
    bool body(const index_entry* v) {
        if (!is(v, value_kind::list) || depth_ >= max_depth_) return false;
        ++depth_;
        items it(v);
        const index_entry* first = it.peek();
        const bool ok = first && (first->kind == value_kind::list ? body_type_mpart(it) : body_type_1part(it));
        --depth_;
        return ok;
    }

    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    bool body_type_mpart(items& it) {
        if (!body(it.next())) return false;
        while (is(it.peek(), value_kind::list))
            if (!body(it.adjacent())) return false;
        if (!string(it.next())) return false;
        if (it.done()) return true;
        return body_fld_param(it.next()) && body_ext_tail(it);  // body-ext-mpart
    }

    // body-type-1part = (body-type-msg / body-type-text / body-type-basic) [SP body-ext-1part]
    bool body_type_1part(items& it) {
        const index_entry* type = it.next();
        const index_entry* subtype = it.next();
        if (!string(type) || !string(subtype) || !body_fields(it)) return false;
        if (quoted_word<media_type_message>(type) &&
            (quoted_word<media_subtype_rfc822>(subtype) || quoted_word<media_subtype_global>(subtype))) {
            // body-type-msg: ... SP envelope SP body SP body-fld-lines
            if (!envelope(it.next()) || !body(it.next()) || !number(it.next(), max_number64)) return false;
        } else if (quoted_word<media_type_text>(type)) {
            if (!number(it.next(), max_number64)) return false;  // body-type-text: SP body-fld-lines
        }
        if (it.done()) return true;
        return nstring(it.next()) && body_ext_tail(it);  // body-ext-1part: body-fld-md5 ...
    }

    // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
    //               body-fld-octets
    bool body_fields(items& it) {
        return body_fld_param(it.next()) && nstring(it.next()) && nstring(it.next()) &&
               string(it.next()) && number(it.next(), max_number64);
    }

    // body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
    bool body_fld_param(const index_entry* v) {
        if (is(v, value_kind::nil)) return true;
        if (!is(v, value_kind::list)) return false;
        items it(v);
        do {
            if (!string(it.next()) || !string(it.next())) return false;
        } while (!it.done());
        return true;
    }

    // [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
    bool body_ext_tail(items& it) {
        if (it.done()) return true;
        if (!body_fld_dsp(it.next())) return false;
        if (it.done()) return true;
        if (!body_fld_lang(it.next())) return false;
        if (it.done()) return true;
        if (!nstring(it.next())) return false;  // body-fld-loc
        while (!it.done())
            if (!body_extension(it.next())) return false;
        return true;
    }

    // body-fld-dsp = "(" string SP body-fld-param ")" / nil
    bool body_fld_dsp(const index_entry* v) {
        if (is(v, value_kind::nil)) return true;
        if (!is(v, value_kind::list)) return false;
        items it(v);
        return string(it.next()) && body_fld_param(it.next()) && it.done();
    }

    // body-fld-lang = nstring / "(" string *(SP string) ")"
    bool body_fld_lang(const index_entry* v) {
        if (!is(v, value_kind::list)) return nstring(v);
        items it(v);
        do {
            if (!string(it.next())) return false;
        } while (!it.done());
        return true;
    }

    // body-extension = nstring / number64 / "(" body-extension *(SP body-extension) ")"
    // (the grammar also takes "()"), nested within limits::max_depth
    bool body_extension(const index_entry* v) {
        if (!v) return false;
        if (v->kind == value_kind::number) return number(v, max_number64);
        if (v->kind != value_kind::list) return nstring(v);
        if (depth_ >= max_depth_) return false;
        ++depth_;
        items it(v);
        bool ok = true;
        while (ok && !it.done()) ok = body_extension(it.next());
        --depth_;
        return ok;
    }

    const char* base_;
    const parse_options& opts_;
    std::size_t depth_ = 0;
    std::size_t max_depth_;
    bool strict_;
};

}  // namespace detail
}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_FETCH_CHECK_HPP
// end <imaplib/grammar/fetch_check.hpp>
// #include <imaplib/grammar/index.hpp>: inlined above
// #include <imaplib/grammar/response.hpp>: inlined above
// #include <imaplib/grammar/views.hpp>: inlined above

#include <cstdint>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

enum class response_kind { continuation, tagged, untagged, greeting };

// resp-cond-state / resp-cond-bye / resp-cond-auth
enum class resp_cond { none, ok, no, bad, bye, preauth };

class response_view;

namespace detail {
inline bool fill_response(std::string_view frame, int mark, bool greeting, response_view& r) noexcept;
inline void attach_index(response_view& r, value_index& index, bool built = false);
}

class response_view {
public:
    response_kind kind() const noexcept { return kind_; }
    std::string_view frame() const noexcept { return frame_; }
    // The tag of a tagged response ("A001").
    std::string_view tag() const noexcept { return tag_; }
    // OK/NO/BAD/BYE/PREAUTH, or none for data and continuation responses.
    resp_cond condition() const noexcept { return cond_; }
    bool is_status() const noexcept { return cond_ != resp_cond::none; }
    // The resp-text of a status response or continuation request.
    resp_text_view text() const noexcept { return resp_text_view::from_bytes(text_); }
    // A continuation request's text as sent (base64 for AUTHENTICATE).
    std::string_view continuation() const noexcept { return text_; }

    data_kind data() const noexcept { return data_; }
    // The data response's name as sent ("FETCH", "LIST", an unknown atom).
    std::string_view name() const noexcept { return name_; }
    // The number before EXISTS / RECENT / EXPUNGE / FETCH.
    std::uint32_t number() const noexcept { return number_; }
    // The bytes after the name and its SP, up to the final CRLF.
    std::string_view payload() const noexcept { return payload_; }
    // Whether the views read a value_index (parse_response with an index) or the bytes.
    bool indexed() const noexcept { return index_ != nullptr; }

    value_range as_capability() const noexcept { return value_range(payload_); }
    value_range as_enabled() const noexcept { return value_range(payload_); }
    value_range as_flags() const noexcept { return first().items(); }

    fetch_view as_fetch() const noexcept { return fetch_view(number_, first()); }

    list_entry_view as_list() const noexcept {
        list_entry_view l;
        detail::cursor c = cur();
        l.attributes = c.next().items();
        l.delimiter = c.next();
        l.mailbox = c.next();
        l.extended = c.next();
        return l;
    }
    status_view as_status() const noexcept {
        detail::cursor c = cur();
        status_view s;
        s.mailbox = c.next();
        s.items = pair_range(c.next());
        return s;
    }
    search_view as_search() const noexcept {
        search_view s;
        const std::size_t p = payload_.find('(');
        s.numbers = value_range(payload_.substr(0, p));
        if (p != std::string_view::npos) {
            const value m = value_range(payload_.substr(p)).at(0);
            s.modseq = m.items().at(1).number();
        }
        return s;
    }
    search_view as_sort() const noexcept { return as_search(); }
    esearch_view as_esearch() const noexcept {
        esearch_view e;
        detail::cursor c = cur();
        detail::cursor probe = c;
        const value first = probe.next();
        if (first.is_list()) {
            e.tag = first.items().at(1);
            c = probe;
        }
        probe = c;
        if (probe.next().equals("UID")) {
            e.uid = true;
            c = probe;
        }
        c.skip_sp();
        e.items = pair_range(std::string_view(c.p, static_cast<std::size_t>(c.e - c.p)));
        return e;
    }
    vanished_view as_vanished() const noexcept {
        vanished_view v;
        detail::cursor c = cur();
        value x = c.next();
        if (x.is_list()) {
            v.earlier = true;
            x = c.next();
        }
        v.uids = x.raw();
        return v;
    }
    namespace_view as_namespace() const noexcept {
        detail::cursor c = cur();
        namespace_view n;
        n.personal = namespace_list_view(c.next());
        n.other_users = namespace_list_view(c.next());
        n.shared = namespace_list_view(c.next());
        return n;
    }
    // ID: (field value) pairs; empty for NIL.
    pair_range as_id() const noexcept { return pair_range(first()); }
    acl_view as_acl() const noexcept {
        detail::cursor c = cur();
        acl_view a;
        a.mailbox = c.next();
        a.entries = pair_range(rest(c));
        return a;
    }
    listrights_view as_listrights() const noexcept {
        detail::cursor c = cur();
        listrights_view l;
        l.mailbox = c.next();
        l.identifier = c.next();
        l.rights = value_range(rest(c));
        return l;
    }
    myrights_view as_myrights() const noexcept {
        detail::cursor c = cur();
        myrights_view m;
        m.mailbox = c.next();
        m.rights = c.next();
        return m;
    }
    quota_view as_quota() const noexcept {
        detail::cursor c = cur();
        quota_view q;
        q.root = c.next();
        q.resources = group_range<3>(c.next());
        return q;
    }
    quotaroot_view as_quotaroot() const noexcept {
        detail::cursor c = cur();
        quotaroot_view q;
        q.mailbox = c.next();
        q.roots = value_range(rest(c));
        return q;
    }
    // THREAD: the top-level thread lists; walk each with value::items().
    value_range as_thread() const noexcept { return value_range(payload_); }
    metadata_view as_metadata() const noexcept {
        detail::cursor c = cur();
        metadata_view m;
        m.mailbox = c.next();
        detail::cursor probe = c;
        const value v = probe.next();
        if (v.is_list()) {
            m.has_values = true;
            m.entries = pair_range(v);
        } else {
            m.names = value_range(rest(c));
        }
        return m;
    }

private:
    friend bool detail::fill_response(std::string_view, int, bool, response_view&) noexcept;
    friend void detail::attach_index(response_view&, value_index&, bool);

    detail::cursor cur() const noexcept {
        return detail::cursor{payload_.data(), payload_.data() + payload_.size(), index_,
                              index_end_, frame_.data()};
    }
    value first() const noexcept { return cur().next(); }
    static detail::cursor rest(detail::cursor& c) noexcept {
        c.skip_sp();
        return c;
    }

    response_kind kind_ = response_kind::untagged;
    resp_cond cond_ = resp_cond::none;
    data_kind data_ = data_kind::none;
    std::uint32_t number_ = 0;
    std::string_view frame_, tag_, text_, name_, payload_;
    const detail::index_entry* index_ = nullptr;  // the payload's values, when indexed
    const detail::index_entry* index_end_ = nullptr;
};

namespace detail {

inline resp_cond cond_of(std::string_view w) noexcept {
    if (view_iequals(w, "OK")) return resp_cond::ok;
    if (view_iequals(w, "NO")) return resp_cond::no;
    if (view_iequals(w, "BAD")) return resp_cond::bad;
    if (view_iequals(w, "BYE")) return resp_cond::bye;
    if (view_iequals(w, "PREAUTH")) return resp_cond::preauth;
    return resp_cond::none;
}

// Splits a validated frame into the view's parts.
inline bool fill_response(std::string_view frame, int mark, bool greeting, response_view& r) noexcept {
    r = response_view();
    r.frame_ = frame;
    std::string_view line = frame.substr(0, frame.size() - 2);  // without the final CRLF
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    auto word = [&line]() {
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        std::size_t n = 0;
        while (n < line.size() && line[n] != ' ') ++n;
        const std::string_view w = line.substr(0, n);
        line.remove_prefix(n);
        return w;
    };
    auto skip_sp = [&line]() {
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    };
    if (line[0] == '+') {
        r.kind_ = response_kind::continuation;
        line.remove_prefix(1);
        if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        r.text_ = line;
        return true;
    }
    if (line[0] != '*') {
        r.kind_ = response_kind::tagged;
        r.tag_ = word();
        r.cond_ = cond_of(word());
        skip_sp();
        r.text_ = line;
        return true;
    }
    line.remove_prefix(1);
    r.kind_ = greeting ? response_kind::greeting : response_kind::untagged;
    if (mark < 0) {
        r.cond_ = cond_of(word());
        skip_sp();
        r.text_ = line;
        return true;
    }
    r.data_ = static_cast<data_kind>(mark);
    std::string_view w = word();
    if (!w.empty() && w[0] >= '0' && w[0] <= '9') {
        r.number_ = static_cast<std::uint32_t>(to_uint(w).value_or(0));
        w = word();
    }
    r.name_ = w;
    skip_sp();
    r.payload_ = line;
    return true;
}

// Indexes the payload of a data response, whose views then read the index; `built`: the
// index holds that payload's values already.
inline void attach_index(response_view& r, value_index& index, bool built) {
    if (!built && (r.data_ == data_kind::none || !index.build(r.frame_, r.payload_))) {
        index.clear();
        return;
    }
    r.index_ = index.begin();
    r.index_end_ = index.end();
}

// A FETCH response in the shapes fetch_check knows, parsed through its index without the
// grammar. False when the grammar must decide; `indexed` then says whether `index` holds
// the values of the frame's payload, as it would if the grammar took it for a FETCH.
inline bool parse_fetch_indexed(std::string_view frame, response_view& out, value_index& index,
                                const parse_options& opts, bool& indexed) {
    indexed = false;
    const std::size_t payload = fetch_check::payload_start(frame, opts);
    if (payload == 0) return false;
    fill_response(frame, static_cast<int>(data_kind::fetch), false, out);
    indexed = index.build(frame, out.payload());
    if (!indexed || !fetch_check(frame, opts).response(index, payload, frame.size() - 2)) return false;
    attach_index(out, index, true);
    return true;
}

}  // namespace detail

// Validates one frame and fills `out` with views into it. On failure sets ec
// (errc::parse_error, errc::nesting_too_deep, errc::literal_too_large,
// errc::response_too_large, errc::line_too_long) and, when given, *err.
inline bool parse_response(std::string_view frame, response_view& out, std::error_code& ec,
                           const parse_options& opts = {}, parse_error* err = nullptr) {
    out = response_view();
    if (frame.size() > opts.limits.max_response) {
        ec = make_error_code(errc::response_too_large);
        if (err) *err = parse_error{opts.limits.max_response, "response size limit", {}, errc::response_too_large};
        return false;
    }
    const auto run = [&opts](detail::state& s) {
        return opts.greeting ? detail::run<greeting>(s) : detail::run<response>(s);
    };
    detail::state s(frame, opts);
    s.track = false;
    if (!run(s)) {
        s = detail::state(frame, opts);  // again, recording where and why it fails
        (void)run(s);
        const parse_error e = detail::make_error(s, frame);
        ec = make_error_code(e.code);
        if (err) *err = e;
        return false;
    }
    ec.clear();
    return detail::fill_response(frame, s.mark, opts.greeting, out);
}

// The same, and records the values of the response in `index`, so that its views find
// each value in constant time (grammar/index.hpp). The views stay valid while the frame
// lives and `index` is not used for another response.
inline bool parse_response(std::string_view frame, response_view& out, value_index& index,
                           std::error_code& ec, const parse_options& opts = {},
                           parse_error* err = nullptr) {
    bool indexed = false;
    if (detail::parse_fetch_indexed(frame, out, index, opts, indexed)) {
        ec.clear();
        return true;
    }
    if (!parse_response(frame, out, ec, opts, err)) {
        index.clear();
        return false;
    }
    // A FETCH the fast path left to the grammar has the same payload: keep its index.
    detail::attach_index(out, index, indexed && out.data() == data_kind::fetch);
    return true;
}

// The server greeting (RFC 9051 section 7.1): OK, PREAUTH or BYE.
inline bool parse_greeting(std::string_view frame, response_view& out, std::error_code& ec,
                           parse_options opts = {}, parse_error* err = nullptr) {
    opts.greeting = true;
    return parse_response(frame, out, ec, opts, err);
}

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_PARSE_HPP
// end <imaplib/grammar/parse.hpp>
// begin <imaplib/grammar/grammar.hpp>
// imaplib-cpp: the response grammar and its typed views (everything of grammar/).
#ifndef IMAPLIB_GRAMMAR_GRAMMAR_HPP
#define IMAPLIB_GRAMMAR_GRAMMAR_HPP

// #include <imaplib/grammar/core.hpp>: inlined above
// #include <imaplib/grammar/index.hpp>: inlined above
// #include <imaplib/grammar/lexical.hpp>: inlined above
// #include <imaplib/grammar/parse.hpp>: inlined above
// #include <imaplib/grammar/response.hpp>: inlined above
// #include <imaplib/grammar/views.hpp>: inlined above

#endif  // IMAPLIB_GRAMMAR_GRAMMAR_HPP
// end <imaplib/grammar/grammar.hpp>
#endif

// The transport concept, the in-memory transport, record and replay, TLS host-name matching.
// begin <imaplib/transport/concept.hpp>
// imaplib-cpp: what a transport must provide (docs/transports.md).
//
// Stated as detection traits, one per operation (Boost.Beast's is_sync_read_stream
// style), so that check_transport<T>() can name the missing operation in its
// static_assert; and, where the compiler has concepts, also as a C++20 concept.
#ifndef IMAPLIB_TRANSPORT_CONCEPT_HPP
#define IMAPLIB_TRANSPORT_CONCEPT_HPP

// #include <imaplib/config.hpp>: inlined above

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

// Defined in transport/tls.hpp. Declared here so that start_tls can be detected in a
// build without TLS (a reference to an incomplete type is enough for detection).
class tls_context;

// --- one trait per requirement ---------------------------------------------------

// static constexpr std::uint16_t default_port;
template <class T, class = void>
struct has_default_port : std::false_type {};
template <class T>
struct has_default_port<T, std::void_t<decltype(T::default_port)>>
    : std::is_same<std::remove_cv_t<decltype(T::default_port)>, std::uint16_t> {};

// void open(std::string_view host, std::uint16_t port, std::error_code& ec);
template <class T, class = void>
struct has_open : std::false_type {};
template <class T>
struct has_open<T, std::void_t<decltype(std::declval<T&>().open(
                       std::declval<std::string_view>(), std::declval<std::uint16_t>(),
                       std::declval<std::error_code&>()))>> : std::true_type {};

// std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec);
template <class T, class = void>
struct has_read_some : std::false_type {};
template <class T>
struct has_read_some<T, std::void_t<decltype(std::declval<T&>().read_some(
                            std::declval<char*>(), std::declval<std::size_t>(),
                            std::declval<std::error_code&>()))>>
    : std::is_same<decltype(std::declval<T&>().read_some(std::declval<char*>(),
                                                         std::declval<std::size_t>(),
                                                         std::declval<std::error_code&>())),
                   std::size_t> {};

// void write_all(const char* data, std::size_t size, std::error_code& ec);
template <class T, class = void>
struct has_write_all : std::false_type {};
template <class T>
struct has_write_all<T, std::void_t<decltype(std::declval<T&>().write_all(
                            std::declval<const char*>(), std::declval<std::size_t>(),
                            std::declval<std::error_code&>()))>> : std::true_type {};

// void shutdown() noexcept;
template <class T, class = void>
struct has_shutdown : std::false_type {};
template <class T>
struct has_shutdown<T, std::void_t<decltype(std::declval<T&>().shutdown())>>
    : std::bool_constant<noexcept(std::declval<T&>().shutdown())> {};

// void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept;
template <class T, class = void>
struct has_set_timeout : std::false_type {};
template <class T>
struct has_set_timeout<T, std::void_t<decltype(std::declval<T&>().set_timeout(
                              std::declval<std::optional<std::chrono::milliseconds>>()))>>
    : std::bool_constant<noexcept(std::declval<T&>().set_timeout(
          std::declval<std::optional<std::chrono::milliseconds>>()))> {};

// --- optional capabilities -------------------------------------------------------

// native_handle(): imaplib's socket(). Any return type (an fd, a SOCKET).
template <class T, class = void>
struct has_native_handle : std::false_type {};
template <class T>
struct has_native_handle<T, std::void_t<decltype(std::declval<T&>().native_handle())>>
    : std::true_type {};

// void start_tls(const tls_context&, std::string_view host, std::error_code& ec);
// (RFC 9051 section 6.2.1 / RFC 3501 section 6.2.1: STARTTLS upgrades in place.)
template <class T, class = void>
struct has_start_tls : std::false_type {};
template <class T>
struct has_start_tls<T, std::void_t<decltype(std::declval<T&>().start_tls(
                            std::declval<const tls_context&>(),
                            std::declval<std::string_view>(),
                            std::declval<std::error_code&>()))>> : std::true_type {};

// const std::string& error_detail() const: the human-readable reason for the last
// failure (for example why a certificate did not verify), "" when there is none.
template <class T, class = void>
struct has_error_detail : std::false_type {};
template <class T>
struct has_error_detail<T, std::void_t<decltype(std::declval<const T&>().error_detail())>>
    : std::is_convertible<decltype(std::declval<const T&>().error_detail()), std::string_view> {};

// std::size_t available(std::error_code& ec): how many bytes read_some can return now
// without blocking (0: none, or not known). Lets the engine see what the server already
// sent before it writes a command that waits for a continuation request.
template <class T, class = void>
struct has_available : std::false_type {};
template <class T>
struct has_available<T, std::void_t<decltype(std::declval<T&>().available(std::declval<std::error_code&>()))>>
    : std::is_convertible<decltype(std::declval<T&>().available(std::declval<std::error_code&>())),
                          std::size_t> {};

// Optional: wait_readable(ms, ec) -> bool waits up to ms for bytes to read without
// harming the connection when none come (false, ec clear). An idler's duration needs it.
template <class T, class = void>
struct has_wait_readable : std::false_type {};
template <class T>
struct has_wait_readable<T, std::void_t<decltype(std::declval<T&>().wait_readable(
                                std::declval<std::chrono::milliseconds>(), std::declval<std::error_code&>()))>>
    : std::true_type {};

// Optional, TLS transports: channel_binding(ec) -> sasl::channel_binding, the binding of
// this connection for SCRAM-*-PLUS (RFC 9266 on TLS 1.3, RFC 5929 below); ec set when the
// connection is not TLS or has none. ssl() -> WOLFSSL*, null before TLS.
template <class T, class = void>
struct has_channel_binding : std::false_type {};
template <class T>
struct has_channel_binding<T, std::void_t<decltype(std::declval<T&>().channel_binding(
                                  std::declval<std::error_code&>()))>> : std::true_type {};
template <class T, class = void>
struct has_ssl : std::false_type {};
template <class T>
struct has_ssl<T, std::void_t<decltype(std::declval<const T&>().ssl() == nullptr)>> : std::true_type {};

template <class T> inline constexpr bool has_default_port_v = has_default_port<T>::value;
template <class T> inline constexpr bool has_open_v = has_open<T>::value;
template <class T> inline constexpr bool has_read_some_v = has_read_some<T>::value;
template <class T> inline constexpr bool has_write_all_v = has_write_all<T>::value;
template <class T> inline constexpr bool has_shutdown_v = has_shutdown<T>::value;
template <class T> inline constexpr bool has_set_timeout_v = has_set_timeout<T>::value;
template <class T> inline constexpr bool has_native_handle_v = has_native_handle<T>::value;
template <class T> inline constexpr bool has_start_tls_v = has_start_tls<T>::value;
template <class T> inline constexpr bool has_error_detail_v = has_error_detail<T>::value;
template <class T> inline constexpr bool has_available_v = has_available<T>::value;
template <class T> inline constexpr bool has_wait_readable_v = has_wait_readable<T>::value;
template <class T> inline constexpr bool has_channel_binding_v = has_channel_binding<T>::value;
template <class T> inline constexpr bool has_ssl_v = has_ssl<T>::value;

// --- the whole requirement -------------------------------------------------------

template <class T>
struct is_transport
    : std::bool_constant<std::is_object_v<T> && std::is_move_constructible_v<T> &&
                         has_default_port_v<T> && has_open_v<T> && has_read_some_v<T> &&
                         has_write_all_v<T> && has_shutdown_v<T> && has_set_timeout_v<T>> {};

template <class T> inline constexpr bool is_transport_v = is_transport<T>::value;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
// The same requirement as a C++20 concept; a failed constraint names the conjunct.
template <class T>
concept transport = std::is_object_v<T> && std::is_move_constructible_v<T> &&
                    has_default_port_v<T> && has_open_v<T> && has_read_some_v<T> &&
                    has_write_all_v<T> && has_shutdown_v<T> && has_set_timeout_v<T>;
// Asio's ASIO_CONCEPT trick: `template <IMAPLIB_TRANSPORT T>` constrains with the
// concept in C++20 and is a plain `typename` in C++17.
#define IMAPLIB_TRANSPORT ::imaplib::transport
#else
#define IMAPLIB_TRANSPORT typename
#endif

namespace detail {

// Called at the top of basic_imap4<T>: one static_assert per requirement, so the
// compiler names the operation that is missing instead of a failure deep inside.
template <class T>
constexpr bool check_transport() noexcept {
    static_assert(std::is_object_v<T> && std::is_move_constructible_v<T>,
                  "imaplib: a transport must be a move-constructible class");
    static_assert(has_default_port_v<T>,
                  "imaplib: transport must provide static constexpr std::uint16_t default_port");
    static_assert(has_open_v<T>,
                  "imaplib: transport must provide open(std::string_view host, std::uint16_t "
                  "port, std::error_code&)");
    static_assert(has_read_some_v<T>,
                  "imaplib: transport must provide read_some(char*, std::size_t, "
                  "std::error_code&) returning std::size_t");
    static_assert(has_write_all_v<T>,
                  "imaplib: transport must provide write_all(const char*, std::size_t, "
                  "std::error_code&)");
    static_assert(has_shutdown_v<T>, "imaplib: transport must provide shutdown() noexcept");
    static_assert(has_set_timeout_v<T>,
                  "imaplib: transport must provide "
                  "set_timeout(std::optional<std::chrono::milliseconds>) noexcept");
    return is_transport_v<T>;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

// The same check as a statement, for any scope: IMAPLIB_CHECK_TRANSPORT(my_transport);
#define IMAPLIB_CHECK_TRANSPORT(T) \
    static_assert(::imaplib::detail::check_transport<T>(), "imaplib: not a transport")

#endif  // IMAPLIB_TRANSPORT_CONCEPT_HPP
// end <imaplib/transport/concept.hpp>
// begin <imaplib/transport/memory.hpp>
// imaplib-cpp: a scripted in-memory transport.
//
// For tests and for builds that bring their own I/O: the "server" is a memory_script
// shared between the transport and whoever wrote the script (Boost.Beast's
// test::stream, with its fail count). Everything a real server never does (a failed
// read, a timeout, bytes split one per read) can be scripted here.
// Not thread-safe: the script and the transport are used from one thread.
#ifndef IMAPLIB_TRANSPORT_MEMORY_HPP
#define IMAPLIB_TRANSPORT_MEMORY_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/transport/concept.hpp>: inlined above

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

// The server side of a memory_transport. Fields are public: a test sets what it needs
// and reads back what happened.
struct memory_script {
    // What a read does when nothing is queued.
    enum class when_empty {
        eof,      // errc::connection_closed: the server hung up
        timeout,  // errc::timeout, as if the timeout expired (no sleeping); then dead
    };

    // ---- server -> client ----
    std::string input;      // bytes not yet read by the client
    std::size_t chunk = 0;  // each read delivers at most this many bytes; 0: no limit
    when_empty on_empty = when_empty::eof;

    // Queues bytes for the client to read.
    void push(std::string_view bytes) { input.append(bytes.data(), bytes.size()); }
    std::size_t pending() const noexcept { return input.size(); }

    // ---- client -> server ----
    std::string output;  // everything the client wrote, in order

    // Called for each complete CRLF-terminated line the client writes (the line is
    // passed with its CRLF); the returned bytes are queued for reading. A line ending
    // in a literal announcement {N} or {N+} (RFC 9051 section 4.3) is passed like any
    // line, then the next N bytes go to on_literal, not to on_line.
    std::function<std::string(std::string_view line)> on_line;
    std::function<std::string(std::string_view literal)> on_literal;
    // Called for each write_all call with its bytes, before on_line.
    std::function<std::string(std::string_view data)> on_write;

    // ---- failures (Beast's fail count) ----
    // Fail the Nth read / write (1-based; 0: never) with the given code. A failed
    // read or write kills the transport, as on a real connection.
    std::size_t fail_read_at = 0;
    std::error_code read_error = make_error_code(errc::transport_error);
    std::size_t fail_write_at = 0;
    std::error_code write_error = make_error_code(errc::transport_error);
    std::error_code open_error;  // open() fails with this when set

    // ---- STARTTLS ----
    std::error_code start_tls_error;    // start_tls() fails with this when set
    std::size_t start_tls_calls = 0;
    std::string start_tls_host;         // host passed to the last start_tls()
    std::size_t pending_at_start_tls = 0;  // input.size() when start_tls() was called
    std::size_t output_at_start_tls = 0;   // output.size() when start_tls() was called
    bool tls_active = false;
    // Called by start_tls() after recording, before it returns; may queue the server's
    // first bytes over "TLS" or check that nothing was pending.
    std::function<void(memory_script&)> on_start_tls;

    // ---- what the client did ----
    std::size_t reads = 0;   // read_some calls
    std::size_t writes = 0;  // write_all calls
    std::size_t opens = 0;
    std::string host;
    std::uint16_t port = 0;
    std::optional<std::chrono::milliseconds> timeout;
    bool open = false;    // opened and not shut down
    bool closed = false;  // shutdown() was called, or the transport died

    // Line assembly for on_line / on_literal.
    std::string partial_line;
    std::size_t literal_left = 0;
    std::string literal;
};

namespace detail {

// The N of a line ending in "{N}\r\n" or "{N+}\r\n"; nullopt when there is none.
inline std::optional<std::size_t> literal_announcement(std::string_view line) noexcept {
    if (line.size() < 5 || line.substr(line.size() - 3) != "}\r\n") return std::nullopt;
    std::size_t end = line.size() - 3;
    if (line[end - 1] == '+' || line[end - 1] == '-') --end;  // LITERAL+ / LITERAL-
    std::size_t begin = end;
    while (begin > 0 && line[begin - 1] >= '0' && line[begin - 1] <= '9') --begin;
    if (begin == end || begin == 0 || line[begin - 1] != '{') return std::nullopt;
    std::size_t n = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const std::size_t digit = static_cast<std::size_t>(line[i] - '0');
        if (n > (static_cast<std::size_t>(-1) - digit) / 10) return std::nullopt;
        n = n * 10 + digit;
    }
    return n;
}

// Feeds client bytes through the line / literal hooks of the script.
inline void memory_feed(memory_script& s, std::string_view data) {
    while (!data.empty()) {
        if (s.literal_left > 0) {
            const std::size_t n = std::min(s.literal_left, data.size());
            s.literal.append(data.data(), n);
            data.remove_prefix(n);
            s.literal_left -= n;
            if (s.literal_left == 0) {
                if (s.on_literal) s.push(s.on_literal(s.literal));
                s.literal.clear();
            }
            continue;
        }
        const std::size_t lf = data.find('\n');
        if (lf == std::string_view::npos) {
            s.partial_line.append(data.data(), data.size());
            return;
        }
        s.partial_line.append(data.data(), lf + 1);
        data.remove_prefix(lf + 1);
        std::string line;
        line.swap(s.partial_line);
        // Only CRLF ends an IMAP line (RFC 9051 section 2.2); a bare LF stays in it.
        if (line.size() < 2 || line[line.size() - 2] != '\r') {
            s.partial_line.swap(line);
            continue;
        }
        if (s.on_line) s.push(s.on_line(line));
        if (const auto n = literal_announcement(line); n && *n > 0) s.literal_left = *n;
    }
}

}  // namespace detail

class memory_transport {
public:
    static constexpr std::uint16_t default_port = 143;

    // A transport with a fresh script (see script()).
    memory_transport() : script_(std::make_shared<memory_script>()) {}
    // A transport playing the given script; the caller keeps its handle to it.
    explicit memory_transport(std::shared_ptr<memory_script> script) noexcept
        : script_(std::move(script)) {}

    // The shared script; stays valid after the transport is moved into a client.
    const std::shared_ptr<memory_script>& script() const noexcept { return script_; }

    void open(std::string_view host, std::uint16_t port, std::error_code& ec) {
        memory_script& s = *script_;
        ++s.opens;
        s.host.assign(host.data(), host.size());
        s.port = port;
        if (s.open_error) {
            ec = s.open_error;
            return;
        }
        s.open = true;
        s.closed = false;
        ec.clear();
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        memory_script& s = *script_;
        ++s.reads;
        if (s.closed) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        if (s.fail_read_at != 0 && s.reads == s.fail_read_at) {
            ec = s.read_error;
            die();
            return 0;
        }
        if (s.input.empty()) {
            if (s.on_empty == memory_script::when_empty::timeout) {
                ec = make_error_code(errc::timeout);
                die();  // after a timeout the transport is dead (docs/transports.md)
            } else {
                ec = make_error_code(errc::connection_closed);
            }
            return 0;
        }
        if (size == 0) {
            ec.clear();
            return 0;
        }
        std::size_t n = std::min(size, s.input.size());
        if (s.chunk != 0) n = std::min(n, s.chunk);
        std::memcpy(buffer, s.input.data(), n);
        s.input.erase(0, n);
        ec.clear();
        return n;
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        memory_script& s = *script_;
        ++s.writes;
        if (s.closed) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        if (s.fail_write_at != 0 && s.writes == s.fail_write_at) {
            ec = s.write_error;
            die();
            return;
        }
        const std::string_view bytes(data, size);
        s.output.append(bytes.data(), bytes.size());
        if (s.on_write) s.push(s.on_write(bytes));
        detail::memory_feed(s, bytes);
        ec.clear();
    }

    // Bytes a read returns without waiting: what the script has queued.
    std::size_t available(std::error_code& ec) {
        ec.clear();
        return script_->closed ? 0 : script_->input.size();
    }

    // A read never waits here: it returns what the script holds, or fails as scripted.
    bool wait_readable(std::chrono::milliseconds, std::error_code& ec) {
        ec.clear();
        return true;
    }

    void shutdown() noexcept {
        if (script_) die();
    }

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept {
        if (script_) script_->timeout = t;
    }

    // Records the upgrade; the bytes stay plaintext (there is no real TLS here). A
    // template so that any context object will do: a build without wolfSSL has no
    // complete tls_context, and STARTTLS logic is still worth testing there.
    template <class Context>
    void start_tls(const Context&, std::string_view host, std::error_code& ec) {
        memory_script& s = *script_;
        ++s.start_tls_calls;
        s.start_tls_host.assign(host.data(), host.size());
        s.pending_at_start_tls = s.input.size();
        s.output_at_start_tls = s.output.size();
        if (s.closed) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        if (s.start_tls_error) {
            ec = s.start_tls_error;
            die();
            return;
        }
        s.tls_active = true;
        if (s.on_start_tls) s.on_start_tls(s);
        ec.clear();
    }

private:
    void die() noexcept {
        script_->open = false;
        script_->closed = true;
    }

    std::shared_ptr<memory_script> script_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_MEMORY_HPP
// end <imaplib/transport/memory.hpp>
// begin <imaplib/transport/record.hpp>
// imaplib-cpp: record a session to a transcript, replay it without a server.
//
// basic_recording_transport<Inner> wraps any transport and writes every byte it carries
// to a transcript (docs/transports.md, "Transcripts"), with passwords and AUTHENTICATE
// exchanges redacted. replay_transport plays the server's side of such a file and checks
// what the client sends, so a user's own mail code can be tested offline
// (docs/guide.md, "Testing your code offline: record and replay").
// Redaction is best-effort, by protocol position: review a transcript before sharing it.
#ifndef IMAPLIB_TRANSPORT_RECORD_HPP
#define IMAPLIB_TRANSPORT_RECORD_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/transport/concept.hpp>: inlined above
// #include <imaplib/transport/memory.hpp>: inlined above

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// The first line of every transcript; the number is the format's version.
inline constexpr std::string_view transcript_header = "# imaplib-transcript 1";
// Stands for bytes the recorder withheld; the replayer accepts anything in its place.
inline constexpr std::string_view transcript_redacted = "\\{REDACTED}";
// A record holds at most this many bytes, so a big literal becomes many short lines.
inline constexpr std::size_t transcript_record_max = 512;

// Length of the valid UTF-8 sequence starting at s[i], 0 if there is none (RFC 3629
// section 4). Valid UTF-8 stays as it is in a transcript, everything else is escaped.
inline std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

// Appends bytes as transcript text: \\ \r \n \t \xNN; printable ASCII and valid UTF-8 kept.
inline void transcript_escape(std::string& out, std::string_view bytes) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c == '\\') out += "\\\\";
        else if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c >= 0x20 && c < 0x7F) out += static_cast<char>(c);
        else if (const std::size_t n = c >= 0x80 ? utf8_length(bytes, i) : 0; n != 0) {
            out.append(bytes.data() + i, n);
            i += n - 1;
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
}

// Escaped and cut short, for error messages.
inline std::string transcript_quote(std::string_view bytes, std::size_t max = 200) {
    std::string out = "\"";
    transcript_escape(out, bytes.substr(0, max));
    out += bytes.size() > max ? "\"..." : "\"";
    return out;
}

// One record: `C: ` client bytes, `S: ` server bytes, `T: STARTTLS` the switch to TLS.
struct transcript_record {
    char kind = 0;                       // 'C', 'S' or 'T'
    std::string bytes;                   // unescaped
    std::vector<std::size_t> redacted;   // offsets in `bytes` where a placeholder stood
    std::size_t line = 0;                // 1-based line in the transcript
};

inline int transcript_hex(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes the text after "C: " / "S: "; false with `why` on a bad escape.
inline bool transcript_unescape(std::string_view text, transcript_record& r, std::string& why) {
    r.bytes.clear();
    r.redacted.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            r.bytes += text[i];
            continue;
        }
        if (text.substr(i).rfind(transcript_redacted, 0) == 0) {
            r.redacted.push_back(r.bytes.size());
            i += transcript_redacted.size() - 1;
            continue;
        }
        const char e = i + 1 < text.size() ? text[i + 1] : '\0';
        if (e == '\\') r.bytes += '\\';
        else if (e == 'r') r.bytes += '\r';
        else if (e == 'n') r.bytes += '\n';
        else if (e == 't') r.bytes += '\t';
        else if (e == 'x' && i + 3 < text.size() && transcript_hex(text[i + 2]) >= 0 && transcript_hex(text[i + 3]) >= 0) {
            r.bytes += static_cast<char>(transcript_hex(text[i + 2]) * 16 + transcript_hex(text[i + 3]));
            i += 2;
        } else {
            why = "bad escape at column " + std::to_string(i + 4);
            return false;
        }
        ++i;
    }
    return true;
}

// Reads a transcript one record at a time: memory stays at one line, whatever the size.
class transcript_reader {
public:
    transcript_reader() = default;
    explicit transcript_reader(std::unique_ptr<std::istream> in) : in_(std::move(in)) {}

    // The header line; false with `why` when it is missing or of another version.
    bool start(std::string& why) {
        std::string text;
        if (!in_ || !std::getline(*in_, text)) {
            why = "the transcript is empty or unreadable";
            return false;
        }
        line_ = 1;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text != transcript_header) {
            why = "line 1 is not \"" + std::string(transcript_header) + "\"";
            return false;
        }
        return true;
    }

    // The next record; false at the end (`why` empty) or on a malformed line (`why` set).
    bool next(transcript_record& r, std::string& why) {
        std::string text;
        while (in_ && std::getline(*in_, text)) {
            ++line_;
            if (!text.empty() && text.back() == '\r') text.pop_back();  // edited on Windows
            if (text.empty() || text[0] == '#') continue;
            r.line = line_;
            if (text.size() >= 3 && (text[0] == 'C' || text[0] == 'S') && text[1] == ':' && text[2] == ' ') {
                r.kind = text[0];
                if (transcript_unescape(std::string_view(text).substr(3), r, why)) return true;
            } else if (text == "T: STARTTLS") {
                r.kind = 'T';
                r.bytes.clear();
                r.redacted.clear();
                return true;
            } else {
                why = "not a record (C: , S: , T: STARTTLS or # comment)";
            }
            why = "transcript line " + std::to_string(line_) + ": " + why;
            return false;
        }
        return false;
    }

private:
    std::unique_ptr<std::istream> in_;
    std::size_t line_ = 0;
};

// Where lines and literals start in one direction of the byte stream (RFC 9051 section 4.3).
struct line_tracker {
    bool line_start = true;
    std::size_t literal_left = 0;
    std::string tail;  // the end of the current line, enough to see "{N}\r\n"

    bool in_literal() const noexcept { return literal_left > 0; }
    void feed(char c) {
        if (literal_left > 0) {
            --literal_left;
            return;
        }
        line_start = false;
        tail += c;
        if (tail.size() > 64) tail.erase(0, tail.size() - 32);
        if (c != '\n') return;
        if (const auto n = literal_announcement(tail)) literal_left = *n;
        else line_start = true;
        tail.clear();
    }
};

inline bool is_tag_char(char c) noexcept {
    // RFC 9051 section 9: tag = 1*<any ASTRING-CHAR except "+">.
    return c > 0x20 && c < 0x7F && std::string_view("(){%*\"\\+").find(c) == std::string_view::npos;
}

inline std::string ascii_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace detail

// Writes a transcript. Shared between a recording transport and whoever made it, so the
// caller can add secrets to withhold or comments while the session runs.
class transcript_recorder {
public:
    explicit transcript_recorder(std::unique_ptr<std::ostream> out) : out_(std::move(out)) {
        *out_ << detail::transcript_header << "\n# C: client, S: server, T: STARTTLS; see docs/transports.md\n";
    }
    ~transcript_recorder() { flush_quietly(); }
    transcript_recorder(const transcript_recorder&) = delete;
    transcript_recorder& operator=(const transcript_recorder&) = delete;

    // A recorder writing to a new file (truncated if it exists).
    static std::shared_ptr<transcript_recorder> to_file(const std::string& path, std::error_code& ec) {
        errno = 0;
        auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
        if (!*file) {
            // The OS's reason when the library left it in errno (it does on POSIX).
            ec = errno != 0 ? std::error_code(errno, std::generic_category()) : std::make_error_code(std::errc::io_error);
            return nullptr;
        }
        ec.clear();
        return std::make_shared<transcript_recorder>(std::move(file));
    }

    // Bytes never to appear in the transcript (a token your code sends, say): each
    // occurrence in a line or a literal piece is written as \{REDACTED}.
    void redact(std::string secret) {
        if (!secret.empty()) secrets_.push_back(std::move(secret));
    }
    // A "# " line, for the reader of the transcript.
    void comment(std::string_view text) {
        flush_pending();
        std::string line = "# ";
        detail::transcript_escape(line, text);
        *out_ << line << '\n';
    }
    // False once writing the transcript failed.
    bool good() const { return static_cast<bool>(*out_); }

    // ---- called by basic_recording_transport ----
    void opened(std::string_view host, std::uint16_t port) {
        comment("open " + std::string(host) + " " + std::to_string(port));
    }
    void client(std::string_view bytes) {
        flush_server();
        client_pending_.append(bytes.data(), bytes.size());
        drain_client(false);
    }
    void server(std::string_view bytes) {
        flush_client();
        server_pending_.append(bytes.data(), bytes.size());
        drain_server(false);
    }
    void starttls() {
        flush_pending();
        *out_ << "T: STARTTLS\n";
    }
    void flush() {
        flush_pending();
        out_->flush();
    }
    // flush() where nothing may escape (destructors, shutdown): a failure to allocate while
    // escaping the last bytes loses them from the transcript, never the program.
    void flush_quietly() noexcept {
#ifndef IMAPLIB_NO_EXCEPTIONS
        try {
            flush();
        } catch (...) {
        }
#else
        flush();
#endif
    }

private:
    void flush_pending() {
        flush_client();
        flush_server();
    }
    void flush_client() {
        drain_client(true);
        end_record('C');
    }
    void flush_server() {
        drain_server(true);
        end_record('S');
    }

    // Appends escaped bytes, each secret as the placeholder.
    void append(std::string& out, std::string_view raw) const {
        while (!raw.empty()) {
            std::size_t at = std::string_view::npos, length = 0;
            for (const std::string& s : secrets_) {
                const std::size_t p = raw.find(s);
                if (p < at) at = p, length = s.size();
            }
            detail::transcript_escape(out, raw.substr(0, at));
            if (at == std::string_view::npos) return;
            out += detail::transcript_redacted;
            raw.remove_prefix(at + length);
        }
    }

    void write_record(char kind, std::string& text) {
        if (text.empty()) return;
        if (text.back() == ' ') {  // editors strip trailing blanks
            text.pop_back();
            text += "\\x20";
        }
        *out_ << kind << ": " << text << '\n';
        text.clear();
    }
    void end_record(char kind) { write_record(kind, kind == 'C' ? client_text_ : server_text_); }

    // ---- client bytes: redaction by position in the command (RFC 9051 sections 6.2.2, 6.2.3) ----

    void drain_client(bool all) {
        std::string_view rest = client_pending_;
        while (!rest.empty()) {
            if (client_.in_literal()) {
                std::size_t n = std::min({rest.size(), client_.literal_left, detail::transcript_record_max});
                n = std::min(n, rest.substr(0, n).find('\n') + 1);  // npos + 1 == 0: no LF
                if (n == 0) n = std::min({rest.size(), client_.literal_left, detail::transcript_record_max});
                if (redact_literal_) {
                    if (!literal_redacted_) client_text_ += detail::transcript_redacted;
                    literal_redacted_ = true;
                } else {
                    append(client_text_, rest.substr(0, n));
                    if (rest[n - 1] == '\n' || client_text_.size() >= detail::transcript_record_max) end_record('C');
                }
                for (std::size_t i = 0; i < n; ++i) client_.feed(rest[i]);
                rest.remove_prefix(n);
                if (!client_.in_literal()) redact_literal_ = literal_redacted_ = false;
                continue;
            }
            const std::size_t lf = rest.find('\n');
            if (lf == std::string_view::npos && !all) break;
            const std::size_t n = lf == std::string_view::npos ? rest.size() : lf + 1;
            client_segment(rest.substr(0, n));
            rest.remove_prefix(n);
        }
        client_pending_.erase(0, client_pending_.size() - rest.size());
    }

    // A line, or the part of a command line between literals.
    void client_segment(std::string_view seg) {
        const bool line_start = client_.line_start;
        if (line_start) argument_ = 0;
        if (line_start && authenticating_) {
            // Every line sent during AUTHENTICATE is a SASL response (RFC 9051 section 6.2.2).
            const std::size_t end = seg.find_first_of("\r\n");
            if (end != 0) client_text_ += detail::transcript_redacted;
            append(client_text_, seg.substr(end == std::string_view::npos ? seg.size() : end));
        } else {
            std::size_t i = 0;
            while (i < seg.size()) {
                const char c = seg[i];
                if (c == ' ' || c == '\r' || c == '\n') {
                    std::size_t j = i;
                    while (j < seg.size() && (seg[j] == ' ' || seg[j] == '\r' || seg[j] == '\n')) ++j;
                    append(client_text_, seg.substr(i, j - i));
                    i = j;
                    continue;
                }
                std::size_t j = i + 1;
                if (c == '"') {
                    while (j < seg.size() && seg[j] != '"') j += seg[j] == '\\' ? std::size_t{2} : std::size_t{1};
                    j = std::min(j + 1, seg.size());
                } else if (c == '{') {
                    while (j < seg.size() && seg[j] != '}') ++j;
                    j = std::min(j + 1, seg.size());
                } else {
                    while (j < seg.size() && seg[j] != ' ' && seg[j] != '\r' && seg[j] != '\n') ++j;
                }
                const std::string_view token = seg.substr(i, j - i);
                if (argument_ == 0) tag_ = std::string(token);
                if (argument_ == 1) command_ = detail::ascii_upper(token);
                // LOGIN's password and AUTHENTICATE's initial response (RFC 4959) are the
                // third argument after the tag.
                const bool secret = argument_ == 3 && (command_ == "LOGIN" || command_ == "AUTHENTICATE");
                if (secret && c == '{') {
                    client_text_ += '{';
                    client_text_ += detail::transcript_redacted;
                    client_text_ += '}';
                    redact_literal_ = true;
                } else if (secret) {
                    client_text_ += detail::transcript_redacted;
                } else {
                    append(client_text_, token);
                }
                ++argument_;
                i = j;
            }
            if (line_start && command_ == "AUTHENTICATE" && argument_ >= 2) {
                authenticating_ = true;
                auth_tag_ = tag_;
            }
        }
        for (const char c : seg) client_.feed(c);
        if (!seg.empty() && seg.back() == '\n') end_record('C');
        if (client_.line_start) command_.clear();
    }

    // ---- server bytes: records end at each LF, and at the record size ----

    void drain_server(bool all) {
        std::string_view rest = server_pending_;
        while (!rest.empty()) {
            std::size_t n = std::min(rest.size(), detail::transcript_record_max);
            if (server_.in_literal()) n = std::min(n, server_.literal_left);
            const std::size_t lf = rest.substr(0, n).find('\n');
            if (lf != std::string_view::npos) n = lf + 1;
            else if (n < detail::transcript_record_max && !server_.in_literal() && !all) break;
            server_segment(rest.substr(0, n));
            rest.remove_prefix(n);
        }
        server_pending_.erase(0, server_pending_.size() - rest.size());
    }

    void server_segment(std::string_view seg) {
        const bool line = server_.line_start && !server_.in_literal();
        if (line && authenticating_ && seg.rfind(auth_tag_ + " ", 0) == 0) authenticating_ = false;
        if (line && authenticating_ && seg.rfind("+ ", 0) == 0 && seg.size() > 2 && seg[2] != '\r') {
            // A SASL challenge (a SCRAM salt, say) helps guess the password: withhold it.
            const std::size_t end = seg.find_first_of("\r\n");
            server_text_ += "+ ";
            server_text_ += detail::transcript_redacted;
            append(server_text_, seg.substr(end == std::string_view::npos ? seg.size() : end));
        } else {
            append(server_text_, seg);
        }
        for (const char c : seg) server_.feed(c);
        if (seg.back() == '\n' || server_text_.size() >= detail::transcript_record_max) end_record('S');
    }

    std::unique_ptr<std::ostream> out_;
    std::vector<std::string> secrets_;
    std::string client_pending_, server_pending_;  // raw bytes not yet written
    std::string client_text_, server_text_;        // the record being assembled, escaped
    detail::line_tracker client_, server_;
    std::size_t argument_ = 0;  // index of the next token in the client's command
    std::string tag_, command_, auth_tag_;
    bool authenticating_ = false;
    bool redact_literal_ = false, literal_redacted_ = false;
};

// Any transport, recorded. Forwards every member, the optional ones too, so STARTTLS and
// TLS keep working; the bytes are recorded above TLS, as the engine sees them.
template <class Inner>
class basic_recording_transport {
    static_assert(detail::check_transport<Inner>(), "imaplib: basic_recording_transport<Inner> needs a transport");

public:
    static constexpr std::uint16_t default_port = Inner::default_port;

    basic_recording_transport(Inner inner, std::shared_ptr<transcript_recorder> recorder)
        : inner_(std::move(inner)), recorder_(std::move(recorder)) {}

    Inner& next_layer() noexcept { return inner_; }
    const Inner& next_layer() const noexcept { return inner_; }
    const std::shared_ptr<transcript_recorder>& recorder() const noexcept { return recorder_; }

    void open(std::string_view host, std::uint16_t port, std::error_code& ec) {
        recorder_->opened(host, port);
        inner_.open(host, port, ec);
        if (ec) recorder_->comment("open failed: " + ec.message());
        check(ec);
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        const std::size_t n = inner_.read_some(buffer, size, ec);
        if (n > 0) recorder_->server(std::string_view(buffer, n));
        if (ec) recorder_->comment("read failed: " + ec.message());
        check(ec);
        return n;
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        inner_.write_all(data, size, ec);
        if (ec) recorder_->comment("write failed: " + ec.message());
        else recorder_->client(std::string_view(data, size));
        check(ec);
    }

    void shutdown() noexcept {
        inner_.shutdown();
        recorder_->flush_quietly();
    }

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { inner_.set_timeout(t); }

    template <class I = Inner>
    auto native_handle() -> decltype(std::declval<I&>().native_handle()) {
        return inner_.native_handle();
    }

    template <class Context, class I = Inner, class = std::enable_if_t<has_start_tls_v<I>>>
    void start_tls(const Context& context, std::string_view host, std::error_code& ec) {
        recorder_->starttls();
        inner_.start_tls(context, host, ec);
        if (ec) recorder_->comment("TLS failed: " + ec.message());
        check(ec);
    }

    template <class I = Inner, class = std::enable_if_t<has_available_v<I>>>
    std::size_t available(std::error_code& ec) {
        return inner_.available(ec);
    }
    template <class I = Inner, class = std::enable_if_t<has_wait_readable_v<I>>>
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
        return inner_.wait_readable(t, ec);
    }

    template <class I = Inner>
    auto ssl() const -> decltype(std::declval<const I&>().ssl()) {
        return inner_.ssl();
    }
    template <class I = Inner>
    auto channel_binding(std::error_code& ec) const -> decltype(std::declval<const I&>().channel_binding(ec)) {
        return inner_.channel_binding(ec);
    }

    std::string error_detail() const {
        if (!detail_.empty()) return detail_;
        if constexpr (has_error_detail_v<Inner>) return std::string(inner_.error_detail());
        else return {};
    }

private:
    // A transcript that cannot be written fails the session rather than lose it silently.
    void check(std::error_code& ec) {
        if (ec || recorder_->good()) return;
        detail_ = "cannot write the transcript";
        ec = make_error_code(errc::transport_error);
        inner_.shutdown();
    }

    Inner inner_;
    std::shared_ptr<transcript_recorder> recorder_;
    std::string detail_;
};

// How replay_transport compares what the client sends with the recording.
enum class replay_mode {
    ignore_tags,  // tags may differ (they are random per connection); the server's tagged
                  // responses are given the client's tags
    strict,       // every byte as recorded
};

// Plays the server's side of a transcript and checks the client's side. open() ignores
// host and port. A mismatch is errc::protocol_violation; error_detail() names the
// transcript line and both texts. Reads the file as it goes (two streams, one per side):
// memory stays at one record, whatever the transcript's size.
class replay_transport {
public:
    static constexpr std::uint16_t default_port = 143;

    replay_transport() = default;
    explicit replay_transport(std::string path, replay_mode mode = replay_mode::ignore_tags)
        : mode_(mode),
          source_([path = std::move(path)]() -> std::unique_ptr<std::istream> {
              return std::make_unique<std::ifstream>(path, std::ios::binary);
          }) {}

    // A transcript held in memory (tests).
    static replay_transport from_string(std::string transcript, replay_mode mode = replay_mode::ignore_tags) {
        replay_transport t;
        t.mode_ = mode;
        auto text = std::make_shared<const std::string>(std::move(transcript));
        t.source_ = [text]() -> std::unique_ptr<std::istream> {
            return std::make_unique<std::istringstream>(*text);
        };
        return t;
    }

    void open(std::string_view, std::uint16_t, std::error_code& ec) {
        if (!source_) return fail(ec, errc::transport_error, "no transcript to replay");
        server_ = cursor{detail::transcript_reader(source_()), {}, 0, 0, false, {}};
        client_ = cursor{detail::transcript_reader(source_()), {}, 0, 0, false, {}};
        std::string why;
        if (!server_.reader.start(why) || !client_.reader.start(why))
            return fail(ec, errc::transport_error, "cannot replay: " + why);
        open_ = started_ = true;
        dead_ = false;
        ec.clear();
    }

    // Reads go on across records up to the client's next record, as a socket holds
    // everything the server had sent by then.
    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (!usable(ec) || !server_bytes(ec)) return 0;
        std::size_t n = 0;
        for (;;) {
            const std::size_t k = std::min(size - n, output_.size() - output_at_);
            std::memcpy(buffer + n, output_.data() + output_at_, k);
            output_at_ += k;
            n += k;
            if (n == size || !server_ready() || !server_bytes(ec)) break;
        }
        ec.clear();
        return n;
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        if (!usable(ec)) return;
        const std::string_view bytes(data, size);
        for (std::size_t i = 0; i < size; ++i)
            if (!client_byte(bytes, i, ec)) return;
        ec.clear();
    }

    // What the recorded server had sent by now: the rest of the current record.
    std::size_t available(std::error_code& ec) {
        ec.clear();
        if (!open_ || dead_) return 0;
        if (output_at_ == output_.size() && server_ready()) server_bytes(ec);
        return output_.size() - output_at_;
    }

    // A recording has no clock: the server's next bytes are there now or never.
    bool wait_readable(std::chrono::milliseconds, std::error_code& ec) { return available(ec) > 0; }

    void shutdown() noexcept { open_ = false; }
    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { timeout_ = t; }

    // STARTTLS: both sides of the recording must be at its "T: STARTTLS" record; the
    // replay then goes on in clear (the bytes were recorded above TLS). Any context will do.
    template <class Context>
    void start_tls(const Context&, std::string_view, std::error_code& ec) {
        if (!usable(ec)) return;
        std::string why;
        drop_consumed_client();
        const bool server_ready = output_at_ == output_.size() && load(server_, 'C', why) && server_.record.kind == 'T';
        const bool client_ready = server_ready && load(client_, 'S', why) && client_.record.kind == 'T';
        if (!client_ready) {
            const cursor& c = server_ready ? client_ : server_;
            return fail(ec, errc::protocol_violation,
                        !why.empty() ? why
                                     : "transcript line " + std::to_string(c.record.line) +
                                           ": the client starts TLS, but the recording has " + describe(c));
        }
        server_.loaded = client_.loaded = false;
        ec.clear();
    }

    const std::string& error_detail() const noexcept { return detail_; }

    // True when every record was played: the session went as recorded, to the end.
    bool finished() {
        std::string why;
        drop_consumed_client();
        return started_ && !dead_ && output_at_ == output_.size() && !load(server_, 'C', why) && why.empty() &&
               !load(client_, 'S', why) && why.empty();
    }

private:
    struct cursor {
        detail::transcript_reader reader;
        detail::transcript_record record;
        std::size_t at = 0;           // next byte of record.bytes
        std::size_t placeholder = 0;  // next entry of record.redacted
        bool loaded = false;          // record holds an unconsumed record
        std::string error;            // a malformed line stops the cursor for good
    };

    bool usable(std::error_code& ec) {
        if (open_ && !dead_) return true;
        if (dead_ && !detail_.empty()) ec = make_error_code(errc::transport_error);
        else fail(ec, errc::transport_error, "the replay is not open");
        return false;
    }

    void fail(std::error_code& ec, errc e, std::string text) {
        ec = make_error_code(e);
        detail_ = std::move(text);
        dead_ = true;
    }

    // Makes c.record the next record not of kind `skip`; false at the end or on an error (why).
    bool load(cursor& c, char skip, std::string& why) {
        if (c.loaded) return true;
        if (!c.error.empty()) {
            why = c.error;
            return false;
        }
        while (c.reader.next(c.record, why)) {
            if (c.record.kind == skip) continue;
            c.at = c.placeholder = 0;
            c.loaded = true;
            return true;
        }
        c.error = why;
        return false;
    }

    // True when the next server record can be read now, without an error.
    bool server_ready() {
        std::string why;
        if (!load(server_, 'C', why) || server_.record.kind != 'S') return false;
        drop_consumed_client();
        return !load(client_, 'S', why) ? why.empty() : client_.record.line > server_.record.line;
    }

    static std::string describe(const cursor& c) {
        if (!c.loaded) return "nothing more";
        if (c.record.kind == 'T') return "T: STARTTLS";
        std::string text(1, c.record.kind);
        text += ": ";
        std::size_t p = 0;
        for (std::size_t i = 0; i <= c.record.bytes.size() && text.size() < 300; ++i) {
            while (p < c.record.redacted.size() && c.record.redacted[p] == i) text += detail::transcript_redacted, ++p;
            if (i < c.record.bytes.size()) detail::transcript_escape(text, std::string_view(c.record.bytes).substr(i, 1));
        }
        return text;
    }

    // Forgets the client record once every byte of it was matched.
    void drop_consumed_client() {
        if (client_.loaded && client_.record.kind == 'C' && client_.at == client_.record.bytes.size() &&
            client_.placeholder == client_.record.redacted.size() && !wild_ && !in_tag_)
            client_.loaded = false;
    }

    // ---- the server's side --------------------------------------------------------

    bool server_bytes(std::error_code& ec) {
        std::string why;
        while (output_at_ == output_.size()) {
            const bool more = load(server_, 'C', why);
            if (!why.empty()) return fail(ec, errc::protocol_violation, why), false;
            // The server answers only what it was sent: every client record before this
            // one must have been played.
            drop_consumed_client();
            const bool client_pending = load(client_, 'S', why);
            if (!why.empty()) return fail(ec, errc::protocol_violation, why), false;
            if (client_pending && (!more || client_.record.line < server_.record.line))
                return client_first(ec), false;
            if (!more) {
                ec = make_error_code(errc::connection_closed);  // the recording ends here
                return false;
            }
            if (server_.record.kind == 'T') {
                fail(ec, errc::protocol_violation,
                     "transcript line " + std::to_string(server_.record.line) +
                         ": the recording switched to TLS here (STARTTLS), but the client did not");
                return false;
            }
            output_.clear();
            output_at_ = 0;
            server_output(server_.record.bytes);
            server_.loaded = false;
        }
        return true;
    }

    void client_first(std::error_code& ec) {
        fail(ec, errc::protocol_violation,
             "transcript line " + std::to_string(client_.record.line) +
                 ": the client waits for the server, but the recording has the client send " + describe(client_) +
                 (client_line_.empty() ? std::string()
                                       : " (the client's line so far: " + detail::transcript_quote(client_line_) + ")"));
    }

    // The record's bytes, each tagged response given the client's tag.
    void server_output(std::string_view bytes) {
        for (std::size_t i = 0; i < bytes.size();) {
            if (mode_ == replay_mode::ignore_tags && server_lines_.line_start && !server_lines_.in_literal()) {
                const std::size_t sp = bytes.find(' ', i);
                if (sp != std::string_view::npos) {
                    const auto it = tags_.find(std::string(bytes.substr(i, sp - i)));
                    if (it != tags_.end()) {
                        output_ += it->second;
                        for (std::size_t k = i; k < sp; ++k) server_lines_.feed(bytes[k]);
                        i = sp;
                        continue;
                    }
                }
            }
            output_ += bytes[i];
            server_lines_.feed(bytes[i]);
            ++i;
        }
    }

    // ---- the client's side --------------------------------------------------------

    // Checks one byte the client sends against the recording.
    bool client_byte(std::string_view bytes, std::size_t i, std::error_code& ec) {
        const char c = bytes[i];
        const bool in_literal = client_lines_.in_literal();
        const bool line_start = client_lines_.line_start && !in_literal;
        std::string why;
        for (;;) {
            if (in_tag_) {
                if (c == ' ' && !client_tag_.empty()) {
                    tags_[recorded_tag_] = client_tag_;
                    in_tag_ = false;
                    break;
                }
                if (detail::is_tag_char(c)) {
                    client_tag_ += c;
                    break;
                }
                return mismatch(bytes, i, ec);
            }
            if (wild_) {
                // A placeholder takes whatever the client sends up to the byte that follows
                // it in the recording, and every byte of a literal.
                if (in_literal) break;
                while (client_.loaded && client_.record.kind == 'C' && client_.at == client_.record.bytes.size() &&
                       client_.placeholder == client_.record.redacted.size()) {
                    client_.loaded = false;
                    if (!load(client_, 'S', why) || client_.record.kind != 'C') break;
                }
                if (!client_.loaded || client_.record.kind != 'C' || client_.at >= client_.record.bytes.size() ||
                    client_.record.bytes[client_.at] != c)
                    break;
                wild_ = false;
                continue;
            }
            drop_consumed_client();
            if (!load(client_, 'S', why)) {
                if (!why.empty()) return fail(ec, errc::protocol_violation, why), false;
                return fail(ec, errc::protocol_violation,
                            "the client sent " + detail::transcript_quote(pending_text(bytes, i)) +
                                " after the end of the recording"),
                       false;
            }
            if (client_.record.kind == 'T') return mismatch(bytes, i, ec);
            const detail::transcript_record& r = client_.record;
            if (client_.placeholder < r.redacted.size() && r.redacted[client_.placeholder] == client_.at) {
                ++client_.placeholder;
                wild_ = true;
                continue;
            }
            // The recorder starts each client line in a record of its own; a hand-edited
            // record may hold several.
            if (mode_ == replay_mode::ignore_tags && line_start && (client_.at == 0 || r.bytes[client_.at - 1] == '\n')) {
                const std::size_t begin = client_.at;
                std::size_t end = begin;
                while (end < r.bytes.size() && detail::is_tag_char(r.bytes[end])) ++end;
                const bool placeholder_inside =
                    client_.placeholder < r.redacted.size() && r.redacted[client_.placeholder] <= end;
                if (end > begin && end < r.bytes.size() && r.bytes[end] == ' ' && !placeholder_inside) {
                    recorded_tag_ = r.bytes.substr(begin, end - begin);
                    client_tag_.clear();
                    client_.at = end + 1;
                    in_tag_ = true;
                    continue;
                }
            }
            if (client_.at < r.bytes.size() && r.bytes[client_.at] == c) {
                ++client_.at;
                break;
            }
            return mismatch(bytes, i, ec);
        }
        client_lines_.feed(c);
        if (client_lines_.line_start) client_line_.clear();
        else if (client_line_.size() < 300) client_line_ += c;
        return true;
    }

    // The client's current line: what it sent of it so far, and the rest of this write.
    std::string pending_text(std::string_view bytes, std::size_t i) const {
        const std::size_t lf = bytes.find('\n', i);
        const std::size_t end = std::min(lf == std::string_view::npos ? bytes.size() : lf + 1, i + 200);
        return client_line_ + std::string(bytes.substr(i, end - i));
    }

    bool mismatch(std::string_view bytes, std::size_t i, std::error_code& ec) {
        fail(ec, errc::protocol_violation,
             "transcript line " + std::to_string(client_.record.line) + ": the client sent " +
                 detail::transcript_quote(pending_text(bytes, i), 300) + " where the recording has " +
                 describe(client_));
        return false;
    }

    replay_mode mode_ = replay_mode::ignore_tags;
    std::function<std::unique_ptr<std::istream>()> source_;
    cursor server_, client_;
    std::string output_;  // the current server record, as the client reads it
    std::size_t output_at_ = 0;
    detail::line_tracker server_lines_, client_lines_;
    std::map<std::string, std::string> tags_;  // recorded tag -> the client's
    std::string recorded_tag_, client_tag_;
    bool in_tag_ = false;
    bool wild_ = false;          // inside a placeholder
    std::string client_line_;    // for messages
    std::optional<std::chrono::milliseconds> timeout_;
    std::string detail_;
    bool open_ = false, started_ = false, dead_ = false;
};

IMAPLIB_CHECK_TRANSPORT(replay_transport);

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_RECORD_HPP
// end <imaplib/transport/record.hpp>
// begin <imaplib/transport/tls_identity.hpp>
// imaplib-cpp: who a TLS certificate says the server is, and whether that is the host
// the client asked for (RFC 9525, which replaced RFC 6125).
//
//   detail::parse_ip_literal      an IPv4 / IPv6 address literal as bytes
//   detail::dns_name_matches      one dNSName (or wildcard) against a host name
//   detail::certificate_fields    the few fields of a DER certificate the checks need
//   detail::host_matches          a host against a certificate's subjectAltName
//
// Standard library only (pure functions, tested without TLS); transport/tls_context.hpp
// applies them to the peer's certificate after the wolfSSL handshake.
#ifndef IMAPLIB_TRANSPORT_TLS_IDENTITY_HPP
#define IMAPLIB_TRANSPORT_TLS_IDENTITY_HPP

// #include <imaplib/config.hpp>: inlined above

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE
namespace detail {

// ---------------------------------------------------------------------------------
// Address literals
// ---------------------------------------------------------------------------------

// 4 bytes (IPv4), 16 (IPv6), or size 0: not an address literal.
struct ip_address {
    std::array<unsigned char, 16> bytes{};
    std::size_t size = 0;
    bool operator==(std::string_view raw) const noexcept {
        return raw.size() == size &&
               std::equal(raw.begin(), raw.end(), bytes.begin(),
                          [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; });
    }
};

// Dotted quad as inet_pton reads it: four decimal parts, no leading zeros.
inline bool parse_ipv4(std::string_view s, unsigned char* out) noexcept {
    int part = 0;
    std::size_t i = 0;
    while (part < 4) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
        unsigned value = 0;
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 4)
            value = value * 10 + static_cast<unsigned>(s[i++] - '0');
        if (value > 255 || (i - start > 1 && s[start] == '0')) return false;
        out[part++] = static_cast<unsigned char>(value);
        if (part < 4) {
            if (i >= s.size() || s[i] != '.') return false;
            ++i;
        }
    }
    return i == s.size();
}

// RFC 4291 section 2.2 text forms: hex groups, one "::", an IPv4 tail.
inline bool parse_ipv6(std::string_view s, unsigned char* out) noexcept {
    unsigned char words[16] = {};
    std::size_t n = 0;        // bytes written
    constexpr std::size_t none = 17;
    std::size_t gap = none;   // where "::" stands
    std::size_t i = 0;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (!s.empty() && s[0] == ':') {
        return false;
    }
    while (i < s.size()) {
        if (n == 16) return false;
        // An IPv4 tail: the rest holds a '.' before any further ':'.
        const std::size_t colon = s.find(':', i);
        const std::size_t dot = s.find('.', i);
        if (dot != std::string_view::npos && colon == std::string_view::npos) {
            if (n > 12 || !parse_ipv4(s.substr(i), words + n)) return false;
            n += 4;
            i = s.size();
            break;
        }
        unsigned value = 0;
        std::size_t digits = 0;
        for (; i < s.size() && digits < 5; ++i, ++digits) {
            const char c = s[i];
            unsigned d;
            if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
            else break;
            value = value * 16 + d;
        }
        if (digits == 0 || digits > 4) return false;
        words[n++] = static_cast<unsigned char>(value >> 8);
        words[n++] = static_cast<unsigned char>(value & 0xFF);
        if (i == s.size()) break;
        if (s[i] != ':') return false;
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (gap != none) return false;  // a second "::"
            gap = n;
            ++i;
        } else if (i == s.size()) {
            return false;  // a trailing single ':'
        }
    }
    if (gap == none) {
        if (n != 16) return false;
    } else {
        if (n > 14) return false;  // "::" stands for at least one group
        const std::size_t tail = n - gap;
        for (std::size_t k = 0; k < tail; ++k) words[15 - k] = words[n - 1 - k];
        for (std::size_t k = gap; k < 16 - tail; ++k) words[k] = 0;
    }
    for (std::size_t k = 0; k < 16; ++k) out[k] = words[k];
    return true;
}

// The host as an address literal; an IPv6 zone ("fe80::1%eth0") is not part of the
// address a certificate names.
inline ip_address parse_ip_literal(std::string_view host) noexcept {
    ip_address ip;
    if (host.find(':') != std::string_view::npos) {
        const std::size_t zone = host.find('%');
        if (zone != std::string_view::npos) host = host.substr(0, zone);
        if (parse_ipv6(host, ip.bytes.data())) ip.size = 16;
    } else if (parse_ipv4(host, ip.bytes.data())) {
        ip.size = 4;
    }
    return ip;
}

inline bool is_ip_literal(std::string_view host) noexcept { return parse_ip_literal(host).size != 0; }

// ---------------------------------------------------------------------------------
// DNS names (RFC 9525 section 6.3)
// ---------------------------------------------------------------------------------

inline bool dns_iequal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// Printable ASCII, no '*', no empty label; one trailing dot is dropped (an absolute
// name is the same name). Non-ASCII (a U-label) is never a name here: IDNA hosts are
// compared in their A-label ("xn--") form, which the caller passes.
inline bool usable_dns_name(std::string_view& name) noexcept {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty() || name.front() == '.') return false;
    char last = 0;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F || c == '*') return false;
        if (c == '.' && last == '.') return false;
        last = c;
    }
    return true;
}

// One dNSName SAN against a host name. A wildcard is only the whole left-most label
// and stands for exactly one label; it needs two labels after it, so "*", "*.com" and
// "*.localhost" match nothing; partial wildcards ("f*", "*o", "f*o") never match.
inline bool dns_name_matches(std::string_view pattern, std::string_view host) noexcept {
    if (!usable_dns_name(host) || is_ip_literal(host)) return false;
    if (!pattern.empty() && pattern.back() == '.') pattern.remove_suffix(1);
    if (pattern.size() >= 2 && pattern[0] == '*' && pattern[1] == '.') {
        std::string_view base = pattern.substr(2);
        if (!usable_dns_name(base) || base.find('.') == std::string_view::npos) return false;
        const std::size_t dot = host.find('.');
        if (dot == std::string_view::npos || dot == 0) return false;
        return dns_iequal(host.substr(dot + 1), base);
    }
    return usable_dns_name(pattern) && dns_iequal(pattern, host);
}

// ---------------------------------------------------------------------------------
// The certificate fields the checks read (RFC 5280 section 4.1), from DER
// ---------------------------------------------------------------------------------

struct certificate_fields {
    std::string_view signature_algorithm;  // AlgorithmIdentifier contents: OID + parameters
    std::string_view issuer;               // Name, whole TLV
    std::string_view subject;
    bool has_subject_alt_name = false;
    std::vector<std::string_view> dns_names;     // dNSName entries
    std::vector<std::string_view> ip_addresses;  // iPAddress entries, 4 or 16 raw bytes
};

// One DER TLV at a time; any malformed length ends the walk with ok() false.
class der_reader {
public:
    explicit der_reader(std::string_view der) noexcept : rest_(der) {}
    bool ok() const noexcept { return ok_; }
    bool empty() const noexcept { return rest_.empty(); }
    unsigned char peek() const noexcept { return rest_.empty() ? 0 : static_cast<unsigned char>(rest_[0]); }

    // The next element: its tag, its contents, and the whole TLV.
    bool next(unsigned char& tag, std::string_view& contents, std::string_view* whole = nullptr) noexcept {
        if (!ok_ || rest_.size() < 2) return ok_ = false;
        tag = static_cast<unsigned char>(rest_[0]);
        if ((tag & 0x1F) == 0x1F) return ok_ = false;  // high tag numbers: not in a certificate
        std::size_t len = static_cast<unsigned char>(rest_[1]);
        std::size_t at = 2;
        if (len & 0x80) {
            const std::size_t count = len & 0x7F;
            if (count == 0 || count > 4 || rest_.size() < 2 + count) return ok_ = false;
            len = 0;
            for (std::size_t k = 0; k < count; ++k) len = (len << 8) | static_cast<unsigned char>(rest_[at++]);
        }
        if (len > rest_.size() - at) return ok_ = false;
        contents = rest_.substr(at, len);
        if (whole) *whole = rest_.substr(0, at + len);
        rest_.remove_prefix(at + len);
        return true;
    }
    // The next element, which must carry `want`.
    bool expect(unsigned char want, std::string_view& contents, std::string_view* whole = nullptr) noexcept {
        unsigned char tag = 0;
        if (!next(tag, contents, whole)) return false;
        if (tag != want) return ok_ = false;
        return true;
    }

private:
    std::string_view rest_;
    bool ok_ = true;
};

namespace der {
inline constexpr unsigned char sequence = 0x30, oid = 0x06, boolean = 0x01, octet_string = 0x04,
                               integer = 0x02, bit_string = 0x03;
// id-ce-subjectAltName, 2.5.29.17
inline constexpr std::string_view subject_alt_name_oid{"\x55\x1D\x11", 3};
}  // namespace der

// GeneralNames (RFC 5280 section 4.2.1.6): keeps dNSName [2] and iPAddress [7].
inline bool read_general_names(std::string_view value, certificate_fields& out) noexcept {
    der_reader outer(value);
    std::string_view names;
    if (!outer.expect(der::sequence, names) || !outer.empty()) return false;
    der_reader r(names);
    while (!r.empty()) {
        unsigned char tag = 0;
        std::string_view v;
        if (!r.next(tag, v)) return false;
        if (tag == 0x82) out.dns_names.push_back(v);
        else if (tag == 0x87) out.ip_addresses.push_back(v);
    }
    return true;
}

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }.
// False for anything that is not a well-formed certificate: the caller then refuses it.
inline bool parse_certificate(std::string_view der_bytes, certificate_fields& out) {
    out = certificate_fields{};
    der_reader top(der_bytes);
    std::string_view cert, tbs, sig_alg, ignored;
    if (!top.expect(der::sequence, cert) || !top.empty()) return false;
    der_reader c(cert);
    if (!c.expect(der::sequence, tbs) || !c.expect(der::sequence, sig_alg) ||
        !c.expect(der::bit_string, ignored) || !c.empty())
        return false;
    out.signature_algorithm = sig_alg;

    der_reader t(tbs);
    if (t.peek() == 0xA0 && !t.expect(0xA0, ignored)) return false;  // version
    if (!t.expect(der::integer, ignored) || !t.expect(der::sequence, ignored) ||  // serial, signature
        !t.expect(der::sequence, ignored, &out.issuer) || !t.expect(der::sequence, ignored) ||  // validity
        !t.expect(der::sequence, ignored, &out.subject) || !t.expect(der::sequence, ignored))  // key
        return false;
    if (t.peek() == 0x81 && !t.expect(0x81, ignored)) return false;  // issuerUniqueID
    if (t.peek() == 0x82 && !t.expect(0x82, ignored)) return false;  // subjectUniqueID
    if (t.empty()) return true;
    std::string_view wrapped, extensions;
    if (!t.expect(0xA3, wrapped) || !t.empty()) return false;
    der_reader w(wrapped);
    if (!w.expect(der::sequence, extensions) || !w.empty()) return false;
    der_reader e(extensions);
    while (!e.empty()) {
        std::string_view ext, id, value;
        if (!e.expect(der::sequence, ext)) return false;
        der_reader x(ext);
        if (!x.expect(der::oid, id)) return false;
        if (x.peek() == der::boolean && !x.expect(der::boolean, ignored)) return false;
        if (!x.expect(der::octet_string, value) || !x.empty()) return false;
        if (id == der::subject_alt_name_oid) {
            // RFC 5280 section 4.2: an extension appears at most once.
            if (out.has_subject_alt_name) return false;
            out.has_subject_alt_name = true;
            if (!read_general_names(value, out)) return false;
        }
    }
    return true;
}

// A signature made with MD2, MD4, MD5 or SHA-1 (RFC 9155 deprecates SHA-1 in TLS 1.2;
// collisions make a SHA-1 certificate signature forgeable). RSASSA-PSS without hash
// parameters means SHA-1 (RFC 4055 section 3.1).
inline bool weak_signature_algorithm(std::string_view algorithm_identifier) noexcept {
    static constexpr std::string_view weak[] = {
        {"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x02", 9},  // md2WithRSAEncryption
        {"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x03", 9},  // md4WithRSAEncryption
        {"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x04", 9},  // md5WithRSAEncryption
        {"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x05", 9},  // sha1WithRSAEncryption
        {"\x2B\x0E\x03\x02\x1D", 5},                  // sha1WithRSASignature (OIW)
        {"\x2A\x86\x48\xCE\x3D\x04\x01", 7},          // ecdsa-with-SHA1
        {"\x2A\x86\x48\xCE\x38\x04\x03", 7},          // id-dsa-with-sha1
    };
    static constexpr std::string_view rsassa_pss{"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x0A", 9};
    static constexpr std::string_view sha1{"\x2B\x0E\x03\x02\x1A", 5};
    der_reader r(algorithm_identifier);
    std::string_view id;
    if (!r.expect(der::oid, id)) return true;
    for (std::string_view w : weak)
        if (id == w) return true;
    if (id != rsassa_pss) return false;
    // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] ... DEFAULT sha1, ... }
    std::string_view params, hash_wrapped, hash_alg, hash_id;
    if (r.empty() || !r.expect(der::sequence, params)) return true;
    der_reader p(params);
    if (p.empty() || p.peek() != 0xA0) return true;
    if (!p.expect(0xA0, hash_wrapped)) return true;
    der_reader h(hash_wrapped);
    if (!h.expect(der::sequence, hash_alg)) return true;
    der_reader a(hash_alg);
    if (!a.expect(der::oid, hash_id)) return true;
    return hash_id == sha1;
}

// ---------------------------------------------------------------------------------
// The host against the certificate (RFC 9525 section 6)
// ---------------------------------------------------------------------------------

// An address literal matches an iPAddress entry with the same bytes, never a dNSName
// or the common name; a DNS name matches a dNSName entry. The subject's common name is
// never used (RFC 9525 dropped the CN-ID; Python's ssl ignores it since 3.7).
inline bool host_matches(const certificate_fields& cert, std::string_view host) {
    const ip_address ip = parse_ip_literal(host);
    if (ip.size != 0) {
        for (std::string_view raw : cert.ip_addresses)
            if (ip == raw) return true;
        return false;
    }
    for (std::string_view name : cert.dns_names)
        if (dns_name_matches(name, host)) return true;
    return false;
}

}  // namespace detail
IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_TLS_IDENTITY_HPP
// end <imaplib/transport/tls_identity.hpp>

// SASL mechanisms (docs/authentication.md): state machines on bytes, no I/O. The engine's
// AUTHENTICATE and login_best() use them, so every mode includes them.
// begin <imaplib/sasl/concept.hpp>
// imaplib-cpp: what a SASL mechanism must provide (docs/authentication.md).
//
// A mechanism is the client half of one SASL exchange (RFC 4422) as a state machine on
// raw bytes: whoever drives AUTHENTICATE (RFC 9051 section 6.2.2) base64-decodes each
// challenge, calls step(), base64-encodes the answer. Stated like the transport concept:
// one detection trait per member, a C++20 concept, a static_assert that names what is
// missing.
//
// The contract, for the driver:
// - initial_response(ec): called once, before anything is sent. A value (possibly empty,
//   sent as "=") goes with the command when the server advertises SASL-IR (RFC 4959);
//   std::nullopt means the mechanism has none (server-first, CRAM-MD5). Without SASL-IR
//   the driver sends AUTHENTICATE alone and either holds the initial response for the
//   first (empty) challenge (basic_imap4 does) or passes that challenge to step(): a
//   client-first mechanism answers it with its initial response.
// - step(challenge, ec): the answer to one challenge. ec set means the exchange must be
//   cancelled ("*", RFC 9051 section 6.2.2) and reason() says why; after an error every
//   later step fails with errc::illegal_state. A challenge after complete() is an error.
// - complete(): true once the mechanism has everything it needs to believe the server.
//   A tagged OK while complete() is false is an authentication FAILURE (SCRAM: the
//   server never proved it knows the password; RFC 5802 section 5). The driver must
//   treat it so, and close the connection.
// - secret() (optional): whether the response just returned must be redacted from debug
//   output. A mechanism without it is treated as all-secret.
// Error codes: errc::invalid_argument (the caller's input cannot be sent: NUL in a name,
// SASLprep refused a password), errc::protocol_violation (the server's message is
// malformed or fails a check: nonce, iteration count, server signature),
// errc::command_failed (the server reported a failure inside the exchange: SCRAM's
// "e=", an OAuth error status), errc::illegal_state (a step out of order).
#ifndef IMAPLIB_SASL_CONCEPT_HPP
#define IMAPLIB_SASL_CONCEPT_HPP

// #include <imaplib/config.hpp>: inlined above

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

// --- one trait per requirement ---------------------------------------------------

// std::string_view name() const;  the registered mechanism name, e.g. "SCRAM-SHA-256"
template <class T, class = void>
struct has_sasl_name : std::false_type {};
template <class T>
struct has_sasl_name<T, std::void_t<decltype(std::declval<const T&>().name())>>
    : std::is_convertible<decltype(std::declval<const T&>().name()), std::string_view> {};

// std::optional<std::string> initial_response(std::error_code& ec);
template <class T, class = void>
struct has_sasl_initial_response : std::false_type {};
template <class T>
struct has_sasl_initial_response<
    T, std::void_t<decltype(std::declval<T&>().initial_response(std::declval<std::error_code&>()))>>
    : std::is_same<decltype(std::declval<T&>().initial_response(std::declval<std::error_code&>())),
                   std::optional<std::string>> {};

// std::string step(std::string_view challenge, std::error_code& ec);
template <class T, class = void>
struct has_sasl_step : std::false_type {};
template <class T>
struct has_sasl_step<T, std::void_t<decltype(std::declval<T&>().step(
                            std::declval<std::string_view>(), std::declval<std::error_code&>()))>>
    : std::is_same<decltype(std::declval<T&>().step(std::declval<std::string_view>(),
                                                    std::declval<std::error_code&>())),
                   std::string> {};

// bool complete() const noexcept;
template <class T, class = void>
struct has_sasl_complete : std::false_type {};
template <class T>
struct has_sasl_complete<T, std::void_t<decltype(std::declval<const T&>().complete())>>
    : std::bool_constant<std::is_same_v<decltype(std::declval<const T&>().complete()), bool> &&
                         noexcept(std::declval<const T&>().complete())> {};

// std::string_view reason() const;  why the last step failed ("" when none)
template <class T, class = void>
struct has_sasl_reason : std::false_type {};
template <class T>
struct has_sasl_reason<T, std::void_t<decltype(std::declval<const T&>().reason())>>
    : std::is_convertible<decltype(std::declval<const T&>().reason()), std::string_view> {};

// Optional: bool secret() const noexcept;  the last response must not be logged.
template <class T, class = void>
struct has_sasl_secret : std::false_type {};
template <class T>
struct has_sasl_secret<T, std::void_t<decltype(std::declval<const T&>().secret())>>
    : std::is_same<decltype(std::declval<const T&>().secret()), bool> {};

template <class T> inline constexpr bool has_sasl_name_v = has_sasl_name<T>::value;
template <class T> inline constexpr bool has_sasl_initial_response_v = has_sasl_initial_response<T>::value;
template <class T> inline constexpr bool has_sasl_step_v = has_sasl_step<T>::value;
template <class T> inline constexpr bool has_sasl_complete_v = has_sasl_complete<T>::value;
template <class T> inline constexpr bool has_sasl_reason_v = has_sasl_reason<T>::value;
template <class T> inline constexpr bool has_sasl_secret_v = has_sasl_secret<T>::value;

// --- the whole requirement -------------------------------------------------------

template <class T>
struct is_sasl_mechanism
    : std::bool_constant<std::is_object_v<T> && has_sasl_name_v<T> &&
                         has_sasl_initial_response_v<T> && has_sasl_step_v<T> &&
                         has_sasl_complete_v<T> && has_sasl_reason_v<T>> {};

template <class T> inline constexpr bool is_sasl_mechanism_v = is_sasl_mechanism<T>::value;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
template <class T>
concept sasl_mechanism = std::is_object_v<T> && has_sasl_name_v<T> &&
                         has_sasl_initial_response_v<T> && has_sasl_step_v<T> &&
                         has_sasl_complete_v<T> && has_sasl_reason_v<T>;
#define IMAPLIB_SASL_MECHANISM ::imaplib::sasl_mechanism
#else
#define IMAPLIB_SASL_MECHANISM typename
#endif

// Whether the response `m` just returned must be redacted: secret() when the mechanism
// has it, else always (a mechanism that says nothing is assumed to carry a secret).
template <class T>
bool sasl_response_is_secret(const T& m) noexcept {
    if constexpr (has_sasl_secret_v<T>) return m.secret();
    else return true;
}

namespace detail {

template <class T>
constexpr bool check_sasl_mechanism() noexcept {
    static_assert(std::is_object_v<T>, "imaplib: a SASL mechanism must be a class");
    static_assert(has_sasl_name_v<T>,
                  "imaplib: SASL mechanism must provide name() const returning std::string_view");
    static_assert(has_sasl_initial_response_v<T>,
                  "imaplib: SASL mechanism must provide initial_response(std::error_code&) "
                  "returning std::optional<std::string>");
    static_assert(has_sasl_step_v<T>,
                  "imaplib: SASL mechanism must provide step(std::string_view challenge, "
                  "std::error_code&) returning std::string");
    static_assert(has_sasl_complete_v<T>,
                  "imaplib: SASL mechanism must provide bool complete() const noexcept");
    static_assert(has_sasl_reason_v<T>,
                  "imaplib: SASL mechanism must provide reason() const returning std::string_view");
    return is_sasl_mechanism_v<T>;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#define IMAPLIB_CHECK_SASL_MECHANISM(T) \
    static_assert(::imaplib::detail::check_sasl_mechanism<T>(), "imaplib: not a SASL mechanism")

#endif  // IMAPLIB_SASL_CONCEPT_HPP
// end <imaplib/sasl/concept.hpp>
// begin <imaplib/sasl/detail/exchange.hpp>
// imaplib-cpp: the state every SASL mechanism keeps (sasl/concept.hpp states the contract).
#ifndef IMAPLIB_SASL_DETAIL_EXCHANGE_HPP
#define IMAPLIB_SASL_DETAIL_EXCHANGE_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/util/utf8.hpp>: inlined above

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// complete(), reason(), secret() and the rules every step shares: nothing after a
// failure, nothing after completion.
class sasl_exchange {
public:
    bool complete() const noexcept { return complete_; }
    std::string_view reason() const noexcept { return reason_; }
    bool secret() const noexcept { return secret_; }

protected:
    // Whether another message may be exchanged; sets ec (illegal_state) when not.
    bool may_continue(std::error_code& ec) {
        ec.clear();
        if (failed_) fail(ec, errc::illegal_state, "the exchange already failed");
        else if (complete_) fail(ec, errc::illegal_state, "a challenge after the exchange completed");
        return !ec;
    }

    void fail(std::error_code& ec, errc code, std::string reason) {
        failed_ = true;
        complete_ = false;
        reason_ = std::move(reason);
        ec = make_error_code(code);
    }

    // A client-first mechanism's answer: the initial response, once, either up front
    // (SASL-IR) or to the server's first, empty challenge.
    template <class Make>
    std::optional<std::string> client_first(std::string_view challenge, bool initial,
                                            std::error_code& ec, Make&& make) {
        if (!may_continue(ec)) return std::nullopt;
        if (started_) {
            fail(ec, errc::illegal_state, "a challenge after the initial response");
            return std::nullopt;
        }
        if (!initial && !challenge.empty()) {
            fail(ec, errc::protocol_violation, "a non-empty first challenge to a client-first mechanism");
            return std::nullopt;
        }
        started_ = true;
        return make();
    }

    bool started_ = false;
    bool complete_ = false;
    bool failed_ = false;
    bool secret_ = true;
    std::string reason_;
};

// UTF-8 without NUL: what every string field of these mechanisms must be.
inline bool sasl_utf8_without_nul(std::string_view s) noexcept {
    for (std::size_t pos = 0; pos < s.size();) {
        const char32_t cp = utf8_next(s, pos);
        if (cp == utf8_invalid || cp == 0) return false;
    }
    return true;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_DETAIL_EXCHANGE_HPP
// end <imaplib/sasl/detail/exchange.hpp>
// begin <imaplib/sasl/plain.hpp>
// imaplib-cpp: PLAIN (RFC 4616), LOGIN (draft-murchison-sasl-login-00) and EXTERNAL
// (RFC 4422 appendix A): the mechanisms that send what they are given.
#ifndef IMAPLIB_SASL_PLAIN_HPP
#define IMAPLIB_SASL_PLAIN_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/sasl/concept.hpp>: inlined above
// #include <imaplib/sasl/detail/exchange.hpp>: inlined above

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

// PLAIN: [authzid] NUL authcid NUL passwd, UTF-8 (RFC 4616 section 2). Client-first.
// The strings go as given; SASLprep is the server's (section 2: "the server ... SHOULD
// prepare"). Only over TLS: the password is in the clear.
class plain : public detail::sasl_exchange {
public:
    plain(std::string authcid, std::string password, std::string authzid = {})
        : authcid_(std::move(authcid)), password_(std::move(password)), authzid_(std::move(authzid)) {}

    std::string_view name() const noexcept { return "PLAIN"; }

    std::optional<std::string> initial_response(std::error_code& ec) {
        return client_first({}, true, ec, [&] { return message(ec); });
    }

    std::string step(std::string_view challenge, std::error_code& ec) {
        return client_first(challenge, false, ec, [&] { return message(ec); }).value_or(std::string());
    }

private:
    std::optional<std::string> message(std::error_code& ec) {
        // authcid and passwd are 1*SAFE: non-empty UTF-8 without NUL.
        if (authcid_.empty() || password_.empty() || !detail::sasl_utf8_without_nul(authcid_) ||
            !detail::sasl_utf8_without_nul(password_) || !detail::sasl_utf8_without_nul(authzid_)) {
            fail(ec, errc::invalid_argument,
                 "PLAIN needs a non-empty user name and password in UTF-8 without NUL");
            return std::nullopt;
        }
        complete_ = true;
        std::string out = authzid_;
        out += '\0';
        out += authcid_;
        out += '\0';
        out += password_;
        return out;
    }

    std::string authcid_;
    std::string password_;
    std::string authzid_;
};

// LOGIN: the server prompts "Username:" then "Password:" and the client answers each
// with the bare string. Server-first; the prompts' text is not relied on (servers vary:
// "User Name", "Username:"), only their order. No initial response: RFC 4959's SASL-IR
// does not apply to a mechanism that starts with a server challenge.
class login : public detail::sasl_exchange {
public:
    login(std::string user, std::string password)
        : user_(std::move(user)), password_(std::move(password)) {}

    std::string_view name() const noexcept { return "LOGIN"; }

    std::optional<std::string> initial_response(std::error_code& ec) {
        ec.clear();
        return std::nullopt;
    }

    std::string step(std::string_view /*prompt*/, std::error_code& ec) {
        if (!may_continue(ec)) return {};
        if (!detail::sasl_utf8_without_nul(user_) || !detail::sasl_utf8_without_nul(password_)) {
            fail(ec, errc::invalid_argument, "LOGIN needs a user name and password in UTF-8 without NUL");
            return {};
        }
        if (!started_) {
            started_ = true;
            secret_ = false;  // the user name is not a secret; the password is
            return user_;
        }
        secret_ = true;
        complete_ = true;
        return password_;
    }

private:
    std::string user_;
    std::string password_;
};

// EXTERNAL: the identity comes from outside SASL (a TLS client certificate); the
// message is the authorization identity, usually empty ("act as the certificate says").
// Client-first; an empty initial response goes as "=" with SASL-IR.
class external : public detail::sasl_exchange {
public:
    explicit external(std::string authzid = {}) : authzid_(std::move(authzid)) { secret_ = false; }

    std::string_view name() const noexcept { return "EXTERNAL"; }

    std::optional<std::string> initial_response(std::error_code& ec) {
        return client_first({}, true, ec, [&] { return message(ec); });
    }

    std::string step(std::string_view challenge, std::error_code& ec) {
        return client_first(challenge, false, ec, [&] { return message(ec); }).value_or(std::string());
    }

private:
    std::optional<std::string> message(std::error_code& ec) {
        if (!detail::sasl_utf8_without_nul(authzid_)) {
            fail(ec, errc::invalid_argument, "EXTERNAL's authorization identity must be UTF-8 without NUL");
            return std::nullopt;
        }
        complete_ = true;
        return authzid_;
    }

    std::string authzid_;
};

}  // namespace sasl

IMAPLIB_CHECK_SASL_MECHANISM(sasl::plain);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::login);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::external);

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_PLAIN_HPP
// end <imaplib/sasl/plain.hpp>
// begin <imaplib/sasl/cram_md5.hpp>
// imaplib-cpp: CRAM-MD5 (RFC 2195), the mechanism imaplib's login_cram_md5 speaks.
#ifndef IMAPLIB_SASL_CRAM_MD5_HPP
#define IMAPLIB_SASL_CRAM_MD5_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/sasl/concept.hpp>: inlined above
// #include <imaplib/sasl/detail/exchange.hpp>: inlined above
// #include <imaplib/util/md5.hpp>: inlined above
// #include <imaplib/util/sha.hpp>: inlined above

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

// Server-first: one challenge (a msg-id such as "<1896.697170952@host>"), answered with
// user SP hex(HMAC-MD5(password, challenge)) (RFC 2195 section 2), as imaplib's
// _CRAM_MD5_AUTH. The answer lets an eavesdropper guess passwords offline: secret.
template <class Crypto = default_crypto>
class basic_cram_md5 : public detail::sasl_exchange {
public:
    basic_cram_md5(std::string user, std::string password)
        : user_(std::move(user)), password_(std::move(password)) {}

    std::string_view name() const noexcept { return "CRAM-MD5"; }

    std::optional<std::string> initial_response(std::error_code& ec) {
        ec.clear();
        return std::nullopt;
    }

    std::string step(std::string_view challenge, std::error_code& ec) {
        if (!may_continue(ec)) return {};
        if (challenge.empty()) {
            fail(ec, errc::protocol_violation, "CRAM-MD5 needs a non-empty challenge");
            return {};
        }
        complete_ = true;
        std::string out = user_;
        out += ' ';
        out += to_hex(Crypto::template hmac<md5_hash>(password_, challenge));
        return out;
    }

private:
    std::string user_;
    std::string password_;
};

using cram_md5 = basic_cram_md5<>;

}  // namespace sasl

IMAPLIB_CHECK_SASL_MECHANISM(sasl::cram_md5);

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_CRAM_MD5_HPP
// end <imaplib/sasl/cram_md5.hpp>
// begin <imaplib/sasl/oauth.hpp>
// imaplib-cpp: OAuth 2.0 bearer tokens over SASL: OAUTHBEARER (RFC 7628) and Google's and
// Microsoft's XOAUTH2. Both client-first; a failure comes back as a challenge carrying
// a JSON status, which the client must answer before the server sends its tagged NO.
#ifndef IMAPLIB_SASL_OAUTH_HPP
#define IMAPLIB_SASL_OAUTH_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/sasl/concept.hpp>: inlined above
// #include <imaplib/sasl/detail/exchange.hpp>: inlined above

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

// Returns a current OAuth 2.0 access token. A mechanism built from one calls it once, when
// its message is made: a mechanism object per connection, so a reconnect asks for a fresh
// token (docs/authentication.md). An empty token fails the exchange before anything is sent.
using token_provider = std::function<std::string()>;

namespace detail_oauth {

// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
inline bool is_b64token(std::string_view t) noexcept {
    std::size_t i = 0;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        if (!ok) break;
    }
    if (i == 0) return false;
    while (i < t.size() && t[i] == '=') ++i;
    return i == t.size();
}

// The "status" member of the error JSON (RFC 7628 section 3.2.2), found by a scan
// rather than a JSON parser: "" when there is none. The whole JSON goes to reason().
inline std::string json_status(std::string_view json) {
    const std::string_view key = "\"status\"";
    const std::size_t k = json.find(key);
    if (k == std::string_view::npos) return {};
    std::size_t i = k + key.size();
    while (i < json.size() && (json[i] == ' ' || json[i] == ':' || json[i] == '\t')) ++i;
    if (i >= json.size() || json[i] != '"') return {};
    const std::size_t end = json.find('"', i + 1);
    if (end == std::string_view::npos) return {};
    return std::string(json.substr(i + 1, end - i - 1));
}

}  // namespace detail_oauth

// OAUTHBEARER (RFC 7628 section 3.1): gs2-header "n,a=user," then kvpairs separated by
// ^A: host, port, auth=Bearer <token>, ending ^A^A. On the error challenge
// (section 3.2.2) the answer is a lone ^A; complete() stays false and status() holds the
// server's "status" (e.g. "invalid_token"), reason() the whole JSON.
class oauthbearer : public ::imaplib::detail::sasl_exchange {
public:
    // host and port are what the client connected to (section 3.1: SHOULD be sent);
    // port 0 leaves port out, as an empty host leaves host out.
    oauthbearer(std::string user, std::string token, std::string host = {}, std::uint16_t port = 0)
        : user_(std::move(user)), token_(std::move(token)), host_(std::move(host)), port_(port) {}
    oauthbearer(std::string user, token_provider provider, std::string host = {}, std::uint16_t port = 0)
        : user_(std::move(user)), provider_(std::move(provider)), host_(std::move(host)), port_(port) {}

    std::string_view name() const noexcept { return "OAUTHBEARER"; }
    const std::string& status() const noexcept { return status_; }

    std::optional<std::string> initial_response(std::error_code& ec) {
        return client_first({}, true, ec, [&] { return message(ec); });
    }

    std::string step(std::string_view challenge, std::error_code& ec) {
        if (started_ && !failed_ && !answered_error_) {
            // The only challenge after the client's message is the error JSON.
            answered_error_ = true;
            complete_ = false;
            secret_ = false;
            reason_ = std::string(challenge);
            status_ = detail_oauth::json_status(challenge);
            ec.clear();
            return std::string(1, '\x01');
        }
        if (answered_error_) {
            fail(ec, errc::illegal_state, "a challenge after the OAUTHBEARER error answer");
            return {};
        }
        return client_first(challenge, false, ec, [&] { return message(ec); }).value_or(std::string());
    }

private:
    std::optional<std::string> message(std::error_code& ec) {
        if (provider_) token_ = provider_();
        if (!detail_oauth::is_b64token(token_) || !::imaplib::detail::sasl_utf8_without_nul(user_) ||
            user_.find('\x01') != std::string::npos || host_.find_first_of("\x01\r\n") != std::string::npos) {
            fail(ec, errc::invalid_argument,
                 "OAUTHBEARER needs a token of RFC 6750 b64token characters and a UTF-8 user name");
            return std::nullopt;
        }
        complete_ = true;
        // gs2-header (RFC 5801 section 4): "n,a=" saslname ","; "," and "=" escaped.
        std::string out = "n,";
        if (!user_.empty()) {
            out += "a=";
            for (char c : user_) {
                if (c == ',') out += "=2C";
                else if (c == '=') out += "=3D";
                else out += c;
            }
        }
        out += ",\x01";
        if (!host_.empty()) out += "host=" + host_ + '\x01';
        if (port_ != 0) out += "port=" + std::to_string(port_) + '\x01';
        out += "auth=Bearer " + token_ + "\x01\x01";
        return out;
    }

    std::string user_;
    std::string token_;
    token_provider provider_;
    std::string host_;
    std::uint16_t port_;
    std::string status_;
    bool answered_error_ = false;
};

// XOAUTH2 (Google's "OAuth 2.0 Mechanism", Microsoft's "Authenticate an IMAP connection
// using OAuth"): "user=" u ^A "auth=Bearer " token ^A ^A. On failure the server sends a
// base64 JSON challenge; the client answers with an empty response, complete() stays
// false, status() and reason() report the JSON.
class xoauth2 : public ::imaplib::detail::sasl_exchange {
public:
    xoauth2(std::string user, std::string token) : user_(std::move(user)), token_(std::move(token)) {}
    xoauth2(std::string user, token_provider provider) : user_(std::move(user)), provider_(std::move(provider)) {}

    std::string_view name() const noexcept { return "XOAUTH2"; }
    const std::string& status() const noexcept { return status_; }

    std::optional<std::string> initial_response(std::error_code& ec) {
        return client_first({}, true, ec, [&] { return message(ec); });
    }

    std::string step(std::string_view challenge, std::error_code& ec) {
        if (started_ && !failed_ && !answered_error_) {
            answered_error_ = true;
            complete_ = false;
            secret_ = false;
            reason_ = std::string(challenge);
            status_ = detail_oauth::json_status(challenge);
            ec.clear();
            return {};
        }
        if (answered_error_) {
            fail(ec, errc::illegal_state, "a challenge after the XOAUTH2 error answer");
            return {};
        }
        return client_first(challenge, false, ec, [&] { return message(ec); }).value_or(std::string());
    }

private:
    std::optional<std::string> message(std::error_code& ec) {
        if (provider_) token_ = provider_();
        if (!detail_oauth::is_b64token(token_) || user_.empty() ||
            !::imaplib::detail::sasl_utf8_without_nul(user_) || user_.find('\x01') != std::string::npos) {
            fail(ec, errc::invalid_argument,
                 "XOAUTH2 needs a user name and a token of RFC 6750 b64token characters");
            return std::nullopt;
        }
        complete_ = true;
        return "user=" + user_ + "\x01" "auth=Bearer " + token_ + "\x01\x01";
    }

    std::string user_;
    std::string token_;
    token_provider provider_;
    std::string status_;
    bool answered_error_ = false;
};

}  // namespace sasl

IMAPLIB_CHECK_SASL_MECHANISM(sasl::oauthbearer);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::xoauth2);

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_OAUTH_HPP
// end <imaplib/sasl/oauth.hpp>
// begin <imaplib/sasl/detail/saslprep_tables.hpp>
// imaplib-cpp: SASLprep's tables (RFC 4013, RFC 3454 on Unicode 3.2).
// GENERATED by tools/gen_saslprep.py from Python's stringprep and unicodedata.ucd_3_2_0:
// do not edit. 50142 bytes of tables.
#ifndef IMAPLIB_SASL_DETAIL_SASLPREP_TABLES_HPP
#define IMAPLIB_SASL_DETAIL_SASLPREP_TABLES_HPP

// #include <imaplib/config.hpp>: inlined above

#include <cstdint>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {
namespace saslprep_tables {

struct saslprep_range {
    char32_t first;
    char32_t last;
};

// B.1: commonly mapped to nothing (RFC 4013 section 2.1)
inline constexpr saslprep_range map_to_nothing[] = {
    {0xAD, 0xAD}, {0x34F, 0x34F}, {0x1806, 0x1806}, {0x180B, 0x180D}, {0x200B, 0x200D}, {0x2060, 0x2060},
    {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
};

// C.1.2: non-ASCII space, mapped to SPACE (section 2.1)
inline constexpr saslprep_range non_ascii_space[] = {
    {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200B}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
};

// C.1.2, C.2.1, C.2.2, C.3 to C.9 (section 2.3)
inline constexpr saslprep_range prohibited[] = {
    {0x0, 0x1F}, {0x7F, 0xA0}, {0x340, 0x341}, {0x6DD, 0x6DD}, {0x70F, 0x70F}, {0x1680, 0x1680},
    {0x180E, 0x180E}, {0x2000, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x2063}, {0x206A, 0x206F}, {0x2FF0, 0x2FFB},
    {0x3000, 0x3000}, {0xE000, 0xF8FF}, {0xFDD0, 0xFDEF}, {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFF}, {0x1D173, 0x1D17A},
    {0x1FFFE, 0x1FFFF}, {0x2FFFE, 0x2FFFF}, {0x3FFFE, 0x3FFFF}, {0x4FFFE, 0x4FFFF}, {0x5FFFE, 0x5FFFF}, {0x6FFFE, 0x6FFFF},
    {0x7FFFE, 0x7FFFF}, {0x8FFFE, 0x8FFFF}, {0x9FFFE, 0x9FFFF}, {0xAFFFE, 0xAFFFF}, {0xBFFFE, 0xBFFFF}, {0xCFFFE, 0xCFFFF},
    {0xDFFFE, 0xDFFFF}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xEFFFE, 0x10FFFF},
};

// A.1: unassigned in Unicode 3.2 (section 2.5)
inline constexpr saslprep_range unassigned[] = {
    {0x221, 0x221}, {0x234, 0x24F}, {0x2AE, 0x2AF}, {0x2EF, 0x2FF}, {0x350, 0x35F}, {0x370, 0x373},
    {0x376, 0x379}, {0x37B, 0x37D}, {0x37F, 0x383}, {0x38B, 0x38B}, {0x38D, 0x38D}, {0x3A2, 0x3A2},
    {0x3CF, 0x3CF}, {0x3F7, 0x3FF}, {0x487, 0x487}, {0x4CF, 0x4CF}, {0x4F6, 0x4F7}, {0x4FA, 0x4FF},
    {0x510, 0x530}, {0x557, 0x558}, {0x560, 0x560}, {0x588, 0x588}, {0x58B, 0x590}, {0x5A2, 0x5A2},
    {0x5BA, 0x5BA}, {0x5C5, 0x5CF}, {0x5EB, 0x5EF}, {0x5F5, 0x60B}, {0x60D, 0x61A}, {0x61C, 0x61E},
    {0x620, 0x620}, {0x63B, 0x63F}, {0x656, 0x65F}, {0x6EE, 0x6EF}, {0x6FF, 0x6FF}, {0x70E, 0x70E},
    {0x72D, 0x72F}, {0x74B, 0x77F}, {0x7B2, 0x900}, {0x904, 0x904}, {0x93A, 0x93B}, {0x94E, 0x94F},
    {0x955, 0x957}, {0x971, 0x980}, {0x984, 0x984}, {0x98D, 0x98E}, {0x991, 0x992}, {0x9A9, 0x9A9},
    {0x9B1, 0x9B1}, {0x9B3, 0x9B5}, {0x9BA, 0x9BB}, {0x9BD, 0x9BD}, {0x9C5, 0x9C6}, {0x9C9, 0x9CA},
    {0x9CE, 0x9D6}, {0x9D8, 0x9DB}, {0x9DE, 0x9DE}, {0x9E4, 0x9E5}, {0x9FB, 0xA01}, {0xA03, 0xA04},
    {0xA0B, 0xA0E}, {0xA11, 0xA12}, {0xA29, 0xA29}, {0xA31, 0xA31}, {0xA34, 0xA34}, {0xA37, 0xA37},
    {0xA3A, 0xA3B}, {0xA3D, 0xA3D}, {0xA43, 0xA46}, {0xA49, 0xA4A}, {0xA4E, 0xA58}, {0xA5D, 0xA5D},
    {0xA5F, 0xA65}, {0xA75, 0xA80}, {0xA84, 0xA84}, {0xA8C, 0xA8C}, {0xA8E, 0xA8E}, {0xA92, 0xA92},
    {0xAA9, 0xAA9}, {0xAB1, 0xAB1}, {0xAB4, 0xAB4}, {0xABA, 0xABB}, {0xAC6, 0xAC6}, {0xACA, 0xACA},
    {0xACE, 0xACF}, {0xAD1, 0xADF}, {0xAE1, 0xAE5}, {0xAF0, 0xB00}, {0xB04, 0xB04}, {0xB0D, 0xB0E},
    {0xB11, 0xB12}, {0xB29, 0xB29}, {0xB31, 0xB31}, {0xB34, 0xB35}, {0xB3A, 0xB3B}, {0xB44, 0xB46},
    {0xB49, 0xB4A}, {0xB4E, 0xB55}, {0xB58, 0xB5B}, {0xB5E, 0xB5E}, {0xB62, 0xB65}, {0xB71, 0xB81},
    {0xB84, 0xB84}, {0xB8B, 0xB8D}, {0xB91, 0xB91}, {0xB96, 0xB98}, {0xB9B, 0xB9B}, {0xB9D, 0xB9D},
    {0xBA0, 0xBA2}, {0xBA5, 0xBA7}, {0xBAB, 0xBAD}, {0xBB6, 0xBB6}, {0xBBA, 0xBBD}, {0xBC3, 0xBC5},
    {0xBC9, 0xBC9}, {0xBCE, 0xBD6}, {0xBD8, 0xBE6}, {0xBF3, 0xC00}, {0xC04, 0xC04}, {0xC0D, 0xC0D},
    {0xC11, 0xC11}, {0xC29, 0xC29}, {0xC34, 0xC34}, {0xC3A, 0xC3D}, {0xC45, 0xC45}, {0xC49, 0xC49},
    {0xC4E, 0xC54}, {0xC57, 0xC5F}, {0xC62, 0xC65}, {0xC70, 0xC81}, {0xC84, 0xC84}, {0xC8D, 0xC8D},
    {0xC91, 0xC91}, {0xCA9, 0xCA9}, {0xCB4, 0xCB4}, {0xCBA, 0xCBD}, {0xCC5, 0xCC5}, {0xCC9, 0xCC9},
    {0xCCE, 0xCD4}, {0xCD7, 0xCDD}, {0xCDF, 0xCDF}, {0xCE2, 0xCE5}, {0xCF0, 0xD01}, {0xD04, 0xD04},
    {0xD0D, 0xD0D}, {0xD11, 0xD11}, {0xD29, 0xD29}, {0xD3A, 0xD3D}, {0xD44, 0xD45}, {0xD49, 0xD49},
    {0xD4E, 0xD56}, {0xD58, 0xD5F}, {0xD62, 0xD65}, {0xD70, 0xD81}, {0xD84, 0xD84}, {0xD97, 0xD99},
    {0xDB2, 0xDB2}, {0xDBC, 0xDBC}, {0xDBE, 0xDBF}, {0xDC7, 0xDC9}, {0xDCB, 0xDCE}, {0xDD5, 0xDD5},
    {0xDD7, 0xDD7}, {0xDE0, 0xDF1}, {0xDF5, 0xE00}, {0xE3B, 0xE3E}, {0xE5C, 0xE80}, {0xE83, 0xE83},
    {0xE85, 0xE86}, {0xE89, 0xE89}, {0xE8B, 0xE8C}, {0xE8E, 0xE93}, {0xE98, 0xE98}, {0xEA0, 0xEA0},
    {0xEA4, 0xEA4}, {0xEA6, 0xEA6}, {0xEA8, 0xEA9}, {0xEAC, 0xEAC}, {0xEBA, 0xEBA}, {0xEBE, 0xEBF},
    {0xEC5, 0xEC5}, {0xEC7, 0xEC7}, {0xECE, 0xECF}, {0xEDA, 0xEDB}, {0xEDE, 0xEFF}, {0xF48, 0xF48},
    {0xF6B, 0xF70}, {0xF8C, 0xF8F}, {0xF98, 0xF98}, {0xFBD, 0xFBD}, {0xFCD, 0xFCE}, {0xFD0, 0xFFF},
    {0x1022, 0x1022}, {0x1028, 0x1028}, {0x102B, 0x102B}, {0x1033, 0x1035}, {0x103A, 0x103F}, {0x105A, 0x109F},
    {0x10C6, 0x10CF}, {0x10F9, 0x10FA}, {0x10FC, 0x10FF}, {0x115A, 0x115E}, {0x11A3, 0x11A7}, {0x11FA, 0x11FF},
    {0x1207, 0x1207}, {0x1247, 0x1247}, {0x1249, 0x1249}, {0x124E, 0x124F}, {0x1257, 0x1257}, {0x1259, 0x1259},
    {0x125E, 0x125F}, {0x1287, 0x1287}, {0x1289, 0x1289}, {0x128E, 0x128F}, {0x12AF, 0x12AF}, {0x12B1, 0x12B1},
    {0x12B6, 0x12B7}, {0x12BF, 0x12BF}, {0x12C1, 0x12C1}, {0x12C6, 0x12C7}, {0x12CF, 0x12CF}, {0x12D7, 0x12D7},
    {0x12EF, 0x12EF}, {0x130F, 0x130F}, {0x1311, 0x1311}, {0x1316, 0x1317}, {0x131F, 0x131F}, {0x1347, 0x1347},
    {0x135B, 0x1360}, {0x137D, 0x139F}, {0x13F5, 0x1400}, {0x1677, 0x167F}, {0x169D, 0x169F}, {0x16F1, 0x16FF},
    {0x170D, 0x170D}, {0x1715, 0x171F}, {0x1737, 0x173F}, {0x1754, 0x175F}, {0x176D, 0x176D}, {0x1771, 0x1771},
    {0x1774, 0x177F}, {0x17DD, 0x17DF}, {0x17EA, 0x17FF}, {0x180F, 0x180F}, {0x181A, 0x181F}, {0x1878, 0x187F},
    {0x18AA, 0x1DFF}, {0x1E9C, 0x1E9F}, {0x1EFA, 0x1EFF}, {0x1F16, 0x1F17}, {0x1F1E, 0x1F1F}, {0x1F46, 0x1F47},
    {0x1F4E, 0x1F4F}, {0x1F58, 0x1F58}, {0x1F5A, 0x1F5A}, {0x1F5C, 0x1F5C}, {0x1F5E, 0x1F5E}, {0x1F7E, 0x1F7F},
    {0x1FB5, 0x1FB5}, {0x1FC5, 0x1FC5}, {0x1FD4, 0x1FD5}, {0x1FDC, 0x1FDC}, {0x1FF0, 0x1FF1}, {0x1FF5, 0x1FF5},
    {0x1FFF, 0x1FFF}, {0x2053, 0x2056}, {0x2058, 0x205E}, {0x2064, 0x2069}, {0x2072, 0x2073}, {0x208F, 0x209F},
    {0x20B2, 0x20CF}, {0x20EB, 0x20FF}, {0x213B, 0x213C}, {0x214C, 0x2152}, {0x2184, 0x218F}, {0x23CF, 0x23FF},
    {0x2427, 0x243F}, {0x244B, 0x245F}, {0x24FF, 0x24FF}, {0x2614, 0x2615}, {0x2618, 0x2618}, {0x267E, 0x267F},
    {0x268A, 0x2700}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E},
    {0x2753, 0x2755}, {0x2757, 0x2757}, {0x275F, 0x2760}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27CF},
    {0x27EC, 0x27EF}, {0x2B00, 0x2E7F}, {0x2E9A, 0x2E9A}, {0x2EF4, 0x2EFF}, {0x2FD6, 0x2FEF}, {0x2FFC, 0x2FFF},
    {0x3040, 0x3040}, {0x3097, 0x3098}, {0x3100, 0x3104}, {0x312D, 0x3130}, {0x318F, 0x318F}, {0x31B8, 0x31EF},
    {0x321D, 0x321F}, {0x3244, 0x3250}, {0x327C, 0x327E}, {0x32CC, 0x32CF}, {0x32FF, 0x32FF}, {0x3377, 0x337A},
    {0x33DE, 0x33DF}, {0x33FF, 0x33FF}, {0x4DB6, 0x4DFF}, {0x9FA6, 0x9FFF}, {0xA48D, 0xA48F}, {0xA4C7, 0xABFF},
    {0xD7A4, 0xD7FF}, {0xFA2E, 0xFA2F}, {0xFA6B, 0xFAFF}, {0xFB07, 0xFB12}, {0xFB18, 0xFB1C}, {0xFB37, 0xFB37},
    {0xFB3D, 0xFB3D}, {0xFB3F, 0xFB3F}, {0xFB42, 0xFB42}, {0xFB45, 0xFB45}, {0xFBB2, 0xFBD2}, {0xFD40, 0xFD4F},
    {0xFD90, 0xFD91}, {0xFDC8, 0xFDCF}, {0xFDFD, 0xFDFF}, {0xFE10, 0xFE1F}, {0xFE24, 0xFE2F}, {0xFE47, 0xFE48},
    {0xFE53, 0xFE53}, {0xFE67, 0xFE67}, {0xFE6C, 0xFE6F}, {0xFE75, 0xFE75}, {0xFEFD, 0xFEFE}, {0xFF00, 0xFF00},
    {0xFFBF, 0xFFC1}, {0xFFC8, 0xFFC9}, {0xFFD0, 0xFFD1}, {0xFFD8, 0xFFD9}, {0xFFDD, 0xFFDF}, {0xFFE7, 0xFFE7},
    {0xFFEF, 0xFFF8}, {0x10000, 0x102FF}, {0x1031F, 0x1031F}, {0x10324, 0x1032F}, {0x1034B, 0x103FF}, {0x10426, 0x10427},
    {0x1044E, 0x1CFFF}, {0x1D0F6, 0x1D0FF}, {0x1D127, 0x1D129}, {0x1D1DE, 0x1D3FF}, {0x1D455, 0x1D455}, {0x1D49D, 0x1D49D},
    {0x1D4A0, 0x1D4A1}, {0x1D4A3, 0x1D4A4}, {0x1D4A7, 0x1D4A8}, {0x1D4AD, 0x1D4AD}, {0x1D4BA, 0x1D4BA}, {0x1D4BC, 0x1D4BC},
    {0x1D4C1, 0x1D4C1}, {0x1D4C4, 0x1D4C4}, {0x1D506, 0x1D506}, {0x1D50B, 0x1D50C}, {0x1D515, 0x1D515}, {0x1D51D, 0x1D51D},
    {0x1D53A, 0x1D53A}, {0x1D53F, 0x1D53F}, {0x1D545, 0x1D545}, {0x1D547, 0x1D549}, {0x1D551, 0x1D551}, {0x1D6A4, 0x1D6A7},
    {0x1D7CA, 0x1D7CD}, {0x1D800, 0x1FFFD}, {0x2A6D7, 0x2F7FF}, {0x2FA1E, 0x2FFFD}, {0x30000, 0x3FFFD}, {0x40000, 0x4FFFD},
    {0x50000, 0x5FFFD}, {0x60000, 0x6FFFD}, {0x70000, 0x7FFFD}, {0x80000, 0x8FFFD}, {0x90000, 0x9FFFD}, {0xA0000, 0xAFFFD},
    {0xB0000, 0xBFFFD}, {0xC0000, 0xCFFFD}, {0xD0000, 0xDFFFD}, {0xE0000, 0xE0000}, {0xE0002, 0xE001F}, {0xE0080, 0xEFFFD},
};

// D.1: RandALCat, right-to-left (section 2.4, RFC 3454 section 6)
inline constexpr saslprep_range randalcat[] = {
    {0x5BE, 0x5BE}, {0x5C0, 0x5C0}, {0x5C3, 0x5C3}, {0x5D0, 0x5EA}, {0x5F0, 0x5F4}, {0x61B, 0x61B},
    {0x61F, 0x61F}, {0x621, 0x63A}, {0x640, 0x64A}, {0x66D, 0x66F}, {0x671, 0x6D5}, {0x6DD, 0x6DD},
    {0x6E5, 0x6E6}, {0x6FA, 0x6FE}, {0x700, 0x70D}, {0x710, 0x710}, {0x712, 0x72C}, {0x780, 0x7A5},
    {0x7B1, 0x7B1}, {0x200F, 0x200F}, {0xFB1D, 0xFB1D}, {0xFB1F, 0xFB28}, {0xFB2A, 0xFB36}, {0xFB38, 0xFB3C},
    {0xFB3E, 0xFB3E}, {0xFB40, 0xFB41}, {0xFB43, 0xFB44}, {0xFB46, 0xFBB1}, {0xFBD3, 0xFD3D}, {0xFD50, 0xFD8F},
    {0xFD92, 0xFDC7}, {0xFDF0, 0xFDFC}, {0xFE70, 0xFE74}, {0xFE76, 0xFEFC},
};

// D.2: LCat, left-to-right
inline constexpr saslprep_range lcat[] = {
    {0x41, 0x5A}, {0x61, 0x7A}, {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA}, {0xC0, 0xD6},
    {0xD8, 0xF6}, {0xF8, 0x220}, {0x222, 0x233}, {0x250, 0x2AD}, {0x2B0, 0x2B8}, {0x2BB, 0x2C1},
    {0x2D0, 0x2D1}, {0x2E0, 0x2E4}, {0x2EE, 0x2EE}, {0x37A, 0x37A}, {0x386, 0x386}, {0x388, 0x38A},
    {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3CE}, {0x3D0, 0x3F5}, {0x400, 0x482}, {0x48A, 0x4CE},
    {0x4D0, 0x4F5}, {0x4F8, 0x4F9}, {0x500, 0x50F}, {0x531, 0x556}, {0x559, 0x55F}, {0x561, 0x587},
    {0x589, 0x589}, {0x903, 0x903}, {0x905, 0x939}, {0x93D, 0x940}, {0x949, 0x94C}, {0x950, 0x950},
    {0x958, 0x961}, {0x964, 0x970}, {0x982, 0x983}, {0x985, 0x98C}, {0x98F, 0x990}, {0x993, 0x9A8},
    {0x9AA, 0x9B0}, {0x9B2, 0x9B2}, {0x9B6, 0x9B9}, {0x9BE, 0x9C0}, {0x9C7, 0x9C8}, {0x9CB, 0x9CC},
    {0x9D7, 0x9D7}, {0x9DC, 0x9DD}, {0x9DF, 0x9E1}, {0x9E6, 0x9F1}, {0x9F4, 0x9FA}, {0xA05, 0xA0A},
    {0xA0F, 0xA10}, {0xA13, 0xA28}, {0xA2A, 0xA30}, {0xA32, 0xA33}, {0xA35, 0xA36}, {0xA38, 0xA39},
    {0xA3E, 0xA40}, {0xA59, 0xA5C}, {0xA5E, 0xA5E}, {0xA66, 0xA6F}, {0xA72, 0xA74}, {0xA83, 0xA83},
    {0xA85, 0xA8B}, {0xA8D, 0xA8D}, {0xA8F, 0xA91}, {0xA93, 0xAA8}, {0xAAA, 0xAB0}, {0xAB2, 0xAB3},
    {0xAB5, 0xAB9}, {0xABD, 0xAC0}, {0xAC9, 0xAC9}, {0xACB, 0xACC}, {0xAD0, 0xAD0}, {0xAE0, 0xAE0},
    {0xAE6, 0xAEF}, {0xB02, 0xB03}, {0xB05, 0xB0C}, {0xB0F, 0xB10}, {0xB13, 0xB28}, {0xB2A, 0xB30},
    {0xB32, 0xB33}, {0xB36, 0xB39}, {0xB3D, 0xB3E}, {0xB40, 0xB40}, {0xB47, 0xB48}, {0xB4B, 0xB4C},
    {0xB57, 0xB57}, {0xB5C, 0xB5D}, {0xB5F, 0xB61}, {0xB66, 0xB70}, {0xB83, 0xB83}, {0xB85, 0xB8A},
    {0xB8E, 0xB90}, {0xB92, 0xB95}, {0xB99, 0xB9A}, {0xB9C, 0xB9C}, {0xB9E, 0xB9F}, {0xBA3, 0xBA4},
    {0xBA8, 0xBAA}, {0xBAE, 0xBB5}, {0xBB7, 0xBB9}, {0xBBE, 0xBBF}, {0xBC1, 0xBC2}, {0xBC6, 0xBC8},
    {0xBCA, 0xBCC}, {0xBD7, 0xBD7}, {0xBE7, 0xBF2}, {0xC01, 0xC03}, {0xC05, 0xC0C}, {0xC0E, 0xC10},
    {0xC12, 0xC28}, {0xC2A, 0xC33}, {0xC35, 0xC39}, {0xC41, 0xC44}, {0xC60, 0xC61}, {0xC66, 0xC6F},
    {0xC82, 0xC83}, {0xC85, 0xC8C}, {0xC8E, 0xC90}, {0xC92, 0xCA8}, {0xCAA, 0xCB3}, {0xCB5, 0xCB9},
    {0xCBE, 0xCBE}, {0xCC0, 0xCC4}, {0xCC7, 0xCC8}, {0xCCA, 0xCCB}, {0xCD5, 0xCD6}, {0xCDE, 0xCDE},
    {0xCE0, 0xCE1}, {0xCE6, 0xCEF}, {0xD02, 0xD03}, {0xD05, 0xD0C}, {0xD0E, 0xD10}, {0xD12, 0xD28},
    {0xD2A, 0xD39}, {0xD3E, 0xD40}, {0xD46, 0xD48}, {0xD4A, 0xD4C}, {0xD57, 0xD57}, {0xD60, 0xD61},
    {0xD66, 0xD6F}, {0xD82, 0xD83}, {0xD85, 0xD96}, {0xD9A, 0xDB1}, {0xDB3, 0xDBB}, {0xDBD, 0xDBD},
    {0xDC0, 0xDC6}, {0xDCF, 0xDD1}, {0xDD8, 0xDDF}, {0xDF2, 0xDF4}, {0xE01, 0xE30}, {0xE32, 0xE33},
    {0xE40, 0xE46}, {0xE4F, 0xE5B}, {0xE81, 0xE82}, {0xE84, 0xE84}, {0xE87, 0xE88}, {0xE8A, 0xE8A},
    {0xE8D, 0xE8D}, {0xE94, 0xE97}, {0xE99, 0xE9F}, {0xEA1, 0xEA3}, {0xEA5, 0xEA5}, {0xEA7, 0xEA7},
    {0xEAA, 0xEAB}, {0xEAD, 0xEB0}, {0xEB2, 0xEB3}, {0xEBD, 0xEBD}, {0xEC0, 0xEC4}, {0xEC6, 0xEC6},
    {0xED0, 0xED9}, {0xEDC, 0xEDD}, {0xF00, 0xF17}, {0xF1A, 0xF34}, {0xF36, 0xF36}, {0xF38, 0xF38},
    {0xF3E, 0xF47}, {0xF49, 0xF6A}, {0xF7F, 0xF7F}, {0xF85, 0xF85}, {0xF88, 0xF8B}, {0xFBE, 0xFC5},
    {0xFC7, 0xFCC}, {0xFCF, 0xFCF}, {0x1000, 0x1021}, {0x1023, 0x1027}, {0x1029, 0x102A}, {0x102C, 0x102C},
    {0x1031, 0x1031}, {0x1038, 0x1038}, {0x1040, 0x1057}, {0x10A0, 0x10C5}, {0x10D0, 0x10F8}, {0x10FB, 0x10FB},
    {0x1100, 0x1159}, {0x115F, 0x11A2}, {0x11A8, 0x11F9}, {0x1200, 0x1206}, {0x1208, 0x1246}, {0x1248, 0x1248},
    {0x124A, 0x124D}, {0x1250, 0x1256}, {0x1258, 0x1258}, {0x125A, 0x125D}, {0x1260, 0x1286}, {0x1288, 0x1288},
    {0x128A, 0x128D}, {0x1290, 0x12AE}, {0x12B0, 0x12B0}, {0x12B2, 0x12B5}, {0x12B8, 0x12BE}, {0x12C0, 0x12C0},
    {0x12C2, 0x12C5}, {0x12C8, 0x12CE}, {0x12D0, 0x12D6}, {0x12D8, 0x12EE}, {0x12F0, 0x130E}, {0x1310, 0x1310},
    {0x1312, 0x1315}, {0x1318, 0x131E}, {0x1320, 0x1346}, {0x1348, 0x135A}, {0x1361, 0x137C}, {0x13A0, 0x13F4},
    {0x1401, 0x1676}, {0x1681, 0x169A}, {0x16A0, 0x16F0}, {0x1700, 0x170C}, {0x170E, 0x1711}, {0x1720, 0x1731},
    {0x1735, 0x1736}, {0x1740, 0x1751}, {0x1760, 0x176C}, {0x176E, 0x1770}, {0x1780, 0x17B6}, {0x17BE, 0x17C5},
    {0x17C7, 0x17C8}, {0x17D4, 0x17DA}, {0x17DC, 0x17DC}, {0x17E0, 0x17E9}, {0x1810, 0x1819}, {0x1820, 0x1877},
    {0x1880, 0x18A8}, {0x1E00, 0x1E9B}, {0x1EA0, 0x1EF9}, {0x1F00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D}, {0x1F50, 0x1F57}, {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B}, {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D},
    {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE}, {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3},
    {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC}, {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x200E, 0x200E}, {0x2071, 0x2071},
    {0x207F, 0x207F}, {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113}, {0x2115, 0x2115}, {0x2119, 0x211D},
    {0x2124, 0x2124}, {0x2126, 0x2126}, {0x2128, 0x2128}, {0x212A, 0x212D}, {0x212F, 0x2131}, {0x2133, 0x2139},
    {0x213D, 0x213F}, {0x2145, 0x2149}, {0x2160, 0x2183}, {0x2336, 0x237A}, {0x2395, 0x2395}, {0x249C, 0x24E9},
    {0x3005, 0x3007}, {0x3021, 0x3029}, {0x3031, 0x3035}, {0x3038, 0x303C}, {0x3041, 0x3096}, {0x309D, 0x309F},
    {0x30A1, 0x30FA}, {0x30FC, 0x30FF}, {0x3105, 0x312C}, {0x3131, 0x318E}, {0x3190, 0x31B7}, {0x31F0, 0x321C},
    {0x3220, 0x3243}, {0x3260, 0x327B}, {0x327F, 0x32B0}, {0x32C0, 0x32CB}, {0x32D0, 0x32FE}, {0x3300, 0x3376},
    {0x337B, 0x33DD}, {0x33E0, 0x33FE}, {0x3400, 0x4DB5}, {0x4E00, 0x9FA5}, {0xA000, 0xA48C}, {0xAC00, 0xD7A3},
    {0xE000, 0xFA2D}, {0xFA30, 0xFA6A}, {0xFB00, 0xFB06}, {0xFB13, 0xFB17}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A},
    {0xFF66, 0xFFBE}, {0xFFC2, 0xFFC7}, {0xFFCA, 0xFFCF}, {0xFFD2, 0xFFD7}, {0xFFDA, 0xFFDC}, {0x10300, 0x1031E},
    {0x10320, 0x10323}, {0x10330, 0x1034A}, {0x10400, 0x10425}, {0x10428, 0x1044D}, {0x1D000, 0x1D0F5}, {0x1D100, 0x1D126},
    {0x1D12A, 0x1D166}, {0x1D16A, 0x1D172}, {0x1D183, 0x1D184}, {0x1D18C, 0x1D1A9}, {0x1D1AE, 0x1D1DD}, {0x1D400, 0x1D454},
    {0x1D456, 0x1D49C}, {0x1D49E, 0x1D49F}, {0x1D4A2, 0x1D4A2}, {0x1D4A5, 0x1D4A6}, {0x1D4A9, 0x1D4AC}, {0x1D4AE, 0x1D4B9},
    {0x1D4BB, 0x1D4BB}, {0x1D4BD, 0x1D4C0}, {0x1D4C2, 0x1D4C3}, {0x1D4C5, 0x1D505}, {0x1D507, 0x1D50A}, {0x1D50D, 0x1D514},
    {0x1D516, 0x1D51C}, {0x1D51E, 0x1D539}, {0x1D53B, 0x1D53E}, {0x1D540, 0x1D544}, {0x1D546, 0x1D546}, {0x1D54A, 0x1D550},
    {0x1D552, 0x1D6A3}, {0x1D6A8, 0x1D7C9}, {0x20000, 0x2A6D6}, {0x2F800, 0x2FA1D}, {0xF0000, 0xFFFFD}, {0x100000, 0x10FFFD},
};

// Canonical combining classes (Unicode 3.2): runs of one class.
inline constexpr std::uint32_t combining_start[] = {
    0x300E6, 0x315E8, 0x316DC, 0x31AE8, 0x31BD8, 0x31CDC, 0x321CA, 0x323DC,
    0x327CA, 0x329DC, 0x33401, 0x339DC, 0x33DE6, 0x345F0, 0x346E6, 0x347DC,
    0x34AE6, 0x34DDC, 0x360EA, 0x362E9, 0x363E6, 0x483E6, 0x591DC, 0x592E6,
    0x596DC, 0x597E6, 0x59ADE, 0x59BDC, 0x59CE6, 0x5A3DC, 0x5A8E6, 0x5AADC,
    0x5ABE6, 0x5ADDE, 0x5AEE4, 0x5AFE6, 0x5B00A, 0x5B10B, 0x5B20C, 0x5B30D,
    0x5B40E, 0x5B50F, 0x5B610, 0x5B711, 0x5B812, 0x5B913, 0x5BB14, 0x5BC15,
    0x5BD16, 0x5BF17, 0x5C118, 0x5C219, 0x5C4E6, 0x64B1B, 0x64C1C, 0x64D1D,
    0x64E1E, 0x64F1F, 0x65020, 0x65121, 0x65222, 0x653E6, 0x655DC, 0x67023,
    0x6D6E6, 0x6DFE6, 0x6E3DC, 0x6E4E6, 0x6E7E6, 0x6EADC, 0x6EBE6, 0x6EDDC,
    0x71124, 0x730E6, 0x731DC, 0x732E6, 0x734DC, 0x735E6, 0x737DC, 0x73AE6,
    0x73BDC, 0x73DE6, 0x73EDC, 0x73FE6, 0x742DC, 0x743E6, 0x744DC, 0x745E6,
    0x746DC, 0x747E6, 0x748DC, 0x749E6, 0x93C07, 0x94D09, 0x951E6, 0x952DC,
    0x953E6, 0x9BC07, 0x9CD09, 0xA3C07, 0xA4D09, 0xABC07, 0xACD09, 0xB3C07,
    0xB4D09, 0xBCD09, 0xC4D09, 0xC5554, 0xC565B, 0xCCD09, 0xD4D09, 0xDCA09,
    0xE3867, 0xE3A09, 0xE486B, 0xEB876, 0xEC87A, 0xF18DC, 0xF35DC, 0xF37DC,
    0xF39D8, 0xF7181, 0xF7282, 0xF7484, 0xF7A82, 0xF8082, 0xF82E6, 0xF8409,
    0xF86E6, 0xFC6DC, 0x103707, 0x103909, 0x171409, 0x173409, 0x17D209, 0x18A9E4,
    0x20D0E6, 0x20D201, 0x20D4E6, 0x20D801, 0x20DBE6, 0x20E1E6, 0x20E501, 0x20E7E6,
    0x20E8DC, 0x20E9E6, 0x20EA01, 0x302ADA, 0x302BE4, 0x302CE8, 0x302DDE, 0x302EE0,
    0x309908, 0xFB1E1A, 0xFE20E6, 0x1D165D8, 0x1D16701, 0x1D16DE2, 0x1D16ED8, 0x1D17BDC,
    0x1D185E6, 0x1D18ADC, 0x1D1AAE6,
};
inline constexpr std::uint8_t combining_length[] = {
    21, 1, 4, 1, 1, 5, 2, 4, 2, 11, 5, 4, 8, 1, 1, 3,
    3, 2, 2, 1, 13, 4, 1, 4, 1, 3, 1, 1, 6, 5, 2, 1,
    2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1,
    7, 4, 1, 1, 2, 1, 2, 1, 1, 1, 1, 2, 1, 2, 3, 1,
    2, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1,
    2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    2, 1, 4, 2, 4, 2, 1, 1, 1, 1, 1, 1, 4, 1, 2, 1,
    2, 1, 1, 1, 1, 1, 1, 1, 2, 2, 4, 3, 2, 1, 2, 1,
    1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 4, 2, 3, 1, 5, 8,
    5, 2, 4,
};

// Compatibility decompositions (NFKD of one code point, Unicode 3.2): code points
// of plane p are decomposition_key[decomposition_plane[p] .. decomposition_plane[p + 1]),
// each one's UTF-8 at decomposition_utf8[decomposition_offset[i] .. [i + 1]).
inline constexpr std::uint16_t decomposition_plane[] = {
    0, 3597, 4601, 5143,
};
inline constexpr std::uint16_t decomposition_key[] = {
    0xA0, 0xA8, 0xAA, 0xAF, 0xB2, 0xB3, 0xB4, 0xB5, 0xB8, 0xB9, 0xBA, 0xBC,
    0xBD, 0xBE, 0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC7, 0xC8, 0xC9, 0xCA,
    0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD9,
    0xDA, 0xDB, 0xDC, 0xDD, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE7, 0xE8,
    0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5,
    0xF6, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFF, 0x100, 0x101, 0x102, 0x103, 0x104,
    0x105, 0x106, 0x107, 0x108, 0x109, 0x10A, 0x10B, 0x10C, 0x10D, 0x10E, 0x10F, 0x112,
    0x113, 0x114, 0x115, 0x116, 0x117, 0x118, 0x119, 0x11A, 0x11B, 0x11C, 0x11D, 0x11E,
    0x11F, 0x120, 0x121, 0x122, 0x123, 0x124, 0x125, 0x128, 0x129, 0x12A, 0x12B, 0x12C,
    0x12D, 0x12E, 0x12F, 0x130, 0x132, 0x133, 0x134, 0x135, 0x136, 0x137, 0x139, 0x13A,
    0x13B, 0x13C, 0x13D, 0x13E, 0x13F, 0x140, 0x143, 0x144, 0x145, 0x146, 0x147, 0x148,
    0x149, 0x14C, 0x14D, 0x14E, 0x14F, 0x150, 0x151, 0x154, 0x155, 0x156, 0x157, 0x158,
    0x159, 0x15A, 0x15B, 0x15C, 0x15D, 0x15E, 0x15F, 0x160, 0x161, 0x162, 0x163, 0x164,
    0x165, 0x168, 0x169, 0x16A, 0x16B, 0x16C, 0x16D, 0x16E, 0x16F, 0x170, 0x171, 0x172,
    0x173, 0x174, 0x175, 0x176, 0x177, 0x178, 0x179, 0x17A, 0x17B, 0x17C, 0x17D, 0x17E,
    0x17F, 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x1C4, 0x1C5, 0x1C6, 0x1C7, 0x1C8, 0x1C9, 0x1CA,
    0x1CB, 0x1CC, 0x1CD, 0x1CE, 0x1CF, 0x1D0, 0x1D1, 0x1D2, 0x1D3, 0x1D4, 0x1D5, 0x1D6,
    0x1D7, 0x1D8, 0x1D9, 0x1DA, 0x1DB, 0x1DC, 0x1DE, 0x1DF, 0x1E0, 0x1E1, 0x1E2, 0x1E3,
    0x1E6, 0x1E7, 0x1E8, 0x1E9, 0x1EA, 0x1EB, 0x1EC, 0x1ED, 0x1EE, 0x1EF, 0x1F0, 0x1F1,
    0x1F2, 0x1F3, 0x1F4, 0x1F5, 0x1F8, 0x1F9, 0x1FA, 0x1FB, 0x1FC, 0x1FD, 0x1FE, 0x1FF,
    0x200, 0x201, 0x202, 0x203, 0x204, 0x205, 0x206, 0x207, 0x208, 0x209, 0x20A, 0x20B,
    0x20C, 0x20D, 0x20E, 0x20F, 0x210, 0x211, 0x212, 0x213, 0x214, 0x215, 0x216, 0x217,
    0x218, 0x219, 0x21A, 0x21B, 0x21E, 0x21F, 0x226, 0x227, 0x228, 0x229, 0x22A, 0x22B,
    0x22C, 0x22D, 0x22E, 0x22F, 0x230, 0x231, 0x232, 0x233, 0x2B0, 0x2B1, 0x2B2, 0x2B3,
    0x2B4, 0x2B5, 0x2B6, 0x2B7, 0x2B8, 0x2D8, 0x2D9, 0x2DA, 0x2DB, 0x2DC, 0x2DD, 0x2E0,
    0x2E1, 0x2E2, 0x2E3, 0x2E4, 0x340, 0x341, 0x343, 0x344, 0x374, 0x37A, 0x37E, 0x384,
    0x385, 0x386, 0x387, 0x388, 0x389, 0x38A, 0x38C, 0x38E, 0x38F, 0x390, 0x3AA, 0x3AB,
    0x3AC, 0x3AD, 0x3AE, 0x3AF, 0x3B0, 0x3CA, 0x3CB, 0x3CC, 0x3CD, 0x3CE, 0x3D0, 0x3D1,
    0x3D2, 0x3D3, 0x3D4, 0x3D5, 0x3D6, 0x3F0, 0x3F1, 0x3F2, 0x3F4, 0x3F5, 0x400, 0x401,
    0x403, 0x407, 0x40C, 0x40D, 0x40E, 0x419, 0x439, 0x450, 0x451, 0x453, 0x457, 0x45C,
    0x45D, 0x45E, 0x476, 0x477, 0x4C1, 0x4C2, 0x4D0, 0x4D1, 0x4D2, 0x4D3, 0x4D6, 0x4D7,
    0x4DA, 0x4DB, 0x4DC, 0x4DD, 0x4DE, 0x4DF, 0x4E2, 0x4E3, 0x4E4, 0x4E5, 0x4E6, 0x4E7,
    0x4EA, 0x4EB, 0x4EC, 0x4ED, 0x4EE, 0x4EF, 0x4F0, 0x4F1, 0x4F2, 0x4F3, 0x4F4, 0x4F5,
    0x4F8, 0x4F9, 0x587, 0x622, 0x623, 0x624, 0x625, 0x626, 0x675, 0x676, 0x677, 0x678,
    0x6C0, 0x6C2, 0x6D3, 0x929, 0x931, 0x934, 0x958, 0x959, 0x95A, 0x95B, 0x95C, 0x95D,
    0x95E, 0x95F, 0x9CB, 0x9CC, 0x9DC, 0x9DD, 0x9DF, 0xA33, 0xA36, 0xA59, 0xA5A, 0xA5B,
    0xA5E, 0xB48, 0xB4B, 0xB4C, 0xB5C, 0xB5D, 0xB94, 0xBCA, 0xBCB, 0xBCC, 0xC48, 0xCC0,
    0xCC7, 0xCC8, 0xCCA, 0xCCB, 0xD4A, 0xD4B, 0xD4C, 0xDDA, 0xDDC, 0xDDD, 0xDDE, 0xE33,
    0xEB3, 0xEDC, 0xEDD, 0xF0C, 0xF43, 0xF4D, 0xF52, 0xF57, 0xF5C, 0xF69, 0xF73, 0xF75,
    0xF76, 0xF77, 0xF78, 0xF79, 0xF81, 0xF93, 0xF9D, 0xFA2, 0xFA7, 0xFAC, 0xFB9, 0x1026,
    0x1E00, 0x1E01, 0x1E02, 0x1E03, 0x1E04, 0x1E05, 0x1E06, 0x1E07, 0x1E08, 0x1E09, 0x1E0A, 0x1E0B,
    0x1E0C, 0x1E0D, 0x1E0E, 0x1E0F, 0x1E10, 0x1E11, 0x1E12, 0x1E13, 0x1E14, 0x1E15, 0x1E16, 0x1E17,
    0x1E18, 0x1E19, 0x1E1A, 0x1E1B, 0x1E1C, 0x1E1D, 0x1E1E, 0x1E1F, 0x1E20, 0x1E21, 0x1E22, 0x1E23,
    0x1E24, 0x1E25, 0x1E26, 0x1E27, 0x1E28, 0x1E29, 0x1E2A, 0x1E2B, 0x1E2C, 0x1E2D, 0x1E2E, 0x1E2F,
    0x1E30, 0x1E31, 0x1E32, 0x1E33, 0x1E34, 0x1E35, 0x1E36, 0x1E37, 0x1E38, 0x1E39, 0x1E3A, 0x1E3B,
    0x1E3C, 0x1E3D, 0x1E3E, 0x1E3F, 0x1E40, 0x1E41, 0x1E42, 0x1E43, 0x1E44, 0x1E45, 0x1E46, 0x1E47,
    0x1E48, 0x1E49, 0x1E4A, 0x1E4B, 0x1E4C, 0x1E4D, 0x1E4E, 0x1E4F, 0x1E50, 0x1E51, 0x1E52, 0x1E53,
    0x1E54, 0x1E55, 0x1E56, 0x1E57, 0x1E58, 0x1E59, 0x1E5A, 0x1E5B, 0x1E5C, 0x1E5D, 0x1E5E, 0x1E5F,
    0x1E60, 0x1E61, 0x1E62, 0x1E63, 0x1E64, 0x1E65, 0x1E66, 0x1E67, 0x1E68, 0x1E69, 0x1E6A, 0x1E6B,
    0x1E6C, 0x1E6D, 0x1E6E, 0x1E6F, 0x1E70, 0x1E71, 0x1E72, 0x1E73, 0x1E74, 0x1E75, 0x1E76, 0x1E77,
    0x1E78, 0x1E79, 0x1E7A, 0x1E7B, 0x1E7C, 0x1E7D, 0x1E7E, 0x1E7F, 0x1E80, 0x1E81, 0x1E82, 0x1E83,
    0x1E84, 0x1E85, 0x1E86, 0x1E87, 0x1E88, 0x1E89, 0x1E8A, 0x1E8B, 0x1E8C, 0x1E8D, 0x1E8E, 0x1E8F,
    0x1E90, 0x1E91, 0x1E92, 0x1E93, 0x1E94, 0x1E95, 0x1E96, 0x1E97, 0x1E98, 0x1E99, 0x1E9A, 0x1E9B,
    0x1EA0, 0x1EA1, 0x1EA2, 0x1EA3, 0x1EA4, 0x1EA5, 0x1EA6, 0x1EA7, 0x1EA8, 0x1EA9, 0x1EAA, 0x1EAB,
    0x1EAC, 0x1EAD, 0x1EAE, 0x1EAF, 0x1EB0, 0x1EB1, 0x1EB2, 0x1EB3, 0x1EB4, 0x1EB5, 0x1EB6, 0x1EB7,
    0x1EB8, 0x1EB9, 0x1EBA, 0x1EBB, 0x1EBC, 0x1EBD, 0x1EBE, 0x1EBF, 0x1EC0, 0x1EC1, 0x1EC2, 0x1EC3,
    0x1EC4, 0x1EC5, 0x1EC6, 0x1EC7, 0x1EC8, 0x1EC9, 0x1ECA, 0x1ECB, 0x1ECC, 0x1ECD, 0x1ECE, 0x1ECF,
    0x1ED0, 0x1ED1, 0x1ED2, 0x1ED3, 0x1ED4, 0x1ED5, 0x1ED6, 0x1ED7, 0x1ED8, 0x1ED9, 0x1EDA, 0x1EDB,
    0x1EDC, 0x1EDD, 0x1EDE, 0x1EDF, 0x1EE0, 0x1EE1, 0x1EE2, 0x1EE3, 0x1EE4, 0x1EE5, 0x1EE6, 0x1EE7,
    0x1EE8, 0x1EE9, 0x1EEA, 0x1EEB, 0x1EEC, 0x1EED, 0x1EEE, 0x1EEF, 0x1EF0, 0x1EF1, 0x1EF2, 0x1EF3,
    0x1EF4, 0x1EF5, 0x1EF6, 0x1EF7, 0x1EF8, 0x1EF9, 0x1F00, 0x1F01, 0x1F02, 0x1F03, 0x1F04, 0x1F05,
    0x1F06, 0x1F07, 0x1F08, 0x1F09, 0x1F0A, 0x1F0B, 0x1F0C, 0x1F0D, 0x1F0E, 0x1F0F, 0x1F10, 0x1F11,
    0x1F12, 0x1F13, 0x1F14, 0x1F15, 0x1F18, 0x1F19, 0x1F1A, 0x1F1B, 0x1F1C, 0x1F1D, 0x1F20, 0x1F21,
    0x1F22, 0x1F23, 0x1F24, 0x1F25, 0x1F26, 0x1F27, 0x1F28, 0x1F29, 0x1F2A, 0x1F2B, 0x1F2C, 0x1F2D,
    0x1F2E, 0x1F2F, 0x1F30, 0x1F31, 0x1F32, 0x1F33, 0x1F34, 0x1F35, 0x1F36, 0x1F37, 0x1F38, 0x1F39,
    0x1F3A, 0x1F3B, 0x1F3C, 0x1F3D, 0x1F3E, 0x1F3F, 0x1F40, 0x1F41, 0x1F42, 0x1F43, 0x1F44, 0x1F45,
    0x1F48, 0x1F49, 0x1F4A, 0x1F4B, 0x1F4C, 0x1F4D, 0x1F50, 0x1F51, 0x1F52, 0x1F53, 0x1F54, 0x1F55,
    0x1F56, 0x1F57, 0x1F59, 0x1F5B, 0x1F5D, 0x1F5F, 0x1F60, 0x1F61, 0x1F62, 0x1F63, 0x1F64, 0x1F65,
    0x1F66, 0x1F67, 0x1F68, 0x1F69, 0x1F6A, 0x1F6B, 0x1F6C, 0x1F6D, 0x1F6E, 0x1F6F, 0x1F70, 0x1F71,
    0x1F72, 0x1F73, 0x1F74, 0x1F75, 0x1F76, 0x1F77, 0x1F78, 0x1F79, 0x1F7A, 0x1F7B, 0x1F7C, 0x1F7D,
    0x1F80, 0x1F81, 0x1F82, 0x1F83, 0x1F84, 0x1F85, 0x1F86, 0x1F87, 0x1F88, 0x1F89, 0x1F8A, 0x1F8B,
    0x1F8C, 0x1F8D, 0x1F8E, 0x1F8F, 0x1F90, 0x1F91, 0x1F92, 0x1F93, 0x1F94, 0x1F95, 0x1F96, 0x1F97,
    0x1F98, 0x1F99, 0x1F9A, 0x1F9B, 0x1F9C, 0x1F9D, 0x1F9E, 0x1F9F, 0x1FA0, 0x1FA1, 0x1FA2, 0x1FA3,
    0x1FA4, 0x1FA5, 0x1FA6, 0x1FA7, 0x1FA8, 0x1FA9, 0x1FAA, 0x1FAB, 0x1FAC, 0x1FAD, 0x1FAE, 0x1FAF,
    0x1FB0, 0x1FB1, 0x1FB2, 0x1FB3, 0x1FB4, 0x1FB6, 0x1FB7, 0x1FB8, 0x1FB9, 0x1FBA, 0x1FBB, 0x1FBC,
    0x1FBD, 0x1FBE, 0x1FBF, 0x1FC0, 0x1FC1, 0x1FC2, 0x1FC3, 0x1FC4, 0x1FC6, 0x1FC7, 0x1FC8, 0x1FC9,
    0x1FCA, 0x1FCB, 0x1FCC, 0x1FCD, 0x1FCE, 0x1FCF, 0x1FD0, 0x1FD1, 0x1FD2, 0x1FD3, 0x1FD6, 0x1FD7,
    0x1FD8, 0x1FD9, 0x1FDA, 0x1FDB, 0x1FDD, 0x1FDE, 0x1FDF, 0x1FE0, 0x1FE1, 0x1FE2, 0x1FE3, 0x1FE4,
    0x1FE5, 0x1FE6, 0x1FE7, 0x1FE8, 0x1FE9, 0x1FEA, 0x1FEB, 0x1FEC, 0x1FED, 0x1FEE, 0x1FEF, 0x1FF2,
    0x1FF3, 0x1FF4, 0x1FF6, 0x1FF7, 0x1FF8, 0x1FF9, 0x1FFA, 0x1FFB, 0x1FFC, 0x1FFD, 0x1FFE, 0x2000,
    0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2011, 0x2017,
    0x2024, 0x2025, 0x2026, 0x202F, 0x2033, 0x2034, 0x2036, 0x2037, 0x203C, 0x203E, 0x2047, 0x2048,
    0x2049, 0x2057, 0x205F, 0x2070, 0x2071, 0x2074, 0x2075, 0x2076, 0x2077, 0x2078, 0x2079, 0x207A,
    0x207B, 0x207C, 0x207D, 0x207E, 0x207F, 0x2080, 0x2081, 0x2082, 0x2083, 0x2084, 0x2085, 0x2086,
    0x2087, 0x2088, 0x2089, 0x208A, 0x208B, 0x208C, 0x208D, 0x208E, 0x20A8, 0x2100, 0x2101, 0x2102,
    0x2103, 0x2105, 0x2106, 0x2107, 0x2109, 0x210A, 0x210B, 0x210C, 0x210D, 0x210E, 0x210F, 0x2110,
    0x2111, 0x2112, 0x2113, 0x2115, 0x2116, 0x2119, 0x211A, 0x211B, 0x211C, 0x211D, 0x2120, 0x2121,
    0x2122, 0x2124, 0x2126, 0x2128, 0x212A, 0x212B, 0x212C, 0x212D, 0x212F, 0x2130, 0x2131, 0x2133,
    0x2134, 0x2135, 0x2136, 0x2137, 0x2138, 0x2139, 0x213D, 0x213E, 0x213F, 0x2140, 0x2145, 0x2146,
    0x2147, 0x2148, 0x2149, 0x2153, 0x2154, 0x2155, 0x2156, 0x2157, 0x2158, 0x2159, 0x215A, 0x215B,
    0x215C, 0x215D, 0x215E, 0x215F, 0x2160, 0x2161, 0x2162, 0x2163, 0x2164, 0x2165, 0x2166, 0x2167,
    0x2168, 0x2169, 0x216A, 0x216B, 0x216C, 0x216D, 0x216E, 0x216F, 0x2170, 0x2171, 0x2172, 0x2173,
    0x2174, 0x2175, 0x2176, 0x2177, 0x2178, 0x2179, 0x217A, 0x217B, 0x217C, 0x217D, 0x217E, 0x217F,
    0x219A, 0x219B, 0x21AE, 0x21CD, 0x21CE, 0x21CF, 0x2204, 0x2209, 0x220C, 0x2224, 0x2226, 0x222C,
    0x222D, 0x222F, 0x2230, 0x2241, 0x2244, 0x2247, 0x2249, 0x2260, 0x2262, 0x226D, 0x226E, 0x226F,
    0x2270, 0x2271, 0x2274, 0x2275, 0x2278, 0x2279, 0x2280, 0x2281, 0x2284, 0x2285, 0x2288, 0x2289,
    0x22AC, 0x22AD, 0x22AE, 0x22AF, 0x22E0, 0x22E1, 0x22E2, 0x22E3, 0x22EA, 0x22EB, 0x22EC, 0x22ED,
    0x2329, 0x232A, 0x2460, 0x2461, 0x2462, 0x2463, 0x2464, 0x2465, 0x2466, 0x2467, 0x2468, 0x2469,
    0x246A, 0x246B, 0x246C, 0x246D, 0x246E, 0x246F, 0x2470, 0x2471, 0x2472, 0x2473, 0x2474, 0x2475,
    0x2476, 0x2477, 0x2478, 0x2479, 0x247A, 0x247B, 0x247C, 0x247D, 0x247E, 0x247F, 0x2480, 0x2481,
    0x2482, 0x2483, 0x2484, 0x2485, 0x2486, 0x2487, 0x2488, 0x2489, 0x248A, 0x248B, 0x248C, 0x248D,
    0x248E, 0x248F, 0x2490, 0x2491, 0x2492, 0x2493, 0x2494, 0x2495, 0x2496, 0x2497, 0x2498, 0x2499,
    0x249A, 0x249B, 0x249C, 0x249D, 0x249E, 0x249F, 0x24A0, 0x24A1, 0x24A2, 0x24A3, 0x24A4, 0x24A5,
    0x24A6, 0x24A7, 0x24A8, 0x24A9, 0x24AA, 0x24AB, 0x24AC, 0x24AD, 0x24AE, 0x24AF, 0x24B0, 0x24B1,
    0x24B2, 0x24B3, 0x24B4, 0x24B5, 0x24B6, 0x24B7, 0x24B8, 0x24B9, 0x24BA, 0x24BB, 0x24BC, 0x24BD,
    0x24BE, 0x24BF, 0x24C0, 0x24C1, 0x24C2, 0x24C3, 0x24C4, 0x24C5, 0x24C6, 0x24C7, 0x24C8, 0x24C9,
    0x24CA, 0x24CB, 0x24CC, 0x24CD, 0x24CE, 0x24CF, 0x24D0, 0x24D1, 0x24D2, 0x24D3, 0x24D4, 0x24D5,
    0x24D6, 0x24D7, 0x24D8, 0x24D9, 0x24DA, 0x24DB, 0x24DC, 0x24DD, 0x24DE, 0x24DF, 0x24E0, 0x24E1,
    0x24E2, 0x24E3, 0x24E4, 0x24E5, 0x24E6, 0x24E7, 0x24E8, 0x24E9, 0x24EA, 0x2A0C, 0x2A74, 0x2A75,
    0x2A76, 0x2ADC, 0x2E9F, 0x2EF3, 0x2F00, 0x2F01, 0x2F02, 0x2F03, 0x2F04, 0x2F05, 0x2F06, 0x2F07,
    0x2F08, 0x2F09, 0x2F0A, 0x2F0B, 0x2F0C, 0x2F0D, 0x2F0E, 0x2F0F, 0x2F10, 0x2F11, 0x2F12, 0x2F13,
    0x2F14, 0x2F15, 0x2F16, 0x2F17, 0x2F18, 0x2F19, 0x2F1A, 0x2F1B, 0x2F1C, 0x2F1D, 0x2F1E, 0x2F1F,
    0x2F20, 0x2F21, 0x2F22, 0x2F23, 0x2F24, 0x2F25, 0x2F26, 0x2F27, 0x2F28, 0x2F29, 0x2F2A, 0x2F2B,
    0x2F2C, 0x2F2D, 0x2F2E, 0x2F2F, 0x2F30, 0x2F31, 0x2F32, 0x2F33, 0x2F34, 0x2F35, 0x2F36, 0x2F37,
    0x2F38, 0x2F39, 0x2F3A, 0x2F3B, 0x2F3C, 0x2F3D, 0x2F3E, 0x2F3F, 0x2F40, 0x2F41, 0x2F42, 0x2F43,
    0x2F44, 0x2F45, 0x2F46, 0x2F47, 0x2F48, 0x2F49, 0x2F4A, 0x2F4B, 0x2F4C, 0x2F4D, 0x2F4E, 0x2F4F,
    0x2F50, 0x2F51, 0x2F52, 0x2F53, 0x2F54, 0x2F55, 0x2F56, 0x2F57, 0x2F58, 0x2F59, 0x2F5A, 0x2F5B,
    0x2F5C, 0x2F5D, 0x2F5E, 0x2F5F, 0x2F60, 0x2F61, 0x2F62, 0x2F63, 0x2F64, 0x2F65, 0x2F66, 0x2F67,
    0x2F68, 0x2F69, 0x2F6A, 0x2F6B, 0x2F6C, 0x2F6D, 0x2F6E, 0x2F6F, 0x2F70, 0x2F71, 0x2F72, 0x2F73,
    0x2F74, 0x2F75, 0x2F76, 0x2F77, 0x2F78, 0x2F79, 0x2F7A, 0x2F7B, 0x2F7C, 0x2F7D, 0x2F7E, 0x2F7F,
    0x2F80, 0x2F81, 0x2F82, 0x2F83, 0x2F84, 0x2F85, 0x2F86, 0x2F87, 0x2F88, 0x2F89, 0x2F8A, 0x2F8B,
    0x2F8C, 0x2F8D, 0x2F8E, 0x2F8F, 0x2F90, 0x2F91, 0x2F92, 0x2F93, 0x2F94, 0x2F95, 0x2F96, 0x2F97,
    0x2F98, 0x2F99, 0x2F9A, 0x2F9B, 0x2F9C, 0x2F9D, 0x2F9E, 0x2F9F, 0x2FA0, 0x2FA1, 0x2FA2, 0x2FA3,
    0x2FA4, 0x2FA5, 0x2FA6, 0x2FA7, 0x2FA8, 0x2FA9, 0x2FAA, 0x2FAB, 0x2FAC, 0x2FAD, 0x2FAE, 0x2FAF,
    0x2FB0, 0x2FB1, 0x2FB2, 0x2FB3, 0x2FB4, 0x2FB5, 0x2FB6, 0x2FB7, 0x2FB8, 0x2FB9, 0x2FBA, 0x2FBB,
    0x2FBC, 0x2FBD, 0x2FBE, 0x2FBF, 0x2FC0, 0x2FC1, 0x2FC2, 0x2FC3, 0x2FC4, 0x2FC5, 0x2FC6, 0x2FC7,
    0x2FC8, 0x2FC9, 0x2FCA, 0x2FCB, 0x2FCC, 0x2FCD, 0x2FCE, 0x2FCF, 0x2FD0, 0x2FD1, 0x2FD2, 0x2FD3,
    0x2FD4, 0x2FD5, 0x3000, 0x3036, 0x3038, 0x3039, 0x303A, 0x304C, 0x304E, 0x3050, 0x3052, 0x3054,
    0x3056, 0x3058, 0x305A, 0x305C, 0x305E, 0x3060, 0x3062, 0x3065, 0x3067, 0x3069, 0x3070, 0x3071,
    0x3073, 0x3074, 0x3076, 0x3077, 0x3079, 0x307A, 0x307C, 0x307D, 0x3094, 0x309B, 0x309C, 0x309E,
    0x309F, 0x30AC, 0x30AE, 0x30B0, 0x30B2, 0x30B4, 0x30B6, 0x30B8, 0x30BA, 0x30BC, 0x30BE, 0x30C0,
    0x30C2, 0x30C5, 0x30C7, 0x30C9, 0x30D0, 0x30D1, 0x30D3, 0x30D4, 0x30D6, 0x30D7, 0x30D9, 0x30DA,
    0x30DC, 0x30DD, 0x30F4, 0x30F7, 0x30F8, 0x30F9, 0x30FA, 0x30FE, 0x30FF, 0x3131, 0x3132, 0x3133,
    0x3134, 0x3135, 0x3136, 0x3137, 0x3138, 0x3139, 0x313A, 0x313B, 0x313C, 0x313D, 0x313E, 0x313F,
    0x3140, 0x3141, 0x3142, 0x3143, 0x3144, 0x3145, 0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B,
    0x314C, 0x314D, 0x314E, 0x314F, 0x3150, 0x3151, 0x3152, 0x3153, 0x3154, 0x3155, 0x3156, 0x3157,
    0x3158, 0x3159, 0x315A, 0x315B, 0x315C, 0x315D, 0x315E, 0x315F, 0x3160, 0x3161, 0x3162, 0x3163,
    0x3164, 0x3165, 0x3166, 0x3167, 0x3168, 0x3169, 0x316A, 0x316B, 0x316C, 0x316D, 0x316E, 0x316F,
    0x3170, 0x3171, 0x3172, 0x3173, 0x3174, 0x3175, 0x3176, 0x3177, 0x3178, 0x3179, 0x317A, 0x317B,
    0x317C, 0x317D, 0x317E, 0x317F, 0x3180, 0x3181, 0x3182, 0x3183, 0x3184, 0x3185, 0x3186, 0x3187,
    0x3188, 0x3189, 0x318A, 0x318B, 0x318C, 0x318D, 0x318E, 0x3192, 0x3193, 0x3194, 0x3195, 0x3196,
    0x3197, 0x3198, 0x3199, 0x319A, 0x319B, 0x319C, 0x319D, 0x319E, 0x319F, 0x3200, 0x3201, 0x3202,
    0x3203, 0x3204, 0x3205, 0x3206, 0x3207, 0x3208, 0x3209, 0x320A, 0x320B, 0x320C, 0x320D, 0x320E,
    0x320F, 0x3210, 0x3211, 0x3212, 0x3213, 0x3214, 0x3215, 0x3216, 0x3217, 0x3218, 0x3219, 0x321A,
    0x321B, 0x321C, 0x3220, 0x3221, 0x3222, 0x3223, 0x3224, 0x3225, 0x3226, 0x3227, 0x3228, 0x3229,
    0x322A, 0x322B, 0x322C, 0x322D, 0x322E, 0x322F, 0x3230, 0x3231, 0x3232, 0x3233, 0x3234, 0x3235,
    0x3236, 0x3237, 0x3238, 0x3239, 0x323A, 0x323B, 0x323C, 0x323D, 0x323E, 0x323F, 0x3240, 0x3241,
    0x3242, 0x3243, 0x3251, 0x3252, 0x3253, 0x3254, 0x3255, 0x3256, 0x3257, 0x3258, 0x3259, 0x325A,
    0x325B, 0x325C, 0x325D, 0x325E, 0x325F, 0x3260, 0x3261, 0x3262, 0x3263, 0x3264, 0x3265, 0x3266,
    0x3267, 0x3268, 0x3269, 0x326A, 0x326B, 0x326C, 0x326D, 0x326E, 0x326F, 0x3270, 0x3271, 0x3272,
    0x3273, 0x3274, 0x3275, 0x3276, 0x3277, 0x3278, 0x3279, 0x327A, 0x327B, 0x3280, 0x3281, 0x3282,
    0x3283, 0x3284, 0x3285, 0x3286, 0x3287, 0x3288, 0x3289, 0x328A, 0x328B, 0x328C, 0x328D, 0x328E,
    0x328F, 0x3290, 0x3291, 0x3292, 0x3293, 0x3294, 0x3295, 0x3296, 0x3297, 0x3298, 0x3299, 0x329A,
    0x329B, 0x329C, 0x329D, 0x329E, 0x329F, 0x32A0, 0x32A1, 0x32A2, 0x32A3, 0x32A4, 0x32A5, 0x32A6,
    0x32A7, 0x32A8, 0x32A9, 0x32AA, 0x32AB, 0x32AC, 0x32AD, 0x32AE, 0x32AF, 0x32B0, 0x32B1, 0x32B2,
    0x32B3, 0x32B4, 0x32B5, 0x32B6, 0x32B7, 0x32B8, 0x32B9, 0x32BA, 0x32BB, 0x32BC, 0x32BD, 0x32BE,
    0x32BF, 0x32C0, 0x32C1, 0x32C2, 0x32C3, 0x32C4, 0x32C5, 0x32C6, 0x32C7, 0x32C8, 0x32C9, 0x32CA,
    0x32CB, 0x32D0, 0x32D1, 0x32D2, 0x32D3, 0x32D4, 0x32D5, 0x32D6, 0x32D7, 0x32D8, 0x32D9, 0x32DA,
    0x32DB, 0x32DC, 0x32DD, 0x32DE, 0x32DF, 0x32E0, 0x32E1, 0x32E2, 0x32E3, 0x32E4, 0x32E5, 0x32E6,
    0x32E7, 0x32E8, 0x32E9, 0x32EA, 0x32EB, 0x32EC, 0x32ED, 0x32EE, 0x32EF, 0x32F0, 0x32F1, 0x32F2,
    0x32F3, 0x32F4, 0x32F5, 0x32F6, 0x32F7, 0x32F8, 0x32F9, 0x32FA, 0x32FB, 0x32FC, 0x32FD, 0x32FE,
    0x3300, 0x3301, 0x3302, 0x3303, 0x3304, 0x3305, 0x3306, 0x3307, 0x3308, 0x3309, 0x330A, 0x330B,
    0x330C, 0x330D, 0x330E, 0x330F, 0x3310, 0x3311, 0x3312, 0x3313, 0x3314, 0x3315, 0x3316, 0x3317,
    0x3318, 0x3319, 0x331A, 0x331B, 0x331C, 0x331D, 0x331E, 0x331F, 0x3320, 0x3321, 0x3322, 0x3323,
    0x3324, 0x3325, 0x3326, 0x3327, 0x3328, 0x3329, 0x332A, 0x332B, 0x332C, 0x332D, 0x332E, 0x332F,
    0x3330, 0x3331, 0x3332, 0x3333, 0x3334, 0x3335, 0x3336, 0x3337, 0x3338, 0x3339, 0x333A, 0x333B,
    0x333C, 0x333D, 0x333E, 0x333F, 0x3340, 0x3341, 0x3342, 0x3343, 0x3344, 0x3345, 0x3346, 0x3347,
    0x3348, 0x3349, 0x334A, 0x334B, 0x334C, 0x334D, 0x334E, 0x334F, 0x3350, 0x3351, 0x3352, 0x3353,
    0x3354, 0x3355, 0x3356, 0x3357, 0x3358, 0x3359, 0x335A, 0x335B, 0x335C, 0x335D, 0x335E, 0x335F,
    0x3360, 0x3361, 0x3362, 0x3363, 0x3364, 0x3365, 0x3366, 0x3367, 0x3368, 0x3369, 0x336A, 0x336B,
    0x336C, 0x336D, 0x336E, 0x336F, 0x3370, 0x3371, 0x3372, 0x3373, 0x3374, 0x3375, 0x3376, 0x337B,
    0x337C, 0x337D, 0x337E, 0x337F, 0x3380, 0x3381, 0x3382, 0x3383, 0x3384, 0x3385, 0x3386, 0x3387,
    0x3388, 0x3389, 0x338A, 0x338B, 0x338C, 0x338D, 0x338E, 0x338F, 0x3390, 0x3391, 0x3392, 0x3393,
    0x3394, 0x3395, 0x3396, 0x3397, 0x3398, 0x3399, 0x339A, 0x339B, 0x339C, 0x339D, 0x339E, 0x339F,
    0x33A0, 0x33A1, 0x33A2, 0x33A3, 0x33A4, 0x33A5, 0x33A6, 0x33A7, 0x33A8, 0x33A9, 0x33AA, 0x33AB,
    0x33AC, 0x33AD, 0x33AE, 0x33AF, 0x33B0, 0x33B1, 0x33B2, 0x33B3, 0x33B4, 0x33B5, 0x33B6, 0x33B7,
    0x33B8, 0x33B9, 0x33BA, 0x33BB, 0x33BC, 0x33BD, 0x33BE, 0x33BF, 0x33C0, 0x33C1, 0x33C2, 0x33C3,
    0x33C4, 0x33C5, 0x33C6, 0x33C7, 0x33C8, 0x33C9, 0x33CA, 0x33CB, 0x33CC, 0x33CD, 0x33CE, 0x33CF,
    0x33D0, 0x33D1, 0x33D2, 0x33D3, 0x33D4, 0x33D5, 0x33D6, 0x33D7, 0x33D8, 0x33D9, 0x33DA, 0x33DB,
    0x33DC, 0x33DD, 0x33E0, 0x33E1, 0x33E2, 0x33E3, 0x33E4, 0x33E5, 0x33E6, 0x33E7, 0x33E8, 0x33E9,
    0x33EA, 0x33EB, 0x33EC, 0x33ED, 0x33EE, 0x33EF, 0x33F0, 0x33F1, 0x33F2, 0x33F3, 0x33F4, 0x33F5,
    0x33F6, 0x33F7, 0x33F8, 0x33F9, 0x33FA, 0x33FB, 0x33FC, 0x33FD, 0x33FE, 0xF900, 0xF901, 0xF902,
    0xF903, 0xF904, 0xF905, 0xF906, 0xF907, 0xF908, 0xF909, 0xF90A, 0xF90B, 0xF90C, 0xF90D, 0xF90E,
    0xF90F, 0xF910, 0xF911, 0xF912, 0xF913, 0xF914, 0xF915, 0xF916, 0xF917, 0xF918, 0xF919, 0xF91A,
    0xF91B, 0xF91C, 0xF91D, 0xF91E, 0xF91F, 0xF920, 0xF921, 0xF922, 0xF923, 0xF924, 0xF925, 0xF926,
    0xF927, 0xF928, 0xF929, 0xF92A, 0xF92B, 0xF92C, 0xF92D, 0xF92E, 0xF92F, 0xF930, 0xF931, 0xF932,
    0xF933, 0xF934, 0xF935, 0xF936, 0xF937, 0xF938, 0xF939, 0xF93A, 0xF93B, 0xF93C, 0xF93D, 0xF93E,
    0xF93F, 0xF940, 0xF941, 0xF942, 0xF943, 0xF944, 0xF945, 0xF946, 0xF947, 0xF948, 0xF949, 0xF94A,
    0xF94B, 0xF94C, 0xF94D, 0xF94E, 0xF94F, 0xF950, 0xF951, 0xF952, 0xF953, 0xF954, 0xF955, 0xF956,
    0xF957, 0xF958, 0xF959, 0xF95A, 0xF95B, 0xF95C, 0xF95D, 0xF95E, 0xF95F, 0xF960, 0xF961, 0xF962,
    0xF963, 0xF964, 0xF965, 0xF966, 0xF967, 0xF968, 0xF969, 0xF96A, 0xF96B, 0xF96C, 0xF96D, 0xF96E,
    0xF96F, 0xF970, 0xF971, 0xF972, 0xF973, 0xF974, 0xF975, 0xF976, 0xF977, 0xF978, 0xF979, 0xF97A,
    0xF97B, 0xF97C, 0xF97D, 0xF97E, 0xF97F, 0xF980, 0xF981, 0xF982, 0xF983, 0xF984, 0xF985, 0xF986,
    0xF987, 0xF988, 0xF989, 0xF98A, 0xF98B, 0xF98C, 0xF98D, 0xF98E, 0xF98F, 0xF990, 0xF991, 0xF992,
    0xF993, 0xF994, 0xF995, 0xF996, 0xF997, 0xF998, 0xF999, 0xF99A, 0xF99B, 0xF99C, 0xF99D, 0xF99E,
    0xF99F, 0xF9A0, 0xF9A1, 0xF9A2, 0xF9A3, 0xF9A4, 0xF9A5, 0xF9A6, 0xF9A7, 0xF9A8, 0xF9A9, 0xF9AA,
    0xF9AB, 0xF9AC, 0xF9AD, 0xF9AE, 0xF9AF, 0xF9B0, 0xF9B1, 0xF9B2, 0xF9B3, 0xF9B4, 0xF9B5, 0xF9B6,
    0xF9B7, 0xF9B8, 0xF9B9, 0xF9BA, 0xF9BB, 0xF9BC, 0xF9BD, 0xF9BE, 0xF9BF, 0xF9C0, 0xF9C1, 0xF9C2,
    0xF9C3, 0xF9C4, 0xF9C5, 0xF9C6, 0xF9C7, 0xF9C8, 0xF9C9, 0xF9CA, 0xF9CB, 0xF9CC, 0xF9CD, 0xF9CE,
    0xF9CF, 0xF9D0, 0xF9D1, 0xF9D2, 0xF9D3, 0xF9D4, 0xF9D5, 0xF9D6, 0xF9D7, 0xF9D8, 0xF9D9, 0xF9DA,
    0xF9DB, 0xF9DC, 0xF9DD, 0xF9DE, 0xF9DF, 0xF9E0, 0xF9E1, 0xF9E2, 0xF9E3, 0xF9E4, 0xF9E5, 0xF9E6,
    0xF9E7, 0xF9E8, 0xF9E9, 0xF9EA, 0xF9EB, 0xF9EC, 0xF9ED, 0xF9EE, 0xF9EF, 0xF9F0, 0xF9F1, 0xF9F2,
    0xF9F3, 0xF9F4, 0xF9F5, 0xF9F6, 0xF9F7, 0xF9F8, 0xF9F9, 0xF9FA, 0xF9FB, 0xF9FC, 0xF9FD, 0xF9FE,
    0xF9FF, 0xFA00, 0xFA01, 0xFA02, 0xFA03, 0xFA04, 0xFA05, 0xFA06, 0xFA07, 0xFA08, 0xFA09, 0xFA0A,
    0xFA0B, 0xFA0C, 0xFA0D, 0xFA10, 0xFA12, 0xFA15, 0xFA16, 0xFA17, 0xFA18, 0xFA19, 0xFA1A, 0xFA1B,
    0xFA1C, 0xFA1D, 0xFA1E, 0xFA20, 0xFA22, 0xFA25, 0xFA26, 0xFA2A, 0xFA2B, 0xFA2C, 0xFA2D, 0xFA30,
    0xFA31, 0xFA32, 0xFA33, 0xFA34, 0xFA35, 0xFA36, 0xFA37, 0xFA38, 0xFA39, 0xFA3A, 0xFA3B, 0xFA3C,
    0xFA3D, 0xFA3E, 0xFA3F, 0xFA40, 0xFA41, 0xFA42, 0xFA43, 0xFA44, 0xFA45, 0xFA46, 0xFA47, 0xFA48,
    0xFA49, 0xFA4A, 0xFA4B, 0xFA4C, 0xFA4D, 0xFA4E, 0xFA4F, 0xFA50, 0xFA51, 0xFA52, 0xFA53, 0xFA54,
    0xFA55, 0xFA56, 0xFA57, 0xFA58, 0xFA59, 0xFA5A, 0xFA5B, 0xFA5C, 0xFA5D, 0xFA5E, 0xFA5F, 0xFA60,
    0xFA61, 0xFA62, 0xFA63, 0xFA64, 0xFA65, 0xFA66, 0xFA67, 0xFA68, 0xFA69, 0xFA6A, 0xFB00, 0xFB01,
    0xFB02, 0xFB03, 0xFB04, 0xFB05, 0xFB06, 0xFB13, 0xFB14, 0xFB15, 0xFB16, 0xFB17, 0xFB1D, 0xFB1F,
    0xFB20, 0xFB21, 0xFB22, 0xFB23, 0xFB24, 0xFB25, 0xFB26, 0xFB27, 0xFB28, 0xFB29, 0xFB2A, 0xFB2B,
    0xFB2C, 0xFB2D, 0xFB2E, 0xFB2F, 0xFB30, 0xFB31, 0xFB32, 0xFB33, 0xFB34, 0xFB35, 0xFB36, 0xFB38,
    0xFB39, 0xFB3A, 0xFB3B, 0xFB3C, 0xFB3E, 0xFB40, 0xFB41, 0xFB43, 0xFB44, 0xFB46, 0xFB47, 0xFB48,
    0xFB49, 0xFB4A, 0xFB4B, 0xFB4C, 0xFB4D, 0xFB4E, 0xFB4F, 0xFB50, 0xFB51, 0xFB52, 0xFB53, 0xFB54,
    0xFB55, 0xFB56, 0xFB57, 0xFB58, 0xFB59, 0xFB5A, 0xFB5B, 0xFB5C, 0xFB5D, 0xFB5E, 0xFB5F, 0xFB60,
    0xFB61, 0xFB62, 0xFB63, 0xFB64, 0xFB65, 0xFB66, 0xFB67, 0xFB68, 0xFB69, 0xFB6A, 0xFB6B, 0xFB6C,
    0xFB6D, 0xFB6E, 0xFB6F, 0xFB70, 0xFB71, 0xFB72, 0xFB73, 0xFB74, 0xFB75, 0xFB76, 0xFB77, 0xFB78,
    0xFB79, 0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D, 0xFB7E, 0xFB7F, 0xFB80, 0xFB81, 0xFB82, 0xFB83, 0xFB84,
    0xFB85, 0xFB86, 0xFB87, 0xFB88, 0xFB89, 0xFB8A, 0xFB8B, 0xFB8C, 0xFB8D, 0xFB8E, 0xFB8F, 0xFB90,
    0xFB91, 0xFB92, 0xFB93, 0xFB94, 0xFB95, 0xFB96, 0xFB97, 0xFB98, 0xFB99, 0xFB9A, 0xFB9B, 0xFB9C,
    0xFB9D, 0xFB9E, 0xFB9F, 0xFBA0, 0xFBA1, 0xFBA2, 0xFBA3, 0xFBA4, 0xFBA5, 0xFBA6, 0xFBA7, 0xFBA8,
    0xFBA9, 0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD, 0xFBAE, 0xFBAF, 0xFBB0, 0xFBB1, 0xFBD3, 0xFBD4, 0xFBD5,
    0xFBD6, 0xFBD7, 0xFBD8, 0xFBD9, 0xFBDA, 0xFBDB, 0xFBDC, 0xFBDD, 0xFBDE, 0xFBDF, 0xFBE0, 0xFBE1,
    0xFBE2, 0xFBE3, 0xFBE4, 0xFBE5, 0xFBE6, 0xFBE7, 0xFBE8, 0xFBE9, 0xFBEA, 0xFBEB, 0xFBEC, 0xFBED,
    0xFBEE, 0xFBEF, 0xFBF0, 0xFBF1, 0xFBF2, 0xFBF3, 0xFBF4, 0xFBF5, 0xFBF6, 0xFBF7, 0xFBF8, 0xFBF9,
    0xFBFA, 0xFBFB, 0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF, 0xFC00, 0xFC01, 0xFC02, 0xFC03, 0xFC04, 0xFC05,
    0xFC06, 0xFC07, 0xFC08, 0xFC09, 0xFC0A, 0xFC0B, 0xFC0C, 0xFC0D, 0xFC0E, 0xFC0F, 0xFC10, 0xFC11,
    0xFC12, 0xFC13, 0xFC14, 0xFC15, 0xFC16, 0xFC17, 0xFC18, 0xFC19, 0xFC1A, 0xFC1B, 0xFC1C, 0xFC1D,
    0xFC1E, 0xFC1F, 0xFC20, 0xFC21, 0xFC22, 0xFC23, 0xFC24, 0xFC25, 0xFC26, 0xFC27, 0xFC28, 0xFC29,
    0xFC2A, 0xFC2B, 0xFC2C, 0xFC2D, 0xFC2E, 0xFC2F, 0xFC30, 0xFC31, 0xFC32, 0xFC33, 0xFC34, 0xFC35,
    0xFC36, 0xFC37, 0xFC38, 0xFC39, 0xFC3A, 0xFC3B, 0xFC3C, 0xFC3D, 0xFC3E, 0xFC3F, 0xFC40, 0xFC41,
    0xFC42, 0xFC43, 0xFC44, 0xFC45, 0xFC46, 0xFC47, 0xFC48, 0xFC49, 0xFC4A, 0xFC4B, 0xFC4C, 0xFC4D,
    0xFC4E, 0xFC4F, 0xFC50, 0xFC51, 0xFC52, 0xFC53, 0xFC54, 0xFC55, 0xFC56, 0xFC57, 0xFC58, 0xFC59,
    0xFC5A, 0xFC5B, 0xFC5C, 0xFC5D, 0xFC5E, 0xFC5F, 0xFC60, 0xFC61, 0xFC62, 0xFC63, 0xFC64, 0xFC65,
    0xFC66, 0xFC67, 0xFC68, 0xFC69, 0xFC6A, 0xFC6B, 0xFC6C, 0xFC6D, 0xFC6E, 0xFC6F, 0xFC70, 0xFC71,
    0xFC72, 0xFC73, 0xFC74, 0xFC75, 0xFC76, 0xFC77, 0xFC78, 0xFC79, 0xFC7A, 0xFC7B, 0xFC7C, 0xFC7D,
    0xFC7E, 0xFC7F, 0xFC80, 0xFC81, 0xFC82, 0xFC83, 0xFC84, 0xFC85, 0xFC86, 0xFC87, 0xFC88, 0xFC89,
    0xFC8A, 0xFC8B, 0xFC8C, 0xFC8D, 0xFC8E, 0xFC8F, 0xFC90, 0xFC91, 0xFC92, 0xFC93, 0xFC94, 0xFC95,
    0xFC96, 0xFC97, 0xFC98, 0xFC99, 0xFC9A, 0xFC9B, 0xFC9C, 0xFC9D, 0xFC9E, 0xFC9F, 0xFCA0, 0xFCA1,
    0xFCA2, 0xFCA3, 0xFCA4, 0xFCA5, 0xFCA6, 0xFCA7, 0xFCA8, 0xFCA9, 0xFCAA, 0xFCAB, 0xFCAC, 0xFCAD,
    0xFCAE, 0xFCAF, 0xFCB0, 0xFCB1, 0xFCB2, 0xFCB3, 0xFCB4, 0xFCB5, 0xFCB6, 0xFCB7, 0xFCB8, 0xFCB9,
    0xFCBA, 0xFCBB, 0xFCBC, 0xFCBD, 0xFCBE, 0xFCBF, 0xFCC0, 0xFCC1, 0xFCC2, 0xFCC3, 0xFCC4, 0xFCC5,
    0xFCC6, 0xFCC7, 0xFCC8, 0xFCC9, 0xFCCA, 0xFCCB, 0xFCCC, 0xFCCD, 0xFCCE, 0xFCCF, 0xFCD0, 0xFCD1,
    0xFCD2, 0xFCD3, 0xFCD4, 0xFCD5, 0xFCD6, 0xFCD7, 0xFCD8, 0xFCD9, 0xFCDA, 0xFCDB, 0xFCDC, 0xFCDD,
    0xFCDE, 0xFCDF, 0xFCE0, 0xFCE1, 0xFCE2, 0xFCE3, 0xFCE4, 0xFCE5, 0xFCE6, 0xFCE7, 0xFCE8, 0xFCE9,
    0xFCEA, 0xFCEB, 0xFCEC, 0xFCED, 0xFCEE, 0xFCEF, 0xFCF0, 0xFCF1, 0xFCF2, 0xFCF3, 0xFCF4, 0xFCF5,
    0xFCF6, 0xFCF7, 0xFCF8, 0xFCF9, 0xFCFA, 0xFCFB, 0xFCFC, 0xFCFD, 0xFCFE, 0xFCFF, 0xFD00, 0xFD01,
    0xFD02, 0xFD03, 0xFD04, 0xFD05, 0xFD06, 0xFD07, 0xFD08, 0xFD09, 0xFD0A, 0xFD0B, 0xFD0C, 0xFD0D,
    0xFD0E, 0xFD0F, 0xFD10, 0xFD11, 0xFD12, 0xFD13, 0xFD14, 0xFD15, 0xFD16, 0xFD17, 0xFD18, 0xFD19,
    0xFD1A, 0xFD1B, 0xFD1C, 0xFD1D, 0xFD1E, 0xFD1F, 0xFD20, 0xFD21, 0xFD22, 0xFD23, 0xFD24, 0xFD25,
    0xFD26, 0xFD27, 0xFD28, 0xFD29, 0xFD2A, 0xFD2B, 0xFD2C, 0xFD2D, 0xFD2E, 0xFD2F, 0xFD30, 0xFD31,
    0xFD32, 0xFD33, 0xFD34, 0xFD35, 0xFD36, 0xFD37, 0xFD38, 0xFD39, 0xFD3A, 0xFD3B, 0xFD3C, 0xFD3D,
    0xFD50, 0xFD51, 0xFD52, 0xFD53, 0xFD54, 0xFD55, 0xFD56, 0xFD57, 0xFD58, 0xFD59, 0xFD5A, 0xFD5B,
    0xFD5C, 0xFD5D, 0xFD5E, 0xFD5F, 0xFD60, 0xFD61, 0xFD62, 0xFD63, 0xFD64, 0xFD65, 0xFD66, 0xFD67,
    0xFD68, 0xFD69, 0xFD6A, 0xFD6B, 0xFD6C, 0xFD6D, 0xFD6E, 0xFD6F, 0xFD70, 0xFD71, 0xFD72, 0xFD73,
    0xFD74, 0xFD75, 0xFD76, 0xFD77, 0xFD78, 0xFD79, 0xFD7A, 0xFD7B, 0xFD7C, 0xFD7D, 0xFD7E, 0xFD7F,
    0xFD80, 0xFD81, 0xFD82, 0xFD83, 0xFD84, 0xFD85, 0xFD86, 0xFD87, 0xFD88, 0xFD89, 0xFD8A, 0xFD8B,
    0xFD8C, 0xFD8D, 0xFD8E, 0xFD8F, 0xFD92, 0xFD93, 0xFD94, 0xFD95, 0xFD96, 0xFD97, 0xFD98, 0xFD99,
    0xFD9A, 0xFD9B, 0xFD9C, 0xFD9D, 0xFD9E, 0xFD9F, 0xFDA0, 0xFDA1, 0xFDA2, 0xFDA3, 0xFDA4, 0xFDA5,
    0xFDA6, 0xFDA7, 0xFDA8, 0xFDA9, 0xFDAA, 0xFDAB, 0xFDAC, 0xFDAD, 0xFDAE, 0xFDAF, 0xFDB0, 0xFDB1,
    0xFDB2, 0xFDB3, 0xFDB4, 0xFDB5, 0xFDB6, 0xFDB7, 0xFDB8, 0xFDB9, 0xFDBA, 0xFDBB, 0xFDBC, 0xFDBD,
    0xFDBE, 0xFDBF, 0xFDC0, 0xFDC1, 0xFDC2, 0xFDC3, 0xFDC4, 0xFDC5, 0xFDC6, 0xFDC7, 0xFDF0, 0xFDF1,
    0xFDF2, 0xFDF3, 0xFDF4, 0xFDF5, 0xFDF6, 0xFDF7, 0xFDF8, 0xFDF9, 0xFDFA, 0xFDFB, 0xFDFC, 0xFE30,
    0xFE31, 0xFE32, 0xFE33, 0xFE34, 0xFE35, 0xFE36, 0xFE37, 0xFE38, 0xFE39, 0xFE3A, 0xFE3B, 0xFE3C,
    0xFE3D, 0xFE3E, 0xFE3F, 0xFE40, 0xFE41, 0xFE42, 0xFE43, 0xFE44, 0xFE49, 0xFE4A, 0xFE4B, 0xFE4C,
    0xFE4D, 0xFE4E, 0xFE4F, 0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55, 0xFE56, 0xFE57, 0xFE58, 0xFE59,
    0xFE5A, 0xFE5B, 0xFE5C, 0xFE5D, 0xFE5E, 0xFE5F, 0xFE60, 0xFE61, 0xFE62, 0xFE63, 0xFE64, 0xFE65,
    0xFE66, 0xFE68, 0xFE69, 0xFE6A, 0xFE6B, 0xFE70, 0xFE71, 0xFE72, 0xFE74, 0xFE76, 0xFE77, 0xFE78,
    0xFE79, 0xFE7A, 0xFE7B, 0xFE7C, 0xFE7D, 0xFE7E, 0xFE7F, 0xFE80, 0xFE81, 0xFE82, 0xFE83, 0xFE84,
    0xFE85, 0xFE86, 0xFE87, 0xFE88, 0xFE89, 0xFE8A, 0xFE8B, 0xFE8C, 0xFE8D, 0xFE8E, 0xFE8F, 0xFE90,
    0xFE91, 0xFE92, 0xFE93, 0xFE94, 0xFE95, 0xFE96, 0xFE97, 0xFE98, 0xFE99, 0xFE9A, 0xFE9B, 0xFE9C,
    0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0, 0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4, 0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8,
    0xFEA9, 0xFEAA, 0xFEAB, 0xFEAC, 0xFEAD, 0xFEAE, 0xFEAF, 0xFEB0, 0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4,
    0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8, 0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC, 0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0,
    0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4, 0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8, 0xFEC9, 0xFECA, 0xFECB, 0xFECC,
    0xFECD, 0xFECE, 0xFECF, 0xFED0, 0xFED1, 0xFED2, 0xFED3, 0xFED4, 0xFED5, 0xFED6, 0xFED7, 0xFED8,
    0xFED9, 0xFEDA, 0xFEDB, 0xFEDC, 0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0, 0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4,
    0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8, 0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC, 0xFEED, 0xFEEE, 0xFEEF, 0xFEF0,
    0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4, 0xFEF5, 0xFEF6, 0xFEF7, 0xFEF8, 0xFEF9, 0xFEFA, 0xFEFB, 0xFEFC,
    0xFF01, 0xFF02, 0xFF03, 0xFF04, 0xFF05, 0xFF06, 0xFF07, 0xFF08, 0xFF09, 0xFF0A, 0xFF0B, 0xFF0C,
    0xFF0D, 0xFF0E, 0xFF0F, 0xFF10, 0xFF11, 0xFF12, 0xFF13, 0xFF14, 0xFF15, 0xFF16, 0xFF17, 0xFF18,
    0xFF19, 0xFF1A, 0xFF1B, 0xFF1C, 0xFF1D, 0xFF1E, 0xFF1F, 0xFF20, 0xFF21, 0xFF22, 0xFF23, 0xFF24,
    0xFF25, 0xFF26, 0xFF27, 0xFF28, 0xFF29, 0xFF2A, 0xFF2B, 0xFF2C, 0xFF2D, 0xFF2E, 0xFF2F, 0xFF30,
    0xFF31, 0xFF32, 0xFF33, 0xFF34, 0xFF35, 0xFF36, 0xFF37, 0xFF38, 0xFF39, 0xFF3A, 0xFF3B, 0xFF3C,
    0xFF3D, 0xFF3E, 0xFF3F, 0xFF40, 0xFF41, 0xFF42, 0xFF43, 0xFF44, 0xFF45, 0xFF46, 0xFF47, 0xFF48,
    0xFF49, 0xFF4A, 0xFF4B, 0xFF4C, 0xFF4D, 0xFF4E, 0xFF4F, 0xFF50, 0xFF51, 0xFF52, 0xFF53, 0xFF54,
    0xFF55, 0xFF56, 0xFF57, 0xFF58, 0xFF59, 0xFF5A, 0xFF5B, 0xFF5C, 0xFF5D, 0xFF5E, 0xFF5F, 0xFF60,
    0xFF61, 0xFF62, 0xFF63, 0xFF64, 0xFF65, 0xFF66, 0xFF67, 0xFF68, 0xFF69, 0xFF6A, 0xFF6B, 0xFF6C,
    0xFF6D, 0xFF6E, 0xFF6F, 0xFF70, 0xFF71, 0xFF72, 0xFF73, 0xFF74, 0xFF75, 0xFF76, 0xFF77, 0xFF78,
    0xFF79, 0xFF7A, 0xFF7B, 0xFF7C, 0xFF7D, 0xFF7E, 0xFF7F, 0xFF80, 0xFF81, 0xFF82, 0xFF83, 0xFF84,
    0xFF85, 0xFF86, 0xFF87, 0xFF88, 0xFF89, 0xFF8A, 0xFF8B, 0xFF8C, 0xFF8D, 0xFF8E, 0xFF8F, 0xFF90,
    0xFF91, 0xFF92, 0xFF93, 0xFF94, 0xFF95, 0xFF96, 0xFF97, 0xFF98, 0xFF99, 0xFF9A, 0xFF9B, 0xFF9C,
    0xFF9D, 0xFF9E, 0xFF9F, 0xFFA0, 0xFFA1, 0xFFA2, 0xFFA3, 0xFFA4, 0xFFA5, 0xFFA6, 0xFFA7, 0xFFA8,
    0xFFA9, 0xFFAA, 0xFFAB, 0xFFAC, 0xFFAD, 0xFFAE, 0xFFAF, 0xFFB0, 0xFFB1, 0xFFB2, 0xFFB3, 0xFFB4,
    0xFFB5, 0xFFB6, 0xFFB7, 0xFFB8, 0xFFB9, 0xFFBA, 0xFFBB, 0xFFBC, 0xFFBD, 0xFFBE, 0xFFC2, 0xFFC3,
    0xFFC4, 0xFFC5, 0xFFC6, 0xFFC7, 0xFFCA, 0xFFCB, 0xFFCC, 0xFFCD, 0xFFCE, 0xFFCF, 0xFFD2, 0xFFD3,
    0xFFD4, 0xFFD5, 0xFFD6, 0xFFD7, 0xFFDA, 0xFFDB, 0xFFDC, 0xFFE0, 0xFFE1, 0xFFE2, 0xFFE3, 0xFFE4,
    0xFFE5, 0xFFE6, 0xFFE8, 0xFFE9, 0xFFEA, 0xFFEB, 0xFFEC, 0xFFED, 0xFFEE, 0xD15E, 0xD15F, 0xD160,
    0xD161, 0xD162, 0xD163, 0xD164, 0xD1BB, 0xD1BC, 0xD1BD, 0xD1BE, 0xD1BF, 0xD1C0, 0xD400, 0xD401,
    0xD402, 0xD403, 0xD404, 0xD405, 0xD406, 0xD407, 0xD408, 0xD409, 0xD40A, 0xD40B, 0xD40C, 0xD40D,
    0xD40E, 0xD40F, 0xD410, 0xD411, 0xD412, 0xD413, 0xD414, 0xD415, 0xD416, 0xD417, 0xD418, 0xD419,
    0xD41A, 0xD41B, 0xD41C, 0xD41D, 0xD41E, 0xD41F, 0xD420, 0xD421, 0xD422, 0xD423, 0xD424, 0xD425,
    0xD426, 0xD427, 0xD428, 0xD429, 0xD42A, 0xD42B, 0xD42C, 0xD42D, 0xD42E, 0xD42F, 0xD430, 0xD431,
    0xD432, 0xD433, 0xD434, 0xD435, 0xD436, 0xD437, 0xD438, 0xD439, 0xD43A, 0xD43B, 0xD43C, 0xD43D,
    0xD43E, 0xD43F, 0xD440, 0xD441, 0xD442, 0xD443, 0xD444, 0xD445, 0xD446, 0xD447, 0xD448, 0xD449,
    0xD44A, 0xD44B, 0xD44C, 0xD44D, 0xD44E, 0xD44F, 0xD450, 0xD451, 0xD452, 0xD453, 0xD454, 0xD456,
    0xD457, 0xD458, 0xD459, 0xD45A, 0xD45B, 0xD45C, 0xD45D, 0xD45E, 0xD45F, 0xD460, 0xD461, 0xD462,
    0xD463, 0xD464, 0xD465, 0xD466, 0xD467, 0xD468, 0xD469, 0xD46A, 0xD46B, 0xD46C, 0xD46D, 0xD46E,
    0xD46F, 0xD470, 0xD471, 0xD472, 0xD473, 0xD474, 0xD475, 0xD476, 0xD477, 0xD478, 0xD479, 0xD47A,
    0xD47B, 0xD47C, 0xD47D, 0xD47E, 0xD47F, 0xD480, 0xD481, 0xD482, 0xD483, 0xD484, 0xD485, 0xD486,
    0xD487, 0xD488, 0xD489, 0xD48A, 0xD48B, 0xD48C, 0xD48D, 0xD48E, 0xD48F, 0xD490, 0xD491, 0xD492,
    0xD493, 0xD494, 0xD495, 0xD496, 0xD497, 0xD498, 0xD499, 0xD49A, 0xD49B, 0xD49C, 0xD49E, 0xD49F,
    0xD4A2, 0xD4A5, 0xD4A6, 0xD4A9, 0xD4AA, 0xD4AB, 0xD4AC, 0xD4AE, 0xD4AF, 0xD4B0, 0xD4B1, 0xD4B2,
    0xD4B3, 0xD4B4, 0xD4B5, 0xD4B6, 0xD4B7, 0xD4B8, 0xD4B9, 0xD4BB, 0xD4BD, 0xD4BE, 0xD4BF, 0xD4C0,
    0xD4C2, 0xD4C3, 0xD4C5, 0xD4C6, 0xD4C7, 0xD4C8, 0xD4C9, 0xD4CA, 0xD4CB, 0xD4CC, 0xD4CD, 0xD4CE,
    0xD4CF, 0xD4D0, 0xD4D1, 0xD4D2, 0xD4D3, 0xD4D4, 0xD4D5, 0xD4D6, 0xD4D7, 0xD4D8, 0xD4D9, 0xD4DA,
    0xD4DB, 0xD4DC, 0xD4DD, 0xD4DE, 0xD4DF, 0xD4E0, 0xD4E1, 0xD4E2, 0xD4E3, 0xD4E4, 0xD4E5, 0xD4E6,
    0xD4E7, 0xD4E8, 0xD4E9, 0xD4EA, 0xD4EB, 0xD4EC, 0xD4ED, 0xD4EE, 0xD4EF, 0xD4F0, 0xD4F1, 0xD4F2,
    0xD4F3, 0xD4F4, 0xD4F5, 0xD4F6, 0xD4F7, 0xD4F8, 0xD4F9, 0xD4FA, 0xD4FB, 0xD4FC, 0xD4FD, 0xD4FE,
    0xD4FF, 0xD500, 0xD501, 0xD502, 0xD503, 0xD504, 0xD505, 0xD507, 0xD508, 0xD509, 0xD50A, 0xD50D,
    0xD50E, 0xD50F, 0xD510, 0xD511, 0xD512, 0xD513, 0xD514, 0xD516, 0xD517, 0xD518, 0xD519, 0xD51A,
    0xD51B, 0xD51C, 0xD51E, 0xD51F, 0xD520, 0xD521, 0xD522, 0xD523, 0xD524, 0xD525, 0xD526, 0xD527,
    0xD528, 0xD529, 0xD52A, 0xD52B, 0xD52C, 0xD52D, 0xD52E, 0xD52F, 0xD530, 0xD531, 0xD532, 0xD533,
    0xD534, 0xD535, 0xD536, 0xD537, 0xD538, 0xD539, 0xD53B, 0xD53C, 0xD53D, 0xD53E, 0xD540, 0xD541,
    0xD542, 0xD543, 0xD544, 0xD546, 0xD54A, 0xD54B, 0xD54C, 0xD54D, 0xD54E, 0xD54F, 0xD550, 0xD552,
    0xD553, 0xD554, 0xD555, 0xD556, 0xD557, 0xD558, 0xD559, 0xD55A, 0xD55B, 0xD55C, 0xD55D, 0xD55E,
    0xD55F, 0xD560, 0xD561, 0xD562, 0xD563, 0xD564, 0xD565, 0xD566, 0xD567, 0xD568, 0xD569, 0xD56A,
    0xD56B, 0xD56C, 0xD56D, 0xD56E, 0xD56F, 0xD570, 0xD571, 0xD572, 0xD573, 0xD574, 0xD575, 0xD576,
    0xD577, 0xD578, 0xD579, 0xD57A, 0xD57B, 0xD57C, 0xD57D, 0xD57E, 0xD57F, 0xD580, 0xD581, 0xD582,
    0xD583, 0xD584, 0xD585, 0xD586, 0xD587, 0xD588, 0xD589, 0xD58A, 0xD58B, 0xD58C, 0xD58D, 0xD58E,
    0xD58F, 0xD590, 0xD591, 0xD592, 0xD593, 0xD594, 0xD595, 0xD596, 0xD597, 0xD598, 0xD599, 0xD59A,
    0xD59B, 0xD59C, 0xD59D, 0xD59E, 0xD59F, 0xD5A0, 0xD5A1, 0xD5A2, 0xD5A3, 0xD5A4, 0xD5A5, 0xD5A6,
    0xD5A7, 0xD5A8, 0xD5A9, 0xD5AA, 0xD5AB, 0xD5AC, 0xD5AD, 0xD5AE, 0xD5AF, 0xD5B0, 0xD5B1, 0xD5B2,
    0xD5B3, 0xD5B4, 0xD5B5, 0xD5B6, 0xD5B7, 0xD5B8, 0xD5B9, 0xD5BA, 0xD5BB, 0xD5BC, 0xD5BD, 0xD5BE,
    0xD5BF, 0xD5C0, 0xD5C1, 0xD5C2, 0xD5C3, 0xD5C4, 0xD5C5, 0xD5C6, 0xD5C7, 0xD5C8, 0xD5C9, 0xD5CA,
    0xD5CB, 0xD5CC, 0xD5CD, 0xD5CE, 0xD5CF, 0xD5D0, 0xD5D1, 0xD5D2, 0xD5D3, 0xD5D4, 0xD5D5, 0xD5D6,
    0xD5D7, 0xD5D8, 0xD5D9, 0xD5DA, 0xD5DB, 0xD5DC, 0xD5DD, 0xD5DE, 0xD5DF, 0xD5E0, 0xD5E1, 0xD5E2,
    0xD5E3, 0xD5E4, 0xD5E5, 0xD5E6, 0xD5E7, 0xD5E8, 0xD5E9, 0xD5EA, 0xD5EB, 0xD5EC, 0xD5ED, 0xD5EE,
    0xD5EF, 0xD5F0, 0xD5F1, 0xD5F2, 0xD5F3, 0xD5F4, 0xD5F5, 0xD5F6, 0xD5F7, 0xD5F8, 0xD5F9, 0xD5FA,
    0xD5FB, 0xD5FC, 0xD5FD, 0xD5FE, 0xD5FF, 0xD600, 0xD601, 0xD602, 0xD603, 0xD604, 0xD605, 0xD606,
    0xD607, 0xD608, 0xD609, 0xD60A, 0xD60B, 0xD60C, 0xD60D, 0xD60E, 0xD60F, 0xD610, 0xD611, 0xD612,
    0xD613, 0xD614, 0xD615, 0xD616, 0xD617, 0xD618, 0xD619, 0xD61A, 0xD61B, 0xD61C, 0xD61D, 0xD61E,
    0xD61F, 0xD620, 0xD621, 0xD622, 0xD623, 0xD624, 0xD625, 0xD626, 0xD627, 0xD628, 0xD629, 0xD62A,
    0xD62B, 0xD62C, 0xD62D, 0xD62E, 0xD62F, 0xD630, 0xD631, 0xD632, 0xD633, 0xD634, 0xD635, 0xD636,
    0xD637, 0xD638, 0xD639, 0xD63A, 0xD63B, 0xD63C, 0xD63D, 0xD63E, 0xD63F, 0xD640, 0xD641, 0xD642,
    0xD643, 0xD644, 0xD645, 0xD646, 0xD647, 0xD648, 0xD649, 0xD64A, 0xD64B, 0xD64C, 0xD64D, 0xD64E,
    0xD64F, 0xD650, 0xD651, 0xD652, 0xD653, 0xD654, 0xD655, 0xD656, 0xD657, 0xD658, 0xD659, 0xD65A,
    0xD65B, 0xD65C, 0xD65D, 0xD65E, 0xD65F, 0xD660, 0xD661, 0xD662, 0xD663, 0xD664, 0xD665, 0xD666,
    0xD667, 0xD668, 0xD669, 0xD66A, 0xD66B, 0xD66C, 0xD66D, 0xD66E, 0xD66F, 0xD670, 0xD671, 0xD672,
    0xD673, 0xD674, 0xD675, 0xD676, 0xD677, 0xD678, 0xD679, 0xD67A, 0xD67B, 0xD67C, 0xD67D, 0xD67E,
    0xD67F, 0xD680, 0xD681, 0xD682, 0xD683, 0xD684, 0xD685, 0xD686, 0xD687, 0xD688, 0xD689, 0xD68A,
    0xD68B, 0xD68C, 0xD68D, 0xD68E, 0xD68F, 0xD690, 0xD691, 0xD692, 0xD693, 0xD694, 0xD695, 0xD696,
    0xD697, 0xD698, 0xD699, 0xD69A, 0xD69B, 0xD69C, 0xD69D, 0xD69E, 0xD69F, 0xD6A0, 0xD6A1, 0xD6A2,
    0xD6A3, 0xD6A8, 0xD6A9, 0xD6AA, 0xD6AB, 0xD6AC, 0xD6AD, 0xD6AE, 0xD6AF, 0xD6B0, 0xD6B1, 0xD6B2,
    0xD6B3, 0xD6B4, 0xD6B5, 0xD6B6, 0xD6B7, 0xD6B8, 0xD6B9, 0xD6BA, 0xD6BB, 0xD6BC, 0xD6BD, 0xD6BE,
    0xD6BF, 0xD6C0, 0xD6C1, 0xD6C2, 0xD6C3, 0xD6C4, 0xD6C5, 0xD6C6, 0xD6C7, 0xD6C8, 0xD6C9, 0xD6CA,
    0xD6CB, 0xD6CC, 0xD6CD, 0xD6CE, 0xD6CF, 0xD6D0, 0xD6D1, 0xD6D2, 0xD6D3, 0xD6D4, 0xD6D5, 0xD6D6,
    0xD6D7, 0xD6D8, 0xD6D9, 0xD6DA, 0xD6DB, 0xD6DC, 0xD6DD, 0xD6DE, 0xD6DF, 0xD6E0, 0xD6E1, 0xD6E2,
    0xD6E3, 0xD6E4, 0xD6E5, 0xD6E6, 0xD6E7, 0xD6E8, 0xD6E9, 0xD6EA, 0xD6EB, 0xD6EC, 0xD6ED, 0xD6EE,
    0xD6EF, 0xD6F0, 0xD6F1, 0xD6F2, 0xD6F3, 0xD6F4, 0xD6F5, 0xD6F6, 0xD6F7, 0xD6F8, 0xD6F9, 0xD6FA,
    0xD6FB, 0xD6FC, 0xD6FD, 0xD6FE, 0xD6FF, 0xD700, 0xD701, 0xD702, 0xD703, 0xD704, 0xD705, 0xD706,
    0xD707, 0xD708, 0xD709, 0xD70A, 0xD70B, 0xD70C, 0xD70D, 0xD70E, 0xD70F, 0xD710, 0xD711, 0xD712,
    0xD713, 0xD714, 0xD715, 0xD716, 0xD717, 0xD718, 0xD719, 0xD71A, 0xD71B, 0xD71C, 0xD71D, 0xD71E,
    0xD71F, 0xD720, 0xD721, 0xD722, 0xD723, 0xD724, 0xD725, 0xD726, 0xD727, 0xD728, 0xD729, 0xD72A,
    0xD72B, 0xD72C, 0xD72D, 0xD72E, 0xD72F, 0xD730, 0xD731, 0xD732, 0xD733, 0xD734, 0xD735, 0xD736,
    0xD737, 0xD738, 0xD739, 0xD73A, 0xD73B, 0xD73C, 0xD73D, 0xD73E, 0xD73F, 0xD740, 0xD741, 0xD742,
    0xD743, 0xD744, 0xD745, 0xD746, 0xD747, 0xD748, 0xD749, 0xD74A, 0xD74B, 0xD74C, 0xD74D, 0xD74E,
    0xD74F, 0xD750, 0xD751, 0xD752, 0xD753, 0xD754, 0xD755, 0xD756, 0xD757, 0xD758, 0xD759, 0xD75A,
    0xD75B, 0xD75C, 0xD75D, 0xD75E, 0xD75F, 0xD760, 0xD761, 0xD762, 0xD763, 0xD764, 0xD765, 0xD766,
    0xD767, 0xD768, 0xD769, 0xD76A, 0xD76B, 0xD76C, 0xD76D, 0xD76E, 0xD76F, 0xD770, 0xD771, 0xD772,
    0xD773, 0xD774, 0xD775, 0xD776, 0xD777, 0xD778, 0xD779, 0xD77A, 0xD77B, 0xD77C, 0xD77D, 0xD77E,
    0xD77F, 0xD780, 0xD781, 0xD782, 0xD783, 0xD784, 0xD785, 0xD786, 0xD787, 0xD788, 0xD789, 0xD78A,
    0xD78B, 0xD78C, 0xD78D, 0xD78E, 0xD78F, 0xD790, 0xD791, 0xD792, 0xD793, 0xD794, 0xD795, 0xD796,
    0xD797, 0xD798, 0xD799, 0xD79A, 0xD79B, 0xD79C, 0xD79D, 0xD79E, 0xD79F, 0xD7A0, 0xD7A1, 0xD7A2,
    0xD7A3, 0xD7A4, 0xD7A5, 0xD7A6, 0xD7A7, 0xD7A8, 0xD7A9, 0xD7AA, 0xD7AB, 0xD7AC, 0xD7AD, 0xD7AE,
    0xD7AF, 0xD7B0, 0xD7B1, 0xD7B2, 0xD7B3, 0xD7B4, 0xD7B5, 0xD7B6, 0xD7B7, 0xD7B8, 0xD7B9, 0xD7BA,
    0xD7BB, 0xD7BC, 0xD7BD, 0xD7BE, 0xD7BF, 0xD7C0, 0xD7C1, 0xD7C2, 0xD7C3, 0xD7C4, 0xD7C5, 0xD7C6,
    0xD7C7, 0xD7C8, 0xD7C9, 0xD7CE, 0xD7CF, 0xD7D0, 0xD7D1, 0xD7D2, 0xD7D3, 0xD7D4, 0xD7D5, 0xD7D6,
    0xD7D7, 0xD7D8, 0xD7D9, 0xD7DA, 0xD7DB, 0xD7DC, 0xD7DD, 0xD7DE, 0xD7DF, 0xD7E0, 0xD7E1, 0xD7E2,
    0xD7E3, 0xD7E4, 0xD7E5, 0xD7E6, 0xD7E7, 0xD7E8, 0xD7E9, 0xD7EA, 0xD7EB, 0xD7EC, 0xD7ED, 0xD7EE,
    0xD7EF, 0xD7F0, 0xD7F1, 0xD7F2, 0xD7F3, 0xD7F4, 0xD7F5, 0xD7F6, 0xD7F7, 0xD7F8, 0xD7F9, 0xD7FA,
    0xD7FB, 0xD7FC, 0xD7FD, 0xD7FE, 0xD7FF, 0xF800, 0xF801, 0xF802, 0xF803, 0xF804, 0xF805, 0xF806,
    0xF807, 0xF808, 0xF809, 0xF80A, 0xF80B, 0xF80C, 0xF80D, 0xF80E, 0xF80F, 0xF810, 0xF811, 0xF812,
    0xF813, 0xF814, 0xF815, 0xF816, 0xF817, 0xF818, 0xF819, 0xF81A, 0xF81B, 0xF81C, 0xF81D, 0xF81E,
    0xF81F, 0xF820, 0xF821, 0xF822, 0xF823, 0xF824, 0xF825, 0xF826, 0xF827, 0xF828, 0xF829, 0xF82A,
    0xF82B, 0xF82C, 0xF82D, 0xF82E, 0xF82F, 0xF830, 0xF831, 0xF832, 0xF833, 0xF834, 0xF835, 0xF836,
    0xF837, 0xF838, 0xF839, 0xF83A, 0xF83B, 0xF83C, 0xF83D, 0xF83E, 0xF83F, 0xF840, 0xF841, 0xF842,
    0xF843, 0xF844, 0xF845, 0xF846, 0xF847, 0xF848, 0xF849, 0xF84A, 0xF84B, 0xF84C, 0xF84D, 0xF84E,
    0xF84F, 0xF850, 0xF851, 0xF852, 0xF853, 0xF854, 0xF855, 0xF856, 0xF857, 0xF858, 0xF859, 0xF85A,
    0xF85B, 0xF85C, 0xF85D, 0xF85E, 0xF85F, 0xF860, 0xF861, 0xF862, 0xF863, 0xF864, 0xF865, 0xF866,
    0xF867, 0xF868, 0xF869, 0xF86A, 0xF86B, 0xF86C, 0xF86D, 0xF86E, 0xF86F, 0xF870, 0xF871, 0xF872,
    0xF873, 0xF874, 0xF875, 0xF876, 0xF877, 0xF878, 0xF879, 0xF87A, 0xF87B, 0xF87C, 0xF87D, 0xF87E,
    0xF87F, 0xF880, 0xF881, 0xF882, 0xF883, 0xF884, 0xF885, 0xF886, 0xF887, 0xF888, 0xF889, 0xF88A,
    0xF88B, 0xF88C, 0xF88D, 0xF88E, 0xF88F, 0xF890, 0xF891, 0xF892, 0xF893, 0xF894, 0xF895, 0xF896,
    0xF897, 0xF898, 0xF899, 0xF89A, 0xF89B, 0xF89C, 0xF89D, 0xF89E, 0xF89F, 0xF8A0, 0xF8A1, 0xF8A2,
    0xF8A3, 0xF8A4, 0xF8A5, 0xF8A6, 0xF8A7, 0xF8A8, 0xF8A9, 0xF8AA, 0xF8AB, 0xF8AC, 0xF8AD, 0xF8AE,
    0xF8AF, 0xF8B0, 0xF8B1, 0xF8B2, 0xF8B3, 0xF8B4, 0xF8B5, 0xF8B6, 0xF8B7, 0xF8B8, 0xF8B9, 0xF8BA,
    0xF8BB, 0xF8BC, 0xF8BD, 0xF8BE, 0xF8BF, 0xF8C0, 0xF8C1, 0xF8C2, 0xF8C3, 0xF8C4, 0xF8C5, 0xF8C6,
    0xF8C7, 0xF8C8, 0xF8C9, 0xF8CA, 0xF8CB, 0xF8CC, 0xF8CD, 0xF8CE, 0xF8CF, 0xF8D0, 0xF8D1, 0xF8D2,
    0xF8D3, 0xF8D4, 0xF8D5, 0xF8D6, 0xF8D7, 0xF8D8, 0xF8D9, 0xF8DA, 0xF8DB, 0xF8DC, 0xF8DD, 0xF8DE,
    0xF8DF, 0xF8E0, 0xF8E1, 0xF8E2, 0xF8E3, 0xF8E4, 0xF8E5, 0xF8E6, 0xF8E7, 0xF8E8, 0xF8E9, 0xF8EA,
    0xF8EB, 0xF8EC, 0xF8ED, 0xF8EE, 0xF8EF, 0xF8F0, 0xF8F1, 0xF8F2, 0xF8F3, 0xF8F4, 0xF8F5, 0xF8F6,
    0xF8F7, 0xF8F8, 0xF8F9, 0xF8FA, 0xF8FB, 0xF8FC, 0xF8FD, 0xF8FE, 0xF8FF, 0xF900, 0xF901, 0xF902,
    0xF903, 0xF904, 0xF905, 0xF906, 0xF907, 0xF908, 0xF909, 0xF90A, 0xF90B, 0xF90C, 0xF90D, 0xF90E,
    0xF90F, 0xF910, 0xF911, 0xF912, 0xF913, 0xF914, 0xF915, 0xF916, 0xF917, 0xF918, 0xF919, 0xF91A,
    0xF91B, 0xF91C, 0xF91D, 0xF91E, 0xF91F, 0xF920, 0xF921, 0xF922, 0xF923, 0xF924, 0xF925, 0xF926,
    0xF927, 0xF928, 0xF929, 0xF92A, 0xF92B, 0xF92C, 0xF92D, 0xF92E, 0xF92F, 0xF930, 0xF931, 0xF932,
    0xF933, 0xF934, 0xF935, 0xF936, 0xF937, 0xF938, 0xF939, 0xF93A, 0xF93B, 0xF93C, 0xF93D, 0xF93E,
    0xF93F, 0xF940, 0xF941, 0xF942, 0xF943, 0xF944, 0xF945, 0xF946, 0xF947, 0xF948, 0xF949, 0xF94A,
    0xF94B, 0xF94C, 0xF94D, 0xF94E, 0xF94F, 0xF950, 0xF951, 0xF952, 0xF953, 0xF954, 0xF955, 0xF956,
    0xF957, 0xF958, 0xF959, 0xF95A, 0xF95B, 0xF95C, 0xF95D, 0xF95E, 0xF95F, 0xF960, 0xF961, 0xF962,
    0xF963, 0xF964, 0xF965, 0xF966, 0xF967, 0xF968, 0xF969, 0xF96A, 0xF96B, 0xF96C, 0xF96D, 0xF96E,
    0xF96F, 0xF970, 0xF971, 0xF972, 0xF973, 0xF974, 0xF975, 0xF976, 0xF977, 0xF978, 0xF979, 0xF97A,
    0xF97B, 0xF97C, 0xF97D, 0xF97E, 0xF97F, 0xF980, 0xF981, 0xF982, 0xF983, 0xF984, 0xF985, 0xF986,
    0xF987, 0xF988, 0xF989, 0xF98A, 0xF98B, 0xF98C, 0xF98D, 0xF98E, 0xF98F, 0xF990, 0xF991, 0xF992,
    0xF993, 0xF994, 0xF995, 0xF996, 0xF997, 0xF998, 0xF999, 0xF99A, 0xF99B, 0xF99C, 0xF99D, 0xF99E,
    0xF99F, 0xF9A0, 0xF9A1, 0xF9A2, 0xF9A3, 0xF9A4, 0xF9A5, 0xF9A6, 0xF9A7, 0xF9A8, 0xF9A9, 0xF9AA,
    0xF9AB, 0xF9AC, 0xF9AD, 0xF9AE, 0xF9AF, 0xF9B0, 0xF9B1, 0xF9B2, 0xF9B3, 0xF9B4, 0xF9B5, 0xF9B6,
    0xF9B7, 0xF9B8, 0xF9B9, 0xF9BA, 0xF9BB, 0xF9BC, 0xF9BD, 0xF9BE, 0xF9BF, 0xF9C0, 0xF9C1, 0xF9C2,
    0xF9C3, 0xF9C4, 0xF9C5, 0xF9C6, 0xF9C7, 0xF9C8, 0xF9C9, 0xF9CA, 0xF9CB, 0xF9CC, 0xF9CD, 0xF9CE,
    0xF9CF, 0xF9D0, 0xF9D1, 0xF9D2, 0xF9D3, 0xF9D4, 0xF9D5, 0xF9D6, 0xF9D7, 0xF9D8, 0xF9D9, 0xF9DA,
    0xF9DB, 0xF9DC, 0xF9DD, 0xF9DE, 0xF9DF, 0xF9E0, 0xF9E1, 0xF9E2, 0xF9E3, 0xF9E4, 0xF9E5, 0xF9E6,
    0xF9E7, 0xF9E8, 0xF9E9, 0xF9EA, 0xF9EB, 0xF9EC, 0xF9ED, 0xF9EE, 0xF9EF, 0xF9F0, 0xF9F1, 0xF9F2,
    0xF9F3, 0xF9F4, 0xF9F5, 0xF9F6, 0xF9F7, 0xF9F8, 0xF9F9, 0xF9FA, 0xF9FB, 0xF9FC, 0xF9FD, 0xF9FE,
    0xF9FF, 0xFA00, 0xFA01, 0xFA02, 0xFA03, 0xFA04, 0xFA05, 0xFA06, 0xFA07, 0xFA08, 0xFA09, 0xFA0A,
    0xFA0B, 0xFA0C, 0xFA0D, 0xFA0E, 0xFA0F, 0xFA10, 0xFA11, 0xFA12, 0xFA13, 0xFA14, 0xFA15, 0xFA16,
    0xFA17, 0xFA18, 0xFA19, 0xFA1A, 0xFA1B, 0xFA1C, 0xFA1D,
};
inline constexpr std::uint16_t decomposition_offset[] = {
    0, 1, 4, 5, 8, 9, 10, 13, 15, 18, 19, 20,
    25, 30, 35, 38, 41, 44, 47, 50, 53, 56, 59, 62,
    65, 68, 71, 74, 77, 80, 83, 86, 89, 92, 95, 98,
    101, 104, 107, 110, 113, 116, 119, 122, 125, 128, 131, 134,
    137, 140, 143, 146, 149, 152, 155, 158, 161, 164, 167, 170,
    173, 176, 179, 182, 185, 188, 191, 194, 197, 200, 203, 206,
    209, 212, 215, 218, 221, 224, 227, 230, 233, 236, 239, 242,
    245, 248, 251, 254, 257, 260, 263, 266, 269, 272, 275, 278,
    281, 284, 287, 290, 293, 296, 299, 302, 305, 308, 311, 314,
    317, 320, 323, 326, 329, 331, 333, 336, 339, 342, 345, 348,
    351, 354, 357, 360, 363, 366, 369, 372, 375, 378, 381, 384,
    387, 390, 393, 396, 399, 402, 405, 408, 411, 414, 417, 420,
    423, 426, 429, 432, 435, 438, 441, 444, 447, 450, 453, 456,
    459, 462, 465, 468, 471, 474, 477, 480, 483, 486, 489, 492,
    495, 498, 501, 504, 507, 510, 513, 516, 519, 522, 525, 528,
    531, 532, 535, 538, 541, 544, 548, 552, 556, 558, 560, 562,
    564, 566, 568, 571, 574, 577, 580, 583, 586, 589, 592, 597,
    602, 607, 612, 617, 622, 627, 632, 637, 642, 647, 652, 656,
    660, 663, 666, 669, 672, 675, 678, 683, 688, 692, 696, 699,
    701, 703, 705, 708, 711, 714, 717, 722, 727, 731, 735, 739,
    743, 746, 749, 752, 755, 758, 761, 764, 767, 770, 773, 776,
    779, 782, 785, 788, 791, 794, 797, 800, 803, 806, 809, 812,
    815, 818, 821, 824, 827, 830, 833, 836, 839, 842, 845, 850,
    855, 860, 865, 868, 871, 876, 881, 884, 887, 888, 890, 891,
    892, 894, 896, 898, 899, 900, 903, 906, 909, 912, 915, 918,
    920, 921, 922, 923, 925, 927, 929, 931, 935, 937, 940, 941,
    944, 949, 953, 955, 959, 963, 967, 971, 975, 979, 985, 989,
    993, 997, 1001, 1005, 1009, 1015, 1019, 1023, 1027, 1031, 1035, 1037,
    1039, 1041, 1045, 1049, 1051, 1053, 1055, 1057, 1059, 1061, 1063, 1067,
    1071, 1075, 1079, 1083, 1087, 1091, 1095, 1099, 1103, 1107, 1111, 1115,
    1119, 1123, 1127, 1131, 1135, 1139, 1143, 1147, 1151, 1155, 1159, 1163,
    1167, 1171, 1175, 1179, 1183, 1187, 1191, 1195, 1199, 1203, 1207, 1211,
    1215, 1219, 1223, 1227, 1231, 1235, 1239, 1243, 1247, 1251, 1255, 1259,
    1263, 1267, 1271, 1275, 1279, 1283, 1287, 1291, 1295, 1299, 1303, 1307,
    1311, 1315, 1319, 1323, 1329, 1335, 1341, 1347, 1353, 1359, 1365, 1371,
    1377, 1383, 1389, 1395, 1401, 1407, 1413, 1419, 1425, 1431, 1437, 1443,
    1449, 1455, 1461, 1467, 1473, 1479, 1485, 1491, 1497, 1503, 1509, 1515,
    1521, 1527, 1533, 1539, 1548, 1554, 1560, 1566, 1572, 1578, 1587, 1593,
    1599, 1605, 1611, 1617, 1620, 1626, 1632, 1638, 1644, 1650, 1656, 1662,
    1668, 1674, 1683, 1689, 1698, 1704, 1710, 1716, 1722, 1728, 1734, 1740,
    1746, 1749, 1752, 1755, 1758, 1761, 1764, 1767, 1770, 1775, 1780, 1783,
    1786, 1789, 1792, 1795, 1798, 1801, 1804, 1807, 1810, 1815, 1820, 1825,
    1830, 1833, 1836, 1839, 1842, 1847, 1852, 1855, 1858, 1861, 1864, 1867,
    1870, 1873, 1876, 1879, 1882, 1885, 1888, 1891, 1894, 1897, 1900, 1905,
    1910, 1913, 1916, 1919, 1922, 1925, 1928, 1931, 1934, 1939, 1944, 1947,
    1950, 1953, 1956, 1959, 1962, 1965, 1968, 1971, 1974, 1977, 1980, 1983,
    1986, 1989, 1992, 1995, 1998, 2003, 2008, 2013, 2018, 2023, 2028, 2033,
    2038, 2041, 2044, 2047, 2050, 2053, 2056, 2059, 2062, 2067, 2072, 2075,
    2078, 2081, 2084, 2087, 2090, 2095, 2100, 2105, 2110, 2115, 2120, 2123,
    2126, 2129, 2132, 2135, 2138, 2141, 2144, 2147, 2150, 2153, 2156, 2159,
    2162, 2167, 2172, 2177, 2182, 2185, 2188, 2191, 2194, 2197, 2200, 2203,
    2206, 2209, 2212, 2215, 2218, 2221, 2224, 2227, 2230, 2233, 2236, 2239,
    2242, 2245, 2248, 2251, 2254, 2257, 2260, 2263, 2266, 2269, 2272, 2275,
    2278, 2281, 2284, 2287, 2290, 2295, 2300, 2305, 2310, 2315, 2320, 2325,
    2330, 2335, 2340, 2345, 2350, 2355, 2360, 2365, 2370, 2375, 2380, 2385,
    2390, 2393, 2396, 2399, 2402, 2405, 2408, 2413, 2418, 2423, 2428, 2433,
    2438, 2443, 2448, 2453, 2458, 2461, 2464, 2467, 2470, 2473, 2476, 2479,
    2482, 2487, 2492, 2497, 2502, 2507, 2512, 2517, 2522, 2527, 2532, 2537,
    2542, 2547, 2552, 2557, 2562, 2567, 2572, 2577, 2582, 2585, 2588, 2591,
    2594, 2599, 2604, 2609, 2614, 2619, 2624, 2629, 2634, 2639, 2644, 2647,
    2650, 2653, 2656, 2659, 2662, 2665, 2668, 2672, 2676, 2682, 2688, 2694,
    2700, 2706, 2712, 2716, 2720, 2726, 2732, 2738, 2744, 2750, 2756, 2760,
    2764, 2770, 2776, 2782, 2788, 2792, 2796, 2802, 2808, 2814, 2820, 2824,
    2828, 2834, 2840, 2846, 2852, 2858, 2864, 2868, 2872, 2878, 2884, 2890,
    2896, 2902, 2908, 2912, 2916, 2922, 2928, 2934, 2940, 2946, 2952, 2956,
    2960, 2966, 2972, 2978, 2984, 2990, 2996, 3000, 3004, 3010, 3016, 3022,
    3028, 3032, 3036, 3042, 3048, 3054, 3060, 3064, 3068, 3074, 3080, 3086,
    3092, 3098, 3104, 3108, 3114, 3120, 3126, 3130, 3134, 3140, 3146, 3152,
    3158, 3164, 3170, 3174, 3178, 3184, 3190, 3196, 3202, 3208, 3214, 3218,
    3222, 3226, 3230, 3234, 3238, 3242, 3246, 3250, 3254, 3258, 3262, 3266,
    3270, 3276, 3282, 3290, 3298, 3306, 3314, 3322, 3330, 3336, 3342, 3350,
    3358, 3366, 3374, 3382, 3390, 3396, 3402, 3410, 3418, 3426, 3434, 3442,
    3450, 3456, 3462, 3470, 3478, 3486, 3494, 3502, 3510, 3516, 3522, 3530,
    3538, 3546, 3554, 3562, 3570, 3576, 3582, 3590, 3598, 3606, 3614, 3622,
    3630, 3634, 3638, 3644, 3648, 3654, 3658, 3664, 3668, 3672, 3676, 3680,
    3684, 3687, 3689, 3692, 3695, 3700, 3706, 3710, 3716, 3720, 3726, 3730,
    3734, 3738, 3742, 3746, 3751, 3756, 3761, 3765, 3769, 3775, 3781, 3785,
    3791, 3795, 3799, 3803, 3807, 3812, 3817, 3822, 3826, 3830, 3836, 3842,
    3846, 3850, 3854, 3860, 3864, 3868, 3872, 3876, 3880, 3885, 3890, 3891,
    3897, 3901, 3907, 3911, 3917, 3921, 3925, 3929, 3933, 3937, 3940, 3943,
    3944, 3945, 3946, 3947, 3948, 3949, 3950, 3951, 3952, 3953, 3954, 3957,
    3960, 3961, 3963, 3966, 3967, 3973, 3982, 3988, 3997, 3999, 4002, 4004,
    4006, 4008, 4020, 4021, 4022, 4023, 4024, 4025, 4026, 4027, 4028, 4029,
    4030, 4033, 4034, 4035, 4036, 4037, 4038, 4039, 4040, 4041, 4042, 4043,
    4044, 4045, 4046, 4047, 4048, 4051, 4052, 4053, 4054, 4056, 4059, 4062,
    4063, 4066, 4069, 4072, 4074, 4077, 4078, 4079, 4080, 4081, 4082, 4084,
    4085, 4086, 4087, 4088, 4089, 4091, 4092, 4093, 4094, 4095, 4096, 4098,
    4101, 4103, 4104, 4106, 4107, 4108, 4111, 4112, 4113, 4114, 4115, 4116,
    4117, 4118, 4120, 4122, 4124, 4126, 4127, 4129, 4131, 4133, 4136, 4137,
    4138, 4139, 4140, 4141, 4146, 4151, 4156, 4161, 4166, 4171, 4176, 4181,
    4186, 4191, 4196, 4201, 4205, 4206, 4208, 4211, 4213, 4214, 4216, 4219,
    4223, 4225, 4226, 4228, 4231, 4232, 4233, 4234, 4235, 4236, 4238, 4241,
    4243, 4244, 4246, 4249, 4253, 4255, 4256, 4258, 4261, 4262, 4263, 4264,
    4265, 4270, 4275, 4280, 4285, 4290, 4295, 4300, 4305, 4310, 4315, 4320,
    4326, 4335, 4341, 4350, 4355, 4360, 4365, 4370, 4373, 4378, 4383, 4386,
    4389, 4394, 4399, 4404, 4409, 4414, 4419, 4424, 4429, 4434, 4439, 4444,
    4449, 4454, 4459, 4464, 4469, 4474, 4479, 4484, 4489, 4494, 4499, 4504,
    4509, 4512, 4515, 4516, 4517, 4518, 4519, 4520, 4521, 4522, 4523, 4524,
    4526, 4528, 4530, 4532, 4534, 4536, 4538, 4540, 4542, 4544, 4546, 4549,
    4552, 4555, 4558, 4561, 4564, 4567, 4570, 4573, 4577, 4581, 4585, 4589,
    4593, 4597, 4601, 4605, 4609, 4613, 4617, 4619, 4621, 4623, 4625, 4627,
    4629, 4631, 4633, 4635, 4638, 4641, 4644, 4647, 4650, 4653, 4656, 4659,
    4662, 4665, 4668, 4671, 4674, 4677, 4680, 4683, 4686, 4689, 4692, 4695,
    4698, 4701, 4704, 4707, 4710, 4713, 4716, 4719, 4722, 4725, 4728, 4731,
    4734, 4737, 4740, 4743, 4746, 4747, 4748, 4749, 4750, 4751, 4752, 4753,
    4754, 4755, 4756, 4757, 4758, 4759, 4760, 4761, 4762, 4763, 4764, 4765,
    4766, 4767, 4768, 4769, 4770, 4771, 4772, 4773, 4774, 4775, 4776, 4777,
    4778, 4779, 4780, 4781, 4782, 4783, 4784, 4785, 4786, 4787, 4788, 4789,
    4790, 4791, 4792, 4793, 4794, 4795, 4796, 4797, 4798, 4799, 4811, 4814,
    4816, 4819, 4824, 4827, 4830, 4833, 4836, 4839, 4842, 4845, 4848, 4851,
    4854, 4857, 4860, 4863, 4866, 4869, 4872, 4875, 4878, 4881, 4884, 4887,
    4890, 4893, 4896, 4899, 4902, 4905, 4908, 4911, 4914, 4917, 4920, 4923,
    4926, 4929, 4932, 4935, 4938, 4941, 4944, 4947, 4950, 4953, 4956, 4959,
    4962, 4965, 4968, 4971, 4974, 4977, 4980, 4983, 4986, 4989, 4992, 4995,
    4998, 5001, 5004, 5007, 5010, 5013, 5016, 5019, 5022, 5025, 5028, 5031,
    5034, 5037, 5040, 5043, 5046, 5049, 5052, 5055, 5058, 5061, 5064, 5067,
    5070, 5073, 5076, 5079, 5082, 5085, 5088, 5091, 5094, 5097, 5100, 5103,
    5106, 5109, 5112, 5115, 5118, 5121, 5124, 5127, 5130, 5133, 5136, 5139,
    5142, 5145, 5148, 5151, 5154, 5157, 5160, 5163, 5166, 5169, 5172, 5175,
    5178, 5181, 5184, 5187, 5190, 5193, 5196, 5199, 5202, 5205, 5208, 5211,
    5214, 5217, 5220, 5223, 5226, 5229, 5232, 5235, 5238, 5241, 5244, 5247,
    5250, 5253, 5256, 5259, 5262, 5265, 5268, 5271, 5274, 5277, 5280, 5283,
    5286, 5289, 5292, 5295, 5298, 5301, 5304, 5307, 5310, 5313, 5316, 5319,
    5322, 5325, 5328, 5331, 5334, 5337, 5340, 5343, 5346, 5349, 5352, 5355,
    5358, 5361, 5364, 5367, 5370, 5373, 5376, 5379, 5382, 5385, 5388, 5391,
    5394, 5397, 5400, 5403, 5406, 5409, 5412, 5415, 5418, 5421, 5424, 5427,
    5430, 5433, 5436, 5439, 5442, 5445, 5448, 5451, 5454, 5457, 5460, 5463,
    5466, 5469, 5472, 5473, 5476, 5479, 5482, 5485, 5491, 5497, 5503, 5509,
    5515, 5521, 5527, 5533, 5539, 5545, 5551, 5557, 5563, 5569, 5575, 5581,
    5587, 5593, 5599, 5605, 5611, 5617, 5623, 5629, 5635, 5641, 5645, 5649,
    5655, 5661, 5667, 5673, 5679, 5685, 5691, 5697, 5703, 5709, 5715, 5721,
    5727, 5733, 5739, 5745, 5751, 5757, 5763, 5769, 5775, 5781, 5787, 5793,
    5799, 5805, 5811, 5817, 5823, 5829, 5835, 5841, 5847, 5853, 5856, 5859,
    5862, 5865, 5868, 5871, 5874, 5877, 5880, 5883, 5886, 5889, 5892, 5895,
    5898, 5901, 5904, 5907, 5910, 5913, 5916, 5919, 5922, 5925, 5928, 5931,
    5934, 5937, 5940, 5943, 5946, 5949, 5952, 5955, 5958, 5961, 5964, 5967,
    5970, 5973, 5976, 5979, 5982, 5985, 5988, 5991, 5994, 5997, 6000, 6003,
    6006, 6009, 6012, 6015, 6018, 6021, 6024, 6027, 6030, 6033, 6036, 6039,
    6042, 6045, 6048, 6051, 6054, 6057, 6060, 6063, 6066, 6069, 6072, 6075,
    6078, 6081, 6084, 6087, 6090, 6093, 6096, 6099, 6102, 6105, 6108, 6111,
    6114, 6117, 6120, 6123, 6126, 6129, 6132, 6135, 6138, 6141, 6144, 6147,
    6150, 6153, 6156, 6159, 6162, 6165, 6168, 6171, 6174, 6177, 6182, 6187,
    6192, 6197, 6202, 6207, 6212, 6217, 6222, 6227, 6232, 6237, 6242, 6247,
    6255, 6263, 6271, 6279, 6287, 6295, 6303, 6311, 6319, 6327, 6335, 6343,
    6351, 6359, 6367, 6372, 6377, 6382, 6387, 6392, 6397, 6402, 6407, 6412,
    6417, 6422, 6427, 6432, 6437, 6442, 6447, 6452, 6457, 6462, 6467, 6472,
    6477, 6482, 6487, 6492, 6497, 6502, 6507, 6512, 6517, 6522, 6527, 6532,
    6537, 6542, 6547, 6549, 6551, 6553, 6555, 6557, 6559, 6561, 6563, 6565,
    6567, 6569, 6571, 6573, 6575, 6577, 6580, 6583, 6586, 6589, 6592, 6595,
    6598, 6601, 6604, 6607, 6610, 6613, 6616, 6619, 6625, 6631, 6637, 6643,
    6649, 6655, 6661, 6667, 6673, 6679, 6685, 6691, 6697, 6703, 6706, 6709,
    6712, 6715, 6718, 6721, 6724, 6727, 6730, 6733, 6736, 6739, 6742, 6745,
    6748, 6751, 6754, 6757, 6760, 6763, 6766, 6769, 6772, 6775, 6778, 6781,
    6784, 6787, 6790, 6793, 6796, 6799, 6802, 6805, 6808, 6811, 6814, 6817,
    6820, 6823, 6826, 6829, 6832, 6835, 6838, 6841, 6844, 6847, 6850, 6852,
    6854, 6856, 6858, 6860, 6862, 6864, 6866, 6868, 6870, 6872, 6874, 6876,
    6878, 6880, 6884, 6888, 6892, 6896, 6900, 6904, 6908, 6912, 6916, 6921,
    6926, 6931, 6934, 6937, 6940, 6943, 6946, 6949, 6952, 6955, 6958, 6961,
    6964, 6967, 6970, 6973, 6976, 6979, 6982, 6985, 6988, 6991, 6994, 6997,
    7000, 7003, 7006, 7009, 7012, 7015, 7018, 7021, 7024, 7027, 7030, 7033,
    7036, 7039, 7042, 7045, 7048, 7051, 7054, 7057, 7060, 7063, 7066, 7069,
    7072, 7087, 7099, 7114, 7123, 7138, 7147, 7156, 7174, 7186, 7195, 7204,
    7213, 7225, 7237, 7249, 7261, 7273, 7285, 7297, 7315, 7321, 7339, 7357,
    7372, 7384, 7402, 7420, 7432, 7441, 7450, 7462, 7474, 7489, 7504, 7513,
    7522, 7534, 7543, 7552, 7558, 7564, 7573, 7582, 7600, 7612, 7627, 7645,
    7657, 7666, 7675, 7693, 7705, 7723, 7732, 7747, 7756, 7768, 7777, 7789,
    7804, 7816, 7831, 7843, 7849, 7864, 7873, 7882, 7894, 7903, 7912, 7921,
    7936, 7948, 7954, 7972, 7981, 7996, 8008, 8020, 8029, 8038, 8050, 8056,
    8068, 8083, 8089, 8107, 8116, 8120, 8124, 8128, 8132, 8136, 8140, 8144,
    8148, 8152, 8156, 8161, 8166, 8171, 8176, 8181, 8186, 8191, 8196, 8201,
    8206, 8211, 8216, 8221, 8226, 8231, 8234, 8236, 8238, 8241, 8243, 8245,
    8251, 8257, 8263, 8269, 8281, 8283, 8285, 8288, 8290, 8292, 8294, 8296,
    8298, 8301, 8305, 8307, 8309, 8312, 8315, 8317, 8319, 8321, 8324, 8327,
    8330, 8333, 8336, 8338, 8340, 8342, 8344, 8346, 8349, 8351, 8353, 8355,
    8358, 8361, 8363, 8366, 8369, 8372, 8374, 8377, 8382, 8388, 8390, 8393,
    8396, 8399, 8402, 8409, 8417, 8419, 8421, 8424, 8426, 8428, 8430, 8433,
    8435, 8437, 8439, 8441, 8443, 8446, 8448, 8450, 8452, 8455, 8458, 8462,
    8464, 8466, 8468, 8474, 8477, 8479, 8481, 8483, 8485, 8487, 8489, 8491,
    8493, 8495, 8497, 8500, 8502, 8504, 8507, 8510, 8512, 8516, 8519, 8521,
    8523, 8525, 8527, 8531, 8535, 8539, 8543, 8547, 8551, 8555, 8559, 8563,
    8568, 8573, 8578, 8583, 8588, 8593, 8598, 8603, 8608, 8613, 8618, 8623,
    8628, 8633, 8638, 8643, 8648, 8653, 8658, 8663, 8668, 8673, 8676, 8679,
    8682, 8685, 8688, 8691, 8694, 8697, 8700, 8703, 8706, 8709, 8712, 8715,
    8718, 8721, 8724, 8727, 8730, 8733, 8736, 8739, 8742, 8745, 8748, 8751,
    8754, 8757, 8760, 8763, 8766, 8769, 8772, 8775, 8778, 8781, 8784, 8787,
    8790, 8793, 8796, 8799, 8802, 8805, 8808, 8811, 8814, 8817, 8820, 8823,
    8826, 8829, 8832, 8835, 8838, 8841, 8844, 8847, 8850, 8853, 8856, 8859,
    8862, 8865, 8868, 8871, 8874, 8877, 8880, 8883, 8886, 8889, 8892, 8895,
    8898, 8901, 8904, 8907, 8910, 8913, 8916, 8919, 8922, 8925, 8928, 8931,
    8934, 8937, 8940, 8943, 8946, 8949, 8952, 8955, 8958, 8961, 8964, 8967,
    8970, 8973, 8976, 8979, 8982, 8985, 8988, 8991, 8994, 8997, 9000, 9003,
    9006, 9009, 9012, 9015, 9018, 9021, 9024, 9027, 9030, 9033, 9036, 9039,
    9042, 9045, 9048, 9051, 9054, 9057, 9060, 9063, 9066, 9069, 9072, 9075,
    9078, 9081, 9084, 9087, 9090, 9093, 9096, 9099, 9102, 9105, 9108, 9111,
    9114, 9117, 9120, 9123, 9126, 9129, 9132, 9135, 9138, 9141, 9144, 9147,
    9150, 9153, 9156, 9159, 9162, 9165, 9168, 9171, 9174, 9177, 9180, 9183,
    9186, 9189, 9192, 9195, 9198, 9201, 9204, 9207, 9210, 9213, 9216, 9219,
    9222, 9225, 9228, 9231, 9234, 9237, 9240, 9243, 9246, 9249, 9252, 9255,
    9258, 9261, 9264, 9267, 9270, 9273, 9276, 9279, 9282, 9285, 9288, 9291,
    9294, 9297, 9300, 9303, 9306, 9309, 9312, 9315, 9318, 9321, 9324, 9327,
    9330, 9333, 9336, 9339, 9342, 9345, 9348, 9351, 9354, 9357, 9360, 9363,
    9366, 9369, 9372, 9375, 9378, 9381, 9384, 9387, 9390, 9393, 9396, 9399,
    9402, 9405, 9408, 9411, 9414, 9417, 9420, 9423, 9426, 9429, 9432, 9435,
    9438, 9441, 9444, 9447, 9450, 9453, 9456, 9459, 9462, 9465, 9468, 9471,
    9474, 9477, 9480, 9483, 9486, 9489, 9492, 9495, 9498, 9501, 9504, 9507,
    9510, 9513, 9516, 9519, 9522, 9525, 9528, 9531, 9534, 9537, 9540, 9543,
    9546, 9549, 9552, 9555, 9558, 9561, 9564, 9567, 9570, 9573, 9576, 9579,
    9582, 9585, 9588, 9591, 9594, 9597, 9600, 9603, 9606, 9609, 9612, 9615,
    9618, 9621, 9624, 9627, 9630, 9633, 9636, 9639, 9642, 9645, 9648, 9651,
    9654, 9657, 9660, 9663, 9666, 9669, 9672, 9675, 9678, 9681, 9684, 9687,
    9690, 9693, 9696, 9699, 9702, 9705, 9708, 9711, 9714, 9717, 9720, 9722,
    9724, 9726, 9729, 9732, 9734, 9736, 9740, 9744, 9748, 9752, 9756, 9760,
    9764, 9766, 9768, 9770, 9772, 9774, 9776, 9778, 9780, 9782, 9783, 9787,
    9791, 9797, 9803, 9807, 9811, 9815, 9819, 9823, 9827, 9831, 9835, 9839,
    9843, 9847, 9851, 9855, 9859, 9863, 9867, 9871, 9875, 9879, 9883, 9887,
    9891, 9895, 9899, 9903, 9907, 9911, 9915, 9919, 9921, 9923, 9925, 9927,
    9929, 9931, 9933, 9935, 9937, 9939, 9941, 9943, 9945, 9947, 9949, 9951,
    9953, 9955, 9957, 9959, 9961, 9963, 9965, 9967, 9969, 9971, 9973, 9975,
    9977, 9979, 9981, 9983, 9985, 9987, 9989, 9991, 9993, 9995, 9997, 9999,
    10001, 10003, 10005, 10007, 10009, 10011, 10013, 10015, 10017, 10019, 10021, 10023,
    10025, 10027, 10029, 10031, 10033, 10035, 10037, 10039, 10041, 10043, 10045, 10047,
    10049, 10051, 10053, 10055, 10057, 10059, 10061, 10063, 10065, 10067, 10069, 10071,
    10073, 10075, 10077, 10079, 10081, 10083, 10085, 10087, 10091, 10095, 10097, 10099,
    10101, 10103, 10105, 10107, 10109, 10111, 10113, 10115, 10119, 10123, 10125, 10127,
    10129, 10131, 10133, 10135, 10137, 10139, 10141, 10143, 10147, 10149, 10151, 10153,
    10155, 10157, 10159, 10161, 10163, 10165, 10167, 10169, 10171, 10177, 10183, 10189,
    10195, 10201, 10207, 10213, 10219, 10225, 10231, 10237, 10243, 10249, 10255, 10261,
    10267, 10273, 10279, 10281, 10283, 10285, 10287, 10293, 10299, 10305, 10311, 10317,
    10321, 10325, 10329, 10333, 10337, 10341, 10345, 10349, 10353, 10357, 10361, 10365,
    10369, 10373, 10377, 10381, 10385, 10389, 10393, 10397, 10401, 10405, 10409, 10413,
    10417, 10421, 10425, 10429, 10433, 10437, 10441, 10445, 10449, 10453, 10457, 10461,
    10465, 10469, 10473, 10477, 10481, 10485, 10489, 10493, 10497, 10501, 10505, 10509,
    10513, 10517, 10521, 10525, 10529, 10533, 10537, 10541, 10545, 10549, 10553, 10557,
    10561, 10565, 10569, 10573, 10577, 10581, 10585, 10589, 10593, 10597, 10601, 10605,
    10609, 10613, 10617, 10621, 10625, 10629, 10633, 10637, 10641, 10645, 10649, 10653,
    10657, 10661, 10665, 10669, 10673, 10678, 10683, 10688, 10693, 10698, 10703, 10709,
    10715, 10721, 10727, 10733, 10739, 10743, 10747, 10751, 10755, 10759, 10763, 10767,
    10771, 10775, 10779, 10783, 10787, 10791, 10795, 10799, 10803, 10807, 10811, 10815,
    10819, 10823, 10827, 10831, 10835, 10839, 10843, 10847, 10851, 10855, 10859, 10863,
    10867, 10871, 10875, 10879, 10883, 10887, 10891, 10895, 10899, 10903, 10907, 10911,
    10915, 10919, 10925, 10931, 10937, 10943, 10949, 10953, 10957, 10961, 10965, 10969,
    10973, 10977, 10981, 10985, 10989, 10993, 10997, 11001, 11005, 11009, 11013, 11017,
    11021, 11025, 11029, 11033, 11037, 11041, 11045, 11049, 11053, 11057, 11061, 11065,
    11069, 11073, 11077, 11081, 11085, 11089, 11093, 11097, 11101, 11105, 11109, 11113,
    11117, 11121, 11125, 11129, 11133, 11137, 11141, 11145, 11149, 11153, 11157, 11161,
    11165, 11169, 11173, 11177, 11181, 11185, 11189, 11193, 11197, 11201, 11205, 11209,
    11213, 11217, 11223, 11229, 11233, 11237, 11241, 11245, 11249, 11253, 11257, 11261,
    11265, 11269, 11273, 11277, 11281, 11285, 11289, 11293, 11297, 11303, 11309, 11315,
    11319, 11323, 11327, 11331, 11335, 11339, 11343, 11347, 11351, 11355, 11359, 11363,
    11367, 11371, 11375, 11379, 11383, 11387, 11391, 11395, 11399, 11403, 11407, 11411,
    11415, 11419, 11423, 11427, 11431, 11435, 11439, 11443, 11447, 11451, 11455, 11459,
    11463, 11467, 11471, 11475, 11479, 11483, 11487, 11491, 11495, 11499, 11503, 11507,
    11511, 11515, 11519, 11523, 11527, 11531, 11535, 11539, 11543, 11547, 11551, 11555,
    11559, 11563, 11567, 11571, 11575, 11579, 11583, 11587, 11591, 11595, 11599, 11603,
    11607, 11613, 11619, 11625, 11631, 11637, 11643, 11649, 11655, 11661, 11667, 11673,
    11679, 11685, 11691, 11697, 11703, 11709, 11715, 11721, 11727, 11733, 11739, 11745,
    11751, 11757, 11763, 11769, 11775, 11781, 11787, 11793, 11799, 11805, 11811, 11817,
    11823, 11829, 11835, 11841, 11847, 11853, 11859, 11865, 11871, 11877, 11883, 11889,
    11895, 11901, 11907, 11913, 11919, 11925, 11931, 11937, 11943, 11949, 11955, 11961,
    11967, 11973, 11979, 11985, 11991, 11997, 12003, 12009, 12015, 12021, 12027, 12033,
    12039, 12045, 12051, 12057, 12063, 12069, 12075, 12081, 12087, 12093, 12099, 12105,
    12111, 12117, 12123, 12129, 12135, 12141, 12147, 12153, 12159, 12165, 12171, 12177,
    12183, 12189, 12195, 12201, 12207, 12213, 12219, 12225, 12231, 12237, 12243, 12249,
    12255, 12261, 12267, 12273, 12279, 12285, 12291, 12297, 12303, 12309, 12315, 12321,
    12327, 12335, 12343, 12351, 12359, 12367, 12375, 12383, 12389, 12422, 12437, 12445,
    12447, 12450, 12453, 12454, 12455, 12456, 12457, 12458, 12459, 12462, 12465, 12468,
    12471, 12474, 12477, 12480, 12483, 12486, 12489, 12492, 12495, 12498, 12501, 12504,
    12507, 12508, 12509, 12510, 12511, 12514, 12515, 12516, 12517, 12518, 12519, 12522,
    12523, 12524, 12525, 12526, 12529, 12532, 12533, 12534, 12535, 12536, 12537, 12538,
    12539, 12540, 12541, 12542, 12543, 12544, 12547, 12551, 12554, 12557, 12560, 12564,
    12567, 12571, 12574, 12578, 12581, 12585, 12588, 12592, 12594, 12598, 12602, 12606,
    12610, 12614, 12618, 12622, 12626, 12630, 12634, 12638, 12642, 12644, 12646, 12648,
    12650, 12652, 12654, 12656, 12658, 12660, 12662, 12664, 12666, 12668, 12670, 12672,
    12674, 12676, 12678, 12680, 12682, 12684, 12686, 12688, 12690, 12692, 12694, 12696,
    12698, 12700, 12702, 12704, 12706, 12708, 12710, 12712, 12714, 12716, 12718, 12720,
    12722, 12724, 12726, 12728, 12730, 12732, 12734, 12736, 12738, 12740, 12742, 12744,
    12746, 12748, 12750, 12752, 12754, 12756, 12758, 12760, 12762, 12764, 12766, 12768,
    12770, 12772, 12774, 12776, 12778, 12780, 12782, 12784, 12786, 12788, 12790, 12792,
    12794, 12796, 12798, 12800, 12802, 12804, 12806, 12808, 12810, 12812, 12814, 12816,
    12818, 12820, 12822, 12824, 12826, 12828, 12830, 12832, 12834, 12836, 12838, 12840,
    12842, 12844, 12846, 12848, 12850, 12856, 12862, 12868, 12874, 12880, 12886, 12890,
    12894, 12895, 12896, 12897, 12898, 12899, 12900, 12901, 12902, 12903, 12904, 12905,
    12906, 12907, 12908, 12909, 12910, 12911, 12912, 12913, 12914, 12915, 12916, 12917,
    12918, 12919, 12920, 12921, 12922, 12923, 12924, 12925, 12926, 12927, 12928, 12929,
    12930, 12931, 12932, 12933, 12934, 12935, 12936, 12937, 12938, 12939, 12940, 12941,
    12942, 12943, 12944, 12945, 12946, 12947, 12948, 12949, 12950, 12951, 12952, 12953,
    12954, 12955, 12956, 12957, 12958, 12959, 12960, 12961, 12962, 12963, 12964, 12965,
    12966, 12967, 12968, 12969, 12970, 12971, 12972, 12973, 12974, 12975, 12976, 12977,
    12978, 12979, 12980, 12981, 12982, 12983, 12984, 12985, 12986, 12987, 12988, 12991,
    12994, 12997, 13000, 13003, 13006, 13009, 13012, 13015, 13018, 13021, 13024, 13027,
    13030, 13033, 13036, 13039, 13042, 13045, 13048, 13051, 13054, 13057, 13060, 13063,
    13066, 13069, 13072, 13075, 13078, 13081, 13084, 13087, 13090, 13093, 13096, 13099,
    13102, 13105, 13108, 13111, 13114, 13117, 13120, 13123, 13126, 13129, 13132, 13135,
    13138, 13141, 13144, 13147, 13150, 13153, 13156, 13159, 13162, 13165, 13168, 13171,
    13174, 13177, 13180, 13183, 13186, 13189, 13192, 13195, 13198, 13201, 13204, 13207,
    13210, 13213, 13216, 13219, 13222, 13225, 13228, 13231, 13234, 13237, 13240, 13243,
    13246, 13249, 13252, 13255, 13258, 13261, 13264, 13267, 13270, 13273, 13276, 13279,
    13282, 13285, 13288, 13291, 13294, 13297, 13300, 13303, 13306, 13309, 13312, 13315,
    13318, 13321, 13324, 13327, 13330, 13333, 13336, 13339, 13341, 13343, 13345, 13348,
    13350, 13352, 13355, 13358, 13361, 13364, 13367, 13370, 13373, 13376, 13384, 13392,
    13404, 13416, 13428, 13440, 13452, 13460, 13468, 13480, 13492, 13504, 13516, 13517,
    13518, 13519, 13520, 13521, 13522, 13523, 13524, 13525, 13526, 13527, 13528, 13529,
    13530, 13531, 13532, 13533, 13534, 13535, 13536, 13537, 13538, 13539, 13540, 13541,
    13542, 13543, 13544, 13545, 13546, 13547, 13548, 13549, 13550, 13551, 13552, 13553,
    13554, 13555, 13556, 13557, 13558, 13559, 13560, 13561, 13562, 13563, 13564, 13565,
    13566, 13567, 13568, 13569, 13570, 13571, 13572, 13573, 13574, 13575, 13576, 13577,
    13578, 13579, 13580, 13581, 13582, 13583, 13584, 13585, 13586, 13587, 13588, 13589,
    13590, 13591, 13592, 13593, 13594, 13595, 13596, 13597, 13598, 13599, 13600, 13601,
    13602, 13603, 13604, 13605, 13606, 13607, 13608, 13609, 13610, 13611, 13612, 13613,
    13614, 13615, 13616, 13617, 13618, 13619, 13620, 13621, 13622, 13623, 13624, 13625,
    13626, 13627, 13628, 13629, 13630, 13631, 13632, 13633, 13634, 13635, 13636, 13637,
    13638, 13639, 13640, 13641, 13642, 13643, 13644, 13645, 13646, 13647, 13648, 13649,
    13650, 13651, 13652, 13653, 13654, 13655, 13656, 13657, 13658, 13659, 13660, 13661,
    13662, 13663, 13664, 13665, 13666, 13667, 13668, 13669, 13670, 13671, 13672, 13673,
    13674, 13675, 13676, 13677, 13678, 13679, 13680, 13681, 13682, 13683, 13684, 13685,
    13686, 13687, 13688, 13689, 13690, 13691, 13692, 13693, 13694, 13695, 13696, 13697,
    13698, 13699, 13700, 13701, 13702, 13703, 13704, 13705, 13706, 13707, 13708, 13709,
    13710, 13711, 13712, 13713, 13714, 13715, 13716, 13717, 13718, 13719, 13720, 13721,
    13722, 13723, 13724, 13725, 13726, 13727, 13728, 13729, 13730, 13731, 13732, 13733,
    13734, 13735, 13736, 13737, 13738, 13739, 13740, 13741, 13742, 13743, 13744, 13745,
    13746, 13747, 13748, 13749, 13750, 13751, 13752, 13753, 13754, 13755, 13756, 13757,
    13758, 13759, 13760, 13761, 13762, 13763, 13764, 13765, 13766, 13767, 13768, 13769,
    13770, 13771, 13772, 13773, 13774, 13775, 13776, 13777, 13778, 13779, 13780, 13781,
    13782, 13783, 13784, 13785, 13786, 13787, 13788, 13789, 13790, 13791, 13792, 13793,
    13794, 13795, 13796, 13797, 13798, 13799, 13800, 13801, 13802, 13803, 13804, 13805,
    13806, 13807, 13808, 13809, 13810, 13811, 13812, 13813, 13814, 13815, 13816, 13817,
    13818, 13819, 13820, 13821, 13822, 13823, 13824, 13825, 13826, 13827, 13828, 13829,
    13830, 13831, 13832, 13833, 13834, 13835, 13836, 13837, 13838, 13839, 13840, 13841,
    13842, 13843, 13844, 13845, 13846, 13847, 13848, 13849, 13850, 13851, 13852, 13853,
    13854, 13855, 13856, 13857, 13858, 13859, 13860, 13861, 13862, 13863, 13864, 13865,
    13866, 13867, 13868, 13869, 13870, 13871, 13872, 13873, 13874, 13875, 13876, 13877,
    13878, 13879, 13880, 13881, 13882, 13883, 13884, 13885, 13886, 13887, 13888, 13889,
    13890, 13891, 13892, 13893, 13894, 13895, 13896, 13897, 13898, 13899, 13900, 13901,
    13902, 13903, 13904, 13905, 13906, 13907, 13908, 13909, 13910, 13911, 13912, 13913,
    13914, 13915, 13916, 13917, 13918, 13919, 13920, 13921, 13922, 13923, 13924, 13925,
    13926, 13927, 13928, 13929, 13930, 13931, 13932, 13933, 13934, 13935, 13936, 13937,
    13938, 13939, 13940, 13941, 13942, 13943, 13944, 13945, 13946, 13947, 13948, 13949,
    13950, 13951, 13952, 13953, 13954, 13955, 13956, 13957, 13958, 13959, 13960, 13961,
    13962, 13963, 13964, 13965, 13966, 13967, 13968, 13969, 13970, 13971, 13972, 13973,
    13974, 13975, 13976, 13977, 13978, 13979, 13980, 13981, 13982, 13983, 13984, 13985,
    13986, 13987, 13988, 13989, 13990, 13991, 13992, 13993, 13994, 13995, 13996, 13997,
    13998, 13999, 14000, 14001, 14002, 14003, 14004, 14005, 14006, 14007, 14008, 14009,
    14010, 14011, 14012, 14013, 14014, 14015, 14016, 14017, 14018, 14019, 14020, 14021,
    14022, 14023, 14024, 14025, 14026, 14027, 14028, 14029, 14030, 14031, 14032, 14033,
    14034, 14035, 14036, 14037, 14038, 14039, 14040, 14041, 14042, 14043, 14044, 14045,
    14046, 14047, 14048, 14049, 14050, 14051, 14052, 14053, 14054, 14055, 14056, 14057,
    14058, 14059, 14060, 14061, 14062, 14063, 14064, 14065, 14066, 14067, 14068, 14069,
    14070, 14071, 14072, 14073, 14074, 14075, 14076, 14077, 14078, 14079, 14080, 14081,
    14082, 14083, 14084, 14085, 14086, 14087, 14088, 14089, 14090, 14091, 14092, 14093,
    14094, 14095, 14096, 14097, 14098, 14099, 14100, 14101, 14102, 14103, 14104, 14105,
    14106, 14107, 14108, 14109, 14110, 14111, 14112, 14113, 14114, 14115, 14116, 14117,
    14118, 14119, 14120, 14121, 14122, 14123, 14124, 14125, 14126, 14127, 14128, 14129,
    14130, 14131, 14132, 14133, 14134, 14135, 14136, 14137, 14138, 14139, 14140, 14141,
    14142, 14143, 14144, 14145, 14146, 14147, 14148, 14149, 14150, 14151, 14152, 14153,
    14154, 14155, 14156, 14157, 14158, 14159, 14160, 14161, 14162, 14163, 14164, 14165,
    14166, 14167, 14169, 14171, 14173, 14175, 14177, 14179, 14181, 14183, 14185, 14187,
    14189, 14191, 14193, 14195, 14197, 14199, 14201, 14203, 14205, 14207, 14209, 14211,
    14213, 14215, 14217, 14220, 14222, 14224, 14226, 14228, 14230, 14232, 14234, 14236,
    14238, 14240, 14242, 14244, 14246, 14248, 14250, 14252, 14254, 14256, 14258, 14260,
    14262, 14264, 14266, 14268, 14270, 14273, 14275, 14277, 14279, 14281, 14283, 14285,
    14287, 14289, 14291, 14293, 14295, 14297, 14299, 14301, 14303, 14305, 14307, 14309,
    14311, 14313, 14315, 14317, 14319, 14321, 14323, 14325, 14327, 14329, 14331, 14333,
    14335, 14338, 14340, 14342, 14344, 14346, 14348, 14350, 14352, 14354, 14356, 14358,
    14360, 14362, 14364, 14366, 14368, 14370, 14372, 14374, 14376, 14378, 14380, 14382,
    14384, 14386, 14388, 14391, 14393, 14395, 14397, 14399, 14401, 14403, 14405, 14407,
    14409, 14411, 14413, 14415, 14417, 14419, 14421, 14423, 14425, 14427, 14429, 14431,
    14433, 14435, 14437, 14439, 14441, 14443, 14445, 14447, 14449, 14451, 14453, 14456,
    14458, 14460, 14462, 14464, 14466, 14468, 14470, 14472, 14474, 14476, 14478, 14480,
    14482, 14484, 14486, 14488, 14490, 14492, 14494, 14496, 14498, 14500, 14502, 14504,
    14506, 14509, 14511, 14513, 14515, 14517, 14519, 14521, 14523, 14525, 14527, 14529,
    14531, 14533, 14535, 14537, 14539, 14541, 14543, 14545, 14547, 14549, 14551, 14553,
    14555, 14557, 14559, 14561, 14563, 14565, 14567, 14569, 14571, 14574, 14576, 14578,
    14580, 14582, 14584, 14586, 14588, 14590, 14592, 14594, 14596, 14598, 14600, 14602,
    14604, 14606, 14608, 14610, 14612, 14614, 14616, 14618, 14620, 14622, 14624, 14627,
    14629, 14631, 14633, 14635, 14637, 14639, 14641, 14643, 14645, 14647, 14649, 14651,
    14653, 14655, 14657, 14659, 14661, 14663, 14665, 14667, 14669, 14671, 14673, 14675,
    14677, 14679, 14681, 14683, 14685, 14687, 14689, 14692, 14694, 14696, 14698, 14700,
    14702, 14704, 14706, 14708, 14710, 14712, 14714, 14716, 14718, 14720, 14722, 14724,
    14726, 14728, 14730, 14732, 14734, 14736, 14738, 14740, 14742, 14745, 14747, 14749,
    14751, 14753, 14755, 14757, 14758, 14759, 14760, 14761, 14762, 14763, 14764, 14765,
    14766, 14767, 14768, 14769, 14770, 14771, 14772, 14773, 14774, 14775, 14776, 14777,
    14778, 14779, 14780, 14781, 14782, 14783, 14784, 14785, 14786, 14787, 14788, 14789,
    14790, 14791, 14792, 14793, 14794, 14795, 14796, 14797, 14798, 14799, 14800, 14801,
    14802, 14803, 14804, 14805, 14806, 14807, 14810, 14813, 14816, 14820, 14823, 14826,
    14829, 14832, 14835, 14838, 14841, 14844, 14847, 14851, 14854, 14857, 14860, 14863,
    14867, 14870, 14873, 14876, 14880, 14883, 14886, 14889, 14892, 14895, 14899, 14902,
    14905, 14908, 14911, 14914, 14917, 14920, 14923, 14926, 14929, 14932, 14935, 14938,
    14941, 14944, 14947, 14950, 14953, 14956, 14959, 14962, 14965, 14968, 14972, 14975,
    14978, 14981, 14985, 14988, 14991, 14994, 14997, 15000, 15003, 15006, 15009, 15012,
    15015, 15018, 15021, 15024, 15027, 15030, 15033, 15036, 15039, 15042, 15045, 15048,
    15051, 15054, 15057, 15060, 15063, 15066, 15069, 15072, 15075, 15078, 15081, 15085,
    15088, 15091, 15094, 15097, 15100, 15103, 15107, 15111, 15114, 15117, 15120, 15123,
    15126, 15129, 15133, 15136, 15139, 15142, 15146, 15149, 15152, 15155, 15158, 15162,
    15165, 15168, 15171, 15174, 15177, 15180, 15183, 15186, 15189, 15193, 15196, 15200,
    15203, 15206, 15209, 15212, 15215, 15218, 15221, 15224, 15227, 15230, 15233, 15237,
    15240, 15243, 15246, 15249, 15252, 15256, 15259, 15263, 15267, 15270, 15273, 15276,
    15279, 15283, 15287, 15290, 15293, 15296, 15299, 15302, 15305, 15308, 15311, 15314,
    15317, 15320, 15324, 15327, 15330, 15333, 15336, 15339, 15342, 15345, 15348, 15351,
    15354, 15357, 15360, 15363, 15366, 15369, 15372, 15375, 15378, 15381, 15385, 15388,
    15391, 15394, 15397, 15400, 15404, 15407, 15410, 15413, 15416, 15419, 15422, 15425,
    15428, 15431, 15434, 15437, 15441, 15444, 15447, 15450, 15453, 15456, 15459, 15462,
    15465, 15468, 15471, 15474, 15477, 15480, 15483, 15486, 15489, 15492, 15495, 15499,
    15502, 15505, 15508, 15511, 15514, 15518, 15521, 15524, 15527, 15530, 15533, 15536,
    15539, 15542, 15546, 15549, 15552, 15555, 15559, 15562, 15565, 15568, 15571, 15574,
    15577, 15581, 15585, 15589, 15592, 15596, 15599, 15602, 15605, 15608, 15611, 15614,
    15617, 15620, 15623, 15626, 15630, 15633, 15636, 15639, 15642, 15645, 15648, 15652,
    15655, 15658, 15662, 15666, 15669, 15672, 15675, 15678, 15681, 15684, 15687, 15690,
    15693, 15697, 15700, 15704, 15707, 15710, 15713, 15716, 15719, 15723, 15726, 15729,
    15733, 15737, 15740, 15743, 15746, 15749, 15752, 15755, 15758, 15761, 15764, 15767,
    15770, 15773, 15776, 15780, 15783, 15787, 15790, 15794, 15797, 15801, 15805, 15809,
    15812, 15815, 15818, 15822, 15826, 15830, 15834, 15837, 15840, 15843, 15846, 15849,
    15852, 15855, 15858, 15862, 15865, 15868, 15871, 15874, 15878, 15881, 15885, 15889,
    15892, 15895, 15898, 15901, 15904, 15907, 15911, 15915, 15919, 15922, 15925, 15929,
    15932, 15935, 15938, 15942, 15945, 15948, 15951, 15954, 15957, 15961, 15964, 15967,
    15970, 15973, 15976, 15979, 15983, 15987, 15990, 15994, 15997, 16001, 16004, 16007,
    16010, 16014, 16018, 16021, 16025, 16028, 16032, 16035, 16038, 16041, 16044, 16047,
    16050, 16054, 16058, 16062, 16066, 16069, 16072, 16075, 16078, 16081, 16084, 16087,
    16090, 16093, 16096, 16099, 16102, 16106, 16109, 16112, 16115, 16118, 16121, 16124,
    16127, 16130, 16133, 16136, 16139, 16142, 16146, 16150, 16154, 16157, 16160, 16163,
    16166, 16170, 16173, 16177, 16180, 16183, 16187, 16191, 16194, 16197, 16200, 16203,
    16206, 16209, 16212, 16215, 16218, 16221, 16224, 16227, 16230, 16233, 16236, 16239,
    16242, 16245, 16248, 16252, 16255, 16258, 16261, 16264, 16267, 16271, 16275, 16278,
    16281, 16284, 16287, 16290, 16293, 16297, 16300, 16303, 16306, 16309, 16313, 16317,
    16320, 16323, 16326, 16330, 16333, 16336, 16340, 16344, 16347, 16350, 16353, 16357,
    16360, 16363, 16366, 16369, 16372, 16375, 16378, 16382, 16385, 16388, 16391, 16395,
    16398, 16401, 16404, 16407, 16411, 16415, 16418, 16421, 16424, 16428, 16431, 16435,
    16438, 16441, 16444, 16448, 16451, 16454, 16457, 16460, 16463, 16466, 16469, 16473,
    16476, 16479, 16482, 16485, 16488, 16491, 16495, 16498, 16502, 16506, 16510, 16513,
    16516, 16519, 16522, 16525, 16528, 16531, 16534, 16538,
};
inline constexpr char decomposition_utf8[] =
    "  \314\210a \314\20423 \314\201\316\274 \314\2471o1\342\201\20441\342\201\20423\342\201\2044A\314\200A\314\201A\314\202A\314\203A"
    "\314\210A\314\212C\314\247E\314\200E\314\201E\314\202E\314\210I\314\200I\314\201I\314\202I\314\210N\314\203O\314\200O\314\201O\314\202O\314\203O"
    "\314\210U\314\200U\314\201U\314\202U\314\210Y\314\201a\314\200a\314\201a\314\202a\314\203a\314\210a\314\212c\314\247e\314\200e\314\201e\314\202e"
    "\314\210i\314\200i\314\201i\314\202i\314\210n\314\203o\314\200o\314\201o\314\202o\314\203o\314\210u\314\200u\314\201u\314\202u\314\210y\314\201y"
    "\314\210A\314\204a\314\204A\314\206a\314\206A\314\250a\314\250C\314\201c\314\201C\314\202c\314\202C\314\207c\314\207C\314\214c\314\214D\314\214d"
    "\314\214E\314\204e\314\204E\314\206e\314\206E\314\207e\314\207E\314\250e\314\250E\314\214e\314\214G\314\202g\314\202G\314\206g\314\206G\314\207g"
    "\314\207G\314\247g\314\247H\314\202h\314\202I\314\203i\314\203I\314\204i\314\204I\314\206i\314\206I\314\250i\314\250I\314\207IJijJ\314\202"
    "j\314\202K\314\247k\314\247L\314\201l\314\201L\314\247l\314\247L\314\214l\314\214L\302\267l\302\267N\314\201n\314\201N\314\247n\314\247N\314\214"
    "n\314\214\312\274nO\314\204o\314\204O\314\206o\314\206O\314\213o\314\213R\314\201r\314\201R\314\247r\314\247R\314\214r\314\214S\314\201s\314\201"
    "S\314\202s\314\202S\314\247s\314\247S\314\214s\314\214T\314\247t\314\247T\314\214t\314\214U\314\203u\314\203U\314\204u\314\204U\314\206u\314\206"
    "U\314\212u\314\212U\314\213u\314\213U\314\250u\314\250W\314\202w\314\202Y\314\202y\314\202Y\314\210Z\314\201z\314\201Z\314\207z\314\207Z\314\214"
    "z\314\214sO\314\233o\314\233U\314\233u\314\233DZ\314\214Dz\314\214dz\314\214LJLjljNJNjnjA\314\214a\314\214I\314"
    "\214i\314\214O\314\214o\314\214U\314\214u\314\214U\314\210\314\204u\314\210\314\204U\314\210\314\201u\314\210\314\201U\314\210\314\214u\314\210\314\214U\314"
    "\210\314\200u\314\210\314\200A\314\210\314\204a\314\210\314\204A\314\207\314\204a\314\207\314\204\303\206\314\204\303\246\314\204G\314\214g\314\214K\314\214k\314\214"
    "O\314\250o\314\250O\314\250\314\204o\314\250\314\204\306\267\314\214\312\222\314\214j\314\214DZDzdzG\314\201g\314\201N\314\200n\314\200A\314\212"
    "\314\201a\314\212\314\201\303\206\314\201\303\246\314\201\303\230\314\201\303\270\314\201A\314\217a\314\217A\314\221a\314\221E\314\217e\314\217E\314\221e\314\221I"
    "\314\217i\314\217I\314\221i\314\221O\314\217o\314\217O\314\221o\314\221R\314\217r\314\217R\314\221r\314\221U\314\217u\314\217U\314\221u\314\221S"
    "\314\246s\314\246T\314\246t\314\246H\314\214h\314\214A\314\207a\314\207E\314\247e\314\247O\314\210\314\204o\314\210\314\204O\314\203\314\204o\314\203\314"
    "\204O\314\207o\314\207O\314\207\314\204o\314\207\314\204Y\314\204y\314\204h\311\246jr\311\271\311\273\312\201wy \314\206 \314\207 \314\212 \314\250"
    " \314\203 \314\213\311\243lsx\312\225\314\200\314\201\314\223\314\210\314\201\312\271 \315\205; \314\201 \314\210\314\201\316\221\314\201\302\267\316\225\314\201\316"
    "\227\314\201\316\231\314\201\316\237\314\201\316\245\314\201\316\251\314\201\316\271\314\210\314\201\316\231\314\210\316\245\314\210\316\261\314\201\316\265\314\201\316\267\314\201\316\271\314"
    "\201\317\205\314\210\314\201\316\271\314\210\317\205\314\210\316\277\314\201\317\205\314\201\317\211\314\201\316\262\316\270\316\245\316\245\314\201\316\245\314\210\317\206\317\200\316\272\317"
    "\201\317\202\316\230\316\265\320\225\314\200\320\225\314\210\320\223\314\201\320\206\314\210\320\232\314\201\320\230\314\200\320\243\314\206\320\230\314\206\320\270\314\206\320\265\314\200\320"
    "\265\314\210\320\263\314\201\321\226\314\210\320\272\314\201\320\270\314\200\321\203\314\206\321\264\314\217\321\265\314\217\320\226\314\206\320\266\314\206\320\220\314\206\320\260\314\206\320"
    "\220\314\210\320\260\314\210\320\225\314\206\320\265\314\206\323\230\314\210\323\231\314\210\320\226\314\210\320\266\314\210\320\227\314\210\320\267\314\210\320\230\314\204\320\270\314\204\320"
    "\230\314\210\320\270\314\210\320\236\314\210\320\276\314\210\323\250\314\210\323\251\314\210\320\255\314\210\321\215\314\210\320\243\314\204\321\203\314\204\320\243\314\210\321\203\314\210\320"
    "\243\314\213\321\203\314\213\320\247\314\210\321\207\314\210\320\253\314\210\321\213\314\210\325\245\326\202\330\247\331\223\330\247\331\224\331\210\331\224\330\247\331\225\331\212\331\224\330"
    "\247\331\264\331\210\331\264\333\207\331\264\331\212\331\264\333\225\331\224\333\201\331\224\333\222\331\224\340\244\250\340\244\274\340\244\260\340\244\274\340\244\263\340\244\274\340\244\225"
    "\340\244\274\340\244\226\340\244\274\340\244\227\340\244\274\340\244\234\340\244\274\340\244\241\340\244\274\340\244\242\340\244\274\340\244\253\340\244\274\340\244\257\340\244\274\340\247\207"
    "\340\246\276\340\247\207\340\247\227\340\246\241\340\246\274\340\246\242\340\246\274\340\246\257\340\246\274\340\250\262\340\250\274\340\250\270\340\250\274\340\250\226\340\250\274\340\250\227"
    "\340\250\274\340\250\234\340\250\274\340\250\253\340\250\274\340\255\207\340\255\226\340\255\207\340\254\276\340\255\207\340\255\227\340\254\241\340\254\274\340\254\242\340\254\274\340\256\222"
    "\340\257\227\340\257\206\340\256\276\340\257\207\340\256\276\340\257\206\340\257\227\340\261\206\340\261\226\340\262\277\340\263\225\340\263\206\340\263\225\340\263\206\340\263\226\340\263\206"
    "\340\263\202\340\263\206\340\263\202\340\263\225\340\265\206\340\264\276\340\265\207\340\264\276\340\265\206\340\265\227\340\267\231\340\267\212\340\267\231\340\267\217\340\267\231\340\267\217"
    "\340\267\212\340\267\231\340\267\237\340\271\215\340\270\262\340\273\215\340\272\262\340\272\253\340\272\231\340\272\253\340\272\241\340\274\213\340\275\202\340\276\267\340\275\214\340\276\267"
    "\340\275\221\340\276\267\340\275\226\340\276\267\340\275\233\340\276\267\340\275\200\340\276\265\340\275\261\340\275\262\340\275\261\340\275\264\340\276\262\340\276\200\340\276\262\340\275\261"
    "\340\276\200\340\276\263\340\276\200\340\276\263\340\275\261\340\276\200\340\275\261\340\276\200\340\276\222\340\276\267\340\276\234\340\276\267\340\276\241\340\276\267\340\276\246\340\276\267"
    "\340\276\253\340\276\267\340\276\220\340\276\265\341\200\245\341\200\256A\314\245a\314\245B\314\207b\314\207B\314\243b\314\243B\314\261b\314\261C\314\247\314\201c"
    "\314\247\314\201D\314\207d\314\207D\314\243d\314\243D\314\261d\314\261D\314\247d\314\247D\314\255d\314\255E\314\204\314\200e\314\204\314\200E\314\204\314"
    "\201e\314\204\314\201E\314\255e\314\255E\314\260e\314\260E\314\247\314\206e\314\247\314\206F\314\207f\314\207G\314\204g\314\204H\314\207h\314\207H\314"
    "\243h\314\243H\314\210h\314\210H\314\247h\314\247H\314\256h\314\256I\314\260i\314\260I\314\210\314\201i\314\210\314\201K\314\201k\314\201K\314\243k"
    "\314\243K\314\261k\314\261L\314\243l\314\243L\314\243\314\204l\314\243\314\204L\314\261l\314\261L\314\255l\314\255M\314\201m\314\201M\314\207m\314\207"
    "M\314\243m\314\243N\314\207n\314\207N\314\243n\314\243N\314\261n\314\261N\314\255n\314\255O\314\203\314\201o\314\203\314\201O\314\203\314\210o\314\203"
    "\314\210O\314\204\314\200o\314\204\314\200O\314\204\314\201o\314\204\314\201P\314\201p\314\201P\314\207p\314\207R\314\207r\314\207R\314\243r\314\243R\314"
    "\243\314\204r\314\243\314\204R\314\261r\314\261S\314\207s\314\207S\314\243s\314\243S\314\201\314\207s\314\201\314\207S\314\214\314\207s\314\214\314\207S\314"
    "\243\314\207s\314\243\314\207T\314\207t\314\207T\314\243t\314\243T\314\261t\314\261T\314\255t\314\255U\314\244u\314\244U\314\260u\314\260U\314\255u"
    "\314\255U\314\203\314\201u\314\203\314\201U\314\204\314\210u\314\204\314\210V\314\203v\314\203V\314\243v\314\243W\314\200w\314\200W\314\201w\314\201W\314"
    "\210w\314\210W\314\207w\314\207W\314\243w\314\243X\314\207x\314\207X\314\210x\314\210Y\314\207y\314\207Z\314\202z\314\202Z\314\243z\314\243Z\314"
    "\261z\314\261h\314\261t\314\210w\314\212y\314\212a\312\276s\314\207A\314\243a\314\243A\314\211a\314\211A\314\202\314\201a\314\202\314\201A\314\202\314"
    "\200a\314\202\314\200A\314\202\314\211a\314\202\314\211A\314\202\314\203a\314\202\314\203A\314\243\314\202a\314\243\314\202A\314\206\314\201a\314\206\314\201A\314"
    "\206\314\200a\314\206\314\200A\314\206\314\211a\314\206\314\211A\314\206\314\203a\314\206\314\203A\314\243\314\206a\314\243\314\206E\314\243e\314\243E\314\211e"
    "\314\211E\314\203e\314\203E\314\202\314\201e\314\202\314\201E\314\202\314\200e\314\202\314\200E\314\202\314\211e\314\202\314\211E\314\202\314\203e\314\202\314\203"
    "E\314\243\314\202e\314\243\314\202I\314\211i\314\211I\314\243i\314\243O\314\243o\314\243O\314\211o\314\211O\314\202\314\201o\314\202\314\201O\314\202\314"
    "\200o\314\202\314\200O\314\202\314\211o\314\202\314\211O\314\202\314\203o\314\202\314\203O\314\243\314\202o\314\243\314\202O\314\233\314\201o\314\233\314\201O\314"
    "\233\314\200o\314\233\314\200O\314\233\314\211o\314\233\314\211O\314\233\314\203o\314\233\314\203O\314\233\314\243o\314\233\314\243U\314\243u\314\243U\314\211u"
    "\314\211U\314\233\314\201u\314\233\314\201U\314\233\314\200u\314\233\314\200U\314\233\314\211u\314\233\314\211U\314\233\314\203u\314\233\314\203U\314\233\314\243u"
    "\314\233\314\243Y\314\200y\314\200Y\314\243y\314\243Y\314\211y\314\211Y\314\203y\314\203\316\261\314\223\316\261\314\224\316\261\314\223\314\200\316\261\314\224\314\200"
    "\316\261\314\223\314\201\316\261\314\224\314\201\316\261\314\223\315\202\316\261\314\224\315\202\316\221\314\223\316\221\314\224\316\221\314\223\314\200\316\221\314\224\314\200\316\221\314\223"
    "\314\201\316\221\314\224\314\201\316\221\314\223\315\202\316\221\314\224\315\202\316\265\314\223\316\265\314\224\316\265\314\223\314\200\316\265\314\224\314\200\316\265\314\223\314\201\316\265"
    "\314\224\314\201\316\225\314\223\316\225\314\224\316\225\314\223\314\200\316\225\314\224\314\200\316\225\314\223\314\201\316\225\314\224\314\201\316\267\314\223\316\267\314\224\316\267\314\223"
    "\314\200\316\267\314\224\314\200\316\267\314\223\314\201\316\267\314\224\314\201\316\267\314\223\315\202\316\267\314\224\315\202\316\227\314\223\316\227\314\224\316\227\314\223\314\200\316\227"
    "\314\224\314\200\316\227\314\223\314\201\316\227\314\224\314\201\316\227\314\223\315\202\316\227\314\224\315\202\316\271\314\223\316\271\314\224\316\271\314\223\314\200\316\271\314\224\314\200"
    "\316\271\314\223\314\201\316\271\314\224\314\201\316\271\314\223\315\202\316\271\314\224\315\202\316\231\314\223\316\231\314\224\316\231\314\223\314\200\316\231\314\224\314\200\316\231\314\223"
    "\314\201\316\231\314\224\314\201\316\231\314\223\315\202\316\231\314\224\315\202\316\277\314\223\316\277\314\224\316\277\314\223\314\200\316\277\314\224\314\200\316\277\314\223\314\201\316\277"
    "\314\224\314\201\316\237\314\223\316\237\314\224\316\237\314\223\314\200\316\237\314\224\314\200\316\237\314\223\314\201\316\237\314\224\314\201\317\205\314\223\317\205\314\224\317\205\314\223"
    "\314\200\317\205\314\224\314\200\317\205\314\223\314\201\317\205\314\224\314\201\317\205\314\223\315\202\317\205\314\224\315\202\316\245\314\224\316\245\314\224\314\200\316\245\314\224\314\201"
    "\316\245\314\224\315\202\317\211\314\223\317\211\314\224\317\211\314\223\314\200\317\211\314\224\314\200\317\211\314\223\314\201\317\211\314\224\314\201\317\211\314\223\315\202\317\211\314\224"
    "\315\202\316\251\314\223\316\251\314\224\316\251\314\223\314\200\316\251\314\224\314\200\316\251\314\223\314\201\316\251\314\224\314\201\316\251\314\223\315\202\316\251\314\224\315\202\316\261"
    "\314\200\316\261\314\201\316\265\314\200\316\265\314\201\316\267\314\200\316\267\314\201\316\271\314\200\316\271\314\201\316\277\314\200\316\277\314\201\317\205\314\200\317\205\314\201\317\211"
    "\314\200\317\211\314\201\316\261\314\223\315\205\316\261\314\224\315\205\316\261\314\223\314\200\315\205\316\261\314\224\314\200\315\205\316\261\314\223\314\201\315\205\316\261\314\224\314\201"
    "\315\205\316\261\314\223\315\202\315\205\316\261\314\224\315\202\315\205\316\221\314\223\315\205\316\221\314\224\315\205\316\221\314\223\314\200\315\205\316\221\314\224\314\200\315\205\316\221"
    "\314\223\314\201\315\205\316\221\314\224\314\201\315\205\316\221\314\223\315\202\315\205\316\221\314\224\315\202\315\205\316\267\314\223\315\205\316\267\314\224\315\205\316\267\314\223\314\200"
    "\315\205\316\267\314\224\314\200\315\205\316\267\314\223\314\201\315\205\316\267\314\224\314\201\315\205\316\267\314\223\315\202\315\205\316\267\314\224\315\202\315\205\316\227\314\223\315\205"
    "\316\227\314\224\315\205\316\227\314\223\314\200\315\205\316\227\314\224\314\200\315\205\316\227\314\223\314\201\315\205\316\227\314\224\314\201\315\205\316\227\314\223\315\202\315\205\316\227"
    "\314\224\315\202\315\205\317\211\314\223\315\205\317\211\314\224\315\205\317\211\314\223\314\200\315\205\317\211\314\224\314\200\315\205\317\211\314\223\314\201\315\205\317\211\314\224\314\201"
    "\315\205\317\211\314\223\315\202\315\205\317\211\314\224\315\202\315\205\316\251\314\223\315\205\316\251\314\224\315\205\316\251\314\223\314\200\315\205\316\251\314\224\314\200\315\205\316\251"
    "\314\223\314\201\315\205\316\251\314\224\314\201\315\205\316\251\314\223\315\202\315\205\316\251\314\224\315\202\315\205\316\261\314\206\316\261\314\204\316\261\314\200\315\205\316\261\315\205"
    "\316\261\314\201\315\205\316\261\315\202\316\261\315\202\315\205\316\221\314\206\316\221\314\204\316\221\314\200\316\221\314\201\316\221\315\205 \314\223\316\271 \314\223 \315\202 "
    "\314\210\315\202\316\267\314\200\315\205\316\267\315\205\316\267\314\201\315\205\316\267\315\202\316\267\315\202\315\205\316\225\314\200\316\225\314\201\316\227\314\200\316\227\314\201\316\227"
    "\315\205 \314\223\314\200 \314\223\314\201 \314\223\315\202\316\271\314\206\316\271\314\204\316\271\314\210\314\200\316\271\314\210\314\201\316\271\315\202\316\271\314\210\315\202\316"
    "\231\314\206\316\231\314\204\316\231\314\200\316\231\314\201 \314\224\314\200 \314\224\314\201 \314\224\315\202\317\205\314\206\317\205\314\204\317\205\314\210\314\200\317\205\314\210"
    "\314\201\317\201\314\223\317\201\314\224\317\205\315\202\317\205\314\210\315\202\316\245\314\206\316\245\314\204\316\245\314\200\316\245\314\201\316\241\314\224 \314\210\314\200 \314\210"
    "\314\201`\317\211\314\200\315\205\317\211\315\205\317\211\314\201\315\205\317\211\315\202\317\211\315\202\315\205\316\237\314\200\316\237\314\201\316\251\314\200\316\251\314\201\316\251\315"
    "\205 \314\201 \314\224           \342\200\220 \314\263...... \342\200\262\342\200\262\342\200\262\342\200\262\342\200\262\342\200"
    "\265\342\200\265\342\200\265\342\200\265\342\200\265!! \314\205\077\077\077!!\077\342\200\262\342\200\262\342\200\262\342\200\262 0i456789+\342\210"
    "\222=()n0123456789+\342\210\222=()Rsa/ca/sC\302\260Cc/oc/u\306\220\302\260FgHH"
    "Hh\304\247IILlNNoPQRRRSMTELTMZ\316\251ZKA\314\212BCeEFMo\327\220\327\221\327\222\327\223i\316"
    "\263\316\223\316\240\342\210\221Ddeij1\342\201\20432\342\201\20431\342\201\20452\342\201\20453\342\201\20454\342\201\20451\342\201\2046"
    "5\342\201\20461\342\201\20483\342\201\20485\342\201\20487\342\201\20481\342\201\204IIIIIIIVVVIVIIVIIII"
    "XXXIXIILCDMiiiiiiivvviviiviiiixxxixiilcdm\342\206\220\314\270\342\206"
    "\222\314\270\342\206\224\314\270\342\207\220\314\270\342\207\224\314\270\342\207\222\314\270\342\210\203\314\270\342\210\210\314\270\342\210\213\314\270\342\210\243\314\270\342\210\245\314\270"
    "\342\210\253\342\210\253\342\210\253\342\210\253\342\210\253\342\210\256\342\210\256\342\210\256\342\210\256\342\210\256\342\210\274\314\270\342\211\203\314\270\342\211\205\314\270\342\211\210"
    "\314\270=\314\270\342\211\241\314\270\342\211\215\314\270<\314\270>\314\270\342\211\244\314\270\342\211\245\314\270\342\211\262\314\270\342\211\263\314\270\342\211\266\314\270\342\211"
    "\267\314\270\342\211\272\314\270\342\211\273\314\270\342\212\202\314\270\342\212\203\314\270\342\212\206\314\270\342\212\207\314\270\342\212\242\314\270\342\212\250\314\270\342\212\251\314\270"
    "\342\212\253\314\270\342\211\274\314\270\342\211\275\314\270\342\212\221\314\270\342\212\222\314\270\342\212\262\314\270\342\212\263\314\270\342\212\264\314\270\342\212\265\314\270\343\200\210"
    "\343\200\2111234567891011121314151617181920(1)(2)(3)(4)(5"
    ")(6)(7)(8)(9)(10)(11)(12)(13)(14)(15)(16)(17)(18"
    ")(19)(20)1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16."
    "17.18.19.20.(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)"
    "(m)(n)(o)(p)(q)(r)(s)(t)(u)(v)(w)(x)(y)(z)ABCDEF"
    "GHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0\342"
    "\210\253\342\210\253\342\210\253\342\210\253::======\342\253\235\314\270\346\257\215\351\276\237\344\270\200\344\270\250\344\270\266\344\270\277\344\271\231\344\272\205"
    "\344\272\214\344\272\240\344\272\272\345\204\277\345\205\245\345\205\253\345\206\202\345\206\226\345\206\253\345\207\240\345\207\265\345\210\200\345\212\233\345\213\271\345\214\225\345\214\232"
    "\345\214\270\345\215\201\345\215\234\345\215\251\345\216\202\345\216\266\345\217\210\345\217\243\345\233\227\345\234\237\345\243\253\345\244\202\345\244\212\345\244\225\345\244\247\345\245\263"
    "\345\255\220\345\256\200\345\257\270\345\260\217\345\260\242\345\260\270\345\261\256\345\261\261\345\267\233\345\267\245\345\267\261\345\267\276\345\271\262\345\271\272\345\271\277\345\273\264"
    "\345\273\276\345\274\213\345\274\223\345\275\220\345\275\241\345\275\263\345\277\203\346\210\210\346\210\266\346\211\213\346\224\257\346\224\264\346\226\207\346\226\227\346\226\244\346\226\271"
    "\346\227\240\346\227\245\346\233\260\346\234\210\346\234\250\346\254\240\346\255\242\346\255\271\346\256\263\346\257\213\346\257\224\346\257\233\346\260\217\346\260\224\346\260\264\347\201\253"
    "\347\210\252\347\210\266\347\210\273\347\210\277\347\211\207\347\211\231\347\211\233\347\212\254\347\216\204\347\216\211\347\223\234\347\223\246\347\224\230\347\224\237\347\224\250\347\224\260"
    "\347\226\213\347\226\222\347\231\266\347\231\275\347\232\256\347\232\277\347\233\256\347\237\233\347\237\242\347\237\263\347\244\272\347\246\270\347\246\276\347\251\264\347\253\213\347\253\271"
    "\347\261\263\347\263\270\347\274\266\347\275\221\347\276\212\347\276\275\350\200\201\350\200\214\350\200\222\350\200\263\350\201\277\350\202\211\350\207\243\350\207\252\350\207\263\350\207\274"
    "\350\210\214\350\210\233\350\210\237\350\211\256\350\211\262\350\211\270\350\231\215\350\231\253\350\241\200\350\241\214\350\241\243\350\245\276\350\246\213\350\247\222\350\250\200\350\260\267"
    "\350\261\206\350\261\225\350\261\270\350\262\235\350\265\244\350\265\260\350\266\263\350\272\253\350\273\212\350\276\233\350\276\260\350\276\265\351\202\221\351\205\211\351\207\206\351\207\214"
    "\351\207\221\351\225\267\351\226\200\351\230\234\351\232\266\351\232\271\351\233\250\351\235\221\351\235\236\351\235\242\351\235\251\351\237\213\351\237\255\351\237\263\351\240\201\351\242\250"
    "\351\243\233\351\243\237\351\246\226\351\246\231\351\246\254\351\252\250\351\253\230\351\253\237\351\254\245\351\254\257\351\254\262\351\254\274\351\255\232\351\263\245\351\271\265\351\271\277"
    "\351\272\245\351\272\273\351\273\203\351\273\215\351\273\221\351\273\271\351\273\275\351\274\216\351\274\223\351\274\240\351\274\273\351\275\212\351\275\222\351\276\215\351\276\234\351\276\240"
    " \343\200\222\345\215\201\345\215\204\345\215\205\343\201\213\343\202\231\343\201\215\343\202\231\343\201\217\343\202\231\343\201\221\343\202\231\343\201\223\343\202\231\343\201\225\343\202"
    "\231\343\201\227\343\202\231\343\201\231\343\202\231\343\201\233\343\202\231\343\201\235\343\202\231\343\201\237\343\202\231\343\201\241\343\202\231\343\201\244\343\202\231\343\201\246\343\202"
    "\231\343\201\250\343\202\231\343\201\257\343\202\231\343\201\257\343\202\232\343\201\262\343\202\231\343\201\262\343\202\232\343\201\265\343\202\231\343\201\265\343\202\232\343\201\270\343\202"
    "\231\343\201\270\343\202\232\343\201\273\343\202\231\343\201\273\343\202\232\343\201\206\343\202\231 \343\202\231 \343\202\232\343\202\235\343\202\231\343\202\210\343\202\212\343\202\253"
    "\343\202\231\343\202\255\343\202\231\343\202\257\343\202\231\343\202\261\343\202\231\343\202\263\343\202\231\343\202\265\343\202\231\343\202\267\343\202\231\343\202\271\343\202\231\343\202\273"
    "\343\202\231\343\202\275\343\202\231\343\202\277\343\202\231\343\203\201\343\202\231\343\203\204\343\202\231\343\203\206\343\202\231\343\203\210\343\202\231\343\203\217\343\202\231\343\203\217"
    "\343\202\232\343\203\222\343\202\231\343\203\222\343\202\232\343\203\225\343\202\231\343\203\225\343\202\232\343\203\230\343\202\231\343\203\230\343\202\232\343\203\233\343\202\231\343\203\233"
    "\343\202\232\343\202\246\343\202\231\343\203\257\343\202\231\343\203\260\343\202\231\343\203\261\343\202\231\343\203\262\343\202\231\343\203\275\343\202\231\343\202\263\343\203\210\341\204\200"
    "\341\204\201\341\206\252\341\204\202\341\206\254\341\206\255\341\204\203\341\204\204\341\204\205\341\206\260\341\206\261\341\206\262\341\206\263\341\206\264\341\206\265\341\204\232\341\204\206"
    "\341\204\207\341\204\210\341\204\241\341\204\211\341\204\212\341\204\213\341\204\214\341\204\215\341\204\216\341\204\217\341\204\220\341\204\221\341\204\222\341\205\241\341\205\242\341\205\243"
    "\341\205\244\341\205\245\341\205\246\341\205\247\341\205\250\341\205\251\341\205\252\341\205\253\341\205\254\341\205\255\341\205\256\341\205\257\341\205\260\341\205\261\341\205\262\341\205\263"
    "\341\205\264\341\205\265\341\205\240\341\204\224\341\204\225\341\207\207\341\207\210\341\207\214\341\207\216\341\207\223\341\207\227\341\207\231\341\204\234\341\207\235\341\207\237\341\204\235"
    "\341\204\236\341\204\240\341\204\242\341\204\243\341\204\247\341\204\251\341\204\253\341\204\254\341\204\255\341\204\256\341\204\257\341\204\262\341\204\266\341\205\200\341\205\207\341\205\214"
    "\341\207\261\341\207\262\341\205\227\341\205\230\341\205\231\341\206\204\341\206\205\341\206\210\341\206\221\341\206\222\341\206\224\341\206\236\341\206\241\344\270\200\344\272\214\344\270\211"
    "\345\233\233\344\270\212\344\270\255\344\270\213\347\224\262\344\271\231\344\270\231\344\270\201\345\244\251\345\234\260\344\272\272(\341\204\200)(\341\204\202)(\341\204\203)"
    "(\341\204\205)(\341\204\206)(\341\204\207)(\341\204\211)(\341\204\213)(\341\204\214)(\341\204\216)(\341\204\217)(\341\204\220)(\341\204"
    "\221)(\341\204\222)(\341\204\200\341\205\241)(\341\204\202\341\205\241)(\341\204\203\341\205\241)(\341\204\205\341\205\241)(\341\204\206\341\205\241)("
    "\341\204\207\341\205\241)(\341\204\211\341\205\241)(\341\204\213\341\205\241)(\341\204\214\341\205\241)(\341\204\216\341\205\241)(\341\204\217\341\205\241)("
    "\341\204\220\341\205\241)(\341\204\221\341\205\241)(\341\204\222\341\205\241)(\341\204\214\341\205\256)(\344\270\200)(\344\272\214)(\344\270\211)(\345"
    "\233\233)(\344\272\224)(\345\205\255)(\344\270\203)(\345\205\253)(\344\271\235)(\345\215\201)(\346\234\210)(\347\201\253)(\346\260\264)"
    "(\346\234\250)(\351\207\221)(\345\234\237)(\346\227\245)(\346\240\252)(\346\234\211)(\347\244\276)(\345\220\215)(\347\211\271)(\350\262"
    "\241)(\347\245\235)(\345\212\264)(\344\273\243)(\345\221\274)(\345\255\246)(\347\233\243)(\344\274\201)(\350\263\207)(\345\215\224)("
    "\347\245\255)(\344\274\221)(\350\207\252)(\350\207\263)21222324252627282930313233343"
    "5\341\204\200\341\204\202\341\204\203\341\204\205\341\204\206\341\204\207\341\204\211\341\204\213\341\204\214\341\204\216\341\204\217\341\204\220\341\204\221\341\204\222\341\204\200\341\205"
    "\241\341\204\202\341\205\241\341\204\203\341\205\241\341\204\205\341\205\241\341\204\206\341\205\241\341\204\207\341\205\241\341\204\211\341\205\241\341\204\213\341\205\241\341\204\214\341\205"
    "\241\341\204\216\341\205\241\341\204\217\341\205\241\341\204\220\341\205\241\341\204\221\341\205\241\341\204\222\341\205\241\344\270\200\344\272\214\344\270\211\345\233\233\344\272\224\345\205"
    "\255\344\270\203\345\205\253\344\271\235\345\215\201\346\234\210\347\201\253\346\260\264\346\234\250\351\207\221\345\234\237\346\227\245\346\240\252\346\234\211\347\244\276\345\220\215\347\211"
    "\271\350\262\241\347\245\235\345\212\264\347\247\230\347\224\267\345\245\263\351\201\251\345\204\252\345\215\260\346\263\250\351\240\205\344\274\221\345\206\231\346\255\243\344\270\212\344\270"
    "\255\344\270\213\345\267\246\345\217\263\345\214\273\345\256\227\345\255\246\347\233\243\344\274\201\350\263\207\345\215\224\345\244\23436373839404142"
    "43444546474849501\346\234\2102\346\234\2103\346\234\2104\346\234\2105\346\234\2106\346\234\2107\346\234\2108\346\234\210"
    "9\346\234\21010\346\234\21011\346\234\21012\346\234\210\343\202\242\343\202\244\343\202\246\343\202\250\343\202\252\343\202\253\343\202\255\343\202\257\343\202\261\343\202"
    "\263\343\202\265\343\202\267\343\202\271\343\202\273\343\202\275\343\202\277\343\203\201\343\203\204\343\203\206\343\203\210\343\203\212\343\203\213\343\203\214\343\203\215\343\203\216\343\203"
    "\217\343\203\222\343\203\225\343\203\230\343\203\233\343\203\236\343\203\237\343\203\240\343\203\241\343\203\242\343\203\244\343\203\246\343\203\250\343\203\251\343\203\252\343\203\253\343\203"
    "\254\343\203\255\343\203\257\343\203\260\343\203\261\343\203\262\343\202\242\343\203\217\343\202\232\343\203\274\343\203\210\343\202\242\343\203\253\343\203\225\343\202\241\343\202\242\343\203"
    "\263\343\203\230\343\202\232\343\202\242\343\202\242\343\203\274\343\203\253\343\202\244\343\203\213\343\203\263\343\202\257\343\202\231\343\202\244\343\203\263\343\203\201\343\202\246\343\202"
    "\251\343\203\263\343\202\250\343\202\271\343\202\257\343\203\274\343\203\210\343\202\231\343\202\250\343\203\274\343\202\253\343\203\274\343\202\252\343\203\263\343\202\271\343\202\252\343\203"
    "\274\343\203\240\343\202\253\343\202\244\343\203\252\343\202\253\343\203\251\343\203\203\343\203\210\343\202\253\343\203\255\343\203\252\343\203\274\343\202\253\343\202\231\343\203\255\343\203"
    "\263\343\202\253\343\202\231\343\203\263\343\203\236\343\202\255\343\202\231\343\202\253\343\202\231\343\202\255\343\202\231\343\203\213\343\203\274\343\202\255\343\203\245\343\203\252\343\203"
    "\274\343\202\255\343\202\231\343\203\253\343\202\277\343\202\231\343\203\274\343\202\255\343\203\255\343\202\255\343\203\255\343\202\257\343\202\231\343\203\251\343\203\240\343\202\255\343\203"
    "\255\343\203\241\343\203\274\343\203\210\343\203\253\343\202\255\343\203\255\343\203\257\343\203\203\343\203\210\343\202\257\343\202\231\343\203\251\343\203\240\343\202\257\343\202\231\343\203"
    "\251\343\203\240\343\203\210\343\203\263\343\202\257\343\203\253\343\202\273\343\202\231\343\202\244\343\203\255\343\202\257\343\203\255\343\203\274\343\203\215\343\202\261\343\203\274\343\202"
    "\271\343\202\263\343\203\253\343\203\212\343\202\263\343\203\274\343\203\233\343\202\232\343\202\265\343\202\244\343\202\257\343\203\253\343\202\265\343\203\263\343\203\201\343\203\274\343\203"
    "\240\343\202\267\343\203\252\343\203\263\343\202\257\343\202\231\343\202\273\343\203\263\343\203\201\343\202\273\343\203\263\343\203\210\343\202\277\343\202\231\343\203\274\343\202\271\343\203"
    "\206\343\202\231\343\202\267\343\203\210\343\202\231\343\203\253\343\203\210\343\203\263\343\203\212\343\203\216\343\203\216\343\203\203\343\203\210\343\203\217\343\202\244\343\203\204\343\203"
    "\217\343\202\232\343\203\274\343\202\273\343\203\263\343\203\210\343\203\217\343\202\232\343\203\274\343\203\204\343\203\217\343\202\231\343\203\274\343\203\254\343\203\253\343\203\222\343\202"
    "\232\343\202\242\343\202\271\343\203\210\343\203\253\343\203\222\343\202\232\343\202\257\343\203\253\343\203\222\343\202\232\343\202\263\343\203\222\343\202\231\343\203\253\343\203\225\343\202"
    "\241\343\203\251\343\203\203\343\203\210\343\202\231\343\203\225\343\202\243\343\203\274\343\203\210\343\203\225\343\202\231\343\203\203\343\202\267\343\202\247\343\203\253\343\203\225\343\203"
    "\251\343\203\263\343\203\230\343\202\257\343\202\277\343\203\274\343\203\253\343\203\230\343\202\232\343\202\275\343\203\230\343\202\232\343\203\213\343\203\222\343\203\230\343\203\253\343\203"
    "\204\343\203\230\343\202\232\343\203\263\343\202\271\343\203\230\343\202\232\343\203\274\343\202\267\343\202\231\343\203\230\343\202\231\343\203\274\343\202\277\343\203\233\343\202\232\343\202"
    "\244\343\203\263\343\203\210\343\203\233\343\202\231\343\203\253\343\203\210\343\203\233\343\203\263\343\203\233\343\202\232\343\203\263\343\203\210\343\202\231\343\203\233\343\203\274\343\203"
    "\253\343\203\233\343\203\274\343\203\263\343\203\236\343\202\244\343\202\257\343\203\255\343\203\236\343\202\244\343\203\253\343\203\236\343\203\203\343\203\217\343\203\236\343\203\253\343\202"
    "\257\343\203\236\343\203\263\343\202\267\343\203\247\343\203\263\343\203\237\343\202\257\343\203\255\343\203\263\343\203\237\343\203\252\343\203\237\343\203\252\343\203\217\343\202\231\343\203"
    "\274\343\203\253\343\203\241\343\202\253\343\202\231\343\203\241\343\202\253\343\202\231\343\203\210\343\203\263\343\203\241\343\203\274\343\203\210\343\203\253\343\203\244\343\203\274\343\203"
    "\210\343\202\231\343\203\244\343\203\274\343\203\253\343\203\246\343\202\242\343\203\263\343\203\252\343\203\203\343\203\210\343\203\253\343\203\252\343\203\251\343\203\253\343\203\222\343\202"
    "\232\343\203\274\343\203\253\343\203\274\343\203\225\343\202\231\343\203\253\343\203\254\343\203\240\343\203\254\343\203\263\343\203\210\343\202\261\343\202\231\343\203\263\343\203\257\343\203"
    "\203\343\203\2100\347\202\2711\347\202\2712\347\202\2713\347\202\2714\347\202\2715\347\202\2716\347\202\2717\347\202\2718\347\202\2719\347\202\27110\347\202"
    "\27111\347\202\27112\347\202\27113\347\202\27114\347\202\27115\347\202\27116\347\202\27117\347\202\27118\347\202\27119\347\202\27120"
    "\347\202\27121\347\202\27122\347\202\27123\347\202\27124\347\202\271hPadaAUbaroVpc\345\271\263\346\210\220\346\230\255\345\222"
    "\214\345\244\247\346\255\243\346\230\216\346\262\273\346\240\252\345\274\217\344\274\232\347\244\276pAnA\316\274AmAkAKBMBGBcalkca"
    "lpFnF\316\274F\316\274gmgkgHzkHzMHzGHzTHz\316\274lmldlklfmnm\316\274mmmc"
    "mkmmm2cm2m2km2mm3cm3m3km3m\342\210\225sm\342\210\225s2PakPaMPaGPar"
    "adrad\342\210\225srad\342\210\225s2psns\316\274smspVnV\316\274VmVkVMVpWnW\316\274WmW"
    "kWMWk\316\251M\316\251a.m.BqcccdC\342\210\225kgCo.dBGyhaHPinKKKMktlml"
    "nloglxmbmilmolPHp.m.PPMPRsrSvWb1\346\227\2452\346\227\2453\346\227\2454\346\227\2455"
    "\346\227\2456\346\227\2457\346\227\2458\346\227\2459\346\227\24510\346\227\24511\346\227\24512\346\227\24513\346\227\24514\346\227\24515\346\227"
    "\24516\346\227\24517\346\227\24518\346\227\24519\346\227\24520\346\227\24521\346\227\24522\346\227\24523\346\227\24524\346\227\24525"
    "\346\227\24526\346\227\24527\346\227\24528\346\227\24529\346\227\24530\346\227\24531\346\227\245\350\261\210\346\233\264\350\273\212\350\263\210\346\273\221"
    "\344\270\262\345\217\245\351\276\234\351\276\234\345\245\221\351\207\221\345\226\207\345\245\210\346\207\266\347\231\251\347\276\205\350\230\277\350\236\272\350\243\270\351\202\217\346\250\202"
    "\346\264\233\347\203\231\347\217\236\350\220\275\351\205\252\351\247\261\344\272\202\345\215\265\346\254\204\347\210\233\350\230\255\351\270\236\345\265\220\346\277\253\350\227\215\350\245\244"
    "\346\213\211\350\207\230\350\240\237\345\273\212\346\234\227\346\265\252\347\213\274\351\203\216\344\276\206\345\206\267\345\213\236\346\223\204\346\253\223\347\210\220\347\233\247\350\200\201"
    "\350\230\206\350\231\234\350\267\257\351\234\262\351\255\257\351\267\272\347\242\214\347\245\277\347\266\240\350\217\211\351\214\204\351\271\277\350\253\226\345\243\237\345\274\204\347\261\240"
    "\350\201\276\347\211\242\347\243\212\350\263\202\351\233\267\345\243\230\345\261\242\346\250\223\346\267\232\346\274\217\347\264\257\347\270\267\351\231\213\345\213\222\350\202\213\345\207\234"
    "\345\207\214\347\250\234\347\266\276\350\217\261\351\231\265\350\256\200\346\213\217\346\250\202\350\253\276\344\270\271\345\257\247\346\200\222\347\216\207\347\225\260\345\214\227\347\243\273"
    "\344\276\277\345\276\251\344\270\215\346\263\214\346\225\270\347\264\242\345\217\203\345\241\236\347\234\201\350\221\211\350\252\252\346\256\272\350\276\260\346\262\210\346\213\276\350\213\245"
    "\346\216\240\347\225\245\344\272\256\345\205\251\345\207\211\346\242\201\347\263\247\350\211\257\350\253\222\351\207\217\345\213\265\345\221\202\345\245\263\345\273\254\346\227\205\346\277\276"
    "\347\244\252\351\226\255\351\251\252\351\272\227\351\273\216\345\212\233\346\233\206\346\255\267\350\275\242\345\271\264\346\206\220\346\210\200\346\222\232\346\274\243\347\205\211\347\222\211"
    "\347\247\212\347\267\264\350\201\257\350\274\246\350\223\256\351\200\243\351\215\212\345\210\227\345\212\243\345\222\275\347\203\210\350\243\202\350\252\252\345\273\211\345\277\265\346\215\273"
    "\346\256\256\347\260\276\347\215\265\344\273\244\345\233\271\345\257\247\345\266\272\346\200\234\347\216\262\347\221\251\347\276\232\350\201\206\351\210\264\351\233\266\351\235\210\351\240\230"
    "\344\276\213\347\246\256\351\206\264\351\232\270\346\203\241\344\272\206\345\203\232\345\257\256\345\260\277\346\226\231\346\250\202\347\207\216\347\231\202\350\223\274\351\201\274\351\276\215"
    "\346\232\210\351\230\256\345\212\211\346\235\273\346\237\263\346\265\201\346\272\234\347\220\211\347\225\231\347\241\253\347\264\220\351\241\236\345\205\255\346\210\256\351\231\270\345\200\253"
    "\345\264\231\346\267\252\350\274\252\345\276\213\346\205\204\346\240\227\347\216\207\351\232\206\345\210\251\345\220\217\345\261\245\346\230\223\346\235\216\346\242\250\346\263\245\347\220\206"
    "\347\227\242\347\275\271\350\243\217\350\243\241\351\207\214\351\233\242\345\214\277\346\272\272\345\220\235\347\207\220\347\222\230\350\227\272\351\232\243\351\261\227\351\272\237\346\236\227"
    "\346\267\213\350\207\250\347\253\213\347\254\240\347\262\222\347\213\200\347\202\231\350\255\230\344\273\200\350\214\266\345\210\272\345\210\207\345\272\246\346\213\223\347\263\226\345\256\205"
    "\346\264\236\346\232\264\350\274\273\350\241\214\351\231\215\350\246\213\345\273\223\345\205\200\345\227\200\345\241\232\346\231\264\345\207\236\347\214\252\347\233\212\347\244\274\347\245\236"
    "\347\245\245\347\246\217\351\235\226\347\262\276\347\276\275\350\230\222\350\253\270\351\200\270\351\203\275\351\243\257\351\243\274\351\244\250\351\266\264\344\276\256\345\203\247\345\205\215"
    "\345\213\211\345\213\244\345\215\221\345\226\235\345\230\206\345\231\250\345\241\200\345\242\250\345\261\244\345\261\256\346\202\224\346\205\250\346\206\216\346\207\262\346\225\217\346\227\242"
    "\346\232\221\346\242\205\346\265\267\346\270\232\346\274\242\347\205\256\347\210\253\347\220\242\347\242\221\347\244\276\347\245\211\347\245\210\347\245\220\347\245\226\347\245\235\347\246\215"
    "\347\246\216\347\251\200\347\252\201\347\257\200\347\267\264\347\270\211\347\271\201\347\275\262\350\200\205\350\207\255\350\211\271\350\211\271\350\221\227\350\244\220\350\246\226\350\254\201"
    "\350\254\271\350\263\223\350\264\210\350\276\266\351\200\270\351\233\243\351\237\277\351\240\273fffiflffifflstst\325\264\325\266\325\264\325\245"
    "\325\264\325\253\325\276\325\266\325\264\325\255\327\231\326\264\327\262\326\267\327\242\327\220\327\223\327\224\327\233\327\234\327\235\327\250\327\252+\327\251\327\201\327\251\327\202\327"
    "\251\326\274\327\201\327\251\326\274\327\202\327\220\326\267\327\220\326\270\327\220\326\274\327\221\326\274\327\222\326\274\327\223\326\274\327\224\326\274\327\225\326\274\327\226\326\274\327"
    "\230\326\274\327\231\326\274\327\232\326\274\327\233\326\274\327\234\326\274\327\236\326\274\327\240\326\274\327\241\326\274\327\243\326\274\327\244\326\274\327\246\326\274\327\247\326\274\327"
    "\250\326\274\327\251\326\274\327\252\326\274\327\225\326\271\327\221\326\277\327\233\326\277\327\244\326\277\327\220\327\234\331\261\331\261\331\273\331\273\331\273\331\273\331\276\331\276\331"
    "\276\331\276\332\200\332\200\332\200\332\200\331\272\331\272\331\272\331\272\331\277\331\277\331\277\331\277\331\271\331\271\331\271\331\271\332\244\332\244\332\244\332\244\332\246\332\246\332"
    "\246\332\246\332\204\332\204\332\204\332\204\332\203\332\203\332\203\332\203\332\206\332\206\332\206\332\206\332\207\332\207\332\207\332\207\332\215\332\215\332\214\332\214\332\216\332\216\332"
    "\210\332\210\332\230\332\230\332\221\332\221\332\251\332\251\332\251\332\251\332\257\332\257\332\257\332\257\332\263\332\263\332\263\332\263\332\261\332\261\332\261\332\261\332\272\332\272\332"
    "\273\332\273\332\273\332\273\333\225\331\224\333\225\331\224\333\201\333\201\333\201\333\201\332\276\332\276\332\276\332\276\333\222\333\222\333\222\331\224\333\222\331\224\332\255\332\255\332"
    "\255\332\255\333\207\333\207\333\206\333\206\333\210\333\210\333\207\331\264\333\213\333\213\333\205\333\205\333\211\333\211\333\220\333\220\333\220\333\220\331\211\331\211\331\212\331\224\330"
    "\247\331\212\331\224\330\247\331\212\331\224\333\225\331\212\331\224\333\225\331\212\331\224\331\210\331\212\331\224\331\210\331\212\331\224\333\207\331\212\331\224\333\207\331\212\331\224\333"
    "\206\331\212\331\224\333\206\331\212\331\224\333\210\331\212\331\224\333\210\331\212\331\224\333\220\331\212\331\224\333\220\331\212\331\224\333\220\331\212\331\224\331\211\331\212\331\224\331"
    "\211\331\212\331\224\331\211\333\214\333\214\333\214\333\214\331\212\331\224\330\254\331\212\331\224\330\255\331\212\331\224\331\205\331\212\331\224\331\211\331\212\331\224\331\212\330\250\330"
    "\254\330\250\330\255\330\250\330\256\330\250\331\205\330\250\331\211\330\250\331\212\330\252\330\254\330\252\330\255\330\252\330\256\330\252\331\205\330\252\331\211\330\252\331\212\330\253\330"
    "\254\330\253\331\205\330\253\331\211\330\253\331\212\330\254\330\255\330\254\331\205\330\255\330\254\330\255\331\205\330\256\330\254\330\256\330\255\330\256\331\205\330\263\330\254\330\263\330"
    "\255\330\263\330\256\330\263\331\205\330\265\330\255\330\265\331\205\330\266\330\254\330\266\330\255\330\266\330\256\330\266\331\205\330\267\330\255\330\267\331\205\330\270\331\205\330\271\330"
    "\254\330\271\331\205\330\272\330\254\330\272\331\205\331\201\330\254\331\201\330\255\331\201\330\256\331\201\331\205\331\201\331\211\331\201\331\212\331\202\330\255\331\202\331\205\331\202\331"
    "\211\331\202\331\212\331\203\330\247\331\203\330\254\331\203\330\255\331\203\330\256\331\203\331\204\331\203\331\205\331\203\331\211\331\203\331\212\331\204\330\254\331\204\330\255\331\204\330"
    "\256\331\204\331\205\331\204\331\211\331\204\331\212\331\205\330\254\331\205\330\255\331\205\330\256\331\205\331\205\331\205\331\211\331\205\331\212\331\206\330\254\331\206\330\255\331\206\330"
    "\256\331\206\331\205\331\206\331\211\331\206\331\212\331\207\330\254\331\207\331\205\331\207\331\211\331\207\331\212\331\212\330\254\331\212\330\255\331\212\330\256\331\212\331\205\331\212\331"
    "\211\331\212\331\212\330\260\331\260\330\261\331\260\331\211\331\260 \331\214\331\221 \331\215\331\221 \331\216\331\221 \331\217\331\221 \331\220\331\221 \331\221\331\260\331"
    "\212\331\224\330\261\331\212\331\224\330\262\331\212\331\224\331\205\331\212\331\224\331\206\331\212\331\224\331\211\331\212\331\224\331\212\330\250\330\261\330\250\330\262\330\250\331\205\330"
    "\250\331\206\330\250\331\211\330\250\331\212\330\252\330\261\330\252\330\262\330\252\331\205\330\252\331\206\330\252\331\211\330\252\331\212\330\253\330\261\330\253\330\262\330\253\331\205\330"
    "\253\331\206\330\253\331\211\330\253\331\212\331\201\331\211\331\201\331\212\331\202\331\211\331\202\331\212\331\203\330\247\331\203\331\204\331\203\331\205\331\203\331\211\331\203\331\212\331"
    "\204\331\205\331\204\331\211\331\204\331\212\331\205\330\247\331\205\331\205\331\206\330\261\331\206\330\262\331\206\331\205\331\206\331\206\331\206\331\211\331\206\331\212\331\211\331\260\331"
    "\212\330\261\331\212\330\262\331\212\331\205\331\212\331\206\331\212\331\211\331\212\331\212\331\212\331\224\330\254\331\212\331\224\330\255\331\212\331\224\330\256\331\212\331\224\331\205\331"
    "\212\331\224\331\207\330\250\330\254\330\250\330\255\330\250\330\256\330\250\331\205\330\250\331\207\330\252\330\254\330\252\330\255\330\252\330\256\330\252\331\205\330\252\331\207\330\253\331"
    "\205\330\254\330\255\330\254\331\205\330\255\330\254\330\255\331\205\330\256\330\254\330\256\331\205\330\263\330\254\330\263\330\255\330\263\330\256\330\263\331\205\330\265\330\255\330\265\330"
    "\256\330\265\331\205\330\266\330\254\330\266\330\255\330\266\330\256\330\266\331\205\330\267\330\255\330\270\331\205\330\271\330\254\330\271\331\205\330\272\330\254\330\272\331\205\331\201\330"
    "\254\331\201\330\255\331\201\330\256\331\201\331\205\331\202\330\255\331\202\331\205\331\203\330\254\331\203\330\255\331\203\330\256\331\203\331\204\331\203\331\205\331\204\330\254\331\204\330"
    "\255\331\204\330\256\331\204\331\205\331\204\331\207\331\205\330\254\331\205\330\255\331\205\330\256\331\205\331\205\331\206\330\254\331\206\330\255\331\206\330\256\331\206\331\205\331\206\331"
    "\207\331\207\330\254\331\207\331\205\331\207\331\260\331\212\330\254\331\212\330\255\331\212\330\256\331\212\331\205\331\212\331\207\331\212\331\224\331\205\331\212\331\224\331\207\330\250\331"
    "\205\330\250\331\207\330\252\331\205\330\252\331\207\330\253\331\205\330\253\331\207\330\263\331\205\330\263\331\207\330\264\331\205\330\264\331\207\331\203\331\204\331\203\331\205\331\204\331"
    "\205\331\206\331\205\331\206\331\207\331\212\331\205\331\212\331\207\331\200\331\216\331\221\331\200\331\217\331\221\331\200\331\220\331\221\330\267\331\211\330\267\331\212\330\271\331\211\330"
    "\271\331\212\330\272\331\211\330\272\331\212\330\263\331\211\330\263\331\212\330\264\331\211\330\264\331\212\330\255\331\211\330\255\331\212\330\254\331\211\330\254\331\212\330\256\331\211\330"
    "\256\331\212\330\265\331\211\330\265\331\212\330\266\331\211\330\266\331\212\330\264\330\254\330\264\330\255\330\264\330\256\330\264\331\205\330\264\330\261\330\263\330\261\330\265\330\261\330"
    "\266\330\261\330\267\331\211\330\267\331\212\330\271\331\211\330\271\331\212\330\272\331\211\330\272\331\212\330\263\331\211\330\263\331\212\330\264\331\211\330\264\331\212\330\255\331\211\330"
    "\255\331\212\330\254\331\211\330\254\331\212\330\256\331\211\330\256\331\212\330\265\331\211\330\265\331\212\330\266\331\211\330\266\331\212\330\264\330\254\330\264\330\255\330\264\330\256\330"
    "\264\331\205\330\264\330\261\330\263\330\261\330\265\330\261\330\266\330\261\330\264\330\254\330\264\330\255\330\264\330\256\330\264\331\205\330\263\331\207\330\264\331\207\330\267\331\205\330"
    "\263\330\254\330\263\330\255\330\263\330\256\330\264\330\254\330\264\330\255\330\264\330\256\330\267\331\205\330\270\331\205\330\247\331\213\330\247\331\213\330\252\330\254\331\205\330\252\330"
    "\255\330\254\330\252\330\255\330\254\330\252\330\255\331\205\330\252\330\256\331\205\330\252\331\205\330\254\330\252\331\205\330\255\330\252\331\205\330\256\330\254\331\205\330\255\330\254\331"
    "\205\330\255\330\255\331\205\331\212\330\255\331\205\331\211\330\263\330\255\330\254\330\263\330\254\330\255\330\263\330\254\331\211\330\263\331\205\330\255\330\263\331\205\330\255\330\263\331"
    "\205\330\254\330\263\331\205\331\205\330\263\331\205\331\205\330\265\330\255\330\255\330\265\330\255\330\255\330\265\331\205\331\205\330\264\330\255\331\205\330\264\330\255\331\205\330\264\330"
    "\254\331\212\330\264\331\205\330\256\330\264\331\205\330\256\330\264\331\205\331\205\330\264\331\205\331\205\330\266\330\255\331\211\330\266\330\256\331\205\330\266\330\256\331\205\330\267\331"
    "\205\330\255\330\267\331\205\330\255\330\267\331\205\331\205\330\267\331\205\331\212\330\271\330\254\331\205\330\271\331\205\331\205\330\271\331\205\331\205\330\271\331\205\331\211\330\272\331"
    "\205\331\205\330\272\331\205\331\212\330\272\331\205\331\211\331\201\330\256\331\205\331\201\330\256\331\205\331\202\331\205\330\255\331\202\331\205\331\205\331\204\330\255\331\205\331\204\330"
    "\255\331\212\331\204\330\255\331\211\331\204\330\254\330\254\331\204\330\254\330\254\331\204\330\256\331\205\331\204\330\256\331\205\331\204\331\205\330\255\331\204\331\205\330\255\331\205\330"
    "\255\330\254\331\205\330\255\331\205\331\205\330\255\331\212\331\205\330\254\330\255\331\205\330\254\331\205\331\205\330\256\330\254\331\205\330\256\331\205\331\205\330\254\330\256\331\207\331"
    "\205\330\254\331\207\331\205\331\205\331\206\330\255\331\205\331\206\330\255\331\211\331\206\330\254\331\205\331\206\330\254\331\205\331\206\330\254\331\211\331\206\331\205\331\212\331\206\331"
    "\205\331\211\331\212\331\205\331\205\331\212\331\205\331\205\330\250\330\256\331\212\330\252\330\254\331\212\330\252\330\254\331\211\330\252\330\256\331\212\330\252\330\256\331\211\330\252\331"
    "\205\331\212\330\252\331\205\331\211\330\254\331\205\331\212\330\254\330\255\331\211\330\254\331\205\331\211\330\263\330\256\331\211\330\265\330\255\331\212\330\264\330\255\331\212\330\266\330"
    "\255\331\212\331\204\330\254\331\212\331\204\331\205\331\212\331\212\330\255\331\212\331\212\330\254\331\212\331\212\331\205\331\212\331\205\331\205\331\212\331\202\331\205\331\212\331\206\330"
    "\255\331\212\331\202\331\205\330\255\331\204\330\255\331\205\330\271\331\205\331\212\331\203\331\205\331\212\331\206\330\254\330\255\331\205\330\256\331\212\331\204\330\254\331\205\331\203\331"
    "\205\331\205\331\204\330\254\331\205\331\206\330\254\330\255\330\254\330\255\331\212\330\255\330\254\331\212\331\205\330\254\331\212\331\201\331\205\331\212\330\250\330\255\331\212\331\203\331"
    "\205\331\205\330\271\330\254\331\205\330\265\331\205\331\205\330\263\330\256\331\212\331\206\330\254\331\212\330\265\331\204\333\222\331\202\331\204\333\222\330\247\331\204\331\204\331\207\330"
    "\247\331\203\330\250\330\261\331\205\330\255\331\205\330\257\330\265\331\204\330\271\331\205\330\261\330\263\331\210\331\204\330\271\331\204\331\212\331\207\331\210\330\263\331\204\331\205\330"
    "\265\331\204\331\211\330\265\331\204\331\211 \330\247\331\204\331\204\331\207 \330\271\331\204\331\212\331\207 \331\210\330\263\331\204\331\205\330\254\331\204 \330\254\331\204\330"
    "\247\331\204\331\207\330\261\333\214\330\247\331\204..\342\200\224\342\200\223__(){}\343\200\224\343\200\225\343\200\220\343\200\221\343\200\212\343\200\213\343\200\210"
    "\343\200\211\343\200\214\343\200\215\343\200\216\343\200\217 \314\205 \314\205 \314\205 \314\205___,\343\200\201.;:\077!\342\200\224(){}\343\200"
    "\224\343\200\225#&*+-<>=\134$%@ \331\213\331\200\331\213 \331\214 \331\215 \331\216\331\200\331\216 \331\217\331\200\331\217 \331\220\331\200"
    "\331\220 \331\221\331\200\331\221 \331\222\331\200\331\222\330\241\330\247\331\223\330\247\331\223\330\247\331\224\330\247\331\224\331\210\331\224\331\210\331\224\330\247\331\225\330\247"
    "\331\225\331\212\331\224\331\212\331\224\331\212\331\224\331\212\331\224\330\247\330\247\330\250\330\250\330\250\330\250\330\251\330\251\330\252\330\252\330\252\330\252\330\253\330\253\330\253"
    "\330\253\330\254\330\254\330\254\330\254\330\255\330\255\330\255\330\255\330\256\330\256\330\256\330\256\330\257\330\257\330\260\330\260\330\261\330\261\330\262\330\262\330\263\330\263\330\263"
    "\330\263\330\264\330\264\330\264\330\264\330\265\330\265\330\265\330\265\330\266\330\266\330\266\330\266\330\267\330\267\330\267\330\267\330\270\330\270\330\270\330\270\330\271\330\271\330\271"
    "\330\271\330\272\330\272\330\272\330\272\331\201\331\201\331\201\331\201\331\202\331\202\331\202\331\202\331\203\331\203\331\203\331\203\331\204\331\204\331\204\331\204\331\205\331\205\331\205"
    "\331\205\331\206\331\206\331\206\331\206\331\207\331\207\331\207\331\207\331\210\331\210\331\211\331\211\331\212\331\212\331\212\331\212\331\204\330\247\331\223\331\204\330\247\331\223\331\204"
    "\330\247\331\224\331\204\330\247\331\224\331\204\330\247\331\225\331\204\330\247\331\225\331\204\330\247\331\204\330\247!\042#$%&'()*+,-./012"
    "3456789:;<=>\077@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\134]^_`ab"
    "cdefghijklmnopqrstuvwxyz{|}~\342\246\205\342\246\206\343\200\202\343\200\214\343\200\215\343\200\201\343\203"
    "\273\343\203\262\343\202\241\343\202\243\343\202\245\343\202\247\343\202\251\343\203\243\343\203\245\343\203\247\343\203\203\343\203\274\343\202\242\343\202\244\343\202\246\343\202\250\343\202"
    "\252\343\202\253\343\202\255\343\202\257\343\202\261\343\202\263\343\202\265\343\202\267\343\202\271\343\202\273\343\202\275\343\202\277\343\203\201\343\203\204\343\203\206\343\203\210\343\203"
    "\212\343\203\213\343\203\214\343\203\215\343\203\216\343\203\217\343\203\222\343\203\225\343\203\230\343\203\233\343\203\236\343\203\237\343\203\240\343\203\241\343\203\242\343\203\244\343\203"
    "\246\343\203\250\343\203\251\343\203\252\343\203\253\343\203\254\343\203\255\343\203\257\343\203\263\343\202\231\343\202\232\341\205\240\341\204\200\341\204\201\341\206\252\341\204\202\341\206"
    "\254\341\206\255\341\204\203\341\204\204\341\204\205\341\206\260\341\206\261\341\206\262\341\206\263\341\206\264\341\206\265\341\204\232\341\204\206\341\204\207\341\204\210\341\204\241\341\204"
    "\211\341\204\212\341\204\213\341\204\214\341\204\215\341\204\216\341\204\217\341\204\220\341\204\221\341\204\222\341\205\241\341\205\242\341\205\243\341\205\244\341\205\245\341\205\246\341\205"
    "\247\341\205\250\341\205\251\341\205\252\341\205\253\341\205\254\341\205\255\341\205\256\341\205\257\341\205\260\341\205\261\341\205\262\341\205\263\341\205\264\341\205\265\302\242\302\243\302"
    "\254 \314\204\302\246\302\245\342\202\251\342\224\202\342\206\220\342\206\221\342\206\222\342\206\223\342\226\240\342\227\213\360\235\205\227\360\235\205\245\360\235\205\230\360\235\205\245"
    "\360\235\205\230\360\235\205\245\360\235\205\256\360\235\205\230\360\235\205\245\360\235\205\257\360\235\205\230\360\235\205\245\360\235\205\260\360\235\205\230\360\235\205\245\360\235\205\261"
    "\360\235\205\230\360\235\205\245\360\235\205\262\360\235\206\271\360\235\205\245\360\235\206\272\360\235\205\245\360\235\206\271\360\235\205\245\360\235\205\256\360\235\206\272\360\235\205\245"
    "\360\235\205\256\360\235\206\271\360\235\205\245\360\235\205\257\360\235\206\272\360\235\205\245\360\235\205\257ABCDEFGHIJKLMNOPQRST"
    "UVWXYZabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
    "QRSTUVWXYZabcdefgijklmnopqrstuvwxyzABCDEFGHIJKLM"
    "NOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzACDGJKNOP"
    "QSTUVWXYZabcdfhijkmnpqrstuvwxyzABCDEFGHIJKLMNOPQ"
    "RSTUVWXYZabcdefghijklmnopqrstuvwxyzABDEFGJKLMNOP"
    "QSTUVWXYabcdefghijklmnopqrstuvwxyzABDEFGIJKLMOST"
    "UVWXYabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
    "RSTUVWXYZabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
    "NOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzABCDEFGHI"
    "JKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzABCDE"
    "FGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzA"
    "BCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvw"
    "xyzABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs"
    "tuvwxyz\316\221\316\222\316\223\316\224\316\225\316\226\316\227\316\230\316\231\316\232\316\233\316\234\316\235\316\236\316\237\316\240\316\241\316\230\316\243\316\244\316"
    "\245\316\246\316\247\316\250\316\251\342\210\207\316\261\316\262\316\263\316\264\316\265\316\266\316\267\316\270\316\271\316\272\316\273\316\274\316\275\316\276\316\277\317\200\317\201\317\202"
    "\317\203\317\204\317\205\317\206\317\207\317\210\317\211\342\210\202\316\265\316\270\316\272\317\206\317\201\317\200\316\221\316\222\316\223\316\224\316\225\316\226\316\227\316\230\316\231\316"
    "\232\316\233\316\234\316\235\316\236\316\237\316\240\316\241\316\230\316\243\316\244\316\245\316\246\316\247\316\250\316\251\342\210\207\316\261\316\262\316\263\316\264\316\265\316\266\316\267"
    "\316\270\316\271\316\272\316\273\316\274\316\275\316\276\316\277\317\200\317\201\317\202\317\203\317\204\317\205\317\206\317\207\317\210\317\211\342\210\202\316\265\316\270\316\272\317\206\317"
    "\201\317\200\316\221\316\222\316\223\316\224\316\225\316\226\316\227\316\230\316\231\316\232\316\233\316\234\316\235\316\236\316\237\316\240\316\241\316\230\316\243\316\244\316\245\316\246\316"
    "\247\316\250\316\251\342\210\207\316\261\316\262\316\263\316\264\316\265\316\266\316\267\316\270\316\271\316\272\316\273\316\274\316\275\316\276\316\277\317\200\317\201\317\202\317\203\317\204"
    "\317\205\317\206\317\207\317\210\317\211\342\210\202\316\265\316\270\316\272\317\206\317\201\317\200\316\221\316\222\316\223\316\224\316\225\316\226\316\227\316\230\316\231\316\232\316\233\316"
    "\234\316\235\316\236\316\237\316\240\316\241\316\230\316\243\316\244\316\245\316\246\316\247\316\250\316\251\342\210\207\316\261\316\262\316\263\316\264\316\265\316\266\316\267\316\270\316\271"
    "\316\272\316\273\316\274\316\275\316\276\316\277\317\200\317\201\317\202\317\203\317\204\317\205\317\206\317\207\317\210\317\211\342\210\202\316\265\316\270\316\272\317\206\317\201\317\200\316"
    "\221\316\222\316\223\316\224\316\225\316\226\316\227\316\230\316\231\316\232\316\233\316\234\316\235\316\236\316\237\316\240\316\241\316\230\316\243\316\244\316\245\316\246\316\247\316\250\316"
    "\251\342\210\207\316\261\316\262\316\263\316\264\316\265\316\266\316\267\316\270\316\271\316\272\316\273\316\274\316\275\316\276\316\277\317\200\317\201\317\202\317\203\317\204\317\205\317\206"
    "\317\207\317\210\317\211\342\210\202\316\265\316\270\316\272\317\206\317\201\317\200012345678901234567890123456"
    "78901234567890123456789\344\270\275\344\270\270\344\271\201\360\240\204\242\344\275\240\344\276\256\344\276\273\345\200\202"
    "\345\201\272\345\202\231\345\203\247\345\203\217\343\222\236\360\240\230\272\345\205\215\345\205\224\345\205\244\345\205\267\360\240\224\234\343\222\271\345\205\247\345\206\215\360\240\225\213"
    "\345\206\227\345\206\244\344\273\214\345\206\254\345\206\265\360\251\207\237\345\207\265\345\210\203\343\223\237\345\210\273\345\211\206\345\211\262\345\211\267\343\224\225\345\213\207\345\213"
    "\211\345\213\244\345\213\272\345\214\205\345\214\206\345\214\227\345\215\211\345\215\221\345\215\232\345\215\263\345\215\275\345\215\277\345\215\277\345\215\277\360\240\250\254\347\201\260\345"
    "\217\212\345\217\237\360\240\255\243\345\217\253\345\217\261\345\220\206\345\222\236\345\220\270\345\221\210\345\221\250\345\222\242\345\223\266\345\224\220\345\225\223\345\225\243\345\226\204"
    "\345\226\204\345\226\231\345\226\253\345\226\263\345\227\202\345\234\226\345\230\206\345\234\227\345\231\221\345\231\264\345\210\207\345\243\256\345\237\216\345\237\264\345\240\215\345\236\213"
    "\345\240\262\345\240\261\345\242\254\360\241\223\244\345\243\262\345\243\267\345\244\206\345\244\232\345\244\242\345\245\242\360\241\232\250\360\241\233\252\345\247\254\345\250\233\345\250\247"
    "\345\247\230\345\251\246\343\233\256\360\241\215\252\345\254\210\345\254\276\345\254\276\360\241\247\210\345\257\203\345\257\230\345\257\247\345\257\263\360\241\254\230\345\257\277\345\260\206"
    "\345\274\263\345\260\242\343\236\201\345\261\240\345\261\256\345\263\200\345\262\215\360\241\267\244\345\265\203\360\241\267\246\345\265\256\345\265\253\345\265\274\345\267\241\345\267\242\343"
    "\240\257\345\267\275\345\270\250\345\270\275\345\271\251\343\241\242\360\242\206\203\343\241\274\345\272\260\345\272\263\345\272\266\345\273\212\360\252\216\222\345\273\276\360\242\214\261\360"
    "\242\214\261\350\210\201\345\274\242\345\274\242\343\243\207\360\243\212\270\360\246\207\232\345\275\242\345\275\253\343\243\243\345\276\232\345\277\215\345\277\227\345\277\271\346\202\201\343"
    "\244\272\343\244\234\346\202\224\360\242\233\224\346\203\207\346\205\210\346\205\214\346\205\216\346\205\214\346\205\272\346\206\216\346\206\262\346\206\244\346\206\257\346\207\236\346\207\262"
    "\346\207\266\346\210\220\346\210\233\346\211\235\346\212\261\346\213\224\346\215\220\360\242\254\214\346\214\275\346\213\274\346\215\250\346\216\203\346\217\244\360\242\257\261\346\220\242\346"
    "\217\205\346\216\251\343\250\256\346\221\251\346\221\276\346\222\235\346\221\267\343\251\254\346\225\217\346\225\254\360\243\200\212\346\227\243\346\233\270\346\231\211\343\254\231\346\232\221"
    "\343\254\210\343\253\244\345\206\222\345\206\225\346\234\200\346\232\234\350\202\255\344\217\231\346\234\227\346\234\233\346\234\241\346\235\236\346\235\223\360\243\217\203\343\255\211\346\237"
    "\272\346\236\205\346\241\222\346\242\205\360\243\221\255\346\242\216\346\240\237\346\244\224\343\256\235\346\245\202\346\246\243\346\247\252\346\252\250\360\243\232\243\346\253\233\343\260\230"
    "\346\254\241\360\243\242\247\346\255\224\343\261\216\346\255\262\346\256\237\346\256\272\346\256\273\360\243\252\215\360\241\264\213\360\243\253\272\346\261\216\360\243\262\274\346\262\277\346"
    "\263\215\346\261\247\346\264\226\346\264\276\346\265\267\346\265\201\346\265\251\346\265\270\346\266\205\360\243\264\236\346\264\264\346\270\257\346\271\256\343\264\263\346\273\213\346\273\207"
    "\360\243\273\221\346\267\271\346\275\256\360\243\275\236\360\243\276\216\346\277\206\347\200\271\347\200\236\347\200\233\343\266\226\347\201\212\347\201\275\347\201\267\347\202\255\360\240\224"
    "\245\347\205\205\360\244\211\243\347\206\234\344\216\253\347\210\250\347\210\265\347\211\220\360\244\230\210\347\212\200\347\212\225\360\244\234\265\360\244\240\224\347\215\272\347\216\213\343"
    "\272\254\347\216\245\343\272\270\343\272\270\347\221\207\347\221\234\347\221\261\347\222\205\347\223\212\343\274\233\347\224\244\360\244\260\266\347\224\276\360\244\262\222\347\225\260\360\242"
    "\206\237\347\230\220\360\244\276\241\360\244\276\270\360\245\201\204\343\277\274\344\200\210\347\233\264\360\245\203\263\360\245\203\262\360\245\204\231\360\245\204\263\347\234\236\347\234\237"
    "\347\234\237\347\235\212\344\200\271\347\236\213\344\201\206\344\202\226\360\245\220\235\347\241\216\347\242\214\347\243\214\344\203\243\360\245\230\246\347\245\226\360\245\232\232\360\245\233"
    "\205\347\246\217\347\247\253\344\204\257\347\251\200\347\251\212\347\251\217\360\245\245\274\360\245\252\247\360\245\252\247\347\252\256\344\210\202\360\245\256\253\347\257\206\347\257\211\344"
    "\210\247\360\245\262\200\347\263\222\344\212\240\347\263\250\347\263\243\347\264\200\360\245\276\206\347\265\243\344\214\201\347\267\207\347\270\202\347\271\205\344\214\264\360\246\210\250\360"
    "\246\211\207\344\215\231\360\246\213\231\347\275\272\360\246\214\276\347\276\225\347\277\272\350\200\205\360\246\223\232\360\246\224\243\350\201\240\360\246\226\250\350\201\260\360\243\215\237"
    "\344\217\225\350\202\262\350\204\203\344\220\213\350\204\276\345\252\265\360\246\236\247\360\246\236\265\360\243\216\223\360\243\216\234\350\210\201\350\210\204\350\276\236\344\221\253\350\212"
    "\221\350\212\213\350\212\235\345\212\263\350\212\261\350\212\263\350\212\275\350\213\246\360\246\254\274\350\213\245\350\214\235\350\215\243\350\216\255\350\214\243\350\216\275\350\217\247\350"
    "\221\227\350\215\223\350\217\212\350\217\214\350\217\234\360\246\260\266\360\246\265\253\360\246\263\225\344\224\253\350\223\261\350\223\263\350\224\226\360\247\217\212\350\225\244\360\246\274"
    "\254\344\225\235\344\225\241\360\246\276\261\360\247\203\222\344\225\253\350\231\220\350\231\234\350\231\247\350\231\251\350\232\251\350\232\210\350\234\216\350\233\242\350\235\271\350\234\250"
    "\350\235\253\350\236\206\344\265\227\350\237\241\350\240\201\344\227\271\350\241\240\350\241\243\360\247\231\247\350\243\227\350\243\236\344\230\265\350\243\272\343\222\273\360\247\242\256\360"
    "\247\245\246\344\232\276\344\233\207\350\252\240\350\253\255\350\256\212\350\261\225\360\247\262\250\350\262\253\350\263\201\350\264\233\350\265\267\360\247\274\257\360\240\240\204\350\267\213"
    "\350\266\274\350\267\260\360\240\243\236\350\273\224\350\274\270\360\250\227\222\360\250\227\255\351\202\224\351\203\261\351\204\221\360\250\234\256\351\204\233\351\210\270\351\213\227\351\213"
    "\230\351\211\274\351\217\271\351\220\225\360\250\257\272\351\226\213\344\246\225\351\226\267\360\250\265\267\344\247\246\351\233\203\345\266\262\351\234\243\360\251\205\205\360\251\210\232\344"
    "\251\256\344\251\266\351\237\240\360\251\220\212\344\252\262\360\251\222\226\351\240\213\351\240\213\351\240\251\360\251\226\266\351\243\242\344\254\263\351\244\251\351\246\247\351\247\202\351"
    "\247\276\344\257\216\360\251\254\260\351\254\222\351\261\200\351\263\275\344\263\216\344\263\255\351\265\247\360\252\203\216\344\263\270\360\252\204\205\360\252\210\216\360\252\212\221\351\272"
    "\273\344\265\226\351\273\271\351\273\276\351\274\205\351\274\217\351\274\226\351\274\273\360\252\230\200"
;

// Canonical composition (Unicode 3.2): first, second, composite; sorted.
inline constexpr std::uint16_t composition[][3] = {
    {0x3C, 0x338, 0x226E}, {0x3D, 0x338, 0x2260}, {0x3E, 0x338, 0x226F}, {0x41, 0x300, 0xC0},
    {0x41, 0x301, 0xC1}, {0x41, 0x302, 0xC2}, {0x41, 0x303, 0xC3}, {0x41, 0x304, 0x100},
    {0x41, 0x306, 0x102}, {0x41, 0x307, 0x226}, {0x41, 0x308, 0xC4}, {0x41, 0x309, 0x1EA2},
    {0x41, 0x30A, 0xC5}, {0x41, 0x30C, 0x1CD}, {0x41, 0x30F, 0x200}, {0x41, 0x311, 0x202},
    {0x41, 0x323, 0x1EA0}, {0x41, 0x325, 0x1E00}, {0x41, 0x328, 0x104}, {0x42, 0x307, 0x1E02},
    {0x42, 0x323, 0x1E04}, {0x42, 0x331, 0x1E06}, {0x43, 0x301, 0x106}, {0x43, 0x302, 0x108},
    {0x43, 0x307, 0x10A}, {0x43, 0x30C, 0x10C}, {0x43, 0x327, 0xC7}, {0x44, 0x307, 0x1E0A},
    {0x44, 0x30C, 0x10E}, {0x44, 0x323, 0x1E0C}, {0x44, 0x327, 0x1E10}, {0x44, 0x32D, 0x1E12},
    {0x44, 0x331, 0x1E0E}, {0x45, 0x300, 0xC8}, {0x45, 0x301, 0xC9}, {0x45, 0x302, 0xCA},
    {0x45, 0x303, 0x1EBC}, {0x45, 0x304, 0x112}, {0x45, 0x306, 0x114}, {0x45, 0x307, 0x116},
    {0x45, 0x308, 0xCB}, {0x45, 0x309, 0x1EBA}, {0x45, 0x30C, 0x11A}, {0x45, 0x30F, 0x204},
    {0x45, 0x311, 0x206}, {0x45, 0x323, 0x1EB8}, {0x45, 0x327, 0x228}, {0x45, 0x328, 0x118},
    {0x45, 0x32D, 0x1E18}, {0x45, 0x330, 0x1E1A}, {0x46, 0x307, 0x1E1E}, {0x47, 0x301, 0x1F4},
    {0x47, 0x302, 0x11C}, {0x47, 0x304, 0x1E20}, {0x47, 0x306, 0x11E}, {0x47, 0x307, 0x120},
    {0x47, 0x30C, 0x1E6}, {0x47, 0x327, 0x122}, {0x48, 0x302, 0x124}, {0x48, 0x307, 0x1E22},
    {0x48, 0x308, 0x1E26}, {0x48, 0x30C, 0x21E}, {0x48, 0x323, 0x1E24}, {0x48, 0x327, 0x1E28},
    {0x48, 0x32E, 0x1E2A}, {0x49, 0x300, 0xCC}, {0x49, 0x301, 0xCD}, {0x49, 0x302, 0xCE},
    {0x49, 0x303, 0x128}, {0x49, 0x304, 0x12A}, {0x49, 0x306, 0x12C}, {0x49, 0x307, 0x130},
    {0x49, 0x308, 0xCF}, {0x49, 0x309, 0x1EC8}, {0x49, 0x30C, 0x1CF}, {0x49, 0x30F, 0x208},
    {0x49, 0x311, 0x20A}, {0x49, 0x323, 0x1ECA}, {0x49, 0x328, 0x12E}, {0x49, 0x330, 0x1E2C},
    {0x4A, 0x302, 0x134}, {0x4B, 0x301, 0x1E30}, {0x4B, 0x30C, 0x1E8}, {0x4B, 0x323, 0x1E32},
    {0x4B, 0x327, 0x136}, {0x4B, 0x331, 0x1E34}, {0x4C, 0x301, 0x139}, {0x4C, 0x30C, 0x13D},
    {0x4C, 0x323, 0x1E36}, {0x4C, 0x327, 0x13B}, {0x4C, 0x32D, 0x1E3C}, {0x4C, 0x331, 0x1E3A},
    {0x4D, 0x301, 0x1E3E}, {0x4D, 0x307, 0x1E40}, {0x4D, 0x323, 0x1E42}, {0x4E, 0x300, 0x1F8},
    {0x4E, 0x301, 0x143}, {0x4E, 0x303, 0xD1}, {0x4E, 0x307, 0x1E44}, {0x4E, 0x30C, 0x147},
    {0x4E, 0x323, 0x1E46}, {0x4E, 0x327, 0x145}, {0x4E, 0x32D, 0x1E4A}, {0x4E, 0x331, 0x1E48},
    {0x4F, 0x300, 0xD2}, {0x4F, 0x301, 0xD3}, {0x4F, 0x302, 0xD4}, {0x4F, 0x303, 0xD5},
    {0x4F, 0x304, 0x14C}, {0x4F, 0x306, 0x14E}, {0x4F, 0x307, 0x22E}, {0x4F, 0x308, 0xD6},
    {0x4F, 0x309, 0x1ECE}, {0x4F, 0x30B, 0x150}, {0x4F, 0x30C, 0x1D1}, {0x4F, 0x30F, 0x20C},
    {0x4F, 0x311, 0x20E}, {0x4F, 0x31B, 0x1A0}, {0x4F, 0x323, 0x1ECC}, {0x4F, 0x328, 0x1EA},
    {0x50, 0x301, 0x1E54}, {0x50, 0x307, 0x1E56}, {0x52, 0x301, 0x154}, {0x52, 0x307, 0x1E58},
    {0x52, 0x30C, 0x158}, {0x52, 0x30F, 0x210}, {0x52, 0x311, 0x212}, {0x52, 0x323, 0x1E5A},
    {0x52, 0x327, 0x156}, {0x52, 0x331, 0x1E5E}, {0x53, 0x301, 0x15A}, {0x53, 0x302, 0x15C},
    {0x53, 0x307, 0x1E60}, {0x53, 0x30C, 0x160}, {0x53, 0x323, 0x1E62}, {0x53, 0x326, 0x218},
    {0x53, 0x327, 0x15E}, {0x54, 0x307, 0x1E6A}, {0x54, 0x30C, 0x164}, {0x54, 0x323, 0x1E6C},
    {0x54, 0x326, 0x21A}, {0x54, 0x327, 0x162}, {0x54, 0x32D, 0x1E70}, {0x54, 0x331, 0x1E6E},
    {0x55, 0x300, 0xD9}, {0x55, 0x301, 0xDA}, {0x55, 0x302, 0xDB}, {0x55, 0x303, 0x168},
    {0x55, 0x304, 0x16A}, {0x55, 0x306, 0x16C}, {0x55, 0x308, 0xDC}, {0x55, 0x309, 0x1EE6},
    {0x55, 0x30A, 0x16E}, {0x55, 0x30B, 0x170}, {0x55, 0x30C, 0x1D3}, {0x55, 0x30F, 0x214},
    {0x55, 0x311, 0x216}, {0x55, 0x31B, 0x1AF}, {0x55, 0x323, 0x1EE4}, {0x55, 0x324, 0x1E72},
    {0x55, 0x328, 0x172}, {0x55, 0x32D, 0x1E76}, {0x55, 0x330, 0x1E74}, {0x56, 0x303, 0x1E7C},
    {0x56, 0x323, 0x1E7E}, {0x57, 0x300, 0x1E80}, {0x57, 0x301, 0x1E82}, {0x57, 0x302, 0x174},
    {0x57, 0x307, 0x1E86}, {0x57, 0x308, 0x1E84}, {0x57, 0x323, 0x1E88}, {0x58, 0x307, 0x1E8A},
    {0x58, 0x308, 0x1E8C}, {0x59, 0x300, 0x1EF2}, {0x59, 0x301, 0xDD}, {0x59, 0x302, 0x176},
    {0x59, 0x303, 0x1EF8}, {0x59, 0x304, 0x232}, {0x59, 0x307, 0x1E8E}, {0x59, 0x308, 0x178},
    {0x59, 0x309, 0x1EF6}, {0x59, 0x323, 0x1EF4}, {0x5A, 0x301, 0x179}, {0x5A, 0x302, 0x1E90},
    {0x5A, 0x307, 0x17B}, {0x5A, 0x30C, 0x17D}, {0x5A, 0x323, 0x1E92}, {0x5A, 0x331, 0x1E94},
    {0x61, 0x300, 0xE0}, {0x61, 0x301, 0xE1}, {0x61, 0x302, 0xE2}, {0x61, 0x303, 0xE3},
    {0x61, 0x304, 0x101}, {0x61, 0x306, 0x103}, {0x61, 0x307, 0x227}, {0x61, 0x308, 0xE4},
    {0x61, 0x309, 0x1EA3}, {0x61, 0x30A, 0xE5}, {0x61, 0x30C, 0x1CE}, {0x61, 0x30F, 0x201},
    {0x61, 0x311, 0x203}, {0x61, 0x323, 0x1EA1}, {0x61, 0x325, 0x1E01}, {0x61, 0x328, 0x105},
    {0x62, 0x307, 0x1E03}, {0x62, 0x323, 0x1E05}, {0x62, 0x331, 0x1E07}, {0x63, 0x301, 0x107},
    {0x63, 0x302, 0x109}, {0x63, 0x307, 0x10B}, {0x63, 0x30C, 0x10D}, {0x63, 0x327, 0xE7},
    {0x64, 0x307, 0x1E0B}, {0x64, 0x30C, 0x10F}, {0x64, 0x323, 0x1E0D}, {0x64, 0x327, 0x1E11},
    {0x64, 0x32D, 0x1E13}, {0x64, 0x331, 0x1E0F}, {0x65, 0x300, 0xE8}, {0x65, 0x301, 0xE9},
    {0x65, 0x302, 0xEA}, {0x65, 0x303, 0x1EBD}, {0x65, 0x304, 0x113}, {0x65, 0x306, 0x115},
    {0x65, 0x307, 0x117}, {0x65, 0x308, 0xEB}, {0x65, 0x309, 0x1EBB}, {0x65, 0x30C, 0x11B},
    {0x65, 0x30F, 0x205}, {0x65, 0x311, 0x207}, {0x65, 0x323, 0x1EB9}, {0x65, 0x327, 0x229},
    {0x65, 0x328, 0x119}, {0x65, 0x32D, 0x1E19}, {0x65, 0x330, 0x1E1B}, {0x66, 0x307, 0x1E1F},
    {0x67, 0x301, 0x1F5}, {0x67, 0x302, 0x11D}, {0x67, 0x304, 0x1E21}, {0x67, 0x306, 0x11F},
    {0x67, 0x307, 0x121}, {0x67, 0x30C, 0x1E7}, {0x67, 0x327, 0x123}, {0x68, 0x302, 0x125},
    {0x68, 0x307, 0x1E23}, {0x68, 0x308, 0x1E27}, {0x68, 0x30C, 0x21F}, {0x68, 0x323, 0x1E25},
    {0x68, 0x327, 0x1E29}, {0x68, 0x32E, 0x1E2B}, {0x68, 0x331, 0x1E96}, {0x69, 0x300, 0xEC},
    {0x69, 0x301, 0xED}, {0x69, 0x302, 0xEE}, {0x69, 0x303, 0x129}, {0x69, 0x304, 0x12B},
    {0x69, 0x306, 0x12D}, {0x69, 0x308, 0xEF}, {0x69, 0x309, 0x1EC9}, {0x69, 0x30C, 0x1D0},
    {0x69, 0x30F, 0x209}, {0x69, 0x311, 0x20B}, {0x69, 0x323, 0x1ECB}, {0x69, 0x328, 0x12F},
    {0x69, 0x330, 0x1E2D}, {0x6A, 0x302, 0x135}, {0x6A, 0x30C, 0x1F0}, {0x6B, 0x301, 0x1E31},
    {0x6B, 0x30C, 0x1E9}, {0x6B, 0x323, 0x1E33}, {0x6B, 0x327, 0x137}, {0x6B, 0x331, 0x1E35},
    {0x6C, 0x301, 0x13A}, {0x6C, 0x30C, 0x13E}, {0x6C, 0x323, 0x1E37}, {0x6C, 0x327, 0x13C},
    {0x6C, 0x32D, 0x1E3D}, {0x6C, 0x331, 0x1E3B}, {0x6D, 0x301, 0x1E3F}, {0x6D, 0x307, 0x1E41},
    {0x6D, 0x323, 0x1E43}, {0x6E, 0x300, 0x1F9}, {0x6E, 0x301, 0x144}, {0x6E, 0x303, 0xF1},
    {0x6E, 0x307, 0x1E45}, {0x6E, 0x30C, 0x148}, {0x6E, 0x323, 0x1E47}, {0x6E, 0x327, 0x146},
    {0x6E, 0x32D, 0x1E4B}, {0x6E, 0x331, 0x1E49}, {0x6F, 0x300, 0xF2}, {0x6F, 0x301, 0xF3},
    {0x6F, 0x302, 0xF4}, {0x6F, 0x303, 0xF5}, {0x6F, 0x304, 0x14D}, {0x6F, 0x306, 0x14F},
    {0x6F, 0x307, 0x22F}, {0x6F, 0x308, 0xF6}, {0x6F, 0x309, 0x1ECF}, {0x6F, 0x30B, 0x151},
    {0x6F, 0x30C, 0x1D2}, {0x6F, 0x30F, 0x20D}, {0x6F, 0x311, 0x20F}, {0x6F, 0x31B, 0x1A1},
    {0x6F, 0x323, 0x1ECD}, {0x6F, 0x328, 0x1EB}, {0x70, 0x301, 0x1E55}, {0x70, 0x307, 0x1E57},
    {0x72, 0x301, 0x155}, {0x72, 0x307, 0x1E59}, {0x72, 0x30C, 0x159}, {0x72, 0x30F, 0x211},
    {0x72, 0x311, 0x213}, {0x72, 0x323, 0x1E5B}, {0x72, 0x327, 0x157}, {0x72, 0x331, 0x1E5F},
    {0x73, 0x301, 0x15B}, {0x73, 0x302, 0x15D}, {0x73, 0x307, 0x1E61}, {0x73, 0x30C, 0x161},
    {0x73, 0x323, 0x1E63}, {0x73, 0x326, 0x219}, {0x73, 0x327, 0x15F}, {0x74, 0x307, 0x1E6B},
    {0x74, 0x308, 0x1E97}, {0x74, 0x30C, 0x165}, {0x74, 0x323, 0x1E6D}, {0x74, 0x326, 0x21B},
    {0x74, 0x327, 0x163}, {0x74, 0x32D, 0x1E71}, {0x74, 0x331, 0x1E6F}, {0x75, 0x300, 0xF9},
    {0x75, 0x301, 0xFA}, {0x75, 0x302, 0xFB}, {0x75, 0x303, 0x169}, {0x75, 0x304, 0x16B},
    {0x75, 0x306, 0x16D}, {0x75, 0x308, 0xFC}, {0x75, 0x309, 0x1EE7}, {0x75, 0x30A, 0x16F},
    {0x75, 0x30B, 0x171}, {0x75, 0x30C, 0x1D4}, {0x75, 0x30F, 0x215}, {0x75, 0x311, 0x217},
    {0x75, 0x31B, 0x1B0}, {0x75, 0x323, 0x1EE5}, {0x75, 0x324, 0x1E73}, {0x75, 0x328, 0x173},
    {0x75, 0x32D, 0x1E77}, {0x75, 0x330, 0x1E75}, {0x76, 0x303, 0x1E7D}, {0x76, 0x323, 0x1E7F},
    {0x77, 0x300, 0x1E81}, {0x77, 0x301, 0x1E83}, {0x77, 0x302, 0x175}, {0x77, 0x307, 0x1E87},
    {0x77, 0x308, 0x1E85}, {0x77, 0x30A, 0x1E98}, {0x77, 0x323, 0x1E89}, {0x78, 0x307, 0x1E8B},
    {0x78, 0x308, 0x1E8D}, {0x79, 0x300, 0x1EF3}, {0x79, 0x301, 0xFD}, {0x79, 0x302, 0x177},
    {0x79, 0x303, 0x1EF9}, {0x79, 0x304, 0x233}, {0x79, 0x307, 0x1E8F}, {0x79, 0x308, 0xFF},
    {0x79, 0x309, 0x1EF7}, {0x79, 0x30A, 0x1E99}, {0x79, 0x323, 0x1EF5}, {0x7A, 0x301, 0x17A},
    {0x7A, 0x302, 0x1E91}, {0x7A, 0x307, 0x17C}, {0x7A, 0x30C, 0x17E}, {0x7A, 0x323, 0x1E93},
    {0x7A, 0x331, 0x1E95}, {0xA8, 0x300, 0x1FED}, {0xA8, 0x301, 0x385}, {0xA8, 0x342, 0x1FC1},
    {0xC2, 0x300, 0x1EA6}, {0xC2, 0x301, 0x1EA4}, {0xC2, 0x303, 0x1EAA}, {0xC2, 0x309, 0x1EA8},
    {0xC4, 0x304, 0x1DE}, {0xC5, 0x301, 0x1FA}, {0xC6, 0x301, 0x1FC}, {0xC6, 0x304, 0x1E2},
    {0xC7, 0x301, 0x1E08}, {0xCA, 0x300, 0x1EC0}, {0xCA, 0x301, 0x1EBE}, {0xCA, 0x303, 0x1EC4},
    {0xCA, 0x309, 0x1EC2}, {0xCF, 0x301, 0x1E2E}, {0xD4, 0x300, 0x1ED2}, {0xD4, 0x301, 0x1ED0},
    {0xD4, 0x303, 0x1ED6}, {0xD4, 0x309, 0x1ED4}, {0xD5, 0x301, 0x1E4C}, {0xD5, 0x304, 0x22C},
    {0xD5, 0x308, 0x1E4E}, {0xD6, 0x304, 0x22A}, {0xD8, 0x301, 0x1FE}, {0xDC, 0x300, 0x1DB},
    {0xDC, 0x301, 0x1D7}, {0xDC, 0x304, 0x1D5}, {0xDC, 0x30C, 0x1D9}, {0xE2, 0x300, 0x1EA7},
    {0xE2, 0x301, 0x1EA5}, {0xE2, 0x303, 0x1EAB}, {0xE2, 0x309, 0x1EA9}, {0xE4, 0x304, 0x1DF},
    {0xE5, 0x301, 0x1FB}, {0xE6, 0x301, 0x1FD}, {0xE6, 0x304, 0x1E3}, {0xE7, 0x301, 0x1E09},
    {0xEA, 0x300, 0x1EC1}, {0xEA, 0x301, 0x1EBF}, {0xEA, 0x303, 0x1EC5}, {0xEA, 0x309, 0x1EC3},
    {0xEF, 0x301, 0x1E2F}, {0xF4, 0x300, 0x1ED3}, {0xF4, 0x301, 0x1ED1}, {0xF4, 0x303, 0x1ED7},
    {0xF4, 0x309, 0x1ED5}, {0xF5, 0x301, 0x1E4D}, {0xF5, 0x304, 0x22D}, {0xF5, 0x308, 0x1E4F},
    {0xF6, 0x304, 0x22B}, {0xF8, 0x301, 0x1FF}, {0xFC, 0x300, 0x1DC}, {0xFC, 0x301, 0x1D8},
    {0xFC, 0x304, 0x1D6}, {0xFC, 0x30C, 0x1DA}, {0x102, 0x300, 0x1EB0}, {0x102, 0x301, 0x1EAE},
    {0x102, 0x303, 0x1EB4}, {0x102, 0x309, 0x1EB2}, {0x103, 0x300, 0x1EB1}, {0x103, 0x301, 0x1EAF},
    {0x103, 0x303, 0x1EB5}, {0x103, 0x309, 0x1EB3}, {0x112, 0x300, 0x1E14}, {0x112, 0x301, 0x1E16},
    {0x113, 0x300, 0x1E15}, {0x113, 0x301, 0x1E17}, {0x14C, 0x300, 0x1E50}, {0x14C, 0x301, 0x1E52},
    {0x14D, 0x300, 0x1E51}, {0x14D, 0x301, 0x1E53}, {0x15A, 0x307, 0x1E64}, {0x15B, 0x307, 0x1E65},
    {0x160, 0x307, 0x1E66}, {0x161, 0x307, 0x1E67}, {0x168, 0x301, 0x1E78}, {0x169, 0x301, 0x1E79},
    {0x16A, 0x308, 0x1E7A}, {0x16B, 0x308, 0x1E7B}, {0x17F, 0x307, 0x1E9B}, {0x1A0, 0x300, 0x1EDC},
    {0x1A0, 0x301, 0x1EDA}, {0x1A0, 0x303, 0x1EE0}, {0x1A0, 0x309, 0x1EDE}, {0x1A0, 0x323, 0x1EE2},
    {0x1A1, 0x300, 0x1EDD}, {0x1A1, 0x301, 0x1EDB}, {0x1A1, 0x303, 0x1EE1}, {0x1A1, 0x309, 0x1EDF},
    {0x1A1, 0x323, 0x1EE3}, {0x1AF, 0x300, 0x1EEA}, {0x1AF, 0x301, 0x1EE8}, {0x1AF, 0x303, 0x1EEE},
    {0x1AF, 0x309, 0x1EEC}, {0x1AF, 0x323, 0x1EF0}, {0x1B0, 0x300, 0x1EEB}, {0x1B0, 0x301, 0x1EE9},
    {0x1B0, 0x303, 0x1EEF}, {0x1B0, 0x309, 0x1EED}, {0x1B0, 0x323, 0x1EF1}, {0x1B7, 0x30C, 0x1EE},
    {0x1EA, 0x304, 0x1EC}, {0x1EB, 0x304, 0x1ED}, {0x226, 0x304, 0x1E0}, {0x227, 0x304, 0x1E1},
    {0x228, 0x306, 0x1E1C}, {0x229, 0x306, 0x1E1D}, {0x22E, 0x304, 0x230}, {0x22F, 0x304, 0x231},
    {0x292, 0x30C, 0x1EF}, {0x391, 0x300, 0x1FBA}, {0x391, 0x301, 0x386}, {0x391, 0x304, 0x1FB9},
    {0x391, 0x306, 0x1FB8}, {0x391, 0x313, 0x1F08}, {0x391, 0x314, 0x1F09}, {0x391, 0x345, 0x1FBC},
    {0x395, 0x300, 0x1FC8}, {0x395, 0x301, 0x388}, {0x395, 0x313, 0x1F18}, {0x395, 0x314, 0x1F19},
    {0x397, 0x300, 0x1FCA}, {0x397, 0x301, 0x389}, {0x397, 0x313, 0x1F28}, {0x397, 0x314, 0x1F29},
    {0x397, 0x345, 0x1FCC}, {0x399, 0x300, 0x1FDA}, {0x399, 0x301, 0x38A}, {0x399, 0x304, 0x1FD9},
    {0x399, 0x306, 0x1FD8}, {0x399, 0x308, 0x3AA}, {0x399, 0x313, 0x1F38}, {0x399, 0x314, 0x1F39},
    {0x39F, 0x300, 0x1FF8}, {0x39F, 0x301, 0x38C}, {0x39F, 0x313, 0x1F48}, {0x39F, 0x314, 0x1F49},
    {0x3A1, 0x314, 0x1FEC}, {0x3A5, 0x300, 0x1FEA}, {0x3A5, 0x301, 0x38E}, {0x3A5, 0x304, 0x1FE9},
    {0x3A5, 0x306, 0x1FE8}, {0x3A5, 0x308, 0x3AB}, {0x3A5, 0x314, 0x1F59}, {0x3A9, 0x300, 0x1FFA},
    {0x3A9, 0x301, 0x38F}, {0x3A9, 0x313, 0x1F68}, {0x3A9, 0x314, 0x1F69}, {0x3A9, 0x345, 0x1FFC},
    {0x3AC, 0x345, 0x1FB4}, {0x3AE, 0x345, 0x1FC4}, {0x3B1, 0x300, 0x1F70}, {0x3B1, 0x301, 0x3AC},
    {0x3B1, 0x304, 0x1FB1}, {0x3B1, 0x306, 0x1FB0}, {0x3B1, 0x313, 0x1F00}, {0x3B1, 0x314, 0x1F01},
    {0x3B1, 0x342, 0x1FB6}, {0x3B1, 0x345, 0x1FB3}, {0x3B5, 0x300, 0x1F72}, {0x3B5, 0x301, 0x3AD},
    {0x3B5, 0x313, 0x1F10}, {0x3B5, 0x314, 0x1F11}, {0x3B7, 0x300, 0x1F74}, {0x3B7, 0x301, 0x3AE},
    {0x3B7, 0x313, 0x1F20}, {0x3B7, 0x314, 0x1F21}, {0x3B7, 0x342, 0x1FC6}, {0x3B7, 0x345, 0x1FC3},
    {0x3B9, 0x300, 0x1F76}, {0x3B9, 0x301, 0x3AF}, {0x3B9, 0x304, 0x1FD1}, {0x3B9, 0x306, 0x1FD0},
    {0x3B9, 0x308, 0x3CA}, {0x3B9, 0x313, 0x1F30}, {0x3B9, 0x314, 0x1F31}, {0x3B9, 0x342, 0x1FD6},
    {0x3BF, 0x300, 0x1F78}, {0x3BF, 0x301, 0x3CC}, {0x3BF, 0x313, 0x1F40}, {0x3BF, 0x314, 0x1F41},
    {0x3C1, 0x313, 0x1FE4}, {0x3C1, 0x314, 0x1FE5}, {0x3C5, 0x300, 0x1F7A}, {0x3C5, 0x301, 0x3CD},
    {0x3C5, 0x304, 0x1FE1}, {0x3C5, 0x306, 0x1FE0}, {0x3C5, 0x308, 0x3CB}, {0x3C5, 0x313, 0x1F50},
    {0x3C5, 0x314, 0x1F51}, {0x3C5, 0x342, 0x1FE6}, {0x3C9, 0x300, 0x1F7C}, {0x3C9, 0x301, 0x3CE},
    {0x3C9, 0x313, 0x1F60}, {0x3C9, 0x314, 0x1F61}, {0x3C9, 0x342, 0x1FF6}, {0x3C9, 0x345, 0x1FF3},
    {0x3CA, 0x300, 0x1FD2}, {0x3CA, 0x301, 0x390}, {0x3CA, 0x342, 0x1FD7}, {0x3CB, 0x300, 0x1FE2},
    {0x3CB, 0x301, 0x3B0}, {0x3CB, 0x342, 0x1FE7}, {0x3CE, 0x345, 0x1FF4}, {0x3D2, 0x301, 0x3D3},
    {0x3D2, 0x308, 0x3D4}, {0x406, 0x308, 0x407}, {0x410, 0x306, 0x4D0}, {0x410, 0x308, 0x4D2},
    {0x413, 0x301, 0x403}, {0x415, 0x300, 0x400}, {0x415, 0x306, 0x4D6}, {0x415, 0x308, 0x401},
    {0x416, 0x306, 0x4C1}, {0x416, 0x308, 0x4DC}, {0x417, 0x308, 0x4DE}, {0x418, 0x300, 0x40D},
    {0x418, 0x304, 0x4E2}, {0x418, 0x306, 0x419}, {0x418, 0x308, 0x4E4}, {0x41A, 0x301, 0x40C},
    {0x41E, 0x308, 0x4E6}, {0x423, 0x304, 0x4EE}, {0x423, 0x306, 0x40E}, {0x423, 0x308, 0x4F0},
    {0x423, 0x30B, 0x4F2}, {0x427, 0x308, 0x4F4}, {0x42B, 0x308, 0x4F8}, {0x42D, 0x308, 0x4EC},
    {0x430, 0x306, 0x4D1}, {0x430, 0x308, 0x4D3}, {0x433, 0x301, 0x453}, {0x435, 0x300, 0x450},
    {0x435, 0x306, 0x4D7}, {0x435, 0x308, 0x451}, {0x436, 0x306, 0x4C2}, {0x436, 0x308, 0x4DD},
    {0x437, 0x308, 0x4DF}, {0x438, 0x300, 0x45D}, {0x438, 0x304, 0x4E3}, {0x438, 0x306, 0x439},
    {0x438, 0x308, 0x4E5}, {0x43A, 0x301, 0x45C}, {0x43E, 0x308, 0x4E7}, {0x443, 0x304, 0x4EF},
    {0x443, 0x306, 0x45E}, {0x443, 0x308, 0x4F1}, {0x443, 0x30B, 0x4F3}, {0x447, 0x308, 0x4F5},
    {0x44B, 0x308, 0x4F9}, {0x44D, 0x308, 0x4ED}, {0x456, 0x308, 0x457}, {0x474, 0x30F, 0x476},
    {0x475, 0x30F, 0x477}, {0x4D8, 0x308, 0x4DA}, {0x4D9, 0x308, 0x4DB}, {0x4E8, 0x308, 0x4EA},
    {0x4E9, 0x308, 0x4EB}, {0x627, 0x653, 0x622}, {0x627, 0x654, 0x623}, {0x627, 0x655, 0x625},
    {0x648, 0x654, 0x624}, {0x64A, 0x654, 0x626}, {0x6C1, 0x654, 0x6C2}, {0x6D2, 0x654, 0x6D3},
    {0x6D5, 0x654, 0x6C0}, {0x928, 0x93C, 0x929}, {0x930, 0x93C, 0x931}, {0x933, 0x93C, 0x934},
    {0x9C7, 0x9BE, 0x9CB}, {0x9C7, 0x9D7, 0x9CC}, {0xB47, 0xB3E, 0xB4B}, {0xB47, 0xB56, 0xB48},
    {0xB47, 0xB57, 0xB4C}, {0xB92, 0xBD7, 0xB94}, {0xBC6, 0xBBE, 0xBCA}, {0xBC6, 0xBD7, 0xBCC},
    {0xBC7, 0xBBE, 0xBCB}, {0xC46, 0xC56, 0xC48}, {0xCBF, 0xCD5, 0xCC0}, {0xCC6, 0xCC2, 0xCCA},
    {0xCC6, 0xCD5, 0xCC7}, {0xCC6, 0xCD6, 0xCC8}, {0xCCA, 0xCD5, 0xCCB}, {0xD46, 0xD3E, 0xD4A},
    {0xD46, 0xD57, 0xD4C}, {0xD47, 0xD3E, 0xD4B}, {0xDD9, 0xDCA, 0xDDA}, {0xDD9, 0xDCF, 0xDDC},
    {0xDD9, 0xDDF, 0xDDE}, {0xDDC, 0xDCA, 0xDDD}, {0x1025, 0x102E, 0x1026}, {0x1E36, 0x304, 0x1E38},
    {0x1E37, 0x304, 0x1E39}, {0x1E5A, 0x304, 0x1E5C}, {0x1E5B, 0x304, 0x1E5D}, {0x1E62, 0x307, 0x1E68},
    {0x1E63, 0x307, 0x1E69}, {0x1EA0, 0x302, 0x1EAC}, {0x1EA0, 0x306, 0x1EB6}, {0x1EA1, 0x302, 0x1EAD},
    {0x1EA1, 0x306, 0x1EB7}, {0x1EB8, 0x302, 0x1EC6}, {0x1EB9, 0x302, 0x1EC7}, {0x1ECC, 0x302, 0x1ED8},
    {0x1ECD, 0x302, 0x1ED9}, {0x1F00, 0x300, 0x1F02}, {0x1F00, 0x301, 0x1F04}, {0x1F00, 0x342, 0x1F06},
    {0x1F00, 0x345, 0x1F80}, {0x1F01, 0x300, 0x1F03}, {0x1F01, 0x301, 0x1F05}, {0x1F01, 0x342, 0x1F07},
    {0x1F01, 0x345, 0x1F81}, {0x1F02, 0x345, 0x1F82}, {0x1F03, 0x345, 0x1F83}, {0x1F04, 0x345, 0x1F84},
    {0x1F05, 0x345, 0x1F85}, {0x1F06, 0x345, 0x1F86}, {0x1F07, 0x345, 0x1F87}, {0x1F08, 0x300, 0x1F0A},
    {0x1F08, 0x301, 0x1F0C}, {0x1F08, 0x342, 0x1F0E}, {0x1F08, 0x345, 0x1F88}, {0x1F09, 0x300, 0x1F0B},
    {0x1F09, 0x301, 0x1F0D}, {0x1F09, 0x342, 0x1F0F}, {0x1F09, 0x345, 0x1F89}, {0x1F0A, 0x345, 0x1F8A},
    {0x1F0B, 0x345, 0x1F8B}, {0x1F0C, 0x345, 0x1F8C}, {0x1F0D, 0x345, 0x1F8D}, {0x1F0E, 0x345, 0x1F8E},
    {0x1F0F, 0x345, 0x1F8F}, {0x1F10, 0x300, 0x1F12}, {0x1F10, 0x301, 0x1F14}, {0x1F11, 0x300, 0x1F13},
    {0x1F11, 0x301, 0x1F15}, {0x1F18, 0x300, 0x1F1A}, {0x1F18, 0x301, 0x1F1C}, {0x1F19, 0x300, 0x1F1B},
    {0x1F19, 0x301, 0x1F1D}, {0x1F20, 0x300, 0x1F22}, {0x1F20, 0x301, 0x1F24}, {0x1F20, 0x342, 0x1F26},
    {0x1F20, 0x345, 0x1F90}, {0x1F21, 0x300, 0x1F23}, {0x1F21, 0x301, 0x1F25}, {0x1F21, 0x342, 0x1F27},
    {0x1F21, 0x345, 0x1F91}, {0x1F22, 0x345, 0x1F92}, {0x1F23, 0x345, 0x1F93}, {0x1F24, 0x345, 0x1F94},
    {0x1F25, 0x345, 0x1F95}, {0x1F26, 0x345, 0x1F96}, {0x1F27, 0x345, 0x1F97}, {0x1F28, 0x300, 0x1F2A},
    {0x1F28, 0x301, 0x1F2C}, {0x1F28, 0x342, 0x1F2E}, {0x1F28, 0x345, 0x1F98}, {0x1F29, 0x300, 0x1F2B},
    {0x1F29, 0x301, 0x1F2D}, {0x1F29, 0x342, 0x1F2F}, {0x1F29, 0x345, 0x1F99}, {0x1F2A, 0x345, 0x1F9A},
    {0x1F2B, 0x345, 0x1F9B}, {0x1F2C, 0x345, 0x1F9C}, {0x1F2D, 0x345, 0x1F9D}, {0x1F2E, 0x345, 0x1F9E},
    {0x1F2F, 0x345, 0x1F9F}, {0x1F30, 0x300, 0x1F32}, {0x1F30, 0x301, 0x1F34}, {0x1F30, 0x342, 0x1F36},
    {0x1F31, 0x300, 0x1F33}, {0x1F31, 0x301, 0x1F35}, {0x1F31, 0x342, 0x1F37}, {0x1F38, 0x300, 0x1F3A},
    {0x1F38, 0x301, 0x1F3C}, {0x1F38, 0x342, 0x1F3E}, {0x1F39, 0x300, 0x1F3B}, {0x1F39, 0x301, 0x1F3D},
    {0x1F39, 0x342, 0x1F3F}, {0x1F40, 0x300, 0x1F42}, {0x1F40, 0x301, 0x1F44}, {0x1F41, 0x300, 0x1F43},
    {0x1F41, 0x301, 0x1F45}, {0x1F48, 0x300, 0x1F4A}, {0x1F48, 0x301, 0x1F4C}, {0x1F49, 0x300, 0x1F4B},
    {0x1F49, 0x301, 0x1F4D}, {0x1F50, 0x300, 0x1F52}, {0x1F50, 0x301, 0x1F54}, {0x1F50, 0x342, 0x1F56},
    {0x1F51, 0x300, 0x1F53}, {0x1F51, 0x301, 0x1F55}, {0x1F51, 0x342, 0x1F57}, {0x1F59, 0x300, 0x1F5B},
    {0x1F59, 0x301, 0x1F5D}, {0x1F59, 0x342, 0x1F5F}, {0x1F60, 0x300, 0x1F62}, {0x1F60, 0x301, 0x1F64},
    {0x1F60, 0x342, 0x1F66}, {0x1F60, 0x345, 0x1FA0}, {0x1F61, 0x300, 0x1F63}, {0x1F61, 0x301, 0x1F65},
    {0x1F61, 0x342, 0x1F67}, {0x1F61, 0x345, 0x1FA1}, {0x1F62, 0x345, 0x1FA2}, {0x1F63, 0x345, 0x1FA3},
    {0x1F64, 0x345, 0x1FA4}, {0x1F65, 0x345, 0x1FA5}, {0x1F66, 0x345, 0x1FA6}, {0x1F67, 0x345, 0x1FA7},
    {0x1F68, 0x300, 0x1F6A}, {0x1F68, 0x301, 0x1F6C}, {0x1F68, 0x342, 0x1F6E}, {0x1F68, 0x345, 0x1FA8},
    {0x1F69, 0x300, 0x1F6B}, {0x1F69, 0x301, 0x1F6D}, {0x1F69, 0x342, 0x1F6F}, {0x1F69, 0x345, 0x1FA9},
    {0x1F6A, 0x345, 0x1FAA}, {0x1F6B, 0x345, 0x1FAB}, {0x1F6C, 0x345, 0x1FAC}, {0x1F6D, 0x345, 0x1FAD},
    {0x1F6E, 0x345, 0x1FAE}, {0x1F6F, 0x345, 0x1FAF}, {0x1F70, 0x345, 0x1FB2}, {0x1F74, 0x345, 0x1FC2},
    {0x1F7C, 0x345, 0x1FF2}, {0x1FB6, 0x345, 0x1FB7}, {0x1FBF, 0x300, 0x1FCD}, {0x1FBF, 0x301, 0x1FCE},
    {0x1FBF, 0x342, 0x1FCF}, {0x1FC6, 0x345, 0x1FC7}, {0x1FF6, 0x345, 0x1FF7}, {0x1FFE, 0x300, 0x1FDD},
    {0x1FFE, 0x301, 0x1FDE}, {0x1FFE, 0x342, 0x1FDF}, {0x2190, 0x338, 0x219A}, {0x2192, 0x338, 0x219B},
    {0x2194, 0x338, 0x21AE}, {0x21D0, 0x338, 0x21CD}, {0x21D2, 0x338, 0x21CF}, {0x21D4, 0x338, 0x21CE},
    {0x2203, 0x338, 0x2204}, {0x2208, 0x338, 0x2209}, {0x220B, 0x338, 0x220C}, {0x2223, 0x338, 0x2224},
    {0x2225, 0x338, 0x2226}, {0x223C, 0x338, 0x2241}, {0x2243, 0x338, 0x2244}, {0x2245, 0x338, 0x2247},
    {0x2248, 0x338, 0x2249}, {0x224D, 0x338, 0x226D}, {0x2261, 0x338, 0x2262}, {0x2264, 0x338, 0x2270},
    {0x2265, 0x338, 0x2271}, {0x2272, 0x338, 0x2274}, {0x2273, 0x338, 0x2275}, {0x2276, 0x338, 0x2278},
    {0x2277, 0x338, 0x2279}, {0x227A, 0x338, 0x2280}, {0x227B, 0x338, 0x2281}, {0x227C, 0x338, 0x22E0},
    {0x227D, 0x338, 0x22E1}, {0x2282, 0x338, 0x2284}, {0x2283, 0x338, 0x2285}, {0x2286, 0x338, 0x2288},
    {0x2287, 0x338, 0x2289}, {0x2291, 0x338, 0x22E2}, {0x2292, 0x338, 0x22E3}, {0x22A2, 0x338, 0x22AC},
    {0x22A8, 0x338, 0x22AD}, {0x22A9, 0x338, 0x22AE}, {0x22AB, 0x338, 0x22AF}, {0x22B2, 0x338, 0x22EA},
    {0x22B3, 0x338, 0x22EB}, {0x22B4, 0x338, 0x22EC}, {0x22B5, 0x338, 0x22ED}, {0x3046, 0x3099, 0x3094},
    {0x304B, 0x3099, 0x304C}, {0x304D, 0x3099, 0x304E}, {0x304F, 0x3099, 0x3050}, {0x3051, 0x3099, 0x3052},
    {0x3053, 0x3099, 0x3054}, {0x3055, 0x3099, 0x3056}, {0x3057, 0x3099, 0x3058}, {0x3059, 0x3099, 0x305A},
    {0x305B, 0x3099, 0x305C}, {0x305D, 0x3099, 0x305E}, {0x305F, 0x3099, 0x3060}, {0x3061, 0x3099, 0x3062},
    {0x3064, 0x3099, 0x3065}, {0x3066, 0x3099, 0x3067}, {0x3068, 0x3099, 0x3069}, {0x306F, 0x3099, 0x3070},
    {0x306F, 0x309A, 0x3071}, {0x3072, 0x3099, 0x3073}, {0x3072, 0x309A, 0x3074}, {0x3075, 0x3099, 0x3076},
    {0x3075, 0x309A, 0x3077}, {0x3078, 0x3099, 0x3079}, {0x3078, 0x309A, 0x307A}, {0x307B, 0x3099, 0x307C},
    {0x307B, 0x309A, 0x307D}, {0x309D, 0x3099, 0x309E}, {0x30A6, 0x3099, 0x30F4}, {0x30AB, 0x3099, 0x30AC},
    {0x30AD, 0x3099, 0x30AE}, {0x30AF, 0x3099, 0x30B0}, {0x30B1, 0x3099, 0x30B2}, {0x30B3, 0x3099, 0x30B4},
    {0x30B5, 0x3099, 0x30B6}, {0x30B7, 0x3099, 0x30B8}, {0x30B9, 0x3099, 0x30BA}, {0x30BB, 0x3099, 0x30BC},
    {0x30BD, 0x3099, 0x30BE}, {0x30BF, 0x3099, 0x30C0}, {0x30C1, 0x3099, 0x30C2}, {0x30C4, 0x3099, 0x30C5},
    {0x30C6, 0x3099, 0x30C7}, {0x30C8, 0x3099, 0x30C9}, {0x30CF, 0x3099, 0x30D0}, {0x30CF, 0x309A, 0x30D1},
    {0x30D2, 0x3099, 0x30D3}, {0x30D2, 0x309A, 0x30D4}, {0x30D5, 0x3099, 0x30D6}, {0x30D5, 0x309A, 0x30D7},
    {0x30D8, 0x3099, 0x30D9}, {0x30D8, 0x309A, 0x30DA}, {0x30DB, 0x3099, 0x30DC}, {0x30DB, 0x309A, 0x30DD},
    {0x30EF, 0x3099, 0x30F7}, {0x30F0, 0x3099, 0x30F8}, {0x30F1, 0x3099, 0x30F9}, {0x30F2, 0x3099, 0x30FA},
    {0x30FD, 0x3099, 0x30FE},
};

}  // namespace saslprep_tables
}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_DETAIL_SASLPREP_TABLES_HPP
// end <imaplib/sasl/detail/saslprep_tables.hpp>
// begin <imaplib/sasl/saslprep.hpp>
// imaplib-cpp: SASLprep (RFC 4013), the stringprep (RFC 3454) profile for user names and
// passwords: map, normalize (NFKC, Unicode 3.2), prohibit, check bidi, refuse unassigned.
// SCRAM applies it to both (RFC 5802 section 5.1). The tables are generated by
// tools/gen_saslprep.py from Python's own stringprep module (sasl/detail/saslprep_tables.hpp).
#ifndef IMAPLIB_SASL_SASLPREP_HPP
#define IMAPLIB_SASL_SASLPREP_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/sasl/detail/saslprep_tables.hpp>: inlined above
// #include <imaplib/util/utf8.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

template <std::size_t N>
bool saslprep_in(const saslprep_tables::saslprep_range (&table)[N], char32_t cp) noexcept {
    std::size_t lo = 0, hi = N;
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (table[mid].last < cp) lo = mid + 1;
        else hi = mid;
    }
    return lo < N && table[lo].first <= cp;
}

inline unsigned combining_class(char32_t cp) noexcept {
    using namespace saslprep_tables;
    constexpr std::size_t n = sizeof(combining_start) / sizeof(combining_start[0]);
    std::size_t lo = 0, hi = n;  // the last run starting at or before cp
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if ((combining_start[mid] >> 8) <= cp) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return 0;
    const char32_t first = combining_start[lo - 1] >> 8;
    return cp < first + combining_length[lo - 1] ? (combining_start[lo - 1] & 0xFF) : 0;
}

// Hangul syllables are composed and decomposed arithmetically (Unicode 3.2 section 3.12).
inline constexpr char32_t hangul_s = 0xAC00, hangul_l = 0x1100, hangul_v = 0x1161, hangul_t = 0x11A7;
inline constexpr char32_t hangul_v_count = 21, hangul_t_count = 28, hangul_s_count = 11172;

inline void nfkd_append(std::u32string& out, char32_t cp) {
    using namespace saslprep_tables;
    if (cp >= hangul_s && cp < hangul_s + hangul_s_count) {
        const char32_t s = cp - hangul_s;
        out += hangul_l + s / (hangul_v_count * hangul_t_count);
        out += hangul_v + (s % (hangul_v_count * hangul_t_count)) / hangul_t_count;
        if (s % hangul_t_count) out += hangul_t + s % hangul_t_count;
        return;
    }
    const char32_t plane = cp >> 16;
    if (plane < 3) {
        std::size_t lo = decomposition_plane[plane], hi = decomposition_plane[plane + 1];
        const auto low = static_cast<std::uint16_t>(cp & 0xFFFF);
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (decomposition_key[mid] < low) lo = mid + 1;
            else hi = mid;
        }
        if (lo < decomposition_plane[plane + 1] && decomposition_key[lo] == low) {
            const std::string_view d(decomposition_utf8 + decomposition_offset[lo],
                                     decomposition_offset[lo + 1] - decomposition_offset[lo]);
            for (std::size_t pos = 0; pos < d.size();) out += utf8_next(d, pos);
            return;
        }
    }
    out += cp;
}

inline char32_t compose_pair(char32_t a, char32_t b) noexcept {
    if (a >= hangul_l && a < hangul_l + 19 && b >= hangul_v && b < hangul_v + hangul_v_count)
        return hangul_s + ((a - hangul_l) * hangul_v_count + (b - hangul_v)) * hangul_t_count;
    if (a >= hangul_s && a < hangul_s + hangul_s_count && (a - hangul_s) % hangul_t_count == 0 &&
        b > hangul_t && b < hangul_t + hangul_t_count)
        return a + (b - hangul_t);
    if (a > 0xFFFF || b > 0xFFFF) return 0;
    using saslprep_tables::composition;
    constexpr std::size_t n = sizeof(composition) / sizeof(composition[0]);
    std::size_t lo = 0, hi = n;
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (composition[mid][0] < a || (composition[mid][0] == a && composition[mid][1] < b)) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && composition[lo][0] == a && composition[lo][1] == b ? composition[lo][2] : 0;
}

// NFKC (UAX #15): full compatibility decomposition, canonical ordering, canonical
// composition, on Unicode 3.2 data.
inline std::u32string nfkc(const std::u32string& in) {
    std::u32string d;
    d.reserve(in.size());
    for (char32_t cp : in) nfkd_append(d, cp);
    // Canonical ordering: a stable insertion sort of each run of non-starters.
    for (std::size_t i = 1; i < d.size(); ++i) {
        const unsigned cc = combining_class(d[i]);
        if (cc == 0) continue;
        for (std::size_t j = i; j > 0; --j) {
            const unsigned prev = combining_class(d[j - 1]);
            if (prev == 0 || prev <= cc) break;
            std::swap(d[j - 1], d[j]);
        }
    }
    if (d.empty()) return d;
    std::u32string out;
    out.reserve(d.size());
    out += d[0];
    std::size_t starter = 0;
    unsigned last = combining_class(d[0]) ? 256 : 0;  // a leading non-starter blocks
    for (std::size_t i = 1; i < d.size(); ++i) {
        const unsigned cc = combining_class(d[i]);
        if (last != 256 && (last < cc || last == 0)) {
            if (const char32_t c = compose_pair(out[starter], d[i])) {
                out[starter] = c;
                continue;
            }
        }
        if (cc == 0) starter = out.size();
        last = cc;
        out += d[i];
    }
    return out;
}

}  // namespace detail

// How a string is used (RFC 3454 section 7): a stored string (a password, a user name
// as registered) may not hold code points unassigned in Unicode 3.2; a query may.
enum class saslprep_use { stored, query };

// SASLprep of a UTF-8 string; the result is UTF-8. Refused with errc::invalid_argument
// (and nothing returned): ill-formed UTF-8, a prohibited code point (controls, private
// use, surrogates, non-characters, ...), mixed or misplaced right-to-left text, and for
// stored strings an unassigned code point.
inline std::string saslprep(std::string_view text, std::error_code& ec,
                            saslprep_use use = saslprep_use::stored) {
    using namespace detail::saslprep_tables;
    using detail::saslprep_in;
    ec.clear();
    // Fast path: printable ASCII is its own SASLprep (nothing maps, NFKC keeps it, nothing
    // is prohibited or right-to-left).
    bool ascii = true;
    for (char c : text) ascii = ascii && c >= 0x20 && c < 0x7F;
    if (ascii) return std::string(text);

    std::u32string mapped;
    mapped.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = detail::utf8_next(text, pos);
        if (cp == detail::utf8_invalid || (use == saslprep_use::stored && saslprep_in(unassigned, cp))) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
        if (saslprep_in(map_to_nothing, cp)) continue;  // RFC 4013 section 2.1
        mapped += saslprep_in(non_ascii_space, cp) ? U' ' : cp;
    }
    const std::u32string normal = detail::nfkc(mapped);  // section 2.2
    bool has_randal = false, has_l = false;
    for (char32_t cp : normal) {
        if (saslprep_in(prohibited, cp) || (use == saslprep_use::stored && saslprep_in(unassigned, cp))) {
            ec = make_error_code(errc::invalid_argument);  // sections 2.3, 2.5
            return {};
        }
        has_randal = has_randal || saslprep_in(randalcat, cp);
        has_l = has_l || saslprep_in(lcat, cp);
    }
    // Section 2.4 / RFC 3454 section 6: right-to-left text is wholly right-to-left and
    // begins and ends with a right-to-left character.
    if (has_randal && (has_l || !saslprep_in(randalcat, normal.front()) || !saslprep_in(randalcat, normal.back()))) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    std::string out;
    out.reserve(normal.size());
    for (char32_t cp : normal) detail::utf8_append(out, cp);
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_SASLPREP_HPP
// end <imaplib/sasl/saslprep.hpp>
// begin <imaplib/sasl/scram.hpp>
// imaplib-cpp: SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), with channel binding
// (the -PLUS variants, RFC 5802 section 6; RFC 5929 and RFC 9266 for the binding data).
//
// Client-first. complete() becomes true only once the server-final message carried the
// right server signature: until then the server has not proved it knows the password,
// and a tagged OK before it is a failure (sasl/concept.hpp).
#ifndef IMAPLIB_SASL_SCRAM_HPP
#define IMAPLIB_SASL_SCRAM_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/sasl/concept.hpp>: inlined above
// #include <imaplib/sasl/detail/exchange.hpp>: inlined above
// #include <imaplib/sasl/saslprep.hpp>: inlined above
// #include <imaplib/util/base64.hpp>: inlined above
// #include <imaplib/util/sha.hpp>: inlined above

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

// Fills a buffer with unpredictable bytes (the client nonce).
using random_source = std::function<void(unsigned char* data, std::size_t size)>;

struct scram_options {
    // The largest iteration count accepted from the server. Each iteration costs two
    // HMACs, so a hostile server could otherwise pin the CPU (i=1000000000 is minutes).
    // RFC 7677 asks for at least 4096; servers use 4096 to 100,000.
    std::uint32_t max_iterations = 100000;
    std::string authzid;       // act as this identity (gs2 "a="); empty: the user's own
    random_source random;      // the CSPRNG for the nonce; empty: the backend's random()
    std::string nonce;         // tests only: the client nonce itself (printable, no ',')
    // RFC 5802 section 6: set when the client could bind (the connection is TLS) but the
    // server offered no -PLUS mechanism; sends gs2 flag "y" so a server that does support
    // binding detects the downgrade.
    bool client_supports_binding = false;
};

// Channel binding for the -PLUS mechanisms: the type name and the data the TLS layer
// computed for this connection (sasl/channel_binding.hpp).
struct channel_binding {
    std::string type;  // "tls-exporter" (RFC 9266, TLS 1.3) or "tls-server-end-point" (RFC 5929)
    std::string data;
};

}  // namespace sasl

namespace detail {

// RFC 5802 section 5.1 saslname: "=" and "," escaped as "=3D" and "=2C".
inline std::string scram_saslname(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '=') out += "=3D";
        else if (c == ',') out += "=2C";
        else out += c;
    }
    return out;
}

// One "x=value" attribute of a server message, split at its ','.
struct scram_attribute {
    char name = 0;
    std::string_view value;
};

// `rest` keeps its ',' between attributes, so "i=4096," leaves "," and fails next time.
inline bool scram_next_attribute(std::string_view& rest, scram_attribute& a) noexcept {
    if (!rest.empty() && rest[0] == ',') rest.remove_prefix(1);
    if (rest.size() < 2 || rest[1] != '=' || !((rest[0] >= 'a' && rest[0] <= 'z') || (rest[0] >= 'A' && rest[0] <= 'Z')))
        return false;
    a.name = rest[0];
    const std::size_t comma = rest.find(',');
    a.value = rest.substr(2, comma == std::string_view::npos ? std::string_view::npos : comma - 2);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma);
    return true;
}

// Compares without an early exit, so the time does not say how much of a signature matched.
inline bool scram_equal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace detail

namespace sasl {

template <class Hash, bool Plus, class Crypto = default_crypto>
class basic_scram : public ::imaplib::detail::sasl_exchange {
public:
    // SCRAM-SHA-*: no channel binding.
    template <bool P = Plus, std::enable_if_t<!P, int> = 0>
    basic_scram(std::string user, std::string password, scram_options options = {})
        : user_(std::move(user)), password_(std::move(password)), options_(std::move(options)) {}

    // SCRAM-SHA-*-PLUS: bound to this TLS connection.
    template <bool P = Plus, std::enable_if_t<P, int> = 0>
    basic_scram(std::string user, std::string password, channel_binding binding, scram_options options = {})
        : user_(std::move(user)), password_(std::move(password)), options_(std::move(options)),
          binding_(std::move(binding)) {}

    std::string_view name() const noexcept {
        if constexpr (std::is_same_v<Hash, sha1_hash>) return Plus ? "SCRAM-SHA-1-PLUS" : "SCRAM-SHA-1";
        else return Plus ? "SCRAM-SHA-256-PLUS" : "SCRAM-SHA-256";
    }

    std::optional<std::string> initial_response(std::error_code& ec) {
        return client_first({}, true, ec, [&] { return client_first_message(ec); });
    }

    std::string step(std::string_view challenge, std::error_code& ec) {
        if (!started_) return client_first(challenge, false, ec, [&] { return client_first_message(ec); }).value_or(std::string());
        if (!may_continue(ec)) return {};
        if (!sent_final_) return client_final_message(challenge, ec);
        verify_server_final(challenge, ec);
        return {};
    }

private:
    std::optional<std::string> client_first_message(std::error_code& ec) {
        std::error_code prep;
        const std::string user = saslprep(user_, prep, saslprep_use::query);
        if (prep || user.empty()) {
            fail(ec, errc::invalid_argument, "SASLprep refused the user name (RFC 4013)");
            return std::nullopt;
        }
        const std::string authzid = saslprep(options_.authzid, prep, saslprep_use::query);
        if (prep) {
            fail(ec, errc::invalid_argument, "SASLprep refused the authorization identity (RFC 4013)");
            return std::nullopt;
        }
        if constexpr (Plus) {
            bool name_ok = !binding_.type.empty();
            for (char c : binding_.type)
                name_ok = name_ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                      (c >= '0' && c <= '9') || c == '.' || c == '-');
            if (!name_ok || binding_.data.empty()) {
                fail(ec, errc::invalid_argument, "channel binding needs a type name and its data");
                return std::nullopt;
            }
        }
        if (!options_.nonce.empty()) {
            nonce_ = options_.nonce;
            for (char c : nonce_)
                if (c < 0x21 || c > 0x7E || c == ',') {
                    fail(ec, errc::invalid_argument, "the client nonce must be printable, without ','");
                    return std::nullopt;
                }
        } else {
            unsigned char bytes[24];
            if (options_.random) options_.random(bytes, sizeof bytes);
            else Crypto::random(bytes, sizeof bytes);
            nonce_ = base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
        }
        // gs2-header (RFC 5802 section 7): cbind-flag "," [ "a=" saslname ] ","
        if constexpr (Plus) gs2_header_ = "p=" + binding_.type;
        else gs2_header_ = options_.client_supports_binding ? "y" : "n";
        gs2_header_ += ',';
        if (!authzid.empty()) gs2_header_ += "a=" + ::imaplib::detail::scram_saslname(authzid);
        gs2_header_ += ',';
        client_first_bare_ = "n=" + ::imaplib::detail::scram_saslname(user) + ",r=" + nonce_;
        secret_ = false;
        return gs2_header_ + client_first_bare_;
    }

    std::string client_final_message(std::string_view server_first, std::error_code& ec) {
        using ::imaplib::detail::scram_attribute;
        // server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]
        std::string_view rest = server_first;
        scram_attribute r, s, i;
        if (!::imaplib::detail::scram_next_attribute(rest, r) || r.name == 'm') {
            fail(ec, errc::protocol_violation,
                 r.name == 'm' ? "server-first-message: a mandatory extension (m=) this client does not know"
                               : "server-first-message: malformed");
            return {};
        }
        if (r.name != 'r' || !::imaplib::detail::scram_next_attribute(rest, s) || s.name != 's' ||
            !::imaplib::detail::scram_next_attribute(rest, i) || i.name != 'i') {
            fail(ec, errc::protocol_violation, "server-first-message: r=, s=, i= missing or out of order");
            return {};
        }
        for (scram_attribute x; !rest.empty();) {
            if (!::imaplib::detail::scram_next_attribute(rest, x) || x.name == 'r' || x.name == 's' ||
                x.name == 'i' || x.name == 'm') {
                fail(ec, errc::protocol_violation, "server-first-message: a duplicate or malformed attribute");
                return {};
            }
        }
        // The server's nonce must extend ours (section 5.1), in printable characters.
        bool printable = true;
        for (char c : r.value) printable = printable && c >= 0x21 && c <= 0x7E && c != ',';
        if (!printable || r.value.size() <= nonce_.size() || r.value.substr(0, nonce_.size()) != nonce_) {
            fail(ec, errc::protocol_violation, "server-first-message: the nonce does not extend the client's");
            return {};
        }
        // Bounded before any work: digit by digit, so 10^9 or 10^30 stops at once.
        std::uint64_t iterations = 0;
        bool digits = !i.value.empty() && i.value.size() <= 10 && i.value[0] != '0';
        for (char c : i.value) {
            digits = digits && c >= '0' && c <= '9';
            if (digits) iterations = iterations * 10 + static_cast<unsigned>(c - '0');
        }
        if (!digits || iterations == 0 || iterations > options_.max_iterations) {
            fail(ec, errc::protocol_violation,
                 "server-first-message: iteration count " + std::string(i.value.substr(0, 20)) +
                     " outside 1.." + std::to_string(options_.max_iterations));
            return {};
        }
        std::error_code b64;
        const std::string salt = base64_decode_strict(s.value, b64);
        if (b64 || salt.empty()) {
            fail(ec, errc::protocol_violation, "server-first-message: the salt is not base64");
            return {};
        }
        std::error_code prep;
        const std::string password = saslprep(password_, prep, saslprep_use::stored);
        if (prep) {
            fail(ec, errc::invalid_argument, "SASLprep refused the password (RFC 4013)");
            return {};
        }

        // RFC 5802 section 3.
        std::string cbind_input = gs2_header_;
        if constexpr (Plus) cbind_input += binding_.data;
        std::string without_proof = "c=" + base64_encode(cbind_input) + ",r=";
        without_proof += r.value;
        const std::string auth_message =
            client_first_bare_ + ',' + std::string(server_first) + ',' + without_proof;
        typename Hash::digest salted{};
        Crypto::template pbkdf2<Hash>(password, salt, static_cast<std::uint32_t>(iterations), salted.data(),
                                      salted.size());
        const auto client_key = Crypto::template hmac<Hash>(as_bytes(salted), "Client Key");
        const auto stored_key = Crypto::template hash<Hash>(as_bytes(client_key));
        const auto client_signature = Crypto::template hmac<Hash>(as_bytes(stored_key), auth_message);
        auto proof = client_key;
        for (std::size_t k = 0; k < proof.size(); ++k) proof[k] ^= client_signature[k];
        const auto server_key = Crypto::template hmac<Hash>(as_bytes(salted), "Server Key");
        const auto server_signature = Crypto::template hmac<Hash>(as_bytes(server_key), auth_message);
        server_signature_ = base64_encode(as_bytes(server_signature));
        sent_final_ = true;
        secret_ = true;  // the proof lets an eavesdropper guess the password offline
        return without_proof + ",p=" + base64_encode(as_bytes(proof));
    }

    void verify_server_final(std::string_view server_final, std::error_code& ec) {
        // server-final-message = (server-error / verifier) ["," extensions]
        std::string_view rest = server_final;
        ::imaplib::detail::scram_attribute a;
        if (!::imaplib::detail::scram_next_attribute(rest, a) || (a.name != 'e' && a.name != 'v')) {
            fail(ec, errc::protocol_violation, "server-final-message: malformed");
            return;
        }
        if (a.name == 'e') {
            fail(ec, errc::command_failed, "server-final-message: the server reported e=" + std::string(a.value));
            return;
        }
        if (!::imaplib::detail::scram_equal(a.value, server_signature_)) {
            fail(ec, errc::protocol_violation,
                 "server-final-message: wrong server signature (the server does not know the password)");
            return;
        }
        secret_ = false;
        complete_ = true;
    }

    std::string user_;
    std::string password_;
    scram_options options_;
    channel_binding binding_;
    std::string nonce_;
    std::string gs2_header_;
    std::string client_first_bare_;
    std::string server_signature_;
    bool sent_final_ = false;
};

using scram_sha_1 = basic_scram<sha1_hash, false>;
using scram_sha_256 = basic_scram<sha256_hash, false>;
using scram_sha_1_plus = basic_scram<sha1_hash, true>;
using scram_sha_256_plus = basic_scram<sha256_hash, true>;

}  // namespace sasl

IMAPLIB_CHECK_SASL_MECHANISM(sasl::scram_sha_1);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::scram_sha_256);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::scram_sha_1_plus);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::scram_sha_256_plus);

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_SCRAM_HPP
// end <imaplib/sasl/scram.hpp>

// The engine: basic_imap4<Transport>.
// begin <imaplib/engine/result.hpp>
// imaplib-cpp: results shaped like imaplib's.
//
// Every command returns `response`: imaplib's `(typ, [data, ...])`. A data item is one of
// what imaplib puts in that list:
//   bytes            b'...'
//   literal pair     (b'header', b'literal')   - a response line that carried a literal
//   none             None                      - e.g. no untagged response of that name
//   list             [...]                     - only getquotaroot() nests lists
// Items view bytes owned by a shared, immutable block (one per response read), so moving
// items between the untagged-response table and a result never copies payload.
#ifndef IMAPLIB_ENGINE_RESULT_HPP
#define IMAPLIB_ENGINE_RESULT_HPP

// #include <imaplib/config.hpp>: inlined above

#include <atomic>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// Python's None, for porting `M.search(None, 'ALL')` line by line.
inline constexpr std::nullopt_t None = std::nullopt;

class data_item;

namespace detail {

// The bytes the items of one response share: the frame as received (and imaplib's
// rebuilt "N data" after it) behind a reference count, in one allocation. A `* 1 EXISTS`
// then costs one small block and one item, not a string, its control block and a copy.
// A nested list (getquotaroot) is a block holding a vector of items instead of bytes.
class item_block {
public:
    item_block() = default;
    item_block(const item_block& other) noexcept : h_(other.h_) {
        if (h_) h_->refs.fetch_add(1, std::memory_order_relaxed);
    }
    item_block(item_block&& other) noexcept : h_(other.h_) { other.h_ = nullptr; }
    item_block& operator=(item_block other) noexcept {
        std::swap(h_, other.h_);
        return *this;
    }
    ~item_block() { release(); }

    // Room for `size` bytes, written through data() before the block is shared; the
    // first `frame_size` of them are the frame (data_item::frame()).
    static item_block allocate(std::size_t size, std::size_t frame_size) {
        return item_block(new (::operator new(footprint_of(size))) header{{1}, frame_size});
    }
    static item_block list(std::vector<data_item> items);

    explicit operator bool() const noexcept { return h_ != nullptr; }
    char* data() const noexcept { return reinterpret_cast<char*>(h_ + 1); }
    std::string_view frame() const noexcept {
        return h_ && h_->frame_size != list_mark ? std::string_view(data(), h_->frame_size) : std::string_view();
    }
    const std::vector<data_item>& items() const noexcept;
    // What a block of `size` bytes costs: its header and bytes (limits::max_untagged).
    static constexpr std::size_t footprint_of(std::size_t size) noexcept { return sizeof(header) + size; }
    bool is_list() const noexcept { return h_ && h_->frame_size == list_mark; }

private:
    struct header {
        std::atomic<std::size_t> refs;
        std::size_t frame_size;  // list_mark for a list
    };
    static constexpr std::size_t list_mark = static_cast<std::size_t>(-1);
    explicit item_block(header* h) noexcept : h_(h) {}
    inline void release() noexcept;

    header* h_ = nullptr;
};

}  // namespace detail

class data_item {
public:
    enum class kind : unsigned char { none, bytes, literal, list };

    data_item() = default;  // None

    // `frame` is the whole response the item came from, as received (see frame()).
    // These copy the viewed bytes into the item's own block; the engine builds items
    // over a response's block without a copy (the overloads below).
    static data_item from_bytes(const std::shared_ptr<const std::string>& store, std::string_view text,
                                std::string_view frame = {}) {
        (void)store;
        return copied(kind::bytes, text, {}, frame);
    }
    static data_item from_literal(const std::shared_ptr<const std::string>& store, std::string_view header,
                                  std::string_view literal, std::string_view frame = {}) {
        (void)store;
        return copied(kind::literal, header, literal, frame);
    }
    // Items over `block`'s bytes: `text`, `header` and `literal` view them.
    static data_item from_bytes(const detail::item_block& block, std::string_view text) {
        return data_item(block, text, {});
    }
    static data_item from_literal(const detail::item_block& block, std::string_view header,
                                  std::string_view literal) {
        return data_item(block, header, literal.data() ? literal : std::string_view("", 0));
    }
    static data_item owning(std::string_view text) { return copied(kind::bytes, text, {}, {}); }
    static data_item from_list(std::vector<data_item> items) {
        return data_item(detail::item_block::list(std::move(items)), {}, {});
    }

    // Told apart without a field of its own (an item is 40 bytes): no block is None, a
    // list has a list block, a literal pair a non-null literal view.
    kind type() const noexcept {
        return !block_ ? kind::none : block_.is_list() ? kind::list : second_.data() ? kind::literal : kind::bytes;
    }
    bool is_none() const noexcept { return !block_; }
    bool is_bytes() const noexcept { return type() == kind::bytes; }
    bool is_literal() const noexcept { return type() == kind::literal; }
    bool is_list() const noexcept { return block_.is_list(); }

    // bytes: the bytes; literal pair: the header (the line before the literal).
    std::string_view bytes() const noexcept { return first_; }
    std::string_view header() const noexcept { return first_; }
    // literal pair: the literal's bytes.
    std::string_view literal() const noexcept { return second_; }
    // list: the nested items.
    const std::vector<data_item>& items() const noexcept;
    // The whole response this item came from, exactly as the server sent it (line,
    // literals inline, CRLF), for the grammar's typed views (engine/views.hpp). Every
    // item of one response shares it. Empty for items not read from a server, and for
    // responses whose literals went to a literal sink.
    std::string_view frame() const noexcept { return block_.frame(); }

    // Python's truthiness, as imaplib's callers use it (`if dat[-1]:`).
    explicit operator bool() const noexcept {
        switch (type()) {
        case kind::none: return false;
        case kind::bytes: return !first_.empty();
        case kind::literal: return true;
        case kind::list: return !items().empty();
        }
        return false;
    }

    friend bool operator==(const data_item& a, const data_item& b) noexcept {
        return a.type() == b.type() && a.first_ == b.first_ && a.second_ == b.second_ &&
               (!a.is_list() || a.items() == b.items());
    }
    friend bool operator!=(const data_item& a, const data_item& b) noexcept { return !(a == b); }

private:
    data_item(detail::item_block block, std::string_view first, std::string_view second) noexcept
        : block_(std::move(block)), first_(first), second_(second) {}

    // One block holding `frame`, then whichever of `first` and `second` lie outside it.
    static data_item copied(kind k, std::string_view first, std::string_view second, std::string_view frame) {
        const auto inside = [&](std::string_view v) {
            const std::less<const char*> before;
            return !frame.empty() && !before(v.data(), frame.data()) &&
                   !before(frame.data() + frame.size(), v.data() + v.size());
        };
        std::size_t size = frame.size();
        if (!inside(first)) size += first.size();
        if (!inside(second)) size += second.size();
        detail::item_block block = detail::item_block::allocate(size, frame.size());
        char* const base = block.data();
        if (!frame.empty()) std::memcpy(base, frame.data(), frame.size());
        std::size_t at = frame.size();
        const auto place = [&](std::string_view v) {
            if (inside(v)) return std::string_view(base + (v.data() - frame.data()), v.size());
            if (!v.empty()) std::memcpy(base + at, v.data(), v.size());
            const std::string_view placed(base + at, v.size());
            at += v.size();
            return placed;
        };
        const std::string_view a = place(first);
        if (k == kind::bytes) return data_item(std::move(block), a, {});
        const std::string_view b = place(second);
        return data_item(std::move(block), a, b.data() ? b : std::string_view("", 0));
    }

    detail::item_block block_;  // keeps the viewed bytes (or the nested items) alive
    std::string_view first_;
    std::string_view second_;
};

namespace detail {

inline item_block item_block::list(std::vector<data_item> items) {
    void* p = ::operator new(sizeof(header) + sizeof(std::vector<data_item>));
    item_block block(new (p) header{{1}, list_mark});
    new (block.data()) std::vector<data_item>(std::move(items));
    return block;
}

inline const std::vector<data_item>& item_block::items() const noexcept {
    return *std::launder(reinterpret_cast<const std::vector<data_item>*>(data()));
}

inline void item_block::release() noexcept {
    if (!h_ || h_->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    if (h_->frame_size == list_mark) std::launder(reinterpret_cast<std::vector<data_item>*>(data()))->~vector();
    h_->~header();
    ::operator delete(h_);
}

}  // namespace detail

inline const std::vector<data_item>& data_item::items() const noexcept {
    static const std::vector<data_item> none;
    return block_.is_list() ? block_.items() : none;
}

using data_list = std::vector<data_item>;

// imaplib's `(typ, data)`.
struct response {
    std::string typ;
    data_list data;

    bool ok() const noexcept { return typ == "OK"; }
};

// Python's bytes.split() with no argument: the words between runs of ASCII whitespace,
// as views into `text`. Ported code uses it on SEARCH results: `data[0].split()`.
inline std::vector<std::string_view> split(std::string_view text) {
    std::vector<std::string_view> words;
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    };
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        std::size_t j = i;
        while (j < text.size() && !is_space(text[j])) ++j;
        if (j > i) words.push_back(text.substr(i, j - i));
        i = j;
    }
    return words;
}

namespace detail {

// Python's repr() of a bytes object: b'...' (or b"..." when it holds ' but not ").
inline void append_bytes_repr(std::string& out, std::string_view bytes) {
    const bool use_double = bytes.find('\'') != std::string_view::npos &&
                            bytes.find('"') == std::string_view::npos;
    const char quote = use_double ? '"' : '\'';
    static constexpr char hex[] = "0123456789abcdef";
    out += 'b';
    out += quote;
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c == static_cast<unsigned char>(quote)) {
                out += '\\';
                out += static_cast<char>(c);
            } else if (c < 0x20 || c >= 0x7f) {
                out += "\\x";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += quote;
}

// Python's repr() of a str that holds only ASCII (typ, capability names, states).
inline void append_str_repr(std::string& out, std::string_view text) {
    std::string bytes_form;
    append_bytes_repr(bytes_form, text);
    out.append(bytes_form, 1, std::string::npos);  // the same, less the b prefix
}

inline void append_item_repr(std::string& out, const data_item& item) {
    switch (item.type()) {
    case data_item::kind::none: out += "None"; break;
    case data_item::kind::bytes: append_bytes_repr(out, item.bytes()); break;
    case data_item::kind::literal:
        out += '(';
        append_bytes_repr(out, item.header());
        out += ", ";
        append_bytes_repr(out, item.literal());
        out += ')';
        break;
    case data_item::kind::list:
        out += '[';
        for (std::size_t i = 0; i < item.items().size(); ++i) {
            if (i) out += ", ";
            append_item_repr(out, item.items()[i]);
        }
        out += ']';
        break;
    }
}

}  // namespace detail

// The text Python prints for repr() of the same value, e.g. ('OK', [b'1 (FLAGS ())']).
inline std::string python_repr(const data_item& item) {
    std::string out;
    detail::append_item_repr(out, item);
    return out;
}

inline std::string python_repr(const data_list& items) {
    return python_repr(data_item::from_list(items));
}

inline std::string python_repr(const response& r) {
    std::string out = "(";
    detail::append_str_repr(out, r.typ);
    out += ", ";
    out += python_repr(r.data);
    out += ')';
    return out;
}

// repr() of a tuple of str, as Python prints `M.capabilities`.
inline std::string python_repr(const std::vector<std::string>& strings) {
    std::string out = "(";
    for (std::size_t i = 0; i < strings.size(); ++i) {
        if (i) out += ", ";
        detail::append_str_repr(out, strings[i]);
    }
    if (strings.size() == 1) out += ',';
    out += ')';
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_RESULT_HPP
// end <imaplib/engine/result.hpp>
// begin <imaplib/engine/sequence_set.hpp>
// imaplib-cpp: message sequence numbers and UIDs as ranges (RFC 9051 section 9,
// sequence-set and uid-set).
//
// Extension results carry sets of UIDs: COPYUID, APPENDUID, VANISHED, MODIFIED, ESEARCH's
// ALL. A server may answer `1:6000000`; held as ranges that is 8 bytes, where a list of
// numbers would be 24 MB. Ranges keep the server's order (COPYUID pairs the source and
// destination sets in order, RFC 4315 section 3); normalize() sorts and merges them.
#ifndef IMAPLIB_ENGINE_SEQUENCE_SET_HPP
#define IMAPLIB_ENGINE_SEQUENCE_SET_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// `first <= last`, both in 1..4294967295; `*` is `sequence_set::star`.
struct seq_range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;

    std::uint64_t size() const noexcept { return std::uint64_t{last} - first + 1; }
    friend bool operator==(seq_range a, seq_range b) noexcept { return a.first == b.first && a.last == b.last; }
    friend bool operator!=(seq_range a, seq_range b) noexcept { return !(a == b); }
};

class sequence_set {
public:
    // `*`: the largest number in use. Kept as the largest value, so `5:*` stays a range.
    static constexpr std::uint32_t star = 0xFFFFFFFFu;
    // A server's set holding more comma-separated parts than this is refused: each costs
    // 8 bytes here for 2 or more bytes on the wire, so the bound is on memory, not on
    // how many numbers the set covers.
    static constexpr std::size_t max_ranges = 1000000;

    sequence_set() = default;
    sequence_set(std::initializer_list<seq_range> ranges) {
        for (auto r : ranges) add(r.first, r.last);
    }

    // sequence-set = (seq-number / seq-range) ["," sequence-set]; seq-number = nz-number / "*".
    // `allow_star` false for uid-set (APPENDUID, COPYUID), which has no `*`.
    // Anything else, an empty text included, is errc::parse_error.
    static sequence_set parse(std::string_view text, std::error_code& ec, bool allow_star = true) {
        sequence_set set;
        ec.clear();
        std::size_t i = 0;
        const auto number = [&](std::uint32_t& out) {
            if (i < text.size() && text[i] == '*') {
                if (!allow_star) return false;
                ++i;
                out = star;
                return true;
            }
            if (i == text.size() || text[i] < '1' || text[i] > '9') return false;
            std::uint64_t v = 0;
            while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
                v = v * 10 + static_cast<std::uint64_t>(text[i] - '0');
                if (v > 0xFFFFFFFFu) return false;
                ++i;
            }
            out = static_cast<std::uint32_t>(v);
            return true;
        };
        for (;;) {
            std::uint32_t a = 0, b = 0;
            if (!number(a)) break;
            b = a;
            if (i < text.size() && text[i] == ':') {
                ++i;
                if (!number(b)) break;
            }
            if (set.ranges_.size() == max_ranges) break;
            set.add(a, b);
            if (i == text.size()) return set;
            if (text[i] != ',') break;
            ++i;
        }
        ec = make_error_code(errc::parse_error);
        return {};
    }

    // Appends `a:b` (either order, RFC 9051: "2:4" and "4:2" are the same), merging it
    // with the last range when they touch, as a server's "1,2,3" is "1:3".
    void add(std::uint32_t a, std::uint32_t b) {
        if (a > b) std::swap(a, b);
        if (a == 0) a = 1;
        if (!ranges_.empty()) {
            seq_range& back = ranges_.back();
            if (a >= back.first && (a <= back.last || a - 1 == back.last)) {
                back.last = std::max(back.last, b);
                return;
            }
        }
        ranges_.push_back({a, b});
    }
    void add(std::uint32_t n) { add(n, n); }

    // Sorted, overlapping and adjacent ranges merged.
    void normalize() {
        std::sort(ranges_.begin(), ranges_.end(),
                  [](seq_range x, seq_range y) { return x.first < y.first; });
        std::vector<seq_range> merged;
        merged.reserve(ranges_.size());
        for (auto r : ranges_) {
            if (!merged.empty() && (r.first <= merged.back().last || r.first - 1 == merged.back().last))
                merged.back().last = std::max(merged.back().last, r.last);
            else
                merged.push_back(r);
        }
        ranges_ = std::move(merged);
    }

    const std::vector<seq_range>& ranges() const noexcept { return ranges_; }
    bool empty() const noexcept { return ranges_.empty(); }
    // How many numbers the set covers (a number in two ranges counts twice until normalize()).
    std::uint64_t size() const noexcept {
        std::uint64_t n = 0;
        for (auto r : ranges_) n += r.size();
        return n;
    }
    bool contains(std::uint32_t n) const noexcept {
        for (auto r : ranges_)
            if (n >= r.first && n <= r.last) return true;
        return false;
    }
    // Calls f(n) for each number, in the set's order. Beware `*` and huge ranges.
    template <class F>
    void for_each(F&& f) const {
        for (auto r : ranges_)
            for (std::uint64_t n = r.first; n <= r.last; ++n) f(static_cast<std::uint32_t>(n));
    }

    // The IMAP form: "1:3,7,9:*".
    std::string to_string() const {
        std::string out;
        for (auto r : ranges_) {
            if (!out.empty()) out += ',';
            append_number(out, r.first);
            if (r.last != r.first) {
                out += ':';
                append_number(out, r.last);
            }
        }
        return out;
    }

    friend bool operator==(const sequence_set& a, const sequence_set& b) { return a.ranges_ == b.ranges_; }
    friend bool operator!=(const sequence_set& a, const sequence_set& b) { return !(a == b); }

private:
    static void append_number(std::string& out, std::uint32_t n) {
        if (n == star) {
            out += '*';
            return;
        }
        out += std::to_string(n);
    }

    std::vector<seq_range> ranges_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_SEQUENCE_SET_HPP
// end <imaplib/engine/sequence_set.hpp>
// begin <imaplib/engine/command.hpp>
// imaplib-cpp: building a command line from user arguments.
//
// imaplib (Python 3) joins arguments with spaces and sends them as they are; only LOGIN's
// password is quoted. We send exactly the same bytes for every argument imaplib handles
// correctly, and on top of that:
//   - no argument can put a CR, LF or NUL into the command stream: such a string goes out
//     as a literal where the protocol takes a string, and is refused elsewhere;
//   - arguments in string positions (mailbox names, user names, ACL identifiers, ...) are
//     quoted when they are not atoms, unless the caller already quoted them (imaplib's
//     documented rule) as exactly one well-formed quoted string, and 8-bit strings go as
//     literals (or as UTF-8 once UTF8=ACCEPT is enabled);
//   - flag lists are checked: a flag with spaces or parentheses inside is refused;
//   - protocol syntax the caller wrote (raw) may not end in a literal announcement, which
//     would make the server wait for bytes that never come.
//
// What passes unchanged, per position (the rest is quoted, sent as a literal or refused):
//   astring          an atom (ASTRING-CHAR and list wildcards), or ONE quoted string.
//                    Mailbox, user, ACL identifier and rights, quota root, LIST reference:
//                    RFC 3501 never takes a parenthesised list there. (A SELECT parameter
//                    list, RFC 4466 section 2.4, would be a position of its own after it.)
//   astring_or_list  astring, or ONE balanced parenthesised list: LIST's pattern, which
//                    RFC 5258 section 3 lets be a list of patterns.
//   date_time        ONE quoted string, else refused (APPEND's date-time, imaplib quotes it).
//   flags            a parenthesised list of flags, else refused.
//   raw              anything without CR, LF, NUL and a trailing {N} / {N+} / ~{N}: sequence
//                    sets, search criteria, fetch items, xatom and uid arguments. The caller
//                    writes this syntax; a value from elsewhere belongs in a string position.
#ifndef IMAPLIB_ENGINE_COMMAND_HPP
#define IMAPLIB_ENGINE_COMMAND_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <string>
#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// A read-only list of string arguments: imaplib's `*args`. Built from a braced list or
// from any contiguous container of string_views.
class arg_list {
public:
    arg_list() = default;
    // The list must outlive the arg_list: use it as a parameter, not a stored member.
    arg_list(std::initializer_list<std::string_view> args) noexcept {
        data_ = args.begin();
        size_ = args.size();
    }
    arg_list(const std::vector<std::string_view>& args) noexcept
        : data_(args.data()), size_(args.size()) {}
    arg_list(const std::string_view* data, std::size_t size) noexcept : data_(data), size_(size) {}

    const std::string_view* begin() const noexcept { return data_; }
    const std::string_view* end() const noexcept { return data_ + size_; }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

private:
    const std::string_view* data_ = nullptr;
    std::size_t size_ = 0;
};

// An argument imaplib takes as "a string or None": APPEND's mailbox and flags, SEARCH's
// charset. imaplib::None (std::nullopt) or a default-constructed one is None.
class string_or_none {
public:
    constexpr string_or_none() noexcept = default;
    constexpr string_or_none(std::nullopt_t) noexcept {}
    constexpr string_or_none(std::string_view text) noexcept : text_(text), present_(true) {}
    constexpr string_or_none(const char* text) noexcept
        : text_(text ? std::string_view(text) : std::string_view()), present_(text != nullptr) {}
    string_or_none(const std::string& text) noexcept : text_(text), present_(true) {}
    template <class T, class = std::enable_if_t<std::is_convertible_v<const T&, std::string_view>>>
    string_or_none(const std::optional<T>& text) noexcept
        : text_(text ? std::string_view(*text) : std::string_view()), present_(text.has_value()) {}

    constexpr bool has_value() const noexcept { return present_; }
    constexpr explicit operator bool() const noexcept { return present_; }
    constexpr std::string_view operator*() const noexcept { return text_; }
    constexpr const std::string_view* operator->() const noexcept { return &text_; }

private:
    std::string_view text_;
    bool present_ = false;
};

namespace detail {

// How an argument is put on the wire.
enum class arg_kind {
    raw,       // protocol syntax the caller wrote (sequence sets, criteria, item lists)
    astring,   // a string the protocol takes as astring (mailbox, user, identifier)
    astring_or_list,  // astring, or one parenthesised list (LIST's patterns, RFC 5258)
    date_time,  // a quoted string given quoted (APPEND's date-time)
    quoted,    // always a quoted string (LOGIN's password, as imaplib does)
    flags,     // a parenthesised flag list, validated
    literal,   // always a synchronizing literal (APPEND's message)
    utf8_literal,  // APPEND's message after UTF8=ACCEPT: UTF8 (~{N}) (RFC 6855 section 4)
};

inline bool is_ctl_or_8bit(unsigned char c) noexcept { return c < 0x20 || c >= 0x7f; }

// ATOM-CHAR plus ']' (ASTRING-CHAR) plus list-wildcards, which imaplib users pass
// unquoted as LIST patterns (RFC 3501 section 9).
inline bool is_astring_char(unsigned char c) noexcept {
    if (is_ctl_or_8bit(c)) return false;
    switch (c) {
    case '(': case ')': case '{': case ' ': case '"': case '\\': return false;
    default: return true;
    }
}

// Length of the quoted string at the start of s (RFC 9051 `quoted`: DQUOTE *QUOTED-CHAR
// DQUOTE, `\"` and `\\` the only escapes, no CR, LF or NUL; 8-bit only as UTF-8 when
// `utf8`), or 0 when s does not start with a well-formed one.
inline std::size_t quoted_length(std::string_view s, bool utf8) noexcept {
    if (s.empty() || s.front() != '"') return 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"') return i + 1;
        if (c == '\\') {
            if (i + 1 == s.size() || (s[i + 1] != '"' && s[i + 1] != '\\')) return 0;
            ++i;
        } else if (c == '\r' || c == '\n' || c == '\0' || (c >= 0x80 && !utf8)) {
            return 0;
        }
    }
    return 0;  // no closing DQUOTE
}

// Exactly one quoted string, nothing after its closing DQUOTE.
inline bool is_quoted_string(std::string_view s, bool utf8) noexcept {
    return !s.empty() && quoted_length(s, utf8) == s.size();
}

// Exactly one parenthesised list: parentheses balanced outside quoted strings, the quoted
// strings in it well-formed, no CR, LF or NUL, nothing after the matching ')'.
inline bool is_one_list(std::string_view s, bool utf8) noexcept {
    if (s.empty() || s.front() != '(') return false;
    std::size_t depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"') {
            const std::size_t n = quoted_length(s.substr(i), utf8);
            if (n == 0) return false;
            i += n - 1;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (--depth == 0) return i + 1 == s.size();
        } else if (c == '\r' || c == '\n' || c == '\0' || (c >= 0x80 && !utf8)) {
            return false;
        }
    }
    return false;  // unbalanced
}

// Ends in a literal announcement: "{" 1*DIGIT ["+"] "}" (RFC 9051 section 4.3, RFC 7888;
// `~{N}` ends the same way). Anywhere else "{N}" is text, since a literal needs CRLF next.
inline bool ends_in_literal_announcement(std::string_view s) noexcept {
    if (s.size() < 3 || s.back() != '}') return false;
    std::size_t end = s.size() - 1;
    if (s[end - 1] == '+') --end;
    std::size_t begin = end;
    while (begin > 0 && s[begin - 1] >= '0' && s[begin - 1] <= '9') --begin;
    return begin != end && begin > 0 && s[begin - 1] == '{';
}

inline bool has_line_break(std::string_view s) noexcept {
    return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

inline bool has_8bit(std::string_view s) noexcept {
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// A flag is "\" atom or atom (RFC 3501 flag-keyword / flag-extension); `\*` only in
// responses but harmless to accept.
inline bool is_flag_token(std::string_view t) noexcept {
    if (!t.empty() && t.front() == '\\') t.remove_prefix(1);
    if (t == "*") return true;
    if (t.empty()) return false;
    for (const char c : t) {
        if (!is_astring_char(static_cast<unsigned char>(c)) || c == ']' || c == '%' || c == '*') return false;
    }
    return true;
}

inline bool is_flag_list(std::string_view s) noexcept {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
    s = s.substr(1, s.size() - 2);
    while (!s.empty()) {
        const auto space = s.find(' ');
        const auto token = s.substr(0, space);
        if (!token.empty() && !is_flag_token(token)) return false;
        if (space == std::string_view::npos) break;
        s.remove_prefix(space + 1);
    }
    return true;
}

// A command as it goes on the wire: text, then for each literal the literal's bytes and
// the text after it. The whole is: text[0] {CRLF? no} ... see send loop in the engine:
//   text[0] "{N}" CRLF  <wait for +>  literal[0] text[1] ... text[last] CRLF
class command_line {
public:
    explicit command_line(std::string tag_and_name) { text_.push_back(std::move(tag_and_name)); }

    // Appends one argument; on refusal sets ec (errc::invalid_argument) and `why`.
    void add(std::string_view arg, arg_kind kind, bool utf8, std::error_code& ec, std::string& why) {
        std::string& out = text_.back();
        switch (kind) {
        case arg_kind::literal:
            add_literal(arg, false);
            return;
        case arg_kind::utf8_literal:
            out += " UTF8 (~{";
            out += std::to_string(arg.size());
            out += '}';
            literals_.push_back(arg);
            secret_literals_.push_back(false);
            text_.emplace_back(")");
            return;
        case arg_kind::flags:
            if (has_line_break(arg) || !is_flag_list(arg)) return refuse(arg, "flag list", ec, why);
            out += ' ';
            out += arg;
            return;
        case arg_kind::date_time:
            if (!is_quoted_string(arg, false)) return refuse(arg, "date-time", ec, why);
            out += ' ';
            out += arg;
            return;
        case arg_kind::raw:
            if (has_line_break(arg)) return refuse(arg, "argument", ec, why);
            if (ends_in_literal_announcement(arg))
                return refuse(arg, "argument ending in a literal announcement", ec, why);
            if (!utf8 && has_8bit(arg)) {
                // A single 8-bit token (a search string) is a string position: send it as a
                // literal. Anything longer would need us to parse the caller's syntax.
                for (const char byte : arg) {
                    const auto c = static_cast<unsigned char>(byte);
                    if (c <= ' ' || c == '(' || c == ')' || c == '"')
                        return refuse(arg, "8-bit argument (needs UTF8=ACCEPT)", ec, why);
                }
                add_literal(arg, false);
                return;
            }
            out += ' ';
            out += arg;
            return;
        case arg_kind::astring:
        case arg_kind::astring_or_list:
            if (is_quoted_string(arg, utf8) ||
                (kind == arg_kind::astring_or_list && is_one_list(arg, utf8))) {
                out += ' ';
                out += arg;
                return;
            }
            if (!arg.empty() && is_plain_astring(arg)) {
                out += ' ';
                out += arg;
                return;
            }
            [[fallthrough]];
        case arg_kind::quoted:
            if (arg.find('\0') != std::string_view::npos) return refuse(arg, "string with NUL", ec, why);
            if (has_line_break(arg) || (!utf8 && has_8bit(arg))) {
                add_literal(arg, kind == arg_kind::quoted);
                return;
            }
            out += ' ';
            const std::size_t begin = out.size();
            append_quoted(out, arg);
            if (kind == arg_kind::quoted) secrets_.push_back({text_.size() - 1, begin, out.size()});
            return;
        }
    }

    const std::vector<std::string>& text() const noexcept { return text_; }
    const std::vector<std::string_view>& literals() const noexcept { return literals_; }

    // The first line with secret arguments replaced, for debug output.
    std::string redacted(std::size_t part) const {
        std::string s = text_[part];
        for (auto it = secrets_.rbegin(); it != secrets_.rend(); ++it)
            if (it->part == part) s.replace(it->begin, it->end - it->begin, "\"***\"");
        return s;
    }
    bool literal_is_secret(std::size_t i) const noexcept {
        return i < secret_literals_.size() && secret_literals_[i];
    }

private:
    struct secret_range { std::size_t part, begin, end; };

    static bool is_plain_astring(std::string_view s) noexcept {
        for (const char c : s)
            if (!is_astring_char(static_cast<unsigned char>(c))) return false;
        return true;
    }

    static void append_quoted(std::string& out, std::string_view s) {
        out += '"';
        for (char c : s) {
            if (c == '\\' || c == '"') out += '\\';
            out += c;
        }
        out += '"';
    }

    void add_literal(std::string_view bytes, bool secret) {
        std::string& out = text_.back();
        out += " {";
        out += std::to_string(bytes.size());
        out += '}';
        literals_.push_back(bytes);
        secret_literals_.push_back(secret);
        text_.emplace_back();
    }

    void refuse(std::string_view arg, const char* what, std::error_code& ec, std::string& why) {
        ec = make_error_code(errc::invalid_argument);
        why = std::string("refusing ") + what + " that would corrupt the command: ";
        why.append(arg.substr(0, 60));
        for (char& c : why)
            if (c == '\r' || c == '\n' || c == '\0') c = '?';
    }

    std::vector<std::string> text_;
    std::vector<std::string_view> literals_;
    std::vector<bool> secret_literals_;
    std::vector<secret_range> secrets_;
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_COMMAND_HPP
// end <imaplib/engine/command.hpp>
// begin <imaplib/engine/commands.hpp>
// imaplib-cpp: imaplib's `Commands` table: which states allow each command.
#ifndef IMAPLIB_ENGINE_COMMANDS_HPP
#define IMAPLIB_ENGINE_COMMANDS_HPP

// #include <imaplib/config.hpp>: inlined above

#include <cstdint>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

// Connection states, named as imaplib names them (RFC 3501 section 3).
enum class state : std::uint8_t { logout = 1, nonauth = 2, auth = 4, selected = 8 };

inline constexpr std::string_view to_string(state s) noexcept {
    switch (s) {
    case state::logout: return "LOGOUT";
    case state::nonauth: return "NONAUTH";
    case state::auth: return "AUTH";
    case state::selected: return "SELECTED";
    }
    return "LOGOUT";
}

// A set of states, as a bit mask.
using state_set = std::uint8_t;

inline constexpr state_set states(std::initializer_list<state> list) noexcept {
    state_set set = 0;
    for (state s : list) set = static_cast<state_set>(set | static_cast<state_set>(s));
    return set;
}

struct command_info {
    std::string_view name;
    state_set allowed;
};

namespace detail {
inline constexpr state_set any_state = 1 | 2 | 4 | 8;
inline constexpr state_set auth_or_selected = 4 | 8;
inline constexpr state_set only_selected = 8;
inline constexpr state_set only_auth = 4;
inline constexpr state_set only_nonauth = 2;
}  // namespace detail

// imaplib.Commands, in the same order.
inline constexpr command_info commands[] = {
    {"APPEND", detail::auth_or_selected},     {"AUTHENTICATE", detail::only_nonauth},
    {"CAPABILITY", detail::any_state},        {"CHECK", detail::only_selected},
    {"CLOSE", detail::only_selected},         {"COPY", detail::only_selected},
    {"CREATE", detail::auth_or_selected},     {"DELETE", detail::auth_or_selected},
    {"DELETEACL", detail::auth_or_selected},  {"ENABLE", detail::only_auth},
    {"EXAMINE", detail::auth_or_selected},    {"EXPUNGE", detail::only_selected},
    {"FETCH", detail::only_selected},         {"GETACL", detail::auth_or_selected},
    {"GETANNOTATION", detail::auth_or_selected}, {"GETQUOTA", detail::auth_or_selected},
    {"GETQUOTAROOT", detail::auth_or_selected}, {"MYRIGHTS", detail::auth_or_selected},
    {"LIST", detail::auth_or_selected},       {"LOGIN", detail::only_nonauth},
    {"LOGOUT", detail::any_state},            {"LSUB", detail::auth_or_selected},
    {"MOVE", detail::only_selected},          {"NAMESPACE", detail::auth_or_selected},
    {"NOOP", detail::any_state},              {"PARTIAL", detail::only_selected},
    {"PROXYAUTH", detail::only_auth},         {"RENAME", detail::auth_or_selected},
    {"SEARCH", detail::only_selected},        {"SELECT", detail::auth_or_selected},
    {"SETACL", detail::auth_or_selected},     {"SETANNOTATION", detail::auth_or_selected},
    {"SETQUOTA", detail::auth_or_selected},   {"SORT", detail::only_selected},
    {"STARTTLS", detail::only_nonauth},       {"STATUS", detail::auth_or_selected},
    {"STORE", detail::only_selected},         {"SUBSCRIBE", detail::auth_or_selected},
    {"THREAD", detail::only_selected},        {"UID", detail::only_selected},
    {"UNSUBSCRIBE", detail::auth_or_selected}, {"UNSELECT", detail::only_selected},
};

// The entry for `name` (upper case), or nullptr.
inline constexpr const command_info* find_command(std::string_view name) noexcept {
    for (const auto& c : commands)
        if (c.name == name) return &c;
    return nullptr;
}

// "NONAUTH, AUTH": the states of a set joined as imaplib joins them.
inline std::string state_names(state_set set) {
    std::string out;
    for (state s : {state::nonauth, state::auth, state::selected, state::logout}) {
        if (set & static_cast<state_set>(s)) {
            if (!out.empty()) out += ", ";
            out += to_string(s);
        }
    }
    return out;
}

inline constexpr int IMAP4_PORT = 143;
inline constexpr int IMAP4_SSL_PORT = 993;

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_COMMANDS_HPP
// end <imaplib/engine/commands.hpp>
// begin <imaplib/engine/imaplib_compat.hpp>
// imaplib-cpp: what makes the engine behave like Python's imaplib and nothing else needs:
// its module globals, its response-matching regexes, its messages, APPEND's date and
// CRLF rules, and its debug output (_mesg, _log, print_log).
//
// The protocol session (engine/session.hpp) matches responses with the functions here,
// so it classifies exactly what imaplib.py classifies; the blocking driver
// (engine/basic_imap4.hpp) uses the rest.
#ifndef IMAPLIB_ENGINE_IMAPLIB_COMPAT_HPP
#define IMAPLIB_ENGINE_IMAPLIB_COMPAT_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/engine/result.hpp>: inlined above
// #include <imaplib/util/escape.hpp>: inlined above
// #include <imaplib/util/time.hpp>: inlined above

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// imaplib.Debug: the debug level new connections start with.
inline int Debug = 0;

// imaplib.AllowedVersions, most recent first.
inline constexpr std::string_view AllowedVersions[] = {"IMAP4REV1", "IMAP4"};

// What APPEND's date_time may be: imaplib's Time2Internaldate input (None, seconds since
// the epoch, a broken-down local time, a time point, or an already quoted string).
class internaldate_arg {
public:
    internaldate_arg() = default;
    internaldate_arg(std::nullopt_t) {}
    internaldate_arg(const char* quoted) : internaldate_arg(std::string_view(quoted)) {}
    internaldate_arg(std::string_view quoted) : kind_(kind::quoted), quoted_(quoted) {}
    internaldate_arg(double epoch_seconds) : kind_(kind::seconds), seconds_(epoch_seconds) {}
    internaldate_arg(long long epoch_seconds)
        : kind_(kind::seconds), seconds_(static_cast<double>(epoch_seconds)) {}
    internaldate_arg(int epoch_seconds) : internaldate_arg(static_cast<long long>(epoch_seconds)) {}
    internaldate_arg(const std::tm& local) : kind_(kind::local), local_(local) {}
    internaldate_arg(std::chrono::system_clock::time_point t) : kind_(kind::instant), instant_(t) {}

    bool given() const noexcept { return kind_ != kind::none; }

    // The quoted date-time; errc::invalid_argument for a string that is not already
    // quoted (imaplib raises ValueError there).
    std::string text(std::error_code& ec) const {
        switch (kind_) {
        case kind::none: return {};
        case kind::quoted: return time_to_internaldate(quoted_, ec);
        case kind::seconds: return time_to_internaldate(seconds_, ec);
        case kind::local: return time_to_internaldate(local_, ec);
        case kind::instant: return time_to_internaldate(instant_, ec);
        }
        return {};
    }

private:
    enum class kind { none, quoted, seconds, local, instant };
    kind kind_ = kind::none;
    std::string quoted_;
    double seconds_ = 0;
    std::tm local_{};
    std::chrono::system_clock::time_point instant_{};
};

namespace detail {

inline bool is_upper_or_dash(char c) noexcept { return (c >= 'A' && c <= 'Z') || c == '-'; }
inline bool is_letter_or_dash(char c) noexcept {
    return is_upper_or_dash(c) || (c >= 'a' && c <= 'z');
}
inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

inline std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Length of the run at the start of `s` matching `pred`.
template <class Pred>
std::size_t run_length(std::string_view s, Pred pred) noexcept {
    std::size_t n = 0;
    while (n < s.size() && pred(s[n])) ++n;
    return n;
}

// ---- imaplib's response regexes -----------------------------------------------------

// imaplib's Response_code, `\[(?P<type>[A-Z-]+)( (?P<data>.*))?\]`, matched at the start
// of `dat`. The data runs to the LAST ']' (the regex is greedy; imaplib relies on that
// for Gmail's flags with ']' in them).
struct response_code_match {
    std::string_view type;
    std::optional<std::string_view> data;
};

inline std::optional<response_code_match> match_response_code(std::string_view dat) noexcept {
    if (dat.empty() || dat[0] != '[') return std::nullopt;
    const std::size_t n = run_length(dat.substr(1), is_upper_or_dash);
    if (n == 0 || 1 + n >= dat.size()) return std::nullopt;
    const std::string_view type = dat.substr(1, n);
    const std::size_t after = 1 + n;
    if (dat[after] == ' ') {
        const std::size_t close = dat.rfind(']');
        if (close != std::string_view::npos && close > after)
            return response_code_match{type, dat.substr(after + 1, close - after - 1)};
    }
    if (dat[after] == ']') return response_code_match{type, std::nullopt};
    return std::nullopt;
}

// An untagged line as imaplib's regexes split it: `* TYPE [SP data]`
// (Untagged_response) or `* N TYPE [SP data]` (Untagged_status, stored as "N data").
struct untagged_line {
    std::string_view type;
    std::string_view number;  // empty for `* TYPE`
    std::string_view data;    // may be empty
};

inline bool match_untagged(std::string_view resp, untagged_line& out) noexcept {
    if (resp.size() < 3 || resp[0] != '*' || resp[1] != ' ') return false;
    std::string_view rest = resp.substr(2);
    std::size_t n = run_length(rest, is_letter_or_dash);
    if (n > 0) {
        out.type = rest.substr(0, n);
        out.number = {};
        out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
        return true;
    }
    const std::size_t digits = run_length(rest, is_digit);
    if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return false;
    out.number = rest.substr(0, digits);
    rest.remove_prefix(digits + 1);
    n = run_length(rest, is_letter_or_dash);
    if (n == 0) return false;
    out.type = rest.substr(0, n);
    out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
    return true;
}

// imaplib's tag regex: tagpre digits SP type [SP data]. Returns the type's length, 0 when
// `resp` is not shaped like a tagged response of this connection. Tolerates a missing
// data part and a lower-case type, which imaplib rejects as "unexpected response".
inline std::size_t match_tagged(std::string_view resp, std::string_view tagpre, std::string_view& type) noexcept {
    if (resp.substr(0, tagpre.size()) != tagpre) return 0;
    std::string_view rest = resp.substr(tagpre.size());
    const std::size_t digits = run_length(rest, is_digit);
    if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return 0;
    rest.remove_prefix(digits + 1);
    const std::size_t letters = run_length(rest, [](char c) { return is_letter_or_dash(c) && c != '-'; });
    if (letters == 0 || (letters < rest.size() && rest[letters] != ' ')) return 0;
    type = rest.substr(0, letters);
    return letters;
}

// The data part of a tagged line: what follows "tag type ".
inline std::string_view tagged_data(std::string_view resp) noexcept {
    const std::size_t first = resp.find(' ');
    const std::size_t second = resp.find(' ', first + 1);
    return second == std::string_view::npos ? resp.substr(resp.size()) : resp.substr(second + 1);
}

// ---- imaplib's messages ---------------------------------------------------------------

inline std::string repr(std::string_view bytes) {
    std::string out;
    append_bytes_repr(out, bytes);
    return out;
}

// bytes.decode('utf-8', 'replace'), close enough for messages: invalid bytes become U+FFFD.
inline std::string decode_replace(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size();) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool valid = len != 0 && i + len <= bytes.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(bytes[i + k]) >> 6) == 2;
        if (valid) {
            out.append(bytes.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

inline std::string_view last_text(const response& r) noexcept {
    return r.data.empty() ? std::string_view() : r.data.back().bytes();
}
inline std::string last_item_repr(const response& r) {
    return r.data.empty() ? std::string("None") : python_repr(r.data.back());
}

// ---- APPEND ---------------------------------------------------------------------------

// imaplib's MapCRLF.sub(CRLF, message): every CRLF, CR or LF becomes CRLF.
inline std::string map_crlf(std::string_view message) {
    std::string out;
    out.reserve(message.size() + message.size() / 32);
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r') {
            if (i + 1 < message.size() && message[i + 1] == '\n') ++i;
            out += "\r\n";
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

inline bool needs_crlf_mapping(std::string_view message) noexcept {
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\n') return true;  // a bare LF (CRLF pairs are skipped below)
        if (message[i] == '\r') {
            if (i + 1 >= message.size() || message[i + 1] != '\n') return true;
            ++i;
        }
    }
    return false;
}

// ---- debug output ---------------------------------------------------------------------

// imaplib's debug machinery: the level, _mesg() to stderr (or a sink), and _log(), the
// ring of the last 10 interactions that print_log() shows.
class imaplib_log {
public:
    using sink_type = std::function<void(std::string_view)>;

    explicit imaplib_log(int level = 0) : level_(level) {}

    int level() const noexcept { return level_; }
    void level(int l) noexcept { level_ = l; }
    void sink(sink_type s) { sink_ = std::move(s); }

    // imaplib's _mesg(): one timestamped line.
    void mesg(std::string_view text) const {
        using namespace std::chrono;
        const auto now = system_clock::now();
        const std::time_t secs = system_clock::to_time_t(now);
        std::tm local{};
        localtime_r(&secs, &local);
        const auto centis = (duration_cast<milliseconds>(now.time_since_epoch()).count() / 10) % 100;
        char stamp[16];
        std::snprintf(stamp, sizeof stamp, "  %02d:%02d.%02d ", local.tm_min, local.tm_sec, static_cast<int>(centis));
        std::string line = stamp;
        line += escape_control(text);  // server text in it is repr()'d already; this is for the rest
        if (sink_) {
            sink_(line);
        } else {
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stderr);
            std::fflush(stderr);
        }
    }

    // A line read ('<') or written ('>'): shown at level 4, kept in the ring below it.
    void trace(char direction, std::string_view bytes) {
        if (level_ <= 0) return;
        std::string line(1, direction);
        line += ' ';
        append_bytes_repr(line, bytes);
        if (level_ >= 4) {
            mesg(line);
        } else {
            keep(std::move(line));
        }
    }

    // imaplib's print_log().
    void print_log() const {
        mesg("last " + std::to_string(ring_.size()) + " IMAP4 interactions:");
        for (std::size_t i = 0; i < ring_.size(); ++i) mesg(ring_[(next_ + i) % ring_.size()]);
    }

private:
    void keep(std::string line) {
        if (ring_.size() < 10) {
            ring_.push_back(std::move(line));
        } else {
            ring_[next_] = std::move(line);
            next_ = (next_ + 1) % ring_.size();
        }
    }

    int level_ = 0;
    sink_type sink_;
    std::vector<std::string> ring_;
    std::size_t next_ = 0;
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMAPLIB_COMPAT_HPP
// end <imaplib/engine/imaplib_compat.hpp>
// begin <imaplib/engine/session.hpp>
// imaplib-cpp: the IMAP protocol session, with no I/O and no clock.
//
// The sans-I/O shape of Beast's basic_parser beside http::read: bytes in (prepare/commit
// or feed), bytes out (output/consume_output), events out (next). The session owns what
// the protocol needs between those: tags, the state table (imaplib's Commands), the
// tagged and untagged responses as imaplib stores them, literal continuations
// (synchronising, LITERAL+ and LITERAL- when told the server offers them), AUTHENTICATE's
// challenge loop, IDLE (DONE can be queued while a read is pending), STARTTLS's rule
// and the response limits. Several commands may be in flight at once; a command waiting
// for '+' holds back the ones queued after it.
//
// The blocking client (engine/basic_imap4.hpp) is one driver of it; an event loop of
// one's own is another (docs/architecture.md shows one).
#ifndef IMAPLIB_ENGINE_SESSION_HPP
#define IMAPLIB_ENGINE_SESSION_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/engine/command.hpp>: inlined above
// #include <imaplib/engine/commands.hpp>: inlined above
// #include <imaplib/engine/imaplib_compat.hpp>: inlined above
// #include <imaplib/engine/result.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/framing/reader.hpp>: inlined above
// #include <imaplib/limits.hpp>: inlined above
// #include <imaplib/util/base64.hpp>: inlined above

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// A growable byte buffer with a consumed prefix: bytes are appended at the end and whole
// responses consumed from the front.
class read_buffer {
public:
    const char* data() const noexcept { return storage_.get() + begin_; }
    std::size_t size() const noexcept { return end_ - begin_; }
    std::string_view view() const noexcept { return {data(), size()}; }

    // Room for at least `n` more bytes after the data.
    char* prepare(std::size_t n) {
        if (capacity_ - end_ >= n) return storage_.get() + end_;
        if (begin_ > 0 && capacity_ - size() >= n) {
            std::memmove(storage_.get(), data(), size());
        } else {
            std::size_t grown = std::max(capacity_ * 2, size() + n);
            std::unique_ptr<char[]> bigger(new char[grown]);
            if (size()) std::memcpy(bigger.get(), data(), size());
            storage_ = std::move(bigger);
            capacity_ = grown;
        }
        end_ -= begin_;
        begin_ = 0;
        return storage_.get() + end_;
    }
    void commit(std::size_t n) noexcept { end_ += n; }
    // Drops everything from `offset` (relative to data()) to the end.
    void truncate(std::size_t offset) noexcept {
        if (offset < size()) end_ = begin_ + offset;
        if (begin_ == end_) begin_ = end_ = 0;
    }
    void consume(std::size_t n) noexcept {
        begin_ += n;
        if (begin_ == end_) begin_ = end_ = 0;
    }
    void clear() noexcept { begin_ = end_ = 0; }

private:
    std::unique_ptr<char[]> storage_;
    std::size_t capacity_ = 0;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
};

// imaplib's untagged_responses: {name: [data, ...]} in the order first received, with an
// index by name (so 200,000 distinct names cost what 200,000 repeats of one do) and a
// count of the bytes it holds, which limits::max_untagged caps.
class untagged_store {
public:
    using entry = std::pair<std::string, data_list>;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    // What the allocator adds to each allocation it hands out (glibc: 8 to 16 bytes).
    static constexpr std::size_t allocation_overhead = 2 * sizeof(void*);

    const std::vector<entry>& entries() const noexcept { return entries_; }
    bool has_bye() const noexcept { return bye_; }

    // Bytes held: items (vector capacity included), the blocks they keep alive (each
    // counted once per name it is stored under), names and the index.
    std::size_t footprint() const noexcept {
        return payload_ + entries_.capacity() * sizeof(entry) + costs_.capacity() * sizeof(std::size_t) +
               slots_.capacity() * sizeof(std::size_t);
    }

    data_list* find(std::string_view name) noexcept {
        const std::size_t i = position(name);
        if (i == npos) return nullptr;
        last_ = i;
        return &entries_[i].second;
    }

    // How much footprint() may grow when `items` items and a block of `block_bytes` are
    // stored under `name`, counting the moment a vector moves, when the old array and
    // the new (twice as large, as libstdc++ and libc++ grow) are both allocated.
    std::size_t growth(std::string_view name, std::size_t items, std::size_t block_bytes) const noexcept {
        std::size_t add = block_bytes;
        std::size_t size = 0;
        std::size_t capacity = 0;
        const std::size_t i = position(name);
        if (i == npos) {
            add += name_cost(name.size());
            if (entries_.size() == entries_.capacity())
                add += (entries_.capacity() + grown(entries_.capacity())) * (sizeof(entry) + sizeof(std::size_t));
            if (2 * (entries_.size() + 1) > slots_.size())
                add += (std::max<std::size_t>(16, 2 * slots_.size()) - slots_.size()) * sizeof(std::size_t);
        } else {
            size = entries_[i].second.size();
            capacity = entries_[i].second.capacity();
        }
        std::size_t grown_to = capacity;
        while (grown_to < size + items) grown_to = grown_to ? 2 * grown_to : 1;
        return add + (grown_to == capacity ? 0 : grown_to) * sizeof(data_item);
    }

    // Appends `item` under `name`; `block_bytes` is what its block costs when this is the
    // block's first item under this name (0 otherwise).
    void append(std::string_view name, data_item item, std::size_t block_bytes) {
        std::size_t i = position(name);
        if (i == npos) i = add_entry(name);
        data_list& list = entries_[i].second;
        const std::size_t before = list.capacity();
        list.push_back(std::move(item));
        const std::size_t cost = (list.capacity() - before) * sizeof(data_item) + block_bytes;
        costs_[i] += cost;
        payload_ += cost;
        last_ = i;
    }

    std::optional<data_list> pop(std::string_view name) {
        const std::size_t i = position(name);
        if (i == npos) return std::nullopt;
        data_list list = std::move(entries_[i].second);
        payload_ -= costs_[i];
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
        costs_.erase(costs_.begin() + static_cast<std::ptrdiff_t>(i));
        if (name == "BYE") bye_ = false;
        reindex();  // positions after i moved
        return list;
    }

    void clear() noexcept {
        std::vector<entry>().swap(entries_);
        std::vector<std::size_t>().swap(costs_);
        std::vector<std::size_t>().swap(slots_);
        payload_ = 0;
        last_ = npos;
        bye_ = false;
    }

private:
    static std::size_t grown(std::size_t capacity) noexcept { return capacity ? capacity : 1; }
    // A name's own cost: its heap buffer when too long for the string's inline one.
    static std::size_t name_cost(std::size_t size) noexcept {
        return size > 15 ? size + 1 + allocation_overhead : 0;
    }

    // Open addressing over positions in entries_ (npos: free), at most half full; the
    // last name found is tried first (a FETCH response follows a FETCH response).
    std::size_t position(std::string_view name) const noexcept {
        if (last_ < entries_.size() && entries_[last_].first == name) return last_;
        if (slots_.empty()) return npos;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t h = std::hash<std::string_view>{}(name) & mask;; h = (h + 1) & mask) {
            const std::size_t at = slots_[h];
            if (at == npos || entries_[at].first == name) return at;
        }
    }
    void place(std::size_t at) noexcept {
        const std::size_t mask = slots_.size() - 1;
        std::size_t h = std::hash<std::string_view>{}(entries_[at].first) & mask;
        while (slots_[h] != npos) h = (h + 1) & mask;
        slots_[h] = at;
    }
    void reindex() {
        std::fill(slots_.begin(), slots_.end(), npos);
        for (std::size_t at = 0; at < entries_.size(); ++at) place(at);
        last_ = npos;
    }
    std::size_t add_entry(std::string_view name) {
        entries_.emplace_back(std::string(name), data_list{});
        costs_.push_back(name_cost(name.size()));
        payload_ += costs_.back();
        if (name == "BYE") bye_ = true;
        if (2 * entries_.size() > slots_.size()) {
            slots_.assign(std::max<std::size_t>(16, 2 * slots_.size()), npos);
            reindex();
        } else {
            place(entries_.size() - 1);
        }
        return entries_.size() - 1;
    }

    std::vector<entry> entries_;
    std::vector<std::size_t> costs_;  // per entry: its items, blocks and name
    std::vector<std::size_t> slots_;
    std::size_t payload_ = 0;         // the sum of costs_
    std::size_t last_ = npos;
    bool bye_ = false;
};

}  // namespace detail

// A failure with its message: what went wrong travels with the code, up the calls.
struct failure {
    std::error_code code;
    std::string message;

    explicit operator bool() const noexcept { return static_cast<bool>(code); }
    void set(std::error_code c, std::string text) {
        code = c;
        message = std::move(text);
    }
    void set(errc c, std::string text) { set(make_error_code(c), std::move(text)); }
};

// One piece of a literal, handed to a literal sink as it arrives (bulk downloads).
struct literal_chunk {
    std::string_view line;   // the response line that announced the literal, up to "{N}"
    std::size_t size = 0;    // N: the literal's whole size
    std::size_t offset = 0;  // where `bytes` starts within the literal
    std::string_view bytes;  // the bytes themselves, valid during the call only
    bool last() const noexcept { return offset + bytes.size() == size; }
};

// One command argument. `present` is false for imaplib's None (skipped).
struct command_arg {
    std::string_view text;
    detail::arg_kind kind;
    bool present = true;
};

// What one response was. Views are valid until the next call on the session.
struct session_event {
    enum class kind { tagged, untagged, continuation, bye };
    kind type = kind::untagged;
    std::string_view frame;  // the whole response as received (lines, literals, CRLF)
    std::string_view line;   // its first line, without the line end
    std::string_view tag;    // tagged: its tag; continuation: the command it serves, if any
    std::string_view name;   // tagged: OK, NO or BAD; untagged and BYE: the type, upper case
    std::string_view number; // untagged `* N TYPE ...`: N (a message number or a count)
    std::string_view text;   // after the type (or, for continuation, after "+ ")
    bool kept = true;        // untagged: stored (false: the untagged handler consumed it)
};

// Told what the session reads and writes, for debug output (imaplib's _log and _mesg).
class session_observer {
public:
    virtual ~session_observer() = default;
    virtual void received_line(std::string_view line) = 0;          // each line read
    virtual void received_literal(std::size_t size) = 0;            // each literal read
    virtual void stored(std::string_view type, const data_item&) = 0;  // untagged store += item
    virtual void status_response(std::string_view name, std::string_view text) = 0;  // OK/NO/BAD/BYE, or its code
    virtual void sent_command(std::string_view line) = 0;           // the first line, secrets hidden
    virtual void sent_literal(std::size_t size) = 0;                // a literal or an AUTHENTICATE answer
};

namespace detail {

// The session's observer: not owned, and not carried over by a move (a moved-from
// session reports to nobody).
struct observer_ref {
    session_observer* p = nullptr;
    observer_ref() = default;
    observer_ref(session_observer* o) noexcept : p(o) {}
    observer_ref(observer_ref&& o) noexcept : p(o.p) { o.p = nullptr; }
    observer_ref& operator=(observer_ref&& o) noexcept {
        p = o.p;
        o.p = nullptr;
        return *this;
    }
    session_observer* operator->() const noexcept { return p; }
    explicit operator bool() const noexcept { return p != nullptr; }
};

}  // namespace detail

// How literals go out (RFC 7888). The server must have offered LITERAL+ (any size) or
// LITERAL- (up to 4096 bytes); imaplib never uses them, so the blocking client keeps off.
enum class nonsync_literals { off, plus, minus };

class session {
public:
    using literal_sink_type = std::function<void(const literal_chunk&)>;
    using untagged_handler_type = std::function<bool(std::string_view frame)>;
    using arg_kind = detail::arg_kind;  // how each command argument goes on the wire

    explicit session(limits l = {}) : limits_(l), reader_(l) {}

    // ---- connection -------------------------------------------------------------------

    // A new connection: tags start with `tagpre`, nothing stored, state LOGOUT.
    void start(std::string tagpre) {
        tagpre_ = std::move(tagpre);
        tagnum_ = 0;
        tagged_.clear();
        untagged_.clear();
        secret_exchange_.clear();
        state_ = imaplib::state::logout;
        utf8_accepted_ = false;
        idle_tag_.clear();
        idling_ = done_asked_ = false;
        capture_ = false;
        captured_.clear();
        captured_cost_.clear();
        captured_bytes_ = 0;
    }
    // Forgets every byte in either direction (the connection is gone or starts anew),
    // and an IDLE with it.
    void discard_io() noexcept {
        idle_tag_.clear();
        secret_exchange_.clear();
        idling_ = done_asked_ = false;
        in_.clear();
        reader_.reset();
        pending_ = 0;
        out_.clear();
        out_head_ = 0;
        out_offset_ = 0;
        sending_.clear();
    }

    // ---- bytes in -----------------------------------------------------------------------

    // Room for `n` bytes to read into; commit(k) then makes k of them part of the input.
    char* prepare(std::size_t n) {
        settle();
        return in_.prepare(n);
    }
    void commit(std::size_t n) noexcept {
        in_.commit(n);
        received_ += n;
    }
    void feed(std::string_view bytes) {
        if (bytes.empty()) return;
        std::memcpy(prepare(bytes.size()), bytes.data(), bytes.size());
        commit(bytes.size());
    }
    // Bytes received and not yet taken by a response, and taking them outside the
    // framing (imaplib's read() and readline()).
    std::string_view input() {
        settle();
        return in_.view();
    }
    void consume_input(std::size_t n) {
        settle();
        in_.consume(n);
        taken_ += n;
        reader_.reset();
        frame_start_ = taken_;
    }
    std::uint64_t received() const noexcept { return received_; }

    // ---- bytes out ----------------------------------------------------------------------

    // The next bytes to write (one command line, literal or answer at a time), empty when
    // nothing is to be written; consume_output(n) after writing n of them.
    std::string_view output() const noexcept {
        return has_output() ? out_[out_head_].bytes().substr(out_offset_) : std::string_view();
    }
    bool has_output() const noexcept { return out_head_ < out_.size(); }
    void consume_output(std::size_t n) {
        out_offset_ += n;
        while (has_output() && out_offset_ >= out_[out_head_].bytes().size()) {
            out_offset_ -= out_[out_head_].bytes().size();
            // A '+' may only answer a line the server could have read: remember how much
            // had been received when its last byte left (older '+' are stale).
            if (out_[out_head_].marks && !sending_.empty()) {
                sending_.front().mark = received_;
                sending_.front().marked = true;
            }
            if (++out_head_ == out_.size()) {
                out_.clear();
                out_head_ = 0;
            }
        }
    }

    // ---- commands -------------------------------------------------------------------

    // Queues a command; returns its tag, or nothing with `f` set (state, argument).
    // Literal bytes are not copied: they must outlive the command's sending (sending()).
    // `authenticate`: every '+' is a challenge, answered with answer_challenge().
    std::string command(std::string_view name, const command_arg* args, std::size_t nargs, arg_list extra,
                        failure& f, bool authenticate = false) {
        state_set set = 0;
        if (!allowed(name, set)) {
            f.set(errc::illegal_state, illegal_state_text(name, set));
            return {};
        }
        if (!idle_tag_.empty()) {  // imaplib 3.14's IDLING state
            f.set(errc::illegal_state, "command " + std::string(name) + " illegal in state IDLING, only allowed in states " +
                                           state_names(set));
            return {};
        }
        std::string tag = tagpre_ + std::to_string(tagnum_);
        std::string first;
        first.reserve(tag.size() + 1 + name.size());
        first.append(tag);
        first.push_back(' ');
        first.append(name);
        detail::command_line line(std::move(first));
        std::error_code ec;
        std::string why;
        for (std::size_t i = 0; i < nargs && !ec; ++i)
            if (args[i].present) line.add(args[i].text, args[i].kind, utf8_accepted_, ec, why);
        for (std::string_view a : extra) {
            if (ec) break;
            line.add(a, detail::arg_kind::raw, utf8_accepted_, ec, why);
        }
        if (ec) {
            f.set(ec, why);
            return {};
        }
        ++tagnum_;
        tagged_.emplace_back(tag, std::nullopt);
        if (observer_) observer_->sent_command(line.redacted(0));

        if (line.literals().empty() && !authenticate && sending_.empty()) {
            queue_line(line.text()[0], false);
            return tag;
        }
        outgoing c;
        c.tag = tag;
        c.text = line.text();
        c.literals = line.literals();
        c.authenticate = authenticate;
        for (std::size_t k = 0; k < c.literals.size(); ++k) {
            c.sync.push_back(is_sync(c.literals[k].size()));
            if (!c.sync.back()) c.text[k].insert(c.text[k].size() - 1, 1, '+');  // {N} -> {N+}
        }
        sending_.push_back(std::move(c));
        pump();
        return tag;
    }

    std::string command(std::string_view name, std::initializer_list<command_arg> args, failure& f,
                        bool authenticate = false) {
        return command(name, args.begin(), args.size(), {}, f, authenticate);
    }

    // IDLE (RFC 2177): queues the command. Once the server's '+' came, idling() is true
    // and what the server sends arrives as events; done() ends it (DONE goes out, after
    // the '+' if that has not come yet), and the IDLE's tagged completion ends idling().
    // No other command may be queued until then.
    std::string idle(failure& f) {
        constexpr state_set allowed_in = detail::auth_or_selected;
        const char* now = idle_tag_.empty() ? nullptr : "IDLING";
        if (now || !(allowed_in & static_cast<state_set>(state_))) {
            f.set(errc::illegal_state, "command IDLE illegal in state " +
                                           std::string(now ? std::string_view(now) : to_string(state_)) +
                                           ", only allowed in states " + state_names(allowed_in));
            return {};
        }
        std::string tag = tagpre_ + std::to_string(tagnum_);
        ++tagnum_;
        tagged_.emplace_back(tag, std::nullopt);
        outgoing c;
        c.tag = tag;
        c.text.push_back(tag + " IDLE");
        c.idle = true;
        if (observer_) observer_->sent_command(c.text[0]);
        sending_.push_back(std::move(c));
        pump();
        idle_tag_ = tag;
        idling_ = done_asked_ = false;
        return tag;
    }
    // Whether the server accepted IDLE and it has not ended yet.
    bool idling() const noexcept { return idling_; }
    // Ends IDLE: DONE goes out now, or as soon as the server's '+' has come.
    void done() {
        if (idle_tag_.empty() || done_asked_) return;
        done_asked_ = true;
        if (idling_) queue_line("DONE", false);
    }

    // imaplib 3.14's _idle_capture: while on, untagged responses are not stored but queued
    // in captured(), one (typ, [data...]) per response in arrival order, for an idler to
    // hand out. Turning it off moves what is left to the store, as imaplib's Idler does.
    void capture_untagged(bool on) {
        capture_ = on;
        if (on) return;
        for (std::size_t i = 0; i < captured_.size(); ++i) {
            std::size_t cost = captured_cost_[i];  // the block, with its first item
            for (data_item& item : captured_[i].data) {
                untagged_.append(captured_[i].typ, std::move(item), cost);
                cost = 0;
            }
        }
        captured_.clear();
        captured_cost_.clear();
        captured_bytes_ = 0;
    }
    // The queued responses (they count against limits::max_untagged), oldest first.
    const std::deque<response>& captured() const noexcept { return captured_; }
    response take_captured() {
        response r = std::move(captured_.front());
        captured_bytes_ -= captured_cost_.front();
        captured_.pop_front();
        captured_cost_.pop_front();
        return r;
    }
    // The IDLE command in progress (queued, idling or ending), if any.
    bool in_idle() const noexcept { return !idle_tag_.empty(); }

    // AUTHENTICATE driven by a SASL mechanism (RFC 9051 section 6.2.2): `initial_response`,
    // already in base64 ("=" when empty), goes with the command (SASL-IR, RFC 4959). Every
    // '+' is then a challenge (answer_challenge()). The debug observer never sees the
    // initial response nor the challenges: "***" stands for them (SCRAM's salt and server
    // signature allow offline guessing, as does every answer).
    std::string authenticate(std::string_view mechanism, std::optional<std::string_view> initial_response,
                             failure& f) {
        const command_arg args[] = {{mechanism, arg_kind::raw, true},
                                    {initial_response.value_or(std::string_view()), arg_kind::raw,
                                     initial_response.has_value()}};
        detail::observer_ref told = std::move(observer_);  // the line holds a secret: redacted below
        std::string tag = command("AUTHENTICATE", args, 2, {}, f, true);
        observer_ = std::move(told);
        if (f) return tag;
        if (observer_)
            observer_->sent_command(tag + " AUTHENTICATE " + std::string(mechanism) + (initial_response ? " ***" : ""));
        secret_exchange_ = tag;
        return tag;
    }

    // Whether the command `tag` still has bytes to send or, for AUTHENTICATE, is still
    // exchanging challenges.
    bool sending(std::string_view tag) const noexcept {
        for (const outgoing& c : sending_)
            if (c.tag == tag) return true;
        return false;
    }

    // The decoded challenge of the last continuation request (empty if it does not
    // decode, as imaplib passes b'' then).
    std::string challenge() const {
        if (!continuation_) return {};
        std::error_code ignored;
        return base64_decode(*continuation_, ignored);
    }
    // AUTHENTICATE's answer to the challenge: the response to encode, or nullopt to
    // cancel the exchange ('*', RFC 3501 section 6.2.2).
    void answer_challenge(const std::optional<std::string>& answer) {
        std::string reply = answer ? base64_encode(*answer) : std::string("*");
        if (observer_) observer_->sent_literal(reply.size());
        queue_line(reply, true);
    }

    // ---- events -----------------------------------------------------------------------

    // Takes the next whole response from the input: true with `ev` describing it, or
    // false when more bytes are needed (or, with `f` set, when the stream is broken:
    // a limit, a malformed or unexpected response; the connection is then dead).
    bool next(session_event& ev, failure& f) {
        settle();
        std::error_code ec;
        const framing::status s = reader_.parse(in_.view(), ec);
        if (ec) {
            f.set(ec, "socket error: " + ec.message());
            return false;
        }
        if (s != framing::status::complete) {
            if (literal_sink_ && reader_.in_literal()) stream_literal_bytes();
            return false;
        }
        if (!take(ev, f)) return false;
        pending_ = reader_.size();
        reader_.reset();
        return true;
    }

    // ---- state --------------------------------------------------------------------------

    imaplib::state state() const noexcept { return state_; }
    void state(imaplib::state s) noexcept { state_ = s; }
    const std::string& tagpre() const noexcept { return tagpre_; }
    unsigned long tagnum() const noexcept { return tagnum_; }
    const limits& response_limits() const noexcept { return limits_; }
    // The data of the last continuation request (`+ data`); None for a bare `+`.
    const std::optional<std::string>& continuation() const noexcept { return continuation_; }
    // RFC 6855 section 3: once the server confirmed UTF8=ACCEPT, strings go as UTF-8.
    bool utf8_accepted() const noexcept { return utf8_accepted_; }
    void utf8_accepted(bool on) noexcept { utf8_accepted_ = on; }
    void literal_mode(nonsync_literals m) noexcept { nonsync_ = m; }

    // imaplib's Commands check; an extension named by xatom() is legal in the states
    // add_extension() gave it.
    bool allowed(std::string_view name, state_set& set) {
        if (name != checked_name_) {  // a driver checks before it queues: look up once
            if (const command_info* info = find_command(name)) {
                checked_set_ = info->allowed;
            } else if (const state_set* ext = find_extension(name)) {
                checked_set_ = *ext;
            } else {
                checked_set_ = 0;
            }
            checked_name_.assign(name.data(), name.size());
        }
        set = checked_set_;
        return set & static_cast<state_set>(state_);
    }
    const state_set* find_extension(std::string_view name) const {
        for (const auto& e : extensions_)
            if (e.first == name) return &e.second;
        return nullptr;
    }
    void add_extension(std::string name, state_set set) {
        extensions_.emplace_back(std::move(name), set);
        checked_name_.clear();
    }
    std::string illegal_state_text(std::string_view name, state_set set) const {
        return "command " + std::string(name) + " illegal in state " + std::string(to_string(state_)) +
               ", only allowed in states " + state_names(set);
    }

    // ---- tagged and untagged responses --------------------------------------------------

    // The completion of `tag` once it arrived (then forgotten), else nullopt.
    std::optional<response> take_tagged(std::string_view tag) {
        for (auto it = tagged_.begin(); it != tagged_.end(); ++it) {
            if (it->first == tag && it->second) {
                response r = std::move(*it->second);
                tagged_.erase(it);
                return r;
            }
        }
        return std::nullopt;
    }
    bool completed(std::string_view tag) const noexcept {
        for (const auto& t : tagged_)
            if (t.first == tag) return t.second.has_value();
        return false;
    }
    // Stops waiting for `tag` (its completion, if it comes, is then a protocol error).
    void forget(std::string_view tag) {
        if (tag == secret_exchange_) secret_exchange_.clear();
        tagged_.erase(std::remove_if(tagged_.begin(), tagged_.end(), [&](const auto& t) { return t.first == tag; }),
                      tagged_.end());
        sending_.erase(std::remove_if(sending_.begin(), sending_.end(), [&](const auto& c) { return c.tag == tag; }),
                       sending_.end());
    }

    // imaplib's untagged_responses: {typ: [data, ...]} in the order first received.
    // Kept until the caller takes them, up to limits::max_untagged bytes.
    const std::vector<std::pair<std::string, data_list>>& untagged() const noexcept { return untagged_.entries(); }
    data_list* find_untagged(std::string_view typ) { return untagged_.find(typ); }
    std::optional<data_list> pop_untagged(std::string_view typ) { return untagged_.pop(typ); }
    void clear_untagged() noexcept { untagged_.clear(); }
    // Whether a BYE is stored: imaplib's _check_bye() after every response, without a lookup.
    bool has_bye() const noexcept { return untagged_.has_bye(); }

    // ---- STARTTLS (RFC 3501 section 6.2.1) -----------------------------------------------

    // Whether the handshake may start: anything the server sent after its OK arrived in
    // clear text and could have been injected (CVE-2020-15953 et al.).
    bool upgrade_ready(failure& f) {
        if (input().empty()) return true;
        f.set(errc::starttls_injection, "data received after STARTTLS OK and before the TLS handshake");
        return false;
    }
    // After the handshake: untagged data from before it is untrusted.
    void upgraded() noexcept { untagged_.clear(); }

    // ---- consumers ----------------------------------------------------------------------

    void set_literal_sink(literal_sink_type sink) { literal_sink_ = std::move(sink); }
    void set_untagged_handler(untagged_handler_type h) { untagged_handler_ = std::move(h); }
    // Not owned; nullptr for none.
    void set_observer(session_observer* o) noexcept { observer_.p = o; }

private:
    struct segment {
        std::string owned;
        std::string_view view;  // used when `owned` is empty: bytes the caller keeps alive
        bool marks = false;     // a '+' is awaited once it is written
        std::string_view bytes() const noexcept { return owned.empty() ? view : std::string_view(owned); }
    };
    struct outgoing {
        std::string tag;
        std::vector<std::string> text;  // command_line's parts: each goes out with CRLF
        std::vector<std::string_view> literals;
        std::vector<bool> sync;          // literal k waits for '+'
        std::size_t next = 0;            // the next text part to queue
        bool authenticate = false;
        bool idle = false;
        bool waiting = false;  // for '+'
        bool marked = false;   // the line it answers has been written...
        std::uint64_t mark = 0;  // ...when received() was this
    };

    bool is_sync(std::size_t size) const noexcept {
        return nonsync_ == nonsync_literals::off || (nonsync_ == nonsync_literals::minus && size > 4096);
    }

    void queue_line(std::string_view text, bool marks) {
        segment s;
        s.owned.reserve(text.size() + 2);
        s.owned.append(text).append("\r\n");
        s.marks = marks;
        out_.push_back(std::move(s));
    }
    void queue_literal(std::string_view bytes) {
        if (observer_) observer_->sent_literal(bytes.size());
        segment s;
        s.view = bytes;
        out_.push_back(std::move(s));  // even when empty: one write per part, as imaplib
    }

    // Moves what the command at the front may send now into the output.
    void pump() {
        while (!sending_.empty()) {
            outgoing& c = sending_.front();
            if (c.waiting) return;
            const std::size_t k = c.next;
            const bool last = k + 1 == c.text.size();
            const bool wait = last ? c.authenticate || c.idle : c.sync[k];
            queue_line(c.text[k], wait);
            if (wait) {
                c.waiting = true;
                c.marked = false;
                return;
            }
            if (last) {
                sending_.pop_front();
                continue;
            }
            queue_literal(c.literals[k]);
            c.next = k + 1;
        }
    }

    // A '+' for the command at the front: its literal goes, or AUTHENTICATE's answer
    // is awaited.
    void continue_front() {
        outgoing& c = sending_.front();
        c.marked = false;
        if (c.authenticate) return;
        if (c.idle) {  // nothing more to send but DONE
            sending_.pop_front();
            idling_ = true;
            if (done_asked_) queue_line("DONE", false);
            return;
        }
        queue_literal(c.literals[c.next]);
        ++c.next;
        c.waiting = false;
        pump();
    }

    void settle() noexcept {
        if (pending_ == 0) return;
        in_.consume(pending_);
        taken_ += pending_;
        pending_ = 0;
        frame_start_ = taken_;
    }

    // imaplib's _get_response() on one whole frame at the front of the input.
    bool take(session_event& ev, failure& f) {
        const std::string_view frame = in_.view().substr(0, reader_.size());
        const auto& literals = reader_.literals();
        const std::string_view resp = frame_line(frame, literals, 0);
        if (observer_) {
            const bool hide = !secret_exchange_.empty() && !resp.empty() && resp[0] == '+';
            observer_->received_line(hide ? std::string_view("+ ***") : resp);
        }
        ev = session_event{};
        ev.frame = frame;
        ev.line = resp;

        std::string_view type;
        if (detail::match_tagged(resp, tagpre_, type)) {
            const std::string_view tag = resp.substr(0, resp.find(' '));
            std::optional<response>* slot = tagged_slot(tag);
            if (!slot) {
                f.set(errc::protocol_violation, "unexpected tagged response: " + detail::repr(resp));
                return false;
            }
            if (!literals.empty()) {
                f.set(errc::protocol_violation, "unexpected literal in tagged response: " + detail::repr(resp));
                return false;
            }
            const std::string_view typ = upper_type(type);
            const std::string_view data = detail::tagged_data(resp);
            detail::item_block block = detail::item_block::allocate(frame.size(), frame.size());
            std::memcpy(block.data(), frame.data(), frame.size());
            const std::string_view dat(block.data() + (data.data() - frame.data()), data.size());
            slot->emplace(response{std::string(typ), {data_item::from_bytes(block, dat)}});
            const std::size_t cost =
                detail::item_block::footprint_of(frame.size()) + detail::untagged_store::allocation_overhead;
            if (!response_code(typ, block, cost, dat, f)) return false;
            ev.type = session_event::kind::tagged;
            ev.tag = tag;
            ev.name = typ;
            ev.text = data;
            if (tag == secret_exchange_) secret_exchange_.clear();
            if (tag == idle_tag_) {
                idle_tag_.clear();
                idling_ = done_asked_ = false;
            }
            // A completion ends the command's sending: a literal it waited for never goes
            // (RFC 3501 section 7.5).
            if (!sending_.empty()) {
                if (sending_.front().tag == tag) {
                    sending_.pop_front();
                    pump();
                } else {
                    sending_.erase(std::remove_if(sending_.begin(), sending_.end(),
                                                  [&](const outgoing& c) { return c.tag == tag; }),
                                   sending_.end());
                }
            }
            return true;
        }
        if (!resp.empty() && resp[0] == '+' && literals.empty()) {
            if (resp.size() > 1 && resp[1] == ' ')
                continuation_ = std::string(resp.substr(2));
            else
                continuation_.reset();
            ev.type = session_event::kind::continuation;
            ev.text = resp.size() > 1 && resp[1] == ' ' ? resp.substr(2) : resp.substr(resp.size());
            if (!sending_.empty() && sending_.front().waiting) {
                const outgoing& c = sending_.front();
                if (!c.marked || frame_start_ < c.mark) {
                    f.set(errc::protocol_violation, "continuation request received before the command was sent");
                    return false;
                }
                ev.tag = c.tag;
                continue_front();
            }
            // Otherwise nobody asked for it: ignored, as imaplib does.
            return true;
        }
        detail::untagged_line line;
        if (!detail::match_untagged(resp, line)) {
            f.set(errc::protocol_violation, "unexpected response: " + detail::repr(resp));
            return false;
        }
        const std::string_view typ = upper_type(line.type);
        const std::string_view last = line.data.empty() ? line.number : line.data;
        if (!literals.empty() && (last.empty() || last.back() != '}')) {
            f.set(errc::protocol_violation, "literal announced where none can be: " + detail::repr(resp));
            return false;
        }
        ev.type = typ == "BYE" ? session_event::kind::bye : session_event::kind::untagged;
        ev.name = typ;
        ev.number = line.number;
        ev.text = line.data;
        if (untagged_handler_ && !is_status(typ) && !streamed(literals) && untagged_handler_(frame)) {
            ev.kept = false;  // consumed by the handler: nothing kept
        } else if (!store_untagged(typ, line, frame, literals, f)) {
            return false;
        }
        return true;
    }

    // `type` in upper case: itself (servers send it so), or a copy in typ_.
    std::string_view upper_type(std::string_view type) {
        bool lower = false;
        for (char c : type) lower |= c >= 'a' && c <= 'z';
        if (!lower) return type;
        typ_.assign(type.data(), type.size());
        for (char& c : typ_)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return typ_;
    }

    std::optional<response>* tagged_slot(std::string_view tag) {
        for (auto& t : tagged_)
            if (t.first == tag) return &t.second;
        return nullptr;
    }

    static bool is_status(std::string_view typ) noexcept {
        return typ == "OK" || typ == "NO" || typ == "BAD" || typ == "BYE" || typ == "PREAUTH";
    }
    static bool streamed(const std::vector<framing::literal>& literals) noexcept {
        for (const auto& l : literals)
            if (l.streamed) return true;
        return false;
    }

    // imaplib: for OK/NO/BAD, a bracketed response code is also stored under its own name
    // (its block counted again there: it stays alive while either name holds it).
    bool response_code(std::string_view typ, const detail::item_block& block, std::size_t cost,
                       std::string_view dat, failure& f) {
        if (typ == "OK" || typ == "NO" || typ == "BAD") {
            if (auto code = detail::match_response_code(dat)) {
                if (!room(code->type, 1, cost, f)) return false;
                append_untagged(code->type,
                                data_item::from_bytes(block, code->data.value_or(std::string_view())), cost);
                if (observer_) observer_->status_response(code->type, dat);
                return true;
            }
        }
        if (observer_) observer_->status_response(typ, dat);
        return true;
    }

    void append_untagged(std::string_view typ, data_item item, std::size_t block_bytes) {
        if (capture_) {  // a literal's pieces and the line after it make one response
            if (captured_.empty() || !captured_.back().data.back().is_literal()) {
                captured_.push_back(response{std::string(typ), {}});
                captured_cost_.push_back(0);
            }
            captured_.back().data.push_back(std::move(item));
            captured_cost_.back() += block_bytes + sizeof(data_item);
            captured_bytes_ += block_bytes + sizeof(data_item);
            return;
        }
        if (observer_) observer_->stored(typ, item);
        untagged_.append(typ, std::move(item), block_bytes);
    }

    // Whether `items` more items and a block costing `block_bytes` fit in the untagged
    // store under limits::max_untagged.
    bool room(std::string_view name, std::size_t items, std::size_t block_bytes, failure& f) {
        const std::size_t max = limits_.max_untagged;
        const std::size_t now = untagged_.footprint() + captured_bytes_;
        if (now <= max && untagged_.growth(name, items, block_bytes) <= max - now) return true;
        f.set(errc::untagged_too_large, "untagged responses kept would exceed the limit of " + std::to_string(max) +
                                            " bytes (limits::max_untagged); the caller must take them with response()");
        return false;
    }

    // Hands the bytes of the literal in progress to the sink and drops them from the
    // input (the framing reader's skip_literal_bytes contract).
    void stream_literal_bytes() {
        const framing::literal& lit = reader_.literals().back();
        const std::size_t n = reader_.literal_buffered();
        if (n == 0) return;
        literal_sink_(literal_chunk{frame_line(in_.view(), reader_.literals(), reader_.literals().size() - 1),
                                    lit.size, lit.streamed, in_.view().substr(lit.offset, n)});
        in_.truncate(lit.offset);
        taken_ += n;
        reader_.skip_literal_bytes(0);
    }

    // Line i of a frame (complete or in progress): from the end of literal i-1's bytes
    // still in the buffer up to literal i's closing '}', or to the final line end.
    static std::size_t frame_line_begin(const std::vector<framing::literal>& literals, std::size_t i) noexcept {
        return i == 0 ? 0 : literals[i - 1].offset + (literals[i - 1].size - literals[i - 1].streamed);
    }
    static std::size_t frame_line_end(std::string_view frame, const std::vector<framing::literal>& literals,
                                      std::size_t i) noexcept {
        if (i < literals.size()) return frame.find('}', literals[i].header) + 1;
        std::size_t end = frame.size() - 1;  // the LF
        if (end > 0 && frame[end - 1] == '\r') --end;
        return end;
    }
    static std::string_view frame_line(std::string_view frame, const std::vector<framing::literal>& literals,
                                       std::size_t i) noexcept {
        const std::size_t begin = frame_line_begin(literals, i);
        return frame.substr(begin, frame_line_end(frame, literals, i) - begin);
    }

    // Stores an untagged response as imaplib does: a (header, literal) pair per literal,
    // then the rest of the line. One shared block holds the frame as received (so the
    // typed views can parse it) and, for "* N TYPE data", imaplib's rebuilt "N data".
    // With a literal sink the literals' bytes went to the sink: the block keeps only the
    // lines, and the items have no frame (data_item::frame()). False when keeping it
    // would take the store past limits::max_untagged.
    bool store_untagged(std::string_view typ, const detail::untagged_line& line, std::string_view frame,
                        const std::vector<framing::literal>& literals, failure& f) {
        const std::size_t n = literals.size();
        const bool lines_only = literal_sink_ && n > 0;
        // The first line's data is a piece of the line, except for "* N TYPE data", where
        // imaplib builds "N data".
        const bool rebuilt = !line.number.empty() && !line.data.empty();
        std::size_t kept = 0;
        if (lines_only) {
            for (std::size_t i = 0; i <= n; ++i) kept += frame_line(frame, literals, i).size();
        } else {
            kept = frame.size();
        }
        const std::size_t size = kept + (rebuilt ? line.number.size() + 1 + line.data.size() : 0);
        const std::size_t cost = detail::item_block::footprint_of(size) + detail::untagged_store::allocation_overhead;
        if (!room(typ, n + 1, cost, f)) return false;

        detail::item_block block = detail::item_block::allocate(size, lines_only ? 0 : frame.size());
        char* const all = block.data();
        std::vector<std::size_t> line_at;  // lines_only: where line i starts in the block
        if (lines_only) {
            line_at.reserve(n + 1);
            std::size_t at = 0;
            for (std::size_t i = 0; i <= n; ++i) {
                const std::string_view text = frame_line(frame, literals, i);
                line_at.push_back(at);
                std::memcpy(all + at, text.data(), text.size());
                at += text.size();
            }
        } else {
            std::memcpy(all, frame.data(), frame.size());
        }
        if (rebuilt) {
            char* out = all + kept;
            std::memcpy(out, line.number.data(), line.number.size());
            out[line.number.size()] = ' ';
            std::memcpy(out + line.number.size() + 1, line.data.data(), line.data.size());
        }
        const auto stored_line = [&](std::size_t i) {
            const std::string_view in_frame = frame_line(frame, literals, i);
            const std::size_t at = lines_only ? line_at[i] : static_cast<std::size_t>(in_frame.data() - frame.data());
            return std::string_view(all + at, in_frame.size());
        };

        const std::string_view own = line.data.empty() && !line.number.empty() ? line.number : line.data;
        std::string_view dat = rebuilt ? std::string_view(all + kept, size - kept)
                                       : stored_line(0).substr(static_cast<std::size_t>(own.data() - frame.data()),
                                                               own.size());
        std::size_t charge = cost;  // the block is counted with the first item under typ
        for (std::size_t i = 0; i < n; ++i) {
            if (observer_) observer_->received_literal(literals[i].size);
            const std::size_t in_buffer = literals[i].size - literals[i].streamed;
            if (literal_sink_) {
                literal_sink_(literal_chunk{frame_line(frame, literals, i), literals[i].size, literals[i].streamed,
                                            frame.substr(literals[i].offset, in_buffer)});
                append_untagged(typ, data_item::from_literal(block, dat, std::string_view()), charge);
            } else {
                append_untagged(typ,
                                data_item::from_literal(block, dat, std::string_view(all + literals[i].offset, in_buffer)),
                                charge);
            }
            charge = 0;
            dat = stored_line(i + 1);
            if (observer_) observer_->received_line(dat);
        }
        append_untagged(typ, data_item::from_bytes(block, dat), charge);
        return response_code(typ, block, cost, dat, f);
    }

    limits limits_;
    framing::response_reader reader_;
    detail::read_buffer in_;
    std::size_t pending_ = 0;       // the last frame's bytes, consumed on the next call
    std::uint64_t received_ = 0;    // bytes committed, ever
    std::uint64_t taken_ = 0;       // bytes consumed or streamed, ever
    std::uint64_t frame_start_ = 0; // where the frame being read starts, in the same count
    std::vector<segment> out_;  // written from out_head_ on
    std::size_t out_head_ = 0;
    std::size_t out_offset_ = 0;
    std::deque<outgoing> sending_;  // commands with parts still to send, in order

    std::string tagpre_;
    unsigned long tagnum_ = 0;
    imaplib::state state_ = imaplib::state::logout;
    bool utf8_accepted_ = false;
    nonsync_literals nonsync_ = nonsync_literals::off;
    std::string typ_;
    std::optional<std::string> continuation_ = std::string();
    std::vector<std::pair<std::string, std::optional<response>>> tagged_;
    detail::untagged_store untagged_;
    std::vector<std::pair<std::string, state_set>> extensions_;
    std::string secret_exchange_;  // the mechanism-driven AUTHENTICATE in progress, if any
    std::string idle_tag_;     // the IDLE command in progress, if any
    bool idling_ = false;      // its '+' came
    bool done_asked_ = false;  // done() was called
    bool capture_ = false;     // capture_untagged()
    std::deque<response> captured_;
    std::deque<std::size_t> captured_cost_;  // what each captured response counts
    std::size_t captured_bytes_ = 0;
    std::string checked_name_;  // the last name allowed() looked up, and its states
    state_set checked_set_ = 0;

    literal_sink_type literal_sink_;
    untagged_handler_type untagged_handler_;
    detail::observer_ref observer_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_SESSION_HPP
// end <imaplib/engine/session.hpp>
// begin <imaplib/engine/basic_imap4.hpp>
// imaplib-cpp: basic_imap4<Transport>, Python's imaplib.IMAP4 over any transport.
//
// Every imaplib method exists with the same name, arguments, defaults and result shape
// (see engine/result.hpp). Each has two forms, as in Asio:
//   response select(std::string_view mailbox = "INBOX", bool readonly = false);   // throws
//   response select(std::string_view mailbox, bool readonly, std::error_code& ec); // doesn't
// The throwing form raises imaplib::error, abort or readonly where imaplib raises them, with
// imaplib's message; the error_code form leaves that message in error_message(). A build
// without exceptions has only the error_code forms.
//
// It is a blocking driver over the protocol session (engine/session.hpp): it writes what
// the session has to send, reads into the session's buffer until the response it waits
// for has come, and applies imaplib's rules (engine/imaplib_compat.hpp) to the results.
// The commands themselves are in engine/impl/basic_imap4_commands.hpp.
//
// Names C++ reserves: imaplib's delete() is delete_mailbox(), namespace() is namespaces().
#ifndef IMAPLIB_ENGINE_BASIC_IMAP4_HPP
#define IMAPLIB_ENGINE_BASIC_IMAP4_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/engine/command.hpp>: inlined above
// #include <imaplib/engine/commands.hpp>: inlined above
// #include <imaplib/engine/imaplib_compat.hpp>: inlined above
// #include <imaplib/engine/result.hpp>: inlined above
// #include <imaplib/engine/session.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/limits.hpp>: inlined above
// #include <imaplib/sasl/concept.hpp>: inlined above
// #include <imaplib/sasl/scram.hpp>: inlined above
// #include <imaplib/transport/concept.hpp>: inlined above
// #include <imaplib/util/int2ap.hpp>: inlined above

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

template <class T, class>
struct dependent_type {
    using type = T;
};

template <class>
inline constexpr bool dependent_false = false;

// imaplib's *args as the variadic methods take them: strings (or one arg_list: a braced
// list, a std::vector<std::string_view>), then std::error_code& for the form that does
// not throw. The error_code is the last argument, as in every other error_code form.
template <class... Args>
struct star_args {
    static constexpr std::size_t count = sizeof...(Args);
    static constexpr bool with_ec = [] {
        bool last = false;
        ((last = std::is_same_v<Args, std::error_code&>), ...);
        return last;
    }();
    static constexpr std::size_t strings = with_ec ? count - 1 : count;

    template <std::size_t... I>
    static constexpr bool all_strings(std::index_sequence<I...>) {
        return (std::is_convertible_v<const std::remove_reference_t<std::tuple_element_t<I, std::tuple<Args...>>>&,
                                      std::string_view> && ...);
    }
    static constexpr bool as_strings = all_strings(std::make_index_sequence<strings>());
    static constexpr bool as_list = [] {
        if constexpr (strings == 1) {
            using first = std::remove_reference_t<std::tuple_element_t<0, std::tuple<Args...>>>;
            return !as_strings && std::is_convertible_v<const first&, arg_list>;
        } else {
            return false;
        }
    }();
    static constexpr bool valid = as_strings || as_list;
};

// start_compress(received, ec): a transport that can switch COMPRESS=DEFLATE on
// (transport/compress.hpp's basic_compress_transport).
template <class T, class = void>
struct has_start_compress : std::false_type {};
template <class T>
struct has_start_compress<T, std::void_t<decltype(std::declval<T&>().start_compress(
                                 std::declval<std::string_view>(), std::declval<std::error_code&>()))>>
    : std::true_type {};
template <class T> inline constexpr bool has_start_compress_v = has_start_compress<T>::value;

// The transport for imaplib's host argument: a default one for network transports, or
// one built from the argument itself where that is what the transport takes (the pipe
// transport's command: IMAP4_stream(command)).
template <class Transport>
inline constexpr bool has_transport_for_v =
    std::is_default_constructible_v<Transport> || std::is_constructible_v<Transport, std::string>;

template <class Transport>
Transport transport_for(std::string_view host) {
    if constexpr (std::is_default_constructible_v<Transport>) {
        (void)host;
        return Transport{};
    } else {
        return Transport(std::string(host));
    }
}

// Milliseconds of the default timeout; 0 is none.
inline std::atomic<long long>& default_timeout_ms() noexcept {
    static std::atomic<long long> ms{0};
    return ms;
}

}  // namespace detail

// Python's socket.setdefaulttimeout(), which imaplib honours: the timeout of each read
// and write (and of connecting) on every connection opened without one of its own. None
// (nullopt, zero or less) waits forever, which is the default, as in Python.
inline void set_default_timeout(std::optional<std::chrono::milliseconds> timeout) noexcept {
    detail::default_timeout_ms().store(timeout && timeout->count() > 0 ? timeout->count() : 0);
}
// socket.getdefaulttimeout().
inline std::optional<std::chrono::milliseconds> get_default_timeout() noexcept {
    const long long ms = detail::default_timeout_ms().load();
    if (ms == 0) return std::nullopt;
    return std::chrono::milliseconds(ms);
}

namespace detail {

// imaplib's debug output of what the session reads and writes, at imaplib's levels.
class imaplib_debug final : public session_observer {
public:
    explicit imaplib_debug(int level) : log(level) {}

    void received_line(std::string_view line) override { log.trace('<', line); }
    void received_literal(std::size_t size) override {
        if (log.level() >= 4) log.mesg("read literal size " + std::to_string(size));
    }
    void stored(std::string_view type, const data_item& item) override {
        if (log.level() >= 5) log.mesg("untagged_responses[" + std::string(type) + "] += [" + python_repr(item) + "]");
    }
    void status_response(std::string_view name, std::string_view text) override {
        if (log.level() >= 1 && (name == "NO" || name == "BAD" || name == "BYE"))
            log.mesg(std::string(name) + " response: " + repr(text));
    }
    void sent_command(std::string_view line) override { log.trace('>', line); }
    void sent_literal(std::size_t size) override {
        if (log.level() >= 4) log.mesg("write literal size " + std::to_string(size));
    }

    imaplib_log log;
};

}  // namespace detail

// login_best()'s choices (docs/authentication.md).
struct login_options {
    // PLAIN, LOGIN, CRAM-MD5 and the LOGIN command on a connection without TLS: refused
    // unless set. The password (with CRAM-MD5, what lets anyone guess it offline) would
    // cross the network readable.
    bool allow_cleartext = false;
    // When no AUTH= mechanism fits: the LOGIN command (never with LOGINDISABLED).
    bool allow_login_command = true;
    std::string authzid;                    // PLAIN and SCRAM: act as this identity
    std::uint32_t max_iterations = 100000;  // SCRAM: sasl::scram_options::max_iterations
};

// What login_best() did: imaplib's (typ, data) and the SASL mechanism that succeeded
// ("" with login_command set when it was the LOGIN command).
struct login_result : response {
    std::string mechanism;
    bool login_command = false;
};

namespace detail {

// imaplib's authenticate(mechanism, authobject) as the AUTHENTICATE loop sees it: no
// initial response, challenges decoded as binascii does, None answered with '*', and the
// server's OK taken as it comes.
struct imaplib_authenticator {
    std::string mechanism;
    std::function<std::optional<std::string>(std::string_view)>& authobject;
};

// RFC 4422 section 3.1: sasl-mech = 1*20 of upper-case letters, digits, '-' and '_'.
inline bool is_sasl_mechanism_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > 20) return false;
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

// The longest AUTHENTICATE line that carries an initial response (RFC 4959). RFC 7162
// section 4 asks clients to keep lines within 8192 octets, and Dovecot's pre-login reader
// stops there; a longer response goes as the answer to the first, empty, challenge.
inline constexpr std::size_t sasl_ir_max_line = 8192;

}  // namespace detail

template <class Transport>
class basic_imap4 {
    static_assert(detail::check_transport<Transport>(),
                  "imaplib: basic_imap4<Transport> needs a transport (docs/transports.md)");

public:
    using transport_type = Transport;
    using timeout_type = std::optional<std::chrono::milliseconds>;
    // imaplib's authobject: called with each decoded server challenge, returns the
    // response to encode and send, or nullopt to cancel the exchange ('*').
    using authobject_type = std::function<std::optional<std::string>(std::string_view)>;
    // Receives each debug line (imaplib writes them to stderr).
    using debug_sink_type = std::function<void(std::string_view)>;
    // imaplib's audit events "imaplib.open" and "imaplib.send".
    using open_hook_type = std::function<void(std::string_view host, std::uint16_t port)>;
    using send_hook_type = std::function<void(std::string_view data)>;
    // Receives literal bytes instead of the result (see set_literal_sink).
    using literal_sink_type = session::literal_sink_type;
    using untagged_handler_type = session::untagged_handler_type;

    static constexpr std::uint16_t default_port = Transport::default_port;

    // ---- construction -------------------------------------------------------------

    // Not connected (state LOGOUT); connect() or open() later. Needed by code without
    // exceptions, which cannot connect in a constructor. Constructors that build the
    // transport are templates, so an explicit instantiation skips them where it cannot.
    template <class T = Transport, std::enable_if_t<std::is_default_constructible_v<T>, int> = 0>
    basic_imap4() : basic_imap4(Transport{}) {}
    explicit basic_imap4(Transport transport, limits l = {})
        : transport_(std::move(transport)), session_(l), debug_(std::make_unique<detail::imaplib_debug>(Debug)) {
        observe();
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    // imaplib's IMAP4(host, port, timeout): connects, reads the greeting and the
    // capabilities. For the pipe transport `host` is the command (IMAP4_stream(command)).
    // Without a timeout, get_default_timeout() applies: none unless set_default_timeout().
    template <class T = Transport, std::enable_if_t<detail::has_transport_for_v<T>, int> = 0>
    explicit basic_imap4(std::string_view host, std::uint16_t port = default_port,
                         timeout_type timeout = {})
        : basic_imap4(detail::transport_for<Transport>(host)) {
        call([&](failure& f) { connect(host, port, timeout, f); });
    }
    basic_imap4(Transport transport, std::string_view host, std::uint16_t port = default_port,
                timeout_type timeout = {})
        : basic_imap4(std::move(transport)) {
        call([&](failure& f) { connect(host, port, timeout, f); });
    }
    // imaplib's IMAP4_SSL(host, port, keyfile, certfile, ssl_context, timeout): a client
    // certificate as files, or in ssl_context (nullptr for none), never both: that raises
    // std::invalid_argument (imaplib's ValueError) before anything is connected.
    template <class Context, class T = Transport,
              class = decltype(T::with_certificate(std::optional<std::string>(), std::optional<std::string>(),
                                                   std::declval<const Context&>(), std::declval<std::error_code&>(),
                                                   std::declval<std::string&>()))>
    basic_imap4(std::string_view host, std::uint16_t port, string_or_none keyfile, string_or_none certfile,
                const Context& ssl_context, timeout_type timeout = {})
        : basic_imap4(transport_with_certificate(keyfile, certfile, ssl_context)) {
        call([&](failure& f) { connect(host, port, timeout, f); });
    }

    // imaplib's IMAP4_SSL(host, port, ssl_context=...): for transports built from a context.
    template <class Context, class = std::enable_if_t<std::is_constructible_v<Transport, const Context&> &&
                                                      !std::is_convertible_v<const Context&, std::string_view>>>
    basic_imap4(std::string_view host, std::uint16_t port, const Context& ssl_context,
                timeout_type timeout = {})
        : basic_imap4(Transport(ssl_context)) {
        call([&](failure& f) { connect(host, port, timeout, f); });
    }
#endif

    basic_imap4(basic_imap4&&) = default;
    basic_imap4& operator=(basic_imap4&&) = default;
    basic_imap4(const basic_imap4&) = delete;
    basic_imap4& operator=(const basic_imap4&) = delete;

    // Like leaving imaplib's `with` block: logs out unless already in LOGOUT. Never throws.
    ~basic_imap4() {
        if (open_ && session_.state() != state::logout && !dead_) {
            std::error_code ignored;
            logout(ignored);
        }
        if (open_) transport_.shutdown();
    }

    // open() then read the greeting and capabilities: what the constructor does.
    void connect(std::string_view host, std::uint16_t port, timeout_type timeout, std::error_code& ec) {
        boundary(ec, [&](failure& f) { connect(host, port, timeout, f); });
    }
    // imaplib's open(): sets up the connection only; the greeting is read by connect().
    void open(std::string_view host, std::uint16_t port, timeout_type timeout, std::error_code& ec) {
        boundary(ec, [&](failure& f) { open(host, port, timeout, f); });
    }

    // ---- attributes ---------------------------------------------------------------

    // "IDLING" while an idler is entered, as imaplib 3.14 reports it.
    std::string_view state() const noexcept { return idling_ ? "IDLING" : to_string(session_.state()); }
    const std::vector<std::string>& capabilities() const noexcept { return capabilities_; }
    std::string_view PROTOCOL_VERSION() const noexcept { return protocol_version_; }
    const std::string& welcome() const noexcept { return welcome_; }
    bool utf8_enabled() const noexcept { return utf8_enabled_; }
    bool is_readonly() const noexcept { return is_readonly_; }
    const std::string& tagpre() const noexcept { return session_.tagpre(); }
    unsigned long tagnum() const noexcept { return session_.tagnum(); }
    const std::string& host() const noexcept { return host_; }
    std::uint16_t port() const noexcept { return port_; }
    // The data of the last continuation request (`+ data`); None for a bare `+`.
    const std::optional<std::string>& continuation_response() const noexcept { return session_.continuation(); }
    // imaplib's untagged_responses: {typ: [data, ...]} in the order first received.
    // Kept until the caller takes them (response(), or the command that names them), up
    // to limits::max_untagged bytes per connection.
    const std::vector<std::pair<std::string, data_list>>& untagged_responses() const noexcept {
        return session_.untagged();
    }
    int debug() const noexcept { return debug_ ? debug_->log.level() : 0; }
    void debug(int level) noexcept {
        debug_->log.level(level);
        observe();
    }
    void set_debug_sink(debug_sink_type sink) { debug_->log.sink(std::move(sink)); }
    void set_open_hook(open_hook_type hook) { on_open_ = std::move(hook); }
    void set_send_hook(send_hook_type hook) { on_send_ = std::move(hook); }
    const limits& response_limits() const noexcept { return session_.response_limits(); }

    // An overall time limit for each command, from the moment it is issued until its
    // tagged response (connect(): until the greeting and capabilities are read), beside
    // the per-read timeout, which a server sending a byte now and then never lets expire.
    // Each read and write waits at most the time left; expiry is errc::timeout (an abort,
    // the connection closed). Off by default, as in imaplib; nullopt turns it off again.
    // The session reads no clock: the deadline is this driver's.
    void set_deadline(timeout_type deadline) noexcept { deadline_ = deadline; }
    const timeout_type& deadline() const noexcept { return deadline_; }

    // Bulk downloads with bounded memory: while a sink is set, the bytes of every literal
    // the server sends go to it in chunks as they arrive (each literal ends with a chunk
    // whose last() is true, an empty literal with one empty chunk), and the result keeps
    // imaplib's shape with an empty literal: (b'1 (BODY[] {N}', b''). Memory stays at one
    // line plus one read, whatever N is. Pass nullptr to go back to normal results.
    void set_literal_sink(literal_sink_type sink) { session_.set_literal_sink(std::move(sink)); }

    // The zero-copy path for large results: while a handler is set, each untagged data
    // response (not OK/NO/BAD/BYE, whose codes imaplib's state needs) is first offered to
    // it as the raw frame, valid during the call; when it returns true the response is
    // consumed and not kept for imaplib's result. engine/views.hpp adapts a handler that
    // takes typed views (grammar::response_view). Pass nullptr to stop.
    void set_untagged_handler(untagged_handler_type handler) { session_.set_untagged_handler(std::move(handler)); }
    // imaplib's message for the last failure of an error_code call.
    const std::string& error_message() const noexcept { return error_message_; }
    Transport& transport() noexcept { return transport_; }
    // imaplib's socket(): the transport's native handle, where it has one.
    template <class T = Transport, class = std::enable_if_t<has_native_handle_v<T>>>
    auto socket() {
        return transport_.native_handle();
    }
    // The protocol session under this client (tags, stored responses, state).
    const session& protocol() const noexcept { return session_; }

    // ---- raw I/O (imaplib's read, readline, send, shutdown) -------------------------

    std::string read(std::size_t size, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return read(size, f); });
    }
    std::string readline(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return readline(f); });
    }
    void send(std::string_view data, std::error_code& ec) {
        boundary(ec, [&](failure& f) { send(data, f); });
    }
    void shutdown() noexcept {
        if (open_) close_transport();
    }

    // ---- imaplib's utility methods ----------------------------------------------------

    imaplib::response recent(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return recent(f); });
    }
    // imaplib's response(code): pops the untagged responses named `code` (upper-cased),
    // or returns [None]. Never fails.
    imaplib::response response(std::string_view code) {
        return untagged_response({std::string(code), {data_item{}}}, detail::to_upper(code));
    }

    // ---- IMAP commands (error_code forms) ---------------------------------------------

    imaplib::response append(string_or_none mailbox, string_or_none flags, const internaldate_arg& date_time, std::string_view message, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return append(mailbox, flags, date_time, message, f); });
    }
    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return authenticate(mechanism, std::move(authobject), f); });
    }
    // AUTHENTICATE driven by a SASL mechanism object (sasl/, docs/authentication.md): the
    // initial response with the command when the server has SASL-IR, each challenge
    // answered by the mechanism, and a tagged OK before the mechanism completed (SCRAM:
    // before the server proved it knows the password) taken as a failure, the connection
    // closed. Returns imaplib's (typ, data) like authenticate(name, authobject).
    template <class Mechanism, std::enable_if_t<is_sasl_mechanism_v<std::remove_cv_t<std::remove_reference_t<Mechanism>>>, int> = 0>
    imaplib::response authenticate(Mechanism&& mechanism, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return sasl_exchange(mechanism, f); });
    }
    // The strongest mechanism both sides support for a user name and password:
    // SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS, SCRAM-SHA-256, SCRAM-SHA-1, then (over TLS, or
    // with options.allow_cleartext) PLAIN, LOGIN, CRAM-MD5, then the LOGIN command.
    login_result login_best(std::string_view user, std::string_view password, const login_options& options,
                            std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return login_best(user, password, options, f); });
    }
    login_result login_best(std::string_view user, std::string_view password, std::error_code& ec) {
        return login_best(user, password, login_options{}, ec);
    }
    // The TLS channel binding of this connection, for SCRAM-*-PLUS: tls-exporter (RFC 9266)
    // on TLS 1.3, tls-server-end-point (RFC 5929) below. not_supported without TLS support
    // in the build, on a transport without TLS, or before STARTTLS.
    sasl::channel_binding channel_binding(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return channel_binding(f); });
    }
    imaplib::response capability(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return capability(f); });
    }
    imaplib::response check(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return check(f); });
    }
    imaplib::response close(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return close(f); });
    }
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return copy(message_set, new_mailbox, f); });
    }
    imaplib::response create(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return create(mailbox, f); });
    }
    imaplib::response delete_mailbox(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return delete_mailbox(mailbox, f); });
    }
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return deleteacl(mailbox, who, f); });
    }
    imaplib::response enable(std::string_view capability, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return enable(capability, f); });
    }
    imaplib::response expunge(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return expunge(f); });
    }
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return fetch(message_set, message_parts, f); });
    }
    imaplib::response getacl(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getacl(mailbox, f); });
    }
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getannotation(mailbox, entry, attribute, f); });
    }
    imaplib::response getquota(std::string_view root, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getquota(root, f); });
    }
    imaplib::response getquotaroot(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getquotaroot(mailbox, f); });
    }
    imaplib::response list(std::string_view directory, std::string_view pattern, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return list(directory, pattern, f); });
    }
    imaplib::response login(std::string_view user, std::string_view password, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return login(user, password, f); });
    }
    imaplib::response login_cram_md5(std::string_view user, std::string_view password, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return login_cram_md5(user, password, f); });
    }
    imaplib::response logout(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return logout(f); });
    }
    imaplib::response lsub(std::string_view directory, std::string_view pattern, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return lsub(directory, pattern, f); });
    }
    imaplib::response myrights(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return myrights(mailbox, f); });
    }
    imaplib::response namespaces(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return namespaces(f); });
    }
    imaplib::response noop(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return noop(f); });
    }
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start, std::string_view length, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return partial(message_num, message_part, start, length, f); });
    }
    imaplib::response proxyauth(std::string_view user, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return proxyauth(user, f); });
    }
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return rename(oldmailbox, newmailbox, f); });
    }
    imaplib::response search(string_or_none charset, arg_list criteria, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return search(charset, criteria, f); });
    }
    imaplib::response select(std::string_view mailbox, bool readonly, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return select(mailbox, readonly, f); });
    }
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return setacl(mailbox, who, what, f); });
    }
    imaplib::response setannotation(arg_list args, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return setannotation(args, f); });
    }
    imaplib::response setquota(std::string_view root, std::string_view limits, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return setquota(root, limits, f); });
    }
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, arg_list search_criteria, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return sort(sort_criteria, charset, search_criteria, f); });
    }
    template <class Context>
    imaplib::response starttls(const Context& ssl_context, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return starttls(ssl_context, f); });
    }
    imaplib::response status(std::string_view mailbox, std::string_view names, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return status(mailbox, names, f); });
    }
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return store(message_set, command, flags, f); });
    }
    imaplib::response subscribe(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return subscribe(mailbox, f); });
    }
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset, arg_list search_criteria, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return thread(threading_algorithm, charset, search_criteria, f); });
    }
    imaplib::response uid(std::string_view command, arg_list args, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return uid(command, args, f); });
    }
    imaplib::response unselect(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return unselect(f); });
    }
    // COMPRESS (RFC 4978): on OK the transport deflates and inflates from then on. Needs
    // basic_compress_transport (imap4_compressed, imap4_ssl_compressed).
    imaplib::response compress(std::string_view mechanism, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return compress(mechanism, f); });
    }
    imaplib::response unsubscribe(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return unsubscribe(mailbox, f); });
    }
    imaplib::response xatom(std::string_view name, arg_list args, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return xatom(name, args, f); });
    }

    // ---- imaplib's *args: both forms ---------------------------------------------------
    // Any number of strings, then std::error_code& for the form that does not throw:
    //   M.uid("FETCH", "1:*", "(FLAGS)");       M.uid("FETCH", "1:*", "(FLAGS)", ec);
    // A braced list or a std::vector<std::string_view> may stand for the strings.

    template <class... Criteria>
    imaplib::response search(string_or_none charset, Criteria&&... criteria) {
        return with_star_args([&](arg_list list, failure& f) { return search(charset, list, f); }, criteria...);
    }
    template <class... Args>
    imaplib::response setannotation(Args&&... args) {
        return with_star_args([&](arg_list list, failure& f) { return setannotation(list, f); }, args...);
    }
    template <class... Criteria>
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, Criteria&&... criteria) {
        return with_star_args([&](arg_list list, failure& f) { return sort(sort_criteria, charset, list, f); },
                              criteria...);
    }
    template <class... Criteria>
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset, Criteria&&... criteria) {
        return with_star_args(
            [&](arg_list list, failure& f) { return thread(threading_algorithm, charset, list, f); }, criteria...);
    }
    template <class... Args>
    imaplib::response uid(std::string_view command, Args&&... args) {
        return with_star_args([&](arg_list list, failure& f) { return uid(command, list, f); }, args...);
    }
    template <class... Args>
    imaplib::response xatom(std::string_view name, Args&&... args) {
        return with_star_args([&](arg_list list, failure& f) { return xatom(name, list, f); }, args...);
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    // ---- throwing forms: imaplib's signatures and defaults ---------------------------

    void open(std::string_view host = "", std::uint16_t port = default_port, timeout_type timeout = {}) {
        call([&](failure& f) { open(host, port, timeout, f); });
    }
    std::string read(std::size_t size) { return call([&](failure& f) { return read(size, f); }); }
    std::string readline() { return call([&](failure& f) { return readline(f); }); }
    void send(std::string_view data) { call([&](failure& f) { send(data, f); }); }
    imaplib::response recent() { return call([&](failure& f) { return recent(f); }); }

    imaplib::response append(string_or_none mailbox, string_or_none flags,
                             const internaldate_arg& date_time, std::string_view message) {
        return call([&](failure& f) { return append(mailbox, flags, date_time, message, f); });
    }
    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject) {
        return call([&](failure& f) { return authenticate(mechanism, std::move(authobject), f); });
    }
    template <class Mechanism, std::enable_if_t<is_sasl_mechanism_v<std::remove_cv_t<std::remove_reference_t<Mechanism>>>, int> = 0>
    imaplib::response authenticate(Mechanism&& mechanism) {
        return call([&](failure& f) { return sasl_exchange(mechanism, f); });
    }
    login_result login_best(std::string_view user, std::string_view password, const login_options& options = {}) {
        return call([&](failure& f) { return login_best(user, password, options, f); });
    }
    sasl::channel_binding channel_binding() { return call([&](failure& f) { return channel_binding(f); }); }
    imaplib::response capability() { return call([&](failure& f) { return capability(f); }); }
    imaplib::response check() { return call([&](failure& f) { return check(f); }); }
    imaplib::response close() { return call([&](failure& f) { return close(f); }); }
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox) {
        return call([&](failure& f) { return copy(message_set, new_mailbox, f); });
    }
    imaplib::response create(std::string_view mailbox) { return call([&](failure& f) { return create(mailbox, f); }); }
    imaplib::response delete_mailbox(std::string_view mailbox) {
        return call([&](failure& f) { return delete_mailbox(mailbox, f); });
    }
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who) {
        return call([&](failure& f) { return deleteacl(mailbox, who, f); });
    }
    imaplib::response enable(std::string_view capability) {
        return call([&](failure& f) { return enable(capability, f); });
    }
    imaplib::response expunge() { return call([&](failure& f) { return expunge(f); }); }
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts) {
        return call([&](failure& f) { return fetch(message_set, message_parts, f); });
    }
    imaplib::response getacl(std::string_view mailbox) { return call([&](failure& f) { return getacl(mailbox, f); }); }
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute) {
        return call([&](failure& f) { return getannotation(mailbox, entry, attribute, f); });
    }
    imaplib::response getquota(std::string_view root) { return call([&](failure& f) { return getquota(root, f); }); }
    imaplib::response getquotaroot(std::string_view mailbox) {
        return call([&](failure& f) { return getquotaroot(mailbox, f); });
    }
    imaplib::response list(std::string_view directory = "\"\"", std::string_view pattern = "*") {
        return call([&](failure& f) { return list(directory, pattern, f); });
    }
    imaplib::response login(std::string_view user, std::string_view password) {
        return call([&](failure& f) { return login(user, password, f); });
    }
    imaplib::response login_cram_md5(std::string_view user, std::string_view password) {
        return call([&](failure& f) { return login_cram_md5(user, password, f); });
    }
    imaplib::response logout() { return call([&](failure& f) { return logout(f); }); }
    imaplib::response lsub(std::string_view directory = "\"\"", std::string_view pattern = "*") {
        return call([&](failure& f) { return lsub(directory, pattern, f); });
    }
    imaplib::response myrights(std::string_view mailbox) {
        return call([&](failure& f) { return myrights(mailbox, f); });
    }
    imaplib::response namespaces() { return call([&](failure& f) { return namespaces(f); }); }
    imaplib::response noop() { return call([&](failure& f) { return noop(f); }); }
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                              std::string_view length) {
        return call([&](failure& f) { return partial(message_num, message_part, start, length, f); });
    }
    imaplib::response proxyauth(std::string_view user) { return call([&](failure& f) { return proxyauth(user, f); }); }
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox) {
        return call([&](failure& f) { return rename(oldmailbox, newmailbox, f); });
    }
    imaplib::response select(std::string_view mailbox = "INBOX", bool readonly = false) {
        return call([&](failure& f) { return select(mailbox, readonly, f); });
    }
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what) {
        return call([&](failure& f) { return setacl(mailbox, who, what, f); });
    }
    imaplib::response setquota(std::string_view root, std::string_view limits) {
        return call([&](failure& f) { return setquota(root, limits, f); });
    }
    imaplib::response status(std::string_view mailbox, std::string_view names) {
        return call([&](failure& f) { return status(mailbox, names, f); });
    }
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags) {
        return call([&](failure& f) { return store(message_set, command, flags, f); });
    }
    imaplib::response subscribe(std::string_view mailbox) {
        return call([&](failure& f) { return subscribe(mailbox, f); });
    }
    imaplib::response unsubscribe(std::string_view mailbox) {
        return call([&](failure& f) { return unsubscribe(mailbox, f); });
    }
    imaplib::response unselect() { return call([&](failure& f) { return unselect(f); }); }
    imaplib::response compress(std::string_view mechanism = "DEFLATE") {
        return call([&](failure& f) { return compress(mechanism, f); });
    }
    template <class Context>
    imaplib::response starttls(const Context& ssl_context) {
        return call([&](failure& f) { return starttls(ssl_context, f); });
    }
    // starttls() with a default context: verification on, system CAs. Where it cannot
    // work the call does not compile (imaplib fails at run time: "SSL support missing").
    // A template, so an explicit instantiation of the client (separate compilation)
    // leaves it to its callers.
    template <class T = Transport>
    imaplib::response starttls() {
#ifdef IMAPLIB_USE_WOLFSSL
        static_assert(has_start_tls_v<T> || detail::dependent_false<T>,
                      "imaplib: starttls() needs a transport that can upgrade to TLS in place "
                      "(a start_tls(ctx, host, ec) member, docs/transports.md), such as imaplib::imap4's");
        using context = typename detail::dependent_type<tls_context, T>::type;
        return starttls(context{});
#else
        static_assert(detail::dependent_false<T>,
                      "imaplib: starttls() needs TLS: define IMAPLIB_USE_WOLFSSL and link wolfSSL "
                      "(CMake: -DIMAPLIB_TLS=ON and link imaplib::tls; Meson: -Dtls=enabled and "
                      "dependency('imaplib-tls'))");
        return {};
#endif
    }
#endif  // IMAPLIB_NO_EXCEPTIONS

    // ---- IDLE (RFC 2177), as imaplib 3.14's idle() and Idler ---------------------------

    // What idle() returns (engine/impl/basic_imap4_idle.hpp): entered, it yields the
    // untagged responses as they arrive; done() or its destructor sends DONE.
    class idler;
    // imaplib's idle(duration): sends IDLE and waits for the server's '+'. `duration`
    // ends the iteration after that long (none: never). The client must outlive the idler.
    idler idle(timeout_type duration, std::error_code& ec);
    // Beyond imaplib, for the idlers made afterwards. Restart: leave and re-enter IDLE
    // after this long (default 29 minutes, RFC 2177 section 3; nullopt: never), keeping
    // every response. Keepalive: after `quiet` without a response, leave IDLE, NOOP and
    // re-enter, all within `answer`, or fail with errc::keepalive_failed (an abort).
    void set_idle_restart(timeout_type every) noexcept { idle_restart_ = every; }
    void set_idle_keepalive(timeout_type quiet, std::chrono::milliseconds answer = std::chrono::seconds(10)) noexcept {
        idle_keepalive_ = quiet;
        idle_answer_ = answer;
    }
#ifndef IMAPLIB_NO_EXCEPTIONS
    idler idle(timeout_type duration = {});
#endif

    // imaplib's _mesg(): one timestamped line to the debug sink (stderr by default).
    void mesg(std::string_view text) { debug_->log.mesg(text); }
    // imaplib's print_log(): the last interactions, at debug level 1 and up.
    void print_log() { debug_->log.print_log(); }

private:
    // ---- the commands, failing with their message (engine/impl/basic_imap4_commands.hpp)

    imaplib::response append(string_or_none mailbox, string_or_none flags, const internaldate_arg& date_time, std::string_view message, failure& f);
    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject, failure& f);
    imaplib::response capability(failure& f);
    imaplib::response check(failure& f);
    // ---- SASL (engine/impl/basic_imap4_sasl.hpp)
    template <class Mechanism>
    imaplib::response sasl_exchange(Mechanism& mechanism, failure& f);
    template <class Mechanism>
    std::optional<std::string> sasl_answer(Mechanism& mechanism, std::optional<std::string>& held, failure& cancel);
    login_result login_best(std::string_view user, std::string_view password, const login_options& options, failure& f);
    template <class Mechanism>
    login_result login_with(Mechanism&& mechanism, failure& f);
    sasl::channel_binding channel_binding(failure& f);
    bool connection_is_tls() const noexcept;
    imaplib::response close(failure& f);
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox, failure& f);
    imaplib::response create(std::string_view mailbox, failure& f);
    imaplib::response delete_mailbox(std::string_view mailbox, failure& f);
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who, failure& f);
    imaplib::response enable(std::string_view capability, failure& f);
    imaplib::response expunge(failure& f);
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts, failure& f);
    imaplib::response getacl(std::string_view mailbox, failure& f);
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute, failure& f);
    imaplib::response getquota(std::string_view root, failure& f);
    imaplib::response getquotaroot(std::string_view mailbox, failure& f);
    imaplib::response list(std::string_view directory, std::string_view pattern, failure& f);
    imaplib::response login(std::string_view user, std::string_view password, failure& f);
    imaplib::response login_cram_md5(std::string_view user, std::string_view password, failure& f);
    imaplib::response logout(failure& f);
    imaplib::response lsub(std::string_view directory, std::string_view pattern, failure& f);
    imaplib::response myrights(std::string_view mailbox, failure& f);
    imaplib::response namespaces(failure& f);
    imaplib::response noop(failure& f);
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start, std::string_view length, failure& f);
    imaplib::response proxyauth(std::string_view user, failure& f);
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox, failure& f);
    imaplib::response search(string_or_none charset, arg_list criteria, failure& f);
    imaplib::response select(std::string_view mailbox, bool readonly, failure& f);
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what, failure& f);
    imaplib::response setannotation(arg_list args, failure& f);
    imaplib::response setquota(std::string_view root, std::string_view limits, failure& f);
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, arg_list search_criteria, failure& f);
    template <class Context>
    imaplib::response starttls(const Context& ssl_context, failure& f);
    imaplib::response status(std::string_view mailbox, std::string_view names, failure& f);
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags, failure& f);
    imaplib::response subscribe(std::string_view mailbox, failure& f);
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset, arg_list search_criteria, failure& f);
    imaplib::response uid(std::string_view command, arg_list args, failure& f);
    imaplib::response unselect(failure& f);
    imaplib::response compress(std::string_view mechanism, failure& f);
    imaplib::response unsubscribe(std::string_view mailbox, failure& f);
    imaplib::response xatom(std::string_view name, arg_list args, failure& f);

    // ---- errors --------------------------------------------------------------------

    // Records a failure. An abort-kind error means the connection is dead: it is closed,
    // so that nothing more is read from a stream in an unknown state.
    void fail(failure& f, std::error_code code, std::string message) {
        f.set(code, std::move(message));
        if (kind_of(code) == error_kind::abort && open_) close_transport();
    }
    void fail(failure& f, errc code, std::string message) { fail(f, make_error_code(code), std::move(message)); }
    imaplib::response fail_r(failure& f, std::error_code code, std::string message) {
        fail(f, code, std::move(message));
        return {};
    }
    imaplib::response fail_r(failure& f, errc code, std::string message) {
        return fail_r(f, make_error_code(code), std::move(message));
    }
    // A failure the session reported: a broken stream closes the connection too.
    bool failed(failure& f) {
        if (kind_of(f.code) == error_kind::abort && open_) close_transport();
        return false;
    }

    // The public API's boundary: the failure's message becomes error_message().
    template <class F>
    auto boundary(std::error_code& ec, F&& fn) {
        failure f;
        if constexpr (std::is_void_v<decltype(fn(f))>) {
            fn(f);
            settle(ec, f);
        } else {
            auto result = fn(f);
            settle(ec, f);
            return result;
        }
    }
    void settle(std::error_code& ec, failure& f) {
        ec = f.code;
        if (f) error_message_ = std::move(f.message);
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    template <class F>
    auto call(F&& fn) {
        failure f;
        if constexpr (std::is_void_v<decltype(fn(f))>) {
            fn(f);
            raise(f);
        } else {
            auto result = fn(f);
            raise(f);
            return result;
        }
    }
    void raise(failure& f) {
        if (!f) return;
        error_message_ = f.message;
        throw_error(f.code, f.message);
    }
#endif

    // The variadic methods' one body: splits off a trailing std::error_code&, makes an
    // arg_list of the rest and runs the throwing or the error_code form.
    template <class Run, class... Args>
    imaplib::response with_star_args(Run&& run, Args&... args) {
        using form = detail::star_args<Args&...>;
        static_assert(form::valid,
                      "imaplib: a variadic method (search, uid, xatom, sort, thread, setannotation) takes "
                      "strings (anything convertible to std::string_view), or one arg_list ({...} or a "
                      "std::vector<std::string_view>), then optionally a std::error_code& last: "
                      "M.uid(\"FETCH\", \"1:*\", \"(FLAGS)\") throws, "
                      "M.uid(\"FETCH\", \"1:*\", \"(FLAGS)\", ec) does not");
#ifdef IMAPLIB_NO_EXCEPTIONS
        static_assert(form::with_ec || !form::valid,
                      "imaplib: this build has no exceptions, so only the error_code forms exist: "
                      "pass a std::error_code& as the last argument");
#endif
        if constexpr (form::valid) {
            std::tuple<Args&...> refs(args...);
            return star_args_split<form>(run, refs, std::make_index_sequence<form::strings>());
        } else {
            return {};
        }
    }
    template <class Form, class Run, class Tuple, std::size_t... I>
    imaplib::response star_args_split(Run& run, Tuple& refs, std::index_sequence<I...>) {
        if constexpr (Form::as_list) {
            return star_args_run<Form>(run, refs, arg_list(std::get<0>(refs)));
        } else {
            const std::string_view list[] = {std::string_view(std::get<I>(refs))..., {}};
            return star_args_run<Form>(run, refs, arg_list(list, sizeof...(I)));
        }
    }
    template <class Form, class Run, class Tuple>
    imaplib::response star_args_run(Run& run, Tuple& refs, arg_list list) {
        if constexpr (Form::with_ec) {
            return boundary(std::get<Form::count - 1>(refs), [&](failure& f) { return run(list, f); });
        } else {
#ifndef IMAPLIB_NO_EXCEPTIONS
            return call([&](failure& f) { return run(list, f); });
#else
            return {};
#endif
        }
    }
#ifndef IMAPLIB_NO_EXCEPTIONS

    template <class Context>
    static Transport transport_with_certificate(string_or_none keyfile, string_or_none certfile,
                                                const Context& ssl_context) {
        const auto text = [](string_or_none a) { return a ? std::optional<std::string>(*a) : std::nullopt; };
        std::error_code ec;
        std::string why;
        Transport t = Transport::with_certificate(text(keyfile), text(certfile), ssl_context, ec, why);
        if (ec) throw std::invalid_argument(why.empty() ? ec.message() : why);
        return t;
    }
#endif

    std::string transport_error_text(const std::error_code& ec) const {
        if constexpr (has_error_detail_v<Transport>) {
            std::string detail(transport_.error_detail());
            if (!detail.empty()) return ec.message() + " (" + detail + ")";
        }
        return ec.message();
    }

    void close_transport() noexcept {
        transport_.shutdown();
        open_ = false;
        dead_ = true;
        session_.discard_io();
    }

    // The session reports to imaplib's debug output only when there is some.
    void observe() noexcept { session_.set_observer(debug() > 0 ? debug_.get() : nullptr); }

    // ---- the command deadline (set_deadline) ----------------------------------------

    // Arms the deadline for the command in its scope, unless an outer call did (connect()
    // reads the capabilities with a command of its own); disarmed, the transport gets
    // the per-read timeout back.
    class deadline_scope {
    public:
        explicit deadline_scope(basic_imap4& m) : m_(m), armed_(m.deadline_ && !m.deadline_at_) {
            if (armed_) m_.deadline_at_ = std::chrono::steady_clock::now() + *m_.deadline_;
        }
        ~deadline_scope() {
            if (!armed_) return;
            m_.deadline_at_.reset();
            m_.deadline_bound_ = false;
            m_.transport_.set_timeout(m_.timeout_);
        }
        deadline_scope(const deadline_scope&) = delete;
        deadline_scope& operator=(const deadline_scope&) = delete;

    private:
        basic_imap4& m_;
        bool armed_;
    };

    // Before each read and write while a deadline is armed: the transport waits at most
    // min(per-read timeout, time left). False, and the connection closed, once it passed.
    bool arm_io(failure& f) {
        if (!deadline_at_) return true;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_at_ - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            deadline_bound_ = true;
            fail(f, errc::timeout, deadline_text());
            return false;
        }
        deadline_bound_ = !timeout_ || left < *timeout_;
        transport_.set_timeout(deadline_bound_ ? left : *timeout_);
        return true;
    }
    std::string deadline_text() const {
        return "command deadline of " + std::to_string(deadline_ ? deadline_->count() : 0) + " ms passed";
    }

    // ---- connecting ------------------------------------------------------------------

    void connect(std::string_view host, std::uint16_t port, timeout_type timeout, failure& f) {
        const deadline_scope scope(*this);  // set_deadline: the connection, greeting included
        open(host, port, timeout, f);
        if (!f) greet(f);
        if (f && open_) close_transport();
    }

    void open(std::string_view host, std::uint16_t port, timeout_type timeout, failure& f) {
        if (timeout && timeout->count() == 0)
            return fail(f, errc::invalid_argument, "Non-blocking socket (timeout=0) is not supported");
        if (!timeout) timeout = get_default_timeout();
        host_ = std::string(host);
        port_ = port;
        if (on_open_) on_open_(host_, port_);
        timeout_ = timeout;
        transport_.set_timeout(timeout);
        if (!arm_io(f)) return;
        std::error_code ec;
        transport_.open(host, port, ec);
        if (ec == errc::timeout && deadline_bound_) return fail(f, ec, deadline_text());
        if (ec) return fail(f, ec, "socket error: " + transport_error_text(ec));
        open_ = true;
        dead_ = false;
        session_.discard_io();
    }

    void greet(failure& f) {
        static thread_local std::mt19937 random{std::random_device{}()};
        session_.start(int_to_ap(std::uniform_int_distribution<int>(4096, 65535)(random)));
        tls_established_ = false;
        utf8_enabled_ = false;
        if (debug() >= 1) mesg("new IMAP4 connection, tag=" + session_.tagpre());
        get_response(f, &welcome_);
        if (f) return;
        if (session_.find_untagged("PREAUTH")) {
            session_.state(state::auth);
        } else if (session_.find_untagged("OK")) {
            session_.state(state::nonauth);
        } else {
            // A BYE (or anything else) as the greeting: imaplib raises error(welcome).
            return fail(f, session_.find_untagged("BYE") ? errc::bye : errc::protocol_violation,
                        detail::repr(welcome_));
        }
        get_capabilities(f);
        if (f) return;
        if (debug() >= 3) mesg("CAPABILITIES: " + python_repr(capabilities_));
        for (std::string_view version : AllowedVersions) {
            if (has_capability(version)) {
                protocol_version_ = std::string(version);
                return;
            }
        }
        fail(f, errc::protocol_violation, "server not IMAP4 compliant");
    }

    void get_capabilities(failure& f) {
        imaplib::response r = capability(f);
        if (f) return;
        if (r.data.size() == 1 && r.data[0].is_none())
            return fail(f, errc::protocol_violation, "no CAPABILITY response from server");
        const std::string text = detail::to_upper(r.data.back().bytes());
        capabilities_.clear();
        for (std::string_view word : split(text)) capabilities_.emplace_back(word);
    }

    bool has_capability(std::string_view name) const {
        return std::find(capabilities_.begin(), capabilities_.end(), name) != capabilities_.end();
    }

    // ---- the transport: bytes between it and the session ---------------------------------

    // Reads more bytes into the session's buffer (no copy in between). False on failure.
    bool fill(failure& f) {
        if (!open_ || dead_) {
            fail(f, errc::connection_closed, "socket error: EOF");
            return false;
        }
        constexpr std::size_t chunk = 64 * 1024;
        std::error_code ec;
        char* space = session_.prepare(chunk);
        if (!arm_io(f)) return false;
        const std::size_t n = transport_.read_some(space, chunk, ec);
        if (ec) {
            fail(f, ec,
                 ec == errc::connection_closed       ? std::string("socket error: EOF")
                 : ec == errc::timeout && deadline_bound_ ? deadline_text()
                                                          : "socket error: " + transport_error_text(ec));
            return false;
        }
        session_.commit(n);
        return true;
    }

    // Writes what the session has to send, one part per write (imaplib's send()).
    bool flush(failure& f) {
        while (session_.has_output()) {
            const std::string_view out = session_.output();
            if (!send(out, f)) return false;
            session_.consume_output(out.size());
        }
        return true;
    }

    bool send(std::string_view data, failure& f) {
        if (on_send_) on_send_(data);
        if (!open_ || dead_) {
            fail(f, errc::connection_closed, "socket error: connection closed");
            return false;
        }
        if (!arm_io(f)) return false;
        std::error_code ec;
        transport_.write_all(data.data(), data.size(), ec);
        if (ec) {
            const std::string text =
                ec == errc::timeout && deadline_bound_ ? deadline_text() : "socket error: " + transport_error_text(ec);
            close_transport();
            fail(f, ec, text);
            return false;
        }
        return true;
    }

    std::string read(std::size_t size, failure& f) {
        while (session_.input().size() < size && fill(f)) {}
        if (f && f.code != errc::connection_closed) return {};
        f = failure{};
        const std::string_view in = session_.input();
        std::string out(in.substr(0, std::min(size, in.size())));
        session_.consume_input(out.size());
        return out;
    }
    std::string readline(failure& f) {
        std::size_t scanned = 0;
        for (;;) {
            const std::string_view view = session_.input();
            const auto lf = view.find('\n', scanned);
            if (lf != std::string_view::npos) {
                std::string out(view.substr(0, lf + 1));
                session_.consume_input(lf + 1);
                return out;
            }
            scanned = view.size();
            const std::size_t max_line = session_.response_limits().max_line;
            if (scanned > max_line) {
                fail(f, errc::line_too_long, "got more than " + std::to_string(max_line) + " bytes");
                return {};
            }
            if (!fill(f)) {
                if (f.code == errc::connection_closed) {
                    f = failure{};
                    std::string out(session_.input());
                    session_.consume_input(out.size());
                    return out;
                }
                return {};
            }
        }
    }

    // imaplib's _get_response(): reads until the session has taken one response. Returns
    // false for a continuation request (imaplib's None). `first_line`, when given,
    // receives the response's first line (the greeting's is imaplib's `welcome`).
    bool get_response(failure& f, std::string* first_line = nullptr) {
        session_event ev;
        while (!session_.next(ev, f)) {
            if (f) return failed(f);
            if (!fill(f)) return false;
        }
        if (first_line) first_line->assign(ev.line.data(), ev.line.size());
        return ev.type != session_event::kind::continuation;
    }

    // ---- commands ----------------------------------------------------------------------

    // imaplib's _command(): sends the command (its literals after the server's go-ahead)
    // and returns its tag. AUTHENTICATE has its own loop (impl/basic_imap4_sasl.hpp).
    std::string command(std::string_view name, const command_arg* args, std::size_t nargs, arg_list extra,
                        failure& f) {
        if (!before_command(name, f)) return {};
        std::string tag = session_.command(name, args, nargs, extra, f);
        if (f) return {};
        if (session_.sending(tag) && !no_early_continuation(f)) return {};
        if (!flush(f)) return {};
        while (session_.sending(tag)) {
            // A tagged reply (NO, BAD) instead of '+' ends the command and the literal is
            // never sent (RFC 3501 section 7.5).
            while (get_response(f)) {
                if (session_.completed(tag)) return tag;
            }
            if (f) return {};
            if (!flush(f)) return {};
        }
        return tag;
    }

    // imaplib's checks before _command() sends anything: the state, the READ-ONLY change;
    // and the OK, NO and BAD responses of the last command are dropped.
    bool before_command(std::string_view name, failure& f) {
        state_set set = 0;
        if (!session_.allowed(name, set)) {
            fail(f, errc::illegal_state, session_.illegal_state_text(name, set));
            return false;
        }
        for (const char* typ : {"OK", "NO", "BAD"}) session_.pop_untagged(typ);
        if (session_.find_untagged("READ-ONLY") && !is_readonly_) {
            fail(f, errc::mailbox_readonly, "mailbox status changed to READ-ONLY");
            return false;
        }
        return true;
    }

    // Before a command that waits for "+" is written: every response already received,
    // and whatever the transport can deliver without blocking (available(), when it has
    // one), is taken now. A "+" among them came before the command, so the session calls
    // it stale (RFC 9051 section 7.5) and nothing of the command goes out. A "+" still in
    // the network when the command leaves cannot be told from the real answer: the
    // server's reply carries no tag. False (and an abort) on failure.
    bool no_early_continuation(failure& f) {
        for (;;) {
            session_event ev;
            while (session_.next(ev, f)) {}
            if (f) return failed(f);
            if constexpr (has_available_v<Transport>) {
                if (open_ && !dead_) {
                    std::error_code ec;
                    const std::size_t ready = transport_.available(ec);
                    if (ec) {
                        fail(f, ec, "socket error: " + transport_error_text(ec));
                        return false;
                    }
                    if (ready > 0) {
                        if (!fill(f)) return false;
                        continue;
                    }
                }
            }
            return check_bye(f);
        }
    }

    // imaplib's _command_complete().
    imaplib::response command_complete(std::string_view name, const std::string& tag, failure& f) {
        const bool logout = name == "LOGOUT";
        if (!logout && !check_bye(f)) return {};
        imaplib::response r = get_tagged_response(tag, logout, f);
        if (f) {
            f.message = "command: " + std::string(name) + " => " + f.message;
            return {};
        }
        if (!logout && !check_bye(f)) return {};
        if (r.typ == "BAD")
            return fail_r(f, errc::command_failed, std::string(name) + " command error: BAD " + python_repr(r.data));
        return r;
    }

    imaplib::response get_tagged_response(const std::string& tag, bool expect_bye, failure& f) {
        for (;;) {
            if (std::optional<imaplib::response> r = session_.take_tagged(tag)) return std::move(*r);
            if (expect_bye) {
                if (std::optional<data_list> bye = session_.pop_untagged("BYE")) {
                    session_.forget(tag);
                    return {"BYE", std::move(*bye)};
                }
            }
            if (!check_bye(f)) return {};
            get_response(f);
            if (f) {
                if (debug() >= 1 && kind_of(f.code) == error_kind::abort) print_log();
                return {};
            }
        }
    }

    // imaplib's _check_bye().
    bool check_bye(failure& f) {
        if (!session_.has_bye()) return true;  // once per response read: no lookup
        const data_list* bye = session_.find_untagged("BYE");
        if (bye && !bye->empty()) {
            fail(f, errc::bye, detail::decode_replace(bye->back().bytes()));
            return false;
        }
        return true;
    }

    imaplib::response simple_command(std::string_view name, std::initializer_list<command_arg> args, arg_list extra,
                                     failure& f) {
        return simple_command(name, args.begin(), args.size(), extra, f);
    }
    template <std::size_t N>
    imaplib::response simple_command(std::string_view name, const command_arg (&args)[N], arg_list extra,
                                     failure& f) {
        return simple_command(name, args, N, extra, f);
    }
    imaplib::response simple_command(std::string_view name, const command_arg* args, std::size_t nargs,
                                     arg_list extra, failure& f) {
        const deadline_scope scope(*this);
        const std::string tag = command(name, args, nargs, extra, f);
        if (f) return {};
        return command_complete(name, tag, f);
    }
    imaplib::response simple(std::string_view name, std::initializer_list<command_arg> args, failure& f) {
        return simple_command(name, args, {}, f);
    }
    // A command whose result is the untagged responses called `result_name`.
    imaplib::response named(std::string_view name, std::initializer_list<command_arg> args,
                            std::string_view result_name, failure& f) {
        return untagged_response(simple(name, args, f), result_name, f);
    }

    // imaplib's _untagged_response(typ, dat, name).
    imaplib::response untagged_response(imaplib::response r, std::string_view name) {
        if (r.typ == "NO") return r;
        std::optional<data_list> data = session_.pop_untagged(name);
        if (!data) return {std::move(r.typ), {data_item{}}};
        if (debug() >= 5) mesg("untagged_responses[" + std::string(name) + "] => " + python_repr(*data));
        return {std::move(r.typ), std::move(*data)};
    }
    imaplib::response untagged_response(imaplib::response r, std::string_view name, failure& f) {
        if (f) return {};
        return untagged_response(std::move(r), name);
    }

    imaplib::response recent(failure& f) {
        imaplib::response r = untagged_response({"OK", {data_item{}}}, "RECENT");
        if (r.data.back()) return r;
        r = noop(f);
        if (f) return {};
        return untagged_response(std::move(r), "RECENT");
    }

    Transport transport_;
    session session_;
    std::unique_ptr<detail::imaplib_debug> debug_;  // on the heap: the session points to it

    bool open_ = false;
    bool dead_ = false;
    bool is_readonly_ = false;
    bool utf8_enabled_ = false;  // imaplib's utf8_enabled
    bool tls_established_ = false;
    bool idling_ = false;  // an idler is entered (imaplib's IDLING state)
    timeout_type idle_restart_ = std::chrono::minutes(29);
    timeout_type idle_keepalive_;
    std::chrono::milliseconds idle_answer_ = std::chrono::seconds(10);
    timeout_type timeout_;   // per read and write, as given to open()
    timeout_type deadline_;  // per command (set_deadline)
    std::optional<std::chrono::steady_clock::time_point> deadline_at_;  // while armed
    bool deadline_bound_ = false;  // the last wait given to the transport ends at the deadline
    std::string host_;
    std::uint16_t port_ = 0;
    std::string welcome_;
    std::string protocol_version_;
    std::string error_message_;
    std::vector<std::string> capabilities_;
    open_hook_type on_open_;
    send_hook_type on_send_;
};

IMAPLIB_END_NAMESPACE

// begin <imaplib/engine/impl/basic_imap4_commands.hpp>
// imaplib-cpp: basic_imap4's IMAP commands, each as imaplib.py runs it: the arguments it
// sends, the untagged responses it returns, the state it moves to, its messages.
// Included by engine/basic_imap4.hpp (Beast's impl/ split); the declarations are there.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_COMMANDS_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_COMMANDS_HPP

// #include <imaplib/engine/basic_imap4.hpp>: inlined above

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

template <class Transport>
response basic_imap4<Transport>::append(string_or_none mailbox, string_or_none flags,
                                        const internaldate_arg& date_time, std::string_view message, failure& f) {
    std::string flag_list;
    if (flags && !flags->empty()) {
        flag_list = (flags->front() == '(' && flags->back() == ')') ? std::string(*flags)
                                                                      : "(" + std::string(*flags) + ")";
    }
    std::string date;
    if (date_time.given()) {
        std::error_code ec;
        date = date_time.text(ec);
        if (ec) return fail_r(f, errc::invalid_argument, "date_time not of a known type");
    }
    std::string mapped;
    if (detail::needs_crlf_mapping(message)) {
        mapped = detail::map_crlf(message);
        message = mapped;
    }
    const std::string_view box = (mailbox && !mailbox->empty()) ? *mailbox : std::string_view("INBOX");
    const command_arg args[] = {
        {box, detail::arg_kind::astring, true},
        {flag_list, detail::arg_kind::flags, !flag_list.empty()},
        {date, detail::arg_kind::date_time, !date.empty()},
        // RFC 6855 section 4: after ENABLE UTF8=ACCEPT the message goes as UTF8 (~{N})
        // (imaplib puts those words inside the literal).
        {message, session_.utf8_accepted() ? detail::arg_kind::utf8_literal : detail::arg_kind::literal, true}};
    return simple_command("APPEND", args, {}, f);
}

template <class Transport>
response basic_imap4<Transport>::close(failure& f) {
    imaplib::response r = simple("CLOSE", {}, f);
    session_.state(state::auth);
    return r;
}

template <class Transport>
response basic_imap4<Transport>::enable(std::string_view capability, failure& f) {
    if (!has_capability("ENABLE")) return fail_r(f, errc::capability_missing, "Server does not support ENABLE");
    imaplib::response r = simple("ENABLE", {{capability, detail::arg_kind::raw}}, f);
    if (!f && r.typ == "OK" && detail::to_upper(capability).find("UTF8=ACCEPT") != std::string::npos) {
        utf8_enabled_ = true;  // imaplib's attribute, set on the OK alone
        // What goes on the wire follows what the server confirmed (RFC 5161 section 3.1:
        // "* ENABLED UTF8=ACCEPT"); a server may answer OK and enable nothing.
        if (const data_list* enabled = session_.find_untagged("ENABLED"))
            for (const data_item& item : *enabled)
                for (std::string_view word : split(item.bytes()))
                    if (detail::to_upper(word) == "UTF8=ACCEPT") session_.utf8_accepted(true);
    }
    return r;
}

// (typ, [[QUOTAROOT responses...], [QUOTA responses...]]), as imaplib.
template <class Transport>
response basic_imap4<Transport>::getquotaroot(std::string_view mailbox, failure& f) {
    imaplib::response r = simple("GETQUOTAROOT", {{mailbox, detail::arg_kind::astring}}, f);
    if (f) return {};
    imaplib::response quota = untagged_response({r.typ, r.data}, "QUOTA");
    imaplib::response quotaroot = untagged_response({quota.typ, r.data}, "QUOTAROOT");
    return {quotaroot.typ, {data_item::from_list(std::move(quotaroot.data)), data_item::from_list(std::move(quota.data))}};
}

template <class Transport>
response basic_imap4<Transport>::login(std::string_view user, std::string_view password, failure& f) {
    // RFC 3501 section 6.2.3: LOGINDISABLED forbids LOGIN; refuse before the password
    // leaves this process.
    if (has_capability("LOGINDISABLED"))
        return fail_r(f, errc::logindisabled, "LOGIN is disabled by the server (LOGINDISABLED)");
    imaplib::response r = simple("LOGIN", {{user, detail::arg_kind::astring}, {password, detail::arg_kind::quoted}}, f);
    if (f) return {};
    if (r.typ != "OK") return fail_r(f, errc::command_failed, detail::last_item_repr(r));
    session_.state(state::auth);
    return r;
}

template <class Transport>
response basic_imap4<Transport>::logout(failure& f) {
    session_.state(state::logout);
    imaplib::response r = simple("LOGOUT", {}, f);
    shutdown();
    return r;
}

template <class Transport>
response basic_imap4<Transport>::search(string_or_none charset, arg_list criteria, failure& f) {
    if (charset && !charset->empty()) {
        if (utf8_enabled_) return fail_r(f, errc::invalid_argument, "Non-None charset not valid in UTF8 mode");
        const command_arg args[] = {{"CHARSET", detail::arg_kind::raw, true}, {*charset, detail::arg_kind::raw, true}};
        return untagged_response(simple_command("SEARCH", args, criteria, f), "SEARCH", f);
    }
    return untagged_response(simple_command("SEARCH", nullptr, 0, criteria, f), "SEARCH", f);
}

template <class Transport>
response basic_imap4<Transport>::select(std::string_view mailbox, bool readonly, failure& f) {
    session_.clear_untagged();  // imaplib flushes old responses
    is_readonly_ = readonly;
    imaplib::response r = simple(readonly ? "EXAMINE" : "SELECT", {{mailbox, detail::arg_kind::astring}}, f);
    if (f) return {};
    if (r.typ != "OK") {
        session_.state(state::auth);
        return r;
    }
    session_.state(state::selected);
    if (session_.find_untagged("READ-ONLY") && !readonly)
        return fail_r(f, errc::mailbox_readonly, std::string(mailbox) + " is not writable");
    if (const data_list* exists = session_.find_untagged("EXISTS")) return {r.typ, *exists};
    return {r.typ, {data_item{}}};
}

template <class Transport>
response basic_imap4<Transport>::sort(std::string_view sort_criteria, std::string_view charset,
                                      arg_list search_criteria, failure& f) {
    std::string criteria(sort_criteria);
    if (criteria.empty() || criteria.front() != '(' || criteria.back() != ')') criteria = "(" + criteria + ")";
    const command_arg args[] = {{criteria, detail::arg_kind::raw, true}, {charset, detail::arg_kind::raw, true}};
    return untagged_response(simple_command("SORT", args, search_criteria, f), "SORT", f);
}

template <class Transport>
response basic_imap4<Transport>::store(std::string_view message_set, std::string_view command,
                                       std::string_view flags, failure& f) {
    std::string list(flags);
    if (list.empty() || list.front() != '(' || list.back() != ')') list = "(" + list + ")";
    // Only the FLAGS family takes a flag list; other items (X-GM-LABELS) take strings.
    const bool is_flags = detail::to_upper(command).find("FLAGS") != std::string::npos;
    return named("STORE",
                 {{message_set, detail::arg_kind::raw}, {command, detail::arg_kind::raw},
                  {list, is_flags ? detail::arg_kind::flags : detail::arg_kind::raw}},
                 "FETCH", f);
}

template <class Transport>
response basic_imap4<Transport>::thread(std::string_view threading_algorithm, std::string_view charset,
                                        arg_list search_criteria, failure& f) {
    const command_arg args[] = {{threading_algorithm, detail::arg_kind::raw, true},
                                {charset, detail::arg_kind::raw, true}};
    return untagged_response(simple_command("THREAD", args, search_criteria, f), "THREAD", f);
}

template <class Transport>
response basic_imap4<Transport>::uid(std::string_view command, arg_list args, failure& f) {
    const std::string name = detail::to_upper(command);
    const command_info* info = find_command(name);
    if (!info) return fail_r(f, errc::invalid_argument, "Unknown IMAP4 UID command: " + name);
    if (!(info->allowed & static_cast<state_set>(session_.state())))
        return fail_r(f, errc::illegal_state, session_.illegal_state_text(name, info->allowed));
    const command_arg first[] = {{name, detail::arg_kind::raw, true}};
    imaplib::response r = simple_command("UID", first, args, f);
    const bool own = name == "SEARCH" || name == "SORT" || name == "THREAD";
    return untagged_response(std::move(r), own ? name : std::string("FETCH"), f);
}

template <class Transport>
response basic_imap4<Transport>::unselect(failure& f) {
    imaplib::response r = simple("UNSELECT", {}, f);
    session_.state(state::auth);
    return r;
}

// An extension command; like imaplib, an unknown name becomes legal in the state it is
// first used in (for this connection only).
template <class Transport>
response basic_imap4<Transport>::xatom(std::string_view name, arg_list args, failure& f) {
    // The name goes on the wire as the command: it must be an atom (RFC 3501 section 9).
    const auto atom_char = [](char c) { return detail::is_astring_char(static_cast<unsigned char>(c)) && c != ']'; };
    if (name.empty() || !std::all_of(name.begin(), name.end(), atom_char))
        return fail_r(f, errc::invalid_argument, "xatom: not an atom: " + detail::repr(name.substr(0, 60)));
    const std::string upper = detail::to_upper(name);
    if (!find_command(upper) && !session_.find_extension(upper))
        session_.add_extension(upper, static_cast<state_set>(session_.state()));
    return simple_command(upper, nullptr, 0, args, f);
}

// STARTTLS (RFC 3501 6.2.1) on a transport that can upgrade in place. The checks come in
// imaplib's order, with its messages. Every failure after the first check is an abort
// that closes the connection (imaplib raises error for NO and BAD, and keeps the
// connection): a program that catches it and goes on must not send credentials in
// clear text over a connection whose upgrade was refused or stripped.
template <class Transport>
template <class Context>
response basic_imap4<Transport>::starttls(const Context& ssl_context, failure& f) {
#if !defined(IMAPLIB_USE_WOLFSSL)
    if constexpr (!has_start_tls_v<Transport>)  // imaplib: HAVE_SSL is false
        return fail_r(f, errc::not_supported, "SSL support missing");
#endif
    if (tls_established_) return fail_r(f, errc::starttls_refused, "TLS session already established");
    if (!has_capability("STARTTLS")) return fail_r(f, errc::starttls_refused, "TLS not supported by server");
    if constexpr (!has_start_tls_v<Transport>) {
        (void)ssl_context;
        return fail_r(f, errc::not_supported, "this transport cannot upgrade to TLS in place");
    } else {
        imaplib::response r = simple("STARTTLS", {}, f);
        if (f.code == errc::command_failed) {  // BAD
            std::string text = std::move(f.message);
            return fail_r(f, errc::starttls_refused, std::move(text));
        }
        if (f) return {};
        if (r.typ != "OK") return fail_r(f, errc::starttls_refused, "Couldn't establish TLS session");
        if (!session_.upgrade_ready(f)) {
            close_transport();
            return {};
        }
        std::error_code ec;
        transport_.start_tls(ssl_context, host_, ec);
        if (ec) {
            const std::string text = "TLS handshake failed: " + transport_error_text(ec);
            close_transport();
            return fail_r(f, ec, text);
        }
        tls_established_ = true;
        session_.upgraded();
        get_capabilities(f);
        if (f) return {};
        return untagged_response(std::move(r), "STARTTLS");
    }
}

// COMPRESS (RFC 4978) on a transport that can switch compression on. Compressed data
// starts right after the tagged OK's CRLF (section 3), so whatever the session read past
// it goes to the inflater, not to the framing. A NO leaves the connection as it was.
template <class Transport>
response basic_imap4<Transport>::compress(std::string_view mechanism, failure& f) {
    const std::string upper = detail::to_upper(mechanism);
    if (upper != "DEFLATE")
        return fail_r(f, errc::invalid_argument, "compress: unknown mechanism " + detail::repr(mechanism.substr(0, 60)));
    if constexpr (!detail::has_start_compress_v<Transport>) {
        return fail_r(f, errc::not_supported, "this transport cannot compress (use basic_compress_transport)");
    } else {
        if (transport_.compressing()) return fail_r(f, errc::command_failed, "compression already active");
        // Servers announce COMPRESS after login (Dovecot does); imaplib's capabilities
        // are the greeting's, so ask again once before refusing.
        if (!has_capability("COMPRESS=DEFLATE")) {
            get_capabilities(f);
            if (f) return {};
        }
        if (!has_capability("COMPRESS=DEFLATE"))
            return fail_r(f, errc::capability_missing, "Server does not support COMPRESS=DEFLATE");
        if (!session_.find_extension("COMPRESS")) session_.add_extension("COMPRESS", detail::auth_or_selected);
        imaplib::response r = simple("COMPRESS", {{upper, detail::arg_kind::raw}}, f);
        if (f || r.typ != "OK") return r;
        const std::string_view received = session_.input();
        std::error_code ec;
        transport_.start_compress(received, ec);
        session_.consume_input(received.size());
        if (ec) return fail_r(f, ec, "COMPRESS: " + transport_error_text(ec));
        return r;
    }
}

// ---- commands that are one call: a name, its arguments, the responses returned ----------

template <class Transport>
response basic_imap4<Transport>::capability(failure& f) {
    return named("CAPABILITY", {}, "CAPABILITY", f);
}

template <class Transport>
response basic_imap4<Transport>::check(failure& f) {
    return simple("CHECK", {}, f);
}

template <class Transport>
response basic_imap4<Transport>::copy(std::string_view message_set, std::string_view new_mailbox, failure& f) {
    return simple("COPY", {{message_set, detail::arg_kind::raw}, {new_mailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::create(std::string_view mailbox, failure& f) {
    return simple("CREATE", {{mailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::delete_mailbox(std::string_view mailbox, failure& f) {
    return simple("DELETE", {{mailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::deleteacl(std::string_view mailbox, std::string_view who, failure& f) {
    return simple("DELETEACL", {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::expunge(failure& f) {
    return named("EXPUNGE", {}, "EXPUNGE", f);
}

template <class Transport>
response basic_imap4<Transport>::fetch(std::string_view message_set, std::string_view message_parts, failure& f) {
    return named("FETCH", {{message_set, detail::arg_kind::raw}, {message_parts, detail::arg_kind::raw}}, "FETCH", f);
}

template <class Transport>
response basic_imap4<Transport>::getacl(std::string_view mailbox, failure& f) {
    return named("GETACL", {{mailbox, detail::arg_kind::astring}}, "ACL", f);
}

template <class Transport>
response basic_imap4<Transport>::getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute, failure& f) {
    return named("GETANNOTATION",
                 {{mailbox, detail::arg_kind::astring}, {entry, detail::arg_kind::raw}, {attribute, detail::arg_kind::raw}},
                 "ANNOTATION", f);
}

template <class Transport>
response basic_imap4<Transport>::getquota(std::string_view root, failure& f) {
    return named("GETQUOTA", {{root, detail::arg_kind::astring}}, "QUOTA", f);
}

template <class Transport>
response basic_imap4<Transport>::list(std::string_view directory, std::string_view pattern, failure& f) {
    return named("LIST", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring_or_list}},
                 "LIST", f);
}

template <class Transport>
response basic_imap4<Transport>::lsub(std::string_view directory, std::string_view pattern, failure& f) {
    return named("LSUB", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring}}, "LSUB", f);
}

template <class Transport>
response basic_imap4<Transport>::myrights(std::string_view mailbox, failure& f) {
    return named("MYRIGHTS", {{mailbox, detail::arg_kind::astring}}, "MYRIGHTS", f);
}

template <class Transport>
response basic_imap4<Transport>::namespaces(failure& f) {
    return named("NAMESPACE", {}, "NAMESPACE", f);
}

template <class Transport>
response basic_imap4<Transport>::noop(failure& f) {
    return simple("NOOP", {}, f);
}

template <class Transport>
response basic_imap4<Transport>::partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                                       std::string_view length, failure& f) {
    return named("PARTIAL",
                 {{message_num, detail::arg_kind::raw}, {message_part, detail::arg_kind::raw},
                  {start, detail::arg_kind::raw}, {length, detail::arg_kind::raw}},
                 "FETCH", f);
}

template <class Transport>
response basic_imap4<Transport>::proxyauth(std::string_view user, failure& f) {
    return simple("PROXYAUTH", {{user, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::rename(std::string_view oldmailbox, std::string_view newmailbox, failure& f) {
    return simple("RENAME", {{oldmailbox, detail::arg_kind::astring}, {newmailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::setacl(std::string_view mailbox, std::string_view who, std::string_view what, failure& f) {
    return simple("SETACL",
                  {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring}, {what, detail::arg_kind::astring}},
                  f);
}

template <class Transport>
response basic_imap4<Transport>::setannotation(arg_list args, failure& f) {
    return untagged_response(simple_command("SETANNOTATION", nullptr, 0, args, f), "ANNOTATION", f);
}

template <class Transport>
response basic_imap4<Transport>::setquota(std::string_view root, std::string_view limits, failure& f) {
    return named("SETQUOTA", {{root, detail::arg_kind::astring}, {limits, detail::arg_kind::raw}}, "QUOTA", f);
}

template <class Transport>
response basic_imap4<Transport>::status(std::string_view mailbox, std::string_view names, failure& f) {
    return named("STATUS", {{mailbox, detail::arg_kind::astring}, {names, detail::arg_kind::raw}}, "STATUS", f);
}

template <class Transport>
response basic_imap4<Transport>::subscribe(std::string_view mailbox, failure& f) {
    return simple("SUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::unsubscribe(std::string_view mailbox, failure& f) {
    return simple("UNSUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, f);
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_COMMANDS_HPP
// end <imaplib/engine/impl/basic_imap4_commands.hpp>
// begin <imaplib/engine/impl/basic_imap4_sasl.hpp>
// imaplib-cpp: basic_imap4's AUTHENTICATE loop driven by a SASL mechanism (sasl/concept.hpp),
// imaplib's authenticate(name, authobject) and login_cram_md5 over it, and login_best().
// Included by engine/basic_imap4.hpp; the declarations are there.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SASL_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SASL_HPP

// #include <imaplib/engine/basic_imap4.hpp>: inlined above
// #include <imaplib/sasl/cram_md5.hpp>: inlined above
// #include <imaplib/sasl/plain.hpp>: inlined above
// #include <imaplib/sasl/scram.hpp>: inlined above
// #include <imaplib/util/base64.hpp>: inlined above

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

template <class Transport>
response basic_imap4<Transport>::authenticate(std::string_view mechanism, authobject_type authobject, failure& f) {
    detail::imaplib_authenticator adapter{detail::to_upper(mechanism), authobject};
    return sasl_exchange(adapter, f);
}

template <class Transport>
response basic_imap4<Transport>::login_cram_md5(std::string_view user, std::string_view password, failure& f) {
    sasl::cram_md5 mechanism{std::string(user), std::string(password)};
    return sasl_exchange(mechanism, f);
}

// RFC 9051 section 6.2.2, RFC 4959 (SASL-IR), and the mechanism contract of
// sasl/concept.hpp. A client-first mechanism's message is made before anything is sent,
// so a bad user name or token never costs a round trip; without SASL-IR (or when the
// line would be too long) it is held and answers the server's first, empty, challenge.
template <class Transport>
template <class Mechanism>
response basic_imap4<Transport>::sasl_exchange(Mechanism& m, failure& f) {
    constexpr bool imaplib_rules = std::is_same_v<Mechanism, detail::imaplib_authenticator>;
    std::string mech;
    std::optional<std::string> held;      // the client-first message, until it is sent
    std::optional<std::string> with_command;  // ...or, base64, on the command line
    if constexpr (imaplib_rules) {
        mech = m.mechanism;
    } else {
        mech = detail::to_upper(m.name());
        if (!detail::is_sasl_mechanism_name(mech))
            return fail_r(f, errc::invalid_argument, "not a SASL mechanism name: " + detail::repr(mech));
        // The state first: a token provider is not asked for a token that cannot be sent.
        if (!before_command("AUTHENTICATE", f)) return {};
        std::error_code ec;
        held = m.initial_response(ec);
        if (ec)
            return fail_r(f, ec == errc::invalid_argument ? ec : make_error_code(errc::command_failed),
                          "AUTHENTICATE " + mech + ": " + std::string(m.reason()));
        if (held && has_capability("SASL-IR")) {
            std::string b64 = held->empty() ? std::string("=") : base64_encode(*held);
            const std::size_t line = session_.tagpre().size() + 10 + 14 + mech.size() + 1 + b64.size() + 2;
            if (line <= detail::sasl_ir_max_line) {
                with_command = std::move(b64);
                held.reset();
            }
        }
    }

    const deadline_scope scope(*this);
    if (!before_command("AUTHENTICATE", f)) return {};
    const std::string tag = session_.authenticate(
        mech, with_command ? std::optional<std::string_view>(*with_command) : std::nullopt, f);
    if (f) return {};
    if (session_.sending(tag) && !no_early_continuation(f)) return {};
    if (!flush(f)) return {};

    failure cancel;  // why the client answered '*'
    bool done = false;
    while (!done && session_.sending(tag)) {
        while (get_response(f)) {
            if (session_.completed(tag)) {
                done = true;
                break;
            }
        }
        if (done) break;
        if (f) return {};
        if (!session_.sending(tag)) break;
        std::optional<std::string> answer;
        if constexpr (imaplib_rules) {
            answer = m.authobject(session_.challenge());
        } else {
            if (cancel) {  // '*' ends the exchange (RFC 9051 section 6.2.2): no challenge may follow
                close_transport();
                return fail_r(f, errc::protocol_violation,
                              "AUTHENTICATE " + mech + ": a challenge after the client cancelled (" + cancel.message + ")");
            }
            answer = sasl_answer(m, held, cancel);
        }
        session_.answer_challenge(answer);
        if (!flush(f)) return {};
    }

    failure server;
    imaplib::response r = command_complete("AUTHENTICATE", tag, server);
    if (server && kind_of(server.code) != error_kind::error) {
        f = std::move(server);
        return {};
    }
    if constexpr (!imaplib_rules) {
        if (cancel) {
            // The mechanism's reason is the error; the server misbehaving is an abort.
            const std::error_code code = cancel.code == errc::invalid_argument || cancel.code == errc::command_failed
                                             ? cancel.code
                                             : make_error_code(errc::protocol_violation);
            std::string text = "AUTHENTICATE " + mech + " cancelled: " + cancel.message;
            if (!server && r.typ == "OK") {
                close_transport();
                return fail_r(f, errc::protocol_violation, text + " (and the server said OK)");
            }
            return fail_r(f, code, std::move(text));
        }
    }
    if (server) {
        f = std::move(server);
        return {};
    }
    if (r.typ != "OK") {
        std::string text = detail::decode_replace(detail::last_text(r));
        if constexpr (!imaplib_rules)
            if (!m.reason().empty()) text += " (" + std::string(m.reason()) + ")";
        return fail_r(f, errc::command_failed, std::move(text));
    }
    if constexpr (!imaplib_rules) {
        if (!m.complete()) {
            // RFC 5802 section 5: an OK without the server's proof is no authentication.
            close_transport();
            return fail_r(f, errc::protocol_violation,
                          "AUTHENTICATE " + mech + ": tagged OK before the exchange completed" +
                              (m.reason().empty() ? std::string(" (the server did not prove its identity)")
                                                  : " (" + std::string(m.reason()) + ")"));
        }
    }
    session_.state(state::auth);
    return r;
}

// The answer to one challenge, or nullopt ('*') with `cancel` saying why.
template <class Transport>
template <class Mechanism>
std::optional<std::string> basic_imap4<Transport>::sasl_answer(Mechanism& m, std::optional<std::string>& held,
                                                               failure& cancel) {
    const std::optional<std::string>& text = session_.continuation();
    std::error_code ec;
    const std::string challenge = text ? base64_decode_strict(*text, ec) : std::string();
    if (ec) {
        cancel.set(errc::protocol_violation, "the server's challenge is not base64");
        return std::nullopt;
    }
    if (held) {
        if (!challenge.empty()) {
            cancel.set(errc::protocol_violation, "a non-empty first challenge to a client-first mechanism");
            return std::nullopt;
        }
        std::optional<std::string> out = std::move(held);
        held.reset();
        return out;
    }
    std::string out = m.step(challenge, ec);
    if (ec) {
        cancel.set(ec, std::string(m.reason()));
        return std::nullopt;
    }
    return out;
}

template <class Transport>
bool basic_imap4<Transport>::connection_is_tls() const noexcept {
    if (tls_established_) return true;
    if constexpr (has_ssl_v<Transport>) return transport_.ssl() != nullptr;
    else return false;
}

template <class Transport>
sasl::channel_binding basic_imap4<Transport>::channel_binding(failure& f) {
    if constexpr (has_channel_binding_v<Transport>) {
        std::error_code ec;
        sasl::channel_binding b = transport_.channel_binding(ec);
        if (ec) {
            fail(f, errc::not_supported, "no TLS channel binding on this connection (not TLS, or a certificate "
                                         "whose signature names no single hash)");
            return {};
        }
        return b;
    } else {
        fail(f, errc::not_supported,
             "channel binding (SCRAM-*-PLUS) needs TLS support (IMAPLIB_USE_WOLFSSL) and a TLS transport");
        return {};
    }
}

template <class Transport>
template <class Mechanism>
login_result basic_imap4<Transport>::login_with(Mechanism&& m, failure& f) {
    login_result r;
    static_cast<imaplib::response&>(r) = sasl_exchange(m, f);
    if (!f) r.mechanism = std::string(m.name());
    return r;
}

template <class Transport>
login_result basic_imap4<Transport>::login_best(std::string_view user, std::string_view password,
                                                const login_options& o, failure& f) {
    const auto offered = [&](std::string_view m) { return has_capability("AUTH=" + std::string(m)); };
    const bool tls = connection_is_tls();
    const std::string u(user), p(password);
    sasl::scram_options so;
    so.authzid = o.authzid;
    so.max_iterations = o.max_iterations;

    // Channel binding when both sides can (RFC 5802 section 6); "y" when only we can.
    std::optional<sasl::channel_binding> binding;
    if constexpr (has_channel_binding_v<Transport>) {
        if (tls) {
            std::error_code ec;
            sasl::channel_binding b = transport_.channel_binding(ec);
            if (!ec) binding = std::move(b);
        }
    }
    const bool plus_offered = offered("SCRAM-SHA-256-PLUS") || offered("SCRAM-SHA-1-PLUS");
    if (binding && offered("SCRAM-SHA-256-PLUS")) return login_with(sasl::scram_sha_256_plus(u, p, *binding, so), f);
    if (binding && offered("SCRAM-SHA-1-PLUS")) return login_with(sasl::scram_sha_1_plus(u, p, *binding, so), f);
    so.client_supports_binding = binding.has_value() && !plus_offered;
    if (offered("SCRAM-SHA-256")) return login_with(sasl::scram_sha_256(u, p, so), f);
    if (offered("SCRAM-SHA-1")) return login_with(sasl::scram_sha_1(u, p, so), f);

    const bool cleartext = tls || o.allow_cleartext;
    if (cleartext) {
        // Without TLS CRAM-MD5 at least hides the password from a passive listener.
        if (!tls && offered("CRAM-MD5")) return login_with(sasl::cram_md5(u, p), f);
        if (offered("PLAIN")) return login_with(sasl::plain(u, p, o.authzid), f);
        if (offered("LOGIN")) return login_with(sasl::login(u, p), f);
        if (offered("CRAM-MD5")) return login_with(sasl::cram_md5(u, p), f);
        if (o.allow_login_command && !has_capability("LOGINDISABLED")) {
            login_result r;
            static_cast<imaplib::response&>(r) = login(user, password, f);
            r.login_command = !f;
            return r;
        }
    }
    fail(f, errc::capability_missing,
         cleartext ? "no authentication mechanism both sides support"
                   : "no authentication mechanism both sides support that keeps the password from the network "
                     "without TLS (login_options::allow_cleartext allows PLAIN, LOGIN, CRAM-MD5 and the LOGIN "
                     "command)");
    return {};
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SASL_HPP
// end <imaplib/engine/impl/basic_imap4_sasl.hpp>
// begin <imaplib/engine/impl/basic_imap4_idle.hpp>
// imaplib-cpp: basic_imap4's IDLE (RFC 2177) as imaplib 3.14's idle() and Idler.
// Included by engine/basic_imap4.hpp (Beast's impl/ split); the declarations are there.
//
//   auto idler = M.idle(std::chrono::seconds(29 * 60));   // IDLE sent, '+' received
//   while (auto r = idler.next()) use(r->typ, r->data);   // ('EXISTS', [b'5']), ...
//   idler.done();                                         // DONE, the tagged OK read
//
// While entered, the client's state() is "IDLING" and every other command is refused.
// Responses not taken by next() or burst() go back to untagged_responses() on leaving.
// Waiting for a response to begin is bounded by the duration only (imaplib blocks the
// same way); once one has begun, the per-read timeout applies as for any response.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_IDLE_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_IDLE_HPP

// #include <imaplib/engine/basic_imap4.hpp>: inlined above

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

template <class Transport>
class basic_imap4<Transport>::idler {
public:
    using clock = std::chrono::steady_clock;

    idler() = default;  // not entered
    idler(idler&& o) noexcept
        : m_(std::exchange(o.m_, nullptr)),
          tag_(std::move(o.tag_)),
          deadline_(o.deadline_),
          ended_(o.ended_),
          heard_(o.heard_),
          restart_at_(o.restart_at_),
          stop_(o.stop_) {}
    idler& operator=(idler&& o) noexcept {
        if (this != &o) {
            leave_quietly();
            m_ = std::exchange(o.m_, nullptr);
            tag_ = std::move(o.tag_);
            deadline_ = o.deadline_;
            ended_ = o.ended_;
            heard_ = o.heard_;
            restart_at_ = o.restart_at_;
            stop_ = o.stop_;
        }
        return *this;
    }
    idler(const idler&) = delete;
    idler& operator=(const idler&) = delete;
    // Leaving imaplib's `with` block: DONE, the tagged response read. Never throws.
    ~idler() { leave_quietly(); }

    // Entered and not yet left.
    bool active() const noexcept { return m_ != nullptr; }

    // Safe from any thread: the waiting next() or burst() returns nothing within about
    // stop_slice, and later ones at once; the owner then calls done(). Needs the
    // transport's wait_readable() (otherwise seen at the next response). Do not move the
    // idler while another thread may call this.
    void stop() noexcept { stop_->store(true); }
    static constexpr std::chrono::milliseconds stop_slice{50};

    // imaplib's next(idler): the next untagged response as (typ, [data...]), waiting for
    // it up to the end of the duration; nothing once the duration is over (or the server
    // ended IDLE on its own).
    std::optional<imaplib::response> next(std::error_code& ec) {
        if (!m_) return not_idling(ec, "_pop() only works during IDLE");
        return m_->boundary(ec, [&](failure& f) { return next(f); });
    }
    // imaplib's burst(interval): the next response (as next()), then every one that
    // follows within `interval` of the one before.
    std::vector<imaplib::response> burst(std::chrono::milliseconds interval, std::error_code& ec) {
        if (!m_) {
            not_idling(ec, "burst() only works during IDLE");
            return {};
        }
        return m_->boundary(ec, [&](failure& f) { return burst(interval, f); });
    }
    // Leaves IDLE: DONE goes out and the IDLE's tagged response is read and returned.
    imaplib::response done(std::error_code& ec) {
        if (!m_) return not_idling(ec, "done() only works during IDLE"), imaplib::response{};
        basic_imap4& m = *m_;
        return m.boundary(ec, [&](failure& f) { return leave(f); });
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    std::optional<imaplib::response> next() {
        if (!m_) throw_error(make_error_code(errc::illegal_state), "_pop() only works during IDLE");
        return m_->call([&](failure& f) { return next(f); });
    }
    std::vector<imaplib::response> burst(std::chrono::milliseconds interval = std::chrono::milliseconds(100)) {
        if (!m_) throw_error(make_error_code(errc::illegal_state), "burst() only works during IDLE");
        return m_->call([&](failure& f) { return burst(interval, f); });
    }
    imaplib::response done() {
        if (!m_) throw_error(make_error_code(errc::illegal_state), "done() only works during IDLE");
        basic_imap4& m = *m_;
        return m.call([&](failure& f) { return leave(f); });
    }
#endif

private:
    friend class basic_imap4;

    std::nullopt_t not_idling(std::error_code& ec, const char*) {
        ec = make_error_code(errc::illegal_state);
        return std::nullopt;
    }

    std::optional<imaplib::response> next(failure& f) {
        std::optional<std::chrono::milliseconds> left;
        if (deadline_) left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - clock::now());
        std::optional<imaplib::response> r = pop(left, f);
        abandon_if_dead(f);
        return r;
    }

    std::vector<imaplib::response> burst(std::chrono::milliseconds interval, failure& f) {
        std::vector<imaplib::response> out;
        for (std::optional<imaplib::response> r = next(f); r; r = pop(interval, f)) out.push_back(std::move(*r));
        abandon_if_dead(f);
        return out;
    }

    // After an abort the connection is closed: the idler is over, nothing to send.
    void abandon_if_dead(const failure& f) {
        if (!m_ || !f || kind_of(f.code) != error_kind::abort) return;
        m_->idling_ = false;
        m_->session_.capture_untagged(false);
        m_ = nullptr;
    }

    // imaplib's Idler._pop(timeout): a queued response, or one read within `timeout`.
    std::optional<imaplib::response> pop(std::optional<std::chrono::milliseconds> timeout, failure& f) {
        basic_imap4& m = *m_;
        const auto& queue = m.session_.captured();
        const auto take = [&] { return m.session_.take_captured(); };
        if (!queue.empty()) return take();
        if (ended_ || stop_->load() || (timeout && timeout->count() <= 0)) return std::nullopt;
        const std::optional<clock::time_point> until =
            timeout ? std::optional<clock::time_point>(clock::now() + *timeout) : std::nullopt;
        for (;;) {
            session_event ev;
            while (m.session_.next(ev, f)) {
                // RFC 2177 has no tagged reply before DONE; taken as the server ending IDLE.
                if (ev.type == session_event::kind::tagged && ev.tag == tag_) ended_ = true;
                if (!queue.empty()) return take();
                if (ended_) return std::nullopt;
            }
            if (f) return m.failed(f), std::nullopt;
            // Between responses only the duration bounds the wait; inside one, the
            // per-read timeout.
            const bool between = m.session_.input().empty();
            timeout_type wait = m.timeout_;
            if (between) {
                wait.reset();  // no duration: wait as long as it takes, as imaplib does
                // The first of: the end of the wait, a restart, a keepalive.
                std::optional<clock::time_point> wake = until;
                const auto earlier = [&](std::optional<clock::time_point> t) {
                    if (t && (!wake || *t < *wake)) wake = t;
                };
                earlier(restart_at_);
                if (m.idle_keepalive_) earlier(heard_ + *m.idle_keepalive_);
                std::chrono::milliseconds slice = stop_slice;  // stop() is seen within this
                if (wake) {
                    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*wake - clock::now());
                    if (left.count() <= 0) {
                        if (until && clock::now() >= *until) return std::nullopt;
                        if (!cycle(f)) return std::nullopt;
                        if (!queue.empty()) return take();
                        continue;
                    }
                    slice = std::min(slice, left);
                }
                if constexpr (has_wait_readable_v<Transport>) {
                    if (stop_->load()) return std::nullopt;
                    std::error_code ec;
                    const bool ready = m.open_ && !m.dead_ && m.transport_.wait_readable(slice, ec);
                    if (ec) return m.fail(f, ec, "socket error: " + m.transport_error_text(ec)), std::nullopt;
                    if (!ready && m.open_ && !m.dead_) continue;  // a wake point or stop(): see above
                    wait = m.timeout_;  // bytes are there: read them as any response
                }
            }
            if (!m.open_ || m.dead_) return m.fail(f, errc::connection_closed, "socket error: EOF"), std::nullopt;
            constexpr std::size_t chunk = 64 * 1024;
            char* space = m.session_.prepare(chunk);
            std::error_code ec;
            m.transport_.set_timeout(wait);
            const std::size_t n = m.transport_.read_some(space, chunk, ec);
            m.transport_.set_timeout(m.timeout_);
            if (ec) {
                m.fail(f, ec,
                       ec == errc::connection_closed ? std::string("socket error: EOF")
                                                     : "socket error: " + m.transport_error_text(ec));
                return std::nullopt;
            }
            m.session_.commit(n);
            heard_ = clock::now();
        }
    }

    // Leaves IDLE and enters it again, capturing every response in between; with a
    // keepalive due, a NOOP in between, and all of it within the keepalive's answer time.
    bool cycle(failure& f) {
        basic_imap4& m = *m_;
        const bool keepalive = m.idle_keepalive_ && clock::now() >= heard_ + *m.idle_keepalive_;
        const std::optional<clock::time_point> saved = m.deadline_at_;
        const timeout_type saved_deadline = m.deadline_;
        if (keepalive) {
            m.deadline_ = m.idle_answer_;
            m.deadline_at_ = clock::now() + m.idle_answer_;
        }
        const bool ok = cycle_steps(keepalive, f);
        m.deadline_at_ = saved;
        m.deadline_ = saved_deadline;
        m.deadline_bound_ = false;
        if (m.open_) m.transport_.set_timeout(m.timeout_);
        if (!ok && keepalive && f.code == errc::timeout)
            f.set(errc::keepalive_failed, "no answer to the IDLE keepalive within " +
                                              std::to_string(m.idle_answer_.count()) + " ms");
        return ok;
    }
    bool cycle_steps(bool keepalive, failure& f) {
        basic_imap4& m = *m_;
        if (m.session_.in_idle()) {
            m.session_.done();
            if (!m.flush(f)) return false;
            while (!m.session_.completed(tag_)) {
                m.get_response(f);
                if (f) return false;
            }
        }
        ended_ = false;
        if (std::optional<imaplib::response> r = m.session_.take_tagged(tag_); r && r->typ != "OK")
            return m.fail(f, errc::protocol_violation, "IDLE ended with " + python_repr(*r)), false;
        if (keepalive) {
            m.session_.pop_untagged("OK");
            m.noop(f);
            if (f) return false;
        }
        const std::string tag = m.session_.idle(f);
        if (f || !m.flush(f)) return false;
        for (;;) {
            if (m.get_response(f)) {
                if (std::optional<imaplib::response> r = m.session_.take_tagged(tag)) {
                    if (r->typ == "NO")
                        return m.fail(f, errc::command_failed, "idle denied: " + python_repr(r->data)), false;
                    return m.fail(f, errc::protocol_violation, "unexpected status response: " + python_repr(*r)),
                           false;
                }
                continue;
            }
            if (f) return false;
            if (m.session_.idling()) break;
        }
        tag_ = tag;
        heard_ = clock::now();
        if (m.idle_restart_) restart_at_ = heard_ + *m.idle_restart_;
        return true;
    }

    // imaplib's Idler.__exit__: leftovers back to the store, DONE, the tagged response.
    imaplib::response leave(failure& f) {
        basic_imap4& m = *std::exchange(m_, nullptr);
        m.idling_ = false;
        m.session_.capture_untagged(false);
        if (m.session_.in_idle()) {
            m.session_.done();
            const deadline_scope scope(m);
            if (!m.flush(f)) return {};
        }
        return m.command_complete("IDLE", tag_, f);
    }

    void leave_quietly() noexcept {
        if (!m_) return;
        failure ignored;
#ifndef IMAPLIB_NO_EXCEPTIONS
        try {
            leave(ignored);
        } catch (...) {
        }
#else
        leave(ignored);
#endif
    }

    basic_imap4* m_ = nullptr;
    std::string tag_;
    std::optional<clock::time_point> deadline_;
    bool ended_ = false;  // the server's tagged response for IDLE came before DONE
    clock::time_point heard_{};                   // the last bytes read (or entering)
    std::optional<clock::time_point> restart_at_;  // the next transparent restart
    std::shared_ptr<std::atomic<bool>> stop_ = std::make_shared<std::atomic<bool>>(false);
};

// imaplib's idle() and Idler.__enter__: IDLE sent, responses read until its '+'.
template <class Transport>
typename basic_imap4<Transport>::idler basic_imap4<Transport>::idle(timeout_type duration, std::error_code& ec) {
    idler out;
    boundary(ec, [&](failure& f) {
        if (!has_capability("IDLE")) return fail(f, errc::capability_missing, "Server does not support IMAP4 IDLE");
        // imaplib refuses a duration on a pipe; any transport that can wait (pipe included) has one.
        if (duration && !has_wait_readable_v<Transport>)
            return fail(f, errc::not_supported, "duration requires a transport with wait_readable()");
        for (const char* typ : {"OK", "NO", "BAD"}) session_.pop_untagged(typ);
        if (!session_.in_idle() && session_.find_untagged("READ-ONLY") && !is_readonly_)
            return fail(f, errc::mailbox_readonly, "mailbox status changed to READ-ONLY");
        const deadline_scope scope(*this);  // set_deadline bounds the wait for '+'
        session_.capture_untagged(true);
        const std::string tag = session_.idle(f);
        const auto give_up = [&] { session_.capture_untagged(false); };
        if (f) return give_up();
        if (!flush(f)) return give_up();
        for (;;) {
            if (get_response(f)) {
                if (std::optional<imaplib::response> r = session_.take_tagged(tag)) {
                    give_up();
                    if (r->typ == "NO") return fail(f, errc::command_failed, "idle denied: " + python_repr(r->data));
                    return fail(f, errc::protocol_violation, "unexpected status response: " + python_repr(*r));
                }
                continue;
            }
            if (f) return give_up();
            if (session_.idling()) break;  // the IDLE's '+'
        }
        out.m_ = this;
        out.tag_ = tag;
        const auto now = idler::clock::now();
        if (duration) out.deadline_ = now + *duration;
        out.heard_ = now;
        if (idle_restart_) out.restart_at_ = now + *idle_restart_;
        idling_ = true;
    });
    return out;
}

#ifndef IMAPLIB_NO_EXCEPTIONS
template <class Transport>
typename basic_imap4<Transport>::idler basic_imap4<Transport>::idle(timeout_type duration) {
    std::error_code ec;
    idler out = idle(duration, ec);
    if (ec) throw_error(ec, error_message_);
    return out;
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_IDLE_HPP
// end <imaplib/engine/impl/basic_imap4_idle.hpp>

#endif  // IMAPLIB_ENGINE_BASIC_IMAP4_HPP
// end <imaplib/engine/basic_imap4.hpp>
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
// begin <imaplib/engine/views.hpp>
// imaplib-cpp: typed views of imaplib-shaped results.
//
// Every item of a result remembers the response it came from (data_item::frame()), so the
// grammar's zero-copy views (grammar/parse.hpp) are one call away:
//
//   auto r = M.fetch("1:*", "(UID FLAGS ENVELOPE)");
//   for (const grammar::fetch_view& msg : imaplib::fetch_views(r, ec))
//       if (auto env = msg.envelope()) use(msg.uid(), env->subject.str());
//
// (docs/guide.md, "Typed views", has it as a compiled program.)
// and, for results too large to keep, basic_imap4::set_untagged_handler takes
// typed_handler(f): f sees each untagged response as a view over the read buffer.
// Views point into the result's (or the read buffer's) bytes: they live as long as those.
#ifndef IMAPLIB_ENGINE_VIEWS_HPP
#define IMAPLIB_ENGINE_VIEWS_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/engine/result.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/grammar/parse.hpp>: inlined above

#include <functional>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// The typed view of the response `item` came from. False with ec set when the item has
// no frame (None, a nested list, literals sent to a sink) or the response does not parse.
inline bool view_of(const data_item& item, grammar::response_view& out, std::error_code& ec,
                    const grammar::parse_options& options = {}) {
    if (item.frame().empty()) {
        ec = make_error_code(errc::parse_error);
        return false;
    }
    return grammar::parse_response(item.frame(), out, ec, options);
}

// The typed views of the responses behind a result's data, in order, each response once
// (one FETCH response is several imaplib items; they share a frame).
inline std::vector<grammar::response_view> views_of(const response& r, std::error_code& ec,
                                                    const grammar::parse_options& options = {}) {
    std::vector<grammar::response_view> views;
    ec.clear();
    const char* previous = nullptr;
    for (const data_item& item : r.data) {
        if (item.frame().empty() || item.frame().data() == previous) continue;
        previous = item.frame().data();
        grammar::response_view view;
        if (!grammar::parse_response(item.frame(), view, ec, options)) return {};
        views.push_back(view);
    }
    return views;
}

// The FETCH responses of a result (fetch, uid("FETCH", ...), store, partial) as views.
inline std::vector<grammar::fetch_view> fetch_views(const response& r, std::error_code& ec,
                                                    const grammar::parse_options& options = {}) {
    std::vector<grammar::fetch_view> fetches;
    for (const grammar::response_view& view : views_of(r, ec, options))
        if (view.data() == grammar::data_kind::fetch) fetches.push_back(view.as_fetch());
    return fetches;
}

// Adapts `f(const grammar::response_view&) -> bool` for basic_imap4::set_untagged_handler.
// f returns true to consume the response (it is then not kept for imaplib's result). A
// response the grammar rejects is not offered to f and is kept, so nothing is lost. The
// views read a value_index the handler reuses (grammar/index.hpp): they are valid during
// the call only.
template <class F>
std::function<bool(std::string_view)> typed_handler(F f, grammar::parse_options options = {}) {
    return [f = std::move(f), options,
            index = std::make_shared<grammar::value_index>()](std::string_view frame) mutable {
        grammar::response_view view;
        std::error_code ec;
        return grammar::parse_response(frame, view, *index, ec, options) && f(view);
    };
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_VIEWS_HPP
// end <imaplib/engine/views.hpp>
#endif

// Optional transports: each needs something beyond the standard library.
#ifdef IMAPLIB_HAS_PIPE
// begin <imaplib/transport/pipe.hpp>
// imaplib-cpp: a child process over its stdin/stdout (imaplib's IMAP4_stream).
//
// The command runs through `/bin/sh -c`, as subprocess.Popen(..., shell=True) does in
// IMAP4_stream: for example "ssh mailhost exec /usr/lib/dovecot/imap" or
// "/usr/lib/dovecot/imap". Its stderr is inherited. POSIX only (IMAPLIB_HAS_PIPE).
//
// - Timeouts: poll() before every read and write; on expiry errc::timeout, the child is
//   terminated (SIGTERM, then SIGKILL) and the transport is dead.
// - SIGPIPE: a write to a child that has exited raises SIGPIPE, which kills the process
//   by default. write_all blocks SIGPIPE for the calling thread only while it writes,
//   and consumes a SIGPIPE its own write caused, so EPIPE comes back as an error code
//   and the process-wide disposition is never touched (libpq's technique).
// - shutdown(): closes both pipes, gives the child a grace period to exit, then sends
//   SIGTERM and, after another grace period, SIGKILL; it always reaps the child, so no
//   zombie is left. The child runs in its own process group and the signals go to the
//   group, so whatever the shell started goes too. (Consequence: a terminal's Ctrl-C
//   reaches only this process; the child then sees EOF on its stdin when we exit.)
// - native_handle(): there is no socket; this is the fd we read the child's stdout from.
#ifndef IMAPLIB_TRANSPORT_PIPE_HPP
#define IMAPLIB_TRANSPORT_PIPE_HPP

// #include <imaplib/config.hpp>: inlined above

#ifndef IMAPLIB_HAS_PIPE
#error "imaplib: transport/pipe.hpp needs POSIX (IMAPLIB_HAS_PIPE is not defined)"
#endif

// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/transport/concept.hpp>: inlined above

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

extern char** environ;  // POSIX: the environment handed to the child

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline std::error_code last_os_error() noexcept { return {errno, std::system_category()}; }

inline void close_fd(int& fd) noexcept {
    if (fd >= 0) {
        ::close(fd);  // no retry on EINTR: on Linux the fd is released anyway
        fd = -1;
    }
}

// Blocks SIGPIPE for this thread while it lives; if a write failed with EPIPE, takes
// the SIGPIPE that write raised (unless one was pending before) so that it is not
// delivered when the old mask comes back.
class sigpipe_block {
public:
    sigpipe_block() noexcept {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        if (sigpending(&pending) == 0) was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_) == 0;
    }
    sigpipe_block(const sigpipe_block&) = delete;
    sigpipe_block& operator=(const sigpipe_block&) = delete;
    ~sigpipe_block() {
        if (blocked_) pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }

    void consume_after_epipe() noexcept {
        if (!blocked_ || was_pending_) return;
        const struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }

private:
    sigset_t pipe_;
    sigset_t old_;
    bool was_pending_ = false;
    bool blocked_ = false;
};

}  // namespace detail

class pipe_transport {
public:
    static constexpr std::uint16_t default_port = 0;
    using native_handle_type = int;

    explicit pipe_transport(std::string command) : command_(std::move(command)) {}

    pipe_transport(pipe_transport&& other) noexcept
        : command_(std::move(other.command_)),
          read_fd_(std::exchange(other.read_fd_, -1)),
          write_fd_(std::exchange(other.write_fd_, -1)),
          pid_(std::exchange(other.pid_, -1)),
          timeout_(other.timeout_),
          grace_(other.grace_),
          status_(other.status_),
          why_(std::move(other.why_)) {}

    pipe_transport& operator=(pipe_transport&& other) noexcept {
        if (this != &other) {
            shutdown();
            command_ = std::move(other.command_);
            read_fd_ = std::exchange(other.read_fd_, -1);
            write_fd_ = std::exchange(other.write_fd_, -1);
            pid_ = std::exchange(other.pid_, -1);
            timeout_ = other.timeout_;
            grace_ = other.grace_;
            status_ = other.status_;
            why_ = std::move(other.why_);
        }
        return *this;
    }

    pipe_transport(const pipe_transport&) = delete;
    pipe_transport& operator=(const pipe_transport&) = delete;
    ~pipe_transport() { shutdown(); }

    // Starts the command; host and port are ignored (IMAP4_stream takes neither).
    // A command the shell cannot find still starts the shell: the failure shows as
    // errc::connection_closed on the first read, with the shell's message on stderr.
    void open(std::string_view /*host*/, std::uint16_t /*port*/, std::error_code& ec) {
        shutdown();
        why_.clear();
        status_.reset();
        int to_child[2] = {-1, -1};    // we write [1], the child's stdin is [0]
        int from_child[2] = {-1, -1};  // the child's stdout is [1], we read [0]
        if (::pipe2(to_child, O_CLOEXEC) != 0) {
            fail(ec, "pipe");
            return;
        }
        if (::pipe2(from_child, O_CLOEXEC) != 0) {
            fail(ec, "pipe");
            detail::close_fd(to_child[0]);
            detail::close_fd(to_child[1]);
            return;
        }

        // posix_spawn: safe in a multi-threaded process, unlike fork + exec by hand.
        // dup2 onto 0 and 1 clears close-on-exec there; every other pipe end closes.
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attr;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
        posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
        posix_spawnattr_init(&attr);
        // The child starts with SIGPIPE at its default and nothing blocked, whatever
        // this process did to them.
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGPIPE);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        sigset_t none;
        sigemptyset(&none);
        posix_spawnattr_setsigmask(&attr, &none);
        // Its own process group, so that shutdown() reaches everything the shell
        // started ("sh -c 'a | b'", or a shell that forks before exec).
        posix_spawnattr_setpgroup(&attr, 0);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK |
                                            POSIX_SPAWN_SETPGROUP);

        std::string arg0 = "sh", arg1 = "-c", arg2 = command_;
        char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
        pid_t pid = -1;
        const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        detail::close_fd(to_child[0]);
        detail::close_fd(from_child[1]);
        if (rc != 0) {
            ec = std::error_code(rc, std::system_category());
            why_ = "cannot start /bin/sh: " + ec.message();
            detail::close_fd(to_child[1]);
            detail::close_fd(from_child[0]);
            return;
        }
        pid_ = pid;
        write_fd_ = to_child[1];
        read_fd_ = from_child[0];
        // Our ends only (separate open file descriptions): a write never blocks past
        // the timeout, and poll() decides when to wait.
        ::fcntl(write_fd_, F_SETFL, ::fcntl(write_fd_, F_GETFL) | O_NONBLOCK);
        ::fcntl(read_fd_, F_SETFL, ::fcntl(read_fd_, F_GETFL) | O_NONBLOCK);
        ec.clear();
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (read_fd_ < 0) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        if (size == 0) {
            ec.clear();
            return 0;
        }
        const auto deadline = start_deadline();
        for (;;) {
            const ssize_t n = ::read(read_fd_, buffer, size);
            if (n > 0) {
                ec.clear();
                return static_cast<std::size_t>(n);
            }
            if (n == 0) {
                ec = make_error_code(errc::connection_closed);
                why_ = "the command closed its output";
                return 0;
            }
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                fail(ec, "read");
                return 0;
            }
            if (!wait(read_fd_, POLLIN, deadline, ec)) return 0;
        }
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        if (write_fd_ < 0) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        const auto deadline = start_deadline();
        detail::sigpipe_block guard;
        while (size > 0) {
            const ssize_t n = ::write(write_fd_, data, size);
            if (n > 0) {
                data += n;
                size -= static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EPIPE) {
                guard.consume_after_epipe();
                ec = make_error_code(errc::connection_closed);
                why_ = "the command closed its input";
                return;
            }
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                fail(ec, "write");
                return;
            }
            if (!wait(write_fd_, POLLOUT, deadline, ec)) return;
        }
        ec.clear();
    }

    // Bytes waiting in the pipe (FIONREAD): a read returns them without waiting.
    std::size_t available(std::error_code& ec) {
        int n = 0;
        if (read_fd_ < 0 || ::ioctl(read_fd_, FIONREAD, &n) != 0) {
            ec.clear();  // closed, or not known: the next read says which
            return 0;
        }
        ec.clear();
        return n > 0 ? static_cast<std::size_t>(n) : 0;
    }

    // Waits up to `t` for bytes to read (or the end of the output) and leaves the child
    // running: false, with ec clear, when none came in time.
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
        ec.clear();
        if (read_fd_ < 0) {
            ec = make_error_code(errc::transport_error);
            return false;
        }
        const auto deadline = clock::now() + t;
        for (;;) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
            const long long ms = std::min<long long>(std::max<long long>(left.count(), 0), 1 << 30);
            pollfd p{read_fd_, POLLIN, 0};
            const int r = ::poll(&p, 1, static_cast<int>(ms));
            if (r > 0) return true;
            if (r == 0) return false;
            if (errno != EINTR) {
                fail(ec, "poll");
                return false;
            }
        }
    }

    // Closes the pipes and reaps the child (see the top of this file). Never throws.
    void shutdown() noexcept { stop(/*kill_first=*/false); }

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { timeout_ = t; }

    // How long shutdown() waits for the child at each step (default 1 s).
    void set_shutdown_grace(std::chrono::milliseconds grace) noexcept { grace_ = grace; }

    native_handle_type native_handle() const noexcept { return read_fd_; }
    native_handle_type write_handle() const noexcept { return write_fd_; }
    pid_t pid() const noexcept { return pid_; }
    const std::string& command() const noexcept { return command_; }
    // After shutdown: the exit code, or minus the signal number (Popen.returncode).
    std::optional<int> exit_status() const noexcept { return status_; }
    const std::string& error_detail() const noexcept { return why_; }

private:
    using clock = std::chrono::steady_clock;

    std::optional<clock::time_point> start_deadline() const {
        if (!timeout_) return std::nullopt;
        return clock::now() + *timeout_;
    }

    // Waits until fd is ready for `events`. On expiry the child is stopped (the
    // transport is dead) and ec is errc::timeout.
    bool wait(int fd, short events, const std::optional<clock::time_point>& deadline,
              std::error_code& ec) {
        for (;;) {
            int ms = -1;
            if (deadline) {
                const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - clock::now());
                ms = left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1 << 30));
            }
            struct pollfd p = {fd, events, 0};
            const int r = ::poll(&p, 1, ms);
            if (r > 0) return true;  // ready, or POLLHUP/POLLERR: the next call says which
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) {
                fail(ec, "poll");
                return false;
            }
            if (deadline && clock::now() < *deadline) continue;
            ec = make_error_code(errc::timeout);
            why_ = "the command did not answer in time";
            stop(/*kill_first=*/true);
            return false;
        }
    }

    void fail(std::error_code& ec, const char* what) {
        ec = detail::last_os_error();
        why_ = std::string(what) + ": " + ec.message();
    }

    // Reaps the child if it has exited within `grace`; false if it is still running.
    bool reap_within(std::chrono::milliseconds grace) noexcept {
        const auto deadline = clock::now() + grace;
        long nap_us = 200;
        for (;;) {
            int st = 0;
            const pid_t r = ::waitpid(pid_, &st, WNOHANG);
            if (r == pid_) {
                if (WIFEXITED(st)) status_ = WEXITSTATUS(st);
                else if (WIFSIGNALED(st)) status_ = -WTERMSIG(st);
                return true;
            }
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) return true;  // ECHILD: reaped elsewhere (SIGCHLD ignored)
            if (clock::now() >= deadline) return false;
            const struct timespec nap = {0, nap_us * 1000};
            ::nanosleep(&nap, nullptr);
            if (nap_us < 10000) nap_us *= 2;
        }
    }

    void signal_group(int sig) const noexcept {
        if (::kill(-pid_, sig) != 0) ::kill(pid_, sig);
    }

    void stop(bool kill_first) noexcept {
        detail::close_fd(write_fd_);  // EOF on the child's stdin: IMAP4_stream's way out
        detail::close_fd(read_fd_);
        if (pid_ <= 0) return;
        if (kill_first || !reap_within(grace_)) {
            signal_group(SIGTERM);
            if (!reap_within(grace_)) {
                signal_group(SIGKILL);
                (void)reap_within(std::chrono::hours(1));  // SIGKILL cannot be ignored
            }
        }
        pid_ = -1;
    }

    std::string command_;
    int read_fd_ = -1;
    int write_fd_ = -1;
    pid_t pid_ = -1;
    std::optional<std::chrono::milliseconds> timeout_;
    std::chrono::milliseconds grace_{1000};
    std::optional<int> status_;
    std::string why_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_PIPE_HPP
// end <imaplib/transport/pipe.hpp>
#endif
#ifdef IMAPLIB_USE_ZLIB
// begin <imaplib/transport/compress.hpp>
// imaplib-cpp: COMPRESS=DEFLATE (RFC 4978) as a layer over any transport, on zlib.
//
// basic_compress_transport<Inner> forwards every byte unchanged until start_compress()
// switches it on (basic_imap4::compress() does that after the server's tagged OK). From
// then on writes are raw deflate, each ended by a sync flush (RFC 4978 section 4), and
// reads are inflated. A read returns at most the caller's buffer size: the inflated
// stream then goes through the session's limits like any other (a zip bomb is a line
// too long, never memory). A corrupt stream is errc::protocol_violation and the
// connection is dead. Needs zlib: define IMAPLIB_USE_ZLIB and link it (CMake option
// IMAPLIB_COMPRESS, target imaplib::compress).
#ifndef IMAPLIB_TRANSPORT_COMPRESS_HPP
#define IMAPLIB_TRANSPORT_COMPRESS_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/transport/concept.hpp>: inlined above

#ifndef IMAPLIB_USE_ZLIB
#error "imaplib: transport/compress.hpp needs zlib: define IMAPLIB_USE_ZLIB and link zlib (CMake: imaplib::compress)"
#endif

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// One zlib stream. On the heap: zlib's state points back to the z_stream, so it must
// not move with the transport.
struct zlib_stream {
    explicit zlib_stream(bool inflate_side) noexcept : inflating(inflate_side) {}
    zlib_stream(const zlib_stream&) = delete;
    zlib_stream& operator=(const zlib_stream&) = delete;
    ~zlib_stream() {
        if (ready) (void)(inflating ? inflateEnd(&z) : deflateEnd(&z));
    }
    z_stream z{};
    bool inflating;
    bool ready = false;
};

}  // namespace detail

// Checks the inflate side on its own: arbitrary bytes in, bounded output out
// (fuzz/fuzz_inflate.cpp, tests). `feed` then `read` until it returns 0.
class deflate_reader {
public:
    deflate_reader() = default;

    // Raw deflate, 32 KiB window (RFC 4978 section 4: windowBits -15 on both sides).
    bool start(std::string& why) {
        stream_ = std::make_unique<detail::zlib_stream>(true);
        if (inflateInit2(&stream_->z, -15) != Z_OK) {
            why = "cannot start the inflater";
            stream_.reset();
            return false;
        }
        stream_->ready = true;
        return true;
    }
    bool started() const noexcept { return stream_ != nullptr; }

    // Compressed bytes not yet inflated (the view must stay alive until they are taken).
    void feed(const char* data, std::size_t size) noexcept {
        stream_->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        stream_->z.avail_in = static_cast<uInt>(size);
    }
    std::size_t pending() const noexcept { return stream_ ? stream_->z.avail_in : 0; }
    const char* pending_data() const noexcept { return stream_ ? reinterpret_cast<const char*>(stream_->z.next_in) : nullptr; }

    // Inflates into buffer[0, size): never more than size bytes. 0 when the fed bytes
    // are used up (or are only flush markers). A corrupt stream or one the server ended
    // (RFC 4978 has no end) sets ec to errc::protocol_violation and `why`.
    std::size_t read(char* buffer, std::size_t size, std::error_code& ec, std::string& why) {
        ec.clear();
        z_stream& z = stream_->z;
        if (!error_.empty()) return fail(ec, why, error_);
        if (ended_ || (z.avail_in == 0 && !more_out_)) return ended_ ? fail(ec, why, "deflate stream ended by the server") : 0;
        size = std::min<std::size_t>(size, 1u << 30);
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = static_cast<uInt>(size);
        const int rc = inflate(&z, Z_SYNC_FLUSH);
        const std::size_t n = size - z.avail_out;
        // A full buffer may leave output inside zlib with no input left.
        more_out_ = z.avail_out == 0;
        if (rc == Z_STREAM_END) {
            ended_ = true;
            return n > 0 ? n : fail(ec, why, "deflate stream ended by the server");
        }
        if (rc == Z_BUF_ERROR) return n;  // no progress possible: needs more input
        if (rc != Z_OK) {
            // What came before the fault is delivered first, the fault on the next call:
            // the same bytes however the stream was cut into reads.
            error_ = std::string("corrupt deflate stream: ") + (z.msg ? z.msg : "inflate error");
            if (n == 0) return fail(ec, why, error_);
        }
        return n;
    }
    // Whether read() may still produce bytes without more input.
    bool has_output() const noexcept { return stream_ && (stream_->z.avail_in > 0 || more_out_ || !error_.empty()); }

private:
    static std::size_t fail(std::error_code& ec, std::string& why, std::string text) {
        ec = make_error_code(errc::protocol_violation);
        why = std::move(text);
        return 0;
    }

    std::unique_ptr<detail::zlib_stream> stream_;
    std::string error_;  // a fault found after some output: reported by the next read
    bool more_out_ = false;
    bool ended_ = false;
};

template <class Inner>
class basic_compress_transport {
    static_assert(detail::check_transport<Inner>(), "imaplib: basic_compress_transport<Inner> needs a transport");

public:
    static constexpr std::uint16_t default_port = Inner::default_port;
    // Compressed bytes read from the inner transport at a time.
    static constexpr std::size_t raw_chunk = 16 * 1024;

    basic_compress_transport() = default;
    explicit basic_compress_transport(Inner inner) : inner_(std::move(inner)) {}
    // The inner transport's own constructors (tls_transport(const tls_context&), ...).
    template <class A, class... Rest,
              class = std::enable_if_t<!std::is_same_v<std::decay_t<A>, basic_compress_transport> &&
                                       !std::is_same_v<std::decay_t<A>, Inner> &&
                                       std::is_constructible_v<Inner, A&&, Rest&&...>>>
    explicit basic_compress_transport(A&& a, Rest&&... rest) : inner_(std::forward<A>(a), std::forward<Rest>(rest)...) {}

    Inner& next_layer() noexcept { return inner_; }
    const Inner& next_layer() const noexcept { return inner_; }

    // Whether the layer deflates and inflates (start_compress() succeeded).
    bool compressing() const noexcept { return reader_.started(); }

    // Switches compression on. `received` is what was read past the tagged OK's CRLF:
    // it is already compressed (RFC 4978 section 3) and is inflated first.
    void start_compress(std::string_view received, std::error_code& ec) {
        ec.clear();
        if (compressing()) return fail(ec, errc::protocol_violation, "compression is already active");
        std::string why;
        if (!reader_.start(why)) return fail(ec, errc::transport_error, why);
        deflater_ = std::make_unique<detail::zlib_stream>(false);
        // zlib's default level and memory; raw deflate, 32 KiB window (RFC 4978 section 4).
        if (deflateInit2(&deflater_->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            reset();
            return fail(ec, errc::transport_error, "cannot start the deflater");
        }
        deflater_->ready = true;
        raw_size_ = std::max(raw_chunk, received.size());
        raw_ = std::make_unique<char[]>(raw_size_);
        std::memcpy(raw_.get(), received.data(), received.size());
        reader_.feed(raw_.get(), received.size());
        out_ = std::make_unique<char[]>(raw_chunk);
    }

    void open(std::string_view host, std::uint16_t port, std::error_code& ec) {
        reset();
        inner_.open(host, port, ec);
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (!compressing()) return inner_.read_some(buffer, size, ec);
        ec.clear();
        if (dead_) return fail0(ec, errc::protocol_violation, detail_.empty() ? "deflate stream unusable" : detail_);
        if (size == 0) return 0;
        for (;;) {
            const std::size_t n = inflate_some(buffer, size, ec);
            if (ec || n > 0) return n;
            if (!refill(ec)) return 0;
        }
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        if (!compressing()) return inner_.write_all(data, size, ec);
        ec.clear();
        if (dead_) return fail(ec, errc::protocol_violation, detail_);
        z_stream& z = deflater_->z;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        z.avail_in = static_cast<uInt>(size);
        // Each write ends on a byte boundary so the server can act on it (section 4).
        do {
            z.next_out = reinterpret_cast<Bytef*>(out_.get());
            z.avail_out = static_cast<uInt>(raw_chunk);
            const int rc = deflate(&z, Z_SYNC_FLUSH);
            if (rc != Z_OK && rc != Z_BUF_ERROR) return fail(ec, errc::transport_error, "deflate failed");
            const std::size_t n = raw_chunk - z.avail_out;
            if (n > 0) inner_.write_all(out_.get(), n, ec);
            if (ec) return;
            bytes_out_ += n;
        } while (z.avail_out == 0 || z.avail_in > 0);
    }

    void shutdown() noexcept { inner_.shutdown(); }
    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { inner_.set_timeout(t); }

    template <class I = Inner>
    auto native_handle() -> decltype(std::declval<I&>().native_handle()) {
        return inner_.native_handle();
    }

    // TLS comes before compression (RFC 4978 section 3); never after.
    template <class Context, class I = Inner, class = std::enable_if_t<has_start_tls_v<I>>>
    void start_tls(const Context& context, std::string_view host, std::error_code& ec) {
        if (compressing()) return fail(ec, errc::protocol_violation, "STARTTLS after COMPRESS");
        inner_.start_tls(context, host, ec);
    }

    // Inflated bytes ready now: what buffered compressed input and the inner transport's
    // ready bytes inflate to (kept in a bounded staging buffer for the next read_some).
    template <class I = Inner, class = std::enable_if_t<has_available_v<I>>>
    std::size_t available(std::error_code& ec) {
        if (!compressing()) return inner_.available(ec);
        ec.clear();
        if (dead_) return 0;
        pump_ready(ec);
        return staged_size_ - staged_at_;
    }

    template <class I = Inner, class = std::enable_if_t<has_wait_readable_v<I>>>
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
        if (!compressing()) return inner_.wait_readable(t, ec);
        ec.clear();
        // Compressed bytes may inflate to nothing (a lone flush marker): wait again then.
        const auto until = std::chrono::steady_clock::now() + t;
        for (;;) {
            if (dead_) return true;  // read_some reports the error
            if constexpr (has_available_v<I>) pump_ready(ec);
            else stage_buffered(ec);
            if (ec || staged_size_ > staged_at_) return true;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !inner_.wait_readable(left, ec)) return false;
            if (ec) return false;
            if constexpr (!has_available_v<I>) {
                if (!refill(ec)) return true;  // read_some reports the error
            }
        }
    }

    std::string error_detail() const {
        if (!detail_.empty()) return detail_;
        if constexpr (has_error_detail_v<Inner>) return std::string(inner_.error_detail());
        else return {};
    }

    // Bytes on the wire since compression started (client -> server), for measurements.
    std::uint64_t compressed_bytes_written() const noexcept { return bytes_out_; }

private:
    void reset() {
        reader_ = deflate_reader{};
        deflater_.reset();
        raw_.reset();
        raw_size_ = 0;
        out_.reset();
        staged_.reset();
        staged_size_ = staged_at_ = 0;
        dead_ = false;
        detail_.clear();
    }

    // Staged bytes first, then straight from zlib into the caller's buffer.
    std::size_t inflate_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (staged_at_ < staged_size_) {
            const std::size_t n = std::min(size, staged_size_ - staged_at_);
            std::memcpy(buffer, staged_.get() + staged_at_, n);
            staged_at_ += n;
            return n;
        }
        std::string why;
        const std::size_t n = reader_.read(buffer, size, ec, why);
        if (ec) {
            dead_ = true;
            detail_ = why;
            inner_.shutdown();
        }
        return n;
    }

    // One read of compressed bytes from the inner transport, behind any not yet
    // inflated; false with ec on failure.
    bool refill(std::error_code& ec) {
        const std::size_t keep = reader_.pending();
        if (keep == raw_size_) {  // zlib took nothing from a full buffer
            dead_ = true;
            fail(ec, errc::protocol_violation, "deflate stream makes no progress");
            return false;
        }
        if (keep > 0) std::memmove(raw_.get(), reader_.pending_data(), keep);
        const std::size_t n = inner_.read_some(raw_.get() + keep, raw_size_ - keep, ec);
        reader_.feed(raw_.get(), keep + n);
        return !ec;
    }

    // Inflates what is buffered into the staging buffer (once empty), without reading.
    void stage_buffered(std::error_code& ec) {
        if (staged_at_ < staged_size_ || !reader_.has_output()) return;
        if (!staged_) staged_ = std::make_unique<char[]>(raw_chunk);
        staged_at_ = 0;
        staged_size_ = 0;
        // Until bytes come, the input is used up, or zlib stops taking it.
        for (std::size_t before = 0; staged_size_ == 0 && reader_.has_output() && !ec;) {
            before = reader_.pending();
            staged_size_ = inflate_some(staged_.get(), raw_chunk, ec);
            if (staged_size_ == 0 && reader_.pending() == before) break;
        }
    }

    // stage_buffered(), reading whatever the inner transport has ready while it inflates to nothing.
    void pump_ready(std::error_code& ec) {
        for (;;) {
            stage_buffered(ec);
            if (ec || staged_at_ < staged_size_) return;
            const std::size_t ready = inner_.available(ec);
            if (ec || ready == 0) return;
            if (!refill(ec)) return;
        }
    }

    void fail(std::error_code& ec, errc code, std::string why) {
        ec = make_error_code(code);
        detail_ = std::move(why);
    }
    std::size_t fail0(std::error_code& ec, errc code, std::string why) {
        fail(ec, code, std::move(why));
        return 0;
    }

    Inner inner_;
    deflate_reader reader_;
    std::unique_ptr<detail::zlib_stream> deflater_;
    std::unique_ptr<char[]> raw_;     // compressed input, raw_size_ bytes
    std::size_t raw_size_ = 0;
    std::unique_ptr<char[]> out_;     // compressed output, raw_chunk bytes
    std::unique_ptr<char[]> staged_;  // inflated for available() / wait_readable()
    std::size_t staged_size_ = 0;
    std::size_t staged_at_ = 0;
    bool dead_ = false;
    std::string detail_;
    std::uint64_t bytes_out_ = 0;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_COMPRESS_HPP
// end <imaplib/transport/compress.hpp>
#endif
#ifdef IMAPLIB_USE_ASIO
// begin <imaplib/transport/tcp.hpp>
// imaplib-cpp: TCP transport on standalone Asio (imaplib's IMAP4), with an optional
// in-place STARTTLS upgrade when IMAPLIB_USE_WOLFSSL is defined.
//
// Blocking calls built from Asio's asynchronous operations: each one runs the
// transport's private io_context for at most the timeout (io_context::run_for); on
// expiry the operation is cancelled, the socket closed, and errc::timeout reported.
//
// Error codes: EOF -> errc::connection_closed; timeout -> errc::timeout; host name
// resolution -> errc::resolve_failed; any other socket error is passed through as
// the OS's std::error_code (system_category; compares equal to std::errc values, e.g.
// std::errc::connection_refused), which kind_of() classifies as abort. Any call on a
// closed transport -> errc::transport_error.
#ifndef IMAPLIB_TRANSPORT_TCP_HPP
#define IMAPLIB_TRANSPORT_TCP_HPP

// #include <imaplib/config.hpp>: inlined above

#ifndef IMAPLIB_USE_ASIO
#error "imaplib: transport/tcp.hpp needs standalone Asio (<asio.hpp>); IMAPLIB_USE_ASIO is not defined"
#endif

// STARTTLS upgrades in place with the shared wolfSSL session.
#if defined(IMAPLIB_USE_WOLFSSL)
// begin <imaplib/sasl/channel_binding.hpp>
// imaplib-cpp: TLS channel bindings for SCRAM-*-PLUS, computed with wolfSSL from an
// established connection (`transport.ssl()` of the TLS and STARTTLS transports).
//
//   tls-exporter (RFC 9266): 32 bytes of exported keying material, label
//       "EXPORTER-Channel-Binding", empty context. The type for TLS 1.3.
//   tls-server-end-point (RFC 5929 section 4.1): a hash of the server's certificate,
//       SHA-256 when the certificate is signed with MD5 or SHA-1, else its signature's own
//       hash. Used below TLS 1.3 (tls-exporter there is safe only with the extended
//       master secret, RFC 9266 section 3; tls-unique is not offered).
// Only with IMAPLIB_USE_WOLFSSL; the SCRAM mechanisms themselves take any binding data.
#ifndef IMAPLIB_SASL_CHANNEL_BINDING_HPP
#define IMAPLIB_SASL_CHANNEL_BINDING_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/sasl/scram.hpp>: inlined above

#ifdef IMAPLIB_USE_WOLFSSL
#include <wolfssl/options.h>  // first, as wolfSSL requires
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>

#include <memory>
#include <string>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

// RFC 9266: the tls-exporter binding of `ssl`; empty and ec set when the handshake is not
// done or the exporter fails.
inline std::string tls_exporter_binding(WOLFSSL* ssl, std::error_code& ec) {
    ec.clear();
    static constexpr char label[] = "EXPORTER-Channel-Binding";
    std::string out(32, '\0');
    if (ssl == nullptr || !wolfSSL_is_init_finished(ssl) ||
        wolfSSL_export_keying_material(ssl, reinterpret_cast<unsigned char*>(out.data()), out.size(), label,
                                       sizeof label - 1, nullptr, 0, 0) != WOLFSSL_SUCCESS) {
        ec = make_error_code(errc::not_supported);
        return {};
    }
    return out;
}

// RFC 5929 section 4.1: the tls-server-end-point binding, from the server's certificate
// as the client sees it (on a server: not_supported). A certificate whose signature names no
// single hash (Ed25519, RSA-PSS) has no binding: not_supported.
inline std::string tls_server_end_point_binding(WOLFSSL* ssl, std::error_code& ec) {
    ec.clear();
    struct x509_free {
        void operator()(WOLFSSL_X509* p) const noexcept { wolfSSL_X509_free(p); }
    };
    ec = make_error_code(errc::not_supported);
    if (ssl == nullptr || !wolfSSL_is_init_finished(ssl)) return {};
    if (wolfSSL_is_server(ssl)) return {};  // the client's view: the peer's certificate
    const std::unique_ptr<WOLFSSL_X509, x509_free> peer(wolfSSL_get_peer_certificate(ssl));
    WOLFSSL_X509* cert = peer.get();
    if (cert == nullptr) return {};
    int size = 0;
    const unsigned char* der = wolfSSL_X509_get_der(cert, &size);
    if (der == nullptr || size <= 0) return {};
    enum wc_HashType hash = WC_HASH_TYPE_NONE;
    switch (wolfSSL_X509_get_signature_type(cert)) {
    case CTC_MD5wRSA:
    case CTC_SHAwRSA:
    case CTC_SHAwECDSA:
    case CTC_SHAwDSA:
    case CTC_SHA256wRSA:
    case CTC_SHA256wECDSA:
    case CTC_SHA256wDSA: hash = WC_HASH_TYPE_SHA256; break;
    case CTC_SHA384wRSA:
    case CTC_SHA384wECDSA: hash = WC_HASH_TYPE_SHA384; break;
    case CTC_SHA512wRSA:
    case CTC_SHA512wECDSA: hash = WC_HASH_TYPE_SHA512; break;
    default: return {};
    }
    std::string out(static_cast<std::size_t>(wc_HashGetDigestSize(hash)), '\0');
    if (wc_Hash(hash, der, static_cast<word32>(size), reinterpret_cast<byte*>(out.data()),
                static_cast<word32>(out.size())) != 0)
        return {};
    ec.clear();
    return out;
}

// The binding for this connection: tls-exporter on TLS 1.3, tls-server-end-point below.
inline channel_binding channel_binding_for(WOLFSSL* ssl, std::error_code& ec) {
    if (ssl != nullptr && wolfSSL_version(ssl) == TLS1_3_VERSION)
        return {"tls-exporter", tls_exporter_binding(ssl, ec)};
    return {"tls-server-end-point", tls_server_end_point_binding(ssl, ec)};
}

}  // namespace sasl

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_USE_WOLFSSL

#endif  // IMAPLIB_SASL_CHANNEL_BINDING_HPP
// end <imaplib/sasl/channel_binding.hpp>
// begin <imaplib/transport/tls_context.hpp>
// imaplib-cpp: TLS on wolfSSL, the parts both TLS paths share.
//
//   tls_context           imaplib's ssl_context: trust store, client certificate,
//                         verification switches, minimum protocol version, and the
//                         library's TLS policy (suites, key sizes, signatures), which a
//                         user can tighten and only loosen loudly (docs/security.md).
//   detail::tls_session   one wolfSSL connection over a byte stream; used both by
//                         tls_transport (implicit TLS, port 993, transport/tls.hpp) and
//                         by tcp_transport::start_tls (STARTTLS, RFC 9051 section 6.2.1).
//
// Only with IMAPLIB_USE_WOLFSSL. Link with -lwolfssl.
#ifndef IMAPLIB_TRANSPORT_TLS_CONTEXT_HPP
#define IMAPLIB_TRANSPORT_TLS_CONTEXT_HPP

// #include <imaplib/config.hpp>: inlined above

#ifndef IMAPLIB_USE_WOLFSSL
#error "imaplib: transport/tls_context.hpp needs wolfSSL: define IMAPLIB_USE_WOLFSSL and link -lwolfssl"
#endif

// wolfSSL's build options must come before any other wolfSSL header, or the structure
// layouts the library was built with and the ones seen here disagree.
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/transport/concept.hpp>: inlined above
// #include <imaplib/transport/tls_identity.hpp>: inlined above

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

enum class tls_version { tls1_2, tls1_3 };

namespace detail {

// wolfSSL_Init once per process; a function-local static is thread-safe (C++11).
inline bool tls_library_ready() noexcept {
    static const bool ready = wolfSSL_Init() == WOLFSSL_SUCCESS;
    return ready;
}

struct tls_ctx_deleter {
    void operator()(WOLFSSL_CTX* p) const noexcept { wolfSSL_CTX_free(p); }
};
struct tls_ssl_deleter {
    void operator()(WOLFSSL* p) const noexcept { wolfSSL_free(p); }
};
struct tls_x509_deleter {
    void operator()(WOLFSSL_X509* p) const noexcept { wolfSSL_X509_free(p); }
};

inline std::string tls_error_text(int err) {
    char buf[WOLFSSL_MAX_ERROR_SZ] = {};
    wolfSSL_ERR_error_string_n(static_cast<unsigned long>(err), buf, sizeof buf);
    return std::string(buf) + " (wolfSSL " + std::to_string(err) + ")";
}

// ':'-separated names, the form wolfSSL_CTX_set_cipher_list takes.
inline bool name_in_list(std::string_view list, std::string_view name) noexcept {
    while (!list.empty()) {
        const std::size_t colon = list.find(':');
        if (list.substr(0, colon) == name) return true;
        if (colon == std::string_view::npos) break;
        list.remove_prefix(colon + 1);
    }
    return false;
}

// The library's TLS policy: what a tls_context offers and accepts. TLS 1.2 and 1.3
// only; for 1.2 ECDHE key exchange with AEAD ciphers (Mozilla's "intermediate"), for
// 1.3 the AEAD suites; never anonymous, NULL, export, RC4, 3DES or integrity-only.
struct tls_policy {
    static constexpr std::string_view tls13_suites =
        "TLS13-AES128-GCM-SHA256:TLS13-AES256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256";
    static constexpr std::string_view tls12_suites =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
    // allow_insecure_legacy_tls adds CBC ciphers, finite-field DHE and RSA key transport
    // (no forward secrecy; only where the wolfSSL build has them). Still no anonymous,
    // NULL, export, RC4 or 3DES suite: those protect nothing (RFC 7465, Sweet32).
    static constexpr std::string_view legacy_suites =
        "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:"
        "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:"
        "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:"
        "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:"
        "DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA:"
        "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA";
    // Handshake signatures (RFC 8446 section 4.2.3): no SHA-1, no MD5.
    static constexpr const char* sigalgs =
        "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ED25519:ED448:"
        "RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512";
    static constexpr const char* legacy_sigalgs =
        "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ED25519:ED448:"
        "RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512:"
        "ECDSA+SHA1:RSA+SHA1";

    bool insecure_legacy = false;
    std::string ciphers = std::string(tls13_suites) + ":" + std::string(tls12_suites);
    int min_rsa_bits = 2048;  // NIST SP 800-131A; what OpenSSL's security level 2 asks
    int min_ecc_bits = 256;

    int rsa_floor() const noexcept { return insecure_legacy ? 1024 : 2048; }
    static constexpr int ecc_floor = 256;
    int dh_floor() const noexcept { return insecure_legacy ? 1024 : 2048; }

    // May this suite be offered and accepted at all (before the user narrows it)?
    bool permits(std::string_view suite) const noexcept {
        return name_in_list(tls13_suites, suite) || name_in_list(tls12_suites, suite) ||
               (insecure_legacy && name_in_list(legacy_suites, suite));
    }

    // The suites as their two-byte codes, the ones this wolfSSL build has. Set as bytes:
    // wolfSSL's set_cipher_list merges a new list into the previous one the OpenSSL way
    // (a list without TLS 1.3 suites keeps the old ones) and then offers stale suites.
    std::string suite_codes() const {
        std::string codes;
        std::string_view rest = ciphers;
        while (!rest.empty()) {
            const std::size_t colon = rest.find(':');
            const std::string name(rest.substr(0, colon));
            unsigned char b0 = 0, b1 = 0;
            int flags = 0;
            if (wolfSSL_get_cipher_suite_from_name(name.c_str(), &b0, &b1, &flags) == 0) {
                codes += static_cast<char>(b0);
                codes += static_cast<char>(b1);
            }
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
        return codes;
    }

    // Onto a wolfSSL context (its default for new sessions) or a session (so that what
    // was done to the context through native_handle() cannot widen it). False when the
    // build has none of the suites or refuses a setting.
    template <class Handle>
    bool apply(Handle* h) const {
        const std::string codes = suite_codes();
        if (codes.empty()) return false;
        const auto* list = reinterpret_cast<const unsigned char*>(codes.data());
        const int size = static_cast<int>(codes.size());
        const char* sigs = insecure_legacy ? legacy_sigalgs : sigalgs;
        bool ok = true;
        // Suites first: setting them resets the signature algorithms. Each #if is the
        // one wolfSSL declares the call under (no RSA, DH or ECC: no such key to bound).
        if constexpr (std::is_same_v<Handle, WOLFSSL_CTX>) {
            ok = wolfSSL_CTX_set_cipher_list_bytes(h, list, size) == WOLFSSL_SUCCESS;
#if defined(OPENSSL_EXTRA)
            ok = ok && wolfSSL_CTX_set1_sigalgs_list(h, sigs) == WOLFSSL_SUCCESS;
#endif
#if !defined(NO_RSA)
            ok = ok && wolfSSL_CTX_SetMinRsaKey_Sz(h, static_cast<short>(min_rsa_bits)) == WOLFSSL_SUCCESS;
#endif
#if defined(HAVE_ECC)
            ok = ok && wolfSSL_CTX_SetMinEccKey_Sz(h, static_cast<short>(min_ecc_bits)) == WOLFSSL_SUCCESS;
#endif
#if !defined(NO_DH)
            ok = ok && wolfSSL_CTX_SetMinDhKey_Sz(h, static_cast<word16>(dh_floor())) == WOLFSSL_SUCCESS;
#endif
        } else {
            ok = wolfSSL_set_cipher_list_bytes(h, list, size) == WOLFSSL_SUCCESS;
#if defined(OPENSSL_EXTRA)
            ok = ok && wolfSSL_set1_sigalgs_list(h, sigs) == WOLFSSL_SUCCESS;
#endif
#if !defined(NO_RSA)
            ok = ok && wolfSSL_SetMinRsaKey_Sz(h, static_cast<short>(min_rsa_bits)) == WOLFSSL_SUCCESS;
#endif
#if defined(HAVE_ECC)
            ok = ok && wolfSSL_SetMinEccKey_Sz(h, static_cast<short>(min_ecc_bits)) == WOLFSSL_SUCCESS;
#endif
#if !defined(NO_DH)
            ok = ok && wolfSSL_SetMinDhKey_Sz(h, static_cast<word16>(dh_floor())) == WOLFSSL_SUCCESS;
#endif
        }
        (void)sigs;
        return ok;
    }
};

// Where Debian, Ubuntu, Alpine and Arch keep the bundle (what OpenSSL's
// default_verify_paths finds there), for wolfSSL builds without system CA support.
inline constexpr const char* fallback_ca_bundle = "/etc/ssl/certs/ca-certificates.crt";

}  // namespace detail

// imaplib's ssl_context (Python's ssl.create_default_context()): verification of the
// chain and of the host name is on, the system trust store is used unless CA files are
// loaded, TLS 1.2 is the minimum, and the library's TLS policy applies (the suites,
// key sizes and signatures of docs/security.md). Move-only; a context may be shared
// (through a shared_ptr) by several connections, also from several threads once
// configured.
class tls_context {
public:
    tls_context() : impl_(std::make_unique<impl>()) {
        if (!detail::tls_library_ready()) return;
        impl_->ctx.reset(wolfSSL_CTX_new(wolfSSLv23_client_method()));
        if (!impl_->ctx) return;
        // A context the policy cannot be put on is no context: never fall back to
        // wolfSSL's defaults, which offer anonymous and NULL suites.
        if (wolfSSL_CTX_SetMinVersion(impl_->ctx.get(), WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS ||
            !impl_->policy.apply(impl_->ctx.get()))
            impl_->ctx.reset();
    }

    tls_context(tls_context&&) noexcept = default;
    tls_context& operator=(tls_context&&) noexcept = default;
    tls_context(const tls_context&) = delete;
    tls_context& operator=(const tls_context&) = delete;
    ~tls_context() = default;

    // False when wolfSSL could not create the context (no memory, init failed).
    bool valid() const noexcept { return impl_ && impl_->ctx; }

    // Trusts the CAs in a PEM file (imaplib/ssl: cafile). Replaces the system store.
    // Failing, error_detail() names the file and why: "cannot read CA file '<path>':
    // No such file or directory" (errc::invalid_argument, as for a file that is not PEM).
    void load_verify_file(const std::string& cafile, std::error_code& ec) {
        if (!usable(ec)) return;
        if (std::FILE* file = std::fopen(cafile.c_str(), "rb")) {
            std::fclose(file);
        } else {
            const std::error_code os(errno, std::generic_category());
            fail(ec, errc::invalid_argument, "cannot read CA file '" + cafile + "': " + os.message());
            return;
        }
        load(cafile.c_str(), nullptr, ec);
    }
#ifndef IMAPLIB_NO_EXCEPTIONS
    // Throws imaplib::error with error_detail() (Python's load_verify_locations raises
    // FileNotFoundError or ssl.SSLError).
    void load_verify_file(const std::string& cafile) {
        std::error_code ec;
        load_verify_file(cafile, ec);
        if (ec) throw error(ec, error_detail());
    }
#endif
    // Trusts every PEM file in a directory (ssl: capath). Replaces the system store.
    void load_verify_dir(const std::string& capath, std::error_code& ec) {
        load(nullptr, capath.c_str(), ec);
    }
    // Trusts the system store now (otherwise loaded at the first handshake when no CA
    // file or directory was given).
    void load_default_verify_paths(std::error_code& ec) {
        if (!usable(ec)) return;
        impl_->explicit_ca = true;
        if (!load_system_store(impl_->ctx.get())) {
            fail(ec, errc::invalid_argument, "no system CA certificates could be loaded");
            return;
        }
        ec.clear();
    }

    // Client certificate (imaplib's certfile / keyfile); keyfile empty: the key is in
    // certfile, as in Python's load_cert_chain.
    void use_certificate(const std::string& certfile, const std::string& keyfile,
                         std::error_code& ec) {
        if (!usable(ec)) return;
        int ret = wolfSSL_CTX_use_certificate_chain_file(impl_->ctx.get(), certfile.c_str());
        if (ret != WOLFSSL_SUCCESS) {
            fail(ec, errc::invalid_argument,
                 "cannot load certificate " + certfile + ": " + detail::tls_error_text(ret));
            return;
        }
        const std::string& key = keyfile.empty() ? certfile : keyfile;
        ret = wolfSSL_CTX_use_PrivateKey_file(impl_->ctx.get(), key.c_str(), WOLFSSL_FILETYPE_PEM);
        if (ret != WOLFSSL_SUCCESS) {
            fail(ec, errc::invalid_argument,
                 "cannot load private key " + key + ": " + detail::tls_error_text(ret));
            return;
        }
        ec.clear();
    }

    // verify_mode: CERT_REQUIRED (true, the default) or CERT_NONE (false).
    void set_verify(bool on) noexcept {
        if (impl_) impl_->verify = on;
    }
    bool verify() const noexcept { return impl_ && impl_->verify; }
    // check_hostname; only takes effect while verify() is on.
    void set_check_hostname(bool on) noexcept {
        if (impl_) impl_->check_hostname = on;
    }
    bool check_hostname() const noexcept { return impl_ && impl_->check_hostname; }

    void set_min_version(tls_version v, std::error_code& ec) {
        if (!usable(ec)) return;
        const int wv = v == tls_version::tls1_3 ? WOLFSSL_TLSV1_3 : WOLFSSL_TLSV1_2;
        if (wolfSSL_CTX_SetMinVersion(impl_->ctx.get(), wv) != WOLFSSL_SUCCESS) {
            fail(ec, errc::not_supported, "this wolfSSL build cannot set that minimum version");
            return;
        }
        impl_->min_version = v;
        ec.clear();
    }
    tls_version min_version() const noexcept {
        return impl_ ? impl_->min_version : tls_version::tls1_2;
    }

    // Tightens the suites: `names` (wolfSSL's names, ':'-separated, in the order to
    // offer) must each be one the policy allows, so this never widens it;
    // errc::invalid_argument names the first that is not.
    void set_ciphers(std::string_view names, std::error_code& ec) {
        if (!usable(ec)) return;
        std::string list;
        while (!names.empty()) {
            const std::size_t colon = names.find(':');
            const std::string_view name = names.substr(0, colon);
            if (!impl_->policy.permits(name)) {
                fail(ec, errc::invalid_argument,
                     "the TLS policy does not allow the suite \"" + std::string(name) + "\"");
                return;
            }
            if (!list.empty()) list += ':';
            list += name;
            if (colon == std::string_view::npos) break;
            names.remove_prefix(colon + 1);
        }
        if (list.empty()) {
            fail(ec, errc::invalid_argument, "no TLS suite given");
            return;
        }
        set_policy_ciphers(std::move(list), ec);
    }
    // The suites offered, ':'-separated, in order.
    std::string ciphers() const { return impl_ ? impl_->policy.ciphers : std::string(); }

    // Tightens the smallest server keys accepted (defaults: RSA 2048, ECC 256 bits; a
    // smaller value than the policy's is errc::invalid_argument).
    void set_min_key_sizes(int rsa_bits, int ecc_bits, std::error_code& ec) {
        if (!usable(ec)) return;
        detail::tls_policy& p = impl_->policy;
        if (rsa_bits < p.rsa_floor() || ecc_bits < detail::tls_policy::ecc_floor || rsa_bits > 16384 ||
            ecc_bits > 521 || rsa_bits % 8 != 0) {
            fail(ec, errc::invalid_argument,
                 "key sizes below the TLS policy (RSA " + std::to_string(p.rsa_floor()) + ", ECC " +
                     std::to_string(detail::tls_policy::ecc_floor) + " bits) or out of range");
            return;
        }
        detail::tls_policy bigger = p;
        bigger.min_rsa_bits = rsa_bits;
        bigger.min_ecc_bits = ecc_bits;
        if (!bigger.apply(impl_->ctx.get())) {
            (void)p.apply(impl_->ctx.get());
            fail(ec, errc::not_supported, "this wolfSSL build cannot set these key sizes");
            return;
        }
        p = std::move(bigger);
        ec.clear();
    }

    // INSECURE. For a server that cannot do better, and only until it can: adds CBC
    // ciphers, finite-field DHE and RSA key transport (where the wolfSSL build has
    // them), RSA keys from 1024 bits and SHA-1 signatures, and replaces the suites
    // set before (tighten afterwards). Never anonymous, NULL, export, RC4 or 3DES
    // suites, never below TLS 1.2; the chain and the host name are still verified.
    void allow_insecure_legacy_tls(std::error_code& ec) {
        if (!usable(ec)) return;
        detail::tls_policy legacy;
        legacy.insecure_legacy = true;
        legacy.ciphers = std::string(detail::tls_policy::tls13_suites) + ":" +
                         std::string(detail::tls_policy::tls12_suites) + ":" +
                         std::string(detail::tls_policy::legacy_suites);
        legacy.min_rsa_bits = legacy.rsa_floor();
        if (!legacy.apply(impl_->ctx.get())) {
            (void)impl_->policy.apply(impl_->ctx.get());
            fail(ec, errc::not_supported, "this wolfSSL build cannot apply the legacy TLS policy");
            return;
        }
        impl_->policy = std::move(legacy);
        ec.clear();
    }
    bool insecure_legacy_tls() const noexcept { return impl_ && impl_->policy.insecure_legacy; }

    // The policy in force (for the handshake's checks).
    const detail::tls_policy& policy() const noexcept {
        static const detail::tls_policy fallback;
        return impl_ ? impl_->policy : fallback;
    }

    // Why the last failed call failed, "" if none did.
    const std::string& error_detail() const noexcept {
        static const std::string none;
        return impl_ ? impl_->detail : none;
    }

    WOLFSSL_CTX* native_handle() const noexcept { return impl_ ? impl_->ctx.get() : nullptr; }

    // Loads the system store once if no CA was given. Called before each handshake;
    // call_once keeps concurrent first handshakes on a shared context safe.
    void prepare_for_handshake() const noexcept {
        if (!valid()) return;
        std::call_once(impl_->defaults_once, [this] {
            if (!impl_->explicit_ca) (void)load_system_store(impl_->ctx.get());
        });
    }

private:
    struct impl {
        std::unique_ptr<WOLFSSL_CTX, detail::tls_ctx_deleter> ctx;
        bool verify = true;
        bool check_hostname = true;
        bool explicit_ca = false;
        tls_version min_version = tls_version::tls1_2;
        detail::tls_policy policy;
        std::once_flag defaults_once;
        std::string detail;
    };

    static bool load_system_store(WOLFSSL_CTX* ctx) noexcept {
#if defined(WOLFSSL_SYS_CA_CERTS)
        if (wolfSSL_CTX_load_system_CA_certs(ctx) == WOLFSSL_SUCCESS) return true;
#endif
        return wolfSSL_CTX_load_verify_locations(ctx, detail::fallback_ca_bundle, nullptr) ==
               WOLFSSL_SUCCESS;
    }

    bool usable(std::error_code& ec) {
        if (valid()) return true;
        ec = make_error_code(errc::not_supported);
        if (impl_) impl_->detail = "the wolfSSL context could not be created";
        return false;
    }

    void fail(std::error_code& ec, errc e, std::string why) {
        ec = make_error_code(e);
        impl_->detail = std::move(why);
    }

    void set_policy_ciphers(std::string list, std::error_code& ec) {
        detail::tls_policy narrowed = impl_->policy;
        narrowed.ciphers = std::move(list);
        if (!narrowed.apply(impl_->ctx.get())) {
            (void)impl_->policy.apply(impl_->ctx.get());
            fail(ec, errc::not_supported, "this wolfSSL build has none of the suites " + narrowed.ciphers);
            return;
        }
        impl_->policy = std::move(narrowed);
        ec.clear();
    }

    void load(const char* file, const char* dir, std::error_code& ec) {
        if (!usable(ec)) return;
        const int ret = wolfSSL_CTX_load_verify_locations(impl_->ctx.get(), file, dir);
        if (ret != WOLFSSL_SUCCESS) {
            fail(ec, errc::invalid_argument,
                 std::string("cannot load CA certificates from '") + (file ? file : dir) + "': " +
                     detail::tls_error_text(ret));
            return;
        }
        impl_->explicit_ca = true;
        impl_->detail.clear();
        ec.clear();
    }

    std::unique_ptr<impl> impl_;
};

namespace detail {

// The byte stream under a TLS session: blocking calls that apply the transport's own
// timeout, with the transport's error codes (docs/transports.md).
struct tls_lower_io {
    void* ctx = nullptr;
    std::size_t (*read_some)(void* ctx, char* buffer, std::size_t size,
                             std::error_code& ec) = nullptr;
    void (*write_all)(void* ctx, const char* data, std::size_t size,
                      std::error_code& ec) = nullptr;
    // Bytes a read_some returns without waiting (0 when unknown); optional.
    std::size_t (*available)(void* ctx) noexcept = nullptr;
};

// One wolfSSL client connection over a tls_lower_io. wolfSSL calls back into the lower
// stream (custom I/O callbacks), so the lower stream's timeouts apply to every record
// and no byte is read ahead of the handshake by anyone but wolfSSL. Lives on the heap:
// wolfSSL keeps a pointer to it.
class tls_session {
public:
    tls_session() = default;
    tls_session(const tls_session&) = delete;
    tls_session& operator=(const tls_session&) = delete;

    // Client handshake with SNI and (per ctx) chain and host name verification.
    void handshake(const tls_context& ctx, std::string_view host, tls_lower_io io,
                   std::error_code& ec, std::string& why) {
        why.clear();
        if (!ctx.valid()) {
            ec = make_error_code(errc::not_supported);
            why = "the wolfSSL context could not be created";
            return;
        }
        ctx.prepare_for_handshake();
        ssl_.reset(wolfSSL_new(ctx.native_handle()));
        if (!ssl_) {
            ec = make_error_code(errc::tls_handshake_failed);
            why = "wolfSSL_new failed";
            return;
        }
        io_ = io;
        WOLFSSL* ssl = ssl_.get();
        if (!ctx.policy().apply(ssl) ||
            wolfSSL_SetMinVersion(ssl, ctx.min_version() == tls_version::tls1_3 ? WOLFSSL_TLSV1_3
                                                                                : WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS) {
            ec = make_error_code(errc::tls_handshake_failed);
            why = "the TLS policy cannot be applied to the session";
            ssl_.reset();
            return;
        }
        wolfSSL_SSLSetIORecv(ssl, &tls_session::recv_cb);
        wolfSSL_SSLSetIOSend(ssl, &tls_session::send_cb);
        wolfSSL_SetIOReadCtx(ssl, this);
        wolfSSL_SetIOWriteCtx(ssl, this);

        const std::string host_z(host);
        const bool ip = is_ip_literal(host);
        // RFC 6066 section 3: SNI carries DNS names only, never an address literal.
        if (!ip && !host.empty() && host.size() <= 0xFFFF) {
            (void)wolfSSL_UseSNI(ssl, WOLFSSL_SNI_HOST_NAME, host_z.data(),
                                 static_cast<unsigned short>(host_z.size()));
        }
        wolfSSL_set_verify(ssl, ctx.verify() ? WOLFSSL_VERIFY_PEER : WOLFSSL_VERIFY_NONE, nullptr);

        const int ret = wolfSSL_connect(ssl);
        if (ret != WOLFSSL_SUCCESS) {
            fail(wolfSSL_get_error(ssl, ret), host, /*handshake=*/true, ec, why);
            ssl_.reset();
            return;
        }
        // The policy and the identity are checked here, after the handshake and before
        // the caller can send a byte: by the library, not by wolfSSL's looser rules.
        check_peer(ctx, host, ec, why);
        if (ec) {
            ssl_.reset();
            return;
        }
        ec.clear();
    }

    std::size_t read(char* buffer, std::size_t size, std::error_code& ec, std::string& why) {
        if (!ssl_) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        if (size == 0) {
            ec.clear();
            return 0;
        }
        const int want = size > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
        const int n = wolfSSL_read(ssl_.get(), buffer, want);
        if (n > 0) {
            ec.clear();
            return static_cast<std::size_t>(n);
        }
        const int err = wolfSSL_get_error(ssl_.get(), n);
        if (err == WOLFSSL_ERROR_ZERO_RETURN) {
            // close_notify (RFC 8446 section 6.1): an orderly end of the stream.
            ec = make_error_code(errc::connection_closed);
            return 0;
        }
        fail(err, {}, /*handshake=*/false, ec, why);
        return 0;
    }

    void write(const char* data, std::size_t size, std::error_code& ec, std::string& why) {
        if (!ssl_) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        while (size > 0) {
            const int chunk = size > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
            const int n = wolfSSL_write(ssl_.get(), data, chunk);
            if (n <= 0) {
                fail(wolfSSL_get_error(ssl_.get(), n), {}, /*handshake=*/false, ec, why);
                return;
            }
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        ec.clear();
    }

    // Application bytes a read returns without waiting: those wolfSSL already holds, else
    // those it can decrypt from whole records already received (it processes them with
    // reads that never wait; a record still incomplete, or a TLS 1.3 session ticket,
    // counts 0).
    std::size_t available(std::error_code& ec, std::string& why) {
        ec.clear();
        if (!ssl_) return 0;
        if (const int n = wolfSSL_pending(ssl_.get()); n > 0) return static_cast<std::size_t>(n);
        if (!io_.available || io_.available(io_.ctx) == 0) return 0;
        char byte = 0;
        peeking_ = true;
        const int n = wolfSSL_peek(ssl_.get(), &byte, 1);
        peeking_ = false;
        if (n > 0) return static_cast<std::size_t>(std::max(wolfSSL_pending(ssl_.get()), 1));
        const int err = wolfSSL_get_error(ssl_.get(), n);
        if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_ZERO_RETURN) return 0;  // the read says
        fail(err, {}, /*handshake=*/false, ec, why);
        return 0;
    }

    WOLFSSL* native_handle() const noexcept { return ssl_.get(); }

private:
    static int recv_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
        auto* self = static_cast<tls_session*>(ctx);
        if (sz <= 0) return 0;
        if (self->peeking_ && self->io_.available(self->io_.ctx) == 0) return WOLFSSL_CBIO_ERR_WANT_READ;
        std::error_code ec;
        const std::size_t n = self->io_.read_some(self->io_.ctx, buf, static_cast<std::size_t>(sz), ec);
        if (ec) {
            self->io_error_ = ec;
            return ec == errc::connection_closed ? WOLFSSL_CBIO_ERR_CONN_CLOSE
                                                 : WOLFSSL_CBIO_ERR_GENERAL;
        }
        return static_cast<int>(n);
    }

    static int send_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
        auto* self = static_cast<tls_session*>(ctx);
        if (sz <= 0) return 0;
        std::error_code ec;
        self->io_.write_all(self->io_.ctx, buf, static_cast<std::size_t>(sz), ec);
        if (ec) {
            self->io_error_ = ec;
            return ec == errc::connection_closed ? WOLFSSL_CBIO_ERR_CONN_CLOSE
                                                 : WOLFSSL_CBIO_ERR_GENERAL;
        }
        return sz;
    }

    // What the policy asks of every session, and (with verification on) of the chain
    // and the name: a certificate always, even with verify() off (an anonymous suite
    // has none); a suite of the policy; no MD5 or SHA-1 signature on a certificate the
    // server sent but a self-signed root's own; the host in the subjectAltName.
    void check_peer(const tls_context& ctx, std::string_view host, std::error_code& ec,
                    std::string& why) {
        WOLFSSL* ssl = ssl_.get();
        const auto refuse = [&](errc e, std::string reason) {
            ec = make_error_code(e);
            why = std::move(reason);
        };
        std::unique_ptr<WOLFSSL_X509, tls_x509_deleter> peer(wolfSSL_get_peer_certificate(ssl));
        if (!peer) return refuse(errc::tls_verify_failed, "the server sent no certificate");
        const char* suite = wolfSSL_get_cipher_name(ssl);
        if (!suite || !name_in_list(ctx.policy().ciphers, suite)) {
            return refuse(errc::tls_handshake_failed, std::string("the server chose the suite ") +
                                                          (suite ? suite : "?") +
                                                          ", which the TLS policy does not allow");
        }
        if (!ctx.verify()) {
            ec.clear();
            return;
        }
        int leaf_size = 0;
        const unsigned char* leaf_der = wolfSSL_X509_get_der(peer.get(), &leaf_size);
        certificate_fields leaf;
        if (!leaf_der || leaf_size <= 0 ||
            !parse_certificate({reinterpret_cast<const char*>(leaf_der), static_cast<std::size_t>(leaf_size)},
                               leaf))
            return refuse(errc::tls_verify_failed, "the server's certificate cannot be read");
        if (!ctx.policy().insecure_legacy) {
            if (weak_signature_algorithm(leaf.signature_algorithm))
                return refuse(errc::tls_verify_failed,
                              "the server's certificate is signed with SHA-1 or MD5, which the TLS policy refuses");
#if defined(SESSION_CERTS)
            WOLFSSL_X509_CHAIN* chain = wolfSSL_get_peer_chain(ssl);
            const int count = chain ? wolfSSL_get_chain_count(chain) : 0;
            for (int i = 1; i < count; ++i) {
                const unsigned char* der = wolfSSL_get_chain_cert(chain, i);
                const int size = wolfSSL_get_chain_length(chain, i);
                certificate_fields c;
                if (!der || size <= 0 ||
                    !parse_certificate({reinterpret_cast<const char*>(der), static_cast<std::size_t>(size)}, c))
                    return refuse(errc::tls_verify_failed, "a certificate of the server's chain cannot be read");
                // A root's self-signature vouches for nothing: trust in it is local.
                if (c.issuer != c.subject && weak_signature_algorithm(c.signature_algorithm))
                    return refuse(errc::tls_verify_failed,
                                  "a CA certificate of the server's chain is signed with SHA-1 or MD5, "
                                  "which the TLS policy refuses");
            }
#endif
        }
        if (ctx.check_hostname() && !host_matches(leaf, host)) {
            std::string reason = "host name mismatch: the certificate is not valid for " + std::string(host);
            if (!leaf.has_subject_alt_name)
                reason += " (it has no subjectAltName; the common name is never used, RFC 9525)";
            else if (is_ip_literal(host))
                reason += " (an address matches only an iPAddress subjectAltName)";
            return refuse(errc::tls_verify_failed, std::move(reason));
        }
        ec.clear();
    }

    static bool is_verify_error(int err) noexcept {
        switch (err) {
        case ASN_NO_SIGNER_E: case ASN_SELF_SIGNED_E: case ASN_AFTER_DATE_E:
        case ASN_BEFORE_DATE_E: case ASN_SIG_CONFIRM_E: case ASN_SIG_OID_E:
        case ASN_SIG_HASH_E: case ASN_SIG_KEY_E: case ASN_CRIT_EXT_E: case ASN_ALT_NAME_E:
        case ASN_NAME_INVALID_E: case ASN_PATHLEN_SIZE_E: case ASN_PATHLEN_INV_E:
        case EXTKEYUSAGE_E: case DOMAIN_NAME_MISMATCH: case IPADDR_MISMATCH:
        case VERIFY_CERT_ERROR: case MAX_CHAIN_ERROR: case CRL_CERT_REVOKED:
        case OCSP_CERT_REVOKED: case NO_PEER_CERT: case RSA_KEY_SIZE_E: case ECC_KEY_SIZE_E:
        case DH_KEY_SIZE_E:
            return true;
        default:
            return false;
        }
    }

    // Turns a wolfSSL failure into an errc and a reason a person can act on. An error
    // of the stream underneath (timeout, EOF, an OS error) wins: it is the cause.
    void fail(int err, std::string_view host, bool handshake, std::error_code& ec,
              std::string& why) {
        if (io_error_) {
            ec = io_error_;
            io_error_.clear();
            if (handshake && ec == errc::connection_closed) {
                ec = make_error_code(errc::tls_handshake_failed);
                why = "connection closed during the TLS handshake";
            } else {
                why = ec.message();
            }
            return;
        }
        if (is_verify_error(err)) {
            ec = make_error_code(errc::tls_verify_failed);
            switch (err) {
            case ASN_NO_SIGNER_E: why = "unknown CA: no trusted certificate signed the server's"; break;
            case ASN_SELF_SIGNED_E: why = "self-signed certificate"; break;
            case ASN_AFTER_DATE_E: why = "certificate has expired"; break;
            case ASN_BEFORE_DATE_E: why = "certificate is not yet valid"; break;
            case RSA_KEY_SIZE_E: why = "the server's RSA key is smaller than the TLS policy allows"; break;
            case ECC_KEY_SIZE_E: why = "the server's ECC key is smaller than the TLS policy allows"; break;
            case DH_KEY_SIZE_E: why = "the server's DH group is smaller than the TLS policy allows"; break;
            case NO_PEER_CERT: why = "the server sent no certificate"; break;
            case DOMAIN_NAME_MISMATCH:
            case IPADDR_MISMATCH:
                why = "host name mismatch: the certificate is not valid for " + std::string(host);
                break;
            default: why = "certificate verification failed"; break;
            }
            // wolfSSL reports a self-signed leaf as "no signer": say which it is.
            if (err == ASN_NO_SIGNER_E && peer_is_self_signed()) why = "self-signed certificate";
            why += ": " + tls_error_text(err);
            return;
        }
        ec = make_error_code(handshake ? errc::tls_handshake_failed : errc::transport_error);
        why = (handshake ? "TLS handshake failed: " : "TLS error: ") + tls_error_text(err);
    }

    bool peer_is_self_signed() const noexcept {
        std::unique_ptr<WOLFSSL_X509, tls_x509_deleter> peer(wolfSSL_get_peer_certificate(ssl_.get()));
        if (!peer) return false;
        WOLFSSL_X509_NAME* subject = wolfSSL_X509_get_subject_name(peer.get());
        WOLFSSL_X509_NAME* issuer = wolfSSL_X509_get_issuer_name(peer.get());
        return subject && issuer && wolfSSL_X509_NAME_cmp(subject, issuer) == 0;
    }

    std::unique_ptr<WOLFSSL, tls_ssl_deleter> ssl_;
    tls_lower_io io_;
    std::error_code io_error_;
    bool peeking_ = false;  // in available(): reads must not wait
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_TLS_CONTEXT_HPP
// end <imaplib/transport/tls_context.hpp>
#endif

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/transport/concept.hpp>: inlined above

#include <asio.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// Everything of one connection, on the heap: io_context cannot move, and a TLS session
// keeps a pointer to it.
struct tcp_state {
    asio::io_context io{1};
    asio::ip::tcp::socket socket{io};
    std::optional<std::chrono::milliseconds> timeout;
    std::string why;  // error_detail()
#if defined(IMAPLIB_USE_WOLFSSL)
    std::unique_ptr<tls_session> tls;
#endif

    // Runs the queued operation until it sets `done` or the timeout expires. On expiry
    // calls `cancel` and runs the aborted handler to completion (it refers to the
    // caller's stack), then returns false.
    template <class Cancel>
    bool run(const bool& done, Cancel cancel) {
        io.restart();
        if (timeout)
            io.run_for(*timeout);
        else
            io.run();
        if (done) return true;
        cancel();
        io.restart();
        io.run();
        return false;
    }

    void close() noexcept {
#if defined(IMAPLIB_USE_WOLFSSL)
        tls.reset();
#endif
        std::error_code ignored;
        if (socket.is_open()) {
            socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
            socket.close(ignored);
        }
    }

    // The plain byte stream, also the stream under TLS.
    std::size_t raw_read(char* buffer, std::size_t size, std::error_code& ec) {
        if (!socket.is_open()) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        if (size == 0) {
            ec.clear();
            return 0;
        }
        bool done = false;
        std::error_code result;
        std::size_t got = 0;
        socket.async_read_some(asio::buffer(buffer, size),
                               [&](const std::error_code& e, std::size_t n) {
                                   result = e;
                                   got = n;
                                   done = true;
                               });
        if (!run(done, [this] { close_socket_only(); })) {
            ec = make_error_code(errc::timeout);
            why = "read timed out";
            return 0;
        }
        if (result) {
            ec = map(result);
            why = result.message();
            return 0;
        }
        ec.clear();
        return got;
    }

    void raw_write(const char* data, std::size_t size, std::error_code& ec) {
        if (!socket.is_open()) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        bool done = false;
        std::error_code result;
        asio::async_write(socket, asio::buffer(data, size),
                          [&](const std::error_code& e, std::size_t) {
                              result = e;
                              done = true;
                          });
        if (!run(done, [this] { close_socket_only(); })) {
            ec = make_error_code(errc::timeout);
            why = "write timed out";
            return;
        }
        if (result) {
            ec = map(result);
            why = result.message();
            return;
        }
        ec.clear();
    }

    // The socket only: a TLS session calling down into raw_read must not be destroyed
    // under its own feet; the owner resets it after the call returns.
    void close_socket_only() noexcept {
        std::error_code ignored;
        socket.close(ignored);
    }

    static std::error_code map(const std::error_code& e) {
        if (e == asio::error::eof) return make_error_code(errc::connection_closed);
        // Asio's "asio.system" category carries errno values; hand them out as
        // std::system_category so they compare equal to std::errc constants.
        if (e.category() == asio::error::get_system_category())
            return {e.value(), std::system_category()};
        return e;
    }

    static std::size_t read_cb(void* self, char* buffer, std::size_t size, std::error_code& ec) {
        return static_cast<tcp_state*>(self)->raw_read(buffer, size, ec);
    }
    static void write_cb(void* self, const char* data, std::size_t size, std::error_code& ec) {
        static_cast<tcp_state*>(self)->raw_write(data, size, ec);
    }
    static std::size_t available_cb(void* self) noexcept {
        std::error_code ignored;
        auto& socket = static_cast<tcp_state*>(self)->socket;
        return socket.is_open() ? socket.available(ignored) : 0;
    }
};

}  // namespace detail

class tcp_transport {
public:
    static constexpr std::uint16_t default_port = 143;
    using native_handle_type = asio::ip::tcp::socket::native_handle_type;

    tcp_transport() : state_(std::make_unique<detail::tcp_state>()) {}
    tcp_transport(tcp_transport&&) noexcept = default;
    tcp_transport& operator=(tcp_transport&& other) noexcept {
        if (this != &other) {
            shutdown();
            state_ = std::move(other.state_);
        }
        return *this;
    }
    tcp_transport(const tcp_transport&) = delete;
    tcp_transport& operator=(const tcp_transport&) = delete;
    ~tcp_transport() { shutdown(); }

    // Resolves host (IPv4 and IPv6; "" means localhost) and tries each address in
    // turn, as Python's socket.create_connection does; the timeout applies to the
    // resolution and to each connection attempt.
    void open(std::string_view host, std::uint16_t port, std::error_code& ec) {
        if (!state_) state_ = std::make_unique<detail::tcp_state>();
        detail::tcp_state& s = *state_;
        s.close();
        s.why.clear();
        const std::string name = host.empty() ? std::string("localhost") : std::string(host);

        asio::ip::tcp::resolver resolver(s.io);
        bool done = false;
        std::error_code result;
        asio::ip::tcp::resolver::results_type endpoints;
        // No AI_ADDRCONFIG (Asio's default): "localhost" must reach ::1 on a host whose
        // only IPv6 address is the loopback.
        resolver.async_resolve(name, std::to_string(port),
                               asio::ip::resolver_base::numeric_service,
                               [&](const std::error_code& e,
                                   asio::ip::tcp::resolver::results_type r) {
                                   result = e;
                                   endpoints = std::move(r);
                                   done = true;
                               });
        if (!s.run(done, [&] { resolver.cancel(); })) {
            ec = make_error_code(errc::timeout);
            s.why = "host name resolution timed out";
            return;
        }
        if (result || endpoints.empty()) {
            ec = make_error_code(errc::resolve_failed);
            s.why = "cannot resolve " + name + (result ? ": " + result.message() : std::string());
            return;
        }

        std::error_code last = make_error_code(errc::resolve_failed);
        for (const auto& entry : endpoints) {
            std::error_code ignored;
            s.socket.close(ignored);
            done = false;
            s.socket.async_connect(entry.endpoint(), [&](const std::error_code& e) {
                result = e;
                done = true;
            });
            if (!s.run(done, [&] { s.close_socket_only(); })) {
                last = make_error_code(errc::timeout);
                s.why = "connect to " + entry.endpoint().address().to_string() + " timed out";
                continue;
            }
            if (!result) {
                s.socket.set_option(asio::ip::tcp::no_delay(true), ignored);
                s.why.clear();
                ec.clear();
                return;
            }
            last = detail::tcp_state::map(result);
            s.why = "connect to " + entry.endpoint().address().to_string() + ": " + result.message();
        }
        s.close_socket_only();
        ec = last;
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (!state_) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        detail::tcp_state& s = *state_;
#if defined(IMAPLIB_USE_WOLFSSL)
        if (s.tls) {
            const std::size_t n = s.tls->read(buffer, size, ec, s.why);
            if (ec == errc::timeout) s.close();
            return n;
        }
#endif
        return s.raw_read(buffer, size, ec);
    }

    // Waits up to `t` for bytes to read (or the end) without closing anything when none
    // come: false, with ec clear. Under TLS, bytes wolfSSL holds count at once.
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
        ec.clear();
        if (!state_ || !state_->socket.is_open()) {
            ec = make_error_code(errc::transport_error);
            return false;
        }
        detail::tcp_state& s = *state_;
        if (available(ec) > 0 || ec) return !ec;
        bool done = false;
        std::error_code result;
        s.socket.async_wait(asio::ip::tcp::socket::wait_read, [&](const std::error_code& e) {
            result = e;
            done = true;
        });
        const std::optional<std::chrono::milliseconds> saved = s.timeout;
        s.timeout = t;
        const bool came = s.run(done, [&s] {
            std::error_code ignored;
            s.socket.cancel(ignored);
        });
        s.timeout = saved;
        if (!came) return false;
        if (result) {
            ec = detail::tcp_state::map(result);
            s.why = result.message();
            return false;
        }
        return true;
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        if (!state_) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        detail::tcp_state& s = *state_;
#if defined(IMAPLIB_USE_WOLFSSL)
        if (s.tls) {
            s.tls->write(data, size, ec, s.why);
            if (ec == errc::timeout) s.close();
            return;
        }
#endif
        s.raw_write(data, size, ec);
    }

    // Bytes read_some returns without waiting: the socket's (FIONREAD), or under TLS the
    // application bytes wolfSSL holds or can decrypt from whole records already received.
    std::size_t available(std::error_code& ec) {
        ec.clear();
        if (!state_ || !state_->socket.is_open()) return 0;
        detail::tcp_state& s = *state_;
#if defined(IMAPLIB_USE_WOLFSSL)
        if (s.tls) return s.tls->available(ec, s.why);
#endif
        std::error_code e;
        const std::size_t n = s.socket.available(e);
        if (e) {
            ec = detail::tcp_state::map(e);
            s.why = e.message();
            return 0;
        }
        return n;
    }

    // Closes the connection. A TLS close_notify is not sent: it could block, and IMAP
    // ends with LOGOUT/BYE anyway (imaplib closes the socket the same way).
    void shutdown() noexcept {
        if (state_) state_->close();
    }

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept {
        if (state_) state_->timeout = t;
    }

    // imaplib's socket(): the OS socket (-1 when closed; all bits set is also Windows'
    // INVALID_SOCKET, an unsigned type).
    native_handle_type native_handle() noexcept {
        return state_ ? state_->socket.native_handle() : ~native_handle_type{};
    }

    bool is_open() const noexcept { return state_ && state_->socket.is_open(); }

    // Why the last failure happened (resolution, connect, TLS verification), or "".
    const std::string& error_detail() const noexcept {
        static const std::string none;
        return state_ ? state_->why : none;
    }

#if defined(IMAPLIB_USE_WOLFSSL)
    // STARTTLS (RFC 9051 section 6.2.1): a TLS client handshake on this connection,
    // started after the server's tagged OK. This transport keeps no bytes of its own,
    // so nothing read before the upgrade can leak into the TLS stream. On failure the
    // connection is closed (its state is unknown).
    void start_tls(const tls_context& ctx, std::string_view host, std::error_code& ec) {
        upgrade(ctx, host, /*starttls=*/true, ec);
    }

    bool tls_active() const noexcept { return state_ && state_->tls; }
    WOLFSSL* ssl() const noexcept { return state_ && state_->tls ? state_->tls->native_handle() : nullptr; }
    // SCRAM-*-PLUS's binding for this connection (sasl/channel_binding.hpp); not_supported
    // before STARTTLS.
    sasl::channel_binding channel_binding(std::error_code& ec) const { return sasl::channel_binding_for(ssl(), ec); }
#endif

private:
#if defined(IMAPLIB_USE_WOLFSSL)
    friend class tls_transport;

    // starttls: the server has said OK in plaintext; anything after that is suspect.
    // Implicit TLS (tls_transport) has no such boundary: a plaintext greeting there
    // simply fails the handshake.
    void upgrade(const tls_context& ctx, std::string_view host, bool starttls, std::error_code& ec) {
        if (!state_ || !state_->socket.is_open()) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        detail::tcp_state& s = *state_;
        if (s.tls) {
            ec = make_error_code(errc::illegal_state);
            s.why = "TLS is already active on this connection";
            return;
        }
        // The server speaks only after our ClientHello, so a byte already waiting here
        // was sent after its tagged OK in plaintext: an injection (RFC 9051 section
        // 11.1; "STARTTLS response injection"). Never let TLS start on top of it.
        std::error_code ignored;
        if (starttls && s.socket.available(ignored) > 0) {
            ec = make_error_code(errc::starttls_injection);
            s.why = "the server sent data after its STARTTLS response, before the handshake";
            s.close();
            return;
        }
        auto session = std::make_unique<detail::tls_session>();
        session->handshake(ctx, host,
                           detail::tls_lower_io{&s, &detail::tcp_state::read_cb,
                                                &detail::tcp_state::write_cb,
                                                &detail::tcp_state::available_cb},
                           ec, s.why);
        if (ec) {
            session.reset();
            s.close();
            return;
        }
        s.tls = std::move(session);
    }
#endif

    std::unique_ptr<detail::tcp_state> state_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_TCP_HPP
// end <imaplib/transport/tcp.hpp>
#ifdef IMAPLIB_USE_WOLFSSL  // implies IMAPLIB_USE_ASIO (config.hpp)
// #include <imaplib/transport/tls_context.hpp>: inlined above
// begin <imaplib/transport/tls.hpp>
// imaplib-cpp: IMAP over implicit TLS (imaplib's IMAP4_SSL; RFC 8314): a TCP connection
// (transport/tcp.hpp), then the wolfSSL handshake (transport/tls_context.hpp) before the
// server's greeting.
//
// Only with IMAPLIB_USE_WOLFSSL (and therefore Asio). Link with -lwolfssl.
#ifndef IMAPLIB_TRANSPORT_TLS_HPP
#define IMAPLIB_TRANSPORT_TLS_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/transport/tcp.hpp>: inlined above
// #include <imaplib/transport/tls_context.hpp>: inlined above

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

// IMAP over implicit TLS (IMAP4_SSL; RFC 8314 section 3.3): TCP, then the handshake,
// before the server's greeting.
class tls_transport {
public:
    static constexpr std::uint16_t default_port = 993;

    // A default context: system CAs, chain and host name verification, TLS 1.2+.
    tls_transport() : ctx_(std::make_shared<tls_context>()) {}
    explicit tls_transport(std::shared_ptr<const tls_context> ctx) : ctx_(std::move(ctx)) {
        if (!ctx_) ctx_ = std::make_shared<tls_context>();
    }

    // imaplib's IMAP4_SSL(keyfile=, certfile=, ssl_context=): a client certificate given
    // as files goes into a default context; files and a context together are refused, as
    // imaplib refuses them (ValueError "ssl_context and keyfile arguments are mutually
    // exclusive"): errc::invalid_argument, the reason in `why`.
    static tls_transport with_certificate(const std::optional<std::string>& keyfile,
                                          const std::optional<std::string>& certfile,
                                          std::shared_ptr<const tls_context> ssl_context, std::error_code& ec,
                                          std::string& why) {
        ec.clear();
        if (ssl_context && (keyfile || certfile)) {
            ec = make_error_code(errc::invalid_argument);
            why = std::string("ssl_context and ") + (keyfile ? "keyfile" : "certfile") +
                  " arguments are mutually exclusive";
            return tls_transport(std::move(ssl_context));
        }
        if (!certfile) {
            if (keyfile) {
                ec = make_error_code(errc::invalid_argument);
                why = "keyfile given without certfile";
            }
            return tls_transport(std::move(ssl_context));
        }
        auto context = std::make_shared<tls_context>();
        context->use_certificate(*certfile, keyfile.value_or(std::string()), ec);
        if (ec) why = context->error_detail();
        return tls_transport(std::move(context));
    }

    void open(std::string_view host, std::uint16_t port, std::error_code& ec) {
        tcp_.open(host, port, ec);
        if (ec) return;
        tcp_.upgrade(*ctx_, host, /*starttls=*/false, ec);
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        return tcp_.read_some(buffer, size, ec);
    }
    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        tcp_.write_all(data, size, ec);
    }
    std::size_t available(std::error_code& ec) { return tcp_.available(ec); }
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) { return tcp_.wait_readable(t, ec); }
    void shutdown() noexcept { tcp_.shutdown(); }
    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { tcp_.set_timeout(t); }

    tcp_transport::native_handle_type native_handle() noexcept { return tcp_.native_handle(); }
    WOLFSSL* ssl() const noexcept { return tcp_.ssl(); }
    sasl::channel_binding channel_binding(std::error_code& ec) const { return tcp_.channel_binding(ec); }
    const std::string& error_detail() const noexcept { return tcp_.error_detail(); }
    const tls_context& context() const noexcept { return *ctx_; }

private:
    std::shared_ptr<const tls_context> ctx_;
    tcp_transport tcp_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_TLS_HPP
// end <imaplib/transport/tls.hpp>
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
// #include <imaplib/sasl/channel_binding.hpp>: inlined above
#endif
#endif
#endif

// imaplib's names for the ready-made clients: imap4, imap4_ssl, imap4_stream.
// begin <imaplib/imap4.hpp>
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

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/engine/basic_imap4.hpp>: inlined above

#ifdef IMAPLIB_USE_ASIO
// #include <imaplib/transport/tcp.hpp>: inlined above
#ifdef IMAPLIB_USE_WOLFSSL  // implies IMAPLIB_USE_ASIO (config.hpp)
// #include <imaplib/transport/tls.hpp>: inlined above
#endif
#endif
#ifdef IMAPLIB_HAS_PIPE
// #include <imaplib/transport/pipe.hpp>: inlined above
#endif
#ifdef IMAPLIB_SEPARATE_COMPILATION
// #include <imaplib/transport/memory.hpp>: inlined above
// #include <imaplib/transport/record.hpp>: inlined above
#endif
#ifdef IMAPLIB_USE_ZLIB
// #include <imaplib/transport/compress.hpp>: inlined above
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
// end <imaplib/imap4.hpp>

#if defined(IMAPLIB_SEPARATE_COMPILATION) && defined(IMAPLIB_SOURCE)
// begin <imaplib/detail/instantiate.hpp>
// imaplib-cpp: the explicit instantiations of separate compilation (docs/building.md).
// Reached only from the umbrella in the one TU that defines IMAPLIB_SOURCE (through
// <imaplib/src.hpp>); the other TUs see these as extern templates (imap4.hpp).
#ifndef IMAPLIB_DETAIL_INSTANTIATE_HPP
#define IMAPLIB_DETAIL_INSTANTIATE_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/imap4.hpp>: inlined above
// #include <imaplib/transport/memory.hpp>: inlined above
// #include <imaplib/transport/record.hpp>: inlined above

IMAPLIB_BEGIN_NAMESPACE

template class basic_imap4<memory_transport>;
template class basic_imap4<replay_transport>;
template class basic_imap4<basic_recording_transport<memory_transport>>;
#ifdef IMAPLIB_HAS_PIPE
template class basic_imap4<pipe_transport>;
#endif
#ifdef IMAPLIB_USE_ASIO
template class basic_imap4<tcp_transport>;
template class basic_imap4<basic_recording_transport<tcp_transport>>;
#ifdef IMAPLIB_USE_WOLFSSL
template class basic_imap4<tls_transport>;
template class basic_imap4<basic_recording_transport<tls_transport>>;
#endif
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_DETAIL_INSTANTIATE_HPP
// end <imaplib/detail/instantiate.hpp>
#endif

// begin <imaplib/detail/macro_unscope.hpp>
// imaplib-cpp: removes the internal macros again (the nlohmann/json macro_unscope idea),
// so that including <imaplib/imaplib.hpp> leaves only the public IMAPLIB_VERSION_* and
// feature macros behind. config.hpp defines these outside its include guard, so any
// imaplib header included later gets them back.
//
// No include guard: it is included once, at the end of the umbrella header.

#undef IMAPLIB_BEGIN_NAMESPACE
#undef IMAPLIB_END_NAMESPACE
#undef IMAPLIB_ABI_NAMESPACE
#undef IMAPLIB_CONCAT
#undef IMAPLIB_CONCAT_IMPL
#undef IMAPLIB_ALWAYS_INLINE
// end <imaplib/detail/macro_unscope.hpp>

#endif  // IMAPLIB_IMAPLIB_HPP
// end <imaplib/imaplib.hpp>
