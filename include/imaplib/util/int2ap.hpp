// imaplib-cpp: imaplib.Int2AP, the tag prefix alphabet.
//
// imaplib writes a number in base 16 with the digits 'A'..'P' (most significant
// first) and uses it as the command tag prefix: Int2AP(random.randint(4096, 65535)).
#ifndef IMAPLIB_UTIL_INT2AP_HPP
#define IMAPLIB_UTIL_INT2AP_HPP

#include <imaplib/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL std::string int_to_ap_magnitude(std::uint64_t num);

}  // namespace detail

// Int2AP(num): base-16 digits 'A'..'P' of |num|; "" for 0 (as imaplib).
// A template so that int, long and unsigned arguments all pick it without ambiguity;
// negative numbers use their absolute value, like imaplib's int(abs(num)).
template <class Int, std::enable_if_t<std::is_integral_v<Int>, int> = 0>
std::string int_to_ap(Int num) {
    if constexpr (std::is_signed_v<Int>) {
        // -(INT64_MIN) overflows; negate in unsigned arithmetic instead.
        const auto wide = static_cast<std::int64_t>(num);
        const auto magnitude = wide < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(wide)
                                        : static_cast<std::uint64_t>(wide);
        return detail::int_to_ap_magnitude(magnitude);
    } else {
        return detail::int_to_ap_magnitude(static_cast<std::uint64_t>(num));
    }
}

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/int2ap.ipp>
#endif

#endif  // IMAPLIB_UTIL_INT2AP_HPP
