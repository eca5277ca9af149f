import { diffChange } from '../diff/index.js';
import { sortFindings } from '../engine/index.js';
import { fingerprintOf, LOADER_RULES } from '../manifests/index.js';
import { atLeast, type Finding } from '../model/index.js';
import { redactFindings } from '../redaction/index.js';
import { Loads } from './loads.js';
import { judgePolicies } from './policies.js';
import { judgeRepository } from './repository.js';
import type { ChangeSnapshot, Judgement, Settings, UnreadableFile } from './types.js';

/**
 * The one judgement of a change, for the GitHub App and the CLI alike. Pure: no I/O, no
 * Octokit, no git; everything it needs is in the snapshot (gathered by an adapter) and the
 * settings (resolved from the BASE side's configuration).
 *
 * 1. The base side's policies (custom rules, admission policies) join the active rules.
 * 2. The semantic diff: base and head of each changed manifest, resources matched by identity,
 *    findings by fingerprint (introduced / existing / fixed), risky deltas.
 * 3. Files that could not be read: one finding each, never a silent pass.
 * 4. Repository checks (signatures, CODEOWNERS, branch protection) on the gathered facts.
 * 5. What fails: counted statuses at or above the threshold, not suppressed.
 */
export function judgeChange(snapshot: ChangeSnapshot, settings: Settings): Judgement {
  const exceptions = settings.config.exceptions ?? [];
  // Each text is parsed once, for the policies and the diff alike.
  const loads = new Loads();
  const policies = judgePolicies({
    loads,
    sources: snapshot.policies,
    unchanged: snapshot.unchanged,
    manifests: snapshot.manifests,
    changedPaths: snapshot.changedPaths,
    config: settings.config,
    reservedIds: settings.catalogue.map((r) => r.id),
    configFile: settings.configFile,
  });
  const diff = diffChange({
    files: snapshot.manifests,
    rules: [...settings.rules, ...policies.compiled.active],
    options: settings.options,
    exceptions,
    today: settings.today,
    configFile: settings.configFile,
    deltas: settings.deltas,
    unchanged: snapshot.unchanged,
    load: loads.whole,
  });
  const unreadable = snapshot.unreadable.map((file) => unreadableFinding(file, settings));
  const repositoryJudgement = snapshot.repository
    ? judgeRepository(snapshot.repository, settings.repository)
    : undefined;
  // Everything the judgement says passes through the diff's redaction, which knows both sides' secrets:
  // a policy's message can quote a Secret's value, a commit message can carry a token.
  const redact = diff.redactor;
  const findings = sortFindings(
    redactFindings(
      [
        ...diff.findings,
        ...unreadable,
        ...policies.findings,
        ...policies.runtimeFindings({ options: settings.options, exceptions, today: settings.today }),
      ],
      redact,
    ),
  );
  const repository = repositoryJudgement && {
    results: repositoryJudgement.results.map((r) => ({
      ...r,
      summary: redact.redact(r.summary),
      items: r.items.map((i) => ({ ...i, message: redact.redact(i.message) })),
    })),
    findings: redactFindings(repositoryJudgement.findings, redact),
  };
  const counted = (f: Finding) =>
    !f.suppressed &&
    (f.status === 'introduced' || (settings.failOn === 'existing' && f.status === 'existing'));
  return {
    findings,
    ...(repository ? { repository } : {}),
    failing: [...findings, ...(repository?.findings ?? [])].filter(
      (f) => counted(f) && atLeast(f.severity, settings.threshold),
    ),
    resources: diff.resources,
    policyRules: policies.compiled.rules,
    changedPathCount: snapshot.changedPaths.length,
    manifestCount: snapshot.manifests.length + snapshot.unreadable.length,
    headResourceCount: diff.headResources.length,
    notes: snapshot.notes.map((note) => redact.redact(note)),
  };
}

function unreadableFinding(file: UnreadableFile, settings: Settings): Finding {
  const message =
    file.reason === 'binary'
      ? 'File is binary; it was not scanned.'
      : file.reason === 'too-large'
        ? `File is ${file.byteSize} bytes, too large to read in full; it was not scanned.`
        : `File could not be read${file.detail ? ` (${file.detail})` : ''}; it was not scanned.`;
  const rule = settings.catalogue.find((r) => r.id === LOADER_RULES.parseError);
  return {
    ruleId: LOADER_RULES.parseError,
    severity: rule?.severity ?? 'high', // fails closed: what it holds was not judged
    message,
    file: file.path,
    line: 1,
    column: 1,
    path: '',
    fingerprint: fingerprintOf(LOADER_RULES.parseError, file.path, file.reason),
    status: 'introduced',
  };
}
