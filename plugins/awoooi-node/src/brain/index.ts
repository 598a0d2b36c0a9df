export * from './deterministicBrain';
export * from './glob';
