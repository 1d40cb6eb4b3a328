// imaplib-cpp: server text made safe to print on a terminal.
//
// A server chooses every byte of a BYE text, an [ALERT], a mailbox name: written raw to a
// terminal, ESC and CSI sequences can move the cursor, rewrite earlier lines, set the
// window title or (on some terminals) answer back into the input.
#ifndef IMAPLIB_UTIL_ESCAPE_HPP
#define IMAPLIB_UTIL_ESCAPE_HPP

#include <imaplib/config.hpp>
#include <imaplib/util/utf8.hpp>

#include <cstddef>
#include <string>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace detail {

IMAPLIB_DECL void append_hex_escape(std::string& out, char prefix, unsigned value, int digits);

}  // namespace detail

// `text` with every terminal control written out: C0 controls (CR, LF, TAB and ESC
// included) and DEL as \xNN, C1 controls (U+0080-U+009F, of which U+009B is CSI) as
// \uNNNN, and bytes that are not UTF-8 (a lone 0x9B is CSI to an 8-bit terminal) as
// \xNN. Printable ASCII and all other UTF-8 stay as they are, backslash included.
IMAPLIB_DECL std::string escape_control(std::string_view text);

IMAPLIB_END_NAMESPACE

#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/util/impl/escape.ipp>
#endif

#endif  // IMAPLIB_UTIL_ESCAPE_HPP
