import {
  coreServices,
  createServiceFactory,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { inspect } from 'node:util';

type Level = 'error' | 'warn' | 'info' | 'debug';

/** Renders anything completely: nested objects, errors with stack and cause, cycles. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  return inspect(value, {
    depth: null,
    maxArrayLength: null,
    maxStringLength: null,
    breakLength: Infinity,
  });
}

/**
 * Keeps every line a backend writes, at every level, with the message, the
 * logger's labels (plugin, service, …) and the metadata rendered in full, so a
 * test can search them for values that must never be logged.
 */
export class LogRecorder {
  readonly lines: string[] = [];

  /** A root logger for `startTestBackend`; every plugin and module logger is its child. */
  rootLoggerFactory() {
    return createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => this.root(),
    });
  }

  /** The root logger itself, for code under test that takes a logger. */
  root(): RootLoggerService {
    return this.logger({});
  }

  /** Records a line from another sink (the console), with the same rendering. */
  record(source: string, args: unknown[]) {
    this.lines.push(`${source} ${args.map(render).join(' ')}`);
  }

  /** The recorded lines that contain any of `values`. */
  linesContaining(values: readonly string[]): string[] {
    return this.lines.filter(line =>
      values.some(value => line.includes(value)),
    );
  }

  private logger(labels: JsonObject): RootLoggerService {
    const write =
      (level: Level) => (message: string, meta?: Error | JsonObject) => {
        this.lines.push(
          `${level} ${render(labels)} ${message}${
            meta === undefined ? '' : ` ${render(meta)}`
          }`,
        );
      };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: meta => this.logger({ ...labels, ...meta }),
    };
  }
}
