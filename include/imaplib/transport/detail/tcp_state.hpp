// imaplib-cpp: the TCP transport's connection state (transport/tcp.hpp holds a pointer to
// it). Its own header, not impl/tcp.ipp, because the async TLS transport maps Asio's errors
// with it (async/tls.hpp), in separate mode too; its members are inline, so both modes may
// include it anywhere. An include before the guard: tools/amalgamate.py then copies the
// guarded block to each place that needs it (impl/tcp.ipp, async.hpp), not only the first.
#include <imaplib/config.hpp>
#ifndef IMAPLIB_TRANSPORT_DETAIL_TCP_STATE_HPP
#define IMAPLIB_TRANSPORT_DETAIL_TCP_STATE_HPP

#include <imaplib/error.hpp>
#include <imaplib/transport/tcp.hpp>

#include <asio.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// Everything of one connection, on the heap: io_context cannot move, and a TLS session
// keeps a pointer to it.
struct tcp_state {
    asio::io_context io{1};
    asio::ip::tcp::socket socket{io};
    std::optional<std::chrono::milliseconds> timeout;
    std::string why;  // error_detail()
#if defined(IMAPLIB_USE_WOLFSSL)
    std::unique_ptr<tls_session> tls;
#endif

    // Runs the queued operation until it sets `done` or the timeout expires. On expiry
    // calls `cancel` and runs the aborted handler to completion (it refers to the
    // caller's stack), then returns false.
    template <class Cancel>
    bool run(const bool& done, Cancel cancel) {
        io.restart();
        if (timeout)
            io.run_for(*timeout);
        else
            io.run();
        if (done) return true;
        cancel();
        io.restart();
        io.run();
        return false;
    }

    void close() noexcept {
#if defined(IMAPLIB_USE_WOLFSSL)
        tls.reset();
#endif
        std::error_code ignored;
        if (socket.is_open()) {
            socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
            socket.close(ignored);
        }
    }

    // The plain byte stream, also the stream under TLS.
    std::size_t raw_read(char* buffer, std::size_t size, std::error_code& ec) {
        if (!socket.is_open()) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        if (size == 0) {
            ec.clear();
            return 0;
        }
        bool done = false;
        std::error_code result;
        std::size_t got = 0;
        socket.async_read_some(asio::buffer(buffer, size),
                               [&](const std::error_code& e, std::size_t n) {
                                   result = e;
                                   got = n;
                                   done = true;
                               });
        if (!run(done, [this] { close_socket_only(); })) {
            ec = make_error_code(errc::timeout);
            why = "read timed out";
            return 0;
        }
        if (result) {
            ec = map(result);
            why = result.message();
            return 0;
        }
        ec.clear();
        return got;
    }

    void raw_write(const char* data, std::size_t size, std::error_code& ec) {
        if (!socket.is_open()) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        bool done = false;
        std::error_code result;
        asio::async_write(socket, asio::buffer(data, size),
                          [&](const std::error_code& e, std::size_t) {
                              result = e;
                              done = true;
                          });
        if (!run(done, [this] { close_socket_only(); })) {
            ec = make_error_code(errc::timeout);
            why = "write timed out";
            return;
        }
        if (result) {
            ec = map(result);
            why = result.message();
            return;
        }
        ec.clear();
    }

    // The socket only: a TLS session calling down into raw_read must not be destroyed
    // under its own feet; the owner resets it after the call returns.
    void close_socket_only() noexcept {
        std::error_code ignored;
        socket.close(ignored);
    }

    static std::error_code map(const std::error_code& e) {
        if (e == asio::error::eof) return make_error_code(errc::connection_closed);
        // Asio's "asio.system" category carries errno values; hand them out as
        // std::system_category so they compare equal to std::errc constants.
        if (e.category() == asio::error::get_system_category())
            return {e.value(), std::system_category()};
        return e;
    }

    static std::size_t read_cb(void* self, char* buffer, std::size_t size, std::error_code& ec) {
        return static_cast<tcp_state*>(self)->raw_read(buffer, size, ec);
    }
    static void write_cb(void* self, const char* data, std::size_t size, std::error_code& ec) {
        static_cast<tcp_state*>(self)->raw_write(data, size, ec);
    }
    static std::size_t available_cb(void* self) noexcept {
        std::error_code ignored;
        auto& socket = static_cast<tcp_state*>(self)->socket;
        return socket.is_open() ? socket.available(ignored) : 0;
    }
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_DETAIL_TCP_STATE_HPP
