#!/usr/bin/env python3
"""A lightweight IMAP server for the IDLE benchmark (W5) with thousands of connections.

    tools/idle-responder.py --port 10143
    imaplib_bench W5 --connections 10000 --host 127.0.0.1 --port 10143

Speaks just enough IMAP4rev1 (RFC 3501) for W5: the greeting, CAPABILITY, LOGIN,
SELECT / EXAMINE, IDLE (RFC 2177) and DONE, NOOP, APPEND, LOGOUT. When a message is
APPENDed (by any connection), every connection in IDLE at once gets `* N EXISTS`, and
every other connection with the mailbox selected gets it before its next tagged answer.
One thread (asyncio protocols, no stream objects: a few KB per connection); the open-file
limit is raised to its hard limit at start.

Limits: one mailbox, INBOX, shared by every connection and user; LOGIN accepts anyone
(or, with --user/--password, only that pair); messages are counted, not stored (no
FETCH, SEARCH, STORE or EXPUNGE: those answer BAD); no TLS, no AUTHENTICATE; literals up
to --max-literal bytes, synchronizing or LITERAL+; a client that sends a line longer
than 64 KiB is disconnected. Not a test of anything but a client's scaling.
"""

import argparse
import asyncio
import re
import resource
import sys

CAPABILITIES = "IMAP4rev1 IDLE LITERAL+ AUTH=PLAIN"
LITERAL = re.compile(rb"\{(\d+)(\+?)\}\r\n$")
MAX_LINE = 65536


class Mailbox:
    def __init__(self, messages):
        self.exists = messages
        self.uidnext = messages + 1
        self.selected = set()  # connections with INBOX selected
        self.idling = set()    # those of them in IDLE

    def append(self):
        self.exists += 1
        self.uidnext += 1
        line = b"* %d EXISTS\r\n" % self.exists
        for c in self.idling:
            c.known = self.exists
            c.send(line)


class Connection(asyncio.Protocol):
    def __init__(self, server):
        self.server = server
        self.transport = None
        self.buffer = bytearray()
        self.literal_left = 0      # bytes of a literal still to come
        self.pending = None        # (tag, words) of a command waiting for its literal
        self.authenticated = False
        self.idle_tag = None
        self.known = 0             # EXISTS this client was told

    # --- asyncio.Protocol ---
    def connection_made(self, transport):
        self.transport = transport
        self.server.connections += 1
        self.send(b"* OK [CAPABILITY %s] idle-responder ready\r\n" % CAPABILITIES.encode())

    def connection_lost(self, exc):
        self.server.connections -= 1
        self.server.mailbox.selected.discard(self)
        self.server.mailbox.idling.discard(self)

    def data_received(self, data):
        self.buffer += data
        while self.transport is not None and not self.transport.is_closing():
            if self.literal_left:
                take = min(self.literal_left, len(self.buffer))
                del self.buffer[:take]
                self.literal_left -= take
                if self.literal_left:
                    return
                continue
            end = self.buffer.find(b"\n")
            if end < 0:
                if len(self.buffer) > MAX_LINE:
                    self.transport.close()
                return
            line = bytes(self.buffer[:end + 1])
            del self.buffer[:end + 1]
            self.line(line)

    def send(self, data):
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)

    # --- IMAP ---
    def line(self, line):
        if self.idle_tag is not None:
            if line.strip().upper() == b"DONE":
                self.server.mailbox.idling.discard(self)
                self.tagged(self.idle_tag, b"OK IDLE terminated")
                self.idle_tag = None
            else:
                self.send(b"* BAD expected DONE\r\n")
            return
        if self.pending is not None:  # the rest of a command after its literal
            tag, words = self.pending
            self.pending = None
            return self.append_done(tag, words, line)
        m = LITERAL.search(line)
        parts = line.rstrip(b"\r\n").split(b" ")
        tag = parts[0] if parts and parts[0] else b"*"
        command = parts[1].upper() if len(parts) > 1 else b""
        if len(parts) > 2 and command == b"UID":
            command = b"UID " + parts[2].upper()
        if m:
            size = int(m.group(1))
            if command != b"APPEND" or size > self.server.max_literal:
                return self.tagged(tag, b"BAD literal not accepted here")
            if not m.group(2):
                self.send(b"+ go ahead\r\n")
            self.literal_left = size
            self.pending = (tag, parts)
            return
        handler = getattr(self, "do_" + command.decode("ascii", "replace").replace(" ", "_").lower(), None)
        if handler is None:
            return self.tagged(tag, b"BAD command not supported by idle-responder")
        handler(tag, parts[2:])

    def tagged(self, tag, text):
        mailbox = self.server.mailbox
        if self in mailbox.selected and self.known != mailbox.exists:
            self.known = mailbox.exists
            self.send(b"* %d EXISTS\r\n" % mailbox.exists)
        self.send(tag + b" " + text + b"\r\n")

    def do_capability(self, tag, args):
        self.send(b"* CAPABILITY %s\r\n" % CAPABILITIES.encode())
        self.tagged(tag, b"OK CAPABILITY completed")

    def do_noop(self, tag, args):
        self.tagged(tag, b"OK NOOP completed")

    def do_logout(self, tag, args):
        self.send(b"* BYE logging out\r\n")
        self.tagged(tag, b"OK LOGOUT completed")
        self.transport.close()

    def do_login(self, tag, args):
        words = [a.strip(b'"') for a in args]
        want = self.server.credentials
        if len(words) != 2 or (want and tuple(words) != want):
            return self.tagged(tag, b"NO [AUTHENTICATIONFAILED] invalid credentials")
        self.authenticated = True
        self.tagged(tag, b"OK [CAPABILITY %s] logged in" % CAPABILITIES.encode())

    def do_select(self, tag, args, verb=b"SELECT", access=b"READ-WRITE"):
        if not self.authenticated:
            return self.tagged(tag, b"BAD log in first")
        if not args or args[0].strip(b'"').upper() != b"INBOX":
            return self.tagged(tag, b"NO [NONEXISTENT] only INBOX exists here")
        mailbox = self.server.mailbox
        mailbox.selected.add(self)
        self.known = mailbox.exists
        self.send(b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                  b"* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] flags\r\n"
                  b"* %d EXISTS\r\n* 0 RECENT\r\n"
                  b"* OK [UIDVALIDITY 1] UIDs valid\r\n* OK [UIDNEXT %d] next UID\r\n"
                  % (mailbox.exists, mailbox.uidnext))
        self.tagged(tag, b"OK [%s] %s completed" % (access, verb))

    def do_examine(self, tag, args):
        self.do_select(tag, args, b"EXAMINE", b"READ-ONLY")

    def do_idle(self, tag, args):
        if self not in self.server.mailbox.selected:
            return self.tagged(tag, b"BAD select a mailbox first")
        mailbox = self.server.mailbox
        self.idle_tag = tag
        mailbox.idling.add(self)
        self.send(b"+ idling\r\n")
        if self.known != mailbox.exists:  # an APPEND came since SELECT: tell it now (RFC 2177)
            self.known = mailbox.exists
            self.send(b"* %d EXISTS\r\n" % mailbox.exists)

    def append_done(self, tag, words, rest):
        if not self.authenticated:
            return self.tagged(tag, b"BAD log in first")
        if len(words) < 3 or words[2].strip(b'"').upper() != b"INBOX":
            return self.tagged(tag, b"NO [TRYCREATE] only INBOX exists here")
        mailbox = self.server.mailbox
        mailbox.append()
        self.tagged(tag, b"OK [APPENDUID 1 %d] APPEND completed" % (mailbox.uidnext - 1))


class Server:
    def __init__(self, args):
        self.mailbox = Mailbox(args.messages)
        self.max_literal = args.max_literal
        self.credentials = (args.user.encode(), args.password.encode()) if args.user else None
        self.connections = 0


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


async def serve(args):
    server = Server(args)
    loop = asyncio.get_running_loop()
    listener = await loop.create_server(lambda: Connection(server), args.bind, args.port, backlog=args.backlog)
    host, port = listener.sockets[0].getsockname()[:2]
    print("idle-responder: listening on %s:%d (open-file limit %d)" % (host, port, args.fd_limit), flush=True)
    async with listener:
        await listener.serve_forever()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, default=10143, help="port to listen on (0: any free port)")
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--messages", type=int, default=1, help="messages in INBOX at start (default 1)")
    p.add_argument("--user", default=None, help="the only user LOGIN accepts (default: anyone)")
    p.add_argument("--password", default="", help="that user's password")
    p.add_argument("--backlog", type=int, default=4096,
                   help="listen backlog (default 4096; the kernel caps it at net.core.somaxconn)")
    p.add_argument("--max-literal", type=int, default=1 << 20, help="largest APPEND literal (default 1 MiB)")
    args = p.parse_args(argv)
    args.fd_limit = raise_fd_limit()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
