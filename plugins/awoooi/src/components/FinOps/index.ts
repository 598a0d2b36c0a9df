export { EntityFinOpsContent } from './EntityFinOpsContent';
export { FinOpsView } from './FinOpsView';
