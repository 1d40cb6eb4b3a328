// imaplib-cpp: util/base64.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_BASE64_IPP
#define IMAPLIB_UTIL_IMPL_BASE64_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/base64.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL std::string base64_decode_impl(std::string_view text, bool strict, std::error_code& ec) {
    std::string out;
    out.reserve(text.size() / 4 * 3 + 3);
    ec = make_error_code(errc::invalid_argument);
    if (strict && !text.empty() && text.front() == '=') return {};  // leading padding
    unsigned quad_pos = 0;
    unsigned left = 0;
    unsigned pads = 0;
    bool padding_started = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=') {
            padding_started = true;
            // A quad with 2 or 3 digits is complete once padded to 4: stop there.
            if (quad_pos >= 2 && quad_pos + ++pads >= 4) {
                if (strict && i + 1 < text.size()) return {};  // data after padding
                ec.clear();
                return out;
            }
            continue;
        }
        const unsigned v = base64_value(c);
        if (v >= 64) {
            if (strict) return {};  // only base64 data is allowed
            continue;
        }
        if (strict && padding_started) return {};  // discontinuous padding
        pads = 0;
        switch (quad_pos) {
        case 0:
            left = v;
            quad_pos = 1;
            break;
        case 1:
            out += static_cast<char>(((left << 2) | (v >> 4)) & 0xFF);
            left = v & 0x0F;
            quad_pos = 2;
            break;
        case 2:
            out += static_cast<char>(((left << 4) | (v >> 2)) & 0xFF);
            left = v & 0x03;
            quad_pos = 3;
            break;
        default:
            out += static_cast<char>(((left << 6) | v) & 0xFF);
            quad_pos = 0;
            break;
        }
    }
    // One digit past a multiple of 4 can encode nothing; two or three need padding.
    if (quad_pos != 0) return {};
    ec.clear();
    return out;
}

}  // namespace detail

IMAPLIB_DECL std::string base64_encode(std::string_view data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(data[k]));
    };
    for (; i + 3 <= data.size(); i += 3) {
        const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        out += detail::base64_alphabet[(n >> 18) & 63];
        out += detail::base64_alphabet[(n >> 12) & 63];
        out += detail::base64_alphabet[(n >> 6) & 63];
        out += detail::base64_alphabet[n & 63];
    }
    if (i < data.size()) {
        const bool two = i + 1 < data.size();
        const std::uint32_t n = (byte(i) << 16) | (two ? byte(i + 1) << 8 : 0);
        out += detail::base64_alphabet[(n >> 18) & 63];
        out += detail::base64_alphabet[(n >> 12) & 63];
        out += two ? detail::base64_alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

#if !defined(IMAPLIB_NO_EXCEPTIONS)

IMAPLIB_DECL std::string base64_decode(std::string_view text) {
    std::error_code ec;
    std::string r = base64_decode(text, ec);
    if (ec) throw std::invalid_argument("base64: incorrect padding");
    return r;
}

IMAPLIB_DECL std::string base64_decode_strict(std::string_view text) {
    std::error_code ec;
    std::string r = base64_decode_strict(text, ec);
    if (ec) throw std::invalid_argument("base64: invalid data");
    return r;
}

#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_IMPL_BASE64_IPP
