export * from './loopbackServer';
export * from './streamWriters';
export * from './fakeModelReply';
export * from './fakeOllama';
export * from './fakeOpenAi';
export * from './fakeAnthropic';
export * from './labelledBrainInput';
export * from './analyzeCollecting';
