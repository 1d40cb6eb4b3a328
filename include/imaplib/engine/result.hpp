// imaplib-cpp: results shaped like imaplib's.
//
// Every command returns `response`: imaplib's `(typ, [data, ...])`. A data item is one of
// what imaplib puts in that list:
//   bytes            b'...'
//   literal pair     (b'header', b'literal')   - a response line that carried a literal
//   none             None                      - e.g. no untagged response of that name
//   list             [...]                     - only getquotaroot() nests lists
// Items view bytes owned by a shared, immutable store (one per response read), so moving
// items between the untagged-response table and a result never copies payload.
#ifndef IMAPLIB_ENGINE_RESULT_HPP
#define IMAPLIB_ENGINE_RESULT_HPP

#include <imaplib/config.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// Python's None, for porting `M.search(None, 'ALL')` line by line.
inline constexpr std::nullopt_t None = std::nullopt;

class data_item {
public:
    enum class kind { none, bytes, literal, list };

    data_item() = default;  // None

    // `frame` is the whole response the item came from, as received (see frame()).
    static data_item from_bytes(std::shared_ptr<const std::string> store, std::string_view text,
                                std::string_view frame = {}) {
        data_item item;
        item.kind_ = kind::bytes;
        item.store_ = std::move(store);
        item.first_ = text;
        item.frame_ = frame;
        return item;
    }
    static data_item from_literal(std::shared_ptr<const std::string> store, std::string_view header,
                                  std::string_view literal, std::string_view frame = {}) {
        data_item item;
        item.kind_ = kind::literal;
        item.store_ = std::move(store);
        item.first_ = header;
        item.second_ = literal;
        item.frame_ = frame;
        return item;
    }
    static data_item owning(std::string text) {
        auto store = std::make_shared<const std::string>(std::move(text));
        std::string_view view(*store);
        return from_bytes(std::move(store), view);
    }
    static data_item from_list(std::vector<data_item> items) {
        data_item item;
        item.kind_ = kind::list;
        item.items_ = std::move(items);
        return item;
    }

    kind type() const noexcept { return kind_; }
    bool is_none() const noexcept { return kind_ == kind::none; }
    bool is_bytes() const noexcept { return kind_ == kind::bytes; }
    bool is_literal() const noexcept { return kind_ == kind::literal; }
    bool is_list() const noexcept { return kind_ == kind::list; }

    // bytes: the bytes; literal pair: the header (the line before the literal).
    std::string_view bytes() const noexcept { return first_; }
    std::string_view header() const noexcept { return first_; }
    // literal pair: the literal's bytes.
    std::string_view literal() const noexcept { return second_; }
    // list: the nested items.
    const std::vector<data_item>& items() const noexcept { return items_; }
    // The whole response this item came from, exactly as the server sent it (line,
    // literals inline, CRLF), for the grammar's typed views (engine/views.hpp). Every
    // item of one response shares it. Empty for items not read from a server, and for
    // responses whose literals went to a literal sink.
    std::string_view frame() const noexcept { return frame_; }

    // Python's truthiness, as imaplib's callers use it (`if dat[-1]:`).
    explicit operator bool() const noexcept {
        switch (kind_) {
        case kind::none: return false;
        case kind::bytes: return !first_.empty();
        case kind::literal: return true;
        case kind::list: return !items_.empty();
        }
        return false;
    }

    friend bool operator==(const data_item& a, const data_item& b) noexcept {
        return a.kind_ == b.kind_ && a.first_ == b.first_ && a.second_ == b.second_ &&
               a.items_ == b.items_;
    }
    friend bool operator!=(const data_item& a, const data_item& b) noexcept { return !(a == b); }

private:
    kind kind_ = kind::none;
    std::shared_ptr<const std::string> store_;  // keeps the viewed bytes alive
    std::string_view first_;
    std::string_view second_;
    std::string_view frame_;
    std::vector<data_item> items_;
};

using data_list = std::vector<data_item>;

// imaplib's `(typ, data)`.
struct response {
    std::string typ;
    data_list data;

    bool ok() const noexcept { return typ == "OK"; }
};

// Python's bytes.split() with no argument: the words between runs of ASCII whitespace,
// as views into `text`. Ported code uses it on SEARCH results: `data[0].split()`.
inline std::vector<std::string_view> split(std::string_view text) {
    std::vector<std::string_view> words;
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    };
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        std::size_t j = i;
        while (j < text.size() && !is_space(text[j])) ++j;
        if (j > i) words.push_back(text.substr(i, j - i));
        i = j;
    }
    return words;
}

namespace detail {

// Python's repr() of a bytes object: b'...' (or b"..." when it holds ' but not ").
inline void append_bytes_repr(std::string& out, std::string_view bytes) {
    const bool use_double = bytes.find('\'') != std::string_view::npos &&
                            bytes.find('"') == std::string_view::npos;
    const char quote = use_double ? '"' : '\'';
    static constexpr char hex[] = "0123456789abcdef";
    out += 'b';
    out += quote;
    for (unsigned char c : bytes) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c == static_cast<unsigned char>(quote)) {
                out += '\\';
                out += static_cast<char>(c);
            } else if (c < 0x20 || c >= 0x7f) {
                out += "\\x";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += quote;
}

// Python's repr() of a str that holds only ASCII (typ, capability names, states).
inline void append_str_repr(std::string& out, std::string_view text) {
    std::string bytes_form;
    append_bytes_repr(bytes_form, text);
    out.append(bytes_form, 1, std::string::npos);  // the same, less the b prefix
}

inline void append_item_repr(std::string& out, const data_item& item) {
    switch (item.type()) {
    case data_item::kind::none: out += "None"; break;
    case data_item::kind::bytes: append_bytes_repr(out, item.bytes()); break;
    case data_item::kind::literal:
        out += '(';
        append_bytes_repr(out, item.header());
        out += ", ";
        append_bytes_repr(out, item.literal());
        out += ')';
        break;
    case data_item::kind::list:
        out += '[';
        for (std::size_t i = 0; i < item.items().size(); ++i) {
            if (i) out += ", ";
            append_item_repr(out, item.items()[i]);
        }
        out += ']';
        break;
    }
}

}  // namespace detail

// The text Python prints for repr() of the same value, e.g. ('OK', [b'1 (FLAGS ())']).
inline std::string python_repr(const data_item& item) {
    std::string out;
    detail::append_item_repr(out, item);
    return out;
}

inline std::string python_repr(const data_list& items) {
    return python_repr(data_item::from_list(items));
}

inline std::string python_repr(const response& r) {
    std::string out = "(";
    detail::append_str_repr(out, r.typ);
    out += ", ";
    out += python_repr(r.data);
    out += ')';
    return out;
}

// repr() of a tuple of str, as Python prints `M.capabilities`.
inline std::string python_repr(const std::vector<std::string>& strings) {
    std::string out = "(";
    for (std::size_t i = 0; i < strings.size(); ++i) {
        if (i) out += ", ";
        detail::append_str_repr(out, strings[i]);
    }
    if (strings.size() == 1) out += ',';
    out += ')';
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_RESULT_HPP
