import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The generated client is read from its sources (clients/ts/src); only its types and query
// clients are used, so none of InterchainJS ends up in the bundle.
export default defineConfig({
  resolve: {
    alias: {
      "@palisade/client": fileURLToPath(new URL("../clients/ts/src", import.meta.url)),
    },
  },
  server: { fs: { allow: [".."] } },
  build: { target: "es2022", chunkSizeWarningLimit: 2048 },
  test: { include: ["test/**/*.test.ts"] },
});
