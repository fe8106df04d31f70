/**
 * The community setting "online voting allowed" (DOMAIN.md §4.6, issue 11 item 5) governs elections:
 * an election that would vote online is refused where the settings in force at its start do not
 * allow it (localized reason, nothing written); where they do, it starts, and turning the setting
 * off later leaves that running election as it began.
 */
import { randomUUID } from 'node:crypto';
import { communitySettings, saveSettings } from '../db/admin-settings.server';
import { electionById } from '../db/elections.server';
import { applySettings } from '../domain/admin/settings';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { fileWorker, testSql } from '../scripts/test-setup/services';
import { createElection } from './elections.server';
import { tFor } from './i18n/config';
import { closeTemporal } from './temporal.server';

const sql = testSql();
const worker = fileWorker(sql, closeTemporal);

async function setUp(online: boolean) {
  const street = await createStreet(sql);
  const community = await createCommunity(sql, street.id, { onlineVoting: online });
  const secretary = await createUser(sql, [{ role: 'party_secretary', communityId: community.id }], '书记');
  const staff = await createUser(sql, [{ role: 'street_office_admin', streetOfficeId: street.id }], '街道');
  const committee: string[] = [];
  for (const name of ['选委一', '选委二', '选委三']) committee.push((await createUser(sql, [{ role: 'resident', communityId: community.id }], name)).id);
  const start = (onlineVoting: { enabled: true; approvalRef: string } | { enabled: false }) =>
    createElection({
      electionId: randomUUID(),
      title: '网上投票设置测试',
      committee,
      chair: committee[0]!,
      plan: { electionDay: '2026-12-20', mode: 'direct', seats: { director: 1, deputy: 1, member: 3 }, pollingPlaces: ['活动室'], onlineVoting },
      actor: { userId: secretary.id },
      communityId: community.id,
      dayMs: 60_000,
      taskQueue: worker.taskQueue,
      sql,
    });
  return { community, staff, start };
}

const elections = async (communityId: string) => (await sql<{ n: number }[]>`select count(*)::int as n from elections where community_id = ${communityId}`)[0]!.n;

it('refuses an online election where the settings do not allow it, in both languages, and writes nothing', async () => {
  const { community, start } = await setUp(false);
  const r = await start({ enabled: true, approvalRef: '街道批复〔2026〕8号' });
  expect(r).toMatchObject({ ok: false, key: 'admin.errors.onlineVotingNotAllowed' });
  expect(tFor('zh-CN')('admin.errors.onlineVotingNotAllowed')).toMatch(/^本社区的设置不允许选举网上投票/);
  expect(tFor('en')('admin.errors.onlineVotingNotAllowed')).toMatch(/^This community’s settings do not allow online voting/);
  expect(await elections(community.id)).toBe(0);
  // The same election on paper only is fine.
  expect((await start({ enabled: false })).ok).toBe(true);
  expect(await elections(community.id)).toBe(1);
});

it('starts an online election where the street office allowed it; switching the setting off later does not change it', async () => {
  const { community, staff, start } = await setUp(true);
  const r = await start({ enabled: true, approvalRef: '街道批复〔2026〕9号' });
  if (!r.ok) throw new Error(r.key);
  const current = await communitySettings(sql, community.id);
  const off = applySettings(current.settings, {}, { isDrill: false, roles: ['street_office_admin'], approvalRef: null });
  if (!off.ok) throw new Error(JSON.stringify(off.refusals));
  expect(off.changed).toEqual(['onlineVotingAllowed']);
  const saved = await saveSettings(sql, community.id, { baseVersion: current.version, settings: off.settings, changed: off.changed, reason: '试点结束', approvalRef: null, actor: staff.id });
  expect(saved.ok).toBe(true);
  const running = await electionById(sql, r.electionId);
  expect(running!.snapshot.plan.onlineVoting).toEqual({ enabled: true, approvalRef: '街道批复〔2026〕9号' });
});
