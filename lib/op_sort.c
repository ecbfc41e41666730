/*
 * op_sort.c - sorting the strips of a day, a range of days or the boneyard
 * by the keys schedulers group a company move by.  The longest run of
 * strips already in the new order stays put; only the others get new
 * position keys, a new version and an audit row each.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "move_priv.h"
#include "perm_priv.h"
#include "store.h"

enum sort_key { K_INT_EXT, K_DAY_NIGHT, K_SET, K_LOCATION, K_SCENE, K_PAGES, K_CAST };

struct key_spec {
	enum sort_key key;
	int desc;
};

struct item {
	struct sb_place place;
	size_t was;       /* index in the current order */
	char *text[5];    /* int_ext, day_night, set, location, scene */
	int64_t eighths;
	int64_t cast;     /* lowest numeric cast board id, or INT64_MAX */
	int keep;         /* in the longest already-ordered run */
};

struct order {
	const struct key_spec *specs;
	size_t n;
};

static int
text_cmp(const char *a, const char *b)
{
	/* no value sorts last whichever way the sort goes */
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	return strcasecmp(a, b);
}

static int
item_cmp(const void *pa, const void *pb, void *arg)
{
	const struct item *a = pa, *b = pb;
	const struct order *o = arg;

	for (size_t i = 0; i < o->n; i++) {
		int c = 0;

		switch (o->specs[i].key) {
		case K_INT_EXT: c = text_cmp(a->text[0], b->text[0]); break;
		case K_DAY_NIGHT: c = text_cmp(a->text[1], b->text[1]); break;
		case K_SET: c = text_cmp(a->text[2], b->text[2]); break;
		case K_LOCATION: c = text_cmp(a->text[3], b->text[3]); break;
		case K_SCENE: c = sb_scene_cmp(a->text[4], b->text[4]); break;
		case K_PAGES: c = (a->eighths > b->eighths) - (a->eighths < b->eighths); break;
		case K_CAST: c = (a->cast > b->cast) - (a->cast < b->cast); break;
		}
		if (c != 0)
			return o->specs[i].desc ? -c : c;
	}
	/* stable: the current order breaks ties */
	return (a->was > b->was) - (a->was < b->was);
}

static int
parse_keys(sb_ctx *ctx, const char *keys, struct key_spec *specs, size_t *n)
{
	static const char *const names[] = { "int_ext", "day_night", "set",
	    "location", "scene", "pages", "cast" };
	const char *p = keys;

	*n = 0;
	while (*p != '\0') {
		size_t span = strcspn(p, ","), len = span;
		int desc = 0, found = 0;
		const char *word = p;

		if (*word == '-') {
			desc = 1;
			word++;
			len--;
		}
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			if (strlen(names[k]) == len && strncmp(word, names[k], len) == 0) {
				if (*n == 16)
					return sb_err(ctx, SB_EUSAGE, "too many sort keys");
				specs[*n].key = (enum sort_key)k;
				specs[*n].desc = desc;
				(*n)++;
				found = 1;
			}
		}
		if (!found)
			return sb_err(ctx, SB_EUSAGE, "\"%.*s\" is not a sort key (int_ext, "
			    "day_night, set, location, scene, pages, cast)", (int)len, word);
		p += span + (p[span] == ',');
	}
	if (*n == 0)
		return sb_err(ctx, SB_EUSAGE, "sort by what?");
	return SB_OK;
}

static void
free_items(struct item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 5; k++)
			free(items[i].text[k]);
	free(items);
}

static int
load_day(sb_ctx *ctx, int64_t board, int64_t day, struct item **out, size_t *count)
{
	static const char sql[] =
	    "SELECT p.id, p.strip_id, p.pos, p.version, s.int_ext, s.day_night, s.set_name,"
	    " s.location, s.scene, coalesce(s.eighths, 0),"
	    " (SELECT min(CAST(e.board_id AS INTEGER)) FROM strip_element se"
	    "   JOIN element e ON e.id = se.element_id JOIN category c ON c.id = e.category_id"
	    "   WHERE se.strip_id = s.id AND c.ucid = 100 AND e.board_id GLOB '[0-9]*')"
	    " FROM placement p JOIN strip s ON s.id = p.strip_id WHERE p.day_id = ?1"
	    " ORDER BY p.pos";
	sb_st *st = sb_stmt(ctx, sql);
	struct item *items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, day);
	while ((rc = sb_step(st)) == SQLITE_ROW) {
		struct item *it;

		if (n == cap) {
			void *p = realloc(items, (cap = cap ? cap * 2 : 32) * sizeof(*items));

			if (p == NULL) {
				sb_reset(st);
				free_items(items, n);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
			items = p;
		}
		it = &items[n++];
		memset(it, 0, sizeof(*it));
		it->place.id = sb_col_int64(st, 0);
		it->place.strip = sb_col_int64(st, 1);
		snprintf(it->place.pos, sizeof(it->place.pos), "%s", sb_col_text(st, 2));
		it->place.version = sb_col_int64(st, 3);
		it->place.day = day;
		it->was = n - 1;
		for (int k = 0; k < 5; k++) {
			const char *t = (const char *)sb_col_text(st, 4 + k);

			if (t != NULL && (it->text[k] = sb_strdup(t)) == NULL) {
				sb_reset(st);
				free_items(items, n);
				return sb_err(ctx, SB_EFAIL, "out of memory");
			}
		}
		it->eighths = sb_col_int64(st, 9);
		it->cast = sb_col_type(st, 10) == SQLITE_NULL ? INT64_MAX :
		    sb_col_int64(st, 10);
	}
	sb_reset(st);
	(void)board;
	if (rc != SQLITE_DONE) {
		free_items(items, n);
		return sb_sqlerr(ctx, "sort");
	}
	*out = items;
	*count = n;
	return SB_OK;
}

/* Mark the longest run of items (in new order) whose old order increases. */
static int
mark_longest_run(sb_ctx *ctx, struct item *items, size_t n)
{
	size_t *tail = malloc((n + 1) * sizeof(*tail));
	size_t *prev = malloc((n + 1) * sizeof(*prev));
	size_t len = 0;

	if (tail == NULL || prev == NULL) {
		free(tail);
		free(prev);
		return sb_err(ctx, SB_EFAIL, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = len;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (items[tail[mid]].was < items[i].was)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo > 0 ? tail[lo - 1] : SIZE_MAX;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	for (size_t i = len > 0 ? tail[len - 1] : SIZE_MAX; i != SIZE_MAX; i = prev[i])
		items[i].keep = 1;
	free(tail);
	free(prev);
	return SB_OK;
}

static int
sort_day(sb_ctx *ctx, int64_t project, int64_t board, const char *board_name,
    int64_t day, struct order *order, struct sb_move_result *res)
{
	struct item *items = NULL;
	size_t n = 0;
	char (*keys)[SB_KEY_MAX + 2] = NULL;
	int64_t day_n = 0;
	int rc;

	(void)project;
	if ((rc = sb_perm_require_day(ctx, SB_ACT_SORT, board, day)) != SB_OK ||
	    (rc = load_day(ctx, board, day, &items, &n)) != SB_OK ||
	    (rc = sb_day_number(ctx, day, &day_n)) != SB_OK)
		return rc;
	if (n > 1)
		qsort_r(items, n, sizeof(*items), item_cmp, order);
	if ((rc = mark_longest_run(ctx, items, n)) != SB_OK)
		goto out;
	if ((keys = calloc(n + 1, sizeof(*keys))) == NULL) {
		rc = sb_err(ctx, SB_EFAIL, "out of memory");
		goto out;
	}
	/* new keys for each run of movers between two strips that stay */
	for (size_t i = 0; i < n; ) {
		size_t j = i;
		const char *lo, *hi;

		if (items[i].keep) {
			i++;
			continue;
		}
		while (j < n && !items[j].keep)
			j++;
		lo = i > 0 ? items[i - 1].place.pos : NULL;
		hi = j < n ? items[j].place.pos : NULL;
		rc = sb_keys_between(lo, hi, j - i, keys + i);
		if (rc == SB_EDATA) {
			/* keys too long: the day is laid out anew and sorted again */
			free(keys);
			free_items(items, n);
			if ((rc = sb_rebalance_day(ctx, day)) != SB_OK)
				return rc;
			return sort_day(ctx, project, board, board_name, day, order, res);
		}
		if (rc != SB_OK)
			goto out;
		i = j;
	}
	/* the movers leave their old keys first: the new ones may collide */
	for (size_t i = 0; i < n && rc == SB_OK; i++)
		if (!items[i].keep)
			rc = store_placement_park(ctx, items[i].place.id);
	for (size_t i = 0; i < n && rc == SB_OK; i++) {
		struct sb_place from;

		if (items[i].keep) {
			res->unchanged++;
			continue;
		}
		if ((rc = sb_place_get(ctx, board, items[i].place.strip, &from)) != SB_OK)
			break;
		/* the audit row keeps the key the strip had before the sort */
		snprintf(from.pos, sizeof(from.pos), "%s", items[i].place.pos);
		rc = sb_place_write(ctx, project, board, board_name, &from,
		    items[i].place.strip, day, day_n, keys[i], &res->version);
		res->moved++;
	}
out:
	free(keys);
	free_items(items, n);
	return rc;
}

int
sb_sort(sb_ctx *ctx, int64_t board, int64_t first_day, int64_t last_day,
    const char *keys, struct sb_move_result *res)
{
	struct key_spec specs[16];
	struct order order = { specs, 0 };
	char board_name[256];
	int64_t project, lane, day;
	int rc;
	sb_st *st;

	memset(res, 0, sizeof(*res));
	if ((rc = parse_keys(ctx, keys, specs, &order.n)) != SB_OK)
		return rc;
	if (first_day < 0 || last_day < first_day)
		return sb_err(ctx, SB_EUSAGE, "days %lld to %lld are not a range",
		    (long long)first_day, (long long)last_day);
	if ((st = sb_stmt(ctx, "SELECT project_id FROM board WHERE id = ?1")) == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, board);
	rc = sb_step(st);
	project = sb_col_int64(st, 0);
	sb_reset(st);
	if (rc != SQLITE_ROW)
		return sb_err(ctx, SB_ENOTFOUND, "no such board");
	sb_board_name(ctx, board, board_name, sizeof(board_name));
	if ((rc = sb_tx_begin(ctx)) != SB_OK)
		return rc;
	if (first_day == 0) {
		rc = sb_target_day(ctx, board, "boneyard", 0, &day);
		if (rc == SB_OK)
			rc = sort_day(ctx, project, board, board_name, day, &order, res);
	} else if ((rc = sb_lane_get(ctx, board, "schedule", 0, &lane)) == SB_OK) {
		for (int64_t n = first_day; n <= last_day && rc == SB_OK; n++) {
			if ((rc = sb_shoot_day(ctx, lane, n, &day)) == SB_OK)
				rc = sort_day(ctx, project, board, board_name, day, &order, res);
		}
	}
	return sb_tx_end(ctx, rc);
}
