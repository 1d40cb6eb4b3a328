// imaplib-cpp: engine/sequence_set.hpp's definitions: inline in header-only mode, compiled
// once by <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_ENGINE_IMPL_SEQUENCE_SET_IPP
#define IMAPLIB_ENGINE_IMPL_SEQUENCE_SET_IPP

#include <imaplib/config.hpp>
#include <imaplib/engine/sequence_set.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

IMAPLIB_DECL sequence_set sequence_set::parse(std::string_view text, std::error_code& ec, bool allow_star) {
    sequence_set set;
    ec.clear();
    std::size_t i = 0;
    const auto number = [&](std::uint32_t& out) {
        if (i < text.size() && text[i] == '*') {
            if (!allow_star) return false;
            ++i;
            out = star;
            return true;
        }
        if (i == text.size() || text[i] < '1' || text[i] > '9') return false;
        std::uint64_t v = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            v = v * 10 + static_cast<std::uint64_t>(text[i] - '0');
            if (v > 0xFFFFFFFFu) return false;
            ++i;
        }
        out = static_cast<std::uint32_t>(v);
        return true;
    };
    for (;;) {
        std::uint32_t a = 0, b = 0;
        if (!number(a)) break;
        b = a;
        if (i < text.size() && text[i] == ':') {
            ++i;
            if (!number(b)) break;
        }
        if (set.ranges_.size() == max_ranges) break;
        set.add(a, b);
        if (i == text.size()) return set;
        if (text[i] != ',') break;
        ++i;
    }
    ec = make_error_code(errc::parse_error);
    return {};
}

IMAPLIB_DECL void sequence_set::add(std::uint32_t a, std::uint32_t b) {
    if (a > b) std::swap(a, b);
    if (a == 0) a = 1;
    if (!ranges_.empty()) {
        seq_range& back = ranges_.back();
        if (a >= back.first && (a <= back.last || a - 1 == back.last)) {
            back.last = std::max(back.last, b);
            return;
        }
    }
    ranges_.push_back({a, b});
}

IMAPLIB_DECL void sequence_set::normalize() {
    std::sort(ranges_.begin(), ranges_.end(), [](seq_range x, seq_range y) { return x.first < y.first; });
    std::vector<seq_range> merged;
    merged.reserve(ranges_.size());
    for (auto r : ranges_) {
        if (!merged.empty() && (r.first <= merged.back().last || r.first - 1 == merged.back().last))
            merged.back().last = std::max(merged.back().last, r.last);
        else
            merged.push_back(r);
    }
    ranges_ = std::move(merged);
}

IMAPLIB_DECL std::uint64_t sequence_set::size() const noexcept {
    std::uint64_t n = 0;
    for (auto r : ranges_) n += r.size();
    return n;
}

IMAPLIB_DECL bool sequence_set::contains(std::uint32_t n) const noexcept {
    for (auto r : ranges_)
        if (n >= r.first && n <= r.last) return true;
    return false;
}

IMAPLIB_DECL std::string sequence_set::to_string() const {
    std::string out;
    for (auto r : ranges_) {
        if (!out.empty()) out += ',';
        append_number(out, r.first);
        if (r.last != r.first) {
            out += ':';
            append_number(out, r.last);
        }
    }
    return out;
}

IMAPLIB_DECL void sequence_set::append_number(std::string& out, std::uint32_t n) {
    if (n == star) {
        out += '*';
        return;
    }
    out += std::to_string(n);
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_SEQUENCE_SET_IPP
