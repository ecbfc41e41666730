/*
 * fmt_flat_read.c - the reader of the canonical flat form: CSV (streamed
 * through libcsv), NDJSON (a line at a time) and JSON (one array).
 *
 * Each row is one strip on one board.  Strips are created the first time
 * their id is seen and checked against that first row when seen again on
 * another board; elements are created by category and name; days by
 * number.  The `date` column is read back as a calendar: the start is the
 * date of day 1, a weekday that no day falls on but the dates skip is a
 * weekly day off, and any other skipped working date an off day.  The
 * `position` column is output only: rows are placed in file order.
 */
#include <config.h>

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_priv.h"
#include "flat_priv.h"
#include "jstream_priv.h"
#include "board_priv.h"
#include "store.h"

/* Days a flat file may name: a season of a million strips, and room to spare. */
#define MAX_DAY 2000000
/*
 * Shoot days of a lane that no row names (empty days, between the days
 * named): at most this many, checked at the row that would make more, so
 * that a typo ("day 2000000") is refused at once, not after two million
 * empty days are written.  sb-day add adds as many at a time.
 */
#define MAX_EMPTY_DAYS 10000

struct flane {
	char *name;
	int kind;              /* enum sb_lane_kind */
	int64_t id;
	int64_t list_day;      /* the lane's list (no day breaks), 0 if none yet */
	int64_t *days;         /* shoot day n at days[n - 1], 0 if not seen */
	sb_date *dates;
	unsigned char *dated;  /* dates[n - 1] was given */
	uint64_t *date_line;   /* where it was given */
	size_t ndays, cap;
	size_t named;          /* days of days[] some row names */
};

struct fboard {
	char *name;
	int64_t id;
	struct flane *lanes;
	size_t nlanes;
};

struct fcat {
	char *name;
	int64_t id;
};

struct flat {
	struct sb_import *imp;
	sb_ctx *ctx;
	const char *file;
	uint64_t line;         /* where the current row starts */
	int64_t fixed_cat[7];  /* categories of the fixed columns, by ucid */
	struct fcat *cats;
	size_t ncats;
	struct fboard *boards;
	size_t nboards;
	uint64_t seq;          /* placements so far: their keys */
	int64_t strip_rank, element_rank, category_rank;
	/*
	 * The elements made so far, by category and name (open addressing,
	 * a power of two of slots, at most half full): a query for each name
	 * of each row took a quarter of an import, and a JSON object keyed
	 * "CATEGORY NAME" a twentieth.  As many entries as the production
	 * has elements.  An entry is a cache line, its name in it when the
	 * name is short: SQLite's cache keeps the map out of the CPU's, and
	 * a name elsewhere was a second miss at each lookup (6% of a CSV
	 * import of 100 000 strips for 0.4% of its instructions).
	 */
	struct fel {
		uint64_t hash;
		int64_t category, id;  /* id 0: an empty slot */
		char *board_id;        /* NULL: none */
		char *long_name;       /* a name too long for short[], else NULL */
		char short_name[24];
	} *els;
	size_t nels, capels;
	/* the new strip's links, written once its row is read (flush_links()) */
	struct flink {
		int64_t element, rank;
	} *links;
	size_t nlinks, caplinks;
	/*
	 * Links of the strips read so far, written 64 at a time
	 * (write_links()): a statement for each strip's cost SQLite more
	 * than its rows.  Written before anything reads them back.
	 */
	struct sb_link *pend;
	size_t npend, cappend;
	/*
	 * New strips' placements, written 16 to a statement (flush_places()):
	 * a statement a row cost SQLite more than the row.  A new strip
	 * cannot be on its board already, so none of them can be refused;
	 * a strip seen again (another board) is placed at once, after them,
	 * to be told apart.
	 */
	struct fplace {
		int64_t board, strip, day, version;
		char pos[SB_KEY_MAX + 2];
	} places[16];
	size_t nplaces;
};

/* A row: the fixed cells (NULL: empty) and each category's names. */
struct frow {
	const char *cell[SB_FLAT_NCOLS];
	int empty_is_null;     /* CSV cannot tell "" from no value */
	int ids;               /* names may carry board ids: "ID:NAME" */
	size_t ncat;
	size_t *nnames;        /* per category */
	const char ***names;   /* per category */
};

static int
bad(struct flat *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
bad(struct flat *f, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sb_err(f->ctx, SB_EDATA, "%s: line %llu: %s", f->file,
	    (unsigned long long)f->line, msg);
}

static int
oom(struct flat *f)
{
	return sb_err(f->ctx, SB_EFAIL, "out of memory");
}

static const char *
nz(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

static int
add_category(struct flat *f, const char *name)
{
	struct sb_row_category row;
	struct fcat *c;
	char uid[25];
	int ucid = sb_ucid_guess(name);
	void *p;

	for (size_t i = 0; i < SB_FLAT_NCOLS; i++)
		if (strcmp(name, sb_flat_columns[i]) == 0)
			return bad(f, "column \"%s\" appears twice", name);
	for (size_t i = 0; i < f->ncats; i++)
		if (strcmp(name, f->cats[i].name) == 0)
			return bad(f, "column \"%s\" appears twice", name);
	if (name[0] == '\0')
		return bad(f, "column %zu has no name", SB_FLAT_NCOLS + f->ncats + 1);
	if (strlen(name) > SB_MAX_FIELD)
		return bad(f, "column %zu: a name of %zu bytes, more than the %d a "
		    "field may hold", SB_FLAT_NCOLS + f->ncats + 1, strlen(name),
		    SB_MAX_FIELD);
	p = realloc(f->cats, (f->ncats + 1) * sizeof(*f->cats));
	if (p == NULL)
		return oom(f);
	f->cats = p;
	c = &f->cats[f->ncats];
	if ((c->name = sb_strdup(name)) == NULL)
		return oom(f);
	f->ncats++;
	/* A column is never one of the strip's own (set, INT/EXT...). */
	if (ucid == 0 || ucid == 1 || ucid == 2 || ucid == 3 || ucid == 6)
		ucid = -1;
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = f->imp->project_id;
	row.uid = uid;
	row.name = name;
	row.ucid = ucid;
	row.has_ucid = ucid >= 0;
	row.rank = f->category_rank++;
	if (store_category_insert(f->ctx, &row, &c->id) != SB_OK)
		return SB_EFAIL;
	return SB_OK;
}

static int64_t
fixed_category(struct flat *f, int ucid)
{
	static const char *const names[7] = { "Set", "INT/EXT", "Day/Night",
	    "Script Day", NULL, NULL, "Location" };
	struct sb_row_category row;
	char uid[25];
	int64_t id;

	if (f->fixed_cat[ucid] != 0)
		return f->fixed_cat[ucid];
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = f->imp->project_id;
	row.uid = uid;
	row.name = names[ucid];
	row.ucid = ucid;
	row.has_ucid = 1;
	row.rank = f->category_rank++;
	if (store_category_insert(f->ctx, &row, &id) != SB_OK)
		return 0;
	f->fixed_cat[ucid] = id;
	return f->fixed_cat[ucid];
}

static uint64_t
element_hash(int64_t category, const char *name)
{
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)category;

	/* FNV-1a over the name, the category folded in first */
	h *= 1099511628211ULL;
	for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static const char *
fel_name(const struct fel *e)
{
	return e->long_name != NULL ? e->long_name : e->short_name;
}

/* The slot of (category, name): its entry, or the empty slot it would take. */
static struct fel *
element_slot(struct fel *els, size_t cap, uint64_t hash, int64_t category,
    const char *name)
{
	size_t i = (size_t)hash & (cap - 1);

	while (els[i].id != 0 && (els[i].hash != hash || els[i].category != category ||
	    strcmp(fel_name(&els[i]), name) != 0))
		i = (i + 1) & (cap - 1);
	return &els[i];
}

static int
element_map_grow(struct flat *f)
{
	size_t cap = f->capels > 0 ? 2 * f->capels : 1024;
	struct fel *els;

	/* (an entry a cache line: aligned_alloc() wants a multiple of 64) */
	if (cap > SIZE_MAX / sizeof(*els) ||
	    (els = aligned_alloc(64, cap * sizeof(*els))) == NULL)
		return -1;
	memset(els, 0, cap * sizeof(*els));
	for (size_t i = 0; i < f->capels; i++)
		if (f->els[i].id != 0)
			*element_slot(els, cap, f->els[i].hash, f->els[i].category,
			    fel_name(&f->els[i])) = f->els[i];
	free(f->els);
	f->els = els;
	f->capels = cap;
	return 0;
}

/*
 * The element of a category by name, made if new.  With ids set the row
 * says its board id too (NULL: none), and an earlier row must agree.
 * The project is new (sb_import_project(): a replaced one is deleted
 * first, and the flat form has no --update), so every element it has
 * is one this import made, in the map.
 */
static int64_t
element_id(struct flat *f, int64_t category, const char *name, int ids,
    const char *board_id, int *rc_out)
{
	uint64_t hash = element_hash(category, name);
	struct sb_row_element row;
	struct fel *e;
	char uid[25];
	int64_t id;

	if (2 * (f->nels + 1) > f->capels && element_map_grow(f) != 0) {
		*rc_out = oom(f);
		return 0;
	}
	e = element_slot(f->els, f->capels, hash, category, name);
	if (e->id != 0) {
		const char *had = e->board_id;

		if (ids && strcmp(had != NULL ? had : "", board_id != NULL ?
		    board_id : "") != 0) {
			*rc_out = bad(f, "element \"%.60s\": board id \"%s\" here but "
			    "\"%s\" on an earlier row", name, board_id != NULL ?
			    board_id : "", had != NULL ? had : "");
			return 0;
		}
		return e->id;
	}
	if (strlen(name) < sizeof(e->short_name))
		strcpy(e->short_name, name);
	else if ((e->long_name = sb_strdup(name)) == NULL) {
		*rc_out = oom(f);
		return 0;
	}
	e->board_id = board_id != NULL ? sb_strdup(board_id) : NULL;
	if (board_id != NULL && e->board_id == NULL) {
		*rc_out = oom(f);
		goto fail;
	}
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = f->imp->project_id;
	row.category_id = category;
	row.uid = uid;
	row.name = name;
	row.board_id = board_id;
	row.rank = f->element_rank++;
	if (store_element_insert(f->ctx, &row, &id) != SB_OK)
		goto fail; /* (*rc_out is SB_EFAIL, as the caller set it) */
	e->hash = hash;
	e->category = category;
	e->id = id;
	f->nels++;
	return id;
fail:
	/* the slot stays empty (id 0) */
	free(e->long_name);
	free(e->board_id);
	memset(e, 0, sizeof(*e));
	return 0;
}

static int
link_element(struct flat *f, int64_t strip, int64_t category, const char *name,
    int ids, const char *board_id, int64_t *rank)
{
	int rc = SB_EFAIL;
	int64_t el = element_id(f, category, name, ids, board_id, &rc);

	(void)strip;
	if (el == 0)
		return rc;
	if (f->nlinks == f->caplinks) {
		void *p = sb_grow(f->links, &f->caplinks, f->nlinks, 32, sizeof(*f->links));

		if (p == NULL)
			return oom(f);
		f->links = p;
	}
	f->links[f->nlinks].element = el;
	f->links[f->nlinks++].rank = (*rank)++;
	return SB_OK;
}

static int
link_cmp(const void *a, const void *b)
{
	const struct flink *x = a, *y = b;

	if (x->element != y->element)
		return x->element < y->element ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The links kept by flush_links(), written. */
static int
write_links(struct flat *f)
{
	size_t n = f->npend;

	f->npend = 0;
	return n > 0 ? store_strip_links_insert(f->ctx, f->pend, n) : SB_OK;
}

/*
 * Keep a new strip's links for write_links(): an element named twice is
 * linked once, at its first rank (the rank of the second stays unused,
 * as when each link was its own INSERT OR IGNORE).
 */
static int
flush_links(struct flat *f, int64_t strip)
{
	size_t n = f->nlinks;
	struct sb_link *grown;

	f->nlinks = 0;
	if (n == 0)
		return SB_OK;
	if ((grown = sb_grow(f->pend, &f->cappend, f->npend + n - 1, 64,
	    sizeof(*f->pend))) == NULL)
		return oom(f);
	f->pend = grown;
	/* sorted by element then rank: the first of each element is kept */
	qsort(f->links, n, sizeof(*f->links), link_cmp);
	for (size_t k = 0; k < n; k++) {
		struct sb_link *l;

		if (k > 0 && f->links[k].element == f->links[k - 1].element)
			continue;
		l = &f->pend[f->npend++];
		l->strip = strip;
		l->element = f->links[k].element;
		l->rank = f->links[k].rank;
	}
	/* on a server each strip's as before: its writes are queued, not waited for */
	return f->npend >= 64 || sb_deferring(f->ctx) ? write_links(f) : SB_OK;
}

/* Split a cell "A; B" into names, in place. */
static int
split_names(struct flat *f, char *cell, const char ***names, size_t *n)
{
	size_t cap = 0;

	*names = NULL;
	*n = 0;
	for (char *p = cell, *semi; p != NULL; p = semi) {
		void *grown;
		char *end;

		semi = strchr(p, ';');
		if (semi != NULL)
			*semi++ = '\0';
		while (*p == ' ')
			p++;
		end = p + strlen(p);
		while (end > p && end[-1] == ' ')
			*--end = '\0';
		if (*p == '\0')
			continue;
		if ((grown = sb_grow((void *)*names, &cap, *n, 4, sizeof(**names))) == NULL)
			return oom(f);
		*names = grown;
		(*names)[(*n)++] = p;
	}
	return SB_OK;
}

/* Link each "; "-separated name of a fixed cell, in a scratch copy. */
static int
link_fixed(struct flat *f, int64_t strip, int ucid, const char *cell, int64_t *rank)
{
	const char **names = NULL;
	size_t n = 0;
	char *copy;
	int rc;

	if (nz(cell) == NULL)
		return SB_OK;
	if ((copy = sb_strdup(cell)) == NULL)
		return oom(f);
	rc = split_names(f, copy, &names, &n);
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		int64_t cat = fixed_category(f, ucid);

		rc = cat == 0 ? SB_EFAIL : link_element(f, strip, cat, names[i], 0,
		    NULL, rank);
	}
	free((void *)names);
	free(copy);
	return rc;
}

/* The longest board id the flat form reads ("1", "12A", ...). */
#define MAX_BOARD_ID 63

/*
 * An element of a category column: "NAME", or where the file has the
 * eighths or omitted column (r->ids), "ID:NAME" (a board id) or ":NAME"
 * (none, and a name that has a colon).  The name points into s; the id is
 * copied to id, "" when there is none.
 */
static int
name_part(struct flat *f, const struct frow *r, const char *col, const char *s,
    const char **name, char id[MAX_BOARD_ID + 1])
{
	const char *colon = r->ids ? strchr(s, ':') : NULL;

	id[0] = '\0';
	*name = s;
	if (colon == NULL)
		return SB_OK;
	if ((size_t)(colon - s) > MAX_BOARD_ID)
		return bad(f, "%s: \"%.40s...\": the board id before the colon is "
		    "longer than %d bytes (a name with a colon is written \":NAME\")",
		    col, s, MAX_BOARD_ID);
	memcpy(id, s, (size_t)(colon - s));
	id[colon - s] = '\0';
	*name = colon + 1;
	if (**name == '\0')
		return bad(f, "%s: \"%.40s\" has a board id but no name", col, s);
	return SB_OK;
}

/* What a row says of a strip's elements, as elements_text() writes it. */
static int
row_elements_text(struct flat *f, const char *const fixed_val[5],
    const struct frow *r, struct sb_buf *out)
{
	static const int fixed_ucid[5] = { 1, 2, 0, 6, 3 };

	for (int i = 0; i < 5; i++) {
		const char **names = NULL;
		size_t n = 0;
		char *copy;
		int rc;

		if (nz(fixed_val[i]) == NULL)
			continue;
		if ((copy = sb_strdup(fixed_val[i])) == NULL)
			return oom(f);
		rc = split_names(f, copy, &names, &n);
		for (size_t j = 0; j < n; j++)
			sb_buf_printf(out, "%lld:%s\n",
			    (long long)f->fixed_cat[fixed_ucid[i]], names[j]);
		free((void *)names);
		free(copy);
		if (rc != SB_OK)
			return rc;
	}
	for (size_t k = 0; k < r->ncat; k++)
		for (size_t j = 0; j < r->nnames[k]; j++) {
			char id[MAX_BOARD_ID + 1];
			const char *name;
			int rc = name_part(f, r, f->cats[k].name, r->names[k][j], &name, id);

			if (rc != SB_OK)
				return rc;
			sb_buf_printf(out, "%lld:%s\n", (long long)f->cats[k].id, name);
		}
	return out->failed ? oom(f) : SB_OK;
}

/* The strip's elements as one comparable text: category, name; ... */
static int
elements_text(struct flat *f, int64_t strip, struct sb_buf *out)
{
	static const char sql[] =
	    "SELECT e.category_id, e.name FROM strip_element se"
	    " JOIN element e ON e.id = se.element_id WHERE se.strip_id = ?1 ORDER BY se.rank";
	sb_st *st = sb_stmt(f->ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, strip);
	while ((rc = sb_step(st)) == SQLITE_ROW)
		sb_buf_printf(out, "%lld:%s\n", (long long)sb_col_int64(st, 0),
		    (const char *)sb_col_text(st, 1));
	sb_reset(st);
	if (rc != SQLITE_DONE)
		return sb_sqlerr(f->ctx, "strip elements");
	return out->failed ? oom(f) : SB_OK;
}

struct strip_vals {
	const char *uid, *type, *scene, *int_ext, *day_night, *set, *location,
	    *script_day, *synopsis, *banner;
	int64_t eighths, est_ms;
	int has_eighths, has_est, omitted;
};

static int
same_text(const char *a, const unsigned char *b)
{
	const char *bb = (const char *)b;

	return strcmp(a != NULL ? a : "", bb != NULL ? bb : "") == 0;
}

/*
 * The strip exists from an earlier row (on another board): it must say
 * the same, or the file contradicts itself.
 */
static int
check_same_strip(struct flat *f, const struct strip_vals *v, int64_t *strip)
{
	static const char sql[] =
	    "SELECT id, type, scene, int_ext, day_night, set_name, location, script_day,"
	    " synopsis, banner_text, eighths, est_ms, omitted FROM strip"
	    " WHERE project_id = ?1 AND uid = ?2";
	static const char *const names[] = { "type", "scene", "int_ext",
	    "day_night", "set", "location", "script_day", "synopsis", "synopsis" };
	const char *vals[] = { v->type, v->scene, v->int_ext, v->day_night, v->set,
	    v->location, v->script_day, v->synopsis, v->banner };
	sb_st *st = sb_stmt(f->ctx, sql);
	const char *differs = NULL;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, f->imp->project_id);
	sb_bind_text(st, 2, v->uid);
	if (sb_step(st) != SQLITE_ROW) {
		sb_reset(st);
		return sb_sqlerr(f->ctx, "strip");
	}
	*strip = sb_col_int64(st, 0);
	for (int i = 0; i < 9 && differs == NULL; i++)
		if (!same_text(vals[i], sb_col_text(st, i + 1)))
			differs = names[i];
	if (differs == NULL &&
	    ((sb_col_type(st, 10) != SQLITE_NULL) != v->has_eighths ||
	    (v->has_eighths && sb_col_int64(st, 10) != v->eighths)))
		differs = "pages";
	if (differs == NULL &&
	    ((sb_col_type(st, 11) != SQLITE_NULL) != v->has_est ||
	    (v->has_est && sb_col_int64(st, 11) != v->est_ms)))
		differs = "est_minutes";
	if (differs == NULL && (sb_col_int64(st, 12) != 0) != v->omitted)
		differs = "omitted";
	sb_reset(st);
	if (differs != NULL)
		return bad(f, "strip %s: %s differs from an earlier row of the same "
		    "strip", v->uid, differs);
	return SB_OK;
}

static int
parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || *s == ' ' || *s == '+')
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return 0;
	*out = v;
	return 1;
}

static struct fboard *
board_of(struct flat *f, const char *name)
{
	struct sb_row_board row;
	struct fboard *b;
	char uid[25];
	void *p;

	for (size_t i = 0; i < f->nboards; i++)
		if (strcmp(f->boards[i].name, name) == 0)
			return &f->boards[i];
	p = realloc(f->boards, (f->nboards + 1) * sizeof(*f->boards));
	if (p == NULL) {
		oom(f);
		return NULL;
	}
	f->boards = p;
	b = &f->boards[f->nboards];
	memset(b, 0, sizeof(*b));
	if ((b->name = sb_strdup(name)) == NULL) {
		oom(f);
		return NULL;
	}
	f->nboards++;
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = f->imp->project_id;
	row.uid = uid;
	row.name = name;
	row.rank = (int64_t)f->nboards - 1;
	if (store_board_insert(f->ctx, &row, &b->id) != SB_OK)
		return NULL;
	return b;
}

static struct flane *
lane_of(struct flat *f, struct fboard *b, const char *name, int kind)
{
	static const char *const kinds[] = { "schedule", "boneyard", "other" };
	struct sb_row_lane row;
	struct flane *l;
	char uid[25];
	void *p;

	for (size_t i = 0; i < b->nlanes; i++)
		if (b->lanes[i].kind == kind && strcmp(b->lanes[i].name, name) == 0)
			return &b->lanes[i];
	p = realloc(b->lanes, (b->nlanes + 1) * sizeof(*b->lanes));
	if (p == NULL) {
		oom(f);
		return NULL;
	}
	b->lanes = p;
	l = &b->lanes[b->nlanes];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	if ((l->name = sb_strdup(name)) == NULL) {
		oom(f);
		return NULL;
	}
	b->nlanes++;
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.board_id = b->id;
	row.uid = uid;
	row.name = name;
	row.kind = kinds[kind];
	row.nested = 0;
	/* the schedule first, then the boneyard, then the others as met */
	row.rank = kind == SB_LANE_SCHEDULE ? 0 :
	    kind == SB_LANE_BONEYARD ? 1 : 1 + (int64_t)b->nlanes;
	if (store_lane_insert(f->ctx, &row, &l->id) != SB_OK)
		return NULL;
	return l;
}

static int64_t
add_day(struct flat *f, int64_t board, struct flane *l, const char *kind,
    const char *key)
{
	struct sb_row_day row;
	int64_t id;

	memset(&row, 0, sizeof(row));
	row.board_id = board;
	row.lane_id = l->id;
	row.kind = kind;
	row.pos = key;
	if (store_day_insert(f->ctx, &row, &id) != SB_OK)
		return 0;
	return id;
}

static int
grow_days(struct flat *f, struct flane *l, size_t n)
{
	size_t cap = l->cap ? l->cap : 16;
	void *a, *b, *c, *d;

	while (cap < n)
		cap *= 2;
	if (cap == l->cap)
		return SB_OK;
	a = realloc(l->days, cap * sizeof(*l->days));
	if (a != NULL)
		l->days = a;
	b = realloc(l->dates, cap * sizeof(*l->dates));
	if (b != NULL)
		l->dates = b;
	c = realloc(l->dated, cap);
	if (c != NULL)
		l->dated = c;
	d = realloc(l->date_line, cap * sizeof(*l->date_line));
	if (d != NULL)
		l->date_line = d;
	if (a == NULL || b == NULL || c == NULL || d == NULL)
		return oom(f);
	for (size_t i = l->cap; i < cap; i++) {
		l->days[i] = 0;
		l->dated[i] = 0;
	}
	l->cap = cap;
	return SB_OK;
}

/* The day a row names: its number, "", "boneyard", "lane" or "lane/N". */
static int
resolve_day(struct flat *f, struct fboard *b, const char *day, const char *date,
    int64_t *day_id)
{
	char lane_name[256];
	const char *slash;
	int64_t n = 0;
	int kind;
	struct flane *l;

	day = day != NULL ? day : "";
	if (day[0] == '\0') {
		kind = SB_LANE_SCHEDULE;
		snprintf(lane_name, sizeof(lane_name), "stripboard");
	} else if (day[0] >= '0' && day[0] <= '9') {
		if (!parse_int(day, 1, MAX_DAY, &n))
			return bad(f, "day: \"%.40s\" is not a day number from 1 to %d",
			    day, MAX_DAY);
		kind = SB_LANE_SCHEDULE;
		snprintf(lane_name, sizeof(lane_name), "stripboard");
	} else if (strcmp(day, "boneyard") == 0) {
		kind = SB_LANE_BONEYARD;
		snprintf(lane_name, sizeof(lane_name), "boneyard");
	} else {
		kind = SB_LANE_OTHER;
		slash = strrchr(day, '/');
		if (slash != NULL && slash[1] >= '0' && slash[1] <= '9') {
			if (!parse_int(slash + 1, 1, MAX_DAY, &n))
				return bad(f, "day: \"%.40s\" is not a lane and a day "
				    "number from 1 to %d", day, MAX_DAY);
			if ((size_t)(slash - day) >= sizeof(lane_name))
				return bad(f, "day: the lane name is too long");
			memcpy(lane_name, day, (size_t)(slash - day));
			lane_name[slash - day] = '\0';
		} else {
			if (strlen(day) >= sizeof(lane_name))
				return bad(f, "day: the lane name is too long");
			snprintf(lane_name, sizeof(lane_name), "%s", day);
		}
	}
	if ((l = lane_of(f, b, lane_name, kind)) == NULL)
		return SB_EFAIL;
	/*
	 * A lane is cut into shoot days or is one list, never both (a list
	 * among numbered days would come back as a shoot day from a USS
	 * export; the CSV fuzzer found it).
	 */
	if (n == 0 ? l->ndays > 0 : l->list_day != 0)
		return bad(f, "day: \"%.40s\": %s%.80s%s of board \"%.80s\" %s", day,
		    kind == SB_LANE_OTHER ? "the lane \"" : "the schedule",
		    kind == SB_LANE_OTHER ? lane_name : "",
		    kind == SB_LANE_OTHER ? "\"" : "", b->name, n == 0 ?
		    "is cut into numbered days, so each of its rows names one" :
		    "is one list (rows that name no day), so no row names a day of it");
	if (n == 0) {
		if (l->list_day == 0 &&
		    (l->list_day = add_day(f, b->id, l, "list", "z")) == 0)
			return SB_EFAIL;
		*day_id = l->list_day;
		return SB_OK;
	}
	if ((size_t)n > l->ndays) {
		/* the days between the last named and this one stay empty */
		size_t empty = (size_t)n - 1 - l->named;

		if (empty > MAX_EMPTY_DAYS)
			return bad(f, "day: %lld leaves %zu shoot days of board \"%.80s\" "
			    "with no row (the greatest day before it is %zu); at most %d "
			    "may be empty", (long long)n, empty, b->name, l->ndays,
			    MAX_EMPTY_DAYS);
		if (grow_days(f, l, (size_t)n) != SB_OK)
			return SB_EFAIL;
		l->ndays = (size_t)n;
	}
	if (l->days[n - 1] == 0) {
		char key[SB_KEY_MAX + 2];

		l->named++;
		sb_key_seq((uint64_t)n, key);
		if ((l->days[n - 1] = add_day(f, b->id, l, "shoot", key)) == 0)
			return SB_EFAIL;
	}
	if (nz(date) != NULL && kind == SB_LANE_SCHEDULE) {
		sb_date d;

		if (sb_date_parse(date, &d) != SB_OK || strlen(date) != 10)
			return bad(f, "date: \"%.40s\" is not a date (YYYY-MM-DD)", date);
		if (l->dated[n - 1] && l->dates[n - 1] != d)
			return bad(f, "date: day %lld is %s here but another date on "
			    "line %llu", (long long)n, date,
			    (unsigned long long)l->date_line[n - 1]);
		l->dates[n - 1] = d;
		l->dated[n - 1] = 1;
		l->date_line[n - 1] = f->line;
	}
	*day_id = l->days[n - 1];
	return SB_OK;
}

/* A text cell: JSON keeps "" apart from null, CSV cannot. */
static const char *
text_cell(const struct frow *r, int col)
{
	return r->empty_is_null ? nz(r->cell[col]) : r->cell[col];
}

static int
flush_places(struct flat *f)
{
	struct sb_row_placement row[16];
	size_t n = f->nplaces;
	int64_t written;
	int rc;

	if (n == 0)
		return SB_OK;
	f->nplaces = 0;
	memset(row, 0, sizeof(row));
	for (size_t i = 0; i < n; i++) {
		row[i].board_id = f->places[i].board;
		row[i].strip_id = f->places[i].strip;
		row[i].day_id = f->places[i].day;
		row[i].pos = f->places[i].pos;
		row[i].version = f->places[i].version;
	}
	if ((rc = store_placement_insert_many(f->ctx, row, n, &written)) != SB_OK)
		return rc;
	if (written != (int64_t)n)
		return sb_err(f->ctx, SB_EFAIL, "internal error: %lld of %zu placements "
		    "of new strips written", (long long)written, n);
	return SB_OK;
}

static int
read_row(struct flat *f, const struct frow *r)
{
	const char *const *c = r->cell;
	struct strip_vals v;
	struct sb_row_strip row;
	struct sb_row_placement place;
	struct fboard *b;
	char uid[25], key[SB_KEY_MAX + 2];
	int64_t version = 1, strip = 0, day = 0, rank = 0;
	const char *fixed_val[5];
	int rc;

	memset(&v, 0, sizeof(v));
	for (int i = 0; i < SB_FLAT_NCOLS; i++)
		if (c[i] != NULL && strlen(c[i]) > SB_MAX_FIELD)
			return bad(f, "%s: more than the %d bytes a field may hold",
			    sb_flat_columns[i], SB_MAX_FIELD);
	if (nz(c[SB_COL_BOARD]) == NULL)
		return bad(f, "board: empty; every row names its board");
	v.type = nz(c[SB_COL_TYPE]) != NULL ? c[SB_COL_TYPE] : "scene";
	if (strcmp(v.type, "scene") != 0 && strcmp(v.type, "banner") != 0)
		return bad(f, "type: \"%.40s\" is neither scene nor banner", v.type);
	if (nz(c[SB_COL_PAGES]) != NULL) {
		if (sb_eighths_parse(c[SB_COL_PAGES], &v.eighths) != SB_OK)
			return bad(f, "pages: \"%.40s\" is not a page count like 1 3/8 "
			    "(0 to %lld pages)", c[SB_COL_PAGES],
			    (long long)(SB_EIGHTHS_MAX / 8));
		v.has_eighths = 1;
	}
	if (nz(c[SB_COL_EIGHTHS]) != NULL) {
		int64_t e;

		if (!parse_int(c[SB_COL_EIGHTHS], 0, SB_EIGHTHS_MAX, &e))
			return bad(f, "eighths: \"%.40s\" is not a whole number of eighths "
			    "from 0 to %lld", c[SB_COL_EIGHTHS], (long long)SB_EIGHTHS_MAX);
		if (v.has_eighths && e != v.eighths)
			return bad(f, "eighths: %lld is not the %s pages of the pages "
			    "column", (long long)e, c[SB_COL_PAGES]);
		v.eighths = e;
		v.has_eighths = 1;
	}
	if (nz(c[SB_COL_OMITTED]) != NULL) {
		const char *o = c[SB_COL_OMITTED];

		if (strcmp(o, "1") == 0 || strcmp(o, "true") == 0)
			v.omitted = 1;
		else if (strcmp(o, "0") != 0 && strcmp(o, "false") != 0)
			return bad(f, "omitted: \"%.40s\" is neither 1 nor 0", o);
	}
	if (nz(c[SB_COL_EST]) != NULL) {
		char *end;
		double m;

		errno = 0;
		m = strtod(c[SB_COL_EST], &end);
		if (errno != 0 || *end != '\0' || !(m >= 0 && m <= 1e7) ||
		    c[SB_COL_EST][0] == ' ')
			return bad(f, "est_minutes: \"%.40s\" is not a number of minutes",
			    c[SB_COL_EST]);
		v.est_ms = llround(m * 60000.0);
		v.has_est = 1;
	}
	if (nz(c[SB_COL_VERSION]) != NULL &&
	    !parse_int(c[SB_COL_VERSION], 1, INT64_MAX / 2, &version))
		return bad(f, "version: \"%.40s\" is not a version (1 or more)",
		    c[SB_COL_VERSION]);
	if (nz(c[SB_COL_STRIP_ID]) != NULL) {
		v.uid = c[SB_COL_STRIP_ID];
	} else {
		sb_uid_new(uid);
		v.uid = uid;
	}
	v.scene = text_cell(r, SB_COL_SCENE);
	v.int_ext = text_cell(r, SB_COL_INT_EXT);
	v.day_night = text_cell(r, SB_COL_DAY_NIGHT);
	v.set = text_cell(r, SB_COL_SET);
	v.location = text_cell(r, SB_COL_LOCATION);
	v.script_day = text_cell(r, SB_COL_SCRIPT_DAY);
	if (strcmp(v.type, "banner") == 0)
		v.banner = text_cell(r, SB_COL_SYNOPSIS);
	else
		v.synopsis = text_cell(r, SB_COL_SYNOPSIS);

	/* in the order of the fixed categories' ucids below: 1, 2, 0, 6, 3 */
	fixed_val[0] = v.int_ext;
	fixed_val[1] = v.day_night;
	fixed_val[2] = v.set;
	fixed_val[3] = v.location;
	fixed_val[4] = v.script_day;

	if ((b = board_of(f, c[SB_COL_BOARD])) == NULL)
		return SB_EFAIL;
	if ((rc = resolve_day(f, b, c[SB_COL_DAY], c[SB_COL_DATE], &day)) != SB_OK)
		return rc;

	memset(&row, 0, sizeof(row));
	row.project_id = f->imp->project_id;
	row.uid = v.uid;
	row.type = v.type;
	row.scene = v.scene;
	row.int_ext = v.int_ext;
	row.day_night = v.day_night;
	row.set_name = v.set;
	row.location = v.location;
	row.script_day = v.script_day;
	row.synopsis = v.synopsis;
	row.banner_text = v.banner;
	row.eighths = v.eighths;
	row.has_eighths = v.has_eighths;
	row.est_ms = v.est_ms;
	row.has_est_ms = v.has_est;
	row.omitted = v.omitted;
	row.rank = f->strip_rank;
	rc = store_strip_insert(f->ctx, &row, &strip);
	if (rc == SB_OK) {
		static const int fixed_ucid[5] = { 1, 2, 0, 6, 3 };

		f->strip_rank++;
		f->nlinks = 0;
		for (int i = 0; i < 5; i++)
			if ((rc = link_fixed(f, strip, fixed_ucid[i], fixed_val[i],
			    &rank)) != SB_OK)
				return rc;
		for (size_t k = 0; k < r->ncat; k++)
			for (size_t j = 0; j < r->nnames[k]; j++) {
				char id[MAX_BOARD_ID + 1];
				const char *name;

				if (strlen(r->names[k][j]) > SB_MAX_FIELD)
					return bad(f, "%s: more than the %d bytes a field "
					    "may hold", f->cats[k].name, SB_MAX_FIELD);
				if ((rc = name_part(f, r, f->cats[k].name,
				    r->names[k][j], &name, id)) != SB_OK ||
				    (rc = link_element(f, strip, f->cats[k].id, name,
				    r->ids, id[0] != '\0' ? id : NULL, &rank)) != SB_OK)
					return rc;
			}
		if ((rc = flush_links(f, strip)) != SB_OK)
			return rc;
		/* (f->places holds room for the row: flushed when full) */
		{
			struct fplace *p = &f->places[f->nplaces++];

			sb_key_seq(++f->seq, p->pos);
			p->board = b->id;
			p->strip = strip;
			p->day = day;
			p->version = version;
		}
		return f->nplaces == sizeof(f->places) / sizeof(f->places[0]) ?
		    flush_places(f) : SB_OK;
	} else if (store_constraint(f->ctx) == SQLITE_CONSTRAINT_UNIQUE) {
		struct sb_buf have, want;

		/* The same strip on another board: it must say the same. */
		if ((rc = write_links(f)) != SB_OK ||
		    (rc = check_same_strip(f, &v, &strip)) != SB_OK)
			return rc;
		sb_buf_init(&have);
		sb_buf_init(&want);
		rc = elements_text(f, strip, &have);
		if (rc == SB_OK)
			rc = row_elements_text(f, fixed_val, r, &want);
		if (rc == SB_OK && (have.failed || want.failed))
			rc = oom(f);
		if (rc == SB_OK && strcmp(sb_buf_str(&have), sb_buf_str(&want)) != 0)
			rc = bad(f, "strip %s: its elements differ from an earlier row "
			    "of the same strip", v.uid);
		sb_buf_free(&have);
		sb_buf_free(&want);
		if (rc != SB_OK)
			return rc;
	} else {
		return rc;
	}

	/* after the new strips' placements, for its key is later */
	if ((rc = flush_places(f)) != SB_OK)
		return rc;
	sb_key_seq(++f->seq, key);
	memset(&place, 0, sizeof(place));
	place.board_id = b->id;
	place.strip_id = strip;
	place.day_id = day;
	place.pos = key;
	place.version = version;
	if ((rc = store_placement_insert(f->ctx, &place, NULL)) != SB_OK) {
		if (store_constraint(f->ctx))
			return bad(f, "strip %s is already on board \"%s\"", v.uid, b->name);
		return rc;
	}
	return SB_OK;
}

/* Days never named (a gap in the numbers) are empty shoot days. */
static int
fill_gaps(struct flat *f, struct fboard *b, struct flane *l)
{
	if (l->ndays == 0)
		return SB_OK;
	for (size_t n = 1; n <= l->ndays; n++) {
		char key[SB_KEY_MAX + 2];

		if (l->days[n - 1] != 0)
			continue;
		sb_key_seq(n, key);
		if ((l->days[n - 1] = add_day(f, b->id, l, "shoot", key)) == 0)
			return SB_EFAIL;
	}
	return store_lane_set_nested(f->ctx, l->id);
}

static int
add_cal_day(struct flat *f, int64_t cal, int64_t rank, const char *type,
    const char *kind, sb_date d)
{
	struct sb_row_calendar_day row;
	char uid[25], date[SB_DATE_BUFSZ];

	sb_uid_new(uid);
	sb_date_format(d, date, sizeof(date));
	memset(&row, 0, sizeof(row));
	row.calendar_id = cal;
	row.rank = rank;
	row.uid = uid;
	row.type = type;
	if (strcmp(type, "start") != 0)
		row.name = "dayOff";
	row.date_raw = date;
	row.date = date;
	row.kind = kind;
	return store_calendar_day_insert(f->ctx, &row, NULL);
}

/*
 * The calendar the dates of a board's shoot days imply: day 1's date is the
 * start; a weekday the dates skip but never shoot on is a weekly day off;
 * any other skipped working date is an off day.
 */
static int
infer_calendar(struct flat *f, struct fboard *b, struct flane *l)
{
	unsigned shoots = 0, skipped = 0, mask = 0;
	size_t ndated = 0, last = 0;
	sb_calendar *cal = NULL;
	struct sb_row_calendar row;
	struct sb_buf days_off;
	char uid[25];
	int64_t cal_id, rank = 1;
	sb_date cur = 0;
	int rc = SB_OK;

	for (size_t i = 0; i < l->ndays; i++)
		if (l->dated[i]) {
			ndated++;
			last = i;
		}
	if (ndated == 0)
		return SB_OK;
	if (!l->dated[0]) {
		f->line = l->date_line[last];
		return bad(f, "date: day 1 of board \"%s\" has no date, so the dates "
		    "of the other days have no start to follow", b->name);
	}
	for (size_t i = 0; i <= last; i++) {
		if (!l->dated[i])
			continue;
		shoots |= 1u << sb_date_weekday(l->dates[i]);
		for (size_t j = i + 1; j <= last; j++) {
			if (!l->dated[j])
				continue;
			if (l->dates[j] <= l->dates[i]) {
				f->line = l->date_line[j];
				return bad(f, "date: day %zu is on or before day %zu", j + 1,
				    i + 1);
			}
			for (sb_date d = l->dates[i] + 1; d < l->dates[j] &&
			    d < l->dates[i] + 8; d++)
				skipped |= 1u << sb_date_weekday(d);
			break;
		}
	}
	mask = skipped & ~shoots;
	if ((cal = sb_calendar_new(l->dates[0], mask)) == NULL)
		return oom(f);
	sb_buf_init(&days_off);
	for (int w = 0; w < 7; w++)
		if (mask & (1u << w))
			sb_buf_printf(&days_off, "%s%d", days_off.len > 0 ? "," : "", w);
	sb_uid_new(uid);
	memset(&row, 0, sizeof(row));
	row.project_id = f->imp->project_id;
	row.uid = uid;
	row.name = b->name;
	row.days_off = sb_buf_str(&days_off);
	row.rank = (int64_t)(b - f->boards);
	rc = days_off.failed ? oom(f) : store_calendar_insert(f->ctx, &row, &cal_id);
	sb_buf_free(&days_off);
	if (rc != SB_OK)
		goto out;
	if ((rc = add_cal_day(f, cal_id, 0, "start", "start", l->dates[0])) != SB_OK)
		goto out;
	for (size_t i = 0; i <= last; i++) {
		rc = i == 0 ? sb_calendar_first(cal, &cur) : sb_calendar_next(cal, cur, &cur);
		if (rc != SB_OK) {
			rc = bad(f, "date: no working day follows day %zu", i);
			goto out;
		}
		if (!l->dated[i])
			continue;
		while (cur < l->dates[i]) {
			if ((rc = add_cal_day(f, cal_id, rank++, "dayOff", "off", cur)) != SB_OK ||
			    (rc = sb_calendar_mark(cal, cur, SB_CAL_OFF)) != SB_OK ||
			    (rc = sb_calendar_next(cal, cur, &cur)) != SB_OK)
				goto out;
		}
		if (cur > l->dates[i]) {
			f->line = l->date_line[i];
			rc = bad(f, "date: day %zu cannot be on %s: the days before it "
			    "need the working dates up to a later one", i + 1,
			    "that date");
			goto out;
		}
	}
	rc = store_board_set_calendar(f->ctx, b->id, cal_id, 0);
out:
	sb_calendar_free(cal);
	return rc;
}

static int
finish(struct flat *f)
{
	int rc;

	for (size_t i = 0; i < f->nboards; i++) {
		struct fboard *b = &f->boards[i];

		for (size_t j = 0; j < b->nlanes; j++) {
			if ((rc = fill_gaps(f, b, &b->lanes[j])) != SB_OK)
				return rc;
			if (b->lanes[j].kind == SB_LANE_SCHEDULE &&
			    (rc = infer_calendar(f, b, &b->lanes[j])) != SB_OK)
				return rc;
		}
	}
	return SB_OK;
}

static void
flat_free(struct flat *f)
{
	for (size_t i = 0; i < f->capels; i++)
		if (f->els[i].id != 0) {
			free(f->els[i].long_name);
			free(f->els[i].board_id);
		}
	free(f->els);
	free(f->links);
	free(f->pend);
	for (size_t i = 0; i < f->ncats; i++)
		free(f->cats[i].name);
	free(f->cats);
	for (size_t i = 0; i < f->nboards; i++) {
		struct fboard *b = &f->boards[i];

		for (size_t j = 0; j < b->nlanes; j++) {
			free(b->lanes[j].name);
			free(b->lanes[j].days);
			free(b->lanes[j].dates);
			free(b->lanes[j].dated);
			free(b->lanes[j].date_line);
		}
		free(b->lanes);
		free(b->name);
	}
	free(f->boards);
}

/* The project's name from the file's: "day1.csv" -> "day1". */
static int
start_project(struct flat *f)
{
	char name[256];
	const char *base = strrchr(f->file, '/');
	char *dot;

	if (f->imp->in->is_stdin && f->imp->opts->project == NULL)
		return sb_err(f->ctx, SB_EUSAGE, "%s: the flat form carries no project "
		    "name; give one with --project", f->file);
	snprintf(name, sizeof(name), "%s", base != NULL ? base + 1 : f->file);
	dot = strrchr(name, '.');
	if (dot != NULL && dot != name)
		*dot = '\0';
	return sb_import_project(f->imp, name, NULL, NULL, NULL);
}

/*
 * CSV
 */
struct csvread {
	struct flat *f;
	int header_done;
	int *colmap;           /* input column -> fixed column, or -1 - category */
	size_t ncols;
	int ids;               /* the header has eighths or omitted */
};

static int
csv_header(struct csvread *c, char **fields, size_t n)
{
	struct flat *f = c->f;
	int seen[SB_FLAT_NCOLS] = { 0 };
	int rc;

	c->colmap = calloc(n + 1, sizeof(*c->colmap));
	if (c->colmap == NULL)
		return oom(f);
	c->ncols = n;
	for (size_t i = 0; i < n; i++) {
		int col = -1;

		for (int k = 0; k < SB_FLAT_NCOLS; k++)
			if (strcmp(fields[i], sb_flat_columns[k]) == 0)
				col = k;
		if (col >= 0) {
			if (seen[col])
				return bad(f, "column \"%s\" appears twice", fields[i]);
			seen[col] = 1;
			c->colmap[i] = col;
			continue;
		}
		if ((rc = add_category(f, fields[i])) != SB_OK)
			return rc;
		c->colmap[i] = -1 - (int)(f->ncats - 1);
	}
	c->ids = seen[SB_COL_EIGHTHS] || seen[SB_COL_OMITTED];
	if (!seen[SB_COL_BOARD] || !seen[SB_COL_STRIP_ID]) {
		char found[160];

		sb_input_header_text(found, sizeof(found), fields, n);
		return bad(f, "the header lacks the %s column: this is not the "
		    "canonical flat form (the header found: %s)",
		    !seen[SB_COL_BOARD] ? "board" : "strip_id", found);
	}
	return SB_OK;
}

static void
frow_free(struct frow *r)
{
	for (size_t k = 0; k < r->ncat; k++)
		free((void *)r->names[k]);
	free(r->names);
	free(r->nnames);
	r->names = NULL;
	r->nnames = NULL;
}

static int
frow_alloc(struct flat *f, struct frow *r)
{
	memset(r, 0, sizeof(*r));
	r->ncat = f->ncats;
	r->names = calloc(f->ncats + 1, sizeof(*r->names));
	r->nnames = calloc(f->ncats + 1, sizeof(*r->nnames));
	if (r->names == NULL || r->nnames == NULL) {
		frow_free(r);
		return oom(f);
	}
	return SB_OK;
}

static int
csv_record(void *arg, char **fields, size_t n, uint64_t line)
{
	struct csvread *c = arg;
	struct flat *f = c->f;
	struct frow r;
	int rc;

	f->line = line;
	if (!c->header_done) {
		c->header_done = 1;
		return csv_header(c, fields, n);
	}
	if (n != c->ncols)
		return bad(f, "%zu %s, but the header has %zu", n,
		    SB_PLURAL(n, "field", "fields"), c->ncols);
	if ((rc = frow_alloc(f, &r)) != SB_OK)
		return rc;
	r.empty_is_null = 1;
	r.ids = c->ids;
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		int col = c->colmap[i];

		if (col >= 0)
			r.cell[col] = fields[i];
		else
			rc = split_names(f, fields[i], &r.names[-1 - col], &r.nnames[-1 - col]);
	}
	if (rc == SB_OK)
		rc = read_row(f, &r);
	frow_free(&r);
	return rc;
}

static int
read_csv(struct flat *f)
{
	struct csvread c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.f = f;
	rc = sb_csv_rows(f->ctx, f->imp->in, csv_record, &c);
	if (rc == SB_OK && !c.header_done)
		rc = sb_err(f->ctx, SB_EDATA, "%s: line 1: no header row", f->file);
	free(c.colmap);
	return rc;
}

/*
 * JSON and NDJSON: an object per row; keys that are not fixed columns are
 * categories, in the order first met.
 */
static int
json_cell(struct flat *f, const char *key, json_t *v, char *num, size_t numsz,
    const char **out)
{
	*out = NULL;
	if (json_is_null(v))
		return SB_OK;
	if (json_is_string(v)) {
		if (strlen(json_string_value(v)) != json_string_length(v))
			return bad(f, "%s: contains a NUL character", key);
		*out = json_string_value(v);
		return SB_OK;
	}
	if (json_is_integer(v)) {
		snprintf(num, numsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = num;
		return SB_OK;
	}
	if (json_is_real(v)) {
		snprintf(num, numsz, "%.17g", json_real_value(v));
		*out = num;
		return SB_OK;
	}
	if (json_is_boolean(v) && strcmp(key, "omitted") == 0) {
		*out = json_is_true(v) ? "true" : "false";
		return SB_OK;
	}
	if (strcmp(key, "omitted") == 0)
		return bad(f, "%s: expected true or false", key);
	return bad(f, "%s: expected a string or a number", key);
}

static int
json_row(struct flat *f, json_t *obj)
{
	char nums[SB_FLAT_NCOLS][40];
	struct frow r;
	const char *key;
	json_t *v;
	int rc = SB_OK;

	if (!json_is_object(obj))
		return bad(f, "expected an object (one row), found something else");
	/* categories first, so the row has room for new ones */
	json_object_foreach(obj, key, v) {
		int fixed = 0;
		size_t k;

		for (int i = 0; i < SB_FLAT_NCOLS; i++)
			if (strcmp(key, sb_flat_columns[i]) == 0)
				fixed = 1;
		if (fixed)
			continue;
		for (k = 0; k < f->ncats; k++)
			if (strcmp(f->cats[k].name, key) == 0)
				break;
		if (k == f->ncats && (rc = add_category(f, key)) != SB_OK)
			return rc;
	}
	if ((rc = frow_alloc(f, &r)) != SB_OK)
		return rc;
	r.ids = json_object_get(obj, "eighths") != NULL ||
	    json_object_get(obj, "omitted") != NULL;
	json_object_foreach(obj, key, v) {
		int col = -1;

		for (int i = 0; i < SB_FLAT_NCOLS; i++)
			if (strcmp(key, sb_flat_columns[i]) == 0)
				col = i;
		if (col >= 0) {
			rc = json_cell(f, key, v, nums[col], sizeof(nums[col]), &r.cell[col]);
		} else {
			size_t k, i;
			json_t *name;

			for (k = 0; k < f->ncats; k++)
				if (strcmp(f->cats[k].name, key) == 0)
					break;
			if (json_is_null(v))
				continue;
			if (!json_is_array(v)) {
				rc = bad(f, "%s: expected an array of element names", key);
				break;
			}
			r.names[k] = calloc(json_array_size(v) + 1, sizeof(char *));
			if (r.names[k] == NULL) {
				rc = oom(f);
				break;
			}
			json_array_foreach(v, i, name) {
				if (!json_is_string(name) ||
				    strlen(json_string_value(name)) != json_string_length(name)) {
					rc = bad(f, "%s[%zu]: expected an element name", key, i);
					break;
				}
				if (json_string_length(name) > 0)
					r.names[k][r.nnames[k]++] = json_string_value(name);
			}
		}
		if (rc != SB_OK)
			break;
	}
	if (rc == SB_OK && (r.cell[SB_COL_STRIP_ID] == NULL &&
	    json_object_get(obj, "strip_id") == NULL))
		rc = bad(f, "no strip_id: this is not the canonical flat form");
	if (rc == SB_OK)
		rc = read_row(f, &r);
	frow_free(&r);
	return rc;
}

static int
json_error(struct flat *f, const json_error_t *err, uint64_t line)
{
	f->line = line;
	return bad(f, "column %d: %s", err->column, err->text);
}

/*
 * A JSON array of rows, streamed (lib/base_jstream.c): each row is parsed
 * whole and written at once.  A refusal of a row waits for the end of the
 * parse, so that a syntax error later in the file still wins, as when the
 * whole document was parsed first.
 */
struct jrows {
	struct flat *f;
	int rc;
};

static int
jrows_open(void *arg, int depth, const char *key, size_t index, int is_array)
{
	(void)arg;
	(void)key;
	(void)index;
	return depth == 1 && is_array ? SB_JS_STREAM : SB_JS_WHOLE;
}

static int
jrows_value(void *arg, int depth, const char *key, size_t index, json_t *v)
{
	struct jrows *j = arg;
	struct flat *f = j->f;
	int rc;

	(void)key;
	if (j->rc != SB_OK)
		return SB_OK;
	if (depth == 1) {
		f->line = 1;
		j->rc = bad(f, "expected an array of rows");
		return SB_OK;
	}
	f->line = index + 1;
	if ((rc = json_row(f, v)) != SB_OK) {
		/* A row of a JSON array has no line of its own: say which. */
		snprintf(f->ctx->errmsg + strlen(f->ctx->errmsg),
		    sizeof(f->ctx->errmsg) - strlen(f->ctx->errmsg),
		    " (row %zu of the array)", index + 1);
		if (rc != SB_EDATA)
			return rc;
		j->rc = rc;
	}
	return SB_OK;
}

static int
jrows_close(void *arg, int depth, const char *key, size_t index, size_t count)
{
	(void)arg;
	(void)depth;
	(void)key;
	(void)index;
	(void)count;
	return SB_OK;
}

static int
read_json(struct flat *f)
{
	static const struct sb_jstream_ops ops = { jrows_open, jrows_value,
	    jrows_close, 1 };
	struct jrows j = { f, SB_OK };
	int rc = sb_jstream_read(f->ctx, f->imp->in, &ops, &j);

	/* else the row's refusal, its message kept while the parse went on */
	return rc != SB_OK ? rc : j.rc;
}

static int
ndjson_line(struct flat *f, struct sb_buf *line, uint64_t lineno)
{
	json_error_t err;
	json_t *obj;
	int rc;

	f->line = lineno;
	if (line->len == 0 || strspn(sb_buf_str(line), " \t\r") == line->len)
		return SB_OK;
	if (!sb_utf8_valid(line->data, line->len))
		return bad(f, "not valid UTF-8 text");
	obj = json_loadb(line->data, line->len, JSON_REJECT_DUPLICATES, &err);
	if (obj == NULL)
		return json_error(f, &err, lineno);
	rc = json_row(f, obj);
	json_decref(obj);
	return rc;
}

static int
read_ndjson(struct flat *f)
{
	struct sb_buf line;
	char buf[65536];
	ssize_t n;
	int rc = SB_OK;
	uint64_t lineno = 1;

	sb_buf_init(&line);
	while (rc == SB_OK && (n = sb_input_read(f->imp->in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			rc = sb_err(f->ctx, SB_EDATA, "%s: cannot read: %s", f->file,
			    strerror(errno));
			break;
		}
		for (ssize_t i = 0; i < n && rc == SB_OK; ) {
			const char *nl = memchr(buf + i, '\n', (size_t)(n - i));
			size_t take = nl != NULL ? (size_t)(nl - (buf + i)) : (size_t)(n - i);

			sb_buf_add(&line, buf + i, take);
			i += (ssize_t)take;
			if (line.failed) {
				rc = oom(f);
			} else if (line.len > 4 * (size_t)SB_MAX_FIELD) {
				f->line = lineno;
				rc = bad(f, "a row longer than %d bytes", 4 * SB_MAX_FIELD);
			} else if (nl != NULL) {
				i++;
				rc = ndjson_line(f, &line, lineno++);
				line.len = 0;
			}
		}
	}
	if (rc == SB_OK)
		rc = ndjson_line(f, &line, lineno);
	sb_buf_free(&line);
	return rc;
}

/* A JSON object a line (a USS document is one too, and tells itself apart). */
int
sb_ndjson_detect(sb_ctx *ctx, const struct sb_input *in)
{
	size_t n;
	const unsigned char *p = sb_input_text(in, &n);

	(void)ctx;
	return n > 0 && p[0] == '{' ? FMT_SHAPE : FMT_NO;
}

/* A JSON array. */
int
sb_json_detect(sb_ctx *ctx, const struct sb_input *in)
{
	size_t n;
	const unsigned char *p = sb_input_text(in, &n);

	(void)ctx;
	return n > 0 && p[0] == '[' ? FMT_SHAPE : FMT_NO;
}

/* A header line that names the strip_id and board columns. */
int
sb_csv_detect(sb_ctx *ctx, const struct sb_input *in)
{
	size_t n, line;
	const unsigned char *p = sb_input_text(in, &n);
	const unsigned char *nl = memchr(p, '\n', n);

	(void)ctx;
	line = nl != NULL ? (size_t)(nl - p) : n;
	return sb_input_has(p, line, "strip_id") && sb_input_has(p, line, "board") ?
	    FMT_GUESS : FMT_NO;
}

/* The flat form in the format imp->sum->format names: csv, json or ndjson. */
int
sb_flat_read(struct sb_import *imp)
{
	struct flat f;
	int format = imp->sum->format;
	int rc;

	memset(&f, 0, sizeof(f));
	f.imp = imp;
	f.ctx = imp->ctx;
	f.file = imp->in->name;
	f.line = 1;
	if ((rc = start_project(&f)) == SB_OK) {
		if (format == SB_FMT_CSV)
			rc = read_csv(&f);
		else if (format == SB_FMT_JSON)
			rc = read_json(&f);
		else if (format == SB_FMT_NDJSON)
			rc = read_ndjson(&f);
		else
			rc = sb_err(f.ctx, SB_EUSAGE, "%s: the flat form is csv, "
			    "json or ndjson, not format %d", f.file, format);
	}
	if (rc == SB_OK)
		rc = flush_places(&f);
	if (rc == SB_OK)
		rc = write_links(&f);
	if (rc == SB_OK)
		rc = finish(&f);
	flat_free(&f);
	return rc;
}
