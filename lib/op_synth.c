/*
 * op_synth.c - synthetic productions of any size from a seed.
 *
 * sb_synth() writes a production straight into the database, in one
 * transaction, in the shape of a real one: scenes of 1/8 to 5 pages in
 * episodes opened by a banner, a few hundred sets at fewer locations, a
 * cast whose scene counts have a long tail (a few leads in most scenes,
 * many day players in one or two), a dozen element categories besides the
 * strip's own (set, INT/EXT, day/night, script day, location), shoot days
 * of 3 to 8 pages on calendars with weekends and holidays, and three
 * boards: a schedule with a boneyard, a second schedule with a second
 * unit, and the script order.  The rows are those the USS reader writes
 * for such a file, so every command works on a synthetic database as on
 * an imported one.
 *
 * The same seed gives the same production, byte for byte: the generator
 * has its own PRNG (xoshiro256** seeded through splitmix64), never rand(),
 * and every id comes from it.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_priv.h"
#include "perm_priv.h"
#include "store.h"

/* The most strips sb_synth() makes: far past any production. */
#define SYNTH_MAX_STRIPS INT64_C(10000000)

/* Scenes in an episode (each opens with a banner) once there are several. */
#define EPISODE 60

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A stream of its own for each use, so that one use never shifts another. */
static void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * UINT64_C(0xd1b54a32d192ed03));

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* A number in [0, n); the bias of the modulo is below 2^-40 here. */
static uint64_t
rng_below(struct rng *r, uint64_t n)
{
	return n <= 1 ? 0 : rng_next(r) % n;
}

/* A number in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* True with probability p. */
static int
rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

static void
rng_uid(struct rng *r, char out[25])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t a = rng_next(r), b = rng_next(r);

	for (int i = 0; i < 16; i++)
		out[i] = hex[(a >> (60 - 4 * i)) & 0xf];
	for (int i = 0; i < 8; i++)
		out[16 + i] = hex[(b >> (60 - 4 * i)) & 0xf];
	out[24] = '\0';
}

/*
 * Zipf's law over ranks 1..n (weight 1/k^s): the long tail of how often
 * a cast member, a set or a prop comes up.
 */
struct zipf {
	double *cum;
	size_t n;
};

static int
zipf_init(struct zipf *z, size_t n, double s)
{
	double sum = 0;

	z->n = n;
	z->cum = malloc(n * sizeof(*z->cum));
	if (z->cum == NULL)
		return -1;
	for (size_t k = 0; k < n; k++) {
		sum += 1.0 / pow((double)(k + 1), s);
		z->cum[k] = sum;
	}
	return 0;
}

static size_t
zipf_pick(const struct zipf *z, struct rng *r)
{
	double u = rng_unit(r) * z->cum[z->n - 1];
	size_t lo = 0, hi = z->n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void
zipf_free(struct zipf *z)
{
	free(z->cum);
	z->cum = NULL;
}

/*
 * Words
 */
static const char *const first_names[] = {
	"Ada", "Ben", "Clara", "Dev", "Edith", "Felix", "Greta", "Hugo", "Iris",
	"Jonah", "Kit", "Lena", "Milo", "Nora", "Otto", "Pia", "Quinn", "Rosa",
	"Silas", "Tess", "Umar", "Vera", "Wes", "Xena", "Yusuf", "Zoe", "Amos",
	"Bea", "Cyrus", "Dina", "Emil", "Faye",
};
static const char *const last_names[] = {
	"Abbott", "Bailey", "Castro", "Doyle", "Ellison", "Fischer", "Gatewood",
	"Hale", "Ibarra", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura",
	"O'Hara", "Petrov", "Quist", "Reyes", "Sato", "Tanaka", "Underwood",
	"Vance", "Whitlock", "Xu", "Yilmaz", "Zeller", "Achebe", "Brennan",
	"Costa", "Dubois", "Eriksen", "Fontaine",
};
static const char *const places[] = {
	"BAILEY HOUSE", "BUILDING AND LOAN", "POTTER'S OFFICE", "MAIN STREET",
	"TRAIN STATION", "HIGH SCHOOL", "DRUGSTORE", "BRIDGE", "HOSPITAL",
	"POLICE STATION", "DINER", "HARBOR", "CHURCH", "FARMHOUSE", "MOTEL",
	"NEWSROOM", "COURTHOUSE", "WAREHOUSE", "AIRFIELD", "LIGHTHOUSE",
	"BOARDING HOUSE", "COUNTRY CLUB", "MILL", "CEMETERY",
};
static const char *const rooms[] = {
	"KITCHEN", "HALLWAY", "LIVING ROOM", "FRONT PORCH", "BASEMENT", "ROOF",
	"LOBBY", "BACK ROOM", "PARKING LOT", "STAIRWELL", "BEDROOM", "GARDEN",
	"OFFICE", "CORRIDOR", "YARD", "ATTIC", "BAR", "VAULT", "GARAGE", "DOCK",
};
static const char *const streets[] = {
	"Elm Street", "Harbor Road", "Mill Lane", "Stage 4", "Stage 7",
	"Ridge Avenue", "Quarry Road", "Union Square", "Pine Hollow",
	"Station Plaza", "Lakeshore Drive", "Backlot",
};
static const char *const verbs[] = {
	"confronts", "follows", "hides from", "pleads with", "argues with",
	"waits for", "surprises", "warns", "bargains with", "comforts",
	"chases", "lies to",
};
static const char *const objects[] = {
	"about the missing money", "over a letter", "in the rain",
	"about the wedding", "before the storm", "after the funeral",
	"with a stolen key", "about the loan, again", "at midnight",
	"over dinner", "during the blackout", "about \"the plan\"",
};
static const char *const int_ext[] = { "INT", "EXT", "INT/EXT" };
static const char *const day_night[] = { "DAY", "NIGHT", "MORNING", "EVENING",
	"DAWN", "DUSK" };

/* The element categories: the strip's own five, then a dozen more. */
static const struct {
	const char *name;
	int ucid;
	double chance;   /* that a scene has elements of it */
	int per_scene;   /* at most this many */
	int pool_div;    /* elements: strips / pool_div, within limits */
	const char *noun;
} categories[] = {
	{ "Set", 0, 0, 0, 0, NULL },
	{ "INT/EXT", 1, 0, 0, 0, NULL },
	{ "Day/Night", 2, 0, 0, 0, NULL },
	{ "Script Day", 3, 0, 0, 0, NULL },
	{ "Location", 6, 0, 0, 0, NULL },
	{ "Cast", 100, 0, 0, 0, NULL },
	{ "Background", 101, 0.35, 2, 25, "Background Group" },
	{ "Stunts", 102, 0.06, 1, 200, "Stunt" },
	{ "Vehicles", 103, 0.12, 2, 100, "Picture Car" },
	{ "Props", 104, 0.45, 3, 10, "Prop" },
	{ "Special Effects", 105, 0.05, 1, 200, "Effect" },
	{ "Wardrobe", 106, 0.25, 2, 20, "Costume" },
	{ "Makeup/Hair", 107, 0.15, 1, 50, "Look" },
	{ "Animals", 108, 0.02, 1, 500, "Animal" },
	{ "Music", 114, 0.04, 1, 300, "Cue" },
	{ "Set Dressing", 116, 0.20, 2, 40, "Dressing" },
	{ "Visual Effects", 121, 0.05, 1, 200, "VFX Shot" },
};
#define NCATS (sizeof(categories) / sizeof(categories[0]))
enum { CAT_SET, CAT_IE, CAT_DN, CAT_SD, CAT_LOC, CAT_CAST, CAT_FIRST_OTHER };

struct pool {
	int64_t first_id; /* element rowids are first_id .. first_id + n - 1 */
	size_t n;
	struct zipf z;
};

struct synth {
	sb_ctx *ctx;
	const struct sb_synth_opts *opts;
	struct sb_import_summary *sum;
	struct rng r;
	int64_t project_id, project_version;
	int64_t nstrips;
	int64_t cat_id[NCATS];
	struct pool pool[NCATS];
	int64_t element_rank;
	size_t nsets, nlocs, nscript_days;
	int *set_loc;            /* the location of each set */
	unsigned char *set_ie;   /* INT, EXT or INT/EXT of each set */
	sb_date start;
	int64_t cal_id[2];
	/* per strip */
	int64_t *strip_id;
	unsigned char *eighths;  /* 0 for a banner */
	unsigned short *set;     /* set index */
	unsigned char *dn;
};

static int
oom(struct synth *s)
{
	return sb_err(s->ctx, SB_EFAIL, "out of memory");
}

static size_t
clamp(int64_t v, int64_t lo, int64_t hi)
{
	return (size_t)(v < lo ? lo : v > hi ? hi : v);
}

static int
project_row(struct synth *s)
{
	static const char find[] = "SELECT id, version FROM project WHERE name = ?1";
	char name[256], uid[25], created[SB_DATE_BUFSZ];
	struct sb_row_project row;
	struct sb_buf meta;
	sb_st *st;
	int64_t old_id = 0, old_version = 0;
	int rc;

	if (s->opts->project != NULL)
		snprintf(name, sizeof(name), "%s", s->opts->project);
	else
		snprintf(name, sizeof(name), "synthetic-%lld", (long long)s->nstrips);
	if (name[0] == '\0')
		return sb_err(s->ctx, SB_EUSAGE, "a project needs a name");
	if ((st = sb_stmt(s->ctx, find)) == NULL)
		return SB_EFAIL;
	sb_bind_text(st, 1, name);
	rc = sb_step(st);
	if (rc == SQLITE_ROW) {
		old_id = sb_col_int64(st, 0);
		old_version = sb_col_int64(st, 1);
	}
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(s->ctx, "project");
	{
		/* a new project is the file's admins' to make; a replaced one its own */
		struct sb_scope where = { old_id, 0, 0, 0 };

		if ((rc = sb_perm_require(s->ctx, SB_ACT_PROJECT, &where)) != SB_OK)
			return rc;
	}
	if (old_id != 0) {
		if (!s->opts->replace)
			return sb_err(s->ctx, SB_EFAIL, "project \"%s\" exists; "
			    "replace it to generate it again", name);
		if ((rc = store_project_delete(s->ctx, old_id)) != SB_OK)
			return rc;
	}
	rng_uid(&s->r, uid);
	sb_date_format(s->start - 60, created, sizeof(created));
	/* The header a USS file of this production would carry. */
	sb_buf_init(&meta);
	sb_buf_puts(&meta, "{\"id\":\"");
	sb_buf_puts(&meta, uid);
	sb_buf_puts(&meta, "\",\"name\":");
	sb_json_quote(&meta, name);
	sb_buf_puts(&meta, ",\"project\":");
	sb_json_quote(&meta, name);
	sb_buf_printf(&meta, ",\"author\":\"sb_synth\",\"source\":\"stripboard "
	    "synthetic production, seed %llu\",\"created\":\"%sT00:00:00.000Z\","
	    "\"ussVersion\":\"1.0.0\"}", (unsigned long long)s->opts->seed, created);
	if (meta.failed) {
		sb_buf_free(&meta);
		return oom(s);
	}
	memset(&row, 0, sizeof(row));
	row.id = old_id;
	row.name = name;
	row.uid = uid;
	row.title = name;
	row.meta = sb_buf_str(&meta);
	row.created_at = sb_now(s->ctx);
	row.version = old_version + 1;
	rc = store_project_insert(s->ctx, &row, &s->project_id);
	sb_buf_free(&meta);
	if (rc != SB_OK)
		return rc;
	s->project_version = old_version + 1;
	s->sum->project_id = s->project_id;
	snprintf(s->sum->project, sizeof(s->sum->project), "%s", name);
	return SB_OK;
}

static int
add_category(struct synth *s, size_t c)
{
	struct sb_row_category row;
	char uid[25];
	int rc;

	rng_uid(&s->r, uid);
	memset(&row, 0, sizeof(row));
	row.project_id = s->project_id;
	row.uid = uid;
	row.name = categories[c].name;
	row.ucid = categories[c].ucid;
	row.has_ucid = 1;
	row.rank = (int64_t)c;
	if ((rc = store_category_insert(s->ctx, &row, &s->cat_id[c])) != SB_OK)
		return rc;
	s->sum->categories++;
	return SB_OK;
}

/* The name of element i of category c. */
static void
element_name(size_t c, size_t i, char *buf, size_t size)
{
	size_t np = sizeof(places) / sizeof(places[0]);
	size_t nr = sizeof(rooms) / sizeof(rooms[0]);
	size_t nf = sizeof(first_names) / sizeof(first_names[0]);
	size_t nl = sizeof(last_names) / sizeof(last_names[0]);
	size_t ns = sizeof(streets) / sizeof(streets[0]);

	switch (c) {
	case CAT_SET:
		/* (place, room) pairs are distinct for i below np * nr */
		if (i < np * nr)
			snprintf(buf, size, "%s - %s", places[i % np],
			    rooms[(i / np + 3 * (i % np)) % nr]);
		else
			snprintf(buf, size, "%s - %s %zu", places[i % np],
			    rooms[(i / np + 3 * (i % np)) % nr], i / (np * nr) + 1);
		break;
	case CAT_IE:
		snprintf(buf, size, "%s", int_ext[i]);
		break;
	case CAT_DN:
		snprintf(buf, size, "%s", day_night[i]);
		break;
	case CAT_SD:
		snprintf(buf, size, "%zu", i + 1);
		break;
	case CAT_LOC:
		snprintf(buf, size, "%zu %s", 10 + 7 * (i / ns), streets[i % ns]);
		break;
	case CAT_CAST:
		if (i < nf * nl)
			snprintf(buf, size, "%s %s", first_names[i % nf],
			    last_names[(i / nf + 5 * (i % nf)) % nl]);
		else
			snprintf(buf, size, "%s %s %zu", first_names[i % nf],
			    last_names[(i / nf + 5 * (i % nf)) % nl], i / (nf * nl) + 1);
		break;
	default:
		snprintf(buf, size, "%s %zu", categories[c].noun, i + 1);
		break;
	}
}

static int
add_event(struct synth *s, int64_t element, int rank, const char *type,
    const char *name, sb_date date)
{
	struct sb_row_element_event row;
	char uid[25], d[SB_DATE_BUFSZ];

	rng_uid(&s->r, uid);
	memset(&row, 0, sizeof(row));
	row.element_id = element;
	row.rank = rank;
	row.uid = uid;
	row.type = type;
	row.name = name;
	row.date = sb_date_format(date, d, sizeof(d));
	return store_element_event_insert(s->ctx, &row, NULL);
}

/* The n elements of category c, with consecutive rowids. */
static int
add_elements(struct synth *s, size_t c, size_t n)
{
	struct pool *p = &s->pool[c];
	char uid[25], name[128], board_id[32];
	int rc;

	p->n = n;
	for (size_t i = 0; i < n; i++) {
		struct sb_row_element row;
		int64_t id;

		rng_uid(&s->r, uid);
		element_name(c, i, name, sizeof(name));
		memset(&row, 0, sizeof(row));
		row.project_id = s->project_id;
		row.category_id = s->cat_id[c];
		row.uid = uid;
		row.name = name;
		row.has_is_dood = 1;
		if (c == CAT_CAST) {
			/* cast members carry their board id and Day Out of Days flags */
			snprintf(board_id, sizeof(board_id), "%zu", i + 1);
			row.board_id = board_id;
			row.is_dood = row.is_hold = row.is_drop = 1;
			row.has_is_hold = row.has_is_drop = 1;
			row.drop_days = 10;
			row.has_drop_days = 1;
		}
		row.rank = s->element_rank++;
		if ((rc = store_element_insert(s->ctx, &row, &id)) != SB_OK)
			return rc;
		if (i == 0)
			p->first_id = id;
		else if (id != p->first_id + (int64_t)i)
			return sb_err(s->ctx, SB_EFAIL, "internal error: element ids "
			    "are not consecutive");
		s->sum->elements++;
		/* the leads have fittings and rehearsals before the start */
		if (c == CAT_CAST && i < n / 5 + 1) {
			if ((rc = add_event(s, id, 0, "event", "fitting",
			    s->start - 14 + (sb_date)(i % 7))) != SB_OK ||
			    (i % 2 == 0 && (rc = add_event(s, id, 1, "event",
			    "rehearsal", s->start - 5)) != SB_OK))
				return rc;
		}
	}
	if (zipf_init(&p->z, n, c == CAT_CAST ? 1.05 : c == CAT_SET ? 0.9 : 1.0) != 0)
		return oom(s);
	return SB_OK;
}

/* The nth weekday (0 Sunday) of a month, or the last when n is 5. */
static sb_date
nth_weekday(int year, int month, int weekday, int n)
{
	sb_date d;

	if (n == 5) {
		d = sb_date_make(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) - 1;
		while (sb_date_weekday(d) != weekday)
			d--;
		return d;
	}
	d = sb_date_make(year, month, 1);
	while (sb_date_weekday(d) != weekday)
		d++;
	return d + 7 * (n - 1);
}

static int
add_cal_day(struct synth *s, int64_t cal, int64_t rank, const char *type,
    const char *name, const char *kind, sb_date date)
{
	struct sb_row_calendar_day row;
	char uid[25], d[SB_DATE_BUFSZ];

	rng_uid(&s->r, uid);
	memset(&row, 0, sizeof(row));
	row.calendar_id = cal;
	row.rank = rank;
	row.uid = uid;
	row.type = type;
	row.name = name;
	row.date = sb_date_format(date, d, sizeof(d));
	row.kind = kind;
	return store_calendar_day_insert(s->ctx, &row, NULL);
}

/*
 * A calendar: weekends off, the US holidays of every year the schedule
 * can reach, and (for the second) a hiatus week.  Years: a shoot day of
 * 3 to 8 pages holds at least one strip, and a year has at least 240
 * working days, so strips / 240 + 2 years always cover the schedule.
 */
static int
add_calendar(struct synth *s, int which, const char *name, sb_date start)
{
	struct sb_row_calendar row;
	char uid[25];
	int year0, month, day, rc;
	int64_t rank = 0, years;
	char buf[SB_DATE_BUFSZ];

	rng_uid(&s->r, uid);
	memset(&row, 0, sizeof(row));
	row.project_id = s->project_id;
	row.uid = uid;
	row.name = name;
	row.days_off = "6,0";
	row.rank = which;
	if ((rc = store_calendar_insert(s->ctx, &row, &s->cal_id[which])) != SB_OK)
		return rc;
	s->sum->calendars++;
	if ((rc = add_cal_day(s, s->cal_id[which], rank++, "start", NULL, "start",
	    start)) != SB_OK)
		return rc;
	sb_date_format(start, buf, sizeof(buf));
	if (sscanf(buf, "%d-%d-%d", &year0, &month, &day) != 3)
		return sb_err(s->ctx, SB_EFAIL, "internal error: date");
	years = s->nstrips / 240 + 2;
	if (year0 + years > 9990)
		return sb_err(s->ctx, SB_EUSAGE, "a schedule that long runs past "
		    "the year 9999");
	for (int64_t y = year0; y <= year0 + years; y++) {
		const struct { int month, day, weekday, n; const char *name; } h[] = {
			{ 1, 1, -1, 0, "holiday" },       /* New Year's Day */
			{ 5, 0, 1, 5, "holiday" },        /* Memorial Day */
			{ 7, 4, -1, 0, "holiday" },       /* Independence Day */
			{ 9, 0, 1, 1, "holiday" },        /* Labor Day */
			{ 11, 0, 4, 4, "holiday" },       /* Thanksgiving */
			{ 12, 24, -1, 0, "dayOff" },      /* Christmas Eve */
			{ 12, 25, -1, 0, "holiday" },     /* Christmas */
		};

		for (size_t i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
			sb_date d = h[i].weekday < 0 ?
			    sb_date_make((int)y, h[i].month, h[i].day) :
			    nth_weekday((int)y, h[i].month, h[i].weekday, h[i].n);
			int off = strcmp(h[i].name, "dayOff") == 0;

			if (d < start)
				continue;
			if ((rc = add_cal_day(s, s->cal_id[which], rank++,
			    off ? "dayOff" : "event", h[i].name,
			    off ? "off" : "holiday", d)) != SB_OK)
				return rc;
		}
	}
	if (which == 1) {
		/* a hiatus week six weeks in */
		for (int i = 0; i < 5; i++)
			if ((rc = add_cal_day(s, s->cal_id[which], rank++, "dayOff",
			    "dayOff", "off", start + 42 + i)) != SB_OK)
				return rc;
	}
	return SB_OK;
}

static int
link_element(struct synth *s, int64_t strip, int64_t element, int rank)
{
	struct sb_row_strip_element row;

	row.strip_id = strip;
	row.element_id = element;
	row.rank = rank;
	return store_strip_element_insert(s->ctx, &row);
}

/* Pages: mostly under two, a long tail to five; in eighths, 1 to 40. */
static int
pick_eighths(struct rng *r)
{
	double u = rng_unit(r);

	return 1 + (int)(40.0 * pow(u, 2.2));
}

/* Pick up to max distinct elements of a pool, Zipf-weighted. */
static size_t
pick_distinct(struct pool *p, struct rng *r, size_t want, size_t *out)
{
	size_t n = 0;

	for (size_t tries = 0; n < want && tries < want * 4; tries++) {
		size_t k = zipf_pick(&p->z, r), j;

		for (j = 0; j < n; j++)
			if (out[j] == k)
				break;
		if (j == n)
			out[n++] = k;
	}
	return n;
}

static int
add_strips(struct synth *s)
{
	int series = s->nstrips > 2 * EPISODE;
	int64_t episode = 0, scene_no = 0, page8 = 0;
	char uid[25], scene[32], page[32], synopsis[512], set[128], loc[128],
	    sd[32], cast0[96], cast1[96], banner[64];
	size_t picks[8];
	int rc;

	for (int64_t i = 0; i < s->nstrips; i++) {
		struct sb_row_strip row;
		int is_banner = (i % EPISODE == 0) && (series || i == 0);
		int64_t strip;
		size_t sd_index;
		int rank = 0;

		rng_uid(&s->r, uid);
		memset(&row, 0, sizeof(row));
		row.project_id = s->project_id;
		row.uid = uid;
		row.rank = i;
		if (is_banner) {
			episode++;
			scene_no = 0;
			page8 = 0;
			if (series)
				snprintf(banner, sizeof(banner), "EPISODE %lld", (long long)episode);
			else
				snprintf(banner, sizeof(banner), "ACT ONE");
			row.type = "banner";
			row.banner_text = banner;
			if ((rc = store_strip_insert(s->ctx, &row, &s->strip_id[i])) != SB_OK)
				return rc;
			s->eighths[i] = 0;
			s->set[i] = (unsigned short)rng_below(&s->r, s->nsets);
			s->dn[i] = 0;
			s->sum->strips++;
			continue;
		}
		/* a scene: now and then an inserted "12A" after "12" */
		if (scene_no > 0 && rng_chance(&s->r, 0.04))
			snprintf(scene, sizeof(scene), "%lldA", (long long)scene_no);
		else
			snprintf(scene, sizeof(scene), "%lld", (long long)++scene_no);
		snprintf(page, sizeof(page), "%lld", (long long)(1 + page8 / 8));
		s->eighths[i] = (unsigned char)pick_eighths(&s->r);
		page8 += s->eighths[i];
		s->set[i] = (unsigned short)zipf_pick(&s->pool[CAT_SET].z, &s->r);
		{
			double u = rng_unit(&s->r);

			s->dn[i] = u < 0.55 ? 0 : u < 0.85 ? 1 : (unsigned char)(2 + rng_below(&s->r, 4));
		}
		element_name(CAT_SET, s->set[i], set, sizeof(set));
		element_name(CAT_LOC, (size_t)s->set_loc[s->set[i]], loc, sizeof(loc));
		sd_index = (size_t)((uint64_t)i * s->nscript_days / (uint64_t)s->nstrips);
		snprintf(sd, sizeof(sd), "%zu", sd_index + 1);
		{
			/* the cast: one to six, the leads far more often than the rest */
			double u = rng_unit(&s->r);
			size_t want = u < 0.15 ? 1 : u < 0.45 ? 2 : u < 0.75 ? 3 :
			    u < 0.90 ? 4 : u < 0.97 ? 5 : 6;
			size_t ncast = pick_distinct(&s->pool[CAT_CAST], &s->r, want, picks);

			element_name(CAT_CAST, picks[0], cast0, sizeof(cast0));
			if (ncast > 1)
				element_name(CAT_CAST, picks[1], cast1, sizeof(cast1));
			else
				snprintf(cast1, sizeof(cast1), "a stranger");
			snprintf(synopsis, sizeof(synopsis), "%s %s %s %s",
			    cast0, verbs[rng_below(&s->r, sizeof(verbs) / sizeof(verbs[0]))],
			    cast1, objects[rng_below(&s->r,
			    sizeof(objects) / sizeof(objects[0]))]);
			row.type = "scene";
			row.scene = scene;
			row.int_ext = int_ext[s->set_ie[s->set[i]]];
			row.day_night = day_night[s->dn[i]];
			row.set_name = set;
			row.location = loc;
			row.script_day = sd;
			row.synopsis = synopsis;
			row.script_page = page;
			row.eighths = s->eighths[i];
			row.has_eighths = 1;
			/* a minute a page, give or take a quarter; whole minutes */
			row.est_ms = 60000 * (int64_t)(1 + (s->eighths[i] *
			    (6 + (int)rng_below(&s->r, 5)) + 32) / 64);
			row.has_est_ms = 1;
			if ((rc = store_strip_insert(s->ctx, &row, &strip)) != SB_OK)
				return rc;
			s->strip_id[i] = strip;
			s->sum->strips++;
			/* the strip's own elements first, in the order USS files have */
			if ((rc = link_element(s, strip, s->pool[CAT_SET].first_id +
			    s->set[i], rank++)) != SB_OK ||
			    (rc = link_element(s, strip, s->pool[CAT_IE].first_id +
			    s->set_ie[s->set[i]], rank++)) != SB_OK ||
			    (rc = link_element(s, strip, s->pool[CAT_DN].first_id +
			    s->dn[i], rank++)) != SB_OK ||
			    (rc = link_element(s, strip, s->pool[CAT_SD].first_id +
			    (int64_t)sd_index, rank++)) != SB_OK ||
			    (rc = link_element(s, strip, s->pool[CAT_LOC].first_id +
			    s->set_loc[s->set[i]], rank++)) != SB_OK)
				return rc;
			for (size_t k = 0; k < ncast; k++)
				if ((rc = link_element(s, strip, s->pool[CAT_CAST].first_id +
				    (int64_t)picks[k], rank++)) != SB_OK)
					return rc;
		}
		for (size_t c = CAT_FIRST_OTHER; c < NCATS; c++) {
			size_t n;

			if (!rng_chance(&s->r, categories[c].chance))
				continue;
			n = pick_distinct(&s->pool[c], &s->r,
			    1 + rng_below(&s->r, (uint64_t)categories[c].per_scene), picks);
			for (size_t k = 0; k < n; k++)
				if ((rc = link_element(s, strip, s->pool[c].first_id +
				    (int64_t)picks[k], rank++)) != SB_OK)
					return rc;
		}
	}
	return SB_OK;
}

static int
add_board(struct synth *s, int rank, const char *name, int64_t calendar,
    int64_t *board)
{
	struct sb_row_board row;
	char uid[25];
	int rc;

	rng_uid(&s->r, uid);
	memset(&row, 0, sizeof(row));
	row.project_id = s->project_id;
	row.uid = uid;
	row.name = name;
	row.calendar_id = calendar;
	row.rank = rank;
	if ((rc = store_board_insert(s->ctx, &row, board)) != SB_OK)
		return rc;
	s->sum->boards++;
	return SB_OK;
}

static int
add_day(struct synth *s, int64_t board, int64_t lane, const char *kind,
    uint64_t i, uint64_t n, int64_t *day)
{
	struct sb_row_day row;
	char key[SB_KEY_MAX + 2];
	int rc;

	if (sb_key_spread(i, n, key, sizeof(key)) != SB_OK)
		return sb_err(s->ctx, SB_EFAIL, "internal error: position key");
	memset(&row, 0, sizeof(row));
	row.board_id = board;
	row.lane_id = lane;
	row.kind = kind;
	row.pos = key;
	/* a shoot day's number, so the lane is ranked from the start */
	if (strcmp(kind, "shoot") == 0) {
		row.seq = (int64_t)i + 1;
		row.has_seq = 1;
	}
	if ((rc = store_day_insert(s->ctx, &row, day)) != SB_OK)
		return rc;
	if (strcmp(kind, "shoot") == 0)
		s->sum->days++;
	return SB_OK;
}

static int
place(struct synth *s, int64_t board, int64_t day, const uint32_t *order,
    size_t n)
{
	char key[SB_KEY_MAX + 2];
	int rc;

	for (size_t j = 0; j < n; j++) {
		struct sb_row_placement row;

		if (sb_key_spread(j, n, key, sizeof(key)) != SB_OK)
			return sb_err(s->ctx, SB_EFAIL, "internal error: position key");
		memset(&row, 0, sizeof(row));
		row.board_id = board;
		row.strip_id = s->strip_id[order[j]];
		row.day_id = day;
		row.pos = key;
		if ((rc = store_placement_insert(s->ctx, &row, NULL)) != SB_OK)
			return rc;
	}
	return SB_OK;
}

/*
 * A lane of a board holding the strips of order.  Nested, it is cut into
 * shoot days: a day takes strips until its pages reach a target of 3 to
 * 8 pages, and closes early rather than pass 8.  As a scene has at most
 * 5 pages and a day closes only past 3, every day but the last holds 3 to
 * 8 pages.
 */
static int
add_lane(struct synth *s, int64_t board, int rank, const char *name,
    const char *kind, int nested, const uint32_t *order, size_t n,
    struct rng *r)
{
	struct sb_row_lane row;
	char uid[25];
	int64_t lane, day;
	size_t *sizes = NULL, ndays = 0;
	int rc;

	rng_uid(&s->r, uid);
	memset(&row, 0, sizeof(row));
	row.board_id = board;
	row.uid = uid;
	row.name = name;
	row.kind = kind;
	row.nested = nested;
	row.rank = rank;
	row.ranked = 1; /* add_day() numbers its shoot days */
	if ((rc = store_lane_insert(s->ctx, &row, &lane)) != SB_OK)
		return rc;
	if (!nested) {
		if ((rc = add_day(s, board, lane, "list", 0, 1, &day)) != SB_OK)
			return rc;
		return place(s, board, day, order, n);
	}
	if (n == 0)
		return SB_OK;
	if ((sizes = calloc(n, sizeof(*sizes))) == NULL)
		return oom(s);
	{
		int total = 0, target = 24 + (int)rng_below(r, 41);

		for (size_t j = 0; j < n; j++) {
			int e = s->eighths[order[j]];

			if (sizes[ndays] > 0 && total >= 24 &&
			    (total >= target || total + e > 64)) {
				ndays++;
				total = 0;
				target = 24 + (int)rng_below(r, 41);
			}
			sizes[ndays]++;
			total += e;
		}
		ndays++;
	}
	rc = SB_OK;
	for (size_t d = 0, at = 0; d < ndays && rc == SB_OK; d++) {
		rc = add_day(s, board, lane, "shoot", d, ndays, &day);
		if (rc == SB_OK)
			rc = place(s, board, day, order + at, sizes[d]);
		at += sizes[d];
	}
	free(sizes);
	return rc;
}

struct sortkey {
	uint64_t key;
	uint32_t strip;
};

static int
by_key(const void *a, const void *b)
{
	const struct sortkey *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->strip < y->strip ? -1 : x->strip > y->strip;
}

/*
 * The boards: First Pass (the active schedule: scenes grouped by location,
 * set and time of day, the banners and a few cut scenes in the boneyard),
 * Second Pass (grouped by set, a few exteriors to a second unit, its own
 * calendar with a hiatus) and Script Order (one flat list).
 */
static int
add_boards(struct synth *s)
{
	size_t n = (size_t)s->nstrips;
	struct sortkey *keys = malloc(n * sizeof(*keys));
	uint32_t *main_order = malloc(n * sizeof(*main_order));
	uint32_t *side_order = malloc(n * sizeof(*side_order));
	size_t nmain, nside;
	int64_t board;
	struct rng r;
	int rc;

	if (keys == NULL || main_order == NULL || side_order == NULL) {
		rc = oom(s);
		goto out;
	}

	/* First Pass */
	rng_seed(&r, s->opts->seed, 11);
	nmain = nside = 0;
	for (size_t i = 0; i < n; i++) {
		if (s->eighths[i] == 0 || rng_chance(&r, 0.04)) {
			side_order[nside++] = (uint32_t)i;
			continue;
		}
		keys[nmain].key = ((uint64_t)s->set_loc[s->set[i]] << 48) |
		    ((uint64_t)s->set[i] << 32) | ((uint64_t)s->dn[i] << 28) |
		    (rng_next(&r) >> 36);
		keys[nmain++].strip = (uint32_t)i;
	}
	qsort(keys, nmain, sizeof(*keys), by_key);
	for (size_t j = 0; j < nmain; j++)
		main_order[j] = keys[j].strip;
	if ((rc = add_board(s, 0, "First Pass", s->cal_id[0], &board)) != SB_OK ||
	    (rc = add_lane(s, board, 0, "stripboard", "schedule", 1, main_order,
	    nmain, &r)) != SB_OK ||
	    (rc = add_lane(s, board, 1, "boneyard", "boneyard", 0, side_order,
	    nside, &r)) != SB_OK)
		goto out;

	/* Second Pass */
	rng_seed(&r, s->opts->seed, 12);
	nmain = nside = 0;
	for (size_t i = 0; i < n; i++) {
		if (s->eighths[i] != 0 && s->set_ie[s->set[i]] == 1 &&
		    rng_chance(&r, 0.08)) {
			side_order[nside++] = (uint32_t)i;
			continue;
		}
		keys[nmain].key = ((uint64_t)s->set[i] << 40) |
		    ((uint64_t)s->dn[i] << 36) | (rng_next(&r) >> 28);
		keys[nmain++].strip = (uint32_t)i;
	}
	qsort(keys, nmain, sizeof(*keys), by_key);
	for (size_t j = 0; j < nmain; j++)
		main_order[j] = keys[j].strip;
	if ((rc = add_board(s, 1, "Second Pass", s->cal_id[1], &board)) != SB_OK ||
	    (rc = add_lane(s, board, 0, "stripboard", "schedule", 1, main_order,
	    nmain, &r)) != SB_OK ||
	    (rc = add_lane(s, board, 1, "boneyard", "boneyard", 0, NULL, 0,
	    &r)) != SB_OK ||
	    (nside > 0 && (rc = add_lane(s, board, 2, "second unit", "other", 1,
	    side_order, nside, &r)) != SB_OK))
		goto out;

	/* Script Order */
	for (size_t i = 0; i < n; i++)
		main_order[i] = (uint32_t)i;
	if ((rc = add_board(s, 2, "Script Order", 0, &board)) != SB_OK ||
	    (rc = add_lane(s, board, 0, "stripboard", "schedule", 0, main_order,
	    n, &r)) != SB_OK)
		goto out;
	rc = SB_OK;
out:
	free(keys);
	free(main_order);
	free(side_order);
	return rc;
}

static int
audit_synth(struct synth *s)
{
	struct sb_import_summary *m = s->sum;
	struct sb_buf b;
	int rc;

	sb_buf_init(&b);
	sb_buf_printf(&b, "{\"import\":{\"format\":\"synthetic\",\"file\":null,"
	    "\"seed\":%llu,\"strips\":%lld,\"categories\":%lld,\"elements\":%lld,"
	    "\"boards\":%lld,\"days\":%lld,\"calendars\":%lld,\"replaced\":%s}}",
	    (unsigned long long)s->opts->seed, (long long)m->strips,
	    (long long)m->categories, (long long)m->elements, (long long)m->boards,
	    (long long)m->days, (long long)m->calendars,
	    s->project_version > 1 ? "true" : "false");
	if (b.failed) {
		sb_buf_free(&b);
		return oom(s);
	}
	rc = sb_audit(s->ctx, s->project_id, "project", s->project_id,
	    s->project_version - 1, s->project_version, sb_buf_str(&b));
	sb_buf_free(&b);
	return rc;
}

static int
generate(struct synth *s)
{
	int64_t n = s->nstrips;
	int rc;

	/* The sizes of things grow with the production, within real limits. */
	s->nsets = clamp(n / 12, 8, 400);
	s->nlocs = clamp((int64_t)s->nsets / 3, 4, 150);
	s->nscript_days = clamp(n / 8, 1, 2000);
	s->set_loc = malloc(s->nsets * sizeof(*s->set_loc));
	s->set_ie = malloc(s->nsets);
	if (s->set_loc == NULL || s->set_ie == NULL)
		return oom(s);
	/* a Monday in 2027 to 2029, from the seed */
	s->start = sb_date_make(2027, 1, 4) + 7 * (sb_date)rng_below(&s->r, 150);
	for (size_t i = 0; i < s->nsets; i++) {
		double u = rng_unit(&s->r);

		s->set_loc[i] = (int)rng_below(&s->r, s->nlocs);
		s->set_ie[i] = u < 0.6 ? 0 : u < 0.95 ? 1 : 2;
	}
	if ((rc = project_row(s)) != SB_OK)
		return rc;
	for (size_t c = 0; c < NCATS; c++)
		if ((rc = add_category(s, c)) != SB_OK)
			return rc;
	if ((rc = add_elements(s, CAT_SET, s->nsets)) != SB_OK ||
	    (rc = add_elements(s, CAT_IE, 3)) != SB_OK ||
	    (rc = add_elements(s, CAT_DN, 6)) != SB_OK ||
	    (rc = add_elements(s, CAT_SD, s->nscript_days)) != SB_OK ||
	    (rc = add_elements(s, CAT_LOC, s->nlocs)) != SB_OK ||
	    (rc = add_elements(s, CAT_CAST, clamp(n / 8, 8, 2000))) != SB_OK)
		return rc;
	for (size_t c = CAT_FIRST_OTHER; c < NCATS; c++)
		if ((rc = add_elements(s, c, clamp(n / categories[c].pool_div, 3,
		    500))) != SB_OK)
			return rc;
	if ((rc = add_calendar(s, 0, "First Pass", s->start)) != SB_OK ||
	    (rc = add_calendar(s, 1, "Second Pass", s->start + 7)) != SB_OK)
		return rc;
	if ((rc = add_strips(s)) != SB_OK ||
	    (rc = add_boards(s)) != SB_OK)
		return rc;
	return audit_synth(s);
}

int
sb_synth(sb_ctx *ctx, const struct sb_synth_opts *opts,
    struct sb_import_summary *summary)
{
	struct synth s;
	int rc;

	memset(summary, 0, sizeof(*summary));
	if (opts->strips < 1 || opts->strips > SYNTH_MAX_STRIPS)
		return sb_err(ctx, SB_EUSAGE, "a synthetic production has 1 to %lld "
		    "strips, not %lld", (long long)SYNTH_MAX_STRIPS,
		    (long long)opts->strips);
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.opts = opts;
	s.sum = summary;
	s.nstrips = opts->strips;
	rng_seed(&s.r, opts->seed, 1);
	s.strip_id = malloc((size_t)s.nstrips * sizeof(*s.strip_id));
	s.eighths = malloc((size_t)s.nstrips);
	s.set = malloc((size_t)s.nstrips * sizeof(*s.set));
	s.dn = malloc((size_t)s.nstrips);
	if (s.strip_id == NULL || s.eighths == NULL || s.set == NULL || s.dn == NULL) {
		rc = oom(&s);
	} else if ((rc = sb_lite_exec(ctx, "PRAGMA cache_size = -262144")) == SB_OK &&
	    (rc = sb_begin(ctx)) == SB_OK) {
		/*
		 * A large cache for the one big transaction: the indexes of
		 * strip_element and placement are written in no useful order.
		 */
		rc = generate(&s);
		if (rc == SB_OK)
			rc = sb_commit(ctx);
		else
			sb_rollback(ctx);
		sb_lite_pragma(ctx, "PRAGMA cache_size = -2000");
	}
	for (size_t c = 0; c < NCATS; c++)
		zipf_free(&s.pool[c].z);
	free(s.set_loc);
	free(s.set_ie);
	free(s.strip_id);
	free(s.eighths);
	free(s.set);
	free(s.dn);
	if (rc != SB_OK)
		memset(summary, 0, sizeof(*summary));
	return rc;
}
