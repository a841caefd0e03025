"""Interoperability: the export as other engines read it (Raptor, Jena, Oxigraph, rudof, owlrl,
HermiT). `.ci/install-interop` installs the Debian tools; each test skips without its engine."""
