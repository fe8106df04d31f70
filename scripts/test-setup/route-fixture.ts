/**
 * Route tests' shared set-up: a community with one person per role, an election in set-up run by a
 * real worker, and signed-in cookies per role (signed in once each).
 */
import { randomUUID } from 'node:crypto';
import { signIn } from '../../app/auth.server';
import { createElection } from '../../app/elections.server';
import type { Sql } from '../../db/client.server';
import type { Role } from '../../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole, TEST_PASSWORD } from './fixtures';

export async function communityWithElection(sql: Sql, taskQueue: string, title: string) {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const people = await onePersonPerRole(sql, c);
  const committee = [
    people.election_committee.id,
    (await createUser(sql, [{ role: 'election_committee', communityId: c.id }], '乙')).id,
    (await createUser(sql, [{ role: 'election_committee', communityId: c.id }], '丙')).id,
  ];
  const electionId = randomUUID();
  const made = await createElection({
    electionId,
    title,
    committee,
    chair: committee[0]!,
    plan: { electionDay: '2026-12-20', mode: 'direct', seats: { director: 1, deputy: 1, member: 3 }, pollingPlaces: ['活动室'] },
    actor: { userId: people.party_secretary.id },
    communityId: c.id,
    dayMs: 60_000,
    taskQueue,
    sql,
  });
  if (!made.ok) throw new Error(made.key);
  return { slug: c.slug, communityId: c.id, electionId, people };
}

/** `cookieOf(role)`: the session cookie of that role's person, signing in on first use. */
export function cookieJar(people: () => Record<Role, { username: string }>) {
  const cookies = new Map<string, string>();
  return async (role: Role) => {
    const username = people()[role].username;
    if (!cookies.has(username)) {
      const r = await signIn(username, TEST_PASSWORD);
      if (!r.ok) throw new Error(`sign-in failed for ${username}`);
      cookies.set(username, r.cookie.split(';')[0]!);
    }
    return cookies.get(username)!;
  };
}

/**
 * The HTTP status a route's loader or action answers with: a Response it returns or throws, else 200
 * (plain data). Anything else thrown is a failure of the test, not a status.
 */
export async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    const r = await p;
    return r instanceof Response ? r.status : 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

/** The session cookie (name=value) of a person signed in with the test password. */
export async function cookieOf(username: string | undefined): Promise<string> {
  const r = await signIn(username!, TEST_PASSWORD);
  if (!r.ok) throw new Error(`sign-in failed for ${username}`);
  return r.cookie.split(';')[0]!;
}

/** A GET of a page with a session cookie. */
export const getWith = (url: string, cookie: string) => new Request(`http://minyi.test${url}`, { headers: { Cookie: cookie } });

/** A form post (same origin) with a session cookie. */
export const postWith = (url: string, cookie: string, fields: [string, string][]) =>
  new Request(`http://minyi.test${url}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://minyi.test' },
    body: new URLSearchParams(fields).toString(),
  });
