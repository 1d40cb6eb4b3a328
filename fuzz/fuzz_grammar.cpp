// libFuzzer target: parses the input as one response frame (tolerant, strict, greeting),
// checks that the parse with failure records and the parse through a value index (with its
// FETCH fast path) accept the same, and reads every view the result offers, over the bytes
// and through the index, which must agree. Build:
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//       fuzz/fuzz_grammar.cpp -o fuzz_grammar
//   ./fuzz_grammar fuzz/corpus/grammar
#include <imaplib/grammar/grammar.hpp>

#include "../tests/support/view_dump.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace g = imaplib::grammar;

namespace {

volatile std::size_t sink;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    for (int mode = 0; mode < 3; ++mode) {
        g::parse_options o;
        if (mode == 1) o.strictness = g::mode::strict;
        if (mode == 2) o.greeting = true;
        o.limits.max_depth = 32;
        g::response_view r;
        std::error_code ec;
        g::parse_error err;
        const bool ok = g::parse_response(frame, r, ec, o, &err);
        // parse_response first runs without failure records (and fused string matches);
        // the recording parse must give the same answer.
        g::detail::state recording(frame, o);
        if ((o.greeting ? g::detail::run<g::greeting>(recording)
                        : g::detail::run<g::response>(recording)) != ok)
            __builtin_trap();
        // With an index, FETCH responses take the grammar over the index (tape_state): it
        // must accept exactly what the grammar accepts, with the same views.
        g::value_index index;
        g::response_view fast;
        std::error_code ec_fast;
        if (g::parse_response(frame, fast, index, ec_fast, o) != ok || ec_fast != ec) __builtin_trap();
        if (ok) {
            // Every view, read over the bytes and through a value index: the same values.
            const std::string bytes = imaplib_test::view_dump::of(r);
            if (imaplib_test::view_dump::of(fast) != bytes) __builtin_trap();
            sink += bytes.size();
        } else {
            // The error must point inside the input.
            if (err.offset > size) __builtin_trap();
            sink += err.excerpt.size() + err.expected.size() + err.message().size();
        }
    }
    return 0;
}
