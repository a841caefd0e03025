"""What a request to a store does when the store answers with a redirect.

urllib follows redirects on its own, and badly for a store: a POST comes back as a bodiless GET
(so an update 'succeeds' with nothing stored), a PUT is refused, and the credentials go to
whatever host the Location names (issue 19, point 1). So by default a redirect is an error that
names its target. With ``follow_same_origin`` (``--follow-redirects``) a redirect to the same
scheme, host and port is followed with the same method, body and headers (a proxy moving
``/sparql`` to ``/sparql/``); one to another origin stays an error, credentials never leave.
A 303 See Other asks for a GET of another resource, which is never what a store request means.
"""
from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Callable

from kg.errors import KgError

__all__ = ["RedirectPolicy", "redirect_target", "same_origin"]


def same_origin(a: str, b: str) -> bool:
    pa, pb = urllib.parse.urlsplit(a), urllib.parse.urlsplit(b)
    return (pa.scheme.lower(), pa.hostname, pa.port or _default_port(pa.scheme)) == \
        (pb.scheme.lower(), pb.hostname, pb.port or _default_port(pb.scheme))


def _default_port(scheme: str) -> int | None:
    return {"http": 80, "https": 443}.get(scheme.lower())


class RedirectPolicy(urllib.request.HTTPRedirectHandler):
    """The redirect handler of every request newskg sends to a store; ``error`` builds the
    exception of the caller's kind (a push error, a query error) from a message."""

    def __init__(self, follow_same_origin: bool = False, error: Callable[[str], KgError] = KgError,
                 command: str = "kg") -> None:
        self.follow_same_origin = follow_same_origin
        self.error = error
        self.command = command

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - urllib's hook
        redirect_target(req.full_url, code, newurl, self.follow_same_origin, self.error, self.command)
        return urllib.request.Request(newurl, data=req.data, headers=dict(req.header_items()),
                                      origin_req_host=req.origin_req_host, unverifiable=True,
                                      method=req.get_method())


def redirect_target(url: str, code: int, newurl: str, follow_same_origin: bool,
                    error: Callable[[str], KgError] = KgError, command: str = "kg") -> str:
    """``newurl`` if the policy above follows this redirect, else the error naming its target; one
    rule for urllib's openers and for the push's persistent connections (kg.store.client)."""
    old, new = url.split("?")[0], newurl.split("?")[0]
    if not follow_same_origin:
        raise error(f"{old} redirects ({code}) to {new}: {command} follows no redirect (it would lose "
                    "the request body or send the credentials elsewhere); give the final URL, or "
                    "--follow-redirects for one on the same host")
    if code == 303 or not same_origin(url, newurl):
        why = "a 303 asks for a GET elsewhere" if code == 303 else "another host, port or scheme"
        raise error(f"{old} redirects ({code}) to {new}: not followed ({why}); give the final URL")
    return newurl
