import { anthropicErrors } from './anthropic/errors.ts';
import { anthropicMessagesEndpoint } from './anthropic/messages.ts';
import type { Endpoint } from './endpoint.ts';
import {
  geminiBatchEmbedContentsEndpoint,
  geminiEmbedContentEndpoint,
} from './gemini/embed-content.ts';
import { geminiErrors } from './gemini/errors.ts';
import {
  geminiGenerateContentEndpoint,
  geminiStreamGenerateContentEndpoint,
} from './gemini/generate-content.ts';
import { azureChatEndpoint, openAiChatEndpoint } from './openai/chat-completions.ts';
import { azureEmbeddingsEndpoint, openAiEmbeddingsEndpoint } from './openai/embeddings.ts';
import { openAiErrors } from './openai/errors.ts';
import { openAiModelsEndpoint } from './openai/models.ts';
import type { RouteName } from './stats.ts';
import type { ProviderErrors } from './transport/provider-errors.ts';

export interface RouteMatch {
  name: RouteName;
  endpoint: Endpoint;
  /** Gemini's `{model}` or Azure's `{deployment}`; empty for the fixed paths. */
  pathParameter: string;
}

const fixedRoutes = new Map<string, RouteMatch>([
  [
    'POST /v1/chat/completions',
    { name: 'openai.chat', endpoint: openAiChatEndpoint, pathParameter: '' },
  ],
  [
    'POST /v1/embeddings',
    { name: 'openai.embeddings', endpoint: openAiEmbeddingsEndpoint, pathParameter: '' },
  ],
  ['GET /v1/models', { name: 'openai.models', endpoint: openAiModelsEndpoint, pathParameter: '' }],
  [
    'POST /v1/messages',
    { name: 'anthropic.messages', endpoint: anthropicMessagesEndpoint, pathParameter: '' },
  ],
]);

const AZURE_PATH = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;
const GEMINI_PATH = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):([A-Za-z]+)$/;

// Maps, not object literals: a path ending in `:constructor` must not find Object.prototype.
const azureRoutes = new Map<string, Omit<RouteMatch, 'pathParameter'>>([
  ['chat/completions', { name: 'azure.chat', endpoint: azureChatEndpoint }],
  ['embeddings', { name: 'azure.embeddings', endpoint: azureEmbeddingsEndpoint }],
]);

const geminiRoutes = new Map<string, Omit<RouteMatch, 'pathParameter'>>([
  ['generateContent', { name: 'gemini.generateContent', endpoint: geminiGenerateContentEndpoint }],
  [
    'streamGenerateContent',
    { name: 'gemini.streamGenerateContent', endpoint: geminiStreamGenerateContentEndpoint },
  ],
  ['embedContent', { name: 'gemini.embedContent', endpoint: geminiEmbedContentEndpoint }],
  [
    'batchEmbedContents',
    { name: 'gemini.batchEmbedContents', endpoint: geminiBatchEmbedContentsEndpoint },
  ],
]);

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route of a method and path (no query), or null for a 404. */
export function matchRoute(method: string, path: string): RouteMatch | null {
  const fixed = fixedRoutes.get(`${method} ${path}`);
  if (fixed !== undefined) return fixed;
  if (method !== 'POST') return null;
  const azure = AZURE_PATH.exec(path);
  const azureRoute = azure === null ? undefined : azureRoutes.get(azure[2] as string);
  if (azure !== null && azureRoute !== undefined)
    return { ...azureRoute, pathParameter: decoded(azure[1] as string) };
  const gemini = GEMINI_PATH.exec(path);
  const geminiRoute = gemini === null ? undefined : geminiRoutes.get(gemini[2] as string);
  if (gemini !== null && geminiRoute !== undefined)
    return { ...geminiRoute, pathParameter: decoded(gemini[1] as string) };
  return null;
}

/** A 404 speaks the dialect its path looks like. */
export function errorsForUnknownPath(path: string): ProviderErrors {
  if (path.startsWith('/v1beta/') || path.includes(':')) return geminiErrors;
  if (path.startsWith('/v1/messages')) return anthropicErrors;
  return openAiErrors;
}
