// imaplib-cpp: sasl/oauth.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_SASL_IMPL_OAUTH_IPP
#define IMAPLIB_SASL_IMPL_OAUTH_IPP

#include <imaplib/config.hpp>
#include <imaplib/sasl/oauth.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

namespace detail_oauth {

IMAPLIB_DECL bool is_b64token(std::string_view t) noexcept {
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

IMAPLIB_DECL std::string json_status(std::string_view json) {
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

}  // namespace sasl

namespace sasl {

IMAPLIB_DECL std::string oauthbearer::step(std::string_view challenge, std::error_code& ec) {
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

IMAPLIB_DECL std::optional<std::string> oauthbearer::message(std::error_code& ec) {
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

IMAPLIB_DECL std::string xoauth2::step(std::string_view challenge, std::error_code& ec) {
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

IMAPLIB_DECL std::optional<std::string> xoauth2::message(std::error_code& ec) {
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

}  // namespace sasl

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_IMPL_OAUTH_IPP
