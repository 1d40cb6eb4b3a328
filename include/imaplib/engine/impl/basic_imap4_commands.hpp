// imaplib-cpp: basic_imap4's IMAP commands, each as imaplib.py runs it: the arguments it
// sends, the untagged responses it returns, the state it moves to, its messages.
// Included by engine/basic_imap4.hpp (Beast's impl/ split); the declarations are there.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_COMMANDS_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_COMMANDS_HPP

#include <imaplib/engine/basic_imap4.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

// A member template, instantiated where it is called (with the caller's TLS context):
// every TU sees its body.

// STARTTLS (RFC 3501 6.2.1) on a transport that can upgrade in place. The checks come in
// imaplib's order, with its messages. Every failure after the first check is an abort
// that closes the connection (imaplib raises error for NO and BAD, and keeps the
// connection): a program that catches it and goes on must not send credentials in
// clear text over a connection whose upgrade was refused or stripped.
template <class Transport>
template <class Context>
response basic_imap4<Transport>::starttls(const Context& ssl_context, failure& f) {
#if !defined(IMAPLIB_USE_WOLFSSL)
    if constexpr (!has_start_tls_v<Transport>)  // imaplib: HAVE_SSL is false
        return fail_r(f, errc::not_supported, "SSL support missing");
#endif
    if (tls_established_) return fail_r(f, errc::starttls_refused, "TLS session already established");
    if (!has_capability("STARTTLS")) return fail_r(f, errc::starttls_refused, "TLS not supported by server");
    if constexpr (!has_start_tls_v<Transport>) {
        (void)ssl_context;
        return fail_r(f, errc::not_supported, "this transport cannot upgrade to TLS in place");
    } else {
        imaplib::response r = simple("STARTTLS", {}, f);
        if (f.code == errc::command_failed) {  // BAD
            std::string text = std::move(f.message);
            return fail_r(f, errc::starttls_refused, std::move(text));
        }
        if (f) return {};
        if (r.typ != "OK") return fail_r(f, errc::starttls_refused, "Couldn't establish TLS session");
        if (!session_.upgrade_ready(f)) {
            close_transport();
            return {};
        }
        std::error_code ec;
        transport_.start_tls(ssl_context, host_, ec);
        if (ec) {
            const std::string text = "TLS handshake failed: " + transport_error_text(ec);
            close_transport();
            return fail_r(f, ec, text);
        }
        tls_established_ = true;
        session_.upgraded();
        get_capabilities(f);
        if (f) return {};
        return untagged_response(std::move(r), "STARTTLS");
    }
}

// The other members: with separate compilation only in the TU that compiles the clients
// (detail/instantiate.hpp), like the .ipp bodies, and where a COMPRESS client is compiled
// (it is not one of those clients, so imaplib::compiled needs no zlib; docs/building.md).
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE) || defined(IMAPLIB_USE_ZLIB)

template <class Transport>
response basic_imap4<Transport>::append(string_or_none mailbox, string_or_none flags,
                                        const internaldate_arg& date_time, std::string_view message, failure& f) {
    detail::append_args a;
    if (!detail::make_append_args(flags, date_time, message, a))
        return fail_r(f, errc::invalid_argument, "date_time not of a known type");
    const std::string_view box = (mailbox && !mailbox->empty()) ? *mailbox : std::string_view("INBOX");
    const command_arg args[] = {
        {box, detail::arg_kind::astring, true},
        {a.flag_list, detail::arg_kind::flags, !a.flag_list.empty()},
        {a.date, detail::arg_kind::date_time, !a.date.empty()},
        // RFC 6855 section 4: after ENABLE UTF8=ACCEPT the message goes as UTF8 (~{N})
        // (imaplib puts those words inside the literal).
        // (IMAP4rev2 alone accepts UTF-8 strings but not that form.)
        {a.message, session_.is_enabled("UTF8=ACCEPT") ? detail::arg_kind::utf8_literal : detail::arg_kind::literal, true}};
    return simple_command("APPEND", args, {}, f);
}

template <class Transport>
response basic_imap4<Transport>::close(failure& f) {
    imaplib::response r = simple("CLOSE", {}, f);
    session_.state(state::auth);
    return r;
}

template <class Transport>
response basic_imap4<Transport>::enable(std::string_view capability, failure& f) {
    if (!has_capability("ENABLE")) return fail_r(f, errc::capability_missing, "Server does not support ENABLE");
    imaplib::response r = simple("ENABLE", {{capability, detail::arg_kind::raw}}, f);
    if (!f && r.typ == "OK") {
        // imaplib's attribute, set on the OK alone
        if (detail::to_upper(capability).find("UTF8=ACCEPT") != std::string::npos) utf8_enabled_ = true;
        // What goes on the wire follows what the server confirmed (RFC 5161 section 3.1:
        // "* ENABLED UTF8=ACCEPT"); a server may answer OK and enable nothing.
        if (const data_list* enabled = session_.find_untagged("ENABLED"))
            for (const data_item& item : *enabled)
                for (std::string_view word : split(item.bytes())) note_enabled(word);
    }
    return r;
}

// (typ, [[QUOTAROOT responses...], [QUOTA responses...]]), as imaplib.
template <class Transport>
response basic_imap4<Transport>::getquotaroot(std::string_view mailbox, failure& f) {
    imaplib::response r = simple("GETQUOTAROOT", {{mailbox, detail::arg_kind::astring}}, f);
    if (f) return {};
    imaplib::response quota = untagged_response({r.typ, r.data}, "QUOTA");
    imaplib::response quotaroot = untagged_response({quota.typ, r.data}, "QUOTAROOT");
    return {quotaroot.typ, {data_item::from_list(std::move(quotaroot.data)), data_item::from_list(std::move(quota.data))}};
}

template <class Transport>
response basic_imap4<Transport>::login(std::string_view user, std::string_view password, failure& f) {
    // RFC 3501 section 6.2.3: LOGINDISABLED forbids LOGIN; refuse before the password
    // leaves this process.
    if (has_capability("LOGINDISABLED"))
        return fail_r(f, errc::logindisabled, "LOGIN is disabled by the server (LOGINDISABLED)");
    imaplib::response r = simple("LOGIN", {{user, detail::arg_kind::astring}, {password, detail::arg_kind::quoted}}, f);
    if (f) return {};
    if (r.typ != "OK") return fail_r(f, errc::command_failed, detail::last_item_repr(r));
    session_.state(state::auth);
    return r;
}

template <class Transport>
response basic_imap4<Transport>::logout(failure& f) {
    session_.state(state::logout);
    imaplib::response r = simple("LOGOUT", {}, f);
    shutdown();
    return r;
}

template <class Transport>
response basic_imap4<Transport>::search(string_or_none charset, arg_list criteria, failure& f) {
    if (charset && !charset->empty()) {
        if (utf8_enabled_) return fail_r(f, errc::invalid_argument, "Non-None charset not valid in UTF8 mode");
        const command_arg args[] = {{"CHARSET", detail::arg_kind::raw, true}, {*charset, detail::arg_kind::raw, true}};
        if (is_rev2()) return rev2_search_result(simple_command("SEARCH", args, criteria, f), f);
        return untagged_response(simple_command("SEARCH", args, criteria, f), "SEARCH", f);
    }
    if (is_rev2()) return rev2_search_result(simple_command("SEARCH", nullptr, 0, criteria, f), f);
    return untagged_response(simple_command("SEARCH", nullptr, 0, criteria, f), "SEARCH", f);
}

template <class Transport>
response basic_imap4<Transport>::select(std::string_view mailbox, bool readonly, failure& f) {
    // imaplib sends "INBOX (CONDSTORE)" as given: the mailbox, then its parameter list.
    const detail::select_argument arg = detail::split_select_parameters(mailbox);
    return select_with(arg.mailbox, arg.parameters, readonly, mailbox, f);
}

// SELECT / EXAMINE as imaplib runs it; `parameters` (RFC 4466 section 2.4) goes as written.
template <class Transport>
response basic_imap4<Transport>::select_with(std::string_view mailbox, std::string_view parameters, bool readonly,
                                             std::string_view given, failure& f) {
    session_.clear_untagged();  // imaplib flushes old responses
    is_readonly_ = readonly;
    const command_arg args[] = {{mailbox, detail::arg_kind::astring, true},
                                {parameters, detail::arg_kind::raw, !parameters.empty()}};
    imaplib::response r = simple_command(readonly ? "EXAMINE" : "SELECT", args, {}, f);
    if (f) return {};
    if (r.typ != "OK") {
        session_.state(state::auth);
        return r;
    }
    session_.state(state::selected);
    // RFC 9051 section 6.3.2: the mailbox's own LIST response, not one list() asked for.
    if (is_rev2()) session_.pop_untagged("LIST");
    if (session_.find_untagged("READ-ONLY") && !readonly)
        return fail_r(f, errc::mailbox_readonly, std::string(given) + " is not writable");
    if (const data_list* exists = session_.find_untagged("EXISTS")) return {r.typ, *exists};
    return {r.typ, {data_item{}}};
}

template <class Transport>
response basic_imap4<Transport>::sort(std::string_view sort_criteria, std::string_view charset,
                                      arg_list search_criteria, failure& f) {
    const std::string criteria = detail::parenthesized(sort_criteria);
    const command_arg args[] = {{criteria, detail::arg_kind::raw, true}, {charset, detail::arg_kind::raw, true}};
    return untagged_response(simple_command("SORT", args, search_criteria, f), "SORT", f);
}

template <class Transport>
response basic_imap4<Transport>::store(std::string_view message_set, std::string_view command,
                                       std::string_view flags, failure& f) {
    const std::string list = detail::parenthesized(flags);
    return named("STORE",
                 {{message_set, detail::arg_kind::raw}, {command, detail::arg_kind::raw},
                  {list, detail::store_item_kind(command)}},
                 "FETCH", f);
}

template <class Transport>
response basic_imap4<Transport>::thread(std::string_view threading_algorithm, std::string_view charset,
                                        arg_list search_criteria, failure& f) {
    const command_arg args[] = {{threading_algorithm, detail::arg_kind::raw, true},
                                {charset, detail::arg_kind::raw, true}};
    return untagged_response(simple_command("THREAD", args, search_criteria, f), "THREAD", f);
}

template <class Transport>
response basic_imap4<Transport>::uid(std::string_view command, arg_list args, failure& f) {
    const std::string name = detail::to_upper(command);
    const command_info* info = find_command(name);
    if (!info) return fail_r(f, errc::invalid_argument, "Unknown IMAP4 UID command: " + name);
    if (!(info->allowed & static_cast<state_set>(session_.state())))
        return fail_r(f, errc::illegal_state, session_.illegal_state_text(name, info->allowed));
    const command_arg first[] = {{name, detail::arg_kind::raw, true}};
    imaplib::response r = simple_command("UID", first, args, f);
    if (name == "SEARCH" && is_rev2()) return rev2_search_result(std::move(r), f);
    const bool own = name == "SEARCH" || name == "SORT" || name == "THREAD";
    return untagged_response(std::move(r), own ? name : std::string("FETCH"), f);
}

template <class Transport>
response basic_imap4<Transport>::unselect(failure& f) {
    imaplib::response r = simple("UNSELECT", {}, f);
    session_.state(state::auth);
    return r;
}

// An extension command; like imaplib, an unknown name becomes legal in the state it is
// first used in (for this connection only).
template <class Transport>
response basic_imap4<Transport>::xatom(std::string_view name, arg_list args, failure& f) {
    // The name goes on the wire as the command: it must be an atom (RFC 3501 section 9).
    const auto atom_char = [](char c) { return detail::is_astring_char(static_cast<unsigned char>(c)) && c != ']'; };
    if (name.empty() || !std::all_of(name.begin(), name.end(), atom_char))
        return fail_r(f, errc::invalid_argument, "xatom: not an atom: " + detail::repr(name.substr(0, 60)));
    const std::string upper = detail::to_upper(name);
    if (!find_command(upper) && !session_.find_extension(upper))
        session_.add_extension(upper, static_cast<state_set>(session_.state()));
    return simple_command(upper, nullptr, 0, args, f);
}

// COMPRESS (RFC 4978) on a transport that can switch compression on. Compressed data
// starts right after the tagged OK's CRLF (section 3), so whatever the session read past
// it goes to the inflater, not to the framing. A NO leaves the connection as it was.
template <class Transport>
response basic_imap4<Transport>::compress(std::string_view mechanism, failure& f) {
    const std::string upper = detail::to_upper(mechanism);
    if (upper != "DEFLATE")
        return fail_r(f, errc::invalid_argument, "compress: unknown mechanism " + detail::repr(mechanism.substr(0, 60)));
    if constexpr (!detail::has_start_compress_v<Transport>) {
        return fail_r(f, errc::not_supported, "this transport cannot compress (use basic_compress_transport)");
    } else {
        if (transport_.compressing()) return fail_r(f, errc::command_failed, "compression already active");
        if (!require_capability({"COMPRESS=DEFLATE"}, f)) return {};
        if (!session_.find_extension("COMPRESS")) session_.add_extension("COMPRESS", detail::auth_or_selected);
        imaplib::response r = simple("COMPRESS", {{upper, detail::arg_kind::raw}}, f);
        if (f || r.typ != "OK") return r;
        const std::string_view received = session_.input();
        std::error_code ec;
        transport_.start_compress(received, ec);
        session_.consume_input(received.size());
        if (ec) return fail_r(f, ec, "COMPRESS: " + transport_error_text(ec));
        return r;
    }
}

// ---- commands that are one call: a name, its arguments, the responses returned ----------

template <class Transport>
response basic_imap4<Transport>::capability(failure& f) {
    return named("CAPABILITY", {}, "CAPABILITY", f);
}

template <class Transport>
response basic_imap4<Transport>::check(failure& f) {
    return simple("CHECK", {}, f);
}

template <class Transport>
response basic_imap4<Transport>::copy(std::string_view message_set, std::string_view new_mailbox, failure& f) {
    return simple("COPY", {{message_set, detail::arg_kind::raw}, {new_mailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::create(std::string_view mailbox, failure& f) {
    return simple("CREATE", {{mailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::delete_mailbox(std::string_view mailbox, failure& f) {
    return simple("DELETE", {{mailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::deleteacl(std::string_view mailbox, std::string_view who, failure& f) {
    return simple("DELETEACL", {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::expunge(failure& f) {
    return named("EXPUNGE", {}, "EXPUNGE", f);
}

template <class Transport>
response basic_imap4<Transport>::fetch(std::string_view message_set, std::string_view message_parts, failure& f) {
    return named("FETCH", {{message_set, detail::arg_kind::raw}, {message_parts, detail::arg_kind::raw}}, "FETCH", f);
}

template <class Transport>
response basic_imap4<Transport>::getacl(std::string_view mailbox, failure& f) {
    return named("GETACL", {{mailbox, detail::arg_kind::astring}}, "ACL", f);
}

template <class Transport>
response basic_imap4<Transport>::getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute, failure& f) {
    return named("GETANNOTATION",
                 {{mailbox, detail::arg_kind::astring}, {entry, detail::arg_kind::raw}, {attribute, detail::arg_kind::raw}},
                 "ANNOTATION", f);
}

template <class Transport>
response basic_imap4<Transport>::getquota(std::string_view root, failure& f) {
    return named("GETQUOTA", {{root, detail::arg_kind::astring}}, "QUOTA", f);
}

template <class Transport>
response basic_imap4<Transport>::list(std::string_view directory, std::string_view pattern, failure& f) {
    return named("LIST", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring_or_list}},
                 "LIST", f);
}

template <class Transport>
response basic_imap4<Transport>::lsub(std::string_view directory, std::string_view pattern, failure& f) {
    // RFC 9051 appendix E: LSUB is gone; LIST (SUBSCRIBED) lists the subscriptions.
    if (is_rev2())
        return named("LIST",
                     {{"(SUBSCRIBED)", detail::arg_kind::raw}, {directory, detail::arg_kind::astring},
                      {pattern, detail::arg_kind::astring}},
                     "LIST", f);
    return named("LSUB", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring}}, "LSUB", f);
}

template <class Transport>
response basic_imap4<Transport>::myrights(std::string_view mailbox, failure& f) {
    return named("MYRIGHTS", {{mailbox, detail::arg_kind::astring}}, "MYRIGHTS", f);
}

template <class Transport>
response basic_imap4<Transport>::namespaces(failure& f) {
    return named("NAMESPACE", {}, "NAMESPACE", f);
}

template <class Transport>
response basic_imap4<Transport>::noop(failure& f) {
    return simple("NOOP", {}, f);
}

template <class Transport>
response basic_imap4<Transport>::partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                                       std::string_view length, failure& f) {
    return named("PARTIAL",
                 {{message_num, detail::arg_kind::raw}, {message_part, detail::arg_kind::raw},
                  {start, detail::arg_kind::raw}, {length, detail::arg_kind::raw}},
                 "FETCH", f);
}

template <class Transport>
response basic_imap4<Transport>::proxyauth(std::string_view user, failure& f) {
    return simple("PROXYAUTH", {{user, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::rename(std::string_view oldmailbox, std::string_view newmailbox, failure& f) {
    return simple("RENAME", {{oldmailbox, detail::arg_kind::astring}, {newmailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::setacl(std::string_view mailbox, std::string_view who, std::string_view what, failure& f) {
    return simple("SETACL",
                  {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring}, {what, detail::arg_kind::astring}},
                  f);
}

template <class Transport>
response basic_imap4<Transport>::setannotation(arg_list args, failure& f) {
    return untagged_response(simple_command("SETANNOTATION", nullptr, 0, args, f), "ANNOTATION", f);
}

template <class Transport>
response basic_imap4<Transport>::setquota(std::string_view root, std::string_view limits, failure& f) {
    return named("SETQUOTA", {{root, detail::arg_kind::astring}, {limits, detail::arg_kind::raw}}, "QUOTA", f);
}

template <class Transport>
response basic_imap4<Transport>::status(std::string_view mailbox, std::string_view names, failure& f) {
    return named("STATUS", {{mailbox, detail::arg_kind::astring}, {names, detail::arg_kind::raw}}, "STATUS", f);
}

template <class Transport>
response basic_imap4<Transport>::subscribe(std::string_view mailbox, failure& f) {
    return simple("SUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, f);
}

template <class Transport>
response basic_imap4<Transport>::unsubscribe(std::string_view mailbox, failure& f) {
    return simple("UNSUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, f);
}

#endif  // !IMAPLIB_SEPARATE_COMPILATION || IMAPLIB_SOURCE || IMAPLIB_USE_ZLIB

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_COMMANDS_HPP
