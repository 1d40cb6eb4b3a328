// imaplib-cpp: MD5 (RFC 1321) and HMAC-MD5 (RFC 2104), for AUTHENTICATE CRAM-MD5
// (RFC 2195). Not for anything that needs collision resistance.
#ifndef IMAPLIB_UTIL_MD5_HPP
#define IMAPLIB_UTIL_MD5_HPP

#include <imaplib/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

using md5_digest = std::array<unsigned char, 16>;

// Incremental MD5: update() any number of times, then finish() once.
class md5_hasher {
public:
    md5_hasher() noexcept = default;

    void update(std::string_view data) noexcept;

    md5_digest finish() noexcept;

private:
    static std::uint32_t rotl(std::uint32_t x, unsigned n) noexcept {
        return (x << n) | (x >> (32 - n));
    }

    void transform(const unsigned char* p) noexcept;

    std::array<std::uint32_t, 4> state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    std::array<unsigned char, 64> block_{};
    std::size_t fill_ = 0;
    std::uint64_t length_ = 0;
};

IMAPLIB_DECL md5_digest md5(std::string_view data) noexcept;

// Lower-case hex, as Python's hexdigest().
template <std::size_t N>
std::string to_hex(const std::array<unsigned char, N>& bytes) {
    constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(N * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

// RFC 2104: H((K ^ opad) || H((K ^ ipad) || text)); keys longer than the 64-byte
// block are hashed first.
IMAPLIB_DECL md5_digest hmac_md5(std::string_view key, std::string_view message) noexcept;

// The CRAM-MD5 reply before base64 (RFC 2195 section 2; imaplib's _CRAM_MD5_AUTH):
// user + " " + hex(HMAC-MD5(password, challenge)). `challenge` is already decoded.
IMAPLIB_DECL std::string cram_md5_response(std::string_view user, std::string_view password,
                                     std::string_view challenge);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/md5.ipp>
#endif

#endif  // IMAPLIB_UTIL_MD5_HPP
