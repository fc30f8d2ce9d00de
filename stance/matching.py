"""Matching predicted quotes to gold quotes, and predicted speakers to gold speakers.

The rules are those of the gold format:

* a predicted span matches a gold span when they overlap by at least half of the longer
  span; matching is one-to-one, greedy by overlap (largest first);
* a predicted speaker is right when, after lower-casing and dropping titles and
  punctuation, it shares its last token with the gold speaker, or one name contains the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["match_spans", "normalize_speaker", "speaker_matches"]

_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "gen", "general",
    "lt", "col", "colonel", "maj", "major", "capt", "captain", "adm", "admiral", "president", "vice",
    "prime", "minister", "pm", "foreign", "secretary", "spokesperson", "spokesman", "spokeswoman",
    "ambassador", "envoy", "king", "queen", "prince", "sheikh", "senator", "sen", "rep", "gov", "governor",
    "chancellor", "premier", "chairman", "chairwoman", "chair", "the", "his", "her", "excellency", "hon",
    "honourable", "shri", "smt", "sri", "deputy",
}
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalize_speaker(name: str | None) -> list[str]:
    """Lower-case a speaker name, drop punctuation and titles, and split it into tokens.

    Example:
        >>> normalize_speaker("Prime Minister Narendra Modi")
        ['narendra', 'modi']
    """
    if not name:
        return []
    tokens = _PUNCT.sub(" ", name.lower()).split()
    kept = [t for t in tokens if t not in _TITLES]
    return kept or tokens


def speaker_matches(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted speaker counts as right for a gold speaker.

    Example:
        >>> speaker_matches("Kumar", "Raveesh Kumar")
        True
        >>> speaker_matches("Imran Khan", "Narendra Modi")
        False
        >>> speaker_matches("he", "Shehbaz Sharif")
        False
    """
    p, g = normalize_speaker(predicted), normalize_speaker(gold)
    if not p or not g:
        return False
    if p[-1] == g[-1]:
        return True
    return _contains(g, p) or _contains(p, g)


def _contains(longer: list[str], shorter: list[str]) -> bool:
    """Whether ``shorter`` occurs in ``longer`` as a run of whole tokens."""
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def match_spans(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]], *, min_overlap: float = 0.5
) -> list[tuple[int, int]]:
    """Pair predicted spans with gold spans, one-to-one, greedy by overlap.

    Args:
        predicted: ``(start, end)`` character spans.
        gold: ``(start, end)`` character spans.
        min_overlap: the overlap needed, as a fraction of the longer span of a pair. ``1.0``
            asks for exact matches.

    Returns:
        ``(predicted_index, gold_index)`` pairs, sorted by gold index.

    Example:
        >>> match_spans([(0, 10), (20, 30)], [(2, 10), (40, 50)])
        [(0, 0)]
    """
    candidates = []
    for i, (ps, pe) in enumerate(predicted):
        for j, (gs, ge) in enumerate(gold):
            overlap = min(pe, ge) - max(ps, gs)
            longer = max(pe - ps, ge - gs)
            if overlap > 0 and longer > 0 and overlap >= min_overlap * longer:
                candidates.append((overlap, -abs(ps - gs), i, j))
    candidates.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs, key=lambda x: x[1])
