// What every page shares: the configuration, the chain, the wallet once connected, and the two
// places where the app speaks to the staker (a message and the status of the last transaction).

import type { Coin } from "@cosmjs/stargate";
import { Chain, type TxResult, Writer } from "./chain";
import type { ChainConfig, TokenConfig } from "./config";
import { explainError } from "./errors";
import { h } from "./ui";
import type { Wallet } from "./wallet";

export interface Lrt extends TokenConfig {
  /** The LRT is a cw20: its "denom" is its contract address. */
  denom: string;
}

export class App {
  wallet?: Wallet;
  writer?: Writer;
  busy = false;

  constructor(
    readonly config: ChainConfig,
    readonly chain: Chain,
    readonly lrt: Lrt,
    private readonly message: HTMLElement,
    private readonly txStatus: HTMLElement,
    readonly rerender: () => Promise<void>,
  ) {}

  /** Says something to the staker; an error is turned into a sentence first. */
  say(text: string, kind: "info" | "error" = "info") {
    this.message.replaceChildren(text);
    this.message.className = `message ${kind}`;
  }

  fail(error: unknown) {
    console.error(error);
    this.say(explainError(error), "error");
  }

  clear() {
    this.message.replaceChildren();
    this.message.className = "message";
  }

  /**
   * Sends one contract execution and shows its progress: "pending" with the hash as soon as the
   * node accepts it, then "confirmed" with the block, then the page is drawn again from the chain.
   * Refused while another of the app's transactions is in flight.
   */
  async send(label: string, contract: string, msg: object, funds: Coin[] = []): Promise<TxResult | undefined> {
    if (!this.writer) {
      this.say("Connect your wallet first.", "error");
      return undefined;
    }
    if (this.busy) {
      this.say("Another transaction is still pending: wait for it.", "error");
      return undefined;
    }
    this.busy = true;
    this.clear();
    this.txStatus.replaceChildren(`${label}: simulating and waiting for your signature…`);
    this.txStatus.dataset.state = "signing";
    try {
      const result = await this.writer.execute(contract, msg, funds, (hash) => {
        this.txStatus.replaceChildren(`${label}: pending, transaction `, this.txLink(hash));
        this.txStatus.dataset.state = "pending";
      });
      this.txStatus.replaceChildren(`${label}: confirmed in block ${result.height}, transaction `, this.txLink(result.hash));
      this.txStatus.dataset.state = "confirmed";
      return result;
    } catch (error) {
      this.txStatus.replaceChildren(`${label}: not done.`);
      this.txStatus.dataset.state = "failed";
      this.fail(error);
      return undefined;
    } finally {
      this.busy = false;
      await this.rerender();
    }
  }

  private txLink(hash: string): Node {
    const code = h("code", { "data-testid": "tx-hash" }, hash);
    if (!this.config.explorerTx) return code;
    return h("a", { href: this.config.explorerTx.replace("{hash}", hash), target: "_blank", rel: "noopener" }, code);
  }
}
