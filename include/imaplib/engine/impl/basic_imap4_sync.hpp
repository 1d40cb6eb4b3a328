// imaplib-cpp: basic_imap4's CONDSTORE and QRESYNC commands (RFC 7162) with typed results
// (engine/sync.hpp). Included by engine/basic_imap4.hpp; the declarations are there.
//
// The typed members are read from the grammar's views of the responses imaplib stored, so
// a server's malformed HIGHESTMODSEQ, VANISHED or MODIFIED is errc::parse_error (the
// connection stays usable), never a number or set made up from part of it. With
// IMAPLIB_SEPARATE_COMPILATION these bodies are compiled where IMAPLIB_SOURCE is defined,
// like the typed views (docs/building.md).
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SYNC_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SYNC_HPP

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/engine/sync.hpp>

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/views.hpp>
#include <imaplib/grammar/parse.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// The number a response code or `* N EXISTS` carried (imaplib keeps its text), at most `max`.
inline bool sync_number(const data_list* items, std::uint64_t max, std::optional<std::uint64_t>& out) {
    if (!items || items->empty() || items->back().is_none()) return true;
    const std::optional<std::uint64_t> n = grammar::detail::to_uint(items->back().bytes());
    if (!n || *n > max) return false;
    out = n;
    return true;
}

// "(\Seen \Answered)" as FLAGS and PERMANENTFLAGS leave it.
inline bool sync_flags(const data_list* items, std::vector<std::string>& out) {
    if (!items || items->empty() || items->back().is_none()) return true;
    const grammar::value list = grammar::value_range(items->back().bytes()).at(0);
    if (!list.is_list()) return false;
    for (const grammar::value& flag : list.items()) out.emplace_back(flag.data());
    return true;
}

// The FETCH responses among `items` (one response may be several items: they share a frame).
inline bool sync_changes(const data_list& items, std::vector<message_change>& out) {
    const char* previous = nullptr;
    for (const data_item& item : items) {
        if (item.frame().empty() || item.frame().data() == previous) continue;
        previous = item.frame().data();
        grammar::response_view view;
        std::error_code ec;
        if (!view_of(item, view, ec) || view.data() != grammar::data_kind::fetch) return false;
        const grammar::fetch_view fetch = view.as_fetch();
        message_change change;
        change.seq = fetch.seq();
        if (const grammar::value uid = fetch.find("UID").val; uid.exists()) {
            const std::optional<std::uint64_t> n = uid.number();
            if (!n || *n == 0 || *n > 0xFFFFFFFFu) return false;
            change.uid = static_cast<std::uint32_t>(*n);
        }
        if (fetch.find("MODSEQ").val.exists()) {
            change.modseq = fetch.modseq();
            if (!change.modseq) return false;
        }
        if (const grammar::value flags = fetch.find("FLAGS").val; flags.exists()) {
            if (!flags.is_list()) return false;
            change.flags.emplace();
            for (const grammar::value& flag : flags.items()) change.flags->emplace_back(flag.data());
        }
        out.push_back(std::move(change));
    }
    return true;
}

// The UIDs of VANISHED responses, merged (RFC 7162 section 3.2.10: known-uids has no `*`).
inline bool sync_vanished(const data_list& items, sequence_set& out) {
    for (const data_item& item : items) {
        grammar::response_view view;
        std::error_code ec;
        if (!view_of(item, view, ec) || view.data() != grammar::data_kind::vanished) return false;
        const sequence_set uids = sequence_set::parse(view.as_vanished().uids, ec, false);
        if (ec || out.ranges().size() + uids.ranges().size() > sequence_set::max_ranges) return false;
        for (const seq_range& r : uids.ranges()) out.add(r.first, r.last);
    }
    out.normalize();
    return true;
}

}  // namespace detail

// QRESYNC implies CONDSTORE (RFC 7162 section 3.2.3).
template <class Transport>
bool basic_imap4<Transport>::sync_capability(std::string_view name, failure& f) {
    if (name == "CONDSTORE") return require_capability({"CONDSTORE", "QRESYNC"}, f);
    return require_capability({name}, f);
}

template <class Transport>
select_result basic_imap4<Transport>::select(std::string_view mailbox, const select_params& params, bool readonly,
                                             failure& f) {
    std::string parameters;
    if (params.qresync) {
        // RFC 7162 section 3.2.5: QRESYNC (uidvalidity modseq [known-uids] [seq-match-data])
        const qresync_params& q = *params.qresync;
        if (q.uidvalidity == 0 || q.modseq == 0 || q.modseq > 0x7FFFFFFFFFFFFFFFu)
            return fail(f, errc::invalid_argument, "QRESYNC needs a UIDVALIDITY and a mod-sequence of 1 or more"), select_result{};
        if (q.known_sequence_set.empty() != q.known_uid_set.empty())
            return fail(f, errc::invalid_argument, "QRESYNC sequence match data needs both sets"), select_result{};
        if (!sync_capability("QRESYNC", f)) return {};
        parameters = "(QRESYNC (" + std::to_string(q.uidvalidity) + ' ' + std::to_string(q.modseq);
        if (!q.known_uids.empty()) parameters += ' ' + q.known_uids.to_string();
        if (!q.known_sequence_set.empty())
            parameters += " (" + q.known_sequence_set.to_string() + ' ' + q.known_uid_set.to_string() + ')';
        parameters += "))";
    } else if (params.condstore) {
        if (!sync_capability("CONDSTORE", f)) return {};
        parameters = "(CONDSTORE)";
    }
    imaplib::response r = select_with(mailbox, parameters, readonly, mailbox, f);
    if (f) return {};
    select_result out;
    out.typ = std::move(r.typ);
    out.data = std::move(r.data);
    if (out.typ != "OK") return out;
    std::optional<std::uint64_t> exists, recent, uidvalidity, uidnext;
    bool ok = detail::sync_number(session_.find_untagged("EXISTS"), 0xFFFFFFFFu, exists) &&
              detail::sync_number(session_.find_untagged("RECENT"), 0xFFFFFFFFu, recent) &&
              detail::sync_number(session_.find_untagged("UIDVALIDITY"), 0xFFFFFFFFu, uidvalidity) &&
              detail::sync_number(session_.find_untagged("UIDNEXT"), 0xFFFFFFFFu, uidnext) &&
              detail::sync_number(session_.find_untagged("HIGHESTMODSEQ"), 0x7FFFFFFFFFFFFFFFu, out.highestmodseq) &&
              detail::sync_flags(session_.find_untagged("FLAGS"), out.flags) &&
              detail::sync_flags(session_.find_untagged("PERMANENTFLAGS"), out.permanentflags);
    const auto narrow = [](const std::optional<std::uint64_t>& n) -> std::optional<std::uint32_t> {
        if (!n) return std::nullopt;
        return static_cast<std::uint32_t>(*n);
    };
    out.exists = narrow(exists);
    out.recent = narrow(recent);
    out.uidvalidity = narrow(uidvalidity);
    out.uidnext = narrow(uidnext);
    out.nomodseq = session_.find_untagged("NOMODSEQ") != nullptr;
    out.read_only = session_.find_untagged("READ-ONLY") != nullptr;
    // The changes QRESYNC reported are this result's: taken, not left for response().
    if (std::optional<data_list> vanished = session_.pop_untagged("VANISHED"))
        ok = ok && detail::sync_vanished(*vanished, out.vanished);
    if (std::optional<data_list> fetches = session_.pop_untagged("FETCH"))
        ok = ok && detail::sync_changes(*fetches, out.fetches);
    if (!ok) return fail(f, errc::parse_error, "SELECT: malformed response from the server"), select_result{};
    return out;
}

template <class Transport>
changes_result basic_imap4<Transport>::uid_fetch_changedsince(std::string_view uid_set, std::uint64_t modseq,
                                                              bool vanished, failure& f) {
    std::error_code ec;
    (void)sequence_set::parse(uid_set, ec);
    if (ec) return fail(f, errc::invalid_argument, "not a UID set: " + detail::repr(uid_set.substr(0, 60))), changes_result{};
    if (modseq > 0x7FFFFFFFFFFFFFFFu) return fail(f, errc::invalid_argument, "mod-sequence out of range"), changes_result{};
    // RFC 7162 section 3.2.6: VANISHED needs QRESYNC (enabled); CHANGEDSINCE alone, CONDSTORE.
    if (!sync_capability(vanished ? "QRESYNC" : "CONDSTORE", f)) return {};
    const std::string modifiers = "(CHANGEDSINCE " + std::to_string(modseq) + (vanished ? " VANISHED)" : ")");
    const std::string_view args[] = {uid_set, "(UID FLAGS MODSEQ)", modifiers};
    imaplib::response r = uid("FETCH", arg_list(args, 3), f);
    if (f) return {};
    changes_result out;
    out.typ = std::move(r.typ);
    out.data = std::move(r.data);
    bool ok = out.typ != "OK" || detail::sync_changes(out.data, out.messages);
    if (std::optional<data_list> gone = session_.pop_untagged("VANISHED"))
        ok = ok && (out.typ != "OK" || detail::sync_vanished(*gone, out.vanished));
    if (!ok) return fail(f, errc::parse_error, "UID FETCH: malformed response from the server"), changes_result{};
    return out;
}

template <class Transport>
store_result basic_imap4<Transport>::uid_store_unchangedsince(std::string_view uid_set, std::uint64_t modseq,
                                                              std::string_view command, std::string_view flags,
                                                              failure& f) {
    std::error_code ec;
    (void)sequence_set::parse(uid_set, ec);
    if (ec) return fail(f, errc::invalid_argument, "not a UID set: " + detail::repr(uid_set.substr(0, 60))), store_result{};
    if (modseq > 0x7FFFFFFFFFFFFFFFu) return fail(f, errc::invalid_argument, "mod-sequence out of range"), store_result{};
    if (!sync_capability("CONDSTORE", f)) return {};
    std::string list(flags);
    if (list.empty() || list.front() != '(' || list.back() != ')') list = "(" + list + ")";
    const std::string modifier = "(UNCHANGEDSINCE " + std::to_string(modseq) + ")";
    const command_arg args[] = {{"STORE", detail::arg_kind::raw, true},
                                {uid_set, detail::arg_kind::raw, true},
                                {modifier, detail::arg_kind::raw, true},
                                {command, detail::arg_kind::raw, true},
                                {list, detail::arg_kind::flags, true}};
    session_.pop_untagged("MODIFIED");  // a stale one is not this command's
    imaplib::response r = simple_command("UID", args, {}, f);
    if (f) return {};
    // RFC 7162 section 3.1.3: "OK [MODIFIED 7,9]" names the UIDs not stored.
    const grammar::resp_text_view text =
        grammar::resp_text_view::from_bytes(r.data.empty() ? std::string_view() : r.data.back().bytes());
    session_.pop_untagged("MODIFIED");
    store_result out;
    const bool ok_typ = r.typ == "OK";
    // Before r goes: `text` views its bytes.
    bool ok = true;
    if (ok_typ && text.code.kind() == grammar::code_kind::modified) {
        out.modified = sequence_set::parse(text.code.args(), ec, false);
        ok = !ec;
    }
    imaplib::response fetched = untagged_response(std::move(r), "FETCH");
    out.typ = std::move(fetched.typ);
    out.data = std::move(fetched.data);
    ok = (!ok_typ || detail::sync_changes(out.data, out.messages)) && ok;
    if (!ok) return fail(f, errc::parse_error, "UID STORE: malformed response from the server"), store_result{};
    return out;
}

template <class Transport>
sequence_set basic_imap4<Transport>::vanished(failure& f) {
    sequence_set out;
    std::optional<data_list> gone = session_.pop_untagged("VANISHED");
    if (gone && !detail::sync_vanished(*gone, out))
        return fail(f, errc::parse_error, "VANISHED: malformed response from the server"), sequence_set{};
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // !IMAPLIB_SEPARATE_COMPILATION || IMAPLIB_SOURCE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_SYNC_HPP
