/**
 * What n8n's editor shows of a node's parameters, decided by the code the editor itself runs:
 * n8n-workflow's `NodeHelpers.displayParameterPath` (the NDV filters every parameter and every
 * option of a collection through it), and the subtitle evaluated the way the canvas does it.
 */
import type { IDataObject, INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { buildWorkflow, node as makeNode } from '../harness/engine';

export interface Shown {
	name: string;
	displayName: string;
	description: string;
	hint: string;
	type: string;
}

const read = (property: INodeProperties): Shown => ({
	name: property.name,
	displayName: property.displayName,
	description: property.description ?? '',
	hint: property.hint ?? '',
	type: property.type,
});

/** The top-level parameters shown for these values, in panel order. */
export function shown(description: INodeTypeDescription, values: IDataObject): Shown[] {
	const node = { typeVersion: 1 } as INode;
	return description.properties.filter((property) => NodeHelpers.displayParameterPath(values as INodeParameters, property, '', node, description)).map(read);
}

/** The options a collection offers (its "Add option" list) for these values. */
export function shownOptions(description: INodeTypeDescription, values: IDataObject, collection: string): Shown[] {
	const node = { typeVersion: 1 } as INode;
	const property = description.properties.find((candidate) => candidate.name === collection && NodeHelpers.displayParameterPath(values as INodeParameters, candidate, '', node, description));
	const options = (property?.options ?? []) as INodeProperties[];
	return options.filter((option) => NodeHelpers.displayParameterPath(values as INodeParameters, option, collection, node, description)).map(read);
}

/** The one shown parameter of that name (they come in per-provider variants). */
export function shownParameter(description: INodeTypeDescription, values: IDataObject, name: string): Shown | undefined {
	const matches = shown(description, values).filter((parameter) => parameter.name === name);
	if (matches.length > 1) throw new Error(`${matches.length} parameters named ${name} are shown at once`);
	return matches[0];
}

/** The canvas subtitle for a node of this type with these parameters. */
export function subtitle(type: string, description: INodeTypeDescription, parameters: IDataObject): string {
	const node = makeNode(type, parameters as INode['parameters'], { name: 'Node' });
	const workflow = buildWorkflow({ nodes: [node] });
	return String(workflow.expression.getSimpleParameterValue(node, description.subtitle ?? '', 'internal', {}));
}

/**
 * The field n8n takes for a node's authentication selector and moves out of the Parameters into the
 * credential dialog: a parameter named `authentication`, or else one whose every option shows a
 * credential (n8n-io/n8n packages/frontend/editor-ui/src/app/utils/nodeTypesUtils.ts,
 * getMainAuthField and findAlternativeAuthField, the same in the 2.41.1 editor bundle).
 */
export function mainAuthField(description: INodeTypeDescription): string | null {
	const dependencies = new Map<string, string[]>();
	for (const credential of description.credentials ?? []) {
		for (const [field, values] of Object.entries(credential.displayOptions?.show ?? {})) {
			dependencies.set(field, [...(dependencies.get(field) ?? []), ...(values ?? []).map((value) => String(value ?? ''))]);
		}
	}
	const fields = description.properties.filter((property) => dependencies.has(property.name));
	const authentication = fields.find((field) => field.name === 'authentication' && !(field.options ?? []).some((option) => 'value' in option && option.value === 'none'));
	if (authentication) return authentication.name;
	const alternative = fields.find(
		(field) =>
			(field.options?.length ?? 0) > 0 &&
			(field.options ?? []).every((option) => !('value' in option) || typeof option.value !== 'string' || dependencies.get(field.name)!.includes(option.value)),
	);
	return alternative?.name ?? null;
}
