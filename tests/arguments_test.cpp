// Arguments can never change a command's shape, and a continuation request counts only
// when it answers the command: the exact bytes each argument form puts on the wire
// (memory_transport), refusals that send nothing, the stale "+" over memory and over a
// real socket (tests/support/script_server.hpp), and fetch_all's printing of server text.
#include <imaplib/engine/basic_imap4.hpp>

#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/tcp.hpp>
#if defined(IMAPLIB_USE_WOLFSSL)
#include <imaplib/transport/tls.hpp>
#endif

#include "support/script_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using memory_client = imaplib::basic_imap4<imaplib::memory_transport>;
using tcp_client = imaplib::basic_imap4<imaplib::tcp_transport>;

// A server that says OK to every command and "+" to every literal, so that each call's
// bytes can be read back whole; connected, and in `selected` state INBOX is selected.
class wire {
public:
    explicit wire(bool selected)
        : script_(make_script(tag_, selected)), M(imaplib::memory_transport(script_), "imap.example.org") {
        std::error_code ec;
        if (selected) M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
    }

    // What `call` wrote, with the command's tag written as "T"; ec is the call's.
    template <class Call>
    std::string sent(Call call, std::error_code& ec) {
        const std::size_t before = script_->output.size();
        call(M, ec);
        std::string out = script_->output.substr(before);
        if (!out.empty() && out.compare(0, tag_->size(), *tag_) == 0) out.replace(0, tag_->size(), "T");
        return out;
    }

private:
    static std::shared_ptr<imaplib::memory_script> make_script(const std::shared_ptr<std::string>& tag,
                                                              bool selected) {
        auto s = std::make_shared<imaplib::memory_script>();
        s->push(selected ? "* PREAUTH ready\r\n" : "* OK ready\r\n");
        auto continuing = std::make_shared<bool>(false);
        s->on_line = [tag, continuing](std::string_view line) -> std::string {
            if (!*continuing) tag->assign(line.substr(0, line.find(' ')));
            *continuing = imaplib::detail::literal_announcement(line).has_value();
            if (*continuing) return "+ go\r\n";
            const bool capability = line == *tag + " CAPABILITY\r\n";
            return (capability ? "* CAPABILITY IMAP4rev1\r\n" : "") + *tag + " OK done\r\n";
        };
        return s;
    }

    std::shared_ptr<std::string> tag_ = std::make_shared<std::string>();
    std::shared_ptr<imaplib::memory_script> script_;

public:
    memory_client M;
};

// The bytes of one call that must succeed (in NONAUTH state when `selected` is false).
template <class Call>
std::string sent_ok(Call call, bool selected = true) {
    wire w(selected);
    std::error_code ec;
    std::string out = w.sent(call, ec);
    CHECK_FALSE(ec);
    return out;
}

// One call that must be refused before anything is written.
template <class Call>
void refused(Call call) {
    wire w(true);
    std::error_code ec;
    CHECK(w.sent(call, ec).empty());
    CHECK(ec == errc::invalid_argument);
    CHECK_THAT(w.M.error_message(), Catch::Contains("refusing"));
}

}  // namespace

TEST_CASE("a user name passes as it is only as an atom or one quoted string", "[arguments]") {
    const auto login = [](std::string_view user) {
        return sent_ok([&](auto& M, std::error_code& ec) { M.login(user, "pw", ec); }, false);
    };
    // What imaplib sends for these:
    CHECK(login("alice") == "T LOGIN alice \"pw\"\r\n");
    CHECK(login("\"alice\"") == "T LOGIN \"alice\" \"pw\"\r\n");
    CHECK(login("\"a \\\"b\\\\\"") == "T LOGIN \"a \\\"b\\\\\" \"pw\"\r\n");
    CHECK(login("\"\"") == "T LOGIN \"\" \"pw\"\r\n");
    CHECK(login("al ice") == "T LOGIN \"al ice\" \"pw\"\r\n");
    // Each of these would be two arguments, a list, or an unterminated string if sent raw.
    CHECK(login("\"victim\" \"guess\"") == "T LOGIN \"\\\"victim\\\" \\\"guess\\\"\" \"pw\"\r\n");
    CHECK(login("\"\\\"") == "T LOGIN \"\\\"\\\\\\\"\" \"pw\"\r\n");
    CHECK(login("\"a\\b\"") == "T LOGIN \"\\\"a\\\\b\\\"\" \"pw\"\r\n");  // \b is no escape
    CHECK(login("(a) (b)") == "T LOGIN \"(a) (b)\" \"pw\"\r\n");
    CHECK(login("(a)") == "T LOGIN \"(a)\" \"pw\"\r\n");  // never a list in LOGIN
    CHECK(login("alice {5}") == "T LOGIN \"alice {5}\" \"pw\"\r\n");
    CHECK(login("\"a\r\nb\"") == "T LOGIN {6}\r\n\"a\r\nb\" \"pw\"\r\n");
}

TEST_CASE("a mailbox name passes as it is only as an atom or one quoted string", "[arguments]") {
    const auto select = [](std::string_view box) {
        return sent_ok([&](auto& M, std::error_code& ec) { M.select(box, false, ec); });
    };
    CHECK(select("INBOX") == "T SELECT INBOX\r\n");
    CHECK(select("\"INBOX\"") == "T SELECT \"INBOX\"\r\n");
    CHECK(select("\"Sent Items\"") == "T SELECT \"Sent Items\"\r\n");
    CHECK(select("Sent Items") == "T SELECT \"Sent Items\"\r\n");
    CHECK(select("(a) (b)") == "T SELECT \"(a) (b)\"\r\n");
    CHECK(select("\"a\" \"b\"") == "T SELECT \"\\\"a\\\" \\\"b\\\"\"\r\n");
    CHECK(select("\"\\\"") == "T SELECT \"\\\"\\\\\\\"\"\r\n");
    // SELECT parameters (RFC 4466, RFC 7162) after the name go as imaplib sends them.
    CHECK(select("\"INBOX\" (CONDSTORE)") == "T SELECT \"INBOX\" (CONDSTORE)\r\n");
    CHECK(select("INBOX (CONDSTORE)") == "T SELECT INBOX (CONDSTORE)\r\n");
    CHECK(select("Sent Items (CONDSTORE)") == "T SELECT \"Sent Items\" (CONDSTORE)\r\n");
    CHECK(select("Old (archive)") == "T SELECT \"Old (archive)\"\r\n");
    CHECK(select("a (CONDSTORE) (b)") == "T SELECT \"a (CONDSTORE) (b)\"\r\n");
    CHECK(select("Entw\xc3\xbcrfe") == "T SELECT {9}\r\nEntw\xc3\xbcrfe\r\n");

    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.create("(a) (b)", ec); }) == "T CREATE \"(a) (b)\"\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.create("\"new\"", ec); }) == "T CREATE \"new\"\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.rename("\"a\" \"b\"", "(c)", ec); }) ==
          "T RENAME \"\\\"a\\\" \\\"b\\\"\" \"(c)\"\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.rename("old", "\"new box\"", ec); }) ==
          "T RENAME old \"new box\"\r\n");
    // LIST's pattern alone may be one list of patterns (RFC 5258); its reference may not.
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.list("\"\"", "(\"INBOX\" \"Sent*\")", ec); }) ==
          "T LIST \"\" (\"INBOX\" \"Sent*\")\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.list("\"\"", "(a) (b)", ec); }) ==
          "T LIST \"\" \"(a) (b)\"\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.list("\"\"", "(a \")\")", ec); }) ==
          "T LIST \"\" (a \")\")\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.list("\"\"", "(a \"b)", ec); }) ==
          "T LIST \"\" \"(a \\\"b)\"\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.list("(a)", "*", ec); }) == "T LIST \"(a)\" *\r\n");
}

TEST_CASE("APPEND's mailbox, flags and date cannot carry each other", "[arguments]") {
    const auto append = [](imaplib::string_or_none box, imaplib::string_or_none flags,
                           imaplib::internaldate_arg date) {
        return sent_ok([&](auto& M, std::error_code& ec) { M.append(box, flags, date, "body", ec); });
    };
    CHECK(append("INBOX", "(\\Seen)", "\"01-Jan-2020 00:00:00 +0000\"") ==
          "T APPEND INBOX (\\Seen) \"01-Jan-2020 00:00:00 +0000\" {4}\r\nbody\r\n");
    CHECK(append("\"INBOX\"", "\\Seen \\Draft", imaplib::None) == "T APPEND \"INBOX\" (\\Seen \\Draft) {4}\r\nbody\r\n");
    CHECK(append("\"INBOX\" (\\Seen) \"01-Jan-2020 00:00:00 +0000\"", imaplib::None, imaplib::None) ==
          "T APPEND \"\\\"INBOX\\\" (\\\\Seen) \\\"01-Jan-2020 00:00:00 +0000\\\"\" {4}\r\nbody\r\n");

    refused([](auto& M, std::error_code& ec) { M.append("INBOX", "(\\Seen) (\\Draft)", imaplib::None, "body", ec); });
    refused([](auto& M, std::error_code& ec) { M.append("INBOX", "(\\Seen {5}", imaplib::None, "body", ec); });
    refused([](auto& M, std::error_code& ec) {
        M.append("INBOX", imaplib::None, "\"01-Jan-2020 00:00:00 +0000\" (\\Seen) \"x\"", "body", ec);
    });
    refused([](auto& M, std::error_code& ec) {
        M.append("INBOX", imaplib::None, "\"01-Jan-2020 00:00:00 +0000\" {5}\"", "body", ec);
    });
}

TEST_CASE("protocol syntax passes as it is unless it ends in a literal announcement", "[arguments]") {
    // Search criteria, uid and xatom arguments are syntax the caller writes.
    CHECK(sent_ok([](auto& M, std::error_code& ec) {
              M.search(imaplib::None, {"OR", "(FROM \"a\")", "(SUBJECT \"b c\")"}, ec);
          }) == "T SEARCH OR (FROM \"a\") (SUBJECT \"b c\")\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.uid("FETCH", {"1:*", "(FLAGS)"}, ec); }) ==
          "T UID FETCH 1:* (FLAGS)\r\n");
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.xatom("X-FROB", {"(a) (b)", "{5} x", "\"q\""}, ec); }) ==
          "T X-FROB (a) (b) {5} x \"q\"\r\n");
    for (std::string_view tail : {"{5}", "{5+}", "~{5}", "x {5}", "(a) {0}", "{12345678901234567890}"}) {
        INFO(tail);
        refused([&](auto& M, std::error_code& ec) { M.search(imaplib::None, {"TEXT", tail}, ec); });
        refused([&](auto& M, std::error_code& ec) { M.uid("SEARCH", {tail}, ec); });
        refused([&](auto& M, std::error_code& ec) { M.uid("FETCH", {"1:*", tail}, ec); });
        refused([&](auto& M, std::error_code& ec) { M.xatom("X-FROB", {"a", tail}, ec); });
        refused([&](auto& M, std::error_code& ec) { M.fetch("1", tail, ec); });
        refused([&](auto& M, std::error_code& ec) { M.status("INBOX", tail, ec); });
    }
    // Braces that announce nothing.
    CHECK(sent_ok([](auto& M, std::error_code& ec) { M.xatom("X-FROB", {"{}", "{+}", "{5}x"}, ec); }) ==
          "T X-FROB {} {+} {5}x\r\n");
}

// ---- stale continuation requests -----------------------------------------------------

namespace {

// A session whose NOOP answer is followed by a "+" nobody asked for (in the same read
// or, with `chunked`, still waiting in the transport), then refuses the APPEND.
std::shared_ptr<imaplib::memory_script> stale_plus_script(bool chunked, std::string extra = "+ stale\r\n",
                                                          std::string greeting = "* PREAUTH ready\r\n") {
    auto s = std::make_shared<imaplib::memory_script>();
    s->push(greeting);
    auto tag = std::make_shared<std::string>();
    s->on_line = [s = s.get(), tag, chunked, extra](std::string_view line) -> std::string {
        const std::string t(line.substr(0, line.find(' ')));
        if (line.find(" CAPABILITY") != std::string_view::npos) return "* CAPABILITY IMAP4rev1\r\n" + t + " OK\r\n";
        if (line.find(" NOOP") != std::string_view::npos) {
            if (chunked) s->chunk = t.size() + 10;  // the NOOP's reply fills one read exactly
            return t + " OK done\r\n" + extra;
        }
        if (line.find(" APPEND") != std::string_view::npos) return t + " NO [TRYCREATE] refused\r\n";
        return t + " OK\r\n";
    };
    return s;
}

}  // namespace

TEST_CASE("a continuation request received before APPEND is a protocol violation", "[arguments][continuation]") {
    for (bool chunked : {false, true}) {
        INFO((chunked ? "the + still in the transport" : "the + already in the buffer"));
        auto script = stale_plus_script(chunked);
        memory_client M(imaplib::memory_transport(script), "h");
        std::error_code ec;
        M.noop(ec);
        REQUIRE_FALSE(ec);
        CHECK(script->input.empty() != chunked);
        const std::size_t before = script->output.size();
        M.append("INBOX", imaplib::None, imaplib::None, "SECRET MESSAGE", ec);
        CHECK(ec == errc::protocol_violation);
        CHECK(script->output.size() == before);  // not even the APPEND line
        CHECK(script->closed);
        CHECK(script->output.find("SECRET") == std::string::npos);
    }
}

TEST_CASE("a stale continuation request never answers AUTHENTICATE or a literal argument",
          "[arguments][continuation]") {
    for (bool chunked : {false, true}) {
        auto script = stale_plus_script(chunked, "+ stale\r\n", "* OK ready\r\n");
        memory_client M(imaplib::memory_transport(script), "h");
        std::error_code ec;
        M.noop(ec);
        M.authenticate("PLAIN", [](std::string_view) { return std::optional<std::string>("SECRET"); }, ec);
        CHECK(ec == errc::protocol_violation);
        CHECK(script->output.find("AUTHENTICATE") == std::string::npos);
    }
    auto script = stale_plus_script(false);
    memory_client M(imaplib::memory_transport(script), "h");
    std::error_code ec;
    M.noop(ec);
    M.create("line\r\nbreak", ec);  // a literal argument
    CHECK(ec == errc::protocol_violation);
    CHECK(script->output.find("CREATE") == std::string::npos);
}

TEST_CASE("responses received before a literal's command are handled, a BYE ends it", "[arguments][continuation]") {
    {
        // Untagged data ahead of the command is kept, and the command goes on.
        auto script = stale_plus_script(true, "* 4 EXISTS\r\n");
        memory_client M(imaplib::memory_transport(script), "h");
        std::error_code ec;
        M.noop(ec);
        auto tag = std::make_shared<std::string>();
        script->on_line = [tag](std::string_view line) -> std::string {
            if (!imaplib::detail::literal_announcement(line)) return *tag + " OK appended\r\n";
            tag->assign(line.substr(0, line.find(' ')));
            return "+ go\r\n";
        };
        script->chunk = 0;
        const imaplib::response r = M.append("INBOX", imaplib::None, imaplib::None, "body", ec);
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        CHECK(script->output.find("APPEND INBOX {4}\r\nbody\r\n") != std::string::npos);
        CHECK(imaplib::python_repr(M.response("EXISTS").data) == "[b'4']");
    }
    {
        auto script = stale_plus_script(true, "* BYE shutting down\r\n");
        memory_client M(imaplib::memory_transport(script), "h");
        std::error_code ec;
        M.noop(ec);
        const std::size_t before = script->output.size();
        M.append("INBOX", imaplib::None, imaplib::None, "body", ec);
        CHECK(ec == errc::bye);
        CHECK(script->output.size() == before);
    }
}

TEST_CASE("a stale continuation request over a real socket", "[arguments][continuation]") {
    for (bool separate : {false, true}) {
        INFO((separate ? "the + sent after a pause" : "the + in the NOOP reply's segment"));
        imaplib::test::scenario sc;
        sc.send("* PREAUTH ready\r\n").expect("CAPABILITY").send("* CAPABILITY IMAP4rev1\r\n$ OK done\r\n");
        sc.expect("NOOP");
        if (separate)
            sc.send("$ OK done\r\n").stall(30ms).send("+ stale\r\n");
        else
            sc.send("$ OK done\r\n+ stale\r\n");
        sc.expect("APPEND").send("$ NO refused\r\n");
        imaplib::test::script_server server(sc);
        REQUIRE(server.ok());
        tcp_client M(imaplib::tcp_transport{});
        std::error_code ec;
        M.connect("127.0.0.1", server.port(), 2000ms, ec);
        REQUIRE_FALSE(ec);
        M.noop(ec);
        REQUIRE_FALSE(ec);
        if (separate) std::this_thread::sleep_for(300ms);  // the + is on the socket now
        M.append("INBOX", imaplib::None, imaplib::None, "SECRET MESSAGE", ec);
        CHECK(ec == errc::protocol_violation);
        M.shutdown();
        server.finish();
        CHECK(server.received().find("APPEND") == std::string::npos);
        CHECK(server.received().find("SECRET") == std::string::npos);
    }
}

#if defined(IMAPLIB_USE_WOLFSSL)
TEST_CASE("a stale continuation request over implicit TLS", "[arguments][continuation]") {
    REQUIRE(imaplib::test::test_certs::get().ok());
    auto client_ctx = std::make_shared<imaplib::tls_context>();
    std::error_code ec;
    client_ctx->load_verify_file(imaplib::test::test_certs::get().path("ca.pem"), ec);
    REQUIRE_FALSE(ec);
    for (bool separate : {false, true}) {
        INFO((separate ? "the + in a record of its own, after a pause" : "the + in the NOOP reply's record"));
        imaplib::test::scenario sc;
        sc.start_tls(imaplib::test::server_context("server")).send("* PREAUTH ready\r\n");
        sc.expect("CAPABILITY").send("* CAPABILITY IMAP4rev1\r\n$ OK done\r\n").expect("NOOP");
        if (separate)
            sc.send("$ OK done\r\n").stall(30ms).send("+ stale\r\n");
        else
            sc.send("$ OK done\r\n+ stale\r\n");
        sc.expect("APPEND").send("$ NO refused\r\n");
        imaplib::test::script_server server(sc);
        REQUIRE(server.ok());
        imaplib::basic_imap4<imaplib::tls_transport> M{imaplib::tls_transport(client_ctx)};
        M.connect("localhost", server.port(), 2000ms, ec);
        REQUIRE_FALSE(ec);
        M.noop(ec);
        REQUIRE_FALSE(ec);
        if (separate) std::this_thread::sleep_for(300ms);  // the record is on the socket now
        M.append("INBOX", imaplib::None, imaplib::None, "SECRET MESSAGE", ec);
        CHECK(ec == errc::protocol_violation);
        M.shutdown();
        server.finish();
        CHECK(server.received().find("APPEND") == std::string::npos);
        CHECK(server.received().find("SECRET") == std::string::npos);
    }
}

TEST_CASE("over TLS a literal goes out when nothing came before its command", "[arguments][continuation]") {
    // The client asks TLS for what it can read without waiting; records with no data for
    // the application (TLS 1.3 session tickets) and an empty socket must count as nothing.
    REQUIRE(imaplib::test::test_certs::get().ok());
    auto client_ctx = std::make_shared<imaplib::tls_context>();
    std::error_code ec;
    client_ctx->load_verify_file(imaplib::test::test_certs::get().path("ca.pem"), ec);
    REQUIRE_FALSE(ec);
    imaplib::test::scenario sc;
    sc.start_tls(imaplib::test::server_context("server")).send("* PREAUTH ready\r\n");
    sc.expect("CAPABILITY").send("* CAPABILITY IMAP4rev1\r\n$ OK done\r\n");
    sc.expect("APPEND").send("+ go\r\n").expect_literal(4).expect_line("").send("$ OK appended\r\n");
    sc.expect("APPEND").send("+ go\r\n").expect_literal(4).expect_line("").send("$ OK appended\r\n");
    imaplib::test::script_server server(sc);
    REQUIRE(server.ok());
    imaplib::basic_imap4<imaplib::tls_transport> M{imaplib::tls_transport(client_ctx)};
    M.connect("localhost", server.port(), 2000ms, ec);
    REQUIRE_FALSE(ec);
    CHECK(M.append("INBOX", imaplib::None, imaplib::None, "body", ec).typ == "OK");
    CHECK_FALSE(ec);
    std::this_thread::sleep_for(100ms);
    CHECK(M.append("INBOX", imaplib::None, imaplib::None, "more", ec).typ == "OK");
    CHECK_FALSE(ec);
    M.shutdown();
    server.finish();
    CHECK(server.errors().empty());
}
#endif

// ---- fetch_all prints server text escaped --------------------------------------------

#if defined(IMAPLIB_TEST_FETCH_ALL)
TEST_CASE("fetch_all prints a BYE with ESC sequences escaped", "[arguments][escape]") {
    // The "server" is a shell command (--stream): a greeting, then a BYE whose text would
    // clear the screen and set the window title; cat keeps its stdin open until we close.
    const std::string command = std::string("'") + IMAPLIB_TEST_FETCH_ALL +
                                "' --stream \"printf '* OK hi\\r\\n* BYE \\033[2J\\033]0;owned\\007 gone\\r\\n'; "
                                "cat >/dev/null\" 2>&1";
    FILE* out = ::popen(command.c_str(), "r");
    REQUIRE(out);
    std::string text;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, out)) > 0;) text.append(buffer, n);
    const int status = ::pclose(out);
    INFO(text);
    CHECK(status != 0);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK(text.find("\\x1b[2J\\x1b]0;owned\\x07 gone") != std::string::npos);
}
#endif
