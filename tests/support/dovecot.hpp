// Test support: the Dovecot server that integration tests talk to.
//
// CTest's fixture starts one server (tools/dovecot-server.py start) and names its
// directory in IMAPLIB_TEST_DOVECOT_DIR; `dovecot()` reads DIR/server.env from there.
// Without that variable (a test binary run by hand) the first call starts a private
// server in a temporary directory and stops it when the program exits. Either way a
// server that cannot be reached is a test failure (std::runtime_error with the log
// tail), never a skip. See docs/testing.md.
//
// The script is found through IMAPLIB_TEST_SOURCE_DIR: a compile definition (the build
// sets it to the source tree) or, failing that, an environment variable.
#ifndef IMAPLIB_TESTS_SUPPORT_DOVECOT_HPP
#define IMAPLIB_TESTS_SUPPORT_DOVECOT_HPP

#include <imaplib/config.hpp>

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE
namespace test {

namespace detail {

// One word of POSIX sh syntax as tools/dovecot-server.py writes it (Python's
// shlex.quote): bare, '...' (with '"'"' for a quote), "..." or backslash escapes.
inline std::string shell_unquote(std::string_view word) {
    std::string out;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if (c == '\'') {
            const std::size_t end = word.find('\'', i + 1);
            if (end == std::string_view::npos) throw std::runtime_error("unterminated ' in server.env");
            out.append(word.substr(i + 1, end - i - 1));
            i = end;
        } else if (c == '"') {
            for (++i; i < word.size() && word[i] != '"'; ++i) {
                if (word[i] == '\\' && i + 1 < word.size() &&
                    std::string_view("\"\\$`").find(word[i + 1]) != std::string_view::npos)
                    ++i;
                out += word[i];
            }
            if (i >= word.size()) throw std::runtime_error("unterminated \" in server.env");
        } else if (c == '\\' && i + 1 < word.size()) {
            out += word[++i];
        } else {
            out += c;
        }
    }
    return out;
}

// sh -c word for a path or argument: everything inside single quotes.
inline std::string shell_quote(std::string_view s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'') out += "'\"'\"'";
        else out += c;
    }
    out += '\'';
    return out;
}

inline std::map<std::string, std::string> read_env_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::map<std::string, std::string> env;
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
        env[line.substr(0, eq)] = shell_unquote(std::string_view(line).substr(eq + 1));
    }
    return env;
}

inline std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string tail_lines(const std::string& text, std::size_t lines) {
    std::deque<std::string> last;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        last.push_back(line);
        if (last.size() > lines) last.pop_front();
    }
    std::string out;
    for (const auto& l : last) out += l + '\n';
    return out;
}

// The source tree: compile definition first, then the environment.
inline std::string source_dir() {
#ifdef IMAPLIB_TEST_SOURCE_DIR
    return IMAPLIB_TEST_SOURCE_DIR;
#else
    if (const char* dir = std::getenv("IMAPLIB_TEST_SOURCE_DIR")) return dir;
    throw std::runtime_error(
        "IMAPLIB_TEST_SOURCE_DIR is neither a compile definition nor an environment variable");
#endif
}

inline std::string python() {
    if (const char* p = std::getenv("IMAPLIB_TEST_PYTHON")) return p;
    return "python3";
}

// A fresh directory below the system's temporary directory. World-searchable: as root
// the script runs Dovecot's mail processes as an unprivileged user who must reach it.
inline std::filesystem::path make_temp_dir(std::string_view prefix) {
    namespace fs = std::filesystem;
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::ostringstream name;
        name << prefix << std::hex << random() << random();
        const fs::path dir = fs::temp_directory_path() / name.str();
        std::error_code ec;
        if (fs::create_directory(dir, ec)) {
            fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec,
                            ec);
            return dir;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

// Runs `command` through sh; returns its exit status and its merged output.
inline int run_shell(const std::string& command, std::string& output) {
    const auto dir = make_temp_dir("imaplib-run-");
    const auto out_file = dir / "output";
    const int status = std::system((command + " >" + shell_quote(out_file.string()) + " 2>&1").c_str());
    output = read_file(out_file);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return status;
}

}  // namespace detail

struct dovecot_server {
    std::string host;            // 127.0.0.1
    std::uint16_t port = 0;      // plain IMAP, STARTTLS offered
    std::uint16_t ssl_port = 0;  // implicit TLS
    std::string ca_file;         // the CA that signed the server's certificate
    std::string user, password;  // alice / alicepw: the seeded mailboxes
    std::string user2, password2;  // bob / bobpw
    std::string stream_command;    // sh command: a PREAUTH session for user
    std::string stream_command2;   // the same for user2
    std::string separator;         // hierarchy separator, "/"
    std::uint32_t uidvalidity = 0;  // UIDVALIDITY of every seeded mailbox
    std::string dir;                // the server's directory
    std::string log_file;
    std::string script;             // tools/dovecot-server.py
    std::string python_executable;  // the interpreter that started the server
    // SASL (tests/sasl_integration_test.cpp); empty from a server.env without them.
    std::string client_cert, client_key;  // the test CA's client certificate and key
    std::string client_cert_user;         // the user its CN names (EXTERNAL)
    std::string sasl_user, sasl_password;  // a non-ASCII password
    std::string utf8_user, utf8_password;  // a UTF-8 user name
    std::string oauth_token;               // valid for user
    std::string oauth_expired_token;       // introspected as active=false
    std::string oauth_unknown_token;       // not known to the introspection server
    std::string oauth_long_token;          // valid for user, over 4,096 characters

    // The last lines of Dovecot's log, for failure messages.
    std::string log_tail(std::size_t lines = 30) const {
        return detail::tail_lines(detail::read_file(log_file), lines);
    }

    // Restores the seeded mailboxes (and the state sessions left behind: flags,
    // expunges, ACLs, metadata). Close sessions first: their views go stale.
    void reset() const {
        std::string output;
        const std::string command = detail::shell_quote(python_executable) + ' ' + detail::shell_quote(script) +
                                    " reset --dir " + detail::shell_quote(dir);
        if (detail::run_shell(command, output) != 0)
            throw std::runtime_error("dovecot-server.py reset failed:\n" + output + "log:\n" + log_tail());
    }
};

namespace detail {

inline dovecot_server load_dovecot(const std::filesystem::path& dir) {
    const auto env_file = dir / "server.env";
    if (!std::filesystem::exists(env_file)) {
        std::string log = read_file(dir / "dovecot.log");
        throw std::runtime_error("no running Dovecot in " + dir.string() + " (" + env_file.string() +
                                 " missing); log tail:\n" + tail_lines(log, 30));
    }
    auto env = read_env_file(env_file);
    auto get = [&](const char* key) -> std::string {
        const auto it = env.find(key);
        if (it == env.end()) throw std::runtime_error(std::string("server.env lacks ") + key);
        return it->second;
    };
    auto port = [&](const char* key) {
        const unsigned long value = std::stoul(get(key));
        if (value == 0 || value > 65535) throw std::runtime_error(std::string("bad ") + key);
        return static_cast<std::uint16_t>(value);
    };
    dovecot_server s;
    s.host = get("HOST");
    s.port = port("PORT");
    s.ssl_port = port("SSL_PORT");
    s.ca_file = get("CA");
    s.user = get("USER");
    s.password = get("PASSWORD");
    s.user2 = get("USER2");
    s.password2 = get("PASSWORD2");
    s.stream_command = get("STREAM_COMMAND");
    s.stream_command2 = get("STREAM_COMMAND2");
    s.separator = get("SEPARATOR");
    s.uidvalidity = static_cast<std::uint32_t>(std::stoul(get("UIDVALIDITY")));
    s.dir = get("DIR");
    s.log_file = get("LOG");
    s.script = get("SCRIPT");
    s.python_executable = get("PYTHON");
    const auto optional = [&](const char* key) {
        const auto it = env.find(key);
        return it == env.end() ? std::string() : it->second;
    };
    s.client_cert = optional("CLIENT_CERT");
    s.client_key = optional("CLIENT_KEY");
    s.client_cert_user = optional("CLIENT_CERT_USER");
    s.sasl_user = optional("SASL_USER");
    s.sasl_password = optional("SASL_PASSWORD");
    s.utf8_user = optional("UTF8_USER");
    s.utf8_password = optional("UTF8_PASSWORD");
    s.oauth_token = optional("OAUTH_TOKEN");
    s.oauth_expired_token = optional("OAUTH_EXPIRED_TOKEN");
    s.oauth_unknown_token = optional("OAUTH_UNKNOWN_TOKEN");
    s.oauth_long_token = optional("OAUTH_LONG_TOKEN");
    return s;
}

// A server this process started itself; stopped (and its directory removed) at exit.
class private_dovecot {
public:
    private_dovecot() : dir_(make_temp_dir("imaplib-dovecot-")) {
        script_ = source_dir() + "/tools/dovecot-server.py";
        std::string output;
        const int status = run_shell(python() + ' ' + shell_quote(script_) + " start --dir " +
                                         shell_quote(dir_.string()),
                                     output);
        if (status != 0) {
            const std::string log = tail_lines(read_file(dir_ / "dovecot.log"), 30);
            stop();
            throw std::runtime_error("cannot start Dovecot (" + script_ + "):\n" + output + "log tail:\n" + log);
        }
        server_ = load_dovecot(dir_);
    }
    private_dovecot(const private_dovecot&) = delete;
    private_dovecot& operator=(const private_dovecot&) = delete;
    ~private_dovecot() { stop(); }

    const dovecot_server& server() const noexcept { return server_; }

private:
    void stop() noexcept {
        try {
            std::string output;
            run_shell(python() + ' ' + shell_quote(script_) + " stop --dir " + shell_quote(dir_.string()), output);
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
        } catch (...) {
            // Exit path: nothing left to report to.
        }
    }

    std::filesystem::path dir_;
    std::string script_;
    dovecot_server server_;
};

}  // namespace detail

// The server for this test run: the CTest fixture's, or a private one.
inline const dovecot_server& dovecot() {
    if (const char* dir = std::getenv("IMAPLIB_TEST_DOVECOT_DIR"); dir && *dir) {
        static const dovecot_server fixture = detail::load_dovecot(dir);
        return fixture;
    }
    static const detail::private_dovecot own;
    return own.server();
}

// Restores the seeded mailboxes of `dovecot()`.
inline void reset_dovecot() { dovecot().reset(); }

// Restores the seed when a test that changes mail ends, also when it fails midway.
struct reset_at_exit {
    reset_at_exit() = default;
    reset_at_exit(const reset_at_exit&) = delete;
    reset_at_exit& operator=(const reset_at_exit&) = delete;
    ~reset_at_exit() {
        try {
            reset_dovecot();
        } catch (...) {
            // The next test that changes mail resets first and reports a broken server.
        }
    }
};

}  // namespace test
IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TESTS_SUPPORT_DOVECOT_HPP
