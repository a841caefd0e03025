"""Convert PETRARCH2's Phoenix dictionaries into two lookup files for the extractor.

News events are often done by actors that are not names ("police detained 107 people",
"rights groups condemned") or by a leader standing for a country ("Erdogan said"). PETRARCH2
(MIT, Open Event Data Alliance) codes both with hand-built dictionaries; this script turns them
into plain JSON the extractor can load without a PETRARCH parser:

  kg/data/agents.json  common-noun phrase -> agent code (COP, LEG, ...) and whether the phrase
                       names a body ("police") or its members ("lawmakers"), every form spelled
                       out (plurals, !PERSON! substitutions), from Phoenix.agents.txt;
  kg/data/actors.json  a named person -> the countries and roles they acted for, with dates,
                       from Phoenix.Countries.actors.txt and Phoenix.International.actors.txt.

The format is ../shared/lexicons/petrarch2/dictionaries.rst ("Actor Dictionary", "Agent
Dictionary"). Standard library only; the output is deterministic (sorted keys, stable lists) so
that re-running on the same inputs reproduces the shipped files byte for byte.

    python scripts/phoenix_actors.py [--shared DIR] [--out DIR]
"""
from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "lexicons" / "petrarch2"
AGENTS_FILE, COUNTRIES_FILE, INTERNATIONAL_FILE = (
    "Phoenix.agents.txt", "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt")

# Labels for the three-letter parts of CAMEO agent codes, written from the phrases that carry
# them. A compound code reads as its first part qualified by the rest: GOVMED is "government
# (media)" (information ministries), REBMUS "rebels (Muslim)", OPPEDU "opposition (education)".
LABELS = {
    "AGR": "agriculture", "BUD": "Buddhist", "BUS": "business", "CHR": "Christian", "COP": "police",
    "CPT": "Coptic", "CRM": "criminals", "CTH": "Catholic", "CVL": "civilians", "DEV": "development",
    "EDU": "education", "ELI": "elites", "ENV": "environment", "GOV": "government", "HIN": "Hindu",
    "HLH": "health", "HRI": "human rights", "IGO": "intergovernmental organisations",
    "IMG": "international militant groups", "JEW": "Jewish", "JUD": "judiciary", "LAB": "labour",
    "LEG": "legislature", "MAR": "Maronite", "MED": "media", "MIL": "military", "MUS": "Muslim",
    "NGO": "NGOs", "OPP": "opposition", "PPL": "people", "PRO": "Protestant", "PTY": "political parties",
    "RAD": "radicals", "REB": "rebels", "REF": "refugees", "REL": "religion", "SPY": "intelligence services",
    "UAF": "armed groups"}

# Head words of phrases that name an organised body rather than its members. "police",
# "military", "clergy", "media", "press" are collective: "police detained", "the media
# reported" speak of the body, while "policemen", "soldiers", "clerics", "journalists" are
# persons. Each word's regular plural counts too ("unions", "forces"), except where the plural
# is that of a person noun (PERSON_PLURALS). Borderline, and why:
#   authority    - in news "authorities said" is the state apparatus speaking, not a count of
#                  officials; "port authority" is a body too;
#   force        - "government forces", "security forces" act as a formation; but "troops",
#                  "soldiers", "fighters" count people and stay persons;
#   group        - in this file almost always an organisation (armed, rebel, rights, aid,
#                  terrorist group); "ethnic group" is the one misfit, accepted;
#   opposition   - "the main opposition said" speaks as a camp, like "police";
#   house        - here a legislative chamber ("house of representatives", "upper house") or
#                  a firm ("publishing house");
#   guard        - "national guard", "coast guard" are bodies, so the singular is in; but
#                  "border guards", "jail guards" are people, so "guards" is not;
#   intelligence - "military intelligence" is the service, not its agents;
#   newspaper, television, station, university, school, hospital, church - organisations
#                  that act in news ("state television said");
#   left out: staff, family, community, society, personnel, troops, mob - collections of people
#                  ("civil aviation staff", "displaced family", "civil society").
INSTITUTION_HEADS = frozenset("""
    administration agency alliance apparatus army assembly association authority band bank
    battalion board body brigade bureau bureaucracy cabinet cartel chamber chancellery chancery
    church clergy coalition college command commission committee company congress corporation
    corps council court delegation department detachment diocese directorate embassy consulate
    enterprise faction federation firm force front gang garrison gendarmerie gendarmery
    government group guard hospital house industry infantry institution intelligence judiciary
    junta leadership league legislature mafia media militia ministry military mission movement
    navy newspaper office opposition organisation organization parliament party police politburo
    presidium press procuratorate regime regiment school secretariat senate service squad
    station syndicate television tribunal union unit university wing
    """.split())
PERSON_PLURALS = frozenset({"guards"})

# A phrase with a post-modifier is headed by the word before it: "member of parliament" names
# a person, "council of ministers" a body, and the plural goes there too ("members of
# parliament", as the file itself spells its irregular forms).
PREPOSITIONS = frozenset("of for in to at on without from against under".split())

# The stems the agents file still has ("a few stems remain", its header says): a final
# DEFENSE_MINIST matched any word starting MINIST in PETRARCH; here it is spelled out.
STEMS = {"MINIST": ["MINISTER", "MINISTERS", "MINISTRY", "MINISTRIES"],
         "AUTHORIT": ["AUTHORITY", "AUTHORITIES"], "COMPAN": ["COMPANY", "COMPANIES"],
         "INDUSTR": ["INDUSTRY", "INDUSTRIES"]}

# Actor roles that act for a country: governments, elites, military, legislature, judiciary,
# opposition, parties. Rebels, criminals, civilians etc. do not speak for their country.
ROLES = frozenset("GOV ELI MIL LEG JUD OPP PTY".split())


def fold(phrase: str) -> str:
    """Dictionary phrase -> key: lower case, underscores as spaces, single spaces."""
    return " ".join(phrase.replace("_", " ").split()).lower()


def plural_word(word: str) -> str | None:
    """The regular plural of dictionaries.rst (add S; Y -> IES; SS -> SSES), with the repairs
    the file's own words need: a word already plural (VICTIMS, ARMED_FORCES, GUNMEN, PEOPLE)
    takes none (VICTIMSS is no word), a vowel before Y keeps it (ATTORNEYS, ENVOYS), -MAN
    becomes -MEN (MILITIAMAN), -CH/-SH/-X/-Z take ES except the -ARCH of MONARCH."""
    if not word or not word[-1].isalpha():
        return None
    if word.endswith("ss"):
        return word + "es"
    if word.endswith(("s", "men", "people", "children")):
        return None
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y"):
        return word + "s" if len(word) > 1 and word[-2] in "aeiou" else word[:-1] + "ies"
    if word.endswith(("sh", "x", "z")) or (word.endswith("ch") and not word.endswith("arch")):
        return word + "es"
    return word + "s"


def head_index(words: list[str]) -> int:
    """Position of the head word: the last word before the first preposition, else the last."""
    return next((i - 1 for i, word in enumerate(words) if i and word in PREPOSITIONS), len(words) - 1)


def plural_phrase(key: str) -> str | None:
    """The regular plural of a folded phrase, made on its head word."""
    words = key.split()
    i = head_index(words)
    plural = plural_word(words[i])
    return " ".join(words[:i] + [plural] + words[i + 1:]) if plural else None


def is_institution(key: str) -> bool:
    """True when the phrase's head word names an organised body, not a person."""
    return (words := key.split())[head_index(words)] in BODY_HEADS


BODY_HEADS = (INSTITUTION_HEADS | {plural_word(w) for w in INSTITUTION_HEADS} - {None}) - PERSON_PLURALS


def code_label(code: str) -> str:
    """GOV -> government; GOVMED -> government (media)."""
    parts = [LABELS.get(code[i:i + 3], code[i:i + 3]) for i in range(0, len(code), 3)]
    return parts[0] + (f" ({', '.join(parts[1:])})" if parts[1:] else "")


def agent_forms(phrase: str, plural: str | None, subsets: dict[str, list[str]]) -> list[str]:
    """Every key a dictionary phrase stands for, in the order PETRARCH stores them. plural is
    None for the regular plural, '' for none ({}), else the irregular form. A !MARKER! is
    replaced by each item of its set with no further plural (the set already holds MAN and
    MEN), as is a final stem from STEMS; a phrase ending in _ is "stopped" and, as
    dictionaries.rst says of phrases in general, gets no plural."""
    marker = re.search(r"!([^!\s]+)!", phrase)
    if marker:
        if marker.group(1) not in subsets:
            return []
        forms = [phrase[:marker.start()] + item + phrase[marker.end():] for item in subsets[marker.group(1)]]
        return [key for form in forms for key in agent_forms(form, "", subsets)]
    stem = re.search(r"([A-Za-z]+)\s*$", phrase)
    if stem and stem.group(1).upper() in STEMS:
        forms = [phrase[:stem.start(1)] + word for word in STEMS[stem.group(1).upper()]]
        return [key for form in forms for key in agent_forms(form, "", subsets)]
    key = fold(phrase)
    if plural is None:
        plural = "" if phrase.rstrip().endswith("_") else (plural_phrase(key) or "")
    return [key] + ([fold(plural)] if fold(plural) else [])


def convert_agents(text: str) -> tuple[dict, dict]:
    """Phoenix.agents.txt -> (agents.json document, counts for the summary)."""
    subsets: dict[str, list[str]] = {}
    phrases: dict[str, dict] = {}
    stats = {"lines": 0, "no_code": 0, "conflicts": 0, "same_code_repeats": 0}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()  # dictionaries.rst: all after # is ignored
        if not line:
            continue
        subset = re.fullmatch(r"!([^!\s]+)!\s*=\s*(.*)", line)
        if subset:
            subsets[subset.group(1)] = [item.strip() for item in subset.group(2).split(",") if item.strip()]
            continue
        if "[" not in line:
            stats["no_code"] += 1
            continue
        stats["lines"] += 1
        body, _, rest = line.partition("[")
        code = re.match(r"\s*([^\]}\s]*)", rest).group(1).replace("~", "")  # [~ENV} closes too
        plural = None
        if "{" in body:
            body, _, braced = body.partition("{")
            plural = braced.partition("}")[0]
        for key in agent_forms(body, plural, subsets):
            if key in phrases:
                stats["conflicts" if phrases[key]["code"] != code else "same_code_repeats"] += 1
                continue
            phrases[key] = {"code": code, "institution": is_institution(key)}
    counts: dict[str, int] = {}
    for entry in phrases.values():
        counts[entry["code"]] = counts.get(entry["code"], 0) + 1
    doc = {
        "about": f"generated by scripts/phoenix_actors.py from PETRARCH2 {AGENTS_FILE} (MIT, see "
                 "LICENSE-petrarch2.txt); do not edit",
        "codes": {code: {"label": code_label(code), "phrases": n} for code, n in counts.items()},
        "phrases": phrases,
    }
    stats.update(phrases=len(phrases), codes=len(counts))
    return doc, stats


def actor_records(text: str) -> list[dict]:
    """Split an .actors file into records: a primary phrase, its +synonyms, and its codes, each
    code a (CODE, date restriction or '') pair from [CODE] or [CODE restriction], whether on the
    phrase's line (TABARI style, several may follow) or on the tab-indented lines below it."""
    records: list[dict] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()  # dictionaries.rst: all after # is ignored
        if not line:
            continue
        codes = [(c.split()[0], "".join(c.split()[1:])) for c in re.findall(r"\[([^\]]*)\]", line) if c.split()]
        if line.startswith("["):
            if records:
                records[-1]["codes"] += codes
        elif line.startswith("+") and records:
            records[-1]["phrases"].append(line[1:].partition("[")[0])
            records[-1]["codes"] += codes
        else:
            records.append({"phrases": [line.partition("[")[0]], "codes": codes})
    for record in records:
        record["phrases"] = [key for key in (fold(p) for p in record["phrases"]) if key]
    return records


def iso_date(text: str) -> str:
    """YYYYMMDD or YYMMDD -> ISO. dictionaries.rst allows both and its examples read 450703 as
    1945 and 070723 as 2007; PETRARCH's reader (dstr_to_ordate) states the rule, kept from KEDS
    and TABARI: YY from 00 to 30 is 20YY, otherwise 19YY. Like that reader, a longer string is
    read by its first 8 digits (DAVID_CAMERON's >201005011). Anything else raises ValueError."""
    if not re.fullmatch(r"\d{6}|\d{8,}", text):
        raise ValueError(text)
    if len(text) == 6:
        text = ("20" if int(text[:2]) <= 30 else "19") + text
    return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat()


def date_range(restriction: str) -> tuple[str | None, str | None]:
    """'' (a default code) -> (None, None); '<d' -> (None, d); '>d' -> (d, None); 'a-b' -> (a, b).
    Limits are inclusive ("or equal to"). Other forms (a bare date) raise ValueError."""
    if not restriction:
        return None, None
    if restriction[0] in "<>":
        day = iso_date(restriction[1:])
        return (None, day) if restriction[0] == "<" else (day, None)
    start, dash, end = restriction.partition("-")
    if not dash:
        raise ValueError(restriction)
    start, end = iso_date(start), iso_date(end)
    if start > end:
        raise ValueError(restriction)
    return start, end


def country_codes(records: list[dict], countries: list[dict]) -> tuple[dict[str, str], list[str]]:
    """The dictionary's country codes -> names in countries.json. A country entry is a record
    with a code of three letters alone, dated or not (TURKEY [TUR], UKRAINE [UKR >911221]); its
    phrases, primary first, are matched against each country's name and aliases ("the"
    dropped, case folded); the first entry that matches names the code. Returns the mapping
    and the codes no entry matched (East Germany, the Soviet Union, Bermuda...)."""
    names: dict[str, str] = {}
    for country in countries:
        for surface in [country["name"], *(country.get("aliases") or [])]:
            names.setdefault(country_key(surface), country["name"])
    mapping: dict[str, str] = {}
    seen: list[str] = []
    for record in records:
        for code in [code for code, _ in record["codes"] if re.fullmatch(r"[A-Z]{3}", code)]:
            seen.append(code)
            hit = next((names[country_key(p)] for p in record["phrases"] if country_key(p) in names), None)
            if hit and code not in mapping:
                mapping[code] = hit
    return mapping, sorted(set(seen) - set(mapping))


def country_key(surface: str) -> str:
    """Fold for matching country names: case, the leading 'the', curly apostrophes."""
    key = fold(surface).replace("’", "'")
    return key.removeprefix("the ")


def convert_actors(country_text: str, international_text: str, countries: list[dict],
                   since: str | None = None) -> tuple[dict, dict]:
    """The two .actors files -> (actors.json document, counts for the summary).

    A record is kept when one of its codes, dated or default, is a known country code followed
    by a role in ROLES (TURGOV: Turkey, GOV; TURGOVMIL is role GOV too), unless it is a body: the
    country file also lists institutions (KURDISTAN_REGIONAL_GOVERNMENT [IRQGOV]), with a code but
    no dates, so an undated record whose primary phrase is headed by a BODY_HEADS word is left
    out; dated ones stay, as a term of office marks a person (MICHAEL_CHURCH, WAN_GANG). Each
    key (the primary phrase and every synonym) lists the record's qualifying ranges in file
    order, a default code last as a range open at both ends; a key found in several records
    gets all their ranges. With `since`, only records with a range ending after it are kept."""
    country_records = actor_records(country_text)
    records = country_records + actor_records(international_text)
    mapping, unmatched = country_codes(country_records, countries)
    persons: dict[str, list[dict]] = {}
    stats = {"records": 0, "record_ranges": 0, "bodies": 0, "bad_dates": [], "old": 0}
    for record in records:
        dated, default = [], []
        for code, restriction in record["codes"]:
            if code[:3] not in mapping or code[3:6] not in ROLES:
                continue
            try:
                start, end = date_range(restriction)
            except ValueError:
                stats["bad_dates"].append(f"{record['phrases'][0]}: [{code} {restriction}]")
                continue
            item = {"country": mapping[code[:3]], "role": code[3:6], "from": start, "to": end}
            (dated if restriction else default).append(item)
        ranges = dated + default
        if not ranges or not record["phrases"]:
            continue
        if is_institution(record["phrases"][0]) and not any(r for _, r in record["codes"]):
            stats["bodies"] += 1
            continue
        if since and not any(r["to"] is None or r["to"] > since for r in ranges):
            stats["old"] += 1
            continue
        stats["records"] += 1
        stats["record_ranges"] += len(ranges)
        for key in record["phrases"]:
            listed = persons.setdefault(key, [])
            listed += [r for r in ranges if r not in listed]
    stats["ranges"] = sum(len(v) for v in persons.values())
    stats.update(keys=len(persons), mapped=len(mapping), unmatched=unmatched)
    doc = {
        "about": f"generated by scripts/phoenix_actors.py from PETRARCH2 {COUNTRIES_FILE} and "
                 f"{INTERNATIONAL_FILE} (MIT, see LICENSE-petrarch2.txt); do not edit. persons: "
                 "name -> ranges of the country and role (" + " ".join(sorted(ROLES)) + ") it acted "
                 "for, from/to inclusive, null for an open end; a range open at both ends is the "
                 "default code, listed last, for a date no dated range covers (where several do, "
                 "PETRARCH takes the narrowest)" + (f"; persons with a range ending after {since}" if since else ""),
        "countries": mapping,
        "persons": persons,
    }
    return doc, stats


def dump(doc: dict) -> str:
    """The shipped form: sorted keys, indent 1, UTF-8 as is, trailing newline."""
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


MAX_BYTES = 3_000_000
SINCE = "1990-01-01"


def build(shared: Path, countries_json: Path) -> tuple[dict[str, str], dict, dict]:
    """Both files' text by name, and the stats. actors.json keeps everyone unless that is over
    MAX_BYTES; then only persons with a range ending after SINCE (stats["full_bytes"] says)."""
    texts = {name: (shared / name).read_text(encoding="utf-8")
             for name in (AGENTS_FILE, COUNTRIES_FILE, INTERNATIONAL_FILE)}
    countries = json.loads(countries_json.read_text(encoding="utf-8"))
    agents, agent_stats = convert_agents(texts[AGENTS_FILE])
    actors, actor_stats = convert_actors(texts[COUNTRIES_FILE], texts[INTERNATIONAL_FILE], countries)
    full = dump(actors)
    if len(full.encode("utf-8")) > MAX_BYTES:
        actors, actor_stats = convert_actors(texts[COUNTRIES_FILE], texts[INTERNATIONAL_FILE], countries, SINCE)
        actor_stats["full_bytes"] = len(full.encode("utf-8"))
    return {"agents.json": dump(agents), "actors.json": dump(actors)}, agent_stats, actor_stats


def main(argv: list[str] | None = None) -> int:
    """Write kg/data/agents.json and kg/data/actors.json and print what went into them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="folder with the Phoenix dictionaries")
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "data", help="where to write the JSON files")
    args = parser.parse_args(argv)
    texts, agents, actors = build(args.shared, ROOT / "kg" / "data" / "countries.json")
    for name, text in texts.items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"{args.out / name}: {len(text.encode('utf-8')):,} bytes")
    print("agents: {phrases} phrases from {lines} lines, {codes} codes; {conflicts} phrases given a second code (first "
          "kept), {same_code_repeats} repeated with the same code, {no_code} lines without a code".format(**agents))
    print("actors: {records} records, {record_ranges} ranges, {keys} keys ({ranges} ranges under them); {bodies} "
          "undated records headed by an institution word left out".format(**actors))
    if "full_bytes" in actors:
        print(f"actors: all persons would take {actors['full_bytes']:,} bytes, over {MAX_BYTES:,}: kept only the "
              f"persons with a range ending after {SINCE} ({actors['old']} records left out)")
    print(f"countries: {actors['mapped']} codes mapped; unmatched: {' '.join(actors['unmatched'])}")
    print(f"date restrictions skipped as malformed ({len(actors['bad_dates'])}):", *actors["bad_dates"], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
