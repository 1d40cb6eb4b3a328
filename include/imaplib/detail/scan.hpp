// imaplib-cpp: byte scanning shared by framing and the grammar. SSE2 (part of every x86-64
// CPU) takes 16 bytes a step, 8-byte SWAR words elsewhere, then a byte loop; long scans
// (find_first_long) take 32 bytes a step with AVX2 when the CPU has it, chosen at run time
// so the library is still compiled for baseline x86-64. Every path gives the same answer.
#ifndef IMAPLIB_DETAIL_SCAN_HPP
#define IMAPLIB_DETAIL_SCAN_HPP

#include <imaplib/config.hpp>

#include <atomic>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define IMAPLIB_SCAN_SSE2 1
// AVX2 code lives in functions compiled for it (target attribute) and runs only where
// __builtin_cpu_supports says so; IMAPLIB_NO_AVX2 leaves it out.
#if (defined(__x86_64__) || defined(__i386__)) && !defined(IMAPLIB_NO_AVX2)
#include <immintrin.h>
#define IMAPLIB_SCAN_AVX2 1
#define IMAPLIB_SCAN_TARGET_AVX2 __attribute__((target("avx2")))
#endif
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
#ifdef IMAPLIB_SCAN_AVX2
    // Bit i set when byte i of the 32 at p is in the set (no __m256i in the signature: its
    // ABI differs without -mavx).
    IMAPLIB_SCAN_TARGET_AVX2 IMAPLIB_ALWAYS_INLINE static unsigned mask32(const char* p) noexcept {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        __m256i hit = _mm256_setzero_si256();
        ((hit = _mm256_or_si256(hit, _mm256_cmpeq_epi8(v, _mm256_set1_epi8(C)))), ...);
        return static_cast<unsigned>(_mm256_movemask_epi8(hit));
    }
#endif
};

// The first byte of [p, e) in Set, or e, by 8-byte SWAR words (`Words`) and a byte loop:
// the fallback of every level, and the whole scan where there is no SSE2.
template <class Set, bool Words = true>
inline const char* find_first_scalar(const char* p, const char* e) noexcept {
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

// The same, 16 bytes a step first where there is SSE2.
template <class Set, bool Words = true>
inline const char* find_first_sse2(const char* p, const char* e) noexcept {
#ifdef IMAPLIB_SCAN_SSE2
    while (e - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const int mask = _mm_movemask_epi8(Set::match(v));
        if (mask != 0) return p + lowest_bit(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    return find_first_scalar<Set, Words>(p, e);
}

// The first byte of [p, e) in Set, or e. `Words`: 8 bytes a step after the 16-byte
// blocks; for scans that usually end within a few bytes the byte loop is cheaper.
// Inline, with no dispatch: most scans end within a few bytes.
template <class Set, bool Words = true>
inline const char* find_first(const char* p, const char* e) noexcept {
    return find_first_sse2<Set, Words>(p, e);
}

// How the long scans look at the bytes; avx2 only where the CPU has it.
enum class scan_level : unsigned char { scalar = 1, sse2 = 2, avx2 = 3 };

// The best level this build and CPU can run.
inline scan_level supported_scan_level() noexcept {
#ifdef IMAPLIB_SCAN_AVX2
    __builtin_cpu_init();  // may run before the constructors that would have called it
    if (__builtin_cpu_supports("avx2")) return scan_level::avx2;
#endif
#ifdef IMAPLIB_SCAN_SSE2
    return scan_level::sse2;
#else
    return scan_level::scalar;
#endif
}

// The level of the long scans, 0 until the first one asks. Relaxed: every thread that
// computes it computes the same value.
inline std::atomic<unsigned char> scan_level_now{0};

IMAPLIB_ALWAYS_INLINE scan_level active_scan_level() noexcept {
    unsigned char l = scan_level_now.load(std::memory_order_relaxed);
    if (l == 0) {
        l = static_cast<unsigned char>(supported_scan_level());
        scan_level_now.store(l, std::memory_order_relaxed);
    }
    return static_cast<scan_level>(l);
}

// For tests only: runs the long scans at `level`, or the best supported one below it, so the
// tests can hold every level the CPU has to the byte loop. Returns the level set.
inline scan_level force_scan_level(scan_level level) noexcept {
    const scan_level best = supported_scan_level();
    const scan_level l = level < best ? level : best;
    scan_level_now.store(static_cast<unsigned char>(l), std::memory_order_relaxed);
    return l;
}

#ifdef IMAPLIB_SCAN_AVX2
// The same, 32 bytes a step; only called where the CPU has AVX2.
template <class Set>
IMAPLIB_SCAN_TARGET_AVX2 inline const char* find_first_avx2(const char* p, const char* e) noexcept {
    while (e - p >= 32) {
        const unsigned mask = Set::mask32(p);
        if (mask != 0) return p + lowest_bit(mask);
        p += 32;
    }
    return find_first_sse2<Set>(p, e);
}
#endif

// find_first for scans that run long (framing's lines): the level the CPU has, chosen once;
// a load and a predicted branch a call. The short scans (quoted strings, tokens) stay
// inline SSE2: dispatched after their first block they cost more than AVX2 saved.
template <class Set>
inline const char* find_first_long(const char* p, const char* e) noexcept {
    switch (active_scan_level()) {
#ifdef IMAPLIB_SCAN_AVX2
    case scan_level::avx2:
        return find_first_avx2<Set>(p, e);
#endif
    case scan_level::scalar:
        return find_first_scalar<Set>(p, e);
    default:
        return find_first_sse2<Set>(p, e);
    }
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
#undef IMAPLIB_SCAN_AVX2
#undef IMAPLIB_SCAN_TARGET_AVX2

#endif  // IMAPLIB_DETAIL_SCAN_HPP
