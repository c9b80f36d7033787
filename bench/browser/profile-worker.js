// Profile mode only (run.mjs --profile): loads the production kernel worker
// (kernel-worker.js, web/src/kernel/worker.ts) after timing-patch.js, which
// records when each phase starts and ends. The timed runs load
// kernel-worker.js directly.
import "./timing-patch.js";
import "./kernel-worker.js";
