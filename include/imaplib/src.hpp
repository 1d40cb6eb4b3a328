// imaplib-cpp: separate compilation's one source (docs/building.md). Include this from
// exactly one .cpp of a program whose every TU defines IMAPLIB_SEPARATE_COMPILATION:
// it compiles the impl/*.ipp definitions and the clients over the shipped transports
// once, for all the others. With the single header, define IMAPLIB_SOURCE before
// including it in that one .cpp instead.
#ifndef IMAPLIB_SRC_HPP
#define IMAPLIB_SRC_HPP

#ifndef IMAPLIB_SEPARATE_COMPILATION
#error "imaplib: <imaplib/src.hpp> is for separate compilation; define IMAPLIB_SEPARATE_COMPILATION in every translation unit (or do not compile src.hpp)"
#endif
#ifdef IMAPLIB_IMAPLIB_HPP
#error "imaplib: include <imaplib/src.hpp> before any other imaplib header in its .cpp"
#endif

#ifndef IMAPLIB_SOURCE
#define IMAPLIB_SOURCE
#endif
#include <imaplib/imaplib.hpp>

#endif  // IMAPLIB_SRC_HPP
