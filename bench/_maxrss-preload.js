'use strict';
// Fallback peak-RSS probe for bench/run.js when /usr/bin/time is absent (loaded via NODE_OPTIONS).
process.on('exit', () => {
  process.stderr.write(`\n@@maxrss=${process.resourceUsage().maxRSS}\n`);
});
