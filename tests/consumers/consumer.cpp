// A program outside the project that uses imaplib the way a user would.
#include <imaplib/imaplib.hpp>

#include <cstdio>
#include <system_error>

#if defined(CONSUMER_EXPECT_TLS) && !defined(IMAPLIB_USE_WOLFSSL)
#error "linking imaplib::tls must define IMAPLIB_USE_WOLFSSL"
#endif

int main() {
    std::error_code ec = imaplib::errc::bye;
    if (imaplib::kind_of(ec) != imaplib::error_kind::abort) return 1;
    std::printf("imaplib %d.%d.%d: %s\n", IMAPLIB_VERSION_MAJOR, IMAPLIB_VERSION_MINOR,
                IMAPLIB_VERSION_PATCH, ec.message().c_str());
    return 0;
}
