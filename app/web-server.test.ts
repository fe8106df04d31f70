/**
 * The web process's own layer (issue 9, item 7), run as Express runs it on a free port with a
 * stand-in for Remix that counts what reaches it: cross-site writes refused before Remix, the
 * security headers, and the client address behind a proxy only when configured.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createWebApp, type WebOptions } from './web-server.server';

let reached: { method: string; ip: string | undefined; nonce: string }[] = [];
const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function serve(opts: Omit<WebOptions, 'handler'> = {}): Promise<string> {
  const app = createWebApp({
    ...opts,
    handler: (req, res) => {
      reached.push({ method: req.method, ip: req.ip, nonce: res.locals.cspNonce });
      res.type('html').send('<!doctype html><p>page</p>');
    },
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (url: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'a=1', redirect: 'manual' });

beforeEach(() => {
  reached = [];
});

describe('cross-site writes', () => {
  it('refuses a form posted from another site before the app sees it, with a localized page', async () => {
    const base = await serve();
    const r = await post(`${base}/c/x/motions/new`, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('这个表单不是从民议网站提交的');
    const en = await post(`${base}/login`, { origin: 'https://evil.example', cookie: 'minyi_lang=en' });
    expect(en.status).toBe(403);
    expect(await en.text()).toContain('not sent from the Minyi site');
    const sibling = await post(`${base}/login`, { 'sec-fetch-site': 'same-site' });
    expect(sibling.status).toBe(403);
    expect(reached).toEqual([]);
  });

  it('lets a same-origin form through, and reads (GET) from anywhere', async () => {
    const base = await serve();
    expect((await post(`${base}/login`, { 'sec-fetch-site': 'same-origin', origin: base })).status).toBe(200);
    expect((await post(`${base}/login`, { origin: base })).status).toBe(200);
    expect((await fetch(`${base}/p/x`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
    expect(reached.map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
  });

  it('compares the Origin with MINYI_PUBLIC_URL when it is set', async () => {
    const base = await serve({ publicUrl: 'https://minyi.example' });
    expect((await post(`${base}/login`, { origin: base })).status).toBe(403);
    expect((await post(`${base}/login`, { origin: 'https://minyi.example' })).status).toBe(200);
  });
});

describe('security headers', () => {
  it('sends a CSP with a fresh nonce per page, no framing, and no HSTS over plain HTTP', async () => {
    const base = await serve();
    const [a, b] = [await fetch(`${base}/`), await fetch(`${base}/`)];
    const csp = a.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`script-src 'self' 'nonce-${reached[0]!.nonce}'`);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(reached[0]!.nonce).not.toBe(reached[1]!.nonce);
    expect(b.headers.get('content-security-policy')).toContain(reached[1]!.nonce);
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    expect(a.headers.get('strict-transport-security')).toBeNull();
    expect(a.headers.get('x-powered-by')).toBeNull();
  });

  it('adds HSTS and upgrade-insecure-requests behind HTTPS', async () => {
    const base = await serve({ publicUrl: 'https://minyi.example' });
    const r = await fetch(`${base}/`);
    expect(r.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(r.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});

describe('the client address', () => {
  it('ignores X-Forwarded-For unless MINYI_TRUST_PROXY says a proxy stands in front', async () => {
    const direct = await serve();
    await fetch(`${direct}/`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const proxied = await serve({ trustProxy: 1 });
    await fetch(`${proxied}/`, { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } });
    expect(reached.map((r) => r.ip)).toEqual(['127.0.0.1', '203.0.113.9']);
  });
});
