/**
 * The history store's change feed: its own listeners, and the BroadcastChannel that carries changes, consent and
 * encryption news to the store's instances in other tabs (and other instances in this one).
 */
import type { ConsentState } from './store-types.ts';
import type { HistoryChange } from './types.ts';
import { reportOutOfBand } from './read-checks.ts';

export type Listener = (change: HistoryChange) => void;
type Message = { kind: 'change'; change: HistoryChange } | { kind: 'consent'; consent: ConsentState } | { kind: 'encryption' };

export interface FeedHandlers {
  /** Another instance applied the consent manager's answer. */
  consent(consent: ConsentState): void;
  /** Another instance created the keys or migrated the rows: the encryption state must be read again. */
  encryption(): void;
}

export class ChangeFeed {
  readonly #listeners = new Set<Listener>();
  readonly #channel: BroadcastChannel | undefined;
  #closed = false;

  constructor(name: string, handlers: FeedHandlers) {
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`storefront-ml:${name}`) : undefined;
    if (this.#channel) {
      this.#channel.onmessage = ({ data }: MessageEvent<Message>) => {
        if (this.#closed) return;
        if (data.kind === 'consent') handlers.consent(data.consent);
        else if (data.kind === 'encryption') handlers.encryption();
        else this.#deliver(data.change);
      };
    }
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells this instance's listeners and the other instances. */
  emit(change: HistoryChange): void {
    this.#deliver(change);
    this.#post({ kind: 'change', change });
  }

  consent(consent: ConsentState): void {
    this.#post({ kind: 'consent', consent });
  }

  encryption(): void {
    this.#post({ kind: 'encryption' });
  }

  #post(message: Message): void {
    this.#channel?.postMessage(message);
  }

  #deliver(change: HistoryChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        // A listener's bug must not undo a write that succeeded: report it as uncaught, out of our call stack.
        reportOutOfBand(error);
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
    this.#channel?.close();
  }
}
