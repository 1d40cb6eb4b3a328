// imaplib-cpp: framing - finds where one server response ends.
//
// A response is a line plus any number of literals (RFC 3501 section 4.3, RFC 3516
// literal8): a line ending in "{N}" CRLF (or "~{N}" CRLF) is followed by exactly N
// bytes, after which the line goes on to the next CRLF, which may announce another
// literal. The reader finds the end of such a frame without copying it, enforcing
// imaplib::limits before committing memory, and splits exactly where imaplib.py does.
// See docs/framing.md for the rules and the streaming contract.
#ifndef IMAPLIB_FRAMING_READER_HPP
#define IMAPLIB_FRAMING_READER_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/limits.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace framing {

enum class status { need_more, complete };

// One literal of a frame. Offsets are into the caller's buffer (the frame starts at 0).
struct literal {
    std::size_t header;    // offset of '{', or of '~' for a literal8
    std::size_t offset;    // offset of the first literal byte kept in the buffer
    std::size_t size;      // N, as announced
    // Bytes of this literal the caller consumed outside its buffer (see
    // response_reader::skip_literal_bytes). The buffer holds the literal's last
    // size - streamed bytes at [offset, offset + size - streamed); 0 unless streamed.
    std::size_t streamed = 0;
};

namespace detail {

// First LF, CR or NUL in [p, e), or e. Several bytes per step: framing must stay close
// to a plain memchr for LF while still catching the bare CR and NUL smuggling vectors.
IMAPLIB_DECL const char* find_line_control(const char* p, const char* e) noexcept;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// imaplib's Untagged_response type: [A-Z-]+
constexpr bool is_type_char(char c) noexcept { return (c >= 'A' && c <= 'Z') || c == '-'; }

// Whether imaplib.py looks for a literal on this first line at all. It matches
// `\* (?P<type>[A-Z-]+)( (?P<data>.*))?` (else `\* \d+ [A-Z-]+( (?P<data2>.*))?`) and
// applies `.*{(?P<size>\d+)}$` to the data part only; tagged and continuation lines
// never announce a literal. So the line needs "* TYPE " or "* N TYPE " before the data.
IMAPLIB_DECL bool has_untagged_data(std::string_view line) noexcept;

}  // namespace detail

// Frames one response at a time. Not thread-safe; one per connection.
//
// Usage: append received bytes to a buffer that starts at the response's first byte and
// call parse() with the whole buffer after each read until it says complete; consume
// buffer[0, size()), erase it, reset(), and go on (the buffer may already hold the next
// response). After an error the connection is dead: parse() keeps returning that error.
class response_reader {
public:
    explicit response_reader(const imaplib::limits& l = {}, bool strict = false)
        : limits_(l), strict_(strict) {}

    // Scans what is new in `buffer` since the last call. `buffer` must be the same bytes
    // as before, possibly with more appended (and, while streaming a literal, as
    // described at skip_literal_bytes). Returns complete when buffer[0, size()) is one
    // whole frame; need_more when more bytes are needed or, with `ec` set, on error:
    //   line_too_long      a line's text (CRLF and literals excluded) > max_line
    //   literal_too_large  an announced N > max_literal (reported at the announcement)
    //   response_too_large the frame (streamed bytes included) would exceed max_response
    //   too_many_literals  the frame announced more than max_literals literals
    //   malformed_response NUL or bare CR in a line; in strict mode also a bare LF, a
    //                      non-numeric "{...}" at the end of a line, or an announcement
    //                      imaplib would not honour
    //   invalid_argument   the caller broke the contract (buffer shorter than before)
    status parse(std::string_view buffer, std::error_code& ec);

    // The frame's length through its final line end; 0 until parse() returned complete.
    std::size_t size() const noexcept { return state_ == state::complete ? size_ : 0; }

    // The literals announced so far, in order (all of them once complete).
    const std::vector<literal>& literals() const noexcept { return literals_; }

    // True when parse() stopped inside a literal's bytes (it then consumed the whole
    // buffer: every byte after literals().back().offset is a byte of that literal).
    bool in_literal() const noexcept { return state_ == state::in_literal; }

    // Bytes of the current literal still to come (0 outside a literal).
    std::size_t literal_remaining() const noexcept {
        return state_ == state::in_literal ? remaining_ : 0;
    }

    // Bytes of the current literal that are in the caller's buffer as last parsed:
    // buffer[literals().back().offset, + literal_buffered()) (0 outside a literal).
    std::size_t literal_buffered() const noexcept {
        return state_ == state::in_literal ? pos_ - literals_.back().offset : 0;
    }

    // Streams the current literal past the buffer (bulk downloads). Call only while
    // in_literal(). Contract: the caller has handed the literal_buffered() bytes at
    // literals().back().offset to its sink and erased them, so its buffer now ends at
    // literals().back().offset; `n` (<= literal_remaining()) further bytes of the
    // literal went straight from the transport to the sink, never into the buffer.
    // Afterwards the literal's `streamed` grows by literal_buffered() + n, later bytes
    // are appended at literals().back().offset, and every offset the reader reports
    // (the rest of this line, later literals, size()) is into the compacted buffer.
    // max_response still counts the streamed bytes: it bounds the response on the wire.
    // A call outside a literal, or with n > literal_remaining(), makes the next
    // parse() fail with invalid_argument.
    void skip_literal_bytes(std::size_t n) noexcept;

    // Ready for the next response, whose first byte is at offset 0 of the buffer passed
    // next (erase buffer[0, size()) first). Keeps the literals' storage.
    void reset() noexcept;

    // Bytes of line text inspected for this frame so far (literal bytes are skipped
    // unseen). Every byte is looked at a bounded number of times, whatever the split
    // into parse() calls: this makes the linear-time property testable.
    std::size_t bytes_examined() const noexcept { return examined_; }

    bool strict() const noexcept { return strict_; }

private:
    enum class state : unsigned char { in_line, in_literal, complete, failed };
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    status fail(errc e, std::error_code& ec) noexcept;

    void start_line(std::size_t at) noexcept;

    // Where scanning the current line can stop: the end of the buffer, or the first
    // position at which the line or the frame would already be over its limit.
    std::size_t scan_end(std::size_t end) const noexcept;

    // Would a frame of at least `compacted + more` bytes in the buffer (plus what was
    // streamed) exceed max_response? Written so that nothing overflows.
    bool exceeds_response(std::size_t compacted, std::size_t more) const noexcept {
        const std::size_t max = limits_.max_response;
        return compacted > max || streamed_ > max - compacted || more > max - compacted - streamed_;
    }

    // Does `line` (without its line end) announce a literal? Sets `header` to the offset
    // of '{' / '~' in the line, or npos; `count` to N (at most max_literal).
    // Tolerant mode is imaplib's `.*{(?P<size>\d+)}$` on the part of the line imaplib
    // tests; strict mode rejects what that regex would silently treat as text.
    errc announcement(std::string_view line, std::size_t& count, std::size_t& header);

    imaplib::limits limits_;
    bool strict_;
    state state_ = state::in_line;
    bool first_line_ = true;
    std::size_t pos_ = 0;         // first byte not yet scanned
    std::size_t line_start_ = 0;  // first byte of the line being scanned
    std::size_t remaining_ = 0;   // literal bytes still to come
    std::size_t size_ = 0;        // frame length once complete
    std::size_t streamed_ = 0;    // literal bytes consumed outside the buffer
    std::size_t examined_ = 0;
    std::error_code error_;
    std::vector<literal> literals_;
};

}  // namespace framing

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/framing/impl/reader.ipp>
#endif

#endif  // IMAPLIB_FRAMING_READER_HPP
