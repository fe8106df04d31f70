import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The standalone chain verifier (tools/verify-disclosures.mjs), for anyone to download and run on
 * a community's chain.json with nothing but Node.js.
 */
export async function loader() {
  const text = await readFile(join(process.cwd(), 'tools', 'verify-disclosures.mjs'), 'utf8');
  return new Response(text, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Disposition': 'attachment; filename="verify-disclosures.mjs"',
      'Cache-Control': 'public, max-age=3600',
    },
  });
}
