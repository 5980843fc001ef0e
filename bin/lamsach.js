#!/usr/bin/env node
// Entry point of the built CLI; `npm run build` produces dist/.
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    console.error('lamsach is not built yet: run `npm run build` first.');
    process.exit(1);
  }
  throw error;
});
