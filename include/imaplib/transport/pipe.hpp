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

IMAPLIB_DECL void close_fd(int& fd) noexcept;

// Blocks SIGPIPE for this thread while it lives; if a write failed with EPIPE, takes
// the SIGPIPE that write raised (unless one was pending before) so that it is not
// delivered when the old mask comes back.
class sigpipe_block {
public:
    sigpipe_block() noexcept;
    sigpipe_block(const sigpipe_block&) = delete;
    sigpipe_block& operator=(const sigpipe_block&) = delete;
    ~sigpipe_block() {
        if (blocked_) pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }

    void consume_after_epipe() noexcept;

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

    pipe_transport& operator=(pipe_transport&& other) noexcept;

    pipe_transport(const pipe_transport&) = delete;
    pipe_transport& operator=(const pipe_transport&) = delete;
    ~pipe_transport() { shutdown(); }

    // Starts the command; host and port are ignored (IMAP4_stream takes neither).
    // A command the shell cannot find still starts the shell: the failure shows as
    // errc::connection_closed on the first read, with the shell's message on stderr.
    void open(std::string_view /*host*/, std::uint16_t /*port*/, std::error_code& ec);

    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec);

    void write_all(const char* data, std::size_t size, std::error_code& ec);

    // Bytes waiting in the pipe (FIONREAD): a read returns them without waiting.
    std::size_t available(std::error_code& ec);

    // Waits up to `t` for bytes to read (or the end of the output) and leaves the child
    // running: false, with ec clear, when none came in time.
    bool wait_readable(std::chrono::milliseconds t, std::error_code& ec);

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
              std::error_code& ec);

    void fail(std::error_code& ec, const char* what) {
        ec = detail::last_os_error();
        why_ = std::string(what) + ": " + ec.message();
    }

    // Reaps the child if it has exited within `grace`; false if it is still running.
    bool reap_within(std::chrono::milliseconds grace) noexcept;

    void signal_group(int sig) const noexcept {
        if (::kill(-pid_, sig) != 0) ::kill(pid_, sig);
    }

    void stop(bool kill_first) noexcept;

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

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/transport/impl/pipe.ipp>
#endif

#endif  // IMAPLIB_TRANSPORT_PIPE_HPP
