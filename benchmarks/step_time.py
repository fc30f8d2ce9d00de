"""Time one training step of a model in float32 (torch's and fast dropout masks) and under bfloat16 autocast.

Usage::

    python benchmarks/step_time.py [--config configs/default.yaml] [--threads 1] [--batch 32] [--steps 6] [--profile]
                                   [--no-bf16] [--set KEY=VALUE]...

Builds the config's model (base encoder with fresh adapters), makes a batch of article-style inputs
of about 75 tokens, and prints the median seconds of a forward + backward + optimiser step in
float32 with torch's dropout masks, in float32 with :mod:`stance.dropout`'s fast masks
(``training.dropout_masks: fast``), with fast masks and :mod:`stance.lora`'s fused LoRA layers
(``training.fused_lora: true``) and under bfloat16 autocast. bfloat16 pays only where the
hardware computes it natively (``stance.training.native_bf16``); ``--no-bf16`` skips it where it
would be emulated and slow (mpnet). ``--set`` overrides the config as ``stance train`` does (e.g.
``--set model.lora.dropout=0.0``) to time a variant of the model; only ``model.*`` keys change the
timed step (the batch is ``--batch``). ``--profile`` then profiles two
float32 steps with torch's masks and prints the operators that take most of the time, and the share
spent drawing dropout masks (``aten::bernoulli_``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from stance.config import load_config  # noqa: E402
from stance.dropout import fast_dropout  # noqa: E402
from stance.lora import fused_lora  # noqa: E402
from stance.modeling import StanceClassifier  # noqa: E402
from stance.training import native_bf16  # noqa: E402

QUOTE = ("The foreign ministry said on Tuesday that it would not accept any third-party role in the dispute, "
         "and that every outstanding question would be settled by the two governments alone.")
FRAME = "speaker: a ministry spokesperson context: " + "The two sides met in the capital on Monday. " * 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default=str(ROOT / "configs" / "default.yaml"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--profile", action="store_true", help="profile two float32 steps by operator")
    parser.add_argument("--no-bf16", action="store_true", help="skip the bfloat16 timing")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a dotted model.* config override, as in stance train; repeat for several")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    clf = StanceClassifier.from_config(load_config(args.config, args.set).model)
    net = clf.network.train()
    batch = clf._encode([(QUOTE, FRAME)] * args.batch)
    optim = torch.optim.AdamW([p for p in net.parameters() if p.requires_grad], lr=1e-4)
    print(f"batch {tuple(batch['input_ids'].shape)}, {args.threads} thread(s), "
          f"native bfloat16 on this CPU: {native_bf16(torch.device('cpu'))}")

    def step(precision: str) -> None:
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            logits = net(**batch)
        logits.float().logsumexp(1).mean().backward()
        optim.step()
        optim.zero_grad(set_to_none=True)

    def timed(precision: str) -> float:
        times = []
        for _ in range(args.steps + 1):
            start = time.perf_counter()
            step(precision)
            times.append(time.perf_counter() - start)
        return statistics.median(times[1:])

    tail = f"s per step (median of {args.steps}, after one warm-up)"
    print(f"fp32, torch's dropout masks: {timed('fp32'):.2f} {tail}")
    with fast_dropout(net):
        print(f"fp32, fast dropout masks:    {timed('fp32'):.2f} {tail}")
        with fused_lora(net) as n:
            if n:
                print(f"  and fused LoRA layers:     {timed('fp32'):.2f} {tail}")
    if not args.no_bf16:
        print(f"bf16, torch's dropout masks: {timed('bf16'):.2f} {tail}")
    if args.profile:
        from torch.profiler import ProfilerActivity, profile

        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(2):
                step("fp32")
        events = prof.key_averages()
        total = sum(e.self_cpu_time_total for e in events)
        print(events.table(sort_by="self_cpu_time_total", row_limit=8))
        masks = sum(e.self_cpu_time_total for e in events if e.key == "aten::bernoulli_")
        print(f"dropout masks (aten::bernoulli_): {masks / total:.0%} of the float32 step's operator time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
