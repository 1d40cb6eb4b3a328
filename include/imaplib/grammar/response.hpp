// imaplib-cpp: the response grammar of RFC 3501 and RFC 9051 section 9, with the
// response extensions of UIDPLUS (RFC 4315), CONDSTORE/QRESYNC (RFC 7162), ESEARCH
// (RFC 4731), NAMESPACE (RFC 2342), ID (RFC 2971), ACL (RFC 4314), QUOTA (RFC 9208),
// SORT/THREAD (RFC 5256), METADATA (RFC 5464), ANNOTATE (RFC 5257), BINARY (RFC 3516),
// OBJECTID (RFC 8474), PREVIEW (RFC 8970), LIST-EXTENDED (RFC 5258) and CHILDREN (RFC 3348).
//
// Each struct is one ABNF production; hyphens become underscores.
#ifndef IMAPLIB_GRAMMAR_RESPONSE_HPP
#define IMAPLIB_GRAMMAR_RESPONSE_HPP

#include <imaplib/grammar/core.hpp>
#include <imaplib/grammar/lexical.hpp>

#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {

// Which response a frame holds (set by `mark<>` on the matching alternative).
enum class data_kind : int {
    none = 0,       // a status response (OK/NO/BAD/BYE/PREAUTH) or a continuation
    capability, enabled, flags, list, lsub, status, search, esearch, exists, recent,
    expunge, vanished, fetch, namespace_, id, acl, listrights, myrights, quota, quotaroot,
    sort, thread, metadata,
    unknown,        // tolerant mode: `* <atom> ...` no rule knows
};

namespace kw {
#define IMAPLIB_GRAMMAR_KW(name, text)                            \
    struct name : keyword<name> {                                 \
        static constexpr std::string_view word = text;            \
        static constexpr std::string_view rule_name = "\"" text "\""; \
    }
IMAPLIB_GRAMMAR_KW(OK, "OK");
IMAPLIB_GRAMMAR_KW(NO, "NO");
IMAPLIB_GRAMMAR_KW(BAD, "BAD");
IMAPLIB_GRAMMAR_KW(BYE, "BYE");
IMAPLIB_GRAMMAR_KW(PREAUTH, "PREAUTH");
IMAPLIB_GRAMMAR_KW(ALERT, "ALERT");
IMAPLIB_GRAMMAR_KW(BADCHARSET, "BADCHARSET");
IMAPLIB_GRAMMAR_KW(CAPABILITY, "CAPABILITY");
IMAPLIB_GRAMMAR_KW(PARSE, "PARSE");
IMAPLIB_GRAMMAR_KW(PERMANENTFLAGS, "PERMANENTFLAGS");
IMAPLIB_GRAMMAR_KW(READ_ONLY, "READ-ONLY");
IMAPLIB_GRAMMAR_KW(READ_WRITE, "READ-WRITE");
IMAPLIB_GRAMMAR_KW(TRYCREATE, "TRYCREATE");
IMAPLIB_GRAMMAR_KW(UIDNEXT, "UIDNEXT");
IMAPLIB_GRAMMAR_KW(UIDVALIDITY, "UIDVALIDITY");
IMAPLIB_GRAMMAR_KW(UNSEEN, "UNSEEN");
IMAPLIB_GRAMMAR_KW(CLOSED, "CLOSED");
IMAPLIB_GRAMMAR_KW(APPENDUID, "APPENDUID");
IMAPLIB_GRAMMAR_KW(COPYUID, "COPYUID");
IMAPLIB_GRAMMAR_KW(UIDNOTSTICKY, "UIDNOTSTICKY");
IMAPLIB_GRAMMAR_KW(HIGHESTMODSEQ, "HIGHESTMODSEQ");
IMAPLIB_GRAMMAR_KW(NOMODSEQ, "NOMODSEQ");
IMAPLIB_GRAMMAR_KW(MODIFIED, "MODIFIED");
IMAPLIB_GRAMMAR_KW(REFERRAL, "REFERRAL");
IMAPLIB_GRAMMAR_KW(MAILBOXID, "MAILBOXID");
IMAPLIB_GRAMMAR_KW(METADATA, "METADATA");
IMAPLIB_GRAMMAR_KW(LONGENTRIES, "LONGENTRIES");
IMAPLIB_GRAMMAR_KW(MAXSIZE, "MAXSIZE");
IMAPLIB_GRAMMAR_KW(TOOMANY, "TOOMANY");
IMAPLIB_GRAMMAR_KW(NOPRIVATE, "NOPRIVATE");
IMAPLIB_GRAMMAR_KW(ENABLED, "ENABLED");
IMAPLIB_GRAMMAR_KW(FLAGS, "FLAGS");
IMAPLIB_GRAMMAR_KW(LIST, "LIST");
IMAPLIB_GRAMMAR_KW(LSUB, "LSUB");
IMAPLIB_GRAMMAR_KW(STATUS, "STATUS");
IMAPLIB_GRAMMAR_KW(MESSAGES, "MESSAGES");
IMAPLIB_GRAMMAR_KW(DELETED, "DELETED");
IMAPLIB_GRAMMAR_KW(DELETED_STORAGE, "DELETED-STORAGE");
IMAPLIB_GRAMMAR_KW(SIZE, "SIZE");
IMAPLIB_GRAMMAR_KW(RECENT, "RECENT");
IMAPLIB_GRAMMAR_KW(APPENDLIMIT, "APPENDLIMIT");
IMAPLIB_GRAMMAR_KW(SEARCH, "SEARCH");
IMAPLIB_GRAMMAR_KW(MODSEQ, "MODSEQ");
IMAPLIB_GRAMMAR_KW(ESEARCH, "ESEARCH");
IMAPLIB_GRAMMAR_KW(TAG, "TAG");
IMAPLIB_GRAMMAR_KW(UID, "UID");
IMAPLIB_GRAMMAR_KW(MIN, "MIN");
IMAPLIB_GRAMMAR_KW(MAX, "MAX");
IMAPLIB_GRAMMAR_KW(ALL, "ALL");
IMAPLIB_GRAMMAR_KW(COUNT, "COUNT");
IMAPLIB_GRAMMAR_KW(EXISTS, "EXISTS");
IMAPLIB_GRAMMAR_KW(EXPUNGE, "EXPUNGE");
IMAPLIB_GRAMMAR_KW(FETCH, "FETCH");
IMAPLIB_GRAMMAR_KW(VANISHED, "VANISHED");
IMAPLIB_GRAMMAR_KW(EARLIER, "EARLIER");
IMAPLIB_GRAMMAR_KW(NAMESPACE, "NAMESPACE");
IMAPLIB_GRAMMAR_KW(ID, "ID");
IMAPLIB_GRAMMAR_KW(ACL, "ACL");
IMAPLIB_GRAMMAR_KW(LISTRIGHTS, "LISTRIGHTS");
IMAPLIB_GRAMMAR_KW(MYRIGHTS, "MYRIGHTS");
IMAPLIB_GRAMMAR_KW(QUOTA, "QUOTA");
IMAPLIB_GRAMMAR_KW(QUOTAROOT, "QUOTAROOT");
IMAPLIB_GRAMMAR_KW(SORT, "SORT");
IMAPLIB_GRAMMAR_KW(THREAD, "THREAD");
IMAPLIB_GRAMMAR_KW(ENVELOPE, "ENVELOPE");
IMAPLIB_GRAMMAR_KW(INTERNALDATE, "INTERNALDATE");
IMAPLIB_GRAMMAR_KW(RFC822, "RFC822");
IMAPLIB_GRAMMAR_KW(RFC822_HEADER, "RFC822.HEADER");
IMAPLIB_GRAMMAR_KW(RFC822_TEXT, "RFC822.TEXT");
IMAPLIB_GRAMMAR_KW(RFC822_SIZE, "RFC822.SIZE");
IMAPLIB_GRAMMAR_KW(BODY, "BODY");
IMAPLIB_GRAMMAR_KW(BODYSTRUCTURE, "BODYSTRUCTURE");
IMAPLIB_GRAMMAR_KW(BINARY, "BINARY");
IMAPLIB_GRAMMAR_KW(BINARY_SIZE, "BINARY.SIZE");
IMAPLIB_GRAMMAR_KW(EMAILID, "EMAILID");
IMAPLIB_GRAMMAR_KW(THREADID, "THREADID");
IMAPLIB_GRAMMAR_KW(PREVIEW, "PREVIEW");
IMAPLIB_GRAMMAR_KW(ANNOTATION, "ANNOTATION");
IMAPLIB_GRAMMAR_KW(HEADER, "HEADER");
IMAPLIB_GRAMMAR_KW(HEADER_FIELDS, "HEADER.FIELDS");
IMAPLIB_GRAMMAR_KW(HEADER_FIELDS_NOT, "HEADER.FIELDS.NOT");
IMAPLIB_GRAMMAR_KW(TEXT, "TEXT");
IMAPLIB_GRAMMAR_KW(MIME, "MIME");
#undef IMAPLIB_GRAMMAR_KW
}  // namespace kw

// A quoted string whose content equals a word, case-insensitively ("TEXT", "MESSAGE").
template <class Self>
struct quoted_word {
    static constexpr bool match(detail::state& s) noexcept {
        constexpr std::string_view w = Self::word;
        if (s.left() < w.size() + 2 || s.cur[0] != '"' || s.cur[w.size() + 1] != '"') return false;
        if (!detail::iequals(std::string_view(s.cur + 1, w.size()), w)) return false;
        s.cur += w.size() + 2;
        return true;
    }
};

// ---- resp-text-code ------------------------------------------------------------------

struct capability : atom {};
// capability-data = "CAPABILITY" *(SP capability)
struct capability_data : seq<kw::CAPABILITY, star<SP, capability>> {};

struct charset : sor<quoted, atom> {};
struct code_badcharset
    : seq<kw::BADCHARSET, opt<SP, lparen, list_of<charset, SP>, rparen>> {};
struct code_permanentflags
    : seq<kw::PERMANENTFLAGS, SP, lparen, opt<list_of<flag_perm, list_sep>>, rparen> {};
struct code_uidnext : seq<kw::UIDNEXT, SP, nz_number> {};
struct code_uidvalidity : seq<kw::UIDVALIDITY, SP, nz_number> {};
struct code_unseen : seq<kw::UNSEEN, SP, nz_number> {};
// "APPENDUID" SP nz-number SP append-uid  (RFC 4315; uid-set in RFC 9051 MULTIAPPEND)
struct code_appenduid : seq<kw::APPENDUID, SP, nz_number, SP, uid_set> {};
struct code_copyuid : seq<kw::COPYUID, SP, nz_number, SP, uid_set, SP, uid_set> {};
struct code_highestmodseq : seq<kw::HIGHESTMODSEQ, SP, mod_sequence_value> {};
struct code_modified : seq<kw::MODIFIED, SP, sequence_set> {};
// "REFERRAL" SP 1*<imap url>  (RFC 2221 section 4.2)
struct referral_url {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && *p != ']' && *p != ' ' && detail::has(*p, detail::cc_text)) ++p;
        if (p == s.cur) return false;
        s.cur = p;
        return true;
    }
};
struct code_referral : seq<kw::REFERRAL, SP, list_of<referral_url, SP>> {};
struct code_mailboxid : seq<kw::MAILBOXID, SP, one<'('>, objectid, one<')'>> {};
// "METADATA" SP ("LONGENTRIES" SP number / "MAXSIZE" SP number / "TOOMANY" / "NOPRIVATE")
struct code_metadata
    : seq<kw::METADATA, SP,
          sor<seq<kw::LONGENTRIES, SP, number>, seq<kw::MAXSIZE, SP, number>, kw::TOOMANY,
              kw::NOPRIVATE>> {};

// atom [SP 1*<any TEXT-CHAR except "]">]
struct code_other_text {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && *p != ']' && detail::has(*p, detail::cc_text)) ++p;
        if (p == s.cur) return false;
        s.cur = p;
        return true;
    }
};
// resp-text-code (RFC 9051 section 9 plus the extensions above): each code, its rule and
// its kind. A code whose rule is its bare keyword takes no arguments.
enum class code_kind {
    none, alert, badcharset, capability, parse, permanentflags, read_only, read_write,
    trycreate, uidnext, uidvalidity, unseen, closed, appenduid, copyuid, uidnotsticky,
    highestmodseq, nomodseq, modified, referral, mailboxid, metadata, other
};
using resp_text_codes = name_table<
    name_row<code_kind::alert, kw::ALERT, kw::ALERT>,
    name_row<code_kind::badcharset, code_badcharset, kw::BADCHARSET>,
    name_row<code_kind::capability, capability_data, kw::CAPABILITY>,
    name_row<code_kind::parse, kw::PARSE, kw::PARSE>,
    name_row<code_kind::permanentflags, code_permanentflags, kw::PERMANENTFLAGS>,
    name_row<code_kind::read_only, kw::READ_ONLY, kw::READ_ONLY>,
    name_row<code_kind::read_write, kw::READ_WRITE, kw::READ_WRITE>,
    name_row<code_kind::trycreate, kw::TRYCREATE, kw::TRYCREATE>,
    name_row<code_kind::uidnext, code_uidnext, kw::UIDNEXT>,
    name_row<code_kind::uidvalidity, code_uidvalidity, kw::UIDVALIDITY>,
    name_row<code_kind::unseen, code_unseen, kw::UNSEEN>,
    name_row<code_kind::closed, kw::CLOSED, kw::CLOSED>,
    name_row<code_kind::appenduid, code_appenduid, kw::APPENDUID>,
    name_row<code_kind::copyuid, code_copyuid, kw::COPYUID>,
    name_row<code_kind::uidnotsticky, kw::UIDNOTSTICKY, kw::UIDNOTSTICKY>,
    name_row<code_kind::highestmodseq, code_highestmodseq, kw::HIGHESTMODSEQ>,
    name_row<code_kind::nomodseq, kw::NOMODSEQ, kw::NOMODSEQ>,
    name_row<code_kind::modified, code_modified, kw::MODIFIED>,
    name_row<code_kind::referral, code_referral, kw::REFERRAL>,
    name_row<code_kind::mailboxid, code_mailboxid, kw::MAILBOXID>,
    name_row<code_kind::metadata, code_metadata, kw::METADATA>>;

// Strict mode refuses the name of a code with arguments of its own (a malformed
// `UIDNEXT x`); tolerant mode keeps it as generic, and `ALERT text` is generic in both.
struct code_other_name {
    static constexpr bool match(detail::state& s) noexcept {
        const char* b = s.cur;
        if (!detail::take_class<detail::cc_atom>(s)) return false;
        return !s.strict || !resp_text_codes::has_arguments(resp_text_codes::find(
                                detail::text_between(b, s.cur)));
    }
    static constexpr std::string_view rule_name = "atom";
};
struct code_other : seq<code_other_name, opt<SP, code_other_text>> {};

template <class... R>
struct code_alt : seq<R..., at<one<']'>>> {};
template <class Row>
using code_row_alt = code_alt<typename Row::rule>;

struct resp_text_code : resp_text_codes::sor_of<code_row_alt, code_alt<code_other>> {};

// resp-text = ["[" resp-text-code "]" SP] [text]   (RFC 9051; RFC 3501 requires text).
// Tolerant: no SP after "]" (Exchange sends `[READ-WRITE]` with nothing after it).
struct resp_text
    : seq<opt<one<'['>, resp_text_code, one<']'>, sor<SP, tolerant<at_CRLF>>>, opt<text>> {};

// resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text
// Tolerant: the SP may be missing when there is no text (`a1 OK` from old Courier).
struct resp_sp_text : sor<seq<SP, resp_text>, tolerant<at_CRLF>> {};
struct resp_cond_state : seq<sor<kw::OK, kw::NO, kw::BAD>, resp_sp_text> {};
struct resp_cond_bye : seq<kw::BYE, resp_sp_text> {};
struct resp_cond_auth : seq<sor<kw::OK, kw::PREAUTH>, resp_sp_text> {};

// ---- mailbox data ---------------------------------------------------------------------

// mbx-list-flags: "\" atom flags (RFC 3501, RFC 5258, RFC 3348 \HasChildren...)
struct mbx_list_flag : flag {};
struct mbx_list_flags : list_of<mbx_list_flag, list_sep> {};
// DQUOTE QUOTED-CHAR DQUOTE / nil; tolerant: any quoted string.
struct mailbox_delimiter {
    static constexpr bool match(detail::state& s) noexcept {
        if (s.left() >= 3 && s.cur[0] == '"' && s.cur[2] == '"' &&
            detail::has(s.cur[1], detail::cc_quoted)) {
            s.cur += 3;
            return true;
        }
        if (s.left() >= 4 && s.cur[0] == '"' && s.cur[1] == '\\' &&
            (s.cur[2] == '"' || s.cur[2] == '\\') && s.cur[3] == '"') {
            s.cur += 4;
            return true;
        }
        return !s.strict && quoted::match(s);
    }
};
// mbox-list-extended = "(" [mbox-list-extended-item *(SP mbox-list-extended-item)] ")"
// mbox-list-extended-item = mbox-list-extended-item-tag SP tagged-ext-val  (RFC 5258)
struct mbox_list_extended_item : seq<astring, SP, tagged_ext_val> {};
struct mbox_list_extended
    : seq<lparen, opt<list_of<mbox_list_extended_item, SP>>, rparen> {};
// mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
//                [SP mbox-list-extended]
struct mailbox_list
    : seq<lparen, opt<mbx_list_flags>, rparen, SP, sor<mailbox_delimiter, nil>, SP, mailbox,
          opt<SP, mbox_list_extended>> {};

// status-att-val (RFC 9051, RFC 7162 HIGHESTMODSEQ, RFC 8474 MAILBOXID, RFC 7889
// APPENDLIMIT): each item and its rule.
using status_atts = name_table<
    name_row<0, seq<kw::MESSAGES, SP, number>, kw::MESSAGES>,
    name_row<0, seq<kw::UIDNEXT, SP, nz_number>, kw::UIDNEXT>,
    name_row<0, seq<kw::UIDVALIDITY, SP, nz_number>, kw::UIDVALIDITY>,
    name_row<0, seq<kw::UNSEEN, SP, number>, kw::UNSEEN>,
    name_row<0, seq<kw::DELETED, SP, number>, kw::DELETED>,
    name_row<0, seq<kw::SIZE, SP, number64>, kw::SIZE>,
    name_row<0, seq<kw::RECENT, SP, number>, kw::RECENT>,
    name_row<0, seq<kw::HIGHESTMODSEQ, SP, mod_sequence_value>, kw::HIGHESTMODSEQ>,
    name_row<0, seq<kw::APPENDLIMIT, SP, sor<number64, nil>>, kw::APPENDLIMIT>,
    name_row<0, seq<kw::MAILBOXID, SP, one<'('>, objectid, one<')'>>, kw::MAILBOXID>,
    name_row<0, seq<kw::DELETED_STORAGE, SP, number64>, kw::DELETED_STORAGE>>;
struct status_att_other {
    static constexpr bool match(detail::state& s) noexcept {
        const char* b = s.cur;
        return detail::take_class<detail::cc_atom>(s) &&
               !status_atts::contains(detail::text_between(b, s.cur));
    }
    static constexpr std::string_view rule_name = "status-att";
};
// Tolerant: any other `atom SP value` (servers add private items).
struct status_att_val
    : status_atts::sor_of<row_rule, tolerant<status_att_other, SP, generic_value>> {};
struct status_att_list : list_of<status_att_val, SP> {};
struct status_data
    : seq<kw::STATUS, SP, mailbox, SP, lparen, opt<status_att_list>, rparen> {};

// search-sort-mod-seq = "(" "MODSEQ" SP mod-sequence-value ")"   (RFC 7162)
struct search_sort_mod_seq : seq<one<'('>, kw::MODSEQ, SP, mod_sequence_value, one<')'>> {};
// "SEARCH" *(SP nz-number) [SP search-sort-mod-seq]
struct search_data : seq<kw::SEARCH, star<SP, nz_number>, opt<SP, search_sort_mod_seq>> {};
// "SORT" *(SP nz-number) [SP search-sort-mod-seq]   (RFC 5256, RFC 7162)
struct sort_data : seq<kw::SORT, star<SP, nz_number>, opt<SP, search_sort_mod_seq>> {};

// ESEARCH (RFC 4731, RFC 9051 section 7.3.4)
// search-correlator = SP "(" "TAG" SP tag-string ")"
struct search_correlator : seq<SP, one<'('>, kw::TAG, SP, astring, one<')'>> {};
struct search_return_data
    : sor<seq<kw::MIN, SP, nz_number>, seq<kw::MAX, SP, nz_number>,
          seq<kw::ALL, SP, sequence_set>, seq<kw::COUNT, SP, number>,
          seq<kw::MODSEQ, SP, mod_sequence_value>, seq<atom, SP, tagged_ext_val>> {};
struct esearch_response
    : seq<kw::ESEARCH, opt<search_correlator>, opt<SP, kw::UID>, star<SP, search_return_data>> {};

// THREAD (RFC 5256 section 5)
struct thread_list;
struct thread_nested : plus<thread_list> {};
struct thread_members : seq<nz_number, star<SP, nz_number>, opt<SP, thread_nested>> {};
struct thread_list : nested<one<'('>, sor<thread_members, thread_nested>, one<')'>> {};
struct thread_data : seq<kw::THREAD, opt<SP, plus<thread_list>>> {};

// QUOTA (RFC 9208 section 9; RFC 2087 allowed an empty list)
struct quota_root_name : astring {};
struct quota_resource : seq<atom, SP, number64, SP, number64> {};
struct quota_list : seq<lparen, opt<list_of<quota_resource, SP>>, rparen> {};
struct quota_response : seq<kw::QUOTA, SP, quota_root_name, SP, quota_list> {};
struct quotaroot_response : seq<kw::QUOTAROOT, SP, mailbox, star<SP, quota_root_name>> {};

// ACL (RFC 4314 section 3.6 - 3.8)
struct identifier : astring {};
struct rights : astring {};
struct acl_data : seq<kw::ACL, SP, mailbox, star<SP, identifier, SP, rights>> {};
struct listrights_data
    : seq<kw::LISTRIGHTS, SP, mailbox, SP, identifier, SP, rights, star<SP, rights>> {};
struct myrights_data : seq<kw::MYRIGHTS, SP, mailbox, SP, rights> {};

// METADATA (RFC 5464 section 5.3)
struct entry : astring {};
struct entry_value : seq<entry, SP, sor<nstring, literal8>> {};
struct entry_values : seq<lparen, list_of<entry_value, SP>, rparen> {};
struct entry_list : list_of<entry, SP> {};
struct metadata_resp : seq<kw::METADATA, SP, mailbox, SP, sor<entry_values, entry_list>> {};

// NAMESPACE (RFC 2342 section 5, RFC 9051)
struct namespace_response_extension
    : seq<SP, string, SP, lparen, list_of<string, SP>, rparen> {};
struct namespace_descr
    : seq<lparen, string, SP, sor<mailbox_delimiter, nil>, star<namespace_response_extension>,
          rparen> {};
struct namespace_ : sor<nil, seq<lparen, plus<namespace_descr>, rparen>> {};
struct namespace_response : seq<kw::NAMESPACE, SP, namespace_, SP, namespace_, SP, namespace_> {};

// ID (RFC 2971 section 3.2)
struct id_params_list
    : sor<nil, seq<lparen, opt<list_of<seq<string, SP, nstring>, SP>>, rparen>> {};
struct id_response : seq<kw::ID, SP, id_params_list> {};

// "ENABLED" *(SP capability)   (RFC 5161)
struct enable_data : seq<kw::ENABLED, star<SP, capability>> {};

// "VANISHED" [SP "(EARLIER)"] SP known-uids   (RFC 7162 section 7)
struct vanished_response
    : seq<kw::VANISHED, opt<SP, one<'('>, kw::EARLIER, one<')'>>, SP, sequence_set> {};

// ---- message data: envelope and body structure -------------------------------------------

// address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
// (group syntax: addr-host NIL marks a group start or end, RFC 9051 section 7.5.2)
struct addr_name : nstring {};
struct addr_adl : nstring {};
struct addr_mailbox : nstring {};
struct addr_host : nstring {};
struct address
    : seq<lparen, addr_name, SP, addr_adl, SP, addr_mailbox, SP, addr_host, rparen> {};
// "(" 1*address ")" / nil; tolerant: "()" and spaces between addresses (Exchange).
struct address_list
    : sor<nil, seq<lparen, address, star<sor<address, tolerant<SP, address>>>, rparen>,
          tolerant<one<'('>, lax_space, one<')'>>> {};
struct env_date : nstring {};
struct env_subject : nstring {};
struct env_from : address_list {};
struct env_sender : address_list {};
struct env_reply_to : address_list {};
struct env_to : address_list {};
struct env_cc : address_list {};
struct env_bcc : address_list {};
struct env_in_reply_to : nstring {};
struct env_message_id : nstring {};
// envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to
//            SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
struct envelope
    : seq<lparen, env_date, SP, env_subject, SP, env_from, SP, env_sender, SP, env_reply_to, SP,
          env_to, SP, env_cc, SP, env_bcc, SP, env_in_reply_to, SP, env_message_id, rparen> {};

// body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
// Tolerant: "()" (Exchange and Gmail send an empty list).
struct body_fld_param
    : sor<nil, seq<lparen, list_of<seq<string, list_sep, lax_string>, list_sep>, rparen>,
          tolerant<one<'('>, lax_space, one<')'>>> {};
struct body_fld_id : nstring {};
struct body_fld_desc : nstring {};
struct body_fld_enc : lax_string {};
// body-fld-octets = number; tolerant: NIL (Exchange on some attachments) and 64-bit.
struct body_fld_octets : sor<number64, tolerant<nil>> {};
struct body_fld_lines : sor<number64, tolerant<nil>> {};
struct body_fld_md5 : nstring {};
// body-fld-dsp = "(" string SP body-fld-param ")" / nil; tolerant: a bare string (Yahoo).
struct body_fld_dsp
    : sor<nil, seq<lparen, string, SP, body_fld_param, rparen>, tolerant<string>> {};
// body-fld-lang = nstring / "(" string *(SP string) ")"
struct body_fld_lang : sor<nstring, seq<lparen, list_of<string, SP>, rparen>> {};
struct body_fld_loc : nstring {};
// body-extension = nstring / number / number64 / "(" body-extension *(SP body-extension) ")"
struct body_extension;
struct body_extension_list : nested<lparen, opt<list_of<body_extension, list_sep>>, rparen> {};
struct body_extension : sor<nstring, number64, body_extension_list, tolerant<generic_token>> {};
// body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
//               body-fld-octets
struct body_fields
    : seq<body_fld_param, SP, body_fld_id, SP, body_fld_desc, SP, body_fld_enc, SP,
          body_fld_octets> {};
// [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
struct body_ext_tail
    : opt<SP, body_fld_dsp, opt<SP, body_fld_lang, opt<SP, body_fld_loc, star<SP, body_extension>>>> {};
// body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc
//                  *(SP body-extension)]]]
struct body_ext_1part : seq<body_fld_md5, body_ext_tail> {};
// body-ext-mpart = body-fld-param [SP body-fld-dsp [...]]
struct body_ext_mpart : seq<body_fld_param, body_ext_tail> {};

struct media_subtype : lax_string {};
struct media_type_text : quoted_word<media_type_text> {
    static constexpr std::string_view word = detail::media_word_text;
};
struct media_type_message : quoted_word<media_type_message> {
    static constexpr std::string_view word = detail::media_word_message;
};
struct media_subtype_rfc822 : quoted_word<media_subtype_rfc822> {
    static constexpr std::string_view word = detail::media_word_rfc822;
};
struct media_subtype_global : quoted_word<media_subtype_global> {
    static constexpr std::string_view word = detail::media_word_global;
};
// media-message = DQUOTE "MESSAGE" DQUOTE SP DQUOTE ("RFC822" / "GLOBAL") DQUOTE
struct media_message
    : seq<media_type_message, SP, sor<media_subtype_rfc822, media_subtype_global>> {};
// media-text = DQUOTE "TEXT" DQUOTE SP media-subtype
struct media_text : seq<media_type_text, SP, media_subtype> {};
// media-basic = string SP media-subtype (the RFC's list of types is open-ended)
struct media_basic : seq<lax_string, SP, media_subtype> {};

struct body;
// body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
struct body_type_msg
    : seq<media_message, SP, body_fields, SP, envelope, SP, body, sor<seq<SP, body_fld_lines>,
                                                                    tolerant<at<rparen>>>> {};
// body-type-text = media-text SP body-fields SP body-fld-lines
struct body_type_text : seq<media_text, SP, body_fields, SP, body_fld_lines> {};
// body-type-basic = media-basic SP body-fields
struct body_type_basic : seq<media_basic, SP, body_fields> {};
// body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
struct body_type_1part
    : seq<sor<body_type_msg, body_type_text, body_type_basic>, opt<SP, body_ext_1part>> {};
// body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
struct body_type_mpart
    : seq<body, star<sor<body, tolerant<SP, body>>>, SP, media_subtype, opt<SP, body_ext_mpart>> {};
// body = "(" (body-type-1part / body-type-mpart) ")"
struct body : nested<lparen, sor<body_type_mpart, body_type_1part>, rparen> {};

// ---- message data: FETCH ------------------------------------------------------------------

// section-part = nz-number *("." nz-number)
struct section_part : seq<nz_number, star<one<'.'>, nz_number>> {};
struct header_fld_name : astring {};
// header-list = "(" header-fld-name *(SP header-fld-name) ")"
struct header_list : seq<lparen, list_of<header_fld_name, SP>, rparen> {};
// section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
struct section_msgtext
    : sor<seq<sor<kw::HEADER_FIELDS_NOT, kw::HEADER_FIELDS>, SP, header_list>, kw::HEADER,
          kw::TEXT> {};
// section-text = section-msgtext / "MIME"
struct section_text : sor<section_msgtext, kw::MIME> {};
// section-spec = section-msgtext / (section-part ["." section-text])
struct section_spec : sor<section_msgtext, seq<section_part, opt<one<'.'>, section_text>>> {};
// section = "[" [section-spec] "]"
struct section : seq<one<'['>, opt<section_spec>, one<']'>> {};
// section-binary = "[" [section-part] "]"   (RFC 3516)
struct section_binary : seq<one<'['>, opt<section_part>, one<']'>> {};
// "<" number ">"
struct origin_octet : seq<one<'<'>, number, one<'>'>> {};
// A section and an origin are part of a FETCH item's name, which is one token in the
// value index (`BODY[HEADER.FIELDS (A B)]<0>`): a tape_state matches them by their bytes.
template <> struct detail::reads_index<section> : std::false_type {};
template <> struct detail::reads_index<section_binary> : std::false_type {};
template <> struct detail::reads_index<origin_octet> : std::false_type {};

struct att_flags
    : seq<kw::FLAGS, SP, lparen, opt<list_of<flag_fetch, list_sep>>, rparen> {};
struct att_modseq : seq<kw::MODSEQ, SP, one<'('>, mod_sequence_value, one<')'>> {};
struct att_envelope : seq<kw::ENVELOPE, SP, envelope> {};
struct att_internaldate : seq<kw::INTERNALDATE, SP, date_time> {};
struct att_rfc822 : seq<sor<kw::RFC822_HEADER, kw::RFC822_TEXT, kw::RFC822>, SP, nstring> {};
// RFC822.SIZE is number64 in RFC 9051.
struct att_rfc822_size : seq<kw::RFC822_SIZE, SP, number64> {};
struct att_body_structure : seq<sor<kw::BODYSTRUCTURE, kw::BODY>, SP, body> {};
// "BODY" section ["<" number ">"] SP nstring
struct att_body_section : seq<kw::BODY, section, opt<origin_octet>, SP, nstring> {};
// "BINARY" section-binary SP (nstring / literal8)
struct att_binary
    : seq<kw::BINARY, section_binary, opt<origin_octet>, SP, sor<nstring, literal8>> {};
// "BINARY.SIZE" section-binary SP number
struct att_binary_size : seq<kw::BINARY_SIZE, section_binary, SP, number64> {};
struct att_uid : seq<kw::UID, SP, uniqueid> {};
// "EMAILID" SP "(" objectid ")" / "THREADID" SP ("(" objectid ")" / nil)  (RFC 8474)
struct att_emailid : seq<kw::EMAILID, SP, one<'('>, objectid, one<')'>> {};
struct att_threadid : seq<kw::THREADID, SP, sor<seq<one<'('>, objectid, one<')'>>, nil>> {};
// "PREVIEW" SP nstring   (RFC 8970 section 3)
struct att_preview : seq<kw::PREVIEW, SP, nstring> {};
// "ANNOTATION" SP "(" entry-att *(SP entry-att) ")"   (RFC 5257 section 4.4), kept generic
struct att_annotation : seq<kw::ANNOTATION, SP, generic_list> {};
// Any other item (X-GM-MSGID, X-GM-LABELS, ...): name [section] [<origin>] SP value.
struct fetch_item_name {
    static constexpr bool match(detail::state& s) noexcept {
        const char* p = s.cur;
        while (p != s.end && detail::has(*p, detail::cc_atom) && *p != '[') ++p;
        if (p == s.cur) return false;
        if (p != s.end && *p == '[') {
            ++p;
            while (p != s.end && *p != ']' && detail::has(*p, detail::cc_text)) ++p;
            if (p == s.end || *p != ']') return false;
            ++p;
        }
        if (p != s.end && *p == '<') {
            ++p;
            while (p != s.end && detail::has(*p, detail::cc_digit)) ++p;
            if (p == s.end || *p != '>') return false;
            ++p;
        }
        s.cur = p;
        return true;
    }
};
// msg-att-dynamic (FLAGS, MODSEQ, ANNOTATION) and msg-att-static (RFC 9051 section 9 plus
// BINARY, OBJECTID, PREVIEW): each item name and the rule it starts.
using msg_atts = name_table<
    name_row<0, att_flags, kw::FLAGS>,
    name_row<0, att_modseq, kw::MODSEQ>,
    name_row<0, att_annotation, kw::ANNOTATION>,
    name_row<0, att_uid, kw::UID>,
    name_row<0, att_rfc822_size, kw::RFC822_SIZE>,
    name_row<0, att_internaldate, kw::INTERNALDATE>,
    name_row<0, att_envelope, kw::ENVELOPE>,
    name_row<0, att_body_structure, kw::BODYSTRUCTURE, kw::BODY>,
    name_row<0, att_body_section, kw::BODY>,
    name_row<0, att_rfc822, kw::RFC822_HEADER, kw::RFC822_TEXT, kw::RFC822>,
    name_row<0, att_binary_size, kw::BINARY_SIZE>,
    name_row<0, att_binary, kw::BINARY>,
    name_row<0, att_emailid, kw::EMAILID>,
    name_row<0, att_threadid, kw::THREADID>,
    name_row<0, att_preview, kw::PREVIEW>>;
// Refuses the names that have their own rule, so a malformed ENVELOPE is an error rather
// than an unknown item.
struct fetch_item_other_name {
    static constexpr bool match(detail::state& s) noexcept {
        const char* b = s.cur;
        if (!fetch_item_name::match(s)) return false;
        const std::string_view name = detail::text_between(b, s.cur);
        return !msg_atts::contains(name.substr(0, name.find_first_of("[<")));
    }
    static constexpr std::string_view rule_name = "fetch item name";
};
struct att_other : seq<fetch_item_other_name, SP, generic_value> {};
struct msg_att_item : msg_atts::sor_of<row_rule, att_other> {};
// msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
// Tolerant: "()" (Exchange answers some FETCH with nothing).
struct msg_att
    : sor<seq<lparen, list_of<msg_att_item, SP>, rparen>, tolerant<one<'('>, lax_space, one<')'>>> {};

// ---- responses ---------------------------------------------------------------------------

// message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att)); plus EXISTS, RECENT.
struct message_data_fetch : seq<nz_number, SP, kw::FETCH, SP, msg_att> {};
struct message_data_expunge : seq<nz_number, SP, kw::EXPUNGE> {};
struct mailbox_data_exists : seq<number, SP, kw::EXISTS> {};
struct mailbox_data_recent : seq<number, SP, kw::RECENT> {};

// Tolerant: a response no rule knows, `* [number SP] atom [SP anything]` (ignored by
// imaplib the same way: it keeps the bytes under the atom's name).
struct unknown_tail {
    static constexpr bool match(detail::state& s) {
        while (!s.eof() && detail::has(*s.cur, detail::cc_text)) {
            if ((*s.cur == '{' || *s.cur == '~') && invoke_literal(s)) continue;
            if (s.failed_hard()) return false;
            ++s.cur;
        }
        return true;
    }
    static constexpr bool invoke_literal(detail::state& s) {
        return detail::invoke<sor<literal, literal8>>(s);
    }
};
// Marks of the status alternatives (data responses use their data_kind value).
inline constexpr int cond_state = -1;
inline constexpr int cond_bye = -2;
inline constexpr int cond_auth = -3;

// response-data = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data / message-data /
//                 capability-data / enable-data / ...) CRLF: each response name, its rule
// and its mark.
using response_names = name_table<
    name_row<cond_state, resp_cond_state, kw::OK, kw::NO, kw::BAD>,
    name_row<cond_bye, resp_cond_bye, kw::BYE>,
    name_row<cond_auth, seq<kw::PREAUTH, resp_sp_text>, kw::PREAUTH>,
    name_row<data_kind::fetch, message_data_fetch, kw::FETCH>,
    name_row<data_kind::expunge, message_data_expunge, kw::EXPUNGE>,
    name_row<data_kind::exists, mailbox_data_exists, kw::EXISTS>,
    name_row<data_kind::recent, mailbox_data_recent, kw::RECENT>,
    name_row<data_kind::capability, capability_data, kw::CAPABILITY>,
    name_row<data_kind::enabled, enable_data, kw::ENABLED>,
    name_row<data_kind::flags, seq<kw::FLAGS, SP, flag_list>, kw::FLAGS>,
    name_row<data_kind::list, seq<kw::LIST, SP, mailbox_list>, kw::LIST>,
    name_row<data_kind::lsub, seq<kw::LSUB, SP, mailbox_list>, kw::LSUB>,
    name_row<data_kind::status, status_data, kw::STATUS>,
    name_row<data_kind::search, search_data, kw::SEARCH>,
    name_row<data_kind::esearch, esearch_response, kw::ESEARCH>,
    name_row<data_kind::vanished, vanished_response, kw::VANISHED>,
    name_row<data_kind::namespace_, namespace_response, kw::NAMESPACE>,
    name_row<data_kind::id, id_response, kw::ID>,
    name_row<data_kind::acl, acl_data, kw::ACL>,
    name_row<data_kind::listrights, listrights_data, kw::LISTRIGHTS>,
    name_row<data_kind::myrights, myrights_data, kw::MYRIGHTS>,
    name_row<data_kind::quotaroot, quotaroot_response, kw::QUOTAROOT>,
    name_row<data_kind::quota, quota_response, kw::QUOTA>,
    name_row<data_kind::sort, sort_data, kw::SORT>,
    name_row<data_kind::thread, thread_data, kw::THREAD>,
    name_row<data_kind::metadata, metadata_resp, kw::METADATA>>;
struct unknown_name {
    static constexpr bool match(detail::state& s) noexcept {
        const char* b = s.cur;
        return detail::take_class<detail::cc_atom>(s) &&
               !response_names::contains(detail::text_between(b, s.cur));
    }
    static constexpr std::string_view rule_name = "response name";
};
struct unknown_response : seq<opt<number, SP>, unknown_name, opt<SP, unknown_tail>> {};

template <class Row>
using response_alt = mark<static_cast<int>(Row::kind), typename Row::rule>;
struct response_payload
    : response_names::sor_of<response_alt,
                             tolerant<mark<static_cast<int>(data_kind::unknown), unknown_response>>> {};

struct response_data : seq<one<'*'>, SP, response_payload, CRLF> {};
// response-tagged = tag SP resp-cond-state CRLF
struct response_tagged : seq<tag, SP, resp_cond_state, CRLF> {};
// continue-req = "+" SP (resp-text / base64) CRLF; tolerant: a bare "+" (imaplib too).
struct continue_req : seq<one<'+'>, sor<seq<SP, resp_text>, tolerant<opt<resp_text>>>, CRLF> {};
// greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF
struct greeting : seq<one<'*'>, SP, sor<mark<cond_auth, resp_cond_auth>, mark<cond_bye, resp_cond_bye>>, CRLF> {};
// One response as the framing layer delivers it.
struct response : sor<continue_req, response_data, response_tagged> {};

}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_RESPONSE_HPP
