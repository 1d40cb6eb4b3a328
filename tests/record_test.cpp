// Tests for include/imaplib/transport/record.hpp: the transcript format, the recording
// transport and the replay transport, through the scripted memory transport.
#include <imaplib/transport/record.hpp>

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/transport/memory.hpp>
#ifdef IMAPLIB_HAS_PIPE
#include <imaplib/transport/pipe.hpp>
#endif

#include <catch2/catch.hpp>

#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using recording = imaplib::basic_recording_transport<imaplib::memory_transport>;

// A recorder writing to a string the test reads back.
struct transcript {
    std::ostringstream* text = nullptr;
    std::shared_ptr<imaplib::transcript_recorder> recorder;
    transcript() {
        auto out = std::make_unique<std::ostringstream>();
        text = out.get();
        recorder = std::make_shared<imaplib::transcript_recorder>(std::move(out));
    }
    std::string str() const {
        recorder->flush();
        return text->str();
    }
};

// Every byte value, CR and LF alone and together, UTF-8, in a literal.
std::string awkward_bytes() {
    std::string body;
    for (int i = 0; i < 256; ++i) body += static_cast<char>(i);
    body += "\r\n\n\r\\ end\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\r\n";  // UTF-8, then a cut sequence
    return "* 1 FETCH (BODY[] {" + std::to_string(body.size()) + "}\r\n" + body + ")\r\n";
}

std::string read_all(imaplib::replay_transport& t, std::error_code& ec) {
    std::string out;
    char buffer[7];  // small reads: records must join up exactly
    for (;;) {
        const std::size_t n = t.read_some(buffer, sizeof buffer, ec);
        out.append(buffer, n);
        if (ec) return out;
    }
}

}  // namespace

TEST_CASE("a transcript keeps arbitrary bytes exactly and stays readable", "[record]") {
    transcript tr;
    imaplib::memory_transport memory;
    auto script = memory.script();
    const std::string server = "* OK ready\r\n" + awkward_bytes() + "A1 OK done\r\n";
    script->push(server);
    recording t(std::move(memory), tr.recorder);
    std::error_code ec;
    t.open("host", 143, ec);
    REQUIRE_FALSE(ec);
    std::string greeting(12, '\0');
    REQUIRE(t.read_some(greeting.data(), greeting.size(), ec) == 12);
    std::string client = "A1 APPEND INBOX {258}\r\n";
    for (int i = 255; i >= 0; --i) client += static_cast<char>(i);
    client += "\r\n\r\n";
    t.write_all(client.data(), client.size(), ec);
    REQUIRE_FALSE(ec);
    std::string got = greeting;
    char buffer[5];
    while (got.size() < server.size()) {
        const std::size_t n = t.read_some(buffer, sizeof buffer, ec);
        REQUIRE_FALSE(ec);
        got.append(buffer, n);
    }
    t.shutdown();
    const std::string text = tr.str();
    INFO(text);
    CHECK(text.rfind("# imaplib-transcript 1\n", 0) == 0);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find(std::string(1, '\0')) == std::string::npos);
    CHECK(text.find("S: * OK ready\\r\\n\n") != std::string::npos);
    CHECK(text.find("C: A1 APPEND INBOX {258}\\r\\n\n") != std::string::npos);
    CHECK(text.find("end\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\\xC3\\r\\n") != std::string::npos);  // UTF-8 kept
    CHECK(text.find("\\x00\\x01") != std::string::npos);
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) CHECK(line.size() < 4 * 512 + 8);

    SECTION("strict replay: the same bytes, in any read size") {
        auto replay = imaplib::replay_transport::from_string(text, imaplib::replay_mode::strict);
        replay.open("", 0, ec);
        REQUIRE_FALSE(ec);
        std::string first(12, '\0');
        CHECK(replay.read_some(first.data(), first.size(), ec) == 12);
        CHECK(first == "* OK ready\r\n");
        // The server answers the APPEND only after the client sent it.
        char byte;
        CHECK(replay.read_some(&byte, 1, ec) == 0);
        CHECK(ec == imaplib::errc::protocol_violation);
        CHECK(replay.error_detail().find("the client waits for the server, but the recording has the client send C: A1 APPEND") !=
              std::string::npos);
    }
    SECTION("strict replay of the whole session") {
        auto replay = imaplib::replay_transport::from_string(text, imaplib::replay_mode::strict);
        replay.open("", 0, ec);
        std::string greeting(12, '\0');
        replay.read_some(greeting.data(), greeting.size(), ec);
        for (const char c : client) {  // one byte per write
            replay.write_all(&c, 1, ec);
            REQUIRE_FALSE(ec);
        }
        const std::string rest = read_all(replay, ec);
        CHECK(ec == imaplib::errc::connection_closed);
        CHECK(greeting + rest == server);
        CHECK(replay.finished());
    }
}

TEST_CASE("a random byte stream survives recording and replay", "[record]") {
    std::mt19937 random(18);
    for (int round = 0; round < 20; ++round) {
        std::string server, client;
        for (int i = 0; i < 2000; ++i) server += static_cast<char>(random() % 256);
        for (int i = 0; i < 2000; ++i) client += static_cast<char>(random() % 256);
        transcript tr;
        imaplib::memory_transport memory;
        memory.script()->push(server);
        recording t(std::move(memory), tr.recorder);
        std::error_code ec;
        t.open("", 0, ec);
        t.write_all(client.data(), client.size(), ec);
        std::string got(server.size(), '\0');
        REQUIRE(t.read_some(got.data(), got.size(), ec) == server.size());
        t.shutdown();
        auto replay = imaplib::replay_transport::from_string(tr.str(), imaplib::replay_mode::strict);
        replay.open("", 0, ec);
        replay.write_all(client.data(), client.size(), ec);
        INFO(replay.error_detail());
        REQUIRE_FALSE(ec);
        CHECK(read_all(replay, ec) == server);
        CHECK(ec == imaplib::errc::connection_closed);
    }
}

namespace {

using client = imaplib::basic_imap4<recording>;
using replayed = imaplib::basic_imap4<imaplib::replay_transport>;

// A server for LOGIN, SELECT and a FETCH of a message with every awkward byte; a line of
// the message begins with the FETCH's own tag (a literal is no place to rewrite tags).
std::shared_ptr<imaplib::memory_script> mail_server() {
    auto script = std::make_shared<imaplib::memory_script>();
    script->push("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN SASL-IR] ready\r\n");
    script->on_line = [](std::string_view line) -> std::string {
        using namespace std::string_literals;
        if (line.find(' ') == std::string_view::npos) return std::string();
        const std::string tag(line.substr(0, line.find(' ')));
        const std::string rest(line.substr(line.find(' ') + 1, line.size() - line.find(' ') - 3));
        if (rest.rfind("FETCH", 0) == 0) {
            const std::string message = "Subject: \xC3\xA9t\xC3\xA9\r\n\r\nNUL \0, CR \r alone, 8-bit \xFF\r\n"s + tag +
                                        " OK fake\r\n";
            return "* 1 FETCH (RFC822 {" + std::to_string(message.size()) + "}\r\n" + message + ")\r\n" + tag +
                   " OK FETCH done\r\n";
        }
        if (rest.rfind("SELECT", 0) == 0) return "* 1 EXISTS\r\n" + tag + " OK [READ-WRITE] selected\r\n";
        if (rest.rfind("LOGOUT", 0) == 0) return "* BYE bye\r\n" + tag + " OK done\r\n";
        return tag + " OK " + rest.substr(0, rest.find(' ')) + " done\r\n";
    };
    return script;
}

}  // namespace

TEST_CASE("a session recorded through the client replays with other tags and another password", "[record]") {
    transcript tr;
    std::string message;
    {
        client M(recording(imaplib::memory_transport(mail_server()), tr.recorder), "imap.example.org");
        M.login("alice", "s3cr\"et pw");
        M.select("INBOX");
        message = std::string(M.fetch("1", "(RFC822)").data[0].literal());
        M.logout();
    }
    CHECK(message.find(std::string("NUL \0, CR \r alone", 17)) != std::string::npos);
    const std::string text = tr.str();
    INFO(text);
    CHECK(text.find("s3cr") == std::string::npos);
    CHECK(text.find(" LOGIN alice \\{REDACTED}\\r\\n\n") != std::string::npos);

    SECTION("ignoring tags: the same results, whatever the password") {
        replayed M(imaplib::replay_transport::from_string(text), "anywhere");
        M.login("alice", "another password");
        M.select("INBOX");
        // The recorded tag inside the literal stays as it was.
        CHECK(M.fetch("1", "(RFC822)").data[0].literal() == message);
        M.logout();
        CHECK(M.transport().finished());
    }
    SECTION("strict: the client's tags are not the recording's") {
        // The greeting's CAPABILITY already differs, in its tag only.
        CHECK_THROWS_WITH(replayed(imaplib::replay_transport::from_string(text, imaplib::replay_mode::strict), "anywhere"),
                          Catch::Contains("protocol violation (transcript line 5: the client sent \"") &&
                              Catch::Contains(" CAPABILITY\\r\\n\" where the recording has C: ") &&
                              Catch::Contains(" CAPABILITY\\r\\n)"));
    }
    SECTION("ignoring tags: another command is a mismatch naming the line") {
        replayed M(imaplib::replay_transport::from_string(text), "anywhere");
        std::error_code ec;
        M.login("alice", "pw", ec);
        REQUIRE_FALSE(ec);
        M.select("Drafts", false, ec);
        CHECK(ec == imaplib::errc::protocol_violation);
        const std::string& why = M.transport().error_detail();
        INFO(why);
        CHECK(why.rfind("transcript line ", 0) == 0);
        CHECK(why.find("SELECT Drafts") != std::string::npos);
        CHECK(why.find("SELECT INBOX") != std::string::npos);
    }
}

TEST_CASE("LOGIN passwords as literals and AUTHENTICATE exchanges are redacted", "[record]") {
    transcript tr;
    imaplib::memory_transport memory;
    auto script = memory.script();
    recording t(std::move(memory), tr.recorder);
    std::error_code ec;
    t.open("", 0, ec);
    auto send = [&](std::string_view bytes) { t.write_all(bytes.data(), bytes.size(), ec); };
    auto receive = [&](std::string_view bytes) {
        script->push(bytes);
        std::string got(bytes.size(), '\0');
        t.read_some(got.data(), got.size(), ec);
    };
    receive("* OK hi\r\n");
    send("a1 login {5}\r\n");  // the user name as a literal, then the password as one
    receive("+ go\r\n");
    send("alice {9+}\r\n");
    send("liter\r\npw");
    send("\r\n");
    receive("a1 OK in\r\n");
    send("a2 AUTHENTICATE PLAIN AGFsaWNlAHNhc2xpcg==\r\n");  // SASL-IR (RFC 4959)
    receive("a2 NO try again\r\n");
    send("a3 AUTHENTICATE CRAM-MD5\r\n");
    receive("+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+\r\n");
    send("YWxpY2UgY3JhbXJlc3BvbnNl\r\n");
    receive("a3 OK in\r\n");
    tr.recorder->redact("TOKEN-123");
    send("a4 XTOKEN TOKEN-123\r\n");
    t.shutdown();
    const std::string text = tr.str();
    INFO(text);
    for (const char* secret : {"liter", "AGFsaWNl", "YWxpY2U", "PDE4OTY", "TOKEN-123", "{9"})
        CHECK(text.find(secret) == std::string::npos);
    CHECK(text.find("C: alice {\\{REDACTED}}\\r\\n\n") != std::string::npos);
    CHECK(text.find("C: \\{REDACTED}\\r\\n\n") != std::string::npos);
    CHECK(text.find("C: a2 AUTHENTICATE PLAIN \\{REDACTED}\\r\\n\n") != std::string::npos);
    CHECK(text.find("S: + \\{REDACTED}\\r\\n\n") != std::string::npos);
    CHECK(text.find("C: a4 XTOKEN \\{REDACTED}\\r\\n\n") != std::string::npos);
    CHECK(text.find("C: a1 login {5}\\r\\n\n") != std::string::npos);  // the user name stays

    // The replay takes any password, of any length, at the redacted spots.
    auto replay = imaplib::replay_transport::from_string(text, imaplib::replay_mode::strict);
    replay.open("", 0, ec);
    char buffer[64];
    auto play = [&](std::string_view bytes) {
        replay.write_all(bytes.data(), bytes.size(), ec);
        INFO(replay.error_detail());
        REQUIRE_FALSE(ec);
    };
    CHECK(replay.read_some(buffer, sizeof buffer, ec) == 9);
    play("a1 login {5}\r\n");
    CHECK(std::string(buffer, replay.read_some(buffer, sizeof buffer, ec)) == "+ go\r\n");
    play("alice {3}\r\n\r\n\r");  // a password of CR LF CR: a literal is taken whole
    play("\r\n");
    CHECK(std::string(buffer, replay.read_some(buffer, sizeof buffer, ec)) == "a1 OK in\r\n");
    play("a2 AUTHENTICATE PLAIN =\r\n");
    replay.read_some(buffer, sizeof buffer, ec);
    play("a3 AUTHENTICATE CRAM-MD5\r\n");
    CHECK(std::string(buffer, replay.read_some(buffer, sizeof buffer, ec)) == "+ \r\n");
    play("other\r\n");
    replay.read_some(buffer, sizeof buffer, ec);
    play("a4 XTOKEN other-token\r\n");
    CHECK(replay.finished());
}

TEST_CASE("STARTTLS is marked in the transcript and replayed in clear", "[record]") {
    struct any_context {};
    transcript tr;
    imaplib::memory_transport memory;
    auto script = memory.script();
    recording t(std::move(memory), tr.recorder);
    std::error_code ec;
    t.open("", 0, ec);
    script->push("* OK hi\r\n");
    char buffer[64];
    t.read_some(buffer, sizeof buffer, ec);
    t.write_all("x STARTTLS\r\n", 12, ec);
    script->push("x OK go\r\n");
    t.read_some(buffer, sizeof buffer, ec);
    t.start_tls(any_context{}, "host", ec);
    REQUIRE_FALSE(ec);
    CHECK(script->tls_active);
    t.write_all("y NOOP\r\n", 8, ec);
    const std::string text = tr.str();
    INFO(text);
    CHECK(text.find("S: x OK go\\r\\n\nT: STARTTLS\nC: y NOOP\\r\\n\n") != std::string::npos);

    auto replay = imaplib::replay_transport::from_string(text);
    replay.open("", 0, ec);
    replay.read_some(buffer, sizeof buffer, ec);
    replay.write_all("k STARTTLS\r\n", 12, ec);
    CHECK(std::string(buffer, replay.read_some(buffer, sizeof buffer, ec)) == "k OK go\r\n");
    SECTION("the client starts TLS where the recording did") {
        replay.start_tls(any_context{}, "", ec);
        REQUIRE_FALSE(ec);
        replay.write_all("m NOOP\r\n", 8, ec);
        CHECK_FALSE(ec);
        CHECK(replay.finished());
    }
    SECTION("a client that goes on in clear text is stopped") {
        replay.write_all("m NOOP\r\n", 8, ec);
        CHECK(ec == imaplib::errc::protocol_violation);
        CHECK(replay.error_detail().find("where the recording has T: STARTTLS") != std::string::npos);
    }
}

TEST_CASE("a malformed transcript is refused with its line", "[record]") {
    std::error_code ec;
    auto wrong_header = imaplib::replay_transport::from_string("# imaplib-transcript 2\n");
    wrong_header.open("", 0, ec);
    CHECK(ec == imaplib::errc::transport_error);
    CHECK(wrong_header.error_detail().find("line 1") != std::string::npos);

    auto bad_escape = imaplib::replay_transport::from_string("# imaplib-transcript 1\n# note\n\nS: * OK \\q\r\n");
    bad_escape.open("", 0, ec);
    REQUIRE_FALSE(ec);
    char buffer[16];
    bad_escape.read_some(buffer, sizeof buffer, ec);
    CHECK(ec == imaplib::errc::protocol_violation);
    CHECK(bad_escape.error_detail() == "transcript line 4: bad escape at column 9");

    auto missing = imaplib::replay_transport("/nonexistent/transcript");
    missing.open("", 0, ec);
    CHECK(ec == imaplib::errc::transport_error);
}

// The recording transport has exactly the optional members its inner transport has.
static_assert(imaplib::is_transport_v<recording>);
static_assert(imaplib::has_start_tls_v<recording> && imaplib::has_available_v<recording> &&
              imaplib::has_error_detail_v<recording> && imaplib::has_wait_readable_v<recording>);
// An idler's duration needs wait_readable; a replay has it too.
static_assert(imaplib::has_wait_readable_v<imaplib::replay_transport>);
static_assert(imaplib::has_native_handle_v<recording> == imaplib::has_native_handle_v<imaplib::memory_transport>);
#ifdef IMAPLIB_HAS_PIPE
static_assert(imaplib::has_native_handle_v<imaplib::basic_recording_transport<imaplib::pipe_transport>>);
static_assert(!imaplib::has_start_tls_v<imaplib::basic_recording_transport<imaplib::pipe_transport>>);
#endif

TEST_CASE("a transcript that cannot be written fails the session", "[record]") {
    auto out = std::make_unique<std::ostringstream>();
    std::ostringstream* stream = out.get();
    auto recorder = std::make_shared<imaplib::transcript_recorder>(std::move(out));
    imaplib::memory_transport memory;
    memory.script()->push("* OK hi\r\n");
    recording t(std::move(memory), recorder);
    std::error_code ec;
    t.open("", 0, ec);
    REQUIRE_FALSE(ec);
    stream->setstate(std::ios::badbit);  // a full disk
    char buffer[16];
    t.read_some(buffer, sizeof buffer, ec);
    CHECK(ec == imaplib::errc::transport_error);
    CHECK(t.error_detail() == "cannot write the transcript");

    CHECK(imaplib::transcript_recorder::to_file("/nonexistent/dir/transcript", ec) == nullptr);
    CHECK(ec == std::errc::no_such_file_or_directory);
}

TEST_CASE("a hand-edited record may hold several lines, tags still follow the client", "[record]") {
    auto replay = imaplib::replay_transport::from_string(
        "# imaplib-transcript 1\n"
        "C: A1 NOOP\\r\\nA2 NOOP\\r\\n\n"
        "S: * 3 EXISTS\\r\\nA1 OK first\\r\\nA2 OK second\\r\\n\n");
    std::error_code ec;
    replay.open("", 0, ec);
    const std::string commands = "x7 NOOP\r\nx8 NOOP\r\n";
    replay.write_all(commands.data(), commands.size(), ec);
    INFO(replay.error_detail());
    REQUIRE_FALSE(ec);
    CHECK(read_all(replay, ec) == "* 3 EXISTS\r\nx7 OK first\r\nx8 OK second\r\n");
    CHECK(ec == imaplib::errc::connection_closed);
    CHECK(replay.finished());
}
