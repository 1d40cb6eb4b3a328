// Test support: one scripted scenario played against the client twice, over a loopback
// socket (script_server, the real TCP path) and through memory_transport (memory_peer).
#ifndef IMAPLIB_TESTS_SUPPORT_RUN_BOTH_HPP
#define IMAPLIB_TESTS_SUPPORT_RUN_BOTH_HPP

#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/limits.hpp>
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/tcp.hpp>

#include "script_server.hpp"

#include <catch2/catch.hpp>

namespace imaplib {
namespace test {

// Runs `body(client, peer)` with a basic_imap4 over tcp_transport against a
// script_server, then with one over memory_transport against a memory_peer.
template <class Body>
void run_both(const scenario& sc, Body body, const imaplib::limits& l = {}) {
    {
        INFO("over a loopback socket");
        script_server server(sc);
        REQUIRE(server.ok());
        imaplib::basic_imap4<imaplib::tcp_transport> M(imaplib::tcp_transport{}, l);
        body(M, server);
    }
    {
        INFO("through memory_transport");
        memory_peer peer(sc);
        imaplib::basic_imap4<imaplib::memory_transport> M(peer.transport(), l);
        body(M, peer);
    }
}

}  // namespace test
}  // namespace imaplib

#endif  // IMAPLIB_TESTS_SUPPORT_RUN_BOTH_HPP
