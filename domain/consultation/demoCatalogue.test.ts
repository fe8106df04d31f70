import { currentVersion, findItem, findDuplicates } from './catalogue';
import { DEMO_CATALOGUE_ITEMS, DEMO_CATALOGUE_YEAR, demoCatalogue } from './demoCatalogue';
import { motionConsultationGate } from './motionGate';
import { catalogueItemSchema } from './schemas';

describe('demo catalogue', () => {
  const cat = demoCatalogue({
    communityId: 'demo',
    publisher: { id: 'director', roles: ['committee_member'] },
    approver: { id: 'secretary', roles: ['party_secretary'] },
    publishedAt: Date.UTC(2026, 0, 5),
  });
  const v = currentVersion(cat)!;

  it('publishes as version 1 for 2026, every item valid and none duplicated', () => {
    expect(cat.year).toBe(DEMO_CATALOGUE_YEAR);
    expect(v.version).toBe(1);
    expect(v.items.length).toBeGreaterThanOrEqual(8);
    expect(v.items.length).toBeLessThanOrEqual(12);
    for (const i of DEMO_CATALOGUE_ITEMS) expect(catalogueItemSchema.safeParse(i).success).toBe(true);
    expect(findDuplicates(v.items)).toEqual([]);
  });

  it('covers the categories, with mandatory and optional items, and one cross-community matter', () => {
    expect(new Set(v.items.map((i) => i.category)).size).toBeGreaterThanOrEqual(6);
    expect(v.items.some((i) => i.mandatory)).toBe(true);
    expect(v.items.some((i) => !i.mandatory && i.triggers.budgetAtLeastCny !== undefined)).toBe(true);
    expect(v.items.filter((i) => i.scope === 'cross_community').map((i) => i.code)).toEqual(['HOU-01']);
  });

  it('drives the motion gate as a community would expect', () => {
    expect(
      motionConsultationGate({
        catalogueItem: findItem(v, 'FUN-01'),
        consultationState: null,
        optedIn: false,
      }).decision,
    ).toBe('consult');
    expect(
      motionConsultationGate({
        catalogueItem: findItem(v, 'ENV-02'),
        consultationState: null,
        optedIn: false,
        facts: { budgetCny: 8_000 },
      }).decision,
    ).toBe('proceed');
  });
});
