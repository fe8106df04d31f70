/** Tiny benchmark harness: repeated timed runs, median and spread, ratio to a baseline from the same run. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
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

/**
 * One figure of the summary table (and of bench/results/latest.json): its value, the baseline it is
 * measured against in the same run, and the target it is held to (`met` null: no target).
 */
export type Figure = {
  section: string;
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  target?: { op: '<' | '<=' | '>='; value: number };
};

export const medianOf = (s: Sample) => median(s.perOp);

const meets = (f: Figure) =>
  !f.target ? null : f.target.op === '<' ? f.value < f.target.value : f.target.op === '<=' ? f.value <= f.target.value : f.value >= f.target.value;

export function summary(figures: Figure[]): string[] {
  const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3));
  return [
    '| section | figure | value | baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|---|',
    ...figures.map((f) => {
      const ratio = f.baseline && f.baseline.value > 0 ? `${(f.value / f.baseline.value).toFixed(2)}×` : '';
      const met = meets(f);
      return `| ${f.section} | ${f.name} | ${num(f.value)} ${f.unit} | ${f.baseline ? `${f.baseline.name}: ${num(f.baseline.value)} ${f.unit}` : ''} | ${ratio} | ${
        f.target ? `${f.target.op} ${f.target.value} ${f.unit}` : ''
      } | ${met === null ? '' : met ? 'met' : '**missed**'} |`;
    }),
  ];
}

export const resultsJson = (figures: Figure[], machine: string) =>
  JSON.stringify({ at: new Date().toISOString(), machine, figures: figures.map((f) => ({ ...f, ratio: f.baseline?.value ? f.value / f.baseline.value : null, met: meets(f) })) }, null, 2);

let built = false;
/** `remix build` of the current source, once per bench run (the HTTP benchmarks serve build/ as `npm start` does). */
export function buildApp(root: string): void {
  if (built) return;
  execFileSync(process.execPath, [join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'build'], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production', VITE_CJS_IGNORE_WARNING: 'true' },
  });
  built = true;
}
