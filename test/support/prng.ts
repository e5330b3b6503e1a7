/** A small seeded PRNG (xorshift128+) so fuzz and load inputs are reproducible from a seed. */
export class Prng {
  private s0: bigint;
  private s1: bigint;
  constructor(seed: number) {
    this.s0 = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
    this.s1 = (BigInt(seed) ^ 0xdeadbeefn) * 0xbf58476d1ce4e5b9n + 3n;
    for (let i = 0; i < 8; i++) this.next();
  }
  private next(): bigint {
    const M = (1n << 64n) - 1n;
    let x = this.s0;
    const y = this.s1;
    this.s0 = y;
    x ^= (x << 23n) & M;
    this.s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (this.s1 + y) & M;
  }
  /** 0 ≤ n < max */
  int(max: number): number {
    return Number(this.next() % BigInt(max));
  }
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}
