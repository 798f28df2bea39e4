// Reports the JavaScript a first visit to the sign-in screen downloads (the entry chunk, the
// sign-in route's chunk, and their static imports, gzipped) and fails when it exceeds the budget.
// It also fails when the charts library or the rule builder leaks into that first load: they are
// their own lazily loaded chunks (analytics and the rule editor fetch them on demand).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const BUDGET_KB = 250;
const SIGN_IN_ROUTE = "src/app/routes/auth/login.tsx";
const LAZY_ONLY = ["src/features/analytics/components/daily-charts.tsx", "src/features/rules/components/rule-editor.tsx"];
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const seen = new Set();
const visit = (key) => {
  if (seen.has(key) || !manifest[key]) return;
  seen.add(key);
  (manifest[key].imports ?? []).forEach(visit);
};
visit(entry);
if (!manifest[SIGN_IN_ROUTE]) {
  console.error(`${SIGN_IN_ROUTE} is not in the build manifest: update scripts/bundle-size.mjs.`);
  process.exit(1);
}
visit(SIGN_IN_ROUTE);

let total = 0;
for (const key of seen) {
  const file = manifest[key].file;
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(8)} KB  ${file}`);
}
const totalKb = total / 1024;
console.log(`${totalKb.toFixed(1).padStart(8)} KB  sign-in route's initial JavaScript, gzipped (budget ${BUDGET_KB} KB)`);

let failed = false;
for (const key of LAZY_ONLY) {
  if (!manifest[key]?.isDynamicEntry) {
    console.error(`${key} must be its own lazily loaded chunk.`);
    failed = true;
  } else if (seen.has(key)) {
    console.error(`${key} is part of the first load; it must stay lazy.`);
    failed = true;
  }
}
// The charts library must not ride along in a chunk the sign-in screen loads.
for (const key of seen) if (/node_modules\/@mui\/x-charts/.test(key) || /x-charts/.test(manifest[key].file)) {
  console.error(`The charts library is in the first load (${manifest[key].file}).`);
  failed = true;
}
if (totalKb > BUDGET_KB) {
  console.error("Initial JavaScript is over budget.");
  failed = true;
}
if (failed) process.exit(1);
