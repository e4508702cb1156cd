import { createParser } from 'eventsource-parser';
import type { StreamEvent } from '../providers/connector.ts';

/**
 * The events of an upstream stream body, a batch per network read: SSE events (any line
 * ending, named or not), or NDJSON lines (Ollama) as `{ data }`. Batching lets the worker
 * forward everything one read brought in one message instead of one per token.
 */
export async function* streamEventBatches(
  body: AsyncIterable<Uint8Array>,
  framing: 'sse' | 'ndjson',
): AsyncGenerator<StreamEvent[]> {
  const decoder = new TextDecoder();
  let batch: StreamEvent[] = [];
  if (framing === 'sse') {
    const parser = createParser({
      onEvent: (event) => {
        batch.push(event.event ? { event: event.event, data: event.data } : { data: event.data });
      },
    });
    for await (const bytes of body) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
    // An event without its closing blank line was cut off: it is dropped, not guessed at.
    return;
  }
  let pending = '';
  for await (const bytes of body) {
    pending += decoder.decode(bytes, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) batch.push({ data: line });
      newline = pending.indexOf('\n');
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  const last = (pending + decoder.decode()).trim();
  if (last) yield [{ data: last }];
}
