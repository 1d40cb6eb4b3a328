// imaplib-cpp: SHA-1 (RFC 3174), SHA-256 (FIPS 180-4), HMAC (RFC 2104) over them and
// over MD5, and PBKDF2 (RFC 8018 section 5.2), as SCRAM (RFC 5802) and CRAM-MD5 need.
//
// Two backends with the same static members: `builtin_crypto` (below, standard library
// only, so a core-only build can do SCRAM) and, with IMAPLIB_USE_WOLFSSL,
// `wolfssl_crypto` (wolfCrypt's wc_Sha*, wc_Hmac*, wc_PBKDF2). `default_crypto` is the
// second when it exists. Both are types, not one name with two bodies, so a program can
// hold both, the tests check each against the same published vectors, and no inline
// function here changes its body with the configuration.
#ifndef IMAPLIB_UTIL_SHA_HPP
#define IMAPLIB_UTIL_SHA_HPP

#include <imaplib/config.hpp>
#include <imaplib/util/md5.hpp>

#ifdef IMAPLIB_USE_WOLFSSL
#include <wolfssl/options.h>  // first, as wolfSSL requires
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/md5.h>
#include <wolfssl/wolfcrypt/pwdbased.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha.h>
#include <wolfssl/wolfcrypt/sha256.h>
#endif

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

IMAPLIB_BEGIN_NAMESPACE

using sha1_digest = std::array<unsigned char, 20>;
using sha256_digest = std::array<unsigned char, 32>;

namespace detail {

inline std::uint32_t rotl32(std::uint32_t x, unsigned n) noexcept {
    return (x << n) | (x >> (32 - n));
}
inline std::uint32_t rotr32(std::uint32_t x, unsigned n) noexcept {
    return (x >> n) | (x << (32 - n));
}
inline std::uint32_t load_be32(const unsigned char* p) noexcept {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
           (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

// The Merkle-Damgard padding both SHA-1 and SHA-256 use (FIPS 180-4 section 5.1.1):
// 0x80, zeros to 56 mod 64, the bit length big endian. `Derived::transform` eats a block.
template <class Derived>
class sha_block_hasher {
public:
    void update(std::string_view data) noexcept {
        for (char c : data) {
            block_[fill_++] = static_cast<unsigned char>(c);
            if (fill_ == 64) {
                static_cast<Derived*>(this)->transform(block_.data());
                fill_ = 0;
            }
        }
        length_ += data.size();
    }

protected:
    void pad() noexcept {
        const std::uint64_t bits = length_ * 8;
        block_[fill_++] = 0x80;
        if (fill_ > 56) {
            while (fill_ < 64) block_[fill_++] = 0;
            static_cast<Derived*>(this)->transform(block_.data());
            fill_ = 0;
        }
        while (fill_ < 56) block_[fill_++] = 0;
        for (int i = 7; i >= 0; --i) block_[fill_++] = static_cast<unsigned char>(bits >> (8 * i));
        static_cast<Derived*>(this)->transform(block_.data());
    }

    template <std::size_t N, std::size_t Words>
    static std::array<unsigned char, N> store(const std::array<std::uint32_t, Words>& state) noexcept {
        std::array<unsigned char, N> out{};
        for (std::size_t i = 0; i < N; ++i)
            out[i] = static_cast<unsigned char>(state[i / 4] >> (24 - 8 * (i % 4)));
        return out;
    }

private:
    std::array<unsigned char, 64> block_{};
    std::size_t fill_ = 0;
    std::uint64_t length_ = 0;
};

}  // namespace detail

// Incremental SHA-1 (RFC 3174): update() any number of times, then finish() once.
class sha1_hasher : public detail::sha_block_hasher<sha1_hasher> {
public:
    sha1_digest finish() noexcept {
        pad();
        return store<20>(state_);
    }

private:
    friend class detail::sha_block_hasher<sha1_hasher>;

    void transform(const unsigned char* p) noexcept;

    std::array<std::uint32_t, 5> state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
};

// Incremental SHA-256 (FIPS 180-4 section 6.2).
class sha256_hasher : public detail::sha_block_hasher<sha256_hasher> {
public:
    sha256_digest finish() noexcept {
        pad();
        return store<32>(state_);
    }

private:
    friend class detail::sha_block_hasher<sha256_hasher>;

    void transform(const unsigned char* p) noexcept;

    std::array<std::uint32_t, 8> state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
};

// The hash functions by name, for templates (HMAC, PBKDF2, SCRAM).
struct md5_hash {
    using hasher = md5_hasher;
    using digest = md5_digest;
};
struct sha1_hash {
    using hasher = sha1_hasher;
    using digest = sha1_digest;
};
struct sha256_hash {
    using hasher = sha256_hasher;
    using digest = sha256_digest;
};

inline std::string_view as_bytes(const unsigned char* data, std::size_t size) noexcept {
    return {reinterpret_cast<const char*>(data), size};
}
template <std::size_t N>
std::string_view as_bytes(const std::array<unsigned char, N>& digest) noexcept {
    return as_bytes(digest.data(), N);
}

// The library's own implementations: standard library only.
struct builtin_crypto {
    // Unpredictable bytes (SCRAM's nonce): std::random_device, which glibc's and libc++'s
    // std::random_device read from getrandom(2) / the CPU's RDRAND. Where it is not
    // cryptographic (some MinGW builds) give SCRAM a random_source of your own.
    static void random(unsigned char* data, std::size_t size);

    template <class Hash>
    static typename Hash::digest hash(std::string_view data) noexcept {
        typename Hash::hasher h;
        h.update(data);
        return h.finish();
    }

    // RFC 2104 with the 64-byte block all three share; longer keys are hashed first.
    // Returns the inner and outer hashers primed with the key, so PBKDF2 pays for the
    // key once and not once per iteration.
    template <class Hash>
    static std::array<typename Hash::hasher, 2> hmac_keyed(std::string_view key) noexcept {
        std::array<unsigned char, 64> k{};
        if (key.size() > k.size()) {
            const auto hk = hash<Hash>(key);
            for (std::size_t i = 0; i < hk.size(); ++i) k[i] = hk[i];
        } else {
            for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
        }
        std::array<typename Hash::hasher, 2> keyed{};
        char pad[64];
        for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<char>(k[i] ^ 0x36);
        keyed[0].update(std::string_view(pad, 64));
        for (std::size_t i = 0; i < 64; ++i) pad[i] = static_cast<char>(k[i] ^ 0x5c);
        keyed[1].update(std::string_view(pad, 64));
        return keyed;
    }

    template <class Hash>
    static typename Hash::digest hmac(std::string_view key, std::string_view message) noexcept {
        return hmac_finish<Hash>(hmac_keyed<Hash>(key), message);
    }

    // PBKDF2 (RFC 8018 section 5.2) with HMAC-Hash as PRF: `size` bytes into `out`.
    // `iterations` is the caller's to bound (SCRAM checks it before calling).
    template <class Hash>
    static void pbkdf2(std::string_view password, std::string_view salt, std::uint32_t iterations,
                       unsigned char* out, std::size_t size) noexcept {
        const auto keyed = hmac_keyed<Hash>(password);
        for (std::uint32_t block = 1; size > 0; ++block) {
            std::string first(salt);
            for (int i = 3; i >= 0; --i) first += static_cast<char>(block >> (8 * i));
            auto u = hmac_finish<Hash>(keyed, first);
            auto t = u;
            for (std::uint32_t i = 1; i < iterations; ++i) {
                u = hmac_finish<Hash>(keyed, as_bytes(u));
                for (std::size_t j = 0; j < t.size(); ++j) t[j] ^= u[j];
            }
            const std::size_t n = size < t.size() ? size : t.size();
            for (std::size_t j = 0; j < n; ++j) *out++ = t[j];
            size -= n;
        }
    }

private:
    template <class Hash>
    static typename Hash::digest hmac_finish(std::array<typename Hash::hasher, 2> keyed,
                                             std::string_view message) noexcept {
        keyed[0].update(message);
        const auto inner = keyed[0].finish();
        keyed[1].update(as_bytes(inner));
        return keyed[1].finish();
    }
};

#ifdef IMAPLIB_USE_WOLFSSL

// wolfCrypt's implementations (hardware acceleration, FIPS builds). A wolfCrypt call
// that fails (a FIPS build refusing a short HMAC key, say) falls back to the builtin
// result, so both backends always agree on the bytes.
struct wolfssl_crypto {
    // wolfCrypt's DRBG; the builtin source if it cannot be seeded.
    static void random(unsigned char* data, std::size_t size);

    template <class Hash>
    static typename Hash::digest hash(std::string_view data) noexcept {
        typename Hash::digest out{};
        const auto* in = reinterpret_cast<const byte*>(data.data());
        const auto size = static_cast<word32>(data.size());
        int rc = -1;
        if constexpr (std::is_same_v<Hash, sha1_hash>) rc = wc_ShaHash(in, size, out.data());
        else if constexpr (std::is_same_v<Hash, sha256_hash>) rc = wc_Sha256Hash(in, size, out.data());
        else rc = wc_Md5Hash(in, size, out.data());
        return rc == 0 ? out : builtin_crypto::hash<Hash>(data);
    }

    template <class Hash>
    static typename Hash::digest hmac(std::string_view key, std::string_view message) noexcept {
        Hmac h;
        typename Hash::digest out{};
        const bool ok =
            wc_HmacInit(&h, nullptr, INVALID_DEVID) == 0 &&
            wc_HmacSetKey(&h, type<Hash>(), reinterpret_cast<const byte*>(key.data()),
                          static_cast<word32>(key.size())) == 0 &&
            wc_HmacUpdate(&h, reinterpret_cast<const byte*>(message.data()),
                          static_cast<word32>(message.size())) == 0 &&
            wc_HmacFinal(&h, out.data()) == 0;
        wc_HmacFree(&h);
        return ok ? out : builtin_crypto::hmac<Hash>(key, message);
    }

    template <class Hash>
    static void pbkdf2(std::string_view password, std::string_view salt, std::uint32_t iterations,
                       unsigned char* out, std::size_t size) noexcept {
        const bool ok =
            iterations <= 0x7fffffffu && size <= 0x7fffffffu && password.size() <= 0x7fffffffu &&
            salt.size() <= 0x7fffffffu &&
            wc_PBKDF2(out, reinterpret_cast<const byte*>(password.data()),
                      static_cast<int>(password.size()), reinterpret_cast<const byte*>(salt.data()),
                      static_cast<int>(salt.size()), static_cast<int>(iterations),
                      static_cast<int>(size), type<Hash>()) == 0;
        if (!ok) builtin_crypto::pbkdf2<Hash>(password, salt, iterations, out, size);
    }

private:
    template <class Hash>
    static constexpr int type() noexcept {
        if constexpr (std::is_same_v<Hash, sha1_hash>) return WC_SHA;
        else if constexpr (std::is_same_v<Hash, sha256_hash>) return WC_SHA256;
        else return WC_MD5;
    }
};

using default_crypto = wolfssl_crypto;
#else
using default_crypto = builtin_crypto;
#endif

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/sha.ipp>
#endif

#endif  // IMAPLIB_UTIL_SHA_HPP
