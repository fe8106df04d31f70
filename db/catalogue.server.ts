/** The consultation catalogue 协商事项目录 in PostgreSQL: published versions, the draft, items in force (DOMAIN.md §5). */
import { checkCataloguePublication, codeKey, currentVersion, type Catalogue, type CatalogueItem, type CatalogueVersion } from '../domain/consultation';
import { refuse, type Verdict } from '../domain/errors';
import type { Role } from '../domain/roles';
import type { Queryable, Sql } from './client.server';
import { publishDisclosure } from './disclosures.server';

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
