"""The pure matching engine: plain data in, ranked providers with reasons out (no Django)."""

from ayni.matching.engine.index import Match, MatchResult, ProviderIndex, encode_need, match
from ayni.matching.engine.inputs import (
    Geography,
    Labels,
    NeedInput,
    Place,
    ProviderInput,
)
from ayni.matching.engine.reasons import Reason, render_reason, render_reasons
from ayni.matching.engine.scoring import DEFAULT_WEIGHTS, Weights, score_provider
from ayni.matching.engine.text import (
    E5Encoder,
    EncoderUnavailable,
    LexicalEncoder,
    TextEncoder,
    load_default_encoder,
)
from ayni.matching.engine.twoway import (
    Reciprocity,
    TriangularSuggestion,
    rank_needs,
    suggest_reciprocity,
    suggest_triangular,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "E5Encoder",
    "EncoderUnavailable",
    "Geography",
    "Labels",
    "LexicalEncoder",
    "Match",
    "MatchResult",
    "NeedInput",
    "Place",
    "ProviderIndex",
    "ProviderInput",
    "Reason",
    "Reciprocity",
    "TextEncoder",
    "TriangularSuggestion",
    "Weights",
    "encode_need",
    "load_default_encoder",
    "match",
    "rank_needs",
    "render_reason",
    "render_reasons",
    "score_provider",
    "suggest_reciprocity",
    "suggest_triangular",
]
