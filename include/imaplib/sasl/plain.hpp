// imaplib-cpp: PLAIN (RFC 4616), LOGIN (draft-murchison-sasl-login-00) and EXTERNAL
// (RFC 4422 appendix A): the mechanisms that send what they are given.
#ifndef IMAPLIB_SASL_PLAIN_HPP
#define IMAPLIB_SASL_PLAIN_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/detail/exchange.hpp>

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
    std::optional<std::string> message(std::error_code& ec);

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

    std::string step(std::string_view /*prompt*/, std::error_code& ec);

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
    std::optional<std::string> message(std::error_code& ec);

    std::string authzid_;
};

}  // namespace sasl

IMAPLIB_CHECK_SASL_MECHANISM(sasl::plain);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::login);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::external);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/sasl/impl/plain.ipp>
#endif

#endif  // IMAPLIB_SASL_PLAIN_HPP
