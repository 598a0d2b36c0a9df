import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** Green from 80, amber from 60, red below; grey when there is no score. */
export function scoreColor(score: number | null): string {
  if (score === null) return '#757575';
  if (score >= 80) return '#2e7d32';
  if (score >= 60) return '#b26a00';
  return '#c62828';
}

/** The 0–100 score as a big coloured number over a bar. */
export function ComplianceScore(props: {
  score: number | null;
  size?: 'large' | 'small';
}) {
  const { score } = props;
  const color = scoreColor(score);
  const large = props.size !== 'small';
  const label =
    score === null
      ? 'no compliance score'
      : `compliance score ${Math.round(score)} of 100`;
  return (
    <Box role="img" aria-label={label}>
      <Box display="flex" alignItems="baseline" style={{ gap: 4 }}>
        <Typography
          variant={large ? 'h2' : 'h5'}
          component="span"
          style={{ color, fontWeight: 700 }}
        >
          {score === null ? '—' : Math.round(score)}
        </Typography>
        <Typography variant="body2" color="textSecondary" component="span">
          / 100
        </Typography>
      </Box>
      {large && (
        <Box
          height={8}
          borderRadius={4}
          bgcolor="rgba(0,0,0,0.08)"
          overflow="hidden"
        >
          <Box
            height="100%"
            width={`${Math.max(0, Math.min(100, score ?? 0))}%`}
            bgcolor={color}
          />
        </Box>
      )}
    </Box>
  );
}
