// imaplib-cpp: basic_imap4's IDLE (RFC 2177) as imaplib 3.14's idle() and Idler.
// Included by engine/basic_imap4.hpp (Beast's impl/ split); the declarations are there.
//
//   auto idler = M.idle(std::chrono::seconds(29 * 60));   // IDLE sent, '+' received
//   while (auto r = idler.next()) use(r->typ, r->data);   // ('EXISTS', [b'5']), ...
//   idler.done();                                         // DONE, the tagged OK read
//
// While entered, the client's state() is "IDLING" and every other command is refused.
// Responses not taken by next() or burst() go back to untagged_responses() on leaving.
// Waiting for a response to begin is bounded by the duration only (imaplib blocks the
// same way); once one has begun, the per-read timeout applies as for any response.
#ifndef IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_IDLE_HPP
#define IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_IDLE_HPP

#include <imaplib/engine/basic_imap4.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

template <class Transport>
class basic_imap4<Transport>::idler {
public:
    using clock = std::chrono::steady_clock;

    idler() = default;  // not entered
    idler(idler&& o) noexcept
        : m_(std::exchange(o.m_, nullptr)), tag_(std::move(o.tag_)), deadline_(o.deadline_), ended_(o.ended_) {}
    idler& operator=(idler&& o) noexcept {
        if (this != &o) {
            leave_quietly();
            m_ = std::exchange(o.m_, nullptr);
            tag_ = std::move(o.tag_);
            deadline_ = o.deadline_;
            ended_ = o.ended_;
        }
        return *this;
    }
    idler(const idler&) = delete;
    idler& operator=(const idler&) = delete;
    // Leaving imaplib's `with` block: DONE, the tagged response read. Never throws.
    ~idler() { leave_quietly(); }

    // Entered and not yet left.
    bool active() const noexcept { return m_ != nullptr; }

    // imaplib's next(idler): the next untagged response as (typ, [data...]), waiting for
    // it up to the end of the duration; nothing once the duration is over (or the server
    // ended IDLE on its own).
    std::optional<imaplib::response> next(std::error_code& ec) {
        if (!m_) return not_idling(ec, "_pop() only works during IDLE");
        return m_->boundary(ec, [&](failure& f) { return next(f); });
    }
    // imaplib's burst(interval): the next response (as next()), then every one that
    // follows within `interval` of the one before.
    std::vector<imaplib::response> burst(std::chrono::milliseconds interval, std::error_code& ec) {
        if (!m_) {
            not_idling(ec, "burst() only works during IDLE");
            return {};
        }
        return m_->boundary(ec, [&](failure& f) { return burst(interval, f); });
    }
    // Leaves IDLE: DONE goes out and the IDLE's tagged response is read and returned.
    imaplib::response done(std::error_code& ec) {
        if (!m_) return not_idling(ec, "done() only works during IDLE"), imaplib::response{};
        basic_imap4& m = *m_;
        return m.boundary(ec, [&](failure& f) { return leave(f); });
    }

#ifndef IMAPLIB_NO_EXCEPTIONS
    std::optional<imaplib::response> next() {
        if (!m_) throw_error(make_error_code(errc::illegal_state), "_pop() only works during IDLE");
        return m_->call([&](failure& f) { return next(f); });
    }
    std::vector<imaplib::response> burst(std::chrono::milliseconds interval = std::chrono::milliseconds(100)) {
        if (!m_) throw_error(make_error_code(errc::illegal_state), "burst() only works during IDLE");
        return m_->call([&](failure& f) { return burst(interval, f); });
    }
    imaplib::response done() {
        if (!m_) throw_error(make_error_code(errc::illegal_state), "done() only works during IDLE");
        basic_imap4& m = *m_;
        return m.call([&](failure& f) { return leave(f); });
    }
#endif

private:
    friend class basic_imap4;

    std::nullopt_t not_idling(std::error_code& ec, const char*) {
        ec = make_error_code(errc::illegal_state);
        return std::nullopt;
    }

    std::optional<imaplib::response> next(failure& f) {
        std::optional<std::chrono::milliseconds> left;
        if (deadline_) left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - clock::now());
        return pop(left, f);
    }

    std::vector<imaplib::response> burst(std::chrono::milliseconds interval, failure& f) {
        std::vector<imaplib::response> out;
        for (std::optional<imaplib::response> r = next(f); r; r = pop(interval, f)) out.push_back(std::move(*r));
        return out;
    }

    // imaplib's Idler._pop(timeout): a queued response, or one read within `timeout`.
    std::optional<imaplib::response> pop(std::optional<std::chrono::milliseconds> timeout, failure& f) {
        basic_imap4& m = *m_;
        auto& queue = m.session_.captured();
        const auto take = [&] {
            imaplib::response r = std::move(queue.front());
            queue.pop_front();
            return r;
        };
        if (!queue.empty()) return take();
        if (ended_ || (timeout && timeout->count() <= 0)) return std::nullopt;
        const std::optional<clock::time_point> until =
            timeout ? std::optional<clock::time_point>(clock::now() + *timeout) : std::nullopt;
        for (;;) {
            session_event ev;
            while (m.session_.next(ev, f)) {
                // RFC 2177 has no tagged reply before DONE; taken as the server ending IDLE.
                if (ev.type == session_event::kind::tagged && ev.tag == tag_) ended_ = true;
                if (!queue.empty()) return take();
                if (ended_) return std::nullopt;
            }
            if (f) return m.failed(f), std::nullopt;
            // Between responses only the duration bounds the wait; inside one, the
            // per-read timeout.
            const bool between = m.session_.input().empty();
            timeout_type wait = m.timeout_;
            if (between) {
                wait.reset();  // no duration: wait as long as it takes, as imaplib does
                if (until) {
                    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*until - clock::now());
                    if (left.count() <= 0) return std::nullopt;
                    if constexpr (has_wait_readable_v<Transport>) {
                        std::error_code ec;
                        const bool ready = m.open_ && !m.dead_ && m.transport_.wait_readable(left, ec);
                        if (ec) return m.fail(f, ec, "socket error: " + m.transport_error_text(ec)), std::nullopt;
                        if (!ready && m.open_ && !m.dead_) return std::nullopt;
                    }
                    wait = m.timeout_;  // bytes are there: read them as any response
                }
            }
            if (!m.open_ || m.dead_) return m.fail(f, errc::connection_closed, "socket error: EOF"), std::nullopt;
            constexpr std::size_t chunk = 64 * 1024;
            char* space = m.session_.prepare(chunk);
            std::error_code ec;
            m.transport_.set_timeout(wait);
            const std::size_t n = m.transport_.read_some(space, chunk, ec);
            m.transport_.set_timeout(m.timeout_);
            if (ec) {
                m.fail(f, ec,
                       ec == errc::connection_closed ? std::string("socket error: EOF")
                                                     : "socket error: " + m.transport_error_text(ec));
                return std::nullopt;
            }
            m.session_.commit(n);
        }
    }

    // imaplib's Idler.__exit__: leftovers back to the store, DONE, the tagged response.
    imaplib::response leave(failure& f) {
        basic_imap4& m = *std::exchange(m_, nullptr);
        m.idling_ = false;
        m.session_.capture_untagged(false);
        if (m.session_.in_idle()) {
            m.session_.done();
            const deadline_scope scope(m);
            if (!m.flush(f)) return {};
        }
        return m.command_complete("IDLE", tag_, f);
    }

    void leave_quietly() noexcept {
        if (!m_) return;
        failure ignored;
#ifndef IMAPLIB_NO_EXCEPTIONS
        try {
            leave(ignored);
        } catch (...) {
        }
#else
        leave(ignored);
#endif
    }

    basic_imap4* m_ = nullptr;
    std::string tag_;
    std::optional<clock::time_point> deadline_;
    bool ended_ = false;  // the server's tagged response for IDLE came before DONE
};

// imaplib's idle() and Idler.__enter__: IDLE sent, responses read until its '+'.
template <class Transport>
typename basic_imap4<Transport>::idler basic_imap4<Transport>::idle(timeout_type duration, std::error_code& ec) {
    idler out;
    boundary(ec, [&](failure& f) {
        if (!has_capability("IDLE")) return fail(f, errc::capability_missing, "Server does not support IMAP4 IDLE");
        // imaplib refuses a duration on a pipe; any transport that can wait (pipe included) has one.
        if (duration && !has_wait_readable_v<Transport>)
            return fail(f, errc::not_supported, "duration requires a transport with wait_readable()");
        for (const char* typ : {"OK", "NO", "BAD"}) session_.pop_untagged(typ);
        if (!session_.in_idle() && session_.find_untagged("READ-ONLY") && !is_readonly_)
            return fail(f, errc::mailbox_readonly, "mailbox status changed to READ-ONLY");
        const deadline_scope scope(*this);  // set_deadline bounds the wait for '+'
        session_.capture_untagged(true);
        const std::string tag = session_.idle(f);
        const auto give_up = [&] { session_.capture_untagged(false); };
        if (f) return give_up();
        if (!flush(f)) return give_up();
        for (;;) {
            if (get_response(f)) {
                if (std::optional<imaplib::response> r = session_.take_tagged(tag)) {
                    give_up();
                    if (r->typ == "NO") return fail(f, errc::command_failed, "idle denied: " + python_repr(r->data));
                    return fail(f, errc::protocol_violation, "unexpected status response: " + python_repr(*r));
                }
                continue;
            }
            if (f) return give_up();
            if (session_.idling()) break;  // the IDLE's '+'
        }
        out.m_ = this;
        out.tag_ = tag;
        if (duration) out.deadline_ = idler::clock::now() + *duration;
        idling_ = true;
    });
    return out;
}

#ifndef IMAPLIB_NO_EXCEPTIONS
template <class Transport>
typename basic_imap4<Transport>::idler basic_imap4<Transport>::idle(timeout_type duration) {
    std::error_code ec;
    idler out = idle(duration, ec);
    if (ec) throw_error(ec, error_message_);
    return out;
}
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_IDLE_HPP
