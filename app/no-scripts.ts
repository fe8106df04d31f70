/**
 * A route whose page works with plain forms and needs no script (the vote pages: the app's JavaScript
 * costs an old phone more than the ballot does) exports `handle = noScripts`; root then leaves out
 * `<Scripts/>` and `<ScrollRestoration/>`, so the page ships no JavaScript at all (issue 15).
 */
export const noScripts = { scripts: false } as const;

export const wantsScripts = (matches: readonly { handle?: unknown }[]): boolean =>
  !matches.some((m) => (m.handle as { scripts?: unknown } | undefined)?.scripts === false);
