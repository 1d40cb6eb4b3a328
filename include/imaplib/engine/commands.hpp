// imaplib-cpp: imaplib's `Commands` table: which states allow each command.
#ifndef IMAPLIB_ENGINE_COMMANDS_HPP
#define IMAPLIB_ENGINE_COMMANDS_HPP

#include <imaplib/config.hpp>

#include <cstdint>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

// Connection states, named as imaplib names them (RFC 3501 section 3).
enum class state : std::uint8_t { logout = 1, nonauth = 2, auth = 4, selected = 8 };

inline constexpr std::string_view to_string(state s) noexcept {
    switch (s) {
    case state::logout: return "LOGOUT";
    case state::nonauth: return "NONAUTH";
    case state::auth: return "AUTH";
    case state::selected: return "SELECTED";
    }
    return "LOGOUT";
}

// A set of states, as a bit mask.
using state_set = std::uint8_t;

inline constexpr state_set states(std::initializer_list<state> list) noexcept {
    state_set set = 0;
    for (state s : list) set = static_cast<state_set>(set | static_cast<state_set>(s));
    return set;
}

struct command_info {
    std::string_view name;
    state_set allowed;
};

namespace detail {
inline constexpr state_set any_state = 1 | 2 | 4 | 8;
inline constexpr state_set auth_or_selected = 4 | 8;
inline constexpr state_set only_selected = 8;
inline constexpr state_set only_auth = 4;
inline constexpr state_set only_nonauth = 2;
}  // namespace detail

// imaplib.Commands, in the same order.
inline constexpr command_info commands[] = {
    {"APPEND", detail::auth_or_selected},     {"AUTHENTICATE", detail::only_nonauth},
    {"CAPABILITY", detail::any_state},        {"CHECK", detail::only_selected},
    {"CLOSE", detail::only_selected},         {"COPY", detail::only_selected},
    {"CREATE", detail::auth_or_selected},     {"DELETE", detail::auth_or_selected},
    {"DELETEACL", detail::auth_or_selected},  {"ENABLE", detail::only_auth},
    {"EXAMINE", detail::auth_or_selected},    {"EXPUNGE", detail::only_selected},
    {"FETCH", detail::only_selected},         {"GETACL", detail::auth_or_selected},
    {"GETANNOTATION", detail::auth_or_selected}, {"GETQUOTA", detail::auth_or_selected},
    {"GETQUOTAROOT", detail::auth_or_selected}, {"MYRIGHTS", detail::auth_or_selected},
    {"LIST", detail::auth_or_selected},       {"LOGIN", detail::only_nonauth},
    {"LOGOUT", detail::any_state},            {"LSUB", detail::auth_or_selected},
    {"MOVE", detail::only_selected},          {"NAMESPACE", detail::auth_or_selected},
    {"NOOP", detail::any_state},              {"PARTIAL", detail::only_selected},
    {"PROXYAUTH", detail::only_auth},         {"RENAME", detail::auth_or_selected},
    {"SEARCH", detail::only_selected},        {"SELECT", detail::auth_or_selected},
    {"SETACL", detail::auth_or_selected},     {"SETANNOTATION", detail::auth_or_selected},
    {"SETQUOTA", detail::auth_or_selected},   {"SORT", detail::only_selected},
    {"STARTTLS", detail::only_nonauth},       {"STATUS", detail::auth_or_selected},
    {"STORE", detail::only_selected},         {"SUBSCRIBE", detail::auth_or_selected},
    {"THREAD", detail::only_selected},        {"UID", detail::only_selected},
    {"UNSUBSCRIBE", detail::auth_or_selected}, {"UNSELECT", detail::only_selected},
};

// The entry for `name` (upper case), or nullptr.
inline constexpr const command_info* find_command(std::string_view name) noexcept {
    for (const auto& c : commands)
        if (c.name == name) return &c;
    return nullptr;
}

// "NONAUTH, AUTH": the states of a set joined as imaplib joins them.
inline std::string state_names(state_set set) {
    std::string out;
    for (state s : {state::nonauth, state::auth, state::selected, state::logout}) {
        if (set & static_cast<state_set>(s)) {
            if (!out.empty()) out += ", ";
            out += to_string(s);
        }
    }
    return out;
}

inline constexpr int IMAP4_PORT = 143;
inline constexpr int IMAP4_SSL_PORT = 993;

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_COMMANDS_HPP
