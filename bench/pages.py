"""Benchmark: page weight and load time of the portal's pages on a slow connection.

For the home, search, list, detail and country pages (on the demonstration data), in headless
Debian Chromium driven by Playwright: the bytes transferred on a first load (empty cache, every
asset the page loads at first, as the browser received them, compressed when the server
compresses) and the load time (navigation start to the load event) under emulated slow 3G:
400 kbit/s down and up, 400 ms latency. Each page is loaded R times (default 5) with a fresh
context, and the median and worst are printed.

The baseline, measured in the same run, is the floor of that connection: a static page of a
few bytes served by the same server (one round trip, no assets). The ratio says how far above
that floor each page is.

Targets (issue 4): under 60 KiB and under 2 s each.

The benchmark migrates a throw-away SQLite database, loads the demonstration data and serves it
with Django's development server on 127.0.0.1 (DJANGO_DEBUG off, static files by WhiteNoise).

    .venv/bin/python bench/pages.py [--runs 5] [--port 8765]
"""

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("AYNI_CHROMIUM", "/usr/bin/chromium")
KIB = 1024
BUDGET_BYTES = 60 * KIB
BUDGET_SECONDS = 2.0
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
PAGES = [
    ("home", "/en/"),
    ("search", "/en/search/?q=mangrove"),
    ("list", "/en/needs/"),
    ("detail", "/en/case-studies/demo:case-study-1/"),
    ("country", "/en/countries/SN/"),
]
BASELINE = ("baseline (floor)", "/robots.txt")  # a few bytes of text, no assets


def prepare(env: dict[str, str]) -> None:
    """Migrate the throw-away database, load the demo data, collect the static files."""
    python = sys.executable
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["load_demo"],
        ["collectstatic", "--no-input", "-v", "0"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603 (our own manage.py)


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """Start the server and wait until it answers."""
    process = subprocess.Popen(  # noqa: S603 (our own manage.py on loopback)
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("the server did not start")


def load(browser: Any, url: str) -> tuple[int, int, float, int]:
    """One first load: (status, bytes transferred, seconds to the load event, gzip bytes)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    transferred: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    bodies: list[bytes] = []
    page.on("response", lambda response: bodies.append(_body(response)))
    response = page.goto(url, wait_until="load", timeout=60_000)
    seconds = page.evaluate(
        "() => { const t = performance.getEntriesByType('navigation')[0];"
        " return (t.loadEventEnd - t.startTime) / 1000; }"
    )
    page.wait_for_timeout(50)
    status = response.status if response is not None else 0
    gzipped = sum(len(gzip.compress(body, 9)) for body in bodies)
    context.close()
    return status, sum(transferred.values()), float(seconds), gzipped


def _body(response: Any) -> bytes:
    try:
        return bytes(response.body())
    except Exception:  # a redirect or an aborted response has no body
        return b""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM}: install Debian's chromium")

    workdir = Path(tempfile.mkdtemp(prefix="ayni-bench-pages-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'pages.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    prepare(env)
    server = serve(env, args.port)
    from playwright.sync_api import sync_playwright

    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for name, address in [BASELINE, *PAGES]:
                url = f"http://127.0.0.1:{args.port}{address}"
                runs = [load(browser, url) for _ in range(args.runs)]
                rows.append((name, address, runs))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    floor = statistics.median(run[2] for run in rows[0][2])
    print(f"slow 3G: 400 kbit/s, 400 ms latency; {args.runs} first loads per page, empty cache")
    print(
        f"{'page':<18} {'status':>6} {'KiB sent':>9} {'KiB gzip':>9} "
        f"{'median s':>9} {'worst s':>8} {'x floor':>8}  verdict"
    )
    for name, address, runs in rows:
        status = runs[0][0]
        sent = statistics.median(run[1] for run in runs) / KIB
        gzipped = statistics.median(run[3] for run in runs) / KIB
        median = statistics.median(run[2] for run in runs)
        worst = max(run[2] for run in runs)
        heavier = max(sent, gzipped)
        ok = status == 200 and heavier * KIB < BUDGET_BYTES and worst < BUDGET_SECONDS
        verdict = "" if name == BASELINE[0] else ("met" if ok else "NOT MET")
        print(
            f"{name:<18} {status:>6} {sent:>9.1f} {gzipped:>9.1f} "
            f"{median:>9.2f} {worst:>8.2f} {median / floor:>8.1f}  {verdict}  {address}"
        )
    print(
        "KiB sent: bytes on the wire as Chromium counted them (headers included);"
        " KiB gzip: the same resources compressed at level 9 (what a compressing server sends)."
    )


if __name__ == "__main__":
    main()
