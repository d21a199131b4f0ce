/**
 * The trigger's executions come from its inbox (issue #17). The webhook keeps each acknowledged
 * event durably and answers the provider; `trigger()` (n8n runs it while the workflow is active,
 * on the leader in queue mode) drains the inbox into executions at n8n's pace. A test event
 * ("listen for test event") takes the same road through a test inbox: n8n runs the trigger
 * function of a test execution's start node, which takes the event the webhook left there.
 */
import type { INodeExecutionData, IRun, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { holderIsGone, runOwner } from '../store/owner';
import { CLAIM_MS, InboxDrain } from './drain';
import { chooseInbox, type InboxEvent } from './inbox';

/** Defaults of the batching options: an execution per event when they come one at a time, up to 100 together when they queue up. */
export const BATCH_DEFAULTS = { maxEventsPerExecution: 100, collectForMs: 0 } as const;
/** Executions the drain runs at once: enough to keep n8n busy, few enough that a storm waits in the inbox, not in n8n. */
const EXECUTIONS_IN_FLIGHT = 2;
/** The most events one test execution takes from the test inbox. */
const TEST_EVENTS = 1_000;

/** Drains running in this process, by inbox scope: the webhook nudges its own when it appends. */
const running = new Map<string, InboxDrain>();

export function inboxScope(workflowId: string | undefined, nodeId: string, test: boolean): string {
	return `${workflowId ?? 'workflow'}:${nodeId}${test ? ':test' : ''}`;
}

export function nudgeDrain(scope: string): void {
	running.get(scope)?.nudge();
}

function asItems(events: InboxEvent[]): INodeExecutionData[] {
	return events.map(({ event }) => ({ json: event as unknown as INodeExecutionData['json'] }));
}

/** Starts an execution for the events and resolves when it has ended (rejects when it could not start). */
async function executeFor(context: ITriggerFunctions, events: InboxEvent[]): Promise<void> {
	const done = context.helpers.createDeferredPromise<IRun>();
	context.emit([asItems(events)], undefined, done);
	await done.promise;
}

export async function runInboxTrigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
	const node = this.getNode();
	const inbox = chooseInbox(node.type, process.env);
	// Without a store (DROP_MMS_LEDGER=off) every request starts its own execution from the webhook.
	if (!inbox) return {};
	const workflowId = this.getWorkflow().id;
	if (this.getMode() === 'manual') {
		// n8n replaces a test execution's manualTriggerResponse with a promise of the first emit
		// (TriggersAndPollers.runTriggerFunction), then calls manualTriggerFunction: emit from there.
		const manualTriggerFunction = async () => {
			const scope = inboxScope(workflowId, node.id, true);
			const now = Date.now();
			const events = await inbox.backend.claim(scope, runOwner(), TEST_EVENTS, now, now + CLAIM_MS, holderIsGone);
			await inbox.backend.remove(
				scope,
				events.map(({ seq }) => seq),
			);
			this.emit(events.length > 0 ? [asItems(events)] : []);
		};
		return { manualTriggerFunction };
	}
	if (inbox.warning) this.logger.warn(inbox.warning);
	const scope = inboxScope(workflowId, node.id, false);
	const options = this.getNodeParameter('options', {}) as { maxEventsPerExecution?: number; collectForMs?: number };
	const drain = new InboxDrain(inbox.backend, scope, (events) => executeFor(this, events), {
		maxEvents: Math.max(1, Math.floor(Number(options.maxEventsPerExecution ?? BATCH_DEFAULTS.maxEventsPerExecution)) || 1),
		maxWaitMs: Math.max(0, Number(options.collectForMs ?? BATCH_DEFAULTS.collectForMs) || 0),
		inFlight: EXECUTIONS_IN_FLIGHT,
		owner: runOwner(),
		warn: (message) => this.logger.warn(message),
	});
	running.set(scope, drain);
	drain.start();
	return {
		closeFunction: async () => {
			if (running.get(scope) === drain) running.delete(scope);
			await drain.stop();
		},
	};
}
