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

IMAPLIB_DECL bool localtime_of(std::int64_t t, std::tm& out) noexcept;

// UTC offset in seconds of local time at `t`: local broken-down fields minus UTC.
// Computed from the fields, so it needs no tm_gmtoff (not standard C++).
IMAPLIB_DECL std::int64_t utc_offset_of(std::int64_t t, const std::tm& local) noexcept;

// time.timezone, time.altzone and time.daylight as CPython computes them with glibc:
// the local offsets at the start of the current year and half a year later.
struct python_zone {
    std::int64_t timezone;  // seconds WEST of UTC, standard time
    std::int64_t altzone;   // seconds WEST of UTC, daylight time
    bool daylight;
};

IMAPLIB_DECL python_zone python_zone_now() noexcept;

inline void append_2digits(std::string& out, std::int64_t v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

// Formats '"DD-Mon-YYYY HH:MM:SS +HHMM"' (Python's %z: +HHMMSS when the offset has
// seconds). Fields are already validated.
IMAPLIB_DECL std::string format_internaldate(std::int64_t year, int mon, int day, int hour, int min,
                                       int sec, std::int64_t offset);

// Prints the instant `t` shifted by `offset` (seconds east of UTC).
IMAPLIB_DECL std::string format_instant(std::int64_t t, std::int64_t offset, std::error_code& ec);

// datetime.fromtimestamp(t, timezone.utc).astimezone(): local time, local offset.
IMAPLIB_DECL std::string format_epoch_local(std::int64_t t, std::error_code& ec);

// datetime.fromtimestamp(float): round the fraction to microseconds half-to-even and
// carry into the seconds (CPython's _PyTime_ObjectToTimeval); %S then truncates.
IMAPLIB_DECL bool epoch_seconds_of(double secs, std::int64_t& out) noexcept;

IMAPLIB_DECL bool valid_fields(const std::tm& t) noexcept;

#ifndef IMAPLIB_NO_EXCEPTIONS
// imaplib raises ValueError (or KeyError) here, not IMAP4.error.
[[noreturn]] inline void throw_value_error(const char* what) { throw std::invalid_argument(what); }
#endif

// Parses imaplib's InternalDate regex at the rightmost place it matches on the first
// line (`.*` is greedy and does not cross '\n'). Returns false when nothing matches;
// on a match with an unknown month or a year Python cannot represent sets `ec`.
IMAPLIB_DECL bool match_internaldate(std::string_view resp, std::int64_t& utc, std::error_code& ec);

}  // namespace detail

// --- Internaldate2tuple ---------------------------------------------------------

// Internaldate2tuple(resp): finds `INTERNALDATE "dd-Mon-yyyy hh:mm:ss +zzzz"` in a
// response and returns that instant as LOCAL broken-down time (localtime_r, so it
// depends on TZ), or nullopt when the response has no INTERNALDATE (imaplib: None).
// A matching date with an unknown month name or year 0000 (imaplib raises KeyError
// or ValueError) gives nullopt and errc::invalid_argument.
IMAPLIB_DECL std::optional<std::tm> internaldate_to_tuple(std::string_view resp, std::error_code& ec);

// The same INTERNALDATE as a UTC instant; no time zone dependency.
IMAPLIB_DECL std::optional<sys_seconds> internaldate_to_time_point(std::string_view resp,
                                                             std::error_code& ec);

#ifndef IMAPLIB_NO_EXCEPTIONS
// Throwing forms: std::invalid_argument where imaplib raises KeyError/ValueError.
IMAPLIB_DECL std::optional<std::tm> internaldate_to_tuple(std::string_view resp);

IMAPLIB_DECL std::optional<sys_seconds> internaldate_to_time_point(std::string_view resp);
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
IMAPLIB_DECL std::string time_to_internaldate(const std::tm& fields, std::chrono::seconds utc_offset,
                                        std::error_code& ec);

// Broken-down LOCAL time (imaplib's 9-tuple path): the fields are printed as given
// with the offset imaplib derives from time.timezone/time.altzone: standard offset
// when tm_isdst == 0, daylight offset when tm_isdst > 0, and when tm_isdst < 0 the
// one mktime() decides. A zone without DST always gets its standard offset.
IMAPLIB_DECL std::string time_to_internaldate(const std::tm& local, std::error_code& ec);

// An already formatted date: a string that starts and ends with '"' is returned
// unchanged (imaplib assumes it is correct); any other string is invalid_argument.
IMAPLIB_DECL std::string time_to_internaldate(std::string_view quoted, std::error_code& ec);

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

IMAPLIB_DECL std::string time_to_internaldate(const std::tm& fields, std::chrono::seconds utc_offset);

IMAPLIB_DECL std::string time_to_internaldate(const std::tm& local);

IMAPLIB_DECL std::string time_to_internaldate(std::string_view quoted);
#endif

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/time.ipp>
#endif

#endif  // IMAPLIB_UTIL_TIME_HPP
