#!/usr/bin/env node
// `npm start`: install what is missing, then hand over to scripts/run.ts (TypeScript, via tsx).
import { ensureDependencies, runTs } from './lib/bootstrap.mjs';

ensureDependencies();
runTs('scripts/run.ts', ['start']);
