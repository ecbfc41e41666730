-- 003-day-rank.sql: counting shoot days without reading them.
--
-- A shoot day's number is its rank among the shoot days of its lane, so a
-- move counts days (the number of the day it leaves) and skips days (the
-- day it is sent to).  The unique (lane_id, pos) index leaves the kind of
-- each day to be read from the table, a row at a time; with the kind in
-- the index, both are a walk of the index alone.  sb-bench measured a move
-- at 1 000 000 strips (260 000 days) spending most of its time there.
CREATE INDEX day_rank ON day(lane_id, kind, pos);
