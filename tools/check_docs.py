#!/usr/bin/env python3
"""Compiles every C++ block of README.md and docs/*.md, so a doc example cannot rot.

A block's info string says how it is compiled:

  ```cpp               with `int main`: a program, compiled and linked (its main renamed);
                       without: statements, compiled as the body of a function in which
                       `M` is an `imaplib::imap4&`, `ec` a `std::error_code&` (unless the
                       block declares its own), `user`, `password` and `access_token`
                       `const std::string&`, and in TLS builds `ctx` a
                       `std::shared_ptr<imaplib::tls_context>`.
  ```cpp namespace     declarations (types, functions) at namespace scope.
  ```cpp no-exceptions a program for a build without exceptions and RTTI, compiled apart
                       with -fno-exceptions -fno-rtti -DASIO_NO_EXCEPTIONS -DASIO_NO_TYPEID.
  ```cpp coroutine     a program using C++20 coroutines (the async client with
                       asio::use_awaitable), compiled apart with -std=c++20; where the
                       compiler or Asio has no co_await it compiles to an empty main.
  ```cpp nocompile     not compiled; the line above must be <!-- not compiled: reason -->.

The #include lines of every block go to the top of the file; each block lives in a
namespace of its own. All ordinary blocks form one translation unit, the no-exceptions
blocks a second. Blocks that use TLS, Asio, the pipe transport or COMPRESS are compiled only where
the build has them (#if IMAPLIB_USE_WOLFSSL ...).

  check_docs.py --source-dir DIR --work-dir DIR --cxx COMPILER [--tls] [-- FLAGS...]

FLAGS go to every compile and link (warnings, include paths, wolfSSL's cflags and libs).
--list prints the blocks and how each is compiled, and compiles nothing.
"""
import argparse
import pathlib
import re
import subprocess
import sys

FENCE = re.compile(r"^```(cpp[^\n]*)\n(.*?)^```[ \t]*$", re.S | re.M)
REASON = re.compile(r"<!--\s*not compiled:\s*\S.*-->\s*$")
MAIN = re.compile(r"\bint\s+main\s*\(")
NEEDS = [
    ("IMAPLIB_USE_WOLFSSL", re.compile(r"tls_context|imap4_ssl|starttls|tls_transport|\.ssl\(\)|channel_binding|\bctx->")),
    ("IMAPLIB_USE_ASIO", re.compile(r"\bimap4\b|tcp_transport|async_imap4|async_tcp_transport")),
    ("IMAPLIB_HAS_PIPE", re.compile(r"imap4_stream|pipe_transport")),
    ("IMAPLIB_USE_ZLIB", re.compile(r"_compressed\b|compress_transport|\.compress\(")),
]


def declares(code, name):
    """Whether `code` declares `name` as a variable: a type (or auto) right before it."""
    return re.search(r"[\w>&*]\s+" + re.escape(name) + r"\s*[=({;\[]", code) is not None


class Block:
    def __init__(self, path, line, kind, code):
        self.path, self.line, self.kind, self.code = path, line, kind, code

    def where(self):
        return f"{self.path}:{self.line}"


def blocks(source_dir):
    files = [source_dir / "README.md"] + sorted((source_dir / "docs").glob("*.md"))
    errors = []
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(source_dir)
        for m in FENCE.finditer(text):
            words = m.group(1).split()
            line = text.count("\n", 0, m.start()) + 1
            if words[0] != "cpp":
                continue  # cpp-like names (cppm ...) are not ours
            kind = words[1] if len(words) > 1 else "code"
            if kind not in ("code", "namespace", "no-exceptions", "coroutine", "nocompile"):
                errors.append(f"{rel}:{line}: unknown block kind '{kind}'")
                continue
            if kind == "nocompile":
                before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
                if not REASON.search(before):
                    errors.append(f"{rel}:{line}: a nocompile block needs <!-- not compiled: reason --> on the line above")
            found.append(Block(rel, line, kind, m.group(2)))
    return found, errors


def guards(code):
    return [macro for macro, pattern in NEEDS if pattern.search(code)]


def translation_unit(selected):
    includes = ["#include <imaplib/imaplib.hpp>", "#include <memory>", "#include <string>",
                "#include <system_error>"]
    body = []
    for n, b in enumerate(selected):
        lines = b.code.splitlines()
        own = [l for l in lines if l.lstrip().startswith("#include")]
        for l in own:
            if l.strip() not in includes:
                includes.append(l.strip())
        code = "\n".join("" if l.lstrip().startswith("#include") else l for l in lines)
        statements = b.kind == "code" and not MAIN.search(code)
        conditions = guards(b.code)
        if statements and "IMAPLIB_USE_ASIO" not in conditions:
            conditions.append("IMAPLIB_USE_ASIO")
        body.append(f"// ---- {b.where()}")
        if conditions:
            body.append("#if " + " && ".join(f"defined({c})" for c in conditions))
        body.append(f"namespace doc_block_{n} {{")
        if statements:
            # A name the block declares itself (`imaplib::imap4_ssl M(...)`) is not a parameter.
            params = [p for p in ("imaplib::imap4& M", "const std::string& user",
                                  "const std::string& password", "const std::string& access_token",
                                  "std::error_code& ec")
                      if not declares(code, p.split()[-1])]
            if "IMAPLIB_USE_WOLFSSL" in conditions and not re.search(r"\bctx\s*[=(;{]", code):
                params.append("const std::shared_ptr<imaplib::tls_context>& ctx")
            body.append("[[maybe_unused]] void fragment(" +
                        ", ".join("[[maybe_unused]] " + p for p in params) + ") {")
        body.append(f'#line {b.line + 1} "{b.path}"')
        if not statements and MAIN.search(code):
            # main's implicit return 0 is main's alone: give the renamed one its own.
            end = code.rstrip().rfind("}")
            body.append(MAIN.sub("int doc_main(", code[:end]) + "return 0;\n" + code[end:])
        elif not statements:
            body.append(code)
        else:
            body.append(code)
            body.append("}")
        body.append("}  // namespace")
        if conditions:
            body.append("#endif")
    # Unguarded includes would fail where the build lacks what they need.
    top = []
    for inc in includes:
        need = guards(inc)
        if need:
            top.append("#if " + " && ".join(f"defined({c})" for c in need) + "\n" + inc + "\n#endif")
        else:
            top.append(inc)
    return "// Generated by tools/check_docs.py from the docs' C++ blocks.\n" + "\n".join(top) + \
        "\n\n" + "\n".join(body) + "\n\nint main() { return 0; }\n"


def translation_unit_apart(selected, coroutine=False):
    # Own programs, each with its own main: one TU per block, main kept.
    out = []
    for b in selected:
        conditions = guards(b.code)
        text = "// Generated by tools/check_docs.py.\n#include <imaplib/config.hpp>\n"
        if coroutine:
            conditions = [c for c in conditions if c != "IMAPLIB_USE_ASIO"] + ["IMAPLIB_USE_ASIO", "ASIO_HAS_CO_AWAIT"]
            text += "#if defined(IMAPLIB_USE_ASIO)\n#include <asio/awaitable.hpp>\n#endif\n"
        if conditions:
            text += "#if " + " && ".join(f"defined({c})" for c in conditions) + "\n"
        text += f'#line {b.line + 1} "{b.path}"\n' + b.code
        if conditions:
            text += "#else\nint main() { return 0; }\n#endif\n"
        out.append((text, b))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", default=str(pathlib.Path(__file__).resolve().parent.parent))
    ap.add_argument("--work-dir", default=".")
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("flags", nargs="*")
    args = ap.parse_args()
    source_dir = pathlib.Path(args.source_dir)
    work = pathlib.Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)

    found, errors = blocks(source_dir)
    for e in errors:
        print(e, file=sys.stderr)
    if args.list:
        for b in found:
            kind = b.kind if b.kind != "code" else ("program" if MAIN.search(b.code) else "statements")
            print(f"{b.where()}: {kind} {' '.join(guards(b.code))}")
        return 1 if errors else 0
    if errors:
        return 1

    flags = ["-std=c++17", "-I", str(source_dir / "include")] + args.flags
    jobs = [(translation_unit([b for b in found if b.kind in ("code", "namespace")]), "docs_blocks", [])]
    for n, (text, b) in enumerate(translation_unit_apart([b for b in found if b.kind == "no-exceptions"])):
        jobs.append((text, f"docs_blocks_no_exceptions_{n}",
                     ["-fno-exceptions", "-fno-rtti", "-DASIO_NO_EXCEPTIONS", "-DASIO_NO_TYPEID"]))
    for n, (text, b) in enumerate(translation_unit_apart([b for b in found if b.kind == "coroutine"], True)):
        jobs.append((text, f"docs_blocks_coroutine_{n}", []))
    failed = False
    for text, name, extra in jobs:
        src = work / (name + ".cpp")
        src.write_text(text, encoding="utf-8")
        cmd = [args.cxx] + extra + [str(src), "-o", str(work / name)] + flags
        if "coroutine" in name:
            cmd.append("-std=c++20")  # after the flags: the last -std wins
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            failed = True
            print(f"FAILED: {' '.join(cmd)}\n{result.stdout}{result.stderr}", file=sys.stderr)
        else:
            print(f"ok: {name} ({text.count('namespace doc_block_') or 1} blocks)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
