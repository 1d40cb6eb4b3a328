// Fuzz target for the inflate side of imaplib/transport/compress.hpp (libFuzzer).
//
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -DIMAPLIB_USE_ZLIB -Iinclude \
//       fuzz/fuzz_inflate.cpp -o fuzz_inflate -lz
//   ./fuzz_inflate fuzz/corpus/inflate
//
// Input: byte 0 chooses the read size (1 to 256 bytes) and byte 1 the wire piece size
// (1 to 256 bytes, 0: all at once); the rest is what a server sends after COMPRESS OK.
// It is read two ways: basic_compress_transport over a memory transport delivering
// pieces, and deflate_reader fed the whole input. Every read returns at most what was
// asked for; both ways must give the same bytes and end the same way. Any difference aborts.
#include <imaplib/transport/compress.hpp>
#include <imaplib/transport/memory.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

// The whole stream through deflate_reader: the inflated bytes, and whether it failed.
std::string inflate_whole(std::string_view wire, std::size_t read_size, bool& failed) {
    imaplib::deflate_reader reader;
    std::string why;
    require(reader.start(why));
    reader.feed(wire.data(), wire.size());
    std::string out;
    std::string buffer(read_size, '\0');
    failed = false;
    for (;;) {
        std::error_code ec;
        const std::size_t n = reader.read(buffer.data(), buffer.size(), ec, why);
        require(n <= read_size);
        out.append(buffer.data(), n);
        if (ec) {
            require(ec == imaplib::errc::protocol_violation && !why.empty());
            failed = true;
            return out;
        }
        if (n == 0) return out;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t read_size = 1 + data[0];
    const std::size_t piece = data[1];
    const std::string_view wire(reinterpret_cast<const char*>(data) + 2, size - 2);

    bool whole_failed = false;
    const std::string whole = inflate_whole(wire, read_size, whole_failed);

    auto script = std::make_shared<imaplib::memory_script>();
    script->chunk = piece;
    imaplib::basic_compress_transport<imaplib::memory_transport> t{imaplib::memory_transport(script)};
    std::error_code ec;
    t.open("fuzz", 143, ec);
    require(!ec);
    // The first piece arrives with the OK, the rest from the wire.
    const std::size_t first = std::min(piece, wire.size());
    t.start_compress(wire.substr(0, first), ec);
    require(!ec);
    script->push(wire.substr(first));
    std::string pieces;
    std::string buffer(read_size, '\0');
    for (;;) {
        const std::size_t n = t.read_some(buffer.data(), buffer.size(), ec);
        require(n <= read_size);
        pieces.append(buffer.data(), n);
        if (ec) break;
        require(n > 0);  // no error: some bytes
    }
    // Both ways see the same bytes; a bad stream fails both ways, a good one ends in EOF.
    require(pieces == whole);
    if (whole_failed) require(ec == imaplib::errc::protocol_violation);
    else require(ec == imaplib::errc::connection_closed);
    return 0;
}
