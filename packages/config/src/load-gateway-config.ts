import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { GatewayConfigSchema, type GatewayConfig } from '@alfred/contracts';
import { ConfigError } from './config-error.ts';
import { substituteEnv } from './env-substitution.ts';

export const defaultConfigPath = fileURLToPath(
  new URL('../../../infra/config/gateway.yaml', import.meta.url),
);

/** Prefix of environment variables that override one value: `ALFRED__models__0__pool=batch`. */
const overridePrefix = 'ALFRED__';

export function loadGatewayConfig(
  path: string = process.env.ALFRED_CONFIG ?? defaultConfigPath,
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot be read: ${(error as Error).message}`]);
  }
  return parseGatewayConfig(text, path, env);
}

/** Parses YAML (and so JSON), applies env substitution and overrides, validates. */
export function parseGatewayConfig(
  text: string,
  source: string,
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`),
    );
  }
  const problems: string[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes('${')) {
        node.value = substituteEnv(node.value, env, (name) =>
          problems.push(`${where(node.range, lineCounter)}environment variable ${name} is not set`),
        );
      }
    },
  });
  applyOverrides(doc, env);
  if (problems.length > 0) throw new ConfigError(source, problems);

  const result = GatewayConfigSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new ConfigError(
    source,
    result.error.issues.map((issue) => {
      const path = issue.path as (string | number)[];
      const node = nearestNode(doc, path);
      const dotted = path.length > 0 ? path.join('.') : '(top level)';
      return `${where(node?.range, lineCounter)}${dotted}: ${issue.message}`;
    }),
  );
}

function applyOverrides(doc: Document, env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(overridePrefix) || value === undefined) continue;
    const path = name
      .slice(overridePrefix.length)
      .split('__')
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    doc.setIn(path, parseDocument(value).toJS());
  }
}

interface Ranged {
  range?: [number, number, number] | null;
}

/** The deepest node that exists along `path`, so a missing key points at its parent. */
function nearestNode(doc: Document, path: (string | number)[]): Ranged | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isScalar(node) || isMap(node) || isSeq(node)) return node;
  }
  return undefined;
}

function where(range: Ranged['range'], lineCounter: LineCounter): string {
  if (!range) return '';
  return `line ${lineCounter.linePos(range[0]).line}: `;
}
