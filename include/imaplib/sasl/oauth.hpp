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
IMAPLIB_DECL bool is_b64token(std::string_view t) noexcept;

// The "status" member of the error JSON (RFC 7628 section 3.2.2), found by a scan
// rather than a JSON parser: "" when there is none. The whole JSON goes to reason().
IMAPLIB_DECL std::string json_status(std::string_view json);

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

    std::string step(std::string_view challenge, std::error_code& ec);

private:
    std::optional<std::string> message(std::error_code& ec);

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

    std::string step(std::string_view challenge, std::error_code& ec);

private:
    std::optional<std::string> message(std::error_code& ec);

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

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/sasl/impl/oauth.ipp>
#endif

#endif  // IMAPLIB_SASL_OAUTH_HPP
