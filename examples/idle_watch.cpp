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
#include <imaplib/imaplib.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct options {
    std::string host = "localhost";
    std::optional<std::uint16_t> port;
    bool ssl = false;
    bool starttls = false;
    std::string cafile;
    std::string stream;
    std::string user;
    std::string mailbox = "INBOX";
    std::optional<milliseconds> timeout;
    int debug = 0;
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
    if (const char* user = std::getenv("USER")) o.user = user;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage("missing value after an option");
            return argv[++i];
        };
        try {
            if (a == "--port") o.port = static_cast<std::uint16_t>(std::stoul(value()));
            else if (a == "--ssl") o.ssl = true;
            else if (a == "--starttls") o.starttls = true;
            else if (a == "--cafile") o.cafile = value();
            else if (a == "--stream") o.stream = value();
            else if (a == "--user") o.user = value();
            else if (a == "--mailbox") o.mailbox = value();
            else if (a == "--timeout") o.timeout = seconds_arg(value());
            else if (a == "--debug") o.debug = std::stoi(value());
            else if (a == "--for") o.run_for = seconds_arg(value());
            else if (a == "--keepalive") o.keepalive = seconds_arg(value());
            else if (a == "--restart") o.restart = seconds_arg(value());
            else if (!a.empty() && a[0] == '-') usage("unknown option");
            else o.host = std::string(a);
        } catch (const std::logic_error&) {
            usage("bad number");
        }
    }
    if (o.ssl && o.starttls) usage("--ssl and --starttls exclude each other");
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

template <class Client>
void watch(Client& M, const options& o) {
    if (M.state() != "AUTH") {  // not PREAUTH
        const char* password = std::getenv("IMAP_PASSWORD");
        if (!password) throw std::runtime_error("IMAP_PASSWORD is not set");
        M.login(o.user, password);
    }
    unsigned long count = number(M.select(o.mailbox).data[0]);
    M.response("EXISTS");  // select() leaves it stored, as imaplib does
    const auto stop_at = o.run_for ? std::optional<clock_type::time_point>(clock_type::now() + *o.run_for)
                                   : std::nullopt;
    // Restarts and keepalives happen inside the idler, every response kept.
    M.set_idle_restart(o.restart);
    if (o.keepalive) M.set_idle_keepalive(*o.keepalive, o.timeout.value_or(std::chrono::seconds(10)));
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

#ifdef IMAPLIB_USE_WOLFSSL
std::shared_ptr<imaplib::tls_context> make_context(const options& o) {
    auto context = std::make_shared<imaplib::tls_context>();
    if (!o.cafile.empty()) {
        std::error_code ec;
        context->load_verify_file(o.cafile, ec);
        if (ec) throw imaplib::error(ec, "cannot load " + o.cafile + ": " + ec.message());
    }
    return context;
}
#endif

void run(const options& o) {
    imaplib::Debug = o.debug;
    if (!o.stream.empty()) {
#ifdef IMAPLIB_HAS_PIPE
        imaplib::imap4_stream M(o.stream);
        watch(M, o);
        return;
#else
        throw std::runtime_error("--stream needs a POSIX build");
#endif
    }
#ifdef IMAPLIB_USE_WOLFSSL
    if (o.ssl) {
        imaplib::imap4_ssl M(o.host, o.port.value_or(imaplib::IMAP4_SSL_PORT), make_context(o), o.timeout);
        watch(M, o);
        return;
    }
#else
    if (o.ssl || o.starttls) throw std::runtime_error("this build has no TLS (IMAPLIB_USE_WOLFSSL)");
#endif
#ifdef IMAPLIB_USE_ASIO
    imaplib::imap4 M(o.host, o.port.value_or(imaplib::IMAP4_PORT), o.timeout);
#ifdef IMAPLIB_USE_WOLFSSL
    if (o.starttls) M.starttls(*make_context(o));
#endif
    watch(M, o);
#else
    throw std::runtime_error("this build has no TCP transport (standalone Asio)");
#endif
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
