// CONDSTORE / QRESYNC (RFC 7162) against a scripted server: what Dovecot never does
// (no CONDSTORE, malformed VANISHED, MODIFIED and HIGHESTMODSEQ, huge sets) and the exact
// bytes of the commands. What Dovecot does is in ext_sync_integration_test.cpp.
#include <imaplib/imaplib.hpp>

#include "support/script_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using imaplib::test::scenario;
using imaplib::test::script_server;
using client = imaplib::basic_imap4<imaplib::tcp_transport>;

constexpr auto quick = std::chrono::milliseconds(3000);

scenario ready(std::string_view capabilities) {
    scenario s;
    s.send("* PREAUTH ready\r\n")
        .expect("CAPABILITY")
        .send("* CAPABILITY IMAP4rev1 " + std::string(capabilities) + "\r\n$ OK done\r\n");
    return s;
}

// The select responses of a CONDSTORE mailbox, then `extra` and the tagged OK.
std::string selected(std::string_view extra, std::string_view code = "[READ-WRITE]") {
    return "* 5 EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen \\Deleted)\r\n"
           "* OK [PERMANENTFLAGS (\\Seen \\Deleted \\*)] ok\r\n* OK [UIDVALIDITY 7] ok\r\n"
           "* OK [UIDNEXT 9] ok\r\n" +
           std::string(extra) + "$ OK " + std::string(code) + " selected\r\n";
}

void connect(client& M, const script_server& server) {
    std::error_code ec;
    M.connect("127.0.0.1", server.port(), quick, ec);
    REQUIRE_FALSE(ec);
}

imaplib::select_params condstore() {
    imaplib::select_params p;
    p.condstore = true;
    return p;
}

}  // namespace

TEST_CASE("ext_sync: select with a parameter list goes as imaplib sends it", "[hostile][sync]") {
    scenario sc = ready("CONDSTORE");
    sc.expect("SELECT INBOX (CONDSTORE)")
        .send(selected("* OK [HIGHESTMODSEQ 12] ok\r\n"))
        .expect("EXAMINE \"My Box\" (QRESYNC (7 12))")
        .send(selected("", "[READ-ONLY]"))
        .expect("SELECT \"Old (archive)\"")
        .send("$ NO no such mailbox\r\n")
        .expect("SELECT \"x\" (condstore)")
        .send(selected(""));
    script_server server(sc);
    REQUIRE(server.ok());
    client M;
    connect(M, server);
    CHECK(M.select("INBOX (CONDSTORE)").typ == "OK");
    CHECK(M.response("HIGHESTMODSEQ").data.at(0).bytes() == "12");
    // Unquoted with a space: the mailbox is quoted, the list kept (imaplib would send both bare).
    CHECK(M.select("My Box (QRESYNC (7 12))", true).typ == "OK");
    CHECK(M.select("Old (archive)").typ == "NO");
    CHECK(M.select("\"x\" (condstore)").typ == "OK");
    CHECK(server.errors().empty());
}

TEST_CASE("ext_sync: typed SELECT with QRESYNC sends the parameters and reads the changes", "[hostile][sync]") {
    scenario sc = ready("CONDSTORE QRESYNC");
    sc.expect("SELECT \"My Box\" (QRESYNC (7 100 1:5 (1:3 1,3,5)))")
        .send(selected("* OK [HIGHESTMODSEQ 120] ok\r\n* VANISHED (EARLIER) 2,4:5\r\n"
                       "* 1 FETCH (UID 1 FLAGS (\\Seen NonJunk) MODSEQ (110))\r\n"
                       "* 3 FETCH (UID 7 MODSEQ (119) FLAGS ())\r\n"));
    script_server server(sc);
    REQUIRE(server.ok());
    client M;
    connect(M, server);
    imaplib::select_params p;
    p.qresync.emplace();
    p.qresync->uidvalidity = 7;
    p.qresync->modseq = 100;
    p.qresync->known_uids.add(1, 5);
    p.qresync->known_sequence_set.add(1, 3);
    for (std::uint32_t u : {1u, 3u, 5u}) p.qresync->known_uid_set.add(u);
    std::error_code ec;
    const imaplib::select_result r = M.select("My Box", p, ec);
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    CHECK(imaplib::python_repr(r.data) == "[b'5']");
    CHECK(r.exists == 5u);
    CHECK(r.recent == 0u);
    CHECK(r.uidvalidity == 7u);
    CHECK(r.uidnext == 9u);
    CHECK(r.highestmodseq == 120u);
    CHECK(r.flags == std::vector<std::string>{"\\Seen", "\\Deleted"});
    CHECK(r.permanentflags == std::vector<std::string>{"\\Seen", "\\Deleted", "\\*"});
    CHECK(r.vanished.to_string() == "2,4:5");
    REQUIRE(r.fetches.size() == 2);
    CHECK(r.fetches[0].seq == 1);
    CHECK(r.fetches[0].uid == 1);
    CHECK(r.fetches[0].modseq == 110u);
    CHECK(*r.fetches[0].flags == std::vector<std::string>{"\\Seen", "NonJunk"});
    CHECK(r.fetches[1].uid == 7);
    CHECK(r.fetches[1].flags->empty());
    CHECK(server.errors().empty());
}

TEST_CASE("ext_sync: without CONDSTORE or QRESYNC nothing is sent but CAPABILITY", "[hostile][sync]") {
    scenario sc = ready("IDLE");
    sc.expect("CAPABILITY").send("* CAPABILITY IMAP4rev1 IDLE\r\n$ OK done\r\n");
    sc.expect("CAPABILITY").send("* CAPABILITY IMAP4rev1 IDLE\r\n$ OK done\r\n");
    sc.expect("CAPABILITY").send("* CAPABILITY IMAP4rev1 IDLE\r\n$ OK done\r\n");
    sc.expect("CAPABILITY").send("* CAPABILITY IMAP4rev1 CONDSTORE\r\n$ OK done\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    client M;
    connect(M, server);
    std::error_code ec;
    M.select("INBOX", condstore(), ec);
    CHECK(ec == imaplib::errc::capability_missing);
    CHECK(M.error_message() == "Server does not support CONDSTORE");
    imaplib::select_params q;
    q.qresync.emplace();
    q.qresync->uidvalidity = 1;
    q.qresync->modseq = 1;
    CHECK_THROWS_AS(M.examine("INBOX", q), imaplib::error);
    M.uid_store_unchangedsince("1", 5, "+FLAGS", "\\Seen", ec);
    CHECK(ec == imaplib::errc::capability_missing);
    // The capabilities are asked again each time; CONDSTORE alone does not do for VANISHED.
    M.uid_fetch_changedsince("1:*", 5, true, ec);
    CHECK(ec == imaplib::errc::capability_missing);
    CHECK(server.received().find("SELECT") == std::string::npos);
    CHECK(server.received().find("EXAMINE") == std::string::npos);
    CHECK(server.received().find("STORE") == std::string::npos);
    CHECK(server.received().find("FETCH") == std::string::npos);
    // Arguments are checked before anything is sent.
    q.qresync->modseq = 0;
    M.examine("INBOX", q, ec);
    CHECK(ec == imaplib::errc::invalid_argument);
    M.uid_fetch_changedsince("1:*\r\nA1 LOGOUT", 5, false, ec);
    CHECK(ec == imaplib::errc::invalid_argument);
}

TEST_CASE("ext_sync: malformed HIGHESTMODSEQ and VANISHED are parse errors, the connection stays", "[hostile][sync]") {
    scenario sc = ready("CONDSTORE QRESYNC");
    sc.expect("SELECT").send(selected("* OK [HIGHESTMODSEQ abc] ok\r\n"));
    sc.expect("SELECT").send(selected("* OK [HIGHESTMODSEQ 99999999999999999999] ok\r\n"));
    sc.expect("SELECT").send(selected("* OK [HIGHESTMODSEQ 9223372036854775808] ok\r\n"));
    sc.expect("SELECT").send(selected("* OK [NOMODSEQ] ok\r\n"));
    sc.expect("NOOP").send("* VANISHED 3:x\r\n$ OK done\r\n");
    sc.expect("NOOP").send("* VANISHED 0:4\r\n$ OK done\r\n");
    sc.expect("NOOP").send("* VANISHED *\r\n$ OK done\r\n");
    sc.expect("NOOP").send("* VANISHED (EARLIER)\r\n$ OK done\r\n");
    sc.expect("NOOP").send("* VANISHED 1:4294967295\r\n* VANISHED 7\r\n$ OK done\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    client M;
    connect(M, server);
    std::error_code ec;
    for (int i = 0; i < 3; ++i) {
        M.select("INBOX", condstore(), ec);
        CHECK(ec == imaplib::errc::parse_error);
    }
    const imaplib::select_result none = M.select("INBOX", condstore(), ec);
    REQUIRE_FALSE(ec);
    CHECK(none.nomodseq);
    CHECK_FALSE(none.highestmodseq);
    for (int i = 0; i < 4; ++i) {
        REQUIRE(M.noop().typ == "OK");
        const imaplib::sequence_set bad = M.vanished(ec);
        CHECK(ec == imaplib::errc::parse_error);
        CHECK(bad.empty());
    }
    // The widest set is one range, not four billion numbers.
    REQUIRE(M.noop().typ == "OK");
    const imaplib::sequence_set all = M.vanished(ec);
    REQUIRE_FALSE(ec);
    CHECK(all.ranges().size() == 1);
    CHECK(all.size() == 4294967295u);
    CHECK(server.errors().empty());
}

TEST_CASE("ext_sync: MODIFIED lists, good and bad", "[hostile][sync]") {
    scenario sc = ready("CONDSTORE QRESYNC");
    sc.expect("SELECT").send(selected("* OK [HIGHESTMODSEQ 50] ok\r\n"));
    sc.expect("UID STORE 1:9 (UNCHANGEDSINCE 50) +FLAGS (\\Seen)")
        .send("* 4 FETCH (UID 5 MODSEQ (51) FLAGS (\\Seen))\r\n$ OK [MODIFIED 7,9] Conditional STORE failed\r\n");
    sc.expect("UID STORE").send("$ OK [MODIFIED 7,,9] bad\r\n");
    sc.expect("UID STORE").send("$ OK [MODIFIED 0] bad\r\n");
    sc.expect("UID STORE").send("* 4 FETCH (UID 5 MODSEQ (abc))\r\n$ OK done\r\n");
    sc.expect("UID STORE").send("$ NO [MODIFIED 2] not stored\r\n");
    sc.expect("UID FETCH 1:* (UID FLAGS MODSEQ) (CHANGEDSINCE 50 VANISHED)")
        .send("* VANISHED (EARLIER) 2:3\r\n* 4 FETCH (UID 5 MODSEQ (51) FLAGS (\\Seen))\r\n$ OK done\r\n");
    sc.expect("UID FETCH").send("* VANISHED (EARLIER) 2:3,\r\n$ OK done\r\n");
    sc.expect("NOOP").send("$ OK done\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    client M;
    connect(M, server);
    std::error_code ec;
    M.select("INBOX", condstore(), ec);
    REQUIRE_FALSE(ec);
    const imaplib::store_result r = M.uid_store_unchangedsince("1:9", 50, "+FLAGS", "\\Seen", ec);
    REQUIRE_FALSE(ec);
    CHECK(r.modified.to_string() == "7,9");
    REQUIRE(r.messages.size() == 1);
    CHECK(r.messages[0].uid == 5);
    CHECK(r.messages[0].modseq == 51u);
    for (int i = 0; i < 3; ++i) {
        M.uid_store_unchangedsince("1", 50, "+FLAGS", "\\Seen", ec);
        CHECK(ec == imaplib::errc::parse_error);
    }
    const imaplib::store_result no = M.uid_store_unchangedsince("2", 50, "+FLAGS", "\\Seen", ec);
    REQUIRE_FALSE(ec);
    CHECK(no.typ == "NO");
    CHECK(no.modified.empty());
    const imaplib::changes_result c = M.uid_fetch_changedsince("1:*", 50, true, ec);
    REQUIRE_FALSE(ec);
    CHECK(c.vanished.to_string() == "2:3");
    REQUIRE(c.messages.size() == 1);
    CHECK(c.messages[0].uid == 5);
    M.uid_fetch_changedsince("1:*", 50, true, ec);
    CHECK(ec == imaplib::errc::parse_error);
    CHECK(M.noop(ec).typ == "OK");
}

TEST_CASE("ext_sync: a VANISHED of 100000 parts is parsed in one pass", "[hostile][sync]") {
    std::string parts;
    for (std::uint32_t i = 0; i < 100000; ++i) parts += (i ? "," : "") + std::to_string(2 * i + 1);
    scenario sc = ready("CONDSTORE QRESYNC");
    sc.expect("NOOP").send("* VANISHED " + parts + "\r\n$ OK done\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    client M;
    connect(M, server);
    REQUIRE(M.noop().typ == "OK");
    const auto start = std::chrono::steady_clock::now();
    const imaplib::sequence_set gone = M.vanished();
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(gone.ranges().size() == 100000);
    CHECK(gone.contains(199999));
    CHECK_FALSE(gone.contains(2));
    CHECK(took < std::chrono::seconds(5));  // generous: not quadratic
}
