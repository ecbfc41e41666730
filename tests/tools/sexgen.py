#!/usr/bin/env python3
"""sexgen.py - build a Scheduling Export (.sex) file from a readable description.

usage: sexgen.py [options] DESCRIPTION [OUTPUT]

The description is UTF-8 text, one item a line ("#" starts a comment line):

    category Cast Members           a category name; the first is index 0
    scene 1 | 11 A | INT. HOUSE - NIGHT
                                    a scene: start page | scene number | slug
                                    line; scenes count from 1 in file order
    element 1 | Cast Members | GEORGE
                                    an element of scene 1 (any number, even
                                    one past the scenes); the category by name,
                                    or by index as #N (any number)
    length 1 | 1 | 3                scene 1 is 1 3/8 pages
    raw 7 | 01 02 03                a record of type 7 with these payload bytes

All category names go into one record, first; the other records follow in
the order written.  Texts are encoded as Windows-1252 (the tool refuses a
character Windows-1252 lacks); write \\xNN for a raw byte (\\x81: a byte
Windows-1252 leaves undefined).

Hostile variants (records count from 1, the category record first):
    --bad-magic            "SSJ*" instead of "SSI*"
    --truncate N           drop the last N bytes
    --bad-length REC       give record REC a length running past the end
    --bad-marker REC       break the "#\\0\\0\\0" marker of record REC
    --no-nul REC           drop the NUL ending the last string of record REC
    --trailing HEX         append these bytes after the last record
"""
import argparse
import re
import struct
import sys


def die(msg):
    sys.stderr.write("sexgen.py: %s\n" % msg)
    sys.exit(2)


def text(s, where):
    out = b""
    for i, part in enumerate(re.split(r"\\x([0-9A-Fa-f]{2})", s)):
        if i % 2:
            out += bytes([int(part, 16)])
        else:
            try:
                out += part.encode("cp1252")
            except UnicodeEncodeError as e:
                die("%s: %r has no Windows-1252 byte" % (where, e.object[e.start:e.end]))
    if b"\0" in out:
        die("%s: a NUL in a text" % where)
    return out


def fields(rest, n, where):
    f = [x.strip() for x in rest.split("|")]
    if len(f) != n:
        die("%s: expected %d fields separated by |, found %d" % (where, n, len(f)))
    return f


def number(s, where, bits=16):
    try:
        v = int(s, 0)
    except ValueError:
        die("%s: %r is not a number" % (where, s))
    if not 0 <= v < (1 << bits):
        die("%s: %d does not fit in %d bits" % (where, v, bits))
    return v


def build(lines):
    cats = []
    records = []        # (type, payload)
    nscenes = 0
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        where = "line %d" % lineno
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, _, rest = line.strip().partition(" ")
        if word == "category":
            cats.append(rest.strip())
        elif word == "scene":
            page, num, slug = fields(rest, 3, where)
            nscenes += 1
            body = text("%s\t%s\t%s\t" % (page, num, slug), where)
            records.append((1, bytes([nscenes & 0xFF]) + body + b"\0"))
        elif word == "element":
            sc, cat, name = fields(rest, 3, where)
            if cat.startswith("#"):
                ci = number(cat[1:], where, 8)
            elif cat in cats:
                ci = cats.index(cat)
            else:
                die("%s: no category %r" % (where, cat))
            records.append((2, struct.pack("<HB", number(sc, where), ci) +
                            text(name, where) + b"\0"))
        elif word == "length":
            sc, pages, eighths = fields(rest, 3, where)
            records.append((3, struct.pack("<HHH", number(sc, where),
                                           number(pages, where), number(eighths, where))))
        elif word == "raw":
            typ, hexes = fields(rest, 2, where)
            records.append((number(typ, where), bytes.fromhex(hexes)))
        else:
            die("%s: unknown item %r" % (where, word))
    if cats:
        records.insert(0, (0, b"".join(text(c, "category %r" % c) + b"\0" for c in cats)))
    return records


def main():
    ap = argparse.ArgumentParser(description="build a .sex file")
    ap.add_argument("description")
    ap.add_argument("output", nargs="?")
    ap.add_argument("--bad-magic", action="store_true")
    ap.add_argument("--truncate", type=int, default=0)
    ap.add_argument("--bad-length", type=int)
    ap.add_argument("--bad-marker", type=int)
    ap.add_argument("--no-nul", type=int)
    ap.add_argument("--trailing", default="")
    a = ap.parse_args()
    with open(a.description, encoding="utf-8") as f:
        records = build(f.readlines())
    out = bytearray(b"SSJ*\0" if a.bad_magic else b"SSI*\0")
    total = len(out) + sum(8 + len(p) for _, p in records)
    for i, (typ, payload) in enumerate(records, 1):
        if a.no_nul == i:
            if not payload.endswith(b"\0"):
                die("--no-nul %d: the record does not end with a NUL" % i)
            payload = payload[:-1]
        length = len(payload) + 2
        if a.bad_length == i:
            length = min(0xFFFF, total - len(out))
        if length > 0xFFFF:
            die("record %d: longer than 65535 bytes" % i)
        marker = b"#\0\1\0" if a.bad_marker == i else b"#\0\0\0"
        out += marker + struct.pack("<HH", length, typ) + payload
    for opt in ("bad_length", "bad_marker", "no_nul"):
        v = getattr(a, opt)
        if v is not None and not 1 <= v <= len(records):
            die("--%s %d: there are %d records" % (opt.replace("_", "-"), v, len(records)))
    out += bytes.fromhex(a.trailing)
    if a.truncate:
        del out[len(out) - a.truncate:]
    if a.output:
        with open(a.output, "wb") as f:
            f.write(out)
    else:
        sys.stdout.buffer.write(out)


if __name__ == "__main__":
    main()
