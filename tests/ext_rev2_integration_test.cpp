// ENABLE (RFC 5161) and BINARY (RFC 3516) against the suite's Dovecot 2.3, in both API
// forms: what the server ENABLED, a base64 part fetched with BINARY equal to its decoded
// bytes, and an APPEND with a literal8 coming back byte for byte, NULs included.
// UTF8=ACCEPT and IMAP4rev2, which Dovecot 2.3 lacks, are in tests/ext_rev2_test.cpp.
#include <imaplib/imaplib.hpp>

#include "support/dovecot.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::test::dovecot_server;

constexpr auto session_timeout = 30s;

// 300 bytes of every value, NULs and CR/LF included: what base64 protects.
std::string all_octets() {
    std::string bytes;
    for (int i = 0; i < 300; ++i) bytes += static_cast<char>(i % 256);
    return bytes;
}

// A multipart message whose second part is `payload` in base64, lines of 76.
std::string message_with_base64_part(const std::string& payload) {
    const std::string encoded = imaplib::base64_encode(payload);
    std::string wrapped;
    for (std::size_t i = 0; i < encoded.size(); i += 76) wrapped += encoded.substr(i, 76) + "\r\n";
    return "From: alice@example.org\r\nSubject: binary part\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
           "--b1\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n"
           "--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
           wrapped + "--b1--\r\n";
}

imaplib::imap4 login() {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::imap4 M;
    std::error_code ec;
    M.connect(s.host, s.port, session_timeout, ec);
    REQUIRE_FALSE(ec);
    M.login(s.user, s.password, ec);
    REQUIRE_FALSE(ec);
    return M;
}

}  // namespace

TEST_CASE("Dovecot: enable_capabilities returns what the server ENABLED and remembers it", "[ext_rev2][integration]") {
    {
        imaplib::imap4 M = login();
        std::error_code ec;
        const imaplib::enable_result r = M.enable_capabilities({"CONDSTORE", "X-IMAPLIB-NONE"}, ec);
        REQUIRE_FALSE(ec);
        CHECK(r.typ == "OK");
        CHECK(r.enabled == std::vector<std::string>{"CONDSTORE"});
        CHECK(M.is_enabled("CONDSTORE"));
        CHECK_FALSE(M.is_enabled("X-IMAPLIB-NONE"));
        M.logout(ec);
    }
    {
        imaplib::imap4 M = login();
        const imaplib::enable_result r = M.enable_capabilities({"QRESYNC"});  // throwing form
        CHECK(r.typ == "OK");
        CHECK(M.is_enabled("QRESYNC"));
        // Dovecot 2.3 has no UTF8=ACCEPT: nothing enabled, strings stay 7-bit.
        const imaplib::enable_result utf8 = M.enable_capabilities({"UTF8=ACCEPT"});
        CHECK(utf8.enabled.empty());
        CHECK_FALSE(M.utf8_enabled());
        M.logout();
    }
}

TEST_CASE("Dovecot: a base64 part fetched with BINARY is its decoded bytes, both API forms", "[ext_rev2][integration]") {
    const std::string payload = all_octets();
    const std::string box = "rev2-binary";
    imaplib::imap4 M = login();
    std::error_code ec;
    M.delete_mailbox(box, ec);  // left by an earlier run, if any
    REQUIRE(M.create(box).typ == "OK");
    REQUIRE(M.append(box, imaplib::None, imaplib::None, message_with_base64_part(payload)).typ == "OK");
    M.select(box);

    const imaplib::binary_result r = M.fetch_binary("1", "2", ec);
    REQUIRE_FALSE(ec);
    REQUIRE(r.parts.size() == 1);
    REQUIRE(r.parts[0].content);
    CHECK(*r.parts[0].content == payload);
    CHECK(r.parts[0].section == "2");

    imaplib::binary_options by_uid;
    by_uid.uid = true;
    const imaplib::binary_result u = M.fetch_binary("1:*", "2", by_uid);  // throwing form
    REQUIRE(u.parts.size() == 1);
    CHECK(u.parts[0].uid.has_value());
    CHECK(u.parts[0].content == payload);

    const imaplib::binary_result size = M.fetch_binary_size("1", "2", ec);
    REQUIRE_FALSE(ec);
    REQUIRE(size.parts.size() == 1);
    CHECK(size.parts[0].size == payload.size());

    // BINARY.PEEK leaves \Seen alone; BINARY sets it (RFC 3516 section 4.1).
    CHECK(M.fetch("1", "(FLAGS)").data[0].bytes().find("\\Seen") == std::string_view::npos);
    imaplib::binary_options seen;
    seen.peek = false;
    M.fetch_binary("1", "1", seen);
    CHECK(M.fetch("1", "(FLAGS)").data[0].bytes().find("\\Seen") != std::string_view::npos);

    M.close();
    M.delete_mailbox(box);
    M.logout();
}

TEST_CASE("Dovecot: append_binary's literal8 round trip keeps NUL bytes", "[ext_rev2][integration]") {
    const std::string box = "rev2-literal8";
    std::string body("binary\0body\0", 12);
    body += all_octets().substr(0, 32);  // CR, LF and NUL, unpaired
    const std::string message = "From: alice@example.org\r\nSubject: literal8\r\nMIME-Version: 1.0\r\n"
                                "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
                                body;
    imaplib::imap4 M = login();
    std::error_code ec;
    M.delete_mailbox(box, ec);
    REQUIRE(M.create(box).typ == "OK");
    const imaplib::response a = M.append_binary(box, "\\Seen", imaplib::None, message, ec);
    REQUIRE_FALSE(ec);
    CHECK(a.typ == "OK");
    M.select(box, false, ec);
    REQUIRE_FALSE(ec);
    const imaplib::binary_result whole = M.fetch_binary("1", "");
    REQUIRE(whole.parts.size() == 1);
    CHECK(whole.parts[0].content == message);
    const imaplib::binary_result part = M.fetch_binary("1", "1", ec);
    REQUIRE_FALSE(ec);
    REQUIRE(part.parts.size() == 1);
    CHECK(part.parts[0].content == body);
    M.close();
    M.delete_mailbox(box);
    M.logout();
}
