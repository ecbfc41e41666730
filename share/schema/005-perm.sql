-- 005-perm.sql: who may do what (sb-perm(1)).
--
-- One row per rule: a grant of a role, or a deny of a role or of one
-- action, to a user (the login name of a real uid), on a scope.  The scope
-- is the narrowest of its ids that is set: none, the whole file; then a
-- project, a board, a shoot day of the board, a strip (with a board_id,
-- the strip on that board only).  project_id is not a reference: a project
-- replaced by `sb-import --replace` keeps its id and its rules.  Boards,
-- days and strips are: their rules go with them.  A file migrated to this
-- version gets its owner as an admin of the whole file (lib/db.c), so a
-- single user notices nothing.
CREATE TABLE perm (
	id INTEGER PRIMARY KEY,
	grantee TEXT NOT NULL,
	effect TEXT NOT NULL CHECK (effect IN ('grant', 'deny')),
	what TEXT NOT NULL,
	project_id INTEGER,
	board_id INTEGER REFERENCES board(id) ON DELETE CASCADE,
	day_id INTEGER REFERENCES day(id) ON DELETE CASCADE,
	strip_id INTEGER REFERENCES strip(id) ON DELETE CASCADE,
	granted_by TEXT NOT NULL,
	granted_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX perm_rule ON perm(grantee, effect, what, coalesce(project_id, 0),
	coalesce(board_id, 0), coalesce(day_id, 0), coalesce(strip_id, 0));
CREATE INDEX perm_board ON perm(board_id);
CREATE INDEX perm_day ON perm(day_id);
CREATE INDEX perm_strip ON perm(strip_id);
