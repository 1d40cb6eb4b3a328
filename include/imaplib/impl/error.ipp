// imaplib-cpp: error.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_IMPL_ERROR_IPP
#define IMAPLIB_IMPL_ERROR_IPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>

#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL std::string error_category_impl::message(int value) const {
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

}  // namespace detail

IMAPLIB_DECL error_kind kind_of(const std::error_code& ec) noexcept {
    if (!ec) return error_kind::none;
    if (ec.category() != error_category()) return error_kind::abort;
    const int v = ec.value();
    if (v >= static_cast<int>(errc::mailbox_readonly)) return error_kind::readonly;
    if (v >= static_cast<int>(errc::connection_closed)) return error_kind::abort;
    return error_kind::error;
}

#if !defined(IMAPLIB_NO_EXCEPTIONS)

[[noreturn]] IMAPLIB_DECL void throw_error(std::error_code ec, const std::string& what) {
    std::string text = what.empty() ? ec.message() : what;
    switch (kind_of(ec)) {
    case error_kind::readonly: throw readonly(ec, text);
    case error_kind::abort: throw abort(ec, text);
    default: throw error(ec, text);
    }
}

#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_IMPL_ERROR_IPP
