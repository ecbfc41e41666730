#!/bin/sh
# The scan for unpaired surrogate escapes (lib/base_jstream.c, esc_scan())
# takes eight bytes at a time where they hold no backslash: a lone
# surrogate, an escaped quote or backslash before it and a pair after it
# are found the same at every place of the text relative to those eight,
# between strings and in one.
. "${top_srcdir:-.}/tests/cli/lib.sh"

pad() { head -c "$1" /dev/zero | tr '\0' "$2"; }
pre='{"board":"B","strip_id":"s1","scene":"1","synopsis":"'
for lead in 0 1 2 3 4 5 6 7; do
	for at in 0 1 2 3 4 5 6 7 8 9; do
		# plain bytes from the string's quote to the escape, then a quote
		# and a backslash escaped
		body="$(pad "$at" x)abcdefghi" tail='q\"r\\s\"t'
		{ pad "$lead" ' '; printf '[%s%s\\ud800%s"}]\n' "$pre" "$body" "$tail"; } > lone.json
		# the column of the string's closing quote, as for high.json in t0002
		col=$((lead + 1 + ${#pre} + ${#body} + 6 + ${#tail} + 1))
		run sb-import --db "lone.db" --project P lone.json
		if [ "$rc" -ne 3 ] || ! err_has "lone.json: line 1: column $col: invalid Unicode escape: an unpaired surrogate" ||
		    [ -e lone.db ]; then
			not_ok "a lone high surrogate, $lead spaces before, $at bytes into the string (exit $rc)"
			sed 's/^/# /' err
		else
			ok "a lone high surrogate, $lead spaces before, $at bytes into the string"
		fi
		{ pad "$lead" ' '; printf '[%s%s\\ud83c\\udfac %s"}]\n' "$pre" "$body" "$tail"; } > pair.json
		rm -f pair.db
		run sb-import -q --db pair.db --project P pair.json
		is "  ... a pair there is read as its character" "$rc:$(sql pair.db \
		    "SELECT synopsis FROM strip")" "0:$(pad "$at" x)abcdefghi🎬 q\"r\\s\"t"
	done
done
# a low one, after strings of more than eight plain bytes
printf '[{"board":"B","strip_id":"s1","scene":"1","set":"abcdefghijklmnop","synopsis":"abcdefghijklmnopq\\udc00"}]\n' > low.json
run sb-import --db low.db --project P low.json
is "a lone low surrogate after quotes at every place of eight" "$rc" 3
check "  ... the reason" err_has "invalid Unicode escape: an unpaired surrogate"

done_testing
