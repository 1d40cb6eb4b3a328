// imaplib-cpp: the value tape. Every value of a data response's payload (its bytes, its
// kind, and for a list the number of values inside it), recorded in the order the views
// read them (record_values; grammar/index.hpp keeps the record, grammar/views.hpp reads
// it); and tape_state, the grammar run over such a record, taking each value from it
// instead of reading its bytes.
#ifndef IMAPLIB_GRAMMAR_TAPE_HPP
#define IMAPLIB_GRAMMAR_TAPE_HPP

#include <imaplib/config.hpp>
#include <imaplib/detail/literal_header.hpp>
#include <imaplib/grammar/core.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

enum class value_kind : unsigned char { none, nil, number, atom, quoted, literal, literal8, list };

namespace detail {

// One value of a frame as a value_index records it (grammar/index.hpp): where its bytes
// are, and how many entries it covers (itself plus, for a list, every value inside it),
// so the next sibling is `this + span`.
struct index_entry {
    std::uint32_t begin;       // the value's first byte, as an offset into the frame
    std::uint32_t end;         // past its last byte
    std::uint32_t span;        // entries covered, itself included
    value_kind kind;
    std::uint8_t data_begin;   // data() starts this many bytes after begin
    std::uint8_t data_trim;    // and ends this many bytes before end
};

// The grammar run over a value index already built (value_index::build): a parse state
// that also knows the values of the frame. The rules are the grammar's own; the rules
// of a single value (quoted, literal, literal8, nil, the numbers, string, nstring,
// astring, lax_string; lparen and rparen for their bytes) take the value that starts
// where they stand from the index (match_rule), in constant time, when its kind and bytes
// say the byte rule would match exactly those bytes, and run the byte rule otherwise; the
// other rules read bytes as always. So a parse over the index accepts what the grammar
// accepts, with the same limits. parse_response takes FETCH responses this way.
struct tape_state : state {
    const index_entry* next;  // the first value not yet behind cur
    const index_entry* stop;
    bool regular;             // every quoted string is plain (value_index::regular_strings)
    static constexpr bool indexed = true;

    tape_state(std::string_view frame, const parse_options& o, const index_entry* first_value,
               const index_entry* last, bool plain) noexcept
        : state(frame, o), next(first_value), stop(last), regular(plain), first(first_value) {
        track = false;
    }

    // A rule that fails puts cur back; next may then be ahead of it, and value_here
    // steps back (rules fail at their first value far more often than after it).
    const index_entry* first;

    // The value that starts at cur, or null (cur is between values or inside one).
    IMAPLIB_ALWAYS_INLINE const index_entry* value_here() noexcept {
        const auto at = static_cast<std::uint32_t>(cur - begin);
        if (next != stop) {  // the usual cases: the value is next, or next after next
            if (next->begin == at) return next;
            if (next->begin < at) {
                next += next->end <= at ? next->span : 1;
                if (next != stop && next->begin == at) return next;
            }
        }
        return seek(at);
    }
    IMAPLIB_NOINLINE const index_entry* seek(std::uint32_t at) noexcept {
        while (next != first && (next == stop || next->begin > at) && next[-1].begin >= at) --next;
        while (next != stop && next->begin < at) next += next->end <= at ? next->span : 1;
        return next != stop && next->begin == at ? next : nullptr;
    }
    // Where the value v ends; a literal's data ends a line, as take_literal counts lines.
    IMAPLIB_ALWAYS_INLINE const char* past(const index_entry* v) noexcept {
        const char* e = begin + v->end;
        if (v->kind == value_kind::literal || v->kind == value_kind::literal8) line_start = e;
        return e;
    }
    // Steps over v, the value at cur.
    IMAPLIB_ALWAYS_INLINE bool take(const index_entry* v) noexcept {
        cur = past(v);
        next = v + v->span;
        return true;
    }

    // Whether v is a number within max (nonzero: no leading 0), as take_number reads it.
    IMAPLIB_ALWAYS_INLINE bool number_ok(const index_entry* v, std::uint64_t max, bool nonzero) const noexcept {
        const char* b = begin + v->begin;
        if (v->kind != value_kind::number || (nonzero && b[0] == '0')) return false;
        const std::uint32_t digits = v->end - v->begin;
        if (digits > 19) return false;  // the byte rule decides (leading zeros, or a hard error)
        std::uint64_t n = 0;
        for (std::uint32_t i = 0; i < digits; ++i) n = n * 10 + static_cast<std::uint64_t>(b[i] - '0');
        return n <= max;
    }
    // Whether v is a string (or NIL, when nil_ok) that the byte rules would take whole:
    // a quoted string (all of them plain), a literal within the limits.
    IMAPLIB_ALWAYS_INLINE bool string_ok(const index_entry* v, bool nil_ok) const noexcept {
        switch (v->kind) {
        case value_kind::quoted: return regular;
        case value_kind::literal: return literal_ok(v, false);
        case value_kind::nil: return nil_ok;
        default: return false;
        }
    }
    // Whether the literal v is one take_literal accepts ("{" or "~{" number64 ["+"] "}"
    // CRLF and its count of bytes, within max_literal and the line limit; strict: no
    // NUL in a literal).
    IMAPLIB_NOINLINE bool literal_ok(const index_entry* v, bool eight) const noexcept {
        const char* b = begin + v->begin;
        const auto h = imaplib::detail::parse_literal_header(b, begin + v->end, imaplib::detail::number64_max);
        const std::size_t size = v->end - v->begin - v->data_begin;
        if (h.status != imaplib::detail::literal_header_status::ok || h.count != size || h.count > max_literal)
            return false;
        const char* crlf = h.data - 2;
        return static_cast<std::size_t>(crlf - line_start) <= max_line &&
               !(strict && !eight && std::char_traits<char>::find(h.data, size, '\0') != nullptr);
    }
};

// How a rule of a single value matches on a tape_state (invoke calls it), and how a
// sequence does (seq::match calls it): defined with the value rules (grammar/lexical.hpp),
// declared here so that every use finds them.
template <class R>
IMAPLIB_ALWAYS_INLINE bool match_rule(tape_state& s, R*);
template <class... R>
bool seq_walk(tape_state& s, rules<R...>);

// R's byte rule, for a tape_state whose index does not settle the value at cur: out of
// line, so the rules' index paths stay small.
template <class R>
IMAPLIB_NOINLINE bool byte_match(state& s) {
    return R::match(s);
}

// A literal at p ("{" or "~{"): sets data (cut at e) and returns the pointer past it;
// nullptr when p does not start a well-formed literal header.
inline const char* skip_literal(const char* p, const char* e, std::string_view& data) noexcept {
    const auto h = imaplib::detail::parse_literal_header(p, e, imaplib::detail::number64_max);
    if (h.status != imaplib::detail::literal_header_status::ok) return nullptr;
    const auto avail = static_cast<std::uint64_t>(e - h.data);
    const auto len = static_cast<std::size_t>(h.count < avail ? h.count : avail);
    data = std::string_view(h.data, len);
    return h.data + len;
}

// How a byte stands in a bare token: part of it (a digit or not), the end of it, or
// "[" (BODY[HEADER.FIELDS (A B)] takes the brackets whole).
enum token_class : unsigned char { tok_other, tok_digit, tok_stop, tok_bracket };

struct token_table {
    unsigned char v[256];
};

constexpr token_table make_token_table() noexcept {
    token_table t{};
    for (int c = 0; c < 256; ++c) {
        unsigned char k = tok_other;
        if (c >= '0' && c <= '9') k = tok_digit;
        if (token_stops::has(static_cast<char>(c))) k = tok_stop;
        if (c == '[') k = tok_bracket;
        t.v[c] = k;
    }
    return t;
}

inline constexpr token_table token_chars = make_token_table();

// Where the "[" at p closes: past its "]", or not at all when a CR, an LF or a ")"
// closing an enclosing list comes first (`end` is then there, and the "[" is an
// ordinary byte of a token, as in a generic value `a[b`; every "[" before `end` fails
// the same way, so nobody needs to look again).
struct bracket {
    const char* end;
    bool closed;
};

inline bracket close_bracket(const char* p, const char* e) noexcept {
    std::size_t depth = 0;
    for (++p; p < e; ++p) {
        const char c = *p;
        if (c == ']') return {p + 1, true};
        if (c == '(') ++depth;
        if (c == '\r' || c == '\n' || (c == ')' && depth-- == 0)) return {p, false};
    }
    return {e, false};
}

// Whether p is at or past a bound (nullptr: none yet).
inline bool at_or_past(const char* p, const char* bound) noexcept { return bound == nullptr || p >= bound; }

// Past the bare token at p; `digits` stays true while every byte of it is a digit.
// `open_until` is shared by the tokens of one walk: a "[" before it is known to find no
// "]" (see close_bracket), so no run of "[" is scanned twice and a walk stays linear.
inline const char* skip_token(const char* p, const char* e, bool& digits, const char*& open_until) noexcept {
    std::size_t len;
    if (token_in_block(p, e, len, digits)) return p + len;
    while (p < e) {
        const unsigned char k = token_chars.v[static_cast<unsigned char>(*p)];
        if (k == tok_other) {
            digits = false;
            ++p;
        } else if (k == tok_digit) {
            ++p;
        } else if (k == tok_stop) {
            break;
        } else {  // "["
            digits = false;
            if (at_or_past(p, open_until)) {
                const bracket b = close_bracket(p, e);
                if (b.closed) {
                    p = b.end;
                    continue;
                }
                open_until = b.end;
            }
            ++p;
        }
    }
    return p;
}

inline bool is_nil(const char* b, const char* e) noexcept {
    return e - b == 3 && (b[0] | 0x20) == 'n' && (b[1] | 0x20) == 'i' && (b[2] | 0x20) == 'l';
}

// skip_token, out of line with gcc: inlined into record_values it costs more than the call.
IMAPLIB_GCC_NOINLINE const char* token_end(const char* p, const char* e, bool& digits,
                                           const char*& until) noexcept {
    return skip_token(p, e, digits, until);
}

// What record_values wrote: the end of the record, and whether every quoted string in it
// is plain (value_index::regular_strings).
struct recorded {
    index_entry* end;
    bool regular;
};

// Records the values of `payload`, a part of `frame`, as detail::cursor reads them, into
// [first, last) (value_index::build). The end is null when there is no index: more
// values than fit, a CR inside a list (not a validated frame), or a list left open (the
// grammar closed it, but a token's "[" read it otherwise, `X[a" )...]` in an odd frame);
// the views then read the bytes. An open list keeps the index of the list around it in its
// `span` until its ")" comes, which then sets the span.
IMAPLIB_GCC_NOINLINE recorded record_values(std::string_view frame, std::string_view payload,
                                            index_entry* const first, index_entry* const last) noexcept {
    constexpr std::uint32_t none = UINT32_MAX;
    const char* p = payload.data();
    const char* const e = p + payload.size();
    index_entry* o = first;
    std::uint32_t innermost = none;  // the innermost list still open
    const char* until = nullptr;     // see skip_token
    bool plain = true;
    const auto at = [base = frame.data()](const char* q) { return static_cast<std::uint32_t>(q - base); };
    // Room for one more entry, or the end of the record (a null one).
    const auto room = [&o, last] { return o != last; };
    for (;;) {
        while (p < e && *p == ' ') ++p;
        if (p >= e) break;
        const char* const b = p;
        switch (*p) {
        case ')':
            if (innermost == none) goto done;  // where a cursor stops
            {
                index_entry& list = first[innermost];
                innermost = list.span;  // the list around it
                list.end = at(++p);
                list.data_trim = 1;
                list.span = static_cast<std::uint32_t>(o - &list);
            }
            continue;
        case '\r':
            if (innermost == none) goto done;
            return {};  // not in a validated frame
        case '(':
            if (!room()) return {};
            *o++ = index_entry{at(b), 0, innermost, value_kind::list, 1, 0};
            innermost = static_cast<std::uint32_t>(o - 1 - first);
            ++p;
            continue;
        case '"': {
            if (!room()) return {};
            p = scan_quoted(p, e, plain);
            const std::uint8_t trim = p - b >= 2 && p[-1] == '"' ? 1 : 0;
            *o++ = index_entry{at(b), at(p), 1, value_kind::quoted, 1, trim};
            continue;
        }
        case '{':
        case '~': {
            std::string_view d;
            if (const char* q = skip_literal(p, e, d)) {
                const auto header = static_cast<std::size_t>(d.data() - b);  // "{N}" CRLF
                if (header > UINT8_MAX || !room()) return {};
                p = q;
                *o++ = index_entry{at(b), at(p), 1, *b == '~' ? value_kind::literal8 : value_kind::literal,
                                   static_cast<std::uint8_t>(header), 0};
                continue;
            }
            break;
        }
        case 'N':
        case 'n':  // NIL is a quarter of a FETCH response's values
            if (e - p >= 3 && is_nil(p, p + 3) &&
                (e - p == 3 || token_chars.v[static_cast<unsigned char>(p[3])] == tok_stop)) {
                if (!room()) return {};
                p += 3;
                *o++ = index_entry{at(b), at(p), 1, value_kind::nil, 3, 0};
                continue;
            }
            break;
        default: break;
        }
        if (!room()) return {};
        bool digits = true;
        p = token_end(p, e, digits, until);
        if (p == b) {  // a byte no rule expects here: a one-byte atom
            ++p;
            digits = false;
        }
        // A three-byte "NIL" token was taken above: this is a number or an atom.
        *o++ = index_entry{at(b), at(p), 1, digits ? value_kind::number : value_kind::atom, 0, 0};
    }
    if (innermost != none) return {};
done:
    return {o, plain};
}

}  // namespace detail

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_TAPE_HPP
