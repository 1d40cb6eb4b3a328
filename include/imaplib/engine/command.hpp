// imaplib-cpp: building a command line from user arguments.
//
// imaplib (Python 3) joins arguments with spaces and sends them as they are; only LOGIN's
// password is quoted. We send exactly the same bytes for every argument imaplib handles
// correctly, and on top of that:
//   - no argument can put a CR, LF or NUL into the command stream: such a string goes out
//     as a literal where the protocol takes a string, and is refused elsewhere;
//   - arguments in string positions (mailbox names, user names, ACL identifiers, ...) are
//     quoted when they are not atoms, unless the caller already quoted them (imaplib's
//     documented rule) as exactly one well-formed quoted string, and 8-bit strings go as
//     literals (or as UTF-8 once UTF8=ACCEPT is enabled);
//   - flag lists are checked: a flag with spaces or parentheses inside is refused;
//   - protocol syntax the caller wrote (raw) may not end in a literal announcement, which
//     would make the server wait for bytes that never come.
//
// What passes unchanged, per position (the rest is quoted, sent as a literal or refused):
//   astring          an atom (ASTRING-CHAR and list wildcards), or ONE quoted string.
//                    Mailbox, user, ACL identifier and rights, quota root, LIST reference:
//                    RFC 3501 never takes a parenthesised list there. (A SELECT parameter
//                    list, RFC 4466 section 2.4, would be a position of its own after it.)
//   astring_or_list  astring, or ONE balanced parenthesised list: LIST's pattern, which
//                    RFC 5258 section 3 lets be a list of patterns.
//   date_time        ONE quoted string, else refused (APPEND's date-time, imaplib quotes it).
//   flags            a parenthesised list of flags, else refused.
//   raw              anything without CR, LF, NUL and a trailing {N} / {N+} / ~{N}: sequence
//                    sets, search criteria, fetch items, xatom and uid arguments. The caller
//                    writes this syntax; a value from elsewhere belongs in a string position.
#ifndef IMAPLIB_ENGINE_COMMAND_HPP
#define IMAPLIB_ENGINE_COMMAND_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <string>
#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// A read-only list of string arguments: imaplib's `*args`. Built from a braced list or
// from any contiguous container of string_views.
class arg_list {
public:
    arg_list() = default;
    // The list must outlive the arg_list: use it as a parameter, not a stored member.
    arg_list(std::initializer_list<std::string_view> args) noexcept {
        data_ = args.begin();
        size_ = args.size();
    }
    arg_list(const std::vector<std::string_view>& args) noexcept
        : data_(args.data()), size_(args.size()) {}
    arg_list(const std::string_view* data, std::size_t size) noexcept : data_(data), size_(size) {}

    const std::string_view* begin() const noexcept { return data_; }
    const std::string_view* end() const noexcept { return data_ + size_; }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

private:
    const std::string_view* data_ = nullptr;
    std::size_t size_ = 0;
};

// An argument imaplib takes as "a string or None": APPEND's mailbox and flags, SEARCH's
// charset. imaplib::None (std::nullopt) or a default-constructed one is None.
class string_or_none {
public:
    constexpr string_or_none() noexcept = default;
    constexpr string_or_none(std::nullopt_t) noexcept {}
    constexpr string_or_none(std::string_view text) noexcept : text_(text), present_(true) {}
    constexpr string_or_none(const char* text) noexcept
        : text_(text ? std::string_view(text) : std::string_view()), present_(text != nullptr) {}
    string_or_none(const std::string& text) noexcept : text_(text), present_(true) {}
    template <class T, class = std::enable_if_t<std::is_convertible_v<const T&, std::string_view>>>
    string_or_none(const std::optional<T>& text) noexcept
        : text_(text ? std::string_view(*text) : std::string_view()), present_(text.has_value()) {}

    constexpr bool has_value() const noexcept { return present_; }
    constexpr explicit operator bool() const noexcept { return present_; }
    constexpr std::string_view operator*() const noexcept { return text_; }
    constexpr const std::string_view* operator->() const noexcept { return &text_; }

private:
    std::string_view text_;
    bool present_ = false;
};

namespace detail {

// How an argument is put on the wire.
enum class arg_kind {
    raw,       // protocol syntax the caller wrote (sequence sets, criteria, item lists)
    astring,   // a string the protocol takes as astring (mailbox, user, identifier)
    astring_or_list,  // astring, or one parenthesised list (LIST's patterns, RFC 5258)
    date_time,  // a quoted string given quoted (APPEND's date-time)
    quoted,    // always a quoted string (LOGIN's password, as imaplib does)
    flags,     // a parenthesised flag list, validated
    literal,   // always a synchronizing literal (APPEND's message)
    utf8_literal,  // APPEND's message after UTF8=ACCEPT: UTF8 (~{N}) (RFC 6855 section 4)
    raw_attached,  // raw, with no SP before it: a list's ")" right after a literal (SETMETADATA)
    literal8,  // a literal8 ~{N}: any octet, NUL included (RFC 3516 section 4.4, APPEND)
};

inline bool is_ctl_or_8bit(unsigned char c) noexcept { return c < 0x20 || c >= 0x7f; }

// ATOM-CHAR plus ']' (ASTRING-CHAR) plus list-wildcards, which imaplib users pass
// unquoted as LIST patterns (RFC 3501 section 9).
inline bool is_astring_char(unsigned char c) noexcept {
    if (is_ctl_or_8bit(c)) return false;
    switch (c) {
    case '(': case ')': case '{': case ' ': case '"': case '\\': return false;
    default: return true;
    }
}

// Length of the quoted string at the start of s (RFC 9051 `quoted`: DQUOTE *QUOTED-CHAR
// DQUOTE, `\"` and `\\` the only escapes, no CR, LF or NUL; 8-bit only as UTF-8 when
// `utf8`), or 0 when s does not start with a well-formed one.
inline std::size_t quoted_length(std::string_view s, bool utf8) noexcept {
    if (s.empty() || s.front() != '"') return 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"') return i + 1;
        if (c == '\\') {
            if (i + 1 == s.size() || (s[i + 1] != '"' && s[i + 1] != '\\')) return 0;
            ++i;
        } else if (c == '\r' || c == '\n' || c == '\0' || (c >= 0x80 && !utf8)) {
            return 0;
        }
    }
    return 0;  // no closing DQUOTE
}

// Exactly one quoted string, nothing after its closing DQUOTE.
inline bool is_quoted_string(std::string_view s, bool utf8) noexcept {
    return !s.empty() && quoted_length(s, utf8) == s.size();
}

// Exactly one parenthesised list: parentheses balanced outside quoted strings, the quoted
// strings in it well-formed, no CR, LF or NUL, nothing after the matching ')'.
inline bool is_one_list(std::string_view s, bool utf8) noexcept {
    if (s.empty() || s.front() != '(') return false;
    std::size_t depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"') {
            const std::size_t n = quoted_length(s.substr(i), utf8);
            if (n == 0) return false;
            i += n - 1;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (--depth == 0) return i + 1 == s.size();
        } else if (c == '\r' || c == '\n' || c == '\0' || (c >= 0x80 && !utf8)) {
            return false;
        }
    }
    return false;  // unbalanced
}

// Ends in a literal announcement: "{" 1*DIGIT ["+"] "}" (RFC 9051 section 4.3, RFC 7888;
// `~{N}` ends the same way). Anywhere else "{N}" is text, since a literal needs CRLF next.
inline bool ends_in_literal_announcement(std::string_view s) noexcept {
    if (s.size() < 3 || s.back() != '}') return false;
    std::size_t end = s.size() - 1;
    if (s[end - 1] == '+') --end;
    std::size_t begin = end;
    while (begin > 0 && s[begin - 1] >= '0' && s[begin - 1] <= '9') --begin;
    return begin != end && begin > 0 && s[begin - 1] == '{';
}

inline bool has_line_break(std::string_view s) noexcept {
    return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

inline bool has_8bit(std::string_view s) noexcept {
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// A flag is "\" atom or atom (RFC 3501 flag-keyword / flag-extension); `\*` only in
// responses but harmless to accept.
inline bool is_flag_token(std::string_view t) noexcept {
    if (!t.empty() && t.front() == '\\') t.remove_prefix(1);
    if (t == "*") return true;
    if (t.empty()) return false;
    for (const char c : t) {
        if (!is_astring_char(static_cast<unsigned char>(c)) || c == ']' || c == '%' || c == '*') return false;
    }
    return true;
}

inline bool is_flag_list(std::string_view s) noexcept {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
    s = s.substr(1, s.size() - 2);
    while (!s.empty()) {
        const auto space = s.find(' ');
        const auto token = s.substr(0, space);
        if (!token.empty() && !is_flag_token(token)) return false;
        if (space == std::string_view::npos) break;
        s.remove_prefix(space + 1);
    }
    return true;
}

// SELECT / EXAMINE's argument as imaplib sends it, "INBOX (CONDSTORE)": a mailbox, SP and
// one parameter list (RFC 4466 section 2.4) naming CONDSTORE or QRESYNC (RFC 7162), split
// so the mailbox is an astring and the list goes as written. `parameters` is empty when
// the argument is a mailbox name only ("Old (archive)" is one).
struct select_argument {
    std::string_view mailbox;
    std::string_view parameters;
};

inline select_argument split_select_parameters(std::string_view arg) noexcept {
    if (arg.empty() || arg.back() != ')') return {arg, {}};
    for (std::size_t sp = arg.find(" ("); sp != std::string_view::npos; sp = arg.find(" (", sp + 1)) {
        const std::string_view list = arg.substr(sp + 1);
        if (sp == 0 || !is_one_list(list, false)) continue;
        std::string_view name = list.substr(1, list.find_first_of(" )") - 1);
        const auto is = [&](std::string_view word) {
            if (name.size() != word.size()) return false;
            for (std::size_t i = 0; i < word.size(); ++i)
                if ((name[i] & ~0x20) != word[i]) return false;
            return true;
        };
        if (is("CONDSTORE") || is("QRESYNC")) return {arg.substr(0, sp), list};
        return {arg, {}};
    }
    return {arg, {}};
}

// A command as it goes on the wire: text, then for each literal the literal's bytes and
// the text after it. The whole is: text[0] {CRLF? no} ... see send loop in the engine:
//   text[0] "{N}" CRLF  <wait for +>  literal[0] text[1] ... text[last] CRLF
class command_line {
public:
    explicit command_line(std::string tag_and_name) { text_.push_back(std::move(tag_and_name)); }

    // Appends one argument; on refusal sets ec (errc::invalid_argument) and `why`.
    void add(std::string_view arg, arg_kind kind, bool utf8, std::error_code& ec, std::string& why) {
        std::string& out = text_.back();
        switch (kind) {
        case arg_kind::literal:
            add_literal(arg, false);
            return;
        case arg_kind::literal8:
            add_literal(arg, false, " ~{");
            return;
        case arg_kind::utf8_literal:
            out += " UTF8 (~{";
            out += std::to_string(arg.size());
            out += '}';
            literals_.push_back(arg);
            secret_literals_.push_back(false);
            text_.emplace_back(")");
            return;
        case arg_kind::flags:
            if (has_line_break(arg) || !is_flag_list(arg)) return refuse(arg, "flag list", ec, why);
            out += ' ';
            out += arg;
            return;
        case arg_kind::date_time:
            if (!is_quoted_string(arg, false)) return refuse(arg, "date-time", ec, why);
            out += ' ';
            out += arg;
            return;
        case arg_kind::raw_attached:
            if (has_line_break(arg) || has_8bit(arg) || ends_in_literal_announcement(arg))
                return refuse(arg, "argument", ec, why);
            out += arg;
            return;
        case arg_kind::raw:
            if (has_line_break(arg)) return refuse(arg, "argument", ec, why);
            if (ends_in_literal_announcement(arg))
                return refuse(arg, "argument ending in a literal announcement", ec, why);
            if (!utf8 && has_8bit(arg)) {
                // A single 8-bit token (a search string) is a string position: send it as a
                // literal. Anything longer would need us to parse the caller's syntax.
                for (const char byte : arg) {
                    const auto c = static_cast<unsigned char>(byte);
                    if (c <= ' ' || c == '(' || c == ')' || c == '"')
                        return refuse(arg, "8-bit argument (needs UTF8=ACCEPT)", ec, why);
                }
                add_literal(arg, false);
                return;
            }
            out += ' ';
            out += arg;
            return;
        case arg_kind::astring:
        case arg_kind::astring_or_list:
            if (is_quoted_string(arg, utf8) ||
                (kind == arg_kind::astring_or_list && is_one_list(arg, utf8))) {
                out += ' ';
                out += arg;
                return;
            }
            if (!arg.empty() && is_plain_astring(arg)) {
                out += ' ';
                out += arg;
                return;
            }
            [[fallthrough]];
        case arg_kind::quoted:
            if (arg.find('\0') != std::string_view::npos) return refuse(arg, "string with NUL", ec, why);
            if (has_line_break(arg) || (!utf8 && has_8bit(arg))) {
                add_literal(arg, kind == arg_kind::quoted);
                return;
            }
            out += ' ';
            const std::size_t begin = out.size();
            append_quoted(out, arg);
            if (kind == arg_kind::quoted) secrets_.push_back({text_.size() - 1, begin, out.size()});
            return;
        }
    }

    const std::vector<std::string>& text() const noexcept { return text_; }
    const std::vector<std::string_view>& literals() const noexcept { return literals_; }

    // The first line with secret arguments replaced, for debug output.
    std::string redacted(std::size_t part) const {
        std::string s = text_[part];
        for (auto it = secrets_.rbegin(); it != secrets_.rend(); ++it)
            if (it->part == part) s.replace(it->begin, it->end - it->begin, "\"***\"");
        return s;
    }
    bool literal_is_secret(std::size_t i) const noexcept {
        return i < secret_literals_.size() && secret_literals_[i];
    }

private:
    struct secret_range { std::size_t part, begin, end; };

    static bool is_plain_astring(std::string_view s) noexcept {
        for (const char c : s)
            if (!is_astring_char(static_cast<unsigned char>(c))) return false;
        return true;
    }

    static void append_quoted(std::string& out, std::string_view s) {
        out += '"';
        for (char c : s) {
            if (c == '\\' || c == '"') out += '\\';
            out += c;
        }
        out += '"';
    }

    void add_literal(std::string_view bytes, bool secret, const char* open = " {") {
        std::string& out = text_.back();
        out += open;
        out += std::to_string(bytes.size());
        out += '}';
        literals_.push_back(bytes);
        secret_literals_.push_back(secret);
        text_.emplace_back();
    }

    void refuse(std::string_view arg, const char* what, std::error_code& ec, std::string& why) {
        ec = make_error_code(errc::invalid_argument);
        why = std::string("refusing ") + what + " that would corrupt the command: ";
        why.append(arg.substr(0, 60));
        for (char& c : why)
            if (c == '\r' || c == '\n' || c == '\0') c = '?';
    }

    std::vector<std::string> text_;
    std::vector<std::string_view> literals_;
    std::vector<bool> secret_literals_;
    std::vector<secret_range> secrets_;
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_COMMAND_HPP
