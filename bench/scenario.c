/*
 * scenario.c - the scenarios of sb-bench: one table.  A scenario is a
 * name, the command line with {placeholders} (run.c fills them), the SQL
 * that returns the same rows (the baseline), and how many rows a run
 * handles.  A scenario whose command is not built is reported as skipped.
 * docs/performance.md says how to add one.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_priv.h"

/* The rows of a board in board order: what sb-export writes. */
#define BOARD_SQL \
	"SELECT b.name, l.name, d.kind, p.pos, s.uid, p.version, s.type, s.scene," \
	" s.int_ext, s.day_night, s.set_name, s.location, s.script_day, s.eighths," \
	" s.est_ms, coalesce(s.synopsis, s.banner_text)," \
	" (SELECT group_concat(name, '; ') FROM (SELECT e.name FROM strip_element se" \
	"  JOIN element e ON e.id = se.element_id WHERE se.strip_id = s.id" \
	"  ORDER BY se.rank))" \
	" FROM lane l JOIN board b ON b.id = l.board_id JOIN day d ON d.lane_id = l.id" \
	" JOIN placement p ON p.day_id = d.id JOIN strip s ON s.id = p.strip_id" \
	" WHERE l.board_id = @board"

#define BOARD_ORDER " ORDER BY l.rank, l.id, d.pos, p.pos"

/* Every record of a USS file: what sb-export --format uss writes. */
#define USS_SQL \
	"SELECT s.uid, s.type, s.scene, s.synopsis, s.comments, s.banner_text," \
	" s.script_page, s.eighths, s.est_ms, s.created, s.ext, s.absent," \
	" (SELECT group_concat(uid) FROM (SELECT e.uid FROM strip_element se" \
	"  JOIN element e ON e.id = se.element_id WHERE se.strip_id = s.id" \
	"  ORDER BY se.rank))" \
	" FROM strip s WHERE s.project_id = @project ORDER BY s.rank, s.id;" \
	"SELECT uid, name, ucid, created, ext, absent FROM category" \
	" WHERE project_id = @project ORDER BY rank, id;" \
	"SELECT e.uid, c.uid, e.name, e.board_id, e.is_dood, e.is_hold, e.is_drop," \
	" e.drop_days, e.days_off, e.linked, e.is_id_lock, e.created, e.ext, e.absent," \
	" (SELECT json_group_array(json_object('id', v.uid, 'type', v.type, 'name'," \
	"  v.name, 'date', coalesce(v.date_raw, v.date))) FROM element_event v" \
	"  WHERE v.element_id = e.id)" \
	" FROM element e JOIN category c ON c.id = e.category_id" \
	" WHERE e.project_id = @project ORDER BY e.rank, e.id;" \
	"SELECT b.uid, l.uid, d.id, s.uid FROM board b JOIN lane l ON l.board_id = b.id" \
	" JOIN day d ON d.lane_id = l.id JOIN placement p ON p.day_id = d.id" \
	" JOIN strip s ON s.id = p.strip_id WHERE b.project_id = @project" \
	" ORDER BY b.rank, b.id, l.rank, l.id, d.pos, p.pos;" \
	"SELECT c.uid, c.name, c.days_off, d.uid, d.type, d.name," \
	" coalesce(d.date_raw, d.date) FROM calendar c" \
	" LEFT JOIN calendar_day d ON d.calendar_id = c.id" \
	" WHERE c.project_id = @project ORDER BY c.rank, c.id, d.rank, d.id"

/* The shoot days of the board's schedule, with their strips and pages. */
#define DAYS_SQL \
	"SELECT d.id, d.pos, count(p.id), sum(s.eighths), sum(s.est_ms)" \
	" FROM lane l JOIN day d ON d.lane_id = l.id" \
	" LEFT JOIN placement p ON p.day_id = d.id LEFT JOIN strip s ON s.id = p.strip_id" \
	" WHERE l.board_id = @board AND l.kind = 'schedule' AND d.kind = 'shoot'" \
	" GROUP BY d.id ORDER BY d.pos"

/*
 * What a Day Out of Days reads: each element's work days, one row a link
 * of a strip on a shoot day of the schedule to an element (omitted scenes
 * left out).
 */
#define DOOD_SQL \
	"SELECT p.day_id, se.element_id FROM lane l JOIN day d ON d.lane_id = l.id" \
	" JOIN placement p ON p.day_id = d.id JOIN strip s ON s.id = p.strip_id" \
	" JOIN strip_element se ON se.strip_id = s.id" \
	" WHERE l.board_id = @board AND l.kind = 'schedule' AND d.kind = 'shoot'" \
	" AND s.omitted = 0"

#define CMD_DB "--db", "{db}"

const struct scenario bench_scenarios[] = {
	{ "synth", "generate a production into a new database (library, sb_synth)",
	    RUN_SYNTH, NULL, { NULL }, NULL, NULL, ROWS_STRIPS, 1000000, 1, 0, 0, 0 },
	{ "import-uss", "sb-import of the production as a USS file, into a new database",
	    RUN_COMMAND, "sb-import", { "sb-import", "-q", "--db", "{fresh}", "{uss}" },
	    NULL, NULL, ROWS_STRIPS, 1000000, 0, 0, 0, 1 },
	{ "import-csv", "sb-import of First Pass as canonical CSV, into a new database",
	    RUN_COMMAND, "sb-import", { "sb-import", "-q", "--db", "{fresh}",
	    "--project", "bench", "{csv}" }, NULL, NULL, ROWS_STRIPS, 1000000, 0, 0, 0, 1 },
	{ "export-csv", "sb-export of a whole board as CSV",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--board", "{board}",
	    "--format", "csv" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE, 1000000,
	    0, 0, 0, 0 },
	{ "export-json", "sb-export of a whole board as a JSON array",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--board", "{board}",
	    "--format", "json" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE, 1000000,
	    0, 0, 0, 0 },
	{ "export-ndjson", "sb-export of a whole board as NDJSON",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--board", "{board}",
	    "--format", "ndjson" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE, 1000000,
	    0, 0, 0, 0 },
	{ "export-table", "sb-export of a whole board as the readable table",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--board", "{board}",
	    "--format", "table" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE, 1000000,
	    0, 0, 0, 0 },
	{ "export-uss", "sb-export of the whole project as USS",
	    RUN_COMMAND, "sb-export", { "sb-export", CMD_DB, "--format", "uss" },
	    NULL, USS_SQL, ROWS_BASELINE, 1000000, 0, 0, 0, 0 },
	/*
	 * Slots for the commands still to come: skipped until the command is
	 * built.  The command lines follow the planned options; check them
	 * (and the baselines) when the command lands.
	 */
	{ "day-list", "sb-day: the calendar, every shoot day of a board",
	    RUN_COMMAND, "sb-day", { "sb-day", "list", CMD_DB, "--board", "{board}",
	    "--format", "csv" }, NULL, DAYS_SQL, ROWS_BASELINE, 100000, 0, 0, 0, 0 },
	{ "day-expand", "sb-day: one shoot day expanded with its strips",
	    RUN_COMMAND, "sb-day", { "sb-day", "list", CMD_DB, "--board", "{board}",
	    "--expand={day}", "--after", "{day_before}", "--limit", "1",
	    "--format", "csv" }, NULL,
	    BOARD_SQL " AND d.id = @day" BOARD_ORDER, ROWS_BASELINE, 100000, 0, 0, 0, 0 },
	{ "day-range", "sb-day: the shoot days of a date range (20 days) with their strips",
	    RUN_COMMAND, "sb-day", { "sb-day", "list", CMD_DB, "--board", "{board}",
	    "--from", "{from}", "--to", "{to}", "--format", "csv" }, NULL,
	    BOARD_SQL " AND l.kind = 'schedule' AND d.kind = 'shoot'"
	    " AND d.pos BETWEEN @pos_from AND @pos_to" BOARD_ORDER, ROWS_BASELINE,
	    100000, 0, 0, 0, 0 },
	{ "move", "sb-reorder: one strip to another day, with its version (p50/p95/p99)",
	    RUN_COMMAND, "sb-reorder", { "sb-reorder", "move", "{strip}", "--to",
	    "{to_day}", "--if-version", "{version}", "--board", "{board}", CMD_DB },
	    NULL, NULL, ROWS_ONE, 1000000, 100, 0, 0, 0 },
	{ "move-batch", "sb-reorder: a batch of moves from standard input, atomic",
	    RUN_COMMAND, "sb-reorder", { "sb-reorder", "batch", "--atomic",
	    "--board", "{board}", CMD_DB }, "{moves}", NULL, ROWS_BATCH, 100000, 0,
	    0, 0, 0 },
	{ "sort-day", "sb-reorder: sort one shoot day by INT/EXT and set",
	    RUN_COMMAND, "sb-reorder", { "sb-reorder", "sort", "--board", "{board}",
	    "--day", "{day}", "--by", "int_ext,set", CMD_DB }, NULL, NULL, ROWS_ONE,
	    100000, 0, 0, 0, 0 },
	{ "writers", "sb-reorder: --writers processes moving strips at once",
	    RUN_COMMAND, "sb-reorder", { "sb-reorder", "move", "{strip}", "--to",
	    "{to_day}", "--if-version", "{version}", "--board", "{board}", CMD_DB },
	    NULL, NULL, ROWS_ONE, 100000, 20, -1, (1u << 5) | (1u << 6), 0 },
	{ "dood", "sb-report dood: the Day Out of Days of the cast (2 000 at 100k), CSV",
	    RUN_COMMAND, "sb-report", { "sb-report", "dood", CMD_DB, "--board", "{board}",
	    "--format", "csv" }, NULL, DOOD_SQL, ROWS_BASELINE, 100000, 0, 0, 0, 0 },
	{ "log-since", "sb-log: the audit trail since a point, as NDJSON",
	    RUN_COMMAND, "sb-log", { "sb-log", "--since", "{audit}", "--format",
	    "ndjson", CMD_DB }, NULL,
	    "SELECT * FROM audit WHERE id >= @audit ORDER BY id", ROWS_BASELINE,
	    100000, 0, 0, 0, 0 },
	{ "board-html", "sb-report: the printable colour stripboard of a whole board",
	    RUN_COMMAND, "sb-report", { "sb-report", CMD_DB, "--board", "{board}",
	    "board", "--format", "html" }, NULL, BOARD_SQL BOARD_ORDER, ROWS_BASELINE,
	    1000000, 0, 0, 0, 0 },
	{ "ics", "sb-report: the shoot days of a board as a calendar feed",
	    RUN_COMMAND, "sb-report", { "sb-report", CMD_DB, "--board", "{board}",
	    "ics" }, NULL, BOARD_SQL " AND l.kind = 'schedule' AND d.kind = 'shoot'"
	    BOARD_ORDER, ROWS_BASELINE, 1000000, 0, 0, 0, 0 },
};
const size_t bench_nscenarios = sizeof(bench_scenarios) / sizeof(bench_scenarios[0]);

const struct scenario *
bench_scenario_named(const char *name)
{
	for (size_t i = 0; i < bench_nscenarios; i++)
		if (strcmp(bench_scenarios[i].name, name) == 0)
			return &bench_scenarios[i];
	return NULL;
}

int
bench_parse_scenarios(struct bench_opts *o, const char *arg, char *err, size_t size)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int rc = 0;

	if (copy == NULL) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	memset(o->selected, 0, sizeof(o->selected));
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		const struct scenario *sc = bench_scenario_named(tok);

		if (sc == NULL) {
			snprintf(err, size, "--scenarios: no scenario called \"%s\" "
			    "(see --list)", tok);
			rc = -1;
			break;
		}
		o->selected[sc - bench_scenarios] = 1;
	}
	free(copy);
	return rc;
}

void
bench_list(const struct bench_opts *o, FILE *out)
{
	for (size_t i = 0; i < bench_nscenarios; i++) {
		const struct scenario *sc = &bench_scenarios[i];
		char path[PATH_MAX];
		int have = 1;

		if (sc->needs != NULL) {
			snprintf(path, sizeof(path), "%s/%s", o->bindir, sc->needs);
			have = access(path, X_OK) == 0;
		}
		fprintf(out, "%-13s %-9s up to %-8lld %s%s\n", sc->name,
		    sc->needs != NULL ? sc->needs : "library", (long long)sc->max_strips,
		    sc->what, have ? "" : " (skipped: not built)");
	}
}
