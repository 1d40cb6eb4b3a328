// imaplib-cpp: a literal's header, "{" number64 ["+"] "}" CRLF, or "~{...}" CRLF for
// literal8 (RFC 9051 section 4.3, RFC 3516, RFC 7888), read in this one place: the
// grammar, the value tape, the framing (its count) and the testing transports use it.
#ifndef IMAPLIB_DETAIL_LITERAL_HEADER_HPP
#define IMAPLIB_DETAIL_LITERAL_HEADER_HPP

#include <imaplib/config.hpp>

#include <cstdint>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// number64 is below 2^63 (RFC 9051 section 9)
inline constexpr std::uint64_t number64_max = 0x7fffffffffffffffull;

// A literal's count: the digits from p on, checked against cap digit by digit, so no
// count wraps and a huge one fails before it is awaited.
struct literal_count {
    const char* end;       // past the last digit read; at the digit that passed cap
    std::uint64_t value;   // the digits' value (<= cap)
    bool too_large;        // a digit took the value past cap
};

constexpr literal_count take_literal_count(const char* p, const char* e, std::uint64_t cap) noexcept {
    std::uint64_t n = 0;
    for (; p != e && *p >= '0' && *p <= '9'; ++p) {
        const auto d = static_cast<std::uint64_t>(*p - '0');
        if (d > cap || n > (cap - d) / 10) return {p, n, true};
        n = n * 10 + d;
    }
    return {p, n, false};
}

enum class literal_header_status : unsigned char { ok, none, too_large };

struct literal_header {
    literal_header_status status;  // none: p starts no whole header; too_large: count > cap
    std::uint64_t count;           // N, when ok
    const char* data;              // the data's first byte (past CRLF), when ok
    bool plus;                     // "{N+}": non-synchronizing (RFC 7888)
    bool eight;                    // "~{N}": literal8 (RFC 3516)
};

// The header at p, within [p, e). The count's digits come before "}" CRLF is looked
// for, so an oversized count is too_large even when the rest is missing.
constexpr literal_header parse_literal_header(const char* p, const char* e, std::uint64_t cap) noexcept {
    literal_header h{literal_header_status::none, 0, nullptr, false, false};
    if (p != e && *p == '~') {
        h.eight = true;
        ++p;
    }
    if (p == e || *p != '{') return h;
    ++p;
    const literal_count n = take_literal_count(p, e, cap);
    if (n.too_large) {
        h.status = literal_header_status::too_large;
        return h;
    }
    if (n.end == p) return h;  // no digit
    p = n.end;
    if (p != e && *p == '+') {
        h.plus = true;
        ++p;
    }
    if (e - p < 3 || p[0] != '}' || p[1] != '\r' || p[2] != '\n') return h;
    h.status = literal_header_status::ok;
    h.count = n.value;
    h.data = p + 3;
    return h;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_DETAIL_LITERAL_HEADER_HPP
