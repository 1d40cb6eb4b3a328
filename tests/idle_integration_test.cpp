// IDLE against the suite's Dovecot (tests/support/dovecot.hpp): while one connection idles,
// a second one APPENDs, STOREs and EXPUNGEs, and each change arrives within a second, on
// every transport and in both API forms.
#include <imaplib/imaplib.hpp>

#include "support/dovecot.hpp"
#include "support/test_ca.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

namespace {

using namespace std::chrono_literals;
using imaplib::test::dovecot_server;
using clock_type = std::chrono::steady_clock;

constexpr auto session_timeout = 30s;
constexpr auto arrival_bound = 1s;  // each change reaches the idler within this

// Reads responses until one of type `typ`; how long that took, or nullopt if the idle
// ended first.
template <class Idler>
std::optional<clock_type::duration> arrival(Idler& idler, std::string_view typ, bool throwing) {
    const auto start = clock_type::now();
    for (;;) {
        std::optional<imaplib::response> r;
        if (throwing) {
            r = idler.next();
        } else {
            std::error_code ec;
            r = idler.next(ec);
            REQUIRE_FALSE(ec);
        }
        if (!r) return std::nullopt;
        if (r->typ == typ) return clock_type::now() - start;
    }
}

// The idling side: selected, idles while `writer` changes INBOX.
template <class Client>
void watch_changes(Client& M, bool throwing) {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::imap4 writer(s.host, s.port, session_timeout);
    writer.login(s.user, s.password);
    writer.select("INBOX");
    M.select("INBOX");

    std::error_code ec;
    auto idler = throwing ? M.idle(10s) : M.idle(10s, ec);
    REQUIRE_FALSE(ec);
    CHECK(M.state() == "IDLING");

    REQUIRE(writer.append("INBOX", imaplib::None, imaplib::None, "Subject: idle\r\n\r\nhello\r\n").typ == "OK");
    const auto exists = arrival(idler, "EXISTS", throwing);
    REQUIRE(exists);
    CHECK(*exists < arrival_bound);

    REQUIRE(writer.store("*", "+FLAGS", "(\\Flagged)").typ == "OK");
    const auto fetch = arrival(idler, "FETCH", throwing);
    REQUIRE(fetch);
    CHECK(*fetch < arrival_bound);

    REQUIRE(writer.store("1", "+FLAGS", "(\\Deleted)").typ == "OK");
    REQUIRE(writer.expunge().typ == "OK");
    const auto expunge = arrival(idler, "EXPUNGE", throwing);
    REQUIRE(expunge);
    CHECK(*expunge < arrival_bound);

    const imaplib::response done = throwing ? idler.done() : idler.done(ec);
    REQUIRE_FALSE(ec);
    CHECK(done.typ == "OK");
    CHECK(M.state() == "SELECTED");
    writer.logout();
}

}  // namespace

TEST_CASE("idle: changes from a second connection arrive within a second", "[integration][idle]") {
    const dovecot_server& s = imaplib::test::dovecot();
    s.reset();
    const imaplib::test::reset_at_exit guard;
    const auto ca = imaplib::test::test_ca_context(s);

    SECTION("plain TCP, throwing form") {
        imaplib::imap4 M(s.host, s.port, session_timeout);
        M.login(s.user, s.password);
        watch_changes(M, true);
    }
    SECTION("STARTTLS, error_code form") {
        imaplib::imap4 M(s.host, s.port, session_timeout);
        std::error_code ec;
        M.starttls(*ca, ec);
        REQUIRE_FALSE(ec);
        M.login(s.user, s.password, ec);
        REQUIRE_FALSE(ec);
        watch_changes(M, false);
    }
    SECTION("TLS, error_code form") {
        imaplib::imap4_ssl M(s.host, s.ssl_port, ca, session_timeout);
        std::error_code ec;
        M.login(s.user, s.password, ec);
        REQUIRE_FALSE(ec);
        watch_changes(M, false);
    }
    SECTION("the pipe, throwing form") {
        imaplib::imap4_stream M(s.stream_command);  // pre-authenticated
        watch_changes(M, true);
    }
}

TEST_CASE("idle: the duration ends a quiet idle on every transport", "[integration][idle]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const auto ca = imaplib::test::test_ca_context(s);
    const auto quiet = [](auto& M) {
        M.select("INBOX", true);
        const auto start = clock_type::now();
        auto idler = M.idle(300ms);
        CHECK_FALSE(idler.next());
        const auto took = clock_type::now() - start;
        CHECK(took >= 300ms);
        CHECK(took < 5s);
        CHECK(idler.done().typ == "OK");
        CHECK(M.noop().typ == "OK");  // the connection survived the wait
    };
    SECTION("plain TCP") {
        imaplib::imap4 M(s.host, s.port, session_timeout);
        M.login(s.user, s.password);
        quiet(M);
    }
    SECTION("TLS") {
        imaplib::imap4_ssl M(s.host, s.ssl_port, ca, session_timeout);
        M.login(s.user, s.password);
        quiet(M);
    }
    SECTION("the pipe (imaplib refuses a duration there)") {
        imaplib::imap4_stream M(s.stream_command);
        quiet(M);
    }
}

#if defined(IMAPLIB_TEST_IDLE_WATCH)
// examples/idle_watch against Dovecot: a message appended while it idles is printed with
// its UID and decoded subject, an EXPUNGE with its number, and --for ends it with 0.
TEST_CASE("idle: idle_watch prints what another connection does", "[integration][idle][examples]") {
    const dovecot_server& s = imaplib::test::dovecot();
    s.reset();
    const imaplib::test::reset_at_exit guard;
    ::setenv("IMAP_PASSWORD", s.password.c_str(), 1);
    const std::string command = std::string("'") + IMAPLIB_TEST_IDLE_WATCH + "' --port " + std::to_string(s.port) +
                                " --user '" + s.user + "' --timeout 10 --for 6 --keepalive 2 --restart 1 " + s.host;
    FILE* out = ::popen(command.c_str(), "r");
    REQUIRE(out);
    const auto line = [&] {
        char buf[4096];
        if (!std::fgets(buf, sizeof buf, out)) return std::string("<end>");
        std::string l(buf);
        if (!l.empty() && l.back() == '\n') l.pop_back();
        return l;
    };
    CHECK(line() == "idling");
    imaplib::imap4 writer(s.host, s.port, session_timeout);
    writer.login(s.user, s.password);
    writer.select("INBOX");
    REQUIRE(writer.append("INBOX", imaplib::None, imaplib::None,
                          "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= aus =?iso-8859-1?q?K=F6ln?=\r\n\r\nhi\r\n")
                .typ == "OK");
    CHECK(line() == "new uid=13 subject=Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln");
    std::this_thread::sleep_for(1500ms);  // across a restart (--restart 1)
    REQUIRE(writer.append("INBOX", imaplib::None, imaplib::None, "From: a@b\r\n\r\nno subject\r\n").typ == "OK");
    CHECK(line() == "new uid=14 subject=");
    REQUIRE(writer.store("1", "+FLAGS", "(\\Deleted)").typ == "OK");
    REQUIRE(writer.expunge().typ == "OK");
    const std::string first = line();
    CHECK((first == "expunge seq=1" || first == "expunge seq=12"));
    writer.logout();
    std::string rest;
    for (std::string l = line(); l != "<end>"; l = line()) rest += l + "\n";
    CHECK((rest.empty() || rest == "expunge seq=11\n" || rest == "expunge seq=12\n" || rest == "expunge seq=1\n"));
    const int status = ::pclose(out);
    CHECK(status == 0);
}
#endif

namespace {

// A loopback relay to Dovecot that can stop forwarding while keeping both sockets open:
// to the client, a peer that went silent without closing (a half-open connection).
class freezing_relay {
public:
    explicit freezing_relay(std::uint16_t target) : target_(target) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), len) != 0 || ::listen(listener_, 1) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            throw std::runtime_error("relay: cannot listen");
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~freezing_relay() {
        done_ = true;
        thread_.join();
        for (int fd : {listener_, client_, server_})
            if (fd >= 0) ::close(fd);
    }
    std::uint16_t port() const noexcept { return port_; }
    void freeze() noexcept { frozen_ = true; }

private:
    void run() {
        pollfd l{listener_, POLLIN, 0};
        while (!done_ && ::poll(&l, 1, 50) == 0) {}
        if (done_) return;
        client_ = ::accept(listener_, nullptr, nullptr);
        server_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(target_);
        if (::connect(server_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return;
        char buf[65536];
        while (!done_) {
            pollfd p[2] = {{client_, POLLIN, 0}, {server_, POLLIN, 0}};
            if (frozen_ || ::poll(p, 2, 50) <= 0) {
                if (frozen_) std::this_thread::sleep_for(20ms);
                continue;
            }
            for (int k = 0; k < 2; ++k) {
                if (!(p[k].revents & (POLLIN | POLLHUP))) continue;
                const ssize_t n = ::read(p[k].fd, buf, sizeof buf);
                if (n <= 0) return;
                if (::write(p[1 - k].fd, buf, static_cast<std::size_t>(n)) != n) return;
            }
        }
    }

    std::uint16_t target_;
    std::uint16_t port_ = 0;
    int listener_ = -1, client_ = -1, server_ = -1;
    std::atomic<bool> frozen_{false}, done_{false};
    std::thread thread_;
};

}  // namespace

TEST_CASE("idle: the keepalive finds a peer that went silent within its bound", "[integration][idle]") {
    const dovecot_server& s = imaplib::test::dovecot();
    freezing_relay relay(s.port);
    imaplib::imap4 M("127.0.0.1", relay.port(), session_timeout);
    M.login(s.user, s.password);
    M.select("INBOX", true);
    M.set_idle_keepalive(500ms, 700ms);
    std::error_code ec;
    {
        // Alive: two keepalives go through the relay and the idle goes on.
        auto alive = M.idle(1200ms, ec);
        REQUIRE_FALSE(ec);
        CHECK_FALSE(alive.next(ec));
        CHECK_FALSE(ec);
        CHECK(alive.done(ec).typ == "OK");
        REQUIRE_FALSE(ec);
    }
    auto idler = M.idle(std::nullopt, ec);
    REQUIRE_FALSE(ec);
    relay.freeze();
    const auto start = clock_type::now();
    CHECK_FALSE(idler.next(ec));
    const auto took = clock_type::now() - start;
    CHECK(ec == imaplib::errc::keepalive_failed);
    CHECK(imaplib::kind_of(ec) == imaplib::error_kind::abort);
    CHECK(took < 500ms + 700ms + 1s);  // keepalive + answer, with room for a loaded machine
    CHECK_FALSE(idler.active());
}
