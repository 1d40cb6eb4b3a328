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

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
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
        : m_(std::exchange(o.m_, nullptr)),
          tag_(std::move(o.tag_)),
          deadline_(o.deadline_),
          ended_(o.ended_),
          heard_(o.heard_),
          restart_at_(o.restart_at_),
          stop_(o.stop_) {}
    idler& operator=(idler&& o) noexcept {
        if (this != &o) {
            leave_quietly();
            m_ = std::exchange(o.m_, nullptr);
            tag_ = std::move(o.tag_);
            deadline_ = o.deadline_;
            ended_ = o.ended_;
            heard_ = o.heard_;
            restart_at_ = o.restart_at_;
            stop_ = o.stop_;
        }
        return *this;
    }
    idler(const idler&) = delete;
    idler& operator=(const idler&) = delete;
    // Leaving imaplib's `with` block: DONE, the tagged response read. Never throws.
    ~idler() { leave_quietly(); }

    // Entered and not yet left.
    bool active() const noexcept { return m_ != nullptr; }

    // Safe from any thread: the waiting next() or burst() returns nothing within about
    // stop_slice, and later ones at once; the owner then calls done(). Needs the
    // transport's wait_readable() (otherwise seen at the next response). Do not move the
    // idler while another thread may call this.
    void stop() noexcept { stop_->store(true); }
    static constexpr std::chrono::milliseconds stop_slice{50};

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
        std::optional<imaplib::response> r = pop(left, f);
        abandon_if_dead(f);
        return r;
    }

    std::vector<imaplib::response> burst(std::chrono::milliseconds interval, failure& f) {
        std::vector<imaplib::response> out;
        for (std::optional<imaplib::response> r = next(f); r; r = pop(interval, f)) out.push_back(std::move(*r));
        abandon_if_dead(f);
        return out;
    }

    // After an abort the connection is closed: the idler is over, nothing to send.
    void abandon_if_dead(const failure& f) {
        if (!m_ || !f || kind_of(f.code) != error_kind::abort) return;
        m_->idling_ = false;
        m_->session_.capture_untagged(false);
        m_ = nullptr;
    }

    // imaplib's Idler._pop(timeout): a queued response, or one read within `timeout`.
    std::optional<imaplib::response> pop(std::optional<std::chrono::milliseconds> timeout, failure& f) {
        basic_imap4& m = *m_;
        const auto& queue = m.session_.captured();
        const auto take = [&] { return m.session_.take_captured(); };
        if (!queue.empty()) return take();
        if (ended_ || stop_->load() || (timeout && timeout->count() <= 0)) return std::nullopt;
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
                // The first of: the end of the wait, a restart, a keepalive.
                std::optional<clock::time_point> wake = until;
                const auto earlier = [&](std::optional<clock::time_point> t) {
                    if (t && (!wake || *t < *wake)) wake = t;
                };
                earlier(restart_at_);
                if (m.idle_keepalive_) earlier(heard_ + *m.idle_keepalive_);
                std::chrono::milliseconds slice = stop_slice;  // stop() is seen within this
                if (wake) {
                    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*wake - clock::now());
                    if (left.count() <= 0) {
                        if (until && clock::now() >= *until) return std::nullopt;
                        if (!cycle(f)) return std::nullopt;
                        if (!queue.empty()) return take();
                        continue;
                    }
                    slice = std::min(slice, left);
                }
                if constexpr (has_wait_readable_v<Transport>) {
                    if (stop_->load()) return std::nullopt;
                    std::error_code ec;
                    const bool ready = m.open_ && !m.dead_ && m.transport_.wait_readable(slice, ec);
                    if (ec) return m.fail(f, ec, "socket error: " + m.transport_error_text(ec)), std::nullopt;
                    if (!ready && m.open_ && !m.dead_) continue;  // a wake point or stop(): see above
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
            heard_ = clock::now();
        }
    }

    // Leaves IDLE and enters it again, capturing every response in between; with a
    // keepalive due, a NOOP in between, and all of it within the keepalive's answer time.
    bool cycle(failure& f) {
        basic_imap4& m = *m_;
        const bool keepalive = m.idle_keepalive_ && clock::now() >= heard_ + *m.idle_keepalive_;
        const std::optional<clock::time_point> saved = m.deadline_at_;
        const timeout_type saved_deadline = m.deadline_;
        if (keepalive) {
            m.deadline_ = m.idle_answer_;
            m.deadline_at_ = clock::now() + m.idle_answer_;
        }
        const bool ok = cycle_steps(keepalive, f);
        m.deadline_at_ = saved;
        m.deadline_ = saved_deadline;
        m.deadline_bound_ = false;
        if (m.open_) m.transport_.set_timeout(m.timeout_);
        if (!ok && keepalive && f.code == errc::timeout)
            f.set(errc::keepalive_failed, "no answer to the IDLE keepalive within " +
                                              std::to_string(m.idle_answer_.count()) + " ms");
        return ok;
    }
    bool cycle_steps(bool keepalive, failure& f) {
        basic_imap4& m = *m_;
        if (m.session_.in_idle()) {
            m.session_.done();
            if (!m.flush(f)) return false;
            while (!m.session_.completed(tag_)) {
                m.get_response(f);
                if (f) return false;
            }
        }
        ended_ = false;
        if (std::optional<imaplib::response> r = m.session_.take_tagged(tag_); r && r->typ != "OK")
            return m.fail(f, errc::protocol_violation, "IDLE ended with " + python_repr(*r)), false;
        if (keepalive) {
            m.session_.pop_untagged("OK");
            m.noop(f);
            if (f) return false;
        }
        const std::string tag = m.session_.idle(f);
        if (f || !m.flush(f)) return false;
        for (;;) {
            if (m.get_response(f)) {
                if (std::optional<imaplib::response> r = m.session_.take_tagged(tag)) {
                    if (r->typ == "NO")
                        return m.fail(f, errc::command_failed, "idle denied: " + python_repr(r->data)), false;
                    return m.fail(f, errc::protocol_violation, "unexpected status response: " + python_repr(*r)),
                           false;
                }
                continue;
            }
            if (f) return false;
            if (m.session_.idling()) break;
        }
        tag_ = tag;
        heard_ = clock::now();
        if (m.idle_restart_) restart_at_ = heard_ + *m.idle_restart_;
        return true;
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
    clock::time_point heard_{};                   // the last bytes read (or entering)
    std::optional<clock::time_point> restart_at_;  // the next transparent restart
    std::shared_ptr<std::atomic<bool>> stop_ = std::make_shared<std::atomic<bool>>(false);
};

// With separate compilation only in the TU that compiles the clients and where a COMPRESS
// client is compiled, like the other members (basic_imap4_commands.hpp); the idler above
// is the return type: every TU needs its class.
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE) || defined(IMAPLIB_USE_ZLIB)
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
        const auto now = idler::clock::now();
        if (duration) out.deadline_ = now + *duration;
        out.heard_ = now;
        if (idle_restart_) out.restart_at_ = now + *idle_restart_;
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
#endif  // !IMAPLIB_SEPARATE_COMPILATION || IMAPLIB_SOURCE || IMAPLIB_USE_ZLIB

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_BASIC_IMAP4_IDLE_HPP
