import { bundles, leaves, resources, type Tree } from './resources';
import { isMessageKey, tk } from './keys';
import { tFor } from './config';

/** i18next interpolation names (`{{name}}`, `{{at, datetime(…)}}`) and nestings (`$t(key)`) of a text. */
const variables = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|\$t\(([^)]+)\)/g)].map((m) => m[1] ?? `$t(${m[2]})`).sort();

// Every registered bundle (resources.ts), so bundles added later are checked too.
describe.each(Object.entries(bundles))('message bundle %s', (_name, bundle) => {
  const zh = leaves(bundle['zh-CN']);
  const en = leaves(bundle.en);

  it('has exactly the same keys in zh-CN and English', () => {
    expect(zh.size).toBeGreaterThan(0);
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('uses the same interpolation variables in both languages, none empty', () => {
    for (const [key, text] of zh) {
      expect(text.trim(), `zh-CN ${key}`).not.toBe('');
      expect(en.get(key)?.trim(), `en ${key}`).not.toBe('');
      expect(variables(en.get(key) ?? ''), key).toEqual(variables(text));
    }
  });
});

describe('merged resources', () => {
  it('no two bundles write the same key (a later one would silently replace a text)', () => {
    const owner = new Map<string, string>();
    for (const [name, bundle] of Object.entries(bundles))
      for (const key of leaves(bundle['zh-CN']).keys()) {
        expect(owner.get(key), `${key} in ${name}`).toBeUndefined();
        owner.set(key, name);
      }
  });

  it('keeps every text of every bundle, in both languages', () => {
    const zh = leaves(resources['zh-CN'].translation as Tree);
    const en = leaves(resources.en.translation as Tree);
    for (const bundle of Object.values(bundles)) {
      for (const [key, text] of leaves(bundle['zh-CN'])) expect(zh.get(key), key).toBe(text);
      for (const [key, text] of leaves(bundle.en)) expect(en.get(key), key).toBe(text);
    }
  });

  it('translates keys that arrive as data and tells a missing key', () => {
    expect(isMessageKey('election.phases.voting')).toBe(true);
    expect(isMessageKey('election.phases')).toBe(false);
    expect(isMessageKey('election.phases.nope')).toBe(false);
    expect(tk(tFor('zh-CN'), 'election.phases.voting')).toBe('投票');
    expect(tk(tFor('en'), 'form.required')).toBe('Please fill this in');
  });
});
