// Record and replay through the fetch_all example against the suite's Dovecot: a
// recorded session, played back with no server, prints the same bytes; the password
// never reaches the transcript; an edited client line stops the replay with its line.
#include <imaplib/transport/record.hpp>

#include "support/dovecot.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#if defined(IMAPLIB_TEST_FETCH_ALL)

namespace {

struct run_result {
    int status = -1;
    std::string out, err;
};

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs fetch_all with the given arguments (already shell-quoted) and password.
run_result fetch_all(const std::string& arguments, const std::string& password, const std::filesystem::path& dir) {
    using imaplib::test::detail::shell_quote;
    const auto out = dir / "stdout", err = dir / "stderr";
    const std::string command = "IMAP_PASSWORD=" + shell_quote(password) + ' ' + shell_quote(IMAPLIB_TEST_FETCH_ALL) +
                                ' ' + arguments + " >" + shell_quote(out.string()) + " 2>" +
                                shell_quote(err.string());
    run_result r;
    r.status = std::system(command.c_str());
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

struct temporary_dir {
    std::filesystem::path path;
    temporary_dir() {
        path = std::filesystem::temp_directory_path() /
               ("imaplib-record-" + std::to_string(std::rand()) + "-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
    }
    ~temporary_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

void record_then_replay(const std::string& tls_arguments) {
    using imaplib::test::detail::shell_quote;
    const auto& s = imaplib::test::dovecot();
    s.reset();
    temporary_dir dir;
    const std::string transcript = (dir.path / "session.transcript").string();
    const std::string common = "--user " + shell_quote(s.user) + " --timeout 20 " + tls_arguments;

    const run_result recorded =
        fetch_all(common + " --port " + std::to_string(s.port) + " --record " + shell_quote(transcript) + " localhost",
                  s.password, dir.path);
    INFO(recorded.err);
    REQUIRE(recorded.status == 0);
    CHECK(recorded.out.find("Message 1\n") != std::string::npos);
    const std::string text = slurp(transcript);
    CHECK(text.rfind("# imaplib-transcript 1\n", 0) == 0);
    CHECK(text.find(s.password) == std::string::npos);
    CHECK(text.find(" LOGIN " + s.user + " \\{REDACTED}\\r\\n\n") != std::string::npos);

    // No server: port 1 on a host that does not resolve would fail if contacted.
    const run_result replayed =
        fetch_all(common + " --port 1 --replay " + shell_quote(transcript) + " host.invalid", "another", dir.path);
    INFO(replayed.err);
    CHECK(replayed.status == 0);
    CHECK(replayed.out == recorded.out);  // byte for byte

    // The client's SELECT edited in the transcript: the replay stops there, saying where.
    std::string edited = text;
    const std::size_t select = edited.find(" SELECT INBOX\\r\\n\n");
    REQUIRE(select != std::string::npos);
    edited.replace(select, 13, " SELECT Trash");
    std::ofstream(transcript, std::ios::binary | std::ios::trunc) << edited;
    const auto before = edited.begin() + static_cast<std::ptrdiff_t>(select);
    const std::size_t line = static_cast<std::size_t>(std::count(edited.begin(), before, '\n')) + 1;
    const run_result mismatch =
        fetch_all(common + " --port 1 --replay " + shell_quote(transcript) + " host.invalid", "another", dir.path);
    CHECK(mismatch.status != 0);
    CHECK(mismatch.err.find("protocol violation (transcript line " + std::to_string(line) + ": the client sent \"") !=
          std::string::npos);
    CHECK(mismatch.err.find(" SELECT INBOX\\r\\n\" where the recording has C: ") != std::string::npos);
    CHECK(mismatch.err.find(" SELECT Trash\\r\\n)") != std::string::npos);
}

}  // namespace

TEST_CASE("fetch_all --record then --replay prints the same without a server", "[record]") {
    record_then_replay("");
}

TEST_CASE("fetch_all --record then --replay over STARTTLS", "[record]") {
    using imaplib::test::detail::shell_quote;
    record_then_replay("--starttls --cafile " + shell_quote(imaplib::test::dovecot().ca_file));
}

#endif
