"""Checks every new or updated event against the rules; each rule fires once per event.

Firing is recorded (with one pending delivery per channel) before anything is sent, so a
watcher stopped mid-send re-sends on its next start instead of forgetting the alert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx

from tacitus.store.watching import Delivery, WatchStore
from tacitus.watch import channels
from tacitus.watch.conditions import check
from tacitus.watch.rules import RuleSet


@dataclass
class Fired:
    rule: str
    event_id: str
    reason: str


class Alerter:
    def __init__(self, rules: RuleSet, state: WatchStore, client: httpx.Client,
                 log: Callable[[str], None] = print, webhook_backoff: float = 1.0):
        self.rules = rules
        self.state = state
        self.client = client
        self.log = log
        self.webhook_backoff = webhook_backoff

    def consider(self, event_ids: Iterable[str]) -> list[Fired]:
        """Fire the rules that the events now meet and have not fired for them before."""
        fired: list[Fired] = []
        for eid in dict.fromkeys(event_ids):
            ev = self.state.event(eid)
            if ev is None:
                continue
            for rule in self.rules.rules:
                if self.state.fired(rule.name, eid):
                    continue
                reason = check(rule, ev, self.state)
                if reason is None:
                    continue
                if self.state.fire(rule.name, eid, reason, [c.label for c in rule.notify]) is not None:
                    fired.append(Fired(rule.name, eid, reason))
        return fired

    def deliver(self) -> tuple[int, int]:
        """Send every pending (or earlier failed) delivery; returns (sent, failed)."""
        sent = failed = 0
        for d in self.state.due_deliveries():
            error = self._send(d)
            status = self.state.delivered(d.id, error)
            if error is None:
                sent += 1
                continue
            failed += 1
            then = "gave up" if status == "gave_up" else "will retry on the next round"
            self.log(f"alert '{d.rule}' for event {d.event_id[:8]} not delivered: {error}; {then}")
        return sent, failed

    def _send(self, d: Delivery) -> str | None:
        ev = self.state.event(d.event_id)
        if ev is None:  # merged away by an analyst since; the alert has nothing left to show
            return None
        link = self.rules.link.format(event_id=d.event_id)
        body = channels.payload(d.rule, d.reason, ev, link, d.fired_at, self.state.article_refs(ev.article_ids))
        try:
            if d.channel == "log":
                self.log(f"ALERT {d.rule}: {body['summary']} ({d.reason}) {link}")
            elif d.channel.startswith("webhook "):
                channels.send_webhook(self.client, d.channel.split(" ", 1)[1], body, backoff=self.webhook_backoff)
            elif d.channel.startswith("email "):
                if self.rules.smtp is None:
                    return "no smtp settings in the rules file"
                channels.send_email(self.rules.smtp, d.channel.split(" ", 1)[1], body)
            else:
                return f"unknown channel {d.channel!r} (the rules file changed since this alert fired)"
        except channels.DeliveryError as exc:
            return str(exc)
        return None
