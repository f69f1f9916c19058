#!/usr/bin/env python3
"""PyTorch reference timings for `./hyperrl bench core` (docs/performance.md).

Times the same networks as HyperRL's core benchmark, on the same machine, so that the two can be compared as
ratios measured in one session: the SA-Hyper critic at HalfCheetah size (Sarafian et al. 2021: primary ResNet
256-512-1024 with two pre-activation residual blocks per stage, heads W, b and gain s per dynamic layer, dynamic
network 6-256-1 evaluated per sample), the MLP-Standard critic (23-256-256-1), the batch-1 forward of an MLP
17-256-256-6 actor, and a GRU 64 -> 256 over 60 steps at batch 16 (forward, and forward + backward).

Needs PyTorch (Debian: apt-get install python3-torch). Not part of the build or the tests.

    OMP_NUM_THREADS=1 python3 bin/pytorch-reference.py --threads 1
"""
import argparse
import statistics
import time

import torch
from torch import nn


class ResBlock(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.l1 = nn.Linear(n, n)
        self.l2 = nn.Linear(n, n)

    def forward(self, x):
        return x + self.l2(torch.relu(self.l1(torch.relu(x))))


class SaHyperCritic(nn.Module):
    """Q(s, a): the primary network reads the state and generates the dynamic network that reads the action."""

    def __init__(self, state_dim=17, action_dim=6, hidden=256):
        super().__init__()
        layers = []
        width = state_dim
        for w in (256, 512, 1024):
            layers += [nn.Linear(width, w), ResBlock(w), ResBlock(w)]
            width = w
        self.primary = nn.Sequential(*layers)
        self.shapes = [(action_dim, hidden), (hidden, 1)]
        self.heads = nn.ModuleList()
        for fan_in, fan_out in self.shapes:
            self.heads.append(nn.ModuleList([nn.Linear(1024, fan_in * fan_out), nn.Linear(1024, fan_out),
                                             nn.Linear(1024, fan_out)]))

    def forward(self, s, a):
        z = self.primary(s)
        x = a.unsqueeze(1)  # [B, 1, in]
        for i, ((fan_in, fan_out), (w, b, g)) in enumerate(zip(self.shapes, self.heads)):
            weight = w(z).view(-1, fan_in, fan_out)
            x = torch.bmm(x, weight) * (1 + g(z)).unsqueeze(1) + b(z).unsqueeze(1)
            if i < len(self.shapes) - 1:
                x = torch.relu(x)
        return x.squeeze(1)


def mlp(sizes, out_act=None):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    if out_act is not None:
        layers.append(out_act)
    return nn.Sequential(*layers)


def measure(fn, warmup, calls):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return "median %10.4f ms   p10 %9.4f   p90 %9.4f   (%d calls)" % (
        statistics.median(times), times[len(times) // 10], times[(len(times) * 9) // 10], calls)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--calls", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print("PyTorch %s, threads %d" % (torch.__version__, torch.get_num_threads()))
    for name, critic in (("sa-hyper", SaHyperCritic()), ("mlp-standard", mlp([23, 256, 256, 1]))):
        n = sum(q.numel() for q in critic.parameters())
        print("\n%s critic, state 17, action 6: {:,} parameters".format(n) % name)
        opt = torch.optim.Adam(critic.parameters(), lr=5e-5)

        def q(s, a):
            return critic(s, a) if name == "sa-hyper" else critic(torch.cat([s, a], 1))

        for b in (1, 100):
            s, a = torch.randn(b, 17), torch.randn(b, 6)
            with torch.no_grad():
                print("  forward,   batch %3d: %s" % (b, measure(lambda: q(s, a), args.warmup, args.calls)))
        for b in (100, 256):
            s, a, y = torch.randn(b, 17), torch.randn(b, 6), torch.randn(b, 1)

            def step():
                opt.zero_grad()
                loss = ((q(s, a) - y) ** 2).mean()
                loss.backward()
                opt.step()

            print("  Adam step, batch %3d: %s" % (b, measure(step, args.warmup, args.calls)))
    actor = mlp([17, 256, 256, 6], nn.Tanh())
    s = torch.randn(1, 17)
    print("\nMLP 17-256-256-6 actor, batch 1:")
    with torch.no_grad():
        print("  forward:          %s" % measure(lambda: actor(s), args.warmup * 20, args.calls * 50))
    steps, batch = 60, 16
    gru = nn.GRU(64, 256)
    x = torch.rand(steps, batch, 64)
    h0 = torch.zeros(1, batch, 256)
    print("\nGRU 64 -> 256, %d steps, batch %d (nn.GRU):" % (steps, batch))
    with torch.no_grad():
        print("  forward:            %s" % measure(lambda: gru(x, h0), args.warmup, args.calls))

    def fwd_bwd():
        gru.zero_grad()
        out, _ = gru(x, h0)
        (out ** 2).mean().backward()

    print("  forward + backward: %s" % measure(fwd_bwd, args.warmup, args.calls))


if __name__ == "__main__":
    main()
