// imaplib-cpp: util/flags.hpp's definitions: inline in header-only mode, compiled once by
// <imaplib/src.hpp> in separate mode (IMAPLIB_DECL, config.hpp).
#ifndef IMAPLIB_UTIL_IMPL_FLAGS_IPP
#define IMAPLIB_UTIL_IMPL_FLAGS_IPP

#include <imaplib/config.hpp>
#include <imaplib/util/flags.hpp>

#include <string_view>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE

IMAPLIB_DECL std::vector<std::string_view> parse_flags(std::string_view resp) {
    constexpr std::string_view opener = "FLAGS (";
    std::vector<std::string_view> flags;
    const std::string_view first_line = resp.substr(0, resp.find('\n'));
    std::size_t pos = first_line.rfind(opener);
    // Openers are tried right to left; the text after the previous one is known to
    // hold no ')', so each search stops there (linear on "FLAGS (FLAGS (...").
    std::size_t searched_from = resp.size();
    while (pos != std::string_view::npos) {
        const std::size_t begin = pos + opener.size();
        const std::size_t end = resp.substr(0, searched_from).find(')', begin);
        searched_from = begin;
        if (end != std::string_view::npos) {
            const std::string_view group = resp.substr(begin, end - begin);
            std::size_t i = 0;
            while (i < group.size()) {
                while (i < group.size() && detail::is_py_space(group[i])) ++i;
                const std::size_t start = i;
                while (i < group.size() && !detail::is_py_space(group[i])) ++i;
                if (i > start) flags.push_back(group.substr(start, i - start));
            }
            return flags;
        }
        if (pos == 0) break;
        pos = first_line.rfind(opener, pos - 1);
    }
    return flags;
}

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_UTIL_IMPL_FLAGS_IPP
