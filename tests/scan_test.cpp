// Tests for imaplib/detail/scan.hpp: every level the CPU has (the scalar one always)
// finds what a byte loop finds, in the kit itself and in framing's and the grammar's scans.
#include <imaplib/detail/scan.hpp>

#include <imaplib/framing/reader.hpp>
#include <imaplib/grammar/grammar.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace d = imaplib::detail;
namespace gd = imaplib::grammar::detail;
using d::scan_level;

namespace {

// The levels this CPU runs, scalar first.
std::vector<scan_level> levels() {
    std::vector<scan_level> out;
    for (scan_level l : {scan_level::scalar, scan_level::sse2, scan_level::avx2})
        if (l <= d::supported_scan_level()) out.push_back(l);
    return out;
}

const char* level_name(scan_level l) {
    return l == scan_level::avx2 ? "avx2" : l == scan_level::sse2 ? "sse2" : "scalar";
}

// Forces a level for one scope, then goes back to the best one.
struct level_guard {
    explicit level_guard(scan_level l) { actual = d::force_scan_level(l); }
    ~level_guard() { d::force_scan_level(scan_level::avx2); }
    scan_level actual;
};

struct rng {
    std::uint64_t s = 0x2545f4914f6cdd1dull;
    std::uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
};

// Random bytes with the bytes the scans look for one in `spread` on average, so some runs
// end at once and some cross many 16- and 32-byte blocks.
std::string random_bytes(rng& r) {
    static const char specials[] = {'\n', '\r', '\0', '"', '\\'};
    static const std::size_t spreads[] = {2, 8, 40, 300, 1u << 30};
    const std::uint64_t shape = r.next();
    const std::size_t size = shape % 4 == 0 ? shape % 700 : shape % 90;
    const std::size_t spread = spreads[(shape >> 20) % 5];
    std::string s(size, ' ');
    for (char& c : s) {
        const std::uint64_t x = r.next();
        if (x % spread == 0)
            c = specials[(x >> 32) % sizeof specials];
        else
            c = static_cast<char>(0x20 + (x >> 40) % 0xe0);  // never one of the specials
    }
    return s;
}

// The oracle: the first byte of s from `pos` in `set`, as an offset (s.size() when none).
std::size_t byte_loop(std::string_view s, std::size_t pos, std::string_view set) {
    for (std::size_t i = pos; i < s.size(); ++i)
        if (set.find(s[i]) != std::string_view::npos) return i;
    return s.size();
}

const std::string_view line_controls("\n\r\0", 3);
const std::string_view quoted_specials("\"\\\r\n\0", 5);

using line_set = d::byte_list<'\n', '\r', '\0'>;
using quoted_set = d::byte_list<'"', '\\', '\r', '\n', '\0'>;

// Past a quoted string at s[pos] (a '"') by the byte loop: skip_quoted's answer, and
// whether scan_quoted calls it regular.
std::size_t quoted_by_bytes(std::string_view s, std::size_t pos, bool& regular) {
    regular = true;
    for (std::size_t i = pos + 1; i < s.size(); ++i) {
        if (s[i] == '"') return i + 1;
        if (s[i] == '\\') {
            if (i + 1 == s.size()) break;
            regular &= s[i + 1] == '"' || s[i + 1] == '\\';
            ++i;
        } else if (s[i] == '\r' || s[i] == '\n' || s[i] == '\0') {
            regular = false;
        }
    }
    regular = false;
    return s.size();
}

}  // namespace

TEST_CASE("scan: the level is the best the CPU has until a test forces another", "[scan]") {
    const scan_level best = d::supported_scan_level();
    CHECK(d::active_scan_level() == best);
    {
        level_guard g(scan_level::scalar);
        CHECK(g.actual == scan_level::scalar);
        CHECK(d::active_scan_level() == scan_level::scalar);
    }
    CHECK(d::active_scan_level() == best);
    // A level the CPU lacks is never taken.
    level_guard g(scan_level::avx2);
    CHECK(g.actual == best);
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
    CHECK(best >= scan_level::sse2);
#endif
}

TEST_CASE("scan: every level finds the first byte of a set where the byte loop does", "[scan]") {
    for (scan_level level : levels()) {
        level_guard g(level);
        INFO("level " << level_name(level));
        REQUIRE(g.actual == level);
        rng r;
        std::size_t long_runs = 0;
        for (int round = 0; round < 200000; ++round) {
            const std::string s = random_bytes(r);
            const std::size_t pos = s.empty() ? 0 : r.next() % (s.size() + 1);
            const char* b = s.data();
            const char* p = b + pos;
            const char* e = b + s.size();
            const std::size_t line = byte_loop(s, pos, line_controls);
            const std::size_t quoted = byte_loop(s, pos, quoted_specials);
            INFO(std::string_view(s).substr(pos));
            REQUIRE(static_cast<std::size_t>(d::find_first_long<line_set>(p, e) - b) == line);
            REQUIRE(static_cast<std::size_t>(d::find_first_long<quoted_set>(p, e) - b) == quoted);
            // The per-level scans directly, and the inline one.
            REQUIRE(static_cast<std::size_t>(d::find_first_scalar<quoted_set>(p, e) - b) == quoted);
            REQUIRE(static_cast<std::size_t>(d::find_first_scalar<quoted_set, false>(p, e) - b) == quoted);
            REQUIRE(static_cast<std::size_t>(d::find_first_sse2<quoted_set>(p, e) - b) == quoted);
            REQUIRE(static_cast<std::size_t>(d::find_first<line_set>(p, e) - b) == line);
            // The users: framing's line scan and the grammar's quoted-string scans.
            REQUIRE(static_cast<std::size_t>(imaplib::framing::detail::find_line_control(p, e) - b) == line);
            REQUIRE(static_cast<std::size_t>(gd::find_quoted_special(p, e) - b) == quoted);
            long_runs += line - pos >= 64;
            if (pos < s.size() && s[pos] == '"') {
                bool regular_bytes = true;
                const std::size_t end = quoted_by_bytes(s, pos, regular_bytes);
                bool regular = true;
                REQUIRE(static_cast<std::size_t>(gd::scan_quoted(p, e, regular) - b) == end);
                REQUIRE(regular == regular_bytes);
                REQUIRE(static_cast<std::size_t>(gd::skip_quoted(p, e) - b) == end);
            }
        }
        CHECK(long_runs > 10000);  // the 32-byte blocks were crossed, not only the tails
    }
}

TEST_CASE("scan: quoted strings cross the block edges alike at every level", "[scan]") {
    // A '"' string of every length up to 100 closed by each special (and escapes inside),
    // placed at every offset within a 32-byte block.
    for (scan_level level : levels()) {
        level_guard g(level);
        INFO("level " << level_name(level));
        for (std::size_t lead = 0; lead < 32; ++lead) {
            for (std::size_t len = 0; len < 100; ++len) {
                for (char end : {'"', '\\', '\r', '\n', '\0'}) {
                    std::string s(lead, 'x');
                    s += '"';
                    s += std::string(len, 'a');
                    s += end;
                    s += "b\" tail";
                    const std::size_t pos = lead;
                    bool regular_bytes = true;
                    const std::size_t expected = quoted_by_bytes(s, pos, regular_bytes);
                    const char* b = s.data();
                    bool regular = true;
                    INFO("lead " << lead << " len " << len << " end " << int(end));
                    REQUIRE(static_cast<std::size_t>(gd::scan_quoted(b + pos, b + s.size(), regular) - b) ==
                            expected);
                    REQUIRE(regular == regular_bytes);
                    REQUIRE(static_cast<std::size_t>(gd::skip_quoted(b + pos, b + s.size()) - b) == expected);
                }
            }
        }
    }
}

TEST_CASE("scan: framing splits a long-line response at every byte alike at every level", "[scan][framing]") {
    std::string line = "* 1 FETCH (UID 7 BODY[HEADER] {12}\r\nSubject: x\r\n FLAGS (";
    for (int i = 0; i < 40; ++i) line += "$label" + std::to_string(i) + ' ';
    line += "\\Seen))\r\n";
    for (scan_level level : levels()) {
        level_guard g(level);
        INFO("level " << level_name(level));
        for (std::size_t cut = 0; cut <= line.size(); ++cut) {
            imaplib::framing::response_reader reader;
            std::error_code ec;
            std::string buffer = line.substr(0, cut);
            imaplib::framing::status st = reader.parse(buffer, ec);
            REQUIRE(!ec);
            if (cut < line.size()) {
                REQUIRE(st == imaplib::framing::status::need_more);
                buffer = line;
                st = reader.parse(buffer, ec);
                REQUIRE(!ec);
            }
            REQUIRE(st == imaplib::framing::status::complete);
            REQUIRE(reader.size() == line.size());
            REQUIRE(reader.literals().size() == 1);
            CHECK(reader.literals()[0].size == 12);
        }
    }
}

TEST_CASE("scan: the grammar parses alike at every level", "[scan][grammar]") {
    // Quoted strings long enough for the dispatched scan, with escapes and a literal.
    const std::string text =
        "* 3 FETCH (UID 9 ENVELOPE (\"Mon, 11 Mar 2024 10:22:33 +0100\" \"a subject long enough to "
        "cross two blocks of thirty-two bytes, with \\\"quotes\\\" and a \\\\ backslash\" "
        "((\"Alice Example\" NIL \"alice\" \"example.com\")) NIL NIL NIL NIL NIL NIL "
        "\"<1234567890.abcdefghijklmnopqrstuvwxyz@mail.example.org>\") BODY[] {5}\r\nhello)\r\n";
    std::vector<std::string> subjects;
    for (scan_level level : levels()) {
        level_guard g(level);
        INFO("level " << level_name(level));
        imaplib::grammar::response_view r;
        std::error_code ec;
        REQUIRE(imaplib::grammar::parse_response(text, r, ec));
        imaplib::grammar::value_index index;
        imaplib::grammar::response_view ri;
        REQUIRE(imaplib::grammar::parse_response(text, ri, index, ec));
        REQUIRE(r.data() == imaplib::grammar::data_kind::fetch);
        std::string seen;
        for (const auto& item : r.as_fetch()) seen += std::string(item.name) + '=' + std::string(item.val.raw()) + ';';
        std::string seen_indexed;
        for (const auto& item : ri.as_fetch())
            seen_indexed += std::string(item.name) + '=' + std::string(item.val.raw()) + ';';
        CHECK(seen == seen_indexed);
        subjects.push_back(seen);
    }
    for (const std::string& s : subjects) CHECK(s == subjects.front());
    INFO(subjects.front());
    CHECK(subjects.front().find("BODY[]={5}\r\nhello;") != std::string::npos);
}
