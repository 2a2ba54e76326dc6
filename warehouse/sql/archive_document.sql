-- A fetched body as a new document version (status 'fetched' until its batch is merged).
INSERT INTO documents (doc_id, source_id, url, kind, title, content_hash, version, fetched_at, published_at,
                       http_status, etag, last_modified, content_type, raw_body, status, batch_id)
VALUES ($doc_id, $source_id, $url, $kind, $title, $content_hash, $version, $fetched_at, $published_at,
        $http_status, $etag, $last_modified, $content_type, $raw_body, 'fetched', $batch_id);
