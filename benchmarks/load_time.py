"""How long a shipped model takes to load in a cold process: importing torch, then the rest.

Shipped models run on the lean encoders of ``stance.encoders``, so loading one imports torch,
``tokenizers`` and ``safetensors`` but not transformers.

Usage: ``python benchmarks/load_time.py [default|accurate|PATH] [--repeats 3]``
Each measurement runs in a fresh Python process so no cache is shared.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CODE = """
import time
t0 = time.perf_counter()
import torch  # noqa: F401  (the one heavy library every model needs)
t1 = time.perf_counter()
import stance
clf = stance.load({name!r})
clf.predict(["A first prediction warms the model up."])
t2 = time.perf_counter()
print(f"{{t1 - t0:.3f}} {{t2 - t1:.3f}}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", default="default")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    imports, loads = [], []
    for _ in range(args.repeats):
        out = subprocess.run([sys.executable, "-c", CODE.format(name=args.model)], capture_output=True, text=True,
                             check=True).stdout.split()
        imports.append(float(out[0]))
        loads.append(float(out[1]))
    print(f"model {args.model}: importing torch {statistics.median(imports):.2f} s, "
          f"then stance.load + first prediction {statistics.median(loads):.2f} s, "
          f"cold total {statistics.median(imports) + statistics.median(loads):.2f} s (median of {args.repeats})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
