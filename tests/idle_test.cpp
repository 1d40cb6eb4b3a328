// IDLE (RFC 2177) as imaplib 3.14's idle() and Idler, against scripted servers: what a
// real server does (tests/integration_test.cpp has Dovecot) and what it never does.
#include <imaplib/engine/basic_imap4.hpp>

#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/tcp.hpp>

#include "support/script_server.hpp"
#include "support/run_both.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using imaplib::error_kind;
using imaplib::kind_of;
using imaplib::python_repr;
using imaplib::test::memory_peer;
using imaplib::test::run_both;
using imaplib::test::scenario;
using imaplib::test::script_server;

using tcp_client = imaplib::basic_imap4<imaplib::tcp_transport>;
using memory_client = imaplib::basic_imap4<imaplib::memory_transport>;

constexpr auto quick = std::chrono::milliseconds(1000);

// Selected, with or without IDLE among the capabilities.
scenario idle_ready(bool idle = true) {
    scenario s;
    s.send("* PREAUTH ready\r\n")
        .expect("CAPABILITY")
        .send(std::string("* CAPABILITY IMAP4rev1") + (idle ? " IDLE" : "") + "\r\n$ OK done\r\n")
        .expect("SELECT")
        .send("* 3 EXISTS\r\n$ OK [READ-WRITE] done\r\n");
    return s;
}

template <class Client, class Peer>
void open_selected(Client& M, Peer& peer) {
    std::error_code ec;
    M.connect("127.0.0.1", peer.port(), quick, ec);
    REQUIRE_FALSE(ec);
    M.select("INBOX", false, ec);
    REQUIRE_FALSE(ec);
}

template <class Body>
void run_socket(const scenario& sc, Body body) {
    script_server server(sc);
    REQUIRE(server.ok());
    tcp_client M;
    body(M, server);
}

std::string repr(const std::optional<imaplib::response>& r) { return r ? python_repr(*r) : "None"; }

}  // namespace

TEST_CASE("idle: responses arrive in order, other commands are refused, DONE ends it", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE")
        .send("+ idling\r\n* 4 EXISTS\r\n* 1 RECENT\r\n* 2 EXPUNGE\r\n")
        .expect_line("DONE")
        .send("$ OK IDLE terminated\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        std::error_code ec;
        auto idler = M.idle(std::nullopt, ec);
        REQUIRE_FALSE(ec);
        CHECK(idler.active());
        CHECK(M.state() == "IDLING");
        CHECK(repr(idler.next(ec)) == "('EXISTS', [b'4'])");
        M.noop(ec);
        CHECK(ec == errc::illegal_state);
        CHECK(M.error_message() == "command NOOP illegal in state IDLING, only allowed in states "
                                   "NONAUTH, AUTH, SELECTED, LOGOUT");
        CHECK(repr(idler.next(ec)) == "('RECENT', [b'1'])");
        REQUIRE_FALSE(ec);
        const imaplib::response done = idler.done(ec);
        REQUIRE_FALSE(ec);
        CHECK(python_repr(done) == "('OK', [b'IDLE terminated'])");
        CHECK_FALSE(idler.active());
        CHECK(M.state() == "SELECTED");
        // Not taken by the iteration: back among the untagged responses, as imaplib does.
        CHECK(python_repr(M.response("EXPUNGE")) == "('EXPUNGE', [b'2'])");
    });
}

TEST_CASE("idle: the throwing form, left by the destructor", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").send("+ idling\r\n* 5 EXISTS\r\n").expect_line("DONE").send("$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        {
            auto idler = M.idle();
            CHECK(repr(idler.next()) == "('EXISTS', [b'5'])");
        }
        CHECK(M.state() == "SELECTED");
        M.shutdown();
        peer.finish();
        CHECK(peer.received().find(M.tagpre() + "2 IDLE\r\nDONE\r\n") != std::string::npos);
    });
}

TEST_CASE("idle: without the IDLE capability nothing is sent", "[hostile][idle]") {
    run_both(idle_ready(false), [](auto& M, auto& peer) {
        open_selected(M, peer);
        std::error_code ec;
        auto idler = M.idle(std::nullopt, ec);
        CHECK(ec == errc::capability_missing);
        CHECK(kind_of(ec) == error_kind::error);
        CHECK(M.error_message() == "Server does not support IMAP4 IDLE");
        CHECK_FALSE(idler.active());
        CHECK_THROWS_AS(M.idle(), imaplib::error);
        M.shutdown();
        peer.finish();
        CHECK(peer.received().find("IDLE") == std::string::npos);
    });
}

TEST_CASE("idle: refused with NO is an error and the connection stays usable", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").send("$ NO not now\r\n").expect("NOOP").send("$ OK fine\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        std::error_code ec;
        auto idler = M.idle(std::nullopt, ec);
        CHECK(ec == errc::command_failed);
        CHECK(kind_of(ec) == error_kind::error);
        CHECK(M.error_message() == "idle denied: [b'not now']");
        CHECK_FALSE(idler.active());
        CHECK(M.state() == "SELECTED");
        CHECK(python_repr(M.noop(ec)) == "('OK', [b'fine'])");
        CHECK_FALSE(ec);
    });
}

TEST_CASE("idle: BYE while idling is handed out, then the connection is dead", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").send("+ idling\r\n* BYE shutting down\r\n").close();
    run_both(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        std::error_code ec;
        auto idler = M.idle(std::nullopt, ec);
        REQUIRE_FALSE(ec);
        CHECK(repr(idler.next(ec)) == "('BYE', [b'shutting down'])");
        CHECK_FALSE(ec);
        CHECK(repr(idler.next(ec)) == "None");
        CHECK(kind_of(ec) == error_kind::abort);
        CHECK_FALSE(idler.active());  // the connection is closed: nothing left to end
        M.noop(ec);
        CHECK(kind_of(ec) == error_kind::abort);
    });
}

TEST_CASE("idle: a continuation request never sent ends in the per-read timeout", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").stall(2000ms);
    run_socket(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        M.connect("127.0.0.1", peer.port(), 150ms, ec);
        REQUIRE_FALSE(ec);
        M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
        const auto start = std::chrono::steady_clock::now();
        auto idler = M.idle(std::nullopt, ec);
        CHECK(ec == errc::timeout);
        CHECK(kind_of(ec) == error_kind::abort);
        CHECK(std::chrono::steady_clock::now() - start < 1500ms);
        CHECK_FALSE(idler.active());
    });
}

TEST_CASE("idle: a continuation request never sent ends at the command deadline", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").send_split("* 1 RECENT\r\n* 1 RECENT\r\n* 1 RECENT\r\n* 1 RECENT\r\n", 1, 20ms);
    run_socket(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        M.set_deadline(200ms);
        std::error_code ec;
        const auto start = std::chrono::steady_clock::now();
        auto idler = M.idle(std::nullopt, ec);
        CHECK(ec == errc::timeout);
        CHECK_THAT(M.error_message(), Catch::Contains("deadline"));
        CHECK(std::chrono::steady_clock::now() - start < 800ms);
    });
}

TEST_CASE("idle: a tagged OK before DONE ends the iteration and no DONE is sent", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").send("+ idling\r\n* 6 EXISTS\r\n$ OK over already\r\n").expect("NOOP").send("$ OK fine\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        std::error_code ec;
        auto idler = M.idle(std::nullopt, ec);
        REQUIRE_FALSE(ec);
        CHECK(repr(idler.next(ec)) == "('EXISTS', [b'6'])");
        CHECK(repr(idler.next(ec)) == "None");
        CHECK_FALSE(ec);
        CHECK(python_repr(idler.done(ec)) == "('OK', [b'over already'])");
        CHECK_FALSE(ec);
        CHECK(python_repr(M.noop(ec)) == "('OK', [b'fine'])");
        M.shutdown();
        peer.finish();
        CHECK(peer.received().find("DONE") == std::string::npos);
    });
}

TEST_CASE("idle: garbage while idling is a protocol violation", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").send("+ idling\r\nthis is no response\r\n").stall(500ms);
    run_both(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        std::error_code ec;
        auto idler = M.idle(std::nullopt, ec);
        REQUIRE_FALSE(ec);
        CHECK(repr(idler.next(ec)) == "None");
        CHECK(ec == errc::protocol_violation);
        CHECK(kind_of(ec) == error_kind::abort);
        CHECK_THAT(M.error_message(), Catch::Contains("this is no response"));
    });
}

TEST_CASE("idle: the duration ends the iteration; burst gathers what comes close together",
          "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE")
        .send("+ idling\r\n* 7 EXISTS\r\n")
        .stall(30ms)
        .send("* 8 EXISTS\r\n")
        .expect_line("DONE")
        .send("$ OK done\r\n");
    run_socket(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        std::error_code ec;
        const auto start = std::chrono::steady_clock::now();
        auto idler = M.idle(300ms, ec);
        REQUIRE_FALSE(ec);
        const auto burst = idler.burst(200ms, ec);
        REQUIRE_FALSE(ec);
        REQUIRE(burst.size() == 2);
        CHECK(python_repr(burst[1]) == "('EXISTS', [b'8'])");
        CHECK(repr(idler.next(ec)) == "None");  // at the end of the duration, not before
        CHECK_FALSE(ec);
        const auto took = std::chrono::steady_clock::now() - start;
        CHECK(took >= 300ms);
        CHECK(took < 2000ms);
        CHECK(python_repr(idler.done(ec)) == "('OK', [b'done'])");
    });
}

// ---- beyond imaplib: restart and keepalive -------------------------------------------

TEST_CASE("idle: a transparent restart loses no response around it", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE")
        .send("+ idling\r\n")
        .expect_line("DONE")
        .send("* 4 EXISTS\r\n$ OK restarting\r\n")
        .expect("IDLE")
        .send("* 5 EXISTS\r\n+ again\r\n* 6 EXISTS\r\n")
        .expect_line("DONE")
        .send("$ OK done\r\n");
    run_socket(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        M.set_idle_restart(100ms);
        std::error_code ec;
        auto idler = M.idle(3s, ec);
        REQUIRE_FALSE(ec);
        CHECK(repr(idler.next(ec)) == "('EXISTS', [b'4'])");
        CHECK(repr(idler.next(ec)) == "('EXISTS', [b'5'])");
        CHECK(repr(idler.next(ec)) == "('EXISTS', [b'6'])");
        CHECK(M.state() == "IDLING");
        CHECK(python_repr(idler.done(ec)) == "('OK', [b'done'])");
        REQUIRE_FALSE(ec);
        M.shutdown();
        peer.finish();
        CHECK(peer.received().find(M.tagpre() + "3 IDLE\r\nDONE\r\n") != std::string::npos);
    });
}

TEST_CASE("idle: a keepalive on a live connection leaves, sends NOOP and idles again", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE")
        .send("+ idling\r\n")
        .expect_line("DONE")
        .send("$ OK left\r\n")
        .expect("NOOP")
        .send("* 7 EXISTS\r\n$ OK noop\r\n")
        .expect("IDLE")
        .send("+ again\r\n")
        .expect_line("DONE")
        .send("$ OK done\r\n");
    run_socket(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        M.set_idle_keepalive(150ms, 1000ms);
        std::error_code ec;
        auto idler = M.idle(3s, ec);
        REQUIRE_FALSE(ec);
        CHECK(repr(idler.next(ec)) == "('EXISTS', [b'7'])");  // the NOOP's, handed out
        REQUIRE_FALSE(ec);
        CHECK(python_repr(idler.done(ec)) == "('OK', [b'done'])");
        REQUIRE_FALSE(ec);
    });
}

TEST_CASE("idle: a keepalive tells a dead peer from a quiet one within its bound", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").send("+ idling\r\n").stall(3000ms);  // the socket stays open, silent
    run_socket(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        M.set_idle_keepalive(200ms, 300ms);
        std::error_code ec;
        auto idler = M.idle(std::nullopt, ec);
        REQUIRE_FALSE(ec);
        const auto start = std::chrono::steady_clock::now();
        CHECK(repr(idler.next(ec)) == "None");
        const auto took = std::chrono::steady_clock::now() - start;
        CHECK(ec == errc::keepalive_failed);
        CHECK(kind_of(ec) == error_kind::abort);
        CHECK_THAT(M.error_message(), Catch::Contains("keepalive"));
        CHECK(took >= 450ms);
        CHECK(took < 2000ms);  // keepalive + answer, with room for a loaded machine
        M.noop(ec);
        CHECK(kind_of(ec) == error_kind::abort);  // the connection is closed
    });
}

TEST_CASE("idle: stop from another thread wakes the waiting next promptly", "[hostile][idle]") {
    scenario sc = idle_ready();
    sc.expect("IDLE").send("+ idling\r\n").expect_line("DONE").send("$ OK done\r\n");
    run_socket(sc, [](auto& M, auto& peer) {
        open_selected(M, peer);
        std::error_code ec;
        auto idler = M.idle(std::nullopt, ec);  // no duration: only stop() ends the wait
        REQUIRE_FALSE(ec);
        const auto start = std::chrono::steady_clock::now();
        std::thread stopper([&idler] {
            std::this_thread::sleep_for(200ms);
            idler.stop();
        });
        const auto r = idler.next(ec);
        const auto took = std::chrono::steady_clock::now() - start;
        stopper.join();
        CHECK(repr(r) == "None");
        CHECK_FALSE(ec);
        CHECK(took >= 200ms);
        CHECK(took < 1000ms);
        CHECK(repr(idler.next(ec)) == "None");  // stays stopped
        CHECK(python_repr(idler.done(ec)) == "('OK', [b'done'])");
        CHECK_FALSE(ec);
    });
}
