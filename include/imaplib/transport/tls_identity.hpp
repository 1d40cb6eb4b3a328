// imaplib-cpp: who a TLS certificate says the server is, and whether that is the host
// the client asked for (RFC 9525, which replaced RFC 6125).
//
//   detail::parse_ip_literal      an IPv4 / IPv6 address literal as bytes
//   detail::dns_name_matches      one dNSName (or wildcard) against a host name
//   detail::certificate_fields    the few fields of a DER certificate the checks need
//   detail::host_matches          a host against a certificate's subjectAltName
//
// Standard library only (pure functions, tested without TLS); transport/tls_context.hpp
// applies them to the peer's certificate after the wolfSSL handshake.
#ifndef IMAPLIB_TRANSPORT_TLS_IDENTITY_HPP
#define IMAPLIB_TRANSPORT_TLS_IDENTITY_HPP

#include <imaplib/config.hpp>
#include <imaplib/detail/ascii.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE
namespace detail {

// ---------------------------------------------------------------------------------
// Address literals
// ---------------------------------------------------------------------------------

// 4 bytes (IPv4), 16 (IPv6), or size 0: not an address literal.
struct ip_address {
    std::array<unsigned char, 16> bytes{};
    std::size_t size = 0;
    bool operator==(std::string_view raw) const noexcept;
};

// Dotted quad as inet_pton reads it: four decimal parts, no leading zeros.
IMAPLIB_DECL bool parse_ipv4(std::string_view s, unsigned char* out) noexcept;

// RFC 4291 section 2.2 text forms: hex groups, one "::", an IPv4 tail.
IMAPLIB_DECL bool parse_ipv6(std::string_view s, unsigned char* out) noexcept;

// The host as an address literal; an IPv6 zone ("fe80::1%eth0") is not part of the
// address a certificate names.
IMAPLIB_DECL ip_address parse_ip_literal(std::string_view host) noexcept;

inline bool is_ip_literal(std::string_view host) noexcept { return parse_ip_literal(host).size != 0; }

// ---------------------------------------------------------------------------------
// DNS names (RFC 9525 section 6.3)
// ---------------------------------------------------------------------------------

// Printable ASCII, no '*', no empty label; one trailing dot is dropped (an absolute
// name is the same name). Non-ASCII (a U-label) is never a name here: IDNA hosts are
// compared in their A-label ("xn--") form, which the caller passes.
IMAPLIB_DECL bool usable_dns_name(std::string_view& name) noexcept;

// One dNSName SAN against a host name. A wildcard is only the whole left-most label
// and stands for exactly one label; it needs two labels after it, so "*", "*.com" and
// "*.localhost" match nothing; partial wildcards ("f*", "*o", "f*o") never match.
IMAPLIB_DECL bool dns_name_matches(std::string_view pattern, std::string_view host) noexcept;

// ---------------------------------------------------------------------------------
// The certificate fields the checks read (RFC 5280 section 4.1), from DER
// ---------------------------------------------------------------------------------

struct certificate_fields {
    std::string_view signature_algorithm;  // AlgorithmIdentifier contents: OID + parameters
    std::string_view issuer;               // Name, whole TLV
    std::string_view subject;
    bool has_subject_alt_name = false;
    std::vector<std::string_view> dns_names;     // dNSName entries
    std::vector<std::string_view> ip_addresses;  // iPAddress entries, 4 or 16 raw bytes
};

// One DER TLV at a time; any malformed length ends the walk with ok() false.
class der_reader {
public:
    explicit der_reader(std::string_view der) noexcept : rest_(der) {}
    bool ok() const noexcept { return ok_; }
    bool empty() const noexcept { return rest_.empty(); }
    unsigned char peek() const noexcept { return rest_.empty() ? 0 : static_cast<unsigned char>(rest_[0]); }

    // The next element: its tag, its contents, and the whole TLV.
    bool next(unsigned char& tag, std::string_view& contents, std::string_view* whole = nullptr) noexcept;
    // The next element, which must carry `want`.
    bool expect(unsigned char want, std::string_view& contents, std::string_view* whole = nullptr) noexcept;

private:
    std::string_view rest_;
    bool ok_ = true;
};

namespace der {
inline constexpr unsigned char sequence = 0x30, oid = 0x06, boolean = 0x01, octet_string = 0x04,
                               integer = 0x02, bit_string = 0x03;
// id-ce-subjectAltName, 2.5.29.17
inline constexpr std::string_view subject_alt_name_oid{"\x55\x1D\x11", 3};
}  // namespace der

// GeneralNames (RFC 5280 section 4.2.1.6): keeps dNSName [2] and iPAddress [7].
IMAPLIB_DECL bool read_general_names(std::string_view value, certificate_fields& out) noexcept;

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }.
// False for anything that is not a well-formed certificate: the caller then refuses it.
IMAPLIB_DECL bool parse_certificate(std::string_view der_bytes, certificate_fields& out);

// A signature made with MD2, MD4, MD5 or SHA-1 (RFC 9155 deprecates SHA-1 in TLS 1.2;
// collisions make a SHA-1 certificate signature forgeable). RSASSA-PSS without hash
// parameters means SHA-1 (RFC 4055 section 3.1).
IMAPLIB_DECL bool weak_signature_algorithm(std::string_view algorithm_identifier) noexcept;

// ---------------------------------------------------------------------------------
// The host against the certificate (RFC 9525 section 6)
// ---------------------------------------------------------------------------------

// An address literal matches an iPAddress entry with the same bytes, never a dNSName
// or the common name; a DNS name matches a dNSName entry. The subject's common name is
// never used (RFC 9525 dropped the CN-ID; Python's ssl ignores it since 3.7).
IMAPLIB_DECL bool host_matches(const certificate_fields& cert, std::string_view host);

}  // namespace detail
IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/transport/impl/tls_identity.ipp>
#endif

#endif  // IMAPLIB_TRANSPORT_TLS_IDENTITY_HPP
