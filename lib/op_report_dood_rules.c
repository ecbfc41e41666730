/*
 * op_report_dood_rules.c - the rules of a Day Out of Days, for one
 * element, on plain data: the company calendar, the element's work dates
 * and its events.  No database: the unit tests try each rule on made-up
 * calendars, the report (op_report_dood.c) feeds it the board.
 *
 * The rules (FORMATS.md sections 6 and 7, Movie Magic's DOOD rules):
 * - work dates are the dates of shoot days whose strips name the element;
 *   the first is SW, the last WF, a single one SWF.  With
 *   SB_DOOD_START_PAID a travel or rehearsal day before the first work date
 *   is the start (ST, SR) and one after the last the finish (TF, RF);
 * - between start and finish: a company holiday is "/"; an element event
 *   shows its code (TR, R, FT); a company travel day is TR; a company day
 *   off stays blank; any other date is H when the element allows holds,
 *   else blank (idle);
 * - an element that allows drops drops in a gap between two work dates of
 *   at least its drop-day count of calendar days: the first such gap only,
 *   unless more drops are allowed.  The gap's dates are D (blank with
 *   SB_DOOD_DROP_BLANK), its days off stay blank, an event keeps its code;
 *   a holiday inside a drop is part of it (the element is off the payroll);
 *   the first work date after it is PW (PWF when it is the last).  With
 *   SB_DOOD_DROP_ON_LAST the last work date before it is WD (SWD) and its
 *   dates are blank;
 * - before the start and after the finish a date is blank, or the code of
 *   an element event on it.
 * Totals: work (every work code), hold, holiday, travel (TR, ST, TF), drop
 * (the dates of drops but their days off), idle (dates between start and
 * finish neither paid nor a company day off: drops, the gaps of an element
 * without holds), and total = work + hold + holiday + travel, plus
 * rehearsals and fittings with SB_DOOD_PAID_EVENTS (a paid start or
 * finish, SR or RF, always counts).
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "report_priv.h"

const char *const dood_code_text[DOOD_NCODES] = {
	[DOOD_BLANK] = "", [DOOD_SW] = "SW", [DOOD_W] = "W", [DOOD_WF] = "WF",
	[DOOD_SWF] = "SWF", [DOOD_H] = "H", [DOOD_D] = "D", [DOOD_PW] = "PW",
	[DOOD_PWF] = "PWF", [DOOD_WD] = "WD", [DOOD_SWD] = "SWD", [DOOD_TR] = "TR",
	[DOOD_R] = "R", [DOOD_FT] = "FT", [DOOD_HOL] = "/", [DOOD_ST] = "ST",
	[DOOD_SR] = "SR", [DOOD_TF] = "TF", [DOOD_RF] = "RF",
};

int
dood_is_work(int code)
{
	return code == DOOD_SW || code == DOOD_W || code == DOOD_WF || code == DOOD_SWF ||
	    code == DOOD_PW || code == DOOD_PWF || code == DOOD_WD || code == DOOD_SWD;
}

/* The event of the element on date, or NULL (events sorted by date). */
static const struct dood_event *
event_on(const struct dood_in *in, sb_date d, size_t *cursor)
{
	while (*cursor < in->nev && in->ev[*cursor].date < d)
		(*cursor)++;
	return *cursor < in->nev && in->ev[*cursor].date == d ? &in->ev[*cursor] : NULL;
}

static int
event_code(int kind)
{
	return kind == DOOD_EV_TRAVEL ? DOOD_TR : kind == DOOD_EV_REHEARSAL ? DOOD_R :
	    kind == DOOD_EV_FITTING ? DOOD_FT : DOOD_BLANK;
}

int
dood_company(const sb_calendar *cal, sb_date d)
{
	int kind = sb_calendar_kind(cal, d);

	if (kind == SB_CAL_HOLIDAY)
		return DOOD_WHY_HOLIDAY;
	if (kind == SB_CAL_TRAVEL)
		return DOOD_WHY_COMPANY_TRAVEL;
	/* the weekly days off, also before the start (a paid start may be) */
	if (kind == SB_CAL_OFF || (kind != SB_CAL_WORK &&
	    sb_calendar_days_off(cal) & (1u << sb_date_weekday(d))))
		return DOOD_WHY_OFF;
	return 0;
}

int
dood_element(const struct dood_in *in, struct dood_cell *cells, struct dood_totals *t)
{
	size_t nw = in->nwork, w = 0, ev = 0, drops = 0;
	int64_t drop_days = in->drop_days > 0 ? in->drop_days : 1;
	int64_t max_drops = in->max_drops;
	sb_date s, f, gap_lo = 0, gap_hi = 0;   /* the last drop met */
	int start_code = 0, finish_code = 0, gap = 0;
	size_t ndates = (size_t)(in->to - in->from + 1);

	memset(t, 0, sizeof(*t));
	if (in->to < in->from)
		return 0;
	memset(cells, 0, ndates * sizeof(*cells));
	if (nw == 0 && !(in->flags & SB_DOOD_START_PAID))
		return 0;
	s = nw > 0 ? in->work[0] : 0;
	f = nw > 0 ? in->work[nw - 1] : 0;
	if (in->flags & SB_DOOD_START_PAID) {
		/* the first paid event before the first work date, the last after */
		for (size_t i = 0; i < in->nev; i++) {
			int k = in->ev[i].kind;

			if (k != DOOD_EV_TRAVEL && k != DOOD_EV_REHEARSAL)
				continue;
			if (nw == 0 || in->ev[i].date < s) {
				if (start_code == 0 || in->ev[i].date < s) {
					s = in->ev[i].date;
					start_code = k == DOOD_EV_TRAVEL ? DOOD_ST : DOOD_SR;
				}
				if (nw == 0 && (finish_code == 0 || in->ev[i].date > f)) {
					f = in->ev[i].date;
					finish_code = k == DOOD_EV_TRAVEL ? DOOD_TF : DOOD_RF;
				}
			} else if (in->ev[i].date > f || (finish_code != 0 &&
			    in->ev[i].date == f)) {
				f = in->ev[i].date;
				finish_code = k == DOOD_EV_TRAVEL ? DOOD_TF : DOOD_RF;
			}
		}
		if (nw == 0 && start_code == 0)
			return 0;
		if (nw == 0 && s == f)
			finish_code = 0;   /* one paid day: its start code */
	}
	if (max_drops == 0)
		max_drops = 1;
	t->start = s;
	t->finish = f;
	t->has_run = 1;

	/*
	 * Outside the run only events show: those dates are set from the
	 * events, and the walk below covers the run alone (most elements of a
	 * long shoot work a few weeks of it).
	 */
	for (size_t i = 0; i < ndates; i++)
		cells[i].why = DOOD_WHY_OUTSIDE;
	for (size_t k = 0; k < in->nev; k++) {
		sb_date d = in->ev[k].date;
		struct dood_cell *c;

		if (d < in->from || d > in->to || (d >= s && d <= f))
			continue;
		c = &cells[d - in->from];
		if (event_code(in->ev[k].kind) != DOOD_BLANK) {
			c->code = (uint8_t)event_code(in->ev[k].kind);
			c->why = DOOD_WHY_EVENT_OUTSIDE;
			if (c->code == DOOD_TR)
				t->travel++;
		}
	}
	for (size_t i = s > in->from ? (size_t)(s - in->from) : 0;
	    i < ndates && in->from + (int64_t)i <= f; i++) {
		sb_date d = (sb_date)(in->from + (int64_t)i);
		struct dood_cell *c = &cells[i];
		const struct dood_event *e = event_on(in, d, &ev);
		int co;

		while (w < nw && in->work[w] < d)
			w++;
		if ((!gap || d > gap_hi) && w > 0 && w < nw && in->work[w] != d && in->drop &&
		    (max_drops < 0 || drops < (size_t)max_drops) &&
		    in->work[w] - in->work[w - 1] - 1 >= drop_days &&
		    d > in->work[w - 1]) {
			/* entering a gap long enough to drop */
			gap_lo = in->work[w - 1] + 1;
			gap_hi = in->work[w] - 1;
			gap = 1;
			drops++;
		}
		if (w < nw && in->work[w] == d) {
			int first = d == s, last = d == f;
			int pickup = gap && gap_hi == d - 1;
			int before_drop = 0;

			if (in->flags & SB_DOOD_DROP_ON_LAST && in->drop && w + 1 < nw &&
			    in->work[w + 1] - d - 1 >= drop_days) {
				/* will the gap after it drop?  count the drops so far */
				before_drop = max_drops < 0 || drops < (size_t)max_drops;
			}
			c->why = DOOD_WHY_WORK;
			if (pickup) {
				c->code = last ? DOOD_PWF : DOOD_PW;
				c->why = DOOD_WHY_PICKUP;
			} else if (before_drop) {
				c->code = first ? DOOD_SWD : DOOD_WD;
				c->why = DOOD_WHY_WORK_DROP;
			} else {
				c->code = first && last ? DOOD_SWF : first ? DOOD_SW :
				    last ? DOOD_WF : DOOD_W;
			}
			t->work++;
			continue;
		}
		if (d == s && start_code != 0) {
			c->code = (uint8_t)start_code;
			c->why = DOOD_WHY_PAID_START;
			if (c->code == DOOD_ST)
				t->travel++;
			else
				t->paid_events++;
			continue;
		}
		if (d == f && finish_code != 0) {
			c->code = (uint8_t)finish_code;
			c->why = DOOD_WHY_PAID_FINISH;
			if (c->code == DOOD_TF)
				t->travel++;
			else
				t->paid_events++;
			continue;
		}
		co = in->company != NULL ? in->company[i] : dood_company(in->cal, d);
		if (gap && d >= gap_lo && d <= gap_hi) {
			/* a drop: the element is off the payroll */
			if (e != NULL && event_code(e->kind) != DOOD_BLANK) {
				c->code = (uint8_t)event_code(e->kind);
				c->why = DOOD_WHY_EVENT;
			} else if (co == DOOD_WHY_OFF) {
				c->why = DOOD_WHY_DROP_OFF;
				continue;
			} else {
				c->code = in->flags & (SB_DOOD_DROP_BLANK | SB_DOOD_DROP_ON_LAST) ?
				    DOOD_BLANK : DOOD_D;
				c->why = DOOD_WHY_DROP;
				t->drop++;
				t->idle++;
				continue;
			}
		} else if (co == DOOD_WHY_HOLIDAY) {
			c->code = DOOD_HOL;
			c->why = DOOD_WHY_HOLIDAY;
			t->holiday++;
			continue;
		} else if (e != NULL && event_code(e->kind) != DOOD_BLANK) {
			c->code = (uint8_t)event_code(e->kind);
			c->why = DOOD_WHY_EVENT;
		} else if (co == DOOD_WHY_COMPANY_TRAVEL) {
			c->code = DOOD_TR;
			c->why = DOOD_WHY_COMPANY_TRAVEL;
			t->travel++;
			continue;
		} else if (co == DOOD_WHY_OFF) {
			c->why = DOOD_WHY_OFF;
			continue;
		} else if (in->hold) {
			c->code = DOOD_H;
			c->why = DOOD_WHY_HOLD;
			t->hold++;
			continue;
		} else {
			c->why = DOOD_WHY_NO_HOLD;
			t->idle++;
			continue;
		}
		/* an element event between start and finish */
		if (c->code == DOOD_TR)
			t->travel++;
		else if (c->code == DOOD_R)
			t->rehearsal++;
		else
			t->fitting++;
	}
	t->drops = (int64_t)drops;
	t->total = t->work + t->hold + t->holiday + t->travel + t->paid_events;
	if (in->flags & SB_DOOD_PAID_EVENTS)
		t->total += t->rehearsal + t->fitting;
	return 1;
}

/* Does text contain word, any case? */
static int
has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; p != NULL && *p != '\0'; p++)
		if (strncasecmp(p, word, n) == 0)
			return 1;
	return 0;
}

int
dood_event_kind(const char *type, const char *name)
{
	/* real files name the kind in either ("event" named "travel") */
	const char *both[2] = { name, type };

	for (int i = 0; i < 2; i++) {
		if (both[i] == NULL)
			continue;
		if (has_word(both[i], "travel"))
			return DOOD_EV_TRAVEL;
		if (has_word(both[i], "rehears"))
			return DOOD_EV_REHEARSAL;
		if (has_word(both[i], "fitting"))
			return DOOD_EV_FITTING;
		if (has_word(both[i], "dayoff") || has_word(both[i], "day off"))
			return DOOD_EV_DAY_OFF;
	}
	return DOOD_EV_OTHER;
}
