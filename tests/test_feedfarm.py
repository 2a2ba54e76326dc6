"""The feed farm of the triggerer benchmark: conditional requests get 304 until a feed changes; requests counted."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from statwatch_dev.feedfarm import FeedFarm, feed_path


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_unchanged_feeds_answer_304_and_changed_ones_200_with_the_new_item():
    with FeedFarm(50) as farm:
        url = farm.url + feed_path(7)
        status, headers, body = _get(url)
        assert status == 200 and b"feed 7 item 10" in body
        assert _get(url, {"If-None-Match": headers["ETag"]})[0] == 304
        assert _get(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        changed = farm.change(50)  # one full rotation: every feed once
        assert sorted(changed) == list(range(50))
        status, headers2, body = _get(url, {"If-None-Match": headers["ETag"]})
        assert status == 200 and headers2["ETag"] != headers["ETag"] and b"feed 7 item 11" in body
        assert _get(farm.url + "/feeds/0050.xml")[0] == 404
        stats = json.loads(_get(farm.url + "/_stats")[2])
        assert len(stats["requests"]["7"]) == 4 and stats["status"] == {"200": 2, "304": 2, "404": 1}
