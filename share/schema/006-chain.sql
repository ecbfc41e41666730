-- 006-chain.sql: the audit trail as a hash chain (stripboard(5), "THE CHAIN").
--
-- Each row carries the SHA-256 of the previous row's hash and of its own
-- values (every column but this one), as 64 lowercase hex digits, so a row
-- changed, deleted or inserted outside stripboard breaks the chain where it
-- stands, and `sb-log --verify` says where.  The hashes of the rows already
-- there are computed in C before this runs (lib/store_chain.c,
-- sb_chain_migrate(): SQL has no SHA-256) into the temporary table
-- audit_chain, in id order; the append-only trigger on UPDATE is lifted
-- for the one UPDATE that writes them, in this transaction, and made again.
DROP TRIGGER audit_no_update;
ALTER TABLE audit ADD COLUMN hash TEXT;
UPDATE audit SET hash = (SELECT c.hash FROM audit_chain c WHERE c.id = audit.id);
DROP TABLE audit_chain;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit rows are append-only');
END;
