// Test support: a scripted IMAP server for hostile-server tests.
//
// A `scenario` is a list of steps (expect a client line, send bytes, send them split,
// stall, switch to TLS, close). The same scenario can be played two ways:
//   script_server   listens on 127.0.0.1 in a thread of the test process, so the TCP,
//                   TLS and STARTTLS paths of the client are the real ones (wolfSSL on the
//                   server side when IMAPLIB_USE_WOLFSSL is defined);
//   memory_peer     drives a memory_transport's script from the same steps.
// Both record every byte the client sent (decrypted, for the TLS part) and every step
// that did not go as scripted, so a test can assert that no credentials or injected
// lines were ever sent.
//
// When the steps run out the server answers LOGOUT (BYE + OK) and records whatever else
// arrives until the client closes; so a client's destructor never waits for a timeout.
// Server-side waits are bounded (3 s) so a broken test cannot hang.
#ifndef IMAPLIB_TESTS_SUPPORT_SCRIPT_SERVER_HPP
#define IMAPLIB_TESTS_SUPPORT_SCRIPT_SERVER_HPP

#include <imaplib/config.hpp>
#include <imaplib/transport/memory.hpp>

#if defined(IMAPLIB_USE_WOLFSSL)
#include <imaplib/transport/tls.hpp>  // wolfSSL headers in the right order, wolfSSL_Init
#include "tls_server_io.hpp"
#include <wolfssl/wolfcrypt/ecc.h>
#endif

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE
namespace test {

#if defined(IMAPLIB_USE_WOLFSSL)
using server_tls_context = std::shared_ptr<WOLFSSL_CTX>;
#else
using server_tls_context = std::shared_ptr<void>;
#endif

// One step of a scenario. Build them with the scenario's member functions.
struct scenario_step {
    enum class kind { expect, expect_line, expect_literal, send, stall, start_tls, close };
    kind what = kind::send;
    std::string text;       // expect: command prefix; expect_line: line prefix; send: bytes
    std::size_t count = 0;  // expect_literal: N; send: piece size (0: one write)
    std::chrono::milliseconds pause{0};  // send: pause between pieces; stall: duration
    server_tls_context tls;              // start_tls: the server's context
};

// What the server does, in order. "$" in sent bytes stands for the tag of the command
// the last expect() matched.
class scenario {
public:
    // Waits for a command line "TAG <command>..." whose words after the tag start with
    // `command`; remembers TAG.
    scenario& expect(std::string command) { return add(step(scenario_step::kind::expect, std::move(command))); }
    // Waits for a line (tag included) starting with `prefix` ("" matches any line).
    scenario& expect_line(std::string prefix) {
        return add(step(scenario_step::kind::expect_line, std::move(prefix)));
    }
    // Waits for the N bytes of a literal the client announced.
    scenario& expect_literal(std::size_t n) {
        scenario_step s = step(scenario_step::kind::expect_literal);
        s.count = n;
        return add(std::move(s));
    }
    scenario& send(std::string bytes) { return add(step(scenario_step::kind::send, std::move(bytes))); }
    // Sends in pieces of `piece` bytes with `pause` between them (byte by byte: piece 1).
    scenario& send_split(std::string bytes, std::size_t piece,
                         std::chrono::milliseconds pause = std::chrono::milliseconds(1)) {
        scenario_step s = step(scenario_step::kind::send, std::move(bytes));
        s.count = piece == 0 ? 1 : piece;
        s.pause = pause;
        return add(std::move(s));
    }
    // Says nothing for `t` (ends early when the client hangs up). Through memory_transport
    // every later read times out at once (the transport then dies, as a real one does).
    scenario& stall(std::chrono::milliseconds t) {
        scenario_step s = step(scenario_step::kind::stall);
        s.pause = t;
        return add(std::move(s));
    }
    // Server side of a TLS handshake on the connection (implicit TLS when first, STARTTLS
    // after the tagged OK). A no-op through memory_transport (its start_tls only records).
    scenario& start_tls(server_tls_context ctx) {
        scenario_step s = step(scenario_step::kind::start_tls);
        s.tls = std::move(ctx);
        return add(std::move(s));
    }
    // Hangs up.
    scenario& close() { return add(step(scenario_step::kind::close)); }

    const std::vector<scenario_step>& steps() const noexcept { return steps_; }

private:
    static scenario_step step(scenario_step::kind k, std::string text = {}) {
        scenario_step s;
        s.what = k;
        s.text = std::move(text);
        return s;
    }
    scenario& add(scenario_step s) {
        steps_.push_back(std::move(s));
        return *this;
    }
    std::vector<scenario_step> steps_;
};

namespace detail {

inline std::string with_tag(std::string_view bytes, std::string_view tag) {
    std::string out;
    for (char c : bytes) {
        if (c == '$')
            out.append(tag.data(), tag.size());
        else
            out += c;
    }
    return out;
}

// The tag and the words after it, CRLF removed.
inline void split_command(std::string_view line, std::string& tag, std::string_view& rest) {
    if (line.size() >= 2 && line.substr(line.size() - 2) == "\r\n") line.remove_suffix(2);
    const std::size_t sp = line.find(' ');
    tag = std::string(line.substr(0, sp));
    rest = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
}

inline bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

inline std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s.substr(0, 80)) {
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c < 0x20 || c >= 0x7f) out += '?';
        else out += static_cast<char>(c);
    }
    return out;
}

}  // namespace detail

// The client's byte stream cut into command lines (CRLF included) the way a server reads
// it: after a line announcing {N} or {N+}, N bytes are literal data, not lines.
inline std::vector<std::string> command_lines(std::string_view stream) {
    std::vector<std::string> lines;
    while (!stream.empty()) {
        const std::size_t lf = stream.find('\n');
        if (lf == std::string_view::npos) {
            lines.emplace_back(stream);
            break;
        }
        const std::string_view line = stream.substr(0, lf + 1);
        lines.emplace_back(line);
        stream.remove_prefix(lf + 1);
        if (const auto n = imaplib::detail::literal_announcement(line))
            stream.remove_prefix(std::min(*n, stream.size()));
    }
    return lines;
}

// ---------------------------------------------------------------------------------
// The scenario through memory_transport
// ---------------------------------------------------------------------------------
class memory_peer {
public:
    explicit memory_peer(scenario s) : scenario_(std::move(s)) {
        script_->on_line = [this](std::string_view line) { return on_line(line); };
        script_->on_literal = [this](std::string_view literal) { return on_literal(literal); };
        advance();
    }
    memory_peer(const memory_peer&) = delete;
    memory_peer& operator=(const memory_peer&) = delete;

    imaplib::memory_transport transport() const { return imaplib::memory_transport(script_); }
    const std::shared_ptr<imaplib::memory_script>& script() const noexcept { return script_; }

    std::uint16_t port() const noexcept { return 143; }
    std::string received() const { return script_->output; }
    // The part sent after the (pretend) TLS upgrade; empty when there was none.
    std::string received_after_tls() const {
        return script_->start_tls_calls ? script_->output.substr(script_->output_at_start_tls) : std::string();
    }
    std::vector<std::string> errors() const { return errors_; }
    std::size_t handshakes() const noexcept { return script_->start_tls_calls; }
    void finish() {}

private:
    using kind = scenario_step::kind;

    // Runs send-type steps until the next expect (or the end).
    void advance() {
        const auto& steps = scenario_.steps();
        while (next_ < steps.size()) {
            const scenario_step& s = steps[next_];
            switch (s.what) {
            case kind::expect:
            case kind::expect_line:
            case kind::expect_literal:
                return;
            case kind::send:
                script_->push(detail::with_tag(s.text, tag_));
                if (s.count != 0)
                    script_->chunk = script_->chunk == 0 ? s.count : std::min(script_->chunk, s.count);
                break;
            case kind::stall:
                script_->on_empty = imaplib::memory_script::when_empty::timeout;
                next_ = steps.size();
                return;
            case kind::start_tls:
                break;
            case kind::close:
                hung_up_ = true;
                next_ = steps.size();
                return;
            }
            ++next_;
        }
    }

    std::string on_line(std::string_view line) {
        if (hung_up_) return {};
        const auto& steps = scenario_.steps();
        std::string tag;
        std::string_view rest;
        detail::split_command(line, tag, rest);
        if (next_ >= steps.size()) {
            // Scenario over: answer LOGOUT as any server would.
            if (rest == "LOGOUT") return "* BYE logging out\r\n" + tag + " OK LOGOUT completed\r\n";
            return {};
        }
        const scenario_step& s = steps[next_];
        bool ok = false;
        if (s.what == kind::expect) {
            ok = detail::starts_with(rest, s.text);
            if (ok) tag_ = tag;
        } else if (s.what == kind::expect_line) {
            ok = detail::starts_with(line, s.text);
        }
        if (!ok) return mismatch(line);
        ++next_;
        advance();
        return {};
    }

    std::string on_literal(std::string_view literal) {
        if (hung_up_ || next_ >= scenario_.steps().size()) return {};
        const scenario_step& s = scenario_.steps()[next_];
        if (s.what != kind::expect_literal || s.count != literal.size()) return mismatch(literal);
        ++next_;
        advance();
        return {};
    }

    std::string mismatch(std::string_view got) {
        errors_.push_back("step " + std::to_string(next_ + 1) + ": unexpected \"" + detail::printable(got) + "\"");
        hung_up_ = true;  // a real server would drop the connection: reads then hit EOF
        next_ = scenario_.steps().size();
        return {};
    }

    scenario scenario_;
    std::shared_ptr<imaplib::memory_script> script_ = std::make_shared<imaplib::memory_script>();
    std::size_t next_ = 0;
    std::string tag_;
    bool hung_up_ = false;
    std::vector<std::string> errors_;
};

// ---------------------------------------------------------------------------------
// The scenario over a real loopback socket
// ---------------------------------------------------------------------------------
class script_server {
public:
    // Listens on 127.0.0.1 (an ephemeral port) and plays `s` for the first connection.
    explicit script_server(scenario s) : scenario_(std::move(s)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (listener_ < 0 || ::pipe(wake_) != 0) {
            fail_setup("socket");
            return;
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listener_, 4) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            fail_setup("bind/listen");
            return;
        }
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    script_server(const script_server&) = delete;
    script_server& operator=(const script_server&) = delete;
    ~script_server() {
        finish();
        if (listener_ >= 0) ::close(listener_);
        if (wake_[0] >= 0) ::close(wake_[0]);
        if (wake_[1] >= 0) ::close(wake_[1]);
    }

    bool ok() const noexcept { return port_ != 0; }
    std::uint16_t port() const noexcept { return port_; }

    // Waits for the server to end (the client hung up, the script closed, or the 3 s
    // guard). Call it after closing the client to see everything the client sent.
    void finish() {
        if (!thread_.joinable()) return;
        if (wake_[1] >= 0) {
            const char c = 0;
            (void)!::write(wake_[1], &c, 1);  // wakes an accept nobody connected to
        }
        thread_.join();
    }

    std::string received() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return received_;
    }
    std::string received_after_tls() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return tls_at_ == npos ? std::string() : received_.substr(tls_at_);
    }
    std::vector<std::string> errors() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return errors_;
    }
    // Completed server-side TLS handshakes.
    std::size_t handshakes() const noexcept { return handshakes_; }
    // The channel binding as this server computed it for the last handshake: tls-exporter
    // on TLS 1.3 (RFC 9266), else tls-server-end-point of its own certificate (RFC 5929).
    std::string server_binding() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return server_binding_;
    }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    using kind = scenario_step::kind;

    void fail_setup(const char* what) {
        errors_.push_back(std::string("setup: ") + what + " failed");
        port_ = 0;
    }

    void run() {
        pollfd fds[2] = {{listener_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        if (::poll(fds, 2, 5000) <= 0 || !(fds[0].revents & POLLIN)) return;
        fd_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd_ < 0) return;
        timeval guard{3, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &guard, sizeof guard);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &guard, sizeof guard);
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        play();
#if defined(IMAPLIB_USE_WOLFSSL)
        ssl_.reset();
#if defined(FP_ECC)
        // wolfSSL's fixed-point ECC cache is per thread (FP_ECC builds): free it before
        // the thread ends, or LeakSanitizer reports it.
        wc_ecc_fp_free();
#endif
#endif
        ::close(fd_);
        fd_ = -1;
    }

    void play() {
        std::string tag;
        for (std::size_t i = 0; i < scenario_.steps().size(); ++i) {
            const scenario_step& s = scenario_.steps()[i];
            const auto mismatch = [&](std::string_view got) {
                std::lock_guard<std::mutex> lock(mutex_);
                errors_.push_back("step " + std::to_string(i + 1) + ": unexpected \"" + detail::printable(got) + "\"");
            };
            switch (s.what) {
            case kind::expect:
            case kind::expect_line: {
                std::string line;
                if (!read_line(line)) return mismatch(line.empty() ? "<EOF>" : line);
                std::string t;
                std::string_view rest;
                detail::split_command(line, t, rest);
                const bool ok = s.what == kind::expect ? detail::starts_with(rest, s.text)
                                                       : detail::starts_with(line, s.text);
                if (!ok) return mismatch(line);
                if (s.what == kind::expect) tag = t;
                break;
            }
            case kind::expect_literal: {
                std::string bytes;
                if (!read_exact(s.count, bytes)) return mismatch(bytes + "<EOF>");
                break;
            }
            case kind::send: {
                const std::string bytes = detail::with_tag(s.text, tag);
                const std::size_t piece = s.count == 0 ? bytes.size() : s.count;
                for (std::size_t at = 0; at < bytes.size(); at += piece) {
                    if (at != 0 && s.pause.count() > 0) std::this_thread::sleep_for(s.pause);
                    if (!write(bytes.data() + at, std::min(piece, bytes.size() - at))) return;
                }
                break;
            }
            case kind::stall:
                stall(s.pause);
                break;
            case kind::start_tls:
                if (!accept_tls(s.tls)) return mismatch("<TLS handshake failed>");
                break;
            case kind::close:
                return;
            }
        }
        // Scenario over: answer LOGOUT, record anything else until the client hangs up.
        std::string line;
        while (read_line(line)) {
            std::string t;
            std::string_view rest;
            detail::split_command(line, t, rest);
            if (rest == "LOGOUT") {
                const std::string bye = "* BYE logging out\r\n" + t + " OK LOGOUT completed\r\n";
                (void)write(bye.data(), bye.size());
            }
        }
    }

    // Waits `t`, keeping what the client sends for later steps; ends early at EOF.
    void stall(std::chrono::milliseconds t) {
        const auto until = std::chrono::steady_clock::now() + t;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return;
#if defined(IMAPLIB_USE_WOLFSSL)
            if (ssl_) {  // records are wolfSSL's business: just wait
                std::this_thread::sleep_for(left);
                return;
            }
#endif
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char buf[4096];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) return;  // the client hung up (or the guard): stop stalling
            pending_.append(buf, static_cast<std::size_t>(n));
            record(buf, static_cast<std::size_t>(n));
        }
    }

    void record(const char* data, std::size_t n) {
        std::lock_guard<std::mutex> lock(mutex_);
        received_.append(data, n);
    }

    // One byte at a time: never reads past what a step needs (STARTTLS hands the rest
    // of the stream to the TLS layer).
    bool read_byte(char& c) {
        if (!pending_.empty()) {
            c = pending_.front();
            pending_.erase(0, 1);
            return true;
        }
#if defined(IMAPLIB_USE_WOLFSSL)
        if (ssl_) {
            if (wolfSSL_read(ssl_.get(), &c, 1) != 1) return false;
            record(&c, 1);
            return true;
        }
#endif
        ssize_t n;
        do n = ::recv(fd_, &c, 1, 0);
        while (n < 0 && errno == EINTR);
        if (n != 1) {
            if (n < 0) {
                std::lock_guard<std::mutex> lock(mutex_);
                errors_.push_back(std::string("recv: ") + std::strerror(errno));
            }
            return false;
        }
        record(&c, 1);
        return true;
    }

    bool read_line(std::string& line) {
        line.clear();
        char c;
        while (read_byte(c)) {
            line += c;
            if (c == '\n') return true;
        }
        return false;
    }

    bool read_exact(std::size_t n, std::string& out) {
        out.clear();
        char c;
        while (out.size() < n && read_byte(c)) out += c;
        return out.size() == n;
    }

    bool write(const char* data, std::size_t n) {
#if defined(IMAPLIB_USE_WOLFSSL)
        if (ssl_) return wolfSSL_write(ssl_.get(), data, static_cast<int>(n)) == static_cast<int>(n);
#endif
        while (n > 0) {
            const ssize_t w = ::send(fd_, data, n, MSG_NOSIGNAL);
            if (w <= 0) return false;
            data += w;
            n -= static_cast<std::size_t>(w);
        }
        return true;
    }

    bool accept_tls(const server_tls_context& ctx) {
#if defined(IMAPLIB_USE_WOLFSSL)
        if (!ctx || !pending_.empty()) return false;
        ssl_.reset(wolfSSL_new(ctx.get()));
        if (!ssl_) return false;
        server_set_fd(ssl_.get(), fd_);
        if (wolfSSL_accept(ssl_.get()) != WOLFSSL_SUCCESS) {
            ssl_.reset();
            return false;
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            tls_at_ = received_.size();
            server_binding_ = server_side_binding(ssl_.get());
        }
        ++handshakes_;
        return true;
#else
        (void)ctx;
        return false;
#endif
    }

#if defined(IMAPLIB_USE_WOLFSSL)
    static std::string server_side_binding(WOLFSSL* ssl) {
        std::error_code ec;
        if (wolfSSL_version(ssl) == TLS1_3_VERSION) return imaplib::sasl::tls_exporter_binding(ssl, ec);
        WOLFSSL_X509* own = wolfSSL_get_certificate(ssl);  // not owned; the test certificates are SHA-256 signed
        int size = 0;
        const unsigned char* der = own ? wolfSSL_X509_get_der(own, &size) : nullptr;
        std::string out(WC_SHA256_DIGEST_SIZE, '\0');
        if (der == nullptr || size <= 0 ||
            wc_Sha256Hash(der, static_cast<word32>(size), reinterpret_cast<byte*>(out.data())) != 0)
            return {};
        return out;
    }

    struct ssl_free {
        void operator()(WOLFSSL* s) const noexcept { wolfSSL_free(s); }
    };
    std::unique_ptr<WOLFSSL, ssl_free> ssl_;
#endif

    scenario scenario_;
    int listener_ = -1;
    int wake_[2] = {-1, -1};
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::thread thread_;
    std::string pending_;  // client bytes read while stalling, not yet consumed
    mutable std::mutex mutex_;
    std::string received_;
    std::size_t tls_at_ = npos;
    std::string server_binding_;
    std::vector<std::string> errors_;
    std::atomic<std::size_t> handshakes_{0};
};

// ---------------------------------------------------------------------------------
// Certificates and a wolfSSL server context
// ---------------------------------------------------------------------------------
#if defined(IMAPLIB_USE_WOLFSSL)

// Certificates made by tests/support/make-certs.sh: once for the whole CTest run into
// IMAPLIB_TEST_CERTS_DIR (the test_certs fixture, both sets), else once per process into a
// temporary directory (found through IMAPLIB_TEST_SOURCE_DIR, else next to this header).
class test_certs {
public:
    static const test_certs& get() {
        static const test_certs certs;
        return certs;
    }
    bool ok() const noexcept { return ok_; }
    std::string path(std::string_view name) const { return (dir_ / std::string(name)).string(); }
    // Adds the TLS policy tests' certificates (make-certs.sh DIR policy) once; slow
    // (an RSA 2048 key), so only the tests that need them pay for it.
    bool policy_set() const {
        std::call_once(policy_once_, [this] {
            policy_ok_ = ok_ && (shared_ || std::system((command() + " policy").c_str()) == 0);
        });
        return policy_ok_;
    }
    ~test_certs() {
        std::error_code ec;
        if (!dir_.empty() && !shared_) std::filesystem::remove_all(dir_, ec);
    }

private:
    test_certs() {
        if (const char* shared = std::getenv("IMAPLIB_TEST_CERTS_DIR"); shared && *shared) {
            dir_ = shared;
            shared_ = true;
            ok_ = std::filesystem::exists(dir_ / "ca.pem");
            return;
        }
#if defined(IMAPLIB_TEST_SOURCE_DIR)
        const std::filesystem::path script =
            std::filesystem::path(IMAPLIB_TEST_SOURCE_DIR) / "tests" / "support" / "make-certs.sh";
#else
        const std::filesystem::path script = std::filesystem::path(__FILE__).parent_path() / "make-certs.sh";
#endif
        std::string templ = (std::filesystem::temp_directory_path() / "imaplib-hostile-XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr) return;
        dir_ = templ;
        script_ = script.string();
        ok_ = std::system(command().c_str()) == 0;
    }
    std::string command() const { return "sh '" + script_ + "' '" + dir_.string() + "'"; }
    std::filesystem::path dir_;
    std::string script_;
    bool ok_ = false;
    bool shared_ = false;  // made by the CTest fixture: never written or removed here
    mutable std::once_flag policy_once_;
    mutable bool policy_ok_ = false;
};

// A wolfSSL server context presenting NAME.pem / NAME.key from test_certs; null on
// failure.
inline server_tls_context server_context(std::string_view name) {
    if (!imaplib::detail::tls_library_ready()) return nullptr;
    const test_certs& certs = test_certs::get();
    server_tls_context ctx(wolfSSL_CTX_new(wolfSSLv23_server_method()),
                           [](WOLFSSL_CTX* c) { wolfSSL_CTX_free(c); });
    if (!ctx) return nullptr;
    const std::string base(name);
    if (wolfSSL_CTX_use_certificate_chain_file(ctx.get(), certs.path(base + ".pem").c_str()) != WOLFSSL_SUCCESS ||
        wolfSSL_CTX_use_PrivateKey_file(ctx.get(), certs.path(base + ".key").c_str(), WOLFSSL_FILETYPE_PEM) !=
            WOLFSSL_SUCCESS)
        return nullptr;
    return ctx;
}

#endif  // IMAPLIB_USE_WOLFSSL

}  // namespace test
IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TESTS_SUPPORT_SCRIPT_SERVER_HPP
