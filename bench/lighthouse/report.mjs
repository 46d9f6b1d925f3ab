// Prints one line per Lighthouse JSON report: the performance and accessibility scores and the
// lab metrics (LCP, TBT, CLS, and Max Potential FID as the lab's stand-in for INP), plus the
// bytes transferred, and the host's CPU benchmark index. Lighthouse's 4x CPU slowdown is relative
// to the host, so scores from machines with different indexes do not compare: Lighthouse calls
// 1000-1500 a low-end desktop, and suggest 2x there (range 1-5), not 4x, to emulate a mid-tier phone
// (docs/throttling.md).
// Usage: node report.mjs <report.json>...
import { readFileSync } from 'node:fs';

const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('page', 34)}${pad('perf', 6)}${pad('a11y', 6)}${pad('LCP ms', 9)}${pad('TBT ms', 8)}${pad('CLS', 7)}${pad('INP~ ms', 9)}${pad('KiB', 6)}CPU idx`);
let worst = { perf: 100, a11y: 100 };
for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (r.runtimeError) {
    console.log(`${pad(r.requestedUrl, 34)}error: ${r.runtimeError.message}`);
    worst = { perf: 0, a11y: 0 };
    continue;
  }
  const a = r.audits;
  const perf = Math.round(r.categories.performance.score * 100);
  const a11y = Math.round(r.categories.accessibility.score * 100);
  worst = { perf: Math.min(worst.perf, perf), a11y: Math.min(worst.a11y, a11y) };
  const path = new URL(r.finalDisplayedUrl || r.requestedUrl).pathname;
  console.log(
    pad(path, 34) + pad(perf, 6) + pad(a11y, 6) +
    pad(Math.round(a['largest-contentful-paint'].numericValue), 9) +
    pad(Math.round(a['total-blocking-time'].numericValue), 8) +
    pad(a['cumulative-layout-shift'].numericValue.toFixed(3), 7) +
    pad(Math.round(a['max-potential-fid'].numericValue), 9) +
    pad(Math.round(a['total-byte-weight'].numericValue / 1024), 6) +
    Math.round(r.environment?.benchmarkIndex ?? 0),
  );
}
console.log(`lowest: performance ${worst.perf}, accessibility ${worst.a11y} (targets: 95 and 100, issue #23)`);
