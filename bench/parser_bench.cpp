// Parser throughput on a header-sync corpus: 20,000 responses of
//   * N FETCH (UID n FLAGS (...) INTERNALDATE "..." RFC822.SIZE n ENVELOPE (...)
//              BODYSTRUCTURE (...))
// (about 16 MB, generated in memory), measured three ways:
//   (a) framing alone, framing plus validation only, (b) framing plus the typed parse
//   walking every field, (c) a plain memchr pass for CRLF over the same bytes (the ceiling).
// Build with optimisation, e.g. -O2. Prints MB/s and responses/s for each.
#include <imaplib/grammar/grammar.hpp>

#if defined(__has_include)
#if __has_include(<imaplib/framing/reader.hpp>)
#include <imaplib/framing/reader.hpp>
#define BENCH_HAVE_FRAMING 1
#endif
#endif

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

namespace g = imaplib::grammar;

namespace {

// Deterministic pseudo-random numbers (xorshift), so every run parses the same bytes.
struct rng {
    std::uint64_t s = 0x9e3779b97f4a7c15ull;
    std::uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

const char* const names[] = {"Alice Example", "Bob Builder", "=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?=",
                             "Carol \\\"CJ\\\" Jones", "Dave", "Eve O'Neil"};
const char* const hosts[] = {"example.com", "mail.example.org", "lists.example.net", "corp.example"};
const char* const words[] = {"Quarterly", "report", "re:", "meeting", "notes", "invoice", "urgent",
                             "lunch", "=?ISO-8859-1?Q?Gr=FC=DFe?=", "update", "release", "draft"};
const char* const flagsets[] = {"", "\\Seen", "\\Seen \\Answered", "\\Seen \\Flagged $Forwarded",
                                "\\Draft", "\\Seen NonJunk $label1"};

void address(std::string& out, rng& r) {
    out += "(\"";
    out += names[r.below(6)];
    out += "\" NIL \"user";
    out += std::to_string(r.below(1000));
    out += "\" \"";
    out += hosts[r.below(4)];
    out += "\")";
}

void address_list(std::string& out, rng& r, std::size_t max) {
    const std::size_t n = r.below(max + 1);
    if (n == 0) {
        out += "NIL";
        return;
    }
    out += '(';
    for (std::size_t i = 0; i < n; ++i) address(out, r);
    out += ')';
}

void text_part(std::string& out, rng& r, const char* sub) {
    out += "(\"text\" \"";
    out += sub;
    out += "\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" ";
    out += std::to_string(200 + r.below(20000));
    out += ' ';
    out += std::to_string(5 + r.below(400));
    out += " NIL NIL NIL NIL)";
}

void bodystructure(std::string& out, rng& r) {
    switch (r.below(3)) {
    case 0: text_part(out, r, "plain"); break;
    case 1:
        out += '(';
        text_part(out, r, "plain");
        text_part(out, r, "html");
        out += " \"alternative\" (\"boundary\" \"b1_";
        out += std::to_string(r.next() % 100000000);
        out += "\") NIL NIL NIL)";
        break;
    default:
        out += "((";
        text_part(out, r, "plain");
        text_part(out, r, "html");
        out += " \"alternative\" (\"boundary\" \"alt\") NIL NIL NIL)(\"application\" \"pdf\" "
               "(\"name\" \"doc.pdf\") NIL NIL \"base64\" ";
        out += std::to_string(10000 + r.below(2000000));
        out += " NIL (\"attachment\" (\"filename\" \"doc.pdf\")) NIL NIL) \"mixed\" "
               "(\"boundary\" \"mix\") NIL NIL NIL)";
        break;
    }
}

// W2-like: `count` FETCH responses carrying BODY[] of a `size`-byte message as a literal
// (a mail body: text lines of 72 bytes).
std::string make_body_corpus(std::size_t count, std::size_t size) {
    std::string body;
    rng r;
    while (body.size() < size) {
        std::string line;
        while (line.size() < 72) {
            line += words[r.below(12)];
            line += ' ';
        }
        body += line + "\r\n";
    }
    body.resize(size);
    std::string out;
    for (std::size_t i = 1; i <= count; ++i) {
        out += "* " + std::to_string(i) + " FETCH (UID " + std::to_string(1000 + i) + " BODY[] {" +
               std::to_string(size) + "}\r\n";
        out += body;
        out += " FLAGS (\\Seen))\r\n";
    }
    return out;
}

std::string make_corpus(std::size_t count) {
    std::string out;
    out.reserve(count * 820);
    rng r;
    for (std::size_t i = 1; i <= count; ++i) {
        out += "* ";
        out += std::to_string(i);
        out += " FETCH (UID ";
        out += std::to_string(1000 + i * 3);
        out += " FLAGS (";
        out += flagsets[r.below(6)];
        out += ") INTERNALDATE \"";
        out += std::to_string(10 + r.below(18));
        out += "-Mar-2024 1";
        out += std::to_string(r.below(10));
        out += ":4";
        out += std::to_string(r.below(10));
        out += ":05 +0100\" RFC822.SIZE ";
        out += std::to_string(1000 + r.below(5000000));
        out += " ENVELOPE (\"Mon, 11 Mar 2024 10:22:33 +0100\" ";
        if (r.below(10) == 0) {
            // an occasional literal subject, as servers send for 8-bit or long text
            const std::string subj = "Subject with \"quotes\" and 8-bit \xc3\xbc text";
            out += '{';
            out += std::to_string(subj.size());
            out += "}\r\n";
            out += subj;
        } else {
            out += '"';
            for (std::size_t w = 0, n = 2 + r.below(7); w < n; ++w) {
                if (w) out += ' ';
                out += words[r.below(12)];
            }
            out += '"';
        }
        out += ' ';
        address_list(out, r, 1);
        out += ' ';
        address_list(out, r, 1);
        out += ' ';
        address_list(out, r, 1);
        out += ' ';
        address_list(out, r, 4);
        out += ' ';
        address_list(out, r, 2);
        out += " NIL ";
        out += r.below(2) ? "NIL" : "\"<parent.123@example.com>\"";
        out += " \"<msg.";
        out += std::to_string(r.next() % 1000000000);
        out += "@example.com>\") BODYSTRUCTURE ";
        bodystructure(out, r);
        out += ")\r\n";
    }
    return out;
}

// Touches every field through the typed views so nothing is optimised away.
std::uint64_t walk_body(const g::body_view& b, int depth);

std::uint64_t walk_value(const g::value& v) { return v.data().size() + static_cast<unsigned>(v.kind()); }

std::uint64_t walk_addresses(const g::address_list_view& l) {
    std::uint64_t h = 0;
    for (const g::address_view& a : l)
        h += walk_value(a.name) + walk_value(a.adl) + walk_value(a.mailbox) + walk_value(a.host);
    return h;
}

std::uint64_t walk_body(const g::body_view& b, int depth) {
    const g::body_info f = b.fields();
    std::uint64_t h = walk_value(f.subtype);
    for (const auto& p : f.params) h += walk_value(p[0]) + walk_value(p[1]);
    if (f.multipart) {
        if (depth < 8)
            for (const g::body_view& part : f.parts) h += walk_body(part, depth + 1);
    } else {
        h += walk_value(f.type) + walk_value(f.id) + walk_value(f.description) +
             walk_value(f.encoding) + f.octets.number().value_or(0) + f.lines.number().value_or(0) +
             walk_value(f.md5);
    }
    const g::disposition_view d = g::disposition_view::from_value(f.disposition);
    h += walk_value(d.type);
    for (const auto& p : d.params) h += walk_value(p[0]) + walk_value(p[1]);
    h += walk_value(f.language) + walk_value(f.location);
    return h;
}

std::uint64_t walk_fetch(const g::fetch_view& f) {
    std::uint64_t h = f.seq();
    for (const g::fetch_item& item : f) {
        const std::string_view k = item.key();
        if (k == "UID" || k == "RFC822.SIZE") {
            h += item.val.number().value_or(0);
        } else if (k == "FLAGS") {
            for (const g::value& fl : item.val.items()) h += walk_value(fl);
        } else if (k == "INTERNALDATE") {
            h += walk_value(item.val);
        } else if (k == "ENVELOPE") {
            const g::envelope_view e = g::envelope_view::from_value(item.val);
            h += walk_value(e.date) + walk_value(e.subject) + walk_addresses(e.from) +
                 walk_addresses(e.sender) + walk_addresses(e.reply_to) + walk_addresses(e.to) +
                 walk_addresses(e.cc) + walk_addresses(e.bcc) + walk_value(e.in_reply_to) +
                 walk_value(e.message_id);
        } else if (k == "BODYSTRUCTURE") {
            h += walk_body(g::body_view(item.val), 0);
        }
    }
    return h;
}

struct result {
    double seconds;
    std::size_t responses;
    std::uint64_t check;
};

// Finds the end of each frame: the framing reader when available.
template <class OnFrame>
std::size_t frame_all(std::string_view corpus, OnFrame&& on_frame) {
    std::size_t n = 0;
#ifdef BENCH_HAVE_FRAMING
    imaplib::framing::response_reader reader;
    std::error_code ec;
    while (!corpus.empty()) {
        if (reader.parse(corpus, ec) != imaplib::framing::status::complete) {
            std::fprintf(stderr, "framing failed: %s\n", ec.message().c_str());
            std::exit(1);
        }
        const std::size_t size = reader.size();
        on_frame(corpus.substr(0, size));
        corpus.remove_prefix(size);
        reader.reset();
        ++n;
    }
#else
    // Stand-in: a line, plus "{N}" literals, as the framing reader would find them.
    std::size_t pos = 0;
    while (pos < corpus.size()) {
        std::size_t start = pos;
        for (;;) {
            const std::size_t crlf = corpus.find("\r\n", pos);
            if (crlf == std::string_view::npos) std::exit(1);
            std::size_t lit = 0;
            if (crlf > 0 && corpus[crlf - 1] == '}') {
                std::size_t b = corpus.rfind('{', crlf);
                lit = std::strtoull(corpus.data() + b + 1, nullptr, 10);
            }
            pos = crlf + 2 + lit;
            if (!lit) break;
        }
        on_frame(corpus.substr(start, pos - start));
        ++n;
    }
#endif
    return n;
}

template <class F>
result best_of(int runs, F&& f) {
    result best{1e30, 0, 0};
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        result r = f();
        const auto t1 = std::chrono::steady_clock::now();
        r.seconds = std::chrono::duration<double>(t1 - t0).count();
        if (r.seconds < best.seconds) best = r;
    }
    return best;
}

void report(const char* what, const result& r, std::size_t bytes) {
    std::printf("%-40s %9.1f MB/s %12.0f responses/s  (check %llu)\n", what,
                static_cast<double>(bytes) / r.seconds / 1e6,
                static_cast<double>(r.responses) / r.seconds,
                static_cast<unsigned long long>(r.check));
}

}  // namespace

// Usage: parser_bench [pass [runs]]; pass is all (default), framing, validate, typed, indexed,
// memchr, bodies (BODY[] literals of 100 KB: framing + validation), or none (only builds the corpus). One pass with one run suits instruction counters (valgrind --tool=callgrind).
int main(int argc, char** argv) {
    const std::string_view pass = argc > 1 ? argv[1] : "all";
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;
    const bool all = pass == "all";
    const std::string corpus = make_corpus(20000);
    std::printf("corpus: %zu responses, %.1f MB\n", static_cast<std::size_t>(20000),
                static_cast<double>(corpus.size()) / 1e6);
#ifdef BENCH_HAVE_FRAMING
    std::printf("framing: imaplib::framing::response_reader\n");
#else
    std::printf("framing: stand-in loop (framing/reader.hpp not found)\n");
#endif

    if (all || pass == "framing") {
        const result framing = best_of(runs, [&] {
            std::uint64_t sum = 0;
            const std::size_t n = frame_all(corpus, [&](std::string_view f) { sum += f.size(); });
            return result{0, n, sum};
        });
        report("(a) framing alone", framing, corpus.size());
    }

    if (all || pass == "validate") {
        const result validate = best_of(runs, [&] {
            std::uint64_t sum = 0;
            std::size_t bad = 0;
            const std::size_t n = frame_all(corpus, [&](std::string_view f) {
                g::response_view r;
                std::error_code ec;
                if (!g::parse_response(f, r, ec)) ++bad;
                sum += static_cast<unsigned>(r.data());
            });
            if (bad) std::fprintf(stderr, "%zu responses failed to parse\n", bad);
            return result{0, n, sum};
        });
        report("    framing + validation (no walk)", validate, corpus.size());
    }

    // (b) twice: views reading the bytes, and views reading a value index.
    const auto typed = [&](g::value_index* index) {
        return best_of(runs, [&] {
            std::uint64_t sum = 0;
            std::size_t bad = 0;
            const std::size_t n = frame_all(corpus, [&](std::string_view f) {
                g::response_view r;
                std::error_code ec;
                const bool ok = index ? g::parse_response(f, r, *index, ec) : g::parse_response(f, r, ec);
                if (!ok || r.data() != g::data_kind::fetch) {
                    ++bad;
                    return;
                }
                sum += walk_fetch(r.as_fetch());
            });
            if (bad) std::fprintf(stderr, "%zu responses failed to parse\n", bad);
            return result{0, n, sum};
        });
    };
    if (all || pass == "typed") report("(b) framing + typed parse, every field", typed(nullptr), corpus.size());
    if (all || pass == "indexed") {
        g::value_index index;
        report("(b) framing + typed parse, value index", typed(&index), corpus.size());
    }

    if (all || pass == "bodies") {
        const std::string bodies = make_body_corpus(160, 100000);
        const result r = best_of(runs, [&] {
            std::uint64_t sum = 0;
            const std::size_t n = frame_all(bodies, [&](std::string_view f) {
                g::response_view v;
                std::error_code ec;
                sum += g::parse_response(f, v, ec) ? f.size() : 0;
            });
            return result{0, n, sum};
        });
        report("(d) BODY[] 100 KB: framing + validation", r, bodies.size());
    }

    if (all || pass == "memchr") {
        const result ceiling = best_of(runs, [&] {
            std::size_t n = 0;
            const char* p = corpus.data();
            const char* e = p + corpus.size();
            while (p < e) {
                const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(e - p));
                if (!hit) break;
                p = static_cast<const char*>(hit) + 1;
                if (p[-2] == '\r') ++n;
            }
            return result{0, n, n};
        });
        report("(c) memchr CRLF pass (ceiling)", ceiling, corpus.size());
    }
    return 0;
}
