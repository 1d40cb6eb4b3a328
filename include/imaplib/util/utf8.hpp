// imaplib-cpp: UTF-8 helpers shared by the modified UTF-7 and RFC 2047 codecs.
#ifndef IMAPLIB_UTIL_UTF8_HPP
#define IMAPLIB_UTIL_UTF8_HPP

#include <imaplib/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline constexpr char32_t utf8_invalid = 0xFFFFFFFF;

// Decodes one scalar value at `pos` and advances `pos`. On ill-formed input returns
// utf8_invalid and skips the maximal ill-formed subpart (Unicode 15 section 3.9, the
// rule Python's "replace" handler follows): overlongs, surrogates and values above
// U+10FFFF are rejected.
IMAPLIB_DECL char32_t utf8_next(std::string_view s, std::size_t& pos) noexcept;

IMAPLIB_DECL void utf8_append(std::string& out, char32_t cp);

}  // namespace detail

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/utf8.ipp>
#endif

#endif  // IMAPLIB_UTIL_UTF8_HPP
