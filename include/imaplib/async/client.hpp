// imaplib-cpp: basic_async_imap4<AsyncTransport>, the async client (docs/async.md).
//
// The same protocol session as the blocking client (engine/session.hpp), driven by Asio:
// every imaplib method has an async_ form following Asio's completion-token protocol,
// completing with (std::error_code, imaplib::response) -- callbacks, asio::use_future,
// asio::deferred and asio::use_awaitable all work:
//
//   imaplib::async_imap4 m(io.get_executor());
//   co_await m.async_connect("imap.example.org", 143, asio::use_awaitable);
//   co_await m.async_login(user, password, asio::use_awaitable);
//   auto [typ, data] = co_await m.async_select("INBOX", false, asio::use_awaitable);
//
// Several operations issued without waiting are pipelined (RFC 9051 section 5.5): each
// goes out as soon as the rule below allows, several tags in flight, each completion
// routed by its tag. A command's result is what imaplib's would be: the untagged
// responses of its kind received up to its tagged completion (and not taken by an
// earlier completion). Commands whose results would be ambiguous are held back:
//   - state changers (SELECT, EXAMINE, CLOSE, UNSELECT, LOGIN, AUTHENTICATE, LOGOUT,
//     STARTTLS, ENABLE, IDLE, EXPUNGE, UID EXPUNGE, UID MOVE, extensions by xatom) wait
//     until nothing is in flight, and nothing goes out until they complete;
//   - commands with message sequence numbers (FETCH, STORE, SEARCH, COPY, SORT, THREAD,
//     PARTIAL) wait while a command other than FETCH, STORE and SEARCH (UID forms
//     included) is in flight: only those three may not cause EXPUNGE (section 7.5.1).
#ifndef IMAPLIB_ASYNC_CLIENT_HPP
#define IMAPLIB_ASYNC_CLIENT_HPP

#include <imaplib/config.hpp>
#include <imaplib/async/concept.hpp>
#include <imaplib/engine/authenticate.hpp>
#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/engine/session.hpp>
#include <imaplib/error.hpp>
#include <imaplib/limits.hpp>
#include <imaplib/sasl/channel_binding.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/transport/concept.hpp>
#include <imaplib/util/int2ap.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/buffer.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/compose.hpp>
#include <asio/error.hpp>
#include <asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

// The UID of a FETCH response's data, "(FLAGS (\\Seen) UID 7 ...)": the msg-att at the
// top level of the list (quoted strings and literals skipped), if there is one.
inline std::optional<std::uint32_t> fetch_uid(std::string_view text) {
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
        } else if (c == '{') {  // {N}CRLF and N bytes
            std::size_t n = 0, j = i + 1;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9') n = n * 10 + static_cast<std::size_t>(text[j++] - '0');
            const std::size_t end = text.find('\n', j);
            if (end == std::string_view::npos) return std::nullopt;
            i = end + n;
        } else if (c == '(' || c == '[') {
            ++depth;
        } else if (c == ')' || c == ']') {
            --depth;
        } else if (depth == 1 && (c == 'U' || c == 'u') && (text[i - 1] == '(' || text[i - 1] == ' ') &&
                   i + 4 < text.size() && (text[i + 1] | 0x20) == 'i' && (text[i + 2] | 0x20) == 'd' &&
                   text[i + 3] == ' ') {
            std::uint64_t uid = 0;
            std::size_t j = i + 4;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9' && uid <= 0xFFFFFFFFu)
                uid = uid * 10 + static_cast<std::uint64_t>(text[j++] - '0');
            if (j == i + 4 || uid == 0 || uid > 0xFFFFFFFFu) return std::nullopt;
            return static_cast<std::uint32_t>(uid);
        }
    }
    return std::nullopt;
}

// One operation of an async client: a command, the greeting, or an IDLE wait, with what
// it sends (its arguments copied: the caller's may be gone by the time it is issued) and
// where its result goes. Its timer is both the operation's timeout and its wake-up: the
// client cancels it when the result is in.
struct async_pending {
    enum class kind { command, greeting, idle, idle_events, idle_done, ready, raw_read, raw_readline, raw_send };

    explicit async_pending(const asio::any_io_executor& ex) : timer(ex) {}

    std::string_view keep(std::string_view text) {
        strings.emplace_back(text);
        return strings.back();
    }
    void arg(std::string_view text, arg_kind how, bool present = true) {
        args.push_back(command_arg{keep(text), how, present});
    }
    void extra_args(arg_list list) {
        for (std::string_view a : list) extra.push_back(keep(a));
    }

    asio::steady_timer timer;
    kind what = kind::command;
    std::string name;                   // the command as sent
    std::deque<std::string> strings;    // the arguments' bytes (stable addresses)
    std::vector<command_arg> args;
    std::vector<std::string_view> extra;
    bool exclusive = false;             // waits for an empty pipeline and holds it
    bool holder = false;                // one of the commands of the operation holding the pipeline
    bool uses_seq = false;              // message sequence numbers in its arguments
    bool expunge_free = false;          // FETCH, STORE, SEARCH: no EXPUNGE while in flight
    std::string result_name;            // the untagged responses it returns, if any
    std::optional<sequence_set> uids;   // UID FETCH, UID STORE: its responses are told by UID
    data_list routed;                   // those responses, taken as they came
    std::function<bool(failure&)> before;                    // at issue time
    std::function<response(response, failure&)> finish;     // at the tagged completion
    // AUTHENTICATE's hooks and login_best()'s choice, on the heap: few operations have them.
    struct authentication {
        std::function<std::string(failure&)> start;  // sends the command instead of s.command()
        std::function<bool(failure&)> challenge;     // answers a '+'; false aborts
        std::shared_ptr<void> owned;                 // the mechanism and its steps
        std::string mechanism;                       // login_best(): the SASL mechanism chosen
        bool login_command = false;                  // login_best(): the LOGIN command
    };
    std::unique_ptr<authentication> auth;
    std::size_t size = 0;                                    // raw_read: how many bytes
    std::string raw;                                         // raw_read, raw_readline: what came; raw_send: what goes
    std::optional<std::chrono::milliseconds> timeout;
    std::string tag;
    bool done = false;
    bool abandoned = false;  // cancelled after it went out: its completion is discarded
    failure f;
    response result;
    std::vector<response> batch;
};

}  // namespace detail

template <class AsyncTransport>
class basic_async_imap4 {
    static_assert(detail::check_async_transport<AsyncTransport>(),
                  "imaplib: basic_async_imap4<AsyncTransport> needs an async transport (docs/async.md)");

    struct core;
    using pending = detail::async_pending;
    using pending_ptr = std::shared_ptr<pending>;

public:
    using transport_type = AsyncTransport;
    using executor_type = typename AsyncTransport::executor_type;
    using timeout_type = std::optional<std::chrono::milliseconds>;
    using default_token = asio::default_completion_token_t<executor_type>;
    static constexpr std::uint16_t default_port = AsyncTransport::default_port;

    // Not connected; async_connect() later. The timeout of each operation starts as
    // get_default_timeout() (none unless set_default_timeout()).
    template <class Arg, class = std::enable_if_t<std::is_constructible_v<AsyncTransport, Arg&&> &&
                                                  !std::is_same_v<std::decay_t<Arg>, basic_async_imap4>>>
    explicit basic_async_imap4(Arg&& transport_or_executor, limits l = {})
        : core_(std::make_shared<core>(AsyncTransport(std::forward<Arg>(transport_or_executor)), l)) {}

    basic_async_imap4(basic_async_imap4&&) noexcept = default;
    basic_async_imap4& operator=(basic_async_imap4&& o) noexcept {
        if (this != &o) {
            if (core_) core_->abort(make_error_code(asio::error::operation_aborted), "client destroyed");
            core_ = std::move(o.core_);
        }
        return *this;
    }
    basic_async_imap4(const basic_async_imap4&) = delete;
    basic_async_imap4& operator=(const basic_async_imap4&) = delete;

    // Every operation still pending completes with asio::error::operation_aborted, through
    // its handler's executor, after this returns (never inside it); the handlers must not
    // touch this object. The connection is closed without LOGOUT.
    ~basic_async_imap4() {
        if (core_) core_->abort(make_error_code(asio::error::operation_aborted), "client destroyed");
    }

    executor_type get_executor() { return core_->transport.get_executor(); }
    AsyncTransport& transport() noexcept { return core_->transport; }
    const session& protocol() const noexcept { return core_->s; }

    // ---- attributes (imaplib's) ------------------------------------------------------

    std::string_view state() const noexcept {
        return core_->idle_active ? std::string_view("IDLING") : to_string(core_->s.state());
    }
    const std::vector<std::string>& capabilities() const noexcept { return core_->capabilities; }
    std::string_view PROTOCOL_VERSION() const noexcept { return core_->protocol_version; }
    const std::string& welcome() const noexcept { return core_->welcome; }
    bool is_readonly() const noexcept { return core_->is_readonly; }
    bool utf8_enabled() const noexcept { return core_->utf8_enabled; }
    const std::string& host() const noexcept { return core_->host; }
    const std::vector<std::pair<std::string, data_list>>& untagged_responses() const noexcept {
        return core_->s.untagged();
    }
    // imaplib's message for the last operation that failed.
    const std::string& error_message() const noexcept { return core_->error_message; }
    // Operations issued but not yet complete (queued or in flight).
    std::size_t pending_operations() const noexcept { return core_->queue.size() + core_->flight.size(); }

    // The time limit of each operation started from now on, from its call to its
    // completion; on expiry it completes with errc::timeout and the connection is closed
    // (an abort, as the blocking client's), every other pending operation failing with it.
    void set_timeout(timeout_type t) noexcept { core_->timeout = t && t->count() > 0 ? t : std::nullopt; }
    const timeout_type& timeout() const noexcept { return core_->timeout; }

    // IDLE's rules, as the blocking idler's (docs/idle.md): restart every `every`
    // (29 minutes; nullopt: never), and after `quiet` without a byte from the server a
    // NOOP that must be answered within `answer` (else errc::keepalive_failed).
    void set_idle_restart(timeout_type every) noexcept { core_->idle_restart = every; }
    void set_idle_keepalive(timeout_type quiet, std::chrono::milliseconds answer = std::chrono::seconds(10)) noexcept {
        core_->idle_keepalive = quiet;
        core_->idle_answer = answer;
    }

    // imaplib's response(code): pops the untagged responses named `code`, or [None].
    // FETCH responses no pipelined UID FETCH asked for come first (docs/async.md).
    imaplib::response response(std::string_view code) {
        std::optional<data_list> data = core_->pop_fetch_aware(detail::to_upper(code));
        if (!data) return {std::string(code), {data_item{}}};
        return {std::string(code), std::move(*data)};
    }

    // Closes the connection at once: every pending operation completes with
    // asio::error::operation_aborted.
    void shutdown() noexcept { core_->abort(make_error_code(asio::error::operation_aborted), "connection shut down"); }

    // ---- connecting -------------------------------------------------------------------

    // imaplib's IMAP4(host, port): connects, reads the greeting and the capabilities.
    // void(std::error_code).
    template <class Token = default_token>
    auto async_connect(std::string_view host, std::uint16_t port = default_port, Token&& token = default_token{}) {
        return asio::async_compose<Token, void(std::error_code)>(
            connect_op{composed_step{core_, nullptr}, std::string(host), port, 0, deadline(core_->timeout)}, token,
            core_->ex);
    }

    // STARTTLS (RFC 9051 section 6.2.1) on a transport that can upgrade in place: the
    // blocking client's checks and messages; every failure after the first check closes
    // the connection. void(std::error_code, imaplib::response).
    template <class Context, class Token = default_token, class T = AsyncTransport,
              class = std::enable_if_t<has_async_start_tls_v<T>>>
    auto async_starttls(const Context& ssl_context, Token&& token = default_token{}) {
        return asio::async_compose<Token, void(std::error_code, imaplib::response)>(
            starttls_op<Context>{composed_step{core_, nullptr}, &ssl_context, 0, {}, deadline(core_->timeout)}, token,
            core_->ex);
    }

    // COMPRESS=DEFLATE (RFC 4978) on a transport that can switch it on (async/compress.hpp:
    // async_imap4_compressed): the blocking compress()'s checks, nothing sent without the
    // capability (asked again once, as there, when it was read before LOGIN). On OK the
    // bytes read past the OK and every byte after are inflated, every command deflated; a
    // NO leaves the connection as it was. void(std::error_code, imaplib::response).
    template <class Token = default_token,
              std::enable_if_t<!std::is_convertible_v<Token, std::string_view>, int> = 0>
    auto async_compress(Token&& token = default_token{}) {
        return async_compress("DEFLATE", std::forward<Token>(token));
    }
    template <class Token = default_token>
    auto async_compress(std::string_view mechanism, Token&& token = default_token{}) {
        return asio::async_compose<Token, void(std::error_code, imaplib::response)>(
            compress_op{composed_step{core_, nullptr}, std::string(mechanism.substr(0, 60)), 0}, token, core_->ex);
    }

    // ---- IDLE (RFC 2177) -----------------------------------------------------------------

    // Enters IDLE if not idling yet, then completes with the untagged responses that came
    // (at least one, all those read together), in arrival order: void(std::error_code,
    // std::vector<imaplib::response>). IDLE stays on between calls; restart and keepalive
    // happen inside. Cancelling it sends DONE. Any other command issued meanwhile ends
    // IDLE first (DONE), and IDLE ends then.
    template <class Token = default_token>
    auto async_idle(Token&& token = default_token{}) {
        pending_ptr p = make_pending();
        p->what = pending::kind::idle_events;
        p->timeout.reset();
        return launch<std::vector<imaplib::response>>(std::move(p), token);
    }
    // Leaves IDLE: DONE, then the IDLE's tagged response. void(std::error_code, response).
    template <class Token = default_token>
    auto async_idle_done(Token&& token = default_token{}) {
        pending_ptr p = make_pending();
        p->what = pending::kind::idle_done;
        return launch<imaplib::response>(std::move(p), token);
    }

    // ---- IMAP commands: void(std::error_code, imaplib::response) -------------------------

    template <class Token = default_token>
    auto async_append(string_or_none mailbox, string_or_none flags, const internaldate_arg& date_time,
                      std::string_view message, Token&& token = default_token{}) {
        pending_ptr p = make_pending("APPEND");
        detail::append_args a;
        if (!detail::make_append_args(flags, date_time, message, a))
            return ready(std::move(p), failure{make_error_code(errc::invalid_argument), "date_time not of a known type"},
                         token);
        const std::string_view box = (mailbox && !mailbox->empty()) ? *mailbox : std::string_view("INBOX");
        p->arg(box, detail::arg_kind::astring);
        p->arg(a.flag_list, detail::arg_kind::flags, !a.flag_list.empty());
        p->arg(a.date, detail::arg_kind::date_time, !a.date.empty());
        p->arg(a.message, detail::arg_kind::literal);
        core* c = core_.get();
        const std::size_t message_index = p->args.size() - 1;
        pending* raw = p.get();
        // RFC 6855 section 4: after ENABLE UTF8=ACCEPT the message goes as UTF8 (~{N}).
        p->before = [c, raw, message_index](failure&) {
            if (c->s.utf8_accepted()) raw->args[message_index].kind = detail::arg_kind::utf8_literal;
            return true;
        };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_capability(Token&& token = default_token{}) {
        return named("CAPABILITY", {}, "CAPABILITY", token);
    }
    template <class Token = default_token>
    auto async_check(Token&& token = default_token{}) {
        return simple("CHECK", {}, token);
    }
    template <class Token = default_token>
    auto async_close(Token&& token = default_token{}) {
        pending_ptr p = make_pending("CLOSE");
        p->exclusive = true;
        core* c = core_.get();
        p->finish = [c](imaplib::response r, failure& f) {
            r = c->complete_command("CLOSE", std::move(r), f);
            c->s.state(state::auth);
            return r;
        };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_copy(std::string_view message_set, std::string_view new_mailbox, Token&& token = default_token{}) {
        pending_ptr p = make_pending("COPY");
        p->uses_seq = true;
        p->arg(message_set, detail::arg_kind::raw);
        p->arg(new_mailbox, detail::arg_kind::astring);
        return finish_simple(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_create(std::string_view mailbox, Token&& token = default_token{}) {
        return simple("CREATE", {{mailbox, detail::arg_kind::astring}}, token);
    }
    template <class Token = default_token>
    auto async_delete_mailbox(std::string_view mailbox, Token&& token = default_token{}) {
        return simple("DELETE", {{mailbox, detail::arg_kind::astring}}, token);
    }
    template <class Token = default_token>
    auto async_deleteacl(std::string_view mailbox, std::string_view who, Token&& token = default_token{}) {
        return simple("DELETEACL", {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring}}, token);
    }
    template <class Token = default_token>
    auto async_enable(std::string_view capability, Token&& token = default_token{}) {
        pending_ptr p = make_pending("ENABLE");
        if (!core_->has_capability("ENABLE"))
            return ready(std::move(p), failure{make_error_code(errc::capability_missing), "Server does not support ENABLE"},
                         token);
        p->exclusive = true;
        p->arg(capability, detail::arg_kind::raw);
        core* c = core_.get();
        const bool utf8 = detail::to_upper(capability).find("UTF8=ACCEPT") != std::string::npos;
        p->finish = [c, utf8](imaplib::response r, failure& f) {
            r = c->complete_command("ENABLE", std::move(r), f);
            if (!f && r.typ == "OK" && utf8) {
                c->utf8_enabled = true;
                if (const data_list* enabled = c->s.find_untagged("ENABLED"))
                    for (const data_item& item : *enabled)
                        for (std::string_view word : split(item.bytes()))
                            if (detail::to_upper(word) == "UTF8=ACCEPT") c->s.utf8_accepted(true);
            }
            return r;
        };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_expunge(Token&& token = default_token{}) {
        pending_ptr p = make_pending("EXPUNGE");
        p->exclusive = true;
        return finish_named(std::move(p), "EXPUNGE", token);
    }
    template <class Token = default_token>
    auto async_fetch(std::string_view message_set, std::string_view message_parts, Token&& token = default_token{}) {
        pending_ptr p = make_pending("FETCH");
        p->uses_seq = p->expunge_free = true;
        p->arg(message_set, detail::arg_kind::raw);
        p->arg(message_parts, detail::arg_kind::raw);
        return finish_named(std::move(p), "FETCH", token);
    }
    template <class Token = default_token>
    auto async_getacl(std::string_view mailbox, Token&& token = default_token{}) {
        return named("GETACL", {{mailbox, detail::arg_kind::astring}}, "ACL", token);
    }
    template <class Token = default_token>
    auto async_getannotation(std::string_view mailbox, std::string_view entry, std::string_view attribute,
                             Token&& token = default_token{}) {
        return named("GETANNOTATION",
                     {{mailbox, detail::arg_kind::astring}, {entry, detail::arg_kind::raw}, {attribute, detail::arg_kind::raw}},
                     "ANNOTATION", token);
    }
    template <class Token = default_token>
    auto async_getquota(std::string_view root, Token&& token = default_token{}) {
        return named("GETQUOTA", {{root, detail::arg_kind::astring}}, "QUOTA", token);
    }
    // (typ, [[QUOTAROOT responses...], [QUOTA responses...]]), as imaplib.
    template <class Token = default_token>
    auto async_getquotaroot(std::string_view mailbox, Token&& token = default_token{}) {
        pending_ptr p = make_pending("GETQUOTAROOT");
        p->arg(mailbox, detail::arg_kind::astring);
        core* c = core_.get();
        p->finish = [c](imaplib::response r, failure& f) {
            r = c->complete_command("GETQUOTAROOT", std::move(r), f);
            if (f) return imaplib::response{};
            imaplib::response quota = c->untagged_response({r.typ, r.data}, "QUOTA");
            imaplib::response quotaroot = c->untagged_response({quota.typ, r.data}, "QUOTAROOT");
            return imaplib::response{quotaroot.typ, {data_item::from_list(std::move(quotaroot.data)),
                                                     data_item::from_list(std::move(quota.data))}};
        };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_list(std::string_view directory = "\"\"", std::string_view pattern = "*", Token&& token = default_token{}) {
        return named("LIST", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring_or_list}},
                     "LIST", token);
    }
    template <class Token = default_token>
    auto async_login(std::string_view user, std::string_view password, Token&& token = default_token{}) {
        return launch<imaplib::response>(login_pending(user, password), token);
    }
    template <class Token = default_token>
    auto async_logout(Token&& token = default_token{}) {
        pending_ptr p = make_pending("LOGOUT");
        p->exclusive = true;
        core* c = core_.get();
        p->before = [c](failure&) {
            c->s.state(state::logout);
            return true;
        };
        p->finish = [c](imaplib::response r, failure&) {
            c->closing = true;  // the server closes next: EOF is no failure now
            // imaplib's logout() returns the BYE when one came (_get_tagged_response).
            if (std::optional<data_list> bye = c->s.pop_untagged("BYE")) return imaplib::response{"BYE", std::move(*bye)};
            return r;
        };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_lsub(std::string_view directory = "\"\"", std::string_view pattern = "*", Token&& token = default_token{}) {
        return named("LSUB", {{directory, detail::arg_kind::astring}, {pattern, detail::arg_kind::astring}}, "LSUB", token);
    }
    template <class Token = default_token>
    auto async_myrights(std::string_view mailbox, Token&& token = default_token{}) {
        return named("MYRIGHTS", {{mailbox, detail::arg_kind::astring}}, "MYRIGHTS", token);
    }
    template <class Token = default_token>
    auto async_namespaces(Token&& token = default_token{}) {
        return named("NAMESPACE", {}, "NAMESPACE", token);
    }
    template <class Token = default_token>
    auto async_noop(Token&& token = default_token{}) {
        return simple("NOOP", {}, token);
    }
    template <class Token = default_token>
    auto async_partial(std::string_view message_num, std::string_view message_part, std::string_view start,
                       std::string_view length, Token&& token = default_token{}) {
        pending_ptr p = make_pending("PARTIAL");
        p->uses_seq = true;
        for (std::string_view a : {message_num, message_part, start, length}) p->arg(a, detail::arg_kind::raw);
        return finish_named(std::move(p), "FETCH", token);
    }
    template <class Token = default_token>
    auto async_proxyauth(std::string_view user, Token&& token = default_token{}) {
        pending_ptr p = make_pending("PROXYAUTH");
        p->exclusive = true;
        p->arg(user, detail::arg_kind::astring);
        return finish_simple(std::move(p), token);
    }
    // imaplib's recent(): the RECENT responses kept, else a NOOP's.
    template <class Token = default_token>
    auto async_recent(Token&& token = default_token{}) {
        if (std::optional<data_list> kept = core_->s.pop_untagged("RECENT")) {
            pending_ptr p = make_pending();
            p->result = {"OK", std::move(*kept)};
            return ready(std::move(p), failure{}, token);
        }
        pending_ptr p = make_pending("NOOP");
        return finish_named(std::move(p), "RECENT", token);
    }
    template <class Token = default_token>
    auto async_rename(std::string_view oldmailbox, std::string_view newmailbox, Token&& token = default_token{}) {
        return simple("RENAME", {{oldmailbox, detail::arg_kind::astring}, {newmailbox, detail::arg_kind::astring}}, token);
    }
    template <class Token = default_token>
    auto async_search(string_or_none charset, arg_list criteria, Token&& token = default_token{}) {
        pending_ptr p = make_pending("SEARCH");
        p->uses_seq = p->expunge_free = true;
        if (charset && !charset->empty()) {
            if (core_->utf8_enabled)
                return ready(std::move(p),
                             failure{make_error_code(errc::invalid_argument), "Non-None charset not valid in UTF8 mode"},
                             token);
            p->arg("CHARSET", detail::arg_kind::raw);
            p->arg(*charset, detail::arg_kind::raw);
        }
        p->extra_args(criteria);
        return finish_named(std::move(p), "SEARCH", token);
    }
    template <class Token = default_token>
    auto async_select(std::string_view mailbox = "INBOX", bool readonly = false, Token&& token = default_token{}) {
        pending_ptr p = make_pending(readonly ? "EXAMINE" : "SELECT");
        p->exclusive = true;
        p->arg(mailbox, detail::arg_kind::astring);
        core* c = core_.get();
        p->before = [c, readonly](failure&) {
            c->s.clear_untagged();  // imaplib flushes old responses
            c->is_readonly = readonly;
            return true;
        };
        std::string box(mailbox);
        p->finish = [c, readonly, box](imaplib::response r, failure& f) {
            r = c->complete_command(readonly ? "EXAMINE" : "SELECT", std::move(r), f);
            if (f) return imaplib::response{};
            if (r.typ != "OK") {
                c->s.state(state::auth);
                return r;
            }
            c->s.state(state::selected);
            if (c->s.find_untagged("READ-ONLY") && !readonly) {
                f.set(errc::mailbox_readonly, box + " is not writable");
                return imaplib::response{};
            }
            if (const data_list* exists = c->s.find_untagged("EXISTS")) return imaplib::response{r.typ, *exists};
            return imaplib::response{r.typ, {data_item{}}};
        };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_setacl(std::string_view mailbox, std::string_view who, std::string_view what,
                      Token&& token = default_token{}) {
        return simple("SETACL",
                      {{mailbox, detail::arg_kind::astring}, {who, detail::arg_kind::astring}, {what, detail::arg_kind::astring}},
                      token);
    }
    template <class Token = default_token>
    auto async_setannotation(arg_list args, Token&& token = default_token{}) {
        pending_ptr p = make_pending("SETANNOTATION");
        p->extra_args(args);
        return finish_named(std::move(p), "ANNOTATION", token);
    }
    template <class Token = default_token>
    auto async_setquota(std::string_view root, std::string_view limits, Token&& token = default_token{}) {
        return named("SETQUOTA", {{root, detail::arg_kind::astring}, {limits, detail::arg_kind::raw}}, "QUOTA", token);
    }
    template <class Token = default_token>
    auto async_sort(std::string_view sort_criteria, std::string_view charset, arg_list search_criteria,
                    Token&& token = default_token{}) {
        pending_ptr p = make_pending("SORT");
        p->uses_seq = true;
        p->arg(detail::parenthesized(sort_criteria), detail::arg_kind::raw);
        p->arg(charset, detail::arg_kind::raw);
        p->extra_args(search_criteria);
        return finish_named(std::move(p), "SORT", token);
    }
    template <class Token = default_token>
    auto async_status(std::string_view mailbox, std::string_view names, Token&& token = default_token{}) {
        return named("STATUS", {{mailbox, detail::arg_kind::astring}, {names, detail::arg_kind::raw}}, "STATUS", token);
    }
    template <class Token = default_token>
    auto async_store(std::string_view message_set, std::string_view command, std::string_view flags,
                     Token&& token = default_token{}) {
        pending_ptr p = make_pending("STORE");
        p->uses_seq = p->expunge_free = true;
        p->arg(message_set, detail::arg_kind::raw);
        p->arg(command, detail::arg_kind::raw);
        p->arg(detail::parenthesized(flags), detail::store_item_kind(command));
        return finish_named(std::move(p), "FETCH", token);
    }
    template <class Token = default_token>
    auto async_subscribe(std::string_view mailbox, Token&& token = default_token{}) {
        return simple("SUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, token);
    }
    template <class Token = default_token>
    auto async_thread(std::string_view threading_algorithm, std::string_view charset, arg_list search_criteria,
                      Token&& token = default_token{}) {
        pending_ptr p = make_pending("THREAD");
        p->uses_seq = true;
        p->arg(threading_algorithm, detail::arg_kind::raw);
        p->arg(charset, detail::arg_kind::raw);
        p->extra_args(search_criteria);
        return finish_named(std::move(p), "THREAD", token);
    }
    template <class Token = default_token>
    auto async_uid(std::string_view command, arg_list args, Token&& token = default_token{}) {
        pending_ptr p = make_pending("UID");
        const std::string name = detail::to_upper(command);
        const command_info* info = find_command(name);
        if (!info)
            return ready(std::move(p), failure{make_error_code(errc::invalid_argument), "Unknown IMAP4 UID command: " + name},
                         token);
        p->expunge_free = name == "FETCH" || name == "STORE" || name == "SEARCH";
        p->exclusive = name == "EXPUNGE" || name == "MOVE";
        p->arg(name, detail::arg_kind::raw);
        p->extra_args(args);
        if ((name == "FETCH" || name == "STORE") && !p->extra.empty()) {
            std::error_code ec;  // a set with '*' (or none parsed) is not routed: it waits
            sequence_set set = sequence_set::parse(p->extra.front(), ec, false);
            if (!ec) p->uids = std::move(set);
        }
        core* c = core_.get();
        const state_set allowed = info->allowed;
        p->before = [c, name, allowed](failure& f) {
            if (allowed & static_cast<state_set>(c->s.state())) return true;
            f.set(errc::illegal_state, c->s.illegal_state_text(name, allowed));
            return false;
        };
        const bool own = name == "SEARCH" || name == "SORT" || name == "THREAD";
        return finish_named(std::move(p), own ? name : std::string("FETCH"), token);
    }
    template <class Token = default_token>
    auto async_unselect(Token&& token = default_token{}) {
        pending_ptr p = make_pending("UNSELECT");
        p->exclusive = true;
        core* c = core_.get();
        p->finish = [c](imaplib::response r, failure& f) {
            r = c->complete_command("UNSELECT", std::move(r), f);
            c->s.state(state::auth);
            return r;
        };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_unsubscribe(std::string_view mailbox, Token&& token = default_token{}) {
        return simple("UNSUBSCRIBE", {{mailbox, detail::arg_kind::astring}}, token);
    }
    // An extension command; an unknown name becomes legal in the state it is first used
    // in, as imaplib does. Not pipelined: what it does is not known.
    template <class Token = default_token>
    auto async_xatom(std::string_view name, arg_list args, Token&& token = default_token{}) {
        const auto atom_char = [](char ch) { return detail::is_astring_char(static_cast<unsigned char>(ch)) && ch != ']'; };
        const std::string upper = detail::to_upper(name);
        pending_ptr p = make_pending(upper);
        if (name.empty() || !std::all_of(name.begin(), name.end(), atom_char))
            return ready(std::move(p),
                         failure{make_error_code(errc::invalid_argument), "xatom: not an atom: " + detail::repr(name.substr(0, 60))},
                         token);
        p->exclusive = true;
        p->extra_args(args);
        core* c = core_.get();
        p->before = [c, upper](failure&) {
            if (!find_command(upper) && !c->s.find_extension(upper))
                c->s.add_extension(upper, static_cast<state_set>(c->s.state()));
            return true;
        };
        return finish_simple(std::move(p), token);
    }

    // ---- authentication (docs/authentication.md) ------------------------------------------

    // imaplib's authobject: called with each decoded server challenge, returns the answer,
    // or nullopt to cancel the exchange ('*').
    using authobject_type = std::function<std::optional<std::string>(std::string_view)>;

    // AUTHENTICATE driven by a SASL mechanism object (sasl/), in the blocking client's
    // steps (engine/authenticate.hpp) with its results and failures. The mechanism is
    // moved (or copied) in, as every argument is. void(std::error_code, imaplib::response).
    template <class Mechanism, class Token = default_token,
              std::enable_if_t<is_sasl_mechanism_v<std::decay_t<Mechanism>>, int> = 0>
    auto async_authenticate(Mechanism&& mechanism, Token&& token = default_token{}) {
        using run_type = sasl_run<std::decay_t<Mechanism>>;
        return launch<imaplib::response>(auth_pending(std::make_shared<run_type>(std::forward<Mechanism>(mechanism))),
                                         token);
    }
    // imaplib's authenticate(mechanism, authobject).
    template <class Token = default_token>
    auto async_authenticate(std::string_view mechanism, authobject_type authobject, Token&& token = default_token{}) {
        return launch<imaplib::response>(
            auth_pending(std::make_shared<imaplib_run>(detail::to_upper(mechanism), std::move(authobject))), token);
    }
    template <class Token = default_token>
    auto async_login_cram_md5(std::string_view user, std::string_view password, Token&& token = default_token{}) {
        return async_authenticate(sasl::cram_md5{std::string(user), std::string(password)}, std::forward<Token>(token));
    }
    // The blocking login_best()'s choice, made from the capabilities known at the call:
    // void(std::error_code, imaplib::login_result).
    template <class Token = default_token>
    auto async_login_best(std::string_view user, std::string_view password, const login_options& options,
                          Token&& token = default_token{}) {
        core* c = core_.get();
        failure f;
        pending_ptr p = detail::choose_login(
            [c](std::string_view m) { return c->has_capability("AUTH=" + std::string(m)); }, c->is_tls(), c->binding(),
            c->has_capability("LOGINDISABLED"), user, password, options,
            [self = this](auto&& m) {
                using run_type = sasl_run<std::decay_t<decltype(m)>>;
                std::string name(m.name());
                pending_ptr q = self->auth_pending(std::make_shared<run_type>(std::move(m)));
                q->auth->mechanism = std::move(name);
                return q;
            },
            [&] {
                pending_ptr q = login_pending(user, password);
                q->auth = std::make_unique<pending::authentication>();
                q->auth->login_command = true;
                return q;
            },
            f);
        if (f) {
            p = make_pending();
            p->done = true;
            p->f = std::move(f);
        }
        return launch<login_result>(std::move(p), token);
    }
    template <class Token = default_token,
              std::enable_if_t<!std::is_same_v<std::decay_t<Token>, login_options>, int> = 0>
    auto async_login_best(std::string_view user, std::string_view password, Token&& token = default_token{}) {
        return async_login_best(user, password, login_options{}, std::forward<Token>(token));
    }
    // The TLS channel binding of this connection, for SCRAM-*-PLUS (no I/O, so no async_
    // form): not_supported on a transport without TLS or before STARTTLS.
    sasl::channel_binding channel_binding(std::error_code& ec) {
        if (std::optional<sasl::channel_binding> b = core_->binding()) {
            ec.clear();
            return std::move(*b);
        }
        ec = make_error_code(errc::not_supported);
        return {};
    }

    // ---- raw I/O (imaplib's read, readline, send) -----------------------------------------

    // Raw bytes past the protocol: each waits for an empty pipeline and holds it, reads
    // what follows the last response read. read(size): `size` bytes, fewer at EOF;
    // readline(): up to and with LF (at most limits::max_line), what is left at EOF.
    // void(std::error_code, std::string).
    template <class Token = default_token>
    auto async_read(std::size_t size, Token&& token = default_token{}) {
        pending_ptr p = make_pending("read");
        p->what = pending::kind::raw_read;
        p->exclusive = true;
        p->size = size;
        return launch<std::string>(std::move(p), token);
    }
    template <class Token = default_token>
    auto async_readline(Token&& token = default_token{}) {
        pending_ptr p = make_pending("readline");
        p->what = pending::kind::raw_readline;
        p->exclusive = true;
        return launch<std::string>(std::move(p), token);
    }
    // void(std::error_code).
    template <class Token = default_token>
    auto async_send(std::string_view data, Token&& token = default_token{}) {
        pending_ptr p = make_pending("send");
        p->what = pending::kind::raw_send;
        p->exclusive = true;
        p->raw.assign(data.data(), data.size());
        return launch<void>(std::move(p), token);
    }

private:
    // ---- the connection: transport, session, operations ------------------------------------

    struct core : std::enable_shared_from_this<core> {
        core(AsyncTransport t, limits l)
            : transport(std::move(t)), s(l), ex(transport.get_executor()), idle_timer(ex),
              timeout(get_default_timeout()) {}

        AsyncTransport transport;
        session s;
        asio::any_io_executor ex;
        std::deque<pending_ptr> queue;   // not yet issued, in call order
        std::deque<pending_ptr> flight;  // issued, waiting for their completion
        pending_ptr greeting;
        std::size_t routing = 0;  // UID FETCH and UID STORE commands in flight
        data_list held_fetch;     // FETCH responses none of them asked for
        std::size_t held_bytes = 0;
        bool open = false;
        bool dead = false;
        bool closing = false;  // LOGOUT completed
        bool reading = false;
        bool writing = false;
        bool paused = false;   // STARTTLS: no read until the handshake is done
        bool held = false;     // COMPRESS: its steps alone go out (holder), in front of the queue
        pending_ptr raw_op;    // read, readline or send in flight: bytes past the protocol
        std::size_t raw_sent = 0;
        bool raw_writing = false;
        std::size_t read_chunk = min_read;
        std::string scratch;   // several output parts written in one go
        std::size_t written_parts = 0;
        unsigned generation = 0;

        // IDLE: the IDLE command in flight, the waiters, the restart/keepalive cycle.
        bool idle_active = false;
        pending_ptr idle_cmd;
        pending_ptr idle_events;
        pending_ptr idle_done;
        bool idle_leaving = false;
        bool idle_cycling = false;   // DONE then IDLE again (restart or keepalive)
        bool idle_keepalive_now = false;
        std::chrono::steady_clock::time_point idle_accepted, last_byte;
        asio::steady_timer idle_timer;
        timeout_type idle_restart = std::chrono::minutes(29);
        timeout_type idle_keepalive;
        std::chrono::milliseconds idle_answer = std::chrono::seconds(10);

        timeout_type timeout;
        std::string host;
        std::string welcome;
        std::string protocol_version;
        std::string error_message;
        std::vector<std::string> capabilities;
        bool capabilities_before_auth = false;  // read before LOGIN: servers announce more after
        bool is_readonly = false;
        bool utf8_enabled = false;
        bool tls_established = false;

        static constexpr std::size_t min_read = 2048;       // an idle connection's buffer
        static constexpr std::size_t max_read = 64 * 1024;  // one read of a big response

        bool has_capability(std::string_view name) const {
            return std::find(capabilities.begin(), capabilities.end(), name) != capabilities.end();
        }
        bool compressing() const noexcept {
            if constexpr (detail::has_start_compress_v<AsyncTransport>) return transport.compressing();
            else return false;
        }
        bool is_tls() const noexcept {
            if (tls_established) return true;
            if constexpr (has_ssl_v<AsyncTransport>) return transport.ssl() != nullptr;
            else return false;
        }
        // SCRAM-*-PLUS's binding, when the connection is TLS and its transport has one.
        std::optional<sasl::channel_binding> binding() {
            if constexpr (has_channel_binding_v<AsyncTransport>) {
                if (is_tls()) {
                    std::error_code ec;
                    sasl::channel_binding b = transport.channel_binding(ec);
                    if (!ec) return b;
                }
            }
            return std::nullopt;
        }

        // imaplib's _command_complete() after the tagged response: BAD is an error.
        imaplib::response complete_command(std::string_view name, imaplib::response r, failure& f) {
            if (r.typ == "BAD")
                f.set(errc::command_failed, std::string(name) + " command error: BAD " + python_repr(r.data));
            return r;
        }
        // imaplib's _untagged_response(typ, dat, name).
        imaplib::response untagged_response(imaplib::response r, std::string_view name) {
            if (r.typ == "NO") return r;
            std::optional<data_list> data = pop_fetch_aware(name);
            if (!data) return {std::move(r.typ), {data_item{}}};
            return {std::move(r.typ), std::move(*data)};
        }

        // ---- operations ------------------------------------------------------------

        void finish(const pending_ptr& p, failure f, imaplib::response r = {}) {
            if (p->done) return;
            p->done = true;
            p->f = std::move(f);
            if (!p->f) p->result = std::move(r);
            p->timer.cancel();
        }

        void submit(const pending_ptr& p) {
            if (p->done) return;
            switch (p->what) {
            case pending::kind::idle_events: return idle_wait(p);
            case pending::kind::idle_done: return idle_leave(p);
            default: break;
            }
            if (!open || dead) return finish(p, failure{make_error_code(errc::connection_closed), "socket error: EOF"});
            queue.push_back(p);
            pump();
        }
        // A step of the operation holding the pipeline: ahead of what waits behind the hold.
        void submit_held(const pending_ptr& p) {
            p->holder = true;
            if (!open || dead) return finish(p, failure{make_error_code(errc::connection_closed), "socket error: EOF"});
            queue.push_front(p);
            pump();
        }
        // Held (COMPRESS): what waits goes out again.
        void release() {
            if (!held) return;
            held = false;
            pump();
        }

        bool may_issue(const pending& p) const {
            if (held) return p.holder;
            if (idle_active) return false;
            if (p.exclusive) return flight.empty();
            for (const pending_ptr& q : flight) {
                if (q->exclusive) return false;
                if (p.uses_seq && !q->expunge_free) return false;
                // Two commands whose results share a name: only UID FETCH and UID STORE
                // answers can be told apart (by UID); anything else waits.
                if (!p.result_name.empty() && p.result_name == q->result_name && !(p.uids && q->uids)) return false;
            }
            return true;
        }

        void pump() {
            while (!queue.empty() && !dead) {
                if (!may_issue(*queue.front())) {
                    if (idle_active && !idle_leaving && !idle_cycling) {  // a command ends IDLE
                        idle_leaving = true;
                        s.done();
                    }
                    break;
                }
                pending_ptr p = std::move(queue.front());
                queue.pop_front();
                issue(p);
            }
            flush();
        }

        void issue(const pending_ptr& p) {
            failure f;
            if (p->before && !p->before(f)) return finish(p, std::move(f));
            switch (p->what) {
            case pending::kind::raw_read:
            case pending::kind::raw_readline:
            case pending::kind::raw_send:
                raw_op = p;
                flight.push_back(p);
                if (p->what != pending::kind::raw_send) take_raw(false);  // what is buffered may do
                else if (p->raw.empty()) end_raw(failure{});
                return;
            default: break;
            }
            if (p->what == pending::kind::idle) {
                p->tag = s.idle(f);
                if (f) {  // refused locally (state): the waiter learns why
                    idle_active = false;
                    idle_cmd.reset();
                    if (idle_events) {
                        pending_ptr w = std::move(idle_events);
                        finish(w, f);
                    }
                    return finish(p, std::move(f));
                }
                s.capture_untagged(true);
                flight.push_back(p);
                return;
            }
            // imaplib's checks before _command(): the READ-ONLY change; OK, NO and BAD of
            // earlier commands dropped (only with nothing in flight: they may be theirs).
            if (flight.empty())
                for (const char* typ : {"OK", "NO", "BAD"}) s.pop_untagged(typ);
            if (s.find_untagged("READ-ONLY") && !is_readonly)
                return finish(p, failure{make_error_code(errc::mailbox_readonly), "mailbox status changed to READ-ONLY"});
            p->tag = p->auth && p->auth->start ? p->auth->start(f)
                                               : s.command(p->name, p->args.data(), p->args.size(), p->extra, f);
            if (f) return finish(p, std::move(f));
            if (p->uids && routing++ == 0) hold_fetch();
            flight.push_back(p);
        }

        // Cancelled by its caller: not sent yet, it is dropped; sent whole, its completion
        // will be discarded (its untagged data still taken with it); half sent (a literal
        // waiting for '+'), the connection cannot go on and is closed.
        void cancel(const pending_ptr& p) {
            const failure aborted{make_error_code(asio::error::operation_aborted), "operation cancelled"};
            switch (p->what) {
            case pending::kind::idle_events:
                if (idle_events == p) idle_events.reset();
                finish(p, aborted);
                if (idle_active && !idle_leaving) {
                    idle_leaving = true;
                    s.done();  // DONE on cancel
                    flush();
                }
                return;
            case pending::kind::idle_done:
                if (idle_done == p) idle_done.reset();
                return finish(p, aborted);
            default: break;
            }
            const auto queued = std::find(queue.begin(), queue.end(), p);
            if (queued != queue.end()) {
                queue.erase(queued);
                finish(p, aborted);
                return pump();
            }
            if (p == raw_op) {  // a read takes nothing yet; a send half written cannot be taken back
                if (p->what != pending::kind::raw_send || (raw_sent == 0 && !raw_writing)) return end_raw(aborted);
                return abort(make_error_code(asio::error::operation_aborted),
                             "connection closed: a cancelled send was half written");
            }
            if (!p->tag.empty() && s.sending(p->tag)) {
                finish(p, aborted);
                return abort(make_error_code(asio::error::operation_aborted),
                             "connection closed: a cancelled command was half sent");
            }
            p->abandoned = true;
            finish(p, aborted);
        }

        // Completes every pending operation with `code` and closes the connection.
        void abort(std::error_code code, std::string message) {
            dead = true;
            held = false;
            routing = 0;
            raw_op.reset();
            raw_sent = 0;
            raw_writing = false;
            failure f{code, std::move(message)};
            std::deque<pending_ptr> all;
            all.swap(flight);
            for (pending_ptr& p : queue) all.push_back(std::move(p));
            queue.clear();
            if (greeting) all.push_back(std::move(greeting));
            for (pending_ptr* w : {&idle_events, &idle_done})
                if (*w) all.push_back(std::move(*w));
            if (idle_cmd) idle_cmd.reset();
            idle_active = idle_leaving = idle_cycling = false;
            for (const pending_ptr& p : all) finish(p, f);
            idle_timer.cancel();
            if (open) {
                open = false;
                transport.close();
            }
        }

        // ---- bytes in ---------------------------------------------------------------

        void start() {
            open = true;
            dead = closing = paused = reading = writing = raw_writing = false;
            raw_op.reset();
            raw_sent = 0;
            ++generation;  // completions of an earlier connection are ignored
            read_chunk = min_read;
            read_more();
        }

        void read_more() {
            if (reading || !open || dead || paused) return;
            // A big response is over: give its buffer back (docs/async.md, memory).
            if (s.input().empty()) {
                s.shrink_input(max_read);
                if (s.input_capacity() > max_read || read_chunk > min_read) {
                    s.shrink_input(0);
                    read_chunk = min_read;
                }
            }
            reading = true;
            char* space = s.prepare(read_chunk);
            const std::size_t asked = read_chunk;
            transport.async_read_some(asio::buffer(space, asked), [self = this->shared_from_this(), asked,
                                                                   gen = generation](std::error_code ec, std::size_t n) {
                if (gen == self->generation) self->on_read(ec, n, asked);
            });
        }

        void on_read(std::error_code ec, std::size_t n, std::size_t asked) {
            reading = false;
            if (dead) return;
            if (ec) {
                // imaplib's read() and readline() return what came before EOF.
                if (raw_op && raw_op->what != pending::kind::raw_send && ec == errc::connection_closed) take_raw(true);
                if (closing && flight.empty() && queue.empty()) return abort(ec, "connection closed after LOGOUT");
                if (ec == errc::connection_closed) return abort(ec, "socket error: EOF");
                // A compression layer says why its stream broke (zlib's reason).
                if constexpr (detail::has_start_compress_v<AsyncTransport>)
                    return abort(ec, "socket error: " + basic_async_imap4::transport_error_text(*this, ec));
                return abort(ec, "socket error: " + ec.message());
            }
            s.commit(n);
            last_byte = std::chrono::steady_clock::now();
            if (n == asked && read_chunk < max_read) read_chunk *= 2;  // a big response: read more at once
            process();
            read_more();
        }

        void process() {
            if (raw_op && !take_raw(false)) return flush();
            session_event ev;
            failure f;
            while (!dead && !raw_op && s.next(ev, f)) {
                switch (ev.type) {
                case session_event::kind::tagged: on_tagged(std::string(ev.tag)); break;
                case session_event::kind::continuation:
                    if (idle_cmd && ev.tag == idle_cmd->tag) on_idle_accepted();
                    else if (!ev.tag.empty()) on_challenge(ev.tag);
                    break;
                case session_event::kind::bye: on_bye(ev); break;
                case session_event::kind::untagged:
                    if (greeting) on_greeting(ev);
                    else if (ev.kept && ev.name == "FETCH" && routing) route_fetch(ev);
                    break;
                }
            }
            if (f && !dead) return abort(f.code, std::move(f.message));
            if (dead) return;
            if (idle_events && !s.captured().empty()) deliver_idle_events(failure{});
            flush();
        }

        // AUTHENTICATE's '+': its steps answer at once (RFC 9051 section 6.2.2).
        void on_challenge(std::string_view tag) {
            for (const pending_ptr& p : flight) {
                if (p->auth && p->auth->challenge && p->tag == tag) {
                    failure f;
                    if (!p->auth->challenge(f)) abort(f.code, std::move(f.message));
                    return;
                }
            }
        }

        // imaplib's read() and readline() on the bytes past the last response: false while
        // more must come.
        bool take_raw(bool eof) {
            const std::string_view in = s.input();
            std::size_t n = 0;
            if (raw_op->what == pending::kind::raw_read) {
                if (in.size() < raw_op->size && !eof) return false;
                n = std::min(raw_op->size, in.size());
            } else if (raw_op->what == pending::kind::raw_readline) {
                const std::size_t lf = in.find('\n');
                if (lf != std::string_view::npos) {
                    n = lf + 1;
                } else if (eof) {
                    n = in.size();
                } else {
                    const std::size_t max_line = s.response_limits().max_line;
                    if (in.size() > max_line)
                        abort(make_error_code(errc::line_too_long), "got more than " + std::to_string(max_line) + " bytes");
                    return false;
                }
            } else {
                return false;
            }
            raw_op->raw.assign(in.data(), n);
            s.consume_input(n);
            end_raw(failure{});
            return true;
        }
        void end_raw(failure f) {
            pending_ptr p = std::move(raw_op);
            raw_op.reset();
            raw_sent = 0;
            flight.erase(std::find(flight.begin(), flight.end(), p));
            finish(p, std::move(f));
            pump();
        }

        // A FETCH response while UID FETCH or UID STORE commands are in flight goes to the
        // one whose UID set holds its UID (RFC 9051 section 5.5: responses are told apart
        // by their data, not by the order they come in).
        // While routing, the store's FETCH list holds this response's items alone
        // (hold_fetch() took the older ones); one no command asked for is held back
        // for the next FETCH result or response("FETCH"), as the store would keep it.
        void route_fetch(const session_event& ev) {
            const std::optional<std::uint32_t> uid = detail::fetch_uid(ev.text);
            std::optional<data_list> items = s.pop_untagged("FETCH");
            if (!items) return;
            data_list* to = &held_fetch;
            if (uid) {
                for (const pending_ptr& q : flight) {
                    if (q->uids && q->uids->contains(*uid)) {
                        to = &q->routed;
                        break;
                    }
                }
            }
            for (data_item& item : *items) {
                if (to == &held_fetch) held_bytes += item.bytes().size() + sizeof(data_item);
                to->push_back(std::move(item));
            }
            if (held_bytes > s.response_limits().max_untagged)
                abort(make_error_code(errc::untagged_too_large),
                      "untagged responses kept would exceed the limit of " +
                          std::to_string(s.response_limits().max_untagged) + " bytes (limits::max_untagged)");
        }
        void hold_fetch() {
            if (std::optional<data_list> items = s.pop_untagged("FETCH"))
                for (data_item& item : *items) {
                    held_bytes += item.bytes().size() + sizeof(data_item);
                    held_fetch.push_back(std::move(item));
                }
        }
        // FETCH responses held back, then those in the store, as one list.
        std::optional<data_list> pop_fetch_aware(std::string_view name) {
            std::optional<data_list> data = s.pop_untagged(name);
            if (name != "FETCH" || held_fetch.empty()) return data;
            data_list all = std::move(held_fetch);
            held_fetch.clear();
            held_bytes = 0;
            if (data)
                for (data_item& item : *data) all.push_back(std::move(item));
            return all;
        }

        void on_greeting(const session_event& ev) {
            pending_ptr p = std::move(greeting);
            welcome.assign(ev.line.data(), ev.line.size());
            if (s.find_untagged("PREAUTH")) {
                s.state(state::auth);
            } else if (s.find_untagged("OK")) {
                s.state(state::nonauth);
            } else {
                finish(p, failure{make_error_code(errc::protocol_violation), detail::repr(welcome)});
                return abort(make_error_code(errc::protocol_violation), detail::repr(welcome));
            }
            finish(p, failure{});
        }

        void on_bye(const session_event& ev) {
            if (greeting) {
                welcome.assign(ev.line.data(), ev.line.size());
                return abort(make_error_code(errc::bye), detail::repr(welcome));
            }
            // LOGOUT expects it; anything else in flight will never complete.
            for (const pending_ptr& p : flight)
                if (p->name == "LOGOUT") return;
            const data_list* bye = s.find_untagged("BYE");
            abort(make_error_code(errc::bye),
                  bye && !bye->empty() ? detail::decode_replace(bye->back().bytes()) : std::string("BYE"));
        }

        void on_tagged(const std::string& tag) {
            const auto at =
                std::find_if(flight.begin(), flight.end(), [&](const pending_ptr& p) { return p->tag == tag; });
            std::optional<imaplib::response> r = s.take_tagged(tag);
            if (at == flight.end() || !r) return;
            pending_ptr p = std::move(*at);
            flight.erase(at);
            if (p->uids) --routing;
            if (p->what == pending::kind::idle) return on_idle_ended(p, std::move(*r));
            failure f;
            imaplib::response out = p->finish ? p->finish(std::move(*r), f) : std::move(*r);
            if (!p->abandoned) finish(p, std::move(f), std::move(out));
            if (p->name == "LOGOUT") closing = true;
            pump();
        }

        // ---- bytes out --------------------------------------------------------------

        void flush() {
            if (writing || !open || dead) return;
            if (!s.has_output() && raw_op && raw_op->what == pending::kind::raw_send) {
                writing = raw_writing = true;
                const std::string& out = raw_op->raw;
                transport.async_write_some(asio::buffer(out.data() + raw_sent, out.size() - raw_sent),
                                           [self = this->shared_from_this(), gen = generation](std::error_code ec, std::size_t n) {
                                               if (gen == self->generation) self->on_write(ec, n);
                                           });
                return;
            }
            if (!s.has_output()) return;
            std::string_view out = s.output();
            written_parts = s.output_parts();
            if (written_parts > 1) {  // pipelined commands: one write for all that are ready
                scratch.clear();
                for (std::size_t i = 0; i < written_parts && scratch.size() < max_read; ++i) {
                    const std::string_view part = s.output_part(i);
                    scratch.append(part.data(), part.size());
                }
                out = scratch;
            }
            writing = true;
            transport.async_write_some(asio::buffer(out.data(), out.size()),
                                       [self = this->shared_from_this(), gen = generation](std::error_code ec, std::size_t n) {
                                           if (gen == self->generation) self->on_write(ec, n);
                                       });
        }

        void on_write(std::error_code ec, std::size_t n) {
            writing = false;
            if (dead) return;
            if (ec) return abort(ec, "socket error: " + ec.message());
            if (raw_writing) {
                raw_writing = false;
                raw_sent += n;
                if (raw_op && raw_sent == raw_op->raw.size()) return end_raw(failure{});
                return flush();
            }
            s.consume_output(n);
            if (scratch.capacity() > max_read) std::string().swap(scratch);
            flush();
        }

        // ---- IDLE ---------------------------------------------------------------------

        void idle_wait(const pending_ptr& p) {
            if (idle_events)
                return finish(p, failure{make_error_code(errc::illegal_state), "async_idle() is already waiting"});
            if (!open || dead) return finish(p, failure{make_error_code(errc::connection_closed), "socket error: EOF"});
            idle_events = p;
            if (!idle_active) {
                idle_active = true;
                idle_leaving = false;
                enter_idle();
                if (dead) return;
            } else if (!s.captured().empty()) {
                deliver_idle_events(failure{});
            }
            flush();
        }

        void enter_idle() {
            pending_ptr cmd = std::make_shared<pending>(ex);
            cmd->what = pending::kind::idle;
            cmd->name = "IDLE";
            cmd->exclusive = true;
            idle_cmd = cmd;
            if (!flight.empty() || !queue.empty()) {  // after what was issued before
                idle_active = false;
                queue.push_back(cmd);
                cmd->before = [this](failure&) {
                    idle_active = true;
                    return true;
                };
                return pump();
            }
            issue(cmd);
        }

        void idle_leave(const pending_ptr& p) {
            if (!idle_active && !(idle_cmd && !idle_cmd->done))
                return finish(p, failure{make_error_code(errc::illegal_state), "done() only works during IDLE"});
            idle_done = p;
            if (!idle_leaving) {
                idle_leaving = true;
                s.done();
                flush();
            }
        }

        void deliver_idle_events(failure f) {
            pending_ptr w = std::move(idle_events);
            while (!s.captured().empty()) w->batch.push_back(s.take_captured());
            if (w->done) return;
            w->done = true;
            w->f = std::move(f);
            w->timer.cancel();
        }

        void on_idle_accepted() {
            idle_cycling = false;
            idle_accepted = last_byte = std::chrono::steady_clock::now();
            arm_idle_timer();
        }

        void arm_idle_timer() {
            using clock = std::chrono::steady_clock;
            std::optional<clock::time_point> at;
            if (idle_restart) at = idle_accepted + *idle_restart;
            if (idle_keepalive) {
                const clock::time_point quiet = last_byte + *idle_keepalive;
                at = at ? std::min(*at, quiet) : quiet;
            }
            if (!at) return;
            idle_timer.expires_at(*at);
            idle_timer.async_wait([self = this->shared_from_this()](std::error_code ec) {
                if (!ec) self->on_idle_timer();
            });
        }

        void on_idle_timer() {
            if (dead || !idle_active) return;
            const auto now = std::chrono::steady_clock::now();
            if (idle_cycling) {  // the keepalive's answer did not come in time
                return abort(make_error_code(errc::keepalive_failed),
                             "keepalive: no answer within " + std::to_string(idle_answer.count()) + " ms");
            }
            if (idle_leaving || !s.idling()) return;
            const bool restart = idle_restart && now >= idle_accepted + *idle_restart;
            const bool quiet = idle_keepalive && now >= last_byte + *idle_keepalive;
            if (!restart && !quiet) return arm_idle_timer();
            idle_cycling = true;
            idle_keepalive_now = quiet && !restart;
            s.done();
            flush();
            if (idle_keepalive_now) {
                idle_timer.expires_after(idle_answer);
                idle_timer.async_wait([self = this->shared_from_this()](std::error_code ec) {
                    if (!ec) self->on_idle_timer();
                });
            }
        }

        void on_idle_ended(const pending_ptr& cmd, imaplib::response r) {
            if (idle_cycling && !idle_leaving && r.typ == "OK") {
                // Restart or keepalive: a NOOP (keepalive), then IDLE again; the waiter
                // keeps waiting, the captured responses stay queued for it.
                failure f;
                if (idle_keepalive_now) {
                    s.command("NOOP", nullptr, 0, {}, f);
                    if (f) return abort(f.code, std::move(f.message));
                }
                pending_ptr again = std::make_shared<pending>(ex);
                again->what = pending::kind::idle;
                again->name = "IDLE";
                again->exclusive = true;
                idle_cmd = again;
                again->tag = s.idle(f);
                if (f) return abort(f.code, std::move(f.message));
                flight.push_back(again);
                return flush();
            }
            (void)cmd;
            idle_timer.cancel();
            idle_active = idle_leaving = idle_cycling = false;
            idle_cmd.reset();
            failure denied;
            if (r.typ != "OK") denied.set(errc::command_failed, "idle denied: " + python_repr(r.data));
            if (idle_events) deliver_idle_events(denied);
            s.capture_untagged(false);
            if (idle_done) {
                pending_ptr w = std::move(idle_done);
                finish(w, denied, std::move(r));
            }
            pump();
        }
    };

    // ---- making and launching operations ------------------------------------------------

    pending_ptr make_pending(std::string name = {}) {
        pending_ptr p = std::make_shared<pending>(core_->ex);
        p->name = std::move(name);
        p->timeout = core_->timeout;
        return p;
    }

    pending_ptr login_pending(std::string_view user, std::string_view password) {
        pending_ptr p = make_pending("LOGIN");
        // RFC 3501 section 6.2.3: refuse before the password leaves this process.
        if (core_->has_capability("LOGINDISABLED")) {
            p->done = true;
            p->f.set(errc::logindisabled, "LOGIN is disabled by the server (LOGINDISABLED)");
            return p;
        }
        p->exclusive = true;
        p->arg(user, detail::arg_kind::astring);
        p->arg(password, detail::arg_kind::quoted);
        core* c = core_.get();
        p->finish = [c](imaplib::response r, failure& f) {
            r = c->complete_command("LOGIN", std::move(r), f);
            if (f) return imaplib::response{};
            if (r.typ != "OK") {
                f.set(errc::command_failed, detail::last_item_repr(r));
                return imaplib::response{};
            }
            c->s.state(state::auth);
            return r;
        };
        return p;
    }

    // A SASL exchange's mechanism and steps, owned by its operation.
    template <class Mechanism>
    struct sasl_run {
        template <class M>
        explicit sasl_run(M&& mech) : m(std::forward<M>(mech)) {}
        Mechanism m;
        detail::authenticate_steps<Mechanism> steps{m};
    };
    struct imaplib_run {
        imaplib_run(std::string mechanism, authobject_type authobject)
            : object(std::move(authobject)), m{std::move(mechanism), object} {}
        authobject_type object;
        detail::imaplib_authenticator m;
        detail::authenticate_steps<detail::imaplib_authenticator> steps{m};
    };

    // AUTHENTICATE: started at issue time (the state, SASL-IR and the initial response
    // are known then), each '+' answered as it is read, the result as the blocking loop's.
    template <class Run>
    pending_ptr auth_pending(std::shared_ptr<Run> run) {
        pending_ptr p = make_pending("AUTHENTICATE");
        p->exclusive = true;
        core* c = core_.get();
        Run* r = run.get();
        p->auth = std::make_unique<pending::authentication>();
        p->auth->owned = std::move(run);
        p->auth->start = [c, r](failure& f) {
            const auto allowed = [c](failure& g) {
                state_set set = 0;
                if (c->s.allowed("AUTHENTICATE", set)) return true;
                g.set(errc::illegal_state, c->s.illegal_state_text("AUTHENTICATE", set));
                return false;
            };
            if (!r->steps.start(c->has_capability("SASL-IR"), c->s.tagpre().size(), allowed, f)) return std::string();
            return c->s.authenticate(r->steps.mechanism(), r->steps.initial_response(), f);
        };
        p->auth->challenge = [c, r](failure& f) { return r->steps.answer(c->s, f); };
        p->finish = [c, r](imaplib::response resp, failure& f) {
            failure server;
            resp = c->complete_command("AUTHENTICATE", std::move(resp), server);
            bool close = false;
            resp = r->steps.complete(std::move(resp), std::move(server), f, close);
            if (close) c->abort(f.code, f.message);  // as the blocking client
            if (f) return imaplib::response{};
            c->s.state(state::auth);
            return resp;
        };
        return p;
    }

    static void arm_wait(pending& p) {
        if (p.done)
            p.timer.expires_after(std::chrono::seconds(0));  // completes through the executor
        else if (p.timeout)
            p.timer.expires_after(*p.timeout);
        else
            p.timer.expires_at(asio::steady_timer::time_point::max());
    }

    template <class Result>
    struct wait_op {
        std::shared_ptr<core> c;
        pending_ptr p;
        bool started;

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}) {
            if (!started) {
                started = true;
                self.reset_cancellation_state(asio::enable_total_cancellation());
                c->submit(p);
                arm_wait(*p);
                p->timer.async_wait(std::move(self));
                return;
            }
            if (!p->done) {
                if (self.get_cancellation_state().cancelled() != asio::cancellation_type::none) {
                    c->cancel(p);
                } else if (!ec) {
                    c->abort(make_error_code(errc::timeout), "command: " + p->name + " => timed out");
                } else {
                    p->timer.async_wait(std::move(self));
                    return;
                }
            }
            if (p->f) c->error_message = p->f.message;
            if constexpr (std::is_same_v<Result, void>) {
                self.complete(p->f.code);
            } else if constexpr (std::is_same_v<Result, std::vector<imaplib::response>>) {
                self.complete(p->f.code, std::move(p->batch));
            } else if constexpr (std::is_same_v<Result, std::string>) {
                self.complete(p->f.code, std::move(p->raw));
            } else if constexpr (std::is_same_v<Result, login_result>) {
                login_result r;
                static_cast<imaplib::response&>(r) = std::move(p->result);
                if (!p->f && p->auth) {
                    r.mechanism = std::move(p->auth->mechanism);
                    r.login_command = p->auth->login_command;
                }
                self.complete(p->f.code, std::move(r));
            } else {
                self.complete(p->f.code, std::move(p->result));
            }
        }
    };

    // void(std::error_code, Result), or void(std::error_code) for Result = void.
    template <class Result, bool = std::is_same_v<Result, void>>
    struct signature {
        using type = void(std::error_code, Result);
    };
    template <class Result>
    struct signature<Result, true> {
        using type = void(std::error_code);
    };
    template <class Result>
    using signature_of = typename signature<Result>::type;

    template <class Result, class Token>
    auto launch(pending_ptr p, Token& token) {
        return asio::async_compose<Token, signature_of<Result>>(wait_op<Result>{core_, std::move(p), false},
                                                                token, core_->ex);
    }
    // Completes through the executor with what is already known.
    template <class Token>
    auto ready(pending_ptr p, failure f, Token& token) {
        p->done = true;
        p->f = std::move(f);
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token>
    auto finish_simple(pending_ptr p, Token& token) {
        core* c = core_.get();
        std::string name = p->name;
        p->finish = [c, name](imaplib::response r, failure& f) { return c->complete_command(name, std::move(r), f); };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token>
    auto finish_named(pending_ptr p, std::string result_name, Token& token) {
        core* c = core_.get();
        pending* raw = p.get();
        p->result_name = result_name;
        p->finish = [c, raw](imaplib::response r, failure& f) {
            r = c->complete_command(raw->name, std::move(r), f);
            if (f) return imaplib::response{};
            if (!raw->uids) return c->untagged_response(std::move(r), raw->result_name);
            if (r.typ == "NO") return r;  // imaplib's _untagged_response()
            if (raw->routed.empty()) return imaplib::response{std::move(r.typ), {data_item{}}};
            return imaplib::response{std::move(r.typ), std::move(raw->routed)};
        };
        return launch<imaplib::response>(std::move(p), token);
    }
    template <class Token>
    auto simple(std::string_view name, std::initializer_list<command_arg> args, Token& token) {
        pending_ptr p = make_pending(std::string(name));
        for (const command_arg& a : args) p->arg(a.text, a.kind, a.present);
        return finish_simple(std::move(p), token);
    }
    template <class Token>
    auto named(std::string_view name, std::initializer_list<command_arg> args, std::string_view result_name,
               Token& token) {
        pending_ptr p = make_pending(std::string(name));
        for (const command_arg& a : args) p->arg(a.text, a.kind, a.present);
        return finish_named(std::move(p), std::string(result_name), token);
    }

    // ---- composed operations: connect, STARTTLS ------------------------------------------

    static pending_ptr capability_pending(core& k) {
        pending_ptr p = std::make_shared<pending>(k.ex);
        p->name = "CAPABILITY";
        p->timeout = k.timeout;
        core* c = &k;
        p->finish = [c](imaplib::response r, failure& f) {
            r = c->complete_command("CAPABILITY", std::move(r), f);
            if (f) return imaplib::response{};
            r = c->untagged_response(std::move(r), "CAPABILITY");
            if (r.data.size() == 1 && r.data[0].is_none()) {
                f.set(errc::protocol_violation, "no CAPABILITY response from server");
                return imaplib::response{};
            }
            const std::string text = detail::to_upper(r.data.back().bytes());
            c->capabilities.clear();
            for (std::string_view word : split(text)) c->capabilities.emplace_back(word);
            c->capabilities_before_auth = c->s.state() == state::nonauth;
            return r;
        };
        return p;
    }

    // set_timeout bounds connect and STARTTLS whole: each step gets what is left.
    struct deadline {
        std::optional<std::chrono::steady_clock::time_point> at;

        explicit deadline(const timeout_type& t) {
            if (t) at = std::chrono::steady_clock::now() + *t;
        }
        timeout_type left() const {
            if (!at) return std::nullopt;
            const auto rest = std::chrono::ceil<std::chrono::milliseconds>(*at - std::chrono::steady_clock::now());
            return std::max(rest, std::chrono::milliseconds(0));
        }
    };

    // The transport's own steps (resolve, connect, TLS handshake) have no timeout: on
    // expiry the transport is closed, which ends the step; it is then reported as a timeout.
    static pending_ptr guard_transport_step(core& k, const timeout_type& left) {
        pending_ptr g = std::make_shared<pending>(k.ex);
        if (!left) return g;
        g->timer.expires_after(*left);
        g->timer.async_wait([c = k.shared_from_this(), g](std::error_code ec) {
            if (ec || g->done) return;
            g->f.set(errc::timeout, "socket error: " + make_error_code(errc::timeout).message());
            c->transport.close();
        });
        return g;
    }
    // The step's result: its own, or errc::timeout if the guard closed the transport.
    static std::error_code end_transport_step(core& k, pending& g, std::error_code ec) {
        g.done = true;
        g.timer.cancel();
        if (!g.f) {
            if (ec) k.error_message = "socket error: " + transport_error_text(k, ec);
            return ec;
        }
        k.transport.close();  // a resolution the close could not stop may have connected since
        k.error_message = g.f.message;
        return g.f.code;
    }
    static std::string transport_error_text(core& k, const std::error_code& ec) {
        if constexpr (has_error_detail_v<AsyncTransport>) {
            std::string detail(k.transport.error_detail());
            if (!detail.empty()) return ec.message() + " (" + detail + ")";
        }
        (void)k;
        return ec.message();
    }

    // The part connect_op and starttls_op share: one pending operation at a time, waited
    // for on its timer; a timeout or a cancellation ends it and the connection.
    struct composed_step {
        std::shared_ptr<core> c;
        pending_ptr p;

        template <class Self>
        void wait(Self& self) {
            arm_wait(*p);
            p->timer.async_wait(std::move(self));
        }
        // After a wake-up: whether the step's operation is over (a timeout or a
        // cancellation ends it, and the connection with it).
        template <class Self>
        bool settled(Self& self, std::error_code ec) {
            if (p->done) return true;
            if (self.get_cancellation_state().cancelled() != asio::cancellation_type::none) {
                c->abort(make_error_code(asio::error::operation_aborted), "operation cancelled");
            } else if (!ec) {
                c->abort(make_error_code(errc::timeout), "command: " + p->name + " => timed out");
            } else {
                wait(self);
                return false;
            }
            return true;
        }
        // Completes with the step's failure (and `rest`, the signature's other values).
        template <class Self, class... Rest>
        void fail(Self& self, Rest&&... rest) {
            c->error_message = p->f.message;
            self.complete(p->f.code, std::forward<Rest>(rest)...);
        }
    };

    struct connect_op : composed_step {
        using composed_step::c;
        using composed_step::p;
        using composed_step::wait;
        using composed_step::settled;
        using composed_step::fail;
        std::string host;
        std::uint16_t port;
        int step;
        deadline until;

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}) {
            core& k = *c;
            switch (step) {
            case 0:
                step = 1;
                if (k.open) k.abort(make_error_code(errc::connection_closed), "reconnected");
                k.host = host;
                p = guard_transport_step(k, until.left());
                k.transport.async_connect(host, port, std::move(self));
                return;
            case 1: {
                ec = end_transport_step(k, *p, ec);
                if (ec) return self.complete(ec);
                static thread_local std::mt19937 random{std::random_device{}()};
                k.queue.clear();
                k.flight.clear();
                k.s.discard_io();
                k.s.start(int_to_ap(std::uniform_int_distribution<int>(4096, 65535)(random)));
                k.capabilities.clear();
                k.tls_established = k.utf8_enabled = false;
                k.start();
                step = 2;
                p = std::make_shared<pending>(k.ex);
                p->what = pending::kind::greeting;
                p->timeout = until.left();
                k.greeting = p;
                wait(self);
                return;
            }
            case 2:
                if (!settled(self, ec)) return;
                if (p->f) return fail(self);
                step = 3;
                p = basic_async_imap4::capability_pending(k);
                p->timeout = until.left();
                k.submit(p);
                wait(self);
                return;
            default:
                if (!settled(self, ec)) return;
                if (p->f) return fail(self);
                for (std::string_view version : AllowedVersions) {
                    if (k.has_capability(version)) {
                        k.protocol_version = std::string(version);
                        return self.complete(std::error_code());
                    }
                }
                k.error_message = "server not IMAP4 compliant";
                k.abort(make_error_code(errc::protocol_violation), k.error_message);
                return self.complete(make_error_code(errc::protocol_violation));
            }
        }
    };

    template <class Context>
    struct starttls_op : composed_step {
        using composed_step::c;
        using composed_step::p;
        using composed_step::wait;
        using composed_step::settled;
        using composed_step::fail;
        const Context* context;
        int step;
        imaplib::response r;
        deadline until;

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}) {
            core& k = *c;
            switch (step) {
            case 0: {
                failure f;
                if (k.tls_established)
                    f.set(errc::starttls_refused, "TLS session already established");
                else if (k.compressing())  // the layer would encrypt compressed text: the wrong order
                    f.set(errc::starttls_refused, "STARTTLS after COMPRESS");
                else if (!k.has_capability("STARTTLS"))
                    f.set(errc::starttls_refused, "TLS not supported by server");
                p = std::make_shared<pending>(k.ex);
                p->name = "STARTTLS";
                p->exclusive = true;
                p->timeout = until.left();
                if (f) {
                    p->done = true;
                    p->f = std::move(f);
                } else {
                    core* raw = &k;
                    p->finish = [raw](imaplib::response resp, failure& fl) {
                        resp = raw->complete_command("STARTTLS", std::move(resp), fl);
                        if (fl.code == errc::command_failed) fl.code = make_error_code(errc::starttls_refused);
                        if (fl) return imaplib::response{};
                        if (resp.typ != "OK") {
                            fl.set(errc::starttls_refused, "Couldn't establish TLS session");
                            return imaplib::response{};
                        }
                        if (!raw->s.upgrade_ready(fl)) {  // nothing read past the OK may be used
                            raw->abort(fl.code, fl.message);
                            return imaplib::response{};
                        }
                        raw->paused = true;  // the handshake reads next, not the session
                        return resp;
                    };
                    k.submit(p);
                }
                step = 1;
                return wait(self);
            }
            case 1:
                if (!settled(self, ec)) return;
                if (p->f) {
                    // Past the first checks every failure closes the connection: no
                    // credentials may follow in clear text.
                    if (!p->tag.empty()) k.abort(p->f.code, p->f.message);
                    return fail(self, imaplib::response{});
                }
                r = std::move(p->result);
                step = 2;
                p = guard_transport_step(k, until.left());
                k.transport.async_start_tls(*context, k.host, std::move(self));
                return;
            case 2:
                ec = end_transport_step(k, *p, ec);
                if (ec) {
                    if (!p->f) k.error_message = "TLS handshake failed: " + transport_error_text(k, ec);
                    k.abort(ec, k.error_message);
                    return self.complete(ec, imaplib::response{});
                }
                k.tls_established = true;
                k.s.upgraded();
                k.paused = false;
                k.read_more();
                p = basic_async_imap4::capability_pending(k);
                p->timeout = until.left();
                k.submit(p);
                step = 3;
                return wait(self);
            default:
                if (!settled(self, ec)) return;
                if (p->f) return fail(self, imaplib::response{});
                self.complete(std::error_code(), k.untagged_response(std::move(r), "STARTTLS"));
            }
        }
    };

    // COMPRESS: its turn in the pipeline first (the state and capabilities are those after
    // the commands issued before it), held until it completes so that nothing goes out
    // between; then the checks, CAPABILITY again if it was read before LOGIN, and the
    // command, whose OK switches the transport on with what was read past it (section 3).
    struct compress_op : composed_step {
        using composed_step::c;
        using composed_step::p;
        using composed_step::wait;
        using composed_step::settled;
        std::string mechanism;
        int step;

        template <class Self>
        void operator()(Self& self, std::error_code ec = {}) {
            core& k = *c;
            switch (step) {
            case 0: {  // an empty turn: issued once the pipeline is empty, it holds it
                p = std::make_shared<pending>(k.ex);
                p->name = "COMPRESS";
                p->timeout = k.timeout;
                p->exclusive = true;
                p->before = [raw = &k](failure&) {
                    raw->held = true;
                    return false;  // nothing to send: done at once, without a failure
                };
                k.submit(p);
                step = 1;
                return wait(self);
            }
            case 1: {
                if (!settled(self, ec)) return;
                if (p->f) return end(self);
                failure f;
                if (detail::to_upper(mechanism) != "DEFLATE")
                    f.set(errc::invalid_argument, "compress: unknown mechanism " + detail::repr(mechanism));
                else if (!detail::has_start_compress_v<AsyncTransport>)
                    f.set(errc::not_supported, "this transport cannot compress (use basic_async_compress_transport)");
                else if (k.compressing())
                    f.set(errc::command_failed, "compression already active");
                if (f) {
                    p->f = std::move(f);
                    return end(self);
                }
                step = 2;
                if (!k.has_capability("COMPRESS=DEFLATE") && k.capabilities_before_auth &&
                    (k.s.state() == state::auth || k.s.state() == state::selected)) {
                    p = basic_async_imap4::capability_pending(k);  // the capabilities again
                    k.submit_held(p);
                    return wait(self);
                }
                return (*this)(self, ec);
            }
            case 2:
                if (!settled(self, ec)) return;
                if (p->f) return end(self);
                if (!k.has_capability("COMPRESS=DEFLATE")) {
                    p->f.set(errc::capability_missing, "Server does not support COMPRESS=DEFLATE");
                    return end(self);
                }
                if (!k.s.find_extension("COMPRESS")) k.s.add_extension("COMPRESS", detail::auth_or_selected);
                p = std::make_shared<pending>(k.ex);
                p->name = "COMPRESS";
                p->timeout = k.timeout;
                p->arg("DEFLATE", detail::arg_kind::raw);
                p->finish = [raw = &k](imaplib::response r, failure& f) {
                    r = raw->complete_command("COMPRESS", std::move(r), f);
                    if (f || r.typ != "OK") return r;
                    if constexpr (detail::has_start_compress_v<AsyncTransport>) {
                        const std::string_view received = raw->s.input();
                        std::error_code e;
                        raw->transport.start_compress(received, e);
                        raw->s.consume_input(received.size());
                        if (e) {  // the server deflates from here: the stream cannot go on
                            f.set(e, "COMPRESS: " + basic_async_imap4::transport_error_text(*raw, e));
                            raw->abort(f.code, f.message);
                            return imaplib::response{};
                        }
                    }
                    return r;
                };
                k.submit_held(p);
                step = 3;
                return wait(self);
            default:
                if (!settled(self, ec)) return;
                end(self);
            }
        }

        // Completes with the step's failure or the COMPRESS response; the pipeline goes on.
        template <class Self>
        void end(Self& self) {
            core& k = *c;
            k.release();
            if (p->f) {
                k.error_message = p->f.message;
                return self.complete(p->f.code, imaplib::response{});
            }
            self.complete(std::error_code(), std::move(p->result));
        }
    };

    std::shared_ptr<core> core_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ASYNC_CLIENT_HPP
