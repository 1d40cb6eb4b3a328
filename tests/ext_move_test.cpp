// MOVE (RFC 6851), UIDPLUS (RFC 4315), MULTIAPPEND (RFC 3502), APPENDLIMIT (RFC 7889) and
// LITERAL+/- (RFC 7888) against a scripted server, for what the suite's Dovecot 2.3.19
// cannot show: no APPENDLIMIT (it has none), LITERAL- (it offers LITERAL+), a COPY without
// COPYUID, failures in the middle of the MOVE fallback, malformed APPENDUID and COPYUID.
// Dovecot's side is tests/ext_move_integration_test.cpp.
#include <imaplib/engine/move.hpp>

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/transport/memory.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using imaplib::errc;
using client = imaplib::basic_imap4<imaplib::memory_transport>;

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
