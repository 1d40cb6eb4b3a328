// The second translation unit that includes every public header (see include_all_1.cpp):
// here each header directly, in reverse order, and the umbrella last.
#include <imaplib/util/utf8.hpp>
#include <imaplib/util/time.hpp>
#include <imaplib/util/rfc2047.hpp>
#include <imaplib/util/mutf7.hpp>
#include <imaplib/util/escape.hpp>
#include <imaplib/util/sha.hpp>
#include <imaplib/util/md5.hpp>
#include <imaplib/util/int2ap.hpp>
#include <imaplib/util/flags.hpp>
#include <imaplib/util/base64.hpp>
#ifdef IMAPLIB_USE_ZLIB
#ifdef IMAPLIB_USE_ASIO
#include <imaplib/async/compress.hpp>
#endif
#include <imaplib/transport/compress.hpp>
#endif
#ifdef IMAPLIB_USE_WOLFSSL
#include <imaplib/transport/tls.hpp>
#include <imaplib/transport/tls_context.hpp>
#include <imaplib/async/tls.hpp>
#endif
#ifdef IMAPLIB_USE_ASIO
#include <imaplib/async/client.hpp>
#include <imaplib/async/concept.hpp>
#include <imaplib/async/imap4.hpp>
#include <imaplib/async/tcp.hpp>
#include <imaplib/transport/tcp.hpp>
#include <imaplib/transport/detail/tcp_state.hpp>
#endif
#include <imaplib/async.hpp>
#ifdef IMAPLIB_HAS_PIPE
#include <imaplib/transport/pipe.hpp>
#endif
#include <imaplib/transport/tls_identity.hpp>
#include <imaplib/transport/memory.hpp>
#include <imaplib/transport/record.hpp>
#include <imaplib/testing.hpp>
#include <imaplib/transport/concept.hpp>
#include <imaplib/sasl/scram.hpp>
#include <imaplib/sasl/saslprep.hpp>
#include <imaplib/sasl/plain.hpp>
#include <imaplib/sasl/oauth.hpp>
#include <imaplib/sasl/detail/saslprep_tables.hpp>
#include <imaplib/sasl/detail/exchange.hpp>
#include <imaplib/sasl/cram_md5.hpp>
#include <imaplib/sasl/concept.hpp>
#include <imaplib/sasl/channel_binding.hpp>
#include <imaplib/limits.hpp>
#include <imaplib/imap4.hpp>
#include <imaplib/grammar/tape.hpp>
#include <imaplib/grammar/index.hpp>
#include <imaplib/grammar/views.hpp>
#include <imaplib/grammar/response.hpp>
#include <imaplib/grammar/parse.hpp>
#include <imaplib/grammar/lexical.hpp>
#include <imaplib/grammar/grammar.hpp>
#include <imaplib/grammar/core.hpp>
#include <imaplib/framing/reader.hpp>
#include <imaplib/error.hpp>
#include <imaplib/engine/views.hpp>
#include <imaplib/engine/session.hpp>
#include <imaplib/engine/authenticate.hpp>
#include <imaplib/engine/result.hpp>
#include <imaplib/engine/rev2.hpp>
#include <imaplib/engine/sequence_set.hpp>
#include <imaplib/engine/sync.hpp>
#include <imaplib/engine/move.hpp>
#include <imaplib/engine/query.hpp>
#include <imaplib/engine/impl/basic_imap4_query.hpp>
#include <imaplib/engine/imaplib_compat.hpp>
#include <imaplib/engine/mailbox_sync.hpp>
#include <imaplib/engine/impl/basic_imap4_commands.hpp>
#include <imaplib/engine/impl/basic_imap4_idle.hpp>
#include <imaplib/engine/impl/basic_imap4_move.hpp>
#include <imaplib/engine/impl/basic_imap4_rev2.hpp>
#include <imaplib/engine/impl/basic_imap4_sasl.hpp>
#include <imaplib/engine/impl/basic_imap4_sync.hpp>
#include <imaplib/engine/commands.hpp>
#include <imaplib/engine/command.hpp>
#include <imaplib/engine/basic_imap4.hpp>
#include <imaplib/config.hpp>

#include <imaplib/imaplib.hpp>

#include <catch2/catch.hpp>

#include <system_error>

namespace include_all_2 {
// Odr-uses header functions from this translation unit.
imaplib::error_kind kind_of(imaplib::errc e) { return imaplib::kind_of(imaplib::make_error_code(e)); }
}  // namespace include_all_2

TEST_CASE("every header links into two translation units (second)", "[include_all]") {
    CHECK(include_all_2::kind_of(imaplib::errc::timeout) == imaplib::error_kind::abort);
    CHECK(include_all_2::kind_of(imaplib::errc::command_failed) == imaplib::error_kind::error);
    imaplib::limits defaults;
    CHECK(defaults.max_depth > 0);
}
