// CONDSTORE / QRESYNC (RFC 7162) and the mailbox sync helper against the suite's Dovecot
// 2.3 (which has both): a second connection makes the changes the first must be told of.
// Python's imaplib is the oracle for select("INBOX (CONDSTORE)"). Malformed responses and
// servers without the extensions are in ext_sync_test.cpp (scripted server).
#include <imaplib/imaplib.hpp>

#include "support/dovecot.hpp"
#include "support/python_oracle.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using imaplib::test::dovecot_server;

constexpr auto session_timeout = 30s;
constexpr std::string_view box = "SyncTest";

imaplib::imap4 logged_in() {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::imap4 M(s.host, s.port, session_timeout);
    M.login(s.user, s.password);
    return M;
}

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
