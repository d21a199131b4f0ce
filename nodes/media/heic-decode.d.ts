/** heic-decode 2.1 ships no types; this is the part of its README's API the pipeline uses. */
declare module 'heic-decode' {
	interface DecodedImage {
		width: number;
		height: number;
		/** RGBA, 4 bytes per pixel. */
		data: Uint8ClampedArray;
	}
	function decode(input: { buffer: Buffer | ArrayBuffer | Uint8Array }): Promise<DecodedImage>;
	export = decode;
}
