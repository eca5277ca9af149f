import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const PURE = [
  'src/judge/**/*.ts',
  'src/engine/**/*.ts',
  'src/manifests/**/*.ts',
  'src/rules/**/*.ts',
  'src/diff/**/*.ts',
  'src/repo-checks/**/*.ts',
  'src/model/**/*.ts',
  'src/policy/**/*.ts',
  'src/render/plan/**/*.ts',
  'src/redaction/**/*.ts',
  'src/approvals/**/*.ts',
];
const NO_IO = {
  group: ['node:fs', 'fs', 'node:fs/*', 'fs/*', 'node:child_process', 'child_process'],
  message: 'The judgement is pure: no file system or processes.',
};
const NO_ADAPTERS = {
  group: [
    'probot',
    '@octokit/*',
    '**/github/**',
    '**/app/**',
    '**/cli/**',
    '**/review/**',
    '**/report/!(safe-text).js',
  ],
  message:
    'The judgement is pure: no GitHub, no adapters, no publishers (report/safe-text.ts, pure escaping, is shared).',
};

/** Globs come from configuration and pull requests: src/model/glob.ts matches them without backtracking. */
const LINEAR_GLOBS = {
  group: ['minimatch'],
  message: 'Match globs with globMatch (src/model/glob.ts), which cannot backtrack.',
};

export default tseslint.config(
  { ignores: ['dist/**', '.test-dist*/**', 'node_modules/**', 'coverage/**', 'examples/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // No import cycles: dependencies point one way (docs/architecture.md).
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Tests mock GitHub's loosely typed payloads.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The judgement and what it is made of are pure: plain data in, findings out.
    files: PURE,
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_IO, NO_ADAPTERS, LINEAR_GLOBS] }] },
  },
  {
    // Configuration and adapters match the same globs.
    files: ['src/config/**/*.ts', 'src/cli/**/*.ts', 'src/app/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [LINEAR_GLOBS] }] },
  },
  {
    // Publishers render a Judgement; they know GitHub's wire format but not the pipeline that runs them.
    files: ['src/report/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_IO,
            {
              group: [
                'probot',
                '@octokit/*',
                '**/app/**',
                '**/cli/**',
                '**/review/**',
                '**/github/!(wire-format).js',
              ],
              message:
                'Publishers import only the wire format of the GitHub adapter (github/wire-format.ts), never the pipeline.',
            },
          ],
        },
      ],
    },
  },
  {
    // The GitHub adapter gathers and sends; it renders nothing.
    files: ['src/github/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/report/**', '**/review/**', '**/app/**', '**/cli/**'],
              message: 'The GitHub adapter does not import publishers or other adapters.',
            },
          ],
        },
      ],
    },
  },
);
