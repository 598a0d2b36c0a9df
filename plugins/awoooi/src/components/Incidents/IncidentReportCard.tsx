import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  formatReportDuration,
  IncidentReport,
  REPORT_PHASES,
} from '@awoooi/plugin-awoooi-common';
import useAsync from 'react-use/esm/useAsync';
import { awoooiApiRef } from '../../api';

/** Hands the Markdown to the browser as a file (the request needs the user's token, so no plain link). */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function Summary(props: { report: IncidentReport }) {
  const { report } = props;
  const money = report.moneyBurnt;
  return (
    <Table size="small" aria-label="incident report">
      <TableBody>
        <TableRow>
          <TableCell>Fix outcome</TableCell>
          <TableCell>{report.outcome ?? 'none verified'}</TableCell>
        </TableRow>
        <TableRow>
          <TableCell>Root cause</TableCell>
          <TableCell>{report.rootCause?.entityRef ?? 'not found'}</TableCell>
        </TableRow>
        <TableRow>
          <TableCell>Money burnt</TableCell>
          <TableCell>
            {money
              ? `${money.amount.toFixed(2)} ${money.currency} (${
                  money.perHour
                } ${money.currency}/h × ${money.hours} h)`
              : 'unknown (no cost declared)'}
          </TableCell>
        </TableRow>
        {REPORT_PHASES.map(([key, label]) => (
          <TableRow key={key}>
            <TableCell>Time to {label.toLocaleLowerCase('en-US')}</TableCell>
            <TableCell>{formatReportDuration(report.durations[key])}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The report of a resolved incident: how long each phase took, what it cost,
 * whether the fix worked, its timeline, and the Markdown export.
 */
export function IncidentReportCard(props: { incidentId: string }) {
  const { incidentId } = props;
  const api = useApi(awoooiApiRef);
  const report = useAsync(
    () => api.getIncidentReport(incidentId),
    [api, incidentId],
  );
  const [exportError, setExportError] = useState<Error>();
  if (report.loading) return <Progress />;
  if (report.error) return <ResponseErrorPanel error={report.error} />;
  const value = report.value!;
  const exportMarkdown = async () => {
    try {
      const text = await api.getIncidentReportMarkdown(incidentId);
      download(`incident-${incidentId}.md`, text);
    } catch (error) {
      setExportError(error as Error);
    }
  };
  return (
    <InfoCard
      title="Incident report"
      action={
        <Box m={1}>
          <Button variant="outlined" size="small" onClick={exportMarkdown}>
            Export Markdown
          </Button>
        </Box>
      }
    >
      {exportError && (
        <Typography color="error" variant="body2">
          Export failed: {exportError.message}
        </Typography>
      )}
      <Summary report={value} />
      <Box mt={2}>
        <Typography variant="overline" component="h4">
          Timeline
        </Typography>
        <ol aria-label="timeline">
          {value.timeline.map((t, i) => (
            <li key={i}>
              <Typography variant="body2">
                <code>{t.at}</code> {t.summary} — {t.actor}
              </Typography>
            </li>
          ))}
        </ol>
      </Box>
    </InfoCard>
  );
}
