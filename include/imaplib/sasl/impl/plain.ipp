// imaplib-cpp: sasl/plain.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_SASL_IMPL_PLAIN_IPP
#define IMAPLIB_SASL_IMPL_PLAIN_IPP

#include <imaplib/config.hpp>
#include <imaplib/sasl/plain.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

IMAPLIB_DECL std::optional<std::string> plain::message(std::error_code& ec) {
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

IMAPLIB_DECL std::string login::step(std::string_view /*prompt*/, std::error_code& ec) {
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

IMAPLIB_DECL std::optional<std::string> external::message(std::error_code& ec) {
    if (!detail::sasl_utf8_without_nul(authzid_)) {
        fail(ec, errc::invalid_argument, "EXTERNAL's authorization identity must be UTF-8 without NUL");
        return std::nullopt;
    }
    complete_ = true;
    return authzid_;
}

}  // namespace sasl

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_IMPL_PLAIN_IPP
