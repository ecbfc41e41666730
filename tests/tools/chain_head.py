#!/usr/bin/env python3
"""chain_head.py - the audit trail's hash chain, recomputed independently of
libstripboard (Python's sqlite3, hashlib and struct) from the encoding
stripboard(5) defines under "The chain".

  chain_head.py DB            print "ROWS HEAD" (HEAD empty for no rows);
                              exit 1, naming the row, when a stored hash
                              differs from the one recomputed
  chain_head.py --copy FILE   the same for the rows of a PostgreSQL trail
                              written by COPY (SELECT id, at, actor, command,
                              project_id, entity, entity_id, version_before,
                              version_after, changes, hash ...) TO STDOUT
  chain_head.py --rewrite DB  a forger's rewrite: every row's hash computed
                              again as it stands now (the triggers dropped
                              and made again), so the chain holds
  chain_head.py --rewrite-copy FILE
                              the same for a PostgreSQL trail read by COPY:
                              prints the UPDATEs that write every hash
                              again, for psql (the triggers disabled)
"""
import hashlib
import sqlite3
import struct
import sys

COLS = ("id, at, actor, command, project_id, entity, entity_id, "
        "version_before, version_after, changes")
INTS = (0, 4, 6, 7, 8)  # the integer columns, for the text of COPY


def enc(value):
    if value is None:
        return b"\x00"
    if isinstance(value, int):
        return b"\x01" + struct.pack(">q", value)
    if isinstance(value, float):
        return b"\x02" + struct.pack(">d", value)
    if isinstance(value, bytes):  # text: text_factory is bytes
        return b"\x03" + struct.pack(">Q", len(value)) + value
    raise TypeError(type(value))


def digest(prev, vals):
    return hashlib.sha256(prev + b"".join(enc(v) for v in vals)).digest()


def check(rows):
    prev = bytes(32)
    n = 0
    for vals, stored in rows:
        h = digest(prev, vals)
        if stored is None or stored.decode() != h.hex():
            print("row %d: stored %s, recomputed %s" % (vals[0], stored, h.hex()),
                  file=sys.stderr)
            return 1
        prev = h
        n += 1
    print(n, prev.hex() if n else "")
    return 0


def unescape(field):
    """A field of COPY's text format: \\N is NULL, backslash escapes."""
    if field == b"\\N":
        return None
    out = bytearray()
    i = 0
    esc = {ord("b"): 8, ord("f"): 12, ord("n"): 10, ord("r"): 13,
           ord("t"): 9, ord("v"): 11, ord("\\"): 92}
    while i < len(field):
        c = field[i]
        if c == 92 and i + 1 < len(field):
            d = field[i + 1]
            if d in esc:
                out.append(esc[d])
                i += 2
                continue
            if 48 <= d <= 55:
                j = i + 1
                while j < len(field) and j < i + 4 and 48 <= field[j] <= 55:
                    j += 1
                out.append(int(field[i + 1:j], 8))
                i = j
                continue
            out.append(d)
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


def copy_rows(path):
    with open(path, "rb") as f:
        for line in f.read().split(b"\n"):
            if not line:
                continue
            fields = [unescape(x) for x in line.split(b"\t")]
            vals = [int(v) if k in INTS and v is not None else v
                    for k, v in enumerate(fields[:10])]
            yield vals, fields[10]


def sqlite_rows(db):
    for row in db.execute("SELECT %s, hash FROM audit ORDER BY id" % COLS):
        yield list(row[:10]), row[10]


def rewrite(path):
    db = sqlite3.connect(path)
    db.text_factory = bytes
    trig = db.execute("SELECT name, sql FROM sqlite_schema WHERE type = "
                      "'trigger' AND tbl_name = 'audit'").fetchall()
    for name, _ in trig:
        db.execute("DROP TRIGGER %s" % name.decode())
    prev = bytes(32)
    for vals, _ in list(sqlite_rows(db)):
        prev = digest(prev, vals)
        db.execute("UPDATE audit SET hash = ? WHERE id = ?", (prev.hex(), vals[0]))
    for _, sql in trig:
        db.execute(sql.decode())
    db.commit()
    return 0


def rewrite_copy(path):
    prev = bytes(32)
    for vals, _ in copy_rows(path):
        prev = digest(prev, vals)
        print("UPDATE audit SET hash = '%s' WHERE id = %d;" % (prev.hex(), vals[0]))
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--rewrite-copy":
        return rewrite_copy(sys.argv[2])
    if len(sys.argv) == 3 and sys.argv[1] == "--copy":
        return check(copy_rows(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "--rewrite":
        return rewrite(sys.argv[2])
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
    db.text_factory = bytes
    return check(sqlite_rows(db))


if __name__ == "__main__":
    sys.exit(main())
