// Tests for the response grammar and its typed views (include/imaplib/grammar/).
// Responses come from RFC 3501, RFC 9051 and the extension RFCs (section numbers noted),
// from a Dovecot 2.3 server, and from known quirks of other servers.
#include <imaplib/grammar/grammar.hpp>

#include "support/view_dump.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace g = imaplib::grammar;
using imaplib::errc;
using namespace std::string_literals;

namespace {

g::parse_options strict_opts() {
    g::parse_options o;
    o.strictness = g::mode::strict;
    return o;
}

// Parses a frame that must be valid in both modes (or only tolerant when !strict_ok).
g::response_view parse_ok(std::string_view frame, bool strict_ok = true) {
    g::response_view r;
    std::error_code ec;
    g::parse_error err;
    const bool ok = g::parse_response(frame, r, ec, {}, &err);
    INFO("frame: " << frame << " error: " << err.message());
    REQUIRE(ok);
    REQUIRE(!ec);
    if (strict_ok) {
        g::response_view s;
        const bool sok = g::parse_response(frame, s, ec, strict_opts(), &err);
        INFO("strict error: " << err.message());
        CHECK(sok);
    }
    return r;
}

// A tolerance: accepted by default, refused in strict mode.
void tolerant_only(std::string_view frame) {
    INFO("frame: " << frame);
    g::response_view r;
    std::error_code ec;
    g::parse_error err;
    CHECK(g::parse_response(frame, r, ec, {}, &err));
    INFO("tolerant error: " << err.message());
    CHECK(!ec);
    CHECK_FALSE(g::parse_response(frame, r, ec, strict_opts()));
    CHECK(ec == errc::parse_error);
}

std::error_code parse_fail(std::string_view frame, const g::parse_options& o = {},
                           g::parse_error* err = nullptr) {
    g::response_view r;
    std::error_code ec;
    INFO("frame: " << frame);
    CHECK_FALSE(g::parse_response(frame, r, ec, o, err));
    CHECK(ec);
    return ec;
}

std::vector<std::string> strings(const g::value_range& r) {
    std::vector<std::string> out;
    for (const g::value& v : r) out.push_back(v.str());
    return out;
}

using sv = std::vector<std::string>;

}  // namespace

// ---- constexpr matching ---------------------------------------------------------------

static_assert(g::matches<g::nstring>("NIL"));
static_assert(g::matches<g::nstring>("nil"));
static_assert(g::matches<g::nstring>("\"a \\\"quoted\\\" \\\\ string\""));
static_assert(g::matches<g::nstring>("{5}\r\nab\"\\c"));
static_assert(!g::matches<g::nstring>("\"unterminated"));
static_assert(!g::matches<g::nstring>("{5}\r\nabc"));
static_assert(g::matches<g::number>("4294967295"));
static_assert(!g::matches<g::number>("4294967296"));
static_assert(!g::matches<g::nz_number>("0"));
static_assert(g::matches<g::number64>("9223372036854775807"));
static_assert(!g::matches<g::number64>("9223372036854775808"));
static_assert(g::matches<g::astring>("INBOX.Sent"));
static_assert(g::matches<g::flag_list>("(\\Seen \\Answered $Forwarded)"));
static_assert(g::matches<g::flag_perm>("\\*"));
static_assert(g::matches<g::date_time>("\"17-Jul-1996 02:44:25 -0700\""));
static_assert(g::matches<g::date_time>("\" 7-Jul-1996 02:44:25 +0000\""));
static_assert(g::matches<g::sequence_set>("1:4,7,9:*"));
static_assert(g::matches<g::section>("[HEADER.FIELDS (DATE FROM)]"));
static_assert(g::matches<g::section>("[1.2.HEADER.FIELDS.NOT (X-Y)]"));
static_assert(g::matches<g::section>("[4.2.MIME]"));
static_assert(g::matches<g::section>("[]"));
static_assert(g::matches<g::envelope>(
    "(NIL \"subj\" ((\"A\" NIL \"a\" \"x.org\")) NIL NIL ((NIL NIL \"b\" \"y.org\")) NIL NIL NIL "
    "\"<id@x>\")"));
static_assert(!g::matches<g::envelope>("(NIL \"subj\" NIL NIL NIL NIL NIL NIL NIL)"));
static_assert(g::matches<g::body>("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)"));
static_assert(g::matches<g::body>(
    "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)(\"TEXT\" \"PLAIN\" "
    "(\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") \"<960723163407.20117h@cac.washington.edu>\" "
    "\"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\")"));
static_assert(g::matches<g::code_copyuid>("COPYUID 38505 304,319:320 3956:3958"));
static_assert(g::matches<g::response>("* 23 FETCH (FLAGS (\\Seen) RFC822.SIZE 44827)\r\n"));
static_assert(g::matches<g::response>("A001 OK LOGIN completed\r\n"));
static_assert(g::matches<g::response>("+ Ready for additional command text\r\n"));
static_assert(!g::matches<g::response>("* 23 FETCH (FLAGS (\\Seen) RFC822.SIZE 44827)\n"));
static_assert(g::matches<g::greeting>("* OK IMAP4rev1 Service Ready\r\n"));
static_assert(!g::matches<g::greeting>("* NO go away\r\n"));
static_assert(g::matches<g::response>("* 1 FETCH (UID 1  FLAGS (\\Seen) )\r\n"));
static_assert(!g::matches<g::response>("* 1 FETCH (UID 1  FLAGS (\\Seen) )\r\n",
                                       g::parse_options{g::mode::strict, {}, false}));

// ---- lexical -----------------------------------------------------------------------------

TEST_CASE("numbers are bounded, never wrapped", "[grammar][lexical]") {
    std::error_code ec;
    g::parse_error err;
    CHECK(g::parse<g::number>("0", ec));
    CHECK_FALSE(g::parse<g::number>("4294967296", ec, {}, &err));
    CHECK(ec == errc::parse_error);
    CHECK(err.offset == 0);
    CHECK(err.expected.find("number") != std::string_view::npos);
    CHECK(g::parse<g::number64>("9223372036854775807", ec));
    CHECK_FALSE(g::parse<g::number64>("18446744073709551616", ec));
    CHECK_FALSE(g::parse<g::nz_number>("0", ec));
    CHECK_FALSE(g::parse<g::number>("", ec));
}

TEST_CASE("quoted strings unescape into a buffer or a std::string", "[grammar][lexical]") {
    const auto r = parse_ok("* 1 FETCH (ENVELOPE (NIL \"say \\\"hi\\\" \\\\o/\" NIL NIL NIL NIL NIL "
                            "NIL NIL NIL))\r\n");
    const auto env = r.as_fetch().envelope();
    REQUIRE(env);
    CHECK(env->subject.kind() == g::value_kind::quoted);
    CHECK(env->subject.has_escapes());
    CHECK(env->subject.data() == "say \\\"hi\\\" \\\\o/");
    CHECK(env->subject.str() == "say \"hi\" \\o/");
    char buf[8];
    const std::size_t n = env->subject.unquote(buf, sizeof buf);
    CHECK(n == 12);  // full length reported, only 8 written
    CHECK(std::string(buf, 8) == "say \"hi\"");
    CHECK(env->date.is_nil());
    CHECK(env->date.str().empty());
}

TEST_CASE("literals are zero-copy views", "[grammar][lexical]") {
    const auto r = parse_ok("* 12 FETCH (BODY[HEADER] {11}\r\nSubject: x\n UID 7)\r\n");
    const auto f = r.as_fetch();
    CHECK(f.seq() == 12);
    const g::value v = f.body_section("HEADER");
    CHECK(v.kind() == g::value_kind::literal);
    CHECK(v.data() == "Subject: x\n");
    CHECK_FALSE(v.has_escapes());
    CHECK(f.uid() == 7u);
}

// ---- RFC 3501 / RFC 9051 section 7 -----------------------------------------------------------

TEST_CASE("greetings (RFC 9051 7.1)", "[grammar][rfc]") {
    g::response_view r;
    std::error_code ec;
    REQUIRE(g::parse_greeting("* OK IMAP4rev1 Service Ready\r\n", r, ec));
    CHECK(r.kind() == g::response_kind::greeting);
    CHECK(r.condition() == g::resp_cond::ok);
    CHECK(r.text().text == "IMAP4rev1 Service Ready");
    REQUIRE(g::parse_greeting("* PREAUTH IMAP4rev1 server logged in as Smith\r\n", r, ec));
    CHECK(r.condition() == g::resp_cond::preauth);
    REQUIRE(g::parse_greeting("* BYE Autologout; idle for too long\r\n", r, ec));
    CHECK(r.condition() == g::resp_cond::bye);
    REQUIRE(g::parse_greeting(
        "* OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=GSSAPI LOGINDISABLED] IMAP4rev2 Service Ready\r\n",
        r, ec));
    CHECK(r.text().code.kind() == g::code_kind::capability);
    CHECK(strings(r.text().code.capabilities()) ==
          sv{"IMAP4rev2", "STARTTLS", "AUTH=GSSAPI", "LOGINDISABLED"});
    CHECK_FALSE(g::parse_greeting("* NO not a greeting\r\n", r, ec));
    CHECK(ec == errc::parse_error);
}

TEST_CASE("status responses and every resp-text-code", "[grammar][rfc]") {
    auto r = parse_ok("A001 OK LOGIN completed\r\n");
    CHECK(r.kind() == g::response_kind::tagged);
    CHECK(r.tag() == "A001");
    CHECK(r.condition() == g::resp_cond::ok);
    CHECK_FALSE(r.text().code.exists());
    CHECK(r.text().text == "LOGIN completed");

    r = parse_ok("* NO Disk is 98% full, please delete unnecessary data\r\n");
    CHECK(r.kind() == g::response_kind::untagged);
    CHECK(r.condition() == g::resp_cond::no);
    CHECK(r.data() == g::data_kind::none);

    r = parse_ok("A44 BAD No such command as \"FOO\"\r\n");
    CHECK(r.condition() == g::resp_cond::bad);
    CHECK(r.text().text == "No such command as \"FOO\"");

    r = parse_ok("* BYE IMAP4rev1 Server logging out\r\n");
    CHECK(r.condition() == g::resp_cond::bye);

    r = parse_ok("* OK [ALERT] System shutdown in 10 minutes\r\n");
    CHECK(r.text().code.kind() == g::code_kind::alert);
    CHECK(r.text().code.name() == "ALERT");
    CHECK(r.text().text == "System shutdown in 10 minutes");

    r = parse_ok("A1 NO [BADCHARSET (UTF-8 \"US-ASCII\")] charset not supported\r\n");
    CHECK(r.text().code.kind() == g::code_kind::badcharset);
    CHECK(strings(r.text().code.list()) == sv{"UTF-8", "US-ASCII"});
    r = parse_ok("A1 NO [BADCHARSET] no\r\n");
    CHECK(r.text().code.kind() == g::code_kind::badcharset);

    r = parse_ok("A2 BAD [PARSE] bad header\r\n");
    CHECK(r.text().code.kind() == g::code_kind::parse);

    r = parse_ok("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n");
    CHECK(r.text().code.kind() == g::code_kind::permanentflags);
    CHECK(strings(r.text().code.list()) == sv{"\\Deleted", "\\Seen", "\\*"});
    CHECK(r.text().text == "Limited");

    r = parse_ok("A142 OK [READ-WRITE] SELECT completed\r\n");
    CHECK(r.text().code.kind() == g::code_kind::read_write);
    r = parse_ok("A932 OK [READ-ONLY] EXAMINE completed\r\n");
    CHECK(r.text().code.kind() == g::code_kind::read_only);
    r = parse_ok("A003 NO [TRYCREATE] Mailbox doesn't exist\r\n");
    CHECK(r.text().code.kind() == g::code_kind::trycreate);

    r = parse_ok("* OK [UIDNEXT 4392] Predicted next UID\r\n");
    CHECK(r.text().code.kind() == g::code_kind::uidnext);
    CHECK(r.text().code.number() == 4392u);
    r = parse_ok("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n");
    CHECK(r.text().code.number() == 3857529045u);
    r = parse_ok("* OK [UNSEEN 12] Message 12 is first unseen\r\n");
    CHECK(r.text().code.kind() == g::code_kind::unseen);
    CHECK(r.text().code.number() == 12u);
    r = parse_ok("* OK [CLOSED] Previous mailbox closed.\r\n");
    CHECK(r.text().code.kind() == g::code_kind::closed);

    // RFC 4315 UIDPLUS
    r = parse_ok("A003 OK [APPENDUID 38505 3955] APPEND completed\r\n");
    REQUIRE(r.text().code.appenduid());
    CHECK(r.text().code.appenduid()->uidvalidity == 38505u);
    CHECK(r.text().code.appenduid()->uids == "3955");
    r = parse_ok("A004 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n");
    REQUIRE(r.text().code.copyuid());
    CHECK(r.text().code.copyuid()->uidvalidity == 38505u);
    CHECK(r.text().code.copyuid()->source == "304,319:320");
    CHECK(r.text().code.copyuid()->dest == "3956:3958");
    r = parse_ok("A003 OK [UIDNOTSTICKY] Non-persistent UIDs\r\n");
    CHECK(r.text().code.kind() == g::code_kind::uidnotsticky);

    // RFC 7162 CONDSTORE
    r = parse_ok("* OK [HIGHESTMODSEQ 715194045007] Highest\r\n");
    CHECK(r.text().code.kind() == g::code_kind::highestmodseq);
    CHECK(r.text().code.number() == 715194045007u);
    r = parse_ok("* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences\r\n");
    CHECK(r.text().code.kind() == g::code_kind::nomodseq);
    r = parse_ok("d105 OK [MODIFIED 7,9] Conditional STORE failed\r\n");
    CHECK(r.text().code.kind() == g::code_kind::modified);
    CHECK(r.text().code.args() == "7,9");

    // RFC 2221 referrals, RFC 8474 MAILBOXID, RFC 5464 METADATA codes
    r = parse_ok("* OK [REFERRAL IMAP://user;AUTH=*@SERVER2/] Server not accepting connections.  Try SERVER2\r\n");
    CHECK(r.text().code.kind() == g::code_kind::referral);
    CHECK(r.text().code.args() == "IMAP://user;AUTH=*@SERVER2/");
    r = parse_ok("3 OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Completed\r\n");
    CHECK(r.text().code.kind() == g::code_kind::mailboxid);
    CHECK(r.text().code.values().at(0).items().at(0).data() == "F2212ea87-6097-4256-9d51-71338625");
    r = parse_ok("a OK [METADATA LONGENTRIES 2199] GETMETADATA complete\r\n");
    CHECK(r.text().code.kind() == g::code_kind::metadata);
    CHECK(strings(r.text().code.values()) == sv{"LONGENTRIES", "2199"});
    parse_ok("a NO [METADATA MAXSIZE 1024] Annotation too large\r\n");
    parse_ok("a NO [METADATA TOOMANY] Too many annotations\r\n");
    parse_ok("a NO [METADATA NOPRIVATE] Private annotations not supported\r\n");

    // Any other code is kept generically: atom [SP text-without-"]"]
    r = parse_ok("A001 NO [UNKNOWN-CTE] Can't decode message\r\n");
    CHECK(r.text().code.kind() == g::code_kind::other);
    CHECK(r.text().code.name() == "UNKNOWN-CTE");
    r = parse_ok("a OK [NOUPDATE \"B02\"] Too many contexts\r\n");
    CHECK(r.text().code.name() == "NOUPDATE");
    CHECK(r.text().code.args() == "\"B02\"");
    r = parse_ok("a1 NO [SERVERBUG] Internal error occurred. Refer to server log for more information.\r\n");
    CHECK(r.text().code.name() == "SERVERBUG");
}

TEST_CASE("continuation requests (RFC 9051 7.5)", "[grammar][rfc]") {
    auto r = parse_ok("+ Ready for additional command text\r\n");
    CHECK(r.kind() == g::response_kind::continuation);
    CHECK(r.continuation() == "Ready for additional command text");
    r = parse_ok("+ YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iDRsLS1JCLk1JVC5FRFWjGjAYoAMCAQOhETAPGwZyY21k\r\n");
    CHECK(r.continuation() == "YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iDRsLS1JCLk1JVC5FRFWjGjAYoAMCAQOhETAPGwZyY21k");
    r = parse_ok("+ \r\n");
    CHECK(r.continuation().empty());
    r = parse_ok("+ [ALERT] careful\r\n");
    CHECK(r.text().code.kind() == g::code_kind::alert);
}

TEST_CASE("mailbox data (RFC 9051 7.2, 7.3)", "[grammar][rfc]") {
    auto r = parse_ok("* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI XPIG-LATIN\r\n");
    CHECK(r.data() == g::data_kind::capability);
    CHECK(strings(r.as_capability()) == sv{"IMAP4rev1", "STARTTLS", "AUTH=GSSAPI", "XPIG-LATIN"});
    CHECK(r.as_capability().contains("starttls"));

    r = parse_ok("* ENABLED CONDSTORE QRESYNC\r\n");
    CHECK(r.data() == g::data_kind::enabled);
    CHECK(strings(r.as_enabled()) == sv{"CONDSTORE", "QRESYNC"});

    r = parse_ok("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n");
    CHECK(r.data() == g::data_kind::flags);
    CHECK(strings(r.as_flags()) == sv{"\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"});

    r = parse_ok("* LIST (\\Noselect) \"/\" ~/Mail/foo\r\n");
    CHECK(r.data() == g::data_kind::list);
    auto l = r.as_list();
    CHECK(strings(l.attributes) == sv{"\\Noselect"});
    CHECK(l.delimiter_char() == '/');
    CHECK(l.mailbox.str() == "~/Mail/foo");
    CHECK_FALSE(l.extended.exists());

    r = parse_ok("* LSUB () \".\" #news.comp.mail.misc\r\n");
    CHECK(r.data() == g::data_kind::lsub);
    CHECK(r.as_list().attributes.empty());
    CHECK(r.as_list().mailbox.str() == "#news.comp.mail.misc");

    r = parse_ok("* LIST (\\Noselect) NIL \"\"\r\n");
    CHECK(r.as_list().delimiter.is_nil());
    CHECK(r.as_list().delimiter_char() == '\0');
    r = parse_ok("* LIST () \"\\\\\" {3}\r\nfoo\r\n");
    CHECK(r.as_list().delimiter_char() == '\\');
    CHECK(r.as_list().mailbox.kind() == g::value_kind::literal);
    CHECK(r.as_list().mailbox.str() == "foo");

    // RFC 5258 LIST-EXTENDED, RFC 3348 CHILDREN
    r = parse_ok("* LIST () \"/\" \"Fruit\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n");
    l = r.as_list();
    CHECK(l.mailbox.str() == "Fruit");
    CHECK(strings(l.extended_item("CHILDINFO").items()) == sv{"SUBSCRIBED"});
    r = parse_ok("* LIST (\\Subscribed \\NonExistent) \"/\" \"Fruit/Peach\"\r\n");
    CHECK(r.as_list().attributes.contains("\\NonExistent"));
    r = parse_ok("* LIST () \"/\" \"Foo\" (\"OLDNAME\" (\"Bar\"))\r\n");
    CHECK(r.as_list().extended_item("OLDNAME").items().at(0).str() == "Bar");
    r = parse_ok("* LIST (\\HasChildren) \"/\" Fruit\r\n");
    CHECK(r.as_list().attributes.contains("\\hasCHILDREN"));
    r = parse_ok("* LIST (\\HasNoChildren \\Marked) \".\" INBOX.Tofu\r\n");
    CHECK(r.as_list().attributes.size() == 2);

    r = parse_ok("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n");
    CHECK(r.data() == g::data_kind::status);
    auto st = r.as_status();
    CHECK(st.mailbox.str() == "blurdybloop");
    CHECK(st.get("MESSAGES") == 231u);
    CHECK(st.get("uidnext") == 44292u);
    CHECK_FALSE(st.get("UNSEEN"));
    r = parse_ok("* STATUS \"INBOX\" (MESSAGES 2 RECENT 0 UIDNEXT 3 UIDVALIDITY 1 UNSEEN 1 DELETED 0 "
                 "SIZE 9876543210 HIGHESTMODSEQ 7011231777 APPENDLIMIT 35651584 "
                 "MAILBOXID (F2212ea87-6097-4256-9d51-71338625) DELETED-STORAGE 0)\r\n");
    st = r.as_status();
    CHECK(st.items.size() == 11);
    CHECK(st.get("SIZE") == 9876543210u);
    CHECK(st.get("HIGHESTMODSEQ") == 7011231777u);
    CHECK(st.get("APPENDLIMIT") == 35651584u);
    CHECK(st.items.find("MAILBOXID").items().at(0).data() == "F2212ea87-6097-4256-9d51-71338625");
    r = parse_ok("* STATUS foo (APPENDLIMIT NIL)\r\n");
    CHECK(r.as_status().items.find("APPENDLIMIT").is_nil());
    r = parse_ok("* STATUS foo ()\r\n");
    CHECK(r.as_status().items.empty());

    r = parse_ok("* SEARCH 2 3 6\r\n");
    CHECK(r.data() == g::data_kind::search);
    CHECK(strings(r.as_search().numbers) == sv{"2", "3", "6"});
    CHECK_FALSE(r.as_search().modseq);
    r = parse_ok("* SEARCH\r\n");
    CHECK(r.as_search().numbers.empty());
    // RFC 7162 3.1.5
    r = parse_ok("* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)\r\n");
    CHECK(r.as_search().numbers.size() == 10);
    CHECK(r.as_search().modseq == 917162500u);

    r = parse_ok("* 23 EXISTS\r\n");
    CHECK(r.data() == g::data_kind::exists);
    CHECK(r.number() == 23u);
    r = parse_ok("* 0 EXISTS\r\n");
    CHECK(r.number() == 0u);
    r = parse_ok("* 5 RECENT\r\n");
    CHECK(r.data() == g::data_kind::recent);
    CHECK(r.number() == 5u);
    r = parse_ok("* 44 EXPUNGE\r\n");
    CHECK(r.data() == g::data_kind::expunge);
    CHECK(r.number() == 44u);
}

TEST_CASE("FETCH with ENVELOPE and BODY (RFC 3501 / 9051 7.5.2 examples)", "[grammar][rfc]") {
    const auto r = parse_ok(
        "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286 "
        "ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" "
        "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" "
        "\"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL "
        "\"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John "
        "Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\") "
        "BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n");
    CHECK(r.data() == g::data_kind::fetch);
    CHECK(r.number() == 12u);
    const auto f = r.as_fetch();
    CHECK(f.seq() == 12u);
    CHECK(f.size() == 5);
    CHECK(strings(f.flags()) == sv{"\\Seen"});
    CHECK(f.internaldate().str() == "17-Jul-1996 02:44:25 -0700");
    CHECK(f.rfc822_size() == 4286u);
    CHECK_FALSE(f.uid());

    const auto env = f.envelope();
    REQUIRE(env);
    CHECK(env->date.str() == "Wed, 17 Jul 1996 02:23:25 -0700 (PDT)");
    CHECK(env->subject.str() == "IMAP4rev1 WG mtg summary and minutes");
    REQUIRE(env->from.size() == 1);
    CHECK(env->from.front().name.str() == "Terry Gray");
    CHECK(env->from.front().adl.is_nil());
    CHECK(env->from.front().mailbox.str() == "gray");
    CHECK(env->from.front().host.str() == "cac.washington.edu");
    CHECK(env->sender.size() == 1);
    CHECK(env->reply_to.size() == 1);
    REQUIRE(env->to.size() == 1);
    CHECK(env->to.front().name.is_nil());
    CHECK(env->to.front().mailbox.str() == "imap");
    REQUIRE(env->cc.size() == 2);
    auto it = env->cc.begin();
    CHECK(it->mailbox.str() == "minutes");
    CHECK(it->host.str() == "CNRI.Reston.VA.US");
    ++it;
    CHECK(it->name.str() == "John Klensin");
    CHECK(it->mailbox.str() == "KLENSIN");
    ++it;
    CHECK(it == env->cc.end());
    CHECK(env->bcc.is_nil());
    CHECK(env->bcc.empty());
    CHECK(env->in_reply_to.is_nil());
    CHECK(env->message_id.str() == "<B27397-0100000@cac.washington.edu>");

    const auto body = f.bodystructure();
    REQUIRE(body);
    CHECK_FALSE(body->is_multipart());
    const auto bf = body->fields();
    CHECK(bf.type.str() == "TEXT");
    CHECK(bf.subtype.str() == "PLAIN");
    CHECK(bf.params.find("charset").str() == "US-ASCII");
    CHECK(bf.id.is_nil());
    CHECK(bf.description.is_nil());
    CHECK(bf.encoding.str() == "7BIT");
    CHECK(bf.octets.number() == 3028u);
    CHECK(bf.lines.number() == 92u);
    CHECK_FALSE(bf.md5.exists());
}

TEST_CASE("FETCH body sections, partial and RFC822 items", "[grammar][rfc]") {
    auto r = parse_ok("* 2 FETCH (FLAGS (\\Deleted \\Seen))\r\n");
    CHECK(strings(r.as_fetch().flags()) == sv{"\\Deleted", "\\Seen"});
    r = parse_ok("* 1 FETCH (FLAGS ())\r\n");
    CHECK(r.as_fetch().flags().empty());
    r = parse_ok("* 1 FETCH (FLAGS (\\Seen \\Recent $Forwarded NonJunk))\r\n");
    CHECK(r.as_fetch().flags().contains("\\recent"));

    r = parse_ok("* 1 FETCH (BODY[HEADER.FIELDS (DATE FROM)] {18}\r\nFrom: a@b\r\nDate: x UID 4)\r\n");
    auto f = r.as_fetch();
    auto item = *f.begin();
    CHECK(item.name == "BODY[HEADER.FIELDS (DATE FROM)]");
    CHECK(item.key() == "BODY");
    CHECK(item.section() == "HEADER.FIELDS (DATE FROM)");
    CHECK_FALSE(item.origin());
    CHECK(item.val.data() == "From: a@b\r\nDate: x");
    CHECK(f.body_section("HEADER.FIELDS (DATE FROM)").data() == "From: a@b\r\nDate: x");
    CHECK(f.uid() == 4u);

    r = parse_ok("* 1 FETCH (BODY[1.2.HEADER.FIELDS.NOT (X-A X-B)] \"h\" BODY[4.2.MIME] NIL "
                 "BODY[3.TEXT] \"t\" BODY[]<0> \"abc\" BODY[1] {2}\r\nxy)\r\n");
    f = r.as_fetch();
    CHECK(f.size() == 5);
    CHECK(f.body_section("1.2.HEADER.FIELDS.NOT (X-A X-B)").str() == "h");
    CHECK(f.body_section("4.2.MIME").is_nil());
    CHECK(f.body_section("3.TEXT").str() == "t");
    CHECK(f.body_section("").str() == "abc");
    CHECK(f.find("BODY[]<0>").val.str() == "abc");
    CHECK(f.find("BODY[]<0>").origin() == 0u);
    CHECK(f.body_section("1").str() == "xy");
    CHECK_FALSE(f.body_section("2").exists());

    r = parse_ok("* 3 FETCH (RFC822 {5}\r\nhello RFC822.HEADER \"H\" RFC822.TEXT NIL RFC822.SIZE 5)\r\n");
    f = r.as_fetch();
    CHECK(f.find("RFC822").val.str() == "hello");
    CHECK(f.find("RFC822.HEADER").val.str() == "H");
    CHECK(f.find("RFC822.TEXT").val.is_nil());
    CHECK(f.rfc822_size() == 5u);

    r = parse_ok("* 1 FETCH (UID 4827313 MODSEQ (624140003))\r\n");
    CHECK(r.as_fetch().uid() == 4827313u);
    CHECK(r.as_fetch().modseq() == 624140003u);
}

TEST_CASE("BODYSTRUCTURE: multipart, message/rfc822, extension data", "[grammar][rfc]") {
    // RFC 3501 7.4.2 multipart example
    auto r = parse_ok(
        "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" "
        "1152 23)(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
        "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) "
        "\"MIXED\"))\r\n");
    auto b = r.as_fetch().bodystructure();
    REQUIRE(b);
    CHECK(b->is_multipart());
    auto bf = b->fields();
    CHECK(bf.multipart);
    CHECK(bf.subtype.str() == "MIXED");
    CHECK(bf.params.empty());
    REQUIRE(bf.parts.size() == 2);
    auto part = bf.parts.begin();
    CHECK(part->fields().octets.number() == 1152u);
    ++part;
    auto p2 = part->fields();
    CHECK(p2.params.find("NAME").str() == "cc.diff");
    CHECK(p2.params.size() == 2);
    CHECK(p2.id.str() == "<960723163407.20117h@cac.washington.edu>");
    CHECK(p2.description.str() == "Compiler diff");
    CHECK(p2.encoding.str() == "BASE64");
    CHECK(p2.lines.number() == 73u);

    // Extension data with arbitrary body-extension values and nested lists
    r = parse_ok(
        "* 7 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1 \"md5sum\" "
        "(\"inline\" NIL) \"en\" NIL 42 (\"x\" (1 2 (NIL))) \"y\")(\"application\" \"octet-stream\" "
        "(\"name\" \"a.bin\") NIL NIL \"base64\" 100 NIL (\"attachment\" (\"filename\" \"a.bin\" "
        "\"size\" \"100\")) (\"de\" \"en\") \"http://x/a.bin\") \"mixed\" (\"boundary\" \"b1\") "
        "(\"inline\" NIL) \"fr\" \"loc\" 7))\r\n");
    b = r.as_fetch().bodystructure();
    REQUIRE(b);
    bf = b->fields();
    CHECK(bf.params.find("boundary").str() == "b1");
    CHECK(b->disposition().type.str() == "inline");
    CHECK(bf.language.str() == "fr");
    CHECK(bf.location.str() == "loc");
    CHECK(strings(bf.extensions) == sv{"7"});
    part = bf.parts.begin();
    auto t = part->fields();
    CHECK(t.md5.str() == "md5sum");
    CHECK(t.disposition.items().at(0).str() == "inline");
    CHECK(t.language.str() == "en");
    CHECK(t.location.is_nil());
    REQUIRE(t.extensions.size() == 3);
    CHECK(t.extensions.at(0).number() == 42u);
    CHECK(t.extensions.at(1).items().at(1).items().at(2).items().at(0).is_nil());
    CHECK(t.extensions.at(2).str() == "y");
    ++part;
    auto d = part->disposition();
    CHECK(d.type.str() == "attachment");
    CHECK(d.params.find("filename").str() == "a.bin");
    CHECK(d.params.find("size").str() == "100");
    CHECK(strings(part->fields().language.items()) == sv{"de", "en"});
    CHECK(part->fields().location.str() == "http://x/a.bin");

    // RFC 9051 message/global
    r = parse_ok("* 1 FETCH (BODY (\"MESSAGE\" \"GLOBAL\" NIL NIL NIL \"8BIT\" 30 (NIL \"s\" NIL NIL "
                 "NIL NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" NIL NIL NIL \"8BIT\" 10 1) 3))\r\n");
    b = r.as_fetch().bodystructure();
    REQUIRE(b);
    CHECK(b->envelope().subject.str() == "s");
    CHECK(b->body().subtype().str() == "PLAIN");
    CHECK(b->lines() == 3u);
}

TEST_CASE("BINARY, OBJECTID, PREVIEW, ANNOTATION and unknown FETCH items", "[grammar][rfc]") {
    // RFC 3516 BINARY: literal8 may hold NUL
    const std::string bin = "* 4 FETCH (BINARY[1.1] ~{5}\r\na\0b\0c BINARY.SIZE[1.1] 4562)\r\n"s;
    auto r = parse_ok(bin);
    auto f = r.as_fetch();
    auto v = f.find("BINARY[1.1]").val;
    CHECK(v.kind() == g::value_kind::literal8);
    CHECK(v.data() == "a\0b\0c"s);
    CHECK(f.find("BINARY.SIZE[1.1]").val.number() == 4562u);
    CHECK(f.find("BINARY.SIZE[1.1]").section() == "1.1");
    r = parse_ok("* 4 FETCH (BINARY[] \"x\" BINARY[2]<100> NIL)\r\n");
    CHECK(r.as_fetch().find("BINARY[2]<100>").origin() == 100u);

    // RFC 8474
    r = parse_ok("* 1 FETCH (EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9))\r\n");
    f = r.as_fetch();
    CHECK(f.find("EMAILID").val.items().at(0).data() == "M6d99ac3275bb4e");
    CHECK(f.find("THREADID").val.items().at(0).data() == "T64b478a75b7ea9");
    r = parse_ok("* 2 FETCH (EMAILID (M5fdc09b49ea703) THREADID NIL)\r\n");
    CHECK(r.as_fetch().find("THREADID").val.is_nil());

    // RFC 8970
    r = parse_ok("* 1 FETCH (UID 25 PREVIEW \"Hello, world!\")\r\n");
    CHECK(r.as_fetch().find("PREVIEW").val.str() == "Hello, world!");
    r = parse_ok("* 2 FETCH (PREVIEW NIL)\r\n");
    CHECK(r.as_fetch().find("PREVIEW").val.is_nil());

    // RFC 5257 ANNOTATE
    r = parse_ok("* 12 FETCH (UID 1123 ANNOTATION (/comment (value.priv \"My comment\" value.shared "
                 "NIL) /altsubject (value.priv \"My subject\" value.shared NIL)))\r\n");
    f = r.as_fetch();
    const g::value ann = f.find("ANNOTATION").val;
    REQUIRE(ann.is_list());
    CHECK(ann.items().at(0).data() == "/comment");
    CHECK(g::pair_range(ann.items().at(1).data()).find("value.priv").str() == "My comment");
    CHECK(g::pair_range(ann.items().at(3).data()).find("value.shared").is_nil());

    // Gmail extensions are kept raw, never an error
    r = parse_ok("* 1 FETCH (X-GM-THRID 1278455344230334865 X-GM-MSGID 1278455344230334865 "
                 "X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\") UID 1 FLAGS (\\Seen))\r\n");
    f = r.as_fetch();
    CHECK(f.size() == 5);
    CHECK(f.find("X-GM-MSGID").val.raw() == "1278455344230334865");
    CHECK(strings(f.find("X-GM-LABELS").val.items()) ==
          sv{"\\Inbox", "\\Sent", "Important", "Muy Importante"});
    CHECK(f.uid() == 1u);
    r = parse_ok("* 1 FETCH (X-SNIPPET[1]<5> {3}\r\nabc)\r\n");
    CHECK(r.as_fetch().find("X-SNIPPET[1]<5>").val.data() == "abc");
}

TEST_CASE("ESEARCH, VANISHED, SORT, THREAD (RFC 4731, 7162, 5256)", "[grammar][rfc]") {
    auto r = parse_ok("* ESEARCH (TAG \"A282\") MIN 2 COUNT 3\r\n");
    CHECK(r.data() == g::data_kind::esearch);
    auto e = r.as_esearch();
    CHECK(e.tag.str() == "A282");
    CHECK_FALSE(e.uid);
    CHECK(e.min() == 2u);
    CHECK(e.count() == 3u);
    CHECK_FALSE(e.max());
    r = parse_ok("* ESEARCH (TAG \"A283\") ALL 2,10:11\r\n");
    CHECK(r.as_esearch().all() == "2,10:11");
    r = parse_ok("* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800\r\n");
    e = r.as_esearch();
    CHECK(e.uid);
    CHECK(e.min() == 7u);
    CHECK(e.max() == 3800u);
    r = parse_ok("* ESEARCH (TAG \"a\") UID\r\n");
    CHECK(r.as_esearch().uid);
    CHECK(r.as_esearch().items.empty());
    r = parse_ok("* ESEARCH UID COUNT 5 ALL 4:19,21,28\r\n");
    CHECK_FALSE(r.as_esearch().tag.exists());
    CHECK(r.as_esearch().count() == 5u);
    r = parse_ok("* ESEARCH (TAG \"a\") ALL 1:3 MODSEQ 12345\r\n");
    CHECK(r.as_esearch().modseq() == 12345u);
    r = parse_ok("* ESEARCH (TAG \"p\") UID PARTIAL (1:5 1,2,3)\r\n");
    CHECK(r.as_esearch().items.find("PARTIAL").items().at(1).raw() == "1,2,3");

    r = parse_ok("* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n");
    CHECK(r.data() == g::data_kind::vanished);
    CHECK(r.as_vanished().earlier);
    CHECK(r.as_vanished().uids == "41,43:116,118,120:211,214:540");
    r = parse_ok("* VANISHED 405,407,410,425\r\n");
    CHECK_FALSE(r.as_vanished().earlier);
    CHECK(r.as_vanished().uids == "405,407,410,425");

    r = parse_ok("* SORT 2 84 882\r\n");
    CHECK(r.data() == g::data_kind::sort);
    CHECK(strings(r.as_sort().numbers) == sv{"2", "84", "882"});
    r = parse_ok("* SORT\r\n");
    CHECK(r.as_sort().numbers.empty());
    r = parse_ok("* SORT 5 3 4 1 2 (MODSEQ 1236)\r\n");
    CHECK(r.as_sort().modseq == 1236u);

    r = parse_ok("* THREAD (2)(3 6 (4 23)(44 7 96))\r\n");
    CHECK(r.data() == g::data_kind::thread);
    const auto threads = r.as_thread();
    REQUIRE(threads.size() == 2);
    CHECK(strings(threads.at(0).items()) == sv{"2"});
    const auto t2 = threads.at(1).items();
    CHECK(t2.size() == 4);
    CHECK(t2.at(0).number() == 3u);
    CHECK(strings(t2.at(2).items()) == sv{"4", "23"});
    CHECK(strings(t2.at(3).items()) == sv{"44", "7", "96"});
    r = parse_ok("* THREAD ((3)(5))\r\n");
    CHECK(r.as_thread().at(0).items().size() == 2);
    parse_ok("* THREAD\r\n");
    parse_ok("* THREAD (166)(167)(168)(169)(172)(170)(171)(173)(174 (175)(176)(178)(181)(180))"
             "(179)(177 (183)(189)(190)(191)(192)(193)(194)(195)(196)(197)(198))(199)(200 202)"
             "(201)(203)(204)(205)(206 207)(208)\r\n");
}

TEST_CASE("NAMESPACE and ID (RFC 2342, RFC 2971)", "[grammar][rfc]") {
    auto r = parse_ok("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n");
    CHECK(r.data() == g::data_kind::namespace_);
    auto n = r.as_namespace();
    REQUIRE(n.personal.size() == 1);
    CHECK(n.personal.begin()->prefix.str().empty());
    CHECK(n.personal.begin()->delimiter.str() == "/");
    CHECK(n.other_users.is_nil());
    CHECK(n.shared.is_nil());
    r = parse_ok("* NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public/\" \"/\")"
                 "(\"#ftp/\" \"/\")(\"#news.\" \".\"))\r\n");
    n = r.as_namespace();
    CHECK(n.other_users.begin()->prefix.str() == "~");
    REQUIRE(n.shared.size() == 4);
    auto it = n.shared.begin();
    ++it;
    ++it;
    ++it;
    CHECK(it->prefix.str() == "#news.");
    CHECK(it->delimiter.str() == ".");
    r = parse_ok("* NAMESPACE ((\"\" \"/\" \"X-PARAM\" (\"FLAG1\" \"FLAG2\"))) NIL NIL\r\n");
    n = r.as_namespace();
    const auto ext = n.personal.begin()->extensions;
    CHECK(ext.at(0).str() == "X-PARAM");
    CHECK(strings(ext.at(1).items()) == sv{"FLAG1", "FLAG2"});
    r = parse_ok("* NAMESPACE NIL NIL ((\"\" \".\"))\r\n");
    CHECK(r.as_namespace().personal.is_nil());
    CHECK(r.as_namespace().shared.begin()->delimiter.str() == ".");

    r = parse_ok("* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" \"sunos\" \"os-version\" \"5.5\" "
                 "\"support-url\" \"mailto:cyrus-bugs+@andrew.cmu.edu\")\r\n");
    CHECK(r.data() == g::data_kind::id);
    CHECK(r.as_id().size() == 5);
    CHECK(r.as_id().find("version").str() == "1.5");
    CHECK(r.as_id().find("support-url").str() == "mailto:cyrus-bugs+@andrew.cmu.edu");
    r = parse_ok("* ID NIL\r\n");
    CHECK(r.as_id().empty());
    r = parse_ok("* ID (\"name\" NIL)\r\n");
    CHECK(r.as_id().find("name").is_nil());
}

TEST_CASE("ACL, QUOTA, METADATA (RFC 4314, 9208, 5464)", "[grammar][rfc]") {
    auto r = parse_ok("* ACL INBOX Fred rwipsldexta\r\n");
    CHECK(r.data() == g::data_kind::acl);
    auto a = r.as_acl();
    CHECK(a.mailbox.str() == "INBOX");
    CHECK(a.entries.find("Fred").str() == "rwipsldexta");
    r = parse_ok("* ACL INBOX Fred rwipslxetad -Fred wetd $team w\r\n");
    CHECK(r.as_acl().entries.size() == 3);
    CHECK(r.as_acl().entries.find("-Fred").str() == "wetd");
    r = parse_ok("* LISTRIGHTS ~/Mail/saved smith la r swicdkxte\r\n");
    CHECK(r.data() == g::data_kind::listrights);
    auto lr = r.as_listrights();
    CHECK(lr.mailbox.str() == "~/Mail/saved");
    CHECK(lr.identifier.str() == "smith");
    CHECK(strings(lr.rights) == sv{"la", "r", "swicdkxte"});
    r = parse_ok("* MYRIGHTS INBOX rwiptsldaex\r\n");
    CHECK(r.data() == g::data_kind::myrights);
    CHECK(r.as_myrights().rights.str() == "rwiptsldaex");

    r = parse_ok("* QUOTAROOT INBOX \"\"\r\n");
    CHECK(r.data() == g::data_kind::quotaroot);
    CHECK(r.as_quotaroot().mailbox.str() == "INBOX");
    CHECK(strings(r.as_quotaroot().roots) == sv{""});
    r = parse_ok("* QUOTAROOT comp.mail.mime\r\n");
    CHECK(r.as_quotaroot().roots.empty());
    r = parse_ok("* QUOTA \"#user/alice\" (STORAGE 54 111 MESSAGE 42 1000)\r\n");
    CHECK(r.data() == g::data_kind::quota);
    auto q = r.as_quota();
    CHECK(q.root.str() == "#user/alice");
    REQUIRE(q.resources.size() == 2);
    auto res = q.resources.begin();
    CHECK((*res)[0].str() == "STORAGE");
    CHECK((*res)[1].number() == 54u);
    CHECK((*res)[2].number() == 111u);
    ++res;
    CHECK((*res)[0].str() == "MESSAGE");
    CHECK((*res)[2].number() == 1000u);
    parse_ok("* QUOTA \"\" (STORAGE 10 512)\r\n");
    parse_ok("* QUOTA \"\" ()\r\n");

    r = parse_ok("* METADATA \"INBOX\" (/private/comment \"My own comment\" /shared/comment "
                 "\"The shared comment\")\r\n");
    CHECK(r.data() == g::data_kind::metadata);
    auto m = r.as_metadata();
    CHECK(m.mailbox.str() == "INBOX");
    CHECK(m.has_values);
    CHECK(m.entries.find("/private/comment").str() == "My own comment");
    CHECK(m.entries.find("/shared/comment").str() == "The shared comment");
    r = parse_ok("* METADATA \"\" /shared/comment /private/comment\r\n");
    m = r.as_metadata();
    CHECK_FALSE(m.has_values);
    CHECK(strings(m.names) == sv{"/shared/comment", "/private/comment"});
    r = parse_ok("* METADATA \"\" (/shared/comment {5}\r\nhello /private/x NIL)\r\n");
    CHECK(r.as_metadata().entries.find("/shared/comment").str() == "hello");
    CHECK(r.as_metadata().entries.find("/private/x").is_nil());
}

// ---- Dovecot 2.3.19, captured as sent -----------------------------------------------------------

TEST_CASE("Dovecot: multipart with attachment, nested message/rfc822, encoded headers",
          "[grammar][dovecot]") {
    const auto r = parse_ok(
        "* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) INTERNALDATE \"25-Nov-2026 23:46:55 +0000\" "
        "RFC822.SIZE 1432 ENVELOPE (\"Mon, 7 Feb 1994 21:52:25 -0800\" "
        "\"=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?= with attachment\" "
        "((\"=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?=\" NIL \"juergen\" \"example.de\")) "
        "((\"=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?=\" NIL \"juergen\" \"example.de\")) "
        "((\"=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?=\" NIL \"juergen\" \"example.de\")) "
        "((\"Team\" NIL \"team\" \"example.org\")(NIL NIL \"bob\" \"example.com\")) "
        "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL \"<prev@example.de>\" "
        "\"<B27397-0100000@example.de>\") BODYSTRUCTURE (((\"text\" \"plain\" (\"charset\" \"UTF-8\") "
        "NIL NIL \"quoted-printable\" 12 0 NIL NIL NIL NIL)(\"text\" \"html\" (\"charset\" \"UTF-8\") "
        "NIL NIL \"8bit\" 12 0 NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"alt\") NIL NIL NIL)"
        "(\"application\" \"pdf\" (\"name\" \"report.pdf\") NIL NIL \"base64\" 64 NIL (\"attachment\" "
        "(\"filename\" \"report.pdf\")) (\"de\" \"en\") \"http://example.de/report.pdf\")(\"message\" "
        "\"rfc822\" NIL NIL NIL \"7bit\" 426 (\"Tue, 8 Feb 1994 10:00:00 +0000\" {24}\r\n"
        "inner \"quoted\" \\ subject ((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Alice\" NIL "
        "\"alice\" \"example.com\")) ((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Bob\" NIL \"bob\" "
        "\"example.com\")) NIL NIL NIL NIL) ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL "
        "\"7bit\" 10 0 NIL NIL NIL NIL)(\"image\" \"png\" (\"name\" \"a.png\") \"<img1@x>\" "
        "\"a picture\" \"base64\" 12 NIL (\"inline\" NIL) NIL NIL) \"mixed\" (\"boundary\" "
        "\"inner\") NIL NIL NIL) 19 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL))\r\n");
    const auto f = r.as_fetch();
    CHECK(f.uid() == 1u);
    CHECK(strings(f.flags()) == sv{"\\Seen", "\\Recent"});
    CHECK(f.rfc822_size() == 1432u);
    const auto env = f.envelope();
    REQUIRE(env);
    CHECK(env->subject.str() == "=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?= with attachment");
    CHECK(env->from.front().name.str() == "=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?=");
    CHECK(env->to.size() == 2);
    // group syntax: "undisclosed-recipients:;"
    REQUIRE(env->cc.size() == 2);
    auto grp = env->cc.begin();
    CHECK(grp->is_group_start());
    CHECK(grp->mailbox.str() == "undisclosed-recipients");
    ++grp;
    CHECK(grp->is_group_end());
    CHECK(env->in_reply_to.str() == "<prev@example.de>");

    const auto body = f.bodystructure();
    REQUIRE(body);
    const auto top = body->fields();
    CHECK(top.multipart);
    CHECK(top.subtype.str() == "mixed");
    CHECK(top.params.find("boundary").str() == "outer");
    REQUIRE(top.parts.size() == 3);
    auto part = top.parts.begin();
    // 1: multipart/alternative
    CHECK(part->is_multipart());
    CHECK(part->subtype().str() == "alternative");
    CHECK(part->parts().size() == 2);
    auto alt = part->parts().begin();
    ++alt;
    CHECK(alt->subtype().str() == "html");
    CHECK(alt->encoding().str() == "8bit");
    CHECK(alt->lines() == 0u);
    // 2: the attachment
    ++part;
    auto att = part->fields();
    CHECK(att.type.str() == "application");
    CHECK(att.subtype.str() == "pdf");
    CHECK(att.octets.number() == 64u);
    CHECK_FALSE(att.lines.exists());
    CHECK(att.md5.is_nil());
    CHECK(part->disposition().type.str() == "attachment");
    CHECK(part->disposition().params.find("FILENAME").str() == "report.pdf");
    CHECK(strings(att.language.items()) == sv{"de", "en"});
    CHECK(att.location.str() == "http://example.de/report.pdf");
    // 3: message/rfc822 with a literal subject holding a quote and a backslash
    ++part;
    auto msg = part->fields();
    CHECK(msg.type.str() == "message");
    CHECK(msg.octets.number() == 426u);
    CHECK(msg.lines.number() == 19u);
    const auto inner_env = part->envelope();
    CHECK(inner_env.subject.kind() == g::value_kind::literal);
    CHECK(inner_env.subject.str() == "inner \"quoted\" \\ subject");
    CHECK(inner_env.to.front().name.str() == "Bob");
    const auto inner = part->body();
    CHECK(inner.is_multipart());
    CHECK(inner.params().find("boundary").str() == "inner");
    auto img = inner.parts().begin();
    ++img;
    const auto imf = img->fields();
    CHECK(imf.id.str() == "<img1@x>");
    CHECK(imf.description.str() == "a picture");
    CHECK(img->disposition().type.str() == "inline");
    CHECK(img->disposition().params.empty());
    ++part;
    CHECK(part == top.parts.end());
}

TEST_CASE("Dovecot: BODY, sections, BINARY.SIZE and session responses", "[grammar][dovecot]") {
    auto r = parse_ok(
        "* 1 FETCH (BODY (((\"text\" \"plain\" (\"charset\" \"UTF-8\") NIL NIL \"quoted-printable\" 12 0)"
        "(\"text\" \"html\" (\"charset\" \"UTF-8\") NIL NIL \"8bit\" 12 0) \"alternative\")"
        "(\"application\" \"pdf\" (\"name\" \"report.pdf\") NIL NIL \"base64\" 64)(\"message\" "
        "\"rfc822\" NIL NIL NIL \"7bit\" 426 (\"Tue, 8 Feb 1994 10:00:00 +0000\" {24}\r\n"
        "inner \"quoted\" \\ subject ((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Alice\" NIL "
        "\"alice\" \"example.com\")) ((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Bob\" NIL \"bob\" "
        "\"example.com\")) NIL NIL NIL NIL) ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL "
        "\"7bit\" 10 0)(\"image\" \"png\" (\"name\" \"a.png\") \"<img1@x>\" \"a picture\" \"base64\" 12) "
        "\"mixed\") 19) \"mixed\") BODY[HEADER.FIELDS (FROM SUBJECT)] {127}\r\n"
        "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.de>\r\n"
        "Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?= with attachment\r\n"
        "\r\n"
        " BINARY.SIZE[1.1] 8 BODY[3.HEADER] {184}\r\n"
        "From: Alice <alice@example.com>\r\n"
        "To: Bob <bob@example.com>\r\n"
        "Subject: inner \"quoted\" \\ subject\r\n"
        "Date: Tue, 8 Feb 1994 10:00:00 +0000\r\n"
        "Content-Type: multipart/mixed; boundary=\"inner\"\r\n"
        "\r\n"
        " BODY[1.1.MIME] {88}\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        ")\r\n");
    auto f = r.as_fetch();
    CHECK(f.size() == 5);
    const auto b = f.bodystructure();
    REQUIRE(b);
    CHECK(b->parts().size() == 3);
    CHECK(b->fields().params.empty());
    CHECK(f.body_section("HEADER.FIELDS (FROM SUBJECT)").data().size() == 127);
    CHECK(f.find("BINARY.SIZE[1.1]").val.number() == 8u);
    CHECK(f.body_section("3.HEADER").data().substr(0, 31) == "From: Alice <alice@example.com>");
    CHECK(f.body_section("1.1.MIME").data().size() == 88);

    r = parse_ok("* 2 FETCH (BINARY[1] {6}\r\nbody\r\n BODY[TEXT]<0> {3}\r\nbod)\r\n");
    f = r.as_fetch();
    CHECK(f.find("BINARY[1]").val.data() == "body\r\n");
    CHECK(f.find("BODY[TEXT]<0>").val.data() == "bod");

    r = parse_ok("* STATUS INBOX (MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY 1795650420 UNSEEN 0 "
                 "HIGHESTMODSEQ 2 SIZE 1540)\r\n");
    CHECK(r.as_status().get("UIDVALIDITY") == 1795650420u);
    CHECK(r.as_status().get("SIZE") == 1540u);
    r = parse_ok("* ESEARCH (TAG \"a8\") UID MIN 1 MAX 2 ALL 1:2 COUNT 2\r\n");
    CHECK(r.as_esearch().all() == "1:2");
    r = parse_ok("* 1 FETCH (MODSEQ (2) FLAGS (\\Seen \\Recent))\r\n");
    CHECK(r.as_fetch().modseq() == 2u);
    r = parse_ok("a4 OK [CLIENTBUG] Status on selected mailbox completed (0.001 + 0.000 secs).\r\n");
    CHECK(r.text().code.name() == "CLIENTBUG");
    r = parse_ok("* QUOTA \"User quota\" (STORAGE 2 1048576)\r\n");
    CHECK((*r.as_quota().resources.begin())[2].number() == 1048576u);
    r = parse_ok("* PREAUTH [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT "
                 "SORT=DISPLAY THREAD=REFERENCES LITERAL+ NOTIFY QUOTA] Logged in as nobody\r\n");
    CHECK(r.condition() == g::resp_cond::preauth);
    CHECK(r.text().code.capabilities().contains("LITERAL+"));
    CHECK(r.text().text == "Logged in as nobody");
}

// ---- real-server quirks ------------------------------------------------------------------------

TEST_CASE("tolerant mode accepts what real servers send; strict reports it", "[grammar][quirks]") {
    // extra spaces and a space before ")" (Exchange)
    tolerant_only("* 1 FETCH (UID 1  FLAGS (\\Seen) )\r\n");
    tolerant_only("* 1 FETCH ( FLAGS (\\Seen))\r\n");
    // trailing space before CRLF (Exchange `* SEARCH `)
    tolerant_only("* SEARCH 1 2 \r\n");
    tolerant_only("* SEARCH \r\n");
    // "]" inside a flag (Gmail)
    tolerant_only("* FLAGS (\\Seen $Label]x)\r\n");
    {
        const auto r = parse_ok("* 1 FETCH (FLAGS (\\Seen [Gmail]Junk))\r\n", false);
        CHECK(strings(r.as_fetch().flags()) == sv{"\\Seen", "[Gmail]Junk"});
    }
    // NIL where a string is required (Exchange / Domino body fields)
    tolerant_only("* 1 FETCH (BODYSTRUCTURE (\"text\" NIL NIL NIL NIL NIL 3 1))\r\n");
    tolerant_only("* 1 FETCH (BODYSTRUCTURE (\"application\" \"x\" NIL NIL NIL \"7bit\" NIL))\r\n");
    // empty BODYSTRUCTURE lists (Gmail, Exchange)
    tolerant_only("* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" () NIL NIL \"7bit\" 3 1 NIL "
                  "(\"inline\" ()) NIL NIL))\r\n");
    tolerant_only("* 1 FETCH (ENVELOPE (NIL NIL () NIL NIL NIL NIL NIL NIL NIL))\r\n");
    // missing space between elements (Courier, old Cyrus)
    tolerant_only("* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" (\"charset\"\"utf-8\") NIL NIL "
                  "\"7bit\" 3 1))\r\n");
    tolerant_only("* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"a\" \"b\") (NIL NIL \"c\" \"d\")) NIL "
                  "NIL NIL NIL NIL NIL NIL))\r\n");
    // a single-digit day without its leading space (Domino)
    tolerant_only("* 1 FETCH (INTERNALDATE \"1-Jan-2020 00:00:00 +0000\")\r\n");
    // bare "+" and a status with no text (imaplib accepts both)
    tolerant_only("+\r\n");
    tolerant_only("a1 OK\r\n");
    {
        // "[code]" with no SP after it is text by the ABNF, a code to the view
        const auto r = parse_ok("* OK [READ-WRITE]\r\n");
        CHECK(r.text().code.kind() == g::code_kind::read_write);
        CHECK(r.text().text.empty());
    }
    // a response no rule knows (imaplib keeps it under its name)
    tolerant_only("* XSTATE foo (bar \"baz\") {3}\r\nabc\r\n");
    {
        const auto r = parse_ok("* 3 XFOO (bar)\r\n", false);
        CHECK(r.data() == g::data_kind::unknown);
        CHECK(r.name() == "XFOO");
        CHECK(r.number() == 3u);
        CHECK(r.payload() == "(bar)");
    }
    // an escape other than \" and \\ in a quoted string
    tolerant_only("* 1 FETCH (ENVELOPE (NIL \"a\\b\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n");
    // FETCH with no items (Exchange)
    tolerant_only("* 1 FETCH ()\r\n");
    // a message/rfc822 part without its line count
    tolerant_only("* 1 FETCH (BODY (\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 30 (NIL NIL NIL NIL NIL "
                  "NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)))\r\n");
    // a private STATUS item
    tolerant_only("* STATUS INBOX (MESSAGES 1 X-GUID abc)\r\n");
    // lowercase keywords are RFC-conformant (ABNF strings are case-insensitive)
    const auto r = parse_ok("* 1 fetch (uid 5 flags (\\seen) body[header] nil)\r\n");
    CHECK(r.data() == g::data_kind::fetch);
    CHECK(r.as_fetch().uid() == 5u);
    CHECK(r.as_fetch().body_section("header").is_nil());
    parse_ok("a1 ok [read-write] done\r\n");
}

// ---- malformed input -----------------------------------------------------------------------------

TEST_CASE("errors say where and what", "[grammar][errors]") {
    g::parse_error err;
    const std::string_view frame =
        "* 1 FETCH (ENVELOPE (NIL \"s\" X NIL NIL NIL NIL NIL NIL NIL))\r\n";
    CHECK(parse_fail(frame, {}, &err) == errc::parse_error);
    CHECK(err.code == errc::parse_error);
    CHECK(err.offset == frame.find('X'));
    CHECK(err.expected == "env_from");
    CHECK(err.excerpt.find('X') != std::string_view::npos);
    CHECK(err.message().find("env_from") != std::string::npos);

    parse_fail("* 1 FETCH (UID 5\r\n", {}, &err);
    CHECK(err.offset == 16);
    parse_fail("A1 MAYBE later\r\n", {}, &err);
    CHECK(err.offset == 3);
}

TEST_CASE("malformed responses each produce the right error", "[grammar][errors]") {
    CHECK(parse_fail("") == errc::parse_error);
    CHECK(parse_fail("* OK no line end") == errc::parse_error);
    CHECK(parse_fail("* OK bare LF\n") == errc::parse_error);
    CHECK(parse_fail("* OK bare\rCR\r\n") == errc::parse_error);
    CHECK(parse_fail("* OK bare\nLF\r\n") == errc::parse_error);
    CHECK(parse_fail("* OK NUL\0inside\r\n"s) == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (ENVELOPE (\"unterminated))\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (FLAGS (\\Seen)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (FLAGS (\\Seen)))\r\n") == errc::parse_error);
    CHECK(parse_fail("* 0 FETCH (UID 1)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (UID 0)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (INTERNALDATE \"17-Foo-1996 02:44:25 -0700\")\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\"))\r\n") ==
          errc::parse_error);
    CHECK(parse_fail("* LIST (\\Noselect) \"/\"\r\n") == errc::parse_error);
    CHECK(parse_fail("* STATUS INBOX (MESSAGES x)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (BODY[HEADER.FIELDS] NIL)\r\n") == errc::parse_error);
    // bad literal counts
    CHECK(parse_fail("* 1 FETCH (BODY[] {-1}\r\nx)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (BODY[] {}\r\nx)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (BODY[] {1a}\r\nx)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (BODY[] {1}x)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (BODY[] {99999999999999999999}\r\nx)\r\n") == errc::literal_too_large);
    CHECK(parse_fail("* 1 FETCH (BODY[] {10}\r\nabc)\r\n") == errc::parse_error);
    // number overflow is an error, not a wrap
    g::parse_error err;
    CHECK(parse_fail("* 4294967296 EXISTS\r\n", {}, &err) == errc::parse_error);
    CHECK(err.offset == 2);
    CHECK(parse_fail("* 1 FETCH (UID 4294967296)\r\n") == errc::parse_error);
    CHECK(parse_fail("* 1 FETCH (MODSEQ (9223372036854775808))\r\n") == errc::parse_error);
    CHECK(parse_fail("* OK [UIDNEXT 99999999999] x\r\n", strict_opts()) == errc::parse_error);
    // strict: a NUL inside a literal (CHAR8); tolerant lets message data through
    CHECK(parse_fail("* 1 FETCH (BODY[] {3}\r\na\0b)\r\n"s, strict_opts()) == errc::parse_error);
    parse_ok("* 1 FETCH (BODY[] {3}\r\na\0b)\r\n"s, false);
}

TEST_CASE("limits: depth, literal, response and line sizes", "[grammar][errors][limits]") {
    // nesting beyond limits::max_depth, in the body structure and in generic values
    std::string deep = "* 1 FETCH (BODYSTRUCTURE ";
    for (int i = 0; i < 100; ++i) deep += '(';
    deep += "\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1)";
    for (int i = 0; i < 99; ++i) deep += " \"mixed\")";
    deep += ")\r\n";
    CHECK(parse_fail(deep) == errc::nesting_too_deep);
    g::parse_options wide;
    wide.limits.max_depth = 200;
    g::response_view r;
    std::error_code ec;
    CHECK(g::parse_response(deep, r, ec, wide));
    CHECK(r.as_fetch().bodystructure()->is_multipart());

    std::string gen = "* 1 FETCH (X-DEEP ";
    for (int i = 0; i < 65; ++i) gen += '(';
    for (int i = 0; i < 65; ++i) gen += ')';
    gen += ")\r\n";
    CHECK(parse_fail(gen) == errc::nesting_too_deep);
    std::string thread = "* THREAD ";
    for (int i = 0; i < 70; ++i) thread += "(1 ";
    for (int i = 0; i < 70; ++i) thread += ')';
    thread += "\r\n";
    CHECK(parse_fail(thread) == errc::nesting_too_deep);
    // a million open parentheses: bounded, no stack overflow
    const std::string huge = "* 1 FETCH (X " + std::string(1000000, '(') + ")\r\n";
    CHECK(parse_fail(huge) == errc::nesting_too_deep);
    wide.limits.max_depth = 100000000;  // clamped internally
    CHECK(parse_fail(huge, wide) == errc::nesting_too_deep);

    g::parse_options small;
    small.limits.max_literal = 4;
    CHECK(parse_fail("* 1 FETCH (BODY[] {5}\r\nhello)\r\n", small) == errc::literal_too_large);
    small.limits.max_literal = 5;
    CHECK(g::parse_response("* 1 FETCH (BODY[] {5}\r\nhello)\r\n", r, ec, small));

    g::parse_options tiny;
    tiny.limits.max_response = 10;
    CHECK(parse_fail("* 1 FETCH (UID 1)\r\n", tiny) == errc::response_too_large);
    tiny.limits.max_response = 1000;
    tiny.limits.max_line = 10;
    CHECK(parse_fail("* OK this line is too long\r\n", tiny) == errc::line_too_long);
    CHECK(parse_fail("* 1 FETCH (BODY[HEADER] {2}\r\nab)\r\n", tiny) == errc::line_too_long);
    tiny.limits.max_line = 25;
    CHECK(g::parse_response("* 1 FETCH (BODY[] {2}\r\nab)\r\n", r, ec, tiny));
}

TEST_CASE("every prefix of valid responses fails cleanly", "[grammar][errors]") {
    const std::string_view frames[] = {
        "* 1 FETCH (UID 1 FLAGS (\\Seen) ENVELOPE (NIL \"s\" ((NIL NIL \"a\" \"b\")) NIL NIL NIL NIL "
        "NIL NIL NIL) BODYSTRUCTURE ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1)(\"message\" "
        "\"rfc822\" NIL NIL NIL \"7bit\" 5 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" "
        "\"plain\" NIL NIL NIL \"7bit\" 1 1) 1) \"mixed\") BODY[] {3}\r\nabc)\r\n",
        "* OK [COPYUID 1 1:2 3:4] done\r\n",
        "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n",
    };
    for (std::string_view f : frames) {
        parse_ok(f);
        for (std::size_t n = 0; n < f.size(); ++n) {
            g::response_view r;
            std::error_code ec;
            const std::string prefix(f.substr(0, n));
            INFO("prefix length " << n);
            CHECK_FALSE(g::parse_response(prefix, r, ec));
            CHECK(ec);
        }
    }
}

// ---- the fast paths (SIMD scanning, FIRST-set dispatch, folded keywords) ----------------
// Each must give what the byte-at-a-time definition gives, so these tests put the
// interesting bytes at every offset around the 8- and 16-byte steps of the scanners.

// FIRST sets are computed at compile time from the rules.
static_assert(g::detail::first_of<g::nstring>::value.has('"'));
static_assert(g::detail::first_of<g::nstring>::value.has('{'));
static_assert(g::detail::first_of<g::nstring>::value.has('N'));
static_assert(g::detail::first_of<g::nstring>::value.has('n'));
static_assert(!g::detail::first_of<g::nstring>::value.has('('));
static_assert(!g::detail::first_of<g::nstring>::value.has('1'));
static_assert(g::detail::first_of<g::body_fld_octets>::value.has('7'));
static_assert(g::detail::first_of<g::kw::BODYSTRUCTURE>::value.has('b'));
static_assert(!g::detail::first_of<g::kw::BODYSTRUCTURE>::value.has('E'));
// Rules that may match empty, or fail before reading (depth limit), claim every byte.
static_assert(g::detail::first_of<g::opt<g::SP>>::value.full());
static_assert(g::detail::first_of<g::body>::value.full());
static_assert(g::detail::first_of<g::rparen>::value.full());
// The constant-expression path of the scanners and keywords.
static_assert(g::matches<g::quoted>("\"a long quoted string with \\\" and \\\\ inside it\""));
static_assert(!g::matches<g::quoted>("\"a long quoted string with a bare \r inside it....\""));
static_assert(g::matches<g::msg_att>("(bOdYsTrUcTuRe (\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1))"));
static_assert(!g::matches<g::msg_att>("(rfc822.size x)"));
static_assert(g::matches<g::msg_att>("(RFC822.SIZX 1)"));  // an unknown item

TEST_CASE("quoted strings: specials found at every offset of the SIMD and SWAR steps",
          "[grammar][lexical][fast]") {
    for (std::size_t n = 0; n < 40; ++n) {
        const std::string pad(n, 'x');
        INFO("offset " << n);
        // An escaped quote and an escaped backslash, then the closing quote.
        CHECK(g::matches<g::quoted>("\"" + pad + "\\\"" + pad + "\\\\\""));
        // Bytes no quoted string may hold, wherever they fall.
        CHECK_FALSE(g::matches<g::quoted>("\"" + pad + "\r" + pad + "\""));
        CHECK_FALSE(g::matches<g::quoted>("\"" + pad + "\n" + pad + "\""));
        CHECK_FALSE(g::matches<g::quoted>("\"" + pad + std::string(1, '\0') + pad + "\""));
        CHECK_FALSE(g::matches<g::quoted>("\"" + pad));  // unterminated
        CHECK_FALSE(g::matches<g::quoted>("\"" + pad + "\\"));  // ends in a backslash
        // 8-bit bytes and other control characters are QUOTED-CHARs (RFC 9051).
        CHECK(g::matches<g::quoted>("\"" + pad + "\xc3\xbc\t\x01" + pad + "\""));
        // Tolerant mode keeps unknown escapes; strict refuses them.
        CHECK(g::matches<g::quoted>("\"" + pad + "\\x" + pad + "\""));
        CHECK_FALSE(g::matches<g::quoted>("\"" + pad + "\\x" + pad + "\"", strict_opts()));

        // The views find the same end: the value after the string is intact.
        const std::string list = "(\"" + pad + "\\\"(" + pad + "\\\\\" ATOM (1 2) \"" + pad + ")\")";
        const g::value_range items = g::value_range(std::string_view(list).substr(1, list.size() - 2));
        REQUIRE(items.size() == 4);
        CHECK(items.at(0).str() == pad + "\"(" + pad + "\\");
        CHECK(items.at(1).equals("ATOM"));
        CHECK(items.at(2).items().size() == 2);
        CHECK(items.at(3).data() == pad + ")");
    }
}

TEST_CASE("lists: parentheses in strings and literals never count, at any block offset",
          "[grammar][views][fast]") {
    for (std::size_t n = 0; n < 40; ++n) {
        const std::string pad(n, ' ');
        INFO("offset " << n);
        // A list whose strings and literal hold parentheses, quotes and backslashes;
        // the value after it must start right after its closing parenthesis.
        const std::string inner = "(" + pad + "\"a)b\" (\"c\\\"(\" {5}\r\n)(\"\\))" + pad +
                                  " \\Seen ~{2}\r\n)( ( (x \"y\\\\\")))";
        const std::string bytes = inner + " NEXT";
        const g::value_range r{std::string_view(bytes)};
        REQUIRE(r.size() == 2);
        const g::value l = r.at(0);
        CHECK(l.is_list());
        CHECK(l.raw() == inner);
        CHECK(r.at(1).equals("NEXT"));
        const g::value_range items = l.items();
        REQUIRE(items.size() == 5);
        CHECK(items.at(0).str() == "a)b");
        const g::value_range nested = items.at(1).items();
        REQUIRE(nested.size() == 2);
        CHECK(nested.at(0).str() == "c\"(");
        CHECK(nested.at(1).kind() == g::value_kind::literal);
        CHECK(nested.at(1).data() == ")(\"\\)");
        CHECK(items.at(2).equals("\\Seen"));
        CHECK(items.at(3).kind() == g::value_kind::literal8);
        CHECK(items.at(3).data() == ")(");
        CHECK(items.at(4).items().at(0).items().at(1).str() == "y\\");
    }
    // Unbalanced bytes (never validated) end at the end of the view, never beyond it.
    const std::string open = "(" + std::string(50, '(') + "\"x)";
    const g::value v = g::value_range{std::string_view(open)}.at(0);
    CHECK(v.raw() == open);
}

TEST_CASE("addresses are read in place; other shapes still give their first four values",
          "[grammar][views][fast]") {
    const g::response_view r = parse_ok(
        "* 1 FETCH (ENVELOPE (NIL \"s\" ((\"A\" NIL \"a\" \"x.org\")(\"B \\\"b\\\"\" NIL \"b\" "
        "\"y.org\") (NIL NIL \"grp\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL))\r\n",
        false);  // the space between addresses is a tolerance
    const auto env = r.as_fetch().envelope();
    REQUIRE(env);
    std::vector<std::string> seen;
    for (const g::address_view& a : env->from)
        seen.push_back(a.name.str() + "|" + a.mailbox.str() + "|" + a.host.str() +
                       (a.is_group_start() ? "|start" : "") + (a.is_group_end() ? "|end" : ""));
    CHECK(seen == std::vector<std::string>{"A|a|x.org", "B \"b\"|b|y.org", "|grp||start", "|||end"});
    CHECK(env->from.size() == 4);

    // Views over bytes the grammar would refuse: an address with five fields or three.
    const std::string odd = "((\"A\" NIL \"a\" \"x.org\" EXTRA)(\"B\" NIL \"b\") (\"C\" NIL \"c\" \"z\"))";
    const g::address_list_view l{g::value_range{std::string_view(odd)}.at(0)};
    std::vector<std::string> hosts;
    for (const g::address_view& a : l) hosts.push_back(a.name.str() + "@" + a.host.str());
    CHECK(hosts == std::vector<std::string>{"A@x.org", "B@", "C@z"});

    // Iterators as a forward iterator's users expect: copies walk on their own, ends meet.
    auto it = env->from.begin();
    auto copy = it;
    ++it;
    CHECK(copy->mailbox.str() == "a");
    CHECK(it->mailbox.str() == "b");
    CHECK(std::distance(env->from.begin(), env->from.end()) == 4);
    CHECK(g::address_list_view().begin() == g::address_list_view().end());
    CHECK(g::address_list_view::iterator() == g::address_list_view::iterator());
    CHECK(env->sender.empty());
    CHECK(env->sender.front().mailbox.kind() == g::value_kind::none);
}

TEST_CASE("keywords match in any case, and never run on into a longer word",
          "[grammar][lexical][fast]") {
    const g::response_view r = parse_ok(
        "* 7 fetch (uid 9 Rfc822.Size 44 internaldate \"17-Jul-1996 02:44:25 -0700\" "
        "bodystructure (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1) BoDy[HeAdEr] {2}\r\nab)\r\n");
    const g::fetch_view f = r.as_fetch();
    CHECK(f.seq() == 7);
    CHECK(f.uid() == 9u);
    CHECK(f.rfc822_size() == 44u);
    CHECK(f.bodystructure()->lines() == 1u);
    CHECK(f.body_section("HEADER").data() == "ab");
    // One byte off in every position of an 8-byte chunk is another (unknown) item.
    const std::string word = "RFC822.SIZE";
    for (std::size_t i = 0; i < word.size(); ++i) {
        std::string w = word;
        w[i] = w[i] == 'X' ? 'Y' : 'X';
        g::response_view v;
        std::error_code ec;
        INFO(w);
        const std::string frame = "* 1 FETCH (" + w + " 44)\r\n";
        REQUIRE(g::parse_response(frame, v, ec));
        CHECK_FALSE(v.as_fetch().rfc822_size());
        CHECK(v.as_fetch().find(w).val.number() == 44u);
    }
    // "UID" must not take the start of "UIDX" (an unknown item), nor "BODY" of "BODYX".
    CHECK(parse_ok("* 1 FETCH (UIDX 5 BODYX (1))\r\n").as_fetch().size() == 2);
}

TEST_CASE("skipped alternatives report the same error as trying them",
          "[grammar][errors][fast]") {
    g::parse_error err;
    // nstring at "(" : neither string nor NIL can start there; the furthest failure is
    // reported at the field, under the field's own rule.
    CHECK(parse_fail("* 1 FETCH (ENVELOPE (NIL (x) NIL NIL NIL NIL NIL NIL NIL NIL))\r\n", {}, &err) ==
          errc::parse_error);
    CHECK(err.offset == 25);
    CHECK(err.expected == "env_subject");
    // A mailbox delimiter that is neither a quoted character nor NIL.
    CHECK(parse_fail("* LIST () x INBOX\r\n", {}, &err) == errc::parse_error);
    CHECK(err.offset == 10);
    CHECK(err.expected == "NIL");
    // The same position in strict and tolerant mode (tolerant alternatives skipped in
    // strict mode record nothing, as before).
    CHECK(parse_fail("* 1 FETCH (BODY (\"text\" \"plain\" NIL NIL NIL \"7bit\" x 1))\r\n", strict_opts(),
                     &err) == errc::parse_error);
    CHECK(err.offset == 51);
    CHECK(err.expected == "body_fld_octets");
}

namespace {

// Frames whose views the index must reproduce: the grammar fuzzer's seed corpus (RFC
// examples, Dovecot captures, server quirks) and shapes the seeds lack.
std::vector<std::string> index_frames() {
    std::vector<std::string> frames = {
        "* 1 FETCH (UID 7 ENVELOPE (NIL {11}\r\nsubject (x) ((NIL NIL \"g\" NIL)(\"A\" NIL \"a\" "
        "\"h\")(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL))\r\n",
        "* 2 FETCH (BINARY[1] ~{3}\r\n\0\1\2 BODY[HEADER.FIELDS (FROM \"TO\")]<0> {4}\r\nab)c)\r\n"s,
        "* 3 FETCH (X-GM-LABELS (\"\\\\Inbox\" [Gmail]/Sent) X-GM-MSGID 12 FLAGS (\\Seen a]b))\r\n",
        "* 4 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1)(\"message\" \"rfc822\" "
        "NIL NIL NIL \"7bit\" 9 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) (\"text\" \"html\" "
        "(\"a\" \"b\") NIL NIL \"8bit\" 3 1) 4)(\"image\" \"png\" () NIL NIL \"base64\" 5) \"mixed\" "
        "(\"boundary\" \"x\") (\"inline\" NIL) (\"en\" \"de\") \"loc\" (1 (2 \"x\")) 7))\r\n",
        "* 5 FETCH (BODY (\"text\" \"plain\"(\"a\" \"b\")NIL NIL \"7bit\" 1 1) UID 9)\r\n",
        "* 6 FETCH ()\r\n",
        "* 7 FETCH (  UID 1  FLAGS ( \\Seen ) )  \r\n",
        // "[" in a token: closed ("X-B[a\"b]", a name), or not ("74[:'e", a generic value)
        "* 8 FETCH (X-A (a\"b\" 74[:'e(a9)) X-B[a\"b] 1 X-C 74[:'ea9)\r\n",
        // a name the byte reading stops at ("{2}" is no token)
        "* 9 FETCH (BODYK [METADATA TOOMA[1] {2}\r\nxy)\r\n",
        // a bracket the grammar closes and the tokens do not: a list left open
        "* 10 FETCH (BOD1[1abc\" )BODY1[1] {2}\r\nxy)\r\n",
        "* LIST (\\HasNoChildren) \"/\" {5}\r\nA b c (CHILDINFO (\"SUBSCRIBED\"))\r\n",
        "* STATUS \"a (b)\" (MESSAGES 3 X-GUID abc UIDNEXT 4)\r\n",
        "* XSTATE 1 (a (b \"c)\") {2}\r\n)(\r\n",
        "* NAMESPACE ((\"\" \"/\" \"X\" (\"a\" \"b\"))) NIL ((\"#shared/\" \"/\"))\r\n",
        "* ESEARCH (TAG \"a1\") UID COUNT 3 ALL 1:3,5 MODSEQ 9\r\n",
        "* THREAD (2)(3 6 (4 23)(44 7 96))\r\n",
    };
    const std::filesystem::path seeds =
        std::filesystem::path(IMAPLIB_TEST_SOURCE_DIR) / "fuzz" / "corpus" / "grammar";
    for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
        std::ifstream in(entry.path(), std::ios::binary);
        frames.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return frames;
}

}  // namespace

TEST_CASE("a value index gives the views the same values as the bytes", "[grammar][index]") {
    const std::vector<std::string> frames = index_frames();
    REQUIRE(frames.size() > 100);
    g::value_index index;
    std::size_t compared = 0, indexed = 0;
    for (const std::string& frame : frames) {
        for (const bool strict : {false, true}) {
            INFO(frame);
            const g::parse_options opts = strict ? strict_opts() : g::parse_options{};
            g::response_view bytes, fast;
            std::error_code ec_bytes, ec_fast;
            const bool ok = g::parse_response(frame, bytes, ec_bytes, opts);
            REQUIRE(g::parse_response(frame, fast, index, ec_fast, opts) == ok);
            CHECK(ec_fast == ec_bytes);
            if (!ok) {
                CHECK(index.empty());
                continue;
            }
            CHECK_FALSE(bytes.indexed());
            // Indexed unless a status response (nothing to index) or a list the tokens
            // leave open (then the views read the bytes).
            if (fast.data() == g::data_kind::none) CHECK_FALSE(fast.indexed());
            indexed += fast.indexed();
            ++compared;
            CHECK(imaplib_test::view_dump::of(fast) == imaplib_test::view_dump::of(bytes));
        }
    }
    CHECK(compared > 150);
    CHECK(indexed > 100);
}

TEST_CASE("the FETCH fast path accepts only what the grammar accepts, with the same views",
          "[grammar][index]") {
    // parse_response with an index runs the grammar over the index it builds for FETCH
    // responses (tape_state) and leaves everything else to the plain parse. Every seed, and
    // every seed with one byte replaced, deleted or a space put before it, in both modes:
    // whatever the fast path takes, the grammar accepts, and the views read the same.
    const std::vector<std::string> seeds = index_frames();
    g::value_index index;
    std::size_t checked = 0, taken = 0;
    const auto check = [&](const std::string& frame) {
        for (const bool strict : {false, true}) {
            const g::parse_options opts = strict ? strict_opts() : g::parse_options{};
            g::response_view fast, plain;
            bool indexed = false;
            ++checked;
            if (!g::detail::parse_fetch_indexed(frame, fast, index, opts, indexed)) continue;
            ++taken;
            std::error_code ec;
            if (!g::parse_response(frame, plain, ec, opts) ||
                imaplib_test::view_dump::of(fast) != imaplib_test::view_dump::of(plain))
                FAIL_CHECK(frame);
        }
    };
    for (const std::string& seed : seeds) {
        check(seed);
        for (std::size_t i = 0; i < seed.size(); ++i) {
            std::string frame = seed;
            for (const char c : {' ', '(', ')', '"', '\\', '0', 'x', '\r', '\0'}) {
                frame[i] = c;
                check(frame);
            }
            frame = seed;
            check(frame.erase(i, 1));
            frame = seed;
            check(frame.insert(i, 1, ' '));
        }
    }
    CHECK(checked > 200000);
    CHECK(taken > 1000);
}

TEST_CASE("the FETCH fast path takes FETCH responses and leaves the rest to the grammar",
          "[grammar][index]") {
    g::value_index index;
    g::response_view r;
    std::error_code ec;
    const auto fast = [&](const std::string& frame, const g::parse_options& opts = {}) {
        bool indexed = false;
        return g::detail::parse_fetch_indexed(frame, r, index, opts, indexed);
    };
    SECTION("a header sync's responses") {
        for (const std::string& frame : std::vector<std::string>{
                 "* 1 FETCH (UID 4 FLAGS (\\Seen $Forwarded) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
                 "RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" {11}\r\n"
                 "a \"subject\" ((\"Terry \\\"T\\\" Gray\" NIL \"gray\" \"cac.washington.edu\")) NIL NIL "
                 "((NIL NIL \"imap\" \"cac.washington.edu\")) NIL NIL NIL \"<B27397-0100000@cac>\") "
                 "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n",
                 "* 2 FETCH (MODSEQ (12) UID 9 BODY ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1 NIL "
                 "(\"inline\" NIL) NIL NIL)(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 9 (NIL NIL NIL "
                 "NIL NIL NIL NIL NIL NIL NIL) (\"image\" \"png\" NIL NIL NIL \"base64\" 5 NIL NIL NIL "
                 "NIL) 4) \"mixed\" (\"boundary\" \"x\") NIL (\"en\" \"de\") \"loc\" (1 (2 \"x\") ()) 7))\r\n",
                 "* 4 FETCH (UID 5 BODY[HEADER.FIELDS (FROM TO)] {5}\r\nhello RFC822.HEADER NIL "
                 "BODY[1.2.MIME]<10> \"x\" BINARY[1] ~{3}\r\na\0c BINARY.SIZE[2] 77 PREVIEW \"hi\" "
                 "EMAILID (M6d99ac3275bb4e) THREADID NIL)\r\n"s,
                 "* 3 FETCH (FLAGS ())\r\n"}) {
            INFO(frame);
            CHECK(fast(frame));
            CHECK(fast(frame, strict_opts()));
            CHECK(r.indexed());
            CHECK(r.data() == g::data_kind::fetch);
        }
        CHECK(r.number() == 3);
    }
    SECTION("the tolerances: taken as the grammar takes them, in each mode") {
        // The fast path is the grammar's own rules over the index, so what one mode of
        // the grammar accepts, the fast path of that mode takes.
        for (const std::string frame : {
                 "* 1 FETCH (uid 4)\r\n",                       // keywords in lower case
                 "* 1 FETCH (UID 4  FLAGS ())\r\n",               // two spaces
                 "* 1 FETCH ()\r\n",                             // no items (Exchange)
                 "* 1 FETCH (X-GM-MSGID 5 UID 4)\r\n",           // an unknown item
                 "* 1 FETCH (ANNOTATION (/comment (value.priv \"x\")))\r\n",  // kept generic
                 "* 1 FETCH (BODY (\"text\" \"plain\" () NIL NIL \"7bit\" 1 1))\r\n",  // "()"
                 "* 1 FETCH (BODY (\"image\" \"png\" NIL NIL NIL NIL 1))\r\n",  // NIL encoding
                 "* 1 FETCH (ENVELOPE (NIL \"a\\x\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n",  // odd escape
                 "* 1 FETCH (ENVELOPE ( NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL ))\r\n",  // spaces inside
             }) {
            INFO(frame);
            CHECK(fast(frame));
            CHECK(r.indexed());
            g::response_view plain;
            const bool strict = g::parse_response(frame, plain, ec, strict_opts());
            CHECK(fast(frame, strict_opts()) == strict);
        }
        CHECK_FALSE(fast("* 1 FETCH (UID 4  FLAGS ())\r\n", strict_opts()));
        CHECK(fast("* 1 FETCH (uid 4)\r\n", strict_opts()));
    }
    SECTION("other frames: the grammar decides") {
        const std::string frame = "* 1 FETCH (UID 4) \r\n";  // a space before CRLF
        CHECK_FALSE(fast(frame));
        CHECK(g::parse_response(frame, r, index, ec));  // tolerant mode takes it
        CHECK(r.indexed());
        CHECK_FALSE(fast("* 01 FETCH (UID 4)\r\n"));  // no nz-number
        CHECK(fast("* 1 FETCH (UID 4)\r\n"));
    }
    SECTION("limits: the grammar reports them") {
        const std::string nested =
            "* 1 FETCH (BODY (((\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1) \"mixed\") \"mixed\"))\r\n";
        g::parse_options opts;
        CHECK(fast(nested, opts));
        opts.limits.max_depth = 2;
        CHECK_FALSE(fast(nested, opts));
        CHECK_FALSE(g::parse_response(nested, r, index, ec, opts));
        CHECK(ec == imaplib::errc::nesting_too_deep);

        const std::string literal = "* 1 FETCH (ENVELOPE (NIL {5}\r\nhello NIL NIL NIL NIL NIL NIL NIL NIL))\r\n";
        opts = {};
        CHECK(fast(literal, opts));
        opts.limits.max_literal = 4;
        CHECK_FALSE(fast(literal, opts));
        CHECK_FALSE(g::parse_response(literal, r, index, ec, opts));
        CHECK(ec == imaplib::errc::literal_too_large);

        opts = {};
        opts.limits.max_line = 20;
        CHECK_FALSE(fast(nested, opts));
        CHECK_FALSE(g::parse_response(nested, r, index, ec, opts));
        CHECK(ec == imaplib::errc::line_too_long);
    }
}

TEST_CASE("the grammar over an index counts lines as the byte parse does", "[grammar][index]") {
    // A literal's data ends a line (limits::max_line counts from there), whichever rule
    // takes the literal from the index: here nstring, in an envelope.
    const std::string frame = "* 1 FETCH (ENVELOPE (NIL {3}\r\nabc NIL NIL NIL NIL NIL NIL NIL {3}\r\nxyz))\r\n";
    for (const std::size_t max_line : {std::size_t{40}, std::size_t{30}, std::size_t{20}}) {
        INFO(max_line);
        g::parse_options opts;
        opts.limits.max_line = max_line;
        std::error_code ec;
        g::response_view plain;
        const bool bytes = g::parse_response(frame, plain, ec, opts);
        g::value_index index;
        const std::size_t payload = frame.find('(');
        REQUIRE(index.build(frame, std::string_view(frame).substr(payload, frame.size() - 2 - payload)));
        g::detail::tape_state s(frame, opts, index.begin(), index.end(), index.regular_strings());
        s.cur += payload;
        const bool walked = g::detail::invoke<g::msg_att>(s) && !s.failed_hard() && s.cur == s.end - 2;
        CHECK(walked == bytes);
        CHECK(s.failed_hard() == (ec == imaplib::errc::line_too_long));
    }
}

namespace {

// Each value rule's `takes` against its byte rule, over every entry of a frame's index:
// whenever the index says the rule takes an entry, the byte rule at the entry's first
// byte matches exactly its bytes. The walk over runs of values (grammar/lexical.hpp)
// steps over such entries without running the rule.
struct takes_check {
    const std::string& frame;
    const g::parse_options& opts;
    const g::detail::tape_state& s;
    std::size_t taken = 0;

    template <class R>
    void rule(const g::detail::index_entry* v) {
        static_assert(g::detail::takes_value<R>::value);
        if (!g::detail::value_taken<R>(s, v)) return;
        ++taken;
        g::detail::state bytes(frame, opts);
        bytes.track = false;
        bytes.cur += v->begin;
        const bool ok = R::match(bytes) && !bytes.failed_hard();
        if (!ok || bytes.cur != bytes.begin + v->end) FAIL_CHECK(g::detail::name_of<R>::value << " at " << v->begin);
    }
    template <class... R>
    void rules(const g::detail::index_entry* v) {
        (rule<R>(v), ...);
    }
};

}  // namespace

TEST_CASE("a value rule takes from the index exactly what its byte rule takes", "[grammar][index]") {
    // The choices of value rules take values too (body_fld_octets is NIL or a number);
    // a rule of several values does not.
    static_assert(g::detail::takes_value<g::body_fld_octets>::value);
    static_assert(g::detail::takes_value<g::addr_name>::value);
    static_assert(!g::detail::takes_value<g::body_fld_param>::value);
    static_assert(!g::detail::takes_value<g::address>::value);
    std::vector<std::string> frames = index_frames();
    // Values at the edges of each rule: leading zeros, 32 and 64 bits and one more, NIL in
    // any case, odd escapes, a NUL in a literal and in a literal8.
    frames.push_back(
        "* 1 X (0 007 1 4294967295 4294967296 9223372036854775807 9223372036854775808 "
        "18446744073709551616 NIL nil Nil \"\" \"a\\\\b\" {3}\r\nabc ~{3}\r\na\0c {3}\r\na\0c 12abc abc "
        "\"odd\\x\" \"\\\"\")\r\n"s);
    std::size_t taken = 0;
    for (const std::string& frame : frames) {
        if (frame.size() < 4 || frame.compare(frame.size() - 2, 2, "\r\n") != 0) continue;
        for (const bool strict : {false, true}) {
            INFO(frame << (strict ? " (strict)" : ""));
            const g::parse_options opts = strict ? strict_opts() : g::parse_options{};
            g::value_index index;
            if (!index.build(frame, std::string_view(frame).substr(0, frame.size() - 2))) continue;
            g::detail::tape_state s(frame, opts, index.begin(), index.end(), index.regular_strings());
            takes_check check{frame, opts, s};
            for (const g::detail::index_entry* v = index.begin(); v != index.end(); ++v)
                check.rules<g::quoted, g::literal, g::literal8, g::string, g::nstring, g::astring,
                            g::lax_string, g::nil, g::number, g::nz_number, g::number64, g::nz_number64,
                            g::body_fld_octets, g::body_fld_lines>(v);
            taken += check.taken;
        }
    }
    CHECK(taken > 5000);
}

TEST_CASE("a value index is bounded and reused", "[grammar][index]") {
    const std::string big = "* 1 FETCH (UID 5 FLAGS (\\Seen a b c d e f g h))\r\n";
    const std::string small = "* 2 FETCH (UID 6)\r\n";
    g::response_view plain, fast;
    std::error_code ec;
    REQUIRE(g::parse_response(big, plain, ec));

    SECTION("more values than max_entries: the views read the bytes") {
        g::value_index index(8);
        REQUIRE(g::parse_response(big, fast, index, ec));
        CHECK_FALSE(fast.indexed());
        CHECK(index.empty());
        CHECK(imaplib_test::view_dump::of(fast) == imaplib_test::view_dump::of(plain));
        REQUIRE(g::parse_response(small, fast, index, ec));  // 3 values fit
        CHECK(fast.indexed());
        CHECK(index.size() == 3);
        CHECK(fast.as_fetch().uid() == 6u);
    }
    SECTION("one index, one response after another") {
        g::value_index index;
        REQUIRE(g::parse_response(big, fast, index, ec));
        CHECK(index.size() == 14);
        CHECK(imaplib_test::view_dump::of(fast) == imaplib_test::view_dump::of(plain));
        REQUIRE(g::parse_response(small, fast, index, ec));
        CHECK(index.size() == 3);
        CHECK(fast.as_fetch().uid() == 6u);
        CHECK(fast.as_fetch().size() == 1);
        // A response that does not parse leaves nothing behind.
        CHECK_FALSE(g::parse_response("* 3 FETCH (UID x)\r\n", fast, index, ec));
        CHECK(index.empty());
        // A status response has no values to index.
        REQUIRE(g::parse_response("a1 OK done\r\n", fast, index, ec));
        CHECK_FALSE(fast.indexed());
    }
}

TEST_CASE("the parse that records no failures accepts exactly what the recording one does",
          "[grammar][errors]") {
    // parse_response runs without failure records first and again with them only when the
    // frame fails; the productions with a fused match (string, nstring, astring,
    // lax_string) take it only in the first. Every seed, and every seed with each byte
    // replaced by one of a few that matter to strings, must get the same answer both ways.
    const std::vector<std::string> frames = index_frames();
    const auto accepts = [](const std::string& frame, bool strict, bool track) {
        g::parse_options o;
        if (strict) o.strictness = g::mode::strict;
        g::detail::state s(frame, o);
        s.track = track;
        return g::detail::run<g::response>(s);
    };
    std::size_t checked = 0, accepted = 0;
    for (const std::string& seed : frames) {
        for (std::size_t i = 0; i <= seed.size(); ++i) {
            for (const char c : {'"', 'N', '{', 'x'}) {
                std::string frame = seed;
                if (i < seed.size()) frame[i] = c;
                for (const bool strict : {false, true}) {
                    const bool fast = accepts(frame, strict, false);
                    if (fast != accepts(frame, strict, true)) FAIL_CHECK(frame);
                    ++checked;
                    accepted += fast;
                }
                if (i == seed.size()) break;
            }
        }
    }
    CHECK(checked > 100000);
    CHECK(accepted > 1000);
}

TEST_CASE("a bare token ends where the byte loop says, 16 bytes at a time or not", "[grammar][index]") {
    // Fewer than 16 bytes always take the byte loop; the same bytes followed by spaces
    // may take the 16-byte step. Both must end the token at the same byte and agree on
    // whether it is all digits, whatever bytes come (brackets, stops, NUL, 8-bit).
    const char alphabet[] = {'0', '7', '9', 'a', 'Z', '.', '[', ']', ' ', '(', ')', '"',
                             '{', '}', '\r', '\n', '\\', '\0', '\xff', '/', '*'};
    std::uint64_t seed = 0x2545f4914f6cdd1dull;
    std::size_t fast = 0;
    for (int round = 0; round < 200000; ++round) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::string s(seed % 16, ' ');
        for (std::size_t i = 0; i < s.size(); ++i) s[i] = alphabet[(seed >> (4 + 3 * i)) % sizeof alphabet];
        const std::string padded = s + std::string(16, ' ');
        for (const bool start_digits : {true, false}) {
            bool d1 = start_digits, d2 = start_digits;
            const char *u1 = nullptr, *u2 = nullptr;
            const char* e1 = g::detail::skip_token(s.data(), s.data() + s.size(), d1, u1);
            const char* e2 = g::detail::skip_token(padded.data(), padded.data() + padded.size(), d2, u2);
            INFO(s);
            REQUIRE(e1 - s.data() == e2 - padded.data());
            REQUIRE(d1 == d2);
        }
        std::size_t len = 0;
        bool digits = true;
        fast += g::detail::token_in_block(padded.data(), padded.data() + padded.size(), len, digits);
    }
    if (!g::detail::have_simd) return;  // the byte loop alone: nothing more to compare
    CHECK(fast > 100000);  // the 16-byte step was taken, not only the byte loop
    std::size_t len = 99;
    bool digits = true;
    const std::string bracket = "BODY[HEADER.FIELDS (A B)] ";
    CHECK_FALSE(g::detail::token_in_block(bracket.data(), bracket.data() + bracket.size(), len, digits));
    CHECK(len == 99);
    const std::string number = "4294967295 x            ";
    REQUIRE(g::detail::token_in_block(number.data(), number.data() + number.size(), len, digits));
    CHECK(len == 10);
    CHECK(digits);
}

TEST_CASE("tokens with an unclosed bracket are read in linear time, both ways", "[grammar][index][limits]") {
    // A generic value may hold "[" without "]" (`a[b`). Each such "[" could look ahead for
    // its "]" to the end of the list: 100,000 of them would be 10^10 steps. The scan's
    // result is shared by the walk, so each byte is looked at a bounded number of times.
    constexpr std::size_t n = 100000;
    std::string frame = "* 1 FETCH (X-A (";
    for (std::size_t i = 0; i < n; ++i) frame += "[a ";
    frame += "x) UID 5)\r\n";
    g::response_view bytes, fast;
    g::value_index index(4 * n);
    std::error_code ec;
    REQUIRE(g::parse_response(frame, bytes, ec));
    REQUIRE(g::parse_response(frame, fast, index, ec));
    REQUIRE(fast.indexed());
    for (const g::response_view* r : {&bytes, &fast}) {
        const g::fetch_view f = r->as_fetch();
        CHECK(f.uid() == 5u);
        const g::value_range values = f.find("X-A").val.items();
        std::size_t count = 0, tokens = 0;
        for (const g::value& v : values) {
            ++count;
            tokens += v.raw() == "[a";
        }
        CHECK(count == n + 1);
        CHECK(tokens == n);
    }
}
