// imaplib-cpp: util/mutf7.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_MUTF7_IPP
#define IMAPLIB_UTIL_IMPL_MUTF7_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/mutf7.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL void mutf7_flush(std::string& out, std::u16string& run) {
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

IMAPLIB_DECL std::string utf8_to_mutf7(std::string_view utf8, std::error_code& ec) {
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

IMAPLIB_DECL std::string mutf7_decode(std::string_view mutf7, bool strict, std::error_code& ec) {
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

#if !defined(IMAPLIB_NO_EXCEPTIONS)

IMAPLIB_DECL std::string utf8_to_mutf7(std::string_view utf8) {
    std::error_code ec;
    std::string r = utf8_to_mutf7(utf8, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: ill-formed UTF-8 input");
    return r;
}

IMAPLIB_DECL std::string mutf7_to_utf8(std::string_view mutf7) {
    std::error_code ec;
    std::string r = mutf7_to_utf8(mutf7, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: malformed mailbox name");
    return r;
}

IMAPLIB_DECL std::string mutf7_to_utf8_lenient(std::string_view mutf7) {
    std::error_code ec;
    std::string r = mutf7_to_utf8_lenient(mutf7, ec);
    if (ec) throw std::invalid_argument("modified UTF-7: malformed mailbox name");
    return r;
}

#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_IMPL_MUTF7_IPP
