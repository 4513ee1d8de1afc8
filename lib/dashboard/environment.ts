import type { Environment } from '../db/schema';

/** The dashboard's environment comes from `?env=`: sandbox unless it says live. */
export function parseEnvironment(value: string | string[] | undefined): Environment {
  return value === 'live' ? 'live' : 'sandbox';
}

/** A dashboard path in an environment (sandbox is the default and stays implicit). */
export function hrefIn(path: string, environment: Environment): string {
  return environment === 'live' ? `${path}?env=live` : path;
}
