// imaplib-cpp: bringing a local picture of a mailbox up to date (docs/extensions.md,
// "Mailbox sync"). The picture is mailbox_state: UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and
// every known UID with its flags. sync_mailbox() asks the server what changed, by the best
// method it offers (QRESYNC, else CONDSTORE, else comparing UIDs and flags), reports new
// messages, changed flags and vanished UIDs by ascending UID, and updates the state. Every
// method reports the same changes; a UIDVALIDITY change is a full resync (RFC 9051
// section 2.3.1.1).
//
//   imaplib::mailbox_state state;            // or mailbox_state::from_text(saved, ec)
//   auto report = imaplib::sync_mailbox(M, "INBOX", state, {}, ec);
//   for (const imaplib::sync_change& c : report.changes) ...
#ifndef IMAPLIB_ENGINE_MAILBOX_SYNC_HPP
#define IMAPLIB_ENGINE_MAILBOX_SYNC_HPP

#include <imaplib/config.hpp>
#include <imaplib/detail/ascii.hpp>
#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/engine/sync.hpp>
#include <imaplib/engine/views.hpp>
#include <imaplib/error.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// Best first; sync_options::method caps the choice, so tests can force a lesser one.
enum class sync_method { qresync, condstore, uid_diff };

inline std::string_view to_string(sync_method m) noexcept {
    switch (m) {
    case sync_method::qresync: return "qresync";
    case sync_method::condstore: return "condstore";
    case sync_method::uid_diff: return "uid-diff";
    }
    return "uid-diff";
}

inline std::optional<sync_method> sync_method_from_string(std::string_view s) noexcept {
    for (sync_method m : {sync_method::qresync, sync_method::condstore, sync_method::uid_diff})
        if (to_string(m) == s) return m;
    return std::nullopt;
}

// What a client knows of one mailbox. Saved as text (to_text / from_text):
//   imaplib-sync 1
//   uidvalidity <n>
//   uidnext <n>
//   highestmodseq <n>          (0: none known)
//   uid <n> [<flag> ...]       one line per message, ascending UID, flags sorted
struct mailbox_state {
    std::uint32_t uidvalidity = 0;  // 0: nothing known yet
    std::uint32_t uidnext = 0;
    std::uint64_t highestmodseq = 0;
    std::map<std::uint32_t, std::vector<std::string>> messages;  // UID -> flags, sorted

    std::string to_text() const {
        std::string out = "imaplib-sync 1\nuidvalidity " + std::to_string(uidvalidity) + "\nuidnext " +
                          std::to_string(uidnext) + "\nhighestmodseq " + std::to_string(highestmodseq) + '\n';
        for (const auto& [uid, flags] : messages) {
            out += "uid " + std::to_string(uid);
            for (const std::string& flag : flags) out += ' ' + flag;
            out += '\n';
        }
        return out;
    }

    // errc::parse_error for anything but the format above.
    static mailbox_state from_text(std::string_view text, std::error_code& ec) {
        mailbox_state s;
        ec = make_error_code(errc::parse_error);
        const auto number = [](std::string_view w, std::uint64_t max, std::uint64_t& out) {
            if (w.empty() || w.size() > 19) return false;
            std::uint64_t v = 0;
            for (const char c : w) {
                if (c < '0' || c > '9') return false;
                v = v * 10 + static_cast<std::uint64_t>(c - '0');
            }
            out = v;
            return v <= max;
        };
        std::size_t line_no = 0;
        std::uint32_t last_uid = 0;
        while (!text.empty()) {
            const std::size_t nl = text.find('\n');
            if (nl == std::string_view::npos) return {};  // every line ends in LF
            std::string_view line = text.substr(0, nl);
            text.remove_prefix(nl + 1);
            std::vector<std::string_view> words;
            while (!line.empty()) {
                const std::size_t sp = line.find(' ');
                words.push_back(line.substr(0, sp));
                if (words.back().empty()) return {};
                line = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
            }
            std::uint64_t n = 0;
            const std::size_t at = line_no++;
            if (at == 0) {
                if (words.size() != 2 || words[0] != "imaplib-sync" || words[1] != "1") return {};
            } else if (at <= 3) {
                static constexpr std::string_view keys[] = {"uidvalidity", "uidnext", "highestmodseq"};
                const std::uint64_t max = at == 3 ? 0x7FFFFFFFFFFFFFFFu : 0xFFFFFFFFu;
                if (words.size() != 2 || words[0] != keys[at - 1] || !number(words[1], max, n)) return {};
                if (at == 1) s.uidvalidity = static_cast<std::uint32_t>(n);
                else if (at == 2) s.uidnext = static_cast<std::uint32_t>(n);
                else s.highestmodseq = n;
            } else {
                if (words.size() < 2 || words[0] != "uid" || !number(words[1], 0xFFFFFFFFu, n) || n <= last_uid)
                    return {};
                last_uid = static_cast<std::uint32_t>(n);
                std::vector<std::string>& flags = s.messages[last_uid];
                for (std::size_t i = 2; i < words.size(); ++i) flags.emplace_back(words[i]);
                std::sort(flags.begin(), flags.end());
            }
        }
        if (line_no < 4) return {};
        ec.clear();
        return s;
    }
};

struct sync_change {
    enum class kind { new_message, flags, vanished };
    kind what = kind::new_message;
    std::uint32_t uid = 0;
    std::vector<std::string> flags;  // sorted; empty for vanished
};

struct sync_report {
    bool full = false;    // no usable state: every message listed into the state, no changes
    bool reset = false;   // the state's UIDVALIDITY was not the server's (full too)
    std::uint32_t uidvalidity = 0;
    sync_method method = sync_method::uid_diff;
    std::vector<sync_change> changes;  // ascending UID
    std::string message;               // why, when sync_mailbox() failed

    std::size_t count(sync_change::kind k) const {
        return static_cast<std::size_t>(
            std::count_if(changes.begin(), changes.end(), [k](const sync_change& c) { return c.what == k; }));
    }
};

struct sync_options {
    sync_method method = sync_method::qresync;  // the best one to use, if the server has it
};

namespace detail {

// \Recent is per session (RFC 9051 drops it): not a change any method can agree on.
inline std::vector<std::string> sync_flag_set(const std::vector<std::string>& flags) {
    std::vector<std::string> out;
    for (const std::string& f : flags)
        if (!detail::iequals(f, "\\Recent")) out.push_back(f);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

inline errc ec_errc(const std::error_code& ec) noexcept {
    return ec.category() == error_category() ? static_cast<errc>(ec.value()) : errc::transport_error;
}

// The server's UID -> flags of `uids`, for a full listing, for uid-diff and for the
// messages after UIDNEXT.
template <class Client>
bool sync_list(Client& M, std::string_view uids, std::map<std::uint32_t, std::vector<std::string>>& out,
               std::error_code& ec) {
    const response r = M.uid("FETCH", uids, "(UID FLAGS)", ec);
    if (ec) return false;
    if (r.typ != "OK") {
        ec = make_error_code(errc::command_failed);
        return false;
    }
    for (const grammar::fetch_view& fetch : fetch_views(r, ec)) {
        const std::optional<std::uint64_t> uid = fetch.find("UID").val.number();
        const grammar::value flags = fetch.find("FLAGS").val;
        if (!uid || *uid == 0 || *uid > 0xFFFFFFFFu || !flags.is_list()) continue;  // unsolicited
        std::vector<std::string> list;
        for (const grammar::value& flag : flags.items()) list.emplace_back(flag.data());
        out[static_cast<std::uint32_t>(*uid)] = sync_flag_set(list);
    }
    return !ec;
}

// The UIDs the server has now (CONDSTORE reports no expunges without QRESYNC).
template <class Client>
bool sync_search_all(Client& M, sequence_set& out, std::error_code& ec) {
    const response r = M.uid("SEARCH", "ALL", ec);
    if (ec) return false;
    if (r.typ != "OK") {
        ec = make_error_code(errc::command_failed);
        return false;
    }
    for (const data_item& item : r.data) {
        for (std::string_view word : split(item.bytes())) {
            const std::optional<std::uint64_t> n = grammar::detail::to_uint(word);
            if (!n || *n == 0 || *n > 0xFFFFFFFFu) {
                ec = make_error_code(errc::parse_error);
                return false;
            }
            out.add(static_cast<std::uint32_t>(*n));
        }
    }
    out.normalize();
    return true;
}

}  // namespace detail

namespace detail {
template <class Client>
sync_report sync_mailbox_core(Client& M, std::string_view mailbox, mailbox_state& state, const sync_options& options,
                              std::error_code& ec) {
    sync_report report;
    ec.clear();
    // A failure of the client's keeps its message; one found here says what it was.
    const auto client_failed = [&] {
        sync_report failed;
        failed.message = M.error_message();
        return failed;
    };
    const auto failed = [&](errc code, std::string why) {
        ec = make_error_code(code);
        sync_report out;
        out.message = std::move(why);
        return out;
    };
    // The capabilities after login (servers announce CONDSTORE and QRESYNC there).
    const response caps = M.capability(ec);
    if (ec) return client_failed();
    std::vector<std::string> words;
    for (const data_item& item : caps.data)
        for (std::string_view w : split(item.bytes())) words.push_back(detail::to_upper(w));
    const auto has = [&](std::string_view name) { return std::find(words.begin(), words.end(), name) != words.end(); };
    sync_method method = sync_method::uid_diff;
    if (options.method == sync_method::qresync && has("QRESYNC") && has("ENABLE")) method = sync_method::qresync;
    else if (options.method != sync_method::uid_diff && (has("CONDSTORE") || has("QRESYNC"))) method = sync_method::condstore;
    if (method == sync_method::qresync) {
        const response enabled = M.enable("QRESYNC", ec);
        if (ec) return client_failed();
        if (enabled.typ != "OK") method = sync_method::condstore;
    }

    bool full = state.uidvalidity == 0;
    select_params params;
    if (method == sync_method::qresync && !full && state.highestmodseq > 0) {
        qresync_params q;
        q.uidvalidity = state.uidvalidity;
        q.modseq = state.highestmodseq;
        for (const auto& entry : state.messages) q.known_uids.add(entry.first);
        params.qresync = std::move(q);
    } else if (method != sync_method::uid_diff) {
        params.condstore = true;
    }
    select_result selected = M.examine(mailbox, params, ec);
    if (ec) return client_failed();
    if (selected.typ != "OK") return failed(errc::command_failed, "EXAMINE failed: " + python_repr(selected.data));
    if (!selected.uidvalidity) return failed(errc::protocol_violation, "EXAMINE: no UIDVALIDITY from the server");
    if (!full && *selected.uidvalidity != state.uidvalidity) report.reset = full = true;
    // A mailbox without mod-sequences (or a state without one) is compared UID by UID.
    if (method != sync_method::uid_diff && (selected.nomodseq || !selected.highestmodseq)) method = sync_method::uid_diff;
    if (method != sync_method::uid_diff && !full && state.highestmodseq == 0) method = sync_method::uid_diff;

    mailbox_state next;
    next.uidvalidity = *selected.uidvalidity;
    next.uidnext = selected.uidnext.value_or(0);
    next.highestmodseq = method == sync_method::uid_diff ? 0 : selected.highestmodseq.value_or(0);
    report.method = method;
    report.uidvalidity = next.uidvalidity;
    const bool empty = selected.exists && *selected.exists == 0;

    if (full || method == sync_method::uid_diff) {
        if (!empty && !sync_list(M, "1:*", next.messages, ec)) return failed(ec_errc(ec), "UID FETCH 1:* (UID FLAGS) failed");
        if (full) {
            report.full = true;
            state = std::move(next);
            return report;
        }
        for (const auto& [uid, flags] : next.messages) {
            const auto known = state.messages.find(uid);
            if (known == state.messages.end())
                report.changes.push_back({sync_change::kind::new_message, uid, flags});
            else if (known->second != flags)
                report.changes.push_back({sync_change::kind::flags, uid, flags});
        }
        for (const auto& entry : state.messages)
            if (!next.messages.count(entry.first))
                report.changes.push_back({sync_change::kind::vanished, entry.first, {}});
    } else {
        std::vector<message_change> changed;
        sequence_set vanished;
        if (method == sync_method::qresync) {
            changed = std::move(selected.fetches);
            vanished = std::move(selected.vanished);
            // FETCHes may cover the known UIDs only (Dovecot's do): new ones are from UIDNEXT on.
            std::uint32_t from = state.uidnext == 0 ? 1 : state.uidnext;
            if (!state.messages.empty() && state.messages.rbegin()->first >= from) from = state.messages.rbegin()->first + 1;
            if (!empty && selected.uidnext && *selected.uidnext > from && from > 0) {
                std::map<std::uint32_t, std::vector<std::string>> added;
                const std::string range = std::to_string(from) + ":*";
                if (!sync_list(M, range, added, ec)) return failed(ec_errc(ec), "UID FETCH " + range + " failed");
                for (auto& [uid, flags] : added) {
                    if (uid < from) continue;  // n:* includes the last message even below n
                    message_change c;
                    c.uid = uid;
                    c.flags = std::move(flags);
                    changed.push_back(std::move(c));
                }
            }
        } else {
            if (!empty && *selected.highestmodseq != state.highestmodseq) {
                changes_result r = M.uid_fetch_changedsince("1:*", state.highestmodseq, false, ec);
                if (ec) return client_failed();
                if (r.typ != "OK") return failed(errc::command_failed, "UID FETCH CHANGEDSINCE failed");
                changed = std::move(r.messages);
            }
            sequence_set present;
            if (!empty && !sync_search_all(M, present, ec)) return failed(ec_errc(ec), "UID SEARCH ALL failed");
            for (const auto& entry : state.messages)
                if (!present.contains(entry.first)) vanished.add(entry.first);
        }
        next.messages = state.messages;
        std::map<std::uint32_t, sync_change> by_uid;
        for (const message_change& c : changed) {
            if (c.uid == 0 || !c.flags) continue;
            std::vector<std::string> flags = sync_flag_set(*c.flags);
            const auto known = state.messages.find(c.uid);
            if (known == state.messages.end())
                by_uid[c.uid] = {sync_change::kind::new_message, c.uid, flags};
            else if (known->second != flags)
                by_uid[c.uid] = {sync_change::kind::flags, c.uid, flags};
            next.messages[c.uid] = std::move(flags);
        }
        // Only UIDs this state knew: VANISHED (EARLIER) may name UIDs it never saw.
        for (const seq_range& r : vanished.ranges()) {
            for (auto it = state.messages.lower_bound(r.first); it != state.messages.end() && it->first <= r.last; ++it) {
                by_uid[it->first] = {sync_change::kind::vanished, it->first, {}};
                next.messages.erase(it->first);
            }
        }
        for (auto& entry : by_uid) report.changes.push_back(std::move(entry.second));
    }
    std::sort(report.changes.begin(), report.changes.end(),
              [](const sync_change& a, const sync_change& b) { return a.uid < b.uid; });
    state = std::move(next);
    return report;
}

}  // namespace detail

// Brings `state` up to date with `mailbox` (examined, so nothing on the server changes)
// and reports what changed. On failure ec is set and `state` is unchanged. Needs the
// authenticated state; leaves the mailbox selected. QRESYNC is enabled on the connection
// when used (ENABLE cannot be undone).
template <class Client>
sync_report sync_mailbox(Client& M, std::string_view mailbox, mailbox_state& state, const sync_options& options,
                         std::error_code& ec) {
    return detail::sync_mailbox_core(M, mailbox, state, options, ec);
}

#ifndef IMAPLIB_NO_EXCEPTIONS
template <class Client>
sync_report sync_mailbox(Client& M, std::string_view mailbox, mailbox_state& state, const sync_options& options = {}) {
    std::error_code ec;
    sync_report report = sync_mailbox(M, mailbox, state, options, ec);
    if (ec) throw_error(ec, report.message.empty() ? ec.message() : report.message);
    return report;
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_MAILBOX_SYNC_HPP
