// The value index against an independent reading of the same bytes, over every frame we
// have: the grammar fuzzer's seeds, the frames in the client and framing fuzzers' byte
// streams, a header-sync corpus shaped like the parser benchmark's, and each seed with
// one byte changed. parse_response with an index must accept what it accepts without
// one, with the same error, and its index must hold exactly the values a plain byte
// loop (reference_index below) finds in the payload.
#include <imaplib/grammar/grammar.hpp>

#include <imaplib/framing/reader.hpp>

#include "support/view_dump.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace g = imaplib::grammar;
using namespace std::string_literals;

namespace {

struct entry {
    std::uint32_t begin, end, span;
    g::value_kind kind;
    unsigned data_begin, data_trim;
    bool operator==(const entry& o) const {
        return begin == o.begin && end == o.end && span == o.span && kind == o.kind &&
               data_begin == o.data_begin && data_trim == o.data_trim;
    }
};

// The values of a payload as the views read them, one byte at a time and with no shared
// code: "(" opens a list and ")" closes it, a quoted string ends at its first unescaped
// '"', a literal at the end of its bytes, NIL is NIL before a byte that ends tokens, and
// anything else is a bare token, which takes a "[...]" whole when it closes before CR,
// LF or a ")" of the list around it. False where the index gives up: a list left open,
// a CR inside a list, a literal header over 255 bytes.
bool reference_index(std::string_view frame, std::string_view payload, std::vector<entry>& out,
                     bool& regular) {
    out.clear();
    regular = true;
    const char* const base = frame.data();
    const char* p = payload.data();
    const char* const e = p + payload.size();
    const auto at = [base](const char* q) { return static_cast<std::uint32_t>(q - base); };
    const auto stop_byte = [](char c) {
        return c == ' ' || c == '(' || c == ')' || c == '\r' || c == '\n' || c == '"' || c == '{';
    };
    std::vector<std::size_t> open;
    for (;;) {
        while (p < e && *p == ' ') ++p;
        if (p == e) break;
        const char* b = p;
        const char c = *p;
        if (c == ')' || c == '\r') {
            if (open.empty()) break;
            if (c == '\r') return false;
            entry& l = out[open.back()];
            open.pop_back();
            l.end = at(++p);
            l.data_trim = 1;
            l.span = static_cast<std::uint32_t>(out.size() - (&l - out.data()));
            continue;
        }
        if (c == '(') {
            open.push_back(out.size());
            out.push_back({at(b), 0, 0, g::value_kind::list, 1, 0});
            ++p;
            continue;
        }
        if (c == '"') {
            ++p;
            bool closed = false;
            while (p < e) {
                if (*p == '"') {
                    ++p;
                    closed = true;
                    break;
                }
                if (*p == '\\') {
                    if (e - p < 2) {
                        p = e;
                        break;
                    }
                    if (p[1] != '"' && p[1] != '\\') regular = false;
                    p += 2;
                    continue;
                }
                if (*p == '\r' || *p == '\n' || *p == '\0') regular = false;
                ++p;
            }
            if (!closed) regular = false;
            out.push_back({at(b), at(p), 1, g::value_kind::quoted, 1, closed ? 1u : 0u});
            continue;
        }
        if (c == '{' || c == '~') {
            const char* q = p + (c == '~');
            if (q < e && *q == '{') {
                ++q;
                const char* digits = q;
                std::uint64_t n = 0;
                bool overflow = false;
                while (q < e && *q >= '0' && *q <= '9') {
                    overflow |= n > (UINT64_MAX - 9) / 10;
                    n = n * 10 + static_cast<std::uint64_t>(*q - '0');
                    ++q;
                }
                if (q < e && *q == '+') ++q;
                if (q != digits && !overflow && e - q >= 3 && q[0] == '}' && q[1] == '\r' && q[2] == '\n') {
                    q += 3;
                    const std::uint64_t left = static_cast<std::uint64_t>(e - q);
                    if (q - b > 255) return false;
                    const unsigned head = static_cast<unsigned>(q - b);
                    p = q + (n < left ? n : left);
                    out.push_back({at(b), at(p), 1, c == '~' ? g::value_kind::literal8 : g::value_kind::literal,
                                   head, 0});
                    continue;
                }
            }
        }
        if ((c == 'N' || c == 'n') && e - p >= 3 && (p[1] | 0x20) == 'i' && (p[2] | 0x20) == 'l' &&
            (e - p == 3 || stop_byte(p[3]))) {
            p += 3;
            out.push_back({at(b), at(p), 1, g::value_kind::nil, 3, 0});
            continue;
        }
        bool digits = true;
        while (p < e) {
            if (*p >= '0' && *p <= '9') {
                ++p;
            } else if (stop_byte(*p)) {
                break;
            } else if (*p == '[') {
                digits = false;
                std::size_t depth = 0;
                const char* q = p + 1;
                bool closed = false;
                for (; q < e; ++q) {
                    if (*q == ']') {
                        closed = true;
                        break;
                    }
                    if (*q == '(') ++depth;
                    if (*q == '\r' || *q == '\n' || (*q == ')' && depth-- == 0)) break;
                }
                p = closed ? q + 1 : p + 1;
            } else {
                digits = false;
                ++p;
            }
        }
        if (p == b) {
            ++p;
            digits = false;
        }
        out.push_back({at(b), at(p), 1, digits ? g::value_kind::number : g::value_kind::atom, 0, 0});
    }
    return open.empty();
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The frames a byte stream holds, as the framing reader cuts them (up to its first error).
void add_frames(std::string stream, std::vector<std::string>& frames) {
    imaplib::framing::response_reader reader;
    std::error_code ec;
    while (!stream.empty()) {
        if (reader.parse(stream, ec) != imaplib::framing::status::complete) return;
        frames.push_back(stream.substr(0, reader.size()));
        stream.erase(0, reader.size());
        reader.reset();
    }
}

// A header sync's FETCH responses, the shape bench/parser_bench.cpp measures.
std::vector<std::string> header_sync(std::size_t count) {
    static const char* const names[] = {"Alice Example", "=?UTF-8?B?SsO8cmdlbg==?=", "Carol \\\"CJ\\\" Jones"};
    static const char* const flags[] = {"", "\\Seen", "\\Seen \\Flagged $Forwarded", "\\Draft NonJunk"};
    std::vector<std::string> out;
    std::uint64_t x = 0x9e3779b97f4a7c15ull;
    const auto next = [&x](std::size_t n) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return static_cast<std::size_t>(x % n);
    };
    for (std::size_t i = 1; i <= count; ++i) {
        const auto address = [&] {
            return "((\""s + names[next(3)] + "\" NIL \"user" + std::to_string(next(1000)) +
                   "\" \"example.com\"))";
        };
        std::string f = "* " + std::to_string(i) + " FETCH (UID " + std::to_string(1000 + i) + " FLAGS (" +
                        flags[next(4)] + ") INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE " +
                        std::to_string(next(100000)) + " ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700\" ";
        f += next(5) == 0 ? "{12}\r\nsubject (x) " : "\"re: report\" ";
        f += address() + " " + address() + " " + address() + " " + address() +
             " NIL NIL NIL \"<id" + std::to_string(i) + "@example.com>\") BODYSTRUCTURE ";
        f += next(2) == 0 ? "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL)"
                          : "((\"text\" \"plain\" NIL NIL NIL \"7bit\" 1 1)(\"image\" \"png\" NIL NIL NIL "
                            "\"base64\" 5 NIL NIL NIL NIL) \"mixed\" (\"boundary\" \"x\") NIL NIL NIL)";
        f += ")\r\n";
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<std::string> corpus_frames() {
    std::vector<std::string> frames = header_sync(200);
    const std::filesystem::path corpus = std::filesystem::path(IMAPLIB_TEST_SOURCE_DIR) / "fuzz" / "corpus";
    for (const auto& e : std::filesystem::directory_iterator(corpus / "grammar")) frames.push_back(read_file(e.path()));
    for (const char* stream : {"client", "framing"})
        for (const auto& e : std::filesystem::directory_iterator(corpus / stream)) add_frames(read_file(e.path()), frames);
    return frames;
}

struct tally {
    std::size_t frames = 0, accepted = 0, indexed = 0;
};

// One frame in one mode: the same answer with and without an index, and an index equal
// to the reference reading.
void check_frame(const std::string& frame, const g::parse_options& opts, g::value_index& index, tally& t,
                 bool dump_views) {
    ++t.frames;
    g::response_view plain, fast;
    std::error_code ec_plain, ec_fast;
    g::parse_error err_plain, err_fast;
    const bool ok = g::parse_response(frame, plain, ec_plain, opts, &err_plain);
    const bool ok_fast = g::parse_response(frame, fast, index, ec_fast, opts, &err_fast);
    if (ok_fast != ok || ec_fast != ec_plain) {
        FAIL_CHECK("acceptance differs: " << frame);
        return;
    }
    if (!ok) {
        if (!index.empty() || err_fast.offset != err_plain.offset || err_fast.expected != err_plain.expected)
            FAIL_CHECK("error differs: " << frame);
        return;
    }
    ++t.accepted;
    std::vector<entry> want;
    bool regular = true;
    const bool indexable = plain.data() != g::data_kind::none && reference_index(frame, plain.payload(), want, regular);
    // An empty payload has nothing to index: the views read nothing either way.
    if (indexable && want.empty()) return;
    if (fast.indexed() != indexable) {
        FAIL_CHECK("indexed() " << fast.indexed() << ": " << frame);
        return;
    }
    if (!indexable) return;
    ++t.indexed;
    std::vector<entry> got;
    for (const auto& x : index)
        got.push_back({x.begin, x.end, x.span, x.kind, x.data_begin, x.data_trim});
    if (got != want || index.regular_strings() != regular) FAIL_CHECK("index differs: " << frame);
    if (dump_views && imaplib_test::view_dump::of(fast) != imaplib_test::view_dump::of(plain))
        FAIL_CHECK("views differ: " << frame);
}

}  // namespace

TEST_CASE("the value index holds what a byte loop reads, over every corpus frame", "[grammar][index][one-pass]") {
    const std::vector<std::string> frames = corpus_frames();
    REQUIRE(frames.size() > 400);
    g::value_index index;
    tally t;
    for (const std::string& frame : frames)
        for (const bool strict : {false, true})
            for (const bool greeting : {false, true}) {
                INFO(frame);
                g::parse_options opts;
                if (strict) opts.strictness = g::mode::strict;
                opts.greeting = greeting;
                check_frame(frame, opts, index, t, true);
            }
    CHECK(t.accepted > 700);
    CHECK(t.indexed > 450);
}

TEST_CASE("the value index holds what a byte loop reads, with one byte of a seed changed",
          "[grammar][index][one-pass]") {
    std::vector<std::string> seeds;
    const std::filesystem::path grammar =
        std::filesystem::path(IMAPLIB_TEST_SOURCE_DIR) / "fuzz" / "corpus" / "grammar";
    for (const auto& e : std::filesystem::directory_iterator(grammar)) seeds.push_back(read_file(e.path()));
    for (std::string& f : header_sync(3)) seeds.push_back(std::move(f));
    g::value_index index;
    tally t;
    const auto check = [&](const std::string& frame) {
        for (const bool strict : {false, true}) {
            g::parse_options opts;
            if (strict) opts.strictness = g::mode::strict;
            check_frame(frame, opts, index, t, false);
        }
    };
    for (const std::string& seed : seeds) {
        for (std::size_t i = 0; i < seed.size(); ++i) {
            std::string frame = seed;
            for (const char c : {' ', '(', ')', '"', '\\', '{', '[', ']', '0', 'N', '\r', '\0'}) {
                frame[i] = c;
                check(frame);
            }
            frame = seed;
            check(frame.erase(i, 1));
            frame = seed;
            check(frame.insert(i, 1, ' '));
        }
    }
    CHECK(t.frames > 200000);
    CHECK(t.indexed > 20000);
}
