import { describe, expect, it } from '@jest/globals';
import { checkTimeBound, spendTime, TimeBoundExceeded, timeBoundSpent, withTimeBound } from './time-bound.js';

describe('the time bound of a step', () => {
  it('does nothing outside a bound', () => {
    expect(() => {
      for (let i = 0; i < 10_000; i++) spendTime(1000);
      checkTimeBound();
    }).not.toThrow();
    expect(timeBoundSpent()).toBe(false);
  });

  it('reads the clock once per 4,096 units of work and stops the step past its deadline', () => {
    let clock = 0;
    let reads = 0;
    const now = () => (reads++, clock);
    let done = 0;
    expect(() =>
      withTimeBound(
        100,
        () => {
          for (;;) {
            done++;
            clock++; // one millisecond per iteration
            spendTime();
          }
        },
        now,
      ),
    ).toThrow(TimeBoundExceeded);
    expect(done).toBe(4096); // the first clock read after the deadline
    expect(reads).toBe(2); // the start, then one read
  });

  it('counts characters: a long scan reads the clock sooner', () => {
    let clock = 0;
    let steps = 0;
    expect(() =>
      withTimeBound(
        10,
        () => {
          for (;;) {
            steps++;
            clock += 5;
            spendTime(1000);
          }
        },
        () => clock,
      ),
    ).toThrow(TimeBoundExceeded);
    expect(steps).toBeLessThan(10);
  });

  it('stays spent: a step that swallows the breach still breached', () => {
    let clock = 0;
    const swallowed = () =>
      withTimeBound(
        10,
        () => {
          clock = 20;
          try {
            checkTimeBound();
          } catch {
            // a rule that treats any error as "not found"
          }
          return 'pass';
        },
        () => clock,
      );
    expect(swallowed).toThrow(TimeBoundExceeded);
    clock = 0;
    const otherError = () =>
      withTimeBound(
        10,
        () => {
          clock = 20;
          try {
            checkTimeBound();
          } catch {
            throw new Error('not valid');
          }
        },
        () => clock,
      );
    expect(otherError).toThrow(TimeBoundExceeded);
  });

  it('nests: the inner step keeps the earlier deadline and the outer clock', () => {
    let clock = 0;
    let innerThrew = false;
    expect(() =>
      withTimeBound(
        10,
        () => {
          try {
            withTimeBound(
              1000,
              () => {
                clock = 50;
                checkTimeBound();
              },
              () => 0, // ignored: the outer bound's clock runs
            );
          } catch (error) {
            innerThrew = error instanceof TimeBoundExceeded;
          }
        },
        () => clock,
      ),
    ).toThrow(TimeBoundExceeded);
    expect(innerThrew).toBe(true);
  });

  it('an inner bound that ends earlier does not spend the outer one', () => {
    let clock = 0;
    const result = withTimeBound(
      100,
      () => {
        expect(() =>
          withTimeBound(10, () => {
            clock = 20;
            checkTimeBound();
          }),
        ).toThrow(TimeBoundExceeded);
        checkTimeBound();
        return 'outer finished';
      },
      () => clock,
    );
    expect(result).toBe('outer finished');
  });
});
