"""The text a stance model reads for one quote: the quote, its speaker and its frame.

The stance of a reported statement often lives outside the quoted words ("India *denied
that* …", "…, Pakistan *welcomed*"), so every model input is a pair:

* segment A: the quote text itself;
* segment B: ``speaker: <speaker>. context: <text before> [QUOTE] <text after>``, where the
  text before runs back to the start of the previous sentence and the text after runs to the
  end of the quote's sentence, each within a character window.

With ``inline=True`` (``model.input_format: inline``) the quote stays where the article has it,
between marks: segment A is ``<text before> « <quote> » <text after>`` and segment B is
``speaker: <speaker>.``, so the reporting frame ("India denied that") sits next to the words it
frames instead of behind a placeholder in the other segment.

The same function builds training examples (:mod:`stance.data`), standalone predictions
(:func:`stance.predict`) and in-article predictions (:meth:`StanceClassifier.label_quotes`), so the
model always sees one format.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stance.config import ModelConfig

__all__ = ["QUOTE_CLOSE", "QUOTE_MARKER", "QUOTE_OPEN", "example_input", "format_input", "own_sentence", "quote_context"]

QUOTE_MARKER = "[QUOTE]"
QUOTE_OPEN, QUOTE_CLOSE = "«", "»"
# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) and white space,
# or at a paragraph break.
_SENT_END = re.compile(r"(?:[.!?][\"'”’)\]]*\s+)|\n\s*\n|\n")
# a full stop after an initial ("U.S.") or a title ("Mr.") ends no sentence
_TITLES = "Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sen|Rep|Gov|St|Jr|Sr|No|Amb"
_ABBREVIATION = re.compile(rf"(?:\b[A-Za-z]\.(?:[A-Za-z]\.)*|\b(?:{_TITLES})\.)$")
_OPENERS = "\"'“‘«"
_CLOSERS = "\"'”’»"


def quote_context(text: str, start: int, end: int, window: int = 300) -> tuple[str, str]:
    """Cut the text around a quote span that frames it.

    Args:
        text: the whole article.
        start: quote start offset.
        end: quote end offset.
        window: how many characters at most on each side.

    Returns:
        ``(before, after)``: text before the quote back to the start of the previous sentence,
        and text after it to the end of the quote's sentence (both stripped; the enclosing
        quotation marks are dropped).

    Example:
        >>> art = "Talks stalled. India denied that Trump played any role. Trade grew."
        >>> s = art.index("Trump"); e = art.index(" role") + 5
        >>> quote_context(art, s, e)
        ('Talks stalled. India denied that', '.')
    """
    if window <= 0:
        return "", ""
    lo = max(0, start - window)
    left = text[lo:start]
    # keep the current sentence prefix and the sentence before it
    ends = [m.end() for m in _SENT_END.finditer(left)]
    if len(ends) >= 2:
        left = left[ends[-2]:]
    elif lo > 0:
        left = left[ends[0]:] if ends else left.split(" ", 1)[-1]
    hi = min(len(text), end + window)
    right = text[end:hi]
    m = _SENT_END.search(right)
    if m and m.start() == 0 and right[1:2] in _CLOSERS and right[1:2]:
        m = _SENT_END.search(right, m.end())  # '…bilaterally.” Kumar added.' keeps the attribution
    if m:
        right = right[: m.start() + 1]
    left = left.rstrip().rstrip(_OPENERS).rstrip()
    right = right.lstrip().lstrip(_CLOSERS).strip()
    return left.strip(), right


def own_sentence(before: str) -> str:
    """The part of a quote's ``before`` context that belongs to the quote's own sentence.

    :func:`quote_context` reaches back to the start of the previous sentence; this drops that
    sentence and keeps the frame that introduces the quote ("India denied that"), which is what
    ``training.context_dropout`` reads. A ``before`` with no sentence end is returned unchanged.

    Args:
        before: text before a quote, as :func:`quote_context` returns it.

    Returns:
        The text after the last sentence end (or paragraph break) in ``before``, stripped: empty
        when ``before`` ends a sentence (a quote that opens its own sentence).

    Example:
        >>> own_sentence("Talks stalled. India denied that")
        'India denied that'
        >>> own_sentence("The envoy left.")
        ''
        >>> own_sentence("India denied that")
        'India denied that'
        >>> own_sentence("The talks ended. U.S. officials said")
        'U.S. officials said'
    """
    text = before.strip() + " "  # a sentence that ends right before the quote ends there
    ends = [m.end() for m in _SENT_END.finditer(text) if not _ABBREVIATION.search(text, 0, m.start() + 1)]
    return text[ends[-1]:].strip() if ends else before.strip()


def format_input(
    quote: str,
    speaker: str | None = None,
    before: str = "",
    after: str = "",
    *,
    use_speaker: bool = True,
    use_context: bool = True,
    inline: bool = False,
) -> tuple[str, str]:
    """Build the (segment A, segment B) pair the model reads.

    Args:
        quote: the quote text.
        speaker: who said it, or None.
        before: the article text before the quote (see :func:`quote_context`).
        after: the article text after it.
        use_speaker: read the speaker.
        use_context: read the text around the quote.
        inline: keep the quote inside its context between « » marks (segment A) and put only the
            speaker in segment B; otherwise the quote is segment A and the context, with a
            ``[QUOTE]`` placeholder, follows the speaker in segment B. Truncation to the model's
            ``max_length`` cuts the longer segment from its end: inline, that is the text after the
            quote, then the quote's own end.

    Returns:
        ``(segment A, segment B)``; segment B is ``""`` when there is nothing to put in it.

    Example:
        >>> format_input("no role was played", "India", "India denied that", ".")
        ('no role was played', 'speaker: India. context: India denied that [QUOTE] .')
        >>> format_input("no role was played", "India", "India denied that", ".", inline=True)
        ('India denied that « no role was played » .', 'speaker: India.')
    """
    speaker_part = f"speaker: {speaker.strip()}." if use_speaker and speaker else ""
    if inline:
        around = (before.strip(), after.strip()) if use_context else ("", "")
        # the only « » marks in the input are the ones around the quote (articles that quote with « »
        # read their other marks as plain quotation marks)
        parts = (_unmark(around[0]), QUOTE_OPEN, _unmark(quote.strip()), QUOTE_CLOSE, _unmark(around[1]))
        return " ".join(p for p in parts if p), speaker_part
    parts = [speaker_part] if speaker_part else []
    if use_context and (before or after):
        parts.append(f"context: {before} {QUOTE_MARKER} {after}".strip())
    return quote.strip(), " ".join(parts)


def _unmark(text: str) -> str:
    return text.replace(QUOTE_OPEN, '"').replace(QUOTE_CLOSE, '"')


def example_input(example: dict[str, Any], model_config: ModelConfig) -> tuple[str, str]:
    """The pair a model with ``model_config`` reads for an example dict.

    Args:
        example: ``text`` and optionally ``speaker``, ``before``, ``after`` (as built by
            :mod:`stance.data` and :func:`quote_context`).
        model_config: says whether the speaker and context are read, and in which layout.

    Example:
        >>> from stance.config import ModelConfig
        >>> example_input({"text": "We welcome it", "speaker": "Pakistan"}, ModelConfig(input_format="inline"))
        ('« We welcome it »', 'speaker: Pakistan.')
    """
    return format_input(example["text"], example.get("speaker"), example.get("before", ""), example.get("after", ""),
                        use_speaker=model_config.use_speaker, use_context=model_config.use_context,
                        inline=model_config.input_format == "inline")
