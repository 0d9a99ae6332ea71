"""Fetching from a peer: one place for time-outs, the user agent and clear error messages."""

from typing import Any

import requests

from ayni.federation.harvest.items import PeerError

USER_AGENT = "Ayni-harvester/1 (+https://github.com/ayni; South-South clearing-house)"
TIMEOUT = (10, 120)  # seconds to connect, seconds between bytes


def session() -> requests.Session:
    """A session with Ayni's user agent (keeps connections to the peer open between pages)."""
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    return http


def describe(url: str, params: dict[str, str] | None = None) -> str:
    """The request in words, for reports: 'GET http://peer/oai?verb=ListRecords&...'."""
    request = requests.Request("GET", url, params=params).prepare()
    return str(request.url)


def get(
    http: requests.Session, url: str, params: dict[str, str] | None = None, **kwargs: Any
) -> requests.Response:
    """The answer of the peer, or PeerError saying what failed, for which request."""
    where = describe(url, params)
    try:
        response = http.get(url, params=params, timeout=TIMEOUT, **kwargs)
    except requests.exceptions.Timeout as error:
        raise PeerError(f"the peer did not answer in time: {where}") from error
    except requests.exceptions.ConnectionError as error:
        raise PeerError(f"could not connect to the peer: {where}") from error
    except requests.exceptions.RequestException as error:
        raise PeerError(f"the request failed ({type(error).__name__}): {where}") from error
    if response.status_code >= 400:
        response.close()
        raise PeerError(f"HTTP {response.status_code} {response.reason} from the peer: {where}")
    return response
