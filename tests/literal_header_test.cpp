// A literal's header ("{N}", "{N+}", "~{N}" CRLF) is read by one function
// (detail/literal_header.hpp); every reader of server bytes goes through it: the grammar
// (with and without a value index, so over the index too), the value tape, the views, the
// framing and the testing transports. One table of headers, every caller, one verdict.
#include <imaplib/detail/literal_header.hpp>
#include <imaplib/framing/reader.hpp>
#include <imaplib/grammar/grammar.hpp>
#include <imaplib/transport/memory.hpp>

#include "support/view_dump.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace g = imaplib::grammar;
namespace d = imaplib::detail;
using imaplib::errc;
using status = d::literal_header_status;

namespace {

constexpr std::size_t max_literal = 16;
constexpr char forty_two[] = "42}";  // the callers that check limits get this one

struct row {
    const char* name;
    std::string header;  // from "{" or "~{" through CRLF, as far as there is one
    std::string data;    // the bytes after it
    status expect;       // what the header parser says (number64 as the cap)
    std::uint64_t count;
    bool plus;
    bool eight;
};

const row table[] = {
    {"plain", "{5}\r\n", "hello", status::ok, 5, false, false},
    {"empty", "{0}\r\n", "", status::ok, 0, false, false},
    {"non-synchronizing", "{5+}\r\n", "hello", status::ok, 5, true, false},
    {"literal8", "~{5}\r\n", std::string("he\0lo", 5), status::ok, 5, false, true},
    {"leading zeros", "{005}\r\n", "hello", status::ok, 5, false, false},
    {"at max_literal", "{16}\r\n", "abcdefghijklmnop", status::ok, 16, false, false},
    {"max_literal plus one", "{17}\r\n", "abcdefghijklmnopq", status::ok, 17, false, false},
    {"20-digit overflow", "{99999999999999999999}\r\n", "x", status::too_large, 0, false, false},
    {"2 to the 63", "{9223372036854775808}\r\n", "x", status::too_large, 0, false, false},
    {"missing brace", "{5\r\n", "hello", status::none, 0, false, false},
    {"missing CRLF", "{5}", "hello", status::none, 0, false, false},
    {"non-digit", "{x}\r\n", "hello", status::none, 0, false, false},
    {"no digits", "{}\r\n", "hello", status::none, 0, false, false},
    {"digit then letter", "{1a}\r\n", "hello", status::none, 0, false, false},
};

std::string prefix_of(const row& r) { return r.eight ? "* 1 FETCH (BINARY[] " : "* 1 FETCH (BODY[] "; }

std::string frame_of(const row& r) { return prefix_of(r) + r.header + r.data + ")\r\n"; }

g::parse_options options() {
    g::parse_options o;
    o.limits.max_literal = max_literal;
    return o;
}

// What a caller that applies max_literal makes of the header.
enum class verdict { literal, too_large, not_literal };

verdict limited(const row& r) {
    if (r.expect == status::too_large) return verdict::too_large;
    if (r.expect == status::none) return verdict::not_literal;
    return r.count > max_literal ? verdict::too_large : verdict::literal;
}

}  // namespace

TEST_CASE("the literal header parser reads each header of the table", "[literal_header]") {
    for (const row& r : table) {
        INFO(r.name);
        const std::string bytes = r.header + r.data;
        const char* p = bytes.data();
        const d::literal_header h = d::parse_literal_header(p, p + bytes.size(), d::number64_max);
        CHECK(h.status == r.expect);
        if (r.expect != status::ok) continue;
        CHECK(h.count == r.count);
        CHECK(h.plus == r.plus);
        CHECK(h.eight == r.eight);
        CHECK(h.data == p + r.header.size());
    }
}

TEST_CASE("the literal header parser: cut short, the cap and constant evaluation", "[literal_header]") {
    // every prefix of a whole header is no header, never a count
    const std::string whole = "~{12+}\r\n";
    for (std::size_t n = 0; n < whole.size(); ++n) {
        INFO(n);
        CHECK(d::parse_literal_header(whole.data(), whole.data() + n, d::number64_max).status == status::none);
    }
    // the cap is checked digit by digit: 16 passes a cap of 16, 17 does not
    const std::string_view c16 = "16}";
    const std::string_view c17 = "17}";
    CHECK_FALSE(d::take_literal_count(c16.data(), c16.data() + c16.size(), 16).too_large);
    CHECK(d::take_literal_count(c16.data(), c16.data() + c16.size(), 16).value == 16);
    const d::literal_count over = d::take_literal_count(c17.data(), c17.data() + c17.size(), 16);
    CHECK(over.too_large);
    CHECK(over.end == c17.data() + 1);  // at the digit that passed the cap
    // number64's largest value is a count; one more is not
    const std::string_view top = "9223372036854775807";
    CHECK(d::take_literal_count(top.data(), top.data() + top.size(), d::number64_max).value == d::number64_max);
    static_assert(d::take_literal_count(forty_two, forty_two + 3, d::number64_max).value == 42);
}

TEST_CASE("the grammar agrees with the literal header table, with and without an index", "[literal_header]") {
    for (const row& r : table) {
        INFO(r.name);
        const std::string frame = frame_of(r);
        const verdict v = limited(r);

        g::response_view plain;
        std::error_code plain_ec;
        g::parse_error plain_err;
        const bool plain_ok = g::parse_response(frame, plain, plain_ec, options(), &plain_err);

        g::value_index index;
        g::response_view indexed;
        std::error_code indexed_ec;
        g::parse_error indexed_err;
        const bool indexed_ok = g::parse_response(frame, indexed, index, indexed_ec, options(), &indexed_err);

        CHECK(plain_ok == (v == verdict::literal));
        CHECK(indexed_ok == plain_ok);
        if (v == verdict::literal) {
            const g::value val = plain.as_fetch().find(r.eight ? "BINARY[]" : "BODY[]").val;
            CHECK(val.kind() == (r.eight ? g::value_kind::literal8 : g::value_kind::literal));
            CHECK(val.data() == r.data);
            CHECK(imaplib_test::view_dump::of(indexed) == imaplib_test::view_dump::of(plain));
            continue;
        }
        CHECK(indexed_ec == plain_ec);
        CHECK(indexed_err.offset == plain_err.offset);
        CHECK(indexed_err.expected == plain_err.expected);
        if (v == verdict::too_large) {
            CHECK(plain_ec == errc::literal_too_large);
            CHECK(plain_err.offset == prefix_of(r).size());  // at the "{" (or "~")
            CHECK(plain_err.expected == "literal size");
        } else {
            CHECK(plain_ec == errc::parse_error);
        }
    }
}

TEST_CASE("the value tape and the views agree with the literal header table", "[literal_header]") {
    for (const row& r : table) {
        INFO(r.name);
        const std::string bytes = r.header + r.data + ")";
        const char* p = bytes.data();
        std::string_view data;
        const char* past = g::detail::skip_literal(p, p + bytes.size(), data);
        if (r.expect != status::ok) {
            CHECK(past == nullptr);
            continue;
        }
        REQUIRE(past != nullptr);
        CHECK(data == r.data);
        CHECK(past == p + r.header.size() + r.data.size());
    }
}

TEST_CASE("framing agrees with the literal header table", "[literal_header]") {
    imaplib::limits limits;
    limits.max_literal = max_literal;
    for (const row& r : table) {
        INFO(r.name);
        const std::string frame = frame_of(r);
        imaplib::framing::response_reader reader(limits);
        std::error_code ec;
        const auto st = reader.parse(frame, ec);
        // imaplib honours "{digits}" at a line's end only (`.*{(?P<size>\d+)}$`): no "+".
        const verdict v = r.plus ? verdict::not_literal : limited(r);
        if (v == verdict::too_large) {
            CHECK(ec == errc::literal_too_large);
            continue;
        }
        REQUIRE_FALSE(ec);
        REQUIRE(st == imaplib::framing::status::complete);
        if (v == verdict::not_literal) {
            CHECK(reader.literals().empty());
            CHECK(reader.size() == frame.find("\r\n") + 2);
            continue;
        }
        REQUIRE(reader.literals().size() == 1);
        const imaplib::framing::literal& l = reader.literals()[0];
        CHECK(l.header == prefix_of(r).size());
        CHECK(l.offset == prefix_of(r).size() + r.header.size());
        CHECK(l.size == r.count);
        CHECK(reader.size() == frame.size());
    }
}

TEST_CASE("the testing transports agree with the literal header table", "[literal_header]") {
    // memory_transport and the recorder cut literals with literal_announcement; no
    // max_literal there (a test may announce anything), only number64.
    for (const row& r : table) {
        INFO(r.name);
        const std::string frame = frame_of(r);
        const std::string line = frame.substr(0, frame.find("\r\n") + 2);
        const std::optional<std::size_t> n = d::literal_announcement(line);
        if (r.expect != status::ok) {
            CHECK_FALSE(n);
            continue;
        }
        REQUIRE(n);
        CHECK(*n == r.count);
    }
}
