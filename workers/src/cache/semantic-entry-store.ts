import type { Redis } from 'ioredis';

/** One semantic cache entry as Redis keeps it (one stream entry per answer). */
export interface SemanticEntry {
  /** The stream entry id: orders entries and names them across workers. */
  streamId: string;
  vector: Float32Array;
  /** See SemanticKey.variant: only requests of the same variant may be answered by it. */
  variant: string;
  /** The exact fingerprint of the request answered; names the answer's key. */
  answerFingerprint: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface NewSemanticEntry extends Omit<SemanticEntry, 'streamId'> {
  answerKey: string;
  answer: Buffer;
  maxEntries: number;
}

/**
 * Entries of a scope are a Redis stream: appending is XADD with MAXLEN, which evicts the
 * oldest past `maxEntries` in the same command; workers catch up by reading from the last
 * id they saw (XRANGE), so a missed message cannot happen the way it can with pub/sub, and
 * a worker that starts reads the whole scope the same way. Vectors travel as raw
 * little-endian float32. Answers live in their own keys with their own expiry, so the
 * stream stays small enough to load and an expired answer is simply gone.
 */
export class SemanticEntryStore {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  /** Appends an entry and stores its answer, in one round trip; returns the stream id. */
  async append(entriesKey: string, entry: NewSemanticEntry): Promise<string> {
    const ttlMs = Math.max(1, entry.expiresAt - Date.now());
    const vector = Buffer.from(
      entry.vector.buffer,
      entry.vector.byteOffset,
      entry.vector.byteLength,
    );
    const results = await this.#redis
      .multi()
      .set(entry.answerKey, entry.answer, 'PX', ttlMs)
      .xadd(
        entriesKey,
        'MAXLEN',
        entry.maxEntries,
        '*',
        'v',
        vector,
        'p',
        entry.variant,
        'a',
        entry.answerFingerprint,
        'x',
        String(entry.expiresAt),
      )
      // The stream lives as long as its longest-lived entry: NX sets a first expiry, GT extends it.
      .pexpire(entriesKey, ttlMs, 'NX')
      .pexpire(entriesKey, ttlMs, 'GT')
      .exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('semantic cache append was discarded');
    return String(results[1]![1]);
  }

  /** Up to `count` entries after `afterId` ('-' for the first), oldest first. */
  async readAfter(entriesKey: string, afterId: string, count: number): Promise<SemanticEntry[]> {
    const start = afterId === '-' ? '-' : `(${afterId}`;
    const rows = await this.#redis.xrangeBuffer(entriesKey, start, '+', 'COUNT', count);
    return rows.map(([id, fields]) => entryOf(id.toString(), fields));
  }

  answer(answerKey: string): Promise<Buffer | null> {
    return this.#redis.getBuffer(answerKey);
  }
}

function entryOf(streamId: string, fields: Buffer[]): SemanticEntry {
  const entry: SemanticEntry = {
    streamId,
    vector: new Float32Array(0),
    variant: '',
    answerFingerprint: '',
    expiresAt: 0,
  };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1]!;
    switch (fields[i]!.toString()) {
      case 'v':
        // Copied: a Buffer's offset need not be a multiple of 4, a Float32Array's must.
        entry.vector = new Float32Array(new Uint8Array(value).buffer);
        break;
      case 'p':
        entry.variant = value.toString();
        break;
      case 'a':
        entry.answerFingerprint = value.toString();
        break;
      case 'x':
        entry.expiresAt = Number(value.toString());
        break;
    }
  }
  return entry;
}
