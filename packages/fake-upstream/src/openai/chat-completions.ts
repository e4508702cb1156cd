import type { Endpoint } from '../endpoint.ts';
import { generate } from '../model/generation.ts';
import { mixSeeds, SeededRandom } from '../model/seeded-random.ts';
import { jsonReply } from '../transport/reply.ts';
import type { Reply } from '../transport/reply.ts';
import { readChatRequest } from './chat-request.ts';
import { chatCompletionBody, chatCompletionFrames } from './chat-response.ts';
import { azureErrors, openAiErrors } from './errors.ts';

export const openAiStreamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

function chatCompletionsEndpoint(azure: boolean): Endpoint {
  return {
    errors: azure ? azureErrors : openAiErrors,
    readsBody: true,
    answer(body, context): Reply {
      const call = readChatRequest(body, azure ? context.pathParameter : null);
      const generation = generate(call.generation, context.settings);
      // Ids follow from the prompt and the answer's number: stable across runs, never shared.
      const ids = new SeededRandom(
        mixSeeds(generation.choices[0]?.seed ?? 0, context.answerNumber),
      );
      const identity = {
        id: `chatcmpl-${ids.id(29)}`,
        created: context.nowSeconds,
        model: call.model,
        ids,
      };
      if (!call.stream) {
        return jsonReply(
          200,
          chatCompletionBody(generation, identity),
          {},
          generation.completionTokens,
        );
      }
      return {
        kind: 'stream',
        headers: openAiStreamHeaders,
        frames: chatCompletionFrames(generation, identity, {
          includeUsage: call.includeUsage,
          azure,
        }),
        lineEnding: '\n',
      };
    },
  };
}

/** POST /v1/chat/completions */
export const openAiChatEndpoint = chatCompletionsEndpoint(false);
/** POST /openai/deployments/{deployment}/chat/completions?api-version=… (body without model) */
export const azureChatEndpoint = chatCompletionsEndpoint(true);
