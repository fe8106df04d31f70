#!/usr/bin/env node
// `npm test`: install what is missing, then run the whole suite (scripts/run.ts test).
// Extra arguments narrow it: `npm test -- unit`, `npm test -- integration`, `npm test -- e2e`.
import { ensureDependencies, runTs } from './lib/bootstrap.mjs';

ensureDependencies();
runTs('scripts/run.ts', ['test', ...process.argv.slice(2)]);
