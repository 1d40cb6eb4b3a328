// Memory, CPU and time bounds against a scripted server (docs/security.md): responses
// built to cost far more in the client than on the wire, a flood of untagged responses,
// names that defeat a linear search, and a server that sends one byte now and then.
// Part of the hostile-server program: support/allocation_counter.cpp counts what the
// test thread allocates. Over a loopback socket only: the flood is what a socket carries.
#include <imaplib/engine/basic_imap4.hpp>

#include <imaplib/framing/reader.hpp>
#include <imaplib/transport/tcp.hpp>

#include "support/allocation_counter.hpp"
#include "support/script_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using imaplib::error_kind;
using imaplib::kind_of;
using imaplib::test::allocation_probe;
using imaplib::test::scenario;
using imaplib::test::script_server;
using client = imaplib::basic_imap4<imaplib::tcp_transport>;
using clock_type = std::chrono::steady_clock;

constexpr std::size_t read_chunk = 64 * 1024;  // what the engine asks the transport for

scenario preauth() {
    scenario s;
    s.send("* PREAUTH ready\r\n").expect("CAPABILITY").send("* CAPABILITY IMAP4rev1\r\n$ OK done\r\n");
    return s;
}
scenario selected() {
    scenario s = preauth();
    s.expect("SELECT").send("* 1 EXISTS\r\n$ OK [READ-WRITE] done\r\n");
    return s;
}

// `count` copies of `unit`, then `tail`.
std::string repeated(std::string_view unit, std::size_t count, std::string_view tail = {}) {
    std::string out;
    out.reserve(unit.size() * count + tail.size());
    for (std::size_t i = 0; i < count; ++i) out += unit;
    out += tail;
    return out;
}

// A name imaplib stores responses under ([A-Z-]+), distinct for each i.
std::string name_for(std::size_t i) {
    std::string name = "X";
    do {
        name += static_cast<char>('A' + i % 26);
        i /= 26;
    } while (i != 0);
    return name;
}

// The untagged responses kept under `name`, or nullptr.
const imaplib::data_list* kept_under(const client& M, std::string_view name) {
    for (const auto& entry : M.untagged_responses())
        if (entry.first == name) return &entry.second;
    return nullptr;
}

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

// After an abort the client refuses commands without touching the wire.
void check_dead(client& M, script_server& server) {
    const std::string before = server.received();
    std::error_code ec;
    M.noop(ec);
    CHECK(kind_of(ec) == error_kind::abort);
    M.shutdown();
    server.finish();
    CHECK(server.received() == before);
}

}  // namespace

TEST_CASE("the framing reader refuses the literal past max_literals", "[bounds][framing]") {
    imaplib::limits l;
    l.max_literals = 3;
    const std::string three = "* 1 FETCH (A {0}\r\n B {1}\r\nb C {0}\r\n)\r\n";
    std::error_code ec;
    imaplib::framing::response_reader reader(l);
    CHECK(reader.parse(three, ec) == imaplib::framing::status::complete);
    CHECK_FALSE(ec);
    CHECK(reader.literals().size() == 3);

    // The fourth is refused at its announcement, before a byte of it is awaited.
    imaplib::framing::response_reader strict(l);
    strict.parse("* 1 FETCH (A {0}\r\n B {0}\r\n C {0}\r\n D {5}\r\n", ec);
    CHECK(ec == errc::too_many_literals);
    CHECK(kind_of(ec) == error_kind::abort);
    CHECK(strict.literals().size() == 3);
}

TEST_CASE("a response of millions of empty literals ends at max_literals", "[bounds][memory]") {
    // 2,000,000 " X {0}" in one FETCH: 16 MB on the wire, under max_response. Before
    // max_literals the client kept every literal and an item for each (about 400 MB).
    const std::size_t count = 2000000;
    scenario sc = selected();
    sc.expect("FETCH").send(repeated(" X {0}\r\n", count, ")\r\n$ OK done\r\n").insert(0, "* 1 FETCH ("));
    script_server server(sc);
    REQUIRE(server.ok());
    const imaplib::limits l;  // the defaults
    client M(imaplib::tcp_transport{}, l);
    std::error_code ec;
    M.connect("127.0.0.1", server.port(), 2s, ec);
    M.select("INBOX", false, ec);
    REQUIRE_FALSE(ec);

    allocation_probe probe;
    M.fetch("1", "(X)", ec);
    const std::size_t peak = probe.peak();
    CHECK(ec == errc::too_many_literals);
    CHECK(kind_of(ec) == error_kind::abort);
    // The reader's list of literals (grown by doubling, old and new copy at once) and
    // the read buffer holding the response so far (8 bytes a literal, also doubling).
    const std::size_t bound = 3 * l.max_literals * sizeof(imaplib::framing::literal) +
                              2 * (8 * l.max_literals + 2 * read_chunk);
    CAPTURE(peak, bound);
    CHECK(peak <= bound);
    check_dead(M, server);
}

TEST_CASE("a flood of EXISTS within max_untagged costs a bounded multiple of its bytes",
          "[bounds][memory]") {
    // 8 MB of "* 1 EXISTS" (699,051 responses) during one NOOP: imaplib keeps them all.
    const std::size_t count = 8 * 1024 * 1024 / 12;
    scenario sc = preauth();
    sc.expect("NOOP").send(repeated("* 1 EXISTS\r\n", count, "$ OK done\r\n"));
    script_server server(sc);
    REQUIRE(server.ok());
    client M;
    std::error_code ec;
    M.connect("127.0.0.1", server.port(), 2s, ec);
    REQUIRE_FALSE(ec);

    allocation_probe probe;
    const imaplib::response r = M.noop(ec);
    const std::size_t peak = probe.peak();
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    const imaplib::data_list* exists = kept_under(M, "EXISTS");
    REQUIRE(exists);
    CHECK(exists->size() == count);
    CHECK(exists->back().bytes() == "1");
    // Per response a 40-byte item and a 28-byte block (a 16-byte header, then the 12
    // bytes). While the item array doubles the new one and the old are both allocated:
    // at most three items' worth, 148 bytes, 12.3 times the bytes on the wire. Items were
    // 96 bytes and blocks a std::string in a shared_ptr (about 20 times).
    const std::size_t per_response = 3 * sizeof(imaplib::data_item) + imaplib::detail::item_block::footprint_of(12);
    const std::size_t bytes = count * 12;
    CAPTURE(peak, bytes, double(peak) / double(bytes), per_response);
    CHECK(peak <= count * per_response + 4 * read_chunk);
}

TEST_CASE("a flood of EXISTS past max_untagged ends with untagged_too_large", "[bounds][memory]") {
    const std::size_t count = 8 * 1024 * 1024 / 12;
    scenario sc = preauth();
    sc.expect("NOOP").send(repeated("* 1 EXISTS\r\n", count, "$ OK done\r\n"));
    script_server server(sc);
    REQUIRE(server.ok());
    imaplib::limits l;
    l.max_untagged = 2 * 1024 * 1024;
    client M(imaplib::tcp_transport{}, l);
    std::error_code ec;
    M.connect("127.0.0.1", server.port(), 2s, ec);
    REQUIRE_FALSE(ec);

    allocation_probe probe;
    M.noop(ec);
    const std::size_t peak = probe.peak();
    CHECK(ec == errc::untagged_too_large);
    CHECK(kind_of(ec) == error_kind::abort);
    CHECK(M.error_message().find("max_untagged") != std::string::npos);
    // What was kept stays below the limit: a few thousand responses short of it.
    const imaplib::data_list* exists = kept_under(M, "EXISTS");
    REQUIRE(exists);
    CHECK(exists->size() > l.max_untagged / 200);
    CHECK(exists->size() < count);
    // The store, plus the read buffer and the response being read.
    CAPTURE(peak);
    CHECK(peak <= l.max_untagged + 4 * read_chunk);
    check_dead(M, server);
}

TEST_CASE("200,000 distinct untagged names are stored in linear time", "[bounds][cpu]") {
    // 2.4 MB of "* XABCD" lines: each name new, so a linear search per response (and per
    // BYE check) made this quadratic: about 60 s before the index, 0.5 s in imaplib.
    const std::size_t count = 200000;
    std::string flood;
    for (std::size_t i = 0; i < count; ++i) flood += "* " + name_for(i) + "\r\n";
    const auto run = [&](std::string_view tail) {
        scenario sc = preauth();
        sc.expect("NOOP").send(flood + std::string(tail));
        script_server server(sc);
        REQUIRE(server.ok());
        client M;
        std::error_code ec;
        M.connect("127.0.0.1", server.port(), 2s, ec);
        REQUIRE_FALSE(ec);
        const auto start = clock_type::now();
        M.noop(ec);
        const double took = seconds_since(start);
        CAPTURE(took);
        CHECK(took < 5.0);  // generous: well under a second on a loaded machine
        auto kept = M.untagged_responses();
        kept.erase(kept.begin());  // PREAUTH, from the greeting
        return std::make_pair(ec, std::move(kept));
    };

    SECTION("kept in the order first received, as imaplib's dict") {
        const auto [ec, kept] = run("$ OK done\r\n");
        CHECK_FALSE(ec);
        REQUIRE(kept.size() == count);
        CHECK(kept.front().first == name_for(0));
        CHECK(kept[count / 2].first == name_for(count / 2));
        CHECK(kept.back().first == name_for(count - 1));
    }
    SECTION("a BYE after them still ends the command") {
        const auto [ec, kept] = run("* BYE going away\r\n$ OK done\r\n");
        CHECK(ec == errc::bye);
        CHECK(kept.size() == count + 1);
    }
}

TEST_CASE("the command deadline ends a server that sends a byte now and then", "[bounds][time]") {
    // One byte every 300 ms: a 1 s read timeout never expires.
    scenario sc = preauth();
    sc.expect("NOOP").send_split("* OK still here\r\n* OK still here\r\n$ OK done\r\n", 1, 300ms);
    script_server server(sc);
    REQUIRE(server.ok());
    client M;
    std::error_code ec;
    M.connect("127.0.0.1", server.port(), 1s, ec);
    REQUIRE_FALSE(ec);
    M.set_deadline(2s);
    CHECK(M.deadline() == std::chrono::milliseconds(2000));

    const auto start = clock_type::now();
    M.noop(ec);
    const double took = seconds_since(start);
    CHECK(ec == errc::timeout);
    CHECK(kind_of(ec) == error_kind::abort);
    CHECK(M.error_message().find("deadline of 2000 ms passed") != std::string::npos);
    CAPTURE(took);
    CHECK(took >= 1.9);
    CHECK(took < 3.0);
    check_dead(M, server);
}

TEST_CASE("without a deadline the per-read timeout alone decides, as before", "[bounds][time]") {
    SECTION("a slow but steady reply completes") {
        scenario sc = preauth();
        sc.expect("NOOP").send_split("$ OK done\r\n", 1, 300ms);  // 3 s in all
        script_server server(sc);
        REQUIRE(server.ok());
        client M;
        std::error_code ec;
        M.connect("127.0.0.1", server.port(), 1s, ec);
        REQUIRE_FALSE(ec);
        CHECK_FALSE(M.deadline());
        const auto start = clock_type::now();
        const imaplib::response r = M.noop(ec);
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        CHECK(seconds_since(start) >= 2.5);
    }
    SECTION("a stall past the read timeout ends before a later deadline") {
        scenario sc = preauth();
        sc.expect("NOOP").stall(2500ms).send("$ OK done\r\n");
        script_server server(sc);
        REQUIRE(server.ok());
        client M;
        std::error_code ec;
        M.connect("127.0.0.1", server.port(), 500ms, ec);
        REQUIRE_FALSE(ec);
        M.set_deadline(10s);
        const auto start = clock_type::now();
        M.noop(ec);
        const double took = seconds_since(start);
        CHECK(ec == errc::timeout);
        CHECK(M.error_message().find("deadline") == std::string::npos);
        CAPTURE(took);
        CHECK(took < 2.0);
        // A connection with a deadline that held leaves the transport its own timeout.
        M.set_deadline(std::nullopt);
        CHECK_FALSE(M.deadline());
    }
}
