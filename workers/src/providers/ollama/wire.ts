/** Ollama's /api/chat (https://github.com/ollama/ollama/blob/main/docs/api.md) as this connector uses it. */

export interface OllamaToolCall {
  id?: string;
  /** An object, where OpenAI has a JSON string. */
  function: { name: string; arguments: Record<string, unknown> | string };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Base64 images, without a data-URL prefix. */
  images?: string[];
  tool_calls?: OllamaToolCall[];
  tool_name?: string;
  /** Reasoning of thinking models: not answer text. */
  thinking?: string;
}

export interface OllamaOptions {
  temperature?: number;
  top_p?: number;
  num_predict?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  /** Ollama streams unless told otherwise, so it is always sent. */
  stream: boolean;
  options?: OllamaOptions;
  format?: 'json' | Record<string, unknown>;
  tools?: unknown[];
}

/** One /api/chat answer, or one NDJSON line of its stream. */
export interface OllamaChatResponse {
  model?: string;
  message?: Partial<OllamaMessage>;
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}
