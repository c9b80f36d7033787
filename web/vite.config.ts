/// <reference types="vitest/config" />
import { defineConfig, normalizePath, type Plugin } from "vite";
import preact from "@preact/preset-vite";

// `--mode fake` (npm run dev:fake, npm run build:fake) swaps the real
// KernelClient, src/kernel/client.ts, for the in-page fake in
// src/kernel/fake/, to work on the UI without kernel.wasm. Every other mode
// builds the real one; the fake is then not in the bundle.
function fakeKernel(): Plugin {
  let real = "";
  let fake = "";
  return {
    name: "wasmrun:fake-kernel",
    enforce: "pre",
    configResolved(config) {
      real = normalizePath(`${config.root}/src/kernel/client.ts`);
      fake = normalizePath(`${config.root}/src/kernel/fake/client.ts`);
    },
    async resolveId(source, importer, options) {
      if (!importer || !/(^|\/)client(\.ts)?$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === real ? fake : null;
    },
  };
}

// Cross-origin isolation, so SharedArrayBuffer exists in dev and preview as
// it does under the wasmrun host.
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig(({ mode }) => ({
  base: "/",
  plugins: [mode === "fake" && fakeKernel(), preact({ devToolsEnabled: false })],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 800,
  },
  server: { host: "127.0.0.1", headers: isolation },
  preview: { host: "127.0.0.1", headers: isolation },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
}));
