/*
 * fmt_fdx_read.c - the .fdx reader (Final Draft): the script, its scene
 * headings and the breakdown tags on its words.
 *
 *	FinalDraft
 *	  Content/Paragraph[@Type="Scene Heading", @Number]
 *	    SceneProperties[@Length="1 3/8", @Page]
 *	    Text ...                  the slug line; a Text may carry @TagNumber
 *	  Content/Paragraph/Text[@TagNumber]   a tagged word of the scene above
 *	  TagData
 *	    TagCategories/TagCategory[@Id, @Name]
 *	    TagDefinitions/TagDefinition[@Id, @CatId, @Label]
 *	    Tags/Tag[@Number]/DefId
 *	  TitlePage/Content/Paragraph/Text     the title: the first non-empty one
 *
 * A tagged word is the element TagDefinition@Label (the word itself when the
 * label is empty) of the category its definition names; categories join
 * the production when a tag uses them.  Dangling ids (a TagNumber naming no
 * Tag, a DefId naming no TagDefinition, a CatId naming no TagCategory) and
 * ids given twice are bad input.
 *
 * A scene heading whose text is "OMITTED", or that has an Omitted attribute
 * of "Yes"/"True"/"1", is an omitted scene: kept, marked (with the slug
 * line it still has, if any).  A heading with no
 * Number is numbered by its place among the headings, with a warning.
 * Scenes land, in script order, in the boneyard of one board, "Script
 * Order" (SB_SCRIPT_BOARD).
 *
 * The XML is parsed by libxml2 from memory with XML_PARSE_NONET (and
 * XML_PARSE_BIG_LINES, for line numbers past 65535): no entity is
 * substituted, no DTD loaded, nothing fetched.  A document with a DOCTYPE
 * is refused outright (Final Draft writes none): the SAX internalSubset
 * callback stops the parser before the DTD's first declaration is read, so
 * external entities and billion-laughs are refused, never expanded.
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "dl_priv.h"

#include "fmt_priv.h"

struct fdx_cat {
	char *id, *name;
	long line;
	size_t cat;          /* the production's category + 1; 0: not yet */
};

struct fdx_def {
	char *id, *label, *catid;
	long line;
	struct fdx_cat *c;
};

struct fdx_tag {
	long number;
	char *defid;
	long line;
	struct fdx_def *d;
};

struct fdx {
	struct sb_import *imp;
	struct sb_prod *p;
	struct fdx_cat *cats;
	size_t ncats;
	struct fdx_def *defs;
	size_t ndefs;
	struct fdx_tag *tags;
	size_t ntags;
	size_t board;
	long strip;          /* the scene being read; -1: none yet */
	size_t nheadings;
	int warned_number, warned_early;
};

/* What the parser callbacks leave. */
struct fdx_parse {
	int doctype;
	long doctype_line;
	int have_error;
	long error_line;
	char error[256];
	char generic[256];   /* the first message libxml2 had no context for */
	int generic_done;
};

static int bad(struct fdx *f, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(struct fdx *f, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		return sb_err(f->imp->ctx, SB_EDATA, "%s: line %ld: %s",
		    f->imp->in->name, line, msg);
	return sb_err(f->imp->ctx, SB_EDATA, "%s: %s", f->imp->in->name, msg);
}

static int
oom(struct fdx *f)
{
	return sb_err(f->imp->ctx, SB_EFAIL, "%s: out of memory", f->imp->in->name);
}

static int
is_el(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static long
line_of(const xmlNode *n)
{
	return xmlGetLineNo((xmlNode *)n);
}

/* The attribute name of n in *out (xmlFree it), NULL if it has none. */
static int
prop(struct fdx *f, const xmlNode *n, const char *name, char **out)
{
	*out = NULL;
	if (xmlHasProp((xmlNode *)n, BAD_CAST name) == NULL)
		return SB_OK;
	if ((*out = (char *)xmlGetProp((xmlNode *)n, BAD_CAST name)) == NULL)
		return oom(f);
	return SB_OK;
}

/* The text content of n in *out (xmlFree it). */
static int
content(struct fdx *f, const xmlNode *n, char **out)
{
	if ((*out = (char *)xmlNodeGetContent((xmlNode *)n)) == NULL)
		return oom(f);
	return SB_OK;
}

/* Trim white space in place; returns the start. */
static char *
trim(char *s)
{
	char *e;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*e = '\0';
	return s;
}

/*
 * The tag tables
 */

static int
grow(struct fdx *f, void **arr, size_t n, size_t sz)
{
	void *q;

	/* grow at powers of two */
	if (n != 0 && (n & (n - 1)) != 0)
		return SB_OK;
	if (n > SIZE_MAX / 2 / sz)
		return oom(f);
	if ((q = realloc(*arr, (n ? n * 2 : 16) * sz)) == NULL)
		return oom(f);
	*arr = q;
	return SB_OK;
}

static int
read_category(struct fdx *f, const xmlNode *n)
{
	struct fdx_cat *c;
	int rc;

	if ((rc = grow(f, (void **)&f->cats, f->ncats, sizeof(*f->cats))) != SB_OK)
		return rc;
	c = &f->cats[f->ncats++];
	memset(c, 0, sizeof(*c));
	c->line = line_of(n);
	if ((rc = prop(f, n, "Id", &c->id)) != SB_OK ||
	    (rc = prop(f, n, "Name", &c->name)) != SB_OK)
		return rc;
	if (c->id == NULL || c->id[0] == '\0')
		return bad(f, c->line, "TagCategory has no Id");
	if (c->name == NULL || trim(c->name)[0] == '\0')
		return bad(f, c->line, "TagCategory %s has no Name", c->id);
	return SB_OK;
}

static int
read_definition(struct fdx *f, const xmlNode *n)
{
	struct fdx_def *d;
	int rc;

	if ((rc = grow(f, (void **)&f->defs, f->ndefs, sizeof(*f->defs))) != SB_OK)
		return rc;
	d = &f->defs[f->ndefs++];
	memset(d, 0, sizeof(*d));
	d->line = line_of(n);
	if ((rc = prop(f, n, "Id", &d->id)) != SB_OK ||
	    (rc = prop(f, n, "CatId", &d->catid)) != SB_OK ||
	    (rc = prop(f, n, "Label", &d->label)) != SB_OK)
		return rc;
	if (d->id == NULL || d->id[0] == '\0')
		return bad(f, d->line, "TagDefinition has no Id");
	if (d->catid == NULL)
		return bad(f, d->line, "TagDefinition %s has no CatId", d->id);
	return SB_OK;
}

/* A decimal number, all of s; 0 if not one. */
static int
number(const char *s, long *out)
{
	char *end;
	long v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return 0;
	*out = v;
	return 1;
}

static int
read_tag(struct fdx *f, const xmlNode *n)
{
	struct fdx_tag *t;
	char *num;
	int rc, ok;

	if ((rc = grow(f, (void **)&f->tags, f->ntags, sizeof(*f->tags))) != SB_OK)
		return rc;
	t = &f->tags[f->ntags++];
	memset(t, 0, sizeof(*t));
	t->line = line_of(n);
	if ((rc = prop(f, n, "Number", &num)) != SB_OK)
		return rc;
	ok = number(num, &t->number);
	if (!ok) {
		rc = bad(f, t->line, "Tag Number \"%.40s\" is not a number",
		    num != NULL ? num : "");
		xmlFree(num);
		return rc;
	}
	xmlFree(num);
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (is_el(c, "DefId")) {
			if (t->defid != NULL)
				return bad(f, line_of(c), "Tag %ld: a second DefId",
				    t->number);
			if ((rc = content(f, c, &t->defid)) != SB_OK)
				return rc;
		}
	if (t->defid == NULL)
		return bad(f, t->line, "Tag %ld has no DefId", t->number);
	return SB_OK;
}

static int
cmp_cat(const void *a, const void *b)
{
	return strcmp(((const struct fdx_cat *)a)->id, ((const struct fdx_cat *)b)->id);
}

static int
cmp_def(const void *a, const void *b)
{
	return strcmp(((const struct fdx_def *)a)->id, ((const struct fdx_def *)b)->id);
}

static int
cmp_tag(const void *a, const void *b)
{
	long x = ((const struct fdx_tag *)a)->number, y = ((const struct fdx_tag *)b)->number;

	return x < y ? -1 : x > y;
}

static long
later(long a, long b)
{
	return a > b ? a : b;
}

/* TagData: read the three tables, then check every id they name. */
static int
read_tagdata(struct fdx *f, const xmlNode *td)
{
	int rc;

	for (const xmlNode *sec = td->children; sec != NULL; sec = sec->next) {
		const char *want;
		int (*fn)(struct fdx *, const xmlNode *);

		if (is_el(sec, "TagCategories")) {
			want = "TagCategory";
			fn = read_category;
		} else if (is_el(sec, "TagDefinitions")) {
			want = "TagDefinition";
			fn = read_definition;
		} else if (is_el(sec, "Tags")) {
			want = "Tag";
			fn = read_tag;
		} else {
			continue;
		}
		for (const xmlNode *n = sec->children; n != NULL; n = n->next)
			if (is_el(n, want) && (rc = fn(f, n)) != SB_OK)
				return rc;
	}
	if (f->ncats > 0)
		qsort(f->cats, f->ncats, sizeof(*f->cats), cmp_cat);
	if (f->ndefs > 0)
		qsort(f->defs, f->ndefs, sizeof(*f->defs), cmp_def);
	if (f->ntags > 0)
		qsort(f->tags, f->ntags, sizeof(*f->tags), cmp_tag);
	for (size_t i = 1; i < f->ncats; i++)
		if (strcmp(f->cats[i - 1].id, f->cats[i].id) == 0)
			return bad(f, later(f->cats[i - 1].line, f->cats[i].line),
			    "TagCategory Id %s given twice", f->cats[i].id);
	for (size_t i = 1; i < f->ndefs; i++)
		if (strcmp(f->defs[i - 1].id, f->defs[i].id) == 0)
			return bad(f, later(f->defs[i - 1].line, f->defs[i].line),
			    "TagDefinition Id %s given twice", f->defs[i].id);
	for (size_t i = 1; i < f->ntags; i++)
		if (f->tags[i - 1].number == f->tags[i].number)
			return bad(f, later(f->tags[i - 1].line, f->tags[i].line),
			    "Tag %ld given twice", f->tags[i].number);
	for (size_t i = 0; i < f->ndefs; i++) {
		struct fdx_def *d = &f->defs[i];
		struct fdx_cat key;

		key.id = d->catid;
		d->c = f->ncats == 0 ? NULL :
		    bsearch(&key, f->cats, f->ncats, sizeof(*f->cats), cmp_cat);
		if (d->c == NULL)
			return bad(f, d->line, "TagDefinition %s: CatId %s names no "
			    "TagCategory", d->id, d->catid);
	}
	for (size_t i = 0; i < f->ntags; i++) {
		struct fdx_tag *t = &f->tags[i];
		struct fdx_def key;
		char *id = trim(t->defid);

		key.id = id;
		t->d = f->ndefs == 0 ? NULL :
		    bsearch(&key, f->defs, f->ndefs, sizeof(*f->defs), cmp_def);
		if (t->d == NULL)
			return bad(f, t->line, "Tag %ld: DefId %s names no "
			    "TagDefinition", t->number, id);
	}
	return SB_OK;
}

/*
 * The script
 */

/* The text of n's Text children, trimmed, in *out (free it). */
static int
para_text(struct fdx *f, const xmlNode *n, char **out)
{
	struct sb_buf b;
	char *t, *s;
	int rc;

	*out = NULL;
	sb_buf_init(&b);
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (!is_el(c, "Text"))
			continue;
		if ((rc = content(f, c, &t)) != SB_OK) {
			sb_buf_free(&b);
			return rc;
		}
		sb_buf_puts(&b, t);
		xmlFree(t);
	}
	if (b.failed) {
		sb_buf_free(&b);
		return oom(f);
	}
	/* sb_buf_str() of an empty buffer is a constant: trim a copy */
	s = sb_strdup(sb_buf_str(&b));
	sb_buf_free(&b);
	if (s == NULL)
		return oom(f);
	t = trim(s);
	memmove(s, t, strlen(t) + 1);
	if (strlen(s) > SB_MAX_FIELD) {
		free(s);
		return bad(f, line_of(n), "a paragraph of more than %d bytes",
		    SB_MAX_FIELD);
	}
	*out = s;
	return SB_OK;
}

static int
yes(const char *s)
{
	return s != NULL && (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 ||
	    strcmp(s, "1") == 0);
}

static int
is_omitted_text(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == '*'))
		n--;
	return n == 7 && strncasecmp(s, "OMITTED", 7) == 0;
}

static int
scene_heading(struct fdx *f, const xmlNode *n)
{
	struct sb_prod *p = f->p;
	char *num = NULL, *om = NULL, *len = NULL, *page = NULL, *text = NULL;
	char norm[256], ord[32];
	const char *scene;
	long line = line_of(n);
	size_t s;
	int rc;

	f->nheadings++;
	if ((rc = sb_prod_strip_new(p, &s)) != SB_OK)
		return rc;
	f->strip = (long)s;
	if ((rc = prop(f, n, "Number", &num)) != SB_OK ||
	    (rc = prop(f, n, "Omitted", &om)) != SB_OK ||
	    (rc = para_text(f, n, &text)) != SB_OK)
		goto out;
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		if (is_el(c, "SceneProperties")) {
			xmlFree(len);
			xmlFree(page);
			len = page = NULL;
			if ((rc = prop(f, c, "Length", &len)) != SB_OK ||
			    (rc = prop(f, c, "Page", &page)) != SB_OK)
				goto out;
		}
	scene = num != NULL ? trim(num) : "";
	if (scene[0] == '\0') {
		if (!f->warned_number) {
			sb_import_warn(f->imp, "line %ld: a scene heading with no "
			    "scene number; such scenes are numbered by their place "
			    "among the headings", line);
			f->warned_number = 1;
		}
		snprintf(ord, sizeof(ord), "%zu", f->nheadings);
		scene = ord;
	}
	if (strlen(scene) >= sizeof(norm)) {
		rc = bad(f, line, "scene number longer than %zu bytes", sizeof(norm) - 1);
		goto out;
	}
	sb_scene_normalize(scene, norm, sizeof(norm));
	if ((rc = sb_prod_text(p, &p->strips[s].scene, norm)) != SB_OK)
		goto out;
	if (len != NULL && trim(len)[0] != '\0') {
		int64_t e;

		if (sb_eighths_parse(len, &e) != SB_OK) {
			rc = bad(f, line, "scene %s: Length \"%.40s\" is not a page "
			    "count", norm, len);
			goto out;
		}
		p->strips[s].eighths = e;
		p->strips[s].have_eighths = 1;
	}
	if (page != NULL && trim(page)[0] != '\0' &&
	    (rc = sb_prod_text(p, &p->strips[s].script_page, trim(page))) != SB_OK)
		goto out;
	if (yes(om) || is_omitted_text(text))
		p->strips[s].omitted = 1;
	if (!is_omitted_text(text) && (rc = sb_prod_slug(p, s, text)) != SB_OK)
		goto out;
	rc = sb_prod_list_add(p, &p->boards[f->board].boneyard, s);
out:
	xmlFree(num);
	xmlFree(om);
	xmlFree(len);
	xmlFree(page);
	free(text);
	return rc;
}

/* A Text with a TagNumber: link its element to the scene. */
static int
tagged(struct fdx *f, const xmlNode *n)
{
	struct sb_prod *p = f->p;
	struct fdx_tag key, *t;
	struct fdx_def *d;
	char *num = NULL, *word = NULL, *name;
	long line = line_of(n);
	size_t el;
	int rc;

	if ((rc = prop(f, n, "TagNumber", &num)) != SB_OK)
		return rc;
	if (!number(trim(num), &key.number)) {
		rc = bad(f, line, "TagNumber \"%.40s\" is not a number", num);
		xmlFree(num);
		return rc;
	}
	xmlFree(num);
	t = f->ntags == 0 ? NULL :
	    bsearch(&key, f->tags, f->ntags, sizeof(*f->tags), cmp_tag);
	if (t == NULL)
		return bad(f, line, "TagNumber %ld names no Tag", key.number);
	if (f->strip < 0) {
		if (!f->warned_early)
			sb_import_warn(f->imp, "line %ld: a tagged word before the "
			    "first scene heading belongs to no scene; skipped", line);
		f->warned_early = 1;
		return SB_OK;
	}
	d = t->d;
	name = d->label != NULL ? trim(d->label) : NULL;
	if (name == NULL || name[0] == '\0') {
		if ((rc = content(f, n, &word)) != SB_OK)
			return rc;
		name = trim(word);
	}
	if (strlen(name) > SB_MAX_FIELD) {
		xmlFree(word);
		return bad(f, line, "Tag %ld: a name of more than %d bytes",
		    t->number, SB_MAX_FIELD);
	}
	if (name[0] == '\0') {
		sb_import_warn(f->imp, "line %ld: Tag %ld has no label and tags "
		    "no text; skipped", line, t->number);
		xmlFree(word);
		return SB_OK;
	}
	if (d->c->cat == 0) {
		size_t k;

		if ((rc = sb_prod_category(p, d->c->name, -1, &k)) != SB_OK) {
			xmlFree(word);
			return rc;
		}
		d->c->cat = k + 1;
	}
	rc = sb_prod_element(p, d->c->cat - 1, name, &el);
	if (rc == SB_OK)
		rc = sb_prod_link(p, (size_t)f->strip, el);
	xmlFree(word);
	return rc;
}

/* Walk the script's Content in document order. */
static int
read_content(struct fdx *f, const xmlNode *content)
{
	const xmlNode *n = content->children;
	int rc;

	while (n != NULL) {
		int descend = n->type == XML_ELEMENT_NODE;

		if (is_el(n, "Paragraph")) {
			char *type = NULL;

			if ((rc = prop(f, n, "Type", &type)) != SB_OK)
				return rc;
			if (type != NULL && strcmp(type, "Scene Heading") == 0)
				rc = scene_heading(f, n);
			xmlFree(type);
			if (rc != SB_OK)
				return rc;
		} else if (is_el(n, "Text") &&
		    xmlHasProp((xmlNode *)n, BAD_CAST "TagNumber") != NULL) {
			if ((rc = tagged(f, n)) != SB_OK)
				return rc;
		} else if (is_el(n, "SceneProperties")) {
			descend = 0; /* its summary and arc beats are not the script */
		}
		if (descend && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != content && n->next == NULL)
			n = n->parent;
		if (n == content)
			break;
		n = n->next;
	}
	return SB_OK;
}

static int
read_title(struct fdx *f, const xmlNode *tp)
{
	int rc;

	for (const xmlNode *c = tp->children; c != NULL; c = c->next) {
		if (!is_el(c, "Content"))
			continue;
		for (const xmlNode *n = c->children; n != NULL; n = n->next) {
			char *text;

			if (!is_el(n, "Paragraph"))
				continue;
			if ((rc = para_text(f, n, &text)) != SB_OK)
				return rc;
			if (text[0] != '\0') {
				rc = sb_prod_text(f->p, &f->p->name, text);
				if (rc == SB_OK)
					rc = sb_prod_text(f->p, &f->p->title, text);
				free(text);
				return rc;
			}
			free(text);
		}
	}
	return SB_OK;
}

static int
read_doc(struct fdx *f, const xmlDoc *doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *content = NULL,
	    *tagdata = NULL, *title = NULL;
	int rc;

	if (root == NULL)
		return bad(f, 0, "no root element");
	if (!is_el(root, "FinalDraft"))
		return bad(f, line_of(root), "the root element is %.40s, not FinalDraft",
		    (const char *)root->name);
	for (const xmlNode *c = root->children; c != NULL; c = c->next) {
		const xmlNode **slot = is_el(c, "Content") ? &content :
		    is_el(c, "TagData") ? &tagdata : is_el(c, "TitlePage") ? &title :
		    NULL;

		if (slot == NULL)
			continue;
		if (*slot != NULL)
			return bad(f, line_of(c), "a second %s", (const char *)c->name);
		*slot = c;
	}
	if (content == NULL)
		return bad(f, line_of(root), "FinalDraft has no Content");
	if (tagdata != NULL && (rc = read_tagdata(f, tagdata)) != SB_OK)
		return rc;
	if (title != NULL && (rc = read_title(f, title)) != SB_OK)
		return rc;
	if ((rc = sb_prod_board_new(f->p, SB_SCRIPT_BOARD, &f->board)) != SB_OK)
		return rc;
	if ((rc = read_content(f, content)) != SB_OK)
		return rc;
	if (f->nheadings == 0)
		sb_import_warn(f->imp, "no scene headings");
	return sb_prod_warn_repeats(f->imp, f->p);
}

/*
 * Parsing
 */

/* SAX: a DOCTYPE.  Stop before its internal subset is read. */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct fdx_parse *st = ctxt->_private;

	(void)name;
	(void)ext;
	(void)sys;
	if (!st->doctype) {
		st->doctype = 1;
		st->doctype_line = ctxt->input != NULL ? ctxt->input->line : 0;
	}
	xmlStopParser(ctxt);
}

/* Errors: keep the first, print none. */
static void
on_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct fdx_parse *st;
	size_t n;

	if (ctxt == NULL || err == NULL || (st = ctxt->_private) == NULL)
		return;
	if (st->have_error || err->level < XML_ERR_ERROR)
		return;
	st->have_error = 1;
	st->error_line = err->line;
	snprintf(st->error, sizeof(st->error), "%s",
	    err->message != NULL ? err->message : "not well-formed XML");
	n = strcspn(st->error, "\r\n");
	st->error[n] = '\0';
	while (n > 0 && (st->error[n - 1] == ' ' || st->error[n - 1] == '!'))
		st->error[--n] = '\0';
}

/*
 * Messages without a parser context (the encoding converters): keep the
 * first, print none.  They come in pieces, the first line is the message.
 */
static void on_generic(void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
on_generic(void *ctx, const char *fmt, ...)
{
	struct fdx_parse *st = ctx;
	size_t n;
	va_list ap;

	if (st == NULL || st->generic_done)
		return;
	n = strlen(st->generic);
	va_start(ap, fmt);
	vsnprintf(st->generic + n, sizeof(st->generic) - n, fmt, ap);
	va_end(ap);
	if ((n = strcspn(st->generic, "\r\n")) < strlen(st->generic) ||
	    strlen(st->generic) + 1 >= sizeof(st->generic)) {
		st->generic[n] = '\0';
		st->generic_done = 1;
	}
}

/* The generic message without its "encoding error : " prefix, or NULL. */
static const char *
generic_reason(const struct fdx_parse *st)
{
	const char *s = st->generic, *c = strstr(s, " : ");

	if (s[0] == '\0')
		return NULL;
	return c != NULL && c[3] != '\0' ? c + 3 : s;
}

static void
free_tables(struct fdx *f)
{
	for (size_t i = 0; i < f->ncats; i++) {
		xmlFree(f->cats[i].id);
		xmlFree(f->cats[i].name);
	}
	free(f->cats);
	for (size_t i = 0; i < f->ndefs; i++) {
		xmlFree(f->defs[i].id);
		xmlFree(f->defs[i].catid);
		xmlFree(f->defs[i].label);
	}
	free(f->defs);
	for (size_t i = 0; i < f->ntags; i++)
		xmlFree(f->tags[i].defid);
	free(f->tags);
}

/* The most tags and attributes a script may hold (the .msd reader's bound). */
#define FDX_MAX_MARKUP 4000000

/* XML with a FinalDraft root; other XML is refused by name. */
int
sb_fdx_detect(sb_ctx *ctx, const struct sb_input *in)
{
	size_t n;
	const unsigned char *p = sb_input_text(in, &n);

	if (n == 0 || p[0] != '<')
		return FMT_NO;
	if (sb_input_has(p, n, "<FinalDraft"))
		return FMT_SURE;
	return sb_err(ctx, SB_EDATA, "%s: XML, but not a Final Draft "
	    "document (no FinalDraft root in the first %zu bytes)",
	    in->name, in->head_len);
}

int
sb_fdx_parse(struct sb_import *imp, struct sb_prod *p)
{
	struct fdx_parse st;
	struct fdx f;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlGenericErrorFunc old_fn;
	void *old_ctx;
	char *data, why[256];
	size_t len;
	int rc;

	if (sb_xml_load(why, sizeof(why)) != 0)
		return sb_err(imp->ctx, SB_EFAIL, "cannot load libxml2: %s", why);
	if ((rc = sb_input_slurp(imp->ctx, imp->in, SB_MAX_DOCUMENT, &data, &len)) != SB_OK)
		return rc;
	if (len > INT_MAX) {
		free(data);
		return sb_err(imp->ctx, SB_EDATA, "%s: too large", imp->in->name);
	}
	memset(&f, 0, sizeof(f));
	f.imp = imp;
	f.p = p;
	f.strip = -1;
	memset(&st, 0, sizeof(st));
	if (len == 0) {
		free(data);
		return bad(&f, 0, "empty file");
	}
	/*
	 * A parsed tree costs some hundred bytes a node whatever the text:
	 * bound the tags and attributes ('<' and '=', in any encoding) before
	 * libxml2 builds one, as the .msd reader does.  A feature script has
	 * some tens of thousands.
	 */
	{
		size_t markup = 0;

		for (size_t i = 0; i < len; i++)
			markup += data[i] == '<' || data[i] == '=';
		if (markup > FDX_MAX_MARKUP) {
			free(data);
			return bad(&f, 0, "more than %zu tags and attributes, more than "
			    "a script holds", (size_t)FDX_MAX_MARKUP);
		}
	}
	if ((ctxt = xmlCreateMemoryParserCtxt(data, (int)len)) == NULL) {
		free(data);
		return oom(&f);
	}
	ctxt->_private = &st;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->serror = on_error;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	/* whatever the process's libxml2 defaults: no DTD, no substitution */
	ctxt->replaceEntities = 0;
	ctxt->loadsubset = 0;
	ctxt->validate = 0;
	/* the converters report without a context: through the generic handler */
	old_fn = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(&st, on_generic);
	xmlParseDocument(ctxt);
	xmlSetGenericErrorFunc(old_ctx, old_fn);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (doc != NULL && !ctxt->wellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (st.doctype)
		rc = bad(&f, st.doctype_line, "a DOCTYPE: refused, since a document "
		    "type declaration can define entities and load files (Final "
		    "Draft writes none)");
	else if (doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL))
		rc = bad(&f, 0, "a DOCTYPE: refused (Final Draft writes none)");
	else if (doc == NULL && generic_reason(&st) != NULL)
		rc = bad(&f, st.error_line, "not well-formed XML: %s",
		    generic_reason(&st));
	else if (doc == NULL && st.have_error)
		rc = bad(&f, st.error_line, "not well-formed XML: %s", st.error);
	else if (doc == NULL && ctxt->errNo == XML_ERR_NO_MEMORY)
		rc = oom(&f);
	else if (doc == NULL)
		rc = bad(&f, 0, "not well-formed XML");
	else
		rc = read_doc(&f, doc);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	free(data);
	free_tables(&f);
	return rc;
}
