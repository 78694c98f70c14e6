// A staker with a Keplr wallet, in Debian's Chromium, against the real localnet with the suite
// deployed by governance (scripts/app e2e, after scripts/localnet-story). Every step is asserted
// on the chain: balances, LRT, the account's sequence (no transaction sent when one is refused).

import { expect, test, type Page } from "@playwright/test";
import { formatAmount } from "../src/amount";
import { lrtForDeposit, quoteDeposit } from "../src/quote";
import { LocalChain, payConsumerRewards, SCREENSHOTS } from "./chain";
import { TestWallet } from "./wallet";

test.describe.configure({ mode: "serial" });

let chain: LocalChain;
let wallet: TestWallet;
let page: Page;

const message = () => page.getByTestId("message");
const txStatus = () => page.getByTestId("tx-status");

test.beforeAll(async ({ browser }) => {
  chain = await LocalChain.connect();
  // A new account each run, funded with 1,000 STAKE: the tests start from no LRT and no request.
  wallet = await TestWallet.fresh(chain.config.bech32Prefix, chain.config.chainId);
  await chain.fund(wallet.address, 1_000_000_000n);
  const context = await browser.newContext();
  await wallet.install(context);
  page = await context.newPage();
  page.on("pageerror", (error) => console.log(`page error: ${error.message}`));
});

/** Waits until the app's last transaction is confirmed and returns its hash. */
async function confirmed(): Promise<string> {
  await expect(txStatus()).toHaveAttribute("data-state", "confirmed", { timeout: 90_000 });
  return (await page.getByTestId("tx-hash").textContent())!.trim();
}

/** Opens a page from the navigation: drawn again from the chain, even if it is the current one. */
async function show(name: "stake" | "position" | "operators" | "consumers") {
  await page.getByTestId(`nav-${name}`).click();
  await expect(page.getByTestId(`page-${name}`)).toBeVisible();
}

async function connect() {
  await page.getByTestId("connect").click();
}

test("without a wallet, the app says so and sends nothing", async ({ browser }) => {
  const bare = await browser.newPage();
  await bare.goto("/#stake");
  await bare.getByTestId("connect").click();
  await expect(bare.getByTestId("message")).toHaveText(/No Keplr wallet found/);
  await bare.close();
});

test("a locked wallet, a rejected connection and another chain's account are refused", async () => {
  await page.goto("/#stake");
  wallet.modes = { locked: true };
  await connect();
  await expect(message()).toHaveText("Your wallet is locked: unlock it and try again.");
  wallet.modes = { rejectConnect: true };
  await connect();
  await expect(message()).toHaveText("You rejected the request in your wallet: nothing was sent.");
  wallet.modes = { otherChain: true };
  await connect();
  await expect(message()).toHaveText(/an address of another chain: switch it to/);
  await expect(page.getByTestId("account")).toHaveText("not connected");
  wallet.modes = {};
  await connect();
  await expect(page.getByTestId("account")).toContainText(wallet.address);
});

test("bad amounts and a rejected signature send nothing", async () => {
  const sequence = await chain.sequence(wallet.address);
  const balance = await chain.bank(wallet.address);
  const symbol = chain.config.bondToken.symbol;
  const tryDeposit = async (amount: string, expected: string | RegExp) => {
    await page.getByTestId("deposit-amount").fill(amount);
    await page.getByTestId("deposit").click();
    await expect(message()).toHaveText(expected);
  };
  await tryDeposit("0", "The amount must be more than zero.");
  await tryDeposit("1.1234567", "This token has 6 decimals: enter at most 6 digits after the point.");
  await tryDeposit("1e3", /is not an amount/);
  await tryDeposit("999999999", `That is more than your balance of ${formatAmount(balance, 6)} ${symbol}.`);
  await page.getByTestId("slippage").fill("60");
  await tryDeposit("1", "Slippage above 50% is refused.");
  await page.getByTestId("slippage").fill("0.5");
  await page.getByTestId("unbond-amount").fill("1");
  await page.getByTestId("unbond").click();
  await expect(message()).toHaveText(/That is more than your balance of 0 /);
  expect(wallet.signatures).toBe(0);

  wallet.modes = { rejectSign: true };
  await tryDeposit("1", "You rejected the request in your wallet: nothing was sent.");
  wallet.modes = {};
  await expect(txStatus()).toHaveAttribute("data-state", "failed");
  expect(await chain.sequence(wallet.address)).toBe(sequence);
  expect(await chain.bank(wallet.address)).toBe(balance);
  await page.screenshot({ path: `${SCREENSHOTS}/stake-refused.png`, fullPage: true });
});

test("deposit, earn consumer rewards, claim them, unbond, send the batch, claim", async () => {
  const bond = chain.config.bondToken.denom;
  const [reward] = chain.config.rewardTokens;

  // Deposit 100: the app quotes with the hub's own deposit value (staking rewards accrued since
  // the last harvest, less pending slashes) and insists on the minimum. Rewards accrue with every
  // block, so the price only rises between the quote and the block: the hub mints at most the
  // quote, at least the minimum, and exactly the hub's formula at the value its event reports.
  const before = await chain.bank(wallet.address);
  const pool = await chain.smart<{ lrt_supply: string; deposit_value: string | null }>("hub", { state: {} });
  expect(pool.deposit_value).not.toBeNull();
  const earlier = quoteDeposit({ totalValue: 0n, lrtSupply: BigInt(pool.lrt_supply), depositValue: BigInt(pool.deposit_value!) }, 100_000_000n, 50);
  await page.reload();
  await connect();
  await page.getByTestId("deposit-amount").fill("100");
  const quoteLine = page.getByTestId("deposit-quote");
  await expect(quoteLine).toHaveAttribute("data-expected", /^\d+$/);
  const quote = {
    expected: BigInt((await quoteLine.getAttribute("data-expected"))!),
    minimum: BigInt((await quoteLine.getAttribute("data-minimum"))!),
  };
  expect(quote.expected).toBeLessThanOrEqual(earlier.expected);
  expect(quote.expected).toBeGreaterThan(earlier.minimum);
  expect(quote.minimum).toBe((quote.expected * 9_950n) / 10_000n);
  await expect(quoteLine).toContainText(`You receive about ${formatAmount(quote.expected, 6)} `);
  await expect(quoteLine).toContainText(`at least ${formatAmount(quote.minimum, 6)} `);
  await page.getByTestId("deposit").click();
  await expect(txStatus()).toHaveAttribute("data-state", /pending|confirmed/);
  let hash = await confirmed();
  const minted = BigInt((await chain.wasmAttribute(hash, "lrt_minted"))!);
  const pricedValue = BigInt((await chain.wasmAttribute(hash, "priced_value"))!);
  expect(await chain.bank(wallet.address)).toBe(before - 100_000_000n - (await chain.feeOf(hash)));
  expect(await chain.lrt(wallet.address)).toBe(minted);
  expect(minted).toBeLessThanOrEqual(quote.expected);
  expect(minted).toBeGreaterThanOrEqual(quote.minimum);
  expect(minted).toBe(lrtForDeposit({ totalValue: 0n, lrtSupply: BigInt(pool.lrt_supply), depositValue: pricedValue }, 100_000_000n));
  const sentMinimum = await chain.txMessage(hash);
  expect(sentMinimum).toEqual({ deposit: { min_lrt_out: quote.minimum.toString() } });
  await expect(page.getByTestId("lrt-balance")).toContainText(formatAmount(minted, 6));

  await show("position");
  await expect(page.getByTestId("position-lrt")).toContainText(formatAmount(minted, 6));
  await expect(page.getByTestId("no-requests")).toBeVisible();

  // Consumer rewards over ICS-20, credited to the LRT's holders; dave claims his part.
  await payConsumerRewards(200_000_000n);
  // The node closes idle connections meanwhile: a new client.
  chain = await LocalChain.connect();
  const owedNow = async () => {
    const rewards = await chain.smart<{ denom: string; amount: string }[]>("lrt", { rewards: { address: wallet.address } });
    return BigInt(rewards.find((r) => r.denom === reward.denom)?.amount ?? "0");
  };
  await expect.poll(owedNow, { timeout: 60_000 }).toBeGreaterThan(0n);
  const owed = await owedNow();
  await show("position");
  await expect(page.getByTestId("reward-row")).toContainText(formatAmount(owed, reward.decimals));
  await show("stake");
  const rewardBefore = await chain.bank(wallet.address, reward.denom);
  await page.getByTestId("claim-rewards").click();
  await confirmed();
  expect(await chain.bank(wallet.address, reward.denom)).toBe(rewardBefore + owed);
  await expect(page.getByTestId("rewards")).toHaveText("none yet");

  // Unbond 40 LRT: a request in the current batch.
  const lrtBefore = await chain.lrt(wallet.address);
  await page.getByTestId("unbond-amount").fill("40");
  await page.getByTestId("unbond").click();
  await confirmed();
  expect(await chain.lrt(wallet.address)).toBe(lrtBefore - 40_000_000n);
  await show("position");
  await expect(page.getByTestId("request-row")).toContainText("pending");
  const position = await chain.smart<{ requests: { batch_id: number; expected_payout: string }[] }>("hub", { position: { address: wallet.address } });
  expect(position.requests).toHaveLength(1);
  const batchId = position.requests[0].batch_id;

  // The batch leaves once its epoch ends: the app offers to send it.
  const state = await chain.smart<{ next_submit_time: string }>("hub", { state: {} });
  await chain.waitUntil(state.next_submit_time);
  await show("stake");
  await page.getByTestId("submit-batch").click();
  await confirmed();
  const batch = await chain.smart<{ status: string; claimable_at: string }>("hub", { batch: { id: batchId } });
  expect(batch.status).toBe("unbonding");
  await show("position");
  await expect(page.getByTestId("request-row")).toContainText("unbonding");
  await expect(page.getByTestId("request-row")).toContainText("claimable in");
  await page.screenshot({ path: `${SCREENSHOTS}/position.png`, fullPage: true });

  // Nothing to claim before the time: the app does not offer it.
  await show("stake");
  await expect(page.getByTestId("claim")).toBeDisabled();

  // After the unbonding and the settlement margin: claim exactly the expected payout.
  await chain.waitUntil(batch.claimable_at);
  await show("position");
  await show("stake");
  const expected = BigInt(
    (await chain.smart<{ requests: { expected_payout: string }[] }>("hub", { position: { address: wallet.address } }))
      .requests[0].expected_payout,
  );
  await expect(page.getByTestId("claimable")).toContainText(formatAmount(expected, 6));
  const bankBefore = await chain.bank(wallet.address, bond);
  await page.getByTestId("claim").click();
  hash = await confirmed();
  const paid = BigInt((await chain.wasmAttribute(hash, "amount"))!);
  expect(paid).toBe(expected);
  expect(await chain.bank(wallet.address, bond)).toBe(bankBefore + paid - (await chain.feeOf(hash)));
  await show("position");
  await expect(page.getByTestId("no-requests")).toBeVisible();
});

test("the read-only pages show the operators and consumers the pool relies on", async () => {
  await show("position");
  await expect(page.getByTestId("position-rate")).toContainText("=");
  await page.screenshot({ path: `${SCREENSHOTS}/position-after-claim.png`, fullPage: true });
  await show("stake");
  await expect(page.getByTestId("page-stake")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/stake.png`, fullPage: true });

  const operators = await chain.smart<{ validator: string }[]>("hub", { operators: {} });
  await show("operators");
  await expect(page.getByTestId("operator-row")).toHaveCount(operators.length);
  await expect(page.getByTestId("page-operators")).toContainText("consumer-1");
  await page.screenshot({ path: `${SCREENSHOTS}/operators.png`, fullPage: true });

  await show("consumers");
  await expect(page.getByTestId("consumer-row")).toHaveCount(1);
  await expect(page.getByTestId("consumer-row")).toContainText("active");
  await page.screenshot({ path: `${SCREENSHOTS}/consumers.png`, fullPage: true });
});
