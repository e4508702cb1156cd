import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A provider that rejects every chat request with a 400 quoting the prompt back, as real
 * providers do in content-policy and validation errors: the error path most likely to
 * carry a user's PII into the gateway's logs.
 */
export async function startEchoingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      let prompt = body;
      try {
        const parsed = JSON.parse(body) as { messages?: { content?: unknown }[] };
        prompt = JSON.stringify(parsed.messages?.at(-1)?.content ?? body);
      } catch {
        // not JSON: echo it raw
      }
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            message: `Invalid prompt, it contains disallowed content: ${prompt}`,
            type: 'invalid_request_error',
            param: 'messages',
            code: 'content_policy_violation',
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
