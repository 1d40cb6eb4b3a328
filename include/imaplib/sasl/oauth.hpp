// imaplib-cpp: OAuth 2.0 bearer tokens over SASL: OAUTHBEARER (RFC 7628) and Google's and
// Microsoft's XOAUTH2. Both client-first; a failure comes back as a challenge carrying
// a JSON status, which the client must answer before the server sends its tagged NO.
#ifndef IMAPLIB_SASL_OAUTH_HPP
#define IMAPLIB_SASL_OAUTH_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/detail/exchange.hpp>

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
