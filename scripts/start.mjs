#!/usr/bin/env node
// `npm start`: install what is missing, then hand over to scripts/run.ts (TypeScript, via tsx).
// `npm start -- --check` starts everything, proves a workflow runs end to end, then stops (CI).
import { ensureDependencies, runTs } from './lib/bootstrap.mjs';

ensureDependencies();
runTs('scripts/run.ts', ['start', ...process.argv.slice(2)]);
