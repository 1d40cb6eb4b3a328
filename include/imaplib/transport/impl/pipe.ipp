// imaplib-cpp: transport/pipe.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_TRANSPORT_IMPL_PIPE_IPP
#define IMAPLIB_TRANSPORT_IMPL_PIPE_IPP

#include <imaplib/config.hpp>
#include <imaplib/transport/pipe.hpp>

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

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL void close_fd(int& fd) noexcept {
    if (fd >= 0) {
        ::close(fd);  // no retry on EINTR: on Linux the fd is released anyway
        fd = -1;
    }
}

IMAPLIB_DECL sigpipe_block::sigpipe_block() noexcept {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    if (sigpending(&pending) == 0) was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_) == 0;
}

IMAPLIB_DECL void sigpipe_block::consume_after_epipe() noexcept {
    if (!blocked_ || was_pending_) return;
    const struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
    }
}

}  // namespace detail

IMAPLIB_DECL pipe_transport& pipe_transport::operator=(pipe_transport&& other) noexcept {
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

IMAPLIB_DECL void pipe_transport::open(std::string_view /*host*/, std::uint16_t /*port*/, std::error_code& ec) {
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

IMAPLIB_DECL std::size_t pipe_transport::read_some(char* buffer, std::size_t size, std::error_code& ec) {
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

IMAPLIB_DECL void pipe_transport::write_all(const char* data, std::size_t size, std::error_code& ec) {
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

IMAPLIB_DECL std::size_t pipe_transport::available(std::error_code& ec) {
    int n = 0;
    if (read_fd_ < 0 || ::ioctl(read_fd_, FIONREAD, &n) != 0) {
        ec.clear();  // closed, or not known: the next read says which
        return 0;
    }
    ec.clear();
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

IMAPLIB_DECL bool pipe_transport::wait_readable(std::chrono::milliseconds t, std::error_code& ec) {
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

IMAPLIB_DECL bool pipe_transport::wait(int fd, short events, const std::optional<clock::time_point>& deadline,
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

IMAPLIB_DECL bool pipe_transport::reap_within(std::chrono::milliseconds grace) noexcept {
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

IMAPLIB_DECL void pipe_transport::stop(bool kill_first) noexcept {
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

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_IMPL_PIPE_IPP
