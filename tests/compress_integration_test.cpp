// COMPRESS=DEFLATE (RFC 4978) against the suite's Dovecot (imap_zlib), over plain TCP and
// implicit TLS, in both API forms: every message fetched through the deflate layer is
// byte for byte what an uncompressed connection fetches, and fewer bytes cross the wire.
#include <imaplib/imaplib.hpp>

#include "support/dovecot.hpp"
#include "support/test_ca.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace {

using namespace std::chrono_literals;
using imaplib::test::dovecot_server;

constexpr auto session_timeout = 30s;
constexpr std::string_view all_parts = "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])";

// Counts the bytes the wire carries, under the deflate layer.
template <class Inner>
class counting_transport {
public:
    static constexpr std::uint16_t default_port = Inner::default_port;
    counting_transport() = default;
    explicit counting_transport(Inner inner) : inner_(std::move(inner)) {}

    void open(std::string_view host, std::uint16_t port, std::error_code& ec) { inner_.open(host, port, ec); }
    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        const std::size_t n = inner_.read_some(buffer, size, ec);
        received += n;
        return n;
    }
    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        inner_.write_all(data, size, ec);
        sent += size;
    }
    void shutdown() noexcept { inner_.shutdown(); }
    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { inner_.set_timeout(t); }

    std::uint64_t received = 0;
    std::uint64_t sent = 0;

private:
    Inner inner_;
};

template <class Inner>
using counted = imaplib::basic_imap4<imaplib::basic_compress_transport<counting_transport<Inner>>>;

// Logs in, compresses when asked, fetches every message of INBOX; the fetch's data.
template <class Client>
std::string fetch_all(Client& M, bool compress, bool throwing) {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::response r;
    if (throwing) {
        M.login(s.user, s.password);
        if (compress) {
            CHECK(M.compress().typ == "OK");
            const auto& caps = M.capabilities();  // asked again after LOGIN
            CHECK(std::find(caps.begin(), caps.end(), "COMPRESS=DEFLATE") != caps.end());
        }
        M.select("INBOX", true);
        r = M.fetch("1:*", all_parts);
        M.logout();
    } else {
        std::error_code ec;
        M.login(s.user, s.password, ec);
        REQUIRE_FALSE(ec);
        if (compress) {
            CHECK(M.compress("DEFLATE", ec).typ == "OK");
            REQUIRE_FALSE(ec);
        }
        M.select("INBOX", true, ec);
        REQUIRE_FALSE(ec);
        r = M.fetch("1:*", all_parts, ec);
        REQUIRE_FALSE(ec);
        M.logout(ec);
    }
    REQUIRE(r.typ == "OK");
    CHECK(M.transport().compressing() == compress);
    return imaplib::python_repr(r.data);
}

// make_inner() -> a fresh inner transport (they are move-only).
template <class MakeInner>
void compare(const char* name, std::uint16_t port, MakeInner make_inner, bool throwing) {
    using Inner = decltype(make_inner());
    using layer = imaplib::basic_compress_transport<counting_transport<Inner>>;
    const dovecot_server& s = imaplib::test::dovecot();
    counted<Inner> plain{layer(counting_transport<Inner>(make_inner()))};
    counted<Inner> deflated{layer(counting_transport<Inner>(make_inner()))};
    std::error_code ec;
    plain.connect(s.host, port, session_timeout, ec);
    REQUIRE_FALSE(ec);
    deflated.connect(s.host, port, session_timeout, ec);
    REQUIRE_FALSE(ec);

    const std::string expected = fetch_all(plain, false, throwing);
    const std::string got = fetch_all(deflated, true, throwing);
    CHECK(got == expected);
    CHECK(expected.find("Report with attachment") != std::string::npos);

    const auto& p = plain.transport().next_layer();
    const auto& d = deflated.transport().next_layer();
    std::printf("compress (%s): server->client %llu bytes plain, %llu compressed; client->server %llu, %llu\n",
                name, static_cast<unsigned long long>(p.received), static_cast<unsigned long long>(d.received),
                static_cast<unsigned long long>(p.sent), static_cast<unsigned long long>(d.sent));
    CHECK(d.received < p.received);
}

TEST_CASE("compress: Dovecot fetch over TCP matches an uncompressed connection", "[compress][integration]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const auto tcp = [] { return imaplib::tcp_transport{}; };
    compare("tcp, error_code", s.port, tcp, false);
    compare("tcp, throwing", s.port, tcp, true);
}

TEST_CASE("compress: Dovecot fetch over implicit TLS matches an uncompressed connection", "[compress][integration]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const auto tls = [ctx = imaplib::test::test_ca_context(s)] { return imaplib::tls_transport(ctx); };
    compare("tls, error_code", s.ssl_port, tls, false);
    compare("tls, throwing", s.ssl_port, tls, true);
}

TEST_CASE("compress: after STARTTLS, and no STARTTLS after it", "[compress][integration]") {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::imap4_compressed M(s.host, s.port, session_timeout);
    imaplib::tls_context ctx;
    std::error_code ec;
    ctx.load_verify_file(s.ca_file, ec);
    REQUIRE_FALSE(ec);
    M.starttls(ctx);
    M.login(s.user, s.password);
    CHECK(M.compress().typ == "OK");
    const imaplib::response r = M.select("INBOX");
    CHECK(r.typ == "OK");
    CHECK(M.noop().typ == "OK");
    // TLS never after COMPRESS (RFC 4978 section 3): refused, the connection is closed.
    CHECK_THROWS_AS(M.starttls(ctx), imaplib::error);
}

}  // namespace
