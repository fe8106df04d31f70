// The thread that reads one spreadsheet for db/spreadsheet.server.ts, then exits. Plain JavaScript
// so that it starts the same under tsx (the Temporal worker, tests) and under the Remix build
// (build/index.js runs on plain node): it loads the TypeScript reader through tsx's API.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { parseSheet } = await tsImport('./spreadsheet-parse.ts', import.meta.url);
const { data, fileName, limits } = workerData;
parentPort.postMessage(await parseSheet(new Uint8Array(data), fileName, limits));
