import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { COMMAND_NAMES, parseAdminCommand, usage } from './commands';

function parseError(argv: string[]): string {
  try {
    parseAdminCommand(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

const LIST =
  'customer:create, customer:update, app:create, key:create, key:update, key:revoke, webhook:create, live-access:list, live-access:grant';

describe('parseAdminCommand', () => {
  it('knows exactly the operator commands', () => {
    expect(COMMAND_NAMES.join(', ')).toBe(LIST);
  });

  it.each([
    [[], `Missing command. Commands: ${LIST}`],
    [['customers:create'], `Unknown command "customers:create". Commands: ${LIST}`],
    [['customer:create'], 'Missing required flag --name for customer:create'],
    [['customer:create', '--name'], 'Flag --name needs a value'],
    [
      ['customer:create', '--name', '--live-enabled'],
      'Flag --name needs a value (write --name=VALUE for a value starting with "-")',
    ],
    [
      ['customer:create', '--name', 'A', '--live-enabled=yes'],
      'Flag --live-enabled takes no value',
    ],
    [
      ['customer:create', '--name', 'A', '--plan', 'gold'],
      'Unknown flag --plan for customer:create. Flags: --name, --live-enabled',
    ],
    [
      ['customer:create', '--name', 'A', 'extra'],
      'Unexpected argument "extra" for customer:create. Flags: --name, --live-enabled',
    ],
    [['customer:create', '--name', 'A', '--name', 'B'], 'Flag --name given more than once'],
    [['customer:create', '--name=A', '--name=B'], 'Flag --name given more than once'],
    [
      ['customer:create', '--name', 'A', '--live-enabled', '--live-enabled'],
      'Flag --live-enabled given more than once',
    ],
    [['customer:create', '--name', ''], 'Invalid --name: must not be empty'],
    [
      ['customer:update', '--live-enabled', 'true'],
      'Missing required flag --customer for customer:update',
    ],
    [
      ['customer:update', '--customer', 'cus_1', '--live-enabled', 'yes'],
      'Invalid --live-enabled: must be true or false',
    ],
    ...['-1', '1.5', 'ten', '', '1e3'].map((n): [string[], string] => [
      ['customer:update', '--customer', 'cus_1', `--global-cap=${n}`],
      'Invalid --global-cap: must be a non-negative integer, or none to remove the cap',
    ]),
    ...['volta', 'volta=', 'volta=-1', '=3', 'volta=2.5'].map((pair): [string[], string] => [
      ['customer:update', '--customer', 'cus_1', '--oem-cap', pair],
      'Invalid --oem-cap: must be OEM=N with N a non-negative integer, e.g. volta=10',
    ]),
    [
      ['app:create', '--customer', 'cus_1', '--name', 'A', '--redirect-url', 'https://a.example/'],
      'Missing required flag --reconnect-redirect-url for app:create',
    ],
    [
      [
        'app:create',
        '--customer',
        'c',
        '--name',
        'A',
        '--redirect-url',
        'u',
        '--reconnect-redirect-url',
        'u',
        '--oems',
        'volta,,ampere',
      ],
      'Invalid --oems: must be a comma-separated list without empty items, e.g. volta,stellar',
    ],
    [
      ['key:create', '--customer', 'cus_1', '--env', 'production'],
      'Invalid --env: must be sandbox or live',
    ],
    [
      ['key:create', '--customer', 'cus_1', '--env', 'live', '--expires-at', 'next week'],
      'Invalid --expires-at: must be an ISO 8601 date or date-time, e.g. 2027-01-31T00:00:00Z',
    ],
    [
      ['customer:update', '--customer', 'cus_1', '--plan', 'gold'],
      'Invalid --plan: must be starter, pro or enterprise',
    ],
    ...['0', '-1', '2.5', 'fast', '', '1e3'].map((n): [string[], string] => [
      ['customer:update', '--customer', 'cus_1', `--rate=${n}`],
      'Invalid --rate: must be a positive integer',
    ]),
    [
      ['customer:update', '--customer', 'cus_1', '--rate', '100001'],
      'Invalid --rate: must be at most 100000',
    ],
    [
      ['customer:update', '--customer', 'cus_1', '--monthly-quota', '1.5'],
      'Invalid --monthly-quota: must be a positive integer',
    ],
    [
      ['customer:update', '--customer', 'cus_1', '--monthly-quota', '1000000000001'],
      'Invalid --monthly-quota: must be at most 1000000000000',
    ],
    [
      ['key:create', '--customer', 'cus_1', '--env', 'live', '--rate', 'none'],
      'Invalid --rate: must be a positive integer',
    ],
    [['key:update', '--key-id', 'key_1'], 'Missing required flag --rate for key:update'],
    [
      ['key:update', '--key-id', 'key_1', '--rate=-3'],
      "Invalid --rate: must be a positive integer, or none to use the plan's rate",
    ],
    [['key:revoke'], 'Missing required flag --key-id for key:revoke'],
    [
      ['webhook:create', '--customer', 'cus_1', '--url', 'https://a.example/'],
      'Missing required flag --env for webhook:create',
    ],
  ])('rejects %j', (argv, message) => {
    expect(parseError(argv)).toBe(message);
  });

  it('never puts a line break in an error', () => {
    expect(parseError(['customer:create', '--name', '--x'])).not.toMatch(/\n/);
  });

  it.each([
    [['customer:create', '--name', 'Acme', '--live-enabled']],
    [['customer:create', '--name=Acme']],
    [
      [
        'customer:update',
        '--customer',
        'cus_1',
        '--global-cap',
        'none',
        '--oem-cap',
        'volta=1',
        '--oem-cap',
        'ampere=0',
      ],
    ],
    [['key:create', '--customer', 'cus_1', '--env', 'sandbox', '--expires-at', '2027-01-31']],
    [
      [
        'key:create',
        '--customer',
        'cus_1',
        '--env',
        'live',
        '--expires-at',
        '2027-01-31T12:00:00+01:00',
      ],
    ],
    [['key:revoke', '--key-id', 'key_1']],
    [
      [
        'customer:update',
        '--customer',
        'cus_1',
        '--plan',
        'enterprise',
        '--rate',
        '500',
        '--monthly-quota',
        '50000000',
      ],
    ],
    [['customer:update', '--customer', 'cus_1', '--plan', 'pro']],
    [['key:create', '--customer', 'cus_1', '--env', 'live', '--rate', '5']],
    [['key:update', '--key-id', 'key_1', '--rate', 'none']],
    [['key:update', '--key-id', 'key_1', '--rate', '3']],
    [
      [
        'webhook:create',
        '--customer',
        'cus_1',
        '--env',
        'live',
        '--url',
        'https://hooks.example.com/x',
      ],
    ],
  ])('accepts %j', (argv) => {
    expect(parseAdminCommand(argv).kind).toBe('command');
  });

  it('answers help with the usage of every command', () => {
    expect(parseAdminCommand(['help'])).toEqual({ kind: 'help' });
    expect(parseAdminCommand(['--help'])).toEqual({ kind: 'help' });
    expect(parseAdminCommand(['key:create', '--help'])).toEqual({ kind: 'help' });
    expect(Object.keys(usage().commands)).toEqual(COMMAND_NAMES);
    expect(usage().commands['app:create']?.flags['--redirect-url']).toMatch(/^\(required\)/);
  });
});
