import { createBackend } from '@backstage/backend-defaults';
import { demoSignInModule } from './modules/demoSignIn';
import { emailNotificationsLoader } from './modules/emailNotifications';
import { permissionPolicyModule } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest for local development, the demo user picker when
// app-config.demo.yaml turns it on
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(demoSignInModule);

// catalog, reading examples/
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions with AWOOOI's role-based policy
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionPolicyModule);

// events (HTTP ingress + Kafka), signals, notifications
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-kafka'));
// AWOOOI's HTTP ingress topics: /api/events/http/awoooi.{alertmanager,webhook}
backend.add(import('@awoooi/plugin-events-backend-module-awoooi'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));

// Backstage actions (AWOOOI's among them) as MCP tools at /api/mcp-actions/v1
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// AWOOOI
backend.add(import('@awoooi/plugin-awoooi-backend'));
// The scheduled scanners (capacity, compliance, assets, alert rules, FinOps)
backend.add(import('@awoooi/plugin-awoooi-backend-module-scanners'));
// Executors: the Kubernetes API (clusters from awoooi.kubernetes.clusters)
backend.add(import('@awoooi/plugin-awoooi-backend-module-kubernetes'));
// Metrics sources for the scanners: awoooi.prometheus.servers
backend.add(import('@awoooi/plugin-awoooi-backend-module-prometheus'));
// Executors: MCP tools from awoooi.mcp.servers
backend.add(import('@awoooi/plugin-awoooi-backend-module-mcp'));
// Language-model brains: each registers only when its awoooi.brain.<name> config exists.
backend.add(import('@awoooi/plugin-awoooi-backend-module-ollama'));
backend.add(import('@awoooi/plugin-awoooi-backend-module-openai'));
backend.add(import('@awoooi/plugin-awoooi-backend-module-anthropic'));
// Slack/Discord/JSON webhooks from awoooi.notifications.webhooks
backend.add(import('@awoooi/plugin-awoooi-backend-module-webhook-notifier'));

// Shell/Ansible runner: inert until awoooi.runner names commands or playbooks
backend.add(import('@awoooi/plugin-awoooi-backend-module-runner'));
// E-mail notifications, loaded when notifications.processors.email is configured
backend.add(emailNotificationsLoader);

backend.start();
