-- govmail schema, migration 18: follow-up of unread urgent documents (issue 22 item 3;
-- Nghị định 30/2020/NĐ-CP Điều 4.2c, 23.1, 24.2: urgent documents are handled at once).
--
-- A local recipient's row of an urgent document (Hỏa tốc, Thượng khẩn, Khẩn) gets two
-- deadlines in working time: at remind_at, if still unread, the recipient is reminded and the
-- copy flagged; at escalate_at the unit's văn thư and the sender are told. reminded_at and
-- escalated_at record that it was done, so that nothing is sent twice, across restarts too.
ALTER TABLE document_recipients ADD COLUMN remind_at INTEGER;
ALTER TABLE document_recipients ADD COLUMN escalate_at INTEGER;
ALTER TABLE document_recipients ADD COLUMN reminded_at INTEGER;
ALTER TABLE document_recipients ADD COLUMN escalated_at INTEGER;
-- What the follow-up worker looks for: small, whatever the size of the register.
CREATE INDEX document_recipients_follow_up ON document_recipients(remind_at)
    WHERE remind_at IS NOT NULL AND read_at IS NULL AND escalated_at IS NULL;
