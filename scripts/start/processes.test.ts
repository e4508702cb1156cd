import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startProcess, type ManagedProcess } from './managed-process.ts';
import { ProcessStack } from './process-stack.ts';
import { StartError } from './start-error.ts';
import { waitFor } from './wait-for.ts';

const started: ManagedProcess[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL', 1_000)));
});

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alfred-start-'));
  tempDirs.push(dir);
  return dir;
}

/** A Node child running `script`, its output in `<dir>/<name>.log`. */
function node(name: string, script: string, dir = tempDir()) {
  const child = startProcess({
    name,
    command: process.execPath,
    args: ['-e', script],
    cwd: dir,
    output: { logFile: join(dir, `${name}.log`) },
    tailLines: 3,
  });
  started.push(child);
  return child;
}

/** Prints `ready` once its SIGTERM handler is installed, so a test can signal it safely. */
const untilSignalled = (onTerm: string) =>
  `process.on('SIGTERM', () => { ${onTerm} }); console.log('ready'); setInterval(() => {}, 1000);`;

async function printed(p: ManagedProcess, line: string): Promise<void> {
  await waitFor(async () => p.lastLines().includes(line), {
    what: `${p.name} to print ${line}`,
    timeoutMs: 5_000,
    intervalMs: 20,
    watched: [],
  });
}

describe('child processes', () => {
  it('passes output through line by line behind the prefix', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const child = startProcess({
      name: 'echo',
      command: process.execPath,
      args: [
        '-e',
        `process.stdout.write('{"msg":"one"}\\n{"msg":'); process.stdout.write('"two"}\\n')`,
      ],
      cwd: tmpdir(),
      output: { terminal: { prefix: 'echo | ' } },
    });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(written).toEqual(['echo | {"msg":"one"}\n', 'echo | {"msg":"two"}\n']);
  });

  it('keeps the last lines for error messages and writes all of them to its log file', async () => {
    const dir = tempDir();
    const child = node('counter', 'for (let i = 1; i <= 5; i++) console.log(`line ${i}`)', dir);
    await child.exited;
    expect(child.lastLines()).toEqual(['line 3', 'line 4', 'line 5']);
    expect(readFileSync(join(dir, 'counter.log'), 'utf8')).toBe(
      'line 1\nline 2\nline 3\nline 4\nline 5\n',
    );
  });

  it('reports a binary that cannot be started instead of hanging', async () => {
    const child = startProcess({
      name: 'missing',
      command: '/nonexistent/nats-server',
      args: [],
      cwd: tmpdir(),
      output: { terminal: { prefix: '' } },
    });
    const exit = await child.exited;
    expect(exit.error?.message).toMatch(/ENOENT/);
  });

  it('stops a process with SIGTERM and lets it finish cleanly', async () => {
    const child = node('drains', untilSignalled(`console.log('drained'); process.exit(0);`));
    await printed(child, 'ready');
    expect(await child.stop('SIGTERM', 5_000)).toEqual({ code: 0, signal: null });
    expect(child.lastLines()).toContain('drained');
  });

  it('kills a process that ignores SIGTERM once the timeout is over', async () => {
    const child = node('stubborn', untilSignalled(`console.log('ignoring');`));
    await printed(child, 'ready');
    const begun = Date.now();
    expect(await child.stop('SIGTERM', 300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - begun).toBeGreaterThanOrEqual(290);
  });
});

describe('stopping everything', () => {
  it('stops the newest stage first and waits for it before the next', async () => {
    const order: string[] = [];
    const server = node('server', untilSignalled(`process.exit(0);`));
    const service = node('service', untilSignalled(`setTimeout(() => process.exit(0), 200);`));
    await Promise.all([printed(server, 'ready'), printed(service, 'ready')]);
    for (const p of [server, service]) void p.exited.then(() => order.push(p.name));
    const stack = new ProcessStack(5_000, () => {});
    stack.push([server]);
    stack.push([service]);
    await stack.stopAll();
    expect(order).toEqual(['service', 'server']);
  });

  it('stops at once a process started after stopping began', async () => {
    const stack = new ProcessStack(5_000, () => {});
    await stack.stopAll();
    const late = node('late', untilSignalled(`process.exit(0);`));
    await printed(late, 'ready');
    stack.push([late]);
    expect((await late.exited).code).toBe(0);
  });
});

describe('waiting for readiness', () => {
  it('names the process that died, with its last lines', async () => {
    const child = node('ingress', `console.log('listening failed: EADDRINUSE'); process.exit(1);`);
    await child.exited;
    const failure = waitFor(async () => false, {
      what: 'ingress to answer /ready',
      timeoutMs: 5_000,
      watched: [child],
    });
    await expect(failure).rejects.toBeInstanceOf(StartError);
    await expect(failure).rejects.toThrow(
      /ingress exited with code 1 while waiting for ingress to answer \/ready[\s\S]*EADDRINUSE/,
    );
  });

  it('gives up after the timeout', async () => {
    await expect(
      waitFor(async () => false, { what: 'nothing', timeoutMs: 100, intervalMs: 20, watched: [] }),
    ).rejects.toThrow(/timed out after 100 ms waiting for nothing/);
  });
});
