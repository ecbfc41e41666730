#!/usr/bin/env python3
"""msdcheck.py - an independent reader of Movie Magic Scheduling .msd files,
written from FORMATS section 2 (docs/sb-import.1, docs/sb-export.1) and
not from lib/fmt_msd_write.c or lib/fmt_msd_read.c, for the tests of
sb-export --format msd (tests/cli/t0120-sb-export-msd.sh).

    msdcheck.py FILE.msd > summary.txt

It checks the container (header fields, sections back to back from 716,
the 35-byte marker, 32 NULs, flag 1, raw DEFLATE, the section map of
332-byte records ending the file) and every element path of the section,
strictly: an element or attribute the format does not name is an error,
and so is a value that is not what FORMATS says it is (MM/DD/YYYY dates,
0|1 flags, "r,g,b" colours, eighths and estimates as integers or H:MM, a
reference that names nothing, a sheet twice on a board or missing from
one).  On success it prints a summary, one fact a line, for the test to
compare with what the database holds:

    title TEXT
    property NAME=VALUE
    category NAME
    element CATEGORY|NAME|BOARDID
    sheet BDSID|SCENES|IE|DN|SET|LOCATION|SCRIPTDAY|EIGHTHS|MINUTES
    ref BDSID|CATEGORY|NAME
    link CATEGORY|NAME|CATEGORY|NAME
    board NAME|CALENDAR
    strip BOARD|LANE|DAY|BDSID or banner:TEXT   (LANE: day, remaining, boneyard)
    active NAME
    calendar NAME|START|DAYSOFF
    special CALENDAR|MM/DD/YYYY|Off Holiday CompanyTravel ExceptionWorkday
    colour ROW|COLUMN|FG|BG
    redflag ELEMENT|DATE|NOTE
Exit 1 with the reasons on stderr when the file breaks a rule.
"""

import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

FILE_MAGIC = b"/********* EPSF FILE ********/"
SEC_MAGIC = b"/********* EPSF SECTION *********/ "
MAP_MAGIC = b"/********* EPSF SECTION MAP *********/"

errors = []


def err(msg):
    errors.append(msg)


def cstr(b):
    return b.split(b"\0", 1)[0].decode("utf-8")


MDY = re.compile(r"^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4}$")
RGB = re.compile(r"^([0-9]{1,3}),([0-9]{1,3}),([0-9]{1,3})$")
INT = re.compile(r"^[0-9]+$")
HMM = re.compile(r"^[0-9]{1,3}:[0-5][0-9](:[0-5][0-9])?$")


def only_attrs(el, where, allowed, required=()):
    for a in el.attrib:
        if a not in allowed:
            err("%s: attribute %s is not in FORMATS" % (where, a))
    for a in required:
        if a not in el.attrib:
            err("%s: attribute %s is missing" % (where, a))


def only_children(el, where, allowed):
    for c in el:
        if c.tag not in allowed:
            err("%s: element <%s> is not in FORMATS" % (where, c.tag))


def flag(el, where, name):
    v = el.get(name)
    if v is not None and v not in ("0", "1"):
        err("%s: %s=%r is not 0 or 1" % (where, name, v))
    return v == "1"


def container(data):
    if len(data) < 716:
        err("shorter than the 716-byte header")
        return []
    if data[:64] != FILE_MAGIC + b"\0" * (64 - len(FILE_MAGIC)):
        err("byte 0: not the EPSF magic padded with NULs")
    if cstr(data[64:128]) != "00.01.001":
        err("byte 64: EPSF version %r" % cstr(data[64:128]))
    if cstr(data[128:192]) != "EPS Schedule File":
        err("byte 128: file type %r" % cstr(data[128:192]))
    if cstr(data[192:256])[:3] not in ("05.", "06."):
        err("byte 192: schedule format %r" % cstr(data[192:256]))
    map_off, count = struct.unpack(">II", data[260:268])
    if map_off + count * 332 != len(data):
        err("map offset %d + %d records is not the file size %d" % (map_off, count, len(data)))
        return []
    docs = []
    expect = 716
    for i in range(count):
        r = data[map_off + i * 332: map_off + (i + 1) * 332]
        if r[:68] != MAP_MAGIC + b"\0" * (68 - len(MAP_MAGIC)):
            err("map record %d: no marker" % (i + 1))
        off, length = struct.unpack(">II", r[68:76])
        name = cstr(r[76:140])
        if off != expect:
            err("section %d (%s) at %d, want %d" % (i + 1, name, off, expect))
            return docs
        sec = data[off:off + length]
        if sec[:35] != SEC_MAGIC or sec[35:67] != b"\0" * 32:
            err("section %d (%s): bad section header" % (i + 1, name))
        if sec[67] != 1:
            err("section %d (%s): flag %d, not 1 (raw DEFLATE)" % (i + 1, name, sec[67]))
            continue
        d = zlib.decompressobj(-15)
        xml = d.decompress(sec[68:])
        if not d.eof or d.unused_data:
            err("section %d (%s): not one whole raw DEFLATE stream" % (i + 1, name))
        if b"<!DOCTYPE" in xml:
            err("section %d (%s): a DOCTYPE" % (i + 1, name))
        try:
            xml.decode("utf-8")
            docs.append((name, ET.fromstring(xml)))
        except (UnicodeDecodeError, ET.ParseError) as e:
            err("section %d (%s): %s" % (i + 1, name, e))
        expect = off + length
    if expect != map_off:
        err("the sections end at %d, the map starts at %d" % (expect, map_off))
    return docs


def props(root, where, out):
    """ProductionInfo/*/Property and the preferences' PropertyList."""
    for c in root:
        for p in c:
            only_attrs(p, where + "/" + c.tag + "/Property", ("Name", "Value"), ("Name",))
            if p.tag != "Property":
                err("%s/%s: <%s> is not a Property" % (where, c.tag, p.tag))
            out.append((p.get("Name"), p.get("Value") if p.get("Value") is not None
                        else (p.text or "")))


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    docs = container(data)
    roots = {}
    for name, root in docs:
        if root.tag in roots:
            err("two sections with the root %s" % root.tag)
        roots[root.tag] = root
    known = ("ProductionInfo", "CategoryMgr", "ElementMgr", "BreakdownSheetMgr",
             "StripBoardMgr", "CalendarMgr", "ColorSettings", "DOODLayoutMgr",
             "PrintViewOptions", "StripBoardLayoutMgr", "ReportLayoutMgr", "RedFlagMgr")
    for tag in roots:
        if tag not in known:
            err("a section with the root %s, not in FORMATS" % tag)
    for tag in ("CalendarMgr", "CategoryMgr", "ElementMgr", "BreakdownSheetMgr",
                "StripBoardMgr"):
        if tag not in roots:
            err("the required section %s is missing" % tag)
    out = []
    o = out.append

    info = roots.get("ProductionInfo")
    if info is not None:
        only_children(info, "ProductionInfo", ("PropertyList",))
        plist = []
        props(info, "ProductionInfo", plist)
        for n, v in plist:
            if n == "PictureTitle":
                o("title %s" % v)
            o("property %s=%s" % (n, v))

    cats = set()
    cm = roots.get("CategoryMgr")
    if cm is not None:
        only_children(cm, "CategoryMgr", ("CategoryList",))
        for c in cm.findall("CategoryList/Category"):
            only_attrs(c, "Category", ("Name", "SortOrder", "SortBy"), ("Name",))
            only_children(c, "Category", ())
            cats.add(c.get("Name"))
            o("category %s" % c.get("Name"))

    els = set()
    em = roots.get("ElementMgr")
    links = []
    if em is not None:
        only_children(em, "ElementMgr", ("Elements",))
        for e in em.findall("Elements/Element"):
            w = "Element %r" % e.get("Name")
            only_attrs(e, w, ("CategoryName", "Name", "BoardID", "SortOrder"),
                       ("CategoryName", "Name"))
            only_children(e, w, ("Property", "LinkedElements"))
            if e.get("CategoryName") not in cats:
                err("%s: CategoryName %r names no Category" % (w, e.get("CategoryName")))
            if e.get("SortOrder") is not None and not INT.match(e.get("SortOrder")):
                err("%s: SortOrder %r" % (w, e.get("SortOrder")))
            els.add((e.get("CategoryName"), e.get("Name")))
            o("element %s|%s|%s" % (e.get("CategoryName"), e.get("Name"), e.get("BoardID") or ""))
            for p in e.findall("Property"):
                only_attrs(p, w + "/Property", ("Name", "Value"), ("Name",))
            for le in e.findall("LinkedElements/LinkedElement"):
                only_attrs(le, w + "/LinkedElement", ("CategoryName", "Name"),
                           ("CategoryName", "Name"))
                links.append((e, le))
        for e, le in links:
            if (le.get("CategoryName"), le.get("Name")) not in els:
                err("LinkedElement %r names no Element" % le.get("Name"))
            o("link %s|%s|%s|%s" % (e.get("CategoryName"), e.get("Name"),
                                     le.get("CategoryName"), le.get("Name")))

    sheet_attrs = ("BDSID", "SheetNumber", "Scenes", "IE", "DN", "Set", "Location",
                   "Synopsis", "ScriptDay", "Sequence", "Unit", "Comments",
                   "ScriptPageNumbers", "NumScriptPages", "EstimateTimeA", "EstimateTimeB")
    sheets = []
    bm = roots.get("BreakdownSheetMgr")
    if bm is not None:
        only_children(bm, "BreakdownSheetMgr", ("BreakdownSheets",))
        for s in bm.findall("BreakdownSheets/BreakdownSheet"):
            w = "BreakdownSheet %r" % s.get("BDSID")
            only_attrs(s, w, sheet_attrs, ("BDSID",))
            only_children(s, w, ("ElementRefs",))
            if s.get("BDSID") in sheets:
                err("%s: a second sheet with this BDSID" % w)
            sheets.append(s.get("BDSID"))
            n = s.get("NumScriptPages")
            if n is not None and not INT.match(n):
                err("%s: NumScriptPages %r is not a count of eighths" % (w, n))
            a, b = s.get("EstimateTimeA"), s.get("EstimateTimeB")
            minutes = ""
            # one of them H:MM (A first), or both whole numbers (B hours,
            # A minutes); an empty one says nothing
            hm = a if a and ":" in a else b if b and ":" in b else None
            if hm is not None and HMM.match(hm):
                p = [int(x) for x in hm.split(":")]
                minutes = str(p[0] * 60 + p[1]) + (":%02d" % p[2] if len(p) == 3 else "")
            elif hm is None and (not a or INT.match(a)) and (not b or INT.match(b)):
                if a or b:
                    minutes = str(int(b or 0) * 60 + int(a or 0))
            else:
                err("%s: EstimateTimeA %r, EstimateTimeB %r" % (w, a, b))
            o("sheet %s" % "|".join([s.get("BDSID"), s.get("Scenes") or ""] +
                                    [s.get(k) or "" for k in ("IE", "DN", "Set", "Location",
                                                              "ScriptDay")] +
                                    [n or "", minutes]))
            for r in s.findall("ElementRefs/ElementRef"):
                only_attrs(r, w + "/ElementRef", ("CategoryName", "ElementName"),
                           ("CategoryName", "ElementName"))
                if (r.get("CategoryName"), r.get("ElementName")) not in els:
                    err("%s: ElementRef %r names no Element" % (w, r.get("ElementName")))
                o("ref %s|%s|%s" % (s.get("BDSID"), r.get("CategoryName"), r.get("ElementName")))

    calendars = set()
    cal = roots.get("CalendarMgr")
    if cal is not None:
        only_children(cal, "CalendarMgr", ("CalendarMgrPreferences", "Calendars"))
        for c in cal.findall("Calendars/Calendar"):
            # a StripBoard names its calendar: a Name is needed, and once
            if not c.get("Name"):
                err("a Calendar without a Name")
            elif c.get("Name") in calendars:
                err("two Calendars named %r" % c.get("Name"))
            calendars.add(c.get("Name"))
        pl = []
        for pref in cal.findall("CalendarMgrPreferences"):
            only_children(pref, "CalendarMgrPreferences", ("PropertyList",))
            props(pref, "CalendarMgrPreferences", pl)
        for n, v in pl:
            if n != "DefaultCalendar":
                err("CalendarMgrPreferences: property %r" % n)
            elif v not in calendars:
                err("DefaultCalendar %r names no Calendar" % v)
        for c in cal.findall("Calendars/Calendar"):
            w = "Calendar %r" % c.get("Name")
            only_attrs(c, w, ("Name",), ("Name",))
            only_children(c, w, ("ScheduleDates", "DaysOff", "SpecialDays"))
            start = ""
            for d in c.findall("ScheduleDates/ScheduleDate"):
                only_attrs(d, w + "/ScheduleDate", ("Name", "Date"), ("Name", "Date"))
                if d.get("Name") not in ("ProductionStartDate", "ProductionEndDate",
                                         "ProductionWrapDate", "ProductionPrepStartDate"):
                    err("%s: ScheduleDate %r" % (w, d.get("Name")))
                if not MDY.match(d.get("Date") or ""):
                    err("%s: ScheduleDate date %r is not MM/DD/YYYY" % (w, d.get("Date")))
                if d.get("Name") == "ProductionStartDate":
                    start = d.get("Date")
            off = ""
            for d in c.findall("DaysOff"):
                only_attrs(d, w + "/DaysOff", ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"))
                off = "".join(str(i) for i, k in enumerate(("Sun", "Mon", "Tue", "Wed",
                                                            "Thu", "Fri", "Sat"))
                              if flag(d, w + "/DaysOff", k))
            o("calendar %s|%s|%s" % (c.get("Name"), start, off))
            for d in c.findall("SpecialDays/SpecialDay"):
                ww = w + "/SpecialDay %r" % d.get("Date")
                only_attrs(d, ww, ("Date", "Off", "Holiday", "CompanyTravel",
                                   "ExceptionWorkday"), ("Date",))
                if not MDY.match(d.get("Date") or ""):
                    err("%s: not MM/DD/YYYY" % ww)
                fl = [k for k in ("Off", "Holiday", "CompanyTravel", "ExceptionWorkday")
                      if flag(d, ww, k)]
                o("special %s|%s|%s" % (c.get("Name"), d.get("Date"), " ".join(fl)))

    sbm = roots.get("StripBoardMgr")
    if sbm is not None:
        only_children(sbm, "StripBoardMgr", ("StripBoardMgrPreferences", "StripBoards"))
        names = [b.get("Name") for b in sbm.findall("StripBoards/StripBoard")]
        pl = []
        for pref in sbm.findall("StripBoardMgrPreferences"):
            only_children(pref, "StripBoardMgrPreferences", ("PropertyList",))
            props(pref, "StripBoardMgrPreferences", pl)
        for n, v in pl:
            if n != "ActiveStripBoard":
                err("StripBoardMgrPreferences: property %r" % n)
            elif v not in names:
                err("ActiveStripBoard %r names no StripBoard" % v)
            else:
                o("active %s" % v)

        def strips(board, lane, day, box, seen):
            for s in box:
                if s.tag == "BDSStrip":
                    only_attrs(s, "BDSStrip", ("BDSID",), ("BDSID",))
                    i = s.get("BDSID")
                    if i not in sheets:
                        err("board %r: BDSStrip %r names no sheet" % (board, i))
                    if i in seen:
                        err("board %r: BDSStrip %r twice" % (board, i))
                    seen.add(i)
                    o("strip %s|%s|%s|%s" % (board, lane, day, i))
                elif s.tag == "BannerStrip":
                    only_attrs(s, "BannerStrip", ("Text", "FontColor"), ("Text",))
                    fc = s.get("FontColor")
                    if fc is not None and not RGB.match(fc):
                        err("BannerStrip FontColor %r is not r,g,b" % fc)
                    o("strip %s|%s|%s|banner:%s" % (board, lane, day, s.get("Text")))
                else:
                    err("board %r: <%s> among strips" % (board, s.tag))

        for b in sbm.findall("StripBoards/StripBoard"):
            name = b.get("Name")
            w = "StripBoard %r" % name
            only_attrs(b, w, ("Name", "CalendarName"), ("Name",))
            only_children(b, w, ("ScheduledStrips", "UnscheduledStrips"))
            if b.get("CalendarName") is not None and b.get("CalendarName") not in calendars:
                err("%s: CalendarName %r names no Calendar" % (w, b.get("CalendarName")))
            o("board %s|%s" % (name, b.get("CalendarName") or ""))
            seen = set()
            day = 0
            for ss in b.findall("ScheduledStrips"):
                only_children(ss, w + "/ScheduledStrips",
                              ("ScheduleDay", "RemainingScheduledStrips"))
                for d in ss.findall("ScheduleDay"):
                    day += 1
                    if d.attrib:
                        err("%s: ScheduleDay with attributes" % w)
                    strips(name, "day", day, d, seen)
                for r in ss.findall("RemainingScheduledStrips"):
                    strips(name, "remaining", "", r, seen)
            for u in b.findall("UnscheduledStrips"):
                only_children(u, w + "/UnscheduledStrips",
                              ("UnscheduledDay", "RemainingUnscheduledStrips"))
                for g in u:
                    strips(name, "boneyard", "", g, seen)
            for i in sheets:
                if i not in seen:
                    err("%s: sheet %r is on no day, remaining or unscheduled list" % (w, i))

    cs = roots.get("ColorSettings")
    if cs is not None:
        only_children(cs, "ColorSettings", ("ColorGrid",))
        for c in cs.findall("ColorGrid/ColorGridCells/ColorGridCell"):
            only_attrs(c, "ColorGridCell", ("RowNumber", "ColumnNumber", "Fg", "Bg"),
                       ("RowNumber", "ColumnNumber", "Fg", "Bg"))
            for k in ("Fg", "Bg"):
                if not RGB.match(c.get(k) or ""):
                    err("ColorGridCell %s %r is not r,g,b" % (k, c.get(k)))
            o("colour %s|%s|%s|%s" % (c.get("RowNumber"), c.get("ColumnNumber"),
                                      c.get("Fg"), c.get("Bg")))
    rf = roots.get("RedFlagMgr")
    if rf is not None:
        only_children(rf, "RedFlagMgr", ("RedFlagEntryList",))
        for e in rf.findall("RedFlagEntryList/RedFlagEntry"):
            only_attrs(e, "RedFlagEntry", ("ID", "Name", "Note", "Date", "Category",
                                           "Element", "DOODStatus"))
            o("redflag %s|%s|%s" % (e.get("Element"), e.get("Date"), e.get("Note")))

    if errors:
        for e in errors:
            sys.stderr.write("msdcheck.py: %s: %s\n" % (sys.argv[1], e))
        sys.exit(1)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
