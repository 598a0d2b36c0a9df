export { TopologyGraph, buildTopologyGraph } from './TopologyGraph';
export {
  analyzeTopology,
  DEFAULT_MAX_DEPTH,
  type TopologyAnalysis,
  type TopologyAnalysisOptions,
} from './analyzeTopology';
export {
  parseCostPerHour,
  rootCausePriorityOf,
  toEntityRef,
  type TopologyEdge,
  type TopologyEdgeType,
} from './entityFacts';
export { UnknownEntityError } from './errors';
export {
  DEFAULT_ONSET_TOLERANCE_MS,
  type TopologyMetrics,
} from './metricRanking';
