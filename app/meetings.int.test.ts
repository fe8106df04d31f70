/**
 * The meeting pages called as Remix calls them (plain form posts, as without JavaScript), against the
 * real database and Temporal: who may act, refusals that change nothing, attendance and a count that
 * count only once a second person typed the same numbers, the minutes PDF, and the motion page's link.
 */
import { randomUUID } from 'node:crypto';
import { closeTemporal } from './temporal.server';
import { signIn } from './auth.server';
import * as meetings from './meetings.server';
import * as conveneRoute from './routes/c.$communityId.meetings.new';
import * as meetingRoute from './routes/c.$communityId.meetings.$meetingId._index';
import * as pdfRoute from './routes/c.$communityId.meetings.$meetingId.minutes[.]pdf';
import * as exportRoute from './routes/c.$communityId.meetings.$meetingId_.export.$format';
import * as motionRoute from './routes/c.$communityId.motions.$motionId._index';
import { meetingConveneFormSchema } from '../domain/meeting/schemas';
import { TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { testSql, withWorker } from '../scripts/test-setup/services';
import { MotionDriver, expectOk, fastSettings, key, setupCommunity, sleep, waitForState } from '../workflows/motion.testkit';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

async function cookieOf(username: string) {
  const r = await signIn(username, TEST_PASSWORD);
  if (!r.ok) throw new Error(`sign-in failed for ${username}`);
  return r.cookie.split(';')[0]!;
}
const post = (path: string, cookie: string, form: [string, string][]) =>
  new Request(`http://minyi.test${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
const get = (path: string, cookie: string) => new Request(`http://minyi.test${path}`, { headers: { Cookie: cookie } });

/** Status and body of a route call, whether it returns, throws a Response, or returns data() with an init. */
type Body = { error?: unknown; intent?: string; reply?: { error?: unknown; initialValue?: Record<string, unknown> } };
async function call(p: Promise<unknown>): Promise<{ status: number; body?: Body }> {
  try {
    const r = await p;
    if (r instanceof Response) return { status: r.status };
    const d = r as { type?: string; init?: { status?: number } | null; data?: unknown };
    if (d.type === 'DataWithResponseInit') return { status: d.init?.status ?? 200, body: d.data as Body };
    return { status: 200, body: r as Body };
  } catch (e) {
    if (e instanceof Response) return { status: e.status };
    throw e;
  }
}

it('the meeting page: staff only, refusals change nothing, a second person confirms, minutes PDF, motion page link', () =>
  withWorker(sql, async (worker) => {
    const c = await setupCommunity(sql);
    const d = new MotionDriver(sql, c, worker.taskQueue, fastSettings(1_000));
    d.quickNotices = true;
    await d.create({ title: '更换小区宣传栏' });
    await d.toResolving();
    const [director, member, resident] = await Promise.all([cookieOf(c.director.username!), cookieOf(c.committee[0]!.username!), cookieOf(c.resident.username!)]);

    // Convening: a resident is refused; a bad form says which rule, in a key.
    const newPath = `/c/${c.slug}/meetings/new`;
    const conveneForm: [string, string][] = [
      ['idempotencyKey', key()], ['body', 'representatives_meeting'], ['title', '居民代表会议'], ['opensAt', '2026-12-01T19:00'],
      ['location', '议事厅'], ['channels', 'notice_board'], ['chairId', c.director.id],
    ];
    expect((await call(conveneRoute.action({ request: post(newPath, resident, conveneForm), params: { communityId: c.slug }, context: {} }))).status).toBe(403);
    const noPlace = conveneForm.filter(([k]) => k !== 'location');
    // The convene form is conform's: the refusal stands beside the field it is about.
    const refused = await call(conveneRoute.action({ request: post(newPath, director, noPlace), params: { communityId: c.slug }, context: {} }));
    expect(refused.status).toBe(400);
    expect(refused.body?.error).toEqual({ location: ['form.required'] });
    expect((await sql`select count(*)::int as n from meetings where community_id = ${c.id}`)[0]!.n).toBe(0);

    // The agenda item's notice is posted when it is added: at least 3 (one-second) days before.
    const opensAt = Date.now() + 5_500;
    const form = meetingConveneFormSchema.parse(Object.fromEntries([...conveneForm, ['channels', ['notice_board']]]));
    const r = await meetings.conveneSharedMeeting(c.director.caller, { ...form, opensAtMs: opensAt, noticeAt: Date.now() - 12_000 }, { taskQueue: worker.taskQueue });
    expectOk(r);
    const path = `/c/${c.slug}/meetings/${r.meetingId}`;
    const params = { communityId: c.slug, meetingId: r.meetingId };
    const act = (cookie: string, f: [string, string][]) => call(meetingRoute.action({ request: post(path, cookie, [['key', randomUUID()], ...f]), params, context: {} }));

    expect((await act(resident, [['intent', 'add'], ['motionId', d.motionId]])).status).toBe(403);
    expect(await act(director, [['intent', 'add'], ['motionId', d.motionId]])).toEqual({ status: 302 });
    await sleep(opensAt - Date.now() + 50);

    const everyone = c.voters.map((p): [string, string] => ['presentIds', p.id]);
    // A sheet listing proxies is told why, in the numbers form, and nothing is stored.
    const proxies = await act(director, [['intent', 'attendanceNumbers'], ['present', '5'], ['electorate', '7'], ['proxies', '2'], ['scanRef', 'QD-1']]);
    expect(proxies).toMatchObject({ status: 400, body: { intent: 'attendanceNumbers', reply: { error: { proxies: ['meeting.errors.noProxies'] } } } });
    expect((await sql`select count(*)::int as n from meeting_count_entries where meeting_id = ${r.meetingId}`)[0]!.n).toBe(0);
    expect((await act(director, [['intent', 'attendance'], ['scanRef', 'QD-1'], ...everyone])).status).toBe(302);
    // The same person again does not confirm; a second person does.
    expect((await act(director, [['intent', 'attendance'], ['scanRef', 'QD-1'], ...everyone])).status).toBe(302);
    let page = (await meetingRoute.loader({ request: get(path, member), params, context: {} })) as Awaited<ReturnType<typeof meetingRoute.loader>>;
    expect(page.meeting.attendance).toMatchObject({ status: 'awaiting', enteredBy: c.director.id });
    expect(page.meeting.attendance).not.toHaveProperty('entry'); // the second person types blind
    expect((await act(member, [['intent', 'attendance'], ['scanRef', 'QD-1'], ...everyone])).status).toBe(302);

    // A count that is not a number is refused with a key, and nothing is stored.
    const count = (yes: string): [string, string][] => [['intent', 'count'], ['motionId', d.motionId], ['yes', yes], ['no', '1'], ['abstain', '0'], ['scanRef', 'QD-1']];
    // The page's forms are conform's: the refusal is for the count form of this item, beside its field.
    const many = await act(director, count('many'));
    expect(many.status).toBe(400);
    expect(many.body?.intent).toBe(`count-${d.motionId}`);
    expect(many.body?.reply?.error).toEqual({ yes: ['form.notANumber'] });
    expect(many.body?.reply?.initialValue).toMatchObject({ no: '1', scanRef: 'QD-1' });
    expect((await sql`select count(*)::int as n from meeting_count_entries where meeting_id = ${r.meetingId} and subject = ${d.motionId}`)[0]!.n).toBe(0);
    expect((await act(director, count('5'))).status).toBe(302);
    expect(await act(member, count('4'))).toMatchObject({ status: 302 }); // a mismatch is accepted as an entry…
    page = (await meetingRoute.loader({ request: get(path, director), params, context: {} })) as typeof page;
    expect(page.items[0]!.counts.status).toBe('mismatch'); // …shown to both, counting nothing
    expect((await act(member, count('5'))).status).toBe(302);
    expect((await act(director, count('5'))).status).toBe(302);
    await waitForState(sql, d.motionId, 'resolution_disclosed');

    const pdf = await pdfRoute.loader({ request: get(`${path}/minutes.pdf`, resident), params, context: {} });
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // the same tables as CSV: attendance, then the item's tally and its outcome in words
    const csv = await exportRoute.loader({ request: get(`${path}/export/csv`, resident), params: { ...params, format: 'csv' }, context: {} });
    const text = Buffer.from(await csv.arrayBuffer()).subarray(3).toString('utf8');
    expect(text).toContain('各议题表决');
    expect(text).toMatch(/\r\n1,[^,]+,\d+,\d+,\d+,\d+,(通过|未通过)/);

    const motionPage = (await motionRoute.loader({ request: get(`/c/${c.slug}/motions/${d.motionId}`, resident), params: { communityId: c.slug, motionId: d.motionId }, context: {} })) as Awaited<ReturnType<typeof motionRoute.loader>>;
    await expect.poll(async () => ((await motionRoute.loader({ request: get(`/c/${c.slug}/motions/${d.motionId}`, resident), params: { communityId: c.slug, motionId: d.motionId }, context: {} })) as typeof motionPage).sharedMeetings[0]?.delivered).toMatchObject({ ok: true, outcome: 'passed' });
    expect(motionPage.sharedMeetings[0]).toMatchObject({ id: r.meetingId, title: '居民代表会议' });
  }));
