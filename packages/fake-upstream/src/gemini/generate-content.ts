import type { AnswerContext, Endpoint } from '../endpoint.ts';
import { generate } from '../model/generation.ts';
import type { Generation } from '../model/generation.ts';
import { mixSeeds, SeededRandom } from '../model/seeded-random.ts';
import { frame, jsonReply } from '../transport/reply.ts';
import type { Reply } from '../transport/reply.ts';
import { geminiErrors } from './errors.ts';
import { readGenerateContentRequest } from './generate-content-request.ts';
import { generateContentBody, generateContentChunks } from './generate-content-response.ts';
import type { GeminiIdentity } from './generate-content-response.ts';

export const geminiJsonHeaders = { 'content-type': 'application/json; charset=UTF-8' };

function answer(
  body: unknown,
  context: AnswerContext,
): { generation: Generation; identity: GeminiIdentity } {
  const generation = generate(readGenerateContentRequest(body), context.settings);
  const ids = new SeededRandom(mixSeeds(generation.choices[0]?.seed ?? 0, context.answerNumber));
  return { generation, identity: { model: context.pathParameter, responseId: ids.id(23) } };
}

/** POST /v1beta/models/{model}:generateContent */
export const geminiGenerateContentEndpoint: Endpoint = {
  errors: geminiErrors,
  readsBody: true,
  answer(body, context): Reply {
    const { generation, identity } = answer(body, context);
    return jsonReply(
      200,
      generateContentBody(generation, identity),
      geminiJsonHeaders,
      generation.completionTokens,
    );
  },
};

/**
 * POST /v1beta/models/{model}:streamGenerateContent. With `?alt=sse` (what every SDK asks
 * for): SSE with CRLF framing, no event names, no [DONE]. Without it Google streams one
 * JSON array; the fake sends that array in one piece.
 */
export const geminiStreamGenerateContentEndpoint: Endpoint = {
  errors: geminiErrors,
  readsBody: true,
  answer(body, context): Reply {
    const { generation, identity } = answer(body, context);
    const chunks = generateContentChunks(generation, identity);
    if (new URLSearchParams(context.query).get('alt') !== 'sse') {
      return jsonReply(200, chunks, geminiJsonHeaders, generation.completionTokens);
    }
    return {
      kind: 'stream',
      headers: { 'content-type': 'text/event-stream', 'content-disposition': 'attachment' },
      frames: chunks.map((chunk) => frame(chunk, true)),
      lineEnding: '\r\n',
    };
  },
};
