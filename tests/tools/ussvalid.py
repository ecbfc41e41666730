#!/usr/bin/env python3
"""ussvalid.py - the rules of a valid USS 1.0.0 file, as FORMATS section 1
("What a valid USS 1.0.0 file has", from the JSON schema of the standard's
own validator, uss-validator v1.0.0) lists them, checked on a file; for
tests/cli/t0121-uss-valid.sh.  Written from FORMATS, not from the writer.

    ussvalid.py FILE.uss

Every object allows no keys but its own; every required key is there,
with its type; (n) keys may be null.  Errors go to stderr and exit 1.
The validator's warnings are printed on stdout, one a line:
    warning: board ID names no breakdown
    warning: stripboard NAME does not name every breakdown
    warning: breakdown ID: element ID does not exist
    warning: element ID has no category
    warning: element ID: linked ID does not exist
    warning: stripboard NAME has no calendar
    warning: calendar NAME has no start event
"""

import json
import sys

errors = []


def err(msg):
    errors.append(msg)


def is_str(v, null):
    return isinstance(v, str) or (null and v is None)


def keys(o, where, spec):
    """spec: key -> (check, may_null)"""
    if not isinstance(o, dict):
        err("%s: not an object" % where)
        return False
    for k in o:
        if k not in spec:
            err("%s: key %r is not allowed" % (where, k))
    for k, (check, null) in spec.items():
        if k not in o:
            err("%s: required key %r is missing" % (where, k))
        elif o[k] is None:
            if not null:
                err("%s: %r is null" % (where, k))
        elif not check(o[k]):
            err("%s: %r has the wrong type or value: %r" % (where, k, o[k]))
    return True


S = (lambda v: isinstance(v, str))


def num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


def eighths(v):
    return num(v) and abs(v * 8 - round(v * 8)) < 1e-9


def ids(v):
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def boolean(v):
    return isinstance(v, bool)


def days_off(v):
    return (isinstance(v, list) and len(v) <= 7 and len(set(v)) == len(v) and
            all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= 6 for x in v))


def events(where):
    def check(v):
        if not isinstance(v, list):
            return False
        for i, e in enumerate(v):
            keys(e, "%s.events[%d]" % (where, i),
                 {"id": (S, False), "date": (S, False), "type": (S, False),
                  "name": (S, True)})
        return True
    return check


def board_ids(v):
    return isinstance(v, list) and all(isinstance(x, str) or ids(x) for x in v)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    if not isinstance(doc, dict) or list(doc) != ["universalScheduleStandard"]:
        err("the root is not {\"universalScheduleStandard\": ...} alone")
        u = doc.get("universalScheduleStandard", {}) if isinstance(doc, dict) else {}
    else:
        u = doc["universalScheduleStandard"]

    def nonempty(v):
        return isinstance(v, list) and len(v) >= 1
    head = {k: (S, False) for k in ("id", "created", "name", "source", "ussVersion")}
    head.update({k: (S, True) for k in ("author", "company", "episode", "episodeName",
                                        "description", "project", "schedColor", "schedDate",
                                        "scriptColor", "scriptDate", "season")})
    head.update({"breakdowns": (nonempty, False), "categories": (nonempty, False),
                 "elements": (nonempty, False),
                 "stripboards": (lambda v: isinstance(v, list), True),
                 "calendars": (lambda v: isinstance(v, list), True)})
    opt = {k: v for k, v in head.items() if k in ("stripboards", "calendars")}
    for k in opt:
        if k not in u:
            head.pop(k)
    keys(u, "header", head)
    bds = u.get("breakdowns") or []
    cats = u.get("categories") or []
    els = u.get("elements") or []
    sbs = u.get("stripboards") or []
    cals = u.get("calendars") or []
    for i, b in enumerate(bds):
        keys(b, "breakdowns[%d]" % i, {
            "id": (S, False), "bannerText": (S, True), "comments": (S, True),
            "created": (S, False), "description": (S, True), "elements": (ids, False),
            "pages": (eighths, True), "scene": (S, True), "scriptPage": (S, True),
            "duration": (num, True),
            "type": (lambda v: v in ("scene", "banner"), False)})
    for i, c in enumerate(cats):
        keys(c, "categories[%d]" % i, {"id": (S, False), "created": (S, False),
                                       "name": (S, False), "ucid": (num, False)})
    for i, e in enumerate(els):
        w = "elements[%d]" % i
        keys(e, w, {
            "id": (S, False), "category": (S, False), "created": (S, False),
            "daysOff": (days_off, False),
            "dropDayCount": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), False),
            "elementId": (S, True), "events": (events(w), True), "isDood": (boolean, False),
            "isDrop": (boolean, False), "isHold": (boolean, False),
            "isIdLock": (boolean, False), "linkedElements": (ids, True), "name": (S, False)})
    for i, s in enumerate(sbs):
        w = "stripboards[%d]" % i

        def boards(v, w=w):
            if not isinstance(v, list):
                return False
            for j, b in enumerate(v):
                keys(b, "%s.boards[%d]" % (w, j), {"id": (S, False), "name": (S, False),
                                                  "breakdownIds": (board_ids, False)})
            return True
        keys(s, w, {"id": (S, False), "boards": (boards, False), "calendar": (S, True),
                    "name": (S, False)})
    for i, c in enumerate(cals):
        w = "calendars[%d]" % i
        keys(c, w, {"id": (S, False), "daysOff": (days_off, False),
                    "events": (events(w), True), "name": (S, False)})
    if errors:
        for e in errors:
            sys.stderr.write("ussvalid.py: %s: %s\n" % (sys.argv[1], e))
        sys.exit(1)

    # the validator's warnings
    bd_ids = {b.get("id") for b in bds}
    el_ids = {e.get("id") for e in els}
    cat_ids = {c.get("id") for c in cats}
    for s in sbs:
        named = set()
        for b in s.get("boards") or []:
            for x in b.get("breakdownIds") or []:
                for y in (x if isinstance(x, list) else [x]):
                    named.add(y)
                    if y not in bd_ids:
                        print("warning: board %s names no breakdown" % y)
        if named < bd_ids:
            print("warning: stripboard %s does not name every breakdown" % s.get("name"))
        if s.get("calendar") is None:
            print("warning: stripboard %s has no calendar" % s.get("name"))
    for b in bds:
        for x in b.get("elements") or []:
            if x not in el_ids:
                print("warning: breakdown %s: element %s does not exist" % (b.get("id"), x))
    for e in els:
        if e.get("category") not in cat_ids:
            print("warning: element %s has no category" % e.get("id"))
        for x in e.get("linkedElements") or []:
            if x not in el_ids:
                print("warning: element %s: linked %s does not exist" % (e.get("id"), x))
    for c in cals:
        if not any(ev.get("type") == "start" for ev in c.get("events") or []):
            print("warning: calendar %s has no start event" % c.get("name"))


if __name__ == "__main__":
    main()
