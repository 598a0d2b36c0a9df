export * from './brains';
export * from './executors';
export * from './notifiers';
export * from './health';
export * from './extensionPoints';
export * from './sources';
export * from './scanners';
