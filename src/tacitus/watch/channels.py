"""Where alerts go: a webhook (JSON), email (SMTP) or the log.

A channel raises `DeliveryError` with one line when it cannot deliver; the watcher records the
failure, says so, and tries again on its next round.  Nothing here may stop the watcher.
"""

from __future__ import annotations

import os
import smtplib
import time
from collections.abc import Callable
from email.message import EmailMessage

import httpx

from tacitus.records import Event
from tacitus.watch.rules import Smtp


class DeliveryError(Exception):
    """One channel could not deliver one alert (not a TacitusError: it never reaches the user as a crash)."""


def summary(ev: Event) -> str:
    """One line about the event, for subjects and log lines."""
    if ev.notes:
        return ev.notes.split(". Fatalities")[0].rstrip(".")
    where = ev.location.name if ev.location else "unknown place"
    return f"{ev.sub_event_type or ev.event_type or 'event'} in {where} on {ev.event_date}"


def payload(rule: str, reason: str, ev: Event, link: str, fired_at, sources: list[dict]) -> dict:
    from tacitus.cli.output import record

    return {"rule": rule, "reason": reason, "fired_at": fired_at.isoformat() + "Z", "summary": summary(ev),
            "link": link, "event": record(ev), "sources": sources}


def send_webhook(client: httpx.Client, url: str, body: dict, *, tries: int = 3, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
    last = ""
    for attempt in range(tries):
        try:
            r = client.post(url, json=body)
            if r.status_code < 300:
                return
            last = f"HTTP {r.status_code} {r.reason_phrase}"
            if 400 <= r.status_code < 500 and r.status_code not in (408, 429):
                break  # the receiver refuses this body; asking again will not change its mind
        except httpx.HTTPError as exc:
            last = f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
        if attempt + 1 < tries:
            sleep(backoff * 2 ** attempt)
    raise DeliveryError(f"webhook {url}: {last}")


def send_email(smtp: Smtp, to: str, body: dict) -> None:
    msg = EmailMessage()
    msg["From"] = smtp.sender
    msg["To"] = to
    msg["Subject"] = f"[tacitus] {body['rule']}: {body['summary']}"[:200]
    lines = [body["summary"] + ".", "", f"Rule: {body['rule']}", f"Why: {body['reason']}", f"Event: {body['link']}"]
    if body["sources"]:
        lines += ["", "Sources:"] + [f"- {s.get('outlet') or ''} {s.get('title') or s['article_id']} "
                                     f"{s.get('url') or ''}".strip() for s in body["sources"]]
    msg.set_content("\n".join(lines) + "\n")
    password = os.environ.get(smtp.password_env) if smtp.password_env else None
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user:
                server.login(smtp.user, password or "")
            server.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"email to {to} via {smtp.host}:{smtp.port}: {exc.__class__.__name__}: {exc}") from None
