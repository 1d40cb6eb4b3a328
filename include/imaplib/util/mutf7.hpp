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
IMAPLIB_DECL void mutf7_flush(std::string& out, std::u16string& run);

}  // namespace detail

// UTF-8 -> modified UTF-7. errc::invalid_argument (and "") on ill-formed UTF-8.
IMAPLIB_DECL std::string utf8_to_mutf7(std::string_view utf8, std::error_code& ec);

namespace detail {

// Modified UTF-7 -> UTF-8; see mutf7_to_utf8 and mutf7_to_utf8_lenient.
IMAPLIB_DECL std::string mutf7_decode(std::string_view mutf7, bool strict, std::error_code& ec);

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
IMAPLIB_DECL std::string utf8_to_mutf7(std::string_view utf8);

IMAPLIB_DECL std::string mutf7_to_utf8(std::string_view mutf7);

IMAPLIB_DECL std::string mutf7_to_utf8_lenient(std::string_view mutf7);
#endif

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/mutf7.ipp>
#endif

#endif  // IMAPLIB_UTIL_MUTF7_HPP
