/**
 * The command line's exit codes and its error (internal), shared by `cli-io.ts`, which
 * re-exports both, and `_cli-csv.ts`.
 * @module
 */

/** Exit codes: 0 success, 1 findings (invalid ruleset, rejected rows), 2 usage, configuration or I/O error. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** An error that ends the command with a message and exit code 2 (usage, configuration or I/O). */
export class CliError extends Error {
  override name = "CliError";
  /** The exit code. */
  readonly exitCode: number;
  /**
   * @param message - What went wrong, for a person.
   * @param exitCode - Default 2.
   */
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.exitCode = exitCode;
  }
}
