import {
  COMPLIANCE_DIMENSIONS,
  ComplianceDimension,
} from '@awoooi/plugin-awoooi-common';
import type { KubeObject } from '@awoooi/plugin-awoooi-node';
import { Asset, kubeAssetId, WORKLOAD_KINDS } from '../assets/assetModel';
import type { ScanEntity } from '../catalog/scanEntities';
import {
  belongsTo,
  KUBERNETES_ID_ANNOTATION,
  referencedSecrets,
  usesClaim,
} from '../kube/kubeLinks';
import { KubeSnapshot, objectsOf } from '../kube/kubeSnapshot';
import type { ScanInputs } from '../kube/scanInputs';
import {
  EvidenceRecord,
  evidenceKey,
  EvidenceStore,
} from '../store/EvidenceStore';

export interface KubeRef {
  cluster: string;
  object: KubeObject;
}

/** Everything the compliance checks know about one subject. */
export interface SubjectFacts {
  asset: Asset;
  /** The entity's annotations, or the workload's own for a workload without an entity. */
  annotations: Record<string, string>;
  /** The entity's `backstage.io/kubernetes-id`, if it has one. */
  kubernetesId?: string;
  /** Names of the clusters that were read. */
  clusters: string[];
  workloads: KubeRef[];
  secrets: KubeRef[];
  volumes: Array<{
    cluster: string;
    claim: KubeObject;
    storageClass?: KubeObject;
  }>;
  evidence: Partial<Record<ComplianceDimension, EvidenceRecord>>;
}

const key = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Per-cluster lookups built once, so 10k subjects cost one pass each. */
class ClusterIndex {
  readonly workloadsById = new Map<string, KubeObject[]>();
  readonly labelledSecrets = new Map<string, KubeObject[]>();
  readonly labelledClaims = new Map<string, KubeObject[]>();
  readonly secretsByKey = new Map<string, KubeObject>();
  readonly claimsByNamespace = new Map<string, KubeObject[]>();
  readonly classes = new Map<string, KubeObject>();
  readonly defaultClass?: KubeObject;
  readonly workloadsByAssetId = new Map<string, KubeObject>();

  constructor(readonly snapshot: KubeSnapshot) {
    const push = (
      map: Map<string, KubeObject[]>,
      k: string | undefined,
      o: KubeObject,
    ) => {
      if (k) map.set(k, [...(map.get(k) ?? []), o]);
    };
    const id = (o: KubeObject) => o.metadata.labels?.[KUBERNETES_ID_ANNOTATION];
    for (const kind of WORKLOAD_KINDS) {
      for (const w of objectsOf(snapshot, kind)) {
        push(this.workloadsById, id(w), w);
        this.workloadsByAssetId.set(
          kubeAssetId(snapshot.cluster, kind.replace(/s$/, ''), w),
          w,
        );
      }
    }
    for (const s of objectsOf(snapshot, 'secrets')) {
      push(this.labelledSecrets, id(s), s);
      this.secretsByKey.set(key(s), s);
    }
    for (const c of objectsOf(snapshot, 'persistentvolumeclaims')) {
      push(this.labelledClaims, id(c), c);
      push(this.claimsByNamespace, c.metadata.namespace, c);
    }
    for (const sc of objectsOf(snapshot, 'storageclasses')) {
      this.classes.set(sc.metadata.name, sc);
      if (
        sc.metadata.annotations?.[
          'storageclass.kubernetes.io/is-default-class'
        ] === 'true'
      ) {
        this.defaultClass = sc;
      }
    }
  }

  storageClassOf(claim: KubeObject): KubeObject | undefined {
    const name = claim.spec?.storageClassName;
    return name ? this.classes.get(name) : this.defaultClass;
  }
}

function unique(refs: KubeRef[]): KubeRef[] {
  const seen = new Set<string>();
  return refs.filter(r => {
    const k = `${r.cluster}|${key(r.object)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function attachments(
  index: ClusterIndex,
  workloads: KubeObject[],
  labelled: { secrets: KubeObject[]; claims: KubeObject[] },
) {
  const cluster = index.snapshot.cluster;
  const secrets: KubeRef[] = labelled.secrets.map(object => ({
    cluster,
    object,
  }));
  const claims: KubeObject[] = [...labelled.claims];
  for (const w of workloads) {
    for (const name of referencedSecrets(w)) {
      const s = index.secretsByKey.get(`${w.metadata.namespace}/${name}`);
      if (s) secrets.push({ cluster, object: s });
    }
    for (const c of index.claimsByNamespace.get(w.metadata.namespace ?? '') ??
      []) {
      if (usesClaim(w, c)) claims.push(c);
    }
  }
  return {
    secrets,
    volumes: claims.map(claim => ({
      cluster,
      claim,
      storageClass: index.storageClassOf(claim),
    })),
  };
}

interface Labelled {
  secrets: KubeObject[];
  claims: KubeObject[];
}

/**
 * A subject's own objects in one cluster: an entity's workloads, secrets
 * and claims labelled with its kubernetes-id; for a workload without an
 * entity, itself and what carries its own kubernetes-id label in its
 * namespace (plus its annotations, which stand in for an entity's).
 */
function ownObjects(
  index: ClusterIndex,
  asset: Asset,
  entity: ScanEntity | undefined,
  kubernetesId: string | undefined,
): {
  own: KubeObject[];
  labelled: Labelled;
  annotations?: Record<string, string>;
} {
  let own: KubeObject[] = [];
  let labelled: Labelled = { secrets: [], claims: [] };
  if (entity && kubernetesId) {
    own = (index.workloadsById.get(kubernetesId) ?? []).filter(w =>
      belongsTo(w, entity),
    );
    labelled = {
      secrets: (index.labelledSecrets.get(kubernetesId) ?? []).filter(s =>
        belongsTo(s, entity),
      ),
      claims: (index.labelledClaims.get(kubernetesId) ?? []).filter(c =>
        belongsTo(c, entity),
      ),
    };
  } else if (!entity) {
    const w = index.workloadsByAssetId.get(asset.id);
    if (w) {
      own = [w];
      // Objects carrying the workload's own kubernetes-id label, in its namespace.
      const id = w.metadata.labels?.[KUBERNETES_ID_ANNOTATION];
      const near = (o: KubeObject) =>
        o.metadata.namespace === w.metadata.namespace;
      if (id) {
        labelled = {
          secrets: (index.labelledSecrets.get(id) ?? []).filter(near),
          claims: (index.labelledClaims.get(id) ?? []).filter(near),
        };
      }
      return { own, labelled, annotations: w.metadata.annotations ?? {} };
    }
  }
  return { own, labelled };
}

/** The latest evidence of each dimension for the subject's entity. */
function evidenceOf(
  asset: Asset,
  dimensions: readonly ComplianceDimension[],
  records: Map<string, EvidenceRecord>,
): SubjectFacts['evidence'] {
  const evidence: SubjectFacts['evidence'] = {};
  if (asset.entityRef) {
    for (const d of dimensions) {
      const record = records.get(evidenceKey(asset.entityRef, d));
      if (record) evidence[d] = record;
    }
  }
  return evidence;
}

function uniqueVolumes(volumes: SubjectFacts['volumes']) {
  const seenClaims = new Set<string>();
  return volumes.filter(v => {
    const k = `${v.cluster}|${key(v.claim)}`;
    if (seenClaims.has(k)) return false;
    seenClaims.add(k);
    return true;
  });
}

/**
 * Ties each compliance subject to its Kubernetes objects and evidence. A
 * catalog entity has the workloads, secrets and claims labelled with its
 * kubernetes-id plus the secrets and claims those workloads use; a
 * workload without an entity has what it uses.
 */
export function buildSubjectFacts(params: {
  subjects: Asset[];
  entities: Map<string, ScanEntity>;
  snapshots: KubeSnapshot[];
  evidence: Map<string, EvidenceRecord>;
  dimensions: readonly ComplianceDimension[];
}): SubjectFacts[] {
  const indexes = params.snapshots.map(s => new ClusterIndex(s));
  const clusters = params.snapshots.map(s => s.cluster);
  return params.subjects.map(asset => {
    const entity = asset.entityRef
      ? params.entities.get(asset.entityRef)
      : undefined;
    const workloads: KubeRef[] = [];
    let secrets: KubeRef[] = [];
    let volumes: SubjectFacts['volumes'] = [];
    let annotations: Record<string, string> = entity?.annotations ?? {};
    const kubernetesId = entity?.annotations[KUBERNETES_ID_ANNOTATION];
    for (const index of indexes) {
      const mine = ownObjects(index, asset, entity, kubernetesId);
      if (mine.annotations) annotations = mine.annotations;
      workloads.push(
        ...mine.own.map(object => ({
          cluster: index.snapshot.cluster,
          object,
        })),
      );
      const found = attachments(index, mine.own, mine.labelled);
      secrets = secrets.concat(found.secrets);
      volumes = volumes.concat(found.volumes);
    }
    return {
      asset,
      annotations,
      kubernetesId,
      clusters,
      workloads,
      secrets: unique(secrets),
      volumes: uniqueVolumes(volumes),
      evidence: evidenceOf(asset, params.dimensions, params.evidence),
    };
  });
}

/**
 * The facts of `subjects` over what a scan read, every compliance dimension,
 * with the newest evidence of each.
 */
export async function gatherSubjectFacts(
  subjects: Asset[],
  inputs: ScanInputs,
  evidence: EvidenceStore,
): Promise<SubjectFacts[]> {
  return buildSubjectFacts({
    subjects,
    entities: new Map(inputs.entities.map(e => [e.entityRef, e])),
    snapshots: inputs.snapshots,
    evidence: await evidence.latestByEntity(),
    dimensions: COMPLIANCE_DIMENSIONS,
  });
}
