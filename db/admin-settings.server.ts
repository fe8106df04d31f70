/**
 * Versioned community settings: `communities.settings` holds the version in force, and every
 * version (1 = as created) stays in `community_settings_versions` with who, when and why. Running
 * processes copied theirs when they started (motions.settings, elections.day_ms), so a change
 * applies to processes started after it.
 */
import { settingsValuesOf } from '../domain/admin/settings';
import { refuse, type Refusal } from '../domain/errors';
import { writeAudit } from './admin.server';
import type { Queryable, Sql } from './client.server';

export type CommunitySettings = { settings: Record<string, unknown>; version: number; isDrill: boolean };

export async function communitySettings(q: Queryable, communityId: string): Promise<CommunitySettings> {
  const [row] = await q<CommunitySettings[]>`
    select settings, settings_version as version, is_drill as "isDrill" from communities where id = ${communityId}`;
  if (!row) throw new Error(`no community ${communityId}`);
  return row;
}

/** Whether the settings in force allow online voting in elections (off unless the street office allowed it, §4.6). */
export async function onlineVotingAllowed(q: Queryable, communityId: string): Promise<boolean> {
  return settingsValuesOf((await communitySettings(q, communityId)).settings).onlineVotingAllowed === 1;
}

export type SettingsVersion = { version: number; settings: Record<string, unknown>; reason: string; approvalRef: string | null; changedBy: string | null; changedAt: Date };

export async function settingsVersions(q: Queryable, communityId: string): Promise<SettingsVersion[]> {
  return q<SettingsVersion[]>`
    select v.version, v.settings, v.reason, v.approval_ref as "approvalRef", u.display_name as "changedBy", v.changed_at as "changedAt"
    from community_settings_versions v left join users u on u.id = v.changed_by
    where v.community_id = ${communityId} order by v.version desc`;
}

/**
 * Writes the next version if the settings are still at `baseVersion` (a form based on an older
 * version is refused rather than silently overwriting a colleague's change).
 */
export async function saveSettings(
  sql: Sql,
  communityId: string,
  a: { baseVersion: number; settings: Record<string, unknown>; changed: string[]; reason: string; approvalRef: string | null; actor: string },
): Promise<{ ok: true; version: number } | Refusal> {
  return sql.begin(async (tx) => {
    const [cur] = await tx<{ settings: Record<string, unknown>; version: number }[]>`
      select settings, settings_version as version from communities where id = ${communityId} for update`;
    if (!cur) return refuse('admin.errors.communityNotFound');
    if (cur.version !== a.baseVersion) return refuse('admin.errors.settingsChangedMeanwhile');
    const version = cur.version + 1;
    await tx`update communities set settings = ${tx.json(a.settings as never)}, settings_version = ${version} where id = ${communityId}`;
    await tx`insert into community_settings_versions (community_id, version, settings, reason, approval_ref, changed_by)
             values (${communityId}, ${version}, ${tx.json(a.settings as never)}, ${a.reason}, ${a.approvalRef}, ${a.actor})`;
    await writeAudit(tx, { communityId, actor: a.actor, action: 'admin.settingsChanged', subjectType: 'community', subjectId: communityId, details: { old: cur.settings, new: a.settings, changed: a.changed, version, reason: a.reason, approvalRef: a.approvalRef } });
    return { ok: true, version };
  });
}
