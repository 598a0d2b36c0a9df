export interface Config {
  awoooi?: {
    /**
     * The shell/Ansible runner: off until commands or playbooks are named
     * here. Each becomes the action `runner.<name>`. Nothing else runs, and
     * never through a shell: argv templates are filled one element at a time.
     */
    runner?: {
      /** Longest run of one command or playbook unless it sets its own (default 5 minutes). */
      timeout?:
        | string
        | {
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /** Output (stdout and stderr together) kept per run; the rest is cut (default 64 KiB). */
      maxOutputBytes?: number;
      /** The `ansible-playbook` executable (default: found on PATH). */
      ansiblePlaybook?: string;
      /** Commands by name: an argv template and its parameters. */
      commands?: {
        [name: string]: {
          description?: string;
          /** `[executable, arg, …]`; `{param}` and `{target}` are replaced inside one element. */
          argv: string[];
          /** Run by the dry-run instead of the command, e.g. a `--dry-run` variant. */
          checkArgv?: string[];
          /** LOW, MEDIUM, HIGH (default) or CRITICAL. */
          risk?: string;
          /** Working directory of the process. */
          cwd?: string;
          /** Extra environment (on top of PATH, HOME, LANG). @deepVisibility secret */
          env?: { [name: string]: string };
          timeout?:
            | string
            | {
                hours?: number;
                minutes?: number;
                seconds?: number;
                milliseconds?: number;
              };
          /** Parameters the proposal passes. */
          params?: { [name: string]: RunnerParamConfig };
        };
      };
      /** Playbooks by name: run with `ansible-playbook`, parameters as `--extra-vars` JSON. */
      playbooks?: {
        [name: string]: {
          description?: string;
          /** Path of the playbook. */
          playbook: string;
          /** `-i` argument (default `localhost,`). */
          inventory?: string;
          risk?: string;
          cwd?: string;
          /** @deepVisibility secret */
          env?: { [name: string]: string };
          timeout?:
            | string
            | {
                hours?: number;
                minutes?: number;
                seconds?: number;
                milliseconds?: number;
              };
          params?: { [name: string]: RunnerParamConfig };
        };
      };
    };
  };
}

/** The schema of one parameter. */
export interface RunnerParamConfig {
  /** string (default), integer, number or boolean. */
  type?: string;
  description?: string;
  /** Required unless false. */
  required?: boolean;
  /** Regular expression a string must match in full. */
  pattern?: string;
  /** The only values allowed. */
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}
