from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_TXT = ROOT / "seeds" / "trump-maduro.txt"


@pytest.fixture(scope="session", autouse=True)
def kg_cache_dir(tmp_path_factory) -> Path:
    """The default knowledge base is built into a cache folder: the tests' own, not the user's."""
    folder = tmp_path_factory.mktemp("kg-cache")
    os.environ["KG_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def exporter():
    from kg.pipeline import Exporter

    return Exporter()


@pytest.fixture(scope="session")
def nlp():
    from kg.annotate import load_model

    return load_model(None)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def wikidata() -> Path:
    """../shared/wikidata: the Wikidata material the knowledge-base tests build from."""
    folder = SHARED / "wikidata"
    if not folder.is_dir():
        pytest.skip(f"shared Wikidata material not found at {folder} (../shared beside the repo)")
    return folder


@pytest.fixture(scope="session")
def corpus_export(exporter, shared, tmp_path_factory):
    """The 174-record Wikinews corpus exported once per test session: (result, folder)."""
    out = tmp_path_factory.mktemp("corpus-export")
    return exporter.export([str(shared / "corpus" / "wikinews.jsonl")], out), out


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso 7 server of the module's own (tests/virtuoso.py); skips where it is not installed."""
    from virtuoso import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()
