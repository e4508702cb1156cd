import type {
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatCompletionResponse,
  DeploymentConfig,
  EmbeddingsRequest,
  EmbeddingsResponse,
  ProviderConfig,
  ProviderType,
  Usage,
} from '@alfred/contracts';

/**
 * What a provider connector is: data about where to call plus pure functions that
 * translate between OpenAI's wire format and the provider's (Portkey's pattern). A
 * connector performs no I/O; the worker's upstream client does the HTTP.
 */

/** Where one call goes: the provider, the deployment, and the resolved credential. */
export interface UpstreamTarget {
  provider: ProviderConfig;
  deployment: DeploymentConfig;
  /** Resolved from `provider.apiKeyEnv`; never logged. */
  apiKey: string | undefined;
}

export interface UpstreamHttpRequest {
  /** Absolute URL including any query string. */
  url: string;
  headers: Record<string, string>;
  /** JSON text to POST. */
  body: string;
}

/** A provider's error, already mapped to what an OpenAI client should see. */
export interface UpstreamErrorInfo {
  status: number;
  type: string;
  code: string | null;
  param: string | null;
  message: string;
  /** Seconds the provider asked us to wait (Retry-After header, or a body hint such as Gemini's RetryInfo). */
  retryAfterSeconds?: number;
}

/** One unit of an upstream stream: an SSE event, or one NDJSON line (as `data`). */
export interface StreamEvent {
  event?: string;
  data: string;
}

/** Thrown by a translator when the upstream reports an error inside a stream. */
export class UpstreamStreamError extends Error {
  readonly info: UpstreamErrorInfo;
  constructor(info: UpstreamErrorInfo) {
    super(info.message);
    this.name = 'UpstreamStreamError';
    this.info = info;
  }
}

export interface StreamContext {
  /** Id to use for every chunk when the provider gives none (`chatcmpl-…`). */
  id: string;
  created: number;
  /** Model name to report when the provider gives none. */
  model: string;
  /** Whether the client asked for the final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
}

/** Stateful translation of one upstream stream into OpenAI chunks. */
export interface ChatStreamTranslator {
  /** Feed one event; returns the chunks it yields (often none). Throws UpstreamStreamError. */
  push(event: StreamEvent): ChatCompletionChunk[];
  /** True once the upstream signalled the normal end of the stream. */
  readonly done: boolean;
  /** Usage reported so far, or undefined if the provider has not reported any yet. */
  usage(): Usage | undefined;
}

export interface ResponseContext {
  /** Id to use when the provider gives none. */
  id: string;
  created: number;
  /** Model name to report when the provider gives none. */
  model: string;
}

export interface ChatCompletionsConnector {
  buildRequest(request: ChatCompletionRequest, target: UpstreamTarget): UpstreamHttpRequest;
  parseResponse(body: unknown, context: ResponseContext): ChatCompletionResponse;
  streamFraming: 'sse' | 'ndjson';
  createStreamTranslator(context: StreamContext): ChatStreamTranslator;
}

export interface EmbeddingsConnector {
  buildRequest(request: EmbeddingsRequest, target: UpstreamTarget): UpstreamHttpRequest;
  /**
   * `request` is the client's request. Pass it: providers that only return floats need
   * its `encoding_format` to answer base64, which the OpenAI SDKs ask for by default
   * (openai-node decodes the answer as base64 without checking). Without it, floats.
   */
  parseResponse(
    body: unknown,
    context: ResponseContext,
    request?: EmbeddingsRequest,
  ): EmbeddingsResponse;
}

export interface ProviderConnector {
  type: ProviderType;
  chat: ChatCompletionsConnector;
  embeddings?: EmbeddingsConnector;
  /** Map a non-2xx upstream answer to the error the client sees. */
  parseError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo;
}
