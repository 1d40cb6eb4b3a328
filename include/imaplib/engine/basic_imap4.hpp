// imaplib-cpp: basic_imap4<Transport>, Python's imaplib.IMAP4 over any transport.
//
// Every imaplib method exists with the same name, arguments, defaults and result shape
// (see engine/result.hpp). Each has two forms, as in Asio:
//   response select(std::string_view mailbox = "INBOX", bool readonly = false);   // throws
//   response select(std::string_view mailbox, bool readonly, std::error_code& ec); // doesn't
// The throwing form raises imaplib::error, abort or readonly where imaplib raises them, with
// imaplib's message; the error_code form leaves that message in error_message(). A build
// without exceptions has only the error_code forms.
//
// Names C++ reserves: imaplib's delete() is delete_mailbox(), namespace() is namespaces().
#ifndef IMAPLIB_ENGINE_BASIC_IMAP4_HPP
#define IMAPLIB_ENGINE_BASIC_IMAP4_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/commands.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/error.hpp>
#include <imaplib/framing/reader.hpp>
#include <imaplib/limits.hpp>
#include <imaplib/transport/concept.hpp>
#include <imaplib/util/base64.hpp>
#include <imaplib/util/escape.hpp>
#include <imaplib/util/int2ap.hpp>
#include <imaplib/util/md5.hpp>
#include <imaplib/util/time.hpp>

#ifdef IMAPLIB_USE_WOLFSSL
#include <wolfssl/options.h>  // first, as wolfSSL requires
#include <wolfssl/wolfcrypt/hmac.h>
#endif

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

// imaplib.Debug: the debug level new connections start with.
inline int Debug = 0;

// imaplib.AllowedVersions, most recent first.
inline constexpr std::string_view AllowedVersions[] = {"IMAP4REV1", "IMAP4"};

// What APPEND's date_time may be: imaplib's Time2Internaldate input (None, seconds since
// the epoch, a broken-down local time, a time point, or an already quoted string).
class internaldate_arg {
public:
    internaldate_arg() = default;
    internaldate_arg(std::nullopt_t) {}
    internaldate_arg(const char* quoted) : internaldate_arg(std::string_view(quoted)) {}
    internaldate_arg(std::string_view quoted) : kind_(kind::quoted), quoted_(quoted) {}
    internaldate_arg(double epoch_seconds) : kind_(kind::seconds), seconds_(epoch_seconds) {}
    internaldate_arg(long long epoch_seconds)
        : kind_(kind::seconds), seconds_(static_cast<double>(epoch_seconds)) {}
    internaldate_arg(int epoch_seconds) : internaldate_arg(static_cast<long long>(epoch_seconds)) {}
    internaldate_arg(const std::tm& local) : kind_(kind::local), local_(local) {}
    internaldate_arg(std::chrono::system_clock::time_point t) : kind_(kind::instant), instant_(t) {}

    bool given() const noexcept { return kind_ != kind::none; }

    // The quoted date-time; errc::invalid_argument for a string that is not already
    // quoted (imaplib raises ValueError there).
    std::string text(std::error_code& ec) const {
        switch (kind_) {
        case kind::none: return {};
        case kind::quoted: return time_to_internaldate(quoted_, ec);
        case kind::seconds: return time_to_internaldate(seconds_, ec);
        case kind::local: return time_to_internaldate(local_, ec);
        case kind::instant: return time_to_internaldate(instant_, ec);
        }
        return {};
    }

private:
    enum class kind { none, quoted, seconds, local, instant };
    kind kind_ = kind::none;
    std::string quoted_;
    double seconds_ = 0;
    std::tm local_{};
    std::chrono::system_clock::time_point instant_{};
};

namespace detail {

// A growable byte buffer with a consumed prefix: the engine appends what the transport
// delivers and consumes whole responses from the front.
class read_buffer {
public:
    const char* data() const noexcept { return storage_.get() + begin_; }
    std::size_t size() const noexcept { return end_ - begin_; }
    std::string_view view() const noexcept { return {data(), size()}; }

    // Room for at least `n` more bytes after the data.
    char* prepare(std::size_t n) {
        if (capacity_ - end_ >= n) return storage_.get() + end_;
        if (begin_ > 0 && capacity_ - size() >= n) {
            std::memmove(storage_.get(), data(), size());
        } else {
            std::size_t grown = std::max(capacity_ * 2, size() + n);
            std::unique_ptr<char[]> bigger(new char[grown]);
            if (size()) std::memcpy(bigger.get(), data(), size());
            storage_ = std::move(bigger);
            capacity_ = grown;
        }
        end_ -= begin_;
        begin_ = 0;
        return storage_.get() + end_;
    }
    void commit(std::size_t n) noexcept { end_ += n; }
    // Drops everything from `offset` (relative to data()) to the end.
    void truncate(std::size_t offset) noexcept {
        if (offset < size()) end_ = begin_ + offset;
        if (begin_ == end_) begin_ = end_ = 0;
    }
    void consume(std::size_t n) noexcept {
        begin_ += n;
        if (begin_ == end_) begin_ = end_ = 0;
    }
    void clear() noexcept { begin_ = end_ = 0; }

private:
    std::unique_ptr<char[]> storage_;
    std::size_t capacity_ = 0;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
};

// imaplib's untagged_responses: {name: [data, ...]} in the order first received, with an
// index by name (so 200,000 distinct names cost what 200,000 repeats of one do) and a
// count of the bytes it holds, which limits::max_untagged caps.
class untagged_store {
public:
    using entry = std::pair<std::string, data_list>;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    // What the allocator adds to each allocation it hands out (glibc: 8 to 16 bytes).
    static constexpr std::size_t allocation_overhead = 2 * sizeof(void*);

    const std::vector<entry>& entries() const noexcept { return entries_; }
    bool has_bye() const noexcept { return bye_; }

    // Bytes held: items (vector capacity included), the blocks they keep alive (each
    // counted once per name it is stored under), names and the index.
    std::size_t footprint() const noexcept {
        return payload_ + entries_.capacity() * sizeof(entry) + costs_.capacity() * sizeof(std::size_t) +
               slots_.capacity() * sizeof(std::size_t);
    }

    data_list* find(std::string_view name) noexcept {
        const std::size_t i = position(name);
        if (i == npos) return nullptr;
        last_ = i;
        return &entries_[i].second;
    }

    // How much footprint() may grow when `items` items and a block of `block_bytes` are
    // stored under `name`, counting the moment a vector moves, when the old array and
    // the new (twice as large, as libstdc++ and libc++ grow) are both allocated.
    std::size_t growth(std::string_view name, std::size_t items, std::size_t block_bytes) const noexcept {
        std::size_t add = block_bytes;
        std::size_t size = 0;
        std::size_t capacity = 0;
        const std::size_t i = position(name);
        if (i == npos) {
            add += name_cost(name.size());
            if (entries_.size() == entries_.capacity())
                add += (entries_.capacity() + grown(entries_.capacity())) * (sizeof(entry) + sizeof(std::size_t));
            if (2 * (entries_.size() + 1) > slots_.size())
                add += (std::max<std::size_t>(16, 2 * slots_.size()) - slots_.size()) * sizeof(std::size_t);
        } else {
            size = entries_[i].second.size();
            capacity = entries_[i].second.capacity();
        }
        std::size_t grown_to = capacity;
        while (grown_to < size + items) grown_to = grown_to ? 2 * grown_to : 1;
        return add + (grown_to == capacity ? 0 : grown_to) * sizeof(data_item);
    }

    // Appends `item` under `name`; `block_bytes` is what its block costs when this is the
    // block's first item under this name (0 otherwise).
    void append(std::string_view name, data_item item, std::size_t block_bytes) {
        std::size_t i = position(name);
        if (i == npos) i = add_entry(name);
        data_list& list = entries_[i].second;
        const std::size_t before = list.capacity();
        list.push_back(std::move(item));
        const std::size_t cost = (list.capacity() - before) * sizeof(data_item) + block_bytes;
        costs_[i] += cost;
        payload_ += cost;
        last_ = i;
    }

    std::optional<data_list> pop(std::string_view name) {
        const std::size_t i = position(name);
        if (i == npos) return std::nullopt;
        data_list list = std::move(entries_[i].second);
        payload_ -= costs_[i];
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
        costs_.erase(costs_.begin() + static_cast<std::ptrdiff_t>(i));
        if (name == "BYE") bye_ = false;
        reindex();  // positions after i moved
        return list;
    }

    void clear() noexcept {
        std::vector<entry>().swap(entries_);
        std::vector<std::size_t>().swap(costs_);
        std::vector<std::size_t>().swap(slots_);
        payload_ = 0;
        last_ = npos;
        bye_ = false;
    }

private:
    static std::size_t grown(std::size_t capacity) noexcept { return capacity ? capacity : 1; }
    // A name's own cost: its heap buffer when too long for the string's inline one.
    static std::size_t name_cost(std::size_t size) noexcept {
        return size > 15 ? size + 1 + allocation_overhead : 0;
    }

    // Open addressing over positions in entries_ (npos: free), at most half full; the
    // last name found is tried first (a FETCH response follows a FETCH response).
    std::size_t position(std::string_view name) const noexcept {
        if (last_ < entries_.size() && entries_[last_].first == name) return last_;
        if (slots_.empty()) return npos;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t h = std::hash<std::string_view>{}(name) & mask;; h = (h + 1) & mask) {
            const std::size_t at = slots_[h];
            if (at == npos || entries_[at].first == name) return at;
        }
    }
    void place(std::size_t at) noexcept {
        const std::size_t mask = slots_.size() - 1;
        std::size_t h = std::hash<std::string_view>{}(entries_[at].first) & mask;
        while (slots_[h] != npos) h = (h + 1) & mask;
        slots_[h] = at;
    }
    void reindex() {
        std::fill(slots_.begin(), slots_.end(), npos);
        for (std::size_t at = 0; at < entries_.size(); ++at) place(at);
        last_ = npos;
    }
    std::size_t add_entry(std::string_view name) {
        entries_.emplace_back(std::string(name), data_list{});
        costs_.push_back(name_cost(name.size()));
        payload_ += costs_.back();
        if (name == "BYE") bye_ = true;
        if (2 * entries_.size() > slots_.size()) {
            slots_.assign(std::max<std::size_t>(16, 2 * slots_.size()), npos);
            reindex();
        } else {
            place(entries_.size() - 1);
        }
        return entries_.size() - 1;
    }

    std::vector<entry> entries_;
    std::vector<std::size_t> costs_;  // per entry: its items, blocks and name
    std::vector<std::size_t> slots_;
    std::size_t payload_ = 0;         // the sum of costs_
    std::size_t last_ = npos;
    bool bye_ = false;
};

inline bool is_upper_or_dash(char c) noexcept { return (c >= 'A' && c <= 'Z') || c == '-'; }
inline bool is_letter_or_dash(char c) noexcept {
    return is_upper_or_dash(c) || (c >= 'a' && c <= 'z');
}
inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

inline std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Length of the run at the start of `s` matching `pred`.
template <class Pred>
std::size_t run_length(std::string_view s, Pred pred) noexcept {
    std::size_t n = 0;
    while (n < s.size() && pred(s[n])) ++n;
    return n;
}

// imaplib's Response_code, `\[(?P<type>[A-Z-]+)( (?P<data>.*))?\]`, matched at the start
// of `dat`. The data runs to the LAST ']' (the regex is greedy; imaplib relies on that
// for Gmail's flags with ']' in them).
struct response_code_match {
    std::string_view type;
    std::optional<std::string_view> data;
};

inline std::optional<response_code_match> match_response_code(std::string_view dat) noexcept {
    if (dat.empty() || dat[0] != '[') return std::nullopt;
    const std::size_t n = run_length(dat.substr(1), is_upper_or_dash);
    if (n == 0 || 1 + n >= dat.size()) return std::nullopt;
    const std::string_view type = dat.substr(1, n);
    const std::size_t after = 1 + n;
    if (dat[after] == ' ') {
        const std::size_t close = dat.rfind(']');
        if (close != std::string_view::npos && close > after)
            return response_code_match{type, dat.substr(after + 1, close - after - 1)};
    }
    if (dat[after] == ']') return response_code_match{type, std::nullopt};
    return std::nullopt;
}

// imaplib's MapCRLF.sub(CRLF, message): every CRLF, CR or LF becomes CRLF.
inline std::string map_crlf(std::string_view message) {
    std::string out;
    out.reserve(message.size() + message.size() / 32);
    for (std::size_t i = 0; i < message.size(); ++i) {
        const char c = message[i];
        if (c == '\r') {
            if (i + 1 < message.size() && message[i + 1] == '\n') ++i;
            out += "\r\n";
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

inline bool needs_crlf_mapping(std::string_view message) noexcept {
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\n') return true;  // a bare LF (CRLF pairs are skipped below)
        if (message[i] == '\r') {
            if (i + 1 >= message.size() || message[i + 1] != '\n') return true;
            ++i;
        }
    }
    return false;
}

template <class T, class>
struct dependent_type {
    using type = T;
};

// imaplib's _CRAM_MD5_AUTH: "user hex(HMAC-MD5(password, challenge))" (RFC 2195).
// With TLS enabled, wolfSSL's HMAC computes it; otherwise the library's own
// (util/md5.hpp, checked against RFC 2202).
inline std::string cram_md5(std::string_view user, std::string_view password, std::string_view challenge) {
#ifdef IMAPLIB_USE_WOLFSSL
    Hmac hmac;
    md5_digest digest{};
    const auto* key = reinterpret_cast<const byte*>(password.data());
    const auto* text = reinterpret_cast<const byte*>(challenge.data());
    const bool ok = wc_HmacInit(&hmac, nullptr, INVALID_DEVID) == 0 &&
                    wc_HmacSetKey(&hmac, WC_MD5, key, static_cast<word32>(password.size())) == 0 &&
                    wc_HmacUpdate(&hmac, text, static_cast<word32>(challenge.size())) == 0 &&
                    wc_HmacFinal(&hmac, reinterpret_cast<byte*>(digest.data())) == 0;
    wc_HmacFree(&hmac);
    if (ok) return std::string(user) + ' ' + to_hex(digest);
#endif
    return cram_md5_response(user, password, challenge);
}

// The transport for imaplib's host argument: a default one for network transports, or
// one built from the argument itself where that is what the transport takes (the pipe
// transport's command: IMAP4_stream(command)).
template <class Transport>
Transport transport_for(std::string_view host) {
    if constexpr (std::is_default_constructible_v<Transport>) {
        (void)host;
        return Transport{};
    } else {
        return Transport(std::string(host));
    }
}

}  // namespace detail

// One piece of a literal, handed to a literal sink as it arrives (bulk downloads).
struct literal_chunk {
    std::string_view line;   // the response line that announced the literal, up to "{N}"
    std::size_t size = 0;    // N: the literal's whole size
    std::size_t offset = 0;  // where `bytes` starts within the literal
    std::string_view bytes;  // the bytes themselves, valid during the call only
    bool last() const noexcept { return offset + bytes.size() == size; }
};

template <class Transport>
class basic_imap4 {
    static_assert(detail::check_transport<Transport>(),
                  "imaplib: basic_imap4<Transport> needs a transport (docs/transports.md)");

public:
    using transport_type = Transport;
    using timeout_type = std::optional<std::chrono::milliseconds>;
    // imaplib's authobject: called with each decoded server challenge, returns the
    // response to encode and send, or nullopt to cancel the exchange ('*').
    using authobject_type = std::function<std::optional<std::string>(std::string_view)>;
    // Receives each debug line (imaplib writes them to stderr).
    using debug_sink_type = std::function<void(std::string_view)>;
    // imaplib's audit events "imaplib.open" and "imaplib.send".
    using open_hook_type = std::function<void(std::string_view host, std::uint16_t port)>;
    using send_hook_type = std::function<void(std::string_view data)>;
    // Receives literal bytes instead of the result (see set_literal_sink).
    using literal_sink_type = std::function<void(const literal_chunk&)>;

    static constexpr std::uint16_t default_port = Transport::default_port;

    // ---- construction -------------------------------------------------------------

    // Not connected (state LOGOUT); connect() or open() later. Needed by code without
    // exceptions, which cannot connect in a constructor.
    basic_imap4() : basic_imap4(Transport{}) {}
    explicit basic_imap4(Transport transport, limits l = {})
        : transport_(std::move(transport)), limits_(l), reader_(l), debug_(Debug) {}

#ifndef IMAPLIB_NO_EXCEPTIONS
    // imaplib's IMAP4(host, port, timeout): connects, reads the greeting and the
    // capabilities. For the pipe transport `host` is the command (IMAP4_stream(command)).
    explicit basic_imap4(std::string_view host, std::uint16_t port = default_port,
                         timeout_type timeout = {})
        : basic_imap4(detail::transport_for<Transport>(host)) {
        throw_if([&](std::error_code& ec) { connect(host, port, timeout, ec); });
    }
    basic_imap4(Transport transport, std::string_view host, std::uint16_t port = default_port,
                timeout_type timeout = {})
        : basic_imap4(std::move(transport)) {
        throw_if([&](std::error_code& ec) { connect(host, port, timeout, ec); });
    }
    // imaplib's IMAP4_SSL(host, port, keyfile, certfile, ssl_context, timeout): a client
    // certificate as files, or in ssl_context (nullptr for none), never both: that raises
    // std::invalid_argument (imaplib's ValueError) before anything is connected.
    template <class Context, class T = Transport,
              class = decltype(T::with_certificate(std::optional<std::string>(), std::optional<std::string>(),
                                                   std::declval<const Context&>(), std::declval<std::error_code&>(),
                                                   std::declval<std::string&>()))>
    basic_imap4(std::string_view host, std::uint16_t port, string_or_none keyfile, string_or_none certfile,
                const Context& ssl_context, timeout_type timeout = {})
        : basic_imap4(transport_with_certificate(keyfile, certfile, ssl_context)) {
        throw_if([&](std::error_code& ec) { connect(host, port, timeout, ec); });
    }

    // imaplib's IMAP4_SSL(host, port, ssl_context=...): for transports built from a context.
    template <class Context, class = std::enable_if_t<std::is_constructible_v<Transport, const Context&> &&
                                                      !std::is_convertible_v<const Context&, std::string_view>>>
    basic_imap4(std::string_view host, std::uint16_t port, const Context& ssl_context,
                timeout_type timeout = {})
        : basic_imap4(Transport(ssl_context)) {
        throw_if([&](std::error_code& ec) { connect(host, port, timeout, ec); });
    }
#endif

    basic_imap4(basic_imap4&&) = default;
    basic_imap4& operator=(basic_imap4&&) = default;
    basic_imap4(const basic_imap4&) = delete;
    basic_imap4& operator=(const basic_imap4&) = delete;

    // Like leaving imaplib's `with` block: logs out unless already in LOGOUT. Never throws.
    ~basic_imap4() {
        if (open_ && state_ != state::logout && !dead_) {
            std::error_code ignored;
            logout(ignored);
        }
        if (open_) transport_.shutdown();
    }

    // open() then read the greeting and capabilities: what the constructor does.
    void connect(std::string_view host, std::uint16_t port, timeout_type timeout,
                 std::error_code& ec) {
        const deadline_scope scope(*this);  // set_deadline: the connection, greeting included
        open(host, port, timeout, ec);
        if (!ec) greet(ec);
        if (ec && open_) close_transport();
    }

    // imaplib's open(): sets up the connection only; the greeting is read by connect().
    void open(std::string_view host, std::uint16_t port, timeout_type timeout, std::error_code& ec) {
        ec.clear();
        if (timeout && timeout->count() == 0)
            return fail(ec, errc::invalid_argument, "Non-blocking socket (timeout=0) is not supported");
        host_ = std::string(host);
        port_ = port;
        if (on_open_) on_open_(host_, port_);
        timeout_ = timeout;
        transport_.set_timeout(timeout);
        if (!arm_io(ec)) return;
        transport_.open(host, port, ec);
        if (ec == errc::timeout && deadline_bound_) return fail(ec, ec, deadline_text());
        if (ec) return fail(ec, ec, "socket error: " + transport_error_text(ec));
        open_ = true;
        dead_ = false;
        buffer_.clear();
        reader_.reset();
    }

    // ---- attributes ---------------------------------------------------------------

    std::string_view state() const noexcept { return to_string(state_); }
    const std::vector<std::string>& capabilities() const noexcept { return capabilities_; }
    std::string_view PROTOCOL_VERSION() const noexcept { return protocol_version_; }
    const std::string& welcome() const noexcept { return welcome_; }
    bool utf8_enabled() const noexcept { return utf8_enabled_; }
    bool is_readonly() const noexcept { return is_readonly_; }
    const std::string& tagpre() const noexcept { return tagpre_; }
    unsigned long tagnum() const noexcept { return tagnum_; }
    const std::string& host() const noexcept { return host_; }
    std::uint16_t port() const noexcept { return port_; }
    // The data of the last continuation request (`+ data`); None for a bare `+`.
    const std::optional<std::string>& continuation_response() const noexcept { return continuation_; }
    // imaplib's untagged_responses: {typ: [data, ...]} in the order first received.
    // Kept until the caller takes them (response(), or the command that names them), up
    // to limits::max_untagged bytes per connection.
    const std::vector<std::pair<std::string, data_list>>& untagged_responses() const noexcept {
        return untagged_.entries();
    }
    int debug() const noexcept { return debug_; }
    void debug(int level) noexcept { debug_ = level; }
    void set_debug_sink(debug_sink_type sink) { debug_sink_ = std::move(sink); }
    void set_open_hook(open_hook_type hook) { on_open_ = std::move(hook); }
    void set_send_hook(send_hook_type hook) { on_send_ = std::move(hook); }
    const limits& response_limits() const noexcept { return limits_; }

    // An overall time limit for each command, from the moment it is issued until its
    // tagged response (connect(): until the greeting and capabilities are read), beside
    // the per-read timeout, which a server sending a byte now and then never lets expire.
    // Each read and write waits at most the time left; expiry is errc::timeout (an abort,
    // the connection closed). Off by default, as in imaplib; nullopt turns it off again.
    void set_deadline(timeout_type deadline) noexcept { deadline_ = deadline; }
    const timeout_type& deadline() const noexcept { return deadline_; }

    // Bulk downloads with bounded memory: while a sink is set, the bytes of every literal
    // the server sends go to it in chunks as they arrive (each literal ends with a chunk
    // whose last() is true, an empty literal with one empty chunk), and the result keeps
    // imaplib's shape with an empty literal: (b'1 (BODY[] {N}', b''). Memory stays at one
    // line plus one read, whatever N is. Pass nullptr to go back to normal results.
    void set_literal_sink(literal_sink_type sink) { literal_sink_ = std::move(sink); }

    // The zero-copy path for large results: while a handler is set, each untagged data
    // response (not OK/NO/BAD/BYE, whose codes imaplib's state needs) is first offered to
    // it as the raw frame, valid during the call; when it returns true the response is
    // consumed and not kept for imaplib's result. engine/views.hpp adapts a handler that
    // takes typed views (grammar::response_view). Pass nullptr to stop.
    using untagged_handler_type = std::function<bool(std::string_view frame)>;
    void set_untagged_handler(untagged_handler_type handler) { untagged_handler_ = std::move(handler); }
    // imaplib's message for the last failure of an error_code call.
    const std::string& error_message() const noexcept { return error_message_; }
    Transport& transport() noexcept { return transport_; }
    // imaplib's socket(): the transport's native handle, where it has one.
    template <class T = Transport, class = std::enable_if_t<has_native_handle_v<T>>>
    auto socket() {
        return transport_.native_handle();
    }

    // ---- raw I/O (imaplib's read, readline, send, shutdown) -------------------------

    std::string read(std::size_t size, std::error_code& ec) {
        ec.clear();
        while (buffer_.size() < size && fill(ec)) {}
        if (ec && ec != errc::connection_closed) return {};
        ec.clear();
        std::string out(buffer_.data(), std::min(size, buffer_.size()));
        buffer_.consume(out.size());
        return out;
    }
    std::string readline(std::error_code& ec) {
        ec.clear();
        std::size_t scanned = 0;
        for (;;) {
            const auto view = buffer_.view();
            const auto lf = view.find('\n', scanned);
            if (lf != std::string_view::npos) {
                std::string out(view.substr(0, lf + 1));
                buffer_.consume(lf + 1);
                return out;
            }
            scanned = view.size();
            if (scanned > limits_.max_line) {
                fail(ec, errc::line_too_long, "got more than " + std::to_string(limits_.max_line) + " bytes");
                return {};
            }
            if (!fill(ec)) {
                if (ec == errc::connection_closed) {
                    ec.clear();
                    std::string out(buffer_.view());
                    buffer_.clear();
                    return out;
                }
                return {};
            }
        }
    }
    void send(std::string_view data, std::error_code& ec) {
        ec.clear();
        if (on_send_) on_send_(data);
        if (!open_ || dead_) return fail(ec, errc::connection_closed, "socket error: connection closed");
        if (!arm_io(ec)) return;
        transport_.write_all(data.data(), data.size(), ec);
        if (ec) {
            const std::string text = ec == errc::timeout && deadline_bound_ ? deadline_text()
                                                                             : "socket error: " + transport_error_text(ec);
            close_transport();
            fail(ec, ec, text);
        }
    }
    void shutdown() noexcept {
        if (open_) close_transport();
    }

    // ---- imaplib's utility methods ----------------------------------------------------

    imaplib::response recent(std::error_code& ec) {
        ec.clear();
        imaplib::response r = untagged_response({"OK", {data_item{}}}, "RECENT");
        if (r.data.back()) return r;
        r = noop(ec);
        if (ec) return {};
        return untagged_response(std::move(r), "RECENT");
    }
    // imaplib's response(code): pops the untagged responses named `code` (upper-cased),
    // or returns [None]. Never fails.
    imaplib::response response(std::string_view code) {
        return untagged_response({std::string(code), {data_item{}}}, detail::to_upper(code));
    }

    // ---- IMAP commands (error_code forms) ---------------------------------------------

    imaplib::response append(string_or_none mailbox, string_or_none flags,
                    const internaldate_arg& date_time, std::string_view message, std::error_code& ec) {
        ec.clear();
        std::string flag_list;
        if (flags && !flags->empty()) {
            flag_list = (flags->front() == '(' && flags->back() == ')') ? std::string(*flags)
                                                                          : "(" + std::string(*flags) + ")";
        }
        std::string date;
        if (date_time.given()) {
            date = date_time.text(ec);
            if (ec) return fail_r(ec, errc::invalid_argument, "date_time not of a known type");
        }
        std::string mapped;
        if (detail::needs_crlf_mapping(message)) {
            mapped = detail::map_crlf(message);
            message = mapped;
        }
        const std::string_view box = (mailbox && !mailbox->empty()) ? *mailbox : std::string_view("INBOX");
        const arg args[] = {{box, detail::arg_kind::astring, true},
                            {flag_list, detail::arg_kind::flags, !flag_list.empty()},
                            {date, detail::arg_kind::date_time, !date.empty()},
                            // RFC 6855 section 4: after ENABLE UTF8=ACCEPT the message goes
                            // as UTF8 (~{N}) (imaplib puts those words inside the literal).
                            {message, utf8_accepted_ ? detail::arg_kind::utf8_literal : detail::arg_kind::literal, true}};
        return simple_command("APPEND", args, {}, nullptr, ec);
    }

    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject, std::error_code& ec) {
        ec.clear();
        const std::string mech = detail::to_upper(mechanism);
        const arg args[] = {{mech, detail::arg_kind::raw, true}};
        imaplib::response r = simple_command("AUTHENTICATE", args, {}, &authobject, ec);
        if (ec) return {};
        if (r.typ != "OK") return fail_r(ec, errc::command_failed, decode_replace(last_text(r)));
        state_ = state::auth;
        return r;
    }

    imaplib::response capability(std::error_code& ec) {
        return named("CAPABILITY", {}, "CAPABILITY", ec);
    }
    imaplib::response check(std::error_code& ec) { return simple("CHECK", {}, ec); }
    imaplib::response close(std::error_code& ec) {
        imaplib::response r = simple("CLOSE", {}, ec);
        state_ = state::auth;
        return r;
    }
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox, std::error_code& ec) {
        return simple("COPY", {{message_set, detail::arg_kind::raw}, {new_mailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response create(std::string_view mailbox, std::error_code& ec) {
        return simple("CREATE", {{mailbox, detail::arg_kind::astring}}, ec);
    }
    // imaplib's delete() (a C++ keyword).
    imaplib::response delete_mailbox(std::string_view mailbox, std::error_code& ec) {
        return simple("DELETE", {{mailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who, std::error_code& ec) {
        return simple("DELETEACL", {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring}}, ec);
    }
    imaplib::response enable(std::string_view capability, std::error_code& ec) {
        ec.clear();
        if (!has_capability("ENABLE")) return fail_r(ec, errc::capability_missing, "Server does not support ENABLE");
        imaplib::response r = simple("ENABLE", {{capability, detail::arg_kind::raw}}, ec);
        if (!ec && r.typ == "OK" && detail::to_upper(capability).find("UTF8=ACCEPT") != std::string::npos) {
            utf8_enabled_ = true;  // imaplib's attribute, set on the OK alone
            // What goes on the wire follows what the server confirmed (RFC 5161 section 3.1:
            // "* ENABLED UTF8=ACCEPT"); a server may answer OK and enable nothing.
            if (const data_list* enabled = find_untagged("ENABLED"))
                for (const data_item& item : *enabled)
                    for (std::string_view word : split(item.bytes()))
                        if (detail::to_upper(word) == "UTF8=ACCEPT") utf8_accepted_ = true;
        }
        return r;
    }
    imaplib::response expunge(std::error_code& ec) { return named("EXPUNGE", {}, "EXPUNGE", ec); }
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts, std::error_code& ec) {
        return named("FETCH", {{message_set, detail::arg_kind::raw}, {message_parts, detail::arg_kind::raw}}, "FETCH", ec);
    }
    imaplib::response getacl(std::string_view mailbox, std::error_code& ec) {
        return named("GETACL", {{mailbox, detail::arg_kind::astring}}, "ACL", ec);
    }
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute,
                           std::error_code& ec) {
        return named("GETANNOTATION",
                     {{mailbox, detail::arg_kind::astring}, {entry, detail::arg_kind::raw},
                      {attribute, detail::arg_kind::raw}},
                     "ANNOTATION", ec);
    }
    imaplib::response getquota(std::string_view root, std::error_code& ec) {
        return named("GETQUOTA", {{root, detail::arg_kind::astring}}, "QUOTA", ec);
    }
    // (typ, [[QUOTAROOT responses...], [QUOTA responses...]]), as imaplib.
    imaplib::response getquotaroot(std::string_view mailbox, std::error_code& ec) {
        imaplib::response r = simple("GETQUOTAROOT", {{mailbox, detail::arg_kind::astring}}, ec);
        if (ec) return {};
        imaplib::response quota = untagged_response({r.typ, r.data}, "QUOTA");
        imaplib::response quotaroot = untagged_response({quota.typ, r.data}, "QUOTAROOT");
        return {quotaroot.typ,
                {data_item::from_list(std::move(quotaroot.data)), data_item::from_list(std::move(quota.data))}};
    }
    imaplib::response list(std::string_view directory, std::string_view pattern, std::error_code& ec) {
        return named("LIST", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring_or_list}},
                     "LIST", ec);
    }
    imaplib::response login(std::string_view user, std::string_view password, std::error_code& ec) {
        ec.clear();
        // RFC 3501 section 6.2.3: LOGINDISABLED forbids LOGIN; refuse before the password
        // leaves this process.
        if (has_capability("LOGINDISABLED"))
            return fail_r(ec, errc::logindisabled, "LOGIN is disabled by the server (LOGINDISABLED)");
        imaplib::response r = simple("LOGIN", {{user, detail::arg_kind::astring}, {password, detail::arg_kind::quoted}}, ec);
        if (ec) return {};
        if (r.typ != "OK") return fail_r(ec, errc::command_failed, last_item_repr(r));
        state_ = state::auth;
        return r;
    }
    imaplib::response login_cram_md5(std::string_view user, std::string_view password, std::error_code& ec) {
        const std::string u(user), p(password);
        return authenticate(
            "CRAM-MD5",
            [u, p](std::string_view challenge) -> std::optional<std::string> {
                return detail::cram_md5(u, p, challenge);
            },
            ec);
    }
    imaplib::response logout(std::error_code& ec) {
        state_ = state::logout;
        imaplib::response r = simple("LOGOUT", {}, ec);
        shutdown();
        return r;
    }
    imaplib::response lsub(std::string_view directory, std::string_view pattern, std::error_code& ec) {
        return named("LSUB", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring}}, "LSUB", ec);
    }
    imaplib::response myrights(std::string_view mailbox, std::error_code& ec) {
        return named("MYRIGHTS", {{mailbox, detail::arg_kind::astring}}, "MYRIGHTS", ec);
    }
    // imaplib's namespace() (a C++ keyword).
    imaplib::response namespaces(std::error_code& ec) { return named("NAMESPACE", {}, "NAMESPACE", ec); }
    imaplib::response noop(std::error_code& ec) { return simple("NOOP", {}, ec); }
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                     std::string_view length, std::error_code& ec) {
        return named("PARTIAL",
                     {{message_num, detail::arg_kind::raw}, {message_part, detail::arg_kind::raw},
                      {start, detail::arg_kind::raw}, {length, detail::arg_kind::raw}},
                     "FETCH", ec);
    }
    imaplib::response proxyauth(std::string_view user, std::error_code& ec) {
        return simple("PROXYAUTH", {{user, detail::arg_kind::astring}}, ec);
    }
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox, std::error_code& ec) {
        return simple("RENAME", {{oldmailbox, detail::arg_kind::astring}, {newmailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response search(string_or_none charset, arg_list criteria, std::error_code& ec) {
        ec.clear();
        if (charset && !charset->empty()) {
            if (utf8_enabled_) return fail_r(ec, errc::invalid_argument, "Non-None charset not valid in UTF8 mode");
            const arg args[] = {{"CHARSET", detail::arg_kind::raw, true}, {*charset, detail::arg_kind::raw, true}};
            return untagged_response(simple_command("SEARCH", args, criteria, nullptr, ec), "SEARCH", ec);
        }
        return untagged_response(simple_command("SEARCH", {}, criteria, nullptr, ec), "SEARCH", ec);
    }
    imaplib::response select(std::string_view mailbox, bool readonly, std::error_code& ec) {
        ec.clear();
        untagged_.clear();  // imaplib flushes old responses
        is_readonly_ = readonly;
        imaplib::response r = simple(readonly ? "EXAMINE" : "SELECT", {{mailbox, detail::arg_kind::astring}}, ec);
        if (ec) return {};
        if (r.typ != "OK") {
            state_ = state::auth;
            return r;
        }
        state_ = state::selected;
        if (find_untagged("READ-ONLY") && !readonly)
            return fail_r(ec, errc::mailbox_readonly, std::string(mailbox) + " is not writable");
        if (const data_list* exists = find_untagged("EXISTS")) return {r.typ, *exists};
        return {r.typ, {data_item{}}};
    }
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what, std::error_code& ec) {
        return simple("SETACL",
                      {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring},
                       {what, detail::arg_kind::astring}},
                      ec);
    }
    imaplib::response setannotation(arg_list args, std::error_code& ec) {
        return untagged_response(simple_command("SETANNOTATION", {}, args, nullptr, ec), "ANNOTATION", ec);
    }
    imaplib::response setquota(std::string_view root, std::string_view limits, std::error_code& ec) {
        return named("SETQUOTA", {{root, detail::arg_kind::astring}, {limits, detail::arg_kind::raw}}, "QUOTA", ec);
    }
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, arg_list search_criteria,
                  std::error_code& ec) {
        std::string criteria(sort_criteria);
        if (criteria.empty() || criteria.front() != '(' || criteria.back() != ')') criteria = "(" + criteria + ")";
        const arg args[] = {{criteria, detail::arg_kind::raw, true}, {charset, detail::arg_kind::raw, true}};
        return untagged_response(simple_command("SORT", args, search_criteria, nullptr, ec), "SORT", ec);
    }
    imaplib::response status(std::string_view mailbox, std::string_view names, std::error_code& ec) {
        return named("STATUS", {{mailbox, detail::arg_kind::astring}, {names, detail::arg_kind::raw}}, "STATUS", ec);
    }
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags,
                   std::error_code& ec) {
        std::string list(flags);
        if (list.empty() || list.front() != '(' || list.back() != ')') list = "(" + list + ")";
        // Only the FLAGS family takes a flag list; other items (X-GM-LABELS) take strings.
        const bool is_flags = detail::to_upper(command).find("FLAGS") != std::string::npos;
        return named("STORE",
                     {{message_set, detail::arg_kind::raw}, {command, detail::arg_kind::raw},
                      {list, is_flags ? detail::arg_kind::flags : detail::arg_kind::raw}},
                     "FETCH", ec);
    }
    imaplib::response subscribe(std::string_view mailbox, std::error_code& ec) {
        return simple("SUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset, arg_list search_criteria,
                    std::error_code& ec) {
        const arg args[] = {{threading_algorithm, detail::arg_kind::raw, true}, {charset, detail::arg_kind::raw, true}};
        return untagged_response(simple_command("THREAD", args, search_criteria, nullptr, ec), "THREAD", ec);
    }
    imaplib::response uid(std::string_view command, arg_list args, std::error_code& ec) {
        ec.clear();
        const std::string name = detail::to_upper(command);
        const command_info* info = find_command(name);
        if (!info) return fail_r(ec, errc::invalid_argument, "Unknown IMAP4 UID command: " + name);
        if (!(info->allowed & static_cast<state_set>(state_)))
            return fail_r(ec, errc::illegal_state, illegal_state_text(name, info->allowed));
        const arg first[] = {{name, detail::arg_kind::raw, true}};
        imaplib::response r = simple_command("UID", first, args, nullptr, ec);
        const bool own = name == "SEARCH" || name == "SORT" || name == "THREAD";
        return untagged_response(std::move(r), own ? name : std::string("FETCH"), ec);
    }
    imaplib::response unsubscribe(std::string_view mailbox, std::error_code& ec) {
        return simple("UNSUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, ec);
    }
    imaplib::response unselect(std::error_code& ec) {
        imaplib::response r = simple("UNSELECT", {}, ec);
        state_ = state::auth;
        return r;
    }
    // An extension command; like imaplib, an unknown name becomes legal in the state it is
    // first used in (for this connection only).
    imaplib::response xatom(std::string_view name, arg_list args, std::error_code& ec) {
        ec.clear();
        // The name goes on the wire as the command: it must be an atom (RFC 3501 section 9).
        const auto atom_char = [](char c) { return detail::is_astring_char(static_cast<unsigned char>(c)) && c != ']'; };
        if (name.empty() || !std::all_of(name.begin(), name.end(), atom_char))
            return fail_r(ec, errc::invalid_argument, "xatom: not an atom: " + repr(name.substr(0, 60)));
        const std::string upper = detail::to_upper(name);
        if (!find_command(upper) && !find_extension(upper))
            extensions_.emplace_back(upper, static_cast<state_set>(state_));
        return simple_command(upper, {}, args, nullptr, ec);
    }

    // STARTTLS (RFC 3501 6.2.1) on a transport that can upgrade in place. The checks come in
    // imaplib's order, with its messages. Every failure after the first check is an abort
    // that closes the connection (imaplib raises error for NO and BAD, and keeps the
    // connection): a program that catches it and goes on must not send credentials in
    // clear text over a connection whose upgrade was refused or stripped.
    template <class Context>
    imaplib::response starttls(const Context& ssl_context, std::error_code& ec) {
        ec.clear();
#if !defined(IMAPLIB_USE_WOLFSSL)
        if constexpr (!has_start_tls_v<Transport>)  // imaplib: HAVE_SSL is false
            return fail_r(ec, errc::not_supported, "SSL support missing");
#endif
        if (tls_established_) return fail_r(ec, errc::starttls_refused, "TLS session already established");
        if (!has_capability("STARTTLS")) return fail_r(ec, errc::starttls_refused, "TLS not supported by server");
        if constexpr (!has_start_tls_v<Transport>) {
            (void)ssl_context;
            return fail_r(ec, errc::not_supported, "this transport cannot upgrade to TLS in place");
        } else {
            imaplib::response r = simple("STARTTLS", {}, ec);
            if (ec == errc::command_failed) return fail_r(ec, errc::starttls_refused, error_message_);  // BAD
            if (ec) return {};
            if (r.typ != "OK") return fail_r(ec, errc::starttls_refused, "Couldn't establish TLS session");
            // Anything the server sent after its OK arrived before the handshake and could
            // have been injected by a man in the middle: never use it (CVE-2020-15953 et al.).
            if (buffer_.size() != 0) {
                close_transport();
                return fail_r(ec, errc::starttls_injection,
                              "data received after STARTTLS OK and before the TLS handshake");
            }
            transport_.start_tls(ssl_context, host_, ec);
            if (ec) {
                const std::string text = "TLS handshake failed: " + transport_error_text(ec);
                close_transport();
                return fail_r(ec, ec, text);
            }
            tls_established_ = true;
            // Untagged data from before the upgrade is untrusted: drop it, ask again.
            untagged_.clear();
            get_capabilities(ec);
            if (ec) return {};
            return untagged_response(std::move(r), "STARTTLS");
        }
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    // ---- throwing forms: imaplib's signatures and defaults ---------------------------

    void open(std::string_view host = "", std::uint16_t port = default_port, timeout_type timeout = {}) {
        throw_if([&](std::error_code& ec) { open(host, port, timeout, ec); });
    }
    std::string read(std::size_t size) { return call([&](auto& ec) { return read(size, ec); }); }
    std::string readline() { return call([&](auto& ec) { return readline(ec); }); }
    void send(std::string_view data) { throw_if([&](std::error_code& ec) { send(data, ec); }); }
    imaplib::response recent() { return call([&](auto& ec) { return recent(ec); }); }

    imaplib::response append(string_or_none mailbox, string_or_none flags,
                             const internaldate_arg& date_time, std::string_view message) {
        return call([&](auto& ec) { return append(mailbox, flags, date_time, message, ec); });
    }
    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject) {
        return call([&](auto& ec) { return authenticate(mechanism, std::move(authobject), ec); });
    }
    imaplib::response capability() { return call([&](auto& ec) { return capability(ec); }); }
    imaplib::response check() { return call([&](auto& ec) { return check(ec); }); }
    imaplib::response close() { return call([&](auto& ec) { return close(ec); }); }
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox) {
        return call([&](auto& ec) { return copy(message_set, new_mailbox, ec); });
    }
    imaplib::response create(std::string_view mailbox) { return call([&](auto& ec) { return create(mailbox, ec); }); }
    imaplib::response delete_mailbox(std::string_view mailbox) {
        return call([&](auto& ec) { return delete_mailbox(mailbox, ec); });
    }
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who) {
        return call([&](auto& ec) { return deleteacl(mailbox, who, ec); });
    }
    imaplib::response enable(std::string_view capability) {
        return call([&](auto& ec) { return enable(capability, ec); });
    }
    imaplib::response expunge() { return call([&](auto& ec) { return expunge(ec); }); }
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts) {
        return call([&](auto& ec) { return fetch(message_set, message_parts, ec); });
    }
    imaplib::response getacl(std::string_view mailbox) { return call([&](auto& ec) { return getacl(mailbox, ec); }); }
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute) {
        return call([&](auto& ec) { return getannotation(mailbox, entry, attribute, ec); });
    }
    imaplib::response getquota(std::string_view root) { return call([&](auto& ec) { return getquota(root, ec); }); }
    imaplib::response getquotaroot(std::string_view mailbox) {
        return call([&](auto& ec) { return getquotaroot(mailbox, ec); });
    }
    imaplib::response list(std::string_view directory = "\"\"", std::string_view pattern = "*") {
        return call([&](auto& ec) { return list(directory, pattern, ec); });
    }
    imaplib::response login(std::string_view user, std::string_view password) {
        return call([&](auto& ec) { return login(user, password, ec); });
    }
    imaplib::response login_cram_md5(std::string_view user, std::string_view password) {
        return call([&](auto& ec) { return login_cram_md5(user, password, ec); });
    }
    imaplib::response logout() { return call([&](auto& ec) { return logout(ec); }); }
    imaplib::response lsub(std::string_view directory = "\"\"", std::string_view pattern = "*") {
        return call([&](auto& ec) { return lsub(directory, pattern, ec); });
    }
    imaplib::response myrights(std::string_view mailbox) {
        return call([&](auto& ec) { return myrights(mailbox, ec); });
    }
    imaplib::response namespaces() { return call([&](auto& ec) { return namespaces(ec); }); }
    imaplib::response noop() { return call([&](auto& ec) { return noop(ec); }); }
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                              std::string_view length) {
        return call([&](auto& ec) { return partial(message_num, message_part, start, length, ec); });
    }
    imaplib::response proxyauth(std::string_view user) { return call([&](auto& ec) { return proxyauth(user, ec); }); }
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox) {
        return call([&](auto& ec) { return rename(oldmailbox, newmailbox, ec); });
    }
    template <class... Criteria>
    imaplib::response search(string_or_none charset, const Criteria&... criteria) {
        const std::string_view list[] = {std::string_view(criteria)..., {}};
        return call([&](auto& ec) { return search(charset, arg_list(list, sizeof...(Criteria)), ec); });
    }
    imaplib::response select(std::string_view mailbox = "INBOX", bool readonly = false) {
        return call([&](auto& ec) { return select(mailbox, readonly, ec); });
    }
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what) {
        return call([&](auto& ec) { return setacl(mailbox, who, what, ec); });
    }
    template <class... Args>
    imaplib::response setannotation(const Args&... args) {
        const std::string_view list[] = {std::string_view(args)..., {}};
        return call([&](auto& ec) { return setannotation(arg_list(list, sizeof...(Args)), ec); });
    }
    imaplib::response setquota(std::string_view root, std::string_view limits) {
        return call([&](auto& ec) { return setquota(root, limits, ec); });
    }
    template <class... Criteria>
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, const Criteria&... criteria) {
        const std::string_view list[] = {std::string_view(criteria)..., {}};
        return call([&](auto& ec) { return sort(sort_criteria, charset, arg_list(list, sizeof...(Criteria)), ec); });
    }
    imaplib::response status(std::string_view mailbox, std::string_view names) {
        return call([&](auto& ec) { return status(mailbox, names, ec); });
    }
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags) {
        return call([&](auto& ec) { return store(message_set, command, flags, ec); });
    }
    imaplib::response subscribe(std::string_view mailbox) {
        return call([&](auto& ec) { return subscribe(mailbox, ec); });
    }
    template <class... Criteria>
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset,
                             const Criteria&... criteria) {
        const std::string_view list[] = {std::string_view(criteria)..., {}};
        return call([&](auto& ec) {
            return thread(threading_algorithm, charset, arg_list(list, sizeof...(Criteria)), ec);
        });
    }
    template <class... Args>
    imaplib::response uid(std::string_view command, const Args&... args) {
        const std::string_view list[] = {std::string_view(args)..., {}};
        return call([&](auto& ec) { return uid(command, arg_list(list, sizeof...(Args)), ec); });
    }
    imaplib::response unsubscribe(std::string_view mailbox) {
        return call([&](auto& ec) { return unsubscribe(mailbox, ec); });
    }
    imaplib::response unselect() { return call([&](auto& ec) { return unselect(ec); }); }
    template <class... Args>
    imaplib::response xatom(std::string_view name, const Args&... args) {
        const std::string_view list[] = {std::string_view(args)..., {}};
        return call([&](auto& ec) { return xatom(name, arg_list(list, sizeof...(Args)), ec); });
    }
    template <class Context>
    imaplib::response starttls(const Context& ssl_context) {
        return call([&](auto& ec) { return starttls(ssl_context, ec); });
    }
    // starttls() with a default context: verification on, system CAs.
    imaplib::response starttls() {
        if constexpr (has_start_tls_v<Transport>) {
            using context = typename detail::dependent_type<tls_context, Transport>::type;
            return starttls(context{});
        } else {
            return starttls(0);  // fails: "SSL support missing"
        }
    }
#endif  // IMAPLIB_NO_EXCEPTIONS

    // imaplib's _mesg(): one timestamped line to the debug sink (stderr by default).
    void mesg(std::string_view text) {
        using namespace std::chrono;
        const auto now = system_clock::now();
        const std::time_t secs = system_clock::to_time_t(now);
        std::tm local{};
        localtime_r(&secs, &local);
        const auto centis = (duration_cast<milliseconds>(now.time_since_epoch()).count() / 10) % 100;
        char stamp[16];
        std::snprintf(stamp, sizeof stamp, "  %02d:%02d.%02d ", local.tm_min, local.tm_sec, static_cast<int>(centis));
        std::string line = stamp;
        line += escape_control(text);  // server text in it is repr()'d already; this is for the rest
        if (debug_sink_) {
            debug_sink_(line);
        } else {
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stderr);
            std::fflush(stderr);
        }
    }

    // imaplib's print_log(): the last interactions, at debug level 1 and up.
    void print_log() {
        mesg("last " + std::to_string(log_.size()) + " IMAP4 interactions:");
        for (std::size_t i = 0; i < log_.size(); ++i) mesg(log_[(log_next_ + i) % log_.size()]);
    }

private:
    // An untagged line as imaplib's regexes split it: `* TYPE [SP data]`
    // (Untagged_response) or `* N TYPE [SP data]` (Untagged_status, stored as "N data").
    struct untagged_line {
        std::string_view type;
        std::string_view number;  // empty for `* TYPE`
        std::string_view data;    // may be empty
    };

    // One command argument. `present` is false for imaplib's None (skipped).
    struct arg {
        std::string_view text;
        detail::arg_kind kind;
        bool present = true;
    };

    // ---- errors --------------------------------------------------------------------

    // Records a failure. An abort-kind error means the connection is dead: it is closed,
    // so that nothing more is read from a stream in an unknown state.
    void fail(std::error_code& ec, std::error_code code, std::string message) {
        ec = code;
        error_message_ = std::move(message);
        if (kind_of(code) == error_kind::abort && open_) close_transport();
    }
    void fail(std::error_code& ec, errc code, std::string message) {
        fail(ec, make_error_code(code), std::move(message));
    }
    imaplib::response fail_r(std::error_code& ec, std::error_code code, std::string message) {
        fail(ec, code, std::move(message));
        return {};
    }
    imaplib::response fail_r(std::error_code& ec, errc code, std::string message) {
        return fail_r(ec, make_error_code(code), std::move(message));
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    template <class Context>
    static Transport transport_with_certificate(string_or_none keyfile, string_or_none certfile,
                                                const Context& ssl_context) {
        const auto text = [](string_or_none a) { return a ? std::optional<std::string>(*a) : std::nullopt; };
        std::error_code ec;
        std::string why;
        Transport t = Transport::with_certificate(text(keyfile), text(certfile), ssl_context, ec, why);
        if (ec) throw std::invalid_argument(why.empty() ? ec.message() : why);
        return t;
    }

    template <class F>
    auto call(F&& f) {
        std::error_code ec;
        auto result = f(ec);
        if (ec) throw_error(ec, error_message_);
        return result;
    }
    template <class F>
    void throw_if(F&& f) {
        std::error_code ec;
        f(ec);
        if (ec) throw_error(ec, error_message_);
    }
#endif

    std::string transport_error_text(const std::error_code& ec) const {
        if constexpr (has_error_detail_v<Transport>) {
            std::string detail(transport_.error_detail());
            if (!detail.empty()) return ec.message() + " (" + detail + ")";
        }
        return ec.message();
    }

    void close_transport() noexcept {
        transport_.shutdown();
        open_ = false;
        dead_ = true;
        buffer_.clear();
        reader_.reset();
    }

    // ---- debug output (imaplib's _log) ----------------------------------------------

    void log_line(std::string line) {
        if (log_.size() < 10) {
            log_.push_back(std::move(line));
        } else {
            log_[log_next_] = std::move(line);
            log_next_ = (log_next_ + 1) % log_.size();
        }
    }
    void trace(char direction, std::string_view bytes) {
        if (debug_ <= 0) return;
        std::string line(1, direction);
        line += ' ';
        detail::append_bytes_repr(line, bytes);
        if (debug_ >= 4) {
            mesg(line);
        } else {
            log_line(std::move(line));
        }
    }

    // ---- reading responses ---------------------------------------------------------

    // Reads more bytes from the transport into the buffer. False and ec on failure.
    bool fill(std::error_code& ec) {
        if (!open_ || dead_) {
            fail(ec, errc::connection_closed, "socket error: EOF");
            return false;
        }
        constexpr std::size_t chunk = 64 * 1024;
        char* space = buffer_.prepare(chunk);
        if (!arm_io(ec)) return false;
        const std::size_t n = transport_.read_some(space, chunk, ec);
        if (ec) {
            const std::string text = ec == errc::connection_closed ? std::string("socket error: EOF")
                                     : ec == errc::timeout && deadline_bound_
                                         ? deadline_text()
                                         : "socket error: " + transport_error_text(ec);
            fail(ec, ec, text);
            return false;
        }
        buffer_.commit(n);
        return true;
    }

    // ---- the command deadline (set_deadline) ----------------------------------------

    // Arms the deadline for the command in its scope, unless an outer call did (connect()
    // reads the capabilities with a command of its own); disarmed, the transport gets
    // the per-read timeout back.
    class deadline_scope {
    public:
        explicit deadline_scope(basic_imap4& m) : m_(m), armed_(m.deadline_ && !m.deadline_at_) {
            if (armed_) m_.deadline_at_ = std::chrono::steady_clock::now() + *m_.deadline_;
        }
        ~deadline_scope() {
            if (!armed_) return;
            m_.deadline_at_.reset();
            m_.deadline_bound_ = false;
            m_.transport_.set_timeout(m_.timeout_);
        }
        deadline_scope(const deadline_scope&) = delete;
        deadline_scope& operator=(const deadline_scope&) = delete;

    private:
        basic_imap4& m_;
        bool armed_;
    };

    // Before each read and write while a deadline is armed: the transport waits at most
    // min(per-read timeout, time left). False, and the connection closed, once it passed.
    bool arm_io(std::error_code& ec) {
        if (!deadline_at_) return true;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_at_ - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            deadline_bound_ = true;
            fail(ec, errc::timeout, deadline_text());
            return false;
        }
        deadline_bound_ = !timeout_ || left < *timeout_;
        transport_.set_timeout(deadline_bound_ ? left : *timeout_);
        return true;
    }
    std::string deadline_text() const {
        return "command deadline of " + std::to_string(deadline_ ? deadline_->count() : 0) + " ms passed";
    }

    // Reads until the buffer starts with one complete response.
    bool read_frame(std::error_code& ec) {
        for (;;) {
            const framing::status s = reader_.parse(buffer_.view(), ec);
            if (ec) {
                fail(ec, ec, "socket error: " + ec.message());
                return false;
            }
            if (s == framing::status::complete) return true;
            if (literal_sink_ && reader_.in_literal()) stream_literal_bytes();
            if (!fill(ec)) return false;
        }
    }

    // Hands the bytes of the literal in progress to the sink and drops them from the
    // buffer (the framing reader's skip_literal_bytes contract).
    void stream_literal_bytes() {
        const framing::literal& lit = reader_.literals().back();
        const std::size_t n = reader_.literal_buffered();
        if (n == 0) return;
        literal_sink_(literal_chunk{announcing_line(reader_.literals().size() - 1), lit.size, lit.streamed,
                                    buffer_.view().substr(lit.offset, n)});
        buffer_.truncate(lit.offset);
        reader_.skip_literal_bytes(0);
    }

    // Line i of a frame (complete or in progress): from the end of literal i-1's bytes
    // still in the buffer up to literal i's closing '}', or to the final line end.
    static std::size_t frame_line_begin(const std::vector<framing::literal>& literals, std::size_t i) noexcept {
        return i == 0 ? 0 : literals[i - 1].offset + (literals[i - 1].size - literals[i - 1].streamed);
    }
    static std::size_t frame_line_end(std::string_view frame, const std::vector<framing::literal>& literals,
                                      std::size_t i) noexcept {
        if (i < literals.size()) return frame.find('}', literals[i].header) + 1;
        std::size_t end = frame.size() - 1;  // the LF
        if (end > 0 && frame[end - 1] == '\r') --end;
        return end;
    }
    static std::string_view frame_line(std::string_view frame, const std::vector<framing::literal>& literals,
                                       std::size_t i) noexcept {
        const std::size_t begin = frame_line_begin(literals, i);
        return frame.substr(begin, frame_line_end(frame, literals, i) - begin);
    }

    // The line that announced literal i of the frame in progress, without its CRLF.
    std::string_view announcing_line(std::size_t i) const {
        return frame_line(buffer_.view(), reader_.literals(), i);
    }

    // imaplib's _get_response(): reads one response and stores what it carries. Returns
    // false for a continuation request (imaplib's None).
    // `first_line`, when given, receives the response's first line (the greeting's is
    // imaplib's `welcome`).
    bool get_response(std::error_code& ec, std::string* first_line = nullptr) {
        if (!read_frame(ec)) return false;
        const std::string_view frame = buffer_.view().substr(0, reader_.size());
        const auto& literals = reader_.literals();
        const std::string_view resp = frame_line(frame, literals, 0);
        trace('<', resp);
        if (first_line) first_line->assign(resp.data(), resp.size());

        bool continuation = false;
        if (std::optional<std::string> typ = match_tagged(resp, ec)) {
            if (!literals.empty()) {
                fail(ec, errc::protocol_violation, "unexpected literal in tagged response: " + repr(resp));
                return false;
            }
            const std::string_view data = tagged_data(resp);
            detail::item_block block = detail::item_block::allocate(frame.size(), frame.size());
            std::memcpy(block.data(), frame.data(), frame.size());
            const std::string_view dat(block.data() + (data.data() - frame.data()), data.size());
            tagged_result(resp)->emplace(imaplib::response{*typ, {data_item::from_bytes(block, dat)}});
            const std::size_t cost = detail::item_block::footprint_of(frame.size()) +
                                     detail::untagged_store::allocation_overhead;
            if (!response_code(*typ, block, cost, dat, ec)) return false;
        } else if (ec) {
            return false;
        } else if (!resp.empty() && resp[0] == '+' && literals.empty()) {
            if (resp.size() > 1 && resp[1] == ' ')
                continuation_ = std::string(resp.substr(2));
            else
                continuation_.reset();
            continuation = true;
        } else {
            untagged_line line;
            if (!match_untagged(resp, line)) {
                fail(ec, errc::protocol_violation, "unexpected response: " + repr(resp));
                return false;
            }
            const std::string typ = detail::to_upper(line.type);
            const std::string_view last = line.data.empty() ? line.number : line.data;
            if (!literals.empty() && (last.empty() || last.back() != '}')) {
                fail(ec, errc::protocol_violation, "literal announced where none can be: " + repr(resp));
                return false;
            }
            if (untagged_handler_ && !is_status(typ) && !streamed(literals) && untagged_handler_(frame)) {
                // Consumed by the handler: nothing kept.
            } else if (!store_untagged(typ, line, frame, literals, ec)) {
                return false;
            }
        }
        buffer_.consume(reader_.size());
        reader_.reset();
        return !continuation;
    }

    static bool is_status(std::string_view typ) noexcept {
        return typ == "OK" || typ == "NO" || typ == "BAD" || typ == "BYE" || typ == "PREAUTH";
    }
    static bool streamed(const std::vector<framing::literal>& literals) noexcept {
        for (const auto& l : literals)
            if (l.streamed) return true;
        return false;
    }

    // Stores an untagged response as imaplib does: a (header, literal) pair per literal,
    // then the rest of the line. One shared block holds the frame as received (so the
    // typed views can parse it) and, for "* N TYPE data", imaplib's rebuilt "N data".
    // With a literal sink the literals' bytes went to the sink: the block keeps only the
    // lines, and the items have no frame (data_item::frame()). False, and the connection
    // closed, when keeping it would take the store past limits::max_untagged.
    bool store_untagged(const std::string& typ, const untagged_line& line, std::string_view frame,
                        const std::vector<framing::literal>& literals, std::error_code& ec) {
        const std::size_t n = literals.size();
        const bool lines_only = literal_sink_ && n > 0;
        // The first line's data is a piece of the line, except for "* N TYPE data", where
        // imaplib builds "N data".
        const bool rebuilt = !line.number.empty() && !line.data.empty();
        std::size_t kept = 0;
        if (lines_only) {
            for (std::size_t i = 0; i <= n; ++i) kept += frame_line(frame, literals, i).size();
        } else {
            kept = frame.size();
        }
        const std::size_t size = kept + (rebuilt ? line.number.size() + 1 + line.data.size() : 0);
        const std::size_t cost = detail::item_block::footprint_of(size) + detail::untagged_store::allocation_overhead;
        if (!room(typ, n + 1, cost, ec)) return false;

        detail::item_block block = detail::item_block::allocate(size, lines_only ? 0 : frame.size());
        char* const all = block.data();
        std::vector<std::size_t> line_at;  // lines_only: where line i starts in the block
        if (lines_only) {
            line_at.reserve(n + 1);
            std::size_t at = 0;
            for (std::size_t i = 0; i <= n; ++i) {
                const std::string_view text = frame_line(frame, literals, i);
                line_at.push_back(at);
                std::memcpy(all + at, text.data(), text.size());
                at += text.size();
            }
        } else {
            std::memcpy(all, frame.data(), frame.size());
        }
        if (rebuilt) {
            char* out = all + kept;
            std::memcpy(out, line.number.data(), line.number.size());
            out[line.number.size()] = ' ';
            std::memcpy(out + line.number.size() + 1, line.data.data(), line.data.size());
        }
        const auto stored_line = [&](std::size_t i) {
            const std::string_view in_frame = frame_line(frame, literals, i);
            const std::size_t at = lines_only ? line_at[i] : static_cast<std::size_t>(in_frame.data() - frame.data());
            return std::string_view(all + at, in_frame.size());
        };

        const std::string_view own = line.data.empty() && !line.number.empty() ? line.number : line.data;
        std::string_view dat = rebuilt ? std::string_view(all + kept, size - kept)
                                       : stored_line(0).substr(static_cast<std::size_t>(own.data() - frame.data()),
                                                               own.size());
        std::size_t charge = cost;  // the block is counted with the first item under typ
        for (std::size_t i = 0; i < n; ++i) {
            if (debug_ >= 4) mesg("read literal size " + std::to_string(literals[i].size));
            const std::size_t in_buffer = literals[i].size - literals[i].streamed;
            if (literal_sink_) {
                literal_sink_(literal_chunk{frame_line(frame, literals, i), literals[i].size, literals[i].streamed,
                                            frame.substr(literals[i].offset, in_buffer)});
                append_untagged(typ, data_item::from_literal(block, dat, std::string_view()), charge);
            } else {
                append_untagged(typ,
                                data_item::from_literal(block, dat, std::string_view(all + literals[i].offset, in_buffer)),
                                charge);
            }
            charge = 0;
            dat = stored_line(i + 1);
            trace('<', dat);
        }
        append_untagged(typ, data_item::from_bytes(block, dat), charge);
        return response_code(typ, block, cost, dat, ec);
    }

    // Whether `items` more items and a block costing `block_bytes` fit in the untagged
    // store under limits::max_untagged; if not the connection is closed (ec set).
    bool room(std::string_view name, std::size_t items, std::size_t block_bytes, std::error_code& ec) {
        const std::size_t max = limits_.max_untagged;
        const std::size_t now = untagged_.footprint();
        if (now <= max && untagged_.growth(name, items, block_bytes) <= max - now) return true;
        fail(ec, errc::untagged_too_large,
             "untagged responses kept would exceed the limit of " + std::to_string(max) +
                 " bytes (limits::max_untagged); the caller must take them with response()");
        return false;
    }

    // imaplib's tag regex: tagpre digits SP type [SP data]. Tolerates a missing data part
    // and a lower-case type, which imaplib rejects as "unexpected response".
    std::optional<std::string> match_tagged(std::string_view resp, std::error_code& ec) {
        if (resp.substr(0, tagpre_.size()) != tagpre_) return std::nullopt;
        std::string_view rest = resp.substr(tagpre_.size());
        const std::size_t digits = detail::run_length(rest, detail::is_digit);
        if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return std::nullopt;
        rest.remove_prefix(digits + 1);
        const std::size_t letters = detail::run_length(rest, [](char c) { return detail::is_letter_or_dash(c) && c != '-'; });
        if (letters == 0 || (letters < rest.size() && rest[letters] != ' ')) return std::nullopt;
        if (!tagged_result(resp)) {
            fail(ec, errc::protocol_violation, "unexpected tagged response: " + repr(resp));
            return std::nullopt;
        }
        return detail::to_upper(rest.substr(0, letters));
    }
    static std::string_view tagged_data(std::string_view resp) {
        const std::size_t first = resp.find(' ');
        const std::size_t second = resp.find(' ', first + 1);
        return second == std::string_view::npos ? resp.substr(resp.size()) : resp.substr(second + 1);
    }
    std::optional<imaplib::response>* tagged_result(std::string_view resp) {
        const std::string_view tag = resp.substr(0, resp.find(' '));
        for (auto& t : tagged_)
            if (t.first == tag) return &t.second;
        return nullptr;
    }

    static bool match_untagged(std::string_view resp, untagged_line& out) {
        if (resp.size() < 3 || resp[0] != '*' || resp[1] != ' ') return false;
        std::string_view rest = resp.substr(2);
        std::size_t n = detail::run_length(rest, detail::is_letter_or_dash);
        if (n > 0) {
            out.type = rest.substr(0, n);
            out.number = {};
            out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
            return true;
        }
        const std::size_t digits = detail::run_length(rest, detail::is_digit);
        if (digits == 0 || digits >= rest.size() || rest[digits] != ' ') return false;
        out.number = rest.substr(0, digits);
        rest.remove_prefix(digits + 1);
        n = detail::run_length(rest, detail::is_letter_or_dash);
        if (n == 0) return false;
        out.type = rest.substr(0, n);
        out.data = (n < rest.size() && rest[n] == ' ') ? rest.substr(n + 1) : rest.substr(rest.size());
        return true;
    }

    // imaplib: for OK/NO/BAD, a bracketed response code is also stored under its own name
    // (its block counted again there: it stays alive while either name holds it).
    bool response_code(std::string_view typ, const detail::item_block& block, std::size_t cost,
                       std::string_view dat, std::error_code& ec) {
        if (typ == "OK" || typ == "NO" || typ == "BAD") {
            if (auto code = detail::match_response_code(dat)) {
                if (!room(code->type, 1, cost, ec)) return false;
                append_untagged(std::string(code->type),
                                data_item::from_bytes(block, code->data.value_or(std::string_view())), cost);
                if (debug_ >= 1 && (code->type == "NO" || code->type == "BAD" || code->type == "BYE"))
                    mesg(std::string(code->type) + " response: " + repr(dat));
                return true;
            }
        }
        if (debug_ >= 1 && (typ == "NO" || typ == "BAD" || typ == "BYE"))
            mesg(std::string(typ) + " response: " + repr(dat));
        return true;
    }

    void append_untagged(const std::string& typ, data_item item, std::size_t block_bytes) {
        if (debug_ >= 5) mesg("untagged_responses[" + typ + "] += [" + python_repr(item) + "]");
        untagged_.append(typ, std::move(item), block_bytes);
    }
    data_list* find_untagged(std::string_view typ) { return untagged_.find(typ); }
    std::optional<data_list> pop_untagged(std::string_view typ) { return untagged_.pop(typ); }

    // imaplib's _untagged_response(typ, dat, name).
    imaplib::response untagged_response(imaplib::response r, std::string_view name) {
        if (r.typ == "NO") return r;
        std::optional<data_list> data = pop_untagged(name);
        if (!data) return {std::move(r.typ), {data_item{}}};
        if (debug_ >= 5) mesg("untagged_responses[" + std::string(name) + "] => " + python_repr(*data));
        return {std::move(r.typ), std::move(*data)};
    }
    imaplib::response untagged_response(imaplib::response r, std::string_view name, std::error_code& ec) {
        if (ec) return {};
        return untagged_response(std::move(r), name);
    }

    // imaplib's _check_bye().
    bool check_bye(std::error_code& ec) {
        if (!untagged_.has_bye()) return true;  // once per response read: no lookup
        const data_list* bye = find_untagged("BYE");
        if (bye && !bye->empty()) {
            fail(ec, errc::bye, decode_replace(bye->back().bytes()));
            return false;
        }
        return true;
    }

    // ---- sending commands ------------------------------------------------------------

    bool allowed(std::string_view name, state_set& set) const {
        if (const command_info* info = find_command(name)) {
            set = info->allowed;
        } else if (const state_set* ext = find_extension(name)) {
            set = *ext;
        } else {
            set = 0;
        }
        return set & static_cast<state_set>(state_);
    }
    const state_set* find_extension(std::string_view name) const {
        for (const auto& e : extensions_)
            if (e.first == name) return &e.second;
        return nullptr;
    }
    std::string illegal_state_text(std::string_view name, state_set set) const {
        return "command " + std::string(name) + " illegal in state " + std::string(to_string(state_)) +
               ", only allowed in states " + state_names(set);
    }

    // imaplib's _command(): sends the command (and its literals, waiting for the server's
    // go-ahead before each) and returns its tag.
    std::string command(std::string_view name, const arg* args, std::size_t nargs, arg_list extra,
                        authobject_type* authobject, std::error_code& ec) {
        state_set set = 0;
        if (!allowed(name, set)) {
            fail(ec, errc::illegal_state, illegal_state_text(name, set));
            return {};
        }
        for (const char* typ : {"OK", "NO", "BAD"}) pop_untagged(typ);
        if (find_untagged("READ-ONLY") && !is_readonly_) {
            fail(ec, errc::mailbox_readonly, "mailbox status changed to READ-ONLY");
            return {};
        }

        std::string tag = tagpre_ + std::to_string(tagnum_);
        detail::command_line line(tag + " " + std::string(name));
        std::string why;
        for (std::size_t i = 0; i < nargs && !ec; ++i)
            if (args[i].present) line.add(args[i].text, args[i].kind, utf8_accepted_, ec, why);
        for (std::string_view a : extra) {
            if (ec) break;
            line.add(a, detail::arg_kind::raw, utf8_accepted_, ec, why);
        }
        if (ec) {
            fail(ec, ec, why);
            return {};
        }
        if ((!line.literals().empty() || authobject) && !no_early_continuation(ec)) return {};
        ++tagnum_;
        tagged_.emplace_back(tag, std::nullopt);

        const auto& text = line.text();
        const auto& literals = line.literals();
        if (debug_ >= 1) trace('>', line.redacted(0));
        if (!send_raw(text[0], true, ec)) return {};
        if (literals.empty() && !authobject) return tag;

        std::size_t next = 0;
        for (;;) {
            // Wait for the continuation request; a tagged reply (NO, BAD) ends the command
            // and the literal is never sent (RFC 3501 section 7.5).
            while (get_response(ec)) {
                if (tagged_result(tag)->has_value()) return tag;
            }
            if (ec) return {};
            if (authobject) {
                std::string reply;
                const std::string challenge = continuation_ ? base64_decode(*continuation_, ec) : std::string();
                ec.clear();
                std::optional<std::string> answer = (*authobject)(challenge);
                reply = answer ? base64_encode(*answer) : std::string("*");
                if (debug_ >= 4) mesg("write literal size " + std::to_string(reply.size()));
                if (!send_raw(reply, true, ec)) return {};
                continue;
            }
            if (debug_ >= 4) mesg("write literal size " + std::to_string(literals[next].size()));
            if (!send_raw(literals[next], false, ec)) return {};
            ++next;
            if (!send_raw(text[next], true, ec)) return {};
            if (next == literals.size()) return tag;
        }
    }

    // Before a command that waits for "+": a continuation request already received cannot
    // be for it (the server has not seen it yet), so taking it would send a literal the
    // server may refuse (RFC 9051 section 7.5). Every response complete in the buffer, and
    // whatever the transport can deliver without blocking (available(), when it has one),
    // is handled now; a "+" among them is a protocol violation. A "+" still in the network
    // when the command leaves stays possible: no client can tell it from the real answer,
    // since the server's reply carries no tag. False (and an abort) on failure.
    bool no_early_continuation(std::error_code& ec) {
        for (;;) {
            const framing::status s = reader_.parse(buffer_.view(), ec);
            if (ec) {
                fail(ec, ec, "socket error: " + ec.message());
                return false;
            }
            if (s == framing::status::complete) {
                if (!get_response(ec)) {
                    if (!ec)
                        fail(ec, errc::protocol_violation,
                             "continuation request received before the command was sent");
                    return false;
                }
                continue;
            }
            if (literal_sink_ && reader_.in_literal()) stream_literal_bytes();
            if constexpr (has_available_v<Transport>) {
                if (open_ && !dead_) {
                    const std::size_t ready = transport_.available(ec);
                    if (ec) {
                        fail(ec, ec, "socket error: " + transport_error_text(ec));
                        return false;
                    }
                    if (ready > 0) {
                        if (!fill(ec)) return false;
                        continue;
                    }
                }
            }
            return check_bye(ec);
        }
    }

    bool send_raw(std::string_view bytes, bool crlf, std::error_code& ec) {
        if (crlf) {
            std::string with_crlf;
            with_crlf.reserve(bytes.size() + 2);
            with_crlf.append(bytes);
            with_crlf += "\r\n";
            send(with_crlf, ec);
        } else {
            send(bytes, ec);
        }
        return !ec;
    }

    // imaplib's _command_complete().
    imaplib::response command_complete(std::string_view name, const std::string& tag, std::error_code& ec) {
        const bool logout = name == "LOGOUT";
        if (!logout && !check_bye(ec)) return {};
        imaplib::response r = get_tagged_response(tag, logout, ec);
        if (ec) {
            error_message_ = "command: " + std::string(name) + " => " + error_message_;
            return {};
        }
        if (!logout && !check_bye(ec)) return {};
        if (r.typ == "BAD") {
            fail(ec, errc::command_failed, std::string(name) + " command error: BAD " + python_repr(r.data));
            return {};
        }
        return r;
    }

    imaplib::response get_tagged_response(const std::string& tag, bool expect_bye, std::error_code& ec) {
        for (;;) {
            for (auto it = tagged_.begin(); it != tagged_.end(); ++it) {
                if (it->first == tag && it->second) {
                    imaplib::response r = std::move(*it->second);
                    tagged_.erase(it);
                    return r;
                }
            }
            if (expect_bye) {
                if (std::optional<data_list> bye = pop_untagged("BYE")) {
                    forget_tag(tag);
                    return {"BYE", std::move(*bye)};
                }
            }
            if (!check_bye(ec)) return {};
            get_response(ec);
            if (ec) {
                if (debug_ >= 1 && kind_of(ec) == error_kind::abort) print_log();
                return {};
            }
        }
    }
    void forget_tag(const std::string& tag) {
        tagged_.erase(std::remove_if(tagged_.begin(), tagged_.end(), [&](const auto& t) { return t.first == tag; }),
                      tagged_.end());
    }

    imaplib::response simple_command(std::string_view name, std::initializer_list<arg> args, arg_list extra,
                                     authobject_type* authobject, std::error_code& ec) {
        return simple_command(name, args.begin(), args.size(), extra, authobject, ec);
    }
    template <std::size_t N>
    imaplib::response simple_command(std::string_view name, const arg (&args)[N], arg_list extra,
                                     authobject_type* authobject, std::error_code& ec) {
        return simple_command(name, args, N, extra, authobject, ec);
    }
    imaplib::response simple_command(std::string_view name, const arg* args, std::size_t nargs, arg_list extra,
                                     authobject_type* authobject, std::error_code& ec) {
        ec.clear();
        const deadline_scope scope(*this);
        const std::string tag = command(name, args, nargs, extra, authobject, ec);
        if (ec) return {};
        return command_complete(name, tag, ec);
    }
    imaplib::response simple(std::string_view name, std::initializer_list<arg> args, std::error_code& ec) {
        return simple_command(name, args, {}, nullptr, ec);
    }
    // A command whose result is the untagged responses called `result_name`.
    imaplib::response named(std::string_view name, std::initializer_list<arg> args, std::string_view result_name,
                            std::error_code& ec) {
        return untagged_response(simple(name, args, ec), result_name, ec);
    }

    // ---- greeting and capabilities ----------------------------------------------------

    void greet(std::error_code& ec) {
        static thread_local std::mt19937 random{std::random_device{}()};
        tagpre_ = int_to_ap(std::uniform_int_distribution<int>(4096, 65535)(random));
        tagnum_ = 0;
        tagged_.clear();
        untagged_.clear();
        state_ = state::logout;
        tls_established_ = false;
        utf8_enabled_ = false;
        utf8_accepted_ = false;
        if (debug_ >= 1) mesg("new IMAP4 connection, tag=" + tagpre_);
        get_response(ec, &welcome_);
        if (ec) return;
        if (find_untagged("PREAUTH")) {
            state_ = state::auth;
        } else if (find_untagged("OK")) {
            state_ = state::nonauth;
        } else {
            // A BYE (or anything else) as the greeting: imaplib raises error(welcome).
            return fail(ec, find_untagged("BYE") ? errc::bye : errc::protocol_violation, repr(welcome_));
        }
        get_capabilities(ec);
        if (ec) return;
        if (debug_ >= 3) mesg("CAPABILITIES: " + python_repr(capabilities_));
        for (std::string_view version : AllowedVersions) {
            if (has_capability(version)) {
                protocol_version_ = std::string(version);
                return;
            }
        }
        fail(ec, errc::protocol_violation, "server not IMAP4 compliant");
    }

    void get_capabilities(std::error_code& ec) {
        imaplib::response r = capability(ec);
        if (ec) return;
        if (r.data.size() == 1 && r.data[0].is_none())
            return fail(ec, errc::protocol_violation, "no CAPABILITY response from server");
        const std::string text = detail::to_upper(r.data.back().bytes());
        capabilities_.clear();
        for (std::string_view word : split(text)) capabilities_.emplace_back(word);
    }

    bool has_capability(std::string_view name) const {
        return std::find(capabilities_.begin(), capabilities_.end(), name) != capabilities_.end();
    }

    // ---- small helpers ---------------------------------------------------------------

    static std::string repr(std::string_view bytes) {
        std::string out;
        detail::append_bytes_repr(out, bytes);
        return out;
    }
    static std::string_view last_text(const imaplib::response& r) {
        return r.data.empty() ? std::string_view() : r.data.back().bytes();
    }
    static std::string last_item_repr(const imaplib::response& r) {
        return r.data.empty() ? std::string("None") : python_repr(r.data.back());
    }
    // bytes.decode('utf-8', 'replace'), close enough for messages: invalid bytes become U+FFFD.
    static std::string decode_replace(std::string_view bytes) {
        std::string out;
        for (std::size_t i = 0; i < bytes.size();) {
            const unsigned char c = static_cast<unsigned char>(bytes[i]);
            std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
            bool valid = len != 0 && i + len <= bytes.size();
            for (std::size_t k = 1; valid && k < len; ++k)
                valid = (static_cast<unsigned char>(bytes[i + k]) >> 6) == 2;
            if (valid) {
                out.append(bytes.substr(i, len));
                i += len;
            } else {
                out += "\xEF\xBF\xBD";
                ++i;
            }
        }
        return out;
    }

    Transport transport_;
    limits limits_;
    framing::response_reader reader_;
    detail::read_buffer buffer_;

    imaplib::state state_ = imaplib::state::logout;
    bool open_ = false;
    bool dead_ = false;
    bool is_readonly_ = false;
    bool utf8_enabled_ = false;   // imaplib's utf8_enabled
    bool utf8_accepted_ = false;  // the server confirmed ENABLED UTF8=ACCEPT
    bool tls_established_ = false;
    int debug_ = 0;
    timeout_type timeout_;  // per read and write, as given to open()
    timeout_type deadline_;  // per command (set_deadline)
    std::optional<std::chrono::steady_clock::time_point> deadline_at_;  // while armed
    bool deadline_bound_ = false;  // the last wait given to the transport ends at the deadline
    std::string host_;
    std::uint16_t port_ = 0;
    std::string tagpre_;
    unsigned long tagnum_ = 0;
    std::string welcome_;
    std::string protocol_version_;
    std::string error_message_;
    std::optional<std::string> continuation_ = std::string();
    std::vector<std::string> capabilities_;
    std::vector<std::pair<std::string, std::optional<imaplib::response>>> tagged_;
    detail::untagged_store untagged_;
    std::vector<std::pair<std::string, state_set>> extensions_;
    std::vector<std::string> log_;
    std::size_t log_next_ = 0;
    debug_sink_type debug_sink_;
    literal_sink_type literal_sink_;
    untagged_handler_type untagged_handler_;
    open_hook_type on_open_;
    send_hook_type on_send_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_BASIC_IMAP4_HPP
