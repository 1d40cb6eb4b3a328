// Separate compilation, second TU: uses the same client type as main.cpp.
#include <imaplib/imaplib.hpp>

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
