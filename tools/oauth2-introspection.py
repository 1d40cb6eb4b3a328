#!/usr/bin/env python3
"""A token-introspection endpoint (RFC 7662) for the test Dovecot's oauth2 passdb.

    oauth2-introspection.py --tokens FILE --port-file FILE

Listens on 127.0.0.1 on a free port, writes the port to --port-file once it
accepts connections, and answers POST /introspect (the form field `token`)
from --tokens, a JSON object token -> reply, read again on every request.
A token not in the file is unknown: {"active": false}, as RFC 7662 section
2.2 says. tools/dovecot-server.py starts and stops it with Dovecot.

Python 3 standard library only.
"""

import argparse
import http.server
import json
import os
import sys
import urllib.parse


def make_handler(tokens_file):
    class Handler(http.server.BaseHTTPRequestHandler):
        # Dovecot's HTTP client keeps connections open.
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            if urllib.parse.urlsplit(self.path).path != "/introspect":
                return self.reply(404, {"error": "not_found"})
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
            token = (form.get("token") or [""])[0]
            with open(tokens_file, encoding="utf-8") as f:
                tokens = json.load(f)
            self.reply(200, tokens.get(token, {"active": False}))

        def reply(self, status, body):
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt, *args):
            pass  # the tests read Dovecot's log, not this one
    return Handler


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tokens", required=True)
    p.add_argument("--port-file", required=True)
    a = p.parse_args(argv)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             make_handler(a.tokens))
    server.daemon_threads = True
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, a.port_file)  # never half a number for the reader
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
