// imaplib-cpp: transport/tcp.hpp's definitions: inline in header-only mode, compiled once
// by <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_TRANSPORT_IMPL_TCP_IPP
#define IMAPLIB_TRANSPORT_IMPL_TCP_IPP

#include <imaplib/config.hpp>
#include <imaplib/transport/detail/tcp_state.hpp>
#include <imaplib/transport/tcp.hpp>

#include <asio.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

static_assert(std::is_same_v<tcp_transport::native_handle_type, asio::ip::tcp::socket::native_handle_type>,
              "imaplib: tcp_transport::native_handle_type must be Asio's socket handle type");

IMAPLIB_DECL tcp_transport::tcp_transport() : state_(std::make_unique<detail::tcp_state>()) {}

IMAPLIB_DECL tcp_transport::tcp_transport(tcp_transport&&) noexcept = default;

IMAPLIB_DECL tcp_transport& tcp_transport::operator=(tcp_transport&& other) noexcept {
    if (this != &other) {
        shutdown();
        state_ = std::move(other.state_);
    }
    return *this;
}

IMAPLIB_DECL tcp_transport::~tcp_transport() { shutdown(); }

IMAPLIB_DECL void tcp_transport::open(std::string_view host, std::uint16_t port, std::error_code& ec) {
    if (!state_) state_ = std::make_unique<detail::tcp_state>();
    detail::tcp_state& s = *state_;
    s.close();
    s.why.clear();
    const std::string name = host.empty() ? std::string("localhost") : std::string(host);

    asio::ip::tcp::resolver resolver(s.io);
    bool done = false;
    std::error_code result;
    asio::ip::tcp::resolver::results_type endpoints;
    // No AI_ADDRCONFIG (Asio's default): "localhost" must reach ::1 on a host whose
    // only IPv6 address is the loopback.
    resolver.async_resolve(name, std::to_string(port),
                           asio::ip::resolver_base::numeric_service,
                           [&](const std::error_code& e,
                               asio::ip::tcp::resolver::results_type r) {
                               result = e;
                               endpoints = std::move(r);
                               done = true;
                           });
    if (!s.run(done, [&] { resolver.cancel(); })) {
        ec = make_error_code(errc::timeout);
        s.why = "host name resolution timed out";
        return;
    }
    if (result || endpoints.empty()) {
        ec = make_error_code(errc::resolve_failed);
        s.why = "cannot resolve " + name + (result ? ": " + result.message() : std::string());
        return;
    }

    std::error_code last = make_error_code(errc::resolve_failed);
    for (const auto& entry : endpoints) {
        std::error_code ignored;
        s.socket.close(ignored);
        done = false;
        s.socket.async_connect(entry.endpoint(), [&](const std::error_code& e) {
            result = e;
            done = true;
        });
        if (!s.run(done, [&] { s.close_socket_only(); })) {
            last = make_error_code(errc::timeout);
            s.why = "connect to " + entry.endpoint().address().to_string() + " timed out";
            continue;
        }
        if (!result) {
            s.socket.set_option(asio::ip::tcp::no_delay(true), ignored);
            s.why.clear();
            ec.clear();
            return;
        }
        last = detail::tcp_state::map(result);
        s.why = "connect to " + entry.endpoint().address().to_string() + ": " + result.message();
    }
    s.close_socket_only();
    ec = last;
}

IMAPLIB_DECL std::size_t tcp_transport::read_some(char* buffer, std::size_t size, std::error_code& ec) {
    if (!state_) {
        ec = make_error_code(errc::transport_error);
        return 0;
    }
    detail::tcp_state& s = *state_;
#if defined(IMAPLIB_USE_WOLFSSL)
    if (s.tls) {
        const std::size_t n = s.tls->read(buffer, size, ec, s.why);
        if (ec == errc::timeout) s.close();
        return n;
    }
#endif
    return s.raw_read(buffer, size, ec);
}

IMAPLIB_DECL bool tcp_transport::wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
    ec.clear();
    if (!state_ || !state_->socket.is_open()) {
        ec = make_error_code(errc::transport_error);
        return false;
    }
    detail::tcp_state& s = *state_;
    if (available(ec) > 0 || ec) return !ec;
    bool done = false;
    std::error_code result;
    s.socket.async_wait(asio::ip::tcp::socket::wait_read, [&](const std::error_code& e) {
        result = e;
        done = true;
    });
    const std::optional<std::chrono::milliseconds> saved = s.timeout;
    s.timeout = t;
    const bool came = s.run(done, [&s] {
        std::error_code ignored;
        s.socket.cancel(ignored);
    });
    s.timeout = saved;
    if (!came) return false;
    if (result) {
        ec = detail::tcp_state::map(result);
        s.why = result.message();
        return false;
    }
    return true;
}

IMAPLIB_DECL void tcp_transport::write_all(const char* data, std::size_t size, std::error_code& ec) {
    if (!state_) {
        ec = make_error_code(errc::transport_error);
        return;
    }
    detail::tcp_state& s = *state_;
#if defined(IMAPLIB_USE_WOLFSSL)
    if (s.tls) {
        s.tls->write(data, size, ec, s.why);
        if (ec == errc::timeout) s.close();
        return;
    }
#endif
    s.raw_write(data, size, ec);
}

IMAPLIB_DECL std::size_t tcp_transport::available(std::error_code& ec) {
    ec.clear();
    if (!state_ || !state_->socket.is_open()) return 0;
    detail::tcp_state& s = *state_;
#if defined(IMAPLIB_USE_WOLFSSL)
    if (s.tls) return s.tls->available(ec, s.why);
#endif
    std::error_code e;
    const std::size_t n = s.socket.available(e);
    if (e) {
        ec = detail::tcp_state::map(e);
        s.why = e.message();
        return 0;
    }
    return n;
}

IMAPLIB_DECL void tcp_transport::shutdown() noexcept {
    if (state_) state_->close();
}

IMAPLIB_DECL void tcp_transport::set_timeout(std::optional<std::chrono::milliseconds> t) noexcept {
    if (state_) state_->timeout = t;
}

IMAPLIB_DECL tcp_transport::native_handle_type tcp_transport::native_handle() noexcept {
    return state_ ? state_->socket.native_handle() : ~native_handle_type{};
}

IMAPLIB_DECL bool tcp_transport::is_open() const noexcept { return state_ && state_->socket.is_open(); }

IMAPLIB_DECL const std::string& tcp_transport::error_detail() const noexcept {
    static const std::string none;
    return state_ ? state_->why : none;
}

#if defined(IMAPLIB_USE_WOLFSSL)
IMAPLIB_DECL void tcp_transport::start_tls(const tls_context& ctx, std::string_view host, std::error_code& ec) {
    upgrade(ctx, host, /*starttls=*/true, ec);
}

IMAPLIB_DECL bool tcp_transport::tls_active() const noexcept { return state_ && state_->tls; }

IMAPLIB_DECL WOLFSSL* tcp_transport::ssl() const noexcept { return state_ && state_->tls ? state_->tls->native_handle() : nullptr; }

IMAPLIB_DECL sasl::channel_binding tcp_transport::channel_binding(std::error_code& ec) const { return sasl::channel_binding_for(ssl(), ec); }

IMAPLIB_DECL void tcp_transport::upgrade(const tls_context& ctx, std::string_view host, bool starttls, std::error_code& ec) {
    if (!state_ || !state_->socket.is_open()) {
        ec = make_error_code(errc::transport_error);
        return;
    }
    detail::tcp_state& s = *state_;
    if (s.tls) {
        ec = make_error_code(errc::illegal_state);
        s.why = "TLS is already active on this connection";
        return;
    }
    // The server speaks only after our ClientHello, so a byte already waiting here
    // was sent after its tagged OK in plaintext: an injection (RFC 9051 section
    // 11.1; "STARTTLS response injection"). Never let TLS start on top of it.
    std::error_code ignored;
    if (starttls && s.socket.available(ignored) > 0) {
        ec = make_error_code(errc::starttls_injection);
        s.why = "the server sent data after its STARTTLS response, before the handshake";
        s.close();
        return;
    }
    auto session = std::make_unique<detail::tls_session>();
    session->handshake(ctx, host,
                       detail::tls_lower_io{&s, &detail::tcp_state::read_cb,
                                            &detail::tcp_state::write_cb,
                                            &detail::tcp_state::available_cb},
                       ec, s.why);
    if (ec) {
        session.reset();
        s.close();
        return;
    }
    s.tls = std::move(session);
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_IMPL_TCP_IPP
