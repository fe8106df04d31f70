/**
 * The appraisal pages called as Remix calls them (loader/action with a Request and a session
 * cookie) against the real database and Temporal: plan forms (bad input refused, localized, nothing
 * written), role refusals, the one-subject-per-screen ballot with plain forms, the supervision
 * committee's stage buttons, the public result with its export, the street office's comparison, and
 * a household's service rating.
 */
import { signIn } from './auth.server';
import { issueServiceCodes, startCadreAppraisal } from './appraisal.server';
import { closeTemporal } from './temporal.server';
import { closeDb } from '../db/client.server';
import { returnOf } from '../db/appraisal.server';
import { createCommunity, createStreet, createUser, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { fileWorker, testSql } from '../scripts/test-setup/services';
import * as listRoute from './routes/c.$communityId.appraisals._index';
import * as planRoute from './routes/c.$communityId.appraisals.$planId._index';
import * as rateRoute from './routes/c.$communityId.appraisals.$planId.rate';
import * as publicRoute from './routes/p.$communityId.appraisals.$planId._index';
import * as codeRoute from './routes/p.$communityId.appraisals.$planId.rate';
import * as exportRoute from './routes/p.$communityId.appraisals.$planId.export';
import * as streetRoute from './routes/so.$streetOfficeId.appraisals';
import { sleep } from '../scripts/test-setup/wait';
import { statusOf } from '../scripts/test-setup/route-fixture';

const sql = testSql();
const worker = fileWorker(sql, async () => {
  await closeTemporal();
  await closeDb();
});
beforeAll(() => {
  process.env.MINYI_TASK_QUEUE = worker.taskQueue;
});
const DAY = 1000;

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const cookie = async (username: string) => {
  const r = await signIn(username, TEST_PASSWORD);
  if (!r.ok) throw new Error('sign-in');
  return r.cookie.split(';')[0]!;
};
const post = (url: string, c: string, fields: [string, string][]) =>
  new Request(`http://minyi.test${url}`, {
    method: 'POST',
    headers: { Cookie: c, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://minyi.test' },
    body: new URLSearchParams(fields).toString(),
  });
const get = (url: string, c?: string) => new Request(`http://minyi.test${url}`, { headers: c ? { Cookie: c } : {} });

async function world() {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  await sql`update communities set settings = ${sql.json({ dayMs: DAY } as never)} where id = ${c.id}`;
  const sup = await createUser(sql, [{ role: 'supervisor', communityId: c.id }], '监督一');
  const sup2 = await createUser(sql, [{ role: 'supervisor', communityId: c.id }], '监督二');
  const members = [];
  for (const n of ['张', '李', '王', '赵', '陈']) members.push(await createUser(sql, [{ role: 'committee_member', communityId: c.id }], n));
  const reps = [];
  for (let i = 0; i < 3; i++) reps.push(await createUser(sql, [{ role: 'resident_representative', communityId: c.id }], `代表${i}`));
  const resident = await createUser(sql, [{ role: 'resident', communityId: c.id }], '居民');
  await sql`insert into people (community_id, user_id, name, building, unit) values (${c.id}, ${resident.id}, '居民', '1号楼', '101')`;
  const staff = await createUser(sql, [{ role: 'street_office_admin', streetOfficeId: street.id }], '街道');
  return { street, c, sup, sup2, members, reps, resident, staff };
}

describe('appraisal pages', () => {
  it('plan form: refused to others, bad input localized and nothing written, a good plan redirects to its page', async () => {
    const w = await world();
    const url = `/c/${w.c.slug}/appraisals`;
    const params = { communityId: w.c.slug };
    const meeting = new Date(Date.now() + 8 * 3_600_000 + 10 * 60_000).toISOString().slice(0, 16);
    const fields = (criteria: string, at = meeting): [string, string][] => [
      ['intent', 'cadre'], ['title', '年度评议'], ['year', '2026'], ['planDate', today()], ['meetingAt', at], ['windowHours', '24'],
      ['scale', 'satisfaction'], ['criteria', criteria], ...w.members.map((m): [string, string] => ['subjectIds', m.id]), ...w.reps.map((r): [string, string] => ['raterIds', r.id]),
    ];
    expect(await statusOf(listRoute.action({ request: post(url, await cookie(w.resident.username), fields('工作态度')), params, context: {} }))).toBe(403);
    type Reply = { init: { status: number }; data: { reply: { error?: Record<string, string[]> } } };
    const bad = (await listRoute.action({ request: post(url, await cookie(w.sup.username), fields('  ')), params, context: {} })) as unknown as Reply;
    expect(bad.init.status).toBe(400);
    expect(bad.data.reply.error).toEqual({ criteria: ['appraisal.errors.criteriaEmpty'] });
    // A meeting too soon is the workflow's refusal, in words, in the form (§9.2: 5 days' notice).
    const soon = (await listRoute.action({ request: post(url, await cookie(w.sup.username), fields('工作态度', new Date(Date.now() + 8 * 3_600_000 - 60_000).toISOString().slice(0, 16))), params, context: {} })) as unknown as Reply;
    expect(soon.init.status).toBe(409);
    expect(soon.data.reply.error).toEqual({ '': ['评议会议须提前至少 5 天通知。'] });
    expect((await sql`select 1 from appraisal_plans where community_id = ${w.c.id}`).length).toBe(0);
    let location = '';
    try {
      await listRoute.action({ request: post(url, await cookie(w.sup.username), fields('工作态度\n公道廉洁')), params, context: {} });
    } catch (e) {
      location = (e as Response).headers.get('Location') ?? '';
    }
    expect(location).toMatch(new RegExp(`^/c/${w.c.slug}/appraisals/[0-9a-f-]{36}$`));
    const list = await listRoute.loader({ request: get(url, await cookie(w.sup.username)), params, context: {} });
    expect(list.list.map((a) => a.title)).toEqual(['年度评议']);
    expect(list.choices.members).toHaveLength(5);
  });

  it('a rater’s screens, the supervision committee’s buttons, the public result, export and the street view', async () => {
    const w = await world();
    // 2.5 s to spare for the reports (3 days before the meeting) on a busy machine.
    const meetingAt = Date.now() + 5 * DAY + 2_500;
    const started = await startCadreAppraisal({ userId: w.sup.id, roles: ['supervisor'], communityId: w.c.id }, {
      year: 2026, title: '2026年度评议', planDate: today(), meetingAt, windowHours: 72, scale: 'satisfaction',
      criteria: ['工作态度'], subjectIds: w.members.map((m) => m.id), raterIds: w.reps.map((r) => r.id),
    });
    const planId = (started as { id: string }).id;
    const base = `/c/${w.c.slug}/appraisals/${planId}`;
    const params = { communityId: w.c.slug, planId };
    const supCookie = await cookie(w.sup.username);
    type Answer = { init: { status: number } | null; data: { done?: string; reply: { error?: Record<string, string[]> } } };
    /** The page's answer: "已完成。" when the step was taken, else the status and conform's errors. */
    const act = async (intent: string, extra: [string, string][] = [], who = supCookie) => {
      const a = (await planRoute.action({ request: post(base, who, [['intent', intent], ...extra]), params, context: {} })) as unknown as Answer;
      return a.data.done ?? { status: a.init?.status, error: a.data.reply.error };
    };
    for (const m of w.members) expect(await act('submitReport', [['subjectId', m.id], ['text', '述职报告']])).toBe('已完成。');
    // A blank report is refused beside its field, and the report handed in stands.
    expect(await act('submitReport', [['subjectId', w.members[0]!.id], ['text', '   ']])).toEqual({ status: 400, error: { text: ['form.required'] } });
    const seen = await planRoute.loader({ request: get(base, supCookie), params, context: {} });
    expect(seen.page.cadre!.subjects.find((x) => x.userId === w.members[0]!.id)!.report).toBe('述职报告');
    expect(await act('deliverReports')).toBe('已完成。');
    // Pages: the supervisor and a rater see it; a resident outside the plan does not.
    expect(await statusOf(planRoute.loader({ request: get(base, supCookie), params, context: {} }))).toBe(200);
    expect(await statusOf(planRoute.loader({ request: get(base, await cookie(w.resident.username)), params, context: {} }))).toBe(403);
    await sleep(Math.max(0, meetingAt - Date.now() + 100));
    expect(await act('openMeeting')).toBe('已完成。');
    expect(await act('openRating')).toBe('已完成。');
    // A representative goes through five screens (a missing grade is refused), confirms, submits.
    const rep = await cookie(w.reps[0]!.username);
    let carried: [string, string][] = [];
    const tooFew = (await rateRoute.action({ request: post(`${base}/rate`, rep, [['intent', 'next'], ['step', '0']]), params, context: {} })) as unknown as { data: { error: string } };
    expect(tooFew.data.error).toBe('每项评议内容都要选择等次。');
    for (const [i, m] of w.members.entries()) {
      const r = (await rateRoute.action({ request: post(`${base}/rate`, rep, [...carried, ['intent', 'next'], ['step', String(i)], [`g.${m.id}.0`, 'good'], [`g.${m.id}.o`, i === 0 ? 'poor' : 'good']]), params, context: {} })) as { step: number; values: [string, string][] };
      expect(r.step).toBe(i + 1);
      carried = r.values;
    }
    let done = '';
    try {
      await rateRoute.action({ request: post(`${base}/rate`, rep, [...carried, ['intent', 'submit'], ['step', '5']]), params, context: {} });
    } catch (e) {
      done = (e as Response).headers.get('Location') ?? '';
    }
    expect(done).toBe(`${base}/rate?done=1`);
    expect(await returnOf(sql, planId, w.reps[0]!.id)).toBe('online');
    for (const r of w.reps.slice(1)) {
      const c = await cookie(r.username);
      const fields = w.members.flatMap((m): [string, string][] => [[`g.${m.id}.0`, 'fair'], [`g.${m.id}.o`, 'fair']]);
      await statusOf(rateRoute.action({ request: post(`${base}/rate`, c, [...fields, ['intent', 'submit'], ['step', '5']]), params, context: {} }));
      expect(await returnOf(sql, planId, r.id)).toBe('online');
    }
    expect(await act('closeRating')).toBe('已完成。');
    expect(await act('tally')).toBe('已完成。');
    expect(await act('tally')).toEqual({ status: 409, error: { '': ['评议现在不在这一步。'] } });
    expect(await act('publish')).toBe('已完成。');
    // The public result (no account), its export, and the street office's comparison.
    const pub = await publicRoute.loader({ request: get(`/p/${w.c.slug}/appraisals/${planId}`), params, context: {} });
    expect(pub.result.kind).toBe('appraisal_result');
    const bytes = Buffer.from(await (await exportRoute.loader({ request: get(`/p/${w.c.slug}/appraisals/${planId}/export?format=csv`), params, context: {} })).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: spreadsheet programs read it as UTF-8
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('subject,good,fair,poor,n,satisfaction_percent,overall');
    expect(csv).toContain('张,0,2,1,3,66.6,basicallyCompetent');
    for (const r of w.reps) expect(csv).not.toContain(r.id);
    const xlsx = await exportRoute.loader({ request: get(`/p/${w.c.slug}/appraisals/${planId}/export?format=xlsx`), params, context: {} });
    expect(xlsx.headers.get('Content-Type')).toContain('spreadsheetml');
    const streetParams = { streetOfficeId: w.street.slug };
    const view = await streetRoute.loader({ request: get(`/so/${w.street.slug}/appraisals`, await cookie(w.staff.username)), params: streetParams, context: {} });
    expect(view.rows).toEqual([expect.objectContaining({ community: w.c.slug, year: 2026, kind: 'cadre', subjects: 5 })]);
    expect(await statusOf(streetRoute.loader({ request: get(`/so/${w.street.slug}/appraisals`, supCookie), params: streetParams, context: {} }))).toBe(403);
  });

  it('a household rates the service units through the same screens', async () => {
    const w = await world();
    const member = await cookie(w.members[0]!.username);
    const listParams = { communityId: w.c.slug };
    let location = '';
    try {
      await listRoute.action({ request: post(`/c/${w.c.slug}/appraisals`, member, [['intent', 'service'], ['title', '服务测评'], ['year', '2026'], ['surveyDays', '7'], ['units', '自来水公司\n供电公司'], ['unitKind', 'utility']]), params: listParams, context: {} });
    } catch (e) {
      location = (e as Response).headers.get('Location') ?? '';
    }
    const planId = location.split('/').pop()!;
    const params = { communityId: w.c.slug, planId };
    const page = await rateRoute.loader({ request: get(`${location}/rate`, await cookie(w.resident.username)), params, context: {} });
    expect(page.screens.map((s) => s.name)).toEqual(['自来水公司', '供电公司']);
    const fields = page.screens.flatMap((s): [string, string][] => [[`g.${s.id}.o`, 'good'], [`c.${s.id}`, '很好']]);
    expect(await statusOf(rateRoute.action({ request: post(`${location}/rate`, await cookie(w.resident.username), [...fields, ['intent', 'submit'], ['step', '2']]), params, context: {} }))).toBe(302);
    const [n] = await sql`select count(*)::int as n from service_ratings where plan_id = ${planId}`;
    expect(n!.n).toBe(2);
    // A household without an account: its one-time code, on the public page (wrong code refused, nothing written).
    const codes = await issueServiceCodes({ userId: w.members[0]!.id, roles: ['committee_member'], communityId: w.c.id }, planId, 1);
    const code = (codes as { codes: string[] }).codes[0]!;
    const pub = `/p/${w.c.slug}/appraisals/${planId}/rate`;
    const grades = page.screens.map((s): [string, string] => [`g.${s.id}.o`, 'poor']);
    const confirm = (await codeRoute.action({ request: post(pub, '', [['code', code], ...grades, ['intent', 'confirm']]), params, context: {} })) as { confirm: boolean };
    expect(confirm.confirm).toBe(true);
    const wrong = (await codeRoute.action({ request: post(pub, '', [['code', 'AAAA-AAAA'], ...grades, ['intent', 'submit']]), params, context: {} })) as unknown as { data: { error: string } };
    expect(wrong.data.error).toBe('一次性码不对或已失效。');
    expect((await sql`select count(*)::int as n from service_ratings where plan_id = ${planId}`)[0]!.n).toBe(2);
    expect(await statusOf(codeRoute.action({ request: post(pub, '', [['code', code], ...grades, ['intent', 'submit']]), params, context: {} }))).toBe(302);
    expect((await sql`select count(*)::int as n from service_ratings where plan_id = ${planId} and grade = 'poor'`)[0]!.n).toBe(2);
  });
});
