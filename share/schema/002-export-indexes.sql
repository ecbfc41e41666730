-- 002-export-indexes.sql: what writing a board or a project needs at scale.
--
-- Every export reads each strip's elements in their order (strip_element
-- by strip_id, ordered by rank).  The primary key (strip_id, element_id)
-- finds them but leaves each strip's few rows to be sorted, which sb-bench
-- measured at a quarter of a board export; this index hands them over in
-- order, element ids included, so the table itself is not read.
CREATE INDEX strip_element_rank ON strip_element(strip_id, rank, element_id);
