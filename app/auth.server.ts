/**
 * Sign-in, sessions and the one authorization guard. Lucia v3 stays behind this module: nothing
 * else imports it, so replacing it later touches one file.
 */
import { hash, verify } from '@node-rs/argon2';
import { PostgresJsAdapter } from '@lucia-auth/adapter-postgresql';
import { redirect } from '@remix-run/node';
import { Lucia, type Session, type User } from 'lucia';
import { db } from '../db/client.server';
import { communityBySlug, rolesInCommunity, type Community } from '../db/people.server';
import { hasAnyRole, mayEnterCommunity, type Role } from '../domain/roles';

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: { username: string; display_name: string };
  }
}

function createLucia() {
  return new Lucia(new PostgresJsAdapter(db(), { user: 'users', session: 'sessions' }), {
    sessionCookie: {
      name: 'minyi_session',
      attributes: { secure: (process.env.MINYI_PUBLIC_URL ?? '').startsWith('https:'), sameSite: 'lax' },
    },
    getUserAttributes: (a) => ({ username: a.username, displayName: a.display_name }),
  });
}

let lucia: ReturnType<typeof createLucia> | undefined;
const auth = () => (lucia ??= createLucia());

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => hash(password, ARGON2);

/** Failed sign-ins allowed per account per window; the next one is refused without checking. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_SECONDS = 60;
let dummyHash: Promise<string> | undefined;

export type SignInResult =
  | { ok: true; cookie: string; userId: string }
  | { ok: false; reason: 'badCredentials' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function signIn(username: string, password: string): Promise<SignInResult> {
  const sql = db();
  const name = username.trim().toLowerCase();
  const [recent] = await sql<{ n: number; oldest: Date | null }[]>`
    select count(*)::int as n, min(at) as oldest from login_failures
    where username = ${name} and at > now() - make_interval(secs => ${FAILURE_WINDOW_SECONDS})`;
  if (recent && recent.n >= MAX_FAILURES) {
    const retry = Math.max(1, Math.ceil(FAILURE_WINDOW_SECONDS - (Date.now() - recent.oldest!.getTime()) / 1000));
    return { ok: false, reason: 'throttled', retryAfterSeconds: retry };
  }
  const [user] = await sql<{ id: string; password_hash: string }[]>`
    select id, password_hash from users where username = ${name} or phone = ${name} limit 1`;
  // Verify against a dummy hash for unknown names, so timing does not reveal which names exist.
  const ok = await verify(user?.password_hash ?? (await (dummyHash ??= hashPassword('minyi-dummy'))), password);
  if (!user || !ok) {
    await sql`insert into login_failures (username) values (${name})`;
    await sql`delete from login_failures where at < now() - interval '1 day'`;
    return { ok: false, reason: 'badCredentials' };
  }
  const session = await auth().createSession(user.id, {});
  return { ok: true, cookie: auth().createSessionCookie(session.id).serialize(), userId: user.id };
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
