// Compiled with -fsyntax-only and no include path but single_include/: proves the single
// header is self-contained, in each feature configuration the tests pass as -D flags.
#include <imaplib/imaplib.hpp>

#if defined(IMAPLIB_BEGIN_NAMESPACE) || defined(IMAPLIB_CONCAT) || defined(IMAPLIB_ALWAYS_INLINE) || defined(IMAPLIB_DECL)
#error "the single header leaked an internal macro"
#endif

#include <system_error>

static_assert(IMAPLIB_VERSION_MAJOR >= 0, "version macros are public");
static_assert(std::is_error_code_enum<imaplib::errc>::value, "errc converts to std::error_code");

int single_header_syntax_check() {
    std::error_code ec = imaplib::errc::timeout;
    imaplib::limits limits;
    return static_cast<int>(imaplib::kind_of(ec)) + static_cast<int>(limits.max_depth);
}
