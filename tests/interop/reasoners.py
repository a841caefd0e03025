"""Reasoners over the ontology and the union of the article graphs, run by tests/interop in a
process of their own (so they use the second core while the tests go on):

    python reasoners.py owlrl  OUT.json DATA.nt ONTOLOGY.ttl...
    python reasoners.py hermit OUT.json DATA.nt ONTOLOGY.ttl...

Each writes a JSON summary to OUT.json. Independent of the kg package on purpose: only rdflib,
owlrl and owlready2, as a user loading the files would have them.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path

ERR = "http://www.daml.org/2002/03/agents/agent-ont#"  # where owlrl writes its inconsistency messages


def _literal_key(lit):
    try:
        value = lit.toPython()
        hash(value)
    except Exception:  # noqa: BLE001 - a value rdflib cannot map stays lexical
        value = str(lit)
    return (str(lit.datatype or ""), lit.language or "", value if value is not lit else str(lit))


def owlrl_summary(data: Path, ontologies: list[Path]) -> dict:
    """owlrl's OWL 2 RL closure. owlrl reports an inconsistency not by raising but by adding, at
    the end of the closure, a blank node ``[] a err:ErrorMessage ; err:error "..."`` per message
    (err: is http://www.daml.org/2002/03/agents/agent-ont#), e.g. "Disjoint classes A and B have a
    common individual x", "... is defined of type 'Nothing'", a literal whose lexical form does
    not match its datatype. It does not report two values of a functional datatype property: it
    infers ``"a" owl:sameAs "b"`` between the two literals and goes on, so we look for those too."""
    import owlrl
    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import OWL, RDF

    err = Namespace(ERR)
    g = Graph()
    for o in ontologies:
        g.parse(str(o), format="turtle")
    g.parse(str(data), format="nt")
    before = len(g)
    started = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    seconds = time.perf_counter() - started
    errors = sorted(str(m) for node in g.subjects(RDF.type, err.ErrorMessage) for m in g.objects(node, err.error))
    nothing = sorted(str(s) for s in g.subjects(RDF.type, OWL.Nothing))
    literal_same = sorted({(str(a.n3()), str(b.n3())) for a, b in g.subject_objects(OWL.sameAs)
                           if isinstance(a, Literal) and isinstance(b, Literal)
                           and _literal_key(a) != _literal_key(b) and a.n3() < b.n3()})
    return {"triples_before": before, "triples_after": len(g), "seconds": round(seconds, 1),
            "errors": errors, "nothing_members": nothing, "distinct_literals_same_as": literal_same}


_UNSUPPORTED = re.compile(r"The datatype '([^']+)' is not part of the OWL 2 datatype map")


def _hermit_run(world, ignore: bool) -> dict:
    import owlready2

    started = time.perf_counter()
    out: dict = {"ignore_unsupported_datatypes": ignore}
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=ignore)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        out.update(outcome="inconsistent", message=str(exc)[:2000])
    except owlready2.OwlReadyJavaError as exc:
        text = str(exc)
        first = next((line for line in text.splitlines() if "Exception" in line), text[:300])
        out.update(outcome="java-error", message=first.strip()[:1000], unsupported=sorted(set(_UNSUPPORTED.findall(text))),
                   detail=text[:4000])
    else:
        out.update(outcome="consistent", unsatisfiable=sorted(str(c.iri) for c in world.inconsistent_classes()
                                                              if c is not owlready2.Nothing))
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


def hermit_summary(data: Path, ontologies: list[Path]) -> dict:
    """HermiT through owlready2, as owlready2 runs it: ``sync_reasoner_hermit`` writes the whole
    World (every triple, data literals with their datatypes, owl:imports left out) to an N-Triples
    file and runs ``java ... org.semanticweb.HermiT.cli.CommandLine -c -O -D -I file:///...``
    (``-Y`` to infer property values, ``--ignoreUnsupportedDatatypes`` on request). HermiT then
    refuses a literal or a range whose datatype is outside the OWL 2 datatype map. Two runs: as
    a user gets it (strict), and with --ignoreUnsupportedDatatypes (the verdict on the rest)."""
    import owlready2
    from rdflib import Graph

    with tempfile.TemporaryDirectory(prefix="newskg-hermit-") as tmp:
        both = Path(tmp) / "ontology-and-data.nt"
        onto = Graph()
        for o in ontologies:
            onto.parse(str(o), format="turtle")
        with open(both, "wb") as fh:
            fh.write(onto.serialize(format="nt", encoding="utf-8"))
            fh.write(data.read_bytes())
        world = owlready2.World()
        world.get_ontology(both.as_uri()).load()
        strict = _hermit_run(world, ignore=False)
        lenient = strict if strict["outcome"] != "java-error" else _hermit_run(world, ignore=True)
    return {"strict": strict, "lenient": lenient}


def main(argv: list[str]) -> int:
    kind, out, data, *ontologies = argv
    summary = {"owlrl": owlrl_summary, "hermit": hermit_summary}[kind](Path(data), [Path(o) for o in ontologies])
    Path(out).write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
