import { cordonNode } from './cordonNode';
import { deletePvc } from './deletePvc';
import { restartPod } from './restartPod';
import { rolloutRestart } from './rolloutRestart';
import { scaleDeployment } from './scaleDeployment';
import type { KubernetesAction } from './types';

/** Every action the Kubernetes executor offers. */
export const KUBERNETES_ACTIONS: readonly KubernetesAction[] = [
  restartPod,
  rolloutRestart,
  scaleDeployment,
  deletePvc,
  cordonNode,
];

export type { KubernetesAction, ActionContext, Inspection } from './types';
export { RESTARTED_AT_ANNOTATION } from './rolloutRestart';
