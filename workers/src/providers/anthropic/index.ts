import type { ProviderConnector } from '../connector.ts';
import { anthropicChatCompletions } from './chat-completions.ts';
import { parseAnthropicError } from './errors.ts';

/** Anthropic's Messages API. Anthropic has no embeddings endpoint. */
export const anthropicConnector: ProviderConnector = {
  type: 'anthropic',
  chat: anthropicChatCompletions,
  parseError: parseAnthropicError,
};
