#!/bin/sh
# fuzz.sh SRCDIR BUILDDIR - build each libFuzzer harness tests/fuzz/fuzz_*.c
# (fuzz_main.c aside) with clang -fsanitize=fuzzer,address,undefined and run
# it for $FUZZ_SECONDS seconds (default 60) on a seed corpus; new crashes
# are copied to SRCDIR/tests/fixtures/fuzz/NAME/ as regression inputs.
# make fuzz runs it after building the library (lib/db_schema.c and config.h
# come from BUILDDIR).  See tests/fuzz/README.
#
# Environment: FUZZ_SECONDS, FUZZ_ONLY (run only the harness of this name,
# e.g. msd), CLANG (default clang), PYTHON3 (default python3), FUZZ_JOBS
# (libFuzzer -jobs/-workers, default 1), FUZZ_FLAGS (more libFuzzer flags),
# FUZZ_KEEP=1 (after the run, minimize what the fuzzer kept with -merge=1
# into SRCDIR/tests/fixtures/fuzz/NAME/corpus/, which make check replays).
set -eu
src=$(cd "${1:?usage: fuzz.sh SRCDIR BUILDDIR}" && pwd)
build=$(cd "${2:?usage: fuzz.sh SRCDIR BUILDDIR}" && pwd)
seconds=${FUZZ_SECONDS:-60}
cc=${CLANG:-clang}
py=${PYTHON3:-python3}
jobs=${FUZZ_JOBS:-1}
work="$build/tests/fuzz/work"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"

command -v "$cc" >/dev/null 2>&1 || { echo "fuzz.sh: no $cc: libFuzzer needs clang" >&2; exit 77; }
[ -f "$build/lib/db_schema.c" ] && [ -f "$build/config.h" ] ||
    { echo "fuzz.sh: build the library first (make)" >&2; exit 1; }
pkgs="sqlite3 libxml-2.0 zlib jansson libical libpq"
cflags="-I$build -I$src/lib $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lcsv -lm"
mkdir -p "$work/obj"

# The library, compiled with the fuzzer's coverage instrumentation: every
# source of lib/ (the harness calls private sb_* functions; the shared
# library is neither instrumented nor exports all of them to static links).
objs=""
compile() {
	o="$work/obj/$(basename "$1" .c).o"
	if [ ! -f "$o" ] || [ "$1" -nt "$o" ] || [ -n "$(find "$src/lib" -name '*.h' -newer "$o" 2>/dev/null)" ]; then
		"$cc" -c $san -fsanitize=fuzzer-no-link $cflags -o "$o" "$1"
	fi
	objs="$objs $o"
}
for c in "$src"/lib/*.c; do
	case $c in */lib/db_schema.c) continue ;; esac # generated: BUILDDIR's below
	compile "$c"
done
compile "$build/lib/db_schema.c"

status=0
for h in "$src"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$h" .c); name=${name#fuzz_}
	[ "$name" = main ] && continue
	[ -n "${FUZZ_ONLY:-}" ] && [ "$FUZZ_ONLY" != "$name" ] && continue
	bin="$work/fuzz_$name"
	echo "fuzz.sh: building $name" >&2
	"$cc" $san -fsanitize=fuzzer $cflags -o "$bin" "$h" $objs $libs

	# Seeds: the crash corpus, the fixtures of the format (files NAME.* or
	# *.NAME), descriptions turned into files by tests/tools/NAMEgen.py
	# (DESCRIPTION OUTPUT; with --xml-only too when it has that option),
	# then whatever earlier runs found (kept in the build tree).
	seeds="$work/seeds-$name"; corpus="$work/corpus-$name"
	rm -rf "$seeds"; mkdir -p "$seeds" "$corpus" "$work/artifacts-$name"
	# (With FUZZ_KEEP=1 the USS samples by Think Crew, wonderful-life-*,
	# are no seeds: the corpus kept would hold altered copies of them,
	# which their licence does not allow: see tests/fixtures/uss/NOTICE.)
	# (msdout, the .msd writer read back, takes productions: .msd files,
	# USS files and "#synth STRIPS SEED" lines, so the .msd and USS seeds.)
	more=""
	if [ "$name" = msdout ]; then
		more="$src/tests/fixtures/uss/*.uss $src/share/examples/*.uss $src/tests/fixtures/fuzz/uss/*"
		for spec in "1 1" "24 1" "60 7" "150 42"; do
			printf '#synth %s\n' "$spec" > "$seeds/synth-$(echo "$spec" | tr ' ' -)"
		done
	fi
	for f in "$src/tests/fixtures/fuzz/$name"/* "$src/tests/fixtures/fuzz/$name/corpus"/* \
	    "$src/tests/fixtures/$name"/*."$name" "$src/share/examples"/*."$name" $more; do
		[ -f "$f" ] || continue
		case $f in */wonderful-life*) [ "${FUZZ_KEEP:-0}" = 1 ] && continue ;; esac
		cp "$f" "$seeds/"
	done
	gen="$src/tests/tools/${name}gen.py"; gendir=$name
	[ "$name" = msdout ] && { gen="$src/tests/tools/msdgen.py"; gendir=msd; }
	if [ -f "$gen" ] && command -v "$py" >/dev/null 2>&1; then
		for d in "$src/tests/fixtures/$gendir"/*.txt; do
			[ -f "$d" ] || continue
			b=$(basename "$d" .txt)
			"$py" "$gen" "$d" "$seeds/$b.$name" || true
			if [ "$name" != msdout ] && grep -q -- --xml-only "$gen"; then
				"$py" "$gen" "$d" "$seeds/$b.xml" --xml-only || true
			fi
		done
	fi
	dict=""
	[ -f "$src/tests/fuzz/fuzz_$name.dict" ] && dict="-dict=$src/tests/fuzz/fuzz_$name.dict"
	echo "fuzz.sh: running $name for $seconds s" >&2
	set +e
	par=""   # -jobs sends the output to fuzz-N.log in the work directory
	[ "$jobs" -gt 1 ] && par="-jobs=$jobs -workers=$jobs"
	(cd "$work" && "$bin" $dict -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
	    -max_len=65536 $par -print_final_stats=1 \
	    -artifact_prefix="$work/artifacts-$name/" ${FUZZ_FLAGS:-} "$corpus" "$seeds")
	rc=$?
	set -e
	# Keep the minimized corpus: what the fuzzer kept and the seeds, less
	# the named inputs of tests/fixtures/fuzz/NAME/ (kept there already).
	if [ "${FUZZ_KEEP:-0}" = 1 ] && [ "$rc" -eq 0 ]; then
		named="$work/named-$name"; merged="$work/merged-$name"
		rm -rf "$named" "$merged"; mkdir -p "$named" "$merged"
		for f in "$src/tests/fixtures/fuzz/$name"/*; do
			[ -f "$f" ] && cp "$f" "$named/"
		done
		(cd "$work" && "$bin" -merge=1 -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
		    "$merged" "$named" "$corpus" "$seeds" >"$work/merge-$name.log" 2>&1) ||
		    { echo "fuzz.sh: $name: merge failed: see $work/merge-$name.log" >&2; exit 1; }
		for f in "$named"/*; do
			[ -f "$f" ] || continue
			sum=$(sha1sum "$f" | cut -d' ' -f1)
			rm -f "$merged/$sum"
		done
		rm -rf "$src/tests/fixtures/fuzz/$name/corpus"
		mkdir -p "$src/tests/fixtures/fuzz/$name/corpus"
		cp "$merged"/* "$src/tests/fixtures/fuzz/$name/corpus/" 2>/dev/null || true
		echo "fuzz.sh: $name: kept $(ls "$merged" | wc -l) inputs in tests/fixtures/fuzz/$name/corpus/" >&2
	fi
	found=0
	for a in "$work/artifacts-$name"/crash-* "$work/artifacts-$name"/leak-* \
	    "$work/artifacts-$name"/timeout-* "$work/artifacts-$name"/oom-*; do
		[ -f "$a" ] || continue
		mkdir -p "$src/tests/fixtures/fuzz/$name"
		if [ ! -f "$src/tests/fixtures/fuzz/$name/$(basename "$a")" ]; then
			cp "$a" "$src/tests/fixtures/fuzz/$name/"
			echo "fuzz.sh: $name: new finding kept as tests/fixtures/fuzz/$name/$(basename "$a")" >&2
		fi
		found=1
	done
	if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
		echo "fuzz.sh: $name: the fuzzer stopped on a finding (exit $rc)" >&2
		status=1
	fi
done
exit $status
