export * from './deterministicBrain';
