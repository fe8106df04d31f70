/**
 * The shape a newcomer can hold (issue 10): no import cycle among the modules (type-only imports
 * aside: they vanish when compiled), no source file over ~500 lines, no function over ~150 outside
 * the tests (a test file's `describe` body is a list of cases, not one function to read). Read with
 * the TypeScript compiler's own parser, over the files git tracks.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './lib/paths';

const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 150;
const isTest = (f: string) => /\.(test|spec)\.tsx?$|\.testkit\.ts$|^e2e\//.test(f);

const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n');
const tracked = new Set(files);
const parsed = new Map(files.map((f) => [f, ts.createSourceFile(f, readFileSync(join(repoRoot, f), 'utf8'), ts.ScriptTarget.Latest, true)]));

function resolve(from: string, spec: string): string | undefined {
  const base = spec.startsWith('~/') ? join('app', spec.slice(2)) : spec.startsWith('.') ? normalize(join(dirname(from), spec)) : undefined;
  if (base === undefined) return undefined;
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((c) => tracked.has(c));
}

/** The modules a file loads when it runs (type-only imports and exports left out). */
function valueImports(src: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of src.statements) {
    if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (ts.isExportDeclaration(st) && st.isTypeOnly) continue;
    if (ts.isImportDeclaration(st)) {
      const c = st.importClause;
      if (c?.isTypeOnly) continue;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      if (c && !c.name && named?.length && named.every((e) => e.isTypeOnly)) continue;
    }
    const r = resolve(src.fileName, st.moduleSpecifier.text);
    if (r) out.push(r);
  }
  return out;
}

/** Strongly connected components of more than one module (Tarjan): each is an import cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function longFunctions(src: ts.SourceFile): string[] {
  const out: string[] = [];
  const lineOf = (pos: number) => src.getLineAndCharacterOfPosition(pos).line;
  const walk = (n: ts.Node) => {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)) {
      const lines = lineOf(n.getEnd()) - lineOf(n.getStart()) + 1;
      if (lines > MAX_FUNCTION_LINES) out.push(`${src.fileName}:${lineOf(n.getStart()) + 1} (${lines} lines)`);
    }
    ts.forEachChild(n, walk);
  };
  walk(src);
  return out;
}

it('has no import cycle among the modules the app, worker and scripts load', () => {
  const graph = new Map([...parsed].filter(([f]) => !isTest(f)).map(([f, src]) => [f, valueImports(src)]));
  expect(graph.size).toBeGreaterThan(300); // the walk saw the code base, not an empty list
  expect(graph.get('app/routes/c.$communityId.motions.$motionId._index.tsx')).toContain('app/motions.server.ts'); // `~/` resolved
  expect(cycles(graph)).toEqual([]);
});

it('finds a cycle when there is one (the check itself works)', () => {
  expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
});

it(`keeps every source file under ${MAX_FILE_LINES} lines and every function outside the tests under ${MAX_FUNCTION_LINES}`, () => {
  const longFiles = [...parsed].filter(([, src]) => src.getLineAndCharacterOfPosition(src.getEnd()).line + 1 > MAX_FILE_LINES).map(([f]) => f);
  expect(longFiles).toEqual([]);
  expect([...parsed].filter(([f]) => !isTest(f)).flatMap(([, src]) => longFunctions(src))).toEqual([]);
});
