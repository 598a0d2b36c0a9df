import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import type { Incident, IncidentAnalysis } from '@awoooi/plugin-awoooi-common';
import { RelativeTime } from '../common/RelativeTime';
import { BlastRadius } from './BlastRadius';
import { RootCauses } from './RootCauses';
import { TruncatedText } from '../common/TruncatedText';

/** A narrative is prose of a few paragraphs; past that it quotes alert text. */
const NARRATIVE_MAX = 2000;

/** Root causes, blast radius and narrative of the incident's latest analysis. */
export function AnalysisPanel(props: {
  incident: Incident;
  analysis: IncidentAnalysis | null;
}) {
  const { incident, analysis } = props;
  if (!analysis) {
    if (incident.analysisState === 'failed') {
      return (
        <InfoCard title="Analysis">
          <Alert severity="error">
            The analysis failed; see the thinking terminal.
          </Alert>
        </InfoCard>
      );
    }
    return (
      <InfoCard title="Analysis">
        <Typography variant="body2" gutterBottom>
          Analysis {incident.analysisState === 'running' ? 'running' : 'queued'}
          …
        </Typography>
        <Progress />
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title="Analysis"
      subheader={
        <span>
          by {analysis.brain} · {analysis.entitiesWalked} entities walked ·{' '}
          <RelativeTime iso={analysis.createdAt} />
        </span>
      }
    >
      <Typography variant="body1" paragraph style={{ whiteSpace: 'pre-wrap' }}>
        <TruncatedText text={analysis.narrative} max={NARRATIVE_MAX} />
      </Typography>
      {analysis.notes.map(note => (
        <Box mb={1} key={note}>
          <Alert severity="info">{note}</Alert>
        </Box>
      ))}
      <Typography variant="h6" component="h3">
        Root causes
      </Typography>
      <RootCauses rootCauses={analysis.rootCauses} />
      <Box mt={2}>
        <Typography variant="h6" component="h3">
          Blast radius
        </Typography>
        <BlastRadius entries={analysis.blastRadius} />
      </Box>
    </InfoCard>
  );
}
