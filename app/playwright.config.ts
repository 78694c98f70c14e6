import { defineConfig } from "@playwright/test";

// Browser tests against the real localnet (scripts/app e2e): Debian's Chromium, never a browser
// downloaded by Playwright; the built app served by `vite preview`.
const PORT = Number(process.env.PALISADE_APP_PORT ?? 27500);

export default defineConfig({
  testDir: "e2e",
  timeout: 20 * 60_000,
  expect: { timeout: 60_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [["list"]],
  outputDir: "../target/app-e2e/results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1200, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      // Without these, Chromium keeps calling Google's hosts, which this closed network refuses.
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    },
    trace: "off",
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/chain.json`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
