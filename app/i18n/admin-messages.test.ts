import { adminMessages } from './admin-messages';

type Tree = { [k: string]: string | Tree };
const keys = (t: Tree, prefix = ''): string[] =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));

describe('admin messages', () => {
  it('has every key in both zh-CN and English, all under admin.', () => {
    const zh = keys(adminMessages['zh-CN'] as unknown as Tree).sort();
    const en = keys(adminMessages.en as unknown as Tree).sort();
    expect(en).toEqual(zh);
    expect(zh.every((k) => k.startsWith('admin.'))).toBe(true);
  });

  it('names every refusal and warning key the domain rules return', async () => {
    const sources = await Promise.all(
      ['../../domain/admin/people.ts', '../../domain/admin/roles.ts', '../../domain/admin/settings.ts', '../../domain/admin/composition.ts', '../../db/admin-people.server.ts', '../../db/roster.server.ts', '../../db/admin-import.server.ts', '../../db/admin-certify.server.ts', '../../db/admin-settings.server.ts', '../../db/admin.server.ts']
        .map((f) => import('node:fs').then((fs) => fs.readFileSync(new URL(f, import.meta.url), 'utf8'))),
    );
    const used = new Set(sources.join('\n').match(/admin\.(errors|warnings)\.[a-zA-Z]+/g));
    const zh = new Set(keys(adminMessages['zh-CN'] as unknown as Tree));
    expect([...used].filter((k) => !zh.has(k))).toEqual([]);
  });
});
