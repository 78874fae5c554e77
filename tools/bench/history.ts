/**
 * `npm run bench -- history`: the history store against raw `idb` doing the same storage work in the same run.
 * - batched record (batches of 500) and single durable record (one awaited transaction per event), events/s;
 * - read of the last 1,000 events of a 10,000-event store, ms;
 * - the same three with encryption on;
 * - a 100,000-event store: fill rate, open time, size (navigator.storage.estimate), retention sweep of 10,000 events.
 * Ours and raw alternate (batch by batch, event by event, read by read) so machine load hits both alike; each
 * metric is the median over rounds.
 * Options: --rounds N (default 5), --big N (events of the big store, default 100000).
 */
import { deleteDB, openDB, unwrap } from 'idb';
import type { IDBPDatabase } from 'idb';
import { openHistory } from '../../src/history/store.ts';
import type { HistoryStore } from '../../src/history/store-types.ts';
import { migrate, SCHEMA_VERSION } from '../../src/history/schema.ts';
import type { ShopperEvent } from '../../src/history/types.ts';
import { newEventId } from '../../src/history/validate-event.ts';
import { stats } from '../harness/measure.ts';
import type { Row, Suite } from '../harness/types.ts';

const T0 = Date.now() - 3_600_000;
const BATCH = 500;
const SINGLES = 200;
const READ_STORE = 10_000;
const KEEP_ALL = { maxEvents: 10_000_000, maxAgeMs: 365 * 86_400_000 };

function events(n: number, start: number): ShopperEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    type: i % 9 === 8 ? 'cart_add' : 'view', time: start + i, sessionId: `session-${Math.floor(i / 40)}`,
    productId: `sku-${(i * 7919) % 5000}`, category: `cat-${i % 40}`, price: 5 + (i % 100), page: 'product',
  }) satisfies ShopperEvent);
}

/** Raw idb baseline: same schema (created by our migrations), ids made the same way, no validation or notification. */
async function openRaw(name: string): Promise<IDBPDatabase> {
  return openDB(name, SCHEMA_VERSION, { upgrade: (db, old, next, tx) => migrate(db, old, next ?? SCHEMA_VERSION, tx) });
}
async function rawPut(db: IDBPDatabase, list: ShopperEvent[]): Promise<void> {
  const tx = db.transaction('events', 'readwrite');
  for (const e of list) void tx.store.put({ id: newEventId(e.time), ...e });
  await tx.done;
}
async function rawLast(db: IDBPDatabase, n: number): Promise<unknown[]> {
  // The idiomatic idb way: a reverse cursor on the time index.
  const out: unknown[] = [];
  let cursor = await db.transaction('events').store.index('time').openCursor(null, 'prev');
  while (cursor && out.length < n) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out.reverse();
}
async function rawLastRecords(db: IDBPDatabase, n: number): Promise<unknown[]> {
  // The fastest raw way where the browser has it (Chromium 141+): getAllRecords backwards, one request.
  const index = unwrap(db.transaction('events').store.index('time')) as IDBIndex & { getAllRecords(o: object): IDBRequest<Array<{ value: unknown }>> };
  const req = index.getAllRecords({ count: n, direction: 'prev' });
  const records = await new Promise<Array<{ value: unknown }>>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return records.map((r) => r.value).reverse();
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const median = (xs: number[]) => stats(xs).median;

const suite: Suite = {
  description: 'History store vs raw idb: record (batched / single durable), read last 1000, encryption cost, 100k store',
  async run({ options, log }) {
    const rounds = Number(options.rounds ?? 5);
    const bigN = Number(options.big ?? 100_000);
    const metrics: Record<string, number> = {};
    const table: Row[] = [];
    const names: string[] = [];
    const fresh = (what: string) => { const n = `bench-${what}-${crypto.randomUUID().slice(0, 6)}`; names.push(n); return n; };

    for (const variant of ['plain', 'encrypted'] as const) {
      const prefix = variant === 'plain' ? '' : 'encrypted_';
      const store: HistoryStore = await openHistory({ name: fresh(variant), consent: 'granted', encrypt: variant === 'encrypted', retention: KEEP_ALL });
      const raw = await openRaw(fresh(`raw-${variant}`));
      const samples = { batched: [] as number[], rawBatched: [] as number[], single: [] as number[], rawSingle: [] as number[], read: [] as number[], rawRead: [] as number[], rawRecords: [] as number[] };
      let clock = T0;
      // Warm-up and the 10k store the reads use.
      for (let i = 0; i < READ_STORE / BATCH; i++) {
        const list = events(BATCH, (clock += BATCH));
        await store.record(list);
        await rawPut(raw, list);
      }
      for (let r = 0; r < rounds; r++) {
        const batch = events(BATCH, (clock += BATCH));
        samples.batched.push(BATCH / (await time(() => store.record(batch))) * 1000);
        samples.rawBatched.push(BATCH / (await time(() => rawPut(raw, batch))) * 1000);
        // Singles alternate event by event, so load spikes on this shared machine hit both sides alike.
        const singles = events(SINGLES, (clock += SINGLES));
        let [oursMs, rawMs] = [0, 0];
        for (const e of singles) {
          oursMs += await time(() => store.record(e));
          rawMs += await time(() => rawPut(raw, [e]));
        }
        samples.single.push(SINGLES / oursMs * 1000);
        samples.rawSingle.push(SINGLES / rawMs * 1000);
        for (let k = 0; k < 5; k++) {
          samples.read.push(await time(() => store.recent(1000)));
          samples.rawRead.push(await time(() => rawLast(raw, 1000)));
          if (variant === 'plain') samples.rawRecords.push(await time(() => rawLastRecords(raw, 1000)));
        }
      }
      const m = {
        batched_events_per_s: median(samples.batched), raw_idb_batched_events_per_s: median(samples.rawBatched),
        single_events_per_s: median(samples.single), raw_idb_single_events_per_s: median(samples.rawSingle),
        read_last_1000_ms: median(samples.read), raw_idb_read_last_1000_ms: median(samples.rawRead),
      };
      if (variant === 'plain') metrics.raw_idb_getallrecords_read_last_1000_ms = median(samples.rawRecords);
      for (const [k, v] of Object.entries(m)) {
        if (variant === 'plain' || !k.startsWith('raw_')) metrics[`${prefix}${k}`] = v;
      }
      table.push(
        { variant, what: 'batched record (events/s)', ours: m.batched_events_per_s, raw_idb: m.raw_idb_batched_events_per_s, ours_over_raw: m.raw_idb_batched_events_per_s / m.batched_events_per_s },
        { variant, what: 'single durable record (events/s)', ours: m.single_events_per_s, raw_idb: m.raw_idb_single_events_per_s, ours_over_raw: m.raw_idb_single_events_per_s / m.single_events_per_s },
        { variant, what: 'read last 1000 (ms)', ours: m.read_last_1000_ms, raw_idb: m.raw_idb_read_last_1000_ms, ours_over_raw: m.read_last_1000_ms / m.raw_idb_read_last_1000_ms },
      );
      log(`${variant}: ${JSON.stringify(m)}`);
      store.close();
      raw.close();
    }
    // "Within 1.2× of raw": time ratios, ours / raw (≤ 1.2 is the goal).
    metrics.batched_time_ratio = metrics.raw_idb_batched_events_per_s! / metrics.batched_events_per_s!;
    metrics.single_time_ratio = metrics.raw_idb_single_events_per_s! / metrics.single_events_per_s!;
    metrics.read_last_1000_time_ratio = metrics.read_last_1000_ms! / metrics.raw_idb_read_last_1000_ms!;
    metrics.encryption_batched_cost = metrics.batched_events_per_s! / metrics.encrypted_batched_events_per_s!;
    metrics.encryption_single_cost = metrics.single_events_per_s! / metrics.encrypted_single_events_per_s!;
    metrics.encryption_read_cost = metrics.encrypted_read_last_1000_ms! / metrics.read_last_1000_ms!;
    for (const n of names) await deleteDB(n);

    // The big store.
    const bigName = fresh('big');
    const usage0 = (await navigator.storage.estimate()).usage ?? 0;
    let store = await openHistory({ name: bigName, consent: 'granted', retention: KEEP_ALL });
    const fill = await time(async () => {
      for (let i = 0; i < bigN; i += 1000) await store.record(events(Math.min(1000, bigN - i), T0 - 86_400_000 + i));
    });
    store.close();
    metrics.big_fill_events_per_s = bigN / fill * 1000;
    log(`filled ${bigN} events in ${fill.toFixed(0)} ms`);
    metrics.big_open_ms = await time(async () => { store = await openHistory({ name: bigName, consent: 'granted', retention: KEEP_ALL }); });
    metrics.big_count = await store.count();
    metrics.big_read_last_1000_ms = await time(() => store.recent(1000));
    metrics.big_bytes = ((await navigator.storage.estimate()).usage ?? 0) - usage0;
    metrics.big_bytes_per_event = metrics.big_bytes / bigN;
    store.close();
    const prune = Math.round(bigN / 10);
    metrics.big_retention_sweep_ms = await time(async () => {
      store = await openHistory({ name: bigName, consent: 'granted', retention: { ...KEEP_ALL, maxEvents: bigN - prune } });
    });
    metrics.big_retention_swept = store.stats().prunedByRetention;
    metrics.big_open_unchanged_ms = metrics.big_open_ms;
    await store.erase();
    store.close();
    table.push(
      { variant: 'plain', what: `${bigN} events: open ms`, ours: metrics.big_open_ms },
      { variant: 'plain', what: `${bigN} events: bytes (storage.estimate)`, ours: metrics.big_bytes },
      { variant: 'plain', what: `${bigN} events: open + sweep of ${prune} oldest (ms)`, ours: metrics.big_retention_sweep_ms },
    );
    delete metrics.big_open_unchanged_ms;
    return { metrics, table, config: { rounds, batch: BATCH, singles: SINGLES, readStore: READ_STORE, big: bigN } };
  },
};

export default suite;
