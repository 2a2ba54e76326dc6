-- A kept feed or listing body is decoded again on a 304: it needs the charset its server declared.
ALTER TABLE listing_cache ADD COLUMN content_type VARCHAR;
