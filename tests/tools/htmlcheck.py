#!/usr/bin/env python3
"""htmlcheck.py - check that an HTML report stands on its own and is well
formed, with the standard library's parser.

    htmlcheck.py FILE     prints the number of body rows of its tables
                          (<tr> inside <tbody>), of those that are a line
                          alone (class "line": no cells for CSV or JSON),
                          and of stripboard rows (<div class="r ...">),
                          tab-separated

Exit 1, saying why, when: it is not UTF-8; it has no <!DOCTYPE html>; an
element is closed that is not open, or left open at the end (void elements
aside); it has a <script>, a <link>, an <iframe>, an <object> or an
<embed>; or any attribute or style sheet names something to fetch (src=,
href= other than a fragment, url(, @import).
"""
import html.parser
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
FORBIDDEN = {"script", "link", "iframe", "object", "embed", "img"}
# elements a parser closes by itself when the next one starts
IMPLIED = {"p", "li", "td", "th", "tr", "thead", "tbody", "option"}


class Check(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.rows = 0
        self.lines = 0
        self.strips = 0
        self.style = ""
        self.in_style = False
        self.errors = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.errors.append("a <%s> element" % tag)
        for name, value in attrs:
            if name == "src" or (name == "href" and not (value or "").startswith("#")):
                self.errors.append("<%s %s=%r> fetches something" % (tag, name, value))
            if name == "style" and value and re.search(r"url\(|@import", value):
                self.errors.append("<%s style=%r> fetches something" % (tag, value))
        if tag == "tr" and "tbody" in self.stack:
            self.rows += 1
            if "line" in (dict(attrs).get("class") or "").split():
                self.lines += 1
        if tag == "div" and re.match(r"r( |$)", dict(attrs).get("class") or ""):
            self.strips += 1
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag in VOID:
            return
        if tag not in self.stack:
            self.errors.append("</%s> closes nothing" % tag)
            return
        while self.stack and self.stack[-1] != tag:
            left = self.stack.pop()
            if left not in IMPLIED:
                self.errors.append("<%s> is never closed (before </%s>)" % (left, tag))
        self.stack.pop()

    def handle_data(self, data):
        if self.in_style:
            self.style += data


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    raw = open(argv[1], "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("htmlcheck: not UTF-8: %s" % e, file=sys.stderr)
        sys.exit(1)
    if not text.startswith("<!DOCTYPE html>"):
        print("htmlcheck: no <!DOCTYPE html> first", file=sys.stderr)
        sys.exit(1)
    p = Check()
    p.feed(text)
    p.close()
    if re.search(r"url\(|@import", p.style):
        p.errors.append("the style sheet fetches something")
    for left in p.stack:
        if left not in IMPLIED:
            p.errors.append("<%s> is never closed" % left)
    if p.errors:
        for e in p.errors[:10]:
            print("htmlcheck: " + e, file=sys.stderr)
        sys.exit(1)
    print("%d\t%d\t%d" % (p.rows, p.lines, p.strips))


if __name__ == "__main__":
    main(sys.argv)
