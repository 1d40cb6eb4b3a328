// imaplib-cpp: a scripted in-memory transport.
//
// For tests and for builds that bring their own I/O: the "server" is a memory_script
// shared between the transport and whoever wrote the script (Boost.Beast's
// test::stream, with its fail count). Everything a real server never does (a failed
// read, a timeout, bytes split one per read) can be scripted here.
// Not thread-safe: the script and the transport are used from one thread.
#ifndef IMAPLIB_TRANSPORT_MEMORY_HPP
#define IMAPLIB_TRANSPORT_MEMORY_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/transport/concept.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

// The server side of a memory_transport. Fields are public: a test sets what it needs
// and reads back what happened.
struct memory_script {
    // What a read does when nothing is queued.
    enum class when_empty {
        eof,      // errc::connection_closed: the server hung up
        timeout,  // errc::timeout, as if the timeout expired (no sleeping); then dead
    };

    // ---- server -> client ----
    std::string input;      // bytes not yet read by the client
    std::size_t chunk = 0;  // each read delivers at most this many bytes; 0: no limit
    when_empty on_empty = when_empty::eof;

    // Queues bytes for the client to read.
    void push(std::string_view bytes) { input.append(bytes.data(), bytes.size()); }
    std::size_t pending() const noexcept { return input.size(); }

    // ---- client -> server ----
    std::string output;  // everything the client wrote, in order

    // Called for each complete CRLF-terminated line the client writes (the line is
    // passed with its CRLF); the returned bytes are queued for reading. A line ending
    // in a literal announcement {N} or {N+} (RFC 9051 section 4.3) is passed like any
    // line, then the next N bytes go to on_literal, not to on_line.
    std::function<std::string(std::string_view line)> on_line;
    std::function<std::string(std::string_view literal)> on_literal;
    // Called for each write_all call with its bytes, before on_line.
    std::function<std::string(std::string_view data)> on_write;

    // ---- failures (Beast's fail count) ----
    // Fail the Nth read / write (1-based; 0: never) with the given code. A failed
    // read or write kills the transport, as on a real connection.
    std::size_t fail_read_at = 0;
    std::error_code read_error = make_error_code(errc::transport_error);
    std::size_t fail_write_at = 0;
    std::error_code write_error = make_error_code(errc::transport_error);
    std::error_code open_error;  // open() fails with this when set

    // ---- STARTTLS ----
    std::error_code start_tls_error;    // start_tls() fails with this when set
    std::size_t start_tls_calls = 0;
    std::string start_tls_host;         // host passed to the last start_tls()
    std::size_t pending_at_start_tls = 0;  // input.size() when start_tls() was called
    std::size_t output_at_start_tls = 0;   // output.size() when start_tls() was called
    bool tls_active = false;
    // Called by start_tls() after recording, before it returns; may queue the server's
    // first bytes over "TLS" or check that nothing was pending.
    std::function<void(memory_script&)> on_start_tls;

    // ---- what the client did ----
    std::size_t reads = 0;   // read_some calls
    std::size_t writes = 0;  // write_all calls
    std::size_t opens = 0;
    std::string host;
    std::uint16_t port = 0;
    std::optional<std::chrono::milliseconds> timeout;
    bool open = false;    // opened and not shut down
    bool closed = false;  // shutdown() was called, or the transport died

    // Line assembly for on_line / on_literal.
    std::string partial_line;
    std::size_t literal_left = 0;
    std::string literal;
};

namespace detail {

// The N of a line ending in "{N}\r\n" or "{N+}\r\n"; nullopt when there is none.
IMAPLIB_DECL std::optional<std::size_t> literal_announcement(std::string_view line) noexcept;

// Feeds client bytes through the line / literal hooks of the script.
IMAPLIB_DECL void memory_feed(memory_script& s, std::string_view data);

}  // namespace detail

class memory_transport {
public:
    static constexpr std::uint16_t default_port = 143;

    // A transport with a fresh script (see script()).
    memory_transport() : script_(std::make_shared<memory_script>()) {}
    // A transport playing the given script; the caller keeps its handle to it.
    explicit memory_transport(std::shared_ptr<memory_script> script) noexcept
        : script_(std::move(script)) {}

    // The shared script; stays valid after the transport is moved into a client.
    const std::shared_ptr<memory_script>& script() const noexcept { return script_; }

    void open(std::string_view host, std::uint16_t port, std::error_code& ec);

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec);

    void write_all(const char* data, std::size_t size, std::error_code& ec);

    // Bytes a read returns without waiting: what the script has queued.
    std::size_t available(std::error_code& ec) {
        ec.clear();
        return script_->closed ? 0 : script_->input.size();
    }

    // A read never waits here: it returns what the script holds, or fails as scripted.
    bool wait_readable(std::chrono::milliseconds, std::error_code& ec) {
        ec.clear();
        return true;
    }

    void shutdown() noexcept {
        if (script_) die();
    }

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept {
        if (script_) script_->timeout = t;
    }

    // Records the upgrade; the bytes stay plaintext (there is no real TLS here). A
    // template so that any context object will do: a build without wolfSSL has no
    // complete tls_context, and STARTTLS logic is still worth testing there.
    template <class Context>
    void start_tls(const Context&, std::string_view host, std::error_code& ec) {
        memory_script& s = *script_;
        ++s.start_tls_calls;
        s.start_tls_host.assign(host.data(), host.size());
        s.pending_at_start_tls = s.input.size();
        s.output_at_start_tls = s.output.size();
        if (s.closed) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        if (s.start_tls_error) {
            ec = s.start_tls_error;
            die();
            return;
        }
        s.tls_active = true;
        if (s.on_start_tls) s.on_start_tls(s);
        ec.clear();
    }

private:
    void die() noexcept {
        script_->open = false;
        script_->closed = true;
    }

    std::shared_ptr<memory_script> script_;
};

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/transport/impl/memory.ipp>
#endif

#endif  // IMAPLIB_TRANSPORT_MEMORY_HPP
