#!/bin/sh
# sb-report board --format html, rendered by a real browser (headless
# Chromium): a screenshot of the full sample's First Pass, whose pixels
# where known strips stand are their colours (an EXT night scene green, an
# INT night one blue, EXT day yellow, INT day white), a day break black,
# days off grey and a holiday red; and the print layout, printed to PDF on
# A4 and on US Letter landscape, has one sheet per page of the document:
# no page of the board overflows onto a second sheet on either paper.
. "${top_srcdir:-.}/tests/cli/lib.sh"

if [ -z "${CHROMIUM:-}" ] || ! "$CHROMIUM" --version >/dev/null 2>&1; then
	echo "1..0 # SKIP no Chromium to render the HTML in (Debian: apt-get install chromium; .ci/deps installs it)"
	exit 0
fi
if [ -z "${PYTHON3:-}" ]; then
	echo "1..0 # SKIP no python3 to read the screenshot and the PDF"
	exit 0
fi
tools="$top_srcdir/tests/tools"

# chromium ARGS...: headless, its profile in the scratch directory, no
# sandbox (tests may run as root, where Chromium refuses its own), quiet
chromium() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
	    --disable-extensions --user-data-dir="$tmp/profile" --hide-scrollbars \
	    --force-device-scale-factor=1 "$@" >chromium.out 2>&1
}

sb-import -q --db wl.db "$full" || exit 99
expect_status 0 "sb-report board --format html writes the board" \
    sb-report --db wl.db --board "First Pass" board --format html
mv out board.html
expect_status 0 "html is the board's format when none is named" \
    sb-report --db wl.db --board "First Pass" board
if same_file out board.html; then ok "  ... the same document"; else not_ok "  ... the same document"; fi
if "$PYTHON3" "$tools/htmlcheck.py" board.html > counts 2>err; then
	ok "  ... well formed, nothing to fetch, nothing to run"
else not_ok "  ... well formed, nothing to fetch, nothing to run"; fi

# Where a row stands: pages are 706 px high with 16 px between them on
# screen, a row is 20 px under a header of 48 and the column names' 18.
# rowpos PATTERN: "PAGE ROW" (from 0) of the first row holding PATTERN
rowpos() {
	awk -v pat="$1" '
	    /<section / { page++; row = 0; next }
	    /^<div class="r / { if (index($0, pat)) { print page - 1, row; exit } row++ }' board.html
}
# y PATTERN: the screen y of the middle of that row
y() {
	set -- $(rowpos "$1")
	[ $# -eq 2 ] || { echo -1; return; }
	echo $(( $1 * 722 + 48 + 18 + $2 * 20 + 10 ))
}
y_ext_night=$(y '<span class="sc">78</span>')     # EXT BEDFORD FALLS - MAIN STREET, NIGHT
y_int_night=$(y '<span class="sc">18</span>')     # INT BAILEY HOME - DINING ROOM, NIGHT
y_ext_day=$(y '<span class="sc">17</span>')       # EXT BEDFORD FALLS - MAIN STREET, DAY
y_int_day=$(y '<span class="sc">107</span>')      # INT BANK, DAY
y_break=$(y 'END OF DAY 1 ')
y_off=$(y 'Sat, Aug 13, 2022')
y_holiday=$(y 'Mon, Sep 5, 2022')
for v in "$y_ext_night" "$y_int_night" "$y_ext_day" "$y_int_day" "$y_break" "$y_off" "$y_holiday"; do
	[ "$v" -ge 0 ] || { not_ok "every strip sampled is on the board"; break; }
done
height=$(( y_holiday + 40 ))

if chromium --window-size=990,$height --screenshot="$tmp/shot.png" "file://$tmp/board.html" &&
    [ -s shot.png ]; then
	ok "Chromium renders the board (990x$height)"
else
	not_ok "Chromium renders the board"; sed 's/^/# /' chromium.out | tail -n 5
fi
# the colour chip at the left of each row (x 5) holds no text
"$PYTHON3" "$tools/pngpixel.py" shot.png 5,$y_ext_night 5,$y_int_night 5,$y_ext_day \
    5,$y_int_day 5,$y_break 5,$y_off 5,$y_holiday > pixels || not_ok "the screenshot reads"
# colour NAME R G B: whether R G B is that colour
colour() {
	case $1 in
	green) [ "$3" -gt $(( $2 + 40 )) ] && [ "$3" -gt $(( $4 + 40 )) ] ;;
	blue) [ "$4" -gt $(( $2 + 40 )) ] && [ "$4" -gt $(( $3 + 10 )) ] ;;
	yellow) [ "$2" -gt 200 ] && [ "$3" -gt 200 ] && [ "$4" -lt 160 ] ;;
	white) [ "$2" -gt 245 ] && [ "$3" -gt 245 ] && [ "$4" -gt 245 ] ;;
	black) [ "$2" -lt 30 ] && [ "$3" -lt 30 ] && [ "$4" -lt 30 ] ;;
	grey) [ "$2" -gt 180 ] && [ "$2" -lt 240 ] && [ "$2" -eq "$3" ] && [ "$3" -eq "$4" ] ;;
	red) [ "$2" -gt 150 ] && [ "$3" -lt 90 ] && [ "$4" -lt 90 ] ;;
	esac
}
i=0
for want in "green:an EXT night scene (78)" "blue:an INT night scene (18)" \
    "yellow:an EXT day scene (17)" "white:an INT day scene (107)" \
    "black:the day break of day 1" "grey:the weekend off after day 8" \
    "red:Labor Day, a holiday"; do
	i=$((i + 1))
	px=$(sed -n "${i}p" pixels)
	# shellcheck disable=SC2086
	if colour "${want%%:*}" $px; then ok "${want#*:} is ${want%%:*} on screen ($px)"
	else not_ok "${want#*:} is ${want%%:*} on screen (got $px)"; fi
done

# Printing: the document's pages on A4 and on Letter, one sheet each.
pages=$(grep -c '<section ' board.html)
bone=$(awk '/<section /{p++} /boneyard \(not scheduled\)/{print p; exit}' board.html)
is "the boneyard starts the last page of the document" "$bone" "$pages"
# pdfpages FILE: the sheets of a PDF and the size of the first, in points
pdfpages() {
	"$PYTHON3" -c '
import re, sys
data = open(sys.argv[1], "rb").read()
pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
print(pages, round(float(box.group(1))) if box else 0, round(float(box.group(2))) if box else 0)
' "$1"
}
for paper in "A4:842 595" "letter:792 612"; do
	name=${paper%%:*}
	sed "s/@page{size:landscape;/@page{size:$name landscape;/" board.html > "$name.html"
	if chromium --no-pdf-header-footer --print-to-pdf-no-header \
	    --print-to-pdf="$tmp/$name.pdf" "file://$tmp/$name.html" && [ -s "$name.pdf" ]; then
		is "printed on $name landscape: one sheet a page, $pages" \
		    "$(pdfpages "$name.pdf")" "$pages ${paper#*:}"
	else
		not_ok "Chromium prints the board on $name"; sed 's/^/# /' chromium.out | tail -n 5
	fi
done
done_testing
