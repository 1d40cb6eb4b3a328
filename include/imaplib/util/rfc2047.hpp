// imaplib-cpp: RFC 2047 encoded-word decoding for header text (ENVELOPE subjects and
// address display names).
//
// decode_rfc2047 returns UTF-8 and never fails:
// - "=?charset?Q?text?=" and "=?charset?B?text?=" (any case) are decoded, wherever
//   they appear, like Python's email.header; an RFC 2231 language suffix
//   ("utf-8*en") is ignored.
// - Charsets: UTF-8, US-ASCII, ISO-8859-1, ISO-8859-2, ISO-8859-15, windows-1252 (and
//   their usual aliases). A word in any other charset is left as it is.
// - Q: '_' is a space (section 4.2), "=XX" a byte; any other '=' stays as text.
//   B: padded and decoded like Python's email.base64mime; a word whose base64 cannot
//   be decoded is left as it is.
// - Linear whitespace between adjacent encoded words is dropped (section 6.2), and
//   adjacent words in the same charset are joined before decoding, so a character
//   split across two words survives (as in Python).
// - Bytes the charset does not define (bad UTF-8, 8-bit in US-ASCII, the holes of
//   windows-1252) become U+FFFD.
// - Folded lines are unfolded first (RFC 5322 section 2.2.3); other text is kept
//   byte for byte.
#ifndef IMAPLIB_UTIL_RFC2047_HPP
#define IMAPLIB_UTIL_RFC2047_HPP

#include <imaplib/config.hpp>
#include <imaplib/detail/ascii.hpp>
#include <imaplib/util/base64.hpp>
#include <imaplib/util/utf8.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

enum class rfc2047_charset {
    unknown,
    utf_8,
    us_ascii,
    iso_8859_1,
    iso_8859_2,
    iso_8859_15,
    windows_1252
};

IMAPLIB_DECL rfc2047_charset rfc2047_charset_of(std::string_view name) noexcept;

// windows-1252 0x80-0x9F; 0 marks the five undefined bytes.
inline constexpr char16_t windows_1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// ISO-8859-2 0xA0-0xFF (the charset of RFC 2047 section 8's example).
inline constexpr char16_t iso_8859_2_high[96] = {
    0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7,
    0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
    0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7,
    0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9};

IMAPLIB_DECL char32_t iso_8859_15_char(unsigned char b) noexcept;

IMAPLIB_DECL void rfc2047_to_utf8(std::string& out, std::string_view bytes, rfc2047_charset cs);

constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// RFC 2047 section 4.2, as Python's email.quoprimime.header_decode.
IMAPLIB_DECL std::string rfc2047_q_decode(std::string_view text);

constexpr bool rfc2047_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct rfc2047_piece {
    bool encoded;
    rfc2047_charset charset;
    std::string bytes;  // decoded bytes (encoded) or the text as is
};

enum class rfc2047_match { none, decoded, undecodable };

// Finds encoded words left to right in linear time. The searches for "?=" and for a
// line break only move forward (a candidate's text starts after the previous one's),
// so each is cached; a matched word is consumed whole, decoded or not, as Python's
// regex consumes it, so no text is scanned twice.
class rfc2047_scanner {
public:
    explicit rfc2047_scanner(std::string_view s) noexcept : s_(s) {}

    // Tries an encoded word at `p` (which starts with "=?"); on a match sets `end`
    // past its "?=" and, when it decodes, fills `piece`.
    rfc2047_match word(std::size_t p, std::size_t& end, rfc2047_piece& piece);

private:
    struct cache {
        std::size_t at = 0;
        bool valid = false;
    };

    // First `what` (a string, or any one of its characters) at or after `from`;
    // `from` never decreases between calls.
    std::size_t next(cache& c, std::size_t from, std::string_view what, bool any_of = false);

    std::string_view s_;
    cache close_;
    cache break_;
};

}  // namespace detail

// Decodes the encoded words of one header value (unstructured text or a phrase) to
// UTF-8; see the top of this file for the rules.
IMAPLIB_DECL std::string decode_rfc2047(std::string_view header);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/rfc2047.ipp>
#endif

#endif  // IMAPLIB_UTIL_RFC2047_HPP
