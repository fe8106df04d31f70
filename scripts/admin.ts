/**
 * `npm run admin -- <command> [--option value …]`: set up an installation without demo data.
 * Works against the database `npm start` uses: DATABASE_URL if set, else the embedded PostgreSQL
 * of the data directory (MINYI_DATA_DIR or .data/, port MINYI_PG_PORT or 54329) — `npm start` must
 * be running then. Applies pending migrations first.
 *
 *   create-platform-admin --username U --name N [--password P]   (or MINYI_ADMIN_PASSWORD)
 *   create-street-office  --slug S --name-zh Z --name-en E
 *   create-street-admin   --street S --username U --name N [--password P]
 *   create-community      --street S --slug C --name-zh Z --name-en E [--households N] [--drill]
 *   list
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { hashPassword } from '../app/auth.server';
import { connect, type Sql } from '../db/client.server';
import { migrate } from '../db/migrate.server';
import {
  communitiesOfStreet,
  createCommunity,
  createPlatformAdmin,
  createStreetOffice,
  createStreetOfficeAdmin,
  listStreetOffices,
  streetOfficeBySlug,
} from '../db/admin.server';
import { accountSchema, communitySchema, streetOfficeSchema } from '../domain/admin/tenancy';
import { tFor } from '../app/i18n/config';
import { dataRoot } from './lib/paths';
import { tk } from '../app/i18n/keys';

const t = tFor('zh-CN');
const tEn = tFor('en');

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const password = readFileSync(join(dataRoot(), 'postgres-password'), 'utf8').trim();
  return `postgres://minyi:${encodeURIComponent(password)}@127.0.0.1:${Number(env.MINYI_PG_PORT ?? 54329)}/minyi`;
}

class UsageError extends Error {}

function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new UsageError(`--${String(issue.path[0] ?? '')}: ${tk(t, issue.message)} / ${tk(tEn, issue.message)}`);
}

function refused(r: { ok: false; key: string; params?: Record<string, string | number> }): never {
  throw new UsageError(`${tk(t, r.key, r.params)} / ${tk(tEn, r.key, r.params)}`);
}

async function street(sql: Sql, slug: string | undefined) {
  const s = slug ? await streetOfficeBySlug(sql, slug.trim().toLowerCase()) : undefined;
  if (!s) throw new UsageError(`--street: ${t('admin.errors.streetOfficeNotFound')} / ${tEn('admin.errors.streetOfficeNotFound')}`);
  return s;
}

export async function runAdmin(argv: string[], sql: Sql, out: (line: string) => void = console.log): Promise<void> {
  const [command, ...rest] = argv;
  const { values: o } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      slug: { type: 'string' },
      'name-zh': { type: 'string' },
      'name-en': { type: 'string' },
      street: { type: 'string' },
      households: { type: 'string' },
      drill: { type: 'boolean' },
    },
  });
  const password = o.password ?? process.env.MINYI_ADMIN_PASSWORD;
  switch (command) {
    case 'create-platform-admin': {
      const a = parsed(accountSchema, { username: o.username, displayName: o.name, password });
      const r = await createPlatformAdmin(sql, { username: a.username, displayName: a.displayName, passwordHash: await hashPassword(a.password) });
      if (!r.ok) refused(r);
      out(`✓ platform_admin ${a.username}`);
      return;
    }
    case 'create-street-office': {
      const s = parsed(streetOfficeSchema, { slug: o.slug, nameZh: o['name-zh'], nameEn: o['name-en'] });
      const r = await createStreetOffice(sql, { ...s, actor: null });
      if (!r.ok) refused(r);
      out(`✓ street office ${s.slug}`);
      return;
    }
    case 'create-street-admin': {
      const s = await street(sql, o.street);
      const a = parsed(accountSchema, { username: o.username, displayName: o.name, password });
      const r = await createStreetOfficeAdmin(sql, { username: a.username, displayName: a.displayName, passwordHash: await hashPassword(a.password), streetOfficeId: s.id, actor: null });
      if (!r.ok) refused(r);
      out(`✓ street_office_admin ${a.username} @ ${s.slug}`);
      return;
    }
    case 'create-community': {
      const s = await street(sql, o.street);
      const c = parsed(communitySchema, { slug: o.slug, nameZh: o['name-zh'], nameEn: o['name-en'], households: o.households, isDrill: o.drill ?? false });
      const r = await createCommunity(sql, { ...c, streetOfficeId: s.id, settings: {}, actor: null });
      if (!r.ok) refused(r);
      out(`✓ community ${c.slug} @ ${s.slug}`);
      return;
    }
    case 'list': {
      for (const s of await listStreetOffices(sql)) {
        out(`${s.slug}  ${s.nameZh} / ${s.nameEn}`);
        for (const c of await communitiesOfStreet(sql, s.id)) out(`  ${c.slug}  ${c.nameZh} / ${c.nameEn}  (${c.people} people)`);
      }
      return;
    }
    default:
      throw new UsageError('usage: npm run admin -- create-platform-admin | create-street-office | create-street-admin | create-community | list (see README)');
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const sql = connect(databaseUrl(), 2);
  migrate(sql)
    .then(() => runAdmin(process.argv.slice(2), sql))
    .then(
      () => sql.end(),
      async (e) => {
        await sql.end();
        console.error(`✗ ${e instanceof UsageError ? e.message : (e as Error).stack}`);
        process.exit(1);
      },
    );
}
