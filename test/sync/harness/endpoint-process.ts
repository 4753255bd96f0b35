/** The endpoint as a child process, so a test can SIGKILL it mid-push and restart it on the same data. */
import { startServer, type StartServerOptions } from '../../../src-server';

const options = JSON.parse(process.argv[2] ?? '{}') as StartServerOptions;
const server = await startServer(options);
process.send!({ ready: true, url: server.url, port: server.port });
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
