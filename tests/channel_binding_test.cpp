// SCRAM-*-PLUS channel bindings from a real wolfSSL handshake (client and server in one
// thread, records passed through memory): tls-exporter agrees on both ends of a TLS 1.3
// connection and differs between connections; tls-server-end-point is SHA-256 of the
// server's certificate (RFC 5929 section 4.1, the test CA signs with ECDSA-SHA256).
#include <imaplib/sasl/channel_binding.hpp>

#include <catch2/catch.hpp>

#ifdef IMAPLIB_USE_WOLFSSL

#include "support/script_server.hpp"

#include <imaplib/util/base64.hpp>
#include <imaplib/util/sha.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace {

// One direction of the connection: bytes written by one end, read by the other.
struct pipe_buffer {
    std::string bytes;
};

int memory_send(WOLFSSL*, char* buf, int sz, void* ctx) {
    static_cast<pipe_buffer*>(ctx)->bytes.append(buf, static_cast<std::size_t>(sz));
    return sz;
}

int memory_recv(WOLFSSL*, char* buf, int sz, void* ctx) {
    auto& in = static_cast<pipe_buffer*>(ctx)->bytes;
    if (in.empty()) return WOLFSSL_CBIO_ERR_WANT_READ;
    const std::size_t n = std::min(in.size(), static_cast<std::size_t>(sz));
    in.copy(buf, n);
    in.erase(0, n);
    return static_cast<int>(n);
}

struct ssl_free {
    void operator()(WOLFSSL* p) const noexcept { wolfSSL_free(p); }
};
struct ctx_free {
    void operator()(WOLFSSL_CTX* p) const noexcept { wolfSSL_CTX_free(p); }
};

// A client and a server connected through memory, handshake done (or not: ok == false).
struct tls_pair {
    explicit tls_pair(bool tls13) {
        server_ctx = imaplib::test::server_context("server");
        if (!server_ctx) return;
        client_ctx.reset(wolfSSL_CTX_new(tls13 ? wolfTLSv1_3_client_method() : wolfTLSv1_2_client_method()));
        wolfSSL_CTX_set_verify(client_ctx.get(), WOLFSSL_VERIFY_NONE, nullptr);
        client.reset(wolfSSL_new(client_ctx.get()));
        server.reset(wolfSSL_new(server_ctx.get()));
        wolfSSL_SSLSetIOSend(client.get(), memory_send);
        wolfSSL_SSLSetIORecv(client.get(), memory_recv);
        wolfSSL_SetIOWriteCtx(client.get(), &to_server);
        wolfSSL_SetIOReadCtx(client.get(), &to_client);
        wolfSSL_SSLSetIOSend(server.get(), memory_send);
        wolfSSL_SSLSetIORecv(server.get(), memory_recv);
        wolfSSL_SetIOWriteCtx(server.get(), &to_client);
        wolfSSL_SetIOReadCtx(server.get(), &to_server);
        bool client_done = false, server_done = false;
        for (int round = 0; round < 50 && !(client_done && server_done); ++round) {
            if (!client_done) client_done = wolfSSL_connect(client.get()) == WOLFSSL_SUCCESS;
            if (!server_done) server_done = wolfSSL_accept(server.get()) == WOLFSSL_SUCCESS;
        }
        ok = client_done && server_done;
    }
    imaplib::test::server_tls_context server_ctx;
    std::unique_ptr<WOLFSSL_CTX, ctx_free> client_ctx;
    std::unique_ptr<WOLFSSL, ssl_free> client, server;
    pipe_buffer to_server, to_client;
    bool ok = false;
};

// The server certificate's DER, from its PEM file, independently of wolfSSL.
std::string server_certificate_der() {
    std::ifstream in(imaplib::test::test_certs::get().path("server.pem"));
    std::string line, body;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.rfind("-----BEGIN CERTIFICATE", 0) == 0) inside = true;
        else if (line.rfind("-----END CERTIFICATE", 0) == 0) break;
        else if (inside) body += line;
    }
    return imaplib::base64_decode(body);
}

}  // namespace

TEST_CASE("tls-exporter is the same 32 bytes on both ends of a TLS 1.3 connection", "[sasl][channel_binding]") {
    tls_pair a(true), b(true);
    REQUIRE(a.ok);
    REQUIRE(b.ok);
    std::error_code ec;
    const imaplib::sasl::channel_binding cb = imaplib::sasl::channel_binding_for(a.client.get(), ec);
    CHECK(!ec);
    CHECK(cb.type == "tls-exporter");
    CHECK(cb.data.size() == 32);
    CHECK(imaplib::sasl::tls_exporter_binding(a.server.get(), ec) == cb.data);
    // Another connection, another binding: a proof made for one is no use on the other.
    CHECK(imaplib::sasl::tls_exporter_binding(b.client.get(), ec) != cb.data);
    CHECK(!ec);
}

TEST_CASE("tls-server-end-point is SHA-256 of the server certificate, used below TLS 1.3",
          "[sasl][channel_binding]") {
    tls_pair tls12(false);
    REQUIRE(tls12.ok);
    std::error_code ec;
    const imaplib::sasl::channel_binding cb = imaplib::sasl::channel_binding_for(tls12.client.get(), ec);
    CHECK(!ec);
    CHECK(cb.type == "tls-server-end-point");
    const std::string der = server_certificate_der();
    REQUIRE(der.size() > 100);
    CHECK(cb.data == std::string(imaplib::as_bytes(imaplib::builtin_crypto::hash<imaplib::sha256_hash>(der))));
    // TLS 1.3 has it too (the caller may choose it); a server has no peer certificate.
    tls_pair tls13(true);
    REQUIRE(tls13.ok);
    CHECK(imaplib::sasl::tls_server_end_point_binding(tls13.client.get(), ec) == cb.data);
    CHECK(imaplib::sasl::tls_server_end_point_binding(tls13.server.get(), ec).empty());
    CHECK(ec == imaplib::errc::not_supported);
    // No connection, no binding.
    CHECK(imaplib::sasl::tls_exporter_binding(nullptr, ec).empty());
    CHECK(ec == imaplib::errc::not_supported);
}

#endif  // IMAPLIB_USE_WOLFSSL
