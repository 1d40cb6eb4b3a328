// Unit tests of the protocol session (engine/session.hpp), driven with bytes alone: no
// transport, no client. What a test feeds is what a server sent; what it drains from
// output() is what a driver would write.
#include <imaplib/engine/session.hpp>

#include <catch2/catch.hpp>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using imaplib::errc;
using imaplib::failure;
using imaplib::session;
using imaplib::session_event;
using kind = imaplib::session_event::kind;
using arg_kind = imaplib::session::arg_kind;

// Everything the session has to write, as a driver would write it.
std::string drain(session& s) {
    std::string out;
    while (s.has_output()) {
        const std::string_view part = s.output();
        out.append(part.data(), part.size());
        s.consume_output(part.size());
    }
    return out;
}

// One event, copied out of the session's buffer.
struct seen {
    kind type;
    std::string tag, name, text, frame;
    bool kept;
    bool operator==(const seen& o) const {
        return type == o.type && tag == o.tag && name == o.name && text == o.text && frame == o.frame &&
               kept == o.kept;
    }
};

// Every event the bytes fed so far make; stops at a failure.
std::vector<seen> events(session& s, failure& f) {
    std::vector<seen> out;
    session_event ev;
    while (s.next(ev, f))
        out.push_back({ev.type, std::string(ev.tag), std::string(ev.name), std::string(ev.text),
                       std::string(ev.frame), ev.kept});
    return out;
}

session started(imaplib::state st = imaplib::state::selected, imaplib::limits l = {}) {
    session s(l);
    s.start("TAG");
    s.state(st);
    return s;
}

std::string store_repr(const session& s) {
    std::string out;
    for (const auto& entry : s.untagged()) out += entry.first + "=" + imaplib::python_repr(entry.second) + ";";
    return out;
}

}  // namespace

TEST_CASE("session: tags count up from the prefix and the completion is matched by tag", "[session]") {
    session s = started();
    failure f;
    CHECK(s.command("NOOP", {}, f) == "TAG0");
    CHECK(s.command("CHECK", {}, f) == "TAG1");
    REQUIRE_FALSE(f);
    CHECK(s.tagnum() == 2);
    CHECK(drain(s) == "TAG0 NOOP\r\nTAG1 CHECK\r\n");
    CHECK_FALSE(s.completed("TAG0"));

    s.feed("TAG0 OK noop done\r\n");
    const auto ev = events(s, f);
    REQUIRE_FALSE(f);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].type == kind::tagged);
    CHECK(ev[0].tag == "TAG0");
    CHECK(ev[0].name == "OK");
    CHECK(ev[0].text == "noop done");
    CHECK(ev[0].frame == "TAG0 OK noop done\r\n");
    CHECK(s.completed("TAG0"));
    CHECK_FALSE(s.completed("TAG1"));
    const auto r = s.take_tagged("TAG0");
    REQUIRE(r);
    CHECK(imaplib::python_repr(*r) == "('OK', [b'noop done'])");
    CHECK_FALSE(s.take_tagged("TAG0"));
}

TEST_CASE("session: several commands in flight, untagged data routed, completions by tag", "[session]") {
    session s = started();
    failure f;
    const std::string fetch = s.command("FETCH", {{"1:2", arg_kind::raw}, {"(FLAGS)", arg_kind::raw}}, f);
    const std::string noop = s.command("NOOP", {}, f);
    const std::string search = s.command("SEARCH", {{"ALL", arg_kind::raw}}, f);
    REQUIRE_FALSE(f);
    CHECK(drain(s) == "TAG0 FETCH 1:2 (FLAGS)\r\nTAG1 NOOP\r\nTAG2 SEARCH ALL\r\n");

    // Completions out of order, untagged data between them.
    s.feed("* 1 FETCH (FLAGS (\\Seen))\r\n" + noop + " OK noop\r\n* SEARCH 1 2\r\n* 2 FETCH (FLAGS ())\r\n" +
           fetch + " OK fetch\r\n* 3 EXISTS\r\n" + search + " OK search\r\n");
    const auto ev = events(s, f);
    REQUIRE_FALSE(f);
    REQUIRE(ev.size() == 7);
    CHECK((ev[0].type == kind::untagged && ev[0].name == "FETCH"));
    CHECK((ev[1].type == kind::tagged && ev[1].tag == noop));
    CHECK((ev[2].type == kind::untagged && ev[2].name == "SEARCH" && ev[2].text == "1 2"));
    CHECK((ev[4].type == kind::tagged && ev[4].tag == fetch && ev[4].text == "fetch"));
    CHECK((ev[5].type == kind::untagged && ev[5].name == "EXISTS"));
    CHECK((ev[6].type == kind::tagged && ev[6].tag == search));
    CHECK(imaplib::python_repr(*s.take_tagged(search)) == "('OK', [b'search'])");
    CHECK(imaplib::python_repr(*s.take_tagged(fetch)) == "('OK', [b'fetch'])");
    CHECK(imaplib::python_repr(*s.take_tagged(noop)) == "('OK', [b'noop'])");
    // imaplib's store: "* N TYPE data" kept as "N data", in arrival order per type.
    CHECK(store_repr(s) == "FETCH=[b'1 (FLAGS (\\\\Seen))', b'2 (FLAGS ())'];SEARCH=[b'1 2'];EXISTS=[b'3'];");
}

TEST_CASE("session: a synchronising literal waits for the continuation request", "[session][literal]") {
    session s = started(imaplib::state::auth);
    failure f;
    const std::string tag = s.command("APPEND", {{"INBOX", arg_kind::astring}, {"hello", arg_kind::literal}}, f);
    REQUIRE_FALSE(f);
    CHECK(drain(s) == tag + " APPEND INBOX {5}\r\n");
    CHECK(s.sending(tag));
    CHECK(drain(s).empty());  // nothing more until '+'

    s.feed("* 4 EXISTS\r\n");  // untagged data first changes nothing
    CHECK(events(s, f).size() == 1);
    CHECK(drain(s).empty());

    s.feed("+ go ahead\r\n");
    const auto ev = events(s, f);
    REQUIRE_FALSE(f);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].type == kind::continuation);
    CHECK(ev[0].tag == tag);
    CHECK(ev[0].text == "go ahead");
    CHECK(s.continuation() == std::optional<std::string>("go ahead"));
    CHECK(drain(s) == "hello\r\n");
    CHECK_FALSE(s.sending(tag));

    s.feed(tag + " OK appended\r\n");
    CHECK(events(s, f).size() == 1);
    CHECK(s.completed(tag));
}

TEST_CASE("session: two literals, each after its own continuation request", "[session][literal]") {
    session s = started(imaplib::state::nonauth);
    failure f;
    const std::string tag = s.command("LOGIN", {{"a\r\nb", arg_kind::astring}, {"pw\nX", arg_kind::quoted}}, f);
    REQUIRE_FALSE(f);
    CHECK(drain(s) == tag + " LOGIN {4}\r\n");
    s.feed("+ go\r\n");
    events(s, f);
    CHECK(drain(s) == "a\r\nb {4}\r\n");
    CHECK(s.sending(tag));
    s.feed("+ go\r\n");
    events(s, f);
    REQUIRE_FALSE(f);
    CHECK(drain(s) == "pw\nX\r\n");
    CHECK_FALSE(s.sending(tag));
}

TEST_CASE("session: LITERAL+ sends the literal without waiting, LITERAL- only small ones", "[session][literal]") {
    SECTION("LITERAL+") {
        session s = started(imaplib::state::auth);
        s.literal_mode(imaplib::nonsync_literals::plus);
        failure f;
        const std::string tag = s.command("APPEND", {{"INBOX", arg_kind::astring}, {"hello", arg_kind::literal}}, f);
        const std::string noop = s.command("NOOP", {}, f);
        REQUIRE_FALSE(f);
        CHECK(drain(s) == tag + " APPEND INBOX {5+}\r\nhello\r\n" + noop + " NOOP\r\n");
        CHECK_FALSE(s.sending(tag));
    }
    SECTION("LITERAL-") {
        session s = started(imaplib::state::auth);
        s.literal_mode(imaplib::nonsync_literals::minus);
        failure f;
        const std::string small(4096, 'x'), large(4097, 'y');
        const std::string a = s.command("APPEND", {{"INBOX", arg_kind::astring}, {small, arg_kind::literal}}, f);
        CHECK(drain(s) == a + " APPEND INBOX {4096+}\r\n" + small + "\r\n");
        const std::string b = s.command("APPEND", {{"INBOX", arg_kind::astring}, {large, arg_kind::literal}}, f);
        CHECK(drain(s) == b + " APPEND INBOX {4097}\r\n");  // over 4096: synchronising (RFC 7888)
        s.feed("+ \r\n");
        events(s, f);
        REQUIRE_FALSE(f);
        CHECK(drain(s) == large + "\r\n");
    }
}

TEST_CASE("session: a command waiting for a continuation holds back the next one", "[session][literal]") {
    session s = started(imaplib::state::auth);
    failure f;
    const std::string append = s.command("APPEND", {{"INBOX", arg_kind::astring}, {"abc", arg_kind::literal}}, f);
    const std::string noop = s.command("NOOP", {}, f);
    CHECK(drain(s) == append + " APPEND INBOX {3}\r\n");
    s.feed("+ ok\r\n");
    events(s, f);
    REQUIRE_FALSE(f);
    CHECK(drain(s) == "abc\r\n" + noop + " NOOP\r\n");
}

TEST_CASE("session: a continuation request older than the command line is stale", "[session][literal]") {
    SECTION("received before any byte of the line was written") {
        session s = started(imaplib::state::auth);
        failure f;
        s.command("APPEND", {{"INBOX", arg_kind::astring}, {"secret", arg_kind::literal}}, f);
        s.feed("+ go\r\n");  // the server could not have read the line yet
        drain(s);
        events(s, f);
        CHECK(f.code == errc::protocol_violation);
        CHECK(f.message == "continuation request received before the command was sent");
        CHECK(drain(s).empty());  // the literal never goes
    }
    SECTION("received while the line was only partly written") {
        session s = started(imaplib::state::auth);
        failure f;
        s.command("APPEND", {{"INBOX", arg_kind::astring}, {"secret", arg_kind::literal}}, f);
        s.consume_output(3);
        s.feed("+ go\r\n");
        drain(s);
        events(s, f);
        CHECK(f.code == errc::protocol_violation);
    }
    SECTION("left over from an earlier response") {
        session s = started(imaplib::state::auth);
        failure f;
        s.command("NOOP", {}, f);
        drain(s);
        s.feed("TAG0 OK done\r\n+ early\r\n");
        session_event ev;
        REQUIRE(s.next(ev, f));  // the OK; the '+' stays in the buffer, nobody waits for it
        const std::string tag = s.command("APPEND", {{"INBOX", arg_kind::astring}, {"x", arg_kind::literal}}, f);
        CHECK(drain(s) == tag + " APPEND INBOX {1}\r\n");
        events(s, f);
        CHECK(f.code == errc::protocol_violation);
        CHECK(drain(s).empty());
    }
    SECTION("received after the line: accepted") {
        session s = started(imaplib::state::auth);
        failure f;
        s.command("APPEND", {{"INBOX", arg_kind::astring}, {"secret", arg_kind::literal}}, f);
        drain(s);
        s.feed("+ go\r\n");
        events(s, f);
        CHECK_FALSE(f);
        CHECK(drain(s) == "secret\r\n");
    }
    SECTION("a continuation nobody waits for is ignored, as imaplib does") {
        session s = started();
        failure f;
        s.command("NOOP", {}, f);
        drain(s);
        s.feed("+ send me your password\r\nTAG0 OK done\r\n");
        const auto ev = events(s, f);
        REQUIRE_FALSE(f);
        REQUIRE(ev.size() == 2);
        CHECK(ev[0].type == kind::continuation);
        CHECK(ev[0].tag.empty());
        CHECK(drain(s).empty());
    }
}

TEST_CASE("session: a tagged NO instead of the continuation request: the literal is never sent", "[session][literal]") {
    session s = started(imaplib::state::auth);
    failure f;
    const std::string tag = s.command("APPEND", {{"INBOX", arg_kind::astring}, {"secret", arg_kind::literal}}, f);
    const std::string noop = s.command("NOOP", {}, f);
    CHECK(drain(s) == tag + " APPEND INBOX {6}\r\n");
    s.feed(tag + " NO [OVERQUOTA] too big\r\n");
    const auto ev = events(s, f);
    REQUIRE_FALSE(f);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].name == "NO");
    CHECK_FALSE(s.sending(tag));
    CHECK(drain(s) == noop + " NOOP\r\n");  // the next command goes; the literal does not
    CHECK(imaplib::python_repr(*s.take_tagged(tag)) == "('NO', [b'[OVERQUOTA] too big'])");
    CHECK(store_repr(s) == "OVERQUOTA=[b''];");  // imaplib stores the code under its name
}

TEST_CASE("session: AUTHENTICATE answers each challenge until the completion", "[session][auth]") {
    session s = started(imaplib::state::nonauth);
    failure f;
    const std::string tag = s.command("AUTHENTICATE", {{"PLAIN", arg_kind::raw}}, f, true);
    REQUIRE_FALSE(f);
    CHECK(drain(s) == tag + " AUTHENTICATE PLAIN\r\n");

    s.feed("+ \r\n");
    auto ev = events(s, f);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].type == kind::continuation);
    CHECK(ev[0].tag == tag);
    CHECK(s.challenge().empty());
    CHECK(drain(s).empty());  // the answer is the caller's
    s.answer_challenge(std::string("\0alice\0pw", 9));
    CHECK(drain(s) == "AGFsaWNlAHB3\r\n");

    s.feed("+ Y2hhbGxlbmdl\r\n");
    ev = events(s, f);
    REQUIRE_FALSE(f);
    CHECK(s.challenge() == "challenge");
    s.answer_challenge(std::nullopt);  // cancel
    CHECK(drain(s) == "*\r\n");
    CHECK(s.sending(tag));

    s.feed(tag + " BAD cancelled\r\n");
    ev = events(s, f);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].name == "BAD");
    CHECK_FALSE(s.sending(tag));
}

TEST_CASE("session: BYE is an event of its own and is stored", "[session]") {
    session s = started();
    failure f;
    s.feed("* BYE server shutting down\r\n");
    const auto ev = events(s, f);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].type == kind::bye);
    CHECK(ev[0].name == "BYE");
    CHECK(ev[0].text == "server shutting down");
    REQUIRE(s.find_untagged("BYE"));
    CHECK(imaplib::python_repr(*s.pop_untagged("BYE")) == "[b'server shutting down']");
}

TEST_CASE("session: what imaplib rejects is a protocol error", "[session]") {
    SECTION("a tag nobody sent") {
        session s = started();
        failure f;
        s.feed("TAG7 OK what\r\n");
        events(s, f);
        CHECK(f.code == errc::protocol_violation);
        CHECK(f.message == "unexpected tagged response: b'TAG7 OK what'");
    }
    SECTION("a line that is no response") {
        session s = started();
        failure f;
        s.feed("hello\r\n");
        events(s, f);
        CHECK(f.code == errc::protocol_violation);
        CHECK(f.message == "unexpected response: b'hello'");
    }
    SECTION("a command in a state that does not allow it") {
        session s = started(imaplib::state::auth);
        failure f;
        CHECK(s.command("FETCH", {{"1", arg_kind::raw}, {"FLAGS", arg_kind::raw}}, f).empty());
        CHECK(f.code == errc::illegal_state);
        CHECK(f.message == "command FETCH illegal in state AUTH, only allowed in states SELECTED");
        CHECK_FALSE(s.has_output());
        CHECK(s.tagnum() == 0);
    }
    SECTION("an argument that would break the line") {
        session s = started(imaplib::state::auth);
        failure f;
        CHECK(s.command("SELECT", {{"(a\r\nb)", arg_kind::flags}}, f).empty());
        CHECK(f.code == errc::invalid_argument);
        CHECK_FALSE(s.has_output());
    }
}

TEST_CASE("session: limits hold whatever the server sends", "[session][limits]") {
    imaplib::limits l;
    l.max_line = 64;
    l.max_literal = 1000;
    SECTION("a line too long") {
        session s = started(imaplib::state::selected, l);
        failure f;
        s.feed("* OK " + std::string(100, 'x'));
        events(s, f);
        CHECK(f.code == errc::line_too_long);
        CHECK(f.message == "socket error: response line longer than the limit");
    }
    SECTION("a literal too large, refused at its announcement") {
        session s = started(imaplib::state::selected, l);
        failure f;
        s.feed("* 1 FETCH (BODY[] {1001}\r\n");
        events(s, f);
        CHECK(f.code == errc::literal_too_large);
    }
}

TEST_CASE("session: fed one byte at a time, the same events and the same store", "[session]") {
    const std::string server = "* 2 EXISTS\r\n* 1 FETCH (UID 7 BODY[] {12}\r\nhello\r\nworld BODY[HEADER] {0}\r\n)\r\n"
                               "* OK [UIDNEXT 9] next\r\n+ go\r\n* BYE bye\r\nTAG0 OK [READ-WRITE] done\r\n"
                               "* 3 FETCH (FLAGS (\\Seen) BODY[TEXT] ~{3}\r\nabc)\r\n";
    const auto run = [&](std::size_t step, failure& f) {
        session s = started(imaplib::state::auth);
        std::vector<seen> all;
        s.command("SELECT", {{"INBOX", arg_kind::astring}}, f);
        drain(s);
        for (std::size_t i = 0; i < server.size(); i += step) {
            s.feed(std::string_view(server).substr(i, step));
            for (auto& e : events(s, f)) all.push_back(e);
            if (f) break;
        }
        return std::make_pair(all, store_repr(s) + imaplib::python_repr(*s.take_tagged("TAG0")));
    };
    failure whole_f;
    const auto whole = run(server.size(), whole_f);
    REQUIRE_FALSE(whole_f);
    REQUIRE(whole.first.size() == 7);
    CHECK(whole.first[1].frame == "* 1 FETCH (UID 7 BODY[] {12}\r\nhello\r\nworld BODY[HEADER] {0}\r\n)\r\n");
    for (std::size_t step : {1u, 2u, 3u, 7u}) {
        failure f;
        const auto split = run(step, f);
        REQUIRE_FALSE(f);
        CHECK(split.first == whole.first);
        CHECK(split.second == whole.second);
    }
}

TEST_CASE("session: a literal sink gets the bytes before the response is complete", "[session][streaming]") {
    session s = started();
    std::string body;
    std::size_t chunks = 0;
    s.set_literal_sink([&](const imaplib::literal_chunk& c) {
        CHECK(c.line == "* 1 FETCH (BODY[] {10}");
        CHECK(c.offset == body.size());
        body.append(c.bytes);
        ++chunks;
    });
    failure f;
    s.feed("* 1 FETCH (BODY[] {10}\r\n0123");
    CHECK(events(s, f).empty());
    CHECK(body == "0123");  // streamed: not kept in the input
    CHECK(s.input() == "* 1 FETCH (BODY[] {10}\r\n");  // the line is kept, the bytes are not
    s.feed("456789)\r\n");
    const auto ev = events(s, f);
    REQUIRE_FALSE(f);
    REQUIRE(ev.size() == 1);
    CHECK(body == "0123456789");
    CHECK(chunks == 2);
    CHECK(store_repr(s) == "FETCH=[(b'1 (BODY[] {10}', b''), b')'];");
}

TEST_CASE("session: an untagged handler consumes data responses, never status ones", "[session]") {
    session s = started();
    std::vector<std::string> frames;
    s.set_untagged_handler([&](std::string_view frame) {
        frames.emplace_back(frame);
        return true;
    });
    failure f;
    s.feed("* 1 FETCH (UID 4)\r\n* OK [UIDNEXT 5] x\r\n");
    const auto ev = events(s, f);
    REQUIRE(ev.size() == 2);
    CHECK_FALSE(ev[0].kept);
    CHECK(ev[1].kept);
    CHECK(frames == std::vector<std::string>{"* 1 FETCH (UID 4)\r\n"});
    CHECK(store_repr(s) == "OK=[b'[UIDNEXT 5] x'];UIDNEXT=[b'5'];");
}

TEST_CASE("session: STARTTLS, nothing received before the handshake survives it", "[session][tls]") {
    session s = started(imaplib::state::nonauth);
    failure f;
    s.command("STARTTLS", {}, f);
    drain(s);
    s.feed("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nTAG0 OK begin TLS\r\n* OK injected\r\n");
    session_event ev;
    REQUIRE(s.next(ev, f));
    REQUIRE(s.next(ev, f));
    CHECK_FALSE(s.upgrade_ready(f));
    CHECK(f.code == errc::starttls_injection);

    session t = started(imaplib::state::nonauth);
    failure g;
    t.command("STARTTLS", {}, g);
    drain(t);
    t.feed("* CAPABILITY IMAP4rev1\r\nTAG0 OK begin TLS\r\n");
    while (t.next(ev, g)) {}
    CHECK(t.upgrade_ready(g));
    t.upgraded();
    CHECK(t.untagged().empty());  // the pre-TLS CAPABILITY is gone
}

TEST_CASE("session: raw reads take bytes outside the framing", "[session]") {
    session s = started();
    char* space = s.prepare(16);
    std::memcpy(space, "abc\r\ndef", 8);
    s.commit(8);
    CHECK(s.received() == 8);
    CHECK(s.input() == "abc\r\ndef");
    s.consume_input(5);
    CHECK(s.input() == "def");
}

TEST_CASE("session: IDLE waits for the continuation request, DONE ends it", "[session][idle]") {
    session s = started();
    failure f;
    const std::string tag = s.idle(f);
    REQUIRE_FALSE(f);
    CHECK(drain(s) == tag + " IDLE\r\n");
    CHECK_FALSE(s.idling());
    s.feed("+ idling\r\n* 4 EXISTS\r\n");
    auto ev = events(s, f);
    REQUIRE_FALSE(f);
    REQUIRE(ev.size() == 2);
    CHECK((ev[0].type == kind::continuation && ev[0].tag == tag));
    CHECK((ev[1].type == kind::untagged && ev[1].name == "EXISTS"));
    CHECK(s.idling());
    CHECK(drain(s).empty());  // nothing until done()

    // While idling nothing else may go (imaplib 3.14's IDLING state).
    CHECK(s.command("NOOP", {}, f).empty());
    CHECK(f.code == errc::illegal_state);
    CHECK(f.message == "command NOOP illegal in state IDLING, only allowed in states NONAUTH, AUTH, SELECTED, LOGOUT");
    f = failure{};
    CHECK(s.idle(f).empty());
    CHECK(f.code == errc::illegal_state);
    f = failure{};

    s.done();
    s.done();  // once is enough
    CHECK(drain(s) == "DONE\r\n");
    s.feed("* 5 EXISTS\r\n" + tag + " OK IDLE terminated\r\n");
    ev = events(s, f);
    REQUIRE(ev.size() == 2);
    CHECK((ev[1].type == kind::tagged && ev[1].tag == tag && ev[1].name == "OK"));
    CHECK_FALSE(s.idling());
    CHECK(store_repr(s) == "EXISTS=[b'4', b'5'];");
    CHECK_FALSE(s.command("NOOP", {}, f).empty());
    CHECK_FALSE(f);
}

TEST_CASE("session: IDLE refused, ended before it began, or not allowed", "[session][idle]") {
    SECTION("a NO instead of the continuation request") {
        session s = started();
        failure f;
        const std::string tag = s.idle(f);
        drain(s);
        s.feed(tag + " NO idle denied\r\n");
        events(s, f);
        REQUIRE_FALSE(f);
        CHECK_FALSE(s.idling());
        s.done();
        CHECK(drain(s).empty());  // no DONE for an IDLE that never began
        CHECK(imaplib::python_repr(*s.take_tagged(tag)) == "('NO', [b'idle denied'])");
    }
    SECTION("done() before the server's go-ahead: DONE follows the continuation request") {
        session s = started();
        failure f;
        s.idle(f);
        drain(s);
        s.done();
        CHECK(drain(s).empty());  // DONE before '+' would be a protocol error
        s.feed("+ idling\r\n");
        events(s, f);
        REQUIRE_FALSE(f);
        CHECK(drain(s) == "DONE\r\n");
    }
    SECTION("a continuation request received before IDLE was written is stale") {
        session s = started();
        failure f;
        s.feed("+ early\r\n");
        s.idle(f);
        drain(s);
        events(s, f);
        CHECK(f.code == errc::protocol_violation);
    }
    SECTION("not before authentication") {
        session s = started(imaplib::state::nonauth);
        failure f;
        CHECK(s.idle(f).empty());
        CHECK(f.message == "command IDLE illegal in state NONAUTH, only allowed in states AUTH, SELECTED");
        CHECK_FALSE(s.has_output());
    }
}

// The example of docs/architecture.md ("Driving the session yourself"), word for word.
TEST_CASE("session: the example of the architecture guide", "[session][docs]") {
    std::string written;  // stands for the socket
    std::string exists, status;
    // --- from docs/architecture.md ---
    imaplib::session s;
    s.start("A");                        // tags A0, A1, ...
    s.state(imaplib::state::auth);       // after the greeting and LOGIN, say
    imaplib::failure f;
    const std::string tag = s.command("SELECT", {{"INBOX", imaplib::session::arg_kind::astring}}, f);
    while (s.has_output()) {             // bytes out: write them, then say how many went
        written += s.output();
        s.consume_output(s.output().size());
    }
    s.feed("* 3 EXISTS\r\n" + tag + " OK [READ-WRITE] done\r\n");  // bytes in, as they come
    imaplib::session_event ev;
    while (s.next(ev, f)) {              // events out, until more bytes are needed
        if (ev.type == imaplib::session_event::kind::untagged && ev.name == "EXISTS")
            exists = std::string(ev.number);
        if (ev.type == imaplib::session_event::kind::tagged && ev.tag == tag)
            status = std::string(ev.name);
    }
    if (f) status = "broken: " + f.message;
    // --- end of the example ---
    CHECK(written == "A0 SELECT INBOX\r\n");
    CHECK(exists == "3");
    CHECK(status == "OK");
    CHECK_FALSE(f);
    CHECK(s.completed(tag));
    CHECK(imaplib::python_repr(*s.find_untagged("EXISTS")) == "[b'3']");
}
