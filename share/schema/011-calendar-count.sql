-- 011-calendar-count.sql: the shoot days before each calendar entry, kept.
--
-- A shoot day's date is the calendar's n-th shooting date: reading it
-- walked every entry of the calendar from its start (at a million strips
-- 29 000 entries, nine tenths of listing one day).  calendar_day.shoot_n
-- keeps, for each dated entry, how many dates of the calendar shoot before
-- its date (from the start entry on: 0 before it), so a reader enters the
-- calendar at the last entry before the day it wants and reads only the
-- entries from there to the last day it prints.  Dates themselves still
-- follow from the calendar: moving strips and adding, dropping or moving
-- days change no count.
--
-- calendar.counted says whether the counts are those of the entries: 0
-- until they are counted, then 1.  Every writer of a calendar or its
-- entries in the store sets it to 0 (lib/store_calendar.c); the counts are
-- made again when the transaction commits.  An entry whose date does not
-- read counts -1; NULL is an entry not counted, one written behind the
-- library's back, and a reader takes the counts only when there is none
-- (the index finds one at once), else it walks every entry as before.
-- calendar_day_kind finds the start entry without reading the others.
-- Migration 011 (the bench's, issue 11).
ALTER TABLE calendar ADD COLUMN counted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calendar_day ADD COLUMN shoot_n INTEGER;
CREATE INDEX calendar_day_count ON calendar_day(calendar_id, shoot_n);
CREATE INDEX calendar_day_kind ON calendar_day(calendar_id, kind, rank, id);
