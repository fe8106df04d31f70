/**
 * `npm run verify-disclosures [community]`: recomputes every community's disclosure chain (or one
 * community's, by slug) from PostgreSQL and says OK, or exactly which entry breaks it. Exit 1 on a
 * break. Uses DATABASE_URL, or the embedded database of a running `npm start`.
 */
import { connect } from '../db/client.server';
import { recheckCommunityChain } from '../db/disclosure-verify.server';
import { commandLineDatabaseUrl } from './lib/database-url';

async function main(slug?: string): Promise<number> {
  const sql = connect(commandLineDatabaseUrl(), 2);
  try {
    const communities = await sql<{ id: string; slug: string; nameZh: string }[]>`
      select id, slug, name_zh as "nameZh" from communities
      where ${slug ? sql`slug = ${slug}` : sql`true`} order by slug`;
    if (slug && communities.length === 0) {
      console.error(`✗ 没有这个社区 no community "${slug}"`);
      return 2;
    }
    let broken = 0;
    for (const c of communities) {
      const r = await recheckCommunityChain(sql, c.id, {
        onProgress: (n) => {
          if (n % 10_000 === 0) process.stderr.write(`  ${c.slug}: ${n} …\n`);
        },
      });
      if (r.ok) {
        console.log(`✓ ${c.slug} ${c.nameZh}: 链条完整 chain intact, ${r.length} entries, head ${r.head}`);
      } else {
        broken++;
        const why = r.reason === 'hash' ? 'content does not match its hash (changed)' : 'prevHash does not match the previous entry (removed, inserted or reordered)';
        console.log(
          `✗ ${c.slug} ${c.nameZh}: 链条断裂 chain BROKEN at seq ${r.brokenAt.seq} (id ${r.brokenAt.id}, "${r.brokenAt.title}"): ${why}; ${r.length} entries before it are intact`,
        );
      }
    }
    return broken ? 1 : 0;
  } finally {
    await sql.end();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`✗ ${(e as Error).message}`);
    process.exit(2);
  },
);
