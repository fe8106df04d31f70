export { election } from './workflow';
