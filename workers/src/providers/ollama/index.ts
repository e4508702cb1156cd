import type { ProviderConnector } from '../connector.ts';
import { parseOpenAICompatibleError } from '../openai/errors.ts';
import { ollamaChatCompletions } from './chat-completions.ts';
import { ollamaEmbeddings } from './embeddings.ts';

/**
 * Ollama's native API (/api/chat, /api/embed). Its error body `{"error": "…"}` is one of
 * the shapes the OpenAI-compatible error reader already understands.
 */
export const ollamaConnector: ProviderConnector = {
  type: 'ollama',
  chat: ollamaChatCompletions,
  embeddings: ollamaEmbeddings,
  parseError: parseOpenAICompatibleError,
};
