export * from './parseQuery';
export * from './productionErrors';
export * from './bodyLimit';
export * from './RequestAccess';
export * from './ingestSecret';
