"""Cost per mention of cross-report resolution as the database grows.

Stores M synthetic one-event articles (through ``Store.add``: near-copy check,
candidate lookup, scoring, canonical record) into a database that already holds
N events, for N = 0 and N = 100,000 (by default), in the same process, and
reports the median time per mention over batches, and the ratio to N = 0.

The events are synthetic but shaped like a conflict dataset: 40 countries of
150 towns each, ten years of history (2015-2024); the new mentions are dated in
the following months (news is about recent events), a tenth of them back into the
history, and a third of them are further reports of an event stored just before.

    python bench/resolve.py [--mentions 10000] [--sizes 0 100000] [--runs 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from tacitus.ingest.files import make_article
from tacitus.records import Actor, Event, Evidence, Fatalities, Place, Sources
from tacitus.resolve.canonical import Report, combine
from tacitus.resolve.match import index_keys
from tacitus.store import Store
from tacitus.store import tables as t
from tacitus.store.resolution import TIER

KINDS = [("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Battles", "Armed clash"), ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")]
ACTORS = ["Military Forces of {c}", "Rebels ({c})", "Unidentified Armed Group ({c})", "Police Forces of {c}"]
WORDS = "market hospital checkpoint convoy village school mosque bridge base camp road farm border district".split()
HISTORY = (dt.date(2015, 1, 1), dt.date(2024, 12, 31))
NEW = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def towns(rng: random.Random) -> list[Place]:
    out, gid = [], 10_000_000
    for c in range(40):
        lat0, lon0 = rng.uniform(-30, 50), rng.uniform(-100, 120)
        for _ in range(150):
            gid += 1
            out.append(Place(name=f"Town{gid}", geonameid=gid, lat=round(lat0 + rng.uniform(0, 6), 4),
                             lon=round(lon0 + rng.uniform(0, 6), 4), admin1=f"Province{c}-{rng.randrange(8)}",
                             country=f"C{c:02d}", geo_precision=1, feature_code="PPL"))
    return out


def day_between(rng, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def synthetic_event(rng, places, day: dt.date, eid: str, aid: str) -> Event:
    event_type, sub = rng.choice(KINDS)
    place = rng.choice(places)
    killed = rng.choice([None, rng.randrange(0, 40)])
    return Event(event_id=eid, article_ids=[aid], sources=Sources(articles=1, outlets=1), event_date=day,
                 event_type=event_type, sub_event_type=sub,
                 disorder_type="Demonstrations" if event_type == "Protests" else "Political violence",
                 actor1=Actor(name=rng.choice(ACTORS).format(c=place.country), country=place.country),
                 location=place, fatalities=Fatalities(low=killed, best=killed, high=killed) if killed is not None else None,
                 evidence=[Evidence(field="event_type", article_id=aid, start=0, end=6, text="struck")],
                 first_reported=day, last_reported=day)


def seed(store: Store, n: int, rng, places) -> None:
    """Bulk-load n stored events, one report each, as the resolver would have left them."""
    batch = 5000
    for lo in range(0, n, batch):
        arts, evs, mens, keys = [], [], [], []
        for i in range(lo, min(n, lo + batch)):
            aid, eid = f"h{i}", f"he{i:014d}"
            day = day_between(rng, *HISTORY)
            ev = synthetic_event(rng, places, day, eid, aid)
            canon = combine(eid, [Report(ev, aid, "Outlet", day)])
            arts.append({"id": aid, "content_hash": f"{i:064d}", "published": day, "text": "x", "source": "Outlet"})
            evs.append({"event_id": eid, "event_date": day, "date_precision": 1, "event_type": ev.event_type,
                        "sub_event_type": ev.sub_event_type, "country": ev.location.country,
                        "record": canon.model_dump(mode="json")})
            mens.append({"mention_id": eid, "event_id": eid, "article_id": aid, "outlet": "Outlet", "published": day,
                         "words": " ".join(rng.sample(WORDS, 4)), "record": ev.model_dump(mode="json")})
            keys += [{"event_id": eid, "key": k + TIER[1], "day": day.toordinal()} for k in index_keys(canon)]
        with store.engine.begin() as conn:
            for table, rows in ((t.articles, arts), (t.events, evs), (t.mentions, mens), (t.event_keys, keys)):
                conn.execute(insert(table), rows)


def ingest(store: Store, m: int, rng, places, batch: int = 500) -> list[float]:
    """Seconds per mention, one value per batch."""
    per_batch, recent = [], []
    t0 = time.perf_counter()
    for i in range(m):
        day = day_between(rng, *(HISTORY if rng.random() < 0.1 else NEW))
        text = f"Report {i}: " + " ".join(rng.sample(WORDS, 6)) + f" {rng.random()}"
        art = make_article(text, article_id=f"n{i}", published=day, source=f"Outlet{rng.randrange(20)}")
        if recent and rng.random() < 0.33:
            ev = rng.choice(recent[-50:]).model_copy(update={"event_id": f"ne{i:014d}", "article_ids": [art.id]})
        else:
            ev = synthetic_event(rng, places, day, f"ne{i:014d}", art.id)
            recent.append(ev)
        store.add(art, [ev])
        if (i + 1) % batch == 0:
            now = time.perf_counter()
            per_batch.append((now - t0) / batch)
            t0 = now
    return per_batch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentions", type=int, default=10_000)
    ap.add_argument("--sizes", type=int, nargs="+", default=[0, 100_000])
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    places = towns(random.Random(7))
    results: dict[int, list[float]] = {n: [] for n in args.sizes}
    for run in range(args.runs):
        for n in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
                t0 = time.perf_counter()
                seed(store, n, random.Random(100 + run), places)
                seeded = time.perf_counter() - t0
                per = ingest(store, args.mentions, random.Random(200 + run), places)
                counts = store.counts()
                store.close()
            results[n] += per
            print(f"run {run + 1}: {n:>7,} events before (seeded in {seeded:.0f} s): "
                  f"median {statistics.median(per) * 1000:.2f} ms/mention over {len(per)} batches; "
                  f"{counts['events']:,} events after", flush=True)
    base = statistics.median(results[args.sizes[0]])
    print(f"\n{'events before':>14} {'ms/mention':>11} {'ratio':>6}")
    for n in args.sizes:
        med = statistics.median(results[n])
        print(f"{n:>14,} {med * 1000:>11.2f} {med / base:>6.2f}")


if __name__ == "__main__":
    main()
