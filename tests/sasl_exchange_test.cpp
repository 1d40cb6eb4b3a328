// AUTHENTICATE driven by SASL mechanism objects against scripted servers
// (tests/support/script_server.hpp): SASL-IR on and off, long initial responses, SCRAM's
// checks on a hostile server, OAuth error challenges, login_best's choices, token
// providers, and that no secret reaches the debug output or a transcript. Each scenario
// runs over a loopback socket and through memory_transport (run_both).
#include <imaplib/engine/basic_imap4.hpp>

#include <imaplib/sasl/oauth.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/record.hpp>
#include <imaplib/transport/tcp.hpp>
#include <imaplib/util/base64.hpp>

#include "support/script_server.hpp"
#include "support/run_both.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using imaplib::base64_encode;
using imaplib::errc;
using imaplib::error_kind;
using imaplib::kind_of;
using imaplib::test::command_lines;
using imaplib::test::memory_peer;
using imaplib::test::run_both;
using imaplib::test::scenario;
using imaplib::test::script_server;

using tcp_client = imaplib::basic_imap4<imaplib::tcp_transport>;
using memory_client = imaplib::basic_imap4<imaplib::memory_transport>;

constexpr auto quick = std::chrono::milliseconds(2000);

scenario greeting(std::string caps) {
    scenario s;
    s.send("* OK ready\r\n").expect("CAPABILITY").send("* CAPABILITY IMAP4rev1 " + caps + "\r\n$ OK done\r\n");
    return s;
}

template <class Client, class Peer>
void connect(Client& M, Peer& peer) {
    std::error_code ec;
    M.connect("127.0.0.1", peer.port(), quick, ec);
    REQUIRE_FALSE(ec);
}

template <class Client, class Peer>
void settle(Client& M, Peer& peer) {
    M.shutdown();
    peer.finish();
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// The lines the client sent after the greeting's CAPABILITY, CRLF removed.
std::vector<std::string> lines_after_capability(std::string_view stream) {
    std::vector<std::string> out;
    bool after = false;
    for (std::string line : command_lines(stream)) {
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        if (after) out.push_back(line);
        if (contains(line, " CAPABILITY")) after = true;
    }
    return out;
}

// RFC 7677 section 3's exchange: user "user", password "pencil".
const std::string scram_nonce = "rOprNGfwEbeRWgbNEkqO";
const std::string scram_client_first = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
const std::string scram_server_first =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const std::string scram_client_final =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const std::string scram_server_final = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

imaplib::sasl::scram_sha_256 rfc7677_scram() {
    imaplib::sasl::scram_options o;
    o.nonce = scram_nonce;
    return imaplib::sasl::scram_sha_256("user", "pencil", o);
}

// The server's part up to its server-first-message, SASL-IR on.
scenario scram_until_server_first(const std::string& server_first) {
    scenario s = greeting("SASL-IR AUTH=SCRAM-SHA-256");
    s.expect("AUTHENTICATE SCRAM-SHA-256 " + base64_encode(scram_client_first))
        .send("+ " + base64_encode(server_first) + "\r\n");
    return s;
}

}  // namespace

TEST_CASE("SASL-IR: PLAIN's initial response goes with the command", "[hostile][sasl]") {
    const std::string ir = base64_encode(std::string("\0tim\0p\xC3\xA4ss", 10));
    scenario sc = greeting("SASL-IR AUTH=PLAIN");
    sc.expect("AUTHENTICATE PLAIN " + ir).send("$ OK [CAPABILITY IMAP4rev1] welcome\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        const imaplib::response r = M.authenticate(imaplib::sasl::plain("tim", "p\xC3\xA4ss"));
        CHECK(r.typ == "OK");
        CHECK(r.data.at(0).bytes() == "[CAPABILITY IMAP4rev1] welcome");
        CHECK(M.state() == "AUTH");
        settle(M, peer);
        CHECK(peer.errors().empty());
        const auto lines = lines_after_capability(peer.received());
        REQUIRE_FALSE(lines.empty());
        CHECK(lines[0].substr(lines[0].find(' ')) == " AUTHENTICATE PLAIN " + ir);
    });
}

TEST_CASE("SASL-IR: an empty initial response is sent as =", "[hostile][sasl]") {
    scenario sc = greeting("SASL-IR AUTH=EXTERNAL");
    sc.expect("AUTHENTICATE EXTERNAL =").send("$ OK welcome\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        CHECK(M.authenticate(imaplib::sasl::external()).typ == "OK");
        settle(M, peer);
        CHECK(peer.errors().empty());
    });
}

TEST_CASE("without SASL-IR the initial response answers the first empty challenge", "[hostile][sasl]") {
    const std::string ir = base64_encode(std::string("\0tim\0secret", 11));
    scenario sc = greeting("AUTH=PLAIN");
    sc.expect("AUTHENTICATE PLAIN").send("+ \r\n").expect_line(ir).send("$ OK welcome\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        CHECK(M.authenticate(imaplib::sasl::plain("tim", "secret")).typ == "OK");
        settle(M, peer);
        CHECK(peer.errors().empty());
        const auto lines = lines_after_capability(peer.received());
        REQUIRE(lines.size() >= 2);
        CHECK(lines[0].substr(lines[0].find(' ')) == " AUTHENTICATE PLAIN");
        CHECK(lines[1] == ir);
    });
}

TEST_CASE("SCRAM-SHA-256: the RFC 7677 exchange succeeds once the server signature verified",
          "[hostile][sasl][scram]") {
    scenario sc = scram_until_server_first(scram_server_first);
    sc.expect_line(base64_encode(scram_client_final))
        .send("+ " + base64_encode(scram_server_final) + "\r\n")
        .expect_line("")
        .send("$ OK authenticated\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        auto mech = rfc7677_scram();
        CHECK(M.authenticate(mech).typ == "OK");
        CHECK(mech.complete());
        CHECK(M.state() == "AUTH");
        settle(M, peer);
        CHECK(peer.errors().empty());
        const auto lines = lines_after_capability(peer.received());
        REQUIRE(lines.size() >= 3);
        CHECK(lines[2].empty());  // the answer to server-final is empty
    });
}

TEST_CASE("SCRAM: a server nonce that does not extend ours is cancelled before any proof",
          "[hostile][sasl][scram]") {
    scenario sc = scram_until_server_first("r=SomeoneElsesNonce123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
    sc.expect_line("*").send("$ NO cancelled\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        std::error_code ec;
        M.authenticate(rfc7677_scram(), ec);
        CHECK(ec == errc::protocol_violation);
        CHECK(contains(M.error_message(), "nonce does not extend"));
        CHECK(M.state() == "NONAUTH");
        settle(M, peer);
        CHECK(peer.errors().empty());
        const auto lines = lines_after_capability(peer.received());
        REQUIRE(lines.size() == 2);  // AUTHENTICATE, then '*': no client-final
        CHECK(lines[1] == "*");
    });
}

TEST_CASE("SCRAM: iteration counts 0 and 10^9 are refused at once", "[hostile][sasl][scram]") {
    for (const char* count : {"0", "1000000000"}) {
        INFO("i=" << count);
        scenario sc = scram_until_server_first("r=" + scram_nonce + "srv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=" + count);
        sc.expect_line("*").send("$ NO cancelled\r\n");
        run_both(sc, [&](auto& M, auto& peer) {
            connect(M, peer);
            std::error_code ec;
            const auto start = std::chrono::steady_clock::now();
            M.authenticate(rfc7677_scram(), ec);
            // Generous: 10^9 PBKDF2 rounds would be minutes.
            CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
            CHECK(ec == errc::protocol_violation);
            CHECK(contains(M.error_message(), "iteration count"));
            settle(M, peer);
            CHECK(peer.errors().empty());
        });
    }
}

TEST_CASE("SCRAM: a wrong server signature followed by a tagged OK is a failure, nothing more is sent",
          "[hostile][sasl][scram]") {
    scenario sc = scram_until_server_first(scram_server_first);
    sc.expect_line(base64_encode(scram_client_final))
        .send("+ " + base64_encode("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=") + "\r\n")
        .expect_line("*")
        .send("$ OK you are in, trust me\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        std::error_code ec;
        M.authenticate(rfc7677_scram(), ec);
        CHECK(ec == errc::protocol_violation);
        CHECK(kind_of(ec) == error_kind::abort);
        CHECK(contains(M.error_message(), "wrong server signature"));
        CHECK(M.state() == "NONAUTH");
        M.noop(ec);  // the connection is dead: refused without the wire
        CHECK(ec);
        settle(M, peer);
        const auto lines = lines_after_capability(peer.received());
        REQUIRE(lines.size() == 3);
        CHECK(lines.back() == "*");
    });
}

TEST_CASE("SCRAM: a server that skips the final challenge and says OK is a failure",
          "[hostile][sasl][scram]") {
    scenario sc = scram_until_server_first(scram_server_first);
    sc.expect_line(base64_encode(scram_client_final)).send("$ OK authenticated\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        std::error_code ec;
        auto mech = rfc7677_scram();
        M.authenticate(mech, ec);
        CHECK_FALSE(mech.complete());
        CHECK(ec == errc::protocol_violation);
        CHECK(contains(M.error_message(), "tagged OK before the exchange completed"));
        CHECK(M.state() == "NONAUTH");
        M.noop(ec);
        CHECK(ec);
        settle(M, peer);
        CHECK(lines_after_capability(peer.received()).size() == 2);  // nothing after client-final
    });
}

TEST_CASE("a challenge that is not base64 is cancelled", "[hostile][sasl]") {
    scenario sc = greeting("SASL-IR AUTH=SCRAM-SHA-256");
    sc.expect("AUTHENTICATE SCRAM-SHA-256").send("+ r=not*base64!\r\n").expect_line("*").send("$ BAD aborted\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        std::error_code ec;
        M.authenticate(rfc7677_scram(), ec);
        CHECK(ec == errc::protocol_violation);
        CHECK(contains(M.error_message(), "not base64"));
        settle(M, peer);
        CHECK(peer.errors().empty());
    });
}

TEST_CASE("a continuation after the mechanism completed is cancelled and fails", "[hostile][sasl]") {
    scenario sc = greeting("SASL-IR AUTH=PLAIN");
    sc.expect("AUTHENTICATE PLAIN").send("+ \r\n").expect_line("*").send("$ OK fine\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        std::error_code ec;
        M.authenticate(imaplib::sasl::plain("tim", "secret"), ec);
        CHECK(ec == errc::protocol_violation);
        CHECK(contains(M.error_message(), "after the exchange completed"));
        CHECK(M.state() == "NONAUTH");
        settle(M, peer);
        CHECK(peer.errors().empty());
    });
}

TEST_CASE("OAUTHBEARER: the error challenge is answered with ^A, then the NO is the error",
          "[hostile][sasl][oauth]") {
    const std::string ir = base64_encode("n,a=user@example.com,\x01" "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01");
    const std::string json = R"({"status":"invalid_token","scope":"example_scope"})";
    scenario sc = greeting("SASL-IR AUTH=OAUTHBEARER");
    sc.expect("AUTHENTICATE OAUTHBEARER " + ir)
        .send("+ " + base64_encode(json) + "\r\n")
        .expect_line("AQ==")
        .send("$ NO [AUTHENTICATIONFAILED] Authentication failed\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        std::error_code ec;
        imaplib::sasl::oauthbearer mech("user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
        M.authenticate(mech, ec);
        CHECK(ec == errc::command_failed);
        CHECK(kind_of(ec) == error_kind::error);
        CHECK(contains(M.error_message(), "[AUTHENTICATIONFAILED] Authentication failed"));
        CHECK(contains(M.error_message(), "invalid_token"));
        CHECK(mech.status() == "invalid_token");
        settle(M, peer);
        CHECK(peer.errors().empty());
    });
}

TEST_CASE("XOAUTH2: a 10 KB token goes whole, after the command, with and without SASL-IR",
          "[hostile][sasl][oauth]") {
    std::string token;
    for (std::size_t i = 0; i < 10240; ++i) token += "abcdefghijklmnopqrstuvwxyz0123456789-._~+/"[i % 42];
    const std::string message = "user=someone@example.com\x01" "auth=Bearer " + token + "\x01\x01";
    const std::string answer = base64_encode(message);
    for (const char* caps : {"SASL-IR AUTH=XOAUTH2", "AUTH=XOAUTH2"}) {
        INFO(caps);
        scenario sc = greeting(caps);
        sc.expect("AUTHENTICATE XOAUTH2").send("+ \r\n").expect_line(answer).send("$ OK welcome\r\n");
        run_both(sc, [&](auto& M, auto& peer) {
            connect(M, peer);
            CHECK(M.authenticate(imaplib::sasl::xoauth2("someone@example.com", token)).typ == "OK");
            settle(M, peer);
            CHECK(peer.errors().empty());
            const auto lines = lines_after_capability(peer.received());
            REQUIRE(lines.size() >= 2);
            CHECK(lines[0].substr(lines[0].find(' ')) == " AUTHENTICATE XOAUTH2");  // no initial response
            CHECK(lines[1] == answer);
            CHECK(lines[1].size() > 13000);
        });
    }
}

TEST_CASE("a token provider is asked once per authentication", "[hostile][sasl][oauth]") {
    int calls = 0;
    const imaplib::sasl::token_provider provider = [&] { return "token" + std::to_string(++calls); };
    for (int round = 1; round <= 2; ++round) {
        const std::string ir = base64_encode("user=u@example.com\x01" "auth=Bearer token" + std::to_string(round) + "\x01\x01");
        scenario sc = greeting("SASL-IR AUTH=XOAUTH2");
        sc.expect("AUTHENTICATE XOAUTH2 " + ir).send("$ OK welcome\r\n");
        memory_peer peer(sc);
        memory_client M(peer.transport());
        connect(M, peer);
        CHECK(M.authenticate(imaplib::sasl::xoauth2("u@example.com", provider)).typ == "OK");
        CHECK(calls == round);
        CHECK(peer.errors().empty());
    }
    // An empty token: nothing is sent.
    scenario sc = greeting("SASL-IR AUTH=XOAUTH2");
    memory_peer peer(sc);
    memory_client M(peer.transport());
    connect(M, peer);
    std::error_code ec;
    M.authenticate(imaplib::sasl::xoauth2("u@example.com", [] { return std::string(); }), ec);
    CHECK(ec == errc::invalid_argument);
    CHECK_FALSE(contains(peer.received(), "AUTHENTICATE"));
}

TEST_CASE("login_best picks the strongest mechanism and says which", "[hostile][sasl][login_best]") {
    SECTION("SCRAM-SHA-256 over SCRAM-SHA-1 and PLAIN") {
        scenario sc = greeting("SASL-IR AUTH=PLAIN AUTH=SCRAM-SHA-1 AUTH=SCRAM-SHA-256");
        sc.expect("AUTHENTICATE SCRAM-SHA-256 ").send("$ NO [AUTHENTICATIONFAILED] no\r\n");
        run_both(sc, [&](auto& M, auto& peer) {
            connect(M, peer);
            std::error_code ec;
            M.login_best("user", "pencil", ec);
            CHECK(ec == errc::command_failed);
            settle(M, peer);
            CHECK(peer.errors().empty());
        });
    }
    SECTION("without TLS, PLAIN and LOGIN are refused and nothing is sent") {
        scenario sc = greeting("SASL-IR AUTH=PLAIN AUTH=LOGIN");
        run_both(sc, [&](auto& M, auto& peer) {
            connect(M, peer);
            std::error_code ec;
            M.login_best("user", "pencil", ec);
            CHECK(ec == errc::capability_missing);
            CHECK(contains(M.error_message(), "allow_cleartext"));
            settle(M, peer);
            CHECK_FALSE(contains(peer.received(), "pencil"));
            CHECK_FALSE(contains(peer.received(), "AUTHENTICATE"));
            CHECK_FALSE(contains(peer.received(), "LOGIN u"));
        });
    }
    SECTION("allow_cleartext: PLAIN, and the result names it") {
        scenario sc = greeting("SASL-IR AUTH=PLAIN");
        sc.expect("AUTHENTICATE PLAIN " + base64_encode(std::string("\0user\0pencil", 12))).send("$ OK welcome\r\n");
        run_both(sc, [&](auto& M, auto& peer) {
            connect(M, peer);
            imaplib::login_options o;
            o.allow_cleartext = true;
            const imaplib::login_result r = M.login_best("user", "pencil", o);
            CHECK(r.typ == "OK");
            CHECK(r.mechanism == "PLAIN");
            CHECK_FALSE(r.login_command);
            settle(M, peer);
            CHECK(peer.errors().empty());
        });
    }
    SECTION("no AUTH= at all: the LOGIN command, allowed in clear text") {
        scenario sc = greeting("");
        sc.expect("LOGIN user ").send("$ OK welcome\r\n");
        run_both(sc, [&](auto& M, auto& peer) {
            connect(M, peer);
            imaplib::login_options o;
            o.allow_cleartext = true;
            const imaplib::login_result r = M.login_best("user", "pencil", o);
            CHECK(r.typ == "OK");
            CHECK(r.mechanism.empty());
            CHECK(r.login_command);
            settle(M, peer);
            CHECK(peer.errors().empty());
        });
    }
    SECTION("LOGINDISABLED and nothing else: refused, nothing sent") {
        scenario sc = greeting("LOGINDISABLED");
        run_both(sc, [&](auto& M, auto& peer) {
            connect(M, peer);
            imaplib::login_options o;
            o.allow_cleartext = true;
            std::error_code ec;
            M.login_best("user", "pencil", o, ec);
            CHECK(ec == errc::capability_missing);
            settle(M, peer);
            CHECK_FALSE(contains(peer.received(), "pencil"));
        });
    }
    SECTION("without TLS, CRAM-MD5 comes before PLAIN when clear text is allowed") {
        scenario sc = greeting("AUTH=PLAIN AUTH=CRAM-MD5");
        sc.expect("AUTHENTICATE CRAM-MD5").send("$ NO no\r\n");
        run_both(sc, [&](auto& M, auto& peer) {
            connect(M, peer);
            imaplib::login_options o;
            o.allow_cleartext = true;
            std::error_code ec;
            M.login_best("user", "pencil", o, ec);
            CHECK(ec == errc::command_failed);
            settle(M, peer);
            CHECK(peer.errors().empty());
        });
    }
}

TEST_CASE("no secret reaches the debug output", "[hostile][sasl][redaction]") {
    const std::string password = "Pencil-Secret-42";
    const std::string ir = base64_encode(std::string("\0user\0", 6) + password);
    SECTION("PLAIN with SASL-IR, and without") {
        for (const char* caps : {"SASL-IR AUTH=PLAIN", "AUTH=PLAIN"}) {
            INFO(caps);
            scenario sc = greeting(caps);
            if (contains(caps, "SASL-IR"))
                sc.expect("AUTHENTICATE PLAIN " + ir).send("$ OK welcome\r\n");
            else
                sc.expect("AUTHENTICATE PLAIN").send("+ \r\n").expect_line(ir).send("$ OK welcome\r\n");
            memory_peer peer(sc);
            std::string debug;  // outlives M, whose destructor still logs
            memory_client M(peer.transport());
            M.set_debug_sink([&](std::string_view line) { debug.append(line).append("\n"); });
            M.debug(5);
            connect(M, peer);
            CHECK(M.authenticate(imaplib::sasl::plain("user", password)).typ == "OK");
            CHECK(contains(debug, "AUTHENTICATE PLAIN"));  // the log is there...
            CHECK_FALSE(contains(debug, ir));              // ...without the secret
            CHECK_FALSE(contains(debug, password));
            CHECK(peer.errors().empty());
        }
    }
    SECTION("SCRAM: challenges and the proof") {
        scenario sc = scram_until_server_first(scram_server_first);
        sc.expect_line(base64_encode(scram_client_final))
            .send("+ " + base64_encode(scram_server_final) + "\r\n")
            .expect_line("")
            .send("$ OK authenticated\r\n");
        memory_peer peer(sc);
        std::string debug;
        memory_client M(peer.transport());
        M.set_debug_sink([&](std::string_view line) { debug.append(line).append("\n"); });
        M.debug(5);
        connect(M, peer);
        CHECK(M.authenticate(rfc7677_scram()).typ == "OK");
        for (const std::string& secret : {base64_encode(scram_client_final), base64_encode(scram_server_first),
                                          base64_encode(scram_server_final), std::string("pencil")})
            CHECK_FALSE(contains(debug, secret));
        CHECK(contains(debug, "AUTHENTICATE SCRAM-SHA-256"));
    }
    SECTION("a transcript keeps neither the initial response nor the answer") {
        for (const char* caps : {"SASL-IR AUTH=PLAIN", "AUTH=PLAIN"}) {
            INFO(caps);
            scenario sc = greeting(caps);
            if (contains(caps, "SASL-IR"))
                sc.expect("AUTHENTICATE PLAIN " + ir).send("$ OK welcome\r\n");
            else
                sc.expect("AUTHENTICATE PLAIN").send("+ \r\n").expect_line(ir).send("$ OK welcome\r\n");
            memory_peer peer(sc);
            auto out = std::make_unique<std::ostringstream>();
            std::ostringstream* text = out.get();
            auto recorder = std::make_shared<imaplib::transcript_recorder>(std::move(out));
            imaplib::basic_imap4<imaplib::basic_recording_transport<imaplib::memory_transport>> M(
                imaplib::basic_recording_transport<imaplib::memory_transport>(peer.transport(), recorder));
            connect(M, peer);
            CHECK(M.authenticate(imaplib::sasl::plain("user", password)).typ == "OK");
            recorder->flush();
            CHECK(contains(text->str(), "AUTHENTICATE PLAIN"));
            CHECK_FALSE(contains(text->str(), ir));
            CHECK(contains(peer.received(), ir));  // it was sent, just not kept
        }
    }
}

TEST_CASE("UTF-8 user names and passwords go as UTF-8 in PLAIN", "[hostile][sasl]") {
    const std::string user = "J\xC3\xBCrgen";
    scenario sc = greeting("SASL-IR AUTH=PLAIN");
    sc.expect("AUTHENTICATE PLAIN " + base64_encode(std::string("\0", 1) + user + std::string("\0", 1) + "p\xC3\xA4ss"))
        .send("$ OK welcome\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        CHECK(M.authenticate(imaplib::sasl::plain(user, "p\xC3\xA4ss")).typ == "OK");
        settle(M, peer);
        CHECK(peer.errors().empty());
    });
}

TEST_CASE("imaplib's authenticate and login_cram_md5 still send what imaplib sends", "[hostile][sasl]") {
    // login_cram_md5 is sasl::cram_md5 now: the same RFC 2195 answer, no initial response
    // even when the server offers SASL-IR.
    scenario sc = greeting("SASL-IR AUTH=CRAM-MD5");
    sc.expect("AUTHENTICATE CRAM-MD5")
        .send("+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n")
        .expect_line("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
        .send("$ OK done\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        CHECK(M.login_cram_md5("tim", "tanstaaftanstaaf").typ == "OK");
        settle(M, peer);
        CHECK(peer.errors().empty());
        const auto lines = lines_after_capability(peer.received());
        REQUIRE_FALSE(lines.empty());
        CHECK(lines[0].substr(lines[0].find(' ')) == " AUTHENTICATE CRAM-MD5");
    });
}

TEST_CASE("SCRAM-PLUS needs TLS: channel_binding() on a plain connection is not_supported", "[hostile][sasl]") {
    scenario sc = greeting("AUTH=SCRAM-SHA-256-PLUS");
    run_both(sc, [&](auto& M, auto& peer) {
        connect(M, peer);
        std::error_code ec;
        M.channel_binding(ec);
        CHECK(ec == errc::not_supported);
        settle(M, peer);
    });
}

#if defined(IMAPLIB_TEST_FETCH_ALL)
namespace {

// fetch_all against `login` (the server's answer to the login step), then one message.
std::string run_fetch_all(const std::string& caps, scenario login, const std::string& args, int& status,
                          bool logs_in = true) {
    scenario sc = greeting(caps);
    for (const auto& step : login.steps()) {
        if (step.what == imaplib::test::scenario_step::kind::expect) sc.expect(step.text);
        else if (step.what == imaplib::test::scenario_step::kind::expect_line) sc.expect_line(step.text);
        else sc.send(step.text);
    }
    if (logs_in) {
        sc.expect("SELECT").send("* 1 EXISTS\r\n$ OK [READ-WRITE] done\r\n");
        sc.expect("SEARCH").send("* SEARCH 1\r\n$ OK done\r\n");
        sc.expect("FETCH 1 (RFC822)").send("* 1 FETCH (RFC822 {7}\r\nhello\r\n)\r\n$ OK done\r\n");
        sc.expect("CLOSE").send("$ OK done\r\n");
    }
    script_server server(sc);
    REQUIRE(server.ok());
    const std::string command = "IMAP_PASSWORD=secret IMAP_TOKEN=tok3n '" + std::string(IMAPLIB_TEST_FETCH_ALL) +
                                "' --port " + std::to_string(server.port()) + " --user tim " + args +
                                " 127.0.0.1 2>&1";
    FILE* out = ::popen(command.c_str(), "r");
    REQUIRE(out);
    std::string text;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, out)) > 0;) text.append(buffer, n);
    status = ::pclose(out);
    server.finish();
    INFO(text);
    CHECK(server.errors().empty());
    return text;
}

}  // namespace

TEST_CASE("fetch_all --auth: after login the output is the same as with LOGIN", "[hostile][sasl][fetch_all]") {
    int status = -1;
    scenario login;
    login.expect("LOGIN tim").send("$ OK welcome\r\n");
    const std::string with_login = run_fetch_all("AUTH=PLAIN", login, "", status);
    CHECK(status == 0);
    CHECK(with_login == "Message 1\nhello\r\n\n\n");

    scenario plain;
    plain.expect("AUTHENTICATE PLAIN " + base64_encode(std::string("\0tim\0secret", 11))).send("$ OK welcome\r\n");
    CHECK(run_fetch_all("SASL-IR AUTH=PLAIN", plain, "--auth PLAIN", status) == with_login);
    CHECK(status == 0);

    scenario xoauth2;
    xoauth2.expect("AUTHENTICATE XOAUTH2 " + base64_encode("user=tim\x01" "auth=Bearer tok3n\x01\x01"))
        .send("$ OK welcome\r\n");
    CHECK(run_fetch_all("SASL-IR AUTH=XOAUTH2", xoauth2, "--auth xoauth2", status) == with_login);
    CHECK(status == 0);

    scenario best;
    best.expect("AUTHENTICATE PLAIN").send("$ OK welcome\r\n");
    CHECK(run_fetch_all("SASL-IR AUTH=PLAIN", best, "--auth best --allow-cleartext", status) == with_login);
    CHECK(status == 0);

    // SCRAM-*-PLUS on a connection without TLS: a clear error, no AUTHENTICATE.
    const std::string plus = run_fetch_all("AUTH=SCRAM-SHA-256-PLUS", scenario(), "--auth SCRAM-SHA-256-PLUS", status, false);
    CHECK(status != 0);
    CHECK(contains(plus, "channel binding"));
    CHECK_FALSE(contains(plus, "Message"));
}
#endif

#if defined(IMAPLIB_USE_WOLFSSL)
namespace {

// A TLS context trusting the suite's CA (tests/support/make-certs.sh).
std::shared_ptr<imaplib::tls_context> suite_ca(const imaplib::test::test_certs& certs) {
    auto ctx = std::make_shared<imaplib::tls_context>();
    std::error_code ec;
    ctx->load_verify_file(certs.path("ca.pem"), ec);
    REQUIRE_FALSE(ec);
    return ctx;
}

using tls_client = imaplib::basic_imap4<imaplib::tls_transport>;

}  // namespace

TEST_CASE("SCRAM-SHA-256-PLUS: the cbind data the server receives is its own binding of the connection",
          "[hostile][sasl][scram][tls]") {
    const auto& certs = imaplib::test::test_certs::get();
    REQUIRE(certs.ok());
    struct version {
        const char* type;
        imaplib::test::server_tls_context ctx;
    };
    const auto pinned = [&](bool tls13) {
        imaplib::test::server_tls_context ctx(
            wolfSSL_CTX_new(tls13 ? wolfTLSv1_3_server_method() : wolfTLSv1_2_server_method()),
            [](WOLFSSL_CTX* c) { wolfSSL_CTX_free(c); });
        REQUIRE(ctx);
        REQUIRE(wolfSSL_CTX_use_certificate_chain_file(ctx.get(), certs.path("server.pem").c_str()) == WOLFSSL_SUCCESS);
        REQUIRE(wolfSSL_CTX_use_PrivateKey_file(ctx.get(), certs.path("server.key").c_str(), WOLFSSL_FILETYPE_PEM) ==
                WOLFSSL_SUCCESS);
        return ctx;
    };
    for (const version& v : {version{"tls-exporter", pinned(true)}, version{"tls-server-end-point", pinned(false)}}) {
        INFO(v.type);
        const std::string gs2 = std::string("p=") + v.type + ",,";
        scenario sc;
        sc.start_tls(v.ctx)
            .send("* OK ready\r\n")
            .expect("CAPABILITY")
            .send("* CAPABILITY IMAP4rev1 SASL-IR AUTH=SCRAM-SHA-256-PLUS\r\n$ OK done\r\n")
            .expect("AUTHENTICATE SCRAM-SHA-256-PLUS " + base64_encode(gs2 + "n=user,r=" + scram_nonce))
            .send("+ " + base64_encode("r=" + scram_nonce + "srv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096") + "\r\n")
            .expect_line("")
            .send("$ NO stop here\r\n");
        script_server server(sc);
        REQUIRE(server.ok());
        tls_client M{imaplib::tls_transport(suite_ca(certs))};
        std::error_code ec;
        M.connect("localhost", server.port(), quick, ec);
        REQUIRE_FALSE(ec);
        imaplib::sasl::scram_options o;
        o.nonce = scram_nonce;
        const imaplib::sasl::channel_binding binding = M.channel_binding();
        CHECK(binding.type == v.type);
        M.authenticate(imaplib::sasl::scram_sha_256_plus("user", "pencil", binding, o), ec);
        CHECK(ec == errc::command_failed);
        M.shutdown();
        server.finish();
        CHECK(server.errors().empty());
        const auto lines = lines_after_capability(server.received_after_tls());
        REQUIRE(lines.size() >= 2);
        // client-final: c=base64(gs2-header + cbind-data),r=...,p=...
        const std::string client_final = imaplib::base64_decode(lines[1]);
        REQUIRE(client_final.compare(0, 2, "c=") == 0);
        const std::string cbind = imaplib::base64_decode(client_final.substr(2, client_final.find(',') - 2));
        const std::string expected = server.server_binding();
        REQUIRE_FALSE(expected.empty());
        CHECK(cbind == gs2 + expected);
    }
}

TEST_CASE("login_best over TLS: -PLUS when offered, else gs2 flag y, and PLAIN is allowed",
          "[hostile][sasl][login_best][tls]") {
    const auto& certs = imaplib::test::test_certs::get();
    REQUIRE(certs.ok());
    struct choice {
        const char* caps;
        std::string command;  // what login_best must send (a prefix)
    };
    const choice choices[] = {
        {"AUTH=PLAIN AUTH=SCRAM-SHA-256 AUTH=SCRAM-SHA-256-PLUS",
         "AUTHENTICATE SCRAM-SHA-256-PLUS " + base64_encode("p=tls-exporter,,n=user,r=").substr(0, 24)},
        // RFC 5802 section 6: the client could bind, the server offered no -PLUS: "y".
        {"AUTH=PLAIN AUTH=SCRAM-SHA-1 AUTH=SCRAM-SHA-256", "AUTHENTICATE SCRAM-SHA-256 " + base64_encode("y,,n=user,r=")},
        {"AUTH=PLAIN", "AUTHENTICATE PLAIN " + base64_encode(std::string("\0user\0pencil", 12))},
    };
    for (const choice& c : choices) {
        INFO(c.caps);
        scenario sc;
        sc.start_tls(imaplib::test::server_context("server"))
            .send("* OK ready\r\n")
            .expect("CAPABILITY")
            .send(std::string("* CAPABILITY IMAP4rev1 SASL-IR ") + c.caps + "\r\n$ OK done\r\n")
            .expect(c.command)
            .send("$ NO [AUTHENTICATIONFAILED] no\r\n");
        script_server server(sc);
        REQUIRE(server.ok());
        tls_client M{imaplib::tls_transport(suite_ca(certs))};
        std::error_code ec;
        M.connect("localhost", server.port(), quick, ec);
        REQUIRE_FALSE(ec);
        M.login_best("user", "pencil", ec);  // no allow_cleartext: TLS is enough for PLAIN
        CHECK(ec == errc::command_failed);
        CHECK(contains(M.error_message(), "[AUTHENTICATIONFAILED] no"));
        M.shutdown();
        server.finish();
        CHECK(server.errors().empty());
    }
}
#endif
