// Top functions by self time in a V8 .cpuprofile (from BENCH_CPU_PROFILE=<dir>):
//   bin/node24 bench/profile-summary.ts <file.cpuprofile> [top=25]
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: bench/profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
};
const hits = new Map<number, number>();
for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
const total = profile.samples.length;
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const count = hits.get(node.id) ?? 0;
  if (count === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const shortUrl = url.replace(/^file:\/\/.*?\/(node_modules|server|bench|tools)\//, '$1/');
  const key = `${functionName || '(anonymous)'} ${shortUrl}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + count);
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (url.startsWith('node:') ? 'node:internal' : url.includes('/server/src/') ? 'server/src' : url === '' ? `(${functionName})` : 'other');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
}
const show = (map: Map<string, number>, top: number) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, count]) => `${((count / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
    .join('\n');
process.stdout.write(
  `${total} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s\n\nby package:\n${show(byPackage, 15)}\n\nby function (self):\n${show(byFunction, Number(topArg ?? 25))}\n`,
);
