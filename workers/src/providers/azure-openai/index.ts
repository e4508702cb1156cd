import type { ProviderConnector } from '../connector.ts';
import { parseOpenAICompatibleError } from '../openai/errors.ts';
import { azureChatCompletions } from './chat-completions.ts';
import { azureEmbeddings } from './embeddings.ts';

/** Azure OpenAI. Its errors are OpenAI-shaped; the 429 code "429" is not OpenAI-like and is replaced. */
export const azureOpenAIConnector: ProviderConnector = {
  type: 'azure-openai',
  chat: azureChatCompletions,
  embeddings: azureEmbeddings,
  parseError: parseOpenAICompatibleError,
};
