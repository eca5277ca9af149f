import type { RepositoryChecksConfig } from './config.js';
import { summarizeItems } from './outcome.js';
import { isUnavailable, type CheckItem, type CheckResult, type PushSnapshot } from './types.js';

const short = (sha: string) => sha.slice(0, 7);

/**
 * A push to a protected or default branch: a forced push, and commits that reached the branch
 * without a merged pull request (direct pushes), each fail. Unsigned commits are the
 * commit-signatures check's, run on the same commits.
 */
export function checkPush(push: PushSnapshot, config: RepositoryChecksConfig): CheckResult {
  const severity = config.branchProtection.severity;
  const head = { check: 'push' as const, title: `Push to ${push.branch}`, severity };
  const items: CheckItem[] = [];
  const by = push.pusher ? ` by @${push.pusher}` : '';
  if (push.forced) {
    items.push({
      outcome: 'fail',
      ruleId: 'push-forced',
      subject: `${push.before}..${push.after}`,
      file: '',
      line: 1,
      message: `Forced push${by} to ${push.branch}: ${short(push.before)} was replaced by ${short(push.after)}; commits reachable from ${short(push.before)} may have been removed from the branch.`,
    });
  }
  if (isUnavailable(push.commits)) {
    items.push({
      outcome: 'not_available',
      ruleId: 'push-direct',
      subject: 'commits',
      file: '',
      line: 1,
      message: `The pushed commits could not be read: ${push.commits.unavailable}.`,
    });
  } else {
    for (const c of push.commits) {
      if (c.mergedPullRequests.length) {
        items.push({
          outcome: 'pass',
          ruleId: 'push-direct',
          subject: c.sha,
          file: '',
          line: 1,
          message: `${short(c.sha)} came through #${c.mergedPullRequests.join(', #')}.`,
        });
      } else {
        items.push({
          outcome: 'fail',
          ruleId: 'push-direct',
          subject: c.sha,
          file: '',
          line: 1,
          message: `Commit ${short(c.sha)}${c.message ? ` ("${c.message.slice(0, 72)}")` : ''} reached ${push.branch} without a merged pull request (direct push${by}).`,
        });
      }
    }
    if (push.commitCount !== undefined && push.commitCount > push.commits.length) {
      items.push({
        outcome: 'error',
        ruleId: 'push-incomplete',
        subject: 'commits',
        file: '',
        line: 1,
        message: `Only ${push.commits.length} of the ${push.commitCount} pushed commits could be checked.`,
      });
    }
  }
  const direct = items.filter((i) => i.ruleId === 'push-direct' && i.outcome === 'fail').length;
  const parts = [
    push.forced ? 'forced push' : '',
    direct ? `${direct} commit${direct === 1 ? '' : 's'} pushed without a merged pull request` : '',
  ].filter(Boolean);
  const summary = parts.length
    ? `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase())
    : `Every pushed commit came through a merged pull request.`;
  return { ...head, outcome: summarizeItems(items), summary, items };
}
