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
#include <imaplib/detail/ascii.hpp>
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
    std::string text(std::error_code& ec) const;

private:
    enum class kind { none, quoted, seconds, local, instant };
    kind kind_ = kind::none;
    std::string quoted_;
    double seconds_ = 0;
    std::tm local_{};
    std::chrono::system_clock::time_point instant_{};
};

namespace detail {

// A new connection's tag prefix, as imaplib draws it: Int2AP(random.randint(4096, 65535)).
IMAPLIB_DECL std::string new_tagpre();

inline bool is_upper_or_dash(char c) noexcept { return (c >= 'A' && c <= 'Z') || c == '-'; }
inline bool is_letter_or_dash(char c) noexcept {
    return is_upper_or_dash(c) || (c >= 'a' && c <= 'z');
}
inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

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

IMAPLIB_DECL std::optional<response_code_match> match_response_code(std::string_view dat) noexcept;

// An untagged line as imaplib's regexes split it: `* TYPE [SP data]`
// (Untagged_response) or `* N TYPE [SP data]` (Untagged_status, stored as "N data").
struct untagged_line {
    std::string_view type;
    std::string_view number;  // empty for `* TYPE`
    std::string_view data;    // may be empty
};

IMAPLIB_DECL bool match_untagged(std::string_view resp, untagged_line& out) noexcept;

// imaplib's tag regex: tagpre digits SP type [SP data]. Returns the type's length, 0 when
// `resp` is not shaped like a tagged response of this connection. Tolerates a missing
// data part and a lower-case type, which imaplib rejects as "unexpected response".
IMAPLIB_DECL std::size_t match_tagged(std::string_view resp, std::string_view tagpre, std::string_view& type) noexcept;

// The data part of a tagged line: what follows "tag type ".
IMAPLIB_DECL std::string_view tagged_data(std::string_view resp) noexcept;

// ---- imaplib's messages ---------------------------------------------------------------

IMAPLIB_DECL std::string repr(std::string_view bytes);

// bytes.decode('utf-8', 'replace'), close enough for messages: invalid bytes become U+FFFD.
IMAPLIB_DECL std::string decode_replace(std::string_view bytes);

inline std::string_view last_text(const response& r) noexcept {
    return r.data.empty() ? std::string_view() : r.data.back().bytes();
}
inline std::string last_item_repr(const response& r) {
    return r.data.empty() ? std::string("None") : python_repr(r.data.back());
}

// ---- APPEND ---------------------------------------------------------------------------

// imaplib's MapCRLF.sub(CRLF, message): every CRLF, CR or LF becomes CRLF.
IMAPLIB_DECL std::string map_crlf(std::string_view message);

IMAPLIB_DECL bool needs_crlf_mapping(std::string_view message) noexcept;

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
        for (std::size_t k = 0; k < 5 && match; ++k) match = to_upper(item[i + k]) == "FLAGS"[k];
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
    void mesg(std::string_view text) const;

    // A line read ('<') or written ('>'): shown at level 4, kept in the ring below it.
    void trace(char direction, std::string_view bytes);

    // imaplib's print_log().
    void print_log() const {
        mesg("last " + std::to_string(ring_.size()) + " IMAP4 interactions:");
        for (std::size_t i = 0; i < ring_.size(); ++i) mesg(ring_[(next_ + i) % ring_.size()]);
    }

private:
    void keep(std::string line);

    int level_ = 0;
    sink_type sink_;
    std::vector<std::string> ring_;
    std::size_t next_ = 0;
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/imaplib_compat.ipp>
#endif

#endif  // IMAPLIB_ENGINE_IMAPLIB_COMPAT_HPP
