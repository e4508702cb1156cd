import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/**
 * The Lua scripts beside this file, BullMQ's way: one file per atomic operation, named
 * `<command>-<key count>.lua` when the key count is fixed (ioredis then adds it) and
 * `<command>.lua` when the caller decides it (the call passes it first). `--- @include
 * "name"` lines pull in `includes/name.lua`, each at most once per script.
 */
export type SpendCommandName =
  'admit' | 'settle' | 'expireReservations' | 'seed' | 'refreshWallet' | 'updateBudgetLimit';

export type ScriptArgument = string | number;
export type RunSpendCommand = (
  name: SpendCommandName,
  keys: readonly string[],
  args: readonly ScriptArgument[],
) => Promise<unknown>;

interface SpendScript {
  name: SpendCommandName;
  numberOfKeys: number | undefined;
  lua: string;
}

const commandsDirectory = new URL('./', import.meta.url);
const includeLine = /^--- @include "([\w-]+)"$/gm;

function readWithIncludes(file: string, included: Set<string>): string {
  const source = readFileSync(new URL(file, commandsDirectory), 'utf8');
  return source.replace(includeLine, (_line, name: string) => {
    if (included.has(name)) return '';
    included.add(name);
    return readWithIncludes(`includes/${name}.lua`, included);
  });
}

function camelCase(kebab: string): string {
  return kebab.replace(/-(\w)/g, (_match, letter: string) => letter.toUpperCase());
}

function loadScripts(): Map<SpendCommandName, SpendScript> {
  const scripts = new Map<SpendCommandName, SpendScript>();
  for (const file of readdirSync(commandsDirectory).filter((f) => f.endsWith('.lua'))) {
    const [, base = '', keys] = /^(.+?)(?:-(\d+))?\.lua$/.exec(file) ?? [];
    const name = camelCase(base) as SpendCommandName;
    const numberOfKeys = keys === undefined ? undefined : Number(keys);
    scripts.set(name, { name, numberOfKeys, lua: readWithIncludes(file, new Set()) });
  }
  return scripts;
}

const scripts = loadScripts();

/** ioredis command names are per connection and shared with other users of it. */
const commandName = (name: SpendCommandName) => `alfredSpend_${name}`;

/**
 * Defines every script on the connection (ioredis sends EVALSHA, falling back to EVAL once
 * per connection) and returns a function that calls one by name.
 */
export function defineSpendCommands(redis: Redis): RunSpendCommand {
  for (const script of scripts.values()) {
    redis.defineCommand(commandName(script.name), {
      lua: script.lua,
      numberOfKeys: script.numberOfKeys,
    });
  }
  const commands = redis as unknown as Record<
    string,
    (...args: ScriptArgument[]) => Promise<unknown>
  >;
  return (name, keys, args) => {
    const script = scripts.get(name);
    const command = commands[commandName(name)];
    if (!script || !command) throw new TypeError(`no spend-control script named ${name}`);
    if (script.numberOfKeys === undefined) {
      return command.call(redis, keys.length, ...keys, ...args);
    }
    if (keys.length !== script.numberOfKeys) {
      throw new TypeError(`${name} takes ${script.numberOfKeys} keys, not ${keys.length}`);
    }
    return command.call(redis, ...keys, ...args);
  };
}
