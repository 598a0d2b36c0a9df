export { TopologyGraph, buildTopologyGraph } from './TopologyGraph';
export {
  analyzeTopology,
  entitiesBelow,
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
  toMetricAnomaly,
  type TopologyMetrics,
} from './metricRanking';
