"""The axe-core audit (bundled by axe-playwright-python): WCAG 2.x A and AA and best practices."""

from typing import Any

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()


def axe_violations(page: Any) -> list[str]:
    """Every violation of axe's default rule set on the page, one readable line each."""
    results = _AXE.run(page)
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines
