"""The browser's recommender architecture in PyTorch (src/recommend/sequence-model.ts, train.ts, examples.ts).

A recency-weighted bag of item embeddings (one learned weight per window position, padding masked), one residual
tanh layer, scored against output item embeddings plus a per-item bias; trained with softmax cross-entropy over all
items or over sampled candidates (the batch's targets plus uniform negatives), Adam.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class SequenceNet(nn.Module):
    """Weights named and shaped as SequenceNet's variables; `input` has one extra zero row (index num_items) for padding."""

    def __init__(self, num_items: int, dim: int, window: int, seed: int):
        super().__init__()
        self.num_items, self.dim, self.window = num_items, dim, window
        g = torch.Generator().manual_seed(seed)
        std = 1 / dim ** 0.5
        # SequenceNet.initialWeights: small normal embeddings, the padding row zero, recency prior 0.8^age on the
        # positions (oldest first), a near-zero residual layer.
        inp = torch.randn(num_items + 1, dim, generator=g) * std
        inp[num_items] = 0
        self.input = nn.Parameter(inp)
        self.output = nn.Parameter(torch.randn(num_items, dim, generator=g) * std)
        self.bias = nn.Parameter(torch.zeros(num_items))
        self.position = nn.Parameter(torch.tensor([0.8 ** (window - 1 - i) for i in range(window)], dtype=torch.float32))
        self.dense = nn.Parameter(torch.randn(dim, dim, generator=g) * 0.01)
        self.dense_bias = nn.Parameter(torch.zeros(dim))

    def encode(self, windows: torch.Tensor) -> torch.Tensor:
        """Shopper vectors [B, dim] of windows [B, window] (right-aligned, padded with num_items)."""
        rows = F.embedding(windows, self.input)  # [B, L, D]; dense gradient, as tfjs's scatter-add
        mask = (windows != self.num_items).to(rows.dtype)
        u = (rows * (mask * self.position).unsqueeze(2)).sum(1)
        return u + torch.tanh(u @ self.dense + self.dense_bias)

    def logits(self, windows: torch.Tensor, candidates: torch.Tensor | None = None) -> torch.Tensor:
        h = self.encode(windows)
        if candidates is None:
            return h @ self.output.t() + self.bias
        return h @ self.output[candidates].t() + self.bias[candidates]

    def forward(self, windows: torch.Tensor, targets: torch.Tensor, candidates: torch.Tensor | None = None) -> torch.Tensor:
        """Summed softmax cross-entropy of the batch (the caller divides by the global batch size)."""
        return F.cross_entropy(self.logits(windows, candidates), targets, reduction='sum')


def next_item_examples(train: list[np.ndarray], window: int, pad: int) -> tuple[np.ndarray, np.ndarray]:
    """nextItemExamples: every position t >= 1 of every sequence -> (the `window` items before it, right-aligned and
    left-padded with `pad`; the item at t). Returns windows [count, window] int64 and targets [count] int64."""
    count = sum(max(len(s) - 1, 0) for s in train)
    histories = np.full((count, window), pad, dtype=np.int64)
    targets = np.empty(count, dtype=np.int64)
    e = 0
    for seq in train:
        n = len(seq)
        if n < 2:
            continue
        # Padded copy of the sequence: row t reads padded[t : t + window], i.e. seq[t - window : t] right-aligned.
        padded = np.concatenate([np.full(window, pad, dtype=np.int64), seq.astype(np.int64)])
        idx = np.arange(1, n)[:, None] + np.arange(window)[None, :]
        histories[e:e + n - 1] = padded[idx]
        targets[e:e + n - 1] = seq[1:]
        e += n - 1
    return histories, targets


def windows_of(histories: list[np.ndarray], window: int, pad: int) -> np.ndarray:
    """scoreWindows: each history's last `window` items, right-aligned, padded with `pad`."""
    rows = np.full((len(histories), window), pad, dtype=np.int64)
    for b, h in enumerate(histories):
        recent = np.asarray(h[-window:], dtype=np.int64)
        if len(recent):
            rows[b, window - len(recent):] = recent
    return rows


def sample_candidates(targets: torch.Tensor, num_items: int, negatives: int, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """train.ts's candidates: the batch's distinct targets, then distinct uniform items not among them until there are
    min(num_items, negatives + distinct targets). Returns (candidates, labels indexing into them)."""
    unique, labels = torch.unique(targets, return_inverse=True)
    want = min(num_items, negatives + len(unique)) - len(unique)
    taken = torch.zeros(num_items, dtype=torch.bool)
    taken[unique] = True
    order = torch.randperm(num_items, generator=g)
    extra = order[~taken[order]][:want]
    return torch.cat([unique, extra]), labels
