import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { BlastRadiusEntry } from '@awoooi/plugin-awoooi-common';
import { EntityPathChain } from '../common/EntityPathChain';

/** The entities upstream that feel this incident, nearest first. */
export function BlastRadius(props: { entries: BlastRadiusEntry[] }) {
  const entries = [...props.entries].sort(
    (a, b) => a.distance - b.distance || a.entityRef.localeCompare(b.entityRef),
  );
  if (entries.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing upstream depends on this entity.
      </Typography>
    );
  }
  return (
    <Box
      component="ul"
      aria-label="blast radius"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
    >
      {entries.map(entry => (
        <Box component="li" key={entry.entityRef} mb={0.5}>
          <EntityPathChain
            path={entry.path}
            label={`impact path of ${entry.entityRef}`}
          />
        </Box>
      ))}
    </Box>
  );
}
