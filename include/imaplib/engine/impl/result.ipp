// imaplib-cpp: engine/result.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_ENGINE_IMPL_RESULT_IPP
#define IMAPLIB_ENGINE_IMPL_RESULT_IPP

#include <imaplib/config.hpp>
#include <imaplib/engine/result.hpp>

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

IMAPLIB_DECL data_item::operator bool() const noexcept {
    switch (type()) {
    case kind::none: return false;
    case kind::bytes: return !first_.empty();
    case kind::literal: return true;
    case kind::list: return !items().empty();
    }
    return false;
}

IMAPLIB_DECL data_item data_item::copied(kind k, std::string_view first, std::string_view second, std::string_view frame) {
    const auto inside = [&](std::string_view v) {
        const std::less<const char*> before;
        return !frame.empty() && !before(v.data(), frame.data()) &&
               !before(frame.data() + frame.size(), v.data() + v.size());
    };
    std::size_t size = frame.size();
    if (!inside(first)) size += first.size();
    if (!inside(second)) size += second.size();
    detail::item_block block = detail::item_block::allocate(size, frame.size());
    char* const base = block.data();
    if (!frame.empty()) std::memcpy(base, frame.data(), frame.size());
    std::size_t at = frame.size();
    const auto place = [&](std::string_view v) {
        if (inside(v)) return std::string_view(base + (v.data() - frame.data()), v.size());
        if (!v.empty()) std::memcpy(base + at, v.data(), v.size());
        const std::string_view placed(base + at, v.size());
        at += v.size();
        return placed;
    };
    const std::string_view a = place(first);
    if (k == kind::bytes) return data_item(std::move(block), a, {});
    const std::string_view b = place(second);
    return data_item(std::move(block), a, b.data() ? b : std::string_view("", 0));
}

namespace detail {

IMAPLIB_DECL item_block item_block::list(std::vector<data_item> items) {
    void* p = ::operator new(sizeof(header) + sizeof(std::vector<data_item>));
    item_block block(new (p) header{{1}, list_mark});
    new (block.data()) std::vector<data_item>(std::move(items));
    return block;
}

IMAPLIB_DECL void item_block::release() noexcept {
    if (!h_ || h_->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    if (h_->frame_size == list_mark) std::launder(reinterpret_cast<std::vector<data_item>*>(data()))->~vector();
    h_->~header();
    ::operator delete(h_);
}

}  // namespace detail

IMAPLIB_DECL std::vector<std::string_view> split(std::string_view text) {
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

IMAPLIB_DECL void append_bytes_repr(std::string& out, std::string_view bytes) {
    const bool use_double = bytes.find('\'') != std::string_view::npos &&
                            bytes.find('"') == std::string_view::npos;
    const char quote = use_double ? '"' : '\'';
    static constexpr char hex[] = "0123456789abcdef";
    out += 'b';
    out += quote;
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
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

IMAPLIB_DECL void append_str_repr(std::string& out, std::string_view text) {
    std::string bytes_form;
    append_bytes_repr(bytes_form, text);
    out.append(bytes_form, 1, std::string::npos);  // the same, less the b prefix
}

IMAPLIB_DECL void append_item_repr(std::string& out, const data_item& item) {
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

IMAPLIB_DECL std::string python_repr(const data_item& item) {
    std::string out;
    detail::append_item_repr(out, item);
    return out;
}

IMAPLIB_DECL std::string python_repr(const response& r) {
    std::string out = "(";
    detail::append_str_repr(out, r.typ);
    out += ", ";
    out += python_repr(r.data);
    out += ')';
    return out;
}

IMAPLIB_DECL std::string python_repr(const std::vector<std::string>& strings) {
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

#endif  // IMAPLIB_ENGINE_IMPL_RESULT_IPP
