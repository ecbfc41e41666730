/*
 * move_priv.h - what the operations that place strips (moves, sorts, days,
 * the revision merge) take from lib/op_move.c: writing a placement with
 * its audit row.
 */
#ifndef MOVE_PRIV_H
#define MOVE_PRIV_H

#include "lookup_priv.h"

/*
 * Move one placement (or create it, when place->id is 0) to day at key,
 * raising its version and writing its audit row.  day_n is the day's
 * number when the caller knows it, else -1 (it is counted).
 */
int sb_place_write(sb_ctx *ctx, int64_t project, int64_t board,
    const char *board_name, const struct sb_place *from, int64_t strip,
    int64_t day, int64_t day_n, const char *key, int64_t *new_version);

/* Add a scene number to a comma-separated list of size bytes, cut short with "...". */
void sb_omitted_note(char *list, size_t size, const char *scene);

/*
 * Raise a day's version with its audit row (why: what changed it), once
 * a transaction: a day raised already in this transaction stays as it is.
 * n_before and n_after: the day's number before and after (0: none).
 */
int sb_day_raise(sb_ctx *ctx, int64_t project, int64_t board,
    const char *board_name, int64_t day, int64_t n_before, int64_t n_after,
    const char *why);
/*
 * Count a day as raised in this transaction (a day made by it): 1 if it
 * was already, 0 if not, -1 out of memory.
 */
int sb_day_raised_mark(sb_ctx *ctx, int64_t day);

/*
 * May the context's user make move m on board (sb-perm(1))?  The checks
 * sb_move() makes, with nothing written: SB_EPERM (or a failure of the
 * database) when not; a move that is wrong otherwise is SB_OK here and
 * refused by sb_move().
 */
int sb_move_check(sb_ctx *ctx, int64_t board, const struct sb_move *m);

#endif /* MOVE_PRIV_H */
