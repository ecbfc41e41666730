/*
 * strip_priv.h - what sb-log revert takes from the strip edits
 * (lib/op_strip.c): putting a strip back as an audit row had it.
 */
#ifndef STRIP_PRIV_H
#define STRIP_PRIV_H

#include <jansson.h>

#include "sb_priv.h"

/*
 * Put the strip's columns (and links, when named) back to before, the
 * "row" before values of an audit row, as one audited edit; SB_ECONFLICT
 * with the report unless the strip is at version expected.
 */
int sb_strip_put_back(sb_ctx *ctx, int64_t strip, int64_t expected, json_t *before,
    int64_t *version);

#endif /* STRIP_PRIV_H */
