// imaplib-cpp: sasl/saslprep.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_SASL_IMPL_SASLPREP_IPP
#define IMAPLIB_SASL_IMPL_SASLPREP_IPP

#include <imaplib/config.hpp>
#include <imaplib/sasl/detail/saslprep_tables.hpp>
#include <imaplib/sasl/saslprep.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

template <std::size_t N>
bool saslprep_in(const saslprep_tables::saslprep_range (&table)[N], char32_t cp) noexcept {
    std::size_t lo = 0, hi = N;
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (table[mid].last < cp) lo = mid + 1;
        else hi = mid;
    }
    return lo < N && table[lo].first <= cp;
}


IMAPLIB_DECL unsigned combining_class(char32_t cp) noexcept {
    using namespace saslprep_tables;
    constexpr std::size_t n = sizeof(combining_start) / sizeof(combining_start[0]);
    std::size_t lo = 0, hi = n;  // the last run starting at or before cp
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if ((combining_start[mid] >> 8) <= cp) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return 0;
    const char32_t first = combining_start[lo - 1] >> 8;
    return cp < first + combining_length[lo - 1] ? (combining_start[lo - 1] & 0xFF) : 0;
}

IMAPLIB_DECL void nfkd_append(std::u32string& out, char32_t cp) {
    using namespace saslprep_tables;
    if (cp >= hangul_s && cp < hangul_s + hangul_s_count) {
        const char32_t s = cp - hangul_s;
        out += hangul_l + s / (hangul_v_count * hangul_t_count);
        out += hangul_v + (s % (hangul_v_count * hangul_t_count)) / hangul_t_count;
        if (s % hangul_t_count) out += hangul_t + s % hangul_t_count;
        return;
    }
    const char32_t plane = cp >> 16;
    if (plane < 3) {
        std::size_t lo = decomposition_plane[plane], hi = decomposition_plane[plane + 1];
        const auto low = static_cast<std::uint16_t>(cp & 0xFFFF);
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (decomposition_key[mid] < low) lo = mid + 1;
            else hi = mid;
        }
        if (lo < decomposition_plane[plane + 1] && decomposition_key[lo] == low) {
            const std::string_view d(decomposition_utf8 + decomposition_offset[lo],
                                     decomposition_offset[lo + 1] - decomposition_offset[lo]);
            for (std::size_t pos = 0; pos < d.size();) out += utf8_next(d, pos);
            return;
        }
    }
    out += cp;
}

IMAPLIB_DECL char32_t compose_pair(char32_t a, char32_t b) noexcept {
    if (a >= hangul_l && a < hangul_l + 19 && b >= hangul_v && b < hangul_v + hangul_v_count)
        return hangul_s + ((a - hangul_l) * hangul_v_count + (b - hangul_v)) * hangul_t_count;
    if (a >= hangul_s && a < hangul_s + hangul_s_count && (a - hangul_s) % hangul_t_count == 0 &&
        b > hangul_t && b < hangul_t + hangul_t_count)
        return a + (b - hangul_t);
    if (a > 0xFFFF || b > 0xFFFF) return 0;
    using saslprep_tables::composition;
    constexpr std::size_t n = sizeof(composition) / sizeof(composition[0]);
    std::size_t lo = 0, hi = n;
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (composition[mid][0] < a || (composition[mid][0] == a && composition[mid][1] < b)) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && composition[lo][0] == a && composition[lo][1] == b ? composition[lo][2] : 0;
}

IMAPLIB_DECL std::u32string nfkc(const std::u32string& in) {
    std::u32string d;
    d.reserve(in.size());
    for (char32_t cp : in) nfkd_append(d, cp);
    // Canonical ordering: a stable insertion sort of each run of non-starters.
    for (std::size_t i = 1; i < d.size(); ++i) {
        const unsigned cc = combining_class(d[i]);
        if (cc == 0) continue;
        for (std::size_t j = i; j > 0; --j) {
            const unsigned prev = combining_class(d[j - 1]);
            if (prev == 0 || prev <= cc) break;
            std::swap(d[j - 1], d[j]);
        }
    }
    if (d.empty()) return d;
    std::u32string out;
    out.reserve(d.size());
    out += d[0];
    std::size_t starter = 0;
    unsigned last = combining_class(d[0]) ? 256 : 0;  // a leading non-starter blocks
    for (std::size_t i = 1; i < d.size(); ++i) {
        const unsigned cc = combining_class(d[i]);
        if (last != 256 && (last < cc || last == 0)) {
            if (const char32_t c = compose_pair(out[starter], d[i])) {
                out[starter] = c;
                continue;
            }
        }
        if (cc == 0) starter = out.size();
        last = cc;
        out += d[i];
    }
    return out;
}

}  // namespace detail

IMAPLIB_DECL std::string saslprep(std::string_view text, std::error_code& ec,
                                  saslprep_use use) {
    using namespace detail::saslprep_tables;
    using detail::saslprep_in;
    ec.clear();
    // Fast path: printable ASCII is its own SASLprep (nothing maps, NFKC keeps it, nothing
    // is prohibited or right-to-left).
    bool ascii = true;
    for (char c : text) ascii = ascii && c >= 0x20 && c < 0x7F;
    if (ascii) return std::string(text);

    std::u32string mapped;
    mapped.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = detail::utf8_next(text, pos);
        if (cp == detail::utf8_invalid || (use == saslprep_use::stored && saslprep_in(unassigned, cp))) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
        if (saslprep_in(map_to_nothing, cp)) continue;  // RFC 4013 section 2.1
        mapped += saslprep_in(non_ascii_space, cp) ? U' ' : cp;
    }
    const std::u32string normal = detail::nfkc(mapped);  // section 2.2
    bool has_randal = false, has_l = false;
    for (char32_t cp : normal) {
        if (saslprep_in(prohibited, cp) || (use == saslprep_use::stored && saslprep_in(unassigned, cp))) {
            ec = make_error_code(errc::invalid_argument);  // sections 2.3, 2.5
            return {};
        }
        has_randal = has_randal || saslprep_in(randalcat, cp);
        has_l = has_l || saslprep_in(lcat, cp);
    }
    // Section 2.4 / RFC 3454 section 6: right-to-left text is wholly right-to-left and
    // begins and ends with a right-to-left character.
    if (has_randal && (has_l || !saslprep_in(randalcat, normal.front()) || !saslprep_in(randalcat, normal.back()))) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    std::string out;
    out.reserve(normal.size());
    for (char32_t cp : normal) detail::utf8_append(out, cp);
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_IMPL_SASLPREP_IPP
