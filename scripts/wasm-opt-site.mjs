// Optimizes every .wasm file of the built site as `wasm-opt -Oz --enable-bulk-memory
// --enable-nontrapping-float-to-int <f> -o <f>` does, with binaryen's JavaScript API (the npm
// package `binaryen`, the same build as its CLI), loaded once per worker.
//
// Why: cargo-leptos runs the CLI once per file, and `--split` makes ~425 files; each run spends
// ~1.3 s starting binaryen to optimize a few hundred bytes (~7 min in all on 2 cores). Here the
// whole site takes ~45 s. scripts/build-site.sh arranges it (issue #20). The output is
// byte-identical to the CLI's: `--compare <dir>` checks it against the CLI's outputs.
//
// Usage: node scripts/wasm-opt-site.mjs <dir> [--compare <dir-of-cli-outputs>]
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (isMainThread) {
  const [dir, flag, reference] = process.argv.slice(2);
  if (!dir || (flag && (flag !== '--compare' || !reference))) {
    console.error('usage: node scripts/wasm-opt-site.mjs <dir> [--compare <dir>]');
    process.exit(2);
  }
  // Biggest first, so the main module does not start last.
  const queue = readdirSync(dir)
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => ({ f, size: statSync(join(dir, f)).size }))
    .sort((a, b) => b.size - a.size)
    .map(({ f }) => f);
  const total = queue.length;
  const start = Date.now();
  let before = 0, after = 0, differ = 0, failed = false;
  const workers = Math.max(1, Math.min(availableParallelism(), 4, total));
  await Promise.all(
    Array.from({ length: workers }, () => new Promise((done) => {
      const w = new Worker(fileURLToPath(import.meta.url), {
        workerData: { dir, compare: flag === '--compare' ? reference : null },
      });
      const next = () => (queue.length ? w.postMessage(queue.shift()) : w.terminate());
      w.on('online', next);
      w.on('message', (m) => {
        before += m.before;
        after += m.after;
        if (m.differs) {
          differ++;
          if (differ <= 5) console.error(`${m.f}: ${m.after} bytes, the CLI made ${m.cli}`);
        }
        next();
      });
      w.on('error', (e) => { console.error(e); failed = true; done(); });
      w.on('exit', done);
    })),
  );
  const secs = ((Date.now() - start) / 1000).toFixed(1);
  console.log(`wasm-opt: ${total} files, ${before} -> ${after} bytes in ${secs} s (${workers} workers)` +
    (flag ? `; ${differ} differ from the CLI` : ''));
  if (failed || queue.length || differ) process.exit(1);
} else {
  const { createRequire } = await import('node:module');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const require = createRequire(join(root, 'end2end', 'package.json'));
  const { default: binaryen } = await import(require.resolve('binaryen'));
  // What the CLI enables: the module's own target_features section (read with it), binaryen
  // 132's defaults (sign-extension, mutable globals) and the two --enable flags (bulk memory
  // brings its "opt" half, as in the CLI).
  const F = binaryen.Features;
  const features = F.SignExt | F.MutableGlobals | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt;
  binaryen.setOptimizeLevel(2); // -Oz = -O2 ...
  binaryen.setShrinkLevel(2); //  ... shrinking hard
  binaryen.setDebugInfo(false);
  binaryen.setGenerateStackIR(true); // the CLI writes through optimized Stack IR at -O2 and up
  binaryen.setOptimizeStackIR(true);
  const { dir, compare } = workerData;
  parentPort.on('message', (f) => {
    const path = join(dir, f);
    const input = readFileSync(path);
    const module = binaryen.readBinary(input);
    module.setFeatures(module.getFeatures() | features);
    module.optimize();
    const output = Buffer.from(module.emitBinary());
    module.dispose();
    let differs = false, cli = 0;
    if (compare) {
      const theirs = readFileSync(join(compare, f));
      cli = theirs.length;
      differs = Buffer.compare(theirs, output) !== 0;
    } else {
      writeFileSync(path, output);
    }
    parentPort.postMessage({ f, before: input.length, after: output.length, differs, cli });
  });
}
