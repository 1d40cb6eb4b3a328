// A scripted server for the async tests: a thread of the test program that listens on
// 127.0.0.1 and plays a script (a function reading the client's lines and writing bytes)
// for each client in turn, so a script can answer pipelined commands by their real tags.
// `Peer` is the test's own server side of one connection, built from the accepted socket.
// Every wait is bounded (5 s for a client to connect, 3 s for a client's bytes), so a
// test never hangs. `script_peer` is the usual Peer: lines in, bytes out.
#ifndef IMAPLIB_TESTS_SUPPORT_SCRIPT_THREAD_HPP
#define IMAPLIB_TESTS_SUPPORT_SCRIPT_THREAD_HPP

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace imaplib_test {

// One connection's server side: the client's lines in, bytes out, each wait bounded (3 s).
// A peer that decodes what arrives (a COMPRESS test's inflater) overrides arrived().
class script_peer {
public:
    explicit script_peer(int fd) : fd_(fd) {}
    virtual ~script_peer() { close(); }
    script_peer(const script_peer&) = delete;
    script_peer& operator=(const script_peer&) = delete;

    // The next line without CRLF; "" at EOF or after 3 s.
    std::string line() {
        for (;;) {
            const auto lf = in_.find('\n');
            if (lf != std::string::npos) {
                std::string l = in_.substr(0, lf);
                in_.erase(0, lf + 1);
                if (!l.empty() && l.back() == '\r') l.pop_back();
                return l;
            }
            if (!fill()) return {};
        }
    }
    // `n` bytes of what the client sent (fewer at EOF or after 3 s).
    std::string bytes(std::size_t n) {
        while (in_.size() < n && fill()) {}
        std::string out = in_.substr(0, n);
        in_.erase(0, out.size());
        return out;
    }
    // The tag of a command line.
    static std::string tag(const std::string& l) { return l.substr(0, l.find(' ')); }
    virtual void send(std::string_view text) { send_raw(text); }
    // A client that hung up is an error here, never SIGPIPE.
    void send_raw(std::string_view bytes) {
        for (std::size_t at = 0; at < bytes.size() && fd_ >= 0;) {
            const ssize_t n = ::send(fd_, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
            if (n <= 0) return;
            at += static_cast<std::size_t>(n);
        }
    }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    // Waits for the client to hang up (bounded).
    void until_eof() {
        while (fill()) {}
    }

protected:
    // Appends to `in` what the script reads of `bytes` as they came from the client;
    // false ends the reading (as EOF does).
    virtual bool arrived(std::string_view bytes, std::string& in) {
        in += bytes;
        return true;
    }

private:
    bool fill() {
        pollfd p{fd_, POLLIN, 0};
        if (fd_ < 0 || ::poll(&p, 1, 3000) <= 0) return false;
        char buf[4096];
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) return false;
        return arrived(std::string_view(buf, static_cast<std::size_t>(n)), in_);
    }
    int fd_;
    std::string in_;
};

template <class Peer>
class basic_script_thread {
public:
    explicit basic_script_thread(std::function<void(Peer&)> script, int connections = 1) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(listener_, 64);
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this, script, connections] {
            for (int i = 0; i < connections; ++i) {
                pollfd p{listener_, POLLIN, 0};
                if (::poll(&p, 1, 5000) <= 0) return;
                peers_.push_back(std::make_unique<Peer>(::accept(listener_, nullptr, nullptr)));
                script(*peers_.back());
                if (connections == 1) peers_.back()->close();
            }
        });
    }
    basic_script_thread(const basic_script_thread&) = delete;
    basic_script_thread& operator=(const basic_script_thread&) = delete;
    ~basic_script_thread() {
        done();
        for (auto& p : peers_) p->close();
        ::close(listener_);
    }

    std::uint16_t port() const { return port_; }
    // Waits for the script to end; the destructor does too.
    void done() {
        if (thread_.joinable()) thread_.join();
    }
    // After done().
    const Peer& first() const { return *peers_.front(); }

private:
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::vector<std::unique_ptr<Peer>> peers_;  // kept open until the end
    std::thread thread_;
};

}  // namespace imaplib_test

#endif  // IMAPLIB_TESTS_SUPPORT_SCRIPT_THREAD_HPP
