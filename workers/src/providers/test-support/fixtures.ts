import { readFileSync } from 'node:fs';
import {
  DeploymentConfigSchema,
  type ChatCompletionRequest,
  type ProviderConfig,
  type ProviderType,
} from '@alfred/contracts';
import type { UpstreamTarget } from '../connector.ts';

/** Recorded provider traffic in workers/fixtures/providers (see its README for sources). */

export function fixtureText(path: string): string {
  return readFileSync(new URL(`../../../fixtures/providers/${path}`, import.meta.url), 'utf8');
}

export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}

export interface RecordedError {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

/** `NAME.status.json` + `NAME.response.json`, as parseError receives them. */
export function recordedError(provider: string, name: string): RecordedError {
  const { status, headers } = fixtureJson<{ status: number; headers: Record<string, string> }>(
    `${provider}/${name}.status.json`,
  );
  return { status, headers, bodyText: fixtureText(`${provider}/${name}.response.json`) };
}

export function targetFor(
  type: ProviderType,
  model: string,
  provider: Partial<ProviderConfig> = {},
  credential: { apiKey?: string | undefined } = { apiKey: 'sk-test-key' },
): UpstreamTarget {
  const baseUrls: Record<ProviderType, string> = {
    openai: 'https://api.openai.com/v1',
    'azure-openai': 'https://contoso.openai.azure.com',
    anthropic: 'https://api.anthropic.com/v1',
    gemini: 'https://generativelanguage.googleapis.com/v1beta',
    ollama: 'http://localhost:11434',
  };
  const deployment = DeploymentConfigSchema.parse({
    id: `${type}-deployment`,
    provider: type,
    model,
    timeouts: { connectMs: 5_000, totalMs: 600_000 },
  });
  return {
    provider: { type, baseUrl: baseUrls[type], headers: {}, connections: 128, ...provider },
    deployment,
    apiKey: credential.apiKey,
  };
}

export const responseContext = {
  id: 'chatcmpl-gateway',
  created: 1_700_000_000,
  model: 'client-model',
};

/**
 * A chat request as tests write it: the client-facing model is irrelevant to connectors
 * (they send the deployment's). `Omit` cannot be used: the loose schema type has an index
 * signature, and Omit over it drops every named field.
 */
export type ChatRequestBody = Partial<ChatCompletionRequest> &
  Pick<ChatCompletionRequest, 'messages'>;

export function withModel(request: ChatRequestBody): ChatCompletionRequest {
  return { ...request, model: request.model ?? 'client-alias' } as ChatCompletionRequest;
}
