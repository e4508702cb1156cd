import type { ChatCompletionRequest } from '@alfred/contracts';
import type {
  ChatCompletionsConnector,
  UpstreamHttpRequest,
  UpstreamTarget,
} from '../connector.ts';
import {
  OpenAIChunkStream,
  parseOpenAICompletion,
  upstreamChatBody,
} from '../openai/chat-completions.ts';
import { jsonPost } from '../upstream-request.ts';
import { apiKeyAuth, deploymentUrl } from './api.ts';

/**
 * Azure speaks OpenAI's format with three differences the OpenAI connector already
 * absorbs: the body has no `model` (the deployment is in the URL), answers lack `object`
 * and `model`, and streams interleave empty-id content-filter annotation chunks.
 * `finish_reason: "content_filter"` is OpenAI's own value and passes through.
 */
function buildRequest(request: ChatCompletionRequest, target: UpstreamTarget): UpstreamHttpRequest {
  const { model: _clientModel, ...body } = upstreamChatBody(request);
  return jsonPost(target, {
    url: deploymentUrl(target, 'chat/completions'),
    auth: apiKeyAuth(target),
    body,
  });
}

export const azureChatCompletions: ChatCompletionsConnector = {
  buildRequest,
  parseResponse: parseOpenAICompletion,
  streamFraming: 'sse',
  createStreamTranslator: (context) => new OpenAIChunkStream(context),
};
