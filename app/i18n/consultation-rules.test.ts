import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { IMPORT_FIELDS } from '../../domain/consultation/catalogueImport';
import { consultationMessages } from './consultation-rules';
import { CONSULTATION_ACTIONS, CONSULTATION_STATES } from '../../domain/consultation/procedure';
import { CATEGORIES, FORMS, PARTY_TYPES, SCOPES } from '../../domain/consultation/vocabulary';
import { tk } from './keys';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

const zh = flatten(consultationMessages['zh-CN']);
const en = flatten(consultationMessages.en);

describe('consultation messages', () => {
  it('has the same keys in zh-CN and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });

  it('has a text for every key the domain code uses', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'domain', 'consultation');
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter(
      (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'),
    )) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/'(consultation\.[A-Za-z]+\.[A-Za-z]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in zh));
    expect(missing).toEqual([]);
  });

  it('labels every category, scope, party, form, state, action and import field', () => {
    const groups: [string, readonly string[]][] = [
      ['category', CATEGORIES],
      ['scope', SCOPES],
      ['party', PARTY_TYPES],
      ['form', FORMS],
      ['state', CONSULTATION_STATES],
      ['action', CONSULTATION_ACTIONS],
      ['field', IMPORT_FIELDS],
    ];
    for (const [group, ids] of groups)
      for (const id of ids) expect(zh, `${group}.${id}`).toHaveProperty([`consultation.${group}.${id}`]);
  });

  it('renders every message through i18next with nesting and dates resolved', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'zh-CN',
      fallbackLng: false,
      resources: {
        'zh-CN': { translation: consultationMessages['zh-CN'] },
        en: { translation: consultationMessages.en },
      },
      interpolation: { escapeValue: false },
    });
    const when = Date.UTC(2026, 10, 25, 2, 30); // 2026-11-25 10:30 in Shanghai
    const params = {
      value: 'X',
      code: 'ENV-03',
      title: '垃圾分类',
      min: 7,
      type: 'deputies',
      form: 'hearing',
      until: when,
      earliest: when,
      at: when,
      dueAt: when,
      days: 5,
      state: 'collecting',
      action: 'publishTopic',
      field: 'category',
      column: '备注',
      firstRow: 2,
      threshold: 20000,
      number: 3,
      row: 4,
    };
    for (const lng of ['zh-CN', 'en'])
      for (const key of Object.keys(zh)) {
        const text = tk(i18n.t.bind(i18n), key, { ...params, lng });
        expect(text, key).not.toBe(key);
        expect(text, key).not.toMatch(/\{\{|\$t\(|consultation\.[a-z]+\./);
      }
    expect(i18n.t('consultation.errors.wrongState', params)).toBe(
      '协商现在是“正在征求意见”，不能“公开议题”。',
    );
    expect(i18n.t('consultation.errors.meetingTooSoon', params)).toContain('2026年11月25日');
    expect(i18n.t('consultation.errors.meetingTooSoon', { ...params, lng: 'en' })).toContain(
      'November 25, 2026',
    );
  });
});
