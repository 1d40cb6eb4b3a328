// imaplib-cpp: util/md5.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_MD5_IPP
#define IMAPLIB_UTIL_IMPL_MD5_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/md5.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

IMAPLIB_DECL void md5_hasher::update(std::string_view data) noexcept {
    for (char c : data) {
        block_[fill_++] = static_cast<unsigned char>(c);
        if (fill_ == 64) {
            transform(block_.data());
            fill_ = 0;
        }
    }
    length_ += data.size();
}

IMAPLIB_DECL md5_digest md5_hasher::finish() noexcept {
    // RFC 1321 3.1-3.2: 0x80, zeros to 56 mod 64, then the bit length (little endian).
    const std::uint64_t bits = length_ * 8;
    block_[fill_++] = 0x80;
    if (fill_ > 56) {
        while (fill_ < 64) block_[fill_++] = 0;
        transform(block_.data());
        fill_ = 0;
    }
    while (fill_ < 56) block_[fill_++] = 0;
    for (int i = 0; i < 8; ++i) block_[fill_++] = static_cast<unsigned char>(bits >> (8 * i));
    transform(block_.data());
    md5_digest out{};
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j)
            out[i * 4 + j] = static_cast<unsigned char>(state_[i] >> (8 * j));
    return out;
}

IMAPLIB_DECL void md5_hasher::transform(const unsigned char* p) noexcept {
    // RFC 1321 3.4: sine-derived constants T[i] and the per-round shifts.
    static constexpr std::uint32_t k[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
        0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
        0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
        0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
        0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
        0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391};
    static constexpr unsigned shift[16] = {7, 12, 17, 22, 5, 9, 14, 20,
                                           4, 11, 16, 23, 6, 10, 15, 21};
    std::uint32_t m[16];
    for (std::size_t i = 0; i < 16; ++i)
        m[i] = std::uint32_t{p[i * 4]} | (std::uint32_t{p[i * 4 + 1]} << 8) |
               (std::uint32_t{p[i * 4 + 2]} << 16) | (std::uint32_t{p[i * 4 + 3]} << 24);
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    for (unsigned i = 0; i < 64; ++i) {
        std::uint32_t f = 0;
        unsigned g = 0;
        switch (i / 16) {
        case 0: f = (b & c) | (~b & d); g = i; break;
        case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
        case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16; break;
        default: f = c ^ (b | ~d); g = (7 * i) % 16; break;
        }
        const std::uint32_t next = b + rotl(a + f + k[i] + m[g], shift[(i / 16) * 4 + i % 4]);
        a = d;
        d = c;
        c = b;
        b = next;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
}

IMAPLIB_DECL md5_digest md5(std::string_view data) noexcept {
    md5_hasher h;
    h.update(data);
    return h.finish();
}

IMAPLIB_DECL md5_digest hmac_md5(std::string_view key, std::string_view message) noexcept {
    std::array<unsigned char, 64> k{};
    if (key.size() > k.size()) {
        const md5_digest hk = md5(key);
        for (std::size_t i = 0; i < hk.size(); ++i) k[i] = hk[i];
    } else {
        for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
    }
    char pad[64];
    for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<char>(k[i] ^ 0x36);
    md5_hasher inner;
    inner.update(std::string_view(pad, 64));
    inner.update(message);
    const md5_digest inner_digest = inner.finish();
    for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<char>(k[i] ^ 0x5c);
    md5_hasher outer;
    outer.update(std::string_view(pad, 64));
    outer.update(std::string_view(reinterpret_cast<const char*>(inner_digest.data()),
                                  inner_digest.size()));
    return outer.finish();
}

IMAPLIB_DECL std::string cram_md5_response(std::string_view user, std::string_view password,
                                           std::string_view challenge) {
    std::string out(user);
    out += ' ';
    out += to_hex(hmac_md5(password, challenge));
    return out;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_IMPL_MD5_IPP
