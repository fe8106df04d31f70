/**
 * Where a `node --cpu-prof` profile's time goes: self time per package (node_modules/<name>), per
 * file of this app, and Node's own internals, as a share of the sampled time (idle and GC apart).
 * `node --import tsx bench/cpu-profile.ts <file.cpuprofile> [top]`; `npm run bench -- http` writes the
 * web process's profile when MINYI_BENCH_CPU_PROF=<dir> is set.
 */
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

export function summarize(file: string, top = 15): string[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const where = (n: Node) => {
    const { url, functionName } = n.callFrame;
    if (!url) return functionName === '(idle)' ? '(idle)' : functionName === '(garbage collector)' ? '(gc)' : functionName.startsWith('(') ? functionName : '(native)';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) return pkg[1]!;
    if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
    const app = /\/(build\/[^?]+|app\/[^?]+|db\/[^?]+|server\.ts)/.exec(url);
    return app ? app[1]! : url;
  };
  const totals = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const w = where(n);
    totals.set(w, (totals.get(w) ?? 0) + us);
    const f = `${n.callFrame.functionName || '(anonymous)'} (${w})`;
    fns.set(f, (fns.get(f) ?? 0) + us);
  }
  const busy = [...totals].filter(([k]) => k !== '(idle)' && k !== '(program)').reduce((a, [, v]) => a + v, 0);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const rows = (m: Map<string, number>) => [...m].filter(([k]) => !k.includes('(idle)') && !k.includes('(program)')).sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of ${(all / 1e6).toFixed(1)} s sampled`,
    '',
    '| where (self time) | share of busy |',
    '|---|---|',
    ...rows(totals).map(([k, v]) => `| ${k} | ${pct(v)} |`),
    '',
    '| function (self time) | share of busy |',
    '|---|---|',
    ...rows(fns).map(([k, v]) => `| ${k} | ${pct(v)} |`),
  ];
}

if (process.argv[1]?.endsWith('cpu-profile.ts') && process.argv[2]) {
  for (const line of summarize(process.argv[2], Number(process.argv[3] ?? 15))) console.log(line);
}
