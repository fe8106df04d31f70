/**
 * 居民信息: the people register of a community (DOMAIN.md §1, §7). Each person has a `users` row
 * (roles, rosters and votes refer to users); without a sign-in its password hash is of a secret
 * nobody knows. Phone numbers are stored AES-256-GCM encrypted with a key derived from the data key
 * (MINYI_DATA_KEY), plus a keyed hash (duplicates) and a masked copy (every list). A person with a
 * sign-in may also sign in by phone: then `users.phone` holds it, as for every account.
 * Adults (or age unknown) hold the role `resident` from the day they are added until they leave.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { refuse, type Refusal } from '../domain/errors';
import type { EndReason, PersonInput } from '../domain/admin/people';
import { maskPhone } from '../domain/privacy';
import { writeAudit } from './admin.server';
import type { Queryable, Sql } from './client.server';
import { carryDepartures } from './motion-rosters.server';
import { derivedDataKey } from './elections.server';
import { encryptAddress } from './notify-crypto.server';
import { maskEmail } from '../domain/notify/contacts';

let phoneKeys: { enc: Buffer; mac: Buffer } | undefined;
const keys = () => (phoneKeys ??= { enc: derivedDataKey('people-phone-encryption'), mac: derivedDataKey('people-phone-hash') });

export function encryptPhone(phone: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keys().enc, iv);
  const body = Buffer.concat([c.update(phone, 'utf8'), c.final()]);
  return 'v1:' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}
export function decryptPhone(cipher: string): string {
  if (!cipher.startsWith('v1:')) throw new Error('unknown phone cipher version');
  const blob = Buffer.from(cipher.slice(3), 'base64');
  const d = createDecipheriv('aes-256-gcm', keys().enc, blob.subarray(0, 12));
  d.setAuthTag(blob.subarray(12, 28));
  return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
}
export const hashPhone = (phone: string) => createHmac('sha256', keys().mac).update(phone, 'utf8').digest('hex');

export type PersonRow = {
  id: string;
  userId: string;
  name: string;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  groupName: string | null;
  building: string | null;
  unit: string | null;
  phoneMasked: string | null;
  /** `a***@example.com`; the address itself is stored encrypted (people.email_cipher). */
  emailMasked: string | null;
  hasSignIn: boolean;
  username: string | null;
  status: 'active' | EndReason;
  endedOn: string | null;
};

const personColumns = (q: Queryable) => q`
  p.id, p.user_id as "userId", p.name, p.gender, p.birth_year as "birthYear", p.group_name as "groupName",
  p.building, p.unit, p.phone_masked as "phoneMasked", p.email_masked as "emailMasked", p.has_sign_in as "hasSignIn",
  case when p.has_sign_in then u.username end as username, p.status, to_char(p.ended_on, 'YYYY-MM-DD') as "endedOn"`;

export async function listPeople(q: Queryable, communityId: string, f: { status?: 'active' | 'ended'; search?: string } = {}): Promise<PersonRow[]> {
  const search = f.search ? `%${f.search}%` : null;
  return q<PersonRow[]>`
    select ${personColumns(q)} from people p join users u on u.id = p.user_id
    where p.community_id = ${communityId}
      and (${f.status ?? 'active'} = 'ended') = (p.status <> 'active')
      and (${search}::text is null or p.name like ${search} or p.building like ${search} or p.group_name like ${search})
    order by p.group_name nulls last, p.building nulls last, p.unit nulls last, p.name limit 2000`;
}

export async function personById(q: Queryable, communityId: string, personId: string): Promise<PersonRow | undefined> {
  const [row] = await q<PersonRow[]>`
    select ${personColumns(q)} from people p join users u on u.id = p.user_id
    where p.community_id = ${communityId} and p.id = ${personId}`;
  return row;
}

export async function personOfUser(q: Queryable, communityId: string, userId: string): Promise<PersonRow | undefined> {
  const [row] = await q<PersonRow[]>`
    select ${personColumns(q)} from people p join users u on u.id = p.user_id
    where p.community_id = ${communityId} and p.user_id = ${userId}`;
  return row;
}

const isAdult = (birthYear: number | null, today = new Date()) => birthYear === null || today.getUTCFullYear() - birthYear >= 18;

const phoneColumns = (phone: string | null) =>
  phone ? { phone_cipher: encryptPhone(phone), phone_hash: hashPhone(phone), phone_masked: maskPhone(phone) } : { phone_cipher: null, phone_hash: null, phone_masked: null };

/** Safe to log: no full phone number. */
const auditView = (p: PersonInput) => ({ ...p, phone: p.phone ? maskPhone(p.phone) : null, ...(p.email ? { email: maskEmail(p.email) } : {}) });

export type AddPerson = PersonInput & { signIn?: { username: string; passwordHash: string } };

/**
 * Inserts people (one or an import) in the caller's transaction. `lockedHash` is the password hash
 * of an account without sign-in. Refuses a phone already in the register.
 */
export async function insertPeople(
  tx: Queryable,
  communityId: string,
  people: readonly (AddPerson & { row?: number })[],
  meta: { actor: string | null; lockedHash: string; importId?: string; startsOn?: string; residentRole?: boolean },
): Promise<{ ok: true; ids: string[] } | (Refusal & { row?: number })> {
  const ids: string[] = [];
  for (const p of people) {
    if (p.phone) {
      const [dup] = await tx`select 1 from people where community_id = ${communityId} and status = 'active' and phone_hash = ${hashPhone(p.phone)}`;
      if (dup) return { ...refuse('admin.errors.phoneInRegister', p.row ? { row: p.row } : undefined), ...(p.row ? { row: p.row } : {}) };
    }
    const userId = randomUUID();
    const username = p.signIn?.username ?? `p-${userId}`;
    if (p.signIn) {
      const [taken] = await tx`select 1 from users where username = ${username} or (${p.phone}::text is not null and phone = ${p.phone})`;
      if (taken) return refuse('admin.errors.usernameTaken', { username });
    }
    await tx`insert into users (id, username, display_name, password_hash, phone)
             values (${userId}, ${username}, ${p.name}, ${p.signIn?.passwordHash ?? meta.lockedHash}, ${p.signIn ? p.phone : null})`;
    const [row] = await tx<{ id: string }[]>`
      insert into people ${tx({
        community_id: communityId,
        user_id: userId,
        name: p.name,
        gender: p.gender,
        birth_year: p.birthYear,
        group_name: p.groupName,
        building: p.building,
        unit: p.unit,
        ...phoneColumns(p.phone),
        ...(p.email ? { email_cipher: encryptAddress(p.email), email_masked: maskEmail(p.email) } : {}),
        has_sign_in: Boolean(p.signIn),
        import_id: meta.importId ?? null,
        created_by: meta.actor,
      })} returning id`;
    if (meta.residentRole !== false && isAdult(p.birthYear)) {
      await tx`insert into memberships (user_id, role, community_id, starts_on, granted_by, grant_reason, source)
               values (${userId}, 'resident', ${communityId}, coalesce(${meta.startsOn ?? null}::date, current_date), ${meta.actor},
                       ${meta.importId ? 'people import' : 'added to the register'}, ${meta.importId ? 'import' : 'admin'})`;
    }
    ids.push(row!.id);
  }
  if (!meta.importId) {
    for (const [i, id] of ids.entries())
      await writeAudit(tx, { communityId, actor: meta.actor, action: 'admin.personAdded', subjectType: 'person', subjectId: id, details: { new: auditView(people[i]!) } });
  }
  return { ok: true, ids };
}

export async function addPerson(sql: Sql, communityId: string, p: AddPerson, meta: { actor: string | null; lockedHash: string; residentRole?: boolean }) {
  return sql.begin((tx) => insertPeople(tx, communityId, [p], meta));
}

/** Changes a person's register entry; the audit entry keeps the old and new values (phones masked). */
export async function editPerson(
  sql: Sql,
  communityId: string,
  personId: string,
  p: PersonInput,
  actor: string,
  opts: { keepPhone?: boolean } = {},
): Promise<{ ok: true } | Refusal> {
  return sql.begin(async (tx) => {
    const [old] = await tx<(PersonInput & { status: string; phoneHash: string | null; hasSignIn: boolean; userId: string })[]>`
      select name, gender, birth_year as "birthYear", group_name as "groupName", building, unit, phone_masked as phone,
             status, phone_hash as "phoneHash", has_sign_in as "hasSignIn", user_id as "userId"
      from people where community_id = ${communityId} and id = ${personId} for update`;
    if (!old) return refuse('admin.errors.personNotFound');
    if (old.status !== 'active') return refuse('admin.errors.personEnded');
    const phoneHash = opts.keepPhone ? old.phoneHash : p.phone ? hashPhone(p.phone) : null;
    if (phoneHash && phoneHash !== old.phoneHash) {
      const [dup] = await tx`select 1 from people where community_id = ${communityId} and status = 'active' and phone_hash = ${phoneHash} and id <> ${personId}`;
      if (dup) return refuse('admin.errors.phoneInRegister');
    }
    await tx`update people set ${tx({
      name: p.name, gender: p.gender, birth_year: p.birthYear, group_name: p.groupName, building: p.building, unit: p.unit,
      ...(phoneHash === old.phoneHash ? {} : phoneColumns(p.phone)),
    })}, updated_at = now() where id = ${personId}`;
    await tx`update users set display_name = ${p.name}${old.hasSignIn && phoneHash !== old.phoneHash ? tx`, phone = ${p.phone}` : tx``} where id = ${old.userId}`;
    const { status: _s, phoneHash: _h, hasSignIn: _x, userId: _u, ...before } = old;
    await writeAudit(tx, { communityId, actor, action: 'admin.personEdited', subjectType: 'person', subjectId: personId, details: { old: before, new: opts.keepPhone ? { ...auditView(p), phone: before.phone } : auditView(p) } });
    return { ok: true };
  });
}

/** Moved away or deceased: the entry stays (ended), the person's roles end the same day, sign-in stops. */
export async function endPerson(
  sql: Sql,
  communityId: string,
  personId: string,
  e: { reason: EndReason; endedOn: string; note: string | null },
  meta: { actor: string; lockedHash: string },
): Promise<{ ok: true; endedRoles: number } | Refusal> {
  return sql.begin(async (tx) => {
    const [p] = await tx<{ userId: string; status: string }[]>`
      select user_id as "userId", status from people where community_id = ${communityId} and id = ${personId} for update`;
    if (!p) return refuse('admin.errors.personNotFound');
    if (p.status !== 'active') return refuse('admin.errors.personEnded');
    const [early] = await tx`select 1 from memberships where user_id = ${p.userId} and community_id = ${communityId}
                             and ended_at is null and starts_on > ${e.endedOn}::date`;
    if (early) return refuse('admin.errors.endBeforeStart');
    await tx`update people set status = ${e.reason}, ended_on = ${e.endedOn}, end_reason = ${e.note}, has_sign_in = false, updated_at = now()
             where id = ${personId}`;
    const ended = await tx`
      update memberships set ends_on = least(coalesce(ends_on, ${e.endedOn}::date), ${e.endedOn}::date), ended_at = now(), ended_by = ${meta.actor},
             end_reason = ${`person ${e.reason}`}
      where user_id = ${p.userId} and community_id = ${communityId} and ended_at is null
        and (ends_on is null or ends_on >= ${e.endedOn}::date) returning id`;
    await carryDepartures(tx, communityId, p.userId);
    await tx`update users set password_hash = ${meta.lockedHash}, phone = null where id = ${p.userId}`;
    await tx`delete from sessions where user_id = ${p.userId}`;
    await writeAudit(tx, { communityId, actor: meta.actor, action: 'admin.personEnded', subjectType: 'person', subjectId: personId, details: { old: { status: 'active' }, new: { status: e.reason, endedOn: e.endedOn, note: e.note }, endedRoles: ended.length } });
    return { ok: true, endedRoles: ended.length };
  });
}

/** Gives a person a sign-in (username + initial password hash), or a new password. */
export async function setSignIn(
  sql: Sql,
  communityId: string,
  personId: string,
  a: { username: string; passwordHash: string },
  actor: string,
): Promise<{ ok: true } | Refusal> {
  return sql.begin(async (tx) => {
    const [p] = await tx<{ userId: string; status: string; phoneCipher: string | null; hasSignIn: boolean }[]>`
      select user_id as "userId", status, phone_cipher as "phoneCipher", has_sign_in as "hasSignIn"
      from people where community_id = ${communityId} and id = ${personId} for update`;
    if (!p) return refuse('admin.errors.personNotFound');
    if (p.status !== 'active') return refuse('admin.errors.personEnded');
    const [taken] = await tx`select 1 from users where username = ${a.username} and id <> ${p.userId}`;
    if (taken) return refuse('admin.errors.usernameTaken', { username: a.username });
    const phone = p.phoneCipher ? decryptPhone(p.phoneCipher) : null;
    const [phoneTaken] = phone ? await tx`select 1 from users where phone = ${phone} and id <> ${p.userId}` : [];
    await tx`update users set username = ${a.username}, password_hash = ${a.passwordHash}, phone = ${phoneTaken ? null : phone} where id = ${p.userId}`;
    await tx`update people set has_sign_in = true, updated_at = now() where id = ${personId}`;
    await writeAudit(tx, { communityId, actor, action: p.hasSignIn ? 'admin.signInReset' : 'admin.signInGranted', subjectType: 'person', subjectId: personId, details: { new: { username: a.username } } });
    return { ok: true };
  });
}
