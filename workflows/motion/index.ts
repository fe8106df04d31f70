export { motionWorkflow } from './workflow';
export { HISTORY_LIMIT, SEEN_LIMIT } from './process';
