// The typed queries (engine/query.hpp) against scripted servers: the extensions Dovecot
// 2.3.19 lacks (CREATE-SPECIAL-USE, UNAUTHENTICATE, OBJECTID, STATUS DELETED), what it
// never sends (ESEARCH correlators of other commands, OLDNAME, a 6-million-UID ALL) and
// malformed responses: bad ESEARCH sets, bad CHILDINFO, METADATA values past the literal
// bound. What Dovecot has is verified against it in tests/ext_query_integration_test.cpp.
#include <imaplib/engine/query.hpp>

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/tcp.hpp>

#include "support/allocation_counter.hpp"
#include "support/run_both.hpp"
#include "support/script_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using imaplib::errc;
using imaplib::test::memory_peer;
using imaplib::test::run_both;
using imaplib::test::scenario;

constexpr auto quick = std::chrono::milliseconds(3000);

// Authenticated (PREAUTH) with `caps`; with `selected`, INBOX selected.
scenario ready(const std::string& caps, bool selected = false) {
    scenario s;
    s.send("* PREAUTH ready\r\n").expect("CAPABILITY").send("* CAPABILITY IMAP4rev1 " + caps + "\r\n$ OK done\r\n");
    if (selected) s.expect("SELECT").send("* 3 EXISTS\r\n$ OK [READ-WRITE] done\r\n");
    return s;
}

template <class Client, class Peer>
void open(Client& M, Peer& peer, bool selected = false) {
    std::error_code ec;
    M.connect("127.0.0.1", peer.port(), quick, ec);
    REQUIRE_FALSE(ec);
    if (selected) {
        M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
    }
}

bool sent(const std::string& received, std::string_view text) { return received.find(text) != std::string::npos; }

}  // namespace

TEST_CASE("ext query: ESEARCH typed, the correlator picks this command's data", "[hostile][query]") {
    scenario sc = ready("ESEARCH SEARCHRES", true);
    sc.expect("SEARCH RETURN (MIN MAX ALL COUNT) UNSEEN")
        .send("* ESEARCH (TAG \"other\") MIN 99 COUNT 1\r\n"
              "* ESEARCH (TAG \"$\") MIN 2 MAX 40 ALL 2,4:7,40 COUNT 6\r\n$ OK done\r\n")
        .expect("UID SEARCH RETURN (SAVE) DELETED")
        .send("$ OK saved\r\n")
        .expect("UID FETCH $ (FLAGS)")
        .send("$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer, true);
        std::error_code ec;
        using imaplib::search_return;
        const imaplib::esearch_result r = M.esearch(
            search_return::min | search_return::max | search_return::all | search_return::count, {"UNSEEN"}, ec);
        REQUIRE_FALSE(ec);
        CHECK(r.typ == "OK");
        CHECK_FALSE(r.uid);
        CHECK(r.min == 2u);
        CHECK(r.max == 40u);
        CHECK(r.count == 6u);
        CHECK(r.all.to_string() == "2,4:7,40");
        CHECK(r.all.size() == 6u);
        // SAVE alone: no ESEARCH response (RFC 5182 section 2.1), `$` names the result.
        const imaplib::esearch_result saved = M.uid_esearch(search_return::save, {"DELETED"}, ec);
        REQUIRE_FALSE(ec);
        CHECK(saved.typ == "OK");
        CHECK_FALSE(saved.count);
        CHECK(saved.all.empty());
        M.uid("FETCH", "$", "(FLAGS)", ec);
        CHECK_FALSE(ec);
    });
}

TEST_CASE("ext query: a 6-million-UID ALL stays one range, 100000 ranges stay 800 kB", "[hostile][query]") {
    std::string many = "* ESEARCH (TAG \"$\") UID COUNT 100000 ALL ";
    for (std::uint32_t i = 0; i < 100000; ++i) {
        if (i) many += ',';
        many += std::to_string(2 * i + 1);
    }
    many += "\r\n$ OK done\r\n";
    scenario sc = ready("ESEARCH", true);
    sc.expect("UID SEARCH RETURN (ALL COUNT) ALL")
        .send("* ESEARCH (TAG \"$\") UID ALL 1:6000000 COUNT 6000000\r\n$ OK done\r\n")
        .expect("UID SEARCH RETURN (ALL COUNT) ALL")
        .send(many);
    memory_peer peer(sc);
    imaplib::basic_imap4<imaplib::memory_transport> M(peer.transport());
    open(M, peer, true);
    using imaplib::search_return;
    std::error_code ec;
    std::size_t peak = 0;
    {
        imaplib::test::allocation_probe probe;
        const imaplib::esearch_result r = M.uid_esearch(search_return::all | search_return::count, {"ALL"}, ec);
        peak = probe.peak();
        REQUIRE_FALSE(ec);
        CHECK(r.uid);
        CHECK(r.all.ranges().size() == 1u);
        CHECK(r.all.size() == 6000000u);
        CHECK(r.count == 6000000u);
    }
    // 6 million numbers as strings would take over 100 MB; this is the read buffer.
    INFO("peak bytes for ALL 1:6000000: " << peak);
    CHECK(peak < 1024 * 1024);
    {
        imaplib::test::allocation_probe probe;
        const imaplib::esearch_result r = M.uid_esearch(search_return::all | search_return::count, {"ALL"}, ec);
        peak = probe.peak();
        REQUIRE_FALSE(ec);
        CHECK(r.all.ranges().size() == 100000u);
        CHECK(r.all.size() == 100000u);
        CHECK(r.all.contains(199999));
        CHECK_FALSE(r.all.contains(2));
    }
    // The 589 kB line, the result's data, and 8 bytes per range.
    INFO("peak bytes for 100000 single UIDs: " << peak);
    CHECK(peak < 8 * 1024 * 1024);
}

TEST_CASE("ext query: malformed ESEARCH sets are parse errors, the connection stays", "[hostile][query]") {
    scenario sc = ready("ESEARCH", true);
    for (const char* bad : {"ALL 3:x", "ALL 0:4", "ALL 1,,2", "MIN 0", "COUNT 4294967296", "MAX -1"})
        sc.expect("SEARCH RETURN (ALL)").send(std::string("* ESEARCH (TAG \"$\") ") + bad + "\r\n$ OK done\r\n");
    sc.expect("NOOP").send("$ OK fine\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer, true);
        for (int i = 0; i < 6; ++i) {
            std::error_code ec;
            const imaplib::esearch_result r = M.esearch(imaplib::search_return::all, {"ALL"}, ec);
            CHECK(ec == errc::parse_error);
            CHECK(r.typ == "OK");  // imaplib's data is kept
        }
        CHECK(M.noop().typ == "OK");
    });
}

TEST_CASE("ext query: without the capability nothing is sent", "[hostile][query]") {
    // PREAUTH: the capabilities read at connect are the authenticated ones, so nothing is
    // asked again; refused locally.
    scenario sc = ready("", true);
    sc.expect("NOOP").send("$ OK fine\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer, true);
        std::error_code ec;
        using namespace imaplib;
        M.esearch(search_return::count, {"ALL"}, ec);
        CHECK(ec == errc::capability_missing);
        M.list_extended("", {"*", "Sent"}, {}, ec);
        CHECK(ec == errc::capability_missing);
        M.create("Sent", {"\\Sent"}, ec);
        CHECK(ec == errc::capability_missing);
        M.status("INBOX", status_item::deleted, ec);
        CHECK(ec == errc::capability_missing);
        M.id({}, ec);
        CHECK(ec == errc::capability_missing);
        M.getmetadata("INBOX", {"/private/comment"}, {}, ec);
        CHECK(ec == errc::capability_missing);
        M.quotaroot("INBOX", ec);
        CHECK(ec == errc::capability_missing);
        M.unauthenticate(ec);
        CHECK(ec == errc::capability_missing);
        M.fetch("1", fetch_item::emailid, ec);
        CHECK(ec == errc::capability_missing);
        CHECK(M.error_message() == "Server does not support OBJECTID");
        M.noop(ec);
        CHECK_FALSE(ec);
        for (const char* word : {"SEARCH", "LIST", "CREATE", "STATUS", "ID", "GETMETADATA", "GETQUOTAROOT",
                                 "UNAUTHENTICATE", "FETCH"})
            CHECK_FALSE(sent(peer.received(), std::string(" ") + word + " "));
    });
}

TEST_CASE("ext query: LIST-EXTENDED typed: CHILDINFO, OLDNAME, STATUS, modified UTF-7, NIL delimiter",
          "[hostile][query]") {
    scenario sc = ready("LIST-EXTENDED LIST-STATUS SPECIAL-USE");
    sc.expect("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (* \"My Box\") RETURN (CHILDREN SPECIAL-USE STATUS (MESSAGES "
              "SIZE))")
        .send("* LIST (\\Subscribed \\HasChildren) \"/\" Foo (CHILDINFO (\"SUBSCRIBED\"))\r\n"
              "* STATUS Foo (MESSAGES 4 SIZE 9000)\r\n"
              "* LIST (\\HasNoChildren \\Sent) \"/\" \"Caf&AOk-\" (OLDNAME (\"Old\"))\r\n"
              "* STATUS \"Caf&AOk-\" (MESSAGES 1 SIZE 12)\r\n"
              "* LIST (\\Noselect) NIL flat\r\n"
              "$ OK done\r\n")
        .expect("LIST \"\" %")
        .send("* LIST (\\HasChildren) \"/\" Bad (CHILDINFO SUBSCRIBED)\r\n$ OK done\r\n")
        .expect("LIST (SUBSCRIBED) \"\" *")
        .send("$ NO [CANNOT] no\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer);
        using namespace imaplib;
        list_options o;
        o.select = list_select::subscribed | list_select::recursivematch;
        o.returns = list_return::children | list_return::special_use;
        o.status = status_item::messages | status_item::size;
        std::error_code ec;
        const list_result r = M.list_extended("", {"*", "My Box"}, o, ec);
        REQUIRE_FALSE(ec);
        REQUIRE(r.entries.size() == 3u);
        const list_entry& foo = r.entries[0];
        CHECK(foo.name == "Foo");
        CHECK(foo.delimiter == '/');
        CHECK(foo.has_attribute("\\subscribed"));
        CHECK(foo.childinfo == std::vector<std::string>{"SUBSCRIBED"});
        REQUIRE(foo.status);
        CHECK(foo.status->messages == 4u);
        CHECK(foo.status->size == 9000u);
        const list_entry& cafe = r.entries[1];
        CHECK(cafe.name == "Caf&AOk-");
        CHECK(cafe.name_utf8 == "Caf\xc3\xa9");
        CHECK(cafe.oldname == std::string("Old"));
        CHECK(cafe.has_attribute("\\Sent"));
        REQUIRE(cafe.status);
        CHECK(cafe.status->messages == 1u);
        CHECK_FALSE(r.entries[2].delimiter);
        CHECK_FALSE(r.entries[2].status);
        CHECK(r.data.size() == 3u);  // imaplib's LIST data as well

        M.list_extended("", {"%"}, {}, ec);
        CHECK(ec == errc::parse_error);
        CHECK(M.error_message().find("CHILDINFO") != std::string::npos);

        o = {};
        o.select = list_select::subscribed;
        const list_result no = M.list_extended("", {"*"}, o, ec);
        CHECK_FALSE(ec);
        CHECK(no.typ == "NO");
        CHECK(no.entries.empty());

        // RFC 5258 section 3.1: RECURSIVEMATCH alone is refused here, not by the server.
        o.select = list_select::recursivematch;
        M.list_extended("", {"*"}, o, ec);
        CHECK(ec == errc::invalid_argument);
        M.list_extended("", {"*", "a\r\nX LOGOUT"}, {}, ec);
        CHECK(ec == errc::invalid_argument);
        CHECK_FALSE(sent(peer.received(), "X LOGOUT"));
    });
}

TEST_CASE("ext query: CREATE-SPECIAL-USE, typed STATUS with DELETED and MAILBOXID", "[hostile][query]") {
    scenario sc = ready("CREATE-SPECIAL-USE QUOTA QUOTA=RES-MESSAGE OBJECTID");
    sc.expect("CREATE Sent (USE (\\Sent))")
        .send("$ OK created\r\n")
        .expect("STATUS INBOX (MESSAGES DELETED MAILBOXID)")
        .send("* STATUS INBOX (MESSAGES 7 DELETED 2 MAILBOXID (F2212ea87-6097-4256-9d51-71338625))\r\n$ OK done\r\n")
        .expect("STATUS INBOX (MESSAGES)")
        .send("* STATUS INBOX (MESSAGES x)\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer);
        using namespace imaplib;
        std::error_code ec;
        CHECK(M.create("Sent", {"\\Sent"}, ec).typ == "OK");
        REQUIRE_FALSE(ec);
        M.create("Junk", {"\\Junk) X"}, ec);
        CHECK(ec == errc::invalid_argument);
        const status_result s =
            M.status("INBOX", status_item::messages | status_item::deleted | status_item::mailboxid, ec);
        REQUIRE_FALSE(ec);
        CHECK(s.status.mailbox == "INBOX");
        CHECK(s.status.messages == 7u);
        CHECK(s.status.deleted == 2u);
        CHECK(s.status.mailboxid == std::string("F2212ea87-6097-4256-9d51-71338625"));
        CHECK_FALSE(s.status.size);
        M.status("INBOX", status_item::messages, ec);
        CHECK(ec == errc::parse_error);
    });
}

TEST_CASE("ext query: ID both ways, NIL and bounds", "[hostile][query]") {
    scenario sc = ready("ID");
    sc.expect("ID (\"name\" \"imaplib-cpp\" \"os\" NIL \"quote\" \"a\\\"b\")")
        .send("* ID (\"name\" \"Cyrus\" \"support-url\" NIL)\r\n$ OK done\r\n")
        .expect("ID NIL")
        .send("* ID NIL\r\n$ OK done\r\n")
        .expect("ID NIL")
        .send("* ID (\"name\")\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer);
        std::error_code ec;
        const imaplib::id_result r = M.id({{"name", "imaplib-cpp"}, {"os", std::nullopt}, {"quote", "a\"b"}}, ec);
        REQUIRE_FALSE(ec);
        REQUIRE(r.fields.size() == 2u);
        CHECK(r.fields[0].first == "name");
        CHECK(r.fields[0].second == std::string("Cyrus"));
        CHECK(r.fields[1].first == "support-url");
        CHECK_FALSE(r.fields[1].second);
        CHECK(M.id({}, ec).fields.empty());
        CHECK_FALSE(ec);
        M.id({}, ec);  // an odd number of strings
        CHECK(ec == errc::parse_error);
        M.id({{"name", "x\r\nA1 LOGOUT"}}, ec);
        CHECK(ec == errc::invalid_argument);
        M.id({{std::string(31, 'n'), "x"}}, ec);
        CHECK(ec == errc::invalid_argument);
        CHECK_FALSE(sent(peer.received(), "A1 LOGOUT"));
    });
}

TEST_CASE("ext query: METADATA get with options, NIL and literal values, LONGENTRIES; set with a literal",
          "[hostile][query]") {
    scenario sc = ready("METADATA");
    sc.expect("GETMETADATA (MAXSIZE 1024 DEPTH infinity) INBOX (/private/comment /shared/x)")
        .send("* METADATA INBOX (/private/comment {11}\r\nline1\r\nline /shared/x NIL)\r\n"
              "$ OK [METADATA LONGENTRIES 2048] done\r\n")
        .expect("SETMETADATA INBOX (/private/comment \"plain\" /shared/x NIL /private/bin {4}")
        .send("+ go\r\n")
        .expect_literal(4)
        .expect_line(")")
        .send("$ OK done\r\n")
        .expect("SETMETADATA INBOX (/private/a {2}")
        .send("+ go\r\n")
        .expect_literal(2)
        .expect_line(" /private/b \"v\")")
        .send("$ NO [METADATA TOOMANY] too many\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer);
        using namespace imaplib;
        std::error_code ec;
        metadata_options o;
        o.maxsize = 1024;
        o.depth = metadata_depth::infinity;
        const metadata_result r = M.getmetadata("INBOX", {"/private/comment", "/shared/x"}, o, ec);
        REQUIRE_FALSE(ec);
        REQUIRE(r.entries.size() == 2u);
        CHECK(r.entries[0].name == "/private/comment");
        CHECK(r.entries[0].value == std::string("line1\r\nline"));
        CHECK(r.entries[1].name == "/shared/x");
        CHECK_FALSE(r.entries[1].value);
        CHECK(r.longentries == 2048u);
        CHECK(M.setmetadata("INBOX", {{"/private/comment", "plain"}, {"/shared/x", std::nullopt},
                                      {"/private/bin", std::string("a\0b\n", 4)}}, ec)
                  .typ == "OK");
        CHECK_FALSE(ec);
        const response no = M.setmetadata("INBOX", {{"/private/a", "\r\n"}, {"/private/b", "v"}}, ec);
        CHECK_FALSE(ec);
        CHECK(no.typ == "NO");
        M.setmetadata("INBOX", {{"/private/c\r\nX LOGOUT", "v"}}, ec);
        CHECK(ec == errc::invalid_argument);
        CHECK_FALSE(sent(peer.received(), "X LOGOUT"));
    });
}

TEST_CASE("ext query: a METADATA value past the literal bound ends the connection, bounded", "[hostile][query]") {
    scenario sc = ready("METADATA");
    sc.expect("GETMETADATA INBOX /private/comment")
        .send("* METADATA INBOX (/private/comment {2000000000}\r\n" + std::string(4096, 'x'));
    run_both(
        sc,
        [](auto& M, auto& peer) {
            open(M, peer);
            std::error_code ec;
            imaplib::test::allocation_probe probe;
            M.getmetadata("INBOX", {"/private/comment"}, {}, ec);
            CHECK(ec == errc::literal_too_large);
            CHECK(probe.peak() < 1024 * 1024);
        },
        [] {
            imaplib::limits l;
            l.max_literal = 64 * 1024;
            return l;
        }());
}

TEST_CASE("ext query: QUOTA typed, malformed resources refused", "[hostile][query]") {
    scenario sc = ready("QUOTA");
    sc.expect("GETQUOTAROOT INBOX")
        .send("* QUOTAROOT INBOX \"\" \"User quota\"\r\n"
              "* QUOTA \"\" (STORAGE 10 512)\r\n"
              "* QUOTA \"User quota\" (STORAGE 9 102400 MESSAGE 20 10000)\r\n$ OK done\r\n")
        .expect("GETQUOTA \"User quota\"")
        .send("* QUOTA \"User quota\" (STORAGE 9)\r\n$ OK done\r\n")
        .expect("GETQUOTA nobody")
        .send("$ NO no such root\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer);
        std::error_code ec;
        const imaplib::quota_result r = M.quotaroot("INBOX", ec);
        REQUIRE_FALSE(ec);
        CHECK(r.roots == std::vector<std::string>{"", "User quota"});
        REQUIRE(r.quotas.size() == 2u);
        CHECK(r.quotas[1].name == "User quota");
        REQUIRE(r.quotas[1].resources.size() == 2u);
        CHECK(r.quotas[1].resources[1].name == "MESSAGE");
        CHECK(r.quotas[1].resources[1].usage == 20u);
        CHECK(r.quotas[1].resources[1].limit == 10000u);
        CHECK(r.data.size() == 3u);
        M.quota("User quota", ec);
        CHECK(ec == errc::parse_error);
        const imaplib::quota_result no = M.quota("nobody", ec);
        CHECK_FALSE(ec);
        CHECK(no.typ == "NO");
        CHECK(no.quotas.empty());
    });
}

TEST_CASE("ext query: UNAUTHENTICATE back to NONAUTH; OBJECTID, SAVEDATE, PREVIEW fetched typed",
          "[hostile][query]") {
    scenario sc = ready("UNAUTHENTICATE OBJECTID SAVEDATE PREVIEW", true);
    sc.expect("FETCH 1:2 (UID SAVEDATE EMAILID THREADID PREVIEW)")
        .send("* 1 FETCH (UID 10 SAVEDATE \"05-Dec-2026 10:00:00 +0000\" EMAILID (M6d99ac3275bb4e) THREADID NIL "
              "PREVIEW \"Hello\")\r\n"
              "* 2 FETCH (UID 11 SAVEDATE NIL EMAILID (M5fdc09b49ea703) THREADID (T64b478a75b7ea9) PREVIEW NIL)\r\n"
              "$ OK done\r\n")
        .expect("FETCH 3 (UID EMAILID)")
        .send("* 3 FETCH (UID 12 EMAILID M-no-parens)\r\n$ OK done\r\n")
        .expect("UNAUTHENTICATE")
        .send("$ OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] bye for now\r\n")
        .expect("CAPABILITY")
        .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        open(M, peer, true);
        using namespace imaplib;
        std::error_code ec;
        const fetch_info_result r = M.fetch(
            "1:2", fetch_item::savedate | fetch_item::emailid | fetch_item::threadid | fetch_item::preview, ec);
        REQUIRE_FALSE(ec);
        REQUIRE(r.messages.size() == 2u);
        CHECK(r.messages[0].seq == 1u);
        CHECK(r.messages[0].uid == 10u);
        CHECK(r.messages[0].savedate == std::string("05-Dec-2026 10:00:00 +0000"));
        CHECK(r.messages[0].emailid == std::string("M6d99ac3275bb4e"));
        CHECK_FALSE(r.messages[0].threadid);
        CHECK(r.messages[0].preview == std::string("Hello"));
        CHECK_FALSE(r.messages[1].savedate);
        CHECK(r.messages[1].threadid == std::string("T64b478a75b7ea9"));
        CHECK_FALSE(r.messages[1].preview);
        M.fetch("3", fetch_item::emailid, ec);
        CHECK(ec == errc::parse_error);
        CHECK(M.unauthenticate(ec).typ == "OK");
        REQUIRE_FALSE(ec);
        CHECK(M.state() == "NONAUTH");
        CHECK(M.capabilities() == std::vector<std::string>{"IMAP4REV1", "AUTH=PLAIN"});
        M.select("INBOX", false, ec);
        CHECK(ec == errc::illegal_state);
        (void)peer;
    });
}
