// ENABLE (RFC 5161), BINARY (RFC 3516), UTF8=ACCEPT (RFC 6855) and IMAP4rev2 (RFC 9051)
// against a scripted server. Dovecot 2.3 (tests/ext_rev2_integration_test.cpp) verifies
// ENABLE and BINARY for real; it has neither UTF8=ACCEPT nor IMAP4rev2, and nothing in
// Debian has IMAP4rev2, so those are verified here only, as are the malformed literal8 and
// BINARY responses a real server never sends.
#include <imaplib/engine/rev2.hpp>

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/views.hpp>
#include <imaplib/transport/memory.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using imaplib::errc;
using client = imaplib::basic_imap4<imaplib::memory_transport>;
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
