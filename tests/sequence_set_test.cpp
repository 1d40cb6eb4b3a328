// imaplib::sequence_set: RFC 9051's sequence-set and uid-set as ranges.
#include <imaplib/engine/sequence_set.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using imaplib::seq_range;
using imaplib::sequence_set;

TEST_CASE("sequence_set parses numbers, ranges and star, keeping the server's order", "[sequence_set]") {
    std::error_code ec;
    auto s = sequence_set::parse("7,1:3,9:*,5:4", ec);
    REQUIRE_FALSE(ec);
    REQUIRE(s.ranges() == std::vector<seq_range>{{7, 7}, {1, 3}, {9, sequence_set::star}, {4, 5}});
    CHECK(s.to_string() == "7,1:3,9:*,4:5");
    CHECK(s.contains(2));
    CHECK_FALSE(s.contains(6));
    CHECK(s.contains(4000000000u));
    s.normalize();
    CHECK(s.to_string() == "1:5,7,9:*");
}

TEST_CASE("sequence_set merges touching numbers as they come", "[sequence_set]") {
    std::error_code ec;
    auto s = sequence_set::parse("1,2,3,5,6,10", ec);
    REQUIRE_FALSE(ec);
    CHECK(s.ranges().size() == 3);
    CHECK(s.to_string() == "1:3,5:6,10");
    CHECK(s.size() == 6);
    std::vector<std::uint32_t> all;
    s.for_each([&](std::uint32_t n) { all.push_back(n); });
    CHECK(all == std::vector<std::uint32_t>{1, 2, 3, 5, 6, 10});
}

TEST_CASE("a six-million-UID set is one range", "[sequence_set]") {
    std::error_code ec;
    auto s = sequence_set::parse("1:6000000", ec);
    REQUIRE_FALSE(ec);
    CHECK(s.ranges().size() == 1);
    CHECK(s.size() == 6000000u);
}

TEST_CASE("sequence_set refuses what the ABNF does not allow", "[sequence_set]") {
    for (const char* bad : {"", "0", "1:0", ",1", "1,", "1::2", "1:2:3", "a", "1 2", "4294967296", "01x", "-1"}) {
        INFO(bad);
        std::error_code ec;
        auto s = sequence_set::parse(bad, ec);
        CHECK(ec == imaplib::errc::parse_error);
        CHECK(s.empty());
    }
    std::error_code ec;
    sequence_set::parse("1:*", ec, /*allow_star=*/false);
    CHECK(ec == imaplib::errc::parse_error);
}

TEST_CASE("sequence_set bounds how many parts a server may send", "[sequence_set]") {
    std::string text;
    for (std::size_t i = 0; i <= sequence_set::max_ranges; ++i) {
        if (i) text += ',';
        text += std::to_string(2 * i + 1);
    }
    std::error_code ec;
    auto s = sequence_set::parse(text, ec);
    CHECK(ec == imaplib::errc::parse_error);
    CHECK(s.empty());
}
