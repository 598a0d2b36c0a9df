import type { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** The catalog kinds that are assets: what runs, what stores, what groups them. */
export const ASSET_KINDS = ['Component', 'Resource', 'System'] as const;

/** What the scanners read of a catalog entity. */
export interface ScanEntity {
  entityRef: string;
  kind: string;
  name: string;
  namespace: string;
  title?: string;
  type?: string;
  lifecycle?: string;
  /** Owner as a full ref (`group:default/platform-team`). */
  ownerRef: string | null;
  system?: string;
  annotations: Record<string, string>;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
];

function ownerRef(entity: Entity): string | null {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return null;
  }
}

export function toScanEntity(entity: Entity): ScanEntity {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    name: entity.metadata.name,
    namespace: entity.metadata.namespace ?? 'default',
    title: str(entity.metadata.title),
    type: str(entity.spec?.type),
    lifecycle: str(entity.spec?.lifecycle),
    ownerRef: ownerRef(entity),
    system: str(entity.spec?.system),
    annotations: { ...(entity.metadata.annotations ?? {}) },
  };
}

/** Every Component, Resource and System, paged with the catalog's cursors. */
export async function loadScanEntities(
  catalog: CatalogService,
  auth: AuthService,
  signal?: AbortSignal,
): Promise<ScanEntity[]> {
  const credentials = await auth.getOwnServiceCredentials();
  const out: ScanEntity[] = [];
  for await (const page of catalog.streamEntities(
    { filter: { kind: [...ASSET_KINDS] }, fields: FIELDS, pageSize: 1000 },
    { credentials },
  )) {
    signal?.throwIfAborted();
    for (const entity of page) out.push(toScanEntity(entity));
  }
  return out;
}
