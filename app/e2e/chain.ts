// The Node side's view of the localnet: balances, LRT, sequences, chain time, and the localnet's
// own commands (the consumer rewards round), to assert every step against the chain itself.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { stringToPath } from "@cosmjs/crypto";
import { decodeTxRaw, DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { MsgExecuteContract } from "cosmjs-types/cosmwasm/wasm/v1/tx.js";
import { checkConfig, type ChainConfig } from "../src/config";

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The localnet's fixed test mnemonic (scripts/lib/localnet.sh); dave, account 16, funds the
 * browser tests' stakers. */
export const MNEMONIC = process.env.PALISADE_TEST_MNEMONIC ??
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art";
export const DAVE = 16;
export const SCREENSHOTS = `${ROOT}target/app-e2e/screenshots`;

export function config(): ChainConfig {
  return checkConfig(JSON.parse(readFileSync(new URL("../public/chain.json", import.meta.url), "utf8")));
}

export class LocalChain {
  private constructor(
    readonly config: ChainConfig,
    readonly client: CosmWasmClient,
  ) {}

  static async connect(): Promise<LocalChain> {
    const c = config();
    return new LocalChain(c, await CosmWasmClient.connect(c.rpc));
  }

  /** Sends bond tokens from dave (the localnet's account 16) to a new staker. */
  async fund(address: string, amount: bigint) {
    const funder = await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, {
      hdPaths: [stringToPath(`m/44'/118'/${DAVE}'/0/0`)],
      prefix: this.config.bech32Prefix,
    });
    const [{ address: from }] = await funder.getAccounts();
    const client = await SigningStargateClient.connectWithSigner(this.config.rpc, funder, {
      gasPrice: GasPrice.fromString(`${this.config.gasPrice}${this.config.bondToken.denom}`),
    });
    const result = await client.sendTokens(from, address, [{ denom: this.config.bondToken.denom, amount: amount.toString() }], "auto");
    if (result.code !== 0) throw new Error(`funding ${address} failed: ${result.rawLog}`);
  }

  async bank(address: string, denom = this.config.bondToken.denom): Promise<bigint> {
    return BigInt((await this.client.getBalance(address, denom)).amount);
  }

  async lrt(address: string): Promise<bigint> {
    const r = await this.client.queryContractSmart(this.config.contracts.lrt, { balance: { address } });
    return BigInt(r.balance);
  }

  async smart<T>(contract: keyof ChainConfig["contracts"], query: object): Promise<T> {
    return this.client.queryContractSmart(this.config.contracts[contract], query);
  }

  async sequence(address: string): Promise<number> {
    return (await this.client.getSequence(address)).sequence;
  }

  /** The fee a transaction paid: its gas limit at the configured price, rounded up (CosmJS's rule). */
  async feeOf(hash: string): Promise<bigint> {
    const tx = await this.client.getTx(hash);
    if (!tx) throw new Error(`no transaction ${hash}`);
    const micro = BigInt(Math.round(this.config.gasPrice * 1_000_000));
    return (tx.gasWanted * micro + 999_999n) / 1_000_000n;
  }

  async wasmAttribute(hash: string, key: string): Promise<string | undefined> {
    const tx = await this.client.getTx(hash);
    return tx?.events.filter((e) => e.type === "wasm").flatMap((e) => e.attributes).find((a) => a.key === key)?.value;
  }

  /** The JSON message of a transaction's first `MsgExecuteContract`. */
  async txMessage(hash: string): Promise<unknown> {
    const tx = await this.client.getTx(hash);
    if (!tx) throw new Error(`no transaction ${hash}`);
    const { body } = decodeTxRaw(tx.tx);
    const execute = MsgExecuteContract.decode(body.messages[0].value);
    return JSON.parse(new TextDecoder().decode(execute.msg));
  }

  async now(): Promise<number> {
    return Math.floor(Date.parse((await this.client.getBlock()).header.time) / 1000);
  }

  /** Waits until the chain's clock passes a hub timestamp (nanoseconds). */
  async waitUntil(nanos: string) {
    const due = Number(BigInt(nanos) / 1_000_000_000n);
    while ((await this.now()) <= due) await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Consumer rewards paid on consumer-1 and credited on the provider (scripts/localnet rewards). */
export async function payConsumerRewards(amount: bigint) {
  const { stdout } = await run(`${ROOT}scripts/localnet`, ["rewards", amount.toString()], { cwd: ROOT });
  process.stdout.write(stdout);
}
