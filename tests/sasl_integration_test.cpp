// SASL mechanisms against the suite's Dovecot (tools/dovecot-server.py): every mechanism
// Dovecot 2.3.19 has, OAuth2 through its oauth2 passdb and tools/oauth2-introspection.py,
// EXTERNAL with the test CA's client certificate. A mechanism that logs in must leave a
// session that sees what a LOGIN session sees; one that is refused must leave the
// connection usable. docs/authentication.md lists what is verified here.
#include <imaplib/imaplib.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/oauth.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/util/base64.hpp>

#include "support/dovecot.hpp"
#include "support/test_ca.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using imaplib::test::dovecot_server;
namespace sasl = imaplib::sasl;

constexpr auto session_timeout = 30s;

// imaplib's authenticate(name, authobject) driving a mechanism (docs/authentication.md,
// "Driving a mechanism"): no SASL-IR, every response after a "+".
template <class Client, class Mechanism>
imaplib::response authenticate_by_authobject(Client& M, Mechanism& m, std::error_code& ec) {
    std::error_code step_ec;
    std::optional<std::string> first = m.initial_response(step_ec);
    REQUIRE_FALSE(step_ec);
    bool first_pending = first.has_value();
    imaplib::response r = M.authenticate(
        m.name(),
        [&](std::string_view challenge) -> std::optional<std::string> {
            if (first_pending) {  // the first "+" asks for it
                first_pending = false;
                return first;
            }
            std::string answer = m.step(challenge, step_ec);
            if (step_ec) return std::nullopt;
            return answer;
        },
        ec);
    if (!ec && !m.complete()) ec = imaplib::make_error_code(imaplib::errc::protocol_violation);
    return r;
}

// The client's own driver (SASL-IR, since Dovecot offers it), or imaplib's adapter.
enum class driver { client, authobject };

template <class Client, class Mechanism>
imaplib::response authenticate(Client& M, Mechanism& m, std::error_code& ec, driver d = driver::client) {
    if (d == driver::authobject) return authenticate_by_authobject(M, m, ec);
    return M.authenticate(m, ec);
}

// ---- connections ----------------------------------------------------------------------

enum class via { plain, starttls, tls };

const char* name_of(via l) {
    switch (l) {
    case via::plain: return "plain TCP";
    case via::starttls: return "STARTTLS";
    case via::tls: return "implicit TLS";
    }
    return "?";
}

constexpr via all_vias[] = {via::plain, via::starttls, via::tls};

// The suite's CA, and with `with_certificate` the client certificate whose CN is a user.
std::shared_ptr<imaplib::tls_context> context(const dovecot_server& s, bool with_certificate = false) {
    return imaplib::test::test_ca_context(s, with_certificate);
}

// Calls f(M) on a fresh, not yet authenticated client over `l`.
template <class F>
void on(via l, F&& f, bool with_certificate = false) {
    const dovecot_server& s = imaplib::test::dovecot();
    const auto ctx = context(s, with_certificate);
    if (l == via::tls) {
        imaplib::imap4_ssl M(s.host, s.ssl_port, ctx, session_timeout);
        f(M);
    } else {
        imaplib::imap4 M(s.host, s.port, session_timeout);
        if (l == via::starttls) REQUIRE(M.starttls(*ctx).typ == "OK");
        f(M);
    }
}

// ---- what a session sees --------------------------------------------------------------

// Dovecot's tagged texts end with the command's server time, the one thing that differs
// between two identical sessions.
std::string without_timing(const std::string& text) {
    static const std::regex timing(R"(\(\d+\.\d{3} \+ \d+\.\d{3}( \+ \d+\.\d{3})? secs\))");
    return std::regex_replace(text, timing, "(T secs)");
}

// INBOX examined (nothing changes) and fetched, as imaplib's repr() prints the results.
template <class Client>
std::string inbox_view(Client& M) {
    const imaplib::response examined = M.select("INBOX", true);
    const imaplib::response fetched = M.fetch("1:*", "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE)");
    return without_timing(imaplib::python_repr(examined) + "\n" + imaplib::python_repr(fetched));
}

// What a LOGIN session of the seeded user sees now (other tests change flags).
std::string login_view() {
    const dovecot_server& s = imaplib::test::dovecot();
    imaplib::imap4 M(s.host, s.port, session_timeout);
    M.login(s.user, s.password);
    std::string view = inbox_view(M);
    M.logout();
    return view;
}

// Logged in as the seeded user: the session sees what LOGIN's sees.
template <class Client, class Mechanism>
void require_logged_in(Client& M, Mechanism& m, driver d = driver::client) {
    std::error_code ec;
    const imaplib::response r = authenticate(M, m, ec, d);
    INFO(m.name() << ": " << M.error_message() << "\n" << imaplib::test::dovecot().log_tail(8));
    REQUIRE_FALSE(ec);
    CHECK(r.typ == "OK");
    CHECK(m.complete());
    CHECK(M.state() == "AUTH");
    CHECK(inbox_view(M) == login_view());
    M.logout();
}

// Refused with Dovecot's [AUTHENTICATIONFAILED]; the connection stays usable (LOGIN works).
template <class Client, class Mechanism>
void require_refused(Client& M, Mechanism& m, driver d = driver::client) {
    const dovecot_server& s = imaplib::test::dovecot();
    std::error_code ec;
    authenticate(M, m, ec, d);
    INFO(m.name() << ": " << M.error_message());
    REQUIRE(ec);
    CHECK(imaplib::kind_of(ec) == imaplib::error_kind::error);
    CHECK(M.error_message().find("[AUTHENTICATIONFAILED]") != std::string::npos);
    CHECK(M.state() == "NONAUTH");
    CHECK(M.login(s.user, s.password).typ == "OK");
    M.logout();
}

// Logged in as another user (no seeded mail but INBOX): SELECT works and is empty.
template <class Client, class Mechanism>
void require_logged_in_as_other(Client& M, Mechanism& m) {
    std::error_code ec;
    authenticate(M, m, ec);
    INFO(m.name() << ": " << M.error_message() << "\n" << imaplib::test::dovecot().log_tail(8));
    REQUIRE_FALSE(ec);
    CHECK(m.complete());
    CHECK(M.state() == "AUTH");
    const imaplib::response selected = M.select("INBOX");
    CHECK(selected.typ == "OK");
    M.logout();
}

const dovecot_server& sasl_dovecot() {
    const dovecot_server& s = imaplib::test::dovecot();
    REQUIRE_FALSE(s.oauth_token.empty());  // a server.env from before the SASL users
    return s;
}

}  // namespace

TEST_CASE("Dovecot offers every mechanism it is configured with, and no -PLUS", "[integration][sasl]") {
    sasl_dovecot();
    for (const via l : all_vias) {
        DYNAMIC_SECTION(name_of(l)) {
            on(l, [&](auto& M) {
                const auto& caps = M.capabilities();
                for (const char* mech : {"AUTH=PLAIN", "AUTH=LOGIN", "AUTH=CRAM-MD5", "AUTH=SCRAM-SHA-1",
                                         "AUTH=SCRAM-SHA-256", "AUTH=XOAUTH2", "AUTH=OAUTHBEARER",
                                         "AUTH=EXTERNAL", "SASL-IR"}) {
                    INFO(mech);
                    CHECK(std::find(caps.begin(), caps.end(), mech) != caps.end());
                }
                // Dovecot 2.3 has no channel binding (SCRAM-*-PLUS came with 2.4).
                for (const std::string& c : caps) CHECK(c.find("-PLUS") == std::string::npos);
            });
        }
    }
}

TEST_CASE("PLAIN against Dovecot, with and without authzid", "[integration][sasl]") {
    const dovecot_server& s = sasl_dovecot();
    for (const via l : all_vias) {
        DYNAMIC_SECTION(name_of(l)) {
            on(l, [&](auto& M) {
                sasl::plain m(s.user, s.password);
                require_logged_in(M, m);
            });
            on(l, [&](auto& M) {
                sasl::plain m(s.user, s.password, s.user);  // acting as oneself is allowed
                require_logged_in(M, m);
            });
            on(l, [&](auto& M) {
                sasl::plain m(s.user, s.password + "x");
                require_refused(M, m);
            });
            on(l, [&](auto& M) {
                sasl::plain m(s.user, s.password, s.user2);  // alice is no master user
                require_refused(M, m);
            });
        }
    }
}

TEST_CASE("LOGIN and CRAM-MD5 against Dovecot", "[integration][sasl]") {
    const dovecot_server& s = sasl_dovecot();
    for (const via l : all_vias) {
        DYNAMIC_SECTION(name_of(l)) {
            on(l, [&](auto& M) {
                sasl::login m(s.user, s.password);
                require_logged_in(M, m);
            });
            on(l, [&](auto& M) {
                sasl::login m(s.user, "wrong");
                require_refused(M, m);
            });
            on(l, [&](auto& M) {
                sasl::cram_md5 m(s.user, s.password);
                require_logged_in(M, m);
            });
            on(l, [&](auto& M) {
                sasl::cram_md5 m(s.user, "wrong");
                require_refused(M, m);
            });
        }
    }
}

TEST_CASE("SCRAM-SHA-1 and SCRAM-SHA-256 against Dovecot verify its signature", "[integration][sasl]") {
    const dovecot_server& s = sasl_dovecot();
    for (const via l : all_vias) {
        DYNAMIC_SECTION(name_of(l)) {
            on(l, [&](auto& M) {
                sasl::scram_sha_1 m(s.user, s.password);
                require_logged_in(M, m);
            });
            on(l, [&](auto& M) {
                sasl::scram_sha_256 m(s.user, s.password);
                require_logged_in(M, m);
            });
            on(l, [&](auto& M) {
                sasl::scram_sha_1 m(s.user, "wrong");
                require_refused(M, m);
                CHECK_FALSE(m.complete());
            });
            on(l, [&](auto& M) {
                sasl::scram_sha_256 m(s.user, "wrong");
                require_refused(M, m);
                CHECK_FALSE(m.complete());
            });
        }
    }
}

TEST_CASE("non-ASCII passwords and a UTF-8 user name against Dovecot", "[integration][sasl][utf8]") {
    const dovecot_server& s = sasl_dovecot();
    REQUIRE(s.sasl_password.find('\xC3') != std::string::npos);  // it is non-ASCII
    for (const via l : all_vias) {
        DYNAMIC_SECTION(name_of(l)) {
            for (const auto& credentials :
                 {std::pair(s.sasl_user, s.sasl_password), std::pair(s.utf8_user, s.utf8_password)}) {
                // Not a structured binding: C++17 lambdas cannot capture one.
                const std::string& user = credentials.first;
                const std::string& password = credentials.second;
                INFO(user);
                on(l, [&](auto& M) {
                    sasl::plain m(user, password);
                    require_logged_in_as_other(M, m);
                });
                on(l, [&](auto& M) {
                    sasl::login m(user, password);
                    require_logged_in_as_other(M, m);
                });
                on(l, [&](auto& M) {
                    sasl::cram_md5 m(user, password);
                    require_logged_in_as_other(M, m);
                });
                on(l, [&](auto& M) {
                    sasl::scram_sha_1 m(user, password);
                    require_logged_in_as_other(M, m);
                });
                on(l, [&](auto& M) {
                    sasl::scram_sha_256 m(user, password);
                    require_logged_in_as_other(M, m);
                });
                on(l, [&](auto& M) {
                    sasl::scram_sha_256 m(user, password + "\xC3\xA4");
                    require_refused(M, m);
                });
            }
        }
    }
}

TEST_CASE("LOGIN with UTF-8 credentials: literals, which Dovecot takes", "[integration][sasl][utf8]") {
    // imaplib raises UnicodeEncodeError here (it encodes arguments as ASCII); 8-bit
    // arguments go as literals instead, as for SEARCH.
    const dovecot_server& s = sasl_dovecot();
    for (const auto& [user, password] :
         {std::pair(s.sasl_user, s.sasl_password), std::pair(s.utf8_user, s.utf8_password)}) {
        INFO(user);
        imaplib::imap4 M(s.host, s.port, session_timeout);
        CHECK(M.login(user, password).typ == "OK");
        CHECK(M.select("INBOX").typ == "OK");
        M.logout();
    }
}

TEST_CASE("SCRAM SASLpreps the password, PLAIN sends its bytes as given", "[integration][sasl][utf8]") {
    const dovecot_server& s = sasl_dovecot();
    // The stored password spelt decomposed: U+00E4 as a U+0308, U+00F6 as o U+0308.
    std::string decomposed;
    for (std::size_t i = 0; i < s.sasl_password.size(); ++i) {
        const std::string_view rest = std::string_view(s.sasl_password).substr(i);
        if (rest.rfind("\xC3\xA4", 0) == 0) decomposed += "a\xCC\x88", ++i;
        else if (rest.rfind("\xC3\xB6", 0) == 0) decomposed += "o\xCC\x88", ++i;
        else decomposed += s.sasl_password[i];
    }
    REQUIRE(decomposed != s.sasl_password);
    // RFC 5802 section 5.1: NFKC makes it the stored string again.
    on(via::plain, [&](auto& M) {
        sasl::scram_sha_256 m(s.sasl_user, decomposed);
        require_logged_in_as_other(M, m);
    });
    // Dovecot compares PLAIN's bytes (RFC 4616 leaves SASLprep to the server; it does none).
    on(via::plain, [&](auto& M) {
        sasl::plain m(s.sasl_user, decomposed);
        require_refused(M, m);
    });
}

TEST_CASE("XOAUTH2 and OAUTHBEARER against Dovecot's oauth2 passdb", "[integration][sasl][oauth]") {
    const dovecot_server& s = sasl_dovecot();
    REQUIRE(s.oauth_long_token.size() > 4096);
    for (const via l : all_vias) {
        DYNAMIC_SECTION(name_of(l)) {
            for (const std::string* token : {&s.oauth_token, &s.oauth_long_token}) {
                INFO("token of " << token->size() << " characters");
                on(l, [&](auto& M) {
                    sasl::xoauth2 m(s.user, *token);
                    require_logged_in(M, m);
                });
                on(l, [&](auto& M) {
                    sasl::oauthbearer m(s.user, *token, "localhost", l == via::tls ? s.ssl_port : s.port);
                    require_logged_in(M, m);
                });
            }
            // Expired (active=false) and unknown: Dovecot's error challenge is answered
            // (OAUTHBEARER's ^A, XOAUTH2's empty response) and the tagged NO is the failure.
            for (const std::string* token : {&s.oauth_expired_token, &s.oauth_unknown_token}) {
                INFO(*token);
                on(l, [&](auto& M) {
                    sasl::xoauth2 m(s.user, *token);
                    require_refused(M, m);
                    CHECK_FALSE(m.complete());
                    CHECK(m.status() == "401");
                });
                on(l, [&](auto& M) {
                    sasl::oauthbearer m(s.user, *token);
                    require_refused(M, m);
                    CHECK_FALSE(m.complete());
                    CHECK(m.status() == "invalid_token");
                });
            }
            // A valid token is alice's, not bob's.
            on(l, [&](auto& M) {
                sasl::xoauth2 m(s.user2, s.oauth_token);
                require_refused(M, m);
            });
        }
    }
}

TEST_CASE("a token too large for Dovecot ends the connection, reported as such", "[integration][sasl][oauth]") {
    const dovecot_server& s = sasl_dovecot();
    // Dovecot 2.3's imap-login takes at most 8 KB of base64 per response, with SASL-IR
    // or after "+" ("Authentication response too large"): about 6,000 token characters.
    const std::string token(7000, 'x');
    on(via::plain, [&](auto& M) {
        sasl::xoauth2 m(s.user, token);
        std::error_code ec;
        authenticate(M, m, ec);
        INFO(M.error_message());
        REQUIRE(ec);
        CHECK(imaplib::kind_of(ec) == imaplib::error_kind::abort);
    });
}

TEST_CASE("a token is no password and a password no token", "[integration][sasl][oauth]") {
    const dovecot_server& s = sasl_dovecot();
    on(via::plain, [&](auto& M) {
        sasl::plain m(s.user, s.oauth_token);
        require_refused(M, m);
    });
    on(via::plain, [&](auto& M) {
        sasl::xoauth2 m(s.user, s.password);
        require_refused(M, m);
    });
}

TEST_CASE("EXTERNAL with the test CA's client certificate", "[integration][sasl][external]") {
    const dovecot_server& s = sasl_dovecot();
    REQUIRE(s.client_cert_user == s.user);
    for (const via l : {via::starttls, via::tls}) {
        DYNAMIC_SECTION(name_of(l)) {
            on(
                l,
                [&](auto& M) {
                    sasl::external m;
                    require_logged_in(M, m);
                },
                true);
            on(
                l,
                [&](auto& M) {
                    sasl::external m(s.user);  // authzid = the certificate's own user
                    require_logged_in(M, m);
                },
                true);
            on(l, [&](auto& M) {  // no certificate: no identity
                sasl::external m;
                require_refused(M, m);
            });
        }
    }
    on(via::plain, [&](auto& M) {  // no TLS: no certificate
        sasl::external m;
        require_refused(M, m);
    });
}

// ---- the client's own choice, its token providers, its debug log, fetch_all ------------

namespace {

#if defined(IMAPLIB_TEST_FETCH_ALL)
struct run_result {
    int status = -1;
    std::string out, err;
};

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// fetch_all with `arguments` (shell-quoted) and environment assignments `env`.
run_result fetch_all(const std::string& env, const std::string& arguments) {
    using imaplib::test::detail::shell_quote;
    const auto dir = imaplib::test::detail::make_temp_dir("imaplib-sasl-");
    const auto out = dir / "stdout", err = dir / "stderr";
    const std::string command = env + ' ' + shell_quote(IMAPLIB_TEST_FETCH_ALL) + ' ' + arguments + " >" +
                                shell_quote(out.string()) + " 2>" + shell_quote(err.string());
    run_result r;
    r.status = std::system(command.c_str());
    r.out = slurp(out);
    r.err = slurp(err);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return r;
}
#endif

}  // namespace

TEST_CASE("login_best picks SCRAM-SHA-256 from Dovecot over TLS and plain TCP", "[integration][sasl][best]") {
    const dovecot_server& s = sasl_dovecot();
    // SCRAM-SHA-256 is the strongest Dovecot 2.3 offers (no -PLUS); it needs no TLS.
    for (const via l : all_vias) {
        DYNAMIC_SECTION(name_of(l)) {
            on(l, [&](auto& M) {
                std::error_code ec;
                const imaplib::login_result r = M.login_best(s.user, s.password, ec);
                INFO(M.error_message());
                REQUIRE_FALSE(ec);
                CHECK(r.typ == "OK");
                CHECK(r.mechanism == "SCRAM-SHA-256");
                CHECK(inbox_view(M) == login_view());
                M.logout();
            });
            on(l, [&](auto& M) {
                std::error_code ec;
                M.login_best(s.user, "wrong", ec);
                CHECK(ec);
                CHECK(M.error_message().find("[AUTHENTICATIONFAILED]") != std::string::npos);
                CHECK(M.state() == "NONAUTH");
            });
            on(l, [&](auto& M) {  // a non-ASCII password, SASLprep'ed
                std::error_code ec;
                const imaplib::login_result r = M.login_best(s.sasl_user, s.sasl_password, ec);
                INFO(M.error_message());
                REQUIRE_FALSE(ec);
                CHECK(r.mechanism == "SCRAM-SHA-256");
                CHECK(M.select("INBOX").typ == "OK");
                M.logout();
            });
        }
    }
}

TEST_CASE("imaplib's authenticate drives a mechanism without SASL-IR", "[integration][sasl]") {
    const dovecot_server& s = sasl_dovecot();
    on(via::plain, [&](auto& M) {
        sasl::scram_sha_256 m(s.user, s.password);
        require_logged_in(M, m, driver::authobject);
    });
    on(via::plain, [&](auto& M) {
        sasl::scram_sha_1 m(s.user, "wrong");
        require_refused(M, m, driver::authobject);
    });
    on(via::plain, [&](auto& M) {
        sasl::plain m(s.user, s.password, s.user);
        require_logged_in(M, m, driver::authobject);
    });
    on(via::tls, [&](auto& M) {
        sasl::oauthbearer m(s.user, s.oauth_long_token);  // 6,884 bytes after "+"
        require_logged_in(M, m, driver::authobject);
    });
    on(via::tls, [&](auto& M) {
        sasl::oauthbearer m(s.user, s.oauth_expired_token);
        require_refused(M, m, driver::authobject);
        CHECK(m.status() == "invalid_token");
    });
}

TEST_CASE("an OAuth2 token provider is asked once per connection", "[integration][sasl][oauth]") {
    const dovecot_server& s = sasl_dovecot();
    const std::string tokens[] = {s.oauth_token, s.oauth_long_token, s.oauth_expired_token};
    std::size_t asked = 0;
    const sasl::token_provider provider = [&] { return tokens[asked++]; };
    on(via::plain, [&](auto& M) {
        sasl::xoauth2 m(s.user, provider);
        require_logged_in(M, m);
    });
    CHECK(asked == 1);
    on(via::tls, [&](auto& M) {  // the reconnect: a fresh token
        sasl::oauthbearer m(s.user, provider);
        require_logged_in(M, m);
    });
    CHECK(asked == 2);
    on(via::plain, [&](auto& M) {  // the source's token has expired: refused
        sasl::xoauth2 m(s.user, provider);
        require_refused(M, m);
    });
    CHECK(asked == 3);
}

TEST_CASE("the debug log of a real exchange holds no password, token or response", "[integration][sasl][redaction]") {
    const dovecot_server& s = sasl_dovecot();
    const auto logged = [&](auto make, const std::vector<std::string>& secrets) {
        on(via::plain, [&](auto& M) {
            std::string log;
            M.set_debug_sink([&](std::string_view line) { (log += line) += '\n'; });
            M.debug(5);
            auto m = make();
            require_logged_in(M, m);
            INFO(log);
            CHECK(log.find("AUTHENTICATE " + std::string(m.name())) != std::string::npos);
            for (const std::string& secret : secrets) CHECK(log.find(secret) == std::string::npos);
        });
    };
    const std::string plain_ir = std::string(1, '\0') + s.user + '\0' + s.password;
    logged([&] { return sasl::plain(s.user, s.password); },
           {s.password, imaplib::base64_encode(plain_ir)});
    logged([&] { return sasl::login(s.user, s.password); }, {s.password, imaplib::base64_encode(s.password)});
    logged([&] { return sasl::xoauth2(s.user, s.oauth_long_token); },
           {s.oauth_long_token.substr(0, 64),
            imaplib::base64_encode("user=" + s.user + "\x01" + "auth=Bearer " + s.oauth_long_token + "\x01\x01")
                .substr(0, 64)});
    logged([&] { return sasl::oauthbearer(s.user, s.oauth_token); }, {s.oauth_token});
}

#if defined(IMAPLIB_TEST_FETCH_ALL)
TEST_CASE("fetch_all --auth prints after login what it prints with LOGIN", "[integration][sasl][fetch_all]") {
    using imaplib::test::detail::shell_quote;
    const dovecot_server& s = sasl_dovecot();
    s.reset();
    // fetch_all ends with CLOSE, which expunges INBOX's \Deleted message: Archive has none,
    // so every run finds the same mail.
    const std::string password = "IMAP_PASSWORD=" + shell_quote(s.password);
    const std::string token = "IMAP_TOKEN=" + shell_quote(s.oauth_token);
    const std::string user = "--user " + shell_quote(s.user) + " --timeout 20 --mailbox Archive";
    const std::string cafile = " --cafile " + shell_quote(s.ca_file);
    struct transport_case {
        const char* name;
        std::string arguments;
    };
    const transport_case transports[] = {
        {"plain TCP", " --port " + std::to_string(s.port) + " localhost"},
        {"STARTTLS", " --starttls" + cafile + " --port " + std::to_string(s.port) + " localhost"},
        {"implicit TLS", " --ssl" + cafile + " --port " + std::to_string(s.ssl_port) + " localhost"},
    };
    for (const transport_case& t : transports) {
        DYNAMIC_SECTION(t.name) {
            const run_result reference = fetch_all(password, user + t.arguments);
            INFO(reference.err);
            REQUIRE(reference.status == 0);
            REQUIRE(reference.out.find("Message 2\n") != std::string::npos);
            for (const char* mech : {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256", "best"}) {
                const run_result r = fetch_all(password, "--auth " + std::string(mech) + ' ' + user + t.arguments);
                INFO(mech << ": " << r.err);
                CHECK(r.status == 0);
                CHECK(r.out == reference.out);
            }
            for (const char* mech : {"XOAUTH2", "OAUTHBEARER"}) {
                const run_result r = fetch_all(token, "--auth " + std::string(mech) + ' ' + user + t.arguments);
                INFO(mech << ": " << r.err);
                CHECK(r.status == 0);
                CHECK(r.out == reference.out);
            }
            if (std::string_view(t.name) != "plain TCP") {
                const run_result r =
                    fetch_all("", "--auth EXTERNAL --certfile " + shell_quote(s.client_cert) + " --keyfile " +
                                      shell_quote(s.client_key) + ' ' + user + t.arguments);
                INFO("EXTERNAL: " << r.err);
                CHECK(r.status == 0);
                CHECK(r.out == reference.out);
            }
            const run_result refused =
                fetch_all("IMAP_TOKEN=" + shell_quote(s.oauth_expired_token), "--auth XOAUTH2 " + user + t.arguments);
            CHECK(refused.status != 0);
            CHECK(refused.out.find("Message 1\n") == std::string::npos);
        }
    }
}
#endif
