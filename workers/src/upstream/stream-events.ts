import { createParser } from 'eventsource-parser';
import type { StreamEvent } from '../providers/connector.ts';

/**
 * The events of an upstream stream body: SSE events (any line ending, named or not),
 * or NDJSON lines (Ollama), each as `{ data }`.
 */
export async function* streamEvents(
  body: AsyncIterable<Uint8Array>,
  framing: 'sse' | 'ndjson',
): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoder();
  const ready: StreamEvent[] = [];
  if (framing === 'sse') {
    const parser = createParser({
      onEvent: (event) => {
        ready.push(event.event ? { event: event.event, data: event.data } : { data: event.data });
      },
    });
    for await (const bytes of body) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      while (ready.length > 0) yield ready.shift()!;
    }
    // An event without its closing blank line was cut off: it is dropped, not guessed at.
    parser.feed(decoder.decode());
    while (ready.length > 0) yield ready.shift()!;
    return;
  }
  let pending = '';
  for await (const bytes of body) {
    pending += decoder.decode(bytes, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield { data: line };
      newline = pending.indexOf('\n');
    }
  }
  const last = (pending + decoder.decode()).trim();
  if (last) yield { data: last };
}
