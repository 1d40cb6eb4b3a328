// Tests for imaplib/framing/reader.hpp: where one response ends.
#include <imaplib/framing/reader.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

using imaplib::errc;
using imaplib::limits;
using imaplib::framing::literal;
using imaplib::framing::response_reader;
using imaplib::framing::status;

namespace {

// Literal records compared as (header, offset, size, streamed).
struct lit {
    std::size_t header, offset, size, streamed = 0;
    bool operator==(const lit& o) const {
        return header == o.header && offset == o.offset && size == o.size && streamed == o.streamed;
    }
};

std::ostream& operator<<(std::ostream& os, const lit& l) {
    return os << '{' << l.header << ',' << l.offset << ',' << l.size << ',' << l.streamed << '}';
}

struct outcome {
    bool complete = false;
    std::error_code ec;
    std::size_t size = 0;
    std::vector<lit> literals;
    std::size_t calls = 0;

    // After an error only the error matters (the connection is dead).
    bool operator==(const outcome& o) const {
        if (ec || o.ec) return ec == o.ec && complete == o.complete;
        return complete == o.complete && size == o.size && literals == o.literals;
    }
};

std::ostream& operator<<(std::ostream& os, const outcome& o) {
    os << (o.complete ? "complete" : "incomplete") << " ec=" << o.ec.message() << " size=" << o.size
       << " literals=";
    for (const auto& l : o.literals) os << l;
    return os;
}

std::vector<lit> copy_literals(const response_reader& r) {
    std::vector<lit> out;
    for (const literal& l : r.literals()) out.push_back({l.header, l.offset, l.size, l.streamed});
    return out;
}

// Feeds `input` in pieces ending at each of `cuts` (then the rest), the way a read
// loop appends to its buffer, stopping at complete or at the first error.
outcome feed(std::string_view input, const std::vector<std::size_t>& cuts, const limits& l = {},
             bool strict = false) {
    response_reader reader(l, strict);
    outcome out;
    std::string buffer;
    std::size_t done = 0;
    std::vector<std::size_t> ends = cuts;
    ends.push_back(input.size());
    for (std::size_t end : ends) {
        buffer.append(input.substr(done, end - done));
        done = end;
        ++out.calls;
        const status st = reader.parse(buffer, out.ec);
        if (out.ec) break;
        if (st == status::complete) {
            out.complete = true;
            out.size = reader.size();
            break;
        }
    }
    out.literals = copy_literals(reader);
    return out;
}

outcome feed_whole(std::string_view input, const limits& l = {}, bool strict = false) {
    return feed(input, {}, l, strict);
}

std::vector<std::size_t> every_byte(std::size_t n) {
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < n; ++i) cuts.push_back(i);
    return cuts;
}

// Whole, split in two at every offset, and one byte at a time must all agree.
void check_all_splits(std::string_view input, const outcome& expected, const limits& l = {},
                      bool strict = false) {
    INFO("input: " << std::string(input));
    CHECK(feed_whole(input, l, strict) == expected);
    for (std::size_t k = 0; k <= input.size(); ++k) {
        INFO("split at " << k);
        CHECK(feed(input, {k}, l, strict) == expected);
    }
    CHECK(feed(input, every_byte(input.size()), l, strict) == expected);
}

outcome complete_with(std::size_t size, std::vector<lit> literals = {}) {
    outcome o;
    o.complete = true;
    o.size = size;
    o.literals = std::move(literals);
    return o;
}

outcome failed_with(errc e) {
    outcome o;
    o.ec = make_error_code(e);
    return o;
}

std::error_code error_of(std::string_view input, const limits& l = {}, bool strict = false) {
    return feed_whole(input, l, strict).ec;
}

struct oracle_case {
    std::string_view input;
    std::size_t size;
    std::vector<lit> literals;
};

// Expected frames computed with imaplib.py 3.11: its _get_response() applied
// `.*{(?P<size>\d+)}$` to the untagged data part of the first line (Untagged_response,
// then Untagged_status) and to every line after a literal.
const std::vector<oracle_case>& oracle_cases() {
    static const std::vector<oracle_case> cases = {
        {"* OK IMAP4rev1 ready\r\n", 22, {}},
        {"A001 OK done\r\n", 14, {}},
        {"+ go ahead\r\n", 12, {}},
        {"+\r\n", 3, {}},
        {"\r\n", 2, {}},
        {"* 1 FETCH (BODY[] {5}\r\nhello)\r\n", 31, {{18, 23, 5}}},
        {"* 1 FETCH (BODY[] {0}\r\n)\r\n", 26, {{18, 23, 0}}},
        {"* 1 FETCH (BODY[HEADER] {3}\r\nabc BODY[TEXT] {4}\r\ndefg)\r\n", 56,
         {{24, 29, 3}, {44, 49, 4}}},
        {std::string_view("* 1 FETCH (BINARY[] ~{4}\r\n\x00\r\n\x01)\r\n", 33), 33, {{20, 26, 4}}},
        {"* LIST () \"/\" {3}\r\nfoo\r\n", 24, {{14, 19, 3}}},
        {"* LIST () \"/\" {3}\r\n{3}\r\n{5}\r\n", 24, {{14, 19, 3}}},
        {"* 1 FETCH (BODY[] {5}\r\n{5}\r\n\r\n", 30, {{18, 23, 5}}},
        {"* 1 FETCH (X {007}\r\nabcdefg)\r\n", 30, {{13, 20, 7}}},
        {"* OK {5}\r\nhello\r\n", 17, {{5, 10, 5}}},
        {"* OK{5}\r\nrest\r\n", 9, {}},
        {"* {5}\r\n", 7, {}},
        {"* 1 {5}\r\n", 9, {}},
        {"* 1 FETCH{5}\r\n", 14, {}},
        {"* 12 EXPUNGE {2}\r\nxy\r\n", 22, {{13, 18, 2}}},
        {"* -1 FETCH {2}\r\nxy\r\n", 16, {}},
        {"* A-B {2}\r\nxy\r\n", 15, {{6, 11, 2}}},
        {"* 1 A-B {2}\r\nxy\r\n", 17, {{8, 13, 2}}},
        {"A001 OK {5}\r\n", 13, {}},
        {"+ {5}\r\n", 7, {}},
        {"* OK {-1}\r\n", 11, {}},
        {"* OK {}\r\n", 9, {}},
        {"* OK {1a}\r\n", 11, {}},
        {"* OK { 5}\r\n", 11, {}},
        {"* OK {5+}\r\n", 11, {}},
        {"* OK x{2}\r\nab\r\n", 15, {{6, 11, 2}}},
        {"* OK {{2}\r\nab\r\n", 15, {{6, 11, 2}}},
        {"* OK {2}}\r\n", 11, {}},
        {"* OK [ALERT] {braces}\r\n", 23, {}},
        {"* OK ~{2}\r\nab\r\n", 15, {{5, 11, 2}}},
        {"* 1 FETCH (BODY[] {2}\r\nab {x}\r\n", 31, {{18, 23, 2}}},
        {"* 1 FETCH (BODY[] {2}\r\nab {1}\r\nc{0}\r\n\r\n", 39,
         {{18, 23, 2}, {26, 31, 1}, {32, 37, 0}}},
        {"* ok {2}\r\nab\r\n", 10, {}},
        {"*  OK {2}\r\nab\r\n", 11, {}},
    };
    return cases;
}

// Strict mode refuses what imaplib would silently read as text although it looks like
// (or is) a literal announcement.
bool strict_rejects(std::string_view input) {
    static const std::vector<std::string_view> rejected = {
        "* OK{5}\r\nrest\r\n", "* {5}\r\n",        "* 1 {5}\r\n",      "* 1 FETCH{5}\r\n",
        "* -1 FETCH {2}\r\nxy\r\n", "* OK {-1}\r\n", "* OK {}\r\n",     "* OK {1a}\r\n",
        "* OK { 5}\r\n",     "* OK {5+}\r\n",     "* OK {2}}\r\n",    "* ok {2}\r\nab\r\n",
        "*  OK {2}\r\nab\r\n",
    };
    return std::find(rejected.begin(), rejected.end(), input) != rejected.end();
}

std::string realistic_fetch(std::size_t n, std::size_t body) {
    std::string text;
    for (std::size_t i = 0; i < body; ++i) text += (i % 60 == 59) ? '\n' : char('a' + i % 26);
    return "* " + std::to_string(n) + " FETCH (UID " + std::to_string(1000 + n) +
           " FLAGS (\\Seen) BODY[] {" + std::to_string(text.size()) + "}\r\n" + text + ")\r\n";
}

}  // namespace

TEST_CASE("framing: splits exactly where imaplib.py does", "[framing]") {
    for (const oracle_case& c : oracle_cases()) {
        check_all_splits(c.input, complete_with(c.size, c.literals));
    }
}

TEST_CASE("framing: strict mode agrees or refuses", "[framing]") {
    for (const oracle_case& c : oracle_cases()) {
        if (strict_rejects(c.input)) {
            check_all_splits(c.input, failed_with(errc::malformed_response), {}, true);
        } else {
            check_all_splits(c.input, complete_with(c.size, c.literals), {}, true);
        }
    }
    // "{...}" that is not count-like stays text in strict mode, as RFC 3501 text.
    CHECK(feed_whole("* OK [ALERT] {braces}\r\n", {}, true) == complete_with(23));
    // Tagged and continuation lines never announce, in either mode.
    CHECK(feed_whole("A1 OK {}\r\n", {}, true) == complete_with(10));
    CHECK(feed_whole("+ {-1}\r\n", {}, true) == complete_with(8));
    // After a literal every line may announce, so every line is checked.
    CHECK(error_of("* 1 FETCH (BODY[] {1}\r\nx {-3}\r\n", {}, true) == errc::malformed_response);
    CHECK(error_of("* 1 FETCH (BODY[] {1}\r\nx {-3}\r\n") == std::error_code{});
}

TEST_CASE("framing: the line-end scan finds LF, CR and NUL at any position", "[framing]") {
    using imaplib::framing::detail::find_line_control;
    // Bytes that differ from LF / CR / NUL only in the high bit must not match.
    const std::string filler = "a\x8a\x8d\x80\xff{}~ 9";
    for (std::size_t len = 0; len <= 70; ++len) {
        std::string text;
        for (std::size_t k = 0; k < len; ++k) text += filler[k % filler.size()];
        CHECK(find_line_control(text.data(), text.data() + len) == text.data() + len);
        for (std::size_t at = 0; at < len; ++at) {
            for (char c : {'\n', '\r', '\0'}) {
                std::string hit = text;
                hit[at] = c;
                if (at + 1 < len) hit[len - 1] = '\n';  // a later one must not win
                CHECK(find_line_control(hit.data(), hit.data() + len) == hit.data() + at);
            }
        }
    }
}

TEST_CASE("framing: realistic responses, literal at the very end, literal8", "[framing]") {
    const std::string fetch = realistic_fetch(7, 300);
    const std::size_t header = fetch.find('{');
    const std::size_t offset = fetch.find("\r\n") + 2;
    check_all_splits(fetch, complete_with(fetch.size(), {{header, offset, 300}}));

    // The literal is the last thing before the final CRLF: the trailing line is empty.
    const std::string at_end = "* LIST () \"/\" {5}\r\nINBOX\r\n";
    check_all_splits(at_end, complete_with(26, {{14, 19, 5}}));
    // N counts, not the line structure: here the literal's last byte starts the line.
    const std::string short_count = "* LIST () \"/\" {4}\r\nINBOX\r\n";
    check_all_splits(short_count, complete_with(26, {{14, 19, 4}}));

    // literal8 (RFC 3516): opaque bytes, including CR, LF, NUL and "{9}" CRLF look-alikes.
    const std::string binary_bytes("\r\n\0{9}\r\n\r\x01", 11);
    const std::string binary = "* 2 FETCH (BINARY[1] ~{11}\r\n" + binary_bytes + ")\r\n";
    check_all_splits(binary, complete_with(binary.size(), {{21, 28, 11}}));
    CHECK(binary[21] == '~');

    // Many literals in one response.
    std::string many = "* 3 FETCH (";
    std::vector<lit> expected;
    for (int i = 0; i < 20; ++i) {
        many += "BODY[" + std::to_string(i) + "] ";
        const std::size_t h = many.size();
        const std::string payload(static_cast<std::size_t>(i), 'x');
        many += "{" + std::to_string(i) + "}\r\n";
        expected.push_back({h, many.size(), payload.size()});
        many += payload + " ";
    }
    many += ")\r\n";
    check_all_splits(many, complete_with(many.size(), expected));
}

TEST_CASE("framing: back-to-back responses in one buffer", "[framing]") {
    const std::string first = "* 1 FETCH (BODY[] {5}\r\nA\r\nB\n)\r\n";
    const std::string second = "* 2 EXISTS\r\n";
    const std::string third = "* LIST () \"/\" {3}\r\nfoo\r\n";
    const std::string fourth = "A7 OK done\r\n";
    std::string buffer = first + second + third + fourth;

    response_reader reader;
    std::error_code ec;
    std::vector<std::string> frames;
    std::vector<std::vector<lit>> literals;
    while (!buffer.empty()) {
        REQUIRE(reader.parse(buffer, ec) == status::complete);
        REQUIRE_FALSE(ec);
        frames.push_back(buffer.substr(0, reader.size()));
        literals.push_back(copy_literals(reader));
        buffer.erase(0, reader.size());
        reader.reset();
    }
    CHECK(frames == std::vector<std::string>{first, second, third, fourth});
    CHECK(literals[0] == std::vector<lit>{{18, 23, 5}});
    CHECK(literals[1].empty());
    CHECK(literals[2] == std::vector<lit>{{14, 19, 3}});  // offsets of the new frame
    CHECK(literals[3].empty());

    // parse() after complete (without reset) keeps reporting the same frame.
    response_reader again;
    const std::string two = second + fourth;
    REQUIRE(again.parse(two, ec) == status::complete);
    CHECK(again.parse(two, ec) == status::complete);
    CHECK(again.size() == second.size());
}

TEST_CASE("framing: reset keeps the literal storage", "[framing]") {
    response_reader reader;
    std::error_code ec;
    const std::string many = "* 1 FETCH (A {0}\r\n B {0}\r\n C {0}\r\n)\r\n";
    REQUIRE(reader.parse(many, ec) == status::complete);
    REQUIRE(reader.literals().size() == 3);
    const auto* storage = reader.literals().data();
    reader.reset();
    CHECK(reader.literals().empty());
    CHECK(reader.size() == 0);
    REQUIRE(reader.parse(many, ec) == status::complete);
    CHECK(reader.literals().data() == storage);
}

TEST_CASE("framing: line length limit", "[framing][limits]") {
    limits l;
    l.max_line = 20;
    const std::string at = "* OK " + std::string(15, 'x');  // 20 bytes of text
    REQUIRE(at.size() == 20);
    check_all_splits(at + "\r\n", complete_with(22), l);
    check_all_splits(at + "\n", complete_with(21), l);  // bare LF, tolerant mode
    check_all_splits(at + "y\r\n", failed_with(errc::line_too_long), l);
    check_all_splits(at + "y\n", failed_with(errc::line_too_long), l);

    // Found as soon as the limit is passed, without waiting for a line end.
    CHECK(error_of(at + "y", l) == errc::line_too_long);
    CHECK(error_of(at + "yyyyyyyyyyyyyyyyyyyyyyyyy", l) == errc::line_too_long);
    // At the limit, a trailing CR may still be the CR of CRLF: wait for the next byte.
    response_reader reader(l);
    std::error_code ec;
    std::string buffer = at + "\r";
    CHECK(reader.parse(buffer, ec) == status::need_more);
    CHECK_FALSE(ec);
    buffer += "\n";
    CHECK(reader.parse(buffer, ec) == status::complete);
    CHECK(reader.size() == 22);

    // Literal bytes are not line text; each line after a literal is measured alone.
    const std::string head = "* 1 FETCH (BODY[] {40}\r\n";  // 22 bytes of text
    limits l2;
    l2.max_line = 22;
    const std::string body(40, 'b');
    const std::string tail = std::string(21, ')') + " ";  // 22 bytes of text
    const std::string ok = head + body + tail + "\r\n";
    check_all_splits(ok, complete_with(ok.size(), {{18, 24, 40}}), l2);
    check_all_splits(head + body + tail + ")\r\n", failed_with(errc::line_too_long), l2);
    limits l3;
    l3.max_line = 21;
    CHECK(error_of(head, l3) == errc::line_too_long);
}

TEST_CASE("framing: literal size limit is checked at the announcement", "[framing][limits]") {
    limits l;
    l.max_literal = 100;
    const std::string at = "* 1 FETCH (BODY[] {100}\r\n";
    const std::string ok = at + std::string(100, 'z') + ")\r\n";
    check_all_splits(ok, complete_with(ok.size(), {{18, 25, 100}}), l);

    // One past: refused with only the header line in the buffer, no byte awaited.
    response_reader reader(l);
    std::error_code ec;
    CHECK(reader.parse("* 1 FETCH (BODY[] {101}\r\n", ec) == status::need_more);
    CHECK(ec == errc::literal_too_large);
    CHECK(error_of("* 1 FETCH (BODY[] ~{101}\r\n", l) == errc::literal_too_large);
    CHECK(error_of("* 1 FETCH (BODY[] {0000000000000000000000100}\r\nx", l) ==
          std::error_code{});  // leading zeros: still 100, imaplib's int()

    // Counts that do not fit: refused, never wrapped around to something small.
    CHECK(error_of("* 1 FETCH (BODY[] {99999999999999999999}\r\n") == errc::literal_too_large);
    CHECK(error_of("* 1 FETCH (BODY[] {18446744073709551621}\r\n") == errc::literal_too_large);
    limits unlimited;
    unlimited.max_literal = static_cast<std::size_t>(-1);
    unlimited.max_response = static_cast<std::size_t>(-1);
    CHECK(error_of("* 1 FETCH (BODY[] {99999999999999999999}\r\n", unlimited) ==
          errc::literal_too_large);
    CHECK(error_of("* 1 FETCH (BODY[] {18446744073709551616}\r\n", unlimited) ==
          errc::literal_too_large);
    // SIZE_MAX itself fits max_literal but not a response of at most SIZE_MAX bytes.
    CHECK(error_of("* 1 FETCH (BODY[] {18446744073709551615}\r\n", unlimited) ==
          errc::response_too_large);

    limits zero;
    zero.max_literal = 0;
    check_all_splits("* 1 FETCH (BODY[] {0}\r\n)\r\n", complete_with(26, {{18, 23, 0}}), zero);
    CHECK(error_of("* 1 FETCH (BODY[] {1}\r\n", zero) == errc::literal_too_large);
}

TEST_CASE("framing: response size limit", "[framing][limits]") {
    const std::string plain = "* 1 EXISTS\r\n";  // 12 bytes
    limits l;
    l.max_response = plain.size();
    check_all_splits(plain, complete_with(12), l);
    l.max_response = plain.size() - 1;
    check_all_splits(plain, failed_with(errc::response_too_large), l);
    // Found before the line ends: 11 bytes could still be "* 1 EXISTS" LF, but not
    // "* 1 EXISTS " plus anything. After a CR the next byte decides (CRLF: too large;
    // anything else: malformed), so that the error never depends on the split.
    CHECK(error_of("* 1 EXISTS", l) == std::error_code{});
    CHECK(error_of("* 1 EXISTS ", l) == errc::response_too_large);
    CHECK(error_of("* 1 EXISTS\r", l) == std::error_code{});
    CHECK(error_of("* 1 EXISTS\rx", l) == errc::malformed_response);

    const std::string with_literal = "* 1 FETCH (BODY[] {10}\r\n0123456789)\r\n";  // 37 bytes
    l.max_response = with_literal.size();
    check_all_splits(with_literal, complete_with(37, {{18, 24, 10}}), l);
    l.max_response = with_literal.size() - 1;
    check_all_splits(with_literal, failed_with(errc::response_too_large), l);

    // A literal whose bytes alone would pass the limit is refused at its announcement.
    l.max_response = 30;
    response_reader reader(l);
    std::error_code ec;
    CHECK(reader.parse("* 1 FETCH (BODY[] {10}\r\n", ec) == status::need_more);
    CHECK(ec == errc::response_too_large);

    // Frame = header (24) + literal (10) + at least a line end: 35 in tolerant mode
    // (bare LF allowed), 36 in strict mode (CRLF).
    const std::string header_only = "* 1 FETCH (BODY[] {10}\r\n";
    l.max_response = 35;
    CHECK(error_of(header_only, l) == std::error_code{});
    CHECK(error_of(header_only, l, true) == errc::response_too_large);
    check_all_splits(header_only + "0123456789\n", complete_with(35, {{18, 24, 10}}), l);
    l.max_response = 34;
    CHECK(error_of(header_only, l) == errc::response_too_large);
}

TEST_CASE("framing: malformed line bytes", "[framing]") {
    for (bool strict : {false, true}) {
        INFO("strict " << strict);
        // NUL inside a line.
        check_all_splits(std::string("* OK a\0b\r\n", 10), failed_with(errc::malformed_response),
                         {}, strict);
        // CR not followed by LF.
        check_all_splits("* OK a\rb\r\n", failed_with(errc::malformed_response), {}, strict);
        check_all_splits("* OK a\r\r\n", failed_with(errc::malformed_response), {}, strict);
        // The same after a literal.
        check_all_splits(std::string("* 1 FETCH (BODY[] {1}\r\nx\0)\r\n", 28),
                         failed_with(errc::malformed_response), {}, strict);
        check_all_splits("* 1 FETCH (BODY[] {1}\r\nx\r)\r\n", failed_with(errc::malformed_response),
                         {}, strict);
        // A lone CR at the end of what arrived is not yet an error.
        response_reader reader({}, strict);
        std::error_code ec;
        CHECK(reader.parse("* OK a\r", ec) == status::need_more);
        CHECK_FALSE(ec);
        CHECK(reader.parse("* OK a\rX", ec) == status::need_more);
        CHECK(ec == errc::malformed_response);
    }
    // Bare LF: tolerated (some servers end "}\n"), except in strict mode.
    const std::string lf = "* 1 FETCH (BODY[] {5}\nhello)\n";
    check_all_splits(lf, complete_with(lf.size(), {{18, 22, 5}}));
    check_all_splits(lf, failed_with(errc::malformed_response), {}, true);
    check_all_splits("* OK hi\n", failed_with(errc::malformed_response), {}, true);
    // A NUL right where a literal would start belongs to the literal.
    const std::string nul = std::string("* 1 FETCH (BODY[] {1}\r\n\0)\r\n", 27);
    check_all_splits(nul, complete_with(27, {{18, 23, 1}}), {}, true);
}

TEST_CASE("framing: the error does not depend on how bytes were split", "[framing]") {
    // Decided from the first LF, CR or NUL: a prefix that already passes a limit gives
    // the same error as the whole input, even when a NUL follows.
    limits l;
    l.max_line = 20;
    const std::string long_then_nul = "* OK " + std::string(20, 'x') + std::string("\0\r\n", 3);
    check_all_splits(long_then_nul, failed_with(errc::line_too_long), l);
    const std::string at_limit_then_nul = "* OK " + std::string(15, 'x') + std::string("\0\r\n", 3);
    check_all_splits(at_limit_then_nul, failed_with(errc::malformed_response), l);
    limits r;
    r.max_response = 10;
    check_all_splits(std::string("* OK abcdefghij\0\r\n", 18), failed_with(errc::response_too_large),
                     r);
    check_all_splits(std::string("* OK abcd\0\r\n", 12), failed_with(errc::malformed_response), r);
}

TEST_CASE("framing: errors are final", "[framing]") {
    response_reader reader;
    std::error_code ec;
    std::string buffer = "* OK a";
    buffer.push_back('\0');
    CHECK(reader.parse(buffer, ec) == status::need_more);
    REQUIRE(ec == errc::malformed_response);
    buffer += "\r\n* OK fine\r\n";
    CHECK(reader.parse(buffer, ec) == status::need_more);
    CHECK(ec == errc::malformed_response);
    CHECK(reader.size() == 0);
    reader.reset();
    CHECK(reader.parse("* OK fine\r\n", ec) == status::complete);
    CHECK_FALSE(ec);

    // A buffer shorter than the last one breaks the contract: reported, no crash.
    response_reader shrunk;
    CHECK(shrunk.parse("* OK partial", ec) == status::need_more);
    CHECK(shrunk.parse("* OK", ec) == status::need_more);
    CHECK(ec == errc::invalid_argument);
}

TEST_CASE("framing: linear time whatever the split", "[framing]") {
    // A long line and a large literal fed one byte at a time: each byte is examined a
    // bounded number of times (a rescan per call would make this quadratic: ~5e9).
    const std::string line = "* OK " + std::string(100000, 'x') + "\r\n";
    response_reader reader;
    std::error_code ec;
    std::string buffer;
    status st = status::need_more;
    for (char c : line) {
        buffer.push_back(c);
        st = reader.parse(buffer, ec);
        REQUIRE_FALSE(ec);
    }
    REQUIRE(st == status::complete);
    CHECK(reader.size() == line.size());
    CHECK(reader.bytes_examined() >= line.size() - 2);
    CHECK(reader.bytes_examined() <= 2 * line.size());

    // Literal bytes are skipped, not examined.
    reader.reset();
    buffer.clear();
    const std::string fetch = realistic_fetch(1, 200000);
    for (char c : fetch) {
        buffer.push_back(c);
        st = reader.parse(buffer, ec);
        REQUIRE_FALSE(ec);
    }
    REQUIRE(st == status::complete);
    CHECK(reader.size() == fetch.size());
    CHECK(reader.bytes_examined() <= 2 * (fetch.size() - 200000));
}

TEST_CASE("framing: streaming literal bytes past the buffer", "[framing][stream]") {
    const std::string payload = "0123456789abcdefghij";  // 20 bytes
    const std::string head = "* 9 FETCH (BODY[] {20}\r\n";  // 24 bytes
    const std::string rest = " BODY[1] {3}\r\nxyz)\r\n";
    const std::string wire = head + payload + rest;

    // The caller keeps the lines and sends the first literal to a sink: 4 bytes arrive
    // with the header, 10 are read straight into the sink, 3 more come in the buffer
    // and are handed over too, and the last 3 are read straight into the sink.
    response_reader reader;
    std::error_code ec;
    std::string buffer = head + payload.substr(0, 4);
    std::string sink;
    REQUIRE(reader.parse(buffer, ec) == status::need_more);
    REQUIRE(reader.in_literal());
    CHECK(reader.literal_remaining() == 16);
    CHECK(reader.literal_buffered() == 4);
    const std::size_t at = reader.literals().back().offset;
    CHECK(at == head.size());

    auto hand_over = [&](std::size_t direct) {
        sink.append(buffer, at, reader.literal_buffered());
        buffer.resize(at);
        sink.append(payload, sink.size(), direct);  // as if read into the sink
        reader.skip_literal_bytes(direct);
    };
    hand_over(10);
    CHECK(reader.in_literal());
    CHECK(reader.literal_remaining() == 6);
    CHECK(reader.literal_buffered() == 0);

    buffer += payload.substr(14, 3);
    REQUIRE(reader.parse(buffer, ec) == status::need_more);
    CHECK(reader.literal_buffered() == 3);
    CHECK(reader.literal_remaining() == 3);
    hand_over(3);
    CHECK_FALSE(reader.in_literal());
    CHECK(reader.literal_remaining() == 0);
    CHECK(sink == payload);

    // The rest arrives in the buffer; offsets are into the compacted buffer.
    buffer += rest;
    REQUIRE(reader.parse(buffer, ec) == status::complete);
    CHECK(buffer == head + rest);
    CHECK(reader.size() == buffer.size());
    CHECK(copy_literals(reader) ==
          std::vector<lit>{{18, 24, 20, 20}, {33, 38, 3, 0}});
    CHECK(buffer.substr(38, 3) == "xyz");

    // Streaming only the start of a literal: the buffer keeps its last bytes.
    response_reader partial;
    buffer = head + payload.substr(0, 5);
    REQUIRE(partial.parse(buffer, ec) == status::need_more);
    buffer.resize(head.size());
    partial.skip_literal_bytes(5);  // 5 buffered bytes dropped, 5 more read elsewhere
    buffer += payload.substr(10) + rest;
    REQUIRE(partial.parse(buffer, ec) == status::complete);
    CHECK(partial.literals()[0].streamed == 10);
    CHECK(buffer.substr(partial.literals()[0].offset, 20 - 10) == payload.substr(10));
    CHECK(partial.size() == buffer.size());
    CHECK(buffer.substr(partial.literals()[1].offset, 3) == "xyz");

    // A zero-byte skip just drops what is buffered.
    response_reader zero;
    buffer = head + payload.substr(0, 7);
    REQUIRE(zero.parse(buffer, ec) == status::need_more);
    buffer.resize(head.size());
    zero.skip_literal_bytes(0);
    CHECK(zero.literal_remaining() == 13);
    buffer += payload.substr(7) + rest;
    REQUIRE(zero.parse(buffer, ec) == status::complete);
    CHECK(zero.literals()[0].streamed == 7);
    CHECK(zero.size() == buffer.size());
}

TEST_CASE("framing: streaming contract violations and limits", "[framing][stream]") {
    std::error_code ec;
    // Not inside a literal.
    response_reader outside;
    outside.skip_literal_bytes(1);
    CHECK(outside.parse("* OK\r\n", ec) == status::need_more);
    CHECK(ec == errc::invalid_argument);

    // More than the literal has left.
    response_reader too_many;
    REQUIRE(too_many.parse("* 1 FETCH (BODY[] {5}\r\nab", ec) == status::need_more);
    CHECK(too_many.literal_remaining() == 3);
    too_many.skip_literal_bytes(4);
    CHECK(too_many.parse("* 1 FETCH (BODY[] {5}\r\n", ec) == status::need_more);
    CHECK(ec == errc::invalid_argument);

    // max_response still counts streamed bytes: it bounds the response on the wire.
    const std::string head = "* 1 FETCH (BODY[] {10}\r\n";  // 24 + 10 + ")\r\n" = 37
    for (std::size_t max : {std::size_t{37}, std::size_t{36}}) {
        limits l;
        l.max_response = max;
        response_reader reader(l);
        std::string buffer = head + "0123";
        REQUIRE(reader.parse(buffer, ec) == status::need_more);
        buffer.resize(head.size());
        reader.skip_literal_bytes(6);
        buffer += ")\r\n";
        const status st = reader.parse(buffer, ec);
        if (max == 37) {
            CHECK(st == status::complete);
            CHECK(reader.size() == 27);
        } else {
            CHECK(ec == errc::response_too_large);
        }
    }
}
