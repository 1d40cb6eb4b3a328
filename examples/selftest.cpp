// imaplib_selftest: the self-test at the end of imaplib.py, ported line by line.
//
//   imaplib_selftest [-d LEVEL] [-s COMMAND] [HOST]
//
// -d sets the debug level (imaplib.Debug); -s runs the session over a command's
// stdin/stdout (IMAP4_stream). The password comes from IMAP_PASSWORD, or is read from
// standard input. It creates, fills, lists and deletes mailboxes under "/tmp".
#include <imaplib/imaplib.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::string user_name() {
    for (const char* var : {"LOGNAME", "USER", "LNAME", "USERNAME"})  // getpass.getuser()
        if (const char* v = std::getenv(var)) return v;
    return "nobody";
}

std::string password_for(const std::string& user, const std::string& host) {
    if (const char* p = std::getenv("IMAP_PASSWORD")) return p;
    std::cerr << "IMAP password for " << user << " on " << (host.empty() ? "localhost" : host) << ": ";
    std::string line;
    std::getline(std::cin, line);
    return line;
}


template <class Client>
class selftest {
public:
    selftest(Client& M, std::string user, std::string password)
        : M(M), user_(std::move(user)), password_(std::move(password)) {}

    void run_all() {
        const std::string test_mesg = "From: " + user_ + "@localhost\nSubject: IMAP4 test\n\ndata...\n";
        M.mesg("PROTOCOL_VERSION = " + std::string(M.PROTOCOL_VERSION()));
        M.mesg("CAPABILITIES = " + imaplib::python_repr(M.capabilities()));

        // test_seq1
        if (M.state() != "AUTH") run("login", [&] { return M.login(user_, password_); });  // else: PREAUTH
        run("create", [&] { return M.create("/tmp/xxx 1"); });
        run("rename", [&] { return M.rename("/tmp/xxx 1", "/tmp/yyy"); });
        run("CREATE", [&] { return M.create("/tmp/yyz 2"); });
        run("append", [&] { return M.append("/tmp/yyz 2", imaplib::None, imaplib::None, test_mesg); });
        run("list", [&] { return M.list("/tmp", "yy*"); });
        run("select", [&] { return M.select("/tmp/yyz 2"); });
        run("search", [&] { return M.search(imaplib::None, "SUBJECT", "test"); });
        run("fetch", [&] { return M.fetch("1", "(FLAGS INTERNALDATE RFC822)"); });
        run("store", [&] { return M.store("1", "FLAGS", "(\\Deleted)"); });
        run("namespace", [&] { return M.namespaces(); });
        run("expunge", [&] { return M.expunge(); });
        run("recent", [&] { return M.recent(); });
        run("close", [&] { return M.close(); });

        for (const auto& ml : run("list", [&] { return M.list("/tmp/", "yy%"); })) {
            // re.match(r'.*"([^"]+)"$', ml), else the last word
            const std::string_view line = ml.bytes();
            std::string path;
            const auto last = line.size() >= 2 && line.back() == '"' ? line.rfind('"', line.size() - 2)
                                                                     : std::string_view::npos;
            if (last != std::string_view::npos && last + 1 < line.size() - 1)
                path = std::string(line.substr(last + 1, line.size() - last - 2));
            else if (!imaplib::split(line).empty())
                path = std::string(imaplib::split(line).back());
            run("delete", [&] { return M.delete_mailbox(path); });
        }

        // test_seq2
        run("select", [&] { return M.select(); });
        run("response", [&] { return M.response("UIDVALIDITY"); });
        const auto uids = run("uid", [&] { return M.uid("SEARCH", "ALL"); });
        const auto uid = imaplib::split(uids.back().bytes());
        if (!uid.empty()) {
            run("uid", [&] {
                return M.uid("FETCH", uid.back(), "(FLAGS INTERNALDATE RFC822.SIZE RFC822.HEADER RFC822.TEXT)");
            });
        }
        run("response", [&] { return M.response("EXISTS"); });
        run("append", [&] { return M.append(imaplib::None, imaplib::None, imaplib::None, test_mesg); });
        run("recent", [&] { return M.recent(); });
        run("logout", [&] { return M.logout(); });
    }

private:
    // imaplib's run(cmd, args): log, call, log the result; a NO is a failure.
    template <class Call>
    imaplib::data_list run(std::string_view cmd, Call call) {
        M.mesg(std::string(cmd));
        imaplib::response r = call();
        M.mesg(std::string(cmd) + " => " + r.typ + " " + imaplib::python_repr(r.data));
        if (r.typ == "NO") throw imaplib::error(imaplib::python_repr(r.data.front()));
        return r.data;
    }

    Client& M;
    std::string user_;
    std::string password_;
};

template <class Client>
void run_selftest(Client& M, const std::string& host) {
    const std::string user = user_name();
    const std::string password = M.state() == "AUTH" ? std::string() : password_for(user, host);
    selftest<Client>(M, user, password).run_all();
}

}  // namespace

int main(int argc, char** argv) {
    std::string stream_command;
    std::string host;
    for (int i = 1; i < argc; ++i) {  // getopt 'd:s:'
        const std::string_view a = argv[i];
        if (a == "-d" && i + 1 < argc) {
            imaplib::Debug = std::atoi(argv[++i]);
        } else if (a == "-s" && i + 1 < argc) {
            stream_command = argv[++i];
        } else {
            host = std::string(a);
        }
    }
    try {
        if (!stream_command.empty()) {
#ifdef IMAPLIB_HAS_PIPE
            imaplib::imap4_stream M(stream_command);
            run_selftest(M, host);
#else
            throw std::runtime_error("-s needs a POSIX build");
#endif
        } else {
#ifdef IMAPLIB_USE_ASIO
            imaplib::imap4 M(host);
            run_selftest(M, host);
#else
            throw std::runtime_error("this build has no TCP transport (standalone Asio)");
#endif
        }
        std::cout << "\nAll tests OK.\n";
        return 0;
    } catch (const std::exception& e) {
        std::cout << "\nTests failed.\n";
        if (!imaplib::Debug)
            std::cout << "\nIf you would like to see debugging output,\ntry: " << argv[0] << " -d5\n\n";
        std::cerr << imaplib::escape_control(e.what()) << '\n';  // server text
        return 1;
    }
}
