// imaplib-cpp: resource limits for what a server may send.
//
// Every size a server announces or implies is checked against these before memory is
// committed, so the peak memory of one response is bounded by max_response plus one
// read chunk, and what the connection keeps for the caller by max_untagged, whatever the
// server sends. Configurable per connection.
#ifndef IMAPLIB_LIMITS_HPP
#define IMAPLIB_LIMITS_HPP

#include <imaplib/config.hpp>

#include <cstddef>

IMAPLIB_BEGIN_NAMESPACE

struct limits {
    // Longest line (text between CRLFs, literals excluded). imaplib's _MAXLINE.
    std::size_t max_line = 1000000;
    // Largest single literal a server may announce ({N} or ~{N}).
    std::size_t max_literal = std::size_t{128} * 1024 * 1024;
    // Largest whole response: every line and literal of it together.
    std::size_t max_response = std::size_t{256} * 1024 * 1024;
    // Deepest nesting of parenthesised lists (BODYSTRUCTURE, extension data).
    std::size_t max_depth = 64;
    // Most literals in one response. Each costs a few dozen bytes of bookkeeping however
    // small it is, so ` X {0}` repeated could otherwise turn 8 bytes on the wire into
    // hundreds in memory. A message part, envelope string or name per literal: real
    // responses carry a handful, a FETCH of every part of a huge MIME tree a few thousand.
    std::size_t max_literals = 100000;
    // Most bytes the untagged responses kept for the caller may hold (imaplib's
    // untagged_responses, per connection): items, names, index and the responses' bytes.
    // imaplib keeps them until the caller takes them, so a whole-mailbox FETCH lives here
    // until the command returns: 1 GiB lets one command fetch several hundred MB of mail
    // (bench's W2 mailbox is 368 MB) without a literal sink, and stops a flood at 1 GiB.
    std::size_t max_untagged = std::size_t{1} << 30;
};

namespace detail {

// A conversion whose range the caller has checked, between types that are the same on
// some platforms (time_t, size_t vs 64 bits): a template, so -Wuseless-cast stays quiet.
template <class To, class From>
constexpr To narrow_cast(From v) noexcept {
    return static_cast<To>(v);
}

}  // namespace detail

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_LIMITS_HPP
