// async_tls_transport against scripted servers doing what Dovecot never does: a
// certificate for another name, plaintext injected after STARTTLS's OK, a peer that hangs
// up mid-handshake, a read cancelled through its cancellation slot; and the client over
// them: its timeout ends a handshake that never gets a ServerHello, a certificate for
// another name is refused, and nothing is sent after either.
#include <imaplib/async/tls.hpp>
#include <imaplib/async/client.hpp>

#include "support/script_server.hpp"

#include <catch2/catch.hpp>

#include <asio.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <system_error>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using imaplib::test::scenario;
using imaplib::test::script_server;

std::shared_ptr<imaplib::tls_context> trusting_test_ca() {
    const auto& certs = imaplib::test::test_certs::get();
    REQUIRE(certs.ok());
    auto ctx = std::make_shared<imaplib::tls_context>();
    std::error_code ec;
    ctx->load_verify_file(certs.path("ca.pem"), ec);
    REQUIRE_FALSE(ec);
    return ctx;
}

void run_until(asio::io_context& io, const bool& done) {
    io.restart();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done && std::chrono::steady_clock::now() < deadline) {
        if (io.run_one_for(50ms) == 0 && io.stopped()) io.restart();
    }
    REQUIRE(done);
}

template <class Transport>
std::error_code connect(asio::io_context& io, Transport& t, std::uint16_t port, const char* host = "localhost") {
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
std::string read_some(asio::io_context& io, Transport& t, std::error_code& ec) {
    char buffer[1024];
    bool done = false;
    std::size_t n = 0;
    t.async_read_some(asio::buffer(buffer), [&](std::error_code e, std::size_t k) {
        ec = e;
        n = k;
        done = true;
    });
    run_until(io, done);
    return std::string(buffer, n);
}

template <class Transport>
void write(asio::io_context& io, Transport& t, const std::string& bytes) {
    bool done = false;
    std::error_code result;
    asio::async_write(t, asio::buffer(bytes), [&](std::error_code ec, std::size_t) {
        result = ec;
        done = true;
    });
    run_until(io, done);
    REQUIRE_FALSE(result);
}

}  // namespace

TEST_CASE("async TLS: a certificate for another name is refused", "[hostile][async][tls]") {
    scenario sc;
    sc.start_tls(imaplib::test::server_context("wronghost")).send("* OK ready\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_tls_transport t(io, trusting_test_ca());
    CHECK(connect(io, t, server.port()) == errc::tls_verify_failed);
    CHECK(t.error_detail().find("host name mismatch") != std::string::npos);
    CHECK_FALSE(t.is_open());
    server.finish();
    CHECK(server.received_after_tls().empty());
}

TEST_CASE("async TLS: plaintext after STARTTLS's OK is an injection, never TLS", "[hostile][async][tls]") {
    scenario sc;
    sc.send("* OK ready\r\n")
        .expect("STARTTLS")
        .send("$ OK begin TLS\r\n")
        .stall(500ms)  // the client has read the OK line alone by then
        .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
        .start_tls(imaplib::test::server_context("server"));
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_starttls_transport t(io);
    REQUIRE_FALSE(connect(io, t, server.port()));
    std::error_code ec;
    CHECK(read_some(io, t, ec) == "* OK ready\r\n");
    write(io, t, "a1 STARTTLS\r\n");
    std::string ok;
    while (!ec && ok.find("\r\n") == std::string::npos) ok += read_some(io, t, ec);
    REQUIRE(ok == "a1 OK begin TLS\r\n");
    // The injected line arrives while the client has not yet sent its ClientHello.
    asio::steady_timer later(io, 1000ms);
    bool waited = false;
    later.async_wait([&](std::error_code) { waited = true; });
    run_until(io, waited);
    const auto ctx = trusting_test_ca();
    bool done = false;
    std::error_code result;
    t.async_start_tls(*ctx, "localhost", [&](std::error_code e) {
        result = e;
        done = true;
    });
    CHECK_FALSE(done);  // never completed inside the initiating call
    run_until(io, done);
    CHECK(result == errc::starttls_injection);
    CHECK_FALSE(t.is_open());
    CHECK_FALSE(t.tls_active());
}

TEST_CASE("async TLS: a server hanging up mid-handshake fails the handshake", "[hostile][async][tls]") {
    scenario sc;
    sc.stall(200ms).close();  // takes the ClientHello, then hangs up
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_tls_transport t(io, trusting_test_ca());
    const std::error_code ec = connect(io, t, server.port());
    CHECK(ec == errc::tls_handshake_failed);
    CHECK_FALSE(t.is_open());
}

TEST_CASE("async TLS: a read is cancelled through its cancellation slot", "[hostile][async][tls]") {
    scenario sc;
    sc.start_tls(imaplib::test::server_context("server")).send("* OK ready\r\n").stall(500ms);
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_tls_transport t(io, trusting_test_ca());
    REQUIRE_FALSE(connect(io, t, server.port()));
    std::error_code ec;
    std::string greeting;
    while (!ec && greeting.find("\r\n") == std::string::npos) greeting += read_some(io, t, ec);
    CHECK(greeting == "* OK ready\r\n");

    asio::cancellation_signal signal;
    char buffer[64];
    bool done = false;
    std::error_code result;
    t.async_read_some(asio::buffer(buffer), asio::bind_cancellation_slot(signal.slot(), [&](std::error_code e, std::size_t) {
                          result = e;
                          done = true;
                      }));
    io.restart();
    io.poll();
    REQUIRE_FALSE(done);
    signal.emit(asio::cancellation_type::terminal);
    run_until(io, done);
    CHECK(result == asio::error::operation_aborted);
    // Cancelling a read loses nothing of the session: a write still goes through.
    write(io, t, "a1 LOGOUT\r\n");
    t.close();
    server.finish();
    CHECK(server.received_after_tls().find("a1 LOGOUT\r\n") != std::string::npos);
}

TEST_CASE("async TLS: the client's timeout ends a handshake that never gets a ServerHello",
          "[hostile][async][tls]") {
    asio::io_context io;
    const auto start = std::chrono::steady_clock::now();
    const auto took = [&] { return std::chrono::steady_clock::now() - start; };
    SECTION("implicit TLS: connect") {
        scenario sc;
        sc.stall(5s);  // takes the ClientHello, says nothing
        script_server server(sc);
        REQUIRE(server.ok());
        imaplib::async_imap4_ssl m(imaplib::async_tls_transport(io.get_executor(), trusting_test_ca()));
        m.set_timeout(300ms);
        bool done = false;
        std::error_code ec;
        m.async_connect("localhost", server.port(), [&](std::error_code e) {
            ec = e;
            done = true;
        });
        run_until(io, done);
        CHECK(ec == errc::timeout);
        CHECK(took() >= 250ms);
        CHECK(took() < 3s);
        CHECK(m.error_message() == "socket error: " + make_error_code(errc::timeout).message());
        CHECK_FALSE(m.transport().is_open());
        server.finish();
        CHECK_FALSE(server.received().empty());  // the ClientHello went out
    }
    SECTION("STARTTLS: the handshake after the tagged OK, and nothing sent after it") {
        scenario sc;
        sc.send("* OK ready\r\n")
            .expect("CAPABILITY")
            .send("* CAPABILITY IMAP4rev1 STARTTLS\r\n$ OK done\r\n")
            .expect("STARTTLS")
            .send("$ OK begin TLS\r\n")
            .stall(5s);
        script_server server(sc);
        REQUIRE(server.ok());
        imaplib::async_imap4_starttls m(imaplib::async_starttls_transport(io.get_executor()));
        bool done = false;
        std::error_code ec;
        m.async_connect("localhost", server.port(), [&](std::error_code e) {
            ec = e;
            done = true;
        });
        run_until(io, done);
        REQUIRE_FALSE(ec);
        m.set_timeout(300ms);
        const auto ctx = trusting_test_ca();
        done = false;
        const auto upgrade_start = std::chrono::steady_clock::now();
        m.async_starttls(*ctx, [&](std::error_code e, imaplib::response) {
            ec = e;
            done = true;
        });
        run_until(io, done);
        const auto upgrade_took = std::chrono::steady_clock::now() - upgrade_start;
        CHECK(ec == errc::timeout);
        CHECK(upgrade_took >= 250ms);
        CHECK(upgrade_took < 3s);
        CHECK_FALSE(m.transport().is_open());
        done = false;
        m.async_login("user", "secret", [&](std::error_code e, imaplib::response) {
            ec = e;
            done = true;
        });
        run_until(io, done);
        CHECK(ec == errc::connection_closed);
        server.finish();
        CHECK(server.received().find("LOGIN") == std::string::npos);
    }
}

TEST_CASE("async TLS: the client refuses a certificate for another name, and sends nothing", "[hostile][async][tls]") {
    scenario sc;
    sc.start_tls(imaplib::test::server_context("wronghost")).send("* OK ready\r\n").stall(2s);
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_imap4_ssl m(imaplib::async_tls_transport(io.get_executor(), trusting_test_ca()));
    bool done = false;
    std::error_code ec;
    m.async_connect("localhost", server.port(), [&](std::error_code e) {
        ec = e;
        done = true;
    });
    run_until(io, done);
    CHECK(ec == errc::tls_verify_failed);
    INFO(m.error_message());
    CHECK(m.error_message().find("host name mismatch") != std::string::npos);
    done = false;
    m.async_login("user", "secret", [&](std::error_code e, imaplib::response) {
        ec = e;
        done = true;
    });
    run_until(io, done);
    CHECK(ec == errc::connection_closed);
    server.finish();
    CHECK(server.received_after_tls().empty());
}
