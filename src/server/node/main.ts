/**
 * `node build/server.mjs`: the portal on Node. Prints one line with its address; stops cleanly on
 * SIGTERM (systemd) and SIGINT (Ctrl+C).
 */
import { ConfigError, loadConfig } from './config';
import { startNodeServer } from './server';

try {
  const config = loadConfig();
  const running = await startNodeServer(config);
  const database = running.db.kind === 'postgres' ? 'PostgreSQL' : `SQLite（${config.dataDir}）`;
  // The configured address is the one to open (links and the allowed Origin come from it).
  const shown = config.vars.SITE_URL ?? running.url;
  console.log(`门户已启动：${shown.replace(/\/$/, '')}/  数据库：${database}  （按 Ctrl+C 停止）`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`配置错误：${error.message}`);
    process.exit(2);
  }
  throw error;
}
