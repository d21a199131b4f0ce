const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

// n8n-core logs every node error through winston; tests assert on errors instead of reading logs.
process.env.N8N_LOG_LEVEL = 'silent';
// n8n's user folder (storage of the drop ledger, binary data): one fresh folder per test file, never ~/.n8n.
process.env.N8N_USER_FOLDER = mkdtempSync(path.join(tmpdir(), 'drop-mms-test-'));
