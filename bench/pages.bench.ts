/**
 * Page weight: the gzip JavaScript a browser loads for a page's first view, from the client build's
 * manifest (entry, root and the route chain with their shared chunks), or nothing at all when a
 * route's `handle` is `noScripts` (app/no-scripts.ts). The baseline is the same page as if it
 * shipped the app's scripts, so the ratio shows the cut. Target for the vote pages: ≤ 60 KB.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { wantsScripts } from '../app/no-scripts';
import type { Figure } from './harness';

type Manifest = {
  entry: { module: string; imports?: string[] };
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>;
};

const PAGES: [string, string, boolean][] = [
  ['election vote (signed in)', 'routes/c.$communityId.elections.$electionId.vote', true],
  ['election vote with a code', 'routes/p.$communityId.elections.$electionId.vote', true],
  ["representative's motion vote", 'routes/c.$communityId.motions.$motionId.vote', true],
  ['public board', 'routes/p.$communityId._index', false],
  ['street board', 'routes/s.$streetOfficeId._index', false],
  ['motion page', 'routes/c.$communityId.motions.$motionId._index', false],
];

function readManifest(root: string): Manifest {
  const dir = join(root, 'public/build');
  const file = readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error('no client manifest in public/build');
  const text = readFileSync(join(dir, file), 'utf8');
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as Manifest;
}

export async function benchPages(root: string): Promise<Figure[]> {
  if (!existsSync(join(root, 'build/index.js')) || !existsSync(join(root, 'public/build'))) {
    execFileSync('npx', ['remix', 'build'], { cwd: root, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const manifest = readManifest(root);
  const server = (await import(pathToFileURL(join(root, 'build/index.js')).href)) as { routes: Record<string, { module: { handle?: unknown } }> };
  const gz = new Map<string, number>();
  const gzipOf = (url: string) => {
    if (!gz.has(url)) gz.set(url, gzipSync(readFileSync(join(root, 'public', url))).length / 1024);
    return gz.get(url)!;
  };
  const figures: Figure[] = [];
  for (const [name, id, isVote] of PAGES) {
    const chain: string[] = [];
    for (let r: string | undefined = id; r; r = manifest.routes[r]?.parentId) chain.unshift(r);
    if (!manifest.routes[id]) throw new Error(`route ${id} not in the manifest`);
    const files = new Set<string>([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
    for (const r of chain) for (const f of [manifest.routes[r]!.module, ...(manifest.routes[r]!.imports ?? [])]) files.add(f);
    const full = [...files].reduce((sum, f) => sum + gzipOf(f), 0);
    const shipped = wantsScripts(chain.map((r) => ({ handle: server.routes[r]?.module.handle }))) ? full : 0;
    figures.push({
      section: 'page weight',
      name: `${name}: gzip JS`,
      value: shipped,
      unit: 'KB',
      baseline: { name: 'the same page with the app scripts', value: full },
      ...(isVote ? { target: { op: '<=' as const, value: 60 } } : {}),
    });
  }
  return figures;
}
