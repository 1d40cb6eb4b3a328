// Tests for include/imaplib/util/: imaplib's module functions and the codecs.
//
// Expected values were produced with CPython 3.11's imaplib (and binascii, hmac,
// email.header); the call that produced each table is named above it, so the tests
// need no Python at run time.
#include <imaplib/util/time.hpp>
#include <imaplib/util/int2ap.hpp>
#include <imaplib/util/flags.hpp>
#include <imaplib/util/base64.hpp>
#include <imaplib/util/md5.hpp>
#include <imaplib/util/mutf7.hpp>
#include <imaplib/util/rfc2047.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace std::string_view_literals;

// Sets TZ for one scope (POSIX setenv/tzset) and restores the previous value.
class tz_scope {
public:
    explicit tz_scope(const char* zone) {
        if (const char* old = std::getenv("TZ")) saved_ = std::string(old);
        ::setenv("TZ", zone, 1);
        ::tzset();
    }
    ~tz_scope() {
        if (saved_)
            ::setenv("TZ", saved_->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
    tz_scope(const tz_scope&) = delete;
    tz_scope& operator=(const tz_scope&) = delete;

private:
    std::optional<std::string> saved_;
};

std::vector<std::string> strings(const std::vector<std::string_view>& views) {
    return {views.begin(), views.end()};
}

std::tm fields(int year, int mon, int day, int hour, int min, int sec, int isdst) {
    std::tm t{};
    t.tm_year = year - 1900;
    t.tm_mon = mon - 1;
    t.tm_mday = day;
    t.tm_hour = hour;
    t.tm_min = min;
    t.tm_sec = sec;
    t.tm_isdst = isdst;
    return t;
}

}  // namespace

// ---------------------------------------------------------------------------------
// Int2AP

TEST_CASE("int_to_ap matches imaplib.Int2AP", "[util][int2ap]") {
    // imaplib.Int2AP(n).decode()
    CHECK(imaplib::int_to_ap(0) == "");
    CHECK(imaplib::int_to_ap(1) == "B");
    CHECK(imaplib::int_to_ap(15) == "P");
    CHECK(imaplib::int_to_ap(16) == "BA");
    CHECK(imaplib::int_to_ap(255) == "PP");
    CHECK(imaplib::int_to_ap(4096) == "BAAA");
    CHECK(imaplib::int_to_ap(65535u) == "PPPP");
    CHECK(imaplib::int_to_ap(12345678L) == "LMGBEO");
    CHECK(imaplib::int_to_ap(std::uint64_t{18446744073709551615u}) == "PPPPPPPPPPPPPPPP");
    // Negative numbers use abs(), as imaplib does.
    CHECK(imaplib::int_to_ap(-5) == "F");
    CHECK(imaplib::int_to_ap(std::int64_t{INT64_MIN}) == "IAAAAAAAAAAAAAAA");
    CHECK(imaplib::int_to_ap(short{-16}) == "BA");
}

// ---------------------------------------------------------------------------------
// ParseFlags

TEST_CASE("parse_flags matches imaplib.ParseFlags", "[util][flags]") {
    using V = std::vector<std::string>;
    // imaplib.ParseFlags(resp)
    CHECK(strings(imaplib::parse_flags(R"(* 1 FETCH (FLAGS (\Seen \Answered)))")) ==
          V{"\\Seen", "\\Answered"});
    CHECK(strings(imaplib::parse_flags("no")).empty());
    CHECK(strings(imaplib::parse_flags("")).empty());
    CHECK(strings(imaplib::parse_flags("FLAGS(a)")).empty());
    CHECK(strings(imaplib::parse_flags("FLAGS ()")).empty());
    CHECK(strings(imaplib::parse_flags(R"(* OK [PERMANENTFLAGS (\* \Deleted)] x)")) ==
          V{"\\*", "\\Deleted"});
    // Gmail: the labels come before FLAGS; only FLAGS' group counts.
    CHECK(strings(imaplib::parse_flags(
              R"(* 1 FETCH (X-GM-LABELS ("\\Inbox" foo) FLAGS (\Seen $Label1) UID 4))")) ==
          V{"\\Seen", "$Label1"});
    // Greedy `.*`: the last "FLAGS (" with a ')' after it wins.
    CHECK(strings(imaplib::parse_flags("FLAGS (a) FLAGS (b)")) == V{"b"});
    CHECK(strings(imaplib::parse_flags("FLAGS (a) FLAGS (b")) == V{"a"});
    // `.` stops at '\n'; the group does not.
    CHECK(strings(imaplib::parse_flags("line\nFLAGS (x)")).empty());
    CHECK(strings(imaplib::parse_flags("FLAGS (x\ny) z")) == V{"x", "y"});
    CHECK(strings(imaplib::parse_flags("FLAGS (  a\tb\x0b" "c  )")) == V{"a", "b", "c"});
}

TEST_CASE("parse_flags returns views into its input", "[util][flags]") {
    const std::string resp = "* 3 FETCH (FLAGS (\\Draft))";
    const auto flags = imaplib::parse_flags(resp);
    REQUIRE(flags.size() == 1);
    CHECK(flags[0].data() == resp.data() + resp.find('\\'));
}

// ---------------------------------------------------------------------------------
// Internaldate2tuple

namespace {

struct idate_case {
    const char* resp;
    // time.localtime() fields: year, mon, mday, hour, min, sec, wday (Mon=0), yday (1-),
    // isdst, and tm_gmtoff.
    int y, mo, d, h, mi, s, wday, yday, isdst;
    long gmtoff;
};

void check_tuple(const idate_case& c) {
    INFO(c.resp);
    std::error_code ec;
    const auto t = imaplib::internaldate_to_tuple(c.resp, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(t.has_value());
    CHECK(t->tm_year + 1900 == c.y);
    CHECK(t->tm_mon + 1 == c.mo);
    CHECK(t->tm_mday == c.d);
    CHECK(t->tm_hour == c.h);
    CHECK(t->tm_min == c.mi);
    CHECK(t->tm_sec == c.s);
    CHECK(t->tm_wday == (c.wday + 1) % 7);  // C counts from Sunday
    CHECK(t->tm_yday == c.yday - 1);         // C counts from 0
    CHECK(t->tm_isdst == c.isdst);
    CHECK(t->tm_gmtoff == c.gmtoff);
}

constexpr const char* r1 = "* 1 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")";
constexpr const char* r2 = "* 2 FETCH (UID 4 INTERNALDATE \" 1-Jan-2000 00:00:00 +0000\" FLAGS ())";
constexpr const char* r3 = "INTERNALDATE \"31-Dec-2023 23:30:00 -0330\"";
constexpr const char* r4 =
    "INTERNALDATE \"01-Jan-1970 05:30:00 +0530\" INTERNALDATE \"02-Feb-2002 02:02:02 +0200\"";
constexpr const char* r5 = "INTERNALDATE \"29-Feb-2024 12:00:00 +1400\"";
constexpr const char* r6 = "INTERNALDATE \"12-Mar-2023 02:30:00 -0500\"";

}  // namespace

TEST_CASE("internaldate_to_tuple matches imaplib.Internaldate2tuple", "[util][time]") {
    // TZ=<zone> python3: tuple(imaplib.Internaldate2tuple(resp)), .tm_gmtoff
    SECTION("UTC") {
        tz_scope tz("UTC");
        check_tuple({r1, 1996, 7, 17, 9, 44, 25, 2, 199, 0, 0});
        check_tuple({r2, 2000, 1, 1, 0, 0, 0, 5, 1, 0, 0});
        check_tuple({r3, 2024, 1, 1, 3, 0, 0, 0, 1, 0, 0});
        check_tuple({r4, 2002, 2, 2, 0, 2, 2, 5, 33, 0, 0});
        check_tuple({r5, 2024, 2, 28, 22, 0, 0, 2, 59, 0, 0});
        check_tuple({r6, 2023, 3, 12, 7, 30, 0, 6, 71, 0, 0});
    }
    SECTION("America/New_York") {
        tz_scope tz("America/New_York");
        check_tuple({r1, 1996, 7, 17, 5, 44, 25, 2, 199, 1, -14400});
        check_tuple({r2, 1999, 12, 31, 19, 0, 0, 4, 365, 0, -18000});
        check_tuple({r3, 2023, 12, 31, 22, 0, 0, 6, 365, 0, -18000});
        check_tuple({r4, 2002, 2, 1, 19, 2, 2, 4, 32, 0, -18000});
        check_tuple({r5, 2024, 2, 28, 17, 0, 0, 2, 59, 0, -18000});
        check_tuple({r6, 2023, 3, 12, 3, 30, 0, 6, 71, 1, -14400});  // just after the DST switch
    }
    SECTION("Asia/Kolkata") {
        tz_scope tz("Asia/Kolkata");
        check_tuple({r1, 1996, 7, 17, 15, 14, 25, 2, 199, 0, 19800});
        check_tuple({r2, 2000, 1, 1, 5, 30, 0, 5, 1, 0, 19800});
        check_tuple({r3, 2024, 1, 1, 8, 30, 0, 0, 1, 0, 19800});
        check_tuple({r4, 2002, 2, 2, 5, 32, 2, 5, 33, 0, 19800});
        check_tuple({r5, 2024, 2, 29, 3, 30, 0, 3, 60, 0, 19800});
        check_tuple({r6, 2023, 3, 12, 13, 0, 0, 6, 71, 0, 19800});
    }
    SECTION("Australia/Lord_Howe (half-hour DST)") {
        tz_scope tz("Australia/Lord_Howe");
        check_tuple({r1, 1996, 7, 17, 20, 14, 25, 2, 199, 0, 37800});
        check_tuple({r2, 2000, 1, 1, 11, 0, 0, 5, 1, 1, 39600});
        check_tuple({r5, 2024, 2, 29, 9, 0, 0, 3, 60, 1, 39600});
    }
}

TEST_CASE("internaldate_to_tuple: no match and errors", "[util][time]") {
    tz_scope tz("UTC");
    std::error_code ec = make_error_code(imaplib::errc::timeout);
    // imaplib returns None: lower-case month (regex), a line break before, no quote.
    CHECK_FALSE(imaplib::internaldate_to_tuple("INTERNALDATE \"17-jul-1996 02:44:25 -0700\"", ec));
    CHECK_FALSE(ec);
    CHECK_FALSE(
        imaplib::internaldate_to_tuple("x\nINTERNALDATE \"17-Jul-1996 02:44:25 -0700\"", ec));
    CHECK_FALSE(ec);
    CHECK_FALSE(imaplib::internaldate_to_tuple("INTERNALDATE \"17-Jul-1996 02:44:25 -0700", ec));
    CHECK_FALSE(ec);
    CHECK_FALSE(imaplib::internaldate_to_tuple("* 1 FETCH (UID 3)", ec));
    CHECK_FALSE(ec);
    // imaplib raises KeyError (month) and ValueError (year 0).
    CHECK_FALSE(imaplib::internaldate_to_tuple("INTERNALDATE \"17-Foo-1996 02:44:25 -0700\"", ec));
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK_FALSE(imaplib::internaldate_to_tuple("INTERNALDATE \"01-Jan-0000 00:00:00 +0000\"", ec));
    CHECK(ec == imaplib::errc::invalid_argument);
#ifndef IMAPLIB_NO_EXCEPTIONS
    CHECK_THROWS_AS(imaplib::internaldate_to_tuple("INTERNALDATE \"17-Foo-1996 02:44:25 -0700\""),
                    std::invalid_argument);
    CHECK_FALSE(imaplib::internaldate_to_tuple("nothing here"));
    CHECK(imaplib::internaldate_to_tuple(r1).has_value());
#endif
}

TEST_CASE("internaldate_to_time_point gives the UTC instant", "[util][time]") {
    // python3: calendar.timegm((1996,7,17,2,44,25,0,0,0)) + 7*3600 == 837596665
    //          calendar.timegm((2023,12,31,23,30,0,0,0,0)) + 3*3600+1800 == 1704078000
    std::error_code ec;
    auto t = imaplib::internaldate_to_time_point(r1, ec);
    REQUIRE(t);
    CHECK(t->time_since_epoch().count() == 837596665);
    t = imaplib::internaldate_to_time_point(r3, ec);
    REQUIRE(t);
    CHECK(t->time_since_epoch().count() == 1704078000);
    // Out-of-range fields roll over like calendar.timegm:
    // calendar.timegm((2000,1,39,25,61,61,0,0,0)) - (99*60+99)*60 == 949699381
    t = imaplib::internaldate_to_time_point("INTERNALDATE \"39-Jan-2000 25:61:61 +9999\"", ec);
    REQUIRE(t);
    CHECK(t->time_since_epoch().count() == 949699381);
    // Does not depend on TZ.
    tz_scope tz("Asia/Kolkata");
    t = imaplib::internaldate_to_time_point(r1, ec);
    REQUIRE(t);
    CHECK(t->time_since_epoch().count() == 837596665);
    CHECK_FALSE(imaplib::internaldate_to_time_point("none", ec));
    CHECK_FALSE(ec);
}

// ---------------------------------------------------------------------------------
// Time2Internaldate

namespace {

struct epoch_case {
    double seconds;
    const char* expected;  // nullptr: imaplib raises
};

void check_epochs(const std::vector<epoch_case>& cases) {
    for (const auto& c : cases) {
        INFO(c.seconds);
        std::error_code ec;
        const std::string got =
            imaplib::time_to_internaldate(static_cast<std::int64_t>(c.seconds), ec);
        if (c.expected) {
            CHECK_FALSE(ec);
            CHECK(got == c.expected);
        } else {
            CHECK(ec == imaplib::errc::invalid_argument);
            CHECK(got.empty());
        }
    }
}

struct tuple_case {
    std::tm fields;
    const char* expected;
};

void check_tuples(const std::vector<tuple_case>& cases) {
    for (const auto& c : cases) {
        INFO(c.expected);
        std::error_code ec;
        CHECK(imaplib::time_to_internaldate(c.fields, ec) == c.expected);
        CHECK_FALSE(ec);
    }
}

// The six 9-tuples of the tables below, in order.
std::vector<std::tm> tuples() {
    return {fields(2023, 7, 1, 12, 0, 0, -1),  fields(2023, 7, 1, 12, 0, 0, 0),
            fields(2023, 7, 1, 12, 0, 0, 1),   fields(2023, 1, 5, 9, 8, 7, -1),
            fields(2023, 3, 12, 2, 30, 0, -1), fields(2023, 11, 5, 1, 30, 0, -1)};
}

std::vector<tuple_case> zip(const std::vector<const char*>& expected) {
    std::vector<tuple_case> out;
    const auto t = tuples();
    for (std::size_t i = 0; i < t.size(); ++i) out.push_back({t[i], expected[i]});
    return out;
}

}  // namespace

TEST_CASE("time_to_internaldate from epoch seconds matches imaplib", "[util][time]") {
    // TZ=<zone> python3: imaplib.Time2Internaldate(n)
    SECTION("UTC") {
        tz_scope tz("UTC");
        check_epochs({{0, "\"01-Jan-1970 00:00:00 +0000\""},
                      {1700000000, "\"14-Nov-2023 22:13:20 +0000\""},
                      {-1, "\"31-Dec-1969 23:59:59 +0000\""},
                      {-2208988800, "\"01-Jan-1900 00:00:00 +0000\""},
                      {253402300799, "\"31-Dec-9999 23:59:59 +0000\""},
                      {253402300800, nullptr}});
    }
    SECTION("America/New_York around both 2023 DST switches") {
        tz_scope tz("America/New_York");
        check_epochs({{0, "\"31-Dec-1969 19:00:00 -0500\""},
                      {1700000000, "\"14-Nov-2023 17:13:20 -0500\""},
                      {1678604399, "\"12-Mar-2023 01:59:59 -0500\""},
                      {1678604400, "\"12-Mar-2023 03:00:00 -0400\""},
                      {1699163999, "\"05-Nov-2023 01:59:59 -0400\""},
                      {1699164000, "\"05-Nov-2023 01:00:00 -0500\""},
                      {253402300799, "\"31-Dec-9999 18:59:59 -0500\""},
                      {-62135596800, nullptr}});  // local year 0: OverflowError
    }
    SECTION("Asia/Kolkata (half-hour offset)") {
        tz_scope tz("Asia/Kolkata");
        check_epochs({{0, "\"01-Jan-1970 05:30:00 +0530\""},
                      {1700000000, "\"15-Nov-2023 03:43:20 +0530\""},
                      {1678604400, "\"12-Mar-2023 12:30:00 +0530\""},
                      // Local mean time before 1941: Python's %z prints the seconds.
                      {-2208988800, "\"01-Jan-1900 05:21:10 +052110\""},
                      {253402300799, nullptr}});  // local year 10000
    }
    SECTION("America/St_Johns (negative half-hour offset)") {
        tz_scope tz("America/St_Johns");
        check_epochs({{0, "\"31-Dec-1969 20:30:00 -0330\""},
                      {1678604399, "\"12-Mar-2023 04:29:59 -0230\""},
                      {1699164000, "\"05-Nov-2023 02:30:00 -0330\""},
                      {-2208988800, "\"31-Dec-1899 20:29:08 -033052\""}});
    }
    SECTION("Europe/Amsterdam") {
        tz_scope tz("Europe/Amsterdam");
        check_epochs({{1700000000, "\"14-Nov-2023 23:13:20 +0100\""},
                      {-2208988800, "\"01-Jan-1900 00:19:32 +001932\""}});
    }
}

TEST_CASE("time_to_internaldate from floating-point seconds", "[util][time]") {
    // TZ=UTC python3: imaplib.Time2Internaldate(x): microseconds rounded half to even,
    // then seconds truncated.
    tz_scope tz("UTC");
    CHECK(imaplib::time_to_internaldate(1700000000.9999996) == "\"14-Nov-2023 22:13:21 +0000\"");
    CHECK(imaplib::time_to_internaldate(1700000000.4) == "\"14-Nov-2023 22:13:20 +0000\"");
    CHECK(imaplib::time_to_internaldate(-0.5) == "\"31-Dec-1969 23:59:59 +0000\"");
    CHECK(imaplib::time_to_internaldate(1.0000005) == "\"01-Jan-1970 00:00:01 +0000\"");
    CHECK(imaplib::time_to_internaldate(1.0000015f) == "\"01-Jan-1970 00:00:01 +0000\"");
    std::error_code ec;
    CHECK(imaplib::time_to_internaldate(std::nan(""), ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(imaplib::time_to_internaldate(1e300, ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(imaplib::time_to_internaldate(std::uint64_t{18446744073709551615u}, ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
}

TEST_CASE("time_to_internaldate from a local 9-tuple matches imaplib", "[util][time]") {
    // TZ=<zone> python3: imaplib.Time2Internaldate((y, m, d, H, M, S, 0, 0, isdst))
    SECTION("UTC") {
        tz_scope tz("UTC");
        check_tuples(zip({"\"01-Jul-2023 12:00:00 +0000\"", "\"01-Jul-2023 12:00:00 +0000\"",
                          "\"01-Jul-2023 12:00:00 +0000\"", "\"05-Jan-2023 09:08:07 +0000\"",
                          "\"12-Mar-2023 02:30:00 +0000\"", "\"05-Nov-2023 01:30:00 +0000\""}));
    }
    SECTION("America/New_York: isdst -1 asks mktime, 0 and 1 are taken as given") {
        tz_scope tz("America/New_York");
        check_tuples(zip({"\"01-Jul-2023 12:00:00 -0400\"", "\"01-Jul-2023 12:00:00 -0500\"",
                          "\"01-Jul-2023 12:00:00 -0400\"", "\"05-Jan-2023 09:08:07 -0500\"",
                          "\"12-Mar-2023 02:30:00 -0400\"", "\"05-Nov-2023 01:30:00 -0500\""}));
    }
    SECTION("Asia/Kolkata: no DST, isdst ignored") {
        tz_scope tz("Asia/Kolkata");
        check_tuples(zip({"\"01-Jul-2023 12:00:00 +0530\"", "\"01-Jul-2023 12:00:00 +0530\"",
                          "\"01-Jul-2023 12:00:00 +0530\"", "\"05-Jan-2023 09:08:07 +0530\"",
                          "\"12-Mar-2023 02:30:00 +0530\"", "\"05-Nov-2023 01:30:00 +0530\""}));
    }
    SECTION("Australia/Lord_Howe: southern hemisphere, half-hour DST") {
        tz_scope tz("Australia/Lord_Howe");
        check_tuples(zip({"\"01-Jul-2023 12:00:00 +1030\"", "\"01-Jul-2023 12:00:00 +1030\"",
                          "\"01-Jul-2023 12:00:00 +1100\"", "\"05-Jan-2023 09:08:07 +1100\"",
                          "\"12-Mar-2023 02:30:00 +1100\"", "\"05-Nov-2023 01:30:00 +1100\""}));
    }
    SECTION("America/St_Johns") {
        tz_scope tz("America/St_Johns");
        check_tuples(zip({"\"01-Jul-2023 12:00:00 -0230\"", "\"01-Jul-2023 12:00:00 -0330\"",
                          "\"01-Jul-2023 12:00:00 -0230\"", "\"05-Jan-2023 09:08:07 -0330\"",
                          "\"12-Mar-2023 02:30:00 -0230\"", "\"05-Nov-2023 01:30:00 -0330\""}));
    }
}

TEST_CASE("time_to_internaldate rejects fields datetime() rejects", "[util][time]") {
    // imaplib.Time2Internaldate raises ValueError for each.
    tz_scope tz("UTC");
    for (const std::tm& t : {fields(2023, 2, 29, 0, 0, 0, 0), fields(2023, 1, 1, 24, 0, 0, 0),
                             fields(2023, 1, 1, 0, 0, 60, 0), fields(0, 1, 1, 0, 0, 0, 0),
                             fields(2023, 13, 1, 0, 0, 0, 0)}) {
        std::error_code ec;
        CHECK(imaplib::time_to_internaldate(t, ec).empty());
        CHECK(ec == imaplib::errc::invalid_argument);
#ifndef IMAPLIB_NO_EXCEPTIONS
        CHECK_THROWS_AS(imaplib::time_to_internaldate(t), std::invalid_argument);
#endif
    }
    CHECK(imaplib::time_to_internaldate(fields(2024, 2, 29, 23, 59, 59, 0)) ==
          "\"29-Feb-2024 23:59:59 +0000\"");
}

TEST_CASE("time_to_internaldate with an explicit offset (struct_time, aware datetime)",
          "[util][time]") {
    using std::chrono::seconds;
    // python3: imaplib.Time2Internaldate(time.localtime(1688212800)) under
    // TZ=America/New_York uses tm_gmtoff == -14400.
    {
        tz_scope tz("America/New_York");
        std::time_t t = 1688212800;
        std::tm local{};
        REQUIRE(::localtime_r(&t, &local));
        CHECK(imaplib::time_to_internaldate(local, seconds(-14400)) ==
              "\"01-Jul-2023 08:00:00 -0400\"");
    }
    // datetime(2020,2,3,4,5,6,tzinfo=timezone(timedelta(hours=-3,minutes=-30)))
    CHECK(imaplib::time_to_internaldate(fields(2020, 2, 3, 4, 5, 6, 0), seconds(-12600)) ==
          "\"03-Feb-2020 04:05:06 -0330\"");
    // timezone(timedelta(hours=5, seconds=7)): %z prints the seconds
    CHECK(imaplib::time_to_internaldate(fields(2020, 2, 3, 4, 5, 6, 0), seconds(18007)) ==
          "\"03-Feb-2020 04:05:06 +050007\"");
    // datetime.fromtimestamp(1700000000, timezone.utc)
    const auto instant = std::chrono::system_clock::from_time_t(1700000000);
    CHECK(imaplib::time_to_internaldate(instant, seconds(0)) == "\"14-Nov-2023 22:13:20 +0000\"");
    CHECK(imaplib::time_to_internaldate(instant, seconds(-12600)) ==
          "\"14-Nov-2023 18:43:20 -0330\"");
    std::error_code ec;
    CHECK(imaplib::time_to_internaldate(instant, seconds(86400), ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
    // An instant alone is printed like epoch seconds: local time, local offset.
    tz_scope tz("Asia/Kolkata");
    CHECK(imaplib::time_to_internaldate(instant + std::chrono::milliseconds(999)) ==
          "\"15-Nov-2023 03:43:20 +0530\"");
    const imaplib::sys_seconds coarse(std::chrono::seconds(0));
    CHECK(imaplib::time_to_internaldate(coarse) == "\"01-Jan-1970 05:30:00 +0530\"");
}

TEST_CASE("time_to_internaldate with a string", "[util][time]") {
    // imaplib returns a double-quoted string as is, even '"'; anything else: ValueError.
    CHECK(imaplib::time_to_internaldate("\"x\"") == "\"x\"");
    CHECK(imaplib::time_to_internaldate("\"") == "\"");
    CHECK(imaplib::time_to_internaldate(std::string("\"17-Jul-1996 02:44:25 -0700\"")) ==
          "\"17-Jul-1996 02:44:25 -0700\"");
    for (std::string_view bad : {"abc"sv, "\"abc"sv, ""sv}) {
        std::error_code ec;
        CHECK(imaplib::time_to_internaldate(bad, ec).empty());
        CHECK(ec == imaplib::errc::invalid_argument);
#ifndef IMAPLIB_NO_EXCEPTIONS
        CHECK_THROWS_AS(imaplib::time_to_internaldate(bad), std::invalid_argument);
#endif
    }
}

TEST_CASE("Time2Internaldate output parses back with Internaldate2tuple", "[util][time]") {
    tz_scope tz("Australia/Lord_Howe");
    for (std::int64_t t : {0LL, 1678604400LL, 1699164000LL, 1700000000LL, 4102444800LL}) {
        const std::string date = imaplib::time_to_internaldate(t);
        const auto back = imaplib::internaldate_to_time_point("INTERNALDATE " + date);
        REQUIRE(back);
        CHECK(back->time_since_epoch().count() == t);
    }
}

// ---------------------------------------------------------------------------------
// base64

TEST_CASE("base64_encode matches imaplib._Authenticator.encode", "[util][base64]") {
    // RFC 4648 section 10 vectors; imaplib._Authenticator(None).encode(s)
    CHECK(imaplib::base64_encode("") == "");
    CHECK(imaplib::base64_encode("f") == "Zg==");
    CHECK(imaplib::base64_encode("fo") == "Zm8=");
    CHECK(imaplib::base64_encode("foo") == "Zm9v");
    CHECK(imaplib::base64_encode("foob") == "Zm9vYg==");
    CHECK(imaplib::base64_encode("fooba") == "Zm9vYmE=");
    CHECK(imaplib::base64_encode("foobar") == "Zm9vYmFy");
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    // More than one 48-byte chunk: no line breaks in imaplib's output.
    CHECK(imaplib::base64_encode(all) ==
          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+"
          "P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9"
          "fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8"
          "vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7"
          "/P3+/w==");
    std::error_code ec;
    CHECK(imaplib::base64_decode(imaplib::base64_encode(all), ec) == all);
    CHECK_FALSE(ec);
}

TEST_CASE("base64_decode matches binascii.a2b_base64", "[util][base64]") {
    struct row {
        std::string_view in;
        const char* lenient;  // a2b_base64(in); nullptr: binascii.Error
        const char* strict;   // a2b_base64(in, strict_mode=True)
    };
    const row rows[] = {
        {"", "", ""},
        {"Zm9v", "foo", "foo"},
        {"Zm9vYg==", "foob", "foob"},
        {"Zm9vYg=", nullptr, nullptr},
        {"Zm9vYg", nullptr, nullptr},
        {"Zm9vY", nullptr, nullptr},
        {"Zm 9v\r\nYmFy", "foobar", nullptr},
        {"Zm9v!!YmFy", "foobar", nullptr},
        {"=Zm9v", "foo", nullptr},
        {"Zm9vYg==Zm9v", "foob", nullptr},
        {"Zm9vYg=x=", "foob\x0c", nullptr},
        {"Zm9vYg=x", nullptr, nullptr},
        {"Zm9=vYg==", "fo", nullptr},
        {"Zh==", "f", "f"},
        {"YQ", nullptr, nullptr},
        {"====", "", nullptr},
        {"Z===", nullptr, nullptr},
        {"Zm9vYmFy=", "foobar", "foobar"},
        {"Zm9vYg=\n=", "foob", nullptr},
    };
    for (const row& r : rows) {
        INFO(r.in);
        std::error_code ec;
        const std::string lenient = imaplib::base64_decode(r.in, ec);
        if (r.lenient) {
            CHECK_FALSE(ec);
            CHECK(lenient == r.lenient);
        } else {
            CHECK(ec == imaplib::errc::invalid_argument);
        }
        const std::string strict = imaplib::base64_decode_strict(r.in, ec);
        if (r.strict) {
            CHECK_FALSE(ec);
            CHECK(strict == r.strict);
        } else {
            CHECK(ec == imaplib::errc::invalid_argument);
        }
    }
#ifndef IMAPLIB_NO_EXCEPTIONS
    CHECK_THROWS_AS(imaplib::base64_decode("YQ"), std::invalid_argument);
    CHECK(imaplib::base64_decode("YQ==") == "a");
#endif
}

// ---------------------------------------------------------------------------------
// MD5, HMAC-MD5, CRAM-MD5

TEST_CASE("md5 matches RFC 1321 appendix A.5", "[util][md5]") {
    using imaplib::md5;
    using imaplib::to_hex;
    CHECK(to_hex(md5("")) == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(to_hex(md5("a")) == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(to_hex(md5("abc")) == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(to_hex(md5("message digest")) == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(to_hex(md5("abcdefghijklmnopqrstuvwxyz")) == "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(to_hex(md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")) ==
          "d174ab98d277d9f5a5611c2c9f419d9f");
    CHECK(to_hex(md5("1234567890123456789012345678901234567890"
                     "1234567890123456789012345678901234567890")) ==
          "57edf4a22be3c955ac49da2e2107b67a");
    // Padding boundaries; hashlib.md5(b'A' * n).hexdigest()
    CHECK(to_hex(md5(std::string(55, 'A'))) == "e38a93ffe074a99b3fed47dfbe37db21");
    CHECK(to_hex(md5(std::string(56, 'A'))) == "a2f3e2024931bd470555002aa5ccc010");
    CHECK(to_hex(md5(std::string(64, 'A'))) == "d289a97565bc2d27ac8b8545a5ddba45");
    // Incremental updates give the same digest.
    imaplib::md5_hasher h;
    h.update("message ");
    h.update("");
    h.update("digest");
    CHECK(to_hex(h.finish()) == "f96b697d7cb7938d525a2f31aaf161d0");
}

TEST_CASE("hmac_md5 matches RFC 2202 section 2", "[util][md5]") {
    using imaplib::hmac_md5;
    using imaplib::to_hex;
    std::string key4;
    for (int i = 1; i <= 25; ++i) key4 += static_cast<char>(i);
    CHECK(to_hex(hmac_md5(std::string(16, '\x0b'), "Hi There")) ==
          "9294727a3638bb1c13f48ef8158bfc9d");
    CHECK(to_hex(hmac_md5("Jefe", "what do ya want for nothing?")) ==
          "750c783e6ab0b503eaa86e310a5db738");
    CHECK(to_hex(hmac_md5(std::string(16, '\xaa'), std::string(50, '\xdd'))) ==
          "56be34521d144c88dbb8c733f0e8b3f6");
    CHECK(to_hex(hmac_md5(key4, std::string(50, '\xcd'))) == "697eaf0aca3a3aea3a75164746ffaa79");
    CHECK(to_hex(hmac_md5(std::string(16, '\x0c'), "Test With Truncation")) ==
          "56461ef2342edc00f9bab995690efd4c");
    CHECK(to_hex(hmac_md5(std::string(80, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
    CHECK(to_hex(hmac_md5(std::string(80, '\xaa'),
                          "Test Using Larger Than Block-Size Key and Larger Than One "
                          "Block-Size Data")) == "6f630fad67cda0ee1fb1f562db3aa53e");
}

TEST_CASE("cram_md5_response matches RFC 2195 and imaplib._CRAM_MD5_AUTH", "[util][md5]") {
    const std::string reply = imaplib::cram_md5_response(
        "tim", "tanstaaftanstaaf", "<1896.697170952@postoffice.reston.mci.net>");
    CHECK(reply == "tim b913a602c7eda7a495b4e6e7334d3890");
    CHECK(imaplib::base64_encode(reply) == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
    // imaplib encodes a str password as UTF-8:
    // hmac.HMAC('pässwörd'.encode(), b'<x@y>', 'md5').hexdigest()
    CHECK(imaplib::cram_md5_response("u", "p\xc3\xa4ssw\xc3\xb6rd", "<x@y>") ==
          "u c30dccb625a2dcc75d7d17b26a12ab09");
}

// ---------------------------------------------------------------------------------
// Modified UTF-7

TEST_CASE("modified UTF-7 encodes and decodes RFC 3501 5.1.3 names", "[util][mutf7]") {
    struct row {
        const char* utf8;
        const char* mutf7;
    };
    // Expected: '&' + base64(s.encode('utf-16-be')) without '=', '/' -> ',' + '-'.
    const row rows[] = {
        {"~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
         "~peter/mail/&U,BTFw-/&ZeVnLIqe-"},
        {"&", "&-"},
        {"A&B", "A&-B"},
        {"Entw\xc3\xbcrfe", "Entw&APw-rfe"},
        {"\xf0\x9f\x98\x80", "&2D3eAA-"},  // U+1F600: a surrogate pair
        {"\xc3\x84\xe2\x82\xac x \xf0\x9f\x98\x80&\t", "&AMQgrA- x &2D3eAA-&-&AAk-"},
        {"INBOX", "INBOX"},
        {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e&\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88",
         "&ZeVnLIqe-&-&MMYwuTDI-"},
        {"\x7f", "&AH8-"},
        {"", ""},
    };
    for (const row& r : rows) {
        INFO(r.mutf7);
        std::error_code ec;
        CHECK(imaplib::utf8_to_mutf7(r.utf8, ec) == r.mutf7);
        CHECK_FALSE(ec);
        CHECK(imaplib::mutf7_to_utf8(r.mutf7, ec) == r.utf8);
        CHECK_FALSE(ec);
    }
}

TEST_CASE("modified UTF-7 reports malformed input", "[util][mutf7]") {
    for (std::string_view bad : {
             "&U,BTFw"sv,   // no '-'
             "&U/BTFw-"sv,  // '/' is not in the modified alphabet
             "&U,BTFx-"sv,  // non-zero padding bits
             "&AA-"sv,      // 12 bits: not a whole UTF-16 unit
             "&2D0-"sv,     // lone high surrogate
             "&3gA-"sv,     // lone low surrogate
             "&2D3YPQ-"sv,  // high surrogate followed by another high one
             "caf\xc3\xa9"sv,  // raw 8-bit
             "a\tb"sv,         // control character
             "&"sv,
         }) {
        INFO(bad);
        std::error_code ec;
        CHECK(imaplib::mutf7_to_utf8(bad, ec).empty());
        CHECK(ec == imaplib::errc::invalid_argument);
#ifndef IMAPLIB_NO_EXCEPTIONS
        CHECK_THROWS_AS(imaplib::mutf7_to_utf8(bad), std::invalid_argument);
#endif
    }
    for (std::string_view bad : {"\xff"sv, "\xc3"sv, "\xed\xa0\x80"sv, "\xc0\xaf"sv,
                                 "\xf4\x90\x80\x80"sv}) {
        std::error_code ec;
        CHECK(imaplib::utf8_to_mutf7(bad, ec).empty());
        CHECK(ec == imaplib::errc::invalid_argument);
    }
    // Accepted by the lenient decoder only, although RFC 3501 says an encoder must not
    // produce them (the strict one: tests/server_text_test.cpp).
    std::error_code ec;
    CHECK(imaplib::mutf7_to_utf8_lenient("&AGEAYg-", ec) == "ab");
    CHECK(imaplib::mutf7_to_utf8_lenient("&ZeU-&Zyw-", ec) == "\xe6\x97\xa5\xe6\x9c\xac");
    CHECK_FALSE(ec);
}

// ---------------------------------------------------------------------------------
// RFC 2047

TEST_CASE("decode_rfc2047 matches email.header", "[util][rfc2047]") {
    struct row {
        const char* in;
        const char* out;
    };
    // python3: str(make_header(decode_header(in)))
    const row rows[] = {
        {"Hello World", "Hello World"},
        {"=?utf-8?q?caf=C3=A9?=", "caf\xc3\xa9"},
        {"=?UTF-8?B?Y2Fmw6k=?=", "caf\xc3\xa9"},
        {"Re: =?utf-8?q?caf=C3=A9?= time", "Re: caf\xc3\xa9 time"},
        {"=?utf-8?q?a?= =?utf-8?q?b?=", "ab"},
        {"=?utf-8?q?a?=   \t =?utf-8?q?b?=", "ab"},
        {"=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "ab"},
        {"=?utf-8?q?a_b?=", "a b"},
        {"=?iso-8859-1?q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>",
         "Andr\xc3\xa9 Pirard <PIRARD@vm1.ulg.ac.be>"},
        {"=?ISO-8859-15?Q?=A4uro?=", "\xe2\x82\xac" "uro"},
        {"=?windows-1252?q?=93quoted=94_=80?=",
         "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac"},
        {"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>",
         "Keld J\xc3\xb8rn Simonsen <keld@dkuug.dk>"},
        // RFC 2047 section 8.
        {"=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= "
         "=?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
         "If you can read this you understand the example."},
        {"(=?ISO-8859-1?Q?a?=)", "(a)"},
        {"(=?ISO-8859-1?Q?a?= b)", "(a b)"},
        {"(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)"},
        {"(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)"},
        // A character split over two words in one charset.
        {"=?utf-8?b?8J+Y?= =?utf-8?b?gA==?=", "\xf0\x9f\x98\x80"},
        {"=?utf-8?B?8J+YgA?=", "\xf0\x9f\x98\x80"},  // missing padding
        {"=?utf-8?q?=E6=97=A5?=  =?iso-8859-1?q?=E9?=", "\xe6\x97\xa5\xc3\xa9"},
        {"=?utf-8?q?a=2?=", "a=2"},
        {"=?utf-8?q?=3d=3D?=", "=="},
        {"Hello\r\n =?utf-8?q?W=C3=B6rld?=", "Hello W\xc3\xb6rld"},
        {"plain =? not encoded ?= text", "plain =? not encoded ?= text"},
        {"=?utf-8?x?abc?=", "=?utf-8?x?abc?="},
        {"=?utf-8?q?a?= b =?utf-8?q?c?=", "a b c"},
        {"=?utf-8?Q?" "?=", ""},  // (split: "??=" is a trigraph)
        {"=?utf-8?b?QUJD?==?utf-8?b?REVG?=", "ABCDEF"},
        {"=?utf-8?q?Hello World?=", "Hello World"},
    };
    for (const row& r : rows) {
        INFO(r.in);
        CHECK(imaplib::decode_rfc2047(r.in) == r.out);
    }
}

TEST_CASE("decode_rfc2047 where it differs from email.header", "[util][rfc2047]") {
    // Python raises LookupError; the word is kept.
    CHECK(imaplib::decode_rfc2047("=?x-unknown?q?a?= =?utf-8?q?b?=") == "=?x-unknown?q?a?= b");
    // Python raises HeaderParseError ("Base64 decoding error"); the word is kept.
    CHECK(imaplib::decode_rfc2047("=?utf-8?b?QUJDR?=") == "=?utf-8?b?QUJDR?=");
    // Python raises UnicodeDecodeError; undefined bytes become U+FFFD.
    CHECK(imaplib::decode_rfc2047("=?utf-8?q?=C3?=") == "\xef\xbf\xbd");
    CHECK(imaplib::decode_rfc2047("=?us-ascii?q?=E9?=") == "\xef\xbf\xbd");
    CHECK(imaplib::decode_rfc2047("=?windows-1252?q?=81?=") == "\xef\xbf\xbd");
    // Python: 'a b c' (adds spaces) and 'x' (strips leading blanks); the text is kept.
    CHECK(imaplib::decode_rfc2047("a=?utf-8?q?b?=c") == "abc");
    CHECK(imaplib::decode_rfc2047("  =?utf-8?q?x?=") == "  x");
    // Python: 'Keith Moore  <moore@cs.utk.edu>' (two spaces).
    CHECK(imaplib::decode_rfc2047("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>") ==
          "Keith Moore <moore@cs.utk.edu>");
    // RFC 2231 language tag.
    CHECK(imaplib::decode_rfc2047("=?utf-8*en?q?hi?=") == "hi");
    // Plain 8-bit text passes through unchanged.
    CHECK(imaplib::decode_rfc2047("caf\xc3\xa9 =?utf-8?q?x?=") == "caf\xc3\xa9 x");
}

TEST_CASE("decode_rfc2047 charsets cover every byte", "[util][rfc2047]") {
    // python3: bytes([b]).decode(charset, 'replace') for a sample of each table.
    CHECK(imaplib::decode_rfc2047("=?latin1?q?=A4=FF?=") == "\xc2\xa4\xc3\xbf");
    CHECK(imaplib::decode_rfc2047("=?iso-8859-15?q?=A6=A8=B4=B8=BC=BD=BE?=") ==
          "\xc5\xa0\xc5\xa1\xc5\xbd\xc5\xbe\xc5\x92\xc5\x93\xc5\xb8");
    CHECK(imaplib::decode_rfc2047("=?iso-8859-2?q?=A1=B1=FF?=") == "\xc4\x84\xc4\x85\xcb\x99");
    CHECK(imaplib::decode_rfc2047("=?cp1252?q?=80=8D=9F=A0?=") ==
          "\xe2\x82\xac\xef\xbf\xbd\xc5\xb8\xc2\xa0");
    CHECK(imaplib::decode_rfc2047("=?utf-8?q?=E2=82?=") == "\xef\xbf\xbd");
    CHECK(imaplib::decode_rfc2047("=?utf-8?q?=F0=9F=98=80=FF?=") == "\xf0\x9f\x98\x80\xef\xbf\xbd");
}
