/** Tiny benchmark harness: repeated timed runs, median and spread, ratio to a baseline from the same run. */
export type Sample = { name: string; unit: string; perOp: number[]; ops: number; memMiB?: number };

export async function measure(
  name: string,
  opts: { ops: number; rounds?: number; unit?: string },
  fn: (round: number) => Promise<void>,
): Promise<Sample> {
  const rounds = opts.rounds ?? 5;
  const perOp: number[] = [];
  await fn(-1); // warm-up round
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    await fn(r);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    perOp.push(ms / opts.ops);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return { name, unit: opts.unit ?? 'ms/op', perOp, ops: opts.ops, memMiB: (peak - heapBefore) / 2 ** 20 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export function row(s: Sample, baseline?: Sample): string {
  const m = median(s.perOp);
  const spread = `${Math.min(...s.perOp).toFixed(3)}–${Math.max(...s.perOp).toFixed(3)}`;
  const ratio = baseline ? `${(m / median(baseline.perOp)).toFixed(2)}×` : '1.00× (baseline)';
  const mem = s.memMiB !== undefined ? s.memMiB.toFixed(1) : '';
  return `| ${s.name} | ${s.ops} | ${m.toFixed(3)} | ${spread} | ${ratio} | ${mem} |`;
}

export const header = [
  '| benchmark | ops/round | median ms/op | range ms/op | vs baseline | heap Δ MiB |',
  '|---|---|---|---|---|---|',
];
