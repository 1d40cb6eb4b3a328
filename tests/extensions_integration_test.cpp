// The extensions against the suite's Dovecot 2.3 (tests/support/dovecot.hpp), in both API
// forms, each in a section of its own: CONDSTORE/QRESYNC and the mailbox sync helper,
// MOVE/UIDPLUS/MULTIAPPEND/LITERAL+, the typed queries, ENABLE and BINARY. What Dovecot
// lacks or never sends is in tests/extensions_test.cpp (scripted servers).
#include <imaplib/imaplib.hpp>

#include "support/dovecot.hpp"
#include "support/python_oracle.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;
using imaplib::test::dovecot_server;

constexpr auto session_timeout = 30s;

// A connection of its own to `s`, logged in as its user.
imaplib::imap4 logged_in(const dovecot_server& s = imaplib::test::dovecot()) {
    imaplib::imap4 M(s.host, s.port, session_timeout);
    M.login(s.user, s.password);
    return M;
}

}  // namespace

// ==== CONDSTORE / QRESYNC (RFC 7162) and the mailbox sync helper ===========================
// A second connection makes the changes the first must be told of. Python's imaplib is the
// oracle for select("INBOX (CONDSTORE)").

namespace {

constexpr std::string_view box = "SyncTest";

std::string message(int n) {
    return "From: a@example.org\r\nSubject: sync " + std::to_string(n) + "\r\n\r\nbody " + std::to_string(n) + "\r\n";
}

// A fresh mailbox of `count` messages, UIDs 1..count; the first one \Seen.
void fresh_box(int count) {
    imaplib::imap4 M = logged_in();
    std::error_code ignored;
    M.delete_mailbox(box, ignored);
    REQUIRE(M.create(box).typ == "OK");
    for (int i = 1; i <= count; ++i)
        REQUIRE(M.append(box, i == 1 ? "(\\Seen)" : "", imaplib::None, message(i)).typ == "OK");
    M.logout();
}

// The other client: changes the mailbox between syncs.
void change_box() {
    imaplib::imap4 M = logged_in();
    REQUIRE(M.select(box).typ == "OK");
    REQUIRE(M.append(box, "(\\Flagged)", imaplib::None, message(100)).typ == "OK");
    REQUIRE(M.uid("STORE", "2", "+FLAGS", "(\\Answered $Label1)").typ == "OK");
    REQUIRE(M.uid("STORE", "3", "+FLAGS", "(\\Deleted)").typ == "OK");
    REQUIRE(M.expunge().typ == "OK");
    M.logout();
}

bool has_flag(const imaplib::message_change& c, std::string_view flag) {
    return c.flags && std::find(c.flags->begin(), c.flags->end(), flag) != c.flags->end();
}

const imaplib::message_change* change_of(const std::vector<imaplib::message_change>& changes, std::uint32_t uid) {
    for (const auto& c : changes)
        if (c.uid == uid) return &c;
    return nullptr;
}

// The UIDs of some changes, sorted, each once.
std::vector<std::uint32_t> uids_of(const std::vector<imaplib::message_change>& changes) {
    std::vector<std::uint32_t> out;
    for (const auto& c : changes) out.push_back(c.uid);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

TEST_CASE("sync: select with a parameter list as imaplib sends it, matching Python", "[sync][integration]") {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::imap4 M(s.host, s.port, session_timeout);
    std::vector<std::string> sent;
    M.set_send_hook([&](std::string_view data) { sent.emplace_back(data); });
    M.login(s.user, s.password);
    const imaplib::response r = M.select("INBOX (CONDSTORE)");
    // imaplib: tag SP name SP the argument as given.
    REQUIRE(!sent.empty());
    CHECK(sent.back() == M.tagpre() + std::to_string(M.tagnum() - 1) + " SELECT INBOX (CONDSTORE)\r\n");
    const imaplib::response modseq = M.response("HIGHESTMODSEQ");
    const imaplib::response examined = M.select("\"INBOX\" (CONDSTORE)", true);
    CHECK(sent.back().find(" EXAMINE \"INBOX\" (CONDSTORE)\r\n") != std::string::npos);
    M.logout();

    const std::string script = "{\"connect\": " + imaplib::test::oracle_connect(s, "imap4") +
                               ", \"calls\": [[\"login\", " + imaplib::test::json_string(s.user) + ", " +
                               imaplib::test::json_string(s.password) +
                               "], [\"select\", \"INBOX (CONDSTORE)\"], [\"response\", \"HIGHESTMODSEQ\"], "
                               "[\"select\", \"\\\"INBOX\\\" (CONDSTORE)\", true]]}";
    const std::vector<std::string> python = imaplib::test::run_imaplib_oracle(script);
    REQUIRE(python.size() == 5);
    CHECK(imaplib::python_repr(r) == python[2]);
    CHECK(imaplib::python_repr(modseq) == python[3]);
    CHECK(imaplib::python_repr(examined) == python[4]);
    CHECK(r.typ == "OK");
    CHECK(modseq.data.at(0).bytes() != "");
}

TEST_CASE("sync: a mailbox name with parentheses is still one quoted name", "[sync][integration]") {
    imaplib::imap4 M = logged_in();
    std::vector<std::string> sent;
    M.set_send_hook([&](std::string_view data) { sent.emplace_back(data); });
    std::error_code ec;
    const imaplib::response r = M.select("Old (archive)", false, ec);
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "NO");  // no such mailbox: the name was sent as one
    CHECK(sent.back().find(" SELECT \"Old (archive)\"\r\n") != std::string::npos);
    M.set_send_hook(nullptr);  // `sent` goes before M's LOGOUT
}

TEST_CASE("sync: typed SELECT and EXAMINE with CONDSTORE, both forms", "[sync][integration]") {
    fresh_box(4);
    imaplib::imap4 M = logged_in();
    imaplib::select_params condstore;
    condstore.condstore = true;
    const imaplib::select_result r = M.select(box, condstore);
    CHECK(r.typ == "OK");
    CHECK(imaplib::python_repr(r.data) == "[b'4']");
    CHECK(r.exists == 4u);
    CHECK(r.uidvalidity.has_value());
    CHECK(r.uidnext == 5u);
    REQUIRE(r.highestmodseq.has_value());
    CHECK(*r.highestmodseq > 0);
    CHECK_FALSE(r.nomodseq);
    CHECK_FALSE(r.read_only);
    CHECK(std::find(r.flags.begin(), r.flags.end(), "\\Seen") != r.flags.end());
    CHECK(std::find(r.permanentflags.begin(), r.permanentflags.end(), "\\*") != r.permanentflags.end());
    CHECK(M.state() == "SELECTED");

    std::error_code ec;
    const imaplib::select_result e = M.examine(box, condstore, ec);
    REQUIRE_FALSE(ec);
    CHECK(e.read_only);
    CHECK(e.highestmodseq == r.highestmodseq);
    CHECK(M.is_readonly());

    const imaplib::select_result missing = M.examine("NoSuchBox", condstore, ec);
    REQUIRE_FALSE(ec);
    CHECK(missing.typ == "NO");
    CHECK_FALSE(missing.uidvalidity);
    CHECK(M.state() == "AUTH");
}

TEST_CASE("sync: QRESYNC select reports what a second connection changed", "[sync][integration]") {
    fresh_box(5);
    imaplib::imap4 A = logged_in();
    REQUIRE(A.enable("QRESYNC").typ == "OK");
    imaplib::select_params condstore;
    condstore.condstore = true;
    const imaplib::select_result before = A.examine(box, condstore);
    REQUIRE(before.highestmodseq);
    A.logout();

    change_box();

    for (const bool throwing : {true, false}) {
        imaplib::imap4 M = logged_in();
        imaplib::select_params q;
        q.qresync.emplace();
        q.qresync->uidvalidity = *before.uidvalidity;
        q.qresync->modseq = *before.highestmodseq;
        q.qresync->known_uids = {{1, 5}};
        imaplib::select_result r;
        std::error_code ec;
        if (throwing) {
            M.enable("QRESYNC");
            r = M.examine(box, q);
        } else {
            M.enable("QRESYNC", ec);
            REQUIRE_FALSE(ec);
            r = M.examine(box, q, ec);
            REQUIRE_FALSE(ec);
        }
        CHECK(r.typ == "OK");
        CHECK(r.vanished == imaplib::sequence_set{{3, 3}});
        const imaplib::message_change* two = change_of(r.fetches, 2);
        REQUIRE(two);
        CHECK(has_flag(*two, "\\Answered"));
        CHECK(has_flag(*two, "$Label1"));
        REQUIRE(two->modseq);
        CHECK(*two->modseq > *before.highestmodseq);
        CHECK(*r.highestmodseq > *before.highestmodseq);
        CHECK(M.response("VANISHED").data.at(0).is_none());  // taken into the result
    }
}

TEST_CASE("sync: UID FETCH CHANGEDSINCE with VANISHED, and VANISHED while selected", "[sync][integration]") {
    fresh_box(5);
    imaplib::imap4 M = logged_in();
    std::error_code ec;
    M.enable("QRESYNC", ec);
    REQUIRE_FALSE(ec);
    imaplib::select_params condstore;
    condstore.condstore = true;
    const imaplib::select_result before = M.select(box, condstore, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(before.highestmodseq);

    change_box();

    // The expunge arrives as an untagged VANISHED during NOOP: kept until taken.
    REQUIRE(M.noop().typ == "OK");
    const imaplib::sequence_set live = M.vanished(ec);
    REQUIRE_FALSE(ec);
    CHECK(live == imaplib::sequence_set{{3, 3}});
    CHECK(M.vanished().empty());

    const imaplib::changes_result c = M.uid_fetch_changedsince("1:*", *before.highestmodseq, true, ec);
    REQUIRE_FALSE(ec);
    CHECK(c.typ == "OK");
    REQUIRE(change_of(c.messages, 2));
    CHECK(has_flag(*change_of(c.messages, 2), "$Label1"));
    REQUIRE(change_of(c.messages, 6));  // the appended one
    CHECK(has_flag(*change_of(c.messages, 6), "\\Flagged"));
    CHECK_FALSE(change_of(c.messages, 1));
    CHECK(c.vanished == imaplib::sequence_set{{3, 3}});

    // (c may also hold the unsolicited FETCH of UID 2 the NOOP brought: imaplib's FETCH list.)
    const imaplib::changes_result plain = M.uid_fetch_changedsince("1:*", *before.highestmodseq);
    CHECK(plain.vanished.empty());
    CHECK(uids_of(plain.messages) == uids_of(c.messages));
    CHECK(uids_of(plain.messages) == std::vector<std::uint32_t>{2, 6});
}

TEST_CASE("sync: UID STORE UNCHANGEDSINCE returns MODIFIED for what changed meanwhile", "[sync][integration]") {
    fresh_box(5);
    imaplib::imap4 M = logged_in();
    imaplib::select_params condstore;
    condstore.condstore = true;
    const imaplib::select_result before = M.select(box, condstore);
    REQUIRE(before.highestmodseq);

    change_box();  // UID 2 changed after `before`

    std::error_code ec;
    const imaplib::store_result r =
        M.uid_store_unchangedsince("2,4", *before.highestmodseq, "+FLAGS", "(\\Draft)", ec);
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    CHECK(r.modified == imaplib::sequence_set{{2, 2}});
    const imaplib::message_change* four = change_of(r.messages, 4);
    REQUIRE(four);
    CHECK(has_flag(*four, "\\Draft"));
    // UID 2 was not stored (a FETCH of it may still come: the other client's change).
    for (const auto& c : r.messages) CHECK_FALSE((c.uid == 2 && has_flag(c, "\\Draft")));

    REQUIRE(four->modseq);
    const imaplib::store_result again = M.uid_store_unchangedsince("4", *four->modseq, "-FLAGS", "\\Draft");
    CHECK(again.modified.empty());
    REQUIRE(change_of(again.messages, 4));
    CHECK_FALSE(has_flag(*change_of(again.messages, 4), "\\Draft"));
}

TEST_CASE("sync: the helper reports identical changes by QRESYNC, CONDSTORE and uid-diff", "[sync][integration]") {
    fresh_box(5);
    const imaplib::sync_method methods[] = {imaplib::sync_method::qresync, imaplib::sync_method::condstore,
                                            imaplib::sync_method::uid_diff};
    std::vector<imaplib::mailbox_state> states(3);
    for (std::size_t i = 0; i < 3; ++i) {
        imaplib::imap4 M = logged_in();
        imaplib::sync_options o;
        o.method = methods[i];
        std::error_code ec;
        const imaplib::sync_report first = imaplib::sync_mailbox(M, box, states[i], o, ec);
        REQUIRE_FALSE(ec);
        CHECK(first.full);
        CHECK_FALSE(first.reset);
        CHECK(states[i].messages.size() == 5);
        CHECK(states[i].messages.at(1) == std::vector<std::string>{"\\Seen"});
    }
    CHECK(states[0].to_text() == states[1].to_text());

    change_box();

    std::vector<std::string> listings;
    for (std::size_t i = 0; i < 3; ++i) {
        imaplib::imap4 M = logged_in();
        imaplib::sync_options o;
        o.method = methods[i];
        const imaplib::sync_report r = imaplib::sync_mailbox(M, box, states[i], o);
        CHECK(r.method == methods[i]);
        CHECK_FALSE(r.full);
        std::string text;
        for (const auto& c : r.changes) {
            text += std::to_string(static_cast<int>(c.what)) + ' ' + std::to_string(c.uid);
            for (const auto& f : c.flags) text += ' ' + f;
            text += '\n';
        }
        listings.push_back(text);
    }
    CHECK(listings[0] == "1 2 $Label1 \\Answered\n2 3\n0 6 \\Flagged\n");
    CHECK(listings[1] == listings[0]);
    CHECK(listings[2] == listings[0]);
    CHECK(states[0].messages == states[2].messages);
    CHECK(states[1].messages == states[2].messages);

    // Nothing changed: nothing reported, by any method.
    for (std::size_t i = 0; i < 3; ++i) {
        imaplib::imap4 M = logged_in();
        imaplib::sync_options o;
        o.method = methods[i];
        CHECK(imaplib::sync_mailbox(M, box, states[i], o).changes.empty());
    }

    // A new UIDVALIDITY (the mailbox deleted and made again): a full resync.
    fresh_box(2);
    for (std::size_t i = 0; i < 3; ++i) {
        imaplib::imap4 M = logged_in();
        imaplib::sync_options o;
        o.method = methods[i];
        const std::uint32_t old = states[i].uidvalidity;
        const imaplib::sync_report r = imaplib::sync_mailbox(M, box, states[i], o);
        CHECK(r.reset);
        CHECK(r.full);
        CHECK(r.uidvalidity != old);
        CHECK(states[i].messages.size() == 2);
    }
}

TEST_CASE("sync: the state's text form round-trips", "[sync][integration]") {
    fresh_box(3);
    imaplib::imap4 M = logged_in();
    imaplib::mailbox_state state;
    imaplib::sync_mailbox(M, box, state);
    std::error_code ec;
    const imaplib::mailbox_state back = imaplib::mailbox_state::from_text(state.to_text(), ec);
    REQUIRE_FALSE(ec);
    CHECK(back.to_text() == state.to_text());
    CHECK(back.messages == state.messages);
    CHECK(back.highestmodseq == state.highestmodseq);
    imaplib::mailbox_state::from_text("imaplib-sync 1\nuidvalidity x\n", ec);
    CHECK(ec == imaplib::errc::parse_error);
}

#if defined(IMAPLIB_TEST_SYNC_MAILBOX)

namespace {

struct cli_result {
    int status = -1;
    std::string out, err;
};

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

cli_result sync_cli(const std::filesystem::path& state, std::string_view method) {
    using imaplib::test::detail::shell_quote;
    const dovecot_server& s = imaplib::test::dovecot();
    const auto out = state.string() + ".out", err = state.string() + ".err";
    const std::string command = "IMAP_PASSWORD=" + shell_quote(s.password) + ' ' + shell_quote(IMAPLIB_TEST_SYNC_MAILBOX) +
                                " --port " + std::to_string(s.port) + " --user " + shell_quote(s.user) +
                                " --mailbox " + std::string(box) + " --state " + shell_quote(state.string()) +
                                " --method " + std::string(method) + ' ' + s.host + " >" + shell_quote(out) + " 2>" +
                                shell_quote(err);
    cli_result r;
    r.status = std::system(command.c_str());
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

}  // namespace

TEST_CASE("sync: sync_mailbox prints the same lines whichever method it may use", "[sync][integration]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("imaplib-sync-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fresh_box(5);
    const std::string methods[] = {"qresync", "condstore", "uid-diff"};
    std::uint32_t uidvalidity = 0;
    {
        imaplib::imap4 M = logged_in();
        imaplib::select_params none;
        uidvalidity = *M.examine(box, none).uidvalidity;
    }
    for (const std::string& m : methods) {
        const cli_result r = sync_cli(dir / m, m);
        INFO(r.err);
        CHECK(r.status == 0);
        CHECK(r.out == "full uidvalidity=" + std::to_string(uidvalidity) + " messages=5\n");
    }
    change_box();
    for (const std::string& m : methods) {
        const cli_result r = sync_cli(dir / m, m);
        INFO(r.err);
        CHECK(r.status == 0);
        CHECK(r.out ==
              "flags uid=2 flags=$Label1 \\Answered\n"
              "vanished uid=3\n"
              "new uid=6 flags=\\Flagged\n"
              "summary new=1 changed=1 vanished=1 method=" + m + "\n");
    }
    fresh_box(2);
    for (const std::string& m : methods) {
        const cli_result r = sync_cli(dir / m, m);
        INFO(r.err);
        CHECK(r.status == 0);
        CHECK(r.out.rfind("reset uidvalidity=", 0) == 0);
        CHECK(r.out.find("\nfull uidvalidity=") != std::string::npos);
        CHECK(r.out.find(" messages=2\n") != std::string::npos);
    }
    std::ofstream(dir / "broken") << "not a state\n";
    const cli_result broken = sync_cli(dir / "broken", "qresync");
    CHECK(broken.status != 0);
    CHECK(broken.err.find("not a state file") != std::string::npos);
    CHECK(slurp(dir / "broken") == "not a state\n");  // left as it was
    std::error_code ec;
    fs::remove_all(dir, ec);
}

#endif

// ==== MOVE, UIDPLUS, MULTIAPPEND, LITERAL+ =================================================
// MOVE (RFC 6851), UIDPLUS (RFC 4315), MULTIAPPEND (RFC 3502) and LITERAL+ (RFC 7888), each
// result checked by UID from a second connection. The MOVE fallback runs against the same
// Dovecot with MOVE hidden: a PREAUTH session (imap4_stream) whose `imap_capability` leaves
// it out. Dovecot 2.3.19 has neither APPENDLIMIT nor LITERAL-.

namespace {

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

// ==== The typed queries ====================================================================
// ESEARCH and SEARCHRES, LIST-EXTENDED / LIST-STATUS / SPECIAL-USE, STATUS SIZE, ID, METADATA
// (imap_metadata with a file dict), QUOTA (the count backend), SAVEDATE and PREVIEW. Each
// typed value is checked against what imaplib's own method returns for the same question.
// Dovecot lacks OBJECTID, UNAUTHENTICATE, CREATE-SPECIAL-USE and the DELETED status item:
// those are refused here without a byte sent.

namespace {

// logged_in() on the heap.
std::unique_ptr<imaplib::imap4> logged_in_ptr() {
    const dovecot_server& s = imaplib::test::dovecot();
    auto M = std::make_unique<imaplib::imap4>(s.host, s.port, session_timeout);
    M->login(s.user, s.password);
    return M;
}

// The numbers of imaplib's SEARCH data ("1 2 5").
imaplib::sequence_set numbers(const imaplib::response& r) {
    imaplib::sequence_set set;
    for (std::string_view word : imaplib::split(r.data.at(0).bytes()))
        set.add(static_cast<std::uint32_t>(std::stoul(std::string(word))));
    return set;
}

}  // namespace

TEST_CASE("ext query integration: ESEARCH agrees with SEARCH; SAVE makes $ a message set", "[integration][query]") {
    auto M = logged_in_ptr();
    M->select("INBOX", true);
    using imaplib::search_return;
    for (const char* criteria : {"ALL", "UNSEEN", "SEEN", "DELETED"}) {
        INFO(criteria);
        const imaplib::sequence_set expected = numbers(M->search(std::nullopt, criteria));
        std::error_code ec;
        const imaplib::esearch_result r = M->esearch(
            search_return::min | search_return::max | search_return::count | search_return::all, {criteria}, ec);
        REQUIRE_FALSE(ec);
        CHECK(r.typ == "OK");
        CHECK_FALSE(r.uid);
        CHECK(r.count == expected.size());
        CHECK(r.all == expected);
        if (!expected.empty()) {
            CHECK(r.min == expected.ranges().front().first);
            CHECK(r.max == expected.ranges().back().last);
        } else {
            CHECK_FALSE(r.min);
        }
    }
    // Throwing form, UID, SAVE: `$` holds the UIDs of the search afterwards.
    const imaplib::sequence_set uids = numbers(M->uid("SEARCH", "UNSEEN"));
    REQUIRE_FALSE(uids.empty());
    const imaplib::esearch_result saved = M->uid_esearch(search_return::save | search_return::count, {"UNSEEN"});
    CHECK(saved.uid);
    CHECK(saved.count == uids.size());
    imaplib::sequence_set fetched;
    std::error_code ec;
    for (const auto& msg : imaplib::fetch_views(M->uid("FETCH", "$", "(UID)"), ec))
        fetched.add(static_cast<std::uint32_t>(*msg.uid()));
    REQUIRE_FALSE(ec);
    fetched.normalize();
    CHECK(fetched == uids);
}

TEST_CASE("ext query integration: LIST-EXTENDED with STATUS and SPECIAL-USE, both forms", "[integration][query]") {
    auto M = logged_in_ptr();
    using namespace imaplib;
    list_options o;
    o.select = list_select::subscribed | list_select::recursivematch;
    o.returns = list_return::children | list_return::special_use;
    o.status = status_item::messages | status_item::unseen | status_item::size;
    std::error_code ec;
    const list_result r = M->list_extended("", {"*", "INBOX"}, o, ec);
    REQUIRE_FALSE(ec);
    REQUIRE_FALSE(r.entries.empty());
    const auto find = [&](std::string_view name) -> const list_entry* {
        for (const list_entry& e : r.entries)
            if (e.name == name) return &e;
        return nullptr;
    };
    for (const char* name : {"INBOX", "Archive", "Drafts", "Trash", "Caf&AOk-"}) {
        INFO(name);
        const list_entry* e = find(name);
        REQUIRE(e);
        CHECK(e->delimiter == '/');
        CHECK(e->has_attribute("\\Subscribed"));
        REQUIRE(e->status);
        // The same numbers as imaplib's STATUS and the typed STATUS.
        const status_result s = M->status(name, status_item::messages | status_item::unseen | status_item::size);
        CHECK(e->status->messages == s.status.messages);
        CHECK(e->status->unseen == s.status.unseen);
        CHECK(e->status->size == s.status.size);
        CHECK(s.status.size > 0u);
        const response raw = M->status(name, "(MESSAGES)");
        CHECK(raw.data.at(0).bytes().find("MESSAGES " + std::to_string(*s.status.messages)) != std::string_view::npos);
    }
    CHECK(find("Caf&AOk-")->name_utf8 == "Caf\xc3\xa9");
    CHECK(find("Drafts")->has_attribute("\\Drafts"));
    CHECK(find("Archive")->has_attribute("\\HasChildren"));
    // Throwing form: SPECIAL-USE selection lists only the special-use mailboxes.
    list_options special;
    special.select = list_select::special_use;
    std::vector<std::string> names;
    for (const list_entry& e : M->list_extended("", {"*"}, special).entries) names.push_back(e.name);
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"Archive", "Drafts", "Trash"});
}

TEST_CASE("ext query integration: STATUS SIZE typed; DELETED, OBJECTID refused without a byte sent",
          "[integration][query]") {
    std::string sent;  // before M: M's destructor sends LOGOUT through the hook
    auto M = logged_in_ptr();
    using namespace imaplib;
    M->set_send_hook([&](std::string_view data) { sent += data; });
    std::error_code ec;
    const status_result s = M->status("INBOX", status_item::messages | status_item::size, ec);
    REQUIRE_FALSE(ec);
    CHECK(s.status.mailbox == "INBOX");
    CHECK(s.status.messages > 0u);
    CHECK(s.status.size > 0u);
    sent.clear();
    M->status("INBOX", status_item::deleted, ec);
    CHECK(ec == errc::capability_missing);
    M->status("INBOX", status_item::mailboxid, ec);
    CHECK(ec == errc::capability_missing);
    M->unauthenticate(ec);
    CHECK(ec == errc::capability_missing);
    M->create("Sent", {"\\Sent"}, ec);
    CHECK(ec == errc::capability_missing);
    // Only the CAPABILITY asked again before each refusal.
    for (std::string_view word : {" STATUS ", " UNAUTHENTICATE", " CREATE "})
        CHECK(sent.find(word) == std::string::npos);
}

TEST_CASE("ext query integration: ID both ways, both forms", "[integration][query]") {
    auto M = logged_in_ptr();
    std::error_code ec;
    const imaplib::id_result r = M->id({{"name", "imaplib-cpp"}, {"version", std::nullopt}}, ec);
    REQUIRE_FALSE(ec);
    REQUIRE_FALSE(r.fields.empty());
    CHECK(r.fields[0].first == "name");
    CHECK(r.fields[0].second == std::string("Dovecot"));
    CHECK(M->id().fields == r.fields);
}

TEST_CASE("ext query integration: METADATA set and get, literal values, MAXSIZE, both forms", "[integration][query]") {
    auto M = logged_in_ptr();
    using namespace imaplib;
    const std::string entry = "/private/comment";
    const std::string multi_line = "first line\r\nsecond line";  // goes as a literal
    std::error_code ec;
    CHECK(M->setmetadata("INBOX", {{entry, multi_line}, {"/private/vendor/imaplib-test", "short"}}, ec).typ == "OK");
    REQUIRE_FALSE(ec);
    metadata_result r = M->getmetadata("INBOX", {entry, "/private/vendor/imaplib-test"}, {}, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(r.entries.size() == 2u);
    CHECK(r.entries[0].name == entry);
    CHECK(r.entries[0].value == multi_line);
    CHECK(r.entries[1].value == std::string("short"));
    CHECK_FALSE(r.longentries);
    // MAXSIZE leaves out the longer value and says how long it was (RFC 5464 4.2.1).
    metadata_options small;
    small.maxsize = 10;
    small.depth = metadata_depth::infinity;
    r = M->getmetadata("INBOX", {"/private"}, small);
    CHECK(r.longentries == multi_line.size());
    REQUIRE(r.entries.size() == 1u);
    CHECK(r.entries[0].value == std::string("short"));
    // NIL removes.
    M->setmetadata("INBOX", {{entry, std::nullopt}, {"/private/vendor/imaplib-test", std::nullopt}});
    r = M->getmetadata("INBOX", {entry});
    CHECK(r.typ == "OK");
    CHECK((r.entries.empty() || !r.entries[0].value));
}

TEST_CASE("ext query integration: QUOTA typed, both forms", "[integration][query]") {
    auto M = logged_in_ptr();
    std::error_code ec;
    const imaplib::quota_result r = M->quotaroot("INBOX", ec);
    REQUIRE_FALSE(ec);
    CHECK(r.roots == std::vector<std::string>{"User quota"});
    REQUIRE(r.quotas.size() == 1u);
    const imaplib::quota_root& q = r.quotas[0];
    CHECK(q.name == "User quota");
    REQUIRE(q.resources.size() == 2u);
    CHECK(q.resources[0].name == "STORAGE");
    CHECK(q.resources[0].limit == 102400u);  // quota_rule storage=100M, in KiB
    CHECK(q.resources[1].name == "MESSAGE");
    CHECK(q.resources[1].limit == 10000u);
    const auto inbox = M->status("INBOX", imaplib::status_item::messages);
    CHECK(q.resources[1].usage >= *inbox.status.messages);
    const imaplib::quota_result again = M->quota("User quota");
    REQUIRE(again.quotas.size() == 1u);
    CHECK(again.quotas[0].resources[1].usage == q.resources[1].usage);
    CHECK(again.roots.empty());
}

TEST_CASE("ext query integration: SAVEDATE and PREVIEW fetched typed, both forms", "[integration][query]") {
    auto M = logged_in_ptr();
    M->select("INBOX", true);
    using imaplib::fetch_item;
    std::error_code ec;
    const imaplib::fetch_info_result r = M->fetch("1:*", fetch_item::savedate | fetch_item::preview, ec);
    REQUIRE_FALSE(ec);
    const auto exists = M->status("INBOX", imaplib::status_item::messages);
    REQUIRE(r.messages.size() == *exists.status.messages);
    for (const imaplib::message_info& m : r.messages) {
        CHECK(m.uid);
        CHECK(m.savedate);  // a maildir keeps the file's time
        CHECK(m.preview);
    }
    // The same preview imaplib's fetch brings, through the grammar's view.
    const auto raw = M->fetch("1", "(PREVIEW)");
    const auto views = imaplib::fetch_views(raw, ec);
    REQUIRE(views.size() == 1u);
    CHECK(views[0].find("PREVIEW").val.str() == *r.messages[0].preview);
    CHECK(M->fetch("1", fetch_item::preview).messages.at(0).preview == r.messages[0].preview);
    M->fetch("1", fetch_item::emailid, ec);
    CHECK(ec == errc::capability_missing);
}

// ==== ENABLE (RFC 5161) and BINARY (RFC 3516) ==============================================
// What the server ENABLED, a base64 part fetched with BINARY equal to its decoded bytes, and
// an APPEND with a literal8 coming back byte for byte, NULs included.

namespace {

// 300 bytes of every value, NULs and CR/LF included: what base64 protects.
std::string all_octets() {
    std::string bytes;
    for (int i = 0; i < 300; ++i) bytes += static_cast<char>(i % 256);
    return bytes;
}

// A multipart message whose second part is `payload` in base64, lines of 76.
std::string message_with_base64_part(const std::string& payload) {
    const std::string encoded = imaplib::base64_encode(payload);
    std::string wrapped;
    for (std::size_t i = 0; i < encoded.size(); i += 76) wrapped += encoded.substr(i, 76) + "\r\n";
    return "From: alice@example.org\r\nSubject: binary part\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
           "--b1\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n"
           "--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
           wrapped + "--b1--\r\n";
}

imaplib::imap4 login() {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::imap4 M;
    std::error_code ec;
    M.connect(s.host, s.port, session_timeout, ec);
    REQUIRE_FALSE(ec);
    M.login(s.user, s.password, ec);
    REQUIRE_FALSE(ec);
    return M;
}

}  // namespace

TEST_CASE("Dovecot: enable_capabilities returns what the server ENABLED and remembers it", "[ext_rev2][integration]") {
    {
        imaplib::imap4 M = login();
        std::error_code ec;
        const imaplib::enable_result r = M.enable_capabilities({"CONDSTORE", "X-IMAPLIB-NONE"}, ec);
        REQUIRE_FALSE(ec);
        CHECK(r.typ == "OK");
        CHECK(r.enabled == std::vector<std::string>{"CONDSTORE"});
        CHECK(M.is_enabled("CONDSTORE"));
        CHECK_FALSE(M.is_enabled("X-IMAPLIB-NONE"));
        M.logout(ec);
    }
    {
        imaplib::imap4 M = login();
        const imaplib::enable_result r = M.enable_capabilities({"QRESYNC"});  // throwing form
        CHECK(r.typ == "OK");
        CHECK(M.is_enabled("QRESYNC"));
        // Dovecot 2.3 has no UTF8=ACCEPT: nothing enabled, strings stay 7-bit.
        const imaplib::enable_result utf8 = M.enable_capabilities({"UTF8=ACCEPT"});
        CHECK(utf8.enabled.empty());
        CHECK_FALSE(M.utf8_enabled());
        M.logout();
    }
}

TEST_CASE("Dovecot: a base64 part fetched with BINARY is its decoded bytes, both API forms", "[ext_rev2][integration]") {
    const std::string payload = all_octets();
    const std::string box = "rev2-binary";
    imaplib::imap4 M = login();
    std::error_code ec;
    M.delete_mailbox(box, ec);  // left by an earlier run, if any
    REQUIRE(M.create(box).typ == "OK");
    REQUIRE(M.append(box, imaplib::None, imaplib::None, message_with_base64_part(payload)).typ == "OK");
    M.select(box);

    const imaplib::binary_result r = M.fetch_binary("1", "2", ec);
    REQUIRE_FALSE(ec);
    REQUIRE(r.parts.size() == 1);
    REQUIRE(r.parts[0].content);
    CHECK(*r.parts[0].content == payload);
    CHECK(r.parts[0].section == "2");

    imaplib::binary_options by_uid;
    by_uid.uid = true;
    const imaplib::binary_result u = M.fetch_binary("1:*", "2", by_uid);  // throwing form
    REQUIRE(u.parts.size() == 1);
    CHECK(u.parts[0].uid.has_value());
    CHECK(u.parts[0].content == payload);

    const imaplib::binary_result size = M.fetch_binary_size("1", "2", ec);
    REQUIRE_FALSE(ec);
    REQUIRE(size.parts.size() == 1);
    CHECK(size.parts[0].size == payload.size());

    // BINARY.PEEK leaves \Seen alone; BINARY sets it (RFC 3516 section 4.1).
    CHECK(M.fetch("1", "(FLAGS)").data[0].bytes().find("\\Seen") == std::string_view::npos);
    imaplib::binary_options seen;
    seen.peek = false;
    M.fetch_binary("1", "1", seen);
    CHECK(M.fetch("1", "(FLAGS)").data[0].bytes().find("\\Seen") != std::string_view::npos);

    M.close();
    M.delete_mailbox(box);
    M.logout();
}

TEST_CASE("Dovecot: append_binary's literal8 round trip keeps NUL bytes", "[ext_rev2][integration]") {
    const std::string box = "rev2-literal8";
    std::string body("binary\0body\0", 12);
    body += all_octets().substr(0, 32);  // CR, LF and NUL, unpaired
    const std::string message = "From: alice@example.org\r\nSubject: literal8\r\nMIME-Version: 1.0\r\n"
                                "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
                                body;
    imaplib::imap4 M = login();
    std::error_code ec;
    M.delete_mailbox(box, ec);
    REQUIRE(M.create(box).typ == "OK");
    const imaplib::response a = M.append_binary(box, "\\Seen", imaplib::None, message, ec);
    REQUIRE_FALSE(ec);
    CHECK(a.typ == "OK");
    M.select(box, false, ec);
    REQUIRE_FALSE(ec);
    const imaplib::binary_result whole = M.fetch_binary("1", "");
    REQUIRE(whole.parts.size() == 1);
    CHECK(whole.parts[0].content == message);
    const imaplib::binary_result part = M.fetch_binary("1", "1", ec);
    REQUIRE_FALSE(ec);
    REQUIRE(part.parts.size() == 1);
    CHECK(part.parts[0].content == body);
    M.close();
    M.delete_mailbox(box);
    M.logout();
}
