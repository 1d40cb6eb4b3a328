// imaplib-cpp: basic_imap4's commands that write to mailboxes with typed results: MOVE
// (RFC 6851) with its fallback, UIDPLUS (RFC 4315), MULTIAPPEND (RFC 3502), APPENDLIMIT
// (RFC 7889), non-synchronising literals (RFC 7888). Declarations in engine/basic_imap4.hpp,
// result types in engine/move.hpp, behaviour in docs/extensions.md.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_MOVE_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_MOVE_HPP

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/move.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// Sets the session's literal mode for one command, and turns it off again: imaplib's own
// methods keep synchronising literals.
class nonsync_scope {
public:
    nonsync_scope(session& s, nonsync_literals mode) noexcept : s_(s) { s_.literal_mode(mode); }
    ~nonsync_scope() { s_.literal_mode(nonsync_literals::off); }
    nonsync_scope(const nonsync_scope&) = delete;
    nonsync_scope& operator=(const nonsync_scope&) = delete;

private:
    session& s_;
};

}  // namespace detail

// LITERAL+ allows any size, LITERAL- up to 4096 bytes (RFC 7888 sections 4 and 5).
template <class Transport>
nonsync_literals basic_imap4<Transport>::nonsync_mode() const {
    if (has_capability("LITERAL+")) return nonsync_literals::plus;
    if (has_capability("LITERAL-")) return nonsync_literals::minus;
    return nonsync_literals::off;
}

// The COPYUID codes that arrived after the first `known` ones, as one: a server may split
// a large MOVE into several untagged OKs (RFC 6851 section 4.3), each naming its part.
template <class Transport>
std::optional<copyuid_data> basic_imap4<Transport>::new_copyuid(std::size_t known, failure& f) {
    const data_list* codes = session_.find_untagged("COPYUID");
    if (!codes || codes->size() <= known) return std::nullopt;
    std::optional<copyuid_data> all;
    for (std::size_t i = known; i < codes->size(); ++i) {
        std::error_code ec;
        std::optional<copyuid_data> part = detail::parse_copyuid((*codes)[i].bytes(), ec);
        if (!part || (all && all->uidvalidity != part->uidvalidity)) {
            fail(f, errc::parse_error, "malformed COPYUID: " + detail::repr((*codes)[i].bytes().substr(0, 200)));
            return std::nullopt;
        }
        if (!all) {
            all = std::move(part);
            continue;
        }
        for (const seq_range& r : part->source.ranges()) all->source.add(r.first, r.last);
        for (const seq_range& r : part->dest.ranges()) all->dest.add(r.first, r.last);
    }
    return all;
}

// The typed methods return the codes they read, so they do not pile up in imaplib's
// untagged responses over a long session; codes the caller had not taken yet stay.
template <class Transport>
void basic_imap4<Transport>::forget_codes(std::string_view name, std::size_t known) {
    if (known == 0) session_.pop_untagged(name);
}

template <class Transport>
std::size_t basic_imap4<Transport>::copyuid_count() {
    const data_list* codes = session_.find_untagged("COPYUID");
    return codes ? codes->size() : 0;
}

// MOVE / UID MOVE, or where the server lacks MOVE: COPY, then UID STORE +FLAGS.SILENT
// (\Deleted) and UID EXPUNGE of exactly the source UIDs COPYUID names (UIDPLUS), so no
// other message marked \Deleted is expunged.
template <class Transport>
move_result basic_imap4<Transport>::move(std::string_view message_set, std::string_view mailbox, bool by_uid,
                                         failure& f) {
    const command_arg set_and_box[] = {{message_set, detail::arg_kind::raw}, {mailbox, detail::arg_kind::astring}};
    const auto run = [&](std::string_view name) -> imaplib::response {
        if (!by_uid) return simple_command(name, set_and_box, {}, f);
        const command_arg args[] = {{name, detail::arg_kind::raw}, set_and_box[0], set_and_box[1]};
        return simple_command("UID", args, {}, f);
    };
    move_result out;
    if (!refresh_capabilities(f)) return out;
    const bool has_move = has_capability("MOVE");
    if (!has_move && !has_capability("UIDPLUS")) {
        fail(f, errc::capability_missing, "Server supports neither MOVE nor UIDPLUS");
        return out;
    }
    const std::size_t known = copyuid_count();
    imaplib::response r = run(has_move ? "MOVE" : "COPY");
    if (f) return out;
    if (r.typ == "OK") out.copyuid = new_copyuid(known, f);
    forget_codes("COPYUID", known);
    if (has_move || r.typ != "OK" || f) {
        static_cast<imaplib::response&>(out) = std::move(r);
        return out;
    }

    // The fallback: COPY is done. Without COPYUID the UIDs to expunge are unknown.
    out.fallback = true;
    if (!out.copyuid) {
        fail(f, errc::command_failed,
             "MOVE fallback: COPY gave no COPYUID; the messages were copied and the originals kept");
        return out;
    }
    const std::string source = out.copyuid->source.to_string();
    const command_arg store_args[] = {{"STORE", detail::arg_kind::raw},
                                      {source, detail::arg_kind::raw},
                                      {"+FLAGS.SILENT", detail::arg_kind::raw},
                                      {"(\\Deleted)", detail::arg_kind::flags}};
    r = simple_command("UID", store_args, {}, f);
    if (f) return out;
    if (r.typ != "OK") {
        fail(f, errc::command_failed,
             "MOVE fallback: the messages were copied, but STORE \\Deleted failed: " + detail::last_item_repr(r));
        return out;
    }
    const command_arg expunge_args[] = {{"EXPUNGE", detail::arg_kind::raw}, {source, detail::arg_kind::raw}};
    r = simple_command("UID", expunge_args, {}, f);
    if (f) return out;
    if (r.typ != "OK") {
        fail(f, errc::command_failed,
             "MOVE fallback: the messages were copied and marked \\Deleted, but UID EXPUNGE failed: " +
                 detail::last_item_repr(r));
        return out;
    }
    static_cast<imaplib::response&>(out) = std::move(r);
    return out;
}

// APPEND of one or more messages in one command (RFC 3502), each checked against the
// server's APPENDLIMIT first and sent as a non-synchronising literal where allowed.
template <class Transport>
append_result basic_imap4<Transport>::multiappend(std::string_view mailbox, const std::vector<append_message>& messages,
                                                  failure& f) {
    append_result out;
    if (!refresh_capabilities(f)) return out;
    if (messages.empty()) {
        fail(f, errc::invalid_argument, "multiappend: no message");
        return out;
    }
    if (messages.size() > 1 && !has_capability("MULTIAPPEND")) {
        fail(f, errc::capability_missing, "Server does not support MULTIAPPEND");
        return out;
    }
    const std::size_t n = messages.size();
    std::vector<std::string> owned(2 * n);  // per message: flag list, date-time
    std::vector<std::string> mapped(n);     // bare LF mapped to CRLF, as append()
    std::vector<command_arg> args;
    args.reserve(1 + 3 * n);
    args.push_back({mailbox, detail::arg_kind::astring});
    for (std::size_t i = 0; i < n; ++i) {
        const append_message& m = messages[i];
        std::string& flag_list = owned[2 * i];
        if (m.flags && !m.flags->empty())
            flag_list = (m.flags->front() == '(' && m.flags->back() == ')') ? std::string(*m.flags)
                                                                             : "(" + std::string(*m.flags) + ")";
        std::string& date = owned[2 * i + 1];
        if (m.date_time.given()) {
            std::error_code ec;
            date = m.date_time.text(ec);
            if (ec) {
                fail(f, errc::invalid_argument, "date_time not of a known type");
                return out;
            }
        }
        std::string_view message = m.message;
        if (detail::needs_crlf_mapping(message)) message = mapped[i] = detail::map_crlf(message);
        args.push_back({flag_list, detail::arg_kind::flags, !flag_list.empty()});
        args.push_back({date, detail::arg_kind::date_time, !date.empty()});
        args.push_back({message, session_.utf8_accepted() ? detail::arg_kind::utf8_literal : detail::arg_kind::literal});
    }
    if (!check_appendlimit(mailbox, args, f)) return out;

    const data_list* codes = session_.find_untagged("APPENDUID");
    const std::size_t known = codes ? codes->size() : 0;
    imaplib::response r;
    {
        const detail::nonsync_scope literals(session_, nonsync_mode());
        r = simple_command("APPEND", args.data(), args.size(), {}, f);
    }
    if (f) return out;
    forget_codes("APPENDUID", known);
    static_cast<imaplib::response&>(out) = std::move(r);
    if (out.typ != "OK") return out;
    std::error_code ec;
    out.appenduid = imaplib::appenduid(static_cast<const imaplib::response&>(out), ec);
    if (ec || (out.appenduid && out.appenduid->uids.size() != n)) {
        out.appenduid.reset();
        fail(f, errc::parse_error,
             "APPEND: malformed APPENDUID for " + std::to_string(n) + " message(s): " + detail::last_item_repr(out));
    }
    return out;
}

// RFC 7889: APPENDLIMIT=N is every mailbox's limit; a bare APPENDLIMIT means ask the
// mailbox (STATUS ... (APPENDLIMIT), NIL for none). Too large: refused, nothing sent.
template <class Transport>
bool basic_imap4<Transport>::check_appendlimit(std::string_view mailbox, const std::vector<command_arg>& args,
                                               failure& f) {
    std::optional<std::uint64_t> limit = imaplib::appendlimit(capabilities_);
    if (!limit && has_capability("APPENDLIMIT")) {
        imaplib::response r = status(mailbox, "(APPENDLIMIT)", f);
        if (f) return false;
        // "* STATUS mailbox (APPENDLIMIT n)": the item list is the last parenthesised part.
        for (const data_item& item : r.data) {
            if (item.is_none() || item.is_literal()) continue;
            std::string_view items = item.bytes();
            const std::size_t open = items.rfind('(');
            if (open == std::string_view::npos || items.back() != ')') continue;
            items = items.substr(open + 1, items.size() - open - 2);
            std::string_view w[2];
            std::uint64_t n = 0;
            if (detail::split_words(items, w) && detail::starts_with_nocase(w[0], "APPENDLIMIT") &&
                w[0].size() == 11 && detail::parse_number(w[1], ~std::uint64_t{0}, n))
                limit = n;
        }
    }
    if (!limit) return true;
    std::size_t index = 0;
    for (const command_arg& a : args) {
        if (a.kind != detail::arg_kind::literal && a.kind != detail::arg_kind::utf8_literal) continue;
        ++index;
        if (a.text.size() > *limit) {
            fail(f, errc::invalid_argument,
                 "message " + std::to_string(index) + " is " + std::to_string(a.text.size()) +
                     " bytes, over the server's APPENDLIMIT of " + std::to_string(*limit));
            return false;
        }
    }
    return true;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_MOVE_HPP
