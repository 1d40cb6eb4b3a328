// The async client (async/client.hpp) against scripted servers: pipelining, faults with
// commands in flight, cancellation, timeouts, destruction, IDLE, memory per connection;
// and the session's additions it drives (output_parts, shrink_input).
//
// The server is a thread of this process playing a script written as code (a function
// reading the client's lines and writing bytes), so a script can answer pipelined
// commands by their real tags, in any order. Every wait is bounded: a test never hangs.
#include <imaplib/async/imap4.hpp>

#include "support/allocation_counter.hpp"
#include "support/async_script.hpp"
#include "support/script_thread.hpp"

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/experimental/deferred.hpp>
#include <asio/io_context.hpp>
#include <asio/use_future.hpp>

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using imaplib::errc;
using namespace std::chrono_literals;

using peer = imaplib_test::script_peer;
using script_thread = imaplib_test::basic_script_thread<peer>;

// Greeting and capabilities, then SELECT answered; what every script starts with.
void ready(peer& c, std::string caps = "IMAP4rev1 IDLE") {
    c.send("* PREAUTH ready\r\n");
    std::string l = c.line();
    c.send("* CAPABILITY " + caps + "\r\n" + peer::tag(l) + " OK done\r\n");
}

using imaplib_test::connect;
using imaplib_test::keep;
using imaplib_test::outcome;
using imaplib_test::run_until;

}  // namespace

// ---- the session's additions -----------------------------------------------------------

TEST_CASE("async session: every ready part can be written at once, consumed by bytes", "[async][session]") {
    imaplib::session s;
    s.start("A");
    s.state(imaplib::state::selected);
    imaplib::failure f;
    s.command("NOOP", {}, f);
    s.command("CHECK", {}, f);
    REQUIRE_FALSE(f);
    REQUIRE(s.output_parts() == 2);
    std::string all;
    for (std::size_t i = 0; i < s.output_parts(); ++i) all += std::string(s.output_part(i));
    CHECK(all == "A0 NOOP\r\nA1 CHECK\r\n");
    s.consume_output(12);  // one part and a half
    CHECK(s.output() == "CHECK\r\n");
    CHECK(s.output_parts() == 1);
    s.consume_output(7);
    CHECK_FALSE(s.has_output());
}

TEST_CASE("async session: the input buffer is given back once a big response is taken", "[async][session]") {
    imaplib::session s;
    s.start("A");
    s.state(imaplib::state::selected);
    imaplib::failure f;
    const std::string tag = s.command("FETCH", {{"1", imaplib::session::arg_kind::raw}, {"BODY[]", imaplib::session::arg_kind::raw}}, f);
    const std::string body(300000, 'x');
    s.feed("* 1 FETCH (BODY[] {300000}\r\n" + body + ")\r\n" + tag + " OK done\r\n");
    imaplib::session_event ev;
    while (s.next(ev, f)) {}
    REQUIRE_FALSE(f);
    CHECK(s.input_capacity() >= 300000);
    s.shrink_input(4096);
    CHECK(s.input_capacity() == 0);
    s.feed("* 2 EXISTS\r\n");  // and it grows again as needed
    REQUIRE(s.next(ev, f));
    CHECK(ev.name == "EXISTS");
    s.feed("* 3 EXISTS\r\n");
    s.shrink_input(0);  // not while bytes are buffered
    CHECK(s.input() == "* 3 EXISTS\r\n");
}

TEST_CASE("async: a FETCH response's UID is found at the top level only", "[async]") {
    using imaplib::detail::fetch_uid;
    CHECK(fetch_uid("(UID 7 FLAGS (\\Seen))") == 7u);
    CHECK(fetch_uid("(FLAGS (\\Seen) UID 12)") == 12u);
    CHECK(fetch_uid("(ENVELOPE (\"UID 5\" NIL) UID 9)") == 9u);
    CHECK(fetch_uid("(BODY[] {6}\r\nUID 3 UID 4)") == 4u);
    CHECK_FALSE(fetch_uid("(FLAGS (UID 3))"));
    CHECK_FALSE(fetch_uid("(FLAGS ())"));
    CHECK_FALSE(fetch_uid("(UID 99999999999)"));
}

// ---- pipelining ------------------------------------------------------------------------

TEST_CASE("async: commands issued together are pipelined and routed by tag, untagged data by UID",
          "[async][hostile]") {
    std::vector<std::string> lines;
    script_thread server([&](peer& c) {
        ready(c);
        std::string sel = c.line();
        c.send("* 3 EXISTS\r\n" + peer::tag(sel) + " OK [READ-WRITE] done\r\n");
        // All three arrive before any answer: they were pipelined.
        for (int i = 0; i < 3; ++i) lines.push_back(c.line());
        // Answers interleaved and out of order, as a server running them at once may.
        c.send("* 2 FETCH (UID 20 FLAGS ())\r\n* 1 FETCH (FLAGS (\\Seen) UID 10)\r\n* STATUS X (MESSAGES 1)\r\n");
        c.send(peer::tag(lines[1]) + " OK second\r\n* 1 FETCH (UID 10 FLAGS (\\Seen))\r\n");
        c.send(peer::tag(lines[2]) + " OK status\r\n" + peer::tag(lines[0]) + " OK first\r\n");
        c.until_eof();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    outcome sel, a, b, st;
    m.async_select("INBOX", false, keep(sel));
    m.async_uid("FETCH", {"10,11", "(FLAGS)"}, keep(a));
    m.async_uid("FETCH", {"20", "(FLAGS)"}, keep(b));
    m.async_status("X", "(MESSAGES)", keep(st));
    run_until(io, [&] { return a.done && b.done && st.done; });
    m.shutdown();
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].find("UID FETCH 10,11 (FLAGS)") != std::string::npos);
    CHECK(lines[1].find("UID FETCH 20 (FLAGS)") != std::string::npos);
    CHECK(lines[2].find("STATUS X (MESSAGES)") != std::string::npos);
    REQUIRE(a.done);
    REQUIRE_FALSE(a.ec);
    CHECK(python_repr(a.r) == "('OK', [b'1 (FLAGS (\\\\Seen) UID 10)', b'1 (UID 10 FLAGS (\\\\Seen))'])");
    CHECK(python_repr(b.r) == "('OK', [b'2 (UID 20 FLAGS ())'])");
    CHECK(python_repr(st.r) == "('OK', [b'X (MESSAGES 1)'])");
}

TEST_CASE("async: results that could not be told apart are not pipelined (RFC 9051 section 5.5)",
          "[async][hostile]") {
    std::vector<std::string> order;
    script_thread server([&](peer& c) {
        ready(c);
        std::string l = c.line();  // SELECT
        c.send("* 3 EXISTS\r\n" + peer::tag(l) + " OK done\r\n");
        l = c.line();  // FETCH 1: alone; the second FETCH waits for its completion
        order.push_back(l);
        c.send("* 1 FETCH (FLAGS ())\r\n" + peer::tag(l) + " OK\r\n");
        l = c.line();
        order.push_back(l);
        c.send("* 2 FETCH (FLAGS ())\r\n" + peer::tag(l) + " OK\r\n");
        l = c.line();  // NOOP may cause EXPUNGE: a FETCH by number waits for it
        order.push_back(l);
        c.send(peer::tag(l) + " OK\r\n");
        l = c.line();
        order.push_back(l);
        c.send("* 3 FETCH (FLAGS ())\r\n" + peer::tag(l) + " OK\r\n");
        c.until_eof();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    outcome sel, f1, f2, n, f3;
    m.async_select("INBOX", false, keep(sel));
    m.async_fetch("1", "(FLAGS)", keep(f1));
    m.async_fetch("2", "(FLAGS)", keep(f2));
    m.async_noop(keep(n));
    m.async_fetch("3", "(FLAGS)", keep(f3));
    run_until(io, [&] { return f3.done; });
    m.shutdown();
    REQUIRE(order.size() == 4);
    CHECK(python_repr(f1.r) == "('OK', [b'1 (FLAGS ())'])");
    CHECK(python_repr(f2.r) == "('OK', [b'2 (FLAGS ())'])");
    CHECK(python_repr(f3.r) == "('OK', [b'3 (FLAGS ())'])");
}

// ---- faults with commands in flight: every one completes, with an error -------------------

namespace {

// Three NOOPs in flight, then what `fault` does; returns what each completed with.
std::vector<outcome> three_in_flight(std::function<void(peer&, const std::vector<std::string>&)> fault) {
    script_thread server([&](peer& c) {
        ready(c);
        std::vector<std::string> tags;
        for (int i = 0; i < 3; ++i) tags.push_back(peer::tag(c.line()));
        fault(c, tags);
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    std::vector<outcome> out(3);
    for (outcome& o : out) m.async_noop(keep(o));
    run_until(io, [&] { return out[0].done && out[1].done && out[2].done; });
    return out;
}

}  // namespace

TEST_CASE("async: EOF mid-pipeline fails every pending operation", "[async][hostile]") {
    const auto out = three_in_flight([](peer& c, const std::vector<std::string>& tags) {
        c.send(tags[0] + " OK first\r\n");
        c.close();
    });
    REQUIRE(out[0].done);
    CHECK_FALSE(out[0].ec);
    for (int i : {1, 2}) {
        REQUIRE(out[i].done);
        CHECK(out[i].ec == errc::connection_closed);
    }
}

TEST_CASE("async: BYE with commands in flight fails each with errc::bye", "[async][hostile]") {
    const auto out = three_in_flight([](peer& c, const std::vector<std::string>&) {
        c.send("* BYE shutting down\r\n");
        c.until_eof();
    });
    for (const outcome& o : out) {
        REQUIRE(o.done);
        CHECK(o.ec == errc::bye);
    }
}

TEST_CASE("async: an unknown tag is a protocol violation for every pending operation", "[async][hostile]") {
    const auto out = three_in_flight([](peer& c, const std::vector<std::string>& tags) {
        c.send(tags[1] + " OK second\r\nZZZ9 OK whose?\r\n");
        c.until_eof();
    });
    CHECK_FALSE(out[1].ec);
    for (int i : {0, 2}) {
        REQUIRE(out[i].done);
        CHECK(out[i].ec == errc::protocol_violation);
    }
}

TEST_CASE("async: completions out of order are each routed to their own operation", "[async][hostile]") {
    const auto out = three_in_flight([](peer& c, const std::vector<std::string>& tags) {
        c.send(tags[2] + " OK third\r\n" + tags[0] + " NO first\r\n" + tags[1] + " OK second\r\n");
        c.until_eof();
    });
    CHECK(python_repr(out[0].r) == "('NO', [b'first'])");
    CHECK(python_repr(out[1].r) == "('OK', [b'second'])");
    CHECK(python_repr(out[2].r) == "('OK', [b'third'])");
}

// ---- cancellation, timeouts, destruction ---------------------------------------------------

TEST_CASE("async: a cancelled command not yet sent is dropped; one sent has its answer discarded",
          "[async][hostile]") {
    std::atomic<int> seen{0};
    std::vector<std::string> lines;
    script_thread server([&](peer& c) {
        ready(c);
        const std::string noop = c.line();  // in flight when cancelled
        lines.push_back(noop);
        seen = 1;
        std::this_thread::sleep_for(300ms);
        c.send("* 1 RECENT\r\n" + peer::tag(noop) + " OK late\r\n");
        const std::string sel = c.line();  // SELECT waited for the NOOP; the CREATE after it is gone
        lines.push_back(sel);
        c.send(peer::tag(sel) + " OK [READ-WRITE] selected\r\n");
        const std::string check = c.line();
        lines.push_back(check);
        c.send(peer::tag(check) + " OK checked\r\n");
        seen = 3;
        c.until_eof();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    asio::cancellation_signal cancel_noop, cancel_create;
    outcome noop, sel, create, check;
    m.async_noop(asio::bind_cancellation_slot(cancel_noop.slot(), keep(noop)));
    m.async_select("INBOX", false, keep(sel));
    m.async_create("X", asio::bind_cancellation_slot(cancel_create.slot(), keep(create)));
    run_until(io, [&] { return seen >= 1; });
    cancel_noop.emit(asio::cancellation_type::terminal);
    cancel_create.emit(asio::cancellation_type::terminal);
    m.async_check(keep(check));
    run_until(io, [&] { return check.done && seen == 3; });
    m.shutdown();
    CHECK(noop.ec == asio::error::operation_aborted);
    CHECK(create.ec == asio::error::operation_aborted);
    CHECK_FALSE(sel.ec);
    REQUIRE(check.done);
    CHECK(python_repr(check.r) == "('OK', [b'checked'])");
    REQUIRE(lines.size() == 3);
    CHECK(lines[1].find("SELECT") != std::string::npos);
    CHECK(lines[2].find("CHECK") != std::string::npos);  // CREATE never went out
}

TEST_CASE("async: cancelled mid-literal, the connection closes; every operation completes", "[async][hostile]") {
    bool literal_sent = false;
    script_thread server([&](peer& c) {
        ready(c);
        c.line();  // APPEND ... {5}: no '+' ever comes
        const std::string more = c.line();
        literal_sent = !more.empty();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    asio::cancellation_signal cancel;
    outcome append, noop;
    m.async_append("INBOX", {}, {}, "hello", asio::bind_cancellation_slot(cancel.slot(), keep(append)));
    m.async_noop(keep(noop));
    io.restart();
    io.run_for(100ms);
    cancel.emit(asio::cancellation_type::terminal);
    run_until(io, [&] { return append.done && noop.done; });
    CHECK(append.ec == asio::error::operation_aborted);
    CHECK(noop.ec == asio::error::operation_aborted);
    CHECK_FALSE(literal_sent);
}

TEST_CASE("async: a timeout mid-literal is errc::timeout and closes the connection", "[async][hostile]") {
    script_thread server([&](peer& c) {
        ready(c);
        c.line();
        c.until_eof();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    m.set_timeout(200ms);
    outcome append, later;
    const auto start = std::chrono::steady_clock::now();
    m.async_append("INBOX", {}, {}, "hello", keep(append));
    run_until(io, [&] { return append.done; });
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(append.ec == errc::timeout);
    CHECK(took >= 150ms);
    CHECK(took < 3s);
    m.async_noop(keep(later));
    run_until(io, [&] { return later.done; });
    CHECK(later.ec == errc::connection_closed);
}

TEST_CASE("async: connect times out against a listener whose backlog is full", "[async][hostile]") {
    // listen(0) queues one connection; nobody accepts, so Linux drops every later SYN and
    // the client's connect never completes on its own.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener, 0) == 0);
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    std::vector<int> fillers;
    for (int i = 0; i < 2; ++i) {
        fillers.push_back(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
        (void)::connect(fillers.back(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    }
    std::this_thread::sleep_for(50ms);

    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    m.set_timeout(300ms);
    bool done = false;
    std::error_code ec;
    const auto start = std::chrono::steady_clock::now();
    m.async_connect("127.0.0.1", ntohs(addr.sin_port), [&](std::error_code e) {
        done = true;
        ec = e;
    });
    run_until(io, [&] { return done; });
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(done);
    CHECK(ec == errc::timeout);
    CHECK(took >= 250ms);
    CHECK(took < 3s);
    // The TCP step timed out, not the greeting's wait.
    CHECK(m.error_message() == "socket error: " + make_error_code(errc::timeout).message());
    CHECK_FALSE(m.transport().socket().is_open());
    outcome later;
    m.async_noop(keep(later));
    run_until(io, [&] { return later.done; });
    CHECK(later.ec == errc::connection_closed);
    for (int fd : fillers) ::close(fd);
    ::close(listener);
}

TEST_CASE("async: the timeout bounds connect whole, the greeting's wait included", "[async][hostile]") {
    script_thread server([&](peer& c) { c.until_eof(); });  // accepts, never greets
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    m.set_timeout(300ms);
    bool done = false;
    std::error_code ec;
    const auto start = std::chrono::steady_clock::now();
    m.async_connect("127.0.0.1", server.port(), [&](std::error_code e) {
        done = true;
        ec = e;
    });
    run_until(io, [&] { return done; });
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(done);
    CHECK(ec == errc::timeout);
    CHECK(took >= 250ms);
    CHECK(took < 3s);
}

TEST_CASE("async: destroyed with operations pending, each handler runs once with operation_aborted",
          "[async][hostile]") {
    script_thread server([&](peer& c) {
        ready(c);
        c.until_eof();
    });
    asio::io_context io;
    std::vector<outcome> out(3);
    {
        imaplib::async_imap4 m(io.get_executor());
        connect(io, m, server.port());
        for (outcome& o : out) m.async_noop(keep(o));
        io.restart();
        io.run_for(50ms);
    }
    for (const outcome& o : out) CHECK_FALSE(o.done);  // never inside the destructor
    run_until(io, [&] { return out[0].done && out[1].done && out[2].done; });
    for (const outcome& o : out) CHECK(o.ec == asio::error::operation_aborted);
}

TEST_CASE("async: a future and a deferred operation complete like a callback", "[async][hostile]") {
    script_thread server([&](peer& c) {
        ready(c);
        for (int i = 0; i < 2; ++i) {
            const std::string l = c.line();
            c.send(peer::tag(l) + " OK n" + std::to_string(i) + "\r\n");
        }
        c.until_eof();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    std::future<imaplib::response> fut = m.async_noop(asio::use_future);
    auto op = m.async_noop(asio::experimental::deferred);
    outcome deferred;
    std::move(op)(keep(deferred));
    run_until(io, [&] { return deferred.done; });
    REQUIRE(fut.wait_for(0s) == std::future_status::ready);
    CHECK(python_repr(fut.get()) == "('OK', [b'n0'])");
    CHECK(python_repr(deferred.r) == "('OK', [b'n1'])");
}

// ---- IDLE ------------------------------------------------------------------------------

TEST_CASE("async: IDLE hands out events in batches; cancelling sends DONE", "[async][hostile][idle]") {
    std::vector<std::string> lines;
    script_thread server([&](peer& c) {
        ready(c);
        std::string l = c.line();
        c.send("* 3 EXISTS\r\n" + peer::tag(l) + " OK done\r\n");
        const std::string idle = c.line();
        lines.push_back(idle);
        c.send("+ idling\r\n* 4 EXISTS\r\n* 1 RECENT\r\n");
        lines.push_back(c.line());  // DONE, after the cancel
        c.send("* 5 EXISTS\r\n" + peer::tag(idle) + " OK IDLE terminated\r\n");
        c.until_eof();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    outcome sel;
    m.async_select("INBOX", false, keep(sel));
    bool got = false;
    std::vector<imaplib::response> batch;
    m.async_idle([&](std::error_code ec, std::vector<imaplib::response> b) {
        got = !ec;
        batch = std::move(b);
    });
    run_until(io, [&] { return got; });
    REQUIRE(got);
    CHECK(m.state() == "IDLING");
    REQUIRE(batch.size() >= 1);
    CHECK(python_repr(batch[0]) == "('EXISTS', [b'4'])");
    if (batch.size() == 1) {  // the RECENT came in a later read
        bool again = false;
        m.async_idle([&](std::error_code, std::vector<imaplib::response> b) {
            again = true;
            batch.insert(batch.end(), b.begin(), b.end());
        });
        run_until(io, [&] { return again; });
    }
    REQUIRE(batch.size() == 2);
    CHECK(python_repr(batch[1]) == "('RECENT', [b'1'])");
    asio::cancellation_signal cancel;
    std::error_code cancelled;
    bool ended = false;
    m.async_idle(asio::bind_cancellation_slot(cancel.slot(), [&](std::error_code ec, std::vector<imaplib::response>) {
        cancelled = ec;
        ended = true;
    }));
    io.restart();
    io.run_for(20ms);
    cancel.emit(asio::cancellation_type::terminal);
    run_until(io, [&] { return ended && m.state() == "SELECTED"; });
    CHECK(cancelled == asio::error::operation_aborted);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "DONE");
    CHECK(m.state() == "SELECTED");
    // What came after the cancel is kept (after SELECT's), as the blocking idler does.
    CHECK(python_repr(m.response("EXISTS")) == "('EXISTS', [b'3', b'5'])");
    m.shutdown();
}

TEST_CASE("async: the keepalive finds a dead peer while idling", "[async][hostile][idle]") {
    script_thread server([&](peer& c) {
        ready(c);
        std::string l = c.line();
        c.send("* 3 EXISTS\r\n" + peer::tag(l) + " OK done\r\n");
        c.line();
        c.send("+ idling\r\n");
        c.until_eof();  // then silence: DONE is never answered
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    m.set_idle_keepalive(150ms, 150ms);
    outcome sel;
    m.async_select("INBOX", false, keep(sel));
    std::error_code ec;
    bool ended = false;
    m.async_idle([&](std::error_code e, std::vector<imaplib::response>) {
        ec = e;
        ended = true;
    });
    run_until(io, [&] { return ended; });
    REQUIRE(ended);
    CHECK(ec == errc::keepalive_failed);
}

TEST_CASE("async: IDLE restarts before the server's timeout; events on both sides of it arrive",
          "[async][hostile][idle]") {
    std::vector<std::string> lines;
    std::chrono::steady_clock::duration quiet_until_done{};
    script_thread server([&](peer& c) {
        ready(c);
        std::string l = c.line();
        c.send("* 3 EXISTS\r\n" + peer::tag(l) + " OK done\r\n");
        const std::string idle = c.line();
        lines.push_back(idle);
        const auto accepted = std::chrono::steady_clock::now();
        c.send("+ idling\r\n* 4 EXISTS\r\n");
        lines.push_back(c.line());  // DONE: the restart
        quiet_until_done = std::chrono::steady_clock::now() - accepted;
        c.send("* 5 EXISTS\r\n" + peer::tag(idle) + " OK IDLE terminated\r\n");
        const std::string again = c.line();
        lines.push_back(again);
        c.send("+ idling again\r\n* 6 EXISTS\r\n");
        lines.push_back(c.line());  // DONE: async_idle_done
        c.send(peer::tag(again) + " OK IDLE terminated\r\n");
        c.until_eof();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    m.set_idle_restart(300ms);
    outcome sel;
    m.async_select("INBOX", false, keep(sel));
    std::vector<std::string> events;
    std::error_code failed;
    bool waiting = false;
    std::function<void()> wait_events = [&] {
        waiting = true;
        m.async_idle([&](std::error_code ec, std::vector<imaplib::response> batch) {
            waiting = false;
            failed = ec;
            for (const imaplib::response& r : batch) events.push_back(python_repr(r));
            if (!ec && events.size() < 3) wait_events();
        });
    };
    wait_events();
    run_until(io, [&] { return !waiting; });
    REQUIRE_FALSE(failed);
    CHECK(events == std::vector<std::string>{"('EXISTS', [b'4'])", "('EXISTS', [b'5'])", "('EXISTS', [b'6'])"});
    CHECK(m.state() == "IDLING");
    outcome left;
    m.async_idle_done(keep(left));
    run_until(io, [&] { return left.done; });
    CHECK_FALSE(left.ec);
    CHECK(left.r.typ == "OK");
    CHECK(m.state() == "SELECTED");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].substr(lines[0].find(' ')) == " IDLE");
    CHECK(lines[1] == "DONE");
    CHECK(lines[2].substr(lines[2].find(' ')) == " IDLE");
    CHECK(peer::tag(lines[2]) != peer::tag(lines[0]));
    CHECK(lines[3] == "DONE");
    // Not before the interval, counted from the server's +.
    CHECK(quiet_until_done >= 290ms);
    m.shutdown();
}

TEST_CASE("async: a NO to the restarted IDLE fails the waiting idle with idle denied", "[async][hostile][idle]") {
    script_thread server([&](peer& c) {
        ready(c);
        std::string l = c.line();
        c.send(peer::tag(l) + " OK done\r\n");
        const std::string idle = c.line();
        c.send("+ idling\r\n");
        c.line();  // DONE
        c.send(peer::tag(idle) + " OK IDLE terminated\r\n");
        const std::string again = c.line();
        c.send(peer::tag(again) + " NO too many IDLEs\r\n");
        c.until_eof();
    });
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    connect(io, m, server.port());
    m.set_idle_restart(100ms);
    outcome sel;
    m.async_select("INBOX", false, keep(sel));
    bool ended = false;
    std::error_code ec;
    m.async_idle([&](std::error_code e, std::vector<imaplib::response>) {
        ec = e;
        ended = true;
    });
    run_until(io, [&] { return ended; });
    REQUIRE(ended);
    CHECK(ec == errc::command_failed);
    CHECK(m.error_message().find("idle denied") == 0);
    CHECK(m.state() == "SELECTED");
    m.shutdown();
}

// ---- memory ------------------------------------------------------------------------------

TEST_CASE("async: an idle connection costs a few KiB, and a big response's buffer is given back",
          "[async][hostile][memory]") {
    constexpr int connections = 20;
    const std::string big(512 * 1024, 'x');
    script_thread server(
        [&](peer& c) {
            ready(c);
            std::string l = c.line();
            c.send("* 3 EXISTS\r\n" + peer::tag(l) + " OK done\r\n");
            l = c.line();
            if (l.find("FETCH") != std::string::npos) {
                c.send("* 1 FETCH (BODY[] {" + std::to_string(big.size()) + "}\r\n" + big + ")\r\n" + peer::tag(l) +
                       " OK\r\n");
                l = c.line();
            }
            c.send("+ idling\r\n");
            c.until_eof();
        },
        connections);
    asio::io_context io;
    std::vector<std::unique_ptr<imaplib::async_imap4>> clients;
    std::size_t idle_bytes = 0;
    {
        const imaplib::test::allocation_probe probe;
        const std::size_t before = imaplib::test::counted_in_use.load();
        for (int i = 0; i < connections; ++i) {
            clients.push_back(std::make_unique<imaplib::async_imap4>(io.get_executor()));
            connect(io, *clients.back(), server.port());
            outcome sel;
            clients.back()->async_select("INBOX", false, keep(sel));
            if (i == 0) {  // one big response first: its buffer must not stay
                outcome big_fetch;
                clients.back()->async_fetch("1", "(BODY[])", keep(big_fetch));
                run_until(io, [&] { return big_fetch.done; });
                REQUIRE(big_fetch.r.data.size() == 2);
                big_fetch = outcome{};
            }
            clients.back()->async_idle([](std::error_code, std::vector<imaplib::response>) {});
            run_until(io, [&] { return clients.back()->protocol().idling(); });
            REQUIRE(clients.back()->protocol().idling());
        }
        idle_bytes = (imaplib::test::counted_in_use.load() - before) / connections;
    }
    const std::size_t per_connection = sizeof(imaplib::async_imap4) + idle_bytes;
    INFO("bytes per idle connection: " << per_connection);
    WARN("async idle connection: " << per_connection << " bytes (sizeof " << sizeof(imaplib::async_imap4)
                                   << " + heap " << idle_bytes << ")");
    CHECK(per_connection < 16 * 1024);
    for (auto& c : clients) c->shutdown();
    io.restart();
    io.run_for(100ms);
}
