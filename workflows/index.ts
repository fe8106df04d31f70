// The workflow bundle's entry: every workflow type the worker runs.
export { systemCheck } from './system';
export { consultation } from './consultation';
export { motionWorkflow } from './motion';
export { election } from './election';
export { chainCheck } from './chain-check';
export { meetingWorkflow } from './meeting';
export { notifyDelivery } from './notify';
export { cadreAppraisal, serviceAppraisal } from './appraisal';
export { peopleImport } from './people-import';
