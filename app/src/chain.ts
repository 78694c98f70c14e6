// The chain through CosmJS: reads with the generated query clients of @palisade/client, writes as
// `MsgExecuteContract`s whose gas comes from a simulation. A write reports its hash as soon as
// the node accepted it, then waits for the block.

import { CosmWasmClient, SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import type { EncodeObject, OfflineSigner } from "@cosmjs/proto-signing";
import { calculateFee, GasPrice, type Coin } from "@cosmjs/stargate";
import { PalisadeHubQueryClient } from "@palisade/client/generated/PalisadeHub.client";
import { PalisadeLrtQueryClient } from "@palisade/client/generated/PalisadeLrt.client";
import { PalisadeRegistryQueryClient } from "@palisade/client/generated/PalisadeRegistry.client";
import { PalisadeSlashBookQueryClient } from "@palisade/client/generated/PalisadeSlashBook.client";
import type { ChainConfig } from "./config";

export class ChainError extends Error {}

export class Chain {
  readonly hub: PalisadeHubQueryClient;
  readonly lrt: PalisadeLrtQueryClient;
  readonly registry: PalisadeRegistryQueryClient;
  /** Slashes reported by consumers and what they may take (the exposure). */
  readonly slashBook: PalisadeSlashBookQueryClient;

  private constructor(
    readonly config: ChainConfig,
    readonly client: CosmWasmClient,
  ) {
    this.hub = new PalisadeHubQueryClient(client, config.contracts.hub);
    this.lrt = new PalisadeLrtQueryClient(client, config.contracts.lrt);
    this.registry = new PalisadeRegistryQueryClient(client, config.contracts.registry);
    this.slashBook = new PalisadeSlashBookQueryClient(client, config.contracts.slashBook);
  }

  /** Connects to the configured node and checks that it serves the configured chain. */
  static async connect(config: ChainConfig): Promise<Chain> {
    const client = await CosmWasmClient.connect(config.rpc);
    const served = await client.getChainId();
    if (served !== config.chainId) {
      throw new ChainError(`The node at ${config.rpc} serves ${served}, not ${config.chainId}: fix chain.json.`);
    }
    return new Chain(config, client);
  }

  /** The latest block's time in seconds: the clock the contracts' times are read against. */
  async now(): Promise<number> {
    const block = await this.client.getBlock();
    return Math.floor(Date.parse(block.header.time) / 1000);
  }

  async balance(address: string, denom: string): Promise<bigint> {
    return BigInt((await this.client.getBalance(address, denom)).amount);
  }
}

export interface TxResult {
  hash: string;
  height: number;
  gasUsed: bigint;
  /** Attributes of the contracts' `wasm` events, by key (the first value of each key). */
  wasm: Record<string, string>;
}

const EXECUTE = "/cosmwasm.wasm.v1.MsgExecuteContract";

/** Signs with the wallet's signer; one per connected wallet. */
export class Writer {
  private constructor(
    private readonly config: ChainConfig,
    private readonly client: SigningCosmWasmClient,
    readonly sender: string,
  ) {}

  static async connect(config: ChainConfig, signer: OfflineSigner, sender: string): Promise<Writer> {
    const client = await SigningCosmWasmClient.connectWithSigner(config.rpc, signer);
    return new Writer(config, client, sender);
  }

  /**
   * Executes `msg` on `contract`: simulated first (a contract error stops it here, before the
   * wallet is asked), then signed, broadcast, reported pending with its hash, and awaited.
   */
  async execute(contract: string, msg: object, funds: Coin[], onPending: (hash: string) => void): Promise<TxResult> {
    const messages: EncodeObject[] = [
      {
        typeUrl: EXECUTE,
        value: { sender: this.sender, contract, msg: new TextEncoder().encode(JSON.stringify(msg)), funds },
      },
    ];
    const simulated = await this.client.simulate(this.sender, messages, undefined);
    const gasPrice = GasPrice.fromString(`${this.config.gasPrice}${this.config.bondToken.denom}`);
    const fee = calculateFee(Math.ceil(simulated * this.config.gasAdjustment), gasPrice);
    const hash = await this.client.signAndBroadcastSync(this.sender, messages, fee);
    onPending(hash);
    return this.waitFor(hash);
  }

  private async waitFor(hash: string, seconds = 60): Promise<TxResult> {
    for (let i = 0; i < seconds; i++) {
      const tx = await this.client.getTx(hash);
      if (tx) {
        if (tx.code !== 0) throw new ChainError(`transaction ${hash} failed: ${tx.rawLog}`);
        const wasm: Record<string, string> = {};
        for (const event of tx.events.filter((e) => e.type === "wasm")) {
          for (const { key, value } of event.attributes) wasm[key] ??= value;
        }
        return { hash, height: tx.height, gasUsed: tx.gasUsed, wasm };
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new ChainError(`transaction ${hash} was submitted but was not yet found on the chain after ${seconds} s`);
  }
}
