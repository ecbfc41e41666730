# mkexports.awk - list the functions that lib/stripboard.h declares, one a
# line: the symbols libstripboard.so exports (libtool -export-symbols), and
# nothing else.  Private functions live in the library under any name and
# stay local because they are not here.
#
# It reads the header as text: comments, preprocessor lines, the C++ guard
# (#ifdef __cplusplus ... #endif), typedefs, static functions and
# __attribute__-like keywords are left out; outside any braces or
# parentheses, an identifier directly followed by "(" names a function.  tests/symbols.sh checks the result independently, from the
# compiler's reading of the header and the .so's dynamic symbol table.
BEGIN {
	incomment = 0; cplusplus = 0; ifdepth = 0
	text = ""
}

{
	line = $0
	# comments, possibly spanning lines
	out = ""
	while (line != "") {
		if (incomment) {
			i = index(line, "*/")
			if (i == 0) { line = ""; break }
			line = substr(line, i + 2); incomment = 0
			out = out " "
		} else {
			i = index(line, "/*"); j = index(line, "//")
			if (j > 0 && (i == 0 || j < i)) { out = out substr(line, 1, j - 1); line = ""; break }
			if (i == 0) { out = out line; line = ""; break }
			out = out substr(line, 1, i - 1) " "
			line = substr(line, i + 2); incomment = 1
		}
	}
	line = out

	# preprocessor lines (with their continuations); skip the C++ guard
	if (cont) { cont = (line ~ /\\$/); next }
	if (line ~ /^[ \t]*#/) {
		cont = (line ~ /\\$/)
		d = line; sub(/^[ \t]*#[ \t]*/, "", d)
		if (d ~ /^if/) {
			ifdepth++
			if (d ~ /^ifdef[ \t]+__cplusplus/ && !cplusplus)
				cplusplus = ifdepth
		} else if (d ~ /^endif/) {
			if (cplusplus == ifdepth)
				cplusplus = 0
			ifdepth--
		}
		next
	}
	if (cplusplus)
		next
	text = text " " line
}

END {
	if (incomment) {
		print "mkexports.awk: unterminated comment" > "/dev/stderr"
		exit 1
	}
	# statements at file scope, one token at a time
	braces = 0; parens = 0; istypedef = 0; start = 1
	n = length(text)
	for (p = 1; p <= n; p++) {
		c = substr(text, p, 1)
		if (c ~ /[A-Za-z_]/) {
			q = p
			while (q <= n && substr(text, q, 1) ~ /[A-Za-z0-9_]/)
				q++
			word = substr(text, p, q - p)
			if (braces == 0 && parens == 0 && start && word == "typedef")
				istypedef = 1
			if (braces == 0 && parens == 0 && start && word == "static")
				isstatic = 1
			start = 0
			r = q
			while (r <= n && substr(text, r, 1) ~ /[ \t]/)
				r++
			if (braces == 0 && parens == 0 && !istypedef && !isstatic &&
			    word !~ /^__/ && word != "_Static_assert" &&
			    substr(text, r, 1) == "(" && !(word in seen)) {
				seen[word] = 1
				print word
			}
			p = q - 1
		} else if (c == "{") {
			braces++
		} else if (c == "}") {
			braces--
			if (braces == 0 && isstatic) {
				# the end of a static (inline) function's body
				isstatic = 0; start = 1
			}
		} else if (c == "(") {
			parens++
		} else if (c == ")") {
			parens--
		} else if (c == ";" && braces == 0 && parens == 0) {
			istypedef = 0; isstatic = 0; start = 1
		} else if (c ~ /"/) {
			# a string literal (extern "C" is already gone): skip it
			p++
			while (p <= n && substr(text, p, 1) != "\"") {
				if (substr(text, p, 1) == "\\")
					p++
				p++
			}
		}
	}
}
