-- govmail schema, migration 19: the signature check of official documents' PDF attachments
-- (Nghị định 30/2020/NĐ-CP Điều 21.2) in the exchange register. Migrations 15 to 18 come
-- first (merged before it).

-- The worst status over the document's PDF files: unsigned | valid | expired | untrusted |
-- invalid; NULL when nothing was checked (no PDF, or the check is off).
ALTER TABLE documents ADD COLUMN signature_status TEXT;
-- One line per signature (one per unsigned file), as in the X-Govmail-Signature fields:
-- file="…"; status=…; signer="…"; org="…"; signed-at=…
ALTER TABLE documents ADD COLUMN signatures TEXT;
