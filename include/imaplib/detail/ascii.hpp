// imaplib-cpp: ASCII case, the one definition. IMAP's names (commands, response codes, FETCH
// items, flags, attributes, charsets) are case-insensitive: RFC 9051 section 9 makes alphabetic
// characters case-insensitive except where noted, and RFC 5234 section 2.3 makes ABNF's quoted
// strings case-insensitive over US-ASCII. So only A-Z and a-z pair up; the locale never applies.
#ifndef IMAPLIB_DETAIL_ASCII_HPP
#define IMAPLIB_DETAIL_ASCII_HPP

#include <imaplib/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr char to_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// A copy with a-z upper-cased (command names, capabilities, response code types).
inline std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = to_upper(c);
    return out;
}

// Equal but for ASCII case.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)  // servers mostly send names as the RFCs spell them
        if (a[i] != b[i] && to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_DETAIL_ASCII_HPP
