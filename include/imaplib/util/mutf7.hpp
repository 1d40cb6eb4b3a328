// imaplib-cpp: modified UTF-7 for mailbox names (RFC 3501 section 5.1.3).
//
// Printable US-ASCII (0x20-0x7E) stands for itself except '&', written "&-"; every
// other run of characters is '&' + base64 of its UTF-16BE form, with ',' for '/',
// no padding, then '-'. Example: "~peter/mail/台北/日本語" is
// "~peter/mail/&U,BTFw-/&ZeVnLIqe-".
#ifndef IMAPLIB_UTIL_MUTF7_HPP
#define IMAPLIB_UTIL_MUTF7_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/util/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline constexpr char mutf7_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

constexpr unsigned mutf7_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A');
    if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 26);
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0' + 52);
    if (c == '+') return 62;
    if (c == ',') return 63;
    return 64;
}

constexpr bool mutf7_direct(char32_t c) noexcept { return c >= 0x20 && c <= 0x7E; }

// Writes the pending UTF-16 units of a shifted run: "&" base64 "-".
inline void mutf7_flush(std::string& out, std::u16string& run) {
    if (run.empty()) return;
    out += '&';
    std::uint32_t bits = 0;
    unsigned nbits = 0;
    for (char16_t unit : run) {
        bits = (bits << 16) | unit;
        nbits += 16;
        while (nbits >= 6) {
            nbits -= 6;
            out += mutf7_alphabet[(bits >> nbits) & 63];
        }
        bits &= (1u << nbits) - 1;
    }
    if (nbits > 0) out += mutf7_alphabet[(bits << (6 - nbits)) & 63];  // zero-filled
    out += '-';
    run.clear();
}

}  // namespace detail

// UTF-8 -> modified UTF-7. errc::invalid_argument (and "") on ill-formed UTF-8.
inline std::string utf8_to_mutf7(std::string_view utf8, std::error_code& ec) {
    std::string out;
    out.reserve(utf8.size());
    std::u16string run;
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const char32_t cp = detail::utf8_next(utf8, pos);
        if (cp == detail::utf8_invalid) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
        if (detail::mutf7_direct(cp)) {
            detail::mutf7_flush(out, run);
            if (cp == '&')
                out += "&-";
            else
                out += static_cast<char>(cp);
        } else if (cp < 0x10000) {
            run += static_cast<char16_t>(cp);
        } else {
            // UTF-16 surrogate pair.
            run += static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
            run += static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
        }
    }
    detail::mutf7_flush(out, run);
    ec.clear();
    return out;
}

namespace detail {

// Modified UTF-7 -> UTF-8; see mutf7_to_utf8 and mutf7_to_utf8_lenient.
inline std::string mutf7_decode(std::string_view mutf7, bool strict, std::error_code& ec) {
    std::string out;
    out.reserve(mutf7.size());
    ec = make_error_code(errc::invalid_argument);
    std::size_t i = 0;
    bool after_run = false;  // the previous character closed a shifted run
    while (i < mutf7.size()) {
        const char c = mutf7[i];
        if (c != '&') {
            if (!mutf7_direct(static_cast<unsigned char>(c))) return {};
            out += c;
            ++i;
            after_run = false;
            continue;
        }
        const std::size_t end = mutf7.find('-', i + 1);
        if (end == std::string_view::npos) return {};
        if (end == i + 1) {  // "&-"
            out += '&';
            i = end + 1;
            after_run = false;
            continue;
        }
        // Two runs in a row are one run split in two: a second spelling of the same name.
        if (strict && after_run) return {};
        std::uint32_t bits = 0;
        unsigned nbits = 0;
        char16_t high = 0;  // pending high surrogate
        for (std::size_t k = i + 1; k < end; ++k) {
            const unsigned v = mutf7_value(mutf7[k]);
            if (v >= 64) return {};
            bits = (bits << 6) | v;
            nbits += 6;
            if (nbits < 16) continue;
            nbits -= 16;
            const auto unit = static_cast<char16_t>((bits >> nbits) & 0xFFFF);
            bits &= (1u << nbits) - 1;
            if (high != 0) {
                if (unit < 0xDC00 || unit > 0xDFFF) return {};
                utf8_append(out, 0x10000 + ((char32_t{high} - 0xD800) << 10) + (char32_t{unit} - 0xDC00));
                high = 0;
            } else if (unit >= 0xD800 && unit <= 0xDBFF) {
                high = unit;
            } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                return {};
            } else if (strict && (mutf7_direct(unit) || unit == 0 || unit == '\r' || unit == '\n')) {
                return {};
            } else {
                utf8_append(out, unit);
            }
        }
        // RFC 2152: at most 5 bits of zero padding may be left over.
        if (high != 0 || nbits >= 6 || bits != 0) return {};
        i = end + 1;
        after_run = true;
    }
    ec.clear();
    return out;
}

}  // namespace detail

// Modified UTF-7 -> UTF-8, strictly as RFC 3501 section 5.1.3 allows (the spelling its
// encoder produces, the only one): errc::invalid_argument (and "") on
//   - a character outside 0x20-0x7E, or a '&' whose shifted run has no '-';
//   - a character outside the modified base64 alphabet, leftover bits that are not zero
//     padding, a run that is not a whole number of UTF-16 units, an unpaired surrogate;
//   - printable US-ASCII (0x20-0x7E) inside a shifted run: "&AEkATgBCAE8AWA-" is not
//     "INBOX", it is a second spelling of it (a spoofing vector);
//   - U+0000, CR and LF inside a shifted run: no mailbox name holds them, and they would
//     cut or split a line wherever the name is used;
//   - two shifted runs in a row ("&ZeU-&Zyw-"), another second spelling.
// Other controls (TAB, ESC, DEL, C1) are legal encoded and decoded; escape them before
// printing (escape_control, util/escape.hpp).
inline std::string mutf7_to_utf8(std::string_view mutf7, std::error_code& ec) {
    return detail::mutf7_decode(mutf7, /*strict=*/true, ec);
}

// The decoder for names from sloppy encoders: as mutf7_to_utf8 but accepting encoded
// ASCII, NUL, CR, LF and adjacent shifted runs (they decode unambiguously). Two different
// server-side names can come out equal, so never use it where a name is compared or shown.
inline std::string mutf7_to_utf8_lenient(std::string_view mutf7, std::error_code& ec) {
    return detail::mutf7_decode(mutf7, /*strict=*/false, ec);
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument on malformed input.
inline std::string utf8_to_mutf7(std::string_view utf8) {
    std::error_code ec;
    std::string r = utf8_to_mutf7(utf8, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: ill-formed UTF-8 input");
    return r;
}

inline std::string mutf7_to_utf8(std::string_view mutf7) {
    std::error_code ec;
    std::string r = mutf7_to_utf8(mutf7, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: malformed mailbox name");
    return r;
}

inline std::string mutf7_to_utf8_lenient(std::string_view mutf7) {
    std::error_code ec;
    std::string r = mutf7_to_utf8_lenient(mutf7, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: malformed mailbox name");
    return r;
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_MUTF7_HPP
