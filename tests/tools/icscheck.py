#!/usr/bin/env python3
"""icscheck.py - read an iCalendar file (RFC 5545) strictly, independently
of libical, and list its events.

    icscheck.py FILE            one line per VEVENT, tab-separated:
                                UID, DTSTART, DTEND, SUMMARY (unescaped,
                                tabs and newlines as spaces), DTSTAMP
    icscheck.py -d UID FILE     the DESCRIPTION of that event, unescaped

Checks, each a message and exit 1 when broken: every line ends in CRLF;
no physical line is longer than 75 octets; each is UTF-8 on its own (a fold
never cuts a character); content lines are NAME *(;PARAM=VALUE):VALUE;
BEGIN and END nest, one VCALENDAR holding components; VCALENDAR has
exactly one PRODID and VERSION:2.0; each VEVENT exactly one UID, DTSTAMP
(UTC date-time) and DTSTART, at most one DTEND; DATE values are real
dates; TEXT values escape their commas and semicolons.
"""
import datetime
import re
import sys

NAME = re.compile(r"[A-Za-z0-9-]+")
TEXT_PROPS = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT"}


def fail(msg):
    print("icscheck: " + msg, file=sys.stderr)
    sys.exit(1)


def content_lines(data):
    if not data.endswith(b"\r\n"):
        fail("the file does not end with CRLF")
    raw = data[:-2].split(b"\r\n")
    lines = []
    for no, line in enumerate(raw, 1):
        if b"\n" in line or b"\r" in line:
            fail("line %d: a bare LF or CR" % no)
        if len(line) > 75:
            fail("line %d: %d octets, more than 75" % (no, len(line)))
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            fail("line %d: not UTF-8 on its own (a fold cut a character)" % no)
        if text[:1] in (" ", "\t"):
            if not lines:
                fail("line %d: a continuation with nothing to continue" % no)
            lines[-1] = (lines[-1][0], lines[-1][1] + text[1:])
        else:
            lines.append((no, text))
    return lines


def parse_line(no, text):
    m = NAME.match(text)
    if not m:
        fail("line %d: no property name" % no)
    name = m.group(0).upper()
    i = m.end()
    params = {}
    while i < len(text) and text[i] == ";":
        m = NAME.match(text, i + 1)
        if not m or m.end() >= len(text) or text[m.end()] != "=":
            fail("line %d: a bad parameter" % no)
        pname = m.group(0).upper()
        j = m.end() + 1
        if j < len(text) and text[j] == '"':
            k = text.find('"', j + 1)
            if k < 0:
                fail("line %d: an unterminated quoted parameter" % no)
            params[pname] = text[j + 1:k]
            i = k + 1
        else:
            m2 = re.compile(r'[^";:,]*').match(text, j)
            params[pname] = m2.group(0)
            i = m2.end()
    if i >= len(text) or text[i] != ":":
        fail("line %d: no ':' after the name and parameters" % no)
    return name, params, text[i + 1:]


def unescape(no, value):
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            if i + 1 >= len(value):
                fail("line %d: a lone backslash" % no)
            n = value[i + 1]
            if n in "nN":
                out.append("\n")
            elif n in "\\;,":
                out.append(n)
            else:
                fail("line %d: a bad escape \\%s" % (no, n))
            i += 2
            continue
        if c in ",;":
            fail("line %d: an unescaped %r in a TEXT value" % (no, c))
        out.append(c)
        i += 1
    return "".join(out)


def date_value(no, params, value):
    if params.get("VALUE", "").upper() == "DATE":
        try:
            return datetime.datetime.strptime(value, "%Y%m%d").date().isoformat()
        except ValueError:
            fail("line %d: %r is not a date" % (no, value))
    if not re.fullmatch(r"\d{8}T\d{6}Z?", value):
        fail("line %d: %r is not a date-time" % (no, value))
    return value


def main(argv):
    want_desc = None
    if len(argv) == 4 and argv[1] == "-d":
        want_desc, path = argv[2], argv[3]
    elif len(argv) == 2:
        path = argv[1]
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    with open(path, "rb") as f:
        data = f.read()
    stack = []
    cals = 0
    events = []
    cur = None
    for no, text in content_lines(data):
        name, params, value = parse_line(no, text)
        if name == "BEGIN":
            stack.append((value.upper(), {}))
            if len(stack) == 1:
                if value.upper() != "VCALENDAR":
                    fail("line %d: %s outside a VCALENDAR" % (no, value))
                cals += 1
            continue
        if name == "END":
            if not stack or stack[-1][0] != value.upper():
                fail("line %d: END:%s does not close %s" %
                     (no, value, stack[-1][0] if stack else "anything"))
            kind, props = stack.pop()
            if kind == "VCALENDAR":
                if len(props.get("PRODID", [])) != 1:
                    fail("VCALENDAR: not exactly one PRODID")
                if [v for _, v in props.get("VERSION", [])] != ["2.0"]:
                    fail("VCALENDAR: VERSION is not 2.0, once")
            elif kind == "VEVENT":
                for req in ("UID", "DTSTAMP", "DTSTART"):
                    if len(props.get(req, [])) != 1:
                        fail("VEVENT ending on line %d: not exactly one %s" % (no, req))
                if len(props.get("DTEND", [])) > 1:
                    fail("VEVENT ending on line %d: several DTEND" % no)
                stamp = props["DTSTAMP"][0]
                if not re.fullmatch(r"\d{8}T\d{6}Z", stamp[1]):
                    fail("VEVENT ending on line %d: DTSTAMP is not UTC" % no)
                ev = {"uid": props["UID"][0][1],
                      "start": date_value(no, *props["DTSTART"][0]),
                      "end": date_value(no, *props["DTEND"][0]) if "DTEND" in props else "",
                      "summary": unescape(no, props["SUMMARY"][0][1]) if "SUMMARY" in props else "",
                      "desc": unescape(no, props["DESCRIPTION"][0][1]) if "DESCRIPTION" in props else "",
                      "stamp": stamp[1]}
                events.append(ev)
            continue
        if not stack:
            fail("line %d: %s outside any component" % (no, name))
        if len(stack) == 1 and name not in ("PRODID", "VERSION", "CALSCALE", "METHOD") \
                and not name.startswith("X-"):
            fail("line %d: %s is not a property of VCALENDAR" % (no, name))
        if name in TEXT_PROPS:
            unescape(no, value)
        stack[-1][1].setdefault(name, []).append((params, value))
    if stack:
        fail("%s is never ended" % stack[-1][0])
    if cals != 1:
        fail("%d VCALENDAR objects, not 1" % cals)
    if want_desc is not None:
        for ev in events:
            if ev["uid"] == want_desc:
                sys.stdout.write(ev["desc"] + "\n")
                return
        fail("no event has the UID %s" % want_desc)
    for ev in events:
        clean = re.sub(r"[\t\n]", " ", ev["summary"])
        print("%s\t%s\t%s\t%s\t%s" % (ev["uid"], ev["start"], ev["end"], clean, ev["stamp"]))


if __name__ == "__main__":
    main(sys.argv)
