/**
 * Demo elections for 春晖社区, and the drivers that run an election through its real workflow
 * (used by the demo seed and by the integration tests). Everything goes through
 * app/elections.server.ts and a running worker: nothing here writes the read model directly.
 *
 * `seedDemoElections` makes one FINISHED election (main round and a runoff, results disclosed) and
 * one OPEN election (voting open, online voting approved) with a scaled day, so the statutory
 * periods pass in seconds. Demo accounts of 春晖 are on both registers (matched by name and phone),
 * so 周玉珍 (`resident`) can vote online in the open one.
 */
import { randomUUID } from 'node:crypto';
import {
  castOnlineBallot,
  createElection,
  enterPaperTotals,
  sendElectionCommand,
  uploadRegister,
  type SetUp,
} from '../app/elections.server';
import type { Ballot } from '../domain/election/ballot';
import { addDays } from '../domain/election/dates';
import { idCheckCharacter } from '../domain/election/idcard';
import type { Office } from '../domain/election/plan';
import type { Actor, ElectionCommand, ElectionSnapshot } from '../domain/election/process';
import type { Role } from '../domain/roles';
import type { Sql } from './client.server';
import { DEMO_PASSWORD } from './seed.server';
import { electionById, searchVoters } from './elections.server';

// ─── drivers ────────────────────────────────────────────────────────────────────────────────────

export const pause = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** A valid resident ID number (GB 11643 check character) with a made-up address code. */
export function makeIdNumber(birth: string, seq: number, female = false): string {
  const s = String(seq % 1000).padStart(3, '0');
  const odd = Number(s[2]) % 2 === 1;
  const fixed = female === odd ? s.slice(0, 2) + String((Number(s[2]) + 1) % 10) : s;
  const first17 = '110105' + birth.replaceAll('-', '') + fixed;
  return first17 + idCheckCharacter(first17);
}

export type DemoVoter = { name: string; idNumber: string; gender: '男' | '女'; group: string; householdId: string; phone: string; basis: string };

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** A register as CSV with the Chinese headers a committee uses. */
export function registerCsv(voters: readonly DemoVoter[]): string {
  const head = ['姓名', '身份证号码', '性别', '居民小组', '户号', '手机号码', '登记依据'];
  const lines = voters.map((v) => [v.name, v.idNumber, v.gender, v.group, v.householdId, v.phone, v.basis].map(cell).join(','));
  return [head.join(','), ...lines].join('\n') + '\n';
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['秀英', '桂英', '玉兰', '建华', '国强', '丽娟', '志明', '淑珍', '德明', '海燕', '红梅', '建军', '文华', '晓东', '春梅', '永刚', '金凤', '立新', '雪梅', '振华'];

/** `n` made-up voters, all adults, with distinct valid ID numbers (names repeat, as in life). */
export function syntheticVoters(n: number, opts: { phonePrefix?: string; region?: string } = {}): DemoVoter[] {
  // A random address code keeps each call's people distinct from every other call's (edge #16
  // refuses a person registered in another community's running election).
  const region = opts.region ?? String(100_000 + Math.floor(Math.random() * 800_000));
  return Array.from({ length: n }, (_, k) => {
    const female = k % 2 === 0;
    const birth = addDays('1940-01-01', k % 20_000); // born 1940–1994
    const seq = (Math.floor(k / 20_000) * 2 + (female ? 0 : 1)) % 1000; // 17th digit: odd = male
    const first17 = region + birth.replaceAll('-', '') + String(seq).padStart(3, '0');
    return {
      name: SURNAMES[k % SURNAMES.length]! + GIVEN[Math.floor(k / SURNAMES.length) % GIVEN.length]!,
      idNumber: first17 + idCheckCharacter(first17),
      gender: female ? '女' : '男',
      group: `第${(k % 4) + 1}居民小组`,
      householdId: `H${String(Math.floor(k / 2)).padStart(5, '0')}`,
      phone: `${opts.phonePrefix ?? '139'}${String(k).padStart(8, '0')}`,
      basis: k % 9 === 0 ? '居住' : '户籍',
    };
  });
}

export async function waitForPhase(sql: Sql, electionId: string, phases: ElectionSnapshot['phase'] | ElectionSnapshot['phase'][], timeoutMs = 60_000) {
  const want = Array.isArray(phases) ? phases : [phases];
  const until = Date.now() + timeoutMs;
  for (;;) {
    const e = await electionById(sql, electionId);
    if (e && want.includes(e.phase)) return e;
    if (Date.now() > until) throw new Error(`election ${electionId} did not reach ${want.join('/')} (is ${e?.phase})`);
    await pause(40);
  }
}

/** Sends a command; waits out a statutory period ("tooEarly") or a finishing import and retries; throws on other refusals. */
export async function drive(electionId: string, actor: Actor, command: ElectionCommand) {
  let importWaits = 0;
  for (;;) {
    const r = await sendElectionCommand(electionId, actor, command);
    if (r.ok) return r.receipt;
    if (r.key === 'election.errors.tooEarly') {
      await pause(Number(r.params?.at) - Date.now() + 5);
      continue;
    }
    // An import's row is marked finished by its activity just before the workflow hears of it.
    if (r.key === 'election.errors.importRunning' && importWaits++ < 200) {
      await pause(50);
      continue;
    }
    throw new Error(`${command.action} refused: ${r.key} ${JSON.stringify(r.params ?? {})}`);
  }
}

/** Imports a register through the workflow and waits for the import to finish. */
export async function importRegister(sql: Sql, electionId: string, actor: Actor, file: { filename: string; bytes: Buffer }) {
  const e = await waitForPhase(sql, electionId, 'registration');
  const importId = randomUUID();
  const r = await uploadRegister({ election: e, actor, importId, filename: file.filename, bytes: file.bytes, sql });
  if (!r.ok) throw new Error(`upload refused: ${r.key}`);
  for (;;) {
    const [row] = await sql<{ status: string; errorCount: number; failureKey: string | null }[]>`
      select status, error_count as "errorCount", failure_key as "failureKey" from voter_imports where id = ${importId}`;
    if (row && ['imported', 'rejected', 'refused'].includes(row.status)) return { importId, ...row };
    await pause(50);
  }
}

export type Nomination = { name: string; office: Office; votes: number };

/** Adds nominees by their names on the register (first match). */
export async function nominate(sql: Sql, electionId: string, actor: Actor, nominations: readonly Nomination[]) {
  await waitForPhase(sql, electionId, 'nomination');
  const ids: Record<string, string> = {};
  for (const n of nominations) {
    const { voters } = await searchVoters(sql, electionId, { query: n.name, limit: 5 });
    const v = voters.find((x) => x.name === n.name) ?? voters[0];
    if (!v) throw new Error(`no voter named ${n.name}`);
    const [u] = await sql<{ userId: string | null }[]>`select user_id as "userId" from voters where id = ${v.id}`;
    await drive(electionId, actor, {
      action: 'addNominee',
      nominee: { voterId: v.id, name: v.name, gender: v.gender, office: n.office, nominationVotes: n.votes, userId: u?.userId ?? null },
    });
    ids[n.name] = v.id;
  }
  return ids;
}

/** A ballot saying yes to the named candidates (by voter id), abstaining on the rest. */
export function yesTo(s: ElectionSnapshot, yes: readonly string[]): Ballot {
  const ballot: Ballot = {};
  for (const sec of s.round!.form.sections) {
    const marks: Record<string, 'yes'> = {};
    for (const id of sec.candidateIds) if (yes.includes(id)) marks[id] = 'yes';
    ballot[sec.office] = { marks, writeIns: [] };
  }
  return ballot;
}

/** Active voter ids of an election, in register order. */
export async function voterIds(sql: Sql, electionId: string): Promise<{ id: string; name: string; userId: string | null }[]> {
  return sql<{ id: string; name: string; userId: string | null }[]>`
    select id, name, user_id as "userId" from voters where election_id = ${electionId} and status = 'active' order by household_id, name`;
}

export type ToVoting = {
  sql: Sql;
  communityId: string;
  /** Party secretary or street-office staff who sets the election up. */
  starter: Actor;
  /** Election committee (user ids); the first is its chair; `clerk` must be one of them. */
  committee: string[];
  clerk: Actor;
  voters: readonly DemoVoter[];
  /** Picks nominees once the register exists (names on it). */
  nominations: (voters: readonly DemoVoter[]) => Nomination[];
  dayMs: number;
  taskQueue?: string;
  title?: string;
  electionDay?: string;
  seats?: { director: number; deputy: number; member: number };
  /** 补选 of the sitting committee's vacant seats (the seats must fit the vacancies). */
  byElection?: boolean;
  onlineVoting?: boolean;
  pollingPlace?: string;
  approvalRef?: string;
};

/** Runs a new election through set-up, register import, publication, nomination and the list to open polls. */
export async function runElectionToVoting(o: ToVoting) {
  return runElectionUntil(o, 'voting') as Promise<{ electionId: string; ids: Record<string, string>; snapshot: ElectionSnapshot }>;
}

const STOPS = ['registration', 'register_published', 'nomination', 'candidates_published', 'voting'] as const;

/** The same, stopping once the election has reached `until`. */
export async function runElectionUntil(o: ToVoting, until: (typeof STOPS)[number]) {
  const reached = (p: (typeof STOPS)[number]) => STOPS.indexOf(until) <= STOPS.indexOf(p);
  const electionId = randomUUID();
  const created = await createElection({
    electionId,
    title: o.title ?? '测试换届选举',
    committee: o.committee,
    chair: o.committee[0]!,
    plan: {
      electionDay: o.electionDay ?? '2026-12-10',
      mode: 'direct',
      seats: o.seats ?? { director: 1, deputy: 1, member: 3 },
      memberMargin: 1,
      pollingPlaces: [o.pollingPlace ?? '社区活动中心'],
      onlineVoting: o.onlineVoting === false ? { enabled: false } : { enabled: true, approvalRef: o.approvalRef ?? '街道批复〔2026〕1号' },
    },
    ...(o.byElection ? { byElection: true } : {}),
    actor: { userId: o.starter.userId },
    communityId: o.communityId,
    dayMs: o.dayMs,
    taskQueue: o.taskQueue,
    sql: o.sql,
  });
  if (!created.ok) throw new Error(`set-up refused: ${created.key}`);
  const ids: Record<string, string> = {};
  const done = async () => ({ electionId, ids, snapshot: (await electionById(o.sql, electionId))!.snapshot });
  const imported = await importRegister(o.sql, electionId, o.clerk, { filename: 'voters.csv', bytes: Buffer.from(registerCsv(o.voters), 'utf8') });
  if (imported.status !== 'imported') throw new Error(`register import ${imported.status}: ${imported.failureKey ?? imported.errorCount}`);
  if (reached('registration')) return done();
  await drive(electionId, o.clerk, { action: 'publishRegister' });
  if (reached('register_published')) return done();
  Object.assign(ids, await nominate(o.sql, electionId, o.clerk, o.nominations(o.voters)));
  if (reached('nomination')) return done();
  await drive(electionId, o.clerk, { action: 'finalizeCandidates' });
  if (reached('candidates_published')) return done();
  await waitForPhase(o.sql, electionId, 'voting');
  return done();
}

// ─── the demo ───────────────────────────────────────────────────────────────────────────────────

export type SeedElectionsOptions = {
  sql: Sql;
  /** For the two extra election-committee accounts (password `minyi-demo`, like every demo login). */
  hashPassword: (p: string) => Promise<string>;
  /** Task queue of the running worker (`MINYI_TASK_QUEUE`, e.g. 'minyi-e2e'); default 'minyi'. */
  taskQueue?: string;
  /** Temporal frontend; default TEMPORAL_ADDRESS or 127.0.0.1:7233. */
  temporalAddress?: string;
  /** Length of a scaled day in the demo elections (ms); default 500: the runoff must open within
   *  ELECTION_DAYS.runoffMax such days of the main round, also on a busy two-core machine. */
  dayMs?: number;
  log?: (line: string) => void;
};

const DEMO_MARK = '演示';

/** Demo logins added for the election committee (password `minyi-demo`). */
export const EXTRA_COMMITTEE = [
  { username: 'election-committee-2', displayName: '钱秀梅', phone: '13800000021' },
  { username: 'election-committee-3', displayName: '孙建平', phone: '13800000022' },
] as const;

/**
 * Creates the two demo elections in 春晖 (slug 'chunhui') unless they exist. Needs: migrations
 * applied, `seedDemo` done, and a worker polling `taskQueue`. Takes about 15 s.
 */
export async function seedDemoElections(o: SeedElectionsOptions): Promise<boolean> {
  const { sql } = o;
  const log = o.log ?? (() => {});
  if (o.temporalAddress) process.env.TEMPORAL_ADDRESS = o.temporalAddress;
  const [community] = await sql<{ id: string }[]>`select id from communities where slug = 'chunhui'`;
  if (!community) throw new Error('seedDemo has not run: community chunhui is missing');
  const [exists] = await sql`select 1 from elections where community_id = ${community.id} and title like ${'%' + DEMO_MARK + '%'}`;
  if (exists) return false;
  const dayMs = o.dayMs ?? 500;

  const user = async (username: string) => {
    const [u] = await sql<{ id: string; name: string; phone: string }[]>`select id, display_name as name, phone from users where username = ${username}`;
    if (!u) throw new Error(`demo account ${username} is missing`);
    return u;
  };
  const actorOf = async (username: string): Promise<Actor> => {
    const u = await user(username);
    const roles = await sql<{ role: Role }[]>`
      select distinct m.role from memberships m left join communities c on c.street_office_id = m.street_office_id
      where m.user_id = ${u.id} and (m.community_id = ${community.id} or c.id = ${community.id})`;
    return { userId: u.id, roles: roles.map((r) => r.role) };
  };

  // Demo accounts are residents too: they go on the register with their names and phones.
  const demoNames = ['secretary', 'party-committee', 'director', 'party-member', 'representative', 'group-leader', 'resident', 'supervisor', 'election-committee'];
  const people: DemoVoter[] = [];
  for (const [i, username] of demoNames.entries()) {
    const u = await user(username);
    const female = ['李秀英', '陈桂兰', '周玉珍', '郑丽'].includes(u.name);
    people.push({
      name: u.name,
      idNumber: makeIdNumber(`19${60 + i}-0${(i % 9) + 1}-1${i}`, 100 + i * 2 + (female ? 0 : 1), female),
      gender: female ? '女' : '男',
      group: `第${(i % 4) + 1}居民小组`,
      householdId: `D${String(i + 1).padStart(3, '0')}`,
      phone: u.phone,
      basis: '户籍',
    });
  }
  const others = demoVoterList(36);

  // The election committee: 郑丽 (`election-committee`) chairs it; two residents join her, so no
  // other demo login gains a role. Their logins: `election-committee-2`, `election-committee-3`.
  const passwordHash = await o.hashPassword(DEMO_PASSWORD);
  for (const extra of EXTRA_COMMITTEE) {
    const [had] = await sql`select 1 from users where username = ${extra.username}`;
    if (had) continue;
    const id = randomUUID();
    await sql`insert into users (id, username, display_name, password_hash, phone)
              values (${id}, ${extra.username}, ${extra.displayName}, ${passwordHash}, ${extra.phone})`;
    await sql`insert into memberships (user_id, role, community_id) values (${id}, 'resident', ${community.id})`;
  }
  const chair = await user('election-committee');
  const committee = [chair.id, (await user(EXTRA_COMMITTEE[0].username)).id, (await user(EXTRA_COMMITTEE[1].username)).id];
  const starter = await actorOf('secretary');
  const ec = await actorOf('election-committee');
  const supervisor = await actorOf('supervisor');

  const common = (title: string, electionDay: string): Omit<SetUp, 'electionId'> => ({
    title,
    committee,
    chair: chair.id,
    plan: {
      electionDay,
      mode: 'direct',
      seats: { director: 1, deputy: 1, member: 3 },
      memberMargin: 1,
      pollingPlaces: ['春晖社区党群服务中心一楼大厅'],
      onlineVoting: { enabled: true, approvalRef: '和平街道批复〔2026〕3号' },
    },
  });
  const nominations = (o2: (typeof others)[number][]): Nomination[] => [
    { name: '张伟', office: 'director', votes: 31 },
    { name: o2[0]!.name, office: 'director', votes: 12 },
    { name: o2[1]!.name, office: 'deputy', votes: 27 },
    { name: o2[2]!.name, office: 'deputy', votes: 15 },
    { name: o2[3]!.name, office: 'member', votes: 29 },
    { name: o2[4]!.name, office: 'member', votes: 24 },
    { name: o2[5]!.name, office: 'member', votes: 20 },
    { name: o2[6]!.name, office: 'member', votes: 18 },
  ];

  const toVoting = async (setUp: Omit<SetUp, 'electionId'>) =>
    runElectionToVoting({
      sql,
      communityId: community.id,
      starter,
      committee,
      clerk: ec,
      voters: [...people, ...others],
      nominations: () => nominations(others),
      dayMs,
      taskQueue: o.taskQueue,
      title: setUp.title,
      electionDay: setUp.plan.electionDay,
      pollingPlace: setUp.plan.pollingPlaces[0],
      approvalRef: setUp.plan.onlineVoting?.enabled ? setUp.plan.onlineVoting.approvalRef : undefined,
    });

  // ── 1. the finished election: main round leaves a member seat open, a runoff fills it ───────
  log('  demo election 1/2 (finished)…');
  const done = await toVoting(common(`2021年春晖社区居民委员会换届选举（${DEMO_MARK}）`, '2021-06-20'));
  const voters = (await sqlVoters(sql, done.electionId)).filter((v) => v.name !== '周玉珍');
  const c = (i: number) => done.ids[nominations(others)[i]!.name]!;
  // 24 online ballots of 45 voters, plus a paper box of 8: 32 returned, 17 needed for 双过半.
  const main = [
    ...Array(14).fill([c(0), c(2), c(4), c(5), c(6)]),
    ...Array(6).fill([c(0), c(2), c(4), c(5), c(7)]),
    ...Array(4).fill([c(1), c(3), c(4), c(7)]),
  ] as string[][];
  for (const [i, yes] of main.entries())
    await mustCast(sql, done.electionId, voters[i]!.id, 1, yesTo(done.snapshot, yes));
  const boxVotes = (director: number, deputy: number, members: [number, number, number, number]) => ({
    director: { [c(0)]: director },
    deputy: { [c(2)]: deputy },
    member: { [c(4)]: members[0], [c(5)]: members[1], [c(6)]: members[2], [c(7)]: members[3] },
  });
  await enterBox(sql, done.electionId, ec, { boxId: '中心投票站', issued: 8, returned: 8, votes: boxVotes(6, 5, [6, 5, 0, 2]), voidSections: { member: 1 } });
  await drive(done.electionId, supervisor, { action: 'confirmPaperTotals', boxId: '中心投票站' });
  await drive(done.electionId, ec, { action: 'closePolls' });
  await drive(done.electionId, ec, { action: 'tally' });
  // members c4 (30) and c5 (25) are elected; c6 (14 + 0) and c7 (10 + 2) miss 17 → runoff between them
  const runoff = await waitForPhase(sql, done.electionId, ['awaiting_round', 'results']);
  if (runoff.phase === 'awaiting_round') {
    await drive(done.electionId, ec, { action: 'openNextRound' });
    const open = await waitForPhase(sql, done.electionId, 'voting');
    // 26 of 45 take part (the turnout rule applies to the runoff too); c6 wins with most votes.
    for (const [i, v] of voters.slice(0, 26).entries())
      await mustCast(sql, done.electionId, v.id, open.roundNo, yesTo(open.snapshot, [i < 17 ? c(6) : c(7)]));
    await drive(done.electionId, ec, { action: 'closePolls' });
    await drive(done.electionId, ec, { action: 'tally' });
  }
  await waitForPhase(sql, done.electionId, ['results', 'closed']);

  // ── 2. the open election: voting open now, online voting approved ───────────────────────────
  log('  demo election 2/2 (voting open)…');
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const open = await toVoting({ ...common(`2026年春晖社区居民委员会换届选举（${DEMO_MARK}）`, today) });
  const openVoters = (await sqlVoters(sql, open.electionId)).filter((v) => v.userId === null);
  const oc = (i: number) => open.ids[nominations(others)[i]!.name]!;
  for (const [i, v] of openVoters.slice(0, 9).entries())
    await mustCast(sql, open.electionId, v.id, 1, yesTo(open.snapshot, i % 3 === 2 ? [oc(1), oc(3), oc(5)] : [oc(0), oc(2), oc(4), oc(6)]));
  return true;
}

/** 36 residents of 春晖 for the demo, distinct from the demo accounts. */
function demoVoterList(n: number): DemoVoter[] {
  const names = ['林秀兰', '何志刚', '郭美玲', '罗建平', '梁玉梅', '宋国庆', '唐丽华', '韩德胜', '冯淑芬', '曹振东', '彭桂芝', '曾永华', '肖红英', '田建新', '董秀珍', '袁海涛', '潘玉珍', '蒋立军', '蔡凤英', '杜文斌', '叶丽萍', '程国栋', '苏美华', '魏长青', '吕秀云', '丁建国', '任玉兰', '沈志远', '姚桂兰', '卢海明', '姜淑华', '崔建设', '钟丽琴', '谭振国', '陆秀芳', '汪德华'];
  return names.slice(0, n).map((name, i) => {
    const female = /[兰玲梅华芬芝英珍萍云琴芳]$/.test(name);
    return {
      name,
      idNumber: makeIdNumber(`19${45 + (i % 50)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`, 300 + i * 2 + (female ? 0 : 1), female),
      gender: female ? '女' : '男',
      group: `第${(i % 4) + 1}居民小组`,
      householdId: `H${String(Math.floor(i / 2) + 101).padStart(4, '0')}`,
      phone: `1390000${String(1000 + i).slice(-4)}`,
      basis: i % 7 === 3 ? '居住' : '户籍',
    };
  });
}

async function sqlVoters(sql: Sql, electionId: string) {
  return voterIds(sql, electionId);
}

async function mustCast(sql: Sql, electionId: string, voterId: string, roundNo: number, ballot: Ballot) {
  const r = await castOnlineBallot({ electionId, voterId, roundNo, ballot, sql });
  if (!r.ok) throw new Error(`demo ballot refused: ${r.key}`);
  return r.receipt;
}

async function enterBox(
  sql: Sql,
  electionId: string,
  actor: Actor,
  entry: { boxId: string; issued: number; returned: number; votes: Partial<Record<Office, Record<string, number>>>; voidSections?: Partial<Record<Office, number>> },
) {
  const e = (await electionById(sql, electionId))!;
  const r = await enterPaperTotals({
    election: e,
    actor,
    idempotencyKey: randomUUID(),
    entry,
    scan: { filename: '计票单.png', contentType: 'image/png', bytes: TINY_PNG },
    sql,
  });
  if (!r.ok) throw new Error(`paper totals refused: ${r.key}`);
}

/** A 1×1 white PNG standing in for the scan of a signed tally sheet. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);
