"""The ``stance`` command: thin wrappers over the library's functions.

Every command prints a readable error and exits with status 1 on bad input (no traceback).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # pragma: no cover
    from stance.summary import SpeakerStance

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Stance on mediation versus bilateral settlement, for quoted statements in news.")


_RUNTIME_HELP = ("auto, numpy (quick to load) or torch (about a second longer to load, about 1.7 times the "
                 "throughput on many quotes)")
_RUNTIME_HELP_BULK = _RUNTIME_HELP + "; auto is torch from 8 documents on, else numpy"
#: from this many documents on, ``--runtime auto`` runs the model in torch: its extra load time is repaid
BULK_DOCUMENTS = 8
#: from this many statements on, ``stance predict --runtime auto`` runs the model in torch
BULK_STATEMENTS = 256


def _bulk(runtime: str, n: int, threshold: int = BULK_DOCUMENTS) -> str:
    """The runtime for ``n`` inputs: ``auto`` becomes torch from ``threshold`` inputs on."""
    return "torch" if runtime == "auto" and n >= threshold else runtime


def _fail(exc: BaseException) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


def _errors() -> tuple[type[BaseException], ...]:
    from stance.config import ConfigError
    from stance.gold import GoldFormatError

    return (ConfigError, GoldFormatError, OSError, ValueError, TypeError)


@app.command()
def predict(
    texts: Annotated[list[str] | None, typer.Argument(help="statements to label (or use --input)")] = None,
    input_file: Annotated[Path | None, typer.Option("--input", help="read statements from a file: .txt (one per "
                                                    "line), .jsonl or .csv (a 'text' field, 'speaker' optional); "
                                                    "'-' reads lines from stdin")] = None,
    model: Annotated[str, typer.Option(help="shipped model name or model folder")] = "default",
    speaker: Annotated[str | None, typer.Option(help="who said them (for statements that name no speaker)")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table, json, jsonl or csv")] = "table",
    runtime: Annotated[str, typer.Option(help=_RUNTIME_HELP + f"; auto is torch from {BULK_STATEMENTS} statements "
                                         "on, else numpy")] = "auto",
) -> None:
    """Label standalone statements."""
    from stance.api import load

    if output_format not in ("table", "json", "jsonl", "csv"):
        _fail(ValueError(f"--format must be table, json, jsonl or csv, got {output_format!r}"))
    if bool(texts) == (input_file is not None):
        _fail(ValueError("give the statements either as arguments or with --input FILE, not both"
                         if texts else "no statements: give them as arguments, or with --input FILE"))
    try:
        speakers: list[str | None] = [None] * len(texts or [])
        if input_file is not None:
            texts, speakers = _read_statement_file(input_file)
        texts = list(texts or [])
        speakers = [s or speaker for s in speakers]
        preds = load(model, runtime=_bulk(runtime, len(texts), BULK_STATEMENTS)).predict(texts, speakers if any(speakers) else None)
    except _errors() as exc:
        _fail(exc)
    rows = [{"text": t, "speaker": s, "label": p.label, "score": round(p.score, 4),
             "scores": {k: round(v, 4) for k, v in p.scores.items()}} for t, s, p in zip(texts, speakers, preds)]
    from stance.types import LABELS

    if not _echo_structured(output_format, rows, [{**r, **r["scores"]} for r in rows],
                            ["text", "speaker", "label", "score", *LABELS]):
        for r in rows:
            typer.echo(f"{r['label']:<10} {r['score']:5.2f}  {r['text']}")


def _read_statement_file(path: Path) -> tuple[list[str], list[str | None]]:
    """Statements (and speakers, where given) from a .txt, .jsonl or .csv file, or stdin lines for ``-``."""
    import csv

    if str(path) == "-":
        lines = sys.stdin.read().splitlines()
        return [line for line in lines if line.strip()], [None] * sum(1 for line in lines if line.strip())
    if path.is_dir() or not path.is_file():
        raise FileNotFoundError(f"--input {str(path)!r} is not a file; expected a .txt (one statement per line), "
                                ".jsonl or .csv file, or - for stdin")
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            texts, speakers = [], []
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{path.name}:{n}: not valid JSON ({exc.msg})") from None
                    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                        raise ValueError(f"{path.name}:{n}: expected an object with a 'text' string (and optionally "
                                         "'speaker')")
                    texts.append(row["text"])
                    speakers.append(row.get("speaker") if isinstance(row.get("speaker"), str) else None)
            return texts, speakers
        if suffix == ".csv":
            with open(path, encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if not reader.fieldnames or "text" not in reader.fieldnames:
                    raise ValueError(f"{path.name}: the header should have a 'text' column (and optionally 'speaker'); "
                                     f"it has {reader.fieldnames}")
                rows = list(reader)
            return [r["text"] or "" for r in rows], [r.get("speaker") or None for r in rows]
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return lines, [None] * len(lines)
    except UnicodeDecodeError as exc:
        raise ValueError(f"{str(path)!r} is not valid UTF-8 text (byte {exc.start}: {exc.reason})") from None


@app.command()
def train(
    config: Annotated[Path, typer.Argument(help="YAML config, e.g. configs/default.yaml")],
    overrides: Annotated[list[str] | None, typer.Option(
        "--set", help="dotted override, e.g. training.learning_rate=3e-5; repeat --set for several")] = None,
    output_dir: Annotated[Path | None, typer.Option(help="where to save (default: output_dir of the config)")] = None,
) -> None:
    """Train a model from a YAML config and save it."""
    from stance.training import train as train_fn

    try:
        out = train_fn(config, overrides or [], output_dir=output_dir)
    except _errors() as exc:
        _fail(exc)
    metrics_file = out / "metrics.json"
    if metrics_file.is_file():
        m = json.loads(metrics_file.read_text())
        for split in ("validation", "test"):
            if split in m:
                typer.echo(f"{split:<10} macro-F1 {m[split]['macro_f1']:.3f}  (n={m[split]['n']})")
    typer.echo(f"saved to {out}")


@app.command()
def ensemble(
    runs: Annotated[list[str], typer.Argument(help="two or more model folders (or shipped names) of one recipe, "
                                                   "trained with different training.seed")],
    out: Annotated[Path, typer.Option(help="folder to save the ensemble in")],
    name: Annotated[str | None, typer.Option(help="the ensemble's name (default: the first run's)")] = None,
) -> None:
    """Combine separately trained runs of one recipe into a seed ensemble, as training.ensemble_seeds would."""
    from stance.training import combine_runs

    try:
        path = combine_runs(runs, out, name=name)
    except _errors() as exc:
        _fail(exc)
    m = json.loads((path / "metrics.json").read_text())
    for member in m["members"]:
        typer.echo(f"member {member['folder']:<12} validation macro-F1 {_fmt(member['validation_macro_f1'])}  "
                   f"test {_fmt(member['test_macro_f1'])}")
    for split in ("validation", "test"):
        typer.echo(f"ensemble {split:<10} macro-F1 {m[split]['macro_f1']:.3f}  (n={m[split]['n']})")
    typer.echo(f"saved to {path}")


@app.command("add-lexical")
def add_lexical(
    run: Annotated[str, typer.Argument(help="a trained transformer's folder (or a shipped model's name)")],
    out: Annotated[Path, typer.Option(help="the new folder for the copy with a lexical component")],
    weight: Annotated[float | None, typer.Option(
        help="the lexical share of the mix (default: the run config's, else chosen on the validation split)")] = None,
) -> None:
    """Copy a trained run and mix a TF-IDF model of its training split into its predictions (model.lexical)."""
    from stance.training import add_lexical as add_lexical_fn

    try:
        path = add_lexical_fn(run, out, weight=weight)
    except _errors() as exc:
        _fail(exc)
    m = json.loads((path / "metrics.json").read_text())
    typer.echo(f"lexical weight {m['lexical']['weight']:.2f} ({m['lexical']['chosen_on']})")
    for split in ("validation", "test"):
        if m.get(split, {}).get("n"):
            typer.echo(f"{split:<10} macro-F1 {m[split]['macro_f1']:.3f}, transformer alone "
                       f"{m['transformer'][split]['macro_f1']:.3f}  (n={m[split]['n']})")
    typer.echo(f"saved to {path}")


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


@app.command("teacher-targets")
def teacher_targets(
    config: Annotated[Path, typer.Argument(help="the student's YAML config; its training split is labelled")],
    out: Annotated[Path, typer.Option(help="JSON file to write, e.g. teacher-accurate.json")],
    teacher: Annotated[str, typer.Option(help="shipped model name or model folder")] = "accurate",
    overrides: Annotated[list[str] | None, typer.Option("--set", help="dotted override of the config")] = None,
) -> None:
    """Save a teacher model's logits on a config's training split, for training.distillation."""
    from stance.training import write_teacher_targets

    try:
        path = write_teacher_targets(config, out, teacher=teacher, overrides=overrides or [])
    except _errors() as exc:
        _fail(exc)
    typer.echo(f"wrote {path}; set training.distillation.targets to it in the student's config")


@app.command()
def analyze(
    files: Annotated[list[str] | None, typer.Argument(
        help=".txt, .html, .jsonl or .json files; '-' or nothing reads stdin")] = None,
    model: Annotated[str, typer.Option(help="shipped model name or model folder")] = "default",
    output_format: Annotated[str, typer.Option("--format", help="table, json, jsonl or csv")] = "table",
    by_speaker: Annotated[bool, typer.Option("--by-speaker", help="print one row per speaker (label counts and "
                                             "shares) instead of one per quote")] = False,
    min_quotes: Annotated[int, typer.Option(help="with --by-speaker or --plot, leave out speakers with fewer "
                                            "quotes")] = 1,
    keep_names: Annotated[bool, typer.Option("--keep-names", help="with --by-speaker or --plot, keep every form of a "
                                             "name apart ('Varga', 'Ilse Varga') instead of counting a shorter form "
                                             "under the one longer name that ends with it")] = False,
    over_time: Annotated[str | None, typer.Option(help="print one row per period instead: day, week, month, quarter "
                                                  "or year (dates from the 'date' field of JSON rows)")] = None,
    speaker: Annotated[str | None, typer.Option(help="with --over-time, count only this speaker's quotes")] = None,
    plot: Annotated[Path | None, typer.Option(help="save a chart (PNG): the stance of each speaker, or with "
                                              "--over-time the quotes of each period by label")] = None,
    runtime: Annotated[str, typer.Option(help=_RUNTIME_HELP_BULK)] = "auto",
) -> None:
    """Find, attribute and label every quote in whole articles."""
    from tqdm.auto import tqdm

    from stance.api import analyze_many, load
    from stance.documents import read_documents
    from stance.summary import FREQUENCIES, plot_speakers, speaker_stances

    if output_format not in ("table", "json", "jsonl", "csv"):
        _fail(ValueError(f"--format must be table, json, jsonl or csv, got {output_format!r}"))
    if min_quotes < 1:
        _fail(ValueError(f"--min-quotes must be at least 1, got {min_quotes}"))
    if over_time is not None and over_time not in FREQUENCIES:
        _fail(ValueError(f"--over-time must be one of {', '.join(FREQUENCIES)}, got {over_time!r}"))
    if over_time is not None and by_speaker:
        _fail(ValueError("--over-time and --by-speaker give different tables; choose one (--speaker NAME narrows "
                         "--over-time to one speaker)"))
    if speaker is not None and over_time is None:
        _fail(ValueError("--speaker narrows --over-time to one speaker; add --over-time month (or another period)"))
    if over_time is not None and min_quotes != 1:
        _fail(ValueError("--min-quotes applies to --by-speaker and the speaker chart, not to --over-time"))
    try:
        docs = read_documents(files or ["-"])
        found = analyze_many((d.text for d in docs), model=load(model, runtime=_bulk(runtime, len(docs))))
        results = list(zip(docs, tqdm(found, total=len(docs), desc="analysing", unit="doc", disable=len(docs) < 2),
                           strict=True))
    except _errors() as exc:
        _fail(exc)
    if over_time is not None:
        _over_time([(doc.extra.get("date"), quotes) for doc, quotes in results], over_time, speaker, plot, output_format)
        return
    if by_speaker or plot is not None:
        speakers = speaker_stances([quotes for _doc, quotes in results], min_quotes=min_quotes,
                                   merge_names=not keep_names)
        if plot is not None:
            try:
                plot_speakers(speakers, plot)
            except (ValueError, OSError) as exc:
                _fail(exc)
            typer.echo(f"chart written to {plot}", err=True)
        if by_speaker:
            _echo_speakers(speakers, output_format, len(results))
            return
    rows: list[dict[str, Any]] = []
    for doc, quotes in results:
        for q in quotes:
            rows.append({"document": doc.id, "date": str(doc.extra.get("date") or ""), "start": q.start, "end": q.end,
                         "kind": q.kind, "speaker": q.speaker, "label": q.label, "score": round(q.score, 4), "text": q.text})
    if not _echo_structured(output_format, rows, rows,
                            ["document", "date", "start", "end", "kind", "speaker", "label", "score", "text"]):
        typer.echo(f"{'document':<16} {'label':<10} {'score':>5}  {'kind':<8} {'speaker':<28} text")
        for r in rows:
            text = r["text"].replace("\n", " ")
            text = text if len(text) <= 90 else text[:87] + "..."
            typer.echo(f"{str(r['document'])[:16]:<16} {r['label']:<10} {r['score']:5.2f}  {r['kind']:<8} "
                       f"{(r['speaker'] or '?')[:28]:<28} {text}")
        typer.echo(f"{len(rows)} quotes in {len(results)} documents")


@app.command()
def annotate(
    files: Annotated[list[str] | None, typer.Argument(
        help=".txt, .html, .jsonl or .json files; '-' or nothing reads stdin")] = None,
    out: Annotated[Path, typer.Option(help="the gold-format JSON Lines file to write")] = Path("to-annotate.jsonl"),
    model: Annotated[str, typer.Option(help="shipped model name or model folder that suggests the stances")] = "default",
    dispute: Annotated[str | None, typer.Option(help="dispute slug for articles whose input names none")] = None,
    order: Annotated[str, typer.Option(help="input, or uncertain (least certain articles first)")] = "input",
    limit: Annotated[int | None, typer.Option(help="write only this many articles (after ordering)")] = None,
    force: Annotated[bool, typer.Option("--force", help="replace --out if it exists")] = False,
    runtime: Annotated[str, typer.Option(help=_RUNTIME_HELP_BULK)] = "auto",
) -> None:
    """Write articles as a gold file to correct: found quotes and speakers, suggested stances."""
    from stance.annotation import UNCERTAIN_BELOW, write_annotation_file
    from stance.api import load
    from stance.documents import read_documents

    try:
        docs = read_documents(files or ["-"])
        counts = write_annotation_file(docs, out, model=load(model, runtime=_bulk(runtime, len(docs))),
                                       dispute=dispute, order=order, limit=limit, overwrite=force)
    except _errors() as exc:
        _fail(exc)
    typer.echo(f"wrote {out}: {_plural(counts['articles'], 'article')}, {_plural(counts['quotes'], 'quote')} "
               f"({counts['uncertain']} suggested with probability under {UNCERTAIN_BELOW}).\n"
               "Fix spans and speakers, add missed quotes, delete false ones, and set each quote's \"stance\" "
               "(null until a person fills it; the model's guess is in \"suggested\"). Then use the file with "
               f"`stance evaluate --gold {out}` or in a config's data.extra_gold.")


@app.command()
def agreement(
    first: Annotated[Path, typer.Argument(help="the first annotation (gold JSON Lines)")],
    second: Annotated[Path, typer.Argument(help="the second annotation of the same articles")],
    disagreements: Annotated[Path | None, typer.Option(help="write every disagreement to this JSON Lines file, "
                                                       "for adjudication")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    force: Annotated[bool, typer.Option("--force", help="replace the --disagreements file if it exists")] = False,
) -> None:
    """Compare two annotations of the same articles: spans, speakers, stance kappa."""
    from stance.agreement import agreement as agreement_fn
    from stance.agreement import write_disagreements

    if output_format not in ("text", "json"):
        _fail(ValueError(f"--format must be text or json, got {output_format!r}"))
    if disagreements is not None and disagreements.exists() and not force:
        _fail(FileExistsError(f"{str(disagreements)!r} exists and may hold adjudication notes; choose another file "
                              "or add --force to replace it"))
    try:
        report = agreement_fn(first, second)
        written = write_disagreements(report, disagreements) if disagreements is not None else None
    except _errors() as exc:
        _fail(exc)
    if output_format == "json":
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(report.summary())
    if written is not None:
        typer.echo(f"{written} disagreements written to {disagreements}", err=True)


def _over_time(articles: list[tuple[Any, list]], freq: str, speaker: str | None, plot: Path | None,
               output_format: str) -> None:
    """Print (and with ``plot`` draw) :func:`stance.summary.stance_over_time` rows."""
    from stance.summary import _period, plot_over_time, stance_over_time
    from stance.types import LABELS

    try:
        rows = stance_over_time(articles, freq=freq, speaker=speaker)
    except ValueError as exc:
        _fail(exc)
    odd = [d for d, quotes in articles if quotes and d not in (None, "") and _period(d, freq) is None]
    if odd:
        typer.echo(f"warning: {_plural(len(odd), 'article')} with a date that is not YYYY-MM-DD (e.g. {odd[0]!r}) "
                   "counted as undated", err=True)
    if plot is not None and not any(r.period for r in rows):
        _fail(ValueError("nothing to draw: " + (f"no dated quote of {speaker!r}" if speaker else "no quote has a dated "
                                                "article (JSON rows need a 'date' field, YYYY-MM-DD)")))
    if plot is not None:
        try:
            plot_over_time(rows, plot, title="Stance over time" + (f": {speaker}" if speaker else ""))
        except (ValueError, OSError) as exc:
            _fail(exc)
        typer.echo(f"chart written to {plot}", err=True)
    flat = [{"period": r.period, "quotes": r.quotes, "documents": r.documents, "leaning": r.leaning, **r.counts}
            for r in rows]
    if not _echo_structured(output_format, [r.to_dict() for r in rows], flat,
                            ["period", "quotes", "documents", "leaning", *LABELS]):
        typer.echo(f"{'period':<10} {'quotes':>6} {'docs':>5}  {'med':>4} {'bil':>4} {'neu':>4} {'unr':>4}  {'leaning':>7}")
        for r in rows:
            c = r.counts
            leaning = "–" if r.leaning is None else f"{r.leaning:+.2f}"
            typer.echo(f"{r.period or '(undated)':<10} {r.quotes:>6} {r.documents:>5}  {c['mediation']:>4} "
                       f"{c['bilateral']:>4} {c['neutral']:>4} {c['unrelated']:>4}  {leaning:>7}")
        typer.echo(f"{_plural(len(rows), 'period')}" + (f", quotes of {speaker}" if speaker else "")
                   + " (leaning: -1 all bilateral, +1 all mediation)")


def _echo_structured(output_format: str, records: list[dict[str, Any]], flat: list[dict[str, Any]],
                     columns: list[str]) -> bool:
    """Print ``records`` as JSON or JSON Lines, or ``flat`` as CSV with ``columns``; False for the table format.

    CSV is spreadsheet-ready: a header row, and ``None`` as an empty cell.
    """
    if output_format == "json":
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
    elif output_format == "jsonl":
        for r in records:
            typer.echo(json.dumps(r, ensure_ascii=False))
    elif output_format == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if r.get(k) is None else r[k]) for k in columns} for r in flat)
        typer.echo(buf.getvalue(), nl=False)
    else:
        return False
    return True


def _echo_speakers(speakers: list[SpeakerStance], output_format: str, n_docs: int) -> None:
    """Print the rows of :func:`stance.summary.speaker_stances` as a table, JSON, JSON Lines or CSV."""
    from stance.types import LABELS

    flat = [{"speaker": s.speaker, "quotes": s.quotes, "documents": s.documents, "label": s.label,
             "leaning": s.leaning, **s.counts, **{f"share_{label}": s.shares[label] for label in LABELS}}
            for s in speakers]
    if not _echo_structured(output_format, [s.to_dict() for s in speakers], flat,
                            ["speaker", "quotes", "documents", "label", "leaning", *LABELS,
                             *(f"share_{label}" for label in LABELS)]):
        typer.echo(f"{'speaker':<36} {'quotes':>6} {'docs':>5}  {'med':>4} {'bil':>4} {'neu':>4} {'unr':>4}  "
                   f"{'leaning':>7}  label")
        for s in speakers:
            c = s.counts
            leaning = "–" if s.leaning is None else f"{s.leaning:+.2f}"
            typer.echo(f"{(s.speaker or '(no speaker)')[:36]:<36} {s.quotes:>6} {s.documents:>5}  {c['mediation']:>4} "
                       f"{c['bilateral']:>4} {c['neutral']:>4} {c['unrelated']:>4}  {leaning:>7}  {s.label}")
        typer.echo(f"{_plural(len(speakers), 'speaker')} in {_plural(n_docs, 'document')} "
                   "(leaning: -1 all bilateral, +1 all mediation)")


def _count_rows(path: Path) -> int:
    """The non-blank lines of a JSON Lines file (0 when it is not a file: the reader reports that)."""
    if not path.is_file():
        return 0
    with open(path, encoding="utf-8", errors="replace") as fh:
        return sum(1 for line in fh if line.strip())


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option(help="gold JSON Lines file of annotated articles")],
    out: Annotated[Path | None, typer.Option(help="folder for report.json, report.md and the plots (default: print only)")] = None,
    model: Annotated[str, typer.Option(help="shipped model name or model folder")] = "default",
    baselines: Annotated[bool, typer.Option("--baselines", help="score the baselines side by side")] = False,
    bootstrap: Annotated[int, typer.Option(help="bootstrap resamples for the confidence intervals")] = 1000,
    seed: Annotated[int, typer.Option(help="seed of the bootstrap")] = 0,
    runtime: Annotated[str, typer.Option(help=_RUNTIME_HELP_BULK.replace("documents", "gold articles"))] = "auto",
) -> None:
    """Evaluate extraction, attribution and stance on held-out gold articles."""
    from stance.api import load
    from stance.evaluation import evaluate as evaluate_fn

    if out is not None and out.exists() and not out.is_dir():
        _fail(FileExistsError(f"--out {str(out)!r} is an existing file; give a folder for the report"))
    try:
        n_articles = _count_rows(gold)  # one article per line; evaluate reads and checks the file itself
        report = evaluate_fn(gold, model=load(model, runtime=_bulk(runtime, n_articles)), baselines=baselines, out_dir=out,
                             n_bootstrap=bootstrap, seed=seed)
    except _errors() as exc:
        _fail(exc)
    typer.echo(f"# {report.to_dict()['model']}")
    typer.echo(_sections(report.to_markdown(), ("## Summary", "## Baselines")))
    if out is not None:
        typer.echo(f"report written to {out}/report.md")


def _sections(markdown: str, headings: tuple[str, ...]) -> str:
    """The named ``## `` sections of a Markdown report, in order."""
    keep, out = False, []
    for line in markdown.splitlines():
        if line.startswith("## "):
            keep = line.strip() in headings
        if keep:
            out.append(line)
    return "\n".join(out)


def main() -> None:
    """Entry point of the ``stance`` console script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":
    main()
