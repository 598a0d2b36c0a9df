export * from './util';
export * from './insertMany';
export * from './OperationLogStore';
export * from './operationLogService';
