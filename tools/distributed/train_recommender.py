#!/usr/bin/env python3
"""Trains the browser's recommender with PyTorch DistributedDataParallel (gloo) and exports the folder
`loadRecommender(url)` loads as it is. See docs/distributed.md.

One machine, N processes (spawned here, rendezvous on 127.0.0.1):
    /usr/bin/python3 tools/distributed/train_recommender.py --events log.csv --out models/recommend/shop --nproc 2
Across machines, one process per (machine, rank), the env rendezvous torchrun would set:
    MASTER_ADDR=10.0.0.1 MASTER_PORT=29500 WORLD_SIZE=4 RANK=<0..3> /usr/bin/python3 tools/distributed/train_recommender.py ...
Without either it runs as a world of one.

Every rank reads the same event log (the file must be on every machine); rank 0 writes the folder.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import socket
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.multiprocessing as mp  # noqa: E402
from torch.nn.parallel import DistributedDataParallel as DDP  # noqa: E402

from events import EventLogError, read_sequences  # noqa: E402
from export import browser_scores, cooccurrence_cosine, popularity, recommender_files, write_folder  # noqa: E402
from model import SequenceNet, next_item_examples, sample_candidates, windows_of  # noqa: E402

DEFAULT_MODEL_WEIGHT = 0.3  # create.ts DEFAULT_MODEL_WEIGHT


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog='train_recommender.py',
        description="Trains the browser's recommender (recency-weighted item bag + residual tanh layer, sampled softmax) "
                    'with DistributedDataParallel over gloo and writes the deployable folder (metadata.json + weights.bin).')
    p.add_argument('--events', required=True, help='event log: e-commerce CSV, our history export JSON, or S3-Rec sequences')
    p.add_argument('--format', default='auto', choices=['auto', 'ecommerce-csv', 'history-export', 's3rec'])
    p.add_argument('--skip-invalid', action='store_true', help='skip and count malformed rows instead of stopping at the first')
    p.add_argument('--out', required=True, help='folder to write (replaced atomically)')
    p.add_argument('--nproc', type=int, default=0, help='spawn this many processes on this machine (loopback rendezvous)')
    p.add_argument('--threads', type=int, default=0, help='torch threads per process (default: cores / local processes)')
    p.add_argument('--epochs', type=int, default=2, help='passes over the examples (trainRecommender default 2)')
    p.add_argument('--dim', type=int, default=64)
    p.add_argument('--window', type=int, default=20)
    p.add_argument('--negatives', type=int, default=2048, help='sampled negatives per step; 0 = full softmax')
    p.add_argument('--batch', type=int, default=256, help='global batch (split across the processes)')
    p.add_argument('--lr', type=float, default=0.005)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--model-weight', type=float, default=DEFAULT_MODEL_WEIGHT, help='weight of the model against item-kNN in recommend()')
    p.add_argument('--holdout', action='store_true',
                   help='S3-Rec leave-one-out: train on the items before each shopper\'s second-last one; '
                        'the folder still lists every product (for tools/eval/recommend-folder.ts)')
    p.add_argument('--validate', action='store_true',
                   help='with --holdout: validation HR/NDCG@10 after every epoch, keep the best epoch, stop after --patience worse ones')
    p.add_argument('--patience', type=int, default=2)
    p.add_argument('--parity', default='', help='also write the scores of a few histories (JSON) for the parity test')
    p.add_argument('--parity-histories', type=int, default=4)
    p.add_argument('--json', action='store_true', help='print the summary as JSON')
    args = p.parse_args(argv)
    if args.validate and not args.holdout:
        p.error('--validate needs --holdout')
    for name in ('epochs', 'dim', 'window', 'batch'):
        if getattr(args, name) < 1:
            p.error(f'--{name} must be at least 1')
    if not 0 <= args.model_weight <= 1:
        p.error('--model-weight must be within 0..1')
    return args


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def leave_one_out(seqs: list[np.ndarray]):
    """dataset.ts leaveOneOut: train on items before the second-last; validation = second-last, test = last."""
    train, validation, test = [], [], []
    for seq in seqs:
        n = len(seq)
        if n < 3:
            train.append(seq)
            continue
        train.append(seq[:n - 2])
        validation.append((seq[:n - 2], int(seq[n - 2])))
        test.append((seq[:n - 1], int(seq[n - 1])))
    return train, validation, test


@torch.no_grad()
def rank_metrics(model: SequenceNet, cases, k: int = 10) -> dict:
    """HR@k / NDCG@k over all items, each case's history masked (protocol.ts rankCases + metrics.ts rankOf)."""
    n = model.num_items
    hits = ndcg = 0.0
    for start in range(0, len(cases), 512):
        chunk = cases[start:start + 512]
        windows = torch.from_numpy(windows_of([h for h, _ in chunk], model.window, n))
        scores = model.logits(windows)
        targets = torch.tensor([t for _, t in chunk])
        t_scores = scores[torch.arange(len(chunk)), targets]
        above = (scores > t_scores[:, None]) | ((scores == t_scores[:, None]) & (torch.arange(n)[None, :] < targets[:, None]))
        for b, (h, t) in enumerate(chunk):
            masked = torch.from_numpy(np.unique(h[h != t]))
            above[b, masked] = False
        ranks = above.sum(1)
        hit = ranks < k
        hits += float(hit.sum())
        ndcg += float((hit.double() / torch.log2(ranks.double() + 2)).sum())
    return {'hr_10': hits / max(len(cases), 1), 'ndcg_10': ndcg / max(len(cases), 1)}


def log(rank: int, message: str) -> None:
    if rank == 0:
        print(message, file=sys.stderr, flush=True)


def run(rank: int, world: int, args: argparse.Namespace, local_world: int) -> dict | None:
    threads = args.threads or max(1, (os.cpu_count() or 1) // max(local_world, 1))
    torch.set_num_threads(threads)
    dist.init_process_group('gloo', rank=rank, world_size=world)
    try:
        return train(rank, world, args, threads)
    finally:
        dist.destroy_process_group()


def train(rank: int, world: int, args: argparse.Namespace, threads: int) -> dict | None:
    started = time.perf_counter()
    data = read_sequences(args.events, args.format, args.skip_invalid)
    ids = data.vocabulary()
    index = {item: i for i, item in enumerate(ids)}
    n = len(ids)
    seqs = [np.array([index[item] for item in s], dtype=np.int64) for s in data.sequences]
    if args.holdout:
        train_seqs, validation, test = leave_one_out(seqs)
    else:
        train_seqs, validation, test = seqs, [], []
    histories, targets = next_item_examples(train_seqs, args.window, n)
    count = len(targets)
    if count == 0:
        raise EventLogError(f'{args.events}: no shopper has two products in a row to learn from.')
    negatives = min(args.negatives, n)
    sampled = 0 < negatives < n
    log(rank, f'{data.source_format}: {len(seqs)} shoppers, {n} products, {count} training examples, '
              f'{len(data.skipped)} rows skipped; world size {world}, {threads} thread(s) per process')

    model = SequenceNet(n, args.dim, args.window, args.seed)
    ddp = DDP(model)  # broadcasts rank 0's initial weights; gradients are averaged over the ranks each step
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, eps=1e-7)  # tfjs adam: epsilon 1e-7
    windows_t = torch.from_numpy(histories)
    targets_t = torch.from_numpy(targets)
    pad_window = torch.full((1, args.window), n, dtype=torch.int64)
    pad_target = torch.zeros(1, dtype=torch.int64)
    sampler = torch.Generator().manual_seed(args.seed * 7919 + rank)  # negatives differ per rank, as batches do
    curve, epoch_seconds = [], []
    best = {'ndcg_10': -1.0, 'epoch': 0, 'state': None}
    worse = 0
    for epoch in range(1, args.epochs + 1):
        dist.barrier()
        t0 = time.perf_counter()
        c0 = time.process_time()
        order = torch.randperm(count, generator=torch.Generator().manual_seed(args.seed * 1_000_003 + epoch))
        loss_sum = torch.zeros(2, dtype=torch.float64)
        for start in range(0, count, args.batch):
            batch = order[start:start + args.batch]
            size = len(batch)
            mine = batch[rank * size // world:(rank + 1) * size // world]
            optimizer.zero_grad(set_to_none=False)
            if len(mine) == 0:
                # A last batch smaller than the world: this rank still runs a step (all-reduce), contributing zeros.
                loss = ddp(pad_window, pad_target) * 0.0
            else:
                w, t = windows_t[mine], targets_t[mine]
                c = None
                if sampled:
                    c, t = sample_candidates(t, n, negatives, sampler)
                total = ddp(w, t, c)
                loss_sum[0] += float(total)
                # DDP averages gradients over the ranks: scaled so the step follows the mean loss of the global batch.
                loss = total * (world / size)
            loss.backward()
            optimizer.step()
            loss_sum[1] += 1 if rank == 0 else 0
        dist.all_reduce(loss_sum)
        dist.barrier()
        seconds = time.perf_counter() - t0
        # CPU seconds of all ranks (every thread): a figure other programs on the machine disturb far less than wall time.
        cpu = torch.tensor([time.process_time() - c0], dtype=torch.float64)
        dist.all_reduce(cpu)
        epoch_seconds.append(seconds)
        steps = max(float(loss_sum[1]), 1.0)
        point = {'epoch': epoch, 'loss': float(loss_sum[0]) / count, 'seconds': round(seconds, 3),
                 'examples_per_second': round(count / seconds, 1), 'cpu_seconds': round(float(cpu), 3), 'steps': int(steps)}
        stop = torch.zeros(1)
        if args.validate:
            if rank == 0:
                v = rank_metrics(model, validation)
                point.update({'valid_hr_10': v['hr_10'], 'valid_ndcg_10': v['ndcg_10']})
                if v['ndcg_10'] > best['ndcg_10']:
                    best = {'ndcg_10': v['ndcg_10'], 'epoch': epoch, 'state': {k: p.detach().clone() for k, p in model.state_dict().items()}}
                    worse = 0
                else:
                    worse += 1
                    if args.patience > 0 and worse >= args.patience:
                        stop[0] = 1
            dist.broadcast(stop, 0)
        curve.append(point)
        log(rank, f"epoch {epoch}: loss {point['loss']:.4f}, {seconds:.1f} s, {point['examples_per_second']:.0f} examples/s, {point['cpu_seconds']:.1f} CPU s"
                  + (f", valid HR@10 {point['valid_hr_10']:.4f} NDCG@10 {point['valid_ndcg_10']:.4f}" if 'valid_hr_10' in point else ''))
        if stop[0] == 1:
            log(rank, f"no better validation for {args.patience} epochs: stopping, best epoch {best['epoch']}")
            break
    if rank != 0:
        return None

    if best['state'] is not None:
        model.load_state_dict(best['state'])
    p = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    if np.any(p['input'][n] != 0):
        raise AssertionError('the padding row of the input embeddings is not zero')  # masked, so it never trains
    weights = {
        'input': p['input'], 'position': p['position'], 'dense': p['dense'], 'dense_bias': p['dense_bias'],
        'items': p['output'], 'bias': p['bias'], 'popularity': popularity(train_seqs, n),
        'similarity': cooccurrence_cosine(train_seqs, n),
    }
    epochs_run = len(curve)
    mean_epoch = sum(epoch_seconds) / len(epoch_seconds)
    info = {
        # What trainRecommender records, then how and from what this model was trained.
        'trainedAt': datetime.now(timezone.utc).isoformat(timespec='milliseconds').replace('+00:00', 'Z'),
        'epochs': best['epoch'] if best['state'] is not None else epochs_run,
        'seed': args.seed,
        'shoppers': len(seqs),
        'engine': {'name': 'pytorch DDP', 'backend': 'gloo', 'torch': torch.__version__, 'worldSize': world,
                   'threadsPerProcess': threads},
        'data': {'file': os.path.basename(args.events), 'sha256': sha256_of(args.events), 'format': data.source_format,
                 'events': data.events, 'skippedRows': len(data.skipped), 'products': n,
                 'split': 'leave-one-out (train: items before each shopper\'s second-last)' if args.holdout else 'all events'},
        'training': {'epochsRun': epochs_run, 'examples': count, 'batchSize': args.batch, 'negatives': negatives if sampled else 0,
                     'learningRate': args.lr, 'dim': args.dim, 'window': args.window,
                     'secondsPerEpoch': round(mean_epoch, 3), 'examplesPerSecond': round(count / mean_epoch, 1), 'curve': curve},
    }
    if args.validate:
        info['training']['bestEpoch'] = best['epoch']
    metadata, weights_bin = recommender_files(ids, args.window, args.model_weight, weights, info)
    write_folder(args.out, {'metadata.json': metadata, 'weights.bin': weights_bin})

    summary = {'out': args.out, 'products': n, 'shoppers': len(seqs), 'examples': count, 'world_size': world,
               'threads_per_process': threads, 'epochs_run': epochs_run, 'seconds_per_epoch': round(mean_epoch, 3),
               'examples_per_second': round(count / mean_epoch, 1), 'seconds_total': round(time.perf_counter() - started, 2),
               'curve': curve}
    if args.parity:
        summary['parity'] = args.parity
        write_parity(args, ids, data.sequences, weights)
    return summary


def write_parity(args, ids: list[str], sequences: list[list[str]], weights: dict) -> None:
    """Scores of a few shoppers' histories by PyTorch (the trained module itself) and by the browser's formula."""
    index = {item: i for i, item in enumerate(ids)}
    n, d = weights['items'].shape
    model = SequenceNet(n, d, args.window, 0)
    with torch.no_grad():
        for name, key in (('input', 'input'), ('output', 'items'), ('bias', 'bias'), ('position', 'position'),
                          ('dense', 'dense'), ('dense_bias', 'dense_bias')):
            getattr(model, name).copy_(torch.from_numpy(weights[key]))
    picked = [s for s in sequences if len(s) >= 2][:args.parity_histories]
    cases = []
    for seq in picked:
        history = [index[item] for item in seq]
        with torch.no_grad():
            logits = model.logits(torch.from_numpy(windows_of([np.array(history)], args.window, n)))[0].double().numpy()
        _, blend = browser_scores(weights, args.window, args.model_weight, history)
        cases.append({'history': list(seq), 'logits': [float(x) for x in logits], 'scores': [float(x) for x in blend]})
    doc = {'productIds': ids, 'modelWeight': args.model_weight, 'cases': cases,
           'note': 'logits: the PyTorch module on the exported weights (float32); scores: recommend()\'s blend, in float64'}
    tmp = args.parity + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(doc, f)
    os.replace(tmp, args.parity)


def spawned(local_rank: int, world: int, args: argparse.Namespace, port: int, results) -> None:
    os.environ['MASTER_ADDR'] = '127.0.0.1'
    os.environ['MASTER_PORT'] = str(port)
    try:
        summary = run(local_rank, world, args, world)
    except EventLogError as error:
        if local_rank == 0:
            print(f'train_recommender.py: {error}', file=sys.stderr)
        sys.exit(2)
    if summary is not None:
        results.put(summary)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def report(summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary))
    else:
        print(f"wrote {summary['out']}: {summary['products']} products, {summary['shoppers']} shoppers, "
              f"{summary['epochs_run']} epochs on {summary['world_size']} process(es): {summary['seconds_per_epoch']:.2f} s/epoch, "
              f"{summary['examples_per_second']:.0f} examples/s")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        if args.nproc > 0:
            ctx = mp.get_context('spawn')
            results = ctx.SimpleQueue()
            try:
                mp.spawn(spawned, args=(args.nproc, args, free_port(), results), nprocs=args.nproc, join=True)
            except mp.ProcessExitedException as error:
                return error.exit_code or 1
            report(results.get(), args.json)
        else:
            world = int(os.environ.get('WORLD_SIZE', '1'))
            rank = int(os.environ.get('RANK', '0'))
            if world == 1 and 'MASTER_ADDR' not in os.environ:
                os.environ['MASTER_ADDR'] = '127.0.0.1'
                os.environ['MASTER_PORT'] = str(free_port())
            local_world = int(os.environ.get('LOCAL_WORLD_SIZE', '1'))
            summary = run(rank, world, args, local_world)
            if summary is not None:
                report(summary, args.json)
    except EventLogError as error:
        print(f'train_recommender.py: {error}', file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
