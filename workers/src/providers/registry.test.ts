import { describe, expect, it } from 'vitest';
import { ProviderTypeSchema } from '@alfred/contracts';
import { connectorFor } from './registry.ts';

describe('connector registry', () => {
  it('has a connector for every provider type of the config schema', () => {
    for (const type of ProviderTypeSchema.options) {
      const connector = connectorFor(type);
      expect(connector.type).toBe(type);
      expect(typeof connector.chat.buildRequest).toBe('function');
    }
  });

  it('offers embeddings everywhere except Anthropic, which has no embeddings API', () => {
    const withEmbeddings = ProviderTypeSchema.options.filter(
      (type) => connectorFor(type).embeddings,
    );
    expect(withEmbeddings).toEqual(['openai', 'azure-openai', 'gemini', 'ollama']);
  });
});
