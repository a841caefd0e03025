"""scripts/phoenix_actors.py: the shipped kg/data/agents.json and actors.json are what the
converter makes of PETRARCH2's Phoenix dictionaries, and the converter reads the dictionary
format as dictionaries.rst describes it, on snippets copied from the real files."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("phoenix_actors", ROOT / "scripts" / "phoenix_actors.py")
phoenix = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(phoenix)

# Phoenix.agents.txt, lines 56-57, 105, 256-257, 274, 276, 381, 544, 638, 726, 1089, 1397,
# 1513, 1524, 1875, 2366 (a commented-out BANK, a {} null plural, an irregular one, a !PERSON!
# and a !MINIST! set, a stem, a stopped word, the [~ENV} typo, an NGO~-style code, a phrase
# coded twice).
AGENTS = """\
# ======== SUBSTITUTION SETS ======== 

!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES

#BANK [~BUS]
POLICE {} [~COP]
POLICE!PERSON!  [~COP]
RIOT_POLICE {} [~COP]
SECURITY_FORCE [~COP]
THIEF {THIEVES} [~CRM]
DEPARMENT_OF_ENVIRONMENT [~ENV}
DEFENSE_MINIST [~GOVMIL]
FOREIGN_!MINIST! [~GOV]
MINISTRY_  [~GOV]
ATTORNEY [~JUD]
LAWMAKER [~LEG]
MEMBER_OF_PARLIAMENT {MEMBERS_OF_PARLIAMENT} [~LEG]
SECURITY_FORCE [~MIL]
PEACEKEEPING_TROOPS {} [IGO~]
"""

# Phoenix.Countries.actors.txt lines 45-46, 62, 98-100, 103, 105-108, 207-208, 39241-39246,
# 48384-48387, 48489-48491, 48498-48501, 50417, 50425; Phoenix.International.actors.txt lines
# 41-49, 62 (the ANSF, Turkey and USA records cut short).
COUNTRY_ACTORS = """\
AFGHANISTAN_  [AFG]
+AFGHAN_ 
+KABUL_ 

# National Institutions
AFGHAN_NATIONAL_SECURITY_FORCES
+ANSF
\t[AFGMIL]

MOHAMMAD_ZAHIR_SHAH_  # CountryInfo.txt
\t[AFGELI 320101-331108]
\t[AFGGOV 331108-730717]
\t[AFGELI 730717-070723]
AHMED_SHAH_MASSOUD_
\t[AFGREB 19790706-20110909] # maybe ELI or UAF post-Soviet?
SOVIET_UNION
+UNION_OF_SOVIET_SOCIALIST_REPUBLICS
+USSR
+СССР
+SOVIET
\t[SUN]
TURKEY_  [TUR]
+TURKISH_
+TURKISH_REPUBLIC
+REPUBLIC OF TURKEY
RECEP_TAYYIP_ERDOGAN_  # CountryInfo.txt
+RECEP_ERDOGAN_
+ERDOGAN_
\t[TURELI 720101-021118]
\t[TURGOV 021118-030314]
\t[TURGOV >030314]
\t[TURELI]
UNITED_STATES_OF_AMERICA_  [USA]
+USA_ 
"""
INTERNATIONAL_ACTORS = """\
KOFI_ANNAN_\t
+SECRETARY-GENERAL_KOFI_ANNAN
+UNITED_NATIONS_SECRETARY_GENERAL_KOFI_ANNAN
+SECRETARY-GENERAL_KOFI_ANNAN
+K._ANNAN_
+K_ANNAN_
+KOFI_ATTA_ANNAN_
\t[IGOUNO 970101-061231] 
\t[ELI]# IGOrulers.txt
ANN_VENEMAN_\t[USAGOV 010120-050120] [IGOUNOKID >050501]# US Sec of Agri. later Exec. Dir. UNICEF# NGO_Actors
"""
# kg/data/countries.json, the rows the snippets name (aliases only; the converter reads no more).
COUNTRIES = [{"name": "Afghanistan", "aliases": ["Islamic Republic of Afghanistan"]},
             {"name": "Turkey", "aliases": ["Türkiye", "Turkiye", "Republic of Türkiye", "Republic of Turkey"]},
             {"name": "United States", "aliases": ["United States of America", "U.S.", "US", "USA"]}]


def test_agents_expand_plurals_substitutions_stems_and_keep_the_first_code() -> None:
    doc, stats = phoenix.convert_agents(AGENTS)
    body, person = {"institution": True}, {"institution": False}
    expected = {
        "police": {"code": "COP", **body},
        "policeman": {"code": "COP", **person}, "policemen": {"code": "COP", **person},
        "policewoman": {"code": "COP", **person}, "policewomen": {"code": "COP", **person},
        "policeperson": {"code": "COP", **person},
        "riot police": {"code": "COP", **body},
        "security force": {"code": "COP", **body}, "security forces": {"code": "COP", **body},
        "thief": {"code": "CRM", **person}, "thieves": {"code": "CRM", **person},
        "deparment of environment": {"code": "ENV", **person},
        "deparments of environment": {"code": "ENV", **person},
        "defense minister": {"code": "GOVMIL", **person}, "defense ministers": {"code": "GOVMIL", **person},
        "defense ministry": {"code": "GOVMIL", **body}, "defense ministries": {"code": "GOVMIL", **body},
        "foreign minister": {"code": "GOV", **person}, "foreign ministers": {"code": "GOV", **person},
        "foreign ministry": {"code": "GOV", **body}, "foreign ministries": {"code": "GOV", **body},
        "ministry": {"code": "GOV", **body},
        "attorney": {"code": "JUD", **person}, "attorneys": {"code": "JUD", **person},
        "lawmaker": {"code": "LEG", **person}, "lawmakers": {"code": "LEG", **person},
        "member of parliament": {"code": "LEG", **person}, "members of parliament": {"code": "LEG", **person},
        "peacekeeping troops": {"code": "IGO", **person},
    }
    assert doc["phrases"] == expected
    assert "bank" not in doc["phrases"] and "banks" not in doc["phrases"]
    assert doc["codes"]["COP"] == {"label": "police", "phrases": 9}
    assert doc["codes"]["GOVMIL"] == {"label": "government (military)", "phrases": 4}
    assert set(doc["codes"]) == {"COP", "CRM", "ENV", "GOVMIL", "GOV", "JUD", "LEG", "IGO"}
    assert stats["conflicts"] == 2  # SECURITY_FORCE [~MIL] after [~COP]: the singular and the plural


def test_actors_dates_synonyms_country_entries_and_what_is_left_out() -> None:
    doc, stats = phoenix.convert_actors(COUNTRY_ACTORS, INTERNATIONAL_ACTORS, COUNTRIES)
    assert doc["countries"] == {"AFG": "Afghanistan", "TUR": "Turkey", "USA": "United States"}
    assert stats["unmatched"] == ["SUN"]
    erdogan = [{"country": "Turkey", "role": "ELI", "from": "1972-01-01", "to": "2002-11-18"},
               {"country": "Turkey", "role": "GOV", "from": "2002-11-18", "to": "2003-03-14"},
               {"country": "Turkey", "role": "GOV", "from": "2003-03-14", "to": None},
               {"country": "Turkey", "role": "ELI", "from": None, "to": None}]
    zahir_shah = [{"country": "Afghanistan", "role": "ELI", "from": "1932-01-01", "to": "1933-11-08"},
                  {"country": "Afghanistan", "role": "GOV", "from": "1933-11-08", "to": "1973-07-17"},
                  {"country": "Afghanistan", "role": "ELI", "from": "1973-07-17", "to": "2007-07-23"}]
    veneman = [{"country": "United States", "role": "GOV", "from": "2001-01-20", "to": "2005-01-20"}]
    assert doc["persons"] == {"recep tayyip erdogan": erdogan, "recep erdogan": erdogan, "erdogan": erdogan,
                              "mohammad zahir shah": zahir_shah, "ann veneman": veneman}
    # left out: ANSF (an undated body), Massoud (REB is no role acting for the country), Kofi
    # Annan (IGO and a bare ELI name no country), the country entries themselves
    assert stats["bodies"] == 1


def test_dates_follow_the_format_doc() -> None:
    assert phoenix.iso_date("450703") == "1945-07-03" and phoenix.iso_date("070723") == "2007-07-23"
    assert phoenix.iso_date("300101") == "2030-01-01" and phoenix.iso_date("310101") == "1931-01-01"
    assert phoenix.iso_date("18970101") == "1897-01-01"
    assert phoenix.date_range("<910827") == (None, "1991-08-27")
    assert phoenix.date_range(">20110709") == ("2011-07-09", None)
    assert phoenix.date_range("070516-20120515") == ("2007-05-16", "2012-05-15")
    for bad in ("20121204", "2004017-20061201", "20121207-20120802", "20100931-20101010"):
        with pytest.raises(ValueError):
            phoenix.date_range(bad)


def test_plurals() -> None:
    cases = {"farmer": "farmers", "boss": "bosses", "deputy": "deputies", "envoy": "envoys",
             "militiaman": "militiamen", "church": "churches", "monarch": "monarchs", "victims": None,
             "gunmen": None, "people": None}
    assert {w: phoenix.plural_word(w) for w in cases} == cases
    assert phoenix.plural_phrase("chief of staff") == "chiefs of staff"


@pytest.mark.skipif(not (phoenix.SHARED / phoenix.AGENTS_FILE).is_file(),
                    reason=f"the PETRARCH2 dictionaries are not at {phoenix.SHARED}")
def test_shipped_files_are_the_converter_output() -> None:
    texts, _, _ = phoenix.build(phoenix.SHARED, ROOT / "kg" / "data" / "countries.json")
    for name, text in texts.items():
        shipped = (ROOT / "kg" / "data" / name).read_bytes()
        assert shipped == text.encode("utf-8"), f"{name} is stale: re-run scripts/phoenix_actors.py"
    agents = json.loads(texts["agents.json"])["phrases"]
    assert agents["police"] == {"code": "COP", "institution": True}
    assert agents["lawmakers"] == {"code": "LEG", "institution": False}
    persons = json.loads(texts["actors.json"])["persons"]
    assert {"country": "Turkey", "role": "GOV", "from": "2003-03-14", "to": None} in persons["recep tayyip erdogan"]
