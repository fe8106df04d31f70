/**
 * Community settings an office may change (DOMAIN.md §3.3–§3.4, §2, §4.6), each with the range the
 * law, practice or platform allows and the source cited when a value is refused. The values live in
 * `communities.settings` (the shape domain/motion/settings.ts reads); every change is a new version.
 */
import { z } from 'zod';
import '../zodErrors';
import { resolveMotionSettings } from '../motion/settings';
import { REAL_DAY_MS } from '../calendar';
import type { Role } from '../roles';

/** Where a floor comes from; shown with the refusal (`admin.basis.<id>`). */
export type Basis = 'law_art9' | 's7b' | 's14' | 'platform_notice' | 'platform_window' | 'platform_lapse' | 'platform_due' | 'platform_threshold';

export type NumberSetting = {
  id: string;
  path: readonly string[];
  min: number;
  max: number;
  dflt: number;
  basis: Basis;
};

export const NUMBER_SETTINGS: readonly NumberSetting[] = [
  { id: 'noticeJointMeeting', path: ['motion', 'noticeDays', 'joint_meeting'], min: 1, max: 7, dflt: 2, basis: 'platform_notice' },
  { id: 'noticePartyMeeting', path: ['motion', 'noticeDays', 'party_members_meeting'], min: 3, max: 10, dflt: 3, basis: 'platform_notice' },
  { id: 'noticeRepresentativesMeeting', path: ['motion', 'noticeDays', 'representatives_meeting'], min: 3, max: 10, dflt: 3, basis: 's7b' },
  { id: 'noticeResidentsMeeting', path: ['motion', 'noticeDays', 'residents_meeting'], min: 3, max: 10, dflt: 7, basis: 'platform_notice' },
  { id: 'votingWindowDays', path: ['motion', 'votingWindowDays'], min: 1, max: 7, dflt: 3, basis: 'platform_window' },
  { id: 'disclosureDays', path: ['motion', 'disclosureDays'], min: 7, max: 30, dflt: 7, basis: 's14' },
  { id: 'lapseDays', path: ['motion', 'lapseDays'], min: 90, max: 365, dflt: 180, basis: 'platform_lapse' },
  { id: 'dueJointMeeting', path: ['motion', 'dueDays', 'jointMeeting'], min: 7, max: 60, dflt: 15, basis: 'platform_due' },
  { id: 'duePartyReview', path: ['motion', 'dueDays', 'partyReview'], min: 7, max: 60, dflt: 30, basis: 'platform_due' },
  { id: 'dueResolution', path: ['motion', 'dueDays', 'resolution'], min: 7, max: 60, dflt: 30, basis: 'platform_due' },
  { id: 'spendingThresholdYuan', path: ['motion', 'spendingThresholdYuan'], min: 5_000, max: 200_000, dflt: 20_000, basis: 'platform_threshold' },
];

/** Shortest day a drill community may use (a scaled day), in ms; real communities keep 24 h. */
export const MIN_DRILL_DAY_MS = 1000;

export type SettingsValues = Record<string, number> & { onlineVotingAllowed: 0 | 1; dayMs: number };

/** Who may change settings: the committee and the secretary; online voting only with the street office (§4.6). */
export const SETTINGS_EDITORS: readonly Role[] = ['party_secretary', 'committee_member', 'street_office_admin'];
export const ONLINE_VOTING_APPROVERS: readonly Role[] = ['street_office_admin'];

type Json = Record<string, unknown>;
const at = (o: Json, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);
function put(o: Json, path: readonly string[], value: unknown): Json {
  const [k, ...rest] = path;
  if (k === undefined) return o;
  const child = o[k] && typeof o[k] === 'object' ? (o[k] as Json) : {};
  return { ...o, [k]: rest.length ? put(child, rest, value) : value };
}

/** The current values (defaults filled in) from `communities.settings`. */
export function settingsValuesOf(settings: Json): SettingsValues {
  const values: Record<string, number> = {};
  for (const s of NUMBER_SETTINGS) {
    const v = at(settings, s.path);
    values[s.id] = typeof v === 'number' ? v : s.dflt;
  }
  const dayMs = at(settings, ['motion', 'dayMs']) ?? at(settings, ['dayMs']);
  return {
    ...values,
    onlineVotingAllowed: at(settings, ['elections', 'onlineVotingAllowed']) === true ? 1 : 0,
    dayMs: typeof dayMs === 'number' ? dayMs : REAL_DAY_MS,
  } as SettingsValues;
}

/** A whole number typed into a settings field; its floor and range are `applySettings`' to check. */
const wholeNumber = z.coerce.number({ error: 'form.notAWholeNumber' }).int({ error: 'form.notAWholeNumber' });

/**
 * The settings form (conform): every field optional (an absent one keeps its value), the reason
 * required, texts capped. What the numbers may be is `applySettings`' rule, with its sources.
 */
export const settingsFormSchema = z.object({
  baseVersion: z.coerce.number({ error: 'form.invalid' }).int({ error: 'form.invalid' }).min(0, { error: 'form.invalid' }),
  ...(Object.fromEntries(NUMBER_SETTINGS.map((s) => [s.id, wholeNumber.optional()])) as Record<string, z.ZodOptional<typeof wholeNumber>>),
  onlineVotingAllowed: z.boolean().default(false),
  approvalRef: z.string().trim().max(200, { error: 'form.tooLong' }).optional(),
  dayMs: wholeNumber.optional(),
  reason: z.string({ error: 'admin.errors.reasonRequired' }).trim().min(1, { error: 'admin.errors.reasonRequired' }).max(500, { error: 'form.tooLong' }),
});
export type SettingsForm = z.output<typeof settingsFormSchema>;

export type SettingsRefusal = { field: string; key: string; params: Record<string, string | number> };

/**
 * Checks raw form values against each floor and range and returns the new `communities.settings`
 * (other keys kept), or every refusal naming its field and the source of the floor.
 */
export function applySettings(
  current: Json,
  raw: Record<string, unknown>,
  ctx: { isDrill: boolean; roles: readonly Role[]; approvalRef: string | null },
): { ok: true; settings: Json; changed: string[] } | { ok: false; refusals: SettingsRefusal[] } {
  const refusals: SettingsRefusal[] = [];
  const before = settingsValuesOf(current);
  let next: Json = current;
  const changed: string[] = [];
  for (const s of NUMBER_SETTINGS) {
    const text = String(raw[s.id] ?? before[s.id]).trim();
    const n = Number(text);
    if (text === '' || !Number.isInteger(n)) {
      refusals.push({ field: s.id, key: 'form.notAWholeNumber', params: {} });
      continue;
    }
    if (n < s.min) {
      refusals.push({ field: s.id, key: 'admin.errors.settingBelowFloor', params: { setting: s.id, min: s.min, basis: s.basis } });
      continue;
    }
    if (n > s.max) {
      refusals.push({ field: s.id, key: 'admin.errors.settingAboveRange', params: { setting: s.id, max: s.max, basis: s.basis } });
      continue;
    }
    if (n !== before[s.id]) changed.push(s.id);
    next = put(next, s.path, n);
  }
  const online = raw.onlineVotingAllowed === 'on' || raw.onlineVotingAllowed === '1' || raw.onlineVotingAllowed === true ? 1 : 0;
  if (online !== before.onlineVotingAllowed) {
    if (!ctx.roles.some((r) => ONLINE_VOTING_APPROVERS.includes(r)))
      refusals.push({ field: 'onlineVotingAllowed', key: 'admin.errors.onlineVotingNeedsStreetOffice', params: {} });
    else if (online === 1 && !ctx.approvalRef)
      refusals.push({ field: 'approvalRef', key: 'admin.errors.onlineVotingNeedsApproval', params: {} });
    else changed.push('onlineVotingAllowed');
  }
  next = put(next, ['elections', 'onlineVotingAllowed'], online === 1);
  const dayText = String(raw.dayMs ?? before.dayMs).trim();
  const dayMs = Number(dayText);
  if (!Number.isInteger(dayMs) || dayMs <= 0) refusals.push({ field: 'dayMs', key: 'form.notAWholeNumber', params: {} });
  else if (dayMs !== before.dayMs) {
    if (!ctx.isDrill) refusals.push({ field: 'dayMs', key: 'admin.errors.dayLengthOnlyForDrills', params: {} });
    else if (dayMs < MIN_DRILL_DAY_MS || dayMs > REAL_DAY_MS)
      refusals.push({ field: 'dayMs', key: 'form.outOfRange', params: {} });
    else {
      changed.push('dayMs');
      next = put(put(next, ['motion', 'dayMs'], dayMs), ['elections', 'dayMs'], dayMs);
    }
  }
  if (refusals.length) return { ok: false, refusals };
  // The motion feature's own schema must accept the result too (one rule, two checks agree).
  resolveMotionSettings(next.motion as never);
  return { ok: true, settings: next, changed };
}
