"""From one parsed article to its event mentions, each field tied to its text span."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from tacitus.extract import numbers
from tacitus.extract.classify import ARMED_INTER, NEEDS_ARMED_ACTOR, REMOTE, Choice, apply_prediction, choose, refine
from tacitus.extract.dates import find_dates
from tacitus.extract.modality import mode_of
from tacitus.extract.places import PlaceSpan, event_site, find_places, place_in_containers, targeted
from tacitus.extract.roles import side_of
from tacitus.extract.triggers import Label, Trigger, find_triggers
from tacitus.ontology.acled import lookup
from tacitus.records import Actor, Article, Evidence, EventMention, Fatalities, Quantity

GENERIC_REBELS = "Rebels"


@dataclass
class ArticleContext:
    """What the whole article tells about its sentences."""

    article: Article
    published: dt.date
    actors: list  # ActorMatch, whole article
    places: list[PlaceSpan]
    countries: list[str]  # ISO3, most mentioned first
    armed_groups: list[Actor] = field(default_factory=list)  # named non-state armed groups

    @property
    def named_rebels(self) -> list[Actor]:
        return [g for g in self.armed_groups if g.inter == 2]

    @property
    def main_country(self) -> str | None:
        return self.countries[0] if self.countries else None


def build_context(article: Article, doc, registry, gaz) -> ArticleContext:
    from tacitus.geo.article import article_countries, resolve_places

    published = article.published or dt.date.today()
    matches = registry.find(article.text)
    blocked = [(m.start, m.end) for m in matches if m.kind != "country"]
    places = find_places(doc, gaz, blocked, article.text)
    counts = article_countries(matches)
    countries = [c for c, _ in counts.most_common()]
    free = [p for p in places if p.place is None]  # "the Afghan capital" is placed already
    resolved = resolve_places([p.text for p in free], [p.admin_hint for p in free], gaz, countries)
    for p, place in zip(free, resolved):
        p.place = place
    place_in_containers(places, article.text, gaz)
    place_counts = Counter(p.place.country for p in places if p.place and p.place.country)
    for c, n in place_counts.items():
        counts[c] += n
    countries = [c for c, _ in counts.most_common()]
    groups: list[Actor] = []
    for m in matches:
        if m.kind == "group" and m.actor.inter in (2, 3, 4) and m.actor.name not in [g.name for g in groups]:
            groups.append(m.actor.model_copy(update={"aliases_matched": []}))
    return ArticleContext(article, published, matches, places, countries, groups)


def _root(doc, start, end):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None else None


def _evidence(art: Article, field_name: str, start: int, end: int) -> Evidence:
    return Evidence(field=field_name, article_id=art.id, start=start, end=end, text=art.text[start:end])


class SentenceExtractor:
    def __init__(self, ctx: ArticleContext, registry, doc, classifier=None):
        self.ctx = ctx
        self.registry = registry
        self.doc = doc
        self.classifier = classifier

    def run(self) -> list[EventMention]:
        out: list[EventMention] = []
        last_date = None  # the latest date stated so far: later sentences usually continue its story
        for sent in self.doc.sents:
            # Span.text is rebuilt from the tokens on every access; the article's text is the same string.
            self._text = self.ctx.article.text[sent.start_char:sent.end_char]
            self._deaths = None
            dates = find_dates(self._text, self.ctx.published, sent.start_char)
            dated = [d for d in dates if d.date is not None and d.date <= self.ctx.published + dt.timedelta(days=1)
                     and not self._report_date(d)]
            background = _is_background(self._text, dates, dated, self.ctx.published)
            triggers = [t for t in find_triggers(sent) if not self._inside_actor(t) and self._usable(t, sent)]
            self._choices = choose(triggers)
            if self.classifier is not None and any(c.family != "verbal" for c in self._choices):
                self._choices = apply_prediction(self._choices, self.classifier.classify(self._text))
            if not self._choices:
                self._choices = self._figure_only(sent)
            for choice in self._choices:
                if background and choice.family != "verbal":
                    continue
                mention = self._mention(sent, choice, dates, dated, last_date)
                if mention is not None:
                    out.append(mention)
            if dated:
                last_date = dated[-1]
        return out

    def _figure_only(self, sent) -> list[Choice]:
        """A sentence that only gives a toll ("No injuries were reported there") still
        carries a figure for the event it follows."""
        counts = self._sentence_deaths(sent)
        if not counts:
            return []
        span = self.doc.char_span(counts[0].start, counts[0].end, alignment_mode="expand")
        if span is None:
            return []
        label = Label("kinetic", "Attack", 50)
        return [Choice(label, Trigger(label, span.root.i, span.root.i + 1, "dead"), "kinetic")]

    def _sentence_deaths(self, sent) -> list:
        """The sentence's death counts, found once however many events it reports."""
        if self._deaths is None:
            self._deaths = numbers.fatalities(self._text, sent.start_char)
        return self._deaths

    def _report_date(self, d) -> bool:
        """ "the army said on Monday": the date of the report, not of the event."""
        span = self.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            return False
        head = span.root.head
        if span.root.dep_ == "pobj":
            head = head.head
        return head.lemma_.lower() in SPEECH_VERBS

    def _inside_actor(self, t) -> bool:
        """ "Popular Mobilization Forces", "Rapid Support Forces": a name, not an event."""
        start, end = self.doc[t.start].idx, self.doc[t.end - 1].idx + len(self.doc[t.end - 1])
        return any(m.start <= start and end <= m.end and m.kind == "group" for m in self.ctx.actors)

    def _usable(self, t, sent) -> bool:
        """A weapon named without anything done with it ("backed by drones") is no event,
        nor is a month ("3 March")."""
        if self.doc[t.start].ent_type_ == "DATE":
            return False
        if t.phrase in INSTRUMENTS and not any(tok.lemma_.lower() in HARM_VERBS for tok in sent):
            return False
        if t.label.family == "verbal":
            return True
        root = self.doc[t.start : t.end].root
        headline = "\n" not in self.ctx.article.text[: sent.start_char].strip()  # written in the present tense
        governor = root
        while governor.dep_ in ("pobj", "prep") and governor.head.i != governor.i:
            governor = governor.head  # "comments on attacks": the verb the noun hangs from
        if not headline and (root.tag_ in ("VBZ", "VBP") or governor.tag_ in ("VBZ", "VBP")):
            # "gangs that kidnap for ransom", "rarely comments on attacks": habits, not events
            return False
        if t.label.family == "territory" and not _takes_ground(root):
            return False  # "officers seized documents": objects, not ground
        if root.pos_ == "NOUN" and root.dep_ == "nsubj" and root.head.lemma_.lower() in ("be", "become", "remain"):
            return False  # "Kidnapping has become a serious problem": a topic, not an event
        return mode_of(root, sent) == "asserted"

    def _sides(self, sent, trigger_tok):
        sides: dict[int, list] = {1: [], 2: [], 3: []}
        for m in self.ctx.actors:
            if not (sent.start_char <= m.start and m.end <= sent.end_char):
                continue
            if m.kind == "country":
                continue  # a country named as a place; demonyms stand for its forces
            root = _root(self.doc, m.start, m.end)
            if root is None:
                continue
            side = side_of(root, trigger_tok)
            if side:
                sides[side].append(m)
        return sides

    def _actor(self, m, country: str | None) -> Actor:
        actor = m.actor
        if actor.name.startswith(GENERIC_REBELS) and len(self.ctx.named_rebels) == 1:
            named = self.ctx.named_rebels[0]
            return named.model_copy(update={"aliases_matched": [m.text]})
        if actor.country is None and country:
            actor = self.registry.with_country(actor, country)
        return actor

    def _mention(self, sent, choice: Choice, dates, dated, last_date=None) -> EventMention | None:
        art = self.ctx.article
        trig = choice.trigger
        trigger_tok = self.doc[trig.start : trig.end].root  # "strike" in "air strike"
        year = next((d.year_only for d in dates if d.year_only), None)
        mode = mode_of(trigger_tok, sent, year, self.ctx.published)
        verbal = choice.family == "verbal"
        if verbal and (mode not in ("asserted", "future") or trigger_tok.dep_ in ("acl", "amod", "compound", "relcl")):
            return None  # "soldiers supported by Wagner fighters" describes, it does not state
        if not verbal and mode != "asserted":
            return None

        sent_places = [p for p in self.ctx.places if sent.start_char <= p.start and p.end <= sent.end_char]
        others = [self.doc[c.trigger.start] for c in self._choices if c.trigger.start != trig.start]
        site = event_site(sent_places, trigger_tok, others, excluded=(lambda p: False) if verbal else targeted)
        location = site.place if site else None
        if location is not None and location.country is None and self.ctx.main_country:
            # A village the gazetteer does not know lies, most likely, where the report is about.
            location = location.model_copy(update={"country": self.ctx.main_country})
        country = (location.country if location and location.country else None) or self.ctx.main_country

        sides = self._sides(sent, trigger_tok)
        # Civilians act only as the active subject ("a crowd of residents beat a man");
        # anywhere else ("civilians hit by stray bullets") they are the victims.
        for m in [m for m in sides[1] if m.actor.inter in (5, 7)]:
            root = _root(self.doc, m.start, m.end)
            while root is not None and root.dep_ in ("pobj", "prep") and root.head.i != root.i:
                root = root.head  # "a crowd of residents": the crowd is the subject
            if not (root is not None and root.dep_ == "nsubj" and root.head.i == trigger_tok.i):
                sides[1].remove(m)
                sides[2].append(m)
        actors1 = [self._actor(m, country) for m in sides[1]]
        actors2 = [self._actor(m, country) for m in sides[2]]
        assoc1 = [self._actor(m, country) for m in sides[3]]
        trig_start = self.doc[trig.start].idx
        trig_end = self.doc[trig.end - 1].idx + len(self.doc[trig.end - 1])

        deaths = self._sentence_deaths(sent)
        counts = numbers.quantities(self._text, sent.start_char, exclude=deaths)
        civilian_victims = any(d.civilians for d in deaths) or any(
            t.lower_ in ("civilian", "civilians", "residents", "villagers") for t in sent
        )

        name = choice.label.name
        if choice.family == "territory" and any(
            c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in CAPTIVES for c in trigger_tok.children
        ):
            name = "Abduction/forced disappearance"  # "seized dozens of travellers": people, not ground
        if not verbal and _quoted(art.text, sent.start_char, trig_start):
            return None  # a quoted characterisation ("unacceptable attacks") is not a report of an act
        if name == "Agreement" and trigger_tok.pos_ != "VERB" and not _concluded(trigger_tok):
            return None  # "talks on a ceasefire" is not a ceasefire
        if name == "Peaceful protest" and trigger_tok.pos_ == "VERB" and any(c.dep_ == "dobj" for c in trigger_tok.children):
            return None  # "demonstrated its capabilities", "rallied support": not a protest
        if name == "Peaceful protest" and any(a.inter in ARMED_INTER for a in actors1) and not any(
            a.inter in (5, 6, 7) for a in actors1
        ):
            return None  # "troops marched into the town"
        if verbal:
            if not actors1 or (name == "THREATEN" and not _threat_is_real(trigger_tok, actors2, site)):
                return None
            plover, cameo, acled, plover_mode = name, choice.label.cameo, None, None
            if name == "THREATEN":
                mode = "future"  # a threat is about what will be done
                if not actors2 and location is not None and location.feature_code == "PPLC" and location.country:
                    # Threatening a capital is threatening its government.
                    actors2 = [self.registry.government(location.country)]
        else:
            a1 = actors1[0] if actors1 else None
            a2 = actors2[0] if actors2 else None
            if not choice.classified:
                name = refine(name, a1, a2, civilian_victims and not actors2)
            if name in NEEDS_ARMED_ACTOR and not any(a.inter in ARMED_INTER for a in actors1) and not _armed_subject(
                trigger_tok
            ):
                return None
            acled = lookup(name)
            plover, cameo, plover_mode = acled.plover, acled.cameo, acled.plover_mode

        actor1, actor2, assoc1, assoc2 = self._fill_roles(name, actors1, actors2, assoc1, country, civilian_victims)
        evidence = [_evidence(art, "event_type", trig_start, trig_end)]
        for m in sides[1] + sides[2] + sides[3]:
            evidence.append(_evidence(art, "actors", m.start, m.end))
        if actor1 is not None:
            for m in sides[1][:1]:
                evidence.append(_evidence(art, "actor1", m.start, m.end))
        if sides[2]:
            evidence.append(_evidence(art, "actor2", sides[2][0].start, sides[2][0].end))
        if site is not None:
            evidence.append(_evidence(art, "location", site.start, site.end))
        event_date, precision = self.ctx.published, 1
        date_stated = bool(dated)
        if not dated and last_date is not None:
            event_date, precision = last_date.date, last_date.precision
        if dated:
            best = min(dated, key=lambda d: abs(d.start - trig_start))
            event_date, precision = best.date, best.precision
            if best.start >= sent.start_char:
                evidence.append(_evidence(art, "event_date", best.start, best.end))
        if mode == "asserted" and (self.ctx.published - event_date).days > HISTORY_DAYS:
            return None  # background: "since the war began in October 2023"
        fatalities = None
        if deaths and not verbal:
            fatalities = _fatalities(deaths)
            for d in deaths:
                evidence.append(_evidence(art, "fatalities", d.start, d.end))
        quantities = []
        for q in counts:
            what = q.what or _numbered_what(self.doc, q)
            quantities.append(Quantity(what=what, value=q.value, approx=q.approx))
            evidence.append(_evidence(art, "quantities", q.start, q.end))
        evidence.append(_evidence(art, "sentence", sent.start_char, sent.end_char))

        confidence = 0.35 + 0.2 * (actor1 is not None) + 0.1 * (actor2 is not None)
        confidence += 0.2 * (location is not None and location.geonameid is not None)
        confidence += 0.1 * (not trig.consequence)
        return EventMention(
            article_id=art.id,
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            trigger=trig.phrase,
            family=choice.family,
            anaphoric=_anaphoric(trigger_tok) and not sides[1] and not deaths,
            date_stated=date_stated,
            event_date=event_date,
            date_precision=precision,
            event_type=acled.event_type if acled else None,
            sub_event_type=acled.name if acled else None,
            disorder_type=acled.disorder_type if acled else None,
            cameo_code=cameo,
            plover_type=plover,
            plover_mode=plover_mode,
            mode=mode,
            actor1=actor1,
            actor2=actor2,
            assoc_actor_1=assoc1,
            assoc_actor_2=assoc2,
            location=location,
            fatalities=fatalities,
            civilian_targeting=bool(acled and (acled.event_type == "Violence against civilians"
                                               or (actor2 is not None and actor2.inter == 7))),
            quantities=quantities,
            evidence=evidence,
            confidence=round(min(confidence, 0.95), 2),
        )

    def _fill_roles(self, name, actors1, actors2, assoc1, country, civilian_victims):
        reg = self.registry
        if not actors2 and len(actors1) > 1 and name in ("Agreement", "Armed clash"):
            # "X and Y agreed", "X and Y clashed": two parties, not allies.
            actors1, actors2 = actors1[:1], actors1[1:]
        actor1 = actors1[0] if actors1 else None
        assoc1 = _dedupe(actors1[1:] + assoc1, actor1)
        actor2 = actors2[0] if actors2 else None
        assoc2 = _dedupe(actors2[1:], actor2)
        if name in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"):
            protesters = next((a for a in actors1 + actors2 if a.inter == 6), None)
            state = next((a for a in actors1 + actors2 if a.inter == 1), None)
            generic = Actor(name="Protesters", inter=6)
            actor1 = protesters or (reg.with_country(generic, country) if country else generic)
            actor2 = state if name != "Peaceful protest" else None
            if name == "Excessive force against protesters" and actor2 is not None:
                actor1, actor2 = actor2, actor1  # the forces that used the force act
            assoc1 = []
            assoc2 = []
        elif name in ("Violent demonstration", "Mob violence"):
            rioters = next((a for a in actors1 if a.inter in (5, 6, 7)), None)
            base = Actor(name="Rioters", inter=5)
            actor1 = reg.with_country(base, country) if country else base
            if rioters is not None and rioters.inter == 5:
                actor1 = rioters
            # Rioters fight whoever faces them: the police at a demonstration, the victims of a mob.
            facing = [a for a in actors1 + actors2 if a.inter != 5 and a.name != actor1.name and a.inter != 6]
            actor2 = next((a for a in facing if a.inter == 1), None) if name == "Violent demonstration" else (
                next((a for a in facing if a.inter == 7), None) or (reg.civilians(country) if country else None))
            assoc1, assoc2 = [], []
        elif name == "Attack" and (actor2 is None or actor2.inter != 7) and civilian_victims:
            if actor2 is not None:
                assoc2 = _dedupe([actor2] + assoc2, None)
            actor2 = reg.civilians(country) if country else Actor(name="Civilians", inter=7)
        elif name == "Non-state actor overtakes territory" and actor2 is None and country:
            actor2 = reg.state_forces(country)
        if civilian_victims and (name in REMOTE or name == "Armed clash") and country:
            civ = reg.civilians(country)
            if actor2 is None:
                actor2 = civ
            elif civ.name not in [a.name for a in assoc2] and actor2.name != civ.name:
                assoc2.append(civ)
        if actor1 is not None and actor2 is not None and actor1.name == actor2.name:
            actor2 = None
        return actor1, actor2, assoc1, assoc2


def _dedupe(actors: list[Actor], first: Actor | None) -> list[Actor]:
    seen = {first.name} if first else set()
    out = []
    for a in actors:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return out


HISTORY_DAYS = 90
CAPTIVES = frozenset({"traveller", "traveler", "passenger", "villager", "people", "person", "student", "pupil",
                      "hostage", "civilian", "worker", "woman", "child", "man", "dozen", "resident", "farmer",
                      "tourist", "journalist", "girl", "boy", "schoolgirl", "schoolchild", "worshipper"})
SPEECH_VERBS = frozenset({"say", "tell", "announce", "report", "state", "add", "confirm", "claim", "declare",
                          "write", "post", "publish", "note", "explain"})
INSTRUMENTS = frozenset({"drone", "warplane", "jet", "fighter jet", "aircraft", "air force", "rocket", "missile",
                         "mortar", "artillery", "helicopter gunship", "explosive", "uav", "howitzer", "projectile"})
HARM_VERBS = frozenset({"strike", "hit", "kill", "bomb", "target", "attack", "pound", "fire", "launch", "destroy",
                        "wound", "injure", "shell", "bombard", "raid", "damage", "slam", "rain", "land", "explode",
                        "crash", "down", "intercept", "fall", "die", "dead"})
AGREEMENT_VERBS = frozenset({"reach", "sign", "agree", "strike", "announce", "conclude", "broker", "seal", "take",
                             "come", "enter", "hold", "implement", "accept", "approve", "finalise", "finalize"})


TERRITORY_NOUNS = frozenset({"town", "city", "village", "area", "territory", "control", "district", "base",
                             "position", "hill", "airport", "checkpoint", "region", "province", "border", "crossing",
                             "road", "highway", "bridge", "island", "capital", "outpost", "camp", "neighbourhood",
                             "neighborhood", "stronghold", "locality", "county", "state", "port", "headquarters",
                             "garrison", "airbase", "front", "ground", "settlement", "suburb", "valley", "mountain"})


def _takes_ground(verb) -> bool:
    """A capture of a place: a named place, a word for ground, or no object ("the town fell")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objects:
        return True
    return any(o.pos_ == "PROPN" or o.lemma_.lower() in TERRITORY_NOUNS or o.lemma_.lower() in CAPTIVES
               for o in objects)


def _concluded(noun) -> bool:
    """A deal or ceasefire that was reached, signed or took effect, not one merely discussed."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and head.lemma_.lower() in AGREEMENT_VERBS:
        return True
    return any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in ("new", "sign", "agree") for c in noun.children)


ARMED_NOUNS = frozenset({"fighter", "troop", "soldier", "force", "militant", "militiaman", "reinforcement",
                         "gunman", "insurgent", "rebel", "jihadist", "combatant", "mercenary", "unit", "battalion",
                         "brigade", "convoy", "paramilitary"})


def _armed_subject(trigger_tok) -> bool:
    """ "200 fighters were deployed": armed people with no named actor."""
    for tok in [trigger_tok, trigger_tok.head]:
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in ARMED_NOUNS:
                return True
    return False


BACKGROUND = re.compile(
    r"\b(?:over the years|in recent years|in the past|for (?:\w+ )?(?:years|decades)|in previous years|"
    r"ha(?:s|ve) been the scene|repeatedly|since (?:19|20)\d\d)\b")


def _is_background(sent_text: str, dates, dated, published) -> bool:
    """A sentence of background: past years named and no date of the current story."""
    text = sent_text.lower()
    if BACKGROUND.search(text):
        return True
    if any(d.precision == 1 for d in dated):
        return False
    years = [d.year_only for d in dates if d.year_only] + [d.date.year for d in dated if d.precision == 3]
    decades = [int(m.group(1)) for m in _DECADE.finditer(text)]
    return any(y < published.year for y in years) or any(d + 10 <= published.year for d in decades)


_DECADE = re.compile(r"\b((?:19|20)\d0)s\b")
QUOTES = ('"', "“", "”")


def _quoted(text: str, sent_start: int, char: int) -> bool:
    """Is this character inside a quotation in the sentence (which starts at sent_start)?"""
    before = text[sent_start:char]
    return sum(before.count(q) for q in QUOTES) % 2 == 1


def _anaphoric(tok) -> bool:
    """ "The explosion", "the blast": a definite noun that refers back to a reported event."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def _threat_is_real(trigger_tok, actors2, site) -> bool:
    """A threat names what it is against: an actor, a place, or a violent act."""
    if actors2 or site is not None:
        return True
    violent = {"attack", "strike", "kill", "advance", "move", "storm", "seize", "capture", "bomb", "invade", "retaliate"}
    return any(t.lemma_.lower() in violent for t in trigger_tok.subtree)


def _numbered_what(doc, q) -> str:
    """For "the Iraqi forces, numbering approximately 200": the noun being counted."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is not None:
        head = span[0].head
        if head.pos_ in ("NOUN", "PROPN"):
            return head.lemma_.lower() if head.pos_ == "NOUN" else head.text
        if head.head.pos_ in ("NOUN", "PROPN"):
            return head.head.lower_
    return "people"


def _fatalities(deaths) -> Fatalities:
    lows = [d.value for d in deaths]
    highs = [int(d.what.split(":")[1]) if d.what.startswith("range:") else d.value for d in deaths]
    # Differing figures in one sentence are competing reports: keep the range, code the lowest.
    return Fatalities(low=min(lows), best=min(lows), high=max(highs))


def extract_mentions(article: Article, doc, registry, gaz, classifier=None) -> tuple[list[EventMention], list[Actor]]:
    """The article's event mentions, and the named non-state armed groups it mentions."""
    ctx = build_context(article, doc, registry, gaz)
    return SentenceExtractor(ctx, registry, doc, classifier).run(), ctx.armed_groups
