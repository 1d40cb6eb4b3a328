// Fuzz target for imaplib/framing/reader.hpp (libFuzzer).
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//       fuzz/fuzz_framing.cpp -o fuzz_framing
//   ./fuzz_framing fuzz/corpus/framing
//
// Input: byte 0 chooses the mode (bit 0: strict) and a set of limits (bits 1-3);
// bytes 1-3 seed the split points; the rest is a stream of server responses.
// The stream is framed three ways: all at once, appended in random pieces (zero-length
// ones included), and in pieces while streaming literal bytes past the buffer with
// skip_literal_bytes(). All three must find the same frames and end the same way; each
// frame must also obey the limits and line rules on its own. Any difference aborts.
#include <imaplib/framing/reader.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using imaplib::framing::response_reader;
using imaplib::framing::status;

struct frame {
    std::string bytes;  // the whole frame as on the wire (streamed bytes put back)
    std::vector<imaplib::framing::literal> literals;  // in wire coordinates
};

struct result {
    std::vector<frame> frames;
    std::error_code ec;
    std::size_t unframed = 0;  // bytes after the last frame when the input ran out
};

void require(bool ok) {
    if (!ok) std::abort();
}

bool same(const result& a, const result& b) {
    if (a.ec != b.ec || a.frames.size() != b.frames.size()) return false;
    if (!a.ec && a.unframed != b.unframed) return false;
    for (std::size_t f = 0; f < a.frames.size(); ++f) {
        const frame& x = a.frames[f];
        const frame& y = b.frames[f];
        if (x.bytes != y.bytes || x.literals.size() != y.literals.size()) return false;
        for (std::size_t k = 0; k < x.literals.size(); ++k) {
            if (x.literals[k].header != y.literals[k].header ||
                x.literals[k].offset != y.literals[k].offset ||
                x.literals[k].size != y.literals[k].size)
                return false;
        }
    }
    return true;
}

struct rng {
    std::uint32_t state;
    std::uint32_t next() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
    // Piece lengths spread over orders of magnitude, zero included.
    std::size_t piece() {
        const std::uint32_t r = next();
        return (r >> 4) % ((std::size_t{1} << (r % 12)) + 1);
    }
};

imaplib::limits limits_for(unsigned profile) {
    imaplib::limits l;
    switch (profile) {
    case 1: l.max_line = 16; break;
    case 2: l.max_literal = 64; break;
    case 3: l.max_response = 256; break;
    case 4: l.max_line = 32; l.max_literal = 100; l.max_response = 300; break;
    case 5: l.max_line = 0; break;
    case 6: l.max_literal = 0; break;
    case 7: l.max_response = 64; break;
    default: break;
    }
    return l;
}

// Checks one completed frame against the rules, independently of the reader's code.
void check_frame(const frame& f, const imaplib::limits& l, bool strict) {
    const std::string& b = f.bytes;
    require(!b.empty() && b.back() == '\n');
    require(b.size() <= l.max_response);
    std::size_t line_start = 0;
    auto check_text = [&](std::size_t from, std::size_t to) {  // [from, to) is line text
        for (std::size_t i = from; i < to; ++i) {
            require(b[i] != '\0');
            if (b[i] == '\r') require(i + 1 < to && b[i + 1] == '\n');
            if (b[i] == '\n') {
                std::size_t text = i - line_start - (i > line_start && b[i - 1] == '\r');
                require(text <= l.max_line);
                require(!strict || (i > 0 && b[i - 1] == '\r'));
                line_start = i + 1;
            }
        }
    };
    std::size_t at = 0;
    for (const auto& lit : f.literals) {
        require(lit.header >= at && lit.header < lit.offset && lit.offset <= b.size());
        require(b[lit.header] == '{' || (b[lit.header] == '~' && b[lit.header + 1] == '{'));
        require(b[lit.offset - 1] == '\n');
        require(lit.size <= l.max_literal && lit.size <= b.size() - lit.offset);
        check_text(at, lit.offset);
        at = lit.offset + lit.size;
        line_start = at;
    }
    check_text(at, b.size());
    require(line_start == b.size());
}

// Frames `input`, appending pieces from `splits` (or everything at once), and streams
// literals elsewhere when `stream` says so.
result run(std::string_view input, const imaplib::limits& l, bool strict, rng* splits,
           bool stream) {
    result out;
    response_reader reader(l, strict);
    std::string buffer;
    std::size_t fed = 0;
    // Streamed bytes of the current frame, per literal index.
    std::vector<std::string> sunk;
    for (;;) {
        std::error_code ec;
        const status st = reader.parse(buffer, ec);
        if (ec) {
            out.ec = ec;
            return out;
        }
        if (st == status::complete) {
            // Put streamed bytes back to rebuild the frame as it was on the wire.
            frame f;
            std::size_t from = 0;
            std::size_t shift = 0;
            for (std::size_t k = 0; k < reader.literals().size(); ++k) {
                auto lit = reader.literals()[k];
                f.bytes.append(buffer, from, lit.offset - from);
                if (k < sunk.size()) f.bytes += sunk[k];
                require(lit.streamed == (k < sunk.size() ? sunk[k].size() : 0));
                from = lit.offset;
                lit.header += shift;
                lit.offset += shift;
                shift += lit.streamed;
                lit.streamed = 0;
                f.literals.push_back(lit);
            }
            f.bytes.append(buffer, from, reader.size() - from);
            out.frames.push_back(f);
            buffer.erase(0, reader.size());
            reader.reset();
            sunk.clear();
            continue;
        }
        require(!reader.in_literal() || reader.literal_remaining() > 0);
        if (fed == input.size()) {
            out.unframed = buffer.size();
            for (const std::string& s : sunk) out.unframed += s.size();
            return out;
        }
        const std::size_t n = splits ? splits->piece() : input.size();
        const std::size_t take = n < input.size() - fed ? n : input.size() - fed;
        if (stream && reader.in_literal() && (splits->next() & 1)) {
            const std::size_t index = reader.literals().size() - 1;
            const std::size_t offset = reader.literals().back().offset;
            require(offset + reader.literal_buffered() == buffer.size());
            sunk.resize(index + 1);
            sunk[index].append(buffer, offset, std::string::npos);
            buffer.resize(offset);
            const std::size_t direct =
                take < reader.literal_remaining() ? take : reader.literal_remaining();
            sunk[index].append(input.substr(fed, direct));
            fed += direct;
            reader.skip_literal_bytes(direct);
            continue;
        }
        buffer.append(input.substr(fed, take));
        fed += take;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return 0;
    const bool strict = (data[0] & 1) != 0;
    const imaplib::limits l = limits_for((data[0] >> 1) & 7);
    const std::uint32_t seed =
        (std::uint32_t{data[1]} << 16 | std::uint32_t{data[2]} << 8 | data[3]) | 1;
    const std::string_view input(reinterpret_cast<const char*>(data) + 4, size - 4);

    const result whole = run(input, l, strict, nullptr, false);
    for (const frame& f : whole.frames) check_frame(f, l, strict);

    rng pieces{seed};
    const result split = run(input, l, strict, &pieces, false);
    require(same(whole, split));

    rng streaming{seed * 2654435761u | 1};
    const result streamed = run(input, l, strict, &streaming, true);
    require(same(whole, streamed));
    return 0;
}
