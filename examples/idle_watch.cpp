// idle_watch: watches a mailbox with IDLE (RFC 2177) and prints what arrives.
//
//   auto idler = M.idle(duration);               with M.idle(duration) as idler:
//   while (auto r = idler.next()) ...            for typ, data in idler: ...
//
// Usage: idle_watch [--port N] [--ssl | --starttls] [--cafile FILE] [--stream COMMAND]
//                   [--user NAME] [--mailbox NAME] [--timeout SECONDS] [--debug N]
//                   [--for SECONDS] [--keepalive SECONDS] [--restart SECONDS] [HOST]
// The password comes from the environment variable IMAP_PASSWORD. Prints, each line
// flushed at once: "idling" when the first IDLE is accepted; "new uid=<UID>
// subject=<Subject, RFC 2047 decoded to UTF-8>" for each message that arrives (fetched
// outside IDLE, then it idles again); "expunge seq=<n>" for each EXPUNGE. --for: stop
// after that long and exit 0. --restart: leave and re-enter IDLE after that long (default
// 29 minutes, RFC 2177 section 3). --keepalive: after that long without a response, leave
// IDLE and NOOP, answered within --timeout (default 10 s) or the connection is taken for
// dead. Errors go to standard
// error as "error: <text>" (control characters escaped: the text comes from the server)
// and the exit status is 1.
#include "connection.hpp"

#include <imaplib/imaplib.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

using clock_type = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct options {
    example::connection_options connection;  // --port ... --debug, HOST (connection.hpp)
    std::string mailbox = "INBOX";
    std::optional<milliseconds> run_for;
    std::optional<milliseconds> keepalive;
    milliseconds restart = std::chrono::minutes(29);
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "idle_watch: %s\nusage: idle_watch [--port N] [--ssl | --starttls] [--cafile FILE] "
                 "[--stream COMMAND] [--user NAME] [--mailbox NAME] [--timeout SECONDS] [--debug N] "
                 "[--for SECONDS] [--keepalive SECONDS] [--restart SECONDS] [HOST]\n",
                 why);
    std::exit(2);
}

milliseconds seconds_arg(const std::string& text) {
    const double s = std::stod(text);
    if (!(s > 0)) throw std::invalid_argument("not positive");
    return milliseconds(static_cast<long long>(s * 1000));
}

options parse(int argc, char** argv) {
    options o;
    if (const char* user = std::getenv("USER")) o.connection.user = user;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage("missing value after an option");
            return argv[++i];
        };
        // The connection flags idle_watch has always taken: no SASL, no client certificate;
        // and its own --timeout, which must be positive (below).
        if (a == "--auth" || a == "--certfile" || a == "--keyfile" || a == "--allow-cleartext")
            usage("unknown option");
        if (a != "--timeout" && example::take_connection_flag(argc, argv, i, o.connection, usage)) continue;
        try {
            if (a == "--timeout") o.connection.timeout = seconds_arg(value());
            else if (a == "--mailbox") o.mailbox = value();
            else if (a == "--for") o.run_for = seconds_arg(value());
            else if (a == "--keepalive") o.keepalive = seconds_arg(value());
            else if (a == "--restart") o.restart = seconds_arg(value());
            else if (!a.empty() && a[0] == '-') usage("unknown option");
            else o.connection.host = std::string(a);
        } catch (const std::logic_error&) {
            usage("bad number");
        }
    }
    if (o.connection.ssl && o.connection.starttls) usage("--ssl and --starttls exclude each other");
    return o;
}

void say(const std::string& line) { std::cout << line << std::endl; }  // flushed

// Prints the messages after the first `known` of `count` (fetched outside IDLE).
template <class Client>
void print_new(Client& M, unsigned long known, unsigned long count) {
    if (count <= known) return;
    const auto r = M.fetch(std::to_string(known + 1) + ":" + std::to_string(count), "(UID ENVELOPE)");
    std::error_code ec;
    const auto messages = imaplib::fetch_views(r, ec);
    if (ec) throw imaplib::error(ec, "cannot read the FETCH response");
    for (const auto& m : messages) {
        const auto env = m.envelope();
        const std::string subject = env ? imaplib::decode_rfc2047(env->subject.str()) : std::string();
        say("new uid=" + std::to_string(m.uid().value_or(0)) + " subject=" + imaplib::escape_control(subject));
    }
}

unsigned long number(const imaplib::data_item& item) { return std::stoul(std::string(item.bytes())); }

// After logging in (connection.hpp's with_client).
template <class Client>
void watch(Client& M, const options& o) {
    unsigned long count = number(M.select(o.mailbox).data[0]);
    M.response("EXISTS");  // select() leaves it stored, as imaplib does
    const auto stop_at = o.run_for ? std::optional<clock_type::time_point>(clock_type::now() + *o.run_for)
                                   : std::nullopt;
    // Restarts and keepalives happen inside the idler, every response kept.
    M.set_idle_restart(o.restart);
    if (o.keepalive) M.set_idle_keepalive(*o.keepalive, o.connection.timeout.value_or(std::chrono::seconds(10)));
    bool announced = false;
    for (;;) {
        std::optional<milliseconds> span;  // none: until something arrives
        if (stop_at) {
            const auto left = std::chrono::ceil<milliseconds>(*stop_at - clock_type::now());
            if (left.count() <= 0) return;
            span = left;
        }
        unsigned long exists = count;
        {
            auto idler = M.idle(span);
            if (!announced) say("idling");
            announced = true;
            // Until the span ends or a message arrives; EXPUNGEs are printed as they come.
            while (exists == count) {
                const auto burst = idler.burst(milliseconds(50));
                if (burst.empty()) break;
                for (const auto& r : burst) {
                    if (r.typ == "EXPUNGE") {
                        say("expunge seq=" + std::string(r.data[0].bytes()));
                        --count;
                        if (exists > 0) --exists;
                    } else if (r.typ == "EXISTS") {
                        exists = number(r.data[0]);
                    }
                }
            }
            idler.done();
        }
        // What came between the last burst and DONE.
        for (const auto& item : M.response("EXPUNGE").data) {
            if (item.is_none()) continue;
            say("expunge seq=" + std::string(item.bytes()));
            --count;
            if (exists > 0) --exists;
        }
        const auto more = M.response("EXISTS").data;
        if (!more.back().is_none()) exists = number(more.back());
        print_new(M, count, exists);
        count = exists;
    }
}

void run(const options& o) {
    example::with_client(o.connection, [&](auto& M) { watch(M, o); });
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    try {
        run(o);
        return 0;
    } catch (const std::exception& e) {  // messages carry server text: escape it
        std::cerr << "error: " << imaplib::escape_control(e.what()) << '\n';
    }
    return 1;
}
