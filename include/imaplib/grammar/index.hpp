// imaplib-cpp: an index of a response's values, so that typed views find each value in
// constant time.
//
//   grammar::value_index index;           // reuse it: it allocates only while it grows
//   grammar::response_view r;
//   if (grammar::parse_response(frame, r, index, ec))
//       for (const grammar::fetch_item& item : r.as_fetch()) ...
//
// Views store nothing of their own, so without an index a view finds where a nested list
// ends by reading it, and a byte d lists deep is read d + 1 times. The index is one pass
// over the validated frame that records every value (its bytes, its kind, and for a
// list the number of values inside it), in the order the views read them. Views of a
// response parsed with an index step through it instead of the bytes; they stay valid
// while the frame lives and the index is not used for another response.
//
// Memory is bounded: 16 bytes a value, at most max_entries values (1 MiB by default). A
// response with more values than that is parsed as usual and its views read the bytes.
#ifndef IMAPLIB_GRAMMAR_INDEX_HPP
#define IMAPLIB_GRAMMAR_INDEX_HPP

#include <imaplib/config.hpp>
#include <imaplib/grammar/views.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <memory>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

class value_index {
public:
    static constexpr std::size_t default_max_entries = 65536;

    explicit value_index(std::size_t max_entries = default_max_entries) noexcept
        : max_entries_(max_entries) {}

    // Records the values of `payload`, a part of the validated `frame`, as detail::cursor
    // reads them. False, with the index left empty, when the frame is over 4 GiB or the
    // values are more than max_entries.
    bool build(std::string_view frame, std::string_view payload) {
        size_ = 0;
        if (frame.size() > UINT32_MAX) return false;
        // Every value takes at least one byte, so this is room enough.
        const std::size_t need = payload.size() < max_entries_ ? payload.size() : max_entries_;
        if (need > capacity_) {
            entries_.reset(new detail::index_entry[need]);
            capacity_ = need;
        }
        if (!record(frame.data(), payload.data(), payload.data() + payload.size(), need)) {
            size_ = 0;
            return false;
        }
        return true;
    }

    void clear() noexcept { size_ = 0; }
    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }
    std::size_t max_entries() const noexcept { return max_entries_; }
    const detail::index_entry* begin() const noexcept { return entries_.get(); }
    const detail::index_entry* end() const noexcept { return entries_.get() + size_; }
    // Whether every quoted string of the last build is closed and holds only QUOTED-CHARs
    // and the escapes \" and \\: then each is valid in any mode without another look.
    bool regular_strings() const noexcept { return regular_strings_; }

private:
    // One pass, no recursion, the same values detail::cursor::next() reads (the
    // differential tests hold the two together). An open list keeps the index of the
    // list around it in its `span` until its ")" comes, which then sets the span.
    bool record(const char* base, const char* p, const char* e, std::size_t room) noexcept {
        using detail::index_entry;
        constexpr std::uint32_t none = UINT32_MAX;
        index_entry* const first = entries_.get();
        index_entry* out = first;
        index_entry* const last = first + room;
        std::uint32_t open = none;  // the innermost list still open
        bool regular = true;        // see regular_strings()
        const char* open_until = nullptr;  // see detail::skip_token
        const auto at = [base](const char* q) { return static_cast<std::uint32_t>(q - base); };
        const auto close = [&](const char* end, std::uint8_t trim) {
            index_entry& list = first[open];
            open = list.span;  // the list around it
            list.end = at(end);
            list.data_trim = trim;
            list.span = static_cast<std::uint32_t>(out - &list);
        };
        for (;;) {
            while (p < e && *p == ' ') ++p;
            if (p == e) break;
            const char* b = p;
            switch (*p) {
            case ')':
                if (open == none) goto stop;  // where a cursor stops
                close(++p, 1);
                continue;
            case '\r':
                if (open == none) goto stop;
                return false;  // not in a validated frame: the views read the bytes
            case '(':
                if (out == last) return false;
                *out = index_entry{at(b), 0, open, value_kind::list, 1, 0};
                open = static_cast<std::uint32_t>(out - first);
                ++out;
                ++p;
                continue;
            case '"': {
                if (out == last) return false;
                p = detail::scan_quoted(p, e, regular);
                const std::uint8_t trim = p - b >= 2 && p[-1] == '"' ? 1 : 0;
                *out++ = index_entry{at(b), at(p), 1, value_kind::quoted, 1, trim};
                continue;
            }
            case '{':
            case '~': {
                std::string_view d;
                if (const char* q = detail::skip_literal(p, e, d)) {
                    if (out == last) return false;
                    const auto head = static_cast<std::size_t>(d.data() - b);
                    if (head > UINT8_MAX) return false;
                    p = q;
                    *out++ = index_entry{at(b), at(p), 1,
                                         *b == '~' ? value_kind::literal8 : value_kind::literal,
                                         static_cast<std::uint8_t>(head), 0};
                    continue;
                }
                break;
            }
            case 'N':
            case 'n':  // NIL is a quarter of a FETCH response's values
                if (e - p >= 3 && detail::is_nil(p, p + 3) &&
                    (e - p == 3 || detail::token_chars.v[static_cast<unsigned char>(p[3])] ==
                                       detail::tok_stop)) {
                    if (out == last) return false;
                    p += 3;
                    *out++ = index_entry{at(b), at(p), 1, value_kind::nil, 3, 0};
                    continue;
                }
                break;
            default: break;
            }
            if (out == last) return false;
            bool digits = true;
            p = detail::skip_token(p, e, digits, open_until);
            if (p == b) {  // a byte no rule expects here: a one-byte atom
                ++p;
                digits = false;
            }
            // A three-byte "NIL" token was taken by the case above: this is a number or
            // an atom.
            *out++ = index_entry{at(b), at(p), 1, digits ? value_kind::number : value_kind::atom, 0, 0};
        }
    stop:
        // A list left open: the grammar closed it, but a token's "[" read it otherwise
        // (`X[a" )...]` in an odd frame). The byte reading cuts such values where the
        // list's bytes end; leave it to that.
        if (open != none) return false;
        size_ = static_cast<std::size_t>(out - first);
        regular_strings_ = regular;
        return true;
    }

    std::unique_ptr<detail::index_entry[]> entries_;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
    std::size_t max_entries_;
    bool regular_strings_ = true;
};

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_INDEX_HPP
