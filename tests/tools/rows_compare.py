#!/usr/bin/env python3
"""rows_compare.py KIND OUT BASELINE: a command's output, parsed into rows
of fields, is the baseline's (sb-bench --outputs: the sqlite3 shell's CSV
for the baseline SQL), row by row and field by field.

KIND says how OUT is read:
  csv         CSV
  json        a JSON array of objects, one a row, their keys the columns
  ndjson      one JSON object a line, likewise
  log         sb-log's NDJSON: as ndjson, but the "changes" column is
              compared as JSON values, not as text
  ics         an iCalendar feed: lines unfolded, text unescaped, each
              VEVENT a row of its UID, DTSTAMP, DTSTART, DTEND, SUMMARY and
              DESCRIPTION
  board-html  sb-report board --format html: each row's page number and
              heading, class and cells, entities unescaped

A field of JSON is compared as text: a list of names joined by "; " (as
the flat form joins them), true and false as 1 and 0, null as an empty
field.  Exit 0 with a line that says what was compared, or 1 with the first
difference (the columns, the count of rows, or the row and both sides).
"""
import csv
import html
import json
import re
import sys


def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, list):
        return "; ".join(v)
    return str(v)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def read_objects(path, kind):
    with open(path, encoding="utf-8") as f:
        if kind == "json":
            return json.load(f)
        return [json.loads(line) for line in f if line.strip()]


def rows_json(out, want, kind):
    objs = read_objects(out, kind)
    head = list(objs[0].keys()) if objs else want[0]
    return [head] + [[cell(o[k]) for k in head] for o in objs]


def rows_log(out, want):
    objs = read_objects(out, "ndjson")
    head = list(objs[0].keys()) if objs else []
    got = [head]
    for o in objs:
        g = [cell(o[k]) for k in head]
        # the changes are JSON: compared as values, not as text
        g[head.index("changes")] = o["changes"]
        got.append(g)
    if "changes" in want[0]:
        ci = want[0].index("changes")
        for w in want[1:]:
            try:
                w[ci] = json.loads(w[ci])
            except (ValueError, IndexError):
                pass
    return got


def ics_unescape(v):
    r, i = [], 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            n = v[i + 1]
            r.append("\n" if n in "nN" else n)
            i += 2
        else:
            r.append(v[i])
            i += 1
    return "".join(r)


def rows_ics(out):
    with open(out, newline="", encoding="utf-8") as f:
        text = f.read()
    lines = []
    for raw in text.split("\r\n"):
        if raw.startswith(" ") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    keys = ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"]
    got, ev = [[k.lower() for k in keys]], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            ev = {}
        elif line == "END:VEVENT":
            got.append([ev.get(k, "") for k in keys])
            ev = None
        elif ev is not None:
            name, _, value = line.partition(":")
            name = name.split(";")[0]
            if name in keys:
                ev[name] = ics_unescape(value)
    return got


SECTION = re.compile(r'<section class="page board" id="p(\d+)">\s*<header class="ph">'
                     r'<div><h1>.*?</h1><p>(.*?)</p>', re.S)
ROW = re.compile(r'<div class="r ([^"]*)"><i></i>(.*?)</div>\n')
SPAN = re.compile(r'<span class="(\w+)">(.*?)</span>', re.S)


def rows_board_html(out):
    with open(out, encoding="utf-8") as f:
        page = f.read()
    head = ["page", "heading", "class", "sc", "ie", "st", "dn", "pg", "ca", "sy", "text"]
    got = [head]
    marks = sorted([(m.start(), "s", m) for m in SECTION.finditer(page)] +
                   [(m.start(), "r", m) for m in ROW.finditer(page)], key=lambda t: t[0])
    num = heading = None
    for _, mark, m in marks:
        if mark == "s":
            num, heading = m.group(1), html.unescape(m.group(2))
            continue
        cells = {k: html.unescape(v) for k, v in SPAN.findall(m.group(2))}
        text = cells.pop("x", "")
        got.append([num, heading, m.group(1)] + [cells.get(k, "") for k in head[3:10]] + [text])
    return got


def said_rows(got):
    return "%d rows of %d columns" % (len(got) - 1, len(got[0]))


def said_log(got):
    kinds = sorted({r[got[0].index("entity")] for r in got[1:]})
    return "%s (%s)" % (said_rows(got), ", ".join(kinds))


def said_ics(got):
    holidays = sum(1 for r in got[1:] if "-holiday-" in r[0])
    return "%d events (%d holidays) of %d columns" % (len(got) - 1, holidays, len(got[0]))


def said_board_html(got):
    kinds = {}
    for r in got[1:]:
        k = r[2].split()[0] if not r[2].startswith("k") else "strip"
        kinds[k] = kinds.get(k, 0) + 1
    return "%d rows on %s pages (%s)" % (len(got) - 1, got[-1][0],
                                         ", ".join("%s %d" % kv for kv in sorted(kinds.items())))


# KIND: (read OUT given the baseline's rows, what OUT's rows are called, summary)
KINDS = {
    "csv": (lambda out, want: read_csv(out), "rows from the command", said_rows),
    "json": (lambda out, want: rows_json(out, want, "json"), "rows from the command", said_rows),
    "ndjson": (lambda out, want: rows_json(out, want, "ndjson"), "rows from the command", said_rows),
    "log": (rows_log, "rows from the command", said_log),
    "ics": (lambda out, want: rows_ics(out), "events from the command", said_ics),
    "board-html": (lambda out, want: rows_board_html(out), "rows on the page", said_board_html),
}


def main(argv):
    if len(argv) != 4 or argv[1] not in KINDS:
        sys.exit("usage: rows_compare.py {%s} OUT BASELINE" % "|".join(KINDS))
    kind, out, base = argv[1:4]
    read, noun, said = KINDS[kind]
    want = read_csv(base)
    if len(want) < 2:
        sys.exit("the baseline returned no rows")
    got = read(out, want)
    if got[0] != want[0]:
        sys.exit("columns differ:\n  command:  %s\n  baseline: %s" % (got[0], want[0]))
    if len(got) != len(want):
        sys.exit("%d %s, %d rows from the baseline" % (len(got) - 1, noun, len(want) - 1))
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            sys.exit("row %d differs:\n  command:  %s\n  baseline: %s" % (i, g, w))
    print(said(got))


if __name__ == "__main__":
    main(sys.argv)
