"""Plain-PyTorch reference for bench/gat.bench.ts: the same 2-layer GAT + inner-product link
decoder, full batch, written with gather / segment softmax (scatter_reduce amax + index_add) /
index_add as PyG's GATConv does, on the graph the TypeScript side exported.

usage: python3 bench/gat_reference.py <export dir> <epochs> <heads>
prints one JSON line: {"epoch_seconds": [...], "losses": [...]}"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)


def load(d, name, dtype):
    return torch.from_numpy(np.fromfile(f"{d}/{name}", dtype=dtype))


class GATConv(torch.nn.Module):
    def __init__(self, fin, c, heads, concat):
        super().__init__()
        self.h, self.c, self.concat = heads, c, concat
        self.lin = torch.nn.Linear(fin, heads * c, bias=False)
        self.att_src = torch.nn.Parameter(torch.empty(1, heads, c))
        self.att_dst = torch.nn.Parameter(torch.empty(1, heads, c))
        self.bias = torch.nn.Parameter(torch.zeros(heads * c if concat else c))
        torch.nn.init.xavier_uniform_(self.lin.weight)
        torch.nn.init.xavier_uniform_(self.att_src)
        torch.nn.init.xavier_uniform_(self.att_dst)

    def forward(self, x, src, dst, n):
        H, C = self.h, self.c
        h = self.lin(x).view(-1, H, C)
        e = F.leaky_relu((h * self.att_src).sum(-1)[src] + (h * self.att_dst).sum(-1)[dst], 0.2)
        with torch.no_grad():  # the per-destination max is a constant shift
            m = torch.full((n, H), -float("inf")).scatter_reduce(0, dst[:, None].expand(-1, H), e, "amax", include_self=True)
        ex = (e - m[dst]).exp()
        den = torch.zeros(n, H).index_add(0, dst, ex) + 1e-16
        alpha = ex / den[dst]
        out = torch.zeros(n, H, C).index_add(0, dst, h[src] * alpha.unsqueeze(-1))
        out = out.reshape(n, H * C) if self.concat else out.mean(1)
        return out + self.bias


def main():
    d, epochs, heads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    meta = json.load(open(f"{d}/meta.json"))
    n, f = meta["numNodes"], meta["numFeatures"]
    src = load(d, "src.i32", np.int32).long()
    dst = load(d, "dst.i32", np.int32).long()
    x = load(d, "x.f32", np.float32).view(n, f)
    pu = load(d, "pu.i32", np.int32).long()
    pv = load(d, "pv.i32", np.int32).long()
    y = load(d, "y.f32", np.float32)
    conv1 = GATConv(f, meta["hidden"], heads, True)
    conv2 = GATConv(meta["hidden"] * heads, meta["out"], 1, False)
    params = list(conv1.parameters()) + list(conv2.parameters())
    opt = torch.optim.Adam(params, lr=0.01)
    times, losses = [], []
    for _ in range(epochs):
        t0 = time.perf_counter()
        opt.zero_grad()
        z = conv2(F.elu(conv1(x, src, dst, n)), src, dst, n)
        logits = (z[pu] * z[pv]).sum(-1)
        loss = F.binary_cross_entropy_with_logits(logits, y)
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - t0)
        losses.append(loss.item())
    print(json.dumps({"epoch_seconds": times, "losses": losses, "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
