// imaplib-cpp: typed results of ENABLE (RFC 5161) and BINARY (RFC 3516), and mailbox
// names as UTF8=ACCEPT (RFC 6855) and IMAP4rev2 (RFC 9051) send them. The methods are
// basic_imap4's (engine/impl/basic_imap4_rev2.hpp); docs/extensions.md describes them.
#ifndef IMAPLIB_ENGINE_REV2_HPP
#define IMAPLIB_ENGINE_REV2_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// ENABLE's result: the capabilities of the server's ENABLED response (RFC 5161 section
// 3.2), upper-cased, in its order. A server enables only what it knows, so this may be
// fewer than were asked for; empty when it answered NO.
struct enable_result : response {
    std::vector<std::string> enabled;
};

// One BINARY[section] or BINARY.SIZE[section] item of one FETCH response (RFC 3516
// section 4.2).
struct binary_part {
    std::uint32_t seq = 0;               // message sequence number
    std::optional<std::uint32_t> uid;    // when the response carried UID (UID FETCH does)
    std::string section;                 // section-part: "1.2", "" for the whole message
    std::optional<std::uint64_t> origin;  // <origin> of a partial fetch
    // The content with its Content-Transfer-Encoding undone by the server, NUL bytes
    // kept; nullopt for NIL and for BINARY.SIZE.
    std::optional<std::string> content;
    std::optional<std::uint64_t> size;  // BINARY.SIZE: the decoded size
};

// fetch_binary's and fetch_binary_size's result: imaplib's (typ, data) of the FETCH, and
// each BINARY item of it in the server's order (other FETCH responses, such as flag
// changes another client made, stay out of `parts`).
struct binary_result : response {
    std::vector<binary_part> parts;
};

// How fetch_binary asks.
struct binary_options {
    bool uid = false;   // UID FETCH: the message set holds UIDs
    bool peek = true;   // BINARY.PEEK[]: \Seen stays as it is (RFC 3516 section 4.1)
};

namespace detail {

// RFC 6855 section 3: names and strings must be well-formed UTF-8.
IMAPLIB_DECL std::string checked_utf8(std::string_view s, std::error_code& ec);

// A mailbox name given in UTF-8, as it goes on the wire: UTF-8 once UTF8=ACCEPT or
// IMAP4rev2 is enabled (RFC 6855 section 3, RFC 9051 section 5.1), else modified UTF-7
// (RFC 3501 section 5.1.3).
IMAPLIB_DECL std::string mailbox_to_wire(std::string_view utf8_name, bool utf8_accepted, std::error_code& ec);

// A mailbox name from the server, in UTF-8: as received once UTF-8 is accepted, else
// decoded from modified UTF-7 (strictly: a name has one spelling).
IMAPLIB_DECL std::string mailbox_from_wire(std::string_view wire_name, bool utf8_accepted, std::error_code& ec);

}  // namespace detail

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/rev2.ipp>
#endif

#endif  // IMAPLIB_ENGINE_REV2_HPP
