import { PrivacyScope } from '@awoooi/plugin-awoooi-node';
import { LogRecorder } from '../__testUtils__/logRecorder';
import { redactingLogger } from './redactingLogger';

describe('redactingLogger', () => {
  function setup() {
    const recorder = new LogRecorder();
    return { recorder, logger: recorder.root() };
  }

  it('writes messages, metadata, errors and child labels as labels', () => {
    const { recorder, logger } = setup();
    const scope = new PrivacyScope();
    scope.redact('client 203.0.113.77'); // known to the incident: [IP_1]
    const log = redactingLogger(logger, scope);
    log.info('blocked 203.0.113.77 for bob@example.org', {
      args: { ip: '203.0.113.77' },
    });
    log.error('tool failed', new Error('refused 203.0.113.77'));
    log.child({ caller: 'bob@example.org' }).warn('retrying 203.0.113.77');
    const text = recorder.lines.join('\n');
    expect(text).not.toMatch(/203\.0\.113\.77|bob@example\.org/);
    expect(recorder.lines[0]).toContain('blocked [IP_1] for [EMAIL_1]');
    expect(recorder.lines[0]).toContain("ip: '[IP_1]'");
    expect(recorder.lines[1]).toContain('refused [IP_1]');
    expect(recorder.lines[2]).toMatch(
      /caller: '\[EMAIL_1\]'.*retrying \[IP_1\]/,
    );
  });
});
