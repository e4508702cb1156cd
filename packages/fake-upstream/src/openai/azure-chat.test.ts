import { describe, expect, it } from 'vitest';
import { post, useFakeUpstream } from '../test-support/http-client.ts';
import { completion, completionChunks, question } from '../test-support/openai-chat-client.ts';

const upstream = useFakeUpstream();

describe('POST /openai/deployments/{deployment}/chat/completions (Azure)', () => {
  const azurePath = '/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21';

  it('answers a body without model, naming the deployment, like /v1', async () => {
    const res = await post(upstream(), azurePath, { messages: [question] });
    expect(res.status).toBe(200);
    expect(upstream().stats.lastRequest).toMatchObject({ route: 'azure.chat', url: azurePath });
    expect(res.json.model).toBe('my-gpt');
    expect(res.json.choices[0].message.content).toBe(
      (await completion(upstream())).choices[0]?.message.content,
    );
  });

  it('opens its streams with the empty-id prompt filter chunk', async () => {
    const stream = await completionChunks(upstream(), {}, azurePath);
    expect(stream[0]).toMatchObject({
      id: '',
      object: '',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0 }],
    });
    expect(stream[1]?.object).toBe('chat.completion.chunk');
  });
});
