// Host names against certificate names (RFC 9525) and address literals, as pure
// functions: no TLS, no certificate files.
#include <imaplib/transport/tls_identity.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace {

using imaplib::detail::certificate_fields;
using imaplib::detail::dns_name_matches;
using imaplib::detail::host_matches;
using imaplib::detail::parse_ip_literal;

std::string bytes_of(std::string_view host) {
    const auto ip = parse_ip_literal(host);
    return std::string(reinterpret_cast<const char*>(ip.bytes.data()), ip.size);
}

}  // namespace

TEST_CASE("dns_name_matches: exact names, case-insensitive, one trailing dot", "[tls_identity]") {
    CHECK(dns_name_matches("imap.example.com", "imap.example.com"));
    CHECK(dns_name_matches("IMAP.Example.COM", "imap.example.com"));
    CHECK(dns_name_matches("imap.example.com", "IMAP.EXAMPLE.com"));
    CHECK(dns_name_matches("imap.example.com", "imap.example.com."));
    CHECK(dns_name_matches("imap.example.com.", "imap.example.com"));
    CHECK(dns_name_matches("localhost", "localhost"));
    CHECK(dns_name_matches("xn--bcher-kva.example", "xn--bcher-kva.example"));
    CHECK_FALSE(dns_name_matches("imap.example.com", "imap.example.org"));
    CHECK_FALSE(dns_name_matches("imap.example.com", "mail.imap.example.com"));
    CHECK_FALSE(dns_name_matches("imap.example.com", "example.com"));
    CHECK_FALSE(dns_name_matches("imap.example.com", "imap.example.com.."));
    CHECK_FALSE(dns_name_matches("imap.example.com", "imap..example.com"));
    CHECK_FALSE(dns_name_matches("imap..example.com", "imap..example.com"));
    CHECK_FALSE(dns_name_matches("", ""));
    CHECK_FALSE(dns_name_matches(".", "."));
    CHECK_FALSE(dns_name_matches("", "imap.example.com"));
    CHECK_FALSE(dns_name_matches("imap.example.com", ""));
    CHECK_FALSE(dns_name_matches(".example.com", ".example.com"));
    // A NUL inside a SAN (the "null prefix" attack) or a host is never a name.
    CHECK_FALSE(dns_name_matches(std::string_view("imap.example.com\0.evil.test", 27), "imap.example.com"));
    CHECK_FALSE(dns_name_matches("imap.example.com", std::string_view("imap.example.com\0", 17)));
    // No IDNA here: a U-label host or SAN never matches; pass the A-label.
    CHECK_FALSE(dns_name_matches("b\xC3\xBC" "cher.example", "b\xC3\xBC" "cher.example"));
    CHECK_FALSE(dns_name_matches("imap example.com", "imap example.com"));
}

TEST_CASE("dns_name_matches: a wildcard is one whole left-most label over two or more", "[tls_identity]") {
    CHECK(dns_name_matches("*.example.com", "imap.example.com"));
    CHECK(dns_name_matches("*.example.com", "IMAP.EXAMPLE.COM"));
    CHECK(dns_name_matches("*.EXAMPLE.com", "imap.example.com."));
    CHECK(dns_name_matches("*.example.com.", "imap.example.com"));
    CHECK(dns_name_matches("*.imap.test", "mail.imap.test"));
    CHECK(dns_name_matches("*.example.com", "xn--bcher-kva.example.com"));
    CHECK_FALSE(dns_name_matches("*.example.com", "example.com"));
    CHECK_FALSE(dns_name_matches("*.example.com", "a.b.example.com"));
    CHECK_FALSE(dns_name_matches("*.example.com", ".example.com"));
    CHECK_FALSE(dns_name_matches("*.example.com", "*.example.com"));
    CHECK_FALSE(dns_name_matches("*.example.com", "imap.example.org"));
    // "*" and a wildcard over a single label match nothing.
    CHECK_FALSE(dns_name_matches("*", "localhost"));
    CHECK_FALSE(dns_name_matches("*", "imap.example.com"));
    CHECK_FALSE(dns_name_matches("*.", "localhost"));
    CHECK_FALSE(dns_name_matches("*.com", "example.com"));
    CHECK_FALSE(dns_name_matches("*.localhost", "a.localhost"));
    CHECK_FALSE(dns_name_matches("*.localhost.", "a.localhost"));
    // Partial wildcards never match.
    CHECK_FALSE(dns_name_matches("local*", "localhost"));
    CHECK_FALSE(dns_name_matches("*host", "localhost"));
    CHECK_FALSE(dns_name_matches("f*o.example.com", "foo.example.com"));
    CHECK_FALSE(dns_name_matches("f*.example.com", "foo.example.com"));
    CHECK_FALSE(dns_name_matches("*o.example.com", "foo.example.com"));
    CHECK_FALSE(dns_name_matches("xn--*.example.com", "xn--bcher-kva.example.com"));
    // Only the left-most label, only once.
    CHECK_FALSE(dns_name_matches("imap.*.com", "imap.example.com"));
    CHECK_FALSE(dns_name_matches("*.*.com", "imap.example.com"));
    CHECK_FALSE(dns_name_matches("**.example.com", "imap.example.com"));
    CHECK_FALSE(dns_name_matches("*.example.*", "imap.example.com"));
    // Never over an address literal.
    CHECK_FALSE(dns_name_matches("*.0.0.1", "127.0.0.1"));
    CHECK_FALSE(dns_name_matches("127.0.0.1", "127.0.0.1"));
    CHECK_FALSE(dns_name_matches("::1", "::1"));
}

TEST_CASE("parse_ip_literal: IPv4 as inet_pton reads it", "[tls_identity]") {
    CHECK(bytes_of("127.0.0.1") == std::string("\x7F\x00\x00\x01", 4));
    CHECK(bytes_of("255.255.255.255") == std::string("\xFF\xFF\xFF\xFF", 4));
    CHECK(bytes_of("0.0.0.0") == std::string(4, '\0'));
    for (const char* no : {"", "1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.04", "1..2.3",
                           "1.2.3.4.", ".1.2.3.4", "1.2.3.-4", "0x7f.0.0.1", "1.2.3.4 ", "1000.1.1.1",
                           "localhost", "127.0.0.1%eth0"}) {
        INFO(no);
        CHECK(parse_ip_literal(no).size == 0);
    }
}

TEST_CASE("parse_ip_literal: IPv6 text forms (RFC 4291 section 2.2)", "[tls_identity]") {
    const std::string loopback = std::string(15, '\0') + '\x01';
    CHECK(bytes_of("::1") == loopback);
    CHECK(bytes_of("0:0:0:0:0:0:0:1") == loopback);
    CHECK(bytes_of("0000:0000:0000:0000:0000:0000:0000:0001") == loopback);
    CHECK(bytes_of("::") == std::string(16, '\0'));
    CHECK(bytes_of("fe80::1%eth0") == std::string("\xFE\x80", 2) + std::string(13, '\0') + '\x01');
    CHECK(bytes_of("2001:DB8::8:800:200C:417A") ==
          std::string("\x20\x01\x0D\xB8\x00\x00\x00\x00\x00\x08\x08\x00\x20\x0C\x41\x7A", 16));
    CHECK(bytes_of("::ffff:127.0.0.1") == std::string(10, '\0') + std::string("\xFF\xFF\x7F\x00\x00\x01", 6));
    CHECK(bytes_of("1::") == std::string("\x00\x01", 2) + std::string(14, '\0'));
    CHECK(bytes_of("1:2:3:4:5:6:7::") == std::string("\x00\x01\x00\x02\x00\x03\x00\x04\x00\x05\x00\x06\x00\x07", 14) +
                                            std::string(2, '\0'));
    for (const char* no : {":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::2", "1::2:",
                           "12345::1", "g::1", "1:2:3:4:5:6:7:8::", "::1.2.3", "::1.2.3.4.5", "1.2.3.4::",
                           "::ffff:256.0.0.1", "[::1]", "1:2:3:4:5:6:1.2.3.4:1"}) {
        INFO(no);
        CHECK(parse_ip_literal(no).size == 0);
    }
    CHECK(parse_ip_literal("1:2:3:4:5:6:1.2.3.4").size == 16);
}

TEST_CASE("host_matches: DNS names against dNSName, addresses against iPAddress only", "[tls_identity]") {
    certificate_fields cert;
    cert.has_subject_alt_name = true;
    cert.dns_names = {"imap.example.com", "*.mail.example.com", "127.0.0.2"};
    const std::string v4("\x7F\x00\x00\x01", 4);
    const std::string v6 = std::string(15, '\0') + '\x01';
    cert.ip_addresses = {v4, v6};
    CHECK(host_matches(cert, "imap.example.com"));
    CHECK(host_matches(cert, "eu.mail.example.com"));
    CHECK(host_matches(cert, "127.0.0.1"));
    CHECK(host_matches(cert, "::1"));
    CHECK(host_matches(cert, "0::0:1"));
    CHECK_FALSE(host_matches(cert, "127.0.0.2"));  // only a dNSName spells it
    CHECK_FALSE(host_matches(cert, "::ffff:127.0.0.1"));
    CHECK_FALSE(host_matches(cert, "mail.example.com"));
    CHECK_FALSE(host_matches(cert, "example.com"));
    CHECK_FALSE(host_matches(cert, ""));

    certificate_fields only_ip;
    only_ip.has_subject_alt_name = true;
    only_ip.ip_addresses = {v4};
    CHECK(host_matches(only_ip, "127.0.0.1"));
    CHECK_FALSE(host_matches(only_ip, "localhost"));

    // No subjectAltName: nothing matches (the common name is not even read).
    const certificate_fields none;
    CHECK_FALSE(host_matches(none, "localhost"));
    CHECK_FALSE(host_matches(none, "127.0.0.1"));
}

TEST_CASE("weak_signature_algorithm: MD5, SHA-1 and PSS over SHA-1 are weak", "[tls_identity]") {
    using imaplib::detail::weak_signature_algorithm;
    const auto oid = [](std::string_view body) { return std::string("\x06", 1) + char(body.size()) + std::string(body); };
    CHECK(weak_signature_algorithm(oid({"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x05", 9}) + std::string("\x05\x00", 2)));
    CHECK(weak_signature_algorithm(oid({"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x04", 9})));
    CHECK(weak_signature_algorithm(oid({"\x2A\x86\x48\xCE\x3D\x04\x01", 7})));
    CHECK_FALSE(weak_signature_algorithm(oid({"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x0B", 9}) +
                                         std::string("\x05\x00", 2)));  // sha256WithRSAEncryption
    CHECK_FALSE(weak_signature_algorithm(oid({"\x2A\x86\x48\xCE\x3D\x04\x03\x02", 8})));  // ecdsa-with-SHA256
    const std::string pss = oid({"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x0A", 9});
    CHECK(weak_signature_algorithm(pss + std::string("\x30\x00", 2)));  // default hash: SHA-1
    const std::string sha256_alg = std::string("\x30\x0D", 2) +
                                   oid({"\x60\x86\x48\x01\x65\x03\x04\x02\x01", 9}) + std::string("\x05\x00", 2);
    const std::string sha1_alg = std::string("\x30\x09", 2) + oid({"\x2B\x0E\x03\x02\x1A", 5}) +
                                 std::string("\x05\x00", 2);
    const auto pss_with = [&](const std::string& hash) {
        const std::string tagged = std::string("\xA0", 1) + char(hash.size()) + hash;
        return pss + std::string("\x30", 1) + char(tagged.size()) + tagged;
    };
    CHECK_FALSE(weak_signature_algorithm(pss_with(sha256_alg)));
    CHECK(weak_signature_algorithm(pss_with(sha1_alg)));
    CHECK(weak_signature_algorithm(""));  // unreadable: refused
}
