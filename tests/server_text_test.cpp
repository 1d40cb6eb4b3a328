// Text a server chooses, decoded strictly and printed escaped: the strict modified UTF-7
// decoder (RFC 3501 section 5.1.3) beside the lenient one, and escape_control.
#include <imaplib/util/mutf7.hpp>

#include <imaplib/util/escape.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <system_error>

using namespace std::string_view_literals;

TEST_CASE("strict modified UTF-7 decodes what RFC 3501 encoders write", "[util][mutf7]") {
    struct row {
        std::string_view mutf7;
        std::string_view utf8;
    };
    const row rows[] = {
        // RFC 3501 section 5.1.3's example.
        {"~peter/mail/&U,BTFw-/&ZeVnLIqe-"sv,
         "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"sv},
        {"&-"sv, "&"sv},
        {"&-&-"sv, "&&"sv},
        {"&ZeU-&-&Zyw-"sv, "\xe6\x97\xa5&\xe6\x9c\xac"sv},  // a run, "&", a run: not adjacent runs
        {"INBOX"sv, "INBOX"sv},
        {"&AAk-"sv, "\t"sv},  // other controls are legal encoded (and must be escaped to print)
        {"&ABs-"sv, "\x1b"sv},
        {"&AH8-"sv, "\x7f"sv},
        {"&2D3eAA-"sv, "\xf0\x9f\x98\x80"sv},
    };
    for (const row& r : rows) {
        INFO(r.mutf7);
        std::error_code ec;
        CHECK(imaplib::mutf7_to_utf8(r.mutf7, ec) == r.utf8);
        CHECK_FALSE(ec);
        CHECK(imaplib::mutf7_to_utf8_lenient(r.mutf7, ec) == r.utf8);
        CHECK_FALSE(ec);
        CHECK(imaplib::utf8_to_mutf7(r.utf8, ec) == r.mutf7);
    }
}

TEST_CASE("strict modified UTF-7 rejects second spellings and line breaks the lenient one accepts",
          "[util][mutf7]") {
    struct row {
        std::string_view mutf7;
        std::string_view lenient;  // what the lenient decoder makes of it
    };
    const row rows[] = {
        {"&AEkATgBCAE8AWA-"sv, "INBOX"sv},  // printable ASCII encoded: INBOX spoofed
        {"&AGEAYg-"sv, "ab"sv},
        {"&ACY-"sv, "&"sv},                 // "&" has its own spelling, "&-"
        {"&ACA-"sv, " "sv},
        {"&AH4-"sv, "~"sv},                 // 0x7E, the last printable
        {"&AA0ACg-"sv, "\r\n"sv},           // CR LF
        {"&AA0-"sv, "\r"sv},
        {"&AAo-"sv, "\n"sv},
        {"&AAA-"sv, std::string_view("\0", 1)},  // NUL
        {"a&AAA-b"sv, std::string_view("a\0b", 3)},
        {"&ZeU-&Zyw-"sv, "\xe6\x97\xa5\xe6\x9c\xac"sv},  // two runs in a row: one split in two
        {"&AMQ-&AMQ-"sv, "\xc3\x84\xc3\x84"sv},
    };
    for (const row& r : rows) {
        INFO(r.mutf7);
        std::error_code ec;
        CHECK(imaplib::mutf7_to_utf8(r.mutf7, ec).empty());
        CHECK(ec == imaplib::errc::invalid_argument);
#ifndef IMAPLIB_NO_EXCEPTIONS
        CHECK_THROWS_AS(imaplib::mutf7_to_utf8(r.mutf7), std::invalid_argument);
        CHECK(imaplib::mutf7_to_utf8_lenient(r.mutf7) == r.lenient);
#endif
        CHECK(imaplib::mutf7_to_utf8_lenient(r.mutf7, ec) == r.lenient);
        CHECK_FALSE(ec);
    }
}

TEST_CASE("both modified UTF-7 decoders reject bad base64, padding and unterminated runs", "[util][mutf7]") {
    for (std::string_view bad : {
             "&U,BTFw"sv,    // no '-'
             "&AEk"sv,       // no '-', printable inside
             "&U/BTFw-"sv,   // '/' is not in the modified alphabet
             "&U=-"sv,       // '=' neither: no padding characters
             "&U,BTFx-"sv,   // non-zero padding bits
             "&AGEAYh-"sv,   // the same after an encoded "ab"
             "&AA-"sv,       // 12 bits: not a whole UTF-16 unit
             "&AAAA-"sv,     // 24 bits, 8 left over
             "&2D0-"sv,      // lone high surrogate
             "&"sv,
             "a\x1b"sv,      // a raw control is never direct
             "\x7f"sv,
         }) {
        INFO(bad);
        std::error_code ec;
        CHECK(imaplib::mutf7_to_utf8(bad, ec).empty());
        CHECK(ec == imaplib::errc::invalid_argument);
        CHECK(imaplib::mutf7_to_utf8_lenient(bad, ec).empty());
        CHECK(ec == imaplib::errc::invalid_argument);
    }
}

TEST_CASE("escape_control writes out every terminal control and keeps UTF-8", "[util][escape]") {
    using imaplib::escape_control;
    CHECK(escape_control("") == "");
    CHECK(escape_control("plain text, [ALERT] 100% (ok) \\ \"q\"") == "plain text, [ALERT] 100% (ok) \\ \"q\"");
    CHECK(escape_control("\x1b[2J\x1b]0;owned\x07") == "\\x1b[2J\\x1b]0;owned\\x07");
    CHECK(escape_control("a\r\nb\tc") == "a\\x0d\\x0ab\\x09c");
    CHECK(escape_control(std::string_view("\0\x01\x1f\x7f", 4)) == "\\x00\\x01\\x1f\\x7f");
    // UTF-8 stays, C1 controls (U+009B is CSI) do not, nor bytes that are not UTF-8.
    CHECK(escape_control("Entw\xc3\xbcrfe \xe6\x97\xa5 \xf0\x9f\x98\x80") == "Entw\xc3\xbcrfe \xe6\x97\xa5 \xf0\x9f\x98\x80");
    CHECK(escape_control("\xc2\x9b" "31m \xc2\x85 \xc2\xa0") == "\\u009b31m \\u0085 \xc2\xa0");
    CHECK(escape_control("\x9b" "31m") == "\\x9b31m");
    CHECK(escape_control("caf\xc3") == "caf\\xc3");
    CHECK(escape_control("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate is not UTF-8
    // Nothing the result holds is below 0x20 or DEL, whatever went in.
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    for (unsigned char c : escape_control(all)) {
        CHECK(c >= 0x20);
        CHECK(c != 0x7f);
    }
}
