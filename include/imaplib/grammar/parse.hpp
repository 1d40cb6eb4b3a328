// imaplib-cpp: parsing one response frame into a typed view.
//
//   grammar::response_view r;
//   std::error_code ec;
//   if (grammar::parse_response(frame, r, ec) && r.data() == grammar::data_kind::fetch)
//       for (const grammar::fetch_item& item : r.as_fetch()) ...
//
// The frame is one response as the framing reader delimits it: the line, each literal
// inline as `{N}\r\n<N bytes>`, ending in CRLF. The views point into it.
#ifndef IMAPLIB_GRAMMAR_PARSE_HPP
#define IMAPLIB_GRAMMAR_PARSE_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/grammar/core.hpp>
#include <imaplib/grammar/index.hpp>
#include <imaplib/grammar/response.hpp>
#include <imaplib/grammar/tape.hpp>
#include <imaplib/grammar/views.hpp>

#include <cstdint>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

enum class response_kind { continuation, tagged, untagged, greeting };

// resp-cond-state / resp-cond-bye / resp-cond-auth
enum class resp_cond { none, ok, no, bad, bye, preauth };

class response_view;

namespace detail {
inline bool fill_response(std::string_view frame, int mark, bool greeting, response_view& r) noexcept;
inline void attach_index(response_view& r, value_index& index, bool built = false);
}

class response_view {
public:
    response_kind kind() const noexcept { return kind_; }
    std::string_view frame() const noexcept { return frame_; }
    // The tag of a tagged response ("A001").
    std::string_view tag() const noexcept { return tag_; }
    // OK/NO/BAD/BYE/PREAUTH, or none for data and continuation responses.
    resp_cond condition() const noexcept { return cond_; }
    bool is_status() const noexcept { return cond_ != resp_cond::none; }
    // The resp-text of a status response or continuation request.
    resp_text_view text() const noexcept { return resp_text_view::from_bytes(text_); }
    // A continuation request's text as sent (base64 for AUTHENTICATE).
    std::string_view continuation() const noexcept { return text_; }

    data_kind data() const noexcept { return data_; }
    // The data response's name as sent ("FETCH", "LIST", an unknown atom).
    std::string_view name() const noexcept { return name_; }
    // The number before EXISTS / RECENT / EXPUNGE / FETCH.
    std::uint32_t number() const noexcept { return number_; }
    // The bytes after the name and its SP, up to the final CRLF.
    std::string_view payload() const noexcept { return payload_; }
    // Whether the views read a value_index (parse_response with an index) or the bytes.
    bool indexed() const noexcept { return index_ != nullptr; }

    value_range as_capability() const noexcept { return value_range(payload_); }
    value_range as_enabled() const noexcept { return value_range(payload_); }
    value_range as_flags() const noexcept { return first().items(); }

    fetch_view as_fetch() const noexcept { return fetch_view(number_, first()); }

    // The as_ views below read their fields in a braced list: left to right.
    list_entry_view as_list() const noexcept {
        detail::cursor c = cur();
        return list_entry_view{c.next().items(), c.next(), c.next(), c.next()};
    }
    status_view as_status() const noexcept {
        detail::cursor c = cur();
        return status_view{c.next(), pair_range(c.next())};
    }
    search_view as_search() const noexcept {
        search_view s;
        const std::size_t p = payload_.find('(');
        s.numbers = value_range(payload_.substr(0, p));
        if (p != std::string_view::npos) {
            const value m = value_range(payload_.substr(p)).at(0);
            s.modseq = m.items().at(1).number();
        }
        return s;
    }
    search_view as_sort() const noexcept { return as_search(); }
    esearch_view as_esearch() const noexcept {
        esearch_view e;
        detail::cursor c = cur();
        detail::cursor probe = c;
        const value first = probe.next();
        if (first.is_list()) {
            e.tag = first.items().at(1);
            c = probe;
        }
        probe = c;
        if (probe.next().equals("UID")) {
            e.uid = true;
            c = probe;
        }
        c.skip_sp();
        e.items = pair_range(std::string_view(c.p, static_cast<std::size_t>(c.e - c.p)));
        return e;
    }
    vanished_view as_vanished() const noexcept {
        vanished_view v;
        detail::cursor c = cur();
        value x = c.next();
        if (x.is_list()) {
            v.earlier = true;
            x = c.next();
        }
        v.uids = x.raw();
        return v;
    }
    namespace_view as_namespace() const noexcept {
        detail::cursor c = cur();
        return namespace_view{namespace_list_view(c.next()), namespace_list_view(c.next()),
                              namespace_list_view(c.next())};
    }
    // ID: (field value) pairs; empty for NIL.
    pair_range as_id() const noexcept { return pair_range(first()); }
    acl_view as_acl() const noexcept {
        detail::cursor c = cur();
        return acl_view{c.next(), pair_range(rest(c))};
    }
    listrights_view as_listrights() const noexcept {
        detail::cursor c = cur();
        return listrights_view{c.next(), c.next(), value_range(rest(c))};
    }
    myrights_view as_myrights() const noexcept {
        detail::cursor c = cur();
        return myrights_view{c.next(), c.next()};
    }
    quota_view as_quota() const noexcept {
        detail::cursor c = cur();
        return quota_view{c.next(), group_range<3>(c.next())};
    }
    quotaroot_view as_quotaroot() const noexcept {
        detail::cursor c = cur();
        return quotaroot_view{c.next(), value_range(rest(c))};
    }
    // THREAD: the top-level thread lists; walk each with value::items().
    value_range as_thread() const noexcept { return value_range(payload_); }
    metadata_view as_metadata() const noexcept {
        detail::cursor c = cur();
        metadata_view m;
        m.mailbox = c.next();
        detail::cursor probe = c;
        const value v = probe.next();
        if (v.is_list()) {
            m.has_values = true;
            m.entries = pair_range(v);
        } else {
            m.names = value_range(rest(c));
        }
        return m;
    }

private:
    friend bool detail::fill_response(std::string_view, int, bool, response_view&) noexcept;
    friend void detail::attach_index(response_view&, value_index&, bool);

    detail::cursor cur() const noexcept {
        return detail::cursor{payload_.data(), payload_.data() + payload_.size(), index_,
                              index_end_, frame_.data()};
    }
    value first() const noexcept { return cur().next(); }
    static detail::cursor rest(detail::cursor& c) noexcept {
        c.skip_sp();
        return c;
    }

    response_kind kind_ = response_kind::untagged;
    resp_cond cond_ = resp_cond::none;
    data_kind data_ = data_kind::none;
    std::uint32_t number_ = 0;
    std::string_view frame_, tag_, text_, name_, payload_;
    const detail::index_entry* index_ = nullptr;  // the payload's values, when indexed
    const detail::index_entry* index_end_ = nullptr;
};

namespace detail {

inline resp_cond cond_of(std::string_view w) noexcept {
    if (iequals(w, "OK")) return resp_cond::ok;
    if (iequals(w, "NO")) return resp_cond::no;
    if (iequals(w, "BAD")) return resp_cond::bad;
    if (iequals(w, "BYE")) return resp_cond::bye;
    if (iequals(w, "PREAUTH")) return resp_cond::preauth;
    return resp_cond::none;
}

// Splits a validated frame into the view's parts.
inline bool fill_response(std::string_view frame, int mark, bool greeting, response_view& r) noexcept {
    r = response_view();
    r.frame_ = frame;
    std::string_view line = frame.substr(0, frame.size() - 2);  // without the final CRLF
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    auto word = [&line]() {
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        std::size_t n = 0;
        while (n < line.size() && line[n] != ' ') ++n;
        const std::string_view w = line.substr(0, n);
        line.remove_prefix(n);
        return w;
    };
    auto skip_sp = [&line]() {
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    };
    if (line[0] == '+') {
        r.kind_ = response_kind::continuation;
        line.remove_prefix(1);
        if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        r.text_ = line;
        return true;
    }
    if (line[0] != '*') {
        r.kind_ = response_kind::tagged;
        r.tag_ = word();
        r.cond_ = cond_of(word());
        skip_sp();
        r.text_ = line;
        return true;
    }
    line.remove_prefix(1);
    r.kind_ = greeting ? response_kind::greeting : response_kind::untagged;
    if (mark < 0) {
        r.cond_ = cond_of(word());
        skip_sp();
        r.text_ = line;
        return true;
    }
    r.data_ = static_cast<data_kind>(mark);
    std::string_view w = word();
    if (!w.empty() && w[0] >= '0' && w[0] <= '9') {
        r.number_ = static_cast<std::uint32_t>(to_uint(w).value_or(0));
        w = word();
    }
    r.name_ = w;
    skip_sp();
    r.payload_ = line;
    return true;
}

// Indexes the payload of a data response, whose views then read the index; `built`: the
// index holds that payload's values already.
inline void attach_index(response_view& r, value_index& index, bool built) {
    if (!built && (r.data_ == data_kind::none || !index.build(r.frame_, r.payload_))) {
        index.clear();
        return;
    }
    r.index_ = index.begin();
    r.index_end_ = index.end();
}

// Where the payload of `* nz-number FETCH (...)` CRLF starts (at its "("), or 0 when
// the frame is not one, or is longer than a line may be (so only limits::max_depth and
// max_literal are left for the rules to keep).
inline std::size_t fetch_payload_start(std::string_view frame, const parse_options& opts) noexcept {
    constexpr std::string_view name = " FETCH (";
    if (opts.greeting || frame.size() > opts.limits.max_line || frame.size() > opts.limits.max_response ||
        frame.size() < 14 || frame.substr(0, 2) != "* " || frame.substr(frame.size() - 3) != ")\r\n")
        return 0;
    std::size_t i = 2;
    while (i < frame.size() && frame[i] >= '0' && frame[i] <= '9') ++i;
    const std::string_view seq = frame.substr(2, i - 2);
    if (seq.empty() || seq.size() > 10 || seq[0] == '0' || *to_uint(seq) > UINT32_MAX ||
        frame.substr(i, name.size()) != name)
        return 0;
    return i + name.size() - 1;
}

// A FETCH response parsed by the grammar over the index built first (tape_state,
// grammar/tape.hpp): the rules of its values take each value from the index instead of
// reading its bytes. False when the grammar must parse the bytes (a hard error, or the
// frame is no FETCH response); `indexed` then says whether `index` holds the values of
// the frame's payload, as it would if the grammar took it for a FETCH.
inline bool parse_fetch_indexed(std::string_view frame, response_view& out, value_index& index,
                                const parse_options& opts, bool& indexed) {
    indexed = false;
    const std::size_t payload = fetch_payload_start(frame, opts);
    if (payload == 0) return false;
    fill_response(frame, static_cast<int>(data_kind::fetch), false, out);
    indexed = index.build(frame, out.payload());
    if (!indexed) return false;
    tape_state s(frame, opts, index.begin(), index.end(), index.regular_strings());
    s.cur += payload;
    if (!invoke<msg_att>(s) || s.failed_hard() || s.cur != s.end - 2) return false;
    attach_index(out, index, true);
    return true;
}

inline bool run_response(state& s, const parse_options& opts) {
    return opts.greeting ? run<greeting>(s) : run<response>(s);
}

// The frame failed: parses it again recording where and why, for ec and *err.
inline bool report_failure(std::string_view frame, const parse_options& opts, std::error_code& ec,
                           parse_error* err) {
    state s(frame, opts);
    (void)run_response(s, opts);
    const parse_error e = make_error(s, frame);
    ec = make_error_code(e.code);
    if (err) *err = e;
    return false;
}

inline bool response_too_large(const parse_options& opts, std::error_code& ec, parse_error* err) {
    ec = make_error_code(errc::response_too_large);
    if (err) *err = parse_error{opts.limits.max_response, "response size limit", {}, errc::response_too_large};
    return false;
}

}  // namespace detail

// Validates one frame and fills `out` with views into it. On failure sets ec
// (errc::parse_error, errc::nesting_too_deep, errc::literal_too_large,
// errc::response_too_large, errc::line_too_long) and, when given, *err.
inline bool parse_response(std::string_view frame, response_view& out, std::error_code& ec,
                           const parse_options& opts = {}, parse_error* err = nullptr) {
    out = response_view();
    if (frame.size() > opts.limits.max_response) return detail::response_too_large(opts, ec, err);
    detail::state s(frame, opts);
    s.track = false;
    if (!detail::run_response(s, opts)) return detail::report_failure(frame, opts, ec, err);
    ec.clear();
    return detail::fill_response(frame, s.mark, opts.greeting, out);
}

// The same, and records the values of a data response in `index`, so that its views find
// each value in constant time (grammar/index.hpp). The views stay valid while the frame
// lives and `index` is not used for another response.
inline bool parse_response(std::string_view frame, response_view& out, value_index& index,
                           std::error_code& ec, const parse_options& opts = {},
                           parse_error* err = nullptr) {
    // A FETCH response: the grammar over the index it builds (tape_state).
    bool indexed = false;
    if (detail::parse_fetch_indexed(frame, out, index, opts, indexed)) {
        ec.clear();
        return true;
    }
    // Any other: the grammar reads the bytes, then the values are indexed (a FETCH the
    // fast path left to the grammar has the same payload: its index is kept).
    if (!parse_response(frame, out, ec, opts, err)) {
        index.clear();
        return false;
    }
    detail::attach_index(out, index, indexed && out.data() == data_kind::fetch);
    return true;
}

// The server greeting (RFC 9051 section 7.1): OK, PREAUTH or BYE.
inline bool parse_greeting(std::string_view frame, response_view& out, std::error_code& ec,
                           parse_options opts = {}, parse_error* err = nullptr) {
    opts.greeting = true;
    return parse_response(frame, out, ec, opts, err);
}

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_PARSE_HPP
