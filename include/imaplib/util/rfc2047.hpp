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

inline bool ascii_iequal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

inline rfc2047_charset rfc2047_charset_of(std::string_view name) noexcept {
    name = name.substr(0, name.find('*'));  // RFC 2231 section 5 language suffix
    struct alias {
        const char* name;
        rfc2047_charset charset;
    };
    static constexpr alias aliases[] = {
        {"utf-8", rfc2047_charset::utf_8},
        {"utf8", rfc2047_charset::utf_8},
        {"us-ascii", rfc2047_charset::us_ascii},
        {"ascii", rfc2047_charset::us_ascii},
        {"iso-8859-1", rfc2047_charset::iso_8859_1},
        {"iso8859-1", rfc2047_charset::iso_8859_1},
        {"iso_8859-1", rfc2047_charset::iso_8859_1},
        {"latin1", rfc2047_charset::iso_8859_1},
        {"latin-1", rfc2047_charset::iso_8859_1},
        {"iso-8859-2", rfc2047_charset::iso_8859_2},
        {"iso8859-2", rfc2047_charset::iso_8859_2},
        {"iso_8859-2", rfc2047_charset::iso_8859_2},
        {"latin2", rfc2047_charset::iso_8859_2},
        {"latin-2", rfc2047_charset::iso_8859_2},
        {"iso-8859-15", rfc2047_charset::iso_8859_15},
        {"iso8859-15", rfc2047_charset::iso_8859_15},
        {"iso_8859-15", rfc2047_charset::iso_8859_15},
        {"latin-9", rfc2047_charset::iso_8859_15},
        {"latin9", rfc2047_charset::iso_8859_15},
        {"windows-1252", rfc2047_charset::windows_1252},
        {"cp1252", rfc2047_charset::windows_1252},
    };
    for (const alias& a : aliases)
        if (ascii_iequal(name, a.name)) return a.charset;
    return rfc2047_charset::unknown;
}

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

inline char32_t iso_8859_15_char(unsigned char b) noexcept {
    switch (b) {
    case 0xA4: return 0x20AC;
    case 0xA6: return 0x0160;
    case 0xA8: return 0x0161;
    case 0xB4: return 0x017D;
    case 0xB8: return 0x017E;
    case 0xBC: return 0x0152;
    case 0xBD: return 0x0153;
    case 0xBE: return 0x0178;
    default: return b;
    }
}

inline void rfc2047_to_utf8(std::string& out, std::string_view bytes, rfc2047_charset cs) {
    constexpr char32_t replacement = 0xFFFD;
    if (cs == rfc2047_charset::utf_8) {
        std::size_t pos = 0;
        while (pos < bytes.size()) {
            const char32_t cp = utf8_next(bytes, pos);
            utf8_append(out, cp == utf8_invalid ? replacement : cp);
        }
        return;
    }
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        char32_t cp = b;
        if (b >= 0x80) {
            switch (cs) {
            case rfc2047_charset::us_ascii: cp = replacement; break;
            case rfc2047_charset::iso_8859_2:
                if (b >= 0xA0) cp = iso_8859_2_high[b - 0xA0];
                break;
            case rfc2047_charset::iso_8859_15: cp = iso_8859_15_char(b); break;
            case rfc2047_charset::windows_1252:
                if (b < 0xA0) {
                    const char16_t w = windows_1252_high[b - 0x80];
                    cp = w != 0 ? w : replacement;
                }
                break;
            default: break;
            }
        }
        utf8_append(out, cp);
    }
}

constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// RFC 2047 section 4.2, as Python's email.quoprimime.header_decode.
inline std::string rfc2047_q_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            out += ' ';
        } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

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
    rfc2047_match word(std::size_t p, std::size_t& end, rfc2047_piece& piece) {
        const std::size_t q = s_.find('?', p + 2);
        if (q == std::string_view::npos || q == p + 2 || q + 2 >= s_.size() || s_[q + 2] != '?')
            return rfc2047_match::none;
        const std::string_view charset = s_.substr(p + 2, q - p - 2);
        for (char c : charset)
            if (rfc2047_space(c) || static_cast<unsigned char>(c) < 0x20)
                return rfc2047_match::none;
        const char enc = s_[q + 1];
        if (enc != 'Q' && enc != 'q' && enc != 'B' && enc != 'b') return rfc2047_match::none;
        const std::size_t text_begin = q + 3;
        const std::size_t close = next(close_, text_begin, "?=");
        // Python's `.*?` stops at '\n'; a word never spans a line break.
        if (close == std::string_view::npos || next(break_, text_begin, "\r\n", true) < close)
            return rfc2047_match::none;
        end = close + 2;
        const std::string_view text = s_.substr(text_begin, close - text_begin);
        piece.encoded = true;
        piece.charset = rfc2047_charset_of(charset);
        if (piece.charset == rfc2047_charset::unknown) return rfc2047_match::undecodable;
        if (enc == 'Q' || enc == 'q') {
            piece.bytes = rfc2047_q_decode(text);
        } else {
            // email.base64mime: pad to a multiple of 4, then the tolerant a2b_base64.
            std::string padded(text);
            if (padded.size() % 4 != 0) padded.append(4 - padded.size() % 4, '=');
            std::error_code ec;
            piece.bytes = base64_decode(padded, ec);
            if (ec) return rfc2047_match::undecodable;
        }
        return rfc2047_match::decoded;
    }

private:
    struct cache {
        std::size_t at = 0;
        bool valid = false;
    };

    // First `what` (a string, or any one of its characters) at or after `from`;
    // `from` never decreases between calls.
    std::size_t next(cache& c, std::size_t from, std::string_view what, bool any_of = false) {
        if (!c.valid || (c.at != std::string_view::npos && c.at < from)) {
            c.at = any_of ? s_.find_first_of(what, from) : s_.find(what, from);
            c.valid = true;
        }
        return c.at;
    }

    std::string_view s_;
    cache close_;
    cache break_;
};

}  // namespace detail

// Decodes the encoded words of one header value (unstructured text or a phrase) to
// UTF-8; see the top of this file for the rules.
inline std::string decode_rfc2047(std::string_view header) {
    // Unfold: a line break followed by a space or tab is removed (keeping the blank).
    std::string text;
    text.reserve(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) {
        const char c = header[i];
        if (c == '\r' || c == '\n') {
            std::size_t j = i + 1;
            if (c == '\r' && j < header.size() && header[j] == '\n') ++j;
            if (j < header.size() && (header[j] == ' ' || header[j] == '\t')) {
                i = j - 1;
                continue;
            }
        }
        text += c;
    }

    std::vector<detail::rfc2047_piece> pieces;
    detail::rfc2047_scanner scanner(text);
    std::size_t plain_start = 0;
    std::size_t pos = 0;
    while ((pos = text.find("=?", pos)) != std::string::npos) {
        detail::rfc2047_piece piece{};
        std::size_t end = 0;
        const detail::rfc2047_match m = scanner.word(pos, end, piece);
        if (m == detail::rfc2047_match::none) {
            ++pos;
            continue;
        }
        if (m == detail::rfc2047_match::undecodable) {  // kept as text
            pos = end;
            continue;
        }
        if (pos > plain_start)
            pieces.push_back({false, detail::rfc2047_charset::unknown,
                              text.substr(plain_start, pos - plain_start)});
        pieces.push_back(std::move(piece));
        pos = plain_start = end;
    }
    if (plain_start < text.size())
        pieces.push_back({false, detail::rfc2047_charset::unknown, text.substr(plain_start)});

    std::string out;
    out.reserve(text.size());
    std::string run;  // bytes of adjacent encoded words in one charset
    auto run_charset = detail::rfc2047_charset::unknown;
    auto flush = [&] {
        if (run_charset != detail::rfc2047_charset::unknown)
            detail::rfc2047_to_utf8(out, run, run_charset);
        run.clear();
        run_charset = detail::rfc2047_charset::unknown;
    };
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const detail::rfc2047_piece& p = pieces[i];
        if (!p.encoded) {
            bool blank = true;
            for (char c : p.bytes) blank = blank && detail::rfc2047_space(c);
            // Section 6.2: white space between two encoded words is not displayed.
            if (blank && i > 0 && i + 1 < pieces.size() && pieces[i - 1].encoded &&
                pieces[i + 1].encoded)
                continue;
            flush();
            out += p.bytes;
            continue;
        }
        if (p.charset != run_charset) flush();
        run_charset = p.charset;
        run += p.bytes;
    }
    flush();
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_RFC2047_HPP
