#!/bin/sh
# sb-report dood --format html on a long run: the dates are printed ten at
# a time, each run of ten its own section (its own printed pages) with the
# element, its id and the totals beside them and the dates it covers in its
# header; rendered in a real browser (Chromium), every section fits the
# 990 px of a landscape page, and each prints on A4 and on Letter, with
# its column names repeated on each sheet a long cast fills.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${CHROMIUM:-}" ] || ! "$CHROMIUM" --version >/dev/null 2>&1; then
	echo "1..0 # SKIP no Chromium to render the HTML in (Debian: apt-get install chromium; .ci/deps installs it)"
	exit 0
fi
if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3 to read the HTML and the PDF"
	exit 0
fi
chromium() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
	    --disable-extensions --user-data-dir="$tmp/profile" --hide-scrollbars \
	    --force-device-scale-factor=1 "$@" >chromium.out 2>&1
}

sb-import -q --db wl.db "$full" || exit 99
expect_status 0 "the Day Out of Days of the full sample as HTML" \
    sb-report --db wl.db --board "First Pass" dood --format html
mv out dood.html
sb-report --db wl.db --board "First Pass" dood --format csv > dood.csv
ndates=$(head -n 1 dood.csv | tr ',' '\n' | grep -c '^[0-9][0-9][0-9][0-9]-')
nels=$(($(wc -l < dood.csv) - 1))
sections=$(grep -c '<section ' dood.html)
is "one section for each ten dates ($ndates dates)" "$sections" $(((ndates + 9) / 10))
is "  ... each saying which dates it holds" \
    "$(grep -o '<span class="run">[^<]*' dood.html | sed 's/.*">//' | sed -n '1p;$p' | tr '\n' '|')" \
    "days 1 of $sections: $(head -n 1 dood.csv | tr ',' '\n' | grep '^[0-9]' | sed -n 1p) to $(head -n 1 dood.csv | tr ',' '\n' | grep '^[0-9]' | sed -n 10p)|days $sections of $sections: $(head -n 1 dood.csv | tr ',' '\n' | grep '^[0-9]' | sed -n "$((10 * (sections - 1) + 1))p") to $(head -n 1 dood.csv | tr ',' '\n' | grep '^[0-9]' | tail -n 1)|"
"$PYTHON3" - dood.html "$nels" > sec.txt <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
secs = re.findall(r"<section .*?</section>", html, re.S)
dates = set()
for s in secs:
    head = re.search(r"<thead>(.*?)</thead>", s, re.S).group(1)
    names = re.findall(r"<th[^>]*>(.*?)</th>", head.split("</tr>")[-2])
    ds = [n for n in names if re.match(r"\d\d/\d\d<br>", n)]
    dates.update(ds)
    rows = len(re.findall(r"<tr class=\"[^\"]*\">", s.split("<tbody>")[1]))
    print("%d dates, %d rows, element %s, total %s" % (len(ds), rows,
          "ELEMENT" in names, "TOTAL" in names))
print("all %d" % len(dates))
EOF
is "  ... every element in each, with its name and totals, and every date once" \
    "$(sort -u sec.txt | grep -v '^all' | sed 's/^[0-9]* dates, //' | sort -u)
$(grep '^all' sec.txt)" "$nels rows, element True, total True
all $ndates"

# Rendered: no section wider than a landscape page (990 px)
sed 's|</body>|<script>document.body.setAttribute("data-w", String(Math.max.apply(null, Array.prototype.map.call(document.querySelectorAll("section"), function (s) { return Math.ceil(Math.max(s.scrollWidth, s.getBoundingClientRect().width)); }))));</script></body>|' \
    dood.html > measure.html
chromium --window-size=990,700 --dump-dom "file://$tmp/measure.html" && cp chromium.out dom.html
width=$(grep -o 'data-w="[0-9]*"' dom.html | tr -dc 0-9)
if [ -n "$width" ] && [ "$width" -le 990 ]; then ok "in Chromium, every section is at most 990 px wide ($width)"
else not_ok "in Chromium, every section is at most 990 px wide (${width:-not measured})"; fi

# Printed on A4 and Letter landscape: each section starts a sheet
pdfpages() {
	"$PYTHON3" -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", open(sys.argv[1], "rb").read())))' "$1"
}
for name in A4 Letter; do
	sed "s/@page{size:landscape;/@page{size:$name landscape;/" dood.html > "$name.html"
	if chromium --no-pdf-header-footer --print-to-pdf-no-header \
	    --print-to-pdf="$tmp/$name.pdf" "file://$tmp/$name.html" && [ -s "$name.pdf" ]; then
		p=$(pdfpages "$name.pdf")
		if [ "$p" -ge "$sections" ]; then ok "printed on $name: $p sheets for $sections sections"
		else not_ok "printed on $name: $p sheets for $sections sections"; fi
	else
		not_ok "Chromium prints the Day Out of Days on $name"; sed 's/^/# /' chromium.out | tail -n 5
	fi
done

# a short run is one table, as before
sb-report --db wl.db --board "First Pass" oneliner --format html > one.html
is "a report without dates is one section" "$(grep -c '<section ' one.html)" 1
sb-report --db wl.db --board "First Pass" dood --format html > again.html
if same_file again.html dood.html; then ok "the same bytes again"; else not_ok "the same bytes again"; fi

done_testing
