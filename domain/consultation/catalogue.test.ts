import { DomainError } from '../errors';
import {
  checkCataloguePublication,
  checkMayOrganize,
  consultationRequirement,
  currentVersion,
  diffCatalogueVersions,
  findDuplicates,
  findItem,
  makesMatterMajor,
  publishCatalogueVersion,
  suggestNextCode,
  versionInForceAt,
  type Actor,
  type Catalogue,
  type CatalogueItemInput,
} from './catalogue';
import { catalogueItemSchema } from './schemas';
import { categoryFrom, formFrom, partyTypeFrom, scopeFrom } from './vocabulary';

const member: Actor = { id: 'u-member', roles: ['committee_member'] };
const secretary: Actor = { id: 'u-sec', roles: ['party_secretary'] };
const both: Actor = { id: 'u-both', roles: ['party_secretary', 'committee_member'] };

const sorting: CatalogueItemInput = {
  code: 'ENV-03',
  title: '垃圾分类投放点设置',
  category: 'environment',
  scope: 'groups',
  parties: ['affected_residents', 'property_company'],
  forms: ['building_consultation'],
  mandatory: true,
};
const lights: CatalogueItemInput = {
  code: 'FAC-01',
  title: '楼道照明改造',
  category: 'facilities',
  parties: ['affected_residents'],
  forms: ['online'],
  triggers: { budgetAtLeastCny: 20_000, householdsAffectedOver: 50 },
};
const funds: CatalogueItemInput = {
  code: 'FUN-01',
  title: '公益金项目安排',
  category: 'funds_projects',
  parties: ['representatives'],
  forms: ['representatives_meeting'],
  mandatory: true,
  requiresFourDeliberations: true,
};

function publishFirst(items: CatalogueItemInput[] = [sorting, lights], now = 1_000): Catalogue {
  return publishCatalogueVersion(null, {
    communityId: 'c1',
    year: 2026,
    items,
    publisher: member,
    approver: secretary,
    now,
  });
}

describe('catalogue item schema', () => {
  it('fills the defaults: community scope, 7 comment days, not mandatory', () => {
    const item = catalogueItemSchema.parse({
      code: ' env-07 ',
      title: ' 楼道堆物清理 ',
      category: 'environment',
      parties: ['representatives', 'representatives'],
      forms: ['dialogue'],
    });
    expect(item).toMatchObject({
      code: 'ENV-07',
      title: '楼道堆物清理',
      scope: 'community',
      minCommentDays: 7,
      mandatory: false,
      requiresFourDeliberations: false,
      parties: ['representatives'],
      triggers: {},
    });
  });

  it('refuses with i18n keys only, never prose', () => {
    const r = catalogueItemSchema.safeParse({
      code: 'ENV3',
      title: '',
      category: 'sanitation',
      scope: 'city',
      parties: [],
      forms: ['banquet'],
      minCommentDays: 5,
    });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(byField).toMatchObject({
      code: 'consultation.errors.codePattern',
      title: 'consultation.errors.titleRequired',
      category: 'consultation.errors.unknownCategory',
      scope: 'consultation.errors.unknownScope',
      parties: 'consultation.errors.partiesRequired',
      forms: 'consultation.errors.unknownForm',
      minCommentDays: 'consultation.errors.minCommentDaysTooShort',
    });
    for (const issue of r.error!.issues) expect(issue.message).toMatch(/^consultation\.[a-z]+\.[A-Za-z]+$/);
  });

  it('accepts exactly 7 comment days and refuses 6', () => {
    const base = {
      code: 'OTH-01',
      title: 't',
      category: 'other',
      parties: ['representatives'],
      forms: ['online'],
    };
    expect(catalogueItemSchema.safeParse({ ...base, minCommentDays: 7 }).success).toBe(true);
    expect(catalogueItemSchema.safeParse({ ...base, minCommentDays: 6 }).success).toBe(false);
    expect(catalogueItemSchema.safeParse({ ...base, minCommentDays: 7.5 }).error?.issues[0]?.message).toBe(
      'consultation.errors.minCommentDaysInvalid',
    );
  });
});

describe('vocabulary lookups', () => {
  it('reads ids, zh-CN labels and aliases, full-width or not', () => {
    expect(categoryFrom('环境卫生')).toBe('environment');
    expect(categoryFrom('environment')).toBe('environment');
    expect(categoryFrom('亮化绿化工程')).toBe('facilities');
    expect(categoryFrom('Ｅｎｖｉｒｏｎｍｅｎｔ')).toBe('environment');
    expect(categoryFrom('卫生')).toBeUndefined();
    expect(scopeFrom('跨社区')).toBe('cross_community');
    expect(partyTypeFrom('业委会')).toBe('owners_committee');
    expect(partyTypeFrom('物业服务企业')).toBe('property_company');
    expect(formFrom('民主听证会')).toBe('hearing');
    expect(formFrom('')).toBeUndefined();
  });
});

describe('publishing catalogue versions', () => {
  it('publishes version 1 with the publisher and the approving secretary', () => {
    const cat = publishFirst();
    const v = currentVersion(cat)!;
    expect(v).toMatchObject({
      version: 1,
      communityId: 'c1',
      year: 2026,
      publishedBy: 'u-member',
      approvedBy: 'u-sec',
    });
    expect(findItem(v, 'env-03')?.title).toBe('垃圾分类投放点设置');
  });

  it('lets one person who is both secretary and committee member publish (一肩挑)', () => {
    expect(() =>
      publishCatalogueVersion(null, {
        communityId: 'c1',
        year: 2026,
        items: [sorting],
        publisher: both,
        approver: both,
        now: 1,
      }),
    ).not.toThrow();
  });

  it('refuses a publisher outside the committee and an approver who is not the secretary', () => {
    const cmd = { communityId: 'c1', year: 2026, items: [sorting], now: 1 };
    expect(
      checkCataloguePublication(null, { ...cmd, publisher: secretary, approver: secretary }),
    ).toMatchObject({
      ok: false,
      key: 'consultation.errors.publisherNotCommittee',
    });
    expect(checkCataloguePublication(null, { ...cmd, publisher: member, approver: member })).toMatchObject({
      ok: false,
      key: 'consultation.errors.approverNotSecretary',
    });
  });

  it('never edits a published version: a change is a new version, the old one stays as it was', () => {
    const v1cat = publishFirst();
    const v1 = currentVersion(v1cat)!;
    const v2cat = publishCatalogueVersion(v1cat, {
      communityId: 'c1',
      year: 2026,
      items: [{ ...sorting, minCommentDays: 10 }, lights, funds],
      changeNote: '增加公益金事项，延长垃圾分类意见期',
      publisher: member,
      approver: secretary,
      now: 2_000,
    });
    expect(v2cat.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(v1cat.versions).toHaveLength(1);
    expect(findItem(v2cat.versions[0], 'ENV-03')?.minCommentDays).toBe(7);
    expect(findItem(currentVersion(v2cat), 'ENV-03')?.minCommentDays).toBe(10);
    expect(v2cat.versions[0]).toBe(v1);
    // Frozen: in-place edits throw (ES modules run in strict mode).
    expect(() => {
      (v1.items[0] as { title: string }).title = '改了';
    }).toThrow(TypeError);
    expect(() => {
      (v1.items as unknown as unknown[]).push(funds);
    }).toThrow(TypeError);
    expect(() => {
      (v1.items[0]!.parties as string[]).push('deputies');
    }).toThrow(TypeError);
    // The version in force at an instant: consultations opened then keep it.
    expect(versionInForceAt(v2cat, 1_500)?.version).toBe(1);
    expect(versionInForceAt(v2cat, 2_000)?.version).toBe(2);
    expect(versionInForceAt(v2cat, 999)).toBeUndefined();
  });

  it('requires a change note and a real change for a new version', () => {
    const cat = publishFirst();
    const cmd = { communityId: 'c1', year: 2026, publisher: member, approver: secretary, now: 5_000 };
    expect(checkCataloguePublication(cat, { ...cmd, items: [sorting, lights, funds] })).toMatchObject({
      key: 'consultation.errors.changeNoteRequired',
    });
    expect(
      checkCataloguePublication(cat, { ...cmd, items: [lights, sorting], changeNote: '调整顺序' }),
    ).toMatchObject({
      key: 'consultation.errors.noChanges',
    });
    expect(
      checkCataloguePublication(cat, { ...cmd, year: 2027, items: [funds], changeNote: 'x' }),
    ).toMatchObject({
      key: 'consultation.errors.wrongCatalogue',
    });
  });

  it('refuses two items with the same code or the same title in one year', () => {
    const cmd = { communityId: 'c1', year: 2026, publisher: member, approver: secretary, now: 1 };
    const sameCode = { ...lights, code: 'env-03' };
    expect(checkCataloguePublication(null, { ...cmd, items: [sorting, sameCode] })).toMatchObject({
      ok: false,
      key: 'consultation.errors.duplicateCode',
      params: { code: 'ENV-03' },
    });
    const sameTitle = { ...lights, title: ' 垃圾分类投放点设置' };
    expect(() => publishCatalogueVersion(null, { ...cmd, items: [sorting, sameTitle] })).toThrow(DomainError);
    try {
      publishCatalogueVersion(null, { ...cmd, items: [sorting, sameTitle] });
    } catch (e) {
      expect((e as DomainError).key).toBe('consultation.errors.duplicateTitle');
    }
  });

  it('reports an invalid item with its number and field', () => {
    const cmd = { communityId: 'c1', year: 2026, publisher: member, approver: secretary, now: 1 };
    expect(checkCataloguePublication(null, { ...cmd, items: [sorting, { ...lights, parties: [] }] })).toEqual(
      {
        ok: false,
        key: 'consultation.errors.partiesRequired',
        params: { item: 2, field: 'parties' },
      },
    );
  });

  it('finds every duplicate with the index it repeats', () => {
    const d = findDuplicates([
      { code: 'A-01', title: 'x' },
      { code: 'B-01', title: 'y' },
      { code: 'a-01', title: 'Y' },
    ]);
    expect(d.map((x) => [x.index, x.firstIndex, x.field])).toEqual([
      [2, 0, 'code'],
      [2, 1, 'title'],
    ]);
  });
});

describe('diffing versions', () => {
  it('lists added, removed and changed items with the changed fields, sorted by code', () => {
    const before = [sorting, lights].map((i) => catalogueItemSchema.parse(i));
    const after = [
      {
        ...sorting,
        parties: ['property_company', 'affected_residents', 'owners_committee'],
        minCommentDays: 10,
      },
      funds,
    ].map((i) => catalogueItemSchema.parse(i));
    const d = diffCatalogueVersions(before, after);
    expect(d.added.map((i) => i.code)).toEqual(['FUN-01']);
    expect(d.removed.map((i) => i.code)).toEqual(['FAC-01']);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]!.code).toBe('ENV-03');
    expect(d.changed[0]!.fields.sort()).toEqual(['minCommentDays', 'parties']);
    expect(d.unchanged).toBe(0);
  });

  it('does not count a reordered list or reordered items as a change', () => {
    const a = [sorting, lights].map((i) => catalogueItemSchema.parse(i));
    const b = [{ ...lights }, { ...sorting, parties: ['property_company', 'affected_residents'] }].map((i) =>
      catalogueItemSchema.parse(i),
    );
    expect(diffCatalogueVersions(a, b)).toEqual({ added: [], removed: [], changed: [], unchanged: 2 });
  });

  it('diffs two published versions directly', () => {
    const v1 = publishFirst();
    const v2 = publishCatalogueVersion(v1, {
      communityId: 'c1',
      year: 2026,
      items: [sorting, { ...lights, triggers: { budgetAtLeastCny: 30_000 } }],
      changeNote: '提高照明改造预算门槛',
      publisher: member,
      approver: secretary,
      now: 3_000,
    });
    const d = diffCatalogueVersions(v2.versions[0]!, v2.versions[1]!);
    expect(d.changed.map((c) => [c.code, c.fields])).toEqual([['FAC-01', ['triggers']]]);
  });
});

describe('when an item requires consultation', () => {
  const item = (i: CatalogueItemInput) => catalogueItemSchema.parse(i);

  it('always for a mandatory item', () => {
    expect(consultationRequirement(item(sorting))).toEqual({
      required: true,
      reason: 'consultation.gate.mandatoryItem',
    });
  });

  it('for a non-mandatory item only when a trigger fires: budget at threshold, households above N', () => {
    const fac = item(lights);
    expect(consultationRequirement(fac, { budgetCny: 19_999, householdsAffected: 50 }).required).toBe(false);
    expect(consultationRequirement(fac, { budgetCny: 20_000 })).toMatchObject({
      required: true,
      reason: 'consultation.gate.triggerBudget',
      params: { threshold: 20_000 },
    });
    expect(consultationRequirement(fac, { householdsAffected: 51 })).toMatchObject({
      reason: 'consultation.gate.triggerHouseholds',
    });
    expect(consultationRequirement(fac).required).toBe(false);
    expect(consultationRequirement(null).required).toBe(false);
  });

  it('marks decisions on items flagged 四议两公开 as major', () => {
    expect(makesMatterMajor(item(funds))).toBe(true);
    expect(makesMatterMajor(item(lights))).toBe(false);
  });
});

describe('organizing', () => {
  it('gives a cross-community item to the street office only', () => {
    expect(checkMayOrganize({ scope: 'cross_community' }, ['party_secretary'])).toMatchObject({
      ok: false,
      key: 'consultation.errors.crossCommunityNeedsStreetOffice',
    });
    expect(checkMayOrganize({ scope: 'cross_community' }, ['street_office_admin']).ok).toBe(true);
    expect(checkMayOrganize({ scope: 'community' }, ['committee_member']).ok).toBe(true);
    expect(checkMayOrganize({ scope: 'community' }, ['street_office_admin'])).toMatchObject({
      key: 'consultation.errors.notOrganizer',
    });
  });

  it('suggests the next free code of a category', () => {
    expect(suggestNextCode([{ code: 'ENV-01' }, { code: 'ENV-03' }, { code: 'FAC-09' }], 'environment')).toBe(
      'ENV-04',
    );
    expect(suggestNextCode([], 'other')).toBe('OTH-01');
  });
});
