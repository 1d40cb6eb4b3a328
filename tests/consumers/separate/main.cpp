// Separate compilation, first TU: the clients are extern templates here and the grammar
// is not parsed; the program still talks IMAP, through session.cpp and this file.
#ifdef CONSUMER_SINGLE_HEADER
#define IMAPLIB_TESTING
#include <imaplib/imaplib.hpp>
#else
#include <imaplib/imaplib.hpp>
#ifdef IMAPLIB_TRANSPORT_MEMORY_HPP
#error "separate compilation parsed the testing transports in a TU that did not ask for them"
#endif
#include <imaplib/testing.hpp>
#endif

#include <cstdio>
#include <memory>
#include <string>
#include <system_error>

#ifndef IMAPLIB_SEPARATE_COMPILATION
#error "this consumer must be built with IMAPLIB_SEPARATE_COMPILATION"
#endif
#ifdef IMAPLIB_GRAMMAR_CORE_HPP
#error "separate compilation parsed the grammar in a user TU"
#endif
#ifdef ASIO_HPP
#error "separate compilation parsed Asio in a user TU (only <imaplib/src.hpp>'s TU needs it)"
#endif
#ifdef IMAPLIB_ASYNC_CLIENT_HPP
#error "separate compilation parsed the async client in a TU that did not ask for it"
#endif

std::string fetch_flags(imaplib::basic_imap4<imaplib::memory_transport>& M);  // session.cpp
std::string async_connect_refused();                                            // session.cpp

int main() {
    auto script = std::make_shared<imaplib::memory_script>();
    script->push("* OK [CAPABILITY IMAP4rev1] ready\r\n");
    script->on_line = [](std::string_view line) -> std::string {
        const std::string text(line.substr(0, line.size() - 2));
        const std::string tag = text.substr(0, text.find(' '));
        if (text.find(" SELECT ") != std::string::npos)
            return "* 1 EXISTS\r\n" + tag + " OK [READ-WRITE] done\r\n";
        if (text.find(" FETCH ") != std::string::npos)
            return "* 1 FETCH (FLAGS (\\Seen))\r\n" + tag + " OK done\r\n";
        return tag + " OK done\r\n";
    };
    imaplib::basic_imap4<imaplib::memory_transport> M{imaplib::memory_transport(script)};
    std::error_code ec;
    M.connect("imap.example.org", 143, {}, ec);
    if (ec) {
        std::printf("connect: %s\n", ec.message().c_str());
        return 1;
    }
    const std::string flags = fetch_flags(M);
    if (flags != "('OK', [b'1 (FLAGS (\\\\Seen))'])") {
        std::printf("unexpected FETCH result: %s\n", flags.c_str());
        return 1;
    }
#ifdef IMAPLIB_USE_ASIO
    // The TCP client comes from the source TU too: nothing listens on port 1.
    imaplib::imap4 tcp;
    tcp.open("127.0.0.1", 1, {}, ec);
    if (!ec) return 1;
    const std::string refused = async_connect_refused();
    if (refused != "refused") {
        std::printf("async client: %s\n", refused.c_str());
        return 1;
    }
#endif
    std::printf("separate compilation: %s\n", flags.c_str());
    return 0;
}
