"""Link health: checking resources' web addresses against a real server on loopback."""

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import requests
from django.core.management import call_command

from ayni.library.choices import LinkStatus
from ayni.library.links import check_url
from ayni.library.services import resource_links_check
from ayni.library.tests.factories import ResourceFactory


class Handler(http.server.BaseHTTPRequestHandler):
    """A small site: working, moved, gone, failing, slow and HEAD-refusing pages."""

    def _answer(self, with_body: bool) -> None:
        path = self.path
        if path == "/slow":
            time.sleep(1.5)
        if path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif path in ("/ok", "/slow", "/no-head"):
            self.send_response(200)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif path == "/error":
            self.send_response(500)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2" if with_body else "0")
        self.end_headers()
        if with_body and self.command == "GET":
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        return


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def allow_loopback(settings):
    settings.AYNI_LINK_CHECK_ALLOW_PRIVATE = True


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _check(url: str, **kwargs: object):
    with requests.Session() as session:
        return check_url(url, session=session, allow_private=True, **kwargs)  # type: ignore[arg-type]


def test_working_page_is_ok(site):
    """A page that answers 200 is working."""
    result = _check(f"{site}/ok")
    assert (result.status, result.http_status) == ("ok", 200)


def test_redirect_is_followed_and_reported(site):
    """A moved page is working, with the address it moved to."""
    result = _check(f"{site}/moved")
    assert result.status == "redirected"
    assert result.final_url == f"{site}/ok"


def test_missing_and_failing_pages_are_broken(site):
    """404 and 500 are broken links, with the HTTP status."""
    assert _check(f"{site}/gone").http_status == 404
    assert _check(f"{site}/gone").status == "broken"
    assert _check(f"{site}/error").status == "broken"


def test_server_that_refuses_head_is_checked_with_get(site):
    """A server answering 405 to HEAD is asked again with GET."""
    assert _check(f"{site}/no-head").status == "ok"


def test_slow_server_is_unreachable_after_the_timeout(site):
    """No answer within the timeout: unreachable, saying so."""
    result = _check(f"{site}/slow", timeout=0.3)
    assert result.status == "unreachable"
    assert "0.3 s" in result.problem


def test_redirect_loop_is_broken(site):
    """Endless redirects stop after five hops."""
    result = _check(f"{site}/loop")
    assert result.status == "broken"
    assert "redirects" in result.problem


def test_closed_port_is_unreachable():
    """Nobody listening: unreachable."""
    assert _check(f"http://127.0.0.1:{_closed_port()}/").status == "unreachable"


def test_private_hosts_are_not_visited(site):
    """Without the test setting, a loopback address is refused (request forgery guard)."""
    with requests.Session() as session:
        result = check_url(f"{site}/ok", session=session, allow_private=False)
    assert result.status == "unreachable"
    assert "private host" in result.problem


@pytest.mark.django_db
def test_link_shows_broken_only_after_two_failures_in_a_row(site, allow_loopback):
    """One failure is not yet broken; the second in a row is, and is reported as new."""
    resource: Any = ResourceFactory(url=f"{site}/gone")
    first = resource_links_check(resources=[resource])
    resource.refresh_from_db()
    assert resource.link_status == LinkStatus.UNCHECKED
    assert first.newly_broken == []
    second = resource_links_check(resources=[resource])
    resource.refresh_from_db()
    assert resource.link_status == LinkStatus.BROKEN
    assert resource.link_http_status == 404
    assert second.newly_broken == [resource.uid]


@pytest.mark.django_db
def test_working_link_resets_failures_and_leaves_record_dates(site, allow_loopback):
    """A working check records ok and does not touch the record's updated date or datestamp."""
    resource: Any = ResourceFactory(url=f"{site}/moved")
    before = (resource.updated, resource.datestamp)
    resource_links_check(resources=[resource])
    resource.refresh_from_db()
    assert resource.link_status == LinkStatus.REDIRECTED
    assert resource.link_final_url == f"{site}/ok"
    assert resource.link_checked_at is not None
    assert (resource.updated, resource.datestamp) == before


@pytest.mark.django_db
def test_command_checks_never_checked_links_first(site, allow_loopback):
    """check_links checks the due resources and prints what it found."""
    ResourceFactory(url=f"{site}/ok")
    ResourceFactory(url="")
    out = StringIO()
    call_command("check_links", "--limit", "10", stdout=out)
    assert "1 checked: 1 ok" in out.getvalue()
