// imaplib-cpp: transport/memory.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_TRANSPORT_IMPL_MEMORY_IPP
#define IMAPLIB_TRANSPORT_IMPL_MEMORY_IPP

#include <imaplib/config.hpp>
#include <imaplib/detail/literal_header.hpp>
#include <imaplib/transport/memory.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL std::optional<std::size_t> literal_announcement(std::string_view line) noexcept {
    if (line.size() < 5 || line.substr(line.size() - 3) != "}\r\n") return std::nullopt;
    std::size_t end = line.size() - 3;
    if (line[end - 1] == '+' || line[end - 1] == '-') --end;  // LITERAL+ / LITERAL-
    std::size_t begin = end;
    while (begin > 0 && line[begin - 1] >= '0' && line[begin - 1] <= '9') --begin;
    if (begin == end || begin == 0 || line[begin - 1] != '{') return std::nullopt;
    // The count as the grammar reads it (detail/literal_header.hpp): number64, no
    // max_literal, as a test may announce anything.
    const literal_count n = take_literal_count(line.data() + begin, line.data() + end, number64_max);
    const auto count = static_cast<std::size_t>(n.value);
    if (n.too_large || count != n.value) return std::nullopt;  // past a 32-bit size_t
    return count;
}

IMAPLIB_DECL void memory_feed(memory_script& s, std::string_view data) {
    while (!data.empty()) {
        if (s.literal_left > 0) {
            const std::size_t n = std::min(s.literal_left, data.size());
            s.literal.append(data.data(), n);
            data.remove_prefix(n);
            s.literal_left -= n;
            if (s.literal_left == 0) {
                if (s.on_literal) s.push(s.on_literal(s.literal));
                s.literal.clear();
            }
            continue;
        }
        const std::size_t lf = data.find('\n');
        if (lf == std::string_view::npos) {
            s.partial_line.append(data.data(), data.size());
            return;
        }
        s.partial_line.append(data.data(), lf + 1);
        data.remove_prefix(lf + 1);
        std::string line;
        line.swap(s.partial_line);
        // Only CRLF ends an IMAP line (RFC 9051 section 2.2); a bare LF stays in it.
        if (line.size() < 2 || line[line.size() - 2] != '\r') {
            s.partial_line.swap(line);
            continue;
        }
        if (s.on_line) s.push(s.on_line(line));
        if (const auto n = literal_announcement(line); n && *n > 0) s.literal_left = *n;
    }
}

}  // namespace detail

IMAPLIB_DECL void memory_transport::open(std::string_view host, std::uint16_t port, std::error_code& ec) {
    memory_script& s = *script_;
    ++s.opens;
    s.host.assign(host.data(), host.size());
    s.port = port;
    if (s.open_error) {
        ec = s.open_error;
        return;
    }
    s.open = true;
    s.closed = false;
    ec.clear();
}

IMAPLIB_DECL std::size_t memory_transport::read_some(char* buffer, std::size_t size, std::error_code& ec) {
    memory_script& s = *script_;
    ++s.reads;
    if (s.closed) {
        ec = make_error_code(errc::transport_error);
        return 0;
    }
    if (s.fail_read_at != 0 && s.reads == s.fail_read_at) {
        ec = s.read_error;
        die();
        return 0;
    }
    if (s.input.empty()) {
        if (s.on_empty == memory_script::when_empty::timeout) {
            ec = make_error_code(errc::timeout);
            die();  // after a timeout the transport is dead (docs/transports.md)
        } else {
            ec = make_error_code(errc::connection_closed);
        }
        return 0;
    }
    if (size == 0) {
        ec.clear();
        return 0;
    }
    std::size_t n = std::min(size, s.input.size());
    if (s.chunk != 0) n = std::min(n, s.chunk);
    std::memcpy(buffer, s.input.data(), n);
    s.input.erase(0, n);
    ec.clear();
    return n;
}

IMAPLIB_DECL void memory_transport::write_all(const char* data, std::size_t size, std::error_code& ec) {
    memory_script& s = *script_;
    ++s.writes;
    if (s.closed) {
        ec = make_error_code(errc::transport_error);
        return;
    }
    if (s.fail_write_at != 0 && s.writes == s.fail_write_at) {
        ec = s.write_error;
        die();
        return;
    }
    const std::string_view bytes(data, size);
    s.output.append(bytes.data(), bytes.size());
    if (s.on_write) s.push(s.on_write(bytes));
    detail::memory_feed(s, bytes);
    ec.clear();
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_IMPL_MEMORY_IPP
