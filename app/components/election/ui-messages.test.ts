import { electionUiMessages } from '~/i18n/election-ui';
import { electionPlanSchema } from '../../../domain/election/schemas';

type Tree = { [k: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
};

it('has the same keys and placeholders in zh-CN and English', () => {
  const zh = leaves(electionUiMessages['zh-CN'] as unknown as Tree);
  const en = leaves(electionUiMessages.en as unknown as Tree);
  expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  const ph = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  for (const [k, v] of zh) expect(ph(en.get(k)!), k).toEqual(ph(v));
});

it('opens online voting only in direct elections (PLATFORM rule of the pilot)', () => {
  const base = { electionDay: '2026-12-10', seats: { director: 1, deputy: 1, member: 3 }, pollingPlaces: ['x'], onlineVoting: { enabled: true, approvalRef: '批复' } };
  expect(electionPlanSchema.safeParse({ ...base, mode: 'direct' }).success).toBe(true);
  const household = electionPlanSchema.safeParse({ ...base, mode: 'household' });
  expect(household.success).toBe(false);
  expect(household.error?.issues.map((i) => i.message)).toContain('election.errors.onlineVotingDirectOnly');
});
