import { z } from 'zod';

const labelMap = z.record(z.string(), z.string());

/** Alertmanager webhook payload, version 4 (as Alertmanager 0.25 sends it). */
export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupKey: z.string().optional(),
  groupLabels: labelMap.optional(),
  commonLabels: labelMap.optional(),
  commonAnnotations: labelMap.optional(),
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().optional(),
  // Any number: the body limit bounds it. A rejected group is lost
  // (Alertmanager does not retry a 4xx), and an empty one is a no-op.
  alerts: z.array(
    z.object({
      status: z.enum(['firing', 'resolved']),
      labels: labelMap.refine(l => !!l.alertname, {
        message: 'labels.alertname is required',
      }),
      annotations: labelMap.default({}),
      startsAt: z.string().datetime({ offset: true }),
      endsAt: z.string().optional(),
      generatorURL: z.string().optional(),
      fingerprint: z.string().min(1).max(128),
    }),
  ),
});
/** An Alertmanager webhook as validated, with its defaults filled in. */
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

const genericAlertSchema = z.object({
  title: z.string().min(1).max(1000),
  /** Mapped like Alertmanager's `severity` label; unknown words are warnings. */
  severity: z.string(),
  status: z.enum(['firing', 'resolved']).default('firing'),
  labels: labelMap.default({}),
  annotations: labelMap.default({}),
  description: z.string().max(10000).optional(),
  entityRef: z.string().min(1).optional(),
  fingerprint: z.string().min(1).max(128).optional(),
  startsAt: z.string().datetime({ offset: true }).optional(),
});
/** One alert of the generic JSON webhook, as validated. */
export type GenericAlert = z.infer<typeof genericAlertSchema>;

/** Generic JSON webhook: one alert object, or `{ alerts: [...] }`. */
export const genericPayloadSchema = z.union([
  z.object({ alerts: z.array(genericAlertSchema) }).strict(),
  genericAlertSchema.transform(alert => ({ alerts: [alert] })),
]);

/** How a 400 names each payload, wherever it is checked (plugin route, events ingress). */
export const PAYLOAD_NAMES = {
  alertmanager: 'Alertmanager webhook (version 4)',
  generic: 'alert webhook',
} as const;
