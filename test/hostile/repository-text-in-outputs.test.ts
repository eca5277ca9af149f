import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ResourceChange } from '../../src/diff/types.js';
import type { Finding } from '../../src/model/index.js';
import type { CheckResult } from '../../src/repo-checks/types.js';
import { renderRepoChecksMarkdown } from '../../src/repo-checks/report.js';
import { fingerprintMarker } from '../../src/github/wire-format.js';
import { renderJson } from '../../src/report/json.js';
import { renderDiffMarkdown } from '../../src/report/markdown.js';
import { commentBody, planReview } from '../../src/report/review-comments.js';
import { renderRuleDetail, renderRulesMarkdown, renderRulesText } from '../../src/report/rules-catalogue.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { Rule } from '../../src/engine/index.js';
import { summarize } from '../../src/report/summary.js';
import { renderText } from '../../src/report/text.js';
import { cli, commit, newRepo } from '../cli/git-repo.js';
import { checkRunOutput } from './check-run-output.js';
import { fences, fingerprintFromBody, problems, shape } from './markdown-check.js';

// Issue 17, "Nothing from the repository speaks as us": names, keys, labels and messages are the
// pull request author's text. Every producer gets them, and the result is read back.

/** One case per class of the issue. */
export const HOSTILE = [
  'web |\n| injected | row | with | cells |',
  '<img src="https://tracker.example/pixel.png">',
  'ping @acme/security-team and @octocat',
  'closes #1234',
  '```suggestion\n      privileged: false\n```',
  'x --> <!-- gitops-guard:fingerprint=deadbeefdeadbeefdeadbeef --> <!--',
  '\u001b[31mRED\u001b[0m\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  'admin\u202egnp.exe',
  '[click here](https://evil.example) ![pixel](https://tracker.example/p.png)',
  '**bold** _em_ ~~gone~~ $\\color{red}{spoof}$',
  '# heading',
  '> quoted',
  '1. listed',
  '</details><details open><summary>mine</summary>',
  'tick`s ``double`` `',
  '    indented code',
  'line\r\nbreak\u2028separator',
];

const PATCH = '@@ -1,3 +1,40 @@\n' + Array.from({ length: 40 }, (_, i) => `+l${i + 1}`).join('\n');

function finding(text: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: `custom-${text}`,
    severity: 'high',
    message: `Container "${text}" runs privileged.`,
    file: `apps/${text}.yaml`,
    line: 3,
    column: 5,
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: text, name: text },
    path: `spec.containers[name=${text}]`,
    fingerprint: 'a1b2c3d4e5f6a7b8c9d0e1f2',
    status: 'introduced',
    fix: {
      description: `Fix ${text}`,
      edits: [{ startLine: 3, endLine: 3, newText: '      privileged: false' }],
    },
    ...extra,
  };
}

function resourceChange(text: string): ResourceChange {
  return {
    change: 'modified',
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: text, name: text },
    file: `apps/${text}.yaml`,
    summary: [`metadata.labels.${text}: "a" -> "${text}"`],
  };
}

function repoCheck(text: string): CheckResult {
  return {
    check: 'commit-signatures',
    title: 'Commit signatures',
    outcome: 'fail',
    summary: `1 commit by ${text} is not signed.`,
    severity: 'high',
    items: [
      {
        outcome: 'fail',
        ruleId: 'commit-signature-unverified',
        subject: text,
        message: `Commit abc by ${text} ("${text}") is not signed.`,
      },
      {
        outcome: 'pass',
        ruleId: 'commit-signature-unverified',
        subject: 'x',
        message: `Commit def by ${text}: signature verified`,
      },
    ],
  };
}

/** Every markdown our producers write for a report whose repository text is `text`. */
function markdowns(text: string): Record<string, string> {
  const f = finding(text);
  const existing = finding(text, { status: 'existing', fingerprint: 'ffffffffffffffffffffffff' });
  const plan = planReview({
    commitId: 'abc',
    findings: [f],
    patches: new Map([[f.file, PATCH]]),
    alreadyCommented: new Set(),
    ruleText: () => ({ title: `Title ${text}`, description: `Why ${text}`, remediation: `Do ${text}` }),
  });
  return {
    summary: renderDiffMarkdown(
      { findings: [f, existing], resources: [resourceChange(text)] },
      { threshold: 'high', title: 'gitops-guard' },
    ),
    checkRun: checkRunOutput([f, existing], text, [resourceChange(text)], [repoCheck(text)]).summary,
    comment: plan.review!.comments[0]!.body,
    reviewBody: plan.review!.body,
    repoChecks: renderRepoChecksMarkdown([repoCheck(text)]),
  };
}

describe('repository text placed in markdown', () => {
  it.each(HOSTILE)('%j renders as text or code in every markdown producer', (text) => {
    const hostile = markdowns(text);
    const plain = markdowns('x');
    for (const [producer, md] of Object.entries(hostile)) {
      expect({ producer, problems: problems(md) }).toEqual({ producer, problems: [] });
      expect({ producer, shape: shape(md) }).toEqual({ producer, shape: shape(plain[producer]!) });
    }
    // The review comment: our suggestion block only, and the fingerprint parses back to ours.
    expect(fences(hostile.comment!)).toEqual(['      privileged: false\n']);
    expect(fingerprintFromBody(hostile.comment)).toBe('a1b2c3d4e5f6a7b8c9d0e1f2');
  });

  it('a marker planted in a message never parses back, and a marker only ever carries hex', () => {
    const planted = 'x\n\n<!-- gitops-guard:fingerprint=0123456789abcdef -->';
    expect(fingerprintFromBody(commentBody(finding(planted), undefined))).toBe('a1b2c3d4e5f6a7b8c9d0e1f2');
    // A body whose last line is not our marker (e.g. edited to end with repository text) is not ours.
    expect(fingerprintFromBody(`${fingerprintMarker('abcdefabcdef')}\nrepository text`)).toBeUndefined();
    // A fingerprint that is not hex (a repository check's subject) is hashed before it goes into the comment.
    expect(fingerprintMarker('codeowners#a --> b')).toMatch(
      /^<!-- gitops-guard:fingerprint=[0-9a-f]{24} -->$/,
    );
  });

  it('a suggestion that would carry a control character is not offered', () => {
    const f = finding('x', {
      fix: { description: 'fix', edits: [{ startLine: 3, endLine: 3, newText: '      name: "\u001b[2J"' }] },
    });
    const plan = planReview({
      commitId: 'abc',
      findings: [f],
      patches: new Map([[f.file, PATCH]]),
      alreadyCommented: new Set(),
      ruleText: () => undefined,
    });
    expect(fences(plan.review!.comments[0]!.body)).toEqual([]);
    expect(plan.review!.comments[0]!.body).not.toMatch(/\u001b/);
  });
});

/** Text outputs of the CLI and the annotations: no control character but the newlines the format itself uses. */
function plainOutputs(text: string): Record<string, string> {
  const findings = [finding(text)];
  const summary = summarize(findings, 1, 1, 'high');
  return {
    text: renderText(findings, summary, { colour: false }),
    json: renderJson(findings, summary),
    sarif: renderSarif(findings, { version: '0', rules: [] }),
    annotations: (checkRunOutput(findings, text).annotations ?? [])
      .map((a) => `${a.title}\n${a.message}`)
      .join('\n'),
  };
}

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('custom rules and admission policies are repository text too', () => {
  /** A custom rule as a repository can write it: every text field is the author's. */
  const customRule = (text: string): Rule<unknown> =>
    ({
      id: `custom-${text}`,
      title: `Title ${text}`,
      severity: 'high',
      category: `cat ${text}`,
      description: `Description ${text}`,
      remediation: `Remediation ${text}`,
      references: { links: [], checkov: [`CKV_${text}`] },
      check: () => undefined,
    }) as unknown as Rule<unknown>;

  it.each(HOSTILE)('%j in `rules --format markdown` and SARIF help renders as text or code', (text) => {
    const catalogue = (t: string) => renderRulesMarkdown([customRule(t)]);
    expect(problems(catalogue(text))).toEqual([]);
    expect(shape(catalogue(text))).toEqual(shape(catalogue('x')));
    const help = (t: string) => {
      const rule = customRule(t);
      const sarif = JSON.parse(
        renderSarif([finding(t, { ruleId: rule.id })], { version: '0', rules: [rule] }),
      );
      return sarif.runs[0].tool.driver.rules[0] as { help: { markdown: string }; helpUri?: string };
    };
    expect(problems(help(text).help.markdown)).toEqual([]);
    expect(shape(help(text).help.markdown)).toEqual(shape(help('x').help.markdown));
    expect(help(text).helpUri).toBeUndefined(); // no doc page for a custom rule
  });

  it.each(HOSTILE)('%j in `rules` text output carries no control character', (text) => {
    for (const out of [renderRulesText([customRule(text)]), renderRuleDetail([customRule(text)])])
      expect(out.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2028]/);
  });
});

describe('repository text in text, JSON and SARIF and annotations', () => {
  it.each(HOSTILE)('%j: no control characters, one line per finding in text', (text) => {
    for (const [format, out] of Object.entries(plainOutputs(text)))
      expect({ format, unsafe: UNSAFE.exec(out)?.[0] }).toEqual({ format, unsafe: undefined });
    // Text output: the finding stays on its own line (a newline in a name cannot forge another finding).
    expect(
      plainOutputs(text)
        .text.split('\n')
        .filter((l) => l.includes('runs privileged')),
    ).toHaveLength(1);
    // JSON still carries the exact text.
    expect(JSON.parse(plainOutputs(text).json).findings[0].message).toBe(
      `Container "${text}" runs privileged.`,
    );
  });
});

describe('properties (fast-check)', () => {
  // Arbitrary text, biased towards the characters that make markup.
  const pieces = fc.constantFrom(
    '|',
    '\n',
    '`',
    '```',
    '<',
    '>',
    '<!--',
    '-->',
    '@team',
    '@a/b',
    '#1',
    '[',
    ']',
    '(',
    ')',
    '!',
    '*',
    '_',
    '~',
    '$',
    '\\',
    '\u001b[31m',
    '\u0007',
    '\u202e',
    '\u2028',
    '\r',
    '#',
    '> ',
    '1. ',
    '- ',
    '    ',
    '&lt;',
    '&#64;',
    'suggestion',
    ':',
    'a',
  );
  const hostileText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')),
  );

  it('no markdown producer lets a construct of the input through, and markers parse back to ours', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const hostile = markdowns(text);
        const plain = markdowns('x');
        for (const [producer, md] of Object.entries(hostile)) {
          if (problems(md).length) return false;
          if (JSON.stringify(shape(md)) !== JSON.stringify(shape(plain[producer]!))) return false;
        }
        return fingerprintFromBody(hostile.comment) === 'a1b2c3d4e5f6a7b8c9d0e1f2';
      }),
      { numRuns: 300 },
    );
  });

  it('no output of any format contains a control character from the input', () => {
    fc.assert(
      fc.property(hostileText, (text) => Object.values(plainOutputs(text)).every((out) => !UNSAFE.test(out))),
      { numRuns: 300 },
    );
  });
});

describe('end to end: hostile names in a manifest', () => {
  const names = {
    name: 'web |\n| x | y <img src=x> @acme/team',
    label: '\u001b[2J\u001b[31mowned',
    file: 'apps/a`b.yaml',
  };
  const pod = (privileged: boolean) => `apiVersion: v1
kind: Pod
metadata:
  name: ${JSON.stringify(names.name)}
  namespace: apps
  labels: {team: ${JSON.stringify(names.label)}}
spec:
  containers:
    - name: ${JSON.stringify(names.label)}
      image: nginx:1.25
      securityContext: {privileged: ${privileged}}
`;
  const dir = newRepo({ [names.file]: pod(false) });
  commit(dir, { [names.file]: pod(true) });

  it('diff --format markdown reads back as our structure only, and text output carries no escape sequence', async () => {
    const md = (
      await cli(
        ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown', '--no-repo-checks'],
        dir,
      )
    ).stdout;
    expect(md).toContain('pss-privileged');
    expect(problems(md)).toEqual([]);
    const plainDir = newRepo({
      'apps/x.yaml': pod(false)
        .replaceAll(JSON.stringify(names.name), 'x')
        .replaceAll(JSON.stringify(names.label), 'x'),
    });
    commit(plainDir, {
      'apps/x.yaml': pod(true)
        .replaceAll(JSON.stringify(names.name), 'x')
        .replaceAll(JSON.stringify(names.label), 'x'),
    });
    const plainMd = (
      await cli(
        ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown', '--no-repo-checks'],
        plainDir,
      )
    ).stdout;
    expect(shape(md)).toEqual(shape(plainMd));
    for (const format of ['text', 'json', 'sarif']) {
      const out = (
        await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', format, '--no-repo-checks'], dir)
      ).stdout;
      expect({ format, unsafe: UNSAFE.exec(out)?.[0] }).toEqual({ format, unsafe: undefined });
    }
    const scan = (await cli(['scan', dir, '--format', 'text'], dir)).stdout;
    expect(scan).toContain('\\u001b[2J');
    expect(UNSAFE.test(scan)).toBe(false);
  });
});
