/**
 * n8n serves a binary file at a signed, expiring public URL (`createBinarySignedUrl`:
 * `<WEBHOOK_URL>rest/binary-data/signed?token=<JWT>`, answered without login), so providers that
 * only fetch URLs (Twilio, Sinch, Vonage, Telnyx) can send a prepared picture with no other host.
 * The file is the execution's: n8n deletes it with the execution (not saved, or pruned), so the
 * settings that decide that are checked here before anything is sent (n8n 2.41:
 * execution-lifecycle-hooks `hookFunctionsSave`, ExecutionPersistence.hardDelete, executions pruning).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { DropInputError } from '../drop/run';

const HOUR_MS = 3600_000;

/** n8n's defaults for the settings read here (@n8n/config ExecutionsConfig). */
const N8N_DEFAULTS = { saveOnSuccess: 'all', saveManual: 'true', prune: 'true', maxAgeHours: 336, maxCount: 10_000 };

export function hostedMediaUrl(context: IExecuteFunctions, binaryPropertyName: string, index: number, expiresInMs: number): string {
	const binary = context.helpers.assertBinaryData(index, binaryPropertyName);
	if (!binary.id) {
		throw new DropInputError(
			'n8n keeps binary data in memory, so it cannot serve this file to the provider',
			'Set N8N_DEFAULT_BINARY_DATA_MODE=filesystem (or s3) so n8n stores files and can serve them at a signed URL, or put a public URL in "Media URLs".',
			index,
		);
	}
	checkExecutionIsKept(context, index, expiresInMs);
	return context.helpers.createBinarySignedUrl(binary, `${Math.ceil(expiresInMs / 1000)}s`);
}

/** Whether the execution, and so the file, outlives the URL; refuses with the setting to change when it does not. */
function checkExecutionIsKept(context: IExecuteFunctions, index: number, expiresInMs: number): void {
	const env = process.env;
	const settings = context.getWorkflowSettings();
	const manual = context.getMode() === 'manual';
	const saved = manual
		? (settings.saveManualExecutions ?? (env.EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS ?? N8N_DEFAULTS.saveManual) === 'true') !== false
		: (settings.saveDataSuccessExecution && settings.saveDataSuccessExecution !== 'DEFAULT' ? settings.saveDataSuccessExecution : (env.EXECUTIONS_DATA_SAVE_ON_SUCCESS ?? N8N_DEFAULTS.saveOnSuccess)) !== 'none';
	if (!saved) {
		const setting = manual ? 'the workflow setting "Save manual executions" (EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS)' : 'the workflow setting "Save successful production executions" (EXECUTIONS_DATA_SAVE_ON_SUCCESS)';
		throw new DropInputError(
			'n8n deletes this execution when it ends, and the file the provider must fetch with it',
			`The provider fetches the picture after the drop (it queues messages); turn on ${setting}, or put a public URL in "Media URLs".`,
			index,
		);
	}
	const prunes = (env.EXECUTIONS_DATA_PRUNE ?? N8N_DEFAULTS.prune) === 'true';
	const maxAgeHours = Number(env.EXECUTIONS_DATA_MAX_AGE ?? N8N_DEFAULTS.maxAgeHours);
	if (prunes && maxAgeHours * HOUR_MS < expiresInMs) {
		throw new DropInputError(
			`n8n prunes executions after ${maxAgeHours} h (EXECUTIONS_DATA_MAX_AGE), before the provider may fetch the file (${Math.ceil(expiresInMs / HOUR_MS)} h)`,
			'Raise EXECUTIONS_DATA_MAX_AGE above the drop plus the provider’s queue time, or put a public URL in "Media URLs".',
			index,
		);
	}
}

/**
 * A warning for the Summary: count-based pruning (at most EXECUTIONS_DATA_PRUNE_MAX_COUNT
 * executions) may delete this execution, and its file, while the provider can still fetch it.
 */
export function hostedMediaWarning(expiresInMs: number): string | undefined {
	const env = process.env;
	const maxCount = Number(env.EXECUTIONS_DATA_PRUNE_MAX_COUNT ?? N8N_DEFAULTS.maxCount);
	if ((env.EXECUTIONS_DATA_PRUNE ?? N8N_DEFAULTS.prune) !== 'true' || !(maxCount > 0)) return undefined;
	return `The picture is served by n8n from this execution for ${Math.ceil(expiresInMs / HOUR_MS)} h. n8n keeps at most ${maxCount.toLocaleString('en-US')} executions (EXECUTIONS_DATA_PRUNE_MAX_COUNT): if that many newer ones (delivery reports, for instance) end before the provider has fetched it, it is deleted. Raise the count, or batch the MMS Delivery Trigger's events.`;
}
