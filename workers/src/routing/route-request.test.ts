import { ENVELOPE_VERSION, type WorkRequest } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { routeRequestOf } from './route-request.ts';

function work(overrides: Partial<WorkRequest>): WorkRequest {
  return {
    v: ENVELOPE_VERSION,
    id: 'req_1',
    operation: 'chat.completions',
    model: 'gpt-4o',
    stream: false,
    deadline: Date.now() + 1_000,
    caller: { orgId: 'org', keyId: 'key', teamId: 'team-a' },
    ...overrides,
  };
}

describe('route request of a work request', () => {
  it("uses ingress's prompt estimate, the tags and the caller's team", () => {
    const billing = {
      reservationId: 'r',
      walletAccountId: 'w',
      price: null,
      reservedMicros: 0,
      estimatedInputTokens: 1234,
    };
    expect(routeRequestOf(work({ billing, tags: ['eu'] }))).toEqual({
      model: 'gpt-4o',
      estimatedPromptTokens: 1234,
      tags: ['eu'],
      teamId: 'team-a',
    });
  });

  it('estimates the prompt itself when no reservation was made', () => {
    const chat = work({
      body: {
        messages: [
          { role: 'system', content: 'x'.repeat(300) },
          {
            role: 'user',
            content: [{ type: 'text', text: 'y'.repeat(300) }, { type: 'image_url' }],
          },
        ],
      },
    });
    expect(routeRequestOf(chat).estimatedPromptTokens).toBe(200 + 16);
    expect(routeRequestOf(chat).tags).toEqual([]);
    const embeddings = work({ operation: 'embeddings', body: { input: ['abc', 'def'] } });
    expect(routeRequestOf(embeddings).estimatedPromptTokens).toBe(2);
    expect(routeRequestOf(work({})).estimatedPromptTokens).toBe(0);
  });
});
