// Test support: everything the typed views of one response return, written out as text,
// so that two ways of reading the same response (through a value_index and over the
// bytes) can be compared whole. Used by grammar_test and the grammar fuzzer.
#ifndef IMAPLIB_TEST_VIEW_DUMP_HPP
#define IMAPLIB_TEST_VIEW_DUMP_HPP

#include <imaplib/grammar/grammar.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace imaplib_test {

namespace g = imaplib::grammar;

class view_dump {
public:
    static std::string of(const g::response_view& r) {
        view_dump d;
        d.response(r);
        return d.out_;
    }

private:
    static constexpr int max_depth = 200;

    void text(std::string_view s) {
        out_ += '[';
        out_ += std::to_string(s.size());
        out_ += ':';
        out_.append(s.data(), s.size());
        out_ += ']';
    }
    void number(unsigned long long n) {
        out_ += '#';
        out_ += std::to_string(n);
    }
    template <class T>
    void optional(const T& o) {
        if (o)
            number(static_cast<unsigned long long>(*o));
        else
            out_ += "#none";
    }

    void value(const g::value& v, int depth = 0) {
        out_ += "v";
        number(static_cast<unsigned>(v.kind()));
        text(v.raw());
        text(v.data());
        out_ += v.has_escapes() ? 'e' : '-';
        char buf[16];
        number(v.unquote(buf, sizeof buf));
        text(v.str());
        optional(v.number());
        if (v.is_list() && depth < max_depth) range(v.items(), depth + 1);
    }
    void range(const g::value_range& r, int depth = 0) {
        out_ += '(';
        number(r.size());
        for (const g::value& v : r) value(v, depth);
        out_ += ')';
    }
    template <std::size_t N>
    void groups(const g::group_range<N>& r) {
        out_ += '{';
        number(r.size());
        for (const auto& group : r)
            for (const g::value& v : group) value(v);
        out_ += '}';
    }

    void addresses(const g::address_list_view& l) {
        out_ += "addr";
        number(l.size());
        out_ += l.is_nil() ? 'n' : '-';
        for (const g::address_view& a : l) {
            value(a.name);
            value(a.adl);
            value(a.mailbox);
            value(a.host);
            out_ += a.is_group_start() ? 's' : '-';
            out_ += a.is_group_end() ? 'e' : '-';
        }
        value(l.front().mailbox);
    }
    void envelope(const g::envelope_view& e) {
        out_ += "env";
        value(e.date);
        value(e.subject);
        for (const auto* l : {&e.from, &e.sender, &e.reply_to, &e.to, &e.cc, &e.bcc}) addresses(*l);
        value(e.in_reply_to);
        value(e.message_id);
    }
    void body(const g::body_view& b, int depth) {
        out_ += "body";
        if (depth > max_depth) return;
        out_ += b.valid() ? 'v' : '-';
        out_ += b.is_multipart() ? 'm' : '-';
        const g::body_info f = b.fields();
        for (const g::value* v : {&f.type, &f.subtype, &f.id, &f.description, &f.encoding, &f.octets,
                                  &f.envelope, &f.body, &f.lines, &f.md5, &f.disposition, &f.language,
                                  &f.location})
            value(*v);
        groups(f.params);
        range(f.extensions);
        number(f.parts.size());
        const g::disposition_view d = b.disposition();
        value(d.type);
        groups(d.params);
        optional(b.octets());
        optional(b.lines());
        if (f.envelope.is_list()) envelope(b.envelope());
        if (f.body.is_list()) body(b.body(), depth + 1);
        for (const g::body_view& part : f.parts) body(part, depth + 1);
    }
    void fetch(const g::fetch_view& f) {
        out_ += "fetch";
        number(f.seq());
        number(f.size());
        text(f.raw());
        for (const g::fetch_item& item : f) {
            text(item.name);
            text(item.key());
            text(item.section());
            out_ += item.has_section() ? 's' : '-';
            optional(item.origin());
            value(item.val);
        }
        optional(f.uid());
        range(f.flags());
        value(f.internaldate());
        optional(f.rfc822_size());
        optional(f.modseq());
        if (auto e = f.envelope()) envelope(*e);
        if (auto b = f.bodystructure()) body(*b, 0);
        value(f.body_section(""));
        value(f.body_section("HEADER"));
        value(f.find("X-GM-LABELS").val);
    }
    void code(const g::code_view& c) {
        text(c.name());
        text(c.args());
        number(static_cast<unsigned>(c.kind()));
        range(c.values());
        range(c.list());
        optional(c.number());
        if (auto a = c.appenduid()) {
            number(a->uidvalidity);
            text(a->uids);
        }
        if (auto cu = c.copyuid()) {
            number(cu->uidvalidity);
            text(cu->source);
            text(cu->dest);
        }
    }

    void response(const g::response_view& r) {
        number(static_cast<unsigned>(r.kind()));
        number(static_cast<unsigned>(r.condition()));
        number(static_cast<unsigned>(r.data()));
        number(r.number());
        text(r.tag());
        text(r.name());
        text(r.payload());
        text(r.continuation());
        const g::resp_text_view t = r.text();
        code(t.code);
        text(t.text);
        switch (r.data()) {
        case g::data_kind::capability:
        case g::data_kind::enabled: range(r.as_capability()); break;
        case g::data_kind::flags: range(r.as_flags()); break;
        case g::data_kind::list:
        case g::data_kind::lsub: {
            const g::list_entry_view l = r.as_list();
            range(l.attributes);
            value(l.delimiter);
            value(l.mailbox);
            value(l.extended);
            number(static_cast<unsigned char>(l.delimiter_char()));
            value(l.extended_item("CHILDINFO"));
            break;
        }
        case g::data_kind::status: {
            const g::status_view s = r.as_status();
            value(s.mailbox);
            groups(s.items);
            optional(s.get("MESSAGES"));
            break;
        }
        case g::data_kind::search:
        case g::data_kind::sort: {
            const g::search_view s = r.as_search();
            range(s.numbers);
            optional(s.modseq);
            break;
        }
        case g::data_kind::esearch: {
            const g::esearch_view e = r.as_esearch();
            value(e.tag);
            out_ += e.uid ? 'u' : '-';
            groups(e.items);
            optional(e.count());
            optional(e.min());
            optional(e.max());
            optional(e.modseq());
            text(e.all());
            break;
        }
        case g::data_kind::vanished: {
            const g::vanished_view v = r.as_vanished();
            out_ += v.earlier ? 'e' : '-';
            text(v.uids);
            break;
        }
        case g::data_kind::fetch: fetch(r.as_fetch()); break;
        case g::data_kind::namespace_: {
            const g::namespace_view n = r.as_namespace();
            for (const auto* l : {&n.personal, &n.other_users, &n.shared}) {
                out_ += l->is_nil() ? 'n' : '-';
                number(l->size());
                for (const g::namespace_descr_view& d : *l) {
                    value(d.prefix);
                    value(d.delimiter);
                    range(d.extensions);
                }
            }
            break;
        }
        case g::data_kind::id: groups(r.as_id()); break;
        case g::data_kind::acl: {
            const g::acl_view a = r.as_acl();
            value(a.mailbox);
            groups(a.entries);
            break;
        }
        case g::data_kind::listrights: {
            const g::listrights_view l = r.as_listrights();
            value(l.mailbox);
            value(l.identifier);
            range(l.rights);
            break;
        }
        case g::data_kind::myrights: {
            const g::myrights_view m = r.as_myrights();
            value(m.mailbox);
            value(m.rights);
            break;
        }
        case g::data_kind::quota: {
            const g::quota_view q = r.as_quota();
            value(q.root);
            groups(q.resources);
            break;
        }
        case g::data_kind::quotaroot: {
            const g::quotaroot_view q = r.as_quotaroot();
            value(q.mailbox);
            range(q.roots);
            break;
        }
        case g::data_kind::thread: range(r.as_thread()); break;
        case g::data_kind::metadata: {
            const g::metadata_view m = r.as_metadata();
            value(m.mailbox);
            out_ += m.has_values ? 'v' : '-';
            groups(m.entries);
            range(m.names);
            break;
        }
        default: break;
        }
    }

    std::string out_;
};

}  // namespace imaplib_test

#endif  // IMAPLIB_TEST_VIEW_DUMP_HPP
