export { AlertEntityIndex, parseSelector } from './alertMapping';
export {
  alertmanagerPayloadSchema,
  genericPayloadSchema,
  PAYLOAD_NAMES,
} from './payloadSchemas';
export type { AlertmanagerPayload, GenericAlert } from './payloadSchemas';
