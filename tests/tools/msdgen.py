#!/usr/bin/env python3
"""msdgen.py - write a Movie Magic Scheduling .msd file from a readable
description, for the tests of sb-import's .msd reader (lib/fmt_msd_read.c).

The layout is the one docs/sb-import.1 (FORMATS) describes: a 716-byte
header, sections back to back from byte 716 (a 35-byte marker with its
space, 32 NULs, a flag byte, the payload), and a section map of 332-byte
records at the end.  Integers are big-endian.

The description is text.  Lines starting with '@' are directives; '#' at
the start of a line outside a section is a comment; every other line is
the content of the section above it.

    @header scheduleFormat=06.00.000 writerApp="Movie Magic Scheduling"
    @section ProductionInfo
    <?xml version="1.0" encoding="UTF-8"?>
    <ProductionInfo><Property Name="Title" Value="Night Train"/></ProductionInfo>
    @section CastPhoto1 flag=2 data=hex
    89504e470d0a1a0a

Header keys: epsfVersion, fileType, scheduleFormat, writerApp,
writerVersion, writerTime, creatorApp, creatorVersion, creatorTime.

Section options:
    flag=N        the flag byte (default 1: the payload is raw DEFLATE)
    type=T version=V reserved=R   the map record's other strings
    data=text|hex|base64   how the content is written (default text)
    charset=utf-8|latin1   how text content is encoded (default utf-8)
    compress=yes|no        deflate the payload (default: yes when flag=1)
    zeros=SIZE    the payload is a deflate stream of SIZE zero bytes (K, M,
                  G suffixes): a decompression bomb, a few MB on disk
    fill=SIZE     the text content, then SIZE newlines (valid XML that
                  inflates large, for the cap on all sections together)
Text content keeps its line breaks; the trailing newline before the next
directive is dropped.

Hostile variants, on the command line (section numbers count from 1):
    --truncate N              cut the file at N bytes
    --magic TEXT              another file magic
    --map-offset N            the header's section map offset
    --map-count N             the header's section count
    --section-offset I=N      section I's offset in its map record
    --section-length I=N      section I's length in its map record
    --gap I=N                 N junk bytes before section I (the map says
                              where the sections really are)
    --flag I=N                section I's flag byte
    --no-marker I             section I without its marker
    --map-marker I            map record I without its marker

    --xml-only                write no .msd: the XML of the DEFLATE
                              sections, NUL between them (the seeds of the
                              fuzz harness tests/fuzz/fuzz_msd.c)
"""

import argparse
import base64
import shlex
import struct
import sys
import zlib

FILE_MAGIC = b"/********* EPSF FILE ********/"
SEC_MAGIC = b"/********* EPSF SECTION *********/ "
MAP_MAGIC = b"/********* EPSF SECTION MAP *********/"
HEADER = 716
MAP_REC = 332

HEADER_FIELDS = {
    "epsfVersion": (64, "00.01.001"),
    "fileType": (128, "EPS Schedule File"),
    "scheduleFormat": (192, "06.00.000"),
    "writerApp": (268, "msdgen.py"),
    "writerVersion": (332, "1.0"),
    "writerTime": (396, "2024-01-01 00:00:00"),
    "creatorApp": (460, "msdgen.py"),
    "creatorVersion": (524, "1.0"),
    "creatorTime": (588, "2024-01-01 00:00:00"),
}


def die(msg):
    sys.stderr.write("msdgen.py: %s\n" % msg)
    sys.exit(2)


def pad(text, size=64):
    b = text.encode("utf-8") if isinstance(text, str) else text
    if len(b) > size:
        die("%r is longer than %d bytes" % (text, size))
    return b + b"\0" * (size - len(b))


def size_of(text):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    t = text.strip().upper()
    if t and t[-1] in mult:
        return int(float(t[:-1]) * mult[t[-1]])
    return int(t)


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def repeat_bomb(size, byte=b"\0", prefix=b""):
    """A raw deflate stream of prefix and size copies of byte, built
    without deflating them all: after a full flush the compressor's state
    is the same for every chunk of the same bytes, so one chunk's output
    repeats."""
    chunk = 1 << 20
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    first = c.compress(byte * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    second = c.compress(byte * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    if first != second:
        die("zlib does not repeat itself; cannot build the bomb")
    n, rest = divmod(size, chunk)
    return b"".join([head, first * n, c.compress(byte * rest) + c.flush()])


class Section:
    def __init__(self, name, opts):
        self.name = name
        self.opts = opts
        self.lines = []

    def payload(self):
        o = self.opts
        flag = int(o.get("flag", "1"))
        if "zeros" in o:
            return flag, repeat_bomb(size_of(o["zeros"]))
        text = "\n".join(self.lines)
        if "fill" in o:
            return flag, repeat_bomb(size_of(o["fill"]), b"\n", text.encode())
        kind = o.get("data", "text")
        if kind == "hex":
            raw = bytes.fromhex("".join(text.split()))
        elif kind == "base64":
            raw = base64.b64decode("".join(text.split()))
        elif kind == "text":
            cs = o.get("charset", "utf-8")
            raw = text.encode("latin-1" if cs == "latin1" else cs)
        else:
            die("section %s: data=%s: text, hex or base64" % (self.name, kind))
        compress = o.get("compress", "yes" if flag == 1 else "no") == "yes"
        return flag, deflate(raw) if compress else raw


def parse_opts(words, where):
    opts = {}
    for w in words:
        if "=" not in w:
            die("%s: %r is not KEY=VALUE" % (where, w))
        k, v = w.split("=", 1)
        opts[k] = v
    return opts


def read_description(path):
    header = {}
    sections = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = "%s:%d" % (path, no)
            if line.startswith("@header"):
                header.update(parse_opts(shlex.split(line[7:]), where))
                cur = None
            elif line.startswith("@section"):
                words = shlex.split(line[8:])
                if not words:
                    die("%s: a section needs a name" % where)
                cur = Section(words[0], parse_opts(words[1:], where))
                sections.append(cur)
            elif cur is not None:
                cur.lines.append(line)
            elif line.strip() == "" or line.startswith("#"):
                continue
            else:
                die("%s: text outside a section" % where)
    for k in header:
        if k not in HEADER_FIELDS:
            die("%s: unknown header field %s" % (path, k))
    return header, sections


def pairs(values):
    out = {}
    for v in values or []:
        i, n = v.split("=", 1)
        out[int(i)] = n
    return out


def build(header, sections, a):
    head = bytearray(HEADER)
    magic = a.magic.encode() if a.magic is not None else FILE_MAGIC
    head[0:64] = pad(magic)
    for k, (off, default) in HEADER_FIELDS.items():
        head[off:off + 64] = pad(header.get(k, default))
    gaps = pairs(a.gap)
    flags = pairs(a.flag)
    body = bytearray()
    records = []
    for i, s in enumerate(sections, 1):
        if i in gaps:
            body += b"\xa5" * int(gaps[i])
        flag, data = s.payload()
        if i in flags:
            flag = int(flags[i])
        off = HEADER + len(body)
        marker = b"\0" * len(SEC_MAGIC) if i in (a.no_marker or []) else SEC_MAGIC
        sec = marker + b"\0" * 32 + bytes([flag & 0xff]) + data
        body += sec
        records.append([off, len(sec), s])
    map_off = HEADER + len(body)
    offs = pairs(a.section_offset)
    lens = pairs(a.section_length)
    recs = bytearray()
    for i, (off, length, s) in enumerate(records, 1):
        marker = b"\0" * 68 if i in (a.map_marker or []) else pad(MAP_MAGIC, 68)
        recs += marker
        recs += struct.pack(">II", int(offs.get(i, off)) & 0xffffffff,
                            int(lens.get(i, length)) & 0xffffffff)
        recs += pad(s.name) + pad(s.opts.get("type", "XML")) + \
            pad(s.opts.get("version", "1")) + pad(s.opts.get("reserved", ""))
    count = len(records) if a.map_count is None else a.map_count
    mo = map_off if a.map_offset is None else a.map_offset
    head[260:268] = struct.pack(">II", mo & 0xffffffff, count & 0xffffffff)
    out = bytes(head) + bytes(body) + bytes(recs)
    if a.truncate is not None:
        out = out[:a.truncate]
    return out


def main():
    ap = argparse.ArgumentParser(description="write an .msd file from a description")
    ap.add_argument("description")
    ap.add_argument("output")
    ap.add_argument("--truncate", type=int)
    ap.add_argument("--magic")
    ap.add_argument("--map-offset", type=int)
    ap.add_argument("--map-count", type=int)
    ap.add_argument("--section-offset", action="append")
    ap.add_argument("--section-length", action="append")
    ap.add_argument("--gap", action="append")
    ap.add_argument("--flag", action="append")
    ap.add_argument("--no-marker", action="append", type=int)
    ap.add_argument("--map-marker", action="append", type=int)
    ap.add_argument("--xml-only", action="store_true")
    a = ap.parse_args()
    header, sections = read_description(a.description)
    if a.xml_only:
        data = b"\0".join("\n".join(s.lines).encode("utf-8") for s in sections
                          if s.opts.get("flag", "1") == "1" and
                          s.opts.get("data", "text") == "text")
    else:
        data = build(header, sections, a)
    if a.output == "-":
        sys.stdout.buffer.write(data)
    else:
        with open(a.output, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
