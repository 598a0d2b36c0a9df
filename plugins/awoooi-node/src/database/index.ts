export * from './util';
export * from './OperationLogStore';
export * from './operationLogService';
