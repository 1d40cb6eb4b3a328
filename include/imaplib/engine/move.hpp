// imaplib-cpp: typed results of the commands that write to mailboxes: UIDPLUS's APPENDUID
// and COPYUID (RFC 4315), MOVE (RFC 6851), MULTIAPPEND (RFC 3502), APPENDLIMIT (RFC 7889).
//
// imaplib's own results keep these codes as text; appenduid() and copyuid() read them:
//   imaplib::appenduid(M.append("INBOX", None, None, msg))   the tagged OK's text
//   imaplib::copyuid(M.copy("1:3", "Archive"))               the tagged OK's text
//   imaplib::copyuid(M.response("COPYUID"))                  after uid("COPY"|"MOVE"), whose
//                                                            result is the FETCH responses
// (imaplib keeps every [CODE args] of an OK under its own name, as Python's does).
#ifndef IMAPLIB_ENGINE_MOVE_HPP
#define IMAPLIB_ENGINE_MOVE_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// APPENDUID uidvalidity uid-set (RFC 4315 section 3; a set after MULTIAPPEND).
struct appenduid_data {
    std::uint32_t uidvalidity = 0;
    sequence_set uids;  // in the order the messages were given
};

// COPYUID uidvalidity source-set dest-set: the n-th source UID became the n-th
// destination UID (RFC 4315 section 3), both sets in the server's order.
struct copyuid_data {
    std::uint32_t uidvalidity = 0;  // of the destination mailbox
    sequence_set source, dest;

    // The destination UID of source UID `uid`, or nullopt when it is not in the source.
    std::optional<std::uint32_t> dest_of(std::uint32_t uid) const noexcept {
        std::uint64_t index = 0;
        bool found = false;
        for (const seq_range& r : source.ranges()) {
            if (uid >= r.first && uid <= r.last) {
                index += uid - r.first;
                found = true;
                break;
            }
            index += r.size();
        }
        if (!found) return std::nullopt;
        for (const seq_range& r : dest.ranges()) {
            if (index < r.size()) return static_cast<std::uint32_t>(r.first + index);
            index -= r.size();
        }
        return std::nullopt;
    }
};

// What multiappend() returns: imaplib's (typ, [tagged text]) and the APPENDUID.
struct append_result : response {
    std::optional<appenduid_data> appenduid;  // none after NO, or without UIDPLUS
};

// What move() and uid_move() return: the tagged (typ, [text]) and the COPYUID. After the
// fallback (no MOVE), typ and data are UID EXPUNGE's.
struct move_result : response {
    std::optional<copyuid_data> copyuid;
    bool fallback = false;  // done as COPY, UID STORE +FLAGS.SILENT (\Deleted), UID EXPUNGE
};

// One message of multiappend(): imaplib's append() arguments without the mailbox.
// The bytes are not copied: they must outlive the call.
struct append_message {
    append_message(std::string_view message_bytes, string_or_none message_flags = None,
                   internaldate_arg message_date_time = None)
        : message(message_bytes), flags(message_flags), date_time(message_date_time) {}

    std::string_view message;
    string_or_none flags;        // "(\\Seen)" or "\\Seen"; None for none
    internaldate_arg date_time;  // as append(): quoted text, seconds, tm or time_point
};

namespace detail {

// These codes are a few numbers and sets split by single spaces, read here without the
// grammar, which the engine leaves out under separate compilation (docs/building.md).

// nz-number / number (RFC 9051 section 9) in 1..max, the whole of `s`.
IMAPLIB_DECL bool parse_number(std::string_view s, std::uint64_t max, std::uint64_t& out) noexcept;

IMAPLIB_DECL bool parse_uidvalidity(std::string_view s, std::uint32_t& out) noexcept;

// Exactly `N` words separated by single spaces.
template <std::size_t N>
inline bool split_words(std::string_view s, std::string_view (&out)[N]) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
        const std::size_t sp = i + 1 < N ? s.find(' ') : std::string_view::npos;
        if (i + 1 < N && sp == std::string_view::npos) return false;
        out[i] = s.substr(0, sp);
        if (out[i].empty()) return false;
        if (sp != std::string_view::npos) s.remove_prefix(sp + 1);
    }
    return out[N - 1].find(' ') == std::string_view::npos;
}

// The arguments of APPENDUID: nz-number SP uid-set.
IMAPLIB_DECL std::optional<appenduid_data> parse_appenduid(std::string_view args, std::error_code& ec);

// The arguments of COPYUID: nz-number SP uid-set SP uid-set, as many source UIDs as
// destination UIDs.
IMAPLIB_DECL std::optional<copyuid_data> parse_copyuid(std::string_view args, std::error_code& ec);

IMAPLIB_DECL bool starts_with_nocase(std::string_view s, std::string_view prefix) noexcept;

// The last code named `name` (upper case) in a result: its data items are either a
// status text ("[APPENDUID 1 2] done": append(), copy()) or, in response(name)'s result,
// the code's arguments themselves. The arguments end at the first ']': none of these
// codes has one inside.
IMAPLIB_DECL std::optional<std::string_view> code_args(const response& r, std::string_view name);

}  // namespace detail

// The APPENDUID in one of imaplib's results (see the top of this file). nullopt when there
// is none; errc::parse_error when there is one that is malformed.
IMAPLIB_DECL std::optional<appenduid_data> appenduid(const response& r, std::error_code& ec);
IMAPLIB_DECL std::optional<appenduid_data> appenduid(const response& r);

// The COPYUID in one of imaplib's results. nullopt when there is none; errc::parse_error
// when it is malformed (a bad set, or source and destination sets of different sizes).
IMAPLIB_DECL std::optional<copyuid_data> copyuid(const response& r, std::error_code& ec);
IMAPLIB_DECL std::optional<copyuid_data> copyuid(const response& r);

// APPENDLIMIT=N among capabilities (RFC 7889 section 3): the largest message any mailbox
// takes. nullopt without it, or with a bare APPENDLIMIT (limits per mailbox, via STATUS).
IMAPLIB_DECL std::optional<std::uint64_t> appendlimit(const std::vector<std::string>& capabilities);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/move.ipp>
#endif

#endif  // IMAPLIB_ENGINE_MOVE_HPP
