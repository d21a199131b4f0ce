// n8n-core logs every node error through winston; tests assert on errors instead of reading logs.
process.env.N8N_LOG_LEVEL = 'silent';
