// imaplib-cpp: record a session to a transcript, replay it without a server.
//
// basic_recording_transport<Inner> wraps any transport and writes every byte it carries
// to a transcript (docs/transports.md, "Transcripts"), with passwords and AUTHENTICATE
// exchanges redacted. replay_transport plays the server's side of such a file and checks
// what the client sends, so a user's own mail code can be tested offline
// (docs/guide.md, "Testing your code offline: record and replay").
// Redaction is best-effort, by protocol position: review a transcript before sharing it.
#ifndef IMAPLIB_TRANSPORT_RECORD_HPP
#define IMAPLIB_TRANSPORT_RECORD_HPP

#include <imaplib/config.hpp>
#include <imaplib/detail/ascii.hpp>
#include <imaplib/error.hpp>
#include <imaplib/transport/concept.hpp>
#include <imaplib/transport/memory.hpp>  // detail::literal_announcement

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// The first line of every transcript; the number is the format's version.
inline constexpr std::string_view transcript_header = "# imaplib-transcript 1";
// Stands for bytes the recorder withheld; the replayer accepts anything in its place.
inline constexpr std::string_view transcript_redacted = "\\{REDACTED}";
// A record holds at most this many bytes, so a big literal becomes many short lines.
inline constexpr std::size_t transcript_record_max = 512;

// Length of the valid UTF-8 sequence starting at s[i], 0 if there is none (RFC 3629
// section 4). Valid UTF-8 stays as it is in a transcript, everything else is escaped.
IMAPLIB_DECL std::size_t utf8_length(std::string_view s, std::size_t i) noexcept;

// Appends bytes as transcript text: \\ \r \n \t \xNN; printable ASCII and valid UTF-8 kept.
IMAPLIB_DECL void transcript_escape(std::string& out, std::string_view bytes);

// Escaped and cut short, for error messages.
IMAPLIB_DECL std::string transcript_quote(std::string_view bytes, std::size_t max = 200);

// One record: `C: ` client bytes, `S: ` server bytes, `T: STARTTLS` the switch to TLS.
struct transcript_record {
    char kind = 0;                       // 'C', 'S' or 'T'
    std::string bytes;                   // unescaped
    std::vector<std::size_t> redacted;   // offsets in `bytes` where a placeholder stood
    std::size_t line = 0;                // 1-based line in the transcript
};

IMAPLIB_DECL int transcript_hex(char c) noexcept;

// Decodes the text after "C: " / "S: "; false with `why` on a bad escape.
IMAPLIB_DECL bool transcript_unescape(std::string_view text, transcript_record& r, std::string& why);

// Reads a transcript one record at a time: memory stays at one line, whatever the size.
class transcript_reader {
public:
    transcript_reader() = default;
    explicit transcript_reader(std::unique_ptr<std::istream> in) : in_(std::move(in)) {}

    // The header line; false with `why` when it is missing or of another version.
    bool start(std::string& why);

    // The next record; false at the end (`why` empty) or on a malformed line (`why` set).
    bool next(transcript_record& r, std::string& why);

private:
    std::unique_ptr<std::istream> in_;
    std::size_t line_ = 0;
};

// Where lines and literals start in one direction of the byte stream (RFC 9051 section 4.3).
struct line_tracker {
    bool line_start = true;
    std::size_t literal_left = 0;
    std::string tail;  // the end of the current line, enough to see "{N}\r\n"

    bool in_literal() const noexcept { return literal_left > 0; }
    void feed(char c);
};

inline bool is_tag_char(char c) noexcept {
    // RFC 9051 section 9: tag = 1*<any ASTRING-CHAR except "+">.
    return c > 0x20 && c < 0x7F && std::string_view("(){%*\"\\+").find(c) == std::string_view::npos;
}

}  // namespace detail

// Writes a transcript. Shared between a recording transport and whoever made it, so the
// caller can add secrets to withhold or comments while the session runs.
class transcript_recorder {
public:
    explicit transcript_recorder(std::unique_ptr<std::ostream> out) : out_(std::move(out)) {
        *out_ << detail::transcript_header << "\n# C: client, S: server, T: STARTTLS; see docs/transports.md\n";
    }
    ~transcript_recorder() { flush_quietly(); }
    transcript_recorder(const transcript_recorder&) = delete;
    transcript_recorder& operator=(const transcript_recorder&) = delete;

    // A recorder writing to a new file (truncated if it exists).
    static std::shared_ptr<transcript_recorder> to_file(const std::string& path, std::error_code& ec);

    // Bytes never to appear in the transcript (a token your code sends, say): each
    // occurrence in a line or a literal piece is written as \{REDACTED}.
    void redact(std::string secret) {
        if (!secret.empty()) secrets_.push_back(std::move(secret));
    }
    // A "# " line, for the reader of the transcript.
    void comment(std::string_view text);
    // False once writing the transcript failed.
    bool good() const { return static_cast<bool>(*out_); }

    // ---- called by basic_recording_transport ----
    void opened(std::string_view host, std::uint16_t port) {
        comment("open " + std::string(host) + " " + std::to_string(port));
    }
    void client(std::string_view bytes);
    void server(std::string_view bytes);
    void starttls() {
        flush_pending();
        *out_ << "T: STARTTLS\n";
    }
    void flush() {
        flush_pending();
        out_->flush();
    }
    // flush() where nothing may escape (destructors, shutdown): a failure to allocate while
    // escaping the last bytes loses them from the transcript, never the program.
    void flush_quietly() noexcept;

private:
    void flush_pending() {
        flush_client();
        flush_server();
    }
    void flush_client() {
        drain_client(true);
        end_record('C');
    }
    void flush_server() {
        drain_server(true);
        end_record('S');
    }

    // Appends escaped bytes, each secret as the placeholder.
    void append(std::string& out, std::string_view raw) const;

    void write_record(char kind, std::string& text);
    void end_record(char kind) { write_record(kind, kind == 'C' ? client_text_ : server_text_); }

    // ---- client bytes: redaction by position in the command (RFC 9051 sections 6.2.2, 6.2.3) ----

    void drain_client(bool all);

    // A line, or the part of a command line between literals.
    void client_segment(std::string_view seg);

    // ---- server bytes: records end at each LF, and at the record size ----

    void drain_server(bool all);

    void server_segment(std::string_view seg);

    std::unique_ptr<std::ostream> out_;
    std::vector<std::string> secrets_;
    std::string client_pending_, server_pending_;  // raw bytes not yet written
    std::string client_text_, server_text_;        // the record being assembled, escaped
    detail::line_tracker client_, server_;
    std::size_t argument_ = 0;  // index of the next token in the client's command
    std::string tag_, command_, auth_tag_;
    bool authenticating_ = false;
    bool redact_literal_ = false, literal_redacted_ = false;
};

// Any transport, recorded. Forwards every member, the optional ones too, so STARTTLS and
// TLS keep working; the bytes are recorded above TLS, as the engine sees them.
template <class Inner>
class basic_recording_transport {
    static_assert(detail::check_transport<Inner>(), "imaplib: basic_recording_transport<Inner> needs a transport");

public:
    static constexpr std::uint16_t default_port = Inner::default_port;

    basic_recording_transport(Inner inner, std::shared_ptr<transcript_recorder> recorder)
        : inner_(std::move(inner)), recorder_(std::move(recorder)) {}

    Inner& next_layer() noexcept { return inner_; }
    const Inner& next_layer() const noexcept { return inner_; }
    const std::shared_ptr<transcript_recorder>& recorder() const noexcept { return recorder_; }

    void open(std::string_view host, std::uint16_t port, std::error_code& ec) {
        recorder_->opened(host, port);
        inner_.open(host, port, ec);
        if (ec) recorder_->comment("open failed: " + ec.message());
        check(ec);
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        const std::size_t n = inner_.read_some(buffer, size, ec);
        if (n > 0) recorder_->server(std::string_view(buffer, n));
        if (ec) recorder_->comment("read failed: " + ec.message());
        check(ec);
        return n;
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        inner_.write_all(data, size, ec);
        if (ec) recorder_->comment("write failed: " + ec.message());
        else recorder_->client(std::string_view(data, size));
        check(ec);
    }

    void shutdown() noexcept {
        inner_.shutdown();
        recorder_->flush_quietly();
    }

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { inner_.set_timeout(t); }

    template <class I = Inner>
    auto native_handle() -> decltype(std::declval<I&>().native_handle()) {
        return inner_.native_handle();
    }

    template <class Context, class I = Inner, class = std::enable_if_t<has_start_tls_v<I>>>
    void start_tls(const Context& context, std::string_view host, std::error_code& ec) {
        recorder_->starttls();
        inner_.start_tls(context, host, ec);
        if (ec) recorder_->comment("TLS failed: " + ec.message());
        check(ec);
    }

    template <class I = Inner, class = std::enable_if_t<has_available_v<I>>>
    std::size_t available(std::error_code& ec) {
        return inner_.available(ec);
    }
    template <class I = Inner, class = std::enable_if_t<has_wait_readable_v<I>>>
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
        return inner_.wait_readable(t, ec);
    }

    template <class I = Inner>
    auto ssl() const -> decltype(std::declval<const I&>().ssl()) {
        return inner_.ssl();
    }
    template <class I = Inner>
    auto channel_binding(std::error_code& ec) const -> decltype(std::declval<const I&>().channel_binding(ec)) {
        return inner_.channel_binding(ec);
    }

    std::string error_detail() const {
        if (!detail_.empty()) return detail_;
        if constexpr (has_error_detail_v<Inner>) return std::string(inner_.error_detail());
        else return {};
    }

private:
    // A transcript that cannot be written fails the session rather than lose it silently.
    void check(std::error_code& ec) {
        if (ec || recorder_->good()) return;
        detail_ = "cannot write the transcript";
        ec = make_error_code(errc::transport_error);
        inner_.shutdown();
    }

    Inner inner_;
    std::shared_ptr<transcript_recorder> recorder_;
    std::string detail_;
};

// How replay_transport compares what the client sends with the recording.
enum class replay_mode {
    ignore_tags,  // tags may differ (they are random per connection); the server's tagged
                  // responses are given the client's tags
    strict,       // every byte as recorded
};

// Plays the server's side of a transcript and checks the client's side. open() ignores
// host and port. A mismatch is errc::protocol_violation; error_detail() names the
// transcript line and both texts. Reads the file as it goes (two streams, one per side):
// memory stays at one record, whatever the transcript's size.
class replay_transport {
public:
    static constexpr std::uint16_t default_port = 143;

    replay_transport() = default;
    explicit replay_transport(std::string path, replay_mode mode = replay_mode::ignore_tags);

    // A transcript held in memory (tests).
    static replay_transport from_string(std::string transcript, replay_mode mode = replay_mode::ignore_tags);

    void open(std::string_view, std::uint16_t, std::error_code& ec);

    // Reads go on across records up to the client's next record, as a socket holds
    // everything the server had sent by then.
    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec);

    void write_all(const char* data, std::size_t size, std::error_code& ec);

    // What the recorded server had sent by now: the rest of the current record.
    std::size_t available(std::error_code& ec);

    // A recording has no clock: the server's next bytes are there now or never.
    bool wait_readable(std::chrono::milliseconds, std::error_code& ec) { return available(ec) > 0; }

    void shutdown() noexcept { open_ = false; }
    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { timeout_ = t; }

    // STARTTLS: both sides of the recording must be at its "T: STARTTLS" record; the
    // replay then goes on in clear (the bytes were recorded above TLS). Any context will do.
    template <class Context>
    void start_tls(const Context&, std::string_view, std::error_code& ec) {
        if (!usable(ec)) return;
        std::string why;
        drop_consumed_client();
        const bool server_ready = output_at_ == output_.size() && load(server_, 'C', why) && server_.record.kind == 'T';
        const bool client_ready = server_ready && load(client_, 'S', why) && client_.record.kind == 'T';
        if (!client_ready) {
            const cursor& c = server_ready ? client_ : server_;
            return fail(ec, errc::protocol_violation,
                        !why.empty() ? why
                                     : "transcript line " + std::to_string(c.record.line) +
                                           ": the client starts TLS, but the recording has " + describe(c));
        }
        server_.loaded = client_.loaded = false;
        ec.clear();
    }

    const std::string& error_detail() const noexcept { return detail_; }

    // True when every record was played: the session went as recorded, to the end.
    bool finished();

private:
    struct cursor {
        detail::transcript_reader reader;
        detail::transcript_record record;
        std::size_t at = 0;           // next byte of record.bytes
        std::size_t placeholder = 0;  // next entry of record.redacted
        bool loaded = false;          // record holds an unconsumed record
        std::string error;            // a malformed line stops the cursor for good
    };

    bool usable(std::error_code& ec);

    void fail(std::error_code& ec, errc e, std::string text);

    // Makes c.record the next record not of kind `skip`; false at the end or on an error (why).
    bool load(cursor& c, char skip, std::string& why);

    // True when the next server record can be read now, without an error.
    bool server_ready();

    static std::string describe(const cursor& c);

    // Forgets the client record once every byte of it was matched.
    void drop_consumed_client();

    // ---- the server's side --------------------------------------------------------

    bool server_bytes(std::error_code& ec);

    void client_first(std::error_code& ec);

    // The record's bytes, each tagged response given the client's tag.
    void server_output(std::string_view bytes);

    // ---- the client's side --------------------------------------------------------

    // Checks one byte the client sends against the recording.
    bool client_byte(std::string_view bytes, std::size_t i, std::error_code& ec);

    // The client's current line: what it sent of it so far, and the rest of this write.
    std::string pending_text(std::string_view bytes, std::size_t i) const;

    bool mismatch(std::string_view bytes, std::size_t i, std::error_code& ec);

    replay_mode mode_ = replay_mode::ignore_tags;
    std::function<std::unique_ptr<std::istream>()> source_;
    cursor server_, client_;
    std::string output_;  // the current server record, as the client reads it
    std::size_t output_at_ = 0;
    detail::line_tracker server_lines_, client_lines_;
    std::map<std::string, std::string> tags_;  // recorded tag -> the client's
    std::string recorded_tag_, client_tag_;
    bool in_tag_ = false;
    bool wild_ = false;          // inside a placeholder
    std::string client_line_;    // for messages
    std::optional<std::chrono::milliseconds> timeout_;
    std::string detail_;
    bool open_ = false, started_ = false, dead_ = false;
};

IMAPLIB_CHECK_TRANSPORT(replay_transport);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/transport/impl/record.ipp>
#endif

#endif  // IMAPLIB_TRANSPORT_RECORD_HPP
