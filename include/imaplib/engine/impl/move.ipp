// imaplib-cpp: engine/move.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_ENGINE_IMPL_MOVE_IPP
#define IMAPLIB_ENGINE_IMPL_MOVE_IPP

#include <imaplib/config.hpp>
#include <imaplib/engine/move.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL bool parse_number(std::string_view s, std::uint64_t max, std::uint64_t& out) noexcept {
    if (s.empty() || s.size() > 20 || s[0] < '0' || s[0] > '9' || (s[0] == '0' && s.size() > 1)) return false;
    std::uint64_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
        const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
        if (v > (max - digit) / 10) return false;
        v = v * 10 + digit;
    }
    out = v;
    return true;
}

IMAPLIB_DECL bool parse_uidvalidity(std::string_view s, std::uint32_t& out) noexcept {
    std::uint64_t v = 0;
    if (!parse_number(s, 0xffffffffu, v) || v == 0) return false;
    out = static_cast<std::uint32_t>(v);
    return true;
}

IMAPLIB_DECL std::optional<appenduid_data> parse_appenduid(std::string_view args, std::error_code& ec) {
    std::string_view w[2];
    appenduid_data out;
    if (split_words(args, w) && parse_uidvalidity(w[0], out.uidvalidity)) {
        out.uids = sequence_set::parse(w[1], ec, false);
        if (!ec) return out;
    }
    ec = make_error_code(errc::parse_error);
    return std::nullopt;
}

IMAPLIB_DECL std::optional<copyuid_data> parse_copyuid(std::string_view args, std::error_code& ec) {
    std::string_view w[3];
    copyuid_data out;
    if (split_words(args, w) && parse_uidvalidity(w[0], out.uidvalidity)) {
        out.source = sequence_set::parse(w[1], ec, false);
        if (!ec) out.dest = sequence_set::parse(w[2], ec, false);
        if (!ec && out.source.size() == out.dest.size()) return out;
    }
    ec = make_error_code(errc::parse_error);
    return std::nullopt;
}

IMAPLIB_DECL bool starts_with_nocase(std::string_view s, std::string_view prefix) noexcept {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (to_upper(s[i]) != prefix[i]) return false;
    return true;
}

IMAPLIB_DECL std::optional<std::string_view> code_args(const response& r, std::string_view name) {
    for (auto it = r.data.rbegin(); it != r.data.rend(); ++it) {
        if (it->is_none()) continue;
        std::string_view bytes = it->bytes();
        if (r.typ == name) return bytes;
        if (bytes.size() < name.size() + 3 || bytes[0] != '[' || !starts_with_nocase(bytes.substr(1), name) ||
            bytes[name.size() + 1] != ' ')
            continue;
        bytes.remove_prefix(name.size() + 2);
        const std::size_t close = bytes.find(']');
        if (close != std::string_view::npos) return bytes.substr(0, close);
    }
    return std::nullopt;
}

}  // namespace detail

IMAPLIB_DECL std::optional<appenduid_data> appenduid(const response& r, std::error_code& ec) {
    ec.clear();
    const std::optional<std::string_view> args = detail::code_args(r, "APPENDUID");
    if (!args) return std::nullopt;
    return detail::parse_appenduid(*args, ec);
}
IMAPLIB_DECL std::optional<appenduid_data> appenduid(const response& r) {
    std::error_code ignored;
    return appenduid(r, ignored);
}

IMAPLIB_DECL std::optional<copyuid_data> copyuid(const response& r, std::error_code& ec) {
    ec.clear();
    const std::optional<std::string_view> args = detail::code_args(r, "COPYUID");
    if (!args) return std::nullopt;
    return detail::parse_copyuid(*args, ec);
}
IMAPLIB_DECL std::optional<copyuid_data> copyuid(const response& r) {
    std::error_code ignored;
    return copyuid(r, ignored);
}

IMAPLIB_DECL std::optional<std::uint64_t> appendlimit(const std::vector<std::string>& capabilities) {
    constexpr std::string_view prefix = "APPENDLIMIT=";
    for (const std::string& c : capabilities) {
        std::uint64_t n = 0;
        if (detail::starts_with_nocase(c, prefix) &&
            detail::parse_number(std::string_view(c).substr(prefix.size()), ~std::uint64_t{0}, n))
            return n;
    }
    return std::nullopt;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_MOVE_IPP
