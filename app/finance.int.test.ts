/**
 * 财务公开 end to end through the route, against the real database: the committee imports a quarter
 * from XLSX (bad rows named, nothing written), the supervision committee reviews (never their own
 * import; a return needs a reason), the committee publishes on the chain, a correction supersedes the
 * published quarter and references it. Role × action: every other role, and another community's
 * committee, gets 403.
 */
import ExcelJS from 'exceljs';
import { ROLES, type Role } from '../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole } from '../scripts/test-setup/fixtures';
import { cookieJar } from '../scripts/test-setup/route-fixture';
import { testSql } from '../scripts/test-setup/services';
import { verifyCommunityChain } from '../db/disclosures.server';
import * as financePage from './routes/c.$communityId.finance';

const sql = testSql();
afterAll(() => sql.end());

/** The page's reply: conform's result for one form (`error['']` its form-level errors) and the done line. */
type Reply = { intent?: string; done?: string; reply?: { error?: Record<string, string[] | null> } };
async function call(p: Promise<unknown>): Promise<{ status: number; body?: Reply }> {
  try {
    const r = (await p) as { type?: string; init?: { status?: number } | null; data?: Reply } | Response;
    if (r instanceof Response) return { status: r.status };
    return r.type === 'DataWithResponseInit' ? { status: r.init?.status ?? 200, body: r.data } : { status: 200, body: r as Reply };
  } catch (e) {
    if (e instanceof Response) return { status: e.status };
    throw e;
  }
}

async function xlsx(rows: (string | number)[][]): Promise<Blob> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('账目');
  ws.addRow(['日期', '收支', '项目', '金额（元）', '对方单位']);
  for (const r of rows) ws.addRow(r);
  return new Blob([new Uint8Array(await wb.xlsx.writeBuffer())], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

const GOOD: (string | number)[][] = [
  ['2026-10-08', '收入', '街道拨付社区公益金', 50000, '和平街道办事处'],
  ['2026-11-02', '支出', '楼道照明改造', '12,800.50', '春城电气工程有限公司'],
  ['2026-12-15', '支出', '=HYPERLINK("http://x","y")', 99.5, ''],
];

let slug: string;
let communityId: string;
let people: Record<Role, { id: string; username: string }>;
let cookieOf: (role: Role) => Promise<string>;
let both: { id: string; username: string }; // committee member and supervisor at once
let outsider: { id: string; username: string };

beforeAll(async () => {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  slug = c.slug;
  communityId = c.id;
  people = await onePersonPerRole(sql, c);
  cookieOf = cookieJar(() => people);
  both = await createUser(sql, [{ role: 'committee_member', communityId }, { role: 'supervisor', communityId }], '兼任');
  const other = await createCommunity(sql, street.id);
  outsider = await createUser(sql, [{ role: 'committee_member', communityId: other.id }, { role: 'supervisor', communityId: other.id }], '别的社区');
});

const cookieJarFor = cookieJar(() => ({ ...people, both, outsider }) as never);
const post = async (cookie: string, fields: Record<string, string>, file?: Blob) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', file, '2026Q4.xlsx');
  const request = new Request(`http://minyi.test/c/${slug}/finance`, { method: 'POST', headers: { Cookie: cookie }, body: form });
  return call(financePage.action({ request, params: { communityId: slug }, context: {} }));
};
const importAs = async (cookie: string, rows = GOOD, extra: Record<string, string> = {}) =>
  post(cookie, { intent: 'import', year: '2026', quarter: '4', opening: '1000', ...extra }, await xlsx(rows));
const accounts = () => sql<{ id: string; state: string; version: number; lines: unknown[]; disclosureId: string | null }[]>`
  select id, state, version, lines, disclosure_id as "disclosureId" from finance_accounts where community_id = ${communityId} order by version`;

describe('finance disclosure', () => {
  test('bad rows are named by row and field and nothing is written', async () => {
    const r = await importAs(await cookieOf('committee_member'), [
      ['2026-10-08', '收入', '公益金', 50000, ''],
      ['2026-09-30', '支出', '上季度的支出', 10, ''],
      ['2026-11-31', '支出', '不存在的日子', 10, ''],
      ['2026-11-02', '借出', '', '-5', ''],
    ]);
    expect(r.status).toBe(400);
    expect(r.body!.reply!.error!['']).toEqual([
      '表格有 5 处错误，没有导入任何内容：',
      '第 3 行 · 日期：日期不在这个季度内。',
      '第 4 行 · 日期：日期看不懂，请写成 2026-10-08。',
      '第 5 行 · 收支：请填写“收入”或“支出”。',
      '第 5 行 · 项目：请填写这一项',
      '第 5 行 · 金额（元）：金额请填写大于 0 的数字（元，最多两位小数）。',
    ]);
    expect(await accounts()).toEqual([]);
  });

  test('a mistyped quarter or balance, or no file, is named beside its field and nothing is written', async () => {
    const member = await cookieOf('committee_member');
    const r = await importAs(member, GOOD, { quarter: '5', opening: '一千' });
    expect(r.status).toBe(400);
    expect(r.body!.reply!.error).toEqual({ quarter: ['finance.errors.quarter'], opening: ['finance.errors.opening'] });
    const noFile = await post(member, { intent: 'import', year: '2026', quarter: '4', opening: '1,000' });
    expect(noFile.status).toBe(400);
    expect(noFile.body!.reply!.error).toEqual({ file: ['finance.errors.file'] });
    // a forged account id is a 400 in words, not a database error
    const forged = await post(member, { intent: 'submit', id: "1' or '1'='1" });
    expect(forged.status).toBe(400);
    expect(forged.body!.reply!.error).toEqual({ id: ['form.invalid'] });
    expect(await accounts()).toEqual([]);
  });

  test('only the committee imports and publishes, only supervisors review; everyone else 403', async () => {
    for (const role of ROLES.filter((r) => r !== 'committee_member')) {
      expect((await importAs(await cookieOf(role))).status, role).toBe(403);
    }
    expect((await importAs(await cookieJarFor('outsider' as Role))).status).toBe(403);
    expect(await accounts()).toEqual([]);
  });

  test('import → review (not by the importer; a return needs a reason) → publish on the chain → correction', async () => {
    const member = await cookieOf('committee_member');
    expect((await importAs(member)).body?.done).toBe('账目已导入为草稿，请核对后提交审核。');
    const [draft] = await accounts();
    expect(draft).toMatchObject({ state: 'draft', version: 1 });
    expect(draft!.lines).toHaveLength(3);
    // not reviewed yet: cannot publish; a supervisor cannot review a draft not submitted
    expect((await post(member, { intent: 'publish', id: draft!.id })).body!.reply!.error!['']).toEqual(['账目需要先提交监督委员会审核。']);
    expect((await post(member, { intent: 'submit', id: draft!.id })).body?.done).toBe('已提交监督委员会审核。');
    for (const role of ROLES.filter((r) => r !== 'supervisor' && r !== 'committee_member'))
      expect((await post(await cookieOf(role), { intent: 'review', id: draft!.id, decision: 'approve' })).status, role).toBe(403);
    expect((await post(member, { intent: 'review', id: draft!.id, decision: 'approve' })).status).toBe(403);
    const supervisor = await cookieOf('supervisor');
    expect((await post(supervisor, { intent: 'review', id: draft!.id, decision: 'return' })).body!.reply!.error).toEqual({ note: ['finance.errors.returnReason'] });
    expect((await post(supervisor, { intent: 'review', id: draft!.id, decision: 'return', note: '第二笔缺发票号' })).body?.done).toBe('已退回，并附审核意见。');
    expect((await accounts())[0]!.state).toBe('returned');
    // the committee re-imports, re-submits; a supervisor who also sits on the committee and imported it may not review it
    const dual = await cookieJarFor('both' as Role);
    expect((await importAs(dual)).body?.done).toBe('账目已导入为草稿，请核对后提交审核。');
    expect((await post(dual, { intent: 'submit', id: draft!.id })).body?.done).toBe('已提交监督委员会审核。');
    expect((await post(dual, { intent: 'review', id: draft!.id, decision: 'approve' })).body!.reply!.error!['']).toEqual(['不能审核自己导入的账目。']);
    expect((await post(supervisor, { intent: 'review', id: draft!.id, decision: 'approve' })).body?.done).toBe('已审核通过。');
    expect((await post(member, { intent: 'publish', id: draft!.id })).body?.done).toBe('已在公开栏公布。');
    expect((await post(member, { intent: 'publish', id: draft!.id })).body?.done).toBe('已在公开栏公布。'); // again: no second entry
    const [published] = await accounts();
    expect(published!.state).toBe('published');
    const [d, ...more] = await sql<{ id: string; kind: string; body: { incomeYuan: number; expenseYuan: number; closingYuan: number; reviewedBySupervisors: boolean; lines: { item: string }[] } }[]>`
      select id, kind, body from disclosures where community_id = ${communityId} and kind = 'finance'`;
    expect(more).toEqual([]);
    expect(d!.body).toMatchObject({ incomeYuan: 50000, expenseYuan: 12900, closingYuan: 38100, reviewedBySupervisors: true });
    expect(d!.id).toBe(published!.disclosureId);

    // a published quarter is corrected only with a reason; the correction references and supersedes it
    expect((await importAs(member)).body!.reply!.error!['']).toEqual(['这个季度的账目已经公布，更正时请写明原因。']);
    expect((await importAs(member, GOOD.slice(0, 2), { correctionReason: '第三笔重复录入' })).body?.done).toBe('账目已导入为草稿，请核对后提交审核。');
    const correction = (await accounts())[1]!;
    expect(correction.version).toBe(2);
    await post(member, { intent: 'submit', id: correction.id });
    await post(supervisor, { intent: 'review', id: correction.id, decision: 'approve' });
    expect((await post(member, { intent: 'publish', id: correction.id })).body?.done).toBe('已在公开栏公布。');
    expect((await accounts()).map((a) => a.state)).toEqual(['superseded', 'published']);
    const [c] = await sql<{ corrects: string; correctionReason: string }[]>`
      select corrects, correction_reason as "correctionReason" from disclosures where id = ${(await accounts())[1]!.disclosureId}`;
    expect(c).toEqual({ corrects: d!.id, correctionReason: '第三笔重复录入' });
    expect((await verifyCommunityChain(sql, communityId)).ok).toBe(true);
  });
});
