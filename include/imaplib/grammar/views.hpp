// imaplib-cpp: typed, zero-copy, lazy views over a validated response.
//
// The grammar validates a frame once; these views then read it on demand. Every string is
// a std::string_view into the frame (keep the frame alive), and no view allocates. Views
// of a response parsed with a value_index (grammar/index.hpp) step through the index, so
// every value is found in constant time; others walk the validated bytes, re-reading a
// nested list to find its end. Both give the same values. Unescaping a quoted string
// writes into a caller's buffer or returns a std::string, only when asked.
//
// The walkers are defensive (bounded by the view's bytes) so a view over bytes the
// grammar did not validate can return odd values, never read out of bounds.
#ifndef IMAPLIB_GRAMMAR_VIEWS_HPP
#define IMAPLIB_GRAMMAR_VIEWS_HPP

#include <imaplib/config.hpp>
#include <imaplib/grammar/core.hpp>
#include <imaplib/grammar/response.hpp>
#include <imaplib/grammar/tape.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <new>
#include <optional>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

class value;
class value_range;

namespace detail {

struct cursor;
cursor items_cursor(const value& list) noexcept;

// What every view's iterator shares: the member types of a forward iterator over T, and
// != from the iterator's own ==.
template <class Iterator, class T>
struct forward_iterator {
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;
    friend bool operator!=(const Iterator& a, const Iterator& b) noexcept { return !(a == b); }
};

// Digits to an integer; nullopt when not all digits or above 2^64-1.
inline std::optional<std::uint64_t> to_uint(std::string_view s) noexcept {
    if (s.empty() || s.size() > 20) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c < '0' || c > '9') return std::nullopt;
        const auto d = static_cast<std::uint64_t>(c - '0');
        // Only a twentieth digit can overflow: 19 digits stay below 10^19 < 2^64.
        if (i == 19 && v > (UINT64_MAX - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

}  // namespace detail

// One IMAP value: NIL, a number, an atom, a quoted string, a literal, or a list.
//
// 32 bytes, as views make and copy one for every field they read: the raw bytes, and
// how far inside them data() starts and ends (a quote, a literal's "{N}\r\n", a
// parenthesis: never more than 255 bytes).
class value {
public:
    constexpr value() noexcept = default;
    // `data` lies within `raw` as above; an empty `data` with no pointer (NIL) is taken
    // as the empty end of `raw`.
    constexpr value(value_kind k, std::string_view raw, std::string_view data,
                    const detail::index_entry* entry = nullptr) noexcept
        : value(k, raw.data(), raw.size(),
                data.data() ? static_cast<std::size_t>(data.data() - raw.data()) : raw.size(),
                data.data() ? static_cast<std::size_t>(raw.data() + raw.size() - (data.data() + data.size())) : 0,
                entry) {}

    constexpr value_kind kind() const noexcept { return kind_; }
    constexpr bool exists() const noexcept { return kind_ != value_kind::none; }
    constexpr bool is_nil() const noexcept { return kind_ == value_kind::nil; }
    constexpr bool is_list() const noexcept { return kind_ == value_kind::list; }
    constexpr bool is_string() const noexcept {
        return kind_ == value_kind::quoted || kind_ == value_kind::literal ||
               kind_ == value_kind::literal8;
    }
    // The bytes as they stand in the frame, quotes and literal prefix included.
    constexpr std::string_view raw() const noexcept { return std::string_view(p_, n_); }
    // The content: a quoted string without its quotes (still escaped), a literal's bytes,
    // a list without its parentheses, an atom or number as is, NIL as "".
    constexpr std::string_view data() const noexcept {
        return std::string_view(p_ + data_begin_, n_ - data_begin_ - data_trim_);
    }
    // True when data() holds \" or \\ escapes and so differs from the string's value.
    bool has_escapes() const noexcept {
        return kind_ == value_kind::quoted && data().find('\\') != std::string_view::npos;
    }
    // The value without copying: exact whenever !has_escapes().
    constexpr std::string_view text() const noexcept { return data(); }
    // Writes the unescaped value into buf (up to cap bytes); returns its full length.
    std::size_t unquote(char* buf, std::size_t cap) const noexcept {
        std::size_t n = 0;
        const bool esc = kind_ == value_kind::quoted;
        const std::string_view d = data();
        for (std::size_t i = 0; i < d.size(); ++i) {
            char c = d[i];
            if (esc && c == '\\' && i + 1 < d.size()) c = d[++i];
            if (n < cap) buf[n] = c;
            ++n;
        }
        return n;
    }
    std::string str() const {
        std::string s(data().size(), '\0');
        s.resize(unquote(&s[0], s.size()));
        return s;
    }
    // Case-insensitive comparison of the content (atoms, strings).
    bool equals(std::string_view word) const noexcept {
        return !is_nil() && detail::iequals(data(), word);
    }
    std::optional<std::uint64_t> number() const noexcept {
        if (kind_ != value_kind::number) return std::nullopt;
        return detail::to_uint(data());
    }
    // The elements of a list (empty for anything else).
    value_range items() const noexcept;

private:
    friend detail::cursor detail::items_cursor(const value& list) noexcept;
    friend struct detail::cursor;

    constexpr value(value_kind k, const char* p, std::size_t n, std::size_t data_begin,
                    std::size_t data_trim, const detail::index_entry* entry) noexcept
        : p_(p), n_(n), entry_(entry), kind_(k), data_begin_(static_cast<std::uint8_t>(data_begin)),
          data_trim_(static_cast<std::uint8_t>(data_trim)) {}

    const char* p_ = nullptr;
    std::size_t n_ = 0;
    const detail::index_entry* entry_ = nullptr;  // set when read through a value_index
    value_kind kind_ = value_kind::none;
    std::uint8_t data_begin_ = 0;  // data() starts this many bytes after p_
    std::uint8_t data_trim_ = 0;   // and ends this many before p_ + n_
};

namespace detail {

// Whether an indexed value is one a cursor's token() reads: a bare token (not a string,
// a literal, a list, or a lone byte that ends tokens, such as a "{" starting no literal).
inline bool is_token_entry(const index_entry& x, const char* base) noexcept {
    if (x.kind != value_kind::atom && x.kind != value_kind::number && x.kind != value_kind::nil)
        return false;
    return x.end - x.begin != 1 || token_chars.v[static_cast<unsigned char>(base[x.begin])] != tok_stop;
}

// The value at p that is not a list (p < e): a quoted string, a literal, NIL, a number
// or an atom. Moves p past it.
inline value read_scalar(const char*& p, const char* e, const char*& open_until) noexcept {
    const char* b = p;
    const char c = *p;
    if (c == '"') {
        p = skip_quoted(p, e);
        const std::size_t n = static_cast<std::size_t>(p - b);
        const std::size_t inner = n >= 2 && p[-1] == '"' ? n - 2 : n - 1;
        return value(value_kind::quoted, std::string_view(b, n), std::string_view(b + 1, inner));
    }
    if (c == '{' || (c == '~' && p + 1 < e && p[1] == '{')) {
        std::string_view d;
        if (const char* q = skip_literal(p, e, d)) {
            p = q;
            return value(c == '~' ? value_kind::literal8 : value_kind::literal,
                         std::string_view(b, static_cast<std::size_t>(p - b)), d);
        }
    }
    bool digits = true;
    p = skip_token(p, e, digits, open_until);
    if (p == b) {  // a byte no rule expects here: step over it
        ++p;
        digits = false;
    }
    const std::string_view t(b, static_cast<std::size_t>(p - b));
    if (!digits && is_nil(b, p)) return value(value_kind::nil, t, std::string_view());
    return value(digits ? value_kind::number : value_kind::atom, t, t);
}

// Where a list walk stands: parenthesis depth, inside a quoted string, after a backslash.
struct list_walk {
    std::size_t depth = 0;
    bool in_quoted = false;
    bool escaped = false;
    const char* open_until = nullptr;  // a "[" before here found no "]" (skip_token)
};

// Walks [p, limit) a byte at a time (a literal may carry it past limit); returns the
// pointer past the list's closing parenthesis, or where it stopped (>= limit) with w
// updated.
inline const char* walk_list_bytes(const char* p, const char* limit, const char* e, list_walk& w,
                                   bool& closed) noexcept {
    closed = false;
    while (p < limit) {
        const char c = *p;
        if (w.in_quoted) {
            if (w.escaped)
                w.escaped = false;
            else if (c == '\\')
                w.escaped = true;
            else if (c == '"')
                w.in_quoted = false;
            ++p;
        } else if (c == '(') {
            ++w.depth;
            ++p;
        } else if (c == ')') {
            ++p;
            if (w.depth == 0 || --w.depth == 0) {
                closed = true;
                return p;
            }
        } else if (c == '"') {
            w.in_quoted = true;
            ++p;
        } else if (c == '{' || (c == '~' && p + 1 < e && p[1] == '{')) {
            std::string_view d;
            const char* q = skip_literal(p, e, d);
            p = q ? q : p + 1;
        } else if (c == '[' && at_or_past(p, w.open_until)) {
            // A token's "[...]" is taken whole, as skip_token takes it.
            const bracket b = close_bracket(p, e);
            if (b.closed) {
                p = b.end;
            } else {
                w.open_until = b.end;
                ++p;
            }
        } else {
            ++p;
        }
    }
    return p;
}

// Pointer past the list starting at p ('('), or e. Sixteen bytes per step where SIMD is
// available: the quotes give the bytes inside strings (prefix XOR), and only the
// parentheses outside them are visited.
inline const char* skip_list(const char* p, const char* e) noexcept {
    list_walk w;
    bool closed = false;
    if (have_simd) {
        while (e - p >= 16) {
            list_masks m{};
            load_list_masks(p, m);
            const unsigned inside = prefix_xor16(m.quote) ^ (w.in_quoted ? 0xffffu : 0u);
            // A backslash outside strings (\Seen) changes nothing; inside one it may hide
            // a quote, a literal may hold anything, and a token's "[...]" is taken whole:
            // those blocks go byte by byte.
            if (((m.backslash & inside) | ((m.brace | m.bracket) & ~inside)) != 0 || w.escaped) {
                p = walk_list_bytes(p, p + 16, e, w, closed);
                if (closed) return p;
                continue;
            }
            unsigned parens = (m.open | m.close) & ~inside;
            while (parens != 0) {
                const unsigned i = lowest_bit(parens);
                parens &= parens - 1;
                if ((m.open >> i) & 1u)
                    ++w.depth;
                else if (w.depth == 0 || --w.depth == 0)
                    return p + i + 1;
            }
            w.in_quoted = (inside >> 15) & 1u;
            p += 16;
        }
    }
    p = walk_list_bytes(p, e, e, w, closed);
    return closed ? p : e;
}

// Walks the values of a list (or of any run of space-separated values): through a
// value_index when the response has one (t != nullptr: every step is constant time),
// otherwise over the validated bytes [p, e).
struct cursor {
    const char* p;
    const char* e;
    const index_entry* t = nullptr;   // indexed: the next value's entry
    const index_entry* te = nullptr;  // indexed: past the last
    const char* base = nullptr;       // indexed: the frame the entries' offsets are into
    const char* open_until = nullptr; // bytes: see skip_token

    bool indexed() const noexcept { return t != nullptr; }
    void skip_sp() noexcept {
        while (p < e && *p == ' ') ++p;
    }
    bool done() noexcept {
        if (indexed()) return t == te;
        skip_sp();
        return p >= e || *p == ')' || *p == '\r';
    }
    // Whether the next value is a list.
    bool at_list() noexcept {
        if (indexed()) return t != te && t->kind == value_kind::list;
        skip_sp();
        return p < e && *p == '(';
    }

    // A bare token (a FETCH item's name); empty, reading nothing, when a string, a
    // literal, a list or a byte that ends tokens comes next.
    std::string_view token() noexcept {
        if (indexed()) return t != te && is_token_entry(*t, base) ? next().raw() : std::string_view();
        const char* b = p;
        bool digits = true;
        p = skip_token(p, e, digits, open_until);
        return std::string_view(b, static_cast<std::size_t>(p - b));
    }

    // Inlined where views read fields (a few loads and stores); the byte reading is out
    // of line.
    IMAPLIB_ALWAYS_INLINE value next() noexcept {
        if (!indexed()) return next_in_bytes();
        if (t == te) return value();
        const index_entry& x = *t;
        const char* b = base + x.begin;
        const std::size_t n = x.end - x.begin;
        p = base + x.end;
        t += x.span;
        return value(x.kind, b, n, x.data_begin, x.data_trim, &x);
    }

    value next_in_bytes() noexcept {
        if (done()) return value();
        if (*p != '(') return read_scalar(p, e, open_until);
        const char* b = p;
        p = skip_list(p, e);
        const std::size_t n = static_cast<std::size_t>(p - b);
        const std::size_t inner = n >= 2 && p[-1] == ')' ? n - 2 : n - 1;
        return value(value_kind::list, std::string_view(b, n), std::string_view(b + 1, inner));
    }
};

// The elements of a list value; nothing for any other value.
inline cursor items_cursor(const value& list) noexcept {
    if (!list.is_list()) return cursor{nullptr, nullptr};
    const char* b = list.data().data();
    const char* e = b + list.data().size();
    if (const index_entry* x = list.entry_)
        return cursor{b, e, x + 1, x + x->span, list.p_ - x->begin};
    return cursor{b, e};
}

}  // namespace detail

// The values of a list (or any run of space-separated values), read lazily.
class value_range {
public:
    class iterator : public detail::forward_iterator<iterator, value> {
    public:
        iterator() noexcept = default;
        explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
        reference operator*() const noexcept { return v_; }
        pointer operator->() const noexcept { return &v_; }
        iterator& operator++() noexcept {
            v_ = c_.next();
            return *this;
        }
        iterator operator++(int) noexcept {
            iterator t = *this;
            ++*this;
            return t;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return !a.v_.exists() && !b.v_.exists() ? true
                   : a.v_.exists() && b.v_.exists() && a.v_.raw().data() == b.v_.raw().data();
        }

    private:
        detail::cursor c_{nullptr, nullptr};
        value v_;
    };

    value_range() noexcept = default;
    explicit value_range(std::string_view bytes) noexcept
        : c_{bytes.data(), bytes.data() + bytes.size()} {}
    explicit value_range(const detail::cursor& c) noexcept : c_(c) {}
    iterator begin() const noexcept { return iterator(c_); }
    iterator end() const noexcept { return iterator(); }
    bool empty() const noexcept { return begin() == end(); }
    std::size_t size() const noexcept { return static_cast<std::size_t>(std::distance(begin(), end())); }
    // The n-th value, or a value of kind none.
    value at(std::size_t n) const noexcept {
        for (const value& v : *this)
            if (n-- == 0) return v;
        return value();
    }
    // Case-insensitive membership (flags, capabilities, attributes).
    bool contains(std::string_view word) const noexcept {
        for (const value& v : *this)
            if (v.equals(word)) return true;
        return false;
    }
    // The bytes the range covers.
    std::string_view bytes() const noexcept {
        return std::string_view(c_.p, static_cast<std::size_t>(c_.e - c_.p));
    }

private:
    detail::cursor c_{nullptr, nullptr};
};

inline value_range value::items() const noexcept { return value_range(detail::items_cursor(*this)); }

// Consecutive groups of N values: (name value) pairs of STATUS, ID, ACL, params.
template <std::size_t N>
class group_range {
public:
    using group = std::array<value, N>;
    class iterator : public detail::forward_iterator<iterator, group> {
    public:
        iterator() noexcept = default;
        explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
        const group& operator*() const noexcept { return g_; }
        const group* operator->() const noexcept { return &g_; }
        iterator& operator++() noexcept {
            // Built whole and then assigned: filling g_ in place made g++ 12 -O3 warn of a
            // write past the array (-Wstringop-overflow, a false positive).
            group next;
            for (std::size_t i = 0; i < N; ++i) next[i] = c_.next();
            if (!next[N - 1].exists()) next[0] = value();  // incomplete group ends the range
            g_ = next;
            return *this;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return !a.g_[0].exists() && !b.g_[0].exists() ? true
                   : a.g_[0].exists() && b.g_[0].exists() &&
                         a.g_[0].raw().data() == b.g_[0].raw().data();
        }

    private:
        detail::cursor c_{nullptr, nullptr};
        group g_{};
    };

    group_range() noexcept = default;
    explicit group_range(std::string_view bytes) noexcept
        : c_{bytes.data(), bytes.data() + bytes.size()} {}
    explicit group_range(const detail::cursor& c) noexcept : c_(c) {}
    // The groups of a list's elements (nothing for NIL).
    explicit group_range(const value& list) noexcept : c_(detail::items_cursor(list)) {}
    iterator begin() const noexcept { return iterator(c_); }
    iterator end() const noexcept { return iterator(); }
    bool empty() const noexcept { return begin() == end(); }
    std::size_t size() const noexcept { return static_cast<std::size_t>(std::distance(begin(), end())); }
    // The second value of the first group whose first value equals `name`.
    value find(std::string_view name) const noexcept {
        for (const group& g : *this)
            if (g[0].equals(name)) return g[1];
        return value();
    }

private:
    detail::cursor c_{nullptr, nullptr};
};

using pair_range = group_range<2>;

// ---- envelope -----------------------------------------------------------------------------

// address = (name adl mailbox host); RFC 9051 section 7.5.2 group syntax: host NIL.
struct address_view {
    value name, adl, mailbox, host;
    bool is_group_start() const noexcept { return host.is_nil() && !mailbox.is_nil(); }
    bool is_group_end() const noexcept { return host.is_nil() && mailbox.is_nil(); }
};

class address_list_view {
public:
    class iterator : public detail::forward_iterator<iterator, address_view> {
    public:
        iterator() noexcept {}
        explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
        reference operator*() const noexcept { return a_; }
        pointer operator->() const noexcept { return &a_; }
        iterator& operator++() noexcept {
            if (!c_.at_list()) {
                done_ = true;
                return *this;
            }
            ::new (static_cast<void*>(&a_)) address_view(read(c_));
            return *this;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.done_ == b.done_ && (a.done_ || a.c_.p == b.c_.p);
        }

    private:
        friend class address_list_view;
        struct end_tag {};
        explicit iterator(end_tag) noexcept : done_(true) {}

        // The address at c (a list comes next), its four fields written in place.
        static address_view read(detail::cursor& c) noexcept {
            if (c.indexed()) {
                detail::cursor f = detail::items_cursor(c.next());
                return address_view{f.next(), f.next(), f.next(), f.next()};
            }
            // Read the four fields in place, so the address's bytes are walked once.
            detail::cursor f{c.p + 1, c.e};
            const address_view a{f.next(), f.next(), f.next(), f.next()};
            f.skip_sp();
            if (f.p < f.e && *f.p == ')') {
                c.p = f.p + 1;
                return a;
            }
            // Not the shape the grammar accepts: take the list whole and its first four.
            f = detail::items_cursor(c.next());
            return address_view{f.next(), f.next(), f.next(), f.next()};
        }

        detail::cursor c_{nullptr, nullptr};
        bool done_ = false;
        // The address read last. A union, so that no iterator (an end() above all) clears
        // 128 bytes it never uses; it is set before it is read, and copies as bytes.
        union {
            address_view a_;
        };
    };

    address_list_view() noexcept = default;
    explicit address_list_view(value v) noexcept : v_(v) {}
    bool is_nil() const noexcept { return !v_.is_list(); }
    iterator begin() const noexcept {
        if (!v_.is_list()) return end();
        return iterator(detail::items_cursor(v_));
    }
    iterator end() const noexcept { return iterator(iterator::end_tag{}); }
    bool empty() const noexcept { return begin() == end(); }
    std::size_t size() const noexcept { return static_cast<std::size_t>(std::distance(begin(), end())); }
    address_view front() const noexcept { return empty() ? address_view{} : *begin(); }
    value raw() const noexcept { return v_; }

private:
    value v_;
};

// ENVELOPE (RFC 9051 section 7.5.2): ten fields, read in one walk.
struct envelope_view {
    value date, subject;
    address_list_view from, sender, reply_to, to, cc, bcc;
    value in_reply_to, message_id;

    static envelope_view from_value(const value& list) noexcept {
        if (!list.is_list()) return envelope_view{};
        detail::cursor c = detail::items_cursor(list);
        // Every field written once, in place (a braced list is read left to right): an
        // envelope cleared first and then filled costs as much again.
        return envelope_view{c.next(),
                             c.next(),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             address_list_view(c.next()),
                             c.next(),
                             c.next()};
    }
};

// ---- bodystructure -------------------------------------------------------------------------

// body-fld-dsp = "(" string SP body-fld-param ")" / nil
struct disposition_view {
    value type;           // "attachment", "inline"; kind none when NIL
    pair_range params;

    static disposition_view from_value(const value& v) noexcept {
        disposition_view d;
        if (v.is_list()) {
            detail::cursor c = detail::items_cursor(v);
            d.type = c.next();
            d.params = pair_range(c.next());
        } else if (v.is_string()) {
            d.type = v;
        }
        return d;
    }
};

class body_view;

// Children of a multipart body.
class body_range {
public:
    class iterator;
    body_range() noexcept = default;
    explicit body_range(std::string_view bytes) noexcept
        : c_{bytes.data(), bytes.data() + bytes.size()} {}
    explicit body_range(const detail::cursor& c) noexcept : c_(c) {}
    iterator begin() const noexcept;
    iterator end() const noexcept;
    std::size_t size() const noexcept;

private:
    detail::cursor c_{nullptr, nullptr};
};

// All fields of one body (RFC 9051 section 7.5.2 BODYSTRUCTURE), read in one walk.
struct body_info {
    bool multipart = false;
    value type, subtype;       // type is kind none for multipart (implied "MULTIPART")
    pair_range params;         // body-fld-param, or the multipart's extension params
    value id, description, encoding, octets;
    value envelope, body, lines;  // message/rfc822: envelope and body; text and message: lines
    value md5, disposition, language, location;
    value_range extensions;    // body-extension values after the location
    body_range parts;          // multipart children
};

class body_view {
public:
    body_view() noexcept = default;
    explicit body_view(value list) noexcept : v_(list) {}

    bool valid() const noexcept { return v_.is_list(); }
    value raw() const noexcept { return v_; }
    bool is_multipart() const noexcept {
        const std::string_view d = v_.data();
        std::size_t i = 0;
        while (i < d.size() && d[i] == ' ') ++i;
        return v_.is_list() && i < d.size() && d[i] == '(';
    }

    // Every field is written once, in a braced list (read left to right): a body_info
    // cleared first and then filled costs as much again.
    body_info fields() const noexcept {
        if (!v_.is_list()) return body_info{};
        detail::cursor c = detail::items_cursor(v_);
        const auto extensions = [&c] {
            c.skip_sp();
            return value_range(c);
        };
        if (is_multipart()) {
            detail::cursor parts = c;
            parts.e = c.p;
            parts.te = c.t;
            while (c.at_list()) {
                c.next();
                parts.e = c.p;
                parts.te = c.t;
            }
            // multipart, no type; subtype, params; id to md5 absent; disposition, language,
            // location, extensions; parts
            return body_info{true,     value(),  c.next(), pair_range(c.next()),
                             value(),  value(),  value(),  value(),
                             value(),  value(),  value(),  value(),
                             c.next(), c.next(), c.next(), extensions(),
                             body_range(parts)};
        }
        const value type = c.next(), subtype = c.next();
        const pair_range params(c.next());
        const value id = c.next(), description = c.next(), encoding = c.next(), octets = c.next();
        value envelope, body, lines;
        detail::cursor probe = c;
        const value after = probe.next();
        if (type.equals(detail::media_word_message) && after.is_list() &&
            (subtype.equals(detail::media_word_rfc822) || subtype.equals(detail::media_word_global))) {
            envelope = c.next();
            body = c.next();
            probe = c;
            if (probe.next().kind() == value_kind::number) lines = c.next();
        } else if (type.equals(detail::media_word_text) && after.kind() == value_kind::number) {
            lines = c.next();
        }
        // ... md5; disposition, language, location, extensions; no parts
        return body_info{false,    type,     subtype,  params,       id,          description,
                         encoding, octets,   envelope, body,         lines,       c.next(),
                         c.next(), c.next(), c.next(), extensions(), body_range()};
    }

    // Convenience accessors (each walks the body once).
    value type() const noexcept { return fields().type; }
    value subtype() const noexcept { return fields().subtype; }
    pair_range params() const noexcept { return fields().params; }
    value encoding() const noexcept { return fields().encoding; }
    std::optional<std::uint64_t> octets() const noexcept { return fields().octets.number(); }
    std::optional<std::uint64_t> lines() const noexcept { return fields().lines.number(); }
    envelope_view envelope() const noexcept { return envelope_view::from_value(fields().envelope); }
    body_view body() const noexcept { return body_view(fields().body); }
    disposition_view disposition() const noexcept {
        return disposition_view::from_value(fields().disposition);
    }
    body_range parts() const noexcept { return fields().parts; }

private:
    value v_;
};

class body_range::iterator : public detail::forward_iterator<body_range::iterator, body_view> {
public:
    iterator() noexcept = default;
    explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
    reference operator*() const noexcept { return b_; }
    pointer operator->() const noexcept { return &b_; }
    iterator& operator++() noexcept {
        const value v = c_.next();
        b_ = v.is_list() ? body_view(v) : body_view();
        return *this;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
        const bool ea = !a.b_.valid(), eb = !b.b_.valid();
        return ea || eb ? ea == eb : a.b_.raw().raw().data() == b.b_.raw().raw().data();
    }

private:
    detail::cursor c_{nullptr, nullptr};
    body_view b_;
};

inline body_range::iterator body_range::begin() const noexcept { return iterator(c_); }
inline body_range::iterator body_range::end() const noexcept { return iterator(); }
inline std::size_t body_range::size() const noexcept {
    return static_cast<std::size_t>(std::distance(begin(), end()));
}

// ---- FETCH --------------------------------------------------------------------------------

// One FETCH item: its name as sent ("BODY[HEADER.FIELDS (FROM)]<0>") and its value.
struct fetch_item {
    std::string_view name;
    value val;

    // The name before any section: "BODY", "X-GM-LABELS".
    std::string_view key() const noexcept {
        std::size_t n = 0;  // a loop: find_first_of searches the set once per byte
        while (n < name.size() && name[n] != '[' && name[n] != '<') ++n;
        return name.substr(0, n);
    }
    // The section text between the brackets, "" when there is none.
    std::string_view section() const noexcept {
        const std::size_t b = name.find('[');
        if (b == std::string_view::npos) return {};
        const std::size_t e = name.rfind(']');
        return e == std::string_view::npos || e < b ? std::string_view() : name.substr(b + 1, e - b - 1);
    }
    bool has_section() const noexcept { return name.find('[') != std::string_view::npos; }
    // The "<origin>" octet of a partial fetch.
    std::optional<std::uint64_t> origin() const noexcept {
        const std::size_t b = name.rfind('<');
        if (b == std::string_view::npos || name.back() != '>') return std::nullopt;
        return detail::to_uint(name.substr(b + 1, name.size() - b - 2));
    }
};

class fetch_view {
public:
    class iterator : public detail::forward_iterator<iterator, fetch_item> {
    public:
        iterator() noexcept = default;
        explicit iterator(detail::cursor c) noexcept : c_(c) { ++*this; }
        reference operator*() const noexcept { return it_; }
        pointer operator->() const noexcept { return &it_; }
        iterator& operator++() noexcept {
            if (c_.done()) {
                it_ = fetch_item{};
                return *this;
            }
            it_.name = c_.token();
            it_.val = c_.next();
            if (it_.name.empty() && !it_.val.exists()) ++c_.p;  // never stall
            return *this;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            const bool ea = a.it_.name.empty(), eb = b.it_.name.empty();
            return ea || eb ? ea == eb : a.it_.name.data() == b.it_.name.data();
        }

    private:
        detail::cursor c_{nullptr, nullptr};
        fetch_item it_{};
    };

    fetch_view() noexcept = default;
    fetch_view(std::uint32_t seq, std::string_view items) noexcept
        : seq_(seq), items_{items.data(), items.data() + items.size()} {}
    // The items of msg-att, the list after "FETCH".
    fetch_view(std::uint32_t seq, const value& msg_att) noexcept
        : seq_(seq), items_(detail::items_cursor(msg_att)) {}

    // The message sequence number.
    std::uint32_t seq() const noexcept { return seq_; }
    iterator begin() const noexcept { return iterator(items_); }
    iterator end() const noexcept { return iterator(); }
    std::size_t size() const noexcept { return static_cast<std::size_t>(std::distance(begin(), end())); }
    // The item with this exact name (case-insensitive); val.exists() is false if absent.
    fetch_item find(std::string_view name) const noexcept {
        if (items_.indexed()) {
            // Names and values straight from the index: no value is built until the name
            // matches, and a value of any size is stepped over at once.
            detail::cursor c = items_;
            while (c.t != c.te && detail::is_token_entry(*c.t, c.base)) {
                const std::string_view n(c.base + c.t->begin, c.t->end - c.t->begin);
                ++c.t;
                if (n.size() == name.size() && detail::iequals(n, name)) return fetch_item{n, c.next()};
                if (c.t == c.te) break;
                c.t += c.t->span;
            }
            return fetch_item{};
        }
        for (const fetch_item& i : *this)
            if (detail::iequals(i.name, name)) return i;
        return fetch_item{};
    }

    std::optional<std::uint32_t> uid() const noexcept {
        const auto n = find("UID").val.number();
        if (!n) return std::nullopt;
        return static_cast<std::uint32_t>(*n);
    }
    value_range flags() const noexcept { return find("FLAGS").val.items(); }
    value internaldate() const noexcept { return find("INTERNALDATE").val; }
    std::optional<std::uint64_t> rfc822_size() const noexcept {
        return find("RFC822.SIZE").val.number();
    }
    std::optional<std::uint64_t> modseq() const noexcept {
        const value v = find("MODSEQ").val;
        return detail::to_uint(v.data());
    }
    std::optional<envelope_view> envelope() const noexcept {
        const value v = find("ENVELOPE").val;
        if (!v.is_list()) return std::nullopt;
        return envelope_view::from_value(v);
    }
    // BODYSTRUCTURE, or the non-extensible BODY form.
    std::optional<body_view> bodystructure() const noexcept {
        value v = find("BODYSTRUCTURE").val;
        if (!v.is_list()) v = find("BODY").val;
        if (!v.is_list()) return std::nullopt;
        return body_view(v);
    }
    // The value of BODY[section] (any origin): body("") is BODY[], body("HEADER") ...
    value body_section(std::string_view section) const noexcept {
        for (const fetch_item& i : *this)
            if (i.has_section() && detail::iequals(i.key(), "BODY") &&
                detail::iequals(i.section(), section))
                return i.val;
        return value();
    }
    std::string_view raw() const noexcept {
        return std::string_view(items_.p, static_cast<std::size_t>(items_.e - items_.p));
    }

private:
    std::uint32_t seq_ = 0;
    detail::cursor items_{nullptr, nullptr};
};

// ---- other data responses ------------------------------------------------------------------

// LIST / LSUB (RFC 9051 section 7.3.1, RFC 5258 extended data)
struct list_entry_view {
    value_range attributes;  // \HasChildren, \Noselect, ...
    value delimiter;         // quoted one-character string or NIL
    value mailbox;           // astring; modified UTF-7 unless UTF8=ACCEPT
    value extended;          // the mbox-list-extended list, kind none when absent

    char delimiter_char() const noexcept {
        const std::string_view d = delimiter.data();
        if (d.empty() || !delimiter.is_string()) return '\0';
        return d[0] == '\\' && d.size() > 1 ? d[1] : d[0];
    }
    // The CHILDINFO / OLDNAME ... value of an extended item.
    value extended_item(std::string_view name) const noexcept {
        return pair_range(extended).find(name);
    }
};

// STATUS (RFC 9051 section 7.3.2)
struct status_view {
    value mailbox;
    pair_range items;
    std::optional<std::uint64_t> get(std::string_view name) const noexcept {
        return items.find(name).number();
    }
};

// SEARCH / SORT, with the CONDSTORE "(MODSEQ n)" (RFC 7162 section 3.1.5)
struct search_view {
    value_range numbers;
    std::optional<std::uint64_t> modseq;
};

// ESEARCH (RFC 4731, RFC 9051 section 7.3.4)
struct esearch_view {
    value tag;  // the correlator's tag string, kind none when absent
    bool uid = false;
    pair_range items;  // MIN n, MAX n, ALL set, COUNT n, MODSEQ n, extensions
    std::optional<std::uint64_t> count() const noexcept { return items.find("COUNT").number(); }
    std::optional<std::uint64_t> min() const noexcept { return items.find("MIN").number(); }
    std::optional<std::uint64_t> max() const noexcept { return items.find("MAX").number(); }
    std::optional<std::uint64_t> modseq() const noexcept { return items.find("MODSEQ").number(); }
    std::string_view all() const noexcept { return items.find("ALL").data(); }
};

// VANISHED (RFC 7162 section 3.2.10)
struct vanished_view {
    bool earlier = false;
    std::string_view uids;  // a sequence-set
};

// NAMESPACE (RFC 2342): each of the three is NIL or a list of descriptions.
struct namespace_descr_view {
    value prefix, delimiter;
    value_range extensions;  // string (list) pairs of namespace-response-extensions
};

class namespace_list_view {
public:
    class iterator : public detail::forward_iterator<iterator, namespace_descr_view> {
    public:
        iterator() noexcept = default;
        explicit iterator(value_range::iterator it) noexcept : it_(it) { load(); }
        reference operator*() const noexcept { return d_; }
        pointer operator->() const noexcept { return &d_; }
        iterator& operator++() noexcept {
            ++it_;
            load();
            return *this;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.it_ == b.it_; }

    private:
        void load() noexcept {
            d_ = namespace_descr_view{};
            if (!it_->is_list()) return;
            detail::cursor c = detail::items_cursor(*it_);
            d_.prefix = c.next();
            d_.delimiter = c.next();
            c.skip_sp();
            d_.extensions = value_range(c);
        }
        value_range::iterator it_;
        namespace_descr_view d_{};
    };

    namespace_list_view() noexcept = default;
    explicit namespace_list_view(value v) noexcept : v_(v) {}
    bool is_nil() const noexcept { return !v_.is_list(); }
    iterator begin() const noexcept { return iterator(v_.items().begin()); }
    iterator end() const noexcept { return iterator(v_.items().end()); }
    std::size_t size() const noexcept { return v_.items().size(); }

private:
    value v_;
};

struct namespace_view {
    namespace_list_view personal, other_users, shared;
};

struct acl_view {          // ACL mailbox *(identifier rights)   (RFC 4314 3.6)
    value mailbox;
    pair_range entries;
};
struct listrights_view {   // LISTRIGHTS mailbox identifier required *optional (3.7)
    value mailbox, identifier;
    value_range rights;
};
struct myrights_view {     // MYRIGHTS mailbox rights (3.8)
    value mailbox, rights;
};
struct quota_view {        // QUOTA root (name usage limit)*   (RFC 9208 5.1)
    value root;
    group_range<3> resources;
};
struct quotaroot_view {    // QUOTAROOT mailbox *root   (RFC 9208 5.2)
    value mailbox;
    value_range roots;
};
struct metadata_view {     // METADATA mailbox (entry value ...) / entry *entry (RFC 5464)
    value mailbox;
    pair_range entries;    // when the server sent values
    value_range names;     // unsolicited form: entry names only
    bool has_values = false;
};

// ---- response text codes -----------------------------------------------------------------

struct appenduid_info {
    std::uint32_t uidvalidity = 0;
    std::string_view uids;  // uid-set
};
struct copyuid_info {
    std::uint32_t uidvalidity = 0;
    std::string_view source, dest;  // uid-sets
};

class code_view {
public:
    code_view() noexcept = default;
    code_view(std::string_view name, std::string_view args) noexcept : name_(name), args_(args) {}

    bool exists() const noexcept { return !name_.empty(); }
    std::string_view name() const noexcept { return name_; }
    // Everything after the name and its SP, up to "]".
    std::string_view args() const noexcept { return args_; }
    value_range values() const noexcept { return value_range(args_); }

    code_kind kind() const noexcept {
        if (name_.empty()) return code_kind::none;
        return resp_text_codes::kind_of(name_, code_kind::other);
    }
    // UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ: the number.
    std::optional<std::uint64_t> number() const noexcept { return values().at(0).number(); }
    // PERMANENTFLAGS (flags), BADCHARSET (charsets): the parenthesised list.
    value_range list() const noexcept { return values().at(0).items(); }
    // CAPABILITY: the capabilities.
    value_range capabilities() const noexcept { return values(); }
    std::optional<appenduid_info> appenduid() const noexcept {
        const auto v = values();
        const auto n = v.at(0).number();
        if (!n || *n > 0xffffffffu) return std::nullopt;
        return appenduid_info{static_cast<std::uint32_t>(*n), v.at(1).raw()};
    }
    std::optional<copyuid_info> copyuid() const noexcept {
        const auto v = values();
        const auto n = v.at(0).number();
        if (!n || *n > 0xffffffffu) return std::nullopt;
        return copyuid_info{static_cast<std::uint32_t>(*n), v.at(1).raw(), v.at(2).raw()};
    }

private:
    std::string_view name_, args_;
};

// resp-text = ["[" resp-text-code "]" SP] [text]
struct resp_text_view {
    code_view code;
    std::string_view text;

    static resp_text_view from_bytes(std::string_view s) noexcept {
        resp_text_view r;
        if (!s.empty() && s[0] == '[') {
            // The code ends at the first "]" outside parentheses (Gmail flags may hold "]").
            std::size_t depth = 0, i = 1;
            for (; i < s.size(); ++i) {
                const char c = s[i];
                if (c == '(') ++depth;
                else if (c == ')' && depth) --depth;
                else if (c == ']' && depth == 0) break;
            }
            if (i < s.size()) {
                const std::string_view code = s.substr(1, i - 1);
                const std::size_t sp = code.find(' ');
                std::string_view args;
                if (sp != std::string_view::npos) {
                    args = code.substr(sp + 1);
                    while (!args.empty() && args.front() == ' ') args.remove_prefix(1);
                }
                r.code = code_view(code.substr(0, sp), args);
                s.remove_prefix(i + 1);
                while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
            }
        }
        r.text = s;
        return r;
    }
};

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_VIEWS_HPP
