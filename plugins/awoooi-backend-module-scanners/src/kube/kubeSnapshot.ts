import type {
  AwoooiClusterSource,
  KubeKind,
  KubeObject,
} from '@awoooi/plugin-awoooi-node';
import { describeError } from '../types';

/** What the scanners read of one cluster, listed once per run. */
export interface KubeSnapshot {
  cluster: string;
  objects: Partial<Record<KubeKind, KubeObject[]>>;
}

export function objectsOf(
  snapshot: KubeSnapshot,
  kind: KubeKind,
): KubeObject[] {
  return snapshot.objects[kind] ?? [];
}

/** Lists the kinds of one cluster; any failure fails the whole snapshot. */
export async function loadKubeSnapshot(
  source: AwoooiClusterSource,
  kinds: KubeKind[],
  signal?: AbortSignal,
): Promise<KubeSnapshot> {
  const objects: KubeSnapshot['objects'] = {};
  for (const kind of kinds) {
    signal?.throwIfAborted();
    objects[kind] = await source.list(kind);
  }
  return { cluster: source.name, objects };
}

/** Snapshots of every cluster that answered, and an error line per cluster that did not. */
export async function loadKubeSnapshots(
  sources: AwoooiClusterSource[],
  kinds: KubeKind[],
  signal?: AbortSignal,
): Promise<{
  snapshots: KubeSnapshot[];
  failures: Array<{ cluster: string; error: string }>;
}> {
  const snapshots: KubeSnapshot[] = [];
  const failures: Array<{ cluster: string; error: string }> = [];
  for (const source of sources) {
    try {
      snapshots.push(await loadKubeSnapshot(source, kinds, signal));
    } catch (error) {
      signal?.throwIfAborted();
      failures.push({
        cluster: source.name,
        error: describeError(error),
      });
    }
  }
  return { snapshots, failures };
}
