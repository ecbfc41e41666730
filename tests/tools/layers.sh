#!/bin/sh
# layers.sh - check that the files of libstripboard call only down the
# layers, and never in a circle (docs/architecture.md, "Layers").
#
#   layers.sh OBJECT...     the objects of lib/ (.o, or libtool's .lo)
#   layers.sh -g GRAPH      a symbol table instead: lines "FILE D SYMBOL"
#                           (FILE defines SYMBOL) and "FILE U SYMBOL" (FILE
#                           uses it), as the objects would give; for tests
#   layers.sh -p OBJECT...  print that table and check nothing
#
# A file's layer is the prefix of its name, bottom to top:
#   base_  db (db.c, db_*)  store_  prod (prod.c, prod_*)  fmt_  op_
# FILE uses FILE2 when it uses a symbol FILE2 defines.  A use of a higher
# layer fails, and so does every circle of uses (within one layer too),
# each named with the files and one symbol of each use.  A file with no
# layer prefix fails: a new file must say where it stands.
#
# Exit status: 0 clean, 1 a violation, 2 usage or an object nm cannot read.
# nm is POSIX nm (-P -g); both gcc's and clang's objects read the same.
# The symbols come from the objects, so what the compiler actually links
# is checked: a call through a macro or an inline helper counts, a
# declaration nobody calls does not.

LC_ALL=C
export LC_ALL
NM=${LAYERS_NM:-nm}

usage() {
	echo "usage: layers.sh OBJECT... | -g GRAPH | -p OBJECT..." >&2
	exit 2
}

# table OBJECT...: the symbol table of the objects, one line a symbol
table() {
	for obj in "$@"; do
		case $obj in
		*.lo)
			# a libtool object: the real one is named inside it
			dir=$(dirname "$obj")
			pic=$(sed -n "s/^pic_object='\(.*\)'\$/\1/p" "$obj")
			[ -n "$pic" ] && [ "$pic" != none ] ||
			    pic=$(sed -n "s/^non_pic_object='\(.*\)'\$/\1/p" "$obj")
			if [ -z "$pic" ] || [ "$pic" = none ]; then
				echo "layers.sh: $obj names no object" >&2
				exit 2
			fi
			file=$dir/$pic
			;;
		*) file=$obj ;;
		esac
		# lib/.libs/libsbcore_la-op_move.o -> op_move
		name=$(basename "$obj")
		name=${name%.*}
		name=${name##*_la-}
		syms=$("$NM" -P -g "$file") || {
			echo "layers.sh: $NM cannot read $file" >&2
			exit 2
		}
		printf '%s\n' "$syms" | awk -v f="$name" '
		    NF >= 2 {
			sym = $1; t = $2
			sub(/^_/, "", sym) # Mach-O prefixes an underscore
			if (t == "U" || t == "w" || t == "v") print f, "U", sym
			else if (t ~ /^[A-Z]$/) print f, "D", sym
		    }'
	done
}

case ${1-} in
-g)	[ $# -eq 2 ] || usage
	[ -r "$2" ] || { echo "layers.sh: cannot read $2" >&2; exit 2; }
	graph=$(cat "$2") ;;
-p)	shift; [ $# -ge 1 ] || usage
	table "$@"; exit $? ;;
-*|'')	usage ;;
*)	graph=$(table "$@") || exit 2 ;;
esac

printf '%s\n' "$graph" | awk '
function layer(f) {
	if (f ~ /^base_/) return 0
	if (f == "db" || f ~ /^db_/) return 1
	if (f ~ /^store_/) return 2
	if (f == "prod" || f ~ /^prod_/) return 3
	if (f ~ /^fmt_/) return 4
	if (f ~ /^op_/) return 5
	return -1
}
# Tarjan: the strongly connected components of the use graph.
function visit(v,    i, w) {
	index_[v] = counter; low[v] = counter; counter++
	stack[++sp] = v; onstack[v] = 1
	for (i = 1; i <= nout[v]; i++) {
		w = out[v, i]
		if (!(w in index_)) {
			visit(w)
			if (low[w] < low[v]) low[v] = low[w]
		} else if (onstack[w] && index_[w] < low[v])
			low[v] = index_[w]
	}
	if (low[v] == index_[v]) {
		ncomp++
		do {
			w = stack[sp--]; onstack[w] = 0
			comp[w] = ncomp; size[ncomp]++
		} while (w != v)
	}
}
# One circle through v inside its component, by breadth first search:
# "a -(sym)-> b -(sym)-> a".
function circle(v,    q, head, tail, u, i, w, seen, from, path, x) {
	head = 1; tail = 0
	q[++tail] = v; seen[v] = 1
	while (head <= tail) {
		u = q[head++]
		for (i = 1; i <= nout[u]; i++) {
			w = out[u, i]
			if (comp[w] != comp[v]) continue
			if (w == v) {
				path = "lib/" u ".c -(" esym[u, w] ")-> lib/" v ".c"
				for (x = u; x != v; x = from[x])
					path = "lib/" from[x] ".c -(" esym[from[x], x] ")-> " path
				return path
			}
			if (!(w in seen)) { seen[w] = 1; from[w] = u; q[++tail] = w }
		}
	}
	return "?"
}
NF == 3 && ($2 == "D" || $2 == "U") {
	files[$1] = 1
	if ($2 == "D") { if (!($3 in def)) def[$3] = $1 }
	else uses[++nuses] = $1 SUBSEP $3
	next
}
NF > 0 { print "layers.sh: bad line: " $0 > "/dev/stderr"; bad = 2 }
END {
	if (bad) exit bad
	names[0] = "base"; names[1] = "db"; names[2] = "store"
	names[3] = "prod"; names[4] = "fmt"; names[5] = "op"
	for (f in files) {
		nfiles++
		if (layer(f) < 0) {
			printf "lib/%s.c: no layer prefix (base_, db, store_, prod, fmt_, op_)\n", f
			fail = 1
		}
	}
	if (nfiles == 0) {
		print "layers.sh: no files to check"
		exit 1
	}
	for (i = 1; i <= nuses; i++) {
		split(uses[i], u, SUBSEP)
		a = u[1]; s = u[2]
		if (!(s in def) || def[s] == a) continue
		b = def[s]
		if ((a, b) in esym) { ecount[a, b]++; continue }
		esym[a, b] = s; ecount[a, b] = 1
		out[a, ++nout[a]] = b
		if (layer(a) >= 0 && layer(b) > layer(a)) {
			printf "lib/%s.c (%s) calls %s of lib/%s.c (%s): a layer above it\n",
			    a, names[layer(a)], s, b, names[layer(b)]
			up[a, b] = 1
			fail = 1
		}
	}
	# the other symbols of each upward use, so one run shows the whole task
	for (i = 1; i <= nuses; i++) {
		split(uses[i], u, SUBSEP)
		a = u[1]; s = u[2]
		if ((s in def) && ((a, def[s]) in up) && esym[a, def[s]] != s)
			printf "lib/%s.c calls %s of lib/%s.c too\n", a, s, def[s]
	}
	counter = 0; sp = 0; ncomp = 0
	for (f in files)
		if (!(f in index_)) visit(f)
	for (c = 1; c <= ncomp; c++) {
		if (size[c] < 2) continue
		list = ""
		for (f in files) if (comp[f] == c) list = list " lib/" f ".c"
		printf "a circle of %d files:%s\n", size[c], list
		for (f in files) if (comp[f] == c) { first = f; break }
		printf "  for one: %s\n", circle(first)
		fail = 1
	}
	exit fail
}'
