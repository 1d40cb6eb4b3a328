// imaplib-cpp: the grammar's combinator core.
//
// A rule is a type with `static constexpr bool match(detail::state&)`. Rules named after
// the ABNF productions derive from the combinators below (PEGTL style:
// `struct nstring : sor<nil, string> {};`), so the compiler composes them into a plain
// recursive-descent parser: no tables, no generator, and everything works in constant
// expressions (the tests `static_assert` over response strings).
//
// Failure bookkeeping follows the usual PEG "furthest failure" rule: the error names the
// outermost named rule that started at the furthest position where something failed.
// Limit violations (nesting, literal size, number overflow) are hard errors: they stop
// the whole parse at once instead of letting another alternative try.
#ifndef IMAPLIB_GRAMMAR_CORE_HPP
#define IMAPLIB_GRAMMAR_CORE_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/limits.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

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

// Each nesting level costs a handful of stack frames; whatever limits::max_depth says,
// never recurse deeper than this, so no input can exhaust the stack.
inline constexpr std::size_t depth_ceiling = 512;

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
    errc hard{};                // set once: a limit was hit, everything fails fast
    const char* fail_at;
    std::string_view fail_rule;
    int mark = 0;               // which top-level alternative matched (see `mark<>`)

    constexpr state(std::string_view text, const parse_options& o) noexcept
        : begin(text.data()),
          cur(text.data()),
          end(text.data() + text.size()),
          line_start(text.data()),
          max_depth(o.limits.max_depth < depth_ceiling ? o.limits.max_depth : depth_ceiling),
          max_literal(o.limits.max_literal),
          max_line(o.limits.max_line),
          strict(o.strictness == mode::strict),
          fail_at(text.data()),
          fail_rule("response") {}

    constexpr bool failed_hard() const noexcept { return hard != errc{}; }
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

// Every rule is called through here: restores the position on failure and records the
// outermost named rule failing at the furthest position.
template <class R>
constexpr bool invoke(state& s) {
    const char* start = s.cur;
    if (R::match(s)) return true;
    s.cur = start;
    if constexpr (!is_combinator<R>::value) {
        if (!s.failed_hard() && start >= s.fail_at) {
            s.fail_at = start;
            s.fail_rule = name_of<R>::value;
        }
    }
    return false;
}

constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    return true;
}

}  // namespace detail

// ---- combinators ------------------------------------------------------------------

template <class... R>
struct seq {
    using combinator_type = seq;
    static constexpr bool match(detail::state& s) { return (detail::invoke<R>(s) && ...); }
};

// Ordered choice; a hard error stops the remaining alternatives.
template <class... R>
struct sor {
    using combinator_type = sor;
    static constexpr bool match(detail::state& s) {
        bool ok = false;
        (void)(((ok = detail::invoke<R>(s)) || s.failed_hard()) || ...);
        return ok;
    }
};

template <class... R>
struct opt {
    using combinator_type = opt;
    static constexpr bool match(detail::state& s) {
        (void)detail::invoke<seq<R...>>(s);
        return !s.failed_hard();
    }
};

// Zero or more; stops when an iteration consumes nothing, so it always terminates.
template <class... R>
struct star {
    using combinator_type = star;
    static constexpr bool match(detail::state& s) {
        for (;;) {
            const char* p = s.cur;
            if (!detail::invoke<seq<R...>>(s) || s.cur == p) break;
        }
        return !s.failed_hard();
    }
};

template <class... R>
struct plus {
    using combinator_type = plus;
    static constexpr bool match(detail::state& s) {
        return detail::invoke<seq<R...>>(s) && detail::invoke<star<R...>>(s);
    }
};

// R (Sep R)*
template <class R, class Sep>
struct list_of {
    using combinator_type = list_of;
    static constexpr bool match(detail::state& s) {
        return detail::invoke<R>(s) && detail::invoke<star<Sep, R>>(s);
    }
};

// Lookahead, consumes nothing.
template <class R>
struct at {
    using combinator_type = at;
    static constexpr bool match(detail::state& s) {
        const char* p = s.cur;
        bool ok = detail::invoke<R>(s);
        s.cur = p;
        return ok;
    }
};

template <class R>
struct not_at {
    using combinator_type = not_at;
    static constexpr bool match(detail::state& s) {
        const char* p = s.cur;
        bool ok = detail::invoke<R>(s);
        s.cur = p;
        return !ok && !s.failed_hard();
    }
};

// One of the characters.
template <char... C>
struct one {
    using combinator_type = one;
    static constexpr bool match(detail::state& s) noexcept {
        if (s.eof()) return false;
        const char c = *s.cur;
        if (((c == C) || ...)) {
            ++s.cur;
            return true;
        }
        return false;
    }
};

// A fixed case-insensitive word (ABNF strings are case-insensitive, RFC 5234 2.3).
template <char... C>
struct istr {
    using combinator_type = istr;
    static constexpr bool match(detail::state& s) noexcept {
        constexpr char word[] = {C...};
        if (s.left() < sizeof...(C)) return false;
        for (std::size_t i = 0; i < sizeof...(C); ++i)
            if (detail::to_lower(s.cur[i]) != detail::to_lower(word[i])) return false;
        s.cur += sizeof...(C);
        return true;
    }
};

// A keyword: `struct kw_FETCH : keyword<kw_FETCH> { static constexpr std::string_view
// word = "FETCH"; };`. It must not run on into a longer word ("UID" vs "UIDNEXT",
// "RFC822" vs "RFC822.SIZE"); '[' and '<' may follow ("BODY[").
template <class Self>
struct keyword {
    static constexpr bool match(detail::state& s) noexcept {
        constexpr std::string_view w = Self::word;
        if (s.left() < w.size()) return false;
        for (std::size_t i = 0; i < w.size(); ++i)
            if (detail::to_lower(s.cur[i]) != detail::to_lower(w[i])) return false;
        if (s.left() > w.size()) {
            const char n = s.cur[w.size()];
            if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9') ||
                n == '.' || n == '-' || n == '_')
                return false;
        }
        s.cur += w.size();
        return true;
    }
};

// Only in tolerant mode.
template <class... R>
struct tolerant {
    using combinator_type = tolerant;
    static constexpr bool match(detail::state& s) {
        return !s.strict && detail::invoke<seq<R...>>(s);
    }
};

// Only in strict mode.
template <class... R>
struct strict_only {
    using combinator_type = strict_only;
    static constexpr bool match(detail::state& s) {
        return s.strict && detail::invoke<seq<R...>>(s);
    }
};

// One level of parenthesised nesting, bounded by limits::max_depth.
template <class... R>
struct nested {
    using combinator_type = nested;
    static constexpr bool match(detail::state& s) {
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
    static constexpr bool match(detail::state& s) {
        if (!detail::invoke<seq<R...>>(s)) return false;
        s.mark = Mark;
        return true;
    }
};

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
    return detail::run<Rule>(s);
}

// Validates `text` against Rule. On failure sets ec (errc::parse_error or a limit's code)
// and, when given, fills *err; returns false.
template <class Rule>
bool parse(std::string_view text, std::error_code& ec, const parse_options& opts = {},
           parse_error* err = nullptr) {
    detail::state s(text, opts);
    if (detail::run<Rule>(s)) {
        ec.clear();
        return true;
    }
    parse_error e = detail::make_error(s, text);
    ec = make_error_code(e.code);
    if (err) *err = e;
    return false;
}

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_CORE_HPP
