import {
  formatReportDuration,
  IncidentReport,
  REPORT_PHASES,
} from '@awoooi/plugin-awoooi-common';

/** Text inside a table cell: pipes and line breaks would end the cell. */
const cell = (text: string) =>
  text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function summary(r: IncidentReport): string[] {
  const i = r.incident;
  const money = r.moneyBurnt
    ? `${r.moneyBurnt.amount.toFixed(2)} ${r.moneyBurnt.currency} (${
        r.moneyBurnt.perHour
      } ${r.moneyBurnt.currency}/h × ${r.moneyBurnt.hours} h)`
    : 'unknown (no cost declared)';
  return [
    `# Incident report: ${i.title}`,
    '',
    `- Incident: \`${i.id}\` on \`${i.entityRef}\` (${i.severity}, ${i.state})`,
    `- Opened: ${i.openedAt}; resolved: ${i.resolvedAt ?? 'not yet'}`,
    `- Outcome of the fix: ${r.outcome ?? 'none verified'}`,
    `- Money burnt: ${money}`,
    '',
  ];
}

function rootCause(r: IncidentReport): string[] {
  if (!r.rootCause) return ['## Root cause', '', 'No root cause found.', ''];
  return [
    '## Root cause',
    '',
    `\`${r.rootCause.entityRef}\` via ${r.rootCause.path
      .map(p => `\`${p}\``)
      .join(' → ')}`,
    '',
    ...r.rootCause.evidence.map(e => `- ${e}`),
    '',
    '## Blast radius',
    '',
    ...(r.blastRadius.length
      ? r.blastRadius.map(b => `- \`${b.entityRef}\` (${b.distance} hop(s))`)
      : ['Nothing upstream was affected.']),
    '',
  ];
}

function tables(r: IncidentReport): string[] {
  return [
    '## Time to …',
    '',
    '| Phase | Took |',
    '|---|---|',
    ...REPORT_PHASES.map(
      ([key, label]) =>
        `| ${label} | ${formatReportDuration(r.durations[key])} |`,
    ),
    '',
    '## Fixes',
    '',
    ...(r.fixes.length
      ? [
          '| Fix | Action | State | Outcome |',
          '|---|---|---|---|',
          ...r.fixes.map(
            f =>
              `| ${cell(f.title)} | ${cell(`${f.action} on ${f.target}`)} | ${
                f.state
              } | ${cell(
                f.outcome ? `${f.outcome}: ${f.outcomeDetail ?? ''}` : '—',
              )} |`,
          ),
        ]
      : ['No fix was proposed.']),
    '',
    '## Timeline',
    '',
    '| When | What | Who |',
    '|---|---|---|',
    ...r.timeline.map(
      t => `| ${t.at} | ${cell(t.summary)} | ${cell(t.actor)} |`,
    ),
    '',
  ];
}

/** The report as Markdown, for a postmortem document or a ticket. */
export function reportMarkdown(r: IncidentReport): string {
  return [
    ...summary(r),
    ...rootCause(r),
    ...tables(r),
    `_Generated ${r.generatedAt}._`,
    '',
  ].join('\n');
}
