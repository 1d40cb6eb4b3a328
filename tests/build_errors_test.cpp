// Compiled, not run, by CTest (tests/CMakeLists.txt, "build_errors"): each check is one
// IMAPLIB_CHECK_* macro. The *_fails checks must stop at a message saying what to
// define; the others must compile without a warning.
#include <imaplib/imaplib.hpp>

#include <system_error>

#if defined(IMAPLIB_CHECK_STARTTLS_WITHOUT_TLS_FAILS)
void check(imaplib::imap4& M) { M.starttls(); }

#elif defined(IMAPLIB_CHECK_IMAP4_SSL_WITHOUT_TLS_FAILS)
void check() { imaplib::imap4_ssl M("imap.example.org"); }

#elif defined(IMAPLIB_CHECK_PLAIN_WITHOUT_TLS)
// Naming imap4_ssl is fine; only using it is not. imap4 without STARTTLS compiles.
using unused = imaplib::imap4_ssl;
void check() {
    imaplib::imap4 M("imap.example.org");
    M.login("alice", "secret");
    M.logout();
}

#elif defined(IMAPLIB_CHECK_IMAP4_WITHOUT_EXCEPTIONS_FAILS)
void check() {
    imaplib::imap4 M;
    std::error_code ec;
    M.connect("imap.example.org", 143, std::nullopt, ec);
}

#elif defined(IMAPLIB_CHECK_IMAP4_WITHOUT_EXCEPTIONS)
// The setup docs/guide.md shows: ASIO_NO_EXCEPTIONS and Asio's throw_exception.
#include <cstdlib>
namespace asio::detail {
template <class Exception>
void throw_exception(const Exception&) {
    std::abort();
}
}  // namespace asio::detail
void check() {
    imaplib::imap4 M;
    std::error_code ec;
    M.connect("imap.example.org", 143, std::nullopt, ec);
    M.uid("FETCH", "1:*", "(FLAGS)", ec);
}

#elif defined(IMAPLIB_CHECK_IMAP4_WITHOUT_RTTI_FAILS)
void check() { imaplib::imap4 M("imap.example.org"); }

#elif defined(IMAPLIB_CHECK_IMAP4_WITHOUT_RTTI)
void check() { imaplib::imap4 M("imap.example.org"); }

#else
#error "tests/build_errors_test.cpp: define one IMAPLIB_CHECK_* macro"
#endif
