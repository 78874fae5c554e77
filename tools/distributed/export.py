"""Writes the deployable recommender folder exactly as the library does (src/recommend/save.ts `recommenderFiles`,
state.ts `namedArrays` / `packArrays`): `metadata.json` (format storefront-ml/recommender v1, shape, product ids,
weight specs, provenance in `info`, and the `files` manifest with the weights' bytes and SHA-256 that
`loadRecommender()` checks) and `weights.bin` (the arrays concatenated, little-endian). Also the item-kNN part
(co-occurrence cosine, baselines.ts `cooccurrenceCosine`) and the popularity counts `trainRecommender` stores, and the
browser's scoring in numpy for the parity file.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile

import numpy as np

FORMAT = 'storefront-ml/recommender'
MAX_NEIGHBOURS = 200  # trainRecommender keeps 200 neighbours per item


def popularity(train: list[np.ndarray], n: int) -> np.ndarray:
    """popularityScorer(train, n).counts: how often each item occurs in the training sequences."""
    counts = np.zeros(n, dtype=np.float64)
    for seq in train:
        np.add.at(counts, seq, 1)
    return counts.astype(np.float32)


def cooccurrence_cosine(train: list[np.ndarray], n: int, max_neighbours: int = MAX_NEIGHBOURS):
    """|U_i & U_j| / sqrt(|U_i| |U_j|) over the training sequences, the `max_neighbours` most similar per row (ties:
    lower index first). Returns CSR (row_start int32 [n+1], neighbours int32, values float32). Rows hold their
    neighbours best first (the library keeps first-seen order when a row is not cut; the scores do not depend on it)."""
    support = np.zeros(n, dtype=np.float64)
    pairs = []
    for seq in train:
        u = np.unique(seq)
        support[u] += 1
        if len(u) > 1:
            a = np.repeat(u, len(u))
            b = np.tile(u, len(u))
            keep = a != b
            pairs.append(a[keep].astype(np.int64) * n + b[keep])
    if pairs:
        keys, counts = np.unique(np.concatenate(pairs), return_counts=True)
    else:
        keys, counts = np.zeros(0, np.int64), np.zeros(0, np.int64)
    rows, cols = keys // n, keys % n
    values = counts / np.sqrt(support[rows] * support[cols])
    # Per row: value descending, then column ascending; keep the first max_neighbours.
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.searchsorted(rows, np.arange(n + 1))
    rank = np.arange(len(rows)) - starts[rows]
    keep = rank < max_neighbours if max_neighbours > 0 else np.ones(len(rows), bool)
    rows, cols, values = rows[keep], cols[keep], values[keep]
    row_start = np.searchsorted(rows, np.arange(n + 1)).astype(np.int32)
    return row_start, cols.astype(np.int32), values.astype(np.float32)


def named_arrays(w: dict) -> list[tuple[str, str, list[int], np.ndarray]]:
    """namedArrays: the fixed order and shapes the loader checks (check-metadata.ts)."""
    n, d = w['items'].shape
    out = [
        ('input', 'float32', [n + 1, d], w['input']),
        ('position', 'float32', [len(w['position'])], w['position']),
        ('dense', 'float32', [d, d], w['dense']),
        ('dense_bias', 'float32', [d], w['dense_bias']),
        ('items', 'float32', [n, d], w['items']),
        ('bias', 'float32', [n], w['bias']),
        ('popularity', 'float32', [n], w['popularity']),
    ]
    if w.get('similarity') is not None:
        row_start, neighbours, values = w['similarity']
        out += [
            ('similarity_row_start', 'int32', [n + 1], row_start),
            ('similarity_neighbours', 'int32', [len(neighbours)], neighbours),
            ('similarity_values', 'float32', [len(values)], values),
        ]
    return out


def recommender_files(ids: list[str], window: int, model_weight: float, w: dict, info: dict) -> tuple[str, bytes]:
    """(metadata.json text, weights.bin bytes) as recommender.toFiles() returns them."""
    arrays = named_arrays(w)
    chunks = []
    for name, dtype, shape, data in arrays:
        a = np.ascontiguousarray(data, dtype='<f4' if dtype == 'float32' else '<i4')
        if list(a.shape) != shape and a.size != int(np.prod(shape)):
            raise ValueError(f'{name}: shape {a.shape} is not {shape}')
        chunks.append(a.tobytes())
    weights = b''.join(chunks)
    d = w['items'].shape[1]
    metadata = {
        'format': FORMAT, 'version': 1, 'dim': d, 'window': window, 'modelWeight': model_weight, 'productIds': ids,
        'attributes': [None] * len(ids),
        'weightSpecs': [{'name': name, 'dtype': dtype, 'shape': shape} for name, dtype, shape, _ in arrays],
        'weights': 'weights.bin', 'info': info,
        'files': {'weights.bin': {'bytes': len(weights), 'sha256': hashlib.sha256(weights).hexdigest()}},
    }
    # JSON.stringify(metadata, null, 2) + '\n'
    return json.dumps(metadata, indent=2, ensure_ascii=False, allow_nan=False) + '\n', weights


def write_folder(out: str, files: dict[str, str | bytes]) -> None:
    """Writes `files` into a temporary folder beside `out`, then renames it over `out`: nothing half-written."""
    parent = os.path.dirname(os.path.abspath(out)) or '.'
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=f'.{os.path.basename(os.path.abspath(out))}.', dir=parent)
    try:
        os.chmod(tmp, 0o755)  # a hosted folder, not a secret (mkdtemp makes it 0700)
        for name, content in files.items():
            path = os.path.join(tmp, name)
            with open(path, 'w', encoding='utf-8', newline='\n') if isinstance(content, str) else open(path, 'wb') as f:
                f.write(content)
        if os.path.isdir(out):
            old = tmp + '.old'
            os.rename(out, old)
            os.rename(tmp, out)
            shutil.rmtree(old)
        else:
            os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def browser_scores(w: dict, window: int, model_weight: float, history: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """What RecommenderImpl.recommend() computes for a history of item indices (oldest first), in float64:
    (the model's logits, the blended score alpha * softmax + (1 - alpha) * normalised item-kNN)."""
    inp, pos = w['input'].astype(np.float64), w['position'].astype(np.float64)
    dense, dense_bias = w['dense'].astype(np.float64), w['dense_bias'].astype(np.float64)
    recent = history[-window:]
    shift = window - len(recent)
    u = np.zeros(inp.shape[1])
    for p, item in enumerate(recent):
        u += pos[shift + p] * inp[item]
    h = u + np.tanh(u @ dense + dense_bias)
    logits = w['items'].astype(np.float64) @ h + w['bias'].astype(np.float64)
    if model_weight >= 1 or w.get('similarity') is None:
        return logits, logits.copy()
    z = np.exp(logits - logits.max())
    blend = model_weight * z / z.sum()
    row_start, neighbours, values = w['similarity']
    knn: dict[int, float] = {}
    weight = 1.0
    for item in reversed(history):
        for q in range(row_start[item], row_start[item + 1]):
            j = int(neighbours[q])
            knn[j] = knn.get(j, 0.0) + weight * float(values[q])
        weight *= 0.8
    total = sum(knn.values())
    k = (1 - model_weight) / total if total > 0 else 0.0
    for j, v in knn.items():
        blend[j] += k * v
    return logits, blend
