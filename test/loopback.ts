import type { Server } from 'node:http';

/** Listens on 127.0.0.1 at a free port (tests never listen anywhere else) and returns the origin. */
export async function listenOnLoopback(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
	return `http://127.0.0.1:${address.port}`;
}
