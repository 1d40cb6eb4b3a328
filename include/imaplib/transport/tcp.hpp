// imaplib-cpp: TCP transport on standalone Asio (imaplib's IMAP4), with an optional
// in-place STARTTLS upgrade when IMAPLIB_USE_WOLFSSL is defined.
//
// Blocking calls built from Asio's asynchronous operations: each one runs the
// transport's private io_context for at most the timeout (io_context::run_for); on
// expiry the operation is cancelled, the socket closed, and errc::timeout reported.
//
// Error codes: EOF -> errc::connection_closed; timeout -> errc::timeout; host name
// resolution -> errc::resolve_failed; any other socket error is passed through as
// the OS's std::error_code (system_category; compares equal to std::errc values, e.g.
// std::errc::connection_refused), which kind_of() classifies as abort. Any call on a
// closed transport -> errc::transport_error.
#ifndef IMAPLIB_TRANSPORT_TCP_HPP
#define IMAPLIB_TRANSPORT_TCP_HPP

#include <imaplib/config.hpp>

#ifndef IMAPLIB_USE_ASIO
#error "imaplib: transport/tcp.hpp needs standalone Asio (<asio.hpp>); IMAPLIB_USE_ASIO is not defined"
#endif

// STARTTLS upgrades in place with the shared wolfSSL session.
#if defined(IMAPLIB_USE_WOLFSSL)
#include <imaplib/sasl/channel_binding.hpp>
#include <imaplib/transport/tls_context.hpp>
#endif

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/transport/concept.hpp>

// No Asio here: this header declares, and impl/tcp.ipp (compiled once by <imaplib/src.hpp>
// in separate mode) is where Asio is used, so a separate-mode TU parses none of it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {
// Everything of one connection (impl/tcp.ipp), on the heap.
struct tcp_state;
}  // namespace detail

class tcp_transport {
public:
    static constexpr std::uint16_t default_port = 143;
    // asio::ip::tcp::socket::native_handle_type (impl/tcp.ipp checks): Windows' SOCKET or
    // a POSIX file descriptor.
#if defined(_WIN32)
    using native_handle_type = std::uintptr_t;
#else
    using native_handle_type = int;
#endif

    tcp_transport();
    tcp_transport(tcp_transport&&) noexcept;
    tcp_transport& operator=(tcp_transport&& other) noexcept;
    tcp_transport(const tcp_transport&) = delete;
    tcp_transport& operator=(const tcp_transport&) = delete;
    ~tcp_transport();

    // Resolves host (IPv4 and IPv6; "" means localhost) and tries each address in
    // turn, as Python's socket.create_connection does; the timeout applies to the
    // resolution and to each connection attempt.
    void open(std::string_view host, std::uint16_t port, std::error_code& ec);

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec);

    // Waits up to `t` for bytes to read (or the end) without closing anything when none
    // come: false, with ec clear. Under TLS, bytes wolfSSL holds count at once.
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec);

    void write_all(const char* data, std::size_t size, std::error_code& ec);

    // Bytes read_some returns without waiting: the socket's (FIONREAD), or under TLS the
    // application bytes wolfSSL holds or can decrypt from whole records already received.
    std::size_t available(std::error_code& ec);

    // Closes the connection. A TLS close_notify is not sent: it could block, and IMAP
    // ends with LOGOUT/BYE anyway (imaplib closes the socket the same way).
    void shutdown() noexcept;

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept;

    // imaplib's socket(): the OS socket (-1 when closed; all bits set is also Windows'
    // INVALID_SOCKET, an unsigned type).
    native_handle_type native_handle() noexcept;

    bool is_open() const noexcept;

    // Why the last failure happened (resolution, connect, TLS verification), or "".
    const std::string& error_detail() const noexcept;

#if defined(IMAPLIB_USE_WOLFSSL)
    // STARTTLS (RFC 9051 section 6.2.1): a TLS client handshake on this connection,
    // started after the server's tagged OK. This transport keeps no bytes of its own,
    // so nothing read before the upgrade can leak into the TLS stream. On failure the
    // connection is closed (its state is unknown).
    void start_tls(const tls_context& ctx, std::string_view host, std::error_code& ec);

    bool tls_active() const noexcept;
    WOLFSSL* ssl() const noexcept;
    // SCRAM-*-PLUS's binding for this connection (sasl/channel_binding.hpp); not_supported
    // before STARTTLS.
    sasl::channel_binding channel_binding(std::error_code& ec) const;
#endif

private:
#if defined(IMAPLIB_USE_WOLFSSL)
    friend class tls_transport;

    // starttls: the server has said OK in plaintext; anything after that is suspect.
    // Implicit TLS (tls_transport) has no such boundary: a plaintext greeting there
    // simply fails the handshake.
    void upgrade(const tls_context& ctx, std::string_view host, bool starttls, std::error_code& ec);
#endif

    std::unique_ptr<detail::tcp_state> state_;
};

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/transport/impl/tcp.ipp>
#endif

#endif  // IMAPLIB_TRANSPORT_TCP_HPP
