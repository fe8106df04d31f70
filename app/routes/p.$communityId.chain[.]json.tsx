import type { LoaderFunctionArgs } from '@remix-run/node';
import { communityBySlug, communityDisclosures, db, disclosureContent } from '~/data.server';

/**
 * The whole disclosure chain of a community, oldest first, so anyone can verify it:
 * hash = sha256(prevHash + "\n" + JCS(content)), JCS = RFC 8785; the first prevHash is 64 zeros.
 * tools/verify-disclosures.mjs (served at /verify-disclosures.mjs) checks it with Node.js alone.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  if (!community) throw new Response('Not Found', { status: 404 });
  const rows = (await communityDisclosures(db(), community.id)).reverse();
  const body = {
    community: community.slug,
    algorithm: 'hash = sha256_hex(prevHash + "\\n" + JCS(content)); JCS is the JSON Canonicalization Scheme of RFC 8785; the first prevHash is "0" x 64',
    verifier: '/verify-disclosures.mjs',
    links: rows.map((r) => ({ seq: r.seq, id: r.id, prevHash: r.prevHash, hash: r.hash, content: disclosureContent(r) })),
  };
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${community.slug}-disclosures.json"`,
    },
  });
}
