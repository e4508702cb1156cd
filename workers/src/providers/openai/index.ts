import type { ProviderConnector } from '../connector.ts';
import { openAIChatCompletions } from './chat-completions.ts';
import { openAIEmbeddings } from './embeddings.ts';
import { parseOpenAICompatibleError } from './errors.ts';

/** OpenAI and OpenAI-compatible APIs (Groq, Mistral, Together, DeepSeek, vLLM, Ollama's /v1). */
export const openAIConnector: ProviderConnector = {
  type: 'openai',
  chat: openAIChatCompletions,
  embeddings: openAIEmbeddings,
  parseError: parseOpenAICompatibleError,
};
