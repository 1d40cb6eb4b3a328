// The global operator new and delete of the hostile-server tests, counting what the
// test thread allocates while it measures (tests/support/allocation_counter.hpp).
#include "support/allocation_counter.hpp"

#include <cstdlib>
#include <new>

namespace {

// In front of every block: its size and whether it was counted. 16 bytes keep the
// block as aligned as malloc's.
struct alignas(16) block_header {
    std::size_t size;
    bool counted;
};
static_assert(sizeof(block_header) == 16, "block_header keeps malloc's alignment");

using imaplib::test::counted_in_use;
using imaplib::test::counted_peak;

void* allocate(std::size_t n) noexcept {
    void* raw = std::malloc(sizeof(block_header) + n);
    if (!raw) return nullptr;
    auto* h = static_cast<block_header*>(raw);
    h->size = n;
    h->counted = imaplib::test::measuring;
    if (h->counted) {
        if (n > imaplib::test::largest_allocation) imaplib::test::largest_allocation = n;
        const std::size_t now = counted_in_use.fetch_add(n) + n;
        std::size_t peak = counted_peak.load();
        while (now > peak && !counted_peak.compare_exchange_weak(peak, now)) {}
    }
    return h + 1;
}

void release(void* p) noexcept {
    if (!p) return;
    auto* h = static_cast<block_header*>(p) - 1;
    if (h->counted) counted_in_use.fetch_sub(h->size);
    std::free(h);
}

}  // namespace

// Every form replaced (sanitizers check that each pair matches), out of line so that
// compilers never see operator new paired with free().
[[gnu::noinline]] void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
[[gnu::noinline]] void* operator new(std::size_t n) {
    if (void* p = allocate(n)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) { return operator new(n); }
[[gnu::noinline]] void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
[[gnu::noinline]] void operator delete(void* p) noexcept { release(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { release(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { release(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { release(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
