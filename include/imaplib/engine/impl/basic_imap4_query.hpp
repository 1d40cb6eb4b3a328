// imaplib-cpp: basic_imap4's commands that ask the server things, with typed results:
// ESEARCH / SEARCHRES, LIST-EXTENDED / LIST-STATUS / SPECIAL-USE / CREATE-SPECIAL-USE, ID,
// METADATA, QUOTA, typed STATUS, UNAUTHENTICATE, and the FETCH items SAVEDATE, EMAILID,
// THREADID, PREVIEW. Declarations in engine/basic_imap4.hpp, types in engine/query.hpp,
// docs/extensions.md.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_QUERY_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_QUERY_HPP

#include <imaplib/detail/ascii.hpp>
#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/query.hpp>
#include <imaplib/engine/views.hpp>
#include <imaplib/grammar/parse.hpp>
#include <imaplib/util/mutf7.hpp>

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// A string argument inside a list we build ourselves (LIST patterns, METADATA entry
// names, ID fields): an atom when it is one (`atom_ok`), else a quoted string. False for
// what neither can carry (CR, LF, NUL; 8-bit before UTF8=ACCEPT): the caller refuses.
inline bool append_string_arg(std::string& out, std::string_view s, bool atom_ok, bool utf8) {
    if (s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) return false;
    if (!utf8 && has_8bit(s)) return false;
    bool atom = atom_ok && !s.empty() && !(s.size() == 3 && detail::iequals(s, "NIL"));
    for (const char c : s)
        if (!is_astring_char(static_cast<unsigned char>(c))) atom = false;
    if (atom) {
        out += s;
        return true;
    }
    out += '"';
    for (const char c : s) {
        if (c == '\\' || c == '"') out += '\\';
        out += c;
    }
    out += '"';
    return true;
}

inline std::string status_items_text(status_item items) {
    struct name {
        status_item item;
        std::string_view text;
    };
    static constexpr name names[] = {
        {status_item::messages, "MESSAGES"}, {status_item::recent, "RECENT"},
        {status_item::uidnext, "UIDNEXT"}, {status_item::uidvalidity, "UIDVALIDITY"},
        {status_item::unseen, "UNSEEN"}, {status_item::highestmodseq, "HIGHESTMODSEQ"},
        {status_item::size, "SIZE"}, {status_item::deleted, "DELETED"},
        {status_item::deleted_storage, "DELETED-STORAGE"}, {status_item::mailboxid, "MAILBOXID"}};
    std::string out = "(";
    for (const name& n : names) {
        if (!has(items, n.item)) continue;
        if (out.size() > 1) out += ' ';
        out += n.text;
    }
    out += ')';
    return out;
}


// A number that fits 32 bits, or nullopt.
inline std::optional<std::uint32_t> number32(const grammar::value& v) noexcept {
    const auto n = v.number();
    if (!n || *n > 0xFFFFFFFFu) return std::nullopt;
    return static_cast<std::uint32_t>(*n);
}

// nstring: nullopt for NIL; false when the value is neither a string nor NIL.
inline bool nstring_of(const grammar::value& v, std::optional<std::string>& out) {
    if (v.is_nil()) {
        out.reset();
        return true;
    }
    if (!v.is_string()) return false;
    out = v.str();
    return true;
}

inline bool fill_esearch(const grammar::esearch_view& e, esearch_result& out, std::error_code& ec) {
    out.uid = e.uid;
    for (const auto& g : e.items) {
        const grammar::value& name = g[0];
        const grammar::value& v = g[1];
        // MIN and MAX are nz-number (RFC 4731 section 3.1); the grammar takes an unknown
        // "MIN 0" as an extension item, so 0 is refused here.
        if (name.equals("MIN")) {
            if (!(out.min = number32(v)) || *out.min == 0) return false;
        } else if (name.equals("MAX")) {
            if (!(out.max = number32(v)) || *out.max == 0) return false;
        } else if (name.equals("COUNT")) {
            if (!(out.count = number32(v))) return false;
        } else if (name.equals("MODSEQ")) {
            if (!(out.modseq = v.number())) return false;
        } else if (name.equals("ALL")) {
            out.all = sequence_set::parse(v.raw(), ec);
            if (ec) return false;
        }  // other search-return-data: an extension we did not ask for
    }
    return true;
}

inline bool fill_status(const grammar::status_view& s, mailbox_status& out) {
    if (!s.mailbox.exists()) return false;
    out.mailbox = s.mailbox.str();
    struct slot {
        std::string_view name;
        std::optional<std::uint64_t> mailbox_status::*member;
    };
    static constexpr slot slots[] = {
        {"MESSAGES", &mailbox_status::messages}, {"RECENT", &mailbox_status::recent},
        {"UIDNEXT", &mailbox_status::uidnext}, {"UIDVALIDITY", &mailbox_status::uidvalidity},
        {"UNSEEN", &mailbox_status::unseen}, {"HIGHESTMODSEQ", &mailbox_status::highestmodseq},
        {"SIZE", &mailbox_status::size}, {"DELETED", &mailbox_status::deleted},
        {"DELETED-STORAGE", &mailbox_status::deleted_storage}};
    for (const auto& g : s.items) {
        if (g[0].equals("MAILBOXID")) {  // objectid in parentheses (RFC 8474 section 4)
            const grammar::value id = g[1].items().at(0);
            if (!id.exists()) return false;
            out.mailboxid = std::string(id.data());
            continue;
        }
        for (const slot& sl : slots) {
            if (!g[0].equals(sl.name)) continue;
            if (!(out.*sl.member = g[1].number())) return false;
        }
    }
    return true;
}

// One LIST response. False for a malformed entry (a CHILDINFO that is not a list of
// strings, an OLDNAME that is not a mailbox in parentheses).
inline bool fill_list(const grammar::list_entry_view& l, list_entry& out) {
    if (!l.mailbox.exists()) return false;
    out.name = l.mailbox.str();
    std::error_code ec;
    out.name_utf8 = mutf7_to_utf8(out.name, ec);
    if (ec) out.name_utf8 = out.name;
    if (!l.delimiter.is_nil()) {
        if (!l.delimiter.is_string()) return false;
        out.delimiter = l.delimiter_char();
    }
    for (const grammar::value& a : l.attributes) out.attributes.emplace_back(a.data());
    if (!l.extended.exists()) return true;
    for (const auto& g : grammar::pair_range(l.extended)) {
        if (g[0].equals("CHILDINFO")) {
            if (!g[1].is_list() || g[1].items().empty()) return false;
            for (const grammar::value& c : g[1].items()) {
                if (!c.is_string()) return false;
                out.childinfo.push_back(c.str());
            }
        } else if (g[0].equals("OLDNAME")) {
            const grammar::value old = g[1].items().at(0);
            if (!g[1].is_list() || !old.is_string()) return false;
            out.oldname = old.str();
        }
    }
    return true;
}

inline bool fill_metadata(const grammar::metadata_view& m, std::vector<metadata_entry>& out) {
    if (!m.has_values) return true;  // unsolicited: names only, no values to report
    for (const auto& g : m.entries) {
        metadata_entry e;
        if (!g[0].is_string() && g[0].kind() != grammar::value_kind::atom) return false;
        e.name = g[0].str();
        if (!nstring_of(g[1], e.value)) return false;
        out.push_back(std::move(e));
    }
    return true;
}

inline bool fill_quota(const grammar::quota_view& q, quota_root& out) {
    if (!q.root.exists()) return false;
    out.name = q.root.str();
    for (const auto& g : q.resources) {
        const auto usage = g[1].number(), limit = g[2].number();
        if (!usage || !limit) return false;
        out.resources.push_back({std::string(g[0].data()), *usage, *limit});
    }
    return true;
}

inline bool fill_id(grammar::pair_range fields, id_fields& out) {
    for (const auto& g : fields) {
        if (!g[0].is_string()) return false;
        std::optional<std::string> v;
        if (!nstring_of(g[1], v)) return false;
        out.emplace_back(g[0].str(), std::move(v));
    }
    return true;
}

inline bool fill_message_info(const grammar::fetch_view& f, message_info& out) {
    out.seq = f.seq();
    for (const grammar::fetch_item& item : f) {
        const std::string_view key = item.key();
        if (detail::iequals(key, "UID")) {
            if (!(out.uid = number32(item.val))) return false;
        } else if (detail::iequals(key, "SAVEDATE")) {
            if (!nstring_of(item.val, out.savedate)) return false;
        } else if (detail::iequals(key, "PREVIEW")) {
            if (!nstring_of(item.val, out.preview)) return false;
        } else if (detail::iequals(key, "EMAILID") || detail::iequals(key, "THREADID")) {
            // "(" objectid ")" or NIL (THREADID).
            std::optional<std::string>& slot =
                detail::iequals(key, "EMAILID") ? out.emailid : out.threadid;
            if (item.val.is_nil()) continue;
            const grammar::value id = item.val.items().at(0);
            if (!item.val.is_list() || !id.exists()) return false;
            slot = std::string(id.data());
        }
    }
    return true;
}

}  // namespace detail

// Commands imaplib's table lacks, legal in `allowed` (as xatom() would make them).
template <class Transport>
void basic_imap4<Transport>::extension_command(std::string_view name, state_set allowed) {
    if (!find_command(name) && !session_.find_extension(name)) session_.add_extension(std::string(name), allowed);
}

// The tail every typed query shares. First imaplib's result: the untagged `name` responses
// of a command that did not fail; true when the command said OK, so there is more to read.
template <class Transport>
bool basic_imap4<Transport>::untagged_result(imaplib::response r, std::string_view name, imaplib::response& out,
                                             failure& f) {
    if (f) return false;
    const bool ok = r.typ == "OK";
    out = untagged_response(std::move(r), name);
    return ok;
}

// Then the typed part: each untagged response of `r` to `fill`; errc::parse_error naming
// `name` for a response the grammar or `fill` refuses.
template <class Transport>
template <class Fill>
bool basic_imap4<Transport>::fill_each(const imaplib::response& r, std::string_view name, failure& f, Fill&& fill) {
    std::error_code ec;
    for (const grammar::response_view& view : views_of(r, ec)) {
        if (!fill(view)) {
            fail(f, errc::parse_error, std::string(name) + ": malformed " + detail::repr(view.payload().substr(0, 80)));
            return false;
        }
    }
    if (ec) {
        fail(f, errc::parse_error, std::string(name) + ": malformed response");
        return false;
    }
    return true;
}

// ---- ESEARCH (RFC 4731), SEARCHRES (RFC 5182) ----------------------------------------------

template <class Transport>
esearch_result basic_imap4<Transport>::esearch_command(bool uid, search_return options, arg_list criteria,
                                                       failure& f) {
    esearch_result out;
    if (criteria.size() == 0) {
        fail(f, errc::invalid_argument, "esearch: no search criteria");
        return out;
    }
    if (!require_capability({"ESEARCH", "IMAP4REV2"}, f)) return out;
    if (has(options, search_return::save) && !require_capability({"SEARCHRES", "IMAP4REV2"}, f)) return out;
    std::string ret = "RETURN (";
    for (const auto& [option, word] : {std::pair{search_return::min, "MIN"}, {search_return::max, "MAX"},
                                       {search_return::all, "ALL"}, {search_return::count, "COUNT"},
                                       {search_return::save, "SAVE"}}) {
        if (!has(options, option)) continue;
        if (ret.back() != '(') ret += ' ';
        ret += word;
    }
    ret += ')';
    const std::string_view name = uid ? "UID" : "SEARCH";
    const command_arg uid_args[] = {{"SEARCH", detail::arg_kind::raw, true}, {ret, detail::arg_kind::raw, true}};
    const command_arg args[] = {{ret, detail::arg_kind::raw, true}};
    const deadline_scope scope(*this);
    const std::string tag = uid ? command(name, uid_args, 2, criteria, f) : command(name, args, 1, criteria, f);
    if (f) return out;
    if (!untagged_result(command_complete(name, tag, f), "ESEARCH", out, f)) return out;
    fill_each(out, "ESEARCH", f, [&](const grammar::response_view& view) {
        const grammar::esearch_view e = view.as_esearch();
        // A correlator names the command the data answers (RFC 4731 section 3.3).
        if (e.tag.exists() && e.tag.str() != tag) return true;
        std::error_code ec;
        return detail::fill_esearch(e, out, ec);
    });
    return out;
}

// ---- LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), SPECIAL-USE (RFC 6154) ---------------

template <class Transport>
list_result basic_imap4<Transport>::list_extended(std::string_view reference, arg_list patterns,
                                                  const list_options& options, failure& f) {
    list_result out;
    if (patterns.size() == 0) {
        fail(f, errc::invalid_argument, "list_extended: no mailbox pattern");
        return out;
    }
    // RFC 5258 section 3.1: RECURSIVEMATCH only beside another selection option.
    if (options.select == list_select::recursivematch) {
        fail(f, errc::invalid_argument, "list_extended: RECURSIVEMATCH needs another selection option");
        return out;
    }
    // Any option or several patterns is the extended syntax (RFC 5258 section 3); SPECIAL-USE
    // and LIST-STATUS options ride on it (RFC 6154 section 5.1, RFC 5819 section 2).
    const bool extended = options.select != list_select::none || patterns.size() > 1 ||
                          options.returns != list_return::none || options.status != status_item::none;
    if (extended && !require_capability({"LIST-EXTENDED", "IMAP4REV2"}, f)) return out;
    if ((has(options.select, list_select::special_use) || has(options.returns, list_return::special_use)) &&
        !require_capability({"SPECIAL-USE"}, f))
        return out;
    if (options.status != status_item::none && !require_capability({"LIST-STATUS", "IMAP4REV2"}, f)) return out;

    std::string select;
    for (const auto& [option, word] : {std::pair{list_select::subscribed, "SUBSCRIBED"}, {list_select::remote, "REMOTE"},
                                       {list_select::recursivematch, "RECURSIVEMATCH"},
                                       {list_select::special_use, "SPECIAL-USE"}}) {
        if (!has(options.select, option)) continue;
        select += select.empty() ? "(" : " ";
        select += word;
    }
    if (!select.empty()) select += ')';
    std::string ret;
    for (const auto& [option, word] : {std::pair{list_return::subscribed, "SUBSCRIBED"},
                                       {list_return::children, "CHILDREN"}, {list_return::special_use, "SPECIAL-USE"}}) {
        if (!has(options.returns, option)) continue;
        ret += ret.empty() ? "RETURN (" : " ";
        ret += word;
    }
    if (options.status != status_item::none) {
        ret += ret.empty() ? "RETURN (" : " ";
        ret += "STATUS " + detail::status_items_text(options.status);
    }
    if (!ret.empty()) ret += ')';
    std::string pattern_list;
    if (patterns.size() > 1) {
        for (std::string_view p : patterns) {
            pattern_list += pattern_list.empty() ? "(" : " ";
            if (!detail::append_string_arg(pattern_list, p, true, session_.utf8_accepted())) {
                fail(f, errc::invalid_argument, "list_extended: pattern " + detail::repr(p.substr(0, 60)));
                return out;
            }
        }
        pattern_list += ')';
    }
    const command_arg args[] = {
        {select, detail::arg_kind::raw, !select.empty()},
        {reference, detail::arg_kind::astring, true},
        {patterns.size() > 1 ? std::string_view(pattern_list) : *patterns.begin(),
         patterns.size() > 1 ? detail::arg_kind::raw : detail::arg_kind::astring_or_list, true},
        {ret, detail::arg_kind::raw, !ret.empty()}};
    if (!untagged_result(simple_command("LIST", args, {}, f), "LIST", out, f)) return out;
    const bool listed = fill_each(out, "LIST", f, [&](const grammar::response_view& view) {
        list_entry entry;
        if (!detail::fill_list(view.as_list(), entry)) return false;
        out.entries.push_back(std::move(entry));
        return true;
    });
    if (!listed || options.status == status_item::none) return out;
    // LIST-STATUS: each STATUS follows its LIST (RFC 5819 section 2); matched by name.
    const imaplib::response statuses = untagged_response({"OK", {}}, "STATUS");
    fill_each(statuses, "STATUS", f, [&](const grammar::response_view& view) {
        mailbox_status s;
        if (!detail::fill_status(view.as_status(), s)) return false;
        for (list_entry& entry : out.entries)
            if (entry.name == s.mailbox && !entry.status) {
                entry.status = std::move(s);
                break;
            }
        return true;
    });
    return out;
}

// CREATE-SPECIAL-USE (RFC 6154 section 3): CREATE mailbox (USE (\Sent ...)).
template <class Transport>
response basic_imap4<Transport>::create(std::string_view mailbox, arg_list uses, failure& f) {
    if (uses.size() == 0) return create(mailbox, f);
    if (!require_capability({"CREATE-SPECIAL-USE"}, f)) return {};
    std::string use = "(USE (";
    for (std::string_view u : uses) {
        if (use.back() != '(') use += ' ';
        use += u;
    }
    use += "))";
    // A use is a flag (use-attr = "\All" / ... / "\" atom): a flag list validates each.
    if (!detail::is_flag_list(std::string_view(use).substr(5, use.size() - 6)))
        return fail_r(f, errc::invalid_argument, "create: not a special-use attribute: " + detail::repr(use.substr(0, 60)));
    return simple("CREATE", {{mailbox, detail::arg_kind::astring}, {use, detail::arg_kind::raw}}, f);
}

// ---- STATUS with typed items ---------------------------------------------------------------

template <class Transport>
status_result basic_imap4<Transport>::status(std::string_view mailbox, status_item items, failure& f) {
    status_result out;
    if (items == status_item::none) {
        fail(f, errc::invalid_argument, "status: no status item");
        return out;
    }
    // SIZE: RFC 8438; DELETED: IMAP4rev2 or QUOTA=RES-MESSAGE and DELETED-STORAGE:
    // QUOTA=RES-STORAGE (RFC 9208 section 4.2); HIGHESTMODSEQ: RFC 7162; MAILBOXID: RFC 8474.
    if (has(items, status_item::size) && !require_capability({"STATUS=SIZE", "IMAP4REV2"}, f)) return out;
    if (has(items, status_item::deleted) && !require_capability({"QUOTA=RES-MESSAGE", "IMAP4REV2"}, f)) return out;
    if (has(items, status_item::deleted_storage) && !require_capability({"QUOTA=RES-STORAGE"}, f)) return out;
    if (has(items, status_item::highestmodseq) && !require_capability({"CONDSTORE", "QRESYNC"}, f)) return out;
    if (has(items, status_item::mailboxid) && !require_capability({"OBJECTID"}, f)) return out;
    const std::string names = detail::status_items_text(items);
    if (!untagged_result(simple("STATUS", {{mailbox, detail::arg_kind::astring}, {names, detail::arg_kind::raw}}, f),
                         "STATUS", out, f))
        return out;
    std::error_code ec;
    const std::vector<grammar::response_view> views = views_of(out, ec);
    if (ec || views.empty() || !detail::fill_status(views.back().as_status(), out.status)) {
        fail(f, errc::parse_error, "STATUS: malformed or missing response");
        return out;
    }
    return out;
}

// ---- ID (RFC 2971) -------------------------------------------------------------------------

template <class Transport>
id_result basic_imap4<Transport>::id(const id_fields& fields, failure& f) {
    id_result out;
    // RFC 2971 section 3.3: at most 30 pairs, names of 30 octets, values of 1024.
    if (fields.size() > 30) {
        fail(f, errc::invalid_argument, "id: more than 30 fields");
        return out;
    }
    std::string list;
    for (const auto& [name, value] : fields) {
        list += list.empty() ? "(" : " ";
        if (name.size() > 30 || (value && value->size() > 1024) ||
            !detail::append_string_arg(list, name, false, false)) {
            fail(f, errc::invalid_argument, "id: field " + detail::repr(std::string_view(name).substr(0, 60)));
            return out;
        }
        list += ' ';
        if (!value) {
            list += "NIL";
        } else if (!detail::append_string_arg(list, *value, false, session_.utf8_accepted())) {
            fail(f, errc::invalid_argument, "id: value of " + detail::repr(std::string_view(name).substr(0, 60)));
            return out;
        }
    }
    list = list.empty() ? "NIL" : list + ")";
    if (!require_capability({"ID"}, f)) return out;
    extension_command("ID", detail::any_state & ~static_cast<state_set>(state::logout));
    if (!untagged_result(simple("ID", {{list, detail::arg_kind::raw}}, f), "ID", out, f)) return out;
    fill_each(out, "ID", f, [&](const grammar::response_view& view) {
        out.fields.clear();
        return detail::fill_id(view.as_id(), out.fields);
    });
    return out;
}

// ---- METADATA (RFC 5464) -------------------------------------------------------------------

template <class Transport>
metadata_result basic_imap4<Transport>::getmetadata(std::string_view mailbox, arg_list entries,
                                                    const metadata_options& options, failure& f) {
    metadata_result out;
    if (entries.size() == 0) {
        fail(f, errc::invalid_argument, "getmetadata: no entry");
        return out;
    }
    // METADATA-SERVER serves only the server's entries, mailbox "" (section 1).
    if (!require_capability(mailbox.empty() ? std::initializer_list<std::string_view>{"METADATA", "METADATA-SERVER"}
                                            : std::initializer_list<std::string_view>{"METADATA"},
                            f))
        return out;
    extension_command("GETMETADATA", detail::auth_or_selected);
    std::string opts;
    if (options.maxsize) opts = "(MAXSIZE " + std::to_string(*options.maxsize);
    if (options.depth != metadata_depth::zero) {
        opts += opts.empty() ? "(" : " ";
        opts += options.depth == metadata_depth::one ? "DEPTH 1" : "DEPTH infinity";
    }
    if (!opts.empty()) opts += ')';
    std::string names;
    for (std::string_view e : entries) {
        names += names.empty() ? (entries.size() > 1 ? "(" : "") : " ";
        if (!detail::append_string_arg(names, e, true, false)) {
            fail(f, errc::invalid_argument, "getmetadata: entry " + detail::repr(e.substr(0, 60)));
            return out;
        }
    }
    if (entries.size() > 1) names += ')';
    imaplib::response r = simple("GETMETADATA", {{opts, detail::arg_kind::raw, !opts.empty()},
                                                 {mailbox, detail::arg_kind::astring},
                                                 {names, detail::arg_kind::raw}}, f);
    if (f) return out;
    if (r.typ == "OK" && !r.data.empty()) {
        const grammar::resp_text_view text = grammar::resp_text_view::from_bytes(r.data.back().bytes());
        if (text.code.kind() == grammar::code_kind::metadata && text.code.values().at(0).equals("LONGENTRIES"))
            out.longentries = text.code.values().at(1).number();
    }
    if (!untagged_result(std::move(r), "METADATA", out, f)) return out;
    fill_each(out, "METADATA", f, [&](const grammar::response_view& view) {
        return detail::fill_metadata(view.as_metadata(), out.entries);
    });
    return out;
}

// Values go quoted when they can, else as literals (binary, CR/LF, long); NIL removes.
template <class Transport>
response basic_imap4<Transport>::setmetadata(std::string_view mailbox, const std::vector<metadata_entry>& entries,
                                             failure& f) {
    if (entries.empty()) return fail_r(f, errc::invalid_argument, "setmetadata: no entry");
    if (!require_capability(mailbox.empty() ? std::initializer_list<std::string_view>{"METADATA", "METADATA-SERVER"}
                                            : std::initializer_list<std::string_view>{"METADATA"},
                            f))
        return {};
    extension_command("SETMETADATA", detail::auth_or_selected);
    std::deque<std::string> texts;  // stable: the arguments view them
    std::vector<command_arg> args{{mailbox, detail::arg_kind::astring, true}};
    std::string piece = "(";
    bool attached = false;  // the next piece follows a literal: no SP of the engine's
    const auto flush = [&] {
        texts.push_back(std::move(piece));
        args.push_back({texts.back(), attached ? detail::arg_kind::raw_attached : detail::arg_kind::raw, true});
        piece.clear();
    };
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const metadata_entry& e = entries[i];
        if (i) piece += ' ';
        if (!detail::append_string_arg(piece, e.name, true, false))
            return fail_r(f, errc::invalid_argument, "setmetadata: entry " + detail::repr(std::string_view(e.name).substr(0, 60)));
        piece += ' ';
        if (!e.value) {
            piece += "NIL";
        } else if (e.value->size() > 1024 || !detail::append_string_arg(piece, *e.value, false, session_.utf8_accepted())) {
            piece.pop_back();  // the literal brings its own SP
            flush();
            args.push_back({*e.value, detail::arg_kind::literal, true});
            attached = true;
        }
    }
    piece += ')';
    flush();
    return simple_command("SETMETADATA", args.data(), args.size(), {}, f);
}

// ---- QUOTA (RFC 9208) ----------------------------------------------------------------------

template <class Transport>
quota_result basic_imap4<Transport>::quota_command(std::string_view name, std::string_view arg, failure& f) {
    quota_result out;
    if (!require_capability({"QUOTA"}, f)) return out;
    imaplib::response r = simple(name, {{arg, detail::arg_kind::astring}}, f);
    if (f) return out;
    if (r.typ != "OK") {
        static_cast<imaplib::response&>(out) = std::move(r);
        return out;
    }
    const imaplib::response roots = untagged_response({"OK", {}}, "QUOTAROOT");
    const imaplib::response quotas = untagged_response({"OK", {}}, "QUOTA");
    out.typ = r.typ;
    std::error_code ec;
    for (const grammar::response_view& view : views_of(roots, ec))
        for (const grammar::value& root : view.as_quotaroot().roots) out.roots.push_back(root.str());
    for (const grammar::response_view& view : views_of(quotas, ec)) {
        quota_root q;
        if (!detail::fill_quota(view.as_quota(), q)) {
            fail(f, errc::parse_error, "QUOTA: malformed " + detail::repr(view.payload().substr(0, 80)));
            return out;
        }
        out.quotas.push_back(std::move(q));
    }
    for (const imaplib::response* part : {&roots, &quotas})
        for (const data_item& item : part->data)
            if (!item.is_none()) out.data.push_back(item);
    if (out.data.empty()) out.data.push_back(data_item{});
    if (ec) fail(f, errc::parse_error, "QUOTA: malformed response");
    return out;
}

template <class Transport>
quota_result basic_imap4<Transport>::quota(std::string_view root, failure& f) {
    return quota_command("GETQUOTA", root, f);
}

template <class Transport>
quota_result basic_imap4<Transport>::quotaroot(std::string_view mailbox, failure& f) {
    return quota_command("GETQUOTAROOT", mailbox, f);
}

// ---- UNAUTHENTICATE (RFC 8437) ---------------------------------------------------------------

template <class Transport>
response basic_imap4<Transport>::unauthenticate(failure& f) {
    if (!require_capability({"UNAUTHENTICATE"}, f)) return {};
    extension_command("UNAUTHENTICATE", detail::auth_or_selected);
    imaplib::response r = simple("UNAUTHENTICATE", {}, f);
    if (f || r.typ != "OK") return r;
    // Section 3: back to not authenticated, mailbox closed; capabilities may differ.
    session_.state(state::nonauth);
    is_readonly_ = false;
    get_capabilities(f);
    return r;
}

// ---- FETCH SAVEDATE (RFC 8514), EMAILID / THREADID (RFC 8474), PREVIEW (RFC 8970) -------------

template <class Transport>
fetch_info_result basic_imap4<Transport>::fetch(std::string_view message_set, fetch_item items, failure& f) {
    fetch_info_result out;
    if (has(items, fetch_item::savedate) && !require_capability({"SAVEDATE"}, f)) return out;
    if ((has(items, fetch_item::emailid) || has(items, fetch_item::threadid)) && !require_capability({"OBJECTID"}, f))
        return out;
    if (has(items, fetch_item::preview) && !require_capability({"PREVIEW"}, f)) return out;
    std::string parts = "(UID";
    for (const auto& [item, word] : {std::pair{fetch_item::savedate, "SAVEDATE"}, {fetch_item::emailid, "EMAILID"},
                                     {fetch_item::threadid, "THREADID"}, {fetch_item::preview, "PREVIEW"}})
        if (has(items, item)) parts += std::string(" ") + word;
    parts += ')';
    imaplib::response r = named("FETCH", {{message_set, detail::arg_kind::raw}, {parts, detail::arg_kind::raw}}, "FETCH", f);
    if (f) return out;
    static_cast<imaplib::response&>(out) = std::move(r);
    if (out.typ != "OK") return out;
    std::error_code ec;
    for (const grammar::fetch_view& msg : fetch_views(out, ec)) {
        message_info info;
        if (!detail::fill_message_info(msg, info)) {
            fail(f, errc::parse_error, "FETCH: malformed " + detail::repr(msg.raw().substr(0, 80)));
            return out;
        }
        out.messages.push_back(std::move(info));
    }
    if (ec) fail(f, errc::parse_error, "FETCH: malformed response");
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_QUERY_HPP
