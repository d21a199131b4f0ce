/**
 * The n8n editor in a real browser (issue #15): Chromium from the machine's packages, driven by
 * playwright-core, logged in to an n8n of the e2e suite. What a no-code builder sees is read from
 * the page as it is drawn (labels, notices, the canvas, the output table), every console error is
 * kept, and screenshots go where the caller says. Used by test/e2e/editor.e2e.test.ts and by
 * scripts/screenshots (the README's pictures).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

import type { N8n } from './n8n';

/** n8n's own test ids (data-test-id), as its editor's components set them. */
const id = (testId: string) => `[data-test-id="${testId}"]`;

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

export class Editor {
	/** Console errors and uncaught page errors, in order, with the page they happened on. */
	readonly errors: string[] = [];

	private constructor(
		private readonly browser: Browser,
		private readonly context: BrowserContext,
		readonly page: Page,
		private readonly n8n: N8n,
		private readonly screenshots: string,
	) {}

	/** A browser logged in as the instance owner (the session cookie from n8n's own login), screenshots into `screenshots`. */
	static async open(n8n: N8n, screenshots: string): Promise<Editor> {
		mkdirSync(screenshots, { recursive: true });
		const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
		const [name, value] = (await n8n.login()).split('=');
		await context.addCookies([{ name, value, url: n8n.origin }]);
		const page = await context.newPage();
		const editor = new Editor(browser, context, page, n8n, screenshots);
		page.on('console', (message) => {
			if (message.type() === 'error') editor.errors.push(`${page.url()}: ${message.text()}`);
		});
		page.on('pageerror', (error) => editor.errors.push(`${page.url()}: uncaught ${error.message}`));
		return editor;
	}

	async close(): Promise<void> {
		await this.context.close();
		await this.browser.close();
	}

	/** The workflow's canvas, once its nodes are drawn. */
	async openWorkflow(workflowId: string): Promise<void> {
		await this.page.goto(`${this.n8n.origin}/workflow/${workflowId}`);
		await this.page.locator(id('canvas-node')).first().waitFor({ timeout: 90_000 });
		await this.page.locator(id('execute-workflow-button')).first().waitFor({ timeout: 30_000 }).catch(() => undefined);
	}

	canvasNode(name: string): Locator {
		return this.page.locator(id('canvas-node'), { hasText: name }).first();
	}

	/** A node's text on the canvas: its name, subtitle and output names. */
	async canvasText(name: string): Promise<string> {
		return (await this.canvasNode(name).innerText()).replace(/\s+/g, ' ').trim();
	}

	/** Opens a node's panel (NDV) by double-clicking it on the canvas. */
	async openNode(name: string): Promise<Locator> {
		await this.canvasNode(name).dblclick();
		const ndv = this.page.locator(id('ndv'));
		await ndv.locator(id('node-parameters')).waitFor({ timeout: 30_000 });
		// Parameters load their descriptions and locators a moment after the panel opens.
		await this.page.waitForTimeout(800);
		return ndv;
	}

	async closeNode(): Promise<void> {
		await this.page.locator(id('ndv-close-button')).first().click();
		await this.page.locator(id('ndv')).waitFor({ state: 'hidden' }).catch(() => undefined);
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

	/** Picks an option of an options parameter by its visible name. */
	async selectOption(parameter: string, option: string): Promise<void> {
		await this.page.locator(`${id('ndv')} ${id(`parameter-input-${parameter}`)}`).click();
		await this.page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${option.replace(/[()]/g, '\\$&')}$`) }).first().click();
		await this.page.waitForTimeout(800);
	}

	/** Opens a resource locator's list and returns the names it offers. */
	async locatorList(parameter: string): Promise<string[]> {
		await this.page.locator(`${id(`resource-locator-${parameter}`)} ${id('rlc-input')}`).click();
		const items = this.page.locator(id('rlc-item'));
		await items.first().waitFor({ timeout: 30_000 });
		const names = await items.allInnerTexts();
		await this.page.keyboard.press('Escape');
		return names.map((name) => name.trim());
	}

	/** Runs the open workflow as "Execute workflow" does, and waits for it to end. */
	async executeWorkflow(): Promise<void> {
		await this.page.locator(id('execute-workflow-button')).first().click();
		await this.page.locator(`${id('canvas-node')} ${id('canvas-node-status-success')}, ${id('canvas-node')} [data-test-id*="success"]`).first().waitFor({ timeout: 60_000 }).catch(() => undefined);
		await this.page.waitForTimeout(1500);
	}

	/** The open panel's output as its table shows it: header and rows of cell texts. */
	async outputTable(): Promise<{ header: string[]; rows: string[][] }> {
		const panel = this.page.locator(id('output-panel'));
		await panel.locator(id('radio-button-table')).click().catch(() => undefined);
		const table = panel.locator('table').first();
		await table.waitFor({ timeout: 30_000 });
		const header = (await table.locator('thead th').allInnerTexts()).map((cell) => cell.trim());
		const rows = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell as unknown as { innerText: string }).innerText.trim())));
		return { header, rows };
	}

	/** Drags the panel's parameters to the left edge, as a user does to see a wide output table. */
	async widenOutput(): Promise<void> {
		const handle = await this.page.locator(`${id('ndv')} ${id('panel-drag-button')}`).first().boundingBox();
		if (!handle) return;
		const y = handle.y + handle.height / 2;
		await this.page.mouse.move(handle.x + handle.width / 2, y);
		await this.page.mouse.down();
		await this.page.mouse.move(60, y, { steps: 12 });
		await this.page.mouse.up();
		await this.page.waitForTimeout(600);
	}

	/** The hints n8n shows above a node's output (execution hints). */
	async outputHints(): Promise<string[]> {
		return await this.page.locator(`${id('output-panel')} ${id('node-hint')}`).allInnerTexts();
	}

	/** Node names the node creator lists for a search, best first. */
	async searchNodes(query: string): Promise<string[]> {
		const search = this.page.locator(`input${id('node-creator-search-bar')}`);
		if (!(await search.isVisible())) {
			await this.page.locator(id('node-creator-plus-button')).first().click();
			await search.waitFor();
		}
		await search.fill(query);
		await this.page.waitForTimeout(1000);
		return (await this.page.locator(id('node-creator-item-name')).allInnerTexts()).map((name) => name.trim());
	}

	/** A screenshot of the page (or of one part of it) into the screenshots folder; returns its path. */
	async shot(name: string, part?: Locator): Promise<string> {
		// n8n's toasts ("Workflow executed successfully") fade on their own; a picture waits for them.
		await this.page.locator('.el-notification').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
		const file = path.join(this.screenshots, `${name}.png`);
		await (part ?? this.page).screenshot({ path: file });
		return file;
	}
}
