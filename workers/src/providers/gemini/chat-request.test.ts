import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest, ChatMessage, Tool } from '@alfred/contracts';
import { GatewayError } from '@alfred/contracts';
import { fixtureJson, responseContext, targetFor, withModel } from '../test-support/fixtures.ts';
import type { ChatRequestBody } from '../test-support/fixtures.ts';
import { geminiConnector } from './index.ts';

const chat = geminiConnector.chat;
const target = targetFor('gemini', 'gemini-2.5-flash');
const body = (request: ChatRequestBody) =>
  JSON.parse(chat.buildRequest(withModel(request), target).body);

interface GeminiFixture {
  systemInstruction?: { role?: string; parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: Array<Record<string, unknown>> }>;
}

/**
 * The recorded requests were sent by Google's ADK, which also sets a role on the system
 * instruction and a `responseJsonSchema` per function: neither exists in an OpenAI request.
 */
function recordedRequest(name: string): GeminiFixture & Record<string, unknown> {
  const request = fixtureJson<GeminiFixture & Record<string, unknown>>(
    `gemini/${name}.request.json`,
  );
  delete request.systemInstruction?.role;
  for (const declaration of request.tools?.[0]?.functionDeclarations ?? [])
    delete declaration.responseJsonSchema;
  return request;
}

function sumTool(): Tool {
  const declaration = recordedRequest('function-call').tools![0]!.functionDeclarations[0]!;
  return {
    type: 'function',
    function: {
      name: 'sum',
      description: declaration.description as string,
      parameters: declaration.parametersJsonSchema as Record<string, unknown>,
    },
  };
}

const systemText = (name: string) => recordedRequest(name).systemInstruction!.parts[0]!.text;

describe('Gemini request', () => {
  it('posts generateContent with x-goog-api-key, never ?key=', () => {
    const http = chat.buildRequest(
      {
        model: 'alias',
        messages: [{ role: 'user', content: 'What is the capital of France? One word.' }],
        temperature: 0,
      },
      target,
    );
    expect(http.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(http.headers['x-goog-api-key']).toBe('sk-test-key');
    expect(JSON.parse(http.body)).toEqual(recordedRequest('generate-content'));
  });

  it('streams through streamGenerateContent?alt=sse with the system message as systemInstruction', () => {
    const http = chat.buildRequest(
      {
        model: 'alias',
        stream: true,
        messages: [
          { role: 'system', content: systemText('stream-generate-content') },
          { role: 'user', content: 'Tell me about the current weather' },
        ],
      },
      target,
    );
    expect(http.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(JSON.parse(http.body)).toEqual(recordedRequest('stream-generate-content'));
  });

  it('declares tools with their full JSON schema', () => {
    const sent = body({
      messages: [
        { role: 'system', content: systemText('function-call') },
        { role: 'user', content: 'what is the sum of 1 + 2?' },
      ],
      tools: [sumTool()],
    });
    expect(sent).toEqual(recordedRequest('function-call'));
  });

  it("sends the model's function call back with its thought signature and the result as functionResponse", () => {
    const answer = chat.parseResponse(
      fixtureJson('gemini/function-call.response.json'),
      responseContext,
    );
    const messages: ChatMessage[] = [
      { role: 'system', content: systemText('function-response') },
      { role: 'user', content: 'what is the sum of 1 + 2?' },
      {
        role: 'assistant',
        content: answer.choices[0]!.message.content,
        tool_calls: answer.choices[0]!.message.tool_calls!,
      },
      {
        role: 'tool',
        tool_call_id: answer.choices[0]!.message.tool_calls![0]!.id,
        content: '{"sum": 3}',
      },
    ];
    expect(body({ messages, tools: [sumTool()] })).toEqual(recordedRequest('function-response'));
  });

  it('maps sampling, output format and tool choice', () => {
    const sent = body({
      messages: [{ role: 'user', content: 'x' }],
      temperature: 0.5,
      top_p: 0.9,
      max_tokens: 100,
      stop: ['END'],
      n: 2,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      seed: 7,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'o', schema: { type: 'object' } },
      },
      tools: [sumTool()],
      tool_choice: { type: 'function', function: { name: 'sum' } },
    });
    expect(sent.generationConfig).toEqual({
      temperature: 0.5,
      topP: 0.9,
      maxOutputTokens: 100,
      stopSequences: ['END'],
      candidateCount: 2,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      seed: 7,
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object' },
    });
    expect(sent.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['sum'] },
    });
    const choice = (tool_choice: ChatCompletionRequest['tool_choice']) =>
      body({ messages: [{ role: 'user', content: 'x' }], tools: [sumTool()], tool_choice })
        .toolConfig;
    expect(choice('auto')).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(choice('none')).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(choice('required')).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(
      body({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' } })
        .generationConfig,
    ).toEqual({
      responseMimeType: 'application/json',
    });
  });

  it('translates images, audio and inline files into parts', () => {
    const sent = body({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBO' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.webp?size=2' } },
            { type: 'image_url', image_url: { url: 'https://example.com/photo' } },
            { type: 'input_audio', input_audio: { data: 'UklG', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE' } },
          ],
        },
      ],
    });
    expect(sent.contents[0].parts).toEqual([
      { text: 'Describe' },
      { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=2' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/photo' } },
      { inlineData: { mimeType: 'audio/wav', data: 'UklG' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBE' } },
    ]);
    expect(() =>
      body({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'f' } }] }] }),
    ).toThrow(GatewayError);
  });

  it('merges parallel function results into one user turn, wrapping non-object results', () => {
    const sent = body({
      messages: [
        { role: 'user', content: 'Add' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_0',
              type: 'function',
              function: { name: 'sum', arguments: '{"a":2,"b":3}' },
            },
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'sum', arguments: '{"a":4,"b":5}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_0', content: '5' },
        { role: 'tool', tool_call_id: 'call_1', content: 'nine' },
        { role: 'function', name: 'legacy', content: '{"ok":true}' },
      ],
    });
    expect(sent.contents).toEqual([
      { role: 'user', parts: [{ text: 'Add' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'sum', args: { a: 2, b: 3 } } },
          { functionCall: { name: 'sum', args: { a: 4, b: 5 } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'sum', response: { output: 5 } } },
          { functionResponse: { name: 'sum', response: { output: 'nine' } } },
          { functionResponse: { name: 'legacy', response: { ok: true } } },
        ],
      },
    ]);
  });
});
