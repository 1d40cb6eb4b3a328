// imaplib-cpp: util/escape.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_ESCAPE_IPP
#define IMAPLIB_UTIL_IMPL_ESCAPE_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/escape.hpp>

#include <cstddef>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL void append_hex_escape(std::string& out, char prefix, unsigned value, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '\\';
    out += prefix;
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += hex[(value >> shift) & 0xF];
}

}  // namespace detail

IMAPLIB_DECL std::string escape_control(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t begin = pos;
        const char32_t cp = detail::utf8_next(text, pos);
        if (cp == detail::utf8_invalid) {
            for (std::size_t i = begin; i < pos; ++i)
                detail::append_hex_escape(out, 'x', static_cast<unsigned char>(text[i]), 2);
        } else if (cp < 0x20 || cp == 0x7F) {
            detail::append_hex_escape(out, 'x', static_cast<unsigned>(cp), 2);
        } else if (cp >= 0x80 && cp <= 0x9F) {
            detail::append_hex_escape(out, 'u', static_cast<unsigned>(cp), 4);
        } else {
            out.append(text.substr(begin, pos - begin));
        }
    }
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_IMPL_ESCAPE_IPP
