// Free loopback ports: the kernel picks one, we release it and hand it to a container on host networking.
import { createServer } from 'node:net';

const handedOut = new Set<number>();

export async function allocatePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, host, () => {
        const address = server.address();
        const chosen = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(chosen));
      });
    });
    // Never give the same port twice in one process, even if the kernel would.
    if (port > 0 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('could not allocate a free loopback port after 20 attempts');
}
