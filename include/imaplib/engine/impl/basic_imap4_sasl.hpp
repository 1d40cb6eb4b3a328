// imaplib-cpp: basic_imap4's AUTHENTICATE loop driven by a SASL mechanism (sasl/concept.hpp),
// imaplib's authenticate(name, authobject) and login_cram_md5 over it, and login_best().
// Included by engine/basic_imap4.hpp; the declarations are there.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SASL_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SASL_HPP

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/util/base64.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

template <class Transport>
response basic_imap4<Transport>::authenticate(std::string_view mechanism, authobject_type authobject, failure& f) {
    detail::imaplib_authenticator adapter{detail::to_upper(mechanism), authobject};
    return sasl_exchange(adapter, f);
}

template <class Transport>
response basic_imap4<Transport>::login_cram_md5(std::string_view user, std::string_view password, failure& f) {
    sasl::cram_md5 mechanism{std::string(user), std::string(password)};
    return sasl_exchange(mechanism, f);
}

// RFC 9051 section 6.2.2, RFC 4959 (SASL-IR), and the mechanism contract of
// sasl/concept.hpp. A client-first mechanism's message is made before anything is sent,
// so a bad user name or token never costs a round trip; without SASL-IR (or when the
// line would be too long) it is held and answers the server's first, empty, challenge.
template <class Transport>
template <class Mechanism>
response basic_imap4<Transport>::sasl_exchange(Mechanism& m, failure& f) {
    constexpr bool imaplib_rules = std::is_same_v<Mechanism, detail::imaplib_authenticator>;
    std::string mech;
    std::optional<std::string> held;      // the client-first message, until it is sent
    std::optional<std::string> with_command;  // ...or, base64, on the command line
    if constexpr (imaplib_rules) {
        mech = m.mechanism;
    } else {
        mech = detail::to_upper(m.name());
        if (!detail::is_sasl_mechanism_name(mech))
            return fail_r(f, errc::invalid_argument, "not a SASL mechanism name: " + detail::repr(mech));
        // The state first: a token provider is not asked for a token that cannot be sent.
        if (!before_command("AUTHENTICATE", f)) return {};
        std::error_code ec;
        held = m.initial_response(ec);
        if (ec)
            return fail_r(f, ec == errc::invalid_argument ? ec : make_error_code(errc::command_failed),
                          "AUTHENTICATE " + mech + ": " + std::string(m.reason()));
        if (held && has_capability("SASL-IR")) {
            std::string b64 = held->empty() ? std::string("=") : base64_encode(*held);
            const std::size_t line = session_.tagpre().size() + 10 + 14 + mech.size() + 1 + b64.size() + 2;
            if (line <= detail::sasl_ir_max_line) {
                with_command = std::move(b64);
                held.reset();
            }
        }
    }

    const deadline_scope scope(*this);
    if (!before_command("AUTHENTICATE", f)) return {};
    const std::string tag = session_.authenticate(
        mech, with_command ? std::optional<std::string_view>(*with_command) : std::nullopt, f);
    if (f) return {};
    if (session_.sending(tag) && !no_early_continuation(f)) return {};
    if (!flush(f)) return {};

    failure cancel;  // why the client answered '*'
    bool done = false;
    while (!done && session_.sending(tag)) {
        while (get_response(f)) {
            if (session_.completed(tag)) {
                done = true;
                break;
            }
        }
        if (done) break;
        if (f) return {};
        if (!session_.sending(tag)) break;
        std::optional<std::string> answer;
        if constexpr (imaplib_rules) {
            answer = m.authobject(session_.challenge());
        } else {
            if (cancel) {  // '*' ends the exchange (RFC 9051 section 6.2.2): no challenge may follow
                close_transport();
                return fail_r(f, errc::protocol_violation,
                              "AUTHENTICATE " + mech + ": a challenge after the client cancelled (" + cancel.message + ")");
            }
            answer = sasl_answer(m, held, cancel);
        }
        session_.answer_challenge(answer);
        if (!flush(f)) return {};
    }

    failure server;
    imaplib::response r = command_complete("AUTHENTICATE", tag, server);
    if (server && kind_of(server.code) != error_kind::error) {
        f = std::move(server);
        return {};
    }
    if constexpr (!imaplib_rules) {
        if (cancel) {
            // The mechanism's reason is the error; the server misbehaving is an abort.
            const std::error_code code = cancel.code == errc::invalid_argument || cancel.code == errc::command_failed
                                             ? cancel.code
                                             : make_error_code(errc::protocol_violation);
            std::string text = "AUTHENTICATE " + mech + " cancelled: " + cancel.message;
            if (!server && r.typ == "OK") {
                close_transport();
                return fail_r(f, errc::protocol_violation, text + " (and the server said OK)");
            }
            return fail_r(f, code, std::move(text));
        }
    }
    if (server) {
        f = std::move(server);
        return {};
    }
    if (r.typ != "OK") {
        std::string text = detail::decode_replace(detail::last_text(r));
        if constexpr (!imaplib_rules)
            if (!m.reason().empty()) text += " (" + std::string(m.reason()) + ")";
        return fail_r(f, errc::command_failed, std::move(text));
    }
    if constexpr (!imaplib_rules) {
        if (!m.complete()) {
            // RFC 5802 section 5: an OK without the server's proof is no authentication.
            close_transport();
            return fail_r(f, errc::protocol_violation,
                          "AUTHENTICATE " + mech + ": tagged OK before the exchange completed" +
                              (m.reason().empty() ? std::string(" (the server did not prove its identity)")
                                                  : " (" + std::string(m.reason()) + ")"));
        }
    }
    session_.state(state::auth);
    return r;
}

// The answer to one challenge, or nullopt ('*') with `cancel` saying why.
template <class Transport>
template <class Mechanism>
std::optional<std::string> basic_imap4<Transport>::sasl_answer(Mechanism& m, std::optional<std::string>& held,
                                                               failure& cancel) {
    const std::optional<std::string>& text = session_.continuation();
    std::error_code ec;
    const std::string challenge = text ? base64_decode_strict(*text, ec) : std::string();
    if (ec) {
        cancel.set(errc::protocol_violation, "the server's challenge is not base64");
        return std::nullopt;
    }
    if (held) {
        if (!challenge.empty()) {
            cancel.set(errc::protocol_violation, "a non-empty first challenge to a client-first mechanism");
            return std::nullopt;
        }
        std::optional<std::string> out = std::move(held);
        held.reset();
        return out;
    }
    std::string out = m.step(challenge, ec);
    if (ec) {
        cancel.set(ec, std::string(m.reason()));
        return std::nullopt;
    }
    return out;
}

template <class Transport>
bool basic_imap4<Transport>::connection_is_tls() const noexcept {
    if (tls_established_) return true;
    if constexpr (has_ssl_v<Transport>) return transport_.ssl() != nullptr;
    else return false;
}

template <class Transport>
sasl::channel_binding basic_imap4<Transport>::channel_binding(failure& f) {
    if constexpr (has_channel_binding_v<Transport>) {
        std::error_code ec;
        sasl::channel_binding b = transport_.channel_binding(ec);
        if (ec) {
            fail(f, errc::not_supported, "no TLS channel binding on this connection (not TLS, or a certificate "
                                         "whose signature names no single hash)");
            return {};
        }
        return b;
    } else {
        fail(f, errc::not_supported,
             "channel binding (SCRAM-*-PLUS) needs TLS support (IMAPLIB_USE_WOLFSSL) and a TLS transport");
        return {};
    }
}

template <class Transport>
template <class Mechanism>
login_result basic_imap4<Transport>::login_with(Mechanism&& m, failure& f) {
    login_result r;
    static_cast<imaplib::response&>(r) = sasl_exchange(m, f);
    if (!f) r.mechanism = std::string(m.name());
    return r;
}

template <class Transport>
login_result basic_imap4<Transport>::login_best(std::string_view user, std::string_view password,
                                                const login_options& o, failure& f) {
    const auto offered = [&](std::string_view m) { return has_capability("AUTH=" + std::string(m)); };
    const bool tls = connection_is_tls();
    const std::string u(user), p(password);
    sasl::scram_options so;
    so.authzid = o.authzid;
    so.max_iterations = o.max_iterations;

    // Channel binding when both sides can (RFC 5802 section 6); "y" when only we can.
    std::optional<sasl::channel_binding> binding;
    if constexpr (has_channel_binding_v<Transport>) {
        if (tls) {
            std::error_code ec;
            sasl::channel_binding b = transport_.channel_binding(ec);
            if (!ec) binding = std::move(b);
        }
    }
    const bool plus_offered = offered("SCRAM-SHA-256-PLUS") || offered("SCRAM-SHA-1-PLUS");
    if (binding && offered("SCRAM-SHA-256-PLUS")) return login_with(sasl::scram_sha_256_plus(u, p, *binding, so), f);
    if (binding && offered("SCRAM-SHA-1-PLUS")) return login_with(sasl::scram_sha_1_plus(u, p, *binding, so), f);
    so.client_supports_binding = binding.has_value() && !plus_offered;
    if (offered("SCRAM-SHA-256")) return login_with(sasl::scram_sha_256(u, p, so), f);
    if (offered("SCRAM-SHA-1")) return login_with(sasl::scram_sha_1(u, p, so), f);

    const bool cleartext = tls || o.allow_cleartext;
    if (cleartext) {
        // Without TLS CRAM-MD5 at least hides the password from a passive listener.
        if (!tls && offered("CRAM-MD5")) return login_with(sasl::cram_md5(u, p), f);
        if (offered("PLAIN")) return login_with(sasl::plain(u, p, o.authzid), f);
        if (offered("LOGIN")) return login_with(sasl::login(u, p), f);
        if (offered("CRAM-MD5")) return login_with(sasl::cram_md5(u, p), f);
        if (o.allow_login_command && !has_capability("LOGINDISABLED")) {
            login_result r;
            static_cast<imaplib::response&>(r) = login(user, password, f);
            r.login_command = !f;
            return r;
        }
    }
    fail(f, errc::capability_missing,
         cleartext ? "no authentication mechanism both sides support"
                   : "no authentication mechanism both sides support that keeps the password from the network "
                     "without TLS (login_options::allow_cleartext allows PLAIN, LOGIN, CRAM-MD5 and the LOGIN "
                     "command)");
    return {};
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SASL_HPP
