// imaplib-cpp: what a SASL mechanism must provide (docs/authentication.md).
//
// A mechanism is the client half of one SASL exchange (RFC 4422) as a state machine on
// raw bytes: whoever drives AUTHENTICATE (RFC 9051 section 6.2.2) base64-decodes each
// challenge, calls step(), base64-encodes the answer. Stated like the transport concept:
// one detection trait per member, a C++20 concept, a static_assert that names what is
// missing.
//
// The contract, for the driver:
// - initial_response(ec): called once, before anything is sent. A value (possibly empty,
//   sent as "=") goes with the command when the server advertises SASL-IR (RFC 4959);
//   std::nullopt means the mechanism has none (server-first, CRAM-MD5). Without SASL-IR
//   the driver sends AUTHENTICATE alone and either holds the initial response for the
//   first (empty) challenge (basic_imap4 does) or passes that challenge to step(): a
//   client-first mechanism answers it with its initial response.
// - step(challenge, ec): the answer to one challenge. ec set means the exchange must be
//   cancelled ("*", RFC 9051 section 6.2.2) and reason() says why; after an error every
//   later step fails with errc::illegal_state. A challenge after complete() is an error.
// - complete(): true once the mechanism has everything it needs to believe the server.
//   A tagged OK while complete() is false is an authentication FAILURE (SCRAM: the
//   server never proved it knows the password; RFC 5802 section 5). The driver must
//   treat it so, and close the connection.
// - secret() (optional): whether the response just returned must be redacted from debug
//   output. A mechanism without it is treated as all-secret.
// Error codes: errc::invalid_argument (the caller's input cannot be sent: NUL in a name,
// SASLprep refused a password), errc::protocol_violation (the server's message is
// malformed or fails a check: nonce, iteration count, server signature),
// errc::command_failed (the server reported a failure inside the exchange: SCRAM's
// "e=", an OAuth error status), errc::illegal_state (a step out of order).
#ifndef IMAPLIB_SASL_CONCEPT_HPP
#define IMAPLIB_SASL_CONCEPT_HPP

#include <imaplib/config.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

// --- one trait per requirement ---------------------------------------------------

// std::string_view name() const;  the registered mechanism name, e.g. "SCRAM-SHA-256"
template <class T, class = void>
struct has_sasl_name : std::false_type {};
template <class T>
struct has_sasl_name<T, std::void_t<decltype(std::declval<const T&>().name())>>
    : std::is_convertible<decltype(std::declval<const T&>().name()), std::string_view> {};

// std::optional<std::string> initial_response(std::error_code& ec);
template <class T, class = void>
struct has_sasl_initial_response : std::false_type {};
template <class T>
struct has_sasl_initial_response<
    T, std::void_t<decltype(std::declval<T&>().initial_response(std::declval<std::error_code&>()))>>
    : std::is_same<decltype(std::declval<T&>().initial_response(std::declval<std::error_code&>())),
                   std::optional<std::string>> {};

// std::string step(std::string_view challenge, std::error_code& ec);
template <class T, class = void>
struct has_sasl_step : std::false_type {};
template <class T>
struct has_sasl_step<T, std::void_t<decltype(std::declval<T&>().step(
                            std::declval<std::string_view>(), std::declval<std::error_code&>()))>>
    : std::is_same<decltype(std::declval<T&>().step(std::declval<std::string_view>(),
                                                    std::declval<std::error_code&>())),
                   std::string> {};

// bool complete() const noexcept;
template <class T, class = void>
struct has_sasl_complete : std::false_type {};
template <class T>
struct has_sasl_complete<T, std::void_t<decltype(std::declval<const T&>().complete())>>
    : std::bool_constant<std::is_same_v<decltype(std::declval<const T&>().complete()), bool> &&
                         noexcept(std::declval<const T&>().complete())> {};

// std::string_view reason() const;  why the last step failed ("" when none)
template <class T, class = void>
struct has_sasl_reason : std::false_type {};
template <class T>
struct has_sasl_reason<T, std::void_t<decltype(std::declval<const T&>().reason())>>
    : std::is_convertible<decltype(std::declval<const T&>().reason()), std::string_view> {};

// Optional: bool secret() const noexcept;  the last response must not be logged.
template <class T, class = void>
struct has_sasl_secret : std::false_type {};
template <class T>
struct has_sasl_secret<T, std::void_t<decltype(std::declval<const T&>().secret())>>
    : std::is_same<decltype(std::declval<const T&>().secret()), bool> {};

template <class T> inline constexpr bool has_sasl_name_v = has_sasl_name<T>::value;
template <class T> inline constexpr bool has_sasl_initial_response_v = has_sasl_initial_response<T>::value;
template <class T> inline constexpr bool has_sasl_step_v = has_sasl_step<T>::value;
template <class T> inline constexpr bool has_sasl_complete_v = has_sasl_complete<T>::value;
template <class T> inline constexpr bool has_sasl_reason_v = has_sasl_reason<T>::value;
template <class T> inline constexpr bool has_sasl_secret_v = has_sasl_secret<T>::value;

// --- the whole requirement -------------------------------------------------------

template <class T>
struct is_sasl_mechanism
    : std::bool_constant<std::is_object_v<T> && has_sasl_name_v<T> &&
                         has_sasl_initial_response_v<T> && has_sasl_step_v<T> &&
                         has_sasl_complete_v<T> && has_sasl_reason_v<T>> {};

template <class T> inline constexpr bool is_sasl_mechanism_v = is_sasl_mechanism<T>::value;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
template <class T>
concept sasl_mechanism = std::is_object_v<T> && has_sasl_name_v<T> &&
                         has_sasl_initial_response_v<T> && has_sasl_step_v<T> &&
                         has_sasl_complete_v<T> && has_sasl_reason_v<T>;
#define IMAPLIB_SASL_MECHANISM ::imaplib::sasl_mechanism
#else
#define IMAPLIB_SASL_MECHANISM typename
#endif

// Whether the response `m` just returned must be redacted: secret() when the mechanism
// has it, else always (a mechanism that says nothing is assumed to carry a secret).
template <class T>
bool sasl_response_is_secret(const T& m) noexcept {
    if constexpr (has_sasl_secret_v<T>) return m.secret();
    else return true;
}

namespace detail {

template <class T>
constexpr bool check_sasl_mechanism() noexcept {
    static_assert(std::is_object_v<T>, "imaplib: a SASL mechanism must be a class");
    static_assert(has_sasl_name_v<T>,
                  "imaplib: SASL mechanism must provide name() const returning std::string_view");
    static_assert(has_sasl_initial_response_v<T>,
                  "imaplib: SASL mechanism must provide initial_response(std::error_code&) "
                  "returning std::optional<std::string>");
    static_assert(has_sasl_step_v<T>,
                  "imaplib: SASL mechanism must provide step(std::string_view challenge, "
                  "std::error_code&) returning std::string");
    static_assert(has_sasl_complete_v<T>,
                  "imaplib: SASL mechanism must provide bool complete() const noexcept");
    static_assert(has_sasl_reason_v<T>,
                  "imaplib: SASL mechanism must provide reason() const returning std::string_view");
    return is_sasl_mechanism_v<T>;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#define IMAPLIB_CHECK_SASL_MECHANISM(T) \
    static_assert(::imaplib::detail::check_sasl_mechanism<T>(), "imaplib: not a SASL mechanism")

#endif  // IMAPLIB_SASL_CONCEPT_HPP
