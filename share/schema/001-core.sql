-- 001-core.sql: the first schema of a stripboard file.
--
-- Every mutable row has `version`, which rises by one on each change of the
-- row's meaning.  `uid` is the stable id a production carries between tools
-- (the USS id, a Movie Magic BDSID...).  `ext` keeps, as a JSON object, the
-- keys of an imported record that stripboard does not model, so that they
-- survive a round trip; `absent` lists the keys the record did not have, so
-- that a writer does not invent them.  A key of `ext` that names a modelled
-- field holds a value the columns cannot express (a scene number written as
-- a JSON number, say) and wins over the column when the record is written.
-- NULL in an element's is_dood, is_hold or is_drop means "not said": true.
-- `rank` keeps the order of a list as it was read.  Dates are ISO 8601 text;
-- times UTC with milliseconds.

CREATE TABLE project (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	uid TEXT,
	title TEXT,
	meta TEXT NOT NULL DEFAULT '{}',
	active_board_id INTEGER,
	created_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE category (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	uid TEXT NOT NULL,
	name TEXT NOT NULL,
	ucid INTEGER,
	rank INTEGER NOT NULL,
	created TEXT,
	ext TEXT,
	absent TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, uid)
);

CREATE TABLE element (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	category_id INTEGER NOT NULL REFERENCES category(id) ON DELETE CASCADE,
	uid TEXT NOT NULL,
	name TEXT NOT NULL,
	board_id TEXT,
	is_dood INTEGER,
	is_hold INTEGER,
	is_drop INTEGER,
	drop_days INTEGER,
	days_off TEXT,
	linked TEXT,
	is_id_lock INTEGER,
	rank INTEGER NOT NULL,
	created TEXT,
	ext TEXT,
	absent TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, uid)
);
CREATE INDEX element_category ON element(category_id, name);

CREATE TABLE element_event (
	id INTEGER PRIMARY KEY,
	element_id INTEGER NOT NULL REFERENCES element(id) ON DELETE CASCADE,
	rank INTEGER NOT NULL,
	uid TEXT,
	type TEXT,
	name TEXT,
	date_raw TEXT,
	date TEXT,
	ext TEXT,
	absent TEXT
);
CREATE INDEX element_event_element ON element_event(element_id, rank);

CREATE TABLE strip (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	uid TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('scene', 'banner')),
	scene TEXT,
	int_ext TEXT,
	day_night TEXT,
	set_name TEXT,
	location TEXT,
	script_day TEXT,
	synopsis TEXT,
	comments TEXT,
	banner_text TEXT,
	script_page TEXT,
	eighths INTEGER CHECK (eighths IS NULL OR eighths BETWEEN 0 AND 8000),
	est_ms INTEGER CHECK (est_ms IS NULL OR est_ms >= 0),
	omitted INTEGER NOT NULL DEFAULT 0,
	rank INTEGER NOT NULL,
	created TEXT,
	ext TEXT,
	absent TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, uid)
);
CREATE INDEX strip_project_rank ON strip(project_id, rank);
CREATE INDEX strip_scene ON strip(project_id, scene);

CREATE TABLE strip_element (
	strip_id INTEGER NOT NULL REFERENCES strip(id) ON DELETE CASCADE,
	element_id INTEGER NOT NULL REFERENCES element(id) ON DELETE CASCADE,
	rank INTEGER NOT NULL,
	PRIMARY KEY (strip_id, element_id)
) WITHOUT ROWID;
CREATE INDEX strip_element_element ON strip_element(element_id);

CREATE TABLE calendar (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	uid TEXT NOT NULL,
	name TEXT,
	days_off TEXT,
	rank INTEGER NOT NULL,
	ext TEXT,
	absent TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (project_id, uid)
);

-- Dated entries of a calendar: the start, days off, holidays, travel days,
-- exception work days and other events.  `kind` is what the entry does to
-- the schedule; `type` and `name` are as the source wrote them.
CREATE TABLE calendar_day (
	id INTEGER PRIMARY KEY,
	calendar_id INTEGER NOT NULL REFERENCES calendar(id) ON DELETE CASCADE,
	rank INTEGER NOT NULL,
	uid TEXT,
	type TEXT,
	name TEXT,
	date_raw TEXT,
	date TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('start', 'off', 'holiday', 'travel', 'work', 'event')),
	ext TEXT,
	absent TEXT,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX calendar_day_calendar ON calendar_day(calendar_id, date);

-- A board is a named ordering of the strips (Movie Magic's stripboard, a
-- USS stripboard).  It has lanes: the schedule, the boneyard, and any
-- other list a source had (a second unit).
CREATE TABLE board (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
	uid TEXT NOT NULL,
	name TEXT NOT NULL,
	calendar_id INTEGER REFERENCES calendar(id) ON DELETE SET NULL,
	rank INTEGER NOT NULL,
	ext TEXT,
	absent TEXT,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX board_project ON board(project_id, rank);

CREATE TABLE lane (
	id INTEGER PRIMARY KEY,
	board_id INTEGER NOT NULL REFERENCES board(id) ON DELETE CASCADE,
	uid TEXT,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('schedule', 'boneyard', 'other')),
	nested INTEGER NOT NULL DEFAULT 1,
	rank INTEGER NOT NULL,
	ext TEXT,
	absent TEXT,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX lane_board ON lane(board_id, rank);

-- A day is a container of strips in a lane, ordered by its position key:
-- a shoot day, or the one list of a lane without day breaks (the boneyard,
-- a board not yet cut into days).  A shoot day's number and date follow
-- from its rank and the calendar; they are never stored.  uss_bare: a USS
-- file wrote this one-strip day as a bare id instead of a list (the full
-- sample does); it is written back so while the day holds one strip.
CREATE TABLE day (
	id INTEGER PRIMARY KEY,
	board_id INTEGER NOT NULL REFERENCES board(id) ON DELETE CASCADE,
	lane_id INTEGER NOT NULL REFERENCES lane(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('shoot', 'list')),
	pos TEXT NOT NULL,
	uss_bare INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (lane_id, pos)
);
CREATE INDEX day_board ON day(board_id);

CREATE TABLE placement (
	id INTEGER PRIMARY KEY,
	board_id INTEGER NOT NULL REFERENCES board(id) ON DELETE CASCADE,
	strip_id INTEGER NOT NULL REFERENCES strip(id) ON DELETE CASCADE,
	day_id INTEGER NOT NULL REFERENCES day(id) ON DELETE CASCADE,
	pos TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	UNIQUE (board_id, strip_id),
	UNIQUE (day_id, pos)
);
CREATE INDEX placement_strip ON placement(strip_id);

-- The audit trail: one row per change, written in the change's transaction.
-- project_id and entity_id are plain numbers, not references: the trail
-- outlives what it describes.
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	command TEXT NOT NULL,
	project_id INTEGER,
	entity TEXT NOT NULL,
	entity_id INTEGER,
	version_before INTEGER,
	version_after INTEGER,
	changes TEXT
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_project ON audit(project_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit rows are append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit rows are append-only');
END;
