// async_tls_transport and async_starttls_transport against the suite's Dovecot: implicit
// TLS and STARTTLS carry IMAP (the protocol lines written here by hand: the transport is
// tested on its own), verification refuses an unknown CA, many handshakes share one
// thread, close() ends a pending read, and a big literal arrives whole.
#include <imaplib/async/tls.hpp>

#include "support/dovecot.hpp"
#include "support/test_ca.hpp"

#include <catch2/catch.hpp>

#include <asio.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using imaplib::test::dovecot_server;

constexpr auto patience = 30s;  // generous: a hang fails, a slow machine does not

// Runs the io_context until `done` or the patience runs out.
void run_until(asio::io_context& io, const bool& done) {
    io.restart();
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (!done && std::chrono::steady_clock::now() < deadline) {
        if (io.run_one_for(100ms) == 0 && io.stopped()) io.restart();
    }
    REQUIRE(done);
}

template <class Transport>
std::error_code connect(asio::io_context& io, Transport& t, const std::string& host, std::uint16_t port) {
    bool done = false;
    std::error_code result;
    t.async_connect(host, port, [&](std::error_code ec) {
        result = ec;
        done = true;
    });
    run_until(io, done);
    return result;
}

template <class Transport>
std::error_code start_tls(asio::io_context& io, Transport& t, const imaplib::tls_context& ctx,
                          const std::string& host) {
    bool done = false;
    std::error_code result;
    t.async_start_tls(ctx, host, [&](std::error_code ec) {
        result = ec;
        done = true;
    });
    run_until(io, done);
    return result;
}

// Writes all of `bytes` with asio::async_write: the transport is an AsyncWriteStream.
template <class Transport>
void write(asio::io_context& io, Transport& t, std::string_view bytes) {
    bool done = false;
    std::error_code result;
    std::size_t written = 0;
    asio::async_write(t, asio::buffer(bytes), [&](std::error_code ec, std::size_t n) {
        result = ec;
        written = n;
        done = true;
    });
    run_until(io, done);
    REQUIRE_FALSE(result);
    REQUIRE(written == bytes.size());
}

// Reads until the text holds `end` (the tagged line's start, or a CRLF).
template <class Transport>
std::string read_until(asio::io_context& io, Transport& t, std::string_view end, std::error_code& ec) {
    std::string got;
    std::vector<char> buffer(16384);
    ec.clear();
    while (got.find(end) == std::string::npos) {
        bool done = false;
        std::size_t n = 0;
        t.async_read_some(asio::buffer(buffer), [&](std::error_code e, std::size_t k) {
            ec = e;
            n = k;
            done = true;
        });
        run_until(io, done);
        if (ec) break;
        got.append(buffer.data(), n);
    }
    return got;
}

template <class Transport>
std::string read_until(asio::io_context& io, Transport& t, std::string_view end) {
    std::error_code ec;
    std::string got = read_until(io, t, end, ec);
    INFO(got);
    REQUIRE_FALSE(ec);
    return got;
}

// The text of the line that ends with the tagged response `tag`.
std::string tagged_line(const std::string& text, std::string_view tag) {
    const std::size_t at = text.find("\r\n" + std::string(tag) + " ");
    if (at == std::string::npos) return text.substr(0, text.find("\r\n"));
    return text.substr(at + 2, text.find("\r\n", at + 2) - at - 2);
}

}  // namespace

TEST_CASE("async TLS: implicit TLS carries a CAPABILITY exchange", "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    asio::io_context io;
    imaplib::async_tls_transport t(io, imaplib::test::test_ca_context(s));
    STATIC_REQUIRE(imaplib::async_tls_transport::default_port == 993);
    REQUIRE_FALSE(connect(io, t, s.host, s.ssl_port));
    CHECK(t.tls_active());
    const std::string greeting = read_until(io, t, "\r\n");
    CHECK(greeting.substr(0, 5) == "* OK ");
    write(io, t, "a1 CAPABILITY\r\n");
    const std::string answer = read_until(io, t, "a1 OK");
    CHECK(answer.find("* CAPABILITY IMAP4rev1") != std::string::npos);
    CHECK(answer.find("STARTTLS") == std::string::npos);  // not offered once TLS is on
    std::error_code ec;
    const imaplib::sasl::channel_binding binding = t.channel_binding(ec);
    CHECK_FALSE(ec);
    CHECK_FALSE(binding.data.empty());
    write(io, t, "a2 LOGIN " + s.user + " " + s.password + "\r\n");
    CHECK(tagged_line(read_until(io, t, "a2 "), "a2").substr(0, 5) == "a2 OK");
    write(io, t, "a3 LOGOUT\r\n");
    read_until(io, t, "a3 OK");
    // After LOGOUT the server closes: EOF (or its close_notify) is connection_closed.
    read_until(io, t, "never", ec);
    CHECK(ec == errc::connection_closed);
}

TEST_CASE("async TLS: STARTTLS on the plain port upgrades in place", "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const auto ca = imaplib::test::test_ca_context(s);
    asio::io_context io;
    imaplib::async_starttls_transport t(io.get_executor());
    STATIC_REQUIRE(imaplib::async_starttls_transport::default_port == 143);
    REQUIRE_FALSE(connect(io, t, s.host, s.port));
    CHECK_FALSE(t.tls_active());
    std::error_code ec;
    t.channel_binding(ec);
    CHECK(ec == errc::not_supported);
    read_until(io, t, "\r\n");
    write(io, t, "a1 STARTTLS\r\n");
    CHECK(tagged_line(read_until(io, t, "a1 "), "a1").substr(0, 5) == "a1 OK");
    REQUIRE_FALSE(start_tls(io, t, *ca, s.host));
    CHECK(t.tls_active());
    write(io, t, "a2 CAPABILITY\r\n");
    const std::string answer = read_until(io, t, "a2 OK");
    CHECK(answer.find("STARTTLS") == std::string::npos);
    write(io, t, "a3 LOGIN " + s.user + " " + s.password + "\r\n");
    CHECK(tagged_line(read_until(io, t, "a3 "), "a3").substr(0, 5) == "a3 OK");
    // A second upgrade is refused; the session goes on.
    CHECK(start_tls(io, t, *ca, s.host) == errc::illegal_state);
    write(io, t, "a4 NOOP\r\n");
    read_until(io, t, "a4 OK");
}

TEST_CASE("async TLS: a CA the context does not trust fails verification before any IMAP byte",
          "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    asio::io_context io;
    SECTION("implicit TLS, the system's CAs") {
        imaplib::async_tls_transport t(io);
        CHECK(connect(io, t, s.host, s.ssl_port) == errc::tls_verify_failed);
        CHECK_FALSE(t.error_detail().empty());
        CHECK_FALSE(t.is_open());
        std::error_code ec;
        read_until(io, t, "\r\n", ec);
        CHECK(ec == errc::transport_error);
    }
    SECTION("STARTTLS, the system's CAs") {
        imaplib::async_starttls_transport t(io);
        REQUIRE_FALSE(connect(io, t, s.host, s.port));
        read_until(io, t, "\r\n");
        write(io, t, "a1 STARTTLS\r\n");
        read_until(io, t, "a1 OK");
        const imaplib::tls_context system_cas;
        CHECK(start_tls(io, t, system_cas, s.host) == errc::tls_verify_failed);
        CHECK_FALSE(t.is_open());  // no plaintext LOGIN can follow
    }
    SECTION("a name the certificate does not carry") {
        // Reached through 127.0.0.1; the host checked is the one asked for.
        imaplib::async_starttls_transport t(io);
        REQUIRE_FALSE(connect(io, t, "127.0.0.1", s.port));
        read_until(io, t, "\r\n");
        write(io, t, "a1 STARTTLS\r\n");
        read_until(io, t, "a1 OK");
        CHECK(start_tls(io, t, *imaplib::test::test_ca_context(s), "mail.example.org") == errc::tls_verify_failed);
        CHECK(t.error_detail().find("host name mismatch") != std::string::npos);
    }
}

TEST_CASE("async TLS: 50 handshakes at once on one thread", "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const auto ca = imaplib::test::test_ca_context(s);
    asio::io_context io;
    constexpr std::size_t count = 50;
    struct connection {
        explicit connection(asio::io_context& io, std::shared_ptr<const imaplib::tls_context> ctx)
            : t(io, std::move(ctx)) {}
        imaplib::async_tls_transport t;
        char buffer[512] = {};
        std::string greeting;
        std::error_code ec;
    };
    std::vector<std::unique_ptr<connection>> connections;
    std::size_t finished = 0;
    for (std::size_t i = 0; i < count; ++i) {
        connections.push_back(std::make_unique<connection>(io, ca));
        connection& c = *connections.back();
        c.t.async_connect(s.host, s.ssl_port, [&c, &finished](std::error_code ec) {
            if (ec) {
                c.ec = ec;
                ++finished;
                return;
            }
            c.t.async_read_some(asio::buffer(c.buffer), [&c, &finished](std::error_code e, std::size_t n) {
                c.ec = e;
                c.greeting.assign(c.buffer, n);
                ++finished;
            });
        });
    }
    bool all = false;
    asio::steady_timer poll(io);
    std::function<void()> check = [&] {
        if (finished == count) {
            all = true;
            return;
        }
        poll.expires_after(10ms);
        poll.async_wait([&](std::error_code) { check(); });
    };
    check();
    run_until(io, all);
    std::size_t greeted = 0;
    for (const auto& c : connections) {
        INFO(c->ec.message() << " " << c->t.error_detail());
        CHECK_FALSE(c->ec);
        if (c->greeting.substr(0, 5) == "* OK ") ++greeted;
    }
    CHECK(greeted == count);
}

TEST_CASE("async TLS: close() with a read pending completes it with an error", "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    asio::io_context io;
    auto t = std::make_unique<imaplib::async_tls_transport>(io, imaplib::test::test_ca_context(s));
    REQUIRE_FALSE(connect(io, *t, s.host, s.ssl_port));
    read_until(io, *t, "\r\n");
    char buffer[256];
    bool done = false;
    std::error_code result;
    t->async_read_some(asio::buffer(buffer), [&](std::error_code ec, std::size_t) {
        result = ec;
        done = true;
    });
    io.restart();
    io.poll();  // the read is now waiting on the socket: the server says nothing unasked
    REQUIRE_FALSE(done);
    SECTION("close()") {
        t->close();
        t->close();  // twice is harmless
        run_until(io, done);
        CHECK(result == asio::error::operation_aborted);
    }
    SECTION("the transport destroyed") {
        t.reset();
        run_until(io, done);
        CHECK(result == asio::error::operation_aborted);
    }
}

TEST_CASE("async TLS: a 3 MB literal arrives whole", "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    asio::io_context io;
    imaplib::async_tls_transport t(io, imaplib::test::test_ca_context(s));
    REQUIRE_FALSE(connect(io, t, s.host, s.ssl_port));
    read_until(io, t, "\r\n");
    write(io, t, "a1 LOGIN " + s.user + " " + s.password + "\r\n");
    read_until(io, t, "a1 OK");

    std::string message = "From: a@example.org\r\nSubject: big\r\n\r\n";
    while (message.size() < 3'000'000) message += "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n";
    write(io, t, "a2 APPEND Empty {" + std::to_string(message.size()) + "}\r\n");
    read_until(io, t, "+");
    write(io, t, message);
    write(io, t, "\r\n");
    const std::string appended = tagged_line(read_until(io, t, "a2 "), "a2");
    REQUIRE(appended.substr(0, 5) == "a2 OK");

    write(io, t, "a3 SELECT Empty\r\n");
    read_until(io, t, "a3 OK");
    write(io, t, "a4 FETCH 1 BODY.PEEK[]\r\n");
    const std::string answer = read_until(io, t, "\r\na4 OK");
    const std::string announced = "BODY[] {" + std::to_string(message.size()) + "}\r\n";
    const std::size_t at = answer.find(announced);
    REQUIRE(at != std::string::npos);
    CHECK(answer.compare(at + announced.size(), message.size(), message) == 0);
    write(io, t, "a5 LOGOUT\r\n");
    read_until(io, t, "a5 OK");
    t.close();
    imaplib::test::reset_dovecot();
}
