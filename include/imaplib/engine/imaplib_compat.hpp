// imaplib-cpp: what makes the engine behave like Python's imaplib and nothing else needs:
// its module globals, its response-matching regexes, its messages, APPEND's date and
// CRLF rules, and its debug output (_mesg, _log, print_log).
//
// The protocol session (engine/session.hpp) matches responses with the functions here,
// so it classifies exactly what imaplib.py classifies; the blocking driver
// (engine/basic_imap4.hpp) uses the rest.
#ifndef IMAPLIB_ENGINE_IMAPLIB_COMPAT_HPP
#define IMAPLIB_ENGINE_IMAPLIB_COMPAT_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/util/escape.hpp>
#include <imaplib/util/time.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// imaplib.Debug: the debug level new connections start with.
inline int Debug = 0;

// imaplib.AllowedVersions, most recent first.
inline constexpr std::string_view AllowedVersions[] = {"IMAP4REV1", "IMAP4"};

// What APPEND's date_time may be: imaplib's Time2Internaldate input (None, seconds since
// the epoch, a broken-down local time, a time point, or an already quoted string).
class internaldate_arg {
public:
    internaldate_arg() = default;
    internaldate_arg(std::nullopt_t) {}
    internaldate_arg(const char* quoted) : internaldate_arg(std::string_view(quoted)) {}
    internaldate_arg(std::string_view quoted) : kind_(kind::quoted), quoted_(quoted) {}
    internaldate_arg(double epoch_seconds) : kind_(kind::seconds), seconds_(epoch_seconds) {}
    internaldate_arg(long long epoch_seconds)
        : kind_(kind::seconds), seconds_(static_cast<double>(epoch_seconds)) {}
    internaldate_arg(int epoch_seconds) : internaldate_arg(static_cast<long long>(epoch_seconds)) {}
    internaldate_arg(const std::tm& local) : kind_(kind::local), local_(local) {}
    internaldate_arg(std::chrono::system_clock::time_point t) : kind_(kind::instant), instant_(t) {}

    bool given() const noexcept { return kind_ != kind::none; }

    // The quoted date-time; errc::invalid_argument for a string that is not already
    // quoted (imaplib raises ValueError there).
    std::string text(std::error_code& ec) const {
        switch (kind_) {
        case kind::none: return {};
        case kind::quoted: return time_to_internaldate(quoted_, ec);
        case kind::seconds: return time_to_internaldate(seconds_, ec);
        case kind::local: return time_to_internaldate(local_, ec);
        case kind::instant: return time_to_internaldate(instant_, ec);
        }
        return {};
    }

private:
    enum class kind { none, quoted, seconds, local, instant };
    kind kind_ = kind::none;
    std::string quoted_;
    double seconds_ = 0;
    std::tm local_{};
    std::chrono::system_clock::time_point instant_{};
};

namespace detail {

inline bool is_upper_or_dash(char c) noexcept { return (c >= 'A' && c <= 'Z') || c == '-'; }
inline bool is_letter_or_dash(char c) noexcept {
    return is_upper_or_dash(c) || (c >= 'a' && c <= 'z');
}
inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

inline std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Length of the run at the start of `s` matching `pred`.
template <class Pred>
std::size_t run_length(std::string_view s, Pred pred) noexcept {
    std::size_t n = 0;
    while (n < s.size() && pred(s[n])) ++n;
    return n;
}

// ---- imaplib's response regexes -----------------------------------------------------

// imaplib's Response_code, `\[(?P<type>[A-Z-]+)( (?P<data>.*))?\]`, matched at the start
// of `dat`. The data runs to the LAST ']' (the regex is greedy; imaplib relies on that
// for Gmail's flags with ']' in them).
struct response_code_match {
    std::string_view type;
    std::optional<std::string_view> data;
};

inline std::optional<response_code_match> match_response_code(std::string_view dat) noexcept {
    if (dat.empty() || dat[0] != '[') return std::nullopt;
    const std::size_t n = run_length(dat.substr(1), is_upper_or_dash);
    if (n == 0 || 1 + n >= dat.size()) return std::nullopt;
    const std::string_view type = dat.substr(1, n);
    const std::size_t after = 1 + n;
    if (dat[after] == ' ') {
        const std::size_t close = dat.rfind(']');
        if (close != std::string_view::npos && close > after)
            return response_code_match{type, dat.substr(after + 1, close - after - 1)};
    }
    if (dat[after] == ']') return response_code_match{type, std::nullopt};
    return std::nullopt;
}

// An untagged line as imaplib's regexes split it: `* TYPE [SP data]`
// (Untagged_response) or `* N TYPE [SP data]` (Untagged_status, stored as "N data").
struct untagged_line {
    std::string_view type;
    std::string_view number;  // empty for `* TYPE`
    std::string_view data;    // may be empty
};

inline bool match_untagged(std::string_view resp, untagged_line& out) noexcept {
    if (resp.size() < 3 || resp[0] != '*' || resp[1] != ' ') return false;
    std::string_view rest = resp.substr(2);
    std::size_t n = run_length(rest, is_letter_or_dash);
    if (n > 0) {
        out.type = rest.substr(0, n);
        out.number = {};
        out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
        return true;
    }
    const std::size_t digits = run_length(rest, is_digit);
    if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return false;
    out.number = rest.substr(0, digits);
    rest.remove_prefix(digits + 1);
    n = run_length(rest, is_letter_or_dash);
    if (n == 0) return false;
    out.type = rest.substr(0, n);
    out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
    return true;
}

// imaplib's tag regex: tagpre digits SP type [SP data]. Returns the type's length, 0 when
// `resp` is not shaped like a tagged response of this connection. Tolerates a missing
// data part and a lower-case type, which imaplib rejects as "unexpected response".
inline std::size_t match_tagged(std::string_view resp, std::string_view tagpre, std::string_view& type) noexcept {
    if (resp.substr(0, tagpre.size()) != tagpre) return 0;
    std::string_view rest = resp.substr(tagpre.size());
    const std::size_t digits = run_length(rest, is_digit);
    if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return 0;
    rest.remove_prefix(digits + 1);
    const std::size_t letters = run_length(rest, [](char c) { return is_letter_or_dash(c) && c != '-'; });
    if (letters == 0 || (letters < rest.size() && rest[letters] != ' ')) return 0;
    type = rest.substr(0, letters);
    return letters;
}

// The data part of a tagged line: what follows "tag type ".
inline std::string_view tagged_data(std::string_view resp) noexcept {
    const std::size_t first = resp.find(' ');
    const std::size_t second = resp.find(' ', first + 1);
    return second == std::string_view::npos ? resp.substr(resp.size()) : resp.substr(second + 1);
}

// ---- imaplib's messages ---------------------------------------------------------------

inline std::string repr(std::string_view bytes) {
    std::string out;
    append_bytes_repr(out, bytes);
    return out;
}

// bytes.decode('utf-8', 'replace'), close enough for messages: invalid bytes become U+FFFD.
inline std::string decode_replace(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size();) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool valid = len != 0 && i + len <= bytes.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(bytes[i + k]) >> 6) == 2;
        if (valid) {
            out.append(bytes.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

inline std::string_view last_text(const response& r) noexcept {
    return r.data.empty() ? std::string_view() : r.data.back().bytes();
}
inline std::string last_item_repr(const response& r) {
    return r.data.empty() ? std::string("None") : python_repr(r.data.back());
}

// ---- APPEND ---------------------------------------------------------------------------

// imaplib's MapCRLF.sub(CRLF, message): every CRLF, CR or LF becomes CRLF.
inline std::string map_crlf(std::string_view message) {
    std::string out;
    out.reserve(message.size() + message.size() / 32);
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r') {
            if (i + 1 < message.size() && message[i + 1] == '\n') ++i;
            out += "\r\n";
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

inline bool needs_crlf_mapping(std::string_view message) noexcept {
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\n') return true;  // a bare LF (CRLF pairs are skipped below)
        if (message[i] == '\r') {
            if (i + 1 >= message.size() || message[i + 1] != '\n') return true;
            ++i;
        }
    }
    return false;
}

// The arguments imaplib's append() builds, shared by both clients: the flag list in
// parentheses, the date as a quoted INTERNALDATE, the message with bare LFs as CRLF.
struct append_args {
    std::string flag_list;
    std::string date;
    std::string mapped;        // the message when it needed mapping
    std::string_view message;  // what goes as the literal
};
inline bool make_append_args(const string_or_none& flags, const internaldate_arg& date_time, std::string_view message,
                             append_args& out) {
    if (flags && !flags->empty()) {
        out.flag_list = (flags->front() == '(' && flags->back() == ')') ? std::string(*flags)
                                                                          : "(" + std::string(*flags) + ")";
    }
    if (date_time.given()) {
        std::error_code ec;
        out.date = date_time.text(ec);
        if (ec) return false;  // "date_time not of a known type"
    }
    out.message = message;
    if (needs_crlf_mapping(message)) {
        out.mapped = map_crlf(message);
        out.message = out.mapped;
    }
    return true;
}

// imaplib's sort() and store(): a list argument gets its parentheses when it has none.
inline std::string parenthesized(std::string_view list) {
    if (list.empty() || list.front() != '(' || list.back() != ')') return "(" + std::string(list) + ")";
    return std::string(list);
}

// How store()'s value goes: only the FLAGS family takes a flag list; other items
// (X-GM-LABELS) take strings.
inline arg_kind store_item_kind(std::string_view item) {
    for (std::size_t i = 0; i + 5 <= item.size(); ++i) {
        bool match = true;
        for (std::size_t k = 0; k < 5 && match; ++k) {
            const char c = item[i + k];
            match = (c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c) == "FLAGS"[k];
        }
        if (match) return arg_kind::flags;
    }
    return arg_kind::raw;
}

// ---- debug output ---------------------------------------------------------------------

// imaplib's debug machinery: the level, _mesg() to stderr (or a sink), and _log(), the
// ring of the last 10 interactions that print_log() shows.
class imaplib_log {
public:
    using sink_type = std::function<void(std::string_view)>;

    explicit imaplib_log(int level = 0) : level_(level) {}

    int level() const noexcept { return level_; }
    void level(int l) noexcept { level_ = l; }
    void sink(sink_type s) { sink_ = std::move(s); }

    // imaplib's _mesg(): one timestamped line.
    void mesg(std::string_view text) const {
        using namespace std::chrono;
        const auto now = system_clock::now();
        const std::time_t secs = system_clock::to_time_t(now);
        std::tm local{};
        localtime_r(&secs, &local);
        const auto centis = (duration_cast<milliseconds>(now.time_since_epoch()).count() / 10) % 100;
        char stamp[16];
        std::snprintf(stamp, sizeof stamp, "  %02d:%02d.%02d ", local.tm_min, local.tm_sec, static_cast<int>(centis));
        std::string line = stamp;
        line += escape_control(text);  // server text in it is repr()'d already; this is for the rest
        if (sink_) {
            sink_(line);
        } else {
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stderr);
            std::fflush(stderr);
        }
    }

    // A line read ('<') or written ('>'): shown at level 4, kept in the ring below it.
    void trace(char direction, std::string_view bytes) {
        if (level_ <= 0) return;
        std::string line(1, direction);
        line += ' ';
        append_bytes_repr(line, bytes);
        if (level_ >= 4) {
            mesg(line);
        } else {
            keep(std::move(line));
        }
    }

    // imaplib's print_log().
    void print_log() const {
        mesg("last " + std::to_string(ring_.size()) + " IMAP4 interactions:");
        for (std::size_t i = 0; i < ring_.size(); ++i) mesg(ring_[(next_ + i) % ring_.size()]);
    }

private:
    void keep(std::string line) {
        if (ring_.size() < 10) {
            ring_.push_back(std::move(line));
        } else {
            ring_[next_] = std::move(line);
            next_ = (next_ + 1) % ring_.size();
        }
    }

    int level_ = 0;
    sink_type sink_;
    std::vector<std::string> ring_;
    std::size_t next_ = 0;
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMAPLIB_COMPAT_HPP
