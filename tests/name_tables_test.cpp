// The name tables of the grammar (response codes, FETCH items, STATUS items, data
// responses) against their rules: every name of a row parses through the row's rule to
// the row's kind, no other name is refused by the family's "any other name" path, and
// each table holds exactly the names sampled here, so a row added without a sample fails.
#include <imaplib/grammar/grammar.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace g = imaplib::grammar;

namespace {

struct sample {
    std::string_view name;  // the name as the table spells it
    std::string_view text;  // the name with arguments, as its rule reads it
};

g::parse_options options(g::mode m) {
    g::parse_options o;
    o.strictness = m;
    return o;
}
const g::mode both_modes[] = {g::mode::tolerant, g::mode::strict};

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

template <class F, class... Rows>
void each_row(g::name_table<Rows...>, F&& f) {
    (f(Rows{}), ...);
}

template <class Table>
std::set<std::string> table_names() {
    std::set<std::string> names;
    each_row(Table{}, [&](auto row) {
        for (std::string_view n : decltype(row)::names) names.insert(std::string(n));
    });
    return names;
}

std::set<std::string> sample_names(const std::vector<sample>& samples) {
    std::set<std::string> names;
    for (const sample& s : samples) names.insert(std::string(s.name));
    return names;
}

// Names next to every name of a family (one letter more or less, a prefix), less the
// family's own names: each must take the "any other name" path.
std::vector<std::string> other_names(const std::set<std::string>& own,
                                     std::vector<std::string> extra) {
    for (const std::string& n : own) {
        extra.push_back(n + "X");
        extra.push_back("X-" + n);
        if (n.size() > 1) extra.push_back(n.substr(0, n.size() - 1));
    }
    std::vector<std::string> r;
    for (const std::string& n : extra)
        if (!own.count(n)) r.push_back(n);
    return r;
}

bool parses(std::string_view frame, g::mode m, g::response_view& r) {
    std::error_code ec;
    return g::parse_response(frame, r, ec, options(m)) && !ec;
}

// Each row's names must have a sample its rule parses whole.
template <class Table>
void check_rows_parse_samples(const std::vector<sample>& samples) {
    each_row(Table{}, [&](auto row) {
        using row_type = decltype(row);
        for (std::string_view n : row_type::names) {
            INFO("name: " << n);
            bool found = false;
            for (const sample& s : samples)
                if (s.name == n && g::matches<typename row_type::rule>(s.text, options(g::mode::strict)))
                    found = true;
            CHECK(found);
            CHECK(Table::find(n) < Table::rows);
            CHECK(Table::contains(lower(n)));
        }
    });
}

// ---- resp-text-code -------------------------------------------------------------------

const std::vector<sample> code_samples = {
    {"ALERT", "ALERT"},
    {"BADCHARSET", "BADCHARSET (UTF-8 US-ASCII)"},
    {"CAPABILITY", "CAPABILITY IMAP4rev1 IDLE"},
    {"PARSE", "PARSE"},
    {"PERMANENTFLAGS", "PERMANENTFLAGS (\\Seen \\*)"},
    {"READ-ONLY", "READ-ONLY"},
    {"READ-WRITE", "READ-WRITE"},
    {"TRYCREATE", "TRYCREATE"},
    {"UIDNEXT", "UIDNEXT 4392"},
    {"UIDVALIDITY", "UIDVALIDITY 3857529045"},
    {"UNSEEN", "UNSEEN 12"},
    {"CLOSED", "CLOSED"},
    {"APPENDUID", "APPENDUID 38505 3955"},
    {"COPYUID", "COPYUID 38505 304,319:320 3956:3958"},
    {"UIDNOTSTICKY", "UIDNOTSTICKY"},
    {"HIGHESTMODSEQ", "HIGHESTMODSEQ 715194045007"},
    {"NOMODSEQ", "NOMODSEQ"},
    {"MODIFIED", "MODIFIED 7,9"},
    {"REFERRAL", "REFERRAL imap://user;AUTH=*@SERVER2/REMOTE"},
    {"MAILBOXID", "MAILBOXID (F2212ea87-6097-4256-9d51-71338625)"},
    {"METADATA", "METADATA LONGENTRIES 2199"},
};

TEST_CASE("resp-text-code table: every code parses through its rule to its kind", "[names]") {
    CHECK(table_names<g::resp_text_codes>() == sample_names(code_samples));
    check_rows_parse_samples<g::resp_text_codes>(code_samples);
    each_row(g::resp_text_codes{}, [](auto row) {
        using row_type = decltype(row);
        for (std::string_view n : row_type::names) {
            for (const sample& s : code_samples) {
                if (s.name != n) continue;
                for (g::mode m : both_modes) {
                    const std::string frame = "a1 OK [" + std::string(s.text) + "] done\r\n";
                    INFO("frame: " << frame);
                    g::response_view r;
                    REQUIRE(parses(frame, m, r));
                    CHECK(r.text().code.kind() == row_type::kind);
                    CHECK(r.text().code.name() == n);
                }
            }
            CHECK(g::code_view(lower(n), "").kind() == row_type::kind);
            // A code with arguments of its own never takes the generic path in strict
            // mode; a bare keyword followed by text does, in both.
            CHECK(g::matches<g::code_other_name>(n, options(g::mode::strict)) ==
                  !row_type::has_arguments);
            CHECK(g::matches<g::code_other_name>(n, options(g::mode::tolerant)));
        }
    });
    CHECK(g::resp_text_codes::has_arguments(g::resp_text_codes::find("UIDNEXT")));
    CHECK_FALSE(g::resp_text_codes::has_arguments(g::resp_text_codes::find("ALERT")));
}

TEST_CASE("resp-text-code table: any other code is generic", "[names]") {
    const auto others = other_names(table_names<g::resp_text_codes>(),
                                    {"CLIENTBUG", "SERVERBUG", "UNKNOWN-CTE", "X-FOO"});
    REQUIRE(others.size() > 40);
    for (const std::string& n : others) {
        INFO("name: " << n);
        CHECK_FALSE(g::resp_text_codes::contains(n));
        CHECK(g::code_view(n, "").kind() == g::code_kind::other);
        for (g::mode m : both_modes) {
            CHECK(g::matches<g::code_other_name>(n, options(m)));
            const std::string frame = "a1 OK [" + n + " some text] done\r\n";
            g::response_view r;
            REQUIRE(parses(frame, m, r));
            CHECK(r.text().code.kind() == g::code_kind::other);
            CHECK(r.text().code.name() == n);
        }
    }
    CHECK(g::code_view().kind() == g::code_kind::none);
}

// ---- msg-att ------------------------------------------------------------------------------

const std::vector<sample> fetch_samples = {
    {"FLAGS", "FLAGS (\\Seen $Forwarded)"},
    {"MODSEQ", "MODSEQ (12121231000)"},
    {"ANNOTATION", "ANNOTATION (/comment (value.priv \"My comment\"))"},
    {"UID", "UID 4827313"},
    {"RFC822.SIZE", "RFC822.SIZE 44827"},
    {"INTERNALDATE", "INTERNALDATE \"17-Jul-1996 02:44:25 -0700\""},
    {"ENVELOPE", "ENVELOPE (NIL \"subject\" NIL NIL NIL NIL NIL NIL NIL NIL)"},
    {"BODYSTRUCTURE", "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)"},
    {"BODY", "BODY (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3028 92)"},
    {"BODY", "BODY[HEADER.FIELDS (FROM TO)]<0> \"From: a\""},
    {"BODY", "BODY[] NIL"},
    {"RFC822.HEADER", "RFC822.HEADER \"Subject: x\""},
    {"RFC822.TEXT", "RFC822.TEXT \"text\""},
    {"RFC822", "RFC822 NIL"},
    {"BINARY.SIZE", "BINARY.SIZE[1] 42"},
    {"BINARY", "BINARY[1] ~{3}\r\nabc"},
    {"EMAILID", "EMAILID (M6d99ac3275bb4e)"},
    {"THREADID", "THREADID (T64b478a75b7ea9)"},
    {"THREADID", "THREADID NIL"},
    {"PREVIEW", "PREVIEW \"Hello\""},
};

TEST_CASE("msg-att table: every item parses through its rule", "[names]") {
    CHECK(table_names<g::msg_atts>() == sample_names(fetch_samples));
    check_rows_parse_samples<g::msg_atts>(fetch_samples);
    for (const sample& s : fetch_samples) {
        const std::size_t bracket = s.text.find(']');
        const std::string_view item =
            s.text.substr(0, s.text.find(' ', bracket == std::string_view::npos ? 0 : bracket));
        INFO("item: " << s.text);
        CHECK(g::matches<g::msg_att_item>(s.text));
        CHECK_FALSE(g::matches<g::fetch_item_other_name>(item));
        CHECK_FALSE(g::matches<g::fetch_item_other_name>(lower(item)));
        for (g::mode m : both_modes) {
            const std::string frame = "* 1 FETCH (UID 1 " + std::string(s.text) + ")\r\n";
            g::response_view r;
            REQUIRE(parses(frame, m, r));
            CHECK(r.data() == g::data_kind::fetch);
            CHECK(r.as_fetch().find(item).name == item);
            // A known name with a value its rule refuses is an error, not an unknown item.
            CHECK_FALSE(parses("* 1 FETCH (UID 1 " + std::string(item) + " ZZZ)\r\n", m, r));
        }
    }
}

TEST_CASE("msg-att table: any other item is generic", "[names]") {
    const auto others = other_names(table_names<g::msg_atts>(),
                                    {"X-GM-MSGID", "X-GM-LABELS", "BODY.PEEK", "BINARY.PEEK"});
    REQUIRE(others.size() > 40);
    for (const std::string& n : others) {
        INFO("name: " << n);
        CHECK_FALSE(g::msg_atts::contains(n));
        CHECK(g::matches<g::fetch_item_other_name>(n));
        CHECK(g::matches<g::fetch_item_other_name>(n + "[1.2]<0>"));
        for (g::mode m : both_modes) {
            const std::string frame = "* 1 FETCH (UID 1 " + n + " ZZZ)\r\n";
            g::response_view r;
            REQUIRE(parses(frame, m, r));
            CHECK(r.as_fetch().find(n).val.raw() == "ZZZ");
        }
    }
}

// ---- status-att ---------------------------------------------------------------------------

const std::vector<sample> status_samples = {
    {"MESSAGES", "MESSAGES 231"},
    {"UIDNEXT", "UIDNEXT 44292"},
    {"UIDVALIDITY", "UIDVALIDITY 1"},
    {"UNSEEN", "UNSEEN 3"},
    {"DELETED", "DELETED 2"},
    {"SIZE", "SIZE 12345678901"},
    {"RECENT", "RECENT 0"},
    {"HIGHESTMODSEQ", "HIGHESTMODSEQ 7011231777"},
    {"APPENDLIMIT", "APPENDLIMIT 1000000"},
    {"APPENDLIMIT", "APPENDLIMIT NIL"},
    {"MAILBOXID", "MAILBOXID (F2212ea87)"},
    {"DELETED-STORAGE", "DELETED-STORAGE 4096"},
};

TEST_CASE("status-att table: every item parses through its rule", "[names]") {
    CHECK(table_names<g::status_atts>() == sample_names(status_samples));
    check_rows_parse_samples<g::status_atts>(status_samples);
    for (const sample& s : status_samples) {
        INFO("item: " << s.text);
        CHECK_FALSE(g::matches<g::status_att_other>(s.name));
        CHECK_FALSE(g::matches<g::status_att_other>(lower(s.name)));
        for (g::mode m : both_modes) {
            g::response_view r;
            REQUIRE(parses("* STATUS INBOX (" + std::string(s.text) + ")\r\n", m, r));
            CHECK(r.data() == g::data_kind::status);
            CHECK(!parses("* STATUS INBOX (" + std::string(s.name) + " ZZZ)\r\n", m, r));
        }
    }
}

TEST_CASE("status-att table: any other item is taken in tolerant mode only", "[names]") {
    const auto others = other_names(table_names<g::status_atts>(), {"X-GUID", "X-SIZE"});
    REQUIRE(others.size() > 20);
    for (const std::string& n : others) {
        INFO("name: " << n);
        CHECK(g::matches<g::status_att_other>(n));
        g::response_view r;
        const std::string frame = "* STATUS INBOX (MESSAGES 1 " + n + " ZZZ)\r\n";
        CHECK(parses(frame, g::mode::tolerant, r));
        CHECK(r.as_status().items.find(n).raw() == "ZZZ");
        CHECK_FALSE(parses(frame, g::mode::strict, r));
    }
}

// ---- response-data ------------------------------------------------------------------------

// The text after "* ", without the CRLF.
const std::vector<sample> response_samples = {
    {"OK", "OK [ALERT] hi"},
    {"NO", "NO no"},
    {"BAD", "BAD bad"},
    {"BYE", "BYE bye"},
    {"PREAUTH", "PREAUTH welcome"},
    {"FETCH", "1 FETCH (UID 1)"},
    {"EXPUNGE", "3 EXPUNGE"},
    {"EXISTS", "18 EXISTS"},
    {"RECENT", "2 RECENT"},
    {"CAPABILITY", "CAPABILITY IMAP4rev1 IDLE"},
    {"ENABLED", "ENABLED CONDSTORE"},
    {"FLAGS", "FLAGS (\\Answered \\Seen)"},
    {"LIST", "LIST (\\Noselect) \"/\" ~/Mail/foo"},
    {"LSUB", "LSUB () \".\" #news.comp.mail.misc"},
    {"STATUS", "STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)"},
    {"SEARCH", "SEARCH 2 3 6"},
    {"ESEARCH", "ESEARCH (TAG \"A282\") MIN 2 COUNT 3"},
    {"VANISHED", "VANISHED (EARLIER) 41,43:116"},
    {"NAMESPACE", "NAMESPACE ((\"\" \"/\")) NIL NIL"},
    {"ID", "ID (\"name\" \"Cyrus\")"},
    {"ACL", "ACL INBOX Fred rwipsldexta"},
    {"LISTRIGHTS", "LISTRIGHTS ~/Mail/saved smith la r swicdkxte"},
    {"MYRIGHTS", "MYRIGHTS INBOX rwiptsldaex"},
    {"QUOTAROOT", "QUOTAROOT INBOX \"\""},
    {"QUOTA", "QUOTA \"\" (STORAGE 10 512)"},
    {"SORT", "SORT 2 3 6"},
    {"THREAD", "THREAD (2)(3 6 (4 23)(44 7 96))"},
    {"METADATA", "METADATA \"\" (/shared/comment \"Shared comment\")"},
};

TEST_CASE("response table: every response parses through its rule to its mark", "[names]") {
    CHECK(table_names<g::response_names>() == sample_names(response_samples));
    check_rows_parse_samples<g::response_names>(response_samples);
    each_row(g::response_names{}, [](auto row) {
        using row_type = decltype(row);
        for (std::string_view n : row_type::names) {
            CHECK_FALSE(g::matches<g::unknown_name>(n));
            CHECK_FALSE(g::matches<g::unknown_name>(lower(n)));
            for (const sample& s : response_samples) {
                if (s.name != n) continue;
                for (g::mode m : both_modes) {
                    const std::string frame = "* " + std::string(s.text) + "\r\n";
                    INFO("frame: " << frame);
                    g::response_view r;
                    REQUIRE(parses(frame, m, r));
                    if (static_cast<int>(row_type::kind) >= 0) {
                        CHECK(r.data() == static_cast<g::data_kind>(row_type::kind));
                        CHECK(r.name() == n);
                    } else {
                        CHECK(r.data() == g::data_kind::none);
                        CHECK(r.is_status());
                    }
                }
            }
        }
    });
}

TEST_CASE("response table: any other response is unknown, in tolerant mode only", "[names]") {
    const auto others = other_names(table_names<g::response_names>(), {"XSTATE", "X-ANYTHING"});
    REQUIRE(others.size() > 60);
    for (const std::string& n : others) {
        INFO("name: " << n);
        CHECK(g::matches<g::unknown_name>(n));
        for (const std::string& frame : {"* " + n + " some (text)\r\n", "* 7 " + n + "\r\n"}) {
            g::response_view r;
            REQUIRE(parses(frame, g::mode::tolerant, r));
            CHECK(r.data() == g::data_kind::unknown);
            CHECK(r.name() == n);
            CHECK_FALSE(parses(frame, g::mode::strict, r));
        }
    }
    // A known name whose rule fails is an error, never an unknown response.
    g::response_view r;
    CHECK_FALSE(parses("* 1 FETCH ZZZ\r\n", g::mode::tolerant, r));
    CHECK_FALSE(parses("* FLAGS ZZZ\r\n", g::mode::tolerant, r));
}

}  // namespace
