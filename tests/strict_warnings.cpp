// Compiled (not run) by CTest with -Wshadow -Wconversion -Wsign-conversion (and g++'s
// -Wuseless-cast) and -Werror, once against include/ and once against single_include/:
// users who build with those flags get no warning from inside the header. Everything
// below is odr-used, so each template the library ships is instantiated here: a client
// over every transport calling every method family, the typed views, each SASL
// mechanism, record/replay, IDLE and the module functions.
#include <imaplib/imaplib.hpp>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace strict_warnings {

using namespace std::chrono_literals;

// The typed views of a result, every accessor family.
inline std::size_t read_views(const imaplib::response& r) {
    std::error_code ec;
    std::size_t n = 0;
    for (const imaplib::grammar::fetch_view& msg : imaplib::fetch_views(r, ec)) {
        n += msg.size() + msg.raw().size() + msg.body_section("TEXT").data().size();
        for (const auto& flag : msg.flags()) n += flag.data().size();
        n += msg.internaldate().data().size();
        if (const auto envelope = msg.envelope()) {
            n += envelope->subject.data().size();
            for (const auto& from : envelope->from) n += from.mailbox.data().size() + from.host.data().size();
        }
        if (const auto body = msg.bodystructure()) {
            n += body->type().data().size() + body->subtype().data().size() + body->encoding().data().size();
            for (const auto& part : body->parts()) n += part.is_multipart() ? 1U : 0U;
        }
        for (const auto& item : msg) n += item.key().size() + item.section().size();
    }
    for (const imaplib::grammar::response_view& view : imaplib::views_of(r, ec))
        n += static_cast<std::size_t>(view.data());
    for (const imaplib::data_item& item : r.data) {
        imaplib::grammar::response_view view;
        if (imaplib::view_of(item, view, ec)) ++n;
    }
    return n;
}

// Every method family, error_code and throwing forms.
template <class Client>
std::size_t use_client(Client& M) {
    std::error_code ec;
    std::vector<imaplib::response> rs;
    M.debug(1);
    M.set_debug_sink([](std::string_view) {});
    M.set_deadline(30s);
    M.set_literal_sink(nullptr);
    M.set_untagged_handler(imaplib::typed_handler([](const imaplib::grammar::response_view& v) {
        return v.data() == imaplib::grammar::data_kind::exists;
    }));
    rs.push_back(M.capability(ec));
    rs.push_back(M.login("user", "password", ec));
    rs.push_back(M.login_cram_md5("user", "password", ec));
    rs.push_back(M.authenticate("PLAIN", [](std::string_view) -> std::optional<std::string> { return "x"; }, ec));
    rs.push_back(M.enable("UTF8=ACCEPT", ec));
    // ENABLE, BINARY, UTF8=ACCEPT, IMAP4rev2 (engine/impl/basic_imap4_rev2.hpp)
    rs.push_back(M.enable_capabilities({"CONDSTORE"}, ec));
    rs.push_back(M.fetch_binary("1", "1", ec));
    rs.push_back(M.fetch_binary_size("1", "1", imaplib::binary_options{}, ec));
    rs.push_back(M.append_binary("INBOX", std::nullopt, imaplib::internaldate_arg(), "x", ec));
    rs.push_back({M.is_rev2() || M.is_enabled("X") ? "rev2" : M.encode_mailbox("box", ec), {}});
    rs.back().typ += M.decode_mailbox("box", ec);
    rs.push_back(M.list("\"\"", "*", ec));
    rs.push_back(M.lsub("\"\"", "*", ec));
    rs.push_back(M.namespaces(ec));
    rs.push_back(M.create("box", ec));
    rs.push_back(M.rename("box", "box2", ec));
    rs.push_back(M.subscribe("box2", ec));
    rs.push_back(M.unsubscribe("box2", ec));
    rs.push_back(M.delete_mailbox("box2", ec));
    rs.push_back(M.status("INBOX", "(MESSAGES)", ec));
    rs.push_back(M.append("INBOX", "(\\Seen)", imaplib::internaldate_arg(), "Subject: x\r\n\r\nx\r\n", ec));
    rs.push_back(M.select("INBOX", false, ec));
    rs.push_back(M.fetch("1:*", "(UID FLAGS ENVELOPE BODYSTRUCTURE)", ec));
    rs.push_back(M.partial("1", "BODY[]", "0", "10", ec));
    rs.push_back(M.search(std::nullopt, {"ALL"}, ec));
    rs.push_back(M.sort("(DATE)", "UTF-8", {"ALL"}, ec));
    rs.push_back(M.thread("REFERENCES", "UTF-8", {"ALL"}, ec));
    rs.push_back(M.uid("FETCH", {"1:*", "(FLAGS)"}, ec));
    rs.push_back(M.xatom("XYZZY", {"a"}, ec));
    rs.push_back(M.store("1", "+FLAGS", "(\\Deleted)", ec));
    rs.push_back(M.copy("1", "INBOX", ec));
    rs.push_back(M.getacl("INBOX", ec));
    rs.push_back(M.setacl("INBOX", "user", "lr", ec));
    rs.push_back(M.deleteacl("INBOX", "user", ec));
    rs.push_back(M.myrights("INBOX", ec));
    rs.push_back(M.getquota("", ec));
    rs.push_back(M.getquotaroot("INBOX", ec));
    rs.push_back(M.setquota("", "(STORAGE 10)", ec));
    rs.push_back(M.getannotation("INBOX", "/comment", "value", ec));
    rs.push_back(M.setannotation({"INBOX"}, ec));
    rs.push_back(M.proxyauth("user", ec));
    rs.push_back(M.recent(ec));
    rs.push_back(M.noop(ec));
    rs.push_back(M.check(ec));
    rs.push_back(M.expunge(ec));
    rs.push_back(M.unselect(ec));
    rs.push_back(M.close(ec));
    {
        auto idler = M.idle(5s, ec);
        while (auto r = idler.next(ec)) rs.push_back(*r);
        for (auto& r : idler.burst(100ms, ec)) rs.push_back(r);
        rs.push_back(idler.done(ec));
    }
    M.send("x\r\n", ec);
    std::string line = M.readline(ec) + M.read(4, ec);
    rs.push_back(M.logout(ec));
#ifndef IMAPLIB_NO_EXCEPTIONS
    rs.push_back(M.capability());
    rs.push_back(M.login("user", "password"));
    rs.push_back(M.select());
    rs.push_back(M.fetch("1", "(FLAGS)"));
    rs.push_back(M.search(std::nullopt, "ALL", "UNSEEN"));
    rs.push_back(M.uid("FETCH", "1:*", "(FLAGS)"));
    rs.push_back(M.uid("SEARCH", "ALL"));
    rs.push_back(M.sort("(DATE)", "UTF-8", "ALL"));
    rs.push_back(M.thread("REFERENCES", "UTF-8", "ALL"));
    rs.push_back(M.xatom("XYZZY", "a", "b"));
    rs.push_back(M.setannotation("INBOX", "(/comment (value.priv x))"));
    rs.push_back(M.store("1", "+FLAGS", "(\\Seen)"));
    rs.push_back(M.response("ALERT"));
    {
        auto idler = M.idle(1s);
        idler.stop();
        for (auto& r : idler.burst()) rs.push_back(r);
        if (auto r = idler.next()) rs.push_back(*r);
        rs.push_back(idler.done());
    }
    rs.push_back(M.logout());
#endif
    std::size_t n = line.size() + M.capabilities().size() + M.tagnum() + M.port() + M.state().size();
    for (const imaplib::response& r : rs) n += read_views(r) + r.data.size();
    M.shutdown();
    return n;
}

inline std::size_t use_sasl() {
    std::error_code ec;
    std::size_t n = 0;
    auto run = [&](auto&& m) {
        IMAPLIB_CHECK_SASL_MECHANISM(std::decay_t<decltype(m)>);
        n += m.name().size();
        if (auto first = m.initial_response(ec)) n += first->size();
        n += m.step("challenge", ec).size() + m.reason().size();
        n += (m.complete() ? 1U : 0U) + (imaplib::sasl_response_is_secret(m) ? 1U : 0U);
    };
    run(imaplib::sasl::plain("user", "password"));
    run(imaplib::sasl::login("user", "password"));
    run(imaplib::sasl::external());
    run(imaplib::sasl::cram_md5("user", "password"));
    run(imaplib::sasl::basic_cram_md5<imaplib::builtin_crypto>("user", "password"));
    run(imaplib::sasl::oauthbearer("user", "token", "imap.example.org", 143));
    run(imaplib::sasl::xoauth2("user", "token"));
    run(imaplib::sasl::scram_sha_1("user", "password"));
    run(imaplib::sasl::scram_sha_256("user", "password"));
    run(imaplib::sasl::basic_scram<imaplib::sha256_hash, false, imaplib::builtin_crypto>("user", "password"));
    n += imaplib::saslprep("I\xC2\xADX", ec).size();
    return n;
}

inline std::size_t use_util() {
    std::error_code ec;
    std::size_t n = 0;
    n += imaplib::base64_decode(imaplib::base64_encode("bytes"), ec).size();
    n += imaplib::mutf7_to_utf8(imaplib::utf8_to_mutf7("caf\xC3\xA9", ec), ec).size();
    n += imaplib::decode_rfc2047("=?utf-8?q?caf=C3=A9?=").size();
    n += imaplib::parse_flags("FLAGS (\\Seen)").size();
    n += imaplib::int_to_ap(42).size() + imaplib::int_to_ap(std::uint64_t{42}).size();
    n += imaplib::time_to_internaldate(0, ec).size() + imaplib::time_to_internaldate(1.5, ec).size();
    n += imaplib::time_to_internaldate(std::chrono::system_clock::now(), ec).size();
    std::tm t{};
    n += imaplib::time_to_internaldate(t, std::chrono::seconds(3600), ec).size();
    if (auto when = imaplib::internaldate_to_tuple("INTERNALDATE \"01-Jan-2000 00:00:00 +0000\"", ec))
        n += static_cast<std::size_t>(when->tm_year);
    if (auto when = imaplib::internaldate_to_time_point("INTERNALDATE \"01-Jan-2000 00:00:00 +0000\"", ec))
        n += static_cast<std::size_t>(when->time_since_epoch().count());
    n += imaplib::md5("x").size() + imaplib::hmac_md5("k", "m").size();
    n += imaplib::cram_md5_response("user", "password", "challenge").size();
    n += imaplib::escape_control("\x01").size();
    return n;
}

#ifdef IMAPLIB_USE_ASIO
// The async client: every operation family, with a callback.
inline std::size_t use_async_client() {
    asio::io_context io;
    imaplib::async_imap4 a(io.get_executor());
    std::size_t n = 0;
    const auto h = [&n](std::error_code, imaplib::response r) { n += r.data.size(); };
    a.async_connect("localhost", 143, [&n](std::error_code ec) { n += ec ? 1U : 0U; });
    a.async_login("u", "p", h);
    a.async_select("INBOX", true, h);
    a.async_fetch("1", "(FLAGS)", h);
    a.async_uid("FETCH", {"1:3", "(FLAGS)"}, h);
    a.async_search(imaplib::None, {"ALL"}, h);
    a.async_store("1", "+FLAGS", "(\\Seen)", h);
    a.async_append("INBOX", {}, {}, "Subject: x\r\n\r\n", h);
    a.async_getquotaroot("INBOX", h);
    a.async_enable("UTF8=ACCEPT", h);
    a.async_xatom("ID", {"NIL"}, h);
    a.async_idle([&n](std::error_code, std::vector<imaplib::response> b) { n += b.size(); });
    a.async_idle_done(h);
    a.async_authenticate(imaplib::sasl::scram_sha_256("u", "p"), h);
    a.async_authenticate("PLAIN", [](std::string_view) -> std::optional<std::string> { return "x"; }, h);
    a.async_login_cram_md5("u", "p", h);
    a.async_login_best("u", "p", [&n](std::error_code, imaplib::login_result r) { n += r.mechanism.size(); });
    a.async_send("x NOOP\r\n", [&n](std::error_code ec) { n += ec ? 1U : 0U; });
    a.async_readline([&n](std::error_code, std::string line) { n += line.size(); });
    a.async_read(4, [&n](std::error_code, std::string bytes) { n += bytes.size(); });
    std::error_code binding_ec;
    n += a.channel_binding(binding_ec).data.size();
    a.async_logout(h);
    a.set_timeout(10s);
#ifdef IMAPLIB_USE_ZLIB
    a.async_compress(h);  // not_supported: the plain transport has no compression layer
    imaplib::async_imap4_compressed z(io.get_executor());
    z.async_connect("localhost", 143, [&n](std::error_code ec) { n += ec ? 1U : 0U; });
    z.async_compress(h);
    z.async_compress("DEFLATE", h);
    z.async_noop(h);
    n += z.transport().compressing() ? 1U : 0U;
#endif
    io.run_for(1ms);
    return n + a.pending_operations();
}
#endif

std::size_t use_all() {
    std::size_t n = use_sasl() + use_util();

    auto script = std::make_shared<imaplib::memory_script>();
    script->push("* OK ready\r\n");
    imaplib::basic_imap4<imaplib::memory_transport> memory{imaplib::memory_transport(script)};
    n += use_client(memory);

    std::error_code ec;
    auto recorder = imaplib::transcript_recorder::to_file("session.transcript", ec);
    recorder->redact("password");
    using recording = imaplib::basic_recording_transport<imaplib::memory_transport>;
    imaplib::basic_imap4<recording> recorded{recording(imaplib::memory_transport(script), recorder)};
    n += use_client(recorded);
    imaplib::basic_imap4<imaplib::replay_transport> replayed(
        imaplib::replay_transport("session.transcript", imaplib::replay_mode::strict));
    n += use_client(replayed);

#ifdef IMAPLIB_HAS_PIPE
    imaplib::imap4_stream stream{imaplib::pipe_transport("/usr/sbin/dovecot --exec-mail imap")};
    n += use_client(stream);
#endif
#ifdef IMAPLIB_USE_ASIO
    imaplib::imap4 tcp;
    tcp.open("localhost", 143, 10s, ec);
    n += use_client(tcp);
    using recording_tcp = imaplib::basic_recording_transport<imaplib::tcp_transport>;
    imaplib::basic_imap4<recording_tcp> recorded_tcp{recording_tcp(imaplib::tcp_transport(), recorder)};
    n += use_client(recorded_tcp);
#ifdef IMAPLIB_USE_ZLIB
    imaplib::imap4_compressed compressed;
    compressed.open("localhost", 143, 10s, ec);
    n += compressed.compress("DEFLATE", ec).data.size();
    n += use_client(compressed);
#endif
    n += use_async_client();
#ifdef IMAPLIB_USE_WOLFSSL
    auto context = std::make_shared<imaplib::tls_context>();
    context->load_verify_file("ca.pem", ec);
    context->load_default_verify_paths(ec);
    n += tcp.starttls(*context, ec).data.size();
    imaplib::imap4_ssl tls("localhost", 993, std::shared_ptr<const imaplib::tls_context>(context));
    n += use_client(tls);
    n += imaplib::sasl::channel_binding_for(nullptr, ec).data.size();
#endif
#endif
    return n;
}

}  // namespace strict_warnings

int main() { return strict_warnings::use_all() == 0 ? 1 : 0; }
