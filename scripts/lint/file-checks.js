// @ts-check
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/*
 * ESLint processors for the files in .ci/ and infra/ that are not JavaScript: each checks that
 * its file parses, so `eslint .` fails on a broken CI script or compose file before CI does.
 * A processor reports by throwing ({ message, lineNumber, column }); a file that parses yields
 * no code blocks, so no JavaScript rule ever sees it.
 */

/** @param {string} message @param {number} [line] @param {number} [column] */
function syntaxError(message, line = 1, column = 1) {
  return Object.assign(new Error(message), { lineNumber: line, column });
}

/** @type {import('eslint').Linter.Processor} */
export const yamlSyntax = {
  meta: { name: 'alfred/yaml-syntax', version: '1.0.0' },
  preprocess(text) {
    for (const doc of parseAllDocuments(text)) {
      const [error] = 'errors' in doc ? doc.errors : [];
      if (error) {
        const [line, column] = error.linePos?.[0]
          ? [error.linePos[0].line, error.linePos[0].col]
          : [];
        throw syntaxError(
          `YAML: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
          line,
          column,
        );
      }
    }
    return [];
  },
  postprocess: (messageLists) => messageLists.flat(),
};

/** @type {import('eslint').Linter.Processor} */
export const bashSyntax = {
  meta: { name: 'alfred/bash-syntax', version: '1.0.0' },
  preprocess(text) {
    // `bash -n` reads and parses without running anything.
    const result = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
    if (result.error) return []; // no bash here: nothing to check with
    if (result.status !== 0) {
      const line = Number(/line (\d+):/.exec(result.stderr)?.[1] ?? 1);
      throw syntaxError(`bash: ${result.stderr.trim().replace(/^bash: /, '')}`, line);
    }
    return [];
  },
  postprocess: (messageLists) => messageLists.flat(),
};
