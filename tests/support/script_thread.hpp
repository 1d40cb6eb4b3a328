// A scripted server for the async tests: a thread of the test program that listens on
// 127.0.0.1 and plays a script (a function reading the client's lines and writing bytes)
// for each client in turn, so a script can answer pipelined commands by their real tags.
// `Peer` is the test's own server side of one connection, built from the accepted socket.
// Every wait is bounded (5 s for a client to connect), so a test never hangs.
#ifndef IMAPLIB_TESTS_SUPPORT_SCRIPT_THREAD_HPP
#define IMAPLIB_TESTS_SUPPORT_SCRIPT_THREAD_HPP

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace imaplib_test {

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
