/**
 * The route guards, called as Remix calls them (loader/action with a Request), against the real
 * database: every motion action page refuses each role the domain's action table does not name,
 * people of other communities, and the public.
 */
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { signIn } from './auth.server';
import { createMotion } from './motions.server';
import { closeTemporal } from './temporal.server';
import * as actionRoute from './routes/c.$communityId.motions.$motionId.do.$action';
import * as motionPage from './routes/c.$communityId.motions.$motionId._index';
import * as votePage from './routes/c.$communityId.motions.$motionId.vote';
import * as newMotion from './routes/c.$communityId.motions.new';
import { statusOf } from '../scripts/test-setup/route-fixture';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

async function cookieFor(username: string) {
  const r = await signIn(username, TEST_PASSWORD);
  if (!r.ok) throw new Error(`sign-in failed for ${username}`);
  return r.cookie.split(';')[0]!;
}

const ACTIONS = [
  'editDraft', 'recordPartyCommitteeDecision', 'conveneJointMeeting', 'recordJointMeeting', 'convenePartyMeeting',
  'recordPartyMeeting', 'scheduleResolutionMeeting', 'recordResolution', 'recordAttendance', 'raiseObjection',
  'replyToObjection', 'acceptObjectionReply', 'ruleOnObjection', 'recordProgress', 'reportCompletion',
  'contestResolution', 'resumeImplementation', 'withdraw', 'submitResidentOpinion', 'answerResidentOpinion',
] as const;

/** Written out here from DOMAIN.md §1.2/§3.1 (not derived from the code under test). */
const ALLOWED: Record<(typeof ACTIONS)[number], Role[]> = {
  editDraft: ['party_secretary'],
  recordPartyCommitteeDecision: ['party_secretary'],
  conveneJointMeeting: ['party_secretary'],
  recordJointMeeting: ['party_secretary'],
  convenePartyMeeting: ['party_secretary'],
  recordPartyMeeting: ['party_secretary'],
  scheduleResolutionMeeting: ['committee_member'],
  recordResolution: ['committee_member'],
  recordAttendance: ['committee_member', 'group_leader', 'party_secretary'],
  raiseObjection: ['supervisor', 'resident', 'resident_representative'],
  replyToObjection: ['committee_member'],
  acceptObjectionReply: ['supervisor'],
  ruleOnObjection: ['street_office_admin'],
  recordProgress: ['committee_member'],
  reportCompletion: ['committee_member'],
  contestResolution: ['street_office_admin'],
  resumeImplementation: ['street_office_admin'],
  withdraw: ['party_secretary'],
  submitResidentOpinion: ['resident', 'resident_representative', 'group_leader', 'party_member'],
  answerResidentOpinion: ['committee_member'],
};
const allowedRoles = (action: (typeof ACTIONS)[number]) => ALLOWED[action];

describe('motion routes refuse by role, community and sign-in', () => {
  let slug: string;
  let otherSlug: string;
  let motionId: string;
  let people: Record<Role, { id: string; username: string }>;
  let outsider: { id: string; username: string };

  beforeAll(async () => {
    const street = await createStreet(sql);
    const otherStreet = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const other = await createCommunity(sql, otherStreet.id);
    slug = c.slug;
    otherSlug = other.slug;
    people = await onePersonPerRole(sql, c);
    // Holds every community role, but in another street's community.
    outsider = await createUser(sql, ROLES.filter((r) => r !== 'platform_admin' && r !== 'street_office_admin').map((role) => ({ role, communityId: other.id })));
    const created = await createMotion(
      { userId: people.party_secretary.id, displayName: 'x', roles: ['party_secretary'], communityId: c.id },
      {
        idempotencyKey: randomUUID(),
        title: '路灯更换',
        category: 'facilities',
        majorReasons: ['public_project'],
        background: '路灯老化。',
        proposalText: '更换 40 盏路灯。',
        estimatedCostYuan: 0,
        scope: 'community',
        consultOptIn: false,
        resolutionBody: 'representatives_meeting',
      },
      { taskQueue: `no-worker-${randomUUID()}` },
    );
    if (!created.ok) throw new Error(created.key);
    motionId = created.motionId;
  });

  it('lets only the roles the action table names open each action page', async () => {
    const cookies = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await cookieFor(people[r].username)] as const)));
    for (const action of ACTIONS) {
      const allowed = allowedRoles(action);
      for (const role of ROLES) {
        const request = new Request(`http://minyi.test/c/${slug}/motions/${motionId}/do/${action}`, { headers: { Cookie: cookies[role]! } });
        const status = await statusOf(actionRoute.loader({ request, params: { communityId: slug, motionId, action }, context: {} }));
        // Drafts are shown only to those who prepare motions; other allowed roles get 404 while it is a draft.
        const expected = allowed.includes(role) ? [200, 404] : [403];
        expect({ action, role, ok: expected.includes(status) }).toEqual({ action, role, ok: true });
      }
    }
  });

  it('refuses posts by roles the action does not allow, and changes nothing', async () => {
    const before = await sql`select state, step from motions where id = ${motionId}`;
    const cookie = await cookieFor(people.resident.username);
    const form = new URLSearchParams({ idempotencyKey: randomUUID(), reason: '不办了', partyCommitteeDecisionRef: 'X-1' });
    const request = new Request(`http://minyi.test/c/${slug}/motions/${motionId}/do/withdraw`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(await statusOf(actionRoute.action({ request, params: { communityId: slug, motionId, action: 'withdraw' }, context: {} }))).toBe(403);
    expect(await sql`select state, step from motions where id = ${motionId}`).toEqual(before);
  });

  it('refuses people of another community and sends the public to sign in', async () => {
    const cookie = await cookieFor(outsider.username);
    const params = { communityId: slug, motionId };
    const req = (path: string, c?: string) => new Request(`http://minyi.test/c/${slug}/motions/${motionId}${path}`, { headers: c ? { Cookie: c } : {} });
    expect(await statusOf(motionPage.loader({ request: req('', cookie), params, context: {} }))).toBe(403);
    expect(await statusOf(votePage.loader({ request: req('/vote', cookie), params, context: {} }))).toBe(403);
    expect(await statusOf(actionRoute.loader({ request: req('/do/withdraw', cookie), params: { ...params, action: 'withdraw' }, context: {} }))).toBe(403);
    expect(await statusOf(newMotion.loader({ request: req('/new', cookie), params: { communityId: slug }, context: {} }))).toBe(403);
    expect(await statusOf(motionPage.loader({ request: req(''), params, context: {} }))).toBe(302);
    // …and the outsider's own community does not have this motion.
    expect(await statusOf(motionPage.loader({ request: req('', cookie), params: { communityId: otherSlug, motionId }, context: {} }))).toBe(404);
  });
});
