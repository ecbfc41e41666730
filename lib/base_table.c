/*
 * base_table.c - cells of the readable tables (sb-export and sb-day
 * --format table): text cut and padded to a width counted in characters.
 */
#include <config.h>

#include <stdio.h>

#include "sb_priv.h"

void
sb_table_cell(FILE *out, const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	int n = 0;

	/* count characters, not bytes; cut with an ellipsis to fit */
	for (; *p != '\0'; p++) {
		if ((*p & 0xc0) == 0x80) {
			fputc(*p, out);
			continue;
		}
		if (width > 0 && n == width - 1) {
			const unsigned char *q = p + 1;

			while ((*q & 0xc0) == 0x80)
				q++;
			if (*q != '\0') {
				fputs("\xe2\x80\xa6", out);
				n++;
				break;
			}
		}
		fputc(*p, out);
		n++;
	}
	for (; width > 0 && n <= width; n++)
		fputc(' ', out);
}
