// imaplib-cpp: server text made safe to print on a terminal.
//
// A server chooses every byte of a BYE text, an [ALERT], a mailbox name: written raw to a
// terminal, ESC and CSI sequences can move the cursor, rewrite earlier lines, set the
// window title or (on some terminals) answer back into the input.
#ifndef IMAPLIB_UTIL_ESCAPE_HPP
#define IMAPLIB_UTIL_ESCAPE_HPP

#include <imaplib/config.hpp>
#include <imaplib/util/utf8.hpp>

#include <cstddef>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline void append_hex_escape(std::string& out, char prefix, unsigned value, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '\\';
    out += prefix;
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += hex[(value >> shift) & 0xF];
}

}  // namespace detail

// `text` with every terminal control written out: C0 controls (CR, LF, TAB and ESC
// included) and DEL as \xNN, C1 controls (U+0080-U+009F, of which U+009B is CSI) as
// \uNNNN, and bytes that are not UTF-8 (a lone 0x9B is CSI to an 8-bit terminal) as
// \xNN. Printable ASCII and all other UTF-8 stay as they are, backslash included.
inline std::string escape_control(std::string_view text) {
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

#endif  // IMAPLIB_UTIL_ESCAPE_HPP
