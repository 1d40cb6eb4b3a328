// imaplib-cpp: message sequence numbers and UIDs as ranges (RFC 9051 section 9,
// sequence-set and uid-set).
//
// Extension results carry sets of UIDs: COPYUID, APPENDUID, VANISHED, MODIFIED, ESEARCH's
// ALL. A server may answer `1:6000000`; held as ranges that is 8 bytes, where a list of
// numbers would be 24 MB. Ranges keep the server's order (COPYUID pairs the source and
// destination sets in order, RFC 4315 section 3); normalize() sorts and merges them.
#ifndef IMAPLIB_ENGINE_SEQUENCE_SET_HPP
#define IMAPLIB_ENGINE_SEQUENCE_SET_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// `first <= last`, both in 1..4294967295; `*` is `sequence_set::star`.
struct seq_range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;

    std::uint64_t size() const noexcept { return std::uint64_t{last} - first + 1; }
    friend bool operator==(seq_range a, seq_range b) noexcept { return a.first == b.first && a.last == b.last; }
    friend bool operator!=(seq_range a, seq_range b) noexcept { return !(a == b); }
};

class sequence_set {
public:
    // `*`: the largest number in use. Kept as the largest value, so `5:*` stays a range.
    static constexpr std::uint32_t star = 0xFFFFFFFFu;
    // A server's set holding more comma-separated parts than this is refused: each costs
    // 8 bytes here for 2 or more bytes on the wire, so the bound is on memory, not on
    // how many numbers the set covers.
    static constexpr std::size_t max_ranges = 1000000;

    sequence_set() = default;
    sequence_set(std::initializer_list<seq_range> ranges) {
        for (auto r : ranges) add(r.first, r.last);
    }

    // sequence-set = (seq-number / seq-range) ["," sequence-set]; seq-number = nz-number / "*".
    // `allow_star` false for uid-set (APPENDUID, COPYUID), which has no `*`.
    // Anything else, an empty text included, is errc::parse_error.
    static sequence_set parse(std::string_view text, std::error_code& ec, bool allow_star = true);

    // Appends `a:b` (either order, RFC 9051: "2:4" and "4:2" are the same), merging it
    // with the last range when they touch, as a server's "1,2,3" is "1:3".
    void add(std::uint32_t a, std::uint32_t b);
    void add(std::uint32_t n) { add(n, n); }

    // Sorted, overlapping and adjacent ranges merged.
    void normalize();

    const std::vector<seq_range>& ranges() const noexcept { return ranges_; }
    bool empty() const noexcept { return ranges_.empty(); }
    // How many numbers the set covers (a number in two ranges counts twice until normalize()).
    std::uint64_t size() const noexcept;
    bool contains(std::uint32_t n) const noexcept;
    // Calls f(n) for each number, in the set's order. Beware `*` and huge ranges.
    template <class F>
    void for_each(F&& f) const {
        for (auto r : ranges_)
            for (std::uint64_t n = r.first; n <= r.last; ++n) f(static_cast<std::uint32_t>(n));
    }

    // The IMAP form: "1:3,7,9:*".
    std::string to_string() const;

    friend bool operator==(const sequence_set& a, const sequence_set& b) { return a.ranges_ == b.ranges_; }
    friend bool operator!=(const sequence_set& a, const sequence_set& b) { return !(a == b); }

private:
    static void append_number(std::string& out, std::uint32_t n);

    std::vector<seq_range> ranges_;
};

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/sequence_set.ipp>
#endif

#endif  // IMAPLIB_ENGINE_SEQUENCE_SET_HPP
