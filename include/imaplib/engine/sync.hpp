// imaplib-cpp: typed results of CONDSTORE and QRESYNC (RFC 7162), the commands every
// incremental mailbox sync is built on (basic_imap4's select(mailbox, select_params),
// uid_fetch_changedsince, uid_store_unchangedsince, vanished; docs/extensions.md).
//
// Each result is imaplib's (typ, data) plus typed members; a tagged NO leaves them empty.
// UID sets are sequence_set ranges: a VANISHED of 1:6000000 is one range, not 6 million.
#ifndef IMAPLIB_ENGINE_SYNC_HPP
#define IMAPLIB_ENGINE_SYNC_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/sequence_set.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// One FETCH response as CONDSTORE reports a change: UID, MODSEQ and FLAGS, each only when
// the response carried it (uid 0: no UID, as in an unsolicited FETCH without QRESYNC).
struct message_change {
    std::uint32_t seq = 0;
    std::uint32_t uid = 0;
    std::optional<std::uint64_t> modseq;
    std::optional<std::vector<std::string>> flags;  // as the server spells them, in its order
};

// QRESYNC's SELECT parameter (RFC 7162 section 3.2.5): what the client knew of the mailbox.
struct qresync_params {
    std::uint32_t uidvalidity = 0;
    std::uint64_t modseq = 0;     // the HIGHESTMODSEQ last seen; 1 or more
    sequence_set known_uids;      // optional: limits VANISHED (EARLIER) to these
    // Optional sequence match data: message numbers and the UIDs they had, pairwise.
    sequence_set known_sequence_set;
    sequence_set known_uid_set;
};

// The parameters of SELECT / EXAMINE (RFC 4466 section 2.4): none, CONDSTORE or QRESYNC.
struct select_params {
    bool condstore = false;
    std::optional<qresync_params> qresync;  // needs enable("QRESYNC") first
};

// What SELECT / EXAMINE reported (RFC 9051 section 6.3.2, RFC 7162 section 3.1.2, 3.2.5).
struct select_result : response {
    std::optional<std::uint32_t> exists;
    std::optional<std::uint32_t> recent;
    std::optional<std::uint32_t> uidvalidity;
    std::optional<std::uint32_t> uidnext;
    std::optional<std::uint64_t> highestmodseq;
    bool nomodseq = false;  // the mailbox keeps no mod-sequences
    bool read_only = false;
    std::vector<std::string> flags;
    std::vector<std::string> permanentflags;
    sequence_set vanished;                 // QRESYNC: VANISHED (EARLIER), UIDs
    std::vector<message_change> fetches;   // QRESYNC: the messages changed since modseq
};

// UID FETCH ... (CHANGEDSINCE m [VANISHED]) (RFC 7162 sections 3.1.4, 3.2.6).
struct changes_result : response {
    std::vector<message_change> messages;
    sequence_set vanished;  // with VANISHED: UIDs expunged since m
};

// UID STORE ... (UNCHANGEDSINCE m) (RFC 7162 section 3.1.3).
struct store_result : response {
    std::vector<message_change> messages;  // the FETCH responses the STORE caused
    sequence_set modified;                 // UIDs not stored: changed since m
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_SYNC_HPP
