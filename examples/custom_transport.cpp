// custom_transport: what a transport of your own must provide, in one file.
//
// fd_transport talks IMAP over a file descriptor that is already connected: a socket your
// application opened (or got from a proxy, a socket activation, a test harness). It needs
// nothing but POSIX; basic_imap4 checks it at compile time (docs/transports.md), so a
// missing operation is reported by name.
//
//   custom_transport HOST PORT USER      (password from IMAP_PASSWORD)
// lists the mailboxes over a plain TCP connection made with the BSD socket API.
#include <imaplib/imaplib.hpp>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>

class fd_transport {
public:
    // The port basic_imap4 uses when the caller gives none (the fd is already connected,
    // so it only matters for imaplib's `port` attribute).
    static constexpr std::uint16_t default_port = 143;

    explicit fd_transport(int fd) noexcept : fd_(fd) {}
    fd_transport(fd_transport&& other) noexcept : fd_(other.fd_), timeout_(other.timeout_) { other.fd_ = -1; }
    fd_transport& operator=(fd_transport&&) = delete;
    ~fd_transport() { shutdown(); }

    // Nothing to open: the descriptor is connected already.
    void open(std::string_view /*host*/, std::uint16_t /*port*/, std::error_code& ec) {
        if (fd_ < 0) ec = std::make_error_code(std::errc::bad_file_descriptor);
    }

    // At least one byte, or 0 with ec set: EOF is imaplib::errc::connection_closed, an
    // expired timeout imaplib::errc::timeout.
    std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec) {
        if (!wait(POLLIN, ec)) return 0;
        const ssize_t n = ::recv(fd_, buffer, size, 0);
        if (n > 0) return static_cast<std::size_t>(n);
        ec = n == 0 ? make_error_code(imaplib::errc::connection_closed) : std::error_code(errno, std::system_category());
        return 0;
    }

    // Every byte, or ec set.
    void write_all(const char* data, std::size_t size, std::error_code& ec) {
        while (size > 0) {
            if (!wait(POLLOUT, ec)) return;
            const ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) continue;
                ec = std::error_code(errno, std::system_category());
                return;
            }
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }

    void shutdown() noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept { timeout_ = t; }

    // Optional: imaplib's socket().
    int native_handle() const noexcept { return fd_; }

private:
    bool wait(short events, std::error_code& ec) {
        pollfd p{fd_, events, 0};
        const int ms = timeout_ ? static_cast<int>(timeout_->count()) : -1;
        int r;
        do r = ::poll(&p, 1, ms);
        while (r < 0 && errno == EINTR);
        if (r == 0) ec = make_error_code(imaplib::errc::timeout);
        if (r < 0) ec = std::error_code(errno, std::system_category());
        return r > 0;
    }

    int fd_ = -1;
    std::optional<std::chrono::milliseconds> timeout_;
};

static int connect_to(const char* host, const char* port) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    if (::getaddrinfo(host, port, &hints, &list) != 0) return -1;
    int fd = -1;
    for (addrinfo* a = list; a && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(list);
    return fd;
}

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: custom_transport HOST PORT USER   (password from IMAP_PASSWORD)\n";
        return 2;
    }
    const int fd = connect_to(argv[1], argv[2]);
    if (fd < 0) {
        std::cerr << "cannot connect to " << argv[1] << ':' << argv[2] << '\n';
        return 1;
    }
    const char* password = std::getenv("IMAP_PASSWORD");
    try {
        imaplib::basic_imap4<fd_transport> M(fd_transport(fd), argv[1], 143, std::chrono::seconds(30));
        M.login(argv[3], password ? password : "");
        for (const auto& item : M.list().data) std::cout << imaplib::escape_control(item.bytes()) << '\n';
        M.logout();
        return 0;
    } catch (const imaplib::error& e) {
        std::cerr << "imaplib.error: " << imaplib::escape_control(e.what()) << '\n';
        return 1;
    }
}
