// imaplib-cpp: basic_imap4's ENABLE (RFC 5161), BINARY (RFC 3516) and the IMAP4rev2
// (RFC 9051) rules imaplib's methods follow once it is enabled; docs/extensions.md.
// Included by engine/basic_imap4.hpp (Beast's impl/ split); the declarations are there.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_REV2_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_REV2_HPP

#include <imaplib/detail/ascii.hpp>
#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/sequence_set.hpp>
// Separate compilation leaves the grammar to the TU that compiles the clients
// (docs/building.md), so the bodies that read typed views are there only.
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/views.hpp>
#endif

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// capability = atom (RFC 5161 section 3.1): ATOM-CHARs only.
inline bool is_capability_name(std::string_view name) noexcept {
    if (name.empty()) return false;
    for (const char c : name)
        if (!is_astring_char(static_cast<unsigned char>(c)) || c == ']' || c == '%' || c == '*') return false;
    return true;
}

// section-part = nz-number *("." nz-number), or empty (RFC 3516 section 4.1).
inline bool is_section_part(std::string_view s) noexcept {
    bool start = true;
    for (const char c : s) {
        if (c == '.') {
            if (start) return false;
            start = true;
        } else if (c >= '0' && c <= '9') {
            if (start && c == '0') return false;
            start = false;
        } else {
            return false;
        }
    }
    return s.empty() || !start;
}

// The bytes the numbers of `r` take written out, a space after each: the size is known
// before anything is written, from the number of numbers of each length.
inline std::uint64_t written_size(seq_range r) noexcept {
    std::uint64_t total = 0;
    std::uint64_t low = 1;
    for (std::uint64_t digits = 1; digits <= 10; ++digits, low *= 10) {
        const std::uint64_t a = std::max<std::uint64_t>(r.first, low);
        const std::uint64_t b = std::min<std::uint64_t>(r.last, low * 10 - 1);
        if (a <= b) total += (b - a + 1) * (digits + 1);
    }
    return total;
}

}  // namespace detail

// One ENABLED capability: remembered for the connection; UTF8=ACCEPT and IMAP4rev2 make
// strings go as UTF-8 (RFC 6855 section 3, RFC 9051 section 6.3.1).
template <class Transport>
void basic_imap4<Transport>::note_enabled(std::string_view capability) {
    session_.mark_enabled(capability);
    const std::string name = detail::to_upper(capability);
    if (name == "UTF8=ACCEPT" || name == "IMAP4REV2") session_.utf8_accepted(true);
}

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)

template <class Transport>
enable_result basic_imap4<Transport>::enable_capabilities(arg_list capabilities, failure& f) {
    if (capabilities.size() == 0) {
        fail(f, errc::invalid_argument, "ENABLE needs at least one capability");
        return {};
    }
    for (std::string_view name : capabilities) {
        if (!detail::is_capability_name(name)) {
            fail(f, errc::invalid_argument, "not a capability name: " + detail::repr(name));
            return {};
        }
    }
    if (!advertised("ENABLE", f)) {
        if (!f) fail(f, errc::capability_missing, "Server does not support ENABLE");
        return {};
    }
    session_.pop_untagged("ENABLED");  // an earlier enable()'s, not this command's
    imaplib::response r = simple_command("ENABLE", nullptr, 0, capabilities, f);
    if (f) return {};
    enable_result out;
    std::optional<data_list> enabled = session_.pop_untagged("ENABLED");
    if (r.typ == "OK" && enabled) {
        for (const data_item& item : *enabled) {
            grammar::response_view view;
            std::error_code ec;
            if (!view_of(item, view, ec) || view.data() != grammar::data_kind::enabled) {
                fail(f, errc::parse_error, "malformed ENABLED response: " + detail::repr(item.bytes()));
                return {};
            }
            for (const grammar::value& word : view.as_enabled()) {
                note_enabled(word.data());
                out.enabled.push_back(detail::to_upper(word.data()));
            }
        }
        if (session_.is_enabled("UTF8=ACCEPT")) utf8_enabled_ = true;  // imaplib's attribute
    }
    static_cast<imaplib::response&>(out) = std::move(r);
    return out;
}

template <class Transport>
binary_result basic_imap4<Transport>::fetch_binary(std::string_view message_set, std::string_view section,
                                                   const binary_options& options, bool size_only, failure& f) {
    // RFC 9051 has BINARY built in; before ENABLE IMAP4rev2 the server speaks rev1.
    if (!detail::is_section_part(section)) {
        fail(f, errc::invalid_argument, "not a section-part: " + detail::repr(section));
        return {};
    }
    if (!is_rev2() && !advertised("BINARY", f)) {
        if (!f) fail(f, errc::capability_missing, "Server does not support BINARY");
        return {};
    }
    const std::string item = std::string("(") +
                             (size_only ? "BINARY.SIZE[" : options.peek ? "BINARY.PEEK[" : "BINARY[") +
                             std::string(section) + "])";
    imaplib::response r;
    if (options.uid) {
        const command_arg args[] = {{"FETCH", detail::arg_kind::raw, true},
                                    {message_set, detail::arg_kind::raw, true},
                                    {item, detail::arg_kind::raw, true}};
        r = untagged_response(simple_command("UID", args, {}, f), "FETCH", f);
    } else {
        r = named("FETCH", {{message_set, detail::arg_kind::raw}, {item, detail::arg_kind::raw}}, "FETCH", f);
    }
    if (f) return {};
    binary_result out;
    if (r.typ == "OK") {
        std::error_code ec;
        const std::vector<grammar::response_view> views = views_of(r, ec);
        if (ec) {
            fail(f, errc::parse_error, "malformed FETCH response to " + item);
            return {};
        }
        for (const grammar::response_view& view : views) {
            if (view.data() != grammar::data_kind::fetch) continue;
            const grammar::fetch_view msg = view.as_fetch();
            for (const grammar::fetch_item& i : msg) {
                const std::string_view key = i.key();
                const bool is_size = detail::iequals(key, "BINARY.SIZE");
                if (!is_size && !detail::iequals(key, "BINARY")) continue;
                binary_part part;
                part.seq = msg.seq();
                part.uid = msg.uid();
                part.section = std::string(i.section());
                part.origin = i.origin();
                if (is_size) {
                    part.size = i.val.number();
                } else if (!i.val.is_nil()) {
                    part.content = i.val.str();
                }
                out.parts.push_back(std::move(part));
            }
        }
    }
    static_cast<imaplib::response&>(out) = std::move(r);
    return out;
}

#endif

template <class Transport>
response basic_imap4<Transport>::append_binary(string_or_none mailbox, string_or_none flags,
                                               const internaldate_arg& date_time, std::string_view message,
                                               failure& f) {
    if (!is_rev2() && !advertised("BINARY", f))
        return f ? imaplib::response{} : fail_r(f, errc::capability_missing, "Server does not support BINARY");
    std::string flag_list;
    if (flags && !flags->empty()) {
        flag_list = (flags->front() == '(' && flags->back() == ')') ? std::string(*flags)
                                                                      : "(" + std::string(*flags) + ")";
    }
    std::string date;
    if (date_time.given()) {
        std::error_code ec;
        date = date_time.text(ec);
        if (ec) return fail_r(f, errc::invalid_argument, "date_time not of a known type");
    }
    const std::string_view box = (mailbox && !mailbox->empty()) ? *mailbox : std::string_view("INBOX");
    // The bytes go as they are: no CRLF mapping, since binary content has no lines.
    const command_arg args[] = {{box, detail::arg_kind::astring, true},
                                {flag_list, detail::arg_kind::flags, !flag_list.empty()},
                                {date, detail::arg_kind::date_time, !date.empty()},
                                {message, detail::arg_kind::literal8, true}};
    return simple_command("APPEND", args, {}, f);
}

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)

// SEARCH under IMAP4rev2 is answered with ESEARCH (RFC 9051 section 6.4.4): imaplib's
// shape is kept, the ALL set written out as the numbers a SEARCH response would list,
// within limits::max_response (a short set can name billions of numbers).
template <class Transport>
response basic_imap4<Transport>::rev2_search_result(imaplib::response r, failure& f) {
    if (f) return {};
    if (r.typ == "NO" || session_.find_untagged("SEARCH")) return untagged_response(std::move(r), "SEARCH");
    std::optional<data_list> esearch = session_.pop_untagged("ESEARCH");
    if (!esearch) return {std::move(r.typ), {data_item{}}};
    const std::size_t bound = session_.response_limits().max_response;
    std::vector<sequence_set> sets;
    std::uint64_t size = 0;
    for (const data_item& item : *esearch) {
        grammar::response_view view;
        std::error_code ec;
        if (!view_of(item, view, ec) || view.data() != grammar::data_kind::esearch)
            return fail_r(f, errc::parse_error, "malformed ESEARCH response: " + detail::repr(item.bytes()));
        const std::string_view all = view.as_esearch().all();
        if (all.empty()) continue;
        sets.push_back(sequence_set::parse(all, ec, false));
        if (ec) return fail_r(f, errc::parse_error, "malformed ESEARCH ALL: " + detail::repr(all));
        for (const seq_range& range : sets.back().ranges()) size += detail::written_size(range);
    }
    if (size > 0) --size;  // no space after the last number
    if (size > bound)
        return fail_r(f, errc::response_too_large,
                      "ESEARCH result of " + std::to_string(size) + " bytes as SEARCH, over " + std::to_string(bound));
    std::string numbers;
    numbers.reserve(detail::narrow_cast<std::size_t>(size));  // size <= bound
    for (const sequence_set& set : sets) {
        for (const seq_range& range : set.ranges()) {
            for (std::uint64_t n = range.first; n <= range.last; ++n) {
                if (!numbers.empty()) numbers += ' ';
                numbers += std::to_string(n);
            }
        }
    }
    return {std::move(r.typ), {data_item::owning(numbers)}};
}

#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_REV2_HPP
