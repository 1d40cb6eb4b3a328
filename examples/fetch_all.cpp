// fetch_all: the example from Python's imaplib documentation, as a command-line program.
//
//   M = imaplib.IMAP4(host)              imaplib::imap4 M(host);
//   M.login(user, password)              M.login(user, password);
//   M.select()                           M.select();
//   typ, data = M.search(None, 'ALL')    auto [typ, data] = M.search(imaplib::None, "ALL");
//   for num in data[0].split():          for (auto num : imaplib::split(data[0].bytes())) {
//       typ, data = M.fetch(num, ...)        auto [typ, data] = M.fetch(num, "(RFC822)");
//   M.close(); M.logout()                M.close(); M.logout();
//
// Usage: fetch_all [--port N] [--ssl | --starttls] [--cafile FILE] [--stream COMMAND]
//                  [--user NAME] [--mailbox NAME] [--timeout SECONDS] [--debug N]
//                  [--auth MECH] [--certfile FILE] [--keyfile FILE] [--allow-cleartext]
//                  [--record FILE | --replay FILE] [HOST]
// The password comes from the environment variable IMAP_PASSWORD. Without --auth the
// program logs in with LOGIN, as imaplib's example; --auth MECH authenticates with a SASL
// mechanism instead (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1, SCRAM-SHA-256, SCRAM-SHA-1-PLUS,
// SCRAM-SHA-256-PLUS, XOAUTH2, OAUTHBEARER, EXTERNAL), or `best`: login_best(), which
// without TLS takes PLAIN, LOGIN, CRAM-MD5 or LOGIN only with --allow-cleartext.
// XOAUTH2 and OAUTHBEARER read the access token from IMAP_TOKEN; EXTERNAL presents the
// client certificate --certfile (and its key, --keyfile) over --ssl or --starttls. Each message is written
// to standard output as "Message <num>\n<message bytes>\n\n" (the bytes as fetched, like
// imaplib's example; redirect them to a file); errors go to standard error with control
// characters escaped, since their text comes from the server.
// --record FILE writes the session to a transcript (passwords redacted); --replay FILE
// plays one back without a server, and prints what the recorded run printed
// (docs/guide.md, "Testing your code offline: record and replay").
// One message per FETCH keeps one in memory; for one FETCH of a whole mailbox, stream the
// bytes to a literal sink, with progress (docs/guide.md, "Big mailboxes").
#include "connection.hpp"

#include <imaplib/imaplib.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace {

struct options {
    example::connection_options connection;  // --port ... --allow-cleartext, HOST
    std::string mailbox = "INBOX";
    std::string record;  // transcript to write
    std::string replay;  // transcript to play instead of a server
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "fetch_all: %s\nusage: fetch_all [--port N] [--ssl | --starttls] [--cafile FILE] "
                 "[--stream COMMAND] [--user NAME] [--mailbox NAME] [--timeout SECONDS] [--debug N] "
                 "[--auth MECH] [--certfile FILE] [--keyfile FILE] [--allow-cleartext] "
                 "[--record FILE | --replay FILE] [HOST]\n",
                 why);
    std::exit(2);
}

options parse(int argc, char** argv) {
    options o;
    if (const char* user = std::getenv("USER")) o.connection.user = user;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (example::take_connection_flag(argc, argv, i, o.connection, usage)) continue;
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage("missing value after an option");
            return argv[++i];
        };
        if (a == "--mailbox") o.mailbox = value();
        else if (a == "--record") o.record = value();
        else if (a == "--replay") o.replay = value();
        else if (!a.empty() && a[0] == '-') usage("unknown option");
        else o.connection.host = std::string(a);
    }
    if (o.connection.ssl && o.connection.starttls) usage("--ssl and --starttls exclude each other");
    if (!o.record.empty() && !o.replay.empty()) usage("--record and --replay exclude each other");
    return o;
}

// Everything after logging in is the same for every transport.
template <class Client>
void fetch_all(Client& M, const options& o) {
    M.select(o.mailbox);
    const auto found = M.search(imaplib::None, "ALL");
    for (std::string_view num : imaplib::split(found.data[0].bytes())) {
        const auto message = M.fetch(num, "(RFC822)");
        std::cout << "Message " << num << '\n' << message.data[0].literal() << "\n\n";
    }
    M.close();
    M.logout();
}

// A replayed STARTTLS needs no context: the transcript holds the bytes above TLS.
struct replayed_tls {};

// --replay: the transcript is the server. --ssl and --cafile are ignored (the bytes were
// recorded above TLS); --starttls must be given as when recording, since it sends STARTTLS.
void replay(const options& o) {
    const example::connection_options& c = o.connection;
    imaplib::basic_imap4<imaplib::replay_transport> M(imaplib::replay_transport(o.replay), c.host,
                                                      c.port.value_or(imaplib::IMAP4_PORT), c.timeout);
    if (c.starttls) M.starttls(replayed_tls{});
    example::log_in(M, c);
    fetch_all(M, o);
    if (!M.transport().finished())
        throw imaplib::abort(make_error_code(imaplib::errc::protocol_violation),
                             "the session ended before the transcript " + o.replay);
}

// --record: the same session, through a recording transport.
template <class Transport>
void record(Transport transport, const options& o, std::string_view host, std::uint16_t port,
            std::optional<std::chrono::milliseconds> timeout) {
    std::error_code ec;
    auto recorder = imaplib::transcript_recorder::to_file(o.record, ec);
    if (ec) throw imaplib::error(ec, "cannot write " + o.record + ": " + ec.message());
    using recording = imaplib::basic_recording_transport<Transport>;
    imaplib::basic_imap4<recording> M(recording(std::move(transport), recorder), host, port, timeout);
#ifdef IMAPLIB_USE_WOLFSSL
    if constexpr (imaplib::has_start_tls_v<Transport>)
        if (o.connection.starttls) M.starttls(*example::make_context(o.connection));
#endif
    example::log_in(M, o.connection);
    fetch_all(M, o);
}

// --record and --replay as above; otherwise connected and logged in by the examples' shared
// setup (connection.hpp).
void run(const options& o) {
    const example::connection_options& c = o.connection;
    imaplib::Debug = c.debug;
    if (!o.replay.empty()) return replay(o);
    if (!o.record.empty()) {
        if (!c.stream.empty()) {
#ifdef IMAPLIB_HAS_PIPE
            return record(imaplib::pipe_transport(c.stream), o, c.stream, 0, std::nullopt);
#else
            throw std::runtime_error("--stream needs a POSIX build");
#endif
        }
#ifdef IMAPLIB_USE_WOLFSSL
        if (c.ssl)
            return record(imaplib::tls_transport(example::make_context(c)), o, c.host,
                          c.port.value_or(imaplib::IMAP4_SSL_PORT), c.timeout);
#else
        if (c.ssl || c.starttls) throw std::runtime_error("this build has no TLS (IMAPLIB_USE_WOLFSSL)");
#endif
        return record(imaplib::tcp_transport(), o, c.host, c.port.value_or(imaplib::IMAP4_PORT), c.timeout);
    }
    example::with_client(c, [&](auto& M) { fetch_all(M, o); });
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    try {
        run(o);
        return 0;
    } catch (const imaplib::readonly& e) {  // messages carry server text: escape it
        std::cerr << "imaplib.readonly: " << imaplib::escape_control(e.what()) << '\n';
    } catch (const imaplib::abort& e) {
        std::cerr << "imaplib.abort: " << imaplib::escape_control(e.what()) << '\n';
    } catch (const imaplib::error& e) {
        std::cerr << "imaplib.error: " << imaplib::escape_control(e.what()) << '\n';
    } catch (const std::exception& e) {
        std::cerr << "error: " << imaplib::escape_control(e.what()) << '\n';
    }
    return 1;
}
