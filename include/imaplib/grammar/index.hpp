// imaplib-cpp: an index of a response's values, so that typed views find each value in
// constant time.
//
//   grammar::value_index index;           // reuse it: it allocates only while it grows
//   grammar::response_view r;
//   if (grammar::parse_response(frame, r, index, ec))
//       for (const grammar::fetch_item& item : r.as_fetch()) ...
//
// Views store nothing of their own, so without an index a view finds where a nested list
// ends by reading it, and a byte d lists deep is read d + 1 times. The index records
// every value (its bytes, its kind, and for a list the number of values inside it), in
// the order the views read them (grammar/tape.hpp). Views of a response parsed with an
// index step through it instead of the bytes; they stay valid while the frame lives and
// the index is not used for another response.
//
// Memory is bounded: 16 bytes a value, at most max_entries values (1 MiB by default). A
// response with more values than that is parsed as usual and its views read the bytes.
#ifndef IMAPLIB_GRAMMAR_INDEX_HPP
#define IMAPLIB_GRAMMAR_INDEX_HPP

#include <imaplib/config.hpp>
#include <imaplib/grammar/tape.hpp>
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
        const detail::recorded r = detail::record_values(frame, payload, entries_.get(), entries_.get() + need);
        if (r.end == nullptr) return false;
        size_ = static_cast<std::size_t>(r.end - entries_.get());
        regular_strings_ = r.regular;
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
    std::unique_ptr<detail::index_entry[]> entries_;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
    std::size_t max_entries_;
    bool regular_strings_ = true;
};

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_INDEX_HPP
