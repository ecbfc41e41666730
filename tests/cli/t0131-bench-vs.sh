#!/bin/sh
# sb-bench --vs: two command lines timed in turn, both reported with their
# percentiles and the ratio of their medians; its usage errors; --reuse
# runs on a production a run with --keep left.
. "${top_srcdir:-.}/tests/cli/lib.sh"

expect_status 0 "--vs times two command lines" sb-bench --vs --repeat 7 --format ndjson \
    "sb-log --version" "sb-export --version"
check "three lines: A, B and the ratio" test "$(wc -l < out)" -eq 3
field() { sed -n "$1p" out | sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p"; }
check "A ran 7 times" test "$(field 1 runs)" = 7
check "B ran 7 times" test "$(field 2 runs)" = 7
check "each has its command" sh -c 'sed -n 1p out | grep -q "\"command\":\"sb-log --version\""'
for f in ms min_ms p95_ms p99_ms max_ms rss_kib; do
	check "A has $f" sh -c "sed -n 1p out | grep -q '\"$f\":[0-9]'"
done
check "min <= p50 <= p95 <= p99 <= max" awk -v a="$(field 1 min_ms)" -v b="$(field 1 ms)" \
    -v c="$(field 1 p95_ms)" -v d="$(field 1 p99_ms)" -v e="$(field 1 max_ms)" \
    'BEGIN { exit !(a <= b && b <= c && c <= d && d <= e) }'
check "the ratio is A's median over B's" awk -v a="$(field 1 ms)" -v b="$(field 2 ms)" \
    -v r="$(field 3 ratio)" 'BEGIN { exit !(b > 0 && (a / b - r) < 0.001 && (r - a / b) < 0.001) }'

# CPU time: user + sys of each child, not its wall time
printf '#!/bin/sh\ni=0\nwhile [ $i -lt 30000 ]; do i=$((i + 1)); done\n' > spin
chmod +x spin
expect_status 0 "--vs: a sleeping command against a busy one" sb-bench --vs --repeat 3 \
    --format ndjson "sleep 0.3" "./spin"
check "each has its CPU time" sh -c 'sed -n 1p out | grep -q "\"cpu_ms\":[0-9]" && sed -n 2p out | grep -q "\"cpu_ms\":[0-9]"'
check "the sleep's CPU time is a small part of its 300 ms" awk -v c="$(field 1 cpu_ms)" \
    -v ms="$(field 1 ms)" 'BEGIN { exit !(ms >= 300 && c < 100) }'
check "the busy loop's CPU time is above 0 and at most its wall time" awk -v c="$(field 2 cpu_ms)" \
    -v ms="$(field 2 ms)" 'BEGIN { exit !(c > 0 && c <= ms + 0.001) }'
check "the CPU ratio is A's CPU median over B's" awk -v a="$(field 1 cpu_ms)" -v b="$(field 2 cpu_ms)" \
    -v r="$(field 3 cpu_ratio)" 'BEGIN { exit !(b > 0 && (a / b - r) < 0.001 && (r - a / b) < 0.001) }'

# the runs alternate, B first every other time
expect_status 0 "-v prints each run" sb-bench --vs --repeat 3 -v --format csv \
    "sb-log --version" "sb-export --version"
check "A B B A A B" sh -c "grep -o 'sb-[a-z]* --version' err | sed -e 's/sb-log.*/A/' -e 's/sb-export.*/B/' | tr -d '\\n' | grep -qx ABBAAB"
check "CSV: a header and two rows" test "$(wc -l < out)" -eq 3
expect_status 0 "as a table" sb-bench --vs --repeat 2 --format table "sb-log --version" \
    "sb-export --version"
check "the table has the ratio" out_has "A/B (p50): "
check "and the CPU ratio" out_has "A/B (CPU, p50): "

# quoting: a word with a space stays one word
printf '#!/bin/sh\n[ "$#" -eq 1 ] && [ "$1" = "two words" ]\n' > onearg
chmod +x onearg
expect_status 0 "quoted words are one argument" sb-bench --vs --repeat 2 "./onearg 'two words'" \
    "./onearg \"two words\""
expect_status 1 "a command that fails fails the run" sb-bench --vs --repeat 2 "./onearg a b" \
    "sb-log --version"
check "and says which" err_has "onearg exited 1"
expect_status 2 "one command line is a usage error" sb-bench --vs "sb-log --version"
check "the message says two" err_has "--vs takes two command lines, not 1"
expect_status 2 "a command substitution is refused" sb-bench --vs 'echo $(ls)' true
check "the message says why" err_has "asks for a command to be substituted"
expect_status 4 "a program not found exits 4" sb-bench --vs no-such-program true
expect_status 2 "--vs with --sizes conflicts" sb-bench --vs --sizes 10 true true
expect_status 2 "--vs with --list conflicts" sb-bench --vs --list true true
expect_status 2 "--reuse needs --dir" sb-bench --reuse --sizes 10 --scenarios export-csv

# --reuse: the production a run kept, not a new one
mkdir kept
sb-bench --sizes 120 --scenarios synth --repeat 1 --dir kept --keep -q --format ndjson >/dev/null 2>&1
sqlite3 kept/120/bench.db "UPDATE board SET name = 'Renamed' WHERE name = 'Second Pass'"
expect_status 0 "--reuse runs on the kept production" sb-bench --sizes 120 --dir kept --reuse \
    --scenarios synth,export-csv --repeat 1 -q --format ndjson
check "no synth run: nothing was generated" sh -c '! grep -q "\"scenario\":\"synth\"" out'
check "the production is the one kept" test "$(sql kept/120/bench.db "SELECT count(*) FROM board WHERE name = 'Renamed'")" = 1
check "and it is kept" test -s kept/120/bench.db
done_testing
