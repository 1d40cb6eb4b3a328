// Test support: the async client against a scripted server (support/script_thread.hpp):
// an operation's outcome kept by its handler, the loop run until a condition holds (at
// most 5 s: a script answers at once, so a hang fails its test, never hangs it), and a
// client connected to the script's port.
#ifndef IMAPLIB_TESTS_SUPPORT_ASYNC_SCRIPT_HPP
#define IMAPLIB_TESTS_SUPPORT_ASYNC_SCRIPT_HPP

#include <imaplib/engine/result.hpp>

#include <asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <system_error>
#include <utility>

namespace imaplib_test {

// One operation's outcome.
struct outcome {
    bool done = false;
    std::error_code ec;
    imaplib::response r;
};

// The handler that fills `o`.
inline auto keep(outcome& o) {
    return [&o](std::error_code ec, imaplib::response r) {
        o.done = true;
        o.ec = ec;
        o.r = std::move(r);
    };
}

// Runs the loop until `until` holds or 5 s passed.
template <class Pred>
void run_until(asio::io_context& io, Pred until) {
    using namespace std::chrono_literals;
    const auto end = std::chrono::steady_clock::now() + 5s;
    io.restart();
    while (!until() && std::chrono::steady_clock::now() < end) io.run_one_for(10ms);
}

template <class Client>
void connect(asio::io_context& io, Client& m, std::uint16_t port) {
    bool connected = false;
    std::error_code ec;
    m.async_connect("127.0.0.1", port, [&](std::error_code e) {
        connected = true;
        ec = e;
    });
    run_until(io, [&] { return connected; });
    REQUIRE(connected);
    REQUIRE_FALSE(ec);
}

}  // namespace imaplib_test

#endif  // IMAPLIB_TESTS_SUPPORT_ASYNC_SCRIPT_HPP
