/*
 * stripboard.h - the public interface of libstripboard.
 *
 * libstripboard keeps a production's breakdown and stripboards in one
 * SQLite file.  Every call goes through one context (sb_ctx): the open
 * database, the actor and the command line that the audit trail records.
 *
 * The library never prints and never exits.  A call returns SB_OK or a
 * negative SB_E* status and leaves a one-line message on the context
 * (sb_errmsg()).  The negated status is the exit status the commands use,
 * so every command means the same thing by the same number.
 */
#ifndef STRIPBOARD_H
#define STRIPBOARD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes.  -status is the exit status of a command. */
enum sb_status {
	SB_OK = 0,
	SB_EFAIL = -1,     /* failure: I/O, memory, an unexpected SQLite error */
	SB_EUSAGE = -2,    /* the caller asked for something meaningless */
	SB_EDATA = -3,     /* bad input data, or a file that is not ours */
	SB_ENOTFOUND = -4, /* a file, project, board, strip... that is not there */
	SB_ECONFLICT = -5, /* a stale version: read again and retry */
	SB_EBUSY = -6,     /* the database stayed busy or locked */
	SB_EPERM = -7,     /* permission denied */
	SB_ETAMPER = -8    /* the audit trail was changed outside stripboard */
};

/* The version of the library, e.g. "0.1.0". */
const char *sb_version(void);

/* The version of the SQLite library in use. */
const char *sb_sqlite_version(void);

/*
 * Contexts
 */
typedef struct sb_ctx sb_ctx;

/* Open flags */
#define SB_OPEN_CREATE   0x1 /* create the file if it does not exist */
#define SB_OPEN_READONLY 0x2 /* never write (exports, listings) */
/*
 * The caller works on a PostgreSQL server too: without it, a
 * postgresql:// (or postgres://) URI is refused with SB_EUSAGE, so a
 * command opts in only once it behaves there as on a file.
 */
#define SB_OPEN_SERVER   0x4
/*
 * With SB_OPEN_CREATE, for one large first write (sb-import): a new file
 * is written under another name, PATH.new-PID, with no syncs, and appears
 * under path only at its first sb_commit() (two syncs: the file and its
 * directory); closed or discarded before, it is removed, and a file
 * another command made under path meanwhile is kept (that sb_commit()
 * fails with SB_EBUSY).  Until then no other context can open path.  A
 * file that exists, or ":memory:", is opened as without it.
 */
#define SB_OPEN_STAGE    0x8

/* A new context with no database, or NULL when out of memory. */
sb_ctx *sb_ctx_new(void);

/* Close the database (if open) and free the context. NULL is fine. */
void sb_ctx_free(sb_ctx *ctx);

/* The message of the last failed call, "" if none. */
const char *sb_errmsg(const sb_ctx *ctx);

/*
 * Open the stripboard file at path.  A new file is created (with
 * SB_OPEN_CREATE) and given the current schema; an existing one is checked:
 * a file that is not SQLite, an SQLite file that is not a stripboard file,
 * or a schema newer than this library is refused with SB_EDATA, and the
 * file is left untouched (judged from its header before SQLite opens it,
 * so no -wal or -shm file is left beside it).  Older schemas are migrated
 * in one transaction.  A file on a network file system is refused (SQLite
 * locking is unsafe there).  Only SB_OPEN_CREATE makes a database: without
 * it a missing file is SB_ENOTFOUND, and an empty file (0 bytes, or SQLite
 * with nothing in it) is SB_EDATA, left as it was.
 *
 * A path beginning postgresql:// or postgres:// is a libpq connection URI
 * (with SB_OPEN_SERVER; docs/stripboard.7): the same checks apply to the
 * database's stripboard schema, SB_ENOTFOUND when there is none and
 * SB_OPEN_CREATE is not given.  Messages name it postgresql://HOST/DBNAME
 * only, never its user, password or options.
 */
int sb_open(sb_ctx *ctx, const char *path, unsigned flags);

/*
 * The open database as messages name it: the file's path, or a server's
 * postgresql://HOST/DBNAME (never its user, password or options).  ""
 * when none is open.
 */
const char *sb_db_name(const sb_ctx *ctx);

/* Nonzero if the last sb_open() created the file (1) or filled an empty one (2). */
int sb_created(const sb_ctx *ctx);

/*
 * Remove the file a failed command created, with its -wal and -shm files,
 * so that a failure leaves the disk as it was (an empty file it filled is
 * emptied again, with its times).  Closes the database.  A new file
 * opened with SB_OPEN_STAGE and not yet committed is not under path: its
 * other name is removed.
 */
void sb_discard_created(sb_ctx *ctx);

/* The command line the audit trail records for this context's writes. */
int sb_set_command(sb_ctx *ctx, int argc, char *const argv[]);

/* The actor the audit trail records; by default the login name of the real uid. */
int sb_set_actor(sb_ctx *ctx, const char *actor);

/* The actor the audit trail records. */
const char *sb_actor(const sb_ctx *ctx);

/* Seconds to wait for a busy database before SB_EBUSY (default 5). */
void sb_set_busy_timeout(sb_ctx *ctx, int ms);

/*
 * Permissions (sb-perm(1))
 *
 * A user is the login name of the process's real uid (sb_user()); nothing
 * the caller passes changes it.  Rules grant a role, or deny a role or one
 * action, to a user on a scope: the whole file, a project, a board, a
 * shoot day of a board, a strip.  A rule on a scope covers everything
 * inside it.  With no rule, nothing is allowed (default deny); the
 * narrowest scope whose rules say anything about the action decides, and
 * at one scope a deny wins.  Each role includes the one before it.
 */
enum sb_role {
	SB_ROLE_VIEWER = 1,    /* read: exports, day lists, calendars, the trail */
	SB_ROLE_SCHEDULER = 2, /* move and sort strips; add, drop, move, split, join days */
	SB_ROLE_EDITOR = 3,    /* the breakdown, script revisions, calendars */
	SB_ROLE_ADMIN = 4      /* rules inside its scope; boards; projects */
};

/* What a command asks to do; each needs a role (sb_action_role()). */
enum sb_action {
	SB_ACT_READ = 0,   /* viewer: read a board, a project, the trail */
	SB_ACT_MOVE,       /* scheduler: move strips (one, many, a batch) */
	SB_ACT_SORT,       /* scheduler: sort the strips of days */
	SB_ACT_ADD_DAY,    /* scheduler */
	SB_ACT_DROP_DAY,   /* scheduler */
	SB_ACT_MOVE_DAY,   /* scheduler */
	SB_ACT_SPLIT_DAY,  /* scheduler */
	SB_ACT_JOIN_DAY,   /* scheduler */
	SB_ACT_EDIT,       /* editor: change the breakdown of strips */
	SB_ACT_UPDATE,     /* editor: merge a script revision (sb-import --update) */
	SB_ACT_CALENDAR,   /* editor: edit a board's calendar */
	SB_ACT_GRANT,      /* admin: grant, deny and revoke inside the scope */
	SB_ACT_BOARD,      /* admin: create, copy, rename and drop boards */
	SB_ACT_PROJECT,    /* admin: import (file scope), replace or delete a project */
	SB_ACT_COUNT
};

/*
 * A scope: the narrowest id set says where (all 0: the whole file).  The
 * wider ids may be left 0: they are found from the narrower ones (a day's
 * board, a board's project, the day a strip stands on with board_id).  A
 * strip without board_id is the strip on any board.
 */
struct sb_scope {
	int64_t project_id, board_id, day_id, strip_id;
};

/* "viewer", ... ; NULL for no role.  sb_role_from_name(): 0 if none. */
const char *sb_role_name(int role);
int sb_role_from_name(const char *name);

/* "read", "move", "drop-day", ... ; NULL for no action.  -1 if none. */
const char *sb_action_name(int action);
int sb_action_from_name(const char *name);

/* The role an action needs. */
int sb_action_role(int action);

/* The user permissions are checked for: the login name of the real uid. */
const char *sb_user(sb_ctx *ctx);

/*
 * May the context's user do action on scope?  SB_OK, or SB_EPERM with a
 * one-line message naming the user, the action, the scope and the rule
 * that decided ("permission denied: alice may not drop day 12 of board
 * \"First Pass\": deny scheduler on day 12 (by bob, 2026-12-01)").
 * Every operation of the library that reads or writes calls it before it
 * does anything (inside its transaction, for a write); a change whose
 * transaction no check allowed is refused by sb_audit().  The rules are
 * read once per context and checked in memory.  A refusal is logged to
 * syslog (authpriv).
 */
int sb_perm_require(sb_ctx *ctx, int action, const struct sb_scope *scope);

/* How many checks the context made, and the milliseconds they took. */
void sb_perm_spent(const sb_ctx *ctx, uint64_t *checks, double *ms);

/*
 * The rules themselves (sb-perm(1), lib/op_perm.c).  A scope named as a
 * command names it: a project; a board (name, id or number; with a day and
 * no board, the active one); a shoot day's number on that board; a strip
 * (id or scene number; with a board, the strip on that board alone, else
 * on every board).  NULL and 0 are not given; nothing given is the whole
 * file.  SB_ENOTFOUND for a name that names nothing.
 */
struct sb_perm_where {
	const char *project, *board, *strip;
	int64_t day;
};
int sb_perm_scope(sb_ctx *ctx, const struct sb_perm_where *where, struct sb_scope *scope);

/* What a grant or a deny did. */
enum { SB_PERM_SAME = 0, SB_PERM_ADDED, SB_PERM_CHANGED };

/*
 * Grant user role on scope: a user holds one role a scope (a grant of
 * another replaces it).  Deny user a role or one action on scope.  Revoke
 * user's rules on scope exactly (of what only, unless NULL); SB_ENOTFOUND
 * when there is none.  Each is one transaction with an audit row per rule
 * written.  The caller must be an admin of the scope (SB_ACT_GRANT) and
 * hold what a grant gives, or a revoked deny gives back, there and on
 * every scope inside it (no one grants more than they hold); a deny of a
 * user who is an admin of a wider scope than the caller is refused too.
 * SB_EPERM then; SB_EUSAGE for an unknown role or action; SB_EDATA for a
 * user name that is not 1 to 255 bytes of UTF-8 without control
 * characters, or a change that would leave the whole file without an
 * admin.
 */
int sb_perm_grant(sb_ctx *ctx, const char *user, const char *role,
    const struct sb_scope *scope, int *did);
int sb_perm_deny(sb_ctx *ctx, const char *user, const char *what,
    const struct sb_scope *scope, int *did);
int sb_perm_revoke(sb_ctx *ctx, const char *user, const char *what,
    const struct sb_scope *scope, size_t *removed);

/*
 * The rules that bear on scope (NULL: all): on it, on the scopes around it,
 * and inside it; of user only unless NULL.  As csv, json, ndjson or table.
 * Reading the rules of another user needs read on the scope.
 */
int sb_perm_list(sb_ctx *ctx, const char *user, const struct sb_scope *scope,
    int format, FILE *out);

/*
 * May user do action (a name of sb_action_name()) on scope?  *allowed, and
 * in *why (malloc'd) the sentence that says so and the rule that decided.
 */
int sb_perm_check(sb_ctx *ctx, const char *user, const char *action,
    const struct sb_scope *scope, int *allowed, char **why);

/*
 * Projects
 */

/*
 * Find a project by name, or the only one when name is NULL.  SB_ENOTFOUND
 * if there is none, SB_EUSAGE if name is NULL and the file holds several.
 */
int sb_project_find(sb_ctx *ctx, const char *name, int64_t *project_id);

/*
 * Shared vocabulary: eighths of a page
 */

/* Room for any formatted page count, with its terminating NUL. */
#define SB_EIGHTHS_BUFSZ 32

/* The largest page count a strip may have, in eighths (1000 pages). */
#define SB_EIGHTHS_MAX ((int64_t)8000)

/*
 * Parse a page count written the scheduler's way: "1 3/8", "4/8", "2",
 * "0", "1-3/8"; surrounding spaces are ignored.  "8/8" is read as 1.
 * SB_EDATA for anything else, negative counts, or more than SB_EIGHTHS_MAX.
 */
int sb_eighths_parse(const char *text, int64_t *eighths);

/*
 * Convert a decimal page count (USS: 0.125 per eighth) to eighths.
 * Values that are not a whole number of eighths are rounded to the nearest
 * (*rounded set to 1).  SB_EDATA when negative, not finite or too large.
 */
int sb_eighths_from_pages(double pages, int64_t *eighths, int *rounded);

/* Write eighths as "1 3/8", "4/8", "2", "0" (never "8/8") into buf. */
char *sb_eighths_format(int64_t eighths, char *buf, size_t size);

/*
 * Shared vocabulary: scene numbers
 */

/*
 * Compare scene numbers naturally: "2" < "2A" < "10" < "10A" < "A11";
 * runs of digits compare by value, letters without regard to case,
 * spaces are ignored ("11 A" equals "11A").  NULL and "" sort first.
 */
int sb_scene_cmp(const char *a, const char *b);

/*
 * Write the canonical form of a scene number into buf: surrounding and
 * inner spaces removed between a number and its letter ("11 A" -> "11A").
 * Returns the length of the result; the result is truncated to size-1.
 */
size_t sb_scene_normalize(const char *scene, char *buf, size_t size);

/*
 * Shared vocabulary: dates and calendars
 *
 * A date is a count of days since 1970-01-01 (negative before).
 */
typedef int32_t sb_date;

/* Room for "YYYY-MM-DD" and its NUL. */
#define SB_DATE_BUFSZ 11

/*
 * Parse the calendar date at the start of text: "2022-08-03",
 * "2022-08-03T07:00:00.000+0000" (the time and offset are ignored: the
 * shoot date is the calendar date written).  SB_EDATA when it is not a
 * valid date between years 1 and 9999.
 */
int sb_date_parse(const char *text, sb_date *date);

/* Parse a Movie Magic date, MM/DD/YYYY. */
int sb_date_parse_mdy(const char *text, sb_date *date);

/* Write date as YYYY-MM-DD into buf (at least SB_DATE_BUFSZ bytes). */
char *sb_date_format(sb_date date, char *buf, size_t size);

/* The weekday of date: 0 Sunday ... 6 Saturday. */
int sb_date_weekday(sb_date date);

/* The date for year, month (1-12) and day (1-31); no validation. */
sb_date sb_date_make(int year, int month, int day);

/* What a dated calendar entry does to the schedule. */
enum sb_cal_kind {
	SB_CAL_OFF = 1,     /* a day off: no shooting */
	SB_CAL_HOLIDAY = 2, /* a holiday: no shooting, "/" in Day Out of Days */
	SB_CAL_TRAVEL = 3,  /* company travel: no shooting */
	SB_CAL_WORK = 4,    /* an exception work day on a weekly day off */
	SB_CAL_EVENT = 5    /* a note on the date; no effect on shooting */
};

typedef struct sb_calendar sb_calendar;

/*
 * A calendar that starts shooting on start, with the weekly days off in
 * days_off_mask (bit 0 Sunday ... bit 6 Saturday).  NULL when out of memory.
 */
sb_calendar *sb_calendar_new(sb_date start, unsigned days_off_mask);

/* Free a calendar. NULL is fine. */
void sb_calendar_free(sb_calendar *cal);

/*
 * Mark one date.  A later mark of the same date replaces an earlier one,
 * except that a note (SB_CAL_EVENT) never hides a day off, holiday, travel
 * or work day.  SB_EFAIL when out of memory.
 */
int sb_calendar_mark(sb_calendar *cal, sb_date date, enum sb_cal_kind kind);

/* True if the company shoots on date. */
int sb_calendar_is_shoot_day(const sb_calendar *cal, sb_date date);

/* What is marked on date (0 for nothing). */
int sb_calendar_kind(const sb_calendar *cal, sb_date date);

/* The weekly days off (bit 0 Sunday ... bit 6 Saturday). */
unsigned sb_calendar_days_off(const sb_calendar *cal);

/*
 * The date of the first shoot day: the start date, or the next shoot day
 * after it when the start falls on a day off.  SB_EDATA if no shoot day
 * follows within 10 years (every weekday off, say).
 */
int sb_calendar_first(const sb_calendar *cal, sb_date *date);

/* The next shoot day after prev. SB_EDATA as for sb_calendar_first. */
int sb_calendar_next(const sb_calendar *cal, sb_date prev, sb_date *date);

/* The date of shoot day n (1 = the first). */
int sb_calendar_nth(const sb_calendar *cal, int64_t n, sb_date *date);

/* Parse weekday numbers "6,0" or a JSON-ish "[6, 0]" into a mask. */
int sb_weekdays_parse(const char *text, unsigned *mask);

/*
 * Shared vocabulary: position keys
 *
 * A position key is a string of base-62 digits (0-9, A-Z, a-z) that sorts
 * bytewise.  A new key always fits between two others, so moving a strip
 * rewrites one row.  Keys never end in '0'.
 */

/* The longest key the library makes before it rebalances a board. */
#define SB_KEY_MAX 64

/*
 * Write into out (at least SB_KEY_MAX + 2 bytes) a key strictly between lo
 * and hi; NULL lo means the start, NULL hi the end.  SB_EUSAGE if lo is not
 * below hi or either is not a valid key; SB_EDATA if the key would be
 * longer than SB_KEY_MAX (the caller rebalances and tries again).
 */
int sb_key_between(const char *lo, const char *hi, char *out, size_t size);

/*
 * Write into out the i-th (0-based) of n evenly spread keys, all of the
 * same short length; they sort in i order.  For laying out a whole day or
 * board at once (imports, rebalancing).
 */
int sb_key_spread(uint64_t i, uint64_t n, char *out, size_t size);

/* True if key is a valid position key. */
int sb_key_valid(const char *key);

/*
 * Boards, strips and days by name
 */

/*
 * Find a board of the project by what a scheduler calls it (NULL: the
 * active board, else the first): its name, exactly, else ignoring ASCII
 * case when that names one board; its id (uid); or its number in the
 * project's list of boards (1 = the first, as `sb-board list` numbers
 * them).  SB_ENOTFOUND, naming the closest names, if none matches;
 * SB_EUSAGE, naming them, if the name names several boards.
 */
int sb_board_find(sb_ctx *ctx, int64_t project_id, const char *name,
    int64_t *board_id);

/*
 * Find a strip of the project by its id, or by a scene number that names
 * exactly one strip ("11 A" finds "11A").  SB_ENOTFOUND if none;
 * SB_EUSAGE, naming the candidates, if the scene number names several.
 */
int sb_strip_find(sb_ctx *ctx, int64_t project_id, const char *ref,
    int64_t *strip_id);

/*
 * Boards as a whole (sb-board).  Each change is one transaction with its
 * audit rows; if_version >= 0 refuses it (SB_ECONFLICT, a report in
 * sb_conflict_report()) unless the board is at that version; -1 skips the
 * check.  A board's name is 1 to SB_BOARD_NAME_MAX bytes of UTF-8 with no
 * control characters, not only digits, and no other board's in any case
 * (SB_EDATA otherwise).
 */
#define SB_BOARD_NAME_MAX 255

/*
 * Write the project's boards in list order (what their numbers count):
 * number, id, name, shoot days, strips, whether active (the board commands
 * use without --board), version; csv, json, ndjson or table.
 */
int sb_board_list(sb_ctx *ctx, int64_t project_id, int format, FILE *out);

/* What sb_board_new() made. */
struct sb_board_made {
	int64_t board_id;
	char uid[25];
	int64_t strips, days;
};

/*
 * Make a board called name: a copy of board from (its lanes, days, strips
 * and banners in their order, and a copy of its calendar), or, when from
 * is 0, every scene of the project in script order in its boneyard.
 */
int sb_board_new(sb_ctx *ctx, int64_t project_id, const char *name, int64_t from,
    struct sb_board_made *made);

/* Rename a board. */
int sb_board_rename(sb_ctx *ctx, int64_t board_id, const char *name,
    int64_t if_version);

/*
 * Make a board the project's active one; *changed 0 when it was already.
 * Its version, and the formerly active board's, rise.
 */
int sb_board_activate(sb_ctx *ctx, int64_t board_id, int64_t if_version,
    int *changed);

/*
 * Drop a board with its days and placements (the strips stay).  The
 * active board is refused (SB_EUSAGE) unless activate_id names another
 * board to make active in the same transaction (0: none).
 */
int sb_board_drop(sb_ctx *ctx, int64_t board_id, int64_t activate_id,
    int64_t if_version);

/*
 * The breakdown, a strip at a time (sb-strip).  Each edit is one
 * transaction with one audit row of the strip (its fields in words under
 * "set", its columns and element links as stored under "row"); if_version
 * >= 0 refuses it (SB_ECONFLICT, a report) unless the strip is at that
 * version.  An edit that changes nothing writes nothing.  Bad values (an
 * unknown field or category, bad pages, more than 1 MiB) are SB_EDATA.
 */
struct sb_strip_field {
	const char *name;   /* a field: scene, int_ext, day_night, set, location,
	                       script_day, pages, est, synopsis, comments,
	                       banner_text; or a category, for elements */
	const char *value;  /* "" or NULL: none */
};

/* Write a strip: every field, its elements with their board ids and versions, its places. */
int sb_strip_show(sb_ctx *ctx, int64_t strip_id, int format, FILE *out);

/* Set fields of a strip; *version its version after. */
int sb_strip_set(sb_ctx *ctx, int64_t strip_id, const struct sb_strip_field *f,
    size_t n, int64_t if_version, int64_t *version);

/* Add (made if new) or remove elements of a strip: CATEGORY=ELEMENT pairs. */
int sb_strip_link(sb_ctx *ctx, int64_t strip_id, int add,
    const struct sb_strip_field *f, size_t n, int64_t if_version, int64_t *version);

/* Mark a scene omitted (omit 1) or restore it (0). */
int sb_strip_omit(sb_ctx *ctx, int64_t strip_id, int omit, int64_t if_version,
    int64_t *version);

/* What sb_strip_new() made. */
struct sb_strip_made {
	int64_t strip_id;
	char uid[25];
	size_t boards;      /* the boards whose boneyard it went into */
};

/* Make a strip, type "scene" or "banner", with fields, last in every board's boneyard. */
int sb_strip_new(sb_ctx *ctx, int64_t project_id, const char *type,
    const struct sb_strip_field *f, size_t n, struct sb_strip_made *made);

/*
 * Set fields of many strips from path ("-": standard input), all or
 * nothing: CSV with a header (strip or strip_id, version, fields) or NDJSON
 * objects of the same keys.  One result line a row on out.
 */
int sb_strip_batch(sb_ctx *ctx, int64_t project_id, const char *path, FILE *out,
    size_t *rows);

/* A category of the project by name (exactly, else in any case when that names one). */
int sb_category_find(sb_ctx *ctx, int64_t project_id, const char *name,
    int64_t *category_id);

/*
 * The elements of a category (sb-element), the category named as for
 * sb_category_find(), an element by its name (exactly, else in any case
 * when that names one).  if_version checks the element's version.
 */
/* Write the elements with their board ids, scene counts and versions. */
int sb_element_list(sb_ctx *ctx, int64_t project_id, const char *category,
    int format, FILE *out);
/* Rename an element; a name another element of the category has (any case) is SB_EDATA. */
int sb_element_rename(sb_ctx *ctx, int64_t project_id, const char *category,
    const char *name, const char *to, int64_t if_version);
/* Set an element's board id ("" or NULL: none); one another element has is SB_EDATA. */
int sb_element_number(sb_ctx *ctx, int64_t project_id, const char *category,
    const char *name, const char *board_id, int64_t if_version);
/* Number a category's elements 1..n, the most scenes first; *changed how many changed. */
int sb_element_renumber(sb_ctx *ctx, int64_t project_id, const char *category,
    size_t *changed);
/*
 * Merge element from into element into: every strip naming from names
 * into in its place (each an audited edit of the strip), then from is
 * deleted (its audit row keeps every column).  *strips: how many strips.
 */
int sb_element_merge(sb_ctx *ctx, int64_t project_id, const char *category,
    const char *from, const char *into, int64_t if_version, size_t *strips);

/*
 * Undo the audited changes ids[0..n) (sb-log revert): the inverse of each,
 * newest first, as new audited changes in one transaction; one NDJSON line
 * a row undone on out.  A row whose strip, placement, day, board or element
 * changed since is a conflict: SB_ECONFLICT with a report, nothing written.
 * A kind of change that cannot be undone is SB_EDATA.  dry_run: say what
 * would be done and write nothing.  *reverted: the rows undone.
 */
int sb_revert(sb_ctx *ctx, const int64_t *ids, size_t n, int dry_run, FILE *out,
    size_t *reverted);

/*
 * Compare two boards strip by strip: each strip's day and date on a and on
 * b and the difference in days and in dates, in a's order, then the strips
 * only b has; csv, json, ndjson or table.  Read in one snapshot.
 */
int sb_board_compare(sb_ctx *ctx, int64_t a, int64_t b, int format, FILE *out);

/*
 * Transactions that nest: the outermost call begins a write transaction
 * (BEGIN IMMEDIATE), inner calls a savepoint.  sb_tx_end() commits or
 * releases when status is SB_OK, else rolls back to where sb_tx_begin()
 * was; it returns status, or the commit's failure.
 */
int sb_tx_begin(sb_ctx *ctx);
int sb_tx_end(sb_ctx *ctx, int status);

/*
 * Moving strips
 */
enum sb_where {
	SB_AT_LAST = 0,  /* at the end of the target day */
	SB_AT_FIRST,     /* at its start */
	SB_AT_AFTER,     /* right after the anchor strip */
	SB_AT_BEFORE,    /* right before the anchor strip */
	SB_AT_KEEP       /* where it is if already on the target day, else last */
};

struct sb_move {
	/* the strips to move, in the order they are to stand */
	const char *const *strips;
	size_t nstrips;
	/*
	 * Where: a shoot day number ("12"), "boneyard", a lane's name, "" for
	 * the list of a board not cut into days, or NULL for the anchor's day.
	 */
	const char *to;
	enum sb_where where;
	const char *anchor;    /* a strip, for SB_AT_AFTER and SB_AT_BEFORE */
	int64_t if_version;    /* the placement version the caller saw; -1: any */
};

struct sb_move_result {
	size_t moved;          /* strips whose place changed */
	size_t unchanged;      /* strips already where they were asked to be */
	int64_t version;       /* the placement version of the last strip */
	/*
	 * Scenes the script omitted that the move put on a shoot day (a
	 * warning: they are not shot), and their scene numbers, comma-separated
	 * and cut short with "..." ("" for a strip without a number: "?").
	 */
	size_t omitted;
	char omitted_scenes[128];
};

/*
 * Move strips on a board, in one transaction (a savepoint inside an open
 * one).  Each moved strip rewrites one placement row, its position key
 * computed from its new neighbours; its version rises by one and an audit
 * row records the move.  A strip already in place is left alone.  With
 * if_version (one strip only), a placement whose version moved is a
 * conflict: SB_ECONFLICT, nothing written, and a JSON report of the
 * current state and the audit entries since that version is kept on the
 * context (sb_conflict_report()).
 */
int sb_move(sb_ctx *ctx, int64_t board_id, const struct sb_move *move,
    struct sb_move_result *result);

struct sb_batch_opts {
	const char *board;     /* for rows that name no board; NULL: the first */
	int atomic;            /* all rows in one transaction, or none */
};

struct sb_batch_summary {
	size_t rows, moved, unchanged, conflicts, errors;
	/* omitted scenes placed on a shoot day, as in sb_move_result */
	size_t omitted;
	char omitted_scenes[128];
};

/*
 * Apply moves read from path ("-": standard input), CSV with a header or
 * NDJSON: strip_id (or strip), and any of board, day, after, before,
 * position (first or last) and version (checked like if_version).  A row
 * with neither after, before nor position follows the row before it when
 * both go to the same day, and otherwise stays where it is if it is on
 * that day already, else goes last: so an exported board, edited with
 * standard tools and fed back, moves exactly the strips whose rows moved.
 * One result line (NDJSON) per row goes to results.  With atomic, the
 * first failure rolls every row back and is returned; without, each row
 * is its own transaction, and the status says the worst: SB_ECONFLICT if
 * any row met a stale version, else the first error, else SB_OK.
 */
int sb_reorder_batch(sb_ctx *ctx, int64_t project_id, const char *path,
    const struct sb_batch_opts *opts, FILE *results, struct sb_batch_summary *summary);

/* The JSON report of the last SB_ECONFLICT, or NULL. */
const char *sb_conflict_report(const sb_ctx *ctx);

/*
 * Sort the strips of shoot days first..last (0 and 0: the boneyard) by
 * keys, a comma-separated list of int_ext, day_night, set, location,
 * scene, pages, cast, each optionally prefixed with '-' for descending.
 * The sort is stable; only strips whose order changes are moved (and
 * versioned, and audited).
 */
int sb_sort(sb_ctx *ctx, int64_t board_id, int64_t first_day, int64_t last_day,
    const char *keys, struct sb_move_result *result);

/*
 * Shoot days
 *
 * Days are named by their number on the board's schedule (1 = the first).
 * Every change raises the versions of the rows it changes and writes their
 * audit rows, in one transaction; with if_version >= 0 a day whose version
 * moved is a conflict (SB_ECONFLICT, a report in sb_conflict_report()).
 */

/*
 * Add count empty shoot days after day after (0: before day 1; -1: after
 * the last).  *first is the number of the first new day.  With if_version
 * >= 0, the day they follow (day 1 when they go first) must be at that
 * version (0 when the board has no shoot day).
 */
int sb_day_add(sb_ctx *ctx, int64_t board_id, int64_t after, int64_t count,
    int64_t *first, int64_t if_version);

enum sb_drop_to {
	SB_DROP_BONEYARD = 0, /* the day's strips go to the boneyard */
	SB_DROP_PREV,         /* they join the end of the day before */
	SB_DROP_NEXT          /* they join the start of the day after */
};

/* Drop shoot day n; its strips go where to says. */
int sb_day_drop(sb_ctx *ctx, int64_t board_id, int64_t n, enum sb_drop_to to,
    int64_t if_version);

/* Move shoot day n: SB_AT_FIRST, SB_AT_LAST, or after/before day anchor. */
int sb_day_move(sb_ctx *ctx, int64_t board_id, int64_t n, enum sb_where where,
    int64_t anchor, int64_t if_version);

/* Split day n before the strip at: it and the strips after it become a new day n + 1. */
int sb_day_split(sb_ctx *ctx, int64_t board_id, int64_t n, const char *at,
    int64_t if_version);

/* Join day other to day n: its strips follow n's, and day other goes. */
int sb_day_join(sb_ctx *ctx, int64_t board_id, int64_t n, int64_t other,
    int64_t if_version);

struct sb_calendar_mark {
	const char *date;      /* YYYY-MM-DD */
	int kind;              /* enum sb_cal_kind, or 0 to clear the date */
	const char *name;      /* for SB_CAL_EVENT: what it is; may be NULL */
};

struct sb_calendar_edit {
	const char *start;     /* the first shoot day, YYYY-MM-DD; NULL: unchanged */
	const char *days_off;  /* weekdays off: "sat,sun", "0,6", "" none; NULL: unchanged */
	const struct sb_calendar_mark *marks;
	size_t nmarks;
};

/*
 * Change the calendar of a board (made when the board has none).  Boards
 * that share the calendar see the change too.  The dates of all shoot days
 * follow at once: they are never stored.
 */
int sb_calendar_edit(sb_ctx *ctx, int64_t board_id, const struct sb_calendar_edit *edit,
    int64_t if_version);

/*
 * What the last successful day or calendar change of ctx did, for its
 * summary (zeros when it changed nothing).
 */
struct sb_day_outcome {
	int64_t day;        /* the day's number after it: a day added (the first),
			       moved, split off, or kept by a join; a day dropped */
	int64_t version;    /* that day's version after it (0: it is gone), or
			       the calendar's */
	int64_t strips;     /* strips it moved from day to day */
	int64_t renumbered; /* other days whose number changed */
	int64_t entries;    /* calendar entries added or taken out */
	int days_off;       /* 1: the weekly days off changed */
};
const struct sb_day_outcome *sb_day_outcome(const sb_ctx *ctx);

/*
 * Write the calendar of a board: its start, its weekly days off, and its
 * dated entries in date order, as rows of kind, date, name (CSV, JSON,
 * NDJSON or a table), with the calendar's version.
 */
int sb_calendar_show(sb_ctx *ctx, int64_t board_id, int format, FILE *out);

/* Parse weekday names or numbers ("sat,sun", "Sa Su", "6,0") into a mask. */
int sb_weekday_names_parse(const char *text, unsigned *mask);

/*
 * The days of a board
 */
enum sb_expand {
	SB_EXPAND_NONE = 0,
	SB_EXPAND_ALL,   /* every day's strips under it */
	SB_EXPAND_DAY,   /* the strips of day expand_day */
	SB_EXPAND_DATE   /* the strips of the day on expand_date */
};

struct sb_day_query {
	const char *board;        /* NULL: the active board, else the first */
	enum sb_expand expand;
	int64_t expand_day;
	const char *expand_date;
	const char *from, *to;    /* dates, inclusive; NULL: open */
	int64_t after;            /* start after this day (a keyset cursor); 0 */
	int64_t limit;            /* at most this many days; 0: all */
};

/*
 * Write the shoot days of a board, one row a day: its number, date, strips,
 * pages, estimated time, cast board ids and locations, and its version;
 * with expand, each day's strips under it.  Days stream as they are read;
 * only one day's strips are held at a time.  Formats: csv, json, ndjson,
 * table.
 */
int sb_day_list(sb_ctx *ctx, int64_t project_id, const struct sb_day_query *query,
    int format, FILE *out);

/*
 * Formats: one table (lib/fmt_table.c) names every format, how it is told
 * from its content, and what reads and writes it.
 */
enum sb_format {
	SB_FMT_AUTO = 0,
	SB_FMT_CSV,
	SB_FMT_JSON,
	SB_FMT_NDJSON,
	SB_FMT_TABLE,
	SB_FMT_USS,
	SB_FMT_MSD,
	SB_FMT_SEX,
	SB_FMT_FDX
};

/*
 * The format called name ("csv", "uss", ...), or -1.  "auto" is
 * SB_FMT_AUTO: tell the format from the content.  A format added to the
 * table after SB_FMT_FDX has no constant: find it by its name.
 */
int sb_format_from_name(const char *name);

/* The name of a format; "auto" for SB_FMT_AUTO, "unknown" for no format. */
const char *sb_format_name(int format);

/* What the library does with a format (struct sb_format_info flags). */
#define SB_FORMAT_READ     0x1 /* sb_import() reads it */
#define SB_FORMAT_WRITE    0x2 /* sb_export() writes it */
#define SB_FORMAT_REVISION 0x4 /* it can be a script revision (opts.update) */
#define SB_FORMAT_BOARD    0x8 /* written a board at a time, not the project */
#define SB_FORMAT_MEMORY   0x10 /* read whole into memory, then written */

struct sb_format_info {
	int format;             /* the SB_FMT_* value */
	const char *name;       /* "uss": what --from and --format take */
	const char *title;      /* "Universal Schedule Standard" */
	const char *extensions; /* ".uss", space-separated; "" for none */
	unsigned flags;         /* SB_FORMAT_* */
};

/* The SB_FORMAT_* flags of a format; 0 for SB_FMT_AUTO or no format. */
unsigned sb_format_flags(int format);

/*
 * The i-th format of the table (i = 0, 1, ...) into *info: 1, or 0 past the
 * last one.  The table's order is the order help and messages list them in.
 */
int sb_format_info(size_t i, struct sb_format_info *info);

/*
 * Writing JSON and CSV text, for commands that print their own: the same
 * writers every format of the library uses.
 */

/*
 * Write s to out as a JSON string (RFC 8259); NULL as null.  '"' and '\\'
 * take a backslash and the control characters U+0000 to U+001F are written
 * \b, \f, \n, \r, \t or \u00XX.  Text that is not valid UTF-8 is repaired
 * so that the output always parses: each byte that does not begin a valid
 * UTF-8 sequence (a stray continuation byte, an overlong form, a surrogate,
 * a code point above U+10FFFF, a sequence cut short, 0xC0, 0xC1, 0xF5 to
 * 0xFF) is written as one U+FFFD.  Valid UTF-8 is written byte for byte.
 */
void sb_json_write_string(FILE *out, const char *s);

/*
 * Write s to out as one CSV field (RFC 4180); NULL as an empty field.  A
 * field holding a comma, a double quote, CR or LF is quoted, its double
 * quotes doubled; any other is written as it is.  Bytes are written as
 * they are, UTF-8 or not, so a CSV export reads back byte for byte.
 */
void sb_csv_write_field(FILE *out, const char *s);

/*
 * How sb_export() writes: SB_EXPORT_SPREADSHEET writes CSV for a
 * spreadsheet, not a pipe: a UTF-8 byte order mark first, and a cell that
 * begins with =, +, -, @, tab or CR quoted after a single quote, so that a
 * spreadsheet shows it as text instead of running it as a formula.  Other
 * formats are written as ever.  0 (the default): exact CSV.
 */
#define SB_EXPORT_SPREADSHEET 0x1
/*
 * The form of a USS export.  A project read from a USS file is written as
 * it was read (its quirks and extension keys kept); any other project is
 * written valid (FORMATS section 1: what the standard's validator
 * accepts: every required key, no extension keys).  SB_EXPORT_VALID writes
 * every project valid; SB_EXPORT_KEPT writes every project as kept, with
 * its extension keys ("_msd"...).
 */
#define SB_EXPORT_VALID 0x2
#define SB_EXPORT_KEPT 0x4
void sb_set_export_flags(sb_ctx *ctx, unsigned flags);

/*
 * Import
 */
struct sb_import_opts {
	int format;          /* SB_FMT_AUTO: detect from the content */
	const char *project; /* the project's name; NULL: from the file */
	int replace;         /* replace a project of the same name */
	/* called with each warning ("file: where: what"); may be NULL */
	void (*warn)(void *arg, const char *message);
	void *warn_arg;
	/*
	 * A revision of the script (.fdx, .sex, .msd): merge it into the
	 * project that exists, by scene number, instead of importing a new one.
	 */
	int update;
	/* with update: where each change goes, as one NDJSON line, after commit */
	FILE *changes;
};

struct sb_import_summary {
	int format;          /* the format read */
	int64_t project_id;
	char project[256];   /* the project's name, truncated */
	int64_t strips;
	int64_t categories;
	int64_t elements;
	int64_t boards;
	int64_t days;        /* shoot days over all boards */
	int64_t calendars;
	int64_t warnings;    /* things read with a caveat (rounded pages...) */
	/* with update: scenes changed, added, omitted, restored, unchanged */
	int64_t changed, added, omitted, restored, unchanged;
};

/*
 * Import the production in the file at path ("-" for standard input) as
 * one project, in one transaction: all of it lands or none of it does.
 * A project of the same name is refused (SB_EFAIL) unless opts->replace,
 * which deletes it in the same transaction.  Bad input is SB_EDATA with a message naming the
 * place in the file; a missing file is SB_ENOTFOUND.  Things read with
 * a caveat are reported through opts->warn and counted in the summary.
 */
int sb_import(sb_ctx *ctx, const char *path, const struct sb_import_opts *opts,
    struct sb_import_summary *summary);

/*
 * Export
 */

/*
 * Write the board called board (NULL: the active board, else the first)
 * of the project as canonical CSV, JSON, NDJSON or a readable table.  Rows
 * stream from SQLite to out.  SB_ENOTFOUND for an unknown board.
 */
int sb_export_board(sb_ctx *ctx, int64_t project_id, const char *board,
    int format, FILE *out);

/*
 * Turn the context into a view of the project as it stood at an audit id
 * or a time (when: digits, an audit id; else a time as sb-log --since
 * takes it, the last change committed at or before it), rebuilt from the
 * audit trail: the before values of every audit row of the project after
 * it, put back in a private copy of the database that nothing else sees.
 * The readers (sb_export(), sb_day_list(), sb_calendar_show()...) then
 * print what they printed then; a write is refused (SB_EPERM).  An id in
 * the middle of a change of several rows stands for the whole change;
 * *shown is the id of the last row shown.  SB_EUSAGE: when is neither an
 * id nor a time; SB_ENOTFOUND: no such audit row yet, or a point before
 * the project's last import, where its trail starts; SB_EDATA: an audit
 * row after it that the trail cannot undo; SB_EBUSY.
 */
int sb_as_of(sb_ctx *ctx, int64_t project_id, const char *when, int64_t *shown);

/* Write the whole project as a Universal Schedule Standard document. */
int sb_export_uss(sb_ctx *ctx, int64_t project_id, FILE *out);

/*
 * Write the project in any format the table writes (SB_FORMAT_WRITE): a
 * board of it (board as for sb_export_board()) when the format has
 * SB_FORMAT_BOARD, else the whole project, and board must be NULL.
 * SB_EUSAGE for a format that is not written, or a board given to a
 * format that holds every board.
 */
int sb_export(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out);

/*
 * Synthetic productions (sb-bench)
 */
struct sb_synth_opts {
	int64_t strips;       /* strips (scenes and banners): 1 to 10 000 000 */
	uint64_t seed;        /* the same seed makes the same production */
	const char *project;  /* the project's name; NULL: "synthetic-<strips>" */
	int replace;          /* replace a project of the same name */
};

/*
 * Generate a production of opts->strips strips, deterministically from
 * opts->seed, and write it into the open database in one transaction, as
 * an import would (one audit row).  Its shape is a real one's: scenes of
 * 1/8 to 5 pages in episodes opened by banners, a few hundred sets and
 * locations, a long-tailed cast, a dozen element categories besides set,
 * INT/EXT, day/night, script day and location, and three boards: "First
 * Pass" (shoot days of 3 to 8 pages on a calendar with weekends and
 * holidays, and a boneyard), "Second Pass" (another schedule with a second
 * unit) and "Script Order" (one flat list).  The summary counts what was
 * written.  SB_EUSAGE for a size out of range; a project of the same name
 * is refused (SB_EFAIL) unless opts->replace.
 */
int sb_synth(sb_ctx *ctx, const struct sb_synth_opts *opts,
    struct sb_import_summary *summary);

/*
 * Measuring (sb-bench)
 *
 * What sb-bench reads from a production, through the library, on a
 * context opened read-only: the fixed points of its runs, a strip to move,
 * and its baselines.  No call leaves a read transaction open.
 */
struct sb_bench_points {
	int64_t project_id;            /* the first project of the file */
	int64_t board_id;              /* its board of the name asked for */
	int64_t ndays;                 /* shoot days of the board's schedule */
	int64_t strip_lo, strip_hi;    /* the project's lowest and highest strip ids */
	int64_t audit;                 /* an audit id half way through the trail */
	int64_t day, day_id;           /* the middle shoot day: its number and id */
	int64_t from, to;              /* up to 20 shoot days around it: numbers */
	char pos_from[SB_KEY_MAX + 2]; /* and the position keys of those days */
	char pos_to[SB_KEY_MAX + 2];
	/* the dates of day, from and to, "YYYY-MM-DD"; "" without a calendar */
	char date[16], from_date[16], to_date[16];
	int64_t board_b;               /* the project's board "Second Pass"; 0: none */
	int64_t board_top, calendar_top; /* the highest board and calendar ids */
};

/*
 * The fixed points of the first project's board called board.
 * SB_ENOTFOUND if it has no such board with shoot days.
 */
int sb_bench_points(sb_ctx *ctx, const char *board, struct sb_bench_points *p);

#define SB_BENCH_UID 64

/*
 * The first strip of the board from strip id strip_id up: its uid and its
 * placement's version.  SB_ENOTFOUND if there is none.
 */
int sb_bench_pick(sb_ctx *ctx, const struct sb_bench_points *p, int64_t strip_id,
    char uid[SB_BENCH_UID], int64_t *version);

/*
 * A baseline: step every row and column of sql, one or more read-only
 * statements (SB_EUSAGE for any other), with the named parameters
 * @project, @board, @day (its id), @audit, @pos_from and @pos_to, and
 * @date_from and @date_to (from_date and to_date) bound from p; *rows
 * counts the rows of all of them.
 */
int sb_bench_query(sb_ctx *ctx, const char *sql, const struct sb_bench_points *p,
    int64_t *rows);

/*
 * Put the file back after a run that made boards (sb-bench board-new-from):
 * on a context opened for writing, delete, in one transaction and without
 * audit rows (the bench's housekeeping, not a change of the schedule), the
 * boards and calendars of p's project above p->board_top and
 * p->calendar_top, with their lanes, days, placements and entries.
 * *dropped counts the boards.
 */
int sb_bench_drop_boards(sb_ctx *ctx, const struct sb_bench_points *p, int64_t *dropped);

/*
 * What sb-reorder sort would write (sb-bench sort-day), on a context opened
 * for writing: in a transaction rolled back, so the file is left as it
 * was, sort shoot day n of p's board by keys (sb_sort()) and list the uids
 * of the strips it moves (those outside the longest run already in order,
 * which get a new key, a new version and an audit row each), in the order
 * of their audit rows, into uids (at most max; SB_EFAIL past it).
 */
int sb_bench_sort_plan(sb_ctx *ctx, const struct sb_bench_points *p, int64_t n,
    const char *keys, char (*uids)[SB_BENCH_UID], size_t max, size_t *count);

/*
 * The permission scenario (sb-bench perm-batch), on a context opened for
 * writing: in one transaction that is rolled back at the end, so the file
 * is left as it was, write nrules rules (half of them the context's user's,
 * on strips, days, the board and the project, grants of scheduler and
 * denies of calendar that leave its moves allowed; half other users'),
 * write to moves_path a batch moving up to nmoves strips of the board to
 * other shoot days, apply it atomically (sb_reorder_batch()), and say what
 * the checks of the batch cost: *checks, *ms (sb_perm_spent()), *rows.
 */
int sb_bench_perm(sb_ctx *ctx, const struct sb_bench_points *p, size_t nrules,
    size_t nmoves, const char *moves_path, uint64_t *checks, double *ms,
    int64_t *rows);

/*
 * The audit trail
 *
 * Every change writes audit rows; sb_log reads them back.  A log is an
 * iterator over the rows that match a filter, oldest first (or newest
 * first), stepped straight from SQLite a page at a time: nothing is
 * gathered, and no read transaction stays open between pages.  A log
 * opened to follow waits for other processes' commits and reads their rows
 * as they land.
 */
typedef struct sb_log sb_log;

struct sb_log_filter {
	/*
	 * The project by name.  NULL: every project of the file, or the only
	 * one when board, strip or day needs a project.
	 */
	const char *project;
	const char *board;    /* board name or id (with day, NULL: the active one) */
	const char *strip;    /* strip id, or a scene number naming one strip */
	int64_t day;          /* shoot day number on the board; 0: any day */
	const char *user;     /* the actor who made the change */
	/*
	 * Digits: rows after that audit id.  Else a UTC time, "2024-03-01",
	 * "2024-03-01T09:30[:SS[.mmm]]" with an optional "Z" or offset: rows
	 * at or after it.  NULL: from the start (or, following, from now).
	 */
	const char *since;
	int64_t limit;        /* at most this many rows; 0: no limit */
	int newest_first;     /* newest first (not with follow) */
};

struct sb_log_follow {
	int interval_ms;      /* how often to look for commits (e.g. 50) */
	int coalesce_ms;      /* quiet time that ends a burst of commits; 0: none */
	/* stop waiting when *stop becomes nonzero (a signal handler sets it) */
	const volatile sig_atomic_t *stop;
	/* stop waiting when this descriptor reports an error or hang-up (the
	 * reader of a pipe went away); -1: none */
	int watch_fd;
};

/* One row of the trail, valid until the next sb_log_next() or sb_log_close(). */
struct sb_log_row {
	int64_t id;
	const char *at;         /* UTC, "2024-03-01T09:30:00.000Z" */
	const char *actor;
	const char *command;    /* the command line that made the change */
	int64_t project_id;     /* 0 if none */
	const char *project;    /* the project's name; NULL if none or gone */
	const char *entity;     /* "placement", "day", "strip", "project", ... */
	int64_t entity_id;      /* 0 if none */
	int64_t version_before; /* 0: created */
	int64_t version_after;  /* 0: deleted */
	const char *changes;    /* the changes as compact JSON; NULL if none */
	const char *changes_raw; /* the stored text when it is not JSON, else NULL */
	/* one line for people: "moved scene 12 from day 3 to day 5 (First Pass)" */
	const char *summary;
};

/*
 * Open a log of the rows that match filter.  Names are looked up now:
 * SB_ENOTFOUND for an unknown project, board or strip, SB_EUSAGE for a
 * scene number that names several strips, a project needed but not named
 * in a file of several, or a malformed since.  With follow (NULL: history
 * only), the log starts after the last row already there unless
 * filter->since says otherwise, and a busy database is waited out, never
 * reported.
 */
int sb_log_open(sb_ctx *ctx, const struct sb_log_filter *filter,
    const struct sb_log_follow *follow, sb_log **log);

/*
 * The next matching row: 1 and *row set, 0 when there is none (for now,
 * when following), or a negative status (SB_EBUSY when the database stayed
 * busy past the context's busy timeout).
 */
int sb_log_next(sb_log *log, const struct sb_log_row **row);

/* sb_log_wait() returns this when it stopped rather than saw a commit. */
#define SB_LOG_STOPPED 1

/*
 * Following: wait until another connection commits, then let a burst of
 * commits settle (coalesce_ms of quiet, at most 10 times that) and return
 * SB_OK; sb_log_next() then reads the new rows, if any (a checkpoint, or
 * a commit of rows the filter leaves out, wakes it too).  Change detection
 * polls PRAGMA data_version every interval_ms outside any transaction, so
 * writers and checkpoints are never held up.  SB_LOG_STOPPED when *stop
 * was set, the watched descriptor hung up, or the limit was reached.
 */
int sb_log_wait(sb_log *log);

/* The id of the last row read, or where the log starts. */
int64_t sb_log_last_id(const sb_log *log);

/*
 * Write the head (CSV header, table header, "[" of a JSON array), a row,
 * and the tail ("]") of a log in a format: SB_FMT_NDJSON (one JSON object
 * a line, changes as JSON), SB_FMT_JSON, SB_FMT_CSV or SB_FMT_TABLE (id,
 * time, who, what).  SB_EUSAGE for another format.
 */
int sb_log_print_head(sb_log *log, int format, FILE *out);
int sb_log_print_row(sb_log *log, const struct sb_log_row *row, int format,
    FILE *out);
int sb_log_print_tail(sb_log *log, int format, FILE *out);

/* Close a log. NULL is fine. */
void sb_log_close(sb_log *log);

/*
 * The audit trail's hash chain (stripboard(5), "THE CHAIN"; sb-log --verify).
 */
#define SB_CHAIN_HEAD_LEN 64 /* hex digits of a head hash */

struct sb_chain_result {
	int64_t rows;        /* rows whose hash was checked */
	int64_t head_id;     /* the last row's id; 0: an empty trail */
	char head[SB_CHAIN_HEAD_LEN + 1]; /* its hash ("" for an empty trail) */
	int64_t bad_id;      /* where the chain breaks; 0: it holds */
	int64_t kept_id;     /* the row whose hash is the kept head; 0: none */
};

/*
 * Recompute the chain from the first row.  SB_OK when every row matches
 * its hash, the append-only triggers are there as stripboard made them,
 * and kept (a head printed before, NULL: none) is the hash of a row of
 * the trail.  Else SB_ETAMPER, res->bad_id the first bad row and the
 * message saying why: its content changed, its hash changed, a row
 * deleted before it or inserted, or the kept head gone (the trail
 * rewritten, or rows deleted from its end).  SB_EUSAGE for a kept head
 * that is not 64 hex digits; SB_EPERM for a user who may not read the
 * whole file (sb-perm(1)).
 */
int sb_chain_verify(sb_ctx *ctx, const char *kept, struct sb_chain_result *res);

/*
 * Log a refused action through syslog(3), facility authpriv (as sudo logs
 * its refusals): "USER : permission denied : ACTION ; SCOPE ; DB", bytes
 * that are not printable ASCII written as \ooo so one refusal is one line.
 * sb_refusal_format() writes that line (NUL-terminated, cut to size) and
 * returns its length before cutting.
 */
void sb_log_refusal(sb_ctx *ctx, const char *user, const char *action,
    const char *scope);
size_t sb_refusal_format(char *buf, size_t size, const char *db, const char *user,
    const char *action, const char *scope);

/*
 * Reports (sb-report): the papers a crew reads, written from a board.
 */

/* Day Out of Days options (struct sb_report_opts.dood). */
#define SB_DOOD_DROP_BLANK   0x1 /* the dates of a drop are blank, not D */
#define SB_DOOD_DROP_ON_LAST 0x2 /* WD on the last work day before a drop, its dates blank */
#define SB_DOOD_START_PAID   0x4 /* a travel or rehearsal day before the first work
				  * day starts the run (SR, ST), one after the last
				  * ends it (RF, TF) */
#define SB_DOOD_PAID_EVENTS  0x8 /* rehearsals and fittings count in the total */

struct sb_report_opts {
	const char *board;       /* NULL: the active board, else the first */
	const char *categories;  /* dood, elements: names or ucids, comma-separated;
				  * NULL: the cast */
	unsigned dood;           /* SB_DOOD_* */
	int64_t drops;           /* most drops per element; < 0: any number; the
				  * default 0 means 1, as union rules allow */
	int64_t drop_days;       /* drop-day count of an element that has none (0: 10) */
	const char *explain_element, *explain_date; /* dood --explain: one cell in words */
	/* flags: limits of a day (0: none) and of a gap that looks like a drop */
	int64_t max_eighths, max_minutes, max_locations, min_gap;
	const char *element;     /* ics: one element's days (its name); NULL: all */
};

/*
 * Write the report called name ("dood", "oneliner", "schedule", "elements",
 * "flags"...) of the project in the format called format ("table", "csv",
 * "json", "ndjson"...) to out.  Rows stream as they are made.  SB_EUSAGE
 * for an unknown report, a format it does not write, or a board without
 * the calendar a report needs; SB_ENOTFOUND for an unknown board,
 * category or element.
 */
int sb_report(sb_ctx *ctx, int64_t project_id, const char *name, const char *format,
    const struct sb_report_opts *opts, FILE *out);

/*
 * The i-th report (from 0): its name and one line about it; SB_ENOTFOUND
 * past the last.  The j-th format it writes (from 0): SB_ENOTFOUND past
 * the last.
 */
int sb_report_info(size_t i, const char **name, const char **about);
int sb_report_format(const char *name, size_t j, const char **format);

/*
 * Output that replaces a file atomically: written to a temporary file
 * beside path, then, at sb_output_commit(), renamed over path, unless
 * path already holds exactly these bytes, when it is left untouched (not
 * even its times change) and the temporary file removed.  A new file gets
 * the mode 0666 less the umask, a replaced one keeps its mode.
 */
typedef struct sb_output sb_output;

/* Start writing path; the stream to write is sb_output_file(). NULL: errno. */
sb_output *sb_output_open(const char *path);
FILE *sb_output_file(sb_output *o);

/*
 * Finish: 1 if path was replaced, 0 if it was left as it was, -1 on an
 * error (errno set; path untouched).  Frees o.
 */
int sb_output_commit(sb_output *o);

/* Give up: remove the temporary file, leave path as it was.  NULL is fine. */
void sb_output_abort(sb_output *o);

#ifdef __cplusplus
}
#endif

#endif /* STRIPBOARD_H */
