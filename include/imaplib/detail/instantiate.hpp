// imaplib-cpp: the explicit instantiations of separate compilation (docs/building.md).
// Reached only from the umbrella in the one TU that defines IMAPLIB_SOURCE (through
// <imaplib/src.hpp>); the other TUs see these as extern templates (imap4.hpp, testing.hpp).
#ifndef IMAPLIB_DETAIL_INSTANTIATE_HPP
#define IMAPLIB_DETAIL_INSTANTIATE_HPP

#include <imaplib/config.hpp>
#include <imaplib/imap4.hpp>
#include <imaplib/testing.hpp>

IMAPLIB_BEGIN_NAMESPACE

template class basic_imap4<memory_transport>;
template class basic_imap4<replay_transport>;
template class basic_imap4<basic_recording_transport<memory_transport>>;
#ifdef IMAPLIB_HAS_PIPE
template class basic_imap4<pipe_transport>;
#endif
#ifdef IMAPLIB_USE_ASIO
template class basic_imap4<tcp_transport>;
template class basic_imap4<basic_recording_transport<tcp_transport>>;
#ifdef IMAPLIB_USE_WOLFSSL
template class basic_imap4<tls_transport>;
template class basic_imap4<basic_recording_transport<tls_transport>>;
#endif
#endif

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_DETAIL_INSTANTIATE_HPP
