/**
 * The demo motions' helpers (db/seed-motions.server.ts): the demo people and the bodies they sit
 * on, and one method per step of "四议两公开", each sent through app/motions.server.ts as the web
 * sends it, with a fixed idempotency key (a repeated seed command is answered, not applied twice).
 */
import { createHash } from 'node:crypto';
import * as motions from '../app/motions.server';
import type { Caller } from '../app/motions.server';
import {
  approveDisclosureSchema,
  castVoteSchema,
  conveneMeetingSchema,
  draftMotionSchema,
  jointMeetingSchema,
  opinionAnswerSchema,
  partyCommitteeDecisionSchema,
  partyMeetingSchema,
  residentOpinionSchema,
} from '../domain/motion/schemas';
import { openingAfterRefusal } from '../domain/motion/deadlines';
import type { MotionSettingsInput } from '../domain/motion/settings';
import type { MotionState } from '../domain/motion/stages';
import type { Role } from '../domain/roles';
import type { Sql } from './client.server';
import { rolesInCommunity } from './people.server';
import { DEMO_PASSWORD } from './seed.server';

/** The people the demo motions need besides the one-per-role demo accounts. */
export const EXTRA_DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; attrs: Record<string, unknown>; alsoParty?: boolean }[] = [
  { username: 'rep2', displayName: '黄秀兰', role: 'resident_representative', attrs: { constituency: '第二居民小组' } },
  { username: 'rep3', displayName: '林国强', role: 'resident_representative', attrs: { constituency: '第三居民小组' } },
  { username: 'rep4', displayName: '何玉梅', role: 'resident_representative', attrs: { constituency: '第四居民小组' } },
  { username: 'rep5', displayName: '马建华', role: 'resident_representative', attrs: { constituency: '第五居民小组' } },
  { username: 'rep6', displayName: '罗淑珍', role: 'resident_representative', attrs: { constituency: '第六居民小组' } },
  { username: 'rep7', displayName: '高志明', role: 'resident_representative', attrs: { constituency: '第七居民小组' } },
  { username: 'committee2', displayName: '徐丽华', role: 'committee_member', attrs: { office: 'deputy_director' } },
  { username: 'committee3', displayName: '胡军', role: 'committee_member', attrs: { office: 'member' } },
  { username: 'party-committee2', displayName: '郭红梅', role: 'party_committee_member', attrs: {}, alsoParty: true },
  { username: 'party-committee3', displayName: '朱文斌', role: 'party_committee_member', attrs: {}, alsoParty: true },
  { username: 'party-member2', displayName: '孙建平', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member3', displayName: '杨桂芳', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member4', displayName: '曹德胜', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member5', displayName: '邓淑英', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member6', displayName: '许志远', role: 'party_member', attrs: { full_member: true } },
  { username: 'party-member7', displayName: '韩美玲', role: 'party_member', attrs: { full_member: true } },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Fixed idempotency keys: a repeated seed command is answered, not applied twice. */
export const k = (name: string) => 'seed-' + createHash('sha256').update(name).digest('hex').slice(0, 24);

export function today(): string {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return d.toISOString().slice(0, 10);
}

type Body = 'joint_meeting' | 'party_members_meeting' | 'representatives_meeting';
export type SeedOptions = {
  sql: Sql;
  communityId: string;
  hashPassword: (p: string) => Promise<string>;
  /** Demo user ids by username; looked up when absent. */
  users?: Record<string, string>;
  taskQueue?: string;
  log?: (line: string) => void;
};

/** The demo's people, the bodies they sit on, and the steps of a motion as the demo takes them. */
export class DemoMotions {
  readonly created: { id: string; title: string }[] = [];
  private constructor(
    private readonly o: SeedOptions,
    private readonly ids: Map<string, string>,
    private readonly names: Map<string, string>,
    readonly secretary: Caller,
    readonly director: Caller,
    /** Everyone on each body, from memberships (the workflow freezes the same rosters). */
    readonly bodies: { partyCommittee: string[]; joint: string[]; fullPartyMembers: string[]; voters: string[] },
  ) {}

  /** Adds the extra demo accounts (once) and reads who holds which role. */
  static async open(o: SeedOptions): Promise<DemoMotions> {
    const { sql, communityId } = o;
    const passwordHash = await o.hashPassword(DEMO_PASSWORD);
    for (const a of EXTRA_DEMO_ACCOUNTS) {
      const [row] = await sql<{ id: string }[]>`
        insert into users (id, username, display_name, password_hash)
        values (${crypto.randomUUID()}, ${a.username}, ${a.displayName}, ${passwordHash})
        on conflict (username) do nothing returning id`;
      if (!row) continue;
      const grants: { role: Role; attrs: Record<string, unknown> }[] = [{ role: a.role, attrs: a.attrs }];
      if (a.role === 'resident_representative') grants.push({ role: 'resident', attrs: {} });
      if (a.alsoParty) grants.push({ role: 'party_member', attrs: { full_member: true } });
      for (const g of grants) {
        await sql`insert into memberships (user_id, role, community_id, attrs)
                  values (${row.id}, ${g.role}, ${communityId}, ${sql.json(g.attrs as never)})`;
      }
    }
    const ids = new Map<string, string>(Object.entries(o.users ?? {}));
    const rows = await sql<{ id: string; username: string; displayName: string }[]>`
      select id, username, display_name as "displayName" from users`;
    for (const r of rows) if (!ids.has(r.username)) ids.set(r.username, r.id);
    const names = new Map(rows.map((r) => [r.id, r.displayName]));
    const holders = async (roles: Role[], fullOnly = false) =>
      (
        await sql<{ id: string }[]>`
          select distinct m.user_id as id from memberships m
          where m.community_id = ${communityId} and m.role = any(${roles})
            and (${!fullOnly} or coalesce((m.attrs->>'full_member')::boolean, false))
            and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)
          order by 1`
      ).map((r) => r.id);
    const bodies = {
      partyCommittee: await holders(['party_secretary', 'party_committee_member']),
      joint: await holders(['party_secretary', 'party_committee_member', 'committee_member']),
      fullPartyMembers: await holders(['party_member'], true),
      voters: await holders(['committee_member', 'resident_representative']),
    };
    const callerOf = (userId: string | undefined, username: string) => DemoMotions.callerOf(sql, communityId, names, userId, username);
    return new DemoMotions(o, ids, names, await callerOf(ids.get('secretary'), 'secretary'), await callerOf(ids.get('director'), 'director'), bodies);
  }

  private static async callerOf(sql: Sql, communityId: string, names: Map<string, string>, userId: string | undefined, username: string): Promise<Caller> {
    if (!userId) throw new Error(`demo user ${username} is missing`);
    return { userId, displayName: names.get(userId) ?? username, roles: await rolesInCommunity(sql, userId, communityId), communityId };
  }

  idOf(username: string): string | undefined {
    return this.ids.get(username);
  }
  caller(username: string): Promise<Caller> {
    return DemoMotions.callerOf(this.o.sql, this.o.communityId, this.names, this.ids.get(username), username);
  }
  log(line: string): void {
    this.o.log?.(line);
  }

  must<T>(r: motions.CommandResult<T>, what: string): { ok: true } & T {
    if (!r.ok) throw new Error(`demo motion: ${what} refused (${r.key})`);
    return r;
  }
  async stateOf(id: string): Promise<MotionState> {
    return (await this.o.sql<{ state: MotionState }[]>`select state from motions where id = ${id}`)[0]!.state;
  }
  async until(id: string, state: MotionState, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while ((await this.stateOf(id)) !== state) {
      if (Date.now() > end) throw new Error(`demo motion ${id} did not reach ${state}`);
      await sleep(100);
    }
  }
  /** The demo supervisor approves the disclosure waiting for review (§3.7.3); the system then publishes it. */
  async approveDisclosure(name: string, id: string, what: string, remark?: string): Promise<void> {
    const end = Date.now() + 60_000;
    const status = async () =>
      (await this.o.sql<{ s: string | null }[]>`select snapshot->'disclosure'->'review'->>'status' as s from motions where id = ${id}`)[0]?.s;
    while ((await status()) !== 'pending') {
      if (Date.now() > end) throw new Error(`demo motion ${id}: no disclosure awaiting review`);
      await sleep(100);
    }
    const form = approveDisclosureSchema.parse({ idempotencyKey: k(`${name}-review-${what}`), ...(remark ? { remark } : {}) });
    this.must(await motions.approveDisclosure(await this.caller('supervisor'), id, form), `review ${what}`);
  }
  async waitUntil(at: number): Promise<void> {
    if (at > Date.now()) await sleep(at - Date.now() + 20);
  }

  /** A new draft motion (representatives' meeting, no consultation opted in), listed as created. */
  async create(name: string, d: Record<string, unknown> & { title: string }, settings?: MotionSettingsInput): Promise<string> {
    const opts = { ...(this.o.taskQueue ? { taskQueue: this.o.taskQueue } : {}), ...(settings ? { settings } : {}) };
    const form = draftMotionSchema.parse({ idempotencyKey: k(`${name}-create`), consultOptIn: false, resolutionBody: 'representatives_meeting', ...d });
    const { motionId } = this.must(await motions.createMotion(this.secretary, form, opts), 'create');
    this.created.push({ id: motionId, title: d.title });
    this.log(`  · ${d.title}`);
    return motionId;
  }

  async propose(name: string, id: string) {
    const { partyCommittee } = this.bodies;
    return this.must(
      await motions.recordPartyCommitteeDecision(
        this.secretary,
        id,
        partyCommitteeDecisionSchema.parse({
          idempotencyKey: k(`${name}-pc`),
          heldOn: today(),
          attendeeIds: partyCommittee,
          votes: partyCommittee.map((personId) => ({ personId, choice: 'agree' })),
          minutes: '社区党委会研究认为，此事关系居民切身利益，同意按“四议两公开”提出议题。',
        }),
      ),
      'party committee',
    );
  }

  private async conveneOnce(name: string, id: string, body: Body, opensAt: number, noticeAt: number | undefined, attempt: number) {
    return motions.conveneMeeting(body === 'representatives_meeting' ? this.director : this.secretary, id, {
      ...conveneMeetingSchema.parse({
        idempotencyKey: k(`${name}-convene-${body}${attempt ? `-${attempt}` : ''}`),
        body,
        opensAt: '2026-01-01T09:00',
        online: body === 'representatives_meeting',
        ...(body === 'representatives_meeting' ? {} : { location: '春晖社区党群服务中心二楼会议室' }),
        agenda: body === 'joint_meeting' ? '商议议题方案' : body === 'party_members_meeting' ? '审议议题方案' : '表决议题方案',
        channels: ['notice_board', 'app', 'group_chat'],
        ...(body === 'party_members_meeting' ? { materialsRef: `春晖党支〔2026〕${name}号` } : {}),
      }),
      opensAt,
      ...(noticeAt !== undefined ? { noticeAt } : {}),
    });
  }

  /** Convenes a meeting, taking a later opening if the notice came out too short (`openingAfterRefusal`); returns the real opening. */
  async convene(name: string, id: string, body: Body, opensAt: number, noticeAt?: number) {
    let at = opensAt;
    let r = await this.conveneOnce(name, id, body, at, noticeAt, 0);
    for (let attempt = 1; noticeAt === undefined && attempt <= 2; attempt++) {
      const later = openingAfterRefusal(r, at, 1_000);
      if (later === undefined) break;
      at = later;
      r = await this.conveneOnce(name, id, body, at, noticeAt, attempt);
    }
    return { ...this.must(r, `convene ${body}`), opensAt: at };
  }

  async recordJoint(name: string, id: string) {
    const { joint } = this.bodies;
    return this.must(
      await motions.recordJointMeeting(
        this.secretary,
        id,
        jointMeetingSchema.parse({
          idempotencyKey: k(`${name}-joint`),
          heldOn: today(),
          attendeeIds: joint,
          votes: joint.map((personId, i) => ({ personId, choice: i === joint.length - 1 ? 'abstain' : 'agree' })),
          minutes: '两委联席会议逐项讨论了方案，与会人员充分发表意见。',
          opinions: '多数意见认为方案可行；有委员提出施工期间要做好安全防护和噪音管理。',
          amendments: '增加“施工期间每日18时后停止产生噪音的作业”。',
          supervisorRemarks: '监督委员会将全程监督资金使用。',
          conclusion: 'agree',
        }),
      ),
      'joint meeting',
    );
  }

  async recordParty(name: string, id: string) {
    const n = this.bodies.fullPartyMembers.length;
    return this.must(
      await motions.recordPartyMeeting(
        this.secretary,
        id,
        partyMeetingSchema.parse({
          idempotencyKey: k(`${name}-party`),
          heldOn: today(),
          fullMembers: n,
          present: n - 1,
          probationaryPresent: 0,
          yes: n - 2,
          no: 0,
          abstain: 1,
          minutes: '党员大会审议通过，同意提交居民代表会议表决。',
          scanRef: `签到表-${name}`,
        }),
      ),
      'party members meeting',
    );
  }

  /** One representative's vote (by user id; the demo people are not all logins). */
  async vote(name: string, id: string, questionId: string, userId: string, choice: 'agree' | 'disagree' | 'abstain') {
    const who: Caller = { userId, displayName: this.names.get(userId) ?? '', roles: await rolesInCommunity(this.o.sql, userId, this.o.communityId), communityId: this.o.communityId };
    this.must(await motions.castVote(who, id, castVoteSchema.parse({ idempotencyKey: k(`${name}-vote-${userId}`), questionId, choice, confirmed: true })), 'vote');
  }

  /** A resident's opinion, and the director's answer when given. */
  async opinion(name: string, id: string, username: string, text: string, answer?: string) {
    const r = this.must(
      await motions.submitOpinion(await this.caller(username), id, residentOpinionSchema.parse({ idempotencyKey: k(`${name}-op-${username}`), text })),
      'opinion',
    );
    if (answer) {
      this.must(
        await motions.answerOpinion(this.director, id, opinionAnswerSchema.parse({ idempotencyKey: k(`${name}-ans-${username}`), opinionId: r.opinionId, text: answer })),
        'answer',
      );
    }
  }
}
