// imaplib-cpp: AUTHENTICATE's steps (RFC 9051 section 6.2.2, RFC 4959 SASL-IR) with no I/O,
// and login_best()'s choice of mechanism: what the blocking client (impl/basic_imap4_sasl.hpp)
// and the async client (async/client.hpp) both drive, each with its own reads and writes.
#ifndef IMAPLIB_ENGINE_AUTHENTICATE_HPP
#define IMAPLIB_ENGINE_AUTHENTICATE_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/session.hpp>
#include <imaplib/error.hpp>
#include <imaplib/sasl/channel_binding.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/util/base64.hpp>

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

// login_best()'s choices (docs/authentication.md).
struct login_options {
    // PLAIN, LOGIN, CRAM-MD5 and the LOGIN command on a connection without TLS: refused
    // unless set. The password (with CRAM-MD5, what lets anyone guess it offline) would
    // cross the network readable.
    bool allow_cleartext = false;
    // When no AUTH= mechanism fits: the LOGIN command (never with LOGINDISABLED).
    bool allow_login_command = true;
    std::string authzid;                    // PLAIN and SCRAM: act as this identity
    std::uint32_t max_iterations = 100000;  // SCRAM: sasl::scram_options::max_iterations
};

// What login_best() did: imaplib's (typ, data) and the SASL mechanism that succeeded
// ("" with login_command set when it was the LOGIN command).
struct login_result : response {
    std::string mechanism;
    bool login_command = false;
};

namespace detail {

// imaplib's authenticate(mechanism, authobject) as the AUTHENTICATE loop sees it: no
// initial response, challenges decoded as binascii does, None answered with '*', and the
// server's OK taken as it comes.
struct imaplib_authenticator {
    std::string mechanism;
    std::function<std::optional<std::string>(std::string_view)>& authobject;
};

// RFC 4422 section 3.1: sasl-mech = 1*20 of upper-case letters, digits, '-' and '_'.
inline bool is_sasl_mechanism_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > 20) return false;
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

// The longest AUTHENTICATE line that carries an initial response (RFC 4959). RFC 7162
// section 4 asks clients to keep lines within 8192 octets, and Dovecot's pre-login reader
// stops there; a longer response goes as the answer to the first, empty, challenge.
inline constexpr std::size_t sasl_ir_max_line = 8192;

// One AUTHENTICATE exchange driven by a mechanism (sasl/concept.hpp) or imaplib's
// authobject, in three steps around its driver's I/O: start() before the command is
// sent, answer() at each '+', complete() at the tagged response. A client-first
// mechanism's message is made before anything is sent, so a bad user name or token never
// costs a round trip; without SASL-IR (or when the line would be too long) it is held and
// answers the server's first, empty, challenge.
template <class Mechanism>
class authenticate_steps {
public:
    static constexpr bool imaplib_rules = std::is_same_v<Mechanism, imaplib_authenticator>;

    explicit authenticate_steps(Mechanism& m) : m_(m) {}

    // The mechanism's name, checked. `allowed(f)` is the driver's state check, made before
    // a token provider is asked for a token that could not be sent.
    template <class Allowed>
    bool start(bool sasl_ir, std::size_t tagpre_size, Allowed&& allowed, failure& f) {
        if constexpr (imaplib_rules) {
            (void)allowed;  // imaplib checks the state when it sends the command
            mech_ = m_.mechanism;
            return true;
        } else {
            mech_ = to_upper(m_.name());
            if (!is_sasl_mechanism_name(mech_)) {
                f.set(errc::invalid_argument, "not a SASL mechanism name: " + repr(mech_));
                return false;
            }
            if (!allowed(f)) return false;
            std::error_code ec;
            std::optional<std::string> first = m_.initial_response(ec);
            if (ec) {
                f.set(ec == errc::invalid_argument ? ec : make_error_code(errc::command_failed),
                      "AUTHENTICATE " + mech_ + ": " + std::string(m_.reason()));
                return false;
            }
            if (first && sasl_ir) {
                std::string b64 = first->empty() ? std::string("=") : base64_encode(*first);
                const std::size_t line = tagpre_size + 10 + 14 + mech_.size() + 1 + b64.size() + 2;
                if (line <= sasl_ir_max_line) {
                    with_command_ = std::move(b64);
                    return true;
                }
            }
            held_ = std::move(first);
            return true;
        }
    }

    const std::string& mechanism() const noexcept { return mech_; }
    // The initial response, base64, to go on the command line (SASL-IR).
    std::optional<std::string_view> initial_response() const noexcept {
        if (with_command_) return std::string_view(*with_command_);
        return std::nullopt;
    }

    // Answers the session's last challenge (or cancels with '*'). False: a challenge came
    // after the client cancelled, which ends the connection (f says why).
    bool answer(session& s, failure& f) {
        std::optional<std::string> out;
        if constexpr (imaplib_rules) {
            out = m_.authobject(s.challenge());
        } else {
            if (cancel_) {  // '*' ends the exchange (RFC 9051 section 6.2.2): no challenge may follow
                f.set(errc::protocol_violation,
                      "AUTHENTICATE " + mech_ + ": a challenge after the client cancelled (" + cancel_.message + ")");
                return false;
            }
            out = answer_of(s);
        }
        s.answer_challenge(out);
        return true;
    }

    // The result from the tagged response `r` and the failure `server` its driver saw (a
    // BAD, a BYE). `close` is set when the connection must be closed: the server accepted
    // what cannot be an authentication, or broke the exchange (an abort-kind failure of
    // these steps). The state is the driver's to set on success.
    response complete(response r, failure server, failure& f, bool& close) {
        response out = result_of(std::move(r), std::move(server), f, close);
        if (f && !passed_on_ && kind_of(f.code) == error_kind::abort) close = true;
        return out;
    }

private:
    response result_of(response r, failure server, failure& f, bool& close) {
        close = false;
        passed_on_ = false;
        if (server && kind_of(server.code) != error_kind::error) {
            passed_on_ = true;
            f = std::move(server);
            return {};
        }
        if constexpr (!imaplib_rules) {
            if (cancel_) {
                // The mechanism's reason is the error; the server misbehaving is an abort.
                const std::error_code code = cancel_.code == errc::invalid_argument || cancel_.code == errc::command_failed
                                                 ? cancel_.code
                                                 : make_error_code(errc::protocol_violation);
                std::string text = "AUTHENTICATE " + mech_ + " cancelled: " + cancel_.message;
                if (!server && r.typ == "OK") {
                    close = true;
                    f.set(errc::protocol_violation, text + " (and the server said OK)");
                    return {};
                }
                f.set(code, std::move(text));
                return {};
            }
        }
        if (server) {
            passed_on_ = true;
            f = std::move(server);
            return {};
        }
        if (r.typ != "OK") {
            std::string text = decode_replace(last_text(r));
            if constexpr (!imaplib_rules)
                if (!m_.reason().empty()) text += " (" + std::string(m_.reason()) + ")";
            f.set(errc::command_failed, std::move(text));
            return {};
        }
        if constexpr (!imaplib_rules) {
            if (!m_.complete()) {
                // RFC 5802 section 5: an OK without the server's proof is no authentication.
                close = true;
                f.set(errc::protocol_violation,
                      "AUTHENTICATE " + mech_ + ": tagged OK before the exchange completed" +
                          (m_.reason().empty() ? std::string(" (the server did not prove its identity)")
                                               : " (" + std::string(m_.reason()) + ")"));
                return {};
            }
        }
        return r;
    }

    // The answer to one challenge, or nullopt ('*') with cancel_ saying why.
    std::optional<std::string> answer_of(const session& s) {
        const std::optional<std::string>& text = s.continuation();
        std::error_code ec;
        const std::string challenge = text ? base64_decode_strict(*text, ec) : std::string();
        if (ec) {
            cancel_.set(errc::protocol_violation, "the server's challenge is not base64");
            return std::nullopt;
        }
        if (held_) {
            if (!challenge.empty()) {
                cancel_.set(errc::protocol_violation, "a non-empty first challenge to a client-first mechanism");
                return std::nullopt;
            }
            std::optional<std::string> out = std::move(held_);
            held_.reset();
            return out;
        }
        std::string out = m_.step(challenge, ec);
        if (ec) {
            cancel_.set(ec, std::string(m_.reason()));
            return std::nullopt;
        }
        return out;
    }

    Mechanism& m_;
    std::string mech_;
    std::optional<std::string> held_;          // the client-first message, until it is sent
    std::optional<std::string> with_command_;  // ...or, base64, on the command line
    failure cancel_;                           // why the client answered '*'
    bool passed_on_ = false;                   // complete()'s failure is the server's, passed on
};

// What login_best() tries, strongest first, given what the server offers (`offered(m)`
// for AUTH=m), whether the connection is TLS and its channel binding: calls
// `authenticate(mechanism)` with the first that fits, `login()` for the LOGIN command,
// or sets `f` (capability_missing) when nothing fits.
template <class Offered, class Authenticate, class Login>
auto choose_login(Offered&& offered, bool tls, const std::optional<sasl::channel_binding>& binding,
                  bool logindisabled, std::string_view user, std::string_view password, const login_options& o,
                  Authenticate&& authenticate, Login&& login, failure& f) -> decltype(login()) {
    const std::string u(user), p(password);
    sasl::scram_options so;
    so.authzid = o.authzid;
    so.max_iterations = o.max_iterations;

    // Channel binding when both sides can (RFC 5802 section 6); "y" when only we can.
    const bool plus_offered = offered("SCRAM-SHA-256-PLUS") || offered("SCRAM-SHA-1-PLUS");
    if (binding && offered("SCRAM-SHA-256-PLUS")) return authenticate(sasl::scram_sha_256_plus(u, p, *binding, so));
    if (binding && offered("SCRAM-SHA-1-PLUS")) return authenticate(sasl::scram_sha_1_plus(u, p, *binding, so));
    so.client_supports_binding = binding.has_value() && !plus_offered;
    if (offered("SCRAM-SHA-256")) return authenticate(sasl::scram_sha_256(u, p, so));
    if (offered("SCRAM-SHA-1")) return authenticate(sasl::scram_sha_1(u, p, so));

    const bool cleartext = tls || o.allow_cleartext;
    if (cleartext) {
        // Without TLS CRAM-MD5 at least hides the password from a passive listener.
        if (!tls && offered("CRAM-MD5")) return authenticate(sasl::cram_md5(u, p));
        if (offered("PLAIN")) return authenticate(sasl::plain(u, p, o.authzid));
        if (offered("LOGIN")) return authenticate(sasl::login(u, p));
        if (offered("CRAM-MD5")) return authenticate(sasl::cram_md5(u, p));
        if (o.allow_login_command && !logindisabled) return login();
    }
    f.set(errc::capability_missing,
          cleartext ? "no authentication mechanism both sides support"
                    : "no authentication mechanism both sides support that keeps the password from the network "
                      "without TLS (login_options::allow_cleartext allows PLAIN, LOGIN, CRAM-MD5 and the LOGIN "
                      "command)");
    return decltype(login())();
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_AUTHENTICATE_HPP
