// sync_mailbox: keeps a local picture of a mailbox in a state file and prints what changed
// on the server since the last run (imaplib::sync_mailbox, docs/extensions.md).
//
// Usage: sync_mailbox [fetch_all's connection flags, examples/connection.hpp]
//                     [--mailbox NAME] --state FILE [--method qresync|condstore|uid-diff] [HOST]
// Output, one line each (the lines are an interface: scripts read them):
//   first run (no state file):  full uidvalidity=<v> messages=<n>
//   UIDVALIDITY changed:        reset uidvalidity=<v>, then the full line
//   later runs, by ascending UID:
//     new uid=<u> flags=<flags>
//     flags uid=<u> flags=<flags>
//     vanished uid=<u>
//     summary new=<a> changed=<b> vanished=<c> method=<qresync|condstore|uid-diff>
// Flags are sorted and space-separated, as the server spells them (\Recent left out).
// --method caps the method: the server's best is used, QRESYNC > CONDSTORE > uid-diff.
// The state file is replaced only after a successful sync. Errors go to standard error
// (control characters escaped: the text may come from the server); the exit status is 1.
#include "connection.hpp"

#include <imaplib/imaplib.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

struct options {
    example::connection_options connection;
    std::string mailbox = "INBOX";
    std::string state;
    imaplib::sync_method method = imaplib::sync_method::qresync;
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "sync_mailbox: %s\nusage: sync_mailbox [--port N] [--ssl | --starttls] [--cafile FILE] "
                 "[--stream COMMAND] [--user NAME] [--timeout SECONDS] [--debug N] [--auth MECH] "
                 "[--certfile FILE] [--keyfile FILE] [--allow-cleartext] [--mailbox NAME] --state FILE "
                 "[--method qresync|condstore|uid-diff] [HOST]\n",
                 why.c_str());
    std::exit(2);
}

options parse(int argc, char** argv) {
    options o;
    if (const char* user = std::getenv("USER")) o.connection.user = user;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        try {
            if (example::parse_connection_flag(argc, argv, i, o.connection)) continue;
        } catch (const std::logic_error& e) {
            usage(e.what());
        }
        if (i + 1 >= argc) usage("unknown option or missing value: " + std::string(a));
        const std::string value = argv[++i];
        if (a == "--mailbox") {
            o.mailbox = value;
        } else if (a == "--state") {
            o.state = value;
        } else if (a == "--method") {
            const auto m = imaplib::sync_method_from_string(value);
            if (!m) usage("--method is qresync, condstore or uid-diff");
            o.method = *m;
        } else {
            usage("unknown option " + std::string(a));
        }
    }
    if (o.state.empty()) usage("--state FILE is required");
    return o;
}

std::string flag_text(const std::vector<std::string>& flags) {
    std::string out;
    for (const std::string& f : flags) {
        if (!out.empty()) out += ' ';
        out += f;
    }
    return out;
}

void run(const options& o) {
    namespace fs = std::filesystem;
    imaplib::mailbox_state state;
    const bool first = !fs::exists(o.state);
    if (!first) {
        std::ifstream in(o.state, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        std::error_code ec;
        state = imaplib::mailbox_state::from_text(text.str(), ec);
        if (!in || ec) throw std::runtime_error("not a state file: " + o.state);
    }
    imaplib::sync_options sync;
    sync.method = o.method;
    imaplib::sync_report report;
    example::with_client(o.connection, [&](auto& M) {
        report = imaplib::sync_mailbox(M, o.mailbox, state, sync);
        M.logout();
    });
    if (report.reset) std::cout << "reset uidvalidity=" << report.uidvalidity << '\n';
    if (report.full) {
        std::cout << "full uidvalidity=" << report.uidvalidity << " messages=" << state.messages.size() << '\n';
    } else {
        using kind = imaplib::sync_change::kind;
        for (const imaplib::sync_change& c : report.changes) {
            if (c.what == kind::new_message) std::cout << "new uid=" << c.uid << " flags=" << flag_text(c.flags) << '\n';
            else if (c.what == kind::flags) std::cout << "flags uid=" << c.uid << " flags=" << flag_text(c.flags) << '\n';
            else std::cout << "vanished uid=" << c.uid << '\n';
        }
        std::cout << "summary new=" << report.count(kind::new_message) << " changed=" << report.count(kind::flags)
                  << " vanished=" << report.count(kind::vanished) << " method=" << imaplib::to_string(report.method)
                  << '\n';
    }
    // Written beside the old one and renamed over it: a crash leaves one or the other.
    const std::string temporary = o.state + ".new";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << state.to_text();
        out.flush();
        if (!out) throw std::runtime_error("cannot write " + temporary);
    }
    fs::rename(temporary, o.state);
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    try {
        run(o);
        return 0;
    } catch (const imaplib::error& e) {
        std::cerr << "imaplib.error: " << imaplib::escape_control(e.what()) << '\n';
    } catch (const std::exception& e) {
        std::cerr << "error: " << imaplib::escape_control(e.what()) << '\n';
    }
    return 1;
}
