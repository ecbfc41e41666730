/*
 * fmt_msd_write.c - the whole project as a Movie Magic Scheduling 5/6
 * native file (.msd), laid out as FORMATS section 2 (docs/sb-export.1)
 * says, strict in what it writes.
 *
 * The project is read as the USS writer reads it (sb_uss_json(): every
 * record with its extension keys), then each section's XML is written
 * with libxml2's text writer (it escapes), raw-DEFLATEd, and laid in the
 * EPSF container: the 716-byte header, the sections back to back from byte
 * 716, the section map at the end.  Integers are big-endian.
 *
 * What an .msd import kept as written ({"_msd": {...}} on an item: an
 * estimate, a page count or a date it did not understand, SheetNumber,
 * SortOrder, unknown attributes and children, the boneyard's groups, the
 * colour grid, the red flags, the ProductionInfo properties) is written
 * back, so a file read and written again keeps what this program does
 * not model.  A value kept as written is written only while it still
 * says what the column says (an estimate that was moved on is written
 * from the column), and a modelled value always wins.  Nothing else is
 * invented: a project from another format gets only the paths of FORMATS.
 *
 * What an .msd cannot hold is left out (sb-export(1) lists it): element
 * Day Out of Days flags, days off and events; USS ids of categories,
 * elements, calendars, boards and banners; calendar notes; banners that
 * no board places; lanes other than the shoot days, the remaining strips
 * and the boneyard are written with them.
 */
#include <config.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "db_stmt.h"
#include "dl_priv.h"
#include "fmt_priv.h"
#include "json_priv.h"

#define MSD_HEADER 716
#define MSD_MAP_REC 332
#define MSD_FIELD 64

static const char file_magic[] = "/********* EPSF FILE ********/";
static const char sec_magic[] = "/********* EPSF SECTION *********/ ";
static const char map_magic[] = "/********* EPSF SECTION MAP *********/";

/* The fixed categories: the sheet attribute each one's first element is. */
static const struct { int ucid; const char *attr; } fixed[] = {
	{ 1, "IE" }, { 2, "DN" }, { 0, "Set" }, { 6, "Location" },
	{ 3, "ScriptDay" }, { 5, "Sequence" }, { 4, "Unit" },
};
#define NFIXED (sizeof(fixed) / sizeof(fixed[0]))

struct msec {
	char name[MSD_FIELD];
	unsigned char *data;    /* the DEFLATE payload */
	size_t len;
};

struct mw {
	sb_ctx *ctx;
	json_t *u;              /* the universalScheduleStandard object */
	json_t *bds, *cats, *els, *cals; /* id -> object */
	const char *fixed_cat[NFIXED]; /* id of the category of each fixed attribute */
	char active[1024];
	char project[1024];     /* the project's name: the title when USS has none */
	size_t ncal_named;      /* calendars given the name they are written under */
	struct msec secs[16];
	size_t nsecs;
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int failed;             /* a writer call failed (out of memory) */
};

static int
oom(struct mw *m)
{
	return sb_err(m->ctx, SB_EFAIL, "out of memory");
}

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The record's kept .msd values ("_msd"), or NULL. */
static json_t *
kept(json_t *o)
{
	json_t *k = json_object_get(o, "_msd");

	return json_is_object(k) ? k : NULL;
}

/* ---- XML ---- */

static void
open_el(struct mw *m, const char *name)
{
	if (xmlTextWriterStartElement(m->w, (const xmlChar *)name) < 0)
		m->failed = 1;
}

static void
close_el(struct mw *m)
{
	if (xmlTextWriterEndElement(m->w) < 0)
		m->failed = 1;
}

static void
put_attr(struct mw *m, const char *name, const char *value)
{
	if (value != NULL && xmlTextWriterWriteAttribute(m->w, (const xmlChar *)name,
	    (const xmlChar *)value) < 0)
		m->failed = 1;
}

static void
put_int(struct mw *m, const char *name, long long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", v);
	put_attr(m, name, b);
}

/* Every kept string attribute of k but those in skip (NULL-ended). */
static void
put_kept(struct mw *m, json_t *k, const char *const *skip)
{
	const char *key;
	json_t *v;

	json_object_foreach(k, key, v) {
		int skipped = 0;

		if (!json_is_string(v))
			continue;
		for (const char *const *s = skip; s != NULL && *s != NULL; s++)
			skipped |= strcmp(*s, key) == 0;
		/* an attribute another part wrote already is not written twice */
		if (!skipped)
			put_attr(m, key, json_string_value(v));
	}
}

/* Kept children (unknown elements) as the XML they were. */
static void
put_children(struct mw *m, json_t *k)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(k, "children"), i, v)
		if (json_is_string(v) && xmlTextWriterWriteRaw(m->w,
		    (const xmlChar *)json_string_value(v)) < 0)
			m->failed = 1;
}

/* <Property Name=".." Value=".."/> */
static void
put_prop(struct mw *m, const char *name, const char *value)
{
	open_el(m, "Property");
	put_attr(m, "Name", name);
	put_attr(m, "Value", value != NULL ? value : "");
	close_el(m);
}

static int
begin(struct mw *m, const char *root)
{
	if ((m->buf = xmlBufferCreate()) == NULL)
		return oom(m);
	if ((m->w = xmlNewTextWriterMemory(m->buf, 0)) == NULL) {
		xmlBufferFree(m->buf);
		m->buf = NULL;
		return oom(m);
	}
	m->failed = 0;
	if (xmlTextWriterSetIndent(m->w, 1) < 0 ||
	    xmlTextWriterSetIndentString(m->w, (const xmlChar *)" ") < 0 ||
	    xmlTextWriterStartDocument(m->w, "1.0", "UTF-8", NULL) < 0)
		m->failed = 1;
	open_el(m, root);
	return SB_OK;
}

/* End the document, deflate it into a new section named name. */
static int
end(struct mw *m, const char *name)
{
	struct msec *s;
	z_stream z;
	uLong bound;
	int rc = SB_OK;

	if (xmlTextWriterEndDocument(m->w) < 0)
		m->failed = 1;
	xmlFreeTextWriter(m->w);
	m->w = NULL;
	if (m->failed || m->nsecs >= sizeof(m->secs) / sizeof(m->secs[0])) {
		xmlBufferFree(m->buf);
		m->buf = NULL;
		return oom(m);
	}
	s = &m->secs[m->nsecs];
	snprintf(s->name, sizeof(s->name), "%s", name);
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		xmlBufferFree(m->buf);
		m->buf = NULL;
		return oom(m);
	}
	bound = deflateBound(&z, (uLong)xmlBufferLength(m->buf));
	if ((s->data = malloc(bound)) == NULL)
		rc = oom(m);
	else {
		z.next_in = (Bytef *)xmlBufferContent(m->buf);
		z.avail_in = (uInt)xmlBufferLength(m->buf);
		z.next_out = s->data;
		z.avail_out = (uInt)bound;
		if (deflate(&z, Z_FINISH) != Z_STREAM_END)
			rc = sb_err(m->ctx, SB_EFAIL, "zlib: deflate failed");
		s->len = bound - z.avail_out;
	}
	deflateEnd(&z);
	xmlBufferFree(m->buf);
	m->buf = NULL;
	if (rc == SB_OK)
		m->nsecs++;
	else
		free(s->data);
	return rc;
}

/* ---- the sections ---- */

static int
write_info(struct mw *m)
{
	static const struct { const char *prop, *key; } from_uss[] = {
		{ "PictureTitle", "name" }, { "Company", "company" },
		{ "PreparedBy", "author" }, { "ScriptDated", "scriptDate" },
	};
	json_t *list = json_object_get(m->u, "_msdInfo"), *pair;
	int done[4] = { 0, 0, 0, 0 };
	size_t i;
	int rc;

	if ((rc = begin(m, "ProductionInfo")) != SB_OK)
		return rc;
	open_el(m, "PropertyList");
	/* the properties an import kept, in order, the USS header winning */
	json_array_foreach(list, i, pair) {
		const char *name = json_string_value(json_array_get(pair, 0));
		const char *value = json_string_value(json_array_get(pair, 1));

		if (name == NULL)
			continue;
		/* "Title", the other spelling the reader takes, is the title too */
		for (size_t k = 0; k < 4; k++)
			if ((strcmp(name, from_uss[k].prop) == 0 || (k == 0 &&
			    strcmp(name, "Title") == 0)) && !done[k]) {
				if (str(m->u, from_uss[k].key) != NULL)
					value = str(m->u, from_uss[k].key);
				done[k] = 1;
			}
		put_prop(m, name, value);
	}
	for (size_t k = 0; k < 4; k++) {
		const char *v = str(m->u, from_uss[k].key);

		if (k == 0 && v == NULL)
			v = str(m->u, "project");
		if (k == 0 && v == NULL && m->project[0] != '\0')
			v = m->project;
		if (!done[k] && v != NULL)
			put_prop(m, from_uss[k].prop, v);
	}
	close_el(m);
	close_el(m);
	return end(m, "ProductionInfo");
}

static int
write_categories(struct mw *m)
{
	static const char *const skip[] = { "Name", NULL };
	json_t *c;
	size_t i;
	int rc;

	if ((rc = begin(m, "CategoryMgr")) != SB_OK)
		return rc;
	open_el(m, "CategoryList");
	json_array_foreach(json_object_get(m->u, "categories"), i, c) {
		open_el(m, "Category");
		put_attr(m, "Name", str(c, "name") != NULL ? str(c, "name") : "");
		put_kept(m, kept(c), skip);
		close_el(m);
	}
	close_el(m);
	close_el(m);
	return end(m, "CategoryMgr");
}

static const char *
cat_name_of(struct mw *m, json_t *el)
{
	json_t *c = json_object_get(m->cats, str(el, "category") != NULL ?
	    str(el, "category") : "");
	const char *n = str(c, "name");

	return n != NULL ? n : "";
}

static int
write_elements(struct mw *m)
{
	static const char *const skip[] = { "CategoryName", "Name", "BoardID",
		"SortOrder", "Properties", "LinkedElements", "children", NULL };
	json_t *e;
	size_t i;
	int rc;

	if ((rc = begin(m, "ElementMgr")) != SB_OK)
		return rc;
	open_el(m, "Elements");
	json_array_foreach(json_object_get(m->u, "elements"), i, e) {
		json_t *k = kept(e), *pair, *links = json_object_get(e, "linkedElements");
		size_t j;

		open_el(m, "Element");
		put_attr(m, "CategoryName", cat_name_of(m, e));
		put_attr(m, "Name", str(e, "name") != NULL ? str(e, "name") : "");
		if (json_is_string(json_object_get(e, "elementId")))
			put_attr(m, "BoardID", str(e, "elementId"));
		else if (json_is_integer(json_object_get(e, "elementId")))
			put_int(m, "BoardID", json_integer_value(json_object_get(e, "elementId")));
		/* SortOrder: what an import kept; none is invented */
		put_attr(m, "SortOrder", str(k, "SortOrder"));
		put_kept(m, k, skip);
		json_array_foreach(json_object_get(k, "Properties"), j, pair)
			put_prop(m, json_string_value(json_array_get(pair, 0)) != NULL ?
			    json_string_value(json_array_get(pair, 0)) : "",
			    json_string_value(json_array_get(pair, 1)));
		if (json_array_size(links) > 0 ||
		    json_array_size(json_object_get(k, "LinkedElements")) > 0) {
			json_t *id;

			open_el(m, "LinkedElements");
			json_array_foreach(links, j, id) {
				json_t *other = json_object_get(m->els, json_string_value(id) != NULL ?
				    json_string_value(id) : "");

				if (other == NULL)
					continue;   /* a dangling id: nothing to name */
				open_el(m, "LinkedElement");
				put_attr(m, "CategoryName", cat_name_of(m, other));
				put_attr(m, "Name", str(other, "name") != NULL ? str(other, "name") : "");
				close_el(m);
			}
			json_array_foreach(json_object_get(k, "LinkedElements"), j, pair) {
				open_el(m, "LinkedElement");
				put_attr(m, "CategoryName", json_string_value(json_array_get(pair, 0)));
				put_attr(m, "Name", json_string_value(json_array_get(pair, 1)));
				close_el(m);
			}
			close_el(m);
		}
		put_children(m, k);
		close_el(m);
	}
	close_el(m);
	close_el(m);
	return end(m, "ElementMgr");
}

/* The breakdown's duration in ms (USS "duration", older "time"), or -1. */
static int64_t
duration(json_t *b)
{
	json_t *d = json_object_get(b, "duration");

	if (d == NULL)
		d = json_object_get(b, "time");
	return json_is_number(d) && json_number_value(d) >= 0 ?
	    (int64_t)json_number_value(d) : -1;
}

static void
put_estimate(struct mw *m, json_t *b, json_t *k)
{
	const char *a = str(k, "EstimateTimeA"), *bb = str(k, "EstimateTimeB");
	int64_t ms = duration(b), was;
	char t[32];

	if (ms < 0) {
		/* no estimate: what was not understood, as written */
		put_attr(m, "EstimateTimeA", a);
		put_attr(m, "EstimateTimeB", bb);
		return;
	}
	if ((a != NULL || bb != NULL) && sb_msd_estimate(a, bb, &was) == SB_OK &&
	    was == ms) {
		put_attr(m, "EstimateTimeA", a);
		put_attr(m, "EstimateTimeB", bb);
		return;
	}
	if (ms % 60000 == 0) {
		/* B hours, A minutes */
		put_int(m, "EstimateTimeA", (long long)(ms / 60000 % 60));
		put_int(m, "EstimateTimeB", (long long)(ms / 3600000));
	} else {
		snprintf(t, sizeof(t), "%lld:%02lld:%02lld", (long long)(ms / 3600000),
		    (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60));
		put_attr(m, "EstimateTimeA", t);
	}
}

static int
is_banner(json_t *b)
{
	const char *t = str(b, "type");

	return t != NULL && strcmp(t, "banner") == 0;
}

static int
write_sheets(struct mw *m)
{
	static const char *const skip[] = { "BDSID", "SheetNumber", "Scenes", "IE",
		"DN", "Set", "Location", "ScriptDay", "Sequence", "Unit", "Synopsis",
		"Comments", "ScriptPageNumbers", "NumScriptPages", "EstimateTimeA",
		"EstimateTimeB", "children", NULL };
	json_t *b;
	size_t i, sheet = 0;
	int rc;

	if ((rc = begin(m, "BreakdownSheetMgr")) != SB_OK)
		return rc;
	open_el(m, "BreakdownSheets");
	json_array_foreach(json_object_get(m->u, "breakdowns"), i, b) {
		json_t *k = kept(b), *ids = json_object_get(b, "elements"), *id, *pages;
		const char *attr[NFIXED];
		size_t j, nrefs = 0;

		if (is_banner(b))
			continue;
		sheet++;
		memset(attr, 0, sizeof(attr));
		/* the first element of each fixed category is an attribute */
		json_array_foreach(ids, j, id) {
			json_t *e = json_object_get(m->els, json_string_value(id) != NULL ?
			    json_string_value(id) : "");
			const char *cat = str(e, "category");
			int used = 0;

			for (size_t f = 0; f < NFIXED && e != NULL && cat != NULL; f++)
				if (m->fixed_cat[f] != NULL && strcmp(m->fixed_cat[f], cat) == 0 &&
				    attr[f] == NULL) {
					attr[f] = str(e, "name");
					used = 1;
				}
			nrefs += e != NULL && !used;
		}
		open_el(m, "BreakdownSheet");
		put_attr(m, "BDSID", str(b, "id") != NULL ? str(b, "id") : "");
		if (str(k, "SheetNumber") != NULL)
			put_attr(m, "SheetNumber", str(k, "SheetNumber"));
		else
			put_int(m, "SheetNumber", (long long)sheet);
		put_attr(m, "Scenes", str(b, "scene"));
		for (size_t f = 0; f < NFIXED; f++)
			put_attr(m, fixed[f].attr, attr[f]);
		put_attr(m, "Synopsis", str(b, "description"));
		put_attr(m, "Comments", str(b, "comments"));
		put_attr(m, "ScriptPageNumbers", str(b, "scriptPage"));
		pages = json_object_get(b, "pages");
		if (json_is_number(pages) && json_number_value(pages) >= 0)
			put_int(m, "NumScriptPages",
			    (long long)(json_number_value(pages) * 8 + 0.5));
		else
			put_attr(m, "NumScriptPages", str(k, "NumScriptPages"));
		put_estimate(m, b, k);
		put_kept(m, k, skip);
		if (nrefs > 0) {
			const char *first[NFIXED];

			memset(first, 0, sizeof(first));
			open_el(m, "ElementRefs");
			json_array_foreach(ids, j, id) {
				json_t *e = json_object_get(m->els, json_string_value(id) != NULL ?
				    json_string_value(id) : "");
				const char *cat = str(e, "category");
				int used = 0;

				if (e == NULL)
					continue;
				for (size_t f = 0; f < NFIXED && cat != NULL; f++)
					if (m->fixed_cat[f] != NULL &&
					    strcmp(m->fixed_cat[f], cat) == 0 && first[f] == NULL) {
						first[f] = str(e, "name");
						used = 1;
					}
				if (used)
					continue;
				open_el(m, "ElementRef");
				put_attr(m, "CategoryName", cat_name_of(m, e));
				put_attr(m, "ElementName", str(e, "name") != NULL ? str(e, "name") : "");
				close_el(m);
			}
			close_el(m);
		}
		put_children(m, k);
		close_el(m);
	}
	close_el(m);
	close_el(m);
	return end(m, "BreakdownSheetMgr");
}

/* "2024-03-04T..." as "03/04/2024" into out; 0 if it is not a date. */
static int
mdy(const char *iso, char out[16])
{
	sb_date d;
	char b[SB_DATE_BUFSZ];

	if (iso == NULL || strlen(iso) < 10)
		return 0;
	memcpy(b, iso, 10);
	b[10] = '\0';
	if (sb_date_parse(b, &d) != SB_OK)
		return 0;
	snprintf(out, 16, "%.2s/%.2s/%.4s", b + 5, b + 8, b);
	return 1;
}

/* What a calendar event is, the way the USS reader tells it. */
static const char *
event_kind(json_t *ev)
{
	const char *type = str(ev, "type"), *name = str(ev, "name");

	if (type != NULL && strcmp(type, "start") == 0)
		return "start";
	if (name != NULL) {
		if (strcasecmp(name, "holiday") == 0)
			return "holiday";
		if (strcasecmp(name, "travel") == 0 || strcasecmp(name, "doodTravel") == 0 ||
		    strcasecmp(name, "companyTravel") == 0)
			return "travel";
		if (strcasecmp(name, "workday") == 0 || strcasecmp(name, "exceptionWorkday") == 0)
			return "work";
	}
	if (type != NULL && strcmp(type, "dayOff") == 0)
		return "off";
	return "event";
}

/* The kind the flags of a kept SpecialDay say (the reader's order). */
static const char *
flags_kind(json_t *k)
{
	const char *h = str(k, "Holiday"), *t = str(k, "CompanyTravel"),
	    *w = str(k, "ExceptionWorkday"), *o = str(k, "Off");

	if (h != NULL && strcmp(h, "1") == 0)
		return "holiday";
	if (t != NULL && strcmp(t, "1") == 0)
		return "travel";
	if (w != NULL && strcmp(w, "1") == 0)
		return "work";
	if (o != NULL && strcmp(o, "1") == 0)
		return "off";
	return "event";
}

static void
write_special(struct mw *m, json_t *ev, const char *kind, const char *date)
{
	static const char *const flags[] = { "Date", "Off", "Holiday", "CompanyTravel",
		"ExceptionWorkday", NULL };
	json_t *k = kept(ev);

	open_el(m, "SpecialDay");
	put_attr(m, "Date", date);
	if (k != NULL && strcmp(flags_kind(k), kind) == 0) {
		put_kept(m, k, (const char *const[]){ "Date", NULL });
		close_el(m);
		return;
	}
	put_attr(m, "Off", strcmp(kind, "off") == 0 || strcmp(kind, "holiday") == 0 ?
	    "1" : "0");
	put_attr(m, "Holiday", strcmp(kind, "holiday") == 0 ? "1" : "0");
	put_attr(m, "CompanyTravel", strcmp(kind, "travel") == 0 ? "1" : "0");
	put_attr(m, "ExceptionWorkday", strcmp(kind, "work") == 0 ? "1" : "0");
	put_kept(m, k, flags);
	close_el(m);
}

/* Whether one of the first m->ncal_named calendars is written as name. */
static int
cal_name_taken(void *arg, const char *name)
{
	struct mw *m = arg;
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(m->u, "calendars"), i, c) {
		if (i >= m->ncal_named)
			break;
		if (str(c, "name") != NULL && strcmp(str(c, "name"), name) == 0)
			return 1;
	}
	return 0;
}

/*
 * Give every calendar the name it is written under, in place (the board's
 * CalendarName is written from it): two calendars of one name, or one
 * without a name, would make a file the reader cannot tie boards to.
 */
static int
name_calendars(struct mw *m)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(m->u, "calendars"), i, c) {
		char *name;

		m->ncal_named = i;
		name = sb_msd_calendar_name(str(c, "name"), cal_name_taken, m);
		if (name == NULL || (strcmp(name, str(c, "name") != NULL ? str(c, "name") : "") != 0 &&
		    json_object_set_new(c, "name", json_string(name)) != 0)) {
			free(name);
			return oom(m);
		}
		free(name);
		m->ncal_named = i + 1;
	}
	return SB_OK;
}

static int
write_calendars(struct mw *m)
{
	static const char *const wd[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	json_t *cals = json_object_get(m->u, "calendars"), *c;
	const char *def = str(m->u, "_msdDefaultCalendar");
	size_t i;
	int rc;

	if ((rc = begin(m, "CalendarMgr")) != SB_OK)
		return rc;
	if (def == NULL)
		def = str(json_array_get(cals, 0), "name");
	if (def != NULL) {
		open_el(m, "CalendarMgrPreferences");
		open_el(m, "PropertyList");
		put_prop(m, "DefaultCalendar", def);
		close_el(m);
		close_el(m);
	}
	open_el(m, "Calendars");
	json_array_foreach(cals, i, c) {
		json_t *k = kept(c), *events = json_object_get(c, "events"), *ev, *pair;
		json_t *raw_off = json_object_get(k, "DaysOff"), *d;
		const char *start = NULL;
		unsigned mask = 0, raw_mask = 0;
		char date[16], sdate[16];
		size_t j;

		json_array_foreach(events, j, ev)
			if (strcmp(event_kind(ev), "start") == 0 && start == NULL &&
			    mdy(str(ev, "date"), sdate))
				start = sdate;
		json_array_foreach(json_object_get(c, "daysOff"), j, d)
			if (json_is_integer(d) && json_integer_value(d) >= 0 &&
			    json_integer_value(d) <= 6)
				mask |= 1u << json_integer_value(d);
		open_el(m, "Calendar");
		put_attr(m, "Name", str(c, "name") != NULL ? str(c, "name") : "");
		put_kept(m, k, (const char *const[]){ "Name", "ScheduleDates", "DaysOff",
		    "SpecialDays", "children", NULL });
		open_el(m, "ScheduleDates");
		if (json_array_size(json_object_get(k, "ScheduleDates")) > 0) {
			int wrote_start = 0;

			json_array_foreach(json_object_get(k, "ScheduleDates"), j, pair) {
				const char *n = json_string_value(json_array_get(pair, 0));
				const char *v = json_string_value(json_array_get(pair, 1));

				if (n != NULL && strcmp(n, "ProductionStartDate") == 0 && !wrote_start) {
					wrote_start = 1;
					if (start != NULL)
						v = start;
				}
				open_el(m, "ScheduleDate");
				put_attr(m, "Name", n != NULL ? n : "");
				put_attr(m, "Date", v != NULL ? v : "");
				close_el(m);
			}
			if (!wrote_start && start != NULL) {
				open_el(m, "ScheduleDate");
				put_attr(m, "Name", "ProductionStartDate");
				put_attr(m, "Date", start);
				close_el(m);
			}
		} else if (start != NULL) {
			open_el(m, "ScheduleDate");
			put_attr(m, "Name", "ProductionStartDate");
			put_attr(m, "Date", start);
			close_el(m);
		}
		close_el(m);
		for (int w = 0; w < 7; w++)
			if (str(raw_off, wd[w]) != NULL && strcmp(str(raw_off, wd[w]), "1") == 0)
				raw_mask |= 1u << w;
		open_el(m, "DaysOff");
		if (raw_off != NULL && raw_mask == mask)
			put_kept(m, raw_off, NULL);
		else
			for (int w = 0; w < 7; w++)
				put_attr(m, wd[w], mask & (1u << w) ? "1" : "0");
		close_el(m);
		open_el(m, "SpecialDays");
		json_array_foreach(events, j, ev) {
			const char *kind = event_kind(ev);

			if (strcmp(kind, "start") == 0 || !mdy(str(ev, "date"), date))
				continue;
			/* a note is a SpecialDay only if it was one */
			if (strcmp(kind, "event") == 0 && kept(ev) == NULL)
				continue;
			write_special(m, ev, kind, date);
		}
		json_array_foreach(json_object_get(k, "SpecialDays"), j, d) {
			open_el(m, "SpecialDay");
			put_kept(m, d, NULL);
			close_el(m);
		}
		close_el(m);
		put_children(m, k);
		close_el(m);
	}
	close_el(m);
	close_el(m);
	return end(m, "CalendarMgr");
}

static void
put_strip(struct mw *m, json_t *id)
{
	const char *s = json_string_value(id);
	json_t *b = s != NULL ? json_object_get(m->bds, s) : NULL;

	if (b == NULL)
		return;
	if (is_banner(b)) {
		open_el(m, "BannerStrip");
		put_attr(m, "Text", str(b, "bannerText") != NULL ? str(b, "bannerText") : "");
		put_kept(m, kept(b), (const char *const[]){ "Text", "children", NULL });
		close_el(m);
		return;
	}
	open_el(m, "BDSStrip");
	put_attr(m, "BDSID", s);
	close_el(m);
}

static json_t *
lane_ids(json_t *lane)
{
	json_t *ids = json_object_get(lane, "breakdownIds");

	return ids != NULL ? ids : json_object_get(lane, "breakdownArrays");
}

static int
nested(json_t *ids)
{
	json_t *x;
	size_t i;

	json_array_foreach(ids, i, x)
		if (json_is_array(x))
			return 1;
	return 0;
}

static int
is_boneyard(json_t *lane)
{
	const char *n = str(lane, "name");

	return n != NULL && strcmp(n, "boneyard") == 0;
}

/* Mark every id of a lane (days or a flat list) in placed. */
static void
mark(json_t *placed, json_t *ids)
{
	json_t *x, *y;
	size_t i, j;

	json_array_foreach(ids, i, x) {
		if (json_is_string(x))
			json_object_set_new(placed, json_string_value(x), json_true());
		json_array_foreach(x, j, y)
			if (json_is_string(y))
				json_object_set_new(placed, json_string_value(y), json_true());
	}
}

/*
 * UnscheduledStrips: the kept groups while they still add up, else one;
 * and every sheet the board places nowhere else (FORMATS: every board
 * names every sheet once), after them.
 */
static void
write_unscheduled(struct mw *m, json_t *lanes)
{
	json_t *lane, *ids, *groups = NULL, *g, *all = json_array(), *placed = json_object();
	json_t *missing = json_array();
	size_t i, j, at = 0;
	json_int_t sum = 0;

	if (all == NULL || placed == NULL || missing == NULL) {
		json_decref(all);
		json_decref(placed);
		json_decref(missing);
		m->failed = 1;
		return;
	}
	json_array_foreach(lanes, i, lane)
		mark(placed, lane_ids(lane));
	json_array_foreach(json_object_get(m->u, "breakdowns"), i, g)
		if (!is_banner(g) && str(g, "id") != NULL &&
		    json_object_get(placed, str(g, "id")) == NULL)
			json_array_append_new(missing, json_string(str(g, "id")));
	json_array_foreach(lanes, i, lane) {
		json_t *x;

		if (!is_boneyard(lane))
			continue;
		if (groups == NULL)
			groups = json_object_get(kept(lane), "groups");
		ids = lane_ids(lane);
		json_array_foreach(ids, j, x)
			json_array_append(all, x);
	}
	json_array_foreach(groups, i, g)
		sum += json_integer_value(json_array_get(g, 1));
	open_el(m, "UnscheduledStrips");
	if (groups != NULL && sum == (json_int_t)json_array_size(all)) {
		json_array_foreach(groups, i, g) {
			const char *name = json_string_value(json_array_get(g, 0));
			json_int_t n = json_integer_value(json_array_get(g, 1));
			int wrap = name != NULL && (strcmp(name, "UnscheduledDay") == 0 ||
			    strcmp(name, "RemainingUnscheduledStrips") == 0);

			if (wrap)
				open_el(m, name);
			for (json_int_t k = 0; k < n; k++)
				put_strip(m, json_array_get(all, at++));
			if (wrap)
				close_el(m);
		}
		if (json_array_size(missing) > 0) {
			open_el(m, "RemainingUnscheduledStrips");
			json_array_foreach(missing, i, g)
				put_strip(m, g);
			close_el(m);
		}
	} else if (json_array_size(all) + json_array_size(missing) > 0) {
		open_el(m, "RemainingUnscheduledStrips");
		json_array_foreach(all, i, g)
			put_strip(m, g);
		json_array_foreach(missing, i, g)
			put_strip(m, g);
		close_el(m);
	}
	close_el(m);
	json_decref(all);
	json_decref(placed);
	json_decref(missing);
}

static int
write_boards(struct mw *m)
{
	json_t *sb;
	size_t i;
	int rc;

	if ((rc = begin(m, "StripBoardMgr")) != SB_OK)
		return rc;
	if (m->active[0] != '\0') {
		open_el(m, "StripBoardMgrPreferences");
		open_el(m, "PropertyList");
		put_prop(m, "ActiveStripBoard", m->active);
		close_el(m);
		close_el(m);
	}
	open_el(m, "StripBoards");
	json_array_foreach(json_object_get(m->u, "stripboards"), i, sb) {
		json_t *lanes = json_object_get(sb, "boards"), *lane, *cal, *x;
		json_t *k = kept(sb);
		size_t j, n;
		int any_rem = 0;

		cal = json_object_get(m->cals, str(sb, "calendar") != NULL ?
		    str(sb, "calendar") : "");
		open_el(m, "StripBoard");
		put_attr(m, "Name", str(sb, "name") != NULL ? str(sb, "name") : "");
		put_attr(m, "CalendarName", str(cal, "name"));
		put_kept(m, k, (const char *const[]){ "Name", "CalendarName", "children",
		    NULL });
		open_el(m, "ScheduledStrips");
		json_array_foreach(lanes, j, lane) {
			json_t *ids = lane_ids(lane);

			if (is_boneyard(lane) || !nested(ids))
				continue;
			json_array_foreach(ids, n, x) {
				open_el(m, "ScheduleDay");
				if (json_is_array(x)) {
					json_t *y;
					size_t q;

					json_array_foreach(x, q, y)
						put_strip(m, y);
				} else {
					put_strip(m, x);
				}
				close_el(m);
			}
		}
		json_array_foreach(lanes, j, lane) {
			json_t *ids = lane_ids(lane);

			if (is_boneyard(lane) || nested(ids) || json_array_size(ids) == 0)
				continue;
			if (!any_rem)
				open_el(m, "RemainingScheduledStrips");
			any_rem = 1;
			json_array_foreach(ids, n, x)
				put_strip(m, x);
		}
		if (any_rem)
			close_el(m);
		close_el(m);
		write_unscheduled(m, lanes);
		put_children(m, k);
		close_el(m);
	}
	close_el(m);
	close_el(m);
	return end(m, "StripBoardMgr");
}

/* ColorSettings and RedFlagMgr: what an import kept, as it was. */
static int
write_records(struct mw *m, const char *key, const char *root,
    const char *const *path, const char *rec)
{
	json_t *all = json_object_get(m->u, key), *o;
	size_t i, depth = 0;
	int rc;

	if (json_array_size(all) == 0)
		return SB_OK;
	if ((rc = begin(m, root)) != SB_OK)
		return rc;
	for (; path[depth] != NULL; depth++)
		open_el(m, path[depth]);
	json_array_foreach(all, i, o) {
		if (!json_is_object(o))
			continue;
		open_el(m, rec);
		put_kept(m, o, NULL);
		close_el(m);
	}
	while (depth-- > 0)
		close_el(m);
	close_el(m);
	return end(m, root);
}

/* ---- the container ---- */

static void
be32(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)(v >> 24);
	b[1] = (unsigned char)(v >> 16);
	b[2] = (unsigned char)(v >> 8);
	b[3] = (unsigned char)v;
}

static void
text(unsigned char *b, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n > MSD_FIELD - 1)
		n = MSD_FIELD - 1;
	memcpy(b, s != NULL ? s : "", n);
}

static int
write_container(struct mw *m, FILE *out)
{
	json_t *h = json_object_get(m->u, "_msd");
	const char *fmt = str(h, "scheduleFormat");
	unsigned char head[MSD_HEADER], rec[MSD_MAP_REC], sec[68];
	uint64_t off = MSD_HEADER;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	if (fmt == NULL || (strncmp(fmt, "05.", 3) != 0 && strncmp(fmt, "06.", 3) != 0))
		fmt = "06.00.000";
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S", &tm);
	for (size_t i = 0; i < m->nsecs; i++)
		off += 68 + m->secs[i].len;
	if (off + (uint64_t)m->nsecs * MSD_MAP_REC > UINT32_MAX)
		return sb_err(m->ctx, SB_EDATA, "the production is too large for an "
		    ".msd file (4 GiB)");
	memset(head, 0, sizeof(head));
	text(head, file_magic);
	text(head + 64, "00.01.001");
	text(head + 128, "EPS Schedule File");
	text(head + 192, fmt);
	be32(head + 260, (uint32_t)off);
	be32(head + 264, (uint32_t)m->nsecs);
	text(head + 268, "stripboard");
	text(head + 332, PACKAGE_VERSION);
	text(head + 396, now);
	text(head + 460, str(h, "creatorApp") != NULL ? str(h, "creatorApp") : "stripboard");
	text(head + 524, str(h, "creatorApp") != NULL ? str(h, "creatorVersion") :
	    PACKAGE_VERSION);
	text(head + 588, str(h, "creatorApp") != NULL ? str(h, "creatorTime") : now);
	fwrite(head, 1, sizeof(head), out);
	memset(sec, 0, sizeof(sec));
	memcpy(sec, sec_magic, sizeof(sec_magic) - 1);
	sec[67] = 1;    /* raw DEFLATE */
	for (size_t i = 0; i < m->nsecs; i++) {
		fwrite(sec, 1, sizeof(sec), out);
		fwrite(m->secs[i].data, 1, m->secs[i].len, out);
	}
	off = MSD_HEADER;
	for (size_t i = 0; i < m->nsecs; i++) {
		memset(rec, 0, sizeof(rec));
		memcpy(rec, map_magic, sizeof(map_magic) - 1);
		be32(rec + 68, (uint32_t)off);
		be32(rec + 72, (uint32_t)(68 + m->secs[i].len));
		text(rec + 76, m->secs[i].name);
		text(rec + 140, "XML");
		text(rec + 204, "1");
		fwrite(rec, 1, sizeof(rec), out);
		off += 68 + m->secs[i].len;
	}
	return ferror(out) ? sb_err(m->ctx, SB_EFAIL, "write error") : SB_OK;
}

/* id -> record of an array of records */
static json_t *
index_of(json_t *arr)
{
	json_t *idx = json_object(), *o;
	size_t i;

	json_array_foreach(arr, i, o)
		if (idx != NULL && str(o, "id") != NULL)
			json_object_set(idx, str(o, "id"), o);
	return idx;
}

static int
active_board(struct mw *m, int64_t project_id)
{
	static const char sql[] = "SELECT b.name, p.name FROM project p LEFT JOIN board b"
	    " ON b.id = p.active_board_id WHERE p.id = ?1";
	sb_st *st = sb_stmt(m->ctx, sql);
	int rc;

	if (st == NULL)
		return SB_EFAIL;
	sb_bind_int64(st, 1, project_id);
	rc = sb_step(st);
	if (rc == SQLITE_ROW && sb_col_text(st, 0) != NULL)
		snprintf(m->active, sizeof(m->active), "%s", (const char *)sb_col_text(st, 0));
	if (rc == SQLITE_ROW && sb_col_text(st, 1) != NULL)
		snprintf(m->project, sizeof(m->project), "%s", (const char *)sb_col_text(st, 1));
	sb_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sb_sqlerr(m->ctx, "project");
	if (m->active[0] == '\0')
		snprintf(m->active, sizeof(m->active), "%s",
		    str(json_array_get(json_object_get(m->u, "stripboards"), 0), "name") != NULL ?
		    str(json_array_get(json_object_get(m->u, "stripboards"), 0), "name") : "");
	return SB_OK;
}

int
sb_msd_write(sb_ctx *ctx, int64_t project_id, const char *board, int format,
    FILE *out)
{
	struct mw m;
	json_t *root = NULL;
	char why[256];
	int rc;

	(void)board;
	(void)format;
	if (sb_xml_load(why, sizeof(why)) != 0)
		return sb_err(ctx, SB_EFAIL, "cannot load libxml2: %s", why);
	memset(&m, 0, sizeof(m));
	m.ctx = ctx;
	if ((rc = sb_uss_json(ctx, project_id, &root)) != SB_OK)
		return rc;
	m.u = json_object_get(root, "universalScheduleStandard");
	m.bds = index_of(json_object_get(m.u, "breakdowns"));
	m.cats = index_of(json_object_get(m.u, "categories"));
	m.els = index_of(json_object_get(m.u, "elements"));
	m.cals = index_of(json_object_get(m.u, "calendars"));
	if (m.bds == NULL || m.cats == NULL || m.els == NULL || m.cals == NULL) {
		rc = oom(&m);
		goto out;
	}
	/* the category of each fixed attribute: the first with its ucid */
	for (size_t f = 0; f < NFIXED; f++) {
		json_t *c;
		size_t i;

		json_array_foreach(json_object_get(m.u, "categories"), i, c)
			if (json_is_number(json_object_get(c, "ucid")) &&
			    json_number_value(json_object_get(c, "ucid")) == fixed[f].ucid) {
				m.fixed_cat[f] = str(c, "id");
				break;
			}
	}
	if ((rc = name_calendars(&m)) == SB_OK && (rc = active_board(&m, project_id)) == SB_OK &&
	    (rc = write_info(&m)) == SB_OK && (rc = write_categories(&m)) == SB_OK &&
	    (rc = write_elements(&m)) == SB_OK && (rc = write_sheets(&m)) == SB_OK &&
	    (rc = write_calendars(&m)) == SB_OK && (rc = write_boards(&m)) == SB_OK &&
	    (rc = write_records(&m, "_msdColors", "ColorSettings",
	    (const char *const[]){ "ColorGrid", "ColorGridCells", NULL },
	    "ColorGridCell")) == SB_OK &&
	    (rc = write_records(&m, "_msdRedFlags", "RedFlagMgr",
	    (const char *const[]){ "RedFlagEntryList", NULL }, "RedFlagEntry")) == SB_OK)
		rc = write_container(&m, out);
out:
	for (size_t i = 0; i < m.nsecs; i++)
		free(m.secs[i].data);
	json_decref(m.bds);
	json_decref(m.cats);
	json_decref(m.els);
	json_decref(m.cals);
	json_decref(root);
	return rc;
}
