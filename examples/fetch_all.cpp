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
#include <imaplib/imaplib.hpp>

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

struct options {
    std::string host = "localhost";
    std::optional<std::uint16_t> port;
    bool ssl = false;
    bool starttls = false;
    std::string cafile;
    std::string stream;
    std::string user;
    std::string mailbox = "INBOX";
    std::optional<std::chrono::milliseconds> timeout;
    int debug = 0;
    std::string auth;      // SASL mechanism, "best", or empty: LOGIN
    std::string certfile;  // client certificate (EXTERNAL)
    std::string keyfile;
    bool allow_cleartext = false;
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
            else if (a == "--timeout")
                o.timeout = std::chrono::milliseconds(static_cast<long long>(std::stod(value()) * 1000));
            else if (a == "--debug") o.debug = std::stoi(value());
            else if (a == "--auth") o.auth = value();
            else if (a == "--certfile") o.certfile = value();
            else if (a == "--keyfile") o.keyfile = value();
            else if (a == "--allow-cleartext") o.allow_cleartext = true;
            else if (a == "--record") o.record = value();
            else if (a == "--replay") o.replay = value();
            else if (!a.empty() && a[0] == '-') usage("unknown option");
            else o.host = std::string(a);
        } catch (const std::logic_error&) {
            usage("bad number");
        }
    }
    if (o.ssl && o.starttls) usage("--ssl and --starttls exclude each other");
    if (!o.record.empty() && !o.replay.empty()) usage("--record and --replay exclude each other");
    return o;
}


std::string from_environment(const char* name) {
    const char* value = std::getenv(name);
    if (!value) throw std::runtime_error(std::string(name) + " is not set");
    return value;
}

// --auth MECH: one mechanism object per connection (docs/authentication.md).
template <class Client>
void authenticate(Client& M, const options& o) {
    std::string mech;
    for (char c : o.auth) mech += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    namespace sasl = imaplib::sasl;
    // Asked at each authentication, so a reconnect would read a fresh token.
    const sasl::token_provider token = [] { return from_environment("IMAP_TOKEN"); };
    if (mech == "BEST") {
        imaplib::login_options options;
        options.allow_cleartext = o.allow_cleartext;
        M.login_best(o.user, from_environment("IMAP_PASSWORD"), options);
    } else if (mech == "PLAIN") {
        M.authenticate(sasl::plain(o.user, from_environment("IMAP_PASSWORD")));
    } else if (mech == "LOGIN") {
        M.authenticate(sasl::login(o.user, from_environment("IMAP_PASSWORD")));
    } else if (mech == "CRAM-MD5") {
        M.authenticate(sasl::cram_md5(o.user, from_environment("IMAP_PASSWORD")));
    } else if (mech == "SCRAM-SHA-1") {
        M.authenticate(sasl::scram_sha_1(o.user, from_environment("IMAP_PASSWORD")));
    } else if (mech == "SCRAM-SHA-256") {
        M.authenticate(sasl::scram_sha_256(o.user, from_environment("IMAP_PASSWORD")));
    } else if (mech == "SCRAM-SHA-1-PLUS") {  // channel_binding() fails clearly without TLS
        M.authenticate(sasl::scram_sha_1_plus(o.user, from_environment("IMAP_PASSWORD"), M.channel_binding()));
    } else if (mech == "SCRAM-SHA-256-PLUS") {
        M.authenticate(sasl::scram_sha_256_plus(o.user, from_environment("IMAP_PASSWORD"), M.channel_binding()));
    } else if (mech == "XOAUTH2") {
        M.authenticate(sasl::xoauth2(o.user, token));
    } else if (mech == "OAUTHBEARER") {
        M.authenticate(sasl::oauthbearer(o.user, token, o.host, o.port.value_or(0)));
    } else if (mech == "EXTERNAL") {
        M.authenticate(sasl::external());
    } else {
        throw std::runtime_error("unknown --auth mechanism " + o.auth);
    }
}

// Everything after connecting is the same for every transport.
template <class Client>
void fetch_all(Client& M, const options& o) {
    if (M.state() != "AUTH") {  // not PREAUTH
        if (!o.auth.empty()) {
            authenticate(M, o);
        } else {
            const char* password = std::getenv("IMAP_PASSWORD");
            if (!password) throw std::runtime_error("IMAP_PASSWORD is not set");
            M.login(o.user, password);
        }
    }
    M.select(o.mailbox);
    const auto found = M.search(imaplib::None, "ALL");
    for (std::string_view num : imaplib::split(found.data[0].bytes())) {
        const auto message = M.fetch(num, "(RFC822)");
        std::cout << "Message " << num << '\n' << message.data[0].literal() << "\n\n";
    }
    M.close();
    M.logout();
}

#ifdef IMAPLIB_USE_WOLFSSL
std::shared_ptr<imaplib::tls_context> make_context(const options& o) {
    auto context = std::make_shared<imaplib::tls_context>();
    if (!o.cafile.empty()) {
        std::error_code ec;
        context->load_verify_file(o.cafile, ec);
        if (ec) throw imaplib::error(ec, "cannot load " + o.cafile + ": " + ec.message());
    }
    if (!o.certfile.empty()) {  // EXTERNAL: the client certificate is the credential
        std::error_code ec;
        context->use_certificate(o.certfile, o.keyfile, ec);
        if (ec) throw imaplib::error(ec, "cannot load " + o.certfile + ": " + ec.message());
    }
    return context;
}
#endif

// A replayed STARTTLS needs no context: the transcript holds the bytes above TLS.
struct replayed_tls {};

// --replay: the transcript is the server. --ssl and --cafile are ignored (the bytes were
// recorded above TLS); --starttls must be given as when recording, since it sends STARTTLS.
void replay(const options& o) {
    imaplib::basic_imap4<imaplib::replay_transport> M(imaplib::replay_transport(o.replay), o.host,
                                                      o.port.value_or(imaplib::IMAP4_PORT), o.timeout);
    if (o.starttls) M.starttls(replayed_tls{});
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
        if (o.starttls) M.starttls(*make_context(o));
#endif
    fetch_all(M, o);
}

void run(const options& o) {
    imaplib::Debug = o.debug;
    if (!o.replay.empty()) return replay(o);
    if (!o.stream.empty()) {
#ifdef IMAPLIB_HAS_PIPE
        if (!o.record.empty()) return record(imaplib::pipe_transport(o.stream), o, o.stream, 0, std::nullopt);
        imaplib::imap4_stream M(o.stream);
        fetch_all(M, o);
        return;
#else
        throw std::runtime_error("--stream needs a POSIX build");
#endif
    }
#ifdef IMAPLIB_USE_WOLFSSL
    if (o.ssl) {
        if (!o.record.empty())
            return record(imaplib::tls_transport(make_context(o)), o, o.host,
                          o.port.value_or(imaplib::IMAP4_SSL_PORT), o.timeout);
        imaplib::imap4_ssl M(o.host, o.port.value_or(imaplib::IMAP4_SSL_PORT), make_context(o), o.timeout);
        fetch_all(M, o);
        return;
    }
#else
    if (o.ssl || o.starttls) throw std::runtime_error("this build has no TLS (IMAPLIB_USE_WOLFSSL)");
#endif
#ifdef IMAPLIB_USE_ASIO
    if (!o.record.empty())
        return record(imaplib::tcp_transport(), o, o.host, o.port.value_or(imaplib::IMAP4_PORT), o.timeout);
    imaplib::imap4 M(o.host, o.port.value_or(imaplib::IMAP4_PORT), o.timeout);
#ifdef IMAPLIB_USE_WOLFSSL
    if (o.starttls) M.starttls(*make_context(o));
#endif
    fetch_all(M, o);
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
