export * from './rules';
export * from './service';
export * from './schemas';
export * from './ballot';
export * from './process';
export * from './serviceProcess';
