#!/usr/bin/env node
// Installs what the test suite needs beyond node_modules: the Temporal CLI build (cached outside
// the repository), Debian's Chromium and CJK fonts. `npm test` does the same on demand.
import { ensureDependencies, runTs } from './lib/bootstrap.mjs';

ensureDependencies();
runTs('scripts/run.ts', ['setup']);
