/*
 * prod.c - a production held in memory (prod_priv.h): the adders the
 * readers of .msd, .sex and .fdx fill it with, a strip's slug line, the
 * warning of repeated scene numbers, and freeing it.  Writing it
 * into the database is prod_write.c; merging a revision, op_revise.c.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "input_priv.h"
#include "board_priv.h"
#include "prod_priv.h"

static int
oom(struct sb_prod *p)
{
	return sb_err(p->ctx, SB_EFAIL, "out of memory");
}

/* Make room for one more item of size sz in *arr holding n of cap. */
static int
grow(struct sb_prod *p, void **arr, size_t n, size_t *cap, size_t sz)
{
	size_t ncap;
	void *q;

	if (n < *cap)
		return SB_OK;
	ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / sz)
		return oom(p);
	if ((q = realloc(*arr, ncap * sz)) == NULL)
		return oom(p);
	*arr = q;
	*cap = ncap;
	return SB_OK;
}

#define GROW(p, arr, n, cap) grow((p), (void **)&(arr), (n), &(cap), sizeof(*(arr)))

void
sb_prod_init(struct sb_prod *p, sb_ctx *ctx)
{
	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	p->active = -1;
	sb_buf_init(&p->meta);
}

static void
free_list(struct sb_prod_list *l)
{
	free(l->strips);
}

void
sb_prod_free(struct sb_prod *p)
{
	free(p->name);
	free(p->title);
	sb_buf_free(&p->meta);
	for (size_t i = 0; i < p->ncats; i++) {
		free(p->cats[i].name);
		free(p->cats[i].ext);
	}
	free(p->cats);
	free(p->cathash.slot);
	free(p->links);
	for (size_t i = 0; i < p->nels; i++) {
		free(p->els[i].name);
		free(p->els[i].board_id);
		free(p->els[i].ext);
		free(p->els[i].linked);
	}
	free(p->els);
	free(p->elhash.slot);
	for (size_t i = 0; i < p->nstrips; i++) {
		struct sb_prod_strip *s = &p->strips[i];

		free(s->uid);
		free(s->scene);
		free(s->int_ext);
		free(s->day_night);
		free(s->set_name);
		free(s->location);
		free(s->script_day);
		free(s->synopsis);
		free(s->comments);
		free(s->banner_text);
		free(s->script_page);
		free(s->els);
		free(s->ext);
	}
	free(p->strips);
	free(p->uidhash.slot);
	for (size_t i = 0; i < p->ncals; i++) {
		for (size_t j = 0; j < p->cals[i].n; j++) {
			free(p->cals[i].days[j].name);
			free(p->cals[i].days[j].ext);
		}
		free(p->cals[i].days);
		free(p->cals[i].name);
		free(p->cals[i].ext);
	}
	free(p->cals);
	for (size_t i = 0; i < p->nboards; i++) {
		struct sb_prod_board *b = &p->boards[i];

		for (size_t j = 0; j < b->ndays; j++)
			free_list(&b->days[j]);
		free(b->days);
		free_list(&b->remaining);
		free_list(&b->boneyard);
		free(b->name);
		free(b->ext);
		free(b->boneyard_ext);
	}
	free(p->boards);
	memset(p, 0, sizeof(*p));
}

int
sb_prod_text(struct sb_prod *p, char **dst, const char *s)
{
	char *copy = NULL;

	if (s != NULL && (copy = sb_strdup(s)) == NULL)
		return oom(p);
	free(*dst);
	*dst = copy;
	return SB_OK;
}

/* FNV-1a over the category index and the name. */
static uint64_t
hash_text(uint64_t h, const char *s)
{
	if (h == 0)
		h = UINT64_C(14695981039346656037);
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static uint64_t
el_hash(size_t cat, const char *name)
{
	char num[32];

	snprintf(num, sizeof(num), "%zu\x1f", cat);
	return hash_text(hash_text(0, num), name);
}

/*
 * Open addressing: slot holds index + 1.  key_of gives the hash of an item,
 * so the table can grow without the caller.
 */
static int
hash_grow(struct sb_prod *p, struct sb_prod_hash *h, size_t n,
    uint64_t (*key_of)(const struct sb_prod *, size_t))
{
	size_t ncap;
	size_t *slot;

	if ((n + 1) * 2 <= h->cap)
		return SB_OK;
	ncap = h->cap ? h->cap * 2 : 64;
	if ((slot = calloc(ncap, sizeof(*slot))) == NULL)
		return oom(p);
	for (size_t i = 0; i < n; i++) {
		size_t k = (size_t)key_of(p, i) & (ncap - 1);

		while (slot[k] != 0)
			k = (k + 1) & (ncap - 1);
		slot[k] = i + 1;
	}
	free(h->slot);
	h->slot = slot;
	h->cap = ncap;
	return SB_OK;
}

static uint64_t
el_key(const struct sb_prod *p, size_t i)
{
	return el_hash(p->els[i].cat, p->els[i].name);
}

static uint64_t
cat_key(const struct sb_prod *p, size_t i)
{
	return hash_text(0, p->cats[i].name);
}

static uint64_t
uid_key(const struct sb_prod *p, size_t i)
{
	return hash_text(0, p->strips[i].uid != NULL ? p->strips[i].uid : "");
}

int
sb_prod_category(struct sb_prod *p, const char *name, int ucid, size_t *idx)
{
	struct sb_prod_cat *c;
	size_t k;

	if (p->cathash.cap > 0) {
		k = (size_t)hash_text(0, name) & (p->cathash.cap - 1);
		for (; p->cathash.slot[k] != 0; k = (k + 1) & (p->cathash.cap - 1))
			if (strcmp(p->cats[p->cathash.slot[k] - 1].name, name) == 0) {
				*idx = p->cathash.slot[k] - 1;
				return SB_OK;
			}
	}
	if (GROW(p, p->cats, p->ncats, p->capcats) != SB_OK ||
	    hash_grow(p, &p->cathash, p->ncats, cat_key) != SB_OK)
		return SB_EFAIL;
	c = &p->cats[p->ncats];
	c->ext = NULL;
	if ((c->name = sb_strdup(name)) == NULL)
		return oom(p);
	c->ucid = ucid >= 0 ? ucid : sb_ucid_guess(name);
	/* A column of the strip's own has one fixed category: the first. */
	if (ucid < 0 && (c->ucid == SB_UCID_SET || c->ucid == SB_UCID_IE ||
	    c->ucid == SB_UCID_DN || c->ucid == SB_UCID_SCRIPT_DAY ||
	    c->ucid == SB_UCID_LOCATION)) {
		for (size_t i = 0; i < p->ncats; i++)
			if (p->cats[i].ucid == c->ucid) {
				c->ucid = -1;
				break;
			}
	}
	k = (size_t)hash_text(0, name) & (p->cathash.cap - 1);
	while (p->cathash.slot[k] != 0)
		k = (k + 1) & (p->cathash.cap - 1);
	p->cathash.slot[k] = p->ncats + 1;
	*idx = p->ncats++;
	return SB_OK;
}

int
sb_prod_element(struct sb_prod *p, size_t cat, const char *name, size_t *idx)
{
	struct sb_prod_el *e;
	size_t k;

	if (p->elhash.cap > 0) {
		k = (size_t)el_hash(cat, name) & (p->elhash.cap - 1);
		for (; p->elhash.slot[k] != 0; k = (k + 1) & (p->elhash.cap - 1)) {
			e = &p->els[p->elhash.slot[k] - 1];
			if (e->cat == cat && strcmp(e->name, name) == 0) {
				*idx = p->elhash.slot[k] - 1;
				return SB_OK;
			}
		}
	}
	if (GROW(p, p->els, p->nels, p->capels) != SB_OK ||
	    hash_grow(p, &p->elhash, p->nels, el_key) != SB_OK)
		return SB_EFAIL;
	e = &p->els[p->nels];
	memset(e, 0, sizeof(*e));
	e->cat = cat;
	if ((e->name = sb_strdup(name)) == NULL)
		return oom(p);
	k = (size_t)el_hash(cat, name) & (p->elhash.cap - 1);
	while (p->elhash.slot[k] != 0)
		k = (k + 1) & (p->elhash.cap - 1);
	p->elhash.slot[k] = p->nels + 1;
	*idx = p->nels++;
	return SB_OK;
}

long
sb_prod_find_element(const struct sb_prod *p, size_t cat, const char *name)
{
	if (p->elhash.cap == 0)
		return -1;
	for (size_t k = (size_t)el_hash(cat, name) & (p->elhash.cap - 1);
	    p->elhash.slot[k] != 0; k = (k + 1) & (p->elhash.cap - 1)) {
		const struct sb_prod_el *e = &p->els[p->elhash.slot[k] - 1];

		if (e->cat == cat && strcmp(e->name, name) == 0)
			return (long)(p->elhash.slot[k] - 1);
	}
	return -1;
}

long
sb_prod_find_category(const struct sb_prod *p, const char *name)
{
	if (p->cathash.cap == 0)
		return -1;
	for (size_t k = (size_t)hash_text(0, name) & (p->cathash.cap - 1);
	    p->cathash.slot[k] != 0; k = (k + 1) & (p->cathash.cap - 1))
		if (strcmp(p->cats[p->cathash.slot[k] - 1].name, name) == 0)
			return (long)(p->cathash.slot[k] - 1);
	return -1;
}

int
sb_prod_el_link(struct sb_prod *p, size_t el, size_t other)
{
	struct sb_prod_el *e = &p->els[el];

	for (size_t i = 0; i < e->nlinked; i++)
		if (e->linked[i] == other)
			return SB_OK;
	if (GROW(p, e->linked, e->nlinked, e->caplinked) != SB_OK)
		return SB_EFAIL;
	e->linked[e->nlinked++] = other;
	return SB_OK;
}

int
sb_prod_strip_new(struct sb_prod *p, size_t *idx)
{
	if (GROW(p, p->strips, p->nstrips, p->capstrips) != SB_OK)
		return SB_EFAIL;
	memset(&p->strips[p->nstrips], 0, sizeof(p->strips[0]));
	*idx = p->nstrips++;
	return SB_OK;
}

long
sb_prod_find_uid(const struct sb_prod *p, const char *uid)
{
	size_t k;

	if (p->uidhash.cap == 0 || uid == NULL)
		return -1;
	k = (size_t)hash_text(0, uid) & (p->uidhash.cap - 1);
	for (; p->uidhash.slot[k] != 0; k = (k + 1) & (p->uidhash.cap - 1)) {
		const struct sb_prod_strip *s = &p->strips[p->uidhash.slot[k] - 1];

		if (s->uid != NULL && strcmp(s->uid, uid) == 0)
			return (long)(p->uidhash.slot[k] - 1);
	}
	return -1;
}

int
sb_prod_strip_uid(struct sb_prod *p, size_t s, const char *uid)
{
	size_t k;

	if (sb_prod_find_uid(p, uid) >= 0)
		return SB_EDATA;
	if (sb_prod_text(p, &p->strips[s].uid, uid) != SB_OK)
		return SB_EFAIL;
	/* The table holds the uidhash.n strips that have a uid, s not yet. */
	if ((p->uidhash.n + 1) * 2 > p->uidhash.cap) {
		size_t ncap = p->uidhash.cap ? p->uidhash.cap * 2 : 64;
		size_t *slot;

		if ((slot = calloc(ncap, sizeof(*slot))) == NULL)
			return oom(p);
		for (size_t i = 0; i < p->nstrips; i++) {
			if (p->strips[i].uid == NULL || i == s)
				continue;
			k = (size_t)uid_key(p, i) & (ncap - 1);
			while (slot[k] != 0)
				k = (k + 1) & (ncap - 1);
			slot[k] = i + 1;
		}
		free(p->uidhash.slot);
		p->uidhash.slot = slot;
		p->uidhash.cap = ncap;
	}
	k = (size_t)uid_key(p, s) & (p->uidhash.cap - 1);
	while (p->uidhash.slot[k] != 0)
		k = (k + 1) & (p->uidhash.cap - 1);
	p->uidhash.slot[k] = s + 1;
	p->uidhash.n++;
	return SB_OK;
}

/* The column of strip st that a fixed ucid mirrors, or NULL. */
static char **
fixed_col(struct sb_prod_strip *st, int ucid)
{
	switch (ucid) {
	case SB_UCID_SET: return &st->set_name;
	case SB_UCID_IE: return &st->int_ext;
	case SB_UCID_DN: return &st->day_night;
	case SB_UCID_SCRIPT_DAY: return &st->script_day;
	case SB_UCID_LOCATION: return &st->location;
	default: return NULL;
	}
}

/*
 * Add the pair (s, el) to the set of links; 1 if it was new, 0 if there,
 * SB_EFAIL.  A hash set, so that a strip of many thousand elements (a
 * hostile file) costs no more than linear time.
 */
static int
link_once(struct sb_prod *p, size_t s, size_t el)
{
	uint64_t key = ((uint64_t)s << 32 ^ (uint64_t)el) + 1;
	size_t k;

	if ((p->nlinks + 1) * 2 > p->caplinks) {
		size_t ncap = p->caplinks ? p->caplinks * 2 : 256;
		uint64_t *t = calloc(ncap, sizeof(*t));

		if (t == NULL)
			return oom(p);
		for (size_t i = 0; i < p->caplinks; i++) {
			if (p->links[i] == 0)
				continue;
			k = (size_t)(p->links[i] * UINT64_C(0x9e3779b97f4a7c15) >> 20) & (ncap - 1);
			while (t[k] != 0)
				k = (k + 1) & (ncap - 1);
			t[k] = p->links[i];
		}
		free(p->links);
		p->links = t;
		p->caplinks = ncap;
	}
	k = (size_t)(key * UINT64_C(0x9e3779b97f4a7c15) >> 20) & (p->caplinks - 1);
	for (; p->links[k] != 0; k = (k + 1) & (p->caplinks - 1))
		if (p->links[k] == key)
			return 0;
	p->links[k] = key;
	p->nlinks++;
	return 1;
}

int
sb_prod_link(struct sb_prod *p, size_t s, size_t el)
{
	struct sb_prod_strip *st = &p->strips[s];
	char **col;
	int rc;

	if ((rc = link_once(p, s, el)) <= 0)
		return rc;
	if (GROW(p, st->els, st->nels, st->capels) != SB_OK)
		return SB_EFAIL;
	st->els[st->nels++] = el;
	/* the strip's own column mirrors its elements of the fixed category */
	col = fixed_col(st, p->cats[p->els[el].cat].ucid);
	if (col != NULL) {
		const char *name = p->els[el].name;

		if (*col == NULL) {
			if ((*col = sb_strdup(name)) == NULL)
				return oom(p);
		} else if (strcmp(*col, name) != 0) {
			size_t n = strlen(*col), m = strlen(name);
			char *j = malloc(n + m + 3);

			if (j == NULL)
				return oom(p);
			memcpy(j, *col, n);
			memcpy(j + n, "; ", 2);
			memcpy(j + n + 2, name, m + 1);
			free(*col);
			*col = j;
		}
	}
	return SB_OK;
}

int
sb_prod_fixed(struct sb_prod *p, size_t s, int ucid, const char *value)
{
	static const char *const names[7] = { "Set", "INT/EXT", "Day/Night",
	    "Script Day", NULL, NULL, "Location" };
	size_t cat = 0, el;
	int found = 0;

	if (value == NULL || value[0] == '\0')
		return SB_OK;
	if (fixed_col(&p->strips[s], ucid) == NULL)
		return sb_err(p->ctx, SB_EFAIL, "internal error: ucid %d", ucid);
	for (size_t i = 0; i < p->ncats; i++)
		if (p->cats[i].ucid == ucid) {
			cat = i;
			found = 1;
			break;
		}
	if (!found && sb_prod_category(p, names[ucid], ucid, &cat) != SB_OK)
		return SB_EFAIL;
	if (sb_prod_element(p, cat, value, &el) != SB_OK)
		return SB_EFAIL;
	/* linking sets the column */
	return sb_prod_link(p, s, el);
}

int
sb_prod_calendar_new(struct sb_prod *p, const char *name, size_t *idx)
{
	struct sb_prod_cal *c;

	if (GROW(p, p->cals, p->ncals, p->capcals) != SB_OK)
		return SB_EFAIL;
	c = &p->cals[p->ncals];
	memset(c, 0, sizeof(*c));
	if (name != NULL && (c->name = sb_strdup(name)) == NULL)
		return oom(p);
	*idx = p->ncals++;
	return SB_OK;
}

int
sb_prod_calday(struct sb_prod *p, size_t cal, const char *kind, sb_date date,
    const char *name)
{
	struct sb_prod_cal *c = &p->cals[cal];
	struct sb_prod_calday *d;

	if (GROW(p, c->days, c->n, c->cap) != SB_OK)
		return SB_EFAIL;
	d = &c->days[c->n];
	memset(d, 0, sizeof(*d));
	snprintf(d->kind, sizeof(d->kind), "%s", kind);
	d->date = date;
	if (name != NULL && (d->name = sb_strdup(name)) == NULL)
		return oom(p);
	c->n++;
	return SB_OK;
}

int
sb_prod_board_new(struct sb_prod *p, const char *name, size_t *idx)
{
	struct sb_prod_board *b;

	if (GROW(p, p->boards, p->nboards, p->capboards) != SB_OK)
		return SB_EFAIL;
	b = &p->boards[p->nboards];
	memset(b, 0, sizeof(*b));
	b->cal = -1;
	if ((b->name = sb_strdup(name != NULL ? name : "")) == NULL)
		return oom(p);
	*idx = p->nboards++;
	return SB_OK;
}

int
sb_prod_day_new(struct sb_prod *p, size_t b, size_t *day)
{
	struct sb_prod_board *bd = &p->boards[b];

	if (GROW(p, bd->days, bd->ndays, bd->capdays) != SB_OK)
		return SB_EFAIL;
	memset(&bd->days[bd->ndays], 0, sizeof(bd->days[0]));
	*day = bd->ndays++;
	return SB_OK;
}

int
sb_prod_list_add(struct sb_prod *p, struct sb_prod_list *l, size_t s)
{
	if (GROW(p, l->strips, l->n, l->cap) != SB_OK)
		return SB_EFAIL;
	l->strips[l->n++] = s;
	return SB_OK;
}

/*
 * Slug lines and repeated scene numbers: what the script readers (.sex,
 * .fdx) do alike
 */
int
sb_prod_slug(struct sb_prod *p, size_t s, const char *slug)
{
	struct sb_slug sl;
	int rc;

	if (sb_slug_split(slug, &sl) != 0)
		return sb_err(p->ctx, SB_EFAIL, "out of memory");
	rc = sb_prod_fixed(p, s, SB_UCID_IE, sl.ie);
	if (rc == SB_OK && sl.set != NULL)
		rc = sb_prod_fixed(p, s, SB_UCID_SET, sl.set);
	if (rc == SB_OK && sl.dn != NULL)
		rc = sb_prod_fixed(p, s, SB_UCID_DN, sl.dn);
	sb_slug_free(&sl);
	return rc;
}

/* A strip to sort by scene number: qsort() passes no argument, so carry it. */
struct scene_ref {
	const char *scene;
	size_t i;
};

static int
cmp_scene(const void *a, const void *b)
{
	const struct scene_ref *x = a, *y = b;
	int c = sb_scene_cmp(x->scene, y->scene);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

int
sb_prod_warn_repeats(struct sb_import *imp, struct sb_prod *p)
{
	struct scene_ref *idx;
	size_t n = 0;

	if (p->nstrips < 2)
		return SB_OK;
	if ((idx = calloc(p->nstrips, sizeof(*idx))) == NULL)
		return sb_err(imp->ctx, SB_EFAIL, "%s: out of memory", imp->in->name);
	for (size_t i = 0; i < p->nstrips; i++)
		if (p->strips[i].scene != NULL && !p->strips[i].banner) {
			idx[n].scene = p->strips[i].scene;
			idx[n++].i = i;
		}
	qsort(idx, n, sizeof(*idx), cmp_scene);
	for (size_t i = 1; i < n; i++)
		if (sb_scene_cmp(idx[i - 1].scene, idx[i].scene) == 0)
			sb_import_warn(imp, "scene %s appears more than once: "
			    "scenes %zu and %zu in file order are %s and %s, and "
			    "a revision matches scenes by number",
			    idx[i - 1].scene, idx[i - 1].i + 1, idx[i].i + 1,
			    idx[i - 1].scene, idx[i].scene);
	free(idx);
	return SB_OK;
}
