// A TLS context that trusts the CA which signed the suite's Dovecot certificate (and,
// when asked, presents the test CA's client certificate): what every TLS test starts with.
#ifndef IMAPLIB_TESTS_SUPPORT_TEST_CA_HPP
#define IMAPLIB_TESTS_SUPPORT_TEST_CA_HPP

#include "dovecot.hpp"

#include <imaplib/transport/tls_context.hpp>

#include <memory>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE
namespace test {

// Throws imaplib::error naming the file when it cannot be loaded.
inline std::shared_ptr<tls_context> test_ca_context(const dovecot_server& s, bool with_client_certificate = false) {
    auto ctx = std::make_shared<tls_context>();
    ctx->load_verify_file(s.ca_file);
    if (with_client_certificate) {
        std::error_code ec;
        ctx->use_certificate(s.client_cert, s.client_key, ec);
        if (ec) throw error(ec, ctx->error_detail());
    }
    return ctx;
}

}  // namespace test
IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TESTS_SUPPORT_TEST_CA_HPP
