/**
 * `npm run bench` only: a Remix action that does nothing but read its form, the floor under the HTTP
 * ballot figures (bench/http-ballots.bench.ts, decision 068): the same Express stack, security headers,
 * cross-site check and Remix request handling as a vote, without a query or a page. Not found unless
 * the web process was started with MINYI_BENCH_NOOP=1 (the bench's own web process).
 */
import type { ActionFunctionArgs } from '@remix-run/node';

const notFound = () => new Response('Not Found', { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  if (process.env.MINYI_BENCH_NOOP !== '1') throw notFound();
  await request.formData();
  return new Response('ok', { headers: { 'content-type': 'text/plain' } });
}

export function loader() {
  throw notFound();
}
