// imaplib-cpp: IMAP over implicit TLS (imaplib's IMAP4_SSL; RFC 8314): a TCP connection
// (transport/tcp.hpp), then the wolfSSL handshake (transport/tls_context.hpp) before the
// server's greeting.
//
// Only with IMAPLIB_USE_WOLFSSL (and therefore Asio). Link with -lwolfssl.
#ifndef IMAPLIB_TRANSPORT_TLS_HPP
#define IMAPLIB_TRANSPORT_TLS_HPP

#include <imaplib/config.hpp>
#include <imaplib/transport/tcp.hpp>
#include <imaplib/transport/tls_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

// IMAP over implicit TLS (IMAP4_SSL; RFC 8314 section 3.3): TCP, then the handshake,
// before the server's greeting.
class tls_transport {
public:
    static constexpr std::uint16_t default_port = 993;

    // A default context: system CAs, chain and host name verification, TLS 1.2+.
    tls_transport();
    explicit tls_transport(std::shared_ptr<const tls_context> ctx);

    // imaplib's IMAP4_SSL(keyfile=, certfile=, ssl_context=): a client certificate given
    // as files goes into a default context; files and a context together are refused, as
    // imaplib refuses them (ValueError "ssl_context and keyfile arguments are mutually
    // exclusive"): errc::invalid_argument, the reason in `why`.
    static tls_transport with_certificate(const std::optional<std::string>& keyfile,
                                          const std::optional<std::string>& certfile,
                                          std::shared_ptr<const tls_context> ssl_context, std::error_code& ec,
                                          std::string& why);

    void open(std::string_view host, std::uint16_t port, std::error_code& ec);

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        return tcp_.read_some(buffer, size, ec);
    }
    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        tcp_.write_all(data, size, ec);
    }
    std::size_t available(std::error_code& ec) { return tcp_.available(ec); }
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) { return tcp_.wait_readable(t, ec); }
    void shutdown() noexcept { tcp_.shutdown(); }
    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { tcp_.set_timeout(t); }

    tcp_transport::native_handle_type native_handle() noexcept { return tcp_.native_handle(); }
    WOLFSSL* ssl() const noexcept { return tcp_.ssl(); }
    sasl::channel_binding channel_binding(std::error_code& ec) const { return tcp_.channel_binding(ec); }
    const std::string& error_detail() const noexcept { return tcp_.error_detail(); }
    const tls_context& context() const noexcept { return *ctx_; }

private:
    std::shared_ptr<const tls_context> ctx_;
    tcp_transport tcp_;
};

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/transport/impl/tls.ipp>
#endif

#endif  // IMAPLIB_TRANSPORT_TLS_HPP
