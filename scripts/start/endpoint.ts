import { StartError } from './start-error.ts';

/** Where a server listens, taken from its URL (`nats://127.0.0.1:4222`). */
export interface Endpoint {
  host: string;
  port: number;
}

export function endpointOf(url: string, defaultPort: number): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StartError(`'${url}' is not a URL`);
  }
  // URL keeps the brackets of an IPv6 address; sockets want the bare address.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return { host, port: parsed.port ? Number(parsed.port) : defaultPort };
}

/** Only a server on this machine can be started by `npm start`. */
export function isLocal(endpoint: Endpoint): boolean {
  return ['127.0.0.1', 'localhost', '::1', '0.0.0.0'].includes(endpoint.host);
}

export function describe(endpoint: Endpoint): string {
  return endpoint.host.includes(':')
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}
