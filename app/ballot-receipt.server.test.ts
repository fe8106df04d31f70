import { describe, expect, it } from 'vitest';
import { redirectWithReceipt, takeReceipt } from './ballot-receipt.server';

const votePage = 'http://localhost/p/chunhui/elections/e1/vote';
const cookieOf = (res: Response) => res.headers.get('Set-Cookie')!.split(';')[0]!;

describe('ballot receipt after the voting POST', () => {
  it('answers with a 303 to the vote page, and the next GET shows the receipt once and clears it', async () => {
    const res = await redirectWithReceipt(new Request(votePage, { method: 'POST' }), '1234 5678 9012');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/p/chunhui/elections/e1/vote');
    expect(res.headers.get('Set-Cookie')).toMatch(/HttpOnly/i);
    expect(res.headers.get('Set-Cookie')).toMatch(/Path=\/p\/chunhui\/elections\/e1\/vote/);
    const next = await takeReceipt(new Request(votePage, { headers: { Cookie: cookieOf(res) } }));
    expect(next.receipt).toBe('1234 5678 9012');
    expect(next.headers.get('Set-Cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });

  it('shows nothing without the cookie or with a forged value', async () => {
    expect((await takeReceipt(new Request(votePage))).receipt).toBeNull();
    const forged = await takeReceipt(new Request(votePage, { headers: { Cookie: `minyi_receipt=${btoa(JSON.stringify('<b>x</b>'))}` } }));
    expect(forged.receipt).toBeNull();
    expect(forged.headers.get('Set-Cookie')).toBeNull();
  });
});
