// imaplib-cpp: what an async transport must provide (docs/async.md).
//
// The async counterpart of transport/concept.hpp: one detection trait per operation
// (Beast's is_async_read_stream style), check_async_transport<T>() naming the missing one
// in a static_assert, and a C++20 concept where the compiler has them. Operations follow
// Asio's completion-token protocol, so each is detected with a plain callback.
#ifndef IMAPLIB_ASYNC_CONCEPT_HPP
#define IMAPLIB_ASYNC_CONCEPT_HPP

#include <imaplib/config.hpp>
#include <imaplib/transport/concept.hpp>

#include <asio/buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace sasl {
struct channel_binding;
}

namespace detail {
// Callbacks of the signatures the operations complete with, for detection only.
struct async_probe_connect {
    void operator()(std::error_code) const noexcept {}
};
struct async_probe_io {
    void operator()(std::error_code, std::size_t) const noexcept {}
};
}  // namespace detail

// executor_type get_executor();
template <class T, class = void>
struct has_async_executor : std::false_type {};
template <class T>
struct has_async_executor<T, std::void_t<typename T::executor_type, decltype(std::declval<T&>().get_executor())>>
    : std::is_convertible<decltype(std::declval<T&>().get_executor()), typename T::executor_type> {};

// template <class Token> auto async_connect(std::string host, std::uint16_t port, Token&&);
//   void(std::error_code): resolved, connected (and, for implicit TLS, the handshake done).
template <class T, class = void>
struct has_async_connect : std::false_type {};
template <class T>
struct has_async_connect<T, std::void_t<decltype(std::declval<T&>().async_connect(
                                std::declval<std::string>(), std::declval<std::uint16_t>(),
                                detail::async_probe_connect{}))>> : std::true_type {};

// template <class Token> auto async_read_some(asio::mutable_buffer, Token&&);
//   void(std::error_code, std::size_t); EOF -> errc::connection_closed.
template <class T, class = void>
struct has_async_read_some : std::false_type {};
template <class T>
struct has_async_read_some<T, std::void_t<decltype(std::declval<T&>().async_read_some(
                                  std::declval<asio::mutable_buffer>(), detail::async_probe_io{}))>>
    : std::true_type {};

// template <class Token> auto async_write_some(asio::const_buffer, Token&&);
//   void(std::error_code, std::size_t).
template <class T, class = void>
struct has_async_write_some : std::false_type {};
template <class T>
struct has_async_write_some<T, std::void_t<decltype(std::declval<T&>().async_write_some(
                                   std::declval<asio::const_buffer>(), detail::async_probe_io{}))>>
    : std::true_type {};

// void close() noexcept; pending operations complete with an error; safe to call twice.
template <class T, class = void>
struct has_async_close : std::false_type {};
template <class T>
struct has_async_close<T, std::void_t<decltype(std::declval<T&>().close())>>
    : std::bool_constant<noexcept(std::declval<T&>().close())> {};

// Optional: template <class Token> auto async_start_tls(const tls_context&, std::string host,
// Token&&); void(std::error_code): STARTTLS's upgrade in place (RFC 9051 section 6.2.1).
template <class T, class = void>
struct has_async_start_tls : std::false_type {};
template <class T>
struct has_async_start_tls<T, std::void_t<decltype(std::declval<T&>().async_start_tls(
                                  std::declval<const tls_context&>(), std::declval<std::string>(),
                                  detail::async_probe_connect{}))>> : std::true_type {};

template <class T> inline constexpr bool has_async_executor_v = has_async_executor<T>::value;
template <class T> inline constexpr bool has_async_connect_v = has_async_connect<T>::value;
template <class T> inline constexpr bool has_async_read_some_v = has_async_read_some<T>::value;
template <class T> inline constexpr bool has_async_write_some_v = has_async_write_some<T>::value;
template <class T> inline constexpr bool has_async_close_v = has_async_close<T>::value;
template <class T> inline constexpr bool has_async_start_tls_v = has_async_start_tls<T>::value;

template <class T>
struct is_async_transport
    : std::bool_constant<std::is_object_v<T> && std::is_move_constructible_v<T> && has_default_port_v<T> &&
                         has_async_executor_v<T> && has_async_connect_v<T> && has_async_read_some_v<T> &&
                         has_async_write_some_v<T> && has_async_close_v<T>> {};
template <class T> inline constexpr bool is_async_transport_v = is_async_transport<T>::value;

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
template <class T>
concept async_transport = std::is_object_v<T> && std::is_move_constructible_v<T> && has_default_port_v<T> &&
                          has_async_executor_v<T> && has_async_connect_v<T> && has_async_read_some_v<T> &&
                          has_async_write_some_v<T> && has_async_close_v<T>;
#endif

namespace detail {

// At the top of basic_async_imap4<T>: the compiler names the operation that is missing.
template <class T>
constexpr bool check_async_transport() noexcept {
    static_assert(std::is_object_v<T> && std::is_move_constructible_v<T>,
                  "imaplib: an async transport must be a move-constructible class");
    static_assert(has_default_port_v<T>,
                  "imaplib: async transport must provide static constexpr std::uint16_t default_port");
    static_assert(has_async_executor_v<T>,
                  "imaplib: async transport must provide executor_type and executor_type get_executor()");
    static_assert(has_async_connect_v<T>,
                  "imaplib: async transport must provide async_connect(std::string host, std::uint16_t port, "
                  "Token) completing with void(std::error_code)");
    static_assert(has_async_read_some_v<T>,
                  "imaplib: async transport must provide async_read_some(asio::mutable_buffer, Token) "
                  "completing with void(std::error_code, std::size_t)");
    static_assert(has_async_write_some_v<T>,
                  "imaplib: async transport must provide async_write_some(asio::const_buffer, Token) "
                  "completing with void(std::error_code, std::size_t)");
    static_assert(has_async_close_v<T>, "imaplib: async transport must provide close() noexcept");
    return is_async_transport_v<T>;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#define IMAPLIB_CHECK_ASYNC_TRANSPORT(T) \
    static_assert(::imaplib::detail::check_async_transport<T>(), "imaplib: not an async transport")

#endif  // IMAPLIB_ASYNC_CONCEPT_HPP
