#!/bin/sh
# sb-bench: options, a tiny run whose figures are checked for sense, the
# budget and its exit status, and the same production from the same seed.
. "${top_srcdir:-.}/tests/cli/lib.sh"

expect_status 0 "--help exits 0" sb-bench --help
check "--help prints the usage" out_has "usage: sb-bench"
expect_status 0 "--version exits 0" sb-bench --version
check "--version names the library and SQLite" sh -c 'grep -q libstripboard out && grep -q SQLite out'
expect_status 2 "a bad option is a usage error" sb-bench --bogus
check "the usage follows a bad option" err_has "usage: sb-bench"
expect_status 2 "a stray argument is a usage error" sb-bench extra
expect_status 2 "an unknown scenario is a usage error" sb-bench --scenarios nope
check "the error names the scenario" err_has 'no scenario called "nope"'
expect_status 2 "a size that is not a number is a usage error" sb-bench --sizes 10,lots
expect_status 2 "a size of zero is a usage error" sb-bench --sizes 0
expect_status 2 "an unknown format is a usage error" sb-bench --format xml
expect_status 2 "--repeat 0 is a usage error" sb-bench --repeat 0
expect_status 4 "a missing budget file is not found (exit 4)" sb-bench --budget no-such-budget
check "the message names the file" err_has "no-such-budget"
expect_status 4 "a missing --dir is not found" sb-bench --dir no-such-dir

expect_status 0 "--list lists the scenarios" sb-bench --list
check "the list has the exports" out_has "export-csv"
check "the slots say what they need" sh -c 'grep "^day-list" out | grep -q sb-day'

# A tiny run: the JSON objects carry every field, and the numbers make sense.
mkdir work
expect_status 0 "a run at 200 strips" sb-bench --sizes 200 --repeat 2 --dir work \
    --scenarios synth,import-csv,export-csv,export-uss,day-list,move --format ndjson
check "one object per scenario and size" test "$(wc -l < out)" -eq 6
cp out run.ndjson
check "nothing is left in --dir without --keep" test -z "$(ls work)"
if command -v jq >/dev/null 2>&1; then
	have_jq=1
else
	have_jq=0
fi
# field NAME SCENARIO: the value of a field, from the NDJSON line of a scenario
field() { grep "\"scenario\":\"$2\"" run.ndjson | sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p"; }
for f in scenario size status seed runs ms min_ms p95_ms p99_ms max_ms rows rows_per_s \
    rss_kib growth baseline baseline_ms ratio cpu_ms baseline_cpu_ms cpu_ratio budget; do
	check "export-csv has the field $f" sh -c "grep '\"scenario\":\"export-csv\"' run.ndjson | grep -q '\"$f\":'"
done
check "the export ran twice" test "$(field runs export-csv)" = 2
check "the export wrote the 200 strips of First Pass" test "$(field rows export-csv)" = 200
check "the export took between 0 and 60 s" awk -v ms="$(field ms export-csv)" 'BEGIN { exit !(ms > 0 && ms < 60000) }'
check "min <= median <= p95 <= max" awk -v a="$(field min_ms export-csv)" -v b="$(field ms export-csv)" \
    -v c="$(field p95_ms export-csv)" -v d="$(field max_ms export-csv)" 'BEGIN { exit !(a <= b && b <= c && c <= d) }'
check "rows per second agree with rows and time" awk -v r="$(field rows export-csv)" \
    -v ms="$(field ms export-csv)" -v rate="$(field rows_per_s export-csv)" \
    'BEGIN { want = r / (ms / 1000); exit !(rate > want * 0.99 - 1 && rate < want * 1.01 + 1) }'
check "the peak RSS is a child's: 1 to 200 MiB" awk -v k="$(field rss_kib export-csv)" 'BEGIN { exit !(k > 1024 && k < 204800) }'
check "the baseline is the sqlite3 shell" test "$(field baseline export-csv)" = '"sqlite3"'
check "the ratio is our time over the baseline's" awk -v ms="$(field ms export-csv)" \
    -v b="$(field baseline_ms export-csv)" -v r="$(field ratio export-csv)" \
    'BEGIN { exit !(b > 0 && r > 0 && (ms / b - r) < 0.01 && (r - ms / b) < 0.01) }'
# CPU time: user + sys of the child, never above its wall time (one process)
check "the export's CPU time is above 0 and at most its wall time" awk -v c="$(field cpu_ms export-csv)" \
    -v ms="$(field ms export-csv)" 'BEGIN { exit !(c > 0 && c <= ms + 0.001) }'
check "so is the baseline's" awk -v c="$(field baseline_cpu_ms export-csv)" \
    -v ms="$(field baseline_ms export-csv)" 'BEGIN { exit !(c > 0 && c <= ms + 0.001) }'
check "the CPU ratio is our CPU time over the baseline's" awk -v c="$(field cpu_ms export-csv)" \
    -v b="$(field baseline_cpu_ms export-csv)" -v r="$(field cpu_ratio export-csv)" \
    'BEGIN { exit !(b > 0 && r > 0 && (c / b - r) < 0.01 && (r - c / b) < 0.01) }'
check "an import's baseline has its CPU time too" awk -v r="$(field cpu_ratio import-csv)" 'BEGIN { exit !(r > 0) }'
check "so has a move's (the shell's write)" awk -v r="$(field cpu_ratio move)" 'BEGIN { exit !(r > 0) }'
check "the generator has a CPU time" awk -v c="$(field cpu_ms synth)" 'BEGIN { exit !(c > 0) }'
check "and no CPU ratio" test "$(field cpu_ratio synth)" = null
check "one size: no growth" test "$(field growth export-csv)" = null
check "no budget: null" test "$(field budget export-csv)" = null
check "the import counts the strips it read" test "$(field rows import-csv)" = 200
check "an import has the shell's load of the same rows for a baseline" test "$(field baseline import-csv)" = '"sqlite3"'
check "the generator ran once" test "$(field runs synth)" = 1
check "the USS export has a baseline too" test "$(field baseline export-uss)" = '"sqlite3"'
check "the day listing ran" test "$(field status day-list)" = '"ok"'
check "the move ran" test "$(field status move)" = '"ok"'
check "a move has percentiles" sh -c "grep '\"scenario\":\"move\"' run.ndjson | grep -q '\"p99_ms\":[0-9]'"
# a scenario whose command is not there is skipped, saying what it needs
mkdir onlyexport
printf '#!/bin/sh\nexec "%s" "$@"\n' "$top_builddir/bin/sb-export" > onlyexport/sb-export
chmod +x onlyexport/sb-export
expect_status 0 "a run with sb-day missing" sb-bench --sizes 100 --repeat 1 \
    --scenarios export-csv,day-list --bindir onlyexport --format ndjson
check "the slot whose command is missing is skipped" \
    sh -c "grep '\"scenario\":\"day-list\"' out | grep -q '\"status\":\"skipped\",\"reason\":\"needs sb-day\"'"
check "the others run" sh -c "grep '\"scenario\":\"export-csv\"' out | grep -q '\"status\":\"ok\"'"
if [ "$have_jq" -eq 1 ]; then
	check "every line is JSON" jq -e . run.ndjson
fi

# Two sizes: the growth compares them; the table is readable.
expect_status 0 "two sizes as a table" sb-bench --sizes 300,100 --repeat 1 --scenarios export-ndjson --format table
check "the table has a heading" out_has "scenario"
check "the heading names runs, p50, p95 and p99" sh -c 'grep "^scenario" out | grep "runs" | grep "p50 ms" | grep "p95 ms" | grep -q "p99 ms"'
check "and the CPU time and its ratio" sh -c 'grep "^scenario" out | grep "CPU ms" | grep -q "CPU x"'
check "the smaller size comes first" sh -c 'grep "^export-ndjson" out | head -n 1 | grep -q " 100 "'
check "the larger size shows its growth" sh -c 'grep "^export-ndjson" out | tail -n 1 | grep -q "[0-9]x "'
expect_status 0 "JSON: one array" sb-bench --sizes 100 --repeat 1 --scenarios export-json --format json
check "the array opens and closes" sh -c 'head -n 1 out | grep -q "^\[" && tail -n 1 out | grep -q "^\]"'
expect_status 0 "CSV: a header and a row" sb-bench --sizes 100 --repeat 1 --scenarios export-json --format csv
check "the CSV has its header" sh -c 'head -n 1 out | grep -q "^scenario,size,status,"'
check "with the CPU columns" sh -c 'head -n 1 out | grep -q ",ratio,cpu_ms,baseline_cpu_ms,cpu_ratio,budget,"'
check "every row has as many fields as the header" awk -F, 'NR == 1 { n = NF } NF != n { exit 1 }' out
check "and one row" test "$(wc -l < out)" -eq 2

# Each run of the command is followed by a run of its baseline.
expect_status 0 "three runs with their command lines" sb-bench --sizes 100 --repeat 3 \
    --scenarios export-csv -v -q --format ndjson
check "command and baseline alternate, three times each" sh -c \
    "grep -E '/sb-export |/sqlite3 ' err | sed -e 's|.*/sb-export .*|c|' -e 's|.*/sqlite3 .*|b|' | tr -d '\\n' | grep -qx cbcbcb"
check "a run is counted as it ran" test "$(sed -n 's/.*"runs":\([0-9]*\).*/\1/p' out)" = 3
# Without --repeat: at least 5 runs, at most 30, until the median is stable.
expect_status 0 "runs until the median is stable" sb-bench --sizes 100 --scenarios export-csv,move \
    --format ndjson
check "at least 5 runs, at most 30" sh -c 'n=$(grep "\"export-csv\"" out | sed -n "s/.*\"runs\":\([0-9]*\).*/\1/p"); test "$n" -ge 5 -a "$n" -le 30'
check "a move still runs 100 times" sh -c 'grep "\"move\"" out | grep -q "\"runs\":100,"'

# Budgets: within, over (exit 1, naming scenario, size, limit and figure), malformed.
cat > loose.budget <<'EOF'
# scenario  size  limits
export-csv  *     ms=600000 ratio=1000 rss_kib=10000000
export-csv  100   p95_ms=600000
EOF
expect_status 0 "within budget exits 0" sb-bench --sizes 100 --repeat 1 --scenarios export-csv --budget loose.budget
check "the result says ok" out_has '"budget":"ok"'
printf 'export-csv 100 ms=0.001\n' > tight.budget
expect_status 1 "over budget exits 1" sb-bench --sizes 100 --repeat 1 --scenarios export-csv --budget tight.budget
check "the message names scenario, size, limit and figure" \
    err_has "sb-bench: over budget: export-csv at 100 strips: ms "
check "and the budget line" err_has "> 0.001 (tight.budget line 1)"
check "the result says over" out_has '"budget":"over"'
printf 'export-csv 100 ratio=0.0001\n' > ratio.budget
expect_status 1 "a ratio over budget exits 1" sb-bench --sizes 100 --repeat 1 --scenarios export-csv --budget ratio.budget
check "the ratio is named" err_has "ratio "
printf 'export-csv 100 cpu_ratio=0.0001\n' > cpu.budget
expect_status 1 "a CPU ratio over budget exits 1" sb-bench --sizes 100 --repeat 1 --scenarios export-csv --budget cpu.budget
check "cpu_ratio is named, with the figure and the limit" \
    err_has "export-csv at 100 strips: cpu_ratio "
check "and its line" err_has "> 0.0001 (cpu.budget line 1)"
check "the result says over" out_has '"budget":"over"'
printf 'export-csv 100 cpu_ratio=1000\n' > cpu.budget
expect_status 0 "a CPU ratio within budget exits 0" sb-bench --sizes 100 --repeat 1 --scenarios export-csv --budget cpu.budget
check "the result says ok" out_has '"budget":"ok"'
printf 'export-csv 100 cpu_ratio=-1\n' > cpu.budget
expect_status 3 "a CPU ratio that is not positive is bad data" sb-bench --budget cpu.budget
check "the message names the key" err_has "cpu.budget: line 1: cpu_ratio:"
printf 'export-csv 100 min_ms=0.001\n' > min.budget
expect_status 1 "the fastest run over budget exits 1" sb-bench --sizes 100 --repeat 2 --scenarios export-csv --budget min.budget
check "min_ms is named" err_has "export-csv at 100 strips: min_ms "
printf 'export-csv 100 min_ms=600000\n' > min.budget
expect_status 0 "the fastest run within budget exits 0" sb-bench --sizes 100 --repeat 2 --scenarios export-csv --budget min.budget
printf 'export-csv 200 ms=1\n' > other.budget
expect_status 0 "a limit for another size does not apply" sb-bench --sizes 100 --repeat 1 --scenarios export-csv --budget other.budget
printf 'export-csv\n' > short.budget
expect_status 3 "a line without limits is bad data (exit 3)" sb-bench --sizes 100 --scenarios export-csv --budget short.budget
check "the message names file and line" err_has "short.budget: line 1:"
printf '# fine\nexport-csv * ms=fast\n' > nan.budget
expect_status 3 "a limit that is not a number is bad data" sb-bench --budget nan.budget
check "the message names line 2" err_has "nan.budget: line 2: ms:"
printf 'no-such * ms=1\n' > unknown.budget
expect_status 3 "an unknown scenario in a budget is bad data" sb-bench --budget unknown.budget
printf 'export-csv * speed=1\n' > key.budget
expect_status 3 "an unknown limit is bad data" sb-bench --budget key.budget
check "the message lists the keys, cpu_ratio among them" err_has "ratio, cpu_ratio, rss_kib)"
check "the shipped budget reads" sb-bench --budget "$top_srcdir/share/bench/budget" --list

# A command that fails is a failed scenario: exit 1 with its message.
mkdir fakebin
printf '#!/bin/sh\necho "sb-export: broken on purpose" >&2\nexit 3\n' > fakebin/sb-export
chmod +x fakebin/sb-export
expect_status 1 "a failing command fails the run" sb-bench --sizes 100 --repeat 1 \
    --scenarios export-csv --bindir fakebin
check "the reason is the command's message" err_has "broken on purpose"
check "the result says failed" out_has '"status":"failed"'

# The same seed makes the same production; another seed another one.
mkdir a b c
sb-bench --sizes 250 --seed 7 --scenarios import-csv --repeat 1 --dir a --keep -q >/dev/null 2>keep.err
check "--keep says where the files are" grep -q "kept the productions in a" keep.err
sb-bench --sizes 250 --seed 7 --scenarios import-csv --repeat 1 --dir b --keep -q >/dev/null 2>&1
sb-bench --sizes 250 --seed 8 --scenarios import-csv --repeat 1 --dir c --keep -q >/dev/null 2>&1
check "--keep leaves the database and the CSV" test -s a/250/bench.db -a -s a/250/bench.csv
check "the same seed gives the same CSV export" same_file a/250/bench.csv b/250/bench.csv
check "another seed gives another" sh -c '! cmp -s a/250/bench.csv c/250/bench.csv'
check "the CSV has the 250 strips of First Pass" test "$(wc -l < a/250/bench.csv)" -eq 251
check "the production is a stripboard file" test "$(sql a/250/bench.db 'SELECT count(*) FROM strip')" = 250
expect_status 0 "sb-export reads the production" sb-export --db a/250/bench.db --board "Second Pass" --format table
check "its days have dates" out_has "==== End of Day 1 -- "

done_testing
