// imaplib-cpp: transport/record.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_TRANSPORT_IMPL_RECORD_IPP
#define IMAPLIB_TRANSPORT_IMPL_RECORD_IPP

#include <imaplib/config.hpp>
#include <imaplib/transport/record.hpp>

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

IMAPLIB_DECL std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
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

IMAPLIB_DECL void transcript_escape(std::string& out, std::string_view bytes) {
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

IMAPLIB_DECL std::string transcript_quote(std::string_view bytes, std::size_t max) {
    std::string out = "\"";
    transcript_escape(out, bytes.substr(0, max));
    out += bytes.size() > max ? "\"..." : "\"";
    return out;
}

IMAPLIB_DECL int transcript_hex(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

IMAPLIB_DECL bool transcript_unescape(std::string_view text, transcript_record& r, std::string& why) {
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

IMAPLIB_DECL bool transcript_reader::start(std::string& why) {
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

IMAPLIB_DECL bool transcript_reader::next(transcript_record& r, std::string& why) {
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

IMAPLIB_DECL void line_tracker::feed(char c) {
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

}  // namespace detail

IMAPLIB_DECL std::shared_ptr<transcript_recorder> transcript_recorder::to_file(const std::string& path, std::error_code& ec) {
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

IMAPLIB_DECL void transcript_recorder::comment(std::string_view text) {
    flush_pending();
    std::string line = "# ";
    detail::transcript_escape(line, text);
    *out_ << line << '\n';
}

IMAPLIB_DECL void transcript_recorder::client(std::string_view bytes) {
    flush_server();
    client_pending_.append(bytes.data(), bytes.size());
    drain_client(false);
}

IMAPLIB_DECL void transcript_recorder::server(std::string_view bytes) {
    flush_client();
    server_pending_.append(bytes.data(), bytes.size());
    drain_server(false);
}

IMAPLIB_DECL void transcript_recorder::flush_quietly() noexcept {
#ifndef IMAPLIB_NO_EXCEPTIONS
    try {
        flush();
    } catch (...) {
    }
#else
    flush();
#endif
}

IMAPLIB_DECL void transcript_recorder::append(std::string& out, std::string_view raw) const {
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

IMAPLIB_DECL void transcript_recorder::write_record(char kind, std::string& text) {
    if (text.empty()) return;
    if (text.back() == ' ') {  // editors strip trailing blanks
        text.pop_back();
        text += "\\x20";
    }
    *out_ << kind << ": " << text << '\n';
    text.clear();
}

IMAPLIB_DECL void transcript_recorder::drain_client(bool all) {
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

IMAPLIB_DECL void transcript_recorder::client_segment(std::string_view seg) {
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
            if (argument_ == 1) command_ = detail::to_upper(token);
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

IMAPLIB_DECL void transcript_recorder::drain_server(bool all) {
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

IMAPLIB_DECL void transcript_recorder::server_segment(std::string_view seg) {
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

IMAPLIB_DECL replay_transport::replay_transport(std::string path, replay_mode mode)
    : mode_(mode),
      source_([path = std::move(path)]() -> std::unique_ptr<std::istream> {
          return std::make_unique<std::ifstream>(path, std::ios::binary);
      }) {}

IMAPLIB_DECL replay_transport replay_transport::from_string(std::string transcript, replay_mode mode) {
    replay_transport t;
    t.mode_ = mode;
    auto text = std::make_shared<const std::string>(std::move(transcript));
    t.source_ = [text]() -> std::unique_ptr<std::istream> {
        return std::make_unique<std::istringstream>(*text);
    };
    return t;
}

IMAPLIB_DECL void replay_transport::open(std::string_view, std::uint16_t, std::error_code& ec) {
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

IMAPLIB_DECL std::size_t replay_transport::read_some(char* buffer, std::size_t size, std::error_code& ec) {
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

IMAPLIB_DECL void replay_transport::write_all(const char* data, std::size_t size, std::error_code& ec) {
    if (!usable(ec)) return;
    const std::string_view bytes(data, size);
    for (std::size_t i = 0; i < size; ++i)
        if (!client_byte(bytes, i, ec)) return;
    ec.clear();
}

IMAPLIB_DECL std::size_t replay_transport::available(std::error_code& ec) {
    ec.clear();
    if (!open_ || dead_) return 0;
    if (output_at_ == output_.size() && server_ready()) server_bytes(ec);
    return output_.size() - output_at_;
}

IMAPLIB_DECL bool replay_transport::finished() {
    std::string why;
    drop_consumed_client();
    return started_ && !dead_ && output_at_ == output_.size() && !load(server_, 'C', why) && why.empty() &&
           !load(client_, 'S', why) && why.empty();
}

IMAPLIB_DECL bool replay_transport::usable(std::error_code& ec) {
    if (open_ && !dead_) return true;
    if (dead_ && !detail_.empty()) ec = make_error_code(errc::transport_error);
    else fail(ec, errc::transport_error, "the replay is not open");
    return false;
}

IMAPLIB_DECL void replay_transport::fail(std::error_code& ec, errc e, std::string text) {
    ec = make_error_code(e);
    detail_ = std::move(text);
    dead_ = true;
}

IMAPLIB_DECL bool replay_transport::load(cursor& c, char skip, std::string& why) {
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

IMAPLIB_DECL bool replay_transport::server_ready() {
    std::string why;
    if (!load(server_, 'C', why) || server_.record.kind != 'S') return false;
    drop_consumed_client();
    return !load(client_, 'S', why) ? why.empty() : client_.record.line > server_.record.line;
}

IMAPLIB_DECL std::string replay_transport::describe(const cursor& c) {
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

IMAPLIB_DECL void replay_transport::drop_consumed_client() {
    if (client_.loaded && client_.record.kind == 'C' && client_.at == client_.record.bytes.size() &&
        client_.placeholder == client_.record.redacted.size() && !wild_ && !in_tag_)
        client_.loaded = false;
}

IMAPLIB_DECL bool replay_transport::server_bytes(std::error_code& ec) {
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

IMAPLIB_DECL void replay_transport::client_first(std::error_code& ec) {
    fail(ec, errc::protocol_violation,
         "transcript line " + std::to_string(client_.record.line) +
             ": the client waits for the server, but the recording has the client send " + describe(client_) +
             (client_line_.empty() ? std::string()
                                   : " (the client's line so far: " + detail::transcript_quote(client_line_) + ")"));
}

IMAPLIB_DECL void replay_transport::server_output(std::string_view bytes) {
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

IMAPLIB_DECL bool replay_transport::client_byte(std::string_view bytes, std::size_t i, std::error_code& ec) {
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

IMAPLIB_DECL std::string replay_transport::pending_text(std::string_view bytes, std::size_t i) const {
    const std::size_t lf = bytes.find('\n', i);
    const std::size_t end = std::min(lf == std::string_view::npos ? bytes.size() : lf + 1, i + 200);
    return client_line_ + std::string(bytes.substr(i, end - i));
}

IMAPLIB_DECL bool replay_transport::mismatch(std::string_view bytes, std::size_t i, std::error_code& ec) {
    fail(ec, errc::protocol_violation,
         "transcript line " + std::to_string(client_.record.line) + ": the client sent " +
             detail::transcript_quote(pending_text(bytes, i), 300) + " where the recording has " +
             describe(client_));
    return false;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_IMPL_RECORD_IPP
