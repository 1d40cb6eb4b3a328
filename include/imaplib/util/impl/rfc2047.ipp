// imaplib-cpp: util/rfc2047.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_RFC2047_IPP
#define IMAPLIB_UTIL_IMPL_RFC2047_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/rfc2047.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL rfc2047_charset rfc2047_charset_of(std::string_view name) noexcept {
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
        if (iequals(name, a.name)) return a.charset;
    return rfc2047_charset::unknown;
}

IMAPLIB_DECL char32_t iso_8859_15_char(unsigned char b) noexcept {
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

IMAPLIB_DECL void rfc2047_to_utf8(std::string& out, std::string_view bytes, rfc2047_charset cs) {
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

IMAPLIB_DECL std::string rfc2047_q_decode(std::string_view text) {
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

IMAPLIB_DECL rfc2047_match rfc2047_scanner::word(std::size_t p, std::size_t& end, rfc2047_piece& piece) {
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

IMAPLIB_DECL std::size_t rfc2047_scanner::next(cache& c, std::size_t from, std::string_view what, bool any_of) {
    if (!c.valid || (c.at != std::string_view::npos && c.at < from)) {
        c.at = any_of ? s_.find_first_of(what, from) : s_.find(what, from);
        c.valid = true;
    }
    return c.at;
}

}  // namespace detail

IMAPLIB_DECL std::string decode_rfc2047(std::string_view header) {
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

#endif  // IMAPLIB_UTIL_IMPL_RFC2047_IPP
