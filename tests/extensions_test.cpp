// The extensions against scripted servers, for what the suite's Dovecot 2.3.19 never does:
// CONDSTORE/QRESYNC, MOVE/UIDPLUS/MULTIAPPEND/APPENDLIMIT/LITERAL+-, the typed queries, and
// ENABLE/BINARY/UTF8=ACCEPT/IMAP4rev2, each in a section of its own. Dovecot's side of each
// is in tests/extensions_integration_test.cpp.
#include <imaplib/engine/sync.hpp>
#include <imaplib/engine/move.hpp>
#include <imaplib/engine/query.hpp>
#include <imaplib/engine/rev2.hpp>

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/views.hpp>
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/tcp.hpp>

#include "support/allocation_counter.hpp"
#include "support/run_both.hpp"
#include "support/script_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using imaplib::errc;
using imaplib::test::memory_peer;
using imaplib::test::run_both;
using imaplib::test::scenario;
using imaplib::test::script_server;
using client = imaplib::basic_imap4<imaplib::memory_transport>;
using tcp_client = imaplib::basic_imap4<imaplib::tcp_transport>;

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

}  // namespace

// ==== CONDSTORE / QRESYNC (RFC 7162) ========================================================
// What Dovecot never does (no CONDSTORE, malformed VANISHED, MODIFIED and HIGHESTMODSEQ, huge
// sets) and the exact bytes of the commands.

namespace {

// The select responses of a CONDSTORE mailbox, then `extra` and the tagged OK.
std::string select_responses(std::string_view extra, std::string_view code = "[READ-WRITE]") {
    return "* 5 EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen \\Deleted)\r\n"
           "* OK [PERMANENTFLAGS (\\Seen \\Deleted \\*)] ok\r\n* OK [UIDVALIDITY 7] ok\r\n"
           "* OK [UIDNEXT 9] ok\r\n" +
           std::string(extra) + "$ OK " + std::string(code) + " selected\r\n";
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
        .send(select_responses("* OK [HIGHESTMODSEQ 12] ok\r\n"))
        .expect("EXAMINE \"My Box\" (QRESYNC (7 12))")
        .send(select_responses("", "[READ-ONLY]"))
        .expect("SELECT \"Old (archive)\"")
        .send("$ NO no such mailbox\r\n")
        .expect("SELECT \"x\" (condstore)")
        .send(select_responses(""));
    script_server server(sc);
    REQUIRE(server.ok());
    tcp_client M;
    open(M, server);
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
        .send(select_responses("* OK [HIGHESTMODSEQ 120] ok\r\n* VANISHED (EARLIER) 2,4:5\r\n"
                               "* 1 FETCH (UID 1 FLAGS (\\Seen NonJunk) MODSEQ (110))\r\n"
                               "* 3 FETCH (UID 7 MODSEQ (119) FLAGS ())\r\n"));
    script_server server(sc);
    REQUIRE(server.ok());
    tcp_client M;
    open(M, server);
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
    tcp_client M;
    open(M, server);
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
    sc.expect("SELECT").send(select_responses("* OK [HIGHESTMODSEQ abc] ok\r\n"));
    sc.expect("SELECT").send(select_responses("* OK [HIGHESTMODSEQ 99999999999999999999] ok\r\n"));
    sc.expect("SELECT").send(select_responses("* OK [HIGHESTMODSEQ 9223372036854775808] ok\r\n"));
    sc.expect("SELECT").send(select_responses("* OK [NOMODSEQ] ok\r\n"));
    sc.expect("NOOP").send("* VANISHED 3:x\r\n$ OK done\r\n");
    sc.expect("NOOP").send("* VANISHED 0:4\r\n$ OK done\r\n");
    sc.expect("NOOP").send("* VANISHED *\r\n$ OK done\r\n");
    sc.expect("NOOP").send("* VANISHED (EARLIER)\r\n$ OK done\r\n");
    sc.expect("NOOP").send("* VANISHED 1:4294967295\r\n* VANISHED 7\r\n$ OK done\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    tcp_client M;
    open(M, server);
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
    sc.expect("SELECT").send(select_responses("* OK [HIGHESTMODSEQ 50] ok\r\n"));
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
    tcp_client M;
    open(M, server);
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
    tcp_client M;
    open(M, server);
    REQUIRE(M.noop().typ == "OK");
    const auto start = std::chrono::steady_clock::now();
    const imaplib::sequence_set gone = M.vanished();
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(gone.ranges().size() == 100000);
    CHECK(gone.contains(199999));
    CHECK_FALSE(gone.contains(2));
    CHECK(took < std::chrono::seconds(5));  // generous: not quadratic
}

// ==== MOVE, UIDPLUS, MULTIAPPEND, APPENDLIMIT, LITERAL+/- ==================================
// MOVE (RFC 6851), UIDPLUS (RFC 4315), MULTIAPPEND (RFC 3502), APPENDLIMIT (RFC 7889) and
// LITERAL+/- (RFC 7888), for what Dovecot 2.3.19 cannot show: no APPENDLIMIT (it has none),
// LITERAL- (it offers LITERAL+), a COPY without COPYUID, failures in the middle of the MOVE
// fallback, malformed APPENDUID and COPYUID.

namespace {

// A server answering whole commands: `answer` gets the command without its tag (literals
// inline, as "{N}" or "{N+}" then the bytes) and returns the response, "$" for the tag.
// Synchronising literals get a "+", counted in `continuations`.
struct uidplus_server {
    std::shared_ptr<imaplib::memory_script> script = std::make_shared<imaplib::memory_script>();
    std::string capabilities;
    std::function<std::string(const std::string& command)> answer;
    std::vector<std::string> commands;  // after the connection's CAPABILITY
    int continuations = 0;
    std::string pending;

    explicit uidplus_server(std::string caps) : capabilities(std::move(caps)) {
        script->push("* PREAUTH ready\r\n");
        script->on_line = [this](std::string_view line) { return on_line(line); };
        script->on_literal = [this](std::string_view bytes) {
            pending.append(bytes);
            return std::string();
        };
    }

    std::string on_line(std::string_view line) {
        line.remove_suffix(2);  // CRLF
        pending.append(line);
        if (!line.empty() && line.back() == '}') {
            if (line.size() >= 2 && line[line.size() - 2] == '+') return {};
            ++continuations;
            return "+ go ahead\r\n";
        }
        const std::string full = std::move(pending);
        pending.clear();
        const std::string tag = full.substr(0, full.find(' '));
        const std::string command = full.substr(tag.size() + 1);
        std::string text;
        if (command == "CAPABILITY") {
            text = "* CAPABILITY " + capabilities + "\r\n$ OK done\r\n";
        } else {
            commands.push_back(command);
            if (command == "LOGOUT") text = "* BYE bye\r\n$ OK done\r\n";
            else if (command.rfind("SELECT", 0) == 0) text = "* 4 EXISTS\r\n$ OK [READ-WRITE] done\r\n";
            else text = answer ? answer(command) : "$ OK done\r\n";
        }
        for (std::size_t at; (at = text.find('$')) != std::string::npos;) text.replace(at, 1, tag);
        return text;
    }
};

client selected(uidplus_server& server) {
    client M{imaplib::memory_transport(server.script)};
    std::error_code ec;
    M.connect("imap.example", 143, {}, ec);
    REQUIRE_FALSE(ec);
    M.select("INBOX", false, ec);
    REQUIRE_FALSE(ec);
    server.commands.clear();
    return M;
}

imaplib::sequence_set set_of(std::string_view text) {
    std::error_code ec;
    imaplib::sequence_set s = imaplib::sequence_set::parse(text, ec, false);
    REQUIRE_FALSE(ec);
    return s;
}

}  // namespace

TEST_CASE("MOVE fallback without MOVE: UID COPY, then UID STORE and UID EXPUNGE of the COPYUID source set only") {
    uidplus_server server("IMAP4rev1 UIDPLUS");
    server.answer = [](const std::string& command) -> std::string {
        if (command == "UID COPY 4:* Archive") return "$ OK [COPYUID 7 4,6 10:11] copied\r\n";
        if (command == "UID STORE 4,6 +FLAGS.SILENT (\\Deleted)") return "$ OK stored\r\n";
        if (command == "UID EXPUNGE 4,6") return "* 3 EXPUNGE\r\n* 3 EXPUNGE\r\n$ OK expunged\r\n";
        return "$ BAD unexpected\r\n";
    };
    client M = selected(server);
    std::error_code ec;
    const imaplib::move_result r = M.uid_move("4:*", "Archive", ec);
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    CHECK(r.fallback);
    REQUIRE(r.copyuid);
    CHECK(r.copyuid->uidvalidity == 7u);
    CHECK(r.copyuid->source == set_of("4,6"));
    CHECK(r.copyuid->dest == set_of("10:11"));
    CHECK(r.copyuid->dest_of(6) == 11u);
    CHECK_FALSE(r.copyuid->dest_of(5));
    // A message that arrived inside 4:* after the COPY is not in the COPYUID: never expunged.
    CHECK(server.commands == std::vector<std::string>{"UID COPY 4:* Archive", "UID STORE 4,6 +FLAGS.SILENT (\\Deleted)",
                                                      "UID EXPUNGE 4,6"});
}

TEST_CASE("MOVE fallback by sequence numbers, throwing form: COPY then the UID commands") {
    uidplus_server server("IMAP4rev1 UIDPLUS");
    server.answer = [](const std::string& command) -> std::string {
        if (command == "COPY 1:2 \"My Box\"") return "$ OK [COPYUID 9 3:4 1:2] copied\r\n";
        return "$ OK done\r\n";
    };
    client M = selected(server);
    const imaplib::move_result r = M.move("1:2", "My Box");
    CHECK(r.fallback);
    REQUIRE(r.copyuid);
    CHECK(r.copyuid->dest_of(4) == 2u);
    CHECK(server.commands == std::vector<std::string>{"COPY 1:2 \"My Box\"", "UID STORE 3:4 +FLAGS.SILENT (\\Deleted)",
                                                      "UID EXPUNGE 3:4"});
}

TEST_CASE("MOVE without MOVE and without UIDPLUS is refused locally: no COPY, STORE or EXPUNGE sent") {
    uidplus_server server("IMAP4rev1");
    client M = selected(server);
    std::error_code ec;
    const imaplib::move_result r = M.uid_move("1", "Archive", ec);
    CHECK(ec == errc::capability_missing);
    CHECK_FALSE(r.copyuid);
    CHECK(server.commands.empty());
#ifndef IMAPLIB_NO_EXCEPTIONS
    CHECK_THROWS_AS(M.move("1", "Archive"), imaplib::error);
    CHECK(server.commands.empty());
#endif
    // Only CAPABILITY, asked once after the greeting's (see docs/extensions.md).
    CHECK(server.script->output.find("COPY") == std::string::npos);
    CHECK(server.script->output.find("EXPUNGE") == std::string::npos);
}

TEST_CASE("MOVE fallback stops without expunging when the COPY fails or gives no COPYUID") {
    uidplus_server server("IMAP4rev1 UIDPLUS");
    bool copyuid = false;
    server.answer = [&](const std::string& command) -> std::string {
        if (command.rfind("UID COPY", 0) == 0) return copyuid ? "$ OK copied\r\n" : "$ NO [TRYCREATE] no such mailbox\r\n";
        return "$ OK done\r\n";
    };
    client M = selected(server);
    std::error_code ec;
    imaplib::move_result r = M.uid_move("1", "Nowhere", ec);
    CHECK_FALSE(ec);  // a tagged NO is a result, as for imaplib's methods
    CHECK(r.typ == "NO");
    CHECK_FALSE(r.copyuid);
    copyuid = true;
    r = M.uid_move("1", "Archive", ec);
    CHECK(ec == errc::command_failed);
    CHECK(M.error_message().find("originals kept") != std::string::npos);
    CHECK(server.commands == std::vector<std::string>{"UID COPY 1 Nowhere", "UID COPY 1 Archive"});
}

TEST_CASE("MOVE fallback reports a STORE or UID EXPUNGE that fails after the COPY") {
    uidplus_server server("IMAP4rev1 UIDPLUS");
    std::string failing;
    server.answer = [&](const std::string& command) -> std::string {
        if (command.rfind("UID COPY", 0) == 0) return "$ OK [COPYUID 7 1 5] copied\r\n";
        if (command.rfind(failing, 0) == 0) return "$ NO refused\r\n";
        return "$ OK done\r\n";
    };
    client M = selected(server);
    std::error_code ec;
    failing = "UID STORE";
    M.uid_move("1", "Archive", ec);
    CHECK(ec == errc::command_failed);
    CHECK(M.error_message().find("STORE") != std::string::npos);
    CHECK(server.commands.back().rfind("UID STORE", 0) == 0);  // no UID EXPUNGE after it
    failing = "UID EXPUNGE";
    M.uid_move("1", "Archive", ec);
    CHECK(ec == errc::command_failed);
    CHECK(M.error_message().find("UID EXPUNGE failed") != std::string::npos);
}

TEST_CASE("MOVE: COPYUID from untagged OKs before the EXPUNGEs, parts merged, older COPYUIDs not taken") {
    uidplus_server server("IMAP4rev1 MOVE UIDPLUS");
    server.answer = [](const std::string& command) -> std::string {
        if (command.rfind("COPY", 0) == 0) return "$ OK [COPYUID 7 2 99] copied\r\n";
        if (command == "UID MOVE 1:3,8 Archive")
            return "* OK [COPYUID 7 1:2 20:21] part\r\n* OK [COPYUID 7 3,8 22:23] part\r\n"
                   "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n* 1 EXPUNGE\r\n$ OK moved\r\n";
        return "$ BAD unexpected\r\n";
    };
    client M = selected(server);
    CHECK(M.copy("2", "Archive").typ == "OK");  // its COPYUID stays in imaplib's responses
    const imaplib::move_result r = M.uid_move("1:3,8", "Archive");
    CHECK_FALSE(r.fallback);
    REQUIRE(r.copyuid);
    CHECK(r.copyuid->source == set_of("1:3,8"));
    CHECK(r.copyuid->dest == set_of("20:23"));
    CHECK(r.copyuid->dest_of(8) == 23u);
    CHECK(server.commands == std::vector<std::string>{"COPY 2 Archive", "UID MOVE 1:3,8 Archive"});
}

TEST_CASE("Malformed COPYUID after MOVE: errc::parse_error, the result kept, the connection usable") {
    const char* const codes[] = {"7 1:3 10:11", "7 1:x 10", "0 1 10", "7 1 *", "7 1", "7 1 2 3", "7  1 2",
                                 "4294967296 1 2", "7 0 1"};
    for (const char* code : codes) {
        CAPTURE(code);
        uidplus_server server("IMAP4rev1 MOVE UIDPLUS");
        server.answer = [&](const std::string& command) -> std::string {
            if (command.rfind("UID MOVE", 0) == 0) return "* OK [COPYUID " + std::string(code) + "] x\r\n$ OK moved\r\n";
            return "$ OK done\r\n";
        };
        client M = selected(server);
        std::error_code ec;
        const imaplib::move_result r = M.uid_move("1:3", "Archive", ec);
        CHECK(ec == errc::parse_error);
        CHECK(r.typ == "OK");
        CHECK_FALSE(r.copyuid);
        // The typed method took its code out of imaplib's responses; the free function
        // on the same text (as response("COPYUID") gives it after uid("MOVE")).
        CHECK(M.response("COPYUID").data.at(0).is_none());
        CHECK_FALSE(imaplib::copyuid(imaplib::response{"COPYUID", {imaplib::data_item::owning(code)}}, ec));
        CHECK(ec == errc::parse_error);
        CHECK_FALSE(imaplib::copyuid(imaplib::response{"OK", {imaplib::data_item::owning("[COPYUID " + std::string(code) + "] x")}}, ec));
        CHECK(ec == errc::parse_error);
        M.noop(ec);
        CHECK_FALSE(ec);
    }
}

TEST_CASE("COPYUID and APPENDUID from imaplib's own results: append, copy, uid COPY through response()") {
    uidplus_server server("IMAP4rev1 UIDPLUS LITERAL+");
    server.answer = [](const std::string& command) -> std::string {
        if (command.rfind("APPEND", 0) == 0) return "$ OK [APPENDUID 38505 3955] APPEND completed\r\n";
        if (command.rfind("COPY", 0) == 0) return "$ OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n";
        if (command.rfind("UID COPY", 0) == 0) return "$ OK [COPYUID 38505 5 3959] Done\r\n";
        return "$ OK done\r\n";
    };
    client M = selected(server);
    const imaplib::response appended = M.append("INBOX", imaplib::None, imaplib::None, "Subject: x\r\n\r\nhi\r\n");
    const auto a = imaplib::appenduid(appended);
    REQUIRE(a);
    CHECK(a->uidvalidity == 38505u);
    CHECK(a->uids == set_of("3955"));
    // imaplib's own append keeps its synchronising literal whatever the server offers.
    CHECK(server.continuations == 1);
    CHECK(server.commands.back().rfind("APPEND INBOX {18}Subject", 0) == 0);

    const auto c = imaplib::copyuid(M.copy("304,319:320", "Archive"));
    REQUIRE(c);
    CHECK(c->source == set_of("304,319:320"));
    CHECK(c->dest_of(320) == 3958u);

    // uid("COPY")'s result is the FETCH responses ([None]); the code is kept by its name.
    const imaplib::response u = M.uid("COPY", "5", "Archive");
    CHECK_FALSE(imaplib::copyuid(u));
    const auto kept = imaplib::copyuid(M.response("COPYUID"));
    REQUIRE(kept);
    CHECK(kept->dest == set_of("3959"));
}

TEST_CASE("MULTIAPPEND with LITERAL+: one command, no continuation, APPENDUID as a set") {
    uidplus_server server("IMAP4rev1 UIDPLUS MULTIAPPEND LITERAL+");
    server.answer = [](const std::string& command) -> std::string {
        if (command.rfind("APPEND", 0) == 0) return "$ OK [APPENDUID 9 20:21,23] done\r\n";
        return "$ OK done\r\n";
    };
    client M = selected(server);
    const std::string big(100000, 'x');
    std::error_code ec;
    const imaplib::append_result r = M.multiappend(
        "Sent Items", {{"a\r\n", "\\Seen"}, {"b\n", "(\\Seen \\Draft)", "\"01-Jan-2024 10:00:00 +0000\""}, {big}}, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(r.appenduid);
    CHECK(r.appenduid->uidvalidity == 9u);
    CHECK(r.appenduid->uids == set_of("20:21,23"));
    CHECK(server.continuations == 0);
    CHECK(server.commands == std::vector<std::string>{
                                 "APPEND \"Sent Items\" (\\Seen) {3+}a\r\n (\\Seen \\Draft) \"01-Jan-2024 10:00:00 "
                                 "+0000\" {3+}b\r\n {100000+}" + big});
    // The next imaplib call goes back to synchronising literals.
    M.append("INBOX", imaplib::None, imaplib::None, "c\r\n");
    CHECK(server.continuations == 1);
}

TEST_CASE("LITERAL- allows non-synchronising literals up to 4096 bytes only, none without LITERAL+/-") {
    const std::string small(4096, 's'), large(4097, 'l');
    {
        uidplus_server server("IMAP4rev1 MULTIAPPEND LITERAL-");
        client M = selected(server);
        const imaplib::append_result r = M.multiappend("INBOX", {{small}, {large}, {small}});
        CHECK(r.typ == "OK");
        CHECK_FALSE(r.appenduid);  // no UIDPLUS
        CHECK(server.continuations == 1);
        CHECK(server.commands.at(0).find("{4096+}") != std::string::npos);
        CHECK(server.commands.at(0).find("{4097}") != std::string::npos);
    }
    {
        uidplus_server server("IMAP4rev1 MULTIAPPEND");
        client M = selected(server);
        M.multiappend("INBOX", {{small}, {large}, {small}});
        CHECK(server.continuations == 3);
        CHECK(server.commands.at(0).find('+') == std::string::npos);
    }
}

TEST_CASE("MULTIAPPEND: several messages need the capability, a malformed APPENDUID is errc::parse_error") {
    uidplus_server server("IMAP4rev1 UIDPLUS LITERAL+");
    std::string code = "9 5";
    server.answer = [&](const std::string& command) -> std::string {
        if (command.rfind("APPEND", 0) == 0) return "$ OK [APPENDUID " + code + "] done\r\n";
        return "$ OK done\r\n";
    };
    client M = selected(server);
    std::error_code ec;
    M.multiappend("INBOX", {{"a"}, {"b"}}, ec);
    CHECK(ec == errc::capability_missing);
    CHECK(server.commands.empty());
    imaplib::append_result r = M.multiappend("INBOX", {{"a"}}, ec);  // one message: a plain APPEND
    CHECK_FALSE(ec);
    REQUIRE(r.appenduid);
    CHECK(r.appenduid->uids == set_of("5"));
    code = "9 5:6";  // two UIDs for one message
    r = M.multiappend("INBOX", {{"a"}}, ec);
    CHECK(ec == errc::parse_error);
    CHECK(r.typ == "OK");
    CHECK_FALSE(r.appenduid);
    code = "9 *";
    r = M.multiappend("INBOX", {{"a"}}, ec);
    CHECK(ec == errc::parse_error);
    M.multiappend("INBOX", {}, ec);
    CHECK(ec == errc::invalid_argument);
}

TEST_CASE("APPENDLIMIT=N: a larger message is refused locally with errc::invalid_argument, nothing sent") {
    uidplus_server server("IMAP4rev1 MULTIAPPEND LITERAL+ APPENDLIMIT=100");
    client M = selected(server);
    const std::string fits(100, 'f'), over(101, 'o');
    std::error_code ec;
    M.multiappend("INBOX", {{fits}, {over}}, ec);
    CHECK(ec == errc::invalid_argument);
    CHECK(M.error_message().find("message 2 is 101 bytes, over the server's APPENDLIMIT of 100") != std::string::npos);
    CHECK(server.commands.empty());
    M.multiappend("INBOX", {{fits}}, ec);
    CHECK_FALSE(ec);
    CHECK(server.commands.size() == 1);
}

TEST_CASE("Bare APPENDLIMIT: the mailbox's limit from STATUS, NIL for none") {
    uidplus_server server("IMAP4rev1 APPENDLIMIT");
    std::string limit = "50";
    server.answer = [&](const std::string& command) -> std::string {
        if (command.rfind("STATUS", 0) == 0) return "* STATUS \"A (b)\" (APPENDLIMIT " + limit + ")\r\n$ OK done\r\n";
        return "$ OK done\r\n";
    };
    client M = selected(server);
    const std::string message(51, 'm');
    std::error_code ec;
    M.multiappend("A (b)", {{message}}, ec);
    CHECK(ec == errc::invalid_argument);
    CHECK(server.commands == std::vector<std::string>{"STATUS \"A (b)\" (APPENDLIMIT)"});
    limit = "NIL";
    M.multiappend("A (b)", {{message}}, ec);
    CHECK_FALSE(ec);
    CHECK(server.commands.size() == 3);
    CHECK(server.commands.back().rfind("APPEND \"A (b)\" {51}", 0) == 0);
}

// ==== The typed queries (engine/query.hpp) =================================================
// The extensions Dovecot 2.3.19 lacks (CREATE-SPECIAL-USE, UNAUTHENTICATE, OBJECTID, STATUS
// DELETED), what it never sends (ESEARCH correlators of other commands, OLDNAME, a 6-million-UID
// ALL) and malformed responses: bad ESEARCH sets, bad CHILDINFO, METADATA values past the
// literal bound.

namespace {

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

// ==== ENABLE, BINARY, UTF8=ACCEPT, IMAP4rev2 ===============================================
// ENABLE (RFC 5161), BINARY (RFC 3516), UTF8=ACCEPT (RFC 6855) and IMAP4rev2 (RFC 9051).
// Dovecot 2.3 verifies ENABLE and BINARY for real; it has neither UTF8=ACCEPT nor IMAP4rev2,
// and nothing in Debian has IMAP4rev2, so those are verified here only, as are the malformed
// literal8 and BINARY responses a real server never sends.

namespace {

using namespace std::literals;

// A server answering each command through `answer(tag, command)`; a command with a
// literal is answered once its last line came ("+" goes out for each literal). It keeps
// every command as the client wrote it, literals included.
struct fake_server {
    std::shared_ptr<imaplib::memory_script> script = std::make_shared<imaplib::memory_script>();
    std::function<std::string(const std::string& tag, const std::string& command)> answer;
    std::vector<std::string> commands;
    std::string pending;  // a command whose literal is still coming

    explicit fake_server(std::string capabilities) : capabilities_(capabilities) {
        script->on_line = [this, capabilities](std::string_view line) -> std::string {
            pending.append(line.substr(0, line.size() - 2));
            if (imaplib::detail::ends_in_literal_announcement(pending)) return "+ go\r\n";
            std::string full = std::move(pending);
            pending.clear();
            commands.push_back(full);
            const std::string tag = full.substr(0, full.find(' '));
            const std::string command = full.substr(tag.size() + 1);
            if (command == "LOGOUT") return "* BYE bye\r\n" + tag + " OK done\r\n";
            if (command == "CAPABILITY") return "* CAPABILITY " + capabilities + "\r\n" + tag + " OK done\r\n";
            return answer ? answer(tag, command) : tag + " OK done\r\n";
        };
        script->on_literal = [this](std::string_view bytes) -> std::string {
            pending.append(bytes);
            return {};
        };
    }
    client connect(const imaplib::limits& l = {}) {
        script->push("* PREAUTH [CAPABILITY " + capabilities_ + "] hi\r\n");
        client M(imaplib::memory_transport(script), l);
        M.connect("imap.example.org", 143, std::nullopt, ec_);
        REQUIRE_FALSE(ec_);
        return M;
    }
    // The command (without its tag) the client sent last.
    std::string last() const { return commands.empty() ? std::string() : commands.back().substr(commands.back().find(' ') + 1); }

private:
    std::string capabilities_;
    std::error_code ec_;
};

std::string ok(const std::string& tag) { return tag + " OK done\r\n"; }

}  // namespace

// ---- ENABLE -----------------------------------------------------------------------------

TEST_CASE("enable_capabilities: typed ENABLED, remembered on the connection, both API forms", "[ext_rev2]") {
    fake_server server("IMAP4rev1 ENABLE CONDSTORE");
    server.answer = [](const std::string& tag, const std::string& command) {
        if (command.rfind("ENABLE ", 0) == 0) return "* ENABLED CONDSTORE\r\n" + ok(tag);
        return ok(tag);
    };
    client M = server.connect();
    CHECK(M.enabled().empty());
    std::error_code ec = make_error_code(errc::timeout);
    const imaplib::enable_result r = M.enable_capabilities({"CONDSTORE", "X-UNKNOWN"}, ec);
    CHECK_FALSE(ec);
    CHECK(server.last() == "ENABLE CONDSTORE X-UNKNOWN");
    CHECK(r.typ == "OK");
    CHECK(r.enabled == std::vector<std::string>{"CONDSTORE"});
    CHECK(M.is_enabled("condstore"));
    CHECK_FALSE(M.is_enabled("X-UNKNOWN"));
    CHECK(M.enabled() == std::vector<std::string>{"CONDSTORE"});
    CHECK_FALSE(M.is_rev2());

    const imaplib::enable_result again = M.enable_capabilities({"condstore"});  // throwing form
    CHECK(again.enabled == std::vector<std::string>{"CONDSTORE"});
    CHECK(M.enabled().size() == 1);  // remembered once
}

TEST_CASE("enable_capabilities: NO is returned, BAD and refusals are errors, nothing sent when refused", "[ext_rev2]") {
    SECTION("a server without ENABLE") {
        fake_server server("IMAP4rev1");
        client M = server.connect();
        std::error_code ec;
        M.enable_capabilities({"CONDSTORE"}, ec);
        CHECK(ec == errc::capability_missing);
        CHECK(server.commands.size() == 1);  // CAPABILITY only
        CHECK_THROWS_AS(M.enable_capabilities({"CONDSTORE"}), imaplib::error);
    }
    SECTION("names that are no capability") {
        fake_server server("IMAP4rev1 ENABLE");
        client M = server.connect();
        for (std::string_view bad : {"A B"sv, ""sv, "X\r\nA1 DELETE INBOX"sv, "(X)"sv, "\"X\""sv}) {
            std::error_code ec;
            M.enable_capabilities({bad}, ec);
            CHECK(ec == errc::invalid_argument);
        }
        std::error_code ec;
        M.enable_capabilities({}, ec);
        CHECK(ec == errc::invalid_argument);
        CHECK(server.commands.size() == 1);
    }
    SECTION("NO, BAD, a malformed ENABLED") {
        fake_server server("IMAP4rev1 ENABLE");
        int n = 0;
        server.answer = [&n](const std::string& tag, const std::string&) {
            ++n;
            if (n == 1) return "* ENABLED CONDSTORE\r\n" + tag + " NO not now\r\n";
            if (n == 2) return tag + " BAD what\r\n";
            return "* ENABLED (CONDSTORE\r\n" + ok(tag);
        };
        client M = server.connect();
        std::error_code ec;
        const imaplib::enable_result no = M.enable_capabilities({"CONDSTORE"}, ec);
        CHECK_FALSE(ec);
        CHECK(no.typ == "NO");
        CHECK(no.enabled.empty());
        CHECK_FALSE(M.is_enabled("CONDSTORE"));
        M.enable_capabilities({"CONDSTORE"}, ec);
        CHECK(ec == errc::command_failed);
        M.enable_capabilities({"CONDSTORE"}, ec);
        CHECK(ec == errc::parse_error);
        CHECK(M.enabled().empty());
    }
}

TEST_CASE("imaplib's enable() keeps its result and also remembers what was ENABLED", "[ext_rev2]") {
    fake_server server("IMAP4rev1 ENABLE UTF8=ACCEPT");
    server.answer = [](const std::string& tag, const std::string&) { return "* ENABLED UTF8=ACCEPT\r\n" + ok(tag); };
    client M = server.connect();
    const imaplib::response r = M.enable("UTF8=ACCEPT");
    CHECK(imaplib::python_repr(r) == "('OK', [b'done'])");
    CHECK(M.utf8_enabled());
    CHECK(M.is_enabled("UTF8=ACCEPT"));
}

// ---- UTF8=ACCEPT (scripted: Debian's Dovecot 2.3 lacks it) -------------------------------

TEST_CASE("UTF8=ACCEPT: mailbox names and quoted strings go as UTF-8 only once enabled", "[ext_rev2]") {
    fake_server server("IMAP4rev1 ENABLE UTF8=ACCEPT");
    server.answer = [](const std::string& tag, const std::string& command) {
        if (command.rfind("ENABLE", 0) == 0) return "* ENABLED UTF8=ACCEPT\r\n" + ok(tag);
        if (command.rfind("LIST", 0) == 0) {
            return "* LIST () \"/\" \"Entw\xc3\xbcrfe\"\r\n* LIST () \"/\" Entw&APw-rfe\r\n" + ok(tag);
        }
        if (command.rfind("SEARCH", 0) == 0) return "* SEARCH 4\r\n" + ok(tag);
        return ok(tag);
    };
    client M = server.connect();
    const std::string name = "Entw\xc3\xbcrfe";  // "Entwürfe"

    // Before: modified UTF-7, and 8-bit text inside a quoted search string is refused.
    CHECK(M.encode_mailbox(name) == "Entw&APw-rfe");
    M.create(M.encode_mailbox(name));
    CHECK(server.last() == "CREATE Entw&APw-rfe");
    M.select();
    std::error_code ec;
    const std::size_t sent = server.commands.size();
    M.search(imaplib::None, "SUBJECT \"Gr\xc3\xbc\xc3\x9f" "e\"", ec);
    CHECK(ec == errc::invalid_argument);
    CHECK(server.commands.size() == sent);
    CHECK(M.decode_mailbox("Entw&APw-rfe") == name);
    M.close();  // ENABLE is for the authenticated state (RFC 5161 section 3.1)

    const imaplib::enable_result r = M.enable_capabilities({"UTF8=ACCEPT"});
    CHECK(r.enabled == std::vector<std::string>{"UTF8=ACCEPT"});
    CHECK(M.utf8_enabled());

    // After: UTF-8 as a quoted string, and received as it is.
    CHECK(M.encode_mailbox(name) == name);
    M.create(M.encode_mailbox(name));
    CHECK(server.last() == "CREATE \"" + name + "\"");
    M.select();
    const imaplib::response found = M.search(imaplib::None, "SUBJECT \"Gr\xc3\xbc\xc3\x9f" "e\"");
    CHECK(server.last() == "SEARCH SUBJECT \"Gr\xc3\xbc\xc3\x9f" "e\"");
    CHECK(imaplib::python_repr(found) == "('OK', [b'4'])");
    const imaplib::response list = M.list();
    REQUIRE(list.data.size() == 2);
    for (const imaplib::data_item& item : list.data) {  // the UTF-8 entry, then the old spelling
        imaplib::grammar::response_view view;
        REQUIRE(imaplib::view_of(item, view, ec));
        const std::string box = view.as_list().mailbox.str();
        CHECK((box == name ? M.decode_mailbox(box) : imaplib::mutf7_to_utf8(box)) == name);
    }
    CHECK_THROWS_AS(M.encode_mailbox("\xff"), imaplib::error);
    // APPEND's message goes in RFC 6855's UTF8 (~{N}) form.
    M.append("INBOX", imaplib::None, imaplib::None, "Subject: x\r\n\r\nbody\r\n");
    CHECK(server.last() == "APPEND INBOX UTF8 (~{20}Subject: x\r\n\r\nbody\r\n)");
}

// ---- BINARY -------------------------------------------------------------------------------

TEST_CASE("fetch_binary: literal8 content with NUL bytes, BINARY.SIZE, NIL, UID FETCH, both API forms", "[ext_rev2]") {
    fake_server server("IMAP4rev1 BINARY");
    server.answer = [](const std::string& tag, const std::string& command) -> std::string {
        if (command == "FETCH 1:2 (BINARY.PEEK[1])")
            return "* 1 FETCH (BINARY[1] ~{5}\r\na\0b\0c)\r\n"s + "* 2 FETCH (FLAGS (\\Seen))\r\n" +
                   "* 2 FETCH (BINARY[1] NIL)\r\n" + ok(tag);
        if (command == "UID FETCH 7 (BINARY[])")
            return "* 1 FETCH (UID 7 BINARY[] {3}\r\nxyz)\r\n" + ok(tag);
        if (command == "FETCH 1 (BINARY.SIZE[2.1])") return "* 1 FETCH (BINARY.SIZE[2.1] 1234)\r\n" + ok(tag);
        if (command == "FETCH 1 (BINARY.PEEK[3])") return tag + " NO [UNKNOWN-CTE] cannot decode\r\n";
        if (command == "FETCH 1 (BINARY.PEEK[4])") return "* 1 FETCH (BINARY[4]<10> \"q\\\"\")\r\n" + ok(tag);
        if (command == "SELECT INBOX") return ok(tag);
        return tag + " BAD unexpected\r\n";
    };
    client M = server.connect();
    M.select();
    std::error_code ec = make_error_code(errc::timeout);
    const imaplib::binary_result r = M.fetch_binary("1:2", "1", ec);
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    REQUIRE(r.parts.size() == 2);
    CHECK(r.parts[0].seq == 1);
    CHECK(r.parts[0].section == "1");
    REQUIRE(r.parts[0].content);
    CHECK(*r.parts[0].content == std::string("a\0b\0c", 5));
    CHECK_FALSE(r.parts[0].size);
    CHECK(r.parts[1].seq == 2);
    CHECK_FALSE(r.parts[1].content);  // NIL
    CHECK(r.data.size() == 4);        // imaplib's FETCH data (literal, ")", FLAGS, NIL)

    imaplib::binary_options by_uid;
    by_uid.uid = true;
    by_uid.peek = false;
    const imaplib::binary_result u = M.fetch_binary("7", "", by_uid);  // throwing form
    REQUIRE(u.parts.size() == 1);
    CHECK(u.parts[0].uid == 7u);
    CHECK(u.parts[0].section.empty());
    CHECK(u.parts[0].content == "xyz");

    const imaplib::binary_result s = M.fetch_binary_size("1", "2.1", ec);
    REQUIRE_FALSE(ec);
    REQUIRE(s.parts.size() == 1);
    CHECK(s.parts[0].size == 1234u);
    CHECK_FALSE(s.parts[0].content);

    const imaplib::binary_result no = M.fetch_binary("1", "3", ec);
    CHECK_FALSE(ec);
    CHECK(no.typ == "NO");
    CHECK(no.parts.empty());

    const imaplib::binary_result partial = M.fetch_binary("1", "4");
    REQUIRE(partial.parts.size() == 1);
    CHECK(partial.parts[0].origin == 10u);
    CHECK(partial.parts[0].content == "q\"");
}

TEST_CASE("BINARY announced only after login: the capabilities are asked for once more", "[ext_rev2]") {
    for (const bool has_binary : {true, false}) {
        auto script = std::make_shared<imaplib::memory_script>();
        script->push("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n");
        std::vector<std::string> lines;
        script->on_line = [&](std::string_view line) -> std::string {
            lines.emplace_back(line.substr(0, line.size() - 2));
            const std::string tag(line.substr(0, line.find(' ')));
            const std::string_view command = line.substr(tag.size() + 1);
            if (command.rfind("CAPABILITY", 0) == 0)
                return std::string("* CAPABILITY IMAP4rev1 ") + (lines.size() > 1 && has_binary ? "BINARY" : "X") +
                       "\r\n" + ok(tag);
            if (command.rfind("FETCH", 0) == 0) return "* 1 FETCH (BINARY[1] {2}\r\nok)\r\n" + ok(tag);
            if (command.rfind("LOGOUT", 0) == 0) return "* BYE bye\r\n" + ok(tag);
            return ok(tag);
        };
        client M{imaplib::memory_transport(script)};
        std::error_code ec;
        M.connect("imap.example.org", 143, std::nullopt, ec);
        REQUIRE_FALSE(ec);
        M.login("alice", "pw");
        M.select();
        const imaplib::binary_result r = M.fetch_binary("1", "1", ec);
        CHECK(ec == (has_binary ? std::error_code() : make_error_code(errc::capability_missing)));
        CHECK(r.parts.size() == (has_binary ? 1u : 0u));
        M.fetch_binary("1", "1", ec);  // asked once: a second refusal sends nothing
        REQUIRE(lines.size() == (has_binary ? 6u : 4u));
        CHECK(lines[3].substr(lines[3].find(' ') + 1) == "CAPABILITY");
    }
}

TEST_CASE("fetch_binary and append_binary: refused locally without BINARY or with a bad section", "[ext_rev2]") {
    fake_server plain("IMAP4rev1");
    client M = plain.connect();
    M.select();
    const std::size_t sent = plain.commands.size();
    std::error_code ec;
    M.fetch_binary("1", "1", ec);
    CHECK(ec == errc::capability_missing);
    M.fetch_binary_size("1", "1", ec);
    CHECK(ec == errc::capability_missing);
    M.append_binary("INBOX", imaplib::None, imaplib::None, "x", ec);
    CHECK(ec == errc::capability_missing);
    CHECK(plain.commands.size() == sent);

    fake_server binary("IMAP4rev1 BINARY");
    client B = binary.connect();
    B.select();
    const std::size_t before = binary.commands.size();
    for (std::string_view bad : {"0"sv, "1..2"sv, "1."sv, ".1"sv, "1]<0.1"sv, "1 BODY[]"sv, "HEADER"sv}) {
        B.fetch_binary("1", bad, ec);
        CHECK(ec == errc::invalid_argument);
    }
    CHECK(binary.commands.size() == before);
}

TEST_CASE("append_binary: the message as a literal8, byte for byte", "[ext_rev2]") {
    fake_server server("IMAP4rev1 BINARY");
    server.answer = [](const std::string& tag, const std::string& command) {
        if (command.find("NOPE") != std::string::npos) return tag + " NO [TOOBIG] no\r\n";
        return tag + " OK [APPENDUID 1 9] done\r\n";
    };
    client M = server.connect();
    const std::string message("Subject: b\r\n\r\n\0\x01\xff\nlone LF", 24);
    std::error_code ec;
    const imaplib::response r = M.append_binary("INBOX", "\\Seen", imaplib::None, message, ec);
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    CHECK(server.last() == "APPEND INBOX (\\Seen) ~{24}" + message);
    const imaplib::response no = M.append_binary("NOPE", imaplib::None, imaplib::None, message);
    CHECK(no.typ == "NO");
}

TEST_CASE("BINARY: malformed and oversized literal8 responses", "[ext_rev2]") {
    SECTION("a literal8 larger than max_literal fails when announced") {
        fake_server server("IMAP4rev1 BINARY");
        server.answer = [](const std::string& tag, const std::string& command) {
            return command.rfind("FETCH", 0) == 0 ? "* 1 FETCH (BINARY[1] ~{999999999999}\r\n"s : ok(tag);
        };
        client M = server.connect();
        M.select();
        std::error_code ec;
        M.fetch_binary("1", "1", ec);
        CHECK(ec == errc::literal_too_large);
    }
    SECTION("max_literal applies to literal8 as to literals") {
        fake_server server("IMAP4rev1 BINARY");
        server.answer = [](const std::string& tag, const std::string& command) {
            if (command.rfind("FETCH", 0) != 0) return ok(tag);
            return "* 1 FETCH (BINARY[1] ~{2000}\r\n"s + std::string(2000, 'x') + ")\r\n" + ok(tag);
        };
        imaplib::limits l;
        l.max_literal = 1000;
        client M = server.connect(l);
        M.select();
        std::error_code ec;
        M.fetch_binary("1", "1", ec);
        CHECK(ec == errc::literal_too_large);
    }
    SECTION("the stream ends inside a literal8") {
        fake_server server("IMAP4rev1 BINARY");
        server.answer = [](const std::string& tag, const std::string& command) {
            return command.rfind("FETCH", 0) == 0 ? "* 1 FETCH (BINARY[1] ~{10}\r\nabc"s : ok(tag);
        };
        client M = server.connect();
        M.select();
        std::error_code ec;
        M.fetch_binary("1", "1", ec);
        CHECK(ec == errc::connection_closed);
    }
    SECTION("a BINARY item the grammar rejects") {
        fake_server server("IMAP4rev1 BINARY");
        server.answer = [](const std::string& tag, const std::string&) {
            return "* 1 FETCH (BINARY.SIZE[1] much)\r\n" + ok(tag);
        };
        client M = server.connect();
        M.select();
        std::error_code ec;
        M.fetch_binary_size("1", "1", ec);
        CHECK(ec == errc::parse_error);
        M.noop(ec);  // the connection is still usable
        CHECK_FALSE(ec);
    }
}

// ---- IMAP4rev2 (scripted: nothing in Debian has it) -------------------------------------

TEST_CASE("IMAP4rev2: a rev2-only server is accepted, a dual one stays IMAP4REV1", "[ext_rev2]") {
    fake_server only("IMAP4rev2 ENABLE");
    client M = only.connect();
    CHECK(M.PROTOCOL_VERSION() == "IMAP4REV2");
    fake_server both("IMAP4rev1 IMAP4rev2");
    client B = both.connect();
    CHECK(B.PROTOCOL_VERSION() == "IMAP4REV1");
}

TEST_CASE("IMAP4rev2 enabled: imaplib's methods keep their shape over rev2's responses", "[ext_rev2]") {
    fake_server server("IMAP4rev1 IMAP4rev2 ENABLE");
    server.answer = [](const std::string& tag, const std::string& command) -> std::string {
        if (command == "ENABLE IMAP4rev2") return "* ENABLED IMAP4rev2\r\n" + ok(tag);
        if (command == "SELECT INBOX")
            return "* 12 EXISTS\r\n* LIST () \"/\" INBOX\r\n* FLAGS (\\Seen)\r\n" + tag + " OK [READ-WRITE] done\r\n";
        if (command == "SEARCH UNSEEN") return "* ESEARCH (TAG \"" + tag + "\") ALL 2,10:11\r\n" + ok(tag);
        if (command == "SEARCH DELETED") return "* ESEARCH (TAG \"" + tag + "\")\r\n" + ok(tag);
        if (command == "UID SEARCH ALL") return "* ESEARCH (TAG \"" + tag + "\") UID ALL 7:8\r\n" + ok(tag);
        if (command == "SEARCH OLD") return tag + " NO no such key\r\n";
        if (command == "SEARCH BROKEN") return "* ESEARCH (TAG \"" + tag + "\") ALL 3:x\r\n" + ok(tag);
        if (command == "LIST (SUBSCRIBED) \"\" *") return "* LIST (\\Subscribed) \"/\" INBOX\r\n" + ok(tag);
        if (command == "LIST \"\" *") return "* LIST () \"/\" INBOX\r\n* LIST () \"/\" Sent\r\n" + ok(tag);
        if (command.rfind("APPEND", 0) == 0 || command.rfind("SELECT", 0) == 0) return ok(tag);
        return tag + " BAD unexpected\r\n";
    };
    client M = server.connect();
    const imaplib::enable_result e = M.enable_capabilities({"IMAP4rev2"});
    CHECK(e.enabled == std::vector<std::string>{"IMAP4REV2"});
    REQUIRE(M.is_rev2());
    CHECK_FALSE(M.utf8_enabled());  // imaplib's attribute is UTF8=ACCEPT's

    CHECK(imaplib::python_repr(M.select()) == "('OK', [b'12'])");
    CHECK(imaplib::python_repr(M.search(imaplib::None, "UNSEEN")) == "('OK', [b'2 10 11'])");
    CHECK(imaplib::python_repr(M.search(imaplib::None, "DELETED")) == "('OK', [b''])");
    CHECK(imaplib::python_repr(M.uid("SEARCH", "ALL")) == "('OK', [b'7 8'])");
    CHECK(imaplib::python_repr(M.search(imaplib::None, "OLD")) == "('NO', [b'no such key'])");
    std::error_code ec;
    M.search(imaplib::None, {"BROKEN"}, ec);
    CHECK(ec == errc::parse_error);

    // No RECENT in rev2: recent() answers at once, sending nothing.
    const std::size_t sent = server.commands.size();
    CHECK(imaplib::python_repr(M.recent()) == "('OK', [None])");
    CHECK(server.commands.size() == sent);

    // LSUB is gone: LIST (SUBSCRIBED), in LSUB's shape.
    CHECK(imaplib::python_repr(M.lsub()) == "('OK', [b'(\\\\Subscribed) \"/\" INBOX'])");
    CHECK(server.last() == "LIST (SUBSCRIBED) \"\" *");
    // SELECT's own LIST response does not end up in list()'s result.
    CHECK(imaplib::python_repr(M.list()) == "('OK', [b'() \"/\" INBOX', b'() \"/\" Sent'])");

    // UTF-8 strings without UTF8=ACCEPT, but APPEND keeps the plain literal.
    M.select("Entw\xc3\xbcrfe");
    CHECK(server.last() == "SELECT \"Entw\xc3\xbcrfe\"");
    M.append("INBOX", imaplib::None, imaplib::None, "x\r\n");
    CHECK(server.last() == "APPEND INBOX {3}x\r\n");
    // BINARY comes with rev2.
    CHECK(M.append_binary("INBOX", imaplib::None, imaplib::None, std::string("\0", 1)).typ == "OK");
    CHECK(server.last() == "APPEND INBOX ~{1}"s + '\0');
}

TEST_CASE("IMAP4rev2: an ESEARCH set too long for imaplib's shape fails within max_response", "[ext_rev2]") {
    fake_server server("IMAP4rev2 ENABLE");
    server.answer = [](const std::string& tag, const std::string& command) -> std::string {
        if (command == "ENABLE IMAP4rev2") return "* ENABLED IMAP4rev2\r\n" + ok(tag);
        if (command == "SEARCH ALL") return "* ESEARCH (TAG \"" + tag + "\") ALL 1:4294967295\r\n" + ok(tag);
        if (command == "SEARCH SMALL") return "* ESEARCH (TAG \"" + tag + "\") ALL 1:100\r\n" + ok(tag);
        return ok(tag);
    };
    for (const std::size_t limit : {std::size_t{291}, std::size_t{290}}) {  // "1 2 ... 100" is 291 bytes
        imaplib::limits l;
        l.max_response = limit;
        client M = server.connect(l);
        M.enable_capabilities({"IMAP4rev2"});
        M.select();
        std::error_code ec;
        const imaplib::response r = M.search(imaplib::None, {"SMALL"}, ec);
        if (limit == 291) {
            REQUIRE_FALSE(ec);
            CHECK(r.data[0].bytes().size() == 291);
            CHECK(r.data[0].bytes().substr(0, 6) == "1 2 3 ");
        } else {
            CHECK(ec == errc::response_too_large);
        }
    }
    imaplib::limits l;
    l.max_response = 1 << 20;
    client M = server.connect(l);
    M.enable_capabilities({"IMAP4rev2"});
    M.select();
    const auto start = std::chrono::steady_clock::now();
    std::error_code ec;
    M.search(imaplib::None, {"ALL"}, ec);
    CHECK(ec == errc::response_too_large);
    // Refused from the ranges alone, before writing a number (a generous bound).
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}
