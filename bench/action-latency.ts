/**
 * Server action latency one request at a time: sequential journeys, each request timed on its own, so
 * the figures are the cost of one step on an idle server (no queueing). Product steps are reported per
 * action; the reference's five calls of its bare action form one pool.
 */
import { createHttpClient } from './http-client';
import type { JourneyTarget, StepTiming } from './journey-client';
import { quantile, round } from './stats';

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  p95Ms: number;
}

export interface ActionLatencyResult {
  /** Per request kind (launchPage and each action name). */
  byStep: Record<string, LatencyFigures>;
  /** All actions together (the page load excluded). */
  allActions: LatencyFigures;
}

function figures(values: number[]): LatencyFigures {
  return {
    samples: values.length,
    p50Ms: round(quantile(values, 0.5)),
    p95Ms: round(quantile(values, 0.95)),
  };
}

export async function benchActionLatency(
  target: JourneyTarget,
  options: { journeys?: number; warmup?: number; userPrefix: string },
): Promise<ActionLatencyResult> {
  const client = createHttpClient(1);
  const samples = new Map<string, number[]>();
  try {
    for (let i = 0; i < (options.warmup ?? 5); i++)
      await target.run(client, `${options.userPrefix}-warm-${i}`);
    const record = (t: StepTiming) => {
      const list = samples.get(t.step) ?? [];
      list.push(t.ms);
      samples.set(t.step, list);
    };
    for (let i = 0; i < (options.journeys ?? 40); i++)
      await target.run(client, `${options.userPrefix}-${i}`, record);
  } finally {
    client.close();
  }
  const byStep: Record<string, LatencyFigures> = {};
  const actions: number[] = [];
  for (const [step, values] of samples) {
    byStep[step] = figures(values);
    if (step !== 'launchPage') actions.push(...values);
  }
  return { byStep, allActions: figures(actions) };
}
