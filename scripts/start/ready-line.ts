/** The one line `npm start` prints when Alfred answers: where, which key, and a request to try. */
export function readyLine(baseUrl: string, apiKey: string): string {
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hello' }],
  });
  const curl =
    `curl ${baseUrl}/v1/chat/completions -H "Authorization: Bearer ${apiKey}" ` +
    `-H "Content-Type: application/json" -d '${body}'`;
  return `Alfred is ready on ${baseUrl} — demo key ${apiKey}  Try: ${curl}`;
}
