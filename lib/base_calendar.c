/*
 * base_calendar.c - dates as days since 1970-01-01 (proleptic Gregorian) and
 * shooting calendars: a start date, weekly days off and dated exceptions,
 * and the arithmetic of shoot days on them.
 */
#include <config.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stripboard.h"

/* 0001-01-01 and 9999-12-31: the dates a calendar can reach. */
#define DATE_MIN ((int64_t)-719162)
#define DATE_MAX ((int64_t)2932896)

#define ALL_DAYS 0x7fu

struct mark {
	sb_date date;
	int kind;
};

struct sb_calendar {
	sb_date start;
	unsigned off;        /* weekly days off, bit 0 Sunday */
	struct mark *marks;  /* sorted by date, one per date */
	size_t nmarks;
	size_t cap;
};

/*
 * Days from civil and back: H. Hinnant's algorithms, which count in 400
 * year eras of 146097 days from a year starting on March 1st so that the
 * leap day is the last of the year.
 */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *year, int *month, int *day)
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Read between min and max digits at *sp into *val. */
static int
read_digits(const char **sp, int min, int max, int *val)
{
	const char *s = *sp;
	int n = 0, v = 0;

	while (n < max && is_digit((unsigned char)s[n])) {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n < min || is_digit((unsigned char)s[n]))
		return 0;
	*sp = s + n;
	*val = v;
	return 1;
}

/* Check the date and what follows it, and store it. */
static int
finish_date(const char *rest, int y, int m, int d, sb_date *date)
{
	/* A time may follow ("T07:00:00", " 07:00"), nothing else. */
	if (*rest != '\0' && *rest != 'T' && *rest != ' ')
		return SB_EDATA;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return SB_EDATA;
	*date = (sb_date)days_from_civil(y, m, d);
	return SB_OK;
}

int
sb_date_parse(const char *text, sb_date *date)
{
	const char *s = text;
	int y, m, d;

	if (text == NULL || date == NULL)
		return SB_EUSAGE;
	while (is_blank((unsigned char)*s))
		s++;
	if (!read_digits(&s, 4, 4, &y) || *s++ != '-' ||
	    !read_digits(&s, 2, 2, &m) || *s++ != '-' ||
	    !read_digits(&s, 2, 2, &d))
		return SB_EDATA;
	return finish_date(s, y, m, d, date);
}

int
sb_date_parse_mdy(const char *text, sb_date *date)
{
	const char *s = text;
	int y, m, d;

	if (text == NULL || date == NULL)
		return SB_EUSAGE;
	while (is_blank((unsigned char)*s))
		s++;
	if (!read_digits(&s, 1, 2, &m) || *s++ != '/' ||
	    !read_digits(&s, 1, 2, &d) || *s++ != '/' ||
	    !read_digits(&s, 4, 4, &y))
		return SB_EDATA;
	return finish_date(s, y, m, d, date);
}

char *
sb_date_format(sb_date date, char *buf, size_t size)
{
	int y, m, d;

	if (buf == NULL || size == 0)
		return buf;
	civil_from_days(date, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	return buf;
}

int
sb_date_weekday(sb_date date)
{
	/* 1970-01-01 was a Thursday; % may be negative before it. */
	return (int)((((int64_t)date % 7) + 11) % 7);
}

sb_date
sb_date_make(int year, int month, int day)
{
	int64_t y = year, m = (int64_t)month - 1;

	/* Months out of range carry into the year, days into the next month. */
	y += m >= 0 ? m / 12 : -((11 - m) / 12);
	m -= (m >= 0 ? m / 12 : -((11 - m) / 12)) * 12;
	return (sb_date)(days_from_civil(y, m + 1, 1) + (int64_t)day - 1);
}

sb_calendar *
sb_calendar_new(sb_date start, unsigned days_off_mask)
{
	sb_calendar *cal = calloc(1, sizeof(*cal));

	if (cal == NULL)
		return NULL;
	cal->start = start;
	cal->off = days_off_mask & ALL_DAYS;
	return cal;
}

void
sb_calendar_free(sb_calendar *cal)
{
	if (cal == NULL)
		return;
	free(cal->marks);
	free(cal);
}

/* The index of the first mark dated on or after date. */
static size_t
lower_bound(const sb_calendar *cal, int64_t date)
{
	size_t lo = 0, hi = cal->nmarks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->marks[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
has_effect(int kind)
{
	return kind != 0 && kind != SB_CAL_EVENT;
}

int
sb_calendar_mark(sb_calendar *cal, sb_date date, enum sb_cal_kind kind)
{
	size_t i;

	if (cal == NULL || kind < SB_CAL_OFF || kind > SB_CAL_EVENT)
		return SB_EUSAGE;
	i = lower_bound(cal, date);
	if (i < cal->nmarks && cal->marks[i].date == date) {
		/*
		 * An event is a note on the date: it must not undo the
		 * holiday or work day also marked there.
		 */
		if (kind == SB_CAL_EVENT && has_effect(cal->marks[i].kind))
			return SB_OK;
		cal->marks[i].kind = kind;
		return SB_OK;
	}
	if (cal->nmarks == cal->cap) {
		size_t ncap = cal->cap != 0 ? cal->cap * 2 : 16;
		struct mark *nm;

		if (ncap > SIZE_MAX / sizeof(*nm))
			return SB_EFAIL;
		nm = realloc(cal->marks, ncap * sizeof(*nm));
		if (nm == NULL)
			return SB_EFAIL;
		cal->marks = nm;
		cal->cap = ncap;
	}
	memmove(&cal->marks[i + 1], &cal->marks[i],
	    (cal->nmarks - i) * sizeof(cal->marks[0]));
	cal->marks[i].date = date;
	cal->marks[i].kind = kind;
	cal->nmarks++;
	return SB_OK;
}

static int
weekday64(int64_t date)
{
	return (int)(((date % 7) + 11) % 7);
}

/* Whether date (not before the start) with the mark kind is shot. */
static int
shoots(const sb_calendar *cal, int64_t date, int kind)
{
	switch (kind) {
	case SB_CAL_WORK:
		return 1;
	case SB_CAL_OFF:
	case SB_CAL_HOLIDAY:
	case SB_CAL_TRAVEL:
		return 0;
	default:
		return !(cal->off & (1u << weekday64(date)));
	}
}

int
sb_calendar_kind(const sb_calendar *cal, sb_date date)
{
	size_t i;

	if (cal == NULL)
		return 0;
	i = lower_bound(cal, date);
	if (i < cal->nmarks && cal->marks[i].date == date)
		return cal->marks[i].kind;
	return 0;
}

unsigned
sb_calendar_days_off(const sb_calendar *cal)
{
	return cal != NULL ? cal->off : 0;
}

int
sb_calendar_is_shoot_day(const sb_calendar *cal, sb_date date)
{
	if (cal == NULL || date < cal->start)
		return 0;
	return shoots(cal, date, sb_calendar_kind(cal, date));
}

static int
popcount7(unsigned mask)
{
	int n = 0;

	for (int i = 0; i < 7; i++)
		n += (int)((mask >> i) & 1u);
	return n;
}

/*
 * Find the n-th shoot day after the date after (n >= 1).
 *
 * Between two marks the weekly pattern alone decides, and each whole week
 * holds the same number w of shoot days: those stretches are skipped a
 * multiple of seven days at a time, keeping at least one shoot day to go.
 * Near and across marks the walk goes one day at a time.  So the cost is
 * about 7 steps per mark passed plus a few divisions, whatever n is.  With
 * every weekday off only WORK marks shoot, and the walk jumps from mark to
 * mark; after the last one there is nothing to find.
 */
static int
advance(const sb_calendar *cal, int64_t after, int64_t n, sb_date *date)
{
	int64_t cur, count = 0;
	int w = 7 - popcount7(cal->off);
	size_t i;

	/* Nothing before the start shoots. */
	cur = after < (int64_t)cal->start - 1 ? (int64_t)cal->start - 1 : after;
	i = lower_bound(cal, cur + 1);
	for (;;) {
		int64_t next_mark, gap;
		int kind = 0;

		while (i < cal->nmarks && cal->marks[i].date <= cur)
			i++;
		/* DATE_MAX + 1 caps the skip and so its arithmetic. */
		next_mark = i < cal->nmarks ? cal->marks[i].date : DATE_MAX + 1;
		gap = next_mark - 1 - cur;
		if (w == 0) {
			if (i == cal->nmarks)
				return SB_EDATA;
			cur = next_mark - 1;
		} else if (gap >= 7) {
			int64_t k = gap / 7, need = (n - count - 1) / w;

			if (need < k)
				k = need;
			cur += 7 * k;
			count += k * w;
		}
		cur++;
		if (cur > DATE_MAX)
			return SB_EDATA;
		if (i < cal->nmarks && cal->marks[i].date == cur)
			kind = cal->marks[i].kind;
		if (shoots(cal, cur, kind) && ++count == n) {
			*date = (sb_date)cur;
			return SB_OK;
		}
	}
}

int
sb_calendar_first(const sb_calendar *cal, sb_date *date)
{
	if (cal == NULL || date == NULL)
		return SB_EUSAGE;
	return advance(cal, (int64_t)cal->start - 1, 1, date);
}

int
sb_calendar_next(const sb_calendar *cal, sb_date prev, sb_date *date)
{
	if (cal == NULL || date == NULL)
		return SB_EUSAGE;
	return advance(cal, prev, 1, date);
}

int
sb_calendar_nth(const sb_calendar *cal, int64_t n, sb_date *date)
{
	if (cal == NULL || date == NULL || n < 1)
		return SB_EUSAGE;
	return advance(cal, (int64_t)cal->start - 1, n, date);
}

int
sb_weekdays_parse(const char *text, unsigned *mask)
{
	const char *s = text;
	unsigned m = 0;
	int bracket = 0;

	if (text == NULL || mask == NULL)
		return SB_EUSAGE;
	while (is_blank((unsigned char)*s))
		s++;
	if (*s == '[') {
		bracket = 1;
		s++;
		while (is_blank((unsigned char)*s))
			s++;
	}
	if (*s != '\0' && *s != ']') {
		for (;;) {
			int v;

			/* One or two digits, so "06" is fine and "0006" not. */
			if (!read_digits(&s, 1, 2, &v) || v > 6)
				return SB_EDATA;
			m |= 1u << v;
			while (is_blank((unsigned char)*s))
				s++;
			if (*s != ',')
				break;
			s++;
			while (is_blank((unsigned char)*s))
				s++;
		}
	}
	if (bracket) {
		if (*s != ']')
			return SB_EDATA;
		s++;
	}
	while (is_blank((unsigned char)*s))
		s++;
	if (*s != '\0')
		return SB_EDATA;
	*mask = m;
	return SB_OK;
}
