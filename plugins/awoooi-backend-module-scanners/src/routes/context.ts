import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  AwoooiRequestAccess,
  OperationLogStore,
} from '@awoooi/plugin-awoooi-node';
import type { ScanRunner } from '../schedule/ScanRunner';
import type { ScanSettings } from '../settings';
import type { AssetStore } from '../store/AssetStore';
import type { CapacityStore } from '../store/CapacityStore';
import type { ComplianceStore } from '../store/ComplianceStore';
import type { EvidenceStore } from '../store/EvidenceStore';
import type { FinOpsStore } from '../store/FinOpsStore';
import type { RuleCatalogStore } from '../store/RuleCatalogStore';
import type { ScanRunStore } from '../store/ScanRunStore';

/** What the scan routes read and write. */
export interface ScanRouteContext {
  access: AwoooiRequestAccess;
  runner: ScanRunner;
  runs: ScanRunStore;
  settings: ScanSettings;
  capacity: CapacityStore;
  rules: RuleCatalogStore;
  assets: AssetStore;
  compliance: ComplianceStore;
  evidence: EvidenceStore;
  finops: FinOpsStore;
  operationLog: OperationLogStore;
}

/** Who is calling, as an entity ref (user) or `service:<subject>`. */
export function principalOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p?.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p?.type === 'service' && p.subject) return `service:${p.subject}`;
  return 'unknown';
}
