#!/usr/bin/env python3
"""pngpixel.py - the colours of pixels of a PNG file (a browser's
screenshot), with nothing but the standard library.

    pngpixel.py FILE X,Y...     one line "R G B" per point, in order

Reads 8-bit greyscale, RGB, grey+alpha and RGBA images, not interlaced
(what Chromium writes); anything else is refused with exit 2.
"""
import struct
import sys
import zlib


def fail(msg):
    print("pngpixel: " + msg, file=sys.stderr)
    sys.exit(2)


def read_png(path, need, need_x):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("%s: not a PNG file" % path)
    pos = 8
    idat = []
    width = height = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (0, 2, 4, 6) or interlace:
                fail("%s: only 8-bit, non-interlaced grey/RGB(A) images" % path)
            chans = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if width is None:
        fail("%s: no IHDR" % path)
    raw = zlib.decompress(b"".join(idat))
    stride = width * chans
    # every filter reads only the bytes to the left and above: the first
    # need_x pixels of each row are decoded exactly without the rest
    used = min(width, need_x) * chans
    rows = []
    prev = bytearray(used)
    i = 0
    for _ in range(min(height, need)):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + used])
        i += 1 + stride
        for x in range(used):
            a = line[x - chans] if x >= chans else 0
            b = prev[x]
            c = prev[x - chans] if x >= chans else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
            elif ftype != 0:
                fail("%s: bad filter type %d" % (path, ftype))
        rows.append(line)
        prev = line
    return width, height, chans, rows


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    points = []
    for point in argv[2:]:
        try:
            points.append(tuple(int(v) for v in point.split(",")))
        except ValueError:
            fail("%r is not X,Y" % point)
    # rows are decoded down to the lowest point asked for, no further
    width, height, chans, rows = read_png(argv[1], max(y for _, y in points) + 1,
                                         max(x for x, _ in points) + 1)
    for x, y in points:
        if not (0 <= x < width and 0 <= y < height):
            fail("%d,%d is outside the %dx%d image" % (x, y, width, height))
        px = rows[y][x * chans:(x + 1) * chans]
        rgb = (px[0], px[0], px[0]) if chans < 3 else tuple(px[:3])
        print("%d %d %d" % rgb)


if __name__ == "__main__":
    main(sys.argv)
