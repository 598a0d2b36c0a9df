import { writeFileSync } from 'fs';
import { join } from 'path';
import {
  onFreePort,
  RunningProcess,
  startProcess,
  waitForHttp,
} from '@internal/awoooi-test-utils';

export interface TestAlertmanager {
  process: RunningProcess;
  url: string;
  /** Posts alerts to Alertmanager's API (v2), as Prometheus would. */
  post(alerts: unknown[]): Promise<void>;
}

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) delivering to
 * AWOOOI's webhook at `webhookBase` with a bearer `secret`, grouping by
 * `groupBy`. Groups are sent after 1 s and re-sent unchanged every 2 s
 * (repeat_interval), as production does hourly.
 */
export async function startAlertmanager(options: {
  webhookBase: string;
  secret: string;
  groupBy?: string[];
}): Promise<TestAlertmanager> {
  const groupBy = (options.groupBy ?? ['alertname'])
    .map(l => `'${l}'`)
    .join(', ');
  const process = await onFreePort(async port => {
    const am = startProcess('prometheus-alertmanager', dir => {
      writeFileSync(
        join(dir, 'alertmanager.yml'),
        [
          'route:',
          '  receiver: awoooi',
          `  group_by: [${groupBy}]`,
          '  group_wait: 1s',
          '  group_interval: 1s',
          '  repeat_interval: 2s',
          'receivers:',
          '  - name: awoooi',
          '    webhook_configs:',
          `      - url: ${options.webhookBase}/api/awoooi/alerts/alertmanager`,
          '        send_resolved: true',
          '        http_config:',
          '          authorization:',
          '            type: Bearer',
          `            credentials: ${options.secret}`,
        ].join('\n'),
      );
      return [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ];
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/-/ready`, 20_000, am);
    } catch (error) {
      await am.stop();
      throw error;
    }
    return { am, port };
  });
  const url = `http://127.0.0.1:${process.port}`;
  return {
    process: process.am,
    url,
    async post(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (res.status !== 200)
        throw new Error(`Alertmanager answered ${res.status}`);
    },
  };
}
