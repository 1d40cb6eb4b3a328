// async_watch: watches several mailboxes, of one account or several, on one thread, and
// prints each new message's subject as it arrives. The async client (docs/async.md) with
// C++20 coroutines: one coroutine per mailbox, each a connection in IDLE.
//
// Usage: async_watch [--host HOST] [--port N] [--user NAME] [--password PW]
//                    --mailbox NAME [--mailbox NAME ...] [--user OTHER --mailbox NAME ...]
// Each --mailbox is watched with the --host, --port, --user and --password given before
// it, so one command line can watch mailboxes of several accounts. The password comes
// from --password or, as fetch_all's, from the environment variable IMAP_PASSWORD.
// Output: "<user>/<mailbox>: <subject>" per new message; errors go to standard error
// with control characters escaped, since their text comes from the server.
#include <imaplib/imaplib.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

struct watch {
    std::string host = "localhost";
    std::uint16_t port = 143;
    std::string user, password, mailbox;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "async_watch: %s\nusage: async_watch [--host HOST] [--port N] [--user NAME] [--password PW] "
                 "--mailbox NAME [--mailbox NAME ...]\n",
                 why);
    std::exit(2);
}

std::vector<watch> parse(int argc, char** argv) {
    std::vector<watch> out;
    watch current;
    if (const char* user = std::getenv("USER")) current.user = user;
    if (const char* pw = std::getenv("IMAP_PASSWORD")) current.password = pw;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (i + 1 >= argc) usage("missing value after an option");
        const std::string v = argv[++i];
        if (a == "--host") current.host = v;
        else if (a == "--port") current.port = static_cast<std::uint16_t>(std::atoi(v.c_str()));
        else if (a == "--user") current.user = v;
        else if (a == "--password") current.password = v;
        else if (a == "--mailbox") {
            current.mailbox = v;
            out.push_back(current);
        } else usage("unknown option");
    }
    if (out.empty()) usage("no --mailbox to watch");
    return out;
}

// The highest UID in the mailbox now: what is above it is new.
asio::awaitable<std::uint32_t> highest_uid(imaplib::async_imap4& m) {
    const std::vector<std::string_view> all = {"ALL"};
    const imaplib::response r = co_await m.async_uid("SEARCH", all, asio::use_awaitable);
    std::uint32_t top = 0;
    if (!r.data.empty() && r.data.back())
        for (std::string_view uid : imaplib::split(r.data.back().bytes()))
            top = std::max<std::uint32_t>(top, static_cast<std::uint32_t>(std::strtoul(std::string(uid).c_str(), nullptr, 10)));
    co_return top;
}

asio::awaitable<void> watch_one(watch w) {
    const std::string who = w.user + "/" + w.mailbox;
    try {
        imaplib::async_imap4 m(co_await asio::this_coro::executor);
        co_await m.async_connect(w.host, w.port, asio::use_awaitable);
        co_await m.async_login(w.user, w.password, asio::use_awaitable);
        co_await m.async_select(w.mailbox, true, asio::use_awaitable);
        std::uint32_t seen = co_await highest_uid(m);
        std::printf("%s: watching, last UID %u\n", imaplib::escape_control(who).c_str(), seen);
        std::fflush(stdout);
        for (;;) {
            const std::vector<imaplib::response> events = co_await m.async_idle(asio::use_awaitable);
            bool grown = false;
            for (const imaplib::response& r : events) grown |= r.typ == "EXISTS";
            if (!grown) continue;
            // A command ends IDLE (DONE) on its own; the next async_idle enters it again.
            const std::string range = std::to_string(seen + 1) + ":*";
            const std::vector<std::string_view> args = {range, "(UID ENVELOPE)"};
            const imaplib::response r = co_await m.async_uid("FETCH", args, asio::use_awaitable);
            std::error_code ec;
            for (const imaplib::grammar::fetch_view& msg : imaplib::fetch_views(r, ec)) {
                const std::uint32_t uid = static_cast<std::uint32_t>(msg.uid().value_or(0));
                if (uid <= seen) continue;  // "N:*" always returns the last message
                seen = uid;
                std::string subject;
                if (const auto envelope = msg.envelope()) subject = imaplib::decode_rfc2047(envelope->subject.data());
                std::printf("%s: %s\n", imaplib::escape_control(who).c_str(), imaplib::escape_control(subject).c_str());
                std::fflush(stdout);
            }
        }
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "%s: %s\n", imaplib::escape_control(who).c_str(), imaplib::escape_control(e.what()).c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    asio::io_context io;
    for (const watch& w : parse(argc, argv)) asio::co_spawn(io, watch_one(w), asio::detached);
    io.run();
}
