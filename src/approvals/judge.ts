import { isUnavailable, sameOwner } from '../repo-checks/index.js';
import type {
  ApprovalFacts,
  ApprovalJudgement,
  ApprovalPlan,
  ApprovalVerdict,
  CommitFact,
  Requirement,
  RequirementResult,
  ReviewFact,
} from './types.js';

/**
 * Pure: the approvals of a pull request judged against its plan. An approval counts only from
 * someone independent of the change (not its author, not an author, co-author or committer of any
 * of its commits, not a bot), given on a head with the same deployed content unless stale approvals
 * count; a requirement with owners counts only its owners' approvals, and with `approvals.teams`
 * not from someone sharing a team with the author. What cannot be known is `not_available` with
 * why, never a pass.
 */

type Tri = true | false | 'unknown';

const short = (sha: string | undefined) => (sha ? sha.slice(0, 7) : 'an unknown commit');
const isTeam = (owner: string) => /^@[^/]+\/.+$/.test(owner);
const isUser = (owner: string) => /^@[^/]+$/.test(owner);
const teamKey = (team: string) => team.toLowerCase();

/** GitHub's rule: a reviewer's latest approval, request for changes or dismissal decides; comments do not. */
function latestDecisiveReviews(reviews: readonly ReviewFact[]): ReviewFact[] {
  const latest = new Map<string, ReviewFact>();
  const ordered = [...reviews].sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  for (const review of ordered) {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(review.login.toLowerCase(), review);
  }
  return [...latest.values()];
}

function sameLogin(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** `12345+login@users.noreply.github.com` and `login@users.noreply.github.com` name a login. */
function noreplyLogin(email: string | undefined): string | undefined {
  const m = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/i.exec(email ?? '');
  return m?.[1];
}

/** Why `login` is part of the change (author, committer, co-author of a commit), if at all. */
function involvement(login: string, commits: readonly CommitFact[]): string[] {
  const reasons: string[] = [];
  for (const commit of commits) {
    for (const person of commit.people) {
      const same =
        sameLogin(person.login, login) ||
        sameLogin(noreplyLogin(person.email), login) ||
        // An identity GitHub could not link to an account still names someone: a git name equal to the login is taken as them.
        (person.login === undefined && sameLogin(person.name, login));
      if (!same) continue;
      const role =
        person.role === 'co-author'
          ? 'co-author (Co-authored-by)'
          : person.role === 'committer'
            ? 'committer'
            : 'author';
      const reason = `${role} of commit ${short(commit.sha)}`;
      if (!reasons.includes(reason)) reasons.push(reason);
    }
  }
  return reasons;
}

function isBot(review: ReviewFact, plan: ApprovalPlan): boolean {
  return (
    review.bot ||
    /\[bot\]$/i.test(review.login) ||
    plan.bots.some((b) => sameLogin(b.replace(/^@/, ''), review.login))
  );
}

/** Whether `login` is in `team`: from the gathered memberships. */
function inTeam(login: string, team: string, facts: ApprovalFacts): Tri | { unavailable: string } {
  const members = facts.teams[teamKey(team)];
  if (members === undefined) return { unavailable: `the members of ${team} were not read` };
  if (isUnavailable(members))
    return { unavailable: `the members of ${team} are not available: ${members.unavailable}` };
  return members.some((m) => sameLogin(m, login));
}

interface Eligibility {
  counts: Tri;
  why?: string;
}

/** Whether an approver may satisfy the requirement: an owner, and not in a configured team of the author. */
function eligible(
  login: string,
  requirement: Requirement,
  plan: ApprovalPlan,
  facts: ApprovalFacts,
): Eligibility {
  if (requirement.owners.length) {
    let unknown: string | undefined;
    let owner = false;
    for (const o of requirement.owners) {
      if (isUser(o) && sameOwner(o, `@${login}`)) owner = true;
      else if (isTeam(o)) {
        const member = inTeam(login, o, facts);
        if (member === true) owner = true;
        else if (typeof member === 'object') unknown ??= member.unavailable;
      }
      if (owner) break;
    }
    if (!owner)
      return unknown
        ? { counts: 'unknown', why: `whether they are an owner is unknown: ${unknown}` }
        : { counts: false, why: `not one of its owners (${requirement.owners.join(', ')})` };
  }
  if (requirement.separateFromAuthorTeams && plan.teams.length) {
    if (!facts.author) return { counts: 'unknown', why: "the pull request's author is unknown" };
    for (const team of plan.teams) {
      const author = inTeam(facts.author, team, facts);
      const approver = inTeam(login, team, facts);
      if (author === true && approver === true)
        return { counts: false, why: `same team as the author (${team})` };
      if (typeof author === 'object') return { counts: 'unknown', why: author.unavailable };
      if (typeof approver === 'object') return { counts: 'unknown', why: approver.unavailable };
    }
  }
  return { counts: true };
}

/** The base rule: independent of the change, not a bot, not stale, not dismissed. */
function baseVerdict(review: ReviewFact, plan: ApprovalPlan, facts: ApprovalFacts): ApprovalVerdict {
  const reasons: string[] = [];
  let unknown = false;
  if (review.state === 'DISMISSED') reasons.push('dismissed');
  if (isBot(review, plan)) reasons.push('bot');
  if (sameLogin(facts.author, review.login)) reasons.push('self-approval: author of the pull request');
  if (isUnavailable(facts.commits)) {
    unknown = true;
    reasons.push(`whether they wrote part of the change is unknown: ${facts.commits.unavailable}`);
  } else reasons.push(...involvement(review.login, facts.commits));
  if (!plan.countStale && review.state === 'APPROVED' && review.commitSha !== facts.headSha) {
    const changed = review.commitSha ? facts.deployChangedSince[review.commitSha] : undefined;
    if (changed === true)
      reasons.push(`stale: given on ${short(review.commitSha)}, and a later push changed what is deployed`);
    else if (changed === undefined || isUnavailable(changed)) {
      const why = changed === undefined ? 'it was not compared' : changed.unavailable;
      reasons.push(
        `stale: given on ${short(review.commitSha)}; whether a later push changed what is deployed is unknown (${why})`,
      );
    }
  }
  const decisive = reasons.filter((r) => !r.startsWith('whether'));
  const counts: Tri = review.state !== 'APPROVED' || decisive.length ? false : unknown ? 'unknown' : true;
  return {
    login: review.login,
    state: review.state,
    commitSha: review.commitSha,
    counts,
    reasons,
    notFor: {},
  };
}

export function judgeApprovals(plan: ApprovalPlan, facts: ApprovalFacts): ApprovalJudgement {
  const verdicts = latestDecisiveReviews(facts.reviews).map((r) => baseVerdict(r, plan, facts));
  const approvals = verdicts.filter((v) => v.state === 'APPROVED' && v.counts !== false);
  const results: RequirementResult[] = plan.requirements.map((requirement) => {
    const counted: string[] = [];
    const unknown: string[] = [];
    for (const v of approvals) {
      const e = eligible(v.login, requirement, plan, facts);
      if (e.counts === false) v.notFor[requirement.id] = e.why!;
      else if (v.counts === true && e.counts === true) counted.push(v.login);
      else {
        unknown.push(
          `${v.login}: ${e.counts === 'unknown' ? e.why : v.reasons.find((r) => r.startsWith('whether'))}`,
        );
        if (e.counts === 'unknown') v.notFor[requirement.id] = e.why!;
      }
    }
    const need = requirement.required;
    // No one may satisfy it as configured: nobody's approval counts for it.
    if (requirement.problem)
      return { requirement, outcome: 'unsatisfied', countedBy: [], detail: requirement.problem };
    if (counted.length >= need) return { requirement, outcome: 'satisfied', countedBy: counted.slice() };
    if (counted.length + unknown.length >= need)
      return {
        requirement,
        outcome: 'not_available',
        countedBy: counted,
        detail: `not evaluated, because it is unknown whether these approvals count: ${unknown.join('; ')}`,
      };
    return {
      requirement,
      outcome: 'unsatisfied',
      countedBy: counted,
      detail: `${counted.length} of ${need} approval${need === 1 ? '' : 's'} that count`,
    };
  });
  return {
    headSha: facts.headSha,
    results,
    verdicts,
    passed: results.every((r) => r.outcome === 'satisfied'),
    notes: [...plan.notes],
  };
}
