import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  describeMetricAnomaly,
  type MetricAnomaly,
} from '@awoooi/plugin-awoooi-common';
import { Sparkline } from './Sparkline';

/** The viewer's clock time of an ISO instant, e.g. `10:02`. */
function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * A root cause's anomalous signals in words ("p90 latency 6.2× its usual
 * since 10:02"), each with a sparkline of its history and the incident.
 */
export function MetricEvidence(props: { anomalies: MetricAnomaly[] }) {
  return (
    <ul
      aria-label="metric evidence"
      style={{ margin: '8px 0 0', paddingLeft: 20 }}
    >
      {props.anomalies.map(anomaly => {
        const words = describeMetricAnomaly(anomaly, clockTime);
        return (
          <li key={anomaly.signal}>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <Typography variant="body2">{words}</Typography>
              {anomaly.sparkline && (
                <Sparkline
                  values={anomaly.sparkline.values}
                  windowStart={anomaly.sparkline.windowStart}
                  baseline={anomaly.baseline}
                  label={`${anomaly.signal}: recent history and the incident window`}
                />
              )}
            </Box>
          </li>
        );
      })}
    </ul>
  );
}
