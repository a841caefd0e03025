"""PLOVER events: triggers from the lexicon (``kg/data/triggers.toml``), arguments from the parse.

Actor: the subject, the passive agent, or the possessor/modifier of a nominal trigger
('the U.S. suspension'); for a trigger with no subject of its own, the nearest subject up the
tree ('Trump engaged in a phone conversation'). Recipient: the object, the passive subject,
or a with/against/on/to/for phrase. Events without an actor are dropped, never invented.
"""
from __future__ import annotations

import dataclasses
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.agents import with_countries
from kg.extract.demands import demand_trigger, obliged
from kg.extract.entities import EntityLayer
from kg.extract.places import event_location
from kg.extract.recipients import done_to
from kg.extract.records import one_record_per_event
from kg.extract.roles import according_to_objects, children, entity_of
from kg.extract.threats import (THREAT_MODES, as_threat, infinitive_clause, on_condition, threatened_act,
                                threatens_to_act)
from kg.extract.timex import event_date
from kg.extract.triggers import Trigger, match_trigger
from kg.model import Event, Span

__all__ = ["extract_events"]

REFUSAL_VERBS = frozenset("refuse decline fail deny reject".split())
REPORT_VERBS = frozenset("report break reveal disclose publish confirm leak".split())
PERFORMATIVE_VERBS = frozenset("announce declare order decree proclaim rule".split())
EMBEDDING_TYPES = {"REQUEST", "REJECT", "AGREE", "THREATEN"}  # their complements are not events of their own
MODE_HINTS = {  # REQUEST/REJECT modes from what is asked for or refused
    "change": ("resign", "resignation", "step", "reform", "change", "leave", "quit", "election", "transition"),
    "meet": ("meet", "meeting", "talk", "talks", "negotiate", "negotiation", "dialogue"),
    "assist": ("aid", "help", "assist", "assistance", "support", "fund", "money"),
    "yield": ("release", "withdraw", "surrender", "disarm", "ceasefire", "cede", "return", "free"),
}
FUTURE_AUX = ("will", "shall", "'ll")
INTENT_WORDS = frozenset("willing ready prepared".split())  # 'X is ready to V': X's declared intent
HYPOTHETICAL_AUX = ("would", "could", "might", "may", "should")
BLOCKING_LEMMAS = frozenset("block blockade barricade".split())  # PLOVER PROTEST 'obstruct' when civilians do it
PROMISABLE_TYPES = {"AID", "COOPERATE", "CONSULT", "CONCEDE", "RETREAT", "SUPPORT"}  # PLOVER: promising them is AGREE
WAR_MACHINES = frozenset("""tank aircraft jet warplane plane helicopter gunship drone warship ship vessel submarine
artillery bulldozer missile rocket""".split())


# ---- arguments ---------------------------------------------------------------------------------


def _subject_up(token: Token, layer: EntityLayer) -> str | None:
    """For a trigger without a subject: the nearest subject up the tree, not across a new clause."""
    current = token
    for _ in range(5):
        if current.dep_ in ("ccomp", "ROOT", "parataxis") and current is not token:
            break
        head = current.head
        if head is current:
            break
        if head.dep_ == "relcl" and current.dep_ == "nsubj":
            break
        if head.lemma_.lower() in REPORT_VERBS and current.dep_ == "dobj":
            return None  # 'the Herald broke details of the encounter': the reporter is a source, not the actor
        if current.dep_ == "xcomp":
            for subj in children(head, "nsubjpass"):  # 'Bernier was forced to resign': Bernier resigns
                return entity_of(subj, layer)
        for subj in children(head, "nsubj"):
            if subj.lower_ in ("which", "that", "who"):
                return entity_of(head.head, layer) if head.dep_ == "relcl" else None
            if subj.lower_ in REPORTED_PRONOUNS and (speaker := _speaker_as(subj, head, layer)):
                return speaker  # 'Chile said it is ready to withdraw': it = the one who said
            return entity_of(subj, layer)
        current = head
    return None


def _actor(trigger: Token, layer: EntityLayer) -> str | None:
    if trigger.pos_ in ("VERB", "AUX"):
        for agent in children(trigger, "agent"):
            for pobj in children(agent, "pobj"):
                if (key := entity_of(pobj, layer)):
                    return key
        for subj in children(trigger, "nsubj", "csubj"):
            if subj.lower_ in ("which", "that", "who") and trigger.dep_ == "relcl":
                return entity_of(trigger.head, layer)
            if subj.lower_ in REPORTED_PRONOUNS and (speaker := _speaker_as(subj, trigger, layer)):
                return speaker  # 'North Korea stated it would attack': it = the one who stated
            return entity_of(subj, layer) or _armed_country(subj, layer)
        if trigger.dep_ == "relcl" and not children(trigger, "nsubjpass"):
            return None
        if children(trigger, "nsubjpass"):
            return None  # passive without an agent: the actor is not named
        if trigger.dep_ == "amod":  # 'the now-cancelled deal', 'the released emails': not the clause's subject's
            return next((key for poss in children(trigger.head, "poss") if (key := entity_of(poss, layer))), None)
        return _subject_up(trigger, layer)
    for mod in children(trigger, "poss", "compound", "amod", "nmod"):
        if (key := entity_of(mod, layer)):
            return key
    for prep in children(trigger, "prep"):
        if prep.lower_ == "by":
            for pobj in children(prep, "pobj"):
                if (key := entity_of(pobj, layer)):
                    return key
    return _subject_up(trigger, layer)


def _armed_country(subj: Token, layer: EntityLayer) -> str | None:
    """'Israeli tanks fired', 'Russian aircraft killed 46': a people's machines of war act for its
    country (the people's own nouns, 'Turkish police', are agents and were tried first)."""
    if subj.lemma_.lower() not in WAR_MACHINES:
        return None
    return entity_of(subj, layer, loose=True)


REPORTED_PRONOUNS = frozenset("it they we".split())
SPEECH_LEMMAS = frozenset("say state announce declare warn threaten vow add claim insist".split())


def _reporting_subject(trigger: Token, layer: EntityLayer) -> str | None:
    """The subject of the speech verb whose reported clause holds ``trigger``."""
    current = _governing_verb(trigger)
    while current.dep_ in ("conj", "xcomp", "acomp") and current.head is not current:
        current = current.head  # 'announced that it is prepared to impose': the clause is 'is'
    if current.dep_ == "ccomp" and current.head.lemma_.lower() in SPEECH_LEMMAS:
        for subj in children(current.head, "nsubj"):
            return entity_of(subj, layer)
    return None


def _speaker_as(pronoun: Token, clause: Token, layer: EntityLayer) -> str | None:
    """The speaker a reported 'it', 'they' or 'we' stands for: 'it' and 'they' never for one person
    ('Hahn said they apply to letters': the rules apply)."""
    speaker = _reporting_subject(clause, layer)
    if speaker is None or (pronoun.lower_ != "we" and layer.entities[speaker].type == "Person"):
        return None
    return speaker


def _promised(trigger: Token, markers: list[str], actor: str, layer: EntityLayer) -> bool:
    """A cooperative act told as to come: 'will give', or 'would allow' in what the actor said."""
    if "future" in markers:
        return True
    return "hypothetical" in markers and _reporting_subject(trigger, layer) == actor \
        and any(c.lower_ == "would" for c in trigger.children if c.dep_ == "aux")


def _co_actors(trigger: Token, layer: EntityLayer, actor: str) -> list[str]:
    """'North and South Korea exchanged fire': every conjoined subject acts."""
    keys = [actor]
    for subj in children(trigger, "nsubj"):
        for tok in subj.subtree:
            key = layer.at(tok)
            if key and key not in keys and (tok.dep_ == "conj" or (tok.i < subj.i and tok.pos_ == "PROPN"
                                                                  and tok.dep_ in ("compound", "nmod"))):
                keys.append(key)
    return keys


def _negated(trigger: Token) -> bool:
    if children(trigger, "neg"):
        return True
    head = trigger.head
    if trigger.dep_ in ("xcomp", "ccomp", "pcomp", "dobj") and head.lemma_.lower() in REFUSAL_VERBS \
            and head.i < trigger.i:  # 'failed to release', 'denied attacking'; not 'X accused Y, a charge Z denies'
        return True
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in REFUSAL_VERBS \
            and head.head.i < trigger.i:
        return True
    return trigger.dep_ in ("xcomp", "acomp") and bool(children(head, "neg"))


def _governing_verb(trigger: Token) -> Token:
    """'will extend the curfew': a noun's act is told by the verb it is the object of, which gives
    its time and the clause it is said in."""
    return trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and trigger.head.pos_ == "VERB" \
        else trigger


def _markers(trigger: Token) -> list[str]:
    trigger = _governing_verb(trigger)
    auxes = [c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")]
    if trigger.dep_ in ("xcomp", "acomp", "oprd"):
        auxes += [c.lower_ for c in trigger.head.children if c.dep_ in ("aux", "auxpass")]
    if trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in INTENT_WORDS:
        return ["future"]  # 'is willing to withdraw', 'is prepared to impose': an intent
    if any(c.dep_ == "mark" and c.lower_ == "if" for c in trigger.children):
        return ["hypothetical"]
    if any(a in HYPOTHETICAL_AUX for a in auxes):
        return ["hypothetical"]
    if any(a in FUTURE_AUX for a in auxes) or (trigger.lemma_ == "go" and "to" in auxes):
        return ["future"]
    return []


def _embedded(trigger: Token, trigger_tokens: set[int], asking: set[int]) -> bool:
    """'a demand for his resignation', 'refused to resign': under another trigger of our lexicon, or
    a CAMEO request, refusal, offer or threat (``trigger_tokens``), the inner trigger is content,
    not an event."""
    current = trigger
    for _ in range(4):
        head = current.head
        if head is current or (head.lemma_.lower() == "deny" and trigger.pos_ == "VERB"):
            return False  # what is denied ('denied attacking') is an event of its own, negated
        if head.i in trigger_tokens and current.dep_ in ("pobj", "prep", "xcomp", "ccomp", "pcomp", "dobj", "acl"):
            return True
        if head.i in asking and infinitive_clause(current):
            return True  # 'threatened on Monday to close': what is threatened
        if current.dep_ not in ("pobj", "prep", "pcomp", "xcomp", "dobj"):
            return False
        current = head
    return False


def _according_to(trigger: Token, sent: SpacySpan, layer: EntityLayer, actor: str | None) -> str | None:
    for source in according_to_objects(sent):
        if (key := entity_of(source, layer)) and key != actor:
            return key
    for anc in trigger.ancestors:
        if anc.lemma_.lower() in REPORT_VERBS | {"say", "claim", "allege"}:
            for subj in children(anc, "nsubj"):
                if (key := entity_of(subj, layer)) and key != actor:
                    return key
    return None


def _mode(t: Trigger, trigger: Token) -> str | None:
    if t.mode or t.type not in ("REQUEST", "REJECT"):
        return t.mode
    words = {w.lemma_.lower() for w in trigger.subtree} | {w.lower_ for w in trigger.subtree}
    for mode, hints in MODE_HINTS.items():
        if words & set(hints):
            return mode
    return None


def _context(t: Trigger, trigger: Token) -> str | None:
    if t.context:
        return t.context
    scope = trigger.head.subtree if trigger.pos_ not in ("VERB", "AUX") else trigger.subtree
    return "terrorism" if any(w.lower_.startswith("terror") for w in scope) else None


def extract_events(doc: Doc, layer: EntityLayer, published: date | None) -> list[Event]:
    matched = [(tok, t) for tok in doc if (t := match_trigger(tok) or demand_trigger(tok)) is not None]
    trigger_tokens = {tok.i for tok, _ in matched}
    embedding = {tok.i for tok, t in matched if not t.cameo or t.type in EMBEDDING_TYPES}
    asking = {tok.i for tok, t in matched if t.type in EMBEDDING_TYPES}
    types_at = {tok.i: t.type for tok, t in matched}
    events: list[Event] = []
    for tok, t in matched:
        if _embedded(tok, embedding, asking):
            continue
        if t.needs_complement and not _asks_for_something(tok, t):
            continue
        if t.type == "ASSAULT" and tok.pos_ == "VERB" and _attacks_an_act(tok):
            t = dataclasses.replace(t, type="SANCTION", mode="discontinue")
        if t.type == "REJECT" and _declines_to_comment(tok):
            continue  # CAMEO's 011 'decline comment', a statement PLOVER does not code
        if tok.lemma_.lower() == "deny" and _denies_an_event(tok, trigger_tokens):
            continue  # 'Iran denied attacking the ship' is a negated attack, not a rejection
        event = _event(tok, t, doc, layer, published, trigger_tokens)
        if event is not None and not event.recipients and event.type in ("REJECT", "AGREE"):
            event.recipients = _answer_recipients(tok, event.actors[0], events)
        threatened = threatened_act(tok, t, matched)
        if event is not None and threatened is not None:
            as_threat(event, threatened, layer)
        if event is None or (t.needs_recipient and not event.recipients and threatened is None
                             and not threatens_to_act(tok)):
            _corefer(tok, t, doc, layer, events)
            continue
        events.append(event)
    return one_record_per_event(events, doc, types_at)


COMMENT_LEMMAS = frozenset("comment say discuss elaborate speculate confirm disclose specify".split())


def _declines_to_comment(tok: Token) -> bool:
    """'The Kremlin declined to comment': no refusal of anything the other side asked."""
    return any(c.lemma_.lower() in COMMENT_LEMMAS for c in children(tok, "xcomp"))


def _attacks_an_act(tok: Token) -> bool:
    """'the deal had been killed by the Pentagon': what is killed is an act or a proposal, so it is
    ended, not hurt (PLOVER's SANCTION, discontinue)."""
    return any(p.pos_ == "NOUN" and p.lemma_.lower() in DEMAND_NOUNS for p in children(tok, "dobj", "nsubjpass"))


def _denies_an_event(tok: Token, trigger_tokens: set[int]) -> bool:
    return any(t.i in trigger_tokens and t.i != tok.i and t.pos_ == "VERB" for c in tok.children
               if c.dep_ in ("xcomp", "ccomp", "pcomp", "dobj", "prep") for t in c.subtree)


def _event(tok: Token, t: Trigger, doc: Doc, layer: EntityLayer, published: date | None,
           trigger_tokens: set[int]) -> Event | None:
    actor = _actor(tok, layer) or _performative_actor(tok, layer)
    if actor is None:
        return None
    recipients = done_to(tok, t.type, layer, actor)
    if t.type == "REQUEST" and not recipients:
        recipients = obliged(tok, layer, actor)  # 'said that China must drop barriers'
    negated = _negated(tok)
    type_, mode = t.type, _mode(t, tok)
    markers = _markers(tok)
    if type_ == "AGREE" and negated:  # 'will not accept orders' is a rejection
        type_, negated, mode = "REJECT", False, None
    if type_ in THREAT_MODES and markers and not negated and _reporting_subject(tok, layer):
        type_, mode = "THREATEN", THREAT_MODES[type_]  # 'X stated it would attack': a threat, not an attack
    elif markers and type_ != "THREATEN" and on_condition(tok):
        type_, mode = "THREATEN", THREAT_MODES.get(type_)  # 'will withdraw its troops unless ...': a condition set
    elif type_ in PROMISABLE_TYPES and _promised(tok, markers, actor, layer) and not negated:
        type_, mode = "AGREE", None  # 'Finland will give Tanzania a grant': a pledge, not yet the aid
    elif type_ == "COERCE" and tok.lemma_.lower() in BLOCKING_LEMMAS and layer.entities[actor].type == "Group":
        type_, mode = "PROTEST", "obstruct"  # 'protesters blocked roads': collective civilian action
    sent = tok.sent
    span = Span(tok.idx, tok.idx + len(tok.text))
    clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.dep_ == "dobj" and t.needs_recipient else None
    co_actors = _co_actors(clause, layer, actor) if clause is not None else [actor]  # 'X and Y held talks'
    if t.needs_recipient and not recipients and len(co_actors) > 1:
        co_actors, recipients = co_actors[:1], co_actors[1:]  # 'Russia and Ukraine met': each meets the other
    actors = with_countries(co_actors, layer, published)
    recipients = with_countries(recipients, layer, published)
    return Event(type=type_, actors=actors, recipients=[r for r in recipients if r not in actors], mentions=[span],
                 mode=mode, context=_context(t, tok), markers=markers,
                 location=event_location(tok, layer, {actor, *recipients}),
                 date=event_date(tok, sent, published, trigger_tokens), negated=negated,
                 according_to=_according_to(tok, sent, layer, actor))


OBLIGATION_WORDS = frozenset("must should ought need needs needed have has".split())


def _asks_for_something(tok: Token, t: Trigger) -> bool:
    """'ordered troops to withdraw', 'urged that talks resume'; for 'tell' only an infinitive or a
    clause of obligation asks ('told them to leave', 'told Sky News any process must be ...'),
    else it only reports ('told reporters that he felt ...')."""
    if children(tok, "xcomp"):
        return True
    clauses = children(tok, "ccomp")
    if not t.needs_infinitive:
        return bool(clauses)
    return any(c.dep_ == "aux" and c.lower_ in OBLIGATION_WORDS for clause in clauses for c in clause.children)


def _performative_actor(tok: Token, layer: EntityLayer) -> str | None:
    """'Trump announced that the airspace is closed': the announcer closes it (through a that-clause only)."""
    via_clause = False
    for anc in tok.ancestors:
        via_clause = via_clause or anc.dep_ == "ccomp" or tok.dep_ == "ccomp"
        if anc.lemma_.lower() in PERFORMATIVE_VERBS:
            if not via_clause:
                return None
            for subj in children(anc, "nsubj"):
                return entity_of(subj, layer)
            return None
    return None


DEMAND_NOUNS = frozenset("ultimatum demand request offer proposal call plan deal order orders terms".split())


def _answer_recipients(tok: Token, actor: str, earlier: list[Event]) -> list[str]:
    """Rejecting or accepting 'the ultimatum' answers whoever last put one to this actor."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if not any(o.lemma_.lower() in DEMAND_NOUNS for o in objects):
        return []
    for e in reversed(earlier):
        if e.type in ("REQUEST", "THREATEN", "AGREE") and actor in e.recipients:
            return list(e.actors)
    return []


def _corefer(tok: Token, t: Trigger, doc: Doc, layer: EntityLayer, events: list[Event]) -> None:
    """A definite nominal trigger with no event of its own ('details of the encounter') names the
    latest earlier event of its type."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return
    if not any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its") for c in tok.children):
        return
    earlier = [e for e in events if e.type == t.type]
    if not earlier:
        return
    target = earlier[-1]
    target.mentions.append(Span(tok.idx, tok.idx + len(tok.text)))
    if target.according_to is None:
        for anc in tok.ancestors:
            if anc.lemma_.lower() in REPORT_VERBS:
                for subj in children(anc, "nsubj"):
                    key = entity_of(subj, layer)
                    if key and key not in target.actors:
                        target.according_to = key
                break
