"""Fixtures of the matching tests of this folder."""

from ayni.matching.tests.services.scenario import lexical_matching  # noqa: F401
