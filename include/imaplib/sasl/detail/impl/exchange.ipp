// imaplib-cpp: sasl/detail/exchange.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_SASL_DETAIL_IMPL_EXCHANGE_IPP
#define IMAPLIB_SASL_DETAIL_IMPL_EXCHANGE_IPP

#include <imaplib/config.hpp>
#include <imaplib/sasl/detail/exchange.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL bool sasl_exchange::may_continue(std::error_code& ec) {
    ec.clear();
    if (failed_) fail(ec, errc::illegal_state, "the exchange already failed");
    else if (complete_) fail(ec, errc::illegal_state, "a challenge after the exchange completed");
    return !ec;
}

IMAPLIB_DECL void sasl_exchange::fail(std::error_code& ec, errc code, std::string reason) {
    failed_ = true;
    complete_ = false;
    reason_ = std::move(reason);
    ec = make_error_code(code);
}

IMAPLIB_DECL bool sasl_utf8_without_nul(std::string_view s) noexcept {
    for (std::size_t pos = 0; pos < s.size();) {
        const char32_t cp = utf8_next(s, pos);
        if (cp == utf8_invalid || cp == 0) return false;
    }
    return true;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_DETAIL_IMPL_EXCHANGE_IPP
