// imaplib-cpp: the state every SASL mechanism keeps (sasl/concept.hpp states the contract).
#ifndef IMAPLIB_SASL_DETAIL_EXCHANGE_HPP
#define IMAPLIB_SASL_DETAIL_EXCHANGE_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/util/utf8.hpp>

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
    bool may_continue(std::error_code& ec);

    void fail(std::error_code& ec, errc code, std::string reason);

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
IMAPLIB_DECL bool sasl_utf8_without_nul(std::string_view s) noexcept;

}  // namespace detail

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/sasl/detail/impl/exchange.ipp>
#endif

#endif  // IMAPLIB_SASL_DETAIL_EXCHANGE_HPP
