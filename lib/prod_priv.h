/*
 * prod_priv.h - a production held in memory: what the readers of the
 * formats that are not ours (.msd, .sex, .fdx) build, and what prod.c
 * writes into the database in one go (sb_prod_write) or merges into a
 * project that is already there (sb_prod_merge, a script revision).
 *
 * A reader parses and checks the whole file first, filling a struct
 * sb_prod; nothing touches the database until the file has been read to
 * the end without a fault.  The productions these formats carry are a few
 * thousand strips at most, so holding one in memory costs little.
 *
 * Items are referred to by index: category k is cats[k], and so on.  Every
 * text is a NUL-terminated UTF-8 string owned by the production (NULL: no
 * value).  The adders return SB_OK or SB_EFAIL (out of memory, message set
 * on p->ctx).
 */
#ifndef PROD_PRIV_H
#define PROD_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "sb_priv.h"

/* The universal category ids of the strip's own columns. */
enum {
	SB_UCID_SET = 0,
	SB_UCID_IE = 1,
	SB_UCID_DN = 2,
	SB_UCID_SCRIPT_DAY = 3,
	SB_UCID_LOCATION = 6
};

/*
 * ext, on the items that have it: a JSON object text of what the file says
 * of the item that no column holds (NULL: nothing), written as the row's
 * ext, so a USS export shows it as extension keys ("_msd") and a writer
 * of the format gives it back.  Set with sb_prod_text().
 */
struct sb_prod_cat {
	char *name;
	int ucid;            /* -1: none */
	char *ext;
};

struct sb_prod_el {
	size_t cat;
	char *name;
	char *board_id;      /* the cast number "1", "12"...; NULL: none */
	char *ext;
	size_t *linked;      /* linked elements (indexes), in order */
	size_t nlinked, caplinked;
};

struct sb_prod_strip {
	char *uid;           /* the file's stable id (BDSID); NULL: a new one */
	int banner;          /* a banner strip, not a scene */
	char *scene;         /* "12", "108, 110", "11A" */
	char *int_ext, *day_night, *set_name, *location, *script_day;
	char *synopsis, *comments, *banner_text, *script_page;
	int64_t eighths;     /* pages in eighths, when have_eighths */
	int have_eighths;
	int64_t est_ms;      /* estimated time, when have_est */
	int have_est;
	int omitted;         /* omitted from the script: kept, marked */
	size_t *els;         /* its elements, in order, no repeats */
	size_t nels, capels;
	char *ext;
};

/* A list of strips in order: a shoot day, the boneyard... */
struct sb_prod_list {
	size_t *strips;
	size_t n, cap;
};

/* kind: "start", "off", "holiday", "travel", "work", "event" (a note) (calendar_day.kind) */
struct sb_prod_calday {
	char kind[8];
	sb_date date;
	char *name;          /* a name of its own ("Thanksgiving"); NULL: none */
	char *ext;           /* more extension keys than "_name" */
};

struct sb_prod_cal {
	char *name;
	unsigned days_off;   /* weekly days off: bit 0 Sunday ... bit 6 Saturday */
	int have_days_off;
	struct sb_prod_calday *days;
	size_t n, cap;
	char *ext;
};

struct sb_prod_board {
	char *name;
	long cal;            /* index of its calendar, -1: none */
	struct sb_prod_list *days;  /* the shoot days, in order */
	size_t ndays, capdays;
	struct sb_prod_list remaining; /* scheduled after the last day break */
	struct sb_prod_list boneyard;  /* unscheduled strips */
	char *ext;
	char *boneyard_ext;  /* the boneyard lane's ext */
};

struct sb_prod_hash {
	size_t *slot;        /* index + 1; 0: empty */
	size_t cap;          /* a power of two */
	size_t n;            /* uidhash: entries (the others hold every item) */
};

struct sb_prod {
	sb_ctx *ctx;
	char *name;          /* the production's name (the project); NULL: none */
	char *title;
	/*
	 * A JSON object of what the file says of itself (an .msd header), or
	 * empty.  The writer makes a USS header up around it, each key kept as
	 * an extension key ("msd" becomes "_msd").
	 */
	struct sb_buf meta;
	struct sb_prod_cat *cats;
	size_t ncats, capcats;
	struct sb_prod_hash cathash; /* name -> category */
	struct sb_prod_el *els;
	size_t nels, capels;
	struct sb_prod_hash elhash;  /* (category, name) -> element */
	struct sb_prod_strip *strips;
	size_t nstrips, capstrips;
	struct sb_prod_hash uidhash; /* uid -> strip */
	uint64_t *links;     /* (strip, element) pairs linked, + 1; 0: empty */
	size_t nlinks, caplinks; /* caplinks a power of two */
	struct sb_prod_cal *cals;
	size_t ncals, capcals;
	struct sb_prod_board *boards;
	size_t nboards, capboards;
	long active;         /* index of the active board, -1: the first */
};

void sb_prod_init(struct sb_prod *p, sb_ctx *ctx);
void sb_prod_free(struct sb_prod *p);

/* Set *dst to a copy of s (NULL stays NULL), freeing what it held. */
int sb_prod_text(struct sb_prod *p, char **dst, const char *s);

/* The category called name (compared exactly), added if new.  ucid -1: guess from the name. */
int sb_prod_category(struct sb_prod *p, const char *name, int ucid, size_t *idx);

/* The element called name in category cat, added if new. */
int sb_prod_element(struct sb_prod *p, size_t cat, const char *name, size_t *idx);

/* The element called name in category cat, or -1. */
long sb_prod_find_element(const struct sb_prod *p, size_t cat, const char *name);

/* The category called name, or -1. */
long sb_prod_find_category(const struct sb_prod *p, const char *name);

/* Link element other to element el (linkedElements), once. */
int sb_prod_el_link(struct sb_prod *p, size_t el, size_t other);

/* A new strip, all fields empty; *idx is its index (the pointer moves as strips grow). */
int sb_prod_strip_new(struct sb_prod *p, size_t *idx);

/* The strip whose uid is uid, or -1. Register uids with sb_prod_strip_uid(). */
long sb_prod_find_uid(const struct sb_prod *p, const char *uid);

/* Give strip s its uid; SB_EDATA (message left to the caller) if another has it. */
int sb_prod_strip_uid(struct sb_prod *p, size_t s, const char *uid);

/*
 * Link element el to strip s (once: linking it again does nothing).  An
 * element of the fixed category of a strip column (Set, INT/EXT...) sets
 * that column too, several joined by "; " as a USS file has them.
 */
int sb_prod_link(struct sb_prod *p, size_t s, size_t el);

/*
 * Set one of the strip's own columns (ucid SB_UCID_SET, _IE, _DN,
 * _SCRIPT_DAY, _LOCATION) and link it as an element of the fixed category
 * of that ucid (created on first use with the usual name: "Set", "INT/EXT",
 * "Day/Night", "Script Day", "Location").  NULL or "" does nothing.
 */
int sb_prod_fixed(struct sb_prod *p, size_t s, int ucid, const char *value);

/* A new calendar; *idx its index. */
int sb_prod_calendar_new(struct sb_prod *p, const char *name, size_t *idx);
int sb_prod_calday(struct sb_prod *p, size_t cal, const char *kind, sb_date date,
    const char *name);

/* A new board; *idx its index. */
int sb_prod_board_new(struct sb_prod *p, const char *name, size_t *idx);
/* A new shoot day at the end of board b; *day its index in boards[b].days. */
int sb_prod_day_new(struct sb_prod *p, size_t b, size_t *day);
/* Append strip s to a list. */
int sb_prod_list_add(struct sb_prod *p, struct sb_prod_list *l, size_t s);

/*
 * Write the production as a new project (sb_import_project() rules: a
 * project of the same name is refused unless --replace), in the import's
 * transaction.  Boards get a "stripboard" lane holding the shoot days, a
 * "remaining" lane if any strip follows the last day break, and a
 * "boneyard" lane.
 */
struct sb_import;
int sb_prod_write(struct sb_import *imp, struct sb_prod *p);

/* Insert one strip of a production with the given rank; its row id in *id. */
int sb_prod_insert_strip(struct sb_import *imp, const struct sb_prod_strip *s,
    int64_t rank, int64_t *id);

/*
 * Merge a newer draft of the script into the project that exists (a
 * revision, sb-import --update): scenes are matched by scene number (the
 * way sb_scene_cmp() compares them); changed scenes are updated (versions
 * rise, an audit row each says what changed), new scenes join the boneyard
 * of every board, scenes the draft no longer has are marked omitted, never
 * deleted; no placement is touched.  Each change is appended to changes as
 * one NDJSON line: {"scene":...,"change":"changed"|"added"|"omitted"|
 * "restored","fields":{...}}.
 */
int sb_prod_merge(struct sb_import *imp, struct sb_prod *p, struct sb_buf *changes);

/* The board the script's readers (.sex, .fdx) put every scene on, in the boneyard. */
#define SB_SCRIPT_BOARD "Script Order"

/*
 * Split a slug line ("INT. BAILEY HOUSE - KITCHEN - NIGHT") into the strip's
 * INT/EXT ("INT", "EXT", "INT/EXT"), set and time of day (the last " - "
 * part when it names a time: DAY, NIGHT, CONTINUOUS, LATER...), each set
 * with sb_prod_fixed().  Missing parts stay empty.  (lib/prod.c, through
 * sb_slug_split() of lib/base_slug.c)
 */
int sb_prod_slug(struct sb_prod *p, size_t s, const char *slug);

/*
 * Warn (through the import) of each scene number two strips share ("11 A"
 * and "11A" are one): a revision matches scenes by number.  SB_EFAIL when
 * out of memory.  (lib/prod.c)
 */
int sb_prod_warn_repeats(struct sb_import *imp, struct sb_prod *p);

#endif /* PROD_PRIV_H */
