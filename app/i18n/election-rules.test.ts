import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { OFFICES, ELECTION_MODES } from '../../domain/election/plan';
import { electionDates } from '../../domain/election/timeline';
import { electionMessages } from './election-rules';
import { leaves } from './resources';

const zh = leaves(electionMessages['zh-CN']);
const en = leaves(electionMessages.en);
const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'domain', 'election');

describe('election messages', () => {
  it('has the same keys in both languages', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of zh) expect(placeholders(en.get(key)!), key).toEqual(placeholders(text));
  });

  it('defines every key the election rules use', () => {
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') );
    const used = new Set<string>();
    for (const f of sources)
      for (const m of readFileSync(join(here, f), 'utf8').matchAll(/'(election\.(?:errors|warnings|void)\.\w+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) {
      expect(zh.has(key), `zh-CN ${key}`).toBe(true);
      expect(en.has(key), `en ${key}`).toBe(true);
    }
  });

  it('names every office, mode and timeline date', () => {
    for (const o of OFFICES) expect(zh.has(`election.offices.${o}`)).toBe(true);
    for (const m of ELECTION_MODES) expect(zh.has(`election.modes.${m}`)).toBe(true);
    for (const d of Object.keys(electionDates('2026-12-10'))) expect(zh.has(`election.timeline.${d}`), d).toBe(true);
  });

  it('renders with i18next, office names nested in', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'zh-CN',
      resources: { 'zh-CN': { translation: electionMessages['zh-CN'] }, en: { translation: electionMessages.en } },
      interpolation: { escapeValue: false },
    });
    const params = { office: 'member', seats: 3, candidates: 3, needed: 4 };
    expect(i18n.t('election.errors.equalNumberBlocked', params)).toBe('委员的候选人和应选人数一样多（都是3人），不能等额选举，候选人要有4人。');
    expect(i18n.t('election.errors.tooManyChoices', { lng: 'en', office: 'director', seats: 1, chosen: 2 })).toBe('Director: 1 to elect, you chose 2. Please choose fewer.');
  });
});
