// imaplib-cpp: TLS channel bindings for SCRAM-*-PLUS, computed with wolfSSL from an
// established connection (`transport.ssl()` of the TLS and STARTTLS transports).
//
//   tls-exporter (RFC 9266): 32 bytes of exported keying material, label
//       "EXPORTER-Channel-Binding", empty context. The type for TLS 1.3.
//   tls-server-end-point (RFC 5929 section 4.1): a hash of the server's certificate,
//       SHA-256 when the certificate is signed with MD5 or SHA-1, else its signature's own
//       hash. Used below TLS 1.3 (tls-exporter there is safe only with the extended
//       master secret, RFC 9266 section 3; tls-unique is not offered).
// Only with IMAPLIB_USE_WOLFSSL; the SCRAM mechanisms themselves take any binding data.
#ifndef IMAPLIB_SASL_CHANNEL_BINDING_HPP
#define IMAPLIB_SASL_CHANNEL_BINDING_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/sasl/scram.hpp>

#ifdef IMAPLIB_USE_WOLFSSL
#include <string>
#include <system_error>

// wolfSSL's connection type as <wolfssl/ssl.h> declares it (a typedef may be repeated); the
// bodies (impl/channel_binding.ipp) include wolfSSL's headers.
struct WOLFSSL;
typedef struct WOLFSSL WOLFSSL;

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {

// RFC 9266: the tls-exporter binding of `ssl`; empty and ec set when the handshake is not
// done or the exporter fails.
IMAPLIB_DECL std::string tls_exporter_binding(WOLFSSL* ssl, std::error_code& ec);

// RFC 5929 section 4.1: the tls-server-end-point binding, from the server's certificate
// as the client sees it (on a server: not_supported). A certificate whose signature names no
// single hash (Ed25519, RSA-PSS) has no binding: not_supported.
IMAPLIB_DECL std::string tls_server_end_point_binding(WOLFSSL* ssl, std::error_code& ec);

// The binding for this connection: tls-exporter on TLS 1.3, tls-server-end-point below.
IMAPLIB_DECL channel_binding channel_binding_for(WOLFSSL* ssl, std::error_code& ec);

}  // namespace sasl

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_USE_WOLFSSL

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/sasl/impl/channel_binding.ipp>
#endif

#endif  // IMAPLIB_SASL_CHANNEL_BINDING_HPP
