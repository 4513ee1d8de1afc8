/**
 * Bad input to the admin CLI. The message is one line, safe to print, and says what to fix; the CLI
 * prints it to stderr and exits non-zero.
 */
export class CliError extends Error {
  override name = 'CliError';
}
