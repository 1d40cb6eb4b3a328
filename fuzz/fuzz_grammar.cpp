// libFuzzer target: parses the input as one response frame (tolerant and strict) and
// walks every view the result offers. Build:
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//       fuzz/fuzz_grammar.cpp -o fuzz_grammar
//   ./fuzz_grammar fuzz/corpus/grammar
#include <imaplib/grammar/grammar.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace g = imaplib::grammar;

namespace {

volatile std::size_t sink;

void touch(const g::value& v, int depth);

void touch_range(const g::value_range& r, int depth) {
    for (const g::value& v : r) touch(v, depth + 1);
}

void touch(const g::value& v, int depth) {
    sink += v.raw().size() + v.data().size() + static_cast<std::size_t>(v.kind());
    char buf[16];
    sink += v.unquote(buf, sizeof buf);
    sink += v.str().size();
    if (auto n = v.number()) sink += static_cast<std::size_t>(*n);
    if (v.is_list() && depth < 200) touch_range(v.items(), depth);
}

void touch_addresses(const g::address_list_view& l) {
    for (const g::address_view& a : l) {
        touch(a.name, 0);
        touch(a.adl, 0);
        touch(a.mailbox, 0);
        touch(a.host, 0);
        sink += a.is_group_start() + a.is_group_end();
    }
}

void touch_envelope(const g::envelope_view& e) {
    touch(e.date, 0);
    touch(e.subject, 0);
    touch_addresses(e.from);
    touch_addresses(e.sender);
    touch_addresses(e.reply_to);
    touch_addresses(e.to);
    touch_addresses(e.cc);
    touch_addresses(e.bcc);
    touch(e.in_reply_to, 0);
    touch(e.message_id, 0);
}

void touch_body(const g::body_view& b, int depth) {
    if (depth > 200) return;
    const g::body_info f = b.fields();
    touch(f.type, 0);
    touch(f.subtype, 0);
    for (const auto& p : f.params) sink += p[0].data().size() + p[1].data().size();
    touch(f.id, 0);
    touch(f.description, 0);
    touch(f.encoding, 0);
    touch(f.octets, 0);
    touch(f.lines, 0);
    touch(f.md5, 0);
    touch(f.language, 0);
    touch(f.location, 0);
    touch_range(f.extensions, 0);
    const g::disposition_view d = b.disposition();
    touch(d.type, 0);
    for (const auto& p : d.params) sink += p[0].data().size() + p[1].data().size();
    if (f.envelope.exists()) touch_envelope(b.envelope());
    if (f.body.exists()) touch_body(b.body(), depth + 1);
    for (const g::body_view& part : f.parts) touch_body(part, depth + 1);
}

void touch_fetch(const g::fetch_view& f) {
    for (const g::fetch_item& item : f) {
        sink += item.name.size() + item.key().size() + item.section().size();
        if (auto o = item.origin()) sink += static_cast<std::size_t>(*o);
        touch(item.val, 0);
    }
    if (auto e = f.envelope()) touch_envelope(*e);
    if (auto b = f.bodystructure()) touch_body(*b, 0);
    touch_range(f.flags(), 0);
    sink += f.uid().value_or(0) + f.rfc822_size().value_or(0) + f.modseq().value_or(0);
    touch(f.body_section(""), 0);
}

void touch_response(const g::response_view& r) {
    sink += r.frame().size() + r.tag().size() + r.name().size() + r.payload().size() + r.number();
    const g::resp_text_view t = r.text();
    sink += t.text.size() + static_cast<std::size_t>(t.code.kind());
    touch_range(t.code.values(), 0);
    touch_range(t.code.list(), 0);
    if (auto n = t.code.number()) sink += static_cast<std::size_t>(*n);
    if (auto a = t.code.appenduid()) sink += a->uids.size();
    if (auto c = t.code.copyuid()) sink += c->source.size() + c->dest.size();
    switch (r.data()) {
    case g::data_kind::capability:
    case g::data_kind::enabled: touch_range(r.as_capability(), 0); break;
    case g::data_kind::flags: touch_range(r.as_flags(), 0); break;
    case g::data_kind::list:
    case g::data_kind::lsub: {
        const auto l = r.as_list();
        touch_range(l.attributes, 0);
        touch(l.delimiter, 0);
        touch(l.mailbox, 0);
        touch(l.extended, 0);
        sink += static_cast<unsigned char>(l.delimiter_char());
        touch(l.extended_item("CHILDINFO"), 0);
        break;
    }
    case g::data_kind::status: {
        const auto s = r.as_status();
        touch(s.mailbox, 0);
        for (const auto& p : s.items) touch(p[1], 0);
        sink += s.get("MESSAGES").value_or(0);
        break;
    }
    case g::data_kind::search:
    case g::data_kind::sort: {
        const auto s = r.as_search();
        touch_range(s.numbers, 0);
        sink += s.modseq.value_or(0);
        break;
    }
    case g::data_kind::esearch: {
        const auto e = r.as_esearch();
        touch(e.tag, 0);
        for (const auto& p : e.items) touch(p[1], 0);
        sink += e.count().value_or(0) + e.all().size();
        break;
    }
    case g::data_kind::vanished: sink += r.as_vanished().uids.size(); break;
    case g::data_kind::fetch: touch_fetch(r.as_fetch()); break;
    case g::data_kind::namespace_: {
        const auto n = r.as_namespace();
        for (const auto* l : {&n.personal, &n.other_users, &n.shared})
            for (const auto& d : *l) {
                touch(d.prefix, 0);
                touch(d.delimiter, 0);
                touch_range(d.extensions, 0);
            }
        break;
    }
    case g::data_kind::id:
        for (const auto& p : r.as_id()) touch(p[1], 0);
        break;
    case g::data_kind::acl:
        for (const auto& p : r.as_acl().entries) touch(p[1], 0);
        break;
    case g::data_kind::listrights: touch_range(r.as_listrights().rights, 0); break;
    case g::data_kind::myrights: touch(r.as_myrights().rights, 0); break;
    case g::data_kind::quota:
        for (const auto& q : r.as_quota().resources) touch(q[2], 0);
        break;
    case g::data_kind::quotaroot: touch_range(r.as_quotaroot().roots, 0); break;
    case g::data_kind::thread: touch_range(r.as_thread(), 0); break;
    case g::data_kind::metadata: {
        const auto m = r.as_metadata();
        for (const auto& p : m.entries) touch(p[1], 0);
        touch_range(m.names, 0);
        break;
    }
    default: break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    for (int mode = 0; mode < 3; ++mode) {
        g::parse_options o;
        if (mode == 1) o.strictness = g::mode::strict;
        if (mode == 2) o.greeting = true;
        o.limits.max_depth = 32;
        g::response_view r;
        std::error_code ec;
        g::parse_error err;
        if (g::parse_response(frame, r, ec, o, &err)) {
            touch_response(r);
        } else {
            // The error must point inside the input.
            if (err.offset > size) __builtin_trap();
            sink += err.excerpt.size() + err.expected.size() + err.message().size();
        }
    }
    return 0;
}
