/*
 * fmt_sex_read.c - the .sex reader (Scheduling Export, written by Final Draft
 * and Movie Magic): the breakdown of a script, no schedule.
 *
 * The file is little-endian binary:
 *
 *	"SSI*" NUL
 *	records: "#\0\0\0", u16 length (of type and payload), u16 type, payload
 *
 *	type 0	the category names, each NUL-terminated; index = category number
 *	type 1	a scene: a counter byte, then "startPage\tscene\tslug line\t" NUL
 *	type 2	an element: u16 scene (from 1), u8 category index, text NUL
 *	type 3	a length: u16 scene (from 1), u16 whole pages, u16 eighths (0-7)
 *
 * Texts are 8-bit in an unknown code page; they are read as Windows-1252
 * and converted to UTF-8.  The five bytes Windows-1252 leaves undefined
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D) are refused as bad input: a file holding
 * them is not Windows-1252 and guessing would put wrong letters into names.
 *
 * The whole file is checked first (every record inside the file, every
 * string terminated), then scenes and categories are read, then elements
 * and lengths, so those may come in any order.  Every named category
 * joins the production, in file order, whether an element uses it or not.  Scenes land, in file order,
 * in the boneyard of one board, "Script Order" (SB_SCRIPT_BOARD).  A scene
 * with an empty slug line and no length is an omitted scene: kept, marked.
 */
#include <config.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fmt_priv.h"

/* The most a .sex file is read: u16 scene numbers keep them small. */
#define SEX_MAX ((size_t)64 << 20)

struct sex_rec {
	size_t no;                 /* from 1 */
	size_t off;                /* the byte offset of its "#" */
	unsigned type;
	const unsigned char *pl;   /* the payload, after the type */
	size_t plen;
};

struct sex_scene {
	size_t strip;
	size_t rec_no;             /* the record of its header */
	int empty_slug;
	size_t length_rec;         /* the record of its length; 0: none */
};

struct sex {
	struct sb_import *imp;
	struct sb_prod *p;
	const unsigned char *data;
	size_t len;
	char **cats;               /* the category names, UTF-8 */
	size_t ncats;
	size_t *catidx;            /* the production's category of each */
	size_t cat_rec;            /* the record that named them; 0: none */
	struct sex_scene *scenes;
	size_t nscenes, capscenes;
};

static int
vbad(struct sex *x, const struct sex_rec *r, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (r == NULL)
		return sb_err(x->imp->ctx, SB_EDATA, "%s: %s", x->imp->in->name, msg);
	return sb_err(x->imp->ctx, SB_EDATA, "%s: record %zu (byte %zu): %s",
	    x->imp->in->name, r->no, r->off, msg);
}

static int bad(struct sex *x, const struct sex_rec *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(struct sex *x, const struct sex_rec *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vbad(x, r, fmt, ap);
	va_end(ap);
	return rc;
}

static int
oom(struct sex *x)
{
	return sb_err(x->imp->ctx, SB_EFAIL, "%s: out of memory", x->imp->in->name);
}

static unsigned
u16(const unsigned char *b)
{
	return (unsigned)b[0] | (unsigned)b[1] << 8;
}

/* Windows-1252 0x80-0x9F; 0: undefined. */
static const unsigned short cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/*
 * Convert n bytes of Windows-1252 at s (no NUL among them) into a new
 * UTF-8 string in *out.  SB_EDATA (message naming the byte) for a byte
 * Windows-1252 does not define.
 */
static int
cp1252(struct sex *x, const struct sex_rec *r, const unsigned char *s, size_t n,
    char **out)
{
	char *u, *q;

	*out = NULL;
	if (n > (SIZE_MAX - 1) / 3)
		return oom(x);
	if ((u = malloc(n * 3 + 1)) == NULL)
		return oom(x);
	q = u;
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];

		if (c >= 0x80 && c < 0xA0) {
			c = cp1252_c1[c - 0x80];
			if (c == 0) {
				free(u);
				return bad(x, r, "byte 0x%02X at byte %zu is not a "
				    "Windows-1252 character (is the file in "
				    "another encoding?)", s[i],
				    (size_t)(s + i - x->data));
			}
		}
		if (c < 0x80) {
			*q++ = (char)c;
		} else if (c < 0x800) {
			*q++ = (char)(0xC0 | c >> 6);
			*q++ = (char)(0x80 | (c & 0x3F));
		} else {
			*q++ = (char)(0xE0 | c >> 12);
			*q++ = (char)(0x80 | ((c >> 6) & 0x3F));
			*q++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*q = '\0';
	*out = u;
	return SB_OK;
}

/* The NUL-terminated string at the start of b[0..n): its length, or SIZE_MAX if none. */
static size_t
strlen_in(const unsigned char *b, size_t n)
{
	const unsigned char *z = memchr(b, '\0', n);

	return z != NULL ? (size_t)(z - b) : SIZE_MAX;
}

/*
 * The record at *pos into *r, advancing *pos: 1, or 0 at the end of the
 * file, or SB_EDATA for a record that does not fit.
 */
static int
next_record(struct sex *x, size_t *pos, size_t no, struct sex_rec *r)
{
	size_t at = *pos, left = x->len - at, rlen;

	if (left == 0)
		return 0;
	r->no = no;
	r->off = at;
	if (left < 4)
		return bad(x, r, "expected a record marker \"#\\0\\0\\0\", but "
		    "the file ends %zu byte%s later", left, left == 1 ? "" : "s");
	if (memcmp(x->data + at, "#\0\0\0", 4) != 0)
		return bad(x, r, "expected a record marker \"#\\0\\0\\0\"");
	if (left < 8)
		return bad(x, r, "the record header runs past the end of the file "
		    "(%zu bytes)", x->len);
	rlen = u16(x->data + at + 4);
	if (rlen < 2)
		return bad(x, r, "record length %zu is too short for its type", rlen);
	if (rlen > left - 6)
		return bad(x, r, "record length %zu runs past the end of the file "
		    "(%zu bytes)", rlen, x->len);
	r->type = u16(x->data + at + 6);
	r->pl = x->data + at + 8;
	r->plen = rlen - 2;
	*pos = at + 6 + rlen;
	return 1;
}

/* Type 0: the category names. */
static int
read_categories(struct sex *x, const struct sex_rec *r)
{
	size_t n = 0, i = 0;

	if (x->cat_rec != 0)
		return bad(x, r, "a second list of category names (the first is "
		    "record %zu)", x->cat_rec);
	if (r->plen > 0 && r->pl[r->plen - 1] != '\0')
		return bad(x, r, "the category names do not end with a NUL");
	for (size_t k = 0; k < r->plen; k++)
		n += r->pl[k] == '\0';
	x->cat_rec = r->no;
	if (n == 0)
		return SB_OK;
	if ((x->cats = calloc(n, sizeof(*x->cats))) == NULL ||
	    (x->catidx = calloc(n, sizeof(*x->catidx))) == NULL)
		return oom(x);
	x->ncats = n;
	for (size_t k = 0; k < n; k++) {
		size_t l = strlen_in(r->pl + i, r->plen - i);
		int rc;

		if ((rc = cp1252(x, r, r->pl + i, l, &x->cats[k])) != SB_OK)
			return rc;
		i += l + 1;
		/* every named category joins, used or not, in file order */
		if (x->cats[k][0] != '\0') {
			size_t idx;

			if ((rc = sb_prod_category(x->p, x->cats[k], -1, &idx)) != SB_OK)
				return rc;
			x->catidx[k] = idx + 1;
		}
	}
	return SB_OK;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	*e = '\0';
	return s;
}

/* Type 1: a scene header. */
static int
read_scene(struct sex *x, const struct sex_rec *r)
{
	struct sb_prod *p = x->p;
	struct sex_scene *sc;
	char *text = NULL, *f[3], *t, norm[256];
	size_t l, s;
	int rc;

	if (r->plen < 2)
		return bad(x, r, "a scene header needs a counter byte and a text");
	if ((l = strlen_in(r->pl + 1, r->plen - 1)) == SIZE_MAX)
		return bad(x, r, "the scene header's text does not end with a NUL");
	if (x->nscenes >= 65535)
		return bad(x, r, "more than 65535 scenes");
	if ((rc = cp1252(x, r, r->pl + 1, l, &text)) != SB_OK)
		return rc;
	/* "startPage\tscene\tslug line\t": three fields, the last tab optional */
	t = text;
	for (int k = 0; k < 3; k++) {
		char *tab = strchr(t, '\t');

		f[k] = t;
		if (tab != NULL) {
			*tab = '\0';
			t = tab + 1;
		} else if (k < 2) {
			free(text);
			return bad(x, r, "a scene header is \"page<TAB>scene"
			    "<TAB>slug line<TAB>\"; this one has %d tab%s", k,
			    k == 1 ? "" : "s");
		} else {
			t += strlen(t);
		}
	}
	if (x->nscenes == x->capscenes) {
		size_t ncap = x->capscenes ? x->capscenes * 2 : 64;
		void *q = realloc(x->scenes, ncap * sizeof(*x->scenes));

		if (q == NULL) {
			free(text);
			return oom(x);
		}
		x->scenes = q;
		x->capscenes = ncap;
	}
	if ((rc = sb_prod_strip_new(p, &s)) != SB_OK) {
		free(text);
		return rc;
	}
	sc = &x->scenes[x->nscenes++];
	memset(sc, 0, sizeof(*sc));
	sc->strip = s;
	sc->rec_no = r->no;
	f[0] = trim(f[0]);
	f[1] = trim(f[1]);
	f[2] = trim(f[2]);
	sb_scene_normalize(f[1], norm, sizeof(norm));
	if (strlen(f[1]) >= sizeof(norm)) {
		free(text);
		return bad(x, r, "scene number longer than %zu bytes", sizeof(norm) - 1);
	}
	rc = SB_OK;
	if (norm[0] != '\0')
		rc = sb_prod_text(p, &p->strips[s].scene, norm);
	if (rc == SB_OK && f[0][0] != '\0')
		rc = sb_prod_text(p, &p->strips[s].script_page, f[0]);
	sc->empty_slug = f[2][0] == '\0';
	if (rc == SB_OK)
		rc = sb_prod_slug(p, s, f[2]);
	free(text);
	return rc;
}

/* The scene a record names (u16 from 1) as an index into x->scenes. */
static int
scene_of(struct sex *x, const struct sex_rec *r, const char *what, size_t *sc)
{
	unsigned n = u16(r->pl);

	if (n == 0)
		return bad(x, r, "%s for scene 0 (scenes count from 1)", what);
	if (n > x->nscenes)
		return bad(x, r, "%s for scene %u, but there %s %zu scene%s", what, n,
		    x->nscenes == 1 ? "is" : "are", x->nscenes,
		    x->nscenes == 1 ? "" : "s");
	*sc = n - 1;
	return SB_OK;
}

/* Type 2: an element of a scene. */
static int
read_element(struct sex *x, const struct sex_rec *r)
{
	struct sb_prod *p = x->p;
	size_t sc, l, el;
	unsigned c;
	char *text = NULL, *name;
	int rc;

	if (r->plen < 4)
		return bad(x, r, "an element needs a scene, a category and a text "
		    "(%zu bytes)", r->plen);
	if ((rc = scene_of(x, r, "element", &sc)) != SB_OK)
		return rc;
	c = r->pl[2];
	if (c >= x->ncats)
		return bad(x, r, "element of category %u, but there %s %zu "
		    "category name%s", c, x->ncats == 1 ? "is" : "are", x->ncats,
		    x->ncats == 1 ? "" : "s");
	if (x->cats[c][0] == '\0')
		return bad(x, r, "element of category %u, which has no name", c);
	if ((l = strlen_in(r->pl + 3, r->plen - 3)) == SIZE_MAX)
		return bad(x, r, "the element's text does not end with a NUL");
	if ((rc = cp1252(x, r, r->pl + 3, l, &text)) != SB_OK)
		return rc;
	name = trim(text);
	if (name[0] == '\0') {
		sb_import_warn(x->imp, "record %zu (byte %zu): an element with no "
		    "text, skipped", r->no, r->off);
		free(text);
		return SB_OK;
	}
	rc = sb_prod_element(p, x->catidx[c] - 1, name, &el);
	if (rc == SB_OK)
		rc = sb_prod_link(p, x->scenes[sc].strip, el);
	free(text);
	return rc;
}

/* Type 3: the length of a scene. */
static int
read_length(struct sex *x, const struct sex_rec *r)
{
	struct sb_prod_strip *st;
	struct sex_scene *s;
	size_t sc;
	unsigned pages, eighths;
	int64_t e;
	int rc;

	if (r->plen < 6)
		return bad(x, r, "a length needs a scene, pages and eighths "
		    "(%zu bytes)", r->plen);
	if ((rc = scene_of(x, r, "length", &sc)) != SB_OK)
		return rc;
	s = &x->scenes[sc];
	if (s->length_rec != 0)
		return bad(x, r, "a second length for scene %zu (the first is "
		    "record %zu)", sc + 1, s->length_rec);
	pages = u16(r->pl + 2);
	eighths = u16(r->pl + 4);
	if (eighths > 7)
		return bad(x, r, "%u eighths: expected 0 to 7", eighths);
	e = (int64_t)pages * 8 + eighths;
	if (e > SB_EIGHTHS_MAX)
		return bad(x, r, "%u %u/8 pages is more than a scene can have",
		    pages, eighths);
	s->length_rec = r->no;
	st = &x->p->strips[s->strip];
	st->eighths = e;
	st->have_eighths = 1;
	return SB_OK;
}

static int
parse(struct sex *x)
{
	struct sb_prod *p = x->p;
	struct sex_rec r;
	size_t pos, no, b, seen = 0;
	int rc;

	if (x->len < 5 || memcmp(x->data, "SSI*", 4) != 0 || x->data[4] != '\0')
		return bad(x, NULL, "byte 0: not a Scheduling Export file "
		    "(expected \"SSI*\" and a NUL)");
	/* The records: check them all, reading categories and scenes. */
	for (pos = 5, no = 1; (rc = next_record(x, &pos, no, &r)) == 1; no++) {
		if (r.type == 0)
			rc = read_categories(x, &r);
		else if (r.type == 1)
			rc = read_scene(x, &r);
		else if (r.type == 2 || r.type == 3)
			rc = SB_OK;
		else {
			sb_import_warn(x->imp, "record %zu (byte %zu): unknown "
			    "record type %u, skipped", r.no, r.off, r.type);
			rc = SB_OK;
		}
		if (rc != SB_OK)
			return rc;
	}
	if (rc < 0)
		return rc;
	/* Then what names them: elements and lengths. */
	for (pos = 5, no = 1; next_record(x, &pos, no, &r) == 1; no++) {
		if (r.type == 2)
			rc = read_element(x, &r);
		else if (r.type == 3)
			rc = read_length(x, &r);
		if (rc != SB_OK)
			return rc;
	}
	if ((rc = sb_prod_board_new(p, SB_SCRIPT_BOARD, &b)) != SB_OK)
		return rc;
	for (size_t i = 0; i < x->nscenes; i++) {
		struct sb_prod_strip *st = &p->strips[x->scenes[i].strip];

		if (x->scenes[i].empty_slug && st->eighths == 0)
			st->omitted = 1;
		if (st->scene == NULL)
			sb_import_warn(x->imp, "record %zu: scene %zu has no scene "
			    "number", x->scenes[i].rec_no, i + 1);
		if ((rc = sb_prod_list_add(p, &p->boards[b].boneyard,
		    x->scenes[i].strip)) != SB_OK)
			return rc;
		seen++;
	}
	if (seen == 0)
		sb_import_warn(x->imp, "no scenes");
	return sb_prod_warn_repeats(x->imp, p);
}

/* The magic of a Scheduling Export. */
int
sb_sex_detect(sb_ctx *ctx, const struct sb_input *in)
{
	(void)ctx;
	return in->head_len >= 4 && memcmp(in->head, "SSI*", 4) == 0 ?
	    FMT_SURE : FMT_NO;
}

int
sb_sex_parse(struct sb_import *imp, struct sb_prod *p)
{
	struct sex x;
	char *data;
	size_t len;
	int rc;

	if ((rc = sb_input_slurp(imp->ctx, imp->in, SEX_MAX, &data, &len)) != SB_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	x.imp = imp;
	x.p = p;
	x.data = (const unsigned char *)data;
	x.len = len;
	rc = parse(&x);
	for (size_t i = 0; i < x.ncats; i++)
		free(x.cats[i]);
	free(x.cats);
	free(x.catidx);
	free(x.scenes);
	free(data);
	return rc;
}
