// imaplib-cpp: engine/command.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_ENGINE_IMPL_COMMAND_IPP
#define IMAPLIB_ENGINE_IMPL_COMMAND_IPP

#include <imaplib/config.hpp>
#include <imaplib/engine/command.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <string>
#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL bool is_astring_char(unsigned char c) noexcept {
    if (is_ctl_or_8bit(c)) return false;
    switch (c) {
    case '(': case ')': case '{': case ' ': case '"': case '\\': return false;
    default: return true;
    }
}

IMAPLIB_DECL std::size_t quoted_length(std::string_view s, bool utf8) noexcept {
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

IMAPLIB_DECL bool is_one_list(std::string_view s, bool utf8) noexcept {
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

IMAPLIB_DECL bool ends_in_literal_announcement(std::string_view s) noexcept {
    if (s.size() < 3 || s.back() != '}') return false;
    std::size_t end = s.size() - 1;
    if (s[end - 1] == '+') --end;
    std::size_t begin = end;
    while (begin > 0 && s[begin - 1] >= '0' && s[begin - 1] <= '9') --begin;
    return begin != end && begin > 0 && s[begin - 1] == '{';
}

IMAPLIB_DECL bool has_8bit(std::string_view s) noexcept {
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

IMAPLIB_DECL bool is_flag_token(std::string_view t) noexcept {
    if (!t.empty() && t.front() == '\\') t.remove_prefix(1);
    if (t == "*") return true;
    if (t.empty()) return false;
    for (const char c : t) {
        if (!is_astring_char(static_cast<unsigned char>(c)) || c == ']' || c == '%' || c == '*') return false;
    }
    return true;
}

IMAPLIB_DECL bool is_flag_list(std::string_view s) noexcept {
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

IMAPLIB_DECL void command_line::add(std::string_view arg, arg_kind kind, bool utf8, std::error_code& ec, std::string& why) {
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

IMAPLIB_DECL std::string command_line::redacted(std::size_t part) const {
    std::string s = text_[part];
    for (auto it = secrets_.rbegin(); it != secrets_.rend(); ++it)
        if (it->part == part) s.replace(it->begin, it->end - it->begin, "\"***\"");
    return s;
}

IMAPLIB_DECL bool command_line::is_plain_astring(std::string_view s) noexcept {
    for (const char c : s)
        if (!is_astring_char(static_cast<unsigned char>(c))) return false;
    return true;
}

IMAPLIB_DECL void command_line::append_quoted(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        if (c == '\\' || c == '"') out += '\\';
        out += c;
    }
    out += '"';
}

IMAPLIB_DECL void command_line::add_literal(std::string_view bytes, bool secret, const char* open) {
    std::string& out = text_.back();
    out += open;
    out += std::to_string(bytes.size());
    out += '}';
    literals_.push_back(bytes);
    secret_literals_.push_back(secret);
    text_.emplace_back();
}

IMAPLIB_DECL void command_line::refuse(std::string_view arg, const char* what, std::error_code& ec, std::string& why) {
    ec = make_error_code(errc::invalid_argument);
    why = std::string("refusing ") + what + " that would corrupt the command: ";
    why.append(arg.substr(0, 60));
    for (char& c : why)
        if (c == '\r' || c == '\n' || c == '\0') c = '?';
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_COMMAND_IPP
