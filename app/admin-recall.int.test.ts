/**
 * 罢免 from the roster (DOMAIN.md §4.8, issue 11 item 4): the street office records a recall on the
 * roles page — the petition's share (Art. 10), the member's reply, the residents' meeting's quorum
 * and vote (Art. 9). Only the street office may (everyone else 403, another street's staff 403);
 * a petition too small or an inquorate meeting is refused with its reason and writes nothing; a
 * failed vote is kept and changes nothing; a passed one ends the term on the meeting's date.
 */
import { ROLES, type Role } from '../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { signIn } from './auth.server';
import * as rolesPage from './routes/c.$communityId.roles';

const sql = testSql();
afterAll(() => sql.end());

type Reply = { intent?: string; done?: string; reply?: { error?: Record<string, string[] | null> } };
async function call(p: Promise<unknown>): Promise<{ status: number; body: Reply | undefined }> {
  try {
    const r = await p;
    if (r instanceof Response) return { status: r.status, body: undefined };
    const init = (r as { type?: string }).type === 'DataWithResponseInit' ? (r as { init: { status?: number } | null; data: Reply }) : null;
    return init ? { status: init.init?.status ?? 200, body: init.data } : { status: 200, body: r as Reply };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, body: undefined };
    throw e;
  }
}
const cookieOf = async (username: string) => {
  const r = await signIn(username, TEST_PASSWORD);
  if (!r.ok) throw new Error(`sign-in failed for ${username}`);
  return r.cookie.split(';')[0]!;
};

let community: { id: string; slug: string; streetId: string };
let people: Record<Role, { id: string; username: string }>;
let otherStaff: { id: string; username: string };

beforeAll(async () => {
  const street = await createStreet(sql);
  community = await createCommunity(sql, street.id);
  people = await onePersonPerRole(sql, community);
  otherStaff = await createUser(sql, [{ role: 'street_office_admin', streetOfficeId: (await createStreet(sql)).id }], '别的街道');
});

async function member(name: string) {
  const u = await createUser(sql, [{ role: 'committee_member', communityId: community.id, attrs: { office: 'member' } }], name);
  const [m] = await sql<{ id: string }[]>`select id from memberships where user_id = ${u.id} and role = 'committee_member'`;
  return m!.id;
}
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const form = (membershipId: string, over: Record<string, string> = {}) => ({
  intent: 'recall',
  membershipId,
  petitionBasis: 'adults',
  petitionSigners: '300',
  petitionBase: '1200',
  memberReply: '本人对群众反映的问题作出说明。',
  meetingOn: today(),
  meetingMembers: '1200',
  present: '700',
  yes: '400',
  ...over,
});
async function recall(username: string, body: Record<string, string>) {
  const request = new Request(`http://minyi.test/c/${community.slug}/roles`, {
    method: 'POST',
    headers: { Cookie: await cookieOf(username), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
  return call(rolesPage.action({ request, params: { communityId: community.slug }, context: {} }));
}
const stateOf = async (membershipId: string) => {
  const [m] = await sql<{ endsOn: string | null }[]>`select to_char(ends_on, 'YYYY-MM-DD') as "endsOn" from memberships where id = ${membershipId}`;
  const audit = await sql<{ details: { new: { passed: boolean } } }[]>`select details from audit_log where action = 'admin.recallDecided' and subject_id = ${membershipId}`;
  return { endsOn: m!.endsOn, recorded: audit.map((a) => a.details.new.passed) };
};

it('only the street office records a recall; every other role and another street’s staff get 403', async () => {
  const target = await member('被罢免甲');
  for (const role of ROLES.filter((r) => r !== 'street_office_admin')) {
    const r = await recall(people[role].username, form(target));
    expect([role, r.status]).toEqual([role, 403]);
  }
  expect((await recall(otherStaff.username, form(target))).status).toBe(403);
  expect(await stateOf(target)).toEqual({ endsOn: null, recorded: [] });
});

it('refuses a petition below one fifth and an inquorate meeting, naming the article, and writes nothing', async () => {
  const target = await member('被罢免乙');
  const small = await recall(people.street_office_admin.username, form(target, { petitionSigners: '239' }));
  expect(small.status).toBe(409);
  expect(JSON.stringify(small.body)).toContain('罢免要求的联名人数不够：239 / 1200，至少要1/5（居委会组织法第十条）');
  const groups = await recall(people.street_office_admin.username, form(target, { petitionBasis: 'groups', petitionSigners: '3', petitionBase: '10' }));
  expect(JSON.stringify(groups.body)).toContain('至少要1/3');
  const inquorate = await recall(people.street_office_admin.username, form(target, { present: '600', yes: '600' }));
  expect(JSON.stringify(inquorate.body)).toContain('居民会议到会 600 人，没有超过应到 1200 人的一半，会议无效（居委会组织法第九条）');
  const noReply = await recall(people.street_office_admin.username, form(target, { memberReply: '' }));
  expect(noReply.body?.reply?.error?.memberReply).toBeTruthy();
  expect(await stateOf(target)).toEqual({ endsOn: null, recorded: [] });
});

it('keeps a failed vote on record and the member in office; a passed one ends the term on the meeting’s date', async () => {
  const stays = await member('被罢免丙');
  const failed = await recall(people.street_office_admin.username, form(stays, { present: '700', yes: '350' }));
  expect(failed.status).toBe(200);
  expect(JSON.stringify(failed.body)).toContain('罢免没有通过');
  expect(await stateOf(stays)).toEqual({ endsOn: null, recorded: [false] });

  const goes = await member('被罢免丁');
  const passed = await recall(people.street_office_admin.username, form(goes));
  expect(JSON.stringify(passed.body)).toContain('罢免通过');
  expect(await stateOf(goes)).toEqual({ endsOn: today(), recorded: [true] });
  // Not a committee member (any more): refused.
  const again = await recall(people.street_office_admin.username, form(goes, { meetingOn: '2099-01-01' }));
  expect(JSON.stringify(again.body)).toContain('这个人在会议当天不是居委会成员');
});
