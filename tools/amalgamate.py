#!/usr/bin/env python3
"""Builds the single header single_include/imaplib/imaplib.hpp.

Starts from include/imaplib/imaplib.hpp and inlines every project header
(`#include <imaplib/...>` or a `#include "..."` that resolves inside include/)
exactly once, recursively, in first-use order. System includes stay as they are.
Feature gates (`#ifdef IMAPLIB_USE_ASIO` around a transport) stay around the text
they gated, so the optional parts need nothing unless their macro is on.

The output is deterministic (no timestamp), so `--check` can regenerate it in memory
and compare it with the committed file.

  python3 tools/amalgamate.py          write single_include/imaplib/imaplib.hpp
  python3 tools/amalgamate.py --check  exit 1 if the committed file is stale, if a
                                       header is not reachable from the umbrella, or
                                       if tests/include_all_*.cpp miss a header
"""

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
INCLUDE_DIR = ROOT / "include"
UMBRELLA = INCLUDE_DIR / "imaplib" / "imaplib.hpp"
OUTPUT = ROOT / "single_include" / "imaplib" / "imaplib.hpp"
# Separate compilation's one source: an entry point of its own, like the umbrella.
SOURCE_ENTRY = (INCLUDE_DIR / "imaplib" / "src.hpp").resolve()
INCLUDE_ALL_TESTS = [ROOT / "tests" / "include_all_1.cpp", ROOT / "tests" / "include_all_2.cpp"]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
DIRECTIVE_RE = re.compile(r"^\s*#\s*(\w+)\s*(.*?)\s*$")
VERSION_RE = re.compile(r"^\s*#\s*define\s+IMAPLIB_VERSION_(MAJOR|MINOR|PATCH)\s+(\d+)", re.M)


class AmalgamateError(Exception):
    pass


def rel(path):
    return path.relative_to(INCLUDE_DIR).as_posix()


def resolve(kind, name, current):
    """Returns the project header an include names, or None for a system header."""
    candidates = []
    if kind == '"':
        candidates.append(current.parent / name)
    candidates.append(INCLUDE_DIR / name)
    for candidate in candidates:
        candidate = candidate.resolve()
        if candidate.is_file() and INCLUDE_DIR.resolve() in candidate.parents:
            return candidate
    if name.startswith("imaplib/"):
        raise AmalgamateError(f"{rel(current)}: #include {kind}{name}: no such header under include/")
    return None


def guard_pairs(lines):
    """Include guards: {index of `#ifndef G`: G} for each `#ifndef G` directly followed
    by `#define G`. Returns (pairs, top) where top says whether the first directive of
    the file opens a guard (then the whole file is inlined exactly once)."""
    directives = [(i, m) for i, m in ((i, DIRECTIVE_RE.match(l)) for i, l in enumerate(lines)) if m]
    pairs = {}
    for (i0, m0), (_, m1) in zip(directives, directives[1:]):
        if m0.group(1) == "ifndef" and m1.group(1) == "define" and m1.group(2).split() == [m0.group(2)]:
            pairs[i0] = m0.group(2)
    top = bool(directives) and directives[0][0] in pairs
    return pairs, top


def condition(word, text):
    """A normalised spelling of an #if-family condition, so that `#ifdef X` and
    `#if defined(X)` compare equal."""
    text = re.sub(r"//.*|/\*.*?\*/", "", text)
    text = re.sub(r"defined\s*\(?\s*(\w+)\s*\)?", r"defined(\1)", text)
    text = re.sub(r"\s+", "", text)
    if word == "ifdef":
        return f"defined({text})"
    if word == "ifndef":
        return f"!defined({text})"
    return text


class Amalgamator:
    def __init__(self):
        self.done = {}     # top-guarded header -> conditions where it was inlined
        self.guards = {}   # mid-file guard macro -> list of conditions where its block was emitted
        self.active = []   # headers being inlined (include cycles)
        self.reached = set()
        self.out = []

    def inline(self, path, outer):
        """Appends `path` to the output; `outer` is the frozenset of conditions (besides
        include guards) that enclose this include."""
        if self.active.count(path) >= 2:
            raise AmalgamateError(f"include cycle through <{rel(path)}>")
        self.active.append(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        pairs, top = guard_pairs(lines)
        # One entry per open #if: None for an include guard, else its condition.
        stack = []
        skipping = 0  # > 0 while inside a mid-file guard block emitted already

        def conditions():
            return outer | {c for c in stack if c is not None}

        for index, line in enumerate(lines):
            directive = DIRECTIVE_RE.match(line)
            word = directive.group(1) if directive else None
            if skipping:
                if word in ("if", "ifdef", "ifndef"):
                    skipping += 1
                elif word == "endif":
                    skipping -= 1
                    if not skipping:
                        self.out.append(f"// {rel(path)}: guarded block inlined above")
                continue
            if word in ("if", "ifdef", "ifndef"):
                if index in pairs:
                    guard = pairs[index]
                    if not (top and index == min(pairs)):
                        # A guard that is not the file's first directive (the file does
                        # something before it): emit the block again wherever an earlier
                        # copy is not certain to have been compiled, and let the
                        # preprocessor's guard pick the first one it meets.
                        here = conditions()
                        seen = self.guards.setdefault(guard, [])
                        if any(c <= here for c in seen):
                            skipping = 1
                            continue
                        seen.append(here)
                    stack.append(None)
                else:
                    stack.append(condition(word, directive.group(2)))
            elif word in ("elif", "else"):
                if not stack:
                    raise AmalgamateError(f"{rel(path)}:{index + 1}: #{word} without #if")
                if stack[-1] is not None:
                    previous = stack[-1]
                    stack[-1] = f"!({previous})" + (f"&&({condition('if', directive.group(2))})" if word == "elif" else "")
            elif word == "endif":
                if not stack:
                    raise AmalgamateError(f"{rel(path)}:{index + 1}: #endif without #if")
                stack.pop()
            elif word == "pragma" and directive.group(2) == "once":
                continue
            include = INCLUDE_RE.match(line)
            header = resolve(include.group(1), include.group(2), path) if include else None
            if header is None:
                self.out.append(line)
                continue
            here = frozenset(conditions())
            if header in self.done:
                first = self.done[header]
                # The first copy must be compiled wherever a later include needs it:
                # its conditions must be a subset of the ones here.
                if not first <= here:
                    raise AmalgamateError(
                        f"{rel(path)}:{index + 1}: <{rel(header)}> was first inlined under "
                        f"{sorted(first)} but is also needed under {sorted(here)}; "
                        "include it earlier, outside those conditions")
                self.out.append(f"// #include <{rel(header)}>: inlined above")
                continue
            if guard_pairs(header.read_text(encoding="utf-8").splitlines())[1]:
                self.done[header] = here
            self.reached.add(header)
            self.out.append(f"// begin <{rel(header)}>")
            self.inline(header, here)
            self.out.append(f"// end <{rel(header)}>")
        if stack or skipping:
            raise AmalgamateError(f"{rel(path)}: unterminated #if")
        self.active.pop()


def version():
    found = dict(VERSION_RE.findall((INCLUDE_DIR / "imaplib" / "config.hpp").read_text(encoding="utf-8")))
    return ".".join(found.get(k, "?") for k in ("MAJOR", "MINOR", "PATCH"))


def generate():
    amalgamator = Amalgamator()
    amalgamator.done[UMBRELLA.resolve()] = frozenset()
    amalgamator.out.append(f"// begin <{rel(UMBRELLA)}>")
    amalgamator.inline(UMBRELLA.resolve(), frozenset())
    amalgamator.out.append(f"// end <{rel(UMBRELLA)}>")
    banner = [
        f"// imaplib-cpp {version()}: single-header edition.",
        "//",
        "// GENERATED FILE, DO NOT EDIT. Made by tools/amalgamate.py from",
        "// include/imaplib/imaplib.hpp; edit the headers under include/ and run",
        "// `python3 tools/amalgamate.py` again.",
        "",
    ]
    return "\n".join(banner + amalgamator.out) + "\n", amalgamator.reached | {UMBRELLA.resolve()}


def public_headers():
    return sorted(p.resolve() for p in (INCLUDE_DIR / "imaplib").rglob("*.hpp"))


def check_header_lists(reached):
    """Every header is reachable from the umbrella, and the include-all tests name
    every public (non-detail) header."""
    problems = []
    for header in public_headers():
        if header not in reached and header != SOURCE_ENTRY:
            problems.append(f"include/{rel(header)} is not included by the umbrella include/imaplib/imaplib.hpp")
    for test in INCLUDE_ALL_TESTS:
        if not test.is_file():
            continue
        named = {m.group(2) for m in map(INCLUDE_RE.match, test.read_text(encoding="utf-8").splitlines()) if m}
        for header in public_headers():
            if "detail" in header.relative_to(INCLUDE_DIR).parts:
                continue
            if rel(header) not in named and header != SOURCE_ENTRY:
                problems.append(f"{test.relative_to(ROOT).as_posix()} does not include <{rel(header)}>")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; fail if the committed single header or the header lists are stale")
    args = parser.parse_args()
    try:
        text, reached = generate()
    except AmalgamateError as e:
        print(f"amalgamate.py: error: {e}", file=sys.stderr)
        return 2
    problems = check_header_lists(reached)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else None
        if current != text:
            problems.insert(0, f"{OUTPUT.relative_to(ROOT).as_posix()} is "
                               f"{'missing' if current is None else 'out of date'}; "
                               "run `python3 tools/amalgamate.py` and commit the result")
        for problem in problems:
            print(f"amalgamate.py --check: {problem}", file=sys.stderr)
        if problems:
            return 1
        print(f"amalgamate.py --check: {OUTPUT.relative_to(ROOT).as_posix()} is up to date "
              f"({len(reached) - 1} headers)")
        return 0
    for problem in problems:
        print(f"amalgamate.py: warning: {problem}", file=sys.stderr)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"amalgamate.py: wrote {OUTPUT.relative_to(ROOT).as_posix()} ({len(reached) - 1} headers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
