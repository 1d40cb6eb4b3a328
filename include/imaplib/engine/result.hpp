// imaplib-cpp: results shaped like imaplib's.
//
// Every command returns `response`: imaplib's `(typ, [data, ...])`. A data item is one of
// what imaplib puts in that list:
//   bytes            b'...'
//   literal pair     (b'header', b'literal')   - a response line that carried a literal
//   none             None                      - e.g. no untagged response of that name
//   list             [...]                     - only getquotaroot() nests lists
// Items view bytes owned by a shared, immutable block (one per response read), so moving
// items between the untagged-response table and a result never copies payload.
#ifndef IMAPLIB_ENGINE_RESULT_HPP
#define IMAPLIB_ENGINE_RESULT_HPP

#include <imaplib/config.hpp>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// Python's None, for porting `M.search(None, 'ALL')` line by line.
inline constexpr std::nullopt_t None = std::nullopt;

class data_item;

namespace detail {

// The bytes the items of one response share: the frame as received (and imaplib's
// rebuilt "N data" after it) behind a reference count, in one allocation. A `* 1 EXISTS`
// then costs one small block and one item, not a string, its control block and a copy.
// A nested list (getquotaroot) is a block holding a vector of items instead of bytes.
class item_block {
public:
    item_block() = default;
    item_block(const item_block& other) noexcept : h_(other.h_) {
        if (h_) h_->refs.fetch_add(1, std::memory_order_relaxed);
    }
    item_block(item_block&& other) noexcept : h_(other.h_) { other.h_ = nullptr; }
    item_block& operator=(item_block other) noexcept {
        std::swap(h_, other.h_);
        return *this;
    }
    ~item_block() { release(); }

    // Room for `size` bytes, written through data() before the block is shared; the
    // first `frame_size` of them are the frame (data_item::frame()).
    static item_block allocate(std::size_t size, std::size_t frame_size) {
        return item_block(new (::operator new(footprint_of(size))) header{{1}, frame_size});
    }
    static item_block list(std::vector<data_item> items);

    explicit operator bool() const noexcept { return h_ != nullptr; }
    char* data() const noexcept { return reinterpret_cast<char*>(h_ + 1); }
    std::string_view frame() const noexcept {
        return h_ && h_->frame_size != list_mark ? std::string_view(data(), h_->frame_size) : std::string_view();
    }
    const std::vector<data_item>& items() const noexcept;
    // What a block of `size` bytes costs: its header and bytes (limits::max_untagged).
    static constexpr std::size_t footprint_of(std::size_t size) noexcept { return sizeof(header) + size; }
    bool is_list() const noexcept { return h_ && h_->frame_size == list_mark; }

private:
    struct header {
        std::atomic<std::size_t> refs;
        std::size_t frame_size;  // list_mark for a list
    };
    static constexpr std::size_t list_mark = static_cast<std::size_t>(-1);
    explicit item_block(header* h) noexcept : h_(h) {}
    void release() noexcept;

    header* h_ = nullptr;
};

}  // namespace detail

class data_item {
public:
    enum class kind : unsigned char { none, bytes, literal, list };

    data_item() = default;  // None

    // `frame` is the whole response the item came from, as received (see frame()).
    // These copy the viewed bytes into the item's own block; the engine builds items
    // over a response's block without a copy (the overloads below).
    static data_item from_bytes(const std::shared_ptr<const std::string>& store, std::string_view text,
                                std::string_view frame = {}) {
        (void)store;
        return copied(kind::bytes, text, {}, frame);
    }
    static data_item from_literal(const std::shared_ptr<const std::string>& store, std::string_view header,
                                  std::string_view literal, std::string_view frame = {}) {
        (void)store;
        return copied(kind::literal, header, literal, frame);
    }
    // Items over `block`'s bytes: `text`, `header` and `literal` view them.
    static data_item from_bytes(const detail::item_block& block, std::string_view text) {
        return data_item(block, text, {});
    }
    static data_item from_literal(const detail::item_block& block, std::string_view header,
                                  std::string_view literal) {
        return data_item(block, header, literal.data() ? literal : std::string_view("", 0));
    }
    static data_item owning(std::string_view text) { return copied(kind::bytes, text, {}, {}); }
    static data_item from_list(std::vector<data_item> items) {
        return data_item(detail::item_block::list(std::move(items)), {}, {});
    }

    // Told apart without a field of its own (an item is 40 bytes): no block is None, a
    // list has a list block, a literal pair a non-null literal view.
    kind type() const noexcept {
        return !block_ ? kind::none : block_.is_list() ? kind::list : second_.data() ? kind::literal : kind::bytes;
    }
    bool is_none() const noexcept { return !block_; }
    bool is_bytes() const noexcept { return type() == kind::bytes; }
    bool is_literal() const noexcept { return type() == kind::literal; }
    bool is_list() const noexcept { return block_.is_list(); }

    // bytes: the bytes; literal pair: the header (the line before the literal).
    std::string_view bytes() const noexcept { return first_; }
    std::string_view header() const noexcept { return first_; }
    // literal pair: the literal's bytes.
    std::string_view literal() const noexcept { return second_; }
    // list: the nested items.
    const std::vector<data_item>& items() const noexcept;
    // The whole response this item came from, exactly as the server sent it (line,
    // literals inline, CRLF), for the grammar's typed views (engine/views.hpp). Every
    // item of one response shares it. Empty for items not read from a server, and for
    // responses whose literals went to a literal sink.
    std::string_view frame() const noexcept { return block_.frame(); }

    // Python's truthiness, as imaplib's callers use it (`if dat[-1]:`).
    explicit operator bool() const noexcept;

    friend bool operator==(const data_item& a, const data_item& b) noexcept {
        return a.type() == b.type() && a.first_ == b.first_ && a.second_ == b.second_ &&
               (!a.is_list() || a.items() == b.items());
    }
    friend bool operator!=(const data_item& a, const data_item& b) noexcept { return !(a == b); }

private:
    data_item(detail::item_block block, std::string_view first, std::string_view second) noexcept
        : block_(std::move(block)), first_(first), second_(second) {}

    // One block holding `frame`, then whichever of `first` and `second` lie outside it.
    static data_item copied(kind k, std::string_view first, std::string_view second, std::string_view frame);

    detail::item_block block_;  // keeps the viewed bytes (or the nested items) alive
    std::string_view first_;
    std::string_view second_;
};

namespace detail {



inline const std::vector<data_item>& item_block::items() const noexcept {
    return *std::launder(reinterpret_cast<const std::vector<data_item>*>(data()));
}



}  // namespace detail

inline const std::vector<data_item>& data_item::items() const noexcept {
    static const std::vector<data_item> none;
    return block_.is_list() ? block_.items() : none;
}

using data_list = std::vector<data_item>;

// imaplib's `(typ, data)`.
struct response {
    std::string typ;
    data_list data;

    bool ok() const noexcept { return typ == "OK"; }
};

// Python's bytes.split() with no argument: the words between runs of ASCII whitespace,
// as views into `text`. Ported code uses it on SEARCH results: `data[0].split()`.
IMAPLIB_DECL std::vector<std::string_view> split(std::string_view text);

namespace detail {

// Python's repr() of a bytes object: b'...' (or b"..." when it holds ' but not ").
IMAPLIB_DECL void append_bytes_repr(std::string& out, std::string_view bytes);

// Python's repr() of a str that holds only ASCII (typ, capability names, states).
IMAPLIB_DECL void append_str_repr(std::string& out, std::string_view text);

IMAPLIB_DECL void append_item_repr(std::string& out, const data_item& item);

}  // namespace detail

// The text Python prints for repr() of the same value, e.g. ('OK', [b'1 (FLAGS ())']).
IMAPLIB_DECL std::string python_repr(const data_item& item);

inline std::string python_repr(const data_list& items) {
    return python_repr(data_item::from_list(items));
}

IMAPLIB_DECL std::string python_repr(const response& r);

// repr() of a tuple of str, as Python prints `M.capabilities`.
IMAPLIB_DECL std::string python_repr(const std::vector<std::string>& strings);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/result.ipp>
#endif

#endif  // IMAPLIB_ENGINE_RESULT_HPP
