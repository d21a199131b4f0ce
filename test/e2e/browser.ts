/**
 * The n8n editor in a real browser (issue #15): Chromium from the machine's packages, driven by
 * playwright-core, logged in to an n8n of the e2e suite. What a no-code builder sees is read from
 * the page as it is drawn (labels, notices, the canvas, the output table), every console error is
 * kept, and screenshots go where the caller says. Used by test/e2e/editor.e2e.test.ts and by
 * scripts/screenshots (the README's pictures).
 *
 * No fixed pauses: every step waits for what the editor draws when it is done (a node's success
 * mark on the canvas, the credential slot of the provider just picked, the node creator's clear
 * button once its search has applied), so a slow machine only makes the run slower.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { type Browser, type BrowserServer, chromium, type Locator, type Page } from 'playwright-core';

import type { N8n } from './n8n';
import { forgetPid, recordPid } from './state';

/** n8n's own test ids (data-test-id), as its editor's components set them. */
const id = (testId: string) => `[data-test-id="${testId}"]`;

/** A quoted CSS attribute value. */
const quoted = (value: string) => JSON.stringify(value);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Chromium from Debian's `chromium` package (or DROP_MMS_CHROMIUM): playwright-core brings no browser of its own. */
export function chromiumPath(): string {
	const candidates = [process.env.DROP_MMS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((candidate): candidate is string => !!candidate);
	for (const candidate of candidates) if (existsSync(candidate)) return candidate;
	try {
		return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
	} catch {
		throw new Error('No Chromium found: install it (Debian: apt-get install -y chromium) or set DROP_MMS_CHROMIUM to its path');
	}
}

/** Settles within `ms` or rejects, so a hung browser cannot hold the run. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

export class Editor {
	/** Console errors and uncaught page errors, in order, with the page they happened on. */
	readonly errors: string[] = [];

	/** The open workflow has changes the editor would ask to save before leaving it. */
	private dirty = false;
	/** The open workflow has been run since it was opened. */
	private ran = false;

	private constructor(
		private readonly server: BrowserServer,
		private readonly browser: Browser,
		readonly page: Page,
		private readonly n8n: N8n,
		private readonly cookie: string,
		private readonly screenshots: string,
	) {}

	/**
	 * A browser logged in as the instance owner (the session cookie from n8n's own login), screenshots
	 * into `screenshots`. Chromium runs in a process group of its own whose id is recorded like n8n's,
	 * so global teardown kills it if a crashed run never calls close().
	 */
	static async open(n8n: N8n, screenshots: string): Promise<Editor> {
		mkdirSync(screenshots, { recursive: true });
		const server = await chromium.launchServer({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
		const pid = server.process().pid;
		if (pid) recordPid(pid);
		try {
			const browser = await chromium.connect(server.wsEndpoint());
			const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
			context.setDefaultTimeout(30_000);
			const cookie = await n8n.login();
			const [name, value] = cookie.split('=');
			await context.addCookies([{ name, value, url: n8n.origin }]);
			const page = await context.newPage();
			const editor = new Editor(server, browser, page, n8n, cookie, screenshots);
			page.on('console', (message) => {
				if (message.type() === 'error') editor.errors.push(`${page.url()}: ${message.text()}`);
			});
			page.on('pageerror', (error) => editor.errors.push(`${page.url()}: uncaught ${error.message}`));
			return editor;
		} catch (error) {
			await Editor.kill(server);
			throw error;
		}
	}

	private static async kill(server: BrowserServer): Promise<void> {
		const pid = server.process().pid;
		try {
			await within(15_000, 'killing Chromium', server.kill());
		} catch {
			// Its process group, as global teardown would; gone already if this throws.
			try {
				if (pid) process.kill(-pid, 'SIGKILL');
			} catch {
				// exited
			}
		}
		if (pid) forgetPid(pid);
	}

	/**
	 * Closes the browser as Chromium closes itself (its helper processes exit with it, rather than be
	 * left to init as they are when killed), then kills its process group whatever state it is in.
	 */
	async close(): Promise<void> {
		try {
			await within(10_000, 'disconnecting from the browser', this.browser.close());
			await within(15_000, 'closing Chromium', this.server.close());
		} catch {
			// killed below
		} finally {
			await Editor.kill(this.server);
		}
	}

	/**
	 * The workflow's canvas, once it holds exactly the workflow's nodes (as n8n's API lists them). Each
	 * workflow is a fresh load of the editor (5 to 15 s on two busy cores), unless it is the one open,
	 * unchanged and with no panel open. A route change inside the loaded editor would take a second,
	 * but n8n 2.41 then sometimes throws "injectNDVStore() was accessed without an active workflow
	 * document store" (1 in 24 switches after opening a panel), which the console check would report.
	 */
	async openWorkflow(workflowId: string): Promise<void> {
		const workflow = await this.n8n.rest<{ nodes: Array<{ id: string }> }>('GET', `/rest/workflows/${workflowId}`, this.cookie);
		const nodeIds = JSON.stringify(workflow.nodes.map((node) => node.id).sort());
		const route = `/workflow/${workflowId}`;
		const reuse = !this.dirty && new URL(this.page.url()).pathname === route && !(await this.page.locator(id('ndv')).isVisible());
		if (!reuse) {
			await this.page.goto(`${this.n8n.origin}${route}`);
			this.ran = false;
		}
		// Vue Flow draws each node as .vue-flow__node with the node's id.
		await this.page.waitForFunction(`JSON.stringify([...document.querySelectorAll('.vue-flow__node')].map((node) => node.getAttribute('data-id')).sort()) === ${quoted(nodeIds)}`, undefined, {
			timeout: 90_000,
		});
		await this.page.locator(id('canvas-node')).first().waitFor();
		this.dirty = false;
	}

	/** A node on the canvas, by its exact name. */
	canvasNode(name: string): Locator {
		return this.page.locator(`${id('canvas-node')}[data-node-name=${quoted(name)}]`);
	}

	/** A node's text on the canvas: its name, subtitle and output names. */
	async canvasText(name: string): Promise<string> {
		return (await this.canvasNode(name).innerText()).replace(/\s+/g, ' ').trim();
	}

	/** Opens a node's panel (NDV) by double-clicking it on the canvas, and waits for its parameters. */
	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).dblclick();
		await this.page.locator(`${id('ndv')} ${id('node-parameters')} ${id('input-label')}`).filter({ visible: true }).first().waitFor();
	}

	async closeNode(): Promise<void> {
		await this.page.locator(id('ndv-close-button')).first().click();
		await this.page.locator(id('ndv')).waitFor({ state: 'hidden' });
	}

	/** The open panel's credential slot, once it offers the credential type named (e.g. 'Twilio API'). */
	async waitForCredentialSlot(typeName: string): Promise<void> {
		await this.page.locator(`${id('ndv')} ${id('credentials-label')}`, { hasText: typeName }).first().waitFor();
	}

	/** The labels of the parameters shown in the open panel, the credential's included, in order. */
	async parameterLabels(): Promise<string[]> {
		const scope = `${id('ndv')} ${id('node-parameters')}`;
		const labels = await this.page.locator(`${scope} ${id('input-label')} label.n8n-input-label, ${scope} ${id('credentials-label')} label.n8n-input-label`).allInnerTexts();
		// A label also holds its hover controls (Fixed / Expression); its title is the first line.
		return labels.map((label) => label.trim().split('\n')[0].trim()).filter(Boolean);
	}

	/** The texts of the notices in the open panel. */
	async notices(): Promise<string[]> {
		return await this.page.locator(`${id('ndv')} ${id('node-parameters')} .notice-content`).allInnerTexts();
	}

	/** The text an options parameter shows (its selected option's name). */
	async optionValue(parameter: string): Promise<string> {
		return await this.page.locator(`${id('ndv')} ${id(`parameter-input-${parameter}`)} input`).first().inputValue();
	}

	/** Picks an option of an options parameter by its visible name, and waits until the parameter shows it. */
	async selectOption(parameter: string, option: string): Promise<void> {
		const input = this.page.locator(`${id('ndv')} ${id(`parameter-input-${parameter}`)}`);
		this.dirty = true;
		await input.click();
		await this.page
			.locator('.el-select-dropdown__item', { hasText: new RegExp(`^${escapeRegExp(option)}$`) })
			.filter({ visible: true })
			.first()
			.click();
		const selector = `${id('ndv')} ${id(`parameter-input-${parameter}`)} input`;
		await this.page.waitForFunction(`document.querySelector(${quoted(selector)})?.value === ${quoted(option)}`);
	}

	/** Opens a resource locator's list and returns the names it offers. */
	async locatorList(parameter: string): Promise<string[]> {
		await this.page.locator(`${id(`resource-locator-${parameter}`)} ${id('rlc-input')}`).click();
		const items = this.page.locator(id('rlc-item'));
		await items.first().waitFor();
		const names = await items.allInnerTexts();
		await this.page.keyboard.press('Escape');
		return names.map((name) => name.trim());
	}

	/**
	 * Runs the open workflow as "Execute workflow" does, unless it has run since it was opened, and
	 * waits until each of `nodes` shows how its run ended on the canvas: the success mark, or its
	 * issues (which fail the step with their text). So scenes on one workflow read one run.
	 */
	async executeWorkflow(nodes: string[]): Promise<void> {
		if (!this.ran) {
			await this.page.locator(id('execute-workflow-button')).first().click();
			this.ran = true;
		}
		for (const name of nodes) {
			const node = this.canvasNode(name);
			const success = node.locator(id('canvas-node-status-success'));
			const issues = node.locator(id('node-issues'));
			await success.or(issues).first().waitFor({ timeout: 60_000 });
			if (await success.isVisible()) continue;
			await issues.hover();
			const tooltip = await this.page.locator(id('tooltip-content')).filter({ visible: true }).allInnerTexts();
			throw new Error(`${name} did not run through: ${tooltip.join(' ') || 'it shows issues'}`);
		}
	}

	/** The open panel's output as its table shows it: header and rows of cell texts. */
	async outputTable(): Promise<{ header: string[]; rows: string[][] }> {
		const panel = this.page.locator(id('output-panel'));
		await panel.locator(id('radio-button-table')).click();
		const table = panel.locator('table').first();
		await table.locator('tbody tr').first().waitFor();
		const header = (await table.locator('thead th').allInnerTexts()).map((cell) => cell.trim());
		const rows = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell as unknown as { innerText: string }).innerText.trim())));
		return { header, rows };
	}

	/** The tooltip of a parameter (its description), shown as the user hovers the ? beside its label. */
	async tooltipOf(label: string): Promise<string> {
		const scope = `${id('ndv')} ${id('node-parameters')}`;
		const title = this.page.locator(`${scope} ${id('input-label')}`, { hasText: new RegExp(`^${escapeRegExp(label)}\\b`) }).first();
		// The ? shows while the label is hovered; the tooltip opens as the pointer moves onto it.
		await title.locator('label').first().hover();
		await title.locator('[data-icon="circle-help"]').first().hover();
		const tooltip = this.page.locator(id('tooltip-content')).filter({ visible: true }).first();
		await tooltip.waitFor({ timeout: 10_000 });
		const text = (await tooltip.innerText()).trim();
		await this.page.mouse.move(0, 0);
		await tooltip.waitFor({ state: 'hidden' });
		return text;
	}

	/**
	 * Drags the panel's parameters to the left edge, as a user does to see a wide output table. The
	 * panel follows the pointer as it moves (it is drawn there once the drag returns) and n8n keeps
	 * the width for the panels opened after it.
	 */
	async widenOutput(): Promise<void> {
		const handle = await this.page.locator(`${id('ndv')} ${id('panel-drag-button')}`).first().boundingBox();
		if (!handle) throw new Error("the panel's drag handle is not on the page");
		const y = handle.y + handle.height / 2;
		await this.page.mouse.move(handle.x + handle.width / 2, y);
		await this.page.mouse.down();
		await this.page.mouse.move(60, y, { steps: 12 });
		await this.page.mouse.up();
	}

	/** The hints n8n shows above a node's output (execution hints). */
	async outputHints(): Promise<string[]> {
		return await this.page.locator(`${id('output-panel')} ${id('node-hint')}`).allInnerTexts();
	}

	/**
	 * Node names the node creator lists for a search, best first. The creator applies a search 300 ms
	 * after the last keystroke and shows its clear button once it has: emptied (applied at once, the
	 * button goes), then typed, then read when the button is back.
	 */
	async searchNodes(query: string): Promise<string[]> {
		const search = this.page.locator(`input${id('node-creator-search-bar')}`);
		if (!(await search.isVisible())) {
			await this.page.locator(id('node-creator-plus-button')).first().click();
			await search.waitFor();
		}
		const clear = this.page.locator(`${id('search-bar')} [data-icon="circle-x"]`);
		await search.fill('');
		await clear.waitFor({ state: 'hidden' });
		await search.fill(query);
		await clear.waitFor();
		return (await this.page.locator(id('node-creator-item-name')).allInnerTexts()).map((name) => name.trim());
	}

	/** A screenshot of the page (or of one part of it) into the screenshots folder; returns its path. */
	async shot(name: string, part?: Locator): Promise<string> {
		// n8n's toasts ("Workflow executed successfully") fade on their own; a picture leaves them out.
		await this.page.addStyleTag({ content: '.el-notification { visibility: hidden !important; }' });
		const file = path.join(this.screenshots, `${name}.png`);
		await (part ?? this.page).screenshot({ path: file });
		return file;
	}
}
