/**
 * The fake provider in a process of its own, so a benchmark measures the node and n8n's engine,
 * not the fake's share of the same event loop. Prints its origin as the first line of stdout;
 * `--latency <ms>` delays every reply. Stops on SIGTERM or when stdin closes.
 */
import { allFakeApis, FakeProviderServer } from '../test/fake-provider';

async function main() {
	const latencyIndex = process.argv.indexOf('--latency');
	const latencyMs = latencyIndex > 0 ? Number(process.argv[latencyIndex + 1]) : 0;
	const fake = new FakeProviderServer(allFakeApis);
	const origin = await fake.start();
	fake.setFaults({ latencyMs });
	console.log(JSON.stringify({ origin, credentials: Object.fromEntries(allFakeApis.map((api) => [api.provider, fake.credentialsOf(api.provider)])) }));
	const stop = async () => {
		await fake.stop();
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop());
	process.stdin.on('end', () => void stop());
	process.stdin.resume();
}

void main();
