// imaplib-cpp: CRAM-MD5 (RFC 2195), the mechanism imaplib's login_cram_md5 speaks.
#ifndef IMAPLIB_SASL_CRAM_MD5_HPP
#define IMAPLIB_SASL_CRAM_MD5_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/detail/exchange.hpp>
#include <imaplib/util/md5.hpp>
#include <imaplib/util/sha.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

// Server-first: one challenge (a msg-id such as "<1896.697170952@host>"), answered with
// user SP hex(HMAC-MD5(password, challenge)) (RFC 2195 section 2), as imaplib's
// _CRAM_MD5_AUTH. The answer lets an eavesdropper guess passwords offline: secret.
template <class Crypto = default_crypto>
class basic_cram_md5 : public detail::sasl_exchange {
public:
    basic_cram_md5(std::string user, std::string password)
        : user_(std::move(user)), password_(std::move(password)) {}

    std::string_view name() const noexcept { return "CRAM-MD5"; }

    std::optional<std::string> initial_response(std::error_code& ec) {
        ec.clear();
        return std::nullopt;
    }

    std::string step(std::string_view challenge, std::error_code& ec) {
        if (!may_continue(ec)) return {};
        if (challenge.empty()) {
            fail(ec, errc::protocol_violation, "CRAM-MD5 needs a non-empty challenge");
            return {};
        }
        complete_ = true;
        std::string out = user_;
        out += ' ';
        out += to_hex(Crypto::template hmac<md5_hash>(password_, challenge));
        return out;
    }

private:
    std::string user_;
    std::string password_;
};

using cram_md5 = basic_cram_md5<>;

}  // namespace sasl

IMAPLIB_CHECK_SASL_MECHANISM(sasl::cram_md5);

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_CRAM_MD5_HPP
