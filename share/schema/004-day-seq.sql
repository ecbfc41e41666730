-- 004-day-seq.sql: the number of a shoot day, kept so a move finds it at once.
--
-- A day's number is its rank among the shoot days of its lane; counting it
-- walks every day before it, which at a million strips (a quarter of a
-- million days) is most of the cost of a move.  day.seq caches the rank:
-- it is filled for a whole lane in one pass the first time a write needs
-- it (lane.ranked = 1), and the lane is marked unranked again by every
-- change to its days (adding, dropping, moving them).  Moving strips never
-- changes it.  It caches the rank only: dates still follow from the rank
-- and the calendar, and readers that walk the days in order count as they
-- go.  NULL for a list (a lane's strips not cut into days).
ALTER TABLE lane ADD COLUMN ranked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE day ADD COLUMN seq INTEGER;
CREATE INDEX day_seq ON day(lane_id, seq);
