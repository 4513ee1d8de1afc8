/**
 * Turns the collected figures into bench/results/latest.md (committed: the table a reader checks the
 * budgets in) and bench/results/latest.json (gitignored: every run's raw numbers).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProfileSummary } from './cpu-profile';
import type { Spread } from './stats';
import { round } from './stats';

export type Unit = 'bytes' | 'ms' | 'per-second' | 'count' | 'ratio' | 'megabytes' | 'score';

export interface Figure {
  name: string;
  unit: Unit;
  product: Spread;
  reference?: Spread;
  /** Human-readable budget, e.g. "≤ reference + 12 KB". */
  budget: string;
  /** true/false against the budget; null for a figure reported without a budget. */
  met: boolean | null;
  note?: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  mode: 'full' | 'quick';
  runs: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; next: string };
  productBuildId: string;
  figures: Figure[];
  notes: string[];
  profile?: ProfileSummary;
  raw: Record<string, unknown>;
}

function format(value: number, unit: Unit): string {
  switch (unit) {
    case 'bytes':
      return `${round(value / 1024, 1)} KB`;
    case 'ms':
      return `${round(value, value < 10 ? 2 : 0)} ms`;
    case 'per-second':
      return `${round(value, value < 100 ? 1 : 0)}/s`;
    case 'megabytes':
      return `${round(value, 0)} MB`;
    case 'ratio':
      return `${round(value, 2)}×`;
    case 'count':
    case 'score':
      return String(round(value, 4));
  }
}

function row(figure: Figure): string {
  const product = format(figure.product.median, figure.unit);
  const reference = figure.reference ? format(figure.reference.median, figure.unit) : '—';
  const ratio =
    figure.reference && figure.reference.median !== 0
      ? `${round(figure.product.median / figure.reference.median, 2)}×`
      : '—';
  const status = figure.met === null ? 'reported' : figure.met ? 'met' : '**NOT met**';
  const spreadOf = (s: Spread) =>
    s.runs.length > 1
      ? `${format(s.min, figure.unit)} – ${format(s.max, figure.unit)} (${s.runs.length} runs)`
      : '1 run';
  const runs = figure.reference
    ? `product ${spreadOf(figure.product)}; reference ${spreadOf(figure.reference)}`
    : spreadOf(figure.product);
  const name = figure.note ? `${figure.name} ¹` : figure.name;
  return `| ${name} | ${product} | ${reference} | ${ratio} | ${figure.budget} | ${status} | ${runs} |`;
}

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const met = report.figures.filter((f) => f.met === true).length;
  const notMet = report.figures.filter((f) => f.met === false);
  lines.push('# Benchmark results', '');
  lines.push(
    `Run ${report.startedAt} (${report.mode}, ${report.runs} run(s) per figure, ${report.durationSeconds} s in all) on ` +
      `${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB, Node ${report.machine.node}, ` +
      `Next ${report.machine.next}. Product build \`${report.productBuildId}\`. How to read this: [bench/README.md](../README.md).`,
    '',
  );
  lines.push(
    `**${met} budgets met, ${notMet.length} not met**${notMet.length ? `: ${notMet.map((f) => f.name).join('; ')}` : ''}.`,
    '',
  );
  lines.push(
    '| figure | product | reference | ratio | budget | status | median of runs: min – max |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const figure of report.figures) lines.push(row(figure));
  const noted = report.figures.filter((f) => f.note);
  if (noted.length) {
    lines.push('');
    for (const figure of noted) lines.push(`¹ ${figure.name}: ${figure.note}`, '');
  }
  if (report.notes.length) {
    lines.push('', '## Notes', '');
    for (const note of report.notes) lines.push(`- ${note}`);
  }
  if (report.profile) {
    lines.push('', '## Where the server spends its CPU under journey load', '');
    lines.push(
      `\`node --cpu-prof\` of the product server during the journey load: ${report.profile.busyMs} ms busy, ${report.profile.idleMs} ms idle. Self time:`,
      '',
    );
    lines.push('| area | ms | share of busy |', '| --- | --- | --- |');
    for (const share of report.profile.byArea)
      lines.push(`| ${share.name} | ${share.ms} | ${share.percent}% |`);
    lines.push('', '| hottest functions (self time) | ms | share of busy |', '| --- | --- | --- |');
    for (const share of report.profile.topFunctions)
      lines.push(`| \`${share.name}\` | ${share.ms} | ${share.percent}% |`);
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * A full run writes `latest.md` (committed) and `latest.json` (gitignored); a quick or partial run
 * writes only `partial.json` (gitignored), so trying the harness never replaces the committed report.
 * Returns the markdown and the paths written.
 */
export function writeReport(
  report: BenchReport,
  dir: string,
  complete: boolean,
): { markdown: string; files: string[] } {
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(report);
  const json = path.join(dir, complete ? 'latest.json' : 'partial.json');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  if (!complete) return { markdown, files: [json] };
  const md = path.join(dir, 'latest.md');
  writeFileSync(md, markdown);
  return { markdown, files: [md, json] };
}
