// Tests for include/imaplib/transport/: the concept traits, the scripted memory
// transport, TCP (loopback server in a thread), TLS and STARTTLS (wolfSSL server in a
// thread, certificates from tests/support/make-certs.sh), and the pipe transport.
//
// The certificate script is found through IMAPLIB_TEST_SOURCE_DIR (the repository
// root) when the build defines it, else next to this file.
#include <imaplib/transport/concept.hpp>
#include <imaplib/transport/memory.hpp>
#if defined(IMAPLIB_USE_ASIO)
#include <imaplib/transport/tcp.hpp>
#endif
#if defined(IMAPLIB_USE_WOLFSSL)
#include <imaplib/transport/tls.hpp>
#include <wolfssl/wolfcrypt/ecc.h>

#include "support/tls_server_io.hpp"
#endif
#if defined(IMAPLIB_HAS_PIPE)
#include <imaplib/transport/pipe.hpp>
#endif

#include <imaplib/imap4.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#if defined(__unix__) || defined(__APPLE__)
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace std::chrono_literals;
using imaplib::errc;

// ---------------------------------------------------------------------------------
// Concept
// ---------------------------------------------------------------------------------
namespace fake {
struct port_part { static constexpr std::uint16_t default_port = 7; };
struct open_part { void open(std::string_view, std::uint16_t, std::error_code&) {} };
struct read_part { std::size_t read_some(char*, std::size_t, std::error_code&) { return 0; } };
struct write_part { void write_all(const char*, std::size_t, std::error_code&) {} };
struct shutdown_part { void shutdown() noexcept {} };
struct timeout_part { void set_timeout(std::optional<std::chrono::milliseconds>) noexcept {} };

struct complete : port_part, open_part, read_part, write_part, shutdown_part, timeout_part {};
struct no_port : open_part, read_part, write_part, shutdown_part, timeout_part {};
struct no_open : port_part, read_part, write_part, shutdown_part, timeout_part {};
struct no_read : port_part, open_part, write_part, shutdown_part, timeout_part {};
struct no_write : port_part, open_part, read_part, shutdown_part, timeout_part {};
struct no_shutdown : port_part, open_part, read_part, write_part, timeout_part {};
struct no_timeout : port_part, open_part, read_part, write_part, shutdown_part {};

// Present but wrong.
struct read_returns_int : port_part, open_part, write_part, shutdown_part, timeout_part {
    int read_some(char*, std::size_t, std::error_code&) { return 0; }
};
struct shutdown_may_throw : port_part, open_part, read_part, write_part, timeout_part {
    void shutdown() {}
};
struct port_is_int : open_part, read_part, write_part, shutdown_part, timeout_part {
    static constexpr int default_port = 143;
};
struct not_movable : complete {
    not_movable() = default;
    not_movable(not_movable&&) = delete;
};
struct with_extras : complete {
    int native_handle() { return 3; }
    void start_tls(const imaplib::tls_context&, std::string_view, std::error_code&) {}
};
}  // namespace fake

static_assert(imaplib::is_transport_v<fake::complete>);
static_assert(imaplib::detail::check_transport<fake::complete>());
IMAPLIB_CHECK_TRANSPORT(fake::complete);
static_assert(!imaplib::is_transport_v<fake::no_port> && !imaplib::has_default_port_v<fake::no_port>);
static_assert(!imaplib::is_transport_v<fake::no_open> && !imaplib::has_open_v<fake::no_open>);
static_assert(!imaplib::is_transport_v<fake::no_read> && !imaplib::has_read_some_v<fake::no_read>);
static_assert(!imaplib::is_transport_v<fake::no_write> && !imaplib::has_write_all_v<fake::no_write>);
static_assert(!imaplib::is_transport_v<fake::no_shutdown> &&
              !imaplib::has_shutdown_v<fake::no_shutdown>);
static_assert(!imaplib::is_transport_v<fake::no_timeout> &&
              !imaplib::has_set_timeout_v<fake::no_timeout>);
// Each missing operation fails only its own sub-trait.
static_assert(imaplib::has_open_v<fake::no_read> && imaplib::has_write_all_v<fake::no_read>);
static_assert(!imaplib::has_read_some_v<fake::read_returns_int>);
static_assert(!imaplib::has_shutdown_v<fake::shutdown_may_throw>);
static_assert(!imaplib::has_default_port_v<fake::port_is_int>);
static_assert(!imaplib::is_transport_v<fake::not_movable>);
static_assert(!imaplib::is_transport_v<int>);
static_assert(!imaplib::has_native_handle_v<fake::complete>);
static_assert(!imaplib::has_start_tls_v<fake::complete>);
static_assert(imaplib::has_native_handle_v<fake::with_extras>);
static_assert(imaplib::has_start_tls_v<fake::with_extras>);
#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
static_assert(imaplib::transport<fake::complete>);
static_assert(!imaplib::transport<fake::no_read>);
#endif

static_assert(imaplib::is_transport_v<imaplib::memory_transport>);
static_assert(imaplib::has_start_tls_v<imaplib::memory_transport>);
static_assert(!imaplib::has_native_handle_v<imaplib::memory_transport>);
static_assert(imaplib::memory_transport::default_port == 143);
#if defined(IMAPLIB_USE_ASIO)
static_assert(imaplib::is_transport_v<imaplib::tcp_transport>);
static_assert(imaplib::has_native_handle_v<imaplib::tcp_transport>);
static_assert(imaplib::has_error_detail_v<imaplib::tcp_transport>);
static_assert(imaplib::tcp_transport::default_port == 143);
static_assert(imaplib::has_start_tls_v<imaplib::tcp_transport> ==
#if defined(IMAPLIB_USE_WOLFSSL)
              true
#else
              false
#endif
);
#endif
#if defined(IMAPLIB_USE_WOLFSSL)
static_assert(imaplib::is_transport_v<imaplib::tls_transport>);
static_assert(!imaplib::has_start_tls_v<imaplib::tls_transport>);
static_assert(imaplib::tls_transport::default_port == 993);
#endif
#if defined(IMAPLIB_HAS_PIPE)
static_assert(imaplib::is_transport_v<imaplib::pipe_transport>);
static_assert(imaplib::has_native_handle_v<imaplib::pipe_transport>);
static_assert(!imaplib::has_start_tls_v<imaplib::pipe_transport>);
static_assert(imaplib::pipe_transport::default_port == 0);
#endif

namespace {

// Reads until `n` bytes arrived or an error; returns what arrived.
template <class T>
std::string read_exactly(T& t, std::size_t n, std::error_code& ec) {
    std::string out;
    char buf[256];
    while (out.size() < n) {
        const std::size_t got = t.read_some(buf, std::min(sizeof buf, n - out.size()), ec);
        if (ec) break;
        out.append(buf, got);
    }
    return out;
}

// Reads until CRLF (byte by byte: never past the line, as before STARTTLS).
template <class T>
std::string read_line(T& t, std::error_code& ec) {
    std::string out;
    char c;
    while (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) {
        if (t.read_some(&c, 1, ec) != 1 || ec) break;
        out.push_back(c);
    }
    return out;
}

// Reads until the transport reports an error; returns everything read.
template <class T>
std::string read_to_error(T& t, std::error_code& ec) {
    std::string out;
    char buf[256];
    for (;;) {
        const std::size_t got = t.read_some(buf, sizeof buf, ec);
        if (ec) return out;
        out.append(buf, got);
    }
}

}  // namespace

// ---------------------------------------------------------------------------------
// Memory transport
// ---------------------------------------------------------------------------------
TEST_CASE("memory: queued bytes are read, in chunks when asked, then EOF", "[transport][memory]") {
    imaplib::memory_transport t;
    auto script = t.script();
    script->push("* OK hello\r\n");
    std::error_code ec;
    t.open("imap.example", 143, ec);
    REQUIRE_FALSE(ec);
    CHECK(script->host == "imap.example");
    CHECK(script->port == 143);

    SECTION("whole") {
        char buf[64];
        const std::size_t n = t.read_some(buf, sizeof buf, ec);
        REQUIRE_FALSE(ec);
        CHECK(std::string(buf, n) == "* OK hello\r\n");
    }
    SECTION("one byte per read") {
        script->chunk = 1;
        char buf[64];
        std::string got;
        for (int i = 0; i < 12; ++i) {
            REQUIRE(t.read_some(buf, sizeof buf, ec) == 1);
            got.push_back(buf[0]);
        }
        CHECK(got == "* OK hello\r\n");
        CHECK(script->reads == 12);
    }
    SECTION("small buffer") {
        char buf[4];
        CHECK(t.read_some(buf, sizeof buf, ec) == 4);
        CHECK(script->pending() == 8);
    }
    std::string rest = read_to_error(t, ec);
    CHECK(ec == errc::connection_closed);
    CHECK(imaplib::kind_of(ec) == imaplib::error_kind::abort);
}

TEST_CASE("memory: a responder answers each command line by its tag", "[transport][memory]") {
    auto script = std::make_shared<imaplib::memory_script>();
    std::vector<std::string> lines;
    script->on_line = [&](std::string_view line) {
        lines.emplace_back(line);
        const std::string tag(line.substr(0, line.find(' ')));
        return tag + " OK done\r\n";
    };
    imaplib::memory_transport t(script);
    std::error_code ec;
    // One command over two writes: the responder sees it once, whole.
    t.write_all("a1 NO", 5, ec);
    REQUIRE_FALSE(ec);
    CHECK(script->pending() == 0);
    t.write_all("OP\r\n", 4, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(lines == std::vector<std::string>{"a1 NOOP\r\n"});
    CHECK(read_line(t, ec) == "a1 OK done\r\n");
    CHECK(script->output == "a1 NOOP\r\n");
    CHECK(script->writes == 2);

    // A bare LF does not end a line.
    const std::string odd = "a2 X\nY\r\n";
    t.write_all(odd.data(), odd.size(), ec);
    CHECK(lines.back() == odd);
}

TEST_CASE("memory: literal data after {N} goes to on_literal", "[transport][memory]") {
    auto script = std::make_shared<imaplib::memory_script>();
    std::vector<std::string> lines, literals;
    script->on_line = [&](std::string_view line) -> std::string {
        lines.emplace_back(line);
        return line.size() >= 3 && line.substr(line.size() - 3) == "}\r\n" &&
                       line.find("+}") == std::string_view::npos
                   ? "+ Ready\r\n"
                   : "";
    };
    script->on_literal = [&](std::string_view lit) {
        literals.emplace_back(lit);
        return std::string();
    };
    imaplib::memory_transport t(script);
    std::error_code ec;
    const std::string first = "a1 LOGIN {5}\r\n";
    t.write_all(first.data(), first.size(), ec);
    CHECK(read_line(t, ec) == "+ Ready\r\n");
    // The literal contains a CRLF: it is data, not a line.
    const std::string rest = "al\r\nx {6+}\r\nsecret\r\n";
    t.write_all(rest.data(), rest.size(), ec);
    REQUIRE_FALSE(ec);
    CHECK(lines == std::vector<std::string>{"a1 LOGIN {5}\r\n", " {6+}\r\n", "\r\n"});
    CHECK(literals == std::vector<std::string>{"al\r\nx", "secret"});
    CHECK(script->output == first + rest);
}

TEST_CASE("memory: an empty queue can time out instead of EOF", "[transport][memory]") {
    imaplib::memory_transport t;
    t.script()->on_empty = imaplib::memory_script::when_empty::timeout;
    t.set_timeout(200ms);
    CHECK(t.script()->timeout == 200ms);
    std::error_code ec;
    char c;
    CHECK(t.read_some(&c, 1, ec) == 0);
    CHECK(ec == errc::timeout);
    // After a timeout the transport is dead.
    t.script()->push("late");
    CHECK(t.read_some(&c, 1, ec) == 0);
    CHECK(ec == errc::transport_error);
    CHECK(t.script()->closed);
}

TEST_CASE("memory: the Nth read or write fails with the given code", "[transport][memory]") {
    imaplib::memory_transport t;
    auto script = t.script();
    script->push("abcdef");
    script->chunk = 2;
    script->fail_read_at = 2;
    script->read_error = std::make_error_code(std::errc::connection_reset);
    std::error_code ec;
    char buf[8];
    CHECK(t.read_some(buf, sizeof buf, ec) == 2);
    CHECK_FALSE(ec);
    CHECK(t.read_some(buf, sizeof buf, ec) == 0);
    CHECK(ec == std::errc::connection_reset);
    CHECK(t.read_some(buf, sizeof buf, ec) == 0);
    CHECK(ec == errc::transport_error);

    imaplib::memory_transport w;
    w.script()->fail_write_at = 3;
    for (int i = 1; i <= 2; ++i) {
        w.write_all("x", 1, ec);
        CHECK_FALSE(ec);
    }
    w.write_all("y", 1, ec);
    CHECK(ec == errc::transport_error);
    CHECK(w.script()->output == "xx");

    imaplib::memory_transport o;
    o.script()->open_error = make_error_code(errc::resolve_failed);
    o.open("nowhere", 143, ec);
    CHECK(ec == errc::resolve_failed);
    CHECK_FALSE(o.script()->open);
}

TEST_CASE("memory: start_tls is recorded with what was pending", "[transport][memory]") {
    imaplib::memory_transport t;
    auto script = t.script();
    script->on_line = [](std::string_view line) -> std::string {
        if (line == "a1 STARTTLS\r\n") return "a1 OK begin\r\n* injected\r\n";
        return "";
    };
    std::error_code ec;
    t.write_all("a1 STARTTLS\r\n", 13, ec);
    CHECK(read_line(t, ec) == "a1 OK begin\r\n");
    const struct {} any_context{};
    bool hook_ran = false;
    script->on_start_tls = [&](imaplib::memory_script& s) {
        hook_ran = true;
        CHECK(s.start_tls_calls == 1);
    };
    t.start_tls(any_context, "imap.example", ec);
    REQUIRE_FALSE(ec);
    CHECK(hook_ran);
    CHECK(script->tls_active);
    CHECK(script->start_tls_host == "imap.example");
    CHECK(script->pending_at_start_tls == std::string("* injected\r\n").size());
    CHECK(script->output_at_start_tls == 13);

    imaplib::memory_transport f;
    f.script()->start_tls_error = make_error_code(errc::tls_verify_failed);
    f.start_tls(any_context, "h", ec);
    CHECK(ec == errc::tls_verify_failed);
    CHECK(f.script()->closed);
}

TEST_CASE("memory: the script outlives a move of the transport", "[transport][memory]") {
    imaplib::memory_transport t;
    std::weak_ptr<imaplib::memory_script> handle = t.script();
    imaplib::memory_transport moved(std::move(t));
    t.shutdown();  // a moved-from transport may still be shut down
    std::error_code ec;
    moved.write_all("a1 NOOP\r\n", 9, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(handle.lock());
    CHECK(handle.lock()->output == "a1 NOOP\r\n");
    moved.shutdown();
    CHECK(handle.lock()->closed);
}

// ---------------------------------------------------------------------------------
// TCP
// ---------------------------------------------------------------------------------
#if defined(IMAPLIB_USE_ASIO)
namespace {

// One-connection server on loopback; `body` runs in a thread with the accepted socket.
class loopback_server {
public:
    using body_fn = std::function<void(asio::ip::tcp::socket&)>;

    explicit loopback_server(body_fn body, const char* address = "127.0.0.1")
        : acceptor_(io_) {
        const asio::ip::tcp::endpoint ep(asio::ip::make_address(address), 0);
        acceptor_.open(ep.protocol(), err_);
        if (!err_) acceptor_.bind(ep, err_);
        if (!err_) acceptor_.listen(asio::socket_base::max_listen_connections, err_);
        if (err_) return;
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this, body = std::move(body)] {
            asio::ip::tcp::socket s(io_);
            std::error_code ec;
            acceptor_.accept(s, ec);
            if (ec) return;
            // Never let a broken test hang the server thread.
            struct timeval tv = {3, 0};
            ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            ::setsockopt(s.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            body(s);
#if defined(IMAPLIB_USE_WOLFSSL) && defined(FP_ECC)
            // wolfSSL's fixed-point ECC cache is per thread: free it before the thread
            // ends (wolfSSL's rule for FP_ECC builds), or LeakSanitizer reports it.
            wc_ecc_fp_free();
#endif
        });
    }
    ~loopback_server() { join(); }
    // Waits for the server thread; wakes an accept() nobody connected to (Linux).
    void join() {
        if (acceptor_.is_open()) ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
        if (thread_.joinable()) thread_.join();
    }
    bool ok() const { return !err_; }
    std::uint16_t port() const { return port_; }

private:
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_;
    std::error_code err_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

std::string server_read_line(asio::ip::tcp::socket& s) {
    std::string line;
    char c;
    std::error_code ec;
    while (line.size() < 2 || line.compare(line.size() - 2, 2, "\r\n") != 0) {
        if (s.read_some(asio::buffer(&c, 1), ec) != 1 || ec) break;
        line.push_back(c);
    }
    return line;
}

void server_write(asio::ip::tcp::socket& s, std::string_view text) {
    std::error_code ec;
    asio::write(s, asio::buffer(text.data(), text.size()), ec);
}

// Blocks until the client closes (or the socket's receive timeout).
void server_wait_for_close(asio::ip::tcp::socket& s) {
    char c;
    std::error_code ec;
    while (!ec) s.read_some(asio::buffer(&c, 1), ec);
}

}  // namespace

TEST_CASE("tcp: connect, exchange a command, EOF", "[transport][tcp]") {
    std::string seen;
    loopback_server server([&](asio::ip::tcp::socket& s) {
        server_write(s, "* OK ready\r\n");
        seen = server_read_line(s);
        server_write(s, "a1 OK done\r\n");
    });
    REQUIRE(server.ok());
    imaplib::tcp_transport t;
    t.set_timeout(5s);
    std::error_code ec;
    t.open("127.0.0.1", server.port(), ec);
    REQUIRE_FALSE(ec);
    CHECK(t.native_handle() >= 0);
    CHECK(read_line(t, ec) == "* OK ready\r\n");
    t.write_all("a1 NOOP\r\n", 9, ec);
    REQUIRE_FALSE(ec);
    CHECK(read_line(t, ec) == "a1 OK done\r\n");
    CHECK(read_to_error(t, ec).empty());
    CHECK(ec == errc::connection_closed);
    t.shutdown();
    CHECK_FALSE(t.is_open());
    char c;
    CHECK(t.read_some(&c, 1, ec) == 0);
    CHECK(ec == errc::transport_error);
    server.join();  // `seen` is written
    CHECK(seen == "a1 NOOP\r\n");
}

TEST_CASE("tcp: a host name resolving to several addresses tries each", "[transport][tcp]") {
    // "localhost" may resolve to ::1 first; the server listens on 127.0.0.1 only.
    loopback_server server([](asio::ip::tcp::socket& s) { server_write(s, "* OK\r\n"); });
    REQUIRE(server.ok());
    imaplib::tcp_transport t;
    t.set_timeout(5s);
    std::error_code ec;
    t.open("localhost", server.port(), ec);
    REQUIRE_FALSE(ec);
    CHECK(read_line(t, ec) == "* OK\r\n");
}

TEST_CASE("tcp: a server that stalls makes a read time out and kills the transport",
          "[transport][tcp]") {
    loopback_server server([](asio::ip::tcp::socket& s) { server_wait_for_close(s); });
    REQUIRE(server.ok());
    imaplib::tcp_transport t;
    t.set_timeout(200ms);
    std::error_code ec;
    t.open("127.0.0.1", server.port(), ec);
    REQUIRE_FALSE(ec);
    char buf[16];
    CHECK(t.read_some(buf, sizeof buf, ec) == 0);
    CHECK(ec == errc::timeout);
    CHECK_FALSE(t.is_open());
    t.write_all("x", 1, ec);
    CHECK(ec == errc::transport_error);
}

TEST_CASE("tcp: connection refused, unresolvable host", "[transport][tcp]") {
    std::uint16_t port = 0;
    {
        asio::io_context io;
        asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        port = a.local_endpoint().port();
    }  // closed: nothing listens there now
    imaplib::tcp_transport t;
    t.set_timeout(2s);
    std::error_code ec;
    t.open("127.0.0.1", port, ec);
    CHECK(ec == std::errc::connection_refused);
    CHECK(imaplib::kind_of(ec) == imaplib::error_kind::abort);
    CHECK_FALSE(t.error_detail().empty());

    t.open("imaplib-test.invalid", 143, ec);  // RFC 6761 section 6.4: never resolves
    CHECK(ec == errc::resolve_failed);
}

TEST_CASE("tcp: IPv6 loopback", "[transport][tcp]") {
    loopback_server server([](asio::ip::tcp::socket& s) { server_write(s, "* OK v6\r\n"); }, "::1");
    if (!server.ok()) {
        WARN("no IPv6 loopback here; skipped");
        return;
    }
    imaplib::tcp_transport t;
    t.set_timeout(5s);
    std::error_code ec;
    t.open("::1", server.port(), ec);
    REQUIRE_FALSE(ec);
    CHECK(read_line(t, ec) == "* OK v6\r\n");
}

TEST_CASE("tcp: the transport moves with its connection", "[transport][tcp]") {
    loopback_server server([](asio::ip::tcp::socket& s) { server_write(s, "* OK moved\r\n"); });
    REQUIRE(server.ok());
    imaplib::tcp_transport t;
    std::error_code ec;
    t.open("127.0.0.1", server.port(), ec);
    REQUIRE_FALSE(ec);
    imaplib::tcp_transport u(std::move(t));
    CHECK(read_line(u, ec) == "* OK moved\r\n");
    char c;
    CHECK(t.read_some(&c, 1, ec) == 0);
    CHECK(ec == errc::transport_error);
}
#endif  // IMAPLIB_USE_ASIO

// ---------------------------------------------------------------------------------
// TLS and STARTTLS
// ---------------------------------------------------------------------------------
#if defined(IMAPLIB_USE_WOLFSSL)
namespace {

// Certificates made once per run by tests/support/make-certs.sh into a temp dir.
class cert_dir {
public:
    static const cert_dir& get() {
        static const cert_dir dir;
        return dir;
    }
    std::string path(const char* name) const { return (dir_ / name).string(); }
    bool ok() const { return ok_; }
    ~cert_dir() {
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }

private:
    cert_dir() {
#if defined(IMAPLIB_TEST_SOURCE_DIR)
        const std::filesystem::path script =
            std::filesystem::path(IMAPLIB_TEST_SOURCE_DIR) / "tests" / "support" / "make-certs.sh";
#else
        const std::filesystem::path script =
            std::filesystem::path(__FILE__).parent_path() / "support" / "make-certs.sh";
#endif
        std::string templ = (std::filesystem::temp_directory_path() / "imaplib-tls-XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr) return;
        dir_ = templ;
        const std::string cmd = "sh '" + script.string() + "' '" + dir_.string() + "'";
        ok_ = std::system(cmd.c_str()) == 0;
    }
    std::filesystem::path dir_;
    bool ok_ = false;
};

struct wolf_ctx_free {
    void operator()(WOLFSSL_CTX* c) const { wolfSSL_CTX_free(c); }
};
struct wolf_free {
    void operator()(WOLFSSL* s) const { wolfSSL_free(s); }
};

// A wolfSSL server context with the given certificate.
std::shared_ptr<WOLFSSL_CTX> server_ctx(const std::string& cert, const std::string& key,
                                        bool tls12_only = false) {
    (void)imaplib::detail::tls_library_ready();
    std::shared_ptr<WOLFSSL_CTX> ctx(
        wolfSSL_CTX_new(tls12_only ? wolfTLSv1_2_server_method() : wolfSSLv23_server_method()),
        wolf_ctx_free{});
    REQUIRE(ctx);
    REQUIRE(wolfSSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) == WOLFSSL_SUCCESS);
    REQUIRE(wolfSSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), WOLFSSL_FILETYPE_PEM) ==
            WOLFSSL_SUCCESS);
    return ctx;
}

// Server body: TLS handshake on the accepted socket, greet, answer one line.
loopback_server::body_fn tls_server(std::shared_ptr<WOLFSSL_CTX> ctx, std::atomic<int>* accepted,
                                    bool stall_after_handshake = false) {
    return [ctx, accepted, stall_after_handshake](asio::ip::tcp::socket& s) {
        std::unique_ptr<WOLFSSL, wolf_free> ssl(wolfSSL_new(ctx.get()));
        imaplib::test::server_set_fd(ssl.get(), s.native_handle());
        if (wolfSSL_accept(ssl.get()) != WOLFSSL_SUCCESS) return;
        if (accepted) ++*accepted;
        if (stall_after_handshake) {
            server_wait_for_close(s);
            return;
        }
        wolfSSL_write(ssl.get(), "* OK tls\r\n", 10);
        char buf[64];
        const int n = wolfSSL_read(ssl.get(), buf, sizeof buf);
        if (n > 0) {
            std::string reply = std::string(buf, static_cast<std::size_t>(n)).substr(0, 2) + " OK\r\n";
            wolfSSL_write(ssl.get(), reply.data(), static_cast<int>(reply.size()));
        }
    };
}

std::shared_ptr<imaplib::tls_context> ctx_trusting_test_ca() {
    auto ctx = std::make_shared<imaplib::tls_context>();
    std::error_code ec;
    ctx->load_verify_file(cert_dir::get().path("ca.pem"), ec);
    REQUIRE_FALSE(ec);
    return ctx;
}

// Connects a tls_transport to a server presenting `name`.pem; returns the open error.
std::error_code tls_connect(std::shared_ptr<imaplib::tls_context> ctx, const char* name,
                            const char* host, std::string* why = nullptr,
                            std::atomic<int>* accepted = nullptr) {
    const cert_dir& certs = cert_dir::get();
    loopback_server server(tls_server(server_ctx(certs.path((std::string(name) + ".pem").c_str()),
                                                 certs.path((std::string(name) + ".key").c_str())),
                                      accepted));
    REQUIRE(server.ok());
    imaplib::tls_transport t(ctx);
    t.set_timeout(5s);
    std::error_code ec;
    t.open(host, server.port(), ec);
    if (why) *why = t.error_detail();
    if (!ec) {
        // The connection must work, not merely open.
        std::error_code io;
        CHECK(read_line(t, io) == "* OK tls\r\n");
        t.write_all("a7 NOOP\r\n", 9, io);
        CHECK(read_line(t, io) == "a7 OK\r\n");
        CHECK_FALSE(io);
    }
    t.shutdown();
    return ec;
}

}  // namespace

TEST_CASE("tls: a certificate from the trusted CA verifies by IP and by name", "[transport][tls]") {
    REQUIRE(cert_dir::get().ok());
    std::atomic<int> accepted{0};
    CHECK_FALSE(tls_connect(ctx_trusting_test_ca(), "server", "127.0.0.1", nullptr, &accepted));
    CHECK_FALSE(tls_connect(ctx_trusting_test_ca(), "server", "localhost", nullptr, &accepted));
    CHECK(accepted == 2);
}

TEST_CASE("tls: bad certificates fail verification with a reason", "[transport][tls]") {
    REQUIRE(cert_dir::get().ok());
    std::string why;
    SECTION("wrong host name") {
        CHECK(tls_connect(ctx_trusting_test_ca(), "wronghost", "localhost", &why) ==
              errc::tls_verify_failed);
        CHECK_THAT(why, Catch::Contains("host name mismatch"));
    }
    SECTION("wrong IP address") {
        CHECK(tls_connect(ctx_trusting_test_ca(), "wronghost", "127.0.0.1", &why) ==
              errc::tls_verify_failed);
        CHECK_THAT(why, Catch::Contains("host name mismatch"));
    }
    SECTION("expired") {
        CHECK(tls_connect(ctx_trusting_test_ca(), "expired", "localhost", &why) ==
              errc::tls_verify_failed);
        CHECK_THAT(why, Catch::Contains("expired"));
    }
    SECTION("self-signed") {
        CHECK(tls_connect(ctx_trusting_test_ca(), "selfsigned", "localhost", &why) ==
              errc::tls_verify_failed);
        CHECK_THAT(why, Catch::Contains("self-signed"));
    }
    SECTION("unknown CA: the system store does not know the test CA") {
        CHECK(tls_connect(std::make_shared<imaplib::tls_context>(), "server", "localhost", &why) ==
              errc::tls_verify_failed);
        CHECK_THAT(why, Catch::Contains("unknown CA"));
    }
    CHECK(imaplib::kind_of(make_error_code(errc::tls_verify_failed)) == imaplib::error_kind::abort);
}

TEST_CASE("tls: switching verification off", "[transport][tls]") {
    REQUIRE(cert_dir::get().ok());
    auto ctx = std::make_shared<imaplib::tls_context>();
    CHECK(ctx->verify());
    CHECK(ctx->check_hostname());
    ctx->set_verify(false);
    CHECK_FALSE(tls_connect(ctx, "selfsigned", "localhost"));

    auto names_off = ctx_trusting_test_ca();
    names_off->set_check_hostname(false);
    CHECK_FALSE(tls_connect(names_off, "wronghost", "localhost"));
    // ...but the chain is still checked.
    CHECK(tls_connect(names_off, "selfsigned", "localhost") == errc::tls_verify_failed);
}

TEST_CASE("tls: minimum version and client certificates", "[transport][tls]") {
    REQUIRE(cert_dir::get().ok());
    const cert_dir& certs = cert_dir::get();
    SECTION("TLS 1.3 required, server offers 1.2 only") {
        auto ctx = ctx_trusting_test_ca();
        std::error_code ec;
        ctx->set_min_version(imaplib::tls_version::tls1_3, ec);
        REQUIRE_FALSE(ec);
        loopback_server server(tls_server(
            server_ctx(certs.path("server.pem"), certs.path("server.key"), true), nullptr));
        imaplib::tls_transport t(ctx);
        t.set_timeout(5s);
        t.open("127.0.0.1", server.port(), ec);
        CHECK(ec == errc::tls_handshake_failed);
    }
    SECTION("server requires a client certificate") {
        auto sctx = server_ctx(certs.path("server.pem"), certs.path("server.key"));
        REQUIRE(wolfSSL_CTX_load_verify_locations(sctx.get(), certs.path("ca.pem").c_str(),
                                                  nullptr) == WOLFSSL_SUCCESS);
        wolfSSL_CTX_set_verify(sctx.get(),
                               WOLFSSL_VERIFY_PEER | WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
        std::atomic<int> accepted{0};
        auto ctx = ctx_trusting_test_ca();
        std::error_code ec;
        const bool with_cert = GENERATE(false, true);
        if (with_cert) {
            ctx->use_certificate(certs.path("server.pem"), certs.path("server.key"), ec);
            REQUIRE_FALSE(ec);
        }
        {
            loopback_server server(tls_server(sctx, &accepted));
            imaplib::tls_transport t(ctx);
            t.set_timeout(5s);
            t.open("127.0.0.1", server.port(), ec);
            if (!ec) {
                // TLS 1.3: the server's verdict on our certificate arrives after our side
                // of the handshake is done, so look at the first read.
                (void)read_line(t, ec);
            }
            t.shutdown();
        }
        CHECK(accepted == (with_cert ? 1 : 0));
        CHECK(static_cast<bool>(ec) == !with_cert);
    }
    SECTION("imaplib's keyfile/certfile: not together with a context") {
        std::error_code ec;
        std::string why;
        (void)imaplib::tls_transport::with_certificate(certs.path("server.key"), certs.path("server.pem"),
                                                       ctx_trusting_test_ca(), ec, why);
        CHECK(ec == errc::invalid_argument);
        CHECK(why == "ssl_context and keyfile arguments are mutually exclusive");
        (void)imaplib::tls_transport::with_certificate(std::nullopt, certs.path("server.pem"), ctx_trusting_test_ca(),
                                                       ec, why);
        CHECK(why == "ssl_context and certfile arguments are mutually exclusive");
        // The client's constructor refuses before connecting anywhere (port 1: nobody there).
        CHECK_THROWS_WITH(imaplib::imap4_ssl("127.0.0.1", 1, certs.path("server.key"), certs.path("server.pem"),
                                             ctx_trusting_test_ca()),
                          "ssl_context and keyfile arguments are mutually exclusive");
        // Files alone make a context that carries the certificate.
        (void)imaplib::tls_transport::with_certificate(certs.path("server.key"), certs.path("server.pem"), nullptr,
                                                       ec, why);
        CHECK_FALSE(ec);
        (void)imaplib::tls_transport::with_certificate(std::nullopt, certs.path("no-such.pem"), nullptr, ec, why);
        CHECK(ec == errc::invalid_argument);
    }
    SECTION("missing files are reported") {
        imaplib::tls_context ctx;
        std::error_code ec;
        ctx.load_verify_file(certs.path("no-such.pem"), ec);
        CHECK(ec == errc::invalid_argument);
        CHECK_FALSE(ctx.error_detail().empty());
        ctx.use_certificate(certs.path("no-such.pem"), "", ec);
        CHECK(ec == errc::invalid_argument);
    }
}

TEST_CASE("tls: a plaintext server on the TLS port fails, never hangs", "[transport][tls]") {
    loopback_server server([](asio::ip::tcp::socket& s) {
        server_write(s, "* OK IMAP4rev1 plaintext\r\n");
        server_wait_for_close(s);
    });
    imaplib::tls_transport t(std::make_shared<imaplib::tls_context>());
    t.set_timeout(500ms);
    std::error_code ec;
    t.open("127.0.0.1", server.port(), ec);
    CHECK((ec == errc::tls_handshake_failed || ec == errc::timeout));
    CHECK(imaplib::kind_of(ec) == imaplib::error_kind::abort);
}

TEST_CASE("tls: a read on a stalled TLS connection times out", "[transport][tls]") {
    REQUIRE(cert_dir::get().ok());
    const cert_dir& certs = cert_dir::get();
    loopback_server server(tls_server(server_ctx(certs.path("server.pem"), certs.path("server.key")),
                                      nullptr, /*stall_after_handshake=*/true));
    imaplib::tls_transport t(ctx_trusting_test_ca());
    t.set_timeout(200ms);
    std::error_code ec;
    t.open("127.0.0.1", server.port(), ec);
    REQUIRE_FALSE(ec);
    char buf[16];
    CHECK(t.read_some(buf, sizeof buf, ec) == 0);
    CHECK(ec == errc::timeout);
    CHECK(t.ssl() == nullptr);
    t.write_all("x", 1, ec);
    CHECK(ec == errc::transport_error);
}

TEST_CASE("tcp: STARTTLS upgrades the connection in place", "[transport][tls][starttls]") {
    REQUIRE(cert_dir::get().ok());
    const cert_dir& certs = cert_dir::get();
    auto sctx = server_ctx(certs.path("server.pem"), certs.path("server.key"));
    std::string secret_line;
    loopback_server server([&](asio::ip::tcp::socket& s) {
        server_write(s, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
        if (server_read_line(s) != "a1 STARTTLS\r\n") return;
        server_write(s, "a1 OK Begin TLS negotiation now\r\n");
        std::unique_ptr<WOLFSSL, wolf_free> ssl(wolfSSL_new(sctx.get()));
        imaplib::test::server_set_fd(ssl.get(), s.native_handle());
        if (wolfSSL_accept(ssl.get()) != WOLFSSL_SUCCESS) return;
        char buf[64];
        const int n = wolfSSL_read(ssl.get(), buf, sizeof buf);
        if (n > 0) secret_line.assign(buf, static_cast<std::size_t>(n));
        wolfSSL_write(ssl.get(), "a2 OK secure\r\n", 14);
    });
    imaplib::tcp_transport t;
    t.set_timeout(5s);
    std::error_code ec;
    t.open("127.0.0.1", server.port(), ec);
    REQUIRE_FALSE(ec);
    CHECK(read_line(t, ec) == "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
    t.write_all("a1 STARTTLS\r\n", 13, ec);
    CHECK(read_line(t, ec) == "a1 OK Begin TLS negotiation now\r\n");
    CHECK_FALSE(t.tls_active());
    auto ctx = ctx_trusting_test_ca();
    t.start_tls(*ctx, "127.0.0.1", ec);
    REQUIRE_FALSE(ec);
    CHECK(t.tls_active());
    t.write_all("a2 LOGIN u p\r\n", 14, ec);
    CHECK(read_line(t, ec) == "a2 OK secure\r\n");
    CHECK_FALSE(ec);
    t.start_tls(*ctx, "127.0.0.1", ec);
    CHECK(ec == errc::illegal_state);
    t.shutdown();
    server.join();
    CHECK(secret_line == "a2 LOGIN u p\r\n");
}

TEST_CASE("tcp: bytes after the STARTTLS response are an injection", "[transport][tls][starttls]") {
    REQUIRE(cert_dir::get().ok());
    loopback_server server([](asio::ip::tcp::socket& s) {
        if (server_read_line(s) != "a1 STARTTLS\r\n") return;
        // One write: the injected line is on the client's socket with the OK.
        server_write(s, "a1 OK Begin TLS\r\n* 1 EXISTS\r\n");
        server_wait_for_close(s);
    });
    imaplib::tcp_transport t;
    t.set_timeout(5s);
    std::error_code ec;
    t.open("127.0.0.1", server.port(), ec);
    REQUIRE_FALSE(ec);
    t.write_all("a1 STARTTLS\r\n", 13, ec);
    REQUIRE(read_line(t, ec) == "a1 OK Begin TLS\r\n");
    // Let the whole segment arrive (it was one write; loopback delivers it at once,
    // but do not depend on scheduling).
    for (int i = 0; i < 200 && t.native_handle() >= 0; ++i) {
        int pending = 0;
        if (::ioctl(t.native_handle(), FIONREAD, &pending) == 0 && pending > 0) break;
        std::this_thread::sleep_for(5ms);
    }
    t.start_tls(*ctx_trusting_test_ca(), "127.0.0.1", ec);
    CHECK(ec == errc::starttls_injection);
    CHECK_FALSE(t.is_open());
}

TEST_CASE("tcp: STARTTLS against an untrusted certificate closes the connection",
          "[transport][tls][starttls]") {
    REQUIRE(cert_dir::get().ok());
    const cert_dir& certs = cert_dir::get();
    auto sctx = server_ctx(certs.path("selfsigned.pem"), certs.path("selfsigned.key"));
    loopback_server server([&](asio::ip::tcp::socket& s) {
        std::unique_ptr<WOLFSSL, wolf_free> ssl(wolfSSL_new(sctx.get()));
        imaplib::test::server_set_fd(ssl.get(), s.native_handle());
        (void)wolfSSL_accept(ssl.get());
    });
    imaplib::tcp_transport t;
    t.set_timeout(5s);
    std::error_code ec;
    t.open("localhost", server.port(), ec);
    REQUIRE_FALSE(ec);
    t.start_tls(*ctx_trusting_test_ca(), "localhost", ec);
    CHECK(ec == errc::tls_verify_failed);
    CHECK_FALSE(t.is_open());
}
#endif  // IMAPLIB_USE_WOLFSSL

// ---------------------------------------------------------------------------------
// Pipe
// ---------------------------------------------------------------------------------
#if defined(IMAPLIB_HAS_PIPE)
namespace {

// True when `pid` is no longer our child: reaped, no zombie.
bool reaped(pid_t pid) {
    int status = 0;
    return ::waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD;
}

}  // namespace

TEST_CASE("pipe: a cat child echoes what we write", "[transport][pipe]") {
    imaplib::pipe_transport t("cat");
    t.set_timeout(5s);
    std::error_code ec;
    t.open("ignored", 0, ec);
    REQUIRE_FALSE(ec);
    CHECK(t.native_handle() >= 0);
    const pid_t pid = t.pid();
    REQUIRE(pid > 0);
    t.write_all("a1 NOOP\r\n", 9, ec);
    REQUIRE_FALSE(ec);
    CHECK(read_exactly(t, 9, ec) == "a1 NOOP\r\n");
    // A move keeps the child.
    imaplib::pipe_transport u(std::move(t));
    CHECK(t.pid() == -1);
    u.write_all("x\r\n", 3, ec);
    CHECK(read_exactly(u, 3, ec) == "x\r\n");
    u.shutdown();
    CHECK(reaped(pid));
    CHECK(u.exit_status() == 0);
    CHECK(u.native_handle() == -1);
}

TEST_CASE("pipe: output then EOF", "[transport][pipe]") {
    imaplib::pipe_transport t("printf '* PREAUTH ready\\r\\n'");
    std::error_code ec;
    t.open("", 0, ec);
    REQUIRE_FALSE(ec);
    CHECK(read_to_error(t, ec) == "* PREAUTH ready\r\n");
    CHECK(ec == errc::connection_closed);
    const pid_t pid = t.pid();
    t.shutdown();
    CHECK(reaped(pid));
}

TEST_CASE("pipe: a command that does not exist", "[transport][pipe]") {
    imaplib::pipe_transport t("imaplib-no-such-command-here 2>/dev/null");
    std::error_code ec;
    t.open("", 0, ec);
    REQUIRE_FALSE(ec);  // the shell starts; the command does not
    char c;
    CHECK(t.read_some(&c, 1, ec) == 0);
    CHECK(ec == errc::connection_closed);
    const pid_t pid = t.pid();
    t.shutdown();
    CHECK(reaped(pid));
    CHECK(t.exit_status() == 127);  // POSIX: command not found
}

TEST_CASE("pipe: writing to a child that exited is an error, not SIGPIPE", "[transport][pipe]") {
    imaplib::pipe_transport t("exit 3");
    t.set_timeout(5s);
    std::error_code ec;
    t.open("", 0, ec);
    REQUIRE_FALSE(ec);
    // More than a pipe buffer: the write must notice the reader is gone.
    const std::string big(1 << 20, 'x');
    t.write_all(big.data(), big.size(), ec);
    CHECK(ec == errc::connection_closed);
    t.shutdown();
    CHECK(t.exit_status() == 3);
}

TEST_CASE("pipe: a silent child times out and is reaped", "[transport][pipe]") {
    imaplib::pipe_transport t("sleep 5");
    t.set_timeout(200ms);
    std::error_code ec;
    t.open("", 0, ec);
    REQUIRE_FALSE(ec);
    const pid_t pid = t.pid();
    char buf[8];
    CHECK(t.read_some(buf, sizeof buf, ec) == 0);
    CHECK(ec == errc::timeout);
    // Dead and reaped at once, without waiting for shutdown().
    CHECK(t.native_handle() == -1);
    CHECK(reaped(pid));
    CHECK(t.exit_status() == -SIGTERM);
    t.write_all("x", 1, ec);
    CHECK(ec == errc::transport_error);
}

TEST_CASE("pipe: a child ignoring stdin EOF and SIGTERM is killed", "[transport][pipe]") {
    imaplib::pipe_transport t("trap '' TERM; while :; do sleep 0.05; done");
    t.set_shutdown_grace(100ms);
    std::error_code ec;
    t.open("", 0, ec);
    REQUIRE_FALSE(ec);
    const pid_t pid = t.pid();
    t.shutdown();
    CHECK(reaped(pid));
    CHECK(t.exit_status() == -SIGKILL);
}
#endif  // IMAPLIB_HAS_PIPE
