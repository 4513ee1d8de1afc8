import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, runCli } from './main';

async function capture(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, env, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('runCli', () => {
  it('prints the usage as JSON for help', async () => {
    const run = await capture(['help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toHaveProperty('commands.key:create');
  });

  it('reports a configuration problem on one line before opening anything', async () => {
    const run = await capture(['customer:create', '--name', 'A'], { APP_SECRET: 'short' });
    expect(run).toEqual({
      code: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'error: Invalid configuration: APP_SECRET: must be at least 32 characters\n',
    });
  });

  it('reports bad input with exit status 2', async () => {
    expect(await capture(['customer:create'])).toEqual({
      code: EXIT_BAD_INPUT,
      stdout: '',
      stderr: 'error: Missing required flag --name for customer:create\n',
    });
  });
});
