import { cordonNode } from './cordonNode';
import { deletePod } from './deletePod';
import { deletePvc } from './deletePvc';
import { drainNode } from './drainNode';
import { restartPod } from './restartPod';
import { rolloutRestart } from './rolloutRestart';
import { scaleDeployment } from './scaleDeployment';
import type { KubernetesAction } from './types';
import { uncordonNode } from './uncordonNode';

/** Every action the Kubernetes executor offers. */
export const KUBERNETES_ACTIONS: readonly KubernetesAction[] = [
  restartPod,
  rolloutRestart,
  scaleDeployment,
  deletePod,
  deletePvc,
  cordonNode,
  drainNode,
  uncordonNode,
];

export type { KubernetesAction, ActionContext, Inspection } from './types';
export { RESTARTED_AT_ANNOTATION } from './rolloutRestart';
