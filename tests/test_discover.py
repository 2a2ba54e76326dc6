"""Feed and listing discovery: every feed family through feedparser, one decoder, paginated and GBK listings,
refused entity declarations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from statwatch.charset import decode_bytes
from statwatch.discover import CST, FeedItem, parse_feed, parse_listing
from statwatch.errors import ParseError

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>郑州局</title><link>http://127.0.0.1:8765/rail/</link>
<item><title>中欧班列（郑州）4月22日开行6列</title><link>/rail/2022/04/22.html</link>
  <pubDate>Fri, 22 Apr 2022 18:00:00 +0800</pubDate><guid isPermaLink="false">rail-2022-04-22</guid></item>
<item><title>无链接，guid 为永久链接</title><guid>http://127.0.0.1:8765/rail/2022/04/23.html</guid></item>
<item><title>没有链接的条目被跳过</title></item>
<item><title>本地时间</title><link>http://127.0.0.1:8765/rail/2022/04/24.html#top</link>
  <pubDate>Sun, 24 Apr 2022 09:00:00</pubDate></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>stats</title>
<entry><title>Q1 release</title><id>tag:example,2022:q1</id>
  <link rel="alternate" href="/stats/2022/t20220425_1.html"/><link rel="enclosure" href="/x.pdf"/>
  <published>2022-04-25T10:00:00+08:00</published></entry>
<entry><title>updated only</title><id>tag:example,2022:x</id><link href="http://h/stats/2.html"/>
  <updated>2022-04-26T02:00:00Z</updated></entry>
</feed>"""


def test_rss_items_in_order_with_absolute_urls_and_aware_dates():
    items = parse_feed(RSS, "http://127.0.0.1:8765/rail/feed.xml")
    assert [i.url for i in items] == [
        "http://127.0.0.1:8765/rail/2022/04/22.html",
        "http://127.0.0.1:8765/rail/2022/04/23.html",
        "http://127.0.0.1:8765/rail/2022/04/24.html",
    ]
    first = items[0]
    assert first.title == "中欧班列（郑州）4月22日开行6列"
    assert first.guid == "rail-2022-04-22"
    assert first.published == datetime(2022, 4, 22, 10, 0, tzinfo=UTC)
    assert items[1].published is None and items[1].guid == items[1].url
    assert items[2].published == datetime(2022, 4, 24, 9, 0, tzinfo=CST)


def test_atom_entries():
    items = parse_feed(ATOM, "http://h/stats/feed.atom")
    assert items == [
        FeedItem("http://h/stats/2022/t20220425_1.html", "Q1 release",
                 datetime(2022, 4, 25, 2, 0, tzinfo=UTC), "tag:example,2022:q1"),
        FeedItem("http://h/stats/2.html", "updated only", datetime(2022, 4, 26, 2, 0, tzinfo=UTC), "tag:example,2022:x"),
    ]


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b"<rss><channel><item><link>&lol2;</link></item></channel></rss>",
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item>'
    b"<link>http://h/&x;</link></item></channel></rss>",
    '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x [<!entity a "b">]><rss/>'.encode("utf-16"),
])
def test_entity_declarations_refused(body):
    with pytest.raises(ParseError, match="entit"):
        parse_feed(body, "http://h/feed.xml")


def test_a_plain_doctype_is_read_and_its_dtd_never_fetched(httpserver):
    """RSS 0.91 feeds carry a DOCTYPE; the parser must not fetch what it points at."""
    dtd = httpserver.url_for("/evil.dtd")
    body = (f'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "{dtd}">'
            '<rss version="0.91"><channel><title>t</title><item><title>one</title><link>http://h/1.html</link>'
            "</item></channel></rss>").encode()
    assert [i.url for i in parse_feed(body, "http://h/feed.xml")] == ["http://h/1.html"]
    assert httpserver.log == []


@pytest.mark.parametrize("body", [b"<rss><channel><item>", b"not xml at all", b"<html><body/></html>", b""])
def test_malformed_or_foreign_feed_is_a_parse_error(body):
    with pytest.raises(ParseError):
        parse_feed(body, "http://h/feed.xml")


# -- real-world feed shapes (issue 12) ------------------------------------------------------------------------


def test_a_gb2312_declared_feed_reads_like_any_other():
    xml = ('<?xml version="1.0" encoding="gb2312"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
           '"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>统计</title>'
           '<item><title>金水区一季度经济运行情况</title><link>http://h/s/1.html</link></item></channel></rss>')
    [item] = parse_feed(xml.encode("gb2312"), "http://h/feed.xml")
    assert item.title == "金水区一季度经济运行情况" and item.url == "http://h/s/1.html"


def test_a_charset_only_in_content_type_and_big5():
    xml = ('<?xml version="1.0"?><rss version="2.0"><channel><title>統計</title><item><title>經濟運行情況</title>'
           '<link>http://h/b/1.html</link></item></channel></rss>')
    [item] = parse_feed(xml.encode("big5"), "http://h/feed.xml", content_type="application/rss+xml; charset=big5")
    assert item.title == "經濟運行情況"


def test_rss_1_0_rdf_with_dc_date():
    xml = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="http://h/"><title>rail</title><link>http://h/</link></channel>
 <item rdf:about="http://h/rail/22.html"><title>开行6列</title><link>http://h/rail/22.html</link>
   <dc:date>2022-04-22T18:00:00+08:00</dc:date></item>
</rdf:RDF>""".encode()
    [item] = parse_feed(xml, "http://h/rss.rdf")
    assert item.url == "http://h/rail/22.html" and item.title == "开行6列"
    assert item.published == datetime(2022, 4, 22, 10, 0, tzinfo=UTC)


def test_atom_0_3_and_1_0_with_xml_base_and_relative_links():
    atom03 = b"""<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:base="http://h/news/">
<title>x</title><entry><title>a</title><link rel="alternate" type="text/html" href="2022/a.html"/>
<issued>2022-04-22T10:00:00Z</issued><id>tag:h,2022:a</id></entry></feed>"""
    atom10 = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://cdn/base/">
<title>x</title><entry xml:base="sub/"><title>b</title><link href="b.html"/><id>tag:h,2022:b</id></entry></feed>"""
    assert [i.url for i in parse_feed(atom03, "http://elsewhere/feed")] == ["http://h/news/2022/a.html"]
    assert [i.url for i in parse_feed(atom10, "http://elsewhere/feed")] == ["http://cdn/base/sub/b.html"]


def test_loose_markup_an_nbsp_and_a_bare_ampersand_lose_nothing():
    xml = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>a&nbsp;b</title>
<item><title>one&nbsp;two</title><link>http://h/a.html?x=1&y=2</link></item>
<item><title>three</title><link>http://h/b.html</link></item></channel></rss>"""
    assert [i.url for i in parse_feed(xml, "http://h/feed.xml")] == ["http://h/a.html?x=1&y=2", "http://h/b.html"]


@pytest.mark.parametrize(("stamp", "utc"), [
    ("Fri, 22 Apr 2022 10:00:00 -0000", datetime(2022, 4, 22, 10, 0, tzinfo=UTC)),  # -0000: UTC, not Beijing
    ("Fri, 22 Apr 2022 10:00:00 GMT", datetime(2022, 4, 22, 10, 0, tzinfo=UTC)),
    ("Fri, 22 Apr 2022 06:00:00 EDT", datetime(2022, 4, 22, 10, 0, tzinfo=UTC)),
    ("Fri, 22 Apr 2022 10:00:00 XYZ", datetime(2022, 4, 22, 10, 0, tzinfo=UTC)),  # a zone nobody names: UTC
    ("Fri, 22 Apr 2022 18:00:00 CST", datetime(2022, 4, 22, 10, 0, tzinfo=UTC)),  # China Standard Time
    ("Fri, 22 Apr 2022 18:00:00", datetime(2022, 4, 22, 10, 0, tzinfo=UTC)),  # no zone: Beijing local time
    ("2022-04-22 18:00:00", datetime(2022, 4, 22, 10, 0, tzinfo=UTC)),
])
def test_dates_and_their_zones(stamp, utc):
    xml = f'<rss version="2.0"><channel><item><link>http://h/1.html</link><pubDate>{stamp}</pubDate></item></channel></rss>'
    [item] = parse_feed(xml.encode(), "http://h/feed.xml")
    assert item.published == utc


def test_a_malformed_ipv6_link_is_skipped_not_raised():
    xml = (b'<rss version="2.0"><channel><item><link>http://[::1/x.html</link></item>'
           b"<item><link>http://h/ok.html</link></item></channel></rss>")
    assert [i.url for i in parse_feed(xml, "http://h/feed.xml")] == ["http://h/ok.html"]
    items, _ = parse_listing(b'<a href="http://[::1/n/1.html">x</a><a href="/n/2.html">y</a>', "http://h/",
                             r"/n/\d+\.html$")
    assert [i.url for i in items] == ["http://h/n/2.html"]


PAGE1 = """<html><head><meta charset="utf-8"><title>统计信息</title></head><body>
<ul class="list">
 <li><a href="2022/t20220425_1.html" title="2022年一季度金水区经济运行情况（全文）">2022年一季度金水区经济运行…</a>
     <span>2022-04-25</span></li>
 <li><a href="/stats/2022/t20220120_9.html">2021年金水区经济运行情况</a><span>2022年1月20日</span></li>
 <li><a href="/about.html">关于我们</a></li>
 <li><a href="javascript:void(0)">打印</a></li>
</ul>
<div class="page"><a href="index.html">首页</a> <a href="index_1.html">下一页</a></div>
</body></html>""".encode()

PAGE_LAST = """<html><head><meta charset="utf-8"></head><body>
<a href="2021/t20211020_3.html">2021年前三季度</a> 2021/10/20
<a href="index.html">上一页</a></body></html>""".encode()


def test_listing_items_and_next_page():
    items, nxt = parse_listing(PAGE1, "http://h/stats/index.html", r"/stats/\d{4}/t\d{8}_\w+\.html$")
    assert [i.url for i in items] == ["http://h/stats/2022/t20220425_1.html", "http://h/stats/2022/t20220120_9.html"]
    assert items[0].title == "2022年一季度金水区经济运行情况（全文）"
    assert items[0].published == datetime(2022, 4, 25, tzinfo=CST)
    assert items[1].published == datetime(2022, 1, 20, tzinfo=CST)
    assert items[0].guid == items[0].url
    assert nxt == "http://h/stats/index_1.html"


def test_listing_last_page_has_no_next():
    items, nxt = parse_listing(PAGE_LAST, "http://h/stats/index_1.html", r"/stats/\d{4}/t\d{8}_\w+\.html$")
    assert [i.url for i in items] == ["http://h/stats/2021/t20211020_3.html"]
    assert items[0].published == datetime(2021, 10, 20, tzinfo=CST)
    assert nxt is None


def test_listing_rel_next_and_base_href():
    body = b'<html><head><base href="http://cdn/x/"><link rel="next" href="p2.html"></head>' \
           b'<body><a href="a/1.html">one</a><a href="a/1.html">one again</a></body></html>'
    items, nxt = parse_listing(body, "http://h/list.html", r"/a/\d+\.html$")
    assert items == [FeedItem("http://cdn/x/a/1.html", "one", None, "http://cdn/x/a/1.html")]
    assert nxt == "http://cdn/x/p2.html"


def test_gbk_listing_from_meta_charset():
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
            '<li><a href="/stats/2022/t20220425_1.html">金水区一季度GDP 489.5亿元</a> 2022-04-25</li>'
            '<a href="index_1.html">下一页</a></body></html>')
    items, nxt = parse_listing(html.encode("gbk"), "http://h/stats/index.html", r"/stats/\d{4}/t\d{8}_\w+\.html$")
    assert items[0].title == "金水区一季度GDP 489.5亿元"
    assert nxt == "http://h/stats/index_1.html"


def test_gbk_listing_without_meta_falls_back_to_gb18030():
    html = '<a href="/n/1.html">郑州局集团 中欧班列 单日开行 6列252车 创新高</a>'
    items, _ = parse_listing(html.encode("gbk"), "http://h/", r"/n/\d+\.html$")
    assert items[0].title == "郑州局集团 中欧班列 单日开行 6列252车 创新高"
    assert decode_bytes(html.encode("gbk"), None, hint="gbk")[0] == html


def test_listing_with_a_bom_big5_behind_a_wrong_header_and_gbk_declared_utf8():
    link = '<li><a href="/n/1.html">{}</a> 2022-04-25</li>'
    bom = b"\xef\xbb\xbf" + ("<html><body>" + link.format("一季度经济运行") + "</body></html>").encode("utf-8")
    items, _ = parse_listing(bom, "http://h/", r"/n/\d+\.html$")
    assert items[0].title == "一季度经济运行"
    big5 = ("<html><body>" + link.format("經濟運行情況") + "</body></html>").encode("big5")
    items, _ = parse_listing(big5, "http://h/", r"/n/\d+\.html$", content_type="text/html; charset=utf-8")
    assert items[0].title == "經濟運行情況"
    gbk = ('<html><head><meta charset="utf-8"></head><body>' + link.format("金水区生产总值增长") + "</body></html>"
           ).encode("gbk")
    items, _ = parse_listing(gbk, "http://h/", r"/n/\d+\.html$")
    assert items[0].title == "金水区生产总值增长"


def test_listing_bad_pattern_is_value_error():
    with pytest.raises(ValueError):
        parse_listing(b"<a href='x'>x</a>", "http://h/", "(")


# -- items that can never be fetched (issue 16) --------------------------------------------------------------


@pytest.mark.parametrize(("url", "reason"), [
    ("http://h/a.html", None),
    ("HTTPS://h/a.html", None),
    ("file:///etc/passwd", "scheme 'file' is not http or https"),
    ("gopher://h:70/_x", "scheme 'gopher' is not http or https"),
    ("ftp://h/a.html", "scheme 'ftp' is not http or https"),
    ("//h/a.html", "scheme '(none)' is not http or https"),
    ("http:///a.html", "URL names no host"),
    ("http://[::1/a.html", "malformed URL"),
])
def test_unfetchable_urls_and_why(url, reason):
    from statwatch.discover import unfetchable

    got = unfetchable(url)
    assert got == reason or (reason and got and got.startswith(reason))


def test_discover_drops_items_that_are_not_http_and_says_why(httpserver):
    from statwatch.config import Feed, Source
    from statwatch.discover import discover
    from statwatch.fetch import make_session

    page = b"""<html><body><a href="/n/1.html">one</a> <a href="file:///srv/n/2.html">two</a>
    <a href="gopher://127.0.0.1:70/n/3.html">three</a> <a href="/n/4.html">four</a>
    <a href="file:///srv/list_2.html">\xe4\xb8\x8b\xe4\xb8\x80\xe9\xa1\xb5</a></body></html>"""  # 下一页 to a file
    httpserver.expect_request("/list.html").respond_with_data(page, content_type="text/html; charset=utf-8")
    source = Source(id="t_list", name="t", kind="stats", item_pattern=r"/n/\d+\.html$",
                    feed=Feed(type="listing", url=httpserver.url_for("/list.html")))
    refused: list[tuple[str, str]] = []
    items = discover(source, make_session(source.hosts), refused=lambda item, why: refused.append((item.url, why)))
    assert [i.url for i in items] == [httpserver.url_for("/n/1.html"), httpserver.url_for("/n/4.html")]
    assert sorted(refused) == [("file:///srv/n/2.html", "scheme 'file' is not http or https"),
                               ("gopher://127.0.0.1:70/n/3.html", "scheme 'gopher' is not http or https")]
    assert [req.path for req, _ in httpserver.log] == ["/list.html"]  # the file:// next page was not followed
