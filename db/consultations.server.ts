/**
 * Queries of the consultation catalogue 协商事项目录 and of consultations 协商 (DOMAIN.md §5).
 * Rules come from domain/consultation; this module only reads and writes rows. Every query that
 * serves a person filters by community.
 */
import { createHash, randomInt } from 'node:crypto';
import {
  CONSULTATION_TRANSITIONS,
  checkCataloguePublication,
  codeKey,
  currentVersion,
  opinionSchema,
  answerOpinionSchema,
  type Catalogue,
  type CatalogueItem,
  type CatalogueVersion,
  type ConsultationSnapshot,
  type ConsultationState,
  type OpinionRecord,
} from '../domain/consultation';
import { allowed, refuse, type Verdict } from '../domain/errors';
import type { Role } from '../domain/roles';
import type { Queryable, Sql } from './client.server';
import { publishDisclosure } from './disclosures.server';
import { keyedDigest } from './elections.server';
import { claimAttempt, codeBuckets, settleAttempt } from './throttle.server';

// ─── Catalogue ────────────────────────────────────────────────────────────────────────────────

/** An item as stored in a version: the domain item plus its stable id. */
export type StoredItem = CatalogueItem & { itemId: string };

export type StoredVersion = Omit<CatalogueVersion, "items"> & {
  id: string;
  items: readonly StoredItem[];
  publishedByName: string;
  approvedByName: string;
};

export type StoredCatalogue = Omit<Catalogue, "versions"> & { versions: readonly StoredVersion[] };

type VersionRow = {
  id: string;
  communityId: string;
  year: number;
  version: number;
  items: StoredItem[];
  changeNote: string;
  publishedBy: string;
  approvedBy: string;
  publishedByName: string;
  approvedByName: string;
  publishedAt: Date;
};

function toVersion(r: VersionRow): StoredVersion {
  return {
    id: r.id,
    communityId: r.communityId,
    year: r.year,
    version: r.version,
    publishedAt: new Date(r.publishedAt).getTime(),
    publishedBy: r.publishedBy,
    approvedBy: r.approvedBy,
    publishedByName: r.publishedByName,
    approvedByName: r.approvedByName,
    changeNote: r.changeNote,
    items: r.items,
  };
}

/** Every published version of a community's catalogue for a year, oldest first. */
export async function catalogueOf(sql: Queryable, communityId: string, year: number): Promise<StoredCatalogue> {
  const rows = await sql<VersionRow[]>`
    select v.id, v.community_id as "communityId", v.year, v.version, v.items, v.change_note as "changeNote",
           v.published_by as "publishedBy", v.approved_by as "approvedBy", v.published_at as "publishedAt",
           pu.display_name as "publishedByName", au.display_name as "approvedByName"
    from catalogue_versions v
    join users pu on pu.id = v.published_by
    join users au on au.id = v.approved_by
    where v.community_id = ${communityId} and v.year = ${year}
    order by v.version`;
  return { communityId, year, versions: rows.map(toVersion) };
}

/** Years that have a published catalogue or a draft, newest first. */
export async function catalogueYears(sql: Sql, communityId: string): Promise<number[]> {
  const rows = await sql<{ year: number }[]>`
    select year from catalogue_versions where community_id = ${communityId}
    union select year from catalogue_drafts where community_id = ${communityId}
    order by year desc`;
  return rows.map((r) => r.year);
}

/** The latest year with a published catalogue, if any. */
export async function latestPublishedYear(sql: Sql, communityId: string): Promise<number | undefined> {
  const [row] = await sql<{ year: number }[]>`
    select max(year)::int as year from catalogue_versions where community_id = ${communityId}`;
  return row?.year ?? undefined;
}

export type CatalogueDraft = {
  communityId: string;
  year: number;
  baseVersion: number | null;
  items: CatalogueItem[];
  changeNote: string;
  updatedBy: string;
  updatedByName: string;
  updatedAt: Date;
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: Date | null;
  returnedNote: string | null;
};

export async function draftOf(sql: Queryable, communityId: string, year: number): Promise<CatalogueDraft | undefined> {
  const [row] = await sql<CatalogueDraft[]>`
    select d.community_id as "communityId", d.year, d.base_version as "baseVersion", d.items,
           d.change_note as "changeNote", d.updated_by as "updatedBy", u.display_name as "updatedByName",
           d.updated_at as "updatedAt", d.submitted_by as "submittedBy", s.display_name as "submittedByName",
           d.submitted_at as "submittedAt", d.returned_note as "returnedNote"
    from catalogue_drafts d join users u on u.id = d.updated_by left join users s on s.id = d.submitted_by
    where d.community_id = ${communityId} and d.year = ${year}`;
  return row;
}

/** Creates or replaces the working draft (editing withdraws a submission: it must be submitted again). */
export async function saveDraft(
  sql: Sql,
  d: { communityId: string; year: number; items: readonly CatalogueItem[]; changeNote: string; userId: string },
): Promise<void> {
  await sql.begin(async (tx) => {
    const cat = await catalogueOf(tx, d.communityId, d.year);
    const base = currentVersion(cat)?.version ?? null;
    const items = d.items.map(stripItemId);
    await tx`
      insert into catalogue_drafts (community_id, year, base_version, items, change_note, updated_by, updated_at)
      values (${d.communityId}, ${d.year}, ${base}, ${tx.json(items as never)}, ${d.changeNote}, ${d.userId}, now())
      on conflict (community_id, year) do update set
        items = excluded.items, change_note = excluded.change_note, updated_by = excluded.updated_by,
        updated_at = now(), submitted_by = null, submitted_at = null, returned_note = null`;
  });
}

const stripItemId = (i: CatalogueItem | StoredItem): CatalogueItem => {
  const { itemId: _drop, ...rest } = i as StoredItem;
  return rest;
};

export async function discardDraft(sql: Sql, communityId: string, year: number): Promise<void> {
  await sql`delete from catalogue_drafts where community_id = ${communityId} and year = ${year}`;
}

export async function submitDraft(sql: Sql, communityId: string, year: number, userId: string): Promise<boolean> {
  const rows = await sql`
    update catalogue_drafts set submitted_by = ${userId}, submitted_at = now(), returned_note = null
    where community_id = ${communityId} and year = ${year} and submitted_at is null returning 1`;
  return rows.length > 0;
}

export async function returnDraft(sql: Sql, communityId: string, year: number, note: string): Promise<boolean> {
  const rows = await sql`
    update catalogue_drafts set submitted_by = null, submitted_at = null, returned_note = ${note}
    where community_id = ${communityId} and year = ${year} and submitted_at is not null returning 1`;
  return rows.length > 0;
}

export type Person = { id: string; roles: readonly Role[] };

/**
 * Publishes the submitted draft as a new immutable version: the domain checks it (committee
 * member publishes, party secretary approves, no duplicates, a change note after the first version),
 * stable item ids are kept by code, and the version goes onto the public disclosure chain.
 */
export async function publishDraft(
  sql: Sql,
  args: { communityId: string; year: number; approver: Person; now: Date; visibleDays?: number },
): Promise<Verdict & { version?: number }> {
  const result = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${'catalogue:' + args.communityId + ':' + args.year}, 0))`;
    const draft = await draftOf(tx, args.communityId, args.year);
    if (!draft) return refuse('consultation.ui.errors.noDraft');
    if (!draft.submittedBy) return refuse('consultation.ui.errors.draftNotSubmitted');
    const publisherRoles = await rolesOf(tx, draft.submittedBy, args.communityId);
    const catalogue = await catalogueOf(tx, args.communityId, args.year);
    const verdict = checkCataloguePublication(catalogue.versions.length ? catalogue : null, {
      communityId: args.communityId,
      year: args.year,
      items: draft.items,
      changeNote: draft.changeNote,
      publisher: { id: draft.submittedBy, roles: publisherRoles },
      approver: { id: args.approver.id, roles: args.approver.roles },
      now: args.now.getTime(),
    });
    if (!verdict.ok) return verdict;
    const version = (currentVersion(catalogue)?.version ?? 0) + 1;
    const items: StoredItem[] = [];
    for (const raw of draft.items) {
      const code = codeKey(raw.code);
      const [row] = await tx<{ id: string }[]>`
        insert into catalogue_items (community_id, year, code, first_version)
        values (${args.communityId}, ${args.year}, ${code}, ${version})
        on conflict (community_id, year, code) do update set code = excluded.code
        returning id`;
      items.push({ itemId: row!.id, ...raw, code });
    }
    const changeNote = draft.changeNote.trim() || '首次发布';
    await tx`
      insert into catalogue_versions (community_id, year, version, items, change_note, published_by, approved_by, published_at)
      values (${args.communityId}, ${args.year}, ${version}, ${tx.json(items as never)}, ${changeNote},
              ${draft.submittedBy}, ${args.approver.id}, ${args.now})`;
    await tx`delete from catalogue_drafts where community_id = ${args.communityId} and year = ${args.year}`;
    return { ok: true as const, version };
  });
  if (!result.ok) return result;
  await ensureCatalogueDisclosures(sql, args.communityId, args.year);
  return result;
}

/**
 * Puts every published version on the disclosure chain (idempotent by version). The catalogue is
 * public while in force; there is no end date.
 */
export async function ensureCatalogueDisclosures(sql: Sql, communityId: string, year: number): Promise<void> {
  const cat = await catalogueOf(sql, communityId, year);
  for (const v of cat.versions) {
    await publishDisclosure(sql, {
      communityId,
      kind: 'catalogue',
      subjectType: 'catalogue',
      subjectId: `${year}`,
      title: `${year}年度协商事项目录（第${v.version}版）`,
      body: {
        year,
        version: v.version,
        changeNote: v.changeNote,
        items: v.items.map((i) => ({
          code: i.code,
          title: i.title,
          category: i.category,
          scope: i.scope,
          parties: [...i.parties],
          forms: [...i.forms],
          mandatory: i.mandatory,
          requiresFourDeliberations: i.requiresFourDeliberations,
          minCommentDays: i.minCommentDays,
          sourceRef: i.sourceRef ?? null,
        })),
      },
      publishedAt: new Date(v.publishedAt),
      idempotencyKey: `catalogue-${communityId}-${year}-v${v.version}`,
    });
  }
}

async function rolesOf(sql: Queryable, userId: string, communityId: string): Promise<Role[]> {
  const rows = await sql<{ role: Role }[]>`
    select distinct m.role from memberships m
    where m.user_id = ${userId} and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)
      and (m.community_id = ${communityId}
           or m.street_office_id = (select street_office_id from communities where id = ${communityId}))`;
  return rows.map((r) => r.role);
}

export type ItemChoice = {
  id: string;
  code: string;
  title: string;
  category: CatalogueItem['category'];
  mandatory: boolean;
  requiresFourDeliberations: boolean;
  year: number;
  version: number;
};

/** Items of the version in force (latest published year unless `year` is given), for selects. */
export async function currentItems(sql: Sql, communityId: string, year?: number): Promise<ItemChoice[]> {
  const y = year ?? (await latestPublishedYear(sql, communityId));
  if (y === undefined) return [];
  const cat = await catalogueOf(sql, communityId, y);
  const v = currentVersion(cat) as StoredVersion | undefined;
  if (!v) return [];
  return v.items.map((i) => ({
    id: i.itemId,
    code: i.code,
    title: i.title,
    category: i.category,
    mandatory: i.mandatory,
    requiresFourDeliberations: i.requiresFourDeliberations,
    year: y,
    version: v.version,
  }));
}

export type ItemInForce = {
  id: string;
  communityId: string;
  year: number;
  code: string;
  /** The version in force now, and the item as it says there (`null` if a later version removed it). */
  version: number;
  item: CatalogueItem | null;
};

/** A catalogue item by its stable id, as the version in force now describes it. */
export async function itemById(sql: Queryable, id: string): Promise<ItemInForce | undefined> {
  const [row] = await sql<{ id: string; communityId: string; year: number; code: string }[]>`
    select id, community_id as "communityId", year, code from catalogue_items where id = ${id}`;
  if (!row) return undefined;
  const cat = await catalogueOf(sql, row.communityId, row.year);
  const v = currentVersion(cat) as StoredVersion | undefined;
  const found = v?.items.find((i) => i.itemId === id);
  return { ...row, version: v?.version ?? 0, item: found ? stripItemId(found) : null };
}

// ─── Consultations ────────────────────────────────────────────────────────────────────────────

export type StoredSnapshot = Omit<ConsultationSnapshot, 'opinions'>;

export type ConsultationRow = {
  id: string;
  communityId: string;
  number: number;
  title: string;
  catalogueItemId: string | null;
  catalogueYear: number | null;
  catalogueVersion: number | null;
  motionId: string | null;
  state: ConsultationState;
  snapshot: StoredSnapshot;
  step: number;
  dayMs: number;
  periods: Record<string, number>;
  opinionsOpenAt: Date | null;
  opinionsCloseAt: Date | null;
  outcomePublishedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
};

const consultationColumns = (sql: Queryable) => sql`
  id, community_id as "communityId", number, title, catalogue_item_id as "catalogueItemId",
  catalogue_year as "catalogueYear", catalogue_version as "catalogueVersion", motion_id as "motionId", state, snapshot,
  step, day_ms::float8 as "dayMs", periods, opinions_open_at as "opinionsOpenAt", opinions_close_at as "opinionsCloseAt",
  outcome_published_at as "outcomePublishedAt", created_by as "createdBy", created_at as "createdAt", updated_at as "updatedAt"`;

export type ConsultationStep = {
  consultationId: string;
  step: number;
  snapshot: StoredSnapshot;
  /** Present on the first step: what the row needs besides the snapshot. */
  create?: {
    catalogueItemId: string | null;
    catalogueYear: number | null;
    dayMs: number;
    periods: Record<string, number>;
    createdBy: string;
  };
  opinionsOpenAt?: number | null;
  opinionsCloseAt?: number | null;
  event: {
    at: number;
    action: string;
    fromState: ConsultationState;
    toState: ConsultationState;
    actorId: string | null;
    details?: Record<string, unknown>;
  };
};

/**
 * Writes one workflow step: the state row (only if this step is newer) and the timeline entry.
 * Idempotent: a retried activity writes nothing twice. Returns the row's number.
 */
export async function recordStep(sql: Sql, s: ConsultationStep): Promise<{ number: number }> {
  return sql.begin(async (tx) => {
    const snap = s.snapshot;
    if (s.create) {
      await tx`select pg_advisory_xact_lock(hashtextextended(${'consultation-number:' + snap.communityId}, 0))`;
      await tx`
        insert into consultations (id, community_id, number, title, catalogue_item_id, catalogue_year, catalogue_version,
                                   motion_id, state, snapshot, step, day_ms, periods, created_by, created_at, updated_at)
        values (${s.consultationId}, ${snap.communityId},
                (select coalesce(max(number), 0) + 1 from consultations where community_id = ${snap.communityId}),
                ${snap.title}, ${s.create.catalogueItemId}, ${s.create.catalogueYear}, ${snap.catalogueVersion},
                ${snap.motionId}, ${snap.state}, ${tx.json(snap as never)}, ${s.step}, ${s.create.dayMs},
                ${tx.json(s.create.periods as never)}, ${s.create.createdBy}, ${new Date(snap.proposedAt)}, now())
        on conflict (id) do nothing`;
    } else {
      await tx`
        update consultations set state = ${snap.state}, snapshot = ${tx.json(snap as never)}, step = ${s.step},
          title = ${snap.title},
          opinions_open_at = case when ${s.opinionsOpenAt !== undefined} then ${s.opinionsOpenAt ? new Date(s.opinionsOpenAt) : null}::timestamptz else opinions_open_at end,
          opinions_close_at = case when ${s.opinionsCloseAt !== undefined} then ${s.opinionsCloseAt ? new Date(s.opinionsCloseAt) : null}::timestamptz else opinions_close_at end,
          outcome_published_at = ${snap.outcomePublishedAt ? new Date(snap.outcomePublishedAt) : null},
          updated_at = now()
        where id = ${s.consultationId} and step < ${s.step}`;
    }
    await tx`
      insert into consultation_events (consultation_id, step, at, action, from_state, to_state, actor_user_id, details)
      values (${s.consultationId}, ${s.step}, ${new Date(s.event.at)}, ${s.event.action}, ${s.event.fromState},
              ${s.event.toState}, ${s.event.actorId}, ${tx.json((s.event.details ?? {}) as never)})
      on conflict (consultation_id, step) do nothing`;
    const [row] = await tx<{ number: number }[]>`select number from consultations where id = ${s.consultationId}`;
    return { number: row!.number };
  });
}

export async function consultationById(
  sql: Sql,
  communityId: string,
  id: string,
): Promise<ConsultationRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql<ConsultationRow[]>`
    select ${consultationColumns(sql)} from consultations where community_id = ${communityId} and id = ${id}`;
  return row;
}

export async function consultationRow(sql: Sql, id: string): Promise<ConsultationRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql<ConsultationRow[]>`select ${consultationColumns(sql)} from consultations where id = ${id}`;
  return row;
}

export async function consultationsOf(sql: Sql, communityId: string): Promise<ConsultationRow[]> {
  return sql<ConsultationRow[]>`
    select ${consultationColumns(sql)} from consultations where community_id = ${communityId} order by number desc`;
}

/** The consultation of a motion: the one not cancelled, else the latest. */
export async function consultationOfMotion(sql: Sql, motionId: string): Promise<ConsultationRow | undefined> {
  if (!isUuid(motionId)) return undefined;
  const [row] = await sql<ConsultationRow[]>`
    select ${consultationColumns(sql)} from consultations where motion_id = ${motionId}
    order by (state = 'cancelled'), created_at desc limit 1`;
  return row;
}

export type ConsultationEvent = {
  step: number;
  at: Date;
  action: string;
  fromState: string;
  toState: string;
  actorName: string | null;
  details: Record<string, unknown>;
};

export async function eventsOf(sql: Sql, consultationId: string): Promise<ConsultationEvent[]> {
  return sql<ConsultationEvent[]>`
    select e.step, e.at, e.action, e.from_state as "fromState", e.to_state as "toState", u.display_name as "actorName", e.details
    from consultation_events e left join users u on u.id = e.actor_user_id
    where e.consultation_id = ${consultationId} order by e.step`;
}

// ─── Opinions (high volume: SQL guarded by the consultation's state row) ─────────────────────

export type OpinionRow = OpinionRecord & { authorName: string | null; viaCode: boolean };

export async function opinionsOf(sql: Sql, consultationId: string): Promise<OpinionRow[]> {
  const rows = await sql<
    {
      id: string;
      authorId: string | null;
      authorRole: string;
      authorName: string | null;
      body: string;
      submittedAt: Date;
      answer: string | null;
      answeredBy: string | null;
      answeredAt: Date | null;
    }[]
  >`
    select o.id, o.author_user_id as "authorId", o.author_role as "authorRole", u.display_name as "authorName", o.body,
           o.submitted_at as "submittedAt", o.answer, o.answered_by as "answeredBy", o.answered_at as "answeredAt"
    from consultation_opinions o left join users u on u.id = o.author_user_id
    where o.consultation_id = ${consultationId} order by o.submitted_at, o.id`;
  return rows.map((r) => ({
    id: r.id,
    authorId: r.authorId ?? 'code',
    authorRole: r.authorRole === 'resident_representative' ? 'resident_representative' : 'resident',
    authorName: r.authorName,
    viaCode: r.authorRole === 'code',
    text: r.body,
    submittedAt: new Date(r.submittedAt).getTime(),
    ...(r.answer
      ? { answer: { text: r.answer, answeredBy: r.answeredBy!, answeredAt: new Date(r.answeredAt!).getTime() } }
      : {}),
  }));
}

export async function opinionCounts(sql: Queryable, consultationId: string): Promise<{ received: number; answered: number }> {
  const [row] = await sql<{ received: number; answered: number }[]>`
    select count(*)::int as received, count(answer)::int as answered
    from consultation_opinions where consultation_id = ${consultationId}`;
  return row ?? { received: 0, answered: 0 };
}

/** Locks the state row (shared) and says whether opinions may be written now. */
async function openWindow(tx: Queryable, communityId: string, consultationId: string): Promise<Verdict> {
  const [row] = await tx<{ state: ConsultationState; open: boolean; ended: boolean }[]>`
    select state,
           (opinions_open_at is not null and opinions_open_at <= now()) as open,
           (opinions_close_at is not null and opinions_close_at <= now()) as ended
    from consultations where id = ${consultationId} and community_id = ${communityId} for share`;
  if (!row) return refuse('consultation.ui.errors.notFound');
  if (!(CONSULTATION_TRANSITIONS.leaveOpinion.from as readonly string[]).includes(row.state) || !row.open)
    return refuse('consultation.ui.errors.opinionsClosed');
  if (row.ended) return refuse('consultation.ui.errors.opinionWindowEnded');
  return allowed;
}

function checkText(text: string): Verdict & { text?: string } {
  const r = opinionSchema.safeParse({ text });
  return r.success ? { ok: true, text: r.data.text } : refuse(r.error.issues[0]!.message);
}

/**
 * A signed-in resident's opinion. Written in one transaction that holds the consultation's state row,
 * so an opinion is either in before the workflow closes the window or refused. Re-sending the same
 * form (same opinion id) is a no-op.
 */
export async function leaveOpinion(
  sql: Sql,
  o: {
    communityId: string;
    consultationId: string;
    opinionId: string;
    userId: string;
    role: 'resident' | 'resident_representative';
    text: string;
  },
): Promise<Verdict> {
  const t = checkText(o.text);
  if (!t.ok) return t;
  return sql.begin(async (tx) => {
    const [same] = await tx<{ author: string | null }[]>`
      select author_user_id as author from consultation_opinions where id = ${o.opinionId}`;
    if (same) return same.author === o.userId ? allowed : refuse('consultation.errors.duplicateOpinionId');
    const v = await openWindow(tx, o.communityId, o.consultationId);
    if (!v.ok) return v;
    await tx`
      insert into consultation_opinions (id, consultation_id, community_id, author_user_id, author_role, body)
      values (${o.opinionId}, ${o.consultationId}, ${o.communityId}, ${o.userId}, ${o.role}, ${t.text!})
      on conflict (id) do nothing`;
    return allowed;
  });
}

/** Codes: 8 characters of an alphabet without 0/O, 1/I/L, shown as XXXX-XXXX. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const normalizeCode = (code: string) =>
  code
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
/** Codes are secrets that let someone speak: keyed hash under the data key (issue 9, item 1). */
export const hashCode = (consultationId: string, code: string) => keyedDigest('consultation-code', `${consultationId}:${normalizeCode(code)}`);
/** How codes issued before migration 00009 were kept (bare SHA-256); still accepted until used. */
const legacyHashCode = (consultationId: string, code: string) =>
  createHash('sha256').update(`${consultationId}:${normalizeCode(code)}`, 'utf8').digest('hex');

function newCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** States in which one-time codes may be issued (before and during the opinion window). */
export const CODE_STATES: readonly ConsultationState[] = ['topic_proposed', 'topic_published', 'collecting'];

/** Issues `count` one-time codes; returns them in clear text once (only their hashes are kept). */
export async function issueAccessCodes(
  sql: Sql,
  a: { communityId: string; consultationId: string; count: number; userId: string },
): Promise<Verdict & { codes?: string[]; batch?: number }> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ state: ConsultationState }[]>`
      select state from consultations where id = ${a.consultationId} and community_id = ${a.communityId} for share`;
    if (!row) return refuse('consultation.ui.errors.notFound');
    if (!CODE_STATES.includes(row.state)) return refuse('consultation.ui.errors.codesClosed');
    const [b] = await tx<{ batch: number }[]>`
      select coalesce(max(batch), 0)::int + 1 as batch from consultation_access_codes where consultation_id = ${a.consultationId}`;
    const codes = Array.from({ length: a.count }, newCode);
    for (const code of codes)
      await tx`
        insert into consultation_access_codes (consultation_id, community_id, code_hash, batch, issued_by)
        values (${a.consultationId}, ${a.communityId}, ${hashCode(a.consultationId, code)}, ${b!.batch}, ${a.userId})`;
    return { ok: true as const, codes, batch: b!.batch };
  });
}

export async function accessCodeCounts(sql: Sql, consultationId: string): Promise<{ issued: number; used: number }> {
  const [row] = await sql<{ issued: number; used: number }[]>`
    select count(*)::int as issued, count(used_at)::int as used from consultation_access_codes
    where consultation_id = ${consultationId}`;
  return row ?? { issued: 0, used: 0 };
}

/** An opinion left with a one-time code (no account). The code is used up in the same transaction. */
export async function leaveOpinionWithCode(
  sql: Sql,
  o: { communityId: string; consultationId: string; opinionId: string; code: string; text: string; client?: string },
): Promise<Verdict> {
  const t = checkText(o.text);
  if (!t.ok) return t;
  const hashes = [hashCode(o.consultationId, o.code), legacyHashCode(o.consultationId, o.code)];
  // Every try is claimed against the client's and the code prefix's bucket first (decision 022).
  const buckets = codeBuckets(o.consultationId, normalizeCode(o.code), o.client);
  const claim = await claimAttempt(sql, buckets);
  if (!claim.ok) return refuse('security.code.throttled', { seconds: claim.retryAfterSeconds });
  const verdict = await sql.begin(async (tx) => {
    // A resent form: the same opinion id with the same code is already in.
    const [same] = await tx<{ hash: string | null }[]>`
      select c.code_hash as hash from consultation_opinions o left join consultation_access_codes c on c.id = o.access_code_id
      where o.id = ${o.opinionId}`;
    if (same) return same.hash && hashes.includes(same.hash) ? allowed : refuse('consultation.errors.duplicateOpinionId');
    const v = await openWindow(tx, o.communityId, o.consultationId);
    if (!v.ok) return v;
    const [code] = await tx<{ id: string }[]>`
      update consultation_access_codes set used_at = now()
      where code_hash in ${tx(hashes)} and consultation_id = ${o.consultationId} and used_at is null returning id`;
    if (!code) return refuse('consultation.ui.errors.codeInvalid');
    await tx`
      insert into consultation_opinions (id, consultation_id, community_id, access_code_id, author_role, body)
      values (${o.opinionId}, ${o.consultationId}, ${o.communityId}, ${code.id}, 'code', ${t.text!})`;
    return allowed;
  });
  if (verdict.ok || verdict.key !== 'consultation.ui.errors.codeInvalid') await settleAttempt(sql, { refund: buckets.map((b) => b.key) });
  return verdict;
}

/** The committee's answer to one opinion, once, while answers are open (state row held). */
export async function answerOpinion(
  sql: Sql,
  a: { communityId: string; consultationId: string; opinionId: string; text: string; userId: string },
): Promise<Verdict> {
  const r = answerOpinionSchema.safeParse({ opinionId: a.opinionId, text: a.text });
  if (!r.success) return refuse(r.error.issues[0]!.message);
  return sql.begin(async (tx) => {
    const [row] = await tx<{ state: ConsultationState }[]>`
      select state from consultations where id = ${a.consultationId} and community_id = ${a.communityId} for share`;
    if (!row) return refuse('consultation.ui.errors.notFound');
    if (!(CONSULTATION_TRANSITIONS.answerOpinion.from as readonly string[]).includes(row.state))
      return refuse('consultation.errors.wrongState', { state: row.state, action: 'answerOpinion' });
    if (!isUuid(a.opinionId)) return refuse('consultation.errors.opinionNotFound');
    const [o] = await tx<{ answer: string | null; answeredBy: string | null }[]>`
      select answer, answered_by as "answeredBy" from consultation_opinions
      where id = ${a.opinionId} and consultation_id = ${a.consultationId} for update`;
    if (!o) return refuse('consultation.errors.opinionNotFound');
    if (o.answer !== null) return o.answer === r.data.text && o.answeredBy === a.userId ? allowed : refuse('consultation.errors.alreadyAnswered');
    await tx`
      update consultation_opinions set answer = ${r.data.text}, answered_by = ${a.userId}, answered_at = now()
      where id = ${a.opinionId}`;
    return allowed;
  });
}

// ─── Tasks ────────────────────────────────────────────────────────────────────────────────────

export async function openTask(
  sql: Sql,
  t: { communityId: string; role: Role; kind: string; consultationId: string; dueAt?: number; params?: Record<string, unknown>; key: string },
): Promise<void> {
  await sql`
    insert into tasks (community_id, assignee_role, kind, subject_type, subject_id, params, due_at, idempotency_key)
    values (${t.communityId}, ${t.role}, ${t.kind}, 'consultation', ${t.consultationId},
            ${sql.json((t.params ?? {}) as never)}, ${t.dueAt ? new Date(t.dueAt) : null}, ${t.key})
    on conflict (idempotency_key) do nothing`;
}

export async function closeTasks(sql: Sql, consultationId: string, kinds: readonly string[]): Promise<void> {
  if (!kinds.length) return;
  await sql`
    update tasks set done_at = now()
    where subject_type = 'consultation' and subject_id = ${consultationId} and kind = any(${kinds as string[]}) and done_at is null`;
}

// ─── Community settings and motions ───────────────────────────────────────────────────────────

export async function communitySettings(sql: Sql, communityId: string): Promise<Record<string, unknown>> {
  const [row] = await sql<{ settings: Record<string, unknown> }[]>`select settings from communities where id = ${communityId}`;
  return row?.settings ?? {};
}

export type MotionLink = { id: string; communityId: string; state: string; catalogueItemId: string | null; title: string; number: number };

export async function motionForConsultation(sql: Sql, motionId: string): Promise<MotionLink | undefined> {
  if (!isUuid(motionId)) return undefined;
  const [row] = await sql<MotionLink[]>`
    select id, community_id as "communityId", state, catalogue_item_id as "catalogueItemId", title, number
    from motions where id = ${motionId}`;
  return row;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);
