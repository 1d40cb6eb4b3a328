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

    std::string message(int value) const override;
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
IMAPLIB_DECL error_kind kind_of(const std::error_code& ec) noexcept;

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
[[noreturn]] IMAPLIB_DECL void throw_error(std::error_code ec, const std::string& what);

#endif  // IMAPLIB_NO_EXCEPTIONS

IMAPLIB_END_NAMESPACE

namespace std {
template <>
struct is_error_code_enum<imaplib::errc> : true_type {};
}  // namespace std

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/impl/error.ipp>
#endif

#endif  // IMAPLIB_ERROR_HPP
