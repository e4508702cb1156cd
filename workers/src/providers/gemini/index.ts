import type { ProviderConnector } from '../connector.ts';
import { geminiChatCompletions } from './chat-completions.ts';
import { geminiEmbeddings } from './embeddings.ts';
import { parseGeminiError } from './errors.ts';

/** Google's Gemini API (generativelanguage.googleapis.com), keyed with an API key. */
export const geminiConnector: ProviderConnector = {
  type: 'gemini',
  chat: geminiChatCompletions,
  embeddings: geminiEmbeddings,
  parseError: parseGeminiError,
};
