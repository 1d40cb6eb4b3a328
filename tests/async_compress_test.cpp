// The async client's COMPRESS=DEFLATE (async/compress.hpp, RFC 4978) against scripted
// servers: the switch after the tagged OK with compressed bytes read behind it, a NO, the
// local refusals, and what a hostile server can do to the inflate side with commands in
// flight: a corrupt stream, a stream cut short, a zip bomb. Every pending operation
// completes; none hangs. Part of the hostile-server program, whose allocation counter
// measures an idle compressed connection.
#include <imaplib/async/compress.hpp>

#include <imaplib/async/imap4.hpp>

#include "support/allocation_counter.hpp"
#include "support/async_script.hpp"
#include "support/deflate.hpp"
#include "support/script_thread.hpp"

#include <asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using imaplib::errc;
using namespace std::chrono_literals;
using client = imaplib::async_imap4_compressed;

// The server's side of one connection: plain text until compress(), deflate after; the
// client's lines come inflated.
class peer : public imaplib_test::script_peer {
public:
    using script_peer::script_peer;

    // Plain text, deflated once compress() was called.
    void send(std::string_view text) override { send_raw(compressing_ ? out_(text) : std::string(text)); }
    // From here the client's bytes are inflated, the server's deflated.
    void compress() { compressing_ = true; }
    imaplib_test::deflater& out() { return out_; }
    const std::string& wire() const { return wire_; }  // every byte the client sent, as sent

private:
    bool arrived(std::string_view bytes, std::string& in) override {
        wire_ += bytes;
        if (!compressing_) return script_peer::arrived(bytes, in);
        return inflate_(bytes, in);
    }
    bool compressing_ = false;
    std::string wire_;
    imaplib_test::deflater out_;
    imaplib_test::inflater inflate_;
};

using script_thread = imaplib_test::basic_script_thread<peer>;

// PREAUTH, then CAPABILITY answered with `caps`.
void greet(peer& c, const std::string& caps = "IMAP4rev1 COMPRESS=DEFLATE") {
    c.send("* PREAUTH ready\r\n");
    const std::string l = c.line();
    c.send("* CAPABILITY " + caps + "\r\n" + peer::tag(l) + " OK done\r\n");
}
// COMPRESS answered OK, the switch made, and `behind` sent deflated in the same write.
void accept_compress(peer& c, const std::string& behind = {}) {
    const std::string l = c.line();
    CHECK(l.substr(l.find(' ')) == " COMPRESS DEFLATE");
    std::string reply = peer::tag(l) + " OK DEFLATE active\r\n";
    c.compress();
    c.send_raw(reply + (behind.empty() ? std::string() : c.out()(behind)));
}

using imaplib_test::connect;
using imaplib_test::keep;
using imaplib_test::outcome;
using imaplib_test::run_until;

template <class Client>
outcome compress(asio::io_context& io, Client& m, std::string_view mechanism = "DEFLATE") {
    outcome o;
    m.async_compress(mechanism, keep(o));
    CHECK_FALSE(o.done);  // never completes inside the call
    run_until(io, [&] { return o.done; });
    REQUIRE(o.done);
    return o;
}

// Three NOOPs in flight on a compressed connection, then `hostile` from the server: each
// must complete with `expected`, the connection dead afterwards.
void expect_broken(const std::function<void(peer&)>& hostile, errc expected, std::string_view message = {}) {
    script_thread server([&](peer& c) {
        greet(c);
        accept_compress(c);
        for (int i = 0; i < 3; ++i) c.line();
        hostile(c);
        c.until_eof();
    });
    asio::io_context io;
    client m(io.get_executor());
    connect(io, m, server.port());
    REQUIRE_FALSE(compress(io, m).ec);
    std::vector<outcome> out(3);
    for (outcome& o : out) m.async_noop(keep(o));
    run_until(io, [&] { return out[0].done && out[1].done && out[2].done; });
    for (const outcome& o : out) {
        REQUIRE(o.done);
        CHECK(o.ec == expected);
    }
    INFO(m.error_message());
    CHECK(m.error_message().find(message) != std::string::npos);
    outcome after;
    m.async_noop(keep(after));
    run_until(io, [&] { return after.done; });
    CHECK(after.ec == errc::connection_closed);
    m.shutdown();
}

}  // namespace

TEST_CASE("async compress: commands and responses go through deflate after the OK", "[async][compress]") {
    script_thread server([](peer& c) {
        greet(c);
        accept_compress(c, "* 1 EXISTS\r\n");  // compressed bytes read together with the OK
        // Two commands pipelined through the deflate layer, answered in one deflated write.
        const std::string a = c.line(), b = c.line();
        c.send("* 2 EXISTS\r\n" + peer::tag(a) + " OK noop done\r\n* LIST () \"/\" INBOX\r\n" + peer::tag(b) +
               " OK list done\r\n");
        const std::string l = c.line();  // LOGOUT
        c.send("* BYE bye\r\n" + peer::tag(l) + " OK done\r\n");
        c.until_eof();
    });
    asio::io_context io;
    client m(io.get_executor());
    connect(io, m, server.port());
    CHECK_FALSE(m.transport().compressing());
    const outcome on = compress(io, m);
    INFO(m.error_message());
    REQUIRE_FALSE(on.ec);
    CHECK(on.r.typ == "OK");
    CHECK(m.transport().compressing());
    outcome noop, list;
    m.async_noop(keep(noop));
    m.async_list("\"\"", "*", keep(list));
    run_until(io, [&] { return noop.done && list.done; });
    REQUIRE_FALSE(noop.ec);
    REQUIRE_FALSE(list.ec);
    CHECK(list.r.data.size() == 1);
    CHECK(list.r.data[0].bytes() == "() \"/\" INBOX");
    // The EXISTS behind the OK was inflated and parsed, then the one the NOOP brought.
    const imaplib::response exists = m.response("EXISTS");
    REQUIRE(exists.data.size() == 2);
    CHECK(exists.data[0].bytes() == "1");
    CHECK(exists.data[1].bytes() == "2");
    // A second COMPRESS is refused locally (RFC 4978 section 3: COMPRESSIONACTIVE).
    CHECK(compress(io, m).ec == errc::command_failed);
    outcome bye;
    m.async_logout(keep(bye));
    run_until(io, [&] { return bye.done; });
    CHECK(bye.r.typ == "BYE");
    m.shutdown();
    server.done();
    // The server inflated the client's commands: on the wire they are deflated.
    const std::string& wire = server.first().wire();
    CHECK(wire.find("COMPRESS DEFLATE\r\n") != std::string::npos);
    CHECK(wire.find("NOOP") == std::string::npos);
    CHECK(wire.find("LIST") == std::string::npos);
    CHECK(wire.find("LOGOUT") == std::string::npos);
}

TEST_CASE("async compress: a NO leaves the connection uncompressed", "[async][compress]") {
    script_thread server([](peer& c) {
        greet(c);
        std::string l = c.line();
        c.send(peer::tag(l) + " NO [COMPRESSIONACTIVE] not now\r\n");
        l = c.line();
        c.send(peer::tag(l) + " OK plain noop\r\n");
        c.until_eof();
    });
    asio::io_context io;
    client m(io.get_executor());
    connect(io, m, server.port());
    const outcome no = compress(io, m);
    REQUIRE_FALSE(no.ec);
    CHECK(no.r.typ == "NO");
    CHECK_FALSE(m.transport().compressing());
    outcome noop;
    m.async_noop(keep(noop));
    run_until(io, [&] { return noop.done; });
    CHECK_FALSE(noop.ec);
    CHECK(noop.r.typ == "OK");
    m.shutdown();
    server.done();
    CHECK(server.first().wire().find(" NOOP\r\n") != std::string::npos);  // sent in clear
}

TEST_CASE("async compress: refused locally without the capability or the mechanism or the layer",
          "[async][compress]") {
    script_thread server(
        [](peer& c) {
            greet(c, "IMAP4rev1 IDLE");
            c.until_eof();
        },
        2);
    asio::io_context io;
    client m(io.get_executor());
    connect(io, m, server.port());
    CHECK(compress(io, m).ec == errc::capability_missing);
    CHECK(m.error_message() == "Server does not support COMPRESS=DEFLATE");
    CHECK(compress(io, m, "LZ4").ec == errc::invalid_argument);
    m.shutdown();
    // A transport without the layer cannot switch: refused before anything is sent.
    imaplib::async_imap4 plain(io.get_executor());
    connect(io, plain, server.port());
    outcome o;
    plain.async_compress(keep(o));
    run_until(io, [&] { return o.done; });
    CHECK(o.ec == errc::not_supported);
    plain.shutdown();
    io.restart();
    io.run_for(50ms);
    server.done();
    CHECK(server.first().wire().find("COMPRESS") == std::string::npos);
}

TEST_CASE("async compress: issued behind LOGIN it asks the capabilities again and holds what follows",
          "[async][compress]") {
    script_thread server([](peer& c) {
        c.send("* OK ready\r\n");
        std::string l = c.line();
        c.send("* CAPABILITY IMAP4rev1\r\n" + peer::tag(l) + " OK done\r\n");
        l = c.line();
        CHECK(l.find(" LOGIN ") != std::string::npos);
        c.send(peer::tag(l) + " OK logged in\r\n");
        l = c.line();  // what was read before LOGIN lacks COMPRESS=DEFLATE: asked again
        CHECK(l.substr(l.find(' ')) == " CAPABILITY");
        c.send("* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE\r\n" + peer::tag(l) + " OK done\r\n");
        accept_compress(c);
        l = c.line();  // the NOOP issued with them: after the switch, deflated
        CHECK(l.substr(l.find(' ')) == " NOOP");
        c.send(peer::tag(l) + " OK compressed noop\r\n");
        c.until_eof();
    });
    asio::io_context io;
    client m(io.get_executor());
    connect(io, m, server.port());
    outcome login, on, noop;
    m.async_login("alice", "secret", keep(login));
    m.async_compress(keep(on));  // at its turn: after LOGIN, with the state LOGIN left
    m.async_noop(keep(noop));
    run_until(io, [&] { return noop.done; });
    INFO(m.error_message());
    REQUIRE(login.done);
    REQUIRE(on.done);
    REQUIRE(noop.done);
    CHECK_FALSE(login.ec);
    REQUIRE_FALSE(on.ec);
    CHECK(on.r.typ == "OK");
    CHECK_FALSE(noop.ec);
    CHECK(noop.r.typ == "OK");
    m.shutdown();
    server.done();
    const std::string& wire = server.first().wire();
    CHECK(wire.find("NOOP") == std::string::npos);  // never in clear text
}

TEST_CASE("async compress: a new connection starts uncompressed", "[async][compress]") {
    std::string second_wire;
    script_thread server(
        [&](peer& c) {
            greet(c);
            std::string l = c.line();
            if (l.find(" COMPRESS ") == std::string::npos) {  // the second connection
                c.send(peer::tag(l) + " OK plain noop\r\n");
                c.until_eof();
                second_wire = c.wire();
                return;
            }
            c.compress();
            c.send_raw(peer::tag(l) + " OK DEFLATE active\r\n");
            c.until_eof();
        },
        2);
    asio::io_context io;
    client m(io.get_executor());
    connect(io, m, server.port());
    REQUIRE_FALSE(compress(io, m).ec);
    REQUIRE(m.transport().compressing());
    connect(io, m, server.port());  // closes the first connection
    CHECK_FALSE(m.transport().compressing());
    outcome noop;
    m.async_noop(keep(noop));
    run_until(io, [&] { return noop.done; });
    CHECK_FALSE(noop.ec);
    CHECK(noop.r.typ == "OK");
    m.shutdown();
    server.done();
    CHECK(second_wire.find(" NOOP\r\n") != std::string::npos);
}

TEST_CASE("async compress: big literals both ways, the server's in small pieces", "[async][compress]") {
    // Text that deflates to about half: many reads of compressed bytes, many writes.
    std::string text;
    for (std::uint32_t x = 12345; text.size() < 300000;) {
        x = x * 1103515245u + 12345u;
        text += static_cast<char>('a' + (x >> 16) % 26);
        if ((x >> 8) % 64 == 0) text += "\r\n";
    }
    std::string appended;
    script_thread server([&](peer& c) {
        greet(c);
        accept_compress(c);
        std::string l = c.line();  // APPEND INBOX {N}
        const std::size_t size = std::stoul(l.substr(l.find('{') + 1));
        c.send("+ go on\r\n");
        appended = c.bytes(size);
        c.line();  // the CRLF after the literal
        c.send(peer::tag(l) + " OK appended\r\n");
        l = c.line();  // SELECT
        c.send("* 1 EXISTS\r\n" + peer::tag(l) + " OK [READ-WRITE] selected\r\n");
        l = c.line();  // FETCH
        const std::string reply = c.out()("* 1 FETCH (BODY[] {" + std::to_string(text.size()) + "}\r\n" + text +
                                          ")\r\n" + peer::tag(l) + " OK fetched\r\n");
        for (std::size_t at = 0; at < reply.size(); at += 1000) c.send_raw(reply.substr(at, 1000));
        c.until_eof();
    });
    asio::io_context io;
    client m(io.get_executor());
    connect(io, m, server.port());
    REQUIRE_FALSE(compress(io, m).ec);
    outcome append, select, fetch;
    m.async_append("INBOX", {}, {}, text, keep(append));
    m.async_select("INBOX", false, keep(select));
    m.async_fetch("1", "(BODY[])", keep(fetch));
    run_until(io, [&] { return fetch.done; });
    INFO(m.error_message());
    REQUIRE(append.done);
    REQUIRE(fetch.done);
    CHECK_FALSE(append.ec);
    CHECK_FALSE(select.ec);
    REQUIRE_FALSE(fetch.ec);
    REQUIRE(fetch.r.data.size() == 2);
    CHECK(fetch.r.data[0].literal() == text);
    CHECK(m.transport().compressed_bytes_written() < text.size());
    m.shutdown();
    server.done();
    CHECK(appended == text);
}

TEST_CASE("async compress: a corrupt stream fails every pending operation", "[async][compress][hostile]") {
    // 0xFF: block type 3, which deflate reserves (RFC 1951 section 3.2.3).
    expect_broken([](peer& c) { c.send_raw(std::string("\xff\xff\xff\xff", 4)); }, errc::protocol_violation,
                  "corrupt deflate stream");
}

TEST_CASE("async compress: a stream the server ends fails every pending operation", "[async][compress][hostile]") {
    expect_broken([](peer& c) { c.send_raw(c.out()("* 1 EXISTS\r\n", Z_FINISH) + "more"); },
                  errc::protocol_violation, "ended by the server");
}

TEST_CASE("async compress: a stream cut mid-block fails every pending operation with EOF",
          "[async][compress][hostile]") {
    expect_broken(
        [](peer& c) {
            const std::string whole = c.out()("* 1 EXISTS\r\n* 2 EXISTS\r\n", Z_NO_FLUSH) + c.out()("", Z_SYNC_FLUSH);
            c.send_raw(whole.substr(0, whole.size() / 2));
            c.close();
        },
        errc::connection_closed);
}

TEST_CASE("async compress: a zip bomb hits the line limit with bounded memory", "[async][compress][hostile]") {
    // 1 GiB of 'a' without a line end deflates to about 1 MiB.
    script_thread server([](peer& c) {
        greet(c);
        accept_compress(c);
        c.line();
        std::string bomb = c.out()("* OK ", Z_NO_FLUSH);
        const std::string block(1 << 20, 'a');
        for (int i = 0; i < 1024; ++i) bomb += c.out()(block, Z_NO_FLUSH);
        bomb += c.out()("\r\n", Z_SYNC_FLUSH);
        c.send_raw(bomb);
        c.until_eof();
    });
    asio::io_context io;
    client m(io.get_executor());
    connect(io, m, server.port());
    REQUIRE_FALSE(compress(io, m).ec);
    outcome noop;
    std::size_t peak = 0;
    {
        const imaplib::test::allocation_probe probe;
        m.async_noop(keep(noop));
        const auto end = std::chrono::steady_clock::now() + 60s;  // generous: not a timing test
        io.restart();
        while (!noop.done && std::chrono::steady_clock::now() < end) io.run_one_for(10ms);
        peak = probe.peak();
    }
    REQUIRE(noop.done);
    INFO(m.error_message());
    CHECK(noop.ec == errc::line_too_long);
    // The line limit (limits::max_line) plus read buffers, never the gigabyte.
    CHECK(peak < imaplib::limits{}.max_line + (4u << 20));
}

TEST_CASE("async compress: what an idle compressed connection costs", "[async][compress][memory]") {
    constexpr int connections = 20;
    script_thread server(
        [](peer& c) {
            greet(c);
            accept_compress(c, "* 1 EXISTS\r\n");
            std::string l = c.line();
            c.send("* 3 EXISTS\r\n" + peer::tag(l) + " OK [READ-WRITE] done\r\n");
            l = c.line();
            c.send("+ idling\r\n");  // and on to the next connection, this one left open
        },
        connections);
    asio::io_context io;
    std::vector<std::unique_ptr<client>> clients;
    std::size_t idle_bytes = 0;
    {
        const imaplib::test::allocation_probe probe;
        const std::size_t before = imaplib::test::counted_in_use.load();
        for (int i = 0; i < connections; ++i) {
            clients.push_back(std::make_unique<client>(io.get_executor()));
            connect(io, *clients.back(), server.port());
            REQUIRE_FALSE(compress(io, *clients.back()).ec);
            outcome sel;
            clients.back()->async_select("INBOX", false, keep(sel));
            clients.back()->async_idle([](std::error_code, std::vector<imaplib::response>) {});
            run_until(io, [&] { return clients.back()->protocol().idling(); });
            REQUIRE(sel.done);
            REQUIRE_FALSE(sel.ec);
            REQUIRE(clients.back()->protocol().idling());
        }
        idle_bytes = (imaplib::test::counted_in_use.load() - before) / connections;
    }
    const std::size_t per_connection = sizeof(client) + idle_bytes;
    WARN("async idle compressed connection: " << per_connection << " bytes (sizeof " << sizeof(client) << " + heap "
                                              << idle_bytes << ")");
    // zlib's state is most of it: inflate's 7 KiB and its 32 KiB window, deflate's 22 KiB.
    CHECK(per_connection < 96 * 1024);
    for (auto& c : clients) c->shutdown();
    io.restart();
    io.run_for(100ms);
}
