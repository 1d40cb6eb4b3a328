// What a new user meets first: the variadic methods' error_code forms, the default
// timeout (Python's socket.setdefaulttimeout), and load_verify_file's message.
#include <imaplib/imaplib.hpp>

#include "support/script_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace std::chrono_literals;
using memory_client = imaplib::basic_imap4<imaplib::memory_transport>;

// Answers every command OK, echoing it in an untagged line so the test sees the wire.
memory_client echoing_client(std::shared_ptr<imaplib::memory_script>& script) {
    script = std::make_shared<imaplib::memory_script>();
    script->push("* PREAUTH [CAPABILITY IMAP4rev1 SORT THREAD=REFERENCES] hi\r\n");
    script->on_line = [](std::string_view line) {
        const std::string tag(line.substr(0, line.find(' ')));
        std::string rest(line.substr(tag.size() + 1, line.size() - tag.size() - 3));
        if (rest.find("NOSUCH") != std::string::npos) return tag + " BAD no such thing\r\n";
        if (rest == "LOGOUT") return "* BYE bye\r\n" + tag + " OK done\r\n";
        if (rest == "CAPABILITY") return "* CAPABILITY IMAP4rev1 SORT\r\n" + tag + " OK done\r\n";
        const std::string word = rest.substr(0, rest.find(' '));
        if (word == "SEARCH" || word == "SORT") return "* " + word + " 1 2\r\n" + tag + " OK done\r\n";
        return tag + " OK " + rest + "\r\n";
    };
    return memory_client(imaplib::memory_transport(script), "imap.example.org");
}

std::string last_command(const imaplib::memory_script& script) {
    std::string out = script.output;
    out.erase(out.size() - 2);
    out = out.substr(out.rfind("\r\n") == std::string::npos ? 0 : out.rfind("\r\n") + 2);
    return out.substr(out.find(' ') + 1);
}

}  // namespace

TEST_CASE("variadic methods take a std::error_code last, after any number of strings", "[first_use]") {
    std::shared_ptr<imaplib::memory_script> script;
    memory_client M = echoing_client(script);
    std::error_code ec = make_error_code(imaplib::errc::timeout);  // must be cleared

    SECTION("uid") {
        M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
        const std::string set = "1:*";
        auto r = M.uid("FETCH", set, "(FLAGS)", ec);
        CHECK_FALSE(ec);
        CHECK(last_command(*script) == "UID FETCH 1:* (FLAGS)");
        CHECK(r.typ == "OK");
        M.uid("NOSUCH", ec);
        CHECK(ec == imaplib::errc::invalid_argument);
        CHECK(M.error_message() == "Unknown IMAP4 UID command: NOSUCH");
    }
    SECTION("search: no criteria, one, several; a vector") {
        M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
        auto r = M.search(imaplib::None, "FROM", "\"x\"", "UNSEEN", ec);
        CHECK_FALSE(ec);
        CHECK(last_command(*script) == "SEARCH FROM \"x\" UNSEEN");
        CHECK(imaplib::python_repr(r) == "('OK', [b'1 2'])");
        const std::vector<std::string_view> criteria{"ALL"};
        M.search("UTF-8", criteria, ec);
        CHECK_FALSE(ec);
        CHECK(last_command(*script) == "SEARCH CHARSET UTF-8 ALL");
        M.search(imaplib::None, {"SEEN", "DELETED"}, ec);  // the braced form still works
        CHECK(last_command(*script) == "SEARCH SEEN DELETED");
    }
    SECTION("sort, thread, xatom, setannotation") {
        M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
        M.sort("(DATE)", "UTF-8", "ALL", "UNSEEN", ec);
        CHECK_FALSE(ec);
        CHECK(last_command(*script) == "SORT (DATE) UTF-8 ALL UNSEEN");
        M.thread("REFERENCES", "UTF-8", "ALL", ec);
        CHECK_FALSE(ec);
        CHECK(last_command(*script) == "THREAD REFERENCES UTF-8 ALL");
        M.xatom("XFROB", "a", std::string("b"), ec);
        CHECK_FALSE(ec);
        CHECK(last_command(*script) == "XFROB a b");
        M.setannotation("INBOX", "(/comment (value.priv \"x\"))", ec);
        CHECK_FALSE(ec);
        CHECK(last_command(*script) == "SETANNOTATION INBOX (/comment (value.priv \"x\"))");
    }
    SECTION("a failure lands in the error_code, not in an exception") {
        M.xatom("NOSUCH", "a", "b", ec);
        CHECK(ec == imaplib::errc::command_failed);
        CHECK(M.error_message() == "NOSUCH command error: BAD [b'no such thing']");
    }
    SECTION("the throwing forms are unchanged") {
        CHECK(M.xatom("XFROB", "a", "b").typ == "OK");
        CHECK(last_command(*script) == "XFROB a b");
        CHECK_THROWS_WITH(M.uid("NOSUCH", "1"), "Unknown IMAP4 UID command: NOSUCH");
    }
}

#ifdef IMAPLIB_USE_ASIO
TEST_CASE("set_default_timeout: connections opened without a timeout use it", "[first_use]") {
    REQUIRE_FALSE(imaplib::get_default_timeout());  // none, as in Python
    struct restore {
        ~restore() { imaplib::set_default_timeout(std::nullopt); }
    } restore_default;

    imaplib::set_default_timeout(std::chrono::seconds(30));
    CHECK(imaplib::get_default_timeout() == std::chrono::milliseconds(30000));
    imaplib::set_default_timeout(0ms);  // none, not a non-blocking socket
    CHECK_FALSE(imaplib::get_default_timeout());

    SECTION("a server that never sends its greeting") {
        imaplib::test::scenario sc;
        sc.stall(2500ms);
        imaplib::test::script_server server(sc);
        REQUIRE(server.ok());
        imaplib::set_default_timeout(200ms);
        const auto start = std::chrono::steady_clock::now();
        std::error_code ec;
        imaplib::basic_imap4<imaplib::tcp_transport> M;
        M.connect("127.0.0.1", server.port(), std::nullopt, ec);
        CHECK(ec == imaplib::errc::timeout);
        CHECK(std::chrono::steady_clock::now() - start < 2000ms);  // not the server's 2.5 s stall
    }
    SECTION("a timeout given to the constructor wins") {
        imaplib::test::scenario sc;
        sc.stall(1500ms).send("* OK late\r\n").expect("CAPABILITY").send("* CAPABILITY IMAP4rev1\r\n$ OK done\r\n");
        imaplib::test::script_server server(sc);
        REQUIRE(server.ok());
        imaplib::set_default_timeout(100ms);
        std::error_code ec;
        imaplib::basic_imap4<imaplib::tcp_transport> M;
        M.connect("127.0.0.1", server.port(), 10s, ec);
        CHECK_FALSE(ec);
        CHECK(M.welcome() == "* OK late");
    }
}
#endif

#ifdef IMAPLIB_USE_WOLFSSL
TEST_CASE("load_verify_file names the file and the OS's reason", "[first_use][tls]") {
    imaplib::tls_context ctx;
    const std::string missing = "no-such-dir/ca.pem";
    std::error_code ec;
    ctx.load_verify_file(missing, ec);
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(ctx.error_detail() == "cannot read CA file 'no-such-dir/ca.pem': No such file or directory");
    try {
        ctx.load_verify_file(missing);
        FAIL("no exception");
    } catch (const imaplib::error& e) {
        CHECK(std::string(e.what()) == "cannot read CA file 'no-such-dir/ca.pem': No such file or directory");
        CHECK(e.code() == imaplib::errc::invalid_argument);
    }

    const std::string not_pem = "first_use_not_a_ca.pem";
    std::FILE* f = std::fopen(not_pem.c_str(), "wb");
    REQUIRE(f);
    std::fputs("not a certificate\n", f);
    std::fclose(f);
    ctx.load_verify_file(not_pem, ec);
    std::remove(not_pem.c_str());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(ctx.error_detail().rfind("cannot load CA certificates from 'first_use_not_a_ca.pem': ", 0) == 0);
}
#endif
