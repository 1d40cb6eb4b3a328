// imaplib-cpp: the grammar's combinator core.
//
// A rule is a type with `static constexpr bool match(detail::state&)`. Rules named after
// the ABNF productions derive from the combinators below (PEGTL style:
// `struct nstring : sor<nil, string> {};`), so the compiler composes them into a plain
// recursive-descent parser: no tables, no generator, and everything works in constant
// expressions (the tests `static_assert` over response strings). The combinators' match
// is a template on the state, so the same rules also run over a value index already
// built (detail::tape_state, grammar/tape.hpp); a rule that declares its own match for
// detail::state is read byte by byte there too.
//
// Failure bookkeeping follows the usual PEG "furthest failure" rule: the error names the
// outermost named rule that started at the furthest position where something failed.
// Limit violations (nesting, literal size, number overflow) are hard errors: they stop
// the whole parse at once instead of letting another alternative try.
#ifndef IMAPLIB_GRAMMAR_CORE_HPP
#define IMAPLIB_GRAMMAR_CORE_HPP

#include <imaplib/config.hpp>
#include <imaplib/detail/ascii.hpp>
#include <imaplib/detail/scan.hpp>
#include <imaplib/error.hpp>
#include <imaplib/limits.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#if defined(__has_builtin)
#if __has_builtin(__builtin_is_constant_evaluated)
#define IMAPLIB_GRAMMAR_CONSTANT_EVALUATED() __builtin_is_constant_evaluated()
#endif
#endif
#ifndef IMAPLIB_GRAMMAR_CONSTANT_EVALUATED
#define IMAPLIB_GRAMMAR_CONSTANT_EVALUATED() true  // unknown compiler: always portable
#endif

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

// Strict follows RFC 3501/9051 to the letter; tolerant (the default) also accepts what
// real servers send (docs/grammar.md lists each tolerance and the server needing it).
enum class mode : unsigned char { tolerant, strict };

struct parse_options {
    mode strictness = mode::tolerant;
    imaplib::limits limits{};
    // Classify `* OK` / `* PREAUTH` / `* BYE` as the server greeting (RFC 9051 7.1).
    bool greeting = false;
};

// Where and why a parse failed. `expected` and `excerpt` point into static storage and
// into the parsed text respectively (no allocation).
struct parse_error {
    std::size_t offset = 0;       // byte offset into the text given to the parser
    std::string_view expected;    // the rule that could not match there (e.g. "envelope")
    std::string_view excerpt;     // up to 24 bytes of the text around `offset`
    errc code = errc::parse_error;

    std::string message() const {
        std::string m = "expected ";
        m.append(expected.data(), expected.size());
        m += " at offset ";
        m += std::to_string(offset);
        m += " near \"";
        m.append(excerpt.data(), excerpt.size());
        m += '"';
        return m;
    }
};

namespace detail {

// The media words a body structure's shape turns on (RFC 9051 body-type-msg and
// body-type-text): the grammar's media_type_* rules and body_view::fields read them here.
inline constexpr std::string_view media_word_text = "TEXT";
inline constexpr std::string_view media_word_message = "MESSAGE";
inline constexpr std::string_view media_word_rfc822 = "RFC822";
inline constexpr std::string_view media_word_global = "GLOBAL";

// Each nesting level costs a handful of stack frames; whatever limits::max_depth says,
// never recurse deeper than this, so no input can exhaust the stack.
inline constexpr std::size_t depth_ceiling = 512;

// The nesting a parse allows: limits::max_depth, at most depth_ceiling.
constexpr std::size_t depth_limit(const parse_options& o) noexcept {
    return o.limits.max_depth < depth_ceiling ? o.limits.max_depth : depth_ceiling;
}

struct state {
    const char* begin;
    const char* cur;
    const char* end;
    const char* line_start;     // for limits::max_line (lines end at literals and CRLF)
    std::size_t depth = 0;
    std::size_t max_depth;
    std::uint64_t max_literal;
    std::size_t max_line;
    bool strict;
    // Whether failures are recorded for the error report. A parse runs without first,
    // and only a frame that fails is parsed again with it (parse_response, parse<>), so
    // the bookkeeping costs nothing on the frames that match.
    bool track = true;
    errc hard{};                // set once: a limit was hit, everything fails fast
    const char* fail_at;
    std::string_view fail_rule;
    int mark = 0;               // which top-level alternative matched (see `mark<>`)
    // True for a state over a value index, which never records failures: only the byte
    // parse reports errors.
    static constexpr bool indexed = false;

    constexpr state(std::string_view text, const parse_options& o) noexcept
        : begin(text.data()),
          cur(text.data()),
          end(text.data() + text.size()),
          line_start(text.data()),
          max_depth(depth_limit(o)),
          max_literal(o.limits.max_literal),
          max_line(o.limits.max_line),
          strict(o.strictness == mode::strict),
          fail_at(text.data()),
          fail_rule("response") {}

    constexpr bool failed_hard() const noexcept { return hard != errc{}; }
    // Where a rule started, to go back to when it fails (tape_state keeps more).
    constexpr const char* save() const noexcept { return cur; }
    constexpr void restore(const char* p) noexcept { cur = p; }
    constexpr bool eof() const noexcept { return cur == end; }
    constexpr std::size_t left() const noexcept { return static_cast<std::size_t>(end - cur); }
    constexpr char peek(std::size_t n = 0) const noexcept { return left() > n ? cur[n] : '\0'; }

    // A hard error overrides any soft failure position.
    constexpr bool fail_hard(errc e, const char* at, std::string_view rule) noexcept {
        if (!failed_hard()) {
            hard = e;
            fail_at = at;
            fail_rule = rule;
        }
        return false;
    }
    // Records `rule` as the failure at cur when failures are recorded and nothing
    // outranks it (a hard error, or a failure further on); an empty name records none.
    IMAPLIB_ALWAYS_INLINE constexpr void note_failure(std::string_view rule) noexcept {
        if (track && !failed_hard() && cur >= fail_at && !rule.empty()) {
            fail_at = cur;
            fail_rule = rule;
        }
    }
};

// The unqualified name of a rule type, from the compiler's function signature.
template <class T>
constexpr std::string_view type_name() noexcept {
#if defined(__clang__) || defined(__GNUC__)
    std::string_view p = __PRETTY_FUNCTION__;
    std::size_t b = p.find("T = ");
    if (b == std::string_view::npos) return "rule";
    b += 4;
    std::size_t e = p.find_first_of(";]", b);
    std::string_view n = p.substr(b, e == std::string_view::npos ? p.size() - b : e - b);
    std::size_t c = n.rfind("::");
    return c == std::string_view::npos ? n : n.substr(c + 2);
#else
    return "rule";
#endif
}

// A rule may name itself (`static constexpr std::string_view rule_name = "...";`),
// otherwise the type's own name is used.
template <class R, class = void>
struct name_of {
    static constexpr std::string_view value = type_name<R>();
};
template <class R>
struct name_of<R, std::void_t<decltype(R::rule_name)>> {
    static constexpr std::string_view value = R::rule_name;
};

// Combinator templates say `using combinator_type = <themselves>`; a struct deriving from
// one inherits a different type, so it counts as a named rule and is reported.
template <class R, class = void>
struct is_combinator : std::false_type {};
template <class R>
struct is_combinator<R, std::void_t<typename R::combinator_type>>
    : std::is_same<R, typename R::combinator_type> {};

// Whether R is a rule of a single value that a state over a value index can take from
// the index, and whether R or a rule inside it is one (grammar/lexical.hpp).
template <class R>
struct takes_value;
template <class R>
struct reads_index;

// Every rule is called through here: restores the position on failure and records the
// outermost named rule failing at the furthest position. This glue is always inlined;
// rules themselves stay calls. On a state over a value index, a rule of a single value
// is matched by lexical.hpp's match_rule (found by argument-dependent lookup), which
// takes the value from the index when it can, and a rule with no such rule inside it
// (reads_index) by the byte state's code.
template <class R, class S>
IMAPLIB_ALWAYS_INLINE constexpr bool invoke(S& s) {
    const auto start = s.save();
    if constexpr (std::conjunction_v<std::bool_constant<S::indexed>, takes_value<R>>) {
        if (match_rule(s, static_cast<R*>(nullptr))) return true;
    } else if constexpr (std::conjunction_v<std::bool_constant<S::indexed>, std::negation<reads_index<R>>>) {
        if (R::match(static_cast<state&>(s))) return true;
    } else {
        if (R::match(s)) return true;
    }
    s.restore(start);
    if constexpr (!is_combinator<R>::value && !S::indexed) s.note_failure(name_of<R>::value);
    return false;
}

// True while the compiler evaluates a constant expression (the static_assert tests):
// the scanners then take their portable byte loop instead of SIMD.
constexpr bool constant_evaluated() noexcept { return IMAPLIB_GRAMMAR_CONSTANT_EVALUATED(); }

// The scanning kit (detail/scan.hpp), shared with framing.
using ::imaplib::detail::block_digits;
using ::imaplib::detail::block_mask;
using ::imaplib::detail::byte_list;
using ::imaplib::detail::find_first;
using ::imaplib::detail::have_simd;
using ::imaplib::detail::lowest_bit;
using ::imaplib::detail::prefix_xor16;
// ASCII case (detail/ascii.hpp), shared with the engine and util.
using ::imaplib::detail::iequals;
using ::imaplib::detail::to_lower;

// The first byte in [p, e) that ends a run of plain QUOTED-CHARs: '"', '\\', CR, LF or
// NUL (RFC 9051 section 9), or e. Quoted strings are most of a FETCH response's bytes,
// so this looks at 16 (SSE2) or 8 bytes per step.
// Out of line with gcc: inlined into record_values it costs more than the call.
IMAPLIB_GCC_NOINLINE const char* find_quoted_special(const char* p, const char* e) noexcept {
    return find_first<byte_list<'"', '\\', '\r', '\n', '\0'>>(p, e);
}

// Pointer past a quoted string starting at p ('"'), or e, as skip_quoted finds it; and
// `regular` stays true only if the string is closed and holds nothing but QUOTED-CHARs and
// the escapes \" and \\ (RFC 9051 section 9), which every mode of the grammar accepts.
inline const char* scan_quoted(const char* p, const char* e, bool& regular) noexcept {
    ++p;
    for (;;) {
        p = find_quoted_special(p, e);
        if (p == e) break;
        if (*p == '"') return p + 1;
        if (*p == '\\') {
            if (e - p < 2) break;
            regular &= p[1] == '"' || p[1] == '\\';
            p += 2;
        } else {  // CR, LF or NUL: stepped over, as skip_quoted does
            regular = false;
            ++p;
        }
    }
    regular = false;
    return e;
}

// Pointer past a quoted string starting at p ('"'), or e. Only a '"' or a backslash
// matters to where it ends (a backslash takes the next byte with it; CR, LF and NUL,
// which the grammar refuses, are stepped over), so the views and the value index cross
// it 16 bytes a step with two comparisons.
inline const char* skip_quoted(const char* p, const char* e) noexcept {
    ++p;
    for (;;) {
        p = find_first<byte_list<'"', '\\'>, false>(p, e);
        if (p == e) return e;
        if (*p == '"') return p + 1;
        if (e - p < 2) return e;
        p += 2;  // an escape takes the next byte with it
    }
}

// The bytes that end a bare token (views.hpp's token table and token_in_block).
using token_stops = byte_list<' ', '(', ')', '\r', '\n', '"', '{'>;

// Where a bare token at p ends, when one of the 16 bytes at p ends it (token_stops) and
// no "[" comes first: sets its length, and clears `digits` unless every byte of it is
// a digit. False, touching nothing, when fewer than 16 bytes are left, without SIMD, or
// when the token needs the byte loop. Most tokens (numbers, NIL, flags, item names) are
// shorter than 16 bytes: one step with no branch that depends on the bytes.
inline bool token_in_block(const char* p, const char* e, std::size_t& len, bool& digits) noexcept {
    if (!have_simd || e - p < 16) return false;
    const unsigned ends = block_mask<byte_list<' ', '(', ')', '\r', '\n', '"', '{', '['>>(p);
    if (ends == 0) return false;
    const unsigned n = lowest_bit(ends);
    if (p[n] == '[') return false;
    const unsigned before = (1u << n) - 1;
    if ((block_digits(p) & before) != before) digits = false;
    len = n;
    return true;
}

// Where the bytes that matter to a list walk are in the 16 bytes at p: one bit per byte.
struct list_masks {
    unsigned quote, backslash, open, close, brace, bracket;
};

// Fills m from the 16 bytes at p (the caller makes sure they exist); false without SIMD.
inline bool load_list_masks(const char* p, list_masks& m) noexcept {
    if (!have_simd) return false;
    m.quote = block_mask<byte_list<'"'>>(p);
    m.backslash = block_mask<byte_list<'\\'>>(p);
    m.open = block_mask<byte_list<'('>>(p);
    m.close = block_mask<byte_list<')'>>(p);
    m.brace = block_mask<byte_list<'{'>>(p);
    m.bracket = block_mask<byte_list<'['>>(p);
    return true;
}

// ---- FIRST sets ---------------------------------------------------------------------
//
// FIRST(R) is every byte at which R can consume anything (a superset is fine). A rule
// states it with `static constexpr char_set first_chars()`; the combinators derive theirs
// from their parts; a rule that may match empty, or fail for another reason before
// reading (a depth limit), states nothing and counts as "any byte". `sor`, `opt` and
// `star` skip a part whose FIRST excludes the next byte instead of calling it: a PEG
// dispatch on one byte that leaves the grammar and its results unchanged.

struct char_set {
    std::uint64_t w[4] = {0, 0, 0, 0};

    constexpr bool has(char c) const noexcept {
        const auto u = static_cast<unsigned char>(c);
        return ((w[u >> 6] >> (u & 63)) & 1) != 0;
    }
    constexpr bool full() const noexcept { return (w[0] & w[1] & w[2] & w[3]) == ~std::uint64_t{0}; }
    constexpr char_set& add(char c) noexcept {
        const auto u = static_cast<unsigned char>(c);
        w[u >> 6] |= std::uint64_t{1} << (u & 63);
        return *this;
    }
    // Both cases of a letter: ABNF strings are case-insensitive.
    constexpr char_set& add_nocase(char c) noexcept {
        add(c);
        if (c >= 'a' && c <= 'z') add(static_cast<char>(c - 32));
        if (c >= 'A' && c <= 'Z') add(static_cast<char>(c + 32));
        return *this;
    }
    friend constexpr char_set operator|(char_set a, const char_set& b) noexcept {
        for (int i = 0; i < 4; ++i) a.w[i] |= b.w[i];
        return a;
    }
    static constexpr char_set any() noexcept {
        char_set r;
        for (auto& x : r.w) x = ~std::uint64_t{0};
        return r;
    }
    // Word-wise, so the compiler's constant evaluation stays cheap (one set per rule).
    constexpr int count() const noexcept {
        int n = 0;
        for (std::uint64_t x : w) {
            x = x - ((x >> 1) & 0x5555555555555555ULL);
            x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
            x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
            n += static_cast<int>((x * 0x0101010101010101ULL) >> 56);
        }
        return n;
    }
    constexpr int lowest() const noexcept {
        for (int i = 0; i < 4; ++i) {
            if (w[i] == 0) continue;
            int b = 0;
            while (((w[i] >> b) & 1) == 0) ++b;
            return i * 64 + b;
        }
        return 0;
    }
    constexpr int highest() const noexcept {
        for (int i = 3; i >= 0; --i) {
            if (w[i] == 0) continue;
            int b = 63;
            while (((w[i] >> b) & 1) == 0) --b;
            return i * 64 + b;
        }
        return 0;
    }
};

template <class R, class = void>
struct first_of {
    static constexpr char_set value = char_set::any();
};
template <class R>
struct first_of<R, std::void_t<decltype(R::first_chars())>> {
    static constexpr char_set value = R::first_chars();
};

template <class R>
inline constexpr bool has_first = !first_of<R>::value.full();

// c in FIRST(R), as one comparison when the set is a byte, a range or a letter's cases.
template <class R>
constexpr bool may_start(char c) noexcept {
    constexpr char_set f = first_of<R>::value;
    constexpr int n = f.count(), lo = f.lowest(), hi = f.highest();
    const auto u = static_cast<unsigned char>(c);
    if constexpr (n == hi - lo + 1)
        return static_cast<unsigned>(u - lo) <= static_cast<unsigned>(hi - lo);
    else if constexpr (n == 2)
        return u == lo || u == hi;
    else
        return f.has(c);
}

// The rule name invoke<R> leaves in state::fail_rule when R fails at its first byte
// (empty if it records none): a skipped part reports exactly what a call would have.
template <class R>
constexpr std::string_view fail_name(bool strict) noexcept {
    if constexpr (!is_combinator<R>::value)
        return name_of<R>::value;
    else
        return R::first_fail(strict);
}

// invoke<R>, or R's failure without the call when the next byte is outside FIRST(R). The
// failure records what invoke<R> would have when R fails at once; R's name for it in
// either mode is known at compile time (chosen only when failures are recorded).
template <class R, class S>
IMAPLIB_ALWAYS_INLINE constexpr bool invoke_first(S& s) {
    if constexpr (has_first<R>) {
        if (s.cur == s.end || !may_start<R>(*s.cur)) {
            if constexpr (!S::indexed) {
                constexpr std::string_view in_strict = fail_name<R>(true), in_tolerant = fail_name<R>(false);
                if (s.track) s.note_failure(s.strict ? in_strict : in_tolerant);
            }
            return false;
        }
    }
    return invoke<R>(s);
}

// A word as two byte tables: its lowercase form, and 0x20 where it has a letter. OR-ing
// the second into input bytes folds their case (ABNF strings are case-insensitive,
// RFC 5234 section 2.3); only 'A'-'Z' and 'a'-'z' map onto the letters that way.
template <std::size_t N>
struct folded_word {
    char lower[N];
    char fold[N];
};

template <std::size_t N>
constexpr folded_word<N> fold_word(const char* w) noexcept {
    folded_word<N> f{};
    for (std::size_t i = 0; i < N; ++i) {
        const bool letter = (w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z');
        f.lower[i] = to_lower(w[i]);
        f.fold[i] = letter ? '\x20' : '\0';
    }
    return f;
}

template <class T>
inline bool folded_chunk(const char* p, const char* lower, const char* fold) noexcept {
    T v, l, f;
    std::memcpy(&v, p, sizeof v);
    std::memcpy(&l, lower, sizeof l);
    std::memcpy(&f, fold, sizeof f);
    return static_cast<T>(v | f) == l;
}

// Whether the N bytes at p spell the word (any case), several bytes per comparison;
// the tables are constants, so each chunk compiles to an OR and a compare.
template <std::size_t N>
inline bool folded_equal(const char* p, const folded_word<N>& w) noexcept {
    if constexpr (N >= 8) {
        for (std::size_t i = 0; i + 8 <= N; i += 8)
            if (!folded_chunk<std::uint64_t>(p + i, w.lower + i, w.fold + i)) return false;
        if constexpr (N % 8 != 0)
            return folded_chunk<std::uint64_t>(p + N - 8, w.lower + N - 8, w.fold + N - 8);
        return true;
    } else if constexpr (N >= 4) {
        return folded_chunk<std::uint32_t>(p, w.lower, w.fold) &&
               folded_chunk<std::uint32_t>(p + N - 4, w.lower + N - 4, w.fold + N - 4);
    } else if constexpr (N >= 2) {
        return folded_chunk<std::uint16_t>(p, w.lower, w.fold) &&
               folded_chunk<std::uint16_t>(p + N - 2, w.lower + N - 2, w.fold + N - 2);
    } else {
        return static_cast<char>(p[0] | w.fold[0]) == w.lower[0];
    }
}

// The same test, usable in constant expressions.
template <std::size_t N>
constexpr bool word_at(const char* p, const folded_word<N>& w) noexcept {
    if (!constant_evaluated()) return folded_equal<N>(p, w);
    for (std::size_t i = 0; i < N; ++i)
        if (static_cast<char>(p[i] | w.fold[i]) != w.lower[i]) return false;
    return true;
}

template <class Self>
inline constexpr auto folded_keyword = fold_word<Self::word.size()>(Self::word.data());

constexpr std::string_view text_between(const char* b, const char* e) noexcept {
    return std::string_view(b, static_cast<std::size_t>(e - b));
}

// ---- combinators ------------------------------------------------------------------

template <class R, class... Rest>
constexpr char_set first_of_seq() noexcept {
    return first_of<R>::value;
}
template <class R, class... Rest>
constexpr std::string_view fail_of_seq(bool strict) noexcept {
    return fail_name<R>(strict);
}
// The last alternative that records a name wins (each one fails at the same byte).
template <class... R>
constexpr std::string_view fail_of_sor(bool strict) noexcept {
    std::string_view n;
    ((n = fail_name<R>(strict).empty() ? n : fail_name<R>(strict)), ...);
    return n;
}

template <class... R>
struct rules {};

}  // namespace detail

template <class... R>
struct seq {
    using combinator_type = seq;
    template <class S>
    static constexpr bool match(S& s) {
        // A state over a value index walks some sequences faster (lexical.hpp's seq_walk,
        // found by argument-dependent lookup).
        if constexpr (S::indexed)
            return seq_walk(s, detail::rules<R...>{});
        else
            return (detail::invoke<R>(s) && ...);
    }
    static constexpr detail::char_set first_chars() noexcept {
        if constexpr (sizeof...(R) == 0)
            return detail::char_set::any();
        else
            return detail::first_of_seq<R...>();
    }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        if constexpr (sizeof...(R) == 0)
            return {};
        else
            return detail::fail_of_seq<R...>(strict);
    }
};

// Ordered choice; a hard error stops the remaining alternatives.
template <class... R>
struct sor {
    using combinator_type = sor;
    template <class S>
    static constexpr bool match(S& s) {
        bool ok = false;
        (void)(((ok = detail::invoke_first<R>(s)) || s.failed_hard()) || ...);
        return ok;
    }
    static constexpr detail::char_set first_chars() noexcept {
        return (detail::char_set{} | ... | detail::first_of<R>::value);
    }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return detail::fail_of_sor<R...>(strict);
    }
};

template <class... R>
struct opt {
    using combinator_type = opt;
    template <class S>
    static constexpr bool match(S& s) {
        (void)detail::invoke_first<seq<R...>>(s);
        return !s.failed_hard();
    }
};

// Zero or more; stops when an iteration consumes nothing, so it always terminates.
template <class... R>
struct star {
    using combinator_type = star;
    template <class S>
    static constexpr bool match(S& s) {
        for (;;) {
            const char* p = s.cur;
            if (!detail::invoke_first<seq<R...>>(s) || s.cur == p) break;
        }
        return !s.failed_hard();
    }
};

template <class... R>
struct plus {
    using combinator_type = plus;
    template <class S>
    static constexpr bool match(S& s) {
        return detail::invoke<seq<R...>>(s) && detail::invoke<star<R...>>(s);
    }
    static constexpr detail::char_set first_chars() noexcept { return seq<R...>::first_chars(); }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return seq<R...>::first_fail(strict);
    }
};

// R (Sep R)*
template <class R, class Sep>
struct list_of {
    using combinator_type = list_of;
    template <class S>
    static constexpr bool match(S& s) {
        return detail::invoke<R>(s) && detail::invoke<star<Sep, R>>(s);
    }
    static constexpr detail::char_set first_chars() noexcept { return detail::first_of<R>::value; }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return detail::fail_name<R>(strict);
    }
};

// Lookahead, consumes nothing.
template <class R>
struct at {
    using combinator_type = at;
    template <class S>
    static constexpr bool match(S& s) {
        const auto p = s.save();
        bool ok = detail::invoke<R>(s);
        s.restore(p);
        return ok;
    }
};

// One of the characters.
template <char... C>
struct one {
    using combinator_type = one;
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (s.eof()) return false;
        const char c = *s.cur;
        if (((c == C) || ...)) {
            ++s.cur;
            return true;
        }
        return false;
    }
    static constexpr detail::char_set first_chars() noexcept {
        detail::char_set r;
        (r.add(C), ...);
        return r;
    }
    static constexpr std::string_view first_fail(bool) noexcept { return {}; }
};

// A fixed case-insensitive word (ABNF strings are case-insensitive, RFC 5234 2.3).
template <char... C>
struct istr {
    using combinator_type = istr;
    static constexpr char word[sizeof...(C)] = {C...};
    static constexpr detail::folded_word<sizeof...(C)> folded =
        detail::fold_word<sizeof...(C)>(word);
    IMAPLIB_ALWAYS_INLINE static constexpr bool match(detail::state& s) noexcept {
        if (s.left() < sizeof...(C) || !detail::word_at(s.cur, folded)) return false;
        s.cur += sizeof...(C);
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::char_set{}.add_nocase(word[0]);
    }
    static constexpr std::string_view first_fail(bool) noexcept { return {}; }
};

// A keyword: `struct kw_FETCH : keyword<kw_FETCH> { static constexpr std::string_view
// word = "FETCH"; };`. It must not run on into a longer word ("UID" vs "UIDNEXT",
// "RFC822" vs "RFC822.SIZE"); '[' and '<' may follow ("BODY[").
template <class Self>
struct keyword {
    static constexpr bool match(detail::state& s) noexcept {
        constexpr std::string_view w = Self::word;
        if (s.left() < w.size() || !detail::word_at(s.cur, detail::folded_keyword<Self>)) return false;
        if (s.left() > w.size()) {
            const char n = s.cur[w.size()];
            if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9') ||
                n == '.' || n == '-' || n == '_')
                return false;
        }
        s.cur += w.size();
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept {
        return detail::char_set{}.add_nocase(Self::word[0]);
    }
};

// Only in tolerant mode.
template <class... R>
struct tolerant {
    using combinator_type = tolerant;
    template <class S>
    static constexpr bool match(S& s) {
        return !s.strict && detail::invoke<seq<R...>>(s);
    }
    static constexpr detail::char_set first_chars() noexcept { return seq<R...>::first_chars(); }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return strict ? std::string_view() : seq<R...>::first_fail(strict);
    }
};

// One level of parenthesised nesting, bounded by limits::max_depth.
template <class... R>
struct nested {
    using combinator_type = nested;
    template <class S>
    static constexpr bool match(S& s) {
        if (s.depth >= s.max_depth)
            return s.fail_hard(errc::nesting_too_deep, s.cur, "nesting depth limit");
        ++s.depth;
        const bool ok = detail::invoke<seq<R...>>(s);
        --s.depth;
        return ok;
    }
};

// Remembers which alternative of a response matched, for the views.
template <int Mark, class... R>
struct mark {
    using combinator_type = mark;
    template <class S>
    static constexpr bool match(S& s) {
        if (!detail::invoke<seq<R...>>(s)) return false;
        s.mark = Mark;
        return true;
    }
    static constexpr detail::char_set first_chars() noexcept { return seq<R...>::first_chars(); }
    static constexpr std::string_view first_fail(bool strict) noexcept {
        return seq<R...>::first_fail(strict);
    }
};

// ---- name families --------------------------------------------------------------------
// Response codes, FETCH items, STATUS items and data responses are each one table of
// rows; the family's `sor`, its "any other name" matcher and its kind lookup all come
// from it, so adding a name is one row (plus its rule).

// `Rule` starts with one of `Names` (keyword rules) and reports `Kind` when it matches.
template <auto Kind, class Rule, class... Names>
struct name_row {
    static constexpr auto kind = Kind;
    using rule = Rule;
    static constexpr std::string_view names[] = {Names::word...};
    // A rule that is its bare keyword takes no arguments.
    static constexpr bool has_arguments = !(sizeof...(Names) == 1 && (std::is_same_v<Rule, Names> && ...));
};

template <class... Rows>
struct name_table {
    static constexpr std::size_t rows = sizeof...(Rows);
    // sor<Alt<Row>..., Tail...>: the rows in order, then the alternatives after them.
    template <template <class> class Alt, class... Tail>
    using sor_of = sor<Alt<Rows>..., Tail...>;

    // The row holding a name (case-insensitive, RFC 5234 section 2.3), `rows` for none.
    static constexpr std::size_t find(std::string_view name) noexcept {
        std::size_t row = 0;
        (void)((holds(Rows::names, name) || (++row, false)) || ...);
        return row;
    }
    static constexpr bool contains(std::string_view name) noexcept { return find(name) != rows; }
    // The kind of the row holding a name, `other` when none does.
    template <class K>
    static constexpr K kind_of(std::string_view name, K other) noexcept {
        constexpr K kinds[] = {static_cast<K>(Rows::kind)...};
        const std::size_t r = find(name);
        return r == rows ? other : kinds[r];
    }
    static constexpr bool has_arguments(std::size_t row) noexcept {
        constexpr bool a[] = {Rows::has_arguments...};
        return row < rows && a[row];
    }

private:
    template <std::size_t N>
    static constexpr bool holds(const std::string_view (&names)[N], std::string_view name) noexcept {
        for (std::string_view n : names)
            if (detail::iequals(name, n)) return true;
        return false;
    }
};

// A row as an alternative of its family's sor, as it is.
template <class Row>
using row_rule = typename Row::rule;

struct eof {
    static constexpr bool match(detail::state& s) noexcept { return s.eof(); }
    static constexpr std::string_view rule_name = "end of response";
};

// ---- entry points -------------------------------------------------------------------

namespace detail {

// Runs Rule over the whole text.
template <class Rule>
constexpr bool run(state& s) {
    return invoke<seq<Rule, eof>>(s) && !s.failed_hard();
}

inline parse_error make_error(const state& s, std::string_view text) {
    parse_error e;
    e.offset = static_cast<std::size_t>(s.fail_at - s.begin);
    e.expected = s.fail_rule;
    e.code = s.failed_hard() ? s.hard : errc::parse_error;
    const std::size_t from = e.offset > 8 ? e.offset - 8 : 0;
    e.excerpt = text.substr(from < text.size() ? from : text.size(), 24);
    return e;
}

}  // namespace detail

// True when the whole of `text` matches Rule. Usable in constant expressions.
template <class Rule>
constexpr bool matches(std::string_view text, const parse_options& opts = {}) {
    detail::state s(text, opts);
    s.track = false;
    return detail::run<Rule>(s);
}

// Validates `text` against Rule. On failure sets ec (errc::parse_error or a limit's code)
// and, when given, fills *err; returns false.
template <class Rule>
bool parse(std::string_view text, std::error_code& ec, const parse_options& opts = {},
           parse_error* err = nullptr) {
    detail::state fast(text, opts);
    fast.track = false;
    if (detail::run<Rule>(fast)) {
        ec.clear();
        return true;
    }
    detail::state s(text, opts);  // again, recording where and why it fails
    (void)detail::run<Rule>(s);
    parse_error e = detail::make_error(s, text);
    ec = make_error_code(e.code);
    if (err) *err = e;
    return false;
}

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#undef IMAPLIB_GRAMMAR_CONSTANT_EVALUATED

#endif  // IMAPLIB_GRAMMAR_CORE_HPP
