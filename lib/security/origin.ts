/**
 * Server actions only accept requests whose Origin is this site. Next only warns when Origin is
 * missing; we refuse missing, `null` and foreign origins outright.
 */
export function checkActionOrigin(origin: string | null, host: string | null): boolean {
  if (!origin || origin === 'null' || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
