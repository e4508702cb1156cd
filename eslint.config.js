// @ts-check
import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { bashSyntax, yamlSyntax } from './scripts/lint/file-checks.js';

/*
 * Module boundaries, Nx style. Every workspace project has a tag; a project may import only
 * projects whose tags its own tag allows. Nx itself is not installed: the same rules are
 * enforced here with ESLint's built-in `no-restricted-imports`, both for package imports
 * (`@alfred/workers`) and for relative paths that climb out of the project
 * (`../../workers/src/...`). When Nx arrives, the tags below move to each project's
 * package.json ("nx": { "tags": [...] }) and this table becomes @nx/enforce-module-boundaries'
 * depConstraints.
 */
const allowedTags = {
  // The wire formats everybody shares: they depend on nothing of ours.
  'scope:contracts': [],
  // Small named libraries (config, database, telemetry, ...).
  'scope:package': ['scope:contracts', 'scope:package'],
  // One running process each; never another service's internals.
  'scope:service': ['scope:contracts', 'scope:package'],
  // Cross-service tests and the benchmark may reach everything.
  'scope:tests': ['scope:contracts', 'scope:package', 'scope:service', 'scope:tests'],
};

/** @typedef {{ root: string, name: string, tag: keyof typeof allowedTags }} Project */

/** @type {Project[]} */
const projects = [
  { root: 'contracts', name: '@alfred/contracts', tag: 'scope:contracts' },
  ...packageProjects(),
  { root: 'ingress', name: '@alfred/ingress', tag: 'scope:service' },
  { root: 'workers', name: '@alfred/workers', tag: 'scope:service' },
  { root: 'ledger', name: '@alfred/ledger', tag: 'scope:service' },
  { root: 'admin-api', name: '@alfred/admin-api', tag: 'scope:service' },
  { root: 'tests', name: '@alfred/tests', tag: 'scope:tests' },
  { root: 'bench', name: '@alfred/bench', tag: 'scope:tests' },
];

/** Every folder under packages/ with a package.json is a shared package. */
function packageProjects() {
  const dir = new URL('./packages/', import.meta.url);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      try {
        const manifest = JSON.parse(
          readFileSync(new URL(`${entry.name}/package.json`, dir), 'utf8'),
        );
        return [{ root: `packages/${entry.name}`, name: manifest.name, tag: 'scope:package' }];
      } catch {
        return []; // a folder still being created
      }
    });
}

/** Deepest folder nesting below a project root that gets its own relative-path rule. */
const maxDepth = 12;

/**
 * One config block per project and folder depth: a file `depth` folders below the project root
 * leaves the project with `depth + 1` leading `../`. (A later block's rule options replace an
 * earlier block's, so each block carries the project's whole list.)
 * @param {Project} project
 */
function boundaryBlocks(project) {
  const allowed = allowedTags[project.tag];
  const reachesEverything = Object.keys(allowedTags).every((tag) => allowed.includes(tag));
  if (reachesEverything) return [];
  const forbidden = projects.filter((p) => p !== project && !allowed.includes(p.tag));
  const packagePatterns = forbidden.length
    ? [
        {
          group: forbidden.flatMap((p) => [p.name, `${p.name}/*`]),
          message: allowed.length
            ? `${project.root} is ${project.tag}; it may import only ${allowed.join(', ')}.`
            : `${project.root} is ${project.tag}; it imports no other Alfred project.`,
        },
      ]
    : [];
  return Array.from({ length: maxDepth + 1 }, (_, depth) => ({
    name: `alfred/boundaries/${project.root}/depth-${depth}`,
    files: [`${project.root}/${'*/'.repeat(depth)}*.{ts,js,mts,mjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...packagePatterns,
            {
              regex: `^(\\./)?(\\.\\./){${depth + 1},}`,
              message: `This path leaves ${project.root}/. Import another project by its package name (@alfred/...), and only if ${project.tag} may depend on it.`,
            },
          ],
        },
      ],
    },
  }));
}

export default defineConfig(
  {
    name: 'alfred/ignores',
    ignores: [
      '**/node_modules/',
      'coverage/',
      '.data/',
      '.nx/',
      '**/dist/',
      'bench/results/',
      'workers/fixtures/',
      // The Angular app brings its own lint setup with Angular's rules.
      'admin-ui/',
    ],
  },
  tseslint.configs.recommended,
  { name: 'alfred/yaml', files: ['**/*.{yml,yaml}'], processor: yamlSyntax },
  { name: 'alfred/bash', files: ['.ci/run', '**/*.sh'], processor: bashSyntax },
  {
    name: 'alfred/typescript',
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  projects.flatMap(boundaryBlocks),
);
