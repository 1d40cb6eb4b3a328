// Test support: what the test thread allocates through operator new while it measures.
//
// tests/support/allocation_counter.cpp replaces the global operator new and delete (one
// program may hold it once: the hostile-server tests). Each block carries a small header
// saying whether it was counted, so a block freed on another thread, or allocated before
// the measurement, never skews the figures.
#ifndef IMAPLIB_TESTS_SUPPORT_ALLOCATION_COUNTER_HPP
#define IMAPLIB_TESTS_SUPPORT_ALLOCATION_COUNTER_HPP

#include <imaplib/config.hpp>

#include <atomic>
#include <cstddef>

IMAPLIB_BEGIN_NAMESPACE
namespace test {

// True while the thread's allocations are counted (allocation_probe sets it).
inline thread_local bool measuring = false;
// The largest single allocation counted on this thread.
inline thread_local std::size_t largest_allocation = 0;
// Bytes of counted blocks still allocated, and the most there were at once.
inline std::atomic<std::size_t> counted_in_use{0};
inline std::atomic<std::size_t> counted_peak{0};

// Measures what the calling thread allocates in its scope: the largest single allocation
// and the peak of the bytes allocated in the scope and not yet freed.
class allocation_probe {
public:
    allocation_probe() : baseline_(counted_in_use.load()) {
        counted_peak = baseline_;
        largest_allocation = 0;
        measuring = true;
    }
    ~allocation_probe() { measuring = false; }
    allocation_probe(const allocation_probe&) = delete;
    allocation_probe& operator=(const allocation_probe&) = delete;

    std::size_t largest() const { return largest_allocation; }
    std::size_t peak() const { return counted_peak.load() - baseline_; }

private:
    std::size_t baseline_;
};

}  // namespace test
IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TESTS_SUPPORT_ALLOCATION_COUNTER_HPP
