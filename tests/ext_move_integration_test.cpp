// MOVE (RFC 6851), UIDPLUS (RFC 4315), MULTIAPPEND (RFC 3502) and LITERAL+ (RFC 7888)
// against the suite's Dovecot 2.3.19, in both API forms, each result checked by UID from a
// second connection. The MOVE fallback runs against the same Dovecot with MOVE hidden: a
// PREAUTH session (imap4_stream) whose `imap_capability` leaves it out. Dovecot 2.3.19 has
// neither APPENDLIMIT nor LITERAL-: those are in tests/ext_move_test.cpp (scripted server).
#include <imaplib/imaplib.hpp>

#include "support/dovecot.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::test::dovecot_server;

constexpr auto session_timeout = 30s;

imaplib::imap4 logged_in(const dovecot_server& s) {
    imaplib::imap4 M(s.host, s.port, session_timeout);
    M.login(s.user, s.password);
    return M;
}

// A PREAUTH session on the same Dovecot and mail store announcing only `capabilities`.
std::string stream_with(const dovecot_server& s, const std::string& capabilities) {
    std::string command = s.stream_command;
    const std::string user = " -u " + s.user;
    const auto at = command.find(user);
    REQUIRE(at != std::string::npos);
    command.insert(at + user.size(), " -o 'imap_capability=" + capabilities + "'");
    return command;
}

// UID -> message bytes of `mailbox`, read by a connection of its own.
std::map<std::uint32_t, std::string> messages_by_uid(const std::string& mailbox) {
    imaplib::imap4 M = logged_in(imaplib::test::dovecot());
    M.select(mailbox, true);
    std::map<std::uint32_t, std::string> out;
    const imaplib::response r = M.uid("FETCH", "1:*", "(UID BODY.PEEK[])");
    for (const imaplib::data_item& item : r.data) {
        if (!item.is_literal()) continue;
        const std::string_view header = item.header();
        const auto uid = header.find("UID ");
        REQUIRE(uid != std::string_view::npos);
        out[static_cast<std::uint32_t>(std::stoul(std::string(header.substr(uid + 4))))] = std::string(item.literal());
    }
    M.logout();
    return out;
}

// Every moved message: gone from INBOX, in Archive under the UID COPYUID gives it.
void check_moved(const imaplib::copyuid_data& c, const std::map<std::uint32_t, std::string>& inbox_before) {
    const auto inbox = messages_by_uid("INBOX");
    const auto archive = messages_by_uid("Archive");
    CHECK(c.source.size() > 0);
    c.source.for_each([&](std::uint32_t uid) {
        CAPTURE(uid);
        CHECK(inbox.count(uid) == 0);
        const auto dest = c.dest_of(uid);
        REQUIRE(dest);
        REQUIRE(archive.count(*dest) == 1);
        CHECK(archive.at(*dest) == inbox_before.at(uid));
    });
    CHECK(inbox.size() + c.source.size() == inbox_before.size());
}

}  // namespace

TEST_CASE("MOVE against Dovecot: uid_move and move in both forms, COPYUID checked by UID from a second connection") {
    imaplib::test::reset_dovecot();
    const dovecot_server& s = imaplib::test::dovecot();
    {
        const auto before = messages_by_uid("INBOX");
        imaplib::imap4 M = logged_in(s);
        M.select("INBOX");
        std::error_code ec;
        const imaplib::move_result r = M.uid_move("2:3,5", "Archive", ec);
        REQUIRE_FALSE(ec);
        CHECK(r.typ == "OK");
        CHECK_FALSE(r.fallback);
        REQUIRE(r.copyuid);
        CHECK(r.copyuid->source.to_string() == "2:3,5");
        check_moved(*r.copyuid, before);
        M.logout();
    }
    {
        const auto before = messages_by_uid("INBOX");
        imaplib::imap4 M = logged_in(s);
        M.select("INBOX");
        const imaplib::move_result r = M.move("1", "Archive");
        REQUIRE(r.copyuid);
        CHECK(r.copyuid->source.size() == 1);
        check_moved(*r.copyuid, before);
        // A tagged NO is a result: no such mailbox.
        const imaplib::move_result no = M.move("1", "No such mailbox");
        CHECK(no.typ == "NO");
        CHECK_FALSE(no.copyuid);
        M.logout();
    }
    imaplib::test::reset_dovecot();
}

TEST_CASE("MOVE fallback against Dovecot with MOVE hidden: COPY, STORE, UID EXPUNGE, other deleted messages stay") {
    imaplib::test::reset_dovecot();
    const dovecot_server& s = imaplib::test::dovecot();
    {
        // UID 1 is marked \Deleted beforehand: the fallback must not expunge it.
        imaplib::imap4 other = logged_in(s);
        other.select("INBOX");
        other.uid("STORE", "1", "+FLAGS", "(\\Deleted)");
        other.logout();
    }
    const auto before = messages_by_uid("INBOX");
    {
        imaplib::imap4_stream M(stream_with(s, "IMAP4rev1 UIDPLUS"));
        M.select("INBOX");
        std::error_code ec;
        const imaplib::move_result r = M.uid_move("4:6", "Archive", ec);
        REQUIRE_FALSE(ec);
        CHECK(r.fallback);
        REQUIRE(r.copyuid);
        check_moved(*r.copyuid, before);
        CHECK(messages_by_uid("INBOX").count(1) == 1);
        M.logout();
    }
    {
        imaplib::imap4_stream M(stream_with(s, "IMAP4rev1 UIDPLUS"));
        M.select("INBOX");
        const auto now = messages_by_uid("INBOX");
        const imaplib::move_result r = M.move("2", "Archive");  // throwing form, a sequence number
        CHECK(r.fallback);
        REQUIRE(r.copyuid);
        check_moved(*r.copyuid, now);
        M.logout();
    }
    {
        imaplib::imap4_stream M(stream_with(s, "IMAP4rev1"));
        M.select("INBOX");
        std::error_code ec;
        M.uid_move("7", "Archive", ec);
        CHECK(ec == imaplib::errc::capability_missing);
        M.logout();
    }
    imaplib::test::reset_dovecot();
}

TEST_CASE("MULTIAPPEND against Dovecot: APPENDUID as a set, messages read back by UID, both forms") {
    imaplib::test::reset_dovecot();
    const dovecot_server& s = imaplib::test::dovecot();
    const std::vector<std::string> bodies = {"Subject: one\r\n\r\nfirst\r\n", "Subject: two\r\n\r\nsecond\r\n",
                                             "Subject: three\r\n\r\n" + std::string(10000, 'x') + "\r\n"};
    imaplib::imap4 M = logged_in(s);
    std::error_code ec;
    const imaplib::append_result r =
        M.multiappend("Archive", {{bodies[0], "\\Seen"}, {bodies[1]}, {bodies[2], imaplib::None, 1700000000LL}}, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(r.appenduid);
    CHECK(r.appenduid->uids.size() == 3);
    const auto archive = messages_by_uid("Archive");
    std::size_t i = 0;
    r.appenduid->uids.for_each([&](std::uint32_t uid) {
        REQUIRE(archive.count(uid) == 1);
        CHECK(archive.at(uid) == bodies[i++]);
    });

    const imaplib::append_result one = M.multiappend("Archive", {{bodies[0]}});  // throwing form
    REQUIRE(one.appenduid);
    CHECK(messages_by_uid("Archive").at(one.appenduid->uids.ranges().at(0).first) == bodies[0]);
    CHECK(M.multiappend("No such mailbox", {{bodies[0]}}).typ == "NO");

    // imaplib's own append and copy: the codes from their results.
    const auto a = imaplib::appenduid(M.append("Archive", imaplib::None, imaplib::None, bodies[1]));
    REQUIRE(a);
    CHECK(messages_by_uid("Archive").at(a->uids.ranges().at(0).first) == bodies[1]);
    M.select("Archive");
    const auto c = imaplib::copyuid(M.copy("1", "INBOX"));
    REQUIRE(c);
    M.uid("MOVE", std::to_string(a->uids.ranges().at(0).first), "INBOX");
    const auto moved = imaplib::copyuid(M.response("COPYUID"));
    REQUIRE(moved);
    CHECK(messages_by_uid("INBOX").at(*moved->dest_of(a->uids.ranges().at(0).first)) == bodies[1]);
    M.logout();
    imaplib::test::reset_dovecot();
}

// The figure for docs/extensions.md: continuations the server sends for 100 messages.
TEST_CASE("LITERAL+ against Dovecot: MULTIAPPEND of 100 messages waits for no continuation") {
    imaplib::test::reset_dovecot();
    const dovecot_server& s = imaplib::test::dovecot();
    std::vector<std::string> bodies;
    std::vector<imaplib::append_message> messages;
    for (int i = 0; i < 100; ++i) bodies.push_back("Subject: " + std::to_string(i) + "\r\n\r\nbody\r\n");
    for (const std::string& b : bodies) messages.emplace_back(b);

    const auto run = [&](const std::string& capabilities, bool one_command) {
        imaplib::imap4_stream M(stream_with(s, capabilities));
        int continuations = 0;
        M.set_debug_sink([&](std::string_view line) {
            if (line.find("< b'+") != std::string_view::npos) ++continuations;
        });
        M.debug(4);
        const auto start = std::chrono::steady_clock::now();
        if (one_command) {
            const imaplib::append_result r = M.multiappend("Archive", messages);
            REQUIRE(r.appenduid);
            CHECK(r.appenduid->uids.size() == 100);
        } else {
            for (const std::string& b : bodies) M.append("Archive", imaplib::None, imaplib::None, b);
        }
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        M.debug(0);
        M.logout();
        std::printf("100 messages, %s, %s: %d continuations, %.1f ms\n",
                    one_command ? "multiappend" : "imaplib append", capabilities.c_str(), continuations, ms);
        return continuations;
    };
    CHECK(run("IMAP4rev1 UIDPLUS MULTIAPPEND LITERAL+", true) == 0);
    CHECK(run("IMAP4rev1 UIDPLUS MULTIAPPEND", true) == 100);
    CHECK(run("IMAP4rev1 UIDPLUS MULTIAPPEND LITERAL+", false) == 100);
    imaplib::test::reset_dovecot();
}
