/**
 * Integration tests' global setup: the services must be there (started by `npm test`), and the
 * workflow bundle is built once and shared by every test file's workers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleWorkflows } from '../../worker/create';

export default async function setup(project: TestProject) {
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS']) {
    if (!process.env[name]) throw new Error(`${name} is not set: run integration tests with \`npm test\` (or \`npm test -- integration\`)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'minyi-bundle-'));
  const bundle = await bundleWorkflows();
  const codePath = join(dir, 'workflows.js');
  writeFileSync(codePath, bundle.code);
  project.provide('workflowBundlePath', codePath);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
  }
}
