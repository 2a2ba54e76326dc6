-- Feeds and listing pages keep their last body, so an unchanged feed costs a 304 and is still listed.
ALTER TABLE http_cache ADD COLUMN body BLOB;
