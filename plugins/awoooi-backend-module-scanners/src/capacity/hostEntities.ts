import { ANNOTATION_HOSTS } from '@awoooi/plugin-awoooi-common';
import type { ScanEntity } from '../catalog/scanEntities';

const withoutPort = (instance: string) => instance.replace(/:\d+$/, '');

/**
 * Entities by the hosts they run on (`awoooi.io/hosts: 'db-1:9100, db-2'`).
 * An entry matches an `instance` exactly, or by host name when the entry
 * has no port. Case-insensitive.
 */
export class HostEntityIndex {
  private readonly entries: Array<{ host: string; entityRef: string }> = [];

  constructor(entities: ScanEntity[]) {
    for (const entity of entities) {
      const value = entity.annotations[ANNOTATION_HOSTS] ?? '';
      for (const host of value.split(/[\s,]+/).filter(Boolean)) {
        this.entries.push({
          host: host.toLowerCase(),
          entityRef: entity.entityRef,
        });
      }
    }
  }

  refsFor(instance: string): string[] {
    const exact = instance.toLowerCase();
    const name = withoutPort(exact);
    const refs = this.entries
      .filter(
        e => e.host === exact || (!/:\d+$/.test(e.host) && e.host === name),
      )
      .map(e => e.entityRef);
    return [...new Set(refs)].sort();
  }
}
