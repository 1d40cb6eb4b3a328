// imaplib-cpp: imaplib/sasl/channel_binding.hpp's out-of-class definitions: inline in header-only mode, compiled
// once by <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_IMAPLIB_SASL_IMPL_CHANNEL_BINDING_IPP
#define IMAPLIB_IMAPLIB_SASL_IMPL_CHANNEL_BINDING_IPP

#include <imaplib/config.hpp>
#include <imaplib/sasl/channel_binding.hpp>

#if defined(IMAPLIB_USE_WOLFSSL)
#include <wolfssl/options.h>  // first, as wolfSSL requires
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/hash.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/sha512.h>
#endif

#include <memory>
#include <string>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

#if defined(IMAPLIB_USE_WOLFSSL)

namespace sasl {

IMAPLIB_DECL std::string tls_exporter_binding(WOLFSSL* ssl, std::error_code& ec) {
    ec.clear();
    static constexpr char label[] = "EXPORTER-Channel-Binding";
    std::string out(32, '\0');
    if (ssl == nullptr || !wolfSSL_is_init_finished(ssl) ||
        wolfSSL_export_keying_material(ssl, reinterpret_cast<unsigned char*>(out.data()), out.size(), label,
                                       sizeof label - 1, nullptr, 0, 0) != WOLFSSL_SUCCESS) {
        ec = make_error_code(errc::not_supported);
        return {};
    }
    return out;
}

IMAPLIB_DECL std::string tls_server_end_point_binding(WOLFSSL* ssl, std::error_code& ec) {
    ec.clear();
    struct x509_free {
        void operator()(WOLFSSL_X509* p) const noexcept { wolfSSL_X509_free(p); }
    };
    ec = make_error_code(errc::not_supported);
    if (ssl == nullptr || !wolfSSL_is_init_finished(ssl)) return {};
    if (wolfSSL_is_server(ssl)) return {};  // the client's view: the peer's certificate
    const std::unique_ptr<WOLFSSL_X509, x509_free> peer(wolfSSL_get_peer_certificate(ssl));
    WOLFSSL_X509* cert = peer.get();
    if (cert == nullptr) return {};
    int size = 0;
    const unsigned char* der = wolfSSL_X509_get_der(cert, &size);
    if (der == nullptr || size <= 0) return {};
    enum wc_HashType hash = WC_HASH_TYPE_NONE;
    switch (wolfSSL_X509_get_signature_type(cert)) {
    case CTC_MD5wRSA:
    case CTC_SHAwRSA:
    case CTC_SHAwECDSA:
    case CTC_SHAwDSA:
    case CTC_SHA256wRSA:
    case CTC_SHA256wECDSA:
    case CTC_SHA256wDSA: hash = WC_HASH_TYPE_SHA256; break;
    case CTC_SHA384wRSA:
    case CTC_SHA384wECDSA: hash = WC_HASH_TYPE_SHA384; break;
    case CTC_SHA512wRSA:
    case CTC_SHA512wECDSA: hash = WC_HASH_TYPE_SHA512; break;
    default: return {};
    }
    std::string out(static_cast<std::size_t>(wc_HashGetDigestSize(hash)), '\0');
    if (wc_Hash(hash, der, static_cast<word32>(size), reinterpret_cast<byte*>(out.data()),
                static_cast<word32>(out.size())) != 0)
        return {};
    ec.clear();
    return out;
}

IMAPLIB_DECL channel_binding channel_binding_for(WOLFSSL* ssl, std::error_code& ec) {
    if (ssl != nullptr && wolfSSL_version(ssl) == TLS1_3_VERSION)
        return {"tls-exporter", tls_exporter_binding(ssl, ec)};
    return {"tls-server-end-point", tls_server_end_point_binding(ssl, ec)};
}

}  // namespace sasl

#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_IMAPLIB_SASL_IMPL_CHANNEL_BINDING_IPP
