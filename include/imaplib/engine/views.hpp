// imaplib-cpp: typed views of imaplib-shaped results.
//
// Every item of a result remembers the response it came from (data_item::frame()), so the
// grammar's zero-copy views (grammar/parse.hpp) are one call away:
//
//   auto r = M.fetch("1:*", "(UID FLAGS ENVELOPE)");
//   for (const grammar::fetch_view& msg : imaplib::fetch_views(r, ec))
//       if (auto env = msg.envelope()) use(msg.uid(), env->subject.str());
//
// (docs/guide.md, "Typed views", has it as a compiled program.)
// and, for results too large to keep, basic_imap4::set_untagged_handler takes
// typed_handler(f): f sees each untagged response as a view over the read buffer.
// Views point into the result's (or the read buffer's) bytes: they live as long as those.
#ifndef IMAPLIB_ENGINE_VIEWS_HPP
#define IMAPLIB_ENGINE_VIEWS_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/error.hpp>
#include <imaplib/grammar/parse.hpp>

#include <functional>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// The typed view of the response `item` came from. False with ec set when the item has
// no frame (None, a nested list, literals sent to a sink) or the response does not parse.
inline bool view_of(const data_item& item, grammar::response_view& out, std::error_code& ec,
                    const grammar::parse_options& options = {}) {
    if (item.frame().empty()) {
        ec = make_error_code(errc::parse_error);
        return false;
    }
    return grammar::parse_response(item.frame(), out, ec, options);
}

// The typed views of the responses behind a result's data, in order, each response once
// (one FETCH response is several imaplib items; they share a frame).
inline std::vector<grammar::response_view> views_of(const response& r, std::error_code& ec,
                                                    const grammar::parse_options& options = {}) {
    std::vector<grammar::response_view> views;
    ec.clear();
    const char* previous = nullptr;
    for (const data_item& item : r.data) {
        if (item.frame().empty() || item.frame().data() == previous) continue;
        previous = item.frame().data();
        grammar::response_view view;
        if (!grammar::parse_response(item.frame(), view, ec, options)) return {};
        views.push_back(view);
    }
    return views;
}

// The FETCH responses of a result (fetch, uid("FETCH", ...), store, partial) as views.
inline std::vector<grammar::fetch_view> fetch_views(const response& r, std::error_code& ec,
                                                    const grammar::parse_options& options = {}) {
    std::vector<grammar::fetch_view> fetches;
    for (const grammar::response_view& view : views_of(r, ec, options))
        if (view.data() == grammar::data_kind::fetch) fetches.push_back(view.as_fetch());
    return fetches;
}

// Adapts `f(const grammar::response_view&) -> bool` for basic_imap4::set_untagged_handler.
// f returns true to consume the response (it is then not kept for imaplib's result). A
// response the grammar rejects is not offered to f and is kept, so nothing is lost. The
// views read a value_index the handler reuses (grammar/index.hpp): they are valid during
// the call only.
template <class F>
std::function<bool(std::string_view)> typed_handler(F f, grammar::parse_options options = {}) {
    return [f = std::move(f), options,
            index = std::make_shared<grammar::value_index>()](std::string_view frame) mutable {
        grammar::response_view view;
        std::error_code ec;
        return grammar::parse_response(frame, view, *index, ec, options) && f(view);
    };
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_VIEWS_HPP
