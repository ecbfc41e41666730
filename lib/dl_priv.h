/*
 * dl_priv.h - libxml2 and libical, loaded when first needed.
 *
 * Linked in, libxml2 and libical bring ICU and libstdc++: a dozen
 * libraries whose loading and relocation doubled the start of every
 * command (8 ms against the sqlite3 shell's 4 on the shared test machine),
 * though only the Final Draft and Movie Magic readers, the Movie Magic
 * writer and the calendar feed use them.  Those include this header after
 * the library's own and call sb_xml_load() or sb_ical_load() before their
 * first call: the calls below then go through a table dlsym() filled.
 * base_dl.c defines the tables (with SB_DL_TABLES, so the names are not
 * turned into table calls there).
 */
#ifndef DL_PRIV_H
#define DL_PRIV_H

#include <stddef.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#include <libical/ical.h>

#define SB_DL_POINTER(f) __typeof__(f) *f;

#define SB_XML_SONAME "libxml2.so.2"
#define SB_XML_CALLS(X) \
	X(xmlBufferContent) X(xmlBufferCreate) X(xmlBufferFree) X(xmlBufferLength) \
	X(xmlCreateMemoryParserCtxt) X(xmlCtxtGetLastError) X(xmlCtxtReadMemory) \
	X(xmlCtxtUseOptions) X(xmlDocGetRootElement) X(xmlFreeDoc) \
	X(xmlFreeParserCtxt) X(xmlFreeTextWriter) X(xmlGetLineNo) X(xmlGetProp) \
	X(xmlHasProp) X(xmlNewParserCtxt) X(xmlNewTextWriterMemory) X(xmlNodeDump) \
	X(xmlNodeGetContent) X(xmlNodeListGetString) X(xmlParseDocument) \
	X(xmlSetGenericErrorFunc) X(xmlStopParser) X(xmlStrcmp) X(xmlStrdup) \
	X(xmlTextWriterEndDocument) X(xmlTextWriterEndElement) \
	X(xmlTextWriterSetIndent) X(xmlTextWriterSetIndentString) \
	X(xmlTextWriterStartDocument) X(xmlTextWriterStartElement) \
	X(xmlTextWriterWriteAttribute) X(xmlTextWriterWriteRaw) X(xmlFree) \
	X(__xmlGenericError) X(__xmlGenericErrorContext)
struct sb_xml_calls {
	void *handle;
	SB_XML_CALLS(SB_DL_POINTER)
};
extern struct sb_xml_calls sb_xml;

/* Load libxml2 once: 0, or -1 with why in buf. */
int sb_xml_load(char *buf, size_t size);

#ifndef SB_DL_TABLES
#define xmlBufferContent (*sb_xml.xmlBufferContent)
#define xmlBufferCreate (*sb_xml.xmlBufferCreate)
#define xmlBufferFree (*sb_xml.xmlBufferFree)
#define xmlBufferLength (*sb_xml.xmlBufferLength)
#define xmlCreateMemoryParserCtxt (*sb_xml.xmlCreateMemoryParserCtxt)
#define xmlCtxtGetLastError (*sb_xml.xmlCtxtGetLastError)
#define xmlCtxtReadMemory (*sb_xml.xmlCtxtReadMemory)
#define xmlCtxtUseOptions (*sb_xml.xmlCtxtUseOptions)
#define xmlDocGetRootElement (*sb_xml.xmlDocGetRootElement)
#define xmlFreeDoc (*sb_xml.xmlFreeDoc)
#define xmlFreeParserCtxt (*sb_xml.xmlFreeParserCtxt)
#define xmlFreeTextWriter (*sb_xml.xmlFreeTextWriter)
#define xmlGetLineNo (*sb_xml.xmlGetLineNo)
#define xmlGetProp (*sb_xml.xmlGetProp)
#define xmlHasProp (*sb_xml.xmlHasProp)
#define xmlNewParserCtxt (*sb_xml.xmlNewParserCtxt)
#define xmlNewTextWriterMemory (*sb_xml.xmlNewTextWriterMemory)
#define xmlNodeDump (*sb_xml.xmlNodeDump)
#define xmlNodeGetContent (*sb_xml.xmlNodeGetContent)
#define xmlNodeListGetString (*sb_xml.xmlNodeListGetString)
#define xmlParseDocument (*sb_xml.xmlParseDocument)
#define xmlSetGenericErrorFunc (*sb_xml.xmlSetGenericErrorFunc)
#define xmlStopParser (*sb_xml.xmlStopParser)
#define xmlStrcmp (*sb_xml.xmlStrcmp)
#define xmlStrdup (*sb_xml.xmlStrdup)
#define xmlTextWriterEndDocument (*sb_xml.xmlTextWriterEndDocument)
#define xmlTextWriterEndElement (*sb_xml.xmlTextWriterEndElement)
#define xmlTextWriterSetIndent (*sb_xml.xmlTextWriterSetIndent)
#define xmlTextWriterSetIndentString (*sb_xml.xmlTextWriterSetIndentString)
#define xmlTextWriterStartDocument (*sb_xml.xmlTextWriterStartDocument)
#define xmlTextWriterStartElement (*sb_xml.xmlTextWriterStartElement)
#define xmlTextWriterWriteAttribute (*sb_xml.xmlTextWriterWriteAttribute)
#define xmlTextWriterWriteRaw (*sb_xml.xmlTextWriterWriteRaw)
#define xmlFree (*sb_xml.xmlFree)
#define __xmlGenericError (*sb_xml.__xmlGenericError)
#define __xmlGenericErrorContext (*sb_xml.__xmlGenericErrorContext)
#endif

#define SB_ICAL_SONAME "libical.so.3"
#define SB_ICAL_CALLS(X) \
	X(icalcomponent_add_property) X(icalcomponent_as_ical_string_r) \
	X(icalcomponent_free) X(icalcomponent_new_vcalendar) \
	X(icalcomponent_new_vevent) X(icalmemory_free_buffer) X(icalproperty_free) \
	X(icalproperty_new_calscale) X(icalproperty_new_description) \
	X(icalproperty_new_dtend) X(icalproperty_new_dtstamp) \
	X(icalproperty_new_dtstart) X(icalproperty_new_prodid) \
	X(icalproperty_new_summary) X(icalproperty_new_transp) \
	X(icalproperty_new_uid) X(icalproperty_new_version) X(icalproperty_new_x) \
	X(icalproperty_set_x_name) X(icaltime_null_date) X(icaltime_null_time) \
	X(icaltimezone_get_utc_timezone)
struct sb_ical_calls {
	void *handle;
	SB_ICAL_CALLS(SB_DL_POINTER)
};
extern struct sb_ical_calls sb_ical;

/* Load libical once: 0, or -1 with why in buf. */
int sb_ical_load(char *buf, size_t size);

#ifndef SB_DL_TABLES
#define icalcomponent_add_property (*sb_ical.icalcomponent_add_property)
#define icalcomponent_as_ical_string_r (*sb_ical.icalcomponent_as_ical_string_r)
#define icalcomponent_free (*sb_ical.icalcomponent_free)
#define icalcomponent_new_vcalendar (*sb_ical.icalcomponent_new_vcalendar)
#define icalcomponent_new_vevent (*sb_ical.icalcomponent_new_vevent)
#define icalmemory_free_buffer (*sb_ical.icalmemory_free_buffer)
#define icalproperty_free (*sb_ical.icalproperty_free)
#define icalproperty_new_calscale (*sb_ical.icalproperty_new_calscale)
#define icalproperty_new_description (*sb_ical.icalproperty_new_description)
#define icalproperty_new_dtend (*sb_ical.icalproperty_new_dtend)
#define icalproperty_new_dtstamp (*sb_ical.icalproperty_new_dtstamp)
#define icalproperty_new_dtstart (*sb_ical.icalproperty_new_dtstart)
#define icalproperty_new_prodid (*sb_ical.icalproperty_new_prodid)
#define icalproperty_new_summary (*sb_ical.icalproperty_new_summary)
#define icalproperty_new_transp (*sb_ical.icalproperty_new_transp)
#define icalproperty_new_uid (*sb_ical.icalproperty_new_uid)
#define icalproperty_new_version (*sb_ical.icalproperty_new_version)
#define icalproperty_new_x (*sb_ical.icalproperty_new_x)
#define icalproperty_set_x_name (*sb_ical.icalproperty_set_x_name)
#define icaltime_null_date (*sb_ical.icaltime_null_date)
#define icaltime_null_time (*sb_ical.icaltime_null_time)
#define icaltimezone_get_utc_timezone (*sb_ical.icaltimezone_get_utc_timezone)
#endif

#endif /* DL_PRIV_H */
