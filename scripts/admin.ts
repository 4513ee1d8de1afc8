/**
 * Admin CLI: `npm run admin -- <command> [--flag value]...` (README.md, "Admin CLI"); `npm run admin -- help`
 * lists the commands. The work happens in ./admin/.
 */
import { runCli } from './admin/main';

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
