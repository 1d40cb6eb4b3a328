// imaplib-cpp: sasl/scram.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_SASL_IMPL_SCRAM_IPP
#define IMAPLIB_SASL_IMPL_SCRAM_IPP

#include <imaplib/config.hpp>
#include <imaplib/sasl/scram.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL std::string scram_saslname(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '=') out += "=3D";
        else if (c == ',') out += "=2C";
        else out += c;
    }
    return out;
}

IMAPLIB_DECL bool scram_next_attribute(std::string_view& rest, scram_attribute& a) noexcept {
    if (!rest.empty() && rest[0] == ',') rest.remove_prefix(1);
    if (rest.size() < 2 || rest[1] != '=' || !((rest[0] >= 'a' && rest[0] <= 'z') || (rest[0] >= 'A' && rest[0] <= 'Z')))
        return false;
    a.name = rest[0];
    const std::size_t comma = rest.find(',');
    a.value = rest.substr(2, comma == std::string_view::npos ? std::string_view::npos : comma - 2);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma);
    return true;
}

IMAPLIB_DECL bool scram_equal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_SASL_IMPL_SCRAM_IPP
