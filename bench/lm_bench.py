"""Language model throughput: training tokens/s and model FLOPs utilisation (GPU: bf16), and
proposals per second of beam-search decoding (beam 8) on CPU and, when present, on GPU.

    python bench/lm_bench.py [--size small] [--device cuda] [--steps 30] [--block 512] [--batch 32]
                             [--checkpoint DIR] [--beam 8] [--prompts 20]

Training uses random tokens (throughput does not depend on the data). Decoding uses the
checkpoint if given, else a freshly initialised model of --size with a 512-piece vocabulary
and prompts of typical length.
"""

from __future__ import annotations

import argparse
import time

import torch

from lm.decode import beam_search
from lm.model import GPT, config_for

PEAK_BF16_FLOPS = {"H100": 989e12, "H200": 989e12, "A100": 312e12}


def _peak(device: torch.device) -> float | None:
    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device)
    return next((v for k, v in PEAK_BF16_FLOPS.items() if k in name), None)


def bench_training(size: str, device: torch.device, steps: int, block: int, batch: int) -> None:
    torch.manual_seed(0)
    model = GPT(config_for(size, 512, max(1024, block))).to(device).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=device.type == "cuda")
    x = torch.randint(0, 512, (batch, block + 1), device=device)
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")
    for step in range(steps + 3):
        if step == 3:  # warm-up steps are not timed
            if device.type == "cuda":
                torch.cuda.synchronize()
            start = time.perf_counter()
        with autocast:
            _, loss = model(x[:, :-1], x[:, 1:])
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    tokens_per_second = steps * batch * block / seconds
    flops = model.flops_per_token() * tokens_per_second
    peak = _peak(device)
    mfu = f", MFU {flops / peak:.1%} of {peak / 1e12:.0f} TFLOP/s" if peak else ""
    print(f"train {size} ({model.num_params() / 1e6:.1f}M params) on {device}: {tokens_per_second:,.0f} tokens/s, "
          f"{flops / 1e12:.2f} TFLOP/s{mfu}")


def bench_decoding(model: GPT, prompts: list[list[int]], beam: int, stop_ids: set[int], device: torch.device) -> None:
    model = model.to(device).eval()
    beam_search(model, prompts[0], beam, stop_ids)  # warm-up
    start = time.perf_counter()
    proposals = sum(len(beam_search(model, p, beam, stop_ids, max_new=32)) for p in prompts)
    seconds = time.perf_counter() - start
    print(f"decode beam {beam} on {device}: {len(prompts) / seconds:.2f} prompts/s, {proposals / seconds:.1f} proposals/s "
          f"({proposals} proposals from {len(prompts)} prompts)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="small")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--block", type=int, default=512)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--checkpoint")
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument("--prompts", type=int, default=20)
    args = parser.parse_args()
    device = torch.device(args.device)
    bench_training(args.size, device, args.steps, args.block, args.batch if device.type == "cuda" else 4)
    if args.checkpoint:
        import lm

        loaded = lm.load(args.checkpoint)
        model, stops = loaded.model, loaded.tokenizer.stop_ids
        text = "a b c = triangle; d = midpoint b c; e = foot a b c; f = circle a b c ? cong f d f e"
        prompts = [loaded.prompt_ids(text)] * args.prompts
    else:
        torch.manual_seed(0)
        model, stops = GPT(config_for(args.size, 512)), {3}
        generator = torch.Generator().manual_seed(0)
        prompts = [torch.randint(4, 512, (120,), generator=generator).tolist() for _ in range(args.prompts)]
    devices = [torch.device("cpu")] + ([device] if device.type == "cuda" else [])
    for d in devices:
        bench_decoding(model, prompts, args.beam, stops, d)


if __name__ == "__main__":
    main()
