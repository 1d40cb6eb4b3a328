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
    char* prepare(std::size_t n);
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

    data_list* find(std::string_view name) noexcept;

    // How much footprint() may grow when `items` items and a block of `block_bytes` are
    // stored under `name`, counting the moment a vector moves, when the old array and
    // the new (twice as large, as libstdc++ and libc++ grow) are both allocated.
    std::size_t growth(std::string_view name, std::size_t items, std::size_t block_bytes) const noexcept;

    // Appends `item` under `name`; `block_bytes` is what its block costs when this is the
    // block's first item under this name (0 otherwise).
    void append(std::string_view name, data_item item, std::size_t block_bytes);

    std::optional<data_list> pop(std::string_view name);

    void clear() noexcept;

private:
    static std::size_t grown(std::size_t capacity) noexcept { return capacity ? capacity : 1; }
    // A name's own cost: its heap buffer when too long for the string's inline one.
    static std::size_t name_cost(std::size_t size) noexcept {
        return size > 15 ? size + 1 + allocation_overhead : 0;
    }

    // Open addressing over positions in entries_ (npos: free), at most half full; the
    // last name found is tried first (a FETCH response follows a FETCH response).
    std::size_t position(std::string_view name) const noexcept;
    void place(std::size_t at) noexcept;
    void reindex();
    std::size_t add_entry(std::string_view name);

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
    observer_ref& operator=(observer_ref&& o) noexcept;
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
    void start(std::string tagpre);
    // Forgets every byte in either direction (the connection is gone or starts anew),
    // and an IDLE with it.
    void discard_io() noexcept;

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
    void feed(std::string_view bytes);
    // Bytes received and not yet taken by a response, and taking them outside the
    // framing (imaplib's read() and readline()).
    std::string_view input() {
        settle();
        return in_.view();
    }
    void consume_input(std::size_t n);
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
    void consume_output(std::size_t n);
    // Every part ready to be written, output() first: a driver may write several in one
    // go (pipelined commands) and then consume_output() what went.
    std::size_t output_parts() const noexcept { return out_.size() - out_head_; }
    std::string_view output_part(std::size_t i) const noexcept {
        return i == 0 ? output() : out_[out_head_ + i].bytes();
    }

    // ---- commands -------------------------------------------------------------------

    // Queues a command; returns its tag, or nothing with `f` set (state, argument).
    // Literal bytes are not copied: they must outlive the command's sending (sending()).
    // `authenticate`: every '+' is a challenge, answered with answer_challenge().
    std::string command(std::string_view name, const command_arg* args, std::size_t nargs, arg_list extra,
                        failure& f, bool authenticate = false);

    std::string command(std::string_view name, std::initializer_list<command_arg> args, failure& f,
                        bool authenticate = false) {
        return command(name, args.begin(), args.size(), {}, f, authenticate);
    }

    // IDLE (RFC 2177): queues the command. Once the server's '+' came, idling() is true
    // and what the server sends arrives as events; done() ends it (DONE goes out, after
    // the '+' if that has not come yet), and the IDLE's tagged completion ends idling().
    // No other command may be queued until then.
    std::string idle(failure& f);
    // Whether the server accepted IDLE and it has not ended yet.
    bool idling() const noexcept { return idling_; }
    // Ends IDLE: DONE goes out now, or as soon as the server's '+' has come.
    void done();

    // imaplib 3.14's _idle_capture: while on, untagged responses are not stored but queued
    // in captured(), one (typ, [data...]) per response in arrival order, for an idler to
    // hand out. Turning it off moves what is left to the store, as imaplib's Idler does.
    void capture_untagged(bool on);
    // The queued responses (they count against limits::max_untagged), oldest first.
    const std::deque<response>& captured() const noexcept { return captured_; }
    response take_captured();
    // The IDLE command in progress (queued, idling or ending), if any.
    bool in_idle() const noexcept { return !idle_tag_.empty(); }

    // AUTHENTICATE driven by a SASL mechanism (RFC 9051 section 6.2.2): `initial_response`,
    // already in base64 ("=" when empty), goes with the command (SASL-IR, RFC 4959). Every
    // '+' is then a challenge (answer_challenge()). The debug observer never sees the
    // initial response nor the challenges: "***" stands for them (SCRAM's salt and server
    // signature allow offline guessing, as does every answer).
    std::string authenticate(std::string_view mechanism, std::optional<std::string_view> initial_response,
                             failure& f);

    // Whether the command `tag` still has bytes to send or, for AUTHENTICATE, is still
    // exchanging challenges.
    bool sending(std::string_view tag) const noexcept;

    // The decoded challenge of the last continuation request (empty if it does not
    // decode, as imaplib passes b'' then).
    std::string challenge() const;
    // AUTHENTICATE's answer to the challenge: the response to encode, or nullopt to
    // cancel the exchange ('*', RFC 3501 section 6.2.2).
    void answer_challenge(const std::optional<std::string>& answer);

    // ---- events -----------------------------------------------------------------------

    // Takes the next whole response from the input: true with `ev` describing it, or
    // false when more bytes are needed (or, with `f` set, when the stream is broken:
    // a limit, a malformed or unexpected response; the connection is then dead).
    bool next(session_event& ev, failure& f);

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
    // What the server ENABLED on this connection (RFC 5161 section 3.2), upper-cased, in
    // the order it came; ENABLE cannot be undone, so this only grows until start().
    const std::vector<std::string>& enabled() const noexcept { return enabled_; }
    bool is_enabled(std::string_view capability) const noexcept {
        for (const std::string& e : enabled_)
            if (detail::iequals(e, capability)) return true;
        return false;
    }
    void mark_enabled(std::string_view capability) {
        if (!is_enabled(capability)) enabled_.push_back(detail::to_upper(capability));
    }
    void literal_mode(nonsync_literals m) noexcept { nonsync_ = m; }

    // imaplib's Commands check; an extension named by xatom() is legal in the states
    // add_extension() gave it.
    bool allowed(std::string_view name, state_set& set);
    const state_set* find_extension(std::string_view name) const;
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
    std::optional<response> take_tagged(std::string_view tag);
    bool completed(std::string_view tag) const noexcept;
    // Stops waiting for `tag` (its completion, if it comes, is then a protocol error).
    void forget(std::string_view tag);

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
    bool upgrade_ready(failure& f);
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

    void queue_line(std::string_view text, bool marks);
    void queue_literal(std::string_view bytes);

    // Moves what the command at the front may send now into the output.
    void pump();

    // A '+' for the command at the front: its literal goes, or AUTHENTICATE's answer
    // is awaited.
    void continue_front();

    void settle() noexcept;

    // imaplib's _get_response() on one whole frame at the front of the input.
    bool take(session_event& ev, failure& f);

    // `type` in upper case: itself (servers send it so), or a copy in typ_.
    std::string_view upper_type(std::string_view type);

    std::optional<response>* tagged_slot(std::string_view tag);

    static bool is_status(std::string_view typ) noexcept {
        return typ == "OK" || typ == "NO" || typ == "BAD" || typ == "BYE" || typ == "PREAUTH";
    }
    static bool streamed(const std::vector<framing::literal>& literals) noexcept;

    // imaplib: for OK/NO/BAD, a bracketed response code is also stored under its own name
    // (its block counted again there: it stays alive while either name holds it).
    bool response_code(std::string_view typ, const detail::item_block& block, std::size_t cost,
                       std::string_view dat, failure& f);

    void append_untagged(std::string_view typ, data_item item, std::size_t block_bytes);

    // Whether `items` more items and a block costing `block_bytes` fit in the untagged
    // store under limits::max_untagged.
    bool room(std::string_view name, std::size_t items, std::size_t block_bytes, failure& f);

    // Hands the bytes of the literal in progress to the sink and drops them from the
    // input (the framing reader's skip_literal_bytes contract).
    void stream_literal_bytes();

    // Line i of a frame (complete or in progress): from the end of literal i-1's bytes
    // still in the buffer up to literal i's closing '}', or to the final line end.
    static std::size_t frame_line_begin(const std::vector<framing::literal>& literals, std::size_t i) noexcept {
        return i == 0 ? 0 : literals[i - 1].offset + (literals[i - 1].size - literals[i - 1].streamed);
    }
    static std::size_t frame_line_end(std::string_view frame, const std::vector<framing::literal>& literals,
                                      std::size_t i) noexcept;
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
                        const std::vector<framing::literal>& literals, failure& f);

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
    std::vector<std::string> enabled_;  // ENABLED capabilities (enabled())
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

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/session.ipp>
#endif

#endif  // IMAPLIB_ENGINE_SESSION_HPP
