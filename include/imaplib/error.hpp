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

#include <imaplib/config.hpp>

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
