// The examples' connection flags, as fetch_all takes them, and connecting and logging in
// with them: one copy for the programs that talk to a server.
//
//   [--port N] [--ssl | --starttls] [--cafile FILE] [--stream COMMAND] [--user NAME]
//   [--timeout SECONDS] [--debug N] [--auth MECH] [--certfile FILE] [--keyfile FILE]
//   [--allow-cleartext] [HOST]
//
// The password comes from IMAP_PASSWORD, an OAuth token (XOAUTH2, OAUTHBEARER) from
// IMAP_TOKEN. Without --auth the program logs in with LOGIN; --auth MECH names a SASL
// mechanism, or `best` for login_best() (fetch_all.cpp lists them).
#ifndef IMAPLIB_EXAMPLES_CONNECTION_HPP
#define IMAPLIB_EXAMPLES_CONNECTION_HPP

#include <imaplib/imaplib.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace example {

struct connection_options {
    std::string host = "localhost";
    std::optional<std::uint16_t> port;
    bool ssl = false;
    bool starttls = false;
    std::string cafile;
    std::string stream;
    std::string user;
    std::optional<std::chrono::milliseconds> timeout;
    int debug = 0;
    std::string auth;  // SASL mechanism, "best", or empty: LOGIN
    std::string certfile, keyfile;
    bool allow_cleartext = false;
};

// What parse_connection_flag throws besides a bad number's std::invalid_argument or
// std::out_of_range, so that each program can word its usage message.
struct missing_value : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};
struct conflicting_flags : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Takes argv[i] (and its value) when it is a connection flag; false otherwise. Throws
// missing_value for a flag without its value, conflicting_flags once both --ssl and
// --starttls are given (after taking the flag), and std::logic_error for a bad number.
inline bool parse_connection_flag(int argc, char** argv, int& i, connection_options& o) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw missing_value("missing value after " + std::string(a));
        return argv[++i];
    };
    if (a == "--port") o.port = static_cast<std::uint16_t>(std::stoul(value()));
    else if (a == "--ssl") o.ssl = true;
    else if (a == "--starttls") o.starttls = true;
    else if (a == "--cafile") o.cafile = value();
    else if (a == "--stream") o.stream = value();
    else if (a == "--user") o.user = value();
    else if (a == "--timeout") o.timeout = std::chrono::milliseconds(static_cast<long long>(std::stod(value()) * 1000));
    else if (a == "--debug") o.debug = std::stoi(value());
    else if (a == "--auth") o.auth = value();
    else if (a == "--certfile") o.certfile = value();
    else if (a == "--keyfile") o.keyfile = value();
    else if (a == "--allow-cleartext") o.allow_cleartext = true;
    else if (!a.empty() && a[0] != '-') o.host = std::string(a);
    else return false;
    if (o.ssl && o.starttls) throw conflicting_flags("--ssl and --starttls exclude each other");
    return true;
}

// parse_connection_flag as the programs' argument loops take it: a missing value or a bad
// number goes to usage(why), which is expected not to return; --ssl with --starttls is
// taken and left for the caller to report once the loop is done.
template <class Usage>
bool take_connection_flag(int argc, char** argv, int& i, connection_options& o, Usage&& usage) {
    try {
        return parse_connection_flag(argc, argv, i, o);
    } catch (const missing_value&) {
        usage("missing value after an option");
    } catch (const conflicting_flags&) {
        return true;
    } catch (const std::logic_error&) {
        usage("bad number");
    }
    return false;
}

inline std::string from_environment(const char* name) {
    const char* value = std::getenv(name);
    if (!value) throw std::runtime_error(std::string(name) + " is not set");
    return value;
}

// LOGIN, or --auth MECH (docs/authentication.md); nothing after PREAUTH.
template <class Client>
void log_in(Client& M, const connection_options& o) {
    if (M.state() == "AUTH") return;
    std::string mech;
    for (char c : o.auth) mech += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    namespace sasl = imaplib::sasl;
    const sasl::token_provider token = [] { return from_environment("IMAP_TOKEN"); };
    if (mech.empty()) {
        M.login(o.user, from_environment("IMAP_PASSWORD"));
    } else if (mech == "BEST") {
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
    } else if (mech == "SCRAM-SHA-1-PLUS") {
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

#ifdef IMAPLIB_USE_WOLFSSL
inline std::shared_ptr<imaplib::tls_context> make_context(const connection_options& o) {
    auto context = std::make_shared<imaplib::tls_context>();
    std::error_code ec;
    if (!o.cafile.empty()) {
        context->load_verify_file(o.cafile, ec);
        if (ec) throw imaplib::error(ec, "cannot load " + o.cafile + ": " + ec.message());
    }
    if (!o.certfile.empty()) {  // EXTERNAL: the client certificate is the credential
        context->use_certificate(o.certfile, o.keyfile, ec);
        if (ec) throw imaplib::error(ec, "cannot load " + o.certfile + ": " + ec.message());
    }
    return context;
}
#endif

// Connects as the flags say, logs in and calls run(M) with the client.
template <class Run>
void with_client(const connection_options& o, Run&& run) {
    imaplib::Debug = o.debug;
    if (!o.stream.empty()) {
#ifdef IMAPLIB_HAS_PIPE
        imaplib::imap4_stream M(o.stream);
        log_in(M, o);
        run(M);
        return;
#else
        throw std::runtime_error("--stream needs a POSIX build");
#endif
    }
#ifdef IMAPLIB_USE_WOLFSSL
    if (o.ssl) {
        imaplib::imap4_ssl M(o.host, o.port.value_or(imaplib::IMAP4_SSL_PORT), make_context(o), o.timeout);
        log_in(M, o);
        run(M);
        return;
    }
#else
    if (o.ssl || o.starttls) throw std::runtime_error("this build has no TLS (IMAPLIB_USE_WOLFSSL)");
#endif
    imaplib::imap4 M(o.host, o.port.value_or(imaplib::IMAP4_PORT), o.timeout);
#ifdef IMAPLIB_USE_WOLFSSL
    if (o.starttls) M.starttls(*make_context(o));
#endif
    log_in(M, o);
    run(M);
}

}  // namespace example

#endif  // IMAPLIB_EXAMPLES_CONNECTION_HPP
