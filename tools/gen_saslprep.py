#!/usr/bin/env python3
"""Generates SASLprep's tables and its differential test data from Python itself.

SASLprep (RFC 4013) is the stringprep (RFC 3454) profile SCRAM applies to user names and
passwords. stringprep is defined on Unicode 3.2, which Python keeps as
unicodedata.ucd_3_2_0 for exactly this purpose; its `stringprep` module holds RFC 3454's
tables. Both outputs are deterministic (no timestamps), so a rerun shows no diff:

  include/imaplib/sasl/detail/saslprep_tables.hpp   the tables, as compact ranges
  tests/data/saslprep.txt                           inputs and Python's results

Usage: python3 tools/gen_saslprep.py [--check]
"""
import argparse
import os
import random
import stringprep
import sys
import unicodedata

UCD = unicodedata.ucd_3_2_0
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = os.path.join(ROOT, "include", "imaplib", "sasl", "detail", "saslprep_tables.hpp")
DATA = os.path.join(ROOT, "tests", "data", "saslprep.txt")
ALL = range(0x110000)


def is_surrogate(cp):
    return 0xD800 <= cp <= 0xDFFF


def ranges(pred):
    out = []
    for cp in ALL:
        if is_surrogate(cp) or not pred(chr(cp)):
            continue
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def prohibited(c):
    # RFC 4013 section 2.3.
    return (stringprep.in_table_c12(c) or stringprep.in_table_c21(c) or stringprep.in_table_c22(c)
            or stringprep.in_table_c3(c) or stringprep.in_table_c4(c) or stringprep.in_table_c5(c)
            or stringprep.in_table_c6(c) or stringprep.in_table_c7(c) or stringprep.in_table_c8(c)
            or stringprep.in_table_c9(c))


def saslprep(s, allow_unassigned=False):
    """RFC 4013 in Python: the oracle the C++ must agree with. None means refused."""
    if not allow_unassigned and any(stringprep.in_table_a1(c) for c in s):
        return None
    s = "".join(" " if stringprep.in_table_c12(c) else c for c in s if not stringprep.in_table_b1(c))
    s = UCD.normalize("NFKC", s)
    if any(prohibited(c) for c in s):
        return None
    if not allow_unassigned and any(stringprep.in_table_a1(c) for c in s):
        return None
    if any(stringprep.in_table_d1(c) for c in s):
        if any(stringprep.in_table_d2(c) for c in s):
            return None
        if not (stringprep.in_table_d1(s[0]) and stringprep.in_table_d1(s[-1])):
            return None
    return s


def is_hangul_syllable(cp):
    return 0xAC00 <= cp <= 0xD7A3


def c_string(data):
    """A C string literal, octal escapes (they stop after 3 digits, unlike \\x)."""
    out = []
    for b in data:
        ch = chr(b)
        if ch in '"\\?' or b < 0x20 or b >= 0x7F:
            out.append("\\%03o" % b)
        else:
            out.append(ch)
    return "".join(out)


def emit_ranges(lines, name, comment, rs):
    lines.append("// %s" % comment)
    lines.append("inline constexpr saslprep_range %s[] = {" % name)
    row = []
    for a, b in rs:
        row.append("{0x%X, 0x%X}" % (a, b))
        if len(row) == 6:
            lines.append("    " + ", ".join(row) + ",")
            row = []
    if row:
        lines.append("    " + ", ".join(row) + ",")
    lines.append("};")
    lines.append("")
    return 8 * len(rs)


def emit_array(lines, ctype, name, values, per_line=12, fmt="0x%X"):
    lines.append("inline constexpr %s %s[] = {" % (ctype, name))
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(fmt % v for v in values[i:i + per_line]) + ",")
    lines.append("};")


def generate_header():
    lines = []
    size = 0
    size += emit_ranges(lines, "map_to_nothing", "B.1: commonly mapped to nothing (RFC 4013 section 2.1)",
                        ranges(stringprep.in_table_b1))
    size += emit_ranges(lines, "non_ascii_space", "C.1.2: non-ASCII space, mapped to SPACE (section 2.1)",
                        ranges(stringprep.in_table_c12))
    size += emit_ranges(lines, "prohibited", "C.1.2, C.2.1, C.2.2, C.3 to C.9 (section 2.3)", ranges(prohibited))
    size += emit_ranges(lines, "unassigned", "A.1: unassigned in Unicode 3.2 (section 2.5)",
                        ranges(stringprep.in_table_a1))
    size += emit_ranges(lines, "randalcat", "D.1: RandALCat, right-to-left (section 2.4, RFC 3454 section 6)",
                        ranges(stringprep.in_table_d1))
    size += emit_ranges(lines, "lcat", "D.2: LCat, left-to-right", ranges(stringprep.in_table_d2))

    # Canonical combining classes: runs of equal class, (first << 8 | class) and a length.
    runs = []
    for cp in ALL:
        if is_surrogate(cp):
            continue
        cc = UCD.combining(chr(cp))
        if not cc:
            continue
        if runs and runs[-1][0] + runs[-1][2] == cp and runs[-1][1] == cc and runs[-1][2] < 255:
            runs[-1][2] += 1
        else:
            runs.append([cp, cc, 1])
    lines.append("// Canonical combining classes (Unicode 3.2): runs of one class.")
    emit_array(lines, "std::uint32_t", "combining_start", [(a << 8) | c for a, c, _ in runs], 8)
    emit_array(lines, "std::uint8_t", "combining_length", [n for _, _, n in runs], 16, "%d")
    lines.append("")
    size += 5 * len(runs)

    # NFKD of each code point that has one (Hangul syllables are algorithmic), keyed by
    # the low 16 bits within a plane; decompositions as UTF-8, one after the other.
    keys = []
    offsets = []
    blob = bytearray()
    plane_start = [0, 0, 0, 0]
    for cp in ALL:
        if is_surrogate(cp) or is_hangul_syllable(cp):
            continue
        d = UCD.normalize("NFKD", chr(cp))
        if d == chr(cp):
            continue
        assert cp <= 0x2FFFF
        keys.append(cp)
        offsets.append(len(blob))
        blob += d.encode("utf-8")
    offsets.append(len(blob))
    assert len(blob) < 65536
    for plane in (1, 2, 3):
        plane_start[plane] = sum(1 for k in keys if k < plane * 0x10000)
    lines.append("// Compatibility decompositions (NFKD of one code point, Unicode 3.2): code points")
    lines.append("// of plane p are decomposition_key[decomposition_plane[p] .. decomposition_plane[p + 1]),")
    lines.append("// each one's UTF-8 at decomposition_utf8[decomposition_offset[i] .. [i + 1]).")
    emit_array(lines, "std::uint16_t", "decomposition_plane", plane_start, 4, "%d")
    emit_array(lines, "std::uint16_t", "decomposition_key", [k & 0xFFFF for k in keys])
    emit_array(lines, "std::uint16_t", "decomposition_offset", offsets, 12, "%d")
    lines.append("inline constexpr char decomposition_utf8[] =")
    for i in range(0, len(blob), 48):
        lines.append('    "%s"' % c_string(blob[i:i + 48]))
    lines.append(";")
    lines.append("")
    size += 2 * len(keys) + 2 * len(offsets) + len(blob) + 1 + 8

    # Primary composites (canonical pairs not excluded from composition), sorted by pair.
    pairs = []
    for cp in ALL:
        if is_surrogate(cp):
            continue
        d = UCD.decomposition(chr(cp))
        if not d or d.startswith("<"):
            continue
        parts = [int(x, 16) for x in d.split()]
        if len(parts) == 2 and UCD.normalize("NFC", chr(cp)) == chr(cp):
            pairs.append((parts[0], parts[1], cp))
    pairs.sort()
    assert all(max(p) <= 0xFFFF for p in pairs)
    lines.append("// Canonical composition (Unicode 3.2): first, second, composite; sorted.")
    lines.append("inline constexpr std::uint16_t composition[][3] = {")
    for i in range(0, len(pairs), 4):
        lines.append("    " + ", ".join("{0x%X, 0x%X, 0x%X}" % p for p in pairs[i:i + 4]) + ",")
    lines.append("};")
    size += 6 * len(pairs)

    head = [
        "// imaplib-cpp: SASLprep's tables (RFC 4013, RFC 3454 on Unicode 3.2).",
        "// GENERATED by tools/gen_saslprep.py from Python's stringprep and unicodedata.ucd_3_2_0:",
        "// do not edit. %d bytes of tables." % size,
        "#ifndef IMAPLIB_SASL_DETAIL_SASLPREP_TABLES_HPP",
        "#define IMAPLIB_SASL_DETAIL_SASLPREP_TABLES_HPP",
        "",
        "#include <imaplib/config.hpp>",
        "",
        "#include <cstdint>",
        "",
        "IMAPLIB_BEGIN_NAMESPACE",
        "",
        "namespace detail {",
        "namespace saslprep_tables {",
        "",
        "struct saslprep_range {",
        "    char32_t first;",
        "    char32_t last;",
        "};",
        "",
    ]
    tail = [
        "",
        "}  // namespace saslprep_tables",
        "}  // namespace detail",
        "",
        "IMAPLIB_END_NAMESPACE",
        "",
        "#endif  // IMAPLIB_SASL_DETAIL_SASLPREP_TABLES_HPP",
        "",
    ]
    return "\n".join(head + lines + tail), size


def cps(s):
    return " ".join("%X" % ord(c) for c in s)


def generate_data():
    """One case a line: input code points, ';', output code points or '!' (refused)."""
    rnd = random.Random(4013)
    cases = []
    seen = set()

    def add(s):
        if s in seen or any(is_surrogate(ord(c)) for c in s):
            return
        seen.add(s)
        out = saslprep(s)
        cases.append("%s;%s" % (cps(s), "!" if out is None else cps(out)))

    # RFC 4013 section 3's examples.
    for s in ["I\u00ADX", "user", "USER", "\u00AA", "\u2168", "\u0007", "\u0627\u0031"]:
        add(s)
    # Each code point that NFKC, a table or a combining class affects, and the
    # neighbours of every table's ranges.
    interesting = []
    for cp in ALL:
        if is_surrogate(cp):
            continue
        c = chr(cp)
        if (UCD.normalize("NFKD", c) != c or UCD.combining(c) or stringprep.in_table_b1(c)
                or stringprep.in_table_c12(c) or stringprep.in_table_d1(c)):
            interesting.append(c)
    for c in interesting:
        add(c)
    for pred in (prohibited, stringprep.in_table_a1, stringprep.in_table_d1, stringprep.in_table_d2):
        for a, b in ranges(pred):
            for cp in (a - 1, a, b, b + 1):
                if 0 <= cp < 0x110000:
                    add(chr(cp))
    # Strings: composition, reordering, Hangul, bidi, mapping in context.
    pools = [
        "aeouAEOU" + "".join(chr(c) for c in range(0x300, 0x346)) + "\u0323\u0328\u031B",
        "".join(chr(c) for c in range(0x1100, 0x1113)) + "".join(chr(c) for c in range(0x1161, 0x1176))
        + "".join(chr(c) for c in range(0x11A8, 0x11C3)) + "\uAC00\uAC01\uD7A3",
        "\u0627\u05D0\u0031\u0041\u0661\u0020\u05B0\u200F\u200E\u0628",
        "ab\u00AD\u200B\u00A0\u3000\u2000\uFEFF\u1806\u034F",
        "".join(interesting[i] for i in range(0, len(interesting), 7)),
    ]
    for pool in pools:
        for _ in range(600):
            add("".join(rnd.choice(pool) for _ in range(rnd.randint(1, 6))))
    return "".join(line + "\n" for line in cases)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed files differ")
    args = ap.parse_args()
    header, size = generate_header()
    data = generate_data()
    outputs = [(HEADER, header), (DATA, "# " + "input;SASLprep output ('!': refused), code points in hex. "
                "Generated by tools/gen_saslprep.py.\n" + data)]
    stale = []
    for path, text in outputs:
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            stale.append(path)
            if not args.check:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)
    if args.check and stale:
        print("gen_saslprep.py --check: out of date: " + ", ".join(os.path.relpath(p, ROOT) for p in stale))
        return 1
    print("saslprep tables: %d bytes; %d test cases" % (size, data.count("\n")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
