/**
 * What the server knows about the request beyond the Request itself, passed by server.ts as
 * Remix's load context: the client's address (for throttling) and the CSP nonce of the page.
 */
import { isIP } from 'node:net';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The client's address: the socket's peer, or with MINYI_TRUST_PROXY=N the address N proxies reported. */
    clientAddress?: string;
    /** A fresh random value per request, allowed by the page's Content-Security-Policy. */
    cspNonce?: string;
  }
}

/**
 * A throttling key for a client address: IPv4 as is, IPv6 by its /64 network (one household or
 * phone gets a whole /64, so single addresses would be free to an attacker). No address (a call
 * from a script or test, not through server.ts) → no client bucket.
 */
export function clientKeyOf(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(a) === 4) return a;
  if (isIP(a) !== 6) return 'unknown';
  const [head = '', tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export const clientOf = (context: { clientAddress?: string } | undefined) => clientKeyOf(context?.clientAddress);
