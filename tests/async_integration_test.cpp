// The async client (async/client.hpp) against the suite's Dovecot over plain TCP, and
// with wolfSSL over implicit TLS and STARTTLS: each method's async form gives what the
// blocking form gives over the same transport (which the integration tests compare with
// Python's imaplib), pipelined commands with another connection's changes arriving among
// them, IDLE woken by a second connection's APPEND, AUTHENTICATE with each SASL mechanism
// Dovecot has (right and wrong secrets) and login_best, raw I/O, a CA or name the
// certificate does not match refused, 200 connections on one thread, and, where the
// compiler has C++20 coroutines (this file is compiled as C++20 when it does,
// tests/CMakeLists.txt), the same through asio::use_awaitable.
#include <imaplib/async/imap4.hpp>
#include <imaplib/imaplib.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/oauth.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/scram.hpp>
#if defined(IMAPLIB_USE_WOLFSSL)
#include <imaplib/async/tls.hpp>
#endif

#include "support/async_dovecot.hpp"
#include "support/dovecot.hpp"
#if defined(IMAPLIB_USE_WOLFSSL)
#include "support/test_ca.hpp"
#endif

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/use_future.hpp>
#if defined(ASIO_HAS_CO_AWAIT)
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/use_awaitable.hpp>
#endif

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::test::dovecot_server;
using imaplib::test::async_line;
using imaplib::test::check_same_lines;
using imaplib::test::connect;
using imaplib::test::handler;
using imaplib::test::line_of;
using imaplib::test::run_async;
using imaplib::test::run_async_step;
using imaplib::test::run_blocking;
using imaplib::test::run_until;
using imaplib::test::step;
using imaplib::test::try_connect;
using imaplib::test::without_timing;

// The integration tests' oracle list (integration_test.cpp, "mailbox commands"), less
// the raw I/O calls (read, readline, send), compared on their own below.
template <class Blocking = imaplib::imap4, class Async = imaplib::async_imap4>
std::vector<step<Blocking, Async>> oracle_steps(const dovecot_server& s) {
    using imaplib::None;
    const std::string user = s.user, password = s.password, user2 = s.user2;
    const std::string message =
        "From: Alice Example <alice@example.org>\r\nSubject: Appended by the test\r\n\r\nWritten by APPEND.\r\n";
    const imaplib::internaldate_arg date("\"02-Jan-2024 10:20:30 +0100\"");
    return {
        IMAPLIB_STEP(login, user, password),
        IMAPLIB_STEP0(capability),
        IMAPLIB_STEP0(namespaces),
        IMAPLIB_STEP0(noop),
        IMAPLIB_STEP(list, "\"\"", "*"),
        IMAPLIB_STEP(list, "\"\"", "Archive*"),
        IMAPLIB_STEP(lsub, "\"\"", "*"),
        IMAPLIB_STEP(status, "INBOX", "(MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)"),
        IMAPLIB_STEP(create, "Work"),
        IMAPLIB_STEP(create, "Work/Sub"),
        IMAPLIB_STEP(create, "Work"),
        IMAPLIB_STEP(rename, "Work/Sub", "Work/Renamed"),
        IMAPLIB_STEP(list, "\"\"", "Work*"),
        IMAPLIB_STEP(subscribe, "Work"),
        IMAPLIB_STEP(lsub, "\"\"", "Work*"),
        IMAPLIB_STEP(unsubscribe, "Work"),
        IMAPLIB_STEP(getacl, "INBOX"),
        IMAPLIB_STEP(myrights, "INBOX"),
        IMAPLIB_STEP(setacl, "Work", user2, "lr"),
        IMAPLIB_STEP(getacl, "Work"),
        IMAPLIB_STEP(deleteacl, "Work", user2),
        IMAPLIB_STEP(getquotaroot, "INBOX"),
        IMAPLIB_STEP(getquota, "\"User quota\""),
        IMAPLIB_STEP(setquota, "\"User quota\"", "(STORAGE 5120)"),
        IMAPLIB_STEP(getannotation, "INBOX", "/comment", "value.priv"),
        IMAPLIB_STEP(setannotation, {"INBOX", "(/comment (value.priv \"x\"))"}),
        IMAPLIB_STEP(xatom, "ID", {"NIL"}),
        IMAPLIB_STEP(xatom, "GETMETADATA", {"INBOX", "/private/comment"}),
        IMAPLIB_STEP(proxyauth, user2),
        IMAPLIB_STEP(partial, "1", "BODY[]", "0", "10"),
        IMAPLIB_STEP(select, "INBOX", true),
        IMAPLIB_STEP(store, "1", "+FLAGS", "(\\Flagged)"),
        IMAPLIB_STEP0(close),
        IMAPLIB_STEP(select, "INBOX", false),
        IMAPLIB_STEP0(recent),
        IMAPLIB_STEP(search, None, {"ALL"}),
        IMAPLIB_STEP(search, None, {"(FLAGGED)", "SINCE", "1-Jan-2024"}),
        IMAPLIB_STEP(search, "UTF-8", {"SUBJECT", "Report"}),
        IMAPLIB_STEP(search, "X-UNKNOWN", {"ALL"}),
        IMAPLIB_STEP(sort, "(DATE)", "UTF-8", {"ALL"}),
        IMAPLIB_STEP(sort, "REVERSE SUBJECT", "UTF-8", {"SEEN"}),
        IMAPLIB_STEP(thread, "REFERENCES", "UTF-8", {"ALL"}),
        IMAPLIB_STEP(uid, "SEARCH", {"UID", "5:*"}),
        IMAPLIB_STEP(uid, "FETCH", {"1:3", "(UID FLAGS)"}),
        IMAPLIB_STEP(uid, "SORT", {"(SUBJECT)", "UTF-8", "ALL"}),
        IMAPLIB_STEP(store, "1", "+FLAGS", "(\\Flagged)"),
        IMAPLIB_STEP(store, "1", "-FLAGS", "\\Flagged"),
        IMAPLIB_STEP(store, "2", "FLAGS.SILENT", "(\\Seen Custom)"),
        IMAPLIB_STEP(uid, "STORE", {"3", "+FLAGS", "(Custom)"}),
        IMAPLIB_STEP(fetch, "1:3", "(FLAGS)"),
        IMAPLIB_STEP(copy, "1:2", "Empty"),
        IMAPLIB_STEP(copy, "1", "Nonexistent"),
        IMAPLIB_STEP(uid, "COPY", {"3", "Empty"}),
        IMAPLIB_STEP(uid, "MOVE", {"4", "Archive"}),
        IMAPLIB_STEP(append, "INBOX", "(\\Seen $Label)", date, message),
        IMAPLIB_STEP(append, None, None, date, std::string("Subject: bare LF\n\nmapped to CRLF\n")),
        IMAPLIB_STEP(append, "Nonexistent", None, date, message),
        IMAPLIB_STEP0(noop),
        IMAPLIB_STEP(fetch, "12:*", "(UID FLAGS INTERNALDATE RFC822.SIZE)"),
        IMAPLIB_STEP(fetch, "1:*", "(ENVELOPE)"),
        IMAPLIB_STEP(fetch, "1:*", "(BODYSTRUCTURE)"),
        IMAPLIB_STEP(fetch, "1", "(RFC822)"),
        IMAPLIB_STEP0(check),
        IMAPLIB_STEP0(expunge),
        IMAPLIB_STEP(status, "Empty", "(MESSAGES UIDNEXT UNSEEN)"),
        IMAPLIB_STEP0(unselect),
        IMAPLIB_STEP(select, "Nonexistent", false),
        IMAPLIB_STEP(delete_mailbox, "Work/Renamed"),
        IMAPLIB_STEP(delete_mailbox, "Work"),
        IMAPLIB_STEP(enable, "UTF8=ACCEPT"),
        IMAPLIB_STEP(search, "UTF-8", {"ALL"}),
        IMAPLIB_STEP0(logout),
    };
}

void connect(asio::io_context& io, imaplib::async_imap4& a, const dovecot_server& s) {
    connect(io, a, s.host, s.port);
}

std::vector<std::string> run_blocking(const dovecot_server& s, const std::vector<step<imaplib::imap4, imaplib::async_imap4>>& steps) {
    imaplib::imap4 M{imaplib::tcp_transport()};
    std::error_code ec;
    M.connect(s.host, s.port, 30s, ec);
    REQUIRE_FALSE(ec);
    return run_blocking(M, steps);
}

std::vector<std::string> run_async(const dovecot_server& s, const std::vector<step<imaplib::imap4, imaplib::async_imap4>>& steps) {
    asio::io_context io;
    imaplib::async_imap4 A(io.get_executor());
    connect(io, A, s);
    return run_async(io, A, steps);
}

// The watcher, connected, logs in, selects INBOX and idles; the writer's APPEND wakes it.
template <class Async>
void check_idle_wakes(const dovecot_server& s, asio::io_context& io, Async& watcher, Async& writer) {
    int ready = 0;
    const auto count = [&](std::error_code ec, imaplib::response) {
        CHECK_FALSE(ec);
        ++ready;
    };
    watcher.async_login(s.user, s.password, count);
    watcher.async_select("INBOX", false, count);
    writer.async_login(s.user, s.password, count);
    run_until(io, [&] { return ready == 3; });
    std::vector<imaplib::response> events;
    bool woke = false;
    watcher.async_idle([&](std::error_code ec, std::vector<imaplib::response> batch) {
        CHECK_FALSE(ec);
        events = std::move(batch);
        woke = true;
    });
    run_until(io, [&] { return watcher.protocol().idling(); });
    REQUIRE(watcher.protocol().idling());
    const auto start = std::chrono::steady_clock::now();
    writer.async_append("INBOX", {}, {}, "Subject: wake up\r\n\r\nhello\r\n", count);
    run_until(io, [&] { return woke; });
    REQUIRE(woke);
    CHECK(std::chrono::steady_clock::now() - start < 5s);
    bool exists = false;
    for (const imaplib::response& r : events) exists |= r.typ == "EXISTS";
    CHECK(exists);
    bool left = false;
    watcher.async_idle_done([&](std::error_code ec, imaplib::response r) {
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        left = true;
    });
    run_until(io, [&] { return left; });
    CHECK(watcher.state() == "SELECTED");
}

}  // namespace

TEST_CASE("async: every method gives the blocking form's result", "[integration][async]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    const auto steps = oracle_steps(s);
    s.reset();
    const std::vector<std::string> blocking = run_blocking(s, steps);
    s.reset();
    const std::vector<std::string> async = run_async(s, steps);
    check_same_lines(async, blocking);
}

TEST_CASE("async: pipelined UID FETCHes give the sequential results, with another connection's changes among them",
          "[integration][async]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    s.reset();
    asio::io_context io;
    imaplib::async_imap4 a(io.get_executor()), other(io.get_executor());
    connect(io, a, s);
    connect(io, other, s);
    int done = 0;
    const auto count = [&](std::error_code ec, imaplib::response) {
        CHECK_FALSE(ec);
        ++done;
    };
    a.async_login(s.user, s.password, count);
    a.async_select("INBOX", false, count);
    other.async_login(s.user, s.password, count);
    other.async_select("INBOX", false, count);
    run_until(io, [&] { return done == 4; });
    REQUIRE(done == 4);

    std::vector<std::string> sequential;
    for (int uid = 1; uid <= 12; ++uid) {
        bool got = false;
        a.async_uid("FETCH", {std::to_string(uid), "(UID FLAGS ENVELOPE)"}, [&](std::error_code ec, imaplib::response r) {
            got = true;
            sequential.push_back(ec ? ec.message() : python_repr(r));
        });
        run_until(io, [&] { return got; });
    }
    // The other connection changes flags while 12 fetches are in flight: its FETCH
    // responses come among them and must not end up in their results.
    std::vector<std::string> pipelined(12);
    int arrived = 0;
    bool stored = false;
    for (int uid = 1; uid <= 12; ++uid) {
        a.async_uid("FETCH", {std::to_string(uid), "(UID FLAGS ENVELOPE)"},
                    [&, uid](std::error_code ec, imaplib::response r) {
                        pipelined[static_cast<std::size_t>(uid - 1)] = ec ? ec.message() : python_repr(r);
                        ++arrived;
                    });
        if (uid == 6) {
            CHECK(a.pending_operations() >= 5);  // several tags in flight
            other.async_store("1:3", "+FLAGS", "(\\Answered)", [&](std::error_code ec, imaplib::response) {
                CHECK_FALSE(ec);
                stored = true;
            });
        }
    }
    run_until(io, [&] { return arrived == 12 && stored; });
    REQUIRE(arrived == 12);
    REQUIRE(stored);
    for (std::size_t i = 0; i < 12; ++i) {
        INFO("uid " << i + 1);
        // The flags may have changed in between for 1:3; the message is the same.
        CHECK(pipelined[i].find("(UID " + std::to_string(i + 1) + " ") != std::string::npos);
        if (i >= 3) CHECK(pipelined[i] == sequential[i]);
    }
    // What the other connection did reaches this one: in the results of the fetches of
    // 1:3 when the change came first, else as unsolicited FETCH by the next command at
    // the latest (the STORE has completed by now).
    bool noop = false;
    a.async_noop([&](std::error_code, imaplib::response) { noop = true; });
    run_until(io, [&] { return noop; });
    const std::string seen = pipelined[0] + pipelined[1] + pipelined[2] + python_repr(a.response("FETCH"));
    CHECK(seen.find("\\\\Answered") != std::string::npos);
}

TEST_CASE("async: IDLE wakes when a second connection appends", "[integration][async][idle]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    s.reset();
    asio::io_context io;
    imaplib::async_imap4 watcher(io.get_executor()), writer(io.get_executor());
    connect(io, watcher, s);
    connect(io, writer, s);
    check_idle_wakes(s, io, watcher, writer);
}

TEST_CASE("async: a future from a thread of its own", "[integration][async]") {
    const dovecot_server& s = imaplib::test::dovecot();
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    imaplib::async_imap4 a(io.get_executor());
    std::future<void> connected = a.async_connect(s.host, s.port, asio::use_future);
    CHECK_NOTHROW(connected.get());
    std::future<imaplib::response> login = a.async_login(s.user, s.password, asio::use_future);
    std::future<imaplib::response> list = a.async_list("\"\"", "INBOX", asio::use_future);
    CHECK(login.get().typ == "OK");
    CHECK(python_repr(list.get()) == "('OK', [b'(\\\\HasNoChildren) \"/\" INBOX'])");
    asio::post(io, [&] { a.shutdown(); });
    work.reset();
    runner.join();
}

TEST_CASE("async: 200 connections on one thread", "[integration][async]") {
    const dovecot_server& s = imaplib::test::dovecot();
    constexpr int n = 200;
    asio::io_context io;
    std::vector<std::unique_ptr<imaplib::async_imap4>> clients;
    int connected = 0, selected = 0, failed = 0;
    for (int i = 0; i < n; ++i) {
        clients.push_back(std::make_unique<imaplib::async_imap4>(io.get_executor()));
        imaplib::async_imap4& c = *clients.back();
        c.async_connect(s.host, s.port, [&](std::error_code ec) {
            if (ec) {
                ++failed;
                return;
            }
            ++connected;
            c.async_login(s.user, s.password, [](std::error_code, imaplib::response) {});
            c.async_select("INBOX", true, [&](std::error_code e, imaplib::response r) {
                if (!e && r.typ == "OK" && python_repr(r) == "('OK', [b'12'])") ++selected;
                else ++failed;
            });
        });
    }
    const auto start = std::chrono::steady_clock::now();
    run_until(io, [&] { return selected + failed == n; });
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    INFO("connected " << connected << ", selected " << selected << ", failed " << failed << " in " << took.count() << " ms");
    CHECK(selected == n);
    int out = 0;
    for (auto& c : clients) c->async_logout([&](std::error_code, imaplib::response) { ++out; });
    run_until(io, [&] { return out == n; });
    CHECK(out == n);
}

namespace {

// One authentication in both forms, each on a fresh connection: the result, the error
// message and the state after it.
std::string blocking_auth(const dovecot_server& s, const step<>& st) {
    imaplib::imap4 M{imaplib::tcp_transport()};
    std::error_code ec;
    M.connect(s.host, s.port, 30s, ec);
    REQUIRE_FALSE(ec);
    const imaplib::response r = st.blocking(M, ec);
    return line_of(ec, M.error_message(), r) + " | " + std::string(M.state());
}

std::string async_auth(const dovecot_server& s, const step<>& st) {
    asio::io_context io;
    imaplib::async_imap4 A(io.get_executor());
    connect(io, A, s);
    const std::string line = run_async_step(io, A, st);
    return line + " | " + std::string(A.state());
}

#define IMAPLIB_AUTH_STEP(label, make)                                                                            \
    step<> {                                                                                                         \
        label, [=](imaplib::imap4& M, std::error_code& ec) { return M.authenticate(make, ec); },                  \
            [=](imaplib::async_imap4& A, handler h) { A.async_authenticate(make, std::move(h)); }                   \
    }

}  // namespace

TEST_CASE("async: AUTHENTICATE with each SASL mechanism gives the blocking form's result", "[integration][async][sasl]") {
    namespace sasl = imaplib::sasl;
    const dovecot_server& s = imaplib::test::dovecot();
    REQUIRE_FALSE(s.oauth_token.empty());
    const std::string user = s.user, password = s.password, token = s.oauth_token, expired = s.oauth_expired_token;
    const auto plain_authobject = [user, password](std::string_view) -> std::optional<std::string> {
        return std::string("\0", 1) + user + std::string("\0", 1) + password;
    };
    const std::vector<step<>> steps = {
        IMAPLIB_AUTH_STEP("PLAIN", sasl::plain(user, password)),
        IMAPLIB_AUTH_STEP("PLAIN, wrong password", sasl::plain(user, "wrong")),
        IMAPLIB_AUTH_STEP("LOGIN", sasl::login(user, password)),
        IMAPLIB_AUTH_STEP("SCRAM-SHA-1", sasl::scram_sha_1(user, password)),
        IMAPLIB_AUTH_STEP("SCRAM-SHA-256", sasl::scram_sha_256(user, password)),
        IMAPLIB_AUTH_STEP("SCRAM-SHA-256, wrong password", sasl::scram_sha_256(user, "wrong")),
        IMAPLIB_AUTH_STEP("XOAUTH2", sasl::xoauth2(user, token)),
        IMAPLIB_AUTH_STEP("XOAUTH2, expired token", sasl::xoauth2(user, expired)),
        IMAPLIB_AUTH_STEP("OAUTHBEARER", sasl::oauthbearer(user, token)),
        IMAPLIB_AUTH_STEP("OAUTHBEARER, expired token", sasl::oauthbearer(user, expired)),
        step<>{"CRAM-MD5", [=](imaplib::imap4& M, std::error_code& ec) { return M.login_cram_md5(user, password, ec); },
             [=](imaplib::async_imap4& A, handler h) { A.async_login_cram_md5(user, password, std::move(h)); }},
        step<>{"CRAM-MD5, wrong password",
             [=](imaplib::imap4& M, std::error_code& ec) { return M.login_cram_md5(user, "wrong", ec); },
             [=](imaplib::async_imap4& A, handler h) { A.async_login_cram_md5(user, "wrong", std::move(h)); }},
        step<>{"PLAIN by imaplib's authobject",
             [=](imaplib::imap4& M, std::error_code& ec) { return M.authenticate("plain", plain_authobject, ec); },
             [=](imaplib::async_imap4& A, handler h) { A.async_authenticate("plain", plain_authobject, std::move(h)); }},
        step<>{"nonexistent mechanism",
             [=](imaplib::imap4& M, std::error_code& ec) { return M.authenticate("X-NONE", plain_authobject, ec); },
             [=](imaplib::async_imap4& A, handler h) { A.async_authenticate("X-NONE", plain_authobject, std::move(h)); }},
    };
    for (const step<>& st : steps) {
        INFO(st.label);
        const std::string blocking = blocking_auth(s, st);
        CHECK(async_auth(s, st) == blocking);
        const bool refused = st.label.find(',') != std::string::npos || st.label == "nonexistent mechanism";
        CHECK((blocking.find("| AUTH") != std::string::npos) == !refused);
    }
}

TEST_CASE("async: login_best picks the blocking form's mechanism, through callbacks and futures",
          "[integration][async][sasl]") {
    const dovecot_server& s = imaplib::test::dovecot();
    for (const char* password : {"right", "wrong"}) {
        const std::string secret = std::string(password) == "right" ? s.password : std::string("wrong");
        INFO(password << " password");
        imaplib::imap4 M{imaplib::tcp_transport()};
        std::error_code ec;
        M.connect(s.host, s.port, 30s, ec);
        REQUIRE_FALSE(ec);
        const imaplib::login_result b = M.login_best(s.user, secret, ec);
        const std::string blocking = line_of(ec, M.error_message(), b) + " mechanism=" + b.mechanism;

        asio::io_context io;
        imaplib::async_imap4 A(io.get_executor());
        connect(io, A, s);
        bool done = false;
        std::string by_callback;
        A.async_login_best(s.user, secret, [&](std::error_code e, imaplib::login_result r) {
            done = true;
            by_callback = line_of(e, A.error_message(), r) + " mechanism=" + r.mechanism;
        });
        run_until(io, [&] { return done; });
        CHECK(by_callback == blocking);

        imaplib::async_imap4 F(io.get_executor());
        connect(io, F, s);
        std::future<imaplib::login_result> f = F.async_login_best(s.user, secret, asio::use_future);
        run_until(io, [&] { return f.wait_for(0s) == std::future_status::ready; });
        REQUIRE(f.wait_for(0s) == std::future_status::ready);
        std::string by_future;
        try {
            const imaplib::login_result r = f.get();
            by_future = line_of({}, {}, r) + " mechanism=" + r.mechanism;
        } catch (const std::system_error& e) {
            by_future = line_of(e.code(), F.error_message(), {}) + " mechanism=";
        }
        CHECK(by_future == blocking);
        if (secret == s.password) CHECK(b.mechanism == "SCRAM-SHA-256");
    }
}

TEST_CASE("async: raw send, readline and read give the blocking form's bytes", "[integration][async][raw]") {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::imap4 M(s.host, s.port, 30s);
    M.send("r1 NOOP\r\n");
    const std::string blocking_line = without_timing(M.readline());
    M.send("r2 CAPABILITY\r\n");
    const std::string blocking_caps = M.readline();
    const std::string blocking_bytes = M.read(5);
    CHECK(blocking_line == "r1 OK NOOP completed.\r\n");

    asio::io_context io;
    imaplib::async_imap4 A(io.get_executor());
    connect(io, A, s);
    std::string line, caps, bytes;
    int got = 0;
    A.async_send("r1 NOOP\r\n", [&](std::error_code ec) { CHECK_FALSE(ec); });
    A.async_readline([&](std::error_code ec, std::string l) {
        CHECK_FALSE(ec);
        line = without_timing(l);
        ++got;
    });
    A.async_send("r2 CAPABILITY\r\n", [&](std::error_code ec) { CHECK_FALSE(ec); });
    A.async_readline([&](std::error_code ec, std::string l) {
        CHECK_FALSE(ec);
        caps = std::move(l);
        ++got;
    });
    A.async_read(5, [&](std::error_code ec, std::string b) {
        CHECK_FALSE(ec);
        bytes = std::move(b);
        ++got;
    });
    run_until(io, [&] { return got == 3; });
    CHECK(line == blocking_line);
    CHECK(caps == blocking_caps);
    CHECK(bytes == blocking_bytes);
}

#if defined(IMAPLIB_USE_WOLFSSL)
namespace {

// STARTTLS on a connected client, as one more result line.
std::string starttls_line(imaplib::imap4& M, const imaplib::tls_context& ctx) {
    std::error_code ec;
    const imaplib::response r = M.starttls(ctx, ec);
    return "starttls => " + line_of(ec, M.error_message(), r) + " | " + std::string(M.state());
}

std::string starttls_line(asio::io_context& io, imaplib::async_imap4_starttls& A, const imaplib::tls_context& ctx) {
    const std::string line = async_line(io, A, [&](handler h) { A.async_starttls(ctx, std::move(h)); });
    return "starttls => " + line + " | " + std::string(A.state());  // the state once it completed
}

}  // namespace

TEST_CASE("async TLS: every method over implicit TLS gives the blocking imap4_ssl result", "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    const auto ca = imaplib::test::test_ca_context(s);
    const auto steps = oracle_steps<imaplib::imap4_ssl, imaplib::async_imap4_ssl>(s);
    s.reset();
    imaplib::imap4_ssl M{imaplib::tls_transport(ca)};
    std::error_code ec;
    M.connect(s.host, s.ssl_port, 30s, ec);
    REQUIRE_FALSE(ec);
    const std::vector<std::string> blocking = run_blocking(M, steps);
    s.reset();
    asio::io_context io;
    imaplib::async_imap4_ssl A(imaplib::async_tls_transport(io.get_executor(), ca));
    connect(io, A, s.host, s.ssl_port);
    CHECK(A.transport().tls_active());
    const std::vector<std::string> async = run_async(io, A, steps);
    check_same_lines(async, blocking);
}

TEST_CASE("async TLS: every method after STARTTLS gives the blocking result", "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    const auto ca = imaplib::test::test_ca_context(s);
    const auto steps = oracle_steps<imaplib::imap4, imaplib::async_imap4_starttls>(s);
    s.reset();
    imaplib::imap4 M{imaplib::tcp_transport()};
    std::error_code ec;
    M.connect(s.host, s.port, 30s, ec);
    REQUIRE_FALSE(ec);
    std::vector<std::string> blocking{starttls_line(M, *ca)};
    for (std::string& line : run_blocking(M, steps)) blocking.push_back(std::move(line));
    s.reset();
    asio::io_context io;
    imaplib::async_imap4_starttls A(imaplib::async_starttls_transport(io.get_executor()));
    connect(io, A, s.host, s.port);
    std::vector<std::string> async{starttls_line(io, A, *ca)};
    CHECK(A.transport().tls_active());
    for (std::string& line : run_async(io, A, steps)) async.push_back(std::move(line));
    check_same_lines(async, blocking);
}

TEST_CASE("async TLS: IDLE wakes when a second connection appends, over implicit TLS and STARTTLS",
          "[integration][async][tls][idle]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    const auto ca = imaplib::test::test_ca_context(s);
    s.reset();
    asio::io_context io;
    SECTION("implicit TLS") {
        imaplib::async_imap4_ssl watcher(imaplib::async_tls_transport(io.get_executor(), ca));
        imaplib::async_imap4_ssl writer(imaplib::async_tls_transport(io.get_executor(), ca));
        connect(io, watcher, s.host, s.ssl_port);
        connect(io, writer, s.host, s.ssl_port);
        check_idle_wakes(s, io, watcher, writer);
    }
    SECTION("STARTTLS") {
        imaplib::async_imap4_starttls watcher(imaplib::async_starttls_transport(io.get_executor()));
        imaplib::async_imap4_starttls writer(imaplib::async_starttls_transport(io.get_executor()));
        connect(io, watcher, s.host, s.port);
        connect(io, writer, s.host, s.port);
        CHECK(starttls_line(io, watcher, *ca).find("starttls => ('OK'") == 0);
        CHECK(starttls_line(io, writer, *ca).find("starttls => ('OK'") == 0);
        check_idle_wakes(s, io, watcher, writer);
    }
}

TEST_CASE("async TLS: a CA the context does not trust fails the client's verification, nothing sent after",
          "[integration][async][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    asio::io_context io;
    std::error_code ec;
    bool done = false;
    const auto keep = [&](std::error_code e, imaplib::response) {
        ec = e;
        done = true;
    };
    SECTION("implicit TLS, the system's CAs") {
        imaplib::async_imap4_ssl m(io.get_executor());
        CHECK(try_connect(io, m, s.host, s.ssl_port) == imaplib::errc::tls_verify_failed);
        INFO(m.error_message());
        CHECK(m.error_message().find("socket error: ") == 0);
        CHECK(m.error_message().find(m.transport().error_detail()) != std::string::npos);
        CHECK_FALSE(m.transport().error_detail().empty());
        CHECK_FALSE(m.transport().is_open());
        m.async_login(s.user, s.password, keep);
        run_until(io, [&] { return done; });
        CHECK(ec == imaplib::errc::connection_closed);  // refused at once, never queued
    }
    SECTION("STARTTLS, the system's CAs") {
        imaplib::async_imap4_starttls m(io.get_executor());
        connect(io, m, s.host, s.port);
        const imaplib::tls_context system_cas;
        m.async_starttls(system_cas, keep);
        run_until(io, [&] { return done; });
        CHECK(ec == imaplib::errc::tls_verify_failed);
        INFO(m.error_message());
        CHECK(m.error_message().find("TLS handshake failed: ") == 0);
        CHECK_FALSE(m.transport().is_open());  // no plaintext LOGIN can follow
        done = false;
        m.async_login(s.user, s.password, keep);
        run_until(io, [&] { return done; });
        CHECK(ec == imaplib::errc::connection_closed);  // refused at once, never queued
    }
}

#endif  // IMAPLIB_USE_WOLFSSL

#if defined(ASIO_HAS_CO_AWAIT)
TEST_CASE("async: coroutines, with the same results", "[integration][async]") {
    const dovecot_server& s = imaplib::test::dovecot();
    asio::io_context io;
    std::string listed, fetched, error;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            imaplib::async_imap4 m(co_await asio::this_coro::executor);
            co_await m.async_connect(s.host, s.port, asio::use_awaitable);
            co_await m.async_login(s.user, s.password, asio::use_awaitable);
            const imaplib::response list = co_await m.async_list("\"\"", "INBOX", asio::use_awaitable);
            listed = python_repr(list);
            co_await m.async_select("INBOX", true, asio::use_awaitable);
            const std::vector<std::string_view> args = {"2", "(UID FLAGS)"};  // gcc 12: no braced list in a coroutine
            const imaplib::response f = co_await m.async_uid("FETCH", args, asio::use_awaitable);
            fetched = python_repr(f);
            try {
                co_await m.async_select("Nonexistent", false, asio::use_awaitable);
                co_await m.async_fetch("1", "(FLAGS)", asio::use_awaitable);  // illegal in AUTH
            } catch (const std::system_error& e) {
                error = e.code() == imaplib::errc::illegal_state ? "illegal_state" : e.what();
            }
            co_await m.async_logout(asio::use_awaitable);
        },
        [&](std::exception_ptr e) {
            if (e) error = "exception";
        });
    io.run_for(30s);
    CHECK(listed == "('OK', [b'(\\\\HasNoChildren) \"/\" INBOX'])");
    CHECK(fetched == "('OK', [b'2 (UID 2 FLAGS (\\\\Flagged \\\\Seen))'])");
    CHECK(error == "illegal_state");
}
#endif
