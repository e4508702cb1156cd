import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a real service, to make that service unreachable for
 * a while without stopping it for every other test: `cut()` drops every connection and
 * refuses new ones, `restore()` lets them through again.
 */
export interface TcpFaultProxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpFaultProxy(
  targetHost: string,
  targetPort: number,
): Promise<TcpFaultProxy> {
  const open = new Set<Socket>();
  let reachable = true;
  const server = createServer((client) => {
    if (!reachable) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    open.add(client).add(upstream);
    const forget = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = () => {
    reachable = false;
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut,
    restore() {
      reachable = true;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
