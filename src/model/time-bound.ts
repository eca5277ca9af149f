/**
 * The time bound of one step on repository content (loading a file, a rule on a resource,
 * collecting a file's secrets). Steps are synchronous, so the running bound is a module
 * variable, as CEL's cost budget is: the loops that the input sizes (documents, lines,
 * containers, keys, findings, secrets) call `spendTime` without passing a clock around.
 *
 * Once a bound is spent it stays spent: every later check throws, and `withTimeBound` throws
 * at the end even when the step caught the error (a `try/catch` inside a rule cannot turn a
 * breach into a pass).
 */

/** Thrown once the running step's time is spent: it unwinds the step at once. */
export class TimeBoundExceeded extends Error {
  constructor() {
    super('the time bound of this step was reached');
  }
}

interface Bound {
  deadline: number;
  now: () => number;
  /** Work done since the clock was last read, in `spendTime` units. */
  spent: number;
  exceeded: boolean;
}

let active: Bound | undefined;

/** Work between two clock reads: a unit is one loop iteration or one character scanned. */
const UNITS_PER_CLOCK_READ = 4096;

/**
 * Runs `step` until `deadline` (in `now`'s time). A bound inside another keeps the earlier
 * deadline. Throws `TimeBoundExceeded` when the deadline passed during the step.
 */
export function withTimeBound<T>(deadline: number, step: () => T, now: () => number = Date.now): T {
  const outer = active;
  const bound: Bound = {
    deadline: outer ? Math.min(outer.deadline, deadline) : deadline,
    now: outer?.now ?? now,
    spent: 0,
    exceeded: false,
  };
  active = bound;
  try {
    if (bound.now() > bound.deadline) exceed(bound);
    const result = step();
    if (bound.exceeded) throw new TimeBoundExceeded();
    return result;
  } catch (error) {
    // A step that caught the breach and failed otherwise (or returned) still breached.
    if (bound.exceeded && !(error instanceof TimeBoundExceeded)) throw new TimeBoundExceeded();
    throw error;
  } finally {
    active = outer;
    if (bound.exceeded && outer) outer.exceeded ||= outer.now() > outer.deadline;
  }
}

/**
 * Counts `units` of work (one iteration, or the characters a scan reads) and reads the clock
 * once enough work has been done since the last read; throws once the bound is spent. Cheap
 * enough for every loop whose trip count the input decides.
 */
export function spendTime(units = 1): void {
  const bound = active;
  if (bound === undefined) return;
  bound.spent += units;
  if (bound.spent < UNITS_PER_CLOCK_READ && !bound.exceeded) return;
  bound.spent = 0;
  if (bound.exceeded || bound.now() > bound.deadline) exceed(bound);
}

/** Reads the clock now: before a step that cannot be interrupted (one parse, one regular expression on a long text). */
export function checkTimeBound(): void {
  const bound = active;
  if (bound === undefined) return;
  bound.spent = 0;
  if (bound.exceeded || bound.now() > bound.deadline) exceed(bound);
}

/** Whether a bound is running and spent (for code that must not throw, to stop early). */
export function timeBoundSpent(): boolean {
  const bound = active;
  if (bound === undefined) return false;
  if (!bound.exceeded && bound.now() > bound.deadline) bound.exceeded = true;
  return bound.exceeded;
}

function exceed(bound: Bound): never {
  bound.exceeded = true;
  throw new TimeBoundExceeded();
}
