import { once } from 'node:events';
import type { Server } from 'node:http';
import { createServer } from 'node:net';

/** Listens on 127.0.0.1 at a free port (tests never listen anywhere else) and returns the origin. */
export async function listenOnLoopback(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
	return `http://127.0.0.1:${address.port}`;
}

/** A free loopback port (the kernel picks it; closed again right away so a child process can bind it). */
export async function freePort(): Promise<number> {
	const server = createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const address = server.address();
	server.close();
	await once(server, 'close');
	if (!address || typeof address === 'string') throw new Error('no port');
	return address.port;
}
