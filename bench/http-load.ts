/**
 * The HTTP load generator of `npm run bench` (decision 068), in its own process so it does not share
 * a core's event loop with the web process: `node --import tsx bench/http-load.ts <job.json>
 * <result.json>`. autocannon holds `connections` keep-alive connections and posts, for `durationS`
 * seconds, the next form body of the job (each body once: one voter's code or session each), with
 * its own headers (an `X-Forwarded-For` per voter, a session cookie). A response counts as
 * acknowledged only when its status is 2xx and its body matches `expect` (the receipt on the page);
 * anything else is an error. Latency per response is kept here (autocannon's own table has no p95).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { z } from 'zod';

const job = z
  .object({
    url: z.string().url().max(300),
    connections: z.number().int().min(1).max(500),
    durationS: z.number().min(1).max(600),
    /** One form body per request, used in order; the run stops early when they are used up. */
    bodies: z.array(z.string().max(4000)).min(1).max(500_000).optional(),
    /** Or the same body for every request. */
    body: z.string().max(4000).optional(),
    /** Headers per body (same index), e.g. the voter's address and session cookie. */
    headers: z.array(z.record(z.string().max(60), z.string().max(400))).max(500_000).optional(),
    expect: z.string().max(200),
  })
  .parse(JSON.parse(readFileSync(process.argv[2]!, 'utf8')));

const expect = new RegExp(job.expect);
const latencies: number[] = [];
let next = 0;
let acknowledged = 0;
const errors: Record<string, number> = {};
const err = (why: string) => (errors[why] = (errors[why] ?? 0) + 1);

const t0 = performance.now();
let finish: (r: autocannon.Result) => void = () => {};
let fail: (e: Error) => void = () => {};
const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
const instance = autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.durationS,
  pipelining: 1,
  timeout: 30,
  requests: [
    {
      method: 'POST',
      setupRequest: (req) => {
        const i = next++;
        if (!job.bodies) return { ...req, body: job.body, headers: { ...req.headers, 'content-type': 'application/x-www-form-urlencoded' } };
        if (i >= job.bodies.length) {
          // Out of voters: autocannon stops once every connection is idle.
          instance.stop();
          return req;
        }
        return {
          ...req,
          body: job.bodies[i],
          headers: { ...req.headers, 'content-type': 'application/x-www-form-urlencoded', ...(job.headers?.[i] ?? {}) },
        };
      },
      onResponse: (status, body) => {
        if (status >= 200 && status < 300 && expect.test(body)) acknowledged++;
        else err(`HTTP ${status}${status < 300 ? ' without the expected answer' : ''}`);
      },
    },
  ],
}, (e, r) => (e ? fail(e) : finish(r)));
instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
instance.on('reqError', () => err('request error'));

const result = await done;
const seconds = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : NaN);
writeFileSync(
  process.argv[3]!,
  JSON.stringify({
    seconds,
    sent: job.bodies ? Math.min(next, job.bodies.length) : next,
    answered: latencies.length,
    acknowledged,
    perSecond: acknowledged / seconds,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    errors: Object.values(errors).reduce((a, b) => a + b, 0) + result.timeouts,
    errorKinds: { ...errors, ...(result.timeouts ? { timeouts: result.timeouts } : {}) },
  }),
);
