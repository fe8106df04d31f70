/**
 * Sign-in, sessions and the one authorization guard. Lucia v3 stays behind this module: nothing
 * else imports it, so replacing it later touches one file.
 */
import { hash, verify } from '@node-rs/argon2';
import { PostgresJsAdapter } from '@lucia-auth/adapter-postgresql';
import { redirect } from '@remix-run/node';
import { Lucia, type Session, type User } from 'lucia';
import { db } from '../db/client.server';
import { claimAttempt, settleAttempt, type BucketRule } from '../db/throttle.server';
import { communityBySlug, rolesInCommunity, type Community } from '../db/people.server';
import { hasAnyRole, mayEnterCommunity, type Role } from '../domain/roles';

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: { username: string; display_name: string };
  }
}

/** MINYI_PUBLIC_URL (the address people use) says whether the site is served over HTTPS. */
export const publicUrlIsHttps = () => (process.env.MINYI_PUBLIC_URL ?? '').startsWith('https:');

function createLucia() {
  return new Lucia(new PostgresJsAdapter(db(), { user: 'users', session: 'sessions' }), {
    // Behind HTTPS the cookie is `__Host-` prefixed: Secure, path /, no Domain, so neither a plain-HTTP
    // page nor a sibling subdomain can set or overwrite it.
    sessionCookie: {
      name: publicUrlIsHttps() ? '__Host-minyi_session' : 'minyi_session',
      attributes: { secure: publicUrlIsHttps(), sameSite: 'lax' },
    },
    getUserAttributes: (a) => ({ username: a.username, displayName: a.display_name }),
  });
}

let lucia: ReturnType<typeof createLucia> | undefined;
const auth = () => (lucia ??= createLucia());

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => hash(password, ARGON2);

/**
 * Sign-in throttling (decision 022, replacing 005's per-name count): one bucket per account and
 * one per client address, claimed together before the password is checked. An account slows down
 * after 5 failures (2 s, 4 s … at most 60 s between tries), a client address after 20 (a community
 * office shares one address) up to 5 minutes; neither is ever locked for good.
 */
export const ACCOUNT_RULE: BucketRule = { free: 5, baseSeconds: 2, capSeconds: 60, forgetSeconds: 15 * 60 };
export const CLIENT_RULE: BucketRule = { free: 20, baseSeconds: 1, capSeconds: 300, forgetSeconds: 60 * 60 };
/** The most accounts one phone number may sign in (each costs a password check). */
const MAX_ACCOUNTS_PER_PHONE = 4;
let dummyHash: Promise<string> | undefined;

export type SignInResult =
  | { ok: true; cookie: string; userId: string }
  | { ok: false; reason: 'badCredentials' | 'phoneShared' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

const digitsOf = (s: string) => s.replace(/[\s-]/g, '');

/**
 * The accounts a typed name may mean: the one with that user name, else those with that phone
 * number. The account bucket is keyed by account (so the user name and the phone number are one
 * bucket), or by the typed name when it names nobody.
 */
async function candidates(name: string): Promise<{ id: string; password_hash: string }[]> {
  const sql = db();
  const byName = await sql<{ id: string; password_hash: string }[]>`select id, password_hash from users where username = ${name}`;
  if (byName.length || !/^\+?[0-9][0-9\s-]{4,30}$/.test(name)) return byName;
  return sql<{ id: string; password_hash: string }[]>`
    select id, password_hash from users where phone = ${digitsOf(name)} order by id limit ${MAX_ACCOUNTS_PER_PHONE + 1}`;
}

export async function signIn(username: string, password: string, client?: string): Promise<SignInResult> {
  const sql = db();
  const name = username.trim().toLowerCase();
  const users = await candidates(name);
  const accountKeys = users.length ? users.map((u) => `signin:user:${u.id}`) : [`signin:name:${name.slice(0, 100)}`];
  const clientKeys = client ? [`signin:client:${client}`] : [];
  const claim = await claimAttempt(sql, [
    ...accountKeys.map((key) => ({ key, rule: ACCOUNT_RULE })),
    ...clientKeys.map((key) => ({ key, rule: CLIENT_RULE })),
  ]);
  if (!claim.ok) return { ok: false, reason: 'throttled', retryAfterSeconds: claim.retryAfterSeconds };
  // Verify against a dummy hash for unknown names, so timing does not reveal which names exist.
  const fitting: string[] = [];
  if (users.length === 0 || users.length > MAX_ACCOUNTS_PER_PHONE) {
    await verify(await (dummyHash ??= hashPassword('minyi-dummy')), password);
  } else {
    for (const u of users) if (await verify(u.password_hash, password)) fitting.push(u.id);
  }
  if (fitting.length !== 1) {
    // Two accounts of one phone number with the same password: never pick one of them.
    return { ok: false, reason: fitting.length > 1 ? 'phoneShared' : 'badCredentials' };
  }
  const userId = fitting[0]!;
  await settleAttempt(sql, { reset: [`signin:user:${userId}`], refund: clientKeys });
  const session = await auth().createSession(userId, {});
  return { ok: true, cookie: auth().createSessionCookie(session.id).serialize(), userId };
}

export async function signOut(request: Request): Promise<string> {
  const sessionId = auth().readSessionCookie(request.headers.get('Cookie') ?? '');
  if (sessionId) await auth().invalidateSession(sessionId);
  return auth().createBlankSessionCookie().serialize();
}

export type SignedIn = { user: User; session: Session };

/** The signed-in person, or null. Sessions extend themselves (Lucia's sliding expiry) on use. */
export async function getUser(request: Request): Promise<SignedIn | null> {
  const sessionId = auth().readSessionCookie(request.headers.get('Cookie') ?? '');
  if (!sessionId) return null;
  const { user, session } = await auth().validateSession(sessionId);
  return user && session ? { user, session } : null;
}

export function sessionRefreshCookie(s: SignedIn | null): string | undefined {
  return s?.session.fresh ? auth().createSessionCookie(s.session.id).serialize() : undefined;
}

function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireUser(request: Request): Promise<User> {
  const s = await getUser(request);
  if (!s) throw signInRedirect(request);
  return s.user;
}

export type Authorized = { user: User; community: Community; roles: Role[] };

/**
 * The guard every non-public loader and action calls. Resolves the community from its slug and
 * the person's roles in it today (or on `opts.asOf`, a civil date: roles are read as of the day
 * that matters); refuses with 403 unless they hold one of `allowed` (or, with no list, any role
 * that may enter the community). Unknown community → 404.
 */
export async function requireRole(
  request: Request,
  communitySlug: string | undefined,
  allowed?: readonly Role[],
  opts: { asOf?: string } = {},
): Promise<Authorized> {
  const user = await requireUser(request);
  const community = communitySlug ? await communityBySlug(db(), communitySlug) : undefined;
  if (!community) throw new Response('Not Found', { status: 404 });
  const roles = await rolesInCommunity(db(), user.id, community.id, opts.asOf);
  const ok = allowed ? hasAnyRole(roles, allowed) : mayEnterCommunity(roles);
  if (!ok) throw new Response('Forbidden', { status: 403 });
  return { user, community, roles };
}
