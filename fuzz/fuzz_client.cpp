// libFuzzer target: a whole client session (greeting, login, select, fetch, search,
// append, logout) through memory_transport, with the server's bytes fuzzed.
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//       fuzz/fuzz_client.cpp -o fuzz_client
//   ./fuzz_client fuzz/corpus/client
//
// Input: byte 0 picks the limits (bits 0-2), the read size (bits 3-4: whole, 1, 7 or
// 64 bytes per read) and what an empty queue does (bit 5: EOF or timeout). The rest is
// the server's side: segments separated by "|||"; the first is the greeting, then each
// line the client writes (a command, the end of a literal, an AUTHENTICATE answer) makes
// the server queue the next segment, with every "$" replaced by that line's tag.
//
// Invariants (any violation aborts):
//   - every call returns, with a result or an error code (memory_transport never
//     blocks; an exhausted script is EOF or a timeout);
//   - a failed call has an error code and a message (a BYE's may be empty, as in imaplib);
//   - after an abort-kind error the client refuses every later command with an error and
//     writes nothing more;
//   - no single allocation made by the client exceeds what the limits allow.
#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/views.hpp>
#include <imaplib/transport/memory.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

// ---- the largest single allocation while the client runs -------------------------
namespace {
bool measuring = false;
std::size_t largest_allocation = 0;
}  // namespace

// Every form replaced (sanitizers check that each pair matches), out of line so that
// compilers never see operator new paired with free().
[[gnu::noinline]] void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    if (measuring && n > largest_allocation) largest_allocation = n;
    return std::malloc(n == 0 ? 1 : n);
}
[[gnu::noinline]] void* operator new(std::size_t n) {
    if (void* p = operator new(n, std::nothrow)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) { return operator new(n); }
[[gnu::noinline]] void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    return operator new(n, std::nothrow);
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using client = imaplib::basic_imap4<imaplib::memory_transport>;

void require(bool ok) {
    if (!ok) std::abort();
}

imaplib::limits limits_for(unsigned profile) {
    imaplib::limits l;
    switch (profile) {
    case 1: l.max_line = 64; break;
    case 2: l.max_literal = 100; break;
    case 3: l.max_response = 512; break;
    case 4:
        l.max_line = 128; l.max_literal = 256; l.max_response = 1024; l.max_depth = 4;
        l.max_literals = 4; l.max_untagged = 4096;
        break;
    case 5: l.max_line = 0; break;
    case 6: l.max_literal = 0; l.max_depth = 0; break;
    case 7: l.max_response = 64; break;
    default: break;
    }
    return l;
}

// The server: hands out the next segment for each line the client writes.
struct fuzzed_server {
    std::vector<std::string_view> segments;
    std::size_t next = 0;

    std::string reply(std::string_view line) {
        if (next >= segments.size()) return {};
        const std::string_view tag = line.substr(0, line.find(' '));
        std::string out;
        for (char c : segments[next++]) {
            if (c == '$')
                out.append(tag.data(), tag.size());
            else
                out += c;
        }
        return out;
    }
};

// Pauses measuring while the fake server runs (it is not the client).
template <class F>
auto unmeasured(F&& f) {
    const bool was = measuring;
    measuring = false;
    auto r = f();
    measuring = was;
    return r;
}

struct session {
    client& M;
    imaplib::memory_script& script;
    imaplib::limits limits;
    bool dead = false;

    // One call: checks the invariants around it.
    template <class Call>
    void step(Call call) {
        const std::size_t written = script.output.size();
        std::error_code ec;
        imaplib::response r = call(ec);
        if (dead) {
            // A dead connection refuses everything, and never writes again.
            require(static_cast<bool>(ec));
            require(script.output.size() == written);
            return;
        }
        if (ec) {
            require(imaplib::kind_of(ec) != imaplib::error_kind::none);
            // imaplib's message is the server's text: a BYE may have none.
            require(!M.error_message().empty() || ec == imaplib::errc::bye);
            if (imaplib::kind_of(ec) == imaplib::error_kind::abort) dead = true;
            return;
        }
        // The typed views over every result: the grammar on fuzzed responses, with the
        // connection's limits.
        imaplib::grammar::parse_options opts;
        opts.limits = limits;
        std::error_code view_ec;
        (void)imaplib::views_of(r, view_ec, opts);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const unsigned mode = data[0];
    const imaplib::limits l = limits_for(mode & 7);
    static constexpr std::size_t chunks[] = {0, 1, 7, 64};
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

    fuzzed_server server;
    for (std::size_t at = 0;;) {
        const std::size_t sep = input.find("|||", at);
        server.segments.push_back(input.substr(at, sep == std::string_view::npos ? std::string_view::npos : sep - at));
        if (sep == std::string_view::npos) break;
        at = sep + 3;
    }

    imaplib::memory_transport transport;
    auto script = transport.script();
    script->chunk = chunks[(mode >> 3) & 3];
    script->on_empty = (mode & 0x20) ? imaplib::memory_script::when_empty::timeout
                                     : imaplib::memory_script::when_empty::eof;
    script->push(server.reply(""));  // the greeting
    script->on_line = [&](std::string_view line) { return unmeasured([&] { return server.reply(line); }); };

    largest_allocation = 0;
    measuring = true;
    {
        client M(std::move(transport), l);
        session s{M, *script, l};
        s.step([&](std::error_code& ec) {
            M.connect("imap.example.org", 143, std::chrono::milliseconds(1000), ec);
            return imaplib::response{};
        });
        s.step([&](std::error_code& ec) { return M.login("user", "pass", ec); });
        s.step([&](std::error_code& ec) { return M.select("INBOX", false, ec); });
        s.step([&](std::error_code& ec) { return M.fetch("1:*", "(UID FLAGS ENVELOPE BODY[])", ec); });
        s.step([&](std::error_code& ec) { return M.search(imaplib::None, {"ALL"}, ec); });
        s.step([&](std::error_code& ec) {
            return M.append("INBOX", std::string_view("(\\Seen)"), imaplib::None, "Subject: x\r\n\r\nbody\r\n", ec);
        });
        s.step([&](std::error_code& ec) { return M.noop(ec); });
        s.step([&](std::error_code& ec) { return M.logout(ec); });
    }
    measuring = false;

    // The read buffer holds one response (max_response) plus one read (64 KiB) and grows
    // by doubling; result tables grow with the number of items the input carried.
    const std::size_t read_chunk = 64 * 1024;
    const std::size_t bound = 2 * (std::min(l.max_response, input.size()) + read_chunk) + 64 * size;
    require(largest_allocation <= bound);
    return 0;
}
