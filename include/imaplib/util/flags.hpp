// imaplib-cpp: imaplib.ParseFlags.
#ifndef IMAPLIB_UTIL_FLAGS_HPP
#define IMAPLIB_UTIL_FLAGS_HPP

#include <imaplib/config.hpp>

#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// bytes.split() separators: ASCII whitespace.
constexpr bool is_py_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace detail

// ParseFlags(resp): the flags of the response's "FLAGS (...)" group, split on
// whitespace, as views into `resp` (zero-copy: `resp` must outlive the result).
// Empty when there is no match, like imaplib's ().
//
// Same result as imaplib's match of `.*FLAGS \((?P<flags>[^\)]*)\)`:
// - `.*` is greedy, so the LAST "FLAGS (" that is followed by a ')' wins;
// - `.` does not match '\n', so "FLAGS (" must be on the first line, while the
//   group itself ([^)]*) may run over line ends;
// - "PERMANENTFLAGS (" contains "FLAGS (" and matches too.
IMAPLIB_DECL std::vector<std::string_view> parse_flags(std::string_view resp);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/flags.ipp>
#endif

#endif  // IMAPLIB_UTIL_FLAGS_HPP
