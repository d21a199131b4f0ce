/**
 * The fake provider in a process of its own, so a benchmark measures the node and n8n's engine,
 * not the fake's share of the same event loop. Prints its origin as the first line of stdout, and
 * the URL of a second loopback server that answers how many messages it has accepted so far;
 * `--latency <ms>` delays every reply. Stops on SIGTERM or when stdin closes.
 */
import { createServer } from 'node:http';

import { allFakeApis, FakeProviderServer } from '../test/fake-provider';
import { listenOnLoopback } from '../test/loopback';

async function main() {
	const latencyIndex = process.argv.indexOf('--latency');
	const latencyMs = latencyIndex > 0 ? Number(process.argv[latencyIndex + 1]) : 0;
	const fake = new FakeProviderServer(allFakeApis);
	const origin = await fake.start();
	fake.setFaults({ latencyMs });
	const counter = createServer((_, res) => res.end(JSON.stringify({ accepted: fake.ledger.length })));
	const acceptedUrl = await listenOnLoopback(counter);
	console.log(JSON.stringify({ origin, acceptedUrl, credentials: Object.fromEntries(allFakeApis.map((api) => [api.provider, fake.credentialsOf(api.provider)])) }));
	const stop = async () => {
		counter.close();
		await fake.stop();
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop());
	process.stdin.on('end', () => void stop());
	process.stdin.resume();
}

void main();
