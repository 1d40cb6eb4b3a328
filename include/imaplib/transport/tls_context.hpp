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

#include <imaplib/error.hpp>
#include <imaplib/transport/concept.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

// wolfSSL's handle types, declared as <wolfssl/ssl.h> declares them (C++ allows the same
// typedef twice): the declarations below need nothing else of wolfSSL, so a TU of separate
// mode parses none of its headers here; the bodies (impl/tls_context.ipp) include them.
struct WOLFSSL;
struct WOLFSSL_CTX;
typedef struct WOLFSSL WOLFSSL;
typedef struct WOLFSSL_CTX WOLFSSL_CTX;

IMAPLIB_BEGIN_NAMESPACE

enum class tls_version { tls1_2, tls1_3 };

namespace detail {

// wolfSSL_Init once per process; a function-local static is thread-safe (C++11).
IMAPLIB_DECL bool tls_library_ready() noexcept;

struct tls_ctx_deleter {
    void operator()(WOLFSSL_CTX* p) const noexcept;
};
struct tls_ssl_deleter {
    void operator()(WOLFSSL* p) const noexcept;
};

IMAPLIB_DECL std::string tls_error_text(int err);

// ':'-separated names, the form wolfSSL_CTX_set_cipher_list takes.
IMAPLIB_DECL bool name_in_list(std::string_view list, std::string_view name) noexcept;

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
    bool permits(std::string_view suite) const noexcept;

    // The suites as their two-byte codes, the ones this wolfSSL build has. Set as bytes:
    // wolfSSL's set_cipher_list merges a new list into the previous one the OpenSSL way
    // (a list without TLS 1.3 suites keeps the old ones) and then offers stale suites.
    std::string suite_codes() const;

    // Onto a wolfSSL context (its default for new sessions) or a session (so that what
    // was done to the context through native_handle() cannot widen it). False when the
    // build has none of the suites or refuses a setting. Defined, and used, only in
    // impl/tls_context.ipp.
    template <class Handle>
    bool apply(Handle* h) const;
};

}  // namespace detail

// imaplib's ssl_context (Python's ssl.create_default_context()): verification of the
// chain and of the host name is on, the system trust store is used unless CA files are
// loaded, TLS 1.2 is the minimum, and the library's TLS policy applies (the suites,
// key sizes and signatures of docs/security.md). Move-only; a context may be shared
// (through a shared_ptr) by several connections, also from several threads once
// configured.
class tls_context {
public:
    tls_context();

    tls_context(tls_context&&) noexcept;
    tls_context& operator=(tls_context&&) noexcept;
    tls_context(const tls_context&) = delete;
    tls_context& operator=(const tls_context&) = delete;
    ~tls_context();

    // False when wolfSSL could not create the context (no memory, init failed).
    bool valid() const noexcept;

    // Trusts the CAs in a PEM file (imaplib/ssl: cafile). Replaces the system store.
    // Failing, error_detail() names the file and why: "cannot read CA file '<path>':
    // No such file or directory" (errc::invalid_argument, as for a file that is not PEM).
    void load_verify_file(const std::string& cafile, std::error_code& ec);
#ifndef IMAPLIB_NO_EXCEPTIONS
    // Throws imaplib::error with error_detail() (Python's load_verify_locations raises
    // FileNotFoundError or ssl.SSLError).
    void load_verify_file(const std::string& cafile);
#endif
    // Trusts every PEM file in a directory (ssl: capath). Replaces the system store.
    void load_verify_dir(const std::string& capath, std::error_code& ec);
    // Trusts the system store now (otherwise loaded at the first handshake when no CA
    // file or directory was given).
    void load_default_verify_paths(std::error_code& ec);

    // Client certificate (imaplib's certfile / keyfile); keyfile empty: the key is in
    // certfile, as in Python's load_cert_chain.
    void use_certificate(const std::string& certfile, const std::string& keyfile,
                         std::error_code& ec);

    // verify_mode: CERT_REQUIRED (true, the default) or CERT_NONE (false).
    void set_verify(bool on) noexcept;
    bool verify() const noexcept;
    // check_hostname; only takes effect while verify() is on.
    void set_check_hostname(bool on) noexcept;
    bool check_hostname() const noexcept;

    void set_min_version(tls_version v, std::error_code& ec);
    tls_version min_version() const noexcept;

    // Tightens the suites: `names` (wolfSSL's names, ':'-separated, in the order to
    // offer) must each be one the policy allows, so this never widens it;
    // errc::invalid_argument names the first that is not.
    void set_ciphers(std::string_view names, std::error_code& ec);
    // The suites offered, ':'-separated, in order.
    std::string ciphers() const;

    // Tightens the smallest server keys accepted (defaults: RSA 2048, ECC 256 bits; a
    // smaller value than the policy's is errc::invalid_argument).
    void set_min_key_sizes(int rsa_bits, int ecc_bits, std::error_code& ec);

    // INSECURE. For a server that cannot do better, and only until it can: adds CBC
    // ciphers, finite-field DHE and RSA key transport (where the wolfSSL build has
    // them), RSA keys from 1024 bits and SHA-1 signatures, and replaces the suites
    // set before (tighten afterwards). Never anonymous, NULL, export, RC4 or 3DES
    // suites, never below TLS 1.2; the chain and the host name are still verified.
    void allow_insecure_legacy_tls(std::error_code& ec);
    bool insecure_legacy_tls() const noexcept;

    // The policy in force (for the handshake's checks).
    const detail::tls_policy& policy() const noexcept;

    // Why the last failed call failed, "" if none did.
    const std::string& error_detail() const noexcept;

    WOLFSSL_CTX* native_handle() const noexcept;

    // Loads the system store once if no CA was given. Called before each handshake;
    // call_once keeps concurrent first handshakes on a shared context safe.
    void prepare_for_handshake() const noexcept;

private:
    struct impl;  // impl/tls_context.ipp

    static bool load_system_store(WOLFSSL_CTX* ctx) noexcept;
    bool usable(std::error_code& ec);
    void fail(std::error_code& ec, errc e, std::string why);
    void set_policy_ciphers(std::string list, std::error_code& ec);
    void load(const char* file, const char* dir, std::error_code& ec);

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
                   std::error_code& ec, std::string& why);

    // The session, its policy and SNI, before the first handshake message; false (with ec
    // and why) when it cannot be set up.
    bool begin_handshake(const tls_context& ctx, std::string_view host, tls_lower_io io,
                         std::error_code& ec, std::string& why);

    // The handshake from where it stands: done (ec clear), would block, or failed (the
    // session is then gone). ctx and host are those begin_handshake was given.
    void continue_handshake(const tls_context& ctx, std::string_view host, std::error_code& ec,
                            std::string& why);

    std::size_t read(char* buffer, std::size_t size, std::error_code& ec, std::string& why);

    // One wolfSSL_write: all of the bytes (size capped at INT_MAX) or none. After
    // operation_would_block the same bytes must be passed again.
    std::size_t write_some(const char* data, std::size_t size, std::error_code& ec, std::string& why);

    // After operation_would_block: wait until the stream takes bytes (true) or brings some.
    bool wants_write() const noexcept { return wants_write_; }

    void write(const char* data, std::size_t size, std::error_code& ec, std::string& why);

    // Application bytes a read returns without waiting: those wolfSSL already holds, else
    // those it can decrypt from whole records already received (it processes them with
    // reads that never wait; a record still incomplete, or a TLS 1.3 session ticket,
    // counts 0).
    std::size_t available(std::error_code& ec, std::string& why);

    WOLFSSL* native_handle() const noexcept { return ssl_.get(); }

private:
    // WANT_READ / WANT_WRITE that the lower stream asked for (never a blocking stream's).
    bool would_block(int err, std::error_code& ec) noexcept;

    // wolfSSL's custom I/O callbacks, into io_.
    static int recv_cb(WOLFSSL*, char* buf, int sz, void* ctx);
    static int send_cb(WOLFSSL*, char* buf, int sz, void* ctx);

    // What the policy asks of every session, and (with verification on) of the chain
    // and the name: a certificate always, even with verify() off (an anonymous suite
    // has none); a suite of the policy; no MD5 or SHA-1 signature on a certificate the
    // server sent but a self-signed root's own; the host in the subjectAltName.
    void check_peer(const tls_context& ctx, std::string_view host, std::error_code& ec,
                    std::string& why);

    static bool is_verify_error(int err) noexcept;

    // Turns a wolfSSL failure into an errc and a reason a person can act on. An error
    // of the stream underneath (timeout, EOF, an OS error) wins: it is the cause.
    void fail(int err, std::string_view host, bool handshake, std::error_code& ec,
              std::string& why);

    bool peer_is_self_signed() const noexcept;

    std::unique_ptr<WOLFSSL, tls_ssl_deleter> ssl_;
    tls_lower_io io_;
    std::error_code io_error_;
    bool peeking_ = false;  // in available(): reads must not wait
    bool wants_write_ = false;
};

}  // namespace detail

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/transport/impl/tls_context.ipp>
#endif

#endif  // IMAPLIB_TRANSPORT_TLS_CONTEXT_HPP
