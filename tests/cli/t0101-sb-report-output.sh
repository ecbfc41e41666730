#!/bin/sh
# sb-report --output: the file is replaced atomically (a temporary file
# renamed over it: a new inode, never half written), left untouched, not
# even its time, when the content did not change, keeps its mode, and is
# left as it was when the report fails.  No temporary file is left behind.
. "${top_srcdir:-.}/tests/cli/lib.sh"

sb-import -q --db wl.db "$full" || exit 99
export SB_DB=wl.db
rp() { sb-report --board "First Pass" "$@"; }
inode() { ls -i "$1" | cut -d' ' -f1; }
mtime() { stat -c %Y "$1"; }
leftovers() { ls -a out.d | grep -c tmp; }
mkdir out.d

expect_status 0 "a new file" rp elements --output out.d/cast.csv
check "it says it wrote it" err_has "out.d/cast.csv: written"
rp elements --format csv > want.csv
check "with the report, CSV by default" same_file out.d/cast.csv want.csv
check "its mode is 0666 less the umask" test "$(stat -c %a out.d/cast.csv)" = "$(printf '%o' $((0666 & ~$(umask))))"

chmod 640 out.d/cast.csv
touch -d '2001-02-03 04:05:06' out.d/cast.csv
old_time=$(mtime out.d/cast.csv) old_inode=$(inode out.d/cast.csv)
expect_status 0 "the same report again" rp elements --output out.d/cast.csv
check "it says it left it as it was" err_has "unchanged, left as it was"
is "the file's time did not change" "$(mtime out.d/cast.csv)" "$old_time"
is "nor its inode" "$(inode out.d/cast.csv)" "$old_inode"
is "no temporary file is left" "$(leftovers)" 0

expect_status 0 "a report with other content" rp elements --categories Stunts --output out.d/cast.csv -q
check "-q says nothing" test ! -s err
check "the file holds the new content" grep -q '^element,Stunts,' out.d/cast.csv
check "it is a new file, renamed into place" test "$(inode out.d/cast.csv)" != "$old_inode"
is "it kept its mode" "$(stat -c %a out.d/cast.csv)" 640
is "no temporary file is left" "$(leftovers)" 0

cp out.d/cast.csv saved.csv
touch -d '2001-02-03 04:05:06' out.d/cast.csv
old_time=$(mtime out.d/cast.csv)
expect_status 4 "a failing report" rp elements --categories Dragons --output out.d/cast.csv
check "leaves the file as it was" same_file out.d/cast.csv saved.csv
is "and its time" "$(mtime out.d/cast.csv)" "$old_time"
is "no temporary file is left" "$(leftovers)" 0
expect_status 4 "a missing database" sb-report --db none.db elements --output out.d/new.csv
check "makes no file" test ! -e out.d/new.csv
expect_status 1 "a directory that is not there" rp elements --output nodir/x.csv
check "names the file" err_has "nodir/x.csv"
rp elements --format json --output out.d/cast.json -q
check "every format goes to a file" json_ok out.d/cast.json
if [ "$(id -u)" != 0 ]; then
	chmod 555 out.d
	expect_status 1 "a directory it cannot write" rp elements --output out.d/cast.csv
	chmod 755 out.d
	check "leaves the file as it was" same_file out.d/cast.csv saved.csv
else
	ok "# SKIP running as root: every directory is writable"
	ok "# SKIP running as root"
fi

done_testing
