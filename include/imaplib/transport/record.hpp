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
#include <imaplib/error.hpp>
#include <imaplib/transport/concept.hpp>
#include <imaplib/transport/memory.hpp>  // detail::literal_announcement

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
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
inline std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

// Appends bytes as transcript text: \\ \r \n \t \xNN; printable ASCII and valid UTF-8 kept.
inline void transcript_escape(std::string& out, std::string_view bytes) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c == '\\') out += "\\\\";
        else if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c >= 0x20 && c < 0x7F) out += static_cast<char>(c);
        else if (const std::size_t n = c >= 0x80 ? utf8_length(bytes, i) : 0; n != 0) {
            out.append(bytes.data() + i, n);
            i += n - 1;
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
}

// Escaped and cut short, for error messages.
inline std::string transcript_quote(std::string_view bytes, std::size_t max = 200) {
    std::string out = "\"";
    transcript_escape(out, bytes.substr(0, max));
    out += bytes.size() > max ? "\"..." : "\"";
    return out;
}

// One record: `C: ` client bytes, `S: ` server bytes, `T: STARTTLS` the switch to TLS.
struct transcript_record {
    char kind = 0;                       // 'C', 'S' or 'T'
    std::string bytes;                   // unescaped
    std::vector<std::size_t> redacted;   // offsets in `bytes` where a placeholder stood
    std::size_t line = 0;                // 1-based line in the transcript
};

inline int transcript_hex(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes the text after "C: " / "S: "; false with `why` on a bad escape.
inline bool transcript_unescape(std::string_view text, transcript_record& r, std::string& why) {
    r.bytes.clear();
    r.redacted.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            r.bytes += text[i];
            continue;
        }
        if (text.substr(i).rfind(transcript_redacted, 0) == 0) {
            r.redacted.push_back(r.bytes.size());
            i += transcript_redacted.size() - 1;
            continue;
        }
        const char e = i + 1 < text.size() ? text[i + 1] : '\0';
        if (e == '\\') r.bytes += '\\';
        else if (e == 'r') r.bytes += '\r';
        else if (e == 'n') r.bytes += '\n';
        else if (e == 't') r.bytes += '\t';
        else if (e == 'x' && i + 3 < text.size() && transcript_hex(text[i + 2]) >= 0 && transcript_hex(text[i + 3]) >= 0) {
            r.bytes += static_cast<char>(transcript_hex(text[i + 2]) * 16 + transcript_hex(text[i + 3]));
            i += 2;
        } else {
            why = "bad escape at column " + std::to_string(i + 4);
            return false;
        }
        ++i;
    }
    return true;
}

// Reads a transcript one record at a time: memory stays at one line, whatever the size.
class transcript_reader {
public:
    transcript_reader() = default;
    explicit transcript_reader(std::unique_ptr<std::istream> in) : in_(std::move(in)) {}

    // The header line; false with `why` when it is missing or of another version.
    bool start(std::string& why) {
        std::string text;
        if (!in_ || !std::getline(*in_, text)) {
            why = "the transcript is empty or unreadable";
            return false;
        }
        line_ = 1;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text != transcript_header) {
            why = "line 1 is not \"" + std::string(transcript_header) + "\"";
            return false;
        }
        return true;
    }

    // The next record; false at the end (`why` empty) or on a malformed line (`why` set).
    bool next(transcript_record& r, std::string& why) {
        std::string text;
        while (in_ && std::getline(*in_, text)) {
            ++line_;
            if (!text.empty() && text.back() == '\r') text.pop_back();  // edited on Windows
            if (text.empty() || text[0] == '#') continue;
            r.line = line_;
            if (text.size() >= 3 && (text[0] == 'C' || text[0] == 'S') && text[1] == ':' && text[2] == ' ') {
                r.kind = text[0];
                if (transcript_unescape(std::string_view(text).substr(3), r, why)) return true;
            } else if (text == "T: STARTTLS") {
                r.kind = 'T';
                r.bytes.clear();
                r.redacted.clear();
                return true;
            } else {
                why = "not a record (C: , S: , T: STARTTLS or # comment)";
            }
            why = "transcript line " + std::to_string(line_) + ": " + why;
            return false;
        }
        return false;
    }

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
    void feed(char c) {
        if (literal_left > 0) {
            --literal_left;
            return;
        }
        line_start = false;
        tail += c;
        if (tail.size() > 64) tail.erase(0, tail.size() - 32);
        if (c != '\n') return;
        if (const auto n = literal_announcement(tail)) literal_left = *n;
        else line_start = true;
        tail.clear();
    }
};

inline bool is_tag_char(char c) noexcept {
    // RFC 9051 section 9: tag = 1*<any ASTRING-CHAR except "+">.
    return c > 0x20 && c < 0x7F && std::string_view("(){%*\"\\+").find(c) == std::string_view::npos;
}

inline std::string ascii_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
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
    static std::shared_ptr<transcript_recorder> to_file(const std::string& path, std::error_code& ec) {
        errno = 0;
        auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
        if (!*file) {
            // The OS's reason when the library left it in errno (it does on POSIX).
            ec = errno != 0 ? std::error_code(errno, std::generic_category()) : std::make_error_code(std::errc::io_error);
            return nullptr;
        }
        ec.clear();
        return std::make_shared<transcript_recorder>(std::move(file));
    }

    // Bytes never to appear in the transcript (a token your code sends, say): each
    // occurrence in a line or a literal piece is written as \{REDACTED}.
    void redact(std::string secret) {
        if (!secret.empty()) secrets_.push_back(std::move(secret));
    }
    // A "# " line, for the reader of the transcript.
    void comment(std::string_view text) {
        flush_pending();
        std::string line = "# ";
        detail::transcript_escape(line, text);
        *out_ << line << '\n';
    }
    // False once writing the transcript failed.
    bool good() const { return static_cast<bool>(*out_); }

    // ---- called by basic_recording_transport ----
    void opened(std::string_view host, std::uint16_t port) {
        comment("open " + std::string(host) + " " + std::to_string(port));
    }
    void client(std::string_view bytes) {
        flush_server();
        client_pending_.append(bytes.data(), bytes.size());
        drain_client(false);
    }
    void server(std::string_view bytes) {
        flush_client();
        server_pending_.append(bytes.data(), bytes.size());
        drain_server(false);
    }
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
    void flush_quietly() noexcept {
#ifndef IMAPLIB_NO_EXCEPTIONS
        try {
            flush();
        } catch (...) {
        }
#else
        flush();
#endif
    }

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
    void append(std::string& out, std::string_view raw) const {
        while (!raw.empty()) {
            std::size_t at = std::string_view::npos, length = 0;
            for (const std::string& s : secrets_) {
                const std::size_t p = raw.find(s);
                if (p < at) at = p, length = s.size();
            }
            detail::transcript_escape(out, raw.substr(0, at));
            if (at == std::string_view::npos) return;
            out += detail::transcript_redacted;
            raw.remove_prefix(at + length);
        }
    }

    void write_record(char kind, std::string& text) {
        if (text.empty()) return;
        if (text.back() == ' ') {  // editors strip trailing blanks
            text.pop_back();
            text += "\\x20";
        }
        *out_ << kind << ": " << text << '\n';
        text.clear();
    }
    void end_record(char kind) { write_record(kind, kind == 'C' ? client_text_ : server_text_); }

    // ---- client bytes: redaction by position in the command (RFC 9051 sections 6.2.2, 6.2.3) ----

    void drain_client(bool all) {
        std::string_view rest = client_pending_;
        while (!rest.empty()) {
            if (client_.in_literal()) {
                std::size_t n = std::min({rest.size(), client_.literal_left, detail::transcript_record_max});
                n = std::min(n, rest.substr(0, n).find('\n') + 1);  // npos + 1 == 0: no LF
                if (n == 0) n = std::min({rest.size(), client_.literal_left, detail::transcript_record_max});
                if (redact_literal_) {
                    if (!literal_redacted_) client_text_ += detail::transcript_redacted;
                    literal_redacted_ = true;
                } else {
                    append(client_text_, rest.substr(0, n));
                    if (rest[n - 1] == '\n' || client_text_.size() >= detail::transcript_record_max) end_record('C');
                }
                for (std::size_t i = 0; i < n; ++i) client_.feed(rest[i]);
                rest.remove_prefix(n);
                if (!client_.in_literal()) redact_literal_ = literal_redacted_ = false;
                continue;
            }
            const std::size_t lf = rest.find('\n');
            if (lf == std::string_view::npos && !all) break;
            const std::size_t n = lf == std::string_view::npos ? rest.size() : lf + 1;
            client_segment(rest.substr(0, n));
            rest.remove_prefix(n);
        }
        client_pending_.erase(0, client_pending_.size() - rest.size());
    }

    // A line, or the part of a command line between literals.
    void client_segment(std::string_view seg) {
        const bool line_start = client_.line_start;
        if (line_start) argument_ = 0;
        if (line_start && authenticating_) {
            // Every line sent during AUTHENTICATE is a SASL response (RFC 9051 section 6.2.2).
            const std::size_t end = seg.find_first_of("\r\n");
            if (end != 0) client_text_ += detail::transcript_redacted;
            append(client_text_, seg.substr(end == std::string_view::npos ? seg.size() : end));
        } else {
            std::size_t i = 0;
            while (i < seg.size()) {
                const char c = seg[i];
                if (c == ' ' || c == '\r' || c == '\n') {
                    std::size_t j = i;
                    while (j < seg.size() && (seg[j] == ' ' || seg[j] == '\r' || seg[j] == '\n')) ++j;
                    append(client_text_, seg.substr(i, j - i));
                    i = j;
                    continue;
                }
                std::size_t j = i + 1;
                if (c == '"') {
                    while (j < seg.size() && seg[j] != '"') j += seg[j] == '\\' ? std::size_t{2} : std::size_t{1};
                    j = std::min(j + 1, seg.size());
                } else if (c == '{') {
                    while (j < seg.size() && seg[j] != '}') ++j;
                    j = std::min(j + 1, seg.size());
                } else {
                    while (j < seg.size() && seg[j] != ' ' && seg[j] != '\r' && seg[j] != '\n') ++j;
                }
                const std::string_view token = seg.substr(i, j - i);
                if (argument_ == 0) tag_ = std::string(token);
                if (argument_ == 1) command_ = detail::ascii_upper(token);
                // LOGIN's password and AUTHENTICATE's initial response (RFC 4959) are the
                // third argument after the tag.
                const bool secret = argument_ == 3 && (command_ == "LOGIN" || command_ == "AUTHENTICATE");
                if (secret && c == '{') {
                    client_text_ += '{';
                    client_text_ += detail::transcript_redacted;
                    client_text_ += '}';
                    redact_literal_ = true;
                } else if (secret) {
                    client_text_ += detail::transcript_redacted;
                } else {
                    append(client_text_, token);
                }
                ++argument_;
                i = j;
            }
            if (line_start && command_ == "AUTHENTICATE" && argument_ >= 2) {
                authenticating_ = true;
                auth_tag_ = tag_;
            }
        }
        for (const char c : seg) client_.feed(c);
        if (!seg.empty() && seg.back() == '\n') end_record('C');
        if (client_.line_start) command_.clear();
    }

    // ---- server bytes: records end at each LF, and at the record size ----

    void drain_server(bool all) {
        std::string_view rest = server_pending_;
        while (!rest.empty()) {
            std::size_t n = std::min(rest.size(), detail::transcript_record_max);
            if (server_.in_literal()) n = std::min(n, server_.literal_left);
            const std::size_t lf = rest.substr(0, n).find('\n');
            if (lf != std::string_view::npos) n = lf + 1;
            else if (n < detail::transcript_record_max && !server_.in_literal() && !all) break;
            server_segment(rest.substr(0, n));
            rest.remove_prefix(n);
        }
        server_pending_.erase(0, server_pending_.size() - rest.size());
    }

    void server_segment(std::string_view seg) {
        const bool line = server_.line_start && !server_.in_literal();
        if (line && authenticating_ && seg.rfind(auth_tag_ + " ", 0) == 0) authenticating_ = false;
        if (line && authenticating_ && seg.rfind("+ ", 0) == 0 && seg.size() > 2 && seg[2] != '\r') {
            // A SASL challenge (a SCRAM salt, say) helps guess the password: withhold it.
            const std::size_t end = seg.find_first_of("\r\n");
            server_text_ += "+ ";
            server_text_ += detail::transcript_redacted;
            append(server_text_, seg.substr(end == std::string_view::npos ? seg.size() : end));
        } else {
            append(server_text_, seg);
        }
        for (const char c : seg) server_.feed(c);
        if (seg.back() == '\n' || server_text_.size() >= detail::transcript_record_max) end_record('S');
    }

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
    explicit replay_transport(std::string path, replay_mode mode = replay_mode::ignore_tags)
        : mode_(mode),
          source_([path = std::move(path)]() -> std::unique_ptr<std::istream> {
              return std::make_unique<std::ifstream>(path, std::ios::binary);
          }) {}

    // A transcript held in memory (tests).
    static replay_transport from_string(std::string transcript, replay_mode mode = replay_mode::ignore_tags) {
        replay_transport t;
        t.mode_ = mode;
        auto text = std::make_shared<const std::string>(std::move(transcript));
        t.source_ = [text]() -> std::unique_ptr<std::istream> {
            return std::make_unique<std::istringstream>(*text);
        };
        return t;
    }

    void open(std::string_view, std::uint16_t, std::error_code& ec) {
        if (!source_) return fail(ec, errc::transport_error, "no transcript to replay");
        server_ = cursor{detail::transcript_reader(source_()), {}, 0, 0, false, {}};
        client_ = cursor{detail::transcript_reader(source_()), {}, 0, 0, false, {}};
        std::string why;
        if (!server_.reader.start(why) || !client_.reader.start(why))
            return fail(ec, errc::transport_error, "cannot replay: " + why);
        open_ = started_ = true;
        dead_ = false;
        ec.clear();
    }

    // Reads go on across records up to the client's next record, as a socket holds
    // everything the server had sent by then.
    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (!usable(ec) || !server_bytes(ec)) return 0;
        std::size_t n = 0;
        for (;;) {
            const std::size_t k = std::min(size - n, output_.size() - output_at_);
            std::memcpy(buffer + n, output_.data() + output_at_, k);
            output_at_ += k;
            n += k;
            if (n == size || !server_ready() || !server_bytes(ec)) break;
        }
        ec.clear();
        return n;
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        if (!usable(ec)) return;
        const std::string_view bytes(data, size);
        for (std::size_t i = 0; i < size; ++i)
            if (!client_byte(bytes, i, ec)) return;
        ec.clear();
    }

    // What the recorded server had sent by now: the rest of the current record.
    std::size_t available(std::error_code& ec) {
        ec.clear();
        if (!open_ || dead_) return 0;
        if (output_at_ == output_.size() && server_ready()) server_bytes(ec);
        return output_.size() - output_at_;
    }

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
    bool finished() {
        std::string why;
        drop_consumed_client();
        return started_ && !dead_ && output_at_ == output_.size() && !load(server_, 'C', why) && why.empty() &&
               !load(client_, 'S', why) && why.empty();
    }

private:
    struct cursor {
        detail::transcript_reader reader;
        detail::transcript_record record;
        std::size_t at = 0;           // next byte of record.bytes
        std::size_t placeholder = 0;  // next entry of record.redacted
        bool loaded = false;          // record holds an unconsumed record
        std::string error;            // a malformed line stops the cursor for good
    };

    bool usable(std::error_code& ec) {
        if (open_ && !dead_) return true;
        if (dead_ && !detail_.empty()) ec = make_error_code(errc::transport_error);
        else fail(ec, errc::transport_error, "the replay is not open");
        return false;
    }

    void fail(std::error_code& ec, errc e, std::string text) {
        ec = make_error_code(e);
        detail_ = std::move(text);
        dead_ = true;
    }

    // Makes c.record the next record not of kind `skip`; false at the end or on an error (why).
    bool load(cursor& c, char skip, std::string& why) {
        if (c.loaded) return true;
        if (!c.error.empty()) {
            why = c.error;
            return false;
        }
        while (c.reader.next(c.record, why)) {
            if (c.record.kind == skip) continue;
            c.at = c.placeholder = 0;
            c.loaded = true;
            return true;
        }
        c.error = why;
        return false;
    }

    // True when the next server record can be read now, without an error.
    bool server_ready() {
        std::string why;
        if (!load(server_, 'C', why) || server_.record.kind != 'S') return false;
        drop_consumed_client();
        return !load(client_, 'S', why) ? why.empty() : client_.record.line > server_.record.line;
    }

    static std::string describe(const cursor& c) {
        if (!c.loaded) return "nothing more";
        if (c.record.kind == 'T') return "T: STARTTLS";
        std::string text(1, c.record.kind);
        text += ": ";
        std::size_t p = 0;
        for (std::size_t i = 0; i <= c.record.bytes.size() && text.size() < 300; ++i) {
            while (p < c.record.redacted.size() && c.record.redacted[p] == i) text += detail::transcript_redacted, ++p;
            if (i < c.record.bytes.size()) detail::transcript_escape(text, std::string_view(c.record.bytes).substr(i, 1));
        }
        return text;
    }

    // Forgets the client record once every byte of it was matched.
    void drop_consumed_client() {
        if (client_.loaded && client_.record.kind == 'C' && client_.at == client_.record.bytes.size() &&
            client_.placeholder == client_.record.redacted.size() && !wild_ && !in_tag_)
            client_.loaded = false;
    }

    // ---- the server's side --------------------------------------------------------

    bool server_bytes(std::error_code& ec) {
        std::string why;
        while (output_at_ == output_.size()) {
            const bool more = load(server_, 'C', why);
            if (!why.empty()) return fail(ec, errc::protocol_violation, why), false;
            // The server answers only what it was sent: every client record before this
            // one must have been played.
            drop_consumed_client();
            const bool client_pending = load(client_, 'S', why);
            if (!why.empty()) return fail(ec, errc::protocol_violation, why), false;
            if (client_pending && (!more || client_.record.line < server_.record.line))
                return client_first(ec), false;
            if (!more) {
                ec = make_error_code(errc::connection_closed);  // the recording ends here
                return false;
            }
            if (server_.record.kind == 'T') {
                fail(ec, errc::protocol_violation,
                     "transcript line " + std::to_string(server_.record.line) +
                         ": the recording switched to TLS here (STARTTLS), but the client did not");
                return false;
            }
            output_.clear();
            output_at_ = 0;
            server_output(server_.record.bytes);
            server_.loaded = false;
        }
        return true;
    }

    void client_first(std::error_code& ec) {
        fail(ec, errc::protocol_violation,
             "transcript line " + std::to_string(client_.record.line) +
                 ": the client waits for the server, but the recording has the client send " + describe(client_) +
                 (client_line_.empty() ? std::string()
                                       : " (the client's line so far: " + detail::transcript_quote(client_line_) + ")"));
    }

    // The record's bytes, each tagged response given the client's tag.
    void server_output(std::string_view bytes) {
        for (std::size_t i = 0; i < bytes.size();) {
            if (mode_ == replay_mode::ignore_tags && server_lines_.line_start && !server_lines_.in_literal()) {
                const std::size_t sp = bytes.find(' ', i);
                if (sp != std::string_view::npos) {
                    const auto it = tags_.find(std::string(bytes.substr(i, sp - i)));
                    if (it != tags_.end()) {
                        output_ += it->second;
                        for (std::size_t k = i; k < sp; ++k) server_lines_.feed(bytes[k]);
                        i = sp;
                        continue;
                    }
                }
            }
            output_ += bytes[i];
            server_lines_.feed(bytes[i]);
            ++i;
        }
    }

    // ---- the client's side --------------------------------------------------------

    // Checks one byte the client sends against the recording.
    bool client_byte(std::string_view bytes, std::size_t i, std::error_code& ec) {
        const char c = bytes[i];
        const bool in_literal = client_lines_.in_literal();
        const bool line_start = client_lines_.line_start && !in_literal;
        std::string why;
        for (;;) {
            if (in_tag_) {
                if (c == ' ' && !client_tag_.empty()) {
                    tags_[recorded_tag_] = client_tag_;
                    in_tag_ = false;
                    break;
                }
                if (detail::is_tag_char(c)) {
                    client_tag_ += c;
                    break;
                }
                return mismatch(bytes, i, ec);
            }
            if (wild_) {
                // A placeholder takes whatever the client sends up to the byte that follows
                // it in the recording, and every byte of a literal.
                if (in_literal) break;
                while (client_.loaded && client_.record.kind == 'C' && client_.at == client_.record.bytes.size() &&
                       client_.placeholder == client_.record.redacted.size()) {
                    client_.loaded = false;
                    if (!load(client_, 'S', why) || client_.record.kind != 'C') break;
                }
                if (!client_.loaded || client_.record.kind != 'C' || client_.at >= client_.record.bytes.size() ||
                    client_.record.bytes[client_.at] != c)
                    break;
                wild_ = false;
                continue;
            }
            drop_consumed_client();
            if (!load(client_, 'S', why)) {
                if (!why.empty()) return fail(ec, errc::protocol_violation, why), false;
                return fail(ec, errc::protocol_violation,
                            "the client sent " + detail::transcript_quote(pending_text(bytes, i)) +
                                " after the end of the recording"),
                       false;
            }
            if (client_.record.kind == 'T') return mismatch(bytes, i, ec);
            const detail::transcript_record& r = client_.record;
            if (client_.placeholder < r.redacted.size() && r.redacted[client_.placeholder] == client_.at) {
                ++client_.placeholder;
                wild_ = true;
                continue;
            }
            // The recorder starts each client line in a record of its own; a hand-edited
            // record may hold several.
            if (mode_ == replay_mode::ignore_tags && line_start && (client_.at == 0 || r.bytes[client_.at - 1] == '\n')) {
                const std::size_t begin = client_.at;
                std::size_t end = begin;
                while (end < r.bytes.size() && detail::is_tag_char(r.bytes[end])) ++end;
                const bool placeholder_inside =
                    client_.placeholder < r.redacted.size() && r.redacted[client_.placeholder] <= end;
                if (end > begin && end < r.bytes.size() && r.bytes[end] == ' ' && !placeholder_inside) {
                    recorded_tag_ = r.bytes.substr(begin, end - begin);
                    client_tag_.clear();
                    client_.at = end + 1;
                    in_tag_ = true;
                    continue;
                }
            }
            if (client_.at < r.bytes.size() && r.bytes[client_.at] == c) {
                ++client_.at;
                break;
            }
            return mismatch(bytes, i, ec);
        }
        client_lines_.feed(c);
        if (client_lines_.line_start) client_line_.clear();
        else if (client_line_.size() < 300) client_line_ += c;
        return true;
    }

    // The client's current line: what it sent of it so far, and the rest of this write.
    std::string pending_text(std::string_view bytes, std::size_t i) const {
        const std::size_t lf = bytes.find('\n', i);
        const std::size_t end = std::min(lf == std::string_view::npos ? bytes.size() : lf + 1, i + 200);
        return client_line_ + std::string(bytes.substr(i, end - i));
    }

    bool mismatch(std::string_view bytes, std::size_t i, std::error_code& ec) {
        fail(ec, errc::protocol_violation,
             "transcript line " + std::to_string(client_.record.line) + ": the client sent " +
                 detail::transcript_quote(pending_text(bytes, i), 300) + " where the recording has " +
                 describe(client_));
        return false;
    }

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

#endif  // IMAPLIB_TRANSPORT_RECORD_HPP
