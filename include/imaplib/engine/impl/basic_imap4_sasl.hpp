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

// Member templates, instantiated where they are called (with the caller's mechanism):
// every TU sees their bodies.

// RFC 9051 section 6.2.2: the steps (engine/authenticate.hpp) driven by blocking I/O.
template <class Transport>
template <class Mechanism>
response basic_imap4<Transport>::sasl_exchange(Mechanism& m, failure& f) {
    detail::authenticate_steps<Mechanism> steps(m);
    if (!steps.start(has_capability("SASL-IR"), session_.tagpre().size(),
                     [&](failure& g) { return before_command("AUTHENTICATE", g); }, f))
        return {};

    const deadline_scope scope(*this);
    if (!before_command("AUTHENTICATE", f)) return {};
    const std::string tag = session_.authenticate(steps.mechanism(), steps.initial_response(), f);
    if (f) return {};
    if (session_.sending(tag) && !no_early_continuation(f)) return {};
    if (!flush(f)) return {};

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
        if (!steps.answer(session_, f)) {
            close_transport();
            return {};
        }
        if (!flush(f)) return {};
    }

    failure server;
    imaplib::response r = command_complete("AUTHENTICATE", tag, server);
    bool close = false;
    r = steps.complete(std::move(r), std::move(server), f, close);
    if (close) close_transport();
    if (f) return {};
    session_.state(state::auth);
    return r;
}

template <class Transport>
template <class Mechanism>
login_result basic_imap4<Transport>::login_with(Mechanism&& m, failure& f) {
    login_result r;
    static_cast<imaplib::response&>(r) = sasl_exchange(m, f);
    if (!f) r.mechanism = std::string(m.name());
    return r;
}

// The other members: with separate compilation only in the TU that compiles the clients
// (detail/instantiate.hpp), like the .ipp bodies, and where a COMPRESS client is compiled
// (it is not one of those clients, so imaplib::compiled needs no zlib; docs/building.md).
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE) || defined(IMAPLIB_USE_ZLIB)

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
login_result basic_imap4<Transport>::login_best(std::string_view user, std::string_view password,
                                                const login_options& o, failure& f) {
    const auto offered = [&](std::string_view m) { return has_capability("AUTH=" + std::string(m)); };
    const bool tls = connection_is_tls();
    std::optional<sasl::channel_binding> binding;
    if constexpr (has_channel_binding_v<Transport>) {
        if (tls) {
            std::error_code ec;
            sasl::channel_binding b = transport_.channel_binding(ec);
            if (!ec) binding = std::move(b);
        }
    }
    return detail::choose_login(
        offered, tls, binding, has_capability("LOGINDISABLED"), user, password, o,
        [&](auto&& m) { return login_with(m, f); },
        [&] {
            login_result r;
            static_cast<imaplib::response&>(r) = login(user, password, f);
            r.login_command = !f;
            return r;
        },
        f);
}

#endif  // !IMAPLIB_SEPARATE_COMPILATION || IMAPLIB_SOURCE || IMAPLIB_USE_ZLIB

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SASL_HPP
