"""The benchmark families of ``bench/quality.py``, one module each.

Each family reads one public data set from ``../shared/eval/`` and returns table rows; what
they share is in ``context`` (what a set is handed and hands back) and ``scoring`` (the
counting). ``bench/quality.py`` is the command that runs them.
"""
