// imaplib-cpp: TLS on wolfSSL, the parts both TLS paths share.
//
//   tls_context           imaplib's ssl_context: trust store, client certificate,
//                         verification switches, minimum protocol version.
//   detail::tls_session   one wolfSSL connection over a byte stream; used both by
//                         tls_transport (implicit TLS, port 993, transport/tls.hpp) and
//                         by tcp_transport::start_tls (STARTTLS, RFC 9051 section 6.2.1).
//
// Only with IMAPLIB_USE_WOLFSSL. Link with -lwolfssl.
#ifndef IMAPLIB_TRANSPORT_TLS_CONTEXT_HPP
#define IMAPLIB_TRANSPORT_TLS_CONTEXT_HPP

#include <imaplib/config.hpp>

#ifndef IMAPLIB_USE_WOLFSSL
#error "imaplib: transport/tls_context.hpp needs wolfSSL: define IMAPLIB_USE_WOLFSSL and link -lwolfssl"
#endif

// wolfSSL's build options must come before any other wolfSSL header, or the structure
// layouts the library was built with and the ones seen here disagree.
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include <imaplib/error.hpp>
#include <imaplib/transport/concept.hpp>

#include <asio/ip/address.hpp>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

enum class tls_version { tls1_2, tls1_3 };

namespace detail {

// wolfSSL_Init once per process; a function-local static is thread-safe (C++11).
inline bool tls_library_ready() noexcept {
    static const bool ready = wolfSSL_Init() == WOLFSSL_SUCCESS;
    return ready;
}

struct tls_ctx_deleter {
    void operator()(WOLFSSL_CTX* p) const noexcept { wolfSSL_CTX_free(p); }
};
struct tls_ssl_deleter {
    void operator()(WOLFSSL* p) const noexcept { wolfSSL_free(p); }
};
struct tls_x509_deleter {
    void operator()(WOLFSSL_X509* p) const noexcept { wolfSSL_X509_free(p); }
};

inline std::string tls_error_text(int err) {
    char buf[WOLFSSL_MAX_ERROR_SZ] = {};
    wolfSSL_ERR_error_string_n(static_cast<unsigned long>(err), buf, sizeof buf);
    return std::string(buf) + " (wolfSSL " + std::to_string(err) + ")";
}

inline bool is_ip_literal(std::string_view host) {
    std::error_code ec;
    (void)asio::ip::make_address(std::string(host), ec);
    return !ec;
}

// Where Debian, Ubuntu, Alpine and Arch keep the bundle (what OpenSSL's
// default_verify_paths finds there), for wolfSSL builds without system CA support.
inline constexpr const char* fallback_ca_bundle = "/etc/ssl/certs/ca-certificates.crt";

}  // namespace detail

// imaplib's ssl_context (Python's ssl.create_default_context()): verification of the
// chain and of the host name is on, the system trust store is used unless CA files are
// loaded, TLS 1.2 is the minimum. Move-only; a context may be shared (through a
// shared_ptr) by several connections, also from several threads once configured.
class tls_context {
public:
    tls_context() : impl_(std::make_unique<impl>()) {
        if (!detail::tls_library_ready()) return;
        impl_->ctx.reset(wolfSSL_CTX_new(wolfSSLv23_client_method()));
        if (impl_->ctx) wolfSSL_CTX_SetMinVersion(impl_->ctx.get(), WOLFSSL_TLSV1_2);
    }

    tls_context(tls_context&&) noexcept = default;
    tls_context& operator=(tls_context&&) noexcept = default;
    tls_context(const tls_context&) = delete;
    tls_context& operator=(const tls_context&) = delete;
    ~tls_context() = default;

    // False when wolfSSL could not create the context (no memory, init failed).
    bool valid() const noexcept { return impl_ && impl_->ctx; }

    // Trusts the CAs in a PEM file (imaplib/ssl: cafile). Replaces the system store.
    void load_verify_file(const std::string& cafile, std::error_code& ec) {
        load(cafile.c_str(), nullptr, ec);
    }
    // Trusts every PEM file in a directory (ssl: capath). Replaces the system store.
    void load_verify_dir(const std::string& capath, std::error_code& ec) {
        load(nullptr, capath.c_str(), ec);
    }
    // Trusts the system store now (otherwise loaded at the first handshake when no CA
    // file or directory was given).
    void load_default_verify_paths(std::error_code& ec) {
        if (!usable(ec)) return;
        impl_->explicit_ca = true;
        if (!load_system_store(impl_->ctx.get())) {
            fail(ec, errc::invalid_argument, "no system CA certificates could be loaded");
            return;
        }
        ec.clear();
    }

    // Client certificate (imaplib's certfile / keyfile); keyfile empty: the key is in
    // certfile, as in Python's load_cert_chain.
    void use_certificate(const std::string& certfile, const std::string& keyfile,
                         std::error_code& ec) {
        if (!usable(ec)) return;
        int ret = wolfSSL_CTX_use_certificate_chain_file(impl_->ctx.get(), certfile.c_str());
        if (ret != WOLFSSL_SUCCESS) {
            fail(ec, errc::invalid_argument,
                 "cannot load certificate " + certfile + ": " + detail::tls_error_text(ret));
            return;
        }
        const std::string& key = keyfile.empty() ? certfile : keyfile;
        ret = wolfSSL_CTX_use_PrivateKey_file(impl_->ctx.get(), key.c_str(), WOLFSSL_FILETYPE_PEM);
        if (ret != WOLFSSL_SUCCESS) {
            fail(ec, errc::invalid_argument,
                 "cannot load private key " + key + ": " + detail::tls_error_text(ret));
            return;
        }
        ec.clear();
    }

    // verify_mode: CERT_REQUIRED (true, the default) or CERT_NONE (false).
    void set_verify(bool on) noexcept {
        if (impl_) impl_->verify = on;
    }
    bool verify() const noexcept { return impl_ && impl_->verify; }
    // check_hostname; only takes effect while verify() is on.
    void set_check_hostname(bool on) noexcept {
        if (impl_) impl_->check_hostname = on;
    }
    bool check_hostname() const noexcept { return impl_ && impl_->check_hostname; }

    void set_min_version(tls_version v, std::error_code& ec) {
        if (!usable(ec)) return;
        const int wv = v == tls_version::tls1_3 ? WOLFSSL_TLSV1_3 : WOLFSSL_TLSV1_2;
        if (wolfSSL_CTX_SetMinVersion(impl_->ctx.get(), wv) != WOLFSSL_SUCCESS) {
            fail(ec, errc::not_supported, "this wolfSSL build cannot set that minimum version");
            return;
        }
        impl_->min_version = v;
        ec.clear();
    }
    tls_version min_version() const noexcept {
        return impl_ ? impl_->min_version : tls_version::tls1_2;
    }

    // Why the last failed call failed, "" if none did.
    const std::string& error_detail() const noexcept {
        static const std::string none;
        return impl_ ? impl_->detail : none;
    }

    WOLFSSL_CTX* native_handle() const noexcept { return impl_ ? impl_->ctx.get() : nullptr; }

    // Loads the system store once if no CA was given. Called before each handshake;
    // call_once keeps concurrent first handshakes on a shared context safe.
    void prepare_for_handshake() const noexcept {
        if (!valid()) return;
        std::call_once(impl_->defaults_once, [this] {
            if (!impl_->explicit_ca) (void)load_system_store(impl_->ctx.get());
        });
    }

private:
    struct impl {
        std::unique_ptr<WOLFSSL_CTX, detail::tls_ctx_deleter> ctx;
        bool verify = true;
        bool check_hostname = true;
        bool explicit_ca = false;
        tls_version min_version = tls_version::tls1_2;
        std::once_flag defaults_once;
        std::string detail;
    };

    static bool load_system_store(WOLFSSL_CTX* ctx) noexcept {
#if defined(WOLFSSL_SYS_CA_CERTS)
        if (wolfSSL_CTX_load_system_CA_certs(ctx) == WOLFSSL_SUCCESS) return true;
#endif
        return wolfSSL_CTX_load_verify_locations(ctx, detail::fallback_ca_bundle, nullptr) ==
               WOLFSSL_SUCCESS;
    }

    bool usable(std::error_code& ec) {
        if (valid()) return true;
        ec = make_error_code(errc::not_supported);
        if (impl_) impl_->detail = "the wolfSSL context could not be created";
        return false;
    }

    void fail(std::error_code& ec, errc e, std::string why) {
        ec = make_error_code(e);
        impl_->detail = std::move(why);
    }

    void load(const char* file, const char* dir, std::error_code& ec) {
        if (!usable(ec)) return;
        const int ret = wolfSSL_CTX_load_verify_locations(impl_->ctx.get(), file, dir);
        if (ret != WOLFSSL_SUCCESS) {
            fail(ec, errc::invalid_argument,
                 std::string("cannot load CA certificates from ") + (file ? file : dir) + ": " +
                     detail::tls_error_text(ret));
            return;
        }
        impl_->explicit_ca = true;
        impl_->detail.clear();
        ec.clear();
    }

    std::unique_ptr<impl> impl_;
};

namespace detail {

// The byte stream under a TLS session: blocking calls that apply the transport's own
// timeout, with the transport's error codes (docs/transports.md).
struct tls_lower_io {
    void* ctx = nullptr;
    std::size_t (*read_some)(void* ctx, char* buffer, std::size_t size,
                             std::error_code& ec) = nullptr;
    void (*write_all)(void* ctx, const char* data, std::size_t size,
                      std::error_code& ec) = nullptr;
    // Bytes a read_some returns without waiting (0 when unknown); optional.
    std::size_t (*available)(void* ctx) noexcept = nullptr;
};

// One wolfSSL client connection over a tls_lower_io. wolfSSL calls back into the lower
// stream (custom I/O callbacks), so the lower stream's timeouts apply to every record
// and no byte is read ahead of the handshake by anyone but wolfSSL. Lives on the heap:
// wolfSSL keeps a pointer to it.
class tls_session {
public:
    tls_session() = default;
    tls_session(const tls_session&) = delete;
    tls_session& operator=(const tls_session&) = delete;

    // Client handshake with SNI and (per ctx) chain and host name verification.
    void handshake(const tls_context& ctx, std::string_view host, tls_lower_io io,
                   std::error_code& ec, std::string& why) {
        why.clear();
        if (!ctx.valid()) {
            ec = make_error_code(errc::not_supported);
            why = "the wolfSSL context could not be created";
            return;
        }
        ctx.prepare_for_handshake();
        ssl_.reset(wolfSSL_new(ctx.native_handle()));
        if (!ssl_) {
            ec = make_error_code(errc::tls_handshake_failed);
            why = "wolfSSL_new failed";
            return;
        }
        io_ = io;
        WOLFSSL* ssl = ssl_.get();
        wolfSSL_SSLSetIORecv(ssl, &tls_session::recv_cb);
        wolfSSL_SSLSetIOSend(ssl, &tls_session::send_cb);
        wolfSSL_SetIOReadCtx(ssl, this);
        wolfSSL_SetIOWriteCtx(ssl, this);

        const std::string host_z(host);
        const bool ip = is_ip_literal(host);
        // RFC 6066 section 3: SNI carries DNS names only, never an address literal.
        if (!ip && !host.empty() && host.size() <= 0xFFFF) {
            (void)wolfSSL_UseSNI(ssl, WOLFSSL_SNI_HOST_NAME, host_z.data(),
                                 static_cast<unsigned short>(host_z.size()));
        }
        const bool check_name = ctx.verify() && ctx.check_hostname();
        wolfSSL_set_verify(ssl, ctx.verify() ? WOLFSSL_VERIFY_PEER : WOLFSSL_VERIFY_NONE, nullptr);
        if (check_name) {
            // RFC 6125: DNS names match a dNSName SAN (or the CN); an address literal
            // must match an iPAddress SAN, which wolfSSL checks through the verify param.
            const int ret =
                ip ? wolfSSL_X509_VERIFY_PARAM_set1_ip_asc(wolfSSL_get0_param(ssl), host_z.c_str())
                   : wolfSSL_check_domain_name(ssl, host_z.c_str());
            if (ret != WOLFSSL_SUCCESS) {
                ec = make_error_code(errc::tls_handshake_failed);
                why = "cannot set the host name to verify";
                ssl_.reset();
                return;
            }
        }

        const int ret = wolfSSL_connect(ssl);
        if (ret != WOLFSSL_SUCCESS) {
            fail(wolfSSL_get_error(ssl, ret), host, /*handshake=*/true, ec, why);
            ssl_.reset();
            return;
        }
        // Belt and braces for address literals: never accept a certificate whose
        // iPAddress SANs do not include the address we connected to.
        if (check_name && ip) {
            std::unique_ptr<WOLFSSL_X509, tls_x509_deleter> peer(wolfSSL_get_peer_certificate(ssl));
            if (!peer || wolfSSL_X509_check_ip_asc(peer.get(), host_z.c_str(), 0) != 1) {
                ec = make_error_code(errc::tls_verify_failed);
                why = "host name mismatch: the certificate is not valid for " + host_z;
                ssl_.reset();
                return;
            }
        }
        ec.clear();
    }

    std::size_t read(char* buffer, std::size_t size, std::error_code& ec, std::string& why) {
        if (!ssl_) {
            ec = make_error_code(errc::transport_error);
            return 0;
        }
        if (size == 0) {
            ec.clear();
            return 0;
        }
        const int want = size > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
        const int n = wolfSSL_read(ssl_.get(), buffer, want);
        if (n > 0) {
            ec.clear();
            return static_cast<std::size_t>(n);
        }
        const int err = wolfSSL_get_error(ssl_.get(), n);
        if (err == WOLFSSL_ERROR_ZERO_RETURN) {
            // close_notify (RFC 8446 section 6.1): an orderly end of the stream.
            ec = make_error_code(errc::connection_closed);
            return 0;
        }
        fail(err, {}, /*handshake=*/false, ec, why);
        return 0;
    }

    void write(const char* data, std::size_t size, std::error_code& ec, std::string& why) {
        if (!ssl_) {
            ec = make_error_code(errc::transport_error);
            return;
        }
        while (size > 0) {
            const int chunk = size > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
            const int n = wolfSSL_write(ssl_.get(), data, chunk);
            if (n <= 0) {
                fail(wolfSSL_get_error(ssl_.get(), n), {}, /*handshake=*/false, ec, why);
                return;
            }
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        ec.clear();
    }

    // Application bytes a read returns without waiting: those wolfSSL already holds, else
    // those it can decrypt from whole records already received (it processes them with
    // reads that never wait; a record still incomplete, or a TLS 1.3 session ticket,
    // counts 0).
    std::size_t available(std::error_code& ec, std::string& why) {
        ec.clear();
        if (!ssl_) return 0;
        if (const int n = wolfSSL_pending(ssl_.get()); n > 0) return static_cast<std::size_t>(n);
        if (!io_.available || io_.available(io_.ctx) == 0) return 0;
        char byte = 0;
        peeking_ = true;
        const int n = wolfSSL_peek(ssl_.get(), &byte, 1);
        peeking_ = false;
        if (n > 0) return static_cast<std::size_t>(std::max(wolfSSL_pending(ssl_.get()), 1));
        const int err = wolfSSL_get_error(ssl_.get(), n);
        if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_ZERO_RETURN) return 0;  // the read says
        fail(err, {}, /*handshake=*/false, ec, why);
        return 0;
    }

    WOLFSSL* native_handle() const noexcept { return ssl_.get(); }

private:
    static int recv_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
        auto* self = static_cast<tls_session*>(ctx);
        if (sz <= 0) return 0;
        if (self->peeking_ && self->io_.available(self->io_.ctx) == 0) return WOLFSSL_CBIO_ERR_WANT_READ;
        std::error_code ec;
        const std::size_t n = self->io_.read_some(self->io_.ctx, buf, static_cast<std::size_t>(sz), ec);
        if (ec) {
            self->io_error_ = ec;
            return ec == errc::connection_closed ? WOLFSSL_CBIO_ERR_CONN_CLOSE
                                                 : WOLFSSL_CBIO_ERR_GENERAL;
        }
        return static_cast<int>(n);
    }

    static int send_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
        auto* self = static_cast<tls_session*>(ctx);
        if (sz <= 0) return 0;
        std::error_code ec;
        self->io_.write_all(self->io_.ctx, buf, static_cast<std::size_t>(sz), ec);
        if (ec) {
            self->io_error_ = ec;
            return ec == errc::connection_closed ? WOLFSSL_CBIO_ERR_CONN_CLOSE
                                                 : WOLFSSL_CBIO_ERR_GENERAL;
        }
        return sz;
    }

    static bool is_verify_error(int err) noexcept {
        switch (err) {
        case ASN_NO_SIGNER_E: case ASN_SELF_SIGNED_E: case ASN_AFTER_DATE_E:
        case ASN_BEFORE_DATE_E: case ASN_SIG_CONFIRM_E: case ASN_SIG_OID_E:
        case ASN_SIG_HASH_E: case ASN_SIG_KEY_E: case ASN_CRIT_EXT_E: case ASN_ALT_NAME_E:
        case ASN_NAME_INVALID_E: case ASN_PATHLEN_SIZE_E: case ASN_PATHLEN_INV_E:
        case EXTKEYUSAGE_E: case DOMAIN_NAME_MISMATCH: case IPADDR_MISMATCH:
        case VERIFY_CERT_ERROR: case MAX_CHAIN_ERROR: case CRL_CERT_REVOKED:
        case OCSP_CERT_REVOKED: case NO_PEER_CERT:
            return true;
        default:
            return false;
        }
    }

    // Turns a wolfSSL failure into an errc and a reason a person can act on. An error
    // of the stream underneath (timeout, EOF, an OS error) wins: it is the cause.
    void fail(int err, std::string_view host, bool handshake, std::error_code& ec,
              std::string& why) {
        if (io_error_) {
            ec = io_error_;
            io_error_.clear();
            if (handshake && ec == errc::connection_closed) {
                ec = make_error_code(errc::tls_handshake_failed);
                why = "connection closed during the TLS handshake";
            } else {
                why = ec.message();
            }
            return;
        }
        if (is_verify_error(err)) {
            ec = make_error_code(errc::tls_verify_failed);
            switch (err) {
            case ASN_NO_SIGNER_E: why = "unknown CA: no trusted certificate signed the server's"; break;
            case ASN_SELF_SIGNED_E: why = "self-signed certificate"; break;
            case ASN_AFTER_DATE_E: why = "certificate has expired"; break;
            case ASN_BEFORE_DATE_E: why = "certificate is not yet valid"; break;
            case DOMAIN_NAME_MISMATCH:
            case IPADDR_MISMATCH:
                why = "host name mismatch: the certificate is not valid for " + std::string(host);
                break;
            default: why = "certificate verification failed"; break;
            }
            // wolfSSL reports a self-signed leaf as "no signer": say which it is.
            if (err == ASN_NO_SIGNER_E && peer_is_self_signed()) why = "self-signed certificate";
            why += ": " + tls_error_text(err);
            return;
        }
        ec = make_error_code(handshake ? errc::tls_handshake_failed : errc::transport_error);
        why = (handshake ? "TLS handshake failed: " : "TLS error: ") + tls_error_text(err);
    }

    bool peer_is_self_signed() const noexcept {
        std::unique_ptr<WOLFSSL_X509, tls_x509_deleter> peer(wolfSSL_get_peer_certificate(ssl_.get()));
        if (!peer) return false;
        WOLFSSL_X509_NAME* subject = wolfSSL_X509_get_subject_name(peer.get());
        WOLFSSL_X509_NAME* issuer = wolfSSL_X509_get_issuer_name(peer.get());
        return subject && issuer && wolfSSL_X509_NAME_cmp(subject, issuer) == 0;
    }

    std::unique_ptr<WOLFSSL, tls_ssl_deleter> ssl_;
    tls_lower_io io_;
    std::error_code io_error_;
    bool peeking_ = false;  // in available(): reads must not wait
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_TLS_CONTEXT_HPP
