// The typed queries against the suite's Dovecot 2.3.19 (tests/support/dovecot.hpp), in
// both API forms: ESEARCH and SEARCHRES, LIST-EXTENDED / LIST-STATUS / SPECIAL-USE, STATUS
// SIZE, ID, METADATA (imap_metadata with a file dict), QUOTA (the count backend), SAVEDATE
// and PREVIEW. Each typed value is checked against what imaplib's own method returns for
// the same question. Dovecot lacks OBJECTID, UNAUTHENTICATE, CREATE-SPECIAL-USE and the
// DELETED status item: those are refused here without a byte sent, and their typed
// results are verified against a scripted server (tests/ext_query_test.cpp).
#include <imaplib/imaplib.hpp>

#include "support/dovecot.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::errc;

std::unique_ptr<imaplib::imap4> logged_in() {
    const auto& s = imaplib::test::dovecot();
    auto M = std::make_unique<imaplib::imap4>(s.host, s.port, 30s);
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
    auto M = logged_in();
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
    auto M = logged_in();
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
    auto M = logged_in();
    using namespace imaplib;
    std::string sent;
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
    auto M = logged_in();
    std::error_code ec;
    const imaplib::id_result r = M->id({{"name", "imaplib-cpp"}, {"version", std::nullopt}}, ec);
    REQUIRE_FALSE(ec);
    REQUIRE_FALSE(r.fields.empty());
    CHECK(r.fields[0].first == "name");
    CHECK(r.fields[0].second == std::string("Dovecot"));
    CHECK(M->id().fields == r.fields);
}

TEST_CASE("ext query integration: METADATA set and get, literal values, MAXSIZE, both forms", "[integration][query]") {
    auto M = logged_in();
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
    auto M = logged_in();
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
    auto M = logged_in();
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
