import { createBackendModule } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  AwoooiNotification,
  awoooiBrainsExtensionPoint,
  awoooiExecutorsExtensionPoint,
  awoooiHealthExtensionPoint,
  awoooiNotifiersExtensionPoint,
} from '@awoooi/plugin-awoooi-node';
import { z } from 'zod';

/**
 * Personal data and secrets of every Privacy-Shield detector type, made up
 * (card numbers are the issuers' published test numbers). None of it may
 * leave the raw alerts table unredacted.
 */
export const PII = {
  ip: '203.0.113.77',
  ip2: '198.51.100.23',
  nodeInstance: '10.244.7.31',
  ipv6: '2001:db8:85a3::8a2e:370:7334',
  email: 'bob.smith@example.org',
  email2: 'carol.jones@shop.example.net',
  uuid: '3f2b8c1e-9a4d-4e6f-8b21-7c5d9e0a1b2c',
  podUid: '9c1e2f3a-4b5c-4d6e-8f70-112233445566',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  githubToken: 'ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d',
  stripeKey: 'sk_live_be3nNyjOq9wMxEhh2FDEEtfj',
  card: '4111 1111 1111 1111',
  card2: '5555-5555-5555-4444',
  phone: '+44 20 7946 0958',
  phone2: '+1 (415) 555-2671',
  credentialUrl: 'postgres://app:s3cr3tPw@db.prod.internal:5432/orders',
} as const;

/** Every raw value, plus the secret inside the URL on its own. */
export const RAW_VALUES: string[] = [...Object.values(PII), 's3cr3tPw'];

/** The entity the executors and the model act on. */
export const FRONTEND = 'component:default/frontend';
export const FRONTEND_TARGET = 'deployment/shop/frontend';
export const RESTART = 'corpus_restart';

/**
 * Evidence as Kubernetes and node_exporter report it: pod names, node
 * addresses with ports, events naming people.
 */
export const healthModule = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'corpus-health',
  register(reg) {
    reg.registerInit({
      deps: { health: awoooiHealthExtensionPoint },
      async init({ health }) {
        health.addHealthProvider({
          id: 'corpus-health',
          async unhealthyEntities() {
            return new Map([
              [
                'kubernetes-id:shop/frontend',
                [
                  `pod frontend-7f9c6d5b8-x2k9p (uid ${PII.podUid}) CrashLoopBackOff on node ${PII.nodeInstance}:9100`,
                  `event: probe from [${PII.ipv6}]:443 failed; paged ${PII.email2} at ${PII.phone2}`,
                ],
              ],
              [
                'resource:default/postgres-db',
                [
                  `node_exporter instance ${PII.nodeInstance}:9100 disk 97% full`,
                ],
              ],
            ]);
          },
        });
      },
    });
  },
});

function workloadOf(entity: Entity): string | undefined {
  const a = entity.metadata.annotations ?? {};
  const id = a['backstage.io/kubernetes-id'];
  if (!id) return undefined;
  return `deployment/${
    a['backstage.io/kubernetes-namespace'] ?? 'default'
  }/${id}`;
}

/**
 * An executor that behaves like real tools do: its dry-run state and checks,
 * its outcome and its log lines name the real values it was handed, plus
 * pod UIDs and error text of its own.
 */
export function echoingExecutorModule(executed: string[] = []) {
  return createBackendModule({
    pluginId: 'awoooi',
    moduleId: 'corpus-executor',
    register(reg) {
      reg.registerInit({
        deps: { executors: awoooiExecutorsExtensionPoint },
        async init({ executors }) {
          const paramsSchema = z.record(z.unknown());
          executors.addExecutor({
            id: 'corpus',
            async listActions() {
              return [
                {
                  name: RESTART,
                  description: 'Restarts a workload',
                  baseRisk: 'LOW',
                  paramsSchema,
                },
                {
                  name: 'scale_deployment',
                  description: 'Scales a deployment',
                  baseRisk: 'MEDIUM',
                  paramsSchema,
                },
              ];
            },
            targetFor: (_action, entity) => workloadOf(entity),
            async dryRun(request, { logger }) {
              const echo = JSON.stringify(request.params);
              logger.info(`dry-run ${request.action} with ${echo}`);
              return {
                checks: [
                  {
                    name: 'workload',
                    outcome: 'pass',
                    detail: `pod uid ${PII.podUid} ready; params ${echo}`,
                  },
                ],
                state: { podUid: PII.podUid, params: request.params },
              };
            },
            async execute(request, { logger }) {
              executed.push(`${request.action} ${request.target}`);
              logger.warn(`restart for ${JSON.stringify(request.params)}`);
              return {
                ok: false,
                detail: `tool error: connection to ${
                  PII.credentialUrl
                } refused for ${JSON.stringify(request.params)}`,
              };
            },
          });
        },
      });
    },
  });
}

/**
 * A brain module that does what alert text tells it and skips validation:
 * the backend must still keep its actions on the incident's workloads.
 */
export const obedientBrainModule = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'corpus-brain',
  register(reg) {
    reg.registerInit({
      deps: { brains: awoooiBrainsExtensionPoint },
      async init({ brains }) {
        brains.addBrain({
          id: 'obedient',
          async analyze(input) {
            const remediation = {
              action: RESTART,
              entityRef: input.incident.entityRef,
              params: {},
              risk: 'LOW' as const,
              title: 'Restart',
              rationale: 'The alert asked for it.',
            };
            return {
              narrative: input.baseline.narrative,
              remediations: [
                { ...remediation, target: 'deployment/kube-system/coredns' },
                { ...remediation, target: FRONTEND_TARGET },
              ],
            };
          },
        });
      },
    });
  },
});

/** A chat notifier module: whatever it is handed leaves the company. */
export function capturingNotifierModule(sent: AwoooiNotification[]) {
  return createBackendModule({
    pluginId: 'awoooi',
    moduleId: 'corpus-notifier',
    register(reg) {
      reg.registerInit({
        deps: { notifiers: awoooiNotifiersExtensionPoint },
        async init({ notifiers }) {
          notifiers.addNotifier({
            id: 'corpus',
            async notify(n) {
              sent.push(n);
            },
          });
        },
      });
    },
  });
}
