import type { ChatCompletionRequest } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { maskChatPrompt } from './mask-chat-prompt.ts';

const request: ChatCompletionRequest = {
  model: 'gpt-4o-mini',
  temperature: 0.2,
  messages: [
    { role: 'system', content: 'You are a support agent.' },
    {
      role: 'user',
      content: 'I am jane@example.com, card 4111 1111 1111 1111, call +44 20 7946 0958.',
    },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Refund to DE89 3704 0044 0532 0130 00 please' },
        {
          type: 'image_url',
          image_url: { url: 'https://example.com/receipt-4111111111111111.png' },
        },
      ],
    },
    { role: 'assistant', content: null, tool_calls: [] },
  ],
};

describe('maskChatPrompt', () => {
  it('masks PII in string contents and text parts and counts it per kind', () => {
    const result = maskChatPrompt(request, { maskPromptPii: true });
    expect(result.request.messages[1]!.content).toBe('I am [EMAIL], card [CARD], call [PHONE].');
    expect(result.request.messages[2]!.content).toEqual([
      { type: 'text', text: 'Refund to [IBAN] please' },
      request.messages[2]!.content![1],
    ]);
    expect(result.masked).toEqual({ email: 1, card: 1, phone: 1, iban: 1 });
    expect(result.total).toBe(4);
    expect(result.request.temperature).toBe(0.2);
    // The clean messages are shared; the original request is untouched.
    expect(result.request.messages[0]).toBe(request.messages[0]);
    expect(request.messages[1]!.content).toContain('jane@example.com');
  });

  it('masks only the kinds the policy names', () => {
    const result = maskChatPrompt(request, { maskPromptPii: true, kinds: ['card'] });
    expect(result.request.messages[1]!.content).toBe(
      'I am jane@example.com, card [CARD], call +44 20 7946 0958.',
    );
    expect(result.masked).toEqual({ card: 1 });
  });

  it('returns the request itself when the policy is off or nothing matches', () => {
    expect(maskChatPrompt(request, { maskPromptPii: false })).toEqual({
      request,
      masked: {},
      total: 0,
    });
    const clean: ChatCompletionRequest = {
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
    };
    expect(maskChatPrompt(clean, { maskPromptPii: true }).request).toBe(clean);
  });
});
