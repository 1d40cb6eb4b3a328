// imaplib-cpp: engine/imaplib_compat.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_ENGINE_IMPL_IMAPLIB_COMPAT_IPP
#define IMAPLIB_ENGINE_IMPL_IMAPLIB_COMPAT_IPP

#include <imaplib/config.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/util/int2ap.hpp>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

IMAPLIB_DECL std::string internaldate_arg::text(std::error_code& ec) const {
    switch (kind_) {
    case kind::none: return {};
    case kind::quoted: return time_to_internaldate(quoted_, ec);
    case kind::seconds: return time_to_internaldate(seconds_, ec);
    case kind::local: return time_to_internaldate(local_, ec);
    case kind::instant: return time_to_internaldate(instant_, ec);
    }
    return {};
}

namespace detail {

IMAPLIB_DECL std::string new_tagpre() {
    static thread_local std::mt19937 random{std::random_device{}()};
    return int_to_ap(std::uniform_int_distribution<int>(4096, 65535)(random));
}

IMAPLIB_DECL std::optional<response_code_match> match_response_code(std::string_view dat) noexcept {
    if (dat.empty() || dat[0] != '[') return std::nullopt;
    const std::size_t n = run_length(dat.substr(1), is_upper_or_dash);
    if (n == 0 || 1 + n >= dat.size()) return std::nullopt;
    const std::string_view type = dat.substr(1, n);
    const std::size_t after = 1 + n;
    if (dat[after] == ' ') {
        const std::size_t close = dat.rfind(']');
        if (close != std::string_view::npos && close > after)
            return response_code_match{type, dat.substr(after + 1, close - after - 1)};
    }
    if (dat[after] == ']') return response_code_match{type, std::nullopt};
    return std::nullopt;
}

IMAPLIB_DECL bool match_untagged(std::string_view resp, untagged_line& out) noexcept {
    if (resp.size() < 3 || resp[0] != '*' || resp[1] != ' ') return false;
    std::string_view rest = resp.substr(2);
    std::size_t n = run_length(rest, is_letter_or_dash);
    if (n > 0) {
        out.type = rest.substr(0, n);
        out.number = {};
        out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
        return true;
    }
    const std::size_t digits = run_length(rest, is_digit);
    if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return false;
    out.number = rest.substr(0, digits);
    rest.remove_prefix(digits + 1);
    n = run_length(rest, is_letter_or_dash);
    if (n == 0) return false;
    out.type = rest.substr(0, n);
    out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
    return true;
}

IMAPLIB_DECL std::size_t match_tagged(std::string_view resp, std::string_view tagpre, std::string_view& type) noexcept {
    if (resp.substr(0, tagpre.size()) != tagpre) return 0;
    std::string_view rest = resp.substr(tagpre.size());
    const std::size_t digits = run_length(rest, is_digit);
    if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return 0;
    rest.remove_prefix(digits + 1);
    const std::size_t letters = run_length(rest, [](char c) { return is_letter_or_dash(c) && c != '-'; });
    if (letters == 0 || (letters < rest.size() && rest[letters] != ' ')) return 0;
    type = rest.substr(0, letters);
    return letters;
}

IMAPLIB_DECL std::string_view tagged_data(std::string_view resp) noexcept {
    const std::size_t first = resp.find(' ');
    const std::size_t second = resp.find(' ', first + 1);
    return second == std::string_view::npos ? resp.substr(resp.size()) : resp.substr(second + 1);
}

IMAPLIB_DECL std::string repr(std::string_view bytes) {
    std::string out;
    append_bytes_repr(out, bytes);
    return out;
}

IMAPLIB_DECL std::string decode_replace(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size();) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool valid = len != 0 && i + len <= bytes.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(bytes[i + k]) >> 6) == 2;
        if (valid) {
            out.append(bytes.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

IMAPLIB_DECL std::string map_crlf(std::string_view message) {
    std::string out;
    out.reserve(message.size() + message.size() / 32);
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r') {
            if (i + 1 < message.size() && message[i + 1] == '\n') ++i;
            out += "\r\n";
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

IMAPLIB_DECL bool needs_crlf_mapping(std::string_view message) noexcept {
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\n') return true;  // a bare LF (CRLF pairs are skipped below)
        if (message[i] == '\r') {
            if (i + 1 >= message.size() || message[i + 1] != '\n') return true;
            ++i;
        }
    }
    return false;
}

IMAPLIB_DECL void imaplib_log::mesg(std::string_view text) const {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t secs = system_clock::to_time_t(now);
    std::tm local{};
    localtime_r(&secs, &local);
    const auto centis = (duration_cast<milliseconds>(now.time_since_epoch()).count() / 10) % 100;
    char stamp[16];
    std::snprintf(stamp, sizeof stamp, "  %02d:%02d.%02d ", local.tm_min, local.tm_sec, static_cast<int>(centis));
    std::string line = stamp;
    line += escape_control(text);  // server text in it is repr()'d already; this is for the rest
    if (sink_) {
        sink_(line);
    } else {
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stderr);
        std::fflush(stderr);
    }
}

IMAPLIB_DECL void imaplib_log::trace(char direction, std::string_view bytes) {
    if (level_ <= 0) return;
    std::string line(1, direction);
    line += ' ';
    append_bytes_repr(line, bytes);
    if (level_ >= 4) {
        mesg(line);
    } else {
        keep(std::move(line));
    }
}

IMAPLIB_DECL void imaplib_log::keep(std::string line) {
    if (ring_.size() < 10) {
        ring_.push_back(std::move(line));
    } else {
        ring_[next_] = std::move(line);
        next_ = (next_ + 1) % ring_.size();
    }
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_IMAPLIB_COMPAT_IPP
