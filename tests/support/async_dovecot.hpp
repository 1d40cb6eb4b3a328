// Test support: the async client against the suite's Dovecot, beside the blocking one.
//
// A `step` is one imaplib call in both forms (IMAPLIB_STEP writes one); run_blocking and
// run_async turn a list of steps into one line per step (result and state after it), and
// check_same_lines compares the two lists. run_until drives an io_context until a
// condition holds, at most 30 s: a hung operation fails its test, never hangs it.
#ifndef IMAPLIB_TESTS_SUPPORT_ASYNC_DOVECOT_HPP
#define IMAPLIB_TESTS_SUPPORT_ASYNC_DOVECOT_HPP

#include <imaplib/async/imap4.hpp>
#include <imaplib/imaplib.hpp>
// After the umbrella, which undefines its internal macros at its end: this brings
// IMAPLIB_BEGIN_NAMESPACE back.
#include <imaplib/config.hpp>

#include <asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <regex>
#include <string>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE
namespace test {

using handler = std::function<void(std::error_code, imaplib::response)>;

// Dovecot ends each tagged reply with how long the command took.
inline std::string without_timing(const std::string& s) {
    static const std::regex timing(R"(\(\d+\.\d+ \+ \d+\.\d+(?: \+ \d+\.\d+)? secs\)\.)");
    return std::regex_replace(s, timing, "(t secs).");
}

inline std::string line_of(std::error_code ec, const std::string& message, const imaplib::response& r) {
    if (ec) return without_timing("EXC " + std::to_string(static_cast<int>(imaplib::kind_of(ec))) + ": " + message);
    return without_timing(python_repr(r));
}

// One imaplib call in both forms, on a blocking and an async client over one transport.
template <class Blocking = imaplib::imap4, class Async = imaplib::async_imap4>
struct step {
    std::string label;
    std::function<imaplib::response(Blocking&, std::error_code&)> blocking;
    std::function<void(Async&, handler)> async;
};

#define IMAPLIB_STEP(method, ...)                                                                          \
    {                                                                                                      \
        #method "(" #__VA_ARGS__ ")",                                                                      \
            [=](auto& M, std::error_code& ec) { return M.method(__VA_ARGS__, ec); },                       \
            [=](auto& A, ::imaplib::test::handler h) { A.async_##method(__VA_ARGS__, std::move(h)); }      \
    }
#define IMAPLIB_STEP0(method)                                                                              \
    {                                                                                                      \
        #method "()", [](auto& M, std::error_code& ec) { return M.method(ec); },                           \
            [](auto& A, ::imaplib::test::handler h) { A.async_##method(std::move(h)); }                    \
    }

// Runs the loop until `done` holds (at most 30 s).
template <class Pred>
void run_until(asio::io_context& io, Pred done) {
    using namespace std::chrono_literals;
    const auto end = std::chrono::steady_clock::now() + 30s;
    io.restart();
    while (!done() && std::chrono::steady_clock::now() < end) io.run_one_for(10ms);
}

template <class Async>
std::error_code try_connect(asio::io_context& io, Async& a, const std::string& host, std::uint16_t port) {
    bool done = false;
    std::error_code ec;
    a.async_connect(host, port, [&](std::error_code e) {
        done = true;
        ec = e;
    });
    run_until(io, [&] { return done; });
    REQUIRE(done);
    return ec;
}

template <class Async>
void connect(asio::io_context& io, Async& a, const std::string& host, std::uint16_t port) {
    REQUIRE_FALSE(try_connect(io, a, host, port));
}

// Each step's result, one line per step (the welcome and state after each), on a
// connected client.
template <class Blocking, class Async>
std::vector<std::string> run_blocking(Blocking& M, const std::vector<step<Blocking, Async>>& steps) {
    std::vector<std::string> out;
    std::error_code ec;
    out.push_back(std::string(M.welcome()));
    for (const step<Blocking, Async>& st : steps) {
        imaplib::response r = st.blocking(M, ec);
        out.push_back(st.label + " => " + line_of(ec, M.error_message(), r) + " | " + std::string(M.state()));
    }
    return out;
}

// Starts an async call (start(h) passes it the completion handler h) on a connected
// client and runs the loop: its result line, or "<hung>" when it never completed.
template <class Async, class Start>
std::string async_line(asio::io_context& io, Async& A, Start start) {
    bool done = false;
    std::string line;
    start(handler([&](std::error_code ec, imaplib::response r) {
        done = true;
        line = line_of(ec, A.error_message(), r);
    }));
    run_until(io, [&] { return done; });
    return done ? line : "<hung>";
}

// One step on a connected async client.
template <class Blocking, class Async>
std::string run_async_step(asio::io_context& io, Async& A, const step<Blocking, Async>& st) {
    return async_line(io, A, [&](handler h) { st.async(A, std::move(h)); });
}

template <class Blocking, class Async>
std::vector<std::string> run_async(asio::io_context& io, Async& A, const std::vector<step<Blocking, Async>>& steps) {
    std::vector<std::string> out;
    out.push_back(A.welcome());
    for (const step<Blocking, Async>& st : steps) {
        const std::string line = run_async_step(io, A, st);  // before A.state() is read
        out.push_back(st.label + " => " + line + " | " + std::string(A.state()));
    }
    return out;
}

// From line `first` on (over implicit TLS the greeting lacks STARTTLS).
inline void check_same_lines(const std::vector<std::string>& async, const std::vector<std::string>& blocking,
                             std::size_t first = 0) {
    REQUIRE(async.size() == blocking.size());
    for (std::size_t i = first; i < blocking.size(); ++i) {
        INFO("line " << i);
        CHECK(async[i] == blocking[i]);
    }
}

}  // namespace test
IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TESTS_SUPPORT_ASYNC_DOVECOT_HPP
