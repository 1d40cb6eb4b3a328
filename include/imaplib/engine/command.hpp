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
IMAPLIB_DECL bool is_astring_char(unsigned char c) noexcept;

// Length of the quoted string at the start of s (RFC 9051 `quoted`: DQUOTE *QUOTED-CHAR
// DQUOTE, `\"` and `\\` the only escapes, no CR, LF or NUL; 8-bit only as UTF-8 when
// `utf8`), or 0 when s does not start with a well-formed one.
IMAPLIB_DECL std::size_t quoted_length(std::string_view s, bool utf8) noexcept;

// Exactly one quoted string, nothing after its closing DQUOTE.
inline bool is_quoted_string(std::string_view s, bool utf8) noexcept {
    return !s.empty() && quoted_length(s, utf8) == s.size();
}

// Exactly one parenthesised list: parentheses balanced outside quoted strings, the quoted
// strings in it well-formed, no CR, LF or NUL, nothing after the matching ')'.
IMAPLIB_DECL bool is_one_list(std::string_view s, bool utf8) noexcept;

// Ends in a literal announcement: "{" 1*DIGIT ["+"] "}" (RFC 9051 section 4.3, RFC 7888;
// `~{N}` ends the same way). Anywhere else "{N}" is text, since a literal needs CRLF next.
IMAPLIB_DECL bool ends_in_literal_announcement(std::string_view s) noexcept;

inline bool has_line_break(std::string_view s) noexcept {
    return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

IMAPLIB_DECL bool has_8bit(std::string_view s) noexcept;

// A flag is "\" atom or atom (RFC 3501 flag-keyword / flag-extension); `\*` only in
// responses but harmless to accept.
IMAPLIB_DECL bool is_flag_token(std::string_view t) noexcept;

IMAPLIB_DECL bool is_flag_list(std::string_view s) noexcept;

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
    void add(std::string_view arg, arg_kind kind, bool utf8, std::error_code& ec, std::string& why);

    const std::vector<std::string>& text() const noexcept { return text_; }
    const std::vector<std::string_view>& literals() const noexcept { return literals_; }

    // The first line with secret arguments replaced, for debug output.
    std::string redacted(std::size_t part) const;
    bool literal_is_secret(std::size_t i) const noexcept {
        return i < secret_literals_.size() && secret_literals_[i];
    }

private:
    struct secret_range { std::size_t part, begin, end; };

    static bool is_plain_astring(std::string_view s) noexcept;

    static void append_quoted(std::string& out, std::string_view s);

    void add_literal(std::string_view bytes, bool secret, const char* open = " {");

    void refuse(std::string_view arg, const char* what, std::error_code& ec, std::string& why);

    std::vector<std::string> text_;
    std::vector<std::string_view> literals_;
    std::vector<bool> secret_literals_;
    std::vector<secret_range> secrets_;
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/command.ipp>
#endif

#endif  // IMAPLIB_ENGINE_COMMAND_HPP
