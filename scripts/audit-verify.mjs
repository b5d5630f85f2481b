// `npm run audit:verify`: recomputes every hash chain of petition_events in the local D1 and reports
// the first broken link of each broken chain. Exit code 0 when all chains hold, 1 when one is broken,
// 2 when the database could not be read.
//
//   npm run audit:verify                          # the local database of `npm start`
//   npm run audit:verify -- --persist-to <dir>    # another local state directory
//
// The check itself is src/server/audit.ts (the same code the tests run), bundled here with esbuild.
import { build } from 'esbuild';
import { d1Query } from './d1-local.ts';

const args = process.argv.slice(2);
const persistIndex = args.indexOf('--persist-to');
const persistTo = persistIndex >= 0 ? args[persistIndex + 1] : undefined;

const bundled = await build({
  entryPoints: [new URL('../src/server/audit.ts', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'silent',
});
const audit = await import(
  `data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`
);

let rows;
try {
  rows = d1Query(persistTo, audit.AUDIT_SELECT);
} catch (error) {
  console.error(`无法读取本地数据库（wrangler d1 execute 失败）：\n${error.message}`);
  process.exit(2);
}

const report = await audit.verifyRows(rows);
if (report.broken.length === 0) {
  console.log(`审计链完整：${report.petitions} 件信访事项，${report.events} 条记录，全部校验通过。`);
  process.exit(0);
}
console.error(`审计链已被破坏：${report.broken.length} 件信访事项的记录与哈希不符（共检查 ${report.events} 条记录）。`);
for (const b of report.broken) console.error(`  petition ${b.petitionId}, event seq ${b.seq}: ${b.reason}`);
process.exit(1);
