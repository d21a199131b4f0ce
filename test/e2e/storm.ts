/**
 * Delivery-report storms against a real n8n, shared by the storm e2e test and `bench/storm`: the
 * requests a provider makes, senders that post them concurrently, and what reached an execution.
 */
import type { IDataObject, IRun } from 'n8n-workflow';

import { twilioSignature } from '../webhook-signing';
import type { N8n } from './n8n';

export interface StormRequest {
	url: string;
	body: string;
	headers: Record<string, string>;
	/** The message ids of the events it carries. */
	ids: string[];
}

/** A Twilio status callback for one message; signed with `authToken` as Twilio signs, unsigned without one. */
export function twilioStatusCallback(url: string, messageSid: string, accountSid: string, authToken?: string): StormRequest {
	const body = new URLSearchParams({ MessageSid: messageSid, MessageStatus: 'delivered', AccountSid: accountSid, From: '+14155550100', To: '+14155551234', ApiVersion: '2010-04-01' }).toString();
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
	if (authToken) headers['x-twilio-signature'] = twilioSignature(authToken, url, body);
	return { url, body, headers, ids: [messageSid] };
}

/** The answer's HTTP status; 0 when there was none (connection refused or reset). */
export async function post(request: StormRequest): Promise<number> {
	try {
		const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

/**
 * Posts every request from `senders` concurrent senders, each waiting for its answer before the
 * next. `afterAnswer` sees each status as it comes; returning true ends the storm early (requests
 * not yet posted keep status undefined).
 */
export async function storm(requests: StormRequest[], senders: number, afterAnswer: (status: number) => boolean = () => false): Promise<Array<number | undefined>> {
	const statuses: Array<number | undefined> = new Array(requests.length);
	let next = 0;
	let stopped = false;
	await Promise.all(
		Array.from({ length: senders }, async () => {
			while (next < requests.length && !stopped) {
				const index = next++;
				statuses[index] = await post(requests[index]);
				if (afterAnswer(statuses[index])) stopped = true;
			}
		}),
	);
	return statuses;
}

/** The ids of the events in requests answered 2xx. */
export function acknowledgedIds(requests: StormRequest[], statuses: Array<number | undefined>): Set<string> {
	return new Set(requests.filter((_, index) => (statuses[index] ?? 0) >= 200 && (statuses[index] ?? 0) < 300).flatMap((request) => request.ids));
}

export interface Executed {
	executions: number;
	/** Executions not yet ended. */
	running: number;
	/** How many execution items carry each message id. */
	items: Map<string, number>;
}

/** Every execution of the workflow and the message ids in its start node's items (the public API, a page at a time). */
export async function executedEvents(n8n: N8n, workflowId: string, startNode = 'Start'): Promise<Executed> {
	const executed: Executed = { executions: 0, running: 0, items: new Map() };
	let cursor = '';
	do {
		const page = await n8n.api<{ data: Array<IDataObject & { status: string; data?: IRun['data'] }>; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
		);
		for (const execution of page.data) {
			executed.executions++;
			if (execution.status === 'running' || execution.status === 'new') executed.running++;
			for (const item of execution.data?.resultData.runData[startNode]?.[0]?.data?.main?.[0] ?? []) {
				const json = item.json as IDataObject;
				// The trigger's normalized event, or the Webhook node's raw form body.
				const id = (json.messageId ?? (json.body as IDataObject | undefined)?.MessageSid) as string | undefined;
				if (id) executed.items.set(id, (executed.items.get(id) ?? 0) + 1);
			}
		}
		cursor = page.nextCursor ?? '';
	} while (cursor);
	return executed;
}
