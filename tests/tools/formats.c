/*
 * formats - print the library's table of formats, one row a line, for the
 * tests that check that help and the manuals follow it:
 *
 *	name<TAB>extensions<TAB>read|-<TAB>write|-<TAB>revision|-<TAB>title
 *
 * usage: formats [read|write|revision]  (only the rows with that flag)
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "stripboard.h"

int
main(int argc, char *argv[])
{
	struct sb_format_info f;
	unsigned want = 0;

	if (argc == 2 && strcmp(argv[1], "read") == 0)
		want = SB_FORMAT_READ;
	else if (argc == 2 && strcmp(argv[1], "write") == 0)
		want = SB_FORMAT_WRITE;
	else if (argc == 2 && strcmp(argv[1], "revision") == 0)
		want = SB_FORMAT_REVISION;
	else if (argc != 1) {
		fputs("usage: formats [read|write|revision]\n", stderr);
		return 2;
	}
	for (size_t i = 0; sb_format_info(i, &f); i++)
		if ((f.flags & want) == want)
			printf("%s\t%s\t%s\t%s\t%s\t%s\n", f.name, f.extensions,
			    f.flags & SB_FORMAT_READ ? "read" : "-",
			    f.flags & SB_FORMAT_WRITE ? "write" : "-",
			    f.flags & SB_FORMAT_REVISION ? "revision" : "-", f.title);
	return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
}
