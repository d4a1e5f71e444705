-- govmail's PostgreSQL schema, migration 4: leases for the work several nodes could both
-- pick up from the register and the recall requests (issue 23). SQLite has one process and
-- needs none of this.
--
-- A node that reads receipt groups to send (`pending_receipts`) or recall requests to carry
-- out (`open_recalls`) stamps their rows with its name and a time until which they are its
-- own; other nodes skip rows held by a live lease. Settling a receipt group or finishing a
-- request ends the lease; a node that died lets it run out.

ALTER TABLE document_recipients ADD COLUMN lease_by TEXT;
ALTER TABLE document_recipients ADD COLUMN lease_until BIGINT;

ALTER TABLE recall_requests ADD COLUMN lease_by TEXT;
ALTER TABLE recall_requests ADD COLUMN lease_until BIGINT;
