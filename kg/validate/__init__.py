"""Validation: named graphs (and shapes) in, a ``Report`` of SHACL findings out.

``shacl`` runs pySHACL over each article graph on its own (so a finding names its graph) and
ships the project's shapes (``shapes/`` in the package); ``fast`` decides in plain Python the
constraints it can decide exactly and leaves every other graph to pySHACL, so its verdicts are
pySHACL's; ``report`` renders a report for people and for CI (human, JSON, GitHub, JUnit, SHACL).
"""
from kg.validate.report import FORMATS as REPORT_FORMATS
from kg.validate.report import render
from kg.validate.shacl import SHAPES_FILE, Finding, Report, load_data, load_shapes, validate_graph, validate_graphs

__all__ = ["SHAPES_FILE", "Finding", "Report", "load_data", "load_shapes", "validate_graph", "validate_graphs",
           "render", "REPORT_FORMATS"]
