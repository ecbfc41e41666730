/*
 * lookup_priv.h - finding what a scheduler names (lib/store_lookup.c, the
 * store layer): boards, where a strip stands, the lanes and days of a
 * board, day numbers, and laying keys out again.  sb_board_find() and
 * sb_strip_find() are public (stripboard.h).
 */
#ifndef LOOKUP_PRIV_H
#define LOOKUP_PRIV_H

#include "sb_priv.h"

/* Where a strip stands on a board. */
struct sb_place {
	int64_t id;          /* placement id, 0 if the strip is not on the board */
	int64_t strip;
	int64_t day;
	int64_t lane;
	int64_t version;
	char lane_kind[16];  /* schedule, boneyard, other */
	int day_shoot;       /* the day is a shoot day, not a list */
	char pos[SB_KEY_MAX + 2];
};

/*
 * SB_OK if the board's schedule has shoot days, else SB_ENOTFOUND saying
 * that the board has none (for a command that needs days).
 */
int sb_board_has_days(sb_ctx *ctx, int64_t board_id);

/* The project of a board; SB_ENOTFOUND "no such board". */
int sb_board_project(sb_ctx *ctx, int64_t board, int64_t *project);

/* The board's name (for messages and audit rows); "" on error. */
const char *sb_board_name(sb_ctx *ctx, int64_t board, char *buf, size_t size);

/* Where strip stands on board (place->id 0: nowhere). */
int sb_place_get(sb_ctx *ctx, int64_t board, int64_t strip, struct sb_place *place);

/* The lane of a kind ("schedule", "boneyard"), created with its list day when asked. */
int sb_lane_get(sb_ctx *ctx, int64_t board, const char *kind, int create,
    int64_t *lane);

/* The list day of a lane, created (after the shoot days) when asked. */
int sb_list_day(sb_ctx *ctx, int64_t board, int64_t lane, int create, int64_t *day);

/* Shoot day n (1-based) of a lane; SB_ENOTFOUND naming the count. */
int sb_shoot_day(sb_ctx *ctx, int64_t lane, int64_t n, int64_t *day);

/* The number of a day in its lane (0 for a list day). */
int sb_day_number(sb_ctx *ctx, int64_t day, int64_t *n);

/* Mark a lane's day numbers stale: its days were added, dropped or moved. */
int sb_lane_unranked(sb_ctx *ctx, int64_t lane);
/*
 * Inside a write: number the lane's shoot days now (only the days whose
 * number changed are written) and mark it ranked, so the next move finds
 * its days' numbers without counting.  sb_lanes_renumber() does so for
 * every lane marked unranked.
 */
int sb_lane_renumber(sb_ctx *ctx, int64_t lane);
int sb_lanes_renumber(sb_ctx *ctx);

/* The number of shoot days in a lane. */
int sb_shoot_day_count(sb_ctx *ctx, int64_t lane, int64_t *n);

/*
 * The day a target names on a board: "12", "boneyard", "" (the schedule's
 * list), a lane's name, or "lane/12".  create: make the boneyard or list
 * day when missing.
 */
int sb_target_day(sb_ctx *ctx, int64_t board, const char *target, int create,
    int64_t *day);

/*
 * Rewrite the keys of a day's strips evenly, in their order, bumping no
 * version: the order did not change.  For when keys grow long.
 */
int sb_rebalance_day(sb_ctx *ctx, int64_t day);

/* Rewrite the keys of a lane's days evenly, bumping no version. */
int sb_rebalance_lane(sb_ctx *ctx, int64_t lane);

#endif /* LOOKUP_PRIV_H */
