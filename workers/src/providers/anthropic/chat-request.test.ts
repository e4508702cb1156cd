import { describe, expect, it } from 'vitest';
import { GatewayError } from '@alfred/contracts';
import { fixtureJson, targetFor, withModel } from '../test-support/fixtures.ts';
import type { ChatRequestBody } from '../test-support/fixtures.ts';
import { anthropicConnector } from './index.ts';

const chat = anthropicConnector.chat;
const body = (request: ChatRequestBody, model = 'claude-haiku-4-5') =>
  JSON.parse(chat.buildRequest(withModel(request), targetFor('anthropic', model)).body);

describe('Anthropic request', () => {
  it('posts to /messages with x-api-key and anthropic-version', () => {
    const http = chat.buildRequest(
      { model: 'alias', messages: [{ role: 'user', content: 'Hello, world' }], max_tokens: 1024 },
      targetFor('anthropic', 'claude-sonnet-4-20250514'),
    );
    expect(http.url).toBe('https://api.anthropic.com/v1/messages');
    expect(http.headers).toMatchObject({
      'x-api-key': 'sk-test-key',
      'anthropic-version': '2023-06-01',
    });
    expect(http.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(http.body)).toEqual(fixtureJson('anthropic/messages.request.json'));
  });

  it('lets configured headers add betas or override the version, but never the key', () => {
    const target = targetFor('anthropic', 'm', {
      headers: {
        'anthropic-beta': 'x-2025',
        'anthropic-version': '2099-01-01',
        'x-api-key': 'nope',
      },
    });
    const http = chat.buildRequest(
      { model: 'a', messages: [{ role: 'user', content: 'hi' }] },
      target,
    );
    expect(http.headers).toMatchObject({
      'anthropic-beta': 'x-2025',
      'anthropic-version': '2099-01-01',
      'x-api-key': 'sk-test-key',
    });
  });

  it('builds the streaming request, without stream_options', () => {
    const request = {
      messages: [{ role: 'user' as const, content: 'Hello' }],
      max_tokens: 256,
      stream: true,
      stream_options: { include_usage: true },
    };
    expect(body(request, 'claude-opus-4-1-20250805')).toEqual(
      fixtureJson('anthropic/messages-stream.request.json'),
    );
  });

  it('defaults max_tokens, which Anthropic requires, and prefers max_completion_tokens', () => {
    expect(body({ messages: [{ role: 'user', content: 'hi' }] }).max_tokens).toBe(4096);
    expect(
      body({
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 10,
        max_completion_tokens: 20,
      }).max_tokens,
    ).toBe(20);
  });

  it('hoists system text parts, with cache_control, into the system blocks', () => {
    const expected = fixtureJson<{ system: Array<{ text: string; cache_control?: unknown }> }>(
      'anthropic/prompt-caching.request.json',
    );
    const [intro, book] = expected.system;
    const request: ChatRequestBody = {
      max_tokens: 1024,
      messages: [
        {
          role: 'system',
          content: [
            { type: 'text', text: intro!.text },
            { type: 'text', text: book!.text, cache_control: { type: 'ephemeral' } },
          ],
        },
        { role: 'user', content: 'Analyze the major themes in Pride and Prejudice.' },
      ],
    };
    expect(body(request, 'claude-sonnet-4-5')).toEqual(expected);
  });

  it('joins several system and developer messages and maps sampling fields', () => {
    const sent = body({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: 'hi' },
      ],
      stop: 'END',
      temperature: 0.2,
      top_p: 0.9,
      user: 'user-42',
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'out', schema: { type: 'object' } },
      },
    });
    expect(sent).toMatchObject({
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Answer in French.' },
      ],
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      metadata: { user_id: 'user-42' },
      output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
    });
    expect(sent.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('translates images and PDFs', () => {
    const sent = body({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            {
              type: 'file',
              file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
            },
          ],
        },
      ],
    });
    expect(sent.messages[0].content).toEqual([
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
      },
    ]);
  });

  it('rejects what Anthropic cannot do with a 400 before calling it', () => {
    const audio = { type: 'input_audio' as const, input_audio: { data: 'AAAA', format: 'wav' } };
    for (const request of [
      { messages: [{ role: 'user' as const, content: 'x' }], n: 2 },
      { messages: [{ role: 'user' as const, content: [audio] }] },
      {
        messages: [
          {
            role: 'user' as const,
            content: [{ type: 'image_url' as const, image_url: { url: 'ftp://x/y.png' } }],
          },
        ],
      },
      {
        messages: [
          {
            role: 'user' as const,
            content: [{ type: 'file' as const, file: { file_id: 'file-1' } }],
          },
        ],
      },
    ]) {
      expect(() => body(request)).toThrow(GatewayError);
    }
  });
});
