"""The CAMEO lexicon converter (scripts/cameo_triggers.py): the shipped kg/data/cameo_triggers.json
is what the converter makes of PETRARCH2's CAMEO.2.0.txt, CAMEO2PLOVER-2021 and the PLOVER scheme, one
entry a line; small blocks copied verbatim from the first two come out as the exact blocks, verbs, synsets
and nouns the dictionary's rules say."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from loadscript import load

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "cameo_triggers.py"
SHIPPED = REPO / "kg" / "data" / "cameo_triggers.json"

ct = load(SCRIPT, "cameo_triggers")

# Lines copied from ../shared/eval/plover/CAMEO2PLOVER-2021.txt.
CROSSWALK = """\
03: AGREE
036: AGREE,  , diplomatic # Express intent to meet or negotiate
04: CONSULT
040: CONSULT, ,  # Consult
041: CONSULT, phone,   # Discuss by telephone
08: RETREAT
0871: RETREAT, ceasefire, military # Declare truce, ceasefire
09: ACCUSE
090: ACCUSE, investigate,  # Investigate
10: REQUEST
100: REQUEST,  ,  # REQUEST
11: ACCUSE
110: ACCUSE, disapprove,    # Disapprove
15: MOBILIZE
150: MOBILIZE, ,  # Demonstrate military or police power
16: SANCTION
160: SANCTION,   ,  # Reduce relations
17: COERCE
170: COERCE, ,    # Coerce
172: COERCE, restrict, executive      # Impose administrative sanctions
1721: COERCE, restrict, rights_freedoms         # Impose restrictions on freedoms of speech and expression
1722: COERCE, ban, pro_autocracy      # Ban political parties or politicians
173: COERCE, arrest, legal            # Arrest, detain, or charge with legal action
18: ASSAULT
180: ASSAULT, ,    # Use unconventional violence
181: ASSAULT, abduct,      # Abduct, hijack
182: ASSAULT, beat,        # Physically assault
19: ASSAULT
196: ASSAULT, , legal; military # Violate ceasefire
"""

# Synsets and blocks copied from ../shared/lexicons/petrarch2/CAMEO.2.0.txt (blocks cut to a few lines).
CAMEO = """\
####### SYNONYM SETS ####### 

&CEASEFIRE
+TRUCE
+ARMISTICE
+CEASE-FIRE
+CEASEFIRE
+CEASE_FIRE

&FIGHT
+STRUGGLE
+BATTLE
+FIGHT
+FIGHTING_
+STRIFE_
+WAR
+WARFARE
+FEUD
+COMBAT_
+HOSTILITIES_
+BELLIGERENCY

&HOSTAGE
+HOSTAGE
+PRISONER
+CAPTIVE

####### VERB PATTERNS ####### 

---  CANCEL   [---]  ---
+CALL_OFF [160]
END 
- * &FIGHT                                            [0871]        # END , END
- * &CEASEFIRE                                        [196]         # CALLED_OFF

---  DECREE   [010]  ---
DECLARE 
DECREE [100] 
- * &CEASEFIRE                                        [0871:0871]   # DECLARE
- * &CEASEFIRE                                        [0871]        # DECLARE
- * VICTORY                                           [013]         # DECLARE

---  MEET_PEOPLE   [040]  ---
+MEET_WITH {+MET_WITH +MEETS_WITH +MEETING_WITH }
FACE  # sha  8/17/93
MEET {MEETS MET MEETING} 
- * (WITH LEADERS)                                    [036:036]     # MEET
- * (BY TELEPHONE)                                    [041:041]     # CONTACT
- * &FIGHT                                            [:110]        # FACE

---  ASK   [---]  ---
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]
ASK     [020]
INTERROGATE [090]
- * (FOR {FINANCIAL AID})                             [0231]        # ASK
- * {DEATH PENALTY} (AGAINST)                         [173]         # REQUEST

---  HURT   [180]  ---
HURT 
INJURE [182]
-  * (IN &WEATHER) [---]
-  * (IN &DEMONSTRATION) [145]  
-  * RELATIONS [160]

---  START   [---]  ---
LAUNCH 
START 
- * {&FIGHT GAME}                                     [150]         # LAUNCH

---  PROHIBIT   [172]  ---
BAN {BANS BANNED BANNING }  # HUX 10/3/974
CENSOR [1721]
- * PARTY                                             [1722]        # BAN
- * TRAVEL                                            [172]         # PROHIBIT

---  CONFINE   [170]  ---
DETAIN [173]
HOLD {HOLDS HOLDING HELD } [---] # HUX 10/10/97
- * &HOSTAGE                                          [181]         # HOLD

---  KIDNAP   [181]  ---
ABDUCT [181] 
KIDNAP {KIDNAPS KIDNAPPED KIDNAPPING }  # OY 10 Mar 2006
- * &HOSTAGE                                          [181]         # ABDUCT
"""

CEASEFIRES = [["truce"], ["truces"], ["armistice"], ["armistices"], ["cease-fire"], ["cease-fires"],
              ["ceasefire"], ["ceasefires"], ["cease", "fire"], ["cease", "fires"]]
# FIGHTING_, STRIFE_, COMBAT_, HOSTILITIES_ end in "_": no plural
FIGHTS = [["struggle"], ["struggles"], ["battle"], ["battles"], ["fight"], ["fights"], ["fighting"], ["strife"],
          ["war"], ["wars"], ["warfare"], ["warfares"], ["feud"], ["feuds"], ["combat"], ["hostilities"],
          ["belligerency"], ["belligerencies"]]
HOSTAGES = [["hostage"], ["hostages"], ["prisoner"], ["prisoners"], ["captive"], ["captives"]]
BLOCKS = ["CANCEL", "DECREE", "MEET_PEOPLE", "ASK", "HURT", "START", "PROHIBIT", "CONFINE", "KIDNAP"]


def _line(*fragments: str) -> str:
    """The first line of CAMEO holding every fragment, its padding collapsed as the converter keeps it."""
    return next(" ".join(line.split()) for line in CAMEO.splitlines() if all(f in line for f in fragments))


def _code(code: str, type_: str, mode: str | None, context: str | None, line: str) -> dict:
    return {"code": code, "type": type_, "mode": mode, "context": context, "line": line}


def _pattern(code: str, type_: str, mode: str | None, context: str | None, line: str, *,
             post: list = (), preps: list = ()) -> dict:
    return {**_code(code, type_, mode, context, _line(line)), "post": list(post), "preps": list(preps), "pre": []}


def _verb(block: str, own: dict | None = None, *words: str) -> dict:
    return {"block": BLOCKS.index(block), "words": list(words), "own": own}


@pytest.fixture(scope="module")
def built() -> tuple[dict, dict]:
    return ct.build(CAMEO, CROSSWALK)


def test_rerun_reproduces_the_shipped_file() -> None:
    if not (ct.DEFAULT_CAMEO.is_file() and ct.DEFAULT_CROSSWALK.is_file()):
        pytest.skip("../shared/lexicons/petrarch2 or ../shared/eval/plover is absent (inputs live beside the repo)")
    lexicon, _ = ct.build(ct.DEFAULT_CAMEO.read_text(encoding="utf-8"),
                          ct.DEFAULT_CROSSWALK.read_text(encoding="utf-8"))
    shipped = SHIPPED.read_bytes()
    assert ct.dumps(lexicon).encode("utf-8") == shipped, \
        "kg/data/cameo_triggers.json is stale: run python scripts/cameo_triggers.py"
    assert json.loads(shipped) == lexicon and len(shipped) < 3_000_000
    names = {block["name"] for block in lexicon["blocks"]}
    assert ct.LIGHT_VERB_BLOCKS <= names, ct.LIGHT_VERB_BLOCKS - names


def test_main_writes_the_file_it_builds(tmp_path: Path) -> None:
    (tmp_path / "cameo.txt").write_text(CAMEO)
    (tmp_path / "crosswalk.txt").write_text(CROSSWALK)
    out = tmp_path / "out.json"
    assert ct.main(["--cameo", str(tmp_path / "cameo.txt"), "--crosswalk", str(tmp_path / "crosswalk.txt"),
                    "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text == ct.dumps(ct.build(CAMEO, CROSSWALK)[0]) and text.endswith("}\n")
    assert text.startswith('{"about":"generated by scripts/cameo_triggers.py')


def test_one_entry_a_line_in_a_fixed_order(built) -> None:
    lexicon = built[0]
    text = ct.dumps(lexicon)
    assert json.loads(text) == lexicon and list(json.loads(text)) == ["about", "synsets", "blocks", "verbs", "nouns"]
    lines = text.splitlines()
    assert [line for line in lines if line.startswith('"') and line.endswith(("{", "["))] == [
        '"synsets":{', '"blocks":[', '"verbs":{', '"nouns":{']
    # each synset, block, verb and noun head is one line of compact JSON with sorted keys
    assert len(lines) == 1 + sum(2 + len(lexicon[key]) for key in ("synsets", "blocks", "verbs", "nouns"))
    assert '"face":[{"block":2,"own":{"code":"040","context":null,"line":"FACE # sha 8/17/93","mode":null,' \
           '"type":"CONSULT"},"words":[]}],' in lines


def test_blocks_hold_their_patterns_and_verbs_point_at_them(built) -> None:
    lexicon = built[0]
    assert [b["name"] for b in lexicon["blocks"]] == BLOCKS
    blocks = {b["name"]: b["patterns"] for b in lexicon["blocks"]}
    # the two "* &CEASEFIRE [0871]" lines are one pattern; VICTORY [013] has no PLOVER type
    assert blocks["DECREE"] == [_pattern("0871", "RETREAT", "ceasefire", "military", "[0871:0871]",
                                         post=[["&CEASEFIRE"]])]
    # &WEATHER and &DEMONSTRATION are not defined: their patterns are left out
    assert blocks["HURT"] == [_pattern("160", "SANCTION", None, None, "RELATIONS", post=[[["relations"]]])]
    verbs = lexicon["verbs"]
    # DECLARE has the block's code 010 (a statement: no PLOVER type), so no code of its own
    assert verbs["declare"] == [_verb("DECREE")]
    assert verbs["decree"] == [_verb("DECREE", _code("100", "REQUEST", None, None, "DECREE [100]"))]
    assert verbs["hurt"] == [_verb("HURT", _code("180", "ASSAULT", None, None, "HURT"))]
    assert verbs["injure"] == [_verb("HURT", _code("182", "ASSAULT", "beat", None, "INJURE [182]"))]


def test_multi_word_verb_and_prepositions(built) -> None:
    lexicon = built[0]
    blocks, verbs = {b["name"]: b["patterns"] for b in lexicon["blocks"]}, lexicon["verbs"]
    assert blocks["MEET_PEOPLE"] == [
        _pattern("036", "AGREE", None, "diplomatic", "(WITH LEADERS)", preps=[{"prep": "with", "objects": [["leaders"]]}]),
        _pattern("041", "CONSULT", "phone", None, "(BY TELEPHONE)", preps=[{"prep": "by", "objects": [["telephone"]]}])]
    meet_with = "+MEET_WITH {+MET_WITH +MEETS_WITH +MEETING_WITH }"
    assert verbs["meet"] == [_verb("MEET_PEOPLE", _code("040", "CONSULT", None, None, meet_with), "with"),
                             _verb("MEET_PEOPLE", _code("040", "CONSULT", None, None, "MEET {MEETS MET MEETING}"))]
    # "call off" is in CANCEL with a code of its own; "end" there has none but shares the block's patterns
    assert verbs["call"] == [_verb("CANCEL", _code("160", "SANCTION", None, None, "+CALL_OFF [160]"), "off")]
    assert verbs["end"] == [_verb("CANCEL")]
    # a preposition alone, "(AGAINST)", has no objects; ASK's own code 020 (an appeal) has no PLOVER type
    assert blocks["ASK"] == [_pattern("173", "COERCE", "arrest", "legal", "{DEATH PENALTY}",
                                      post=[[["death", "penalty"]]], preps=[{"prep": "against", "objects": []}])]
    assert verbs["ask"] == [_verb("ASK", None, "for"), _verb("ASK")]
    assert verbs["interrogate"] == [_verb("ASK", _code("090", "ACCUSE", "investigate", None, "INTERROGATE [090]"))]


def test_synsets_are_named_not_expanded(built) -> None:
    lexicon = built[0]
    blocks = {b["name"]: b["patterns"] for b in lexicon["blocks"]}
    # "legal; military" is two contexts joined: not a term of the scheme, so null
    assert blocks["CANCEL"] == [
        _pattern("0871", "RETREAT", "ceasefire", "military", "- * &FIGHT", post=[["&FIGHT"]]),
        _pattern("196", "ASSAULT", None, None, "- * &CEASEFIRE", post=[["&CEASEFIRE"]])]
    # a synset as a modifier is named in place among the words
    assert blocks["START"] == [_pattern("150", "MOBILIZE", None, None, "{&FIGHT GAME}", post=[[["&FIGHT", "game"]]])]
    # each synset a kept pattern or a noun uses is spelled out once, plurals included
    assert lexicon["synsets"] == {"&CEASEFIRE": CEASEFIRES, "&FIGHT": FIGHTS, "&HOSTAGE": HOSTAGES}
    assert ct.build("&UNUSED\n+THING\n---  HURT   [180]  ---\nHURT\n", CROSSWALK)[0]["synsets"] == {}


def test_modes_and_contexts_are_terms_of_the_plover_scheme(built) -> None:
    lexicon, summary = built
    prohibit = lexicon["blocks"][BLOCKS.index("PROHIBIT")]["patterns"]
    # 1722 "ban, pro_autocracy": the scheme has no mode "ban" (null) and context pro-autocracy (hyphened)
    assert prohibit == [_pattern("172", "COERCE", "restrict", "executive", "TRAVEL", post=[[["travel"]]]),
                        _pattern("1722", "COERCE", None, "pro-autocracy", "PARTY", post=[[["party"]]])]
    assert lexicon["verbs"]["censor"] == [
        _verb("PROHIBIT", _code("1721", "COERCE", "restrict", "rights-freedoms", "CENSOR [1721]"))]
    assert dict(summary["not in scheme"]) == {("mode", "ban"): 1, ("context", "legal;military"): 1}


def test_scheme_terms_are_read_from_the_turtle_file() -> None:
    turtle = """@prefix plover: <https://w3id.org/newskg/plover/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
plover:mode-third-party skos:broader plover:Mode ; skos:notation "third-party" .
plover:context-human-rights skos:broader plover:Context ; skos:notation "human_rights" .
plover:ACCUSE skos:broader plover:EventType ; skos:notation "ACCUSE" .
"""
    assert ct.scheme_terms(turtle) == ({"third-party"}, {"human-rights"})
    # with this scheme, "phone" (041) is not a mode: MEET's telephone pattern keeps its type, not its mode
    lexicon, summary = ct.build(CAMEO, CROSSWALK, turtle)
    assert lexicon["blocks"][BLOCKS.index("MEET_PEOPLE")]["patterns"][1]["mode"] is None
    assert summary["not in scheme"][("mode", "phone")] == 1


def test_skipped_patterns_are_counted_by_reason(built) -> None:
    lexicon, summary = built
    # "(FOR {FINANCIAL AID}) [0231]" and "VICTORY [013]": no PLOVER type; "&FIGHT [:110]": roles swapped;
    # &WEATHER and &DEMONSTRATION are not defined
    assert dict(summary["patterns skipped"]) == {"code without PLOVER type": 2, "source and target swapped [:code]": 1,
                                                 "undefined synset": 2}
    assert summary["patterns kept"] == 13
    lines = [p["line"] for b in lexicon["blocks"] for p in b["patterns"]]
    assert not any("FINANCIAL" in line or "[:110]" in line or "&WEATHER" in line for line in lines)
    assert lexicon["verbs"]["face"] == [_verb("MEET_PEOPLE", _code("040", "CONSULT", None, None, "FACE # sha 8/17/93"))]


def test_noun_triggers_from_synsets_whose_light_verb_patterns_agree(built) -> None:
    lexicon, summary = built
    # &CEASEFIRE: CANCEL's 196 (ASSAULT) and DECREE's 0871, 0871 (RETREAT): RETREAT holds 2/3
    coding = {"code": "0871", "type": "RETREAT", "mode": "ceasefire", "context": "military", "synset": "&CEASEFIRE"}
    assert lexicon["nouns"] == {
        "truce": [{**coding, "modifiers": []}], "armistice": [{**coding, "modifiers": []}],
        "cease-fire": [{**coding, "modifiers": []}], "ceasefire": [{**coding, "modifiers": []}],
        "fire": [{**coding, "modifiers": ["cease"]}]}
    # &FIGHT: CANCEL's 0871 counts, MEET_PEOPLE's swapped [:110] ("face a war") does not
    assert summary["synsets not noun triggers"] == {"&FIGHT": "1 of 2 patterns from light verbs, RETREAT 1/1",
                                                    "&HOSTAGE": "0 of 2 patterns from light verbs"}


def test_a_synset_only_other_verbs_vote_for_is_no_noun_trigger(built, monkeypatch) -> None:
    # "hold hostages" (CONFINE) and "abduct hostages" (KIDNAP) both code 181 (ASSAULT), but detaining
    # and abducting is what the verb does to the hostage: a hostage is no abduction
    assert "hostage" not in built[0]["nouns"] and "&HOSTAGE" in built[1]["synsets not noun triggers"]
    monkeypatch.setattr(ct, "LIGHT_VERB_BLOCKS", ct.LIGHT_VERB_BLOCKS | {"CONFINE", "KIDNAP"})
    nouns = ct.build(CAMEO, CROSSWALK)[0]["nouns"]
    assert nouns["hostage"] == [{"code": "181", "type": "ASSAULT", "mode": "abduct", "context": None,
                                 "modifiers": [], "synset": "&HOSTAGE"}]


def test_crosswalk_and_codes() -> None:
    table, conflicts = ct.read_crosswalk("08: CONCEDE\n080: CONCEDE,   ,  # Yield\n08: RETREAT\n"
                                         "091: ACCUSE, investigate, crime; corruption # Investigate crime\n"
                                         "0861: RETREAT, access , peacekeeping # Receive peacekeepers\n")
    assert conflicts == ["08: RETREAT after CONCEDE (kept the first)"]
    assert table["091"] == ct.Plover("ACCUSE", "investigate", "crime;corruption")
    assert table["0861"] == ct.Plover("RETREAT", "access", "peacekeeping")
    assert table["080"] == ct.Plover("CONCEDE", None, None)
    assert ct.plover_of("0869", table) == ct.Plover("CONCEDE", None, None)  # no 0869, no 086: the root 08
    assert ct.plover_of("0911", table) == table["091"] and ct.plover_of("0231", table) is None
    assert ct.parse_code("042:043") == ("042", False) and ct.parse_code(":173") == (None, True)
    assert ct.parse_code("---") == (None, False) and ct.parse_code("080!") == ("080", False)


def test_verb_lines_and_plurals() -> None:
    assert ct.parse_verb("WIRE_+TAP {WIRE_+TAPS WIRE_+TAPPED  WIRE_+TAPPING }", None) == ("tap", ("wire",), None)
    assert ct.parse_verb("SPY {SPIES SPIED SPIES SPYING}[090]   # jw   12/9/91", "010") == ("spy", (), "090")
    assert ct.parse_verb("RECONVENE[---]", "040") == ("reconvene", (), None)
    assert ct.parse_verb("SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93", "160") == ("scrap", (), "160")
    assert [ct._plural(p) for p in [("army",), ("witness",), ("prime", "minister"), ("troops",)]] == [
        ("armies",), ("witnesses",), ("prime", "ministers"), None]
    # a synset joined to a word by "_" is the synset, named in place
    assert ct.alternative(["FIGHTER_&AIRCRAFT"], {"&AIRCRAFT": []}) == ("fighter", "&AIRCRAFT")
    assert ct.alternative(["&HOSTAGE"], {"&HOSTAGE": []}) == "&HOSTAGE"
