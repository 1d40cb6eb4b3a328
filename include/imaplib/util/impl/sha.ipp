// imaplib-cpp: util/sha.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_SHA_IPP
#define IMAPLIB_UTIL_IMPL_SHA_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/sha.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

IMAPLIB_DECL void sha1_hasher::transform(const unsigned char* p) noexcept {
    std::uint32_t w[80];
    for (std::size_t i = 0; i < 16; ++i) w[i] = detail::load_be32(p + 4 * i);
    for (std::size_t i = 16; i < 80; ++i)
        w[i] = detail::rotl32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3], e = state_[4];
    for (std::size_t i = 0; i < 80; ++i) {
        std::uint32_t f = 0, k = 0;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
        else { f = b ^ c ^ d; k = 0xca62c1d6; }
        const std::uint32_t t = detail::rotl32(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = detail::rotl32(b, 30);
        b = a;
        a = t;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
    state_[4] += e;
}

IMAPLIB_DECL void sha256_hasher::transform(const unsigned char* p) noexcept {
    // FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the
    // cube roots of the first 64 primes.
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    std::uint32_t w[64];
    for (std::size_t i = 0; i < 16; ++i) w[i] = detail::load_be32(p + 4 * i);
    for (std::size_t i = 16; i < 64; ++i) {
        const std::uint32_t s0 = detail::rotr32(w[i - 15], 7) ^ detail::rotr32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        const std::uint32_t s1 = detail::rotr32(w[i - 2], 17) ^ detail::rotr32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    std::uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
    for (std::size_t i = 0; i < 64; ++i) {
        const std::uint32_t s1 = detail::rotr32(e, 6) ^ detail::rotr32(e, 11) ^ detail::rotr32(e, 25);
        const std::uint32_t ch = (e & f) ^ (~e & g);
        const std::uint32_t t1 = h + s1 + ch + k[i] + w[i];
        const std::uint32_t s0 = detail::rotr32(a, 2) ^ detail::rotr32(a, 13) ^ detail::rotr32(a, 22);
        const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        const std::uint32_t t2 = s0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
    state_[4] += e;
    state_[5] += f;
    state_[6] += g;
    state_[7] += h;
}

IMAPLIB_DECL void builtin_crypto::random(unsigned char* data, std::size_t size) {
    std::random_device device;
    for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<unsigned char>(device());
}

#if defined(IMAPLIB_USE_WOLFSSL)

IMAPLIB_DECL void wolfssl_crypto::random(unsigned char* data, std::size_t size) {
    WC_RNG rng;
    if (wc_InitRng(&rng) == 0) {
        const int rc = wc_RNG_GenerateBlock(&rng, data, static_cast<word32>(size));
        wc_FreeRng(&rng);
        if (rc == 0) return;
    }
    builtin_crypto::random(data, size);
}

#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_IMPL_SHA_IPP
