#!/usr/bin/env python3
"""Run a throwaway Dovecot IMAP server on loopback for tests and demos.

    dovecot-server.py start --dir DIR [--timeout SECONDS] [--certs-script FILE]
                            [--max-connections N] [--no-quota]
    dovecot-server.py stop  --dir DIR [--timeout SECONDS]
    dovecot-server.py reset --dir DIR
    dovecot-server.py status --dir DIR

Everything lives in DIR: the configuration, the runtime directory, the log,
the certificates and the mail. The system's Dovecot configuration and service
are never touched. Ports are picked at start, so several servers (one per DIR)
run side by side. After `start`, DIR/server.env (KEY=VALUE lines) and
DIR/server.json describe how to reach the server; see docs/testing.md.

Python 3 standard library only. Works as root (Dovecot's login and mail
processes then run as unprivileged system users) and as an ordinary user.
"""

import argparse
import base64
import grp
import hashlib
import json
import os
import pwd
import resource
import shlex
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(HERE)
MAKE_CERTS = os.path.join(SOURCE_DIR, "tests", "support", "make-certs.sh")

USERS = [("alice", "alicepw"), ("bob", "bobpw")]
# For SASL with non-ASCII credentials (docs/authentication.md): a non-ASCII
# password (NFKC-stable, so SASLprep leaves it as stored), and a UTF-8 name.
SASL_USERS = [("carol", "p\u00e4ssw\u00f6rd\u20ac"),
              ("j\u00fcrgen", "j\u00fcrgenpw")]
# OAuth2 bearer tokens the introspection server knows (RFC 7662): valid for
# alice, no longer active, and one longer than 4,096 characters. A token not
# listed is unknown.
OAUTH_TOKEN = "imaplib-test-alice-token"
OAUTH_EXPIRED_TOKEN = "imaplib-test-expired-token"
OAUTH_UNKNOWN_TOKEN = "imaplib-test-unknown-token"
OAUTH_LONG_TOKEN = "imaplib-test-long-" + "".join(
    hashlib.sha256(b"%d" % i).hexdigest() for i in range(80))  # 5,138
INTROSPECTION = os.path.join(HERE, "oauth2-introspection.py")
UIDVALIDITY = 1700000000
SEPARATOR = "/"
# A Unix socket path must fit in sun_path (108 bytes on Linux); Dovecot's
# longest socket name below base_dir is about 30 bytes.
MAX_BASE_DIR = 70


class ServerError(Exception):
    pass


# ---------------------------------------------------------------------------
# Locating Dovecot

def find_program(name, extra_dirs):
    found = shutil.which(name)
    if found:
        return found
    for d in extra_dirs:
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return None


def find_dovecot():
    sbin = ["/usr/sbin", "/usr/local/sbin", "/sbin", "/opt/homebrew/sbin"]
    dovecot = find_program("dovecot", sbin)
    if dovecot is None:
        raise ServerError("dovecot not found in PATH or sbin directories "
                          "(Debian/Ubuntu: apt-get install dovecot-imapd)")
    doveconf = find_program("doveconf", [os.path.dirname(dovecot)] + sbin +
                            ["/usr/bin", "/usr/local/bin"])
    # The imap binary lives in Dovecot's libexec directory.
    libexec = None
    if doveconf:
        try:
            out = subprocess.run([doveconf, "-c", "/dev/null", "-h",
                                  "libexec_dir"], capture_output=True,
                                 text=True, timeout=10)
            if out.returncode == 0 and out.stdout.strip():
                libexec = out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    candidates = ([libexec] if libexec else []) + [
        "/usr/lib/dovecot", "/usr/libexec/dovecot", "/usr/local/libexec/dovecot",
        "/usr/lib64/dovecot"]
    imap = None
    for d in candidates:
        p = os.path.join(d, "imap")
        if os.access(p, os.X_OK):
            imap = p
            break
    if imap is None:
        raise ServerError("Dovecot's imap binary not found in %s" % candidates)
    return dovecot, imap


# ---------------------------------------------------------------------------
# Users and permissions

def accounts():
    """Who runs Dovecot's processes and owns the mail.

    Dovecot refuses to run login processes or mail access as root, so as
    root the unprivileged system users are used (Debian's package creates
    dovecot and dovenull; nobody is the fallback). As an ordinary user every
    process runs as that user.
    """
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(os.getegid()).gr_name
        return {"root": False, "internal": me.pw_name, "internal_group": group,
                "login": me.pw_name, "mail_uid": os.geteuid(),
                "mail_gid": os.getegid()}

    def user_or(name, fallback):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            return pwd.getpwnam(fallback)
    nobody = pwd.getpwnam("nobody")
    internal = user_or("dovecot", "nobody")
    login = user_or("dovenull", "nobody")
    return {"root": True, "internal": internal.pw_name,
            "internal_group": grp.getgrgid(internal.pw_gid).gr_name,
            "login": login.pw_name, "mail_uid": nobody.pw_uid,
            "mail_gid": nobody.pw_gid}


def traversable(path):
    """Whether every ancestor of path is searchable by other users: as root,
    Dovecot's unprivileged processes must reach the mail and the sockets."""
    p = os.path.abspath(path)
    while True:
        if not os.stat(p).st_mode & stat.S_IXOTH:
            return False
        parent = os.path.dirname(p)
        if parent == p:
            return True
        p = parent


def chown_tree(path, uid, gid):
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for n in dirs + files:
            os.lchown(os.path.join(root, n), uid, gid)


# ---------------------------------------------------------------------------
# Certificates

def make_certs(certs_dir, script=None):
    os.makedirs(certs_dir, exist_ok=True)
    if all(os.path.exists(os.path.join(certs_dir, n))
           for n in ("server.pem", "client.pem")):
        return
    script = script or MAKE_CERTS
    if os.path.exists(script):
        run = subprocess.run(["sh", script, certs_dir], capture_output=True,
                             text=True)
        if run.returncode != 0:
            raise ServerError("%s failed:\n%s%s" % (script, run.stdout,
                                                    run.stderr))
        return
    # Fallback: a CA and a localhost server certificate with the openssl CLI.
    openssl = shutil.which("openssl")
    if openssl is None:
        raise ServerError("openssl not found and %s missing" % script)

    def ossl(*args):
        r = subprocess.run([openssl] + list(args), cwd=certs_dir,
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise ServerError("openssl %s failed: %s" % (args[0], r.stderr))
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
         "ca.key", "-out", "ca.pem", "-days", "3650", "-subj",
         "/CN=imaplib-cpp test CA", "-addext",
         "basicConstraints=critical,CA:TRUE", "-addext",
         "keyUsage=critical,keyCertSign,cRLSign")
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
         "-out", "server.csr", "-subj", "/CN=localhost")
    with open(os.path.join(certs_dir, "server.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                "extendedKeyUsage=serverAuth\n")
    ossl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey",
         "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "3650",
         "-extfile", "server.ext")
    # The client certificate EXTERNAL logs in with (CN = the user name).
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key",
         "-out", "client.csr", "-subj", "/CN=alice")
    with open(os.path.join(certs_dir, "client.ext"), "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    ossl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey",
         "ca.key", "-CAcreateserial", "-out", "client.pem", "-days", "3650",
         "-extfile", "client.ext")


# ---------------------------------------------------------------------------
# Seed mail (deterministic: fixed names, dates, UIDs and UIDVALIDITY)

BASE_TIME = 1704067200  # 2024-01-01 00:00:00 UTC


def rfc2822_date(t):
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(t))


def attachment_bytes():
    return bytes((i * 7 + 3) % 256 for i in range(600))


def b64_lines(data):
    enc = base64.b64encode(data).decode("ascii")
    return "\n".join(enc[i:i + 76] for i in range(0, len(enc), 76))


def inbox_messages():
    """(flags, keywords, text) for INBOX, in UID order."""
    msgs = []

    def add(flags, text, keywords=()):
        msgs.append((flags, list(keywords), text))

    def date(i):
        return rfc2822_date(BASE_TIME + i * 3600)

    add("S", """\
Return-Path: <bob@example.org>
Message-ID: <1@example.org>
Date: %s
From: Bob Example <bob@example.org>
To: Alice Example <alice@example.org>
Subject: Plain text message
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Hello Alice,

this is a plain text message.
It has three lines of body.
""" % date(0))

    add("FS", """\
Message-ID: <2@example.org>
Date: %s
From: Bob Example <bob@example.org>
To: alice@example.org
Subject: Alternative parts
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt-boundary-2"

This is a multi-part message in MIME format.

--alt-boundary-2
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

Plain version of the message.

--alt-boundary-2
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 7bit

<html><body><p>HTML version of the message.</p></body></html>

--alt-boundary-2--
""" % date(1))

    add("RS", """\
Message-ID: <3@example.org>
Date: %s
From: Carol <carol@example.net>
To: Alice Example <alice@example.org>
Cc: Bob Example <bob@example.org>
Subject: Report with attachment
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mixed-boundary-3"

--mixed-boundary-3
Content-Type: text/plain; charset=us-ascii

The report is attached.

--mixed-boundary-3
Content-Type: application/octet-stream; name="report.bin"
Content-Disposition: attachment; filename="report.bin"
Content-Transfer-Encoding: base64

%s
--mixed-boundary-3--
""" % (date(2), b64_lines(attachment_bytes())))

    add("S", """\
Message-ID: <4@example.org>
Date: %s
From: Bob Example <bob@example.org>
To: Alice Example <alice@example.org>
Subject: Fwd: Original message
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="fwd-boundary-4"

--fwd-boundary-4
Content-Type: text/plain; charset=us-ascii

See the forwarded message below.

--fwd-boundary-4
Content-Type: message/rfc822
Content-Disposition: inline

Message-ID: <orig-4@example.com>
Date: Sun, 31 Dec 2023 12:00:00 +0100
From: Dave <dave@example.com>
To: Bob Example <bob@example.org>
Subject: Original message
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="inner-boundary-4"

--inner-boundary-4
Content-Type: text/plain; charset=us-ascii

Inner plain text.

--inner-boundary-4
Content-Type: text/html; charset=us-ascii

<p>Inner HTML.</p>

--inner-boundary-4--

--fwd-boundary-4--
""" % date(3))

    # RFC 2047: UTF-8, B encoding in From, Q encoding in Subject.
    add("S", """\
Message-ID: <5@example.org>
Date: %s
From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.de>
To: Alice Example <alice@example.org>
Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln_=E2=82=AC?=
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Viele Gr=C3=BC=C3=9Fe!
""" % date(4))

    # RFC 2047: ISO-8859-1, Q in From, B in Subject.
    add("", """\
Message-ID: <6@example.org>
Date: %s
From: =?ISO-8859-1?Q?Fran=E7ois_L=E9ger?= <francois@example.fr>
To: alice@example.org
Subject: =?ISO-8859-1?B?Q2Fm6SBjcuhtZQ==?=
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Caf=E9 cr=E8me, s'il vous pla=EEt.
""" % date(5))

    # RFC 5322 section 3.4: group syntax, including an empty group.
    add("S", """\
Message-ID: <7@example.org>
Date: %s
From: Bob Example <bob@example.org>
To: Team: alice@example.org, Carol <carol@example.net>;
Cc: undisclosed-recipients:;
Subject: Group addresses
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Addressed to a group.
""" % date(6))

    add("FS", """\
Message-ID: <8@example.org>
Date: %s
From: Carol <carol@example.net>
To: Alice Example <alice@example.org>
Subject: Flagged with keywords
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

This message carries keywords.
""" % date(7), keywords=["$Important", "Project"])

    add("S", """\
Message-ID: <9@example.org>
In-Reply-To: <1@example.org>
References: <1@example.org>
Date: %s
From: Alice Example <alice@example.org>
Reply-To: Alice Replies <replies@example.org>
To: Bob Example <bob@example.org>, Carol <carol@example.net>
Cc: "Dave, the \\"Tester\\"" <dave@example.com>
Bcc: hidden@example.org
Sender: Secretary <secretary@example.org>
Subject: Re: Plain text message
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii; format=flowed

Thanks Bob, noted.
""" % date(8))

    add("S", """\
Message-ID: <10@example.org>
Date: %s
From: Bob Example <bob@example.org>
To: Alice Example <alice@example.org>
Subject: A rather long subject line that is folded over two header lines
 to exercise unfolding
X-Custom-Header: custom value
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

%s""" % (date(9), "".join("Line %02d of a longer body.\n" % i
                             for i in range(1, 41))))

    add("", """\
Message-ID: <11@example.org>
Date: %s
From: Eve <eve@example.com>
To: Alice Example <alice@example.org>
Subject: Unread message
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Unread, with an 8-bit UTF-8 body: na\u00efve caf\u00e9 \u65e5\u672c.
""" % date(10), keywords=["Project"])

    add("ST", """\
Message-ID: <12@example.org>
Date: %s
From: Bob Example <bob@example.org>
To: Alice Example <alice@example.org>
Subject: Deleted but not expunged
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

This one is marked deleted.
""" % date(11))
    return msgs


def simple_message(i, subject, sender="Bob Example <bob@example.org>"):
    return """\
Message-ID: <box-%d@example.org>
Date: %s
From: %s
To: Alice Example <alice@example.org>
Subject: %s
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Body of "%s".
""" % (i, rfc2822_date(BASE_TIME - 86400 * (i + 1)), sender, subject, subject)


def mutf7(name):
    """RFC 3501 section 5.1.3 modified UTF-7, as Dovecot stores Maildir++
    folder names on disk."""
    out, pending = [], ""

    def flush():
        nonlocal pending
        if pending:
            b = base64.b64encode(pending.encode("utf-16-be")).decode("ascii")
            out.append("&" + b.rstrip("=").replace("/", ",") + "-")
            pending = ""
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending += ch
    flush()
    return "".join(out)


# name -> list of (flags, keywords, text); subscribed names
def seed_mailboxes():
    return {
        "INBOX": inbox_messages(),
        "Archive": [("S", [], simple_message(1, "Archived one")),
                    ("S", [], simple_message(2, "Archived two"))],
        "Archive/2024": [("S", [], simple_message(3, "From 2024")),
                         ("FS", [], simple_message(4, "Important 2024")),
                         ("", [], simple_message(5, "Unread 2024"))],
        "Drafts": [("DS", [], simple_message(6, "Draft reply",
                                             "Alice Example <alice@example.org>"))],
        "Trash": [("ST", [], simple_message(7, "Thrown away"))],
        "Caf\u00e9": [("S", [], simple_message(8, "In a non-ASCII mailbox"))],
        "\u65e5\u672c\u8a9e": [],
        "Empty": [],
    }


SUBSCRIBED = ["INBOX", "Archive", "Archive/2024", "Drafts", "Trash",
              "Caf\u00e9"]


def write_maildir(user_dir, mailboxes, owner_uid, owner_gid):
    os.makedirs(user_dir, exist_ok=True)
    for name, msgs in mailboxes.items():
        if name == "INBOX":
            folder = user_dir
        else:
            # Maildir++: ".Name.Sub", hierarchy separator '.' on disk.
            folder = os.path.join(user_dir, "." + ".".join(
                mutf7(part) for part in name.split(SEPARATOR)))
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(folder, sub), exist_ok=True)
        if name != "INBOX":
            open(os.path.join(folder, "maildirfolder"), "w").close()
        keywords = []
        for _, kws, _ in msgs:
            for k in kws:
                if k not in keywords:
                    keywords.append(k)
        if keywords:
            with open(os.path.join(folder, "dovecot-keywords"), "w") as f:
                for i, k in enumerate(keywords):
                    f.write("%d %s\n" % (i, k))
        guid = hashlib.md5(("imaplib-test/" + name).encode()).hexdigest()
        uidlist = ["3 V%d N%d G%s" % (UIDVALIDITY, len(msgs) + 1, guid)]
        for uid, (flags, kws, text) in enumerate(msgs, 1):
            data = text.encode("utf-8")
            # Received a minute after the Date: header says it was sent.
            t = 60 + (BASE_TIME + (uid - 1) * 3600 if name == "INBOX" else
                      BASE_TIME - 86400 * uid)
            base = "%d.M%dP1.imaplib-test" % (t, uid)
            vsize = len(data) + data.count(b"\n")
            letters = "".join(sorted(flags)) + "".join(
                sorted(chr(ord("a") + keywords.index(k)) for k in kws))
            fname = "%s,S=%d,W=%d:2,%s" % (base, len(data), vsize, letters)
            path = os.path.join(folder, "cur", fname)
            with open(path, "wb") as f:
                f.write(data)
            os.utime(path, (t, t))  # maildir INTERNALDATE is the mtime
            uidlist.append("%d :%s,S=%d,W=%d" % (uid, base, len(data), vsize))
        with open(os.path.join(folder, "dovecot-uidlist"), "w") as f:
            f.write("\n".join(uidlist) + "\n")
    # Dovecot 2.3 subscriptions format version 2: UTF-8 names with a tab as
    # the hierarchy separator.
    with open(os.path.join(user_dir, "subscriptions"), "w",
              encoding="utf-8") as f:
        f.write("V\t2\n\n" + "".join(n.replace(SEPARATOR, "\t") + "\n"
                                    for n in SUBSCRIBED if n in mailboxes))
    chown_tree(user_dir, owner_uid, owner_gid)


def seed(data, acct):
    mail = os.path.join(data, "mail")
    if os.path.exists(mail):
        shutil.rmtree(mail)
    os.makedirs(mail)
    write_maildir(os.path.join(mail, "alice"), seed_mailboxes(),
                  acct["mail_uid"], acct["mail_gid"])
    write_maildir(os.path.join(mail, "bob"),
                  {"INBOX": [("S", [], simple_message(9, "Hello Bob"))]},
                  acct["mail_uid"], acct["mail_gid"])
    os.chown(mail, acct["mail_uid"], acct["mail_gid"])


# ---------------------------------------------------------------------------
# Configuration

def free_ports(n):
    socks, ports = [], []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return ports


def write_oauth2(d, introspection_port):
    """The oauth2 passdb's settings and the introspection server's tokens."""
    tokens = {
        OAUTH_TOKEN: {"active": True, "username": USERS[0][0]},
        OAUTH_LONG_TOKEN: {"active": True, "username": USERS[0][0]},
        OAUTH_EXPIRED_TOKEN: {"active": False, "username": USERS[0][0],
                              "exp": BASE_TIME},
    }
    with open(os.path.join(d, "oauth2-tokens.json"), "w") as f:
        json.dump(tokens, f, indent=1)
    path = os.path.join(d, "dovecot-oauth2.conf.ext")
    with open(path, "w") as f:
        f.write("introspection_mode = post\n"
                "introspection_url = http://127.0.0.1:%d/introspect\n"
                "username_attribute = username\n"
                "active_attribute = active\n"
                "active_value = true\n" % introspection_port)
    os.chmod(path, 0o644)
    return path


def connection_limits(n):
    """Configuration for N IMAP connections at once from one user and address (the
    W5 benchmark with 1,000 IDLE connections); appended after the test configuration,
    whose service sections it extends."""
    imap_processes = n // 20 + 10  # each imap process serves up to 20 of the user's connections
    return """
# --max-connections {n}
default_process_limit = {procs}
default_client_limit = {clients}
mail_max_userip_connections = {userip}
# IDLE's fallback poll: of an imap process's connections watching one mailbox, inotify
# wakes only the first (Dovecot 2.3); the other 19 wait for this (default 30 s).
mailbox_idle_check_interval = 1 secs
service imap-login {{
  service_count = 0
  process_min_avail = 2
  client_limit = {clients}
}}
service imap {{
  service_count = 0
  client_limit = 20
  process_limit = {imap_processes}
}}
""".format(n=n, procs=max(100, imap_processes + 10), clients=2 * n + 100,
           userip=n + 10, imap_processes=imap_processes)


NO_QUOTA = """
# --no-quota: tools/bench.py's corpora exceed the test user's quota, which then refuses
# every APPEND (NO [OVERQUOTA]); 0 is no limit.
plugin {
  quota_rule = *:storage=0:messages=0
}
"""


def raise_fd_limit(n):
    """The master and its children inherit the limit; each connection takes a few."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 4 * n + 1024))
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def write_config(d, data, base_dir, port, ssl_port, acct, introspection_port,
                 max_connections=None, no_quota=False):
    users_file = os.path.join(data, "users")
    with open(users_file, "w", encoding="utf-8") as f:
        for user, password in USERS + SASL_USERS:
            # {PLAIN} keeps the password recoverable, which CRAM-MD5 and
            # SCRAM (salted and hashed per login) need.
            f.write("%s:{PLAIN}%s::::::\n" % (user, password))
    os.chmod(users_file, 0o644)
    oauth2 = write_oauth2(d, introspection_port)
    certs = os.path.join(d, "certs")
    mail = os.path.join(data, "mail")
    conf = """\
# Generated by tools/dovecot-server.py; throwaway test server.
protocols = imap
listen = 127.0.0.1
base_dir = {base_dir}
state_dir = {state_dir}
instance_name = {instance}
log_path = {log}
info_log_path = {log}
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = 1
first_valid_gid = 1
shutdown_clients = yes
mail_max_userip_connections = 1000

ssl = yes
ssl_cert = <{certs}/server.pem
ssl_key = <{certs}/server.key
ssl_min_protocol = TLSv1.2
# Client certificates are asked for, never required: EXTERNAL takes the user
# name from the CN of one the test CA signed (no CRL for that CA).
ssl_ca = <{certs}/ca.pem
ssl_verify_client_cert = yes
ssl_require_crl = no
auth_ssl_username_from_cert = yes
ssl_cert_username_field = commonName
# LOGIN over plain TCP is what the tests exercise.
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256 xoauth2 oauthbearer external
# Any UTF-8 user name.
auth_username_chars =
auth_cache_size = 0
# A failed login answers at once (the default waits 2 s): the SASL tests fail many.
# The same for the next login from the address (the penalty, service anvil below).
auth_failure_delay = 0

# Each passdb answers only its mechanisms: a password never reaches the
# token check, a token never the password file, and the static passdb's
# nopassword (EXTERNAL: the certificate is the proof) nothing else. "none"
# is the static userdb's check that a user exists.
passdb {{
  driver = passwd-file
  mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256 none
  args = scheme=PLAIN username_format=%u {users}
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {oauth2}
}}
passdb {{
  driver = static
  mechanisms = external
  args = nopassword=y
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}

mail_location = maildir:~
mail_attribute_dict = file:%h/dovecot-attributes
mail_plugins = $mail_plugins acl quota

namespace inbox {{
  inbox = yes
  separator = {sep}
  prefix =
  mailbox Drafts {{
    special_use = \\Drafts
  }}
  mailbox Trash {{
    special_use = \\Trash
  }}
  mailbox Archive {{
    special_use = \\Archive
  }}
}}
namespace shared {{
  type = shared
  separator = {sep}
  prefix = shared/%%u/
  location = maildir:{mail}/%%u:INDEXPVT=~/shared/%%u
  subscriptions = no
  list = children
}}

protocol imap {{
  mail_plugins = $mail_plugins imap_acl imap_quota
  # COMPRESS=DEFLATE (RFC 4978); imap_zlib needs the zlib plugin loaded as well.
  mail_plugins = $mail_plugins zlib imap_zlib
  imap_metadata = yes
}}

plugin {{
  acl = vfile
  acl_shared_dict = file:{mail}/shared-mailboxes
  quota = count:User quota
  quota_vsizes = yes
  quota_rule = *:storage=100M:messages=10000
}}

service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # No socket, no auth penalty: the tests log in from 127.0.0.1 after failures.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  chroot =
}}
""".format(base_dir=base_dir, state_dir=os.path.join(d, "state"),
           instance="imaplib-test-%d" % port, log=os.path.join(d, "dovecot.log"),
           internal=acct["internal"], internal_group=acct["internal_group"],
           login=acct["login"], certs=certs, users=users_file,
           uid=acct["mail_uid"], gid=acct["mail_gid"], mail=mail, sep=SEPARATOR,
           d=d, port=port, ssl_port=ssl_port, oauth2=oauth2)
    if max_connections:
        conf += connection_limits(max_connections)
    if no_quota:
        conf += NO_QUOTA
    path = os.path.join(d, "dovecot.conf")
    with open(path, "w") as f:
        f.write(conf)
    os.chmod(path, 0o644)
    return path


# ---------------------------------------------------------------------------
# Process control

def read_json(d):
    try:
        with open(os.path.join(d, "server.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is gone for our purposes.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def descendants(pid):
    """All processes below pid (Linux /proc); empty elsewhere."""
    children = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    for n in names:
        if not n.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % n) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(n))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def master_pid(base_dir, conf=None):
    """The master's pid from base_dir/master.pid; with conf, only while that
    pid still runs `dovecot -c conf` (a stale pid file may name a reused
    pid, which must never be signalled)."""
    try:
        with open(os.path.join(base_dir, "master.pid")) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return None
    if conf is not None and os.path.exists("/proc/self/cmdline"):
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            return None
        if os.fsencode(conf) not in args:
            return None
    return pid


def log_tail(d, lines=30):
    try:
        with open(os.path.join(d, "dovecot.log"), errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)\n"


def wait_greeting(port, deadline, ssl_ctx=None):
    """True once the port accepts and sends the '* OK' greeting."""
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                if ssl_ctx is not None:
                    s = ssl_ctx.wrap_socket(s, server_hostname="localhost")
                s.settimeout(max(0.5, deadline - time.monotonic()))
                data = b""
                while b"\n" not in data:
                    chunk = s.recv(512)
                    if not chunk:
                        break
                    data += chunk
                if data.startswith(b"* OK"):
                    return True
        except (OSError, ssl.SSLError):
            pass
        time.sleep(0.05)
    return False


def start_introspection(d, timeout):
    """Starts tools/oauth2-introspection.py; returns (pid, port)."""
    port_file = os.path.join(d, "introspection.port")
    tokens = os.path.join(d, "oauth2-tokens.json")
    if os.path.exists(port_file):
        os.unlink(port_file)
    # Outlives this script like the daemonised master: never a pipe for
    # its output (see start()).
    with open(os.path.join(d, "introspection.out"), "w") as out:
        proc = subprocess.Popen([sys.executable, INTROSPECTION, "--tokens",
                                 tokens, "--port-file", port_file],
                                stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT,
                                start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(port_file):
            with open(port_file) as f:
                return proc.pid, int(f.read())
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
    with open(os.path.join(d, "introspection.out"), errors="replace") as f:
        raise ServerError("the introspection server did not start:\n" + f.read())


def stop_introspection(pid):
    # Only while that pid still runs our script: a stale pid may be reused.
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            if os.fsencode(INTROSPECTION) not in f.read().split(b"\0"):
                return
    except OSError:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.05)


def stop(d, timeout=15.0):
    d = os.path.abspath(d)
    info = read_json(d) or {}
    if info.get("introspection_pid"):
        stop_introspection(info["introspection_pid"])
    base_dir = info.get("base_dir") or os.path.join(d, "run")
    pid = master_pid(base_dir, os.path.join(d, "dovecot.conf"))
    if pid and pid_alive(pid):
        procs = descendants(pid)
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (
                pid_alive(pid) or any(pid_alive(p) for p in procs)):
            time.sleep(0.05)
        for p in [pid] + procs:
            if pid_alive(p):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
        end = time.monotonic() + 5
        while time.monotonic() < end and any(pid_alive(p) for p in [pid] + procs):
            time.sleep(0.05)
    # The side directory outside DIR (see layout()) is ours to remove.
    if info.get("side_dir"):
        shutil.rmtree(info["side_dir"], ignore_errors=True)
    for n in ("server.env", "server.json"):
        try:
            os.unlink(os.path.join(d, n))
        except FileNotFoundError:
            pass


def layout(d, acct):
    """(side_dir, data_dir, base_dir). Everything lives in DIR unless DIR is
    unreachable for Dovecot's unprivileged processes (as root, a parent
    without o+x: then mail, users and sockets go to a side directory in the
    system's temporary directory) or too long a path for Unix sockets (then
    the sockets go there)."""
    unreachable = acct["root"] and not traversable(d)
    too_long = len(os.path.join(d, "run")) > MAX_BASE_DIR
    if not (unreachable or too_long):
        return None, d, os.path.join(d, "run")
    side = tempfile.mkdtemp(prefix="imaplib-dovecot-")
    os.chmod(side, 0o755)
    if acct["root"] and not traversable(side):
        shutil.rmtree(side, ignore_errors=True)
        raise ServerError("neither %s nor %s is reachable by other users"
                          % (d, side))
    return side, side if unreachable else d, os.path.join(side, "run")


def start(d, timeout=15.0, certs_script=None, attempts=5, max_connections=None,
          no_quota=False):
    dovecot, imap = find_dovecot()
    d = os.path.abspath(d)
    os.makedirs(d, exist_ok=True)
    if read_json(d) is not None:
        stop(d)
    acct = accounts()
    if acct["root"]:
        os.chmod(d, 0o755)
    make_certs(os.path.join(d, "certs"), certs_script)
    os.chmod(os.path.join(d, "certs"), 0o755)
    os.makedirs(os.path.join(d, "state"), exist_ok=True)
    side, data, base_dir = layout(d, acct)
    os.makedirs(base_dir, exist_ok=True)
    os.chmod(base_dir, 0o755)
    seed(data, acct)
    introspection = start_introspection(d, timeout)

    last_error = ""
    for _ in range(attempts):
        port, ssl_port = free_ports(2)
        conf = write_config(d, data, base_dir, port, ssl_port, acct,
                            introspection[1], max_connections, no_quota)
        log = os.path.join(d, "dovecot.log")
        open(log, "a").close()
        os.chmod(log, 0o666)
        log_start = os.path.getsize(log)
        # The daemonised master inherits stdout/stderr: never a pipe here,
        # or reading it would wait for the server to exit.
        out_path = os.path.join(d, "dovecot.out")
        with open(out_path, "w") as out:
            rc = subprocess.call([dovecot, "-c", conf],
                                 stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=subprocess.STDOUT)
        if rc != 0:
            with open(out_path, errors="replace") as f:
                last_error = f.read()
            with open(log, errors="replace") as f:
                f.seek(log_start)
                last_error += f.read()
            if "in use" in last_error:
                continue
            stop_introspection(introspection[0])
            raise ServerError("dovecot failed to start:\n%s" % last_error)
        deadline = time.monotonic() + timeout
        ctx = ssl.create_default_context(cafile=os.path.join(d, "certs",
                                                             "ca.pem"))
        ok = wait_greeting(port, deadline) and \
            wait_greeting(ssl_port, deadline, ctx)
        if ok:
            break
        with open(log, errors="replace") as f:
            f.seek(log_start)
            last_error = f.read()
        write_info(d, side, data, base_dir, port, ssl_port, conf, imap,
                   introspection)
        stop(d)
        if "in use" not in last_error:
            raise ServerError("dovecot did not greet on 127.0.0.1:%d/%d "
                              "within %.0f s; log tail:\n%s"
                              % (port, ssl_port, timeout, log_tail(d)))
    else:
        stop_introspection(introspection[0])
        raise ServerError("no free ports after %d attempts:\n%s"
                          % (attempts, last_error))
    info = write_info(d, side, data, base_dir, port, ssl_port, conf, imap,
                   introspection)
    warm_up(info)
    return info


def stream_command(imap, conf, user, log):
    # Run directly (no master) the imap binary logs to stderr: keep that in
    # the log instead of the test's output.
    return "exec %s -c %s -u %s 2>>%s" % (
        shlex.quote(imap), shlex.quote(conf), shlex.quote(user),
        shlex.quote(log))


def write_info(d, side, data, base_dir, port, ssl_port, conf, imap,
               introspection):
    log = os.path.join(d, "dovecot.log")
    certs = os.path.join(d, "certs")
    info = {
        "HOST": "127.0.0.1",
        "PORT": port,
        "SSL_PORT": ssl_port,
        "CA": os.path.join(certs, "ca.pem"),
        "CLIENT_CERT": os.path.join(certs, "client.pem"),
        "CLIENT_KEY": os.path.join(certs, "client.key"),
        "CLIENT_CERT_USER": USERS[0][0],
        "SASL_USER": SASL_USERS[0][0],
        "SASL_PASSWORD": SASL_USERS[0][1],
        "UTF8_USER": SASL_USERS[1][0],
        "UTF8_PASSWORD": SASL_USERS[1][1],
        "OAUTH_TOKEN": OAUTH_TOKEN,
        "OAUTH_EXPIRED_TOKEN": OAUTH_EXPIRED_TOKEN,
        "OAUTH_UNKNOWN_TOKEN": OAUTH_UNKNOWN_TOKEN,
        "OAUTH_LONG_TOKEN": OAUTH_LONG_TOKEN,
        "INTROSPECTION_PORT": introspection[1],
        "USER": USERS[0][0],
        "PASSWORD": USERS[0][1],
        "USER2": USERS[1][0],
        "PASSWORD2": USERS[1][1],
        "STREAM_COMMAND": stream_command(imap, conf, USERS[0][0], log),
        "STREAM_COMMAND2": stream_command(imap, conf, USERS[1][0], log),
        "SEPARATOR": SEPARATOR,
        "UIDVALIDITY": UIDVALIDITY,
        "CONFIG": conf,
        "LOG": log,
        "MAIL_DIR": os.path.join(data, "mail"),
        "DIR": d,
        "SCRIPT": os.path.abspath(__file__),
        "PYTHON": sys.executable,
        "base_dir": base_dir,
        "data_dir": data,
        "side_dir": side,
        "master_pid": master_pid(base_dir),
        "introspection_pid": introspection[0],
    }
    with open(os.path.join(d, "server.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2, sort_keys=True)
        f.write("\n")
    # Shell-quoted where needed, so `. DIR/server.env` works in sh.
    with open(os.path.join(d, "server.env"), "w", encoding="utf-8") as f:
        for k in sorted(info):
            if k.isupper():
                f.write("%s=%s\n" % (k, shlex.quote(str(info[k]))))
    return info


def warm_up(info):
    """Open every seeded mailbox once read-write so Dovecot builds its
    indexes and takes the \\Recent flags: afterwards every session sees the
    same state (RECENT 0) no matter which test selects first."""
    names = list(seed_mailboxes())
    cmds = "".join('w%d SELECT "%s"\r\n' % (i, mutf7(n))
                   for i, n in enumerate(names)) + "wz LOGOUT\r\n"
    for user_cmd in ("STREAM_COMMAND", "STREAM_COMMAND2"):
        run = subprocess.run(info[user_cmd], shell=True, input=cmds.encode(),
                             capture_output=True, timeout=30)
        out = run.stdout.decode("utf-8", "replace")
        if "* BYE" not in out:
            raise ServerError("warm-up session failed (%s):\n%s%s"
                              % (info[user_cmd], out,
                                 run.stderr.decode("utf-8", "replace")))


def reset(d):
    d = os.path.abspath(d)
    info = read_json(d)
    if info is None:
        raise ServerError("no server running in %s" % d)
    seed(info["data_dir"], accounts())
    # Sessions still open keep stale views; the tests reset between runs.
    warm_up(info)


def status(d):
    info = read_json(os.path.abspath(d))
    if info is None:
        return False
    pid = master_pid(info["base_dir"], info["CONFIG"])
    return bool(pid and pid_alive(pid))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("action", choices=["start", "stop", "reset", "status"])
    p.add_argument("--dir", required=True, help="directory for everything")
    p.add_argument("--timeout", type=float, default=15.0,
                   help="seconds to wait for start/stop (default 15)")
    p.add_argument("--certs-script", default=None,
                   help="script creating certificates (default "
                        "tests/support/make-certs.sh)")
    p.add_argument("--max-connections", type=int, default=None, metavar="N",
                   help="start: room for N IMAP connections at once (benchmarks; "
                        "default: the test configuration)")
    p.add_argument("--no-quota", action="store_true",
                   help="start: no quota limit (benchmarks: tools/bench.py's corpora "
                        "exceed the test user's quota)")
    a = p.parse_args(argv)
    try:
        if a.action == "start":
            if a.max_connections:
                raise_fd_limit(a.max_connections)
            info = start(a.dir, a.timeout, a.certs_script,
                         max_connections=a.max_connections,
                         no_quota=a.no_quota)
            print("dovecot running: imap 127.0.0.1:%d, imaps 127.0.0.1:%d, "
                  "env %s" % (info["PORT"], info["SSL_PORT"],
                              os.path.join(info["DIR"], "server.env")))
        elif a.action == "stop":
            stop(a.dir, a.timeout)
        elif a.action == "reset":
            reset(a.dir)
        else:
            running = status(a.dir)
            print("running" if running else "stopped")
            return 0 if running else 3
    except ServerError as e:
        sys.stderr.write("dovecot-server.py %s: %s\n" % (a.action, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
