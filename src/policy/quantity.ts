/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`) as exact rationals, for the CEL
 * `quantity()` library and Kyverno's `<4Gi` pattern operators.
 */
export class Quantity {
  constructor(
    /** Numerator (sign included). */
    readonly num: bigint,
    /** Denominator, always positive. */
    readonly den: bigint,
    readonly text: string,
  ) {}

  compare(other: Quantity): number {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  isInteger(): boolean {
    return this.num % this.den === 0n;
  }

  sign(): number {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }

  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }

  add(other: Quantity): Quantity {
    return normalised(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  negate(): Quantity {
    return new Quantity(
      -this.num,
      this.den,
      this.text.startsWith('-') ? this.text.slice(1) : `-${this.text}`,
    );
  }

  toString(): string {
    return this.text;
  }
}

const SUFFIX: Record<string, [bigint, bigint]> = {
  '': [1n, 1n],
  n: [1n, 1_000_000_000n],
  u: [1n, 1_000_000n],
  m: [1n, 1000n],
  k: [1000n, 1n],
  M: [1000n ** 2n, 1n],
  G: [1000n ** 3n, 1n],
  T: [1000n ** 4n, 1n],
  P: [1000n ** 5n, 1n],
  E: [1000n ** 6n, 1n],
  Ki: [1024n, 1n],
  Mi: [1024n ** 2n, 1n],
  Gi: [1024n ** 3n, 1n],
  Ti: [1024n ** 4n, 1n],
  Pi: [1024n ** 5n, 1n],
  Ei: [1024n ** 6n, 1n],
};

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** Parses a Kubernetes quantity; undefined when the text is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, sign, digits, exponent, suffix] = match;
  const [whole, fraction = ''] = digits!.split('.');
  let num = BigInt((whole || '0') + fraction);
  let den = 10n ** BigInt(fraction.length);
  if (exponent) {
    const e = Number(exponent.slice(1));
    if (Math.abs(e) > 100) return undefined;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else {
    const [m, d] = SUFFIX[suffix ?? '']!;
    num *= m;
    den *= d;
  }
  if (sign === '-') num = -num;
  const q = normalised(num, den);
  return new Quantity(q.num, q.den, text.trim());
}

function normalised(num: bigint, den: bigint): Quantity {
  const g = gcd(num < 0n ? -num : num, den);
  const n = g > 1n ? num / g : num;
  const d = g > 1n ? den / g : den;
  return new Quantity(n, d, d === 1n ? String(n) : String(Number(n) / Number(d)));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** Go durations (`1h30m`, `90s`, `250ms`) in milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let sign = 1;
  let rest = trimmed;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (!rest) return undefined;
  let total = 0;
  let index = 0;
  re.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(rest))) {
    total += Number(match[1]) * unit[match[2]!]!;
    index = re.lastIndex;
  }
  return index === rest.length ? sign * total : undefined;
}
