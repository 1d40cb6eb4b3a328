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
// It is a blocking driver over the protocol session (engine/session.hpp): it writes what
// the session has to send, reads into the session's buffer until the response it waits
// for has come, and applies imaplib's rules (engine/imaplib_compat.hpp) to the results.
// The commands themselves are in engine/impl/basic_imap4_commands.hpp.
//
// Names C++ reserves: imaplib's delete() is delete_mailbox(), namespace() is namespaces().
#ifndef IMAPLIB_ENGINE_BASIC_IMAP4_HPP
#define IMAPLIB_ENGINE_BASIC_IMAP4_HPP

#include <imaplib/config.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/commands.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/engine/move.hpp>
#include <imaplib/engine/query.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/rev2.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/engine/session.hpp>
#include <imaplib/engine/sync.hpp>
#include <imaplib/error.hpp>
#include <imaplib/limits.hpp>
#include <imaplib/engine/authenticate.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/transport/concept.hpp>
#include <imaplib/util/int2ap.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

template <class T, class>
struct dependent_type {
    using type = T;
};

template <class>
inline constexpr bool dependent_false = false;

// imaplib's *args as the variadic methods take them: strings (or one arg_list: a braced
// list, a std::vector<std::string_view>), then std::error_code& for the form that does
// not throw. The error_code is the last argument, as in every other error_code form.
template <class... Args>
struct star_args {
    static constexpr std::size_t count = sizeof...(Args);
    static constexpr bool with_ec = [] {
        bool last = false;
        ((last = std::is_same_v<Args, std::error_code&>), ...);
        return last;
    }();
    static constexpr std::size_t strings = with_ec ? count - 1 : count;

    template <std::size_t... I>
    static constexpr bool all_strings(std::index_sequence<I...>) {
        return (std::is_convertible_v<const std::remove_reference_t<std::tuple_element_t<I, std::tuple<Args...>>>&,
                                      std::string_view> && ...);
    }
    static constexpr bool as_strings = all_strings(std::make_index_sequence<strings>());
    static constexpr bool as_list = [] {
        if constexpr (strings == 1) {
            using first = std::remove_reference_t<std::tuple_element_t<0, std::tuple<Args...>>>;
            return !as_strings && std::is_convertible_v<const first&, arg_list>;
        } else {
            return false;
        }
    }();
    static constexpr bool valid = as_strings || as_list;
};

// start_compress(received, ec): a transport that can switch COMPRESS=DEFLATE on
// (transport/compress.hpp's basic_compress_transport).
template <class T, class = void>
struct has_start_compress : std::false_type {};
template <class T>
struct has_start_compress<T, std::void_t<decltype(std::declval<T&>().start_compress(
                                 std::declval<std::string_view>(), std::declval<std::error_code&>()))>>
    : std::true_type {};
template <class T> inline constexpr bool has_start_compress_v = has_start_compress<T>::value;

// The transport for imaplib's host argument: a default one for network transports, or
// one built from the argument itself where that is what the transport takes (the pipe
// transport's command: IMAP4_stream(command)).
template <class Transport>
inline constexpr bool has_transport_for_v =
    std::is_default_constructible_v<Transport> || std::is_constructible_v<Transport, std::string>;

template <class Transport>
Transport transport_for(std::string_view host) {
    if constexpr (std::is_default_constructible_v<Transport>) {
        (void)host;
        return Transport{};
    } else {
        return Transport(std::string(host));
    }
}

// Milliseconds of the default timeout; 0 is none.
inline std::atomic<long long>& default_timeout_ms() noexcept {
    static std::atomic<long long> ms{0};
    return ms;
}

}  // namespace detail

// Python's socket.setdefaulttimeout(), which imaplib honours: the timeout of each read
// and write (and of connecting) on every connection opened without one of its own. None
// (nullopt, zero or less) waits forever, which is the default, as in Python.
inline void set_default_timeout(std::optional<std::chrono::milliseconds> timeout) noexcept {
    detail::default_timeout_ms().store(timeout && timeout->count() > 0 ? timeout->count() : 0);
}
// socket.getdefaulttimeout().
inline std::optional<std::chrono::milliseconds> get_default_timeout() noexcept {
    const long long ms = detail::default_timeout_ms().load();
    if (ms == 0) return std::nullopt;
    return std::chrono::milliseconds(ms);
}

namespace detail {

// imaplib's debug output of what the session reads and writes, at imaplib's levels.
class imaplib_debug final : public session_observer {
public:
    explicit imaplib_debug(int level) : log(level) {}

    void received_line(std::string_view line) override { log.trace('<', line); }
    void received_literal(std::size_t size) override {
        if (log.level() >= 4) log.mesg("read literal size " + std::to_string(size));
    }
    void stored(std::string_view type, const data_item& item) override {
        if (log.level() >= 5) log.mesg("untagged_responses[" + std::string(type) + "] += [" + python_repr(item) + "]");
    }
    void status_response(std::string_view name, std::string_view text) override {
        if (log.level() >= 1 && (name == "NO" || name == "BAD" || name == "BYE"))
            log.mesg(std::string(name) + " response: " + repr(text));
    }
    void sent_command(std::string_view line) override { log.trace('>', line); }
    void sent_literal(std::size_t size) override {
        if (log.level() >= 4) log.mesg("write literal size " + std::to_string(size));
    }

    imaplib_log log;
};

}  // namespace detail


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
    using literal_sink_type = session::literal_sink_type;
    using untagged_handler_type = session::untagged_handler_type;

    static constexpr std::uint16_t default_port = Transport::default_port;

    // ---- construction -------------------------------------------------------------

    // Not connected (state LOGOUT); connect() or open() later. Needed by code without
    // exceptions, which cannot connect in a constructor. Constructors that build the
    // transport are templates, so an explicit instantiation skips them where it cannot.
    template <class T = Transport, std::enable_if_t<std::is_default_constructible_v<T>, int> = 0>
    basic_imap4() : basic_imap4(Transport{}) {}
    explicit basic_imap4(Transport transport, limits l = {})
        : transport_(std::move(transport)), session_(l), debug_(std::make_unique<detail::imaplib_debug>(Debug)) {
        observe();
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    // imaplib's IMAP4(host, port, timeout): connects, reads the greeting and the
    // capabilities. For the pipe transport `host` is the command (IMAP4_stream(command)).
    // Without a timeout, get_default_timeout() applies: none unless set_default_timeout().
    template <class T = Transport, std::enable_if_t<detail::has_transport_for_v<T>, int> = 0>
    explicit basic_imap4(std::string_view host, std::uint16_t port = default_port,
                         timeout_type timeout = {})
        : basic_imap4(detail::transport_for<Transport>(host)) {
        call([&](failure& f) { connect(host, port, timeout, f); });
    }
    basic_imap4(Transport transport, std::string_view host, std::uint16_t port = default_port,
                timeout_type timeout = {})
        : basic_imap4(std::move(transport)) {
        call([&](failure& f) { connect(host, port, timeout, f); });
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
        call([&](failure& f) { connect(host, port, timeout, f); });
    }

    // imaplib's IMAP4_SSL(host, port, ssl_context=...): for transports built from a context.
    template <class Context, class = std::enable_if_t<std::is_constructible_v<Transport, const Context&> &&
                                                      !std::is_convertible_v<const Context&, std::string_view>>>
    basic_imap4(std::string_view host, std::uint16_t port, const Context& ssl_context,
                timeout_type timeout = {})
        : basic_imap4(Transport(ssl_context)) {
        call([&](failure& f) { connect(host, port, timeout, f); });
    }
#endif

    basic_imap4(basic_imap4&&) = default;
    basic_imap4& operator=(basic_imap4&&) = default;
    basic_imap4(const basic_imap4&) = delete;
    basic_imap4& operator=(const basic_imap4&) = delete;

    // Like leaving imaplib's `with` block: logs out unless already in LOGOUT. Never throws.
    ~basic_imap4() {
        if (open_ && session_.state() != state::logout && !dead_) {
            std::error_code ignored;
            logout(ignored);
        }
        if (open_) transport_.shutdown();
    }

    // open() then read the greeting and capabilities: what the constructor does.
    void connect(std::string_view host, std::uint16_t port, timeout_type timeout, std::error_code& ec) {
        boundary(ec, [&](failure& f) { connect(host, port, timeout, f); });
    }
    // imaplib's open(): sets up the connection only; the greeting is read by connect().
    void open(std::string_view host, std::uint16_t port, timeout_type timeout, std::error_code& ec) {
        boundary(ec, [&](failure& f) { open(host, port, timeout, f); });
    }

    // ---- attributes ---------------------------------------------------------------

    // "IDLING" while an idler is entered, as imaplib 3.14 reports it.
    std::string_view state() const noexcept { return idling_ ? "IDLING" : to_string(session_.state()); }
    const std::vector<std::string>& capabilities() const noexcept { return capabilities_; }
    std::string_view PROTOCOL_VERSION() const noexcept { return protocol_version_; }
    const std::string& welcome() const noexcept { return welcome_; }
    bool utf8_enabled() const noexcept { return utf8_enabled_; }
    bool is_readonly() const noexcept { return is_readonly_; }
    const std::string& tagpre() const noexcept { return session_.tagpre(); }
    unsigned long tagnum() const noexcept { return session_.tagnum(); }
    const std::string& host() const noexcept { return host_; }
    std::uint16_t port() const noexcept { return port_; }
    // The data of the last continuation request (`+ data`); None for a bare `+`.
    const std::optional<std::string>& continuation_response() const noexcept { return session_.continuation(); }
    // imaplib's untagged_responses: {typ: [data, ...]} in the order first received.
    // Kept until the caller takes them (response(), or the command that names them), up
    // to limits::max_untagged bytes per connection.
    const std::vector<std::pair<std::string, data_list>>& untagged_responses() const noexcept {
        return session_.untagged();
    }
    int debug() const noexcept { return debug_ ? debug_->log.level() : 0; }
    void debug(int level) noexcept {
        debug_->log.level(level);
        observe();
    }
    void set_debug_sink(debug_sink_type sink) { debug_->log.sink(std::move(sink)); }
    void set_open_hook(open_hook_type hook) { on_open_ = std::move(hook); }
    void set_send_hook(send_hook_type hook) { on_send_ = std::move(hook); }
    const limits& response_limits() const noexcept { return session_.response_limits(); }

    // An overall time limit for each command, from the moment it is issued until its
    // tagged response (connect(): until the greeting and capabilities are read), beside
    // the per-read timeout, which a server sending a byte now and then never lets expire.
    // Each read and write waits at most the time left; expiry is errc::timeout (an abort,
    // the connection closed). Off by default, as in imaplib; nullopt turns it off again.
    // The session reads no clock: the deadline is this driver's.
    void set_deadline(timeout_type deadline) noexcept { deadline_ = deadline; }
    const timeout_type& deadline() const noexcept { return deadline_; }

    // Bulk downloads with bounded memory: while a sink is set, the bytes of every literal
    // the server sends go to it in chunks as they arrive (each literal ends with a chunk
    // whose last() is true, an empty literal with one empty chunk), and the result keeps
    // imaplib's shape with an empty literal: (b'1 (BODY[] {N}', b''). Memory stays at one
    // line plus one read, whatever N is. Pass nullptr to go back to normal results.
    void set_literal_sink(literal_sink_type sink) { session_.set_literal_sink(std::move(sink)); }

    // The zero-copy path for large results: while a handler is set, each untagged data
    // response (not OK/NO/BAD/BYE, whose codes imaplib's state needs) is first offered to
    // it as the raw frame, valid during the call; when it returns true the response is
    // consumed and not kept for imaplib's result. engine/views.hpp adapts a handler that
    // takes typed views (grammar::response_view). Pass nullptr to stop.
    void set_untagged_handler(untagged_handler_type handler) { session_.set_untagged_handler(std::move(handler)); }
    // imaplib's message for the last failure of an error_code call.
    const std::string& error_message() const noexcept { return error_message_; }
    Transport& transport() noexcept { return transport_; }
    // imaplib's socket(): the transport's native handle, where it has one.
    template <class T = Transport, class = std::enable_if_t<has_native_handle_v<T>>>
    auto socket() {
        return transport_.native_handle();
    }
    // The protocol session under this client (tags, stored responses, state).
    const session& protocol() const noexcept { return session_; }

    // ---- raw I/O (imaplib's read, readline, send, shutdown) -------------------------

    std::string read(std::size_t size, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return read(size, f); });
    }
    std::string readline(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return readline(f); });
    }
    void send(std::string_view data, std::error_code& ec) {
        boundary(ec, [&](failure& f) { send(data, f); });
    }
    void shutdown() noexcept {
        if (open_) close_transport();
    }

    // ---- imaplib's utility methods ----------------------------------------------------

    imaplib::response recent(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return recent(f); });
    }
    // imaplib's response(code): pops the untagged responses named `code` (upper-cased),
    // or returns [None]. Never fails.
    imaplib::response response(std::string_view code) {
        return untagged_response({std::string(code), {data_item{}}}, detail::to_upper(code));
    }

    // ---- IMAP commands (error_code forms) ---------------------------------------------

    imaplib::response append(string_or_none mailbox, string_or_none flags, const internaldate_arg& date_time, std::string_view message, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return append(mailbox, flags, date_time, message, f); });
    }
    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return authenticate(mechanism, std::move(authobject), f); });
    }
    // AUTHENTICATE driven by a SASL mechanism object (sasl/, docs/authentication.md): the
    // initial response with the command when the server has SASL-IR, each challenge
    // answered by the mechanism, and a tagged OK before the mechanism completed (SCRAM:
    // before the server proved it knows the password) taken as a failure, the connection
    // closed. Returns imaplib's (typ, data) like authenticate(name, authobject).
    template <class Mechanism, std::enable_if_t<is_sasl_mechanism_v<std::remove_cv_t<std::remove_reference_t<Mechanism>>>, int> = 0>
    imaplib::response authenticate(Mechanism&& mechanism, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return sasl_exchange(mechanism, f); });
    }
    // The strongest mechanism both sides support for a user name and password:
    // SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS, SCRAM-SHA-256, SCRAM-SHA-1, then (over TLS, or
    // with options.allow_cleartext) PLAIN, LOGIN, CRAM-MD5, then the LOGIN command.
    login_result login_best(std::string_view user, std::string_view password, const login_options& options,
                            std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return login_best(user, password, options, f); });
    }
    login_result login_best(std::string_view user, std::string_view password, std::error_code& ec) {
        return login_best(user, password, login_options{}, ec);
    }
    // The TLS channel binding of this connection, for SCRAM-*-PLUS: tls-exporter (RFC 9266)
    // on TLS 1.3, tls-server-end-point (RFC 5929) below. not_supported without TLS support
    // in the build, on a transport without TLS, or before STARTTLS.
    sasl::channel_binding channel_binding(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return channel_binding(f); });
    }
    imaplib::response capability(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return capability(f); });
    }
    imaplib::response check(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return check(f); });
    }
    imaplib::response close(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return close(f); });
    }
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return copy(message_set, new_mailbox, f); });
    }
    imaplib::response create(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return create(mailbox, f); });
    }
    imaplib::response delete_mailbox(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return delete_mailbox(mailbox, f); });
    }
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return deleteacl(mailbox, who, f); });
    }
    imaplib::response enable(std::string_view capability, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return enable(capability, f); });
    }
    imaplib::response expunge(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return expunge(f); });
    }
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return fetch(message_set, message_parts, f); });
    }
    imaplib::response getacl(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getacl(mailbox, f); });
    }
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getannotation(mailbox, entry, attribute, f); });
    }
    imaplib::response getquota(std::string_view root, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getquota(root, f); });
    }
    imaplib::response getquotaroot(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getquotaroot(mailbox, f); });
    }
    imaplib::response list(std::string_view directory, std::string_view pattern, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return list(directory, pattern, f); });
    }
    imaplib::response login(std::string_view user, std::string_view password, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return login(user, password, f); });
    }
    imaplib::response login_cram_md5(std::string_view user, std::string_view password, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return login_cram_md5(user, password, f); });
    }
    imaplib::response logout(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return logout(f); });
    }
    imaplib::response lsub(std::string_view directory, std::string_view pattern, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return lsub(directory, pattern, f); });
    }
    imaplib::response myrights(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return myrights(mailbox, f); });
    }
    imaplib::response namespaces(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return namespaces(f); });
    }
    imaplib::response noop(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return noop(f); });
    }
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start, std::string_view length, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return partial(message_num, message_part, start, length, f); });
    }
    imaplib::response proxyauth(std::string_view user, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return proxyauth(user, f); });
    }
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return rename(oldmailbox, newmailbox, f); });
    }
    imaplib::response search(string_or_none charset, arg_list criteria, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return search(charset, criteria, f); });
    }
    imaplib::response select(std::string_view mailbox, bool readonly, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return select(mailbox, readonly, f); });
    }
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return setacl(mailbox, who, what, f); });
    }
    imaplib::response setannotation(arg_list args, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return setannotation(args, f); });
    }
    imaplib::response setquota(std::string_view root, std::string_view limits, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return setquota(root, limits, f); });
    }
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, arg_list search_criteria, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return sort(sort_criteria, charset, search_criteria, f); });
    }
    template <class Context>
    imaplib::response starttls(const Context& ssl_context, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return starttls(ssl_context, f); });
    }
    imaplib::response status(std::string_view mailbox, std::string_view names, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return status(mailbox, names, f); });
    }
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return store(message_set, command, flags, f); });
    }
    imaplib::response subscribe(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return subscribe(mailbox, f); });
    }
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset, arg_list search_criteria, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return thread(threading_algorithm, charset, search_criteria, f); });
    }
    imaplib::response uid(std::string_view command, arg_list args, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return uid(command, args, f); });
    }
    imaplib::response unselect(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return unselect(f); });
    }
    // COMPRESS (RFC 4978): on OK the transport deflates and inflates from then on. Needs
    // basic_compress_transport (imap4_compressed, imap4_ssl_compressed).
    imaplib::response compress(std::string_view mechanism, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return compress(mechanism, f); });
    }
    imaplib::response unsubscribe(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return unsubscribe(mailbox, f); });
    }
    imaplib::response xatom(std::string_view name, arg_list args, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return xatom(name, args, f); });
    }

    // ---- MOVE (RFC 6851), UIDPLUS (RFC 4315), MULTIAPPEND (RFC 3502), APPENDLIMIT (RFC 7889),
    // LITERAL+/- (RFC 7888): typed results (engine/move.hpp, engine/impl/basic_imap4_move.hpp)

    // MOVE, or without it COPY + UID STORE \Deleted + UID EXPUNGE (needs UIDPLUS).
    move_result move(std::string_view message_set, std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return move(message_set, mailbox, false, f); });
    }
    move_result uid_move(std::string_view uid_set, std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return move(uid_set, mailbox, true, f); });
    }
    // One APPEND of all `messages` (more than one needs MULTIAPPEND), checked against
    // APPENDLIMIT before sending, literals non-synchronising where LITERAL+/- allow.
    append_result multiappend(std::string_view mailbox, const std::vector<append_message>& messages,
                              std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return multiappend(mailbox, messages, f); });
    }
#ifndef IMAPLIB_NO_EXCEPTIONS
    move_result move(std::string_view message_set, std::string_view mailbox) {
        return call([&](failure& f) { return move(message_set, mailbox, false, f); });
    }
    move_result uid_move(std::string_view uid_set, std::string_view mailbox) {
        return call([&](failure& f) { return move(uid_set, mailbox, true, f); });
    }
    append_result multiappend(std::string_view mailbox, const std::vector<append_message>& messages) {
        return call([&](failure& f) { return multiappend(mailbox, messages, f); });
    }
#endif

    // ---- imaplib's *args: both forms ---------------------------------------------------
    // Any number of strings, then std::error_code& for the form that does not throw:
    //   M.uid("FETCH", "1:*", "(FLAGS)");       M.uid("FETCH", "1:*", "(FLAGS)", ec);
    // A braced list or a std::vector<std::string_view> may stand for the strings.

    template <class... Criteria>
    imaplib::response search(string_or_none charset, Criteria&&... criteria) {
        return with_star_args([&](arg_list list, failure& f) { return search(charset, list, f); }, criteria...);
    }
    template <class... Args>
    imaplib::response setannotation(Args&&... args) {
        return with_star_args([&](arg_list list, failure& f) { return setannotation(list, f); }, args...);
    }
    template <class... Criteria>
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, Criteria&&... criteria) {
        return with_star_args([&](arg_list list, failure& f) { return sort(sort_criteria, charset, list, f); },
                              criteria...);
    }
    template <class... Criteria>
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset, Criteria&&... criteria) {
        return with_star_args(
            [&](arg_list list, failure& f) { return thread(threading_algorithm, charset, list, f); }, criteria...);
    }
    template <class... Args>
    imaplib::response uid(std::string_view command, Args&&... args) {
        return with_star_args([&](arg_list list, failure& f) { return uid(command, list, f); }, args...);
    }
    template <class... Args>
    imaplib::response xatom(std::string_view name, Args&&... args) {
        return with_star_args([&](arg_list list, failure& f) { return xatom(name, list, f); }, args...);
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    // ---- throwing forms: imaplib's signatures and defaults ---------------------------

    void open(std::string_view host = "", std::uint16_t port = default_port, timeout_type timeout = {}) {
        call([&](failure& f) { open(host, port, timeout, f); });
    }
    std::string read(std::size_t size) { return call([&](failure& f) { return read(size, f); }); }
    std::string readline() { return call([&](failure& f) { return readline(f); }); }
    void send(std::string_view data) { call([&](failure& f) { send(data, f); }); }
    imaplib::response recent() { return call([&](failure& f) { return recent(f); }); }

    imaplib::response append(string_or_none mailbox, string_or_none flags,
                             const internaldate_arg& date_time, std::string_view message) {
        return call([&](failure& f) { return append(mailbox, flags, date_time, message, f); });
    }
    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject) {
        return call([&](failure& f) { return authenticate(mechanism, std::move(authobject), f); });
    }
    template <class Mechanism, std::enable_if_t<is_sasl_mechanism_v<std::remove_cv_t<std::remove_reference_t<Mechanism>>>, int> = 0>
    imaplib::response authenticate(Mechanism&& mechanism) {
        return call([&](failure& f) { return sasl_exchange(mechanism, f); });
    }
    login_result login_best(std::string_view user, std::string_view password, const login_options& options = {}) {
        return call([&](failure& f) { return login_best(user, password, options, f); });
    }
    sasl::channel_binding channel_binding() { return call([&](failure& f) { return channel_binding(f); }); }
    imaplib::response capability() { return call([&](failure& f) { return capability(f); }); }
    imaplib::response check() { return call([&](failure& f) { return check(f); }); }
    imaplib::response close() { return call([&](failure& f) { return close(f); }); }
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox) {
        return call([&](failure& f) { return copy(message_set, new_mailbox, f); });
    }
    imaplib::response create(std::string_view mailbox) { return call([&](failure& f) { return create(mailbox, f); }); }
    imaplib::response delete_mailbox(std::string_view mailbox) {
        return call([&](failure& f) { return delete_mailbox(mailbox, f); });
    }
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who) {
        return call([&](failure& f) { return deleteacl(mailbox, who, f); });
    }
    imaplib::response enable(std::string_view capability) {
        return call([&](failure& f) { return enable(capability, f); });
    }
    imaplib::response expunge() { return call([&](failure& f) { return expunge(f); }); }
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts) {
        return call([&](failure& f) { return fetch(message_set, message_parts, f); });
    }
    imaplib::response getacl(std::string_view mailbox) { return call([&](failure& f) { return getacl(mailbox, f); }); }
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute) {
        return call([&](failure& f) { return getannotation(mailbox, entry, attribute, f); });
    }
    imaplib::response getquota(std::string_view root) { return call([&](failure& f) { return getquota(root, f); }); }
    imaplib::response getquotaroot(std::string_view mailbox) {
        return call([&](failure& f) { return getquotaroot(mailbox, f); });
    }
    imaplib::response list(std::string_view directory = "\"\"", std::string_view pattern = "*") {
        return call([&](failure& f) { return list(directory, pattern, f); });
    }
    imaplib::response login(std::string_view user, std::string_view password) {
        return call([&](failure& f) { return login(user, password, f); });
    }
    imaplib::response login_cram_md5(std::string_view user, std::string_view password) {
        return call([&](failure& f) { return login_cram_md5(user, password, f); });
    }
    imaplib::response logout() { return call([&](failure& f) { return logout(f); }); }
    imaplib::response lsub(std::string_view directory = "\"\"", std::string_view pattern = "*") {
        return call([&](failure& f) { return lsub(directory, pattern, f); });
    }
    imaplib::response myrights(std::string_view mailbox) {
        return call([&](failure& f) { return myrights(mailbox, f); });
    }
    imaplib::response namespaces() { return call([&](failure& f) { return namespaces(f); }); }
    imaplib::response noop() { return call([&](failure& f) { return noop(f); }); }
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                              std::string_view length) {
        return call([&](failure& f) { return partial(message_num, message_part, start, length, f); });
    }
    imaplib::response proxyauth(std::string_view user) { return call([&](failure& f) { return proxyauth(user, f); }); }
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox) {
        return call([&](failure& f) { return rename(oldmailbox, newmailbox, f); });
    }
    imaplib::response select(std::string_view mailbox = "INBOX", bool readonly = false) {
        return call([&](failure& f) { return select(mailbox, readonly, f); });
    }
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what) {
        return call([&](failure& f) { return setacl(mailbox, who, what, f); });
    }
    imaplib::response setquota(std::string_view root, std::string_view limits) {
        return call([&](failure& f) { return setquota(root, limits, f); });
    }
    imaplib::response status(std::string_view mailbox, std::string_view names) {
        return call([&](failure& f) { return status(mailbox, names, f); });
    }
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags) {
        return call([&](failure& f) { return store(message_set, command, flags, f); });
    }
    imaplib::response subscribe(std::string_view mailbox) {
        return call([&](failure& f) { return subscribe(mailbox, f); });
    }
    imaplib::response unsubscribe(std::string_view mailbox) {
        return call([&](failure& f) { return unsubscribe(mailbox, f); });
    }
    imaplib::response unselect() { return call([&](failure& f) { return unselect(f); }); }
    imaplib::response compress(std::string_view mechanism = "DEFLATE") {
        return call([&](failure& f) { return compress(mechanism, f); });
    }
    template <class Context>
    imaplib::response starttls(const Context& ssl_context) {
        return call([&](failure& f) { return starttls(ssl_context, f); });
    }
    // starttls() with a default context: verification on, system CAs. Where it cannot
    // work the call does not compile (imaplib fails at run time: "SSL support missing").
    // A template, so an explicit instantiation of the client (separate compilation)
    // leaves it to its callers.
    template <class T = Transport>
    imaplib::response starttls() {
#ifdef IMAPLIB_USE_WOLFSSL
        static_assert(has_start_tls_v<T> || detail::dependent_false<T>,
                      "imaplib: starttls() needs a transport that can upgrade to TLS in place "
                      "(a start_tls(ctx, host, ec) member, docs/transports.md), such as imaplib::imap4's");
        using context = typename detail::dependent_type<tls_context, T>::type;
        return starttls(context{});
#else
        static_assert(detail::dependent_false<T>,
                      "imaplib: starttls() needs TLS: define IMAPLIB_USE_WOLFSSL and link wolfSSL "
                      "(CMake: -DIMAPLIB_TLS=ON and link imaplib::tls; Meson: -Dtls=enabled and "
                      "dependency('imaplib-tls'))");
        return {};
#endif
    }
#endif  // IMAPLIB_NO_EXCEPTIONS

    // ---- CONDSTORE / QRESYNC (RFC 7162): engine/sync.hpp, engine/impl/basic_imap4_sync.hpp
    // Typed SELECT / EXAMINE, with parameters; imaplib's data is the EXISTS list as select()'s.
    select_result select(std::string_view mailbox, const select_params& params, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return select(mailbox, params, false, f); });
    }
    select_result examine(std::string_view mailbox, const select_params& params, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return select(mailbox, params, true, f); });
    }
    // UID FETCH uid_set (UID FLAGS MODSEQ) (CHANGEDSINCE modseq [VANISHED]).
    changes_result uid_fetch_changedsince(std::string_view uid_set, std::uint64_t modseq, bool vanished,
                                          std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return uid_fetch_changedsince(uid_set, modseq, vanished, f); });
    }
    // UID STORE uid_set (UNCHANGEDSINCE modseq) command flags; MODIFIED: the UIDs left alone.
    store_result uid_store_unchangedsince(std::string_view uid_set, std::uint64_t modseq, std::string_view command,
                                          std::string_view flags, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return uid_store_unchangedsince(uid_set, modseq, command, flags, f); });
    }
    // Takes the VANISHED responses received so far (after ENABLE QRESYNC they replace
    // EXPUNGE, RFC 7162 section 3.2.10): their UIDs, merged. Nothing is sent.
    sequence_set vanished(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return vanished(f); });
    }
#ifndef IMAPLIB_NO_EXCEPTIONS
    select_result select(std::string_view mailbox, const select_params& params) {
        return call([&](failure& f) { return select(mailbox, params, false, f); });
    }
    select_result examine(std::string_view mailbox, const select_params& params) {
        return call([&](failure& f) { return select(mailbox, params, true, f); });
    }
    changes_result uid_fetch_changedsince(std::string_view uid_set, std::uint64_t modseq, bool vanished = false) {
        return call([&](failure& f) { return uid_fetch_changedsince(uid_set, modseq, vanished, f); });
    }
    store_result uid_store_unchangedsince(std::string_view uid_set, std::uint64_t modseq, std::string_view command,
                                          std::string_view flags) {
        return call([&](failure& f) { return uid_store_unchangedsince(uid_set, modseq, command, flags, f); });
    }
    sequence_set vanished() {
        return call([&](failure& f) { return vanished(f); });
    }
#endif

    // ---- ESEARCH, SEARCHRES, LIST-EXTENDED, LIST-STATUS, SPECIAL-USE, CREATE-SPECIAL-USE,
    // ID, METADATA, QUOTA, STATUS=SIZE, UNAUTHENTICATE, SAVEDATE, OBJECTID, PREVIEW: typed
    // results (engine/query.hpp, engine/impl/basic_imap4_query.hpp, docs/extensions.md).
    // Without the capability: errc::capability_missing, nothing sent.

    // SEARCH RETURN (...) criteria (RFC 4731); with search_return::save the result is `$`
    // for later commands (RFC 5182).
    esearch_result esearch(search_return options, arg_list criteria, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return esearch_command(false, options, criteria, f); });
    }
    esearch_result uid_esearch(search_return options, arg_list criteria, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return esearch_command(true, options, criteria, f); });
    }
    // LIST (select) reference (patterns) RETURN (...) (RFC 5258, 5819, 6154).
    list_result list_extended(std::string_view reference, arg_list patterns, const list_options& options,
                              std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return list_extended(reference, patterns, options, f); });
    }
    // CREATE mailbox (USE (\Sent ...)) (RFC 6154 section 3).
    imaplib::response create(std::string_view mailbox, arg_list uses, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return create(mailbox, uses, f); });
    }
    status_result status(std::string_view mailbox, status_item items, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return status(mailbox, items, f); });
    }
    id_result id(const id_fields& fields, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return id(fields, f); });
    }
    metadata_result getmetadata(std::string_view mailbox, arg_list entries, const metadata_options& options,
                                std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return getmetadata(mailbox, entries, options, f); });
    }
    imaplib::response setmetadata(std::string_view mailbox, const std::vector<metadata_entry>& entries,
                                  std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return setmetadata(mailbox, entries, f); });
    }
    // GETQUOTA root and GETQUOTAROOT mailbox, typed (RFC 9208).
    quota_result quota(std::string_view root, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return quota(root, f); });
    }
    quota_result quotaroot(std::string_view mailbox, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return quotaroot(mailbox, f); });
    }
    imaplib::response unauthenticate(std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return unauthenticate(f); });
    }
    // FETCH set (UID SAVEDATE EMAILID THREADID PREVIEW), as asked.
    fetch_info_result fetch(std::string_view message_set, fetch_item items, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return fetch(message_set, items, f); });
    }
#ifndef IMAPLIB_NO_EXCEPTIONS
    esearch_result esearch(search_return options, arg_list criteria) {
        return call([&](failure& f) { return esearch_command(false, options, criteria, f); });
    }
    esearch_result uid_esearch(search_return options, arg_list criteria) {
        return call([&](failure& f) { return esearch_command(true, options, criteria, f); });
    }
    list_result list_extended(std::string_view reference, arg_list patterns, const list_options& options = {}) {
        return call([&](failure& f) { return list_extended(reference, patterns, options, f); });
    }
    imaplib::response create(std::string_view mailbox, arg_list uses) {
        return call([&](failure& f) { return create(mailbox, uses, f); });
    }
    status_result status(std::string_view mailbox, status_item items) {
        return call([&](failure& f) { return status(mailbox, items, f); });
    }
    id_result id(const id_fields& fields = {}) { return call([&](failure& f) { return id(fields, f); }); }
    metadata_result getmetadata(std::string_view mailbox, arg_list entries, const metadata_options& options = {}) {
        return call([&](failure& f) { return getmetadata(mailbox, entries, options, f); });
    }
    imaplib::response setmetadata(std::string_view mailbox, const std::vector<metadata_entry>& entries) {
        return call([&](failure& f) { return setmetadata(mailbox, entries, f); });
    }
    quota_result quota(std::string_view root) { return call([&](failure& f) { return quota(root, f); }); }
    quota_result quotaroot(std::string_view mailbox) { return call([&](failure& f) { return quotaroot(mailbox, f); }); }
    imaplib::response unauthenticate() { return call([&](failure& f) { return unauthenticate(f); }); }
    fetch_info_result fetch(std::string_view message_set, fetch_item items) {
        return call([&](failure& f) { return fetch(message_set, items, f); });
    }
#endif

    // ---- ENABLE, BINARY, UTF8=ACCEPT, IMAP4rev2 (RFC 5161, 3516, 6855, 9051) -------------
    // engine/impl/basic_imap4_rev2.hpp; docs/extensions.md.

    // What the server ENABLED on this connection, upper-cased (RFC 5161 section 3.2).
    const std::vector<std::string>& enabled() const noexcept { return session_.enabled(); }
    bool is_enabled(std::string_view capability) const noexcept { return session_.is_enabled(capability); }
    // ENABLE for these capabilities; the result's `enabled` is what the server turned on.
    enable_result enable_capabilities(arg_list capabilities, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return enable_capabilities(capabilities, f); });
    }
    // FETCH BINARY.PEEK[section] (or BINARY[section]): the content decoded by the server.
    binary_result fetch_binary(std::string_view message_set, std::string_view section, const binary_options& options,
                               std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return fetch_binary(message_set, section, options, false, f); });
    }
    binary_result fetch_binary(std::string_view message_set, std::string_view section, std::error_code& ec) {
        return fetch_binary(message_set, section, binary_options{}, ec);
    }
    // FETCH BINARY.SIZE[section]: the decoded size, without the content.
    binary_result fetch_binary_size(std::string_view message_set, std::string_view section,
                                    const binary_options& options, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return fetch_binary(message_set, section, options, true, f); });
    }
    binary_result fetch_binary_size(std::string_view message_set, std::string_view section, std::error_code& ec) {
        return fetch_binary_size(message_set, section, binary_options{}, ec);
    }
    // APPEND with the message as a literal8 ~{N} (RFC 3516 section 4.4): any octet, NUL
    // included, sent unchanged. imaplib's append() result.
    imaplib::response append_binary(string_or_none mailbox, string_or_none flags, const internaldate_arg& date_time,
                                    std::string_view message, std::error_code& ec) {
        return boundary(ec, [&](failure& f) { return append_binary(mailbox, flags, date_time, message, f); });
    }
    // A mailbox name in UTF-8 as this connection sends it (UTF-8 once UTF8=ACCEPT or
    // IMAP4rev2 is enabled, else modified UTF-7), and a name from the server in UTF-8.
    std::string encode_mailbox(std::string_view utf8_name, std::error_code& ec) const {
        return detail::mailbox_to_wire(utf8_name, session_.utf8_accepted(), ec);
    }
    std::string decode_mailbox(std::string_view wire_name, std::error_code& ec) const {
        return detail::mailbox_from_wire(wire_name, session_.utf8_accepted(), ec);
    }
    // IMAP4rev2 is enabled: imaplib's methods follow RFC 9051 (docs/extensions.md).
    bool is_rev2() const noexcept { return session_.is_enabled("IMAP4REV2"); }
#ifndef IMAPLIB_NO_EXCEPTIONS
    enable_result enable_capabilities(arg_list capabilities) {
        return call([&](failure& f) { return enable_capabilities(capabilities, f); });
    }
    binary_result fetch_binary(std::string_view message_set, std::string_view section,
                               const binary_options& options = {}) {
        return call([&](failure& f) { return fetch_binary(message_set, section, options, false, f); });
    }
    binary_result fetch_binary_size(std::string_view message_set, std::string_view section,
                                    const binary_options& options = {}) {
        return call([&](failure& f) { return fetch_binary(message_set, section, options, true, f); });
    }
    imaplib::response append_binary(string_or_none mailbox, string_or_none flags, const internaldate_arg& date_time,
                                    std::string_view message) {
        return call([&](failure& f) { return append_binary(mailbox, flags, date_time, message, f); });
    }
    std::string encode_mailbox(std::string_view utf8_name) const {
        std::error_code ec;
        std::string out = encode_mailbox(utf8_name, ec);
        if (ec) throw_error(ec, "mailbox name is not UTF-8");
        return out;
    }
    std::string decode_mailbox(std::string_view wire_name) const {
        std::error_code ec;
        std::string out = decode_mailbox(wire_name, ec);
        if (ec) throw_error(ec, "mailbox name is not modified UTF-7");
        return out;
    }
#endif

    // ---- IDLE (RFC 2177), as imaplib 3.14's idle() and Idler ---------------------------

    // What idle() returns (engine/impl/basic_imap4_idle.hpp): entered, it yields the
    // untagged responses as they arrive; done() or its destructor sends DONE.
    class idler;
    // imaplib's idle(duration): sends IDLE and waits for the server's '+'. `duration`
    // ends the iteration after that long (none: never). The client must outlive the idler.
    idler idle(timeout_type duration, std::error_code& ec);
    // Beyond imaplib, for the idlers made afterwards. Restart: leave and re-enter IDLE
    // after this long (default 29 minutes, RFC 2177 section 3; nullopt: never), keeping
    // every response. Keepalive: after `quiet` without a response, leave IDLE, NOOP and
    // re-enter, all within `answer`, or fail with errc::keepalive_failed (an abort).
    void set_idle_restart(timeout_type every) noexcept { idle_restart_ = every; }
    void set_idle_keepalive(timeout_type quiet, std::chrono::milliseconds answer = std::chrono::seconds(10)) noexcept {
        idle_keepalive_ = quiet;
        idle_answer_ = answer;
    }
#ifndef IMAPLIB_NO_EXCEPTIONS
    idler idle(timeout_type duration = {});
#endif

    // imaplib's _mesg(): one timestamped line to the debug sink (stderr by default).
    void mesg(std::string_view text) { debug_->log.mesg(text); }
    // imaplib's print_log(): the last interactions, at debug level 1 and up.
    void print_log() { debug_->log.print_log(); }

private:
    // ---- typed queries (engine/impl/basic_imap4_query.hpp)
    void extension_command(std::string_view name, state_set allowed);
    bool untagged_result(imaplib::response r, std::string_view name, imaplib::response& out, failure& f);
    template <class Fill>
    bool fill_each(const imaplib::response& r, std::string_view name, failure& f, Fill&& fill);
    esearch_result esearch_command(bool uid, search_return options, arg_list criteria, failure& f);
    list_result list_extended(std::string_view reference, arg_list patterns, const list_options& options, failure& f);
    imaplib::response create(std::string_view mailbox, arg_list uses, failure& f);
    status_result status(std::string_view mailbox, status_item items, failure& f);
    id_result id(const id_fields& fields, failure& f);
    metadata_result getmetadata(std::string_view mailbox, arg_list entries, const metadata_options& options, failure& f);
    imaplib::response setmetadata(std::string_view mailbox, const std::vector<metadata_entry>& entries, failure& f);
    quota_result quota_command(std::string_view name, std::string_view arg, failure& f);
    quota_result quota(std::string_view root, failure& f);
    quota_result quotaroot(std::string_view mailbox, failure& f);
    imaplib::response unauthenticate(failure& f);
    fetch_info_result fetch(std::string_view message_set, fetch_item items, failure& f);

    // ---- the commands, failing with their message (engine/impl/basic_imap4_commands.hpp)

    imaplib::response append(string_or_none mailbox, string_or_none flags, const internaldate_arg& date_time, std::string_view message, failure& f);
    imaplib::response authenticate(std::string_view mechanism, authobject_type authobject, failure& f);
    imaplib::response capability(failure& f);
    imaplib::response check(failure& f);
    // ---- SASL (engine/impl/basic_imap4_sasl.hpp)
    template <class Mechanism>
    imaplib::response sasl_exchange(Mechanism& mechanism, failure& f);
    login_result login_best(std::string_view user, std::string_view password, const login_options& options, failure& f);
    template <class Mechanism>
    login_result login_with(Mechanism&& mechanism, failure& f);
    sasl::channel_binding channel_binding(failure& f);
    bool connection_is_tls() const noexcept;
    imaplib::response close(failure& f);
    imaplib::response copy(std::string_view message_set, std::string_view new_mailbox, failure& f);
    imaplib::response create(std::string_view mailbox, failure& f);
    imaplib::response delete_mailbox(std::string_view mailbox, failure& f);
    imaplib::response deleteacl(std::string_view mailbox, std::string_view who, failure& f);
    imaplib::response enable(std::string_view capability, failure& f);
    imaplib::response expunge(failure& f);
    imaplib::response fetch(std::string_view message_set, std::string_view message_parts, failure& f);
    imaplib::response getacl(std::string_view mailbox, failure& f);
    imaplib::response getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute, failure& f);
    imaplib::response getquota(std::string_view root, failure& f);
    imaplib::response getquotaroot(std::string_view mailbox, failure& f);
    imaplib::response list(std::string_view directory, std::string_view pattern, failure& f);
    imaplib::response login(std::string_view user, std::string_view password, failure& f);
    imaplib::response login_cram_md5(std::string_view user, std::string_view password, failure& f);
    imaplib::response logout(failure& f);
    imaplib::response lsub(std::string_view directory, std::string_view pattern, failure& f);
    imaplib::response myrights(std::string_view mailbox, failure& f);
    imaplib::response namespaces(failure& f);
    imaplib::response noop(failure& f);
    imaplib::response partial(std::string_view message_num, std::string_view message_part, std::string_view start, std::string_view length, failure& f);
    imaplib::response proxyauth(std::string_view user, failure& f);
    imaplib::response rename(std::string_view oldmailbox, std::string_view newmailbox, failure& f);
    imaplib::response search(string_or_none charset, arg_list criteria, failure& f);
    imaplib::response select(std::string_view mailbox, bool readonly, failure& f);
    // SELECT / EXAMINE with `parameters` (RFC 4466 section 2.4) after the mailbox; `given`
    // names it in imaplib's messages.
    imaplib::response select_with(std::string_view mailbox, std::string_view parameters, bool readonly,
                                  std::string_view given, failure& f);
    imaplib::response setacl(std::string_view mailbox, std::string_view who, std::string_view what, failure& f);
    imaplib::response setannotation(arg_list args, failure& f);
    imaplib::response setquota(std::string_view root, std::string_view limits, failure& f);
    imaplib::response sort(std::string_view sort_criteria, std::string_view charset, arg_list search_criteria, failure& f);
    template <class Context>
    imaplib::response starttls(const Context& ssl_context, failure& f);
    imaplib::response status(std::string_view mailbox, std::string_view names, failure& f);
    imaplib::response store(std::string_view message_set, std::string_view command, std::string_view flags, failure& f);
    imaplib::response subscribe(std::string_view mailbox, failure& f);
    imaplib::response thread(std::string_view threading_algorithm, std::string_view charset, arg_list search_criteria, failure& f);
    imaplib::response uid(std::string_view command, arg_list args, failure& f);
    imaplib::response unselect(failure& f);
    imaplib::response compress(std::string_view mechanism, failure& f);
    imaplib::response unsubscribe(std::string_view mailbox, failure& f);
    imaplib::response xatom(std::string_view name, arg_list args, failure& f);
    // ---- ENABLE, BINARY, IMAP4rev2 (engine/impl/basic_imap4_rev2.hpp)
    enable_result enable_capabilities(arg_list capabilities, failure& f);
    void note_enabled(std::string_view capability);
    binary_result fetch_binary(std::string_view message_set, std::string_view section, const binary_options& options,
                               bool size_only, failure& f);
    imaplib::response append_binary(string_or_none mailbox, string_or_none flags, const internaldate_arg& date_time,
                                    std::string_view message, failure& f);
    imaplib::response rev2_search_result(imaplib::response r, failure& f);

    // ---- CONDSTORE / QRESYNC (engine/impl/basic_imap4_sync.hpp)
    select_result select(std::string_view mailbox, const select_params& params, bool readonly, failure& f);
    changes_result uid_fetch_changedsince(std::string_view uid_set, std::uint64_t modseq, bool vanished, failure& f);
    store_result uid_store_unchangedsince(std::string_view uid_set, std::uint64_t modseq, std::string_view command,
                                          std::string_view flags, failure& f);
    sequence_set vanished(failure& f);
    bool sync_capability(std::string_view name, failure& f);
    // ---- MOVE, UIDPLUS, MULTIAPPEND, APPENDLIMIT, LITERAL+/- (engine/impl/basic_imap4_move.hpp)
    move_result move(std::string_view message_set, std::string_view mailbox, bool by_uid, failure& f);
    append_result multiappend(std::string_view mailbox, const std::vector<append_message>& messages, failure& f);
    bool check_appendlimit(std::string_view mailbox, const std::vector<command_arg>& args, failure& f);
    nonsync_literals nonsync_mode() const;
    std::size_t copyuid_count();
    void forget_codes(std::string_view name, std::size_t known);
    std::optional<copyuid_data> new_copyuid(std::size_t known, failure& f);

    // ---- errors --------------------------------------------------------------------

    // Records a failure. An abort-kind error means the connection is dead: it is closed,
    // so that nothing more is read from a stream in an unknown state.
    void fail(failure& f, std::error_code code, std::string message) {
        f.set(code, std::move(message));
        if (kind_of(code) == error_kind::abort && open_) close_transport();
    }
    void fail(failure& f, errc code, std::string message) { fail(f, make_error_code(code), std::move(message)); }
    imaplib::response fail_r(failure& f, std::error_code code, std::string message) {
        fail(f, code, std::move(message));
        return {};
    }
    imaplib::response fail_r(failure& f, errc code, std::string message) {
        return fail_r(f, make_error_code(code), std::move(message));
    }
    // A failure the session reported: a broken stream closes the connection too.
    bool failed(failure& f) {
        if (kind_of(f.code) == error_kind::abort && open_) close_transport();
        return false;
    }

    // The public API's boundary: the failure's message becomes error_message().
    template <class F>
    auto boundary(std::error_code& ec, F&& fn) {
        failure f;
        if constexpr (std::is_void_v<decltype(fn(f))>) {
            fn(f);
            settle(ec, f);
        } else {
            auto result = fn(f);
            settle(ec, f);
            return result;
        }
    }
    void settle(std::error_code& ec, failure& f) {
        ec = f.code;
        if (f) error_message_ = std::move(f.message);
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    template <class F>
    auto call(F&& fn) {
        failure f;
        if constexpr (std::is_void_v<decltype(fn(f))>) {
            fn(f);
            raise(f);
        } else {
            auto result = fn(f);
            raise(f);
            return result;
        }
    }
    void raise(failure& f) {
        if (!f) return;
        error_message_ = f.message;
        throw_error(f.code, f.message);
    }
#endif

    // The variadic methods' one body: splits off a trailing std::error_code&, makes an
    // arg_list of the rest and runs the throwing or the error_code form.
    template <class Run, class... Args>
    imaplib::response with_star_args(Run&& run, Args&... args) {
        using form = detail::star_args<Args&...>;
        static_assert(form::valid,
                      "imaplib: a variadic method (search, uid, xatom, sort, thread, setannotation) takes "
                      "strings (anything convertible to std::string_view), or one arg_list ({...} or a "
                      "std::vector<std::string_view>), then optionally a std::error_code& last: "
                      "M.uid(\"FETCH\", \"1:*\", \"(FLAGS)\") throws, "
                      "M.uid(\"FETCH\", \"1:*\", \"(FLAGS)\", ec) does not");
#ifdef IMAPLIB_NO_EXCEPTIONS
        static_assert(form::with_ec || !form::valid,
                      "imaplib: this build has no exceptions, so only the error_code forms exist: "
                      "pass a std::error_code& as the last argument");
#endif
        if constexpr (form::valid) {
            std::tuple<Args&...> refs(args...);
            return star_args_split<form>(run, refs, std::make_index_sequence<form::strings>());
        } else {
            return {};
        }
    }
    template <class Form, class Run, class Tuple, std::size_t... I>
    imaplib::response star_args_split(Run& run, Tuple& refs, std::index_sequence<I...>) {
        if constexpr (Form::as_list) {
            return star_args_run<Form>(run, refs, arg_list(std::get<0>(refs)));
        } else {
            const std::string_view list[] = {std::string_view(std::get<I>(refs))..., {}};
            return star_args_run<Form>(run, refs, arg_list(list, sizeof...(I)));
        }
    }
    template <class Form, class Run, class Tuple>
    imaplib::response star_args_run(Run& run, Tuple& refs, arg_list list) {
        if constexpr (Form::with_ec) {
            return boundary(std::get<Form::count - 1>(refs), [&](failure& f) { return run(list, f); });
        } else {
#ifndef IMAPLIB_NO_EXCEPTIONS
            return call([&](failure& f) { return run(list, f); });
#else
            return {};
#endif
        }
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
        session_.discard_io();
    }

    // The session reports to imaplib's debug output only when there is some.
    void observe() noexcept { session_.set_observer(debug() > 0 ? debug_.get() : nullptr); }

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
    bool arm_io(failure& f) {
        if (!deadline_at_) return true;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_at_ - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            deadline_bound_ = true;
            fail(f, errc::timeout, deadline_text());
            return false;
        }
        deadline_bound_ = !timeout_ || left < *timeout_;
        transport_.set_timeout(deadline_bound_ ? left : *timeout_);
        return true;
    }
    std::string deadline_text() const {
        return "command deadline of " + std::to_string(deadline_ ? deadline_->count() : 0) + " ms passed";
    }

    // ---- connecting ------------------------------------------------------------------

    void connect(std::string_view host, std::uint16_t port, timeout_type timeout, failure& f) {
        const deadline_scope scope(*this);  // set_deadline: the connection, greeting included
        open(host, port, timeout, f);
        if (!f) greet(f);
        if (f && open_) close_transport();
    }

    void open(std::string_view host, std::uint16_t port, timeout_type timeout, failure& f) {
        if (timeout && timeout->count() == 0)
            return fail(f, errc::invalid_argument, "Non-blocking socket (timeout=0) is not supported");
        if (!timeout) timeout = get_default_timeout();
        host_ = std::string(host);
        port_ = port;
        if (on_open_) on_open_(host_, port_);
        timeout_ = timeout;
        transport_.set_timeout(timeout);
        if (!arm_io(f)) return;
        std::error_code ec;
        transport_.open(host, port, ec);
        if (ec == errc::timeout && deadline_bound_) return fail(f, ec, deadline_text());
        if (ec) return fail(f, ec, "socket error: " + transport_error_text(ec));
        open_ = true;
        dead_ = false;
        session_.discard_io();
    }

    void greet(failure& f) {
        session_.start(detail::new_tagpre());
        tls_established_ = false;
        utf8_enabled_ = false;
        if (debug() >= 1) mesg("new IMAP4 connection, tag=" + session_.tagpre());
        get_response(f, &welcome_);
        if (f) return;
        if (session_.find_untagged("PREAUTH")) {
            session_.state(state::auth);
        } else if (session_.find_untagged("OK")) {
            session_.state(state::nonauth);
        } else {
            // A BYE (or anything else) as the greeting: imaplib raises error(welcome).
            return fail(f, session_.find_untagged("BYE") ? errc::bye : errc::protocol_violation,
                        detail::repr(welcome_));
        }
        get_capabilities(f);
        if (f) return;
        if (debug() >= 3) mesg("CAPABILITIES: " + python_repr(capabilities_));
        for (std::string_view version : AllowedVersions) {
            if (has_capability(version)) {
                protocol_version_ = std::string(version);
                return;
            }
        }
        if (has_capability("IMAP4REV2")) {  // RFC 9051 alone: beyond imaplib's AllowedVersions
            protocol_version_ = "IMAP4REV2";
            return;
        }
        fail(f, errc::protocol_violation, "server not IMAP4 compliant");
    }

    void get_capabilities(failure& f) {
        imaplib::response r = capability(f);
        if (f) return;
        if (r.data.size() == 1 && r.data[0].is_none())
            return fail(f, errc::protocol_violation, "no CAPABILITY response from server");
        const std::string text = detail::to_upper(r.data.back().bytes());
        capabilities_.clear();
        for (std::string_view word : split(text)) capabilities_.emplace_back(word);
        capabilities_before_auth_ = session_.state() == state::nonauth;
    }

    bool has_capability(std::string_view name) const {
        return std::find(capabilities_.begin(), capabilities_.end(), name) != capabilities_.end();
    }

    // Servers announce more once authenticated (Dovecot: MOVE, BINARY, CONDSTORE, COMPRESS,
    // ...), while imaplib keeps the list read before: the typed methods ask CAPABILITY once
    // more after login before relying on it.
    bool refresh_capabilities(failure& f) {
        if (capabilities_before_auth_ && (session_.state() == state::auth || session_.state() == state::selected))
            get_capabilities(f);
        return !f;
    }
    bool advertised(std::string_view name, failure& f) {
        return has_capability(name) || (refresh_capabilities(f) && has_capability(name));
    }
    // One of `names` advertised, else errc::capability_missing and nothing is sent.
    bool require_capability(std::initializer_list<std::string_view> names, failure& f) {
        for (std::string_view name : names) {
            if (advertised(name, f)) return true;
            if (f) return false;
        }
        fail(f, errc::capability_missing, "Server does not support " + std::string(*names.begin()));
        return false;
    }

    // ---- the transport: bytes between it and the session ---------------------------------

    // Reads more bytes into the session's buffer (no copy in between). False on failure.
    bool fill(failure& f) {
        if (!open_ || dead_) {
            fail(f, errc::connection_closed, "socket error: EOF");
            return false;
        }
        constexpr std::size_t chunk = 64 * 1024;
        std::error_code ec;
        char* space = session_.prepare(chunk);
        if (!arm_io(f)) return false;
        const std::size_t n = transport_.read_some(space, chunk, ec);
        if (ec) {
            fail(f, ec,
                 ec == errc::connection_closed       ? std::string("socket error: EOF")
                 : ec == errc::timeout && deadline_bound_ ? deadline_text()
                                                          : "socket error: " + transport_error_text(ec));
            return false;
        }
        session_.commit(n);
        return true;
    }

    // Writes what the session has to send, one part per write (imaplib's send()).
    bool flush(failure& f) {
        while (session_.has_output()) {
            const std::string_view out = session_.output();
            if (!send(out, f)) return false;
            session_.consume_output(out.size());
        }
        return true;
    }

    bool send(std::string_view data, failure& f) {
        if (on_send_) on_send_(data);
        if (!open_ || dead_) {
            fail(f, errc::connection_closed, "socket error: connection closed");
            return false;
        }
        if (!arm_io(f)) return false;
        std::error_code ec;
        transport_.write_all(data.data(), data.size(), ec);
        if (ec) {
            const std::string text =
                ec == errc::timeout && deadline_bound_ ? deadline_text() : "socket error: " + transport_error_text(ec);
            close_transport();
            fail(f, ec, text);
            return false;
        }
        return true;
    }

    std::string read(std::size_t size, failure& f) {
        while (session_.input().size() < size && fill(f)) {}
        if (f && f.code != errc::connection_closed) return {};
        f = failure{};
        const std::string_view in = session_.input();
        std::string out(in.substr(0, std::min(size, in.size())));
        session_.consume_input(out.size());
        return out;
    }
    std::string readline(failure& f) {
        std::size_t scanned = 0;
        for (;;) {
            const std::string_view view = session_.input();
            const auto lf = view.find('\n', scanned);
            if (lf != std::string_view::npos) {
                std::string out(view.substr(0, lf + 1));
                session_.consume_input(lf + 1);
                return out;
            }
            scanned = view.size();
            const std::size_t max_line = session_.response_limits().max_line;
            if (scanned > max_line) {
                fail(f, errc::line_too_long, "got more than " + std::to_string(max_line) + " bytes");
                return {};
            }
            if (!fill(f)) {
                if (f.code == errc::connection_closed) {
                    f = failure{};
                    std::string out(session_.input());
                    session_.consume_input(out.size());
                    return out;
                }
                return {};
            }
        }
    }

    // imaplib's _get_response(): reads until the session has taken one response. Returns
    // false for a continuation request (imaplib's None). `first_line`, when given,
    // receives the response's first line (the greeting's is imaplib's `welcome`).
    bool get_response(failure& f, std::string* first_line = nullptr) {
        session_event ev;
        while (!session_.next(ev, f)) {
            if (f) return failed(f);
            if (!fill(f)) return false;
        }
        if (first_line) first_line->assign(ev.line.data(), ev.line.size());
        return ev.type != session_event::kind::continuation;
    }

    // ---- commands ----------------------------------------------------------------------

    // imaplib's _command(): sends the command (its literals after the server's go-ahead)
    // and returns its tag. AUTHENTICATE has its own loop (impl/basic_imap4_sasl.hpp).
    std::string command(std::string_view name, const command_arg* args, std::size_t nargs, arg_list extra,
                        failure& f) {
        if (!before_command(name, f)) return {};
        std::string tag = session_.command(name, args, nargs, extra, f);
        if (f) return {};
        if (session_.sending(tag) && !no_early_continuation(f)) return {};
        if (!flush(f)) return {};
        while (session_.sending(tag)) {
            // A tagged reply (NO, BAD) instead of '+' ends the command and the literal is
            // never sent (RFC 3501 section 7.5).
            while (get_response(f)) {
                if (session_.completed(tag)) return tag;
            }
            if (f) return {};
            if (!flush(f)) return {};
        }
        return tag;
    }

    // imaplib's checks before _command() sends anything: the state, the READ-ONLY change;
    // and the OK, NO and BAD responses of the last command are dropped.
    bool before_command(std::string_view name, failure& f) {
        state_set set = 0;
        if (!session_.allowed(name, set)) {
            fail(f, errc::illegal_state, session_.illegal_state_text(name, set));
            return false;
        }
        for (const char* typ : {"OK", "NO", "BAD"}) session_.pop_untagged(typ);
        if (session_.find_untagged("READ-ONLY") && !is_readonly_) {
            fail(f, errc::mailbox_readonly, "mailbox status changed to READ-ONLY");
            return false;
        }
        return true;
    }

    // Before a command that waits for "+" is written: every response already received,
    // and whatever the transport can deliver without blocking (available(), when it has
    // one), is taken now. A "+" among them came before the command, so the session calls
    // it stale (RFC 9051 section 7.5) and nothing of the command goes out. A "+" still in
    // the network when the command leaves cannot be told from the real answer: the
    // server's reply carries no tag. False (and an abort) on failure.
    bool no_early_continuation(failure& f) {
        for (;;) {
            session_event ev;
            while (session_.next(ev, f)) {}
            if (f) return failed(f);
            if constexpr (has_available_v<Transport>) {
                if (open_ && !dead_) {
                    std::error_code ec;
                    const std::size_t ready = transport_.available(ec);
                    if (ec) {
                        fail(f, ec, "socket error: " + transport_error_text(ec));
                        return false;
                    }
                    if (ready > 0) {
                        if (!fill(f)) return false;
                        continue;
                    }
                }
            }
            return check_bye(f);
        }
    }

    // imaplib's _command_complete().
    imaplib::response command_complete(std::string_view name, const std::string& tag, failure& f) {
        const bool logout = name == "LOGOUT";
        if (!logout && !check_bye(f)) return {};
        imaplib::response r = get_tagged_response(tag, logout, f);
        if (f) {
            f.message = "command: " + std::string(name) + " => " + f.message;
            return {};
        }
        if (!logout && !check_bye(f)) return {};
        if (r.typ == "BAD")
            return fail_r(f, errc::command_failed, std::string(name) + " command error: BAD " + python_repr(r.data));
        return r;
    }

    imaplib::response get_tagged_response(const std::string& tag, bool expect_bye, failure& f) {
        for (;;) {
            if (std::optional<imaplib::response> r = session_.take_tagged(tag)) return std::move(*r);
            if (expect_bye) {
                if (std::optional<data_list> bye = session_.pop_untagged("BYE")) {
                    session_.forget(tag);
                    return {"BYE", std::move(*bye)};
                }
            }
            if (!check_bye(f)) return {};
            get_response(f);
            if (f) {
                if (debug() >= 1 && kind_of(f.code) == error_kind::abort) print_log();
                return {};
            }
        }
    }

    // imaplib's _check_bye().
    bool check_bye(failure& f) {
        if (!session_.has_bye()) return true;  // once per response read: no lookup
        const data_list* bye = session_.find_untagged("BYE");
        if (bye && !bye->empty()) {
            fail(f, errc::bye, detail::decode_replace(bye->back().bytes()));
            return false;
        }
        return true;
    }

    imaplib::response simple_command(std::string_view name, std::initializer_list<command_arg> args, arg_list extra,
                                     failure& f) {
        return simple_command(name, args.begin(), args.size(), extra, f);
    }
    template <std::size_t N>
    imaplib::response simple_command(std::string_view name, const command_arg (&args)[N], arg_list extra,
                                     failure& f) {
        return simple_command(name, args, N, extra, f);
    }
    imaplib::response simple_command(std::string_view name, const command_arg* args, std::size_t nargs,
                                     arg_list extra, failure& f) {
        const deadline_scope scope(*this);
        const std::string tag = command(name, args, nargs, extra, f);
        if (f) return {};
        return command_complete(name, tag, f);
    }
    imaplib::response simple(std::string_view name, std::initializer_list<command_arg> args, failure& f) {
        return simple_command(name, args, {}, f);
    }
    // A command whose result is the untagged responses called `result_name`.
    imaplib::response named(std::string_view name, std::initializer_list<command_arg> args,
                            std::string_view result_name, failure& f) {
        return untagged_response(simple(name, args, f), result_name, f);
    }

    // imaplib's _untagged_response(typ, dat, name).
    imaplib::response untagged_response(imaplib::response r, std::string_view name) {
        if (r.typ == "NO") return r;
        std::optional<data_list> data = session_.pop_untagged(name);
        if (!data) return {std::move(r.typ), {data_item{}}};
        if (debug() >= 5) mesg("untagged_responses[" + std::string(name) + "] => " + python_repr(*data));
        return {std::move(r.typ), std::move(*data)};
    }
    imaplib::response untagged_response(imaplib::response r, std::string_view name, failure& f) {
        if (f) return {};
        return untagged_response(std::move(r), name);
    }

    imaplib::response recent(failure& f) {
        imaplib::response r = untagged_response({"OK", {data_item{}}}, "RECENT");
        if (r.data.back() || is_rev2()) return r;  // RFC 9051 has no RECENT: no NOOP to wait for one
        r = noop(f);
        if (f) return {};
        return untagged_response(std::move(r), "RECENT");
    }

    Transport transport_;
    session session_;
    std::unique_ptr<detail::imaplib_debug> debug_;  // on the heap: the session points to it

    bool open_ = false;
    bool dead_ = false;
    bool is_readonly_ = false;
    bool utf8_enabled_ = false;  // imaplib's utf8_enabled
    bool tls_established_ = false;
    bool idling_ = false;  // an idler is entered (imaplib's IDLING state)
    timeout_type idle_restart_ = std::chrono::minutes(29);
    timeout_type idle_keepalive_;
    std::chrono::milliseconds idle_answer_ = std::chrono::seconds(10);
    timeout_type timeout_;   // per read and write, as given to open()
    timeout_type deadline_;  // per command (set_deadline)
    std::optional<std::chrono::steady_clock::time_point> deadline_at_;  // while armed
    bool deadline_bound_ = false;  // the last wait given to the transport ends at the deadline
    std::string host_;
    std::uint16_t port_ = 0;
    std::string welcome_;
    std::string protocol_version_;
    std::string error_message_;
    std::vector<std::string> capabilities_;
    bool capabilities_before_auth_ = false;  // capabilities_ read in NONAUTH (refresh_capabilities)
    open_hook_type on_open_;
    send_hook_type on_send_;
};

IMAPLIB_END_NAMESPACE

// The member definitions (Beast's impl/ split). With separate compilation a TU sees only
// the member templates' (starttls, the SASL exchange) and the idler class: the clients
// over the shipped transports are explicit instantiations in the TU that includes src.hpp
// (detail/instantiate.hpp), Asio's pattern; imap4.hpp declares them extern. The COMPRESS
// clients are not among them (imaplib::compiled needs no zlib): a TU with IMAPLIB_USE_ZLIB
// sees what does not need the grammar, as before.
#include <imaplib/engine/impl/basic_imap4_commands.hpp>
#include <imaplib/engine/impl/basic_imap4_sasl.hpp>
#include <imaplib/engine/impl/basic_imap4_idle.hpp>
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/basic_imap4_sync.hpp>
#endif
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE) || defined(IMAPLIB_USE_ZLIB)
#include <imaplib/engine/impl/basic_imap4_move.hpp>
#endif
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/impl/basic_imap4_query.hpp>
#include <imaplib/engine/impl/basic_imap4_rev2.hpp>
#endif

#endif  // IMAPLIB_ENGINE_BASIC_IMAP4_HPP
