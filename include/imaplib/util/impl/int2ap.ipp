// imaplib-cpp: util/int2ap.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_INT2AP_IPP
#define IMAPLIB_UTIL_IMPL_INT2AP_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/int2ap.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL std::string int_to_ap_magnitude(std::uint64_t num) {
    // imaplib builds the digits right to left; 0 gives the empty string.
    char digits[16];
    std::size_t first = sizeof digits;
    while (num != 0) {
        digits[--first] = static_cast<char>('A' + (num & 0xF));
        num >>= 4;
    }
    return std::string(digits + first, sizeof digits - first);
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_IMPL_INT2AP_IPP
