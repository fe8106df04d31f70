/**
 * The consultation catalogue 协商事项目录 of one community for one year (DOMAIN.md §5.1).
 * Published versions are immutable: any change is a new version with a change note, and running
 * consultations keep the item as it was in their version. Maintained by a `committee_member` with
 * the `party_secretary`'s approval.
 */
import { DomainError, allowed, refuse, type Verdict } from '../errors';
import { hasAnyRole, type Role } from '../roles';
import { catalogueItemSchema, type CatalogueItem, type CatalogueItemInput } from './schemas';
import { CATEGORY_CODE_PREFIX, normalizeLabel, type Category } from './vocabulary';

export type { CatalogueItem, CatalogueItemInput } from './schemas';

export interface Actor {
  id: string;
  roles: readonly Role[];
}

export interface CatalogueVersion {
  readonly communityId: string;
  readonly year: number;
  /** 1, 2, 3 … within the community and year. */
  readonly version: number;
  /** In force from this instant until the next version's `publishedAt`. */
  readonly publishedAt: number;
  readonly publishedBy: string;
  readonly approvedBy: string;
  readonly changeNote: string;
  readonly items: readonly CatalogueItem[];
}

export interface Catalogue {
  readonly communityId: string;
  readonly year: number;
  /** Oldest first; never rewritten. */
  readonly versions: readonly CatalogueVersion[];
}

/** Same code or same title: the comparison used for duplicates. */
export const codeKey = (code: string) => normalizeLabel(code).toUpperCase();
export const titleKey = (title: string) => normalizeLabel(title);

export interface DuplicateIssue {
  /** Index of the later item in the list. */
  index: number;
  /** Index of the item it duplicates. */
  firstIndex: number;
  field: 'code' | 'title';
  key: 'consultation.errors.duplicateCode' | 'consultation.errors.duplicateTitle';
  params: { code: string; title: string };
}

/** Items with the same code or the same title as an earlier item in the same list. */
export function findDuplicates(items: readonly Pick<CatalogueItem, 'code' | 'title'>[]): DuplicateIssue[] {
  const issues: DuplicateIssue[] = [];
  const codes = new Map<string, number>();
  const titles = new Map<string, number>();
  items.forEach((item, index) => {
    const c = codes.get(codeKey(item.code));
    const t = titles.get(titleKey(item.title));
    const params = { code: item.code, title: item.title };
    if (c !== undefined)
      issues.push({ index, firstIndex: c, field: 'code', key: 'consultation.errors.duplicateCode', params });
    else codes.set(codeKey(item.code), index);
    if (t !== undefined)
      issues.push({
        index,
        firstIndex: t,
        field: 'title',
        key: 'consultation.errors.duplicateTitle',
        params,
      });
    else titles.set(titleKey(item.title), index);
  });
  return issues;
}

/** The version in force now (the latest), or `undefined` before the first publication. */
export function currentVersion(catalogue: Catalogue | null | undefined): CatalogueVersion | undefined {
  return catalogue?.versions[catalogue.versions.length - 1];
}

/** The version that was in force at instant `at` (for a consultation opened then). */
export function versionInForceAt(catalogue: Catalogue, at: number): CatalogueVersion | undefined {
  let found: CatalogueVersion | undefined;
  for (const v of catalogue.versions) if (v.publishedAt <= at) found = v;
  return found;
}

export function findItem(version: CatalogueVersion | undefined, code: string): CatalogueItem | undefined {
  return version?.items.find((i) => codeKey(i.code) === codeKey(code));
}

export interface PublishCatalogue {
  communityId: string;
  year: number;
  /** The complete item list of the new version (not a patch). */
  items: readonly CatalogueItemInput[];
  changeNote?: string;
  /** A `committee_member` (or, in a template catalogue's place, the same rule applies). */
  publisher: Actor;
  /** The `party_secretary` who approved it; may be the same person (一肩挑). */
  approver: Actor;
  now: number;
}

/** Whether a new version may be published. Item errors report the first problem only. */
export function checkCataloguePublication(
  catalogue: Catalogue | null | undefined,
  cmd: PublishCatalogue,
): Verdict {
  if (!hasAnyRole(cmd.publisher.roles, ['committee_member']))
    return refuse('consultation.errors.publisherNotCommittee');
  if (!hasAnyRole(cmd.approver.roles, ['party_secretary']))
    return refuse('consultation.errors.approverNotSecretary');
  if (!Number.isInteger(cmd.year) || cmd.year < 2000 || cmd.year > 2100)
    return refuse('consultation.errors.badYear', { value: cmd.year });
  if (catalogue && (catalogue.communityId !== cmd.communityId || catalogue.year !== cmd.year))
    return refuse('consultation.errors.wrongCatalogue');
  if (cmd.items.length === 0) return refuse('consultation.errors.catalogueEmpty');
  const parsed: CatalogueItem[] = [];
  for (const [i, raw] of cmd.items.entries()) {
    const r = catalogueItemSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      return refuse(issue.message, { item: i + 1, field: String(issue.path[0] ?? '') });
    }
    parsed.push(r.data);
  }
  const dup = findDuplicates(parsed)[0];
  if (dup) return refuse(dup.key, dup.params);
  const current = currentVersion(catalogue);
  if (current) {
    if (!(cmd.changeNote ?? '').trim()) return refuse('consultation.errors.changeNoteRequired');
    const d = diffCatalogueVersions(current.items, parsed);
    if (d.added.length + d.removed.length + d.changed.length === 0)
      return refuse('consultation.errors.noChanges');
    if (cmd.now < current.publishedAt) return refuse('consultation.errors.clockBehind');
  }
  return allowed;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Publishes a new immutable version (DomainError on refusal). Returns a new catalogue; the one
 * passed in is not touched, and every version is deep-frozen so nothing edits it in place.
 */
export function publishCatalogueVersion(
  catalogue: Catalogue | null | undefined,
  cmd: PublishCatalogue,
): Catalogue {
  const verdict = checkCataloguePublication(catalogue, cmd);
  if (!verdict.ok) throw new DomainError(verdict.key, verdict.params);
  const items = cmd.items.map((i) => catalogueItemSchema.parse(i));
  const version: CatalogueVersion = {
    communityId: cmd.communityId,
    year: cmd.year,
    version: (currentVersion(catalogue)?.version ?? 0) + 1,
    publishedAt: cmd.now,
    publishedBy: cmd.publisher.id,
    approvedBy: cmd.approver.id,
    changeNote: (cmd.changeNote ?? '').trim(),
    items,
  };
  return deepFreeze({
    communityId: cmd.communityId,
    year: cmd.year,
    versions: [...(catalogue?.versions ?? []), deepFreeze(version)],
  });
}

export type ItemField = keyof CatalogueItem;

export interface CatalogueDiff {
  added: CatalogueItem[];
  removed: CatalogueItem[];
  changed: { code: string; before: CatalogueItem; after: CatalogueItem; fields: ItemField[] }[];
  unchanged: number;
}

const ITEM_FIELDS: ItemField[] = [
  'title',
  'category',
  'scope',
  'parties',
  'forms',
  'mandatory',
  'requiresFourDeliberations',
  'triggers',
  'minCommentDays',
  'sourceRef',
];

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x) => b.includes(x)); // order of a list is not a change
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) =>
      sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    );
  }
  return a === b;
}

/** What changed from one version to the next, item by item (matched by code), sorted by code. */
export function diffCatalogueVersions(
  before: readonly CatalogueItem[] | CatalogueVersion,
  after: readonly CatalogueItem[] | CatalogueVersion,
): CatalogueDiff {
  const a = 'items' in before ? before.items : before;
  const b = 'items' in after ? after.items : after;
  const byCode = (xs: readonly CatalogueItem[]) => new Map(xs.map((i) => [codeKey(i.code), i]));
  const am = byCode(a);
  const bm = byCode(b);
  const sort = <T extends { code: string }>(xs: T[]) => xs.sort((x, y) => x.code.localeCompare(y.code));
  const diff: CatalogueDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [k, item] of bm) if (!am.has(k)) diff.added.push(item);
  for (const [k, item] of am) if (!bm.has(k)) diff.removed.push(item);
  for (const [k, prev] of am) {
    const next = bm.get(k);
    if (!next) continue;
    const fields = ITEM_FIELDS.filter((f) => !sameValue(prev[f], next[f]));
    if (fields.length) diff.changed.push({ code: next.code, before: prev, after: next, fields });
    else diff.unchanged++;
  }
  sort(diff.added);
  sort(diff.removed);
  sort(diff.changed);
  return diff;
}

/** Facts of a motion that the item's triggers look at. */
export interface MatterFacts {
  budgetCny?: number;
  householdsAffected?: number;
}

export type ConsultationRequirement =
  | {
      required: true;
      reason:
        | 'consultation.gate.mandatoryItem'
        | 'consultation.gate.triggerBudget'
        | 'consultation.gate.triggerHouseholds';
      params?: Record<string, number>;
    }
  | { required: false; reason: 'consultation.gate.notRequired' };

/**
 * Whether the catalogue item itself requires consultation: always if `mandatory`, otherwise when a
 * trigger fires (budget ≥ threshold, or more than N households affected).
 */
export function consultationRequirement(
  item: CatalogueItem | null | undefined,
  facts: MatterFacts = {},
): ConsultationRequirement {
  if (!item) return { required: false, reason: 'consultation.gate.notRequired' };
  if (item.mandatory) return { required: true, reason: 'consultation.gate.mandatoryItem' };
  const { budgetAtLeastCny, householdsAffectedOver } = item.triggers;
  if (budgetAtLeastCny !== undefined && facts.budgetCny !== undefined && facts.budgetCny >= budgetAtLeastCny)
    return {
      required: true,
      reason: 'consultation.gate.triggerBudget',
      params: { threshold: budgetAtLeastCny },
    };
  if (
    householdsAffectedOver !== undefined &&
    facts.householdsAffected !== undefined &&
    facts.householdsAffected > householdsAffectedOver
  )
    return {
      required: true,
      reason: 'consultation.gate.triggerHouseholds',
      params: { threshold: householdsAffectedOver },
    };
  return { required: false, reason: 'consultation.gate.notRequired' };
}

/** §2 item 8: a decision on an item flagged `requiresFourDeliberations` is a major matter. */
export const makesMatterMajor = (item: CatalogueItem | null | undefined) =>
  item?.requiresFourDeliberations === true;

/**
 * Roles that organize a consultation on the item: the street office for a cross-community
 * matter, otherwise the party secretary or a committee member.
 */
export function organizerRoles(item: Pick<CatalogueItem, 'scope'> | null | undefined): readonly Role[] {
  return item?.scope === 'cross_community'
    ? ['street_office_admin']
    : ['party_secretary', 'committee_member'];
}

export function checkMayOrganize(
  item: Pick<CatalogueItem, 'scope'> | null | undefined,
  roles: readonly Role[],
): Verdict {
  if (hasAnyRole(roles, organizerRoles(item))) return allowed;
  return item?.scope === 'cross_community'
    ? refuse('consultation.errors.crossCommunityNeedsStreetOffice')
    : refuse('consultation.errors.notOrganizer');
}

/** The next free code with the category's prefix, e.g. `ENV-04` after `ENV-01…03`. */
export function suggestNextCode(items: readonly Pick<CatalogueItem, 'code'>[], category: Category): string {
  const prefix = CATEGORY_CODE_PREFIX[category];
  const used = items
    .map((i) => codeKey(i.code))
    .filter((c) => c.startsWith(`${prefix}-`))
    .map((c) => Number(c.slice(prefix.length + 1)))
    .filter(Number.isInteger);
  const next = (used.length ? Math.max(...used) : 0) + 1;
  return `${prefix}-${String(next).padStart(2, '0')}`;
}
