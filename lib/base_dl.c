/*
 * base_dl.c - loading libxml2 and libical when first needed (dl_priv.h
 * says why): dlopen() once, every call the library makes looked up.
 */
#include <config.h>

#include <dlfcn.h>
#include <stdio.h>

#define SB_DL_TABLES
#include "dl_priv.h"

struct sb_xml_calls sb_xml;
struct sb_ical_calls sb_ical;

/*
 * Open soname and fill the table's pointers by name; 0, or -1 with why in
 * buf.  names ends with NULL; the pointers follow handle in the table.
 */
static int
load(const char *soname, void **handle, void **fns, const char *const *names,
    char *buf, size_t size)
{
	void *h;
	size_t i;

	if (*handle != NULL)
		return 0;
	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		const char *e = dlerror();

		snprintf(buf, size, "%s", e != NULL ? e : "cannot load");
		return -1;
	}
	for (i = 0; names[i] != NULL; i++) {
		if ((fns[i] = dlsym(h, names[i])) == NULL) {
			snprintf(buf, size, "%s: no %s", soname, names[i]);
			dlclose(h);
			return -1;
		}
	}
	*handle = h;
	return 0;
}

#define SB_DL_NAME(f) #f,
#define SB_DL_COUNT(f) + 1

int
sb_xml_load(char *buf, size_t size)
{
	static const char *const names[] = { SB_XML_CALLS(SB_DL_NAME) NULL };
	void *fns[0 SB_XML_CALLS(SB_DL_COUNT)];
	int rc;

	if (sb_xml.handle != NULL)
		return 0;
	if ((rc = load(SB_XML_SONAME, &sb_xml.handle, fns, names, buf, size)) != 0)
		return rc;
	{
		size_t i = 0;
#define SB_DL_SET(f) *(void **)&sb_xml.f = fns[i++];
		SB_XML_CALLS(SB_DL_SET)
#undef SB_DL_SET
	}
	return 0;
}

int
sb_ical_load(char *buf, size_t size)
{
	static const char *const names[] = { SB_ICAL_CALLS(SB_DL_NAME) NULL };
	void *fns[0 SB_ICAL_CALLS(SB_DL_COUNT)];
	int rc;

	if (sb_ical.handle != NULL)
		return 0;
	if ((rc = load(SB_ICAL_SONAME, &sb_ical.handle, fns, names, buf, size)) != 0)
		return rc;
	{
		size_t i = 0;
#define SB_DL_SET(f) *(void **)&sb_ical.f = fns[i++];
		SB_ICAL_CALLS(SB_DL_SET)
#undef SB_DL_SET
	}
	return 0;
}
