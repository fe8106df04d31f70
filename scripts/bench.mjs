#!/usr/bin/env node
// `npm run bench`: benchmarks on throw-away PostgreSQL + Temporal (bench/run.ts).
import { ensureDependencies, runTs } from './lib/bootstrap.mjs';

ensureDependencies();
runTs('bench/run.ts', process.argv.slice(2));
