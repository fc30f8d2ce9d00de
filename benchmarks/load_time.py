"""How long a shipped model takes to load and make a first prediction in a cold process.

By default a model runs in numpy (``stance.runtime``): loading imports numpy, ``tokenizers`` and
``safetensors`` but neither torch nor transformers. ``--runtime torch`` times the torch classifier
(lean torch encoders, no transformers), whose cold start is mostly importing torch.

Usage: ``python benchmarks/load_time.py [default|accurate|PATH] [--runtime auto|numpy|torch] [--repeats 3]``
Each measurement runs in a fresh Python process so no cache is shared.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CODE = """
import sys, time
t0 = time.perf_counter()
import stance
clf = stance.load({name!r}, runtime={runtime!r})
clf.predict(["A first prediction warms the model up."])
t1 = time.perf_counter()
print(f"{{t1 - t0:.3f}} {{type(clf).__name__}} {{'torch' in sys.modules}}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", default="default")
    parser.add_argument("--runtime", default="auto", choices=("auto", "numpy", "torch"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    times = []
    for _ in range(args.repeats):
        out = subprocess.run([sys.executable, "-c", CODE.format(name=args.model, runtime=args.runtime)],
                             capture_output=True, text=True, check=True).stdout.split()
        times.append(float(out[0]))
        kind, torch_imported = out[1], out[2] == "True"
    print(f"model {args.model} ({kind}{', torch imported' if torch_imported else ', torch not imported'}): "
          f"import stance + load + first prediction {statistics.median(times):.2f} s "
          f"(median of {args.repeats}; runs {', '.join(f'{t:.2f}' for t in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
