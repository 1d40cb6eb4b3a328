// SASL: the crypto under SCRAM and CRAM-MD5 against published vectors, for every backend
// this build has; then each mechanism's steps against its RFC's example exchange, and
// the hostile server messages a mechanism must refuse.
#include <imaplib/util/sha.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/oauth.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/util/base64.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
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
    STATIC_REQUIRE(imaplib::sasl_mechanism<imaplib::sasl::oauthbearer>);
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
