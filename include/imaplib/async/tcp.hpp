// imaplib-cpp: async_tcp_transport, the async transport over a plain TCP socket
// (standalone Asio). Errors as the blocking tcp_transport reports them: EOF ->
// errc::connection_closed, host name resolution -> errc::resolve_failed, other socket
// errors passed through (std::system_category, so they compare to std::errc).
#ifndef IMAPLIB_ASYNC_TCP_HPP
#define IMAPLIB_ASYNC_TCP_HPP

#include <imaplib/config.hpp>
#include <imaplib/async/concept.hpp>
#include <imaplib/error.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/compose.hpp>
#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline std::error_code async_socket_error(const std::error_code& e) {
    if (e == asio::error::eof) return make_error_code(errc::connection_closed);
    if (e.category() == asio::error::get_system_category()) return {e.value(), std::system_category()};
    return e;
}

}  // namespace detail

class async_tcp_transport {
public:
    using executor_type = asio::any_io_executor;
    using socket_type = asio::ip::tcp::socket;
    static constexpr std::uint16_t default_port = 143;

    explicit async_tcp_transport(executor_type ex) : socket_(std::move(ex)) {}
    template <class ExecutionContext,
              class = std::enable_if_t<std::is_convertible_v<ExecutionContext&, asio::execution_context&>>>
    explicit async_tcp_transport(ExecutionContext& context) : socket_(context.get_executor()) {}

    executor_type get_executor() { return socket_.get_executor(); }
    socket_type& socket() noexcept { return socket_; }

    // Resolves `host` ("" is localhost) and tries each address in turn.
    template <class Token>
    auto async_connect(std::string host, std::uint16_t port, Token&& token) {
        return asio::async_compose<Token, void(std::error_code)>(
            connect_op{this, std::move(host), port, nullptr, 0}, token, socket_);
    }
    template <class Token>
    auto async_read_some(asio::mutable_buffer buffer, Token&& token) {
        return asio::async_compose<Token, void(std::error_code, std::size_t)>(io_op<true, asio::mutable_buffer>{this, buffer, false},
                                                                              token, socket_);
    }
    template <class Token>
    auto async_write_some(asio::const_buffer buffer, Token&& token) {
        return asio::async_compose<Token, void(std::error_code, std::size_t)>(io_op<false, asio::const_buffer>{this, buffer, false},
                                                                              token, socket_);
    }
    // Pending operations complete with asio::error::operation_aborted.
    void close() noexcept {
        std::error_code ignored;
        if (resolver_) resolver_->cancel();
        socket_.close(ignored);
    }

private:
    struct connect_op {
        async_tcp_transport* t;
        std::string host;
        std::uint16_t port;
        std::shared_ptr<asio::ip::tcp::resolver> resolver;
        int step;

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}, asio::ip::tcp::resolver::results_type results = {}) {
            if (step == 0) {
                step = 1;
                resolver = std::make_shared<asio::ip::tcp::resolver>(t->socket_.get_executor());
                t->resolver_ = resolver.get();
                resolver->async_resolve(host.empty() ? std::string("localhost") : host, std::to_string(port),
                                        asio::ip::resolver_base::numeric_service, std::move(self));
                return;
            }
            t->resolver_ = nullptr;
            if (ec) return self.complete(make_error_code(errc::resolve_failed));
            asio::async_connect(t->socket_, results,
                                [self = std::move(self)](std::error_code e, const asio::ip::tcp::endpoint&) mutable {
                                    self.complete(e ? detail::async_socket_error(e) : e);
                                });
        }
    };
    template <bool Read, class Buffer>
    struct io_op {
        async_tcp_transport* t;
        Buffer buffer;
        bool started;
        template <class Self>
        void operator()(Self& self, std::error_code ec = {}, std::size_t n = 0) {
            if (!started) {
                started = true;
                if constexpr (Read)
                    t->socket_.async_read_some(buffer, std::move(self));
                else
                    t->socket_.async_write_some(buffer, std::move(self));
                return;
            }
            self.complete(ec ? detail::async_socket_error(ec) : ec, n);
        }
    };

    socket_type socket_;
    asio::ip::tcp::resolver* resolver_ = nullptr;  // while resolving, for close()
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ASYNC_TCP_HPP
