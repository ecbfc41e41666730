/*
 * base_uid.c - fresh random ids, 24 hex digits like the ids USS files
 * carry.  SQLite's generator needs no open database.
 */
#include <config.h>

#include "sb_priv.h"

void
sb_uid_new(char out[25])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[12];

	sqlite3_randomness(sizeof(raw), raw);
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xf];
	}
	out[24] = '\0';
}
