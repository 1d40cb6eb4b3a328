// imaplib-cpp: TLS on wolfSSL, the parts both TLS paths share.
//
//   tls_context           imaplib's ssl_context: trust store, client certificate,
//                         verification switches, minimum protocol version, and the
//                         library's TLS policy (suites, key sizes, signatures), which a
//                         user can tighten and only loosen loudly (docs/security.md).
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

// ':'-separated names, the form wolfSSL_CTX_set_cipher_list takes.
inline bool name_in_list(std::string_view list, std::string_view name) noexcept {
    while (!list.empty()) {
        const std::size_t colon = list.find(':');
        if (list.substr(0, colon) == name) return true;
        if (colon == std::string_view::npos) break;
        list.remove_prefix(colon + 1);
    }
    return false;
}

// The library's TLS policy: what a tls_context offers and accepts. TLS 1.2 and 1.3
// only; for 1.2 ECDHE key exchange with AEAD ciphers (Mozilla's "intermediate"), for
// 1.3 the AEAD suites; never anonymous, NULL, export, RC4, 3DES or integrity-only.
struct tls_policy {
    static constexpr std::string_view tls13_suites =
        "TLS13-AES128-GCM-SHA256:TLS13-AES256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256";
    static constexpr std::string_view tls12_suites =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
    // allow_insecure_legacy_tls adds CBC ciphers, finite-field DHE and RSA key transport
    // (no forward secrecy; only where the wolfSSL build has them). Still no anonymous,
    // NULL, export, RC4 or 3DES suite: those protect nothing (RFC 7465, Sweet32).
    static constexpr std::string_view legacy_suites =
        "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:"
        "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:"
        "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:"
        "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:"
        "DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA:"
        "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA";
    // Handshake signatures (RFC 8446 section 4.2.3): no SHA-1, no MD5.
    static constexpr const char* sigalgs =
        "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ED25519:ED448:"
        "RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512";
    static constexpr const char* legacy_sigalgs =
        "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ED25519:ED448:"
        "RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512:"
        "ECDSA+SHA1:RSA+SHA1";

    bool insecure_legacy = false;
    std::string ciphers = std::string(tls13_suites) + ":" + std::string(tls12_suites);
    int min_rsa_bits = 2048;  // NIST SP 800-131A; what OpenSSL's security level 2 asks
    int min_ecc_bits = 256;

    int rsa_floor() const noexcept { return insecure_legacy ? 1024 : 2048; }
    static constexpr int ecc_floor = 256;
    int dh_floor() const noexcept { return insecure_legacy ? 1024 : 2048; }

    // May this suite be offered and accepted at all (before the user narrows it)?
    bool permits(std::string_view suite) const noexcept {
        return name_in_list(tls13_suites, suite) || name_in_list(tls12_suites, suite) ||
               (insecure_legacy && name_in_list(legacy_suites, suite));
    }

    // The suites as their two-byte codes, the ones this wolfSSL build has. Set as bytes:
    // wolfSSL's set_cipher_list merges a new list into the previous one the OpenSSL way
    // (a list without TLS 1.3 suites keeps the old ones) and then offers stale suites.
    std::string suite_codes() const {
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

    // Onto a wolfSSL context (its default for new sessions) or a session (so that what
    // was done to the context through native_handle() cannot widen it). False when the
    // build has none of the suites or refuses a setting.
    template <class Handle>
    bool apply(Handle* h) const {
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
};

// Where Debian, Ubuntu, Alpine and Arch keep the bundle (what OpenSSL's
// default_verify_paths finds there), for wolfSSL builds without system CA support.
inline constexpr const char* fallback_ca_bundle = "/etc/ssl/certs/ca-certificates.crt";

}  // namespace detail

// imaplib's ssl_context (Python's ssl.create_default_context()): verification of the
// chain and of the host name is on, the system trust store is used unless CA files are
// loaded, TLS 1.2 is the minimum, and the library's TLS policy applies (the suites,
// key sizes and signatures of docs/security.md). Move-only; a context may be shared
// (through a shared_ptr) by several connections, also from several threads once
// configured.
class tls_context {
public:
    tls_context() : impl_(std::make_unique<impl>()) {
        if (!detail::tls_library_ready()) return;
        impl_->ctx.reset(wolfSSL_CTX_new(wolfSSLv23_client_method()));
        if (!impl_->ctx) return;
        // A context the policy cannot be put on is no context: never fall back to
        // wolfSSL's defaults, which offer anonymous and NULL suites.
        if (wolfSSL_CTX_SetMinVersion(impl_->ctx.get(), WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS ||
            !impl_->policy.apply(impl_->ctx.get()))
            impl_->ctx.reset();
    }

    tls_context(tls_context&&) noexcept = default;
    tls_context& operator=(tls_context&&) noexcept = default;
    tls_context(const tls_context&) = delete;
    tls_context& operator=(const tls_context&) = delete;
    ~tls_context() = default;

    // False when wolfSSL could not create the context (no memory, init failed).
    bool valid() const noexcept { return impl_ && impl_->ctx; }

    // Trusts the CAs in a PEM file (imaplib/ssl: cafile). Replaces the system store.
    // Failing, error_detail() names the file and why: "cannot read CA file '<path>':
    // No such file or directory" (errc::invalid_argument, as for a file that is not PEM).
    void load_verify_file(const std::string& cafile, std::error_code& ec) {
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
    // Throws imaplib::error with error_detail() (Python's load_verify_locations raises
    // FileNotFoundError or ssl.SSLError).
    void load_verify_file(const std::string& cafile) {
        std::error_code ec;
        load_verify_file(cafile, ec);
        if (ec) throw error(ec, error_detail());
    }
#endif
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

    // Tightens the suites: `names` (wolfSSL's names, ':'-separated, in the order to
    // offer) must each be one the policy allows, so this never widens it;
    // errc::invalid_argument names the first that is not.
    void set_ciphers(std::string_view names, std::error_code& ec) {
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
    // The suites offered, ':'-separated, in order.
    std::string ciphers() const { return impl_ ? impl_->policy.ciphers : std::string(); }

    // Tightens the smallest server keys accepted (defaults: RSA 2048, ECC 256 bits; a
    // smaller value than the policy's is errc::invalid_argument).
    void set_min_key_sizes(int rsa_bits, int ecc_bits, std::error_code& ec) {
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

    // INSECURE. For a server that cannot do better, and only until it can: adds CBC
    // ciphers, finite-field DHE and RSA key transport (where the wolfSSL build has
    // them), RSA keys from 1024 bits and SHA-1 signatures, and replaces the suites
    // set before (tighten afterwards). Never anonymous, NULL, export, RC4 or 3DES
    // suites, never below TLS 1.2; the chain and the host name are still verified.
    void allow_insecure_legacy_tls(std::error_code& ec) {
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
    bool insecure_legacy_tls() const noexcept { return impl_ && impl_->policy.insecure_legacy; }

    // The policy in force (for the handshake's checks).
    const detail::tls_policy& policy() const noexcept {
        static const detail::tls_policy fallback;
        return impl_ ? impl_->policy : fallback;
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
        detail::tls_policy policy;
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

    void set_policy_ciphers(std::string list, std::error_code& ec) {
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

    void load(const char* file, const char* dir, std::error_code& ec) {
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

    std::unique_ptr<impl> impl_;
};

namespace detail {

// The byte stream under a TLS session: blocking calls that apply the transport's own
// timeout, with the transport's error codes (docs/transports.md). A non-blocking stream
// (async/tls.hpp) fails a call that would wait with std::errc::operation_would_block
// and gives write_some, which may take part of the bytes.
struct tls_lower_io {
    void* ctx = nullptr;
    std::size_t (*read_some)(void* ctx, char* buffer, std::size_t size,
                             std::error_code& ec) = nullptr;
    void (*write_all)(void* ctx, const char* data, std::size_t size,
                      std::error_code& ec) = nullptr;
    // Bytes a read_some returns without waiting (0 when unknown); optional.
    std::size_t (*available)(void* ctx) noexcept = nullptr;
    // Used instead of write_all when set.
    std::size_t (*write_some)(void* ctx, const char* data, std::size_t size,
                              std::error_code& ec) = nullptr;
};

// One wolfSSL client connection over a tls_lower_io. wolfSSL calls back into the lower
// stream (custom I/O callbacks), so the lower stream's timeouts apply to every record
// and no byte is read ahead of the handshake by anyone but wolfSSL. Lives on the heap:
// wolfSSL keeps a pointer to it.
//
// Over a non-blocking stream every call may fail with std::errc::operation_would_block:
// the session is kept, wants_write() says whether to wait for the socket to take bytes
// or to bring some, and the same call is made again (wolfSSL's non-blocking contract).
class tls_session {
public:
    tls_session() = default;
    tls_session(const tls_session&) = delete;
    tls_session& operator=(const tls_session&) = delete;

    // Client handshake with SNI and (per ctx) chain and host name verification.
    void handshake(const tls_context& ctx, std::string_view host, tls_lower_io io,
                   std::error_code& ec, std::string& why) {
        if (begin_handshake(ctx, host, io, ec, why)) continue_handshake(ctx, host, ec, why);
    }

    // The session, its policy and SNI, before the first handshake message; false (with ec
    // and why) when it cannot be set up.
    bool begin_handshake(const tls_context& ctx, std::string_view host, tls_lower_io io,
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

    // The handshake from where it stands: done (ec clear), would block, or failed (the
    // session is then gone). ctx and host are those begin_handshake was given.
    void continue_handshake(const tls_context& ctx, std::string_view host, std::error_code& ec,
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
        if (would_block(err, ec)) return 0;
        fail(err, {}, /*handshake=*/false, ec, why);
        return 0;
    }

    // One wolfSSL_write: all of the bytes (size capped at INT_MAX) or none. After
    // operation_would_block the same bytes must be passed again.
    std::size_t write_some(const char* data, std::size_t size, std::error_code& ec, std::string& why) {
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

    // After operation_would_block: wait until the stream takes bytes (true) or brings some.
    bool wants_write() const noexcept { return wants_write_; }

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
    // WANT_READ / WANT_WRITE that the lower stream asked for (never a blocking stream's).
    bool would_block(int err, std::error_code& ec) noexcept {
        if (io_error_ || (err != WOLFSSL_ERROR_WANT_READ && err != WOLFSSL_ERROR_WANT_WRITE)) return false;
        wants_write_ = err == WOLFSSL_ERROR_WANT_WRITE;
        ec = std::make_error_code(std::errc::operation_would_block);
        return true;
    }

    static int recv_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
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

    static int send_cb(WOLFSSL*, char* buf, int sz, void* ctx) {
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

    // What the policy asks of every session, and (with verification on) of the chain
    // and the name: a certificate always, even with verify() off (an anonymous suite
    // has none); a suite of the policy; no MD5 or SHA-1 signature on a certificate the
    // server sent but a self-signed root's own; the host in the subjectAltName.
    void check_peer(const tls_context& ctx, std::string_view host, std::error_code& ec,
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

    static bool is_verify_error(int err) noexcept {
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
    bool wants_write_ = false;
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TRANSPORT_TLS_CONTEXT_HPP
