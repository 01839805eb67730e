-- The search reads the stored document (search_document) now; the expression index it replaced only cost writes.
DROP INDEX IF EXISTS directory_services_text_idx;
