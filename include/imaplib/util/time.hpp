// imaplib-cpp: imaplib's date functions, Internaldate2tuple and Time2Internaldate.
//
// Both depend on the process's local time zone (TZ, tzset), exactly as imaplib's do:
// Internaldate2tuple returns time.localtime(), and Time2Internaldate prints epoch
// seconds in local time with the local UTC offset. The UTC variants
// (internaldate_to_time_point, the overloads taking an explicit offset) do not.
//
// RFC 3501 section 9: date-time = DQUOTE date-day-fixed "-" date-month "-" date-year
//                                 SP time SP zone DQUOTE
#ifndef IMAPLIB_UTIL_TIME_HPP
#define IMAPLIB_UTIL_TIME_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/limits.hpp>

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

// Seconds-precision instant on the system clock (wide enough for years 1..9999,
// unlike the nanosecond system_clock::time_point of some standard libraries).
using sys_seconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

namespace detail {

inline constexpr const char* month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12; any year).
constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct civil_date {
    std::int64_t year;
    int month;  // 1..12
    int day;    // 1..31
};

constexpr civil_date civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2), m, d};
}

constexpr bool is_leap(std::int64_t y) noexcept {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr int days_in_month(std::int64_t y, int m) noexcept {
    constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// calendar.timegm of a broken-down UTC time (fields beyond their range roll over
// linearly, as in calendar.timegm).
constexpr std::int64_t timegm_fields(std::int64_t year, int mon, std::int64_t day,
                                     std::int64_t hour, std::int64_t min,
                                     std::int64_t sec) noexcept {
    const std::int64_t days = days_from_civil(year, mon, 1) + day - 1;
    return ((days * 24 + hour) * 60 + min) * 60 + sec;
}

// Python's datetime range: years 1..9999 (datetime raises ValueError/OverflowError).
constexpr std::int64_t min_epoch = -62135596800;   // 0001-01-01T00:00:00Z
constexpr std::int64_t max_epoch = 253402300799;   // 9999-12-31T23:59:59Z

inline bool localtime_of(std::int64_t t, std::tm& out) noexcept {
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

// UTC offset in seconds of local time at `t`: local broken-down fields minus UTC.
// Computed from the fields, so it needs no tm_gmtoff (not standard C++).
inline std::int64_t utc_offset_of(std::int64_t t, const std::tm& local) noexcept {
    return timegm_fields(std::int64_t{local.tm_year} + 1900, local.tm_mon + 1, local.tm_mday,
                         local.tm_hour, local.tm_min, local.tm_sec) -
           t;
}

// time.timezone, time.altzone and time.daylight as CPython computes them with glibc:
// the local offsets at the start of the current year and half a year later.
struct python_zone {
    std::int64_t timezone;  // seconds WEST of UTC, standard time
    std::int64_t altzone;   // seconds WEST of UTC, daylight time
    bool daylight;
};

inline python_zone python_zone_now() noexcept {
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

inline void append_2digits(std::string& out, std::int64_t v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

// Formats '"DD-Mon-YYYY HH:MM:SS +HHMM"' (Python's %z: +HHMMSS when the offset has
// seconds). Fields are already validated.
inline std::string format_internaldate(std::int64_t year, int mon, int day, int hour, int min,
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

// Prints the instant `t` shifted by `offset` (seconds east of UTC).
inline std::string format_instant(std::int64_t t, std::int64_t offset, std::error_code& ec) {
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

// datetime.fromtimestamp(t, timezone.utc).astimezone(): local time, local offset.
inline std::string format_epoch_local(std::int64_t t, std::error_code& ec) {
    std::tm local{};
    if (t < min_epoch || t > max_epoch || !localtime_of(t, local)) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    return format_instant(t, utc_offset_of(t, local), ec);
}

// datetime.fromtimestamp(float): round the fraction to microseconds half-to-even and
// carry into the seconds (CPython's _PyTime_ObjectToTimeval); %S then truncates.
inline bool epoch_seconds_of(double secs, std::int64_t& out) noexcept {
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

inline bool valid_fields(const std::tm& t) noexcept {
    const std::int64_t year = std::int64_t{t.tm_year} + 1900;
    return year >= 1 && year <= 9999 && t.tm_mon >= 0 && t.tm_mon <= 11 && t.tm_mday >= 1 &&
           t.tm_mday <= days_in_month(year, t.tm_mon + 1) && t.tm_hour >= 0 &&
           t.tm_hour <= 23 && t.tm_min >= 0 && t.tm_min <= 59 && t.tm_sec >= 0 &&
           t.tm_sec <= 59;
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// imaplib raises ValueError (or KeyError) here, not IMAP4.error.
[[noreturn]] inline void throw_value_error(const char* what) { throw std::invalid_argument(what); }
#endif

// Parses imaplib's InternalDate regex at the rightmost place it matches on the first
// line (`.*` is greedy and does not cross '\n'). Returns false when nothing matches;
// on a match with an unknown month or a year Python cannot represent sets `ec`.
inline bool match_internaldate(std::string_view resp, std::int64_t& utc, std::error_code& ec) {
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

// --- Internaldate2tuple ---------------------------------------------------------

// Internaldate2tuple(resp): finds `INTERNALDATE "dd-Mon-yyyy hh:mm:ss +zzzz"` in a
// response and returns that instant as LOCAL broken-down time (localtime_r, so it
// depends on TZ), or nullopt when the response has no INTERNALDATE (imaplib: None).
// A matching date with an unknown month name or year 0000 (imaplib raises KeyError
// or ValueError) gives nullopt and errc::invalid_argument.
inline std::optional<std::tm> internaldate_to_tuple(std::string_view resp, std::error_code& ec) {
    std::int64_t utc = 0;
    if (!detail::match_internaldate(resp, utc, ec) || ec) return std::nullopt;
    std::tm out{};
    if (!detail::localtime_of(utc, out)) {
        ec = make_error_code(errc::invalid_argument);  // time.localtime: OverflowError
        return std::nullopt;
    }
    return out;
}

// The same INTERNALDATE as a UTC instant; no time zone dependency.
inline std::optional<sys_seconds> internaldate_to_time_point(std::string_view resp,
                                                             std::error_code& ec) {
    std::int64_t utc = 0;
    if (!detail::match_internaldate(resp, utc, ec) || ec) return std::nullopt;
    return sys_seconds(std::chrono::seconds(utc));
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument where imaplib raises KeyError/ValueError.
inline std::optional<std::tm> internaldate_to_tuple(std::string_view resp) {
    std::error_code ec;
    auto r = internaldate_to_tuple(resp, ec);
    if (ec) detail::throw_value_error("Internaldate2tuple: invalid INTERNALDATE");
    return r;
}

inline std::optional<sys_seconds> internaldate_to_time_point(std::string_view resp) {
    std::error_code ec;
    auto r = internaldate_to_time_point(resp, ec);
    if (ec) detail::throw_value_error("Internaldate2tuple: invalid INTERNALDATE");
    return r;
}
#endif

// --- Time2Internaldate ----------------------------------------------------------
// Every form returns '"DD-Mmm-YYYY HH:MM:SS +HHMM"' with the double quotes, or "" and
// errc::invalid_argument where imaplib raises ValueError/OverflowError (dates outside
// years 1..9999, NaN, invalid fields, an unquoted string).

// Seconds since the epoch (int or float, as imaplib's number case): printed in local
// time with the local UTC offset of that instant.
template <class Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
std::string time_to_internaldate(Number seconds, std::error_code& ec) {
    std::int64_t t = 0;
    if constexpr (std::is_floating_point_v<Number>) {
        if (!detail::epoch_seconds_of(static_cast<double>(seconds), t)) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
    } else if constexpr (std::is_unsigned_v<Number>) {
        if (static_cast<std::uint64_t>(seconds) > static_cast<std::uint64_t>(detail::max_epoch)) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
        t = static_cast<std::int64_t>(seconds);
    } else {
        t = static_cast<std::int64_t>(seconds);
    }
    return detail::format_epoch_local(t, ec);
}

// An instant: local time with the local offset (as the epoch-seconds form).
template <class Duration>
std::string time_to_internaldate(
    std::chrono::time_point<std::chrono::system_clock, Duration> when, std::error_code& ec) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(when.time_since_epoch()).count();
    return detail::format_epoch_local(static_cast<std::int64_t>(secs), ec);
}

// An instant in a fixed zone `utc_offset` east of UTC (imaplib's aware datetime; a
// zero offset prints UTC "+0000"). The offset must be strictly within +-24 hours.
template <class Duration>
std::string time_to_internaldate(std::chrono::time_point<std::chrono::system_clock, Duration> when,
                                 std::chrono::seconds utc_offset, std::error_code& ec) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(when.time_since_epoch()).count();
    const std::int64_t off = utc_offset.count();
    if (off <= -86400 || off >= 86400) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    return detail::format_instant(static_cast<std::int64_t>(secs), off, ec);
}

// Broken-down time with an explicit offset east of UTC: the fields are printed as
// given (imaplib's struct_time path with tm_gmtoff; pass tm_gmtoff from localtime_r
// here to get exactly that). Fields must form a valid date and time (datetime()).
inline std::string time_to_internaldate(const std::tm& fields, std::chrono::seconds utc_offset,
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

// Broken-down LOCAL time (imaplib's 9-tuple path): the fields are printed as given
// with the offset imaplib derives from time.timezone/time.altzone: standard offset
// when tm_isdst == 0, daylight offset when tm_isdst > 0, and when tm_isdst < 0 the
// one mktime() decides. A zone without DST always gets its standard offset.
inline std::string time_to_internaldate(const std::tm& local, std::error_code& ec) {
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

// An already formatted date: a string that starts and ends with '"' is returned
// unchanged (imaplib assumes it is correct); any other string is invalid_argument.
inline std::string time_to_internaldate(std::string_view quoted, std::error_code& ec) {
    if (quoted.empty() || quoted.front() != '"' || quoted.back() != '"') {
        ec = make_error_code(errc::invalid_argument);  // imaplib: ValueError
        return {};
    }
    ec.clear();
    return std::string(quoted);
}

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument where imaplib raises ValueError.
template <class Number, std::enable_if_t<std::is_arithmetic_v<Number>, int> = 0>
std::string time_to_internaldate(Number seconds) {
    std::error_code ec;
    std::string r = time_to_internaldate(seconds, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: time out of range");
    return r;
}

template <class Duration>
std::string time_to_internaldate(
    std::chrono::time_point<std::chrono::system_clock, Duration> when) {
    std::error_code ec;
    std::string r = time_to_internaldate(when, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: time out of range");
    return r;
}

template <class Duration>
std::string time_to_internaldate(std::chrono::time_point<std::chrono::system_clock, Duration> when,
                                 std::chrono::seconds utc_offset) {
    std::error_code ec;
    std::string r = time_to_internaldate(when, utc_offset, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: time or offset out of range");
    return r;
}

inline std::string time_to_internaldate(const std::tm& fields, std::chrono::seconds utc_offset) {
    std::error_code ec;
    std::string r = time_to_internaldate(fields, utc_offset, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: invalid date or offset");
    return r;
}

inline std::string time_to_internaldate(const std::tm& local) {
    std::error_code ec;
    std::string r = time_to_internaldate(local, ec);
    if (ec) detail::throw_value_error("Time2Internaldate: invalid date");
    return r;
}

inline std::string time_to_internaldate(std::string_view quoted) {
    std::error_code ec;
    std::string r = time_to_internaldate(quoted, ec);
    if (ec) detail::throw_value_error("date_time not of a known type");
    return r;
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_TIME_HPP
