// Hostile servers, broken networks, bad input: basic_imap4 against a scripted server
// (tests/support/script_server.hpp) on a real loopback socket (TCP, TLS and STARTTLS
// are the real code paths) and, where meaningful, the same script through
// memory_transport. One test per fault, named after it. What is asserted: the error
// code and message, that the client never sent credentials or injected lines, that it
// neither hangs (short timeouts) nor allocates what the server announces.
//
// Build: -DIMAPLIB_USE_WOLFSSL -DIMAPLIB_TEST_SOURCE_DIR="<repo>" -lwolfssl -pthread, as
// its own executable with support/allocation_counter.cpp, which replaces the global
// operator new to measure allocations.
#include <imaplib/engine/basic_imap4.hpp>

#include <imaplib/engine/views.hpp>
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/tcp.hpp>
#if defined(IMAPLIB_USE_WOLFSSL)
#include <imaplib/transport/tls.hpp>
#include <wolfssl/wolfcrypt/ecc.h>
#endif

#include "support/allocation_counter.hpp"
#include "support/script_server.hpp"
#include "support/run_both.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using imaplib::error_kind;
using imaplib::kind_of;
using imaplib::test::allocation_probe;
using imaplib::test::measuring;
using imaplib::test::command_lines;
using imaplib::test::memory_peer;
using imaplib::test::run_both;
using imaplib::test::scenario;
using imaplib::test::script_server;

using tcp_client = imaplib::basic_imap4<imaplib::tcp_transport>;
using memory_client = imaplib::basic_imap4<imaplib::memory_transport>;

#if defined(IMAPLIB_USE_WOLFSSL) && defined(FP_ECC)
// The client's handshakes run on the main thread: free its wolfSSL ECC cache at exit
// (static destructors run before LeakSanitizer's check).
struct fp_cache_release {
    ~fp_cache_release() { wc_ecc_fp_free(); }
} release_fp_cache_at_exit;
#endif

constexpr auto quick = std::chrono::milliseconds(1000);  // no test waits this long
constexpr auto short_timeout = std::chrono::milliseconds(150);
constexpr auto stall_time = std::chrono::milliseconds(400);  // outlasts short_timeout

// Greeting plus the CAPABILITY exchange the client does after it.
scenario greeting(std::string greet = "* OK ready\r\n",
                  std::string caps = "IMAP4rev1 STARTTLS AUTH=PLAIN ENABLE UTF8=ACCEPT") {
    scenario s;
    s.send(std::move(greet)).expect("CAPABILITY").send("* CAPABILITY " + caps + "\r\n$ OK done\r\n");
    return s;
}
scenario preauth(std::string caps = "IMAP4rev1 ENABLE UTF8=ACCEPT") {
    return greeting("* PREAUTH ready\r\n", std::move(caps));
}
// Authenticated with a selected mailbox.
scenario selected() {
    scenario s = preauth();
    s.expect("SELECT").send("* 3 EXISTS\r\n$ OK [READ-WRITE] done\r\n");
    return s;
}

template <class Client, class Peer>
void connect(Client& M, Peer& peer, std::error_code& ec, std::chrono::milliseconds t = quick) {
    M.connect("127.0.0.1", peer.port(), t, ec);
}

// Closes the client and waits for the server, so everything the client sent is recorded.
template <class Client, class Peer>
void settle(Client& M, Peer& peer) {
    M.shutdown();
    peer.finish();
}

template <class Body>
void run_socket(const scenario& sc, Body body, const imaplib::limits& l = {}) {
    script_server server(sc);
    REQUIRE(server.ok());
    tcp_client M(imaplib::tcp_transport{}, l);
    body(M, server);
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// True when some command line the client sent (literal data excluded) starts with `p`.
bool sent_line_starting(std::string_view stream, std::string_view p) {
    for (const std::string& line : command_lines(stream))
        if (line.compare(0, p.size(), p) == 0) return true;
    return false;
}

// After an abort the client refuses commands without touching the wire.
template <class Client, class Peer>
void check_dead(Client& M, Peer& peer) {
    const std::string before = peer.received();
    std::error_code ec;
    M.noop(ec);
    CHECK(kind_of(ec) == error_kind::abort);
    M.login("user", "hunter2", ec);
    CHECK(ec);
    settle(M, peer);
    CHECK(peer.received() == before);
    CHECK_FALSE(contains(peer.received(), "hunter2"));
}

#if defined(IMAPLIB_USE_WOLFSSL)
std::shared_ptr<imaplib::tls_context> trusting_test_ca() {
    auto ctx = std::make_shared<imaplib::tls_context>();
    std::error_code ec;
    ctx->load_verify_file(imaplib::test::test_certs::get().path("ca.pem"), ec);
    REQUIRE_FALSE(ec);
    return ctx;
}
imaplib::test::server_tls_context server_cert(std::string_view name) {
    REQUIRE(imaplib::test::test_certs::get().ok());
    auto ctx = imaplib::test::server_context(name);
    REQUIRE(ctx);
    return ctx;
}
#endif

// The STARTTLS call for either transport: a real context over TCP, any object in memory.
template <class Client>
imaplib::response do_starttls(Client& M, std::error_code& ec) {
#if defined(IMAPLIB_USE_WOLFSSL)
    if constexpr (std::is_same_v<Client, tcp_client>) {
        return M.starttls(*trusting_test_ca(), ec);
    } else
#endif
    {
        struct any_context {};
        return M.starttls(any_context{}, ec);
    }
}

}  // namespace

// =====================================================================================
// 1. STARTTLS
// =====================================================================================
#if defined(IMAPLIB_USE_WOLFSSL)

TEST_CASE("STARTTLS: bytes in the same packet as the tagged OK abort the upgrade", "[hostile][starttls]") {
    scenario sc = greeting();
    sc.expect("STARTTLS").send("$ OK begin\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        for (const auto& e : peer.errors()) UNSCOPED_INFO("server: " << e);
        CHECK(ec == errc::starttls_injection);
        CHECK(kind_of(ec) == error_kind::abort);
        CHECK_THAT(M.error_message(), Catch::Contains("before the TLS handshake"));
        CHECK(peer.handshakes() == 0);
        check_dead(M, peer);
        CHECK_FALSE(sent_line_starting(peer.received(), "AUTHENTICATE"));
    });
}

TEST_CASE("STARTTLS: bytes arriving after the tagged OK, during the handshake, abort it",
          "[hostile][starttls]") {
    scenario sc = greeting();
    sc.expect("STARTTLS").send("$ OK begin\r\n").stall(20ms).send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
    run_socket(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        // Seen before the handshake started: an injection; seen by the TLS layer: not a
        // TLS record. Either way the upgrade fails and nothing more is sent.
        CHECK((ec == errc::starttls_injection || ec == errc::tls_handshake_failed));
        CHECK(kind_of(ec) == error_kind::abort);
        check_dead(M, peer);
    });
}

TEST_CASE("STARTTLS not advertised: the command is never sent, no credentials", "[hostile][starttls]") {
    const scenario sc = greeting("* OK ready\r\n", "IMAP4rev1 AUTH=PLAIN");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        CHECK(kind_of(ec) == error_kind::abort);
        CHECK(M.error_message() == "TLS not supported by server");
        settle(M, peer);
        CHECK_FALSE(contains(peer.received(), "STARTTLS"));
        CHECK(peer.handshakes() == 0);
    });
}

// Known failure: starttls_refused is of kind abort, yet the connection stays open in
// plaintext, so a program that goes on (or catches `error`) sends its password in clear.
TEST_CASE("STARTTLS not advertised: the connection is closed like any abort",
          "[hostile][starttls]") {
    const scenario sc = greeting("* OK ready\r\n", "IMAP4rev1 AUTH=PLAIN");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        CHECK(kind_of(ec) == error_kind::abort);
        check_dead(M, peer);
    });
}

TEST_CASE("STARTTLS answered NO: no handshake, the connection is closed", "[hostile][starttls]") {
    scenario sc = greeting();
    sc.expect("STARTTLS").send("$ NO [UNAVAILABLE] not now\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        CHECK(ec == errc::starttls_refused);
        CHECK(M.error_message() == "Couldn't establish TLS session");
        check_dead(M, peer);
        CHECK(peer.handshakes() == 0);
        CHECK_FALSE(sent_line_starting(peer.received(), "LOGIN"));
    });
}

TEST_CASE("STARTTLS answered BAD: no handshake, the connection is closed", "[hostile][starttls]") {
    scenario sc = greeting();
    sc.expect("STARTTLS").send("$ BAD what\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        CHECK(ec == errc::starttls_refused);
        CHECK_THAT(M.error_message(), Catch::Contains("STARTTLS command error: BAD"));
        check_dead(M, peer);
        CHECK(peer.handshakes() == 0);
    });
}

TEST_CASE("STARTTLS answered with a continuation: no handshake, no credentials", "[hostile][starttls]") {
    scenario sc = greeting();
    sc.expect("STARTTLS").send("+ go ahead\r\n").stall(stall_time);
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec, short_timeout);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        CHECK(kind_of(ec) == error_kind::abort);
        CHECK(peer.handshakes() == 0);
        check_dead(M, peer);
        CHECK(command_lines(peer.received()).size() == 2);  // CAPABILITY, STARTTLS
    });
}

TEST_CASE("STARTTLS after a PREAUTH greeting is an error, not a plaintext session", "[hostile][starttls]") {
    const scenario sc = preauth("IMAP4rev1 STARTTLS");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        CHECK(M.state() == "AUTH");
        do_starttls(M, ec);
        CHECK(ec == errc::illegal_state);
        CHECK_THAT(M.error_message(), Catch::Contains("STARTTLS illegal in state AUTH"));
        settle(M, peer);
        CHECK_FALSE(contains(peer.received(), "STARTTLS"));
        CHECK(peer.handshakes() == 0);
    });
}

TEST_CASE("STARTTLS: untagged data from before the upgrade is dropped, capabilities asked again",
          "[hostile][starttls]") {
    scenario sc = greeting("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] plain\r\n",
                           "IMAP4rev1 STARTTLS LOGINDISABLED");
    sc.expect("STARTTLS")
        .send("* 9 EXISTS\r\n* 1 FETCH (FLAGS (\\Seen))\r\n* CAPABILITY IMAP4rev1 X-FORGED\r\n$ OK begin\r\n")
        .start_tls(server_cert("server"))
        .expect("CAPABILITY")
        .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$ OK done\r\n")
        .expect("LOGIN")
        .send("$ OK logged in\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        const auto r = do_starttls(M, ec);
        REQUIRE_FALSE(ec);
        CHECK(r.typ == "OK");
        CHECK(imaplib::python_repr(M.capabilities()) == "('IMAP4REV1', 'AUTH=PLAIN')");
        for (const auto& entry : M.untagged_responses()) {
            CHECK(entry.first != "EXISTS");
            CHECK(entry.first != "FETCH");
        }
        CHECK(M.response("EXISTS").data.front().is_none());
        // LOGINDISABLED was a plaintext claim; over TLS the server allows LOGIN.
        M.login("alice", "hunter2", ec);
        CHECK_FALSE(ec);
        settle(M, peer);
        CHECK(peer.errors().empty());
        const std::string after = peer.received_after_tls();
        CHECK(sent_line_starting(after, M.tagpre()));
        CHECK(contains(after.substr(0, after.find("\r\n")), "CAPABILITY"));
        const std::string before = peer.received().substr(0, peer.received().size() - after.size());
        CHECK_FALSE(contains(before, "hunter2"));
        CHECK(contains(after, "hunter2"));
    });
}

TEST_CASE("STARTTLS: an [ALERT] received before the upgrade is not presented afterwards",
          "[hostile][starttls]") {
    scenario sc = greeting("* OK [ALERT] plaintext says: send your password to evil.example\r\n");
    sc.expect("STARTTLS")
        .send("* OK [ALERT] your account is locked, call +1 555\r\n$ OK begin\r\n")
        .start_tls(server_cert("server"))
        .expect("CAPABILITY")
        .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        REQUIRE_FALSE(ec);
        CHECK(M.response("ALERT").data.front().is_none());
        CHECK(M.response("OK").data.front().is_none());
        settle(M, peer);
        CHECK(peer.errors().empty());
    });
}

TEST_CASE("STARTTLS: a certificate that does not verify ends the connection before credentials",
          "[hostile][starttls][tls]") {
    SECTION("real handshake against a self-signed certificate") {
        scenario sc = greeting();
        sc.expect("STARTTLS").send("$ OK begin\r\n").start_tls(server_cert("selfsigned"));
        run_socket(sc, [](auto& M, auto& peer) {
            std::error_code ec;
            connect(M, peer, ec);
            REQUIRE_FALSE(ec);
            do_starttls(M, ec);
            CHECK(ec == errc::tls_verify_failed);
            CHECK_THAT(M.error_message(), Catch::Contains("self-signed"));
            check_dead(M, peer);
            CHECK(peer.received_after_tls().empty());
        });
    }
    SECTION("memory transport whose handshake fails") {
        scenario sc = greeting();
        sc.expect("STARTTLS").send("$ OK begin\r\n");
        memory_peer peer(sc);
        peer.script()->start_tls_error = make_error_code(errc::tls_verify_failed);
        memory_client M(peer.transport());
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        do_starttls(M, ec);
        CHECK(ec == errc::tls_verify_failed);
        check_dead(M, peer);
    }
}

// =====================================================================================
// 2. TLS: each bad certificate fails with a clear error before anything is sent
// =====================================================================================
namespace {

// Implicit TLS to a server presenting `cert`; returns the error and the message.
std::error_code implicit_tls(std::string_view cert, std::shared_ptr<imaplib::tls_context> ctx,
                             std::string_view host, std::string& message, std::string& received) {
    scenario sc;
    sc.start_tls(server_cert(cert)).send("* OK tls ready\r\n").expect("CAPABILITY");
    script_server server(sc);
    REQUIRE(server.ok());
    std::error_code ec;
    {
        imaplib::basic_imap4<imaplib::tls_transport> M{imaplib::tls_transport(ctx)};
        M.connect(host, server.port(), quick, ec);
        message = M.error_message();
        M.shutdown();
    }
    server.finish();
    received = server.received();
    return ec;
}

}  // namespace

TEST_CASE("TLS: a self-signed certificate fails before anything is sent", "[hostile][tls]") {
    std::string message, received;
    const auto ec = implicit_tls("selfsigned", trusting_test_ca(), "localhost", message, received);
    CHECK(ec == errc::tls_verify_failed);
    CHECK(kind_of(ec) == error_kind::abort);
    CHECK_THAT(message, Catch::Contains("self-signed"));
    CHECK(received.empty());
}

TEST_CASE("TLS: an expired certificate fails before anything is sent", "[hostile][tls]") {
    std::string message, received;
    const auto ec = implicit_tls("expired", trusting_test_ca(), "localhost", message, received);
    CHECK(ec == errc::tls_verify_failed);
    CHECK_THAT(message, Catch::Contains("expired"));
    CHECK(received.empty());
}

TEST_CASE("TLS: a certificate for another host name fails before anything is sent", "[hostile][tls]") {
    std::string message, received;
    const auto ec = implicit_tls("wronghost", trusting_test_ca(), "localhost", message, received);
    CHECK(ec == errc::tls_verify_failed);
    CHECK_THAT(message, Catch::Contains("host name mismatch"));
    CHECK(received.empty());
}

TEST_CASE("TLS: a certificate from an unknown CA fails before anything is sent", "[hostile][tls]") {
    std::string message, received;
    // The default context trusts the system store, which does not know the test CA.
    const auto ec =
        implicit_tls("server", std::make_shared<imaplib::tls_context>(), "localhost", message, received);
    CHECK(ec == errc::tls_verify_failed);
    CHECK_THAT(message, Catch::Contains("unknown CA"));
    CHECK(received.empty());
}

TEST_CASE("TLS: a plaintext server on the TLS port fails the handshake, never hangs", "[hostile][tls]") {
    SECTION("the server greets in plaintext") {
        scenario sc;
        sc.send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plaintext\r\n").stall(stall_time);
        script_server server(sc);
        imaplib::basic_imap4<imaplib::tls_transport> M{imaplib::tls_transport(trusting_test_ca())};
        std::error_code ec;
        M.connect("127.0.0.1", server.port(), quick, ec);
        CHECK(ec == errc::tls_handshake_failed);
        CHECK_THAT(M.error_message(), Catch::Contains("TLS"));
        settle(M, server);
        // Only a ClientHello went out: no IMAP command.
        CHECK_FALSE(contains(server.received(), "CAPABILITY"));
    }
    SECTION("the server waits for the client to speak first") {
        scenario sc;
        sc.expect_line("").send("* OK hello\r\n").stall(stall_time);
        script_server server(sc);
        imaplib::basic_imap4<imaplib::tls_transport> M{imaplib::tls_transport(trusting_test_ca())};
        std::error_code ec;
        M.connect("127.0.0.1", server.port(), short_timeout, ec);
        CHECK((ec == errc::tls_handshake_failed || ec == errc::timeout));
        CHECK(kind_of(ec) == error_kind::abort);
        settle(M, server);
    }
}

TEST_CASE("TLS: a TLS server on the plain port times out, never hangs", "[hostile][tls]") {
    scenario sc;
    sc.start_tls(server_cert("server")).send("* OK tls\r\n");
    script_server server(sc);
    tcp_client M;
    std::error_code ec;
    M.connect("127.0.0.1", server.port(), short_timeout, ec);
    CHECK(ec == errc::timeout);
    CHECK(kind_of(ec) == error_kind::abort);
    settle(M, server);
    CHECK(server.received().empty());
}

#endif  // IMAPLIB_USE_WOLFSSL

// =====================================================================================
// 3. Framing and grammar
// =====================================================================================

TEST_CASE("a literal announced far beyond the limit is refused before any allocation",
          "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("FETCH").send("* 1 FETCH (BODY[] {999999999999}\r\nabc").stall(stall_time);
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
        allocation_probe probe;
        M.fetch("1", "(BODY[])", ec);
        CHECK(ec == errc::literal_too_large);
        CHECK_THAT(M.error_message(), Catch::Contains("literal larger than the limit"));
        CHECK(probe.largest() < std::size_t{1} << 20);
        check_dead(M, peer);
    });
}

TEST_CASE("a literal count that overflows 64 bits is refused", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("FETCH").send("* 1 FETCH (BODY[] {184467440737095516160}\r\nabc\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        allocation_probe probe;
        M.fetch("1", "(BODY[])", ec);
        CHECK(ec == errc::literal_too_large);
        CHECK(probe.largest() < std::size_t{1} << 20);
    });
}

TEST_CASE("malformed literal counts are text, never a literal", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("FETCH").send("* 1 FETCH (BODY[] {-1}\r\n* 2 FETCH (BODY[] {1a}\r\n* 3 FETCH (X { 5})\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const auto r = M.fetch("1:3", "(BODY[])", ec);
        REQUIRE_FALSE(ec);
        CHECK(imaplib::python_repr(r) ==
              "('OK', [b'1 (BODY[] {-1}', b'2 (BODY[] {1a}', b'3 (X { 5})'])");
        // The grammar, which checks the syntax, says what is wrong with each.
        imaplib::grammar::response_view view;
        for (const auto& item : r.data) {
            CHECK_FALSE(imaplib::view_of(item, view, ec));
            CHECK(ec == errc::parse_error);
        }
        settle(M, peer);
    });
}

TEST_CASE("a literal cut short by EOF is an abort", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("FETCH").send("* 1 FETCH (BODY[] {10}\r\nabc").close();
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        M.fetch("1", "(BODY[])", ec);
        CHECK(ec == errc::connection_closed);
        CHECK(M.error_message() == "command: FETCH => socket error: EOF");
        check_dead(M, peer);
    });
}

TEST_CASE("a server that stalls mid-line: the timeout fires", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("NOOP").send_split("* 4 EXISTS\r\n* 1 FETCH (FLAGS (\\Se", 8).stall(stall_time);
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec, short_timeout);
        M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
        M.noop(ec);
        CHECK(ec == errc::timeout);
        CHECK_THAT(M.error_message(), Catch::Contains("timed out"));
        check_dead(M, peer);
    });
}

TEST_CASE("a server that stalls mid-literal: the timeout fires", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("FETCH").send("* 1 FETCH (BODY[] {100}\r\n" + std::string(60, 'x')).stall(stall_time);
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec, short_timeout);
        M.select("INBOX", false, ec);
        M.fetch("1", "(BODY[])", ec);
        CHECK(ec == errc::timeout);
        check_dead(M, peer);
    });
}

TEST_CASE("a line longer than the limit without CRLF fails at the limit, not at EOF or timeout",
          "[hostile][framing]") {
    imaplib::limits l;
    l.max_line = 1000;
    scenario sc = selected();
    sc.expect("NOOP").send_split("* OK " + std::string(5000, 'x'), 1024).stall(stall_time);
    run_both(
        sc,
        [](auto& M, auto& peer) {
            std::error_code ec;
            connect(M, peer, ec, quick);
            M.select("INBOX", false, ec);
            allocation_probe probe;
            M.noop(ec);
            CHECK(ec == errc::line_too_long);
            CHECK_THAT(M.error_message(), Catch::Contains("line longer than the limit"));
            CHECK(probe.largest() < 200 * 1024);
            check_dead(M, peer);
        },
        l);
}

TEST_CASE("a response above the total limit is refused", "[hostile][framing]") {
    imaplib::limits l;
    l.max_literal = 3000;
    l.max_response = 8000;
    std::string reply = "* 1 FETCH (";
    for (int i = 0; i < 6; ++i) reply += "BODY[" + std::to_string(i) + "] {2000}\r\n" + std::string(2000, 'a') + " ";
    reply += ")\r\n$ OK done\r\n";
    scenario sc = selected();
    sc.expect("FETCH").send(reply);
    run_both(
        sc,
        [](auto& M, auto& peer) {
            std::error_code ec;
            connect(M, peer, ec);
            M.select("INBOX", false, ec);
            M.fetch("1", "(BODY[])", ec);
            CHECK(ec == errc::response_too_large);
            CHECK_THAT(M.error_message(), Catch::Contains("response larger than the limit"));
            check_dead(M, peer);
        },
        l);
}

TEST_CASE("nesting deeper than the depth limit is refused by the typed views", "[hostile][grammar]") {
    imaplib::limits l;
    l.max_depth = 8;
    const std::string ten = std::string(10, '(') + std::string(10, ')');
    const std::string deep = std::string(100000, '(') + std::string(100000, ')');
    scenario sc = selected();
    sc.expect("FETCH 1").send("* 1 FETCH (X-NEST " + ten + ")\r\n$ OK done\r\n");
    sc.expect("FETCH 2").send("* 2 FETCH (X-NEST " + deep + ")\r\n$ OK done\r\n");
    run_both(
        sc,
        [&](auto& M, auto& peer) {
            std::error_code ec;
            connect(M, peer, ec);
            M.select("INBOX", false, ec);
            const auto r1 = M.fetch("1", "(X-NEST)", ec);
            REQUIRE_FALSE(ec);
            imaplib::grammar::parse_options opts;
            opts.limits = M.response_limits();
            imaplib::grammar::response_view view;
            CHECK_FALSE(imaplib::view_of(r1.data.front(), view, ec, opts));
            CHECK(ec == errc::nesting_too_deep);
            // Default limits, 100000 levels: refused at the limit, no stack overflow.
            const auto r2 = M.fetch("2", "(X-NEST)", ec);
            REQUIRE_FALSE(ec);
            CHECK_FALSE(imaplib::view_of(r2.data.front(), view, ec));
            CHECK(ec == errc::nesting_too_deep);
            settle(M, peer);
        },
        l);
}

TEST_CASE("numbers that overflow are not silently wrapped", "[hostile][grammar]") {
    scenario sc = preauth();
    sc.expect("SELECT").send("* 99999999999999999999999 EXISTS\r\n$ OK done\r\n");
    sc.expect("FETCH").send("* 1 FETCH (UID 4294967296 RFC822.SIZE 99999999999999999999)\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        const auto r = M.select("INBOX", false, ec);
        REQUIRE_FALSE(ec);
        // imaplib's result is the bytes, as sent.
        CHECK(imaplib::python_repr(r) == "('OK', [b'99999999999999999999999'])");
        imaplib::grammar::response_view view;
        CHECK_FALSE(imaplib::view_of(r.data.front(), view, ec));
        CHECK(ec == errc::parse_error);
        const auto f = M.fetch("1", "(UID RFC822.SIZE)", ec);
        REQUIRE_FALSE(ec);
        CHECK_FALSE(imaplib::view_of(f.data.front(), view, ec));
        CHECK(ec == errc::parse_error);
        settle(M, peer);
    });
}

TEST_CASE("a NUL byte in a response line is an abort", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("NOOP").send(std::string("* OK a\0b\r\n$ OK done\r\n", 20));
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        M.noop(ec);
        CHECK(ec == errc::malformed_response);
        CHECK_THAT(M.error_message(), Catch::Contains("malformed response"));
        check_dead(M, peer);
    });
}

TEST_CASE("an unterminated quoted string is kept as text and rejected by the grammar", "[hostile][grammar]") {
    scenario sc = preauth();
    sc.expect("LIST").send("* LIST () \"/\" \"INBOX\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        const auto r = M.list("\"\"", "*", ec);
        REQUIRE_FALSE(ec);
        CHECK(imaplib::python_repr(r) == "('OK', [b'() \"/\" \"INBOX'])");
        imaplib::grammar::response_view view;
        imaplib::grammar::parse_error err;
        CHECK_FALSE(imaplib::grammar::parse_response(r.data.front().frame(), view, ec, {}, &err));
        CHECK(ec == errc::parse_error);
        CHECK_FALSE(err.message().empty());
        settle(M, peer);
    });
}

TEST_CASE("a bare CR inside a response line is an abort", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("NOOP").send("* OK one\rtwo\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        M.noop(ec);
        CHECK(ec == errc::malformed_response);
        check_dead(M, peer);
    });
}

TEST_CASE("a bare LF line end is accepted as a line end, never as part of a line", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("NOOP").send("* 5 EXISTS\n$ OK done\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const auto r = M.noop(ec);
        REQUIRE_FALSE(ec);
        CHECK(r.typ == "OK");
        // SELECT's EXISTS and the one after the bare LF, nothing merged.
        CHECK(imaplib::python_repr(M.response("EXISTS")) == "('EXISTS', [b'3', b'5'])");
        settle(M, peer);
    });
}

TEST_CASE("a blank line after a literal is a protocol violation", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("FETCH").send("* 1 FETCH (BODY[] {3}\r\nabc\r\n\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        M.fetch("1", "(BODY[])", ec);
        CHECK(ec == errc::protocol_violation);
        CHECK_THAT(M.error_message(), Catch::Contains("unexpected response: b''"));
        check_dead(M, peer);
    });
}

TEST_CASE("a response delivered one byte per packet gives the same result", "[hostile][framing]") {
    scenario sc = selected();
    sc.expect("FETCH").send_split("* 1 FETCH (BODY[] {7}\r\nab\r\ncde UID 3)\r\n$ OK done\r\n", 1);
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const auto r = M.fetch("1", "(BODY[] UID)", ec);
        REQUIRE_FALSE(ec);
        CHECK(imaplib::python_repr(r) == "('OK', [(b'1 (BODY[] {7}', b'ab\\r\\ncde'), b' UID 3)'])");
        settle(M, peer);
    });
}

// =====================================================================================
// 4. Protocol
// =====================================================================================

TEST_CASE("BYE as the greeting: an error, and nothing is sent", "[hostile][protocol]") {
    scenario sc;
    sc.send("* BYE [UNAVAILABLE] overloaded, come back later\r\n").stall(stall_time);
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        CHECK(ec == errc::bye);
        CHECK_THAT(M.error_message(), Catch::Contains("overloaded"));
        check_dead(M, peer);
        CHECK(peer.received().empty());
    });
}

TEST_CASE("BYE in the middle of a command: an abort, and the client stays dead", "[hostile][protocol]") {
    scenario sc = selected();
    sc.expect("FETCH").send("* 1 FETCH (FLAGS ())\r\n* BYE [ALERT] server shutting down\r\n").close();
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        M.fetch("1", "(FLAGS)", ec);
        CHECK(ec == errc::bye);
        CHECK_THAT(M.error_message(), Catch::Contains("server shutting down"));
        check_dead(M, peer);
    });
}

TEST_CASE("a tagged response for a tag that was never sent is an abort", "[hostile][protocol]") {
    scenario sc = selected();
    sc.expect("NOOP").send("$9999 OK forged\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        M.noop(ec);
        CHECK(ec == errc::protocol_violation);
        CHECK_THAT(M.error_message(), Catch::Contains("unexpected tagged response"));
        check_dead(M, peer);
    });
}

// Known failure (found by fuzz_client): an untagged response with a type and nothing
// after it makes the error_code API throw std::out_of_range.
TEST_CASE("an untagged response without data (* SEARCH) is stored, nothing thrown",
          "[hostile][protocol]") {
    scenario sc = selected();
    sc.expect("SEARCH").send("* SEARCH\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        imaplib::response r;
        CHECK_NOTHROW(r = M.search(imaplib::None, {"ALL"}, ec));
        CHECK_FALSE(ec);
        CHECK(imaplib::python_repr(r) == "('OK', [b''])");
        settle(M, peer);
    });
}

// Known failure (found by fuzz_client): "TAG OK" without text, which the README says is
// accepted, makes the error_code API throw std::out_of_range.
TEST_CASE("a tagged response without text is accepted, nothing thrown", "[hostile][protocol]") {
    scenario sc = selected();
    sc.expect("NOOP").send("$ OK\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        imaplib::response r;
        CHECK_NOTHROW(r = M.noop(ec));
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        settle(M, peer);
    });
}

TEST_CASE("an unexpected continuation does not make the client send anything", "[hostile][protocol]") {
    scenario sc = selected();
    sc.expect("NOOP").send("+ send me your password\r\n$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const auto r = M.noop(ec);
        // imaplib ignores a continuation nobody asked for; so do we, sending nothing.
        REQUIRE_FALSE(ec);
        CHECK(r.typ == "OK");
        settle(M, peer);
        CHECK(command_lines(peer.received()).size() == 3);  // CAPABILITY, SELECT, NOOP
    });
}

TEST_CASE("APPEND rejected instead of '+': the literal bytes are never sent", "[hostile][protocol]") {
    const std::string message = "Subject: secret\r\n\r\nthe literal must stay here\r\n";
    for (const char* reply : {"$ NO [OVERQUOTA] too big\r\n", "$ BAD no literals today\r\n"}) {
        scenario sc = preauth();
        sc.expect("APPEND").send(reply).expect("NOOP").send("$ OK done\r\n");
        CAPTURE(reply);
        run_both(sc, [&](auto& M, auto& peer) {
            std::error_code ec;
            connect(M, peer, ec);
            M.append("INBOX", imaplib::None, imaplib::None, message, ec);
            if (reply[2] == 'N') {
                CHECK_FALSE(ec);
            } else {
                CHECK(ec == errc::command_failed);
            }
            M.noop(ec);  // the connection is in sync: the next command works
            settle(M, peer);
            CHECK_FALSE(contains(peer.received(), "the literal must stay here"));
        });
    }
}

TEST_CASE("LOGINDISABLED: LOGIN is refused locally, the password never sent", "[hostile][protocol]") {
    const scenario sc = greeting("* OK ready\r\n", "IMAP4rev1 STARTTLS LOGINDISABLED");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        REQUIRE_FALSE(ec);
        M.login("alice", "hunter2", ec);
        CHECK(ec == errc::logindisabled);
        CHECK(kind_of(ec) == error_kind::error);
        settle(M, peer);
        CHECK_FALSE(contains(peer.received(), "hunter2"));
        CHECK_FALSE(contains(peer.received(), "LOGIN "));
    });
}

// =====================================================================================
// 5. Command side: user strings never reach the wire raw
// =====================================================================================
namespace {
const std::string injected = "x\r\nA1 DELETE INBOX";  // a line of its own if sent raw

// The client's command lines never include the injected command.
template <class Peer>
void check_no_injection(Peer& peer) {
    CHECK_FALSE(sent_line_starting(peer.received(), "A1 DELETE"));
    CHECK(peer.errors().empty());
}
}  // namespace

TEST_CASE("CR or LF in a mailbox name goes as a literal, never as a line", "[hostile][command]") {
    scenario sc = preauth();
    const std::size_t n = injected.size();
    for (const char* cmd : {"CREATE {", "RENAME {", "SUBSCRIBE {", "STATUS {"}) {
        sc.expect(cmd).send("+ go\r\n").expect_literal(n).expect_line("");
        if (std::string_view(cmd) == "RENAME {") sc.send("+ go\r\n").expect_literal(n).expect_line("");
        sc.send("$ OK done\r\n");
    }
    run_both(sc, [&](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.create(injected, ec);
        CHECK_FALSE(ec);
        M.rename(injected, injected, ec);
        CHECK_FALSE(ec);
        M.subscribe(injected, ec);
        CHECK_FALSE(ec);
        M.status(injected, "(MESSAGES)", ec);
        CHECK_FALSE(ec);
        settle(M, peer);
        check_no_injection(peer);
    });
}

TEST_CASE("CR or LF in search criteria is refused before anything is sent", "[hostile][command]") {
    run_both(selected(), [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const std::string before = peer.received();
        M.search(imaplib::None, {"SUBJECT", injected}, ec);
        CHECK(ec == errc::invalid_argument);
        M.uid("SEARCH", {"ALL\r\nA1 DELETE INBOX"}, ec);
        CHECK(ec == errc::invalid_argument);
        M.search(std::string_view("UTF-8\r\nA1 DELETE INBOX"), {"ALL"}, ec);
        CHECK(ec == errc::invalid_argument);
        M.fetch("1\nA1 DELETE INBOX", "(FLAGS)", ec);
        CHECK(ec == errc::invalid_argument);
        CHECK_THAT(M.error_message(), Catch::Contains("refusing"));
        CHECK_FALSE(contains(M.error_message(), "\n"));
        settle(M, peer);
        CHECK(peer.received() == before);
    });
}

TEST_CASE("CR or LF in flags is refused before anything is sent", "[hostile][command]") {
    run_both(selected(), [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const std::string before = peer.received();
        M.store("1", "+FLAGS", "\\Seen\r\nA1 DELETE INBOX", ec);
        CHECK(ec == errc::invalid_argument);
        M.append("INBOX", std::string_view("(\\Seen\r\nA1 DELETE INBOX)"), imaplib::None, "body", ec);
        CHECK(ec == errc::invalid_argument);
        settle(M, peer);
        CHECK(peer.received() == before);
    });
}

TEST_CASE("CR or LF in a user name or password goes as a literal", "[hostile][command]") {
    scenario sc = greeting();
    sc.expect("LOGIN {")
        .send("+ go\r\n")
        .expect_literal(injected.size())
        .expect_line("")
        .send("+ go\r\n")
        .expect_literal(8)
        .expect_line("")
        .send("$ OK in\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.login(injected, "pw\r\nA1 X", ec);
        CHECK_FALSE(ec);
        settle(M, peer);
        check_no_injection(peer);
        CHECK_FALSE(sent_line_starting(peer.received(), "A1 X"));
    });
}

TEST_CASE("CR or LF in xatom arguments is refused before anything is sent", "[hostile][command]") {
    run_both(selected(), [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const std::string before = peer.received();
        M.xatom("X-FROB", {"a", injected}, ec);
        CHECK(ec == errc::invalid_argument);
        M.xatom("X-FROB", {std::string_view("a\0b", 3)}, ec);
        CHECK(ec == errc::invalid_argument);
        settle(M, peer);
        CHECK(peer.received() == before);
    });
}

// Known failure: xatom() puts its command name on the wire unchecked.
TEST_CASE("CR or LF in an xatom command name is refused before anything is sent",
          "[hostile][command]") {
    run_both(selected(), [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec, short_timeout);
        M.select("INBOX", false, ec);
        const std::string before = peer.received();
        M.xatom("X-FROB\r\nA1 DELETE INBOX", {}, ec);  // (if sent, no answer comes: timeout)
        CHECK(ec == errc::invalid_argument);
        M.xatom("X-FROB NOW", {}, ec);
        CHECK(ec == errc::invalid_argument);
        settle(M, peer);
        CHECK(peer.received() == before);
        check_no_injection(peer);
    });
}

TEST_CASE("NUL in any user string is refused before anything is sent", "[hostile][command]") {
    run_both(selected(), [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const std::string before = peer.received();
        const std::string nul("a\0b", 3);
        M.create(nul, ec);
        CHECK(ec == errc::invalid_argument);
        M.login(nul, "pw", ec);
        CHECK(ec);
        M.login("user", nul, ec);
        CHECK(ec);
        M.search(imaplib::None, {nul}, ec);
        CHECK(ec == errc::invalid_argument);
        M.store("1", "+FLAGS", nul, ec);
        CHECK(ec == errc::invalid_argument);
        M.xatom("X-FROB", {nul}, ec);
        CHECK(ec == errc::invalid_argument);
        M.setacl("INBOX", nul, "lr", ec);
        CHECK(ec == errc::invalid_argument);
        settle(M, peer);
        CHECK(peer.received() == before);
    });
}

TEST_CASE("quotes and backslashes in strings are escaped", "[hostile][command]") {
    scenario sc = greeting();
    sc.expect("LOGIN \"a\\\"b\\\\c\" \"p\\\"w\\\\\"").send("$ OK in\r\n");
    sc.expect("CREATE \"my \\\"box\\\\\"").send("$ OK done\r\n");
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.login("a\"b\\c", "p\"w\\", ec);
        CHECK_FALSE(ec);
        M.create("my \"box\\", ec);
        CHECK_FALSE(ec);
        settle(M, peer);
        CHECK(peer.errors().empty());
    });
}

TEST_CASE("8-bit strings go as literals, or as UTF-8 once UTF8=ACCEPT is enabled", "[hostile][command]") {
    const std::string box = "Entw\xC3\xBCrfe";  // "Entwürfe" in UTF-8
    scenario sc = preauth();
    sc.expect("CREATE {" + std::to_string(box.size()) + "}")
        .send("+ go\r\n")
        .expect_literal(box.size())
        .expect_line("")
        .send("$ OK done\r\n")
        .expect("ENABLE UTF8=ACCEPT")
        .send("* ENABLED UTF8=ACCEPT\r\n$ OK done\r\n")
        .expect("CREATE \"" + box + "\"")
        .send("$ OK done\r\n");
    run_both(sc, [&](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.create(box, ec);
        CHECK_FALSE(ec);
        M.enable("UTF8=ACCEPT", ec);
        CHECK(M.utf8_enabled());
        M.create(box, ec);
        CHECK_FALSE(ec);
        settle(M, peer);
        CHECK(peer.errors().empty());
    });
}

TEST_CASE("flags with spaces or parentheses inside are refused", "[hostile][command]") {
    run_both(selected(), [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        const std::string before = peer.received();
        M.store("1", "+FLAGS", "(\\Seen) (\\Deleted)", ec);
        CHECK(ec == errc::invalid_argument);
        M.store("1", "FLAGS", "\\Seen) UID (", ec);
        CHECK(ec == errc::invalid_argument);
        M.store("1", "+FLAGS", "\"two words\"", ec);
        CHECK(ec == errc::invalid_argument);
        M.append("INBOX", std::string_view("(a(b))"), imaplib::None, "body", ec);
        CHECK(ec == errc::invalid_argument);
        settle(M, peer);
        CHECK(peer.received() == before);
    });
}

// =====================================================================================
// 6. Resources
// =====================================================================================

TEST_CASE("limits are per connection and default to the documented values", "[hostile][limits]") {
    const imaplib::limits defaults;
    CHECK(defaults.max_line == 1000000);
    CHECK(defaults.max_literal == std::size_t{128} * 1024 * 1024);
    CHECK(defaults.max_response == std::size_t{256} * 1024 * 1024);
    CHECK(defaults.max_depth == 64);

    scenario sc = selected();
    sc.expect("NOOP").send("* OK " + std::string(300, 'x') + "\r\n$ OK done\r\n");
    imaplib::limits tight;
    tight.max_line = 200;
    // The same server bytes: refused by the tight connection, accepted by the default one.
    run_both(
        sc,
        [](auto& M, auto& peer) {
            std::error_code ec;
            connect(M, peer, ec);
            M.select("INBOX", false, ec);
            CHECK(M.response_limits().max_line == 200);
            M.noop(ec);
            CHECK(ec == errc::line_too_long);
            settle(M, peer);
        },
        tight);
    run_both(sc, [](auto& M, auto& peer) {
        std::error_code ec;
        connect(M, peer, ec);
        M.select("INBOX", false, ec);
        M.noop(ec);
        CHECK_FALSE(ec);
        settle(M, peer);
    });
}

TEST_CASE("the peak memory of a response is bounded by the limits", "[hostile][limits]") {
    imaplib::limits l;
    l.max_line = 4096;
    l.max_literal = 256 * 1024;
    l.max_response = 512 * 1024;
    // Many literals, each under max_literal, 2 MiB in all: past max_response.
    std::string reply = "* 1 FETCH (";
    for (int i = 0; i < 16; ++i)
        reply += "BODY[" + std::to_string(i) + "] {131072}\r\n" + std::string(131072, 'm') + " ";
    reply += ")\r\n$ OK done\r\n";
    scenario sc = selected();
    sc.expect("FETCH").send(reply);
    run_both(
        sc,
        [&](auto& M, auto& peer) {
            // The in-memory server builds its reply on this thread: measure only the client.
            if constexpr (std::is_same_v<std::decay_t<decltype(peer)>, memory_peer>) {
                peer.script()->on_line = [server = peer.script()->on_line](std::string_view line) {
                    const bool was = measuring;
                    measuring = false;
                    std::string out = server(line);
                    measuring = was;
                    return out;
                };
            }
            std::error_code ec;
            connect(M, peer, ec);
            M.select("INBOX", false, ec);
            allocation_probe probe;
            M.fetch("1", "(BODY[])", ec);
            CHECK(ec == errc::response_too_large);
            // docs/security.md: the read buffer holds at most max_response plus one read
            // (64 KiB); growing by doubling may reserve up to twice that.
            const std::size_t read_chunk = 64 * 1024;
            CAPTURE(probe.largest());
            CHECK(probe.largest() <= 2 * (l.max_response + read_chunk));
            check_dead(M, peer);
        },
        l);
}
