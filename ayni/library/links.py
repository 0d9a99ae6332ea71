"""Checking one web address: redirects followed by hand, so that every hop is vetted.

Contributors write these addresses, so the checker refuses to visit private, loopback and
link-local hosts (a server-side request forgery guard) unless ``allow_private`` is set, as the
tests do for their server on 127.0.0.1.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests

MAX_REDIRECTS = 5
USER_AGENT = "Ayni link checker (+https://github.com/ayni)"


@dataclass(frozen=True)
class LinkResult:
    """What one check found: a status of ``LinkStatus`` and the details."""

    status: str
    http_status: int | None = None
    final_url: str = ""
    problem: str = ""


def _host_is_public(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return True  # an unknown host fails later with a clear "unreachable"
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return False
    return True


def check_url(
    url: str,
    *,
    session: requests.Session,
    timeout: float = 10.0,
    allow_private: bool = False,
) -> LinkResult:
    """Visit ``url`` (HEAD, then GET when HEAD is refused) and follow up to five redirects."""
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return LinkResult("broken", problem=f"not an http(s) address: {current}")
        if not allow_private and not _host_is_public(parts.hostname):
            return LinkResult(
                "unreachable", problem=f"refused to visit a private host: {parts.hostname}"
            )
        try:
            response = session.head(current, timeout=timeout, allow_redirects=False)
            if response.status_code in (403, 405, 501):  # some servers refuse HEAD
                response = session.get(current, timeout=timeout, allow_redirects=False, stream=True)
                response.close()
        except requests.Timeout:
            return LinkResult("unreachable", problem=f"no answer within {timeout:g} s")
        except requests.RequestException as error:
            return LinkResult("unreachable", problem=type(error).__name__)
        if response.is_redirect and response.headers.get("Location"):
            current = urljoin(current, response.headers["Location"])
            continue
        if response.status_code >= 400:
            return LinkResult(
                "broken", response.status_code, current, f"HTTP {response.status_code}"
            )
        status = "ok" if current == url else "redirected"
        return LinkResult(status, response.status_code, current if current != url else "")
    return LinkResult("broken", problem=f"more than {MAX_REDIRECTS} redirects")
