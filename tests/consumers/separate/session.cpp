// Separate compilation, second TU: uses the same client type as main.cpp, and the async
// client and the memory transport, which separate mode leaves to the TUs that ask for them.
#ifdef CONSUMER_SINGLE_HEADER
#define IMAPLIB_ASYNC
#define IMAPLIB_TESTING
#include <imaplib/imaplib.hpp>
#else
#include <imaplib/imaplib.hpp>
#include <imaplib/async.hpp>
#include <imaplib/testing.hpp>
#endif

#include <string>
#include <system_error>

std::string fetch_flags(imaplib::basic_imap4<imaplib::memory_transport>& M) {
    std::error_code ec;
    M.login("user", "secret", ec);
    if (!ec) M.select("INBOX", false, ec);
    if (ec) return "error: " + ec.message();
    const imaplib::response r = M.fetch("1", "(FLAGS)", ec);
    if (ec) return "error: " + ec.message();
    return imaplib::python_repr(r);
}

#ifdef IMAPLIB_USE_ASIO
// Nothing listens on port 1: the connect completes with an error.
std::string async_connect_refused() {
    asio::io_context io;
    imaplib::async_imap4 A(io.get_executor());
    std::string result = "not completed";
    A.async_connect("127.0.0.1", 1, [&](std::error_code ec) { result = ec ? "refused" : "connected"; });
    io.run();
    return result;
}
#endif
