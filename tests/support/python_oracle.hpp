// Test support: Python's imaplib as the oracle for the C++ client.
//
// run_imaplib_oracle(json) runs tests/oracle/imaplib_oracle.py on a JSON script (a
// connection and a list of calls) and returns its output lines: the repr() of the
// connection's welcome, then one line per call (the repr() of imaplib's result, or
// "EXC <error|abort|readonly|OSError...>: <message>"). A test formats the C++ client's
// results the same way and compares line by line. The script format is described at
// the top of imaplib_oracle.py and in docs/testing.md.
//
// Python is `python3` (or the environment variable IMAPLIB_TEST_PYTHON); the script is
// found through IMAPLIB_TEST_SOURCE_DIR (compile definition, else environment).
#ifndef IMAPLIB_TESTS_SUPPORT_PYTHON_ORACLE_HPP
#define IMAPLIB_TESTS_SUPPORT_PYTHON_ORACLE_HPP

#include "dovecot.hpp"

#include <imaplib/config.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

IMAPLIB_BEGIN_NAMESPACE
namespace test {

// A JSON string literal for `s` (bytes >= 0x80 pass through: the script reads UTF-8).
inline std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

// The "connect" object for a server: kind is "imap4" (plain, STARTTLS possible with
// ["starttls"]), "imap4_ssl" or "imap4_stream" (user's PREAUTH stream command).
inline std::string oracle_connect(const dovecot_server& s, std::string_view kind) {
    std::string out = "{\"kind\": " + json_string(kind) + ", \"host\": " + json_string(s.host) +
                      ", \"cafile\": " + json_string(s.ca_file) + ", \"timeout\": 30";
    if (kind == "imap4_ssl") out += ", \"port\": " + std::to_string(s.ssl_port);
    else out += ", \"port\": " + std::to_string(s.port);
    if (kind == "imap4_stream") out += ", \"command\": " + json_string(s.stream_command);
    return out + "}";
}

// Runs the oracle on `json`; throws std::runtime_error (with Python's stderr) when the
// interpreter or the script fails, so a broken oracle fails the test loudly.
inline std::vector<std::string> run_imaplib_oracle(const std::string& json) {
    namespace fs = std::filesystem;
    const fs::path dir = detail::make_temp_dir("imaplib-oracle-");
    const fs::path script_file = dir / "script.json";
    const fs::path out_file = dir / "stdout";
    const fs::path err_file = dir / "stderr";
    {
        std::ofstream out(script_file, std::ios::binary);
        out << json;
        if (!out) throw std::runtime_error("cannot write " + script_file.string());
    }
    const std::string oracle = detail::source_dir() + "/tests/oracle/imaplib_oracle.py";
    const std::string command = detail::python() + ' ' + detail::shell_quote(oracle) + ' ' +
                                detail::shell_quote(script_file.string()) + " </dev/null >" +
                                detail::shell_quote(out_file.string()) + " 2>" +
                                detail::shell_quote(err_file.string());
    const int status = std::system(command.c_str());
    const std::string output = detail::read_file(out_file);
    const std::string errors = detail::read_file(err_file);
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (status != 0)
        throw std::runtime_error("imaplib oracle failed (status " + std::to_string(status) + "): " + command +
                                 "\n" + errors + "script:\n" + json);
    std::vector<std::string> lines;
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

}  // namespace test
IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_TESTS_SUPPORT_PYTHON_ORACLE_HPP
