// The workflow bundle's entry: every workflow type the worker runs.
export { systemCheck } from './system';
export { consultation } from './consultation';
export { motionWorkflow } from './motion';
export { election } from './election';
export { chainCheck } from './chain-check';
export { peopleImport } from './people-import';
