// Includes every public header: the umbrella first, then each header directly. Together
// with include_all_2.cpp this puts every header into two translation units of
// imaplib_tests, so a header function that is not `inline` is a duplicate symbol at link
// time. tools/amalgamate.py --check fails when a header is missing from this list.
#include <imaplib/imaplib.hpp>

// The umbrella removes its internal macros (detail/macro_unscope.hpp) ...
#if defined(IMAPLIB_BEGIN_NAMESPACE) || defined(IMAPLIB_END_NAMESPACE) || \
    defined(IMAPLIB_CONCAT) || defined(IMAPLIB_CONCAT_IMPL) || defined(IMAPLIB_ABI_NAMESPACE)
#error "imaplib.hpp leaked an internal macro"
#endif
#if !defined(IMAPLIB_VERSION_MAJOR)
#error "imaplib.hpp removed a public macro"
#endif

// Each header directly (gated ones as the umbrella gates them).
#include <imaplib/config.hpp>
#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/commands.hpp>
#include <imaplib/engine/impl/basic_imap4_commands.hpp>
#include <imaplib/engine/impl/basic_imap4_idle.hpp>
#include <imaplib/engine/impl/basic_imap4_move.hpp>
#include <imaplib/engine/impl/basic_imap4_rev2.hpp>
#include <imaplib/engine/authenticate.hpp>
#include <imaplib/engine/impl/basic_imap4_sasl.hpp>
#include <imaplib/engine/impl/basic_imap4_sync.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/engine/mailbox_sync.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/rev2.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/engine/sync.hpp>
#include <imaplib/engine/move.hpp>
#include <imaplib/engine/query.hpp>
#include <imaplib/engine/impl/basic_imap4_query.hpp>
#include <imaplib/engine/session.hpp>
#include <imaplib/engine/views.hpp>
#include <imaplib/error.hpp>
#include <imaplib/framing/reader.hpp>
#include <imaplib/grammar/core.hpp>
#include <imaplib/grammar/grammar.hpp>
#include <imaplib/grammar/index.hpp>
#include <imaplib/grammar/lexical.hpp>
#include <imaplib/grammar/parse.hpp>
#include <imaplib/grammar/response.hpp>
#include <imaplib/grammar/tape.hpp>
#include <imaplib/grammar/views.hpp>
#include <imaplib/imap4.hpp>
#include <imaplib/imaplib.hpp>
#include <imaplib/limits.hpp>
#include <imaplib/sasl/channel_binding.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/detail/exchange.hpp>
#include <imaplib/sasl/detail/saslprep_tables.hpp>
#include <imaplib/sasl/oauth.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/saslprep.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/transport/concept.hpp>
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/record.hpp>
#include <imaplib/testing.hpp>
#include <imaplib/transport/tls_identity.hpp>
#ifdef IMAPLIB_HAS_PIPE
#include <imaplib/transport/pipe.hpp>
#endif
#include <imaplib/async.hpp>
#ifdef IMAPLIB_USE_ASIO
#include <imaplib/async/client.hpp>
#include <imaplib/async/concept.hpp>
#include <imaplib/async/imap4.hpp>
#include <imaplib/async/tcp.hpp>
#include <imaplib/transport/detail/tcp_state.hpp>
#include <imaplib/transport/tcp.hpp>
#endif
#ifdef IMAPLIB_USE_ZLIB
#include <imaplib/transport/compress.hpp>
#ifdef IMAPLIB_USE_ASIO
#include <imaplib/async/compress.hpp>
#endif
#endif
#ifdef IMAPLIB_USE_WOLFSSL
#include <imaplib/async/tls.hpp>
#include <imaplib/transport/tls.hpp>
#include <imaplib/transport/tls_context.hpp>
#endif
#include <imaplib/util/base64.hpp>
#include <imaplib/util/escape.hpp>
#include <imaplib/util/flags.hpp>
#include <imaplib/util/int2ap.hpp>
#include <imaplib/util/md5.hpp>
#include <imaplib/util/mutf7.hpp>
#include <imaplib/util/rfc2047.hpp>
#include <imaplib/util/sha.hpp>
#include <imaplib/util/time.hpp>
#include <imaplib/util/utf8.hpp>

// ... and any imaplib header included after it gets them back from config.hpp.
#if !defined(IMAPLIB_BEGIN_NAMESPACE) || !defined(IMAPLIB_END_NAMESPACE)
#error "config.hpp did not define the namespace macros again after the umbrella"
#endif

#include <catch2/catch.hpp>

#include <string>

namespace include_all_1 {
// Odr-uses header functions from this translation unit.
std::string message_of(imaplib::errc e) { return imaplib::make_error_code(e).message(); }
}  // namespace include_all_1

TEST_CASE("every header links into two translation units (first)", "[include_all]") {
    CHECK(include_all_1::message_of(imaplib::errc::timeout) == "timed out");
}
