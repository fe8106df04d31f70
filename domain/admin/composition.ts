/**
 * Statutory composition warnings (DOMAIN.md §1.1, §3.3): the system warns, never blocks.
 * - Representatives' meeting: representatives ≥ 4/5 of its members, women ≥ 1/3 [S7][S2].
 * - Residents' committee: 5–9 members (Art. 7 [S1]); must include a woman [S8].
 */
export type Member = { userId: string; gender: 'male' | 'female' | null };
export type Warning = { key: string; params: Record<string, string | number> };

/** `committee` = committee members, `representatives` = resident representatives (distinct persons counted once). */
export function compositionWarnings(committee: readonly Member[], representatives: readonly Member[]): Warning[] {
  const warnings: Warning[] = [];
  const all = new Map<string, Member>();
  for (const m of [...committee, ...representatives]) all.set(m.userId, m);
  const total = all.size;
  const repIds = new Set(representatives.map((r) => r.userId));
  const committeeOnly = [...all.keys()].filter((id) => !repIds.has(id)).length;
  const reps = total - committeeOnly;
  if (total > 0 && 5 * reps < 4 * total) warnings.push({ key: 'admin.warnings.representativesShare', params: { reps, total } });
  const women = [...all.values()].filter((m) => m.gender === 'female').length;
  if (total > 0 && 3 * women < total) warnings.push({ key: 'admin.warnings.womenShare', params: { women, total } });
  const committeeSize = new Set(committee.map((m) => m.userId)).size;
  if (committeeSize < 5 || committeeSize > 9) warnings.push({ key: 'admin.warnings.committeeSize', params: { n: committeeSize } });
  if (committeeSize > 0 && !committee.some((m) => m.gender === 'female')) warnings.push({ key: 'admin.warnings.committeeNoWoman', params: {} });
  return warnings;
}
