// imaplib-cpp: util/time.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_TIME_IPP
#define IMAPLIB_UTIL_IMPL_TIME_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/time.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL bool localtime_of(std::int64_t t, std::tm& out) noexcept {
    if (t < std::numeric_limits<std::time_t>::min() ||
        t > std::numeric_limits<std::time_t>::max())
        return false;
    const auto tt = narrow_cast<std::time_t>(t);
#if defined(_WIN32)
    return localtime_s(&out, &tt) == 0;
#else
    return localtime_r(&tt, &out) != nullptr;
#endif
}

IMAPLIB_DECL std::int64_t utc_offset_of(std::int64_t t, const std::tm& local) noexcept {
    return timegm_fields(std::int64_t{local.tm_year} + 1900, local.tm_mon + 1, local.tm_mday,
                         local.tm_hour, local.tm_min, local.tm_sec) -
           t;
}

IMAPLIB_DECL python_zone python_zone_now() noexcept {
    constexpr std::int64_t year = (365 * 24 + 6) * 3600;
    const std::int64_t now = std::time(nullptr);
    const std::int64_t jan = (now / year) * year;
    const std::int64_t jul = jan + year / 2;
    std::tm tm_jan{};
    std::tm tm_jul{};
    std::int64_t janzone = 0;
    std::int64_t julyzone = 0;
    if (localtime_of(jan, tm_jan)) janzone = -utc_offset_of(jan, tm_jan);
    if (localtime_of(jul, tm_jul)) julyzone = -utc_offset_of(jul, tm_jul);
    if (janzone < julyzone) return {julyzone, janzone, true};  // southern hemisphere
    return {janzone, julyzone, janzone != julyzone};
}

IMAPLIB_DECL std::string format_internaldate(std::int64_t year, int mon, int day, int hour, int min,
                                             int sec, std::int64_t offset) {
    std::string out;
    out.reserve(30);
    out += '"';
    append_2digits(out, day);
    out += '-';
    out += month_names[mon - 1];
    out += '-';
    out += static_cast<char>('0' + year / 1000);
    out += static_cast<char>('0' + year / 100 % 10);
    append_2digits(out, year % 100);
    out += ' ';
    append_2digits(out, hour);
    out += ':';
    append_2digits(out, min);
    out += ':';
    append_2digits(out, sec);
    out += ' ';
    out += offset < 0 ? '-' : '+';
    const std::int64_t a = offset < 0 ? -offset : offset;
    append_2digits(out, a / 3600);
    append_2digits(out, a / 60 % 60);
    if (a % 60 != 0) append_2digits(out, a % 60);
    out += '"';
    return out;
}

IMAPLIB_DECL std::string format_instant(std::int64_t t, std::int64_t offset, std::error_code& ec) {
    const std::int64_t local = t + offset;
    if (local < min_epoch || local > max_epoch) {
        ec = make_error_code(errc::invalid_argument);  // datetime: year out of range
        return {};
    }
    const std::int64_t days = (local >= 0 ? local : local - 86399) / 86400;
    const std::int64_t secs = local - days * 86400;
    const civil_date d = civil_from_days(days);
    ec.clear();
    return format_internaldate(d.year, d.month, d.day, static_cast<int>(secs / 3600),
                               static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                               offset);
}

IMAPLIB_DECL std::string format_epoch_local(std::int64_t t, std::error_code& ec) {
    std::tm local{};
    if (t < min_epoch || t > max_epoch || !localtime_of(t, local)) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    return format_instant(t, utc_offset_of(t, local), ec);
}

IMAPLIB_DECL bool epoch_seconds_of(double secs, std::int64_t& out) noexcept {
    if (!std::isfinite(secs)) return false;
    double intpart = 0;
    double frac = std::modf(secs, &intpart) * 1e6;
    double rounded = std::round(frac);
    if (std::fabs(frac - rounded) == 0.5) rounded = 2.0 * std::round(frac / 2.0);
    if (rounded >= 1e6)
        intpart += 1.0;
    else if (rounded < 0)
        intpart -= 1.0;
    if (intpart < static_cast<double>(min_epoch) || intpart > static_cast<double>(max_epoch))
        return false;
    out = static_cast<std::int64_t>(intpart);
    return true;
}

IMAPLIB_DECL bool valid_fields(const std::tm& t) noexcept {
    const std::int64_t year = std::int64_t{t.tm_year} + 1900;
    return year >= 1 && year <= 9999 && t.tm_mon >= 0 && t.tm_mon <= 11 && t.tm_mday >= 1 &&
           t.tm_mday <= days_in_month(year, t.tm_mon + 1) && t.tm_hour >= 0 &&
           t.tm_hour <= 23 && t.tm_min >= 0 && t.tm_min <= 59 && t.tm_sec >= 0 &&
           t.tm_sec <= 59;
}

IMAPLIB_DECL bool match_internaldate(std::string_view resp, std::int64_t& utc, std::error_code& ec) {
    ec.clear();
    constexpr std::string_view key = "INTERNALDATE \"";
    // "INTERNALDATE \"dd-Mon-yyyy hh:mm:ss +zzzz\"": 14 + 26 + 1.
    constexpr std::size_t value_size = 26;
    const std::string_view line = resp.substr(0, resp.find('\n'));
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t pos = line.rfind(key); pos != std::string_view::npos;
         pos = pos == 0 ? std::string_view::npos : line.rfind(key, pos - 1)) {
        const std::string_view v = line.substr(pos + key.size());
        if (v.size() < value_size + 1) continue;
        const bool shape =
            (v[0] == ' ' || (v[0] >= '0' && v[0] <= '3')) && digit(v[1]) && v[2] == '-' &&
            v[3] >= 'A' && v[3] <= 'Z' && v[4] >= 'a' && v[4] <= 'z' && v[5] >= 'a' &&
            v[5] <= 'z' && v[6] == '-' && digit(v[7]) && digit(v[8]) && digit(v[9]) &&
            digit(v[10]) && v[11] == ' ' && digit(v[12]) && digit(v[13]) && v[14] == ':' &&
            digit(v[15]) && digit(v[16]) && v[17] == ':' && digit(v[18]) && digit(v[19]) &&
            v[20] == ' ' && (v[21] == '+' || v[21] == '-') && digit(v[22]) && digit(v[23]) &&
            digit(v[24]) && digit(v[25]) && v[26] == '"';
        if (!shape) continue;
        int mon = 0;
        for (int i = 0; i < 12; ++i)
            if (v.substr(3, 3) == month_names[i]) mon = i + 1;
        auto num = [&](std::size_t at, std::size_t n) {
            std::int64_t x = 0;
            for (std::size_t i = at; i < at + n; ++i) x = x * 10 + (v[i] == ' ' ? 0 : v[i] - '0');
            return x;
        };
        const std::int64_t year = num(7, 4);
        if (mon == 0 || year == 0) {
            // imaplib: Mon2num[...] raises KeyError; calendar.timegm raises
            // ValueError for year 0.
            ec = make_error_code(errc::invalid_argument);
            return true;
        }
        std::int64_t zone = (num(22, 2) * 60 + num(24, 2)) * 60;
        if (v[21] == '-') zone = -zone;
        utc = timegm_fields(year, mon, num(0, 2), num(12, 2), num(15, 2), num(18, 2)) - zone;
        return true;
    }
    return false;
}

}  // namespace detail

IMAPLIB_DECL std::optional<std::tm> internaldate_to_tuple(std::string_view resp, std::error_code& ec) {
    std::int64_t utc = 0;
    if (!detail::match_internaldate(resp, utc, ec) || ec) return std::nullopt;
    std::tm out{};
    if (!detail::localtime_of(utc, out)) {
        ec = make_error_code(errc::invalid_argument);  // time.localtime: OverflowError
        return std::nullopt;
    }
    return out;
}

IMAPLIB_DECL std::optional<sys_seconds> internaldate_to_time_point(std::string_view resp,
                                                                   std::error_code& ec) {
    std::int64_t utc = 0;
    if (!detail::match_internaldate(resp, utc, ec) || ec) return std::nullopt;
    return sys_seconds(std::chrono::seconds(utc));
}

#if !defined(IMAPLIB_NO_EXCEPTIONS)

IMAPLIB_DECL std::optional<std::tm> internaldate_to_tuple(std::string_view resp) {
    std::error_code ec;
    auto r = internaldate_to_tuple(resp, ec);
    if (ec) detail::throw_value_error("Internaldate2tuple: invalid INTERNALDATE");
    return r;
}

IMAPLIB_DECL std::optional<sys_seconds> internaldate_to_time_point(std::string_view resp) {
    std::error_code ec;
    auto r = internaldate_to_time_point(resp, ec);
    if (ec) detail::throw_value_error("Internaldate2tuple: invalid INTERNALDATE");
    return r;
}

#endif

IMAPLIB_DECL std::string time_to_internaldate(const std::tm& fields, std::chrono::seconds utc_offset,
                                              std::error_code& ec) {
    const std::int64_t off = utc_offset.count();
    if (!detail::valid_fields(fields) || off <= -86400 || off >= 86400) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    ec.clear();
    return detail::format_internaldate(std::int64_t{fields.tm_year} + 1900, fields.tm_mon + 1,
                                       fields.tm_mday, fields.tm_hour, fields.tm_min,
                                       fields.tm_sec, off);
}

IMAPLIB_DECL std::string time_to_internaldate(const std::tm& local, std::error_code& ec) {
    if (!detail::valid_fields(local)) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    const detail::python_zone zone = detail::python_zone_now();
    std::int64_t gmtoff = -zone.timezone;
    if (zone.daylight) {
        bool dst = local.tm_isdst > 0;
        if (local.tm_isdst < 0) {
            std::tm probe = local;
            probe.tm_isdst = -1;
            probe.tm_wday = -1;  // mktime sets it on success: tells -1 (error) from 1969
            const std::time_t t = std::mktime(&probe);
            std::tm back{};
            if (t == static_cast<std::time_t>(-1) && probe.tm_wday == -1) {
                ec = make_error_code(errc::invalid_argument);  // time.mktime: OverflowError
                return {};
            }
            dst = detail::localtime_of(static_cast<std::int64_t>(t), back) && back.tm_isdst > 0;
        }
        gmtoff = dst ? -zone.altzone : -zone.timezone;
    }
    return time_to_internaldate(local, std::chrono::seconds(gmtoff), ec);
}

IMAPLIB_DECL std::string time_to_internaldate(std::string_view quoted, std::error_code& ec) {
    if (quoted.empty() || quoted.front() != '"' || quoted.back() != '"') {
        ec = make_error_code(errc::invalid_argument);  // imaplib: ValueError
        return {};
    }
    ec.clear();
    return std::string(quoted);
}

#if !defined(IMAPLIB_NO_EXCEPTIONS)

IMAPLIB_DECL std::string time_to_internaldate(const std::tm& fields, std::chrono::seconds utc_offset) {
    std::error_code ec;
    std::string r = time_to_internaldate(fields, utc_offset, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: invalid date or offset");
    return r;
}

IMAPLIB_DECL std::string time_to_internaldate(const std::tm& local) {
    std::error_code ec;
    std::string r = time_to_internaldate(local, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: invalid date");
    return r;
}

IMAPLIB_DECL std::string time_to_internaldate(std::string_view quoted) {
    std::error_code ec;
    std::string r = time_to_internaldate(quoted, ec);
    if (ec) detail::throw_value_error("date_time not of a known type");
    return r;
}

#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_IMPL_TIME_IPP
