export { cadreAppraisal } from './cadre';
export { serviceAppraisal } from './service';
