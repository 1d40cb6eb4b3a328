// The async client's COMPRESS=DEFLATE (async/compress.hpp) against the suite's Dovecot,
// which offers COMPRESS=DEFLATE after LOGIN: once compressed, select, fetch, search,
// store, append and the rest give what the blocking client gives on its compressed
// connection, over plain TCP and implicit TLS; IDLE on a compressed connection is woken
// by another compressed connection's APPEND; STARTTLS comes before COMPRESS, never after.
#include <imaplib/async/compress.hpp>

#include <imaplib/imaplib.hpp>

#include "support/async_dovecot.hpp"
#include "support/dovecot.hpp"
#if defined(IMAPLIB_USE_WOLFSSL)
#include "support/test_ca.hpp"
#endif

#include <asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::test::dovecot_server;
using imaplib::test::check_same_lines;
using imaplib::test::connect;
using imaplib::test::run_until;

// One call on the blocking client's compressed connection and on the async one's.
template <class Async = imaplib::async_imap4_compressed>
using compressed_step = imaplib::test::step<imaplib::imap4_compressed, Async>;

// LOGIN, COMPRESS, then the commands a mail client runs, on the seeded mailbox.
template <class Async = imaplib::async_imap4_compressed>
std::vector<compressed_step<Async>> steps(const dovecot_server& s) {
    using imaplib::None;
    const std::string user = s.user, password = s.password;
    const std::string message =
        "From: Alice Example <alice@example.org>\r\nSubject: Appended compressed\r\n\r\nWritten by APPEND.\r\n";
    const imaplib::internaldate_arg date("\"02-Jan-2024 10:20:30 +0100\"");
    return {
        IMAPLIB_STEP(login, user, password),
        IMAPLIB_STEP(compress, "DEFLATE"),
        IMAPLIB_STEP0(noop),
        IMAPLIB_STEP(list, "\"\"", "*"),
        IMAPLIB_STEP(status, "INBOX", "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"),
        IMAPLIB_STEP(select, "INBOX", false),
        IMAPLIB_STEP(fetch, "1:*", "(FLAGS INTERNALDATE RFC822.SIZE)"),
        IMAPLIB_STEP(fetch, "1:*", "(ENVELOPE)"),
        IMAPLIB_STEP(fetch, "1:*", "(BODYSTRUCTURE)"),
        IMAPLIB_STEP(fetch, "1:*", "(RFC822)"),
        IMAPLIB_STEP(search, None, {"ALL"}),
        IMAPLIB_STEP(search, "UTF-8", {"SUBJECT", "Report"}),
        IMAPLIB_STEP(uid, "SEARCH", {"UID", "5:*"}),
        IMAPLIB_STEP(uid, "FETCH", {"1:3", "(UID FLAGS)"}),
        IMAPLIB_STEP(store, "1", "+FLAGS", "(\\Flagged)"),
        IMAPLIB_STEP(search, None, {"FLAGGED"}),
        IMAPLIB_STEP(append, "INBOX", "(\\Seen)", date, message),
        IMAPLIB_STEP0(noop),
        IMAPLIB_STEP(fetch, "12:*", "(UID FLAGS RFC822)"),
        IMAPLIB_STEP(compress, "DEFLATE"),  // already active: refused locally
        IMAPLIB_STEP0(logout),
    };
}

std::vector<std::string> run_blocking(const dovecot_server& s) {
    imaplib::imap4_compressed M;
    std::error_code ec;
    M.connect(s.host, s.port, 30s, ec);
    REQUIRE_FALSE(ec);
    return imaplib::test::run_blocking(M, steps(s));
}

template <class Async>
std::vector<std::string> run_async(const dovecot_server& s, asio::io_context& io, Async& A) {
    return imaplib::test::run_async(io, A, steps<Async>(s));
}

template <class Async>
void login_and_compress(asio::io_context& io, Async& a, const dovecot_server& s) {
    int done = 0;
    a.async_login(s.user, s.password, [&](std::error_code ec, imaplib::response) {
        CHECK_FALSE(ec);
        ++done;
    });
    a.async_compress([&](std::error_code ec, imaplib::response r) {
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        ++done;
    });
    run_until(io, [&] { return done == 2; });
    REQUIRE(done == 2);
    REQUIRE(a.transport().compressing());
}

}  // namespace

TEST_CASE("async compress: Dovecot gives the blocking client's results on a compressed connection",
          "[integration][async][compress]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    s.reset();
    const std::vector<std::string> blocking = run_blocking(s);
    s.reset();
    asio::io_context io;
    imaplib::async_imap4_compressed A(io.get_executor());
    connect(io, A, s.host, s.port);
    const std::vector<std::string> async = run_async(s, io, A);
    check_same_lines(async, blocking);
    // It did compress: the capability came after LOGIN, the commands went deflated.
    CHECK(std::find(A.capabilities().begin(), A.capabilities().end(), "COMPRESS=DEFLATE") != A.capabilities().end());
    CHECK(A.transport().compressing());
    CHECK(A.transport().compressed_bytes_written() > 0);
    CHECK(blocking.at(2).find("compress(\"DEFLATE\") => ('OK'") == 0);
    CHECK(blocking.at(20).find("EXC") != std::string::npos);  // the second COMPRESS
}

TEST_CASE("async compress: IDLE on a compressed connection wakes on another's APPEND",
          "[integration][async][compress]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    s.reset();
    asio::io_context io;
    imaplib::async_imap4_compressed watcher(io.get_executor()), writer(io.get_executor());
    connect(io, watcher, s.host, s.port);
    connect(io, writer, s.host, s.port);
    login_and_compress(io, watcher, s);
    login_and_compress(io, writer, s);
    bool selected = false;
    watcher.async_select("INBOX", false, [&](std::error_code ec, imaplib::response) {
        CHECK_FALSE(ec);
        selected = true;
    });
    run_until(io, [&] { return selected; });
    std::vector<imaplib::response> events;
    bool woke = false;
    watcher.async_idle([&](std::error_code ec, std::vector<imaplib::response> batch) {
        CHECK_FALSE(ec);
        events = std::move(batch);
        woke = true;
    });
    run_until(io, [&] { return watcher.protocol().idling(); });
    REQUIRE(watcher.protocol().idling());
    bool appended = false;
    writer.async_append("INBOX", {}, {}, "Subject: wake up\r\n\r\nhello\r\n", [&](std::error_code ec, imaplib::response r) {
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        appended = true;
    });
    run_until(io, [&] { return woke && appended; });
    REQUIRE(woke);
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
    // The compressed IDLE and DONE went on and the connection is still in step.
    bool fetched = false;
    watcher.async_fetch("*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])", [&](std::error_code ec, imaplib::response r) {
        CHECK_FALSE(ec);
        CHECK(python_repr(r).find("wake up") != std::string::npos);
        fetched = true;
    });
    run_until(io, [&] { return fetched; });
    CHECK(fetched);
}

#if defined(IMAPLIB_USE_WOLFSSL)
TEST_CASE("async compress: over implicit TLS, the same results as the blocking client on TCP",
          "[integration][async][compress][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const imaplib::test::reset_at_exit guard;
    s.reset();
    const std::vector<std::string> blocking = run_blocking(s);
    s.reset();
    asio::io_context io;
    imaplib::async_imap4_ssl_compressed A(
        imaplib::basic_async_compress_transport<imaplib::async_tls_transport>(io.get_executor(), imaplib::test::test_ca_context(s)));
    connect(io, A, s.host, s.ssl_port);
    check_same_lines(run_async(s, io, A), blocking, 1);
}

TEST_CASE("async compress: after STARTTLS, and no STARTTLS after it", "[integration][async][compress][tls]") {
    const dovecot_server& s = imaplib::test::dovecot();
    const auto ctx = imaplib::test::test_ca_context(s);
    asio::io_context io;
    using starttls_layer = imaplib::basic_async_compress_transport<imaplib::async_starttls_transport>;
    imaplib::async_imap4_starttls_compressed A(starttls_layer(io.get_executor(), ctx));
    connect(io, A, s.host, s.port);
    bool done = false;
    A.async_starttls(*ctx, [&](std::error_code ec, imaplib::response r) {
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        done = true;
    });
    run_until(io, [&] { return done; });
    REQUIRE(done);
    login_and_compress(io, A, s);
    done = false;
    A.async_select("INBOX", true, [&](std::error_code ec, imaplib::response r) {
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        done = true;
    });
    run_until(io, [&] { return done; });
    CHECK(done);
    done = false;
    A.async_starttls(*ctx, [&](std::error_code ec, imaplib::response) {
        CHECK(ec == imaplib::errc::starttls_refused);
        done = true;
    });
    run_until(io, [&] { return done; });
    CHECK(done);
    // Compressed in clear text, STARTTLS is refused before anything is sent (RFC 4978
    // section 3: the layer would encrypt compressed text), and the connection goes on.
    imaplib::async_imap4_starttls_compressed B(starttls_layer(io.get_executor(), ctx));
    connect(io, B, s.host, s.port);
    login_and_compress(io, B, s);
    done = false;
    B.async_starttls(*ctx, [&](std::error_code ec, imaplib::response) {
        CHECK(ec == imaplib::errc::starttls_refused);
        done = true;
    });
    run_until(io, [&] { return done; });
    CHECK(done);
    CHECK(B.error_message() == "STARTTLS after COMPRESS");
    done = false;
    B.async_noop([&](std::error_code ec, imaplib::response r) {
        CHECK_FALSE(ec);
        CHECK(r.typ == "OK");
        done = true;
    });
    run_until(io, [&] { return done; });
    CHECK(done);
}
#endif
