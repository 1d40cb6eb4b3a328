// imaplib-cpp: COMPRESS=DEFLATE (RFC 4978) as a layer over any transport, on zlib.
//
// basic_compress_transport<Inner> forwards every byte unchanged until start_compress()
// switches it on (basic_imap4::compress() does that after the server's tagged OK). From
// then on writes are raw deflate, each ended by a sync flush (RFC 4978 section 4), and
// reads are inflated. A read returns at most the caller's buffer size: the inflated
// stream then goes through the session's limits like any other (a zip bomb is a line
// too long, never memory). A corrupt stream is errc::protocol_violation and the
// connection is dead. Needs zlib: define IMAPLIB_USE_ZLIB and link it (CMake option
// IMAPLIB_COMPRESS, target imaplib::compress).
#ifndef IMAPLIB_TRANSPORT_COMPRESS_HPP
#define IMAPLIB_TRANSPORT_COMPRESS_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/transport/concept.hpp>

#ifndef IMAPLIB_USE_ZLIB
#error "imaplib: transport/compress.hpp needs zlib: define IMAPLIB_USE_ZLIB and link zlib (CMake: imaplib::compress)"
#endif

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// One zlib stream. On the heap: zlib's state points back to the z_stream, so it must
// not move with the transport. zlib allocates through operator new, so an application's
// allocator (and the tests' allocation counter) sees its state.
struct zlib_stream {
    explicit zlib_stream(bool inflate_side) noexcept : inflating(inflate_side) {
        z.zalloc = [](voidpf, uInt items, uInt size) -> voidpf {
            return ::operator new(static_cast<std::size_t>(items) * size, std::nothrow);
        };
        z.zfree = [](voidpf, voidpf block) { ::operator delete(block); };
    }
    zlib_stream(const zlib_stream&) = delete;
    zlib_stream& operator=(const zlib_stream&) = delete;
    ~zlib_stream() {
        if (ready) (void)(inflating ? inflateEnd(&z) : deflateEnd(&z));
    }
    z_stream z{};
    bool inflating;
    bool ready = false;

    // A stream that `init` (inflateInit2 or deflateInit2) started, or null with `why`
    // set to `refused` when zlib would not (no memory).
    template <class Init>
    static std::unique_ptr<zlib_stream> start(bool inflate_side, Init init, const char* refused, std::string& why) {
        auto stream = std::make_unique<zlib_stream>(inflate_side);
        if (init(stream->z) != Z_OK) {
            why = refused;
            return nullptr;
        }
        stream->ready = true;
        return stream;
    }
};

}  // namespace detail

// Checks the inflate side on its own: arbitrary bytes in, bounded output out
// (fuzz/fuzz_inflate.cpp, tests). `feed` then `read` until it returns 0.
class deflate_reader {
public:
    deflate_reader() = default;

    // Raw deflate with a 32 KiB window: the most a server may use (RFC 4978 section 4).
    bool start(std::string& why) {
        stream_ = detail::zlib_stream::start(
            true, [](z_stream& z) { return inflateInit2(&z, -15); }, "cannot start the inflater", why);
        return stream_ != nullptr;
    }
    bool started() const noexcept { return stream_ != nullptr; }

    // Compressed bytes not yet inflated (the view must stay alive until they are taken).
    void feed(const char* data, std::size_t size) noexcept {
        stream_->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        stream_->z.avail_in = static_cast<uInt>(size);
    }
    std::size_t pending() const noexcept { return stream_ ? stream_->z.avail_in : 0; }
    const char* pending_data() const noexcept { return stream_ ? reinterpret_cast<const char*>(stream_->z.next_in) : nullptr; }

    // Inflates into buffer[0, size): never more than size bytes. 0 when the fed bytes
    // are used up (or are only flush markers). A corrupt stream or one the server ended
    // (RFC 4978 has no end) sets ec to errc::protocol_violation and `why`.
    std::size_t read(char* buffer, std::size_t size, std::error_code& ec, std::string& why) {
        ec.clear();
        z_stream& z = stream_->z;
        if (!error_.empty()) return fail(ec, why, error_);
        if (ended_ || (z.avail_in == 0 && !more_out_)) return ended_ ? fail(ec, why, "deflate stream ended by the server") : 0;
        size = std::min<std::size_t>(size, 1u << 30);
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = static_cast<uInt>(size);
        const int rc = inflate(&z, Z_SYNC_FLUSH);
        const std::size_t n = size - z.avail_out;
        // A full buffer may leave output inside zlib with no input left.
        more_out_ = z.avail_out == 0;
        if (rc == Z_STREAM_END) {
            ended_ = true;
            return n > 0 ? n : fail(ec, why, "deflate stream ended by the server");
        }
        if (rc == Z_BUF_ERROR) return n;  // no progress possible: needs more input
        if (rc != Z_OK) {
            // What came before the fault is delivered first, the fault on the next call:
            // the same bytes however the stream was cut into reads.
            error_ = std::string("corrupt deflate stream: ") + (z.msg ? z.msg : "inflate error");
            if (n == 0) return fail(ec, why, error_);
        }
        return n;
    }
    // Whether read() may still produce bytes without more input.
    bool has_output() const noexcept { return stream_ && (stream_->z.avail_in > 0 || more_out_ || !error_.empty()); }

private:
    static std::size_t fail(std::error_code& ec, std::string& why, std::string text) {
        ec = make_error_code(errc::protocol_violation);
        why = std::move(text);
        return 0;
    }

    std::unique_ptr<detail::zlib_stream> stream_;
    std::string error_;  // a fault found after some output: reported by the next read
    bool more_out_ = false;
    bool ended_ = false;
};

// The sending side, with no I/O: what is fed comes out as raw deflate ended by a sync
// flush (RFC 4978 section 4: the peer can act on each command at once), a bounded piece
// at a time. Both clients' compression layers write what it produces.
class deflate_writer {
public:
    // The sender picks its window (RFC 4978 section 4: windowBits -8 to -15; zlib refuses
    // -8 for raw deflate). Commands are short and repetitive: a 2 KiB window and
    // memLevel 4 keep them within a point of zlib's default (-15, 8) at 22 KiB of state
    // instead of 268 KiB (docs/security.md, COMPRESS=DEFLATE).
    static constexpr int window_bits = 11;
    static constexpr int mem_level = 4;

    bool start(std::string& why) {
        stream_ = detail::zlib_stream::start(
            false,
            [](z_stream& z) {
                return deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -window_bits, mem_level, Z_DEFAULT_STRATEGY);
            },
            "cannot start the deflater", why);
        return stream_ != nullptr;
    }
    bool started() const noexcept { return stream_ != nullptr; }

    // Bytes to deflate (the view must stay alive until flushed() says they went).
    void feed(const char* data, std::size_t size) noexcept {
        stream_->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        stream_->z.avail_in = static_cast<uInt>(size);
        flushed_ = false;
    }
    // Deflates into out[0, size): the bytes produced, at most size. Call until flushed().
    std::size_t write(char* out, std::size_t size, std::error_code& ec, std::string& why) {
        ec.clear();
        z_stream& z = stream_->z;
        size = std::min<std::size_t>(size, 1u << 30);
        z.next_out = reinterpret_cast<Bytef*>(out);
        z.avail_out = static_cast<uInt>(size);
        const int rc = deflate(&z, Z_SYNC_FLUSH);
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            ec = make_error_code(errc::transport_error);
            why = "deflate failed";
            return 0;
        }
        // A full buffer may leave part of the flush inside zlib.
        flushed_ = z.avail_in == 0 && z.avail_out != 0;
        return size - z.avail_out;
    }
    // Everything fed went out, the sync flush included.
    bool flushed() const noexcept { return flushed_; }

private:
    std::unique_ptr<detail::zlib_stream> stream_;
    bool flushed_ = true;
};

template <class Inner>
class basic_compress_transport {
    static_assert(detail::check_transport<Inner>(), "imaplib: basic_compress_transport<Inner> needs a transport");

public:
    static constexpr std::uint16_t default_port = Inner::default_port;
    // Compressed bytes read from the inner transport at a time.
    static constexpr std::size_t raw_chunk = 16 * 1024;

    basic_compress_transport() = default;
    explicit basic_compress_transport(Inner inner) : inner_(std::move(inner)) {}
    // The inner transport's own constructors (tls_transport(const tls_context&), ...).
    template <class A, class... Rest,
              class = std::enable_if_t<!std::is_same_v<std::decay_t<A>, basic_compress_transport> &&
                                       !std::is_same_v<std::decay_t<A>, Inner> &&
                                       std::is_constructible_v<Inner, A&&, Rest&&...>>>
    explicit basic_compress_transport(A&& a, Rest&&... rest) : inner_(std::forward<A>(a), std::forward<Rest>(rest)...) {}

    Inner& next_layer() noexcept { return inner_; }
    const Inner& next_layer() const noexcept { return inner_; }

    // Whether the layer deflates and inflates (start_compress() succeeded).
    bool compressing() const noexcept { return reader_.started(); }

    // Switches compression on. `received` is what was read past the tagged OK's CRLF:
    // it is already compressed (RFC 4978 section 3) and is inflated first.
    void start_compress(std::string_view received, std::error_code& ec) {
        ec.clear();
        if (compressing()) return fail(ec, errc::protocol_violation, "compression is already active");
        std::string why;
        if (!reader_.start(why)) return fail(ec, errc::transport_error, why);
        if (!writer_.start(why)) {
            reset();
            return fail(ec, errc::transport_error, why);
        }
        raw_size_ = std::max(raw_chunk, received.size());
        raw_ = std::make_unique<char[]>(raw_size_);
        std::memcpy(raw_.get(), received.data(), received.size());
        reader_.feed(raw_.get(), received.size());
        out_ = std::make_unique<char[]>(raw_chunk);
    }

    void open(std::string_view host, std::uint16_t port, std::error_code& ec) {
        reset();
        inner_.open(host, port, ec);
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (!compressing()) return inner_.read_some(buffer, size, ec);
        ec.clear();
        if (dead_) return fail0(ec, errc::protocol_violation, detail_.empty() ? "deflate stream unusable" : detail_);
        if (size == 0) return 0;
        for (;;) {
            const std::size_t n = inflate_some(buffer, size, ec);
            if (ec || n > 0) return n;
            if (!refill(ec)) return 0;
        }
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        if (!compressing()) return inner_.write_all(data, size, ec);
        ec.clear();
        if (dead_) return fail(ec, errc::protocol_violation, detail_);
        writer_.feed(data, size);
        // Each write ends on a byte boundary so the server can act on it (section 4).
        do {
            std::string why;
            const std::size_t n = writer_.write(out_.get(), raw_chunk, ec, why);
            if (ec) return fail(ec, errc::transport_error, why);
            if (n > 0) inner_.write_all(out_.get(), n, ec);
            if (ec) return;
            bytes_out_ += n;
        } while (!writer_.flushed());
    }

    void shutdown() noexcept { inner_.shutdown(); }
    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { inner_.set_timeout(t); }

    template <class I = Inner>
    auto native_handle() -> decltype(std::declval<I&>().native_handle()) {
        return inner_.native_handle();
    }

    // TLS comes before compression (RFC 4978 section 3); never after.
    template <class Context, class I = Inner, class = std::enable_if_t<has_start_tls_v<I>>>
    void start_tls(const Context& context, std::string_view host, std::error_code& ec) {
        if (compressing()) return fail(ec, errc::protocol_violation, "STARTTLS after COMPRESS");
        inner_.start_tls(context, host, ec);
    }

    // Inflated bytes ready now: what buffered compressed input and the inner transport's
    // ready bytes inflate to (kept in a bounded staging buffer for the next read_some).
    template <class I = Inner, class = std::enable_if_t<has_available_v<I>>>
    std::size_t available(std::error_code& ec) {
        if (!compressing()) return inner_.available(ec);
        ec.clear();
        if (dead_) return 0;
        pump_ready(ec);
        return staged_size_ - staged_at_;
    }

    template <class I = Inner, class = std::enable_if_t<has_wait_readable_v<I>>>
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
        if (!compressing()) return inner_.wait_readable(t, ec);
        ec.clear();
        // Compressed bytes may inflate to nothing (a lone flush marker): wait again then.
        const auto until = std::chrono::steady_clock::now() + t;
        for (;;) {
            if (dead_) return true;  // read_some reports the error
            if constexpr (has_available_v<I>) pump_ready(ec);
            else stage_buffered(ec);
            if (ec || staged_size_ > staged_at_) return true;
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            if (left.count() <= 0 || !inner_.wait_readable(left, ec)) return false;
            if (ec) return false;
            if constexpr (!has_available_v<I>) {
                if (!refill(ec)) return true;  // read_some reports the error
            }
        }
    }

    std::string error_detail() const {
        if (!detail_.empty()) return detail_;
        if constexpr (has_error_detail_v<Inner>) return std::string(inner_.error_detail());
        else return {};
    }

    // Bytes on the wire since compression started (client -> server), for measurements.
    std::uint64_t compressed_bytes_written() const noexcept { return bytes_out_; }

private:
    void reset() {
        reader_ = deflate_reader{};
        writer_ = deflate_writer{};
        raw_.reset();
        raw_size_ = 0;
        out_.reset();
        staged_.reset();
        staged_size_ = staged_at_ = 0;
        dead_ = false;
        detail_.clear();
    }

    // Staged bytes first, then straight from zlib into the caller's buffer.
    std::size_t inflate_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (staged_at_ < staged_size_) {
            const std::size_t n = std::min(size, staged_size_ - staged_at_);
            std::memcpy(buffer, staged_.get() + staged_at_, n);
            staged_at_ += n;
            return n;
        }
        std::string why;
        const std::size_t n = reader_.read(buffer, size, ec, why);
        if (ec) {
            dead_ = true;
            detail_ = why;
            inner_.shutdown();
        }
        return n;
    }

    // One read of compressed bytes from the inner transport, behind any not yet
    // inflated; false with ec on failure.
    bool refill(std::error_code& ec) {
        const std::size_t keep = reader_.pending();
        if (keep == raw_size_) {  // zlib took nothing from a full buffer
            dead_ = true;
            fail(ec, errc::protocol_violation, "deflate stream makes no progress");
            return false;
        }
        if (keep > 0) std::memmove(raw_.get(), reader_.pending_data(), keep);
        const std::size_t n = inner_.read_some(raw_.get() + keep, raw_size_ - keep, ec);
        reader_.feed(raw_.get(), keep + n);
        return !ec;
    }

    // Inflates what is buffered into the staging buffer (once empty), without reading.
    void stage_buffered(std::error_code& ec) {
        if (staged_at_ < staged_size_ || !reader_.has_output()) return;
        if (!staged_) staged_ = std::make_unique<char[]>(raw_chunk);
        staged_at_ = 0;
        staged_size_ = 0;
        // Until bytes come, the input is used up, or zlib stops taking it.
        for (std::size_t before = 0; staged_size_ == 0 && reader_.has_output() && !ec;) {
            before = reader_.pending();
            staged_size_ = inflate_some(staged_.get(), raw_chunk, ec);
            if (staged_size_ == 0 && reader_.pending() == before) break;
        }
    }

    // stage_buffered(), reading whatever the inner transport has ready while it inflates to nothing.
    void pump_ready(std::error_code& ec) {
        for (;;) {
            stage_buffered(ec);
            if (ec || staged_at_ < staged_size_) return;
            const std::size_t ready = inner_.available(ec);
            if (ec || ready == 0) return;
            if (!refill(ec)) return;
        }
    }

    void fail(std::error_code& ec, errc code, std::string why) {
        ec = make_error_code(code);
        detail_ = std::move(why);
    }
    std::size_t fail0(std::error_code& ec, errc code, std::string why) {
        fail(ec, code, std::move(why));
        return 0;
    }

    Inner inner_;
    deflate_reader reader_;
    deflate_writer writer_;
    std::unique_ptr<char[]> raw_;     // compressed input, raw_size_ bytes
    std::size_t raw_size_ = 0;
    std::unique_ptr<char[]> out_;     // compressed output, raw_chunk bytes
    std::unique_ptr<char[]> staged_;  // inflated for available() / wait_readable()
    std::size_t staged_size_ = 0;
    std::size_t staged_at_ = 0;
    bool dead_ = false;
    std::string detail_;
    std::uint64_t bytes_out_ = 0;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_COMPRESS_HPP
