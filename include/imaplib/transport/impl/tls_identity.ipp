// imaplib-cpp: transport/tls_identity.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_TRANSPORT_IMPL_TLS_IDENTITY_IPP
#define IMAPLIB_TRANSPORT_IMPL_TLS_IDENTITY_IPP

#include <imaplib/config.hpp>
#include <imaplib/transport/tls_identity.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL bool ip_address::operator==(std::string_view raw) const noexcept {
    return raw.size() == size &&
           std::equal(raw.begin(), raw.end(), bytes.begin(),
                      [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; });
}

IMAPLIB_DECL bool parse_ipv4(std::string_view s, unsigned char* out) noexcept {
    int part = 0;
    std::size_t i = 0;
    while (part < 4) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
        unsigned value = 0;
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 4)
            value = value * 10 + static_cast<unsigned>(s[i++] - '0');
        if (value > 255 || (i - start > 1 && s[start] == '0')) return false;
        out[part++] = static_cast<unsigned char>(value);
        if (part < 4) {
            if (i >= s.size() || s[i] != '.') return false;
            ++i;
        }
    }
    return i == s.size();
}

IMAPLIB_DECL bool parse_ipv6(std::string_view s, unsigned char* out) noexcept {
    unsigned char words[16] = {};
    std::size_t n = 0;        // bytes written
    constexpr std::size_t none = 17;
    std::size_t gap = none;   // where "::" stands
    std::size_t i = 0;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (!s.empty() && s[0] == ':') {
        return false;
    }
    while (i < s.size()) {
        if (n == 16) return false;
        // An IPv4 tail: the rest holds a '.' before any further ':'.
        const std::size_t colon = s.find(':', i);
        const std::size_t dot = s.find('.', i);
        if (dot != std::string_view::npos && colon == std::string_view::npos) {
            if (n > 12 || !parse_ipv4(s.substr(i), words + n)) return false;
            n += 4;
            i = s.size();
            break;
        }
        unsigned value = 0;
        std::size_t digits = 0;
        for (; i < s.size() && digits < 5; ++i, ++digits) {
            const char c = s[i];
            unsigned d;
            if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
            else break;
            value = value * 16 + d;
        }
        if (digits == 0 || digits > 4) return false;
        words[n++] = static_cast<unsigned char>(value >> 8);
        words[n++] = static_cast<unsigned char>(value & 0xFF);
        if (i == s.size()) break;
        if (s[i] != ':') return false;
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (gap != none) return false;  // a second "::"
            gap = n;
            ++i;
        } else if (i == s.size()) {
            return false;  // a trailing single ':'
        }
    }
    if (gap == none) {
        if (n != 16) return false;
    } else {
        if (n > 14) return false;  // "::" stands for at least one group
        const std::size_t tail = n - gap;
        for (std::size_t k = 0; k < tail; ++k) words[15 - k] = words[n - 1 - k];
        for (std::size_t k = gap; k < 16 - tail; ++k) words[k] = 0;
    }
    for (std::size_t k = 0; k < 16; ++k) out[k] = words[k];
    return true;
}

IMAPLIB_DECL ip_address parse_ip_literal(std::string_view host) noexcept {
    ip_address ip;
    if (host.find(':') != std::string_view::npos) {
        const std::size_t zone = host.find('%');
        if (zone != std::string_view::npos) host = host.substr(0, zone);
        if (parse_ipv6(host, ip.bytes.data())) ip.size = 16;
    } else if (parse_ipv4(host, ip.bytes.data())) {
        ip.size = 4;
    }
    return ip;
}

IMAPLIB_DECL bool usable_dns_name(std::string_view& name) noexcept {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty() || name.front() == '.') return false;
    char last = 0;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F || c == '*') return false;
        if (c == '.' && last == '.') return false;
        last = c;
    }
    return true;
}

IMAPLIB_DECL bool dns_name_matches(std::string_view pattern, std::string_view host) noexcept {
    if (!usable_dns_name(host) || is_ip_literal(host)) return false;
    if (!pattern.empty() && pattern.back() == '.') pattern.remove_suffix(1);
    if (pattern.size() >= 2 && pattern[0] == '*' && pattern[1] == '.') {
        std::string_view base = pattern.substr(2);
        if (!usable_dns_name(base) || base.find('.') == std::string_view::npos) return false;
        const std::size_t dot = host.find('.');
        if (dot == std::string_view::npos || dot == 0) return false;
        return iequals(host.substr(dot + 1), base);
    }
    return usable_dns_name(pattern) && iequals(pattern, host);
}

IMAPLIB_DECL bool der_reader::next(unsigned char& tag, std::string_view& contents, std::string_view* whole) noexcept {
    if (!ok_ || rest_.size() < 2) return ok_ = false;
    tag = static_cast<unsigned char>(rest_[0]);
    if ((tag & 0x1F) == 0x1F) return ok_ = false;  // high tag numbers: not in a certificate
    std::size_t len = static_cast<unsigned char>(rest_[1]);
    std::size_t at = 2;
    if (len & 0x80) {
        const std::size_t count = len & 0x7F;
        if (count == 0 || count > 4 || rest_.size() < 2 + count) return ok_ = false;
        len = 0;
        for (std::size_t k = 0; k < count; ++k) len = (len << 8) | static_cast<unsigned char>(rest_[at++]);
    }
    if (len > rest_.size() - at) return ok_ = false;
    contents = rest_.substr(at, len);
    if (whole) *whole = rest_.substr(0, at + len);
    rest_.remove_prefix(at + len);
    return true;
}

IMAPLIB_DECL bool der_reader::expect(unsigned char want, std::string_view& contents, std::string_view* whole) noexcept {
    unsigned char tag = 0;
    if (!next(tag, contents, whole)) return false;
    if (tag != want) return ok_ = false;
    return true;
}

IMAPLIB_DECL bool read_general_names(std::string_view value, certificate_fields& out) noexcept {
    der_reader outer(value);
    std::string_view names;
    if (!outer.expect(der::sequence, names) || !outer.empty()) return false;
    der_reader r(names);
    while (!r.empty()) {
        unsigned char tag = 0;
        std::string_view v;
        if (!r.next(tag, v)) return false;
        if (tag == 0x82) out.dns_names.push_back(v);
        else if (tag == 0x87) out.ip_addresses.push_back(v);
    }
    return true;
}

IMAPLIB_DECL bool parse_certificate(std::string_view der_bytes, certificate_fields& out) {
    out = certificate_fields{};
    der_reader top(der_bytes);
    std::string_view cert, tbs, sig_alg, ignored;
    if (!top.expect(der::sequence, cert) || !top.empty()) return false;
    der_reader c(cert);
    if (!c.expect(der::sequence, tbs) || !c.expect(der::sequence, sig_alg) ||
        !c.expect(der::bit_string, ignored) || !c.empty())
        return false;
    out.signature_algorithm = sig_alg;

    der_reader t(tbs);
    if (t.peek() == 0xA0 && !t.expect(0xA0, ignored)) return false;  // version
    if (!t.expect(der::integer, ignored) || !t.expect(der::sequence, ignored) ||  // serial, signature
        !t.expect(der::sequence, ignored, &out.issuer) || !t.expect(der::sequence, ignored) ||  // validity
        !t.expect(der::sequence, ignored, &out.subject) || !t.expect(der::sequence, ignored))  // key
        return false;
    if (t.peek() == 0x81 && !t.expect(0x81, ignored)) return false;  // issuerUniqueID
    if (t.peek() == 0x82 && !t.expect(0x82, ignored)) return false;  // subjectUniqueID
    if (t.empty()) return true;
    std::string_view wrapped, extensions;
    if (!t.expect(0xA3, wrapped) || !t.empty()) return false;
    der_reader w(wrapped);
    if (!w.expect(der::sequence, extensions) || !w.empty()) return false;
    der_reader e(extensions);
    while (!e.empty()) {
        std::string_view ext, id, value;
        if (!e.expect(der::sequence, ext)) return false;
        der_reader x(ext);
        if (!x.expect(der::oid, id)) return false;
        if (x.peek() == der::boolean && !x.expect(der::boolean, ignored)) return false;
        if (!x.expect(der::octet_string, value) || !x.empty()) return false;
        if (id == der::subject_alt_name_oid) {
            // RFC 5280 section 4.2: an extension appears at most once.
            if (out.has_subject_alt_name) return false;
            out.has_subject_alt_name = true;
            if (!read_general_names(value, out)) return false;
        }
    }
    return true;
}

IMAPLIB_DECL bool weak_signature_algorithm(std::string_view algorithm_identifier) noexcept {
    static constexpr std::string_view weak[] = {
        {"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x02", 9},  // md2WithRSAEncryption
        {"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x03", 9},  // md4WithRSAEncryption
        {"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x04", 9},  // md5WithRSAEncryption
        {"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x05", 9},  // sha1WithRSAEncryption
        {"\x2B\x0E\x03\x02\x1D", 5},                  // sha1WithRSASignature (OIW)
        {"\x2A\x86\x48\xCE\x3D\x04\x01", 7},          // ecdsa-with-SHA1
        {"\x2A\x86\x48\xCE\x38\x04\x03", 7},          // id-dsa-with-sha1
    };
    static constexpr std::string_view rsassa_pss{"\x2A\x86\x48\x86\xF7\x0D\x01\x01\x0A", 9};
    static constexpr std::string_view sha1{"\x2B\x0E\x03\x02\x1A", 5};
    der_reader r(algorithm_identifier);
    std::string_view id;
    if (!r.expect(der::oid, id)) return true;
    for (std::string_view w : weak)
        if (id == w) return true;
    if (id != rsassa_pss) return false;
    // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] ... DEFAULT sha1, ... }
    std::string_view params, hash_wrapped, hash_alg, hash_id;
    if (r.empty() || !r.expect(der::sequence, params)) return true;
    der_reader p(params);
    if (p.empty() || p.peek() != 0xA0) return true;
    if (!p.expect(0xA0, hash_wrapped)) return true;
    der_reader h(hash_wrapped);
    if (!h.expect(der::sequence, hash_alg)) return true;
    der_reader a(hash_alg);
    if (!a.expect(der::oid, hash_id)) return true;
    return hash_id == sha1;
}

IMAPLIB_DECL bool host_matches(const certificate_fields& cert, std::string_view host) {
    const ip_address ip = parse_ip_literal(host);
    if (ip.size != 0) {
        for (std::string_view raw : cert.ip_addresses)
            if (ip == raw) return true;
        return false;
    }
    for (std::string_view name : cert.dns_names)
        if (dns_name_matches(name, host)) return true;
    return false;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_IMPL_TLS_IDENTITY_IPP
