// Test support: the socket under a test's wolfSSL server, written with MSG_NOSIGNAL.
//
// A client that refuses the session after the handshake (a name or policy check) has hung
// up by the time the server writes; the server must see an error, not die of SIGPIPE.
#ifndef IMAPLIB_TESTS_SUPPORT_TLS_SERVER_IO_HPP
#define IMAPLIB_TESTS_SUPPORT_TLS_SERVER_IO_HPP

#include <imaplib/config.hpp>

#if defined(IMAPLIB_USE_WOLFSSL)
#include <imaplib/transport/tls_context.hpp>  // wolfSSL headers in the right order

#include <sys/socket.h>

#include <cerrno>
#include <cstddef>

IMAPLIB_BEGIN_NAMESPACE
namespace test {

namespace detail {
// wolfSSL_set_fd leaves the write context pointing at the descriptor.
inline int send_no_sigpipe(WOLFSSL*, char* buf, int sz, void* ctx) {
    const ssize_t n = ::send(*static_cast<int*>(ctx), buf, static_cast<std::size_t>(sz), MSG_NOSIGNAL);
    if (n >= 0) return static_cast<int>(n);
    if (errno == EINTR) return WOLFSSL_CBIO_ERR_ISR;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return WOLFSSL_CBIO_ERR_TIMEOUT;
    return errno == EPIPE || errno == ECONNRESET ? WOLFSSL_CBIO_ERR_CONN_CLOSE : WOLFSSL_CBIO_ERR_GENERAL;
}
}  // namespace detail

// wolfSSL_set_fd, with writes that never raise SIGPIPE.
inline void server_set_fd(WOLFSSL* ssl, int fd) {
    wolfSSL_set_fd(ssl, fd);
    wolfSSL_SSLSetIOSend(ssl, &detail::send_no_sigpipe);
}

}  // namespace test
IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_USE_WOLFSSL
#endif  // IMAPLIB_TESTS_SUPPORT_TLS_SERVER_IO_HPP
