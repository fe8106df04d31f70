/** The consultation domain 协商 (DOMAIN.md §5): catalogue, import, procedure, motion gate, texts. */
export * from './vocabulary';
export * from './schemas';
export * from './forms';
export * from './catalogue';
export * from './catalogueImport';
export * from './procedure';
export * from './motionGate';
export * from './demoCatalogue';
