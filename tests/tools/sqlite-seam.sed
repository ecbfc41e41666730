# sqlite-seam.sed - the mechanical rename of the statement calls to the
# engine seam of lib/db_stmt.h (docs/architecture.md, "The engines").
# Re-apply it to C files written against the sqlite3_* calls:
#     sed -i -f tests/tools/sqlite-seam.sed lib/op_new.c
# It is idempotent.  It covers code that works through the context
# (sb_ctx); tests that open a file with sqlite3_open() directly keep
# their own sqlite3_* calls and are not given to it.  Result codes stay
# SQLite's (SQLITE_ROW, SQLITE_DONE, SQLITE_NULL, SQLITE_CONSTRAINT_*).
s/\bsqlite3_stmt\b/sb_st/g
s/\bsqlite3_bind_int64(/sb_bind_int64(/g
s/\bsqlite3_bind_int(/sb_bind_int(/g
s/\bsqlite3_bind_null(/sb_bind_null(/g
s/\bsqlite3_bind_text(\([^,]*\), \([^,]*\), \([^,]*\), -1, SQLITE_\(STATIC\|TRANSIENT\))/sb_bind_text(\1, \2, \3)/g
s/\bsqlite3_bind_parameter_count(/sb_bind_count(/g
s/\bsqlite3_bind_parameter_index(/sb_bind_index(/g
s/\bsqlite3_clear_bindings(/sb_clear_bindings(/g
s/\bsqlite3_reset(/sb_reset(/g
s/\bsqlite3_step(/sb_step(/g
s/\bsqlite3_column_int64(/sb_col_int64(/g
s/\bsqlite3_column_int(/sb_col_int(/g
s/\bsqlite3_column_text(/sb_col_text(/g
s/\bsqlite3_column_type(/sb_col_type(/g
s/\bsqlite3_column_bytes(/sb_col_bytes(/g
s/\bsqlite3_column_count(/sb_col_count(/g
s/\bsqlite3_stmt_readonly(/sb_stmt_readonly(/g
s/\bsqlite3_finalize(/sb_finalize(/g
s/\bsqlite3_prepare_v[23](\([a-z_>.-]*\)->db, \([^,]*\), -1, \(&[a-z_>.-]*\), NULL)/sb_prepare(\1, \2, \3)/g
s/\bsqlite3_prepare_v3(\([a-z_>.-]*\)->db, \([^,]*\), -1, SQLITE_PREPARE_PERSISTENT, \(&[a-z_>.-]*\), NULL)/sb_prepare(\1, \2, \3)/g
s/\bsqlite3_errmsg(\([a-z_>.-]*\)->db)/sb_db_errmsg(\1)/g
s/\bsqlite3_extended_errcode(\([a-z_>.-]*\)->db)/sb_errcode(\1)/g
s/\bsqlite3_changes(\([a-z_>.-]*\)->db)/sb_changes(\1)/g
s/\bsqlite3_last_insert_rowid(\([a-z_>.-]*\)->db)/sb_last_id(\1)/g
