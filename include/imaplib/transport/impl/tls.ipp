// imaplib-cpp: imaplib/transport/tls.hpp's out-of-class definitions: inline in header-only mode, compiled
// once by <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_IMAPLIB_TRANSPORT_IMPL_TLS_IPP
#define IMAPLIB_IMAPLIB_TRANSPORT_IMPL_TLS_IPP

#include <imaplib/config.hpp>
#include <imaplib/transport/tls.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

IMAPLIB_DECL tls_transport::tls_transport() : ctx_(std::make_shared<tls_context>()) {}

IMAPLIB_DECL tls_transport::tls_transport(std::shared_ptr<const tls_context> ctx) : ctx_(std::move(ctx)) {
    if (!ctx_) ctx_ = std::make_shared<tls_context>();
}

IMAPLIB_DECL tls_transport tls_transport::with_certificate(const std::optional<std::string>& keyfile,
                                          const std::optional<std::string>& certfile,
                                          std::shared_ptr<const tls_context> ssl_context, std::error_code& ec,
                                          std::string& why) {
    ec.clear();
    if (ssl_context && (keyfile || certfile)) {
        ec = make_error_code(errc::invalid_argument);
        why = std::string("ssl_context and ") + (keyfile ? "keyfile" : "certfile") +
              " arguments are mutually exclusive";
        return tls_transport(std::move(ssl_context));
    }
    if (!certfile) {
        if (keyfile) {
            ec = make_error_code(errc::invalid_argument);
            why = "keyfile given without certfile";
        }
        return tls_transport(std::move(ssl_context));
    }
    auto context = std::make_shared<tls_context>();
    context->use_certificate(*certfile, keyfile.value_or(std::string()), ec);
    if (ec) why = context->error_detail();
    return tls_transport(std::move(context));
}

IMAPLIB_DECL void tls_transport::open(std::string_view host, std::uint16_t port, std::error_code& ec) {
    tcp_.open(host, port, ec);
    if (ec) return;
    tcp_.upgrade(*ctx_, host, /*starttls=*/false, ec);
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_IMAPLIB_TRANSPORT_IMPL_TLS_IPP
