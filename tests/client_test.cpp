// Tests of basic_imap4 against a scripted in-memory server: what a real server never
// does (errors, hostile input, odd framing), and imaplib's exact result shapes.
#include <imaplib/engine/basic_imap4.hpp>

#include <imaplib/engine/views.hpp>
#include <imaplib/transport/memory.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

using client = imaplib::basic_imap4<imaplib::memory_transport>;
using imaplib::python_repr;

// A scripted server: each rule answers a command (matched on the words after the tag)
// with a reply in which "$" stands for the command's tag.
struct fake_server {
    std::shared_ptr<imaplib::memory_script> script = std::make_shared<imaplib::memory_script>();
    std::vector<std::pair<std::string, std::string>> rules;
    std::vector<std::string> commands;  // each command line, tag removed
    std::string last_tag;
    // Answers a client line that is not a command (a literal's closing CRLF, an
    // AUTHENTICATE response); "$" stands for the tag of the command in progress.
    std::function<std::string(std::string_view line)> on_other_line;

    explicit fake_server(std::string greeting = "* OK [CAPABILITY IMAP4rev1] ready\r\n") {
        script->push(greeting);
        on("CAPABILITY", "* CAPABILITY IMAP4rev1 LITERAL+ STARTTLS ENABLE AUTH=PLAIN\r\n$ OK done\r\n");
        on("LOGOUT", "* BYE bye now\r\n$ OK done\r\n");
        on("NOOP", "$ OK NOOP done\r\n");
        script->on_line = [this](std::string_view line) { return answer(line); };
    }

    // Later rules win, so a test can override the defaults.
    fake_server& on(std::string command_prefix, std::string reply) {
        rules.emplace(rules.begin(), std::move(command_prefix), std::move(reply));
        return *this;
    }

    std::string answer(std::string_view line) {
        if (line.find(' ') == std::string_view::npos) {
            return on_other_line ? with_tag(on_other_line(line)) : std::string();
        }
        const std::string tag(line.substr(0, line.find(' ')));
        last_tag = tag;
        std::string rest(line.substr(tag.size() + 1));
        rest.erase(rest.size() - 2);  // CRLF
        commands.push_back(rest);
        for (const auto& rule : rules) {
            if (rest.compare(0, rule.first.size(), rule.first) == 0) return with_tag(rule.second);
        }
        return tag + " BAD unknown command\r\n";
    }

    std::string with_tag(std::string reply) const {
        for (std::size_t at = reply.find('$'); at != std::string::npos; at = reply.find('$', at + last_tag.size()))
            reply.replace(at, 1, last_tag);
        return reply;
    }

    imaplib::memory_transport transport() const { return imaplib::memory_transport(script); }
};

client connected(fake_server& server) { return client(server.transport(), "imap.example.org"); }

}  // namespace

TEST_CASE("greeting sets the state, capabilities and protocol version", "[client]") {
    SECTION("OK greeting: NONAUTH") {
        fake_server server;
        client M = connected(server);
        CHECK(M.state() == "NONAUTH");
        CHECK(python_repr(M.capabilities()) == "('IMAP4REV1', 'LITERAL+', 'STARTTLS', 'ENABLE', 'AUTH=PLAIN')");
        CHECK(M.PROTOCOL_VERSION() == "IMAP4REV1");
        CHECK(M.welcome() == "* OK [CAPABILITY IMAP4rev1] ready");
        CHECK(server.script->host == "imap.example.org");
        CHECK(server.script->port == 143);
    }
    SECTION("PREAUTH greeting: AUTH") {
        fake_server server("* PREAUTH [CAPABILITY IMAP4rev1] welcome back\r\n");
        client M = connected(server);
        CHECK(M.state() == "AUTH");
    }
    SECTION("BYE greeting is an error and the connection is closed") {
        fake_server server("* BYE go away\r\n");
        CHECK_THROWS_AS(connected(server), imaplib::error);
        CHECK(server.script->closed);
        CHECK(server.script->output.empty());
    }
    SECTION("a server that is not IMAP4") {
        fake_server server;
        server.on("CAPABILITY", "* CAPABILITY POP3\r\n$ OK done\r\n");
        CHECK_THROWS_WITH(connected(server), "server not IMAP4 compliant");
    }
    SECTION("no CAPABILITY response") {
        fake_server server("* OK ready\r\n");
        server.on("CAPABILITY", "$ OK done\r\n");
        CHECK_THROWS_WITH(connected(server), "no CAPABILITY response from server");
    }
    SECTION("timeout of zero is refused as in imaplib") {
        fake_server server;
        client M(server.transport());
        std::error_code ec;
        M.connect("h", 143, std::chrono::milliseconds(0), ec);
        CHECK(ec == imaplib::errc::invalid_argument);
        CHECK(M.error_message() == "Non-blocking socket (timeout=0) is not supported");
    }
}

TEST_CASE("results have imaplib's shape", "[client]") {
    fake_server server("* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n");
    server.on("SELECT", "* FLAGS (\\Seen \\Deleted)\r\n* 3 EXISTS\r\n* 0 RECENT\r\n"
                        "* OK [UIDVALIDITY 1234] UIDs valid\r\n* OK [PERMANENTFLAGS (\\Seen \\*)] ok\r\n"
                        "$ OK [READ-WRITE] Select completed.\r\n");
    server.on("FETCH 1 (RFC822)", "* 1 FETCH (RFC822 {5}\r\nhello)\r\n$ OK done\r\n");
    server.on("FETCH 2 (BODY[HEADER] BODY[TEXT])",
              "* 2 FETCH (BODY[HEADER] {3}\r\nabc BODY[TEXT] {2}\r\nde)\r\n$ OK done\r\n");
    server.on("FETCH 3 (FLAGS)", "* 3 FETCH (FLAGS (\\Seen))\r\n* 2 EXPUNGE\r\n$ OK done\r\n");
    server.on("SEARCH", "* SEARCH 1 2 3\r\n$ OK done\r\n");
    server.on("LIST", "* LIST (\\HasNoChildren) \"/\" INBOX\r\n* LIST () \"/\" \"with space\"\r\n$ OK done\r\n");
    server.on("GETQUOTAROOT", "* QUOTAROOT INBOX \"\"\r\n* QUOTA \"\" (STORAGE 10 512)\r\n$ OK done\r\n");
    client M = connected(server);

    CHECK(python_repr(M.select()) == "('OK', [b'3'])");
    CHECK(M.state() == "SELECTED");
    // imaplib files response codes under their own names, tagged ones included.
    CHECK(python_repr(M.response("UIDVALIDITY")) == "('UIDVALIDITY', [b'1234'])");
    CHECK(python_repr(M.response("uidvalidity")) == "('uidvalidity', [None])");
    CHECK(python_repr(M.response("PERMANENTFLAGS")) == "('PERMANENTFLAGS', [b'(\\\\Seen \\\\*)'])");
    CHECK(python_repr(M.response("READ-WRITE")) == "('READ-WRITE', [b''])");
    CHECK(python_repr(M.response("FLAGS")) == "('FLAGS', [b'(\\\\Seen \\\\Deleted)'])");

    CHECK(python_repr(M.fetch("1", "(RFC822)")) == "('OK', [(b'1 (RFC822 {5}', b'hello'), b')'])");
    CHECK(python_repr(M.fetch("2", "(BODY[HEADER] BODY[TEXT])")) ==
          "('OK', [(b'2 (BODY[HEADER] {3}', b'abc'), (b' BODY[TEXT] {2}', b'de'), b')'])");
    CHECK(python_repr(M.fetch("3", "(FLAGS)")) == "('OK', [b'3 (FLAGS (\\\\Seen))'])");
    CHECK(python_repr(M.response("EXPUNGE")) == "('EXPUNGE', [b'2'])");
    CHECK(python_repr(M.search(imaplib::None, "ALL")) == "('OK', [b'1 2 3'])");
    CHECK(python_repr(M.list()) ==
          "('OK', [b'(\\\\HasNoChildren) \"/\" INBOX', b'() \"/\" \"with space\"'])");
    CHECK(python_repr(M.getquotaroot("INBOX")) == "('OK', [[b'INBOX \"\"'], [b'\"\" (STORAGE 10 512)']])");
    // Nothing untagged of that name: [None].
    server.on("EXPUNGE", "$ OK nothing to expunge\r\n");
    CHECK(python_repr(M.expunge()) == "('OK', [None])");
}

TEST_CASE("bytes split across reads give the same results", "[client]") {
    for (std::size_t chunk : {1u, 2u, 7u, 0u}) {
        fake_server server;
        server.script->chunk = chunk;
        server.on("LOGIN", "$ OK logged in\r\n");
        server.on("SELECT", "* 1 EXISTS\r\n$ OK done\r\n");
        server.on("FETCH", "* 1 FETCH (BODY[] {10}\r\n0123\r\n5678 UID 9)\r\n$ OK done\r\n");
        client M = connected(server);
        M.login("u", "p");
        M.select();
        CAPTURE(chunk);
        CHECK(python_repr(M.fetch("1", "(BODY[] UID)")) == "('OK', [(b'1 (BODY[] {10}', b'0123\\r\\n5678'), b' UID 9)'])");
    }
}

TEST_CASE("errors are raised where imaplib raises them", "[client]") {
    fake_server server;
    server.on("LOGIN bad", "$ NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    server.on("LOGIN good", "$ OK logged in\r\n");
    server.on("SELECT Missing", "$ NO Mailbox doesn't exist: Missing\r\n");
    server.on("SELECT INBOX", "* 2 EXISTS\r\n$ OK [READ-WRITE] done\r\n");
    server.on("EXAMINE INBOX", "* 2 EXISTS\r\n$ OK [READ-ONLY] done\r\n");
    server.on("SELECT Shared", "* 2 EXISTS\r\n$ OK [READ-ONLY] done\r\n");
    client M = connected(server);

    SECTION("a command in the wrong state is refused locally") {
        const auto before = server.commands.size();
        CHECK_THROWS_WITH(M.fetch("1", "(FLAGS)"),
                          "command FETCH illegal in state NONAUTH, only allowed in states SELECTED");
        CHECK(server.commands.size() == before);
    }
    SECTION("LOGIN NO raises error with the server's text as imaplib formats it") {
        CHECK_THROWS_WITH(M.login("bad", "pw"), "b'[AUTHENTICATIONFAILED] Authentication failed.'");
        CHECK(M.state() == "NONAUTH");
    }
    SECTION("BAD raises error; the connection stays usable") {
        CHECK_THROWS_WITH(M.xatom("FROB"), "FROB command error: BAD [b'unknown command']");
        CHECK(M.noop().typ == "OK");
    }
    SECTION("SELECT NO returns NO and leaves the state AUTH") {
        M.login("good", "pw");
        const auto r = M.select("Missing");
        CHECK(python_repr(r) == "('NO', [b\"Mailbox doesn't exist: Missing\"])");
        CHECK(M.state() == "AUTH");
    }
    SECTION("READ-ONLY on a read-write SELECT raises readonly") {
        M.login("good", "pw");
        CHECK_THROWS_AS(M.select("Shared"), imaplib::readonly);
        // EXAMINE asked for read-only: fine.
        CHECK(python_repr(M.select("INBOX", true)) == "('OK', [b'2'])");
        CHECK(M.is_readonly());
    }
    SECTION("a mailbox that turns READ-ONLY while selected raises readonly on the next command") {
        M.login("good", "pw");
        M.select("INBOX");
        server.on("NOOP", "* OK [READ-ONLY] now read-only\r\n$ OK done\r\n");
        M.noop();
        try {
            M.noop();
            FAIL("no exception");
        } catch (const imaplib::readonly& e) {
            CHECK(std::string(e.what()) == "mailbox status changed to READ-ONLY");
            CHECK(e.code() == imaplib::errc::mailbox_readonly);
        }
    }
    SECTION("unknown UID command") {
        M.login("good", "pw");
        M.select("INBOX");
        CHECK_THROWS_WITH(M.uid("FROB", "1"), "Unknown IMAP4 UID command: FROB");
    }
}

TEST_CASE("a dead connection is an abort and stays dead", "[client]") {
    SECTION("EOF in the middle of a command") {
        fake_server server;
        server.on("NOOP", "* 1 EXISTS\r\n");
        client M = connected(server);
        try {
            M.noop();
            FAIL("no exception");
        } catch (const imaplib::abort& e) {
            CHECK(std::string(e.what()) == "command: NOOP => socket error: EOF");
            CHECK(e.code() == imaplib::errc::connection_closed);
        }
        CHECK(server.script->closed);
        CHECK_THROWS_AS(M.noop(), imaplib::abort);
    }
    SECTION("BYE in the middle of a command") {
        fake_server server;
        server.on("NOOP", "* BYE shutting down\r\n");
        client M = connected(server);
        CHECK_THROWS_WITH(M.noop(), "command: NOOP => shutting down");
    }
    SECTION("a timeout kills the connection") {
        fake_server server;
        server.on("NOOP", "");
        server.script->on_empty = imaplib::memory_script::when_empty::timeout;
        client M = connected(server);
        std::error_code ec;
        M.noop(ec);
        CHECK(ec == imaplib::errc::timeout);
        CHECK(imaplib::kind_of(ec) == imaplib::error_kind::abort);
        CHECK(server.script->closed);
    }
    SECTION("a tagged response for a tag never sent") {
        fake_server server;
        server.on("NOOP", "ZZZZ99 OK nope\r\n");
        client M = connected(server);
        CHECK_THROWS_AS(M.noop(), imaplib::abort);
    }
    SECTION("a tagged response for our prefix but another number") {
        fake_server server;
        server.on("NOOP", "$9 OK nope\r\n");
        client M = connected(server);
        try {
            M.noop();
            FAIL("no exception");
        } catch (const imaplib::abort& e) {
            CHECK(std::string(e.what()).find("unexpected tagged response") != std::string::npos);
        }
    }
    SECTION("a line longer than the limit") {
        fake_server server;
        server.on("NOOP", "* OK " + std::string(5000, 'x') + "\r\n$ OK done\r\n");
        imaplib::limits small;
        small.max_line = 1000;
        client M(server.transport(), small);
        std::error_code ec;
        M.connect("h", 143, {}, ec);
        REQUIRE_FALSE(ec);
        M.noop(ec);
        CHECK(ec == imaplib::errc::line_too_long);
        CHECK(server.script->closed);
    }
    SECTION("a failed write") {
        fake_server server;
        server.script->fail_write_at = 2;  // CAPABILITY is the first write
        client M = connected(server);
        CHECK_THROWS_AS(M.noop(), imaplib::abort);
    }
}

TEST_CASE("literals wait for the server's go-ahead", "[client]") {
    SECTION("APPEND sends the message after '+'") {
        fake_server server("* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n");
        std::string received;
        server.on("APPEND", "+ go ahead\r\n");
        server.script->on_literal = [&](std::string_view literal) {
            received = std::string(literal);
            return std::string();
        };
        server.on_other_line = [](std::string_view) { return std::string("$ OK [APPENDUID 7 9] done\r\n"); };
        client M = connected(server);
        const auto r = M.append("INBOX", "\\Seen", imaplib::None, "Subject: hi\n\nbody\r\n");
        CHECK(r.typ == "OK");
        CHECK(received == "Subject: hi\r\n\r\nbody\r\n");  // imaplib's MapCRLF
        CHECK(server.commands.back() == "APPEND INBOX (\\Seen) {21}");
        CHECK(python_repr(M.response("APPENDUID")) == "('APPENDUID', [b'7 9'])");
    }
    SECTION("a rejected APPEND never sends the literal") {
        fake_server server("* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n");
        server.on("APPEND", "$ NO [OVERQUOTA] too big\r\n");
        bool literal_sent = false;
        server.script->on_literal = [&](std::string_view) {
            literal_sent = true;
            return std::string();
        };
        client M = connected(server);
        const std::string secret = "this must not be sent";
        const auto r = M.append("INBOX", imaplib::None, imaplib::None, secret);
        CHECK(r.typ == "NO");
        CHECK_FALSE(literal_sent);
        CHECK(server.script->output.find(secret) == std::string::npos);
    }
}

TEST_CASE("authenticate and CRAM-MD5", "[client]") {
    SECTION("base64 challenges and responses") {
        fake_server server;
        std::vector<std::string> challenges;
        std::vector<std::string> answers;
        server.on("AUTHENTICATE PLAIN", "+ \r\n");
        server.on_other_line = [&](std::string_view line) {
            answers.emplace_back(line);
            return std::string("$ OK authenticated\r\n");
        };
        client M = connected(server);
        const auto r = M.authenticate("plain", [&](std::string_view challenge) -> std::optional<std::string> {
            challenges.emplace_back(challenge);
            return std::string("\0u\0p", 4);
        });
        CHECK(r.typ == "OK");
        CHECK(M.state() == "AUTH");
        REQUIRE(challenges.size() == 1);
        CHECK(challenges[0].empty());
        CHECK(server.commands.back() == "AUTHENTICATE PLAIN");
        CHECK(answers == std::vector<std::string>{"AHUAcA==\r\n"});
    }
    SECTION("cancelling sends '*'") {
        fake_server server;
        std::vector<std::string> answers;
        server.on("AUTHENTICATE", "+ Y2hhbGxlbmdl\r\n");
        server.on_other_line = [&](std::string_view line) {
            answers.emplace_back(line);
            return std::string("$ BAD cancelled\r\n");
        };
        client M = connected(server);
        std::string seen;
        CHECK_THROWS_AS(M.authenticate("X", [&](std::string_view c) {
            seen = std::string(c);
            return std::optional<std::string>();
        }), imaplib::error);
        CHECK(seen == "challenge");
        CHECK(answers == std::vector<std::string>{"*\r\n"});
    }
    SECTION("CRAM-MD5 answers with the RFC 2195 digest") {
        fake_server server;
        std::string answer;
        server.on("AUTHENTICATE CRAM-MD5", "+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n");
        server.on_other_line = [&](std::string_view line) {
            answer = std::string(line);
            return std::string("$ OK done\r\n");
        };
        client M = connected(server);
        M.login_cram_md5("tim", "tanstaaftanstaaf");
        // RFC 2195 section 2: "tim b913a602c7eda7a495b4e6e7334d3890", base64-encoded.
        CHECK(answer == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n");
    }
    SECTION("a failed AUTHENTICATE raises error with the server's text") {
        fake_server server;
        server.on("AUTHENTICATE", "$ NO [AUTHENTICATIONFAILED] nope\r\n");
        client M = connected(server);
        CHECK_THROWS_WITH(M.authenticate("PLAIN", [](std::string_view) { return std::optional<std::string>(); }),
                          "[AUTHENTICATIONFAILED] nope");
    }
}

TEST_CASE("no argument can inject a command", "[client][security]") {
    fake_server server("* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n");
    server.on("SELECT", "* 1 EXISTS\r\n$ OK done\r\n");
    server.on("CREATE", "+ ok\r\n");
    client M = connected(server);

    SECTION("CR/LF in a syntax argument is refused and nothing is sent") {
        const std::string before = server.script->output;
        std::error_code ec;
        M.select("INBOX", false, ec);
        const std::string after_select = server.script->output;
        M.fetch("1", "(FLAGS)\r\nA1 DELETE INBOX", ec);
        CHECK(ec == imaplib::errc::invalid_argument);
        CHECK(server.script->output == after_select);
        M.search(imaplib::None, {"ALL\nX"}, ec);
        CHECK(ec == imaplib::errc::invalid_argument);
        CHECK(server.script->output == after_select);
    }
    SECTION("CR/LF in a mailbox name goes as a literal") {
        std::string literal;
        server.script->on_literal = [&](std::string_view l) {
            literal = std::string(l);
            return std::string();
        };
        server.on_other_line = [](std::string_view) { return std::string("$ OK created\r\n"); };
        const auto r = M.create("evil\r\nA1 DELETE INBOX");
        CHECK(r.typ == "OK");
        CHECK(literal == "evil\r\nA1 DELETE INBOX");
        CHECK(server.commands.back() == "CREATE {21}");
    }
    SECTION("a mailbox with spaces is quoted, an atom is sent as is") {
        server.on("DELETE", "$ OK deleted\r\n");
        M.delete_mailbox("My Folder");
        CHECK(server.commands.back() == "DELETE \"My Folder\"");
        M.delete_mailbox("Archive/2024");
        CHECK(server.commands.back() == "DELETE Archive/2024");
        M.delete_mailbox("\"already quoted\"");
        CHECK(server.commands.back() == "DELETE \"already quoted\"");
    }
    SECTION("the password is always quoted and escaped") {
        fake_server s2;
        s2.on("LOGIN", "$ OK in\r\n");
        client C = connected(s2);
        C.login("user", "p\"a\\ss");
        CHECK(s2.commands.back() == "LOGIN user \"p\\\"a\\\\ss\"");
    }
    SECTION("flags with parentheses or quotes inside are refused") {
        M.select("INBOX");
        std::error_code ec;
        M.store("1", "+FLAGS", "\\Seen) (\\Deleted", ec);
        CHECK(ec == imaplib::errc::invalid_argument);
        M.store("1", "+FLAGS", "\"x\"", ec);
        CHECK(ec == imaplib::errc::invalid_argument);
        server.on("STORE", "* 1 FETCH (FLAGS (\\Seen Work))\r\n$ OK done\r\n");
        CHECK(python_repr(M.store("1", "+FLAGS", "\\Seen Work")) == "('OK', [b'1 (FLAGS (\\\\Seen Work))'])");
        CHECK(server.commands.back() == "STORE 1 +FLAGS (\\Seen Work)");
    }
    SECTION("NUL is refused everywhere") {
        std::error_code ec;
        M.create(std::string_view("a\0b", 3), ec);
        CHECK(ec == imaplib::errc::invalid_argument);
    }
}

TEST_CASE("LOGINDISABLED refuses LOGIN before the password is sent", "[client][security]") {
    fake_server server;
    server.on("CAPABILITY", "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n$ OK done\r\n");
    client M = connected(server);
    std::error_code ec;
    M.login("user", "secret", ec);
    CHECK(ec == imaplib::errc::logindisabled);
    CHECK(server.script->output.find("secret") == std::string::npos);
}

TEST_CASE("STARTTLS", "[client][security]") {
    struct dummy_context {};
    SECTION("upgrade, then capabilities are asked again and old untagged data dropped") {
        fake_server server("* OK [CAPABILITY IMAP4rev1 STARTTLS] plain\r\n");
        server.on("STARTTLS", "$ OK Begin TLS negotiation now.\r\n");
        client M = connected(server);
        server.on("CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$ OK done\r\n");
        const auto r = M.starttls(dummy_context{});
        CHECK(r.typ == "OK");
        CHECK(server.script->start_tls_calls == 1);
        CHECK(server.script->start_tls_host == "imap.example.org");
        CHECK(python_repr(M.capabilities()) == "('IMAP4REV1', 'AUTH=PLAIN')");
        CHECK(M.untagged_responses().empty());
        // A second STARTTLS is refused locally with imaplib's abort, which, like every
        // abort here, closes the connection.
        CHECK_THROWS_WITH(M.starttls(dummy_context{}), "TLS session already established");
        CHECK(server.script->closed);
    }
    SECTION("bytes after the OK and before the handshake abort the upgrade") {
        fake_server server("* OK [CAPABILITY IMAP4rev1 STARTTLS] plain\r\n");
        server.on("STARTTLS", "$ OK go\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
        client M = connected(server);
        std::error_code ec;
        M.starttls(dummy_context{}, ec);
        CHECK(ec == imaplib::errc::starttls_injection);
        CHECK(server.script->start_tls_calls == 0);
        CHECK(server.script->closed);
    }
    SECTION("no STARTTLS advertised: nothing is sent") {
        fake_server server;
        server.on("CAPABILITY", "* CAPABILITY IMAP4rev1\r\n$ OK done\r\n");
        client M = connected(server);
        const auto written = server.script->output.size();
        CHECK_THROWS_WITH(M.starttls(dummy_context{}), "TLS not supported by server");
        CHECK(server.script->output.size() == written);
    }
    SECTION("STARTTLS answered NO ends the connection: no credentials can follow") {
        fake_server server;
        server.on("STARTTLS", "$ NO not now\r\n");
        client M = connected(server);
        CHECK_THROWS_WITH(M.starttls(dummy_context{}), "Couldn't establish TLS session");
        CHECK(server.script->start_tls_calls == 0);
        CHECK(server.script->closed);
        CHECK_THROWS_AS(M.login("user", "secret"), imaplib::abort);
        CHECK(server.script->output.find("secret") == std::string::npos);
    }
    SECTION("PREAUTH: STARTTLS is illegal, never a silent plaintext session") {
        fake_server server("* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n");
        client M = connected(server);
        CHECK_THROWS_WITH(M.starttls(dummy_context{}),
                          "command STARTTLS illegal in state AUTH, only allowed in states NONAUTH");
    }
}

TEST_CASE("UTF8=ACCEPT changes the wire only when the server confirms it", "[client]") {
    for (const bool confirmed : {false, true}) {
        fake_server server("* PREAUTH [CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT] hi\r\n");
        server.on("CAPABILITY", "* CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT\r\n$ OK done\r\n");
        server.on("ENABLE", std::string(confirmed ? "* ENABLED UTF8=ACCEPT\r\n" : "") + "$ OK Enabled\r\n");
        server.on("APPEND", "+ go\r\n");
        server.on_other_line = [](std::string_view) { return std::string("$ OK appended\r\n"); };
        client M = connected(server);
        M.enable("UTF8=ACCEPT");
        CHECK(M.utf8_enabled());  // imaplib's attribute follows the OK
        M.append("INBOX", imaplib::None, imaplib::None, "Subject: caf\xC3\xA9\r\n\r\nx\r\n");
        CAPTURE(confirmed);
        CHECK(server.commands.back() == (confirmed ? "APPEND INBOX UTF8 (~{21}" : "APPEND INBOX {21}"));
    }
}

TEST_CASE("logout returns the BYE and the destructor logs out", "[client]") {
    fake_server server;
    {
        client M = connected(server);
        server.on("LOGIN", "$ OK in\r\n");
        M.login("u", "p");
    }
    CHECK(server.commands.back() == "LOGOUT");
    CHECK(server.script->closed);

    fake_server s2;
    client M = connected(s2);
    CHECK(python_repr(M.logout()) == "('BYE', [b'bye now'])");
    CHECK(M.state() == "LOGOUT");
}

TEST_CASE("debug output redacts the password", "[client]") {
    fake_server server;
    server.on("LOGIN", "$ OK in\r\n");
    std::vector<std::string> lines;  // outlives M, whose destructor still logs
    client M(server.transport());
    M.set_debug_sink([&](std::string_view line) { lines.emplace_back(line); });
    M.debug(4);
    std::error_code ec;
    M.connect("h", 143, {}, ec);
    REQUIRE_FALSE(ec);
    M.login("alice", "hunter2");
    bool saw_login = false;
    for (const auto& line : lines) {
        CHECK(line.find("hunter2") == std::string::npos);
        if (line.find("LOGIN alice \"***\"") != std::string::npos) saw_login = true;
    }
    CHECK(saw_login);
}

TEST_CASE("python_repr prints what Python prints", "[client]") {
    using imaplib::data_item;
    CHECK(python_repr(data_item::owning("it's")) == "b\"it's\"");
    CHECK(python_repr(data_item::owning("a'b\"c")) == "b'a\\'b\"c'");
    CHECK(python_repr(data_item::owning(std::string("\x00\x7f\xff\t\r\n\\", 7))) == "b'\\x00\\x7f\\xff\\t\\r\\n\\\\'");
    CHECK(python_repr(data_item{}) == "None");
    CHECK(python_repr(std::vector<std::string>{"ONE"}) == "('ONE',)");
    CHECK(python_repr(std::vector<std::string>{}) == "()");
}

TEST_CASE("a literal sink receives bodies in chunks as they arrive", "[client][streaming]") {
    std::string big;
    for (int i = 0; big.size() < 200000; ++i) big += "line " + std::to_string(i) + "\r\n";
    for (std::size_t chunk : {0u, 997u, 1u << 16}) {
        fake_server server("* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n");
        server.script->chunk = chunk;
        server.on("SELECT", "* 2 EXISTS\r\n$ OK done\r\n");
        server.on("FETCH", "* 1 FETCH (UID 7 BODY[] {" + std::to_string(big.size()) + "}\r\n" + big +
                               ")\r\n* 2 FETCH (UID 8 BODY[] {0}\r\n BODY[HEADER] {3}\r\nabc)\r\n$ OK done\r\n");
        client M = connected(server);
        M.select();
        std::vector<std::string> bodies;
        std::vector<std::string> lines;
        std::size_t chunks = 0;
        M.set_literal_sink([&](const imaplib::literal_chunk& c) {
            if (c.offset == 0) {
                bodies.emplace_back();
                lines.emplace_back(c.line);
            }
            CHECK(c.offset == bodies.back().size());
            bodies.back().append(c.bytes);
            ++chunks;
        });
        const auto r = M.fetch("1:2", "(UID BODY[])");
        M.set_literal_sink(nullptr);
        CAPTURE(chunk);
        // The bodies went to the sink: nothing keeps them, so no item has a frame to parse.
        for (const auto& item : r.data) CHECK(item.frame().empty());
        REQUIRE(bodies.size() == 3);
        CHECK(bodies[0] == big);
        CHECK(bodies[1].empty());
        CHECK(bodies[2] == "abc");
        CHECK(lines[0] == "* 1 FETCH (UID 7 BODY[] {" + std::to_string(big.size()) + "}");
        CHECK(lines[2] == " BODY[HEADER] {3}");
        if (chunk == 997) CHECK(chunks > 100);  // really streamed, not buffered whole
        CHECK(python_repr(r) == "('OK', [(b'1 (UID 7 BODY[] {" + std::to_string(big.size()) +
                                    "}', b''), b')', (b'2 (UID 8 BODY[] {0}', b''), (b' BODY[HEADER] {3}', b''), b')'])");
        // Back to normal results.
        CHECK(python_repr(M.fetch("1:2", "(UID BODY[])")).find("line 0\\r\\nline 1") != std::string::npos);
    }
}

TEST_CASE("typed views are one call away from results", "[client][views]") {
    fake_server server("* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n");
    server.on("SELECT", "* 2 EXISTS\r\n$ OK [READ-WRITE] done\r\n");
    const std::string fetch_reply =
        "* 1 FETCH (UID 10 ENVELOPE (\"Mon, 1 Jan 2024 00:00:00 +0000\" {5}\r\nHello NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"
        "* 2 FETCH (UID 11 ENVELOPE (NIL \"World\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"
        "$ OK done\r\n";
    server.on("FETCH", fetch_reply);
    client M = connected(server);
    const auto selected = M.select();

    SECTION("fetch_views over a result") {
        const auto r = M.fetch("1:2", "(UID ENVELOPE)");
        std::error_code ec;
        const auto messages = imaplib::fetch_views(r, ec);
        REQUIRE_FALSE(ec);
        REQUIRE(messages.size() == 2);
        CHECK(messages[0].seq() == 1);
        CHECK(messages[0].uid() == 10u);
        CHECK(messages[0].envelope()->subject.str() == "Hello");
        CHECK(messages[1].uid() == 11u);
        CHECK(messages[1].envelope()->subject.str() == "World");
    }
    SECTION("each item's own response, typed") {
        imaplib::grammar::response_view view;
        std::error_code ec;
        REQUIRE(imaplib::view_of(selected.data.front(), view, ec));
        CHECK(view.kind() == imaplib::grammar::response_kind::untagged);
        CHECK(view.data() == imaplib::grammar::data_kind::exists);
        CHECK(view.number() == 2);
        // A tagged result's item is the tagged response.
        const auto noop = M.noop();  // the view points into it: keep it alive
        REQUIRE(imaplib::view_of(noop.data.front(), view, ec));
        CHECK(view.kind() == imaplib::grammar::response_kind::tagged);
        CHECK(view.condition() == imaplib::grammar::resp_cond::ok);
        CHECK(view.tag() == M.tagpre() + std::to_string(M.tagnum() - 1));
        // An item that did not come from a server has no response behind it.
        CHECK_FALSE(imaplib::view_of(imaplib::data_item::owning("x"), view, ec));
        CHECK(ec == imaplib::errc::parse_error);
    }
    SECTION("a typed handler consumes responses before they are stored") {
        std::vector<std::uint32_t> uids;
        M.set_untagged_handler(imaplib::typed_handler([&](const imaplib::grammar::response_view& v) {
            if (v.data() != imaplib::grammar::data_kind::fetch) return false;
            uids.push_back(v.as_fetch().uid().value_or(0));
            return true;
        }));
        const auto r = M.fetch("1:2", "(UID ENVELOPE)");
        CHECK(uids == std::vector<std::uint32_t>{10, 11});
        CHECK(python_repr(r) == "('OK', [None])");  // consumed: nothing kept
        M.set_untagged_handler(nullptr);
        CHECK(M.fetch("1:2", "(UID ENVELOPE)").data.size() == 3);
    }
}
