#!/usr/bin/env python3
"""Run a scripted session with Python's imaplib and print each result.

    imaplib_oracle.py [SCRIPT.json]      (reads standard input without it)

The script is a JSON object:

    {"connect": {"kind": "imap4" | "imap4_ssl" | "imap4_stream",
                 "host": "127.0.0.1", "port": 143, "timeout": 10,
                 "cafile": "ca.pem", "verify": true, "command": "..."},
     "calls": [["login", "alice", "alicepw"],
               ["select", "INBOX"],
               ["fetch", "1:3", "(FLAGS ENVELOPE)"],
               ["response", "EXISTS"],
               ["capabilities"], ...]}

Output: one line for the connection (the repr of `welcome`), then one line per
call. A call names an IMAP4 method (called with the arguments) or an
attribute (`capabilities`, `state`, `welcome`, `untagged_responses`, ...;
its value is printed). Each line is the Python repr() of the result, or
`EXC <ClassName>: <message>` when it raises; imaplib's exceptions are named
error, abort and readonly. A failed connection ends the output.

Arguments: JSON strings, numbers and null (None) pass through; {"bytes": s}
is s encoded as UTF-8 (append's message must be bytes); {"b64": s} is
decoded base64; a list is a tuple. Special cases:
  ["starttls"]                       uses the connection's CA file
  ["authenticate", MECH, RESPONSE]   RESPONSE (string) answers every
                                     challenge; a list answers them in order
  ["set", NAME, VALUE]               sets an attribute (e.g. debug); prints None
"""

import base64
import imaplib
import json
import ssl
import sys

NAMES = {imaplib.IMAP4.readonly: "readonly", imaplib.IMAP4.abort: "abort",
         imaplib.IMAP4.error: "error"}


def exception_line(e):
    name = type(e).__name__
    for cls, short in NAMES.items():  # most derived first
        if isinstance(e, cls):
            name = short
            break
    message = str(e).replace("\\", "\\\\").replace("\n", "\\n") \
        .replace("\r", "\\r")
    return "EXC %s: %s" % (name, message)


def convert(arg):
    if isinstance(arg, dict):
        if "bytes" in arg:
            return arg["bytes"].encode("utf-8")
        if "b64" in arg:
            return base64.b64decode(arg["b64"])
        raise ValueError("unknown argument object %r" % (arg,))
    if isinstance(arg, list):
        return tuple(convert(a) for a in arg)
    return arg


def ssl_context(conn):
    if conn.get("verify", True):
        return ssl.create_default_context(cafile=conn.get("cafile"))
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def connect(conn):
    kind = conn.get("kind", "imap4")
    timeout = conn.get("timeout")
    if kind == "imap4":
        return imaplib.IMAP4(conn.get("host", ""), conn.get("port", 143),
                             timeout=timeout)
    if kind == "imap4_ssl":
        return imaplib.IMAP4_SSL(conn.get("host", ""), conn.get("port", 993),
                                 ssl_context=ssl_context(conn),
                                 timeout=timeout)
    if kind == "imap4_stream":
        return imaplib.IMAP4_stream(conn["command"])
    raise ValueError("unknown connection kind %r" % kind)


def authenticator(response):
    if isinstance(response, list):
        answers = [convert(r) for r in response]

        def next_answer(_challenge):
            return answers.pop(0) if answers else None
        return next_answer
    answer = convert(response)
    return lambda _challenge: answer


def call(M, conn, item):
    name, args = item[0], [convert(a) for a in item[1:]]
    if name == "set":
        setattr(M, item[1], convert(item[2]))
        return None
    if name == "starttls" and not args:
        return M.starttls(ssl_context=ssl_context(conn))
    if name == "authenticate":
        return M.authenticate(args[0], authenticator(item[2]))
    attr = getattr(M, name)
    return attr(*args) if callable(attr) else attr


def check_script(M, calls):
    """A misspelt call is a broken test, not a result: refuse it up front."""
    for item in calls:
        if not isinstance(item, list) or not item or \
                not isinstance(item[0], str):
            raise SystemExit("imaplib_oracle.py: bad call %r" % (item,))
        if item[0] not in ("set",) and not hasattr(M, item[0]):
            raise SystemExit("imaplib_oracle.py: imaplib.IMAP4 has no %r"
                             % item[0])


def main(argv):
    try:
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    except AttributeError:
        pass
    if len(argv) > 1:
        with open(argv[1], encoding="utf-8") as f:
            script = json.load(f)
    else:
        script = json.load(sys.stdin)
    conn = script.get("connect", {})
    try:
        M = connect(conn)
    except Exception as e:  # the connection's outcome is a result too
        print(exception_line(e), flush=True)
        return 0
    print(repr(M.welcome), flush=True)
    try:
        check_script(M, script.get("calls", []))
        for item in script.get("calls", []):
            try:
                line = repr(call(M, conn, item))
            except Exception as e:
                line = exception_line(e)
            print(line, flush=True)
    finally:
        if M.state != "LOGOUT":
            try:
                M.shutdown()
            except Exception:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
