// The TLS policy (docs/security.md, "TLS") against a real wolfSSL server that offers
// exactly one suite, or presents one certificate: forbidden suites, short keys, SHA-1
// signatures and loose names are refused before any IMAP byte, over implicit TLS and
// STARTTLS; allowed ones work; tightening narrows, the loud legacy switch widens but
// never to anonymous, NULL, RC4 or 3DES; the ClientHello offers only the policy.
#include <imaplib/transport/tls_context.hpp>

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/transport/tcp.hpp>
#include <imaplib/transport/tls.hpp>

#include "support/script_server.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using imaplib::test::scenario;
using imaplib::test::script_server;
using imaplib::test::server_tls_context;

constexpr auto quick = std::chrono::milliseconds(2000);

enum class pin { tls1_2, tls1_3 };

// A server context presenting CERT and offering exactly SUITE over exactly one version.
server_tls_context one_suite_server(std::string_view cert, const char* suite, pin version) {
    REQUIRE(imaplib::detail::tls_library_ready());
    const auto& certs = imaplib::test::test_certs::get();
    REQUIRE(certs.policy_set());
    server_tls_context ctx(
        wolfSSL_CTX_new(version == pin::tls1_3 ? wolfTLSv1_3_server_method() : wolfTLSv1_2_server_method()),
        [](WOLFSSL_CTX* c) { wolfSSL_CTX_free(c); });
    REQUIRE(ctx);
    const std::string base(cert);
    REQUIRE(wolfSSL_CTX_use_certificate_chain_file(ctx.get(), certs.path(base + ".pem").c_str()) == WOLFSSL_SUCCESS);
    REQUIRE(wolfSSL_CTX_use_PrivateKey_file(ctx.get(), certs.path(base + ".key").c_str(), WOLFSSL_FILETYPE_PEM) ==
            WOLFSSL_SUCCESS);
    if (std::string_view(suite).substr(0, 4) == "ADH-") REQUIRE(wolfSSL_CTX_allow_anon_cipher(ctx.get()) == WOLFSSL_SUCCESS);
    // The server really can offer it: otherwise the test would prove nothing.
    INFO("server suite " << suite);
    REQUIRE(wolfSSL_CTX_set_cipher_list(ctx.get(), suite) == WOLFSSL_SUCCESS);
    return ctx;
}

server_tls_context cert_server(std::string_view cert) {
    REQUIRE(imaplib::test::test_certs::get().policy_set());
    auto ctx = imaplib::test::server_context(cert);
    REQUIRE(ctx);
    return ctx;
}

// A server presenting a key wolfSSL itself finds too short (its own floor is 224 bits
// for ECC): the server side is lowered so that it can present it at all.
server_tls_context short_key_server(std::string_view cert) {
    REQUIRE(imaplib::detail::tls_library_ready());
    const auto& certs = imaplib::test::test_certs::get();
    REQUIRE(certs.policy_set());
    server_tls_context ctx(wolfSSL_CTX_new(wolfSSLv23_server_method()), [](WOLFSSL_CTX* c) { wolfSSL_CTX_free(c); });
    REQUIRE(ctx);
    REQUIRE(wolfSSL_CTX_SetMinEccKey_Sz(ctx.get(), 160) == WOLFSSL_SUCCESS);
    REQUIRE(wolfSSL_CTX_SetMinRsaKey_Sz(ctx.get(), 1024) == WOLFSSL_SUCCESS);
    const std::string base(cert);
    REQUIRE(wolfSSL_CTX_use_certificate_chain_file(ctx.get(), certs.path(base + ".pem").c_str()) == WOLFSSL_SUCCESS);
    REQUIRE(wolfSSL_CTX_use_PrivateKey_file(ctx.get(), certs.path(base + ".key").c_str(), WOLFSSL_FILETYPE_PEM) ==
            WOLFSSL_SUCCESS);
    return ctx;
}

std::shared_ptr<imaplib::tls_context> trusting_ca() {
    auto ctx = std::make_shared<imaplib::tls_context>();
    REQUIRE(ctx->valid());
    std::error_code ec;
    ctx->load_verify_file(imaplib::test::test_certs::get().path("ca.pem"), ec);
    REQUIRE_FALSE(ec);
    return ctx;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// What one connection did: the client's error and message, the suite it got, and what
// the server received in the clear and over TLS.
struct outcome {
    std::error_code ec;
    std::string message;
    std::string suite;
    std::string received;
    std::size_t handshakes = 0;
};

// imap4_ssl: implicit TLS to `host`, then LOGIN.
outcome implicit_tls(server_tls_context server_ctx, std::shared_ptr<imaplib::tls_context> ctx,
                     std::string_view host = "localhost") {
    scenario sc;
    sc.start_tls(std::move(server_ctx))
        .send("* OK ready\r\n")
        .expect("CAPABILITY")
        .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$ OK done\r\n")
        .expect("LOGIN")
        .send("$ OK logged in\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    outcome out;
    {
        imaplib::basic_imap4<imaplib::tls_transport> M{imaplib::tls_transport(std::move(ctx))};
        M.connect(host, server.port(), quick, out.ec);
        if (!out.ec) {
            if (const char* name = wolfSSL_get_cipher_name(M.transport().ssl())) out.suite = name;
            M.login("user", "hunter2", out.ec);
        }
        out.message = M.error_message();
        M.shutdown();
    }
    server.finish();
    out.received = server.received();
    out.handshakes = server.handshakes();
    return out;
}

// imap4 + starttls(): the upgrade, then LOGIN.
outcome starttls(server_tls_context server_ctx, std::shared_ptr<imaplib::tls_context> ctx) {
    scenario sc;
    sc.send("* OK ready\r\n")
        .expect("CAPABILITY")
        .send("* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\n$ OK done\r\n")
        .expect("STARTTLS")
        .send("$ OK begin\r\n")
        .start_tls(std::move(server_ctx))
        .expect("CAPABILITY")
        .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n$ OK done\r\n")
        .expect("LOGIN")
        .send("$ OK logged in\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    outcome out;
    {
        imaplib::basic_imap4<imaplib::tcp_transport> M;
        M.connect("127.0.0.1", server.port(), quick, out.ec);
        REQUIRE_FALSE(out.ec);
        M.starttls(*ctx, out.ec);
        if (!out.ec) {
            if (const char* name = wolfSSL_get_cipher_name(M.transport().ssl())) out.suite = name;
            M.login("user", "hunter2", out.ec);
        }
        out.message = M.error_message();
        M.shutdown();
    }
    server.finish();
    out.received = server.received();
    out.handshakes = server.handshakes();
    return out;
}

// Refused before any IMAP byte: nothing at all over implicit TLS; over STARTTLS
// nothing after the STARTTLS command, and never the password.
void check_refused_implicit(const outcome& out, errc expected) {
    INFO("message: " << out.message);
    CHECK(out.ec == expected);
    CHECK(out.received.empty());
    CHECK_FALSE(contains(out.received, "hunter2"));
}
void check_refused_starttls(const outcome& out, errc expected) {
    INFO("message: " << out.message);
    CHECK(out.ec == expected);
    const std::size_t at = out.received.find("STARTTLS\r\n");
    REQUIRE(at != std::string::npos);
    CHECK(out.received.size() == at + 10);  // not a byte after the command
    CHECK_FALSE(contains(out.received, "LOGIN"));
}
void check_accepted(const outcome& out, std::string_view suite) {
    INFO("message: " << out.message);
    CHECK_FALSE(out.ec);
    CHECK(out.handshakes == 1);
    CHECK(out.suite == suite);
    CHECK(contains(out.received, "LOGIN user \"hunter2\""));
}

// ---- the ClientHello, as the server reads it ----------------------------------------

struct client_hello {
    std::vector<std::string> suites;           // wolfSSL names, SCSVs left out
    std::set<std::uint16_t> signature_algorithms;
    std::set<std::uint16_t> versions;          // supported_versions
};

std::uint16_t u16(std::string_view s, std::size_t at) {
    return static_cast<std::uint16_t>((static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]));
}

// RFC 8446 section 4.1.2, from the first TLS record the client sent.
client_hello read_client_hello(std::string_view rec) {
    client_hello out;
    REQUIRE(rec.size() > 5 + 4 + 2 + 32 + 1);
    REQUIRE(rec[0] == 0x16);  // handshake record
    REQUIRE(rec[5] == 0x01);  // ClientHello
    std::size_t at = 5 + 4 + 2 + 32;
    at += 1 + static_cast<unsigned char>(rec[at]);  // legacy_session_id
    const std::size_t suites_len = u16(rec, at);
    at += 2;
    REQUIRE(at + suites_len <= rec.size());
    for (std::size_t i = 0; i < suites_len; i += 2) {
        const auto b0 = static_cast<unsigned char>(rec[at + i]), b1 = static_cast<unsigned char>(rec[at + i + 1]);
        if ((b0 == 0x00 && b1 == 0xFF) || (b0 == 0x56 && b1 == 0x00)) continue;  // SCSVs
        const char* name = wolfSSL_get_cipher_name_from_suite(b0, b1);
        out.suites.emplace_back(name ? name : "?");
    }
    at += suites_len;
    at += 1 + static_cast<unsigned char>(rec[at]);  // legacy_compression_methods
    const std::size_t end = at + 2 + u16(rec, at);
    REQUIRE(end <= rec.size());
    at += 2;
    while (at + 4 <= end) {
        const std::uint16_t type = u16(rec, at), len = u16(rec, at + 2);
        const std::string_view body = rec.substr(at + 4, len);
        if (type == 13)  // signature_algorithms
            for (std::size_t i = 2; i + 1 < body.size(); i += 2) out.signature_algorithms.insert(u16(body, i));
        if (type == 43)  // supported_versions
            for (std::size_t i = 1; i + 1 < body.size(); i += 2) out.versions.insert(u16(body, i));
        at += 4 + len;
    }
    return out;
}

client_hello capture_client_hello(std::shared_ptr<imaplib::tls_context> ctx) {
    scenario sc;
    sc.stall(300ms);  // records the ClientHello, answers nothing
    script_server server(sc);
    REQUIRE(server.ok());
    {
        imaplib::basic_imap4<imaplib::tls_transport> M{imaplib::tls_transport(std::move(ctx))};
        std::error_code ec;
        M.connect("localhost", server.port(), 150ms, ec);
        CHECK(ec);
        M.shutdown();
    }
    server.finish();
    return read_client_hello(server.received());
}

const std::vector<std::string> policy_suites = {
    "TLS13-AES128-GCM-SHA256",       "TLS13-AES256-GCM-SHA384",       "TLS13-CHACHA20-POLY1305-SHA256",
    "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",   "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",   "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
};

}  // namespace

// =====================================================================================
// What the client offers
// =====================================================================================

TEST_CASE("TLS policy: the ClientHello offers exactly the policy's suites, versions and signatures",
          "[hostile][tls][policy]") {
    const client_hello hello = capture_client_hello(trusting_ca());
    CHECK(hello.suites == policy_suites);
    CHECK(hello.versions == std::set<std::uint16_t>{0x0303, 0x0304});  // TLS 1.2, 1.3
    REQUIRE_FALSE(hello.signature_algorithms.empty());
    // No SHA-1 or MD5 handshake signature (RFC 9155): rsa_pkcs1_sha1, dsa_sha1, ecdsa_sha1, *_md5.
    for (std::uint16_t weak : {0x0201, 0x0202, 0x0203, 0x0101, 0x0102, 0x0103}) {
        INFO("signature scheme " << weak);
        CHECK(hello.signature_algorithms.count(weak) == 0);
    }
    CHECK(hello.signature_algorithms.count(0x0403) == 1);  // ecdsa_secp256r1_sha256
    CHECK(hello.signature_algorithms.count(0x0804) == 1);  // rsa_pss_rsae_sha256
}

TEST_CASE("TLS policy: suites this wolfSSL build lacks even as a server are not offered either",
          "[hostile][tls][policy]") {
    // Debian's libwolfssl has no RSA key transport (WOLFSSL_STATIC_RSA), so no server
    // here can offer AES128-GCM-SHA256 or NULL-SHA: the ClientHello is the proof.
    server_tls_context probe(wolfSSL_CTX_new(wolfTLSv1_2_server_method()), [](WOLFSSL_CTX* c) { wolfSSL_CTX_free(c); });
    REQUIRE(probe);
    const auto hello = capture_client_hello(trusting_ca());
    for (const char* suite : {"AES128-GCM-SHA256", "AES256-GCM-SHA384", "NULL-SHA", "NULL-SHA256", "RC4-SHA",
                              "DES-CBC3-SHA", "AES128-SHA"}) {
        INFO(suite);
        CHECK(wolfSSL_CTX_set_cipher_list(probe.get(), suite) != WOLFSSL_SUCCESS);
        for (const std::string& offered : hello.suites) CHECK(offered != suite);
    }
    // Nothing anonymous, NULL, RC4, 3DES, CBC, export or non-ECDHE in the offer at all.
    for (const std::string& offered : hello.suites) {
        INFO(offered);
        for (const char* bad : {"ADH", "anon", "NULL", "RC4", "DES", "EXP", "PSK", "-SHA256-SHA256", "CBC"})
            CHECK_FALSE(contains(offered, bad));
        CHECK((offered.rfind("TLS13-", 0) == 0 || offered.rfind("ECDHE-", 0) == 0));
        CHECK((contains(offered, "GCM") || contains(offered, "CHACHA20-POLY1305")));
    }
}

// =====================================================================================
// Forbidden suites, each offered alone by the server
// =====================================================================================

TEST_CASE("TLS policy: a server offering only a forbidden suite is refused before any IMAP byte",
          "[hostile][tls][policy]") {
    struct forbidden {
        const char* suite;
        const char* cert;
        pin version;
    };
    const forbidden cases[] = {
        {"ADH-AES128-SHA", "server", pin::tls1_2},               // anonymous
        {"ADH-AES256-GCM-SHA384", "server", pin::tls1_2},        // anonymous, AEAD
        {"ECDHE-ECDSA-NULL-SHA", "server", pin::tls1_2},         // no encryption
        {"TLS13-SHA256-SHA256", "server", pin::tls1_3},          // integrity only (RFC 9150)
        {"TLS13-SHA384-SHA384", "server", pin::tls1_3},          // integrity only
        {"ECDHE-RSA-RC4-SHA", "rsa2048", pin::tls1_2},           // RC4 (RFC 7465)
        {"ECDHE-RSA-DES-CBC3-SHA", "rsa2048", pin::tls1_2},      // 3DES (Sweet32)
        {"EDH-RSA-DES-CBC3-SHA", "rsa2048", pin::tls1_2},        // 3DES, finite-field DHE
        {"DHE-RSA-AES128-GCM-SHA256", "rsa2048", pin::tls1_2},   // AEAD, but not ECDHE
        {"ECDHE-RSA-AES128-SHA", "rsa2048", pin::tls1_2},        // CBC
        {"ECDHE-ECDSA-AES128-SHA256", "server", pin::tls1_2},    // CBC, SHA-256 MAC
        {"ECDHE-ECDSA-AES128-CCM", "server", pin::tls1_2},       // outside the list
        {"TLS13-AES128-CCM-SHA256", "server", pin::tls1_3},      // outside the list
    };
    for (const forbidden& f : cases) {
        INFO("server offers only " << f.suite);
        SECTION(std::string("implicit TLS, ") + f.suite) {
            check_refused_implicit(implicit_tls(one_suite_server(f.cert, f.suite, f.version), trusting_ca()),
                                   errc::tls_handshake_failed);
        }
    }
}

TEST_CASE("TLS policy: an anonymous or a CBC suite over STARTTLS is refused before LOGIN",
          "[hostile][tls][policy][starttls]") {
    SECTION("ADH-AES128-SHA") {
        check_refused_starttls(starttls(one_suite_server("server", "ADH-AES128-SHA", pin::tls1_2), trusting_ca()),
                               errc::tls_handshake_failed);
    }
    SECTION("TLS13-SHA256-SHA256") {
        check_refused_starttls(
            starttls(one_suite_server("server", "TLS13-SHA256-SHA256", pin::tls1_3), trusting_ca()),
            errc::tls_handshake_failed);
    }
    SECTION("ECDHE-RSA-AES128-SHA") {
        check_refused_starttls(
            starttls(one_suite_server("rsa2048", "ECDHE-RSA-AES128-SHA", pin::tls1_2), trusting_ca()),
            errc::tls_handshake_failed);
    }
}

TEST_CASE("TLS policy: every allowed suite completes a session", "[hostile][tls][policy]") {
    struct allowed {
        const char* suite;
        const char* cert;
        pin version;
    };
    const allowed cases[] = {
        {"TLS13-AES128-GCM-SHA256", "server", pin::tls1_3},
        {"TLS13-AES256-GCM-SHA384", "server", pin::tls1_3},
        {"TLS13-CHACHA20-POLY1305-SHA256", "rsa2048", pin::tls1_3},
        {"ECDHE-ECDSA-AES128-GCM-SHA256", "server", pin::tls1_2},
        {"ECDHE-ECDSA-AES256-GCM-SHA384", "server", pin::tls1_2},
        {"ECDHE-ECDSA-CHACHA20-POLY1305", "server", pin::tls1_2},
        {"ECDHE-RSA-AES128-GCM-SHA256", "rsa2048", pin::tls1_2},
        {"ECDHE-RSA-AES256-GCM-SHA384", "rsa2048", pin::tls1_2},
        {"ECDHE-RSA-CHACHA20-POLY1305", "rsa2048", pin::tls1_2},
    };
    for (const allowed& a : cases) {
        SECTION(std::string("implicit TLS, ") + a.suite) {
            check_accepted(implicit_tls(one_suite_server(a.cert, a.suite, a.version), trusting_ca()), a.suite);
        }
    }
    SECTION("STARTTLS, TLS13-AES128-GCM-SHA256") {
        check_accepted(starttls(one_suite_server("server", "TLS13-AES128-GCM-SHA256", pin::tls1_3), trusting_ca()),
                       "TLS13-AES128-GCM-SHA256");
    }
    SECTION("STARTTLS, ECDHE-RSA-AES128-GCM-SHA256") {
        check_accepted(
            starttls(one_suite_server("rsa2048", "ECDHE-RSA-AES128-GCM-SHA256", pin::tls1_2), trusting_ca()),
            "ECDHE-RSA-AES128-GCM-SHA256");
    }
}

TEST_CASE("TLS policy: widening the wolfSSL context behind the library's back changes nothing",
          "[hostile][tls][policy]") {
    // The policy is put on every session, not only on the context, so native_handle()
    // cannot bring back anonymous or CBC suites, and verify off does not either.
    auto ctx = trusting_ca();
    ctx->set_verify(false);
    REQUIRE(wolfSSL_CTX_allow_anon_cipher(ctx->native_handle()) == WOLFSSL_SUCCESS);
    REQUIRE(wolfSSL_CTX_set_cipher_list(ctx->native_handle(), "ADH-AES128-SHA:ECDHE-RSA-AES128-SHA") ==
            WOLFSSL_SUCCESS);
    CHECK(capture_client_hello(ctx).suites == policy_suites);
    SECTION("an anonymous server, implicit TLS") {
        const outcome out = implicit_tls(one_suite_server("server", "ADH-AES128-SHA", pin::tls1_2), ctx);
        CHECK(out.handshakes == 0);
        check_refused_implicit(out, errc::tls_handshake_failed);
    }
    SECTION("an anonymous server, STARTTLS") {
        check_refused_starttls(starttls(one_suite_server("server", "ADH-AES128-SHA", pin::tls1_2), ctx),
                               errc::tls_handshake_failed);
    }
    SECTION("a CBC server") {
        check_refused_implicit(implicit_tls(one_suite_server("rsa2048", "ECDHE-RSA-AES128-SHA", pin::tls1_2), ctx),
                               errc::tls_handshake_failed);
    }
}

// =====================================================================================
// Keys and signatures
// =====================================================================================

TEST_CASE("TLS policy: short keys are refused", "[hostile][tls][policy]") {
    SECTION("RSA 1024") {
        const outcome out = implicit_tls(short_key_server("rsa1024"), trusting_ca());
        check_refused_implicit(out, errc::tls_verify_failed);
        CHECK_THAT(out.message, Catch::Contains("RSA key"));
    }
    SECTION("EC P-224") {
        // The client offers no 224-bit group, so the server cannot use the key and the
        // handshake fails before the key check (which the 384-bit tightening below shows).
        const outcome out = implicit_tls(short_key_server("ecc224"), trusting_ca());
        INFO(out.message);
        CHECK((out.ec == errc::tls_handshake_failed || out.ec == errc::tls_verify_failed));
        CHECK(out.handshakes == 0);
        CHECK(out.received.empty());
    }
    SECTION("EC P-192: this wolfSSL build cannot even load such a certificate") {
        // Debian's libwolfssl has no P-192 (nor secp160): no server here can present
        // one, and the client's parser would fail on it before any policy check.
        server_tls_context probe(wolfSSL_CTX_new(wolfSSLv23_server_method()),
                                 [](WOLFSSL_CTX* c) { wolfSSL_CTX_free(c); });
        REQUIRE(probe);
        (void)wolfSSL_CTX_SetMinEccKey_Sz(probe.get(), 160);
        CHECK(wolfSSL_CTX_use_certificate_chain_file(
                  probe.get(), imaplib::test::test_certs::get().path("ecc192.pem").c_str()) != WOLFSSL_SUCCESS);
    }
    SECTION("RSA 2048 passes") {
        const outcome out = implicit_tls(cert_server("rsa2048"), trusting_ca());
        CHECK_FALSE(out.ec);
        CHECK(contains(out.received, "LOGIN"));
    }
}

TEST_CASE("TLS policy: SHA-1 signatures in the chain are refused", "[hostile][tls][policy]") {
    SECTION("a SHA-1 signed leaf") {
        const outcome out = implicit_tls(cert_server("sha1leaf"), trusting_ca());
        check_refused_implicit(out, errc::tls_verify_failed);
        CHECK_THAT(out.message, Catch::Contains("SHA-1"));
    }
    SECTION("a leaf under a SHA-1 signed intermediate") {
        const outcome out = implicit_tls(cert_server("sha1chain"), trusting_ca());
        check_refused_implicit(out, errc::tls_verify_failed);
        CHECK_THAT(out.message, Catch::Contains("SHA-1"));
    }
    SECTION("the same chain signed with SHA-256 passes") {
        const outcome out = implicit_tls(cert_server("interchain"), trusting_ca());
        CHECK_FALSE(out.ec);
        CHECK(contains(out.received, "LOGIN"));
    }
    SECTION("over STARTTLS") {
        check_refused_starttls(starttls(cert_server("sha1leaf"), trusting_ca()), errc::tls_verify_failed);
    }
}

// =====================================================================================
// Tightening and loosening
// =====================================================================================

TEST_CASE("TLS policy: tightening narrows and can never widen", "[hostile][tls][policy]") {
    SECTION("set_ciphers refuses a suite outside the policy and keeps the old list") {
        imaplib::tls_context ctx;
        const std::string before = ctx.ciphers();
        for (const char* bad : {"ADH-AES128-SHA", "ECDHE-RSA-AES128-SHA", "TLS13-SHA256-SHA256",
                                "ECDHE-ECDSA-NULL-SHA", "ECDHE-RSA-RC4-SHA", "ECDHE-ECDSA-AES128-GCM-SHA256:ALL",
                                "DEFAULT", "ALL", "HIGH", ""}) {
            INFO(bad);
            std::error_code ec;
            ctx.set_ciphers(bad, ec);
            CHECK(ec == errc::invalid_argument);
            CHECK(ctx.ciphers() == before);
        }
    }
    SECTION("a narrowed list is what the ClientHello offers") {
        auto ctx = trusting_ca();
        std::error_code ec;
        ctx->set_ciphers("TLS13-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384", ec);
        REQUIRE_FALSE(ec);
        CHECK(capture_client_hello(ctx).suites ==
              std::vector<std::string>{"TLS13-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"});
    }
    SECTION("a suite narrowed away is refused") {
        auto ctx = trusting_ca();
        std::error_code ec;
        ctx->set_ciphers("TLS13-AES256-GCM-SHA384", ec);
        REQUIRE_FALSE(ec);
        check_refused_implicit(
            implicit_tls(one_suite_server("server", "TLS13-AES128-GCM-SHA256", pin::tls1_3), ctx),
            errc::tls_handshake_failed);
    }
    SECTION("TLS 1.3 only refuses a TLS 1.2 server") {
        auto ctx = trusting_ca();
        std::error_code ec;
        ctx->set_min_version(imaplib::tls_version::tls1_3, ec);
        REQUIRE_FALSE(ec);
        check_refused_implicit(
            implicit_tls(one_suite_server("server", "ECDHE-ECDSA-AES128-GCM-SHA256", pin::tls1_2), ctx),
            errc::tls_handshake_failed);
        CHECK(capture_client_hello(ctx).versions == std::set<std::uint16_t>{0x0304});
    }
    SECTION("bigger keys refuse RSA 2048; smaller than the policy is refused") {
        auto ctx = trusting_ca();
        std::error_code ec;
        ctx->set_min_key_sizes(1024, 256, ec);
        CHECK(ec == errc::invalid_argument);
        ctx->set_min_key_sizes(2048, 192, ec);
        CHECK(ec == errc::invalid_argument);
        ctx->set_min_key_sizes(3072, 384, ec);
        REQUIRE_FALSE(ec);
        check_refused_implicit(implicit_tls(cert_server("rsa2048"), ctx), errc::tls_verify_failed);
        // P-256 is below 384 bits now.
        check_refused_implicit(implicit_tls(cert_server("server"), ctx), errc::tls_verify_failed);
    }
}

TEST_CASE("TLS policy: allow_insecure_legacy_tls widens to CBC, RSA 1024 and SHA-1, never further",
          "[hostile][tls][policy]") {
    auto ctx = trusting_ca();
    std::error_code ec;
    ctx->allow_insecure_legacy_tls(ec);
    REQUIRE_FALSE(ec);
    CHECK(ctx->insecure_legacy_tls());
    SECTION("a CBC suite and a finite-field DHE suite now work") {
        check_accepted(implicit_tls(one_suite_server("rsa2048", "ECDHE-RSA-AES128-SHA", pin::tls1_2), ctx),
                       "ECDHE-RSA-AES128-SHA");
        check_accepted(implicit_tls(one_suite_server("rsa2048", "DHE-RSA-AES128-GCM-SHA256", pin::tls1_2), ctx),
                       "DHE-RSA-AES128-GCM-SHA256");
    }
    SECTION("RSA 1024 and SHA-1 signatures now pass; the chain is still verified") {
        CHECK_FALSE(implicit_tls(short_key_server("rsa1024"), ctx).ec);
        CHECK_FALSE(implicit_tls(cert_server("sha1leaf"), ctx).ec);
        CHECK(implicit_tls(cert_server("selfsigned"), ctx).ec == errc::tls_verify_failed);
        CHECK(implicit_tls(cert_server("wronghost"), ctx).ec == errc::tls_verify_failed);
    }
    SECTION("anonymous, NULL, integrity-only, RC4 and 3DES are still refused") {
        for (const char* suite : {"ADH-AES128-SHA", "ECDHE-ECDSA-NULL-SHA", "ECDHE-RSA-RC4-SHA",
                                  "ECDHE-RSA-DES-CBC3-SHA", "TLS13-SHA256-SHA256"}) {
            INFO(suite);
            const bool tls13 = std::string_view(suite).substr(0, 5) == "TLS13";
            const bool rsa = contains(suite, "-RSA-");
            check_refused_implicit(implicit_tls(one_suite_server(rsa ? "rsa2048" : "server", suite,
                                                                 tls13 ? pin::tls1_3 : pin::tls1_2),
                                                ctx),
                                   errc::tls_handshake_failed);
            std::error_code e;
            ctx->set_ciphers(suite, e);
            CHECK(e == errc::invalid_argument);
        }
        for (const std::string& offered : capture_client_hello(ctx).suites) {
            INFO(offered);
            for (const char* bad : {"ADH", "NULL", "RC4", "DES", "EXP", "-SHA256-SHA256", "-SHA384-SHA384"})
                CHECK_FALSE(contains(offered, bad));
        }
    }
}

// =====================================================================================
// Host names (RFC 9525): the server on 127.0.0.1, verified as another name
// =====================================================================================
namespace {

// tcp_transport::start_tls verifies the host it is given, whatever address the socket
// is connected to: the certificate's names are tested without touching DNS.
outcome verify_as(std::string_view cert, std::string_view host) {
    scenario sc;
    sc.start_tls(cert_server(cert)).send("* OK ready\r\n");
    script_server server(sc);
    REQUIRE(server.ok());
    outcome out;
    {
        imaplib::tcp_transport t;
        t.set_timeout(quick);
        t.open("127.0.0.1", server.port(), out.ec);
        REQUIRE_FALSE(out.ec);
        t.start_tls(*trusting_ca(), host, out.ec);
        out.message = t.error_detail();
        if (!out.ec) {
            char buf[64];
            const std::size_t n = t.read_some(buf, sizeof buf, out.ec);
            out.received.assign(buf, n);  // here: what the client read
        }
        t.shutdown();
    }
    server.finish();
    return out;
}

void check_name_refused(std::string_view cert, std::string_view host) {
    INFO(cert << " verified as " << host);
    const outcome out = verify_as(cert, host);
    INFO(out.message);
    CHECK(out.ec == errc::tls_verify_failed);
    CHECK_THAT(out.message, Catch::Contains("host name mismatch"));
}
void check_name_accepted(std::string_view cert, std::string_view host) {
    INFO(cert << " verified as " << host);
    const outcome out = verify_as(cert, host);
    INFO(out.message);
    CHECK_FALSE(out.ec);
    CHECK(out.received == "* OK ready\r\n");
}

}  // namespace

TEST_CASE("TLS host names: wildcards only as a whole left-most label over two or more labels",
          "[hostile][tls][policy][hostname]") {
    check_name_refused("name-star", "localhost");        // SAN "*"
    check_name_refused("name-star", "a");
    check_name_refused("name-prefix", "localhost");      // SAN "local*"
    check_name_refused("name-suffix", "localhost");      // SAN "*host"
    check_name_refused("name-wildlocal", "a.localhost"); // SAN "*.localhost": one label left
    check_name_accepted("name-wild", "mail.imap.test");  // SAN "*.imap.test"
    check_name_accepted("name-wild", "MAIL.Imap.TEST.");
    check_name_refused("name-wild", "imap.test");
    check_name_refused("name-wild", "a.b.imap.test");
    check_name_refused("name-wild", ".imap.test");
}

TEST_CASE("TLS host names: addresses only against iPAddress entries, never the CN",
          "[hostile][tls][policy][hostname]") {
    check_name_refused("name-dnsip", "127.0.0.1");  // SAN DNS:127.0.0.1 only
    check_name_refused("name-cnip", "127.0.0.1");   // CN=127.0.0.1, no SAN
    check_name_accepted("server", "127.0.0.1");     // SAN IP:127.0.0.1
    check_name_accepted("server", "::1");           // SAN IP:::1
    check_name_accepted("server", "0:0:0:0:0:0:0:1");
    check_name_refused("server", "127.0.0.2");
    check_name_refused("server", "::2");
    check_name_refused("server", "::ffff:127.0.0.1");  // another address family
}

TEST_CASE("TLS host names: the common name is never used", "[hostile][tls][policy][hostname]") {
    SECTION("CN-only certificate") {
        const outcome out = verify_as("name-cnonly", "localhost");
        CHECK(out.ec == errc::tls_verify_failed);
        CHECK_THAT(out.message, Catch::Contains("no subjectAltName"));
    }
    SECTION("SAN present, CN matching, SAN not") { check_name_refused("name-cnnotsan", "localhost"); }
    SECTION("over implicit TLS as well") {
        const outcome out = implicit_tls(cert_server("name-cnonly"), trusting_ca(), "localhost");
        check_refused_implicit(out, errc::tls_verify_failed);
        check_refused_implicit(implicit_tls(cert_server("name-dnsip"), trusting_ca(), "127.0.0.1"),
                               errc::tls_verify_failed);
    }
    SECTION("check_hostname off accepts the name, verify off accepts the chain") {
        auto ctx = trusting_ca();
        ctx->set_check_hostname(false);
        CHECK_FALSE(implicit_tls(cert_server("name-cnonly"), ctx).ec);
        auto none = trusting_ca();
        none->set_verify(false);
        CHECK_FALSE(implicit_tls(cert_server("selfsigned"), none).ec);
        CHECK_FALSE(implicit_tls(cert_server("sha1leaf"), none).ec);
        const outcome short_key = implicit_tls(short_key_server("rsa1024"), none);
        INFO(short_key.message);
        CHECK_FALSE(short_key.ec);
    }
}

TEST_CASE("TLS certificates: the DER reader takes the test certificates and no truncation of them",
          "[hostile][tls][policy]") {
    WOLFSSL_X509* x509 = wolfSSL_X509_load_certificate_file(
        imaplib::test::test_certs::get().path("server.pem").c_str(), WOLFSSL_FILETYPE_PEM);
    REQUIRE(x509);
    int size = 0;
    const unsigned char* der = wolfSSL_X509_get_der(x509, &size);
    REQUIRE(der);
    const std::string bytes(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
    wolfSSL_X509_free(x509);
    imaplib::detail::certificate_fields f;
    REQUIRE(imaplib::detail::parse_certificate(bytes, f));
    CHECK(f.has_subject_alt_name);
    REQUIRE(f.dns_names.size() == 1);
    CHECK(f.dns_names[0] == "localhost");
    REQUIRE(f.ip_addresses.size() == 2);
    CHECK(f.ip_addresses[0] == std::string_view("\x7F\x00\x00\x01", 4));
    CHECK_FALSE(imaplib::detail::weak_signature_algorithm(f.signature_algorithm));
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        imaplib::detail::certificate_fields g;
        CHECK_FALSE(imaplib::detail::parse_certificate(std::string_view(bytes).substr(0, n), g));
    }
}
