/**
 * The catalogue and consultations against the real PostgreSQL (and Temporal where a consultation
 * is started): authorization role by role (the guard, then the domain), bad input refused with a
 * localized reason and nothing written, published versions immutable, import all-or-nothing.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { DEMO_CATALOGUE_ITEMS } from '../domain/consultation';
import { ROLES, type Role } from '../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { requireRole, signIn } from './auth.server';
import {
  GUARDS,
  approveCatalogue,
  answerOpinion,
  catalogueItemById,
  catalogueItemsFor,
  cataloguePage,
  importCatalogue,
  issueCodes,
  leaveOpinion,
  publicConsultation,
  returnCatalogue,
  saveCatalogueItem,
  sendConsultationCommand,
  startConsultation,
  submitCatalogue,
  type Caller,
} from './consultations.server';
import { closeTemporal } from './temporal.server';
import { closeDb } from '../db/client.server';
import { i18nFor, tFor } from './i18n/config';
import { tk } from './i18n/keys';
import { statusOf } from '../scripts/test-setup/route-fixture';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await closeDb();
  await sql.end();
});

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;
async function world() {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const other = await createCommunity(sql, (await createStreet(sql)).id);
  const people = await onePersonPerRole(sql, c);
  const caller = (role: Role): Caller => ({ userId: people[role].id, roles: [role], communityId: c.id });
  return { street, c, other, people, caller };
}

const item = (over: Record<string, unknown> = {}) => ({ ...DEMO_CATALOGUE_ITEMS[2]!, ...over }) as never;
const draftRow = (communityId: string, year: number) =>
  sql`select items, change_note from catalogue_drafts where community_id = ${communityId} and year = ${year}`;

describe('who may do what (the guard, role by role, and other communities)', () => {
  it('admits exactly the roles of each action, refuses every role of another community, and sends strangers to sign in', async () => {
    const w = await world();
    for (const role of ROLES) {
      const r = await signIn(w.people[role].username, TEST_PASSWORD);
      if (!r.ok) throw new Error(`sign-in failed for ${role}`);
      const req = new Request(`http://minyi.test/c/${w.c.slug}/consultations`, { headers: { Cookie: cookieOf(r.cookie) } });
      for (const [action, roles] of Object.entries(GUARDS)) {
        const expected = (roles as readonly Role[]).includes(role) ? 200 : 403;
        expect({ role, action, status: await statusOf(requireRole(req, w.c.slug, roles)) }).toEqual({ role, action, status: expected });
        expect({ role, action, other: await statusOf(requireRole(req, w.other.slug, roles)) }).toEqual({ role, action, other: 403 });
      }
      // Reading the internal pages: every role of the community except the platform operator.
      expect({ role, read: await statusOf(requireRole(req, w.c.slug)) }).toEqual({ role, read: role === 'platform_admin' ? 403 : 200 });
    }
    const anonymous = new Request(`http://minyi.test/c/${w.c.slug}/catalogue`);
    for (const roles of Object.values(GUARDS)) expect(await statusOf(requireRole(anonymous, w.c.slug, roles))).toBe(302);
  });

  it('lets only committee members edit the catalogue and only the party secretary approve it', async () => {
    const w = await world();
    for (const role of ROLES) {
      const r = await saveCatalogueItem(w.caller(role), 2031, item());
      expect({ role, ok: r.ok }).toEqual({ role, ok: role === 'committee_member' });
      if (!r.ok) expect(r.key).toBe('consultation.errors.publisherNotCommittee');
    }
    expect(await submitCatalogue(w.caller('committee_member'), 2031)).toEqual({ ok: true });
    for (const role of ROLES.filter((r) => r !== 'party_secretary')) {
      expect({ role, r: await approveCatalogue(w.caller(role), 2031) }).toEqual({
        role,
        r: { ok: false, key: 'consultation.errors.approverNotSecretary' },
      });
    }
    expect(await sql`select 1 from catalogue_versions where community_id = ${w.c.id}`).toHaveLength(0);
    expect(await approveCatalogue(w.caller('party_secretary'), 2031)).toEqual({ ok: true, version: 1 });
    // One person who is both (一肩挑) may draft and approve.
    const both = await createUser(sql, [
      { role: 'committee_member', communityId: w.c.id },
      { role: 'party_secretary', communityId: w.c.id },
    ]);
    const dual: Caller = { userId: both.id, roles: ['committee_member', 'party_secretary'], communityId: w.c.id };
    expect(await saveCatalogueItem(dual, 2032, item())).toEqual({ ok: true });
    expect(await submitCatalogue(dual, 2032)).toEqual({ ok: true });
    expect(await approveCatalogue(dual, 2032)).toEqual({ ok: true, version: 1 });
  });

  it('lets organizers start consultations and issue codes, residents leave opinions, committee members answer', async () => {
    const w = await world();
    const worker = await startTestWorker(sql);
    process.env.MINYI_TASK_QUEUE = worker.taskQueue;
    try {
      const started: Partial<Record<Role, string>> = {};
      for (const role of ROLES) {
        const id = randomUUID();
        const r = await startConsultation(w.caller(role), { consultationId: id, title: '议题', description: '说明' });
        expect({ role, ok: r.ok }).toEqual({ role, ok: role === 'party_secretary' || role === 'committee_member' });
        if (r.ok) started[role] = id;
        else expect(r.key).toBe('consultation.errors.notOrganizer');
      }
      const id = started.party_secretary!;
      // Not public before its topic is published.
      expect(await publicConsultation(w.c.id, id)).toBeUndefined();
      for (const role of ROLES) {
        const r = await issueCodes(w.caller(role), id, 1);
        expect({ role, ok: r.ok }).toEqual({ role, ok: role === 'party_secretary' || role === 'committee_member' });
      }
      // Another community's caller cannot reach it at all.
      const stranger: Caller = { userId: w.people.committee_member.id, roles: ['committee_member'], communityId: w.other.id };
      expect(await issueCodes(stranger, id, 1)).toMatchObject({ ok: false, key: 'consultation.ui.errors.notFound' });
      expect(await sendConsultationCommand(stranger, id, { action: 'publishTopic' }, randomUUID())).toMatchObject({
        ok: false,
        key: 'consultation.ui.errors.notFound',
      });
      expect(await publicConsultation(w.other.id, id)).toBeUndefined();

      const sec = w.caller('party_secretary');
      await sendConsultationCommand(sec, id, { action: 'fixParties', parties: [{ type: 'representatives', name: '第一居民小组代表' }] }, randomUUID());
      expect(await sendConsultationCommand(sec, id, { action: 'publishTopic' }, randomUUID())).toEqual({ ok: true });
      expect(await sendConsultationCommand(w.caller('street_office_admin'), id, { action: 'openCollection' }, randomUUID())).toMatchObject({
        ok: false,
        key: 'consultation.errors.roleNotAllowed',
      });
      expect(await sendConsultationCommand(sec, id, { action: 'openCollection' }, randomUUID())).toEqual({ ok: true });
      expect(await publicConsultation(w.c.id, id)).toMatchObject({ state: 'collecting' });
      const opinionIds: string[] = [];
      for (const role of ROLES) {
        const oid = randomUUID();
        const r = await leaveOpinion(w.caller(role), id, oid, `来自${role}的意见`);
        expect({ role, ok: r.ok }).toEqual({ role, ok: role === 'resident' || role === 'resident_representative' });
        if (r.ok) opinionIds.push(oid);
      }
      for (const role of ROLES) {
        const r = await answerOpinion(w.caller(role), id, opinionIds[0]!, `${role}的答复`);
        expect({ role, ok: r.ok }).toEqual({ role, ok: role === 'committee_member' });
        if (!r.ok && role !== 'committee_member') expect(r.key).not.toBe('consultation.errors.alreadyAnswered');
      }
      const rows = await sql`select answer from consultation_opinions where consultation_id = ${id} and answer is not null`;
      expect(rows).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });
});

describe('bad input is refused with a localized reason and nothing is written', () => {
  it('refuses an unknown category, empty parties and a duplicate item in the same year', async () => {
    const w = await world();
    const director = w.caller('committee_member');
    const t = i18nFor('zh-CN').t;
    const unknown = await saveCatalogueItem(director, 2030, item({ category: 'fireworks' }));
    expect(unknown).toMatchObject({ ok: false, key: 'consultation.errors.unknownCategory', field: 'category' });
    const empty = await saveCatalogueItem(director, 2030, item({ parties: [] }));
    expect(empty).toMatchObject({ ok: false, key: 'consultation.errors.partiesRequired', field: 'parties' });
    expect(await draftRow(w.c.id, 2030)).toHaveLength(0);
    expect(t('consultation.errors.partiesRequired')).toBe('至少要有一个协商主体。');

    expect(await saveCatalogueItem(director, 2030, item())).toEqual({ ok: true });
    const dupCode = await saveCatalogueItem(director, 2030, item({ title: '另一个名字' }));
    expect(dupCode).toMatchObject({ ok: false, key: 'consultation.errors.duplicateCode', params: { code: 'ENV-01' } });
    const dupTitle = await saveCatalogueItem(director, 2030, item({ code: 'ENV-09' }));
    expect(dupTitle).toMatchObject({ ok: false, key: 'consultation.errors.duplicateTitle' });
    if (!dupTitle.ok) expect(tk(tFor('en'), dupTitle.key, dupTitle.params)).toContain('appears twice');
    const [draft] = await draftRow(w.c.id, 2030);
    expect((draft!.items as unknown[]).length).toBe(1);
    // A different year may have the same item.
    expect(await saveCatalogueItem(director, 2029, item())).toEqual({ ok: true });
  });

  it('imports all or nothing, listing every row error; XLSX and CSV', async () => {
    const w = await world();
    const director = w.caller('committee_member');
    const header = ['编号', '事项名称', '类别', '协商主体', '协商形式', '是否必须协商'];
    const rows = [
      ['ENV-01', '垃圾分类投放点设置', '环境卫生', '利益相关居民、物业', '楼院协商', '是'],
      ['ENV-02', '楼道堆物清理', '烟花爆竹', '居民代表', '议事协商会', '否'],
      ['ENV-03', '外墙清洗', '环境卫生', '', '议事协商会', '否'],
      ['ENV-01', '重复的编号', '环境卫生', '居民代表', '议事协商会', '否'],
    ];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.addRow(header);
    rows.forEach((r) => ws.addRow(r));
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const refused = await importCatalogue(director, 2030, { name: '目录.xlsx', bytes: xlsx }, 'replace');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors.map((e) => [e.row, e.field, e.key])).toEqual([
      [3, 'category', 'consultation.errors.unknownCategory'],
      [4, 'parties', 'consultation.errors.partiesRequired'],
      [5, 'code', 'consultation.import.duplicateCodeInFile'],
    ]);
    expect(await draftRow(w.c.id, 2030)).toHaveLength(0);

    const csv = [header, rows[0]!, ['FAC-01', '楼道照明改造', '公共设施与亮化绿化', '利益相关居民', '网上议事', '否']]
      .map((r) => r.join(','))
      .join('\n')
      .replace('利益相关居民、物业', '"利益相关居民、物业"');
    const ok = await importCatalogue(director, 2030, { name: 'catalogue.csv', bytes: new TextEncoder().encode('\uFEFF' + csv) }, 'replace');
    expect(ok).toMatchObject({ ok: true, imported: 2 });
    // Appending an item already in the year's list is a row error; nothing is added.
    const again = await importCatalogue(director, 2030, { name: 'more.csv', bytes: new TextEncoder().encode([header, rows[0]!].map((r) => r.join(',')).join('\n')) }, 'append');
    expect(again).toMatchObject({
      ok: false,
      errors: [
        expect.objectContaining({ row: 2, key: 'consultation.import.codeExists' }),
        expect.objectContaining({ row: 2, key: 'consultation.import.titleExists' }),
      ],
    });
    const [draft] = await draftRow(w.c.id, 2030);
    expect((draft!.items as unknown[]).length).toBe(2);
    expect(await importCatalogue(w.caller('resident'), 2030, { name: 'x.csv', bytes: new TextEncoder().encode(csv) }, 'replace')).toMatchObject({
      ok: false,
      key: 'consultation.errors.publisherNotCommittee',
    });
    expect(await importCatalogue(director, 2030, { name: 'x.pdf', bytes: new TextEncoder().encode('%PDF') }, 'replace')).toMatchObject({
      ok: false,
      key: 'consultation.ui.errors.fileType',
    });
  });
});

describe('published versions are kept and never edited', () => {
  it('publishes edits as a new version with a change note; earlier versions stay, with their diff; item ids stay', async () => {
    const w = await world();
    const director = w.caller('committee_member');
    const secretary = w.caller('party_secretary');
    for (const i of DEMO_CATALOGUE_ITEMS.slice(0, 3)) expect(await saveCatalogueItem(director, 2026, i)).toEqual({ ok: true });
    expect(await submitCatalogue(director, 2026)).toEqual({ ok: true });
    expect(await returnCatalogue(secretary, 2026, '')).toMatchObject({ ok: false, key: 'consultation.errors.reasonRequired' });
    expect(await returnCatalogue(secretary, 2026, '请补充来源')).toEqual({ ok: true });
    expect(await approveCatalogue(secretary, 2026)).toMatchObject({ ok: false, key: 'consultation.ui.errors.draftNotSubmitted' });
    expect(await submitCatalogue(director, 2026)).toEqual({ ok: true });
    expect(await approveCatalogue(secretary, 2026)).toEqual({ ok: true, version: 1 });
    const v1 = await catalogueItemsFor(w.c.id, 2026);
    expect(v1.map((i) => i.code)).toEqual(['PRO-01', 'PRO-02', 'ENV-01']);

    // Edit ENV-01 (no longer mandatory), remove PRO-02, add FAC-01.
    expect(await saveCatalogueItem(director, 2026, { ...DEMO_CATALOGUE_ITEMS[2]!, mandatory: false }, 'ENV-01')).toEqual({ ok: true });
    const { removeCatalogueItem } = await import('./consultations.server');
    expect(await removeCatalogueItem(director, 2026, 'PRO-02')).toEqual({ ok: true });
    expect(await saveCatalogueItem(director, 2026, DEMO_CATALOGUE_ITEMS[4]!)).toEqual({ ok: true });
    expect(await submitCatalogue(director, 2026)).toMatchObject({ ok: false, key: 'consultation.errors.changeNoteRequired' });
    const { saveChangeNote } = await import('./consultations.server');
    await saveChangeNote(director, 2026, '垃圾分类改为可选协商；停车事项并入物业；新增楼道照明');
    expect(await submitCatalogue(director, 2026)).toEqual({ ok: true });
    expect(await approveCatalogue(secretary, 2026)).toEqual({ ok: true, version: 2 });

    const page = await cataloguePage(w.c.id, 2026, false);
    expect(page.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(page.versions[0]!.items.find((i) => i.code === 'ENV-01')!.mandatory).toBe(true); // v1 unchanged
    expect(page.versions[1]!.diff).toMatchObject({
      added: [expect.objectContaining({ code: 'FAC-01' })],
      removed: [expect.objectContaining({ code: 'PRO-02' })],
      changed: [expect.objectContaining({ code: 'ENV-01', fields: ['mandatory'] })],
      unchanged: 1,
    });
    const v2 = await catalogueItemsFor(w.c.id, 2026);
    const env = v2.find((i) => i.code === 'ENV-01')!;
    expect(env.id).toBe(v1.find((i) => i.code === 'ENV-01')!.id);
    expect(await catalogueItemById(env.id)).toMatchObject({ code: 'ENV-01', mandatory: false, version: 2 });
    // The database refuses silent edits of a published version.
    await expect(sql`update catalogue_versions set change_note = 'x' where community_id = ${w.c.id}`).rejects.toThrow(/append-only/);
    const disclosures = await sql`select title from disclosures where community_id = ${w.c.id} and kind = 'catalogue' order by seq`;
    expect(disclosures).toHaveLength(2);
  });
});
