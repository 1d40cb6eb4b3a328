// imaplib-cpp: framing/reader.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_FRAMING_IMPL_READER_IPP
#define IMAPLIB_FRAMING_IMPL_READER_IPP

#include <imaplib/config.hpp>
#include <imaplib/detail/literal_header.hpp>
#include <imaplib/detail/scan.hpp>
#include <imaplib/framing/reader.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>
#include <vector>


IMAPLIB_BEGIN_NAMESPACE

namespace framing {

namespace detail {

IMAPLIB_DECL const char* find_line_control(const char* p, const char* e) noexcept {
    // Lines run to hundreds of bytes: the dispatched scan (AVX2 where the CPU has it).
    return ::imaplib::detail::find_first_long<::imaplib::detail::byte_list<'\n', '\r', '\0'>>(p, e);
}

IMAPLIB_DECL bool has_untagged_data(std::string_view line) noexcept {
    if (line.size() < 2 || line[0] != '*' || line[1] != ' ') return false;
    std::size_t k = 2;
    const std::size_t n = line.size();
    if (k < n && is_type_char(line[k])) {
        while (k < n && is_type_char(line[k])) ++k;
        return k < n && line[k] == ' ';
    }
    const std::size_t digits = k;
    while (k < n && is_digit(line[k])) ++k;
    if (k == digits || k >= n || line[k] != ' ') return false;
    const std::size_t type = ++k;
    while (k < n && is_type_char(line[k])) ++k;
    return k != type && k < n && line[k] == ' ';
}

}  // namespace detail

}  // namespace framing

namespace framing {

IMAPLIB_DECL status response_reader::parse(std::string_view buffer, std::error_code& ec) {
    ec.clear();
    if (state_ == state::failed) {
        ec = error_;
        return status::need_more;
    }
    if (state_ == state::complete) return status::complete;
    if (buffer.size() < pos_) return fail(errc::invalid_argument, ec);

    const char* const base = buffer.data();
    const std::size_t end = buffer.size();
    for (;;) {
        if (state_ == state::in_literal) {
            // Literal bytes are opaque: skipped, never inspected.
            const std::size_t take = end - pos_ < remaining_ ? end - pos_ : remaining_;
            pos_ += take;
            remaining_ -= take;
            if (remaining_ != 0) return status::need_more;
            start_line(pos_);
        }

        // Every error is decided from the first LF, CR or NUL at or after the line
        // start (position i), so it is the same however the bytes were split:
        // the line's text is at least i - line_start_ bytes and the frame at least
        // i + 1. Scanning stops where either limit is already passed.
        const std::size_t window = scan_end(end);
        const char* hit = detail::find_line_control(base + pos_, base + window);
        const std::size_t i = static_cast<std::size_t>(hit - base);
        examined_ += i - pos_ + (i != window);
        if (i - line_start_ > limits_.max_line) return fail(errc::line_too_long, ec);
        if (exceeds_response(i, 1)) return fail(errc::response_too_large, ec);
        if (i == end) {  // no line end yet: all of it is line text
            pos_ = i;
            return status::need_more;
        }

        std::size_t lf = i;
        if (base[i] == '\0') return fail(errc::malformed_response, ec);
        if (base[i] == '\r') {
            if (i + 1 == end) {  // maybe the CR of a CRLF: look again next time
                pos_ = i;
                return status::need_more;
            }
            if (base[i + 1] != '\n') return fail(errc::malformed_response, ec);
            lf = i + 1;
        } else if (strict_) {  // bare LF; tolerated for servers that send "}\n"
            return fail(errc::malformed_response, ec);
        }
        const std::size_t next = lf + 1;
        if (exceeds_response(next, 0)) return fail(errc::response_too_large, ec);

        const std::string_view line(base + line_start_, i - line_start_);
        std::size_t count = 0;
        std::size_t header = 0;
        const errc e = announcement(line, count, header);
        if (e != errc{}) return fail(e, ec);
        if (header == npos) {
            size_ = next;
            state_ = state::complete;
            return status::complete;
        }
        // Counted against the limits now (max_literal in announcement()), before a
        // single byte of it is awaited; a line end must still follow the literal.
        if (count > limits_.max_response - next ||
            exceeds_response(next + count, strict_ ? 2 : 1))
            return fail(errc::response_too_large, ec);
        if (literals_.size() >= limits_.max_literals) return fail(errc::too_many_literals, ec);
        literals_.push_back(literal{line_start_ + header, next, count});
        state_ = state::in_literal;
        remaining_ = count;
        pos_ = next;
    }
}

IMAPLIB_DECL void response_reader::skip_literal_bytes(std::size_t n) noexcept {
    if (state_ != state::in_literal || n > remaining_) {
        error_ = make_error_code(errc::invalid_argument);
        state_ = state::failed;
        return;
    }
    literal& current = literals_.back();
    const std::size_t dropped = pos_ - current.offset + n;
    current.streamed += dropped;
    streamed_ += dropped;
    pos_ = current.offset;
    remaining_ -= n;
    if (remaining_ == 0) start_line(pos_);
}

IMAPLIB_DECL void response_reader::reset() noexcept {
    literals_.clear();
    state_ = state::in_line;
    pos_ = line_start_ = remaining_ = size_ = streamed_ = examined_ = 0;
    first_line_ = true;
    error_.clear();
}

IMAPLIB_DECL status response_reader::fail(errc e, std::error_code& ec) noexcept {
    error_ = make_error_code(e);
    ec = error_;
    state_ = state::failed;
    return status::need_more;
}

IMAPLIB_DECL void response_reader::start_line(std::size_t at) noexcept {
    state_ = state::in_line;
    line_start_ = pos_ = at;
    first_line_ = false;
}

IMAPLIB_DECL std::size_t response_reader::scan_end(std::size_t end) const noexcept {
    std::size_t cap = end;
    if (limits_.max_line < cap - line_start_) cap = line_start_ + limits_.max_line + 1;
    const std::size_t max = limits_.max_response;
    const std::size_t frame_cap = streamed_ < max ? max - streamed_ : 0;
    return frame_cap < cap ? (frame_cap > pos_ ? frame_cap : pos_) : cap;
}

IMAPLIB_DECL errc response_reader::announcement(std::string_view line, std::size_t& count, std::size_t& header) {
    header = npos;
    const std::size_t n = line.size();
    // A tagged or "+" first line never announces a literal (text in RFC 3501 too).
    if (first_line_ && !(n >= 2 && line[0] == '*' && line[1] == ' ')) return errc{};
    if (n == 0 || line[n - 1] != '}') return errc{};

    std::size_t j = n - 1;
    while (j > 0 && detail::is_digit(line[j - 1])) --j;
    examined_ += n - j;
    if (j == n - 1 || j == 0 || line[j - 1] != '{') {
        // Not "{digits}": text to imaplib. Strict mode refuses what looks like a
        // broken count ("{}", "{-1}", "{ 5}", "{1a}", LITERAL+ "{5+}").
        if (!strict_) return errc{};
        std::size_t inner = n - 1;  // just after the last '{'
        while (inner > 0 && line[inner - 1] != '{') --inner;
        examined_ += n - 1 - inner;
        if (inner == 0) return errc{};
        const char c = line[inner];
        const bool numeric_looking =
            c == '}' || detail::is_digit(c) || c == '-' || c == '+' || c == ' ';
        return numeric_looking ? errc::malformed_response : errc{};
    }
    // "* OK{5}" or "* 1 {5}": imaplib reads no literal, though a server meant one.
    if (first_line_ && !detail::has_untagged_data(line))
        return strict_ ? errc::malformed_response : errc{};

    // The count: digits only, so never negative; checked against max_literal before it
    // can wrap, as the grammar reads it (detail/literal_header.hpp).
    const ::imaplib::detail::literal_count c = ::imaplib::detail::take_literal_count(
        line.data() + j, line.data() + n - 1, limits_.max_literal);
    if (c.too_large) return errc::literal_too_large;
    count = static_cast<std::size_t>(c.value);
    header = (j >= 2 && line[j - 2] == '~') ? j - 2 : j - 1;
    return errc{};
}

}  // namespace framing

IMAPLIB_END_NAMESPACE


#endif  // IMAPLIB_FRAMING_IMPL_READER_IPP
