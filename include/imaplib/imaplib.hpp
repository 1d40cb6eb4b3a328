// imaplib-cpp: the whole library in one include.
//
// Core first (standard library only, in dependency order), then each transport its
// feature macro enables (see config.hpp), then the ready-made clients, then the internal
// macros are removed again. One header per line, so adding a header is adding one line;
// tools/amalgamate.py builds the single header from this file in this order.
//
// Separate compilation (docs/building.md): with IMAPLIB_SEPARATE_COMPILATION a translation
// unit leaves out the grammar, the typed views (include their headers where you use
// them) and the non-template bodies (each header's impl/*.ipp), and takes the clients as
// extern templates; the one TU that includes <imaplib/src.hpp> (or defines IMAPLIB_SOURCE
// before the single header) compiles them. The async client and the testing transports
// are left to the TUs that include <imaplib/async.hpp> and <imaplib/testing.hpp> (with
// the single header: define IMAPLIB_ASYNC, IMAPLIB_TESTING).
#ifndef IMAPLIB_IMAPLIB_HPP
#define IMAPLIB_IMAPLIB_HPP

#include <imaplib/config.hpp>
#include <imaplib/error.hpp>
#include <imaplib/limits.hpp>

// Module functions and codecs.
#include <imaplib/util/utf8.hpp>
#include <imaplib/util/base64.hpp>
#include <imaplib/util/escape.hpp>
#include <imaplib/util/flags.hpp>
#include <imaplib/util/int2ap.hpp>
#include <imaplib/util/md5.hpp>
#include <imaplib/util/sha.hpp>
#include <imaplib/util/mutf7.hpp>
#include <imaplib/util/rfc2047.hpp>
#include <imaplib/util/time.hpp>

// Response framing, then the grammar and its typed views.
#include <imaplib/framing/reader.hpp>
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/grammar/core.hpp>
#include <imaplib/grammar/lexical.hpp>
#include <imaplib/grammar/views.hpp>
#include <imaplib/grammar/response.hpp>
#include <imaplib/grammar/parse.hpp>
#include <imaplib/grammar/grammar.hpp>
#endif

// The transport concept, TLS host-name matching.
#include <imaplib/transport/concept.hpp>
#include <imaplib/transport/tls_identity.hpp>

// SASL mechanisms (docs/authentication.md): state machines on bytes, no I/O. The engine's
// AUTHENTICATE and login_best() use them, so every mode includes them.
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/detail/exchange.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/oauth.hpp>
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/sasl/detail/saslprep_tables.hpp>
#endif
#include <imaplib/sasl/saslprep.hpp>
#include <imaplib/sasl/scram.hpp>

// The engine: basic_imap4<Transport>.
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/engine/sync.hpp>
#include <imaplib/engine/move.hpp>
#include <imaplib/engine/query.hpp>
#include <imaplib/engine/rev2.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/commands.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/engine/session.hpp>
#include <imaplib/engine/authenticate.hpp>
#include <imaplib/engine/basic_imap4.hpp>
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/engine/views.hpp>
#include <imaplib/engine/mailbox_sync.hpp>
#endif

// Optional transports: each needs something beyond the standard library.
#ifdef IMAPLIB_HAS_PIPE
#include <imaplib/transport/pipe.hpp>
#endif
#ifdef IMAPLIB_USE_ZLIB
#include <imaplib/transport/compress.hpp>
#endif
#ifdef IMAPLIB_USE_ASIO
#include <imaplib/transport/tcp.hpp>
#ifdef IMAPLIB_USE_WOLFSSL  // implies IMAPLIB_USE_ASIO (config.hpp)
#include <imaplib/transport/tls_context.hpp>
#include <imaplib/transport/tls.hpp>
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE)
#include <imaplib/sasl/channel_binding.hpp>
#endif
#endif
#endif

// imaplib's names for the ready-made clients: imap4, imap4_ssl, imap4_stream.
#include <imaplib/imap4.hpp>

// The testing transports: in-memory, record and replay. Separate compilation leaves them
// to the TUs that include <imaplib/testing.hpp> (with the single header: IMAPLIB_TESTING).
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_SOURCE) || defined(IMAPLIB_TESTING)
#include <imaplib/testing.hpp>
// The one source TU's explicit instantiations, over these and the transports above.
#if defined(IMAPLIB_SEPARATE_COMPILATION) && defined(IMAPLIB_SOURCE)
#include <imaplib/detail/instantiate.hpp>
#endif
#endif

// The async client on Asio (docs/async.md): async_imap4. Separate compilation leaves it
// to the TUs that use it (async.hpp says how): it is Asio templates, compiled where used.
#if !defined(IMAPLIB_SEPARATE_COMPILATION) || defined(IMAPLIB_ASYNC)
#include <imaplib/async.hpp>
#endif

#include <imaplib/detail/macro_unscope.hpp>

#endif  // IMAPLIB_IMAPLIB_HPP
