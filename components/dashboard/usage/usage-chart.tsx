import type { Granularity, UsagePoint } from '@/lib/usage/reads';
import {
  formatBucket,
  formatCount,
  formatRate,
  gridLines,
  layOutBars,
  niceCeiling,
  peakOf,
} from '@/lib/dashboard/usage-view';
import { ScrollTable } from '../scroll-table';

const WIDTH = 600;
const HEIGHT = 160;

interface UsageChartsProps {
  points: UsagePoint[];
  granularity: Granularity;
  /** "24 hours", "7 days"… */
  periodLabel: string;
  /** Whose requests: "all keys" or a key's name. */
  subject: string;
}

/**
 * Requests and error rate over time: two server-drawn bar charts (no script), each a figure with a
 * caption that says what it shows, and one table with every number for screen readers and keyboards.
 */
export function UsageCharts({ points, granularity, periodLabel, subject }: UsageChartsProps) {
  const unit = granularity === 'day' ? 'day' : 'hour';
  const total = points.reduce((n, p) => n + p.requests, 0);
  const errors = points.reduce((n, p) => n + p.clientErrors + p.serverErrors, 0);
  const peak = peakOf(points);
  const worst = points.reduce<UsagePoint | undefined>(
    (w, p) => (p.requests > 0 && (!w || p.errorRate > w.errorRate) ? p : w),
    undefined,
  );
  const requestMax = niceCeiling(peak?.requests ?? 0);
  const rateMax = Math.min(1, niceCeiling(worst?.errorRate ?? 0, 0.01));
  const first = points[0];
  const last = points.at(-1);
  const axis = first && last ? { from: first.start, to: last.start } : undefined;
  return (
    <div className="flex flex-col gap-6">
      <Chart
        id="requests-chart"
        caption={
          `Requests per ${unit}, last ${periodLabel}, ${subject}: ${formatCount(total)} requests, ` +
          `${formatCount(errors)} errors.` +
          (peak
            ? ` Busiest ${unit}: ${formatBucket(peak.start, granularity)} UTC with ${formatCount(peak.requests)}.`
            : '')
        }
        max={formatCount(requestMax)}
        axis={axis}
        granularity={granularity}
        legend={[
          ['bg-brand', 'Successful (1xx–3xx)'],
          ['bg-red-700', 'Errors (4xx and 5xx)'],
        ]}
      >
        {layOutBars(
          points.map((p) => ({ value: p.requests, part: p.clientErrors + p.serverErrors })),
          { width: WIDTH, height: HEIGHT, max: requestMax },
        ).map((bar, i) => (
          <g key={i}>
            <rect
              x={bar.x}
              y={bar.y}
              width={bar.width}
              height={bar.height - bar.partHeight}
              fill="#0f766e"
            />
            <rect
              x={bar.x}
              y={bar.partY}
              width={bar.width}
              height={bar.partHeight}
              fill="#b91c1c"
            />
          </g>
        ))}
      </Chart>
      <Chart
        id="error-rate-chart"
        caption={
          `Error rate per ${unit}, last ${periodLabel}, ${subject}: ` +
          `${formatRate(total > 0 ? errors / total : 0)} overall.` +
          (worst && worst.errorRate > 0
            ? ` Highest: ${formatRate(worst.errorRate)} at ${formatBucket(worst.start, granularity)} UTC.`
            : '')
        }
        max={formatRate(rateMax)}
        axis={axis}
        granularity={granularity}
        legend={[['bg-red-700', 'Share of requests answered 4xx or 5xx']]}
      >
        {layOutBars(
          points.map((p) => ({ value: p.errorRate })),
          { width: WIDTH, height: HEIGHT, max: rateMax },
        ).map((bar, i) => (
          <rect key={i} x={bar.x} y={bar.y} width={bar.width} height={bar.height} fill="#b91c1c" />
        ))}
      </Chart>
      <details className="rounded-lg ring-1 ring-slate-300">
        <summary className="min-h-11 cursor-pointer px-3 py-2.5 font-semibold focus-visible:outline-2 focus-visible:outline-brand">
          The charts&apos; numbers as a table
        </summary>
        <div className="p-3">
          <ScrollTable label="Requests and errors over time">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <caption className="sr-only">
                Requests and errors per {unit} (UTC), last {periodLabel}, {subject}
              </caption>
              <thead>
                <tr className="border-b border-slate-300">
                  {[
                    `${unit === 'day' ? 'Day' : 'Hour'} (UTC)`,
                    'Requests',
                    'Errors',
                    'Error rate',
                    'Rate-limited',
                    'Quota-refused',
                  ].map((h) => (
                    <th key={h} scope="col" className="py-2 pr-3">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.start.getTime()} className="border-b border-slate-200">
                    <th scope="row" className="py-1.5 pr-3 font-normal">
                      {formatBucket(p.start, granularity)}
                    </th>
                    <td className="py-1.5 pr-3">{formatCount(p.requests)}</td>
                    <td className="py-1.5 pr-3">{formatCount(p.clientErrors + p.serverErrors)}</td>
                    <td className="py-1.5 pr-3">{formatRate(p.errorRate)}</td>
                    <td className="py-1.5 pr-3">{formatCount(p.rateLimited)}</td>
                    <td className="py-1.5 pr-3">{formatCount(p.quotaRefused)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </div>
      </details>
    </div>
  );
}

interface ChartProps {
  id: string;
  caption: string;
  /** The top of the value axis, as read. */
  max: string;
  axis: { from: Date; to: Date } | undefined;
  granularity: Granularity;
  legend: [className: string, label: string][];
  children: React.ReactNode;
}

/** One chart: caption, the drawing (its labels in HTML so they scale with zoom), legend. */
function Chart({ id, caption, max, axis, granularity, legend, children }: ChartProps) {
  return (
    <figure aria-labelledby={`${id}-caption`} className="flex flex-col gap-2">
      <figcaption id={`${id}-caption`} className="text-sm text-slate-800">
        {caption}
      </figcaption>
      <div className="flex gap-2">
        <div
          className="flex w-12 shrink-0 flex-col justify-between text-right text-xs text-slate-700"
          aria-hidden="true"
        >
          <span>{max}</span>
          <span>0</span>
        </div>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-labelledby={`${id}-caption`}
          className="h-40 min-w-0 flex-1 rounded bg-slate-50"
          focusable="false"
        >
          {gridLines(HEIGHT).map((y) => (
            <line
              key={y}
              x1={0}
              x2={WIDTH}
              y1={y}
              y2={y}
              stroke="#cbd5e1"
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {children}
        </svg>
      </div>
      {axis ? (
        <div className="flex justify-between pl-14 text-xs text-slate-700" aria-hidden="true">
          <span>{formatBucket(axis.from, granularity)}</span>
          <span>{formatBucket(axis.to, granularity)} UTC</span>
        </div>
      ) : null}
      <ul className="flex flex-wrap gap-4 text-sm text-slate-800" aria-label="Legend">
        {legend.map(([className, label]) => (
          <li key={label} className="flex items-center gap-2">
            <span className={`inline-block size-3 rounded-sm ${className}`} aria-hidden="true" />
            {label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
