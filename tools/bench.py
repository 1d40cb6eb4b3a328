#!/usr/bin/env python3
"""Benchmarks imaplib-cpp beside Python's imaplib on one Dovecot.

    tools/bench.py --bench BUILD/bench/imaplib_bench [--messages 20000] [--large 100]
                   [--compare OTHER/imaplib_bench]

Starts a throwaway Dovecot (tools/dovecot-server.py), writes two corpora into alice's
Maildir directly (fast): "Bench", N varied messages (plain, alternative, mixed with
attachments, nested message/rfc822, encoded headers, several recipients), and
"BenchLarge", M messages of about 1 MB. Then it runs each workload of imaplib_bench
and, in the same run on the same server, Python's imaplib doing the same work, and
prints a table with the ratios. Every figure is the client's own CPU time and peak RSS.
--compare runs W1, W2 and W3 with a second build too (another commit, other flags), on
the same server in the same run, the two builds alternating, so that a change is measured
against what it changes. --callgrind adds each C++ workload's instruction count (one run
under valgrind's callgrind), which a busy machine does not blur. --no-python skips the
Python side. --async adds the async client's W4 (N single-message fetches, one after
another and pipelined, direct and through tools/latency-relay.py at --rtt-ms) and W5
(--connections idle connections on one thread) on the same server, with Python's imaplib
doing W4's fetches one after another (it cannot pipeline, and one thread cannot hold
idle connections).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
W1_ITEMS = "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)"

NAMES = ["Alice Example", "Bob Builder", "Carol Danvers", "Dan Brown", "Eve Online",
         "Frank Ocean", "Grace Hopper", "Heidi Klum", "Ivan Drago", "Judy Hopps"]
SUBJECTS = ["Quarterly report", "Re: lunch?", "Fwd: the plan", "Invoice 2024-%d",
            "=?UTF-8?B?w4RyZ2VyIG1pdCBkZXIgQmFobg==?=", "=?ISO-8859-1?Q?Caf=E9_au_lait?=",
            "Meeting notes %d", "[list] digest, vol %d"]


def address(rnd):
    name = rnd.choice(NAMES)
    user = name.split()[0].lower()
    return '"%s" <%s@example.org>' % (name, user)


def body_text(rnd, lines):
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod".split()
    return "\r\n".join(" ".join(rnd.choice(words) for _ in range(12)) for _ in range(lines))


def message(i, rnd):
    """One varied RFC 5322 message (bytes, CRLF line ends)."""
    to = ", ".join(address(rnd) for _ in range(rnd.randint(1, 4)))
    cc = ", ".join(address(rnd) for _ in range(rnd.randint(0, 3)))
    subject = rnd.choice(SUBJECTS)
    if "%d" in subject:
        subject = subject % i
    head = ["Message-ID: <bench-%d@example.org>" % i,
            "Date: Mon, %02d Jan 2024 %02d:%02d:00 +0000" % (1 + i % 28, i % 24, i % 60),
            "From: " + address(rnd), "To: " + to, "Subject: " + subject, "MIME-Version: 1.0"]
    if cc:
        head.insert(4, "Cc: " + cc)
    kind = i % 4
    text = body_text(rnd, rnd.randint(3, 30))
    if kind == 0:
        head.append("Content-Type: text/plain; charset=utf-8")
        body = text
    elif kind == 1:
        head.append('Content-Type: multipart/alternative; boundary="alt"')
        body = ("--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
                "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>%s</p>\r\n--alt--" % (text, text))
    elif kind == 2:
        head.append('Content-Type: multipart/mixed; boundary="mix"')
        attachment = "QUJD" * rnd.randint(20, 200)
        body = ("--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
                "--mix\r\nContent-Type: application/pdf; name=\"r%d.pdf\"\r\n"
                "Content-Disposition: attachment; filename=\"r%d.pdf\"\r\n"
                "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--mix--" % (text, i, i, attachment))
    else:
        head.append('Content-Type: multipart/mixed; boundary="outer"')
        inner = ("From: %s\r\nTo: %s\r\nSubject: inner %d\r\nMessage-ID: <inner-%d@example.org>\r\n"
                 "Content-Type: text/plain\r\n\r\n%s" % (address(rnd), address(rnd), i, i, text))
        body = ("--outer\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                "--outer\r\nContent-Type: message/rfc822\r\n\r\n%s\r\n--outer--" % inner)
    return ("\r\n".join(head) + "\r\n\r\n" + body + "\r\n").encode()


def large_message(i, size):
    line = ("%06d " % i) + "x" * 70 + "\r\n"
    head = ("Message-ID: <large-%d@example.org>\r\nFrom: bob@example.org\r\nTo: alice@example.org\r\n"
            "Subject: large %d\r\nContent-Type: text/plain\r\n\r\n" % (i, i))
    return (head + line * (size // len(line))).encode()


def write_maildir(user_dir, name, messages):
    """Maildir++ folder ".name" under user_dir, owned like the user's INBOX."""
    folder = os.path.join(user_dir, "." + name)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    open(os.path.join(folder, "maildirfolder"), "w").close()
    st = os.stat(os.path.join(user_dir, "cur"))
    base = 1700000000
    for i, data in enumerate(messages):
        path = os.path.join(folder, "cur", "%d.M%dP1.bench,S=%d:2,S" % (base + i, i, len(data)))
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (base + i, base + i))
    for root, dirs, files in os.walk(folder):
        for entry in [root] + [os.path.join(root, f) for f in files]:
            os.chown(entry, st.st_uid, st.st_gid)


def python_workload(server, mailbox, workload, parse, count=0):
    """Runs a workload with Python's imaplib in a fresh process; returns its figures."""
    code = r'''
import imaplib, json, resource, sys, time
host, port, user, password, mailbox, workload, parse, count = sys.argv[1:9]
parse = parse == "1"
count = int(count)

def tokens(data, i=0):
    """A minimal IMAP list parser: nested lists of bytes (quoted, atoms, NIL)."""
    out = []
    n = len(data)
    while i < n:
        c = data[i:i+1]
        if c == b"(":
            sub, i = tokens(data, i + 1)
            out.append(sub)
        elif c == b")":
            return out, i + 1
        elif c == b" ":
            i += 1
        elif c == b'"':
            j = i + 1
            buf = bytearray()
            while data[j:j+1] != b'"':
                if data[j:j+1] == b"\\":
                    j += 1
                buf += data[j:j+1]
                j += 1
            out.append(bytes(buf))
            i = j + 1
        else:
            j = i
            while j < n and data[j:j+1] not in b" ()":
                j += 1
            out.append(data[i:j])
            i = j
    return out, i

def status_kb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1

c0 = time.process_time(); w0 = time.monotonic()
M = imaplib.IMAP4(host, int(port)); M.login(user, password); M.select(mailbox, readonly=True)
rss_before = status_kb("VmRSS")
messages = nbytes = addresses = 0
if workload == "W1":
    typ, data = M.uid("FETCH", "1:*", "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)")
    line = b""
    for item in data:
        if isinstance(item, tuple):  # (b'... {N}', literal): splice the literal in, quoted
            header = item[0][: item[0].rindex(b"{")]
            line += header + b'"' + item[1].replace(b"\\", b"").replace(b'"', b"") + b'"'
            continue
        line += item
        if not line.endswith(b")"):
            continue
        messages += 1
        if parse:
            body = line[line.index(b"(") :]
            atts = tokens(body)[0][0]
            pairs = dict(zip(atts[0::2], atts[1::2]))
            nbytes += int(pairs[b"RFC822.SIZE"])
            env = pairs[b"ENVELOPE"]
            for field in env[2:8]:
                if isinstance(field, list):
                    addresses += len(field)
        line = b""
elif workload == "W2":
    typ, data = M.uid("FETCH", "1:*", "BODY.PEEK[]")
    for item in data:
        if isinstance(item, tuple):
            messages += 1
            nbytes += len(item[1])
elif workload == "W3":
    typ, data = M.uid("SEARCH", "ALL")
    uids = data[0].split()
    for i in range(2000):
        M.noop()
    for i in range(2000):
        M.uid("FETCH", uids[i % len(uids)], "(FLAGS)")
        messages += 1
elif workload == "W4":  # the async client's W4, one fetch after another
    typ, data = M.uid("SEARCH", "ALL")
    uids = data[0].split()
    c0 = time.process_time(); w0 = time.monotonic()
    for i in range(count):
        typ, data = M.uid("FETCH", uids[i % len(uids)], "(FLAGS ENVELOPE)")
        assert typ == "OK" and data[0], (typ, data)
        messages += 1
cpu = time.process_time() - c0; wall = time.monotonic() - w0
M.logout()
peak = status_kb("VmHWM")
print(json.dumps(dict(messages=messages, bytes=nbytes, addresses=addresses, cpu_s=cpu, wall_s=wall,
                      peak_rss_kb=peak, growth_kb=peak - rss_before)))
'''
    out = subprocess.run([sys.executable, "-c", code, server["HOST"], str(server["PORT"]), server["USER"],
                          server["PASSWORD"], mailbox, workload, "1" if parse else "0", str(count)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def cpp_workload(bench, server, mailbox, workload, *extra):
    env = dict(os.environ, IMAP_PASSWORD=server["PASSWORD"])
    run = subprocess.run([bench, "--host", server["HOST"], "--port", str(server["PORT"]), "--user",
                          server["USER"], "--mailbox", mailbox, workload, *extra],
                         capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise RuntimeError("%s %s failed:\n%s%s" % (bench, workload, run.stdout, run.stderr))
    if workload == "W5":  # how many were idling, and when they were notified
        sys.stdout.write(run.stderr)
    out = run.stdout
    fields = dict(kv.split("=", 1) for kv in out.split())
    return {k: (float(v) if k.endswith("_s") else (int(v) if v.isdigit() else v)) for k, v in fields.items()}


def instructions(bench, server, mailbox, workload):
    """Instructions the client executed for one workload (callgrind's "Collected")."""
    env = dict(os.environ, IMAP_PASSWORD=server["PASSWORD"])
    err = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", bench,
                          "--host", server["HOST"], "--port", str(server["PORT"]), "--user", server["USER"],
                          "--mailbox", mailbox, workload],
                         check=True, capture_output=True, text=True, env=env).stderr
    for line in err.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1])
    raise RuntimeError("no instruction count from callgrind:\n" + err)


class latency_relay:
    """tools/latency-relay.py in front of the server, delay_ms each way, for a `with`."""

    def __init__(self, server, delay_ms):
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "latency-relay.py"), "--listen", "0",
                                      "--to", "%s:%d" % (server["HOST"], server["PORT"]),
                                      "--delay-ms", str(delay_ms)], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()  # "latency-relay: 127.0.0.1:PORT -> ..."
        self.server = dict(server, PORT=int(line.split()[1].rsplit(":", 1)[1]))

    def __enter__(self):
        return self.server

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()


def async_workloads(args, server):
    """W4 and W5 (the async client) beside Python's W4, on the server of this run."""
    n = str(args.w4_count)
    print("\nasync client, W4 with %s fetches, W5 with %d connections:" % (n, args.connections), flush=True)
    print("W4 direct:              " + fmt(cpp_workload(args.bench, server, "Bench", "W4", "--count", n)), flush=True)
    if not args.no_python:
        r = python_workload(server, "Bench", "W4", False, args.w4_count)
        print("W4 direct, python:      sequential_s=%.3f cpu_s=%.3f" % (r["wall_s"], r["cpu_s"]), flush=True)
    with latency_relay(server, args.rtt_ms / 2) as relayed:
        print("W4 at %g ms RTT:        " % args.rtt_ms
              + fmt(cpp_workload(args.bench, relayed, "Bench", "W4", "--count", n)), flush=True)
        if not args.no_python:
            r = python_workload(relayed, "Bench", "W4", False, args.w4_count)
            print("W4 at %g ms RTT, python: sequential_s=%.3f cpu_s=%.3f" % (args.rtt_ms, r["wall_s"], r["cpu_s"]),
                  flush=True)
    print("W5:                     "
          + fmt(cpp_workload(args.bench, server, "INBOX", "W5", "--connections", str(args.connections))), flush=True)


def fmt(result):
    return " ".join("%s=%s" % (k, v) for k, v in result.items() if k != "workload")


def best(runs, fn):
    """The run with the least CPU of `runs` (the machine may be busy)."""
    results = [fn() for _ in range(runs)]
    return min(results, key=lambda r: r["cpu_s"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", required=True, help="the imaplib_bench program")
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--large", type=int, default=100)
    ap.add_argument("--large-size", type=int, default=1 << 20)
    ap.add_argument("--runs", type=int, default=3, help="runs per figure; the best is shown")
    ap.add_argument("--compare", help="a second imaplib_bench whose W1, W2 and W3 are shown beside this one's")
    ap.add_argument("--callgrind", action="store_true", help="also count instructions (valgrind's callgrind)")
    ap.add_argument("--no-python", action="store_true", help="skip Python's imaplib")
    ap.add_argument("--async", dest="run_async", action="store_true", help="also W4 and W5 (the async client)")
    ap.add_argument("--w4-count", type=int, default=1000, help="W4's fetches (default 1000)")
    ap.add_argument("--rtt-ms", type=float, default=20, help="W4's round trip through the relay (default 20)")
    ap.add_argument("--connections", type=int, default=1000, help="W5's idle connections (default 1000)")
    args = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="imaplib-bench-")
    script = os.path.join(HERE, "dovecot-server.py")
    # The corpora are larger than the test user's quota, which would refuse W5's APPEND.
    start = [sys.executable, script, "start", "--dir", workdir, "--no-quota"]
    if args.run_async:
        start += ["--max-connections", str(args.connections + 100)]
    subprocess.run(start, check=True, stdout=subprocess.DEVNULL)
    try:
        server = json.load(open(os.path.join(workdir, "server.json")))
        user_dir = os.path.join(server["MAIL_DIR"], server["USER"])
        rnd = random.Random(1)
        t0 = time.monotonic()
        write_maildir(user_dir, "Bench", (message(i, rnd) for i in range(args.messages)))
        write_maildir(user_dir, "BenchLarge", (large_message(i, args.large_size) for i in range(args.large)))
        print("corpus: %d messages in Bench, %d of %d bytes in BenchLarge (%.1f s)"
              % (args.messages, args.large, args.large_size, time.monotonic() - t0))
        # Let Dovecot index both mailboxes before anything is measured.
        for mailbox in ("Bench", "BenchLarge"):
            cpp_workload(args.bench, server, mailbox, "raw")

        rows = []
        compared = []
        for name, mailbox, workload in (("W1", "Bench", "W1"), ("raw", "Bench", "raw"),
                                        ("W2", "BenchLarge", "W2"), ("raw-W2", "BenchLarge", "raw-W2"),
                                        ("W3", "Bench", "W3")):
            if args.compare and name in ("W1", "W2", "W3"):
                # Alternate the two builds so that a busy spell hits both alike.
                mine, theirs = [], []
                for _ in range(args.runs):
                    mine.append(cpp_workload(args.bench, server, mailbox, workload))
                    theirs.append(cpp_workload(args.compare, server, mailbox, workload))
                rows.append((name, min(mine, key=lambda r: r["cpu_s"])))
                compared.append((name + " (--compare)", min(theirs, key=lambda r: r["cpu_s"])))
                if args.callgrind:
                    print("%s instructions: this build %d, --compare build %d"
                          % (name, instructions(args.bench, server, mailbox, workload),
                             instructions(args.compare, server, mailbox, workload)), flush=True)
            else:
                rows.append((name, best(args.runs, lambda: cpp_workload(args.bench, server, mailbox, workload))))
                if args.callgrind and name in ("W1", "W2", "W3"):
                    print("%s instructions: %d" % (name, instructions(args.bench, server, mailbox, workload)),
                          flush=True)
        rows += compared
        py = {} if args.no_python else {
            "W1": best(args.runs, lambda: python_workload(server, "Bench", "W1", False)),
            "W1+parse": best(args.runs, lambda: python_workload(server, "Bench", "W1", True)),
            "W2": best(args.runs, lambda: python_workload(server, "BenchLarge", "W2", False)),
            "W3": best(1, lambda: python_workload(server, "Bench", "W3", False)),
        }
        cpp = dict(rows)

        print()
        print("%-24s %9s %9s %9s %9s %12s %10s" % ("", "messages", "MB", "cpu_s", "wall_s", "peak_rss_MB",
                                                     "growth_MB"))
        for label, r in [("imaplib-cpp " + k, v) for k, v in rows] + [("python imaplib " + k, v) for k, v in py.items()]:
            print("%-24s %9d %9.1f %9.3f %9.3f %12.1f %10.1f" % (label, r["messages"], r["bytes"] / 1e6, r["cpu_s"],
                                                                r["wall_s"], r["peak_rss_kb"] / 1024,
                                                                r["growth_kb"] / 1024))
        print()
        ratio = lambda a, b: a / b if b > 0 else float("inf")
        print("W1 cpu / raw cpu                 %.2f   (target <= 2)" % ratio(cpp["W1"]["cpu_s"], cpp["raw"]["cpu_s"]))
        print("W2 cpu / raw-W2 cpu              %.2f   (target <= 1.2)" % ratio(cpp["W2"]["cpu_s"], cpp["raw-W2"]["cpu_s"]))
        print("W2 memory growth / largest msg   %.2f   (target < 2)"
              % ratio(cpp["W2"]["growth_kb"] * 1024, args.large_size))
        for name, _ in compared:
            w = name.split()[0]
            print("%s cpu, this build / --compare     %.3f" % (w, ratio(cpp[w]["cpu_s"], cpp[name]["cpu_s"])))
        if py:
            print("python W1 / imaplib-cpp W1 cpu   %.1f" % ratio(py["W1"]["cpu_s"], cpp["W1"]["cpu_s"]))
            print("python W1+parse / cpp W1 cpu     %.1f" % ratio(py["W1+parse"]["cpu_s"], cpp["W1"]["cpu_s"]))
            print("python W2 / imaplib-cpp W2 cpu   %.1f" % ratio(py["W2"]["cpu_s"], cpp["W2"]["cpu_s"]))
            print("W3 per command, cpp / python     %.1f / %.1f us cpu"
                  % (cpp["W3"]["cpu_s"] / 4000 * 1e6, py["W3"]["cpu_s"] / 4000 * 1e6))
        if args.run_async:
            async_workloads(args, server)
    finally:
        subprocess.run([sys.executable, script, "stop", "--dir", workdir], stdout=subprocess.DEVNULL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
