// imaplib-cpp: the IMAP protocol session, with no I/O and no clock.
//
// The sans-I/O shape of Beast's basic_parser beside http::read: bytes in (prepare/commit
// or feed), bytes out (output/consume_output), events out (next). The session owns what
// the protocol needs between those: tags, the state table (imaplib's Commands), the
// tagged and untagged responses as imaplib stores them, literal continuations
// (synchronising, LITERAL+ and LITERAL- when told the server offers them), AUTHENTICATE's
// challenge loop, IDLE (DONE can be queued while a read is pending), STARTTLS's rule
// and the response limits. Several commands may be in flight at once; a command waiting
// for '+' holds back the ones queued after it.
//
// The blocking client (engine/basic_imap4.hpp) is one driver of it; an event loop of
// one's own is another (docs/architecture.md shows one).
#ifndef IMAPLIB_ENGINE_SESSION_HPP
#define IMAPLIB_ENGINE_SESSION_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/commands.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/error.hpp>
#include <imaplib/framing/reader.hpp>
#include <imaplib/limits.hpp>
#include <imaplib/util/base64.hpp>

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

// A growable byte buffer with a consumed prefix: bytes are appended at the end and whole
// responses consumed from the front.
class read_buffer {
public:
    const char* data() const noexcept { return storage_.get() + begin_; }
    std::size_t size() const noexcept { return end_ - begin_; }
    std::string_view view() const noexcept { return {data(), size()}; }

    // Room for at least `n` more bytes after the data.
    char* prepare(std::size_t n) {
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
    void commit(std::size_t n) noexcept { end_ += n; }
    // Drops everything from `offset` (relative to data()) to the end.
    void truncate(std::size_t offset) noexcept {
        if (offset < size()) end_ = begin_ + offset;
        if (begin_ == end_) begin_ = end_ = 0;
    }
    void consume(std::size_t n) noexcept {
        begin_ += n;
        if (begin_ == end_) begin_ = end_ = 0;
    }
    void clear() noexcept { begin_ = end_ = 0; }
    std::size_t capacity() const noexcept { return capacity_; }
    // Gives the storage back when empty and larger than `keep` bytes (a big response is
    // over; an idle connection keeps only a small buffer).
    void shrink(std::size_t keep) noexcept {
        if (size() == 0 && capacity_ > keep) {
            storage_.reset();
            capacity_ = begin_ = end_ = 0;
        }
    }

private:
    std::unique_ptr<char[]> storage_;
    std::size_t capacity_ = 0;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
};

// imaplib's untagged_responses: {name: [data, ...]} in the order first received, with an
// index by name (so 200,000 distinct names cost what 200,000 repeats of one do) and a
// count of the bytes it holds, which limits::max_untagged caps.
class untagged_store {
public:
    using entry = std::pair<std::string, data_list>;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    // What the allocator adds to each allocation it hands out (glibc: 8 to 16 bytes).
    static constexpr std::size_t allocation_overhead = 2 * sizeof(void*);

    const std::vector<entry>& entries() const noexcept { return entries_; }
    bool has_bye() const noexcept { return bye_; }

    // Bytes held: items (vector capacity included), the blocks they keep alive (each
    // counted once per name it is stored under), names and the index.
    std::size_t footprint() const noexcept {
        return payload_ + entries_.capacity() * sizeof(entry) + costs_.capacity() * sizeof(std::size_t) +
               slots_.capacity() * sizeof(std::size_t);
    }

    data_list* find(std::string_view name) noexcept {
        const std::size_t i = position(name);
        if (i == npos) return nullptr;
        last_ = i;
        return &entries_[i].second;
    }

    // How much footprint() may grow when `items` items and a block of `block_bytes` are
    // stored under `name`, counting the moment a vector moves, when the old array and
    // the new (twice as large, as libstdc++ and libc++ grow) are both allocated.
    std::size_t growth(std::string_view name, std::size_t items, std::size_t block_bytes) const noexcept {
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

    // Appends `item` under `name`; `block_bytes` is what its block costs when this is the
    // block's first item under this name (0 otherwise).
    void append(std::string_view name, data_item item, std::size_t block_bytes) {
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

    std::optional<data_list> pop(std::string_view name) {
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

    void clear() noexcept {
        std::vector<entry>().swap(entries_);
        std::vector<std::size_t>().swap(costs_);
        std::vector<std::size_t>().swap(slots_);
        payload_ = 0;
        last_ = npos;
        bye_ = false;
    }

private:
    static std::size_t grown(std::size_t capacity) noexcept { return capacity ? capacity : 1; }
    // A name's own cost: its heap buffer when too long for the string's inline one.
    static std::size_t name_cost(std::size_t size) noexcept {
        return size > 15 ? size + 1 + allocation_overhead : 0;
    }

    // Open addressing over positions in entries_ (npos: free), at most half full; the
    // last name found is tried first (a FETCH response follows a FETCH response).
    std::size_t position(std::string_view name) const noexcept {
        if (last_ < entries_.size() && entries_[last_].first == name) return last_;
        if (slots_.empty()) return npos;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t h = std::hash<std::string_view>{}(name) & mask;; h = (h + 1) & mask) {
            const std::size_t at = slots_[h];
            if (at == npos || entries_[at].first == name) return at;
        }
    }
    void place(std::size_t at) noexcept {
        const std::size_t mask = slots_.size() - 1;
        std::size_t h = std::hash<std::string_view>{}(entries_[at].first) & mask;
        while (slots_[h] != npos) h = (h + 1) & mask;
        slots_[h] = at;
    }
    void reindex() {
        std::fill(slots_.begin(), slots_.end(), npos);
        for (std::size_t at = 0; at < entries_.size(); ++at) place(at);
        last_ = npos;
    }
    std::size_t add_entry(std::string_view name) {
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

    std::vector<entry> entries_;
    std::vector<std::size_t> costs_;  // per entry: its items, blocks and name
    std::vector<std::size_t> slots_;
    std::size_t payload_ = 0;         // the sum of costs_
    std::size_t last_ = npos;
    bool bye_ = false;
};

}  // namespace detail

// A failure with its message: what went wrong travels with the code, up the calls.
struct failure {
    std::error_code code;
    std::string message;

    explicit operator bool() const noexcept { return static_cast<bool>(code); }
    void set(std::error_code c, std::string text) {
        code = c;
        message = std::move(text);
    }
    void set(errc c, std::string text) { set(make_error_code(c), std::move(text)); }
};

// One piece of a literal, handed to a literal sink as it arrives (bulk downloads).
struct literal_chunk {
    std::string_view line;   // the response line that announced the literal, up to "{N}"
    std::size_t size = 0;    // N: the literal's whole size
    std::size_t offset = 0;  // where `bytes` starts within the literal
    std::string_view bytes;  // the bytes themselves, valid during the call only
    bool last() const noexcept { return offset + bytes.size() == size; }
};

// One command argument. `present` is false for imaplib's None (skipped).
struct command_arg {
    std::string_view text;
    detail::arg_kind kind;
    bool present = true;
};

// What one response was. Views are valid until the next call on the session.
struct session_event {
    enum class kind { tagged, untagged, continuation, bye };
    kind type = kind::untagged;
    std::string_view frame;  // the whole response as received (lines, literals, CRLF)
    std::string_view line;   // its first line, without the line end
    std::string_view tag;    // tagged: its tag; continuation: the command it serves, if any
    std::string_view name;   // tagged: OK, NO or BAD; untagged and BYE: the type, upper case
    std::string_view number; // untagged `* N TYPE ...`: N (a message number or a count)
    std::string_view text;   // after the type (or, for continuation, after "+ ")
    bool kept = true;        // untagged: stored (false: the untagged handler consumed it)
};

// Told what the session reads and writes, for debug output (imaplib's _log and _mesg).
class session_observer {
public:
    virtual ~session_observer() = default;
    virtual void received_line(std::string_view line) = 0;          // each line read
    virtual void received_literal(std::size_t size) = 0;            // each literal read
    virtual void stored(std::string_view type, const data_item&) = 0;  // untagged store += item
    virtual void status_response(std::string_view name, std::string_view text) = 0;  // OK/NO/BAD/BYE, or its code
    virtual void sent_command(std::string_view line) = 0;           // the first line, secrets hidden
    virtual void sent_literal(std::size_t size) = 0;                // a literal or an AUTHENTICATE answer
};

namespace detail {

// The session's observer: not owned, and not carried over by a move (a moved-from
// session reports to nobody).
struct observer_ref {
    session_observer* p = nullptr;
    observer_ref() = default;
    observer_ref(session_observer* o) noexcept : p(o) {}
    observer_ref(observer_ref&& o) noexcept : p(o.p) { o.p = nullptr; }
    observer_ref& operator=(observer_ref&& o) noexcept {
        p = o.p;
        o.p = nullptr;
        return *this;
    }
    session_observer* operator->() const noexcept { return p; }
    explicit operator bool() const noexcept { return p != nullptr; }
};

}  // namespace detail

// How literals go out (RFC 7888). The server must have offered LITERAL+ (any size) or
// LITERAL- (up to 4096 bytes); imaplib never uses them, so the blocking client keeps off.
enum class nonsync_literals { off, plus, minus };

class session {
public:
    using literal_sink_type = std::function<void(const literal_chunk&)>;
    using untagged_handler_type = std::function<bool(std::string_view frame)>;
    using arg_kind = detail::arg_kind;  // how each command argument goes on the wire

    explicit session(limits l = {}) : limits_(l), reader_(l) {}

    // ---- connection -------------------------------------------------------------------

    // A new connection: tags start with `tagpre`, nothing stored, state LOGOUT.
    void start(std::string tagpre) {
        tagpre_ = std::move(tagpre);
        tagnum_ = 0;
        tagged_.clear();
        untagged_.clear();
        secret_exchange_.clear();
        state_ = imaplib::state::logout;
        utf8_accepted_ = false;
        idle_tag_.clear();
        idling_ = done_asked_ = false;
        capture_ = false;
        captured_.clear();
        captured_cost_.clear();
        captured_bytes_ = 0;
    }
    // Forgets every byte in either direction (the connection is gone or starts anew),
    // and an IDLE with it.
    void discard_io() noexcept {
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

    // ---- bytes in -----------------------------------------------------------------------

    // Room for `n` bytes to read into; commit(k) then makes k of them part of the input.
    char* prepare(std::size_t n) {
        settle();
        return in_.prepare(n);
    }
    void commit(std::size_t n) noexcept {
        in_.commit(n);
        received_ += n;
    }
    void feed(std::string_view bytes) {
        if (bytes.empty()) return;
        std::memcpy(prepare(bytes.size()), bytes.data(), bytes.size());
        commit(bytes.size());
    }
    // Bytes received and not yet taken by a response, and taking them outside the
    // framing (imaplib's read() and readline()).
    std::string_view input() {
        settle();
        return in_.view();
    }
    void consume_input(std::size_t n) {
        settle();
        in_.consume(n);
        taken_ += n;
        reader_.reset();
        frame_start_ = taken_;
    }
    std::uint64_t received() const noexcept { return received_; }
    // The input buffer's size, and giving it back when nothing is buffered and it is
    // larger than `keep` bytes (an event-loop driver after a big response). Not while a
    // read into prepare()'s space is pending.
    std::size_t input_capacity() const noexcept { return in_.capacity(); }
    void shrink_input(std::size_t keep) noexcept {
        settle();
        in_.shrink(keep);
    }

    // ---- bytes out ----------------------------------------------------------------------

    // The next bytes to write (one command line, literal or answer at a time), empty when
    // nothing is to be written; consume_output(n) after writing n of them.
    std::string_view output() const noexcept {
        return has_output() ? out_[out_head_].bytes().substr(out_offset_) : std::string_view();
    }
    bool has_output() const noexcept { return out_head_ < out_.size(); }
    // Every part ready to be written, output() first: a driver may write several in one
    // go (pipelined commands) and then consume_output() what went.
    std::size_t output_parts() const noexcept { return out_.size() - out_head_; }
    std::string_view output_part(std::size_t i) const noexcept {
        return i == 0 ? output() : out_[out_head_ + i].bytes();
    }
    void consume_output(std::size_t n) {
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

    // ---- commands -------------------------------------------------------------------

    // Queues a command; returns its tag, or nothing with `f` set (state, argument).
    // Literal bytes are not copied: they must outlive the command's sending (sending()).
    // `authenticate`: every '+' is a challenge, answered with answer_challenge().
    std::string command(std::string_view name, const command_arg* args, std::size_t nargs, arg_list extra,
                        failure& f, bool authenticate = false) {
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

    std::string command(std::string_view name, std::initializer_list<command_arg> args, failure& f,
                        bool authenticate = false) {
        return command(name, args.begin(), args.size(), {}, f, authenticate);
    }

    // IDLE (RFC 2177): queues the command. Once the server's '+' came, idling() is true
    // and what the server sends arrives as events; done() ends it (DONE goes out, after
    // the '+' if that has not come yet), and the IDLE's tagged completion ends idling().
    // No other command may be queued until then.
    std::string idle(failure& f) {
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
    // Whether the server accepted IDLE and it has not ended yet.
    bool idling() const noexcept { return idling_; }
    // Ends IDLE: DONE goes out now, or as soon as the server's '+' has come.
    void done() {
        if (idle_tag_.empty() || done_asked_) return;
        done_asked_ = true;
        if (idling_) queue_line("DONE", false);
    }

    // imaplib 3.14's _idle_capture: while on, untagged responses are not stored but queued
    // in captured(), one (typ, [data...]) per response in arrival order, for an idler to
    // hand out. Turning it off moves what is left to the store, as imaplib's Idler does.
    void capture_untagged(bool on) {
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
    // The queued responses (they count against limits::max_untagged), oldest first.
    const std::deque<response>& captured() const noexcept { return captured_; }
    response take_captured() {
        response r = std::move(captured_.front());
        captured_bytes_ -= captured_cost_.front();
        captured_.pop_front();
        captured_cost_.pop_front();
        return r;
    }
    // The IDLE command in progress (queued, idling or ending), if any.
    bool in_idle() const noexcept { return !idle_tag_.empty(); }

    // AUTHENTICATE driven by a SASL mechanism (RFC 9051 section 6.2.2): `initial_response`,
    // already in base64 ("=" when empty), goes with the command (SASL-IR, RFC 4959). Every
    // '+' is then a challenge (answer_challenge()). The debug observer never sees the
    // initial response nor the challenges: "***" stands for them (SCRAM's salt and server
    // signature allow offline guessing, as does every answer).
    std::string authenticate(std::string_view mechanism, std::optional<std::string_view> initial_response,
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

    // Whether the command `tag` still has bytes to send or, for AUTHENTICATE, is still
    // exchanging challenges.
    bool sending(std::string_view tag) const noexcept {
        for (const outgoing& c : sending_)
            if (c.tag == tag) return true;
        return false;
    }

    // The decoded challenge of the last continuation request (empty if it does not
    // decode, as imaplib passes b'' then).
    std::string challenge() const {
        if (!continuation_) return {};
        std::error_code ignored;
        return base64_decode(*continuation_, ignored);
    }
    // AUTHENTICATE's answer to the challenge: the response to encode, or nullopt to
    // cancel the exchange ('*', RFC 3501 section 6.2.2).
    void answer_challenge(const std::optional<std::string>& answer) {
        std::string reply = answer ? base64_encode(*answer) : std::string("*");
        if (observer_) observer_->sent_literal(reply.size());
        queue_line(reply, true);
    }

    // ---- events -----------------------------------------------------------------------

    // Takes the next whole response from the input: true with `ev` describing it, or
    // false when more bytes are needed (or, with `f` set, when the stream is broken:
    // a limit, a malformed or unexpected response; the connection is then dead).
    bool next(session_event& ev, failure& f) {
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

    // ---- state --------------------------------------------------------------------------

    imaplib::state state() const noexcept { return state_; }
    void state(imaplib::state s) noexcept { state_ = s; }
    const std::string& tagpre() const noexcept { return tagpre_; }
    unsigned long tagnum() const noexcept { return tagnum_; }
    const limits& response_limits() const noexcept { return limits_; }
    // The data of the last continuation request (`+ data`); None for a bare `+`.
    const std::optional<std::string>& continuation() const noexcept { return continuation_; }
    // RFC 6855 section 3: once the server confirmed UTF8=ACCEPT, strings go as UTF-8.
    bool utf8_accepted() const noexcept { return utf8_accepted_; }
    void utf8_accepted(bool on) noexcept { utf8_accepted_ = on; }
    void literal_mode(nonsync_literals m) noexcept { nonsync_ = m; }

    // imaplib's Commands check; an extension named by xatom() is legal in the states
    // add_extension() gave it.
    bool allowed(std::string_view name, state_set& set) {
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
    const state_set* find_extension(std::string_view name) const {
        for (const auto& e : extensions_)
            if (e.first == name) return &e.second;
        return nullptr;
    }
    void add_extension(std::string name, state_set set) {
        extensions_.emplace_back(std::move(name), set);
        checked_name_.clear();
    }
    std::string illegal_state_text(std::string_view name, state_set set) const {
        return "command " + std::string(name) + " illegal in state " + std::string(to_string(state_)) +
               ", only allowed in states " + state_names(set);
    }

    // ---- tagged and untagged responses --------------------------------------------------

    // The completion of `tag` once it arrived (then forgotten), else nullopt.
    std::optional<response> take_tagged(std::string_view tag) {
        for (auto it = tagged_.begin(); it != tagged_.end(); ++it) {
            if (it->first == tag && it->second) {
                response r = std::move(*it->second);
                tagged_.erase(it);
                return r;
            }
        }
        return std::nullopt;
    }
    bool completed(std::string_view tag) const noexcept {
        for (const auto& t : tagged_)
            if (t.first == tag) return t.second.has_value();
        return false;
    }
    // Stops waiting for `tag` (its completion, if it comes, is then a protocol error).
    void forget(std::string_view tag) {
        if (tag == secret_exchange_) secret_exchange_.clear();
        tagged_.erase(std::remove_if(tagged_.begin(), tagged_.end(), [&](const auto& t) { return t.first == tag; }),
                      tagged_.end());
        sending_.erase(std::remove_if(sending_.begin(), sending_.end(), [&](const auto& c) { return c.tag == tag; }),
                       sending_.end());
    }

    // imaplib's untagged_responses: {typ: [data, ...]} in the order first received.
    // Kept until the caller takes them, up to limits::max_untagged bytes.
    const std::vector<std::pair<std::string, data_list>>& untagged() const noexcept { return untagged_.entries(); }
    data_list* find_untagged(std::string_view typ) { return untagged_.find(typ); }
    std::optional<data_list> pop_untagged(std::string_view typ) { return untagged_.pop(typ); }
    void clear_untagged() noexcept { untagged_.clear(); }
    // Whether a BYE is stored: imaplib's _check_bye() after every response, without a lookup.
    bool has_bye() const noexcept { return untagged_.has_bye(); }

    // ---- STARTTLS (RFC 3501 section 6.2.1) -----------------------------------------------

    // Whether the handshake may start: anything the server sent after its OK arrived in
    // clear text and could have been injected (CVE-2020-15953 et al.).
    bool upgrade_ready(failure& f) {
        if (input().empty()) return true;
        f.set(errc::starttls_injection, "data received after STARTTLS OK and before the TLS handshake");
        return false;
    }
    // After the handshake: untagged data from before it is untrusted.
    void upgraded() noexcept { untagged_.clear(); }

    // ---- consumers ----------------------------------------------------------------------

    void set_literal_sink(literal_sink_type sink) { literal_sink_ = std::move(sink); }
    void set_untagged_handler(untagged_handler_type h) { untagged_handler_ = std::move(h); }
    // Not owned; nullptr for none.
    void set_observer(session_observer* o) noexcept { observer_.p = o; }

private:
    struct segment {
        std::string owned;
        std::string_view view;  // used when `owned` is empty: bytes the caller keeps alive
        bool marks = false;     // a '+' is awaited once it is written
        std::string_view bytes() const noexcept { return owned.empty() ? view : std::string_view(owned); }
    };
    struct outgoing {
        std::string tag;
        std::vector<std::string> text;  // command_line's parts: each goes out with CRLF
        std::vector<std::string_view> literals;
        std::vector<bool> sync;          // literal k waits for '+'
        std::size_t next = 0;            // the next text part to queue
        bool authenticate = false;
        bool idle = false;
        bool waiting = false;  // for '+'
        bool marked = false;   // the line it answers has been written...
        std::uint64_t mark = 0;  // ...when received() was this
    };

    bool is_sync(std::size_t size) const noexcept {
        return nonsync_ == nonsync_literals::off || (nonsync_ == nonsync_literals::minus && size > 4096);
    }

    void queue_line(std::string_view text, bool marks) {
        segment s;
        s.owned.reserve(text.size() + 2);
        s.owned.append(text).append("\r\n");
        s.marks = marks;
        out_.push_back(std::move(s));
    }
    void queue_literal(std::string_view bytes) {
        if (observer_) observer_->sent_literal(bytes.size());
        segment s;
        s.view = bytes;
        out_.push_back(std::move(s));  // even when empty: one write per part, as imaplib
    }

    // Moves what the command at the front may send now into the output.
    void pump() {
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

    // A '+' for the command at the front: its literal goes, or AUTHENTICATE's answer
    // is awaited.
    void continue_front() {
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

    void settle() noexcept {
        if (pending_ == 0) return;
        in_.consume(pending_);
        taken_ += pending_;
        pending_ = 0;
        frame_start_ = taken_;
    }

    // imaplib's _get_response() on one whole frame at the front of the input.
    bool take(session_event& ev, failure& f) {
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

    // `type` in upper case: itself (servers send it so), or a copy in typ_.
    std::string_view upper_type(std::string_view type) {
        bool lower = false;
        for (char c : type) lower |= c >= 'a' && c <= 'z';
        if (!lower) return type;
        typ_.assign(type.data(), type.size());
        for (char& c : typ_)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return typ_;
    }

    std::optional<response>* tagged_slot(std::string_view tag) {
        for (auto& t : tagged_)
            if (t.first == tag) return &t.second;
        return nullptr;
    }

    static bool is_status(std::string_view typ) noexcept {
        return typ == "OK" || typ == "NO" || typ == "BAD" || typ == "BYE" || typ == "PREAUTH";
    }
    static bool streamed(const std::vector<framing::literal>& literals) noexcept {
        for (const auto& l : literals)
            if (l.streamed) return true;
        return false;
    }

    // imaplib: for OK/NO/BAD, a bracketed response code is also stored under its own name
    // (its block counted again there: it stays alive while either name holds it).
    bool response_code(std::string_view typ, const detail::item_block& block, std::size_t cost,
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

    void append_untagged(std::string_view typ, data_item item, std::size_t block_bytes) {
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

    // Whether `items` more items and a block costing `block_bytes` fit in the untagged
    // store under limits::max_untagged.
    bool room(std::string_view name, std::size_t items, std::size_t block_bytes, failure& f) {
        const std::size_t max = limits_.max_untagged;
        const std::size_t now = untagged_.footprint() + captured_bytes_;
        if (now <= max && untagged_.growth(name, items, block_bytes) <= max - now) return true;
        f.set(errc::untagged_too_large, "untagged responses kept would exceed the limit of " + std::to_string(max) +
                                            " bytes (limits::max_untagged); the caller must take them with response()");
        return false;
    }

    // Hands the bytes of the literal in progress to the sink and drops them from the
    // input (the framing reader's skip_literal_bytes contract).
    void stream_literal_bytes() {
        const framing::literal& lit = reader_.literals().back();
        const std::size_t n = reader_.literal_buffered();
        if (n == 0) return;
        literal_sink_(literal_chunk{frame_line(in_.view(), reader_.literals(), reader_.literals().size() - 1),
                                    lit.size, lit.streamed, in_.view().substr(lit.offset, n)});
        in_.truncate(lit.offset);
        taken_ += n;
        reader_.skip_literal_bytes(0);
    }

    // Line i of a frame (complete or in progress): from the end of literal i-1's bytes
    // still in the buffer up to literal i's closing '}', or to the final line end.
    static std::size_t frame_line_begin(const std::vector<framing::literal>& literals, std::size_t i) noexcept {
        return i == 0 ? 0 : literals[i - 1].offset + (literals[i - 1].size - literals[i - 1].streamed);
    }
    static std::size_t frame_line_end(std::string_view frame, const std::vector<framing::literal>& literals,
                                      std::size_t i) noexcept {
        if (i < literals.size()) return frame.find('}', literals[i].header) + 1;
        std::size_t end = frame.size() - 1;  // the LF
        if (end > 0 && frame[end - 1] == '\r') --end;
        return end;
    }
    static std::string_view frame_line(std::string_view frame, const std::vector<framing::literal>& literals,
                                       std::size_t i) noexcept {
        const std::size_t begin = frame_line_begin(literals, i);
        return frame.substr(begin, frame_line_end(frame, literals, i) - begin);
    }

    // Stores an untagged response as imaplib does: a (header, literal) pair per literal,
    // then the rest of the line. One shared block holds the frame as received (so the
    // typed views can parse it) and, for "* N TYPE data", imaplib's rebuilt "N data".
    // With a literal sink the literals' bytes went to the sink: the block keeps only the
    // lines, and the items have no frame (data_item::frame()). False when keeping it
    // would take the store past limits::max_untagged.
    bool store_untagged(std::string_view typ, const detail::untagged_line& line, std::string_view frame,
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

    limits limits_;
    framing::response_reader reader_;
    detail::read_buffer in_;
    std::size_t pending_ = 0;       // the last frame's bytes, consumed on the next call
    std::uint64_t received_ = 0;    // bytes committed, ever
    std::uint64_t taken_ = 0;       // bytes consumed or streamed, ever
    std::uint64_t frame_start_ = 0; // where the frame being read starts, in the same count
    std::vector<segment> out_;  // written from out_head_ on
    std::size_t out_head_ = 0;
    std::size_t out_offset_ = 0;
    std::deque<outgoing> sending_;  // commands with parts still to send, in order

    std::string tagpre_;
    unsigned long tagnum_ = 0;
    imaplib::state state_ = imaplib::state::logout;
    bool utf8_accepted_ = false;
    nonsync_literals nonsync_ = nonsync_literals::off;
    std::string typ_;
    std::optional<std::string> continuation_ = std::string();
    std::vector<std::pair<std::string, std::optional<response>>> tagged_;
    detail::untagged_store untagged_;
    std::vector<std::pair<std::string, state_set>> extensions_;
    std::string secret_exchange_;  // the mechanism-driven AUTHENTICATE in progress, if any
    std::string idle_tag_;     // the IDLE command in progress, if any
    bool idling_ = false;      // its '+' came
    bool done_asked_ = false;  // done() was called
    bool capture_ = false;     // capture_untagged()
    std::deque<response> captured_;
    std::deque<std::size_t> captured_cost_;  // what each captured response counts
    std::size_t captured_bytes_ = 0;
    std::string checked_name_;  // the last name allowed() looked up, and its states
    state_set checked_set_ = 0;

    literal_sink_type literal_sink_;
    untagged_handler_type untagged_handler_;
    detail::observer_ref observer_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_SESSION_HPP
