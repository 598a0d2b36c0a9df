import type { KubeStore } from '../store/KubeStore';
import {
  collectGarbage,
  reconcileDisruptionBudgets,
  reconcileNamespaces,
  reconcileNodes,
} from './cluster';
import { reconcileDeployments } from './deployments';
import { reconcilePods } from './pods';
import { reconcileReplicaSets } from './replicasets';

/** Attaches the simulated control plane; each write then settles synchronously. */
export function installControllers(store: KubeStore) {
  store.addReconciler(reconcileNamespaces);
  store.addReconciler(reconcileNodes);
  store.addReconciler(collectGarbage);
  store.addReconciler(reconcileDeployments);
  store.addReconciler(reconcileReplicaSets);
  store.addReconciler(reconcilePods);
  store.addReconciler(reconcileDisruptionBudgets);
}
