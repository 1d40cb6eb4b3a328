// imaplib-cpp: COMPRESS=DEFLATE (RFC 4978) for the async client, on zlib.
//
// basic_async_compress_transport<Inner> is transport/compress.hpp's layer for an async
// transport: it forwards every byte unchanged until start_compress() switches it on
// (basic_async_imap4::async_compress() does that on the server's tagged OK), then
// inflates what it reads and deflates what it writes, with the blocking layer's
// deflate_reader and deflate_writer. A read returns at most the caller's buffer, so the
// inflated stream meets the session's limits like any other; a corrupt or ended stream
// is errc::protocol_violation. Needs zlib: define IMAPLIB_USE_ZLIB and link it (CMake
// target imaplib::compress).
//
//   imaplib::async_imap4_compressed           TCP
//   imaplib::async_imap4_ssl_compressed       implicit TLS (with IMAPLIB_USE_WOLFSSL)
//   imaplib::async_imap4_starttls_compressed  STARTTLS, then COMPRESS (RFC 4978 section 3)
#ifndef IMAPLIB_ASYNC_COMPRESS_HPP
#define IMAPLIB_ASYNC_COMPRESS_HPP

#include <imaplib/config.hpp>
#include <imaplib/async/client.hpp>
#include <imaplib/async/concept.hpp>
#include <imaplib/async/tcp.hpp>
#include <imaplib/error.hpp>
#include <imaplib/transport/compress.hpp>
#include <imaplib/transport/concept.hpp>
#ifdef IMAPLIB_USE_WOLFSSL
#include <imaplib/async/tls.hpp>
#endif

#include <asio/async_result.hpp>
#include <asio/buffer.hpp>
#include <asio/compose.hpp>
#include <asio/post.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

template <class Inner>
class basic_async_compress_transport {
    static_assert(detail::check_async_transport<Inner>(),
                  "imaplib: basic_async_compress_transport<Inner> needs an async transport");

public:
    using executor_type = typename Inner::executor_type;
    static constexpr std::uint16_t default_port = Inner::default_port;
    // Compressed bytes read at a time, at most; a read asks for no more than the
    // caller's buffer, so an idle connection's pending read holds a small buffer.
    static constexpr std::size_t raw_chunk = 16 * 1024;
    // Plain bytes deflated per write (each ended by a sync flush).
    static constexpr std::size_t write_chunk = 16 * 1024;

    // The inner transport's own constructors (an executor, a TLS context, ...).
    template <class A, class... Rest,
              class = std::enable_if_t<!std::is_same_v<std::decay_t<A>, basic_async_compress_transport> &&
                                       std::is_constructible_v<Inner, A&&, Rest&&...>>>
    explicit basic_async_compress_transport(A&& a, Rest&&... rest)
        : inner_(std::forward<A>(a), std::forward<Rest>(rest)...) {}

    executor_type get_executor() { return inner_.get_executor(); }
    Inner& next_layer() noexcept { return inner_; }
    const Inner& next_layer() const noexcept { return inner_; }

    // Whether the layer deflates and inflates (start_compress() succeeded).
    bool compressing() const noexcept { return reader_.started(); }

    // Switches compression on. `received` is what was read past the tagged OK's CRLF:
    // already compressed (RFC 4978 section 3), it is inflated first.
    void start_compress(std::string_view received, std::error_code& ec) {
        ec.clear();
        if (compressing()) return fail(ec, errc::protocol_violation, "compression is already active");
        std::string why;
        if (!reader_.start(why) || !writer_.start(why)) {
            reset();
            return fail(ec, errc::transport_error, why);
        }
        raw_size_ = std::max<std::size_t>(received.size(), 1);
        raw_.reset(new char[raw_size_]);
        if (!received.empty()) std::memcpy(raw_.get(), received.data(), received.size());
        reader_.feed(raw_.get(), received.size());
    }

    template <class Token>
    auto async_connect(std::string host, std::uint16_t port, Token&& token) {
        reset();
        return inner_.async_connect(std::move(host), port, std::forward<Token>(token));
    }

    // void(std::error_code, std::size_t): inflated bytes, at least one, at most the buffer.
    template <class Token>
    auto async_read_some(asio::mutable_buffer buffer, Token&& token) {
        return asio::async_compose<Token, void(std::error_code, std::size_t)>(read_op{this, buffer, 0, {}, 0, epoch_},
                                                                              token, inner_);
    }
    // void(std::error_code, std::size_t): the plain bytes taken (at most write_chunk), sent
    // deflated and flushed.
    template <class Token>
    auto async_write_some(asio::const_buffer buffer, Token&& token) {
        return asio::async_compose<Token, void(std::error_code, std::size_t)>(
            write_op{this, buffer, 0, 0, 0, {}, nullptr, 0, epoch_}, token, inner_);
    }

    void close() noexcept { inner_.close(); }

    // TLS comes before compression (RFC 4978 section 3), never after.
    template <class Context, class Token, class I = Inner, class = std::enable_if_t<has_async_start_tls_v<I>>>
    auto async_start_tls(const Context& context, std::string host, Token&& token) {
        return asio::async_compose<Token, void(std::error_code)>(start_tls_op<Context>{this, &context, std::move(host), false},
                                                                 token, inner_);
    }

    template <class I = Inner>
    auto ssl() const -> decltype(std::declval<const I&>().ssl()) {
        return inner_.ssl();
    }
    template <class I = Inner>
    auto channel_binding(std::error_code& ec) -> decltype(std::declval<I&>().channel_binding(ec)) {
        return inner_.channel_binding(ec);
    }

    // Why the stream failed (zlib's reason), else the inner transport's detail.
    std::string error_detail() const {
        if (!detail_.empty()) return detail_;
        if constexpr (has_error_detail_v<Inner>) return std::string(inner_.error_detail());
        else return {};
    }

    // Bytes on the wire since compression started (client -> server), for measurements.
    std::uint64_t compressed_bytes_written() const noexcept { return bytes_out_; }

private:
    void reset() {
        ++epoch_;
        reader_ = deflate_reader{};
        writer_ = deflate_writer{};
        raw_.reset();
        raw_size_ = 0;
        dead_ = false;
        detail_.clear();
    }
    void fail(std::error_code& ec, errc code, std::string why) {
        ec = make_error_code(code);
        detail_ = std::move(why);
    }

    // A compressed-input buffer of `want` bytes (at most raw_chunk, never less than the
    // `keep` not inflated yet, which move to its front): grown for a big response, given
    // back for a small one.
    void ensure_raw(std::size_t want, std::size_t keep) {
        want = std::max({std::min(want, raw_chunk), keep + 1, std::size_t(512)});
        if (raw_ && (want == raw_size_ || (want < raw_size_ && keep > 0))) {
            if (keep > 0) std::memmove(raw_.get(), reader_.pending_data(), keep);
        } else {
            std::unique_ptr<char[]> fresh(new char[want]);
            if (keep > 0) std::memcpy(fresh.get(), reader_.pending_data(), keep);
            raw_ = std::move(fresh);
            raw_size_ = want;
        }
        reader_.feed(raw_.get(), keep);
    }

    // Inflates into `buffer`: bytes, or 0 when more input is needed; a corrupt or ended
    // stream kills the layer (every later read fails the same way).
    std::size_t inflate_some(asio::mutable_buffer buffer, std::error_code& ec) {
        ec.clear();
        if (dead_) {
            ec = make_error_code(errc::protocol_violation);
            return 0;
        }
        std::string why;
        const std::size_t n = reader_.read(static_cast<char*>(buffer.data()), buffer.size(), ec, why);
        if (ec) {
            dead_ = true;
            detail_ = why;
        }
        return n;
    }

    // Inflated bytes from what is buffered, else compressed bytes from the inner
    // transport (behind what is not inflated yet) until they inflate to something.
    struct read_op {
        basic_async_compress_transport* t;
        asio::mutable_buffer buffer;
        int step;  // 0 start, 1 passing through, 2 reading compressed bytes, 3 done
        std::error_code result;
        std::size_t done;
        unsigned epoch;  // the connection it was started on

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}, std::size_t n = 0) {
            switch (step) {
            case 0:
                if (!t->compressing()) {
                    step = 1;
                    return t->inner_.async_read_some(buffer, std::move(self));
                }
                if (buffer.size() == 0 || t->dead_ || t->reader_.has_output()) {
                    done = buffer.size() == 0 ? 0 : t->inflate_some(buffer, result);
                    if (result || done > 0 || buffer.size() == 0) {
                        step = 3;  // never complete inside the initiating call
                        return asio::post(t->inner_.get_executor(), std::move(self));
                    }
                }
                return read(self);
            case 1: return self.complete(ec, n);
            case 2: {
                // A reconnect since then has reset the layer: these bytes are the old stream's.
                if (epoch != t->epoch_) return self.complete(ec ? ec : make_error_code(errc::connection_closed), 0);
                const std::size_t keep = t->reader_.pending();
                t->reader_.feed(t->raw_.get(), keep + n);
                if (ec) return self.complete(ec, 0);
                done = t->inflate_some(buffer, result);
                if (result || done > 0) return self.complete(result, done);
                return read(self);  // only flush markers: wait for more
            }
            default: return self.complete(result, done);
            }
        }

        template <class Self>
        void read(Self& self) {
            const std::size_t keep = t->reader_.pending();
            if (keep >= raw_chunk) {  // zlib took nothing from a full buffer
                t->dead_ = true;
                t->detail_ = "deflate stream makes no progress";
                result = make_error_code(errc::protocol_violation);
                done = 0;
                step = 3;
                return asio::post(t->inner_.get_executor(), std::move(self));
            }
            t->ensure_raw(buffer.size(), keep);
            step = 2;
            t->inner_.async_read_some(asio::buffer(t->raw_.get() + keep, t->raw_size_ - keep), std::move(self));
        }
    };

    // Deflates up to write_chunk plain bytes into a buffer of its own, freed once sent.
    struct write_op {
        basic_async_compress_transport* t;
        asio::const_buffer buffer;
        int step;  // 0 start, 1 passing through, 2 writing compressed bytes
        std::size_t taken;
        std::size_t sent;
        std::error_code result;
        std::unique_ptr<char[]> out;
        std::size_t out_size;
        unsigned epoch;

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}, std::size_t n = 0) {
            switch (step) {
            case 0: {
                if (!t->compressing()) {
                    step = 1;
                    return t->inner_.async_write_some(buffer, std::move(self));
                }
                std::string why;
                if (!t->dead_) {
                    taken = std::min(buffer.size(), write_chunk);
                    t->writer_.feed(static_cast<const char*>(buffer.data()), taken);
                    // Each piece ends in a sync flush: the server can act on it (section 4).
                    std::size_t size = 0, capacity = 0;
                    do {
                        if (capacity - size < 64) {
                            capacity = capacity == 0 ? taken + taken / 8 + 64 : capacity * 2;
                            std::unique_ptr<char[]> bigger(new char[capacity]);
                            if (size > 0) std::memcpy(bigger.get(), out.get(), size);
                            out = std::move(bigger);
                        }
                        size += t->writer_.write(out.get() + size, capacity - size, ec, why);
                    } while (!ec && !t->writer_.flushed());
                    if (!ec) {
                        out_size = size;
                        step = 2;
                        sent = 0;
                        return write(self);
                    }
                    t->dead_ = true;
                    t->detail_ = why;
                } else {
                    ec = make_error_code(errc::protocol_violation);
                }
                step = 3;
                result = ec;
                return asio::post(t->inner_.get_executor(), std::move(self));
            }
            case 1: return self.complete(ec, n);
            case 2:
                sent += n;
                if (!ec && epoch != t->epoch_) ec = make_error_code(errc::connection_closed);
                if (!ec && sent < out_size) return write(self);
                t->bytes_out_ += sent;
                out.reset();
                return self.complete(ec, ec ? 0 : taken);
            default: return self.complete(result, 0);
            }
        }

        template <class Self>
        void write(Self& self) {
            t->inner_.async_write_some(asio::buffer(out.get() + sent, out_size - sent), std::move(self));
        }
    };

    template <class Context>
    struct start_tls_op {
        basic_async_compress_transport* t;
        const Context* context;
        std::string host;
        bool started;

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}) {
            if (started) return self.complete(ec);
            started = true;
            if (t->compressing()) {
                t->detail_ = "STARTTLS after COMPRESS";
                return asio::post(t->inner_.get_executor(), [s = std::move(self)]() mutable {
                    s.complete(make_error_code(errc::protocol_violation));
                });
            }
            t->inner_.async_start_tls(*context, std::move(host), std::move(self));
        }
    };

    Inner inner_;
    deflate_reader reader_;
    deflate_writer writer_;
    std::unique_ptr<char[]> raw_;  // compressed input, raw_size_ bytes
    std::size_t raw_size_ = 0;
    bool dead_ = false;
    std::string detail_;
    std::uint64_t bytes_out_ = 0;
    unsigned epoch_ = 0;  // reset() counts: operations of an earlier connection see it
};

using async_compress_transport = basic_async_compress_transport<async_tcp_transport>;
// Pass-through until async_compress() succeeds.
using async_imap4_compressed = basic_async_imap4<async_compress_transport>;
#ifdef IMAPLIB_USE_WOLFSSL
using async_imap4_ssl_compressed = basic_async_imap4<basic_async_compress_transport<async_tls_transport>>;
using async_imap4_starttls_compressed = basic_async_imap4<basic_async_compress_transport<async_starttls_transport>>;
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ASYNC_COMPRESS_HPP
