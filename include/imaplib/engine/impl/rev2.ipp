// imaplib-cpp: engine/rev2.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_ENGINE_IMPL_REV2_IPP
#define IMAPLIB_ENGINE_IMPL_REV2_IPP

#include <imaplib/config.hpp>
#include <imaplib/engine/rev2.hpp>
#include <imaplib/error.hpp>
#include <imaplib/util/mutf7.hpp>
#include <imaplib/util/utf8.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL std::string checked_utf8(std::string_view s, std::error_code& ec) {
    for (std::size_t pos = 0; pos < s.size();) {
        if (utf8_next(s, pos) == utf8_invalid) {
            ec = make_error_code(errc::invalid_argument);
            return {};
        }
    }
    return std::string(s);
}

IMAPLIB_DECL std::string mailbox_to_wire(std::string_view utf8_name, bool utf8_accepted, std::error_code& ec) {
    ec.clear();
    if (utf8_accepted) return checked_utf8(utf8_name, ec);
    return utf8_to_mutf7(utf8_name, ec);
}

IMAPLIB_DECL std::string mailbox_from_wire(std::string_view wire_name, bool utf8_accepted, std::error_code& ec) {
    ec.clear();
    if (utf8_accepted) return checked_utf8(wire_name, ec);
    return mutf7_to_utf8(wire_name, ec);
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_ENGINE_IMPL_REV2_IPP
