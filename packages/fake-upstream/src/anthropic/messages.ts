import type { Endpoint } from '../endpoint.ts';
import { generate } from '../model/generation.ts';
import { mixSeeds, SeededRandom } from '../model/seeded-random.ts';
import { jsonReply } from '../transport/reply.ts';
import type { Reply } from '../transport/reply.ts';
import { anthropicErrors } from './errors.ts';
import { readMessagesRequest } from './messages-request.ts';
import { messageBody, messageFrames } from './messages-response.ts';

/** POST /v1/messages */
export const anthropicMessagesEndpoint: Endpoint = {
  errors: anthropicErrors,
  readsBody: true,
  answer(body, context): Reply {
    const call = readMessagesRequest(body);
    const generation = generate(call.generation, context.settings);
    const ids = new SeededRandom(mixSeeds(generation.choices[0]?.seed ?? 0, context.answerNumber));
    const identity = {
      id: `msg_01${ids.id(22)}`,
      model: call.model,
      toolUseId: `toolu_01${ids.id(22)}`,
    };
    if (!call.stream) {
      return jsonReply(200, messageBody(generation, identity), {}, generation.completionTokens);
    }
    return {
      kind: 'stream',
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      frames: messageFrames(generation, identity),
      lineEnding: '\n',
    };
  },
};
