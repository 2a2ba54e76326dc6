"""Delivery: render grouped alerts as Chinese e-mails and send the notifications outbox over SMTP."""

from __future__ import annotations

import json
import logging
import random
import re
import smtplib
import ssl
import time
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from functools import cache
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import duckdb
import jinja2

from statwatch import warehouse as wh
from statwatch.alerts import data_docs_url, evidence_url
from statwatch.charts import chart_png
from statwatch.config import load_routes
from statwatch.errors import DeliveryFailed
from statwatch.ids import now, short_hash
from statwatch.text import one_line
from statwatch.wording import beijing_time, num, signed

log = logging.getLogger(__name__)

TAGS = {
    ("record", "firing"): "【新纪录】",
    ("milestone", "firing"): "【里程碑】",
    ("target_pace", "firing"): "【目标预警】",
    ("growth_target", "firing"): "【目标预警】",
    ("comparator", "firing"): "【目标预警】",
    ("target_pace", "resolved"): "【恢复】",
    ("growth_target", "resolved"): "【恢复】",
    ("comparator", "resolved"): "【恢复】",
    ("revision", "firing"): "【数据修订】",
    ("record", "withdrawn"): "【数据修订】",
    ("record", "updated"): "【数据修订】",
    ("claim_unconfirmed", "firing"): "【待核实】",
    ("staleness", "firing"): "【数据源异常】",
    ("staleness", "resolved"): "【恢复】",
    ("quality", "firing"): "【数据源异常】",
    ("rank_change", "firing"): "【排名】",
    ("rank_change", "withdrawn"): "【数据修订】",
    ("campaign_done", "firing"): "【完成】",
    ("campaign_pace", "firing"): "【落后】",
    ("campaign_pace", "resolved"): "【恢复】",
    ("campaign_digest", "firing"): "【进度】",
}
RULE_ORDER = ["record", "claim_unconfirmed", "milestone", "target_pace", "growth_target", "comparator", "rank_change",
              "campaign_done", "campaign_pace", "campaign_digest", "revision", "staleness", "quality"]


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the SMTP server (built from Airflow's smtp_default connection or STATWATCH_SMTP_URL)."""

    host: str
    port: int = 25
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ssl: bool = False
    starttls: bool = False
    sender: str | None = None
    timeout: float = 10.0
    cafile: str | None = None  # a private CA for the relay's certificate (else the system's trust store)

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        """smtp://user:pass@host:port?starttls=true | smtps://…; ?from=…, ?cafile=/path/to/ca.pem"""
        u = urlsplit(url)
        if u.scheme not in ("smtp", "smtps") or not u.hostname:
            raise ValueError(f"expected smtp://host:port or smtps://host:port, got scheme {u.scheme!r}")
        q = {k: v[-1].lower() for k, v in parse_qs(u.query).items()}
        return cls(
            host=u.hostname, port=u.port or (465 if u.scheme == "smtps" else 25),
            user=unquote(u.username) if u.username else None, password=unquote(u.password) if u.password else None,
            ssl=u.scheme == "smtps", starttls=q.get("starttls") in ("1", "true", "yes"),
            sender=q.get("from"), cafile=parse_qs(u.query).get("cafile", [None])[-1],
        )


@dataclass
class DeliverySummary:
    """What one delivery run did."""

    messages_sent: int = 0
    notifications_sent: int = 0
    recovered: int = 0  # rows a dead run left 'sending', sent again with their Message-ID
    claims_lost: int = 0  # messages another delivery run claimed first (it sends them)
    failed: list[str] = field(default_factory=list)
    not_tried: int = 0  # messages left for the next run: the server could not be reached for the one before

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("statwatch", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["bjt"] = beijing_time
    env.filters["web_url"] = web_url
    env.filters["num"] = num
    env.filters["signed"] = signed
    return env


@cache
def _text_env() -> jinja2.Environment:
    """The plain-text templates' environment (one per process: an overlay keeps its own compiled templates)."""
    return _env().overlay(autoescape=False)


def compile_templates() -> None:
    """Compile every e-mail template now (jinja compiles each on its first use in a process: ≈ 0.25 s in a task's
    first e-mail); for a process that forks the task processes (WarmLocalExecutor)."""
    for name in _env().list_templates(filter_func=lambda n: n.endswith(".j2")):
        (_env() if name.endswith(".html.j2") else _text_env()).get_template(name)


def clean_header(text: str, limit: int = 180) -> str:
    """A header value with no control character at all (C0, C1 such as NEL, line and paragraph separators):
    no header injection, and nothing Python's e-mail library refuses."""
    return one_line(text, limit)


def web_url(url: Any) -> str | None:
    """The URL when it is http(s) with a host (a link may be made of it), else None (javascript:, data:, file:)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.hostname else None

# Within a rule, what leads a summary's subject: a unit reaching first place or moving before the bottom of the table.
RANK_EVENT_ORDER = ["first_reached", "up", "down", "first_lost", "bottom"]


def _headline_order(alert: dict[str, Any]) -> tuple[int, int, str]:
    """Alerts of one e-mail in the order staff read them; the first one's title is the subject."""
    rule = RULE_ORDER.index(alert["rule"]) if alert["rule"] in RULE_ORDER else len(RULE_ORDER)
    kind = alert["payload"].get("event") if alert["rule"] == "rank_change" else None
    return rule, RANK_EVENT_ORDER.index(kind) if kind in RANK_EVENT_ORDER else 0, alert["title"]


def tag_for(rule: str, event: str) -> str:
    """The subject tag of an alert event: 【新纪录】, 【恢复】…; 【待审核】 for an analyst asked to approve."""
    return "【待审核】" if event == "approval_requested" else TAGS.get((rule, event), "【提醒】")


def subject_for(alerts: list[dict[str, Any]]) -> str:
    """【标签】first title (等N项)."""
    first = alerts[0]
    tag = tag_for(first["rule"], first["event"])
    tags = "".join(dict.fromkeys(tag_for(a["rule"], a["event"]) for a in alerts))
    more = f"（等{len(alerts)}项）" if len(alerts) > 1 else ""
    return clean_header(f"{tags or tag}{first['title']}{more}")


def render(alerts: list[dict[str, Any]], *, recipient: str, sender: str, message_id: str,
           thread: list[str] | None = None) -> EmailMessage:
    """One e-mail (plain text + HTML) for a group of alerts; `thread` = Message-IDs of earlier messages about the
    same alerts (a resolved notice threads under its firing notice)."""
    alerts = sorted(alerts, key=_headline_order)
    charts = _charts(alerts)
    ui_url = load_routes().ui_url
    ctx = {"alerts": alerts, "tag_for": tag_for, "fmt": num, "recipient": recipient,
           "chart_cids": {fp: cid for fp, (cid, _) in charts.items()},
           "evidence": {a["fingerprint"]: evidence_url(a["fingerprint"], ui_url or "") for a in alerts},
           "data_docs": {a["fingerprint"]: data_docs_url(a["payload"].get("data_docs"), ui_url or "") for a in alerts}}
    msg = EmailMessage()
    msg["Subject"] = subject_for(alerts)
    msg["From"] = clean_header(sender)
    msg["To"] = clean_header(recipient)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, no loops
    if thread:
        msg["In-Reply-To"] = thread[-1]
        msg["References"] = " ".join(thread[-20:])
    msg["Date"] = format_datetime(now())
    msg["X-Statwatch-Fingerprints"] = clean_header(",".join(a["fingerprint"] for a in alerts), 900)
    msg.set_content(_text_env().get_template("alert_email.txt.j2").render(**ctx), charset="utf-8")
    msg.add_alternative(_env().get_template("alert_email.html.j2").render(**ctx), subtype="html", charset="utf-8")
    html = msg.get_body(preferencelist=("html",))
    for cid, png in charts.values():
        if html is not None:  # the HTML part becomes multipart/related holding the images it references
            html.add_related(png, "image", "png", cid=f"<{cid}>", filename=f"{cid.split('@')[0]}.png")
    return msg


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md_escape(text: Any) -> str:
    """Scraped text as literal Markdown: every character Markdown gives a meaning is backslash-escaped (no link,
    image or HTML can be made of it), on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(str(text)))


def approval_request(alert: dict[str, Any], *, evidence: str | None, timeout_hours: float,
                     on_timeout: str) -> tuple[str, str]:
    """(subject, Markdown body) of the Required Actions request an analyst answers for an alert that waits:
    the claim or title, the quote, the numbers and the evidence link."""
    p = alert["payload"]
    unit = md_escape(p.get("unit") or "")
    subject = clean_header(f"{tag_for(alert['rule'], 'firing')}{alert['title']}", 200)
    lines = [f"**{md_escape(tag_for(alert['rule'], 'firing') + alert['title'])}**", ""]
    if p.get("quote"):
        lines += [f"> 原文称：“{md_escape(p['quote'])}”", ""]
    if p.get("value") is not None:
        lines.append(f"- 本期数值：**{num(p['value'])}{unit}**（{md_escape(p.get('period') or '')}）")
    prev = p.get("previous") or {}
    if prev.get("value") is not None:
        label = "历史最高" if alert["rule"] == "claim_unconfirmed" else "此前"
        lines.append(f"- {label}：{num(prev['value'])}{unit}（{md_escape(prev.get('period') or '')}"
                     + (f"：“{md_escape(prev['quote'])}”" if prev.get("quote") else "") + "）")
    if p.get("shortfall") is not None:
        lines.append(f"- 核对：未超过历史最高，差{num(p['shortfall'])}{unit}：“新高”说法与历史数据不符")
    if p.get("arithmetic"):
        lines.append(f"- 计算：{md_escape(p['arithmetic'])}")
    if web_url(p.get("url")):
        lines.append(f"- 来源：<{p['url'].strip()}>" if ">" not in p["url"] else f"- 来源：{md_escape(p['url'])}")
    if evidence:
        lines.append(f"- [查看证据（原文、序列、历次版本）]({evidence})")
    default = "驳回" if on_timeout == "reject" else "批准"
    lines += ["", f"批准（Approve）后发送给业务处室；驳回（Reject）则不发送。{num(timeout_hours)}小时内未审核按{default}处理。"]
    return subject, "\n".join(lines)


def _charts(alerts: list[dict[str, Any]]) -> dict[str, tuple[str, bytes]]:
    """fingerprint → (Content-ID, PNG) for the alerts that have a chart."""
    out = {}
    for a in alerts:
        png = chart_png(a["rule"], a["payload"])
        if png:
            out[a["fingerprint"]] = (f"chart-{short_hash(a['fingerprint'], a['event'], n=12)}@statwatch.local", png)
    return out


def _send(smtp: SmtpSettings, msg: EmailMessage) -> None:
    cls = smtplib.SMTP_SSL if smtp.ssl else smtplib.SMTP
    kwargs: dict[str, Any] = {"timeout": smtp.timeout}
    context = ssl.create_default_context(cafile=smtp.cafile)  # certificates and host names are always checked
    if smtp.ssl:
        kwargs["context"] = context
    with cls(smtp.host, smtp.port, **kwargs) as client:
        if smtp.starttls and not smtp.ssl:
            client.starttls(context=context)
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        client.send_message(msg)


SENDING_TIMEOUT = timedelta(minutes=2)  # a message 'sending' for longer belongs to a run that died


def pending_groups(con: duckdb.DuckDBPyConnection, *, sending_timeout: timedelta = SENDING_TIMEOUT,
                   ) -> list[tuple[str, str, list[str], int]]:
    """(recipient, group_key, notification ids, rows stuck in 'sending') of everything due, oldest first."""
    ts = now()
    rows = con.execute(wh.sql("notifications_due"), {"now": ts, "stuck_before": ts - sending_timeout}).fetchall()
    return [(r[0], r[1], list(r[2]), int(r[4])) for r in rows]


def _group_alerts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, Any]]:
    rows = wh.fetch_dicts(con, wh.sql("notifications_group"), [ids])
    for r in rows:
        r["payload"] = json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"]
    return rows


def claim(con: duckdb.DuckDBPyConnection, ids: list[str], message_id: str, *,
          sending_timeout: timedelta = SENDING_TIMEOUT) -> bool:
    """Mark a message's rows 'sending' (committed) if every one is still due; False when another delivery run got
    there first (it claimed them, or a DuckLake commit conflict says it wrote the outbox meanwhile): back off."""
    ts = now()
    try:
        with wh.transaction(con):
            got = wh.changed(con, wh.sql("notifications_sending"), {
                "message_id": message_id, "now": ts, "stuck_before": ts - sending_timeout, "ids": ids})
            if got != len(ids):
                raise _Lost
    except _Lost:
        return False
    except duckdb.Error as e:
        if wh.is_conflict(e):
            return False
        raise
    return True


class _Lost(Exception):
    """A claim that changed fewer rows than the message has (rolled back)."""


MAX_LOST_CLAIMS = 50  # claims one run may lose to others before it leaves the rest to them


def message_id_for(ids: list[str]) -> str:
    """A Message-ID derived from the notification ids: a resend after a crash carries the same one."""
    return f"<{short_hash(*sorted(ids), n=24)}@statwatch.local>"


def deliver_pending(con: duckdb.DuckDBPyConnection, smtp: SmtpSettings, *, max_attempts: int = 10,
                    sending_timeout: timedelta = SENDING_TIMEOUT) -> DeliverySummary:
    """Send every due notification group; mark rows sent only after the server accepted the message.

    Each message is built and sent on its own: one that cannot be built (a payload a template cannot render,
    text the e-mail library refuses) is marked `failed` with the reason, and the others still go out. A server
    that refuses or is down leaves the message `pending` with a backoff; one that cannot be reached ends the run
    there, the messages after it left due and untried (one timeout per run, not one per message). Rows are marked
    'sending' (committed) before the SMTP conversation: if the process dies after the server accepted but before
    'sent' is committed, the next run sends the group again with the same Message-ID — at most one duplicate,
    recognisable by it.
    Raises DeliveryFailed at the end when any message of this run was not delivered, or when messages are still
    owed after an earlier failed attempt (waiting out their backoff): a run is green only when nothing is owed.
    """
    summary = DeliverySummary()
    sender = smtp.sender or load_routes().sender
    handled: set[tuple[str, str]] = set()
    contested: set[tuple[str, str]] = set()  # lost a claim on it just now: try another message first
    while True:
        # Read again after every message: another delivery run may have claimed or sent groups meanwhile.
        due = [g for g in pending_groups(con, sending_timeout=sending_timeout) if (g[0], g[1]) not in handled]
        if not due or summary.claims_lost > MAX_LOST_CLAIMS:
            break
        fresh = [g for g in due if (g[0], g[1]) not in contested]
        if not fresh:
            contested.clear()
            time.sleep(random.uniform(0.05, 0.2))  # noqa: S311 - jitter, not secrecy
            continue
        recipient, group, ids, stuck = fresh[0]
        mid = message_id_for(ids)
        try:
            alerts = _group_alerts(con, ids)
            msg = render(alerts, recipient=recipient, sender=sender, message_id=mid,
                         thread=_thread(con, recipient, alerts, ids))
            msg.as_bytes()  # the e-mail library's own checks (headers, encodings) run here, not mid-conversation
        except Exception as e:  # noqa: BLE001 - any failure to build this one message must not stop the others
            reason = clean_header(f"cannot build the message: {type(e).__name__}: {e}", 300)
            _mark(con, "notifications_retry", ["failed", reason, None, ids])
            handled.add((recipient, group))
            summary.failed.append(f"{recipient}: {reason}")
            log.error("message %s to %s not built, marked failed: %s", mid, recipient, reason)
            continue
        if not claim(con, ids, mid, sending_timeout=sending_timeout):
            summary.claims_lost += 1
            contested.add((recipient, group))
            log.info("message %s to %s: another delivery run claimed the outbox first; backing off", mid, recipient)
            continue
        handled.add((recipient, group))
        if stuck:
            log.warning("message %s to %s was left 'sending' by a run that died: sending it again", mid, recipient)
        try:
            _send(smtp, msg)
        except (OSError, smtplib.SMTPException) as e:
            reason = clean_header(f"{type(e).__name__}: {e}", 300)
            attempts = wh.scalar(con, wh.sql("notifications_attempts"), [ids])
            delay = timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))
            status = "failed" if attempts >= max_attempts else "pending"
            _mark(con, "notifications_retry", [status, reason, now() + delay, ids])
            summary.failed.append(f"{recipient}: {reason}")
            log.warning("delivery to %s failed (attempt %s): %s", recipient, attempts, reason)
            if _refused_for_this_message(e):
                continue
            # The relay is down, unreachable or refuses us: every other message would wait out the same timeout, and
            # on a DuckDB file the writers of every stage wait for this run. They stay due, untried, for the retry.
            summary.not_tried = sum(1 for g in pending_groups(con, sending_timeout=sending_timeout)
                                    if (g[0], g[1]) not in handled)
            break
        # Retried on a conflict: a 'sent' mark that did not commit would make a later run send the message again.
        _mark(con, "notifications_sent", [now(), ids])
        summary.messages_sent += 1
        summary.notifications_sent += len(ids)
        summary.recovered += stuck
    if summary.failed:
        untried = f"; {summary.not_tried} more not tried (the server could not be reached)" if summary.not_tried else ""
        raise DeliveryFailed(f"{len(summary.failed)} message(s) not delivered: {summary.failed[0]}{untried}")
    owed, error, next_attempt = con.execute(wh.sql("notifications_overdue")).fetchone() or (0, None, None)
    if owed:
        raise DeliveryFailed(f"{owed} notification(s) still owed after a failed attempt (next attempt "
                             f"{beijing_time(next_attempt)}): {error}")
    return summary


def _refused_for_this_message(e: Exception) -> bool:
    """The server took the connection and refused this message (its recipients, its content): the next message may
    go through. Anything else (a refused, reset or timed-out connection, a hang-up, TLS, the login, the sender
    refused) would fail every message of the run the same way."""
    return isinstance(e, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)


def _mark(con: duckdb.DuckDBPyConnection, statement: str, params: list[Any]) -> None:
    """Run one outbox update in its own transaction, again after a DuckLake commit conflict."""
    wh.atomic(con, lambda: con.execute(wh.sql(statement), params))


def _thread(con: duckdb.DuckDBPyConnection, recipient: str, alerts: list[dict[str, Any]], ids: list[str]) -> list[str]:
    """Message-IDs of earlier messages to this recipient about the same alerts, oldest first."""
    rows = con.execute(wh.sql("notifications_thread"),
                       [recipient, sorted({a["fingerprint"] for a in alerts}), ids]).fetchall()
    return [r[0] for r in rows]
