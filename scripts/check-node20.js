/**
 * The package promises Node >= 20.19 (n8n 1.x users). Load every file the `n8n` section of
 * package.json lists, with whatever `node` runs this script, and check each exports one node or
 * credential class that n8n can instantiate.
 */
const path = require('node:path');
const pkg = require('../package.json');

const root = path.resolve(__dirname, '..');
let failures = 0;
for (const kind of ['nodes', 'credentials']) {
	for (const file of pkg.n8n[kind]) {
		try {
			const exported = require(path.join(root, file));
			const classes = Object.values(exported).filter((value) => typeof value === 'function');
			if (classes.length !== 1) throw new Error('must export exactly one class');
			const instance = new classes[0]();
			const name = kind === 'nodes' ? instance.description?.name : instance.name;
			if (!name) throw new Error('the class has no name');
			console.log(`ok   ${file} (${name})`);
		} catch (error) {
			failures++;
			console.log(`FAIL ${file}: ${error.message}`);
		}
	}
}
console.log(`${failures === 0 ? 'all' : failures} ${failures === 0 ? 'listed files load' : 'listed files failed to load'} on Node ${process.version}`);
process.exit(failures === 0 ? 0 : 1);
