// COMPRESS=DEFLATE (RFC 4978) against a scripted server: the switch after the tagged OK
// (with compressed bytes already read past it), a round trip through the deflate layer,
// and what a hostile server can do to the inflate side: a corrupt stream, a stream cut
// short or ended, a zip bomb. Part of the hostile-server program, whose allocation
// counter shows that inflating stays bounded.
#include <imaplib/transport/compress.hpp>

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/transport/memory.hpp>

#include "support/allocation_counter.hpp"
#include "support/deflate.hpp"

#include <catch2/catch.hpp>

#include <zlib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using imaplib::errc;
using imaplib::test::allocation_probe;
using transport = imaplib::basic_compress_transport<imaplib::memory_transport>;
using client = imaplib::basic_imap4<transport>;

// The shared zlib streams (support/deflate.hpp), each checked as it starts and as it
// inflates.
class deflater : public imaplib_test::deflater {
public:
    deflater() { REQUIRE(ok()); }
};
class inflater : public imaplib_test::inflater {
public:
    inflater() { REQUIRE(ok()); }
    std::string operator()(std::string_view data) {
        std::string out;
        REQUIRE(imaplib_test::inflater::operator()(data, out));
        return out;
    }
};

// A server that speaks plain text until its COMPRESS OK, then deflate. `answer` maps a
// command line (tag replaced by "$") to the plain response ("$" stands for the tag);
// after COMPRESS, `after_ok` are the (plain) bytes sent compressed right behind the OK,
// in the same read, and `raw_after_ok` replaces them with bytes as they are.
struct compress_server {
    std::shared_ptr<imaplib::memory_script> script = std::make_shared<imaplib::memory_script>();
    std::function<std::string(std::string_view command)> answer;
    std::string after_ok;
    std::string raw_after_ok;
    bool compressing = false;
    std::string received;  // the client's bytes, inflated where they were compressed
    std::string lines;     // not yet a whole line
    deflater out;
    inflater in;

    explicit compress_server(std::string_view greeting = "* PREAUTH ready\r\n") {
        script->push(std::string(greeting));
        script->on_write = [this](std::string_view bytes) { return on_write(bytes); };
    }

    std::string on_write(std::string_view bytes) {
        const std::string plain = compressing ? in(bytes) : std::string(bytes);
        received += plain;
        lines += plain;
        std::string reply;
        for (std::size_t end; (end = lines.find("\r\n")) != std::string::npos;) {
            const std::string line = lines.substr(0, end);
            lines.erase(0, end + 2);
            const std::string tag = line.substr(0, line.find(' '));
            const std::string command = "$" + line.substr(tag.size());
            std::string text;
            if (command == "$ COMPRESS DEFLATE" && !compressing) {
                reply += tag + " OK DEFLATE active\r\n";
                compressing = true;
                reply += raw_after_ok.empty() ? out(after_ok) : raw_after_ok;
                continue;
            }
            if (command == "$ CAPABILITY") text = "* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE\r\n$ OK done\r\n";
            else if (command == "$ LOGOUT") text = "* BYE bye\r\n$ OK done\r\n";
            else text = answer ? answer(command) : "$ OK done\r\n";
            for (std::size_t at; (at = text.find('$')) != std::string::npos;) text.replace(at, 1, tag);
            if (compressing && !raw_after_ok.empty()) continue;  // the raw bytes were the last word
            reply += compressing ? out(text) : text;
        }
        return reply;
    }
};

client connected(compress_server& server) {
    client M{transport(imaplib::memory_transport(server.script))};
    std::error_code ec;
    M.connect("imap.example", 143, {}, ec);
    REQUIRE_FALSE(ec);
    return M;
}

TEST_CASE("compress: commands and responses go through deflate after the OK", "[compress]") {
    compress_server server;
    server.after_ok = "* 1 EXISTS\r\n";  // compressed bytes read together with the OK
    server.answer = [](std::string_view command) -> std::string {
        if (command == "$ NOOP") return "* 2 EXISTS\r\n$ OK noop done\r\n";
        return "$ OK done\r\n";
    };
    client M = connected(server);
    std::error_code ec;
    imaplib::response r = M.compress("DEFLATE", ec);
    INFO(M.error_message());
    INFO(server.script->output);
    INFO(M.capabilities().size());
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    CHECK(M.transport().compressing());
    r = M.noop(ec);
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    // The EXISTS behind the OK was inflated and parsed, then the one NOOP brought.
    r = M.response("EXISTS");
    REQUIRE(r.data.size() == 2);
    CHECK(r.data[0].bytes() == "1");
    CHECK(r.data[1].bytes() == "2");
    // The server inflated the client's NOOP: the client really deflates.
    CHECK(server.received.find(" NOOP\r\n") != std::string::npos);
    CHECK(server.script->output.find("NOOP") == std::string::npos);
    // A second COMPRESS is refused locally (RFC 4978 section 3: COMPRESSIONACTIVE).
    M.compress("DEFLATE", ec);
    CHECK(ec == errc::command_failed);
    M.logout(ec);
}

TEST_CASE("compress: a NO leaves the connection uncompressed", "[compress]") {
    compress_server server;
    server.script->on_write = [&](std::string_view bytes) -> std::string {
        std::string line(bytes);
        const std::string tag = line.substr(0, line.find(' '));
        if (line.find(" COMPRESS ") != std::string::npos) return tag + " NO [COMPRESSIONACTIVE] not now\r\n";
        if (line.find(" CAPABILITY") != std::string::npos)
            return "* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE\r\n" + tag + " OK done\r\n";
        return tag + " OK done\r\n";
    };
    client M = connected(server);
    std::error_code ec;
    const imaplib::response r = M.compress("DEFLATE", ec);
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "NO");
    CHECK_FALSE(M.transport().compressing());
    CHECK(M.noop(ec).typ == "OK");
    CHECK_FALSE(ec);
}

TEST_CASE("compress: refused locally without COMPRESS=DEFLATE or with another mechanism", "[compress]") {
    auto script = std::make_shared<imaplib::memory_script>();
    script->push("* PREAUTH ready\r\n");
    script->on_line = [](std::string_view line) {
        const std::string tag(line.substr(0, line.find(' ')));
        return "* CAPABILITY IMAP4rev1\r\n" + tag + " OK done\r\n";
    };
    client M{transport(imaplib::memory_transport(script))};
    std::error_code ec;
    M.connect("imap.example", 143, {}, ec);
    REQUIRE_FALSE(ec);
    M.compress("DEFLATE", ec);
    CHECK(ec == errc::capability_missing);
    M.compress("LZ4", ec);
    CHECK(ec == errc::invalid_argument);
    CHECK(script->output.find("COMPRESS") == std::string::npos);
}

TEST_CASE("compress: capabilities are asked again when the greeting's lack COMPRESS", "[compress]") {
    compress_server server("* OK ready\r\n");
    int capabilities = 0;
    const auto base = server.script->on_write;
    server.script->on_write = [&, base](std::string_view bytes) -> std::string {
        // The first CAPABILITY (at connect) lacks COMPRESS=DEFLATE, as before LOGIN on Dovecot.
        if (!server.compressing && bytes.find(" CAPABILITY\r\n") != std::string_view::npos && capabilities++ == 0) {
            const std::string tag(bytes.substr(0, bytes.find(' ')));
            return "* CAPABILITY IMAP4rev1\r\n" + tag + " OK done\r\n";
        }
        return base(bytes);
    };
    client M = connected(server);
    std::error_code ec;
    M.login("alice", "secret", ec);
    REQUIRE_FALSE(ec);
    CHECK(M.compress("DEFLATE", ec).typ == "OK");
    CHECK_FALSE(ec);
    CHECK(capabilities == 2);
    CHECK(M.transport().compressing());
}

// Each hostile stream, behind the COMPRESS OK; the NOOP after it must fail with `expected`.
void expect_broken(const std::string& raw, errc expected) {
    compress_server server;
    server.raw_after_ok = raw;
    client M = connected(server);
    std::error_code ec;
    INFO(M.error_message());
    REQUIRE(M.compress("DEFLATE", ec).typ == "OK");
    REQUIRE_FALSE(ec);
    M.noop(ec);
    CHECK(ec == expected);
    INFO(M.error_message());
    M.noop(ec);  // the connection is dead
    CHECK(ec == errc::connection_closed);
}

TEST_CASE("compress: a corrupt stream is a protocol violation", "[compress]") {
    // 0xFF: block type 3, which deflate reserves (RFC 1951 section 3.2.3).
    expect_broken(std::string("\xff\xff\xff\xff", 4), errc::protocol_violation);
}

TEST_CASE("compress: a stream cut mid-block is EOF, never a partial response", "[compress]") {
    deflater out;
    const std::string whole = out("* 1 EXISTS\r\n* 2 EXISTS\r\n", Z_NO_FLUSH) + out("", Z_SYNC_FLUSH);
    expect_broken(whole.substr(0, whole.size() / 2), errc::connection_closed);
}

TEST_CASE("compress: a stream the server ends is a protocol violation", "[compress]") {
    deflater out;
    expect_broken(out("* 1 EXISTS\r\n", Z_FINISH) + "more", errc::protocol_violation);
}

TEST_CASE("compress: a zip bomb hits the line limit with bounded memory", "[compress]") {
    // 1 GiB of 'a' without a line end deflates to about 1 MiB.
    deflater out;
    std::string bomb = out("* OK ", Z_NO_FLUSH);
    const std::string block(1 << 20, 'a');
    for (int i = 0; i < 1024; ++i) bomb += out(block, Z_NO_FLUSH);
    bomb += out("\r\n", Z_SYNC_FLUSH);
    CHECK(bomb.size() < 2u << 20);
    compress_server server;
    server.raw_after_ok = bomb;
    client M = connected(server);
    std::error_code ec;
    INFO(M.error_message());
    REQUIRE(M.compress("DEFLATE", ec).typ == "OK");
    std::size_t peak = 0;
    {
        allocation_probe probe;
        M.noop(ec);
        peak = probe.peak();
    }
    INFO(M.error_message());
    CHECK(ec == errc::line_too_long);
    // The line limit (limits::max_line) plus read buffers, never the gigabyte.
    CHECK(peak < imaplib::limits{}.max_line + (4u << 20));
}

TEST_CASE("compress: available and wait_readable count inflated bytes, not wire bytes", "[compress]") {
    using namespace std::chrono_literals;
    auto script = std::make_shared<imaplib::memory_script>();
    transport t{imaplib::memory_transport(script)};
    std::error_code ec;
    t.open("imap.example", 143, ec);
    REQUIRE_FALSE(ec);
    deflater out;
    t.start_compress(out("* 1 EXISTS\r\n"), ec);
    REQUIRE_FALSE(ec);
    CHECK(t.available(ec) == 12);  // what was handed over with the OK
    char buffer[64];
    CHECK(t.read_some(buffer, sizeof buffer, ec) == 12);
    CHECK(std::string_view(buffer, 12) == "* 1 EXISTS\r\n");
    // A lone sync flush is wire bytes that inflate to nothing: not readable.
    script->push(std::string("\x00\x00\x00\xff\xff", 5));  // an empty stored block
    CHECK(script->pending() > 0);
    CHECK(t.available(ec) == 0);
    CHECK_FALSE(t.wait_readable(20ms, ec));
    CHECK_FALSE(ec);
    script->push(out("* 2 EXISTS\r\n"));
    CHECK(t.wait_readable(20ms, ec));
    CHECK(t.read_some(buffer, 5, ec) == 5);  // never more than asked
    CHECK(t.read_some(buffer + 5, sizeof buffer - 5, ec) == 7);
    CHECK(std::string_view(buffer, 12) == "* 2 EXISTS\r\n");
}

TEST_CASE("compress: deflate_reader returns at most the buffer it is given", "[compress]") {
    deflater out;
    const std::string compressed = out(std::string(1 << 20, 'x'));
    imaplib::deflate_reader reader;
    std::string why;
    REQUIRE(reader.start(why));
    reader.feed(compressed.data(), compressed.size());
    std::size_t total = 0;
    char buffer[4096];
    for (std::error_code ec;;) {
        const std::size_t n = reader.read(buffer, sizeof buffer, ec, why);
        REQUIRE_FALSE(ec);
        CHECK(n <= sizeof buffer);
        if (n == 0) break;
        total += n;
    }
    CHECK(total == 1u << 20);
}

}  // namespace
