// A scripted server's side of COMPRESS=DEFLATE (RFC 4978), on zlib: raw deflate (no zlib
// header, window 2^15), one stream per object, so later pieces continue the earlier ones
// as on a real connection. No test framework here: ok() says whether zlib started the
// stream, and each test checks it the way it can (the async scripts run on a thread).
#ifndef IMAPLIB_TESTS_SUPPORT_DEFLATE_HPP
#define IMAPLIB_TESTS_SUPPORT_DEFLATE_HPP

#include <zlib.h>

#include <string>
#include <string_view>

namespace imaplib_test {

// What the server sends: `data` deflated and ended by `flush` (a sync flush, as RFC 4978
// servers send each response).
class deflater {
public:
    deflater() : ok_(deflateInit2(&z_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK) {}
    ~deflater() { deflateEnd(&z_); }
    deflater(const deflater&) = delete;
    deflater& operator=(const deflater&) = delete;

    bool ok() const { return ok_; }
    std::string operator()(std::string_view data, int flush = Z_SYNC_FLUSH) {
        std::string out;
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        z_.avail_in = static_cast<uInt>(data.size());
        char buffer[16384];
        do {
            z_.next_out = reinterpret_cast<Bytef*>(buffer);
            z_.avail_out = sizeof buffer;
            deflate(&z_, flush);
            out.append(buffer, sizeof buffer - z_.avail_out);
        } while (z_.avail_out == 0);
        return out;
    }

private:
    z_stream z_{};
    bool ok_;
};

// What the server reads: the client's deflated bytes, inflated.
class inflater {
public:
    inflater() : ok_(inflateInit2(&z_, -15) == Z_OK) {}
    ~inflater() { inflateEnd(&z_); }
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;

    bool ok() const { return ok_; }
    // Appends what `data` inflates to; false when zlib finds the stream corrupt (what
    // came before the fault is appended).
    bool operator()(std::string_view data, std::string& out) {
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        z_.avail_in = static_cast<uInt>(data.size());
        char buffer[16384];
        do {
            z_.next_out = reinterpret_cast<Bytef*>(buffer);
            z_.avail_out = sizeof buffer;
            const int rc = inflate(&z_, Z_SYNC_FLUSH);
            if (rc != Z_OK && rc != Z_BUF_ERROR) return false;
            out.append(buffer, sizeof buffer - z_.avail_out);
        } while (z_.avail_out == 0);
        return true;
    }

private:
    z_stream z_{};
    bool ok_;
};

}  // namespace imaplib_test

#endif  // IMAPLIB_TESTS_SUPPORT_DEFLATE_HPP
