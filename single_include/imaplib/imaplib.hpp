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

// Optional parts. Asio is header-only, so the TCP transport is on whenever <asio.hpp>
// is found, unless IMAPLIB_NO_ASIO is defined. wolfSSL needs a library at link time,
// so TLS is on only when the user asks for it with IMAPLIB_USE_WOLFSSL.
// Without exceptions Asio compiles only with ASIO_NO_EXCEPTIONS (and a user-supplied
// asio::detail::throw_exception), so it is not switched on behind such a build's back.
#if !defined(IMAPLIB_NO_ASIO) && !defined(IMAPLIB_USE_ASIO) && defined(__has_include)
#if __has_include(<asio.hpp>) && (!defined(IMAPLIB_NO_EXCEPTIONS) || defined(ASIO_NO_EXCEPTIONS))
#define IMAPLIB_USE_ASIO
#endif
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
    const auto tt = static_cast<std::time_t>(t);
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
    const std::int64_t jan = (static_cast<std::int64_t>(std::time(nullptr)) / year) * year;
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
    const auto off = static_cast<std::int64_t>(utc_offset.count());
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
    const auto off = static_cast<std::int64_t>(utc_offset.count());
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
    const auto len = static_cast<std::size_t>(n);
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

// The transport concept, the in-memory transport, TLS host-name matching.
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
    for (unsigned char c : bytes) {
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
    for (unsigned char c : s)
        if (c >= 0x80) return true;
    return false;
}

// A flag is "\" atom or atom (RFC 3501 flag-keyword / flag-extension); `\*` only in
// responses but harmless to accept.
inline bool is_flag_token(std::string_view t) noexcept {
    if (!t.empty() && t.front() == '\\') t.remove_prefix(1);
    if (t == "*") return true;
    if (t.empty()) return false;
    for (unsigned char c : t) {
        if (!is_astring_char(c) || c == ']' || c == '%' || c == '*') return false;
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
                for (unsigned char c : arg)
                    if (c <= ' ' || c == '(' || c == ')' || c == '"')
                        return refuse(arg, "8-bit argument (needs UTF8=ACCEPT)", ec, why);
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
        for (unsigned char c : s)
            if (!is_astring_char(c)) return false;
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
// Names C++ reserves: imaplib's delete() is delete_mailbox(), namespace() is namespaces().
#ifndef IMAPLIB_ENGINE_BASIC_IMAP4_HPP
#define IMAPLIB_ENGINE_BASIC_IMAP4_HPP

// #include <imaplib/config.hpp>: inlined above
// #include <imaplib/engine/command.hpp>: inlined above
// #include <imaplib/engine/commands.hpp>: inlined above
// #include <imaplib/engine/result.hpp>: inlined above
// #include <imaplib/error.hpp>: inlined above
// #include <imaplib/framing/reader.hpp>: inlined above
// #include <imaplib/limits.hpp>: inlined above
// #include <imaplib/transport/concept.hpp>: inlined above
// #include <imaplib/util/base64.hpp>: inlined above
// #include <imaplib/util/escape.hpp>: inlined above
// #include <imaplib/util/int2ap.hpp>: inlined above
// #include <imaplib/util/md5.hpp>: inlined above
// #include <imaplib/util/time.hpp>: inlined above

#ifdef IMAPLIB_USE_WOLFSSL
#include <wolfssl/options.h>  // first, as wolfSSL requires
#include <wolfssl/wolfcrypt/hmac.h>
#endif

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
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

// A growable byte buffer with a consumed prefix: the engine appends what the transport
// delivers and consumes whole responses from the front.
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

template <class T, class>
struct dependent_type {
    using type = T;
};

// imaplib's _CRAM_MD5_AUTH: "user hex(HMAC-MD5(password, challenge))" (RFC 2195).
// With TLS enabled, wolfSSL's HMAC computes it; otherwise the library's own
// (util/md5.hpp, checked against RFC 2202).
inline std::string cram_md5(std::string_view user, std::string_view password, std::string_view challenge) {
#ifdef IMAPLIB_USE_WOLFSSL
    Hmac hmac;
    md5_digest digest{};
    const auto* key = reinterpret_cast<const byte*>(password.data());
    const auto* text = reinterpret_cast<const byte*>(challenge.data());
    const bool ok = wc_HmacInit(&hmac, nullptr, INVALID_DEVID) == 0 &&
                    wc_HmacSetKey(&hmac, WC_MD5, key, static_cast<word32>(password.size())) == 0 &&
                    wc_HmacUpdate(&hmac, text, static_cast<word32>(challenge.size())) == 0 &&
                    wc_HmacFinal(&hmac, reinterpret_cast<byte*>(digest.data())) == 0;
    wc_HmacFree(&hmac);
    if (ok) return std::string(user) + ' ' + to_hex(digest);
#endif
    return cram_md5_response(user, password, challenge);
}

// The transport for imaplib's host argument: a default one for network transports, or
// one built from the argument itself where that is what the transport takes (the pipe
// transport's command: IMAP4_stream(command)).
template <class Transport>
Transport transport_for(std::string_view host) {
    if constexpr (std::is_default_constructible_v<Transport>) {
        (void)host;
        return Transport{};
    } else {
        return Transport(std::string(host));
    }
}

}  // namespace detail

// One piece of a literal, handed to a literal sink as it arrives (bulk downloads).
struct literal_chunk {
    std::string_view line;   // the response line that announced the literal, up to "{N}"
    std::size_t size = 0;    // N: the literal's whole size
    std::size_t offset = 0;  // where `bytes` starts within the literal
    std::string_view bytes;  // the bytes themselves, valid during the call only
    bool last() const noexcept { return offset + bytes.size() == size; }
};

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
    using literal_sink_type = std::function<void(const literal_chunk&)>;

    static constexpr std::uint16_t default_port = Transport::default_port;

    // ---- construction -------------------------------------------------------------

    // Not connected (state LOGOUT); connect() or open() later. Needed by code without
    // exceptions, which cannot connect in a constructor.
    basic_imap4() : basic_imap4(Transport{}) {}
    explicit basic_imap4(Transport transport, limits l = {})
        : transport_(std::move(transport)), limits_(l), reader_(l), debug_(Debug) {}

#ifndef IMAPLIB_NO_EXCEPTIONS
    // imaplib's IMAP4(host, port, timeout): connects, reads the greeting and the
    // capabilities. For the pipe transport `host` is the command (IMAP4_stream(command)).
    explicit basic_imap4(std::string_view host, std::uint16_t port = default_port,
                         timeout_type timeout = {})
        : basic_imap4(detail::transport_for<Transport>(host)) {
        throw_if([&](std::error_code& ec) { connect(host, port, timeout, ec); });
    }
    basic_imap4(Transport transport, std::string_view host, std::uint16_t port = default_port,
                timeout_type timeout = {})
        : basic_imap4(std::move(transport)) {
        throw_if([&](std::error_code& ec) { connect(host, port, timeout, ec); });
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
        throw_if([&](std::error_code& ec) { connect(host, port, timeout, ec); });
    }

    // imaplib's IMAP4_SSL(host, port, ssl_context=...): for transports built from a context.
    template <class Context, class = std::enable_if_t<std::is_constructible_v<Transport, const Context&> &&
                                                      !std::is_convertible_v<const Context&, std::string_view>>>
    basic_imap4(std::string_view host, std::uint16_t port, const Context& ssl_context,
                timeout_type timeout = {})
        : basic_imap4(Transport(ssl_context)) {
        throw_if([&](std::error_code& ec) { connect(host, port, timeout, ec); });
    }
#endif

    basic_imap4(basic_imap4&&) = default;
    basic_imap4& operator=(basic_imap4&&) = default;
    basic_imap4(const basic_imap4&) = delete;
    basic_imap4& operator=(const basic_imap4&) = delete;

    // Like leaving imaplib's `with` block: logs out unless already in LOGOUT. Never throws.
    ~basic_imap4() {
        if (open_ && state_ != state::logout && !dead_) {
            std::error_code ignored;
            logout(ignored);
        }
        if (open_) transport_.shutdown();
    }

    // open() then read the greeting and capabilities: what the constructor does.
    void connect(std::string_view host, std::uint16_t port, timeout_type timeout,
                 std::error_code& ec) {
        const deadline_scope scope(*this);  // set_deadline: the connection, greeting included
        open(host, port, timeout, ec);
        if (!ec) greet(ec);
        if (ec && open_) close_transport();
    }

    // imaplib's open(): sets up the connection only; the greeting is read by connect().
    void open(std::string_view host, std::uint16_t port, timeout_type timeout, std::error_code& ec) {
        ec.clear();
        if (timeout && timeout->count() == 0)
            return fail(ec, errc::invalid_argument, "Non-blocking socket (timeout=0) is not supported");
        host_ = std::string(host);
        port_ = port;
        if (on_open_) on_open_(host_, port_);
        timeout_ = timeout;
        transport_.set_timeout(timeout);
        if (!arm_io(ec)) return;
        transport_.open(host, port, ec);
        if (ec == errc::timeout && deadline_bound_) return fail(ec, ec, deadline_text());
        if (ec) return fail(ec, ec, "socket error: " + transport_error_text(ec));
        open_ = true;
        dead_ = false;
        buffer_.clear();
        reader_.reset();
    }

    // ---- attributes ---------------------------------------------------------------

    std::string_view state() const noexcept { return to_string(state_); }
    const std::vector<std::string>& capabilities() const noexcept { return capabilities_; }
    std::string_view PROTOCOL_VERSION() const noexcept { return protocol_version_; }
    const std::string& welcome() const noexcept { return welcome_; }
    bool utf8_enabled() const noexcept { return utf8_enabled_; }
    bool is_readonly() const noexcept { return is_readonly_; }
    const std::string& tagpre() const noexcept { return tagpre_; }
    unsigned long tagnum() const noexcept { return tagnum_; }
    const std::string& host() const noexcept { return host_; }
    std::uint16_t port() const noexcept { return port_; }
    // The data of the last continuation request (`+ data`); None for a bare `+`.
    const std::optional<std::string>& continuation_response() const noexcept { return continuation_; }
    // imaplib's untagged_responses: {typ: [data, ...]} in the order first received.
    // Kept until the caller takes them (response(), or the command that names them), up
    // to limits::max_untagged bytes per connection.
    const std::vector<std::pair<std::string, data_list>>& untagged_responses() const noexcept {
        return untagged_.entries();
    }
    int debug() const noexcept { return debug_; }
    void debug(int level) noexcept { debug_ = level; }
    void set_debug_sink(debug_sink_type sink) { debug_sink_ = std::move(sink); }
    void set_open_hook(open_hook_type hook) { on_open_ = std::move(hook); }
    void set_send_hook(send_hook_type hook) { on_send_ = std::move(hook); }
    const limits& response_limits() const noexcept { return limits_; }

    // An overall time limit for each command, from the moment it is issued until its
    // tagged response (connect(): until the greeting and capabilities are read), beside
    // the per-read timeout, which a server sending a byte now and then never lets expire.
    // Each read and write waits at most the time left; expiry is errc::timeout (an abort,
    // the connection closed). Off by default, as in imaplib; nullopt turns it off again.
    void set_deadline(timeout_type deadline) noexcept { deadline_ = deadline; }
    const timeout_type& deadline() const noexcept { return deadline_; }

    // Bulk downloads with bounded memory: while a sink is set, the bytes of every literal
    // the server sends go to it in chunks as they arrive (each literal ends with a chunk
    // whose last() is true, an empty literal with one empty chunk), and the result keeps
    // imaplib's shape with an empty literal: (b'1 (BODY[] {N}', b''). Memory stays at one
    // line plus one read, whatever N is. Pass nullptr to go back to normal results.
    void set_literal_sink(literal_sink_type sink) { literal_sink_ = std::move(sink); }

    // The zero-copy path for large results: while a handler is set, each untagged data
    // response (not OK/NO/BAD/BYE, whose codes imaplib's state needs) is first offered to
    // it as the raw frame, valid during the call; when it returns true the response is
    // consumed and not kept for imaplib's result. engine/views.hpp adapts a handler that
    // takes typed views (grammar::response_view). Pass nullptr to stop.
    using untagged_handler_type = std::function<bool(std::string_view frame)>;
    void set_untagged_handler(untagged_handler_type handler) { untagged_handler_ = std::move(handler); }
    // imaplib's message for the last failure of an error_code call.
    const std::string& error_message() const noexcept { return error_message_; }
    Transport& transport() noexcept { return transport_; }
    // imaplib's socket(): the transport's native handle, where it has one.
    template <class T = Transport, class = std::enable_if_t<has_native_handle_v<T>>>
    auto socket() {
        return transport_.native_handle();
    }

    // ---- raw I/O (imaplib's read, readline, send, shutdown) -------------------------

    std::string read(std::size_t size, std::error_code& ec) {
        ec.clear();
        while (buffer_.size() < size && fill(ec)) {}
        if (ec && ec != errc::connection_closed) return {};
        ec.clear();
        std::string out(buffer_.data(), std::min(size, buffer_.size()));
        buffer_.consume(out.size());
        return out;
    }
    std::string readline(std::error_code& ec) {
        ec.clear();
        std::size_t scanned = 0;
        for (;;) {
            const auto view = buffer_.view();
            const auto lf = view.find('\n', scanned);
            if (lf != std::string_view::npos) {
                std::string out(view.substr(0, lf + 1));
                buffer_.consume(lf + 1);
                return out;
            }
            scanned = view.size();
            if (scanned > limits_.max_line) {
                fail(ec, errc::line_too_long, "got more than " + std::to_string(limits_.max_line) + " bytes");
                return {};
            }
            if (!fill(ec)) {
                if (ec == errc::connection_closed) {
                    ec.clear();
                    std::string out(buffer_.view());
                    buffer_.clear();
                    return out;
                }
                return {};
            }
        }
    }
    void send(std::string_view data, std::error_code& ec) {
        ec.clear();
        if (on_send_) on_send_(data);
        if (!open_ || dead_) return fail(ec, errc::connection_closed, "socket error: connection closed");
        if (!arm_io(ec)) return;
        transport_.write_all(data.data(), data.size(), ec);
        if (ec) {
            const std::string text = ec == errc::timeout && deadline_bound_ ? deadline_text()
                                                                             : "socket error: " + transport_error_text(ec);
            close_transport();
            fail(ec, ec, text);
        }
    }
    void shutdown() noexcept {
        if (open_) close_transport();
    }

    // ---- imaplib's utility methods ----------------------------------------------------

    imaplib::response recent(std::error_code& ec) {
        ec.clear();
        imaplib::response r = untagged_response({"OK", {data_item{}}}, "RECENT");
        if (r.data.back()) return r;
        r = noop(ec);
        if (ec) return {};
        return untagged_response(std::move(r), "RECENT");
    }
    // imaplib's response(code): pops the untagged responses named `code` (upper-cased),
    // or returns [None]. Never fails.
    imaplib::response response(std::string_view code) {
        return untagged_response({std::string(code), {data_item{}}}, detail::to_upper(code));
    }

    // ---- IMAP commands (error_code forms) ---------------------------------------------

    imaplib::response append(string_or_none mailbox, string_or_none flags,
                    const internaldate_arg& date_time, std::string_view message, std::error_code& ec) {
        ec.clear();
        std::string flag_list;
        if (flags && !flags->empty()) {
            flag_list = (flags->front() == '(' && flags->back() == ')') ? std::string(*flags)
                                                                          : "(" + std::string(*flags) + ")";
        }
        std::string date;
        if (date_time.given()) {
            date = date_time.text(ec);
            if (ec) return fail_r(ec, errc::invalid_argument, "date_time not of a known type");
        }
        std::string mapped;
        if (detail::needs_crlf_mapping(message)) {
            mapped = detail::map_crlf(message);
            message = mapped;
        }
        const std::string_view box = (mailbox && !mailbox->empty()) ? *mailbox : std::string_view("INBOX");
        const arg args[] = {{box, detail::arg_kind::astring, true},
                            {flag_list, detail::arg_kind::flags, !flag_list.empty()},
                            {date, detail::arg_kind::date_time, !date.empty()},
                            // RFC 6855 section 4: after ENABLE UTF8=ACCEPT the message goes
                            // as UTF8 (~{N}) (imaplib puts those words inside the literal).
                            {message, utf8_accepted_ ? detail::arg_kind::utf8_literal : detail::arg_kind::literal, true}};
        return simple_command("APPEND", args, {}, nullptr, ec);
    }

    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject, std::error_code& ec) {
        ec.clear();
        const std::string mech = detail::to_upper(mechanism);
        const arg args[] = {{mech, detail::arg_kind::raw, true}};
        imaplib::response r = simple_command("AUTHENTICATE", args, {}, &authobject, ec);
        if (ec) return {};
        if (r.typ != "OK") return fail_r(ec, errc::command_failed, decode_replace(last_text(r)));
        state_ = state::auth;
        return r;
    }

    imaplib::response capability(std::error_code& ec) {
        return named("CAPABILITY", {}, "CAPABILITY", ec);
    }
    imaplib::response check(std::error_code& ec) { return simple("CHECK", {}, ec); }
    imaplib::response close(std::error_code& ec) {
        imaplib::response r = simple("CLOSE", {}, ec);
        state_ = state::auth;
        return r;
    }
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox, std::error_code& ec) {
        return simple("COPY", {{message_set, detail::arg_kind::raw}, {new_mailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response create(std::string_view mailbox, std::error_code& ec) {
        return simple("CREATE", {{mailbox, detail::arg_kind::astring}}, ec);
    }
    // imaplib's delete() (a C++ keyword).
    imaplib::response delete_mailbox(std::string_view mailbox, std::error_code& ec) {
        return simple("DELETE", {{mailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who, std::error_code& ec) {
        return simple("DELETEACL", {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring}}, ec);
    }
    imaplib::response enable(std::string_view capability, std::error_code& ec) {
        ec.clear();
        if (!has_capability("ENABLE")) return fail_r(ec, errc::capability_missing, "Server does not support ENABLE");
        imaplib::response r = simple("ENABLE", {{capability, detail::arg_kind::raw}}, ec);
        if (!ec && r.typ == "OK" && detail::to_upper(capability).find("UTF8=ACCEPT") != std::string::npos) {
            utf8_enabled_ = true;  // imaplib's attribute, set on the OK alone
            // What goes on the wire follows what the server confirmed (RFC 5161 section 3.1:
            // "* ENABLED UTF8=ACCEPT"); a server may answer OK and enable nothing.
            if (const data_list* enabled = find_untagged("ENABLED"))
                for (const data_item& item : *enabled)
                    for (std::string_view word : split(item.bytes()))
                        if (detail::to_upper(word) == "UTF8=ACCEPT") utf8_accepted_ = true;
        }
        return r;
    }
    imaplib::response expunge(std::error_code& ec) { return named("EXPUNGE", {}, "EXPUNGE", ec); }
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts, std::error_code& ec) {
        return named("FETCH", {{message_set, detail::arg_kind::raw}, {message_parts, detail::arg_kind::raw}}, "FETCH", ec);
    }
    imaplib::response getacl(std::string_view mailbox, std::error_code& ec) {
        return named("GETACL", {{mailbox, detail::arg_kind::astring}}, "ACL", ec);
    }
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute,
                           std::error_code& ec) {
        return named("GETANNOTATION",
                     {{mailbox, detail::arg_kind::astring}, {entry, detail::arg_kind::raw},
                      {attribute, detail::arg_kind::raw}},
                     "ANNOTATION", ec);
    }
    imaplib::response getquota(std::string_view root, std::error_code& ec) {
        return named("GETQUOTA", {{root, detail::arg_kind::astring}}, "QUOTA", ec);
    }
    // (typ, [[QUOTAROOT responses...], [QUOTA responses...]]), as imaplib.
    imaplib::response getquotaroot(std::string_view mailbox, std::error_code& ec) {
        imaplib::response r = simple("GETQUOTAROOT", {{mailbox, detail::arg_kind::astring}}, ec);
        if (ec) return {};
        imaplib::response quota = untagged_response({r.typ, r.data}, "QUOTA");
        imaplib::response quotaroot = untagged_response({quota.typ, r.data}, "QUOTAROOT");
        return {quotaroot.typ,
                {data_item::from_list(std::move(quotaroot.data)), data_item::from_list(std::move(quota.data))}};
    }
    imaplib::response list(std::string_view directory, std::string_view pattern, std::error_code& ec) {
        return named("LIST", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring_or_list}},
                     "LIST", ec);
    }
    imaplib::response login(std::string_view user, std::string_view password, std::error_code& ec) {
        ec.clear();
        // RFC 3501 section 6.2.3: LOGINDISABLED forbids LOGIN; refuse before the password
        // leaves this process.
        if (has_capability("LOGINDISABLED"))
            return fail_r(ec, errc::logindisabled, "LOGIN is disabled by the server (LOGINDISABLED)");
        imaplib::response r = simple("LOGIN", {{user, detail::arg_kind::astring}, {password, detail::arg_kind::quoted}}, ec);
        if (ec) return {};
        if (r.typ != "OK") return fail_r(ec, errc::command_failed, last_item_repr(r));
        state_ = state::auth;
        return r;
    }
    imaplib::response login_cram_md5(std::string_view user, std::string_view password, std::error_code& ec) {
        const std::string u(user), p(password);
        return authenticate(
            "CRAM-MD5",
            [u, p](std::string_view challenge) -> std::optional<std::string> {
                return detail::cram_md5(u, p, challenge);
            },
            ec);
    }
    imaplib::response logout(std::error_code& ec) {
        state_ = state::logout;
        imaplib::response r = simple("LOGOUT", {}, ec);
        shutdown();
        return r;
    }
    imaplib::response lsub(std::string_view directory, std::string_view pattern, std::error_code& ec) {
        return named("LSUB", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring}}, "LSUB", ec);
    }
    imaplib::response myrights(std::string_view mailbox, std::error_code& ec) {
        return named("MYRIGHTS", {{mailbox, detail::arg_kind::astring}}, "MYRIGHTS", ec);
    }
    // imaplib's namespace() (a C++ keyword).
    imaplib::response namespaces(std::error_code& ec) { return named("NAMESPACE", {}, "NAMESPACE", ec); }
    imaplib::response noop(std::error_code& ec) { return simple("NOOP", {}, ec); }
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                     std::string_view length, std::error_code& ec) {
        return named("PARTIAL",
                     {{message_num, detail::arg_kind::raw}, {message_part, detail::arg_kind::raw},
                      {start, detail::arg_kind::raw}, {length, detail::arg_kind::raw}},
                     "FETCH", ec);
    }
    imaplib::response proxyauth(std::string_view user, std::error_code& ec) {
        return simple("PROXYAUTH", {{user, detail::arg_kind::astring}}, ec);
    }
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox, std::error_code& ec) {
        return simple("RENAME", {{oldmailbox, detail::arg_kind::astring}, {newmailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response search(string_or_none charset, arg_list criteria, std::error_code& ec) {
        ec.clear();
        if (charset && !charset->empty()) {
            if (utf8_enabled_) return fail_r(ec, errc::invalid_argument, "Non-None charset not valid in UTF8 mode");
            const arg args[] = {{"CHARSET", detail::arg_kind::raw, true}, {*charset, detail::arg_kind::raw, true}};
            return untagged_response(simple_command("SEARCH", args, criteria, nullptr, ec), "SEARCH", ec);
        }
        return untagged_response(simple_command("SEARCH", {}, criteria, nullptr, ec), "SEARCH", ec);
    }
    imaplib::response select(std::string_view mailbox, bool readonly, std::error_code& ec) {
        ec.clear();
        untagged_.clear();  // imaplib flushes old responses
        is_readonly_ = readonly;
        imaplib::response r = simple(readonly ? "EXAMINE" : "SELECT", {{mailbox, detail::arg_kind::astring}}, ec);
        if (ec) return {};
        if (r.typ != "OK") {
            state_ = state::auth;
            return r;
        }
        state_ = state::selected;
        if (find_untagged("READ-ONLY") && !readonly)
            return fail_r(ec, errc::mailbox_readonly, std::string(mailbox) + " is not writable");
        if (const data_list* exists = find_untagged("EXISTS")) return {r.typ, *exists};
        return {r.typ, {data_item{}}};
    }
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what, std::error_code& ec) {
        return simple("SETACL",
                      {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring},
                       {what, detail::arg_kind::astring}},
                      ec);
    }
    imaplib::response setannotation(arg_list args, std::error_code& ec) {
        return untagged_response(simple_command("SETANNOTATION", {}, args, nullptr, ec), "ANNOTATION", ec);
    }
    imaplib::response setquota(std::string_view root, std::string_view limits, std::error_code& ec) {
        return named("SETQUOTA", {{root, detail::arg_kind::astring}, {limits, detail::arg_kind::raw}}, "QUOTA", ec);
    }
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, arg_list search_criteria,
                  std::error_code& ec) {
        std::string criteria(sort_criteria);
        if (criteria.empty() || criteria.front() != '(' || criteria.back() != ')') criteria = "(" + criteria + ")";
        const arg args[] = {{criteria, detail::arg_kind::raw, true}, {charset, detail::arg_kind::raw, true}};
        return untagged_response(simple_command("SORT", args, search_criteria, nullptr, ec), "SORT", ec);
    }
    imaplib::response status(std::string_view mailbox, std::string_view names, std::error_code& ec) {
        return named("STATUS", {{mailbox, detail::arg_kind::astring}, {names, detail::arg_kind::raw}}, "STATUS", ec);
    }
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags,
                   std::error_code& ec) {
        std::string list(flags);
        if (list.empty() || list.front() != '(' || list.back() != ')') list = "(" + list + ")";
        // Only the FLAGS family takes a flag list; other items (X-GM-LABELS) take strings.
        const bool is_flags = detail::to_upper(command).find("FLAGS") != std::string::npos;
        return named("STORE",
                     {{message_set, detail::arg_kind::raw}, {command, detail::arg_kind::raw},
                      {list, is_flags ? detail::arg_kind::flags : detail::arg_kind::raw}},
                     "FETCH", ec);
    }
    imaplib::response subscribe(std::string_view mailbox, std::error_code& ec) {
        return simple("SUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset, arg_list search_criteria,
                    std::error_code& ec) {
        const arg args[] = {{threading_algorithm, detail::arg_kind::raw, true}, {charset, detail::arg_kind::raw, true}};
        return untagged_response(simple_command("THREAD", args, search_criteria, nullptr, ec), "THREAD", ec);
    }
    imaplib::response uid(std::string_view command, arg_list args, std::error_code& ec) {
        ec.clear();
        const std::string name = detail::to_upper(command);
        const command_info* info = find_command(name);
        if (!info) return fail_r(ec, errc::invalid_argument, "Unknown IMAP4 UID command: " + name);
        if (!(info->allowed & static_cast<state_set>(state_)))
            return fail_r(ec, errc::illegal_state, illegal_state_text(name, info->allowed));
        const arg first[] = {{name, detail::arg_kind::raw, true}};
        imaplib::response r = simple_command("UID", first, args, nullptr, ec);
        const bool own = name == "SEARCH" || name == "SORT" || name == "THREAD";
        return untagged_response(std::move(r), own ? name : std::string("FETCH"), ec);
    }
    imaplib::response unsubscribe(std::string_view mailbox, std::error_code& ec) {
        return simple("UNSUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response unselect(std::error_code& ec) {
        imaplib::response r = simple("UNSELECT", {}, ec);
        state_ = state::auth;
        return r;
    }
    // An extension command; like imaplib, an unknown name becomes legal in the state it is
    // first used in (for this connection only).
    imaplib::response xatom(std::string_view name, arg_list args, std::error_code& ec) {
        ec.clear();
        // The name goes on the wire as the command: it must be an atom (RFC 3501 section 9).
        const auto atom_char = [](char c) { return detail::is_astring_char(static_cast<unsigned char>(c)) && c != ']'; };
        if (name.empty() || !std::all_of(name.begin(), name.end(), atom_char))
            return fail_r(ec, errc::invalid_argument, "xatom: not an atom: " + repr(name.substr(0, 60)));
        const std::string upper = detail::to_upper(name);
        if (!find_command(upper) && !find_extension(upper))
            extensions_.emplace_back(upper, static_cast<state_set>(state_));
        return simple_command(upper, {}, args, nullptr, ec);
    }

    // STARTTLS (RFC 3501 6.2.1) on a transport that can upgrade in place. The checks come in
    // imaplib's order, with its messages. Every failure after the first check is an abort
    // that closes the connection (imaplib raises error for NO and BAD, and keeps the
    // connection): a program that catches it and goes on must not send credentials in
    // clear text over a connection whose upgrade was refused or stripped.
    template <class Context>
    imaplib::response starttls(const Context& ssl_context, std::error_code& ec) {
        ec.clear();
#if !defined(IMAPLIB_USE_WOLFSSL)
        if constexpr (!has_start_tls_v<Transport>)  // imaplib: HAVE_SSL is false
            return fail_r(ec, errc::not_supported, "SSL support missing");
#endif
        if (tls_established_) return fail_r(ec, errc::starttls_refused, "TLS session already established");
        if (!has_capability("STARTTLS")) return fail_r(ec, errc::starttls_refused, "TLS not supported by server");
        if constexpr (!has_start_tls_v<Transport>) {
            (void)ssl_context;
            return fail_r(ec, errc::not_supported, "this transport cannot upgrade to TLS in place");
        } else {
            imaplib::response r = simple("STARTTLS", {}, ec);
            if (ec == errc::command_failed) return fail_r(ec, errc::starttls_refused, error_message_);  // BAD
            if (ec) return {};
            if (r.typ != "OK") return fail_r(ec, errc::starttls_refused, "Couldn't establish TLS session");
            // Anything the server sent after its OK arrived before the handshake and could
            // have been injected by a man in the middle: never use it (CVE-2020-15953 et al.).
            if (buffer_.size() != 0) {
                close_transport();
                return fail_r(ec, errc::starttls_injection,
                              "data received after STARTTLS OK and before the TLS handshake");
            }
            transport_.start_tls(ssl_context, host_, ec);
            if (ec) {
                const std::string text = "TLS handshake failed: " + transport_error_text(ec);
                close_transport();
                return fail_r(ec, ec, text);
            }
            tls_established_ = true;
            // Untagged data from before the upgrade is untrusted: drop it, ask again.
            untagged_.clear();
            get_capabilities(ec);
            if (ec) return {};
            return untagged_response(std::move(r), "STARTTLS");
        }
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    // ---- throwing forms: imaplib's signatures and defaults ---------------------------

    void open(std::string_view host = "", std::uint16_t port = default_port, timeout_type timeout = {}) {
        throw_if([&](std::error_code& ec) { open(host, port, timeout, ec); });
    }
    std::string read(std::size_t size) { return call([&](auto& ec) { return read(size, ec); }); }
    std::string readline() { return call([&](auto& ec) { return readline(ec); }); }
    void send(std::string_view data) { throw_if([&](std::error_code& ec) { send(data, ec); }); }
    imaplib::response recent() { return call([&](auto& ec) { return recent(ec); }); }

    imaplib::response append(string_or_none mailbox, string_or_none flags,
                             const internaldate_arg& date_time, std::string_view message) {
        return call([&](auto& ec) { return append(mailbox, flags, date_time, message, ec); });
    }
    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject) {
        return call([&](auto& ec) { return authenticate(mechanism, std::move(authobject), ec); });
    }
    imaplib::response capability() { return call([&](auto& ec) { return capability(ec); }); }
    imaplib::response check() { return call([&](auto& ec) { return check(ec); }); }
    imaplib::response close() { return call([&](auto& ec) { return close(ec); }); }
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox) {
        return call([&](auto& ec) { return copy(message_set, new_mailbox, ec); });
    }
    imaplib::response create(std::string_view mailbox) { return call([&](auto& ec) { return create(mailbox, ec); }); }
    imaplib::response delete_mailbox(std::string_view mailbox) {
        return call([&](auto& ec) { return delete_mailbox(mailbox, ec); });
    }
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who) {
        return call([&](auto& ec) { return deleteacl(mailbox, who, ec); });
    }
    imaplib::response enable(std::string_view capability) {
        return call([&](auto& ec) { return enable(capability, ec); });
    }
    imaplib::response expunge() { return call([&](auto& ec) { return expunge(ec); }); }
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts) {
        return call([&](auto& ec) { return fetch(message_set, message_parts, ec); });
    }
    imaplib::response getacl(std::string_view mailbox) { return call([&](auto& ec) { return getacl(mailbox, ec); }); }
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute) {
        return call([&](auto& ec) { return getannotation(mailbox, entry, attribute, ec); });
    }
    imaplib::response getquota(std::string_view root) { return call([&](auto& ec) { return getquota(root, ec); }); }
    imaplib::response getquotaroot(std::string_view mailbox) {
        return call([&](auto& ec) { return getquotaroot(mailbox, ec); });
    }
    imaplib::response list(std::string_view directory = "\"\"", std::string_view pattern = "*") {
        return call([&](auto& ec) { return list(directory, pattern, ec); });
    }
    imaplib::response login(std::string_view user, std::string_view password) {
        return call([&](auto& ec) { return login(user, password, ec); });
    }
    imaplib::response login_cram_md5(std::string_view user, std::string_view password) {
        return call([&](auto& ec) { return login_cram_md5(user, password, ec); });
    }
    imaplib::response logout() { return call([&](auto& ec) { return logout(ec); }); }
    imaplib::response lsub(std::string_view directory = "\"\"", std::string_view pattern = "*") {
        return call([&](auto& ec) { return lsub(directory, pattern, ec); });
    }
    imaplib::response myrights(std::string_view mailbox) {
        return call([&](auto& ec) { return myrights(mailbox, ec); });
    }
    imaplib::response namespaces() { return call([&](auto& ec) { return namespaces(ec); }); }
    imaplib::response noop() { return call([&](auto& ec) { return noop(ec); }); }
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                              std::string_view length) {
        return call([&](auto& ec) { return partial(message_num, message_part, start, length, ec); });
    }
    imaplib::response proxyauth(std::string_view user) { return call([&](auto& ec) { return proxyauth(user, ec); }); }
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox) {
        return call([&](auto& ec) { return rename(oldmailbox, newmailbox, ec); });
    }
    template <class... Criteria>
    imaplib::response search(string_or_none charset, const Criteria&... criteria) {
        const std::string_view list[] = {std::string_view(criteria)..., {}};
        return call([&](auto& ec) { return search(charset, arg_list(list, sizeof...(Criteria)), ec); });
    }
    imaplib::response select(std::string_view mailbox = "INBOX", bool readonly = false) {
        return call([&](auto& ec) { return select(mailbox, readonly, ec); });
    }
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what) {
        return call([&](auto& ec) { return setacl(mailbox, who, what, ec); });
    }
    template <class... Args>
    imaplib::response setannotation(const Args&... args) {
        const std::string_view list[] = {std::string_view(args)..., {}};
        return call([&](auto& ec) { return setannotation(arg_list(list, sizeof...(Args)), ec); });
    }
    imaplib::response setquota(std::string_view root, std::string_view limits) {
        return call([&](auto& ec) { return setquota(root, limits, ec); });
    }
    template <class... Criteria>
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, const Criteria&... criteria) {
        const std::string_view list[] = {std::string_view(criteria)..., {}};
        return call([&](auto& ec) { return sort(sort_criteria, charset, arg_list(list, sizeof...(Criteria)), ec); });
    }
    imaplib::response status(std::string_view mailbox, std::string_view names) {
        return call([&](auto& ec) { return status(mailbox, names, ec); });
    }
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags) {
        return call([&](auto& ec) { return store(message_set, command, flags, ec); });
    }
    imaplib::response subscribe(std::string_view mailbox) {
        return call([&](auto& ec) { return subscribe(mailbox, ec); });
    }
    template <class... Criteria>
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset,
                             const Criteria&... criteria) {
        const std::string_view list[] = {std::string_view(criteria)..., {}};
        return call([&](auto& ec) {
            return thread(threading_algorithm, charset, arg_list(list, sizeof...(Criteria)), ec);
        });
    }
    template <class... Args>
    imaplib::response uid(std::string_view command, const Args&... args) {
        const std::string_view list[] = {std::string_view(args)..., {}};
        return call([&](auto& ec) { return uid(command, arg_list(list, sizeof...(Args)), ec); });
    }
    imaplib::response unsubscribe(std::string_view mailbox) {
        return call([&](auto& ec) { return unsubscribe(mailbox, ec); });
    }
    imaplib::response unselect() { return call([&](auto& ec) { return unselect(ec); }); }
    template <class... Args>
    imaplib::response xatom(std::string_view name, const Args&... args) {
        const std::string_view list[] = {std::string_view(args)..., {}};
        return call([&](auto& ec) { return xatom(name, arg_list(list, sizeof...(Args)), ec); });
    }
    template <class Context>
    imaplib::response starttls(const Context& ssl_context) {
        return call([&](auto& ec) { return starttls(ssl_context, ec); });
    }
    // starttls() with a default context: verification on, system CAs.
    imaplib::response starttls() {
        if constexpr (has_start_tls_v<Transport>) {
            using context = typename detail::dependent_type<tls_context, Transport>::type;
            return starttls(context{});
        } else {
            return starttls(0);  // fails: "SSL support missing"
        }
    }
#endif  // IMAPLIB_NO_EXCEPTIONS

    // imaplib's _mesg(): one timestamped line to the debug sink (stderr by default).
    void mesg(std::string_view text) {
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
        if (debug_sink_) {
            debug_sink_(line);
        } else {
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stderr);
            std::fflush(stderr);
        }
    }

    // imaplib's print_log(): the last interactions, at debug level 1 and up.
    void print_log() {
        mesg("last " + std::to_string(log_.size()) + " IMAP4 interactions:");
        for (std::size_t i = 0; i < log_.size(); ++i) mesg(log_[(log_next_ + i) % log_.size()]);
    }

private:
    // An untagged line as imaplib's regexes split it: `* TYPE [SP data]`
    // (Untagged_response) or `* N TYPE [SP data]` (Untagged_status, stored as "N data").
    struct untagged_line {
        std::string_view type;
        std::string_view number;  // empty for `* TYPE`
        std::string_view data;    // may be empty
    };

    // One command argument. `present` is false for imaplib's None (skipped).
    struct arg {
        std::string_view text;
        detail::arg_kind kind;
        bool present = true;
    };

    // ---- errors --------------------------------------------------------------------

    // Records a failure. An abort-kind error means the connection is dead: it is closed,
    // so that nothing more is read from a stream in an unknown state.
    void fail(std::error_code& ec, std::error_code code, std::string message) {
        ec = code;
        error_message_ = std::move(message);
        if (kind_of(code) == error_kind::abort && open_) close_transport();
    }
    void fail(std::error_code& ec, errc code, std::string message) {
        fail(ec, make_error_code(code), std::move(message));
    }
    imaplib::response fail_r(std::error_code& ec, std::error_code code, std::string message) {
        fail(ec, code, std::move(message));
        return {};
    }
    imaplib::response fail_r(std::error_code& ec, errc code, std::string message) {
        return fail_r(ec, make_error_code(code), std::move(message));
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

    template <class F>
    auto call(F&& f) {
        std::error_code ec;
        auto result = f(ec);
        if (ec) throw_error(ec, error_message_);
        return result;
    }
    template <class F>
    void throw_if(F&& f) {
        std::error_code ec;
        f(ec);
        if (ec) throw_error(ec, error_message_);
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
        buffer_.clear();
        reader_.reset();
    }

    // ---- debug output (imaplib's _log) ----------------------------------------------

    void log_line(std::string line) {
        if (log_.size() < 10) {
            log_.push_back(std::move(line));
        } else {
            log_[log_next_] = std::move(line);
            log_next_ = (log_next_ + 1) % log_.size();
        }
    }
    void trace(char direction, std::string_view bytes) {
        if (debug_ <= 0) return;
        std::string line(1, direction);
        line += ' ';
        detail::append_bytes_repr(line, bytes);
        if (debug_ >= 4) {
            mesg(line);
        } else {
            log_line(std::move(line));
        }
    }

    // ---- reading responses ---------------------------------------------------------

    // Reads more bytes from the transport into the buffer. False and ec on failure.
    bool fill(std::error_code& ec) {
        if (!open_ || dead_) {
            fail(ec, errc::connection_closed, "socket error: EOF");
            return false;
        }
        constexpr std::size_t chunk = 64 * 1024;
        char* space = buffer_.prepare(chunk);
        if (!arm_io(ec)) return false;
        const std::size_t n = transport_.read_some(space, chunk, ec);
        if (ec) {
            const std::string text = ec == errc::connection_closed ? std::string("socket error: EOF")
                                     : ec == errc::timeout && deadline_bound_
                                         ? deadline_text()
                                         : "socket error: " + transport_error_text(ec);
            fail(ec, ec, text);
            return false;
        }
        buffer_.commit(n);
        return true;
    }

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
    bool arm_io(std::error_code& ec) {
        if (!deadline_at_) return true;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_at_ - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            deadline_bound_ = true;
            fail(ec, errc::timeout, deadline_text());
            return false;
        }
        deadline_bound_ = !timeout_ || left < *timeout_;
        transport_.set_timeout(deadline_bound_ ? left : *timeout_);
        return true;
    }
    std::string deadline_text() const {
        return "command deadline of " + std::to_string(deadline_ ? deadline_->count() : 0) + " ms passed";
    }

    // Reads until the buffer starts with one complete response.
    bool read_frame(std::error_code& ec) {
        for (;;) {
            const framing::status s = reader_.parse(buffer_.view(), ec);
            if (ec) {
                fail(ec, ec, "socket error: " + ec.message());
                return false;
            }
            if (s == framing::status::complete) return true;
            if (literal_sink_ && reader_.in_literal()) stream_literal_bytes();
            if (!fill(ec)) return false;
        }
    }

    // Hands the bytes of the literal in progress to the sink and drops them from the
    // buffer (the framing reader's skip_literal_bytes contract).
    void stream_literal_bytes() {
        const framing::literal& lit = reader_.literals().back();
        const std::size_t n = reader_.literal_buffered();
        if (n == 0) return;
        literal_sink_(literal_chunk{announcing_line(reader_.literals().size() - 1), lit.size, lit.streamed,
                                    buffer_.view().substr(lit.offset, n)});
        buffer_.truncate(lit.offset);
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

    // The line that announced literal i of the frame in progress, without its CRLF.
    std::string_view announcing_line(std::size_t i) const {
        return frame_line(buffer_.view(), reader_.literals(), i);
    }

    // imaplib's _get_response(): reads one response and stores what it carries. Returns
    // false for a continuation request (imaplib's None).
    // `first_line`, when given, receives the response's first line (the greeting's is
    // imaplib's `welcome`).
    bool get_response(std::error_code& ec, std::string* first_line = nullptr) {
        if (!read_frame(ec)) return false;
        const std::string_view frame = buffer_.view().substr(0, reader_.size());
        const auto& literals = reader_.literals();
        const std::string_view resp = frame_line(frame, literals, 0);
        trace('<', resp);
        if (first_line) first_line->assign(resp.data(), resp.size());

        bool continuation = false;
        if (std::optional<std::string> typ = match_tagged(resp, ec)) {
            if (!literals.empty()) {
                fail(ec, errc::protocol_violation, "unexpected literal in tagged response: " + repr(resp));
                return false;
            }
            const std::string_view data = tagged_data(resp);
            detail::item_block block = detail::item_block::allocate(frame.size(), frame.size());
            std::memcpy(block.data(), frame.data(), frame.size());
            const std::string_view dat(block.data() + (data.data() - frame.data()), data.size());
            tagged_result(resp)->emplace(imaplib::response{*typ, {data_item::from_bytes(block, dat)}});
            const std::size_t cost = detail::item_block::footprint_of(frame.size()) +
                                     detail::untagged_store::allocation_overhead;
            if (!response_code(*typ, block, cost, dat, ec)) return false;
        } else if (ec) {
            return false;
        } else if (!resp.empty() && resp[0] == '+' && literals.empty()) {
            if (resp.size() > 1 && resp[1] == ' ')
                continuation_ = std::string(resp.substr(2));
            else
                continuation_.reset();
            continuation = true;
        } else {
            untagged_line line;
            if (!match_untagged(resp, line)) {
                fail(ec, errc::protocol_violation, "unexpected response: " + repr(resp));
                return false;
            }
            const std::string typ = detail::to_upper(line.type);
            const std::string_view last = line.data.empty() ? line.number : line.data;
            if (!literals.empty() && (last.empty() || last.back() != '}')) {
                fail(ec, errc::protocol_violation, "literal announced where none can be: " + repr(resp));
                return false;
            }
            if (untagged_handler_ && !is_status(typ) && !streamed(literals) && untagged_handler_(frame)) {
                // Consumed by the handler: nothing kept.
            } else if (!store_untagged(typ, line, frame, literals, ec)) {
                return false;
            }
        }
        buffer_.consume(reader_.size());
        reader_.reset();
        return !continuation;
    }

    static bool is_status(std::string_view typ) noexcept {
        return typ == "OK" || typ == "NO" || typ == "BAD" || typ == "BYE" || typ == "PREAUTH";
    }
    static bool streamed(const std::vector<framing::literal>& literals) noexcept {
        for (const auto& l : literals)
            if (l.streamed) return true;
        return false;
    }

    // Stores an untagged response as imaplib does: a (header, literal) pair per literal,
    // then the rest of the line. One shared block holds the frame as received (so the
    // typed views can parse it) and, for "* N TYPE data", imaplib's rebuilt "N data".
    // With a literal sink the literals' bytes went to the sink: the block keeps only the
    // lines, and the items have no frame (data_item::frame()). False, and the connection
    // closed, when keeping it would take the store past limits::max_untagged.
    bool store_untagged(const std::string& typ, const untagged_line& line, std::string_view frame,
                        const std::vector<framing::literal>& literals, std::error_code& ec) {
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
        if (!room(typ, n + 1, cost, ec)) return false;

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
            if (debug_ >= 4) mesg("read literal size " + std::to_string(literals[i].size));
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
            trace('<', dat);
        }
        append_untagged(typ, data_item::from_bytes(block, dat), charge);
        return response_code(typ, block, cost, dat, ec);
    }

    // Whether `items` more items and a block costing `block_bytes` fit in the untagged
    // store under limits::max_untagged; if not the connection is closed (ec set).
    bool room(std::string_view name, std::size_t items, std::size_t block_bytes, std::error_code& ec) {
        const std::size_t max = limits_.max_untagged;
        const std::size_t now = untagged_.footprint();
        if (now <= max && untagged_.growth(name, items, block_bytes) <= max - now) return true;
        fail(ec, errc::untagged_too_large,
             "untagged responses kept would exceed the limit of " + std::to_string(max) +
                 " bytes (limits::max_untagged); the caller must take them with response()");
        return false;
    }

    // imaplib's tag regex: tagpre digits SP type [SP data]. Tolerates a missing data part
    // and a lower-case type, which imaplib rejects as "unexpected response".
    std::optional<std::string> match_tagged(std::string_view resp, std::error_code& ec) {
        if (resp.substr(0, tagpre_.size()) != tagpre_) return std::nullopt;
        std::string_view rest = resp.substr(tagpre_.size());
        const std::size_t digits = detail::run_length(rest, detail::is_digit);
        if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return std::nullopt;
        rest.remove_prefix(digits + 1);
        const std::size_t letters = detail::run_length(rest, [](char c) { return detail::is_letter_or_dash(c) && c != '-'; });
        if (letters == 0 || (letters < rest.size() && rest[letters] != ' ')) return std::nullopt;
        if (!tagged_result(resp)) {
            fail(ec, errc::protocol_violation, "unexpected tagged response: " + repr(resp));
            return std::nullopt;
        }
        return detail::to_upper(rest.substr(0, letters));
    }
    static std::string_view tagged_data(std::string_view resp) {
        const std::size_t first = resp.find(' ');
        const std::size_t second = resp.find(' ', first + 1);
        return second == std::string_view::npos ? resp.substr(resp.size()) : resp.substr(second + 1);
    }
    std::optional<imaplib::response>* tagged_result(std::string_view resp) {
        const std::string_view tag = resp.substr(0, resp.find(' '));
        for (auto& t : tagged_)
            if (t.first == tag) return &t.second;
        return nullptr;
    }

    static bool match_untagged(std::string_view resp, untagged_line& out) {
        if (resp.size() < 3 || resp[0] != '*' || resp[1] != ' ') return false;
        std::string_view rest = resp.substr(2);
        std::size_t n = detail::run_length(rest, detail::is_letter_or_dash);
        if (n > 0) {
            out.type = rest.substr(0, n);
            out.number = {};
            out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
            return true;
        }
        const std::size_t digits = detail::run_length(rest, detail::is_digit);
        if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return false;
        out.number = rest.substr(0, digits);
        rest.remove_prefix(digits + 1);
        n = detail::run_length(rest, detail::is_letter_or_dash);
        if (n == 0) return false;
        out.type = rest.substr(0, n);
        out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
        return true;
    }

    // imaplib: for OK/NO/BAD, a bracketed response code is also stored under its own name
    // (its block counted again there: it stays alive while either name holds it).
    bool response_code(std::string_view typ, const detail::item_block& block, std::size_t cost,
                       std::string_view dat, std::error_code& ec) {
        if (typ == "OK" || typ == "NO" || typ == "BAD") {
            if (auto code = detail::match_response_code(dat)) {
                if (!room(code->type, 1, cost, ec)) return false;
                append_untagged(std::string(code->type),
                                data_item::from_bytes(block, code->data.value_or(std::string_view())), cost);
                if (debug_ >= 1 && (code->type == "NO" || code->type == "BAD" || code->type == "BYE"))
                    mesg(std::string(code->type) + " response: " + repr(dat));
                return true;
            }
        }
        if (debug_ >= 1 && (typ == "NO" || typ == "BAD" || typ == "BYE"))
            mesg(std::string(typ) + " response: " + repr(dat));
        return true;
    }

    void append_untagged(const std::string& typ, data_item item, std::size_t block_bytes) {
        if (debug_ >= 5) mesg("untagged_responses[" + typ + "] += [" + python_repr(item) + "]");
        untagged_.append(typ, std::move(item), block_bytes);
    }
    data_list* find_untagged(std::string_view typ) { return untagged_.find(typ); }
    std::optional<data_list> pop_untagged(std::string_view typ) { return untagged_.pop(typ); }

    // imaplib's _untagged_response(typ, dat, name).
    imaplib::response untagged_response(imaplib::response r, std::string_view name) {
        if (r.typ == "NO") return r;
        std::optional<data_list> data = pop_untagged(name);
        if (!data) return {std::move(r.typ), {data_item{}}};
        if (debug_ >= 5) mesg("untagged_responses[" + std::string(name) + "] => " + python_repr(*data));
        return {std::move(r.typ), std::move(*data)};
    }
    imaplib::response untagged_response(imaplib::response r, std::string_view name, std::error_code& ec) {
        if (ec) return {};
        return untagged_response(std::move(r), name);
    }

    // imaplib's _check_bye().
    bool check_bye(std::error_code& ec) {
        if (!untagged_.has_bye()) return true;  // once per response read: no lookup
        const data_list* bye = find_untagged("BYE");
        if (bye && !bye->empty()) {
            fail(ec, errc::bye, decode_replace(bye->back().bytes()));
            return false;
        }
        return true;
    }

    // ---- sending commands ------------------------------------------------------------

    bool allowed(std::string_view name, state_set& set) const {
        if (const command_info* info = find_command(name)) {
            set = info->allowed;
        } else if (const state_set* ext = find_extension(name)) {
            set = *ext;
        } else {
            set = 0;
        }
        return set & static_cast<state_set>(state_);
    }
    const state_set* find_extension(std::string_view name) const {
        for (const auto& e : extensions_)
            if (e.first == name) return &e.second;
        return nullptr;
    }
    std::string illegal_state_text(std::string_view name, state_set set) const {
        return "command " + std::string(name) + " illegal in state " + std::string(to_string(state_)) +
               ", only allowed in states " + state_names(set);
    }

    // imaplib's _command(): sends the command (and its literals, waiting for the server's
    // go-ahead before each) and returns its tag.
    std::string command(std::string_view name, const arg* args, std::size_t nargs, arg_list extra,
                        authobject_type* authobject, std::error_code& ec) {
        state_set set = 0;
        if (!allowed(name, set)) {
            fail(ec, errc::illegal_state, illegal_state_text(name, set));
            return {};
        }
        for (const char* typ : {"OK", "NO", "BAD"}) pop_untagged(typ);
        if (find_untagged("READ-ONLY") && !is_readonly_) {
            fail(ec, errc::mailbox_readonly, "mailbox status changed to READ-ONLY");
            return {};
        }

        std::string tag = tagpre_ + std::to_string(tagnum_);
        detail::command_line line(tag + " " + std::string(name));
        std::string why;
        for (std::size_t i = 0; i < nargs && !ec; ++i)
            if (args[i].present) line.add(args[i].text, args[i].kind, utf8_accepted_, ec, why);
        for (std::string_view a : extra) {
            if (ec) break;
            line.add(a, detail::arg_kind::raw, utf8_accepted_, ec, why);
        }
        if (ec) {
            fail(ec, ec, why);
            return {};
        }
        if ((!line.literals().empty() || authobject) && !no_early_continuation(ec)) return {};
        ++tagnum_;
        tagged_.emplace_back(tag, std::nullopt);

        const auto& text = line.text();
        const auto& literals = line.literals();
        if (debug_ >= 1) trace('>', line.redacted(0));
        if (!send_raw(text[0], true, ec)) return {};
        if (literals.empty() && !authobject) return tag;

        std::size_t next = 0;
        for (;;) {
            // Wait for the continuation request; a tagged reply (NO, BAD) ends the command
            // and the literal is never sent (RFC 3501 section 7.5).
            while (get_response(ec)) {
                if (tagged_result(tag)->has_value()) return tag;
            }
            if (ec) return {};
            if (authobject) {
                std::string reply;
                const std::string challenge = continuation_ ? base64_decode(*continuation_, ec) : std::string();
                ec.clear();
                std::optional<std::string> answer = (*authobject)(challenge);
                reply = answer ? base64_encode(*answer) : std::string("*");
                if (debug_ >= 4) mesg("write literal size " + std::to_string(reply.size()));
                if (!send_raw(reply, true, ec)) return {};
                continue;
            }
            if (debug_ >= 4) mesg("write literal size " + std::to_string(literals[next].size()));
            if (!send_raw(literals[next], false, ec)) return {};
            ++next;
            if (!send_raw(text[next], true, ec)) return {};
            if (next == literals.size()) return tag;
        }
    }

    // Before a command that waits for "+": a continuation request already received cannot
    // be for it (the server has not seen it yet), so taking it would send a literal the
    // server may refuse (RFC 9051 section 7.5). Every response complete in the buffer, and
    // whatever the transport can deliver without blocking (available(), when it has one),
    // is handled now; a "+" among them is a protocol violation. A "+" still in the network
    // when the command leaves stays possible: no client can tell it from the real answer,
    // since the server's reply carries no tag. False (and an abort) on failure.
    bool no_early_continuation(std::error_code& ec) {
        for (;;) {
            const framing::status s = reader_.parse(buffer_.view(), ec);
            if (ec) {
                fail(ec, ec, "socket error: " + ec.message());
                return false;
            }
            if (s == framing::status::complete) {
                if (!get_response(ec)) {
                    if (!ec)
                        fail(ec, errc::protocol_violation,
                             "continuation request received before the command was sent");
                    return false;
                }
                continue;
            }
            if (literal_sink_ && reader_.in_literal()) stream_literal_bytes();
            if constexpr (has_available_v<Transport>) {
                if (open_ && !dead_) {
                    const std::size_t ready = transport_.available(ec);
                    if (ec) {
                        fail(ec, ec, "socket error: " + transport_error_text(ec));
                        return false;
                    }
                    if (ready > 0) {
                        if (!fill(ec)) return false;
                        continue;
                    }
                }
            }
            return check_bye(ec);
        }
    }

    bool send_raw(std::string_view bytes, bool crlf, std::error_code& ec) {
        if (crlf) {
            std::string with_crlf;
            with_crlf.reserve(bytes.size() + 2);
            with_crlf.append(bytes);
            with_crlf += "\r\n";
            send(with_crlf, ec);
        } else {
            send(bytes, ec);
        }
        return !ec;
    }

    // imaplib's _command_complete().
    imaplib::response command_complete(std::string_view name, const std::string& tag, std::error_code& ec) {
        const bool logout = name == "LOGOUT";
        if (!logout && !check_bye(ec)) return {};
        imaplib::response r = get_tagged_response(tag, logout, ec);
        if (ec) {
            error_message_ = "command: " + std::string(name) + " => " + error_message_;
            return {};
        }
        if (!logout && !check_bye(ec)) return {};
        if (r.typ == "BAD") {
            fail(ec, errc::command_failed, std::string(name) + " command error: BAD " + python_repr(r.data));
            return {};
        }
        return r;
    }

    imaplib::response get_tagged_response(const std::string& tag, bool expect_bye, std::error_code& ec) {
        for (;;) {
            for (auto it = tagged_.begin(); it != tagged_.end(); ++it) {
                if (it->first == tag && it->second) {
                    imaplib::response r = std::move(*it->second);
                    tagged_.erase(it);
                    return r;
                }
            }
            if (expect_bye) {
                if (std::optional<data_list> bye = pop_untagged("BYE")) {
                    forget_tag(tag);
                    return {"BYE", std::move(*bye)};
                }
            }
            if (!check_bye(ec)) return {};
            get_response(ec);
            if (ec) {
                if (debug_ >= 1 && kind_of(ec) == error_kind::abort) print_log();
                return {};
            }
        }
    }
    void forget_tag(const std::string& tag) {
        tagged_.erase(std::remove_if(tagged_.begin(), tagged_.end(), [&](const auto& t) { return t.first == tag; }),
                      tagged_.end());
    }

    imaplib::response simple_command(std::string_view name, std::initializer_list<arg> args, arg_list extra,
                                     authobject_type* authobject, std::error_code& ec) {
        return simple_command(name, args.begin(), args.size(), extra, authobject, ec);
    }
    template <std::size_t N>
    imaplib::response simple_command(std::string_view name, const arg (&args)[N], arg_list extra,
                                     authobject_type* authobject, std::error_code& ec) {
        return simple_command(name, args, N, extra, authobject, ec);
    }
    imaplib::response simple_command(std::string_view name, const arg* args, std::size_t nargs, arg_list extra,
                                     authobject_type* authobject, std::error_code& ec) {
        ec.clear();
        const deadline_scope scope(*this);
        const std::string tag = command(name, args, nargs, extra, authobject, ec);
        if (ec) return {};
        return command_complete(name, tag, ec);
    }
    imaplib::response simple(std::string_view name, std::initializer_list<arg> args, std::error_code& ec) {
        return simple_command(name, args, {}, nullptr, ec);
    }
    // A command whose result is the untagged responses called `result_name`.
    imaplib::response named(std::string_view name, std::initializer_list<arg> args, std::string_view result_name,
                            std::error_code& ec) {
        return untagged_response(simple(name, args, ec), result_name, ec);
    }

    // ---- greeting and capabilities ----------------------------------------------------

    void greet(std::error_code& ec) {
        static thread_local std::mt19937 random{std::random_device{}()};
        tagpre_ = int_to_ap(std::uniform_int_distribution<int>(4096, 65535)(random));
        tagnum_ = 0;
        tagged_.clear();
        untagged_.clear();
        state_ = state::logout;
        tls_established_ = false;
        utf8_enabled_ = false;
        utf8_accepted_ = false;
        if (debug_ >= 1) mesg("new IMAP4 connection, tag=" + tagpre_);
        get_response(ec, &welcome_);
        if (ec) return;
        if (find_untagged("PREAUTH")) {
            state_ = state::auth;
        } else if (find_untagged("OK")) {
            state_ = state::nonauth;
        } else {
            // A BYE (or anything else) as the greeting: imaplib raises error(welcome).
            return fail(ec, find_untagged("BYE") ? errc::bye : errc::protocol_violation, repr(welcome_));
        }
        get_capabilities(ec);
        if (ec) return;
        if (debug_ >= 3) mesg("CAPABILITIES: " + python_repr(capabilities_));
        for (std::string_view version : AllowedVersions) {
            if (has_capability(version)) {
                protocol_version_ = std::string(version);
                return;
            }
        }
        fail(ec, errc::protocol_violation, "server not IMAP4 compliant");
    }

    void get_capabilities(std::error_code& ec) {
        imaplib::response r = capability(ec);
        if (ec) return;
        if (r.data.size() == 1 && r.data[0].is_none())
            return fail(ec, errc::protocol_violation, "no CAPABILITY response from server");
        const std::string text = detail::to_upper(r.data.back().bytes());
        capabilities_.clear();
        for (std::string_view word : split(text)) capabilities_.emplace_back(word);
    }

    bool has_capability(std::string_view name) const {
        return std::find(capabilities_.begin(), capabilities_.end(), name) != capabilities_.end();
    }

    // ---- small helpers ---------------------------------------------------------------

    static std::string repr(std::string_view bytes) {
        std::string out;
        detail::append_bytes_repr(out, bytes);
        return out;
    }
    static std::string_view last_text(const imaplib::response& r) {
        return r.data.empty() ? std::string_view() : r.data.back().bytes();
    }
    static std::string last_item_repr(const imaplib::response& r) {
        return r.data.empty() ? std::string("None") : python_repr(r.data.back());
    }
    // bytes.decode('utf-8', 'replace'), close enough for messages: invalid bytes become U+FFFD.
    static std::string decode_replace(std::string_view bytes) {
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

    Transport transport_;
    limits limits_;
    framing::response_reader reader_;
    detail::read_buffer buffer_;

    imaplib::state state_ = imaplib::state::logout;
    bool open_ = false;
    bool dead_ = false;
    bool is_readonly_ = false;
    bool utf8_enabled_ = false;   // imaplib's utf8_enabled
    bool utf8_accepted_ = false;  // the server confirmed ENABLED UTF8=ACCEPT
    bool tls_established_ = false;
    int debug_ = 0;
    timeout_type timeout_;  // per read and write, as given to open()
    timeout_type deadline_;  // per command (set_deadline)
    std::optional<std::chrono::steady_clock::time_point> deadline_at_;  // while armed
    bool deadline_bound_ = false;  // the last wait given to the transport ends at the deadline
    std::string host_;
    std::uint16_t port_ = 0;
    std::string tagpre_;
    unsigned long tagnum_ = 0;
    std::string welcome_;
    std::string protocol_version_;
    std::string error_message_;
    std::optional<std::string> continuation_ = std::string();
    std::vector<std::string> capabilities_;
    std::vector<std::pair<std::string, std::optional<imaplib::response>>> tagged_;
    detail::untagged_store untagged_;
    std::vector<std::pair<std::string, state_set>> extensions_;
    std::vector<std::string> log_;
    std::size_t log_next_ = 0;
    debug_sink_type debug_sink_;
    literal_sink_type literal_sink_;
    untagged_handler_type untagged_handler_;
    open_hook_type on_open_;
    send_hook_type on_send_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_BASIC_IMAP4_HPP
// end <imaplib/engine/basic_imap4.hpp>
// begin <imaplib/engine/views.hpp>
// imaplib-cpp: typed views of imaplib-shaped results.
//
// Every item of a result remembers the response it came from (data_item::frame()), so the
// grammar's zero-copy views (grammar/parse.hpp) are one call away:
//
//   auto r = M.fetch("1:*", "(UID FLAGS ENVELOPE)");
//   for (const grammar::fetch_view& msg : imaplib::fetch_views(r, ec))
//       use(msg.uid(), msg.envelope().subject());
//
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
#include <climits>
#include <cstddef>
#include <cstdint>
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
    void load_verify_file(const std::string& cafile, std::error_code& ec) {
        load(cafile.c_str(), nullptr, ec);
    }
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
                 std::string("cannot load CA certificates from ") + (file ? file : dir) + ": " +
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

    // imaplib's socket(): the OS socket (-1 when closed).
    native_handle_type native_handle() noexcept {
        return state_ ? state_->socket.native_handle() : native_handle_type(-1);
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
    void shutdown() noexcept { tcp_.shutdown(); }
    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { tcp_.set_timeout(t); }

    tcp_transport::native_handle_type native_handle() noexcept { return tcp_.native_handle(); }
    WOLFSSL* ssl() const noexcept { return tcp_.ssl(); }
    const std::string& error_detail() const noexcept { return tcp_.error_detail(); }
    const tls_context& context() const noexcept { return *ctx_; }

private:
    std::shared_ptr<const tls_context> ctx_;
    tcp_transport tcp_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_TLS_HPP
// end <imaplib/transport/tls.hpp>
#endif
#endif

// imaplib's names for the ready-made clients: imap4, imap4_ssl, imap4_stream.
// begin <imaplib/imap4.hpp>
// imaplib-cpp: the ready-made clients, named as imaplib names them.
//
//   imaplib::imap4         IMAP4         TCP on standalone Asio (port 143), STARTTLS with wolfSSL
//   imaplib::imap4_ssl     IMAP4_SSL     implicit TLS on wolfSSL (port 993)
//   imaplib::imap4_stream  IMAP4_stream  a command's stdin/stdout (POSIX)
//
// Each exists when its transport is enabled (config.hpp); basic_imap4<T> takes any
// transport of your own (docs/transports.md).
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

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_IMAP4_HPP
// end <imaplib/imap4.hpp>

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
