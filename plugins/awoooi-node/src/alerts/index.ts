export { AlertEntityIndex, parseSelector } from './alertMapping';
export {
  alertmanagerPayloadSchema,
  genericPayloadSchema,
} from './payloadSchemas';
export type { AlertmanagerPayload, GenericAlert } from './payloadSchemas';
