/**
 * Keeps a visual index's in-memory copy in step with its database when other instances (in this page or other
 * tabs) write to it, as history does for its listeners: every write posts the products it changed on a
 * BroadcastChannel named after the database, and the other instances read those rows again. Messages arrive a task
 * later (longer across tabs), so each copy also tracks the database's change counter (one more per write
 * transaction): `current()` compares it with the writes the copy reflects and, when a message is late, waits for it
 * briefly and then reads the whole index again. A write that finished before a search started is therefore seen
 * by that search, in every instance.
 */
import type { StoredProduct, VisualIndexDb, Written } from './visual-index-db.ts';

type Message = { seq: number; ids: string[] } | { seq: number; all: true };

export interface SyncTarget {
  /** Sets `rows` and forgets `gone`. */
  apply(rows: StoredProduct[], gone: string[]): void;
  /** Replaces every product with `rows`. */
  replace(rows: StoredProduct[]): void;
}

/** How long `current()` waits for a late message before reading the whole index again. */
const LATE_MESSAGE_MS = 100;

export class IndexSync {
  /** Every write up to this counter value is reflected in memory. */
  #known: number;
  /** Writes above #known already reflected (their messages came out of order). */
  readonly #done = new Set<number>();
  #queue: Promise<void> = Promise.resolve();
  readonly #channel: BroadcastChannel | undefined;
  #closed = false;

  constructor(channelName: string, private readonly db: VisualIndexDb, private readonly target: SyncTarget, seq: number) {
    this.#known = seq;
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined;
    if (this.#channel) this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
  }

  /** This instance wrote (and updated its memory): counts it and tells the others what changed ('all' after a clear). */
  wrote(written: Written, ids: readonly string[] | 'all'): void {
    this.#mark(written.to);
    this.#channel?.postMessage(ids === 'all' ? { seq: written.to, all: true } : { seq: written.to, ids: [...ids] } satisfies Message);
  }

  /** The database was deleted (memory was emptied with it); a recreated one counts from 0 again. */
  reset(): void {
    this.#known = 0;
    this.#done.clear();
  }

  /** Resolves once memory reflects every write that had finished when it was called, in any instance. */
  async current(): Promise<void> {
    const seq = await this.db.seq();
    if (seq === this.#known) return;
    if (seq < this.#known) {
      // The database was deleted and recreated elsewhere since: its counter started again.
      await this.#enqueue(() => this.#reloadAll());
      return;
    }
    const deadline = performance.now() + LATE_MESSAGE_MS;
    while (this.#known < seq && performance.now() < deadline) {
      await this.#queue;
      if (this.#known < seq) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (this.#known < seq) await this.#enqueue(() => this.#reloadAll());
  }

  close(): void {
    this.#closed = true;
    this.#channel?.close();
  }

  #mark(seq: number): void {
    if (seq <= this.#known) return;
    this.#done.add(seq);
    while (this.#done.delete(this.#known + 1)) this.#known++;
  }

  #receive(message: Message): void {
    if (this.#closed || typeof message?.seq !== 'number' || message.seq <= this.#known || this.#done.has(message.seq)) return;
    void this.#enqueue(async () => {
      if (this.#closed) return; // reading now would reopen a connection the index closed
      if ('all' in message) {
        await this.#reloadAll();
        return;
      }
      // Read now, not taken from the message: the database may have changed again since, and it is the truth.
      const { products } = await this.db.read(message.ids);
      if (this.#closed) return;
      const rows = products.filter((p): p is StoredProduct => p !== undefined);
      this.target.apply(rows, message.ids.filter((_, i) => products[i] === undefined));
      this.#mark(message.seq);
    });
  }

  async #reloadAll(): Promise<void> {
    if (this.#closed) return;
    const { products, seq } = await this.db.load(false);
    if (this.#closed) return;
    this.target.replace(products);
    this.#known = seq;
    for (const s of this.#done) if (s <= seq) this.#done.delete(s);
    while (this.#done.delete(this.#known + 1)) this.#known++;
  }

  /** Runs refreshes one after another (a failed one is dropped: the next current() reads everything again). */
  #enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(work).catch(() => undefined);
    this.#queue = next;
    return next;
  }
}
