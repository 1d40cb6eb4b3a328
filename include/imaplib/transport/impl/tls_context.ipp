// imaplib-cpp: imaplib/transport/tls_context.hpp's out-of-class definitions: inline in header-only mode,
// compiled once by <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp). Only these
// bodies need wolfSSL's headers; the declarations name its handle types only.
#ifndef IMAPLIB_IMAPLIB_TRANSPORT_IMPL_TLS_CONTEXT_IPP
#define IMAPLIB_IMAPLIB_TRANSPORT_IMPL_TLS_CONTEXT_IPP

#include <imaplib/config.hpp>
#include <imaplib/transport/tls_context.hpp>

// wolfSSL's build options must come before any other wolfSSL header, or the structure
// layouts the library was built with and the ones seen here disagree.
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include <imaplib/error.hpp>
#include <imaplib/transport/tls_identity.hpp>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL bool tls_library_ready() noexcept {
    static const bool ready = wolfSSL_Init() == WOLFSSL_SUCCESS;
    return ready;
}

IMAPLIB_DECL void tls_ctx_deleter::operator()(WOLFSSL_CTX* p) const noexcept { wolfSSL_CTX_free(p); }
IMAPLIB_DECL void tls_ssl_deleter::operator()(WOLFSSL* p) const noexcept { wolfSSL_free(p); }

struct tls_x509_deleter {
    void operator()(WOLFSSL_X509* p) const noexcept { wolfSSL_X509_free(p); }
};

IMAPLIB_DECL std::string tls_error_text(int err) {
    char buf[WOLFSSL_MAX_ERROR_SZ] = {};
    wolfSSL_ERR_error_string_n(static_cast<unsigned long>(err), buf, sizeof buf);
    return std::string(buf) + " (wolfSSL " + std::to_string(err) + ")";
}

IMAPLIB_DECL bool name_in_list(std::string_view list, std::string_view name) noexcept {
    while (!list.empty()) {
        const std::size_t colon = list.find(':');
        if (list.substr(0, colon) == name) return true;
        if (colon == std::string_view::npos) break;
        list.remove_prefix(colon + 1);
    }
    return false;
}

IMAPLIB_DECL bool tls_policy::permits(std::string_view suite) const noexcept {
    return name_in_list(tls13_suites, suite) || name_in_list(tls12_suites, suite) ||
           (insecure_legacy && name_in_list(legacy_suites, suite));
}

IMAPLIB_DECL std::string tls_policy::suite_codes() const {
    std::string codes;
    std::string_view rest = ciphers;
    while (!rest.empty()) {
        const std::size_t colon = rest.find(':');
        const std::string name(rest.substr(0, colon));
        unsigned char b0 = 0, b1 = 0;
        int flags = 0;
        if (wolfSSL_get_cipher_suite_from_name(name.c_str(), &b0, &b1, &flags) == 0) {
            codes += static_cast<char>(b0);
            codes += static_cast<char>(b1);
        }
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return codes;
}

template <class Handle>
bool tls_policy::apply(Handle* h) const {
    const std::string codes = suite_codes();
    if (codes.empty()) return false;
    const auto* list = reinterpret_cast<const unsigned char*>(codes.data());
    const int size = static_cast<int>(codes.size());
    const char* sigs = insecure_legacy ? legacy_sigalgs : sigalgs;
    bool ok = true;
    // Suites first: setting them resets the signature algorithms. Each #if is the
    // one wolfSSL declares the call under (no RSA, DH or ECC: no such key to bound).
    if constexpr (std::is_same_v<Handle, WOLFSSL_CTX>) {
        ok = wolfSSL_CTX_set_cipher_list_bytes(h, list, size) == WOLFSSL_SUCCESS;
#if defined(OPENSSL_EXTRA)
        ok = ok && wolfSSL_CTX_set1_sigalgs_list(h, sigs) == WOLFSSL_SUCCESS;
#endif
#if !defined(NO_RSA)
        ok = ok && wolfSSL_CTX_SetMinRsaKey_Sz(h, static_cast<short>(min_rsa_bits)) == WOLFSSL_SUCCESS;
#endif
#if defined(HAVE_ECC)
        ok = ok && wolfSSL_CTX_SetMinEccKey_Sz(h, static_cast<short>(min_ecc_bits)) == WOLFSSL_SUCCESS;
#endif
#if !defined(NO_DH)
        ok = ok && wolfSSL_CTX_SetMinDhKey_Sz(h, static_cast<word16>(dh_floor())) == WOLFSSL_SUCCESS;
#endif
    } else {
        ok = wolfSSL_set_cipher_list_bytes(h, list, size) == WOLFSSL_SUCCESS;
#if defined(OPENSSL_EXTRA)
        ok = ok && wolfSSL_set1_sigalgs_list(h, sigs) == WOLFSSL_SUCCESS;
#endif
#if !defined(NO_RSA)
        ok = ok && wolfSSL_SetMinRsaKey_Sz(h, static_cast<short>(min_rsa_bits)) == WOLFSSL_SUCCESS;
#endif
#if defined(HAVE_ECC)
        ok = ok && wolfSSL_SetMinEccKey_Sz(h, static_cast<short>(min_ecc_bits)) == WOLFSSL_SUCCESS;
#endif
#if !defined(NO_DH)
        ok = ok && wolfSSL_SetMinDhKey_Sz(h, static_cast<word16>(dh_floor())) == WOLFSSL_SUCCESS;
#endif
    }
    (void)sigs;
    return ok;
}

// Where Debian, Ubuntu, Alpine and Arch keep the bundle (what OpenSSL's
// default_verify_paths finds there), for wolfSSL builds without system CA support.
inline constexpr const char* fallback_ca_bundle = "/etc/ssl/certs/ca-certificates.crt";

}  // namespace detail

struct tls_context::impl {
    std::unique_ptr<WOLFSSL_CTX, detail::tls_ctx_deleter> ctx;
    bool verify = true;
    bool check_hostname = true;
    bool explicit_ca = false;
    tls_version min_version = tls_version::tls1_2;
    detail::tls_policy policy;
    std::once_flag defaults_once;
    std::string detail;
};

IMAPLIB_DECL tls_context::tls_context(tls_context&&) noexcept = default;
IMAPLIB_DECL tls_context& tls_context::operator=(tls_context&&) noexcept = default;
IMAPLIB_DECL tls_context::~tls_context() = default;

IMAPLIB_DECL tls_context::tls_context() : impl_(std::make_unique<impl>()) {
    if (!detail::tls_library_ready()) return;
    impl_->ctx.reset(wolfSSL_CTX_new(wolfSSLv23_client_method()));
    if (!impl_->ctx) return;
    // A context the policy cannot be put on is no context: never fall back to
    // wolfSSL's defaults, which offer anonymous and NULL suites.
    if (wolfSSL_CTX_SetMinVersion(impl_->ctx.get(), WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS ||
        !impl_->policy.apply(impl_->ctx.get()))
        impl_->ctx.reset();
}

IMAPLIB_DECL bool tls_context::valid() const noexcept { return impl_ && impl_->ctx; }

IMAPLIB_DECL void tls_context::load_verify_file(const std::string& cafile, std::error_code& ec) {
    if (!usable(ec)) return;
    if (std::FILE* file = std::fopen(cafile.c_str(), "rb")) {
        std::fclose(file);
    } else {
        const std::error_code os(errno, std::generic_category());
        fail(ec, errc::invalid_argument, "cannot read CA file '" + cafile + "': " + os.message());
        return;
    }
    load(cafile.c_str(), nullptr, ec);
}

#ifndef IMAPLIB_NO_EXCEPTIONS
IMAPLIB_DECL void tls_context::load_verify_file(const std::string& cafile) {
    std::error_code ec;
    load_verify_file(cafile, ec);
    if (ec) throw error(ec, error_detail());
}
#endif

IMAPLIB_DECL void tls_context::load_verify_dir(const std::string& capath, std::error_code& ec) {
    load(nullptr, capath.c_str(), ec);
}

IMAPLIB_DECL void tls_context::load_default_verify_paths(std::error_code& ec) {
    if (!usable(ec)) return;
    impl_->explicit_ca = true;
    if (!load_system_store(impl_->ctx.get())) {
        fail(ec, errc::invalid_argument, "no system CA certificates could be loaded");
        return;
    }
    ec.clear();
}

IMAPLIB_DECL void tls_context::use_certificate(const std::string& certfile, const std::string& keyfile,
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

IMAPLIB_DECL void tls_context::set_verify(bool on) noexcept {
    if (impl_) impl_->verify = on;
}

IMAPLIB_DECL bool tls_context::verify() const noexcept { return impl_ && impl_->verify; }

IMAPLIB_DECL void tls_context::set_check_hostname(bool on) noexcept {
    if (impl_) impl_->check_hostname = on;
}

IMAPLIB_DECL bool tls_context::check_hostname() const noexcept { return impl_ && impl_->check_hostname; }

IMAPLIB_DECL void tls_context::set_min_version(tls_version v, std::error_code& ec) {
    if (!usable(ec)) return;
    const int wv = v == tls_version::tls1_3 ? WOLFSSL_TLSV1_3 : WOLFSSL_TLSV1_2;
    if (wolfSSL_CTX_SetMinVersion(impl_->ctx.get(), wv) != WOLFSSL_SUCCESS) {
        fail(ec, errc::not_supported, "this wolfSSL build cannot set that minimum version");
        return;
    }
    impl_->min_version = v;
    ec.clear();
}

IMAPLIB_DECL tls_version tls_context::min_version() const noexcept {
    return impl_ ? impl_->min_version : tls_version::tls1_2;
}

IMAPLIB_DECL void tls_context::set_ciphers(std::string_view names, std::error_code& ec) {
    if (!usable(ec)) return;
    std::string list;
    while (!names.empty()) {
        const std::size_t colon = names.find(':');
        const std::string_view name = names.substr(0, colon);
        if (!impl_->policy.permits(name)) {
            fail(ec, errc::invalid_argument,
                 "the TLS policy does not allow the suite \"" + std::string(name) + "\"");
            return;
        }
        if (!list.empty()) list += ':';
        list += name;
        if (colon == std::string_view::npos) break;
        names.remove_prefix(colon + 1);
    }
    if (list.empty()) {
        fail(ec, errc::invalid_argument, "no TLS suite given");
        return;
    }
    set_policy_ciphers(std::move(list), ec);
}

IMAPLIB_DECL std::string tls_context::ciphers() const { return impl_ ? impl_->policy.ciphers : std::string(); }

IMAPLIB_DECL void tls_context::set_min_key_sizes(int rsa_bits, int ecc_bits, std::error_code& ec) {
    if (!usable(ec)) return;
    detail::tls_policy& p = impl_->policy;
    if (rsa_bits < p.rsa_floor() || ecc_bits < detail::tls_policy::ecc_floor || rsa_bits > 16384 ||
        ecc_bits > 521 || rsa_bits % 8 != 0) {
        fail(ec, errc::invalid_argument,
             "key sizes below the TLS policy (RSA " + std::to_string(p.rsa_floor()) + ", ECC " +
                 std::to_string(detail::tls_policy::ecc_floor) + " bits) or out of range");
        return;
    }
    detail::tls_policy bigger = p;
    bigger.min_rsa_bits = rsa_bits;
    bigger.min_ecc_bits = ecc_bits;
    if (!bigger.apply(impl_->ctx.get())) {
        (void)p.apply(impl_->ctx.get());
        fail(ec, errc::not_supported, "this wolfSSL build cannot set these key sizes");
        return;
    }
    p = std::move(bigger);
    ec.clear();
}

IMAPLIB_DECL void tls_context::allow_insecure_legacy_tls(std::error_code& ec) {
    if (!usable(ec)) return;
    detail::tls_policy legacy;
    legacy.insecure_legacy = true;
    legacy.ciphers = std::string(detail::tls_policy::tls13_suites) + ":" +
                     std::string(detail::tls_policy::tls12_suites) + ":" +
                     std::string(detail::tls_policy::legacy_suites);
    legacy.min_rsa_bits = legacy.rsa_floor();
    if (!legacy.apply(impl_->ctx.get())) {
        (void)impl_->policy.apply(impl_->ctx.get());
        fail(ec, errc::not_supported, "this wolfSSL build cannot apply the legacy TLS policy");
        return;
    }
    impl_->policy = std::move(legacy);
    ec.clear();
}

IMAPLIB_DECL bool tls_context::insecure_legacy_tls() const noexcept { return impl_ && impl_->policy.insecure_legacy; }

IMAPLIB_DECL const detail::tls_policy& tls_context::policy() const noexcept {
    static const detail::tls_policy fallback;
    return impl_ ? impl_->policy : fallback;
}

IMAPLIB_DECL const std::string& tls_context::error_detail() const noexcept {
    static const std::string none;
    return impl_ ? impl_->detail : none;
}

IMAPLIB_DECL WOLFSSL_CTX* tls_context::native_handle() const noexcept { return impl_ ? impl_->ctx.get() : nullptr; }

IMAPLIB_DECL void tls_context::prepare_for_handshake() const noexcept {
    if (!valid()) return;
    std::call_once(impl_->defaults_once, [this] {
        if (!impl_->explicit_ca) (void)load_system_store(impl_->ctx.get());
    });
}

IMAPLIB_DECL bool tls_context::load_system_store(WOLFSSL_CTX* ctx) noexcept {
#if defined(WOLFSSL_SYS_CA_CERTS)
    if (wolfSSL_CTX_load_system_CA_certs(ctx) == WOLFSSL_SUCCESS) return true;
#endif
    return wolfSSL_CTX_load_verify_locations(ctx, detail::fallback_ca_bundle, nullptr) ==
           WOLFSSL_SUCCESS;
}

IMAPLIB_DECL bool tls_context::usable(std::error_code& ec) {
    if (valid()) return true;
    ec = make_error_code(errc::not_supported);
    if (impl_) impl_->detail = "the wolfSSL context could not be created";
    return false;
}

IMAPLIB_DECL void tls_context::fail(std::error_code& ec, errc e, std::string why) {
    ec = make_error_code(e);
    impl_->detail = std::move(why);
}

IMAPLIB_DECL void tls_context::set_policy_ciphers(std::string list, std::error_code& ec) {
    detail::tls_policy narrowed = impl_->policy;
    narrowed.ciphers = std::move(list);
    if (!narrowed.apply(impl_->ctx.get())) {
        (void)impl_->policy.apply(impl_->ctx.get());
        fail(ec, errc::not_supported, "this wolfSSL build has none of the suites " + narrowed.ciphers);
        return;
    }
    impl_->policy = std::move(narrowed);
    ec.clear();
}

IMAPLIB_DECL void tls_context::load(const char* file, const char* dir, std::error_code& ec) {
    if (!usable(ec)) return;
    const int ret = wolfSSL_CTX_load_verify_locations(impl_->ctx.get(), file, dir);
    if (ret != WOLFSSL_SUCCESS) {
        fail(ec, errc::invalid_argument,
             std::string("cannot load CA certificates from '") + (file ? file : dir) + "': " +
                 detail::tls_error_text(ret));
        return;
    }
    impl_->explicit_ca = true;
    impl_->detail.clear();
    ec.clear();
}

namespace detail {

IMAPLIB_DECL void tls_session::handshake(const tls_context& ctx, std::string_view host, tls_lower_io io,
               std::error_code& ec, std::string& why) {
    if (begin_handshake(ctx, host, io, ec, why)) continue_handshake(ctx, host, ec, why);
}

IMAPLIB_DECL bool tls_session::begin_handshake(const tls_context& ctx, std::string_view host, tls_lower_io io,
                     std::error_code& ec, std::string& why) {
    why.clear();
    if (!ctx.valid()) {
        ec = make_error_code(errc::not_supported);
        why = "the wolfSSL context could not be created";
        return false;
    }
    ctx.prepare_for_handshake();
    ssl_.reset(wolfSSL_new(ctx.native_handle()));
    if (!ssl_) {
        ec = make_error_code(errc::tls_handshake_failed);
        why = "wolfSSL_new failed";
        return false;
    }
    io_ = io;
    WOLFSSL* ssl = ssl_.get();
    if (!ctx.policy().apply(ssl) ||
        wolfSSL_SetMinVersion(ssl, ctx.min_version() == tls_version::tls1_3 ? WOLFSSL_TLSV1_3
                                                                            : WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS) {
        ec = make_error_code(errc::tls_handshake_failed);
        why = "the TLS policy cannot be applied to the session";
        ssl_.reset();
        return false;
    }
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
    wolfSSL_set_verify(ssl, ctx.verify() ? WOLFSSL_VERIFY_PEER : WOLFSSL_VERIFY_NONE, nullptr);
    ec.clear();
    return true;
}

IMAPLIB_DECL void tls_session::continue_handshake(const tls_context& ctx, std::string_view host, std::error_code& ec,
                        std::string& why) {
    WOLFSSL* ssl = ssl_.get();
    if (!ssl) {
        ec = make_error_code(errc::tls_handshake_failed);
        return;
    }
    const int ret = wolfSSL_connect(ssl);
    if (ret != WOLFSSL_SUCCESS) {
        const int err = wolfSSL_get_error(ssl, ret);
        if (would_block(err, ec)) return;
        fail(err, host, /*handshake=*/true, ec, why);
        ssl_.reset();
        return;
    }
    // The policy and the identity are checked here, after the handshake and before
    // the caller can send a byte: by the library, not by wolfSSL's looser rules.
    check_peer(ctx, host, ec, why);
    if (ec) {
        ssl_.reset();
        return;
    }
    ec.clear();
}

IMAPLIB_DECL std::size_t tls_session::read(char* buffer, std::size_t size, std::error_code& ec, std::string& why) {
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
    if (would_block(err, ec)) return 0;
    fail(err, {}, /*handshake=*/false, ec, why);
    return 0;
}

IMAPLIB_DECL std::size_t tls_session::write_some(const char* data, std::size_t size, std::error_code& ec, std::string& why) {
    if (!ssl_) {
        ec = make_error_code(errc::transport_error);
        return 0;
    }
    ec.clear();
    if (size == 0) return 0;
    const int chunk = size > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
    const int n = wolfSSL_write(ssl_.get(), data, chunk);
    if (n > 0) return static_cast<std::size_t>(n);
    const int err = wolfSSL_get_error(ssl_.get(), n);
    if (!would_block(err, ec)) fail(err, {}, /*handshake=*/false, ec, why);
    return 0;
}

IMAPLIB_DECL void tls_session::write(const char* data, std::size_t size, std::error_code& ec, std::string& why) {
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

IMAPLIB_DECL std::size_t tls_session::available(std::error_code& ec, std::string& why) {
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

IMAPLIB_DECL bool tls_session::would_block(int err, std::error_code& ec) noexcept {
    if (io_error_ || (err != WOLFSSL_ERROR_WANT_READ && err != WOLFSSL_ERROR_WANT_WRITE)) return false;
    wants_write_ = err == WOLFSSL_ERROR_WANT_WRITE;
    ec = std::make_error_code(std::errc::operation_would_block);
    return true;
}

IMAPLIB_DECL int tls_session::recv_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
    auto* self = static_cast<tls_session*>(ctx);
    if (sz <= 0) return 0;
    if (self->peeking_ && self->io_.available(self->io_.ctx) == 0) return WOLFSSL_CBIO_ERR_WANT_READ;
    std::error_code ec;
    const std::size_t n = self->io_.read_some(self->io_.ctx, buf, static_cast<std::size_t>(sz), ec);
    if (ec == std::errc::operation_would_block) return WOLFSSL_CBIO_ERR_WANT_READ;
    if (ec) {
        self->io_error_ = ec;
        return ec == errc::connection_closed ? WOLFSSL_CBIO_ERR_CONN_CLOSE
                                             : WOLFSSL_CBIO_ERR_GENERAL;
    }
    return static_cast<int>(n);
}

IMAPLIB_DECL int tls_session::send_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
    auto* self = static_cast<tls_session*>(ctx);
    if (sz <= 0) return 0;
    std::error_code ec;
    std::size_t n = static_cast<std::size_t>(sz);
    if (self->io_.write_some)
        n = self->io_.write_some(self->io_.ctx, buf, n, ec);
    else
        self->io_.write_all(self->io_.ctx, buf, n, ec);
    if (ec == std::errc::operation_would_block) return WOLFSSL_CBIO_ERR_WANT_WRITE;
    if (ec) {
        self->io_error_ = ec;
        return ec == errc::connection_closed ? WOLFSSL_CBIO_ERR_CONN_CLOSE
                                             : WOLFSSL_CBIO_ERR_GENERAL;
    }
    return static_cast<int>(n);
}

IMAPLIB_DECL void tls_session::check_peer(const tls_context& ctx, std::string_view host, std::error_code& ec,
                std::string& why) {
    WOLFSSL* ssl = ssl_.get();
    const auto refuse = [&](errc e, std::string reason) {
        ec = make_error_code(e);
        why = std::move(reason);
    };
    std::unique_ptr<WOLFSSL_X509, tls_x509_deleter> peer(wolfSSL_get_peer_certificate(ssl));
    if (!peer) return refuse(errc::tls_verify_failed, "the server sent no certificate");
    const char* suite = wolfSSL_get_cipher_name(ssl);
    if (!suite || !name_in_list(ctx.policy().ciphers, suite)) {
        return refuse(errc::tls_handshake_failed, std::string("the server chose the suite ") +
                                                      (suite ? suite : "?") +
                                                      ", which the TLS policy does not allow");
    }
    if (!ctx.verify()) {
        ec.clear();
        return;
    }
    int leaf_size = 0;
    const unsigned char* leaf_der = wolfSSL_X509_get_der(peer.get(), &leaf_size);
    certificate_fields leaf;
    if (!leaf_der || leaf_size <= 0 ||
        !parse_certificate({reinterpret_cast<const char*>(leaf_der), static_cast<std::size_t>(leaf_size)},
                           leaf))
        return refuse(errc::tls_verify_failed, "the server's certificate cannot be read");
    if (!ctx.policy().insecure_legacy) {
        if (weak_signature_algorithm(leaf.signature_algorithm))
            return refuse(errc::tls_verify_failed,
                          "the server's certificate is signed with SHA-1 or MD5, which the TLS policy refuses");
#if defined(SESSION_CERTS)
        WOLFSSL_X509_CHAIN* chain = wolfSSL_get_peer_chain(ssl);
        const int count = chain ? wolfSSL_get_chain_count(chain) : 0;
        for (int i = 1; i < count; ++i) {
            const unsigned char* der = wolfSSL_get_chain_cert(chain, i);
            const int size = wolfSSL_get_chain_length(chain, i);
            certificate_fields c;
            if (!der || size <= 0 ||
                !parse_certificate({reinterpret_cast<const char*>(der), static_cast<std::size_t>(size)}, c))
                return refuse(errc::tls_verify_failed, "a certificate of the server's chain cannot be read");
            // A root's self-signature vouches for nothing: trust in it is local.
            if (c.issuer != c.subject && weak_signature_algorithm(c.signature_algorithm))
                return refuse(errc::tls_verify_failed,
                              "a CA certificate of the server's chain is signed with SHA-1 or MD5, "
                              "which the TLS policy refuses");
        }
#endif
    }
    if (ctx.check_hostname() && !host_matches(leaf, host)) {
        std::string reason = "host name mismatch: the certificate is not valid for " + std::string(host);
        if (!leaf.has_subject_alt_name)
            reason += " (it has no subjectAltName; the common name is never used, RFC 9525)";
        else if (is_ip_literal(host))
            reason += " (an address matches only an iPAddress subjectAltName)";
        return refuse(errc::tls_verify_failed, std::move(reason));
    }
    ec.clear();
}

IMAPLIB_DECL bool tls_session::is_verify_error(int err) noexcept {
    switch (err) {
    case ASN_NO_SIGNER_E: case ASN_SELF_SIGNED_E: case ASN_AFTER_DATE_E:
    case ASN_BEFORE_DATE_E: case ASN_SIG_CONFIRM_E: case ASN_SIG_OID_E:
    case ASN_SIG_HASH_E: case ASN_SIG_KEY_E: case ASN_CRIT_EXT_E: case ASN_ALT_NAME_E:
    case ASN_NAME_INVALID_E: case ASN_PATHLEN_SIZE_E: case ASN_PATHLEN_INV_E:
    case EXTKEYUSAGE_E: case DOMAIN_NAME_MISMATCH: case IPADDR_MISMATCH:
    case VERIFY_CERT_ERROR: case MAX_CHAIN_ERROR: case CRL_CERT_REVOKED:
    case OCSP_CERT_REVOKED: case NO_PEER_CERT: case RSA_KEY_SIZE_E: case ECC_KEY_SIZE_E:
    case DH_KEY_SIZE_E:
        return true;
    default:
        return false;
    }
}

IMAPLIB_DECL void tls_session::fail(int err, std::string_view host, bool handshake, std::error_code& ec,
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
        case RSA_KEY_SIZE_E: why = "the server's RSA key is smaller than the TLS policy allows"; break;
        case ECC_KEY_SIZE_E: why = "the server's ECC key is smaller than the TLS policy allows"; break;
        case DH_KEY_SIZE_E: why = "the server's DH group is smaller than the TLS policy allows"; break;
        case NO_PEER_CERT: why = "the server sent no certificate"; break;
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

IMAPLIB_DECL bool tls_session::peer_is_self_signed() const noexcept {
    std::unique_ptr<WOLFSSL_X509, tls_x509_deleter> peer(wolfSSL_get_peer_certificate(ssl_.get()));
    if (!peer) return false;
    WOLFSSL_X509_NAME* subject = wolfSSL_X509_get_subject_name(peer.get());
    WOLFSSL_X509_NAME* issuer = wolfSSL_X509_get_issuer_name(peer.get());
    return subject && issuer && wolfSSL_X509_NAME_cmp(subject, issuer) == 0;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_IMAPLIB_TRANSPORT_IMPL_TLS_CONTEXT_IPP
