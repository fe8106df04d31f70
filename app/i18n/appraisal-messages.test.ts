/** Every `appraisal.*` key the appraisal code names exists in zh-CN and English, and both trees match. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appraisalMessages } from './appraisal-messages';

type Tree = { [k: string]: string | Tree };
const flatten = (t: Tree, p = ''): string[] =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${p}${k}`] : flatten(v, `${p}${k}.`)));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [path] : [];
  });

it('has the same keys in both languages, none empty', () => {
  const zh = flatten(appraisalMessages['zh-CN']).sort();
  expect(flatten(appraisalMessages.en).sort()).toEqual(zh);
});

it('names no appraisal key that is missing', () => {
  const known = new Set(flatten(appraisalMessages['zh-CN']));
  const sources = [...files('domain/appraisal'), ...files('workflows/appraisal'), ...files('app/components/appraisal')]
    .concat(readdirSync('app/routes').filter((f) => f.includes('appraisal')).map((f) => join('app/routes', f)))
    .concat(readdirSync('db').filter((f) => f.startsWith('appraisal')).map((f) => join('db', f)));
  const used = new Set(sources.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'(appraisal\.[A-Za-z0-9.]+[A-Za-z0-9])'/g)].map((m) => m[1]!)));
  expect(used.size).toBeGreaterThan(10);
  expect([...used].filter((k) => !known.has(k))).toEqual([]);
});
