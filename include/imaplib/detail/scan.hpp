// imaplib-cpp: byte scanning shared by framing and the grammar. SSE2 (part of every x86-64
// CPU) takes 16 bytes a step, 8-byte SWAR words elsewhere, then a byte loop; every path
// gives the same answer.
#ifndef IMAPLIB_DETAIL_SCAN_HPP
#define IMAPLIB_DETAIL_SCAN_HPP

#include <imaplib/config.hpp>

#include <cstdint>
#include <cstring>

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define IMAPLIB_SCAN_SSE2 1
#endif

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// Whether block_mask looks at 16 bytes at once (SSE2); without it, it finds nothing.
inline constexpr bool have_simd =
#ifdef IMAPLIB_SCAN_SSE2
    true;
#else
    false;
#endif

inline constexpr std::uint64_t swar_ones = 0x0101010101010101ULL;

// Nonzero iff some byte of v is zero (exact as a yes/no answer).
constexpr std::uint64_t swar_zero_byte(std::uint64_t v) noexcept {
    return (v - swar_ones) & ~v & (swar_ones * 0x80);
}

// Index of the lowest set bit of x (x != 0).
IMAPLIB_ALWAYS_INLINE unsigned lowest_bit(unsigned x) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<unsigned>(__builtin_ctz(x));
#else
    unsigned i = 0;
    while (((x >> i) & 1u) == 0) ++i;
    return i;
#endif
}

// A set of bytes spelled once, for a byte, a 64-bit word and 16 bytes.
template <char... C>
struct byte_list {
    static constexpr bool has(char c) noexcept { return ((c == C) || ...); }
    // Nonzero iff some byte of v is in the set.
    static constexpr std::uint64_t in_word(std::uint64_t v) noexcept {
        return (swar_zero_byte(v ^ (swar_ones * static_cast<unsigned char>(C))) | ...);
    }
#ifdef IMAPLIB_SCAN_SSE2
    IMAPLIB_ALWAYS_INLINE static __m128i match(__m128i v) noexcept {
        __m128i hit = _mm_setzero_si128();
        ((hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(C)))), ...);
        return hit;
    }
#endif
};

// The first byte of [p, e) in Set, or e. `Words`: 8 bytes a step after the 16-byte
// blocks; for scans that usually end within a few bytes the byte loop is cheaper.
template <class Set, bool Words = true>
inline const char* find_first(const char* p, const char* e) noexcept {
#ifdef IMAPLIB_SCAN_SSE2
    while (e - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const int mask = _mm_movemask_epi8(Set::match(v));
        if (mask != 0) return p + lowest_bit(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (Words && e - p >= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, sizeof v);
        if (Set::in_word(v)) break;
        p += 8;
    }
    for (; p != e; ++p)
        if (Set::has(*p)) return p;
    return e;
}

// Bit i set when byte i of the 16 at p is in Set; 0 without SIMD (have_simd). The
// caller makes sure the 16 bytes exist.
template <class Set>
IMAPLIB_ALWAYS_INLINE unsigned block_mask(const char* p) noexcept {
#ifdef IMAPLIB_SCAN_SSE2
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return static_cast<unsigned>(_mm_movemask_epi8(Set::match(v)));
#else
    (void)p;
    return 0;
#endif
}

// Bit i set when byte i of the 16 at p is a digit; 0 without SIMD.
IMAPLIB_ALWAYS_INLINE unsigned block_digits(const char* p) noexcept {
#ifdef IMAPLIB_SCAN_SSE2
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // '0'..'9' shifted by -128 are the signed bytes -128..-119.
    const __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>('0' + 128))),
                                         _mm_set1_epi8(static_cast<char>(10 - 128)));
    return static_cast<unsigned>(_mm_movemask_epi8(digit));
#else
    (void)p;
    return 0;
#endif
}

// Bit i set when an odd number of bits 0..i of x are: with x the quotes of a block, the
// bytes inside a quoted string (the opening quote included, the closing one not).
constexpr unsigned prefix_xor16(unsigned x) noexcept {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    return x & 0xffffu;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#undef IMAPLIB_SCAN_SSE2

#endif  // IMAPLIB_DETAIL_SCAN_HPP
