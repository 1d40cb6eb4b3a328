// imaplib-cpp: a child process over its stdin/stdout (imaplib's IMAP4_stream).
//
// The command runs through `/bin/sh -c`, as subprocess.Popen(..., shell=True) does in
// IMAP4_stream: for example "ssh mailhost exec /usr/lib/dovecot/imap" or
// "/usr/lib/dovecot/imap". Its stderr is inherited. POSIX only (IMAPLIB_HAS_PIPE).
//
// - Timeouts: poll() before every read and write; on expiry errc::timeout, the child is
//   terminated (SIGTERM, then SIGKILL) and the transport is dead.
// - SIGPIPE: a write to a child that has exited raises SIGPIPE, which kills the process
//   by default. write_all blocks SIGPIPE for the calling thread only while it writes,
//   and consumes a SIGPIPE its own write caused, so EPIPE comes back as an error code
//   and the process-wide disposition is never touched (libpq's technique).
// - shutdown(): closes both pipes, gives the child a grace period to exit, then sends
//   SIGTERM and, after another grace period, SIGKILL; it always reaps the child, so no
//   zombie is left. The child runs in its own process group and the signals go to the
//   group, so whatever the shell started goes too. (Consequence: a terminal's Ctrl-C
//   reaches only this process; the child then sees EOF on its stdin when we exit.)
// - native_handle(): there is no socket; this is the fd we read the child's stdout from.
#ifndef IMAPLIB_TRANSPORT_PIPE_HPP
#define IMAPLIB_TRANSPORT_PIPE_HPP

#include <imaplib/config.hpp>

#ifndef IMAPLIB_HAS_PIPE
#error "imaplib: transport/pipe.hpp needs POSIX (IMAPLIB_HAS_PIPE is not defined)"
#endif

#include <imaplib/error.hpp>
#include <imaplib/transport/concept.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

extern char** environ;  // POSIX: the environment handed to the child

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

inline std::error_code last_os_error() noexcept { return {errno, std::system_category()}; }

inline void close_fd(int& fd) noexcept {
    if (fd >= 0) {
        ::close(fd);  // no retry on EINTR: on Linux the fd is released anyway
        fd = -1;
    }
}

// Blocks SIGPIPE for this thread while it lives; if a write failed with EPIPE, takes
// the SIGPIPE that write raised (unless one was pending before) so that it is not
// delivered when the old mask comes back.
class sigpipe_block {
public:
    sigpipe_block() noexcept {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        if (sigpending(&pending) == 0) was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_) == 0;
    }
    sigpipe_block(const sigpipe_block&) = delete;
    sigpipe_block& operator=(const sigpipe_block&) = delete;
    ~sigpipe_block() {
        if (blocked_) pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }

    void consume_after_epipe() noexcept {
        if (!blocked_ || was_pending_) return;
        const struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }

private:
    sigset_t pipe_;
    sigset_t old_;
    bool was_pending_ = false;
    bool blocked_ = false;
};

}  // namespace detail

class pipe_transport {
public:
    static constexpr std::uint16_t default_port = 0;
    using native_handle_type = int;

    explicit pipe_transport(std::string command) : command_(std::move(command)) {}

    pipe_transport(pipe_transport&& other) noexcept
        : command_(std::move(other.command_)),
          read_fd_(std::exchange(other.read_fd_, -1)),
          write_fd_(std::exchange(other.write_fd_, -1)),
          pid_(std::exchange(other.pid_, -1)),
          timeout_(other.timeout_),
          grace_(other.grace_),
          status_(other.status_),
          why_(std::move(other.why_)) {}

    pipe_transport& operator=(pipe_transport&& other) noexcept {
        if (this != &other) {
            shutdown();
            command_ = std::move(other.command_);
            read_fd_ = std::exchange(other.read_fd_, -1);
            write_fd_ = std::exchange(other.write_fd_, -1);
            pid_ = std::exchange(other.pid_, -1);
            timeout_ = other.timeout_;
            grace_ = other.grace_;
            status_ = other.status_;
            why_ = std::move(other.why_);
        }
        return *this;
    }

    pipe_transport(const pipe_transport&) = delete;
    pipe_transport& operator=(const pipe_transport&) = delete;
    ~pipe_transport() { shutdown(); }

    // Starts the command; host and port are ignored (IMAP4_stream takes neither).
    // A command the shell cannot find still starts the shell: the failure shows as
    // errc::connection_closed on the first read, with the shell's message on stderr.
    void open(std::string_view /*host*/, std::uint16_t /*port*/, std::error_code& ec) {
        shutdown();
        why_.clear();
        status_.reset();
        int to_child[2] = {-1, -1};    // we write [1], the child's stdin is [0]
        int from_child[2] = {-1, -1};  // the child's stdout is [1], we read [0]
        if (::pipe2(to_child, O_CLOEXEC) != 0) {
            fail(ec, "pipe");
            return;
        }
        if (::pipe2(from_child, O_CLOEXEC) != 0) {
            fail(ec, "pipe");
            detail::close_fd(to_child[0]);
            detail::close_fd(to_child[1]);
            return;
        }

        // posix_spawn: safe in a multi-threaded process, unlike fork + exec by hand.
        // dup2 onto 0 and 1 clears close-on-exec there; every other pipe end closes.
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attr;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
        posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
        posix_spawnattr_init(&attr);
        // The child starts with SIGPIPE at its default and nothing blocked, whatever
        // this process did to them.
        sigset_t defaults;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGPIPE);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        sigset_t none;
        sigemptyset(&none);
        posix_spawnattr_setsigmask(&attr, &none);
        // Its own process group, so that shutdown() reaches everything the shell
        // started ("sh -c 'a | b'", or a shell that forks before exec).
        posix_spawnattr_setpgroup(&attr, 0);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK |
                                            POSIX_SPAWN_SETPGROUP);

        std::string arg0 = "sh", arg1 = "-c", arg2 = command_;
        char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
        pid_t pid = -1;
        const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        detail::close_fd(to_child[0]);
        detail::close_fd(from_child[1]);
        if (rc != 0) {
            ec = std::error_code(rc, std::system_category());
            why_ = "cannot start /bin/sh: " + ec.message();
            detail::close_fd(to_child[1]);
            detail::close_fd(from_child[0]);
            return;
        }
        pid_ = pid;
        write_fd_ = to_child[1];
        read_fd_ = from_child[0];
        // Our ends only (separate open file descriptions): a write never blocks past
        // the timeout, and poll() decides when to wait.
        ::fcntl(write_fd_, F_SETFL, ::fcntl(write_fd_, F_GETFL) | O_NONBLOCK);
        ::fcntl(read_fd_, F_SETFL, ::fcntl(read_fd_, F_GETFL) | O_NONBLOCK);
        ec.clear();
    }

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (read_fd_ < 0) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        if (size == 0) {
            ec.clear();
            return 0;
        }
        const auto deadline = start_deadline();
        for (;;) {
            const ssize_t n = ::read(read_fd_, buffer, size);
            if (n > 0) {
                ec.clear();
                return static_cast<std::size_t>(n);
            }
            if (n == 0) {
                ec = make_error_code(errc::connection_closed);
                why_ = "the command closed its output";
                return 0;
            }
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                fail(ec, "read");
                return 0;
            }
            if (!wait(read_fd_, POLLIN, deadline, ec)) return 0;
        }
    }

    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        if (write_fd_ < 0) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        const auto deadline = start_deadline();
        detail::sigpipe_block guard;
        while (size > 0) {
            const ssize_t n = ::write(write_fd_, data, size);
            if (n > 0) {
                data += n;
                size -= static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EPIPE) {
                guard.consume_after_epipe();
                ec = make_error_code(errc::connection_closed);
                why_ = "the command closed its input";
                return;
            }
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                fail(ec, "write");
                return;
            }
            if (!wait(write_fd_, POLLOUT, deadline, ec)) return;
        }
        ec.clear();
    }

    // Bytes waiting in the pipe (FIONREAD): a read returns them without waiting.
    std::size_t available(std::error_code& ec) {
        int n = 0;
        if (read_fd_ < 0 || ::ioctl(read_fd_, FIONREAD, &n) != 0) {
            ec.clear();  // closed, or not known: the next read says which
            return 0;
        }
        ec.clear();
        return n > 0 ? static_cast<std::size_t>(n) : 0;
    }

    // Waits up to `t` for bytes to read (or the end of the output) and leaves the child
    // running: false, with ec clear, when none came in time.
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
        ec.clear();
        if (read_fd_ < 0) {
            ec = make_error_code(errc::transport_error);
            return false;
        }
        const auto deadline = clock::now() + t;
        for (;;) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
            const long long ms = std::min<long long>(std::max<long long>(left.count(), 0), 1 << 30);
            pollfd p{read_fd_, POLLIN, 0};
            const int r = ::poll(&p, 1, static_cast<int>(ms));
            if (r > 0) return true;
            if (r == 0) return false;
            if (errno != EINTR) {
                fail(ec, "poll");
                return false;
            }
        }
    }

    // Closes the pipes and reaps the child (see the top of this file). Never throws.
    void shutdown() noexcept { stop(/*kill_first=*/false); }

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { timeout_ = t; }

    // How long shutdown() waits for the child at each step (default 1 s).
    void set_shutdown_grace(std::chrono::milliseconds grace) noexcept { grace_ = grace; }

    native_handle_type native_handle() const noexcept { return read_fd_; }
    native_handle_type write_handle() const noexcept { return write_fd_; }
    pid_t pid() const noexcept { return pid_; }
    const std::string& command() const noexcept { return command_; }
    // After shutdown: the exit code, or minus the signal number (Popen.returncode).
    std::optional<int> exit_status() const noexcept { return status_; }
    const std::string& error_detail() const noexcept { return why_; }

private:
    using clock = std::chrono::steady_clock;

    std::optional<clock::time_point> start_deadline() const {
        if (!timeout_) return std::nullopt;
        return clock::now() + *timeout_;
    }

    // Waits until fd is ready for `events`. On expiry the child is stopped (the
    // transport is dead) and ec is errc::timeout.
    bool wait(int fd, short events, const std::optional<clock::time_point>& deadline,
              std::error_code& ec) {
        for (;;) {
            int ms = -1;
            if (deadline) {
                const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - clock::now());
                ms = left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1 << 30));
            }
            struct pollfd p = {fd, events, 0};
            const int r = ::poll(&p, 1, ms);
            if (r > 0) return true;  // ready, or POLLHUP/POLLERR: the next call says which
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) {
                fail(ec, "poll");
                return false;
            }
            if (deadline && clock::now() < *deadline) continue;
            ec = make_error_code(errc::timeout);
            why_ = "the command did not answer in time";
            stop(/*kill_first=*/true);
            return false;
        }
    }

    void fail(std::error_code& ec, const char* what) {
        ec = detail::last_os_error();
        why_ = std::string(what) + ": " + ec.message();
    }

    // Reaps the child if it has exited within `grace`; false if it is still running.
    bool reap_within(std::chrono::milliseconds grace) noexcept {
        const auto deadline = clock::now() + grace;
        long nap_us = 200;
        for (;;) {
            int st = 0;
            const pid_t r = ::waitpid(pid_, &st, WNOHANG);
            if (r == pid_) {
                if (WIFEXITED(st)) status_ = WEXITSTATUS(st);
                else if (WIFSIGNALED(st)) status_ = -WTERMSIG(st);
                return true;
            }
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) return true;  // ECHILD: reaped elsewhere (SIGCHLD ignored)
            if (clock::now() >= deadline) return false;
            const struct timespec nap = {0, nap_us * 1000};
            ::nanosleep(&nap, nullptr);
            if (nap_us < 10000) nap_us *= 2;
        }
    }

    void signal_group(int sig) const noexcept {
        if (::kill(-pid_, sig) != 0) ::kill(pid_, sig);
    }

    void stop(bool kill_first) noexcept {
        detail::close_fd(write_fd_);  // EOF on the child's stdin: IMAP4_stream's way out
        detail::close_fd(read_fd_);
        if (pid_ <= 0) return;
        if (kill_first || !reap_within(grace_)) {
            signal_group(SIGTERM);
            if (!reap_within(grace_)) {
                signal_group(SIGKILL);
                (void)reap_within(std::chrono::hours(1));  // SIGKILL cannot be ignored
            }
        }
        pid_ = -1;
    }

    std::string command_;
    int read_fd_ = -1;
    int write_fd_ = -1;
    pid_t pid_ = -1;
    std::optional<std::chrono::milliseconds> timeout_;
    std::chrono::milliseconds grace_{1000};
    std::optional<int> status_;
    std::string why_;
};

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_PIPE_HPP
