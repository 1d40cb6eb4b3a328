// imaplib-cpp: the testing transports: memory_transport (a scripted server in memory)
// and record/replay (transcripts; docs/guide.md, "Testing your code offline").
//
// The umbrella header includes this one, except with IMAPLIB_SEPARATE_COMPILATION, where
// a TU that uses them includes it itself (or, with the single header, defines
// IMAPLIB_TESTING before the include): a program's other TUs do not parse them
// (docs/building.md). The clients over them are still compiled once, by src.hpp.
#ifndef IMAPLIB_TESTING_HPP
#define IMAPLIB_TESTING_HPP

#include <imaplib/config.hpp>
#include <imaplib/imap4.hpp>
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/record.hpp>

#if defined(IMAPLIB_SEPARATE_COMPILATION) && !defined(IMAPLIB_SOURCE)
IMAPLIB_BEGIN_NAMESPACE

// Keep this list in step with detail/instantiate.hpp.
extern template class basic_imap4<memory_transport>;
extern template class basic_imap4<replay_transport>;
extern template class basic_imap4<basic_recording_transport<memory_transport>>;
#ifdef IMAPLIB_USE_ASIO
extern template class basic_imap4<basic_recording_transport<tcp_transport>>;
#ifdef IMAPLIB_USE_WOLFSSL
extern template class basic_imap4<basic_recording_transport<tls_transport>>;
#endif
#endif

IMAPLIB_END_NAMESPACE
#endif

#endif  // IMAPLIB_TESTING_HPP
