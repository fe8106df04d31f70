#!/usr/bin/env node
// `npm run drills [name…]`: fault drills on a stack of their own (scripts/drills.ts).
import { ensureDependencies, runTs } from './lib/bootstrap.mjs';

ensureDependencies();
runTs('scripts/drills.ts', process.argv.slice(2));
