// imaplib-cpp: typed results of the commands that ask the server things: ESEARCH (RFC
// 4731) and SEARCHRES (RFC 5182), LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819),
// SPECIAL-USE (RFC 6154), ID (RFC 2971), METADATA (RFC 5464), QUOTA (RFC 9208), STATUS
// with SIZE, DELETED and MAILBOXID (RFC 8474), and the FETCH items SAVEDATE (RFC 8514),
// EMAILID / THREADID (RFC 8474) and PREVIEW (RFC 8970). docs/extensions.md.
//
// Each result is imaplib's (typ, data) plus typed members filled from the grammar's views
// (grammar/views.hpp, in engine/impl/basic_imap4_query.hpp: no grammar here, so separate
// compilation's TUs see the types without it). A tagged NO comes back as typ "NO" with the typed members empty.
#ifndef IMAPLIB_ENGINE_QUERY_HPP
#define IMAPLIB_ENGINE_QUERY_HPP

#include <imaplib/config.hpp>
#include <imaplib/detail/ascii.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {
template <class E>
constexpr E enum_or(E a, E b) noexcept {
    return static_cast<E>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
template <class E>
constexpr bool enum_has(E set, E one) noexcept {
    return (static_cast<unsigned>(set) & static_cast<unsigned>(one)) != 0;
}
}  // namespace detail

// ---- ESEARCH (RFC 4731) and SEARCHRES (RFC 5182) ----------------------------------------

// search-return-opt (RFC 4731 section 3.1; SAVE: RFC 5182). None asked is RETURN (),
// which the server answers as ALL.
enum class search_return : unsigned { none = 0, min = 1, max = 2, all = 4, count = 8, save = 16 };
constexpr search_return operator|(search_return a, search_return b) noexcept { return detail::enum_or(a, b); }
constexpr bool has(search_return set, search_return one) noexcept { return detail::enum_has(set, one); }

struct esearch_result : response {
    bool uid = false;  // the numbers are UIDs (UID SEARCH)
    std::optional<std::uint32_t> min, max, count;
    sequence_set all;                     // ranges, as the server sent them: 1:6000000 stays one
    std::optional<std::uint64_t> modseq;  // CONDSTORE (RFC 7162 section 3.1.5)
};

// ---- STATUS ------------------------------------------------------------------------------

// status-att (RFC 9051 section 6.3.11; SIZE: RFC 8438; DELETED, DELETED-STORAGE: RFC 9208;
// HIGHESTMODSEQ: RFC 7162; MAILBOXID: RFC 8474).
enum class status_item : unsigned {
    none = 0, messages = 1, recent = 2, uidnext = 4, uidvalidity = 8, unseen = 16,
    highestmodseq = 32, size = 64, deleted = 128, deleted_storage = 256, mailboxid = 512
};
constexpr status_item operator|(status_item a, status_item b) noexcept { return detail::enum_or(a, b); }
constexpr bool has(status_item set, status_item one) noexcept { return detail::enum_has(set, one); }

struct mailbox_status {
    std::string mailbox;  // as sent (modified UTF-7 unless UTF8=ACCEPT)
    std::optional<std::uint64_t> messages, recent, uidnext, uidvalidity, unseen, highestmodseq, size,
        deleted, deleted_storage;
    std::optional<std::string> mailboxid;
};

struct status_result : response {
    mailbox_status status;
};

// ---- LIST-EXTENDED, LIST-STATUS, SPECIAL-USE ---------------------------------------------

// list-select-opt (RFC 5258 section 3.1; SPECIAL-USE: RFC 6154 section 5.1).
enum class list_select : unsigned { none = 0, subscribed = 1, remote = 2, recursivematch = 4, special_use = 8 };
constexpr list_select operator|(list_select a, list_select b) noexcept { return detail::enum_or(a, b); }
constexpr bool has(list_select set, list_select one) noexcept { return detail::enum_has(set, one); }

// return-option (RFC 5258 section 3.2; SPECIAL-USE: RFC 6154 section 5.1); STATUS is
// list_options::status (RFC 5819).
enum class list_return : unsigned { none = 0, subscribed = 1, children = 2, special_use = 4 };
constexpr list_return operator|(list_return a, list_return b) noexcept { return detail::enum_or(a, b); }
constexpr bool has(list_return set, list_return one) noexcept { return detail::enum_has(set, one); }

struct list_options {
    list_select select = list_select::none;
    list_return returns = list_return::none;
    status_item status = status_item::none;  // RETURN (STATUS (...)), LIST-STATUS
};

struct list_entry {
    std::string name;       // as sent: modified UTF-7 (RFC 3501 5.1.3) unless UTF8=ACCEPT
    std::string name_utf8;  // decoded from modified UTF-7; `name` when that is not valid
    std::optional<char> delimiter;              // NIL: a flat name space
    std::vector<std::string> attributes;        // \HasChildren, \Subscribed, \Sent, ...
    std::vector<std::string> childinfo;         // CHILDINFO ("SUBSCRIBED") (RFC 5258 3.5)
    std::optional<std::string> oldname;         // OLDNAME (RFC 9051 7.3.1)
    std::optional<mailbox_status> status;       // LIST-STATUS

    // Case-insensitive, as attributes are (RFC 9051 section 7.3.1).
    bool has_attribute(std::string_view attribute) const noexcept {
        for (const std::string& a : attributes)
            if (detail::iequals(a, attribute)) return true;
        return false;
    }
};

struct list_result : response {
    std::vector<list_entry> entries;
};

// ---- ID (RFC 2971) -----------------------------------------------------------------------

// (field, value) pairs; a value may be NIL. No fields at all is sent as NIL.
using id_fields = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct id_result : response {
    id_fields fields;  // the server's; empty for NIL
};

// ---- METADATA (RFC 5464) -----------------------------------------------------------------

struct metadata_entry {
    std::string name;                  // "/private/comment", "/shared/vendor/..."
    std::optional<std::string> value;  // NIL: no value (SETMETADATA: remove it)
};

// GETMETADATA's options (RFC 5464 section 4.2): MAXSIZE, DEPTH 0 / 1 / infinity.
enum class metadata_depth { zero, one, infinity };
struct metadata_options {
    std::optional<std::uint64_t> maxsize;
    metadata_depth depth = metadata_depth::zero;  // 0 is the default: not sent
};

struct metadata_result : response {
    std::vector<metadata_entry> entries;
    // OK [METADATA LONGENTRIES n]: the largest value MAXSIZE left out (section 4.2.1).
    std::optional<std::uint64_t> longentries;
};

// ---- QUOTA (RFC 9208) --------------------------------------------------------------------

struct quota_resource {
    std::string name;  // STORAGE (in units of 1024 octets), MESSAGE, MAILBOX, ...
    std::uint64_t usage = 0;
    std::uint64_t limit = 0;
};
struct quota_root {
    std::string name;
    std::vector<quota_resource> resources;
};
struct quota_result : response {
    std::vector<std::string> roots;  // GETQUOTAROOT: the mailbox's quota roots
    std::vector<quota_root> quotas;
};

// ---- FETCH items: SAVEDATE, EMAILID, THREADID, PREVIEW ------------------------------------

struct message_info {
    std::uint32_t seq = 0;
    std::optional<std::uint32_t> uid;
    std::optional<std::string> savedate;  // date-time; NIL where the server has none
    std::optional<std::string> emailid, threadid;  // NIL THREADID: no thread (RFC 8474 5.2)
    std::optional<std::string> preview;   // NIL: not available (RFC 8970 section 3)
};
// The items a typed fetch asks for (besides UID, always asked).
enum class fetch_item : unsigned { none = 0, savedate = 1, emailid = 2, threadid = 4, preview = 8 };
constexpr fetch_item operator|(fetch_item a, fetch_item b) noexcept { return detail::enum_or(a, b); }
constexpr bool has(fetch_item set, fetch_item one) noexcept { return detail::enum_has(set, one); }

struct fetch_info_result : response {
    std::vector<message_info> messages;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_QUERY_HPP
