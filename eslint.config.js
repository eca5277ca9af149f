import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '.test-dist*/**', 'node_modules/**', 'coverage/**', 'examples/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests mock GitHub's loosely typed payloads.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The policy engine, manifests and rules are pure: no I/O, no GitHub.
    files: ['src/judge/**/*.ts', 'src/engine/**/*.ts', 'src/manifests/**/*.ts', 'src/rules/**/*.ts', 'src/diff/**/*.ts', 'src/repo-checks/**/*.ts', 'src/model/**/*.ts', 'src/policy/**/*.ts', 'src/render/plan/**/*.ts', 'src/redaction/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:fs', 'fs', 'node:fs/*', 'fs/*', 'node:child_process', 'child_process'], message: 'The engine is pure: no file system or processes.' },
          { group: ['probot', '@octokit/*', '**/github/**', '**/app/**', '**/cli/**'], message: 'The engine is pure: no GitHub, no adapters.' },
        ],
      }],
    },
  },
);
