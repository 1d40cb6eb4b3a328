// imaplib_bench: client-side cost of the workloads a mailbox sync is made of.
//
//   imaplib_bench --host H --port P --user U [--mailbox M] WORKLOAD      (password: IMAP_PASSWORD)
//
//   W1   header sync: UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE),
//        every response walked with the typed views as it arrives (nothing kept)
//   W2   bulk download: UID FETCH 1:* BODY.PEEK[], bodies streamed to a sink in chunks
//   W3   round trips: 2,000 NOOPs, then 2,000 UID FETCH n (FLAGS)
//   raw  the floor: W1's command, every byte read and thrown away until the tagged OK
//   raw-W2  the same floor for W2's command
//
// Prints one line: workload=W1 messages=N bytes=B addresses=A cpu_s=... wall_s=... peak_rss_kb=...
// growth_kb=... cpu_s is this process's user+system time from login to the end of the
// workload; peak_rss_kb is the process's high-water mark (VmHWM), growth_kb how far it
// rose above the resident size the workload started with. tools/bench.py runs it beside
// Python's imaplib.
#include <imaplib/imaplib.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

using imaplib::grammar::address_list_view;
using imaplib::grammar::body_view;
using imaplib::grammar::response_view;

struct options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 143;
    std::string user;
    std::string mailbox = "INBOX";
    std::string workload;
};

struct totals {
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;      // RFC822.SIZE (W1) or body bytes received (W2, raw)
    std::uint64_t addresses = 0;  // envelope addresses (W1), body parts seen
};

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return secs(u.ru_utime) + secs(u.ru_stime);
}

// A field of /proc/self/status in kB (VmHWM: peak RSS, VmRSS: current). Not getrusage's
// ru_maxrss: after fork+exec that keeps the parent's high-water mark.
long status_kb(const char* field) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kb = -1;
    const std::size_t n = std::strlen(field);
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, field, n) == 0 && line[n] == ':') kb = std::strtol(line + n + 1, nullptr, 10);
    std::fclose(f);
    return kb;
}

std::uint64_t count(const address_list_view& list) {
    std::uint64_t n = 0;
    for (const auto& address : list) {
        (void)address;
        ++n;
    }
    return n;
}

// Every part of a body structure, recursively (message/rfc822 included).
std::uint64_t walk(const body_view& body, int depth = 0) {
    if (!body.valid() || depth > 64) return 0;
    const auto fields = body.fields();
    std::uint64_t parts = 1;
    for (const body_view& child : fields.parts) parts += walk(child, depth + 1);
    if (fields.body.is_list()) parts += walk(body_view(fields.body), depth + 1);
    return parts;
}

void w1(imaplib::imap4& M, totals& t) {
    std::uint64_t parts = 0;
    M.set_untagged_handler(imaplib::typed_handler([&](const response_view& r) {
        if (r.data() != imaplib::grammar::data_kind::fetch) return false;
        const auto msg = r.as_fetch();
        ++t.messages;
        t.bytes += msg.rfc822_size().value_or(0);
        (void)msg.uid();
        (void)msg.flags();
        (void)msg.internaldate();
        if (const auto env = msg.envelope()) {
            t.addresses += count(env->from) + count(env->sender) + count(env->reply_to) + count(env->to) +
                           count(env->cc) + count(env->bcc);
        }
        if (const auto body = msg.bodystructure()) parts += walk(*body);
        return true;
    }));
    const auto r = M.uid("FETCH", "1:*", "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)");
    M.set_untagged_handler(nullptr);
    if (r.typ != "OK" || parts < t.messages) throw imaplib::error("W1: UID FETCH failed or did not parse");
}

void w2(imaplib::imap4& M, totals& t) {
    M.set_literal_sink([&](const imaplib::literal_chunk& c) {
        t.bytes += c.bytes.size();
        if (c.last()) ++t.messages;
    });
    const auto r = M.uid("FETCH", "1:*", "BODY.PEEK[]");
    M.set_literal_sink(nullptr);
    if (r.typ != "OK") throw imaplib::error("W2: UID FETCH failed");
}

void w3(imaplib::imap4& M, totals& t) {
    const auto uids = M.uid("SEARCH", "ALL");
    const auto all = imaplib::split(uids.data.at(0).bytes());
    if (all.empty()) throw imaplib::error("W3: the mailbox is empty");
    for (int i = 0; i < 2000; ++i) M.noop();
    for (int i = 0; i < 2000; ++i) {
        const auto r = M.uid("FETCH", all[static_cast<std::size_t>(i) % all.size()], "(FLAGS)");
        t.messages += r.data.size();
    }
}

// The floor: the same bytes as a workload on the wire, nothing parsed or kept.
void raw(imaplib::imap4& M, totals& t, std::string_view items) {
    const std::string tag = "RAW1";
    M.send(tag + " UID FETCH 1:* " + std::string(items) + "\r\n");
    const std::string done = "\r\n" + tag + " OK";
    static char chunk[64 * 1024];
    std::string carry;  // the end of the previous read, for a match across two reads
    for (;;) {
        std::error_code ec;
        const std::size_t n = M.transport().read_some(chunk, sizeof chunk, ec);
        if (ec) throw imaplib::abort(ec, "raw: " + ec.message());
        t.bytes += n;
        const std::string_view data(chunk, n);
        const std::string across = carry + std::string(data.substr(0, done.size()));
        if (data.find(done) != std::string_view::npos || across.find(done) != std::string::npos) break;
        carry = std::string(data.substr(n > done.size() ? n - done.size() : 0));
    }
    M.shutdown();  // the rest of the tagged line is still in flight: this session is done
}

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: imaplib_bench --host H --port P --user U [--mailbox M] W1|W2|W3|raw|raw-W2\n");
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const auto value = [&] {
            if (i + 1 >= argc) usage();
            return std::string(argv[++i]);
        };
        if (a == "--host") o.host = value();
        else if (a == "--port") o.port = static_cast<std::uint16_t>(std::stoul(value()));
        else if (a == "--user") o.user = value();
        else if (a == "--mailbox") o.mailbox = value();
        else if (a == "W1" || a == "W2" || a == "W3" || a == "raw" || a == "raw-W2") o.workload = std::string(a);
        else usage();
    }
    const char* password = std::getenv("IMAP_PASSWORD");
    if (o.workload.empty() || o.user.empty() || !password) usage();

    try {
        const double cpu0 = cpu_seconds();
        const auto wall0 = std::chrono::steady_clock::now();
        imaplib::imap4 M(o.host, o.port);
        M.login(o.user, password);
        M.select(o.mailbox, true);
        totals t;
        const long rss_before = status_kb("VmRSS");
        if (o.workload == "W1") w1(M, t);
        else if (o.workload == "W2") w2(M, t);
        else if (o.workload == "W3") w3(M, t);
        else if (o.workload == "raw") raw(M, t, "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)");
        else raw(M, t, "BODY.PEEK[]");
        const double cpu = cpu_seconds() - cpu0;
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
        if (M.state() != "LOGOUT" && o.workload.compare(0, 3, "raw") != 0) M.logout();
        const long peak = status_kb("VmHWM");
        std::printf("workload=%s messages=%llu bytes=%llu addresses=%llu cpu_s=%.3f wall_s=%.3f peak_rss_kb=%ld "
                    "growth_kb=%ld\n",
                    o.workload.c_str(), static_cast<unsigned long long>(t.messages),
                    static_cast<unsigned long long>(t.bytes), static_cast<unsigned long long>(t.addresses), cpu, wall,
                    peak, peak - rss_before);
        return 0;
    } catch (const imaplib::error& e) {
        std::fprintf(stderr, "imaplib_bench: %s\n", e.what());
        return 1;
    }
}
