/**
 * The voter register 选民登记 on real PostgreSQL and Temporal: CSV and XLSX imports run by the
 * workflow's activity, all or nothing with row-level errors; ID numbers encrypted, hashed and
 * masked; the cross-community check; manual changes during registration; after publication,
 * changes only through objections decided by the committee; proxies within DOMAIN's limit.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import {
  importRegister,
  pause,
  registerCsv,
  runElectionUntil,
  syntheticVoters,
  voterIds,
  makeIdNumber,
  type DemoVoter,
} from '../db/seed-elections.server';
import type { Actor } from '../domain/election/process';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { eightNominations } from '../scripts/test-setup/elections';
import { testSql, fileWorker } from '../scripts/test-setup/services';
import {
  addVoter,
  castOnlineBallot,
  decideObjection,
  decryptIdNumber,
  electionById,
  hashIdNumber,
  importById,
  proxiesOf,
  raiseObjection,
  recordProxy,
  removeVoter,
  uploadRegister,
} from './elections.server';
import { closeTemporal } from './temporal.server';

const sql = testSql();
const worker = fileWorker(sql, closeTemporal);

const DAY = 60;
const nominations = eightNominations;

async function setUp(voters: readonly DemoVoter[], until: Parameters<typeof runElectionUntil>[1], dayMs = DAY) {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const starter = await createUser(sql, [{ role: 'party_secretary', communityId: c.id }], '书记');
  const committee = [
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '甲'),
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '乙'),
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '丙'),
  ];
  const resident = await createUser(sql, [{ role: 'resident', communityId: c.id }], '居民');
  const clerk: Actor = { userId: committee[0]!.id, roles: ['resident', 'election_committee'] };
  const run = await runElectionUntil(
    { sql, communityId: c.id, starter: { userId: starter.id, roles: ['party_secretary'] }, committee: committee.map((u) => u.id), clerk, voters, nominations, dayMs, taskQueue: worker.taskQueue },
    until,
  );
  return { ...run, clerk, community: c, resident };
}

const activeCount = async (electionId: string) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from voters where election_id = ${electionId} and status = 'active'`)[0]!.n;

it('rejects a whole file with row errors, then imports an XLSX; ID numbers are encrypted, hashed and masked', async () => {
  const base = syntheticVoters(10);
  const e = await setUp(base, 'registration');
  expect(await activeCount(e.electionId)).toBe(10);

  // A CSV with a bad ID, a duplicate, an under-age person and a missing name: nothing is imported.
  const fresh = syntheticVoters(5);
  const child = { ...fresh[0]!, idNumber: makeIdNumber('2015-05-05', 11), gender: '男' as const };
  const bad: DemoVoter[] = [fresh[1]!, { ...fresh[2]!, idNumber: '11010519491231002' }, fresh[3]!, { ...fresh[3]! }, child, { ...fresh[4]!, name: '' }];
  const rejected = await importRegister(sql, e.electionId, e.clerk, { filename: 'bad.csv', bytes: Buffer.from(registerCsv(bad), 'utf8') });
  expect(rejected).toMatchObject({ status: 'rejected', errorCount: 4 });
  const imp = (await importById(sql, e.electionId, rejected.importId))!;
  expect(imp.errors.map((x) => [x.row, x.field, x.key])).toEqual([
    [3, 'idNumber', 'election.errors.idFormat'],
    [5, 'idNumber', 'election.errors.duplicateInFile'],
    [6, 'idNumber', 'election.errors.underAge'],
    [7, 'name', 'election.errors.nameRequired'],
  ]);
  expect(JSON.stringify(imp.errors)).not.toContain(fresh[3]!.idNumber); // errors never repeat ID numbers
  expect(await activeCount(e.electionId)).toBe(10);
  const [blob] = await sql`select file_cipher from voter_imports where id = ${rejected.importId}`;
  expect(blob!.file_cipher).toBeNull(); // the upload is not kept

  // The same people, one of them already registered, as XLSX with a number-formatted phone column.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('选民');
  ws.addRow(['姓名', '身份证号码', '性别', '居民小组', '户号', '手机号码', '登记依据']);
  for (const v of [...fresh.slice(1, 4), base[0]!]) ws.addRow([v.name, v.idNumber, v.gender, v.group, v.householdId, Number(v.phone), '户籍']);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const dup = await importRegister(sql, e.electionId, e.clerk, { filename: '名单.xlsx', bytes: xlsx });
  expect(dup.status).toBe('rejected');
  expect((await importById(sql, e.electionId, dup.importId))!.errors).toEqual([{ row: 5, field: 'idNumber', key: 'election.errors.alreadyRegistered' }]);

  ws.spliceRows(5, 1);
  const ok = await importRegister(sql, e.electionId, e.clerk, { filename: '名单.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
  expect(ok).toMatchObject({ status: 'imported' });
  expect(await activeCount(e.electionId)).toBe(13);

  const [row] = await sql<{ id_cipher: string; id_hash: string; id_masked: string; phone: string }[]>`
    select id_cipher, id_hash, id_masked, phone from voters where election_id = ${e.electionId} and name = ${fresh[1]!.name} and import_id = ${ok.importId}`;
  expect(row!.id_cipher).not.toContain(fresh[1]!.idNumber.slice(6, 14));
  expect(decryptIdNumber(row!.id_cipher)).toBe(fresh[1]!.idNumber);
  expect(row!.id_hash).toBe(hashIdNumber(fresh[1]!.idNumber));
  expect(row!.id_masked).toBe(fresh[1]!.idNumber.slice(0, 3) + '*'.repeat(11) + fresh[1]!.idNumber.slice(-4));
  expect(row!.phone).toBe(fresh[1]!.phone);
  const audits = await sql`select action from audit_log where community_id = ${e.community.id} and action = 'voter_register.imported'`;
  expect(audits).toHaveLength(2); // the first import and this one
  expect(JSON.stringify(await sql`select details from audit_log where community_id = ${e.community.id}`)).not.toContain(fresh[1]!.idNumber);
});

it('reads a CSV saved in GBK by Excel and names missing columns', async () => {
  const e = await setUp(syntheticVoters(10), 'registration');
  const gbBytes = encodeGb18030(registerCsv(syntheticVoters(1)));
  const r = await importRegister(sql, e.electionId, e.clerk, { filename: 'gbk.csv', bytes: gbBytes });
  expect(r.status).toBe('imported');
  const missing = await importRegister(sql, e.electionId, e.clerk, { filename: 'x.csv', bytes: Buffer.from('姓名,性别\n张三,男\n', 'utf8') });
  expect(missing).toMatchObject({ status: 'rejected', failureKey: 'election.errors.importMissingColumns' });
});

it('refuses another community’s registered voter, and imports outside registration', async () => {
  const voters = syntheticVoters(10);
  const first = await setUp(voters, 'registration');
  const second = await setUp(syntheticVoters(10), 'registration');
  const clash = await importRegister(sql, second.electionId, second.clerk, { filename: 'x.csv', bytes: Buffer.from(registerCsv([voters[3]!]), 'utf8') });
  expect(clash.status).toBe('rejected');
  expect((await importById(sql, second.electionId, clash.importId))!.errors).toEqual([{ row: 2, field: 'idNumber', key: 'election.errors.registeredElsewhere' }]);
  void first;

  const later = await setUp(syntheticVoters(10), 'register_published');
  const e = (await electionById(sql, later.electionId))!;
  const refused = await uploadRegister({ election: e, actor: later.clerk, importId: randomUUID(), filename: 'late.csv', bytes: Buffer.from(registerCsv(syntheticVoters(2)), 'utf8'), sql });
  expect(refused).toMatchObject({ ok: false, key: 'election.errors.registrationClosed' });
});

it('changes a published register only through objections the committee upheld; every change audited', async () => {
  const voters = syntheticVoters(10);
  // Objections run until E−5 and are decided by E−2: a 200-ms day leaves the test 3 s for them.
  const e = await setUp(voters, 'registration', 200);
  const extra = syntheticVoters(2);
  const manual = (v: DemoVoter) => ({ name: v.name, idNumber: v.idNumber, gender: v.gender, group: v.group, householdId: v.householdId, phone: v.phone, basis: 'local_hukou' });
  const added = await addVoter(sql, { electionId: e.electionId, actor: e.clerk.userId, voter: manual(extra[0]!) });
  expect(added.ok).toBe(true);
  expect(await addVoter(sql, { electionId: e.electionId, actor: e.clerk.userId, voter: manual(extra[0]!) })).toMatchObject({ ok: false, key: 'election.errors.alreadyRegistered' });
  const [someone] = await voterIds(sql, e.electionId);
  expect(await removeVoter(sql, { electionId: e.electionId, actor: e.clerk.userId, voterId: someone!.id, reason: '' })).toMatchObject({ key: 'election.errors.reasonRequired' });
  expect(await removeVoter(sql, { electionId: e.electionId, actor: e.clerk.userId, voterId: someone!.id, reason: '已迁出本社区' })).toEqual({ ok: true });

  // Objections before publication are refused.
  expect(await raiseObjection(sql, { electionId: e.electionId, actor: e.resident.id, kind: 'missing', body: '我家老人没在名单上' })).toMatchObject({ key: 'election.errors.objectionsNotOpen' });
  const { drive } = await import('../db/seed-elections.server');
  await drive(e.electionId, e.clerk, { action: 'publishRegister' });

  expect(await addVoter(sql, { electionId: e.electionId, actor: e.clerk.userId, voter: manual(extra[1]!) })).toMatchObject({ key: 'election.errors.registerLocked' });
  const missing = await raiseObjection(sql, { electionId: e.electionId, actor: e.resident.id, kind: 'missing', body: `${extra[1]!.name}住在本社区，名单上没有。` });
  if (!missing.ok) throw new Error(missing.key);
  const [row] = await sql<{ decideBy: Date; raisedAt: Date }[]>`select decide_by as "decideBy", raised_at as "raisedAt" from voter_objections where id = ${missing.objectionId}`;
  expect(row!.decideBy.getTime()).toBeGreaterThan(row!.raisedAt.getTime());
  // Not yet decided: the objection does not authorize a change.
  expect(await addVoter(sql, { electionId: e.electionId, actor: e.clerk.userId, voter: manual(extra[1]!), objectionId: missing.objectionId })).toMatchObject({ key: 'election.errors.objectionNotFound' });
  expect(await decideObjection(sql, { electionId: e.electionId, actor: e.clerk.userId, objectionId: missing.objectionId, decision: 'upheld', reason: '经核实属实' })).toEqual({ ok: true });
  expect(await decideObjection(sql, { electionId: e.electionId, actor: e.clerk.userId, objectionId: missing.objectionId, decision: 'dismissed', reason: 'x' })).toMatchObject({ key: 'election.errors.objectionAlreadyDecided' });
  expect((await addVoter(sql, { electionId: e.electionId, actor: e.clerk.userId, voter: manual(extra[1]!), objectionId: missing.objectionId })).ok).toBe(true);
  expect(await activeCount(e.electionId)).toBe(11);

  const actions = (await sql<{ action: string }[]>`select action from audit_log where community_id = ${e.community.id} order by id`).map((r) => r.action);
  expect(actions).toEqual(expect.arrayContaining(['voter.added', 'voter.removed', 'voter_objection.raised', 'voter_objection.decided', 'voter_register.published']));
  expect(actions.filter((a) => a === 'voter.added')).toHaveLength(2);
});

it('records proxies within the limit of 3 per holder, never for online voting', async () => {
  const voters = syntheticVoters(10);
  // Proxies are recorded until E−3: a 400-ms day leaves this test 6 s to do it during nomination
  // (3 s were too few on a busy machine).
  const e = await setUp(voters, 'nomination', 400);
  const ids = (await voterIds(sql, e.electionId)).map((v) => v.id);
  const proxy = (giver: string, holder: string, relationship = '母子') =>
    recordProxy(sql, { electionId: e.electionId, actor: e.clerk.userId, giverVoterId: giver, holderVoterId: holder, relationship, written: true });
  expect(await proxy(ids[1]!, ids[0]!)).toEqual({ ok: true });
  expect(await proxy(ids[2]!, ids[0]!)).toEqual({ ok: true });
  expect(await proxy(ids[3]!, ids[0]!)).toEqual({ ok: true });
  expect(await proxy(ids[4]!, ids[0]!)).toMatchObject({ ok: false, key: 'election.errors.proxyLimitReached', params: { max: 3 } });
  expect(await proxy(ids[1]!, ids[5]!)).toMatchObject({ key: 'election.errors.proxyAlreadyGiven' });
  expect(await proxy(ids[6]!, ids[6]!)).toMatchObject({ key: 'election.errors.proxySelf' });
  expect(await proxy(ids[7]!, ids[8]!, '')).toMatchObject({ key: 'election.errors.proxyNotCloseRelative' });
  expect(await proxiesOf(sql, e.electionId)).toHaveLength(3);

  // Once voting opens the giver cannot vote online.
  const { drive, waitForPhase, yesTo } = await import('../db/seed-elections.server');
  await drive(e.electionId, e.clerk, { action: 'finalizeCandidates' });
  const open = await waitForPhase(sql, e.electionId, 'voting', 30_000);
  expect(await castOnlineBallot({ electionId: e.electionId, voterId: ids[1]!, roundNo: 1, ballot: yesTo(open.snapshot, []), sql })).toMatchObject({
    ok: false,
    key: 'election.errors.proxyNeverOnline',
  });
  void pause;
});

/** GB18030 for the few characters a register header and synthetic rows use, via Node's ICU decoder table. */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  // Build a reverse table for the CJK block lazily: two-byte GBK codes 0x81–0xFE / 0x40–0xFE.
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
