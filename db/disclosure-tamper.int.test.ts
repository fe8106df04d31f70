import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loader as chainJson } from '../app/routes/p.$communityId.chain[.]json';
import { createCommunity, createStreet } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import { repoRoot } from '../scripts/lib/paths';
import { recheckCommunityChain } from './disclosure-verify.server';
import { publishDisclosure, verifyCommunityChain } from './disclosures.server';

/**
 * Someone with database access changes a published disclosure behind the application's back (the
 * append-only trigger switched off). Every checker must find the break and name the entry.
 */
const sql = testSql();
const dir = mkdtempSync(join(tmpdir(), 'minyi-tamper-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await sql.end();
});

async function chainOfFive() {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const rows = [];
  for (let i = 1; i <= 5; i++) {
    rows.push(
      await publishDisclosure(sql, {
        communityId: c.id,
        kind: 'resolution',
        subjectType: 'motion',
        subjectId: `${c.id}-${i}`,
        title: `第${i}号决议`,
        body: { tally: { agree: 10 + i, disagree: 2, abstain: 1 } },
        publishedAt: new Date(`2026-11-0${i}T02:00:00Z`),
        idempotencyKey: `${c.id}-${i}`,
      }),
    );
  }
  return { c, rows };
}

/** Runs SQL with triggers off for this transaction only (superuser: the test cluster's owner). */
const behindTheBack = (run: (tx: typeof sql) => Promise<unknown>) =>
  sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await run(tx as unknown as typeof sql);
  });

async function download(slug: string): Promise<string> {
  const res = await chainJson({ params: { communityId: slug }, request: new Request('http://x/'), context: {} });
  const file = join(dir, `${slug}.json`);
  writeFileSync(file, await res.text());
  return file;
}

const standalone = (file: string) =>
  spawnSync(process.execPath, [join(repoRoot, 'tools/verify-disclosures.mjs'), file], { encoding: 'utf8' });
const npmScript = (slug: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/verify-disclosures.ts'), slug], {
    encoding: 'utf8',
    env: { ...process.env },
    cwd: repoRoot,
  });

describe('tamper evidence', () => {
  it('the append-only trigger refuses an ordinary update', async () => {
    const { rows } = await chainOfFive();
    await expect(sql`update disclosures set title = 'x' where id = ${rows[0]!.id}`).rejects.toThrow();
  });

  it('a changed entry is found and named by the board check, the full re-check, the npm script and the standalone verifier', async () => {
    const { c, rows } = await chainOfFive();
    const intact = await download(c.slug);
    expect(standalone(intact)).toMatchObject({ status: 0 });
    expect(standalone(intact).stdout).toMatch(/chain intact.*5 entries/);
    expect(npmScript(c.slug).status).toBe(0);

    const victim = rows[2]!;
    await behindTheBack((tx) => tx`update disclosures set body = ${tx.json({ tally: { agree: 99, disagree: 0, abstain: 0 } })} where id = ${victim.id}`);

    expect(await verifyCommunityChain(sql, c.id)).toEqual({ ok: false, brokenAt: victim.seq, reason: 'hash' });
    expect(await recheckCommunityChain(sql, c.id, { batch: 2 })).toEqual({
      ok: false,
      length: 2,
      brokenAt: { seq: victim.seq, id: victim.id, title: '第3号决议' },
      reason: 'hash',
    });
    const script = npmScript(c.slug);
    expect(script.status).toBe(1);
    expect(script.stdout).toContain(`chain BROKEN at seq ${victim.seq} (id ${victim.id}, "第3号决议")`);

    const tampered = standalone(await download(c.slug));
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(`entry #3 (seq ${victim.seq}, id ${victim.id}, "第3号决议"): content does not match its hash`);
  });

  it('a removed entry breaks the link of the one after it', async () => {
    const { c, rows } = await chainOfFive();
    await behindTheBack((tx) => tx`delete from disclosures where id = ${rows[1]!.id}`);
    const r = await recheckCommunityChain(sql, c.id);
    expect(r).toMatchObject({ ok: false, brokenAt: { seq: rows[2]!.seq, title: '第3号决议' }, reason: 'prevHash' });
    const out = standalone(await download(c.slug));
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(`(seq ${rows[2]!.seq}, id ${rows[2]!.id}, "第3号决议"): prevHash does not match`);
  });

  it('a hash rewritten to match changed content still breaks the next link', async () => {
    const { c, rows } = await chainOfFive();
    const victim = rows[1]!;
    const { sha256Hex, contentOf } = await import('./disclosures.server');
    const { chainInput } = await import('../domain/disclosure');
    const forged = { ...victim, title: '伪造的决议' };
    const hash = sha256Hex(chainInput(victim.prevHash, contentOf(forged)));
    await behindTheBack((tx) => tx`update disclosures set title = ${forged.title}, hash = ${hash} where id = ${victim.id}`);
    expect(await recheckCommunityChain(sql, c.id)).toMatchObject({ ok: false, brokenAt: { seq: rows[2]!.seq }, reason: 'prevHash' });
  });
});
