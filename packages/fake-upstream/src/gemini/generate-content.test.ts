import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../model/tokenizer.ts';
import { parseSse, post, useFakeUpstream } from '../test-support/http-client.ts';

const upstream = useFakeUpstream();
const ajv = new Ajv({ strict: false });

const question = 'What is the capital of France?';
const base = '/v1beta/models/gemini-2.5-flash';
const request = (extra: Record<string, unknown> = {}) => ({
  contents: [{ role: 'user', parts: [{ text: question }] }],
  ...extra,
});
const sumSchema = {
  type: 'object',
  properties: { a: { type: 'integer' }, b: { type: 'integer' } },
  required: ['a', 'b'],
  additionalProperties: false,
};
const tools = [
  { functionDeclarations: [{ name: 'sum', description: 'adds', parametersJsonSchema: sumSchema }] },
];

async function generateContent(extra: Record<string, unknown> = {}) {
  const res = await post(upstream(), `${base}:generateContent`, request(extra));
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  return res.json;
}

async function streamChunks(extra: Record<string, unknown> = {}) {
  const res = await post(upstream(), `${base}:streamGenerateContent?alt=sse`, request(extra));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  // CRLF framing only: no bare \n anywhere outside JSON strings (which escape it).
  expect(res.text.replaceAll('\r\n', '')).not.toContain('\n');
  const events = parseSse(res.text, '\r\n');
  expect(events.every((e) => e.event === undefined)).toBe(true);
  expect(events.at(-1)?.data).not.toBe('[DONE]');
  return events.map((e) => JSON.parse(e.data));
}

describe('POST /v1beta/models/{model}:generateContent', () => {
  it('answers the shared model text with usageMetadata that adds up', async () => {
    const res = await generateContent({ systemInstruction: { parts: [{ text: 'Be brief.' }] } });
    const openAi = await post(upstream(), '/v1/chat/completions', {
      model: 'm',
      messages: [{ role: 'user', content: question }],
    });
    const candidate = res.candidates[0];
    expect(candidate).toMatchObject({ content: { role: 'model' }, finishReason: 'STOP', index: 0 });
    expect(candidate.content.parts).toEqual([{ text: openAi.json.choices[0].message.content }]);
    const usage = res.usageMetadata;
    expect(usage.promptTokenCount).toBe(countTokens('Be brief.') + countTokens(question));
    expect(usage.candidatesTokenCount).toBe(countTokens(candidate.content.parts[0].text));
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount + usage.candidatesTokenCount);
    expect(res.modelVersion).toBe('gemini-2.5-flash');
    expect(res.responseId).toMatch(/^[A-Za-z0-9]{23}$/);
  });

  it('honours maxOutputTokens, stopSequences and candidateCount', async () => {
    const cut = await generateContent({ generationConfig: { maxOutputTokens: 4 } });
    expect(cut.candidates[0].finishReason).toBe('MAX_TOKENS');
    expect(cut.usageMetadata.candidatesTokenCount).toBe(4);
    const full: string = (await generateContent()).candidates[0].content.parts[0].text;
    const stop = full.split(' ')[2] as string;
    const stopped = await generateContent({ generationConfig: { stopSequences: [stop] } });
    expect(stopped.candidates[0]).toMatchObject({
      finishReason: 'STOP',
      content: { parts: [{ text: full.slice(0, full.indexOf(stop)) }] },
    });
    const two = await generateContent({ generationConfig: { candidateCount: 2 } });
    expect(two.candidates.map((c: { index: number }) => c.index)).toEqual([0, 1]);
  });

  it('calls a function whole when functionCallingConfig is ANY, with args valid for its schema', async () => {
    for (const toolConfig of [
      { functionCallingConfig: { mode: 'ANY' } },
      { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['sum'] } },
    ]) {
      const res = await generateContent({ tools, toolConfig });
      const candidate = res.candidates[0];
      expect(candidate).toMatchObject({
        finishReason: 'STOP',
        finishMessage: 'Model generated function call(s).',
      });
      const call = candidate.content.parts[0].functionCall;
      expect(call.name).toBe('sum');
      expect(ajv.validate(sumSchema, call.args)).toBe(true);
    }
    const none = await generateContent({
      tools,
      toolConfig: { functionCallingConfig: { mode: 'NONE' } },
      contents: [{ role: 'user', parts: [{ text: 'sum please' }] }],
    });
    expect(none.candidates[0].content.parts[0].text).toEqual(expect.any(String));
    const cut = await generateContent({
      tools,
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
      generationConfig: { maxOutputTokens: 2 },
    });
    expect(cut.candidates[0]).toMatchObject({ finishReason: 'MAX_TOKENS', content: { parts: [] } });
  });

  it('reads function calls and responses as prompt text, and skips thought parts', async () => {
    const res = await generateContent({
      tools,
      contents: [
        { role: 'user', parts: [{ text: 'sum 1 and 2' }] },
        {
          role: 'model',
          parts: [
            { text: 'hmm', thought: true },
            { functionCall: { name: 'sum', args: { a: 1, b: 2 } } },
          ],
        },
        { role: 'user', parts: [{ functionResponse: { name: 'sum', response: { sum: 3 } } }] },
      ],
    });
    // Ends with a function response: AUTO answers in text even though the prompt names `sum`.
    expect(res.candidates[0].content.parts[0].text).toEqual(expect.any(String));
    const tokens =
      countTokens('sum 1 and 2') +
      countTokens('sum{"a":1,"b":2}') +
      countTokens('{"sum":3}') +
      countTokens('sum') +
      countTokens('adds') +
      countTokens(JSON.stringify(sumSchema));
    expect(res.usageMetadata.promptTokenCount).toBe(tokens);
  });

  it('writes JSON for responseMimeType and schema-valid JSON for responseSchema', async () => {
    const object = await generateContent({
      generationConfig: { responseMimeType: 'application/json' },
    });
    expect(JSON.parse(object.candidates[0].content.parts[0].text)).toEqual({
      answer: expect.any(String),
    });
    const schema = {
      type: 'OBJECT',
      properties: { a: { type: 'INTEGER' }, b: { type: 'INTEGER' } },
      required: ['a', 'b'],
    };
    const structured = await generateContent({
      generationConfig: { responseMimeType: 'application/json', responseSchema: schema },
    });
    expect(
      ajv.validate(sumSchema, JSON.parse(structured.candidates[0].content.parts[0].text)),
    ).toBe(true);
  });

  it('refuses bad requests with Google error bodies', async () => {
    for (const body of [
      {},
      { contents: 'x' },
      request({ generationConfig: { candidateCount: 9 } }),
      request({ tools: [{ functionDeclarations: [{}] }] }),
      request({
        tools,
        toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['nope'] } },
      }),
      [1],
      request({ contents: [3] }),
      '{',
    ]) {
      const res = await post(upstream(), `${base}:generateContent`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toMatchObject({
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: expect.any(String),
      });
    }
    const unknown = await post(upstream(), `${base}:countTokens`, request());
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
  });
});

describe('POST /v1beta/models/{model}:streamGenerateContent', () => {
  it('streams one chunk per token with cumulative usageMetadata on every chunk and finishReason last', async () => {
    const whole = await generateContent();
    const chunks = await streamChunks();
    expect(chunks).toHaveLength(whole.usageMetadata.candidatesTokenCount);
    chunks.forEach((chunk, i) => {
      expect(chunk.usageMetadata).toMatchObject({
        promptTokenCount: whole.usageMetadata.promptTokenCount,
        candidatesTokenCount: i + 1,
      });
      expect(chunk.usageMetadata.totalTokenCount).toBe(
        chunk.usageMetadata.promptTokenCount + i + 1,
      );
      expect('finishReason' in chunk.candidates[0]).toBe(i === chunks.length - 1);
    });
    expect(chunks.map((c) => c.candidates[0].content.parts[0].text).join('')).toBe(
      whole.candidates[0].content.parts[0].text,
    );
    expect(chunks.at(-1).candidates[0].finishReason).toBe('STOP');
  });

  it('sends a function call whole in one chunk, and an emptied answer as one finishing chunk', async () => {
    const calls = await streamChunks({
      tools,
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    });
    expect(calls).toHaveLength(1);
    expect(ajv.validate(sumSchema, calls[0].candidates[0].content.parts[0].functionCall.args)).toBe(
      true,
    );
    const full: string = (await generateContent()).candidates[0].content.parts[0].text;
    const empty = await streamChunks({ generationConfig: { stopSequences: [full.slice(0, 2)] } });
    expect(empty).toHaveLength(1);
    expect(empty[0].candidates[0]).toMatchObject({
      content: { parts: [{ text: '' }] },
      finishReason: 'STOP',
    });
  });

  it('answers one JSON array of the same chunks without alt=sse', async () => {
    const res = await post(
      upstream(),
      `${base}:streamGenerateContent`,
      request({ generationConfig: { maxOutputTokens: 3 } }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(3);
    expect(res.json[2].candidates[0].finishReason).toBe('MAX_TOKENS');
  });
});
