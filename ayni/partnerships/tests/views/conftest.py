"""Fixtures of the page tests: matching with the lexical encoder and a fresh index."""

from ayni.matching.tests.services.scenario import lexical_matching  # noqa: F401
