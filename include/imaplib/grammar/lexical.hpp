// imaplib-cpp: lexical rules of RFC 3501 / RFC 9051 section 9 (atoms, numbers, strings,
// literals, flags, dates, sequence sets) and a generic value for unknown extensions.
//
// The terminals are hand-written loops over a character-class table: they are the hot
// path of every FETCH response.
#ifndef IMAPLIB_GRAMMAR_LEXICAL_HPP
#define IMAPLIB_GRAMMAR_LEXICAL_HPP

#include <imaplib/grammar/core.hpp>
#include <imaplib/grammar/tape.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

namespace detail {

enum char_class : unsigned char {
    cc_atom = 1,       // ATOM-CHAR
    cc_astring = 2,    // ASTRING-CHAR = ATOM-CHAR / resp-specials
    cc_text = 4,       // TEXT-CHAR (plus 8-bit UTF-8, RFC 9051), no CR, LF, NUL
    cc_quoted = 8,     // QUOTED-CHAR without escape: TEXT-CHAR except '"' and '\'
    cc_digit = 16,
    cc_list = 32,      // list-char = ATOM-CHAR / list-wildcards / resp-specials
    cc_generic = 64,   // bytes of an unknown bare token (tolerant extension values)
};

struct char_table {
    unsigned char v[256];
};

constexpr char_table make_char_table() noexcept {
    char_table t{};
    for (int c = 0; c < 256; ++c) {
        unsigned char f = 0;
        const bool ctl = c < 0x20 || c == 0x7f;
        const bool eight = c >= 0x80;
        // atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials /
        // resp-specials (RFC 9051 section 9)
        const bool special = c == '(' || c == ')' || c == '{' || c == ' ' || ctl || c == '%' ||
                             c == '*' || c == '"' || c == '\\' || c == ']';
        if (!special && !eight) f |= cc_atom;
        if ((!special || c == ']') && !eight) f |= cc_astring;
        if ((!special || c == '%' || c == '*' || c == ']') && !eight) f |= cc_list;
        if (c != '\r' && c != '\n' && c != 0) f |= cc_text;
        if (c != '\r' && c != '\n' && c != 0 && c != '"' && c != '\\') f |= cc_quoted;
        if (c >= '0' && c <= '9') f |= cc_digit;
        if (!ctl && c != ' ' && c != '(' && c != ')' && c != '"' && c != '{') f |= cc_generic;
        t.v[c] = f;
    }
    return t;
}

inline constexpr char_table chars = make_char_table();

constexpr bool has(char c, unsigned char cls) noexcept {
    return (chars.v[static_cast<unsigned char>(c)] & cls) != 0;
}

// FIRST of a rule that starts with a byte of a class.
template <unsigned char Class>
constexpr char_set class_chars() noexcept {
    char_set r;
    for (int c = 0; c < 256; ++c)
        if (chars.v[c] & Class) r.add(static_cast<char>(c));
    return r;
}

// 1*<chars of class>
template <unsigned char Class>
constexpr bool take_class(state& s) noexcept {
    const char* p = s.cur;
    while (p != s.end && has(*p, Class)) ++p;
    if (p == s.cur) return false;
    s.cur = p;
    return true;
}

// Unsigned decimal with an upper bound; a value above it is a hard error, never a wrap.
constexpr bool take_number(state& s, std::uint64_t max, bool nonzero, std::string_view rule) {
    const char* p = s.cur;
    if (p == s.end || !has(*p, cc_digit)) return false;
    if (nonzero && *p == '0') return false;
    std::uint64_t v = 0;
    while (p != s.end && has(*p, cc_digit)) {
        const auto d = static_cast<std::uint64_t>(*p - '0');
        if (v > (max - d) / 10) return s.fail_hard(errc::parse_error, s.cur, rule);
        v = v * 10 + d;
        ++p;
    }
    s.cur = p;
    return true;
}

}  // namespace detail

// ---- basic tokens -----------------------------------------------------------------------

// SP. Tolerant: a run of spaces (Exchange and Courier double spaces).
struct SP {
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (s.peek() != ' ') return false;
        ++s.cur;
        if (!s.strict)
            while (s.peek() == ' ') ++s.cur;
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept { return detail::char_set{}.add(' '); }
};

// Optional spaces, tolerant mode only: after "(" and before ")" (Exchange, Yahoo).
struct lax_space {
    using combinator_type = lax_space;
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (!s.strict)
            while (s.peek() == ' ') ++s.cur;
        return true;
    }
};

struct lparen : seq<one<'('>, lax_space> {
    using seq::match;
    // Over an index: the list's "(" with no space after it.
    IMAPLIB_ALWAYS_INLINE static bool match(detail::tape_state& s) {
        if (s.peek() == '(' && s.peek(1) != ' ') return ++s.cur, true;
        return seq::match(s);
    }
};
struct rparen : seq<lax_space, one<')'>> {
    using seq::match;
    IMAPLIB_ALWAYS_INLINE static bool match(detail::tape_state& s) {
        if (s.peek() == ')') return ++s.cur, true;
        return seq::match(s);
    }
};

// A separator between list elements: SP; tolerant mode also accepts none when a
// delimiter makes the boundary obvious (`"a""b"`, `(x)(y)`, Courier and old Cyrus).
struct list_sep {
    static constexpr bool match(detail::state& s) noexcept {
        if (SP::match(s)) return true;
        if (s.strict) return false;
        const char c = s.peek();
        const char prev = s.cur != s.begin ? s.cur[-1] : '\0';
        return c == '(' || c == '"' || prev == ')' || prev == '"';
    }
    static constexpr std::string_view rule_name = "SP";
};

// CRLF. Tolerant: trailing spaces before it (Exchange ends `* SEARCH ` lines so).
struct CRLF {
    static constexpr bool match(detail::state& s) noexcept {
        if (!s.strict)
            while (s.peek() == ' ') ++s.cur;
        if (s.left() < 2 || s.cur[0] != '\r' || s.cur[1] != '\n') return false;
        if (s.cur > s.line_start && static_cast<std::size_t>(s.cur - s.line_start) > s.max_line)
            return s.fail_hard(errc::line_too_long, s.line_start, "line length limit");
        s.cur += 2;
        s.line_start = s.cur;
        return true;
    }
};

// Lookahead for the end of the line (tolerant trailing spaces included), no side effect.
struct at_CRLF {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        if (!s.strict)
            while (p != s.end && *p == ' ') ++p;
        return s.end - p >= 2 && p[0] == '\r' && p[1] == '\n';
    }
    static constexpr std::string_view rule_name = "CRLF";
};

struct atom {
    static constexpr bool match(detail::state& s) noexcept {
        return detail::take_class<detail::cc_atom>(s);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_atom>();
    }
};

// number = 1*DIGIT, an unsigned 32-bit value (RFC 9051 section 9)
struct number {
    static constexpr bool match(detail::state& s) {
        return detail::take_number(s, 0xffffffffu, false, "number (32-bit)");
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return s.number_ok(v, 0xffffffffu, false);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

// nz-number = digit-nz *DIGIT, 32-bit
struct nz_number {
    static constexpr bool match(detail::state& s) {
        return detail::take_number(s, 0xffffffffu, true, "nz-number (32-bit)");
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return s.number_ok(v, 0xffffffffu, true);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

// number64 = 1*DIGIT, 0 <= n <= 9,223,372,036,854,775,807 (RFC 9051 section 9)
struct number64 {
    static constexpr bool match(detail::state& s) {
        return detail::take_number(s, 0x7fffffffffffffffull, false, "number64 (63-bit)");
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return s.number_ok(v, 0x7fffffffffffffffull, false);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

struct nz_number64 {
    static constexpr bool match(detail::state& s) {
        return detail::take_number(s, 0x7fffffffffffffffull, true, "number64 (63-bit)");
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return s.number_ok(v, 0x7fffffffffffffffull, true);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

// mod-sequence-value = 1*DIGIT, positive 63-bit (RFC 7162 section 7)
struct mod_sequence_value : number64 {};
struct uniqueid : nz_number {};

namespace detail {

// Past the run of plain QUOTED-CHARs at p: SIMD at run time, a byte loop in constant
// expressions.
constexpr const char* skip_quoted_chars(const char* p, const char* e) noexcept {
    if (!constant_evaluated()) return find_quoted_special(p, e);
    while (p != e && has(*p, cc_quoted)) ++p;
    return p;
}

}  // namespace detail

// quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR may be 8-bit UTF-8 (RFC 9051).
struct quoted {
    static constexpr bool match(detail::state& s) noexcept {
        if (s.peek() != '"') return false;
        const char* p = s.cur + 1;
        for (;;) {
            p = detail::skip_quoted_chars(p, s.end);
            if (p == s.end) return false;  // unterminated
            const char c = *p;
            if (c == '"') {
                s.cur = p + 1;
                return true;
            }
            if (c != '\\' || p + 1 == s.end) return false;  // CR, LF or NUL inside
            const char n = p[1];
            // Only \" and \\ are escapes; tolerant mode passes other escaped text bytes.
            if (n != '"' && n != '\\' && (s.strict || !detail::has(n, detail::cc_text))) return false;
            p += 2;
        }
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return v->kind == value_kind::quoted && s.regular;
    }
    static constexpr detail::char_set first_chars() noexcept { return detail::char_set{}.add('"'); }
};

namespace detail {

// "{" number64 ["+"] "}" CRLF *CHAR8, or with Tilde "~{...}" for literal8 (RFC 3516); the
// header is read by detail/literal_header.hpp, as framing reads it.
constexpr bool take_literal(state& s, bool eight) {
    const char* start = s.cur;
    if (start == s.end || (*start == '~') != eight) return false;
    namespace lh = imaplib::detail;
    const lh::literal_header h = lh::parse_literal_header(start, s.end, lh::number64_max);
    if (h.status == lh::literal_header_status::too_large)
        return s.fail_hard(errc::literal_too_large, start, "literal size");
    if (h.status != lh::literal_header_status::ok) return false;
    const char* p = h.data - 2;  // the CRLF ends the line
    if (p > s.line_start && static_cast<std::size_t>(p - s.line_start) > s.max_line)
        return s.fail_hard(errc::line_too_long, s.line_start, "line length limit");
    p += 2;
    const std::uint64_t n = h.count;
    if (n > s.max_literal) return s.fail_hard(errc::literal_too_large, start, "literal size");
    if (n > static_cast<std::uint64_t>(s.end - p))
        return s.fail_hard(errc::parse_error, start, "literal data (count beyond the response)");
    const auto len = imaplib::detail::narrow_cast<std::size_t>(n);
    // CHAR8 excludes NUL (RFC 3501 section 9); literal8 may hold any OCTET. Servers do
    // put NUL bytes in message data, so only strict mode checks.
    if (!eight && s.strict && std::char_traits<char>::find(p, len, '\0') != nullptr)
        return s.fail_hard(errc::parse_error, start, "literal without NUL (CHAR8)");
    s.cur = p + len;
    s.line_start = s.cur;
    return true;
}

}  // namespace detail

struct literal {
    static constexpr bool match(detail::state& s) { return detail::take_literal(s, false); }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return v->kind == value_kind::literal && s.literal_ok(v, false);
    }
    static constexpr detail::char_set first_chars() noexcept { return detail::char_set{}.add('{'); }
};

struct literal8 {
    static constexpr bool match(detail::state& s) { return detail::take_literal(s, true); }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return v->kind == value_kind::literal8 && s.literal_ok(v, true);
    }
    static constexpr detail::char_set first_chars() noexcept { return detail::char_set{}.add('~'); }
};

// The strings are most of a FETCH response's values, so each of their productions has a
// second `match`: one dispatch on the first byte to the only alternative that can start
// there, the same language as the sor it derives from. It records no failures, so it
// serves the parse that runs without them (state::track); the parse that reports an
// error takes the sor, recording exactly what it always has.
struct string : sor<quoted, literal> {
    static constexpr bool match(detail::state& s) {
        if (s.track) return sor<quoted, literal>::match(s);
        if (s.cur == s.end) return false;
        if (*s.cur == '"') return quoted::match(s);
        return *s.cur == '{' && literal::match(s);
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return s.string_ok(v, false);
    }
};

struct nil : keyword<nil> {
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state&, const detail::index_entry* v) noexcept {
        return v->kind == value_kind::nil;
    }
    static constexpr std::string_view word = "NIL";
    static constexpr std::string_view rule_name = "NIL";
};

namespace detail {

// string / NIL in one dispatch (the first parse of nstring and lax_string).
constexpr bool string_or_nil(state& s, bool nil_allowed) {
    if (s.cur == s.end) return false;
    const char c = *s.cur;
    if (c == 'N' || c == 'n') return nil_allowed && nil::match(s);
    return string::match(s);
}

}  // namespace detail

struct nstring : sor<string, nil> {
    static constexpr bool match(detail::state& s) {
        return s.track ? sor<string, nil>::match(s) : detail::string_or_nil(s, true);
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return s.string_ok(v, true);
    }
};

// astring = 1*ASTRING-CHAR / string
struct astring_chars {
    static constexpr bool match(detail::state& s) noexcept {
        return detail::take_class<detail::cc_astring>(s);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_astring>();
    }
};
struct astring : sor<string, astring_chars> {
    static constexpr bool match(detail::state& s) {
        if (s.track) return sor<string, astring_chars>::match(s);
        if (s.cur == s.end) return false;
        const char c = *s.cur;
        if (c == '"' || c == '{') return string::match(s);
        return astring_chars::match(s);
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return s.string_ok(v, false);
    }
};

// A string where the RFC requires one; tolerant mode also takes NIL (Exchange and
// Domino send NIL for body-fld-enc and media subtypes).
struct lax_string : sor<string, tolerant<nil>> {
    static constexpr bool match(detail::state& s) {
        return s.track ? sor<string, tolerant<nil>>::match(s) : detail::string_or_nil(s, !s.strict);
    }
    IMAPLIB_ALWAYS_INLINE static bool takes(const detail::tape_state& s, const detail::index_entry* v) noexcept {
        return s.string_ok(v, !s.strict);
    }
};

// text = 1*TEXT-CHAR (RFC 9051 also allows UTF-8)
struct text {
    static constexpr bool match(detail::state& s) noexcept {
        return detail::take_class<detail::cc_text>(s);
    }
};

// tag = 1*<any ASTRING-CHAR except "+">
struct tag {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && detail::has(*p, detail::cc_astring) && *p != '+') ++p;
        if (p == s.cur) return false;
        s.cur = p;
        return true;
    }
};

// base64 = *(4base64-char) [base64-terminal]; it is a subset of text, so the
// continuation request takes text (see continue_req).

// mailbox = "INBOX" / astring
struct mailbox : astring {};

// ---- flags ------------------------------------------------------------------------------

// flag-keyword = atom; tolerant: also "]" inside (Gmail's `[Gmail]/Sent` style keywords).
struct flag_keyword {
    static constexpr bool match(detail::state& s) noexcept {
        return s.strict ? detail::take_class<detail::cc_atom>(s)
                        : detail::take_class<detail::cc_astring>(s);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_astring>();  // cc_atom is a subset
    }
};

// flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
//        flag-extension;  flag-extension = "\" atom
struct flag : sor<seq<one<'\\'>, flag_keyword>, flag_keyword> {};
// flag-perm = flag / "\*"
struct flag_perm : sor<istr<'\\', '*'>, flag> {};
// flag-fetch = flag / "\Recent"
struct flag_fetch : flag {};

struct flag_list : seq<lparen, opt<list_of<flag, list_sep>>, rparen> {};

// ---- dates ------------------------------------------------------------------------------

struct date_month
    : sor<istr<'J', 'a', 'n'>, istr<'F', 'e', 'b'>, istr<'M', 'a', 'r'>, istr<'A', 'p', 'r'>,
          istr<'M', 'a', 'y'>, istr<'J', 'u', 'n'>, istr<'J', 'u', 'l'>, istr<'A', 'u', 'g'>,
          istr<'S', 'e', 'p'>, istr<'O', 'c', 't'>, istr<'N', 'o', 'v'>, istr<'D', 'e', 'c'>> {};

struct DIGIT {
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (!detail::has(s.peek(), detail::cc_digit)) return false;
        ++s.cur;
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_digit>();
    }
};

// date-day-fixed = (SP DIGIT) / 2DIGIT; tolerant: a single digit (Domino).
struct date_day_fixed : sor<seq<one<' '>, DIGIT>, seq<DIGIT, DIGIT>, tolerant<DIGIT>> {};
struct date_year : seq<DIGIT, DIGIT, DIGIT, DIGIT> {};
struct time : seq<DIGIT, DIGIT, one<':'>, DIGIT, DIGIT, one<':'>, DIGIT, DIGIT> {};
struct zone : seq<one<'+', '-'>, DIGIT, DIGIT, DIGIT, DIGIT> {};
// date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
struct date_time : seq<one<'"'>, date_day_fixed, one<'-'>, date_month, one<'-'>, date_year,
                       one<' '>, time, one<' '>, zone, one<'"'>> {};

// ---- sets ---------------------------------------------------------------------------------

// seq-number = nz-number / "*"; "$" is the saved search result (RFC 5182, RFC 9051).
struct seq_number : sor<nz_number, one<'*'>> {};
struct seq_range : seq<seq_number, one<':'>, seq_number> {};
struct sequence_set : sor<one<'$'>, list_of<sor<seq_range, seq_number>, one<','>>> {};
// uid-set = (uniqueid / uid-range) *("," uid-set)   (RFC 4315 section 4)
struct uid_range : seq<uniqueid, one<':'>, uniqueid> {};
struct uid_set : list_of<sor<uid_range, uniqueid>, one<','>> {};

// objectid = 1*255(ALPHA / DIGIT / "_" / "-")   (RFC 8474 section 7)
struct objectid {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && p - s.cur < 255) {
            const char c = *p;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-'))
                break;
            ++p;
        }
        if (p == s.cur) return false;
        s.cur = p;
        return true;
    }
};

// ---- generic values -------------------------------------------------------------------

// A bare token of an unknown extension: atoms, numbers, `\Flags`, `$Label`, `a]b`.
struct generic_token {
    static constexpr bool match(detail::state& s) noexcept {
        return detail::take_class<detail::cc_generic>(s);
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::class_chars<detail::cc_generic>();
    }
};

// Any value an unknown FETCH item, STATUS item or extension may carry:
// string, literal8, bare token, or a parenthesised list of values (depth-bounded).
struct generic_value;
struct generic_list : nested<lparen, opt<list_of<generic_value, list_sep>>, rparen> {};
struct generic_value : sor<quoted, literal, literal8, generic_list, generic_token> {};

// tagged-ext-val (RFC 4466 section 2.1) is a subset of generic_value; extensions use it.
struct tagged_ext_val : generic_value {};

// ---- runs of values over the index -----------------------------------------------------

namespace detail {

// Whether R is the rule of one value, which says from an index entry whether its byte
// rule takes exactly that value: a value rule (R::takes), or a choice of them.
template <class R, class = void>
struct has_takes : std::false_type {};
template <class R>
struct has_takes<R, std::void_t<decltype(&R::takes)>> : std::true_type {};
template <class R, class = void>
struct has_combinator : std::false_type {};
template <class R>
struct has_combinator<R, std::void_t<typename R::combinator_type>> : std::true_type {};

template <class C>
struct choice_takes : std::false_type {};

template <class R>
constexpr bool takes_by_choice() noexcept {
    if constexpr (has_takes<R>::value || !has_combinator<R>::value) {
        return false;
    } else {
        using C = typename R::combinator_type;
        if constexpr (!choice_takes<C>::value)
            return false;
        else  // a rule named for a choice, matched as the choice
            return &R::template match<tape_state> == &C::template match<tape_state>;
    }
}

template <class R>
struct takes_value : std::bool_constant<has_takes<R>::value || takes_by_choice<R>()> {};

// Whether R may take a value from the index on a tape_state: it is a value rule, or one
// of its parts may. A rule that cannot reads bytes only, and invoke matches it with the
// byte state's code, so the grammar is not instantiated a second time for it (a date,
// a section, a keyword choice). `nested` counts as reading the index, which also ends
// the recursion of the grammar's recursive rules (each goes through a `nested`).
template <class C>
struct parts_read_index : std::true_type {};  // a combinator not listed: as if it did
template <template <class...> class C, class... R>
struct parts_read_index<C<R...>> : std::disjunction<reads_index<R>...> {};
template <int Mark, class... R>
struct parts_read_index<mark<Mark, R...>> : std::disjunction<reads_index<R>...> {};
template <class... R>
struct parts_read_index<nested<R...>> : std::true_type {};
template <char... C>
struct parts_read_index<one<C...>> : std::false_type {};
template <char... C>
struct parts_read_index<istr<C...>> : std::false_type {};

template <class R, class = void>
struct combinator_reads_index : std::false_type {};  // a rule with its own byte match
template <class R>
struct combinator_reads_index<R, std::void_t<typename R::combinator_type>>
    : parts_read_index<typename R::combinator_type> {};

template <class R>
struct reads_index : std::disjunction<takes_value<R>, combinator_reads_index<R>> {};

template <class R>
IMAPLIB_ALWAYS_INLINE bool value_taken(const tape_state& s, const index_entry* v) noexcept {
    if constexpr (has_takes<R>::value)
        return R::takes(s, v);
    else
        return choice_takes<typename R::combinator_type>::takes(s, v);
}

// A rule of a single value (invoke calls this for one) takes the value at cur from the
// index when its byte rule would take exactly it, and runs the byte rule otherwise.
template <class R>
IMAPLIB_ALWAYS_INLINE bool match_rule(tape_state& s, R*) {
    const index_entry* v = s.value_here();
    return (v && value_taken<R>(s, v) && s.take(v)) || byte_match<R>(s);
}

// A sor of value rules takes v when the first alternative that may start with v's first
// byte takes it: invoke_first skips the others without a call, as the sor would.
template <class... A>
struct choice_takes<sor<A...>> : std::bool_constant<(takes_value<A>::value && ...)> {
    IMAPLIB_ALWAYS_INLINE static bool takes(const tape_state& s, const index_entry* v) noexcept {
        const char b = s.begin[v->begin];
        bool taken = false;
        (void)(((!has_first<A> || may_start<A>(b)) ? (taken = value_taken<A>(s, v), true) : false) || ...);
        return taken;
    }
};
template <class A>
struct choice_takes<tolerant<A>> : std::bool_constant<takes_value<A>::value> {
    IMAPLIB_ALWAYS_INLINE static bool takes(const tape_state& s, const index_entry* v) noexcept {
        return !s.strict && value_taken<A>(s, v);
    }
};

// The items X of a sequence X *(SP X), with `closed` when an rparen ends it; `type` is
// void for any other sequence.
template <class Items, class... R>
struct sp_items {
    using type = void;
    static constexpr bool closed = false;
};
template <class... I, class X>
struct sp_items<rules<I...>, X> {
    using type = rules<I..., X>;
    static constexpr bool closed = false;
};
template <class... I, class X>
struct sp_items<rules<I...>, X, rparen> {
    using type = rules<I..., X>;
    static constexpr bool closed = true;
};
template <class... I, class X, class... R>
struct sp_items<rules<I...>, X, SP, R...> : sp_items<rules<I..., X>, R...> {};

template <class... I>
constexpr std::size_t count_values(rules<I...>) noexcept {
    return (std::size_t{0} + ... + std::size_t{takes_value<I>::value});
}

// A sequence the index walks in one go: X *(SP X), or lparen X *(SP X) rparen, with at
// least two items that are single values (an address, the fields of a body part).
template <class... R>
struct walk_shape : sp_items<rules<>, R...> {
    static constexpr bool open = false;
    static constexpr bool fits = !sp_items<rules<>, R...>::closed;
};
template <class... R>
struct walk_shape<lparen, R...> : sp_items<rules<>, R...> {
    static constexpr bool open = true;
    static constexpr bool fits = sp_items<rules<>, R...>::closed;
};
template <class Shape, class Items = typename Shape::type>
constexpr bool walks() noexcept {
    if constexpr (std::is_void_v<Items>)
        return false;
    else
        return Shape::fits && count_values(Items{}) >= 2;
}

// The walk of such a sequence: the position and the entry expected there stay local
// (in registers) from one item to the next; a value item whose entry is at the position
// and that its rule takes (R::takes) is stepped over here, and everything else (another
// rule, a value the index does not settle, spaces beyond one) goes through the rule
// itself on the state, as the plain sequence would. So it accepts what the sequence
// accepts, and ends where it ends.
struct value_walk {
    tape_state& s;
    const char* p;
    const index_entry* c = nullptr;  // the entry at p, when known
    // Copies of the state's bounds: the state is in memory, and a store through it (cur,
    // line_start) could change them for all the compiler knows.
    const char* const begin = s.begin;
    const char* const end = s.end;
    const index_entry* const stop = s.stop;

    std::uint32_t at() const noexcept { return static_cast<std::uint32_t>(p - begin); }

    // R at p on the state, or only R's byte rule (Bytes).
    template <class R, bool Bytes = false>
    IMAPLIB_ALWAYS_INLINE bool rule() {
        s.cur = p;
        if (c) s.next = c;
        if constexpr (Bytes) {
            if (!byte_match<R>(s)) return false;
        } else {
            if (!invoke<R>(s)) return false;
        }
        p = s.cur;
        c = nullptr;
        return true;
    }
    template <class X>
    IMAPLIB_ALWAYS_INLINE bool item() {
        if constexpr (takes_value<X>::value) {
            if (!c) {
                s.cur = p;
                c = s.value_here();
            }
            if (c && c != stop && c->begin == at() && value_taken<X>(s, c)) {
                p = s.past(c);
                ++c;  // a value's span is 1
                return true;
            }
        }
        // For a value: c is the value at p, or no value is there, so the index does not
        // settle it and match_rule would run the byte rule.
        return rule<X, takes_value<X>::value>();
    }
    IMAPLIB_ALWAYS_INLINE bool space() {
        if (end - p >= 2 && p[0] == ' ' && p[1] != ' ') return ++p, true;
        return rule<SP>();
    }
    IMAPLIB_ALWAYS_INLINE bool open() {
        s.cur = p;
        const index_entry* v = s.value_here();
        if (v && v->kind == value_kind::list && end - p >= 2 && p[1] != ' ') {
            ++p;
            c = v + 1;
            return true;
        }
        return rule<lparen>();
    }
    IMAPLIB_ALWAYS_INLINE bool close() {
        if (p != end && *p == ')') return ++p, true;
        return rule<rparen>();
    }
    bool done() {
        s.cur = p;
        if (c) s.next = c;
        return true;
    }
};

IMAPLIB_ALWAYS_INLINE bool walk_rest(value_walk&, rules<>) { return true; }
template <class X, class... Xs>
IMAPLIB_ALWAYS_INLINE bool walk_rest(value_walk& w, rules<X, Xs...>) {
    return w.space() && w.item<X>() && walk_rest(w, rules<Xs...>{});
}

template <bool Open, class X, class... Xs>
bool walk_values(tape_state& s, rules<X, Xs...>) {
    value_walk w{s, s.cur};
    if constexpr (Open) {
        if (!w.open()) return false;
    }
    if (!w.item<X>() || !walk_rest(w, rules<Xs...>{})) return false;
    if constexpr (Open) {
        if (!w.close()) return false;
    }
    return w.done();
}

template <class... R>
bool seq_walk(tape_state& s, rules<R...>) {
    using shape = walk_shape<R...>;
    if constexpr (walks<shape>())
        return walk_values<shape::open>(s, typename shape::type{});
    else
        return (invoke<R>(s) && ...);
}

}  // namespace detail

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_LEXICAL_HPP
