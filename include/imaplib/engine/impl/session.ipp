// imaplib-cpp: engine/session.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_ENGINE_IMPL_SESSION_IPP
#define IMAPLIB_ENGINE_IMPL_SESSION_IPP

#include <imaplib/config.hpp>
#include <imaplib/engine/session.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL char* read_buffer::prepare(std::size_t n) {
    if (capacity_ - end_ >= n) return storage_.get() + end_;
    if (begin_ > 0 && capacity_ - size() >= n) {
        std::memmove(storage_.get(), data(), size());
    } else {
        std::size_t grown = std::max(capacity_ * 2, size() + n);
        std::unique_ptr<char[]> bigger(new char[grown]);
        if (size()) std::memcpy(bigger.get(), data(), size());
        storage_ = std::move(bigger);
        capacity_ = grown;
    }
    end_ -= begin_;
    begin_ = 0;
    return storage_.get() + end_;
}

IMAPLIB_DECL data_list* untagged_store::find(std::string_view name) noexcept {
    const std::size_t i = position(name);
    if (i == npos) return nullptr;
    last_ = i;
    return &entries_[i].second;
}

IMAPLIB_DECL std::size_t untagged_store::growth(std::string_view name, std::size_t items, std::size_t block_bytes) const noexcept {
    std::size_t add = block_bytes;
    std::size_t size = 0;
    std::size_t capacity = 0;
    const std::size_t i = position(name);
    if (i == npos) {
        add += name_cost(name.size());
        if (entries_.size() == entries_.capacity())
            add += (entries_.capacity() + grown(entries_.capacity())) * (sizeof(entry) + sizeof(std::size_t));
        if (2 * (entries_.size() + 1) > slots_.size())
            add += (std::max<std::size_t>(16, 2 * slots_.size()) - slots_.size()) * sizeof(std::size_t);
    } else {
        size = entries_[i].second.size();
        capacity = entries_[i].second.capacity();
    }
    std::size_t grown_to = capacity;
    while (grown_to < size + items) grown_to = grown_to ? 2 * grown_to : 1;
    return add + (grown_to == capacity ? 0 : grown_to) * sizeof(data_item);
}

IMAPLIB_DECL void untagged_store::append(std::string_view name, data_item item, std::size_t block_bytes) {
    std::size_t i = position(name);
    if (i == npos) i = add_entry(name);
    data_list& list = entries_[i].second;
    const std::size_t before = list.capacity();
    list.push_back(std::move(item));
    const std::size_t cost = (list.capacity() - before) * sizeof(data_item) + block_bytes;
    costs_[i] += cost;
    payload_ += cost;
    last_ = i;
}

IMAPLIB_DECL std::optional<data_list> untagged_store::pop(std::string_view name) {
    const std::size_t i = position(name);
    if (i == npos) return std::nullopt;
    data_list list = std::move(entries_[i].second);
    payload_ -= costs_[i];
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
    costs_.erase(costs_.begin() + static_cast<std::ptrdiff_t>(i));
    if (name == "BYE") bye_ = false;
    reindex();  // positions after i moved
    return list;
}

IMAPLIB_DECL void untagged_store::clear() noexcept {
    std::vector<entry>().swap(entries_);
    std::vector<std::size_t>().swap(costs_);
    std::vector<std::size_t>().swap(slots_);
    payload_ = 0;
    last_ = npos;
    bye_ = false;
}

IMAPLIB_DECL std::size_t untagged_store::position(std::string_view name) const noexcept {
    if (last_ < entries_.size() && entries_[last_].first == name) return last_;
    if (slots_.empty()) return npos;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t h = std::hash<std::string_view>{}(name) & mask;; h = (h + 1) & mask) {
        const std::size_t at = slots_[h];
        if (at == npos || entries_[at].first == name) return at;
    }
}

IMAPLIB_DECL void untagged_store::place(std::size_t at) noexcept {
    const std::size_t mask = slots_.size() - 1;
    std::size_t h = std::hash<std::string_view>{}(entries_[at].first) & mask;
    while (slots_[h] != npos) h = (h + 1) & mask;
    slots_[h] = at;
}

IMAPLIB_DECL void untagged_store::reindex() {
    std::fill(slots_.begin(), slots_.end(), npos);
    for (std::size_t at = 0; at < entries_.size(); ++at) place(at);
    last_ = npos;
}

IMAPLIB_DECL std::size_t untagged_store::add_entry(std::string_view name) {
    entries_.emplace_back(std::string(name), data_list{});
    costs_.push_back(name_cost(name.size()));
    payload_ += costs_.back();
    if (name == "BYE") bye_ = true;
    if (2 * entries_.size() > slots_.size()) {
        slots_.assign(std::max<std::size_t>(16, 2 * slots_.size()), npos);
        reindex();
    } else {
        place(entries_.size() - 1);
    }
    return entries_.size() - 1;
}

IMAPLIB_DECL observer_ref& observer_ref::operator=(observer_ref&& o) noexcept {
    p = o.p;
    o.p = nullptr;
    return *this;
}

}  // namespace detail

IMAPLIB_DECL void session::start(std::string tagpre) {
    tagpre_ = std::move(tagpre);
    tagnum_ = 0;
    tagged_.clear();
    untagged_.clear();
    secret_exchange_.clear();
    state_ = imaplib::state::logout;
    utf8_accepted_ = false;
    enabled_.clear();
    idle_tag_.clear();
    idling_ = done_asked_ = false;
    capture_ = false;
    captured_.clear();
    captured_cost_.clear();
    captured_bytes_ = 0;
}

IMAPLIB_DECL void session::discard_io() noexcept {
    idle_tag_.clear();
    secret_exchange_.clear();
    idling_ = done_asked_ = false;
    in_.clear();
    reader_.reset();
    pending_ = 0;
    out_.clear();
    out_head_ = 0;
    out_offset_ = 0;
    sending_.clear();
}

IMAPLIB_DECL void session::feed(std::string_view bytes) {
    if (bytes.empty()) return;
    std::memcpy(prepare(bytes.size()), bytes.data(), bytes.size());
    commit(bytes.size());
}

IMAPLIB_DECL void session::consume_input(std::size_t n) {
    settle();
    in_.consume(n);
    taken_ += n;
    reader_.reset();
    frame_start_ = taken_;
}

IMAPLIB_DECL void session::consume_output(std::size_t n) {
    out_offset_ += n;
    while (has_output() && out_offset_ >= out_[out_head_].bytes().size()) {
        out_offset_ -= out_[out_head_].bytes().size();
        // A '+' may only answer a line the server could have read: remember how much
        // had been received when its last byte left (older '+' are stale).
        if (out_[out_head_].marks && !sending_.empty()) {
            sending_.front().mark = received_;
            sending_.front().marked = true;
        }
        if (++out_head_ == out_.size()) {
            out_.clear();
            out_head_ = 0;
        }
    }
}

IMAPLIB_DECL std::string session::command(std::string_view name, const command_arg* args, std::size_t nargs, arg_list extra,
                                          failure& f, bool authenticate) {
    state_set set = 0;
    if (!allowed(name, set)) {
        f.set(errc::illegal_state, illegal_state_text(name, set));
        return {};
    }
    if (!idle_tag_.empty()) {  // imaplib 3.14's IDLING state
        f.set(errc::illegal_state, "command " + std::string(name) + " illegal in state IDLING, only allowed in states " +
                                       state_names(set));
        return {};
    }
    std::string tag = tagpre_ + std::to_string(tagnum_);
    std::string first;
    first.reserve(tag.size() + 1 + name.size());
    first.append(tag);
    first.push_back(' ');
    first.append(name);
    detail::command_line line(std::move(first));
    std::error_code ec;
    std::string why;
    for (std::size_t i = 0; i < nargs && !ec; ++i)
        if (args[i].present) line.add(args[i].text, args[i].kind, utf8_accepted_, ec, why);
    for (std::string_view a : extra) {
        if (ec) break;
        line.add(a, detail::arg_kind::raw, utf8_accepted_, ec, why);
    }
    if (ec) {
        f.set(ec, why);
        return {};
    }
    ++tagnum_;
    tagged_.emplace_back(tag, std::nullopt);
    if (observer_) observer_->sent_command(line.redacted(0));

    if (line.literals().empty() && !authenticate && sending_.empty()) {
        queue_line(line.text()[0], false);
        return tag;
    }
    outgoing c;
    c.tag = tag;
    c.text = line.text();
    c.literals = line.literals();
    c.authenticate = authenticate;
    for (std::size_t k = 0; k < c.literals.size(); ++k) {
        c.sync.push_back(is_sync(c.literals[k].size()));
        if (!c.sync.back()) c.text[k].insert(c.text[k].size() - 1, 1, '+');  // {N} -> {N+}
    }
    sending_.push_back(std::move(c));
    pump();
    return tag;
}

IMAPLIB_DECL std::string session::idle(failure& f) {
    constexpr state_set allowed_in = detail::auth_or_selected;
    const char* now = idle_tag_.empty() ? nullptr : "IDLING";
    if (now || !(allowed_in & static_cast<state_set>(state_))) {
        f.set(errc::illegal_state, "command IDLE illegal in state " +
                                       std::string(now ? std::string_view(now) : to_string(state_)) +
                                       ", only allowed in states " + state_names(allowed_in));
        return {};
    }
    std::string tag = tagpre_ + std::to_string(tagnum_);
    ++tagnum_;
    tagged_.emplace_back(tag, std::nullopt);
    outgoing c;
    c.tag = tag;
    c.text.push_back(tag + " IDLE");
    c.idle = true;
    if (observer_) observer_->sent_command(c.text[0]);
    sending_.push_back(std::move(c));
    pump();
    idle_tag_ = tag;
    idling_ = done_asked_ = false;
    return tag;
}

IMAPLIB_DECL void session::done() {
    if (idle_tag_.empty() || done_asked_) return;
    done_asked_ = true;
    if (idling_) queue_line("DONE", false);
}

IMAPLIB_DECL void session::capture_untagged(bool on) {
    capture_ = on;
    if (on) return;
    for (std::size_t i = 0; i < captured_.size(); ++i) {
        std::size_t cost = captured_cost_[i];  // the block, with its first item
        for (data_item& item : captured_[i].data) {
            untagged_.append(captured_[i].typ, std::move(item), cost);
            cost = 0;
        }
    }
    captured_.clear();
    captured_cost_.clear();
    captured_bytes_ = 0;
}

IMAPLIB_DECL response session::take_captured() {
    response r = std::move(captured_.front());
    captured_bytes_ -= captured_cost_.front();
    captured_.pop_front();
    captured_cost_.pop_front();
    return r;
}

IMAPLIB_DECL std::string session::authenticate(std::string_view mechanism, std::optional<std::string_view> initial_response,
                                               failure& f) {
    const command_arg args[] = {{mechanism, arg_kind::raw, true},
                                {initial_response.value_or(std::string_view()), arg_kind::raw,
                                 initial_response.has_value()}};
    detail::observer_ref told = std::move(observer_);  // the line holds a secret: redacted below
    std::string tag = command("AUTHENTICATE", args, 2, {}, f, true);
    observer_ = std::move(told);
    if (f) return tag;
    if (observer_)
        observer_->sent_command(tag + " AUTHENTICATE " + std::string(mechanism) + (initial_response ? " ***" : ""));
    secret_exchange_ = tag;
    return tag;
}

IMAPLIB_DECL bool session::sending(std::string_view tag) const noexcept {
    for (const outgoing& c : sending_)
        if (c.tag == tag) return true;
    return false;
}

IMAPLIB_DECL std::string session::challenge() const {
    if (!continuation_) return {};
    std::error_code ignored;
    return base64_decode(*continuation_, ignored);
}

IMAPLIB_DECL void session::answer_challenge(const std::optional<std::string>& answer) {
    std::string reply = answer ? base64_encode(*answer) : std::string("*");
    if (observer_) observer_->sent_literal(reply.size());
    queue_line(reply, true);
}

IMAPLIB_DECL bool session::next(session_event& ev, failure& f) {
    settle();
    std::error_code ec;
    const framing::status s = reader_.parse(in_.view(), ec);
    if (ec) {
        f.set(ec, "socket error: " + ec.message());
        return false;
    }
    if (s != framing::status::complete) {
        if (literal_sink_ && reader_.in_literal()) stream_literal_bytes();
        return false;
    }
    if (!take(ev, f)) return false;
    pending_ = reader_.size();
    reader_.reset();
    return true;
}

IMAPLIB_DECL bool session::allowed(std::string_view name, state_set& set) {
    if (name != checked_name_) {  // a driver checks before it queues: look up once
        if (const command_info* info = find_command(name)) {
            checked_set_ = info->allowed;
        } else if (const state_set* ext = find_extension(name)) {
            checked_set_ = *ext;
        } else {
            checked_set_ = 0;
        }
        checked_name_.assign(name.data(), name.size());
    }
    set = checked_set_;
    return set & static_cast<state_set>(state_);
}

IMAPLIB_DECL const state_set* session::find_extension(std::string_view name) const {
    for (const auto& e : extensions_)
        if (e.first == name) return &e.second;
    return nullptr;
}

IMAPLIB_DECL std::optional<response> session::take_tagged(std::string_view tag) {
    for (auto it = tagged_.begin(); it != tagged_.end(); ++it) {
        if (it->first == tag && it->second) {
            response r = std::move(*it->second);
            tagged_.erase(it);
            return r;
        }
    }
    return std::nullopt;
}

IMAPLIB_DECL bool session::completed(std::string_view tag) const noexcept {
    for (const auto& t : tagged_)
        if (t.first == tag) return t.second.has_value();
    return false;
}

IMAPLIB_DECL void session::forget(std::string_view tag) {
    if (tag == secret_exchange_) secret_exchange_.clear();
    tagged_.erase(std::remove_if(tagged_.begin(), tagged_.end(), [&](const auto& t) { return t.first == tag; }),
                  tagged_.end());
    sending_.erase(std::remove_if(sending_.begin(), sending_.end(), [&](const auto& c) { return c.tag == tag; }),
                   sending_.end());
}

IMAPLIB_DECL bool session::upgrade_ready(failure& f) {
    if (input().empty()) return true;
    f.set(errc::starttls_injection, "data received after STARTTLS OK and before the TLS handshake");
    return false;
}

IMAPLIB_DECL void session::queue_line(std::string_view text, bool marks) {
    segment s;
    s.owned.reserve(text.size() + 2);
    s.owned.append(text).append("\r\n");
    s.marks = marks;
    out_.push_back(std::move(s));
}

IMAPLIB_DECL void session::queue_literal(std::string_view bytes) {
    if (observer_) observer_->sent_literal(bytes.size());
    segment s;
    s.view = bytes;
    out_.push_back(std::move(s));  // even when empty: one write per part, as imaplib
}

IMAPLIB_DECL void session::pump() {
    while (!sending_.empty()) {
        outgoing& c = sending_.front();
        if (c.waiting) return;
        const std::size_t k = c.next;
        const bool last = k + 1 == c.text.size();
        const bool wait = last ? c.authenticate || c.idle : c.sync[k];
        queue_line(c.text[k], wait);
        if (wait) {
            c.waiting = true;
            c.marked = false;
            return;
        }
        if (last) {
            sending_.pop_front();
            continue;
        }
        queue_literal(c.literals[k]);
        c.next = k + 1;
    }
}

IMAPLIB_DECL void session::continue_front() {
    outgoing& c = sending_.front();
    c.marked = false;
    if (c.authenticate) return;
    if (c.idle) {  // nothing more to send but DONE
        sending_.pop_front();
        idling_ = true;
        if (done_asked_) queue_line("DONE", false);
        return;
    }
    queue_literal(c.literals[c.next]);
    ++c.next;
    c.waiting = false;
    pump();
}

IMAPLIB_DECL void session::settle() noexcept {
    if (pending_ == 0) return;
    in_.consume(pending_);
    taken_ += pending_;
    pending_ = 0;
    frame_start_ = taken_;
}

IMAPLIB_DECL bool session::take(session_event& ev, failure& f) {
    const std::string_view frame = in_.view().substr(0, reader_.size());
    const auto& literals = reader_.literals();
    const std::string_view resp = frame_line(frame, literals, 0);
    if (observer_) {
        const bool hide = !secret_exchange_.empty() && !resp.empty() && resp[0] == '+';
        observer_->received_line(hide ? std::string_view("+ ***") : resp);
    }
    ev = session_event{};
    ev.frame = frame;
    ev.line = resp;

    std::string_view type;
    if (detail::match_tagged(resp, tagpre_, type)) {
        const std::string_view tag = resp.substr(0, resp.find(' '));
        std::optional<response>* slot = tagged_slot(tag);
        if (!slot) {
            f.set(errc::protocol_violation, "unexpected tagged response: " + detail::repr(resp));
            return false;
        }
        if (!literals.empty()) {
            f.set(errc::protocol_violation, "unexpected literal in tagged response: " + detail::repr(resp));
            return false;
        }
        const std::string_view typ = upper_type(type);
        const std::string_view data = detail::tagged_data(resp);
        detail::item_block block = detail::item_block::allocate(frame.size(), frame.size());
        std::memcpy(block.data(), frame.data(), frame.size());
        const std::string_view dat(block.data() + (data.data() - frame.data()), data.size());
        slot->emplace(response{std::string(typ), {data_item::from_bytes(block, dat)}});
        const std::size_t cost =
            detail::item_block::footprint_of(frame.size()) + detail::untagged_store::allocation_overhead;
        if (!response_code(typ, block, cost, dat, f)) return false;
        ev.type = session_event::kind::tagged;
        ev.tag = tag;
        ev.name = typ;
        ev.text = data;
        if (tag == secret_exchange_) secret_exchange_.clear();
        if (tag == idle_tag_) {
            idle_tag_.clear();
            idling_ = done_asked_ = false;
        }
        // A completion ends the command's sending: a literal it waited for never goes
        // (RFC 3501 section 7.5).
        if (!sending_.empty()) {
            if (sending_.front().tag == tag) {
                sending_.pop_front();
                pump();
            } else {
                sending_.erase(std::remove_if(sending_.begin(), sending_.end(),
                                              [&](const outgoing& c) { return c.tag == tag; }),
                               sending_.end());
            }
        }
        return true;
    }
    if (!resp.empty() && resp[0] == '+' && literals.empty()) {
        if (resp.size() > 1 && resp[1] == ' ')
            continuation_ = std::string(resp.substr(2));
        else
            continuation_.reset();
        ev.type = session_event::kind::continuation;
        ev.text = resp.size() > 1 && resp[1] == ' ' ? resp.substr(2) : resp.substr(resp.size());
        if (!sending_.empty() && sending_.front().waiting) {
            const outgoing& c = sending_.front();
            if (!c.marked || frame_start_ < c.mark) {
                f.set(errc::protocol_violation, "continuation request received before the command was sent");
                return false;
            }
            ev.tag = c.tag;
            continue_front();
        }
        // Otherwise nobody asked for it: ignored, as imaplib does.
        return true;
    }
    detail::untagged_line line;
    if (!detail::match_untagged(resp, line)) {
        f.set(errc::protocol_violation, "unexpected response: " + detail::repr(resp));
        return false;
    }
    const std::string_view typ = upper_type(line.type);
    const std::string_view last = line.data.empty() ? line.number : line.data;
    if (!literals.empty() && (last.empty() || last.back() != '}')) {
        f.set(errc::protocol_violation, "literal announced where none can be: " + detail::repr(resp));
        return false;
    }
    ev.type = typ == "BYE" ? session_event::kind::bye : session_event::kind::untagged;
    ev.name = typ;
    ev.number = line.number;
    ev.text = line.data;
    if (untagged_handler_ && !is_status(typ) && !streamed(literals) && untagged_handler_(frame)) {
        ev.kept = false;  // consumed by the handler: nothing kept
    } else if (!store_untagged(typ, line, frame, literals, f)) {
        return false;
    }
    return true;
}

IMAPLIB_DECL std::string_view session::upper_type(std::string_view type) {
    bool lower = false;
    for (char c : type) lower |= c >= 'a' && c <= 'z';
    if (!lower) return type;
    typ_.assign(type.data(), type.size());
    for (char& c : typ_) c = detail::to_upper(c);
    return typ_;
}

IMAPLIB_DECL std::optional<response>* session::tagged_slot(std::string_view tag) {
    for (auto& t : tagged_)
        if (t.first == tag) return &t.second;
    return nullptr;
}

IMAPLIB_DECL bool session::streamed(const std::vector<framing::literal>& literals) noexcept {
    for (const auto& l : literals)
        if (l.streamed) return true;
    return false;
}

IMAPLIB_DECL bool session::response_code(std::string_view typ, const detail::item_block& block, std::size_t cost,
                                         std::string_view dat, failure& f) {
    if (typ == "OK" || typ == "NO" || typ == "BAD") {
        if (auto code = detail::match_response_code(dat)) {
            if (!room(code->type, 1, cost, f)) return false;
            append_untagged(code->type,
                            data_item::from_bytes(block, code->data.value_or(std::string_view())), cost);
            if (observer_) observer_->status_response(code->type, dat);
            return true;
        }
    }
    if (observer_) observer_->status_response(typ, dat);
    return true;
}

IMAPLIB_DECL void session::append_untagged(std::string_view typ, data_item item, std::size_t block_bytes) {
    if (capture_) {  // a literal's pieces and the line after it make one response
        if (captured_.empty() || !captured_.back().data.back().is_literal()) {
            captured_.push_back(response{std::string(typ), {}});
            captured_cost_.push_back(0);
        }
        captured_.back().data.push_back(std::move(item));
        captured_cost_.back() += block_bytes + sizeof(data_item);
        captured_bytes_ += block_bytes + sizeof(data_item);
        return;
    }
    if (observer_) observer_->stored(typ, item);
    untagged_.append(typ, std::move(item), block_bytes);
}

IMAPLIB_DECL bool session::room(std::string_view name, std::size_t items, std::size_t block_bytes, failure& f) {
    const std::size_t max = limits_.max_untagged;
    const std::size_t now = untagged_.footprint() + captured_bytes_;
    if (now <= max && untagged_.growth(name, items, block_bytes) <= max - now) return true;
    f.set(errc::untagged_too_large, "untagged responses kept would exceed the limit of " + std::to_string(max) +
                                        " bytes (limits::max_untagged); the caller must take them with response()");
    return false;
}

IMAPLIB_DECL void session::stream_literal_bytes() {
    const framing::literal& lit = reader_.literals().back();
    const std::size_t n = reader_.literal_buffered();
    if (n == 0) return;
    literal_sink_(literal_chunk{frame_line(in_.view(), reader_.literals(), reader_.literals().size() - 1),
                                lit.size, lit.streamed, in_.view().substr(lit.offset, n)});
    in_.truncate(lit.offset);
    taken_ += n;
    reader_.skip_literal_bytes(0);
}

IMAPLIB_DECL std::size_t session::frame_line_end(std::string_view frame, const std::vector<framing::literal>& literals,
                                                 std::size_t i) noexcept {
    if (i < literals.size()) return frame.find('}', literals[i].header) + 1;
    std::size_t end = frame.size() - 1;  // the LF
    if (end > 0 && frame[end - 1] == '\r') --end;
    return end;
}

IMAPLIB_DECL bool session::store_untagged(std::string_view typ, const detail::untagged_line& line, std::string_view frame,
                                          const std::vector<framing::literal>& literals, failure& f) {
    const std::size_t n = literals.size();
    const bool lines_only = literal_sink_ && n > 0;
    // The first line's data is a piece of the line, except for "* N TYPE data", where
    // imaplib builds "N data".
    const bool rebuilt = !line.number.empty() && !line.data.empty();
    std::size_t kept = 0;
    if (lines_only) {
        for (std::size_t i = 0; i <= n; ++i) kept += frame_line(frame, literals, i).size();
    } else {
        kept = frame.size();
    }
    const std::size_t size = kept + (rebuilt ? line.number.size() + 1 + line.data.size() : 0);
    const std::size_t cost = detail::item_block::footprint_of(size) + detail::untagged_store::allocation_overhead;
    if (!room(typ, n + 1, cost, f)) return false;

    detail::item_block block = detail::item_block::allocate(size, lines_only ? 0 : frame.size());
    char* const all = block.data();
    std::vector<std::size_t> line_at;  // lines_only: where line i starts in the block
    if (lines_only) {
        line_at.reserve(n + 1);
        std::size_t at = 0;
        for (std::size_t i = 0; i <= n; ++i) {
            const std::string_view text = frame_line(frame, literals, i);
            line_at.push_back(at);
            std::memcpy(all + at, text.data(), text.size());
            at += text.size();
        }
    } else {
        std::memcpy(all, frame.data(), frame.size());
    }
    if (rebuilt) {
        char* out = all + kept;
        std::memcpy(out, line.number.data(), line.number.size());
        out[line.number.size()] = ' ';
        std::memcpy(out + line.number.size() + 1, line.data.data(), line.data.size());
    }
    const auto stored_line = [&](std::size_t i) {
        const std::string_view in_frame = frame_line(frame, literals, i);
        const std::size_t at = lines_only ? line_at[i] : static_cast<std::size_t>(in_frame.data() - frame.data());
        return std::string_view(all + at, in_frame.size());
    };

    const std::string_view own = line.data.empty() && !line.number.empty() ? line.number : line.data;
    std::string_view dat = rebuilt ? std::string_view(all + kept, size - kept)
                                   : stored_line(0).substr(static_cast<std::size_t>(own.data() - frame.data()),
                                                           own.size());
    std::size_t charge = cost;  // the block is counted with the first item under typ
    for (std::size_t i = 0; i < n; ++i) {
        if (observer_) observer_->received_literal(literals[i].size);
        const std::size_t in_buffer = literals[i].size - literals[i].streamed;
        if (literal_sink_) {
            literal_sink_(literal_chunk{frame_line(frame, literals, i), literals[i].size, literals[i].streamed,
                                        frame.substr(literals[i].offset, in_buffer)});
            append_untagged(typ, data_item::from_literal(block, dat, std::string_view()), charge);
        } else {
            append_untagged(typ,
                            data_item::from_literal(block, dat, std::string_view(all + literals[i].offset, in_buffer)),
                            charge);
        }
        charge = 0;
        dat = stored_line(i + 1);
        if (observer_) observer_->received_line(dat);
    }
    append_untagged(typ, data_item::from_bytes(block, dat), charge);
    return response_code(typ, block, cost, dat, f);
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_SESSION_IPP
