/**
 * The one error the media pipeline throws for bad input or an impossible budget. The node turns
 * it into a NodeOperationError for the item; anything else escaping the pipeline is a bug.
 */
export class MediaError extends Error {
	constructor(
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'MediaError';
	}
}

/** "1.23 MB (1,234,567 bytes)": decimal units, as budgets are (media.md §1.5). */
export function formatBytes(bytes: number): string {
	const units: Array<[number, string]> = [
		[1_000_000, 'MB'],
		[1_000, 'KB'],
	];
	const exact = `${bytes.toLocaleString('en-US')} bytes`;
	for (const [size, unit] of units) {
		if (bytes >= size) return `${(bytes / size).toFixed(2).replace(/\.?0+$/, '')} ${unit} (${exact})`;
	}
	return exact;
}
