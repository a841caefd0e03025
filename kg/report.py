"""A validation ``Report`` as a SHACL validation-report graph (for ``kg validate -f turtle``)."""
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.validate import Report

__all__ = ["report_graph"]


def report_graph(report: Report) -> Graph:
    g = Graph()
    g.bind("sh", SH)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms())))
    for f in report.findings:
        r = BNode()
        g.add((root, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, URIRef(f.focus)))
        g.add((r, SH.resultSeverity, SH[f.severity]))
        g.add((r, SH.resultMessage, Literal(f.message)))
        if f.path:
            g.add((r, SH.resultPath, URIRef(f.path)))
        if f.shape:
            g.add((r, SH.sourceShape, URIRef(f.shape)))
    return g
