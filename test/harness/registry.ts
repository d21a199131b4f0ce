/**
 * Loads this package's nodes and credentials the way n8n does: from the `n8n` section of
 * package.json. Tests run on the TypeScript sources, so each `dist/….js` entry is mapped back to
 * its `.ts` file; a listed file that does not exist, or exports no class, fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

export const PACKAGE_ROOT = path.resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-drop-mms';

interface PackageN8nSection {
	nodes: string[];
	credentials: string[];
}

export function packageN8nSection(): PackageN8nSection {
	const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
	return pkg.n8n as PackageN8nSection;
}

/** The TypeScript source of a `dist/….js` entry of package.json. */
export function sourceOf(distPath: string): string {
	return path.join(PACKAGE_ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

export function loadClassInstance<T>(distPath: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(sourceOf(distPath)) as Record<string, new () => T>;
	const classes = Object.values(exported).filter((value) => typeof value === 'function');
	if (classes.length !== 1) throw new Error(`${distPath} must export exactly one class`);
	return new classes[0]();
}

/** Extra node types for a test (e.g. a probe node); keyed by their full type name. */
export type ExtraNodeTypes = Record<string, INodeType>;

export class PackageNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, INodeType | IVersionedNodeType>();

	constructor(extra: ExtraNodeTypes = {}) {
		for (const file of packageN8nSection().nodes) {
			const node = loadClassInstance<INodeType | IVersionedNodeType>(file);
			this.byName.set(`${PACKAGE_NAME}.${node.description.name}`, node);
		}
		for (const [name, node] of Object.entries(extra)) this.byName.set(name, node);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const node = this.byName.get(nodeType);
		if (!node) throw new Error(`Unrecognized node type: ${nodeType}`);
		return node;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const node = this.getByName(nodeType);
		if ('nodeVersions' in node) return node.getNodeType(version);
		return node;
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.byName.keys()].map((name) => [name, {}]));
	}
}

export class PackageCredentialTypes implements ICredentialTypes {
	private readonly byName = new Map<string, ICredentialType>();

	constructor() {
		for (const file of packageN8nSection().credentials) {
			const credential = loadClassInstance<ICredentialType>(file);
			this.byName.set(credential.name, credential);
		}
	}

	names(): string[] {
		return [...this.byName.keys()];
	}

	recognizes(type: string): boolean {
		return this.byName.has(type);
	}

	getByName(type: string): ICredentialType {
		const credential = this.byName.get(type);
		if (!credential) throw new Error(`Unrecognized credential type: ${type}`);
		return credential;
	}

	getSupportedNodes(): string[] {
		return [];
	}

	getParentTypes(): string[] {
		return [];
	}
}
