import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on the given host and port (0: any free one) and answers its base URL. */
export async function listen(server: Server, options: { host?: string; port?: number }): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}
