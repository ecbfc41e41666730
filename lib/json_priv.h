/*
 * json_priv.h - writing JSON text (lib/base_json.c), for output that
 * streams row by row and for the JSON the library builds in buffers
 * (audit changes, conflict reports, revision reports).
 *
 * Every writer here makes valid JSON of any bytes: strings are escaped as
 * RFC 8259 asks, and text that is not UTF-8 is repaired the one way the
 * whole library repairs it (sb_json_write_string() in stripboard.h says
 * how), so a line written always parses.  Valid UTF-8 is written byte for
 * byte.
 */
#ifndef SB_JSON_PRIV_H
#define SB_JSON_PRIV_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "stripboard.h"
#include "sb_priv.h"

/* Append s to b as a JSON string, like sb_json_write_string(); NULL as null. */
void sb_json_quote(struct sb_buf *b, const char *s);

/* Append v to b as a JSON number, or null when have is 0. */
void sb_json_int_or_null(struct sb_buf *b, int64_t v, int have);

/*
 * Write (append) a JSON text that is already JSON, such as a stored
 * changes column, as it is but with each byte that does not begin a valid
 * UTF-8 sequence replaced as in strings: such bytes can only stand inside
 * the text's strings, so the result is the same JSON, made valid UTF-8.
 * NULL is written null.
 */
void sb_json_write_text(FILE *out, const char *json);
void sb_json_add_text(struct sb_buf *b, const char *json);

/*
 * Append the len bytes of s to b with each byte that does not begin a
 * valid UTF-8 sequence replaced by U+FFFD, for text handed to Jansson,
 * which refuses what is not UTF-8.
 */
void sb_utf8_repair(struct sb_buf *b, const char *s, size_t len);

/*
 * s[0..n) as a new Jansson string, repaired as above when it is not UTF-8
 * (Jansson refuses such text: a project named on a command line may be
 * anything); NULL when out of memory.
 */
json_t *sb_json_new_string(const char *s, size_t n);

#endif
