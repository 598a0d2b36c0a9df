export interface Config {
  awoooi?: {
    mcp?: {
      /**
       * MCP servers whose tools become AWOOOI actions `mcp.<name>.<tool>`,
       * one executor per server. Each needs exactly one of `command` (a
       * child process spoken to over stdio) or `url` (Streamable HTTP).
       */
      servers?: Array<{
        /** Letters, digits, '_' or '-'; unique. Part of every action name. */
        name: string;
        /** Executable of a stdio server, started on first use. */
        command?: string;
        /** Arguments of `command`. */
        args?: string[];
        /**
         * Extra environment of the `command` process (on top of PATH, HOME and
         * the other variables the MCP SDK passes on by default).
         * @deepVisibility secret
         */
        env?: { [name: string]: string };
        /** Streamable HTTP endpoint, e.g. `https://mcp.example.com/mcp`. */
        url?: string;
        /**
         * HTTP headers sent with every request to `url`, e.g. Authorization.
         * @deepVisibility secret
         */
        headers?: { [name: string]: string };
        /**
         * Base risk of the server's tools unless a tool sets its own:
         * LOW, MEDIUM, HIGH (default) or CRITICAL.
         */
        risk?: string;
        /**
         * Tool names, or `*` globs, offered as actions; every listed tool
         * when absent. Dry-run tools need not be included.
         */
        include?: string[];
        /**
         * Longest wait for one MCP request (default 60 s): `30s`, `PT2M` or
         * `{ seconds: 30 }`.
         */
        timeout?:
          | string
          | {
              hours?: number;
              minutes?: number;
              seconds?: number;
              milliseconds?: number;
            };
        /** Settings per tool, by the tool's name on the server. */
        tools?: {
          [toolName: string]: {
            /** Base risk of this tool: LOW, MEDIUM, HIGH or CRITICAL. */
            risk?: string;
            /**
             * A read-only tool of the same server called with the same
             * arguments during every dry-run; its text is shown in the
             * `dry_run_tool` check and an error answer fails the dry-run.
             */
            dryRunTool?: string;
            /** The tool changes nothing: its base risk defaults to LOW. */
            readOnly?: boolean;
          };
        };
      }>;
    };
  };
}
