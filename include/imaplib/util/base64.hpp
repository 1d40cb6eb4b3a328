// imaplib-cpp: base64 (RFC 4648 section 4) as imaplib's AUTHENTICATE uses it.
//
// Encoding is imaplib's _Authenticator.encode: binascii.b2a_base64 of 48-byte chunks
// with the newlines removed, which is plain padded base64 of the whole input.
// Decoding is binascii.a2b_base64, whose default mode skips every character outside
// the alphabet (whitespace, line breaks, garbage) and stops at the padding; the strict
// form is a2b_base64(strict_mode=True).
#ifndef IMAPLIB_UTIL_BASE64_HPP
#define IMAPLIB_UTIL_BASE64_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Value of a base64 digit, or 64 for anything else.
constexpr unsigned base64_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A');
    if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 26);
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0' + 52);
    if (c == '+') return 62;
    if (c == '/') return 63;
    return 64;
}

// binascii.a2b_base64 (CPython 3.11), both modes.
IMAPLIB_DECL std::string base64_decode_impl(std::string_view text, bool strict, std::error_code& ec);

}  // namespace detail

// Padded base64 of `data` on one line (imaplib's _Authenticator.encode).
IMAPLIB_DECL std::string base64_encode(std::string_view data);

// binascii.a2b_base64(text): skips characters outside the alphabet, ends at the
// padding that completes a quad. errc::invalid_argument (binascii.Error) when the
// digits do not end on a complete quad ("Incorrect padding").
inline std::string base64_decode(std::string_view text, std::error_code& ec) {
    return detail::base64_decode_impl(text, false, ec);
}

// binascii.a2b_base64(text, strict_mode=True): only alphabet characters, padding only
// at the end and only where needed.
inline std::string base64_decode_strict(std::string_view text, std::error_code& ec) {
    return detail::base64_decode_impl(text, true, ec);
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument (binascii.Error is a ValueError).
IMAPLIB_DECL std::string base64_decode(std::string_view text);

IMAPLIB_DECL std::string base64_decode_strict(std::string_view text);
#endif

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/base64.ipp>
#endif

#endif  // IMAPLIB_UTIL_BASE64_HPP
