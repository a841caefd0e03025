"""Where the project's own files live: ontology, PLOVER scheme and shapes beside the package."""
from pathlib import Path

__all__ = ["ROOT", "ONTOLOGY_FILE", "PLOVER_FILE", "SHAPES_FILE"]

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "newskg.ttl"
PLOVER_FILE = ROOT / "ontology" / "plover.ttl"
SHAPES_FILE = ROOT / "shapes" / "newskg.ttl"
