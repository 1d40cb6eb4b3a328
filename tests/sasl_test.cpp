// SASL: the crypto under SCRAM and CRAM-MD5 against published vectors, for every backend
// this build has; then each mechanism's steps against its RFC's example exchange, and
// the hostile server messages a mechanism must refuse.
#include <imaplib/util/sha.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/oauth.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/saslprep.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/util/base64.hpp>
#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/transport/memory.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <vector>
#include <sstream>
#include <string>
#include <string_view>

namespace {

std::string unhex(std::string_view hex) {
    std::string out;
    auto value = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(value(hex[i]) * 16 + value(hex[i + 1]));
    return out;
}

template <std::size_t N>
std::string hex(const std::array<unsigned char, N>& d) {
    return imaplib::to_hex(d);
}

std::string hex(std::string_view bytes) {
    constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

template <class Crypto, class Hash>
std::string pbkdf2_hex(std::string_view password, std::string_view salt, std::uint32_t c, std::size_t size) {
    std::string out(size, '\0');
    Crypto::template pbkdf2<Hash>(password, salt, c, reinterpret_cast<unsigned char*>(out.data()), size);
    return hex(out);
}

}  // namespace

#ifdef IMAPLIB_USE_WOLFSSL
#define IMAPLIB_TEST_BACKENDS imaplib::builtin_crypto, imaplib::wolfssl_crypto
#else
#define IMAPLIB_TEST_BACKENDS imaplib::builtin_crypto
#endif

using imaplib::md5_hash;
using imaplib::sha1_hash;
using imaplib::sha256_hash;

TEMPLATE_TEST_CASE("SHA-1 and SHA-256 match the FIPS 180 and RFC 6234 vectors", "[sasl][crypto]",
                   IMAPLIB_TEST_BACKENDS) {
    using C = TestType;
    const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK(hex(C::template hash<sha1_hash>("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(hex(C::template hash<sha1_hash>("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(hex(C::template hash<sha1_hash>(two_blocks)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CHECK(hex(C::template hash<sha1_hash>(std::string(1000000, 'a'))) ==
          "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    CHECK(hex(C::template hash<sha256_hash>("abc")) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(C::template hash<sha256_hash>("")) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(C::template hash<sha256_hash>(two_blocks)) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hex(C::template hash<sha256_hash>(std::string(1000000, 'a'))) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // 55 and 56 bytes: the padding's length field just fits, or needs a second block.
    CHECK(hex(C::template hash<sha256_hash>(std::string(55, 'a'))) ==
          "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    CHECK(hex(C::template hash<sha256_hash>(std::string(56, 'a'))) ==
          "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    CHECK(hex(C::template hash<md5_hash>("abc")) == "900150983cd24fb0d6963f7d28e17f72");
}

TEMPLATE_TEST_CASE("HMAC-SHA-1 matches the RFC 2202 vectors", "[sasl][crypto]", IMAPLIB_TEST_BACKENDS) {
    using C = TestType;
    const auto h = [](std::string_view key, std::string_view data) {
        return hex(C::template hmac<sha1_hash>(key, data));
    };
    CHECK(h(std::string(20, '\x0b'), "Hi There") == "b617318655057264e28bc0b6fb378c8ef146be00");
    CHECK(h("Jefe", "what do ya want for nothing?") == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    CHECK(h(std::string(20, '\xaa'), std::string(50, '\xdd')) == "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
    CHECK(h(unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd')) ==
          "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
    CHECK(h(std::string(20, '\x0c'), "Test With Truncation") == "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
    CHECK(h(std::string(80, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
          "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    CHECK(h(std::string(80, '\xaa'),
            "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data") ==
          "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
    // RFC 2202 section 2, the MD5 half: CRAM-MD5 uses it.
    CHECK(hex(C::template hmac<md5_hash>("Jefe", "what do ya want for nothing?")) ==
          "750c783e6ab0b503eaa86e310a5db738");
}

TEMPLATE_TEST_CASE("HMAC-SHA-256 matches the RFC 4231 vectors", "[sasl][crypto]", IMAPLIB_TEST_BACKENDS) {
    using C = TestType;
    const auto h = [](std::string_view key, std::string_view data) {
        return hex(C::template hmac<sha256_hash>(key, data));
    };
    CHECK(h(std::string(20, '\x0b'), "Hi There") ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(h("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(h(std::string(20, '\xaa'), std::string(50, '\xdd')) ==
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    CHECK(h(unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd')) ==
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    // Test case 5 is truncated to 128 bits.
    CHECK(h(std::string(20, '\x0c'), "Test With Truncation").substr(0, 32) ==
          "a3b6167473100ee06e0c796c2955552b");
    CHECK(h(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(h(std::string(131, '\xaa'),
            "This is a test using a larger than block-size key and a larger than block-size data. "
            "The key needs to be hashed before being used by the HMAC algorithm.") ==
          "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEMPLATE_TEST_CASE("PBKDF2-HMAC-SHA1 matches RFC 6070, PBKDF2-HMAC-SHA256 matches RFC 7914",
                   "[sasl][crypto]", IMAPLIB_TEST_BACKENDS) {
    using C = TestType;
    CHECK(pbkdf2_hex<C, sha1_hash>("password", "salt", 1, 20) == "0c60c80f961f0e71f3a9b524af6012062fe037a6");
    CHECK(pbkdf2_hex<C, sha1_hash>("password", "salt", 2, 20) == "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
    CHECK(pbkdf2_hex<C, sha1_hash>("password", "salt", 4096, 20) == "4b007901b765489abead49d926f721d065a429c1");
    CHECK(pbkdf2_hex<C, sha1_hash>("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
                                   25) == "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
    CHECK(pbkdf2_hex<C, sha1_hash>(std::string("pass\0word", 9), std::string("sa\0lt", 5), 4096, 16) ==
          "56fa6aa75548099dcc37d7f03425e0c3");
    CHECK(pbkdf2_hex<C, sha256_hash>("passwd", "salt", 1, 64) ==
          "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
          "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    CHECK(pbkdf2_hex<C, sha256_hash>("Password", "NaCl", 80000, 64) ==
          "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
          "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

TEMPLATE_TEST_CASE("each backend's random bytes differ from call to call", "[sasl][crypto]", IMAPLIB_TEST_BACKENDS) {
    std::array<unsigned char, 32> a{}, b{};
    TestType::random(a.data(), a.size());
    TestType::random(b.data(), b.size());
    CHECK(a != b);
    CHECK(a != std::array<unsigned char, 32>{});
}

// RFC 6070's fourth vector: 16,777,216 iterations, seconds of work; run with [.slow].
TEMPLATE_TEST_CASE("PBKDF2-HMAC-SHA1 RFC 6070 vector 4", "[sasl][crypto][.slow]", IMAPLIB_TEST_BACKENDS) {
    CHECK(pbkdf2_hex<TestType, sha1_hash>("password", "salt", 16777216, 20) ==
          "eefe3d61cd4da4e4e9945b3d6ba2158c2634e984");
}

// --- the concept ------------------------------------------------------------------------

namespace {
struct no_step {
    std::string_view name() const { return "X"; }
    std::optional<std::string> initial_response(std::error_code&) { return std::nullopt; }
    bool complete() const noexcept { return false; }
    std::string_view reason() const { return {}; }
};
struct complete_may_throw : no_step {
    std::string step(std::string_view, std::error_code&) { return {}; }
    bool complete() const { return false; }
};
struct minimal : no_step {
    std::string step(std::string_view, std::error_code&) { return {}; }
};
}  // namespace

TEST_CASE("the SASL mechanism concept names each requirement", "[sasl]") {
    STATIC_REQUIRE(imaplib::is_sasl_mechanism_v<imaplib::sasl::plain>);
    STATIC_REQUIRE(imaplib::is_sasl_mechanism_v<imaplib::sasl::cram_md5>);
    STATIC_REQUIRE(imaplib::is_sasl_mechanism_v<minimal>);
    STATIC_REQUIRE_FALSE(imaplib::is_sasl_mechanism_v<no_step>);
    STATIC_REQUIRE_FALSE(imaplib::has_sasl_step_v<no_step>);
    STATIC_REQUIRE_FALSE(imaplib::is_sasl_mechanism_v<complete_may_throw>);
    STATIC_REQUIRE_FALSE(imaplib::is_sasl_mechanism_v<int>);
    // Without secret() every response counts as secret.
    CHECK(imaplib::sasl_response_is_secret(minimal{}));
    CHECK_FALSE(imaplib::sasl_response_is_secret(imaplib::sasl::external{}));
#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
    STATIC_REQUIRE(imaplib::sasl_mechanism<imaplib::sasl::scram_sha_256>);
    STATIC_REQUIRE_FALSE(imaplib::sasl_mechanism<no_step>);
#endif
}

// --- PLAIN, LOGIN, EXTERNAL ----------------------------------------------------------------

TEST_CASE("PLAIN sends RFC 4616's examples, with and without an authzid", "[sasl]") {
    std::error_code ec;
    imaplib::sasl::plain tim("tim", "tanstaaftanstaaf");
    CHECK(tim.name() == "PLAIN");
    CHECK_FALSE(tim.complete());
    CHECK(tim.initial_response(ec) == std::string("\0tim\0tanstaaftanstaaf", 21));
    CHECK(!ec);
    CHECK(tim.complete());
    CHECK(tim.secret());
    // Anything after the response is out of order.
    CHECK(tim.step("", ec).empty());
    CHECK(ec == imaplib::errc::illegal_state);
    CHECK_FALSE(tim.complete());

    imaplib::sasl::plain kurt("Kurt", "xipj3plmq", "Ursel");
    CHECK(kurt.initial_response(ec) == std::string("Ursel\0Kurt\0xipj3plmq", 20));
}

TEST_CASE("PLAIN without SASL-IR answers the first empty challenge, refuses NUL and bad UTF-8", "[sasl]") {
    std::error_code ec;
    imaplib::sasl::plain p("j\xc3\xbcrgen", "p\xc3\xa4ss");
    CHECK(p.step("", ec) == std::string("\0j\xc3\xbcrgen\0p\xc3\xa4ss", 14));
    CHECK(!ec);
    CHECK(p.complete());

    imaplib::sasl::plain nonempty("tim", "x");
    CHECK(nonempty.step("hello", ec).empty());
    CHECK(ec == imaplib::errc::protocol_violation);

    imaplib::sasl::plain nul(std::string("ti\0m", 4), "x");
    CHECK_FALSE(nul.initial_response(ec).has_value());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK_FALSE(nul.complete());
    imaplib::sasl::plain latin1("tim", "p\xe4ss");
    CHECK_FALSE(latin1.initial_response(ec).has_value());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(std::string(latin1.reason()).find("UTF-8") != std::string::npos);
}

TEST_CASE("LOGIN answers the two prompts in order; only the password is secret", "[sasl]") {
    std::error_code ec;
    imaplib::sasl::login l("tim", "s\xc3\xa9same");
    CHECK_FALSE(l.initial_response(ec).has_value());
    CHECK(!ec);
    CHECK(l.step("Username:", ec) == "tim");
    CHECK_FALSE(l.secret());
    CHECK_FALSE(l.complete());
    CHECK(l.step("Password:", ec) == "s\xc3\xa9same");
    CHECK(l.secret());
    CHECK(l.complete());
    CHECK(l.step("Password:", ec).empty());
    CHECK(ec == imaplib::errc::illegal_state);
}

TEST_CASE("EXTERNAL sends the authorization identity, empty by default, not secret", "[sasl]") {
    std::error_code ec;
    imaplib::sasl::external e;
    CHECK(e.initial_response(ec) == std::string());
    CHECK(e.complete());
    CHECK_FALSE(e.secret());
    imaplib::sasl::external as("admin@example.org");
    CHECK(as.step("", ec) == "admin@example.org");
    CHECK(as.complete());
}

// --- CRAM-MD5 -------------------------------------------------------------------------------

TEMPLATE_TEST_CASE("CRAM-MD5 answers RFC 2195's example", "[sasl]", IMAPLIB_TEST_BACKENDS) {
    std::error_code ec;
    imaplib::sasl::basic_cram_md5<TestType> m("tim", "tanstaaftanstaaf");
    CHECK(m.name() == "CRAM-MD5");
    CHECK_FALSE(m.initial_response(ec).has_value());
    CHECK(m.step("<1896.697170952@postoffice.reston.mci.net>", ec) == "tim b913a602c7eda7a495b4e6e7334d3890");
    CHECK(!ec);
    CHECK(m.complete());
    // The same bytes as imaplib's _CRAM_MD5_AUTH (util/md5.hpp).
    CHECK(imaplib::cram_md5_response("tim", "tanstaaftanstaaf", "<1896.697170952@postoffice.reston.mci.net>") ==
          "tim b913a602c7eda7a495b4e6e7334d3890");
    m.step("again", ec);
    CHECK(ec == imaplib::errc::illegal_state);
    imaplib::sasl::cram_md5 empty("tim", "x");
    empty.step("", ec);
    CHECK(ec == imaplib::errc::protocol_violation);
}

// --- OAUTHBEARER, XOAUTH2 -------------------------------------------------------------------

TEST_CASE("OAUTHBEARER sends RFC 7628 section 4.1's message and answers the 4.3 error with ^A",
          "[sasl]") {
    std::error_code ec;
    imaplib::sasl::oauthbearer m("user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
                                 "server.example.com", 143);
    CHECK(m.name() == "OAUTHBEARER");
    const auto first = m.initial_response(ec);
    REQUIRE(first.has_value());
    CHECK(imaplib::base64_encode(*first) ==
          "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVy"
          "IHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB");
    CHECK(m.complete());
    CHECK(m.secret());
    const std::string error = imaplib::base64_decode(
        "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NvcGUiOiJleGFtcGxlX3Njb3BlIiwib3BlbmlkLWNvbmZpZ3VyYXRpb24i"
        "OiJodHRwczovL2V4YW1wbGUuY29tLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uIn0=");
    CHECK(m.step(error, ec) == "\x01");
    CHECK(!ec);
    CHECK(imaplib::base64_encode("\x01") == "AQ==");
    CHECK_FALSE(m.complete());
    CHECK(m.status() == "invalid_token");
    CHECK(m.reason() == error);
    m.step("more", ec);
    CHECK(ec == imaplib::errc::illegal_state);
}

TEST_CASE("OAUTHBEARER escapes the gs2 user name and refuses tokens outside RFC 6750", "[sasl]") {
    std::error_code ec;
    imaplib::sasl::oauthbearer m("a,b=c", "tok");
    CHECK(m.initial_response(ec) == std::string("n,a=a=2Cb=3Dc,\x01" "auth=Bearer tok\x01\x01"));
    imaplib::sasl::oauthbearer bad("u", "tok\x01" "auth=Bearer x");
    CHECK_FALSE(bad.initial_response(ec).has_value());
    CHECK(ec == imaplib::errc::invalid_argument);
    imaplib::sasl::oauthbearer crlf("u", "tok\r\nA1 LOGOUT");
    CHECK_FALSE(crlf.initial_response(ec).has_value());
    CHECK(ec == imaplib::errc::invalid_argument);
}

TEST_CASE("XOAUTH2 sends Google's format, answers the error JSON with an empty response", "[sasl]") {
    std::error_code ec;
    // A token over 4,096 characters is just bytes here; line lengths are the session's.
    const std::string token = "ya29." + std::string(5000, 'a');
    imaplib::sasl::xoauth2 m("someuser@example.com", token);
    CHECK(m.name() == "XOAUTH2");
    CHECK(m.initial_response(ec) == "user=someuser@example.com\x01" "auth=Bearer " + token + "\x01\x01");
    CHECK(m.complete());
    // Google's documented example: user=someuser@example.com, token ya29.vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg
    imaplib::sasl::xoauth2 google("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg");
    CHECK(imaplib::base64_encode(*google.initial_response(ec)) ==
          "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2cBAQ==");
    const std::string error = R"({"status":"401","schemes":"bearer mac","scope":"https://mail.google.com/"})";
    CHECK(m.step(error, ec).empty());
    CHECK(!ec);
    CHECK_FALSE(m.complete());
    CHECK(m.status() == "401");
    CHECK_FALSE(m.secret());
}

// --- SCRAM ----------------------------------------------------------------------------------

namespace {

imaplib::sasl::scram_options with_nonce(std::string nonce) {
    imaplib::sasl::scram_options o;
    o.nonce = std::move(nonce);
    return o;
}

const std::string rfc5802_server_first = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
const std::string rfc7677_server_first =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

// A SCRAM-SHA-256 exchange up to the server-first message `server_first`.
std::string scram_256_after(imaplib::sasl::scram_sha_256& m, std::string_view server_first, std::error_code& ec) {
    REQUIRE(m.initial_response(ec).has_value());
    return m.step(server_first, ec);
}

}  // namespace

TEMPLATE_TEST_CASE("SCRAM-SHA-1 follows RFC 5802 section 5's example", "[sasl][scram]", IMAPLIB_TEST_BACKENDS) {
    std::error_code ec;
    imaplib::sasl::basic_scram<sha1_hash, false, TestType> m("user", "pencil", with_nonce("fyko+d2lbbFgONRv9qkxdawL"));
    CHECK(m.name() == "SCRAM-SHA-1");
    CHECK(m.initial_response(ec) == "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
    CHECK_FALSE(m.secret());
    CHECK(m.step(rfc5802_server_first, ec) ==
          "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    CHECK(!ec);
    CHECK(m.secret());
    CHECK_FALSE(m.complete());  // not before the server proved itself
    CHECK(m.step("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", ec).empty());
    CHECK(!ec);
    CHECK(m.complete());
    // A challenge after completion.
    CHECK(m.step("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", ec).empty());
    CHECK(ec == imaplib::errc::illegal_state);
    CHECK_FALSE(m.complete());
}

TEMPLATE_TEST_CASE("SCRAM-SHA-256 follows RFC 7677 section 3's example", "[sasl][scram]", IMAPLIB_TEST_BACKENDS) {
    std::error_code ec;
    imaplib::sasl::basic_scram<sha256_hash, false, TestType> m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    CHECK(m.name() == "SCRAM-SHA-256");
    CHECK(m.initial_response(ec) == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    CHECK(m.step(rfc7677_server_first, ec) ==
          "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
          "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    CHECK(m.step("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", ec).empty());
    CHECK(!ec);
    CHECK(m.complete());
}

TEST_CASE("SCRAM without SASL-IR, with an authzid, a random nonce and an escaped user name", "[sasl][scram]") {
    std::error_code ec;
    imaplib::sasl::scram_options o;
    o.authzid = "admin,x";
    std::size_t asked = 0;
    o.random = [&](unsigned char* p, std::size_t n) {
        asked += n;
        for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<unsigned char>(i);
    };
    imaplib::sasl::scram_sha_256 m("a=b,c", "pencil", o);
    const std::string first = m.step("", ec);
    CHECK(!ec);
    CHECK(asked == 24);
    CHECK(first == "n,a=admin=2Cx,n=a=3Db=2Cc,r=" + imaplib::base64_encode(std::string("\0\1\2\3\4\5\6\7\10\11\12\13\14\15\16\17\20\21\22\23\24\25\26\27", 24)));
    // Two default nonces differ (the CSPRNG is used).
    imaplib::sasl::scram_sha_256 a("u", "p"), b("u", "p");
    CHECK(a.initial_response(ec) != b.initial_response(ec));
    // The -PLUS gs2 flag "y" when the client could bind but the server offered no -PLUS.
    imaplib::sasl::scram_options y;
    y.client_supports_binding = true;
    y.nonce = "abc";
    imaplib::sasl::scram_sha_1 m_y("user", "pencil", y);
    CHECK(m_y.initial_response(ec) == "y,,n=user,r=abc");
}

TEST_CASE("SCRAM SASLprep: a non-ASCII password is normalized, a prohibited one refused", "[sasl][scram]") {
    std::error_code ec;
    // U+2168 ROMAN NUMERAL NINE is "IX" after NFKC; U+00AD vanishes: both passwords
    // derive the same proof as "IX".
    imaplib::sasl::scram_sha_256 nfkc("user", "\xe2\x85\xa8", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    imaplib::sasl::scram_sha_256 mapped("user", "I\xc2\xadX", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    imaplib::sasl::scram_sha_256 plain("user", "IX", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    const std::string p1 = scram_256_after(nfkc, rfc7677_server_first, ec);
    const std::string p2 = scram_256_after(mapped, rfc7677_server_first, ec);
    const std::string p3 = scram_256_after(plain, rfc7677_server_first, ec);
    CHECK(!ec);
    CHECK(p1 == p3);
    CHECK(p2 == p3);
    imaplib::sasl::scram_sha_256 accented("user", "p\xc3\xa4ss", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    CHECK(scram_256_after(accented, rfc7677_server_first, ec) != p3);
    CHECK(!ec);
    imaplib::sasl::scram_sha_256 bell("user", "pass\x07", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    CHECK(scram_256_after(bell, rfc7677_server_first, ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(std::string(bell.reason()).find("SASLprep") != std::string::npos);
    imaplib::sasl::scram_sha_256 bad_user("us\x07r", "pencil");
    CHECK_FALSE(bad_user.initial_response(ec).has_value());
    CHECK(ec == imaplib::errc::invalid_argument);
}

TEST_CASE("SCRAM refuses a server-first whose nonce does not extend the client's", "[sasl][scram][hostile]") {
    std::error_code ec;
    for (const char* server_first : {"r=XXXXNGfwEbeRWgbNEkqO%hvYDpWUa2,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                                     "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",  // no server part
                                     "r=rOprNGfwEbeRWgbNEkq,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                                     "r=rOprNGfwEbeRWgbNEkqO\x01x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"}) {
        imaplib::sasl::scram_sha_256 m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
        CHECK(scram_256_after(m, server_first, ec).empty());
        CHECK(ec == imaplib::errc::protocol_violation);
        CHECK(std::string(m.reason()).find("nonce") != std::string::npos);
        CHECK_FALSE(m.complete());
    }
}

TEST_CASE("SCRAM bounds the iteration count before any work", "[sasl][scram][hostile]") {
    std::error_code ec;
    const auto start = std::chrono::steady_clock::now();
    for (const char* count : {"0", "1000000000", "100001", "99999999999999999999999", "-1", "4096x", "", "04096"}) {
        imaplib::sasl::scram_sha_256 m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
        CHECK(scram_256_after(m, std::string("r=rOprNGfwEbeRWgbNEkqOsrv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=") + count, ec)
                  .empty());
        CHECK(ec == imaplib::errc::protocol_violation);
        CHECK(std::string(m.reason()).find("iteration") != std::string::npos);
    }
    // 10^9 iterations would take minutes; refused, all eight took well under a second.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    // The bound is the caller's to move.
    imaplib::sasl::scram_options o = with_nonce("rOprNGfwEbeRWgbNEkqO");
    o.max_iterations = 1000;
    imaplib::sasl::scram_sha_256 low("user", "pencil", o);
    CHECK(scram_256_after(low, rfc7677_server_first, ec).empty());
    CHECK(ec == imaplib::errc::protocol_violation);
    imaplib::sasl::scram_sha_256 edge("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    CHECK_FALSE(scram_256_after(edge, "r=rOprNGfwEbeRWgbNEkqOsrv,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=100000", ec).empty());
    CHECK(!ec);
}

TEST_CASE("SCRAM refuses malformed server-first attributes", "[sasl][scram][hostile]") {
    std::error_code ec;
    const char* bad[] = {
        "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",                                        // no r=
        "r=rOprNGfwEbeRWgbNEkqOs,i=4096",                                           // no s=
        "r=rOprNGfwEbeRWgbNEkqOs,s=W22ZaJ0SNY7soEsUEjb6gQ==",                       // no i=
        "i=4096,r=rOprNGfwEbeRWgbNEkqOs,s=W22ZaJ0SNY7soEsUEjb6gQ==",                // order
        "r=rOprNGfwEbeRWgbNEkqOs,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,i=1",            // duplicate
        "r=rOprNGfwEbeRWgbNEkqOs,r=rOprNGfwEbeRWgbNEkqOt,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "m=ext,r=rOprNGfwEbeRWgbNEkqOs,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",          // mandatory extension
        "r=rOprNGfwEbeRWgbNEkqOs,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,m=ext",
        "r=rOprNGfwEbeRWgbNEkqOs,s=!!notbase64,i=4096",                            // salt
        "r=rOprNGfwEbeRWgbNEkqOs,s=,i=4096",
        "r=rOprNGfwEbeRWgbNEkqOs,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,",               // empty attribute
        "r=rOprNGfwEbeRWgbNEkqOs,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,x",
        "",
        "garbage",
    };
    for (const char* server_first : bad) {
        INFO(server_first);
        imaplib::sasl::scram_sha_256 m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
        CHECK(scram_256_after(m, server_first, ec).empty());
        CHECK(ec == imaplib::errc::protocol_violation);
        CHECK_FALSE(m.complete());
        // After a failure nothing more is answered.
        m.step("v=x", ec);
        CHECK(ec == imaplib::errc::illegal_state);
    }
    // An unknown optional extension after i= is allowed (RFC 5802 section 7).
    imaplib::sasl::scram_sha_256 ext("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    CHECK_FALSE(scram_256_after(ext, rfc7677_server_first + ",x=future", ec).empty());
    CHECK(!ec);
}

TEST_CASE("SCRAM: a wrong server signature or e= is a failure, never complete", "[sasl][scram][hostile]") {
    std::error_code ec;
    {
        imaplib::sasl::scram_sha_256 m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
        scram_256_after(m, rfc7677_server_first, ec);
        // The RFC 5802 (SHA-1) signature, and one bit off the right one.
        CHECK(m.step("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", ec).empty());
        CHECK(ec == imaplib::errc::protocol_violation);
        CHECK(std::string(m.reason()).find("server signature") != std::string::npos);
        CHECK_FALSE(m.complete());
    }
    {
        imaplib::sasl::scram_sha_256 m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
        scram_256_after(m, rfc7677_server_first, ec);
        m.step("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G5=", ec);
        CHECK(ec == imaplib::errc::protocol_violation);
        CHECK_FALSE(m.complete());
    }
    {
        imaplib::sasl::scram_sha_256 m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
        scram_256_after(m, rfc7677_server_first, ec);
        m.step("e=invalid-proof", ec);
        CHECK(ec == imaplib::errc::command_failed);
        CHECK(std::string(m.reason()).find("invalid-proof") != std::string::npos);
        CHECK_FALSE(m.complete());
    }
    for (const char* final_message : {"", "x=1", "v", "r=abc"}) {
        imaplib::sasl::scram_sha_256 m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
        scram_256_after(m, rfc7677_server_first, ec);
        m.step(final_message, ec);
        CHECK(ec == imaplib::errc::protocol_violation);
        CHECK_FALSE(m.complete());
    }
}

TEST_CASE("SCRAM-PLUS sends the binding type in the gs2 header and its data in c=", "[sasl][scram]") {
    std::error_code ec;
    const std::string data(32, '\xab');
    imaplib::sasl::scram_sha_256_plus m("user", "pencil", {"tls-exporter", data}, with_nonce("rOprNGfwEbeRWgbNEkqO"));
    CHECK(m.name() == "SCRAM-SHA-256-PLUS");
    CHECK(m.initial_response(ec) == "p=tls-exporter,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    const std::string final_message = m.step(rfc7677_server_first, ec);
    CHECK(final_message.rfind("c=" + imaplib::base64_encode("p=tls-exporter,," + data) + ",r=", 0) == 0);
    // The proof covers the binding: a different channel gives a different proof.
    imaplib::sasl::scram_sha_256_plus other("user", "pencil", {"tls-exporter", std::string(32, '\xac')},
                                            with_nonce("rOprNGfwEbeRWgbNEkqO"));
    other.initial_response(ec);
    CHECK(other.step(rfc7677_server_first, ec).substr(final_message.find(",p=")) !=
          final_message.substr(final_message.find(",p=")));
    imaplib::sasl::scram_sha_1_plus sha1("user", "pencil", {"tls-server-end-point", data});
    CHECK(sha1.name() == "SCRAM-SHA-1-PLUS");
    CHECK(sha1.initial_response(ec)->rfind("p=tls-server-end-point,,n=user,r=", 0) == 0);
    imaplib::sasl::scram_sha_256_plus unbound("user", "pencil", {"tls-exporter", ""});
    CHECK_FALSE(unbound.initial_response(ec).has_value());
    CHECK(ec == imaplib::errc::invalid_argument);
    imaplib::sasl::scram_sha_256_plus bad_name("user", "pencil", {"tls exporter,", data});
    CHECK_FALSE(bad_name.initial_response(ec).has_value());
    CHECK(ec == imaplib::errc::invalid_argument);
}

// --- SASLprep ------------------------------------------------------------------------------

TEST_CASE("SASLprep gives RFC 4013 section 3's results", "[sasl][saslprep]") {
    std::error_code ec;
    CHECK(imaplib::saslprep("I\xc2\xadX", ec) == "IX");
    CHECK(imaplib::saslprep("user", ec) == "user");
    CHECK(imaplib::saslprep("USER", ec) == "USER");
    CHECK(imaplib::saslprep("\xc2\xaa", ec) == "a");
    CHECK(imaplib::saslprep("\xe2\x85\xa8", ec) == "IX");
    CHECK(!ec);
    CHECK(imaplib::saslprep("\x07", ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(imaplib::saslprep("\xd8\xa7" "1", ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
    // Ill-formed UTF-8; an unassigned code point (U+0221 in Unicode 3.2) only in a query.
    CHECK(imaplib::saslprep("p\xe4ss", ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(imaplib::saslprep("\xc8\xa1", ec).empty());
    CHECK(ec == imaplib::errc::invalid_argument);
    CHECK(imaplib::saslprep("\xc8\xa1", ec, imaplib::saslprep_use::query) == "\xc8\xa1");
    CHECK(!ec);
    // Non-ASCII spaces become SPACE; Hangul composes; combining marks reorder and compose.
    CHECK(imaplib::saslprep("a\xe3\x80\x80" "b", ec) == "a b");
    CHECK(imaplib::saslprep("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", ec) == "\xea\xb0\x81");
    CHECK(imaplib::saslprep("a\xcc\xa3\xcc\x87", ec) == imaplib::saslprep("a\xcc\x87\xcc\xa3", ec));
}

TEST_CASE("SASLprep agrees with Python's stringprep on every generated case", "[sasl][saslprep]") {
    std::ifstream in(std::string(IMAPLIB_TEST_SOURCE_DIR) + "/tests/data/saslprep.txt");
    REQUIRE(in);
    auto utf8 = [](const std::string& hex_cps) {
        std::string out;
        std::istringstream cps(hex_cps);
        for (std::string cp; cps >> cp;) imaplib::detail::utf8_append(out, static_cast<char32_t>(std::stoul(cp, nullptr, 16)));
        return out;
    };
    std::size_t cases = 0, mismatches = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::size_t semi = line.find(';');
        const std::string input = utf8(line.substr(0, semi));
        const std::string expected = line.substr(semi + 1);
        std::error_code ec;
        const std::string got = imaplib::saslprep(input, ec);
        const bool ok = expected == "!" ? bool(ec) : (!ec && got == utf8(expected));
        if (!ok && ++mismatches <= 10) {
            INFO(line);
            CHECK(ok);
        }
        ++cases;
    }
    CHECK(cases > 10000);
    CHECK(mismatches == 0);
}

// --- a mechanism object through imaplib's authenticate(), as docs/authentication.md shows ---

namespace {

// A server playing RFC 7677 section 3's exchange; `final_message` is what it sends after
// the client's proof ("" skips the server-final and answers OK at once).
struct scram_server {
    std::shared_ptr<imaplib::memory_script> script = std::make_shared<imaplib::memory_script>();
    std::vector<std::string> received;
    std::string tag;

    explicit scram_server(std::string final_message) {
        script->push("* OK [CAPABILITY IMAP4rev1 AUTH=SCRAM-SHA-256] ready\r\n");
        script->on_line = [this, final_message](std::string_view line) -> std::string {
            received.emplace_back(line);
            const std::string text(line.substr(0, line.size() - 2));
            if (text.find(" CAPABILITY") != std::string::npos)
                return "* CAPABILITY IMAP4rev1 AUTH=SCRAM-SHA-256\r\n" + text.substr(0, text.find(' ')) + " OK\r\n";
            if (text.find(" AUTHENTICATE ") != std::string::npos) {
                tag = text.substr(0, text.find(' '));
                return "+ \r\n";
            }
            if (text == "*") return tag + " BAD cancelled\r\n";
            std::error_code ec;
            const std::string decoded = imaplib::base64_decode(text, ec);
            if (decoded.rfind("n,,", 0) == 0) return "+ " + imaplib::base64_encode(rfc7677_server_first) + "\r\n";
            if (decoded.rfind("c=", 0) == 0 && !final_message.empty())
                return "+ " + imaplib::base64_encode(final_message) + "\r\n";
            return tag + " OK authenticated\r\n";
        };
    }
};

struct scram_run {
    imaplib::response r;
    std::error_code ec;
    bool complete = false;
};

scram_run authenticate_scram(scram_server& server) {
    imaplib::basic_imap4<imaplib::memory_transport> M(imaplib::memory_transport(server.script), "imap.example.org");
    imaplib::sasl::scram_sha_256 m("user", "pencil", with_nonce("rOprNGfwEbeRWgbNEkqO"));
    std::error_code step_ec;
    auto first = m.initial_response(step_ec);
    bool sent_first = false;
    scram_run run;
    run.r = M.authenticate("SCRAM-SHA-256", [&](std::string_view challenge) -> std::optional<std::string> {
        if (!sent_first) {
            sent_first = true;
            return first;
        }
        std::string answer = m.step(challenge, step_ec);
        if (step_ec) return std::nullopt;
        return answer;
    }, run.ec);
    run.complete = m.complete();
    return run;
}

}  // namespace

TEST_CASE("SCRAM-SHA-256 through imaplib's authenticate: RFC 7677's exchange on the wire", "[sasl][scram]") {
    scram_server server("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    const scram_run run = authenticate_scram(server);
    CHECK(!run.ec);
    CHECK(run.r.typ == "OK");
    CHECK(run.complete);
    std::size_t a = 0;  // the AUTHENTICATE line
    while (a < server.received.size() && server.received[a].find(" AUTHENTICATE SCRAM-SHA-256\r\n") == std::string::npos) ++a;
    REQUIRE(a + 4 < server.received.size());
    CHECK(server.received[a + 1] == imaplib::base64_encode("n,,n=user,r=rOprNGfwEbeRWgbNEkqO") + "\r\n");
    CHECK(server.received[a + 2] ==
          imaplib::base64_encode("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                 "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=") + "\r\n");
    CHECK(server.received[a + 3] == "\r\n");
}

TEST_CASE("SCRAM through authenticate: a wrong signature cancels, a skipped final is not complete",
          "[sasl][scram][hostile]") {
    {
        scram_server server("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
        const scram_run run = authenticate_scram(server);
        CHECK(run.ec == imaplib::errc::command_failed);  // the server's BAD to "*"
        CHECK_FALSE(run.complete);
        // "*" after the client-first, then only the destructor's LOGOUT.
        REQUIRE(server.received.size() >= 3);
        CHECK(server.received[server.received.size() - 2] == "*\r\n");
        CHECK(server.received.back().find(" LOGOUT\r\n") != std::string::npos);
    }
    {
        // The server answers OK without proving it knows the password: the tagged OK
        // alone must not count (the coming adapter turns this into an error).
        scram_server server("");
        const scram_run run = authenticate_scram(server);
        CHECK(run.r.typ == "OK");
        CHECK_FALSE(run.complete);
    }
}
