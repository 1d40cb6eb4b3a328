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
//   W4 --count N   the async client (docs/async.md): N single-message UID FETCH <uid>
//        (FLAGS ENVELOPE), first one after another, then all issued at once (pipelined).
//        Prints: workload=W4 count=N sequential_s=... pipelined_s=...
//   W5 --connections N   N async connections log in, SELECT and IDLE on one thread, then
//        one more connection APPENDs a message; how long until every one saw EXISTS, and
//        the memory they take. Prints: workload=W5 connections=N notified=K
//        all_notified_s=... rss_kb=... rss_per_conn_kb=...
//
// Prints one line: workload=W1 messages=N bytes=B addresses=A cpu_s=... wall_s=... peak_rss_kb=...
// growth_kb=... cpu_s is this process's user+system time from login to the end of the
// workload; peak_rss_kb is the process's high-water mark (VmHWM), growth_kb how far it
// rose above the resident size the workload started with. tools/bench.py runs it beside
// Python's imaplib.
#include <imaplib/imaplib.hpp>

#include <asio/io_context.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

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
    int count = 1000;         // W4
    int connections = 1000;   // W5
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

// ---- the async client: W4 and W5 --------------------------------------------------------

template <class Pred>
void run_until(asio::io_context& io, Pred done, std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    io.restart();
    while (!done() && std::chrono::steady_clock::now() < end) io.run_one_for(std::chrono::milliseconds(20));
}

void async_ready(asio::io_context& io, imaplib::async_imap4& m, const options& o, const char* password, bool select) {
    std::error_code failed;
    int steps = 0;
    m.async_connect(o.host, o.port, [&](std::error_code ec) {
        if (ec) {
            failed = ec;
            steps = 3;
            return;
        }
        ++steps;
        const auto step = [&](std::error_code e, imaplib::response) {
            if (e) failed = e;
            ++steps;
        };
        m.async_login(o.user, password, step);
        if (select) m.async_select(o.mailbox, false, step);
        else ++steps;
    });
    run_until(io, [&] { return steps == 3; }, std::chrono::seconds(60));
    if (failed || steps != 3) throw imaplib::abort(failed, "async login: " + (failed ? failed.message() : "timed out"));
}

void w4(const options& o, const char* password) {
    asio::io_context io;
    imaplib::async_imap4 m(io.get_executor());
    async_ready(io, m, o, password, false);
    bool done = false;
    std::vector<std::string> uids;
    m.async_select(o.mailbox, true, [](std::error_code, imaplib::response) {});
    m.async_uid("SEARCH", {"ALL"}, [&](std::error_code ec, imaplib::response r) {
        done = true;
        if (!ec && !r.data.empty() && r.data[0])
            for (std::string_view u : imaplib::split(r.data[0].bytes())) uids.emplace_back(u);
    });
    run_until(io, [&] { return done; }, std::chrono::seconds(60));
    if (uids.empty()) throw imaplib::error("W4: the mailbox is empty");
    const auto uid = [&](int i) { return std::string_view(uids[static_cast<std::size_t>(i) % uids.size()]); };
    int completed = 0, failures = 0;
    const auto count = [&](std::error_code ec, imaplib::response r) {
        ++completed;
        if (ec || r.typ != "OK" || r.data.empty() || !r.data[0]) ++failures;
    };
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < o.count; ++i) {  // one after another
        const int before = completed;
        m.async_uid("FETCH", {uid(i), "(FLAGS ENVELOPE)"}, count);
        run_until(io, [&] { return completed > before; }, std::chrono::seconds(60));
    }
    const double sequential = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    completed = 0;
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < o.count; ++i) m.async_uid("FETCH", {uid(i), "(FLAGS ENVELOPE)"}, count);  // pipelined
    run_until(io, [&] { return completed == o.count; }, std::chrono::seconds(600));
    const double pipelined = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (failures || completed != o.count) throw imaplib::error("W4: " + std::to_string(failures) + " fetches failed");
    bool out = false;
    m.async_logout([&](std::error_code, imaplib::response) { out = true; });
    run_until(io, [&] { return out; }, std::chrono::seconds(10));
    std::printf("workload=W4 count=%d sequential_s=%.3f pipelined_s=%.3f\n", o.count, sequential, pipelined);
}

void raise_fd_limit() {
    rlimit l{};
    if (getrlimit(RLIMIT_NOFILE, &l) == 0 && l.rlim_cur < l.rlim_max) {
        l.rlim_cur = l.rlim_max;
        setrlimit(RLIMIT_NOFILE, &l);
    }
}

// An idling connection's handler: notes when its EXISTS came. Anything before it - Dovecot
// sends "* OK Still here" to all of a user's IDLEs at the same moment every 2 minutes
// (imap_idle_notify_interval) - is passed over by waiting again, as docs/async.md loops.
struct await_exists {
    imaplib::async_imap4* client;
    std::vector<std::chrono::steady_clock::time_point>* notified_at;
    int* waited_again;

    void operator()(std::error_code ec, std::vector<imaplib::response> events) const {
        if (ec) return;
        for (const auto& r : events)
            if (r.typ == "EXISTS") return notified_at->push_back(std::chrono::steady_clock::now());
        ++*waited_again;
        client->async_idle(*this);
    }
};

void w5(const options& o, const char* password) {
    raise_fd_limit();
    asio::io_context io;
    const long rss_before = status_kb("VmRSS");
    const int n = o.connections;
    std::vector<std::unique_ptr<imaplib::async_imap4>> clients;
    clients.reserve(static_cast<std::size_t>(n));
    int idling = 0, failed = 0, waited_again = 0;
    std::vector<std::chrono::steady_clock::time_point> notified_at;  // in arrival order
    notified_at.reserve(static_cast<std::size_t>(n));
    // At most 100 logging in at once: a login storm is not what is measured.
    int started = 0, in_progress = 0;
    std::function<void()> start_more = [&] {
        while (started < n && in_progress < 100) {
            ++started;
            ++in_progress;
            clients.push_back(std::make_unique<imaplib::async_imap4>(io.get_executor()));
            imaplib::async_imap4& c = *clients.back();
            // A connect the server never accepts (its listen queue overflowed) must fail,
            // not wait forever: it is counted as failed. IDLE itself has no timeout.
            c.set_timeout(std::chrono::seconds(30));
            c.async_connect(o.host, o.port, [&](std::error_code ec) {
                if (ec) {
                    ++failed;
                    --in_progress;
                    return start_more();
                }
                c.async_login(o.user, password, [](std::error_code, imaplib::response) {});
                c.async_select(o.mailbox, true, [&](std::error_code e, imaplib::response) {
                    if (e) {
                        ++failed;
                        --in_progress;
                        return start_more();
                    }
                    c.async_idle(await_exists{&c, &notified_at, &waited_again});
                });
            });
        }
    };
    start_more();
    // Idling once the server accepted IDLE. Counted every 20 ms, not after each handler:
    // a count per handler is quadratic in the connections.
    auto counted = std::chrono::steady_clock::now();
    run_until(io, [&] {
        const auto now = std::chrono::steady_clock::now();
        if (now - counted < std::chrono::milliseconds(20)) return false;
        counted = now;
        idling = 0;
        for (const auto& c : clients) idling += c->protocol().idling() ? 1 : 0;
        if (in_progress > 0) {
            in_progress = started - idling - failed;
            start_more();
        }
        return idling + failed == n;
    }, std::chrono::seconds(600));
    if (idling + failed != n)
        std::fprintf(stderr, "imaplib_bench: W5: only %d of %d connections idling after 600 s\n", idling, n);
    const long rss_idle = status_kb("VmRSS");
    imaplib::async_imap4 writer(io.get_executor());
    async_ready(io, writer, o, password, false);
    const auto t0 = std::chrono::steady_clock::now();
    // A refused APPEND (Dovecot's NO [OVERQUOTA] over a big corpus) notifies nobody: say so
    // and stop waiting, rather than print notified=0 after 60 s as if IDLE had failed.
    std::string refused;
    writer.async_append(o.mailbox, {}, {}, "Subject: W5\r\n\r\nwake up\r\n",
                        [&](std::error_code ec, imaplib::response r) {
                            if (ec) refused = ec.message();
                            else if (!r.ok()) refused = imaplib::python_repr(r);
                        });
    run_until(io, [&] { return static_cast<int>(notified_at.size()) == idling || !refused.empty(); },
              std::chrono::seconds(60));
    const int notified = static_cast<int>(notified_at.size());
    const double all =
        std::chrono::duration<double>((notified ? notified_at.back() : std::chrono::steady_clock::now()) - t0).count();
    if (failed) std::fprintf(stderr, "imaplib_bench: W5: %d connections failed to log in and idle\n", failed);
    // The line, exactly; how many were idling goes to stderr beside it.
    std::fprintf(stderr, "imaplib_bench: W5: %d of %d connections idling\n", idling, n);
    if (waited_again)
        std::fprintf(stderr, "imaplib_bench: W5: %d times a response other than EXISTS came first\n", waited_again);
    if (notified) {
        const auto after = [&](double q) {
            const auto k = static_cast<std::size_t>(q * static_cast<double>(notified_at.size() - 1));
            return std::chrono::duration<double>(notified_at[k] - t0).count();
        };
        std::fprintf(stderr, "imaplib_bench: W5: notified after first %.3f s, median %.3f s, 90%% %.3f s, last %.3f s\n",
                     after(0), after(0.5), after(0.9), after(1));
    }
    std::printf("workload=W5 connections=%d notified=%d all_notified_s=%.3f rss_kb=%ld rss_per_conn_kb=%.2f\n", n,
                notified, all, rss_idle, n ? static_cast<double>(rss_idle - rss_before) / n : 0.0);
    for (auto& c : clients) c->shutdown();
    writer.shutdown();
    io.restart();
    io.run_for(std::chrono::milliseconds(200));
    if (!refused.empty()) throw imaplib::error("W5: APPEND to " + o.mailbox + " failed: " + refused);
}

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: imaplib_bench --host H --port P --user U [--mailbox M] W1|W2|W3|raw|raw-W2|W4 [--count N]|W5 "
                 "[--connections N]\n");
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
        else if (a == "--count") o.count = std::stoi(value());
        else if (a == "--connections") o.connections = std::stoi(value());
        else if (a == "W1" || a == "W2" || a == "W3" || a == "W4" || a == "W5" || a == "raw" || a == "raw-W2")
            o.workload = std::string(a);
        else usage();
    }
    const char* password = std::getenv("IMAP_PASSWORD");
    if (o.workload.empty() || o.user.empty() || !password) usage();

    try {
        if (o.workload == "W4") return w4(o, password), 0;
        if (o.workload == "W5") return w5(o, password), 0;
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
