// imaplib-cpp: IMAP over TLS for the async client, on standalone Asio and wolfSSL.
//
//   async_tls_transport       implicit TLS (IMAP4_SSL; RFC 8314 section 3.3, port 993)
//   async_starttls_transport  plain TCP, then async_start_tls after STARTTLS's tagged OK
//                             (RFC 9051 section 6.2.1, port 143)
//
// The same wolfSSL session as the blocking transports (detail::tls_session over a
// tls_context: verified, strong suites, host name checked), over a non-blocking socket:
// wolfSSL reads and writes the socket itself through the session's I/O callbacks, and
// when the socket has nothing (or takes nothing) the operation waits for it with
// socket::async_wait and calls wolfSSL again. No ciphertext buffer of our own: an idle
// connection holds the socket and wolfSSL's session, nothing more.
//
// Error codes as the blocking transports': EOF and close_notify -> errc::connection_closed,
// resolve_failed, tls_handshake_failed, tls_verify_failed (error_detail() says why),
// socket errors as std::system_category codes; a call on a closed transport ->
// errc::transport_error; operations pending when close() is called ->
// asio::error::operation_aborted.
//
// Only with IMAPLIB_USE_WOLFSSL (and therefore Asio). Link with -lwolfssl.
#ifndef IMAPLIB_ASYNC_TLS_HPP
#define IMAPLIB_ASYNC_TLS_HPP

#include <imaplib/config.hpp>

#ifndef IMAPLIB_USE_WOLFSSL
#error "imaplib: async/tls.hpp needs wolfSSL: define IMAPLIB_USE_WOLFSSL and link -lwolfssl"
#endif

#include <imaplib/error.hpp>
#include <imaplib/sasl/channel_binding.hpp>
#include <imaplib/async/tcp.hpp>
#include <imaplib/transport/tcp.hpp>
#include <imaplib/transport/tls_context.hpp>

#include <asio.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

// When TLS starts on an async TLS transport.
enum class tls_start {
    implicit,  // before the greeting (port 993)
    starttls,  // after STARTTLS, by async_start_tls (port 143)
};

namespace detail {

// One connection, shared by the transport and its pending operations: a handler that
// runs after the transport is gone (or moved) still finds it, and wolfSSL keeps a
// pointer to it.
struct async_tls_state {
    explicit async_tls_state(const asio::any_io_executor& ex) : socket(ex) {}

    asio::ip::tcp::socket socket;
    std::unique_ptr<tls_session> tls;  // null before the handshake (STARTTLS mode)
    std::string why;                   // error_detail()

    bool open() const noexcept { return socket.is_open(); }

    void close() noexcept {
        std::error_code ignored;
        if (socket.is_open()) {
            socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
            socket.close(ignored);  // pending waits complete with operation_aborted
        }
        tls.reset();
    }

    // The non-blocking socket under wolfSSL.
    static std::error_code map(const std::error_code& e) {
        if (e == asio::error::would_block || e == asio::error::try_again)
            return std::make_error_code(std::errc::operation_would_block);
        return async_socket_error(e);
    }
    // One non-blocking socket call (wolfSSL's I/O callbacks, and the bytes before TLS).
    template <bool Read, class Char>
    static std::size_t socket_io(void* self, Char* data, std::size_t size, std::error_code& ec) {
        asio::ip::tcp::socket& socket = static_cast<async_tls_state*>(self)->socket;
        std::error_code e;
        std::size_t n = 0;
        if constexpr (Read)
            n = socket.read_some(asio::buffer(data, size), e);
        else
            n = socket.write_some(asio::buffer(data, size), e);
        ec = e ? map(e) : std::error_code();
        return n;
    }
    tls_lower_io lower_io() noexcept {
        tls_lower_io io;
        io.ctx = this;
        io.read_some = &socket_io<true, char>;
        io.write_some = &socket_io<false, const char>;
        return io;
    }

    // A read (Read) or write: the socket's own bytes before TLS (STARTTLS mode), wolfSSL's
    // after. would_block: wait for `wait_write` (true) or for bytes.
    template <bool Read, class Char>
    std::size_t transfer(Char* data, std::size_t size, std::error_code& ec, bool& wait_write) {
        wait_write = !Read;
        if (!socket.is_open()) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        if (tls) {
            std::size_t n = 0;
            if constexpr (Read)
                n = tls->read(data, size, ec, why);
            else
                n = tls->write_some(data, size, ec, why);
            wait_write = tls->wants_write();
            return n;
        }
        if (size == 0) {
            ec.clear();
            return 0;
        }
        return socket_io<Read>(this, data, size, ec);
    }
};

// Operations: each tries the non-blocking call first and waits on the socket only when it
// would block. One that finishes at once completes through a post, never inside the
// initiating function (Asio's rule).
template <bool Read>
struct async_tls_io_op {
    using buffer_type = std::conditional_t<Read, asio::mutable_buffer, asio::const_buffer>;
    using char_type = std::conditional_t<Read, char, const char>;

    async_tls_io_op(std::shared_ptr<async_tls_state> state, buffer_type b) : s(std::move(state)), buffer(b) {}

    std::shared_ptr<async_tls_state> s;
    buffer_type buffer;
    bool started = false, done = false;
    std::error_code result;
    std::size_t bytes = 0;

    template <class Self>
    void operator()(Self& self, std::error_code ec = {}) {
        if (done) return self.complete(result, bytes);
        const bool first = !started;
        started = true;
        if (ec) return self.complete(ec, 0);  // the wait: aborted by close() or cancelled
        bool wait_write = !Read;
        // A write offers the same bytes again after would_block, as wolfSSL_write requires.
        bytes = s->transfer<Read>(static_cast<char_type*>(buffer.data()), buffer.size(), result, wait_write);
        if (result == std::errc::operation_would_block) {
            result.clear();
            s->socket.async_wait(wait_write ? asio::socket_base::wait_write : asio::socket_base::wait_read,
                                 std::move(self));
            return;
        }
        if (!first) return self.complete(result, bytes);
        done = true;
        asio::post(std::move(self));
    }
};
using async_tls_read_op = async_tls_io_op<true>;
using async_tls_write_op = async_tls_io_op<false>;

// The client handshake (chain, host name and policy checked by tls_session). On failure
// the connection is closed: its state is unknown.
struct async_tls_handshake_op {
    async_tls_handshake_op(std::shared_ptr<async_tls_state> state, std::shared_ptr<const tls_context> context,
                           std::string host_name, std::error_code refuse = {})
        : s(std::move(state)), ctx(std::move(context)), host(std::move(host_name)), refused(refuse) {}

    std::shared_ptr<async_tls_state> s;
    std::shared_ptr<const tls_context> ctx;
    std::string host;
    std::error_code refused;  // known before the first step (STARTTLS injection)
    bool started = false, done = false;
    std::error_code result;

    template <class Self>
    void operator()(Self& self, std::error_code ec = {}) {
        if (done) return self.complete(result);
        if (!started) {
            started = true;
            if (refused) {
                result = refused;
            } else if (!s->open()) {
                result = make_error_code(errc::transport_error);
            } else if (s->tls) {
                result = make_error_code(errc::illegal_state);
                s->why = "TLS is already active on this connection";
            } else {
                s->tls = std::make_unique<tls_session>();
                if (!s->tls->begin_handshake(*ctx, host, s->lower_io(), result, s->why)) s->close();
            }
            if (result) {
                done = true;
                return asio::post(std::move(self));
            }
        } else if (ec || !s->tls) {
            // Cancelled or closed while waiting; a handshake cannot resume after either.
            s->close();
            return self.complete(ec ? ec : make_error_code(asio::error::operation_aborted));
        }
        s->tls->continue_handshake(*ctx, host, result, s->why);
        if (result == std::errc::operation_would_block) {
            result.clear();
            s->socket.async_wait(s->tls->wants_write() ? asio::socket_base::wait_write
                                                       : asio::socket_base::wait_read,
                                 std::move(self));
            return;
        }
        if (result) s->close();
        self.complete(result);  // never the first step: the ClientHello always waits for an answer
    }
};

// Resolve, connect (each address in turn), then for implicit TLS the handshake.
struct async_tls_connect_op {
    async_tls_connect_op(std::shared_ptr<async_tls_state> state, std::shared_ptr<const tls_context> context,
                         std::string host_name, std::uint16_t port_number)
        : s(std::move(state)), ctx(std::move(context)), host(std::move(host_name)), port(port_number) {}

    std::shared_ptr<async_tls_state> s;
    std::shared_ptr<const tls_context> ctx;  // null: no handshake (STARTTLS mode)
    std::string host;
    std::uint16_t port = 0;
    std::unique_ptr<asio::ip::tcp::resolver> resolver;  // only while resolving

    template <class Self>
    void operator()(Self& self) {
        s->close();
        s->why.clear();
        if (host.empty()) host = "localhost";
        resolver = std::make_unique<asio::ip::tcp::resolver>(s->socket.get_executor());
        asio::ip::tcp::resolver& r = *resolver;
        // No AI_ADDRCONFIG, as the blocking transport: "localhost" must reach ::1.
        r.async_resolve(host, std::to_string(port), asio::ip::resolver_base::numeric_service, std::move(self));
    }

    template <class Self>
    void operator()(Self& self, std::error_code ec, asio::ip::tcp::resolver::results_type endpoints) {
        resolver.reset();
        if (ec == asio::error::operation_aborted) return self.complete(ec);
        if (ec || endpoints.empty()) {
            s->why = "cannot resolve " + host + (ec ? ": " + ec.message() : std::string());
            return self.complete(make_error_code(errc::resolve_failed));
        }
        asio::async_connect(s->socket, endpoints, std::move(self));
    }

    template <class Self>
    void operator()(Self& self, std::error_code ec, const asio::ip::tcp::endpoint& endpoint) {
        if (ec) {
            s->why = "connect to " + host + ": " + ec.message();
            s->close();
            return self.complete(ec == asio::error::operation_aborted ? ec : async_socket_error(ec));
        }
        std::error_code ignored;
        s->socket.set_option(asio::ip::tcp::no_delay(true), ignored);
        s->socket.non_blocking(true, ec);
        if (ec) {
            s->why = "connect to " + endpoint.address().to_string() + ": " + ec.message();
            s->close();
            return self.complete(async_socket_error(ec));
        }
        if (!ctx) return self.complete(std::error_code());
        auto handshake = async_tls_handshake_op{s, std::move(ctx), host};
        asio::async_compose<Self, void(std::error_code)>(std::move(handshake), self, s->socket);  // moves self
    }

    // The handshake's end.
    template <class Self>
    void operator()(Self& self, std::error_code ec) {
        self.complete(ec);
    }
};

}  // namespace detail

// An async transport (the async client's concept, docs/async.md) over TLS on wolfSSL.
// Verification as the blocking tls_transport: a default context checks the chain against
// the system store and the host name against the certificate, TLS 1.2+, the library's
// suites (docs/security.md). Move-only; pending operations keep the connection alive,
// so destroying or moving the transport with operations pending is safe (they complete
// with operation_aborted).
template <tls_start Start>
class basic_async_tls_transport {
public:
    using executor_type = asio::any_io_executor;
    static constexpr std::uint16_t default_port = Start == tls_start::implicit ? 993 : 143;

    // A default context: system CAs, chain and host name verification, TLS 1.2+.
    explicit basic_async_tls_transport(const executor_type& ex, std::shared_ptr<const tls_context> ctx = nullptr)
        : state_(std::make_shared<detail::async_tls_state>(ex)), ctx_(std::move(ctx)) {
        if (!ctx_) ctx_ = std::make_shared<tls_context>();
    }
    template <class ExecutionContext,
              class = std::enable_if_t<std::is_convertible_v<ExecutionContext&, asio::execution_context&>>>
    explicit basic_async_tls_transport(ExecutionContext& context, std::shared_ptr<const tls_context> ctx = nullptr)
        : basic_async_tls_transport(executor_type(context.get_executor()), std::move(ctx)) {}

    basic_async_tls_transport(basic_async_tls_transport&&) noexcept = default;
    basic_async_tls_transport& operator=(basic_async_tls_transport&& other) noexcept {
        if (this != &other) {
            close();
            state_ = std::move(other.state_);
            ctx_ = std::move(other.ctx_);
        }
        return *this;
    }
    basic_async_tls_transport(const basic_async_tls_transport&) = delete;
    basic_async_tls_transport& operator=(const basic_async_tls_transport&) = delete;
    ~basic_async_tls_transport() { close(); }

    executor_type get_executor() { return state_->socket.get_executor(); }

    // void(std::error_code): resolve, connect, and (implicit TLS) the verified handshake
    // with the construction's context. A connection already open is closed first.
    template <class Token>
    auto async_connect(std::string host, std::uint16_t port, Token&& token) {
        std::shared_ptr<const tls_context> ctx;
        if constexpr (Start == tls_start::implicit) ctx = ctx_;
        return asio::async_compose<Token, void(std::error_code)>(
            detail::async_tls_connect_op{state_, std::move(ctx), std::move(host), port}, token,
            state_->socket);
    }

    // void(std::error_code, std::size_t).
    template <class Token>
    auto async_read_some(asio::mutable_buffer buffer, Token&& token) {
        return asio::async_compose<Token, void(std::error_code, std::size_t)>(
            detail::async_tls_read_op{state_, buffer}, token, state_->socket);
    }

    // void(std::error_code, std::size_t); under TLS at most one record (16 KiB) a call.
    template <class Token>
    auto async_write_some(asio::const_buffer buffer, Token&& token) {
        if (state_->tls) buffer = asio::buffer(buffer, max_record);
        return asio::async_compose<Token, void(std::error_code, std::size_t)>(
            detail::async_tls_write_op{state_, buffer}, token, state_->socket);
    }

    // void(std::error_code): STARTTLS (RFC 9051 section 6.2.1), called after the tagged OK.
    // The server speaks only after our ClientHello, so a byte already waiting was sent
    // after its OK in plaintext: an injection (RFC 9051 section 11.1). Then
    // errc::starttls_injection and the connection is closed. `ctx` must outlive the
    // operation; a failed handshake also closes the connection.
    template <class Token>
    auto async_start_tls(const tls_context& ctx, std::string host, Token&& token) {
        std::shared_ptr<const tls_context> borrowed(std::shared_ptr<const tls_context>(), &ctx);
        detail::async_tls_state& s = *state_;
        std::error_code ignored;
        if (s.open() && !s.tls && s.socket.available(ignored) > 0) {
            s.why = "the server sent data after its STARTTLS response, before the handshake";
            s.close();
            return asio::async_compose<Token, void(std::error_code)>(
                detail::async_tls_handshake_op{state_, std::move(borrowed), std::move(host),
                                               make_error_code(errc::starttls_injection)},
                token, state_->socket);
        }
        return asio::async_compose<Token, void(std::error_code)>(
            detail::async_tls_handshake_op{state_, std::move(borrowed), std::move(host)}, token, state_->socket);
    }

    // Closes the connection without close_notify (as the blocking transports: IMAP ends
    // with LOGOUT/BYE). Pending operations complete with asio::error::operation_aborted.
    void close() noexcept {
        if (state_) state_->close();
    }

    bool is_open() const noexcept { return state_ && state_->open(); }
    bool tls_active() const noexcept { return state_ && state_->tls; }
    WOLFSSL* ssl() const noexcept { return state_ && state_->tls ? state_->tls->native_handle() : nullptr; }
    // SCRAM-*-PLUS's binding (sasl/channel_binding.hpp); not_supported before TLS.
    sasl::channel_binding channel_binding(std::error_code& ec) const {
        if (!ssl()) {
            ec = make_error_code(errc::not_supported);
            return {};
        }
        return sasl::channel_binding_for(ssl(), ec);
    }
    // Why the last failure happened (resolution, connect, TLS verification), or "".
    const std::string& error_detail() const noexcept {
        static const std::string none;
        return state_ ? state_->why : none;
    }
    const tls_context& context() const noexcept { return *ctx_; }

private:
    static constexpr std::size_t max_record = 16384;  // RFC 8446 section 5.1

    std::shared_ptr<detail::async_tls_state> state_;
    std::shared_ptr<const tls_context> ctx_;
};

using async_tls_transport = basic_async_tls_transport<tls_start::implicit>;
using async_starttls_transport = basic_async_tls_transport<tls_start::starttls>;

// The async client over these transports (async/client.hpp): imaplib's IMAP4_SSL, and
// IMAP4 whose starttls() upgrades in place.
template <class AsyncStream>
class basic_async_imap4;
using async_imap4_ssl = basic_async_imap4<async_tls_transport>;
using async_imap4_starttls = basic_async_imap4<async_starttls_transport>;

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ASYNC_TLS_HPP
