import type { ProviderType } from '@alfred/contracts';
import { anthropicConnector } from './anthropic/index.ts';
import { azureOpenAIConnector } from './azure-openai/index.ts';
import type { ProviderConnector } from './connector.ts';
import { geminiConnector } from './gemini/index.ts';
import { ollamaConnector } from './ollama/index.ts';
import { openAIConnector } from './openai/index.ts';

/** A Record over ProviderType: a provider type added to the contracts fails to compile until it has a connector. */
const connectors: Record<ProviderType, ProviderConnector> = {
  openai: openAIConnector,
  'azure-openai': azureOpenAIConnector,
  anthropic: anthropicConnector,
  gemini: geminiConnector,
  ollama: ollamaConnector,
};

export function connectorFor(type: ProviderType): ProviderConnector {
  return connectors[type];
}
