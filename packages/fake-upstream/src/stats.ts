import type { IncomingHttpHeaders } from 'node:http';

export const routeNames = [
  'openai.chat',
  'openai.embeddings',
  'openai.models',
  'azure.chat',
  'azure.embeddings',
  'anthropic.messages',
  'gemini.generateContent',
  'gemini.streamGenerateContent',
  'gemini.embedContent',
  'gemini.batchEmbedContents',
  'unknown',
] as const;

export type RouteName = (typeof routeNames)[number];

/** A request whose client closed the connection before the answer was complete. */
export interface AbortRecord {
  route: RouteName;
  /** Epoch milliseconds when the request arrived. */
  receivedAt: number;
  /** Epoch milliseconds when the fake saw the connection close. */
  abortedAt: number;
}

export interface RecordedRequest {
  route: RouteName;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined for GET, or when it did not parse). */
  body: unknown;
}

/** Live counters: the same object is updated in place, read it whenever you like. */
export interface FakeUpstreamStats {
  /** Every request received. */
  requests: number;
  byRoute: Record<RouteName, number>;
  /** Answers (errors included) sent to the end. */
  completed: number;
  /** Requests that got an injected failure (x-fake-fail / setBehavior). */
  injectedFailures: number;
  /** Requests whose client went away before the answer was complete. */
  aborted: number;
  /** The most recent aborts, oldest first (at most 1000 kept). */
  aborts: AbortRecord[];
  /** Requests received and not yet closed. */
  inFlight: number;
  /** The last request, to check what a client sent (headers, mapped body). */
  lastRequest: RecordedRequest | null;
}

export const ABORTS_KEPT = 1000;

export function emptyStats(): FakeUpstreamStats {
  return {
    requests: 0,
    byRoute: Object.fromEntries(routeNames.map((name) => [name, 0])) as Record<RouteName, number>,
    completed: 0,
    injectedFailures: 0,
    aborted: 0,
    aborts: [],
    inFlight: 0,
    lastRequest: null,
  };
}
