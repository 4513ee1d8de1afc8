import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import type { Environment, EnvTables } from '../db/schema';
import { customerApps, tablesFor } from '../db/schema';
import type { FunnelEventRow } from '../journey/funnel';
import type { JourneyEventName } from '../vocabulary';
import { JOURNEY_EVENTS } from '../vocabulary';

export type { FunnelEventRow } from '../journey/funnel';

/** Records a step's events in one statement, inside the step's own transaction. */
export async function recordFunnelEvents(
  tx: Tx,
  t: EnvTables,
  journey: { sessionId: string; customerId: string; appId: string; at: Date },
  events: readonly FunnelEventRow[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(t.funnelEvents).values(
    events.map((e) => ({
      sessionId: journey.sessionId,
      customerId: journey.customerId,
      appId: journey.appId,
      at: journey.at,
      event: e.event,
      step: e.step,
      oem: e.oem,
      code: e.code,
    })),
  );
}

export interface FunnelQuery {
  customerId: string;
  environment: Environment;
  from: Date;
  to: Date;
  appId?: string;
}

export interface Funnel {
  /** Journeys that reached each event (a journey counts once per event), in journey order. */
  steps: { event: JourneyEventName; journeys: number }[];
  /** Per OEM: journeys that chose it, and those of them that connected devices. */
  oems: { oem: string; selected: number; connected: number }[];
  /** Errors shown, by code (a journey may show one several times). */
  errors: { code: string; count: number }[];
}

/** The conversion funnel of a customer's journeys in one environment over [from, to). */
export async function readFunnel(db: Db, query: FunnelQuery): Promise<Funnel> {
  const t = tablesFor(query.environment);
  const f = t.funnelEvents;
  const where = and(
    eq(f.customerId, query.customerId),
    gte(f.at, query.from),
    lt(f.at, query.to),
    ...(query.appId ? [eq(f.appId, query.appId)] : []),
  );
  const journeys = sql<number>`count(distinct ${f.sessionId})::int`;
  const [byEvent, byOem, byCode] = await Promise.all([
    db.select({ event: f.event, journeys }).from(f).where(where).groupBy(f.event),
    db
      .select({
        oem: f.oem,
        selected: sql<number>`count(distinct ${f.sessionId}) filter (where ${f.event} = 'SELECT_OEM')::int`,
        connected: sql<number>`count(distinct ${f.sessionId}) filter (where ${f.event} = 'HANDOFF')::int`,
      })
      .from(f)
      .where(and(where, sql`${f.oem} is not null`))
      .groupBy(f.oem),
    db
      .select({ code: f.code, count: sql<number>`count(*)::int` })
      .from(f)
      .where(and(where, eq(f.event, 'ERROR'), sql`${f.code} is not null`))
      .groupBy(f.code),
  ]);
  const counted = new Map(byEvent.map((row) => [row.event, Number(row.journeys)]));
  return {
    steps: JOURNEY_EVENTS.filter((event) => event !== 'ERROR').map((event) => ({
      event,
      journeys: counted.get(event) ?? 0,
    })),
    oems: byOem
      .map((row) => ({
        oem: row.oem ?? '',
        selected: Number(row.selected),
        connected: Number(row.connected),
      }))
      .sort((a, b) => b.selected - a.selected || a.oem.localeCompare(b.oem)),
    errors: byCode
      .map((row) => ({ code: row.code ?? '', count: Number(row.count) }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}

/** Whether `appId` is one of the customer's apps (the funnel answers only for one's own). */
export async function isCustomerApp(db: Db, customerId: string, appId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: customerApps.id })
    .from(customerApps)
    .where(and(eq(customerApps.id, appId), eq(customerApps.customerId, customerId)))
    .limit(1);
  return row !== undefined;
}
