// imaplib-cpp: what a transport must provide (docs/transports.md).
//
// Stated as detection traits, one per operation (Boost.Beast's is_sync_read_stream
// style), so that check_transport<T>() can name the missing operation in its
// static_assert; and, where the compiler has concepts, also as a C++20 concept.
#ifndef IMAPLIB_TRANSPORT_CONCEPT_HPP
#define IMAPLIB_TRANSPORT_CONCEPT_HPP

#include <imaplib/config.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

// Defined in transport/tls.hpp. Declared here so that start_tls can be detected in a
// build without TLS (a reference to an incomplete type is enough for detection).
class tls_context;

// --- one trait per requirement ---------------------------------------------------

// static constexpr std::uint16_t default_port;
template <class T, class = void>
struct has_default_port : std::false_type {};
template <class T>
struct has_default_port<T, std::void_t<decltype(T::default_port)>>
    : std::is_same<std::remove_cv_t<decltype(T::default_port)>, std::uint16_t> {};

// void open(std::string_view host, std::uint16_t port, std::error_code& ec);
template <class T, class = void>
struct has_open : std::false_type {};
template <class T>
struct has_open<T, std::void_t<decltype(std::declval<T&>().open(
                       std::declval<std::string_view>(), std::declval<std::uint16_t>(),
                       std::declval<std::error_code&>()))>> : std::true_type {};

// std::size_t read_some(char* buffer, std::size_t size, std::error_code& ec);
template <class T, class = void>
struct has_read_some : std::false_type {};
template <class T>
struct has_read_some<T, std::void_t<decltype(std::declval<T&>().read_some(
                            std::declval<char*>(), std::declval<std::size_t>(),
                            std::declval<std::error_code&>()))>>
    : std::is_same<decltype(std::declval<T&>().read_some(std::declval<char*>(),
                                                         std::declval<std::size_t>(),
                                                         std::declval<std::error_code&>())),
                   std::size_t> {};

// void write_all(const char* data, std::size_t size, std::error_code& ec);
template <class T, class = void>
struct has_write_all : std::false_type {};
template <class T>
struct has_write_all<T, std::void_t<decltype(std::declval<T&>().write_all(
                            std::declval<const char*>(), std::declval<std::size_t>(),
                            std::declval<std::error_code&>()))>> : std::true_type {};

// void shutdown() noexcept;
template <class T, class = void>
struct has_shutdown : std::false_type {};
template <class T>
struct has_shutdown<T, std::void_t<decltype(std::declval<T&>().shutdown())>>
    : std::bool_constant<noexcept(std::declval<T&>().shutdown())> {};

// void set_timeout(std::optional<std::chrono::milliseconds> t) noexcept;
template <class T, class = void>
struct has_set_timeout : std::false_type {};
template <class T>
struct has_set_timeout<T, std::void_t<decltype(std::declval<T&>().set_timeout(
                              std::declval<std::optional<std::chrono::milliseconds>>()))>>
    : std::bool_constant<noexcept(std::declval<T&>().set_timeout(
          std::declval<std::optional<std::chrono::milliseconds>>()))> {};

// --- optional capabilities -------------------------------------------------------

// native_handle(): imaplib's socket(). Any return type (an fd, a SOCKET).
template <class T, class = void>
struct has_native_handle : std::false_type {};
template <class T>
struct has_native_handle<T, std::void_t<decltype(std::declval<T&>().native_handle())>>
    : std::true_type {};

// void start_tls(const tls_context&, std::string_view host, std::error_code& ec);
// (RFC 9051 section 6.2.1 / RFC 3501 section 6.2.1: STARTTLS upgrades in place.)
template <class T, class = void>
struct has_start_tls : std::false_type {};
template <class T>
struct has_start_tls<T, std::void_t<decltype(std::declval<T&>().start_tls(
                            std::declval<const tls_context&>(),
                            std::declval<std::string_view>(),
                            std::declval<std::error_code&>()))>> : std::true_type {};

// const std::string& error_detail() const: the human-readable reason for the last
// failure (for example why a certificate did not verify), "" when there is none.
template <class T, class = void>
struct has_error_detail : std::false_type {};
template <class T>
struct has_error_detail<T, std::void_t<decltype(std::declval<const T&>().error_detail())>>
    : std::is_convertible<decltype(std::declval<const T&>().error_detail()), std::string_view> {};

// std::size_t available(std::error_code& ec): how many bytes read_some can return now
// without blocking (0: none, or not known). Lets the engine see what the server already
// sent before it writes a command that waits for a continuation request.
template <class T, class = void>
struct has_available : std::false_type {};
template <class T>
struct has_available<T, std::void_t<decltype(std::declval<T&>().available(std::declval<std::error_code&>()))>>
    : std::is_convertible<decltype(std::declval<T&>().available(std::declval<std::error_code&>())),
                          std::size_t> {};

// Optional: wait_readable(ms, ec) -> bool waits up to ms for bytes to read without
// harming the connection when none come (false, ec clear). An idler's duration needs it.
template <class T, class = void>
struct has_wait_readable : std::false_type {};
template <class T>
struct has_wait_readable<T, std::void_t<decltype(std::declval<T&>().wait_readable(
                                std::declval<std::chrono::milliseconds>(), std::declval<std::error_code&>()))>>
    : std::true_type {};

// Optional, TLS transports: channel_binding(ec) -> sasl::channel_binding, the binding of
// this connection for SCRAM-*-PLUS (RFC 9266 on TLS 1.3, RFC 5929 below); ec set when the
// connection is not TLS or has none. ssl() -> WOLFSSL*, null before TLS.
template <class T, class = void>
struct has_channel_binding : std::false_type {};
template <class T>
struct has_channel_binding<T, std::void_t<decltype(std::declval<T&>().channel_binding(
                                  std::declval<std::error_code&>()))>> : std::true_type {};
template <class T, class = void>
struct has_ssl : std::false_type {};
template <class T>
struct has_ssl<T, std::void_t<decltype(std::declval<const T&>().ssl() == nullptr)>> : std::true_type {};

template <class T> inline constexpr bool has_default_port_v = has_default_port<T>::value;
template <class T> inline constexpr bool has_open_v = has_open<T>::value;
template <class T> inline constexpr bool has_read_some_v = has_read_some<T>::value;
template <class T> inline constexpr bool has_write_all_v = has_write_all<T>::value;
template <class T> inline constexpr bool has_shutdown_v = has_shutdown<T>::value;
template <class T> inline constexpr bool has_set_timeout_v = has_set_timeout<T>::value;
template <class T> inline constexpr bool has_native_handle_v = has_native_handle<T>::value;
template <class T> inline constexpr bool has_start_tls_v = has_start_tls<T>::value;
template <class T> inline constexpr bool has_error_detail_v = has_error_detail<T>::value;
template <class T> inline constexpr bool has_available_v = has_available<T>::value;
template <class T> inline constexpr bool has_wait_readable_v = has_wait_readable<T>::value;
template <class T> inline constexpr bool has_channel_binding_v = has_channel_binding<T>::value;
template <class T> inline constexpr bool has_ssl_v = has_ssl<T>::value;

// --- the whole requirement -------------------------------------------------------

template <class T>
struct is_transport
    : std::bool_constant<std::is_object_v<T> && std::is_move_constructible_v<T> &&
                         has_default_port_v<T> && has_open_v<T> && has_read_some_v<T> &&
                         has_write_all_v<T> && has_shutdown_v<T> && has_set_timeout_v<T>> {};

template <class T> inline constexpr bool is_transport_v = is_transport<T>::value;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
// The same requirement as a C++20 concept; a failed constraint names the conjunct.
template <class T>
concept transport = std::is_object_v<T> && std::is_move_constructible_v<T> &&
                    has_default_port_v<T> && has_open_v<T> && has_read_some_v<T> &&
                    has_write_all_v<T> && has_shutdown_v<T> && has_set_timeout_v<T>;
// Asio's ASIO_CONCEPT trick: `template <IMAPLIB_TRANSPORT T>` constrains with the
// concept in C++20 and is a plain `typename` in C++17.
#define IMAPLIB_TRANSPORT ::imaplib::transport
#else
#define IMAPLIB_TRANSPORT typename
#endif

namespace detail {

// Called at the top of basic_imap4<T>: one static_assert per requirement, so the
// compiler names the operation that is missing instead of a failure deep inside.
template <class T>
constexpr bool check_transport() noexcept {
    static_assert(std::is_object_v<T> && std::is_move_constructible_v<T>,
                  "imaplib: a transport must be a move-constructible class");
    static_assert(has_default_port_v<T>,
                  "imaplib: transport must provide static constexpr std::uint16_t default_port");
    static_assert(has_open_v<T>,
                  "imaplib: transport must provide open(std::string_view host, std::uint16_t "
                  "port, std::error_code&)");
    static_assert(has_read_some_v<T>,
                  "imaplib: transport must provide read_some(char*, std::size_t, "
                  "std::error_code&) returning std::size_t");
    static_assert(has_write_all_v<T>,
                  "imaplib: transport must provide write_all(const char*, std::size_t, "
                  "std::error_code&)");
    static_assert(has_shutdown_v<T>, "imaplib: transport must provide shutdown() noexcept");
    static_assert(has_set_timeout_v<T>,
                  "imaplib: transport must provide "
                  "set_timeout(std::optional<std::chrono::milliseconds>) noexcept");
    return is_transport_v<T>;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

// The same check as a statement, for any scope: IMAPLIB_CHECK_TRANSPORT(my_transport);
#define IMAPLIB_CHECK_TRANSPORT(T) \
    static_assert(::imaplib::detail::check_transport<T>(), "imaplib: not a transport")

#endif  // IMAPLIB_TRANSPORT_CONCEPT_HPP
