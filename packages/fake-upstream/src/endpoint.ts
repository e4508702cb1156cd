import type { ModelSettings } from './model/generation.ts';
import type { ProviderErrors } from './transport/provider-errors.ts';
import type { Reply } from './transport/reply.ts';

/** What a route knows beyond the body: path parts, the query, and the server's settings. */
export interface AnswerContext {
  /** `{model}` of Gemini paths, `{deployment}` of Azure paths. */
  pathParameter: string;
  /** The raw query string, without `?` (parsed only by the routes that need it). */
  query: string;
  settings: EndpointSettings;
  /** Counts answers of this server: mixed into ids so two answers never share one. */
  answerNumber: number;
  /** Unix seconds, for `created`. */
  nowSeconds: number;
}

export interface EndpointSettings extends ModelSettings {
  embeddingDimensions: number;
  models: string[];
}

/**
 * One operation of one wire format: its error shapes and a pure function from the request
 * body to the reply. Throwing InvalidRequestError means 400.
 */
export interface Endpoint {
  errors: ProviderErrors;
  /** GET endpoints skip reading a body. */
  readsBody: boolean;
  answer(body: unknown, context: AnswerContext): Reply;
}
