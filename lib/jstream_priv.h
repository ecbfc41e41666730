/*
 * jstream_priv.h - a JSON text read as a stream (lib/base_jstream.c): yajl
 * parses it a buffer at a time, and the caller chooses, container by
 * container, whether to get it whole (a Jansson value, built as Jansson's
 * own parser would: duplicate keys, \u0000 and numbers out of range
 * refused) or its members one by one.  Memory is then what the caller
 * keeps whole, whatever the size of the text.
 *
 * The input is checked as UTF-8 as it comes, and a refusal says where in
 * Jansson's words, so that a message reads as it did when whole documents
 * were parsed with Jansson: "line L, byte B: not valid UTF-8" before any
 * other error, else "line L, column C: '}' expected".
 */
#ifndef JSTREAM_PRIV_H
#define JSTREAM_PRIV_H

#include <jansson.h>

#include "input_priv.h"

/* What open() answers for a container. */
enum { SB_JS_WHOLE = 0, SB_JS_STREAM = 1 };

/*
 * depth is 1 for the document's root, 2 for its members...; key is the
 * member's key in an object (NULL in an array), index its place in its
 * container.  A callback's negative status stops the parse and is
 * returned (its message on the context).
 */
struct sb_jstream_ops {
	/* A container opens: SB_JS_WHOLE or SB_JS_STREAM */
	int (*open)(void *arg, int depth, const char *key, size_t index,
	    int is_array);
	/* A member of a streamed container, whole; v is borrowed */
	int (*value)(void *arg, int depth, const char *key, size_t index,
	    json_t *v);
	/* A streamed container closes after count members */
	int (*close)(void *arg, int depth, const char *key, size_t index,
	    size_t count);
	/*
	 * How a refusal names its place: 0 "FILE: line L, column C: TEXT"
	 * (USS), 1 "FILE: line L: column C: TEXT" (the flat form's JSON,
	 * whose invalid UTF-8 is then "unable to decode byte 0xNN", as
	 * Jansson said it).
	 */
	int flat;
};

/*
 * Read all of in through ops.  A text that is not JSON (or not UTF-8) is
 * SB_EDATA with "FILE: line L, column C: TEXT" on the context, and wins
 * over whatever a callback refused earlier in the text; a callback that
 * wants that order records its refusal and returns SB_OK, and the caller
 * reports it after a clean parse.
 */
int sb_jstream_read(sb_ctx *ctx, struct sb_input *in,
    const struct sb_jstream_ops *ops, void *arg);

#endif /* JSTREAM_PRIV_H */
