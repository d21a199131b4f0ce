/**
 * The demo (issue #16): this package in a real n8n on 127.0.0.1 with the examples on the Sandbox, so
 * the whole loop — a drop, its delivery reports, a STOP, the opt-out list — can be watched without
 * an account. `npm run demo` (index.ts) runs it for a person; test/e2e/demo.e2e.test.ts runs the same
 * steps headless. Built from the e2e suite's parts: its n8n installer and cache, its packing and
 * Community-Nodes-style install, its n8n driver. Nothing listens or connects beyond 127.0.0.1 once
 * n8n is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import type { IDataObject, IRun } from 'n8n-workflow';

import { LoopbackWeb } from '../../test/e2e/loopback';
import { N8n, type Owner, waitFor, type WorkflowJson } from '../../test/e2e/n8n';
import { installLikeCommunityNodes, packPackage } from '../../test/e2e/package';
import { EXAMPLES, loadExample, nodeOf, setAssignment } from '../../test/e2e/workflows';

const ROOT = path.resolve(__dirname, '../..');

/** The login `npm run demo` prints. A local, throwaway instance on 127.0.0.1: no secret to keep. */
export const DEMO_OWNER: Owner = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-Passw0rd' };

export const CAMPAIGN_TRIGGER = 'Run drop';
export const CREATE_TABLES_TRIGGER = 'Create the tables (run once)';

export interface DemoOptions {
	/** The demo's folder (n8n's N8N_USER_FOLDER, the packed package); emptied first. */
	folder: string;
	/** n8n's port on 127.0.0.1. */
	port: number;
	/** Progress, one line at a time. */
	log?: (line: string) => void;
	/** The folder packed and installed (a package.json and dist/); default this repository. */
	packageDir?: string;
	/** Told how to stop what has been started, as soon as there is something (Ctrl-C during start-up). */
	started?: (stop: () => Promise<void>) => void;
}

export interface Demo {
	n8n: N8n;
	/** The editor, where the user logs in. */
	url: string;
	owner: Owner;
	/** The examples' workflow ids and names, as imported. */
	ids: { campaign: string; trigger: string; crm: string };
	names: { campaign: string; trigger: string; crm: string };
	/** Where the MMS Delivery Trigger takes the sandbox's reports (the campaign's deliveryReportUrl). */
	triggerUrl: string;
	/** Runs a workflow from one of its manual triggers the way the editor's "Execute workflow" does, and waits for it to end. */
	run(workflowId: string, trigger: string): Promise<DemoExecution>;
	/** Stops n8n and the picture host. */
	stop(): Promise<void>;
}

export interface DemoExecution {
	id: string;
	status: string;
	data: IRun['data'];
}

/** Installs the pinned n8n once (the e2e installer and its cache); returns its folder. */
export function installN8n(log: (line: string) => void): string {
	const install = spawnSync('bash', [path.join(ROOT, 'scripts/e2e/install-n8n.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout: 30 * 60_000 });
	if (install.status !== 0) throw new Error(`scripts/e2e/install-n8n.sh failed (${install.status ?? install.signal})`);
	const folder = install.stdout.trim().split('\n').pop() ?? '';
	log(`n8n from ${folder}`);
	return folder;
}

async function assertPortFree(port: number): Promise<void> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) =>
			reject(new Error(error.code === 'EADDRINUSE' ? `127.0.0.1:${port} is taken: stop what runs there, or set DROP_MMS_DEMO_PORT to another port` : error.message)),
		);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	await new Promise((resolve) => server.close(resolve));
}

/** The examples as the demo imports them: as shipped (on the Sandbox), with the picture and the trigger on loopback. */
export function demoWorkflows(pictureUrl: string, triggerUrl: string): WorkflowJson[] {
	const campaign = loadExample(EXAMPLES.drop);
	setAssignment(campaign, 'Settings', 'imageUrl', pictureUrl);
	setAssignment(campaign, 'Settings', 'deliveryReportUrl', triggerUrl);
	return [campaign, loadExample(EXAMPLES.trigger), loadExample(EXAMPLES.crm)];
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
	const log = options.log ?? (() => {});
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) throw new Error(`The demo runs n8n 2.x, which needs Node.js 24 or later; this is ${process.versions.node}`);
	await assertPortFree(options.port);

	const n8nDir = installN8n(log);
	rmSync(options.folder, { recursive: true, force: true });
	const userFolder = path.join(options.folder, 'n8n');
	mkdirSync(userFolder, { recursive: true });
	const installed = installLikeCommunityNodes(packPackage(options.packageDir ?? ROOT, options.folder), userFolder);
	log(`${installed.name}@${installed.version} packed and installed as a community package in ${userFolder}`);

	// The campaign's picture, served from this checkout: the demo reaches nothing beyond 127.0.0.1.
	const picture = new LoopbackWeb(readFileSync(path.join(ROOT, 'examples/media/spring-sale.jpg')));
	await picture.start();
	const n8n = new N8n(n8nDir, userFolder, options.port, {}, DEMO_OWNER);
	const stop = async () => {
		await n8n.stop();
		await picture.stop();
	};
	options.started?.(stop);
	try {
		const trigger = loadExample(EXAMPLES.trigger);
		const webhookId = String(nodeOf(trigger, 'Delivery reports').webhookId);
		const triggerUrl = `${n8n.origin}/webhook/${webhookId}/mms`;
		const workflows = demoWorkflows(picture.pictureUrl, triggerUrl);
		const [campaignId, triggerId, crmId] = workflows.map((workflow) => String(workflow.id));
		const [campaignName, triggerName, crmName] = workflows.map((workflow) => workflow.name);
		await n8n.importWorkflows(workflows);
		log(`imported the examples: ${workflows.map((workflow) => workflow.name).join('; ')}`);

		await n8n.start();
		await n8n.bootstrapApi();
		const run = runner(n8n);
		const tables = await run(triggerId, CREATE_TABLES_TRIGGER);
		if (tables.status !== 'success') throw new Error(`creating the data tables failed: ${errorOf(tables)}`);
		await n8n.publish(triggerId, [`${webhookId}/mms`]);
		log('data tables mms_delivery_statuses and mms_opt_outs created; the delivery trigger is published');
		return {
			n8n,
			url: n8n.origin,
			owner: DEMO_OWNER,
			ids: { campaign: campaignId, trigger: triggerId, crm: crmId },
			names: { campaign: campaignName, trigger: triggerName, crm: crmName },
			triggerUrl,
			run,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** `POST /rest/workflows/:id/run` from a named trigger (the editor's call), then the execution once it has ended. */
export function runner(n8n: N8n): Demo['run'] {
	return async (workflowId, trigger) => {
		const cookie = await n8n.login();
		const started = await n8n.rest<{ executionId?: string }>('POST', `/rest/workflows/${workflowId}/run`, cookie, { triggerToStartFrom: { name: trigger } });
		if (!started.executionId) throw new Error(`n8n did not start ${workflowId} from "${trigger}": ${JSON.stringify(started)}`);
		return await waitFor(
			`execution ${started.executionId} of ${workflowId} to end`,
			async () => {
				const execution = await n8n.api<DemoExecution & IDataObject>('GET', `/executions/${started.executionId}?includeData=true`);
				return ['new', 'running', 'waiting'].includes(execution.status) ? undefined : execution;
			},
			120_000,
		);
	};
}

function errorOf(execution: DemoExecution): string {
	const error = execution.data?.resultData?.error as { message?: string; node?: { name?: string } } | undefined;
	return error ? `${error.node?.name ?? 'workflow'}: ${error.message ?? ''}` : execution.status;
}
