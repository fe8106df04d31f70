/**
 * The load generator of the web-kill drill, in its own process: `node --import tsx
 * drills/ballot-load.ts <job.json> <result.json>`. Each of `concurrency` clients takes the next
 * one-time voting code and posts the ballot as a browser without JavaScript does (a form post to
 * /p/<community>/elections/<id>/vote, HTML back). An acknowledgement is HTTP 200 with the receipt on
 * the page; each voter comes from an address of its own (X-Forwarded-For). No answer (connection refused or reset: the web process is gone) → the same form is
 * sent again until one comes; "already voted" after such a retry means the first one got in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const job = z
  .object({
    baseUrls: z.array(z.string().url().max(200)).min(1).max(16), // client i posts to baseUrls[i % n]
    path: z.string().max(300),
    round: z.number().int().min(1).max(9),
    fields: z.array(z.tuple([z.string().max(200), z.string().max(20)])).max(100),
    codes: z.array(z.string().regex(/^\d{12}$/)).max(100_000),
    concurrency: z.number().int().min(1).max(500),
    alreadyVotedText: z.string().max(200),
  })
  .parse(JSON.parse(readFileSync(process.argv[2]!, 'utf8')));

type Outcome = { code: string; receipt?: string; ambiguous?: boolean; refused?: string; attempts: number; ms: number };
/**
 * Each voter is a phone of its own, behind the reverse proxy the web trusts (MINYI_TRUST_PROXY=1):
 * code tries are throttled per client address (decision 022), so one address for all would be refused.
 */
const phone = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const RECEIPT = /<output class="el-code"[^>]*>([\d\s]+)<\/output>/;

async function post(code: string, i: number, baseUrl: string): Promise<Outcome> {
  let unknown = false;
  const t0 = performance.now();
  const ms = () => performance.now() - t0;
  const body = new URLSearchParams([['intent', 'submit'], ['code', code], ['round', String(job.round)], ...job.fields]).toString();
  for (let attempts = 1; ; attempts++) {
    try {
      const r = await fetch(baseUrl + job.path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': phone(i) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(20_000),
      });
      const html = await r.text();
      const receipt = RECEIPT.exec(html)?.[1]?.trim();
      if ((r.status === 200 || r.status === 303) && receipt) return { code, receipt, attempts, ms: ms() };
      if (html.includes(job.alreadyVotedText)) return unknown ? { code, ambiguous: true, attempts, ms: ms() } : { code, refused: 'alreadyVoted', attempts, ms: ms() };
      if (r.status >= 500) throw new Error(`HTTP ${r.status}`); // "try again": the web process was going down
      return { code, refused: `HTTP ${r.status}`, attempts, ms: ms() };
    } catch {
      unknown = true;
      if (attempts >= 300) return { code, refused: 'no answer after 300 tries', attempts, ms: ms() }; // never loop for ever
      await new Promise((res) => setTimeout(res, 100));
    }
  }
}

const outcomes: Outcome[] = [];
let next = 0;
const t0 = Date.now();
const ticker = setInterval(() => console.log(`load: ${outcomes.length}/${job.codes.length} answered`), 2000);
await Promise.all(
  Array.from({ length: job.concurrency }, async (_, client) => {
    const baseUrl = job.baseUrls[client % job.baseUrls.length]!;
    for (let i = next++; i < job.codes.length; i = next++) outcomes.push(await post(job.codes[i]!, i, baseUrl));
  }),
);
clearInterval(ticker);
writeFileSync(process.argv[3]!, JSON.stringify({ outcomes, ms: Date.now() - t0 }));
console.log(`load: done, ${outcomes.length} answered in ${Date.now() - t0} ms`);
