// imaplib-cpp: SCRAM-SHA-1 and SCRAM-SHA-256 (RFC 5802, RFC 7677), with channel binding
// (the -PLUS variants, RFC 5802 section 6; RFC 5929 and RFC 9266 for the binding data).
//
// Client-first. complete() becomes true only once the server-final message carried the
// right server signature: until then the server has not proved it knows the password,
// and a tagged OK before it is a failure (sasl/concept.hpp).
#ifndef IMAPLIB_SASL_SCRAM_HPP
#define IMAPLIB_SASL_SCRAM_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/detail/exchange.hpp>
#include <imaplib/sasl/saslprep.hpp>
#include <imaplib/util/base64.hpp>
#include <imaplib/util/sha.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

// Fills a buffer with unpredictable bytes (the client nonce).
using random_source = std::function<void(unsigned char* data, std::size_t size)>;

struct scram_options {
    // The largest iteration count accepted from the server. Each iteration costs two
    // HMACs, so a hostile server could otherwise pin the CPU (i=1000000000 is minutes).
    // RFC 7677 asks for at least 4096; servers use 4096 to 100,000.
    std::uint32_t max_iterations = 100000;
    std::string authzid;       // act as this identity (gs2 "a="); empty: the user's own
    random_source random;      // the CSPRNG for the nonce; empty: the backend's random()
    std::string nonce;         // tests only: the client nonce itself (printable, no ',')
    // RFC 5802 section 6: set when the client could bind (the connection is TLS) but the
    // server offered no -PLUS mechanism; sends gs2 flag "y" so a server that does support
    // binding detects the downgrade.
    bool client_supports_binding = false;
};

// Channel binding for the -PLUS mechanisms: the type name and the data the TLS layer
// computed for this connection (sasl/channel_binding.hpp).
struct channel_binding {
    std::string type;  // "tls-exporter" (RFC 9266, TLS 1.3) or "tls-server-end-point" (RFC 5929)
    std::string data;
};

}  // namespace sasl

namespace detail {

// RFC 5802 section 5.1 saslname: "=" and "," escaped as "=3D" and "=2C".
IMAPLIB_DECL std::string scram_saslname(std::string_view name);

// One "x=value" attribute of a server message, split at its ','.
struct scram_attribute {
    char name = 0;
    std::string_view value;
};

// `rest` keeps its ',' between attributes, so "i=4096," leaves "," and fails next time.
IMAPLIB_DECL bool scram_next_attribute(std::string_view& rest, scram_attribute& a) noexcept;

// Compares without an early exit, so the time does not say how much of a signature matched.
IMAPLIB_DECL bool scram_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace detail

namespace sasl {

template <class Hash, bool Plus, class Crypto = default_crypto>
class basic_scram : public ::imaplib::detail::sasl_exchange {
public:
    // SCRAM-SHA-*: no channel binding.
    template <bool P = Plus, std::enable_if_t<!P, int> = 0>
    basic_scram(std::string user, std::string password, scram_options options = {})
        : user_(std::move(user)), password_(std::move(password)), options_(std::move(options)) {}

    // SCRAM-SHA-*-PLUS: bound to this TLS connection.
    template <bool P = Plus, std::enable_if_t<P, int> = 0>
    basic_scram(std::string user, std::string password, channel_binding binding, scram_options options = {})
        : user_(std::move(user)), password_(std::move(password)), options_(std::move(options)),
          binding_(std::move(binding)) {}

    std::string_view name() const noexcept {
        if constexpr (std::is_same_v<Hash, sha1_hash>) return Plus ? "SCRAM-SHA-1-PLUS" : "SCRAM-SHA-1";
        else return Plus ? "SCRAM-SHA-256-PLUS" : "SCRAM-SHA-256";
    }

    std::optional<std::string> initial_response(std::error_code& ec) {
        return client_first({}, true, ec, [&] { return client_first_message(ec); });
    }

    std::string step(std::string_view challenge, std::error_code& ec) {
        if (!started_) return client_first(challenge, false, ec, [&] { return client_first_message(ec); }).value_or(std::string());
        if (!may_continue(ec)) return {};
        if (!sent_final_) return client_final_message(challenge, ec);
        verify_server_final(challenge, ec);
        return {};
    }

private:
    std::optional<std::string> client_first_message(std::error_code& ec) {
        std::error_code prep;
        const std::string user = saslprep(user_, prep, saslprep_use::query);
        if (prep || user.empty()) {
            fail(ec, errc::invalid_argument, "SASLprep refused the user name (RFC 4013)");
            return std::nullopt;
        }
        const std::string authzid = saslprep(options_.authzid, prep, saslprep_use::query);
        if (prep) {
            fail(ec, errc::invalid_argument, "SASLprep refused the authorization identity (RFC 4013)");
            return std::nullopt;
        }
        if constexpr (Plus) {
            bool name_ok = !binding_.type.empty();
            for (char c : binding_.type)
                name_ok = name_ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                      (c >= '0' && c <= '9') || c == '.' || c == '-');
            if (!name_ok || binding_.data.empty()) {
                fail(ec, errc::invalid_argument, "channel binding needs a type name and its data");
                return std::nullopt;
            }
        }
        if (!options_.nonce.empty()) {
            nonce_ = options_.nonce;
            for (char c : nonce_)
                if (c < 0x21 || c > 0x7E || c == ',') {
                    fail(ec, errc::invalid_argument, "the client nonce must be printable, without ','");
                    return std::nullopt;
                }
        } else {
            unsigned char bytes[24];
            if (options_.random) options_.random(bytes, sizeof bytes);
            else Crypto::random(bytes, sizeof bytes);
            nonce_ = base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
        }
        // gs2-header (RFC 5802 section 7): cbind-flag "," [ "a=" saslname ] ","
        if constexpr (Plus) gs2_header_ = "p=" + binding_.type;
        else gs2_header_ = options_.client_supports_binding ? "y" : "n";
        gs2_header_ += ',';
        if (!authzid.empty()) gs2_header_ += "a=" + ::imaplib::detail::scram_saslname(authzid);
        gs2_header_ += ',';
        client_first_bare_ = "n=" + ::imaplib::detail::scram_saslname(user) + ",r=" + nonce_;
        secret_ = false;
        return gs2_header_ + client_first_bare_;
    }

    std::string client_final_message(std::string_view server_first, std::error_code& ec) {
        using ::imaplib::detail::scram_attribute;
        // server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]
        std::string_view rest = server_first;
        scram_attribute r, s, i;
        if (!::imaplib::detail::scram_next_attribute(rest, r) || r.name == 'm') {
            fail(ec, errc::protocol_violation,
                 r.name == 'm' ? "server-first-message: a mandatory extension (m=) this client does not know"
                               : "server-first-message: malformed");
            return {};
        }
        if (r.name != 'r' || !::imaplib::detail::scram_next_attribute(rest, s) || s.name != 's' ||
            !::imaplib::detail::scram_next_attribute(rest, i) || i.name != 'i') {
            fail(ec, errc::protocol_violation, "server-first-message: r=, s=, i= missing or out of order");
            return {};
        }
        for (scram_attribute x; !rest.empty();) {
            if (!::imaplib::detail::scram_next_attribute(rest, x) || x.name == 'r' || x.name == 's' ||
                x.name == 'i' || x.name == 'm') {
                fail(ec, errc::protocol_violation, "server-first-message: a duplicate or malformed attribute");
                return {};
            }
        }
        // The server's nonce must extend ours (section 5.1), in printable characters.
        bool printable = true;
        for (char c : r.value) printable = printable && c >= 0x21 && c <= 0x7E && c != ',';
        if (!printable || r.value.size() <= nonce_.size() || r.value.substr(0, nonce_.size()) != nonce_) {
            fail(ec, errc::protocol_violation, "server-first-message: the nonce does not extend the client's");
            return {};
        }
        // Bounded before any work: digit by digit, so 10^9 or 10^30 stops at once.
        std::uint64_t iterations = 0;
        bool digits = !i.value.empty() && i.value.size() <= 10 && i.value[0] != '0';
        for (char c : i.value) {
            digits = digits && c >= '0' && c <= '9';
            if (digits) iterations = iterations * 10 + static_cast<unsigned>(c - '0');
        }
        if (!digits || iterations == 0 || iterations > options_.max_iterations) {
            fail(ec, errc::protocol_violation,
                 "server-first-message: iteration count " + std::string(i.value.substr(0, 20)) +
                     " outside 1.." + std::to_string(options_.max_iterations));
            return {};
        }
        std::error_code b64;
        const std::string salt = base64_decode_strict(s.value, b64);
        if (b64 || salt.empty()) {
            fail(ec, errc::protocol_violation, "server-first-message: the salt is not base64");
            return {};
        }
        std::error_code prep;
        const std::string password = saslprep(password_, prep, saslprep_use::stored);
        if (prep) {
            fail(ec, errc::invalid_argument, "SASLprep refused the password (RFC 4013)");
            return {};
        }

        // RFC 5802 section 3.
        std::string cbind_input = gs2_header_;
        if constexpr (Plus) cbind_input += binding_.data;
        std::string without_proof = "c=" + base64_encode(cbind_input) + ",r=";
        without_proof += r.value;
        const std::string auth_message =
            client_first_bare_ + ',' + std::string(server_first) + ',' + without_proof;
        typename Hash::digest salted{};
        Crypto::template pbkdf2<Hash>(password, salt, static_cast<std::uint32_t>(iterations), salted.data(),
                                      salted.size());
        const auto client_key = Crypto::template hmac<Hash>(as_bytes(salted), "Client Key");
        const auto stored_key = Crypto::template hash<Hash>(as_bytes(client_key));
        const auto client_signature = Crypto::template hmac<Hash>(as_bytes(stored_key), auth_message);
        auto proof = client_key;
        for (std::size_t k = 0; k < proof.size(); ++k) proof[k] ^= client_signature[k];
        const auto server_key = Crypto::template hmac<Hash>(as_bytes(salted), "Server Key");
        const auto server_signature = Crypto::template hmac<Hash>(as_bytes(server_key), auth_message);
        server_signature_ = base64_encode(as_bytes(server_signature));
        sent_final_ = true;
        secret_ = true;  // the proof lets an eavesdropper guess the password offline
        return without_proof + ",p=" + base64_encode(as_bytes(proof));
    }

    void verify_server_final(std::string_view server_final, std::error_code& ec) {
        // server-final-message = (server-error / verifier) ["," extensions]
        std::string_view rest = server_final;
        ::imaplib::detail::scram_attribute a;
        if (!::imaplib::detail::scram_next_attribute(rest, a) || (a.name != 'e' && a.name != 'v')) {
            fail(ec, errc::protocol_violation, "server-final-message: malformed");
            return;
        }
        if (a.name == 'e') {
            fail(ec, errc::command_failed, "server-final-message: the server reported e=" + std::string(a.value));
            return;
        }
        if (!::imaplib::detail::scram_equal(a.value, server_signature_)) {
            fail(ec, errc::protocol_violation,
                 "server-final-message: wrong server signature (the server does not know the password)");
            return;
        }
        secret_ = false;
        complete_ = true;
    }

    std::string user_;
    std::string password_;
    scram_options options_;
    channel_binding binding_;
    std::string nonce_;
    std::string gs2_header_;
    std::string client_first_bare_;
    std::string server_signature_;
    bool sent_final_ = false;
};

using scram_sha_1 = basic_scram<sha1_hash, false>;
using scram_sha_256 = basic_scram<sha256_hash, false>;
using scram_sha_1_plus = basic_scram<sha1_hash, true>;
using scram_sha_256_plus = basic_scram<sha256_hash, true>;

}  // namespace sasl

IMAPLIB_CHECK_SASL_MECHANISM(sasl::scram_sha_1);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::scram_sha_256);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::scram_sha_1_plus);
IMAPLIB_CHECK_SASL_MECHANISM(sasl::scram_sha_256_plus);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/sasl/impl/scram.ipp>
#endif

#endif  // IMAPLIB_SASL_SCRAM_HPP
