import { describe, expect, it } from '@jest/globals';
import { compilePattern, patternMatches } from '../../src/repo-checks/codeowners/pattern.js';
import { locateCodeowners, ownersOf, parseCodeowners } from '../../src/repo-checks/codeowners/parse.js';

const matches = (pattern: string, path: string) => patternMatches(compilePattern(pattern), path);

describe('CODEOWNERS patterns (GitHub semantics)', () => {
  // [pattern, path, expected]
  const table: [string, string, boolean][] = [
    // `*` matches everything
    ['*', 'README.md', true],
    ['*', 'a/b/c.yaml', true],
    // no slash: any depth
    ['*.js', 'index.js', true],
    ['*.js', 'src/deep/app.js', true],
    ['*.js', 'src/app.jsx', false],
    ['*.yaml', 'clusters/prod/app.yaml', true],
    // case-sensitive
    ['*.js', 'APP.JS', false],
    ['/Docs/', 'docs/a.md', false],
    ['/docs/', 'Docs/a.md', false],
    // `/build/logs/`: root build/logs and its subdirectories
    ['/build/logs/', 'build/logs/a.log', true],
    ['/build/logs/', 'build/logs/deep/a.log', true],
    ['/build/logs/', 'src/build/logs/a.log', false],
    ['/build/logs/', 'build/logs', false],
    // `docs/*`: direct children only
    ['docs/*', 'docs/getting-started.md', true],
    ['docs/*', 'docs/build-app/troubleshooting.md', false],
    ['docs/*', 'src/docs/x.md', false],
    // `apps/`: any apps directory anywhere, not a file named apps
    ['apps/', 'apps/a.yaml', true],
    ['apps/', 'x/y/apps/deep/a.yaml', true],
    ['apps/', 'apps', false],
    ['apps/', 'x/apps', false],
    ['apps/', 'myapps/a.yaml', false],
    // `/docs/`: root docs recursively
    ['/docs/', 'docs/a.md', true],
    ['/docs/', 'docs/build-app/troubleshooting.md', true],
    ['/docs/', 'src/docs/a.md', false],
    // `**/logs`: any logs directory
    ['**/logs', 'build/logs/a.log', true],
    ['**/logs', 'scripts/logs/a.log', true],
    ['**/logs', 'deeply/nested/logs/a.log', true],
    ['**/logs', 'logs/a.log', true],
    ['**/logs', 'logs', true],
    ['**/logs', 'catalogs/a.log', false],
    // inner slash anchors at the root and covers the subtree (`/apps/github`)
    ['/apps/github', 'apps/github', true],
    ['/apps/github', 'apps/github/deploy.yaml', true],
    ['/apps/github', 'apps/githubber/deploy.yaml', false],
    ['/apps/github', 'x/apps/github/deploy.yaml', false],
    ['apps/github', 'apps/github/deploy.yaml', true],
    ['apps/github', 'x/apps/github/deploy.yaml', false],
    ['clusters/prod', 'clusters/prod/app.yaml', true],
    ['clusters/prod', 'clusters/production/app.yaml', false],
    // no slash, no wildcard: a file or directory of that name at any depth
    ['logs', 'logs', true],
    ['logs', 'a/logs/b.txt', true],
    ['logs', 'a/logsx/b.txt', false],
    // `**` in the middle and at the end
    ['clusters/**/kustomization.yaml', 'clusters/kustomization.yaml', true],
    ['clusters/**/kustomization.yaml', 'clusters/a/b/kustomization.yaml', true],
    ['clusters/**/kustomization.yaml', 'apps/clusters/kustomization.yaml', false],
    ['clusters/prod/**', 'clusters/prod/a/b.yaml', true],
    ['clusters/prod/**', 'clusters/prodx/b.yaml', false],
    // `*` and `?` never cross a slash
    ['/clusters/*/secrets.yaml', 'clusters/prod/secrets.yaml', true],
    ['/clusters/*/secrets.yaml', 'clusters/prod/eu/secrets.yaml', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file/.txt', false],
    // regex metacharacters are literal
    ['a+b.(x)', 'a+b.(x)', true],
    ['a+b.(x)', 'aab.(x)', false],
    // dots are files like any other
    ['*', '.github/workflows/ci.yml', true],
    ['.github/', '.github/CODEOWNERS', true],
  ];
  it.each(table)('%s on %s -> %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });
});

// The example file of GitHub's "About code owners" page.
const GITHUB_EXAMPLE = `# This is a comment.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in
# the repo. Unless a later match takes precedence,
# @global-owner1 and @global-owner2 will be requested for
# review when someone opens a pull request.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most
# precedence. When someone opens a pull request that only
# modifies JS files, only @js-owner and not the global
# owner(s) will be requested for a review.
*.js    @js-owner #This is an inline comment.

# You can also use email addresses if you prefer. They'll be
# used to look up users just like we do for commit author
# emails.
*.go docs@example.com

# Teams can be specified as code owners as well. Teams should
# be identified in the format @org/team-name. Teams must have
# explicit write access to the repository. In this example,
# the octocats team in the octo-org organization owns all .txt files.
*.txt @octo-org/octocats

# In this example, @doctocat owns any files in the build/logs
# directory at the root of the repository and any of its
# subdirectories.
/build/logs/ @doctocat

# The \`docs/*\` pattern will match files like
# \`docs/getting-started.md\` but not further nested files like
# \`docs/build-app/troubleshooting.md\`.
docs/*  docs@example.com

# In this example, @octocat owns any file in an apps directory
# anywhere in your repository.
apps/ @octocat

# In this example, @doctocat owns any file in the \`/docs\`
# directory in the root of your repository and any of its
# subdirectories.
/docs/ @doctocat

# In this example, any change inside the \`/scripts\` directory
# will require approval from @doctocat or @octocat.
/scripts/ @doctocat @octocat

# In this example, @octocat owns any file in a \`/logs\` directory such as
# \`/build/logs\`, \`/scripts/logs\`, and \`/deeply/nested/logs\`. Any changes
# in a \`/logs\` directory will require approval from @octocat.
**/logs @octocat

# In this example, @octocat owns any file in the \`/apps\`
# directory in the root of your repository except for the \`/apps/github\`
# subdirectory, as its owners are left empty. Without an owner, changes
# to \`apps/github\` can be made with the approval of any user who has
# write access to the repository.
/apps/ @octocat
/apps/github
`;

describe('GitHub example CODEOWNERS: last match wins', () => {
  const parsed = parseCodeowners(GITHUB_EXAMPLE);
  const table: [string, string[], number][] = [
    ['README.md', ['@global-owner1', '@global-owner2'], 8],
    ['src/index.js', ['@js-owner'], 14],
    ['main.go', ['docs@example.com'], 19],
    ['notes.txt', ['@octo-org/octocats'], 25],
    ['build/logs/today.log', ['@octocat'], 53], // **/logs comes later than /build/logs/
    ['build/other/x.txt', ['@octo-org/octocats'], 25],
    ['docs/getting-started.md', ['@doctocat'], 44], // /docs/ is later than docs/*
    ['docs/build-app/troubleshooting.md', ['@doctocat'], 44],
    ['scripts/deploy.sh', ['@doctocat', '@octocat'], 48],
    ['deeply/nested/logs/x', ['@octocat'], 53],
    ['x/apps/main.js', ['@octocat'], 39],
    ['apps/main.js', ['@octocat'], 60],
    ['apps/github/main.js', [], 61],
    ['apps/github', [], 61],
  ];
  it.each(table)('%s', (path, owners, line) => {
    const match = ownersOf(parsed, path);
    expect(match.owners).toEqual(owners);
    expect(match.rule?.line).toBe(line);
  });
  it('has no errors and skips comments, including inline ones', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.rules.find((r) => r.pattern === '*.js')?.owners).toEqual(['@js-owner']);
  });
  it('an explicit owner on a later line takes over again', () => {
    const p = parseCodeowners('/apps/ @octocat\n/apps/github\n/apps/github @doctocat\n');
    expect(ownersOf(p, 'apps/github/x').owners).toEqual(['@doctocat']);
  });
  it('owners on separate lines: only the last line counts', () => {
    const p = parseCodeowners('*.yaml @a\n*.yaml @b\n');
    expect(ownersOf(p, 'x.yaml')).toMatchObject({ owners: ['@b'], rule: { line: 2 } });
  });
  it('no matching line: no owners and no rule', () => {
    const p = parseCodeowners('/docs/ @a\n');
    expect(ownersOf(p, 'src/x.ts')).toEqual({ owners: [] });
  });
});

describe('CODEOWNERS parse errors', () => {
  it('reports unsupported syntax and skips the line', () => {
    const p = parseCodeowners('* @all\n!secret.yaml @x\n[ab].yaml @x\n\\#file @x\n');
    expect(p.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 1],
      [3, 1],
      [4, 1],
    ]);
    expect(p.errors[0]!.message).toMatch(/negation/);
    expect(p.errors[1]!.message).toMatch(/character ranges/);
    expect(p.errors[2]!.message).toMatch(/\\#/);
    expect(ownersOf(p, 'secret.yaml').owners).toEqual(['@all']);
    expect(p.rules).toHaveLength(1);
  });
  it('reports invalid owners with their column and keeps the valid ones', () => {
    const p = parseCodeowners('*.yaml   @good not-an-owner @org/team\n');
    expect(p.errors).toEqual([{ line: 1, column: 16, message: expect.stringContaining('not-an-owner') }]);
    expect(p.rules[0]!.owners).toEqual(['@good', '@org/team']);
  });
  it('a line whose only owner is invalid leaves the path unowned (fail closed)', () => {
    const p = parseCodeowners('* @all\n/clusters/ typo\n');
    expect(ownersOf(p, 'clusters/prod/a.yaml').owners).toEqual([]);
  });
  it('handles CRLF, indentation and escaped spaces', () => {
    const p = parseCodeowners('  *.md @docs\r\nmy\\ dir/ @space\r\n');
    expect(ownersOf(p, 'a.md').owners).toEqual(['@docs']);
    expect(ownersOf(p, 'x/my dir/file').owners).toEqual(['@space']);
  });
  it('a hash inside a pattern is not a comment', () => {
    const p = parseCodeowners('file#1.txt @a\n');
    expect(ownersOf(p, 'file#1.txt').owners).toEqual(['@a']);
  });
});

describe('locateCodeowners', () => {
  it('uses GitHub order: .github/, root, docs/', () => {
    expect(locateCodeowners((p) => ['CODEOWNERS', 'docs/CODEOWNERS', '.github/CODEOWNERS'].includes(p))).toBe(
      '.github/CODEOWNERS',
    );
    expect(locateCodeowners((p) => ['docs/CODEOWNERS', 'CODEOWNERS'].includes(p))).toBe('CODEOWNERS');
    expect(locateCodeowners((p) => p === 'docs/CODEOWNERS')).toBe('docs/CODEOWNERS');
    expect(locateCodeowners(() => false)).toBeUndefined();
  });
});
