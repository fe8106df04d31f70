import { adminMessages } from './admin-messages';
import { adminPeopleMessages } from './admin-people-messages';

type Tree = { [k: string]: string | Tree };
const keys = (t: Tree, prefix = ''): string[] =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));

const both = (lang: 'zh-CN' | 'en') => [adminMessages, adminPeopleMessages].flatMap((m) => keys(m[lang] as unknown as Tree));

describe('admin messages', () => {
  it('has every key in both zh-CN and English, all under admin., none twice', () => {
    const zh = both('zh-CN').sort();
    const en = both('en').sort();
    expect(new Set(zh).size).toBe(zh.length);
    expect(en).toEqual(zh);
    expect(zh.every((k) => k.startsWith('admin.'))).toBe(true);
  });

  it('names every refusal and warning key the domain rules return', async () => {
    const sources = await Promise.all(
      ['../../domain/admin/people.ts', '../../domain/admin/roles.ts', '../../domain/admin/settings.ts', '../../domain/admin/composition.ts', '../../db/admin-people.server.ts', '../../db/roster.server.ts', '../../db/admin-import.server.ts', '../../db/admin-certify.server.ts', '../../db/admin-settings.server.ts', '../../db/admin.server.ts', '../elections.server.ts', '../admin-import.server.ts', '../../domain/admin/recall.ts', '../../db/admin-recall.server.ts']
        .map((f) => import('node:fs').then((fs) => fs.readFileSync(new URL(f, import.meta.url), 'utf8'))),
    );
    const used = new Set(sources.join('\n').match(/admin\.(errors|warnings)\.[a-zA-Z]+/g));
    const zh = new Set(both('zh-CN'));
    expect([...used].filter((k) => !zh.has(k))).toEqual([]);
  });
});
