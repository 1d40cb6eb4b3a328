// The async client's AUTHENTICATE (async_authenticate, async_login_cram_md5,
// async_login_best) and raw I/O (async_read, async_readline, async_send) against scripted
// servers: what goes on the wire, and the faults Dovecot never commits - EOF in the middle
// of an exchange, a server that stops answering, an OK before the server proved itself.
// Every pending operation must complete, with an error, and none may hang.
#include <imaplib/async/imap4.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/util/base64.hpp>

#include "support/script_server.hpp"

#include <asio/io_context.hpp>
#include <asio/use_future.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using imaplib::test::scenario;
using imaplib::test::script_server;

// Runs the loop until `done` holds (at most 10 s).
template <class Pred>
void run_until(asio::io_context& io, Pred done) {
    const auto end = std::chrono::steady_clock::now() + 10s;
    io.restart();
    while (!done() && std::chrono::steady_clock::now() < end) io.run_one_for(10ms);
}

// The greeting and CAPABILITY exchange of async_connect, offering `caps`.
scenario greeted(const std::string& caps) {
    scenario sc;
    sc.send("* OK ready\r\n").expect("CAPABILITY").send("* CAPABILITY " + caps + "\r\n$ OK done\r\n");
    return sc;
}

void connect(asio::io_context& io, imaplib::async_imap4& a, const script_server& server) {
    bool done = false;
    std::error_code ec;
    a.async_connect("127.0.0.1", server.port(), [&](std::error_code e) {
        ec = e;
        done = true;
    });
    run_until(io, [&] { return done; });
    REQUIRE(done);
    REQUIRE_FALSE(ec);
}

// One operation's outcome.
struct outcome {
    bool done = false;
    std::error_code ec;
    imaplib::response r;
    auto handler() {
        return [this](std::error_code e, imaplib::response res) {
            done = true;
            ec = e;
            r = std::move(res);
        };
    }
};

}  // namespace

TEST_CASE("async AUTHENTICATE PLAIN: the initial response goes with the command (SASL-IR)", "[hostile][async][sasl]") {
    const std::string ir = imaplib::base64_encode(std::string("\0user\0secret", 12));
    scenario sc = greeted("IMAP4rev1 AUTH=PLAIN SASL-IR");
    sc.expect("AUTHENTICATE PLAIN " + ir).send("$ OK logged in\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_imap4 a(io.get_executor());
    connect(io, a, server);
    outcome o;
    a.async_authenticate(imaplib::sasl::plain("user", "secret"), o.handler());
    run_until(io, [&] { return o.done; });
    REQUIRE(o.done);
    CHECK_FALSE(o.ec);
    CHECK(o.r.typ == "OK");
    CHECK(a.state() == "AUTH");
    a.shutdown();
    server.finish();
    CHECK(server.errors().empty());
}

TEST_CASE("async CRAM-MD5 and imaplib's authobject answer the server's challenge", "[hostile][async][sasl]") {
    // RFC 2195 section 2's example: the challenge and tim's answer for tanstaaftanstaaf.
    const std::string challenge = "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";
    const std::string answer = "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw";
    scenario sc = greeted("IMAP4rev1 AUTH=CRAM-MD5");
    sc.expect("AUTHENTICATE X-ECHO")
        .send("+ " + imaplib::base64_encode("ping") + "\r\n")
        .expect_line(imaplib::base64_encode("pong:ping"))
        .send("$ NO [AUTHENTICATIONFAILED] not today\r\n")
        .expect("AUTHENTICATE CRAM-MD5")
        .send("+ " + challenge + "\r\n")
        .expect_line(answer)
        .send("$ OK CRAM-MD5 done\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_imap4 a(io.get_executor());
    connect(io, a, server);
    outcome cram, echo;
    a.async_authenticate(
        "x-echo", [](std::string_view c) -> std::optional<std::string> { return "pong:" + std::string(c); },
        echo.handler());
    a.async_login_cram_md5("tim", "tanstaaftanstaaf", cram.handler());
    run_until(io, [&] { return cram.done && echo.done; });
    REQUIRE(cram.done);
    CHECK_FALSE(cram.ec);
    CHECK(cram.r.typ == "OK");
    REQUIRE(echo.done);
    CHECK(echo.ec == errc::command_failed);
    CHECK(a.state() == "AUTH");
    a.shutdown();
    server.finish();
    CHECK(server.errors().empty());
}

TEST_CASE("async SCRAM: a tagged OK before the server's proof fails and closes the connection",
          "[hostile][async][sasl]") {
    scenario sc = greeted("IMAP4rev1 AUTH=SCRAM-SHA-256 SASL-IR");
    sc.expect("AUTHENTICATE SCRAM-SHA-256").send("$ OK welcome, whoever you are\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_imap4 a(io.get_executor());
    connect(io, a, server);
    outcome auth, after;
    a.async_authenticate(imaplib::sasl::scram_sha_256("user", "pencil"), auth.handler());
    a.async_noop(after.handler());
    run_until(io, [&] { return auth.done && after.done; });
    REQUIRE(auth.done);
    CHECK(auth.ec == errc::protocol_violation);
    REQUIRE(after.done);
    CHECK(after.ec);
    CHECK(a.state() == "NONAUTH");
    server.finish();
}

TEST_CASE("async AUTHENTICATE: EOF in the middle of the exchange completes every pending operation",
          "[hostile][async][sasl]") {
    scenario sc = greeted("IMAP4rev1 AUTH=CRAM-MD5");
    sc.expect("AUTHENTICATE CRAM-MD5").send("+ " + imaplib::base64_encode("<1.2@host>") + "\r\n").expect_line("").close();
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_imap4 a(io.get_executor());
    connect(io, a, server);
    outcome auth, noop, list;
    a.async_login_cram_md5("user", "secret", auth.handler());
    a.async_noop(noop.handler());  // queued behind the exchange
    a.async_list("\"\"", "*", list.handler());
    run_until(io, [&] { return auth.done && noop.done && list.done; });
    REQUIRE(auth.done);
    REQUIRE(noop.done);
    REQUIRE(list.done);
    CHECK(auth.ec == errc::connection_closed);
    CHECK(noop.ec == errc::connection_closed);
    CHECK(list.ec == errc::connection_closed);
    CHECK(a.pending_operations() == 0);
    server.finish();
}

TEST_CASE("async AUTHENTICATE: a server that stops answering times out, and every pending operation with it",
          "[hostile][async][sasl]") {
    scenario sc = greeted("IMAP4rev1 AUTH=CRAM-MD5");
    sc.expect("AUTHENTICATE CRAM-MD5")
        .send("+ " + imaplib::base64_encode("<1.2@host>") + "\r\n")
        .expect_line("")
        .stall(3s);  // the answer is never judged
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_imap4 a(io.get_executor());
    connect(io, a, server);
    a.set_timeout(300ms);
    outcome auth, noop;
    const auto start = std::chrono::steady_clock::now();
    a.async_login_cram_md5("user", "secret", auth.handler());
    a.async_noop(noop.handler());
    run_until(io, [&] { return auth.done && noop.done; });
    REQUIRE(auth.done);
    REQUIRE(noop.done);
    CHECK(auth.ec == errc::timeout);
    CHECK(noop.ec == errc::timeout);
    CHECK(std::chrono::steady_clock::now() - start < 2500ms);  // the timeout, not the server, ended it
    CHECK(a.pending_operations() == 0);
    a.shutdown();
    server.finish();
}

TEST_CASE("async login_best: the blocking client's choice, and its refusal in clear text", "[hostile][async][sasl]") {
    SECTION("CRAM-MD5 before PLAIN without TLS, when clear text is allowed") {
        scenario sc = greeted("IMAP4rev1 AUTH=PLAIN AUTH=CRAM-MD5");
        sc.expect("AUTHENTICATE CRAM-MD5").send("+ " + imaplib::base64_encode("<1.2@host>") + "\r\n").expect_line("").send(
            "$ OK in\r\n");
        script_server server(sc);
        REQUIRE(server.ok());
        asio::io_context io;
        imaplib::async_imap4 a(io.get_executor());
        connect(io, a, server);
        imaplib::login_options o;
        o.allow_cleartext = true;
        std::future<imaplib::login_result> f = a.async_login_best("user", "secret", o, asio::use_future);
        run_until(io, [&] { return f.wait_for(0s) == std::future_status::ready; });
        const imaplib::login_result r = f.get();
        CHECK(r.typ == "OK");
        CHECK(r.mechanism == "CRAM-MD5");
        CHECK_FALSE(r.login_command);
        CHECK(a.state() == "AUTH");
        a.shutdown();
        server.finish();
        CHECK(server.errors().empty());
    }
    SECTION("PLAIN alone without TLS: nothing is sent") {
        scenario sc = greeted("IMAP4rev1 AUTH=PLAIN");
        script_server server(sc);
        REQUIRE(server.ok());
        asio::io_context io;
        imaplib::async_imap4 a(io.get_executor());
        connect(io, a, server);
        bool done = false;
        std::error_code ec;
        a.async_login_best("user", "secret", [&](std::error_code e, imaplib::login_result) {
            ec = e;
            done = true;
        });
        run_until(io, [&] { return done; });
        REQUIRE(done);
        CHECK(ec == errc::capability_missing);
        a.shutdown();
        server.finish();
        CHECK(server.received().find("secret") == std::string::npos);
        CHECK(server.received().find("AUTHENTICATE") == std::string::npos);
    }
}

TEST_CASE("async raw I/O: send, readline and read past the protocol, what is left at EOF", "[hostile][async][raw]") {
    scenario sc = greeted("IMAP4rev1");
    sc.expect_line("x NOOP").send("x OK raw\r\nabcdefgh").close();
    script_server server(sc);
    REQUIRE(server.ok());
    asio::io_context io;
    imaplib::async_imap4 a(io.get_executor());
    connect(io, a, server);
    bool sent = false;
    std::error_code send_ec;
    a.async_send("x NOOP\r\n", [&](std::error_code e) {
        send_ec = e;
        sent = true;
    });
    std::string line, first, rest;
    std::error_code line_ec, first_ec, rest_ec;
    int got = 0;
    a.async_readline([&](std::error_code e, std::string s) {
        line_ec = e;
        line = std::move(s);
        ++got;
    });
    a.async_read(5, [&](std::error_code e, std::string s) {
        first_ec = e;
        first = std::move(s);
        ++got;
    });
    a.async_read(100, [&](std::error_code e, std::string s) {  // fewer at EOF, as imaplib's read()
        rest_ec = e;
        rest = std::move(s);
        ++got;
    });
    run_until(io, [&] { return sent && got == 3; });
    REQUIRE(sent);
    CHECK_FALSE(send_ec);
    REQUIRE(got == 3);
    CHECK_FALSE(line_ec);
    CHECK(line == "x OK raw\r\n");
    CHECK_FALSE(first_ec);
    CHECK(first == "abcde");
    CHECK_FALSE(rest_ec);
    CHECK(rest == "fgh");
    server.finish();
    CHECK(server.errors().empty());
}
