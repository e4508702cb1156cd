import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { endpointOf, isLocal } from './endpoint.ts';
import { findExecutable, findPostgresBinaries } from './executables.ts';
import { readyLine } from './ready-line.ts';
import { serviceEnvironment, servicesToStart } from './services.ts';
import { readSettings } from './settings.ts';
import { findSystemUser } from './system-user.ts';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alfred-start-'));
  tempDirs.push(dir);
  return dir;
}

function executable(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
}

describe('settings', () => {
  it('defaults to the standard local ports and the demo config', () => {
    const settings = readSettings({}, '/repo');
    expect(settings).toMatchObject({
      natsUrl: 'nats://127.0.0.1:4222',
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      ingressPort: 8080,
      adminApiPort: 8081,
      fakeUpstreamPort: 8090,
      configFile: '/repo/infra/config/gateway.yaml',
      dataDir: '/repo/.data',
    });
  });

  it('takes ports from the environment and refuses a port that is not one', () => {
    expect(readSettings({ INGRESS_PORT: '9000' }, '/repo').ingressPort).toBe(9000);
    expect(() => readSettings({ FAKE_UPSTREAM_PORT: 'eighty' }, '/repo')).toThrow(
      'FAKE_UPSTREAM_PORT=eighty is not a port number',
    );
  });

  it('tells every service the same servers, config and ports', () => {
    const env = serviceEnvironment(readSettings({ FAKE_UPSTREAM_PORT: '9100' }, '/repo'), {
      PATH: '/bin',
    });
    expect(env).toEqual({
      PATH: '/bin',
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      ALFRED_CONFIG: '/repo/infra/config/gateway.yaml',
      INGRESS_PORT: '8080',
      ADMIN_API_PORT: '8081',
      FAKE_UPSTREAM_PORT: '9100',
      WORKER_METRICS_PORT: '9465',
    });
  });
});

describe('endpoints', () => {
  it('reads host and port from a server URL, with the default port', () => {
    expect(endpointOf('nats://127.0.0.1:14222', 4222)).toEqual({ host: '127.0.0.1', port: 14222 });
    expect(endpointOf('redis://localhost', 6379)).toEqual({ host: 'localhost', port: 6379 });
    expect(endpointOf('postgres://u:p@[::1]:5433/db', 5432)).toEqual({ host: '::1', port: 5433 });
  });

  it('starts servers only for this machine', () => {
    expect(isLocal(endpointOf('nats://127.0.0.1:4222', 4222))).toBe(true);
    expect(isLocal(endpointOf('nats://nats.internal:4222', 4222))).toBe(false);
  });
});

describe('finding server binaries', () => {
  it('finds a binary in PATH before the system folders', () => {
    const dir = tempDir();
    executable(join(dir, 'nats-server'));
    expect(findExecutable('nats-server', dir, [])).toBe(join(dir, 'nats-server'));
    expect(findExecutable('nats-server', '', [])).toBeUndefined();
  });

  it("takes initdb and postgres from the newest Debian version's folder", () => {
    const root = tempDir();
    for (const version of ['9.6', '13', '15']) {
      executable(join(root, version, 'bin', 'initdb'));
      executable(join(root, version, 'bin', 'postgres'));
    }
    executable(join(root, '16', 'bin', 'initdb')); // half an installation
    expect(findPostgresBinaries('', root)).toEqual({
      initdb: join(root, '15', 'bin', 'initdb'),
      postgres: join(root, '15', 'bin', 'postgres'),
    });
    expect(findPostgresBinaries('', join(root, 'nothing'))).toBeUndefined();
  });

  it('looks the postgres user up in /etc/passwd', () => {
    const passwd = join(tempDir(), 'passwd');
    writeFileSync(
      passwd,
      'root:x:0:0::/root:/bin/bash\npostgres:x:101:104::/var/lib/postgresql:/bin/bash\n',
    );
    expect(findSystemUser('postgres', passwd)).toEqual({ name: 'postgres', uid: 101, gid: 104 });
    expect(findSystemUser('nobody-here', passwd)).toBeUndefined();
  });
});

describe('the services to start', () => {
  function repoWith(entries: string[]): string {
    const root = tempDir();
    for (const entry of entries) executable(join(root, entry));
    return root;
  }
  const required = [
    'packages/fake-upstream/src/main.ts',
    'workers/src/main.ts',
    'ingress/src/main.ts',
    'ledger/src/main.ts',
  ];

  it('skips admin-api with a notice while it does not exist', () => {
    const notices: string[] = [];
    const specs = servicesToStart(readSettings({}, repoWith(required)), (m) => notices.push(m));
    expect(specs.map((s) => s.name)).toEqual(['fake-upstream', 'workers', 'ingress', 'ledger']);
    expect(notices).toEqual(['admin-api/src/main.ts does not exist yet: admin-api is not started']);
  });

  it('refuses to start without a required service, before starting anything', () => {
    const root = repoWith(['ingress/src/main.ts']);
    expect(() => servicesToStart(readSettings({}, root), () => {})).toThrow(
      'cannot start fake-upstream, workers, ledger: packages/fake-upstream/src/main.ts, workers/src/main.ts, ledger/src/main.ts not found',
    );
  });
});

describe('the ready line', () => {
  it('is one line with the key and a curl command whose body is valid JSON', () => {
    const line = readyLine('http://127.0.0.1:8080', 'sk-alfred-demo');
    expect(line).not.toContain('\n');
    expect(line).toMatch(
      /^Alfred is ready on http:\/\/127\.0\.0\.1:8080 — demo key sk-alfred-demo /,
    );
    expect(line).toContain('-H "Authorization: Bearer sk-alfred-demo"');
    const body = /-d '([^']+)'/.exec(line)?.[1] ?? '';
    expect(JSON.parse(body)).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
    });
  });
});
